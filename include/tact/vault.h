/*
 * vault: the data key that seals notes, how it is wrapped at rest, and
 * whether it is in memory (unlocked) or not (locked).
 *
 * A random 32-byte data key is made once per install. Two sub-keys are
 * derived from it with crypto_kdf: one seals notes (XChaCha20-Poly1305),
 * one keys the BLAKE2b hashes that stand in for contacts. The data key is
 * stored only wrapped (XChaCha20-Poly1305, a fresh nonce per wrap) in the
 * vault table, under either
 *   - keyfile mode: a random 32-byte key in notes.key (0600) beside the
 *     database, so notes work with no set-up; or
 *   - passphrase mode: a key derived with Argon2id from the user's
 *     passphrase, its salt and cost stored next to the wrapped key.
 * Changing the passphrase or the mode re-wraps the data key only.
 *
 * Every key lives in sodium_malloc memory and is wiped when the vault
 * locks, on every error path, and when it is freed. A struct tact_vault
 * borrows the store; one per connection.
 */
#ifndef TACT_VAULT_H
#define TACT_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"
#include "tact/store.h"

#define TACT_VAULT_KEY_FILE "notes.key"
#define TACT_VAULT_KEY_BYTES 32u
#define TACT_VAULT_NONCE_BYTES 24u
#define TACT_VAULT_TAG_BYTES 16u
#define TACT_VAULT_WRAPPED_BYTES (TACT_VAULT_KEY_BYTES + TACT_VAULT_TAG_BYTES)
#define TACT_VAULT_SALT_BYTES 16u
#define TACT_VAULT_HASH_BYTES 16u
/* Sealed = nonce + ciphertext + tag. */
#define TACT_VAULT_SEAL_OVERHEAD (TACT_VAULT_NONCE_BYTES + TACT_VAULT_TAG_BYTES)
/* Version of the wrapping format, bound into its associated data. */
#define TACT_VAULT_FORMAT 1

/* Passphrases, in bytes of UTF-8. */
#define TACT_VAULT_PASSPHRASE_MIN 8u
#define TACT_VAULT_PASSPHRASE_MAX 1024u

/* Argon2id cost. OWASP's minimum is t = 2 with m = 19 MiB, p = 1; this is
 * t = 3 with m = 64 MiB (libsodium runs one lane). */
#define TACT_VAULT_PWHASH_OPSLIMIT 3ull
#define TACT_VAULT_PWHASH_MEMLIMIT (64ull * 1024ull * 1024ull)
/* A stored cost above these (a vault row or a backup header, both of
 * which an attacker may have written) is refused as damage, not obeyed:
 * room to raise the default a few times, not to make the host spend
 * gigabytes and minutes on one unlock or import. */
#define TACT_VAULT_PWHASH_OPSLIMIT_CAP 10ull
#define TACT_VAULT_PWHASH_MEMLIMIT_CAP (256ull * 1024ull * 1024ull)
/* Test-only: when this variable is "1", new wrappings use libsodium's
 * minimum cost so the suite stays fast. Never set it in real use. */
#define TACT_VAULT_PWHASH_FAST_ENV "TACT_TEST_PWHASH_FAST"

/* Idle minutes before a passphrase vault locks (config autolock_minutes). */
#define TACT_VAULT_AUTOLOCK_DEFAULT_MIN 30
#define TACT_VAULT_AUTOLOCK_MIN_MIN 1
#define TACT_VAULT_AUTOLOCK_MAX_MIN 1440
/* The settings key under which vault.set_autolock keeps the user's choice. */
#define TACT_VAULT_AUTOLOCK_SETTING "autolock_minutes"

/* DAMAGED: a keyfile vault whose notes.key is missing, truncated or does
 * not open the wrapped key; tact_vault_damage says which. */
enum tact_vault_state {
	TACT_VAULT_NONE = 0,
	TACT_VAULT_LOCKED,
	TACT_VAULT_UNLOCKED,
	TACT_VAULT_DAMAGED
};
enum tact_vault_mode { TACT_VAULT_KEYFILE = 0, TACT_VAULT_PASSPHRASE };

struct tact_vault;

/* Borrows store; data_dir holds notes.key. autolock_seconds > 0. Caller
 * frees *out with tact_vault_free. Reads nothing yet. */
enum tact_err tact_vault_open(struct tact_store *store, const char *data_dir,
			      int64_t autolock_seconds, struct tact_vault **out) TACT_MUST_CHECK;

/* Wipes every key and frees. NULL is fine. */
void tact_vault_free(struct tact_vault *vault);

/* Marks a request at now (seconds on a monotonic clock). A passphrase
 * vault unlocked and idle for longer than the auto-lock time locks first. */
void tact_vault_tick(struct tact_vault *vault, int64_t now);

/* The auto-lock check alone: locks an idle vault without counting this
 * moment as use (triage peeking at "is there a note?" must not keep the
 * vault open forever). */
void tact_vault_expire(struct tact_vault *vault, int64_t now);

/* The state and mode as stored (mode is meaningless when state is NONE). */
enum tact_err tact_vault_status(struct tact_vault *vault, enum tact_vault_state *state,
				enum tact_vault_mode *mode) TACT_MUST_CHECK;

