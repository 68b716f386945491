#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "tact/keys.h"
#include "testutil.h"

static void creates_private_key_file_and_reuses_it(void **state)
{
	char *dir = make_temp_dir();
	char path[4096];
	struct tact_keys *a = NULL;
	struct tact_keys *b = NULL;
	unsigned char ha[TACT_KEYS_HASH_BYTES];
	unsigned char hb[TACT_KEYS_HASH_BYTES];
	struct stat st;

	(void)state;
	assert_int_equal(tact_keys_open(dir, 1, &a), TACT_OK);
	snprintf(path, sizeof(path), "%s/%s", dir, TACT_KEYS_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(tact_keys_open(dir, 1, &b), TACT_OK);
	tact_keys_contact_id(a, "/in/x/", 6, ha);
	tact_keys_contact_id(b, "/in/x/", 6, hb);
	assert_memory_equal(ha, hb, sizeof(ha));
	assert_int_equal(tact_keys_word_hash(a, "kafka", 5), tact_keys_word_hash(b, "kafka", 5));
	assert_int_not_equal(tact_keys_word_hash(a, "kafka", 5), tact_keys_word_hash(a, "kafkA", 5));
	tact_keys_free(a);
	tact_keys_free(b);
	remove_tree(dir);
	free(dir);
}

static void installs_differ(void **state)
{
	char *d1 = make_temp_dir();
	char *d2 = make_temp_dir();
	struct tact_keys *a = NULL;
	struct tact_keys *b = NULL;
	unsigned char ha[TACT_KEYS_HASH_BYTES];
	unsigned char hb[TACT_KEYS_HASH_BYTES];

	(void)state;
	assert_int_equal(tact_keys_open(d1, 1, &a), TACT_OK);
	assert_int_equal(tact_keys_open(d2, 1, &b), TACT_OK);
	tact_keys_contact_id(a, "/in/x/", 6, ha);
	tact_keys_contact_id(b, "/in/x/", 6, hb);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	tact_keys_free(a);
	tact_keys_free(b);
	remove_tree(d1);
	remove_tree(d2);
	free(d1);
	free(d2);
}

static void seal_round_trip_and_tamper(void **state)
{
	char *dir = make_temp_dir();
	struct tact_keys *keys = NULL;
	const unsigned char row_a[] = "row-a";
	const unsigned char row_b[] = "row-b";
	const char *text = "{\"name\":\"Jana\"}";
	unsigned char *sealed = NULL;
	size_t len = 0;
	char *opened = NULL;

	(void)state;
	assert_int_equal(tact_keys_open(dir, 1, &keys), TACT_OK);
	assert_int_equal(tact_keys_seal(keys, row_a, 5, text, strlen(text), &sealed, &len), TACT_OK);
	assert_int_equal(len, strlen(text) + TACT_KEYS_SEAL_OVERHEAD);
	for (size_t i = 0; i + 4 <= len; i++)
		assert_false(memcmp(sealed + i, "Jana", 4) == 0);
	assert_int_equal(tact_keys_open_sealed(keys, row_a, 5, sealed, len, &opened), TACT_OK);
	assert_string_equal(opened, text);
	free(opened);
	/* Moved to another row: the associated data no longer matches. */
	assert_int_equal(tact_keys_open_sealed(keys, row_b, 5, sealed, len, &opened), TACT_ERR_DB);
	assert_null(opened);
	/* Every flipped byte and every truncation is refused. */
	for (size_t i = 0; i < len; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(tact_keys_open_sealed(keys, row_a, 5, sealed, len, &opened),
				 TACT_ERR_DB);
		sealed[i] ^= 0x01;
	}
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(tact_keys_open_sealed(keys, row_a, 5, sealed, cut, &opened),
				 TACT_ERR_DB);
	free(sealed);
	tact_keys_free(keys);
	remove_tree(dir);
	free(dir);
}

static void refuses_a_damaged_key_file(void **state)
{
	char *dir = make_temp_dir();
	char path[4096];
	struct tact_keys *keys = NULL;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", dir, TACT_KEYS_FILE);
	f = fopen(path, "w");
	fputs("short", f);
	fclose(f);
	assert_int_equal(tact_keys_open(dir, 1, &keys), TACT_ERR_DB);
	assert_null(keys);
	remove_tree(dir);
	free(dir);
}

/* A missing key is made anew only when nothing was sealed with the old
 * one; otherwise it is an error, and no new file appears. */
static void missing_key_is_not_replaced_over_data(void **state)
{
	char *dir = make_temp_dir();
	char path[4096];
	struct tact_keys *keys = NULL;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", dir, TACT_KEYS_FILE);
	assert_int_equal(tact_keys_open(dir, 0, &keys), TACT_ERR_DAMAGED);
	assert_null(keys);
	f = fopen(path, "r");
	assert_null(f);
	assert_int_equal(tact_keys_open(dir, 1, &keys), TACT_OK);
	tact_keys_free(keys);
	/* Once there, it is used whatever may_create says. */
	assert_int_equal(tact_keys_open(dir, 0, &keys), TACT_OK);
	tact_keys_free(keys);
	remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(creates_private_key_file_and_reuses_it),
	    cmocka_unit_test(installs_differ),
	    cmocka_unit_test(missing_key_is_not_replaced_over_data),
	    cmocka_unit_test(seal_round_trip_and_tamper),
	    cmocka_unit_test(refuses_a_damaged_key_file),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
