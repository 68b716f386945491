#include "tact/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tact/limits.h"
#include "tact/log.h"
#include "tact/oom.h"

/* Statements are prepared once per connection and kept: preparing one
 * costs more than running it. Past the cap, statements are prepared and
 * finalized each time as before. */
#define STORE_STMT_CACHE_MAX 64u

struct cached_stmt {
	sqlite3_stmt *stmt; /* its text is SQLite's own copy: sqlite3_sql */
	int busy;	    /* handed out and not yet given back */
};

struct tact_store {
	sqlite3 *db;
	int schema_version;
	struct cached_stmt cache[STORE_STMT_CACHE_MAX];
	size_t cached;
	int relaxed; /* synchronous is NORMAL for the transaction under way */
	sqlite3_stmt *sync_stmt[2]; /* FULL, NORMAL: kept apart from the cache */
};

/* Each migration is a list of single statements, applied in order; the
 * index + 1 is the user_version it produces. Never edit a shipped step:
 * add a new one. */
static const char *const migration_1[] = {
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL,"
	" updated_at INTEGER NOT NULL)",
	NULL,
};

/* Triage history: people only as keyed hashes, records sealed (history.h). */
static const char *const migration_2[] = {
	"CREATE TABLE invitations ("
	" id BLOB PRIMARY KEY,"
	" record BLOB NOT NULL,"
	" company BLOB,"
	" bucket TEXT NOT NULL,"
	" suspicious INTEGER NOT NULL DEFAULT 0,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" times_seen INTEGER NOT NULL,"
	" times_invited INTEGER NOT NULL DEFAULT 1,"
	" decision TEXT,"
	" decided_at INTEGER,"
	" not_scam INTEGER NOT NULL DEFAULT 0,"
	" reported_scam INTEGER NOT NULL DEFAULT 0)",
	"CREATE INDEX invitations_company ON invitations (company, first_seen)",
	"CREATE INDEX invitations_recent ON invitations (last_seen)",
	"CREATE TABLE decisions ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" id BLOB NOT NULL,"
	" decision TEXT NOT NULL,"
	" decided_at INTEGER NOT NULL,"
	" rules TEXT NOT NULL,"
	" tokens BLOB NOT NULL)",
	"CREATE INDEX decisions_id ON decisions (id, seq)",
	NULL,
};

/* Notes vault: the wrapped data key, and notes stored under keyed hashes
 * of their contact with one sealed payload each (vault.h, notes.h). */
static const char *const migration_3[] = {
	"CREATE TABLE vault ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" version INTEGER NOT NULL,"
	" mode TEXT NOT NULL,"
	" nonce BLOB NOT NULL,"
	" wrapped BLOB NOT NULL,"
	" salt BLOB,"
	" opslimit INTEGER,"
	" memlimit INTEGER,"
	" updated_at INTEGER NOT NULL)",
	"CREATE TABLE notes ("
	" id BLOB PRIMARY KEY,"
	" sealed BLOB NOT NULL,"
	" revision INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL)",
	"CREATE INDEX notes_recent ON notes (updated_at, id)",
	NULL,
};

/* review.summary counts the decisions of the last weeks by time. */
static const char *const migration_4[] = {
	"CREATE INDEX decisions_time ON decisions (decided_at)",
	NULL,
};

/* The company burst count (history.h) reads id as well: with it in the
 * index, counting a company's invitations never visits the table. */
static const char *const migration_5[] = {
    "CREATE INDEX IF NOT EXISTS invitations_company_seen"
    " ON invitations (company, first_seen, id)",
    "DROP INDEX IF EXISTS invitations_company",
    NULL,
};

/* A keyed digest beside each sealed record (keys.h), so a sighting of an
 * unchanged invitation updates its counts without sealing it again. */
static const char *const migration_6[] = {
    "ALTER TABLE invitations ADD COLUMN record_digest BLOB",
    NULL,
};

