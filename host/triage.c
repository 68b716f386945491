#include "tact/triage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/dispatch.h"
#include "tact/history.h"
#include "tact/json.h"
#include "tact/keys.h"
#include "tact/log.h"
#include "tact/messages.h"
#include "tact/model.h"
#include "tact/notes.h"
#include "tact/param.h"
#include "tact/profile.h"
#include "tact/replies.h"
#include "tact/rules.h"
#include "tact/strictjson.h"

/* Accept and Ignore need the log-odds past these; between is Review. */
/* Where the score turns into a bucket, by the profile's strictness:
 * relaxed suggests Accept sooner and Ignore later, strict the other way. */
static const double accept_at[] = {0.4, 1.1, 1.8};
static const double ignore_at[] = {-1.8, -1.1, -0.4};
#define REASONS_SHOWN 5u
/* A learned move of the accept log-odds at least this large is named. */
#define PULL_EXPLAINED 0.5
#define SECONDS_PER_DAY 86400

struct tact_triage {
	struct tact_store *store; /* borrowed */
	struct tact_keys *keys;
	struct tact_model *model;
	int64_t model_mark;       /* decisions the model was fitted on; -1 = never */
	int64_t data_version;	  /* PRAGMA data_version when the mark was last checked */
	int decided;		  /* this connection recorded a decision since then */
	int notes_closed;	  /* during a batch: no vault, or a locked one (checked once) */
	json_object *profile;
	struct tact_vault *vault; /* borrowed; for "do you keep a note about them" */
	struct tact_rules_profile folded;
	int64_t withdraw_days;
	int strictness;           /* index into tact_profile_strictness */
	const char *signature;    /* borrowed from profile; "" for none */
	enum tact_lang lang;      /* during a batch: the language of reasons, badges, advice */
};

/* The settings the profile carries for triage itself. */
static void use_settings(struct tact_triage *t)
{
	json_object *v = NULL;
	const char *name;

	t->strictness = TACT_PROFILE_BALANCED;
	t->signature = "";
	if (json_object_object_get_ex(t->profile, "strictness", &v) && (name = json_object_get_string(v)) != NULL) {
		for (int i = 0; tact_profile_strictness[i] != NULL; i++)
			if (strcmp(name, tact_profile_strictness[i]) == 0)
				t->strictness = i;
	}
	if (json_object_object_get_ex(t->profile, "signature", &v) && json_object_get_string(v) != NULL)
		t->signature = json_object_get_string(v);
}

static const char *const kinds[] = {"person", "page", "newsletter", "event", "group", NULL};

/* --- set-up ------------------------------------------------------------------------------ */

enum tact_err tact_triage_reload_profile(struct tact_triage *triage)
{
	json_object *profile = NULL;
	enum tact_err err = tact_profile_load(triage->store, triage->keys, &profile);

	if (err != TACT_OK)
		return err;
	json_object_put(triage->profile);
	triage->profile = profile;
	tact_rules_profile_load(profile, &triage->folded);
	use_settings(triage);
	return TACT_OK;
}

json_object *tact_triage_profile(const struct tact_triage *triage)
{
	return triage->profile;
}

enum tact_err tact_triage_save_profile(struct tact_triage *triage, json_object *profile)
{
	enum tact_err err = tact_profile_save(triage->store, triage->keys, profile);

	if (err != TACT_OK)
		return err;
	return tact_triage_use_profile(triage, profile);
}

void tact_triage_use_vault(struct tact_triage *triage, struct tact_vault *vault)
{
	triage->vault = vault;
}

enum tact_err tact_triage_use_profile(struct tact_triage *triage, json_object *profile)
{
	json_object_put(triage->profile);
	triage->profile = json_object_get(profile);
	tact_rules_profile_load(profile, &triage->folded);
	use_settings(triage);
	return TACT_OK;
}

/* Whether the database holds no record sealed under install.key yet, so a
 * missing key may be made anew. */
static enum tact_err nothing_sealed(struct tact_store *store, int *empty)
{
	int64_t any = 0;
	enum tact_err err = tact_store_query_int(
	    store, "SELECT EXISTS (SELECT 1 FROM invitations) OR EXISTS (SELECT 1 FROM decisions)",
	    &any);

	*empty = err == TACT_OK && any == 0;
	return err;
}

enum tact_err tact_triage_open(struct tact_store *store, const char *data_dir,
			       const struct tact_config *config, struct tact_triage **out)
{
	struct tact_triage *t = calloc(1, sizeof(*t));
	int empty = 0;
	enum tact_err err;

	*out = NULL;
	if (t == NULL)
		return TACT_ERR_NOMEM;
	t->store = store;
	t->model_mark = -1;
	t->strictness = TACT_PROFILE_BALANCED;
	t->signature = "";
	t->withdraw_days = tact_config_int(config, "withdraw_after_days", 7, 3650,
					   TACT_TRIAGE_WITHDRAW_DAYS_DEFAULT);
	t->model = tact_model_new();
	if (t->model == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = nothing_sealed(store, &empty);
	if (err != TACT_OK)
		goto out;
	err = tact_keys_open(data_dir, empty, &t->keys);
	if (err != TACT_OK)
		goto out;
	err = tact_triage_reload_profile(t);
	if (err != TACT_OK)
		goto out;
	*out = t;
	t = NULL;
out:
	tact_triage_free(t);
	return err;
}

void tact_triage_free(struct tact_triage *triage)
{
	if (triage == NULL)
		return;
	tact_keys_free(triage->keys);
	tact_model_free(triage->model);
	json_object_put(triage->profile);
	free(triage);
}

static uint64_t word_hash(void *ctx, const char *word, size_t len)
{
	return tact_keys_word_hash(ctx, word, len);
}

/* --- learning ------------------------------------------------------------------------------ */

struct loader {
	struct tact_example *examples;
	size_t count;
	size_t cap;
	struct tact_model *model;
};

static enum tact_err load_decision(void *ctx, const char *decision, const char *rules,
				   const uint64_t *tokens, size_t token_count)
{
	struct loader *l = ctx;
	struct tact_example *ex;

	if (strcmp(decision, "report_scam") == 0 || strcmp(decision, "not_scam") == 0)
		return tact_model_add_scam_example(l->model, tokens, token_count,
						   strcmp(decision, "report_scam") == 0);
	if (l->count == l->cap) {
		size_t cap = l->cap == 0 ? 64 : l->cap * 2;
		struct tact_example *grown = realloc(l->examples, cap * sizeof(*grown));
		if (grown == NULL)
			return TACT_ERR_NOMEM;
		l->examples = grown;
		l->cap = cap;
	}
	ex = &l->examples[l->count++];
	memset(ex, 0, sizeof(*ex));
	ex->label = strcmp(decision, "accepted") == 0;
	if (token_count > TACT_RULES_TOKENS_MAX)
		token_count = TACT_RULES_TOKENS_MAX;
	memcpy(ex->tokens, tokens, token_count * sizeof(uint64_t));
	ex->token_count = token_count;
	/* rules is a comma-separated list of rule codes, and "mutuals=N". */
	const char *mut = strstr(rules, "mutuals=");
	if (mut != NULL)
		ex->mutual_level = tact_model_mutual_level(strtoll(mut + 8, NULL, 10));
	for (int r = 0; r < TACT_RULE_COUNT; r++) {
		const char *code = tact_rules_info((enum tact_rule)r)->code;
		size_t n = strlen(code);
		for (const char *p = rules; p != NULL && *p != '\0';) {
			const char *comma = strchr(p, ',');
			size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
			if (len == n && strncmp(p, code, n) == 0)
				ex->rules[r] = 1;
			p = comma != NULL ? comma + 1 : NULL;
		}
	}
	return TACT_OK;
}

/* Refits the model when decisions changed since the last fit. */
static enum tact_err refresh_model(struct tact_triage *t)
{
	struct loader l = {NULL, 0, 0, NULL};
	struct tact_model *model = NULL;
	int64_t mark = 0;
	int64_t version = 0;
	enum tact_err err = tact_store_data_version(t->store, &version);

	/* Nothing committed by another connection, no decision by this one:
	 * the decisions are those the model was fitted on. */
	if (err != TACT_OK || (t->model_mark >= 0 && !t->decided && version == t->data_version))
		return err;
	/* Another connection wrote: the user may have changed the profile
	 * there (the options page of another browser, the command line). */
	if (t->model_mark >= 0 && version != t->data_version) {
		err = tact_triage_reload_profile(t);
		if (err != TACT_OK)
			return err;
	}
	err = tact_history_decision_mark(t->store, &mark);
	if (err != TACT_OK || mark == t->model_mark) {
		if (err == TACT_OK) {
			t->data_version = version;
			t->decided = 0;
		}
		return err;
	}
	model = tact_model_new();
	if (model == NULL)
		return TACT_ERR_NOMEM;
	l.model = model;
	err = tact_history_each_decision(t->store, load_decision, &l);
	if (err == TACT_OK)
		err = tact_model_fit(model, l.examples, l.count);
	free(l.examples);
	if (err != TACT_OK) {
		tact_model_free(model);
		return err;
	}
	tact_model_free(t->model);
	t->model = model;
	t->model_mark = mark;
	t->data_version = version;
	t->decided = 0;
	return TACT_OK;
}

/* --- reading an invitation --------------------------------------------------------------- */

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

static int days_from_civil(int64_t y, int64_t m, int64_t d, int64_t *days)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + doe - 719468;
	return 1;
}

