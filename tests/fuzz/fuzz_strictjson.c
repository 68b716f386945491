/*
 * libFuzzer target, differential: whatever the strict checker accepts,
 * json-c must parse completely, and the checker must never read past the
 * input (ASan watches).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "tact/limits.h"
#include "tact/strictjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t offset = 0;
	const char *what = NULL;
	json_tokener *tok;
	json_object *obj;

	if (size > 64 * 1024)
		return 0;
	if (tact_strictjson_check(text, size, TACT_JSON_MAX_DEPTH, &offset, &what) != TACT_OK) {
		if (what == NULL || offset > size)
			abort();
		return 0;
	}
	/* Top-level scalars are legal JSON but json-c may wait for more digits. */
	tok = json_tokener_new_ex(TACT_JSON_MAX_DEPTH + 1);
	obj = json_tokener_parse_ex(tok, text, (int)size);
	/* json-c answers NULL for the value null itself (with success), and
	 * "continue" when a top-level number might go on; anything else would
	 * be a disagreement. */
	if (obj == NULL && json_tokener_get_error(tok) != json_tokener_continue &&
	    json_tokener_get_error(tok) != json_tokener_success)
		abort();
	json_object_put(obj);
	json_tokener_free(tok);
	return 0;
}