static const char *const *const migrations[] = {
    migration_1, migration_2, migration_3, migration_4, migration_5, migration_6,
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

int tact_store_schema_latest(void)
{
	return MIGRATION_COUNT;
}

/* Called before every commit, autocommit included: while an allocation
 * has failed during this request, what it would write may be missing
 * members (json-c drops them silently), so the commit becomes a rollback. */
static int refuse_after_oom(void *unused)
{
	(void)unused;
	if (!tact_oom_seen())
		return 0;
	tact_log_error("database: a write was rolled back: memory ran out while it was built");
	return 1;
}

/* SQLite's own mapping, before the OS's reason is known. */
static enum tact_err error_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return TACT_OK;
	case SQLITE_FULL:
		return TACT_ERR_DISK_FULL;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return TACT_ERR_READ_ONLY;
	case SQLITE_NOMEM:
		return TACT_ERR_NOMEM;
	default:
		return TACT_ERR_DB;
	}
}

/* An I/O error whose cause was a full disk or quota is disk_full: SQLite
 * reports a failed write of its -wal or -shm file (made on first use) as
 * SQLITE_IOERR, not SQLITE_FULL. */
static enum tact_err error_of_db(sqlite3 *db, int rc)
{
	if ((rc & 0xff) == SQLITE_IOERR && db != NULL) {
		int os = sqlite3_system_errno(db);
		if (os == ENOSPC || os == EDQUOT)
			return TACT_ERR_DISK_FULL;
		if (os == EROFS || os == EACCES || os == EPERM)
			return TACT_ERR_READ_ONLY;
	}
	return error_of(rc);
}

enum tact_err tact_store_error(struct tact_store *store, int rc)
{
	return error_of_db(store != NULL ? store->db : NULL, rc);
}

static enum tact_err log_sqlite(sqlite3 *db, int rc, const char *what)
{
	tact_log_error("database: %s: %s", what, db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	return error_of_db(db, rc);
}

/* The synchronous level is the connection's. Relaxed holds for one
 * transaction only: commit and rollback restore FULL, and should that
 * fail, the next statement prepared outside a transaction tries again
 * first, so no acknowledged write runs relaxed. Its two statements are
 * kept apart from the cache, which calls this. */
static enum tact_err set_sync(struct tact_store *store, int relaxed)
{
	const char *sql = relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL";
	sqlite3_stmt **stmt = &store->sync_stmt[relaxed ? 1 : 0];
	int rc = SQLITE_OK;

	if (store->relaxed == relaxed)
		return TACT_OK;
	if (*stmt == NULL)
		rc = sqlite3_prepare_v2(store->db, sql, -1, stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(*stmt);
		(void)sqlite3_reset(*stmt);
	}
	if (rc != SQLITE_DONE)
		return log_sqlite(store->db, rc, "synchronous");
	store->relaxed = relaxed;
	return TACT_OK;
}

enum tact_err tact_store_prepare(struct tact_store *store, const char *sql, sqlite3_stmt **stmt)
{
	struct cached_stmt *slot = NULL;
	int rc;