int tact_triage_parse_time(const char *text, int64_t *out)
{
	int y, mo, d, h, mi, s;
	int consumed = 0;
	int64_t days;
	const char *rest;

	*out = 0;
	if (text == NULL || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s,
				   &consumed) != 6 || consumed != 19)
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
		return 0;
	rest = text + consumed;
	if (*rest == '.') {
		rest++;
		while (*rest >= '0' && *rest <= '9')
			rest++;
	}
	days_from_civil(y, mo, d, &days);
	*out = days * SECONDS_PER_DAY + h * 3600 + mi * 60 + s;
	if (*rest == 'Z' && rest[1] == '\0')
		return 1;
	if ((*rest == '+' || *rest == '-') && strlen(rest) == 6 && rest[3] == ':') {
		int oh = 0;
		int om = 0;
		if (sscanf(rest + 1, "%2d:%2d", &oh, &om) != 2 || oh > 23 || om > 59)
			return 0;
		*out -= (*rest == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		return 1;
	}
	*out = 0;
	return 0;
}

static enum tact_err parse_invitation(json_object *obj, size_t index, struct tact_invitation *inv,
				      char *why)
{
	char field_why[TACT_WHY_MAX];
	const char *s;
	int64_t n = 0;
	int present = 0;
	int kind = 0;
	json_object *names = NULL;
	enum tact_err err;

	memset(inv, 0, sizeof(*inv));
	inv->mutuals = -1;
	inv->has_photo = -1;
#define CHECK(expr)                                                                          \
	do {                                                                                 \
		err = (expr);                                                                \
		if (err != TACT_OK)                                                          \
			goto fail;                                                           \
	} while (0)
	if (!json_object_is_type(obj, json_type_object)) {
		snprintf(field_why, sizeof(field_why), "it must be an object");
		err = TACT_ERR_BAD_REQUEST;
		goto fail_plain;
	}
	CHECK(tact_param_string(obj, "key", TACT_PARAM_REQUIRED, TACT_TRIAGE_KEY_MAX, &inv->key,
				field_why, sizeof(field_why)));
	if (inv->key[0] == '\0') {
		snprintf(field_why, sizeof(field_why), "Field \"key\" must not be empty.");
		err = TACT_ERR_BAD_REQUEST;
		goto fail;
	}
	CHECK(tact_param_enum(obj, "kind", TACT_PARAM_OPTIONAL, kinds, &kind, field_why,
			      sizeof(field_why)));
	inv->kind = kinds[kind < 0 ? 0 : kind];
	CHECK(tact_param_string(obj, "name", TACT_PARAM_REQUIRED, TACT_TRIAGE_NAME_MAX, &inv->name,
				field_why, sizeof(field_why)));
	CHECK(tact_param_string(obj, "headline", TACT_PARAM_OPTIONAL, TACT_TRIAGE_HEADLINE_MAX, &s,
				field_why, sizeof(field_why)));
	inv->headline = or_empty(s);
	CHECK(tact_param_string(obj, "profile_url", TACT_PARAM_OPTIONAL, TACT_TRIAGE_KEY_MAX, &s,
				field_why, sizeof(field_why)));
	inv->profile_url = or_empty(s);
	CHECK(tact_param_string(obj, "message", TACT_PARAM_OPTIONAL, TACT_TRIAGE_MESSAGE_MAX, &s,
				field_why, sizeof(field_why)));
	inv->message = or_empty(s);
	CHECK(tact_param_string(obj, "received_text", TACT_PARAM_OPTIONAL, TACT_TRIAGE_SHORT_MAX,
				&s, field_why, sizeof(field_why)));
	inv->received_text = or_empty(s);
	CHECK(tact_param_string(obj, "received_at", TACT_PARAM_OPTIONAL, TACT_TRIAGE_SHORT_MAX, &s,
				field_why, sizeof(field_why)));
	inv->received_at = or_empty(s);
	if (inv->received_at[0] != '\0' && !tact_triage_parse_time(inv->received_at, &n)) {
		snprintf(field_why, sizeof(field_why),
			 "Field \"received_at\" must be an ISO 8601 time such as "
			 "\"2026-11-20T08:00:00Z\".");
		err = TACT_ERR_BAD_REQUEST;
		goto fail;
	}
	CHECK(tact_param_int(obj, "mutual_connections", TACT_PARAM_OPTIONAL, 0,
			     TACT_TRIAGE_MUTUALS_MAX, &n, &present, field_why, sizeof(field_why)));
	if (present)
		inv->mutuals = n;
	CHECK(tact_param_string_list(obj, "mutual_names", TACT_PARAM_OPTIONAL,
				     TACT_TRIAGE_MUTUAL_NAMES_MAX, TACT_TRIAGE_NAME_MAX, &names,
				     field_why, sizeof(field_why)));
	inv->mutual_name_count = names != NULL ? json_object_array_length(names) : 0;
	if (json_object_object_get_ex(obj, "has_photo", NULL) &&
	    json_object_object_get(obj, "has_photo") != NULL) {
		int photo = 0;
		CHECK(tact_param_bool(obj, "has_photo", 0, &photo, field_why, sizeof(field_why)));
		inv->has_photo = photo;
	}
#undef CHECK
	return TACT_OK;
fail:
fail_plain:
	snprintf(why, TACT_WHY_MAX, "Invitation %zu: %.440s", index, field_why);
	return err;
}

/* --- one result -------------------------------------------------------------------------- */

struct reason {
	char code[40];
	char text[640];
	double weight;
	char evidence[TACT_EVIDENCE_MAX * 3];
};

/* Where a card kind other than "person" stands among the messages that
 * come in page, event, newsletter, group order; -1 for a person. */
static int kind_offset(const char *kind)
{
	static const char *const order[] = {"page", "event", "newsletter", "group"};

	for (int i = 0; i < 4; i++) {
		if (strcmp(kind, order[i]) == 0)
			return i;
	}
	return -1;
}

static void reason_text(enum tact_rule rule, const char *evidence, enum tact_lang lang, char *out,
			size_t cap)
{
	const char *tmpl = tact_messages_rule_reason(rule, lang);

	if (rule == TACT_RULE_NOT_A_PERSON && kind_offset(evidence) >= 0)
		tmpl = tact_messages_text(
			(enum tact_msg)(TACT_MSG_NOT_PERSON_PAGE + kind_offset(evidence)), lang);
	/* Page text goes in as data: never as a template. */
	tact_messages_fill(out, cap, tmpl, &evidence, 1);
}

static int by_weight(const void *a, const void *b)
{
	const struct reason *x = a;
	const struct reason *y = b;
	double ax = fabs(x->weight);
	double ay = fabs(y->weight);

	if (ax != ay)
		return ax < ay ? 1 : -1;
	return strcmp(x->code, y->code);
}

/* A number with at most `decimals` decimals, printed as written: json-c
 * would otherwise print 2.6 as 2.6000000000000001. */
