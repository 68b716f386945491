#include "tact/reply.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/msg.h"
#include "tact/oom.h"

/* The widest "part" number we reserve room for when measuring the frame. */
#define PART_NUMBER_WIDEST 99999999

/* The list being split, each item serialised once: frames are built by
 * copying those texts, not by serialising the items again. */
struct slice {
	const char **text; /* borrowed from each item's own serialisation */
	size_t *len;
	size_t count;
	size_t from;
	size_t to;
};

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

/* json-c serializer for the list's stand-in: items [from, to) as a list. */
static int write_slice(json_object *jso, struct printbuf *pb, int level, int flags)
{
	const struct slice *sl = json_object_get_userdata(jso);

	(void)level;
	(void)flags;
	if (printbuf_memappend(pb, "[", 1) < 0)
		return -1;
	for (size_t i = sl->from; i < sl->to; i++) {
		if ((i > sl->from && printbuf_memappend(pb, ",", 1) < 0) ||
		    printbuf_memappend(pb, sl->text[i], (int)sl->len[i]) < 0)
			return -1;
	}
	return printbuf_memappend(pb, "]", 1) < 0 ? -1 : 0;
}

/* Serialises every item of list once into sl; returns the list's length in
 * bytes, or (size_t)-1 when memory ran out. */
static size_t serialize_items(json_object *list, struct slice *sl)
{
	size_t total = 2; /* the brackets */

	sl->count = json_object_array_length(list);
	sl->text = calloc(sl->count > 0 ? sl->count : 1, sizeof(*sl->text));
	sl->len = calloc(sl->count > 0 ? sl->count : 1, sizeof(*sl->len));
	if (sl->text == NULL || sl->len == NULL)
		return (size_t)-1;
	for (size_t i = 0; i < sl->count; i++) {
		sl->text[i] = json_object_to_json_string_length(json_object_array_get_idx(list, i),
								TACT_REPLY_SERIALIZE, &sl->len[i]);
		if (sl->text[i] == NULL || sl->len[i] > INT_MAX)
			return (size_t)-1;
		total += sl->len[i] + (i > 0 ? 1u : 0u);
	}
	return total;
}

static void slice_free(struct slice *sl)
{
	free(sl->text);
	free(sl->len);
	memset(sl, 0, sizeof(*sl));
}

/* The result member holding the largest list (in bytes), its items
 * serialised into *sl, or NULL when there is none. Smaller lists go out
 * whole in every frame. */
static const char *largest_list(json_object *result, struct slice *sl, size_t *list_len,
				enum tact_err *err)
{
	const char *best_key = NULL;

	*list_len = 0;
	*err = TACT_OK;
	json_object_object_foreach(result, key, value)
	{
		if (!json_object_is_type(value, json_type_array) ||
		    json_object_array_length(value) == 0)
			continue;
		struct slice candidate = {0};
		size_t len = serialize_items(value, &candidate);
		if (len == (size_t)-1) {
			slice_free(&candidate);
			slice_free(sl);
			*err = TACT_ERR_NOMEM;
			return NULL;
		}
		if (best_key == NULL || len > *list_len) {
			slice_free(sl);
			*sl = candidate;
			best_key = key;
			*list_len = len;
		} else {
			slice_free(&candidate);
		}
	}
	return best_key;
}

/* A frame: reply's members shared, "part" and "more" when given, and a
 * result whose list is the stand-in. NULL when memory ran out; a member
 * json-c failed to add shows as tact_oom_take() when it is written. */
static json_object *make_frame(json_object *reply, json_object *result, const char *list_key,
			       json_object *stand_in, json_object *part, json_object *more)
{
	json_object *frame = json_object_new_object();
	json_object *res = json_object_new_object();

	if (frame == NULL || res == NULL) {
		json_object_put(frame);
		json_object_put(res);
		return NULL;
	}
	json_object_object_foreach(reply, key, value)
	{
		if (strcmp(key, "result") != 0)
			tact_json_set(frame, key, json_object_get(value));
	}
	if (part != NULL) {
		tact_json_set(frame, "part", json_object_get(part));
		tact_json_set(frame, "more", json_object_get(more));
	}
	json_object_object_foreach(result, rkey, rvalue)
	{
		json_object *member = strcmp(rkey, list_key) == 0 ? stand_in : rvalue;
		tact_json_set(res, rkey, json_object_get(member));
	}
	tact_json_set(frame, "result", res);
	return frame;
}

