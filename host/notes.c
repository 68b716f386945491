#include "tact/notes.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "tact/json.h"
#include "tact/log.h"

#define NOTE_AD_LABEL "tact-note"
#define NOTE_AD_BYTES (sizeof(NOTE_AD_LABEL) - 1 + 1 + TACT_VAULT_HASH_BYTES + 8 + 8)
#define PAYLOAD_VERSION 1u
#define BACKUP_MAGIC "TACTNOTE"
#define BACKUP_MAGIC_BYTES 8u
/* magic, format, algorithm, opslimit, memlimit, salt, nonce */
#define BACKUP_HEADER_BYTES                                                                        \
	(BACKUP_MAGIC_BYTES + 1u + 1u + 8u + 8u + TACT_VAULT_SALT_BYTES + TACT_VAULT_NONCE_BYTES)
#define BACKUP_NOTE_HEAD_BYTES (8u + 8u + 4u)

/* A note's fields, pointing into a payload or a request (borrowed). */
struct note_fields {
	const char *key;
	size_t key_len;
	const char *text;
	size_t text_len;
	size_t tag_count;
	const char *tags[TACT_NOTES_TAGS_MAX];
	size_t tag_lens[TACT_NOTES_TAGS_MAX];
};

/* ---- little-endian helpers ---- */

static void put_u16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v & 0xffu);
	p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

static uint16_t get_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void tact_notes_iso8601(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (cap > 0)
			out[0] = '\0';
	}
}

/* ---- the sealed payload: version, key, text, tags ---- */

static size_t payload_size(const struct note_fields *f)
{
	size_t n = 1 + 4 + f->key_len + 4 + f->text_len + 1;

	for (size_t i = 0; i < f->tag_count; i++)
		n += 2 + f->tag_lens[i];
	return n;
}

static void payload_write(const struct note_fields *f, unsigned char *p)
{
	*p++ = (unsigned char)PAYLOAD_VERSION;
	put_u32(p, (uint32_t)f->key_len);
	p += 4;
	memcpy(p, f->key, f->key_len);
	p += f->key_len;
	put_u32(p, (uint32_t)f->text_len);
	p += 4;
	memcpy(p, f->text, f->text_len);
	p += f->text_len;
	*p++ = (unsigned char)f->tag_count;
	for (size_t i = 0; i < f->tag_count; i++) {
		put_u16(p, (uint16_t)f->tag_lens[i]);
		p += 2;
		memcpy(p, f->tags[i], f->tag_lens[i]);
		p += f->tag_lens[i];
	}
}

/* Reads a payload; f points into p. Returns 0 when it is not one. */
static int payload_parse(const unsigned char *p, size_t len, struct note_fields *f)
{
	size_t pos = 0;

	memset(f, 0, sizeof(*f));
	if (len < 1 || p[0] != PAYLOAD_VERSION)
		return 0;
	pos = 1;
	if (len - pos < 4)
		return 0;
	f->key_len = get_u32(p + pos);
	pos += 4;
	if (f->key_len == 0 || f->key_len > TACT_NOTES_KEY_MAX || len - pos < f->key_len)
		return 0;
	f->key = (const char *)p + pos;
	pos += f->key_len;
	if (len - pos < 4)
		return 0;
	f->text_len = get_u32(p + pos);
	pos += 4;
	if (f->text_len > TACT_NOTES_TEXT_MAX || len - pos < f->text_len)
		return 0;
	f->text = (const char *)p + pos;
	pos += f->text_len;
	if (len - pos < 1)
		return 0;
	f->tag_count = p[pos++];
	if (f->tag_count > TACT_NOTES_TAGS_MAX)
		return 0;
	for (size_t i = 0; i < f->tag_count; i++) {
		if (len - pos < 2)
			return 0;
		f->tag_lens[i] = get_u16(p + pos);
		pos += 2;
		if (f->tag_lens[i] > TACT_NOTES_TAG_MAX || len - pos < f->tag_lens[i])
			return 0;
		f->tags[i] = (const char *)p + pos;
		pos += f->tag_lens[i];
	}
	return pos == len;
}

static void note_ad(const unsigned char id[TACT_VAULT_HASH_BYTES], int64_t revision,
		    int64_t updated_at, unsigned char ad[NOTE_AD_BYTES])
{
	const size_t label = sizeof(NOTE_AD_LABEL) - 1;

	memcpy(ad, NOTE_AD_LABEL, label);
	ad[label] = (unsigned char)TACT_NOTES_SCHEMA;
	memcpy(ad + label + 1, id, TACT_VAULT_HASH_BYTES);
	put_u64(ad + label + 1 + TACT_VAULT_HASH_BYTES, (uint64_t)revision);
	put_u64(ad + label + 1 + TACT_VAULT_HASH_BYTES + 8, (uint64_t)updated_at);
}

