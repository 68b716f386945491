#include "tact/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How strongly the priors hold: worth about this many decisions. */
#define PRIOR_STRENGTH 4.0
#define BIAS_PRIOR -0.3
/* Trust the words as much as their log-odds say, until data says otherwise. */
#define BETA_PRIOR 1.0
#define FIT_ITERATIONS 400
#define FIT_STEP 0.5
#define NB_ALPHA 1.0
#define NB_CAP 8.0
/* The words may move the score this far at most, so they cannot outvote
 * several rules that agree. */
#define WORDS_CAP 6.0

struct count {
	uint64_t key;
	uint32_t pos; /* accepted (or reported) decisions with this word */
	uint32_t neg; /* ignored (or cleared) decisions with this word */
	int used;
};

struct table {
	struct count *slots;
	size_t cap; /* a power of two */
	size_t used;
};

struct tact_model {
	double w[TACT_RULE_COUNT];
	double bias;
	double beta;
	double w_mutual; /* weight of the mutual level; prior 0 */
	struct table words;
	size_t n_pos;
	size_t n_neg;
	struct table scam;
	size_t decisions;
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

static void reset_to_priors(struct tact_model *model)
{
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		model->w[r] = tact_rules_info((enum tact_rule)r)->prior;
	model->bias = BIAS_PRIOR;
	model->beta = 0.0;
	model->w_mutual = 0.0;
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

/* Naive Bayes log-odds of a word set; leave_out removes one example of the
 * given label from the counts (its own words when scoring it in training). */
static double nb_logodds(const struct tact_model *model, const uint64_t *tokens, size_t count,
			 int leave_out, int label)
{
	double n_pos = (double)model->n_pos - (leave_out && label == 1 ? 1.0 : 0.0);
	double n_neg = (double)model->n_neg - (leave_out && label == 0 ? 1.0 : 0.0);
	double sum = 0.0;

	if (n_pos < TACT_MODEL_MIN_PER_CLASS || n_neg < TACT_MODEL_MIN_PER_CLASS)
		return 0.0;
	for (size_t i = 0; i < count; i++) {
		const struct count *c = table_get(&model->words, tokens[i]);
		if (c == NULL)
			continue;
		double pos = c->pos - (leave_out && label == 1 ? 1.0 : 0.0);
		double neg = c->neg - (leave_out && label == 0 ? 1.0 : 0.0);
		if (pos + neg <= 0.0)
			continue; /* a word seen only in the left-out example says nothing */
		sum += log((pos + NB_ALPHA) / (n_pos + 2 * NB_ALPHA)) -
		       log((neg + NB_ALPHA) / (n_neg + 2 * NB_ALPHA));
	}
	if (sum > NB_CAP)
		sum = NB_CAP;
	if (sum < -NB_CAP)
		sum = -NB_CAP;
	return sum;
}

static double sigmoid(double z)
{
	return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

enum tact_err tact_model_fit(struct tact_model *model, const struct tact_example *examples,
			     size_t count)
{
	double *nb = NULL;
	double prior[TACT_RULE_COUNT];
	enum tact_err err = TACT_OK;

	reset_to_priors(model);
	table_clear(&model->words);
	model->n_pos = model->n_neg = 0;
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
		for (size_t t = 0; t < examples[i].token_count; t++) {
			struct count *c = table_slot(&model->words, examples[i].tokens[t], 1);
			if (c == NULL)
				return TACT_ERR_NOMEM;
			if (examples[i].label)
				c->pos++;
			else
				c->neg++;
		}
	}
	nb = calloc(count, sizeof(*nb));
	if (nb == NULL)
		return TACT_ERR_NOMEM;
	for (size_t i = 0; i < count; i++)
		nb[i] = nb_logodds(model, examples[i].tokens, examples[i].token_count, 1,
				   examples[i].label);
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		prior[r] = model->w[r];

	/* Minimise the summed log-loss plus PRIOR_STRENGTH/2 times the squared
	 * distance from the priors. Each weight moves by its gradient over
	 * a bound on its curvature (the logistic curve bends at most 1/4), which
	 * keeps every step stable with one decision or twenty thousand. */
	double curv[TACT_RULE_COUNT] = {0};
	double curv_beta = PRIOR_STRENGTH;
	double curv_mutual = PRIOR_STRENGTH;
	for (size_t i = 0; i < count; i++) {
		curv_mutual += 0.25 * examples[i].mutual_level * examples[i].mutual_level;
		for (int r = 0; r < TACT_RULE_COUNT; r++)
			curv[r] += examples[i].rules[r] ? 0.25 : 0.0;
		curv_beta += 0.25 * nb[i] * nb[i];
	}
	for (int it = 0; it < FIT_ITERATIONS; it++) {
		double grad[TACT_RULE_COUNT] = {0};
		double g_bias = 0.0;
		double g_beta = 0.0;
		double g_mutual = 0.0;
		for (size_t i = 0; i < count; i++) {
			double z = model->bias + model->beta * nb[i] +
				   model->w_mutual * examples[i].mutual_level;
			for (int r = 0; r < TACT_RULE_COUNT; r++)
				z += examples[i].rules[r] ? model->w[r] : 0.0;
			double diff = sigmoid(z) - examples[i].label;
			g_bias += diff;
			g_beta += diff * nb[i];
			g_mutual += diff * examples[i].mutual_level;
			for (int r = 0; r < TACT_RULE_COUNT; r++)
				grad[r] += examples[i].rules[r] ? diff : 0.0;
		}
		model->bias -= FIT_STEP * (g_bias + PRIOR_STRENGTH * (model->bias - BIAS_PRIOR)) /
			       (0.25 * (double)count + PRIOR_STRENGTH);
		model->beta -= FIT_STEP * (g_beta + PRIOR_STRENGTH * (model->beta - BETA_PRIOR)) / curv_beta;
		model->w_mutual -= FIT_STEP * (g_mutual + PRIOR_STRENGTH * model->w_mutual) / curv_mutual;
		for (int r = 0; r < TACT_RULE_COUNT; r++) {
			/* Scam rules stay as set: ignoring is not evidence of fraud,
			 * and a scam must never drift toward Accept. */
			if (tact_rules_info((enum tact_rule)r)->family != TACT_FAMILY_NONE)
				continue;
			model->w[r] -= FIT_STEP * (grad[r] + PRIOR_STRENGTH * (model->w[r] - prior[r])) /
				       (curv[r] + PRIOR_STRENGTH);
		}
	}
	/* Defend against the impossible: a fit that did not converge must not
	 * reach a result. */
	int finite = isfinite(model->bias) && isfinite(model->beta) && isfinite(model->w_mutual);
	for (int r = 0; r < TACT_RULE_COUNT; r++)
		finite = finite && isfinite(model->w[r]);
	if (!finite) {
		reset_to_priors(model);
		err = TACT_ERR_INTERNAL;
	}
	if (model->beta < 0.0)
		model->beta = 0.0;
	free(nb);
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

size_t tact_model_decisions(const struct tact_model *model)
{
	return model->decisions;
}

void tact_model_words(const struct tact_model *model, const struct tact_signals *signals,
		      struct tact_model_words *out)
{
	double ratio[TACT_RULES_TOKENS_MAX];
	double n_pos = (double)model->n_pos;
	double n_neg = (double)model->n_neg;

	memset(out, 0, sizeof(*out));
	double lo = nb_logodds(model, signals->tokens, signals->token_count, 0, 0);
	out->contribution = model->beta * lo;
	if (out->contribution > WORDS_CAP)
		out->contribution = WORDS_CAP;
	if (out->contribution < -WORDS_CAP)
		out->contribution = -WORDS_CAP;
	out->toward_accept = out->contribution > 0;
	if (lo == 0.0)
		return;
	for (size_t i = 0; i < signals->token_count; i++) {
		const struct count *c = table_get(&model->words, signals->tokens[i]);
		ratio[i] = 0.0;
		if (c != NULL)
			ratio[i] = log((c->pos + NB_ALPHA) / (n_pos + 2 * NB_ALPHA)) -
				   log((c->neg + NB_ALPHA) / (n_neg + 2 * NB_ALPHA));
	}
	/* The words pointing the same way as the total, strongest first;
	 * ties go to the earlier word so the choice is stable. */
	for (size_t k = 0; k < 3; k++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < signals->token_count; i++) {
			int taken = 0;
			for (size_t j = 0; j < out->top_count; j++)
				taken |= out->top[j] == i;
			double r = out->toward_accept ? ratio[i] : -ratio[i];
			if (taken || r <= 0.3)
				continue;
			if (best == SIZE_MAX || r > (out->toward_accept ? ratio[best] : -ratio[best]))
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

double tact_model_score(const struct tact_model *model, const struct tact_signals *signals,
			const struct tact_model_words *words, double mutual_level)
{
	double z = model->bias + words->contribution + model->w_mutual * mutual_level;

	for (size_t i = 0; i < signals->hit_count; i++)
		z += model->w[signals->hits[i].rule];
	return z;
}
