#include "tact/history.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "tact/json.h"
#include "tact/log.h"
#include "tact/rules.h"
#include "tact/strictjson.h"
#include "tact/text.h"

#define SECONDS_PER_DAY 86400

const char *const tact_history_decisions[TACT_HISTORY_DECISION_KINDS + 1] = {
	"accepted", "ignored", "declined", "archived", "messaged", "not_scam", "report_scam", NULL};

static void contact_id(const struct tact_keys *keys, const char *key, unsigned char *id)
{
	tact_keys_contact_id(keys, key, strlen(key), id);
}

/* Companies are hashed under a prefix so a company and a person with the
 * same text never share a hash. */
static void company_id(const struct tact_keys *keys, const char *company, unsigned char *id)
{
	char buf[300];
	char folded[256];

	tact_text_fold_into(company, folded, sizeof(folded));
	snprintf(buf, sizeof(buf), "company:%s", folded);
	tact_keys_contact_id(keys, buf, strlen(buf), id);
}

static void copy_text(char *out, size_t cap, const unsigned char *text)
{
	snprintf(out, cap, "%s", text != NULL ? (const char *)text : "");
}

enum tact_err tact_history_get(struct tact_store *store, const struct tact_keys *keys,
			       const char *key, struct tact_history_entry *entry)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	memset(entry, 0, sizeof(*entry));
	contact_id(keys, key, entry->id);
	err = tact_store_prepare(
	    store,
	    "SELECT first_seen, last_seen, times_seen, times_invited, decision,"
	    " decided_at, not_scam, reported_scam, record_digest FROM invitations"
	    " WHERE id = ?1",
	    &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, entry->id, sizeof(entry->id), SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		entry->known = 1;
		entry->first_seen = sqlite3_column_int64(stmt, 0);
		entry->last_seen = sqlite3_column_int64(stmt, 1);
		entry->times_seen = sqlite3_column_int64(stmt, 2);
		entry->times_invited = sqlite3_column_int64(stmt, 3);
		copy_text(entry->decision, sizeof(entry->decision), sqlite3_column_text(stmt, 4));
		entry->decided_at = sqlite3_column_int64(stmt, 5);
		entry->not_scam = sqlite3_column_int(stmt, 6);
		entry->reported_scam = sqlite3_column_int(stmt, 7);
		if (sqlite3_column_bytes(stmt, 8) == (int)sizeof(entry->record_digest)) {
			memcpy(entry->record_digest, sqlite3_column_blob(stmt, 8),
			       sizeof(entry->record_digest));
			entry->has_record_digest = 1;
		}
	} else if (rc != SQLITE_DONE) {
		err = tact_store_error(store, rc);
	}
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_history_company_count(struct tact_store *store, const struct tact_keys *keys,
					 const char *company, struct tact_history_entry *entry,
					 int64_t now, int64_t *count)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;

	*count = 0;
	entry->has_company = company[0] != '\0';
	if (!entry->has_company)
		return TACT_OK;
	company_id(keys, company, entry->company_id);
	err = tact_store_prepare(store,
				 "SELECT COUNT(*) FROM invitations WHERE company = ?1 AND id <> ?2"
				 " AND first_seen >= ?3",
				 &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, entry->company_id, sizeof(entry->company_id), SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, entry->id, sizeof(entry->id), SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, now - TACT_HISTORY_BURST_DAYS * SECONDS_PER_DAY);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		err = tact_store_error(store, sqlite3_errcode(tact_store_db(store)));
	tact_store_finalize(store, stmt);
	return err;
}

