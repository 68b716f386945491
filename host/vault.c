#include "tact/vault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "tact/limits.h"
#include "tact/log.h"
#include "tact/paths.h"

#define KDF_CONTEXT "tactnote"
#define SUBKEY_SEAL 1
#define SUBKEY_INDEX 2
#define WRAP_AD_LABEL "tact-vault"
#define WRAP_AD_MAX 16u
#define MODE_KEYFILE "keyfile"
#define MODE_PASSPHRASE "passphrase"

_Static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == TACT_VAULT_KEY_BYTES, "key size");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == TACT_VAULT_NONCE_BYTES, "nonce");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == TACT_VAULT_TAG_BYTES, "tag");
_Static_assert(crypto_kdf_KEYBYTES == TACT_VAULT_KEY_BYTES, "kdf key");
_Static_assert(crypto_pwhash_argon2id_SALTBYTES == TACT_VAULT_SALT_BYTES, "salt");

struct tact_vault {
	struct tact_store *store; /* borrowed */
	char key_file[TACT_PATH_MAX];
	char data_dir[TACT_PATH_MAX];
	int64_t autolock;
	int64_t last_used; /* 0 before the first request */
	int unlocked;
	enum tact_vault_mode mode; /* as last read from the database */
	const char *damage;	   /* static sentence: why the key file fails, or NULL */
	unsigned char *data_key;   /* sodium_malloc'd, TACT_VAULT_KEY_BYTES */
	unsigned char *seal_key;
	unsigned char *index_key;
};

/* The vault row as stored. */
struct vault_row {
	int present;
	enum tact_vault_mode mode;
	unsigned char nonce[TACT_VAULT_NONCE_BYTES];
	unsigned char wrapped[TACT_VAULT_WRAPPED_BYTES];
	unsigned char salt[TACT_VAULT_SALT_BYTES];
	unsigned long long opslimit;
	size_t memlimit;
};

/* ---- primitives ---- */

size_t tact_vault_wrap_ad(enum tact_vault_mode mode, unsigned char *out, size_t cap)
{
	const size_t label = sizeof(WRAP_AD_LABEL) - 1;

	if (cap < label + 2)
		return 0;
	memcpy(out, WRAP_AD_LABEL, label);
	out[label] = (unsigned char)TACT_VAULT_FORMAT;
	out[label + 1] = (unsigned char)mode;
	return label + 2;
}

void tact_vault_wrap(const unsigned char kek[TACT_VAULT_KEY_BYTES],
		     const unsigned char nonce[TACT_VAULT_NONCE_BYTES], const unsigned char *ad,
		     size_t ad_len, const unsigned char key[TACT_VAULT_KEY_BYTES],
		     unsigned char out[TACT_VAULT_WRAPPED_BYTES])
{
	crypto_aead_xchacha20poly1305_ietf_encrypt(out, NULL, key, TACT_VAULT_KEY_BYTES, ad, ad_len,
						   NULL, nonce, kek);
}

enum tact_err tact_vault_unwrap(const unsigned char kek[TACT_VAULT_KEY_BYTES],
				const unsigned char nonce[TACT_VAULT_NONCE_BYTES],
				const unsigned char *ad, size_t ad_len,
				const unsigned char wrapped[TACT_VAULT_WRAPPED_BYTES],
				unsigned char key[TACT_VAULT_KEY_BYTES])
{
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		key, NULL, NULL, wrapped, TACT_VAULT_WRAPPED_BYTES, ad, ad_len, nonce, kek) != 0) {
		sodium_memzero(key, TACT_VAULT_KEY_BYTES);
		return TACT_ERR_BAD_REQUEST;
	}
	return TACT_OK;
}

