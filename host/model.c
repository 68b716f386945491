#include "tact/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tact/stats.h"

/* How strongly the priors hold (bias, each rule's own correction, the
 * mutual level): worth about this many decisions. */
#define PRIOR_STRENGTH 4.0
#define BIAS_PRIOR -0.3
/* How firmly the user is assumed to follow the hand-set rules as a whole
 * (trust 1). Weak, so a user whose taste cuts across the rules can turn
 * them all down together after a few dozen decisions. */
#define TRUST_STRENGTH 1.0
/* The Gaussian prior of each word's weight: with few decisions a word
 * needs several agreeing decisions before it counts. */
#define WORD_STRENGTH 2.0
/* Decisions are noisy (a misclick, a mood): the loss assumes this share
 * of them went against the user's taste, so a few contrary decisions
 * cannot be learned by heart. */
#define LABEL_NOISE 0.1
#define FIT_PASSES 50
#define FIT_TOLERANCE 1e-6
/* The largest move of one weight in one step, so a step never overshoots
 * where the curvature is nearly flat. */
#define MAX_STEP 2.0
/* The words may move the score this far at most, so they cannot outvote
 * several rules that agree. */
#define WORDS_CAP 6.0
/* A rule's learned weight keeps the sign of its hand-set prior until the
 * user has made this many decisions of each kind, this many of them on the
 * side the rule would turn toward: three accepted recruiters must not turn
 * "works at your company" into a reason to ignore. */
#define DIRECTION_MIN 5u
/* How far learning may move a score from the rules' own, in log-odds: a
 * little while the decisions are one-sided (less than the width of the
 * Review band, so nobody the rules are sure about changes bucket), more
 * with every pair of accepted and ignored decisions. */
#define PULL_BASE 0.8
#define PULL_PER_PAIR 0.25
/* A word below this weight is not worth naming in a reason. */
#define WORD_TELLING 0.1
/* Whether the rules help this user's ranking is judged on this many folds
 * of their own past decisions, once there are enough of them. */
#define SELECT_FOLDS 5u
#define SELECT_MIN_DECISIONS 40u

struct count {
	uint64_t key;
	uint32_t pos;   /* accepted (or reported) decisions with this word */
	uint32_t neg;   /* ignored (or cleared) decisions with this word */
	uint32_t index; /* 1-based feature number during a fit, 0 = none */
	double weight;  /* learned accept log-odds of the word */
	int used;
};

struct table {
	struct count *slots;
	size_t cap; /* a power of two */
	size_t used;
};

struct tact_model {
	double w[TACT_RULE_COUNT]; /* effective weight of each rule */
	double bias;
	double trust;    /* how much the hand-set rule weights count, prior 1 */
	double w_mutual; /* weight of the mutual level; prior 0 */
	int rules_on;    /* 0 when the user's taste is better ranked without the taste rules */
	int words_on;    /* 0 until both kinds of decision are numerous enough */
	struct table words;
	size_t n_pos;
	size_t n_neg;
	struct table scam;
	size_t decisions;
	uint32_t rule_pos[TACT_RULE_COUNT]; /* accepted decisions that had the rule */
	uint32_t rule_neg[TACT_RULE_COUNT]; /* ignored decisions that had the rule */
	double budget;                      /* the largest learned move of a score */
};

static struct count *table_slot(struct table *t, uint64_t key, int create)
{
	size_t i;

