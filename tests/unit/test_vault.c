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

#include <sodium.h>

#include "tact/store.h"
#include "tact/vault.h"
#include "testutil.h"

#define PASS "correct horse battery staple"
#define PASS2 "a different passphrase"

/* A data folder with an open store and vault. */
struct fixture {
	char *dir;
	char db[4096];
	char key_file[4096];
	struct tact_store *store;
	struct tact_vault *vault;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	setenv(TACT_VAULT_PWHASH_FAST_ENV, "1", 1);
	f->dir = make_temp_dir();
	snprintf(f->db, sizeof(f->db), "%s/tact.db", f->dir);
	snprintf(f->key_file, sizeof(f->key_file), "%s/%s", f->dir, TACT_VAULT_KEY_FILE);
	assert_int_equal(tact_store_open(f->db, &f->store), TACT_OK);
	assert_int_equal(tact_vault_open(f->store, f->dir, 60, &f->vault), TACT_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tact_vault_free(f->vault);
	tact_store_close(f->store);
	remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A second vault over the same database, as another host would have. */
static struct tact_vault *reopen(struct fixture *f)
{
	struct tact_vault *v = NULL;

	assert_int_equal(tact_vault_open(f->store, f->dir, 60, &v), TACT_OK);
	return v;
}

static void hex_equal(const unsigned char *bin, size_t len, const char *hex)
{
	char buf[256];

	sodium_bin2hex(buf, sizeof(buf), bin, len);
	assert_string_equal(buf, hex);
}

static void fixed_inputs(unsigned char *dk, unsigned char *kek, unsigned char *nonce)
{
	for (int i = 0; i < 32; i++) {
		dk[i] = (unsigned char)i;
		kek[i] = (unsigned char)(0xa0 + i);
	}
	for (int i = 0; i < 24; i++)
		nonce[i] = (unsigned char)(0x40 + i);
}

/* Known answers: a fixed data key, wrapping key and nonce give exactly
 * these bytes, and they unwrap back to the data key. */
static void wrapping_known_answers(void **state)
{
	unsigned char dk[32], kek[32], nonce[24], ad[16], out[TACT_VAULT_WRAPPED_BYTES], back[32];
	size_t ad_len;

	(void)state;
	fixed_inputs(dk, kek, nonce);
	ad_len = tact_vault_wrap_ad(TACT_VAULT_KEYFILE, ad, sizeof(ad));
	hex_equal(ad, ad_len, "746163742d7661756c740100");
	tact_vault_wrap(kek, nonce, ad, ad_len, dk, out);
	hex_equal(out, sizeof(out),
		  "f9bb7d528106b0e808b7e18334a1b150d73f6991755ec380118fcd0c0547f27c"
		  "eb15d143f93523d342b9076591f6266d");
	assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back), TACT_OK);
	assert_memory_equal(back, dk, 32);

	ad_len = tact_vault_wrap_ad(TACT_VAULT_PASSPHRASE, ad, sizeof(ad));
	tact_vault_wrap(kek, nonce, ad, ad_len, dk, out);
	hex_equal(out, sizeof(out),
		  "f9bb7d528106b0e808b7e18334a1b150d73f6991755ec380118fcd0c0547f27c"
		  "793f7994e2a26848a8f1e84bacbaf55e");
	assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back), TACT_OK);
	assert_memory_equal(back, dk, 32);

	/* The wrong mode, key, nonce or any flipped byte does not unwrap, and
	 * leaves no key behind. */
	ad_len = tact_vault_wrap_ad(TACT_VAULT_KEYFILE, ad, sizeof(ad));
	assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back),
			 TACT_ERR_BAD_REQUEST);
	for (size_t i = 0; i < 32; i++)
		assert_int_equal(back[i], 0);
	ad_len = tact_vault_wrap_ad(TACT_VAULT_PASSPHRASE, ad, sizeof(ad));
	kek[0] ^= 1;
	assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back),
			 TACT_ERR_BAD_REQUEST);
	kek[0] ^= 1;
	nonce[5] ^= 1;
	assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back),
			 TACT_ERR_BAD_REQUEST);
	nonce[5] ^= 1;
	for (size_t i = 0; i < sizeof(out); i++) {
		out[i] ^= 0x80;
		assert_int_equal(tact_vault_unwrap(kek, nonce, ad, ad_len, out, back),
				 TACT_ERR_BAD_REQUEST);
		out[i] ^= 0x80;
	}
}

