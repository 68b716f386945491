/*
 * stats: the few statistics the evaluation tools report.
 */
#ifndef TACT_STATS_H
#define TACT_STATS_H

#include <stddef.h>

struct tact_scored {
	double score;
	int label; /* 1 positive, 0 negative */
};

/* Area under the ROC curve (Mann-Whitney, ties counted half); sorts items
 * in place. NaN when either class is missing. */
double tact_stats_auc(struct tact_scored *items, size_t n);

/* Lower end of the Wilson 95% interval for good successes out of n. */
double tact_stats_wilson_lower(double good, double n);

#endif
