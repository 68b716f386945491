#include "tact/text.h"

#include <stdlib.h>
#include <string.h>

/* U+00C0..U+024F: ASCII base letters; "" keeps the code point, " " is a separator. */
static const char latin_fold[400][3] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n",
	"o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
	"a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
	"o", " ", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e",
	"e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i",
	"i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o",
	"oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t",
	"t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y",
	"y", "y", "z", "z", "z", "z", "z", "z", "s", "b", "b", "b", "b", "", "", "", "c", "c", "",
	"d", "d", "d", "", "", "", "", "f", "f", "g", "", "hv", "", "i", "k", "k", "l", "", "", "n",
	"n", "o", "o", "o", "oi", "oi", "p", "p", "", "", "", "", "", "t", "t", "t", "t", "u", "u",
	"", "v", "y", "y", "z", "z", "", "", "", "", "", "", "", "", "", "", "", "", "", "dz", "d",
	"dz", "lj", "l", "lj", "nj", "n", "nj", "a", "a", "i", "i", "o", "o", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "u", "", "a", "a", "a", "a", "ae", "ae", "g", "g", "g", "g", "k", "k",
	"o", "o", "o", "o", "", "", "j", "dz", "d", "dz", "g", "g", "", "", "n", "n", "a", "a", "ae",
	"ae", "o", "o", "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o",
	"o", "r", "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "", "", "h", "h", "n", "d",
	"ou", "ou", "z", "z", "a", "a", "e", "e", "o", "o", "o", "o", "o", "o", "o", "o", "y", "y",
	"l", "n", "t", "", "", "", "a", "c", "c", "l", "t", "s", "z", "", "", "b", "u", "", "e", "e",
	"j", "j", "", "q", "r", "r", "y", "y",
};
/* U+1E00..U+1EFF: ASCII base letters; "" keeps the code point, " " is a separator. */
static const char latin_ext_fold[256][3] = {
	"a", "a", "b", "b", "b", "b", "b", "b", "c", "c", "d", "d", "d", "d", "d", "d", "d", "d", "d",
	"d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "f", "f", "g", "g", "h", "h", "h", "h",
	"h", "h", "h", "h", "h", "h", "i", "i", "i", "i", "k", "k", "k", "k", "k", "k", "l", "l", "l",
	"l", "l", "l", "l", "l", "m", "m", "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n",
	"o", "o", "o", "o", "o", "o", "o", "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r",
	"r", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "v", "v", "v", "v", "w", "w", "w", "w", "w",
	"w", "w", "w", "w", "w", "x", "x", "x", "x", "y", "y", "z", "z", "z", "z", "z", "z", "h", "t",
	"w", "y", "a", "", "", "", "ss", "", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
	"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e",
	"e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o", "o",
	"o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "y", "y", "y", "y", "y",
	"y", "y", "y", "", "", "", "", "y", "y",
};
/* U+0370..U+04FF: Greek and Cyrillic, lower case without accents. */
static const uint16_t greek_cyrillic_fold[400] = {
	0x0371, 0x0371, 0x0373, 0x0373, 0x02b9, 0x0375, 0x0377, 0x0377, 0x0378, 0x0379,
	0x037a, 0x037b, 0x037c, 0x037d, 0x037e, 0x03f3, 0x0380, 0x0381, 0x0382, 0x0383,
	0x0384, 0x0385, 0x03b1, 0x0387, 0x03b5, 0x03b7, 0x03b9, 0x038b, 0x03bf, 0x038d,
	0x03c5, 0x03c9, 0x03b9, 0x03b1, 0x03b2, 0x03b3, 0x03b4, 0x03b5, 0x03b6, 0x03b7,
	0x03b8, 0x03b9, 0x03ba, 0x03bb, 0x03bc, 0x03bd, 0x03be, 0x03bf, 0x03c0, 0x03c1,
	0x03a2, 0x03c3, 0x03c4, 0x03c5, 0x03c6, 0x03c7, 0x03c8, 0x03c9, 0x03b9, 0x03c5,
	0x03b1, 0x03b5, 0x03b7, 0x03b9, 0x03c5, 0x03b1, 0x03b2, 0x03b3, 0x03b4, 0x03b5,
	0x03b6, 0x03b7, 0x03b8, 0x03b9, 0x03ba, 0x03bb, 0x03bc, 0x03bd, 0x03be, 0x03bf,
	0x03c0, 0x03c1, 0x03c2, 0x03c3, 0x03c4, 0x03c5, 0x03c6, 0x03c7, 0x03c8, 0x03c9,
	0x03b9, 0x03c5, 0x03bf, 0x03c5, 0x03c9, 0x03d7, 0x03d0, 0x03d1, 0x03d2, 0x03d2,
	0x03d2, 0x03d5, 0x03d6, 0x03d7, 0x03d9, 0x03d9, 0x03db, 0x03db, 0x03dd, 0x03dd,
	0x03df, 0x03df, 0x03e1, 0x03e1, 0x03e3, 0x03e3, 0x03e5, 0x03e5, 0x03e7, 0x03e7,
	0x03e9, 0x03e9, 0x03eb, 0x03eb, 0x03ed, 0x03ed, 0x03ef, 0x03ef, 0x03f0, 0x03f1,
	0x03f2, 0x03f3, 0x03b8, 0x03f5, 0x03f6, 0x03f8, 0x03f8, 0x03f2, 0x03fb, 0x03fb,
	0x03fc, 0x037b, 0x037c, 0x037d, 0x0435, 0x0435, 0x0452, 0x0433, 0x0454, 0x0455,
	0x0456, 0x0456, 0x0458, 0x0459, 0x045a, 0x045b, 0x043a, 0x0438, 0x0443, 0x045f,
	0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0438,
	0x043a, 0x043b, 0x043c, 0x043d, 0x043e, 0x043f, 0x0440, 0x0441, 0x0442, 0x0443,
	0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044a, 0x044b, 0x044c, 0x044d,
	0x044e, 0x044f, 0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
	0x0438, 0x0438, 0x043a, 0x043b, 0x043c, 0x043d, 0x043e, 0x043f, 0x0440, 0x0441,
	0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044a, 0x044b,
	0x044c, 0x044d, 0x044e, 0x044f, 0x0435, 0x0435, 0x0452, 0x0433, 0x0454, 0x0455,
	0x0456, 0x0456, 0x0458, 0x0459, 0x045a, 0x045b, 0x043a, 0x0438, 0x0443, 0x045f,
	0x0461, 0x0461, 0x0463, 0x0463, 0x0465, 0x0465, 0x0467, 0x0467, 0x0469, 0x0469,
	0x046b, 0x046b, 0x046d, 0x046d, 0x046f, 0x046f, 0x0471, 0x0471, 0x0473, 0x0473,
	0x0475, 0x0475, 0x0475, 0x0475, 0x0479, 0x0479, 0x047b, 0x047b, 0x047d, 0x047d,
	0x047f, 0x047f, 0x0481, 0x0481, 0x0482, 0x0483, 0x0484, 0x0485, 0x0486, 0x0487,
	0x0488, 0x0489, 0x048b, 0x048b, 0x048d, 0x048d, 0x048f, 0x048f, 0x0491, 0x0491,
	0x0493, 0x0493, 0x0495, 0x0495, 0x0497, 0x0497, 0x0499, 0x0499, 0x049b, 0x049b,
	0x049d, 0x049d, 0x049f, 0x049f, 0x04a1, 0x04a1, 0x04a3, 0x04a3, 0x04a5, 0x04a5,
	0x04a7, 0x04a7, 0x04a9, 0x04a9, 0x04ab, 0x04ab, 0x04ad, 0x04ad, 0x04af, 0x04af,
	0x04b1, 0x04b1, 0x04b3, 0x04b3, 0x04b5, 0x04b5, 0x04b7, 0x04b7, 0x04b9, 0x04b9,
	0x04bb, 0x04bb, 0x04bd, 0x04bd, 0x04bf, 0x04bf, 0x04cf, 0x0436, 0x0436, 0x04c4,
	0x04c4, 0x04c6, 0x04c6, 0x04c8, 0x04c8, 0x04ca, 0x04ca, 0x04cc, 0x04cc, 0x04ce,
	0x04ce, 0x04cf, 0x0430, 0x0430, 0x0430, 0x0430, 0x04d5, 0x04d5, 0x0435, 0x0435,
	0x04d9, 0x04d9, 0x04d9, 0x04d9, 0x0436, 0x0436, 0x0437, 0x0437, 0x04e1, 0x04e1,
	0x0438, 0x0438, 0x0438, 0x0438, 0x043e, 0x043e, 0x04e9, 0x04e9, 0x04e9, 0x04e9,
	0x044d, 0x044d, 0x0443, 0x0443, 0x0443, 0x0443, 0x0443, 0x0443, 0x0447, 0x0447,
	0x04f7, 0x04f7, 0x044b, 0x044b, 0x04fb, 0x04fb, 0x04fd, 0x04fd, 0x04ff, 0x04ff,
};

