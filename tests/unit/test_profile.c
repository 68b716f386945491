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
#include "tact/profile.h"
#include "tact/store.h"
#include "testutil.h"

static json_object *normalize_ok(const char *text)
{
	json_object *in = json_tokener_parse(text);
	json_object *out = NULL;
	char why[256] = "";

	assert_non_null(in);
	if (tact_profile_normalize(in, &out, why, sizeof(why)) != TACT_OK)
		fail_msg("rejected %s: %s", text, why);
	json_object_put(in);
	return out;
}

static void expect_rejected(const char *text, const char *why_part)
{
	json_object *in = json_tokener_parse(text);
	json_object *out = NULL;
	char why[256] = "";

	assert_non_null(in);
	assert_int_equal(tact_profile_normalize(in, &out, why, sizeof(why)), TACT_ERR_BAD_REQUEST);
	if (strstr(why, why_part) == NULL)
		fail_msg("%s: message \"%s\" does not name %s", text, why, why_part);
	assert_null(out);
	json_object_put(in);
}

static void fills_defaults_and_drops_unknown(void **state)
{
	json_object *p = normalize_ok("{\"name\":\"Ana Sousa\",\"color\":\"red\"}");
	const char *text = json_object_to_json_string_ext(p, JSON_C_TO_STRING_PLAIN);

	(void)state;
	assert_string_equal(text, "{\"name\":\"Ana Sousa\",\"headline\":\"\",\"industry\":\"\","
				  "\"location\":\"\",\"companies\":[],\"schools\":[],"
				  "\"keywords\":[],\"locale\":\"\",\"account\":\"free\","
				  "\"strictness\":\"balanced\",\"signature\":\"\"}");
	json_object_put(p);
}

static void keeps_strictness_and_signature(void **state)
{
	json_object *p = normalize_ok("{\"strictness\":\"strict\",\"signature\":\"— Ana, Kestrel Labs\"}");
	json_object *v = NULL;

	(void)state;
	assert_true(json_object_object_get_ex(p, "strictness", &v));
	assert_string_equal(json_object_get_string(v), "strict");
	assert_true(json_object_object_get_ex(p, "signature", &v));
	assert_string_equal(json_object_get_string(v), "— Ana, Kestrel Labs");
	json_object_put(p);
}

static void keeps_lists_and_unicode(void **state)
{
	json_object *p = normalize_ok("{\"companies\":[\"Orion\",\"\",\"Müller & Söhne\"],"
				      "\"locale\":\"pt-BR\",\"account\":\"premium\"}");
	json_object *list;

	(void)state;
	assert_true(json_object_object_get_ex(p, "companies", &list));
	assert_int_equal(json_object_array_length(list), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(list, 1)),
			    "Müller & Söhne");
	json_object_put(p);
}

static void rejects_wrong_fields(void **state)
{
	char long_name[400];

	(void)state;
	expect_rejected("{\"name\":5}", "\"name\"");
	expect_rejected("{\"companies\":\"Orion\"}", "\"companies\"");
	expect_rejected("{\"schools\":[1]}", "\"schools\"");
	expect_rejected("{\"locale\":\"english\"}", "\"locale\"");
	expect_rejected("{\"locale\":\"e\"}", "\"locale\"");
	expect_rejected("{\"account\":\"gold\"}", "\"account\"");
	expect_rejected("{\"strictness\":\"paranoid\"}", "\"strictness\"");
	expect_rejected("{\"signature\":\"Ana\\nP.S. click here\"}", "one line");
	expect_rejected("{\"signature\":7}", "\"signature\"");
	memset(long_name, 'a', sizeof(long_name));
	long_name[0] = '{';
	memcpy(long_name + 1, "\"name\":\"", 8);
	memcpy(long_name + sizeof(long_name) - 3, "\"}", 3);
	expect_rejected(long_name, "\"name\"");
}

/* Reads the file's bytes (database and its journal) into one buffer. */
static int file_holds(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	char buf[1 << 16];
	size_t n;
	int found = 0;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	for (size_t i = 0; !found && i + strlen(needle) <= n; i++)
		found = memcmp(buf + i, needle, strlen(needle)) == 0;
	return found;
}

static void round_trips_through_store_sealed(void **state)
{
	char *dir = make_temp_dir();
	char db[4096], wal[4200];
	struct tact_store *store = NULL;
	struct tact_keys *keys = NULL;
	json_object *p = normalize_ok("{\"name\":\"Jana Quetzalcoatl\",\"keywords\":[\"rust\"]}");
	json_object *loaded = NULL;
	char *value = NULL;

	(void)state;
	snprintf(db, sizeof(db), "%s/tact.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", db);
	assert_int_equal(tact_store_open(db, &store), TACT_OK);
	assert_int_equal(tact_keys_open(dir, 1, &keys), TACT_OK);
	assert_false(tact_profile_exists(store));
	assert_int_equal(tact_profile_load(store, keys, &loaded), TACT_OK);
	assert_string_equal(json_object_get_string(json_object_object_get(loaded, "name")), "");
	json_object_put(loaded);
	assert_int_equal(tact_profile_save(store, keys, p), TACT_OK);
	assert_true(tact_profile_exists(store));
	assert_int_equal(tact_profile_load(store, keys, &loaded), TACT_OK);
	assert_true(json_object_equal(p, loaded));
	json_object_put(loaded);
	/* Stored sealed: the name is in neither the database nor its journal. */
	assert_int_equal(tact_store_setting_get(store, "profile", &value), TACT_OK);
	assert_int_equal(strncmp(value, "sealed:", 7), 0);
	free(value);
	assert_false(file_holds(db, "Quetzalcoatl"));
	assert_false(file_holds(wal, "Quetzalcoatl"));

	/* A row an older build stored in the clear is read, then sealed. */
	assert_int_equal(tact_store_setting_put(store, "profile", "{\"name\":\"Old Row\"}"),
			 TACT_OK);
	assert_int_equal(tact_profile_load(store, keys, &loaded), TACT_OK);
	assert_string_equal(json_object_get_string(json_object_object_get(loaded, "name")),
			    "Old Row");
	json_object_put(loaded);
	assert_int_equal(tact_store_setting_get(store, "profile", &value), TACT_OK);
	assert_int_equal(strncmp(value, "sealed:", 7), 0);
	free(value);

	/* An altered one opens to the empty default, never to garbage. */
	assert_int_equal(tact_store_setting_put(store, "profile", "sealed:AAAA"), TACT_OK);
	assert_int_equal(tact_profile_load(store, keys, &loaded), TACT_OK);
	assert_string_equal(json_object_get_string(json_object_object_get(loaded, "name")), "");
	json_object_put(loaded);
	json_object_put(p);
	tact_keys_free(keys);
	tact_store_close(store);
	remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fills_defaults_and_drops_unknown),
	    cmocka_unit_test(keeps_lists_and_unicode),
	    cmocka_unit_test(keeps_strictness_and_signature),
	    cmocka_unit_test(rejects_wrong_fields),
	    cmocka_unit_test(round_trips_through_store_sealed),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
