#include "tact/stats.h"

#include <math.h>
#include <stdlib.h>

static int by_score(const void *a, const void *b)
{
	const struct tact_scored *x = a;
	const struct tact_scored *y = b;

	return x->score < y->score ? -1 : x->score > y->score;
}

double tact_stats_auc(struct tact_scored *items, size_t n)
{
	double pos = 0;
	double neg = 0;
	double rank_sum = 0;

	qsort(items, n, sizeof(*items), by_score);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && items[j].score == items[i].score)
			j++;
		double rank = (double)(i + j + 1) / 2.0; /* the group's average 1-based rank */
		for (size_t k = i; k < j; k++) {
			if (items[k].label)
				rank_sum += rank;
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		if (items[i].label)
			pos++;
		else
			neg++;
	}
	if (pos == 0 || neg == 0)
		return NAN;
	return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

double tact_stats_wilson_lower(double good, double n)
{
	const double z = 1.959964;

	if (n <= 0)
		return 0;
	double p = good / n;
	return (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) /
	       (1 + z * z / n);
}
