#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tact/paths.h"
#include "tact/store.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char db[4096];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	fx->dir = make_temp_dir();
	snprintf(fx->db, sizeof(fx->db), "%s/tact.db", fx->dir);
	*state = fx;
	return fx->dir != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static void creates_private_wal_database(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;
	sqlite3_stmt *stmt = NULL;
	struct stat st;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_schema_version(store), tact_store_schema_latest());
	assert_int_equal(stat(fx->db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(tact_store_prepare(store, "PRAGMA journal_mode", &stmt), TACT_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	tact_store_finalize(store, stmt);
	tact_store_close(store);
}

static void settings_survive_reopen(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;
	char *value = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_setting_get(store, "k", &value), TACT_ERR_NOT_FOUND);
	assert_int_equal(tact_store_setting_put(store, "k", "one"), TACT_OK);
	assert_int_equal(tact_store_setting_put(store, "k", "two"), TACT_OK);
	tact_store_close(store);

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_setting_get(store, "k", &value), TACT_OK);
	assert_string_equal(value, "two");
	free(value);
	tact_store_close(store);
}

static void refuses_newer_schema(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_exec(store, "PRAGMA user_version = 999"), TACT_OK);
	tact_store_close(store);
	assert_int_equal(tact_store_open(fx->db, &store), TACT_ERR_DB);
	assert_null(store);
}

/* A database left by an older host is brought up to date in place, its rows kept. */
static void upgrades_an_older_schema(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;
	sqlite3_stmt *stmt = NULL;
	char *value = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_setting_put(store, "k", "kept"), TACT_OK);
	/* As version 3 left it: no index on the decisions' time, the company
	 * index without the contact, no record digests. */
	assert_int_equal(
	    tact_store_exec(store, "ALTER TABLE invitations DROP COLUMN record_digest"), TACT_OK);
	assert_int_equal(tact_store_exec(store, "DROP INDEX decisions_time"), TACT_OK);
	assert_int_equal(tact_store_exec(store, "DROP INDEX invitations_company_seen"), TACT_OK);
	assert_int_equal(tact_store_exec(store, "CREATE INDEX invitations_company"
						" ON invitations (company, first_seen)"),
			 TACT_OK);
	assert_int_equal(tact_store_exec(store, "PRAGMA user_version = 3"), TACT_OK);
	tact_store_close(store);

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_schema_version(store), tact_store_schema_latest());
	assert_int_equal(tact_store_prepare(store,
					    "SELECT COUNT(*) FROM sqlite_master"
					    " WHERE type = 'index' AND name = 'decisions_time'",
					    &stmt),
			 TACT_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 1);
	tact_store_finalize(store, stmt);
	assert_int_equal(
	    tact_store_prepare(store,
			       "SELECT group_concat(name) FROM sqlite_master"
			       " WHERE type = 'index' AND name LIKE 'invitations_company%'",
			       &stmt),
	    TACT_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "invitations_company_seen");
	tact_store_finalize(store, stmt);
	assert_int_equal(tact_store_exec(store, "SELECT record_digest FROM invitations"), TACT_OK);
	assert_int_equal(tact_store_setting_get(store, "k", &value), TACT_OK);
	assert_string_equal(value, "kept");
	free(value);
	tact_store_close(store);
}

/* A database that refuses writes answers read_only and keeps what it had.
 * query_only makes SQLite refuse as a read-only file would, for root too
 * (file modes do not stop root). */
static void read_only_database_keeps_data(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;
	char *value = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_setting_put(store, "k", "kept"), TACT_OK);
	assert_int_equal(tact_store_exec(store, "PRAGMA query_only = 1"), TACT_OK);
	assert_int_equal(tact_store_setting_put(store, "k", "lost"), TACT_ERR_READ_ONLY);
	tact_store_close(store);
	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_setting_get(store, "k", &value), TACT_OK);
	assert_string_equal(value, "kept");
	free(value);
	tact_store_close(store);
}

static void maps_sqlite_errors(void **state)
{
	(void)state;
	assert_int_equal(tact_store_error(NULL, SQLITE_FULL), TACT_ERR_DISK_FULL);
	assert_int_equal(tact_store_error(NULL, SQLITE_READONLY_DBMOVED), TACT_ERR_READ_ONLY);
	assert_int_equal(tact_store_error(NULL, SQLITE_DONE), TACT_OK);
	assert_int_equal(tact_store_error(NULL, SQLITE_CORRUPT), TACT_ERR_DB);
}