enum tact_err tact_vault_derive(const char *passphrase, size_t len,
				const unsigned char salt[TACT_VAULT_SALT_BYTES],
				unsigned long long opslimit, size_t memlimit,
				unsigned char kek[TACT_VAULT_KEY_BYTES])
{
	if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
	    opslimit > TACT_VAULT_PWHASH_OPSLIMIT_CAP ||
	    memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
	    (unsigned long long)memlimit > TACT_VAULT_PWHASH_MEMLIMIT_CAP) {
		tact_log_error("vault: stored Argon2id cost is out of range");
		return TACT_ERR_DB;
	}
	if (crypto_pwhash(kek, TACT_VAULT_KEY_BYTES, passphrase, len, salt, opslimit, memlimit,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(kek, TACT_VAULT_KEY_BYTES);
		tact_log_error("vault: Argon2id ran out of memory");
		return TACT_ERR_NOMEM;
	}
	return TACT_OK;
}

void tact_vault_pwhash_cost(unsigned long long *opslimit, size_t *memlimit)
{
	const char *fast = getenv(TACT_VAULT_PWHASH_FAST_ENV);

	if (fast != NULL && strcmp(fast, "1") == 0) {
		tact_log_warn("vault: %s=1: using the test-only minimum Argon2id cost",
			      TACT_VAULT_PWHASH_FAST_ENV);
		*opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
		*memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
		return;
	}
	*opslimit = TACT_VAULT_PWHASH_OPSLIMIT;
	*memlimit = (size_t)TACT_VAULT_PWHASH_MEMLIMIT;
}

/* ---- key file ---- */

static enum tact_err sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return TACT_ERR_IO;
	if (fsync(fd) != 0) {
		close(fd);
		return TACT_ERR_IO;
	}
	close(fd);
	return TACT_OK;
}

static enum tact_err errno_err(void)
{
	if (errno == EROFS || errno == EACCES || errno == EPERM)
		return TACT_ERR_READ_ONLY;
	if (errno == ENOSPC || errno == EDQUOT)
		return TACT_ERR_DISK_FULL;
	return TACT_ERR_IO;
}

/* Writes kek to the key file: a temporary file, fsync, then rename into
 * place, so the file is either whole or absent. */
static enum tact_err write_key_file(struct tact_vault *vault, const unsigned char *kek)
{
	char tmp[TACT_PATH_MAX];
	int fd = -1;
	size_t done = 0;
	enum tact_err err = TACT_OK;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", vault->key_file, (long)getpid()) >=
	    (int)sizeof(tmp))
		return TACT_ERR_TOO_LARGE;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		err = errno_err();
		goto out;
	}
	while (done < TACT_VAULT_KEY_BYTES) {
		ssize_t n = write(fd, kek + done, TACT_VAULT_KEY_BYTES - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno_err() : TACT_ERR_IO;
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || rename(tmp, vault->key_file) != 0) {
		err = errno_err();
		goto out;
	}
	err = sync_dir(vault->data_dir);
out:
	if (fd >= 0)
		close(fd);
	if (err != TACT_OK) {
		tact_log_error("vault: cannot write %s: %s", vault->key_file, strerror(errno));
		unlink(tmp);
	}
	return err;
}

static enum tact_err read_key_file(struct tact_vault *vault, unsigned char *kek)
{
	struct stat st;
	size_t got = 0;
	enum tact_err err = TACT_OK;
	int fd = open(vault->key_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		int missing = errno == ENOENT;
		tact_log_error("vault: cannot open %s: %s; the notes need it: restore it from a "
			       "backup of this folder",
			       vault->key_file, strerror(errno));
		vault->damage =
		    missing
			? "notes.key, the key beside tact.db that opens the notes, is missing"
			: "notes.key, the key beside tact.db that opens the notes, cannot be read";
		return TACT_ERR_DAMAGED;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != TACT_VAULT_KEY_BYTES) {
		tact_log_error("vault: %s is not a Tact key file (it must be %u bytes); restore it "
			       "from a backup of this folder",
			       vault->key_file, TACT_VAULT_KEY_BYTES);
		vault->damage =
		    "notes.key, the key beside tact.db that opens the notes, is truncated "
		    "or is not a key file";
		err = TACT_ERR_DAMAGED;
		goto out;
	}
	if ((st.st_mode & 077) != 0)
		tact_log_warn("vault: %s is readable by others; run chmod 600 on it",
			      vault->key_file);
	while (got < TACT_VAULT_KEY_BYTES) {
		ssize_t n = read(fd, kek + got, TACT_VAULT_KEY_BYTES - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = TACT_ERR_IO;
			goto out;
		}
		got += (size_t)n;
	}
out:
	close(fd);
	if (err != TACT_OK)
		sodium_memzero(kek, TACT_VAULT_KEY_BYTES);
	return err;
}

