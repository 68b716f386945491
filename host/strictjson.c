#include "tact/strictjson.h"

#include <stdint.h>

struct scan {
	const unsigned char *p;
	size_t len;
	size_t pos;
	int depth;
	int max_depth;
	const char *what;
};

static int fail(struct scan *s, const char *what)
{
	if (s->what == NULL)
		s->what = what;
	return 0;
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

static int string(struct scan *s)
{
	s->pos++; /* the opening quote */
	while (s->pos < s->len) {
		unsigned char c = s->p[s->pos];
		if (c == '"') {
			s->pos++;
			return 1;
		}
		if (c < 0x20)
			return fail(s, "a control character inside a string");
		if (c == '\\') {
			int e;
			s->pos++;
			e = peek(s);
			if (e == 'u') {
				for (int i = 0; i < 4; i++) {
					s->pos++;
					if (!is_hex(peek(s)))
						return fail(s, "a \\u escape without four hex digits");
				}
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

static int digits(struct scan *s)
{
	size_t start = s->pos;

	while (peek(s) >= '0' && peek(s) <= '9')
		s->pos++;
	return s->pos > start;
}

static int number(struct scan *s)
{
	if (peek(s) == '-')
		s->pos++;
	if (peek(s) == '0') {
		s->pos++;
		if (peek(s) >= '0' && peek(s) <= '9')
			return fail(s, "a number with a leading zero");
	} else if (!digits(s)) {
		return fail(s, "a malformed number");
	}
	if (peek(s) == '.') {
		s->pos++;
		if (!digits(s))
			return fail(s, "a number with no digits after the point");
	}
	if (peek(s) == 'e' || peek(s) == 'E') {
		s->pos++;
		if (peek(s) == '+' || peek(s) == '-')
			s->pos++;
		if (!digits(s))
			return fail(s, "a number with an empty exponent");
	}
	return 1;
}

static int value(struct scan *s);

static int container(struct scan *s, int close, int is_object)
{
	if (++s->depth > s->max_depth)
		return fail(s, "nesting deeper than the limit");
	s->pos++;
	skip_space(s);
	if (peek(s) == close) {
		s->pos++;
		s->depth--;
		return 1;
	}
	for (;;) {
		if (is_object) {
			if (peek(s) != '"')
				return fail(s, "a name that is not a double-quoted string");
			if (!string(s))
				return 0;
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
			skip_space(s);
			continue;
		}
		if (peek(s) == close) {
			s->pos++;
			s->depth--;
			return 1;
		}
		return fail(s, is_object ? "a missing comma or closing brace"
					 : "a missing comma or closing bracket");
	}
}

static int value(struct scan *s)
{
	skip_space(s);
	switch (peek(s)) {
	case '{':
		return container(s, '}', 1);
	case '[':
		return container(s, ']', 0);
	case '"':
		return string(s);
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

enum tact_err tact_strictjson_check(const char *text, size_t len, int max_depth, size_t *offset,
				    const char **what)
{
	struct scan s = {(const unsigned char *)text, len, 0, 0, max_depth, NULL};

	if (value(&s)) {
		skip_space(&s);
		if (s.pos == len)
			return TACT_OK;
		fail(&s, "text after the JSON value");
	}
	*offset = s.pos;
	*what = s.what;
	return TACT_ERR_BAD_JSON;
}