	if (store->relaxed && sqlite3_get_autocommit(store->db)) {
		enum tact_err err = set_sync(store, 0);
		if (err != TACT_OK)
			return err;
	}
	for (size_t i = 0; i < store->cached; i++) {
		struct cached_stmt *c = &store->cache[i];
		if (c->busy || strcmp(sqlite3_sql(c->stmt), sql) != 0)
			continue;
		c->busy = 1;
		*stmt = c->stmt;
		return TACT_OK;
	}
	rc = sqlite3_prepare_v2(store->db, sql, -1, stmt, NULL);
	if (rc != SQLITE_OK)
		return log_sqlite(store->db, rc, "prepare");
	if (store->cached < STORE_STMT_CACHE_MAX) {
		slot = &store->cache[store->cached++];
		slot->stmt = *stmt;
		slot->busy = 1;
	}
	return TACT_OK;
}

void tact_store_finalize(struct tact_store *store, sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	for (size_t i = 0; i < store->cached; i++) {
		if (store->cache[i].stmt != stmt)
			continue;
		/* reset repeats the last step's error, already handled. */
		(void)sqlite3_reset(stmt);
		(void)sqlite3_clear_bindings(stmt);
		store->cache[i].busy = 0;
		return;
	}
	sqlite3_finalize(stmt);
}

enum tact_err tact_store_exec(struct tact_store *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err = tact_store_prepare(store, sql, &stmt);
	int rc;

	if (err != TACT_OK)
		return err;
	do
		rc = sqlite3_step(stmt);
	while (rc == SQLITE_ROW);
	if (rc != SQLITE_DONE)
		err = log_sqlite(store->db, rc, "step");
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_store_query_int(struct tact_store *store, const char *sql, int64_t *value)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err = tact_store_prepare(store, sql, &stmt);
	int rc;

	*value = 0;
	if (err != TACT_OK)
		return err;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(stmt, 0);
	else
		err = tact_store_error(store, rc);
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_store_data_version(struct tact_store *store, int64_t *version)
{
	return tact_store_query_int(store, "PRAGMA data_version", version);
}

enum tact_err tact_store_begin(struct tact_store *store)
{
	enum tact_err err = set_sync(store, 0);

	return err != TACT_OK ? err : tact_store_exec(store, "BEGIN IMMEDIATE");
}

enum tact_err tact_store_begin_relaxed(struct tact_store *store)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err = tact_store_prepare(store, "BEGIN IMMEDIATE", &stmt);
	int rc;

	/* Relaxed only now: preparing restores FULL outside a transaction. */
	if (err == TACT_OK)
		err = set_sync(store, 1);
	if (err == TACT_OK) {
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			err = log_sqlite(store->db, rc, "begin");
	}
	tact_store_finalize(store, stmt);
	if (err != TACT_OK && set_sync(store, 0) != TACT_OK)
		tact_log_warn("database: could not restore synchronous=FULL");
	return err;
}

enum tact_err tact_store_commit(struct tact_store *store)
{
	enum tact_err err = tact_store_exec(store, "COMMIT");

	if (err == TACT_OK && sqlite3_get_autocommit(store->db))
		err = set_sync(store, 0);
	return err;
}

void tact_store_rollback(struct tact_store *store)
{
	if (!sqlite3_get_autocommit(store->db)) {
		enum tact_err err = tact_store_exec(store, "ROLLBACK");
		if (err != TACT_OK)
			tact_log_warn("database: rollback failed");
	}
	if (sqlite3_get_autocommit(store->db) && set_sync(store, 0) != TACT_OK)
		tact_log_warn("database: could not restore synchronous=FULL");
}

static enum tact_err read_user_version(struct tact_store *store, int *version)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err = tact_store_prepare(store, "PRAGMA user_version", &stmt);

	if (err != TACT_OK)
		return err;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*version = sqlite3_column_int(stmt, 0);
	else
		err = log_sqlite(store->db, sqlite3_errcode(store->db), "user_version");
	tact_store_finalize(store, stmt);
	return err;
}

/* PRAGMA takes no bound parameters; the number comes from our own table. */
static enum tact_err write_user_version(struct tact_store *store, int version)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	return tact_store_exec(store, sql);
}

static enum tact_err migrate(struct tact_store *store)
{
	int version = 0;
	enum tact_err err;

	err = read_user_version(store, &version);
	if (err != TACT_OK)
		return err;
	if (version == MIGRATION_COUNT) {
		store->schema_version = version;
		return TACT_OK;
	}
	/* Another host may migrate at the same moment: take the write lock,
	 * then look again. */
	err = tact_store_begin(store);
	if (err != TACT_OK)
		return err;
	err = read_user_version(store, &version);
	if (err != TACT_OK)
		goto out;
	if (version > MIGRATION_COUNT) {
		tact_log_error("database schema %d is newer than this tact-host (%d); upgrade tact-host",
			       version, MIGRATION_COUNT);
		err = TACT_ERR_DB;
		goto out;
	}
	for (int step = version; step < MIGRATION_COUNT; step++) {
		for (const char *const *sql = migrations[step]; *sql != NULL; sql++) {
			err = tact_store_exec(store, *sql);
			if (err != TACT_OK)
				goto out;
		}
		tact_log_info("database migrated to schema %d", step + 1);
	}
	err = write_user_version(store, MIGRATION_COUNT);
	if (err != TACT_OK)
		goto out;
	err = tact_store_commit(store);
	if (err == TACT_OK)
		store->schema_version = MIGRATION_COUNT;
out:
	if (err != TACT_OK)
		tact_store_rollback(store);
	return err;
}