static json_object *short_double(double v, int decimals)
{
	char text[32];
	double scale = pow(10.0, decimals);

	if (!isfinite(v))
		v = 0.0; /* JSON has no NaN; the model guards against it anyway */
	v = round(v * scale) / scale;
	snprintf(text, sizeof(text), "%.*f", decimals, v);
	/* Drop trailing zeros, keeping one digit after the point. */
	size_t n = strlen(text);
	while (n > 2 && text[n - 1] == '0' && text[n - 2] != '.')
		text[--n] = '\0';
	if (strcmp(text, "-0.0") == 0)
		snprintf(text, sizeof(text), "0.0");
	return json_object_new_double_s(v, text);
}

static json_object *reason_json(const struct reason *r, int counter)
{
	json_object *o = json_object_new_object();

	tact_json_set(o, "code", json_object_new_string(r->code));
	tact_json_set(o, "text", json_object_new_string(r->text));
	tact_json_set(o, "weight", short_double(r->weight, 2));
	tact_json_set(o, "evidence", json_object_new_string(r->evidence));
	if (counter)
		tact_json_set(o, "counter", json_object_new_boolean(1));
	return o;
}

static void add_badge(json_object *badges, const char *id, const char *label, const char *tone)
{
	json_object *b = json_object_new_object();

	tact_json_set(b, "id", json_object_new_string(id));
	tact_json_set(b, "label", json_object_new_string(label));
	tact_json_set(b, "tone", json_object_new_string(tone));
	tact_json_push(badges, b);
}

static int has_rule(const struct tact_signals *s, enum tact_rule rule)
{
	for (size_t i = 0; i < s->hit_count; i++) {
		if (s->hits[i].rule == rule)
			return 1;
	}
	return 0;
}

struct verdict {
	const char *bucket;
	int suspicious;
	double z;          /* accept log-odds */
	double confidence;
	int blocked_scam;  /* scam signs, but legitimacy outweighed them */
	int cleared;       /* the user said: not a scam */
	struct tact_model_words words;
	struct tact_model_pull pull;
	size_t scam_words;
	size_t scam_word_index;
};

static void decide_bucket(const struct tact_triage *t, const struct tact_invitation *inv,
			  const struct tact_signals *s, const struct tact_history_entry *hist,
			  struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	tact_model_words(t->model, s, &v->words);
	v->z = tact_model_score(t->model, s, &v->words, tact_model_mutual_level(inv->mutuals));
	tact_model_pull(t->model, s, v->z, &v->pull);
	v->scam_words = tact_model_scam_words(t->model, s, &v->scam_word_index);
	v->cleared = hist->not_scam;

	size_t families = s->families + (v->scam_words >= 2 ? 1u : 0u);
	int scammy = s->critical || families >= 2;
	if (scammy && !v->cleared) {
		if (s->critical || !s->strong_legit) {
			v->suspicious = 1;
		} else {
			v->blocked_scam = 1;
		}
	}
	if (hist->reported_scam && !v->cleared)
		v->suspicious = 1;

	double p = 1.0 / (1.0 + exp(-v->z));
	if (v->suspicious) {
		v->bucket = "ignore";
		/* More independent families, more certainty; never certain. */
		v->confidence = fmin(0.99, 0.80 + 0.06 * (double)families + (s->critical ? 0.08 : 0));
		return;
	}
	if (v->z >= accept_at[t->strictness])
		v->bucket = "accept";
	else if (v->z <= ignore_at[t->strictness])
		v->bucket = "ignore";
	else
		v->bucket = "review";
	/* Pages, newsletters, events and groups, and anything with a sign of a
	 * scam, are never accepted without a look. */
	if (strcmp(v->bucket, "accept") == 0 &&
	    (strcmp(inv->kind, "person") != 0 || (s->families > 0 && !v->cleared) ||
	     v->blocked_scam))
		v->bucket = "review";
	if (strcmp(v->bucket, "accept") == 0)
		v->confidence = fmin(0.99, p); /* a guess from a card is never certain */
	else if (strcmp(v->bucket, "ignore") == 0)
		v->confidence = fmin(0.99, 1.0 - p);
	else
		v->confidence = 1.0 - fabs(p - 0.5); /* sure it needs a look when p is near 0.5 */
}

static const char *confidence_word(double c)
{
	return c >= 0.85 ? "high" : c >= 0.65 ? "medium" : "low";
}

/* The reply language: the invitation's if supported, else the user's. */
static const char *reply_language(const struct tact_triage *t, const struct tact_signals *s)
{
	static char locale[3];

	if (s->lang != NULL && tact_replies_is_language(s->lang))
		return s->lang;
	snprintf(locale, sizeof(locale), "%.2s", t->folded.locale);
	return tact_replies_is_language(locale) ? locale : "en";
}

static void my_first_name(const struct tact_triage *t, char *out, size_t cap)
{
	json_object *name = NULL;
	const char *full = "";

	if (json_object_object_get_ex(t->profile, "name", &name) && json_object_get_string(name))
		full = json_object_get_string(name);
	size_t n = strcspn(full, " ");
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)full[n] & 0xc0) == 0x80)
			n--; /* never cut a character */
	}
	memcpy(out, full, n);
	out[n] = '\0';
}

/* Which of the equally good reply wordings a person gets: a plain FNV-1a
 * hash of the key, so it is the same on every install. */
static unsigned key_variant(const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return (unsigned)h;
}

/* The reply with the user's signature, when there is one, as its last
 * paragraph (the template then has no sign-off of its own: see
 * choose_replies). */
static enum tact_err add_reply(json_object *replies, const char *intent, const char *lang,
			       const struct tact_reply_vars *vars, unsigned variant,
			       const char *signature)
{
	char *text = NULL;
	const char *used = NULL;
	enum tact_err err = tact_replies_render(intent, lang, vars, variant, &text, &used);
	json_object *r;

	if (err != TACT_OK)
		return err;
	if (signature[0] != '\0') {
		size_t n = strlen(text), m = strlen(signature);
		char *signed_text = realloc(text, n + 2 + m + 1);
		if (signed_text == NULL) {
			free(text);
			return TACT_ERR_NOMEM;
		}
		memcpy(signed_text + n, "\n\n", 2);
		memcpy(signed_text + n + 2, signature, m + 1);
		text = signed_text;
	}
	r = json_object_new_object();
	tact_json_set(r, "id", json_object_new_string(intent));
	tact_json_set(r, "intent", json_object_new_string(intent));
	tact_json_set(r, "lang", json_object_new_string(used));
	tact_json_set(r, "text", json_object_new_string(text));
	tact_json_set(r, "length", json_object_new_int64((int64_t)tact_replies_char_count(text)));
	tact_json_push(replies, r);
	free(text);
	return TACT_OK;
}

/* The etiquette: a message is owed for a personal note, an existing
 * relationship or an important contact; mass invitations need none. */