/* A sighting of a record already stored as it is: the counts only. */
static enum tact_err record_seen_again(struct tact_store *store,
				       const struct tact_history_entry *entry, const char *bucket,
				       int suspicious, int reinvited, int64_t now)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err = tact_store_prepare(
	    store,
	    "UPDATE invitations SET bucket = ?2, suspicious = ?3, last_seen = ?4,"
	    " times_seen = times_seen + 1, times_invited = times_invited + ?5,"
	    " decision = CASE WHEN ?5 THEN NULL ELSE decision END WHERE id = ?1",
	    &stmt);
	int rc;

	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, entry->id, sizeof(entry->id), SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, bucket, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, suspicious ? 1 : 0);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int(stmt, 5, reinvited ? 1 : 0);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		tact_log_error("database: record invitation: %s",
			       sqlite3_errmsg(tact_store_db(store)));
		err = tact_store_error(store, rc);
	}
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_history_record(struct tact_store *store, const struct tact_keys *keys,
				  const struct tact_history_entry *entry, const char *record,
				  const char *bucket, int suspicious, int reinvited, int64_t now)
{
	unsigned char digest[TACT_KEYS_HASH_BYTES];
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	tact_keys_record_digest(keys, entry->id, sizeof(entry->id), record, strlen(record), digest);
	if (entry->known && entry->has_record_digest &&
	    sodium_memcmp(digest, entry->record_digest, sizeof(digest)) == 0)
		return record_seen_again(store, entry, bucket, suspicious, reinvited, now);
	/* The row's id is the associated data: a record moved to another row
	 * does not open. */
	err = tact_keys_seal(keys, entry->id, sizeof(entry->id), record, strlen(record), &sealed,
			     &sealed_len);
	if (err != TACT_OK)
		return err;
	err = tact_store_prepare(
	    store,
	    "INSERT INTO invitations (id, record, company, bucket, suspicious, first_seen,"
	    " last_seen, times_seen, times_invited, record_digest)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1, 1, ?8)"
	    " ON CONFLICT(id) DO UPDATE SET record = ?2, company = ?3, bucket = ?4,"
	    " suspicious = ?5, last_seen = ?6, times_seen = times_seen + 1,"
	    " times_invited = times_invited + ?7,"
	    " decision = CASE WHEN ?7 THEN NULL ELSE decision END, record_digest = ?8",
	    &stmt);
	if (err != TACT_OK)
		goto out;
	sqlite3_bind_blob(stmt, 1, entry->id, sizeof(entry->id), SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, sealed, (int)sealed_len, SQLITE_STATIC);
	if (entry->has_company)
		sqlite3_bind_blob(stmt, 3, entry->company_id, sizeof(entry->company_id),
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	sqlite3_bind_text(stmt, 4, bucket, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, suspicious ? 1 : 0);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int(stmt, 7, reinvited ? 1 : 0);
	sqlite3_bind_blob(stmt, 8, digest, sizeof(digest), SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		tact_log_error("database: record invitation: %s", sqlite3_errmsg(tact_store_db(store)));
		err = tact_store_error(store, rc);
	}
out:
	tact_store_finalize(store, stmt);
	free(sealed);
	return err;
}

static enum tact_err open_record(const struct tact_keys *keys, const unsigned char *id,
				 sqlite3_stmt *stmt, int column, char **record)
{
	const void *blob = sqlite3_column_blob(stmt, column);
	size_t len = (size_t)sqlite3_column_bytes(stmt, column);

	*record = NULL;
	if (blob == NULL)
		return TACT_ERR_NOT_FOUND;
	return tact_keys_open_sealed(keys, id, TACT_KEYS_HASH_BYTES, blob, len, record);
}

enum tact_err tact_history_record_get(struct tact_store *store, const struct tact_keys *keys,
				      const char *key, char **record)
{
	unsigned char id[TACT_KEYS_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	*record = NULL;
	contact_id(keys, key, id);
	err = tact_store_prepare(store, "SELECT record FROM invitations WHERE id = ?1", &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, id, sizeof(id), SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		err = open_record(keys, id, stmt, 0, record);
		if (err == TACT_ERR_DB)
			tact_log_error("a stored invitation record does not open (tampered or moved)");
	} else {
		err = rc == SQLITE_DONE ? TACT_ERR_NOT_FOUND : tact_store_error(store, rc);
	}
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_history_decide(struct tact_store *store, const struct tact_keys *keys,
				  const char *key, const char *decision, const char *rules,
				  const uint64_t *tokens, size_t token_count, int64_t now)
{
	unsigned char id[TACT_KEYS_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	contact_id(keys, key, id);
	err = tact_store_begin(store);
	if (err != TACT_OK)
		return err;
	err = tact_store_prepare(
		store,
		"UPDATE invitations SET"
		" decision = CASE WHEN ?2 IN ('not_scam', 'report_scam') THEN decision ELSE ?2 END,"
		" decided_at = CASE WHEN ?2 IN ('not_scam', 'report_scam') THEN decided_at ELSE ?3 END,"
		" not_scam = CASE ?2 WHEN 'not_scam' THEN 1 WHEN 'report_scam' THEN 0 ELSE not_scam END,"
		" reported_scam = CASE ?2 WHEN 'report_scam' THEN 1 WHEN 'not_scam' THEN 0"
		" ELSE reported_scam END"
		" WHERE id = ?1",
		&stmt);
	if (err != TACT_OK)
		goto out;
	sqlite3_bind_blob(stmt, 1, id, sizeof(id), SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, decision, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, now);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		err = tact_store_error(store, rc);
		goto out;
	}
	if (sqlite3_changes(tact_store_db(store)) == 0) {
		err = TACT_ERR_NOT_FOUND;
		goto out;
	}
	tact_store_finalize(store, stmt);
	stmt = NULL;
	err = tact_store_prepare(store,
				 "INSERT INTO decisions (id, decision, decided_at, rules, tokens)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)",
				 &stmt);
	if (err != TACT_OK)
		goto out;
	sqlite3_bind_blob(stmt, 1, id, sizeof(id), SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, decision, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, now);
	sqlite3_bind_text(stmt, 4, rules, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 5, tokens, (int)(token_count * sizeof(uint64_t)), SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		err = tact_store_error(store, rc);
		goto out;
	}
	tact_store_finalize(store, stmt);
	stmt = NULL;
	err = tact_store_commit(store);
out:
	tact_store_finalize(store, stmt);
	if (err != TACT_OK)
		tact_store_rollback(store);
	return err;
}

enum tact_err tact_history_each_decision(struct tact_store *store, tact_history_decision_fn fn,
					 void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	/* The latest taste decision and the latest scam verdict per person. */
	err = tact_store_prepare(
		store,
		"SELECT d.decision, d.rules, d.tokens FROM decisions d JOIN ("
		" SELECT MAX(seq) AS m FROM decisions"
		"  WHERE decision IN ('accepted', 'ignored', 'declined', 'archived') GROUP BY id"
		" UNION ALL SELECT MAX(seq) FROM decisions"
		"  WHERE decision IN ('report_scam', 'not_scam') GROUP BY id"
		") latest ON d.seq = latest.m ORDER BY d.seq",
		&stmt);
	if (err != TACT_OK)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		uint64_t tokens[TACT_RULES_TOKENS_MAX];
		size_t bytes = (size_t)sqlite3_column_bytes(stmt, 2);
		const void *blob = sqlite3_column_blob(stmt, 2);
		size_t count = bytes / sizeof(uint64_t);
		if (count > sizeof(tokens) / sizeof(tokens[0]))
			count = sizeof(tokens) / sizeof(tokens[0]);
		if (blob != NULL)
			memcpy(tokens, blob, count * sizeof(uint64_t));
		err = fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
			 (const char *)sqlite3_column_text(stmt, 1), tokens, count);
		if (err != TACT_OK)
			break;
	}
	if (err == TACT_OK && rc != SQLITE_DONE)
		err = tact_store_error(store, rc);
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_history_decision_mark(struct tact_store *store, int64_t *mark)
{
	return tact_store_query_int(store, "SELECT COALESCE(MAX(seq), 0) FROM decisions", mark);
}

void tact_history_iso8601(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, cap, "1970-01-01T00:00:00Z");
}

static json_object *iso_json(int64_t t)
{
	char buf[32];

	tact_history_iso8601(t, buf, sizeof(buf));
	return json_object_new_string(buf);
}

/* A text column as a JSON string; JSON null when SQLite has none to give
 * (out of memory), never a crash. */
static json_object *column_string(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);

	return text != NULL ? json_object_new_string((const char *)text) : NULL;
}

