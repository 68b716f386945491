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

/* A taste carried by words that cuts across the rules: this user accepts
 * anyone whose invitation carries word 11 ("designer") or word 22 (a
 * city), whatever the rules say, with a tenth of the decisions flipped.
 * Out of the same rules, the words must decide the order. */
static void fill_word_taste(struct tact_example *ex, size_t n)
{
	memset(ex, 0, n * sizeof(*ex));
	for (size_t i = 0; i < n; i++) {
		int designer = i % 4 == 0;
		int city = i % 4 == 1;
		ex[i].tokens[ex[i].token_count++] = 1000 + i % 7; /* role words of no interest */
		if (designer)
			ex[i].tokens[ex[i].token_count++] = 11;
		if (city)
			ex[i].tokens[ex[i].token_count++] = 22;
		/* The generic rules point the other way: the liked ones look like
		 * strangers outside the field, the others like close contacts. */
		if (designer || city)
			ex[i].rules[TACT_RULE_OUTSIDE_FIELD] = 1;
		else
			ex[i].rules[TACT_RULE_MUTUALS_MANY] = 1;
		ex[i].label = designer || city;
		if (i % 10 == 7)
			ex[i].label = !ex[i].label;
	}
}

static double score_of(const struct tact_model *m, const enum tact_rule *rules, size_t nr,
		       const uint64_t *tokens, size_t nt)
{
	struct tact_signals *s = signals_with(rules, nr, tokens, nt);
	struct tact_model_words w;

	tact_model_words(m, s, &w);
	double z = tact_model_score(m, s, &w, 0.0);
	free(s);
	return z;
}

static void learns_a_word_taste_that_cuts_across_the_rules(void **state)
{
	enum { N = 200 };
	struct tact_example *ex = calloc(N, sizeof(*ex));
	struct tact_model *m = tact_model_new();
	enum tact_rule outside[] = {TACT_RULE_OUTSIDE_FIELD};
	enum tact_rule close[] = {TACT_RULE_MUTUALS_MANY};
	uint64_t designer[] = {11, 1003};
	uint64_t city[] = {22, 1004};
	uint64_t other[] = {1003};

	(void)state;
	fill_word_taste(ex, N);
	assert_int_equal(tact_model_fit(m, ex, N), TACT_OK);
	double liked_a = score_of(m, outside, 1, designer, 2);
	double liked_b = score_of(m, outside, 1, city, 2);
	double not_liked = score_of(m, close, 1, other, 1);
	assert_true(liked_a > not_liked + 1.0);
	assert_true(liked_b > not_liked + 1.0);
	/* The rules' own say shrank: this user does not follow them. */
	assert_true(tact_model_trust(m) < 0.5);
	assert_true(tact_model_weight(m, TACT_RULE_MUTUALS_MANY) <
		    tact_rules_info(TACT_RULE_MUTUALS_MANY)->prior);
	/* Scam rules never move with taste. */
	assert_true(tact_model_weight(m, TACT_RULE_SCAM_MONEY) ==
		    tact_rules_info(TACT_RULE_SCAM_MONEY)->prior);
	free(ex);
	tact_model_free(m);
}

static void rules_kept_when_they_match_the_taste(void **state)
{
	enum { N = 120 };
	struct tact_example *ex = calloc(N, sizeof(*ex));
	struct tact_model *m = tact_model_new();

	(void)state;
	/* This user follows the rules: many mutuals accepted, strangers outside
	 * the field ignored; the words are noise. */
	for (size_t i = 0; i < N; i++) {
		int liked = i % 2 == 0;
		ex[i].rules[liked ? TACT_RULE_MUTUALS_MANY : TACT_RULE_OUTSIDE_FIELD] = 1;
		ex[i].tokens[ex[i].token_count++] = 500 + i % 11;
		ex[i].label = i % 10 == 3 ? !liked : liked;
	}
	assert_int_equal(tact_model_fit(m, ex, N), TACT_OK);
	assert_true(tact_model_trust(m) > 0.5);
	assert_true(tact_model_weight(m, TACT_RULE_MUTUALS_MANY) > 1.0);
	assert_true(tact_model_weight(m, TACT_RULE_OUTSIDE_FIELD) < -1.0);
	free(ex);
	tact_model_free(m);
}

static void the_same_decisions_give_the_same_model(void **state)
{
	enum { N = 150 };
	struct tact_example *ex = calloc(N, sizeof(*ex));
	struct tact_model *a = tact_model_new();
	struct tact_model *b = tact_model_new();
	enum tact_rule outside[] = {TACT_RULE_OUTSIDE_FIELD};
	uint64_t words[] = {11, 22, 1002};

	(void)state;
	fill_word_taste(ex, N);
	assert_int_equal(tact_model_fit(a, ex, N), TACT_OK);
	/* A refit over a model that already learned something starts afresh. */
	assert_int_equal(tact_model_fit(b, ex, N / 2), TACT_OK);
	assert_int_equal(tact_model_fit(b, ex, N), TACT_OK);
	assert_true(tact_model_bias(a) == tact_model_bias(b));
	assert_true(tact_model_trust(a) == tact_model_trust(b));
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		assert_true(tact_model_weight(a, (enum tact_rule)r) ==
			    tact_model_weight(b, (enum tact_rule)r));
	assert_true(score_of(a, outside, 1, words, 3) == score_of(b, outside, 1, words, 3));
	free(ex);
	tact_model_free(a);
	tact_model_free(b);
}