/* ---- the vault row ---- */

static enum tact_err read_row(struct tact_vault *vault, struct vault_row *row)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	memset(row, 0, sizeof(*row));
	err = tact_store_prepare(vault->store,
				 "SELECT version, mode, nonce, wrapped, salt, opslimit, memlimit"
				 " FROM vault WHERE id = 1",
				 &stmt);
	if (err != TACT_OK)
		return err;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE)
		goto out;
	if (rc != SQLITE_ROW) {
		err = tact_store_error(vault->store, rc);
		goto out;
	}
	{
		const char *mode = (const char *)sqlite3_column_text(stmt, 1);
		const void *nonce = sqlite3_column_blob(stmt, 2);
		int nonce_len = sqlite3_column_bytes(stmt, 2);
		const void *wrapped = sqlite3_column_blob(stmt, 3);
		int wrapped_len = sqlite3_column_bytes(stmt, 3);

		if (sqlite3_column_int(stmt, 0) != TACT_VAULT_FORMAT || mode == NULL ||
		    nonce_len != (int)TACT_VAULT_NONCE_BYTES ||
		    wrapped_len != (int)TACT_VAULT_WRAPPED_BYTES) {
			tact_log_error("vault: the stored vault record is damaged");
			err = TACT_ERR_DB;
			goto out;
		}
		if (strcmp(mode, MODE_KEYFILE) == 0) {
			row->mode = TACT_VAULT_KEYFILE;
		} else if (strcmp(mode, MODE_PASSPHRASE) == 0) {
			const void *salt = sqlite3_column_blob(stmt, 4);
			sqlite3_int64 ops = sqlite3_column_int64(stmt, 5);
			sqlite3_int64 mem = sqlite3_column_int64(stmt, 6);
			if (sqlite3_column_bytes(stmt, 4) != (int)TACT_VAULT_SALT_BYTES ||
			    ops <= 0 || mem <= 0) {
				tact_log_error(
				    "vault: the stored passphrase parameters are damaged");
				err = TACT_ERR_DB;
				goto out;
			}
			row->mode = TACT_VAULT_PASSPHRASE;
			memcpy(row->salt, salt, TACT_VAULT_SALT_BYTES);
			row->opslimit = (unsigned long long)ops;
			row->memlimit = (size_t)mem;
		} else {
			tact_log_error("vault: unknown vault mode");
			err = TACT_ERR_DB;
			goto out;
		}
		memcpy(row->nonce, nonce, TACT_VAULT_NONCE_BYTES);
		memcpy(row->wrapped, wrapped, TACT_VAULT_WRAPPED_BYTES);
		row->present = 1;
		vault->mode = row->mode;
	}
out:
	tact_store_finalize(vault->store, stmt);
	return err;
}

static enum tact_err write_row(struct tact_vault *vault, const struct vault_row *row)
{
	sqlite3_stmt *stmt = NULL;
	enum tact_err err;
	int rc;

