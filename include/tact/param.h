/*
 * param: typed, bounded reads of request fields. Each failure writes a
 * sentence that names the field and what was wrong into why, and returns
 * TACT_ERR_BAD_REQUEST. Results are borrowed from obj and live as long as it.
 */
#ifndef TACT_PARAM_H
#define TACT_PARAM_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "tact/err.h"

enum tact_param_need { TACT_PARAM_OPTIONAL = 0, TACT_PARAM_REQUIRED = 1 };

/* A string of at most max_bytes bytes. Absent and optional: *out = NULL. */
enum tact_err tact_param_string(json_object *obj, const char *name, enum tact_param_need need,
				size_t max_bytes, const char **out, char *why,
				size_t why_len) TACT_MUST_CHECK;

/* An integer in [min, max]. Absent and optional: *present = 0, *out untouched.
 * A JSON null counts as absent when allow_null is set. */
enum tact_err tact_param_int(json_object *obj, const char *name, enum tact_param_need need,
			     int64_t min, int64_t max, int64_t *out, int *present, char *why,
			     size_t why_len) TACT_MUST_CHECK;

/* A boolean. Absent: *out = dflt. */
enum tact_err tact_param_bool(json_object *obj, const char *name, int dflt, int *out,
			      char *why, size_t why_len) TACT_MUST_CHECK;

/* One of choices (a NULL-terminated list). Absent and optional: *index = -1. */
enum tact_err tact_param_enum(json_object *obj, const char *name, enum tact_param_need need,
			      const char *const *choices, int *index, char *why,
			      size_t why_len) TACT_MUST_CHECK;

/* An array of at most max_items strings of at most max_item_bytes each.
 * Absent and optional: *out = NULL. */
enum tact_err tact_param_string_list(json_object *obj, const char *name,
				     enum tact_param_need need, size_t max_items,
				     size_t max_item_bytes, json_object **out, char *why,
				     size_t why_len) TACT_MUST_CHECK;

/* An object. Absent and optional: *out = NULL. */
enum tact_err tact_param_object(json_object *obj, const char *name, enum tact_param_need need,
				json_object **out, char *why, size_t why_len) TACT_MUST_CHECK;

#endif
