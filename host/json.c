#include "tact/json.h"

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