static void one_contrary_decision_is_not_learned_by_heart(void **state)
{
	enum { N = 80 };
	struct tact_example *ex = calloc(N, sizeof(*ex));
	struct tact_model *m = tact_model_new();
	uint64_t odd[] = {77, 1001};
	uint64_t liked[] = {11, 1001};

	(void)state;
	fill_word_taste(ex, N);
	/* Once, and only once, the user accepted someone with word 77. */
	ex[N - 1].tokens[ex[N - 1].token_count++] = 77;
	ex[N - 1].label = 1;
	assert_int_equal(tact_model_fit(m, ex, N), TACT_OK);
	assert_true(score_of(m, NULL, 0, odd, 2) < score_of(m, NULL, 0, liked, 2));
	free(ex);
	tact_model_free(m);
}

/* The bucket thresholds of triage.c: accept at log-odds 1.1, ignore at -1.1. */
#define ACCEPT_AT 1.1
#define IGNORE_AT -1.1

static const enum tact_rule colleague[] = {TACT_RULE_SHARED_EMPLOYER_CURRENT,
					   TACT_RULE_MUTUALS_MANY, TACT_RULE_NOTE_PERSONAL};
static const enum tact_rule pitch[] = {TACT_RULE_OUTSIDE_FIELD, TACT_RULE_PITCH_HEADLINE,
				       TACT_RULE_MUTUALS_NONE, TACT_RULE_NOTE_NONE};

/* n decisions of one kind (label), each on an invitation with the rules
 * given: what a new user does in their first minutes. */
static void fill_one_sided(struct tact_example *ex, size_t n, const enum tact_rule *rules,
			   size_t nr, int label)
{
	memset(ex, 0, n * sizeof(*ex));
	for (size_t i = 0; i < n; i++) {
		for (size_t r = 0; r < nr; r++)
			ex[i].rules[rules[r]] = 1;
		ex[i].tokens[ex[i].token_count++] = 300 + i;
		ex[i].mutual_level = tact_model_mutual_level(2);
		ex[i].label = label;
	}
}

static void one_sided_decisions_never_invert_the_rules(void **state)
{
	static const enum tact_rule recruiter[] = {TACT_RULE_RECRUITER, TACT_RULE_OUTSIDE_FIELD,
						   TACT_RULE_MUTUALS_FEW, TACT_RULE_NOTE_TEMPLATE};
	static const size_t counts[] = {3, 5, 10};
	struct tact_example ex[10];

	(void)state;
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (int label = 0; label <= 1; label++) {
			struct tact_model *m = tact_model_new();
			/* Accepted recruiters, or ignored colleagues: either way the
			 * other side has no decision at all. */
			if (label)
				fill_one_sided(ex, counts[c], recruiter, 4, 1);
			else
				fill_one_sided(ex, counts[c], colleague, 3, 0);
			assert_int_equal(tact_model_fit(m, ex, counts[c]), TACT_OK);
			assert_true(tact_model_trust(m) >= 1.0 - 1e-9);
			for (int r = 0; r < TACT_RULE_COUNT; r++) {
				double prior = tact_rules_info((enum tact_rule)r)->prior;
				assert_true(tact_model_weight(m, (enum tact_rule)r) * prior >= 0.0);
			}
			double z_colleague = score_of(m, colleague, 3, NULL, 0);
			double z_pitch = score_of(m, pitch, 4, NULL, 0);
			assert_true(z_colleague >= ACCEPT_AT);
			assert_true(z_pitch <= IGNORE_AT);
			tact_model_free(m);
		}
	}
}

static void a_rule_turns_only_with_decisions_on_both_sides(void **state)
{
	enum { N = 8 };
	struct tact_example ex[N];
	struct tact_model *m = tact_model_new();
	static const enum tact_rule outside[] = {TACT_RULE_OUTSIDE_FIELD};
	static const enum tact_rule few[] = {TACT_RULE_MUTUALS_FEW};

	(void)state;
	/* Four accepted outside the field, four ignored with a few mutuals:
	 * two-sided, but too few accepted for "outside your field" to turn
	 * into a reason to accept. */
	fill_one_sided(ex, 4, outside, 1, 1);
	fill_one_sided(ex + 4, 4, few, 1, 0);
	assert_int_equal(tact_model_fit(m, ex, N), TACT_OK);
	assert_true(tact_model_weight(m, TACT_RULE_OUTSIDE_FIELD) <= 0.0);
	assert_true(tact_model_weight(m, TACT_RULE_MUTUALS_FEW) >= 0.0);
	/* The learned move of any score stays within what four pairs allow. */
	struct tact_signals *s = signals_with(outside, 1, NULL, 0);
	struct tact_model_words w;
	struct tact_model_pull pull;
	tact_model_words(m, s, &w);
	double z = tact_model_score(m, s, &w, 0.0);
	tact_model_pull(m, s, z, &pull);
	assert_true(pull.learned > 0.0 && pull.learned <= 0.8 + 0.25 * 4 + 1e-9);
	assert_true(fabs(pull.by_rules - tact_model_rules_score(s)) < 1e-12);
	assert_true(pull.toward_accept);
	assert_int_equal(pull.has_rule, 1);
	assert_int_equal(pull.rule, TACT_RULE_OUTSIDE_FIELD);
	assert_int_equal(pull.decisions, 4);
	free(s);
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
		cmocka_unit_test(learns_a_word_taste_that_cuts_across_the_rules),
		cmocka_unit_test(rules_kept_when_they_match_the_taste),
		cmocka_unit_test(the_same_decisions_give_the_same_model),
		cmocka_unit_test(one_contrary_decision_is_not_learned_by_heart),
		cmocka_unit_test(scam_words_need_reports_and_no_clearing),
		cmocka_unit_test(one_sided_decisions_never_invert_the_rules),
		cmocka_unit_test(a_rule_turns_only_with_decisions_on_both_sides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