static enum tact_err choose_replies(const struct tact_triage *t, const struct tact_invitation *inv,
				    const struct tact_signals *s, const struct verdict *v,
				    const char *only_intent, json_object *replies,
				    json_object *advice)
{
	struct tact_reply_vars vars;
	char me[64];
	const char *lang = reply_language(t, s);
	unsigned variant = key_variant(inv->key);
	const char *intents[6];
	size_t n = 0;
	int relationship = has_rule(s, TACT_RULE_SHARED_EMPLOYER_CURRENT) ||
			   has_rule(s, TACT_RULE_SHARED_EMPLOYER_PAST) ||
			   has_rule(s, TACT_RULE_SHARED_SCHOOL) || has_rule(s, TACT_RULE_KNOWN_CONTACT) ||
			   has_rule(s, TACT_RULE_PREVIOUSLY_CONNECTED);
	int personal = has_rule(s, TACT_RULE_NOTE_PERSONAL);
	int important = inv->mutuals >= 20;
	/* A recruiter asking for a chat is doing their job, not selling. */
	int pitch = !has_rule(s, TACT_RULE_RECRUITER) &&
		    (has_rule(s, TACT_RULE_PITCH_MEETING) || has_rule(s, TACT_RULE_PITCH_VALUE) ||
		     has_rule(s, TACT_RULE_PITCH_SERVICES));
	int wrote = inv->message[0] != '\0' && !has_rule(s, TACT_RULE_NOTE_TEMPLATE);
	const char *why;
	int needed;

	my_first_name(t, me, sizeof(me));
	memset(&vars, 0, sizeof(vars));
	vars.first_name = s->first_name;
	vars.company = s->company;
	vars.event = s->event;
	/* The user's own closing line replaces Tact's sign-off with their name. */
	vars.my_name = t->signature[0] != '\0' ? NULL : me;

	if (only_intent != NULL) {
		intents[n++] = only_intent;
		needed = 1;
		why = tact_messages_text(TACT_MSG_ADVICE_ASKED, t->lang);
	} else if (v->suspicious) {
		needed = 0;
		why = tact_messages_text(TACT_MSG_ADVICE_SCAM, t->lang);
	} else if (has_rule(s, TACT_RULE_REPEAT_AFTER_IGNORE)) {
		intents[n++] = "formal_decline";
		needed = 1;
		why = tact_messages_text(TACT_MSG_ADVICE_REPEAT, t->lang);
	} else if (strcmp(inv->kind, "person") != 0) {
		needed = 0;
		why = tact_messages_text(TACT_MSG_ADVICE_NOT_PERSON, t->lang);
	} else if (strcmp(v->bucket, "accept") == 0) {
		if (s->event[0] != '\0')
			intents[n++] = "met_event";
		if (personal)
			intents[n++] = "welcome_note";
		if (personal || relationship || important)
			intents[n++] = "thanks_follow_up";
		needed = n > 0;
		why = tact_messages_text(needed ? TACT_MSG_ADVICE_AFTER_ACCEPT
						: TACT_MSG_ADVICE_ACCEPT_ENOUGH,
					 t->lang);
	} else if (pitch && !relationship) {
		needed = 0;
		why = tact_messages_text(TACT_MSG_ADVICE_SALES, t->lang);
	} else if (personal || relationship || important || wrote) {
		if (has_rule(s, TACT_RULE_COMPANY_BURST))
			intents[n++] = "company_burst";
		if (!relationship)
			intents[n++] = "how_know";
		intents[n++] = "not_now";
		if (has_rule(s, TACT_RULE_OUTSIDE_FIELD))
			intents[n++] = "own_field";
		else if (!relationship)
			intents[n++] = "only_known";
		needed = 1;
		why = tact_messages_text(personal || wrote ? TACT_MSG_ADVICE_PERSONAL
							   : TACT_MSG_ADVICE_HISTORY,
					 t->lang);
	} else {
		if (has_rule(s, TACT_RULE_COMPANY_BURST))
			intents[n++] = "company_burst";
		needed = 0;
		why = tact_messages_text(TACT_MSG_ADVICE_MASS, t->lang);
	}
	for (size_t i = 0; i < n; i++) {
		enum tact_err err = add_reply(replies, intents[i], lang, &vars, variant, t->signature);
		if (err != TACT_OK)
			return err;
	}
	tact_json_set(advice, "needed", json_object_new_boolean(needed));
	tact_json_set(advice, "text", json_object_new_string(why));
	return TACT_OK;
}

static json_object *history_json(const struct tact_history_entry *h, int64_t now)
{
	json_object *o = json_object_new_object();
	char buf[32];

	tact_history_iso8601(h->known ? h->first_seen : now, buf, sizeof(buf));
	tact_json_set(o, "first_seen", json_object_new_string(buf));
	tact_json_set(o, "times_seen", json_object_new_int64(h->known ? h->times_seen + 1 : 1));
	tact_json_set(o, "previous_decision",
		      h->decision[0] != '\0' ? json_object_new_string(h->decision) : NULL);
	return o;
}

/* Whether what Tact learned moved this score enough to say so, beyond
 * what the learned-words reason already says. */
static int learned_pull_shown(const struct verdict *v)
{
	int words_shown = fabs(v->words.contribution) >= 0.4 && v->words.top_count > 0;

	if (fabs(v->pull.learned) < PULL_EXPLAINED)
		return 0;
	return !words_shown || (v->words.contribution > 0) != v->pull.toward_accept ||
	       fabs(v->pull.learned - v->words.contribution) >= PULL_EXPLAINED;
}

static void learned_pull_text(const struct tact_model_pull *pull, size_t decided,
			      enum tact_lang lang, char *evidence, size_t evidence_cap, char *text,
			      size_t text_cap)
{
	const char *who = pull->has_rule ? tact_messages_rule_people(pull->rule, lang) : NULL;
	char count[24];
	char all[24];
	enum tact_msg msg;

	snprintf(count, sizeof(count), "%zu", pull->decisions);
	snprintf(all, sizeof(all), "%zu", decided);
	if (who != NULL) {
		snprintf(evidence, evidence_cap, "%s", tact_rules_info(pull->rule)->code);
		msg = pull->decisions == 1 ? (pull->toward_accept ? TACT_MSG_LEARNED_RULE_ACCEPTED_ONE
								  : TACT_MSG_LEARNED_RULE_IGNORED_ONE)
					   : (pull->toward_accept ? TACT_MSG_LEARNED_RULE_ACCEPTED
								  : TACT_MSG_LEARNED_RULE_IGNORED);
		const char *args[] = {who, count};
		tact_messages_fill(text, text_cap, tact_messages_text(msg, lang), args, 2);
	} else {
		evidence[0] = '\0';
		msg = pull->toward_accept ? TACT_MSG_LEARNED_ALL_ACCEPTED : TACT_MSG_LEARNED_ALL_IGNORED;
		const char *args[] = {count, all};
		tact_messages_fill(text, text_cap, tact_messages_text(msg, lang), args, 2);
	}
}

