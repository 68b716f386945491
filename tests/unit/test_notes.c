#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tact/notes.h"
#include "tact/store.h"
#include "tact/vault.h"
#include "testutil.h"

#define PASS "correct horse battery staple"
#define BACKUP_PASS "backup passphrase"
#define NOW 1795000000

struct fixture {
	char *dir;
	char db[4096];
	struct tact_store *store;
	struct tact_vault *vault;
};

static void open_folder(struct fixture *f)
{
	f->dir = make_temp_dir();
	snprintf(f->db, sizeof(f->db), "%s/tact.db", f->dir);
	assert_int_equal(tact_store_open(f->db, &f->store), TACT_OK);
	assert_int_equal(tact_vault_open(f->store, f->dir, 60, &f->vault), TACT_OK);
}

static void close_folder(struct fixture *f)
{
	tact_vault_free(f->vault);
	tact_store_close(f->store);
	remove_tree(f->dir);
	free(f->dir);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	setenv(TACT_VAULT_PWHASH_FAST_ENV, "1", 1);
	open_folder(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	close_folder(f);
	free(f);
	return 0;
}

static json_object *tags_of(const char *a, const char *b)
{
	json_object *arr = json_object_new_array();

	if (a != NULL)
		json_object_array_add(arr, json_object_new_string(a));
	if (b != NULL)
		json_object_array_add(arr, json_object_new_string(b));
	return arr;
}

static int64_t put(struct fixture *f, const char *key, const char *text, json_object *tags,
		   int64_t now)
{
	int64_t revision = 0, updated_at = 0;

	assert_int_equal(
	    tact_notes_put(f->store, f->vault, key, text, tags, now, &revision, &updated_at),
	    TACT_OK);
	assert_int_equal(updated_at, now);
	json_object_put(tags);
	return revision;
}

static enum tact_err get(struct fixture *f, const char *key, json_object **out)
{
	char why[512] = "";
	enum tact_err err = tact_notes_get(f->store, f->vault, key, out, why, sizeof(why));

	if (err == TACT_ERR_DB)
		assert_non_null(strstr(why, key)); /* the error names the note */
	return err;
}

static const char *field(json_object *obj, const char *name)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(obj, name, &v));
	return json_object_get_string(v);
}

static int64_t int_field(json_object *obj, const char *name)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(obj, name, &v));
	return json_object_get_int64(v);
}

static json_object *list(struct fixture *f, const char *query, const char *tag, size_t limit,
			 const char *cursor)
{
	json_object *out = NULL;

	assert_int_equal(tact_notes_list(f->store, f->vault, query, tag, limit, cursor, &out),
			 TACT_OK);
	return out;
}

static size_t item_count(json_object *page)
{
	json_object *items = NULL;

	assert_true(json_object_object_get_ex(page, "items", &items));
	return json_object_array_length(items);
}

static void put_get_delete(void **state)
{
	struct fixture *f = *state;
	json_object *note = NULL;
	int exists = -1;

	assert_int_equal(tact_notes_exists(f->store, f->vault, "/in/jana/", &exists), TACT_OK);
	assert_int_equal(exists, 0);
	assert_int_equal(get(f, "/in/jana/", &note), TACT_ERR_NOT_FOUND);
	assert_int_equal(put(f, "/in/jana/", "Met at KubeCon", tags_of("conf", ""), NOW), 1);
	assert_int_equal(
	    put(f, "/in/jana/", "Met at KubeCon; talk Kafka", tags_of("conf", "kafka"), NOW + 5),
	    2);
	assert_int_equal(get(f, "/in/jana/", &note), TACT_OK);
	assert_string_equal(field(note, "key"), "/in/jana/");
	assert_string_equal(field(note, "text"), "Met at KubeCon; talk Kafka");
	assert_string_equal(field(note, "updated_at"), "2026-11-18T11:06:45Z");
	assert_int_equal(int_field(note, "revision"), 2);
	assert_string_equal(json_object_to_json_string_ext(json_object_object_get(note, "tags"),
							   JSON_C_TO_STRING_PLAIN),
			    "[\"conf\",\"kafka\"]");
	json_object_put(note);
	assert_int_equal(tact_notes_exists(f->store, f->vault, "/in/jana/", &exists), TACT_OK);
	assert_int_equal(exists, 1);
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/jana/"), TACT_OK);
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/jana/"), TACT_ERR_NOT_FOUND);
	assert_int_equal(get(f, "/in/jana/", &note), TACT_ERR_NOT_FOUND);
	assert_int_equal(tact_notes_exists(f->store, f->vault, "/in/jana/", &exists), TACT_OK);
	assert_int_equal(exists, 0);
}

