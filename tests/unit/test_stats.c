#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "tact/stats.h"

static void auc_known_values(void **state)
{
	struct tact_scored perfect[] = {{0.1, 0}, {0.9, 1}, {0.2, 0}, {0.8, 1}};
	struct tact_scored reversed[] = {{0.9, 0}, {0.1, 1}};
	struct tact_scored ties[] = {{0.5, 0}, {0.5, 1}};
	struct tact_scored mixed[] = {{0.1, 0}, {0.4, 1}, {0.35, 0}, {0.8, 1}};
	struct tact_scored one_class[] = {{0.1, 1}, {0.2, 1}};

	(void)state;
	assert_true(tact_stats_auc(perfect, 4) == 1.0);
	assert_true(tact_stats_auc(reversed, 2) == 0.0);
	assert_true(tact_stats_auc(ties, 2) == 0.5);
	assert_true(tact_stats_auc(mixed, 4) == 1.0);
	assert_true(isnan(tact_stats_auc(one_class, 2)));
}

static void wilson_known_values(void **state)
{
	(void)state;
	/* 175 of 175: the lower bound is 1 - 1.96^2 / (175 + 1.96^2) = 0.9785. */
	assert_true(fabs(tact_stats_wilson_lower(175, 175) - 0.9785) < 0.0005);
	assert_true(fabs(tact_stats_wilson_lower(5, 10) - 0.2366) < 0.0005);
	assert_true(tact_stats_wilson_lower(0, 0) == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(auc_known_values),
		cmocka_unit_test(wilson_known_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