static void build_reasons(const struct tact_triage *t, const struct tact_signals *s,
			  const struct verdict *v, json_object *out)
{
	struct reason all[TACT_RULES_HITS_MAX + 3];
	size_t n = 0;
	double direction = strcmp(v->bucket, "accept") == 0   ? 1.0
			   : strcmp(v->bucket, "ignore") == 0 ? -1.0
			   : v->z >= 0			      ? 1.0
							      : -1.0;

	for (size_t i = 0; i < s->hit_count; i++) {
		const struct tact_rule_info *info = tact_rules_info(s->hits[i].rule);
		struct reason *r = &all[n];
		if (v->cleared && info->family != TACT_FAMILY_NONE)
			continue;
		snprintf(r->code, sizeof(r->code), "%s", info->code);
		reason_text(s->hits[i].rule, s->hits[i].evidence, t->lang, r->text, sizeof(r->text));
		r->weight = tact_model_weight(t->model, s->hits[i].rule);
		snprintf(r->evidence, sizeof(r->evidence), "%s", s->hits[i].evidence);
		if (fabs(r->weight) < 0.05 && info->family == TACT_FAMILY_NONE &&
		    s->hits[i].rule != TACT_RULE_STUDENT)
			continue;
		n++;
	}
	if (fabs(v->words.contribution) >= 0.4 && v->words.top_count > 0) {
		struct reason *r = &all[n++];
		size_t used = 0;
		snprintf(r->code, sizeof(r->code), "learned_taste");
		r->weight = v->words.contribution;
		r->evidence[0] = '\0';
		for (size_t i = 0; i < v->words.top_count; i++) {
			int w = snprintf(r->evidence + used, sizeof(r->evidence) - used, "%s%s",
					 i > 0 ? ", " : "", s->token_text[v->words.top[i]]);
			if (w > 0 && (size_t)w < sizeof(r->evidence) - used)
				used += (size_t)w;
		}
		char count[24];
		snprintf(count, sizeof(count), "%zu", v->words.similar);
		enum tact_msg msg = v->words.similar == 1
					    ? (v->words.toward_accept ? TACT_MSG_LEARNED_WORDS_ACCEPTED_ONE
								      : TACT_MSG_LEARNED_WORDS_IGNORED_ONE)
					    : (v->words.toward_accept ? TACT_MSG_LEARNED_WORDS_ACCEPTED
								      : TACT_MSG_LEARNED_WORDS_IGNORED);
		const char *args[] = {count, r->evidence};
		tact_messages_fill(r->text, sizeof(r->text), tact_messages_text(msg, t->lang), args, 2);
	}
	if (learned_pull_shown(v)) {
		struct reason *r = &all[n++];
		snprintf(r->code, sizeof(r->code), "learned_pull");
		r->weight = v->pull.learned;
		learned_pull_text(&v->pull, tact_model_decisions(t->model), t->lang, r->evidence, sizeof(r->evidence),
				  r->text, sizeof(r->text));
	}
	if (v->scam_words >= 2) {
		struct reason *r = &all[n++];
		snprintf(r->code, sizeof(r->code), "learned_scam");
		r->weight = -2.0;
		snprintf(r->evidence, sizeof(r->evidence), "%s", s->token_text[v->scam_word_index]);
		const char *args[] = {s->token_text[v->scam_word_index]};
		tact_messages_fill(r->text, sizeof(r->text),
				   tact_messages_text(TACT_MSG_LEARNED_SCAM, t->lang), args, 1);
	}
	if (v->blocked_scam) {
		struct reason *r = &all[n++];
		enum tact_msg because_msg =
			has_rule(s, TACT_RULE_SHARED_EMPLOYER_CURRENT) ||
					has_rule(s, TACT_RULE_SHARED_EMPLOYER_PAST)
				? TACT_MSG_BECAUSE_EMPLOYER
			: has_rule(s, TACT_RULE_SHARED_SCHOOL) ? TACT_MSG_BECAUSE_SCHOOL
			: has_rule(s, TACT_RULE_KNOWN_CONTACT) ? TACT_MSG_BECAUSE_KNOWN
							       : TACT_MSG_BECAUSE_MUTUALS;
const char *because = tact_messages_text(because_msg, t->lang);
		snprintf(r->code, sizeof(r->code), "not_suspicious_because");
		r->weight = 0.0;
		/* The evidence stays English, whatever the language: it names the protection. */
		snprintf(r->evidence, sizeof(r->evidence), "%s",
			 tact_messages_text(because_msg, TACT_LANG_EN));
		tact_messages_fill(r->text, sizeof(r->text),
				   tact_messages_text(TACT_MSG_NOT_SUSPICIOUS, t->lang), &because, 1);
	}
	if (v->cleared) {
		struct reason *r = &all[n++];
		snprintf(r->code, sizeof(r->code), "cleared_by_you");
		r->weight = 0.0;
		r->evidence[0] = '\0';
		snprintf(r->text, sizeof(r->text), "%s",
			 tact_messages_text(TACT_MSG_CLEARED_BY_YOU, t->lang));
	}
	qsort(all, n, sizeof(all[0]), by_weight);

	/* Accept and Ignore: the strongest reasons for the bucket, then the
	 * strongest one against it, marked as such, so what is shown never
	 * argues with the badge. Review: the strongest either way. */
	int sided = strcmp(v->bucket, "review") != 0;
	size_t shown = 0;
	int counter_shown = 0;
	for (size_t i = 0; i < n && shown < REASONS_SHOWN; i++) {
		int against = all[i].weight * direction < 0;
		if (sided && against)
			continue;
		tact_json_push(out, reason_json(&all[i], 0));
		shown++;
		counter_shown |= against;
	}
	for (size_t i = 0; i < n && !counter_shown; i++) {
		if (all[i].weight * direction < 0) {
			tact_json_push(out, reason_json(&all[i], 1));
			counter_shown = 1;
		}
	}
}

static void build_badges(const struct tact_invitation *inv, const struct tact_signals *s,
			 const struct verdict *v, const struct tact_history_entry *h,
			 int64_t days_pending, int64_t withdraw_days, enum tact_lang lang,
			 json_object *badges)
{
	if (strcmp(v->bucket, "accept") == 0)
		add_badge(badges, "accept", tact_messages_text(TACT_MSG_BADGE_ACCEPT, lang), "positive");
	else if (strcmp(v->bucket, "review") == 0)
		add_badge(badges, "review", tact_messages_text(TACT_MSG_BADGE_REVIEW, lang), "neutral");
	else
		add_badge(badges, "ignore", tact_messages_text(TACT_MSG_BADGE_IGNORE, lang), "caution");
	if (v->suspicious)
		add_badge(badges, "suspicious", tact_messages_text(TACT_MSG_BADGE_SUSPICIOUS, lang), "danger");
	else if (s->families > 0 && !v->cleared)
		add_badge(badges, "caution", tact_messages_text(TACT_MSG_BADGE_CAUTION, lang), "caution");
	if (has_rule(s, TACT_RULE_SHARED_EMPLOYER_CURRENT) || has_rule(s, TACT_RULE_SHARED_EMPLOYER_PAST))
		add_badge(badges, "colleague", tact_messages_text(TACT_MSG_BADGE_COLLEAGUE, lang), "positive");
	if (has_rule(s, TACT_RULE_SHARED_SCHOOL))
		add_badge(badges, "classmate", tact_messages_text(TACT_MSG_BADGE_CLASSMATE, lang), "positive");
	if (has_rule(s, TACT_RULE_NOTE_PERSONAL))
		add_badge(badges, "personal_note", tact_messages_text(TACT_MSG_BADGE_PERSONAL_NOTE, lang), "positive");
	if (has_rule(s, TACT_RULE_MUTUALS_MANY) || has_rule(s, TACT_RULE_MUTUALS_SOME)) {
		char count[24];
		char label[48];
		const char *arg = count;
		snprintf(count, sizeof(count), "%lld", (long long)inv->mutuals);
		tact_messages_fill(label, sizeof(label), tact_messages_text(TACT_MSG_BADGE_MUTUALS, lang),
				   &arg, 1);
		add_badge(badges, "mutuals", label, "positive");
	}
	if (has_rule(s, TACT_RULE_PITCH_MEETING) || has_rule(s, TACT_RULE_PITCH_VALUE) ||
	    has_rule(s, TACT_RULE_PITCH_SERVICES) || has_rule(s, TACT_RULE_PITCH_HEADLINE))
		add_badge(badges, "sales", tact_messages_text(TACT_MSG_BADGE_SALES, lang), "caution");
	if (has_rule(s, TACT_RULE_RECRUITER))
		add_badge(badges, "recruiter", tact_messages_text(TACT_MSG_BADGE_RECRUITER, lang), "neutral");
	if (strcmp(inv->kind, "person") != 0) {
		int kind = kind_offset(inv->kind);
		add_badge(badges, "kind",
			  tact_messages_text((enum tact_msg)(TACT_MSG_BADGE_PAGE + (kind < 0 ? 0 : kind)),
					     lang),
			  "neutral");
	}
	if (has_rule(s, TACT_RULE_OUTSIDE_FIELD))
		add_badge(badges, "outside_field", tact_messages_text(TACT_MSG_BADGE_OUTSIDE_FIELD, lang), "neutral");
	if (has_rule(s, TACT_RULE_REPEAT_AFTER_IGNORE))
		add_badge(badges, "repeat", tact_messages_text(TACT_MSG_BADGE_REPEAT, lang), "caution");
	if (has_rule(s, TACT_RULE_COMPANY_BURST))
		add_badge(badges, "company_burst", tact_messages_text(TACT_MSG_BADGE_COMPANY_BURST, lang), "caution");
	if (h->known && h->times_seen > 0 && days_pending >= withdraw_days - TACT_TRIAGE_WITHDRAW_WARN_DAYS)
		add_badge(badges, "expiring", tact_messages_text(TACT_MSG_BADGE_EXPIRING, lang), "caution");
}

/* The comma-separated rule codes of the signals, then "mutuals=N", for
 * the decisions table. */
static void rule_codes(const struct tact_signals *s, int64_t mutuals, char *out, size_t cap)
{
	size_t used = 0;
	int n;

	out[0] = '\0';
	for (size_t i = 0; i < s->hit_count; i++) {
		n = snprintf(out + used, cap - used, "%s%s", used > 0 ? "," : "",
			     tact_rules_info(s->hits[i].rule)->code);
		if (n < 0 || (size_t)n >= cap - used)
			return;
		used += (size_t)n;
	}
	if (mutuals >= 0)
		snprintf(out + used, cap - used, "%smutuals=%lld", used > 0 ? "," : "",
			 (long long)mutuals);
}