/* A sodium_malloc'd buffer that remembers its size, wiped when freed. */
struct secret {
	unsigned char *p;
	size_t len;
};

static enum tact_err secret_alloc(struct secret *s, size_t len)
{
	s->len = len;
	s->p = sodium_malloc(len > 0 ? len : 1);
	return s->p != NULL ? TACT_OK : TACT_ERR_NOMEM;
}

static void secret_free(struct secret *s)
{
	if (s->p != NULL)
		sodium_free(s->p);
	s->p = NULL;
	s->len = 0;
}

/* Opens one row's ciphertext into *plain (caller frees with secret_free). */
static enum tact_err open_row(const struct tact_vault *vault, const unsigned char *id,
			      int64_t revision, int64_t updated_at, const unsigned char *sealed,
			      size_t sealed_len, struct secret *plain, struct note_fields *f)
{
	unsigned char ad[NOTE_AD_BYTES];
	enum tact_err err;

	plain->p = NULL;
	if (sealed_len < TACT_VAULT_SEAL_OVERHEAD)
		return TACT_ERR_DB;
	err = secret_alloc(plain, sealed_len - TACT_VAULT_SEAL_OVERHEAD);
	if (err != TACT_OK)
		return err;
	note_ad(id, revision, updated_at, ad);
	err = tact_vault_open_sealed(vault, ad, sizeof(ad), sealed, sealed_len, plain->p);
	if (err == TACT_OK && !payload_parse(plain->p, plain->len, f))
		err = TACT_ERR_DB;
	if (err != TACT_OK)
		secret_free(plain);
	return err;
}

/* Seals f for row id at revision / updated_at into a malloc'd buffer. */
static enum tact_err seal_fields(const struct tact_vault *vault, const unsigned char *id,
				 int64_t revision, int64_t updated_at, const struct note_fields *f,
				 unsigned char **out, size_t *out_len)
{
	struct secret plain = {NULL, 0};
	unsigned char ad[NOTE_AD_BYTES];
	unsigned char *sealed = NULL;
	enum tact_err err;

	*out = NULL;
	err = secret_alloc(&plain, payload_size(f));
	if (err != TACT_OK)
		return err;
	payload_write(f, plain.p);
	sealed = malloc(plain.len + TACT_VAULT_SEAL_OVERHEAD);
	if (sealed == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	note_ad(id, revision, updated_at, ad);
	err = tact_vault_seal(vault, ad, sizeof(ad), plain.p, plain.len, sealed);
	if (err != TACT_OK)
		goto out;
	*out = sealed;
	*out_len = plain.len + TACT_VAULT_SEAL_OVERHEAD;
	sealed = NULL;
out:
	free(sealed);
	secret_free(&plain);
	return err;
}

static enum tact_err step_error(struct tact_store *store, int rc, const char *what)
{
	enum tact_err err = tact_store_error(store, rc);

	tact_log_error("notes: %s: %s", what, sqlite3_errmsg(tact_store_db(store)));
	return err == TACT_OK ? TACT_ERR_DB : err;
}

/* The stored revision of id, 0 when absent. */
static enum tact_err read_revision(struct tact_store *store, const unsigned char *id,
				   int64_t *revision)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err =
	    tact_store_prepare(store, "SELECT revision FROM notes WHERE id = ?1", &stmt);
	int rc;

	*revision = 0;
	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, id, (int)TACT_VAULT_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*revision = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		err = step_error(store, rc, "read revision");
	tact_store_finalize(store, stmt);
	/* No write makes a revision below 1 or at the top of the range: the
	 * database was edited, and counting on would overflow. */
	if (err == TACT_OK && rc == SQLITE_ROW &&
	    (*revision < 1 || *revision >= TACT_NOTES_REVISION_MAX)) {
		tact_log_error("a note in the database has revision %lld, which no write makes; "
			       "restore tact.db from a backup or delete that note",
			       (long long)*revision);
		err = TACT_ERR_DAMAGED;
	}
	return err;
}

static enum tact_err write_note(struct tact_store *store, const unsigned char *id,
				const unsigned char *sealed, size_t sealed_len, int64_t revision,
				int64_t updated_at)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err =
	    tact_store_prepare(store,
			       "INSERT OR REPLACE INTO notes (id, sealed, revision, updated_at)"
			       " VALUES (?1, ?2, ?3, ?4)",
			       &stmt);
	int rc;

	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, id, (int)TACT_VAULT_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, sealed, (int)sealed_len, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, revision);
	sqlite3_bind_int64(stmt, 4, updated_at);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		err = step_error(store, rc, "write note");
	tact_store_finalize(store, stmt);
	return err;
}