uint32_t tact_text_decode(const char *s, size_t len, size_t *pos)
{
	const unsigned char *p = (const unsigned char *)s + *pos;
	size_t left = len - *pos;
	uint32_t cp;
	size_t need;
	uint32_t min;

	if (p[0] < 0x80) {
		*pos += 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 1;
		cp = p[0] & 0x1fu;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 2;
		cp = p[0] & 0x0fu;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 3;
		cp = p[0] & 0x07u;
		min = 0x10000;
	} else {
		*pos += 1;
		return TACT_TEXT_REPLACEMENT;
	}
	if (left <= need) {
		*pos += 1;
		return TACT_TEXT_REPLACEMENT;
	}
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pos += 1;
			return TACT_TEXT_REPLACEMENT;
		}
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*pos += 1;
		return TACT_TEXT_REPLACEMENT;
	}
	*pos += need + 1;
	return cp;
}

size_t tact_text_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	       (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	       (cp >= 0xfe20 && cp <= 0xfe2f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0x200d ||
	       cp == 0x200c;
}

enum tact_script tact_text_script(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
	    (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0xff21 && cp <= 0xff5a))
		return TACT_SCRIPT_LATIN;
	if (cp >= 0x370 && cp <= 0x3ff)
		return TACT_SCRIPT_GREEK;
	if (cp >= 0x400 && cp <= 0x52f)
		return TACT_SCRIPT_CYRILLIC;
	if (cp >= 0x530 && cp <= 0x58f)
		return TACT_SCRIPT_ARMENIAN;
	if (cp >= 0x590 && cp <= 0x5ff)
		return TACT_SCRIPT_HEBREW;
	if ((cp >= 0x600 && cp <= 0x6ff) || (cp >= 0x750 && cp <= 0x77f))
		return TACT_SCRIPT_ARABIC;
	if (cp >= 0x900 && cp <= 0xdff)
		return TACT_SCRIPT_INDIC;
	if (cp >= 0xe00 && cp <= 0xe7f)
		return TACT_SCRIPT_THAI;
	if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xac00 && cp <= 0xd7af))
		return TACT_SCRIPT_HANGUL;
	if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3100 && cp <= 0x312f) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f))
		return TACT_SCRIPT_CJK;
	if (cp < 0x80 || is_combining(cp) || (cp >= 0x2000 && cp <= 0x2bff) ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xff20) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7 ||
	    cp == 0xf7)
		return TACT_SCRIPT_NONE;
	return TACT_SCRIPT_OTHER;
}