	if (t->cap == 0 || (create && (t->used + 1) * 2 > t->cap)) {
		if (!create)
			return NULL;
		size_t cap = t->cap == 0 ? 256 : t->cap * 2;
		struct count *slots = calloc(cap, sizeof(*slots));
		if (slots == NULL)
			return NULL;
		for (size_t k = 0; k < t->cap; k++) {
			if (!t->slots[k].used)
				continue;
			size_t j = (size_t)(t->slots[k].key * 0x9e3779b97f4a7c15ull) & (cap - 1);
			while (slots[j].used)
				j = (j + 1) & (cap - 1);
			slots[j] = t->slots[k];
		}
		free(t->slots);
		t->slots = slots;
		t->cap = cap;
	}
	i = (size_t)(key * 0x9e3779b97f4a7c15ull) & (t->cap - 1);
	while (t->slots[i].used) {
		if (t->slots[i].key == key)
			return &t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	if (!create)
		return NULL;
	t->slots[i].used = 1;
	t->slots[i].key = key;
	t->used++;
	return &t->slots[i];
}

static const struct count *table_get(const struct table *t, uint64_t key)
{
	return table_slot((struct table *)t, key, 0);
}

static void table_clear(struct table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static int is_scam_rule(int r)
{
	return tact_rules_info((enum tact_rule)r)->family != TACT_FAMILY_NONE;
}

static void reset_to_priors(struct tact_model *model)
{
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		model->w[r] = tact_rules_info((enum tact_rule)r)->prior;
	model->bias = BIAS_PRIOR;
	model->trust = 1.0;
	model->w_mutual = 0.0;
	model->rules_on = 1;
	model->words_on = 0;
	model->budget = PULL_BASE;
}

double tact_model_mutual_level(int64_t mutuals)
{
	return mutuals > 0 ? log1p((double)mutuals) / log(101.0) : 0.0;
}

struct tact_model *tact_model_new(void)
{
	struct tact_model *model = calloc(1, sizeof(*model));

	if (model != NULL)
		reset_to_priors(model);
	return model;
}

void tact_model_free(struct tact_model *model)
{
	if (model == NULL)
		return;
	table_clear(&model->words);
	table_clear(&model->scam);
	free(model);
}

static double sigmoid(double z)
{
	return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

/* --- fitting ----------------------------------------------------------------------------- */

/* The decisions in the shape the fit reads them: who has which rule and
 * word, built once per refit. All arrays are owned here. */
struct design {
	size_t count;
	size_t nfeat;
	int *y;
	double *ml;       /* mutual level */
	double *fixed;    /* sum of the scam rules' set weights: never learned */
	double *prior;    /* sum of the taste rules' hand-set weights */
	size_t *rule_at;  /* examples having rule r: rule_ex[rule_at[r] .. rule_at[r + 1]) */
	uint32_t *rule_ex;
	size_t *feat_at;  /* examples having word j: feat_ex[feat_at[j] .. feat_at[j + 1]) */
	uint32_t *feat_ex;
	size_t *ex_at;    /* words of example i: ex_feat[ex_at[i] .. ex_at[i + 1]) */
	uint32_t *ex_feat;
	uint8_t locked[TACT_RULE_COUNT]; /* 1: the rule keeps its prior's sign */
	size_t pairs;                    /* the fewer of accepted and ignored decisions */
};

/* One candidate's parameters. */
struct params {
	double bias;
	double trust;
	double mutual;
	double dev[TACT_RULE_COUNT]; /* each taste rule's correction to trust * prior */
	double *words;               /* nfeat, owned by the caller */
};

static void design_free(struct design *d)
{
	free(d->y);
	free(d->ml);
	free(d->fixed);
	free(d->prior);
	free(d->rule_at);
	free(d->rule_ex);
	free(d->feat_at);
	free(d->feat_ex);
	free(d->ex_at);
	free(d->ex_feat);
	memset(d, 0, sizeof(*d));
}

static enum tact_err design_build(struct design *d, struct tact_model *model,
				  const struct tact_example *ex, size_t count, size_t nnz)
{
	size_t rule_nnz = 0;

	memset(d, 0, sizeof(*d));
	d->count = count;
	for (size_t i = 0; i < count; i++) {
		for (int r = 0; r < TACT_RULE_COUNT; r++)
			rule_nnz += ex[i].rules[r] && !is_scam_rule(r) ? 1u : 0u;
	}
	d->y = calloc(count, sizeof(*d->y));
	d->ml = calloc(count, sizeof(*d->ml));
	d->fixed = calloc(count, sizeof(*d->fixed));
	d->prior = calloc(count, sizeof(*d->prior));
	d->rule_at = calloc(TACT_RULE_COUNT + 1, sizeof(*d->rule_at));
	d->rule_ex = calloc(rule_nnz + 1, sizeof(*d->rule_ex));
	d->feat_at = calloc(model->words.used + 1, sizeof(*d->feat_at));
	d->feat_ex = calloc(nnz + 1, sizeof(*d->feat_ex));
	d->ex_at = calloc(count + 1, sizeof(*d->ex_at));
	d->ex_feat = calloc(nnz + 1, sizeof(*d->ex_feat));
	if (d->y == NULL || d->ml == NULL || d->fixed == NULL || d->prior == NULL ||
	    d->rule_at == NULL || d->rule_ex == NULL || d->feat_at == NULL || d->feat_ex == NULL ||
	    d->ex_at == NULL || d->ex_feat == NULL)
		return TACT_ERR_NOMEM;

	for (size_t i = 0; i < count; i++) {
		d->y[i] = ex[i].label ? 1 : 0;
		d->ml[i] = ex[i].mutual_level;
		for (int r = 0; r < TACT_RULE_COUNT; r++) {
			if (!ex[i].rules[r])
				continue;
			double prior = tact_rules_info((enum tact_rule)r)->prior;
			if (is_scam_rule(r)) {
				d->fixed[i] += prior;
			} else {
				d->prior[i] += prior;
				d->rule_at[r + 1]++;
			}
		}
	}
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		d->rule_at[r + 1] += d->rule_at[r];
	d->pairs = model->n_pos < model->n_neg ? model->n_pos : model->n_neg;
	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		/* The side a rule would turn toward is the one its prior is not. */
		uint32_t toward = tact_rules_info((enum tact_rule)r)->prior < 0 ? model->rule_pos[r]
										 : model->rule_neg[r];
		d->locked[r] = !(model->n_pos >= DIRECTION_MIN && model->n_neg >= DIRECTION_MIN &&
				 toward >= DIRECTION_MIN);
	}
	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		size_t k = d->rule_at[r];
		for (size_t i = 0; i < count && !is_scam_rule(r); i++) {
			if (ex[i].rules[r])
				d->rule_ex[k++] = (uint32_t)i;
		}
	}
	if (!model->words_on)
		return TACT_OK;

	/* Words are numbered in order of first appearance, so the fit visits
	 * them in the same order every time. */
	for (size_t i = 0; i < count; i++) {
		d->ex_at[i + 1] = d->ex_at[i];
		for (size_t t = 0; t < ex[i].token_count; t++) {
			struct count *c = table_slot(&model->words, ex[i].tokens[t], 0);
			if (c->index == 0) {
				c->index = (uint32_t)++d->nfeat;
			}
			d->ex_feat[d->ex_at[i + 1]++] = c->index - 1;
		}
	}
	for (size_t k = 0; k < d->ex_at[count]; k++)
		d->feat_at[d->ex_feat[k] + 1]++;
	for (size_t j = 0; j < d->nfeat; j++)
		d->feat_at[j + 1] += d->feat_at[j];
	size_t *fill = calloc(d->nfeat + 1, sizeof(*fill));
	if (fill == NULL)
		return TACT_ERR_NOMEM;
	for (size_t i = 0; i < count; i++) {
		for (size_t k = d->ex_at[i]; k < d->ex_at[i + 1]; k++) {
			uint32_t j = d->ex_feat[k];
			d->feat_ex[d->feat_at[j] + fill[j]++] = (uint32_t)i;
		}
	}
	free(fill);
	return TACT_OK;
}

/* The accept log-odds of decision i under p. */
static double design_score(const struct design *d, const struct params *p, int rules_on,
			   const struct tact_example *ex, size_t i)
{
	double z = p->bias + d->fixed[i] + p->mutual * d->ml[i];
	double words = 0.0;

	if (rules_on) {
		z += p->trust * d->prior[i];
		for (int r = 0; r < TACT_RULE_COUNT; r++)
			z += ex[i].rules[r] && !is_scam_rule(r) ? p->dev[r] : 0.0;
	}
	for (size_t k = d->ex_at[i]; k < d->ex_at[i + 1] && d->nfeat > 0; k++)
		words += p->words[d->ex_feat[k]];
	return z + fmax(-WORDS_CAP, fmin(WORDS_CAP, words));
}

/* The range a weight may take in one step: [lo, hi]. */
struct bounds {
	double lo;
	double hi;
};

static const struct bounds unbounded = {-HUGE_VAL, HUGE_VAL};

/* One Newton (Fisher scoring) step on one weight, kept within b: the
 * decisions that carry it are members[0..n) (all when members is NULL),
 * with value x[i] (1 when x is NULL); only those with in[i] set (all when
 * in is NULL) count. The loss allows LABEL_NOISE of the decisions to be
 * flipped: P(accept) = e + (1 - 2e) * sigmoid(z). Returns how far it moved. */
static double fit_step(double *theta, double centre, double strength, struct bounds b,
		       const uint32_t *members, size_t n, const double *x, const struct design *d,
		       const uint8_t *in, double *z)
{
	double g = strength * (*theta - centre);
	double h = strength;
	size_t m = members != NULL ? n : d->count;

	for (size_t k = 0; k < m; k++) {
		size_t i = members != NULL ? members[k] : k;
		if (in != NULL && !in[i])
			continue;
		double xi = x != NULL ? x[i] : 1.0;
		double s = sigmoid(z[i]);
		double p = LABEL_NOISE + (1.0 - 2.0 * LABEL_NOISE) * s;
		double dp = (1.0 - 2.0 * LABEL_NOISE) * s * (1.0 - s);
		g += dp * (p - d->y[i]) / (p * (1.0 - p)) * xi;
		h += dp * dp / (p * (1.0 - p)) * xi * xi;
	}
	double step = fmax(-MAX_STEP, fmin(MAX_STEP, -g / h));
	step = fmax(b.lo, fmin(b.hi, *theta + step)) - *theta;
	*theta += step;
	for (size_t k = 0; k < m; k++) {
		size_t i = members != NULL ? members[k] : k;
		z[i] += step * (x != NULL ? x[i] : 1.0);
	}
	return fabs(step);
}

/* Where trust may go: never below 0 (that would turn every rule around at
 * once), not down at all while the decisions are all of one kind (they say
 * how readily the user accepts, not that the rules are wrong), and never
 * so low that a locked rule's weight trust * prior + correction changes
 * sign. */
static struct bounds trust_bounds(const struct params *p, const struct design *d)
{
	struct bounds b = {fmax(0.0, 1.0 - (double)d->pairs / DIRECTION_MIN), HUGE_VAL};

	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		double prior = tact_rules_info((enum tact_rule)r)->prior;
		if (!d->locked[r] || d->rule_at[r + 1] == d->rule_at[r] || prior == 0.0)
			continue;
		b.lo = fmax(b.lo, -(prior > 0 ? p->dev[r] : -p->dev[r]) / fabs(prior));
	}
	return b;
}

