/*
 * rules: what an invitation card says, as named signals. Each rule answers
 * one of the etiquette guide's questions (do you know them, have you worked
 * together, are they in your field, do you share connections, did they
 * write a personal note, is it suspicious or a sales pitch) and carries a
 * prior weight and a reason a person can read. tact/triage.h combines the
 * signals with what was learned from the user's decisions.
 */
#ifndef TACT_RULES_H
#define TACT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/text.h"

#define TACT_EVIDENCE_MAX 96u
#define TACT_RULES_HITS_MAX 48u
#define TACT_RULES_TOKENS_MAX 64u
#define TACT_RULES_PROFILE_ITEMS 50u
#define TACT_RULES_FOLDED_MAX 256u
#define TACT_RULES_EVENT_MAX 120u
#define TACT_RULES_COMPANY_MAX 120u

enum tact_rule {
	/* Relationship */
	TACT_RULE_SHARED_EMPLOYER_CURRENT,
	TACT_RULE_SHARED_EMPLOYER_PAST,
	TACT_RULE_SHARED_SCHOOL,
	TACT_RULE_WORKED_TOGETHER,
	TACT_RULE_SHARED_CONTEXT,
	TACT_RULE_KNOWN_CONTACT,
	TACT_RULE_PREVIOUSLY_CONNECTED,
	TACT_RULE_MUTUALS_NONE,
	TACT_RULE_MUTUALS_ONE,
	TACT_RULE_MUTUALS_FEW,
	TACT_RULE_MUTUALS_SOME,
	TACT_RULE_MUTUALS_MANY,
	/* Field */
	TACT_RULE_FIELD_MATCH,
	TACT_RULE_FIELD_STRONG,
	TACT_RULE_OUTSIDE_FIELD,
	TACT_RULE_SAME_CITY,
	TACT_RULE_RECRUITER,
	TACT_RULE_STUDENT,
	/* Note and card */
	TACT_RULE_NOTE_PERSONAL,
	TACT_RULE_NOTE_TEMPLATE,
	TACT_RULE_NOTE_NONE,
	TACT_RULE_NO_PHOTO,
	TACT_RULE_NOT_A_PERSON,
	TACT_RULE_LINK_IN_NOTE,
	/* History */
	TACT_RULE_REPEAT_AFTER_IGNORE,
	TACT_RULE_COMPANY_BURST,
	/* Sales */
	TACT_RULE_PITCH_MEETING,
	TACT_RULE_PITCH_VALUE,
	TACT_RULE_PITCH_SERVICES,
	TACT_RULE_PITCH_HEADLINE,
	/* Scam families */
	TACT_RULE_SCAM_OFF_PLATFORM,
	TACT_RULE_SCAM_MONEY,
	TACT_RULE_SCAM_FEES,
	TACT_RULE_SCAM_JOB_LURE,
	TACT_RULE_SCAM_ROMANCE,
	TACT_RULE_SCAM_PHISHING,
	TACT_RULE_SCAM_IMPERSONATION,
	TACT_RULE_SCAM_MLM,
	TACT_RULE_COUNT
};

/* Scam rule families: Suspicious needs two of them, or one critical rule. */
enum tact_family {
	TACT_FAMILY_NONE = 0,
	TACT_FAMILY_OFF_PLATFORM,
	TACT_FAMILY_MONEY,
	TACT_FAMILY_FEES,
	TACT_FAMILY_JOB_LURE,
	TACT_FAMILY_ROMANCE,
	TACT_FAMILY_PHISHING,
	TACT_FAMILY_IMPERSONATION,
	TACT_FAMILY_MLM,
	TACT_FAMILY_COUNT
};

struct tact_rule_info {
	const char *code;     /* stable id, e.g. "shared_employer" */
	double prior;         /* contribution to the accept log-odds */
	enum tact_family family;
	int pitch;            /* a sales-pitch rule */
};                            /* the reason's words are in tact/messages.h */

const struct tact_rule_info *tact_rules_info(enum tact_rule rule);

/* The user's own profile, folded once for matching a batch. */
struct tact_rules_profile {
	char companies[TACT_RULES_PROFILE_ITEMS][TACT_RULES_FOLDED_MAX];
	size_t company_count;
	char schools[TACT_RULES_PROFILE_ITEMS][TACT_RULES_FOLDED_MAX];
	size_t school_count;
	char keywords[TACT_RULES_PROFILE_ITEMS][TACT_RULES_FOLDED_MAX];
	size_t keyword_count;
	char city[TACT_RULES_FOLDED_MAX];
	const char *city_names; /* static, tact_lexicon_city_names; NULL if none */
	char locale[8];
	int premium;
};

/* Builds the folded view of a normalised profile (tact/profile.h). */
void tact_rules_profile_load(json_object *profile, struct tact_rules_profile *out);

/* One invitation as received; strings borrowed, "" when absent. */
struct tact_invitation {
	const char *key;
	const char *kind; /* person, page, newsletter, event, group */
	const char *name;
	const char *headline;
	const char *profile_url;
	const char *message;
	const char *received_text;
	const char *received_at;
	int64_t mutuals; /* -1 when the card does not show it */
	size_t mutual_name_count;
	int has_photo;   /* 1, 0, or -1 when unknown */
};

/* What Tact already knows about the sender (tact/history.h, notes). */
struct tact_rules_facts {
	int known_contact;       /* the user keeps a note about them */
	int previously_connected; /* accepted or messaged before */
	int ignored_before;      /* invited again after the user ignored them */
	int not_scam;            /* the user said this sender is no scam */
	int company_burst;       /* invitations from their company this week, this one included */
	const char *company;	 /* tact_rules_headline_company of the headline when the caller
				    has it (borrowed), or NULL */
};

struct tact_hit {
	enum tact_rule rule;
	int critical; /* a scam rule strong enough on its own */
	char evidence[TACT_EVIDENCE_MAX];
};

struct tact_signals {
	struct tact_hit hits[TACT_RULES_HITS_MAX];
	size_t hit_count;
	int family_fired[TACT_FAMILY_COUNT];
	size_t families;     /* distinct scam families fired */
	int critical;        /* any critical scam rule */
	int strong_legit;    /* many mutuals, shared employer or school, known contact */
	const char *lang;    /* language of the note or headline, or NULL */
	char event[TACT_RULES_EVENT_MAX];     /* where they say you met, if they say */
	char company[TACT_RULES_COMPANY_MAX]; /* their company as the headline shows it */
	char first_name[64];
	uint64_t tokens[TACT_RULES_TOKENS_MAX]; /* hashed words of headline and note */
	size_t token_count;
	char token_text[TACT_RULES_TOKENS_MAX][32]; /* the words, for this call's reasons only */
};

/* Token hashing is keyed per install (tact/keys.h) so stored counts do not
 * reveal words; the caller passes the function. */
typedef uint64_t (*tact_token_hash_fn)(void *ctx, const char *word, size_t len);

/* Evaluates every rule for inv. */
enum tact_err tact_rules_evaluate(const struct tact_invitation *inv,
				  const struct tact_rules_profile *profile,
				  const struct tact_rules_facts *facts, tact_token_hash_fn hash,
				  void *hash_ctx, struct tact_signals *out) TACT_MUST_CHECK;

/* Does folded text name the organisation org (folded) as a whole name, not
 * as the start of a longer one ("Orion" is not "Orion Dental Care")? */
int tact_rules_names_org(const struct tact_folded *f, const char *org);

/* The company a headline names ("Engineer at Orion" -> "Orion"), in out. */
void tact_rules_headline_company(const char *headline, char *out, size_t cap);

#endif