/* Evaluates one parsed invitation with what the history knows. */
static enum tact_err evaluate(struct tact_triage *t, const struct tact_invitation *inv,
			      int64_t now, struct tact_history_entry *hist, struct tact_signals *s,
			      struct verdict *v, int *reinvited)
{
	struct tact_rules_facts facts;
	char company[TACT_RULES_COMPANY_MAX];
	int64_t burst = 0;
	enum tact_err err;

	err = tact_history_get(t->store, t->keys, inv->key, hist);
	if (err != TACT_OK)
		return err;
	tact_rules_headline_company(inv->headline, company, sizeof(company));
	err = tact_history_company_count(t->store, t->keys, company, hist, now, &burst);
	if (err != TACT_OK)
		return err;
	/* Seen again after an Ignore or a Decline: LinkedIn only shows it
	 * again when they sent a new invitation. */
	*reinvited = hist->known &&
		     (strcmp(hist->decision, "ignored") == 0 || strcmp(hist->decision, "declined") == 0) &&
		     now > hist->decided_at;
	memset(&facts, 0, sizeof(facts));
	facts.previously_connected =
		strcmp(hist->decision, "accepted") == 0 || strcmp(hist->decision, "messaged") == 0;
	facts.ignored_before = *reinvited || hist->times_invited > 1;
	facts.not_scam = hist->not_scam;
	if (t->vault != NULL && !t->notes_closed) {
		int exists = 0;
		/* Locked or unreadable: we simply do not know, which is no reason
		 * to fail the classification. */
		if (tact_notes_exists(t->store, t->vault, inv->key, &exists) == TACT_OK)
			facts.known_contact = exists;
	}
	facts.company = company;
	facts.company_burst = (int)(burst + 1);
	err = tact_rules_evaluate(inv, &t->folded, &facts, word_hash, t->keys, s);
	if (err != TACT_OK)
		return err;
	decide_bucket(t, inv, s, hist, v);
	return TACT_OK;
}

static enum tact_err classify_one(struct tact_triage *t, json_object *obj,
				  const struct tact_invitation *inv, int64_t now, json_object **out)
{
	struct tact_history_entry hist;
	struct tact_signals *s = calloc(1, sizeof(*s));
	struct verdict v;
	json_object *result = NULL;
	json_object *reasons;
	json_object *badges;
	json_object *replies;
	json_object *advice;
	const char *record;
	int reinvited = 0;
	int64_t since = now;
	enum tact_err err;

	*out = NULL;
	if (s == NULL)
		return TACT_ERR_NOMEM;
	err = evaluate(t, inv, now, &hist, s, &v, &reinvited);
	if (err != TACT_OK)
		goto out;
	result = json_object_new_object();
	reasons = json_object_new_array();
	badges = json_object_new_array();
	replies = json_object_new_array();
	advice = json_object_new_object();
	tact_json_set(result, "key", json_object_new_string(inv->key));
	tact_json_set(result, "bucket", json_object_new_string(v.bucket));
	tact_json_set(result, "suspicious", json_object_new_boolean(v.suspicious));
	tact_json_set(result, "confidence", short_double(v.confidence, 2));
	tact_json_set(result, "confidence_word",
		      json_object_new_string(confidence_word(v.confidence)));
	/* How likely the user accepts, for sorting the list: 0 for suspicious. */
	tact_json_set(result, "accept_score",
		      short_double(v.suspicious ? 0.0 : 1.0 / (1.0 + exp(-v.z)), 3));
	build_reasons(t, s, &v, reasons);
	tact_json_set(result, "reasons", reasons);
	if (hist.known)
		since = hist.first_seen;
	int64_t received = 0;
	if (tact_triage_parse_time(inv->received_at, &received) && received < since)
		since = received;
	build_badges(inv, s, &v, &hist, (now - since) / SECONDS_PER_DAY, t->withdraw_days, t->lang,
		     badges);
	tact_json_set(result, "badges", badges);
	err = choose_replies(t, inv, s, &v, NULL, replies, advice);
	tact_json_set(result, "replies", replies);
	tact_json_set(result, "reply_advice", advice);
	if (err != TACT_OK)
		goto out;
	tact_json_set(result, "language", s->lang != NULL ? json_object_new_string(s->lang) : NULL);
	tact_json_set(result, "history", history_json(&hist, now));
	tact_json_set(result, "learned_from",
		      json_object_new_int64((int64_t)tact_model_decisions(t->model)));

	/* Record what was received, as received. */
	record = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
	err = record != NULL ? tact_history_record(t->store, t->keys, &hist, record, v.bucket,
						   v.suspicious, reinvited, now)
			     : TACT_ERR_NOMEM;
	if (err != TACT_OK)
		goto out;
	*out = result;
	result = NULL;
out:
	json_object_put(result);
	free(s);
	return err;
}

/* The language of what this request shows: the profile's locale when the
 * user set one Tact speaks, else the browser's UI language the extension
 * sent ("ui_language"), else English. */
static enum tact_err choose_language(struct tact_triage *t, json_object *params, char *why)
{
	const char *ui = NULL;
	int lang = tact_messages_lang(t->folded.locale);
	enum tact_err err = tact_param_string(params, "ui_language", TACT_PARAM_OPTIONAL,
					      TACT_TRIAGE_LANGUAGE_MAX, &ui, why, TACT_WHY_MAX);

	if (err != TACT_OK)
		return err;
	if (lang < 0)
		lang = tact_messages_lang(ui);
	t->lang = lang < 0 ? TACT_LANG_EN : (enum tact_lang)lang;
	return TACT_OK;
}

enum tact_err tact_triage_classify(struct tact_triage *t, json_object *params, int64_t now,
				   enum tact_triage_results form, json_object **result, char *why)
{
	json_object *list = NULL;
	json_object *results = NULL;
	struct tact_invitation *invs = NULL;
	size_t count;
	enum tact_err err;