	err = tact_store_prepare(
	    vault->store,
	    "INSERT OR REPLACE INTO vault (id, version, mode, nonce, wrapped, salt,"
	    " opslimit, memlimit, updated_at)"
	    " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%s','now'))",
	    &stmt);
	if (err != TACT_OK)
		return err;
	sqlite3_bind_int(stmt, 1, TACT_VAULT_FORMAT);
	sqlite3_bind_text(stmt, 2, row->mode == TACT_VAULT_KEYFILE ? MODE_KEYFILE : MODE_PASSPHRASE,
			  -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, row->nonce, (int)TACT_VAULT_NONCE_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, row->wrapped, (int)TACT_VAULT_WRAPPED_BYTES, SQLITE_STATIC);
	if (row->mode == TACT_VAULT_PASSPHRASE) {
		sqlite3_bind_blob(stmt, 5, row->salt, (int)TACT_VAULT_SALT_BYTES, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)row->opslimit);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)row->memlimit);
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		tact_log_error("vault: cannot store the vault record: %s",
			       sqlite3_errmsg(tact_store_db(vault->store)));
		err = tact_store_error(vault->store, rc);
		if (err == TACT_OK)
			err = TACT_ERR_DB;
	}
	tact_store_finalize(vault->store, stmt);
	return err;
}

/* ---- keys in memory ---- */

static void install_key(struct tact_vault *vault, const unsigned char *data_key)
{
	memcpy(vault->data_key, data_key, TACT_VAULT_KEY_BYTES);
	crypto_kdf_derive_from_key(vault->seal_key, TACT_VAULT_KEY_BYTES, SUBKEY_SEAL, KDF_CONTEXT,
				   vault->data_key);
	crypto_kdf_derive_from_key(vault->index_key, TACT_VAULT_KEY_BYTES, SUBKEY_INDEX,
				   KDF_CONTEXT, vault->data_key);
	vault->unlocked = 1;
}

void tact_vault_lock(struct tact_vault *vault)
{
	if (vault == NULL)
		return;
	sodium_memzero(vault->data_key, TACT_VAULT_KEY_BYTES);
	sodium_memzero(vault->seal_key, TACT_VAULT_KEY_BYTES);
	sodium_memzero(vault->index_key, TACT_VAULT_KEY_BYTES);
	if (vault->unlocked)
		tact_log_info("vault: locked");
	vault->unlocked = 0;
}

