/*
 * strictjson: an RFC 8259 syntax check run before json-c parses a message.
 *
 * json-c's strict mode still accepts single-quoted names, NaN, Infinity,
 * "1." and raw control characters inside strings; the protocol promises
 * strict JSON, so this check rejects them first. It also enforces the
 * nesting limit and UTF-8 validity (overlong forms and surrogates included).
 */
#ifndef TACT_STRICTJSON_H
#define TACT_STRICTJSON_H

#include <stddef.h>

#include "tact/err.h"

/*
 * Checks that text[0..len) is exactly one JSON value, optionally surrounded
 * by whitespace, nested at most max_depth levels. On failure returns
 * TACT_ERR_BAD_JSON, sets *offset to the byte where it went wrong and *what
 * to a static phrase such as "a control character inside a string".
 */
enum tact_err tact_strictjson_check(const char *text, size_t len, int max_depth, size_t *offset,
				    const char **what) TACT_MUST_CHECK;

#endif
