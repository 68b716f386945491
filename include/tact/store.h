/*
 * store: Tact's one SQLite database.
 *
 * WAL journal so hosts of several browser profiles can share the file, a
 * busy timeout so they wait for each other's short transactions instead of
 * failing, synchronous=FULL so an acknowledged write survives a crash
 * (sightings excepted: tact_store_begin_relaxed),
 * secure_delete so removed rows do not linger in free pages. The schema is
 * migrated forward by PRAGMA user_version inside one immediate transaction.
 * All SQL goes through prepared statements, each prepared once per
 * connection and reused.
 */
#ifndef TACT_STORE_H
#define TACT_STORE_H

#include <stdint.h>

#include <sqlite3.h>

#include "tact/err.h"

struct tact_store;

/* Opens (creating with mode 0600) and migrates db_file. Its folder must
 * exist. Caller owns *out; close with tact_store_close. */
enum tact_err tact_store_open(const char *db_file, struct tact_store **out) TACT_MUST_CHECK;

void tact_store_close(struct tact_store *store);

/* The schema version this build writes, and the one the file has. */
int tact_store_schema_latest(void);
int tact_store_schema_version(const struct tact_store *store);

/* Borrowed handle for modules that keep their own tables (triage, notes). */
sqlite3 *tact_store_db(struct tact_store *store);

/* Hands out a prepared statement for sql, prepared on first use and kept
 * for the connection's life (found again by its text); logs SQLite's
 * message on failure. The caller gives
 * *stmt back with tact_store_finalize on every path, never with
 * sqlite3_finalize: until then it is the caller's alone. */
enum tact_err tact_store_prepare(struct tact_store *store, const char *sql,
				 sqlite3_stmt **stmt) TACT_MUST_CHECK;

/* Gives a statement back: reset, its bindings cleared, ready for the next
 * caller. NULL is ignored. */
void tact_store_finalize(struct tact_store *store, sqlite3_stmt *stmt);

/* Runs a statement that takes no parameters and returns no rows we need. */
enum tact_err tact_store_exec(struct tact_store *store, const char *sql) TACT_MUST_CHECK;

/* Runs sql, which takes no parameters and must yield a row, and reads
 * that row's first column as an integer. */
enum tact_err tact_store_query_int(struct tact_store *store, const char *sql,
				   int64_t *value) TACT_MUST_CHECK;

/* A number that changes whenever another connection (another host, a
 * second browser profile) commits to the database; this connection's own
 * commits leave it as it is (PRAGMA data_version). */
enum tact_err tact_store_data_version(struct tact_store *store, int64_t *version) TACT_MUST_CHECK;

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Keep transactions short: another
 * host may be waiting. Rollback is safe to call when none is open.
 * tact_store_begin's transaction is synced before COMMIT returns. */
enum tact_err tact_store_begin(struct tact_store *store) TACT_MUST_CHECK;
/* For what may be lost on power failure and is written again on the next
 * visit (classify's sightings): synchronous=NORMAL for this transaction
 * only, so its COMMIT does not wait for the disk. The database is never
 * corrupted, and the next synced commit makes these writes durable too
 * (docs/SECURITY.md). Commit and rollback restore FULL. */
enum tact_err tact_store_begin_relaxed(struct tact_store *store) TACT_MUST_CHECK;
enum tact_err tact_store_commit(struct tact_store *store) TACT_MUST_CHECK;
void tact_store_rollback(struct tact_store *store);

/* Maps an SQLite result code from store's connection to ours (full disk,
 * read-only, ...), asking SQLite for the OS's reason behind an I/O error. */
enum tact_err tact_store_error(struct tact_store *store, int sqlite_rc);

/* A small key/value table for settings such as the user's profile.
 * get: caller frees *value with free(); TACT_ERR_NOT_FOUND when unset. */
enum tact_err tact_store_setting_get(struct tact_store *store, const char *key,
				     char **value) TACT_MUST_CHECK;
enum tact_err tact_store_setting_put(struct tact_store *store, const char *key,
				     const char *value) TACT_MUST_CHECK;

#endif
