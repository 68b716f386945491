#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/model.h"

static struct tact_signals *signals_with(const enum tact_rule *rules, size_t n,
					 const uint64_t *tokens, size_t t)
{
	struct tact_signals *s = calloc(1, sizeof(*s));

	for (size_t i = 0; i < n; i++)
		s->hits[s->hit_count++].rule = rules[i];
	for (size_t i = 0; i < t; i++) {
		s->tokens[s->token_count] = tokens[i];
		snprintf(s->token_text[s->token_count], sizeof(s->token_text[0]), "w%llu",
			 (unsigned long long)tokens[i]);
		s->token_count++;
	}
	return s;
}

static void priors_without_decisions(void **state)
{
	struct tact_model *m = tact_model_new();
	struct tact_model_words w;
	enum tact_rule r[] = {TACT_RULE_SHARED_SCHOOL};
	struct tact_signals *s = signals_with(r, 1, NULL, 0);

	(void)state;
	assert_int_equal(tact_model_fit(m, NULL, 0), TACT_OK);
	tact_model_words(m, s, &w);
	assert_true(w.contribution == 0.0);
	assert_true(fabs(tact_model_score(m, s, &w, 0.0) -
			 (tact_model_bias(m) + tact_rules_info(TACT_RULE_SHARED_SCHOOL)->prior)) < 1e-9);
	free(s);
	tact_model_free(m);
}

static void learns_words_and_stays_finite_and_deterministic(void **state)
{
	enum { N = 60 };
	struct tact_example ex[N];
	struct tact_model *a = tact_model_new();
	struct tact_model *b = tact_model_new();
	struct tact_model_words wa;
	struct tact_model_words wb;
	uint64_t liked[] = {101, 102};
	uint64_t disliked[] = {201, 202};

	(void)state;
	memset(ex, 0, sizeof(ex));
	for (int i = 0; i < N; i++) {
		ex[i].label = i % 2;
		ex[i].tokens[0] = ex[i].label ? 101 : 201;
		ex[i].tokens[1] = ex[i].label ? 102 : 202;
		ex[i].tokens[2] = 300 + (uint64_t)i; /* noise */
		ex[i].token_count = 3;
		ex[i].rules[TACT_RULE_MUTUALS_NONE] = 1;
	}
	assert_int_equal(tact_model_fit(a, ex, N), TACT_OK);
	assert_int_equal(tact_model_fit(b, ex, N), TACT_OK);
	struct tact_signals *good = signals_with(NULL, 0, liked, 2);
	struct tact_signals *bad = signals_with(NULL, 0, disliked, 2);
	tact_model_words(a, good, &wa);
	tact_model_words(a, bad, &wb);
	assert_true(wa.contribution > 0.5);
	assert_true(wb.contribution < -0.5);
	assert_true(wa.toward_accept);
	assert_int_equal(wb.similar, N / 2);
	assert_true(isfinite(tact_model_bias(a)));
	/* Same decisions, same model. */
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		assert_true(tact_model_weight(a, (enum tact_rule)r) ==
			    tact_model_weight(b, (enum tact_rule)r));
	/* Scam rules never move with taste. */
	assert_true(tact_model_weight(a, TACT_RULE_SCAM_MONEY) ==
		    tact_rules_info(TACT_RULE_SCAM_MONEY)->prior);
	free(good);
	free(bad);
	tact_model_free(a);
	tact_model_free(b);
}

static void one_decision_does_not_diverge(void **state)
{
	struct tact_example ex;
	struct tact_model *m = tact_model_new();

	(void)state;
	memset(&ex, 0, sizeof(ex));
	ex.label = 0;
	ex.rules[TACT_RULE_MUTUALS_FEW] = 1;
	ex.mutual_level = tact_model_mutual_level(3);
	assert_int_equal(tact_model_fit(m, &ex, 1), TACT_OK);
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		assert_true(isfinite(tact_model_weight(m, (enum tact_rule)r)));
	/* A single ignore nudges the weight down, but the prior still holds. */
	double w = tact_model_weight(m, TACT_RULE_MUTUALS_FEW);
	double prior = tact_rules_info(TACT_RULE_MUTUALS_FEW)->prior;
	assert_true(w < prior && w > prior - 1.0);
	tact_model_free(m);
}

static void scam_words_need_reports_and_no_clearing(void **state)
{
	struct tact_model *m = tact_model_new();
	uint64_t words[] = {7, 8};
	struct tact_signals *s = signals_with(NULL, 0, words, 2);
	size_t first = 0;

	(void)state;
	assert_int_equal(tact_model_scam_words(m, s, &first), 0);
	assert_int_equal(tact_model_add_scam_example(m, words, 2, 1), TACT_OK);
	assert_int_equal(tact_model_scam_words(m, s, &first), 0); /* one report is not a pattern */
	assert_int_equal(tact_model_add_scam_example(m, words, 2, 1), TACT_OK);
	assert_int_equal(tact_model_scam_words(m, s, &first), 2);
	assert_int_equal(first, 0);
	assert_int_equal(tact_model_add_scam_example(m, words, 1, 0), TACT_OK); /* cleared once */
	assert_int_equal(tact_model_scam_words(m, s, &first), 1);
	free(s);
	tact_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(priors_without_decisions),
		cmocka_unit_test(learns_words_and_stays_finite_and_deterministic),
		cmocka_unit_test(one_decision_does_not_diverge),
		cmocka_unit_test(scam_words_need_reports_and_no_clearing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
