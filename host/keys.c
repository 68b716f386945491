#include "tact/keys.h"

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

#define KDF_CONTEXT "tacthist"
#define SUBKEY_CONTACT 1
#define SUBKEY_WORD 2
#define SUBKEY_SEAL 3

struct tact_keys {
	unsigned char *contact; /* sodium_malloc'd, crypto_generichash_KEYBYTES */
	unsigned char *word;    /* crypto_shorthash_KEYBYTES */
	unsigned char *seal;    /* crypto_aead_xchacha20poly1305_ietf_KEYBYTES */
};

_Static_assert(crypto_kdf_KEYBYTES == 32, "install key is 32 bytes");

static enum tact_err read_exact(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return TACT_ERR_IO;
		got += (size_t)n;
	}
	return TACT_OK;
}

/* Creates the key file atomically: written to a temporary name, then
 * linked into place so a concurrent host either sees it whole or not. */
static enum tact_err create_key_file(const char *path, unsigned char *master)
{
	char tmp[TACT_PATH_MAX];
	int fd = -1;
	enum tact_err err = TACT_ERR_IO;
	size_t done = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return TACT_ERR_TOO_LARGE;
	randombytes_buf(master, crypto_kdf_KEYBYTES);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto out;
	while (done < crypto_kdf_KEYBYTES) {
		ssize_t n = write(fd, master + done, crypto_kdf_KEYBYTES - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		done += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto out;
	/* link() fails if another host won the race; then use its key. */
	if (link(tmp, path) != 0) {
		if (errno != EEXIST)
			goto out;
		err = TACT_ERR_NOT_FOUND;
		goto out;
	}
	err = TACT_OK;
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	if (err == TACT_ERR_IO)
		tact_log_error("cannot write %s: %s", path, strerror(errno));
	return err;
}

static enum tact_err load_master(const char *path, int may_create, unsigned char *master)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	enum tact_err err;

	if (fd < 0) {
		if (errno != ENOENT)
			return TACT_ERR_IO;
		if (!may_create) {
			tact_log_error(
			    "%s is missing, but the database holds history sealed with it; "
			    "restore the file from a backup (or, to start over and lose that "
			    "history, remove tact.db as well)",
			    path);
			return TACT_ERR_DAMAGED;
		}
		err = create_key_file(path, master);
		if (err != TACT_ERR_NOT_FOUND)
			return err;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			return TACT_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != crypto_kdf_KEYBYTES) {
		tact_log_error("%s is not a Tact key file", path);
		close(fd);
		return TACT_ERR_DB;
	}
	if ((st.st_mode & 077) != 0)
		tact_log_warn("%s is readable by others; run chmod 600 on it", path);
	err = read_exact(fd, master, crypto_kdf_KEYBYTES);
	close(fd);
	return err;
}

enum tact_err tact_keys_open(const char *dir, int may_create, struct tact_keys **out)
{
	char path[TACT_PATH_MAX];
	unsigned char *master = NULL;
	struct tact_keys *keys = NULL;
	enum tact_err err;