	*result = NULL;
	if (!json_object_object_get_ex(params, "invitations", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		snprintf(why, TACT_WHY_MAX, "Field \"invitations\" must be a list of invitations.");
		return TACT_ERR_BAD_REQUEST;
	}
	count = json_object_array_length(list);
	if (count > TACT_TRIAGE_BATCH_MAX) {
		snprintf(why, TACT_WHY_MAX,
			 "Field \"invitations\" has %zu items; at most %u per request.", count,
			 TACT_TRIAGE_BATCH_MAX);
		return TACT_ERR_BAD_REQUEST;
	}
	invs = calloc(count > 0 ? count : 1, sizeof(*invs));
	if (invs == NULL)
		return TACT_ERR_NOMEM;
	/* Check the whole batch first: a bad item changes nothing. */
	for (size_t i = 0; i < count; i++) {
		err = parse_invitation(json_object_array_get_idx(list, i), i, &invs[i], why);
		if (err != TACT_OK)
			goto out;
	}
	err = refresh_model(t);
	if (err == TACT_OK) /* after: the profile may have been reloaded */
		err = choose_language(t, params, why);
	if (err != TACT_OK)
		goto out;
	/* Whether notes can be read is the same for the whole batch: asked
	 * once, not once per invitation. */
	t->notes_closed = t->vault != NULL && tact_vault_ready(t->vault, 0) != TACT_OK;
	results = json_object_new_array_ext((int)count);
	if (results == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	/* One transaction for the batch, so no other host sees half of it.
	 * Sightings are written again on the next visit, so this commit does
	 * not wait for the disk (tact_store_begin_relaxed). */
	err = tact_store_begin_relaxed(t->store);
	if (err != TACT_OK)
		goto out;
	for (size_t i = 0; i < count; i++) {
		json_object *one = NULL;
		err = classify_one(t, json_object_array_get_idx(list, i), &invs[i], now, &one);
		if (err == TACT_OK && form == TACT_TRIAGE_RESULTS_FROZEN) {
			one = tact_json_freeze(one);
			if (one == NULL)
				err = TACT_ERR_NOMEM;
		}
		if (err != TACT_OK) {
			tact_store_rollback(t->store);
			goto out;
		}
		tact_json_push(results, one);
	}
	err = tact_store_commit(t->store);
	if (err != TACT_OK) {
		tact_store_rollback(t->store);
		goto out;
	}
	*result = json_object_new_object();
	tact_json_set(*result, "results", results);
	results = NULL;
out:
	t->notes_closed = 0;
	json_object_put(results);
	free(invs);
	return err;
}

/* Re-reads the stored record of key and evaluates it again. */
static enum tact_err evaluate_stored(struct tact_triage *t, const char *key, int64_t now,
				     json_object **record, struct tact_invitation *inv,
				     struct tact_signals *s, struct verdict *v, char *why)
{
	struct tact_history_entry hist;
	char *text = NULL;
	int reinvited = 0;
	enum tact_err err = tact_history_record_get(t->store, t->keys, key, &text);

	*record = NULL;
	if (err == TACT_ERR_NOT_FOUND) {
		snprintf(why, TACT_WHY_MAX,
			 "No invitation with this key has been classified yet; classify it first.");
		return err;
	}
	if (err != TACT_OK) {
		snprintf(why, TACT_WHY_MAX, "The stored record of this invitation cannot be read.");
		return err;
	}
	*record = tact_strictjson_read(text);
	free(text);
	if (*record == NULL)
		return TACT_ERR_DB;
	err = parse_invitation(*record, 0, inv, why);
	if (err == TACT_OK)
		err = evaluate(t, inv, now, &hist, s, v, &reinvited);
	return err;
}

enum tact_err tact_triage_decide(struct tact_triage *t, json_object *params, int64_t now,
				 json_object **result, char *why)
{
	struct tact_invitation inv;
	struct tact_signals *s = NULL;
	struct verdict v;
	json_object *record = NULL;
	const char *key;
	int decision = -1;
	char rules[1024];
	enum tact_err err;

	*result = NULL;
	err = tact_param_string(params, "key", TACT_PARAM_REQUIRED, TACT_TRIAGE_KEY_MAX, &key, why,
				TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_enum(params, "decision", TACT_PARAM_REQUIRED, tact_history_decisions, &decision,
				      why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return TACT_ERR_NOMEM;
	err = refresh_model(t);
	if (err == TACT_OK)
		err = evaluate_stored(t, key, now, &record, &inv, s, &v, why);
	if (err != TACT_OK)
		goto out;
	rule_codes(s, inv.mutuals, rules, sizeof(rules));
	t->decided = 1; /* even if it fails: the next classify looks again */
	err = tact_history_decide(t->store, t->keys, key, tact_history_decisions[decision], rules, s->tokens,
				  s->token_count, now);
	if (err != TACT_OK)
		goto out;
	*result = json_object_new_object();
	tact_json_set(*result, "key", json_object_new_string(key));
	tact_json_set(*result, "decision",
		      json_object_new_string(tact_history_decisions[decision]));
	tact_json_set(*result, "recorded", json_object_new_boolean(1));
out:
	json_object_put(record);
	free(s);
	return err;
}

enum tact_err tact_triage_replies(struct tact_triage *t, json_object *params, int64_t now,
				  json_object **result, char *why)
{
	struct tact_invitation inv;
	struct tact_signals *s = NULL;
	struct verdict v;
	struct tact_history_entry hist;
	json_object *record = NULL;
	json_object *given = NULL;
	json_object *replies = NULL;
	json_object *advice = NULL;
	const char *key = NULL;
	const char *intent = NULL;
	int reinvited = 0;
	enum tact_err err;

	*result = NULL;
	err = tact_param_string(params, "intent", TACT_PARAM_OPTIONAL, 64, &intent, why,
				TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	if (intent != NULL && !tact_replies_is_intent(intent)) {
		size_t count;
		const char *const *all = tact_replies_intents(&count);
		size_t used = 0;
		used += (size_t)snprintf(why, TACT_WHY_MAX, "Field \"intent\" must be one of");
		for (size_t i = 0; i < count && used < TACT_WHY_MAX; i++)
			used += (size_t)snprintf(why + used, TACT_WHY_MAX - used, "%s \"%s\"",
						 i > 0 ? "," : "", all[i]);
		if (used < TACT_WHY_MAX)
			snprintf(why + used, TACT_WHY_MAX - used, ".");
		return TACT_ERR_BAD_REQUEST;
	}
	err = tact_param_object(params, "invitation", TACT_PARAM_OPTIONAL, &given, why, TACT_WHY_MAX);
	if (err == TACT_OK && given == NULL)
		err = tact_param_string(params, "key", TACT_PARAM_REQUIRED, TACT_TRIAGE_KEY_MAX, &key,
					why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return TACT_ERR_NOMEM;
	err = refresh_model(t);
	if (err == TACT_OK) /* after: the profile may have been reloaded */
		err = choose_language(t, params, why);
	if (err != TACT_OK)
		goto out;
	if (given != NULL) {
		err = parse_invitation(given, 0, &inv, why);
		if (err == TACT_OK)
			err = evaluate(t, &inv, now, &hist, s, &v, &reinvited);
	} else {
		err = evaluate_stored(t, key, now, &record, &inv, s, &v, why);
	}
	if (err != TACT_OK)
		goto out;
	replies = json_object_new_array();
	advice = json_object_new_object();
	err = choose_replies(t, &inv, s, &v, intent, replies, advice);
	if (err != TACT_OK)
		goto out;
	*result = json_object_new_object();
	tact_json_set(*result, "key", json_object_new_string(inv.key));
	tact_json_set(*result, "replies", replies);
	tact_json_set(*result, "reply_advice", advice);
	replies = advice = NULL;
out:
	json_object_put(replies);
	json_object_put(advice);
	json_object_put(record);
	free(s);
	return err;
}

enum tact_err tact_triage_compose_invite(struct tact_triage *t, json_object *params,
					 json_object **result, char *why)
{
	struct tact_reply_vars vars;
	const char *name = NULL;
	const char *how = NULL;
	const char *topic = NULL;
	const char *lang = NULL;
	char first[64];
	char me[64];
	int64_t limit = 0;
	int present = 0;
	char *text = NULL;
	enum tact_err err;

	*result = NULL;
	err = tact_param_string(params, "name", TACT_PARAM_REQUIRED, TACT_TRIAGE_NAME_MAX, &name,
				why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "how_we_met", TACT_PARAM_REQUIRED,
					TACT_TRIAGE_SHORT_MAX, &how, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "topic", TACT_PARAM_OPTIONAL, TACT_TRIAGE_SHORT_MAX,
					&topic, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "lang", TACT_PARAM_OPTIONAL, 16, &lang, why,
					TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_int(params, "limit", TACT_PARAM_OPTIONAL, TACT_NOTE_LIMIT_MIN,
				     TACT_NOTE_LIMIT_PREMIUM, &limit, &present, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	if (!present)
		limit = t->folded.premium ? TACT_NOTE_LIMIT_PREMIUM : TACT_NOTE_LIMIT_FREE;
	if (lang == NULL || lang[0] == '\0')
		lang = t->folded.locale[0] != '\0' ? t->folded.locale : "en";
	/* The first word of the name, as a person would greet them; a name too
	 * long for the buffer is cut before a character, never inside one. */
	size_t n = strcspn(name, " ");
	if (n >= sizeof(first)) {
		n = sizeof(first) - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(first, name, n);
	first[n] = '\0';
	my_first_name(t, me, sizeof(me));
	memset(&vars, 0, sizeof(vars));
	vars.first_name = first;
	vars.event = how;
	vars.topic = topic;
	vars.my_name = me;
	err = tact_replies_compose_invite(lang, &vars, (size_t)limit, &text, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	*result = json_object_new_object();
	tact_json_set(*result, "text", json_object_new_string(text));
	tact_json_set(*result, "length",
		      json_object_new_int64((int64_t)tact_replies_char_count(text)));
	tact_json_set(*result, "limit", json_object_new_int64(limit));
	free(text);
	return TACT_OK;
}

enum tact_err tact_triage_history(struct tact_triage *t, json_object *params,
				  json_object **result, char *why)
{
	static const char *const buckets[] = {"accept", "review", "ignore", "suspicious", NULL};
	const char *cursor = NULL;
	const char *key = NULL;
	int64_t limit = 50;
	int present = 0;
	int bucket = -1;
	enum tact_err err;

	err = tact_param_int(params, "limit", TACT_PARAM_OPTIONAL, 1, TACT_HISTORY_LIST_MAX, &limit,
			     &present, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "cursor", TACT_PARAM_OPTIONAL, 64, &cursor, why,
					TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_enum(params, "bucket", TACT_PARAM_OPTIONAL, buckets, &bucket, why,
				      TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "key", TACT_PARAM_OPTIONAL, TACT_TRIAGE_KEY_MAX, &key,
					why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	err = tact_history_list(t->store, t->keys, (size_t)limit, cursor,
				bucket >= 0 ? buckets[bucket] : NULL, key, result);
	if (err == TACT_ERR_BAD_REQUEST)
		snprintf(why, TACT_WHY_MAX,
			 "Field \"cursor\" must be a value returned as \"next_cursor\".");
	return err;
}

/* --- the weekly review -------------------------------------------------------------------- */

struct summary {
	struct tact_triage *t;
	int64_t now;
	int64_t counts[4]; /* accept, review, ignore, suspicious */
	int64_t oldest_days;
	json_object *expiring;
	json_object *repeated;
	json_object *week;
	json_object *burst_seen;  /* company hash (hex) -> count within the window */
	int64_t pending;
};

static json_object *summary_item(const struct tact_history_row *row, int64_t days)
{
	json_object *item = json_object_new_object();
	json_object *record = row->record != NULL ? tact_strictjson_read(row->record) : NULL;
	json_object *v = NULL;

	if (record != NULL && json_object_object_get_ex(record, "key", &v))
		tact_json_set(item, "key", json_object_get(v));
	if (record != NULL && json_object_object_get_ex(record, "name", &v))
		tact_json_set(item, "name", json_object_get(v));
	if (record != NULL && json_object_object_get_ex(record, "headline", &v))
		tact_json_set(item, "headline", json_object_get(v));
	/* LinkedIn's own "3 weeks ago": it knows when the invitation was sent,
	 * days_pending only counts from when Tact first saw it. */
	if (record != NULL && json_object_object_get_ex(record, "received_text", &v))
		tact_json_set(item, "received_text", json_object_get(v));
	tact_json_set(item, "bucket", json_object_new_string(row->bucket));
	tact_json_set(item, "suspicious", json_object_new_boolean(row->suspicious));
	tact_json_set(item, "days_pending", json_object_new_int64(days));
	json_object_put(record);
	return item;
}

static enum tact_err summary_row(void *ctx, const struct tact_history_row *row)
{
	struct summary *sum = ctx;
	int64_t since = row->first_seen;
	int64_t days;
	json_object *record = row->record != NULL ? tact_strictjson_read(row->record) : NULL;
	json_object *at = NULL;
	int64_t received = 0;

	if (record != NULL && json_object_object_get_ex(record, "received_at", &at) &&
	    tact_triage_parse_time(json_object_get_string(at), &received) && received < since)
		since = received;
	json_object_put(record);
	days = (sum->now - since) / SECONDS_PER_DAY;
	sum->pending++;
	if (row->suspicious)
		sum->counts[3]++;
	else if (strcmp(row->bucket, "accept") == 0)
		sum->counts[0]++;
	else if (strcmp(row->bucket, "review") == 0)
		sum->counts[1]++;
	else
		sum->counts[2]++;
	if (days > sum->oldest_days)
		sum->oldest_days = days;
	if (days >= sum->t->withdraw_days - TACT_TRIAGE_WITHDRAW_WARN_DAYS)
		tact_json_push(sum->expiring, summary_item(row, days));
	if (row->times_invited > 1)
		tact_json_push(sum->repeated, summary_item(row, days));
	/* This week's list: what still needs the user, suspicious first
	 * (to report or ignore), then Review, then Accept. */
	if (row->decision == NULL && (row->suspicious || strcmp(row->bucket, "ignore") != 0))
		tact_json_push(sum->week, summary_item(row, days));
	if (row->company != NULL && sum->now - row->first_seen <= 7 * SECONDS_PER_DAY) {
		char hex[TACT_KEYS_HASH_BYTES * 2 + 1];
		json_object *n = NULL;
		for (size_t i = 0; i < TACT_KEYS_HASH_BYTES; i++)
			snprintf(hex + 2 * i, 3, "%02x", row->company[i]);
		if (json_object_object_get_ex(sum->burst_seen, hex, &n))
			json_object_set_int(n, json_object_get_int(n) + 1);
		else
			tact_json_set(sum->burst_seen, hex, json_object_new_int(1));
	}
	return TACT_OK;
}

static int week_order(const void *a, const void *b)
{
	json_object *x = *(json_object *const *)a;
	json_object *y = *(json_object *const *)b;
	static const char *const order[] = {"suspicious", "review", "accept", "ignore"};
	int rx = 3;
	int ry = 3;

	for (int i = 0; i < 4; i++) {
		json_object *v;
		json_object_object_get_ex(x, i == 0 ? "suspicious" : "bucket", &v);
		if (i == 0 ? json_object_get_boolean(v) : strcmp(json_object_get_string(v), order[i]) == 0)
			rx = rx < i ? rx : i;
		json_object_object_get_ex(y, i == 0 ? "suspicious" : "bucket", &v);
		if (i == 0 ? json_object_get_boolean(v) : strcmp(json_object_get_string(v), order[i]) == 0)
			ry = ry < i ? ry : i;
	}
	if (rx != ry)
		return rx - ry;
	json_object *dx;
	json_object *dy;
	json_object_object_get_ex(x, "days_pending", &dx);
	json_object_object_get_ex(y, "days_pending", &dy);
	return (int)(json_object_get_int64(dy) - json_object_get_int64(dx));
}

enum tact_err tact_triage_review_summary(struct tact_triage *t, int64_t now, json_object **result)
{
	struct summary sum;
	json_object *pending;
	json_object *by_week = NULL;
	int64_t bursts = 0;
	enum tact_err err;

	memset(&sum, 0, sizeof(sum));
	sum.t = t;
	sum.now = now;
	sum.expiring = json_object_new_array();
	sum.repeated = json_object_new_array();
	sum.week = json_object_new_array();
	sum.burst_seen = json_object_new_object();
	err = sum.expiring == NULL || sum.repeated == NULL || sum.week == NULL ||
		      sum.burst_seen == NULL
		  ? TACT_ERR_NOMEM
		  : TACT_OK;
	if (err == TACT_OK)
		err = tact_history_each_pending(t->store, t->keys, summary_row, &sum);
	if (err == TACT_OK)
		err = tact_history_decisions_by_week(t->store, now, TACT_HISTORY_WEEKS, &by_week);
	if (err != TACT_OK) {
		json_object_put(sum.expiring);
		json_object_put(sum.repeated);
		json_object_put(sum.week);
		json_object_put(sum.burst_seen);
		return err;
	}
	json_object_object_foreach(sum.burst_seen, hex, n)
	{
		(void)hex;
		if (json_object_get_int(n) >= 3)
			bursts++;
	}
	json_object_put(sum.burst_seen);
	json_object_array_sort(sum.week, week_order);
	*result = json_object_new_object();
	pending = json_object_new_object();
	tact_json_set(pending, "accept", json_object_new_int64(sum.counts[0]));
	tact_json_set(pending, "review", json_object_new_int64(sum.counts[1]));
	tact_json_set(pending, "ignore", json_object_new_int64(sum.counts[2]));
	tact_json_set(pending, "suspicious", json_object_new_int64(sum.counts[3]));
	tact_json_set(pending, "total", json_object_new_int64(sum.pending));
	tact_json_set(*result, "pending", pending);
	tact_json_set(*result, "oldest_pending_days", json_object_new_int64(sum.oldest_days));
	tact_json_set(*result, "withdraw_after_days", json_object_new_int64(t->withdraw_days));
	tact_json_set(*result, "expiring_soon", sum.expiring);
	tact_json_set(*result, "repeated", sum.repeated);
	tact_json_set(*result, "company_bursts", json_object_new_int64(bursts));
	tact_json_set(*result, "this_week", sum.week);
	tact_json_set(*result, "decisions_by_week", by_week);
	return TACT_OK;
}
