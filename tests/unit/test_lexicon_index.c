/*
 * test_lexicon_index: the first-word index finds exactly what a phrase by
 * phrase search finds. Every text is folded twice, one copy indexed, and
 * every phrase's first offset and every rule's look-up must agree, over
 * the labelled triage cases, the fuzzer's seed corpus, and texts stitched
 * from cut and joined phrases (where an index goes wrong: a phrase at the
 * very start or end, inside a longer word, repeated, or cut short).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tact/lexicon.h"
#include "tact/text.h"

#define CORPUS_LINE_MAX (64u * 1024u)
#define STITCHED_TEXTS 4000u
#define STITCHED_PIECES 6u
#define STITCHED_MAX 512u

static const enum tact_lex_where wheres[] = {TACT_LEX_IN_NOTE, TACT_LEX_IN_HEADLINE,
					     TACT_LEX_IN_BOTH};

static size_t compared;
static size_t found;

/* Compares the indexed and plain answers for one text; fails naming it. */
static void compare_text(const char *text, size_t len)
{
	struct tact_folded plain;
	struct tact_folded indexed;
	size_t count = 0;

	tact_lexicon_phrases(&count);
	assert_int_equal(tact_text_fold(text, len, &plain), TACT_OK);
	assert_int_equal(tact_text_fold(text, len, &indexed), TACT_OK);
	assert_int_equal(tact_lexicon_index(&indexed), TACT_OK);
	assert_non_null(indexed.phrase_at);
	assert_null(plain.phrase_at);
	for (size_t i = 0; i < count; i++) {
		long a = tact_lexicon_phrase_at(&plain, i);
		long b = tact_lexicon_phrase_at(&indexed, i);
		if (a != b)
			fail_msg("phrase %zu: %ld searched, %ld indexed, in \"%.*s\"", i, a, b,
				 (int)len, text);
		found += a >= 0;
	}
	for (int r = 0; r < TACT_LEX_COUNT; r++) {
		for (size_t w = 0; w < sizeof(wheres) / sizeof(wheres[0]); w++) {
			long at_a = -7;
			long at_b = -7;
			const struct tact_lex_phrase *a =
			    tact_lexicon_find(&plain, (enum tact_lex)r, wheres[w], &at_a);
			const struct tact_lex_phrase *b =
			    tact_lexicon_find(&indexed, (enum tact_lex)r, wheres[w], &at_b);
			if (a != b || at_a != at_b)
				fail_msg("rule %d: look-ups differ in \"%.*s\"", r, (int)len, text);
		}
	}
	compared++;
	tact_text_folded_free(&plain);
	tact_text_folded_free(&indexed);
}

static void compare_field(json_object *invitation, const char *name)
{
	json_object *field = NULL;

	if (json_object_object_get_ex(invitation, name, &field) &&
	    json_object_is_type(field, json_type_string))
		compare_text(json_object_get_string(field),
			     (size_t)json_object_get_string_len(field));
}

static void test_labelled_cases(void **state)
{
	FILE *in = fopen(TACT_SOURCE_DIR "/tests/data/triage/cases.jsonl", "r");
	char *line = malloc(CORPUS_LINE_MAX);
	size_t before = compared;

	(void)state;
	assert_non_null(in);
	assert_non_null(line);
	while (fgets(line, CORPUS_LINE_MAX, in) != NULL) {
		json_object *c = json_tokener_parse(line);
		json_object *invitation = NULL;
		assert_non_null(c);
		assert_true(json_object_object_get_ex(c, "invitation", &invitation));
		compare_field(invitation, "name");
		compare_field(invitation, "headline");
		compare_field(invitation, "message");
		json_object_put(c);
	}
	fclose(in);
	free(line);
	/* The corpus has hundreds of cases, three fields each. */
	assert_true(compared - before > 1500);
}

/* The fuzzer's seeds: name, headline and note split at NUL bytes. */
static void test_fuzz_corpus(void **state)
{
	const char *dir = TACT_SOURCE_DIR "/tests/fuzz/corpus/rules";
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		char buf[8192];
		FILE *in;
		size_t n;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		in = fopen(path, "rb");
		assert_non_null(in);
		n = fread(buf, 1, sizeof(buf) - 1, in);
		fclose(in);
		buf[n] = '\0';
		for (size_t start = 0; start <= n; start += strlen(buf + start) + 1)
			compare_text(buf + start, strlen(buf + start));
		files++;
	}
	closedir(d);
	assert_true(files >= 5);
}

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u; /* a fixed sequence: failures replay */
	return *seed >> 8;
}

static void test_stitched_phrases(void **state)
{
	static const char *const joints[] = {" ", "", "  ", ", ", "-", "'", "X", " é ", "\n", "😀"};
	size_t count = 0;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&count);
	uint32_t seed = 20261203u;
	size_t hits_before = found;

	(void)state;
	for (size_t t = 0; t < STITCHED_TEXTS; t++) {
		char text[STITCHED_MAX];
		size_t len = 0;
		size_t pieces = 1 + next_random(&seed) % STITCHED_PIECES;
		for (size_t p = 0; p < pieces; p++) {
			const char *phrase = all[next_random(&seed) % count].folded;
			const char *joint =
			    joints[next_random(&seed) % (sizeof(joints) / sizeof(joints[0]))];
			size_t plen = strlen(phrase);
			/* Now and then a phrase cut short, or in capitals. */
			if (next_random(&seed) % 5 == 0 && plen > 1)
				plen = 1 + next_random(&seed) % (plen - 1);
			if (len + plen + strlen(joint) >= sizeof(text))
				break;
			memcpy(text + len, phrase, plen);
			if (next_random(&seed) % 7 == 0 && text[len] >= 'a' && text[len] <= 'z')
				text[len] = (char)(text[len] - 'a' + 'A');
			len += plen;
			memcpy(text + len, joint, strlen(joint));
			len += strlen(joint);
		}
		text[len] = '\0';
		compare_text(text, len);
	}
	/* The texts are made of phrases: most must be found, or this proves
	 * nothing. */
	assert_true(found - hits_before > STITCHED_TEXTS);
}

static void test_rule_phrases_partition_the_table(void **state)
{
	size_t count = 0;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&count);
	size_t seen = 0;

	(void)state;
	for (int r = 0; r < TACT_LEX_COUNT; r++) {
		size_t n = 0;
		const uint16_t *ids = tact_lexicon_rule_phrases((enum tact_lex)r, &n);
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(all[ids[k]].rule, r);
			if (k > 0)
				assert_true(ids[k] > ids[k - 1]); /* table order */
		}
		seen += n;
	}
	assert_int_equal(seen, count);
	size_t none = 1;
	tact_lexicon_rule_phrases(TACT_LEX_COUNT, &none);
	assert_int_equal(none, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rule_phrases_partition_the_table),
	    cmocka_unit_test(test_labelled_cases),
	    cmocka_unit_test(test_fuzz_corpus),
	    cmocka_unit_test(test_stitched_phrases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
