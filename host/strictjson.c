#include "tact/strictjson.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/limits.h"

/* A member name shown in a path only when it is this short and plain. */
#define PATH_NAME_MAX 40u
/* Digits of INT64_MAX; longer integers cannot be held exactly. */
#define INT64_DIGITS 19u

/* Where the scan is: the member name or array index at each level. */
struct segment {
	int in_array;
	const unsigned char *name; /* raw text between the quotes; NULL while a name is read */
	size_t name_len;
	size_t index;
};

/* A member name of an object still open, for the duplicate check. */
struct name {
	const unsigned char *raw;
	unsigned char *decoded; /* owned; NULL when the raw text has no escape */
	size_t len;		/* of decoded, or of raw */
};

struct scan {
	const unsigned char *p;
	size_t len;
	size_t pos;
	int depth;
	int max_depth;
	const char *what; /* the first syntax error */
	struct tact_strictjson_report *report;
	int refused;
	int nomem;
	struct segment path[TACT_JSON_MAX_DEPTH + 1];
	struct name *names;
	size_t names_count;
	size_t names_cap;
};

static int fail(struct scan *s, const char *what)
{
	if (s->what == NULL)
		s->what = what;
	return 0;
}

static int plain_name(const unsigned char *name, size_t len)
{
	if (len == 0 || len > PATH_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < 0x20 || name[i] > 0x7e || name[i] == '"' || name[i] == '\\')
			return 0;
	}
	return 1;
}

/* "params.invitations[3].note", from the levels open now plus `last`. */
static void write_path(const struct scan *s, const unsigned char *last, size_t last_len)
{
	char *out = s->report->path;
	size_t used = 0;
	int n;

	out[0] = '\0';
	for (int level = 1; level <= s->depth + (last != NULL); level++) {
		const struct segment *seg = &s->path[level];
		const unsigned char *name = level > s->depth ? last : seg->name;
		size_t name_len = level > s->depth ? last_len : seg->name_len;

		if (level <= s->depth && seg->in_array)
			n = snprintf(out + used, TACT_JSON_PATH_MAX - used, "[%zu]", seg->index);
		else if (name == NULL)
			n = 0; /* inside a name: the object is the place */
		else if (name != NULL && plain_name(name, name_len))
			n = snprintf(out + used, TACT_JSON_PATH_MAX - used, "%s%.*s",
				     used > 0 ? "." : "", (int)name_len, (const char *)name);
		else
			n = snprintf(out + used, TACT_JSON_PATH_MAX - used, "%s\u2026",
				     used > 0 ? "." : "");
		if (n < 0 || (size_t)n >= TACT_JSON_PATH_MAX - used)
			break; /* cut short: the start says enough */
		used += (size_t)n;
	}
}

/* Good JSON that the host will not take; the first one is reported. */
static void refuse(struct scan *s, enum tact_strictjson_refusal why, size_t at, const char *what,
		   const unsigned char *last, size_t last_len)
{
	if (s->refused)
		return;
	s->refused = 1;
	s->report->refusal = why;
	s->report->offset = at;
	s->report->what = what;
	write_path(s, last, last_len);
}

