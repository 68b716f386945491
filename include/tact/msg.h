/*
 * msg: turns one frame body into a checked protocol v1 request, and builds
 * the success and failure envelopes.
 *
 * Request: {"v":1,"id":<integer or string>,"type":"<method>","params":{...}}
 */
#ifndef TACT_MSG_H
#define TACT_MSG_H

#include <stddef.h>

#include <json-c/json.h>

#include "tact/err.h"

#define TACT_PROTOCOL_VERSION 1

struct tact_request {
	json_object *root;   /* owned; released by tact_msg_request_free */
	json_object *id;     /* borrowed from root; NULL when it could not be read */
	const char *type;    /* borrowed from root */
	json_object *params; /* borrowed from root; an empty object when absent */
};

/*
 * Parses body[0..len). Checks, in order: no NUL byte, strict JSON with valid
 * UTF-8 and limited depth, nothing after the value, a top-level object, then
 * the envelope fields. On failure returns TACT_ERR_BAD_JSON or
 * TACT_ERR_BAD_REQUEST and writes a sentence naming the problem into why;
 * req->id is still set when the id itself was readable, so the error reply
 * can echo it. Always call tact_msg_request_free afterwards.
 */
enum tact_err tact_msg_parse(const char *body, size_t len, struct tact_request *req,
			     char *why, size_t why_len) TACT_MUST_CHECK;

void tact_msg_request_free(struct tact_request *req);

/* {"v":1,"id":id,"ok":true,"result":result}. Takes ownership of result;
 * id is borrowed (may be NULL, written as null). Caller owns the return. */
json_object *tact_msg_ok(json_object *id, json_object *result);

/* {"v":1,"id":id,"ok":false,"error":{"code":..,"message":..}}; message NULL
 * means the error's default sentence. Caller owns the return. */
json_object *tact_msg_error(json_object *id, enum tact_err err, const char *message);

#endif
