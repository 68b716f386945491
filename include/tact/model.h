/*
 * model: what Tact learns from the user's own decisions.
 *
 * Accept-side: one logistic regression over the rule signals, the mutual
 * level and the invitation's words (headline, note, company), fitted
 * jointly. Each rule's weight is trust * its hand-set prior plus a small
 * correction: trust (prior 1) says how far this user follows the rules as
 * a whole, the corrections are pulled toward 0, each word's weight toward
 * 0. The loss expects a tenth of the decisions to go against the user's
 * own taste, so a few contrary decisions are not learned by heart. Once
 * there are enough decisions, the rules are kept only if they rank the
 * user's past decisions (out of fold) at least as well as the words alone.
 * With no decisions the model is exactly the priors; after a few dozen it
 * reflects the user's taste. Learning cannot turn the rules upside down:
 * trust never goes below 0, a rule keeps its prior's sign until there are
 * enough decisions on both sides, and the learned move of any score is
 * bounded by how two-sided the decisions are. Fitting is deterministic: the same decisions
 * give the same weights (fixed order, fixed folds, no randomness).
 *
 * Scam-side: only explicit report_scam / not_scam decisions teach it; an
 * ignored invitation says "not interested", not "fraud".
 */
#ifndef TACT_MODEL_H
#define TACT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"
#include "tact/rules.h"

/* Below this many decisions of each kind the words are not used. */
#define TACT_MODEL_MIN_PER_CLASS 5u
#define TACT_MODEL_MAX_EXAMPLES 20000u

struct tact_model;

/* One training example: rule hits and hashed words of a decided invitation. */
struct tact_example {
	uint8_t rules[TACT_RULE_COUNT]; /* 1 when the rule fired */
	uint64_t tokens[TACT_RULES_TOKENS_MAX];
	size_t token_count;
	double mutual_level; /* tact_model_mutual_level() of the card, 0 when not shown */
	int label;           /* 1 accepted, 0 ignored */
};

/* The size of someone's shared network as a learnable number: log(1 + n)
 * scaled so 100 mutual connections give 1. Some users accept only people
 * with many shared contacts; the rule buckets are too coarse for that. */
double tact_model_mutual_level(int64_t mutuals);

/* A new model with only the priors. Caller frees with tact_model_free. */
struct tact_model *tact_model_new(void);
void tact_model_free(struct tact_model *model);

/* Refits from scratch on the given accept/ignore examples (borrowed). */
enum tact_err tact_model_fit(struct tact_model *model, const struct tact_example *examples,
			     size_t count) TACT_MUST_CHECK;

/* Adds words of an invitation reported as a scam (reported = 1) or cleared
 * (reported = 0). */
enum tact_err tact_model_add_scam_example(struct tact_model *model, const uint64_t *tokens,
					  size_t count, int reported) TACT_MUST_CHECK;

/* The learned weight of a rule (0 for a taste rule the model set aside),
 * the bias, the trust in the hand-set rules, and how many decisions it saw. */
double tact_model_weight(const struct tact_model *model, enum tact_rule rule);
double tact_model_bias(const struct tact_model *model);
double tact_model_trust(const struct tact_model *model);
size_t tact_model_decisions(const struct tact_model *model);

/* What the words of an invitation say, from past decisions. */
struct tact_model_words {
	double contribution; /* the words' summed weights, added to the accept log-odds */
	size_t similar;      /* past decisions on the side it points to that share one of its telling words */
	int toward_accept;
	size_t top[3];       /* indexes into the signals' tokens, most telling first */
	size_t top_count;
};

void tact_model_words(const struct tact_model *model, const struct tact_signals *signals,
		      struct tact_model_words *out);

/* How many of these words appeared in invitations reported as scams and
 * never in cleared ones; *first receives the index of the first such word. */
size_t tact_model_scam_words(const struct tact_model *model, const struct tact_signals *signals,
			     size_t *first);

/* The accept log-odds from the hand-set rules alone, before any learning. */
double tact_model_rules_score(const struct tact_signals *signals);

/* The accept log-odds for signals, using learned weights and words. What
 * was learned moves the score at most a bounded distance from the rules'
 * own: a little while the decisions are all of one kind, more with each
 * pair of accepted and ignored ones. */
double tact_model_score(const struct tact_model *model, const struct tact_signals *signals,
			const struct tact_model_words *words, double mutual_level);

/* How far learning moved a score z (from tact_model_score) and which of
 * the invitation's rules moved most that way, so a reason can say so. */
struct tact_model_pull {
	double by_rules;  /* tact_model_rules_score() */
	double learned;   /* z - by_rules */
	int toward_accept;
	int has_rule;     /* 1 when one of the hit rules moved toward that side */
	enum tact_rule rule;
	size_t decisions; /* past decisions on that side with that rule (all on that side without one) */
};

void tact_model_pull(const struct tact_model *model, const struct tact_signals *signals,
		     double z, struct tact_model_pull *out);

#endif
