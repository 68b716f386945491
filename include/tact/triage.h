/*
 * triage: Accept / Review / Ignore, the Suspicious flag, reasons, badges,
 * replies and history for pending invitations — the protocol's classify,
 * decide, replies, history.list and review.summary, and the command line's
 * classify and eval.
 *
 * A struct tact_triage borrows the store and owns the install keys, the
 * learned model (refitted lazily when decisions change) and the folded
 * profile. One per connection.
 */
#ifndef TACT_TRIAGE_H
#define TACT_TRIAGE_H

#include <stdint.h>

#include <json-c/json.h>

#include "tact/config.h"
#include "tact/err.h"
#include "tact/store.h"

#define TACT_TRIAGE_BATCH_MAX 2000u
#define TACT_TRIAGE_KEY_MAX 512u
#define TACT_TRIAGE_NAME_MAX 300u
#define TACT_TRIAGE_HEADLINE_MAX 1000u
#define TACT_TRIAGE_MESSAGE_MAX 4000u
#define TACT_TRIAGE_SHORT_MAX 200u
#define TACT_TRIAGE_LANGUAGE_MAX 35u /* "ui_language": a BCP 47 tag such as "pt-BR" */
#define TACT_TRIAGE_MUTUAL_NAMES_MAX 20u
#define TACT_TRIAGE_MUTUALS_MAX 1000000
/* LinkedIn withdraws invitations left pending for about six months. */
#define TACT_TRIAGE_WITHDRAW_DAYS_DEFAULT 180
#define TACT_TRIAGE_WITHDRAW_WARN_DAYS 30

struct tact_triage;

/* Borrowed store and config; keys live in data_dir. Caller frees *out. */
enum tact_err tact_triage_open(struct tact_store *store, const char *data_dir,
			       const struct tact_config *config,
			       struct tact_triage **out) TACT_MUST_CHECK;
void tact_triage_free(struct tact_triage *triage);

/* Uses profile (borrowed, normalised) for this triage object only, without
 * storing it: for the command line's --profile. */
enum tact_err tact_triage_use_profile(struct tact_triage *triage,
				      json_object *profile) TACT_MUST_CHECK;

struct tact_vault;

/* Lets triage ask whether the user keeps a note about a sender (the
 * "do you know this person" question). Borrowed; NULL turns it off. A
 * locked vault simply answers "unknown". */
void tact_triage_use_vault(struct tact_triage *triage, struct tact_vault *vault);

/* Reloads the user's profile (another host may have changed it). */
enum tact_err tact_triage_reload_profile(struct tact_triage *triage) TACT_MUST_CHECK;

/* The profile in use (borrowed; valid until the next reload or save). */
json_object *tact_triage_profile(const struct tact_triage *triage);

/* Stores a normalised profile (borrowed), sealed with the install key, and
 * uses it from now on. */
enum tact_err tact_triage_save_profile(struct tact_triage *triage,
				       json_object *profile) TACT_MUST_CHECK;

/* How classify hands back its results: as trees to read, or frozen into
 * their text to be sent (tact_json_freeze: a large batch then holds texts,
 * not trees, until the answer is written). */
enum tact_triage_results { TACT_TRIAGE_RESULTS_TREES, TACT_TRIAGE_RESULTS_FROZEN };

/* classify params {"invitations":[...]} -> {"results":[...]}. Records each
 * sighting in the history. why gets a sentence on bad_request. Caller owns
 * *result. now is unix seconds. */
enum tact_err tact_triage_classify(struct tact_triage *triage, json_object *params, int64_t now,
				   enum tact_triage_results form, json_object **result,
				   char *why) TACT_MUST_CHECK;

/* decide {key, decision}. */
enum tact_err tact_triage_decide(struct tact_triage *triage, json_object *params, int64_t now,
				 json_object **result, char *why) TACT_MUST_CHECK;

/* replies {key | invitation, intent?}. */
enum tact_err tact_triage_replies(struct tact_triage *triage, json_object *params, int64_t now,
				  json_object **result, char *why) TACT_MUST_CHECK;

/* compose_invite {name, how_we_met, topic?, limit?}. */
enum tact_err tact_triage_compose_invite(struct tact_triage *triage, json_object *params,
					 json_object **result, char *why) TACT_MUST_CHECK;

/* history.list {limit?, cursor?, bucket?}. */
enum tact_err tact_triage_history(struct tact_triage *triage, json_object *params,
				  json_object **result, char *why) TACT_MUST_CHECK;

/* review.summary {}. */
enum tact_err tact_triage_review_summary(struct tact_triage *triage, int64_t now,
					 json_object **result) TACT_MUST_CHECK;

/* Parses an ISO 8601 time ("2026-11-20T08:00:00Z", offsets and fractions
 * allowed) into unix seconds; 0 when it is not one. */
int tact_triage_parse_time(const char *text, int64_t *out);

#endif