/* Why the key file last failed (a static sentence naming notes.key), or
 * NULL. Set when tact_vault_ready or tact_vault_status met the damage. */
const char *tact_vault_damage(const struct tact_vault *vault);

/* The configured auto-lock time, in seconds. */
int64_t tact_vault_autolock_seconds(const struct tact_vault *vault);

/* Changes the idle time before a passphrase vault locks (seconds > 0),
 * counted from the last use as before. */
void tact_vault_set_autolock(struct tact_vault *vault, int64_t seconds);

/*
 * Makes the data key usable: loads it in keyfile mode (creating a keyfile
 * vault when none exists and create is set). TACT_ERR_LOCKED for a locked
 * passphrase vault, TACT_ERR_NOT_FOUND when there is no vault and create
 * is 0.
 */
enum tact_err tact_vault_ready(struct tact_vault *vault, int create) TACT_MUST_CHECK;

/*
 * Sets the protection mode. With no vault, creates one. Otherwise the
 * vault must be usable (TACT_ERR_LOCKED if not) and the data key is
 * re-wrapped. passphrase (len bytes, borrowed) is needed for passphrase
 * mode, ignored for keyfile. Leaving keyfile mode removes notes.key.
 */
enum tact_err tact_vault_setup(struct tact_vault *vault, enum tact_vault_mode mode,
			       const char *passphrase, size_t len) TACT_MUST_CHECK;

/* Unlocks a passphrase vault. A wrong passphrase is TACT_ERR_BAD_REQUEST
 * and changes nothing; no vault is TACT_ERR_NOT_FOUND; keyfile mode just
 * loads the key. A cost below today's default is raised (re-wrapped). */
enum tact_err tact_vault_unlock(struct tact_vault *vault, const char *passphrase,
				size_t len) TACT_MUST_CHECK;

/* Wipes the data key from memory. A keyfile vault reopens on next use. */
void tact_vault_lock(struct tact_vault *vault);

/* Re-wraps the data key under new_pass. old_pass must unwrap it
 * (TACT_ERR_BAD_REQUEST otherwise, nothing changed). Keeps the lock state. */
enum tact_err tact_vault_change_passphrase(struct tact_vault *vault, const char *old_pass,
					   size_t old_len, const char *new_pass,
					   size_t new_len) TACT_MUST_CHECK;

/* The keyed hash standing in for a contact key. Vault must be ready. */
enum tact_err tact_vault_contact_id(const struct tact_vault *vault, const char *key, size_t len,
				    unsigned char out[TACT_VAULT_HASH_BYTES]) TACT_MUST_CHECK;

/* Seals len bytes (ad bound in) into out, which has len +
 * TACT_VAULT_SEAL_OVERHEAD bytes. Vault must be ready. */
enum tact_err tact_vault_seal(const struct tact_vault *vault, const unsigned char *ad,
			      size_t ad_len, const unsigned char *plain, size_t len,
			      unsigned char *out) TACT_MUST_CHECK;

/* Opens what tact_vault_seal made into out (len - overhead bytes).
 * Tampered, truncated or moved: TACT_ERR_DB, and out is wiped. */
enum tact_err tact_vault_open_sealed(const struct tact_vault *vault, const unsigned char *ad,
				     size_t ad_len, const unsigned char *sealed, size_t len,
				     unsigned char *out) TACT_MUST_CHECK;

/* ---- Primitives, exposed for known-answer tests and for backups. ---- */

/* The associated data of a wrapping: "tact-vault" | format | mode. */
size_t tact_vault_wrap_ad(enum tact_vault_mode mode, unsigned char *out, size_t cap);

/* Wraps key under kek with nonce: out gets TACT_VAULT_WRAPPED_BYTES. */
void tact_vault_wrap(const unsigned char kek[TACT_VAULT_KEY_BYTES],
		     const unsigned char nonce[TACT_VAULT_NONCE_BYTES], const unsigned char *ad,
		     size_t ad_len, const unsigned char key[TACT_VAULT_KEY_BYTES],
		     unsigned char out[TACT_VAULT_WRAPPED_BYTES]);

/* The reverse; TACT_ERR_BAD_REQUEST when it does not open (key wiped). */
enum tact_err tact_vault_unwrap(const unsigned char kek[TACT_VAULT_KEY_BYTES],
				const unsigned char nonce[TACT_VAULT_NONCE_BYTES],
				const unsigned char *ad, size_t ad_len,
				const unsigned char wrapped[TACT_VAULT_WRAPPED_BYTES],
				unsigned char key[TACT_VAULT_KEY_BYTES]) TACT_MUST_CHECK;

/* Argon2id13 of passphrase into kek (sodium_malloc'd by the caller). */
enum tact_err tact_vault_derive(const char *passphrase, size_t len,
				const unsigned char salt[TACT_VAULT_SALT_BYTES],
				unsigned long long opslimit, size_t memlimit,
				unsigned char kek[TACT_VAULT_KEY_BYTES]) TACT_MUST_CHECK;

/* The cost new wrappings use: the defaults above, or libsodium's minimum
 * when TACT_TEST_PWHASH_FAST=1. */
void tact_vault_pwhash_cost(unsigned long long *opslimit, size_t *memlimit);

#endif