/* Known answer for the passphrase key: Argon2id13 at libsodium's minimum
 * cost (the full cost is too slow under valgrind; the harness runs it). */
static void derivation_known_answer(void **state)
{
	unsigned char salt[16];
	unsigned char *kek = sodium_malloc(32);

	(void)state;
	for (int i = 0; i < 16; i++)
		salt[i] = (unsigned char)(0x10 + i);
	assert_int_equal(tact_vault_derive(PASS, strlen(PASS), salt,
					   crypto_pwhash_argon2id_OPSLIMIT_MIN,
					   crypto_pwhash_argon2id_MEMLIMIT_MIN, kek),
			 TACT_OK);
	hex_equal(kek, 32, "90da74e47a1d109c1bb7ad2a81127e2089e284ce71c647ebaedc644df9a9f14c");
	/* A stored cost outside the sane range is refused, not obeyed. */
	assert_int_equal(tact_vault_derive(PASS, strlen(PASS), salt, 1000, 8192, kek), TACT_ERR_DB);
	/* What a crafted backup header asked for (fuzz_dispatch ran out of
	 * memory on it): 4 GiB used to be obeyed. */
	assert_int_equal(tact_vault_derive(PASS, strlen(PASS), salt, 11, 8192, kek), TACT_ERR_DB);
	assert_int_equal(tact_vault_derive(PASS, strlen(PASS), salt, 2, (size_t)1 << 31, kek),
			 TACT_ERR_DB);
	assert_int_equal(tact_vault_derive(PASS, strlen(PASS), salt, 2,
					   (size_t)TACT_VAULT_PWHASH_MEMLIMIT_CAP + 1, kek),
			 TACT_ERR_DB);
	sodium_free(kek);
}

static void default_cost_is_at_least_owasp(void **state)
{
	unsigned long long ops = 0;
	size_t mem = 0;

	(void)state;
	unsetenv(TACT_VAULT_PWHASH_FAST_ENV);
	tact_vault_pwhash_cost(&ops, &mem);
	assert_int_equal(ops, 3);
	assert_int_equal(mem, 64u * 1024u * 1024u);
	assert_true(ops >= 2 && mem >= 19u * 1024u * 1024u); /* OWASP: m = 19 MiB, t = 2 */
	setenv(TACT_VAULT_PWHASH_FAST_ENV, "0", 1);
	tact_vault_pwhash_cost(&ops, &mem);
	assert_int_equal(ops, 3);
	setenv(TACT_VAULT_PWHASH_FAST_ENV, "1", 1);
	tact_vault_pwhash_cost(&ops, &mem);
	assert_int_equal(ops, crypto_pwhash_argon2id_OPSLIMIT_MIN);
	assert_int_equal(mem, crypto_pwhash_argon2id_MEMLIMIT_MIN);
}

static void status_of(struct tact_vault *v, enum tact_vault_state want_state,
		      enum tact_vault_mode want_mode)
{
	enum tact_vault_state state;
	enum tact_vault_mode mode;

	assert_int_equal(tact_vault_status(v, &state, &mode), TACT_OK);
	assert_int_equal(state, want_state);
	if (state != TACT_VAULT_NONE)
		assert_int_equal(mode, want_mode);
}

