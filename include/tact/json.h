/*
 * json: adding members to the answers the host builds, safe when memory
 * has run out; and freezing a finished part of an answer into its text.
 *
 * json-c asserts (and so aborts) when asked to add to a NULL object or
 * array, which is what a json_object_new_* call returns when memory runs
 * out. These add as json-c does, and when the container is NULL they drop
 * the value instead: the answer is incomplete then, and oom.h makes sure
 * an incomplete answer is never sent or stored.
 */
#ifndef TACT_JSON_H
#define TACT_JSON_H

#include <json-c/json.h>

/* obj[key] = value. Takes ownership of value (may be NULL: JSON null). */
void tact_json_set(json_object *obj, const char *key, json_object *value);

/* Appends value to arr. Takes ownership of value. */
void tact_json_push(json_object *arr, json_object *value);

/* How every answer is written: compact, "/" left as it is. */
#define TACT_JSON_SERIALIZE (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* An object that prints exactly as obj prints now, holding only that text:
 * a result of a large batch costs its text, not its tree, until the answer
 * goes out. Releases obj (always); the caller owns the return, NULL when
 * memory ran out. Its members cannot be read back: freeze only what is
 * finished. */
json_object *tact_json_freeze(json_object *obj);

#endif