static void list_search_and_pages(void **state)
{
	struct fixture *f = *state;
	char long_text[400];
	json_object *page;
	json_object *items;
	const char *cursor;
	char saved[TACT_NOTES_CURSOR_MAX];

	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	memcpy(long_text + 159, "\xc3\xa9", 2); /* an é across the preview cut */
	put(f, "/in/a/", "Met at Web Summit", tags_of("Event", NULL), NOW + 1);
	put(f, "/in/b/", "Former colleague at ORION", tags_of("work", NULL), NOW + 2);
	put(f, "/in/c/", long_text, NULL, NOW + 3);
	put(f, "/in/d/", "Recruiter, maybe later", tags_of("work", "event"), NOW + 4);
	put(f, "/in/e/", "Kafka person", NULL, NOW + 5);

	page = list(f, NULL, NULL, 50, NULL);
	assert_int_equal(item_count(page), 5);
	items = json_object_object_get(page, "items");
	assert_string_equal(field(json_object_array_get_idx(items, 0), "key"), "/in/e/");
	assert_string_equal(field(json_object_array_get_idx(items, 4), "key"), "/in/a/");
	assert_int_equal(strlen(field(json_object_array_get_idx(items, 2), "preview")), 159);
	assert_null(json_object_object_get(page, "next_cursor"));
	assert_int_equal(int_field(page, "damaged"), 0);
	json_object_put(page);

	page = list(f, "orion", NULL, 50, NULL); /* case ignored, in the text */
	assert_int_equal(item_count(page), 1);
	json_object_put(page);
	page = list(f, "/IN/E", NULL, 50, NULL); /* in the key */
	assert_int_equal(item_count(page), 1);
	json_object_put(page);
	page = list(f, "even", NULL, 50, NULL); /* in tags */
	assert_int_equal(item_count(page), 2);
	json_object_put(page);
	page = list(f, NULL, "EVENT", 50, NULL); /* exact tag */
	assert_int_equal(item_count(page), 2);
	json_object_put(page);
	page = list(f, "later", "work", 50, NULL);
	assert_int_equal(item_count(page), 1);
	json_object_put(page);

	/* Pages of two: e d | c b | a. */
	page = list(f, NULL, NULL, 2, NULL);
	assert_int_equal(item_count(page), 2);
	cursor = field(page, "next_cursor");
	snprintf(saved, sizeof(saved), "%s", cursor);
	json_object_put(page);
	page = list(f, NULL, NULL, 2, saved);
	items = json_object_object_get(page, "items");
	assert_string_equal(field(json_object_array_get_idx(items, 0), "key"), "/in/c/");
	snprintf(saved, sizeof(saved), "%s", field(page, "next_cursor"));
	json_object_put(page);
	page = list(f, NULL, NULL, 2, saved);
	assert_int_equal(item_count(page), 1);
	assert_null(json_object_object_get(page, "next_cursor"));
	json_object_put(page);
	/* Exactly a page left: no cursor. */
	page = list(f, NULL, NULL, 5, NULL);
	assert_null(json_object_object_get(page, "next_cursor"));
	json_object_put(page);

	assert_int_equal(tact_notes_list(f->store, f->vault, NULL, NULL, 2, "nonsense", &page),
			 TACT_ERR_BAD_REQUEST);
}

static void exec_sql(struct fixture *f, const char *sql)
{
	assert_int_equal(tact_store_exec(f->store, sql), TACT_OK);
}

static int64_t damaged_in_list(struct fixture *f)
{
	json_object *page = list(f, NULL, NULL, 50, NULL);
	int64_t n = int_field(page, "damaged");

	json_object_put(page);
	return n;
}