	*out = NULL;
	err = tact_paths_join(path, dir, TACT_KEYS_FILE);
	if (err != TACT_OK)
		return err;
	master = sodium_malloc(crypto_kdf_KEYBYTES);
	keys = calloc(1, sizeof(*keys));
	if (master == NULL || keys == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	keys->contact = sodium_malloc(crypto_generichash_KEYBYTES);
	keys->word = sodium_malloc(crypto_shorthash_KEYBYTES);
	keys->seal = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	if (keys->contact == NULL || keys->word == NULL || keys->seal == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = load_master(path, may_create, master);
	if (err != TACT_OK)
		goto out;
	crypto_kdf_derive_from_key(keys->contact, crypto_generichash_KEYBYTES, SUBKEY_CONTACT,
				   KDF_CONTEXT, master);
	crypto_kdf_derive_from_key(keys->word, crypto_shorthash_KEYBYTES, SUBKEY_WORD, KDF_CONTEXT,
				   master);
	crypto_kdf_derive_from_key(keys->seal, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
				   SUBKEY_SEAL, KDF_CONTEXT, master);
	*out = keys;
	keys = NULL;
out:
	if (master != NULL)
		sodium_free(master); /* sodium_free wipes before releasing */
	tact_keys_free(keys);
	return err;
}

void tact_keys_free(struct tact_keys *keys)
{
	if (keys == NULL)
		return;
	if (keys->contact != NULL)
		sodium_free(keys->contact);
	if (keys->word != NULL)
		sodium_free(keys->word);
	if (keys->seal != NULL)
		sodium_free(keys->seal);
	free(keys);
}

void tact_keys_contact_id(const struct tact_keys *keys, const char *data, size_t len,
			  unsigned char out[TACT_KEYS_HASH_BYTES])
{
	crypto_generichash(out, TACT_KEYS_HASH_BYTES, (const unsigned char *)data, len,
			   keys->contact, crypto_generichash_KEYBYTES);
}

void tact_keys_record_digest(const struct tact_keys *keys, const unsigned char *row, size_t row_len,
			     const char *record, size_t len,
			     unsigned char out[TACT_KEYS_HASH_BYTES])
{
	/* The label, with its NUL, keeps these apart from contact ids, whose
	 * inputs are text. */
	static const unsigned char label[] = "tact-record";
	crypto_generichash_state state;

	crypto_generichash_init(&state, keys->contact, crypto_generichash_KEYBYTES,
				TACT_KEYS_HASH_BYTES);
	crypto_generichash_update(&state, label, sizeof(label));
	crypto_generichash_update(&state, row, row_len);
	crypto_generichash_update(&state, (const unsigned char *)record, len);
	crypto_generichash_final(&state, out, TACT_KEYS_HASH_BYTES);
	sodium_memzero(&state, sizeof(state));
}

uint64_t tact_keys_word_hash(const struct tact_keys *keys, const char *word, size_t len)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v;

	crypto_shorthash(h, (const unsigned char *)word, len, keys->word);
	memcpy(&v, h, sizeof(v));
	return v;
}

enum tact_err tact_keys_seal(const struct tact_keys *keys, const unsigned char *ad, size_t ad_len,
			     const char *plaintext, size_t len, unsigned char **out,
			     size_t *out_len)
{
	const size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned char *buf = malloc(len + TACT_KEYS_SEAL_OVERHEAD);
	unsigned long long clen = 0;

	_Static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
				       crypto_aead_xchacha20poly1305_ietf_ABYTES ==
			       TACT_KEYS_SEAL_OVERHEAD,
		       "seal overhead");
	*out = NULL;
	*out_len = 0;
	if (buf == NULL)
		return TACT_ERR_NOMEM;
	randombytes_buf(buf, nonce_len);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + nonce_len, &clen,
						   (const unsigned char *)plaintext, len, ad,
						   ad_len, NULL, buf, keys->seal);
	*out = buf;
	*out_len = nonce_len + (size_t)clen;
	return TACT_OK;
}

enum tact_err tact_keys_open_sealed(const struct tact_keys *keys, const unsigned char *ad,
				    size_t ad_len, const unsigned char *sealed, size_t len,
				    char **out)
{
	const size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned long long plen = 0;
	char *buf;

	*out = NULL;
	if (len < TACT_KEYS_SEAL_OVERHEAD)
		return TACT_ERR_DB;
	buf = malloc(len - TACT_KEYS_SEAL_OVERHEAD + 1);
	if (buf == NULL)
		return TACT_ERR_NOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)buf, &plen, NULL,
						       sealed + nonce_len, len - nonce_len, ad,
						       ad_len, sealed, keys->seal) != 0) {
		free(buf);
		return TACT_ERR_DB;
	}
	buf[plen] = '\0';
	*out = buf;
	return TACT_OK;
}
