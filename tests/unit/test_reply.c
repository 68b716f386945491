#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/limits.h"
#include "tact/msg.h"
#include "tact/reply.h"
#include "testutil.h"

/* Splits captured output into parsed frames; returns how many. */
static size_t parse_frames(const struct fake_io *f, json_object **frames, size_t max)
{
	size_t pos = 0;
	size_t count = 0;

	while (pos < f->out_len && count < max) {
		uint32_t len;
		assert_true(pos + 4 <= f->out_len);
		memcpy(&len, f->out + pos, 4);
		assert_true(len <= TACT_FRAME_MAX_OUT);
		assert_true(pos + 4 + len <= f->out_len);
		char *text = strndup((const char *)f->out + pos + 4, len);
		frames[count] = json_tokener_parse(text);
		free(text);
		assert_non_null(frames[count]);
		pos += 4 + len;
		count++;
	}
	assert_int_equal(pos, f->out_len);
	return count;
}

static json_object *big_result(size_t items, size_t item_bytes)
{
	json_object *result = json_object_new_object();
	json_object *list = json_object_new_array();
	char *text = malloc(item_bytes + 1);

	memset(text, 'x', item_bytes);
	text[item_bytes] = '\0';
	for (size_t i = 0; i < items; i++) {
		json_object *item = json_object_new_object();
		json_object_object_add(item, "n", json_object_new_int((int)i));
		json_object_object_add(item, "text", json_object_new_string(text));
		json_object_array_add(list, item);
	}
	json_object_object_add(result, "count", json_object_new_int((int)items));
	json_object_object_add(result, "results", list);
	free(text);
	return result;
}

static void small_reply_is_one_frame(void **state)
{
	struct fake_io f = {0};
	struct tact_io io = fake_io_make(&f);
	json_object *id = json_object_new_int(1);
	json_object *frames[4];
	json_object *field;

	(void)state;
	assert_int_equal(tact_reply_send(&io, tact_msg_ok(id, big_result(3, 10))), TACT_OK);
	assert_int_equal(parse_frames(&f, frames, 4), 1);
	assert_false(json_object_object_get_ex(frames[0], "more", &field));
	assert_false(json_object_object_get_ex(frames[0], "part", &field));
	json_object_put(frames[0]);
	json_object_put(id);
	fake_io_free(&f);
}

static void large_reply_is_split_in_order(void **state)
{
	struct fake_io f = {0};
	struct tact_io io = fake_io_make(&f);
	json_object *id = json_object_new_string("big");
	json_object *frames[64];
	size_t count;
	size_t next = 0;

	(void)state;
	/* About 3 MiB of results. */
	assert_int_equal(tact_reply_send(&io, tact_msg_ok(id, big_result(3000, 1000))), TACT_OK);
	count = parse_frames(&f, frames, 64);
	assert_true(count >= 3);
	for (size_t i = 0; i < count; i++) {
		json_object *field;
		json_object *result;
		json_object *list;
		assert_true(json_object_object_get_ex(frames[i], "id", &field));
		assert_string_equal(json_object_get_string(field), "big");
		assert_true(json_object_object_get_ex(frames[i], "part", &field));
		assert_int_equal(json_object_get_int(field), (int)i);
		assert_true(json_object_object_get_ex(frames[i], "more", &field));
		assert_int_equal(json_object_get_boolean(field), i + 1 < count);
		assert_true(json_object_object_get_ex(frames[i], "result", &result));
		assert_true(json_object_object_get_ex(result, "count", &field));
		assert_int_equal(json_object_get_int(field), 3000);
		assert_true(json_object_object_get_ex(result, "results", &list));
		for (size_t j = 0; j < json_object_array_length(list); j++) {
			json_object *n;
			json_object_object_get_ex(json_object_array_get_idx(list, j), "n", &n);
			assert_int_equal(json_object_get_int(n), (int)next);
			next++;
		}
		json_object_put(frames[i]);
	}
	assert_int_equal(next, 3000);
	json_object_put(id);
	fake_io_free(&f);
}

static void unsplittable_reply_becomes_too_large(void **state)
{
	struct fake_io f = {0};
	struct tact_io io = fake_io_make(&f);
	json_object *id = json_object_new_int(9);
	json_object *frames[4];
	json_object *field;

	(void)state;
	/* One item alone is over the limit: nothing partial may go out. */
	assert_int_equal(tact_reply_send(&io, tact_msg_ok(id, big_result(2, TACT_FRAME_MAX_OUT))),
			 TACT_OK);
	assert_int_equal(parse_frames(&f, frames, 4), 1);
	assert_true(json_object_object_get_ex(frames[0], "ok", &field));
	assert_false(json_object_get_boolean(field));
	assert_true(json_object_object_get_ex(frames[0], "id", &field));
	assert_int_equal(json_object_get_int(field), 9);
	assert_true(json_object_object_get_ex(frames[0], "error", &field));
	assert_true(json_object_object_get_ex(field, "code", &field));
	assert_string_equal(json_object_get_string(field), "too_large");
	json_object_put(frames[0]);
	json_object_put(id);
	fake_io_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_reply_is_one_frame),
		cmocka_unit_test(large_reply_is_split_in_order),
		cmocka_unit_test(unsplittable_reply_becomes_too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
