#include "tact/reply.h"

#include <stdlib.h>
#include <string.h>

#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/msg.h"
#include "tact/oom.h"

/* The widest "part" number we reserve room for when measuring the frame. */
#define PART_NUMBER_WIDEST 99999999

static size_t serialized_len(json_object *obj)
{
	size_t len = 0;

	if (json_object_to_json_string_length(obj, TACT_REPLY_SERIALIZE, &len) == NULL)
		return (size_t)-1;
	return len;
}

static enum tact_err send_one(const struct tact_io *io, json_object *obj)
{
	size_t len = 0;
	const char *text = json_object_to_json_string_length(obj, TACT_REPLY_SERIALIZE, &len);

	/* A serialisation that ran out of memory may be cut short. */
	if (text == NULL || tact_oom_take())
		return TACT_ERR_NOMEM;
	return tact_frame_write(io, text, len);
}

/* The result member holding the largest list, or NULL when there is none. */
static const char *largest_list(json_object *result, json_object **list)
{
	const char *best_key = NULL;
	size_t best_len = 0;

	*list = NULL;
	json_object_object_foreach(result, key, value)
	{
		if (json_object_is_type(value, json_type_array) &&
		    json_object_array_length(value) > 0) {
			size_t len = serialized_len(value);
			if (best_key == NULL || len > best_len) {
				best_key = key;
				best_len = len;
				*list = value;
			}
		}
	}
	return best_key;
}

/* A new envelope sharing everything with reply but the list, which is
 * replaced by list[from..to). Caller owns the return. */
static json_object *make_part(json_object *reply, json_object *result, const char *list_key,
			      json_object *list, size_t from, size_t to, int part, int more)
{
	json_object *copy = json_object_new_object();
	json_object *res = json_object_new_object();
	json_object *slice = json_object_new_array_ext((int)(to - from));

	if (copy == NULL || res == NULL || slice == NULL)
		goto fail;
	json_object_object_foreach(reply, key, value)
	{
		if (strcmp(key, "result") != 0)
			tact_json_set(copy, key, json_object_get(value));
	}
	tact_json_set(copy, "part", json_object_new_int(part));
	tact_json_set(copy, "more", json_object_new_boolean(more));
	json_object_object_foreach(result, rkey, rvalue)
	{
		if (strcmp(rkey, list_key) != 0)
			tact_json_set(res, rkey, json_object_get(rvalue));
	}
	for (size_t i = from; i < to; i++)
		tact_json_push(slice, json_object_get(json_object_array_get_idx(list, i)));
	tact_json_set(res, list_key, slice);
	tact_json_set(copy, "result", res);
	return copy;
fail:
	json_object_put(copy);
	json_object_put(res);
	json_object_put(slice);
	return NULL;
}

static enum tact_err send_split(const struct tact_io *io, json_object *reply)
{
	json_object *result = NULL;
	json_object *list = NULL;
	json_object *probe = NULL;
	size_t *sizes = NULL;
	const char *list_key;
	size_t count;
	size_t base;
	size_t budget;
	size_t from = 0;
	int part = 0;
	enum tact_err err = TACT_ERR_TOO_LARGE;

	if (!json_object_object_get_ex(reply, "result", &result) ||
	    !json_object_is_type(result, json_type_object))
		goto out;
	list_key = largest_list(result, &list);
	if (list_key == NULL)
		goto out;
	count = json_object_array_length(list);

	/* Measure the envelope with an empty list and the widest part number. */
	probe = make_part(reply, result, list_key, list, 0, 0, PART_NUMBER_WIDEST, 1);
	if (probe == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	base = serialized_len(probe);
	if (base >= TACT_FRAME_MAX_OUT)
		goto out;
	budget = TACT_FRAME_MAX_OUT - base;

	/* Check every item before the first part goes out: a reader must never
	 * be left waiting for parts that will not come. */
	sizes = calloc(count, sizeof(*sizes));
	if (sizes == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		sizes[i] = serialized_len(json_object_array_get_idx(list, i));
		if (sizes[i] > budget) {
			tact_log_warn("one result item alone exceeds the %u-byte frame limit",
				      TACT_FRAME_MAX_OUT);
			goto out;
		}
	}

	while (from < count) {
		size_t used = 0;
		size_t to = from;
		json_object *frame;

		while (to < count) {
			size_t add = sizes[to] + (to > from ? 1u : 0u); /* the comma */
			if (used + add > budget)
				break;
			used += add;
			to++;
		}
		frame = make_part(reply, result, list_key, list, from, to, part, to < count);
		if (frame == NULL) {
			err = TACT_ERR_NOMEM;
			goto out;
		}
		err = send_one(io, frame);
		json_object_put(frame);
		if (err != TACT_OK)
			goto out;
		from = to;
		part++;
	}
	err = TACT_OK;
out:
	free(sizes);
	json_object_put(probe);
	return err;
}

enum tact_err tact_reply_send(const struct tact_io *io, json_object *reply)
{
	json_object *id = NULL;
	json_object *fallback = NULL;
	enum tact_err err;

	if (reply == NULL)
		return TACT_ERR_NOMEM;
	if (serialized_len(reply) <= TACT_FRAME_MAX_OUT) {
		err = send_one(io, reply);
		goto out;
	}
	err = send_split(io, reply);
	if (err != TACT_ERR_TOO_LARGE)
		goto out;
	/* send_split answers too_large only before its first part went out. */
	json_object_object_get_ex(reply, "id", &id);
	fallback = tact_msg_error(id, TACT_ERR_TOO_LARGE,
				  "The answer is larger than a browser accepts and cannot be split.");
	err = fallback != NULL ? send_one(io, fallback) : TACT_ERR_NOMEM;
out:
	json_object_put(fallback);
	json_object_put(reply);
	return err;
}