/* Reads tags (a JSON array of strings, validated by the caller) into f,
 * dropping empty ones. */
static enum tact_err fields_from_request(const char *key, const char *text, json_object *tags,
					 struct note_fields *f)
{
	size_t n = tags != NULL ? json_object_array_length(tags) : 0;

	memset(f, 0, sizeof(*f));
	f->key = key;
	f->key_len = strlen(key);
	f->text = text;
	f->text_len = strlen(text);
	if (f->key_len == 0 || f->key_len > TACT_NOTES_KEY_MAX ||
	    f->text_len > TACT_NOTES_TEXT_MAX || n > TACT_NOTES_TAGS_MAX)
		return TACT_ERR_BAD_REQUEST;
	for (size_t i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(tags, i);
		size_t len;
		if (!json_object_is_type(t, json_type_string))
			return TACT_ERR_BAD_REQUEST;
		len = (size_t)json_object_get_string_len(t);
		if (len > TACT_NOTES_TAG_MAX)
			return TACT_ERR_BAD_REQUEST;
		if (len == 0)
			continue;
		f->tags[f->tag_count] = json_object_get_string(t);
		f->tag_lens[f->tag_count] = len;
		f->tag_count++;
	}
	return TACT_OK;
}

enum tact_err tact_notes_put(struct tact_store *store, struct tact_vault *vault, const char *key,
			     const char *text, json_object *tags, int64_t now, int64_t *revision,
			     int64_t *updated_at)
{
	unsigned char id[TACT_VAULT_HASH_BYTES];
	struct note_fields f;
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	int64_t old = 0;
	enum tact_err err;

	err = fields_from_request(key, text, tags, &f);
	if (err != TACT_OK)
		return err;
	err = tact_vault_ready(vault, 1);
	if (err != TACT_OK)
		return err;
	err = tact_vault_contact_id(vault, f.key, f.key_len, id);
	if (err != TACT_OK)
		return err;
	err = tact_store_begin(store);
	if (err != TACT_OK)
		return err;
	err = read_revision(store, id, &old);
	if (err != TACT_OK)
		goto out;
	if (old + 1 >= TACT_NOTES_REVISION_MAX) {
		err = TACT_ERR_DAMAGED; /* 2^53 writes to one note: only an edit gets here */
		goto out;
	}
	err = seal_fields(vault, id, old + 1, now, &f, &sealed, &sealed_len);
	if (err != TACT_OK)
		goto out;
	err = write_note(store, id, sealed, sealed_len, old + 1, now);
	if (err != TACT_OK)
		goto out;
	err = tact_store_commit(store);
	if (err != TACT_OK)
		goto out;
	*revision = old + 1;
	*updated_at = now;
out:
	if (err != TACT_OK)
		tact_store_rollback(store);
	free(sealed);
	return err;
}

static json_object *string_of(const char *s, size_t len)
{
	return json_object_new_string_len(s, (int)len);
}

static json_object *tags_json(const struct note_fields *f)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; arr != NULL && i < f->tag_count; i++)
		tact_json_push(arr, string_of(f->tags[i], f->tag_lens[i]));
	return arr;
}

static void add_time(json_object *obj, int64_t t)
{
	char iso[32];

	tact_notes_iso8601(t, iso, sizeof(iso));
	tact_json_set(obj, "updated_at", json_object_new_string(iso));
}

