/*
 * replies: short, tactful reply texts for pending invitations in five
 * languages, and the composer of personal connection notes.
 *
 * Languages: "en", "fr", "de", "es", "pt". Forms of address: French
 * "vous", German "Sie", Spanish "tú" (the usual register on LinkedIn in
 * Spain and Latin America), Portuguese "você" with Brazilian spelling.
 * Texts never need to know the user's gender: they avoid words that would
 * agree with it (French "ravi(e)", Portuguese "obrigado/a", ...).
 *
 * Values in struct tact_reply_vars are untrusted page text. They are
 * inserted as plain text, never interpreted and never expanded again:
 * whitespace runs (tabs and line breaks included) become one space, the
 * ends are trimmed, other control characters (C0, DEL, C1), bidirectional
 * embedding/override/isolate controls and U+FEFF are removed, invalid UTF-8
 * bytes are dropped, and the result is cut to its cap below on a character
 * boundary. A value that is empty afterwards counts as unknown.
 *
 * Every string returned here is either static (never freed) or malloc'd and
 * owned by the caller, as each declaration says.
 */
#ifndef TACT_REPLIES_H
#define TACT_REPLIES_H

#include <stddef.h>

#include "tact/err.h"

#define TACT_REPLY_MAX_BYTES 2000u          /* any rendered reply */
#define TACT_NOTE_LIMIT_FREE 200u           /* LinkedIn connection note, characters */
#define TACT_NOTE_LIMIT_PREMIUM 300u

/* Smallest note limit tact_replies_compose_invite accepts, in characters. */
#define TACT_NOTE_LIMIT_MIN 40u

/* Caps on placeholder values after cleaning, in bytes of UTF-8. */
#define TACT_REPLY_NAME_MAX_BYTES 60u  /* first_name, my_name */
#define TACT_REPLY_TEXT_MAX_BYTES 120u /* company, event, topic */

struct tact_reply_vars {        /* all borrowed; NULL or "" = unknown */
	const char *first_name;      /* the other person's first name */
	const char *company;         /* their company (for company-related intents) */
	const char *event;           /* where you met, e.g. "PyCon Lisbon" */
	const char *topic;           /* what you talked about */
	const char *my_name;         /* the user's own first name */
};

/* Intents (stable ids used by the protocol): */
/* "not_now"        – not the right time, door left open
   "only_known"     – I connect only with people I know personally
   "own_field"      – keeping my network to my own field
   "company_burst"  – several invitations from the same company; I connect with one contact per team / later
   "how_know"       – friendly "how do we know each other?" / remind me where we met
   "thanks_follow_up" – thanks for connecting, with a concrete follow-up question
   "met_event"      – great meeting you at <event>, let's stay in touch
   "formal_decline" – polite close after repeated invitations (they invited again after being ignored)
   "welcome_note"   – short acknowledgement for a personal note: thanks for the kind words, glad to connect */

/* The intent ids above, in that order. Static; *count receives their number. */
const char *const *tact_replies_intents(size_t *count);

/* 1 when intent (may be NULL) is one of the ids above, else 0. */
int tact_replies_is_intent(const char *intent);

/* 1 when lang (may be NULL) is exactly "en", "fr", "de", "es" or "pt". */
int tact_replies_is_language(const char *lang);                  /* "en","fr","de","es","pt" */

/* Renders one reply for intent in lang (unsupported lang → "en"), filling placeholders from vars.
   Picks the most specific variant whose placeholders are all known (e.g. met_event with the event
   named, otherwise a variant that does not name it). *out is a malloc'd NUL-terminated string the
   caller frees; *lang_used (static) says which language was rendered. Variant choice is
   deterministic: `variant` (any integer, e.g. a hash of the invitation key) selects among equally
   specific alternatives so different people do not all get the identical sentence.

   Details: lang is matched on its primary subtag, case-insensitively ("pt-BR" renders "pt"); NULL
   means "en". vars may be NULL (all unknown). Specificity is the number of named values a variant
   uses; {my_name} (a sign-off) does not count, so a signed and an unsigned variant are equally
   specific and `variant` picks between them when my_name is known. lang_used may be NULL.
   Errors: TACT_ERR_BAD_REQUEST for an unknown intent, TACT_ERR_NOMEM; *out is NULL then. */
enum tact_err tact_replies_render(const char *intent, const char *lang,
                                  const struct tact_reply_vars *vars, unsigned variant,
                                  char **out, const char **lang_used) TACT_MUST_CHECK;

/* Composes a personal connection note after meeting someone (the guide's advice: within a few days,
   address them by name, say where you met and what you talked about, say why you want to stay in
   touch), in lang, that fits in `limit` characters as a person counts them. Drops optional parts
   (topic first, then the reason sentence) to fit; never cuts a word or a placeholder value in half;
   if even the minimal note (greeting + where we met) does not fit, shortens the event name on a
   word boundary with "…"; TACT_ERR_BAD_REQUEST with a sentence in why if limit < 40.

   Details: lang as for tact_replies_render. When my_name is known a sign-off line is added; it is
   the first part dropped. When the event cannot be shortened enough (a single long word), the
   note says "it was a pleasure to meet you" without it; as a last resort the greeting loses the
   name. A value that its cap cut inside a word is not shown cut: a name is left out, the topic
   and the event keep their whole words and end in "…". Any limit >= TACT_NOTE_LIMIT_MIN
   succeeds. *out is malloc'd, caller frees; NULL on error. why may be NULL when why_len is 0. */
enum tact_err tact_replies_compose_invite(const char *lang, const struct tact_reply_vars *vars,
                                          size_t limit, char **out, char *why,
                                          size_t why_len) TACT_MUST_CHECK;

/* Characters as a person counts them: user-perceived characters (grapheme clusters, approximated:
   combining marks U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F, variation
   selectors U+FE00–FE0F, emoji skin-tone modifiers U+1F3FB–1F3FF and U+E0020–E007F tags add
   nothing; a code point joined by ZWJ U+200D to the previous adds nothing; two regional
   indicators make one flag; CR LF is one). Input is valid UTF-8.
   A mark or ZWJ at the very start has nothing to attach to and counts as one. NULL counts 0.
   Invalid bytes, should any arrive, count one each. */
size_t tact_replies_char_count(const char *utf8);

/* Length in those characters of each rendered reply is what the protocol reports as "length". */

#endif