static void keyfile_vault_is_made_on_first_use(void **state)
{
	struct fixture *f = *state;
	unsigned char a[16], b[16];
	struct tact_vault *other;
	struct stat st;

	status_of(f->vault, TACT_VAULT_NONE, TACT_VAULT_KEYFILE);
	assert_int_equal(tact_vault_ready(f->vault, 0), TACT_ERR_NOT_FOUND);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, a), TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_OK);
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_KEYFILE);
	assert_int_equal(stat(f->key_file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, a), TACT_OK);
	/* Another host opens the same vault from the key file. */
	other = reopen(f);
	status_of(other, TACT_VAULT_UNLOCKED, TACT_VAULT_KEYFILE);
	assert_int_equal(tact_vault_ready(other, 0), TACT_OK);
	assert_int_equal(tact_vault_contact_id(other, "/in/x/", 6, b), TACT_OK);
	assert_memory_equal(a, b, 16);
	assert_int_equal(tact_vault_contact_id(other, "/in/y/", 6, b), TACT_OK);
	assert_memory_not_equal(a, b, 16);
	/* Locking a keyfile vault only drops the key; it reopens on use. */
	tact_vault_lock(other);
	assert_int_equal(tact_vault_ready(other, 0), TACT_OK);
	tact_vault_free(other);
}

static void a_missing_or_wrong_key_file_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct tact_vault *other;
	FILE *file;

	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_OK);
	file = fopen(f->key_file, "w");
	fwrite("0123456789abcdef0123456789abcdef", 1, 32, file);
	fclose(file);
	other = reopen(f);
	assert_int_equal(tact_vault_ready(other, 0), TACT_ERR_DAMAGED);
	assert_non_null(strstr(tact_vault_damage(other), "does not open"));
	status_of(other, TACT_VAULT_DAMAGED, TACT_VAULT_KEYFILE);
	unlink(f->key_file);
	assert_int_equal(tact_vault_ready(other, 0), TACT_ERR_DAMAGED);
	assert_non_null(strstr(tact_vault_damage(other), "notes.key"));
	assert_non_null(strstr(tact_vault_damage(other), "missing"));
	status_of(other, TACT_VAULT_DAMAGED, TACT_VAULT_KEYFILE);
	file = fopen(f->key_file, "w");
	fwrite("0123456789abcdef", 1, 16, file);
	fclose(file);
	assert_int_equal(tact_vault_ready(other, 0), TACT_ERR_DAMAGED);
	assert_non_null(strstr(tact_vault_damage(other), "truncated"));
	tact_vault_free(other);
}

static void passphrase_lock_unlock_and_wrong_passphrase(void **state)
{
	struct fixture *f = *state;
	unsigned char a[16], b[16];
	struct tact_vault *other;
	struct stat st;

	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, "short", 5),
			 TACT_ERR_BAD_REQUEST);
	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	assert_int_not_equal(stat(f->key_file, &st), 0); /* no key file in this mode */
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_PASSPHRASE);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, a), TACT_OK);
	tact_vault_lock(f->vault);
	status_of(f->vault, TACT_VAULT_LOCKED, TACT_VAULT_PASSPHRASE);
	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, b), TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_unlock(f->vault, PASS2, strlen(PASS2)), TACT_ERR_WRONG_PASSPHRASE);
	status_of(f->vault, TACT_VAULT_LOCKED, TACT_VAULT_PASSPHRASE);
	assert_int_equal(tact_vault_unlock(f->vault, PASS, strlen(PASS)), TACT_OK);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, b), TACT_OK);
	assert_memory_equal(a, b, 16);
	/* A new host starts locked. */
	other = reopen(f);
	status_of(other, TACT_VAULT_LOCKED, TACT_VAULT_PASSPHRASE);
	assert_int_equal(tact_vault_unlock(other, PASS, strlen(PASS)), TACT_OK);
	tact_vault_free(other);
}

