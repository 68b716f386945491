#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tact/frame.h"
#include "tact/limits.h"
#include "testutil.h"

static const char sample[] = "{\"v\":1,\"id\":7,\"type\":\"hello\"}";

static enum tact_err read_from(const unsigned char *bytes, size_t len, size_t chunk, int eintr,
			       size_t max, char **body, size_t *body_len)
{
	struct fake_io f = {0};
	struct tact_io io;

	f.in = bytes;
	f.in_len = len;
	f.read_chunk = chunk;
	f.eintr_every = eintr;
	io = fake_io_make(&f);
	return tact_frame_read(&io, max, body, body_len);
}

static void reads_whole_frame(void **state)
{
	size_t len;
	unsigned char *bytes = frame_bytes(sample, strlen(sample), &len);
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	assert_int_equal(read_from(bytes, len, 0, 0, TACT_FRAME_MAX_IN, &body, &body_len), TACT_OK);
	assert_int_equal(body_len, strlen(sample));
	assert_string_equal(body, sample);
	free(body);
	free(bytes);
}

static void reads_one_byte_chunks_with_eintr(void **state)
{
	size_t len;
	unsigned char *bytes = frame_bytes(sample, strlen(sample), &len);
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	assert_int_equal(read_from(bytes, len, 1, 3, TACT_FRAME_MAX_IN, &body, &body_len), TACT_OK);
	assert_string_equal(body, sample);
	free(body);
	free(bytes);
}

static void header_is_native_byte_order(void **state)
{
	/* The bytes 07 20 00 0c read as one native uint32. */
	const unsigned char header[4] = {0x07, 0x20, 0x00, 0x0c};
	uint32_t expected;
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	memcpy(&expected, header, 4);
	assert_int_equal(read_from(header, 4, 0, 0, 16, &body, &body_len), TACT_ERR_TOO_LARGE);
	assert_int_equal(body_len, expected);
	assert_null(body);
}

static void eof_at_boundary_is_clean(void **state)
{
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	assert_int_equal(read_from((const unsigned char *)"", 0, 0, 0, 16, &body, &body_len),
			 TACT_ERR_EOF);
	assert_null(body);
}

static void truncation_at_every_offset(void **state)
{
	size_t len;
	unsigned char *bytes = frame_bytes(sample, strlen(sample), &len);

	(void)state;
	for (size_t cut = 1; cut < len; cut++) {
		char *body = NULL;
		size_t body_len = 0;
		enum tact_err err = read_from(bytes, cut, 1, 0, TACT_FRAME_MAX_IN, &body, &body_len);
		assert_int_equal(err, TACT_ERR_TRUNCATED);
		assert_null(body);
	}
	free(bytes);
}

static void zero_and_one_byte_frames(void **state)
{
	size_t len;
	unsigned char *bytes = frame_bytes("", 0, &len);
	char *body = NULL;
	size_t body_len = 99;

	(void)state;
	assert_int_equal(read_from(bytes, len, 0, 0, TACT_FRAME_MAX_IN, &body, &body_len), TACT_OK);
	assert_int_equal(body_len, 0);
	assert_non_null(body);
	free(body);
	free(bytes);

	bytes = frame_bytes("x", 1, &len);
	assert_int_equal(read_from(bytes, len, 0, 0, TACT_FRAME_MAX_IN, &body, &body_len), TACT_OK);
	assert_int_equal(body_len, 1);
	assert_string_equal(body, "x");
	free(body);
	free(bytes);
}

static void inbound_cap_and_cap_plus_one(void **state)
{
	size_t len;
	char *payload = malloc(TACT_FRAME_MAX_IN + 1);
	unsigned char *bytes;
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	assert_non_null(payload);
	memset(payload, 'a', TACT_FRAME_MAX_IN + 1);
	bytes = frame_bytes(payload, TACT_FRAME_MAX_IN, &len);
	assert_int_equal(read_from(bytes, len, 0, 0, TACT_FRAME_MAX_IN, &body, &body_len), TACT_OK);
	assert_int_equal(body_len, TACT_FRAME_MAX_IN);
	free(body);
	free(bytes);

	/* cap+1: refused from the header alone; the body is never read. */
	bytes = frame_bytes(payload, TACT_FRAME_MAX_IN + 1, &len);
	struct fake_io f = {0};
	f.in = bytes;
	f.in_len = len;
	struct tact_io io = fake_io_make(&f);
	body = NULL;
	assert_int_equal(tact_frame_read(&io, TACT_FRAME_MAX_IN, &body, &body_len),
			 TACT_ERR_TOO_LARGE);
	assert_int_equal(body_len, TACT_FRAME_MAX_IN + 1);
	assert_null(body);
	assert_int_equal(f.in_pos, 4);
	free(bytes);
	free(payload);
}

static void write_round_trip_partial_writes(void **state)
{
	struct fake_io f = {0};
	struct tact_io io;
	char *body = NULL;
	size_t body_len = 0;

	(void)state;
	f.write_chunk = 1;
	f.eintr_every = 4;
	io = fake_io_make(&f);
	assert_int_equal(tact_frame_write(&io, sample, strlen(sample)), TACT_OK);
	assert_int_equal(f.out_len, strlen(sample) + 4);
	assert_int_equal(read_from(f.out, f.out_len, 0, 0, TACT_FRAME_MAX_IN, &body, &body_len),
			 TACT_OK);
	assert_string_equal(body, sample);
	free(body);
	fake_io_free(&f);
}

static void outbound_limit_exact_and_over(void **state)
{
	char *payload = malloc(TACT_FRAME_MAX_OUT + 1);
	struct fake_io f = {0};
	struct tact_io io;
	uint32_t declared;

	(void)state;
	assert_non_null(payload);
	memset(payload, 'b', TACT_FRAME_MAX_OUT + 1);
	io = fake_io_make(&f);
	assert_int_equal(tact_frame_write(&io, payload, TACT_FRAME_MAX_OUT), TACT_OK);
	assert_int_equal(f.out_len, TACT_FRAME_MAX_OUT + 4);
	memcpy(&declared, f.out, 4);
	assert_int_equal(declared, 1048576);
	fake_io_free(&f);

	io = fake_io_make(&f);
	assert_int_equal(tact_frame_write(&io, payload, TACT_FRAME_MAX_OUT + 1), TACT_ERR_TOO_LARGE);
	assert_int_equal(f.out_len, 0);
	fake_io_free(&f);
	free(payload);
}

static void write_failure_reports_io(void **state)
{
	struct fake_io f = {0};
	struct tact_io io;

	(void)state;
	f.fail_writes = 1;
	io = fake_io_make(&f);
	assert_int_equal(tact_frame_write(&io, sample, strlen(sample)), TACT_ERR_IO);
	assert_int_equal(errno, EPIPE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_whole_frame),
		cmocka_unit_test(reads_one_byte_chunks_with_eintr),
		cmocka_unit_test(header_is_native_byte_order),
		cmocka_unit_test(eof_at_boundary_is_clean),
		cmocka_unit_test(truncation_at_every_offset),
		cmocka_unit_test(zero_and_one_byte_frames),
		cmocka_unit_test(inbound_cap_and_cap_plus_one),
		cmocka_unit_test(write_round_trip_partial_writes),
		cmocka_unit_test(outbound_limit_exact_and_over),
		cmocka_unit_test(write_failure_reports_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