/* Where a rule's correction may go: anywhere, or for a locked rule only as
 * far as keeps trust * prior + correction on the prior's side of 0. */
static struct bounds dev_bounds(const struct params *p, const struct design *d, int r)
{
	double prior = tact_rules_info((enum tact_rule)r)->prior;
	struct bounds b = unbounded;

	if (d->locked[r] && prior > 0)
		b.lo = -p->trust * prior;
	else if (d->locked[r] && prior < 0)
		b.hi = -p->trust * prior;
	return b;
}

/* Minimises the noisy-label log-loss of the decisions in `in` (all when
 * NULL) plus the Gaussian priors, one weight at a time in a fixed order
 * (cyclic coordinate descent), so the same decisions give the same
 * weights. z is scratch of d->count. */
static void fit_params(struct params *p, const struct design *d, const uint8_t *in, int rules_on,
		       double *z)
{
	p->bias = BIAS_PRIOR;
	p->trust = 1.0;
	p->mutual = 0.0;
	memset(p->dev, 0, sizeof(p->dev));
	for (size_t j = 0; j < d->nfeat; j++)
		p->words[j] = 0.0;
	for (size_t i = 0; i < d->count; i++)
		z[i] = p->bias + d->fixed[i] + (rules_on ? d->prior[i] : 0.0);

	for (int pass = 0; pass < FIT_PASSES; pass++) {
		double moved = fit_step(&p->bias, BIAS_PRIOR, PRIOR_STRENGTH, unbounded, NULL, 0,
					NULL, d, in, z);
		if (rules_on) {
			moved = fmax(moved, fit_step(&p->trust, 1.0, TRUST_STRENGTH,
						     trust_bounds(p, d), NULL, 0, d->prior, d, in,
						     z));
			for (int r = 0; r < TACT_RULE_COUNT; r++) {
				size_t n = d->rule_at[r + 1] - d->rule_at[r];
				if (n > 0)
					moved = fmax(moved,
						     fit_step(&p->dev[r], 0.0, PRIOR_STRENGTH,
							      dev_bounds(p, d, r),
							      d->rule_ex + d->rule_at[r], n, NULL,
							      d, in, z));
			}
		}
		moved = fmax(moved, fit_step(&p->mutual, 0.0, PRIOR_STRENGTH, unbounded, NULL, 0,
					     d->ml, d, in, z));
		for (size_t j = 0; j < d->nfeat; j++)
			moved = fmax(moved, fit_step(&p->words[j], 0.0, WORD_STRENGTH, unbounded,
						     d->feat_ex + d->feat_at[j],
						     d->feat_at[j + 1] - d->feat_at[j], NULL, d, in, z));
		if (moved < FIT_TOLERANCE)
			break;
	}
}