/* Tamper with, truncate or swap each stored field: the note is refused with
 * an error naming it, never opened wrong, and the list reports it. */
static void tampered_truncated_swapped(void **state)
{
	struct fixture *f = *state;
	static const char *const damage[] = {
	    "UPDATE notes SET revision = revision + 1 WHERE revision = 1",
	    "UPDATE notes SET revision = 0 WHERE revision = 1",
	    "UPDATE notes SET updated_at = updated_at - 1 WHERE revision = 1",
	    "UPDATE notes SET sealed = substr(sealed, 1, length(sealed) - 1) WHERE revision = 1",
	    "UPDATE notes SET sealed = substr(sealed, 2) WHERE revision = 1",
	    "UPDATE notes SET sealed = x'' WHERE revision = 1",
	    "UPDATE notes SET sealed = zeroblob(100) WHERE revision = 1",
	    /* swap the ciphertexts of the two notes */
	    "UPDATE notes SET sealed = (SELECT sealed FROM notes n2 WHERE n2.id != notes.id)",
	    /* move the note to another contact's row */
	    "UPDATE notes SET id = x'00112233445566778899aabbccddeeff' WHERE revision = 1",
	    NULL,
	};
	json_object *note = NULL;
	sqlite3_stmt *stmt = NULL;
	unsigned char *sealed = NULL;
	int len = 0;

	put(f, "/in/victim/", "Secret reason to connect", NULL, NOW);
	put(f, "/in/other/", "Another note", NULL, NOW);
	put(f, "/in/other/", "Another note, edited", NULL, NOW); /* revision 2 */
	for (int i = 0; damage[i] != NULL; i++) {
		exec_sql(f, "SAVEPOINT t");
		exec_sql(f, damage[i]);
		if (strstr(damage[i], "SET id") != NULL)
			assert_int_equal(get(f, "/in/victim/", &note), TACT_ERR_NOT_FOUND);
		else
			assert_int_equal(get(f, "/in/victim/", &note), TACT_ERR_DB);
		assert_null(note);
		assert_true(damaged_in_list(f) >= 1);
		exec_sql(f, "ROLLBACK TO t");
		exec_sql(f, "RELEASE t");
	}
	/* Every single flipped byte of the ciphertext. */
	assert_int_equal(
	    tact_store_prepare(f->store, "SELECT sealed FROM notes WHERE revision = 1", &stmt),
	    TACT_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	len = sqlite3_column_bytes(stmt, 0);
	sealed = malloc((size_t)len);
	memcpy(sealed, sqlite3_column_blob(stmt, 0), (size_t)len);
	tact_store_finalize(f->store, stmt);
	for (int i = 0; i < len; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(
		    tact_store_prepare(f->store, "UPDATE notes SET sealed = ?1 WHERE revision = 1",
				       &stmt),
		    TACT_OK);
		sqlite3_bind_blob(stmt, 1, sealed, len, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		tact_store_finalize(f->store, stmt);
		assert_int_equal(get(f, "/in/victim/", &note), TACT_ERR_DB);
		sealed[i] ^= 0x01;
	}
	assert_int_equal(
	    tact_store_prepare(f->store, "UPDATE notes SET sealed = ?1 WHERE revision = 1", &stmt),
	    TACT_OK);
	sqlite3_bind_blob(stmt, 1, sealed, len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	tact_store_finalize(f->store, stmt);
	free(sealed);
	/* Restored, it opens again. */
	assert_int_equal(get(f, "/in/victim/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "Secret reason to connect");
	json_object_put(note);
	assert_int_equal(damaged_in_list(f), 0);
}

static void locked_vault_answers_locked(void **state)
{
	struct fixture *f = *state;
	json_object *note = NULL;
	json_object *page = NULL;
	int64_t rev = 0, at = 0;
	int exists = 0;

	put(f, "/in/jana/", "keyfile first", NULL, NOW);
	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	tact_vault_lock(f->vault);
	assert_int_equal(tact_notes_put(f->store, f->vault, "/in/x/", "t", NULL, NOW, &rev, &at),
			 TACT_ERR_LOCKED);
	assert_int_equal(get(f, "/in/jana/", &note), TACT_ERR_LOCKED);
	assert_int_equal(tact_notes_list(f->store, f->vault, NULL, NULL, 5, NULL, &page),
			 TACT_ERR_LOCKED);
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/jana/"), TACT_ERR_LOCKED);
	assert_int_equal(tact_notes_exists(f->store, f->vault, "/in/jana/", &exists),
			 TACT_ERR_LOCKED);
	assert_int_equal(
	    tact_notes_export(f->store, f->vault, BACKUP_PASS, strlen(BACKUP_PASS), &page),
	    TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_unlock(f->vault, PASS, strlen(PASS)), TACT_OK);
	assert_int_equal(get(f, "/in/jana/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "keyfile first");
	json_object_put(note);
	assert_int_equal(tact_notes_exists(f->store, f->vault, "/in/jana/", &exists), TACT_OK);
	assert_int_equal(exists, 1);
}

static int file_contains(const char *path, const char *needle)
{
	FILE *file = fopen(path, "rb");
	size_t n = strlen(needle), len = 0, cap = 0;
	char *buf = NULL;
	int found = 0;

	if (file == NULL)
		return 0;
	for (;;) {
		if (len == cap) {
			cap = cap * 2 + 65536;
			buf = realloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len, file);
		if (got == 0)
			break;
		len += got;
	}
	fclose(file);
	for (size_t i = 0; !found && i + n <= len; i++)
		found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	return found;
}

static void no_file_reveals_notes_or_contacts(void **state)
{
	struct fixture *f = *state;
	static const char *const secrets[] = {"quetzal-person", "Zephyrine", "wanderlust",
					      "mountaineering", NULL};
	DIR *d;
	struct dirent *e;
	int files = 0;

	put(f, "/in/quetzal-person/", "Zephyrine climbs; ask about mountaineering",
	    tags_of("wanderlust", NULL), NOW);
	put(f, "/in/quetzal-person/", "Zephyrine climbs; ask about mountaineering again",
	    tags_of("wanderlust", NULL), NOW);
	tact_vault_lock(f->vault);
	d = opendir(f->dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[8192];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", f->dir, e->d_name);
		files++;
		for (int i = 0; secrets[i] != NULL; i++)
			assert_false(file_contains(path, secrets[i]));
	}
	closedir(d);
	assert_true(files >= 2); /* the database and notes.key at least */
}

static void disk_full_and_read_only_lose_nothing(void **state)
{
	struct fixture *f = *state;
	char big[TACT_NOTES_TEXT_MAX + 1];
	json_object *note = NULL;
	int64_t rev = 0, at = 0;

	put(f, "/in/kept/", "stored before the disk filled", NULL, NOW);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* The database may not grow: as if the disk were full. */
	exec_sql(f, "PRAGMA max_page_count = 1");
	for (int i = 0; i < 5; i++) {
		char key[32];
		snprintf(key, sizeof(key), "/in/new-%d/", i);
		assert_int_equal(tact_notes_put(f->store, f->vault, key, big, NULL, NOW, &rev, &at),
				 TACT_ERR_DISK_FULL);
	}
	exec_sql(f, "PRAGMA max_page_count = 1073741823");
	assert_int_equal(get(f, "/in/kept/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "stored before the disk filled");
	json_object_put(note);
	assert_int_equal(get(f, "/in/new-0/", &note), TACT_ERR_NOT_FOUND);

	exec_sql(f, "PRAGMA query_only = 1");
	assert_int_equal(
	    tact_notes_put(f->store, f->vault, "/in/kept/", "overwritten", NULL, NOW, &rev, &at),
	    TACT_ERR_READ_ONLY);
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/kept/"), TACT_ERR_READ_ONLY);
	exec_sql(f, "PRAGMA query_only = 0");
	assert_int_equal(get(f, "/in/kept/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "stored before the disk filled");
	assert_int_equal(int_field(note, "revision"), 1);
	json_object_put(note);
}

/* The backup as one base64 string (caller frees). */
static char *joined_backup(json_object *exported)
{
	json_object *chunks = json_object_object_get(exported, "backup");
	size_t total = 0;
	char *out;

	for (size_t i = 0; i < json_object_array_length(chunks); i++)
		total += strlen(json_object_get_string(json_object_array_get_idx(chunks, i)));
	out = calloc(1, total + 1);
	for (size_t i = 0; i < json_object_array_length(chunks); i++)
		strcat(out, json_object_get_string(json_object_array_get_idx(chunks, i)));
	return out;
}

static json_object *import(struct fixture *f, const char *b64, enum tact_err want)
{
	json_object *out = NULL;

	assert_int_equal(tact_notes_import(f->store, f->vault, BACKUP_PASS, strlen(BACKUP_PASS),
					   b64, strlen(b64), &out),
			 want);
	return out;
}

static void expect_counts(json_object *r, int64_t added, int64_t updated, int64_t unchanged)
{
	assert_int_equal(int_field(r, "added"), added);
	assert_int_equal(int_field(r, "updated"), updated);
	assert_int_equal(int_field(r, "unchanged"), unchanged);
	assert_int_equal(int_field(r, "total"), added + updated + unchanged);
	json_object_put(r);
}

static void export_import_round_trip(void **state)
{
	struct fixture *f = *state;
	struct fixture g;
	json_object *exported = NULL;
	json_object *note = NULL;
	char *b64;

	put(f, "/in/a/", "first", tags_of("x", NULL), NOW);
	put(f, "/in/b/", "second", NULL, NOW);
	put(f, "/in/b/", "second, edited", NULL, NOW + 1);
	put(f, "/in/c/", "", NULL, NOW);
	assert_int_equal(
	    tact_notes_export(f->store, f->vault, BACKUP_PASS, strlen(BACKUP_PASS), &exported),
	    TACT_OK);
	assert_int_equal(int_field(exported, "notes"), 3);
	assert_int_equal(int_field(exported, "format"), 1);
	b64 = joined_backup(exported);
	json_object_put(exported);

	/* Into a fresh install, which has its own data key. */
	open_folder(&g);
	expect_counts(import(&g, b64, TACT_OK), 3, 0, 0);
	assert_int_equal(get(&g, "/in/b/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "second, edited");
	assert_int_equal(int_field(note, "revision"), 2);
	json_object_put(note);
	expect_counts(import(&g, b64, TACT_OK), 0, 0, 3); /* again: nothing new */
	close_folder(&g);

	/* Into the original: a newer local note is kept, an equal one left
	 * alone, a deleted one comes back. */
	put(f, "/in/a/", "first, edited locally", NULL, NOW + 2); /* revision 2 > 1 */
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/c/"), TACT_OK);
	expect_counts(import(f, b64, TACT_OK), 1, 0, 2);
	assert_int_equal(get(f, "/in/a/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "first, edited locally");
	json_object_put(note);
	free(b64);
}

static void merge_prefers_the_higher_revision(void **state)
{
	struct fixture *f = *state;
	struct fixture g;
	json_object *exported = NULL;
	json_object *note = NULL;
	char *b64;

	open_folder(&g);
	put(&g, "/in/a/", "v1", NULL, NOW);
	put(&g, "/in/a/", "v2", NULL, NOW + 1);
	put(&g, "/in/a/", "v3 from the backup", NULL, NOW + 2);
	assert_int_equal(
	    tact_notes_export(g.store, g.vault, BACKUP_PASS, strlen(BACKUP_PASS), &exported),
	    TACT_OK);
	b64 = joined_backup(exported);
	json_object_put(exported);
	close_folder(&g);
	put(f, "/in/a/", "local v1", NULL, NOW + 10);
	expect_counts(import(f, b64, TACT_OK), 0, 1, 0);
	assert_int_equal(get(f, "/in/a/", &note), TACT_OK);
	assert_string_equal(field(note, "text"), "v3 from the backup");
	assert_int_equal(int_field(note, "revision"), 3);
	json_object_put(note);
	free(b64);
}

static void tampered_backup_changes_nothing(void **state)
{
	struct fixture *f = *state;
	json_object *exported = NULL;
	json_object *out = NULL;
	unsigned char *bin;
	size_t bin_len = 0;
	char *b64;
	char *bad;

	put(f, "/in/a/", "original", NULL, NOW);
	assert_int_equal(
	    tact_notes_export(f->store, f->vault, BACKUP_PASS, strlen(BACKUP_PASS), &exported),
	    TACT_OK);
	b64 = joined_backup(exported);
	json_object_put(exported);
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/a/"), TACT_OK);

	bin = malloc(strlen(b64));
	assert_int_equal(sodium_base642bin(bin, strlen(b64), b64, strlen(b64), NULL, &bin_len, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	bad = malloc(strlen(b64) + 8);
	/* Every flipped byte, header included, is refused. */
	for (size_t i = 0; i < bin_len; i++) {
		bin[i] ^= 0x04;
		sodium_bin2base64(bad, strlen(b64) + 8, bin, bin_len,
				  sodium_base64_VARIANT_ORIGINAL);
		out = import(f, bad, TACT_ERR_BAD_REQUEST);
		assert_null(out);
		bin[i] ^= 0x04;
	}
	/* Truncated anywhere. */
	for (size_t cut = 0; cut < bin_len; cut += 7) {
		sodium_bin2base64(bad, strlen(b64) + 8, bin, cut, sodium_base64_VARIANT_ORIGINAL);
		out = import(f, bad, TACT_ERR_BAD_REQUEST);
	}
	import(f, "not base64 at all!", TACT_ERR_BAD_REQUEST);
	/* The wrong passphrase. */
	assert_int_equal(
	    tact_notes_import(f->store, f->vault, "wrong passphrase", 16, b64, strlen(b64), &out),
	    TACT_ERR_BAD_REQUEST);
	{
		json_object *page = list(f, NULL, NULL, 50, NULL);
		assert_int_equal(item_count(page), 0); /* nothing was imported */
		json_object_put(page);
	}
	expect_counts(import(f, b64, TACT_OK), 1, 0, 0);
	free(bad);
	free(bin);
	free(b64);
}

/* A revision no write could make (an edited database, a crafted backup)
 * is refused as damage, never counted on past the top of int64. */
static void revision_at_the_limit_is_damage(void **state)
{
	struct fixture *f = *state;
	static const char *const edits[] = {
	    "UPDATE notes SET revision = 9223372036854775807",
	    "UPDATE notes SET revision = 9007199254740991",
	    "UPDATE notes SET revision = 0",
	    "UPDATE notes SET revision = -5",
	};
	int64_t revision = 0, updated = 0;

	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		if (i > 0) /* the damaged note can still be deleted */
			assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/max/"),
					 TACT_OK);
		assert_int_equal(put(f, "/in/max/", "first", NULL, NOW), 1);
		exec_sql(f, edits[i]);
		assert_int_equal(tact_notes_put(f->store, f->vault, "/in/max/", "next", NULL,
						NOW + 1, &revision, &updated),
				 TACT_ERR_DAMAGED);
	}
	/* One step below the limit still works, and reaching it is refused. */
	assert_int_equal(tact_notes_delete(f->store, f->vault, "/in/max/"), TACT_OK);
	assert_int_equal(put(f, "/in/max/", "first", NULL, NOW), 1);
	exec_sql(f, "UPDATE notes SET revision = 9007199254740989");
	assert_int_equal(tact_notes_put(f->store, f->vault, "/in/max/", "next", NULL, NOW + 1,
					&revision, &updated),
			 TACT_OK);
	assert_int_equal(revision, INT64_C(9007199254740990));
	assert_int_equal(tact_notes_put(f->store, f->vault, "/in/max/", "again", NULL, NOW + 2,
					&revision, &updated),
			 TACT_ERR_DAMAGED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(put_get_delete, setup, teardown),
	    cmocka_unit_test_setup_teardown(list_search_and_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(tampered_truncated_swapped, setup, teardown),
	    cmocka_unit_test_setup_teardown(locked_vault_answers_locked, setup, teardown),
	    cmocka_unit_test_setup_teardown(no_file_reveals_notes_or_contacts, setup, teardown),
	    cmocka_unit_test_setup_teardown(disk_full_and_read_only_lose_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(export_import_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(merge_prefers_the_higher_revision, setup, teardown),
	    cmocka_unit_test_setup_teardown(tampered_backup_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(revision_at_the_limit_is_damage, setup, teardown),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
