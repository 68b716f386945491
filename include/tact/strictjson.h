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

#include <json-c/json.h>

#include "tact/err.h"

/* Longest path written into a report ("params.invitations[3].note"). */
#define TACT_JSON_PATH_MAX 96u

/* Why good JSON was refused (TACT_ERR_BAD_REQUEST). */
enum tact_strictjson_refusal {
	TACT_STRICTJSON_ACCEPTED = 0,
	TACT_STRICTJSON_NUL,	   /* a \u0000 escape */
	TACT_STRICTJSON_SURROGATE, /* an unpaired surrogate escape */
	TACT_STRICTJSON_INTEGER,   /* an integer outside int64 */
	TACT_STRICTJSON_DUPLICATE  /* a name given twice in one object */
};

struct tact_strictjson_report {
	size_t offset;	  /* byte of the first problem */
	const char *what; /* static phrase, e.g. "a control character inside a string" */
	enum tact_strictjson_refusal refusal; /* set with TACT_ERR_BAD_REQUEST */
	char path[TACT_JSON_PATH_MAX];	      /* where a refused value sits; "" for the top level */
};

/*
 * Checks that text[0..len) is exactly one JSON value, optionally surrounded
 * by whitespace, nested at most max_depth levels (max_depth <= TACT_JSON_MAX_DEPTH).
 *
 * Returns TACT_ERR_BAD_JSON for text that is not JSON. Returns
 * TACT_ERR_BAD_REQUEST for JSON that the host refuses because it could not
 * be read back or echoed exactly: a \u0000 escape (C strings would cut it
 * short), an unpaired surrogate escape (it would come back as U+FFFD), an
 * integer outside the signed 64-bit range (json-c would clamp it), or a name
 * given twice in one object (json-c would keep only the last). Syntax is
 * checked in full first, so a refusal means the text is otherwise good
 * JSON. TACT_ERR_NOMEM when the name check cannot allocate. On any failure
 * *report says what and where; the caller owns *report.
 */
enum tact_err tact_strictjson_check(const char *text, size_t len, int max_depth,
				    struct tact_strictjson_report *report) TACT_MUST_CHECK;

/*
 * Checks text[0..len) like tact_strictjson_check (TACT_ERR_BAD_JSON,
 * TACT_ERR_BAD_REQUEST for a refusal, with *report) and, when it passes,
 * builds the value with json-c into *out (NULL for the JSON null). Every
 * json-c call is checked: when memory runs out the answer is
 * TACT_ERR_NOMEM and nothing is left allocated, never a tree with members
 * missing (json-c's own tokener can lose them, or crash, in that case).
 * Caller owns *out; report is the caller's.
 */
enum tact_err tact_strictjson_parse(const char *text, size_t len, int max_depth,
				    struct tact_strictjson_report *report,
				    json_object **out) TACT_MUST_CHECK;

/* The value of a NUL-terminated JSON text the host wrote itself (a stored
 * record), or NULL when it is not good JSON or memory ran out. Caller owns
 * the result. */
json_object *tact_strictjson_read(const char *text);

#endif
