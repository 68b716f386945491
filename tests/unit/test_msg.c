#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tact/msg.h"

static enum tact_err parse(const char *body, size_t len, struct tact_request *req, char *why)
{
	return tact_msg_parse(body, len, req, why, 256);
}

static void expect_error(const char *body, size_t len, enum tact_err want, const char *why_part)
{
	struct tact_request req;
	char why[256];
	enum tact_err err = parse(body, len, &req, why);

	if (err != want || strstr(why, why_part) == NULL)
		fail_msg("input %.*s: got %d (%s), want %d with \"%s\"", (int)len, body, err, why,
			 want, why_part);
	tact_msg_request_free(&req);
}

static void valid_request(void **state)
{
	const char *body = "{\"v\":1,\"id\":42,\"type\":\"hello\",\"params\":{\"x\":1},\"extra\":true}";
	struct tact_request req;
	char why[256];

	(void)state;
	assert_int_equal(parse(body, strlen(body), &req, why), TACT_OK);
	assert_string_equal(req.type, "hello");
	assert_int_equal(json_object_get_int(req.id), 42);
	assert_true(json_object_is_type(req.params, json_type_object));
	tact_msg_request_free(&req);
}

static void params_default_to_empty_object(void **state)
{
	const char *body = "{\"v\":1,\"id\":\"a\",\"type\":\"hello\"}";
	struct tact_request req;
	char why[256];

	(void)state;
	assert_int_equal(parse(body, strlen(body), &req, why), TACT_OK);
	assert_int_equal(json_object_object_length(req.params), 0);
	tact_msg_request_free(&req);
}

static void rejects_bad_json(void **state)
{
	(void)state;
	expect_error("{\"v\":1,\0\"id\":1}", 15, TACT_ERR_BAD_JSON, "NUL");
	expect_error("{\"a\":1}}", 8, TACT_ERR_BAD_JSON, "after");
	expect_error("{}x", 3, TACT_ERR_BAD_JSON, "after");
	expect_error("{\"a\":", 5, TACT_ERR_BAD_JSON, "end of the text");
	expect_error("{\"a\":NaN}", 9, TACT_ERR_BAD_JSON, "cannot start a value");
	expect_error("{\"a\":nul}", 9, TACT_ERR_BAD_JSON, "unknown word");
	expect_error("{\"a\":Infinity}", 14, TACT_ERR_BAD_JSON, "cannot start a value");
	expect_error("{\"a\":1.}", 8, TACT_ERR_BAD_JSON, "after the point");
	expect_error("{\"a\":01}", 8, TACT_ERR_BAD_JSON, "leading zero");
	expect_error("{\"a\":\"\t\"}", 9, TACT_ERR_BAD_JSON, "control character");
	expect_error("{\"a\":\"\\x\"}", 10, TACT_ERR_BAD_JSON, "unknown escape");
	expect_error("{a:1}", 5, TACT_ERR_BAD_JSON, "double-quoted");
	expect_error("[1,2]", 5, TACT_ERR_BAD_JSON, "one JSON object");
	expect_error("\"str\"", 5, TACT_ERR_BAD_JSON, "one JSON object");
	expect_error("{'a':1}", 7, TACT_ERR_BAD_JSON, "double-quoted");
	expect_error("{\"a\":1,}", 8, TACT_ERR_BAD_JSON, "not valid JSON");
	/* Overlong '/', a lone surrogate, a cut three-byte sequence. */
	expect_error("{\"a\":\"\xc0\xaf\"}", 10, TACT_ERR_BAD_JSON, "not valid JSON");
	expect_error("{\"a\":\"\xed\xa0\x80\"}", 11, TACT_ERR_BAD_JSON, "not valid JSON");
	expect_error("{\"a\":\"\xe2\x82\"}", 10, TACT_ERR_BAD_JSON, "not valid JSON");
	expect_error("{\"a\":\"\xff\"}", 9, TACT_ERR_BAD_JSON, "not valid JSON");
}

static void rejects_deep_nesting(void **state)
{
	size_t depth = 10000;
	char *body = malloc(depth * 2 + 1);

	(void)state;
	assert_non_null(body);
	for (size_t i = 0; i < depth; i++) {
		body[i] = '[';
		body[depth + i] = ']';
	}
	body[0] = '{';
	expect_error(body, depth * 2, TACT_ERR_BAD_JSON, "");
	free(body);
}

static void rejects_bad_envelope(void **state)
{
	(void)state;
	expect_error("{\"v\":1,\"type\":\"hello\"}", 22, TACT_ERR_BAD_REQUEST, "\"id\"");
	expect_error("{\"v\":1,\"id\":1.5,\"type\":\"hello\"}", 31, TACT_ERR_BAD_REQUEST, "\"id\"");
	expect_error("{\"v\":1,\"id\":{},\"type\":\"hello\"}", 30, TACT_ERR_BAD_REQUEST, "\"id\"");
	expect_error("{\"id\":1,\"type\":\"hello\"}", 23, TACT_ERR_BAD_REQUEST, "\"v\"");
	expect_error("{\"v\":2,\"id\":1,\"type\":\"hello\"}", 29, TACT_ERR_BAD_REQUEST, "\"v\"");
	expect_error("{\"v\":1,\"id\":1}", 14, TACT_ERR_BAD_REQUEST, "\"type\"");
	expect_error("{\"v\":1,\"id\":1,\"type\":\"\"}", 24, TACT_ERR_BAD_REQUEST, "\"type\"");
	expect_error("{\"v\":1,\"id\":1,\"type\":\"hello\",\"params\":[]}", 41, TACT_ERR_BAD_REQUEST,
		     "\"params\"");
}

static void error_keeps_readable_id(void **state)
{
	const char *body = "{\"v\":9,\"id\":\"keep-me\",\"type\":\"hello\"}";
	struct tact_request req;
	char why[256];
	json_object *reply;
	json_object *field;

	(void)state;
	assert_int_equal(parse(body, strlen(body), &req, why), TACT_ERR_BAD_REQUEST);
	assert_non_null(req.id);
	reply = tact_msg_error(req.id, TACT_ERR_BAD_REQUEST, why);
	assert_true(json_object_object_get_ex(reply, "id", &field));
	assert_string_equal(json_object_get_string(field), "keep-me");
	assert_true(json_object_object_get_ex(reply, "error", &field));
	assert_true(json_object_object_get_ex(field, "code", &field));
	assert_string_equal(json_object_get_string(field), "bad_request");
	json_object_put(reply);
	tact_msg_request_free(&req);
}

static void ok_envelope_shape(void **state)
{
	json_object *id = json_object_new_int(3);
	json_object *result = json_object_new_object();
	json_object *reply;
	const char *text;

	(void)state;
	json_object_object_add(result, "x", json_object_new_int(1));
	reply = tact_msg_ok(id, result);
	text = json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN);
	assert_string_equal(text, "{\"v\":1,\"id\":3,\"ok\":true,\"result\":{\"x\":1}}");
	json_object_put(reply);
	json_object_put(id);

	reply = tact_msg_error(NULL, TACT_ERR_BAD_FRAME, NULL);
	text = json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(text, "\"id\":null"));
	assert_non_null(strstr(text, "\"code\":\"bad_frame\""));
	json_object_put(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_request),
		cmocka_unit_test(params_default_to_empty_object),
		cmocka_unit_test(rejects_bad_json),
		cmocka_unit_test(rejects_deep_nesting),
		cmocka_unit_test(rejects_bad_envelope),
		cmocka_unit_test(error_keeps_readable_id),
		cmocka_unit_test(ok_envelope_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