int tact_text_is_word_char(uint32_t cp)
{
	if ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19))
		return 1;
	return tact_text_script(cp) != TACT_SCRIPT_NONE;
}

/* The folded form of one code point: a string (ASCII letters), or a single
 * code point in *mapped; " " marks a separator. */
static const char *fold_cp(uint32_t cp, uint32_t *mapped)
{
	*mapped = cp;
	if (cp >= 'A' && cp <= 'Z') {
		*mapped = cp + 32;
		return NULL;
	}
	if (cp >= 0xff01 && cp <= 0xff5e) /* fullwidth ASCII */
		return fold_cp(cp - 0xfee0, mapped);
	if (cp >= 0xc0 && cp <= 0x24f)
		return latin_fold[cp - 0xc0][0] != '\0' ? latin_fold[cp - 0xc0] : NULL;
	if (cp >= 0x1e00 && cp <= 0x1eff)
		return latin_ext_fold[cp - 0x1e00][0] != '\0' ? latin_ext_fold[cp - 0x1e00] : NULL;
	if (cp >= 0x370 && cp <= 0x4ff) {
		*mapped = greek_cyrillic_fold[cp - 0x370];
		if (*mapped == 0x3c2) /* final sigma */
			*mapped = 0x3c3;
		return NULL;
	}
	if (cp == 0x1e9e)
		return "ss";
	if (!tact_text_is_word_char(cp))
		return " ";
	return NULL;
}

struct builder {
	char *text;
	size_t *origin;
	size_t len;
	size_t cap;
};

