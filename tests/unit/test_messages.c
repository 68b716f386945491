#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tact/messages.h"

/* The slots a template uses, as a bit set: bit n for "{n}". Anything else
 * in braces, or a printf directive, is a mistake in the table. */
static unsigned slots_of(const char *tmpl)
{
	unsigned used = 0;

	for (const char *p = tmpl; *p != '\0'; p++) {
		assert_true(*p != '%');
		if (*p == '{') {
			assert_true(p[1] >= '1' && p[1] <= '9' && p[2] == '}');
			used |= 1u << (p[1] - '0');
		}
	}
	return used;
}

static void every_language_has_every_text_with_the_same_slots(void **state)
{
	(void)state;
	for (int m = 0; m < TACT_MSG_COUNT; m++) {
		const char *en = tact_messages_text((enum tact_msg)m, TACT_LANG_EN);
		assert_non_null(en);
		for (int l = 0; l < TACT_LANG_COUNT; l++) {
			const char *t = tact_messages_text((enum tact_msg)m, (enum tact_lang)l);
			assert_non_null(t);
			assert_true(t[0] != '\0');
			assert_int_equal(slots_of(t), slots_of(en));
		}
	}
	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		const char *en = tact_messages_rule_reason((enum tact_rule)r, TACT_LANG_EN);
		int scam = tact_rules_info((enum tact_rule)r)->family != TACT_FAMILY_NONE;
		assert_non_null(en);
		for (int l = 0; l < TACT_LANG_COUNT; l++) {
			const char *t = tact_messages_rule_reason((enum tact_rule)r, (enum tact_lang)l);
			const char *who = tact_messages_rule_people((enum tact_rule)r, (enum tact_lang)l);
			assert_non_null(t);
			assert_int_equal(slots_of(t), slots_of(en));
			/* Learning names whom a taste rule describes; scam rules never move. */
			if (scam)
				assert_null(who);
			else
				assert_true(who != NULL && who[0] != '\0' && slots_of(who) == 0);
		}
	}
}

static void language_codes(void **state)
{
	(void)state;
	assert_int_equal(tact_messages_lang("fr"), TACT_LANG_FR);
	assert_int_equal(tact_messages_lang("fr-CA"), TACT_LANG_FR);
	assert_int_equal(tact_messages_lang("PT_br"), TACT_LANG_PT);
	assert_int_equal(tact_messages_lang("de"), TACT_LANG_DE);
	assert_int_equal(tact_messages_lang("es-419"), TACT_LANG_ES);
	assert_int_equal(tact_messages_lang("en-GB"), TACT_LANG_EN);
	assert_int_equal(tact_messages_lang("it"), -1);
	assert_int_equal(tact_messages_lang("fra"), -1);
	assert_int_equal(tact_messages_lang("f"), -1);
	assert_int_equal(tact_messages_lang(""), -1);
	assert_int_equal(tact_messages_lang(NULL), -1);
	assert_string_equal(tact_messages_lang_code(TACT_LANG_PT), "pt");
}

static void fill_puts_page_text_in_as_data(void **state)
{
	char out[64];
	const char *args[] = {"{2}%s", "B"};

	(void)state;
	tact_messages_fill(out, sizeof(out), "{2} then {1}, {3}.", args, 2);
	assert_string_equal(out, "B then {2}%s, .");
	tact_messages_fill(out, sizeof(out), "no slots {x} {0}", args, 2);
	assert_string_equal(out, "no slots {x} {0}");
	/* Cut short on a character boundary: "é" is two bytes. */
	const char *wide[] = {"ééééé"};
	tact_messages_fill(out, 6, "{1}", wide, 1);
	assert_string_equal(out, "éé");
	tact_messages_fill(out, 5, "ab{1}", wide, 1);
	assert_string_equal(out, "abé");
	tact_messages_fill(out, 4, "ab{1}", wide, 1);
	assert_string_equal(out, "ab");
	tact_messages_fill(out, 4, "ééé", NULL, 0);
	assert_string_equal(out, "é");
	tact_messages_fill(out, 1, "abc", NULL, 0);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_language_has_every_text_with_the_same_slots),
		cmocka_unit_test(language_codes),
		cmocka_unit_test(fill_puts_page_text_in_as_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
