/*
 * keys: the per-install secret that keeps Tact's history unreadable to
 * anyone who copies the database alone.
 *
 * A random 32-byte key lives in install.key (0600) beside the database.
 * Sub-keys derived from it (crypto_kdf) key the BLAKE2b hashes that stand in
 * for people's profile paths and words, and seal stored invitation records
 * with XChaCha20-Poly1305. The notes vault (issue 4) keeps its own data key.
 * All key material sits in sodium_malloc memory and is wiped on release.
 */
#ifndef TACT_KEYS_H
#define TACT_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"

#define TACT_KEYS_FILE "install.key"
#define TACT_KEYS_HASH_BYTES 16u
/* Sealed = nonce (24) + ciphertext + tag (16). */
#define TACT_KEYS_SEAL_OVERHEAD (24u + 16u)

struct tact_keys;

/* Loads dir/install.key. When it is missing it is created (0600) only if
 * may_create is set (the database holds nothing sealed under an earlier
 * key); otherwise TACT_ERR_DAMAGED, with a log line naming the file: a new
 * key would silently orphan every stored record. Caller owns *out; release
 * with tact_keys_free. */
enum tact_err tact_keys_open(const char *dir, int may_create,
			     struct tact_keys **out) TACT_MUST_CHECK;
void tact_keys_free(struct tact_keys *keys);

/* A keyed hash of data standing in for a contact key: 16 bytes into out. */
void tact_keys_contact_id(const struct tact_keys *keys, const char *data, size_t len,
			  unsigned char out[TACT_KEYS_HASH_BYTES]);

/* A keyed hash of a stored record and the row it belongs to (16 bytes into
 * out), kept beside the sealed record so that an unchanged one is known
 * without opening it: equal records give equal digests only under this
 * install's key and in the same row. */
void tact_keys_record_digest(const struct tact_keys *keys, const unsigned char *row, size_t row_len,
			     const char *record, size_t len,
			     unsigned char out[TACT_KEYS_HASH_BYTES]);

/* A keyed 64-bit hash of a word, for the learned word counts. */
uint64_t tact_keys_word_hash(const struct tact_keys *keys, const char *word, size_t len);

/* Seals plaintext bound to ad (the row's identity). *out is malloc'd,
 * *out_len = len + TACT_KEYS_SEAL_OVERHEAD; caller frees. */
enum tact_err tact_keys_seal(const struct tact_keys *keys, const unsigned char *ad, size_t ad_len,
			     const char *plaintext, size_t len, unsigned char **out,
			     size_t *out_len) TACT_MUST_CHECK;

/* Opens what tact_keys_seal made. *out is a malloc'd NUL-terminated copy.
 * A tampered, truncated or moved record gives TACT_ERR_DB. */
enum tact_err tact_keys_open_sealed(const struct tact_keys *keys, const unsigned char *ad,
				    size_t ad_len, const unsigned char *sealed, size_t len,
				    char **out) TACT_MUST_CHECK;

#endif
