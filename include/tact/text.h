/*
 * text: the Unicode work triage needs, without ICU: UTF-8 decoding, a
 * matching form of any text (lower case, accents removed, punctuation
 * collapsed to spaces), whole-word phrase search with a way back to the
 * original bytes for evidence, scripts of code points, and tokens.
 *
 * Folding covers Latin (with ß, æ, œ, ø, ł ...), Greek and Cyrillic, and
 * fullwidth ASCII; other scripts pass through unchanged, so Chinese or
 * Arabic text still matches itself.
 */
#ifndef TACT_TEXT_H
#define TACT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"

#define TACT_TEXT_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[*pos], advancing *pos. Invalid or cut
 * sequences give U+FFFD and advance one byte. */
uint32_t tact_text_decode(const char *s, size_t len, size_t *pos);

/* Writes cp as UTF-8 into out (4 bytes room); returns the byte count. */
size_t tact_text_encode(uint32_t cp, char *out);

/* A folded copy of some text. text starts and ends with a space and has
 * single spaces between words, so " word " finds whole words. origin[i] is
 * the byte offset in the source that produced text[i]. phrase_at is where
 * each lexicon phrase first occurs, filled by tact_lexicon_index
 * (tact/lexicon.h) so that a text is scanned once rather than once per
 * phrase; NULL until then. All three arrays are owned and freed together. */
struct tact_folded {
	char *text;
	size_t len;
	size_t *origin;
	const char *source; /* borrowed */
	size_t source_len;
	int32_t *phrase_at;
};

/* Folds source[0..len). Caller frees with tact_text_folded_free. */
enum tact_err tact_text_fold(const char *source, size_t len,
			     struct tact_folded *out) TACT_MUST_CHECK;
void tact_text_folded_free(struct tact_folded *f);

/* Folds a short string into buf (for phrases and names); returns buf, which
 * holds the folded words without the outer spaces ("" when none). */
char *tact_text_fold_into(const char *s, char *buf, size_t cap);

/* Finds phrase (already folded, words separated by single spaces) as whole
 * words at or after byte from of f->text. Returns the offset of its first
 * letter in f->text, or -1. */
long tact_text_find(const struct tact_folded *f, const char *phrase, size_t from);

/* Copies the source text behind f->text[start..start+len) into out (cap
 * bytes), cut on a UTF-8 boundary. */
void tact_text_evidence(const struct tact_folded *f, size_t start, size_t len, char *out,
			size_t cap);

enum tact_script {
	TACT_SCRIPT_NONE = 0, /* digits, punctuation, marks */
	TACT_SCRIPT_LATIN,
	TACT_SCRIPT_GREEK,
	TACT_SCRIPT_CYRILLIC,
	TACT_SCRIPT_ARMENIAN,
	TACT_SCRIPT_HEBREW,
	TACT_SCRIPT_ARABIC,
	TACT_SCRIPT_INDIC,
	TACT_SCRIPT_THAI,
	TACT_SCRIPT_HANGUL,
	TACT_SCRIPT_CJK, /* Han, kana and bopomofo: Japanese mixes them in a word */
	TACT_SCRIPT_OTHER
};

enum tact_script tact_text_script(uint32_t cp);

/* Does any single word of s mix Latin letters with Greek or Cyrillic ones
 * (the look-alike trick, as in "Аnna" with a Cyrillic A)? Words written
 * wholly in one script, side by side, are fine. */
int tact_text_has_mixed_script_word(const char *s);

/* Is cp a letter or digit for word splitting? */
int tact_text_is_word_char(uint32_t cp);

#endif
