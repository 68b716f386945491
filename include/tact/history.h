/*
 * history: every invitation Tact has seen and every decision the user made,
 * in the database. People appear only as keyed hashes of their invitation
 * key; the record as last received is sealed (tact/keys.h), so the file
 * lists neither names nor notes.
 */
#ifndef TACT_HISTORY_H
#define TACT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/keys.h"
#include "tact/store.h"


#define TACT_HISTORY_BURST_DAYS 7
#define TACT_HISTORY_LIST_MAX 500u
/* history.list shows at most this many of one person's latest decisions. */
#define TACT_HISTORY_TRAIL_MAX 20u
/* review.summary counts decisions over this many weeks. */
#define TACT_HISTORY_WEEKS 8u

/* Every decision the protocol knows (docs/PROTOCOL.md, decide), NULL-terminated. */
extern const char *const tact_history_decisions[];
#define TACT_HISTORY_DECISION_KINDS 7u

/* What the database knows about one invitation before it is recorded. */
struct tact_history_entry {
	int known;                 /* seen before */
	int64_t first_seen;        /* unix seconds */
	int64_t last_seen;
	int64_t times_seen;
	int64_t times_invited;     /* grows when they invite again after a decision */
	char decision[16];         /* last decision, "" when none */
	int64_t decided_at;
	int not_scam;              /* the user cleared this sender */
	int reported_scam;
	/* The keyed hashes the row is filed under, worked out once per
	 * invitation: the contact's by tact_history_get, the company's by
	 * tact_history_company_count (has_company 0 when the headline names
	 * none). tact_history_record files the sighting under them. */
	unsigned char id[TACT_KEYS_HASH_BYTES];
	unsigned char company_id[TACT_KEYS_HASH_BYTES];
	int has_company;
	unsigned char record_digest[TACT_KEYS_HASH_BYTES]; /* of the stored record */
	int has_record_digest;
};

/* Looks up key; entry->known is 0 for a new invitation. */
enum tact_err tact_history_get(struct tact_store *store, const struct tact_keys *keys,
			       const char *key, struct tact_history_entry *entry) TACT_MUST_CHECK;

/* Invitations from company (a folded name; "" = unknown) first seen within
 * the burst window before now, not counting entry's contact (entry from
 * tact_history_get, whose company hash this fills in). */
enum tact_err tact_history_company_count(struct tact_store *store, const struct tact_keys *keys,
					 const char *company, struct tact_history_entry *entry,
					 int64_t now, int64_t *count) TACT_MUST_CHECK;

/* Records a sighting of entry's contact (the hashes filled in above):
 * inserts or updates the row, seals record (borrowed JSON text of the
 * invitation) unless it is the one already stored, stores the bucket. reinvited marks a new
 * invitation after an earlier decision. */
enum tact_err tact_history_record(struct tact_store *store, const struct tact_keys *keys,
				  const struct tact_history_entry *entry, const char *record,
				  const char *bucket, int suspicious, int reinvited,
				  int64_t now) TACT_MUST_CHECK;

/* The sealed record of key (caller frees *record), or TACT_ERR_NOT_FOUND. */
enum tact_err tact_history_record_get(struct tact_store *store, const struct tact_keys *keys,
				      const char *key, char **record) TACT_MUST_CHECK;

/* Stores a decision with the rule codes (comma-separated) and word hashes
 * the invitation had, for learning. */
enum tact_err tact_history_decide(struct tact_store *store, const struct tact_keys *keys,
				  const char *key, const char *decision, const char *rules,
				  const uint64_t *tokens, size_t token_count,
				  int64_t now) TACT_MUST_CHECK;

/* Calls fn for the latest decision of each invitation, oldest first.
 * fn's rules and tokens are borrowed for the call. */
typedef enum tact_err (*tact_history_decision_fn)(void *ctx, const char *decision,
						  const char *rules, const uint64_t *tokens,
						  size_t token_count);
enum tact_err tact_history_each_decision(struct tact_store *store, tact_history_decision_fn fn,
					 void *ctx) TACT_MUST_CHECK;

/* A number that changes whenever a decision is stored (to refit lazily). */
enum tact_err tact_history_decision_mark(struct tact_store *store, int64_t *mark) TACT_MUST_CHECK;

/* The invitations seen, most recent first: {"items":[...],"next_cursor"}.
 * bucket may be NULL; key (a contact key, borrowed), when not NULL, keeps
 * that contact's row only. cursor is an opaque string from a previous page
 * or NULL. Caller owns *out. */
enum tact_err tact_history_list(struct tact_store *store, const struct tact_keys *keys,
				size_t limit, const char *cursor, const char *bucket,
				const char *key, json_object **out) TACT_MUST_CHECK;

/* Decisions per week over the `weeks` weeks up to now, weeks starting on
 * Monday (UTC), oldest first: [{"week":"YYYY-MM-DD","accepted":n,...}] with
 * a count for every decision kind, 0 included. Caller owns *out. */
enum tact_err tact_history_decisions_by_week(struct tact_store *store, int64_t now, size_t weeks,
					     json_object **out) TACT_MUST_CHECK;

/* Pending invitations (no decision, or archived) for the weekly review:
 * calls fn with each one's row; record is borrowed and may be NULL. */
struct tact_history_row {
	const char *record;
	const char *bucket;
	int suspicious;
	int64_t first_seen;
	int64_t last_seen;
	int64_t times_seen;
	int64_t times_invited;
	const char *decision;
	const unsigned char *company; /* TACT_KEYS_HASH_BYTES or NULL */
};
typedef enum tact_err (*tact_history_row_fn)(void *ctx, const struct tact_history_row *row);
enum tact_err tact_history_each_pending(struct tact_store *store, const struct tact_keys *keys,
					tact_history_row_fn fn, void *ctx) TACT_MUST_CHECK;

/* ISO 8601 UTC for a unix time, into out (at least 21 bytes). */
void tact_history_iso8601(int64_t t, char *out, size_t cap);

#endif