/* Out-of-fold AUC of a candidate on the decisions themselves: each fold is
 * scored by a fit on the others. Folds are fixed (decision i is in fold
 * i mod SELECT_FOLDS), so the answer is reproducible. */
static double oof_auc(const struct design *d, const struct tact_example *ex, int rules_on,
		      struct params *p, uint8_t *in, double *z, struct tact_scored *scored)
{
	for (size_t f = 0; f < SELECT_FOLDS; f++) {
		for (size_t i = 0; i < d->count; i++)
			in[i] = i % SELECT_FOLDS != f;
		fit_params(p, d, in, rules_on, z);
		for (size_t i = f; i < d->count; i += SELECT_FOLDS)
			scored[i] = (struct tact_scored){design_score(d, p, rules_on, ex, i), d->y[i]};
	}
	return tact_stats_auc(scored, d->count);
}

enum tact_err tact_model_fit(struct tact_model *model, const struct tact_example *examples,
			     size_t count)
{
	struct design d;
	struct params p;
	double *z = NULL;
	uint8_t *in = NULL;
	struct tact_scored *scored = NULL;
	size_t nnz = 0;
	enum tact_err err = TACT_OK;

	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	reset_to_priors(model);
	table_clear(&model->words);
	model->n_pos = model->n_neg = 0;
	memset(model->rule_pos, 0, sizeof(model->rule_pos));
	memset(model->rule_neg, 0, sizeof(model->rule_neg));
	model->decisions = count;
	if (count == 0)
		return TACT_OK;
	if (count > TACT_MODEL_MAX_EXAMPLES)
		count = TACT_MODEL_MAX_EXAMPLES;
	for (size_t i = 0; i < count; i++) {
		if (examples[i].label)
			model->n_pos++;
		else
			model->n_neg++;
		for (int r = 0; r < TACT_RULE_COUNT; r++) {
			if (examples[i].rules[r] && examples[i].label)
				model->rule_pos[r]++;
			else if (examples[i].rules[r])
				model->rule_neg[r]++;
		}
		for (size_t t = 0; t < examples[i].token_count; t++) {
			struct count *c = table_slot(&model->words, examples[i].tokens[t], 1);
			if (c == NULL)
				return TACT_ERR_NOMEM;
			if (examples[i].label)
				c->pos++;
			else
				c->neg++;
			nnz++;
		}
	}
	model->words_on = model->n_pos >= TACT_MODEL_MIN_PER_CLASS &&
			  model->n_neg >= TACT_MODEL_MIN_PER_CLASS;
	model->budget = PULL_BASE + PULL_PER_PAIR * (double)(model->n_pos < model->n_neg
								     ? model->n_pos
								     : model->n_neg);
	err = design_build(&d, model, examples, count, nnz);
	if (err != TACT_OK)
		goto out;
	z = calloc(count, sizeof(*z));
	in = calloc(count, sizeof(*in));
	scored = calloc(count, sizeof(*scored));
	p.words = calloc(d.nfeat + 1, sizeof(*p.words));
	if (z == NULL || in == NULL || scored == NULL || p.words == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}

	/* Some tastes cut across the hand-set rules so thoroughly that even
	 * turned down they blur the ranking; keep them only when they rank the
	 * user's own decisions at least as well as the words alone. */
	if (model->words_on && count >= SELECT_MIN_DECISIONS) {
		double with = oof_auc(&d, examples, 1, &p, in, z, scored);
		double without = oof_auc(&d, examples, 0, &p, in, z, scored);
		model->rules_on = !(without > with);
	}
	fit_params(&p, &d, NULL, model->rules_on, z);

	int finite = isfinite(p.bias) && isfinite(p.trust) && isfinite(p.mutual);
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		finite = finite && isfinite(p.dev[r]);
	for (size_t j = 0; j < d.nfeat; j++)
		finite = finite && isfinite(p.words[j]);
	/* Defend against the impossible: a fit that did not converge must not
	 * reach a result. */
	if (!finite) {
		reset_to_priors(model);
		err = TACT_ERR_INTERNAL;
		goto out;
	}
	model->bias = p.bias;
	model->trust = model->rules_on ? p.trust : 0.0;
	model->w_mutual = p.mutual;
	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		/* Scam rules stay as set: ignoring is not evidence of fraud,
		 * and a scam must never drift toward Accept. */
		if (is_scam_rule(r))
			continue;
		model->w[r] = model->rules_on
				      ? p.trust * tact_rules_info((enum tact_rule)r)->prior + p.dev[r]
				      : 0.0;
	}
	for (size_t c = 0; c < model->words.cap && d.nfeat > 0; c++) {
		struct count *slot = &model->words.slots[c];
		if (slot->used && slot->index > 0)
			slot->weight = p.words[slot->index - 1];
	}
