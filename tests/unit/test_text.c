#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tact/text.h"

static void decodes_and_replaces_invalid(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc0\xaf\xed\xa0\x80";
	size_t pos = 0;
	size_t len = strlen(s);

	(void)state;
	assert_int_equal(tact_text_decode(s, len, &pos), 'a');
	assert_int_equal(tact_text_decode(s, len, &pos), 0xe9);
	assert_int_equal(tact_text_decode(s, len, &pos), 0x20ac);
	assert_int_equal(tact_text_decode(s, len, &pos), 0x1f600);
	assert_int_equal(tact_text_decode(s, len, &pos), TACT_TEXT_REPLACEMENT); /* overlong */
	assert_int_equal(tact_text_decode(s, len, &pos), TACT_TEXT_REPLACEMENT);
	assert_int_equal(tact_text_decode(s, len, &pos), TACT_TEXT_REPLACEMENT); /* surrogate */
}

static void folds_case_accents_and_punctuation(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(tact_text_fold_into("Straße, São Paulo!", buf, sizeof(buf)),
			    "strasse sao paulo");
	assert_string_equal(tact_text_fold_into("ÉCOLE   Polytechnique—Paris", buf, sizeof(buf)),
			    "ecole polytechnique paris");
	/* Decomposed accents (e + combining acute) fold like composed ones. */
	assert_string_equal(tact_text_fold_into("Re\xcc\x81sume\xcc\x81", buf, sizeof(buf)),
			    "resume");
	assert_string_equal(tact_text_fold_into("ΑΘΗΝΑ Москва", buf, sizeof(buf)), "αθηνα москва");
	assert_string_equal(tact_text_fold_into("ＦＵＬＬ width", buf, sizeof(buf)), "full width");
	assert_string_equal(tact_text_fold_into("Łódź Øresund Æsir œuvre", buf, sizeof(buf)),
			    "lodz oresund aesir oeuvre");
	assert_string_equal(tact_text_fold_into("", buf, sizeof(buf)), "");
}

static void finds_whole_words_and_evidence(void **state)
{
	const char *src = "Hi! Message me on WhatsApp, please.";
	struct tact_folded f;
	char evidence[64];
	long at;

	(void)state;
	assert_int_equal(tact_text_fold(src, strlen(src), &f), TACT_OK);
	at = tact_text_find(&f, "whatsapp", 0);
	assert_true(at > 0);
	tact_text_evidence(&f, (size_t)at, strlen("whatsapp"), evidence, sizeof(evidence));
	assert_string_equal(evidence, "WhatsApp");
	assert_int_equal(tact_text_find(&f, "whats", 0), -1);   /* not a whole word */
	assert_int_equal(tact_text_find(&f, "app", 0), -1);
	at = tact_text_find(&f, "message me on", 0);
	tact_text_evidence(&f, (size_t)at, strlen("message me on"), evidence, sizeof(evidence));
	assert_string_equal(evidence, "Message me on");
	tact_text_folded_free(&f);
}

static void cjk_characters_stand_apart(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(tact_text_fold_into("東京で会いました", buf, sizeof(buf)),
			    "東 京 で 会 い ま し た");
}

static void mixed_script_words(void **state)
{
	(void)state;
	assert_true(tact_text_has_mixed_script_word("\xd0\x90nna Schmidt")); /* Cyrillic A */
	assert_true(tact_text_has_mixed_script_word("Linked\xd0\x86n"));
	assert_false(tact_text_has_mixed_script_word("Ivan Petrov (Иван Петров)"));
	assert_false(tact_text_has_mixed_script_word("Kim Min-jun 김민준"));
	assert_false(tact_text_has_mixed_script_word("Anna Schmidt"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_and_replaces_invalid),
		cmocka_unit_test(folds_case_accents_and_punctuation),
		cmocka_unit_test(finds_whole_words_and_evidence),
		cmocka_unit_test(cjk_characters_stand_apart),
		cmocka_unit_test(mixed_script_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
