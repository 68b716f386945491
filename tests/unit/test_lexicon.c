/*
 * test_lexicon: the phrase table is stored folded, every scam family has
 * wording in each of the five languages, and language guessing works.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tact/lexicon.h"
#include "tact/text.h"

static void test_every_phrase_is_folded(void **state)
{
	size_t count = 0;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&count);
	char buf[256];

	(void)state;
	assert_true(count > 500);
	for (size_t i = 0; i < count; i++) {
		tact_text_fold_into(all[i].folded, buf, sizeof(buf));
		if (strcmp(buf, all[i].folded) != 0)
			fail_msg("phrase %zu \"%s\" is not folded (\"%s\")", i, all[i].folded, buf);
		assert_true(all[i].folded[0] != '\0');
		assert_true(strlen(all[i].folded) < 256); /* the index keeps lengths in a byte */
		assert_true(all[i].where >= TACT_LEX_IN_NOTE && all[i].where <= TACT_LEX_IN_BOTH);
		assert_true(strcmp(all[i].lang, "*") == 0 || strlen(all[i].lang) == 2);
	}
}

static int has_lang(enum tact_lex rule, const char *lang)
{
	size_t count = 0;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&count);

	for (size_t i = 0; i < count; i++) {
		if (all[i].rule == rule &&
		    (strcmp(all[i].lang, lang) == 0 || strcmp(all[i].lang, "*") == 0))
			return 1;
	}
	return 0;
}

static void test_families_cover_five_languages(void **state)
{
	static const enum tact_lex rules[] = {
		TACT_LEX_OFF_PLATFORM_PUSH, TACT_LEX_MONEY,          TACT_LEX_MONEY_CRITICAL,
		TACT_LEX_FEES_CRITICAL,     TACT_LEX_FEES_CRITICAL_ASK, TACT_LEX_PAY_VERB,
		TACT_LEX_JOB_LURE,          TACT_LEX_ROMANCE,        TACT_LEX_ROMANCE_CRITICAL,
		TACT_LEX_PHISHING,          TACT_LEX_CREDENTIALS,    TACT_LEX_PHISHING_BAIT,
		TACT_LEX_MLM,               TACT_LEX_MLM_CRITICAL,   TACT_LEX_CEO_PRESSURE,
		TACT_LEX_PITCH_OFFER,       TACT_LEX_SHARED_CONTEXT, TACT_LEX_EDUCATION,
	};
	static const char *const langs[] = {"en", "fr", "de", "es", "pt"};

	(void)state;
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		for (size_t l = 0; l < 5; l++) {
			if (!has_lang(rules[r], langs[l]))
				fail_msg("rule %d has no phrase in %s", (int)rules[r], langs[l]);
		}
	}
}

static void test_find_is_whole_word(void **state)
{
	struct tact_folded f;
	long at = -1;

	(void)state;
	/* "btc" inside "btcx" must not match; "Bitcoin" must. */
	assert_int_equal(tact_text_fold("Ask me about btcx tokens", 24, &f), TACT_OK);
	assert_null(tact_lexicon_find(&f, TACT_LEX_MONEY, TACT_LEX_IN_NOTE, &at));
	tact_text_folded_free(&f);
	const char *s = "Mein Bitcoin-Depot wächst";
	assert_int_equal(tact_text_fold(s, strlen(s), &f), TACT_OK);
	assert_non_null(tact_lexicon_find(&f, TACT_LEX_MONEY, TACT_LEX_IN_NOTE, &at));
	tact_text_folded_free(&f);
}

static void test_guess_language(void **state)
{
	static const struct {
		const char *text;
		const char *lang;
	} cases[] = {
		{"Hallo, ich bin seit Montag im Team und freue mich sehr", "de"},
		{"Bonjour, je suis ravie de vous rencontrer pour le projet", "fr"},
		{"Hola, me encantaría hablar contigo sobre el proyecto", "es"},
		{"Olá, você pode me ajudar com uma dúvida sobre o projeto", "pt"},
		{"Hi, I would like to hear about the team and your work", "en"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tact_folded f;
		assert_int_equal(tact_text_fold(cases[i].text, strlen(cases[i].text), &f), TACT_OK);
		const char *got = tact_lexicon_guess_language(&f);
		assert_non_null(got);
		assert_string_equal(got, cases[i].lang);
		tact_text_folded_free(&f);
	}
}

static int names(const char *list, const char *name)
{
	char one[TACT_LEX_CITY_NAME_MAX];

	while (tact_lexicon_next_name(&list, one, sizeof(one))) {
		if (strcmp(one, name) == 0)
			return 1;
	}
	return 0;
}

static void test_city_names(void **state)
{
	const char *munich = tact_lexicon_city_names("munchen");
	char buf[64];

	(void)state;
	/* Any of a city's names, inside a longer location, finds all of them. */
	assert_non_null(munich);
	assert_ptr_equal(tact_lexicon_city_names("greater munich area"), munich);
	assert_true(names(munich, "munich") && names(munich, "munchen") && names(munich, "munique"));
	assert_true(names(tact_lexicon_city_names("sao paulo"), "sp"));
	assert_true(names(tact_lexicon_city_names("region de madrid"), "madrilena"));
	assert_null(tact_lexicon_city_names("ann arbor"));
	assert_null(tact_lexicon_city_names(""));
	assert_null(tact_lexicon_city_names(NULL));
	/* Names are stored folded, so they match folded text. */
	static const char *const cities[] = {"sao paulo", "munchen", "london", "new york", "paris"};
	for (size_t c = 0; c < sizeof(cities) / sizeof(cities[0]); c++) {
		const char *list = tact_lexicon_city_names(cities[c]);
		char folded[64];
		assert_non_null(list);
		while (tact_lexicon_next_name(&list, buf, sizeof(buf))) {
			assert_true(buf[0] != '\0');
			tact_text_fold_into(buf, folded, sizeof(folded));
			assert_string_equal(folded, buf);
		}
	}
	/* Short forms that are also ordinary words or abbreviations are left out. */
	assert_false(names(tact_lexicon_city_names("san francisco"), "sf"));
	assert_false(names(tact_lexicon_city_names("vienna"), "vienne"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_phrase_is_folded),
		cmocka_unit_test(test_families_cover_five_languages),
		cmocka_unit_test(test_find_is_whole_word),
		cmocka_unit_test(test_guess_language),
		cmocka_unit_test(test_city_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