/* One person's latest decisions, oldest first: [{decision, decided_at}]. */
static enum tact_err decision_trail(sqlite3_stmt *trail, const void *id, json_object **out)
{
	json_object *list = json_object_new_array();
	enum tact_err err = TACT_OK;
	int rc;

	*out = NULL;
	if (list == NULL)
		return TACT_ERR_NOMEM;
	sqlite3_reset(trail);
	sqlite3_bind_blob(trail, 1, id, TACT_KEYS_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(trail, 2, TACT_HISTORY_TRAIL_MAX);
	while ((rc = sqlite3_step(trail)) == SQLITE_ROW) {
		json_object *one = json_object_new_object();
		if (one == NULL) {
			err = TACT_ERR_NOMEM;
			goto out;
		}
		tact_json_set(one, "decision", column_string(trail, 0));
		tact_json_set(one, "decided_at", iso_json(sqlite3_column_int64(trail, 1)));
		tact_json_push(list, one);
	}
	if (rc != SQLITE_DONE)
		err = tact_store_error(NULL, rc) /* a read: no OS reason to ask */;
out:
	sqlite3_clear_bindings(trail);
	if (err == TACT_OK)
		*out = list;
	else
		json_object_put(list);
	return err;
}

enum tact_err tact_history_list(struct tact_store *store, const struct tact_keys *keys,
				size_t limit, const char *cursor, const char *bucket,
				const char *key, json_object **out)
{
	unsigned char wanted[TACT_KEYS_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	sqlite3_stmt *trail = NULL;
	json_object *result = NULL;
	json_object *items = NULL;
	int64_t after_seen = INT64_MAX;
	int64_t after_row = INT64_MAX;
	int64_t last_seen = 0;
	int64_t last_row = 0;
	size_t count = 0;
	enum tact_err err;
	int rc;

	*out = NULL;
	if (cursor != NULL && cursor[0] != '\0' &&
	    sscanf(cursor, "%" SCNd64 ":%" SCNd64, &after_seen, &after_row) != 2)
		return TACT_ERR_BAD_REQUEST;
	err = tact_store_prepare(
		store,
		"SELECT rowid, id, record, first_seen, last_seen, times_seen, times_invited, bucket,"
		" suspicious, decision, decided_at FROM invitations"
		" WHERE (last_seen < ?1 OR (last_seen = ?1 AND rowid < ?2))"
		" AND (?3 IS NULL OR bucket = ?3 OR (?3 = 'suspicious' AND suspicious = 1))"
		" AND (?5 IS NULL OR id = ?5)"
		" ORDER BY last_seen DESC, rowid DESC LIMIT ?4",
		&stmt);
	if (err == TACT_OK)
		err = tact_store_prepare(store,
					 "SELECT decision, decided_at FROM (SELECT decision, decided_at, seq"
					 " FROM decisions WHERE id = ?1 ORDER BY seq DESC LIMIT ?2)"
					 " ORDER BY seq",
					 &trail);
	if (err != TACT_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, after_seen);
	sqlite3_bind_int64(stmt, 2, after_row);
	if (bucket != NULL)
		sqlite3_bind_text(stmt, 3, bucket, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)limit + 1);
	if (key != NULL) {
		contact_id(keys, key, wanted);
		sqlite3_bind_blob(stmt, 5, wanted, (int)sizeof(wanted), SQLITE_STATIC);
	} else {
		sqlite3_bind_null(stmt, 5);
	}
	result = json_object_new_object();
	items = json_object_new_array();
	if (result == NULL || items == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_blob(stmt, 1);
		json_object *item;
		char *record = NULL;
		if (count == limit) {
			char next[64];
			snprintf(next, sizeof(next), "%" PRId64 ":%" PRId64, last_seen, last_row);
			tact_json_set(result, "next_cursor", json_object_new_string(next));
			break;
		}
		item = json_object_new_object();
		if (item == NULL) {
			err = TACT_ERR_NOMEM;
			goto out;
		}
		if (id != NULL && sqlite3_column_bytes(stmt, 1) == TACT_KEYS_HASH_BYTES &&
		    open_record(keys, id, stmt, 2, &record) == TACT_OK) {
			tact_json_set(item, "invitation", tact_strictjson_read(record));
		} else {
			/* Never garbage: say the record could not be read. */
			tact_json_set(item, "invitation", NULL);
			tact_json_set(
			    item, "error",
			    json_object_new_string("This record could not be decrypted."));
		}
		free(record);
		json_object *decisions = NULL;
		if (id != NULL && sqlite3_column_bytes(stmt, 1) == TACT_KEYS_HASH_BYTES) {
			err = decision_trail(trail, id, &decisions);
			if (err != TACT_OK) {
				json_object_put(item);
				goto out;
			}
		}
		tact_json_set(item, "decisions",
			      decisions != NULL ? decisions : json_object_new_array());
		tact_json_set(item, "first_seen", iso_json(sqlite3_column_int64(stmt, 3)));
		tact_json_set(item, "last_seen", iso_json(sqlite3_column_int64(stmt, 4)));
		tact_json_set(item, "times_seen",
			      json_object_new_int64(sqlite3_column_int64(stmt, 5)));
		tact_json_set(item, "times_invited",
			      json_object_new_int64(sqlite3_column_int64(stmt, 6)));
		tact_json_set(item, "bucket", column_string(stmt, 7));
		tact_json_set(item, "suspicious",
			      json_object_new_boolean(sqlite3_column_int(stmt, 8)));
		if (sqlite3_column_type(stmt, 9) == SQLITE_NULL) {
			tact_json_set(item, "decision", NULL);
		} else {
			tact_json_set(item, "decision", column_string(stmt, 9));
			tact_json_set(item, "decided_at", iso_json(sqlite3_column_int64(stmt, 10)));
		}
		tact_json_push(items, item);
		last_row = sqlite3_column_int64(stmt, 0);
		last_seen = sqlite3_column_int64(stmt, 4);
		count++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err = tact_store_error(store, rc);
		goto out;
	}
	tact_json_set(result, "items", items);
	items = NULL;
	*out = result;
	result = NULL;
out:
	tact_store_finalize(store, stmt);
	tact_store_finalize(store, trail);
	json_object_put(items);
	json_object_put(result);
	return err;
}

#define SECONDS_PER_WEEK (7 * SECONDS_PER_DAY)

/* Unix time of the Monday 00:00 UTC starting t's week (1970-01-01 was a Thursday). */
static int64_t week_start(int64_t t)
{
	int64_t days = t >= 0 ? t / SECONDS_PER_DAY : -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
	int64_t since_monday = ((days + 3) % 7 + 7) % 7;
	return (days - since_monday) * SECONDS_PER_DAY;
}

enum tact_err tact_history_decisions_by_week(struct tact_store *store, int64_t now, size_t weeks,
					     json_object **out)
{
	sqlite3_stmt *stmt = NULL;
	int64_t counts[TACT_HISTORY_WEEKS][TACT_HISTORY_DECISION_KINDS] = {{0}};
	int64_t first;
	json_object *list = NULL;
	enum tact_err err;
	int rc;

	*out = NULL;
	if (weeks == 0 || weeks > TACT_HISTORY_WEEKS)
		return TACT_ERR_BAD_REQUEST;
	first = week_start(now) - (int64_t)(weeks - 1) * SECONDS_PER_WEEK;
	err = tact_store_prepare(store,
				 "SELECT decision, decided_at FROM decisions"
				 " WHERE decided_at >= ?1 AND decided_at <= ?2",
				 &stmt);
	if (err != TACT_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, first);
	sqlite3_bind_int64(stmt, 2, now);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(stmt, 0);
		size_t week = (size_t)((sqlite3_column_int64(stmt, 1) - first) / SECONDS_PER_WEEK);
		for (size_t k = 0; k < TACT_HISTORY_DECISION_KINDS && kind != NULL && week < weeks; k++) {
			if (strcmp(kind, tact_history_decisions[k]) == 0)
				counts[week][k]++;
		}
	}
	if (rc != SQLITE_DONE) {
		err = tact_store_error(store, rc);
		goto out;
	}
	list = json_object_new_array();
	if (list == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	for (size_t w = 0; w < weeks; w++) {
		json_object *one = json_object_new_object();
		char day[32];
		if (one == NULL) {
			err = TACT_ERR_NOMEM;
			goto out;
		}
		tact_history_iso8601(first + (int64_t)w * SECONDS_PER_WEEK, day, sizeof(day));
		day[10] = '\0'; /* the date alone */
		tact_json_set(one, "week", json_object_new_string(day));
		for (size_t k = 0; k < TACT_HISTORY_DECISION_KINDS; k++)
			tact_json_set(one, tact_history_decisions[k],
				      json_object_new_int64(counts[w][k]));
		tact_json_push(list, one);
	}
	*out = list;
	list = NULL;
out:
	tact_store_finalize(store, stmt);
	json_object_put(list);
	return err;
}

enum tact_err tact_history_each_pending(struct tact_store *store, const struct tact_keys *keys,
					tact_history_row_fn fn, void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	err = tact_store_prepare(
		store,
		"SELECT id, record, bucket, suspicious, first_seen, last_seen, times_seen,"
		" times_invited, decision, company FROM invitations"
		" WHERE decision IS NULL OR decision IN ('archived', 'messaged')"
		" ORDER BY first_seen, rowid",
		&stmt);
	if (err != TACT_OK)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct tact_history_row row;
		const unsigned char *id = sqlite3_column_blob(stmt, 0);
		char *record = NULL;
		if (id != NULL && sqlite3_column_bytes(stmt, 0) == TACT_KEYS_HASH_BYTES &&
		    open_record(keys, id, stmt, 1, &record) != TACT_OK)
			record = NULL;
		row.record = record;
		row.bucket = (const char *)sqlite3_column_text(stmt, 2);
		row.suspicious = sqlite3_column_int(stmt, 3);
		row.first_seen = sqlite3_column_int64(stmt, 4);
		row.last_seen = sqlite3_column_int64(stmt, 5);
		row.times_seen = sqlite3_column_int64(stmt, 6);
		row.times_invited = sqlite3_column_int64(stmt, 7);
		row.decision = (const char *)sqlite3_column_text(stmt, 8);
		row.company = sqlite3_column_bytes(stmt, 9) == TACT_KEYS_HASH_BYTES
				      ? sqlite3_column_blob(stmt, 9)
				      : NULL;
		err = fn(ctx, &row);
		free(record);
		if (err != TACT_OK)
			break;
	}
	if (err == TACT_OK && rc != SQLITE_DONE)
		err = tact_store_error(store, rc);
	tact_store_finalize(store, stmt);
	return err;
}
