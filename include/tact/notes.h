/*
 * notes: the user's private notes about contacts, sealed at rest.
 *
 * A note row holds a keyed hash of the contact key (tact_vault_contact_id),
 * never the key itself, and one XChaCha20-Poly1305 ciphertext of the
 * contact key, text and tags under the vault's sealing key, with a fresh
 * nonce per write. The associated data binds the ciphertext to its row:
 * schema version, contact hash, revision and time, so a ciphertext moved
 * to another row, or a row whose revision or time was edited, does not
 * open. Plaintexts are built and opened only in sodium_malloc memory and
 * wiped on every path.
 *
 * Every function borrows store and vault; a locked passphrase vault gives
 * TACT_ERR_LOCKED. Results (json_object) are owned by the caller.
 */
#ifndef TACT_NOTES_H
#define TACT_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/store.h"
#include "tact/vault.h"

#define TACT_NOTES_KEY_MAX 512u
#define TACT_NOTES_TEXT_MAX 10000u
/* Revisions count up from 1 and stay below 2^53, the largest integer the
 * extension's JavaScript holds exactly; a stored one beyond is damage. */
#define TACT_NOTES_REVISION_MAX INT64_C(9007199254740991)
#define TACT_NOTES_TAGS_MAX 20u
#define TACT_NOTES_TAG_MAX 64u
#define TACT_NOTES_QUERY_MAX 200u
#define TACT_NOTES_LIST_MAX 200
#define TACT_NOTES_LIST_DEFAULT 50
#define TACT_NOTES_PREVIEW_BYTES 160u
#define TACT_NOTES_CURSOR_MAX 64u
/* Version of the sealed note layout, bound into its associated data. */
#define TACT_NOTES_SCHEMA 1
/* Backups: one encrypted file, sent as base64 in chunks so a large one
 * travels in several frames; the whole must fit the inbound frame cap when
 * it comes back for import. */
#define TACT_NOTES_BACKUP_FORMAT 1
#define TACT_NOTES_BACKUP_MAX (6u * 1000u * 1000u)
#define TACT_NOTES_BACKUP_CHUNK 65536u
#define TACT_NOTES_BACKUP_CHUNKS_MAX 200u

/* Stores text and tags (a JSON array of strings, or NULL; borrowed) for
 * key, creating a keyfile vault when there is none. The write is committed
 * (synchronous) before this returns. *revision and *updated_at (unix
 * seconds) describe the stored note. */
enum tact_err tact_notes_put(struct tact_store *store, struct tact_vault *vault, const char *key,
			     const char *text, json_object *tags, int64_t now, int64_t *revision,
			     int64_t *updated_at) TACT_MUST_CHECK;

/* {key, text, tags, updated_at, revision}. TACT_ERR_NOT_FOUND when there
 * is none; a damaged note is TACT_ERR_DB with a sentence naming it in why. */
enum tact_err tact_notes_get(struct tact_store *store, struct tact_vault *vault, const char *key,
			     json_object **out, char *why, size_t why_len) TACT_MUST_CHECK;

/* Removes the note for key; TACT_ERR_NOT_FOUND when there is none. */
enum tact_err tact_notes_delete(struct tact_store *store, struct tact_vault *vault,
				const char *key) TACT_MUST_CHECK;

/* Whether a note exists for key: for triage. Works while the vault is
 * usable (unlocked, or keyfile mode); TACT_ERR_LOCKED otherwise. No vault
 * yet means no notes: *exists = 0. */
enum tact_err tact_notes_exists(struct tact_store *store, struct tact_vault *vault, const char *key,
				int *exists) TACT_MUST_CHECK;

/* Most recently changed first: {"items":[{key, preview, tags, updated_at,
 * revision}], "damaged": n, "next_cursor"?}. query (matched without regard
 * to ASCII case in key, text and tags) and tag (exact, ASCII case ignored)
 * may be NULL. cursor comes from a previous page or is NULL; a malformed
 * one is TACT_ERR_BAD_REQUEST. */
enum tact_err tact_notes_list(struct tact_store *store, struct tact_vault *vault, const char *query,
			      const char *tag, size_t limit, const char *cursor,
			      json_object **out) TACT_MUST_CHECK;

/* Every note in one backup sealed under a key derived from passphrase
 * (Argon2id, fresh salt): {"format", "notes", "skipped", "bytes",
 * "backup": [base64 chunks]}. */
enum tact_err tact_notes_export(struct tact_store *store, struct tact_vault *vault,
				const char *passphrase, size_t len,
				json_object **out) TACT_MUST_CHECK;

/* Merges a backup (base64, borrowed) by revision in one transaction: a
 * note is added when absent, replaced when the backup's revision is
 * higher, else kept. {"added", "updated", "unchanged", "total"}. A damaged
 * backup or a wrong passphrase is TACT_ERR_BAD_REQUEST and changes
 * nothing. */
enum tact_err tact_notes_import(struct tact_store *store, struct tact_vault *vault,
				const char *passphrase, size_t len, const char *backup,
				size_t backup_len, json_object **out) TACT_MUST_CHECK;

/* ISO 8601 UTC ("2026-11-20T08:00:00Z") of t into out (>= 21 bytes). */
void tact_notes_iso8601(int64_t t, char *out, size_t cap);

#endif
