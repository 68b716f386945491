#include "tact/json.h"

#include <stdlib.h>
#include <string.h>

void tact_json_set(json_object *obj, const char *key, json_object *value)
{
	/* A failed add (json-c ran out of memory) leaves value unowned. */
	if (obj == NULL || json_object_object_add(obj, key, value) != 0)
		json_object_put(value);
}

void tact_json_push(json_object *arr, json_object *value)
{
	if (arr == NULL || json_object_array_add(arr, value) != 0)
		json_object_put(value);
}

json_object *tact_json_freeze(json_object *obj)
{
	json_object *frozen = NULL;
	size_t len = 0;
	const char *text = json_object_to_json_string_length(obj, TACT_JSON_SERIALIZE, &len);
	char *copy = text != NULL ? malloc(len + 1) : NULL;

	if (copy == NULL)
		goto out;
	memcpy(copy, text, len + 1);
	frozen = json_object_new_object();
	if (frozen == NULL) {
		free(copy);
		goto out;
	}
	/* json-c's own serializer for this: it prints the userdata as it is. */
	json_object_set_serializer(frozen, json_object_userdata_to_json_string, copy,
				   json_object_free_userdata);
out:
	json_object_put(obj);
	return frozen;
}