static void changing_the_passphrase_rewraps_the_same_key(void **state)
{
	struct fixture *f = *state;
	unsigned char a[16], b[16];
	struct tact_vault *other;

	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, a), TACT_OK);
	tact_vault_lock(f->vault);
	assert_int_equal(
	    tact_vault_change_passphrase(f->vault, PASS2, strlen(PASS2), PASS, strlen(PASS)),
	    TACT_ERR_WRONG_PASSPHRASE);
	assert_int_equal(tact_vault_change_passphrase(f->vault, PASS, strlen(PASS), "tiny", 4),
			 TACT_ERR_BAD_REQUEST);
	assert_int_equal(
	    tact_vault_change_passphrase(f->vault, PASS, strlen(PASS), PASS2, strlen(PASS2)),
	    TACT_OK);
	status_of(f->vault, TACT_VAULT_LOCKED, TACT_VAULT_PASSPHRASE); /* lock state kept */
	other = reopen(f);
	assert_int_equal(tact_vault_unlock(other, PASS, strlen(PASS)), TACT_ERR_WRONG_PASSPHRASE);
	assert_int_equal(tact_vault_unlock(other, PASS2, strlen(PASS2)), TACT_OK);
	assert_int_equal(tact_vault_contact_id(other, "/in/x/", 6, b), TACT_OK);
	assert_memory_equal(a, b, 16);
	tact_vault_free(other);
}

static void switching_modes_keeps_the_data_key(void **state)
{
	struct fixture *f = *state;
	unsigned char a[16], b[16];
	struct tact_vault *other;
	struct stat st;

	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_OK);
	assert_int_equal(tact_vault_contact_id(f->vault, "/in/x/", 6, a), TACT_OK);
	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	assert_int_not_equal(stat(f->key_file, &st), 0);
	tact_vault_lock(f->vault);
	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_KEYFILE, NULL, 0), TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_unlock(f->vault, PASS, strlen(PASS)), TACT_OK);
	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_KEYFILE, NULL, 0), TACT_OK);
	assert_int_equal(stat(f->key_file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	other = reopen(f);
	status_of(other, TACT_VAULT_UNLOCKED, TACT_VAULT_KEYFILE);
	assert_int_equal(tact_vault_ready(other, 0), TACT_OK);
	assert_int_equal(tact_vault_contact_id(other, "/in/x/", 6, b), TACT_OK);
	assert_memory_equal(a, b, 16);
	tact_vault_free(other);
}

static void auto_lock_after_idle_time(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	assert_int_equal(tact_vault_autolock_seconds(f->vault), 60);
	tact_vault_tick(f->vault, 1000);
	tact_vault_tick(f->vault, 1060); /* exactly the limit: still open */
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_PASSPHRASE);
	tact_vault_tick(f->vault, 1100);
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_PASSPHRASE);
	tact_vault_tick(f->vault, 1161); /* idle 61 s */
	status_of(f->vault, TACT_VAULT_LOCKED, TACT_VAULT_PASSPHRASE);
	assert_int_equal(tact_vault_ready(f->vault, 0), TACT_ERR_LOCKED);
	/* The unlock request itself is activity: the clock starts again. */
	tact_vault_tick(f->vault, 5000);
	assert_int_equal(tact_vault_unlock(f->vault, PASS, strlen(PASS)), TACT_OK);
	tact_vault_tick(f->vault, 5030);
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_PASSPHRASE);
}

static void keyfile_vault_never_auto_locks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_OK);
	tact_vault_tick(f->vault, 10);
	tact_vault_tick(f->vault, 100000);
	status_of(f->vault, TACT_VAULT_UNLOCKED, TACT_VAULT_KEYFILE);
	assert_int_equal(tact_vault_ready(f->vault, 0), TACT_OK);
}

static void exec_sql(struct fixture *f, const char *sql)
{
	assert_int_equal(tact_store_exec(f->store, sql), TACT_OK);
}

/* Each stored field of the vault record, damaged, stops the unlock with a
 * clear error and no crash. */
