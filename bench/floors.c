/*
 * floors: the two programs tact-host is measured against, run as
 * "bench_serve --echo" and "bench_serve --jsonc" so that they start the
 * way the host does (exec, dynamic loading) and talk over the same pipes.
 *
 *   echo   reads a frame and writes its bytes back: the bare cost of
 *          framing;
 *   jsonc  parses each frame with json-c and answers it re-serialised in
 *          an envelope, with no work in between: the cost of the JSON
 *          library alone.
 *
 * Answers over 1 MiB go out in pieces, as tact-host's do.
 */
#include "floors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/frame.h"
#include "tact/limits.h"

static int write_pieces(struct tact_io *io, const char *body, size_t len)
{
	for (size_t off = 0; off < len || off == 0; off += TACT_FRAME_MAX_OUT) {
		size_t n = len - off < TACT_FRAME_MAX_OUT ? len - off : TACT_FRAME_MAX_OUT;
		if (tact_frame_write(io, body + off, n) != TACT_OK)
			return -1;
		if (n == 0)
			break;
	}
	return 0;
}

/* The json-c floor's answer: what a host does at the least, parse and
 * build an envelope around the request's params. */
static char *jsonc_answer(const char *body, size_t len, size_t *out_len)
{
	json_tokener *tok = json_tokener_new_ex(TACT_JSON_MAX_DEPTH);
	json_object *req = tok != NULL ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
	json_object *reply = json_object_new_object();
	json_object *id = NULL;
	json_object *params = NULL;
	char *text = NULL;

	if (req != NULL && reply != NULL) {
		json_object_object_get_ex(req, "id", &id);
		json_object_object_get_ex(req, "params", &params);
		json_object_object_add(reply, "v", json_object_new_int(1));
		json_object_object_add(reply, "id", json_object_get(id));
		json_object_object_add(reply, "ok", json_object_new_boolean(1));
		json_object_object_add(reply, "result", json_object_get(params));
		const char *s = json_object_to_json_string_length(
		    reply, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, out_len);
		text = s != NULL ? strdup(s) : NULL;
	}
	json_object_put(reply);
	json_object_put(req);
	if (tok != NULL)
		json_tokener_free(tok);
	return text;
}

int bench_floor_run(enum bench_floor kind)
{
	int fds[2] = {STDIN_FILENO, STDOUT_FILENO};
	struct tact_io io = tact_frame_fd_io(fds);

	for (;;) {
		char *body = NULL;
		size_t len = 0;
		int failed;

		if (tact_frame_read(&io, TACT_FRAME_MAX_IN, &body, &len) != TACT_OK)
			return 0;
		if (kind == BENCH_FLOOR_ECHO) {
			failed = write_pieces(&io, body, len);
		} else {
			size_t n = 0;
			char *answer = jsonc_answer(body, len, &n);
			failed = answer == NULL || write_pieces(&io, answer, n) != 0;
			free(answer);
		}
		free(body);
		if (failed)
			return 1;
	}
}
