#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tact/strictjson.h"

static enum tact_err check(const char *text, size_t len, int depth)
{
	size_t offset = 0;
	const char *what = NULL;
	enum tact_err err = tact_strictjson_check(text, len, depth, &offset, &what);

	if (err != TACT_OK)
		assert_non_null(what);
	return err;
}

static void accepts_rfc8259(void **state)
{
	static const char *const good[] = {
		"{}", " {\"a\" : [1, -0.5e+10, 2E3, 0, true, false, null, \"x\"]}\n", "[]", "0",
		"\"\\u00e9\\n\\\\\\/\"", "{\"é\":\"日本語 \xf0\x9f\x98\x80\"}", "-0", "1e-5",
		NULL,
	};

	(void)state;
	for (int i = 0; good[i] != NULL; i++) {
		if (check(good[i], strlen(good[i]), 32) != TACT_OK)
			fail_msg("rejected %s", good[i]);
	}
}

static void rejects_what_json_c_lets_through(void **state)
{
	static const char *const bad[] = {
		"{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1.}", "{\"a\":\"\x01\"}",
		"{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1,}", "[1,]", "{a:1}",
		"{\"a\":tru}", "{\"a\":\"\\u12\"}", "{\"a\" 1}", "{} {}", "", "   ",
		"{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
		"{\"a\":\"\xe2\x82\"}", "{\"a\":\"\x80\"}", "{\"a\":\"abc", "{\"a\":-}", "{\"a\":1e}",
		NULL,
	};

	(void)state;
	for (int i = 0; bad[i] != NULL; i++) {
		if (check(bad[i], strlen(bad[i]), 32) != TACT_ERR_BAD_JSON)
			fail_msg("accepted %s", bad[i]);
	}
}

static void depth_limit_is_exact(void **state)
{
	char text[200];

	(void)state;
	for (int depth = 1; depth <= 40; depth++) {
		size_t n = (size_t)depth;
		memset(text, '[', n);
		memset(text + n, ']', n);
		assert_int_equal(check(text, 2 * n, 32), depth <= 32 ? TACT_OK : TACT_ERR_BAD_JSON);
	}
}

static void reports_the_offset(void **state)
{
	size_t offset = 0;
	const char *what = NULL;

	(void)state;
	assert_int_equal(tact_strictjson_check("{\"a\":1} x", 9, 32, &offset, &what),
			 TACT_ERR_BAD_JSON);
	assert_int_equal(offset, 8);
	assert_string_equal(what, "text after the JSON value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_rfc8259),
		cmocka_unit_test(rejects_what_json_c_lets_through),
		cmocka_unit_test(depth_limit_is_exact),
		cmocka_unit_test(reports_the_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
