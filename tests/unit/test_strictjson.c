#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/strictjson.h"

static enum tact_err check(const char *text, size_t len, int depth)
{
	struct tact_strictjson_report report;
	enum tact_err err = tact_strictjson_check(text, len, depth, &report);

	if (err != TACT_OK)
		assert_non_null(report.what);
	return err;
}

/* The path a refusal names, or NULL when the text is not refused. */
static const char *refused_at(const char *text, struct tact_strictjson_report *report)
{
	if (tact_strictjson_check(text, strlen(text), 32, report) != TACT_ERR_BAD_REQUEST)
		return NULL;
	return report->path;
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
	struct tact_strictjson_report report;

	(void)state;
	assert_int_equal(tact_strictjson_check("{\"a\":1} x", 9, 32, &report), TACT_ERR_BAD_JSON);
	assert_int_equal(report.offset, 8);
	assert_string_equal(report.what, "text after the JSON value");
}

/* Good JSON that could not be read back or echoed as sent is refused, and
 * the report says where. */
static void refuses_what_cannot_round_trip(void **state)
{
	static const struct {
		const char *text;
		const char *path;
		const char *what;
	} cases[] = {
	    {"{\"params\":{\"key\":\"/in/alice/\\u0000other\"}}", "params.key", "\\u0000"},
	    {"{\"type\":\"hello\\u0000xyz\"}", "type", "\\u0000"},
	    {"{\"id\":\"a\\ud800\"}", "id", "unpaired surrogate"},
	    {"{\"id\":\"\\udc00b\"}", "id", "unpaired surrogate"},
	    {"{\"id\":\"\\ud800\\u0041\"}", "id", "unpaired surrogate"},
	    {"{\"p\":[1,{\"t\":\"x\\ud83dy\"}]}", "p[1].t", "unpaired surrogate"},
	    {"{\"id\":99999999999999999999999}", "id", "64-bit"},
	    {"{\"id\":9223372036854775808}", "id", "64-bit"},
	    {"{\"id\":-9223372036854775809}", "id", "64-bit"},
	    {"{\"a\":1,\"b\":2,\"a\":3}", "a", "twice"},
	    {"{\"params\":{\"x\":1,\"\\u0078\":2}}", "params.\xe2\x80\xa6", "twice"},
	    {"{\"n\":{\"a\":{},\"a\":[]}}", "n.a", "twice"},
	    {"{\"k\\u0000\":1}", "", "\\u0000"},
	};
	static const char *const fine[] = {
	    "{\"id\":9223372036854775807}",
	    "{\"id\":-9223372036854775808}",
	    "{\"id\":1e30}",
	    "{\"t\":\"\\ud83d\\ude00\"}",
	    "{\"a\":{\"a\":1},\"b\":{\"a\":2}}",
	    "[{\"a\":1},{\"a\":1}]",
	    "{\"a\":1,\"A\":2,\"a \":3}",
	    "{\"t\":\"\\u0001\"}",
	    NULL,
	};
	struct tact_strictjson_report report;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = refused_at(cases[i].text, &report);
		if (path == NULL)
			fail_msg("not refused: %s", cases[i].text);
		if (strcmp(path, cases[i].path) != 0)
			fail_msg("%s: path %s, want %s", cases[i].text, path, cases[i].path);
		if (strstr(report.what, cases[i].what) == NULL)
			fail_msg("%s: said %s", cases[i].text, report.what);
	}
	for (int i = 0; fine[i] != NULL; i++) {
		if (check(fine[i], strlen(fine[i]), 32) != TACT_OK)
			fail_msg("refused %s", fine[i]);
	}
	/* A syntax error outranks a refusal before it. */
	assert_int_equal(check("{\"a\":1,\"a\":2", 13, 32), TACT_ERR_BAD_JSON);
}

/* Many names in one object are checked in n log n, not n squared. */
static void many_names_in_one_object(void **state)
{
	enum { N = 100000 };
	size_t cap = (size_t)N * 12 + 16, len = 0;
	char *text = malloc(cap);
	struct tact_strictjson_report report;

	(void)state;
	assert_non_null(text);
	text[len++] = '{';
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s\"k%d\":0", i ? "," : "", i);
	text[len++] = '}';
	assert_int_equal(tact_strictjson_check(text, len, 32, &report), TACT_OK);
	/* The last name repeats the first. */
	memcpy(text + len - 1, ",\"k0\":1}", 8);
	assert_int_equal(tact_strictjson_check(text, len + 7, 32, &report), TACT_ERR_BAD_REQUEST);
	assert_string_equal(report.path, "k0");
	free(text);
}

/* The host's builder makes json-c's tree, escapes and numbers included. */
static void builds_what_json_c_builds(void **state)
{
	static const char *const texts[] = {
	    "{}",
	    "[]",
	    "{\"a\":[1,-2,3.5,-0.25e2,true,false,null,\"x\"],\"b\":{\"c\":{}}}",
	    "{\"\\u00e9t\\u00e9\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ "
	    "\\b\\f\\n\\r\\t\"}",
	    "  {\"big\":9223372036854775807,\"small\":-9223372036854775808,\"e\":1E3}  ",
	    "\"plain\"",
	    "0",
	    "-0",
	    "null",
	    "[[[[[]]]]]",
	    "{\"\":\"\"}",
	    /* Longer than the builder's stack buffer (the fuzzer's find). */
	    "1111110890295011111111111111111111111111111111111111111111111111111111111111111111113."
	    "1",
	    NULL,
	};
	struct tact_strictjson_report report;

	(void)state;
	for (int i = 0; texts[i] != NULL; i++) {
		json_object *built = NULL;
		json_object *want = json_tokener_parse(texts[i]);
		assert_int_equal(
		    tact_strictjson_parse(texts[i], strlen(texts[i]), 32, &report, &built),
		    TACT_OK);
		if (!json_object_equal(built, want))
			fail_msg("%s: built %s", texts[i], json_object_to_json_string(built));
		json_object_put(built);
		json_object_put(want);
	}
	assert_int_equal(tact_strictjson_parse("{\"a\":}", 6, 32, &report, &(json_object *){NULL}),
			 TACT_ERR_BAD_JSON);
	assert_null(tact_strictjson_read("{\"a\":1,}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepts_rfc8259),
	    cmocka_unit_test(rejects_what_json_c_lets_through),
	    cmocka_unit_test(depth_limit_is_exact),
	    cmocka_unit_test(reports_the_offset),
	    cmocka_unit_test(refuses_what_cannot_round_trip),
	    cmocka_unit_test(many_names_in_one_object),
	    cmocka_unit_test(builds_what_json_c_builds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
