#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tact/param.h"

static json_object *obj(const char *text)
{
	json_object *o = json_tokener_parse(text);
	assert_non_null(o);
	return o;
}

static void strings(void **state)
{
	json_object *o = obj("{\"s\":\"abc\",\"n\":5,\"z\":null}");
	const char *s;
	char why[256];

	(void)state;
	assert_int_equal(tact_param_string(o, "s", TACT_PARAM_REQUIRED, 3, &s, why, sizeof(why)),
			 TACT_OK);
	assert_string_equal(s, "abc");
	assert_int_equal(tact_param_string(o, "s", TACT_PARAM_REQUIRED, 2, &s, why, sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "\"s\" is longer than 2 bytes"));
	assert_int_equal(tact_param_string(o, "n", TACT_PARAM_OPTIONAL, 9, &s, why, sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "\"n\" must be a string"));
	assert_int_equal(tact_param_string(o, "z", TACT_PARAM_OPTIONAL, 9, &s, why, sizeof(why)),
			 TACT_OK);
	assert_null(s);
	assert_int_equal(tact_param_string(o, "q", TACT_PARAM_REQUIRED, 9, &s, why, sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "\"q\" is missing"));
	json_object_put(o);
}

static void integers_booleans_enums(void **state)
{
	json_object *o = obj("{\"n\":5,\"b\":true,\"e\":\"premium\",\"s\":\"x\"}");
	static const char *const choices[] = {"free", "premium", NULL};
	int64_t n = 0;
	int present = 0;
	int b = 0;
	int idx = 0;
	char why[256];

	(void)state;
	assert_int_equal(tact_param_int(o, "n", TACT_PARAM_REQUIRED, 0, 10, &n, &present, why,
					sizeof(why)),
			 TACT_OK);
	assert_int_equal(n, 5);
	assert_true(present);
	assert_int_equal(tact_param_int(o, "n", TACT_PARAM_REQUIRED, 6, 10, &n, &present, why,
					sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "between 6 and 10"));
	assert_int_equal(tact_param_int(o, "s", TACT_PARAM_OPTIONAL, 0, 1, &n, &present, why,
					sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_int_equal(tact_param_bool(o, "b", 0, &b, why, sizeof(why)), TACT_OK);
	assert_true(b);
	assert_int_equal(tact_param_bool(o, "n", 0, &b, why, sizeof(why)), TACT_ERR_BAD_REQUEST);
	assert_int_equal(tact_param_enum(o, "e", TACT_PARAM_REQUIRED, choices, &idx, why,
					 sizeof(why)),
			 TACT_OK);
	assert_int_equal(idx, 1);
	assert_int_equal(tact_param_enum(o, "s", TACT_PARAM_REQUIRED, choices, &idx, why,
					 sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "\"free\", \"premium\""));
	json_object_put(o);
}

static void lists(void **state)
{
	json_object *o = obj("{\"l\":[\"a\",\"bb\"],\"m\":[\"a\",1],\"s\":\"x\"}");
	json_object *list;
	char why[256];

	(void)state;
	assert_int_equal(tact_param_string_list(o, "l", TACT_PARAM_REQUIRED, 2, 2, &list, why,
						sizeof(why)),
			 TACT_OK);
	assert_int_equal(json_object_array_length(list), 2);
	assert_int_equal(tact_param_string_list(o, "l", TACT_PARAM_REQUIRED, 1, 2, &list, why,
						sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_int_equal(tact_param_string_list(o, "l", TACT_PARAM_REQUIRED, 2, 1, &list, why,
						sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "item 1"));
	assert_int_equal(tact_param_string_list(o, "m", TACT_PARAM_REQUIRED, 5, 5, &list, why,
						sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	assert_int_equal(tact_param_string_list(o, "s", TACT_PARAM_REQUIRED, 5, 5, &list, why,
						sizeof(why)),
			 TACT_ERR_BAD_REQUEST);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings),
		cmocka_unit_test(integers_booleans_enums),
		cmocka_unit_test(lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