/* Switching to WAL needs an exclusive moment, which a busy handler does not
 * always wait for; retry within the busy timeout. */
static enum tact_err enable_wal(struct tact_store *store)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	enum tact_err err = TACT_ERR_DB;

	for (int waited = 0; waited < TACT_DB_BUSY_TIMEOUT_MS; waited += 10) {
		sqlite3_stmt *stmt = NULL;
		int rc;
		err = tact_store_prepare(store, "PRAGMA journal_mode = WAL", &stmt);
		if (err != TACT_OK)
			return err;
		rc = sqlite3_step(stmt);
		tact_store_finalize(store, stmt);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			return TACT_OK;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			return log_sqlite(store->db, rc, "journal_mode");
		nanosleep(&pause, NULL);
	}
	return err;
}

/* Creates the file with 0600 ourselves so its mode never depends on umask. */
static enum tact_err create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		tact_log_error("cannot create %s: %s", path, strerror(errno));
		return errno == EROFS || errno == EACCES ? TACT_ERR_READ_ONLY : TACT_ERR_IO;
	}
	close(fd);
	return TACT_OK;
}

enum tact_err tact_store_open(const char *db_file, struct tact_store **out)
{
	struct tact_store *store = NULL;
	const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
	static const char *const pragmas[] = {
		"PRAGMA synchronous = FULL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA secure_delete = ON",
		NULL,
	};
	enum tact_err err;
	int rc;

	*out = NULL;
	err = create_private_file(db_file);
	if (err != TACT_OK)
		return err;
	store = calloc(1, sizeof(*store));
	if (store == NULL)
		return TACT_ERR_NOMEM;
	rc = sqlite3_open_v2(db_file, &store->db, flags, NULL);
	if (rc != SQLITE_OK) {
		err = log_sqlite(store->db, rc, "open");
		goto out;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, TACT_DB_BUSY_TIMEOUT_MS);
	sqlite3_commit_hook(store->db, refuse_after_oom, NULL);
	err = enable_wal(store);
	if (err != TACT_OK)
		goto out;
	for (const char *const *p = pragmas; *p != NULL; p++) {
		err = tact_store_exec(store, *p);
		if (err != TACT_OK)
			goto out;
	}
	err = migrate(store);
	if (err != TACT_OK)
		goto out;
	*out = store;
	store = NULL;
out:
	tact_store_close(store);
	return err;
}

void tact_store_close(struct tact_store *store)
{
	if (store == NULL)
		return;
	for (size_t i = 0; i < store->cached; i++)
		sqlite3_finalize(store->cache[i].stmt);
	sqlite3_finalize(store->sync_stmt[0]);
	sqlite3_finalize(store->sync_stmt[1]);
	if (sqlite3_close(store->db) != SQLITE_OK)
		tact_log_warn("database: close with statements still open");
	free(store);
}

int tact_store_schema_version(const struct tact_store *store)
{
	return store->schema_version;
}

sqlite3 *tact_store_db(struct tact_store *store)
{
	return store->db;
}

enum tact_err tact_store_setting_get(struct tact_store *store, const char *key, char **value)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	*value = NULL;
	err = tact_store_prepare(store, "SELECT value FROM settings WHERE key = ?1", &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		*value = strdup(text != NULL ? (const char *)text : "");
		err = *value != NULL ? TACT_OK : TACT_ERR_NOMEM;
	} else if (rc == SQLITE_DONE) {
		err = TACT_ERR_NOT_FOUND;
	} else {
		err = log_sqlite(store->db, rc, "read setting");
	}
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_store_setting_put(struct tact_store *store, const char *key, const char *value)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	err = tact_store_prepare(store,
				 "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
				 " ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3",
				 &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		err = log_sqlite(store->db, rc, "write setting");
	tact_store_finalize(store, stmt);
	return err;
}
