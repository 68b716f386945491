#include "tact/server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/dispatch.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/msg.h"
#include "tact/oom.h"
#include "tact/reply.h"

/* A write error once the browser has gone (EPIPE) is a normal ending. */
static enum tact_exit write_failed(void)
{
	if (errno == EPIPE) {
		tact_log_info("the browser closed the connection");
		return TACT_EXIT_OK;
	}
	tact_log_error("cannot write a reply: %s", strerror(errno));
	return TACT_EXIT_IO;
}

static enum tact_exit answer_read_error(const struct tact_io *io, enum tact_err err, size_t len)
{
	char why[TACT_WHY_MAX];
	json_object *reply;

	switch (err) {
	case TACT_ERR_EOF:
		return TACT_EXIT_OK;
	case TACT_ERR_TRUNCATED:
		tact_log_error("input ended inside a message frame");
		return TACT_EXIT_TRUNCATED;
	case TACT_ERR_TOO_LARGE:
		/* The body was not read, so the stream cannot be trusted any more:
		 * say why, then stop. */
		tact_log_error("a message declared %zu bytes, over the %u-byte limit", len,
			       TACT_FRAME_MAX_IN);
		snprintf(why, sizeof(why),
			 "The message declares %zu bytes; this host accepts at most %u.", len,
			 TACT_FRAME_MAX_IN);
		reply = tact_msg_error(NULL, TACT_ERR_TOO_LARGE, why);
		if (tact_reply_send(io, reply) != TACT_OK)
			tact_log_warn("could not send the too_large reply");
		return TACT_EXIT_TOO_LARGE;
	case TACT_ERR_NOMEM:
		tact_log_error("out of memory reading a message of %zu bytes", len);
		return TACT_EXIT_FAILURE;
	default:
		tact_log_error("cannot read input: %s", strerror(errno));
		return TACT_EXIT_IO;
	}
}

/* An answer built while memory ran out may lack members json-c dropped:
 * never send it. Say so plainly instead, or send nothing if even that
 * cannot be built (the server then stops). */
static json_object *unless_incomplete(json_object *reply, json_object *id)
{
	if (!tact_oom_take())
		return reply;
	json_object_put(reply);
	tact_log_error("out of memory while answering; the answer was not sent");
	reply = tact_msg_error(id, TACT_ERR_NOMEM,
			       "The host ran out of memory while answering; the request may not "
			       "have been carried out.");
	if (tact_oom_take()) {
		json_object_put(reply);
		return NULL;
	}
	return reply;
}

enum tact_exit tact_server_run(const struct tact_io *io, const struct tact_paths *paths,
			       const struct tact_config *config)
{
	struct tact_ctx ctx = {paths, config, NULL, NULL, NULL};
	enum tact_exit code = TACT_EXIT_OK;

	for (;;) {
		struct tact_request req;
		char why[TACT_WHY_MAX];
		json_object *reply;
		char *body = NULL;
		size_t len = 0;
		enum tact_err err = tact_frame_read(io, TACT_FRAME_MAX_IN, &body, &len);

		if (err != TACT_OK) {
			code = answer_read_error(io, err, len);
			break;
		}
		(void)tact_oom_take(); /* each request starts with a clear flag */
		if (len == 0) {
			reply = tact_msg_error(NULL, TACT_ERR_BAD_FRAME,
					       "The message is empty; a request is a JSON object.");
		} else {
			err = tact_msg_parse(body, len, &req, why, sizeof(why));
			if (err == TACT_OK) {
				tact_log_debug("request %s", req.type);
				reply = tact_dispatch(&ctx, &req);
			} else {
				tact_log_info("rejected a message: %s", tact_err_code(err));
				reply = tact_msg_error(req.id, err, why);
			}
			reply = unless_incomplete(reply, req.id);
			tact_msg_request_free(&req);
		}
		free(body);
		err = tact_reply_send(io, reply);
		if (err == TACT_ERR_IO) {
			code = write_failed();
			break;
		}
		if (err != TACT_OK) {
			tact_log_error("cannot build a reply: %s", tact_err_code(err));
			code = TACT_EXIT_FAILURE;
			break;
		}
	}
	tact_ctx_release(&ctx);
	return code;
}
