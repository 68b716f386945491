/*
 * messages: what triage tells the user (reasons, badges, reply advice) in
 * the five languages of the UI: "en", "fr", "de", "es", "pt". The forms of
 * address follow tact/replies.h: "vous", "Sie", "tú", "você".
 *
 * Templates hold numbered slots "{1}" .. "{9}" instead of printf
 * directives, so a translation may put them in any order and page text can
 * never be read as a format. Every string returned here is static.
 */
#ifndef TACT_MESSAGES_H
#define TACT_MESSAGES_H

#include <stddef.h>

#include "tact/rules.h"

enum tact_lang { TACT_LANG_EN, TACT_LANG_FR, TACT_LANG_DE, TACT_LANG_ES, TACT_LANG_PT, TACT_LANG_COUNT };

#define TACT_MESSAGES_ARGS_MAX 9u

enum tact_msg {
	/* Badges */
	TACT_MSG_BADGE_ACCEPT,
	TACT_MSG_BADGE_REVIEW,
	TACT_MSG_BADGE_IGNORE,
	TACT_MSG_BADGE_SUSPICIOUS,
	TACT_MSG_BADGE_CAUTION,
	TACT_MSG_BADGE_COLLEAGUE,
	TACT_MSG_BADGE_CLASSMATE,
	TACT_MSG_BADGE_PERSONAL_NOTE,
	TACT_MSG_BADGE_MUTUALS,        /* {1} count */
	TACT_MSG_BADGE_SALES,
	TACT_MSG_BADGE_RECRUITER,
	TACT_MSG_BADGE_PAGE, /* the four kinds, in this order */
	TACT_MSG_BADGE_EVENT,
	TACT_MSG_BADGE_NEWSLETTER,
	TACT_MSG_BADGE_GROUP,
	TACT_MSG_BADGE_OUTSIDE_FIELD,
	TACT_MSG_BADGE_REPEAT,
	TACT_MSG_BADGE_COMPANY_BURST,
	TACT_MSG_BADGE_EXPIRING,
	/* Reasons that are not a rule's */
	TACT_MSG_NOT_PERSON_PAGE, /* the same four kinds, in the same order */
	TACT_MSG_NOT_PERSON_EVENT,
	TACT_MSG_NOT_PERSON_NEWSLETTER,
	TACT_MSG_NOT_PERSON_GROUP,
	TACT_MSG_LEARNED_WORDS_ACCEPTED, /* {1} count, {2} words */
	TACT_MSG_LEARNED_WORDS_IGNORED,
	TACT_MSG_LEARNED_WORDS_ACCEPTED_ONE, /* {2} words */
	TACT_MSG_LEARNED_WORDS_IGNORED_ONE,
	TACT_MSG_LEARNED_RULE_ACCEPTED, /* {1} who (tact_messages_rule_people), {2} count */
	TACT_MSG_LEARNED_RULE_IGNORED,
	TACT_MSG_LEARNED_RULE_ACCEPTED_ONE, /* {1} who */
	TACT_MSG_LEARNED_RULE_IGNORED_ONE,
	TACT_MSG_LEARNED_ALL_ACCEPTED, /* {1} count, {2} all decided */
	TACT_MSG_LEARNED_ALL_IGNORED,
	TACT_MSG_LEARNED_SCAM,          /* {1} word */
	TACT_MSG_NOT_SUSPICIOUS,        /* {1} one of the BECAUSE messages */
	TACT_MSG_BECAUSE_EMPLOYER,
	TACT_MSG_BECAUSE_SCHOOL,
	TACT_MSG_BECAUSE_KNOWN,
	TACT_MSG_BECAUSE_MUTUALS,
	TACT_MSG_CLEARED_BY_YOU,
	/* Reply advice */
	TACT_MSG_ADVICE_ASKED,
	TACT_MSG_ADVICE_SCAM,
	TACT_MSG_ADVICE_REPEAT,
	TACT_MSG_ADVICE_NOT_PERSON,
	TACT_MSG_ADVICE_AFTER_ACCEPT,
	TACT_MSG_ADVICE_ACCEPT_ENOUGH,
	TACT_MSG_ADVICE_SALES,
	TACT_MSG_ADVICE_PERSONAL,
	TACT_MSG_ADVICE_HISTORY,
	TACT_MSG_ADVICE_MASS,
	TACT_MSG_COUNT
};

/* The language for a code such as "fr", "fr-CA" or "pt_BR"; -1 for NULL,
 * an empty code or a language Tact does not speak. */
int tact_messages_lang(const char *code);

/* "en", "fr", ... */
const char *tact_messages_lang_code(enum tact_lang lang);

const char *tact_messages_text(enum tact_msg msg, enum tact_lang lang);

/* A rule's reason template; {1} is the evidence ("" when the rule has none). */
const char *tact_messages_rule_reason(enum tact_rule rule, enum tact_lang lang);

/* Who a rule describes, for "You accepted {1} 3 times before"; NULL for the
 * scam rules, which learning never moves. */
const char *tact_messages_rule_people(enum tact_rule rule, enum tact_lang lang);

/* Writes tmpl into out with "{n}" replaced by args[n - 1] (as plain text,
 * never expanded again); a slot without an argument becomes "". Always
 * NUL-terminates; a cut never splits a UTF-8 character. */
void tact_messages_fill(char *out, size_t cap, const char *tmpl, const char *const *args,
			size_t nargs);

#endif