/* Writes frames of at most TACT_FRAME_MAX_OUT bytes, the list cut into runs. */
static enum tact_err send_parts(const struct tact_io *io, json_object *reply, json_object *result,
				const char *list_key, json_object *stand_in, struct slice *sl)
{
	json_object *part = json_object_new_int(PART_NUMBER_WIDEST);
	json_object *more = json_object_new_boolean(1);
	json_object *frame = NULL;
	size_t base;
	size_t budget;
	int number = 0;
	enum tact_err err = TACT_ERR_NOMEM;

	if (part == NULL || more == NULL)
		goto out;
	frame = make_frame(reply, result, list_key, stand_in, part, more);
	if (frame == NULL)
		goto out;
	/* Measure the envelope with an empty list and the widest part number. */
	sl->from = sl->to = 0;
	base = serialized_len(frame);
	if (base == (size_t)-1 || tact_oom_take())
		goto out;
	err = TACT_ERR_TOO_LARGE;
	if (base >= TACT_FRAME_MAX_OUT)
		goto out;
	budget = TACT_FRAME_MAX_OUT - base;

	/* Check every item before the first part goes out: a reader must never
	 * be left waiting for parts that will not come. */
	for (size_t i = 0; i < sl->count; i++) {
		if (sl->len[i] > budget) {
			tact_log_warn("one result item alone exceeds the %u-byte frame limit",
				      TACT_FRAME_MAX_OUT);
			goto out;
		}
	}
	while (sl->from < sl->count) {
		size_t used = 0;

		sl->to = sl->from;
		while (sl->to < sl->count) {
			size_t add = sl->len[sl->to] + (sl->to > sl->from ? 1u : 0u); /* comma */
			if (used + add > budget)
				break;
			used += add;
			sl->to++;
		}
		json_object_set_int(part, number);
		json_object_set_boolean(more, sl->to < sl->count);
		err = send_one(io, frame);
		if (err != TACT_OK)
			goto out;
		sl->from = sl->to;
		number++;
	}
	err = TACT_OK;
out:
	json_object_put(frame);
	json_object_put(part);
	json_object_put(more);
	return err;
}

/*
 * Sends a reply whose result holds a list. Frames share reply's members
 * and print a stand-in for the list that copies a run of the items' texts,
 * so a frame costs one pass over the small envelope and a copy: whole when
 * it fits, else in parts.
 */
static enum tact_err send_with_list(const struct tact_io *io, json_object *reply,
				    json_object *result, const char *list_key, struct slice *sl)
{
	json_object *stand_in = json_object_new_array();
	json_object *frame = NULL;
	const char *text;
	size_t len = 0;
	enum tact_err err = TACT_ERR_NOMEM;

	if (stand_in == NULL)
		goto out;
	json_object_set_serializer(stand_in, write_slice, sl, NULL);
	frame = make_frame(reply, result, list_key, stand_in, NULL, NULL);
	if (frame == NULL)
		goto out;
	sl->from = 0;
	sl->to = sl->count;
	text = json_object_to_json_string_length(frame, TACT_REPLY_SERIALIZE, &len);
	if (text == NULL || tact_oom_take())
		err = TACT_ERR_NOMEM;
	else if (len <= TACT_FRAME_MAX_OUT)
		err = tact_frame_write(io, text, len);
	else
		err = send_parts(io, reply, result, list_key, stand_in, sl);
out:
	json_object_put(frame);
	json_object_put(stand_in);
	return err;
}

enum tact_err tact_reply_send(const struct tact_io *io, json_object *reply)
{
	json_object *id = NULL;
	json_object *fallback = NULL;
	json_object *result = NULL;
	struct slice sl = {0};
	const char *list_key = NULL;
	size_t list_len = 0;
	enum tact_err err = TACT_ERR_TOO_LARGE;

	if (reply == NULL)
		return TACT_ERR_NOMEM;
	if (json_object_object_get_ex(reply, "result", &result) &&
	    json_object_is_type(result, json_type_object)) {
		list_key = largest_list(result, &sl, &list_len, &err);
		if (err != TACT_OK)
			goto out;
	}
	if (list_key == NULL) {
		/* Nothing to split: it goes whole or not at all. */
		size_t len = 0;
		const char *text =
		    json_object_to_json_string_length(reply, TACT_REPLY_SERIALIZE, &len);
		if (text == NULL || tact_oom_take())
			err = TACT_ERR_NOMEM;
		else if (len <= TACT_FRAME_MAX_OUT)
			err = tact_frame_write(io, text, len);
		else
			err = TACT_ERR_TOO_LARGE;
	} else {
		err = send_with_list(io, reply, result, list_key, &sl);
	}
	if (err != TACT_ERR_TOO_LARGE)
		goto out;
	/* too_large comes only before the first part went out. */
	json_object_object_get_ex(reply, "id", &id);
	fallback = tact_msg_error(id, TACT_ERR_TOO_LARGE,
				  "The answer is larger than a browser accepts and cannot be split.");
	err = fallback != NULL ? send_one(io, fallback) : TACT_ERR_NOMEM;
out:
	slice_free(&sl);
	json_object_put(fallback);
	json_object_put(reply);
	return err;
}