static void skip_space(struct scan *s)
{
	while (s->pos < s->len) {
		unsigned char c = s->p[s->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		s->pos++;
	}
}

static int peek(const struct scan *s)
{
	return s->pos < s->len ? s->p[s->pos] : -1;
}

static int literal(struct scan *s, const char *word)
{
	for (size_t i = 0; word[i] != '\0'; i++) {
		if (peek(s) != (unsigned char)word[i])
			return fail(s, "an unknown word (only true, false and null are allowed)");
		s->pos++;
	}
	return 1;
}

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One UTF-8 sequence starting at a byte >= 0x80 (RFC 3629 table). */
static int utf8_sequence(struct scan *s)
{
	const unsigned char *p = s->p + s->pos;
	size_t left = s->len - s->pos;
	unsigned char c = p[0];
	size_t need;
	unsigned char lo = 0x80;
	unsigned char hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0; /* no overlong forms */
		if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f; /* nothing above U+10FFFF */
	} else {
		return fail(s, "a byte that is not valid UTF-8");
	}
	if (left < need + 1)
		return fail(s, "a UTF-8 sequence cut short");
	if (p[1] < lo || p[1] > hi)
		return fail(s, "a byte that is not valid UTF-8");
	for (size_t i = 2; i <= need; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return fail(s, "a byte that is not valid UTF-8");
	}
	s->pos += need + 1;
	return 1;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* Four hex digits at s->p[at]; the caller made sure they are there. */
static unsigned hex4(const struct scan *s, size_t at)
{
	unsigned v = 0;

	for (size_t i = 0; i < 4; i++)
		v = v * 16u + (unsigned)hex_value(s->p[at + i]);
	return v;
}

/* Whether "\\uXXXX" with a low surrogate starts at s->p[at]. */
static int low_surrogate_at(const struct scan *s, size_t at)
{
	if (at + 6 > s->len || s->p[at] != '\\' || s->p[at + 1] != 'u')
		return 0;
	for (size_t i = 2; i < 6; i++) {
		if (!is_hex(s->p[at + i]))
			return 0;
	}
	return hex4(s, at + 2) >= 0xdc00 && hex4(s, at + 2) <= 0xdfff;
}

/* A \\u escape whose four digits are at s->p[s->pos - 3 .. s->pos]. */
static void check_unicode_escape(struct scan *s, size_t escape_at)
{
	unsigned unit = hex4(s, escape_at + 2);

	if (unit == 0) {
		refuse(s, TACT_STRICTJSON_NUL, escape_at,
		       "a \\u0000 escape (U+0000 cannot be stored or echoed)", NULL, 0);
	} else if (unit >= 0xd800 && unit <= 0xdbff) {
		if (low_surrogate_at(s, escape_at + 6))
			s->pos += 6; /* the pair's second half */
		else
			refuse(s, TACT_STRICTJSON_SURROGATE, escape_at,
			       "an unpaired surrogate escape", NULL, 0);
	} else if (unit >= 0xdc00 && unit <= 0xdfff) {
		refuse(s, TACT_STRICTJSON_SURROGATE, escape_at, "an unpaired surrogate escape",
		       NULL, 0);
	}
}

/* A string; its raw text (between the quotes) goes to *raw, *raw_len and
 * whether it holds an escape to *escaped. */
static int string(struct scan *s, const unsigned char **raw, size_t *raw_len, int *escaped)
{
	size_t start;

	s->pos++; /* the opening quote */
	start = s->pos;
	*escaped = 0;
	while (s->pos < s->len) {
		unsigned char c = s->p[s->pos];
		if (c == '"') {
			*raw = s->p + start;
			*raw_len = s->pos - start;
			s->pos++;
			return 1;
		}
		if (c < 0x20)
			return fail(s, "a control character inside a string");
		if (c == '\\') {
			size_t escape_at = s->pos;
			int e;
			*escaped = 1;
			s->pos++;
			e = peek(s);
			if (e == 'u') {
				for (int i = 0; i < 4; i++) {
					s->pos++;
					if (!is_hex(peek(s)))
						return fail(s, "a \\u escape without four hex digits");
				}
				check_unicode_escape(s, escape_at);
			} else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' &&
				   e != 'n' && e != 'r' && e != 't') {
				return fail(s, "an unknown escape in a string");
			}
			s->pos++;
			continue;
		}
		if (c >= 0x80) {
			if (!utf8_sequence(s))
				return 0;
			continue;
		}
		s->pos++;
	}
	return fail(s, "a string that never ends");
}

/* A low surrogate escape at raw[at] (names whose surrogates are unpaired
 * are refused, but still decoded for the duplicate check). */
static int pair_follows(const unsigned char *raw, size_t len, size_t at)
{
	unsigned v = 0;

	if (at + 6 > len || raw[at] != '\\' || raw[at + 1] != 'u')
		return 0;
	for (size_t k = 2; k < 6; k++) {
		if (!is_hex(raw[at + k]))
			return 0;
		v = v * 16u + (unsigned)hex_value(raw[at + k]);
	}
	return v >= 0xdc00 && v <= 0xdfff;
}

/* Decodes a checked string's escapes into UTF-8; the result is never longer
 * than the raw text. */
