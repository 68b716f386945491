#include "tact/param.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Looks the field up; JSON null counts as absent. Returns 1 when present. */
static int lookup(json_object *obj, const char *name, json_object **field)
{
	*field = NULL;
	if (obj == NULL || !json_object_object_get_ex(obj, name, field))
		return 0;
	return *field != NULL;
}

static enum tact_err missing(const char *name, const char *what, char *why, size_t why_len)
{
	snprintf(why, why_len, "Field \"%s\" is missing; it must be %s.", name, what);
	return TACT_ERR_BAD_REQUEST;
}

enum tact_err tact_param_string(json_object *obj, const char *name, enum tact_param_need need,
				size_t max_bytes, const char **out, char *why, size_t why_len)
{
	json_object *field;

	*out = NULL;
	if (!lookup(obj, name, &field))
		return need == TACT_PARAM_REQUIRED ? missing(name, "a string", why, why_len)
						   : TACT_OK;
	if (!json_object_is_type(field, json_type_string)) {
		snprintf(why, why_len, "Field \"%s\" must be a string.", name);
		return TACT_ERR_BAD_REQUEST;
	}
	if ((size_t)json_object_get_string_len(field) > max_bytes) {
		snprintf(why, why_len, "Field \"%s\" is longer than %zu bytes.", name, max_bytes);
		return TACT_ERR_BAD_REQUEST;
	}
	*out = json_object_get_string(field);
	return TACT_OK;
}

enum tact_err tact_param_int(json_object *obj, const char *name, enum tact_param_need need,
			     int64_t min, int64_t max, int64_t *out, int *present, char *why,
			     size_t why_len)
{
	json_object *field;
	int64_t value;

	*present = 0;
	if (!lookup(obj, name, &field))
		return need == TACT_PARAM_REQUIRED ? missing(name, "an integer", why, why_len)
						   : TACT_OK;
	if (!json_object_is_type(field, json_type_int)) {
		snprintf(why, why_len, "Field \"%s\" must be an integer.", name);
		return TACT_ERR_BAD_REQUEST;
	}
	value = json_object_get_int64(field);
	if (value < min || value > max) {
		snprintf(why, why_len, "Field \"%s\" must be between %" PRId64 " and %" PRId64 ".",
			 name, min, max);
		return TACT_ERR_BAD_REQUEST;
	}
	*out = value;
	*present = 1;
	return TACT_OK;
}

enum tact_err tact_param_bool(json_object *obj, const char *name, int dflt, int *out, char *why,
			      size_t why_len)
{
	json_object *field;

	*out = dflt;
	if (!lookup(obj, name, &field))
		return TACT_OK;
	if (!json_object_is_type(field, json_type_boolean)) {
		snprintf(why, why_len, "Field \"%s\" must be true or false.", name);
		return TACT_ERR_BAD_REQUEST;
	}
	*out = json_object_get_boolean(field) ? 1 : 0;
	return TACT_OK;
}

enum tact_err tact_param_enum(json_object *obj, const char *name, enum tact_param_need need,
			      const char *const *choices, int *index, char *why, size_t why_len)
{
	const char *value;
	char list[256] = "";
	size_t used = 0;
	enum tact_err err;

	*index = -1;
	err = tact_param_string(obj, name, need, 64, &value, why, why_len);
	if (err != TACT_OK || value == NULL)
		return err;
	for (int i = 0; choices[i] != NULL; i++) {
		if (strcmp(value, choices[i]) == 0) {
			*index = i;
			return TACT_OK;
		}
		int n = snprintf(list + used, sizeof(list) - used, "%s\"%s\"", i > 0 ? ", " : "",
				 choices[i]);
		if (n > 0 && (size_t)n < sizeof(list) - used)
			used += (size_t)n;
	}
	snprintf(why, why_len, "Field \"%s\" must be one of %s.", name, list);
	return TACT_ERR_BAD_REQUEST;
}

enum tact_err tact_param_string_list(json_object *obj, const char *name,
				     enum tact_param_need need, size_t max_items,
				     size_t max_item_bytes, json_object **out, char *why,
				     size_t why_len)
{
	json_object *field;
	size_t count;

	*out = NULL;
	if (!lookup(obj, name, &field))
		return need == TACT_PARAM_REQUIRED
			       ? missing(name, "a list of strings", why, why_len)
			       : TACT_OK;
	if (!json_object_is_type(field, json_type_array)) {
		snprintf(why, why_len, "Field \"%s\" must be a list of strings.", name);
		return TACT_ERR_BAD_REQUEST;
	}
	count = json_object_array_length(field);
	if (count > max_items) {
		snprintf(why, why_len, "Field \"%s\" has %zu items; at most %zu are allowed.", name,
			 count, max_items);
		return TACT_ERR_BAD_REQUEST;
	}
	for (size_t i = 0; i < count; i++) {
		json_object *item = json_object_array_get_idx(field, i);
		if (!json_object_is_type(item, json_type_string)) {
			snprintf(why, why_len, "Field \"%s\" item %zu must be a string.", name, i);
			return TACT_ERR_BAD_REQUEST;
		}
		if ((size_t)json_object_get_string_len(item) > max_item_bytes) {
			snprintf(why, why_len, "Field \"%s\" item %zu is longer than %zu bytes.",
				 name, i, max_item_bytes);
			return TACT_ERR_BAD_REQUEST;
		}
	}
	*out = field;
	return TACT_OK;
}

enum tact_err tact_param_object(json_object *obj, const char *name, enum tact_param_need need,
				json_object **out, char *why, size_t why_len)
{
	json_object *field;

	*out = NULL;
	if (!lookup(obj, name, &field))
		return need == TACT_PARAM_REQUIRED ? missing(name, "an object", why, why_len)
						   : TACT_OK;
	if (!json_object_is_type(field, json_type_object)) {
		snprintf(why, why_len, "Field \"%s\" must be an object.", name);
		return TACT_ERR_BAD_REQUEST;
	}
	*out = field;
	return TACT_OK;
}
