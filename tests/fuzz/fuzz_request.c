/*
 * libFuzzer target: the input is a byte stream as a browser would send it.
 * Frames are read one by one and each body goes through request parsing,
 * exactly as the server loop does, minus the database.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tact/frame.h"
#include "tact/limits.h"
#include "tact/msg.h"
#include "tact/profile.h"
#include "tact/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct stream {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static ssize_t stream_read(void *ctx, void *buf, size_t len)
{
	struct stream *s = ctx;
	size_t n = s->size - s->pos;

	/* Short reads of varying size exercise the read loop. */
	if (n > len)
		n = len;
	if (n > 1 + (s->pos % 7))
		n = 1 + (s->pos % 7);
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static ssize_t sink_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	return (ssize_t)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = {data, size, 0};
	struct tact_io io = {stream_read, sink_write, &s};

	for (int frames = 0; frames < 16; frames++) {
		struct tact_request req;
		char why[512];
		char *body = NULL;
		size_t len = 0;
		/* A small cap keeps the fuzzer from allocating megabytes per input. */
		enum tact_err err = tact_frame_read(&io, 64 * 1024, &body, &len);

		if (err != TACT_OK)
			break;
		err = tact_msg_parse(body, len, &req, why, sizeof(why));
		if (err == TACT_OK) {
			json_object *profile = NULL;
			json_object *given = json_object_object_get(req.params, "profile");
			if (tact_profile_normalize(given, &profile, why, sizeof(why)) == TACT_OK)
				json_object_put(profile);
			if (tact_reply_send(&io, tact_msg_ok(req.id, json_object_get(req.params))) !=
			    TACT_OK)
				abort();
		} else if (why[0] == '\0') {
			abort(); /* every refusal must say why */
		}
		tact_msg_request_free(&req);
		free(body);
	}
	return 0;
}