static int push(struct builder *b, const char *bytes, size_t n, size_t origin)
{
	if (b->len + n + 2 > b->cap) {
		size_t cap = (b->len + n + 2) * 2;
		char *text = realloc(b->text, cap);
		if (text == NULL)
			return 0;
		b->text = text;
		size_t *orig = realloc(b->origin, cap * sizeof(*orig));
		if (orig == NULL)
			return 0;
		b->origin = orig;
		b->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		/* Collapse runs of separators into one space. */
		if (bytes[i] == ' ' && b->len > 0 && b->text[b->len - 1] == ' ')
			continue;
		b->text[b->len] = bytes[i];
		b->origin[b->len] = origin;
		b->len++;
	}
	return 1;
}

enum tact_err tact_text_fold(const char *source, size_t len, struct tact_folded *out)
{
	struct builder b = {NULL, NULL, 0, 0};
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	if (!push(&b, " ", 1, 0))
		goto fail;
	while (pos < len) {
		size_t start = pos;
		uint32_t cp = tact_text_decode(source, len, &pos);
		uint32_t mapped;
		const char *folded;
		char utf8[4];

		if (is_combining(cp))
			continue; /* accents written as separate marks */
		folded = fold_cp(cp, &mapped);
		if (folded != NULL) {
			if (!push(&b, folded, strlen(folded), start))
				goto fail;
		} else {
			size_t n = tact_text_encode(mapped, utf8);
			/* Ideographs have no spaces between words: keep each apart
			 * so phrases and tokens can still find them. */
			int apart = tact_text_script(mapped) == TACT_SCRIPT_CJK;
			if ((apart && !push(&b, " ", 1, start)) || !push(&b, utf8, n, start) ||
			    (apart && !push(&b, " ", 1, start)))
				goto fail;
		}
	}
	if (!push(&b, " ", 1, len))
		goto fail;
	b.text[b.len] = '\0';
	out->text = b.text;
	out->origin = b.origin;
	out->len = b.len;
	out->source = source;
	out->source_len = len;
	return TACT_OK;
fail:
	free(b.text);
	free(b.origin);
	return TACT_ERR_NOMEM;
}

void tact_text_folded_free(struct tact_folded *f)
{
	free(f->text);
	free(f->origin);
	free(f->phrase_at);
	memset(f, 0, sizeof(*f));
}

char *tact_text_fold_into(const char *s, char *buf, size_t cap)
{
	struct tact_folded f;
	size_t n;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	if (s == NULL || tact_text_fold(s, strlen(s), &f) != TACT_OK)
		return buf;
	/* Drop the outer spaces; a cut lands on a character boundary. */
	n = f.len >= 2 ? f.len - 2 : 0;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)f.text[1 + n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, f.text + (f.len >= 2 ? 1 : 0), n);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	tact_text_folded_free(&f);
	return buf;
}

long tact_text_find(const struct tact_folded *f, const char *phrase, size_t from)
{
	size_t plen = strlen(phrase);
	const char *hit;

	if (plen == 0 || f->text == NULL || from >= f->len)
		return -1;
	hit = f->text + from;
	while ((hit = strstr(hit, phrase)) != NULL) {
		size_t at = (size_t)(hit - f->text);
		if (at > 0 && f->text[at - 1] == ' ' && f->text[at + plen] == ' ')
			return (long)at;
		hit++;
	}
	return -1;
}

void tact_text_evidence(const struct tact_folded *f, size_t start, size_t len, char *out,
			size_t cap)
{
	size_t from;
	size_t to;
	size_t n;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (start >= f->len)
		return;
	if (start + len > f->len)
		len = f->len - start;
	from = f->origin[start];
	/* The end is where the byte after the match came from. */
	to = start + len < f->len ? f->origin[start + len] : f->source_len;
	if (to > f->source_len)
		to = f->source_len;
	if (to <= from)
		return;
	n = to - from;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)f->source[from + n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, f->source + from, n);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ',' || out[n - 1] == '.'))
		out[--n] = '\0';
}

int tact_text_has_mixed_script_word(const char *s)
{
	size_t len = strlen(s);
	size_t pos = 0;
	int latin = 0;
	int other = 0;

	while (pos < len) {
		uint32_t cp = tact_text_decode(s, len, &pos);
		enum tact_script script;

		if (!tact_text_is_word_char(cp)) {
			if (latin && other)
				return 1;
			latin = other = 0;
			continue;
		}
		script = tact_text_script(cp);
		if (script == TACT_SCRIPT_LATIN)
			latin = 1;
		else if (script == TACT_SCRIPT_GREEK || script == TACT_SCRIPT_CYRILLIC)
			other = 1;
	}
	return latin && other;
}