static void tampered_vault_record(void **state)
{
	struct fixture *f = *state;
	static const char *const damage[] = {
	    "UPDATE vault SET wrapped = substr(wrapped, 1, 47)",
	    "UPDATE vault SET wrapped = zeroblob(48)",
	    "UPDATE vault SET nonce = zeroblob(24)",
	    "UPDATE vault SET nonce = substr(nonce, 1, 20)",
	    "UPDATE vault SET salt = zeroblob(16)",
	    "UPDATE vault SET salt = NULL",
	    "UPDATE vault SET opslimit = opslimit + 1",
	    "UPDATE vault SET opslimit = 999999",
	    "UPDATE vault SET memlimit = memlimit * 2",
	    "UPDATE vault SET mode = 'keyfile'",
	    "UPDATE vault SET mode = 'other'",
	    "UPDATE vault SET version = 2",
	    NULL,
	};

	assert_int_equal(tact_vault_setup(f->vault, TACT_VAULT_PASSPHRASE, PASS, strlen(PASS)),
			 TACT_OK);
	for (int i = 0; damage[i] != NULL; i++) {
		struct tact_vault *other;
		enum tact_err err;
		exec_sql(f, "SAVEPOINT t");
		exec_sql(f, damage[i]);
		other = reopen(f);
		err = tact_vault_unlock(other, PASS, strlen(PASS));
		assert_true(err == TACT_ERR_WRONG_PASSPHRASE || err == TACT_ERR_BAD_REQUEST ||
			    err == TACT_ERR_DB || err == TACT_ERR_DAMAGED);
		assert_int_equal(tact_vault_contact_id(other, "/in/x/", 6, (unsigned char[16]){0}),
				 TACT_ERR_LOCKED);
		tact_vault_free(other);
		exec_sql(f, "ROLLBACK TO t");
		exec_sql(f, "RELEASE t");
	}
	/* Undamaged again: it opens. */
	{
		struct tact_vault *other = reopen(f);
		assert_int_equal(tact_vault_unlock(other, PASS, strlen(PASS)), TACT_OK);
		tact_vault_free(other);
	}
}

static void seal_binds_associated_data(void **state)
{
	struct fixture *f = *state;
	const unsigned char text[] = "why I want to connect";
	unsigned char sealed[sizeof(text) + TACT_VAULT_SEAL_OVERHEAD];
	unsigned char *out = sodium_malloc(sizeof(text));

	assert_int_equal(
	    tact_vault_seal(f->vault, (const unsigned char *)"a", 1, text, sizeof(text), sealed),
	    TACT_ERR_LOCKED);
	assert_int_equal(tact_vault_ready(f->vault, 1), TACT_OK);
	assert_int_equal(
	    tact_vault_seal(f->vault, (const unsigned char *)"a", 1, text, sizeof(text), sealed),
	    TACT_OK);
	assert_int_equal(tact_vault_open_sealed(f->vault, (const unsigned char *)"a", 1, sealed,
						sizeof(sealed), out),
			 TACT_OK);
	assert_memory_equal(out, text, sizeof(text));
	assert_int_equal(tact_vault_open_sealed(f->vault, (const unsigned char *)"b", 1, sealed,
						sizeof(sealed), out),
			 TACT_ERR_DB);
	for (size_t i = 0; i < sizeof(text); i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(tact_vault_open_sealed(f->vault, (const unsigned char *)"a", 1, sealed,
						TACT_VAULT_SEAL_OVERHEAD - 1, out),
			 TACT_ERR_DB);
	sodium_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wrapping_known_answers),
	    cmocka_unit_test(derivation_known_answer),
	    cmocka_unit_test(default_cost_is_at_least_owasp),
	    cmocka_unit_test_setup_teardown(keyfile_vault_is_made_on_first_use, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_missing_or_wrong_key_file_is_an_error, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(passphrase_lock_unlock_and_wrong_passphrase, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(changing_the_passphrase_rewraps_the_same_key, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(switching_modes_keeps_the_data_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(auto_lock_after_idle_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(keyfile_vault_never_auto_locks, setup, teardown),
	    cmocka_unit_test_setup_teardown(tampered_vault_record, setup, teardown),
	    cmocka_unit_test_setup_teardown(seal_binds_associated_data, setup, teardown),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
