/*
 * text_eval: scores Tact's word model (tact/model.h: the learned weights
 * of the words tact/rules.h extracts, summed and capped as in triage) on
 * public spam corpora, as a learning curve.
 *
 *   node to_jsonl.js | text_eval
 *
 * Input: JSON lines {"set","label","text"}. For each set and each training
 * size n (balanced), five seeded draws: fit on n documents, rank 1,500
 * held-out documents at the corpus' natural mix, report the area under the
 * ROC curve. Deterministic: the same input gives the same table.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tact/model.h"
#include "tact/rules.h"
#include "tact/stats.h"

#define LINE_MAX_BYTES (1u << 20)
#define TEST_DOCS 1500u
#define SEEDS 5u

struct doc {
	uint64_t tokens[TACT_RULES_TOKENS_MAX];
	size_t token_count;
	int label;
};

struct set {
	char name[32];
	struct doc *docs;
	size_t count;
	size_t cap;
};

static uint64_t fnv(void *ctx, const char *word, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * 1099511628211ull;
	return h;
}

/* xorshift64*: a fixed, portable sequence for the draws. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void shuffle(size_t *idx, size_t n, uint64_t *seed)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(next_random(seed) % i);
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

static struct set *find_set(struct set *sets, size_t *count, const char *name)
{
	for (size_t i = 0; i < *count; i++) {
		if (strcmp(sets[i].name, name) == 0)
			return &sets[i];
	}
	if (*count == 8)
		return NULL;
	memset(&sets[*count], 0, sizeof(sets[0]));
	snprintf(sets[*count].name, sizeof(sets[0].name), "%s", name);
	return &sets[(*count)++];
}

static int add_doc(struct set *set, const char *text, int label)
{
	struct tact_invitation inv = {"doc", "person", "x", "", "", text, "", "", -1, 0, -1};
	struct tact_rules_profile profile;
	struct tact_signals *signals = calloc(1, sizeof(*signals));
	struct doc *d;

	if (signals == NULL)
		return -1;
	if (set->count == set->cap) {
		set->cap = set->cap == 0 ? 1024 : set->cap * 2;
		set->docs = realloc(set->docs, set->cap * sizeof(*set->docs));
		if (set->docs == NULL)
			return -1;
	}
	memset(&profile, 0, sizeof(profile));
	struct tact_rules_facts facts = {0, 0, 0, 0, 0, NULL};
	if (tact_rules_evaluate(&inv, &profile, &facts, fnv, NULL, signals) != TACT_OK) {
		free(signals);
		return -1;
	}
	d = &set->docs[set->count++];
	memcpy(d->tokens, signals->tokens, signals->token_count * sizeof(uint64_t));
	d->token_count = signals->token_count;
	d->label = label;
	free(signals);
	return 0;
}

static double one_run(const struct set *set, size_t n, uint64_t seed)
{
	size_t *idx = malloc(set->count * sizeof(*idx));
	struct tact_example *train = calloc(n, sizeof(*train));
	struct tact_scored *scores = calloc(TEST_DOCS, sizeof(*scores));
	struct tact_signals *signals = calloc(1, sizeof(*signals));
	struct tact_model *model = tact_model_new();
	size_t want[2] = {n / 2, n - n / 2};
	size_t got = 0;
	size_t tested = 0;
	double result = NAN;

	if (idx == NULL || train == NULL || scores == NULL || signals == NULL || model == NULL)
		goto out;
	for (size_t i = 0; i < set->count; i++)
		idx[i] = i;
	shuffle(idx, set->count, &seed);
	for (size_t i = 0; i < set->count; i++) {
		const struct doc *d = &set->docs[idx[i]];
		if (got < n && want[d->label] > 0) {
			want[d->label]--;
			memcpy(train[got].tokens, d->tokens, d->token_count * sizeof(uint64_t));
			train[got].token_count = d->token_count;
			train[got].label = d->label;
			got++;
		} else if (tested < TEST_DOCS) {
			idx[tested++] = idx[i]; /* the front of the array becomes the test list */
		}
	}
	if (tact_model_fit(model, train, got) != TACT_OK)
		goto out;
	for (size_t i = 0; i < tested; i++) {
		const struct doc *d = &set->docs[idx[i]];
		struct tact_model_words words;
		memset(signals, 0, sizeof(*signals));
		memcpy(signals->tokens, d->tokens, d->token_count * sizeof(uint64_t));
		signals->token_count = d->token_count;
		tact_model_words(model, signals, &words);
		scores[i].score = words.contribution;
		scores[i].label = d->label;
	}
	result = tact_stats_auc(scores, tested);
out:
	tact_model_free(model);
	free(signals);
	free(scores);
	free(train);
	free(idx);
	return result;
}

int main(void)
{
	static const size_t sizes[] = {50, 100, 200};
	struct set sets[8];
	size_t set_count = 0;
	char *line = malloc(LINE_MAX_BYTES);

	if (line == NULL)
		return 1;
	while (fgets(line, LINE_MAX_BYTES, stdin) != NULL) {
		json_object *doc = json_tokener_parse(line);
		json_object *v = NULL;
		if (doc == NULL)
			continue;
		const char *name = json_object_object_get_ex(doc, "set", &v) ? json_object_get_string(v) : "";
		int label = json_object_object_get_ex(doc, "label", &v) ? json_object_get_int(v) : 0;
		const char *text = json_object_object_get_ex(doc, "text", &v) ? json_object_get_string(v) : "";
		struct set *set = find_set(sets, &set_count, name);
		if (set != NULL && add_doc(set, text, label != 0) != 0) {
			json_object_put(doc);
			return 1;
		}
		json_object_put(doc);
	}
	free(line);
	printf("| corpus | documents | training size | AUC (mean of %u draws) | min | max |\n", SEEDS);
	printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
	for (size_t s = 0; s < set_count; s++) {
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			double sum = 0;
			double lo = 1;
			double hi = 0;
			for (unsigned seed = 1; seed <= SEEDS; seed++) {
				double a = one_run(&sets[s], sizes[k], 0x9e3779b97f4a7c15ull * seed);
				sum += a;
				lo = fmin(lo, a);
				hi = fmax(hi, a);
			}
			printf("| %s | %zu | %zu | %.3f | %.3f | %.3f |\n", sets[s].name, sets[s].count,
			       sizes[k], sum / SEEDS, lo, hi);
		}
		free(sets[s].docs);
	}
	return 0;
}