out:
	free(p.words);
	free(z);
	free(in);
	free(scored);
	design_free(&d);
	return err;
}

enum tact_err tact_model_add_scam_example(struct tact_model *model, const uint64_t *tokens,
					  size_t count, int reported)
{
	for (size_t i = 0; i < count; i++) {
		struct count *c = table_slot(&model->scam, tokens[i], 1);
		if (c == NULL)
			return TACT_ERR_NOMEM;
		if (reported)
			c->pos++;
		else
			c->neg++;
	}
	return TACT_OK;
}

double tact_model_weight(const struct tact_model *model, enum tact_rule rule)
{
	return model->w[rule];
}

double tact_model_bias(const struct tact_model *model)
{
	return model->bias;
}

double tact_model_trust(const struct tact_model *model)
{
	return model->trust;
}

size_t tact_model_decisions(const struct tact_model *model)
{
	return model->decisions;
}

void tact_model_words(const struct tact_model *model, const struct tact_signals *signals,
		      struct tact_model_words *out)
{
	double weight[TACT_RULES_TOKENS_MAX];
	double sum = 0.0;

	memset(out, 0, sizeof(*out));
	if (!model->words_on)
		return;
	for (size_t i = 0; i < signals->token_count; i++) {
		const struct count *c = table_get(&model->words, signals->tokens[i]);
		weight[i] = c != NULL ? c->weight : 0.0;
		sum += weight[i];
	}
	out->contribution = fmax(-WORDS_CAP, fmin(WORDS_CAP, sum));
	out->toward_accept = out->contribution > 0;
	/* The words pointing the same way as the total, strongest first;
	 * ties go to the earlier word so the choice is stable. */
	for (size_t k = 0; k < 3; k++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < signals->token_count; i++) {
			int taken = 0;
			for (size_t j = 0; j < out->top_count; j++)
				taken |= out->top[j] == i;
			double r = out->toward_accept ? weight[i] : -weight[i];
			if (taken || r <= WORD_TELLING)
				continue;
			if (best == SIZE_MAX || r > (out->toward_accept ? weight[best] : -weight[best]))
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		out->top[out->top_count++] = best;
		const struct count *c = table_get(&model->words, signals->tokens[best]);
		size_t seen = c == NULL ? 0 : (out->toward_accept ? c->pos : c->neg);
		if (seen > out->similar)
			out->similar = seen;
	}
}

