/*
 * libFuzzer target, differential: whatever the strict checker accepts,
 * json-c must parse completely, the host's own builder must make the same
 * tree, and neither may read past the input (ASan watches).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tact/limits.h"
#include "tact/strictjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "\\u" followed by d8..df (either case): a surrogate escape. */
static int has_surrogate_escape(const char *text, size_t size)
{
	for (size_t i = 0; i + 3 < size; i++) {
		if (text[i] == '\\' && text[i + 1] == 'u' &&
		    (text[i + 2] == 'd' || text[i + 2] == 'D') &&
		    strchr("89abcdefABCDEF", text[i + 3]) != NULL)
			return 1;
	}
	return 0;
}

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
	/* The host's own builder makes the same tree as json-c would, except
	 * where json-c is wrong: it decodes some valid surrogate pairs
	 * ("\ud836\udfa6") as U+FFFD (test_robustness checks those). */
	if (err == TACT_OK && json_tokener_get_error(tok) == json_tokener_success &&
	    !has_surrogate_escape(text, size)) {
		json_object *built = NULL;
		if (tact_strictjson_parse(text, size, TACT_JSON_MAX_DEPTH, &report, &built) !=
			TACT_OK ||
		    !json_object_equal(built, obj))
			abort();
		json_object_put(built);
	}
	json_object_put(obj);
	json_tokener_free(tok);
	return 0;
}
