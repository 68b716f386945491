/*
 * libFuzzer target: whole request sequences through the real method table,
 * on a real data folder. The input is a byte stream of frames as a browser
 * sends them; each one is parsed and dispatched exactly as the server loop
 * does (notes, vault, backups, classify, decide, history, profile), and
 * every answer is serialised and split as it would be written. The folder
 * is emptied before each input so a crash replays from its input alone.
 *
 * Checks: no crash or sanitizer report (ASan, UBSan), every answer is an
 * envelope, and every failure carries a code and a sentence.
 */
/* setenv, mkdtemp. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "tact/dispatch.h"
#include "tact/frame.h"
#include "tact/limits.h"
#include "tact/msg.h"
#include "tact/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Frames per input, and the body cap: enough for a sequence that sets a
 * vault up, writes, exports and imports, without megabytes per run. */
#define FUZZ_FRAMES_MAX 24
#define FUZZ_BODY_MAX (64u * 1024u)

static struct tact_paths paths;

struct stream {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static ssize_t stream_read(void *ctx, void *buf, size_t len)
{
	struct stream *s = ctx;
	size_t n = s->size - s->pos;

	if (n > len)
		n = len;
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

static void empty_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[TACT_PATH_MAX];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (tact_paths_join(path, dir, e->d_name) == TACT_OK)
			unlink(path);
	}
	closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char dir[TACT_PATH_MAX];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	/* libsodium's cheapest Argon2id, a fixed clock, quiet logs. */
	setenv("TACT_TEST_PWHASH_FAST", "1", 1);
	setenv("TACT_NOW", "1795000000", 1);
	setenv("TACT_LOG", "error", 1);
	snprintf(dir, sizeof(dir), "%s/tact-fuzz-XXXXXX",
		 tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	setenv("TACT_HOME", dir, 1);
	if (tact_paths_resolve(&paths) != TACT_OK)
		abort();
	return 0;
}

static void check_envelope(json_object *reply)
{
	json_object *error = NULL, *field = NULL;

	if (reply == NULL || !json_object_object_get_ex(reply, "ok", &field))
		abort();
	if (json_object_get_boolean(field))
		return;
	if (!json_object_object_get_ex(reply, "error", &error) ||
	    !json_object_object_get_ex(error, "code", &field) ||
	    json_object_get_string_len(field) == 0 ||
	    !json_object_object_get_ex(error, "message", &field) ||
	    json_object_get_string_len(field) == 0)
		abort(); /* every failure names a code and says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = {data, size, 0};
	struct tact_io io = {stream_read, sink_write, &s};
	struct tact_ctx ctx = {&paths, NULL, NULL, NULL, NULL};

	empty_folder(paths.data_dir);
	for (int frames = 0; frames < FUZZ_FRAMES_MAX; frames++) {
		struct tact_request req;
		char why[TACT_WHY_MAX];
		json_object *reply;
		char *body = NULL;
		size_t len = 0;
		enum tact_err err = tact_frame_read(&io, FUZZ_BODY_MAX, &body, &len);

		if (err != TACT_OK)
			break;
		if (len == 0) {
			free(body);
			continue;
		}
		err = tact_msg_parse(body, len, &req, why, sizeof(why));
		reply =
		    err == TACT_OK ? tact_dispatch(&ctx, &req) : tact_msg_error(req.id, err, why);
		check_envelope(reply);
		/* Sent as the server sends it: serialised, split when long. */
		err = tact_reply_send(&io, reply);
		if (err != TACT_OK && err != TACT_ERR_TOO_LARGE)
			abort();
		tact_msg_request_free(&req);
		free(body);
	}
	tact_ctx_release(&ctx);
	return 0;
}