/* Runs "SELECT sealed, revision, updated_at FROM notes WHERE id = ?". */
static enum tact_err find_row(struct tact_store *store, const unsigned char *id,
			      sqlite3_stmt **stmt)
{
	enum tact_err err = tact_store_prepare(
	    store, "SELECT sealed, revision, updated_at FROM notes WHERE id = ?1", stmt);
	int rc;

	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(*stmt, 1, id, (int)TACT_VAULT_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(*stmt);
	if (rc == SQLITE_ROW)
		return TACT_OK;
	if (rc == SQLITE_DONE)
		return TACT_ERR_NOT_FOUND;
	return step_error(store, rc, "read note");
}

enum tact_err tact_notes_get(struct tact_store *store, struct tact_vault *vault, const char *key,
			     json_object **out, char *why, size_t why_len)
{
	unsigned char id[TACT_VAULT_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	struct secret plain = {NULL, 0};
	struct note_fields f;
	json_object *obj = NULL;
	int64_t revision, updated_at;
	enum tact_err err;

	*out = NULL;
	err = tact_vault_ready(vault, 0);
	if (err != TACT_OK)
		return err;
	err = tact_vault_contact_id(vault, key, strlen(key), id);
	if (err != TACT_OK)
		return err;
	err = find_row(store, id, &stmt);
	if (err != TACT_OK)
		goto out;
	revision = sqlite3_column_int64(stmt, 1);
	updated_at = sqlite3_column_int64(stmt, 2);
	err = open_row(vault, id, revision, updated_at, sqlite3_column_blob(stmt, 0),
		       (size_t)sqlite3_column_bytes(stmt, 0), &plain, &f);
	if (err == TACT_OK && (f.key_len != strlen(key) || memcmp(f.key, key, f.key_len) != 0))
		err = TACT_ERR_DB;
	if (err == TACT_ERR_DB) {
		tact_log_warn("notes: a stored note failed to open (damaged or tampered with)");
		snprintf(
		    why, why_len,
		    "The note for \"%s\" is damaged or was tampered with; it cannot be opened. "
		    "Delete it or restore it from a backup.",
		    key);
		goto out;
	}
	if (err != TACT_OK)
		goto out;
	obj = json_object_new_object();
	if (obj == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	tact_json_set(obj, "key", json_object_new_string(key));
	tact_json_set(obj, "text", string_of(f.text, f.text_len));
	tact_json_set(obj, "tags", tags_json(&f));
	add_time(obj, updated_at);
	tact_json_set(obj, "revision", json_object_new_int64(revision));
	*out = obj;
out:
	secret_free(&plain);
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_notes_delete(struct tact_store *store, struct tact_vault *vault, const char *key)
{
	unsigned char id[TACT_VAULT_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	err = tact_vault_ready(vault, 0);
	if (err != TACT_OK)
		return err;
	err = tact_vault_contact_id(vault, key, strlen(key), id);
	if (err != TACT_OK)
		return err;
	err = tact_store_prepare(store, "DELETE FROM notes WHERE id = ?1", &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_blob(stmt, 1, id, (int)TACT_VAULT_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		err = step_error(store, rc, "delete note");
	else if (sqlite3_changes(tact_store_db(store)) == 0)
		err = TACT_ERR_NOT_FOUND;
	tact_store_finalize(store, stmt);
	return err;
}

enum tact_err tact_notes_exists(struct tact_store *store, struct tact_vault *vault, const char *key,
				int *exists)
{
	unsigned char id[TACT_VAULT_HASH_BYTES];
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;

	*exists = 0;
	err = tact_vault_ready(vault, 0);
	if (err == TACT_ERR_NOT_FOUND)
		return TACT_OK;
	if (err != TACT_OK)
		return err;
	err = tact_vault_contact_id(vault, key, strlen(key), id);
	if (err != TACT_OK)
		return err;
	err = find_row(store, id, &stmt);
	if (err == TACT_OK)
		*exists = 1;
	else if (err == TACT_ERR_NOT_FOUND)
		err = TACT_OK;
	tact_store_finalize(store, stmt);
	return err;
}

/* ---- list and search ---- */

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static int contains_fold(const char *hay, size_t hay_len, const char *needle, size_t n)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i + n <= hay_len; i++) {
		size_t j = 0;
		while (j < n && ascii_lower((unsigned char)hay[i + j]) ==
				    ascii_lower((unsigned char)needle[j]))
			j++;
		if (j == n)
			return 1;
	}
	return 0;
}

static int equals_fold(const char *a, size_t a_len, const char *b, size_t b_len)
{
	return a_len == b_len && contains_fold(a, a_len, b, b_len);
}

static int note_matches(const struct note_fields *f, const char *query, const char *tag)
{
	if (tag != NULL && tag[0] != '\0') {
		int found = 0;
		for (size_t i = 0; i < f->tag_count && !found; i++)
			found = equals_fold(f->tags[i], f->tag_lens[i], tag, strlen(tag));
		if (!found)
			return 0;
	}
	if (query != NULL && query[0] != '\0') {
		size_t n = strlen(query);
		int found = contains_fold(f->key, f->key_len, query, n) ||
			    contains_fold(f->text, f->text_len, query, n);
		for (size_t i = 0; i < f->tag_count && !found; i++)
			found = contains_fold(f->tags[i], f->tag_lens[i], query, n);
		if (!found)
			return 0;
	}
	return 1;
}

/* The first bytes of text, cut on a UTF-8 character boundary. */
static size_t preview_len(const char *text, size_t len)
{
	size_t n = len;

	if (n <= TACT_NOTES_PREVIEW_BYTES)
		return n;
	n = TACT_NOTES_PREVIEW_BYTES;
	while (n > 0 && ((unsigned char)text[n] & 0xc0u) == 0x80u)
		n--;
	return n;
}

static void cursor_of(int64_t updated_at, const unsigned char *id, char *out, size_t cap)
{
	char hex[TACT_VAULT_HASH_BYTES * 2 + 1];

	sodium_bin2hex(hex, sizeof(hex), id, TACT_VAULT_HASH_BYTES);
	snprintf(out, cap, "%" PRId64 ".%s", updated_at, hex);
}

static int cursor_parse(const char *cursor, int64_t *updated_at, unsigned char *id)
{
	const char *dot = strchr(cursor, '.');
	size_t bin_len = 0;
	char *end = NULL;
	long long t;

	if (dot == NULL || dot == cursor || strlen(dot + 1) != TACT_VAULT_HASH_BYTES * 2)
		return 0;
	t = strtoll(cursor, &end, 10);
	if (end != dot || t < 0)
		return 0;
	if (sodium_hex2bin(id, TACT_VAULT_HASH_BYTES, dot + 1, TACT_VAULT_HASH_BYTES * 2, NULL,
			   &bin_len, NULL) != 0 ||
	    bin_len != TACT_VAULT_HASH_BYTES)
		return 0;
	*updated_at = (int64_t)t;
	return 1;
}

static json_object *list_item(const struct note_fields *f, int64_t revision, int64_t updated_at)
{
	json_object *item = json_object_new_object();

	if (item == NULL)
		return NULL;
	tact_json_set(item, "key", string_of(f->key, f->key_len));
	tact_json_set(item, "preview", string_of(f->text, preview_len(f->text, f->text_len)));
	tact_json_set(item, "tags", tags_json(f));
	add_time(item, updated_at);
	tact_json_set(item, "revision", json_object_new_int64(revision));
	return item;
}

enum tact_err tact_notes_list(struct tact_store *store, struct tact_vault *vault, const char *query,
			      const char *tag, size_t limit, const char *cursor, json_object **out)
{
	unsigned char after_id[TACT_VAULT_HASH_BYTES];
	int64_t after_time = 0;
	sqlite3_stmt *stmt = NULL;
	json_object *obj = NULL;
	json_object *items = NULL;
	int64_t damaged = 0;
	size_t count = 0;
	enum tact_err err;
	int rc;

	*out = NULL;
	if (cursor != NULL && !cursor_parse(cursor, &after_time, after_id))
		return TACT_ERR_BAD_REQUEST;
	obj = json_object_new_object();
	items = json_object_new_array();
	if (obj == NULL || items == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = tact_vault_ready(vault, 0);
	if (err == TACT_ERR_NOT_FOUND) {
		err = TACT_OK;
		goto done;
	}
	if (err != TACT_OK)
		goto out;
	err = tact_store_prepare(
	    store,
	    "SELECT id, sealed, revision, updated_at FROM notes"
	    " WHERE ?1 IS NULL OR updated_at < ?1 OR (updated_at = ?1 AND id < ?2)"
	    " ORDER BY updated_at DESC, id DESC",
	    &stmt);
	if (err != TACT_OK)
		goto out;
	if (cursor != NULL) {
		sqlite3_bind_int64(stmt, 1, after_time);
		sqlite3_bind_blob(stmt, 2, after_id, (int)TACT_VAULT_HASH_BYTES, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_blob(stmt, 0);
		int64_t revision = sqlite3_column_int64(stmt, 2);
		int64_t updated_at = sqlite3_column_int64(stmt, 3);
		struct secret plain = {NULL, 0};
		struct note_fields f;
		json_object *item;

		if (id == NULL || sqlite3_column_bytes(stmt, 0) != (int)TACT_VAULT_HASH_BYTES) {
			damaged++;
			continue;
		}
		err = open_row(vault, id, revision, updated_at, sqlite3_column_blob(stmt, 1),
			       (size_t)sqlite3_column_bytes(stmt, 1), &plain, &f);
		if (err == TACT_ERR_DB) {
			damaged++;
			err = TACT_OK;
			continue;
		}
		if (err != TACT_OK)
			goto out;
		if (!note_matches(&f, query, tag)) {
			secret_free(&plain);
			continue;
		}
		if (count == limit) {
			/* One more match exists: the page ends at the previous one. */
			secret_free(&plain);
			break;
		}
		item = list_item(&f, revision, updated_at);
		secret_free(&plain);
		if (item == NULL) {
			err = TACT_ERR_NOMEM;
			goto out;
		}
		tact_json_push(items, item);
		count++;
		{
			char next[TACT_NOTES_CURSOR_MAX];
			cursor_of(updated_at, id, next, sizeof(next));
			tact_json_set(obj, "next_cursor", json_object_new_string(next));
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err = step_error(store, rc, "list notes");
		goto out;
	}
	if (rc == SQLITE_DONE)
		json_object_object_del(obj, "next_cursor");
	if (damaged > 0)
		tact_log_warn("notes: %" PRId64 " stored notes failed to open", damaged);
done:
	tact_json_set(obj, "items", items);
	items = NULL;
	tact_json_set(obj, "damaged", json_object_new_int64(damaged));
	*out = obj;
	obj = NULL;
out:
	tact_store_finalize(store, stmt);
	json_object_put(items);
	json_object_put(obj);
	return err;
}

/* ---- backups ---- */

static void backup_header(const unsigned char *salt, unsigned long long ops, size_t mem,
			  const unsigned char *nonce, unsigned char *h)
{
	memcpy(h, BACKUP_MAGIC, BACKUP_MAGIC_BYTES);
	h[BACKUP_MAGIC_BYTES] = (unsigned char)TACT_NOTES_BACKUP_FORMAT;
	h[BACKUP_MAGIC_BYTES + 1] = (unsigned char)crypto_pwhash_ALG_ARGON2ID13;
	put_u64(h + BACKUP_MAGIC_BYTES + 2, (uint64_t)ops);
	put_u64(h + BACKUP_MAGIC_BYTES + 10, (uint64_t)mem);
	memcpy(h + BACKUP_MAGIC_BYTES + 18, salt, TACT_VAULT_SALT_BYTES);
	memcpy(h + BACKUP_MAGIC_BYTES + 18 + TACT_VAULT_SALT_BYTES, nonce, TACT_VAULT_NONCE_BYTES);
}

static enum tact_err base64_chunks(const unsigned char *bin, size_t len, json_object *arr)
{
	size_t b64_len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64_len);
	size_t total;

	if (b64 == NULL)
		return TACT_ERR_NOMEM;
	sodium_bin2base64(b64, b64_len, bin, len, sodium_base64_VARIANT_ORIGINAL);
	total = strlen(b64);
	for (size_t pos = 0; pos < total; pos += TACT_NOTES_BACKUP_CHUNK) {
		size_t n =
		    total - pos < TACT_NOTES_BACKUP_CHUNK ? total - pos : TACT_NOTES_BACKUP_CHUNK;
		tact_json_push(arr, json_object_new_string_len(b64 + pos, (int)n));
	}
	free(b64);
	return TACT_OK;
}

enum tact_err tact_notes_export(struct tact_store *store, struct tact_vault *vault,
				const char *passphrase, size_t len, json_object **out)
{
	sqlite3_stmt *stmt = NULL;
	struct secret body = {NULL, 0};
	unsigned char *kek = NULL;
	unsigned char *file = NULL;
	unsigned char salt[TACT_VAULT_SALT_BYTES];
	unsigned char nonce[TACT_VAULT_NONCE_BYTES];
	unsigned long long ops = 0;
	size_t mem = 0;
	size_t cap = 4, used = 4, file_len = 0;
	uint32_t notes = 0, skipped = 0;
	json_object *obj = NULL;
	json_object *chunks = NULL;
	int in_txn = 0;
	enum tact_err err;
	int rc;

	*out = NULL;
	err = tact_vault_ready(vault, 0);
	if (err != TACT_OK && err != TACT_ERR_NOT_FOUND)
		return err;
	err = tact_store_exec(store, "BEGIN");
	if (err != TACT_OK)
		return err;
	in_txn = 1;
	if (tact_vault_ready(vault, 0) == TACT_OK) {
		/* Size first, so the plaintext goes straight into one buffer. */
		err = tact_store_prepare(
		    store, "SELECT count(*), coalesce(sum(length(sealed)), 0) FROM notes", &stmt);
		if (err != TACT_OK)
			goto out;
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			err = TACT_ERR_DB;
			goto out;
		}
		cap += (size_t)sqlite3_column_int64(stmt, 0) * BACKUP_NOTE_HEAD_BYTES +
		       (size_t)sqlite3_column_int64(stmt, 1);
		tact_store_finalize(store, stmt);
		stmt = NULL;
	}
	if (cap > TACT_NOTES_BACKUP_MAX) {
		err = TACT_ERR_TOO_LARGE;
		goto out;
	}
	err = secret_alloc(&body, cap);
	if (err != TACT_OK)
		goto out;
	if (tact_vault_ready(vault, 0) == TACT_OK) {
		err = tact_store_prepare(
		    store, "SELECT id, sealed, revision, updated_at FROM notes ORDER BY id", &stmt);
		if (err != TACT_OK)
			goto out;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			const unsigned char *id = sqlite3_column_blob(stmt, 0);
			size_t sealed_len = (size_t)sqlite3_column_bytes(stmt, 1);
			int64_t revision = sqlite3_column_int64(stmt, 2);
			int64_t updated_at = sqlite3_column_int64(stmt, 3);
			struct secret plain = {NULL, 0};
			struct note_fields f;

			if (id == NULL ||
			    sqlite3_column_bytes(stmt, 0) != (int)TACT_VAULT_HASH_BYTES ||
			    open_row(vault, id, revision, updated_at, sqlite3_column_blob(stmt, 1),
				     sealed_len, &plain, &f) != TACT_OK) {
				skipped++;
				continue;
			}
			if (used + BACKUP_NOTE_HEAD_BYTES + plain.len > cap) {
				secret_free(&plain);
				err = TACT_ERR_DB;
				goto out;
			}
			put_u64(body.p + used, (uint64_t)revision);
			put_u64(body.p + used + 8, (uint64_t)updated_at);
			put_u32(body.p + used + 16, (uint32_t)plain.len);
			memcpy(body.p + used + BACKUP_NOTE_HEAD_BYTES, plain.p, plain.len);
			used += BACKUP_NOTE_HEAD_BYTES + plain.len;
			notes++;
			secret_free(&plain);
		}
		if (rc != SQLITE_DONE) {
			err = step_error(store, rc, "export notes");
			goto out;
		}
	}
	put_u32(body.p, notes);
	if (tact_store_exec(store, "COMMIT") != TACT_OK)
		tact_store_rollback(store);
	in_txn = 0;

	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	tact_vault_pwhash_cost(&ops, &mem);
	kek = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (kek == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = tact_vault_derive(passphrase, len, salt, ops, mem, kek);
	if (err != TACT_OK)
		goto out;
	file_len = BACKUP_HEADER_BYTES + used + TACT_VAULT_TAG_BYTES;
	file = malloc(file_len);
	if (file == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	backup_header(salt, ops, mem, nonce, file);
	crypto_aead_xchacha20poly1305_ietf_encrypt(file + BACKUP_HEADER_BYTES, NULL, body.p, used,
						   file, BACKUP_HEADER_BYTES, NULL, nonce, kek);
	obj = json_object_new_object();
	chunks = json_object_new_array();
	if (obj == NULL || chunks == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = base64_chunks(file, file_len, chunks);
	if (err != TACT_OK)
		goto out;
	tact_json_set(obj, "format", json_object_new_int(TACT_NOTES_BACKUP_FORMAT));
	tact_json_set(obj, "notes", json_object_new_int64(notes));
	tact_json_set(obj, "skipped", json_object_new_int64(skipped));
	tact_json_set(obj, "bytes", json_object_new_int64((int64_t)file_len));
	tact_json_set(obj, "backup", chunks);
	chunks = NULL;
	*out = obj;
	obj = NULL;
out:
	tact_store_finalize(store, stmt);
	if (in_txn)
		tact_store_rollback(store);
	if (kek != NULL)
		sodium_free(kek);
	secret_free(&body);
	free(file);
	json_object_put(chunks);
	json_object_put(obj);
	return err;
}

/* One note of an opened backup. */
struct backup_note {
	int64_t revision;
	int64_t updated_at;
	struct note_fields f;
};

/* Checks every record of an opened body; on success *notes (malloc'd)
 * points into body. */
static enum tact_err parse_body(const unsigned char *body, size_t len, struct backup_note **notes,
				size_t *count)
{
	struct backup_note *list = NULL;
	size_t pos = 4, n;

	*notes = NULL;
	*count = 0;
	if (len < 4)
		return TACT_ERR_BAD_REQUEST;
	n = get_u32(body);
	if (n > len / BACKUP_NOTE_HEAD_BYTES)
		return TACT_ERR_BAD_REQUEST;
	list = calloc(n > 0 ? n : 1, sizeof(*list));
	if (list == NULL)
		return TACT_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t plen;
		if (len - pos < BACKUP_NOTE_HEAD_BYTES)
			goto bad;
		list[i].revision = (int64_t)get_u64(body + pos);
		list[i].updated_at = (int64_t)get_u64(body + pos + 8);
		plen = get_u32(body + pos + 16);
		pos += BACKUP_NOTE_HEAD_BYTES;
		if (list[i].revision < 1 || list[i].revision >= TACT_NOTES_REVISION_MAX ||
		    len - pos < plen || !payload_parse(body + pos, plen, &list[i].f))
			goto bad;
		pos += plen;
	}
	if (pos != len)
		goto bad;
	*notes = list;
	*count = n;
	return TACT_OK;
bad:
	free(list);
	return TACT_ERR_BAD_REQUEST;
}

/* Merges one note; counts what happened. */
static enum tact_err merge_note(struct tact_store *store, const struct tact_vault *vault,
				const struct backup_note *note, int64_t *added, int64_t *updated,
				int64_t *unchanged)
{
	unsigned char id[TACT_VAULT_HASH_BYTES];
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	int64_t local = 0;
	enum tact_err err;

	err = tact_vault_contact_id(vault, note->f.key, note->f.key_len, id);
	if (err != TACT_OK)
		return err;
	err = read_revision(store, id, &local);
	if (err != TACT_OK)
		return err;
	if (local >= note->revision) {
		(*unchanged)++;
		return TACT_OK;
	}
	err = seal_fields(vault, id, note->revision, note->updated_at, &note->f, &sealed,
			  &sealed_len);
	if (err == TACT_OK)
		err = write_note(store, id, sealed, sealed_len, note->revision, note->updated_at);
	free(sealed);
	if (err == TACT_OK)
		(*(local == 0 ? added : updated))++;
	return err;
}

enum tact_err tact_notes_import(struct tact_store *store, struct tact_vault *vault,
				const char *passphrase, size_t len, const char *backup,
				size_t backup_len, json_object **out)
{
	unsigned char *file = NULL;
	unsigned char *kek = NULL;
	struct secret body = {NULL, 0};
	struct backup_note *notes = NULL;
	size_t count = 0, file_len = 0;
	int64_t added = 0, updated = 0, unchanged = 0;
	unsigned long long ops;
	size_t mem;
	json_object *obj = NULL;
	enum tact_err err;

	*out = NULL;
	/* A locked vault cannot take the notes: say so before the slow part. */
	err = tact_vault_ready(vault, 0);
	if (err != TACT_OK && err != TACT_ERR_NOT_FOUND)
		return err;
	file = malloc(backup_len / 4 * 3 + 3);
	if (file == NULL)
		return TACT_ERR_NOMEM;
	if (sodium_base642bin(file, backup_len / 4 * 3 + 3, backup, backup_len, "\r\n", &file_len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    file_len < BACKUP_HEADER_BYTES + TACT_VAULT_TAG_BYTES ||
	    memcmp(file, BACKUP_MAGIC, BACKUP_MAGIC_BYTES) != 0 ||
	    file[BACKUP_MAGIC_BYTES] != TACT_NOTES_BACKUP_FORMAT ||
	    file[BACKUP_MAGIC_BYTES + 1] != crypto_pwhash_ALG_ARGON2ID13) {
		err = TACT_ERR_BAD_REQUEST;
		goto out;
	}
	ops = (unsigned long long)get_u64(file + BACKUP_MAGIC_BYTES + 2);
	mem = (size_t)get_u64(file + BACKUP_MAGIC_BYTES + 10);
	kek = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (kek == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = tact_vault_derive(passphrase, len, file + BACKUP_MAGIC_BYTES + 18, ops, mem, kek);
	if (err == TACT_ERR_DB)
		err = TACT_ERR_BAD_REQUEST; /* an absurd cost in the header: damage */
	if (err != TACT_OK)
		goto out;
	err = secret_alloc(&body, file_len - BACKUP_HEADER_BYTES - TACT_VAULT_TAG_BYTES);
	if (err != TACT_OK)
		goto out;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		body.p, NULL, NULL, file + BACKUP_HEADER_BYTES, file_len - BACKUP_HEADER_BYTES,
		file, BACKUP_HEADER_BYTES, file + BACKUP_MAGIC_BYTES + 18 + TACT_VAULT_SALT_BYTES,
		kek) != 0) {
		err = TACT_ERR_BAD_REQUEST;
		goto out;
	}
	err = parse_body(body.p, body.len, &notes, &count);
	if (err != TACT_OK)
		goto out;
	err = tact_vault_ready(vault, 1);
	if (err != TACT_OK)
		goto out;
	err = tact_store_begin(store);
	if (err != TACT_OK)
		goto out;
	for (size_t i = 0; i < count && err == TACT_OK; i++)
		err = merge_note(store, vault, &notes[i], &added, &updated, &unchanged);
	if (err == TACT_OK)
		err = tact_store_commit(store);
	if (err != TACT_OK) {
		tact_store_rollback(store);
		goto out;
	}
	obj = json_object_new_object();
	if (obj == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	tact_json_set(obj, "added", json_object_new_int64(added));
	tact_json_set(obj, "updated", json_object_new_int64(updated));
	tact_json_set(obj, "unchanged", json_object_new_int64(unchanged));
	tact_json_set(obj, "total", json_object_new_int64((int64_t)count));
	*out = obj;
out:
	if (notes != NULL) {
		sodium_memzero(notes, count * sizeof(*notes));
		free(notes);
	}
	secret_free(&body);
	if (kek != NULL)
		sodium_free(kek);
	free(file);
	return err;
}