static size_t decode_string(const unsigned char *raw, size_t len, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned cp;
		if (raw[i] != '\\') {
			out[o++] = raw[i];
			continue;
		}
		i++;
		switch (raw[i]) {
		case 'b':
			out[o++] = '\b';
			continue;
		case 'f':
			out[o++] = '\f';
			continue;
		case 'n':
			out[o++] = '\n';
			continue;
		case 'r':
			out[o++] = '\r';
			continue;
		case 't':
			out[o++] = '\t';
			continue;
		case 'u':
			break;
		default:
			out[o++] = raw[i];
			continue;
		}
		cp = 0;
		for (size_t k = 1; k <= 4; k++)
			cp = cp * 16u + (unsigned)hex_value(raw[i + k]);
		i += 4;
		if (cp >= 0xd800 && cp <= 0xdbff && pair_follows(raw, len, i + 1)) {
			unsigned lo = 0;
			for (size_t k = 3; k <= 6; k++)
				lo = lo * 16u + (unsigned)hex_value(raw[i + k]);
			cp = 0x10000u + ((cp - 0xd800u) << 10) + (lo - 0xdc00u);
			i += 6;
		}
		if (cp < 0x80) {
			out[o++] = (unsigned char)cp;
		} else if (cp < 0x800) {
			out[o++] = (unsigned char)(0xc0 | (cp >> 6));
			out[o++] = (unsigned char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			out[o++] = (unsigned char)(0xe0 | (cp >> 12));
			out[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			out[o++] = (unsigned char)(0x80 | (cp & 0x3f));
		} else {
			out[o++] = (unsigned char)(0xf0 | (cp >> 18));
			out[o++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			out[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			out[o++] = (unsigned char)(0x80 | (cp & 0x3f));
		}
	}
	return o;
}

static int push_name(struct scan *s, const unsigned char *raw, size_t len, int escaped)
{
	struct name *n;

	if (s->names_count == s->names_cap) {
		size_t cap = s->names_cap ? s->names_cap * 2 : 16;
		struct name *grown = realloc(s->names, cap * sizeof(*grown));
		if (grown == NULL) {
			s->nomem = 1;
			return fail(s, "a message too large for the memory available");
		}
		s->names = grown;
		s->names_cap = cap;
	}
	n = &s->names[s->names_count];
	n->raw = raw;
	n->decoded = NULL;
	n->len = len;
	if (escaped) {
		n->decoded = malloc(len > 0 ? len : 1);
		if (n->decoded == NULL) {
			s->nomem = 1;
			return fail(s, "a message too large for the memory available");
		}
		n->len = decode_string(raw, len, n->decoded);
	}
	s->names_count++;
	return 1;
}

static const unsigned char *name_bytes(const struct name *n)
{
	return n->decoded != NULL ? n->decoded : n->raw;
}

static int compare_names(const void *a, const void *b)
{
	const struct name *x = a;
	const struct name *y = b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	c = memcmp(name_bytes(x), name_bytes(y), x->len);
	if (c != 0)
		return c;
	return x->raw < y->raw ? -1 : (x->raw > y->raw);
}

/* The names of the object just closed: any given twice is refused; then
 * they are dropped. */
static void close_names(struct scan *s, size_t base)
{
	struct name *names = s->names + base;
	size_t count = s->names_count - base;

	if (count > 1) {
		qsort(names, count, sizeof(*names), compare_names);
		for (size_t i = 1; i < count; i++) {
			if (names[i].len == names[i - 1].len &&
			    memcmp(name_bytes(&names[i]), name_bytes(&names[i - 1]),
				   names[i].len) == 0) {
				refuse(s, TACT_STRICTJSON_DUPLICATE,
				       (size_t)(names[i].raw - s->p) - 1,
				       "a name given twice in one object", names[i].raw,
				       (size_t)(names[i].decoded ? 0 : names[i].len));
				break;
			}
		}
	}
	for (size_t i = 0; i < count; i++)
		free(names[i].decoded);
	s->names_count = base;
}

static int digits(struct scan *s)
{
	size_t start = s->pos;

	while (peek(s) >= '0' && peek(s) <= '9')
		s->pos++;
	return s->pos > start;
}

/* An integer (no fraction, no exponent) that int64_t cannot hold. */
static int beyond_int64(const unsigned char *digits, size_t n, int negative)
{
	if (n != INT64_DIGITS)
		return n > INT64_DIGITS;
	return memcmp(digits, negative ? "9223372036854775808" : "9223372036854775807",
		      INT64_DIGITS) > 0;
}

static int number(struct scan *s)
{
	size_t start = s->pos;
	size_t int_start;
	int negative = 0;
	int integer = 1;

	if (peek(s) == '-') {
		negative = 1;
		s->pos++;
	}
	int_start = s->pos;
	if (peek(s) == '0') {
		s->pos++;
		if (peek(s) >= '0' && peek(s) <= '9')
			return fail(s, "a number with a leading zero");
	} else if (!digits(s)) {
		return fail(s, "a malformed number");
	}
	if (peek(s) == '.') {
		integer = 0;
		s->pos++;
		if (!digits(s))
			return fail(s, "a number with no digits after the point");
	}
	if (peek(s) == 'e' || peek(s) == 'E') {
		integer = 0;
		s->pos++;
		if (peek(s) == '+' || peek(s) == '-')
			s->pos++;
		if (!digits(s))
			return fail(s, "a number with an empty exponent");
	}
	if (integer && beyond_int64(s->p + int_start, s->pos - int_start, negative))
		refuse(s, TACT_STRICTJSON_INTEGER, start,
		       "an integer outside the signed 64-bit range", NULL, 0);
	return 1;
}

static int value(struct scan *s);

static int container(struct scan *s, int close, int is_object)
{
	struct segment *seg;
	size_t names_base = s->names_count;

	if (++s->depth > s->max_depth)
		return fail(s, "nesting deeper than the limit");
	seg = &s->path[s->depth];
	memset(seg, 0, sizeof(*seg));
	seg->in_array = !is_object;
	s->pos++;
	skip_space(s);
	if (peek(s) == close) {
		s->pos++;
		s->depth--;
		return 1;
	}
	for (;;) {
		if (is_object) {
			const unsigned char *raw = NULL;
			size_t raw_len = 0;
			int escaped = 0;
			if (peek(s) != '"')
				return fail(s, "a name that is not a double-quoted string");
			seg->name = NULL;
			if (!string(s, &raw, &raw_len, &escaped))
				return 0;
			if (!push_name(s, raw, raw_len, escaped))
				return 0;
			seg->name = escaped ? NULL : raw;
			seg->name_len = raw_len;
			skip_space(s);
			if (peek(s) != ':')
				return fail(s, "a missing colon after a name");
			s->pos++;
		}
		if (!value(s))
			return 0;
		skip_space(s);
		if (peek(s) == ',') {
			s->pos++;
			seg->index++;
			skip_space(s);
			continue;
		}
		if (peek(s) == close) {
			s->pos++;
			s->depth--;
			if (is_object)
				close_names(s, names_base);
			return 1;
		}
		return fail(s, is_object ? "a missing comma or closing brace"
					 : "a missing comma or closing bracket");
	}
}

static int value(struct scan *s)
{
	const unsigned char *raw;
	size_t raw_len;
	int escaped;

	skip_space(s);
	switch (peek(s)) {
	case '{':
		return container(s, '}', 1);
	case '[':
		return container(s, ']', 0);
	case '"':
		return string(s, &raw, &raw_len, &escaped);
	case 't':
		return literal(s, "true");
	case 'f':
		return literal(s, "false");
	case 'n':
		return literal(s, "null");
	case -1:
		return fail(s, "the end of the text where a value was expected");
	default:
		if (peek(s) == '-' || (peek(s) >= '0' && peek(s) <= '9'))
			return number(s);
		return fail(s, "a character that cannot start a value");
	}
}

enum tact_err tact_strictjson_check(const char *text, size_t len, int max_depth,
				    struct tact_strictjson_report *report)
{
	struct scan *s;
	enum tact_err err = TACT_ERR_BAD_JSON;
	int ok;

	memset(report, 0, sizeof(*report));
	/* The scan state holds a path segment per level: on the heap, so a
	 * deep caller stack is not needed. */
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		report->what = "a message too large for the memory available";
		return TACT_ERR_NOMEM;
	}
	s->p = (const unsigned char *)text;
	s->len = len;
	s->max_depth = max_depth < TACT_JSON_MAX_DEPTH ? max_depth : TACT_JSON_MAX_DEPTH;
	s->report = report;
	ok = value(s);
	if (ok) {
		skip_space(s);
		if (s->pos != len)
			ok = fail(s, "text after the JSON value");
	}
	if (!ok) {
		/* A syntax error outranks a refusal found before it. */
		memset(report, 0, sizeof(*report));
		report->offset = s->pos;
		report->what = s->what;
		err = s->nomem ? TACT_ERR_NOMEM : TACT_ERR_BAD_JSON;
	} else {
		err = s->refused ? TACT_ERR_BAD_REQUEST : TACT_OK;
	}
	for (size_t i = 0; i < s->names_count; i++)
		free(s->names[i].decoded);
	free(s->names);
	free(s);
	return err;
}

/* ---- building the value (the text is known to be good) ---- */

struct build {
	const unsigned char *p;
	size_t len;
	size_t pos;
};

static void build_space(struct build *b)
{
	while (b->pos < b->len && (b->p[b->pos] == ' ' || b->p[b->pos] == '\t' ||
				   b->p[b->pos] == '\n' || b->p[b->pos] == '\r'))
		b->pos++;
}

/* The string at b->pos, decoded into a malloc'd buffer (*out, *out_len). */
static enum tact_err build_string(struct build *b, unsigned char **out, size_t *out_len)
{
	size_t start = ++b->pos; /* past the opening quote */
	unsigned char *buf;

	while (b->p[b->pos] != '"')
		b->pos += b->p[b->pos] == '\\' ? 2 : 1;
	buf = malloc(b->pos - start + 1);
	if (buf == NULL)
		return TACT_ERR_NOMEM;
	*out_len = decode_string(b->p + start, b->pos - start, buf);
	buf[*out_len] = '\0';
	*out = buf;
	b->pos++; /* the closing quote */
	return TACT_OK;
}

static enum tact_err build_value(struct build *b, json_object **out);

static enum tact_err build_container(struct build *b, int is_object, json_object **out)
{
	json_object *c = is_object ? json_object_new_object() : json_object_new_array();
	enum tact_err err = TACT_OK;

	*out = NULL;
	if (c == NULL)
		return TACT_ERR_NOMEM;
	b->pos++;
	build_space(b);
	while (b->p[b->pos] != (is_object ? '}' : ']')) {
		unsigned char *name = NULL;
		size_t name_len = 0;
		json_object *v = NULL;

		if (is_object) {
			err = build_string(b, &name, &name_len);
			if (err != TACT_OK)
				goto out;
			build_space(b);
			b->pos++; /* the colon */
		}
		err = build_value(b, &v);
		if (err == TACT_OK && (is_object ? json_object_object_add(c, (const char *)name, v)
						 : json_object_array_add(c, v)) != 0) {
			json_object_put(v);
			err = TACT_ERR_NOMEM;
		}
		free(name);
		if (err != TACT_OK)
			goto out;
		build_space(b);
		if (b->p[b->pos] == ',') {
			b->pos++;
			build_space(b);
		}
	}
	b->pos++;
out:
	if (err != TACT_OK) {
		json_object_put(c);
		return err;
	}
	*out = c;
	return TACT_OK;
}

/* A number's text, as strtoll and strtod read it (they need a NUL). */
#define NUMBER_ON_STACK 64u

static enum tact_err build_number(struct build *b, json_object **out)
{
	char small[NUMBER_ON_STACK];
	char *digits = small;
	size_t start = b->pos, n;
	int integer = 1;

	while (b->pos < b->len && strchr("+-0123456789.eE", b->p[b->pos]) != NULL) {
		if (b->p[b->pos] == '.' || b->p[b->pos] == 'e' || b->p[b->pos] == 'E')
			integer = 0;
		b->pos++;
	}
	n = b->pos - start;
	if (n >= sizeof(small)) {
		/* A long fraction: read whole, as json-c does. */
		digits = malloc(n + 1);
		if (digits == NULL)
			return TACT_ERR_NOMEM;
	}
	memcpy(digits, b->p + start, n);
	digits[n] = '\0';
	*out = integer ? json_object_new_int64(strtoll(digits, NULL, 10))
		       : json_object_new_double(strtod(digits, NULL));
	if (digits != small)
		free(digits);
	return *out != NULL ? TACT_OK : TACT_ERR_NOMEM;
}

static enum tact_err build_value(struct build *b, json_object **out)
{
	unsigned char *text = NULL;
	size_t text_len = 0;
	enum tact_err err;

	*out = NULL;
	build_space(b);
	switch (b->p[b->pos]) {
	case '{':
		return build_container(b, 1, out);
	case '[':
		return build_container(b, 0, out);
	case '"':
		err = build_string(b, &text, &text_len);
		if (err != TACT_OK)
			return err;
		*out = json_object_new_string_len((const char *)text, (int)text_len);
		free(text);
		return *out != NULL ? TACT_OK : TACT_ERR_NOMEM;
	case 't':
	case 'f':
		*out = json_object_new_boolean(b->p[b->pos] == 't');
		b->pos += b->p[b->pos] == 't' ? 4 : 5;
		return *out != NULL ? TACT_OK : TACT_ERR_NOMEM;
	case 'n':
		b->pos += 4;
		return TACT_OK; /* null is json-c's NULL */
	default:
		return build_number(b, out);
	}
}

enum tact_err tact_strictjson_parse(const char *text, size_t len, int max_depth,
				    struct tact_strictjson_report *report, json_object **out)
{
	struct build b = {(const unsigned char *)text, len, 0};
	enum tact_err err = tact_strictjson_check(text, len, max_depth, report);

	*out = NULL;
	if (err != TACT_OK && err != TACT_ERR_BAD_REQUEST)
		return err;
	if (build_value(&b, out) != TACT_OK) {
		report->what = "a message too large for the memory available";
		return TACT_ERR_NOMEM;
	}
	return err;
}

json_object *tact_strictjson_read(const char *text)
{
	struct tact_strictjson_report report;
	json_object *obj = NULL;

	if (text == NULL)
		return NULL;
	if (tact_strictjson_parse(text, strlen(text), TACT_JSON_MAX_DEPTH, &report, &obj) !=
	    TACT_OK) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}