static void paths_follow_environment(void **state)
{
	struct tact_paths paths;

	(void)state;
	unsetenv("TACT_HOME");
	setenv("HOME", "/home/someone", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	assert_int_equal(tact_paths_resolve(&paths), TACT_OK);
	assert_string_equal(paths.data_dir, "/data/tact");
	assert_string_equal(paths.config_dir, "/home/someone/.config/tact");
	assert_string_equal(paths.db_file, "/data/tact/tact.db");
	setenv("TACT_HOME", "/portable", 1);
	assert_int_equal(tact_paths_resolve(&paths), TACT_OK);
	assert_string_equal(paths.data_dir, "/portable");
	assert_string_equal(paths.config_file, "/portable/config.json");
	unsetenv("TACT_HOME");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
}

static void make_dir_is_private(void **state)
{
	struct fixture *fx = *state;
	char nested[4096];
	struct stat st;

	snprintf(nested, sizeof(nested), "%s/a/b/c", fx->dir);
	assert_int_equal(tact_paths_make_dir(nested), TACT_OK);
	assert_int_equal(stat(nested, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(tact_paths_make_dir(nested), TACT_OK);
}

/* A statement is prepared once and handed out again once given back, reset
 * and with its bindings cleared; one still in use is never handed out twice. */
static void statements_are_reused(void **state)
{
	static const char sql[] = "SELECT ?1";
	struct fixture *fx = *state;
	struct tact_store *store = NULL;
	sqlite3_stmt *first = NULL;
	sqlite3_stmt *second = NULL;
	sqlite3_stmt *again = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(tact_store_prepare(store, sql, &first), TACT_OK);
	assert_int_equal(sqlite3_bind_int(first, 1, 42), SQLITE_OK);
	assert_int_equal(sqlite3_step(first), SQLITE_ROW);
	/* Held: the same text gets a statement of its own. */
	assert_int_equal(tact_store_prepare(store, sql, &second), TACT_OK);
	assert_ptr_not_equal(first, second);
	tact_store_finalize(store, second);
	tact_store_finalize(store, first);
	assert_int_equal(tact_store_prepare(store, sql, &again), TACT_OK);
	assert_ptr_equal(again, first);
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(again, 0), SQLITE_NULL); /* 42 is gone */
	tact_store_finalize(store, again);
	tact_store_finalize(store, NULL);
	/* Found by its text, not where the text lives: a buffer reused for
	 * other SQL gets that SQL (a user_version PRAGMA is built this way). */
	char built[32];
	snprintf(built, sizeof(built), "SELECT %d", 1);
	assert_int_equal(tact_store_prepare(store, built, &again), TACT_OK);
	tact_store_finalize(store, again);
	snprintf(built, sizeof(built), "SELECT %d", 2);
	assert_int_equal(tact_store_prepare(store, built, &again), TACT_OK);
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(again, 0), 2);
	tact_store_finalize(store, again);
	tact_store_close(store);
}

static int synchronous_level(struct tact_store *store)
{
	sqlite3_stmt *stmt = NULL;
	int level = -1;

	assert_int_equal(tact_store_prepare(store, "PRAGMA synchronous", &stmt), TACT_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		level = sqlite3_column_int(stmt, 0);
	tact_store_finalize(store, stmt);
	return level;
}

/* A relaxed transaction is NORMAL (1) while it runs; commit and rollback
 * bring the connection back to FULL (2) for everything after. */
static void relaxed_is_one_transaction_only(void **state)
{
	struct fixture *fx = *state;
	struct tact_store *store = NULL;

	assert_int_equal(tact_store_open(fx->db, &store), TACT_OK);
	assert_int_equal(synchronous_level(store), 2);
	assert_int_equal(tact_store_begin_relaxed(store), TACT_OK);
	assert_int_equal(synchronous_level(store), 1);
	assert_int_equal(tact_store_setting_put(store, "k", "v"), TACT_OK);
	assert_int_equal(tact_store_commit(store), TACT_OK);
	assert_int_equal(synchronous_level(store), 2);
	assert_int_equal(tact_store_begin_relaxed(store), TACT_OK);
	tact_store_rollback(store);
	assert_int_equal(synchronous_level(store), 2);
	assert_int_equal(tact_store_begin(store), TACT_OK);
	assert_int_equal(synchronous_level(store), 2);
	assert_int_equal(tact_store_commit(store), TACT_OK);
	tact_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(creates_private_wal_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(settings_survive_reopen, setup, teardown),
	    cmocka_unit_test_setup_teardown(statements_are_reused, setup, teardown),
	    cmocka_unit_test_setup_teardown(relaxed_is_one_transaction_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(refuses_newer_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(upgrades_an_older_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(read_only_database_keeps_data, setup, teardown),
	    cmocka_unit_test(maps_sqlite_errors),
	    cmocka_unit_test(paths_follow_environment),
	    cmocka_unit_test_setup_teardown(make_dir_is_private, setup, teardown),
	};
	umask(077);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
