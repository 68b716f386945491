#include "tact/msg.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tact/json.h"
#include "tact/limits.h"
#include "tact/strictjson.h"

static void say(char *why, size_t why_len, const char *text)
{
	snprintf(why, why_len, "%s", text);
}

/* An id is an integer or a short string; anything else cannot be echoed. */
static int id_is_valid(json_object *id)
{
	if (json_object_is_type(id, json_type_int))
		return 1;
	if (json_object_is_type(id, json_type_string))
		return (size_t)json_object_get_string_len(id) <= TACT_ID_MAX_BYTES;
	return 0;
}

/* A refusal (good JSON the host will not take) as a sentence naming the
 * field. */
static void say_refused(char *why, size_t why_len, const struct tact_strictjson_report *r)
{
	if (r->path[0] != '\0' && r->refusal == TACT_STRICTJSON_DUPLICATE)
		snprintf(why, why_len,
			 "Field \"%s\" is given twice; a name may appear once in an object.",
			 r->path);
	else if (r->path[0] != '\0')
		snprintf(why, why_len, "Field \"%s\" holds %s, which this host refuses.", r->path,
			 r->what);
	else
		snprintf(why, why_len, "The message holds %s, which this host refuses.", r->what);
}

/* Parses the body. A refused value (TACT_ERR_BAD_REQUEST) still yields
 * *out, so that the id can be echoed when it is not the refused field. */
static enum tact_err parse_json(const char *body, size_t len, json_object **out, char *why,
				size_t why_len)
{
	json_object *obj = NULL;
	struct tact_strictjson_report report;
	enum tact_err checked;
	enum tact_err err = TACT_ERR_BAD_JSON;

	*out = NULL;
	if (memchr(body, '\0', len) != NULL) {
		say(why, why_len, "The message contains a NUL byte, which JSON text may not.");
		goto out;
	}
	/* Built by our own checked builder, not json-c's tokener: when memory
	 * runs out, that one can drop members or crash. */
	checked = tact_strictjson_parse(body, len, TACT_JSON_MAX_DEPTH, &report, &obj);
	if (checked == TACT_ERR_NOMEM) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	if (checked == TACT_ERR_BAD_JSON) {
		snprintf(why, why_len, "The message is not valid JSON: %s at byte %zu.",
			 report.what, report.offset);
		goto out;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		say(why, why_len, "The message must be one JSON object.");
		goto out;
	}
	err = TACT_OK;
	if (checked == TACT_ERR_BAD_REQUEST) {
		say_refused(why, why_len, &report);
		err = TACT_ERR_BAD_REQUEST;
		/* An id that is itself refused cannot be echoed as sent. */
		if (strcmp(report.path, "id") == 0 || strncmp(report.path, "id.", 3) == 0)
			json_object_object_del(obj, "id");
	}
	*out = obj;
	obj = NULL;
out:
	json_object_put(obj);
	return err;
}

enum tact_err tact_msg_parse(const char *body, size_t len, struct tact_request *req, char *why,
			     size_t why_len)
{
	json_object *field = NULL;
	enum tact_err err;

	memset(req, 0, sizeof(*req));
	why[0] = '\0';
	if (len > (size_t)INT32_MAX) {
		say(why, why_len, "The message is too large.");
		return TACT_ERR_TOO_LARGE;
	}
	err = parse_json(body, len, &req->root, why, why_len);
	if (err == TACT_ERR_BAD_REQUEST) {
		/* Refused inside: answer with the id when it is a good one. */
		if (json_object_object_get_ex(req->root, "id", &field) && id_is_valid(field))
			req->id = field;
		return err;
	}
	if (err != TACT_OK)
		return err;

	err = TACT_ERR_BAD_REQUEST;
	if (!json_object_object_get_ex(req->root, "id", &field)) {
		say(why, why_len, "Field \"id\" is missing; it must be an integer or a string.");
		return err;
	}
	if (!id_is_valid(field)) {
		snprintf(why, why_len,
			 "Field \"id\" must be an integer or a string of at most %u bytes.",
			 TACT_ID_MAX_BYTES);
		return err;
	}
	req->id = field;

	if (!json_object_object_get_ex(req->root, "v", &field)) {
		say(why, why_len, "Field \"v\" is missing; this host speaks protocol 1.");
		return err;
	}
	if (!json_object_is_type(field, json_type_int) ||
	    json_object_get_int64(field) != TACT_PROTOCOL_VERSION) {
		say(why, why_len, "Field \"v\" must be 1, the protocol version this host speaks.");
		return err;
	}

	if (!json_object_object_get_ex(req->root, "type", &field) ||
	    !json_object_is_type(field, json_type_string)) {
		say(why, why_len, "Field \"type\" is missing or is not a string.");
		return err;
	}
	if ((size_t)json_object_get_string_len(field) == 0 ||
	    (size_t)json_object_get_string_len(field) > TACT_TYPE_MAX_BYTES) {
		snprintf(why, why_len, "Field \"type\" must be 1 to %u bytes long.",
			 TACT_TYPE_MAX_BYTES);
		return err;
	}
	req->type = json_object_get_string(field);

	if (!json_object_object_get_ex(req->root, "params", &field) ||
	    json_object_is_type(field, json_type_null)) {
		field = json_object_new_object();
		if (field == NULL)
			return TACT_ERR_NOMEM;
		/* Owned by root from here, so freeing the request frees it. */
		tact_json_set(req->root, "params", field);
	} else if (!json_object_is_type(field, json_type_object)) {
		say(why, why_len, "Field \"params\" must be an object.");
		return err;
	}
	req->params = field;
	return TACT_OK;
}

void tact_msg_request_free(struct tact_request *req)
{
	json_object_put(req->root);
	memset(req, 0, sizeof(*req));
}

static json_object *envelope(json_object *id, int ok)
{
	json_object *reply = json_object_new_object();

	if (reply == NULL)
		return NULL;
	tact_json_set(reply, "v", json_object_new_int(TACT_PROTOCOL_VERSION));
	tact_json_set(reply, "id", id != NULL ? json_object_get(id) : NULL);
	tact_json_set(reply, "ok", json_object_new_boolean(ok));
	return reply;
}

json_object *tact_msg_ok(json_object *id, json_object *result)
{
	json_object *reply = envelope(id, 1);

	if (reply == NULL) {
		json_object_put(result);
		return NULL;
	}
	tact_json_set(reply, "result", result != NULL ? result : json_object_new_object());
	return reply;
}

json_object *tact_msg_error(json_object *id, enum tact_err err, const char *message)
{
	json_object *reply = envelope(id, 0);
	json_object *error;

	if (reply == NULL)
		return NULL;
	error = json_object_new_object();
	if (error == NULL) {
		json_object_put(reply);
		return NULL;
	}
	tact_json_set(error, "code", json_object_new_string(tact_err_code(err)));
	tact_json_set(error, "message",
		      json_object_new_string(
			  message != NULL && message[0] != '\0' ? message : tact_err_message(err)));
	tact_json_set(reply, "error", error);
	return reply;
}