enum tact_err tact_vault_open(struct tact_store *store, const char *data_dir,
			      int64_t autolock_seconds, struct tact_vault **out)
{
	struct tact_vault *vault = calloc(1, sizeof(*vault));
	enum tact_err err = TACT_OK;

	*out = NULL;
	if (vault == NULL)
		return TACT_ERR_NOMEM;
	vault->store = store;
	vault->autolock =
	    autolock_seconds > 0 ? autolock_seconds : (int64_t)TACT_VAULT_AUTOLOCK_DEFAULT_MIN * 60;
	err = tact_paths_join(vault->key_file, data_dir, TACT_VAULT_KEY_FILE);
	if (err != TACT_OK)
		goto out;
	if (snprintf(vault->data_dir, sizeof(vault->data_dir), "%s", data_dir) >=
	    (int)sizeof(vault->data_dir)) {
		err = TACT_ERR_TOO_LARGE;
		goto out;
	}
	vault->data_key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	vault->seal_key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	vault->index_key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (vault->data_key == NULL || vault->seal_key == NULL || vault->index_key == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	tact_vault_lock(vault);
	*out = vault;
	vault = NULL;
out:
	tact_vault_free(vault);
	return err;
}

void tact_vault_free(struct tact_vault *vault)
{
	if (vault == NULL)
		return;
	if (vault->data_key != NULL)
		sodium_free(vault->data_key); /* sodium_free wipes first */
	if (vault->seal_key != NULL)
		sodium_free(vault->seal_key);
	if (vault->index_key != NULL)
		sodium_free(vault->index_key);
	free(vault);
}

void tact_vault_expire(struct tact_vault *vault, int64_t now)
{
	if (vault->unlocked && vault->mode == TACT_VAULT_PASSPHRASE && vault->last_used > 0 &&
	    now - vault->last_used > vault->autolock) {
		tact_log_info("vault: idle for more than %lld minutes",
			      (long long)(vault->autolock / 60));
		tact_vault_lock(vault);
	}
}

void tact_vault_tick(struct tact_vault *vault, int64_t now)
{
	tact_vault_expire(vault, now);
	vault->last_used = now;
}

int64_t tact_vault_autolock_seconds(const struct tact_vault *vault)
{
	return vault->autolock;
}

void tact_vault_set_autolock(struct tact_vault *vault, int64_t seconds)
{
	if (seconds > 0)
		vault->autolock = seconds;
}

enum tact_err tact_vault_status(struct tact_vault *vault, enum tact_vault_state *state,
				enum tact_vault_mode *mode)
{
	struct vault_row row;
	enum tact_err err = read_row(vault, &row);

	*state = TACT_VAULT_NONE;
	*mode = TACT_VAULT_KEYFILE;
	if (err != TACT_OK)
		return err;
	if (!row.present)
		return TACT_OK;
	*mode = row.mode;
	if (vault->unlocked) {
		*state = TACT_VAULT_UNLOCKED;
	} else if (row.mode == TACT_VAULT_PASSPHRASE) {
		*state = TACT_VAULT_LOCKED;
	} else {
		/* A keyfile vault is open whenever its key works: try it, so that
		 * a missing or wrong notes.key shows here, not only on use. */
		err = tact_vault_ready(vault, 0);
		if (err == TACT_ERR_DAMAGED) {
			*state = TACT_VAULT_DAMAGED;
			return TACT_OK;
		}
		if (err != TACT_OK)
			return err;
		*state = TACT_VAULT_UNLOCKED;
	}
	return TACT_OK;
}

/* Wraps data_key for mode into row (a fresh nonce, and for passphrase mode
 * a fresh salt and today's cost); in keyfile mode writes a fresh key file
 * when fresh_file is set, else uses the existing one. */
static enum tact_err wrap_into(struct tact_vault *vault, enum tact_vault_mode mode,
			       const char *pass, size_t pass_len, const unsigned char *data_key,
			       int fresh_file, struct vault_row *row)
{
	unsigned char ad[WRAP_AD_MAX];
	size_t ad_len = tact_vault_wrap_ad(mode, ad, sizeof(ad));
	unsigned char *kek = sodium_malloc(TACT_VAULT_KEY_BYTES);
	enum tact_err err = TACT_OK;

	memset(row, 0, sizeof(*row));
	if (kek == NULL)
		return TACT_ERR_NOMEM;
	row->mode = mode;
	randombytes_buf(row->nonce, sizeof(row->nonce));
	if (mode == TACT_VAULT_PASSPHRASE) {
		randombytes_buf(row->salt, sizeof(row->salt));
		tact_vault_pwhash_cost(&row->opslimit, &row->memlimit);
		err =
		    tact_vault_derive(pass, pass_len, row->salt, row->opslimit, row->memlimit, kek);
	} else if (fresh_file) {
		randombytes_buf(kek, TACT_VAULT_KEY_BYTES);
		err = write_key_file(vault, kek);
	} else {
		err = read_key_file(vault, kek);
	}
	if (err != TACT_OK)
		goto out;
	tact_vault_wrap(kek, row->nonce, ad, ad_len, data_key, row->wrapped);
	row->present = 1;
out:
	sodium_free(kek);
	return err;
}

/* Unwraps row's data key into key; for passphrase mode from pass. */
static enum tact_err unwrap_row(struct tact_vault *vault, const struct vault_row *row,
				const char *pass, size_t pass_len, unsigned char *key)
{
	unsigned char ad[WRAP_AD_MAX];
	size_t ad_len = tact_vault_wrap_ad(row->mode, ad, sizeof(ad));
	unsigned char *kek = sodium_malloc(TACT_VAULT_KEY_BYTES);
	enum tact_err err;

	if (kek == NULL)
		return TACT_ERR_NOMEM;
	if (row->mode == TACT_VAULT_PASSPHRASE)
		err =
		    tact_vault_derive(pass, pass_len, row->salt, row->opslimit, row->memlimit, kek);
	else
		err = read_key_file(vault, kek);
	if (err != TACT_OK)
		goto out;
	err = tact_vault_unwrap(kek, row->nonce, ad, ad_len, row->wrapped, key);
	if (err != TACT_OK && row->mode == TACT_VAULT_KEYFILE) {
		tact_log_error("vault: %s does not open the vault (the file was replaced, or the "
			       "wrapped key in tact.db was altered); restore both from one backup",
			       vault->key_file);
		vault->damage =
		    "notes.key does not open the notes: it was replaced, or the wrapped "
		    "key in tact.db was altered";
		err = TACT_ERR_DAMAGED;
	} else if (err != TACT_OK) {
		/* AEAD cannot tell a wrong passphrase from a damaged record; the
		 * first is by far the likelier, and either way nothing changes. */
		err = TACT_ERR_WRONG_PASSPHRASE;
	}
out:
	sodium_free(kek);
	return err;
}

static enum tact_err store_row(struct tact_vault *vault, const struct vault_row *row)
{
	enum tact_err err = tact_store_begin(vault->store);

	if (err != TACT_OK)
		return err;
	err = write_row(vault, row);
	if (err == TACT_OK)
		err = tact_store_commit(vault->store);
	if (err != TACT_OK)
		tact_store_rollback(vault->store);
	return err;
}

/* Creates a vault with a fresh data key, unless another host made one
 * first (then *made is 0 and nothing changes). The key file is written
 * under the database's write lock, so two hosts never write different
 * ones. */
static enum tact_err create_vault(struct tact_vault *vault, enum tact_vault_mode mode,
				  const char *pass, size_t pass_len, int *made)
{
	unsigned char *data_key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	struct vault_row row;
	struct vault_row now_row;
	enum tact_err err;

	*made = 0;
	memset(&row, 0, sizeof(row));
	if (data_key == NULL)
		return TACT_ERR_NOMEM;
	randombytes_buf(data_key, TACT_VAULT_KEY_BYTES);
	err = tact_store_begin(vault->store);
	if (err != TACT_OK)
		goto out;
	err = read_row(vault, &now_row);
	if (err != TACT_OK || now_row.present)
		goto out;
	err = wrap_into(vault, mode, pass, pass_len, data_key, 1, &row);
	if (err == TACT_OK)
		err = write_row(vault, &row);
	if (err == TACT_OK)
		err = tact_store_commit(vault->store);
	if (err != TACT_OK)
		goto out;
	vault->mode = mode;
	install_key(vault, data_key);
	*made = 1;
	tact_log_info("vault: created in %s mode",
		      mode == TACT_VAULT_KEYFILE ? MODE_KEYFILE : MODE_PASSPHRASE);
out:
	tact_store_rollback(vault->store);
	sodium_memzero(&row, sizeof(row));
	sodium_free(data_key);
	return err;
}

const char *tact_vault_damage(const struct tact_vault *vault)
{
	return vault->damage;
}

enum tact_err tact_vault_ready(struct tact_vault *vault, int create)
{
	struct vault_row row;
	unsigned char *key = NULL;
	enum tact_err err;
	int made = 0;

	if (vault->unlocked)
		return TACT_OK;
	err = read_row(vault, &row);
	if (err != TACT_OK)
		return err;
	if (!row.present) {
		if (!create)
			return TACT_ERR_NOT_FOUND;
		err = create_vault(vault, TACT_VAULT_KEYFILE, NULL, 0, &made);
		if (err != TACT_OK || made)
			return err;
		err = read_row(vault, &row);
		if (err != TACT_OK)
			return err;
		if (!row.present)
			return TACT_ERR_DB;
	}
	if (row.mode == TACT_VAULT_PASSPHRASE)
		return TACT_ERR_LOCKED;
	key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (key == NULL)
		return TACT_ERR_NOMEM;
	vault->damage = NULL;
	err = unwrap_row(vault, &row, NULL, 0, key);
	if (err == TACT_OK)
		install_key(vault, key);
	sodium_free(key);
	return err;
}

/* The database's log may still hold the old wrapping; fold it into the
 * file (where secure_delete has overwritten it) and empty it. */
static void checkpoint(struct tact_vault *vault)
{
	if (tact_store_exec(vault->store, "PRAGMA wal_checkpoint(TRUNCATE)") != TACT_OK)
		tact_log_warn("vault: could not checkpoint the database log");
}

static void remove_key_file(struct tact_vault *vault)
{
	checkpoint(vault);
	if (unlink(vault->key_file) != 0 && errno != ENOENT)
		tact_log_warn("vault: cannot remove %s: %s", vault->key_file, strerror(errno));
	else if (sync_dir(vault->data_dir) != TACT_OK)
		tact_log_warn("vault: cannot sync %s", vault->data_dir);
}

enum tact_err tact_vault_setup(struct tact_vault *vault, enum tact_vault_mode mode,
			       const char *passphrase, size_t len)
{
	struct vault_row row;
	enum tact_vault_mode was;
	enum tact_err err;
	int made = 0;

	if (mode == TACT_VAULT_PASSPHRASE &&
	    (passphrase == NULL || len < TACT_VAULT_PASSPHRASE_MIN ||
	     len > TACT_VAULT_PASSPHRASE_MAX))
		return TACT_ERR_BAD_REQUEST;
	err = read_row(vault, &row);
	if (err != TACT_OK)
		return err;
	if (!row.present) {
		err = create_vault(vault, mode, passphrase, len, &made);
		if (err != TACT_OK || made)
			return err;
		err = read_row(vault, &row);
		if (err != TACT_OK)
			return err;
	}
	was = row.mode;
	if (was == TACT_VAULT_KEYFILE && mode == TACT_VAULT_KEYFILE)
		return tact_vault_ready(vault, 0);
	err = tact_vault_ready(vault, 0);
	if (err != TACT_OK)
		return err;
	err = wrap_into(vault, mode, passphrase, len, vault->data_key, 1, &row);
	if (err == TACT_OK)
		err = store_row(vault, &row);
	sodium_memzero(&row, sizeof(row));
	if (err != TACT_OK)
		return err;
	vault->mode = mode;
	if (mode == TACT_VAULT_PASSPHRASE && was == TACT_VAULT_KEYFILE)
		remove_key_file(vault);
	tact_log_info("vault: now in %s mode",
		      mode == TACT_VAULT_KEYFILE ? MODE_KEYFILE : MODE_PASSPHRASE);
	return TACT_OK;
}

enum tact_err tact_vault_unlock(struct tact_vault *vault, const char *passphrase, size_t len)
{
	struct vault_row row;
	unsigned long long ops = 0;
	size_t mem = 0;
	unsigned char *key = NULL;
	enum tact_err err;

	err = read_row(vault, &row);
	if (err != TACT_OK)
		return err;
	if (!row.present)
		return TACT_ERR_NOT_FOUND;
	if (row.mode == TACT_VAULT_KEYFILE)
		return tact_vault_ready(vault, 0);
	if (passphrase == NULL || len > TACT_VAULT_PASSPHRASE_MAX)
		return TACT_ERR_BAD_REQUEST;
	key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (key == NULL)
		return TACT_ERR_NOMEM;
	err = unwrap_row(vault, &row, passphrase, len, key);
	if (err != TACT_OK) {
		tact_log_info("vault: a passphrase was refused");
		goto out;
	}
	install_key(vault, key);
	tact_log_info("vault: unlocked");
	/* Raise a cost below today's: re-wrap under fresh parameters. */
	tact_vault_pwhash_cost(&ops, &mem);
	if (row.opslimit < ops || row.memlimit < mem) {
		struct vault_row raised;
		enum tact_err up =
		    wrap_into(vault, TACT_VAULT_PASSPHRASE, passphrase, len, key, 0, &raised);
		if (up == TACT_OK)
			up = store_row(vault, &raised);
		if (up == TACT_OK)
			tact_log_info("vault: passphrase cost raised");
		else
			tact_log_warn("vault: could not raise the passphrase cost: %s",
				      tact_err_code(up));
		sodium_memzero(&raised, sizeof(raised));
	}
out:
	sodium_memzero(&row, sizeof(row));
	sodium_free(key);
	return err;
}

enum tact_err tact_vault_change_passphrase(struct tact_vault *vault, const char *old_pass,
					   size_t old_len, const char *new_pass, size_t new_len)
{
	struct vault_row row;
	unsigned char *key = NULL;
	enum tact_err err;

	if (old_pass == NULL || new_pass == NULL || old_len > TACT_VAULT_PASSPHRASE_MAX ||
	    new_len < TACT_VAULT_PASSPHRASE_MIN || new_len > TACT_VAULT_PASSPHRASE_MAX)
		return TACT_ERR_BAD_REQUEST;
	err = read_row(vault, &row);
	if (err != TACT_OK)
		return err;
	if (!row.present)
		return TACT_ERR_NOT_FOUND;
	if (row.mode != TACT_VAULT_PASSPHRASE)
		return TACT_ERR_BAD_REQUEST;
	key = sodium_malloc(TACT_VAULT_KEY_BYTES);
	if (key == NULL)
		return TACT_ERR_NOMEM;
	err = unwrap_row(vault, &row, old_pass, old_len, key);
	if (err != TACT_OK)
		goto out;
	err = wrap_into(vault, TACT_VAULT_PASSPHRASE, new_pass, new_len, key, 0, &row);
	if (err == TACT_OK)
		err = store_row(vault, &row);
	if (err == TACT_OK) {
		checkpoint(vault);
		tact_log_info("vault: passphrase changed");
	}
out:
	sodium_memzero(&row, sizeof(row));
	sodium_free(key);
	return err;
}

enum tact_err tact_vault_contact_id(const struct tact_vault *vault, const char *key, size_t len,
				    unsigned char out[TACT_VAULT_HASH_BYTES])
{
	if (!vault->unlocked)
		return TACT_ERR_LOCKED;
	crypto_generichash(out, TACT_VAULT_HASH_BYTES, (const unsigned char *)key, len,
			   vault->index_key, TACT_VAULT_KEY_BYTES);
	return TACT_OK;
}

enum tact_err tact_vault_seal(const struct tact_vault *vault, const unsigned char *ad,
			      size_t ad_len, const unsigned char *plain, size_t len,
			      unsigned char *out)
{
	if (!vault->unlocked)
		return TACT_ERR_LOCKED;
	randombytes_buf(out, TACT_VAULT_NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + TACT_VAULT_NONCE_BYTES, NULL, plain, len,
						   ad, ad_len, NULL, out, vault->seal_key);
	return TACT_OK;
}

enum tact_err tact_vault_open_sealed(const struct tact_vault *vault, const unsigned char *ad,
				     size_t ad_len, const unsigned char *sealed, size_t len,
				     unsigned char *out)
{
	if (!vault->unlocked)
		return TACT_ERR_LOCKED;
	if (len < TACT_VAULT_SEAL_OVERHEAD)
		return TACT_ERR_DB;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		out, NULL, NULL, sealed + TACT_VAULT_NONCE_BYTES, len - TACT_VAULT_NONCE_BYTES, ad,
		ad_len, sealed, vault->seal_key) != 0) {
		sodium_memzero(out, len - TACT_VAULT_SEAL_OVERHEAD);
		return TACT_ERR_DB;
	}
	return TACT_OK;
}