size_t tact_model_scam_words(const struct tact_model *model, const struct tact_signals *signals,
			     size_t *first)
{
	size_t hits = 0;

	*first = SIZE_MAX;
	for (size_t i = 0; i < signals->token_count; i++) {
		const struct count *c = table_get(&model->scam, signals->tokens[i]);
		if (c == NULL || c->neg > 0 || c->pos < 2)
			continue;
		if (*first == SIZE_MAX)
			*first = i;
		hits++;
	}
	return hits;
}

double tact_model_rules_score(const struct tact_signals *signals)
{
	double z = BIAS_PRIOR;

	for (size_t i = 0; i < signals->hit_count; i++)
		z += tact_rules_info(signals->hits[i].rule)->prior;
	return z;
}

double tact_model_score(const struct tact_model *model, const struct tact_signals *signals,
			const struct tact_model_words *words, double mutual_level)
{
	double z = model->bias + words->contribution + model->w_mutual * mutual_level;
	double rules = tact_model_rules_score(signals);

	for (size_t i = 0; i < signals->hit_count; i++)
		z += model->w[signals->hits[i].rule];
	return rules + fmax(-model->budget, fmin(model->budget, z - rules));
}

void tact_model_pull(const struct tact_model *model, const struct tact_signals *signals,
		     double z, struct tact_model_pull *out)
{
	double best = 0.0;

	memset(out, 0, sizeof(*out));
	out->by_rules = tact_model_rules_score(signals);
	out->learned = z - out->by_rules;
	out->toward_accept = out->learned > 0;
	out->decisions = out->toward_accept ? model->n_pos : model->n_neg;
	for (size_t i = 0; i < signals->hit_count; i++) {
		enum tact_rule r = signals->hits[i].rule;
		double moved = model->w[r] - tact_rules_info(r)->prior;
		uint32_t seen = out->toward_accept ? model->rule_pos[r] : model->rule_neg[r];
		/* Only a rule the user's own decisions on that side carried. */
		if (is_scam_rule((int)r) || seen == 0 || (out->toward_accept ? moved : -moved) <= best)
			continue;
		best = out->toward_accept ? moved : -moved;
		out->has_rule = 1;
		out->rule = r;
		out->decisions = seen;
	}
}
