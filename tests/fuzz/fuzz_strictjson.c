/*
 * libFuzzer target, differential: whatever the strict checker accepts,
 * json-c must parse completely, the host's own builder must make the same
 * tree, and neither may read past the input (ASan watches).
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
	struct tact_strictjson_report report;
	enum tact_err err;
	json_tokener *tok;
	json_object *obj;

	if (size > 64 * 1024)
		return 0;
	err = tact_strictjson_check(text, size, TACT_JSON_MAX_DEPTH, &report);
	if (err == TACT_ERR_BAD_JSON || err == TACT_ERR_NOMEM) {
		if (report.what == NULL || report.offset > size)
			abort();
		return 0;
	}
	/* A refusal is good JSON: json-c must read it too. */
	if (err == TACT_ERR_BAD_REQUEST && (report.what == NULL || report.offset > size))
		abort();
	/* Top-level scalars are legal JSON but json-c may wait for more digits. */
	tok = json_tokener_new_ex(TACT_JSON_MAX_DEPTH + 1);
	obj = json_tokener_parse_ex(tok, text, (int)size);
	/* json-c answers NULL for the value null itself (with success), and
	 * "continue" when a top-level number might go on; anything else would
	 * be a disagreement. */
	if (obj == NULL && json_tokener_get_error(tok) != json_tokener_continue &&
	    json_tokener_get_error(tok) != json_tokener_success)
		abort();
	/* The host's own builder makes the same tree as json-c would. */
	if (err == TACT_OK && json_tokener_get_error(tok) == json_tokener_success) {
		json_object *built = NULL;
		if (tact_strictjson_parse(text, size, TACT_JSON_MAX_DEPTH, &report, &built) != TACT_OK ||
		    !json_object_equal(built, obj))
			abort();
		json_object_put(built);
	}
	json_object_put(obj);
	json_tokener_free(tok);
	return 0;
}
