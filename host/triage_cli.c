#include "tact/triage_cli.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/dispatch.h"
#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/paths.h"
#include "tact/profile.h"
#include "tact/stats.h"
#include "tact/store.h"
#include "tact/triage.h"
#include "tact/triage_methods.h"

#define FILE_MAX (64u * 1024u * 1024u)
#define BUCKETS 3
#define REPLAY_WARMUP 200u
#define ECE_BINS 10

static const char *const bucket_names[BUCKETS] = {"accept", "review", "ignore"};

static int bucket_index(const char *b)
{
	for (int i = 0; i < BUCKETS; i++) {
		if (b != NULL && strcmp(b, bucket_names[i]) == 0)
			return i;
	}
	return -1;
}

/* Reads a whole file or standard input ("-"); caller frees. */
static char *read_all(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	size_t cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			char *grown = cap <= FILE_MAX ? realloc(buf, cap) : NULL;
			if (grown == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (buf != NULL)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

static json_object *read_json(const char *path)
{
	char *text = read_all(path);
	json_object *obj = text != NULL ? json_tokener_parse(text) : NULL;

	free(text);
	return obj;
}

/* A private, temporary data folder so evaluation never touches the user's. */
struct scratch {
	char dir[TACT_PATH_MAX];
	struct tact_store *store;
	struct tact_triage *triage;
};

static enum tact_err scratch_open(struct scratch *s, const struct tact_config *config,
				  json_object *profile)
{
	const char *tmp = getenv("TMPDIR");
	char db[TACT_PATH_MAX];
	json_object *normal = NULL;
	char why[TACT_WHY_MAX];
	enum tact_err err;

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s/tact-eval-XXXXXX",
		 tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(s->dir) == NULL)
		return TACT_ERR_IO;
	err = tact_paths_join(db, s->dir, TACT_DB_FILE);
	if (err == TACT_OK)
		err = tact_store_open(db, &s->store);
	if (err == TACT_OK)
		err = tact_triage_open(s->store, s->dir, config, &s->triage);
	if (err == TACT_OK && profile != NULL) {
		err = tact_profile_normalize(profile, &normal, why, sizeof(why));
		if (err == TACT_OK)
			err = tact_triage_save_profile(s->triage, normal);
		json_object_put(normal);
	}
	return err;
}

static void remove_file(const char *dir, const char *name)
{
	char path[TACT_PATH_MAX];

	if (tact_paths_join(path, dir, name) == TACT_OK)
		unlink(path);
}

static void scratch_close(struct scratch *s)
{
	tact_triage_free(s->triage);
	tact_store_close(s->store);
	remove_file(s->dir, TACT_DB_FILE);
	remove_file(s->dir, TACT_DB_FILE "-wal");
	remove_file(s->dir, TACT_DB_FILE "-shm");
	remove_file(s->dir, "install.key");
	rmdir(s->dir);
}

/* --- classify ----------------------------------------------------------------------------- */

static const char classify_usage[] =
	"usage: tact-host classify [--profile PROFILE.json] [--json] FILE.json|-\n"
	"FILE holds {\"invitations\":[...]} or a bare list of invitations.\n";

static void print_table(json_object *results)
{
	size_t n = json_object_array_length(results);

	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(results, i);
		json_object *v = NULL;
		json_object *reasons = NULL;
		const char *key = json_object_object_get_ex(r, "key", &v) ? json_object_get_string(v) : "";
		const char *bucket = json_object_object_get_ex(r, "bucket", &v) ? json_object_get_string(v) : "";
		int suspicious = json_object_object_get_ex(r, "suspicious", &v) && json_object_get_boolean(v);
		double conf = json_object_object_get_ex(r, "confidence", &v) ? json_object_get_double(v) : 0;

		printf("%-7s %-11s %3.0f%%  %s\n", bucket, suspicious ? "SUSPICIOUS" : "", conf * 100, key);
		if (json_object_object_get_ex(r, "reasons", &reasons)) {
			for (size_t k = 0; k < json_object_array_length(reasons) && k < 3; k++) {
				json_object *reason = json_object_array_get_idx(reasons, k);
				json_object *text = NULL;
				json_object *weight = NULL;
				json_object_object_get_ex(reason, "text", &text);
				json_object_object_get_ex(reason, "weight", &weight);
				printf("          %+5.1f  %s\n", json_object_get_double(weight),
				       json_object_get_string(text));
			}
		}
		json_object *replies = NULL;
		if (json_object_object_get_ex(r, "replies", &replies) &&
		    json_object_array_length(replies) > 0) {
			json_object *first = json_object_array_get_idx(replies, 0);
			json_object *text = NULL;
			json_object_object_get_ex(first, "text", &text);
			printf("          reply: %s\n", json_object_get_string(text));
		}
	}
}

int tact_triage_cli_classify(int argc, char **argv, const struct tact_paths *paths,
			     const struct tact_config *config)
{
	const char *profile_path = NULL;
	const char *input = NULL;
	int as_json = 0;
	json_object *doc = NULL;
	json_object *params = NULL;
	json_object *profile = NULL;
	json_object *normal = NULL;
	json_object *result = NULL;
	struct tact_store *store = NULL;
	struct tact_triage *triage = NULL;
	char why[TACT_WHY_MAX] = "";
	int code = TACT_EXIT_FAILURE;
	enum tact_err err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = 1;
		else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
			profile_path = argv[++i];
		else if (input == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
			input = argv[i];
		else {
			fprintf(stderr, "tact-host classify: unexpected '%s'\n%s", argv[i], classify_usage);
			return TACT_EXIT_USAGE;
		}
	}
	if (input == NULL) {
		fputs(classify_usage, stderr);
		return TACT_EXIT_USAGE;
	}
	doc = read_json(input);
	if (doc == NULL) {
		fprintf(stderr, "tact-host classify: %s is not readable JSON\n", input);
		goto out;
	}
	if (json_object_is_type(doc, json_type_array)) {
		params = json_object_new_object();
		tact_json_set(params, "invitations", json_object_get(doc));
	} else {
		params = json_object_get(doc);
	}
	if (profile_path != NULL) {
		profile = read_json(profile_path);
		if (profile == NULL ||
		    tact_profile_normalize(profile, &normal, why, sizeof(why)) != TACT_OK) {
			fprintf(stderr, "tact-host classify: %s: %s\n", profile_path,
				why[0] != '\0' ? why : "not readable JSON");
			goto out;
		}
	}
	err = tact_paths_make_dir(paths->data_dir);
	if (err == TACT_OK)
		err = tact_store_open(paths->db_file, &store);
	if (err == TACT_OK)
		err = tact_triage_open(store, paths->data_dir, config, &triage);
	if (err == TACT_OK && normal != NULL)
		err = tact_triage_use_profile(triage, normal);
	if (err == TACT_OK)
		err = tact_triage_classify(triage, params, tact_triage_methods_now(),
					   TACT_TRIAGE_RESULTS_TREES, &result, why);
	if (err != TACT_OK) {
		fprintf(stderr, "tact-host classify: %s\n", why[0] != '\0' ? why : tact_err_message(err));
		goto out;
	}
	if (as_json) {
		printf("%s\n", json_object_to_json_string_ext(result, JSON_C_TO_STRING_PRETTY |
									     JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		json_object *results = NULL;
		json_object_object_get_ex(result, "results", &results);
		print_table(results);
	}
	code = TACT_EXIT_OK;
out:
	json_object_put(result);
	json_object_put(doc);
	json_object_put(params);
	json_object_put(profile);
	json_object_put(normal);
	tact_triage_free(triage);
	tact_store_close(store);
	return code;
}

/* --- eval ---------------------------------------------------------------------------------- */

struct eval_stats {
	int confusion[BUCKETS][BUCKETS];
	size_t cases;
	size_t flagged;
	size_t flagged_right;
	size_t scams;
	size_t scams_flagged;
	size_t scams_accepted;
	size_t legit_false_flags;
	size_t protected_false_flags; /* colleagues, classmates, many mutuals */
	double ece_conf[ECE_BINS];
	double ece_right[ECE_BINS];
	size_t ece_count[ECE_BINS];
	json_object *false_flags;
	json_object *missed_scams;
	json_object *mismatches;
	json_object *scams_by_family; /* name -> [scams, flagged] */
	json_object *scams_by_lang;
};

/* Counts one scam in its group's [scams, flagged] pair. */
static void count_in_group(json_object *groups, const char *name, int flagged)
{
	json_object *pair = NULL;

	if (!json_object_object_get_ex(groups, name, &pair)) {
		pair = json_object_new_array();
		tact_json_push(pair, json_object_new_int64(0));
		tact_json_push(pair, json_object_new_int64(0));
		tact_json_set(groups, name, pair);
	}
	for (size_t i = 0; i < (flagged ? 2u : 1u); i++) {
		json_object *n = json_object_array_get_idx(pair, i);
		json_object_set_int64(n, json_object_get_int64(n) + 1);
	}
}

/* {"money": {"scams": 12, "flagged": 10, "recall": 0.83, "wilson_lower": 0.55}, ...} */
static json_object *group_recalls(json_object *groups)
{
	json_object *out = json_object_new_object();

	json_object_object_foreach(groups, name, pair)
	{
		double n = (double)json_object_get_int64(json_object_array_get_idx(pair, 0));
		double hit = (double)json_object_get_int64(json_object_array_get_idx(pair, 1));
		json_object *g = json_object_new_object();
		tact_json_set(g, "scams", json_object_new_int64((int64_t)n));
		tact_json_set(g, "flagged", json_object_new_int64((int64_t)hit));
		tact_json_set(g, "recall", json_object_new_double(n > 0 ? hit / n : 0));
		tact_json_set(g, "wilson_lower",
			      json_object_new_double(tact_stats_wilson_lower(hit, n)));
		tact_json_set(out, name, g);
	}
	return out;
}

static void print_group_recalls(const char *title, json_object *groups)
{
	printf("%s", title);
	json_object_object_foreach(groups, name, g)
	{
		printf(" %s %d/%d (%.2f, >= %.2f);", name,
		       json_object_get_int(json_object_object_get(g, "flagged")),
		       json_object_get_int(json_object_object_get(g, "scams")),
		       json_object_get_double(json_object_object_get(g, "recall")),
		       json_object_get_double(json_object_object_get(g, "wilson_lower")));
	}
	printf("\n");
}

static const char *str_field(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

static void score_case(struct eval_stats *st, json_object *c, json_object *result)
{
	json_object *label = json_object_object_get(c, "label");
	json_object *inv = json_object_object_get(c, "invitation");
	json_object *v = NULL;
	int want = bucket_index(str_field(label, "bucket"));
	int got = bucket_index(str_field(result, "bucket"));
	int want_s = json_object_object_get_ex(label, "suspicious", &v) && json_object_get_boolean(v);
	int got_s = json_object_object_get_ex(result, "suspicious", &v) && json_object_get_boolean(v);
	double conf = json_object_object_get_ex(result, "confidence", &v) ? json_object_get_double(v) : 0;
	const char *category = str_field(label, "category");
	const char *id = str_field(c, "id");
	int64_t mutuals = json_object_object_get_ex(inv, "mutual_connections", &v) && v != NULL
				  ? json_object_get_int64(v)
				  : -1;

	if (want < 0 || got < 0)
		return;
	st->cases++;
	st->confusion[want][got]++;
	int bin = (int)(conf * ECE_BINS);
	if (bin >= ECE_BINS)
		bin = ECE_BINS - 1;
	if (bin < 0)
		bin = 0;
	st->ece_conf[bin] += conf;
	st->ece_right[bin] += want == got;
	st->ece_count[bin]++;
	if (want != got && json_object_array_length(st->mismatches) < 400) {
		char line[160];
		snprintf(line, sizeof(line), "%s %s: expected %s, got %s", id, category,
			 bucket_names[want], bucket_names[got]);
		tact_json_push(st->mismatches, json_object_new_string(line));
	}
	if (got_s) {
		st->flagged++;
		if (want_s)
			st->flagged_right++;
		else {
			st->legit_false_flags++;
			tact_json_push(st->false_flags, json_object_new_string(id));
			if (strcmp(category, "colleague") == 0 || strcmp(category, "classmate") == 0 ||
			    strcmp(category, "non_english_colleague") == 0 || mutuals >= 5)
				st->protected_false_flags++;
		}
	}
	if (want_s) {
		count_in_group(st->scams_by_family, str_field(label, "family"), got_s);
		count_in_group(st->scams_by_lang, str_field(label, "lang"), got_s);
		st->scams++;
		if (got_s)
			st->scams_flagged++;
		else
			tact_json_push(st->missed_scams, json_object_new_string(id));
		if (got == 0)
			st->scams_accepted++;
	}
}

/* Classifies every case of one profile in a fresh scratch store. */
static enum tact_err eval_profile(const struct tact_config *config, json_object *profile,
				  json_object *cases, struct eval_stats *st)
{
	struct scratch s;
	json_object *params = json_object_new_object();
	json_object *list = json_object_new_array();
	json_object *result = NULL;
	json_object *results = NULL;
	char why[TACT_WHY_MAX] = "";
	enum tact_err err;

	for (size_t i = 0; i < json_object_array_length(cases); i++)
		tact_json_push(list, json_object_get(json_object_object_get(
					 json_object_array_get_idx(cases, i), "invitation")));
	tact_json_set(params, "invitations", list);
	err = scratch_open(&s, config, profile);
	if (err == TACT_OK)
		err = tact_triage_classify(s.triage, params, tact_triage_methods_now(),
					   TACT_TRIAGE_RESULTS_TREES, &result, why);
	if (err != TACT_OK) {
		fprintf(stderr, "tact-host eval: %s\n", why[0] != '\0' ? why : tact_err_message(err));
		goto out;
	}
	json_object_object_get_ex(result, "results", &results);
	for (size_t i = 0; i < json_object_array_length(cases); i++)
		score_case(st, json_object_array_get_idx(cases, i), json_object_array_get_idx(results, i));
out:
	scratch_close(&s);
	json_object_put(result);
	json_object_put(params);
	return err;
}

/* What one replay measured. */
struct replay_figures {
	size_t lines;
	double warm;    /* AUC against the decisions after REPLAY_WARMUP decisions */
	double cold;    /* the same over the first 50, before any learning */
	double taste;   /* AUC after REPLAY_WARMUP against the scripted taste (no noise) */
	double ceiling; /* the taste itself scored against those decisions */
};

/* Replays one scripted user: each invitation is scored before its decision
 * is taught, as it would be in real use. A line's "taste" (what the user's
 * rules say, before the noise that flipped some decisions) is never shown
 * to the engine; it tells how well the ranking follows the taste, and how
 * far even a perfect follower would get on these noisy decisions. */
static enum tact_err eval_replay(const struct tact_config *config, json_object *profile,
				 const char *path, struct replay_figures *out)
{
	struct scratch s;
	char *text = read_all(path);
	struct tact_scored *warm = NULL;
	struct tact_scored *cold = NULL;
	struct tact_scored *by_taste = NULL;
	struct tact_scored *perfect = NULL;
	size_t n_warm = 0;
	size_t n_cold = 0;
	size_t seq = 0;
	int all_tasted = 1;
	enum tact_err err;

	*out = (struct replay_figures){0, NAN, NAN, NAN, NAN};
	if (text == NULL)
		return TACT_ERR_IO;
	size_t cap = 1;
	for (const char *p = text; *p != '\0'; p++)
		cap += *p == '\n';
	warm = calloc(cap, sizeof(*warm));
	cold = calloc(cap, sizeof(*cold));
	by_taste = calloc(cap, sizeof(*by_taste));
	perfect = calloc(cap, sizeof(*perfect));
	err = warm != NULL && cold != NULL && by_taste != NULL && perfect != NULL
		      ? scratch_open(&s, config, profile)
		      : TACT_ERR_NOMEM;
	if (err != TACT_OK)
		goto out;
	for (char *line = strtok(text, "\n"); line != NULL && err == TACT_OK; line = strtok(NULL, "\n")) {
		json_object *row = json_tokener_parse(line);
		json_object *params = json_object_new_object();
		json_object *list = json_object_new_array();
		json_object *result = NULL;
		json_object *dparams = json_object_new_object();
		json_object *dresult = NULL;
		json_object *inv = json_object_object_get(row, "invitation");
		char why[TACT_WHY_MAX] = "";
		int label = strcmp(str_field(row, "decision"), "accepted") == 0;
		const char *taste = str_field(row, "taste");
		int tasted = taste[0] != '\0';
		int64_t now = 0;

		tact_triage_parse_time(str_field(inv, "received_at"), &now);
		tact_json_push(list, json_object_get(inv));
		tact_json_set(params, "invitations", list);
		err = tact_triage_classify(s.triage, params, now, TACT_TRIAGE_RESULTS_TREES,
					   &result, why);
		if (err == TACT_OK) {
			json_object *res = json_object_array_get_idx(json_object_object_get(result, "results"), 0);
			double score = json_object_get_double(json_object_object_get(res, "accept_score"));
			if (seq < 50)
				cold[n_cold++] = (struct tact_scored){score, label};
			if (seq >= REPLAY_WARMUP) {
				int liked = strcmp(taste, "accepted") == 0;
				by_taste[n_warm] = (struct tact_scored){score, liked};
				perfect[n_warm] = (struct tact_scored){liked, label};
				warm[n_warm++] = (struct tact_scored){score, label};
				all_tasted = all_tasted && tasted;
			}
			tact_json_set(dparams, "key",
				      json_object_get(json_object_object_get(inv, "key")));
			tact_json_set(dparams, "decision",
				      json_object_new_string(label ? "accepted" : "ignored"));
			err = tact_triage_decide(s.triage, dparams, now + 60, &dresult, why);
		}
		if (err != TACT_OK)
			fprintf(stderr, "tact-host eval: %s line %zu: %s\n", path, seq + 1,
				why[0] != '\0' ? why : tact_err_message(err));
		json_object_put(row);
		json_object_put(params);
		json_object_put(result);
		json_object_put(dparams);
		json_object_put(dresult);
		seq++;
	}
	out->lines = seq;
	out->warm = tact_stats_auc(warm, n_warm);
	out->cold = tact_stats_auc(cold, n_cold);
	if (all_tasted && n_warm > 0) {
		out->taste = tact_stats_auc(by_taste, n_warm);
		out->ceiling = tact_stats_auc(perfect, n_warm);
	}
	scratch_close(&s);
out:
	free(warm);
	free(cold);
	free(by_taste);
	free(perfect);
	free(text);
	return err;
}

static json_object *load_profiles(const char *dir)
{
	char path[TACT_PATH_MAX];
	json_object *profiles = json_object_new_object();
	DIR *d;
	struct dirent *e;

	if (tact_paths_join(path, dir, "profiles") != TACT_OK || (d = opendir(path)) == NULL)
		return profiles;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char file[TACT_PATH_MAX];
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		if (tact_paths_join(file, path, e->d_name) != TACT_OK)
			continue;
		json_object *p = read_json(file);
		if (p != NULL) {
			char id[256];
			snprintf(id, sizeof(id), "%.*s", (int)(n - 5), e->d_name);
			tact_json_set(profiles, id, p);
		}
	}
	closedir(d);
	return profiles;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int tact_triage_cli_eval(int argc, char **argv, const struct tact_config *config)
{
	const char *dir = NULL;
	int as_json = 0;
	char path[TACT_PATH_MAX];
	struct eval_stats st;
	json_object *profiles = NULL;
	json_object *groups = json_object_new_object();
	json_object *report = json_object_new_object();
	json_object *replays = json_object_new_array();
	char *text = NULL;
	int code = TACT_EXIT_FAILURE;

	memset(&st, 0, sizeof(st));
	st.false_flags = json_object_new_array();
	st.missed_scams = json_object_new_array();
	st.scams_by_family = json_object_new_object();
	st.scams_by_lang = json_object_new_object();
	st.mismatches = json_object_new_array();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = 1;
		else if (dir == NULL && argv[i][0] != '-')
			dir = argv[i];
		else {
			fprintf(stderr, "usage: tact-host eval [--json] DIR\n");
			code = TACT_EXIT_USAGE;
			goto out;
		}
	}
	if (dir == NULL) {
		fprintf(stderr, "usage: tact-host eval [--json] DIR\n");
		code = TACT_EXIT_USAGE;
		goto out;
	}
	profiles = load_profiles(dir);
	if (tact_paths_join(path, dir, "cases.jsonl") != TACT_OK || (text = read_all(path)) == NULL) {
		fprintf(stderr, "tact-host eval: cannot read %s/cases.jsonl\n", dir);
		goto out;
	}
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		json_object *c = json_tokener_parse(line);
		const char *pid = str_field(c, "profile");
		json_object *list = NULL;
		if (c == NULL)
			continue;
		if (!json_object_object_get_ex(groups, pid, &list)) {
			list = json_object_new_array();
			tact_json_set(groups, pid, list);
		}
		tact_json_push(list, c);
	}
	json_object_object_foreach(groups, pid, cases)
	{
		json_object *profile = json_object_object_get(profiles, pid);
		if (eval_profile(config, profile, cases, &st) != TACT_OK)
			goto out;
	}

	/* Replays, in name order so the report is stable. */
	if (tact_paths_join(path, dir, "replay") == TACT_OK) {
		DIR *d = opendir(path);
		char *names[64];
		size_t count = 0;
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL && count < 64) {
			size_t n = strlen(e->d_name);
			if (n > 6 && strcmp(e->d_name + n - 6, ".jsonl") == 0)
				names[count++] = strdup(e->d_name);
		}
		if (d != NULL)
			closedir(d);
		qsort(names, count, sizeof(names[0]), by_name);
		for (size_t i = 0; i < count; i++) {
			char file[TACT_PATH_MAX];
			struct replay_figures fig;
			char first[8192] = "";
			FILE *f;
			if (tact_paths_join(file, path, names[i]) == TACT_OK &&
			    (f = fopen(file, "r")) != NULL) {
				if (fgets(first, sizeof(first), f) == NULL)
					first[0] = '\0';
				fclose(f);
				json_object *row = json_tokener_parse(first);
				json_object *profile =
					json_object_object_get(profiles, str_field(row, "profile"));
				if (eval_replay(config, profile, file, &fig) == TACT_OK) {
					json_object *r = json_object_new_object();
					tact_json_set(r, "file", json_object_new_string(names[i]));
					tact_json_set(r, "decisions",
						      json_object_new_int64((int64_t)fig.lines));
					tact_json_set(r, "auc_after_200",
						      json_object_new_double(fig.warm));
					tact_json_set(r, "auc_first_50",
						      json_object_new_double(fig.cold));
					tact_json_set(r, "auc_taste_after_200",
						      isnan(fig.taste)
							  ? NULL
							  : json_object_new_double(fig.taste));
					tact_json_set(r, "auc_ceiling_after_200",
						      isnan(fig.ceiling)
							  ? NULL
							  : json_object_new_double(fig.ceiling));
					tact_json_push(replays, r);
				}
				json_object_put(row);
			}
			free(names[i]);
		}
	}

	double agree = 0;
	for (int b = 0; b < BUCKETS; b++)
		agree += st.confusion[b][b];
	agree = st.cases > 0 ? agree / (double)st.cases : 0;
	double ece = 0;
	for (int b = 0; b < ECE_BINS; b++) {
		if (st.ece_count[b] > 0)
			ece += fabs(st.ece_conf[b] - st.ece_right[b]) / (double)st.cases;
	}
	double precision = st.flagged > 0 ? (double)st.flagged_right / (double)st.flagged : 0;
	double lower = tact_stats_wilson_lower((double)st.flagged_right, (double)st.flagged);
	double recall = st.scams > 0 ? (double)st.scams_flagged / (double)st.scams : 0;
	double min_auc = NAN;
	for (size_t i = 0; i < json_object_array_length(replays); i++) {
		double a = json_object_get_double(
			json_object_object_get(json_object_array_get_idx(replays, i), "auc_after_200"));
		if (isnan(min_auc) || a < min_auc)
			min_auc = a;
	}

	json_object *matrix = json_object_new_object();
	json_object *per_bucket = json_object_new_object();
	for (int w = 0; w < BUCKETS; w++) {
		json_object *row = json_object_new_object();
		double tp = st.confusion[w][w];
		double col = 0;
		double rowsum = 0;
		for (int g = 0; g < BUCKETS; g++) {
			tact_json_set(row, bucket_names[g],
				      json_object_new_int(st.confusion[w][g]));
			col += st.confusion[g][w];
			rowsum += st.confusion[w][g];
		}
		tact_json_set(matrix, bucket_names[w], row);
		json_object *pr = json_object_new_object();
		tact_json_set(pr, "precision", json_object_new_double(col > 0 ? tp / col : 0));
		tact_json_set(pr, "recall", json_object_new_double(rowsum > 0 ? tp / rowsum : 0));
		tact_json_set(per_bucket, bucket_names[w], pr);
	}
	tact_json_set(report, "cases", json_object_new_int64((int64_t)st.cases));
	tact_json_set(report, "confusion", matrix);
	tact_json_set(report, "buckets", per_bucket);
	tact_json_set(report, "bucket_agreement", json_object_new_double(agree));
	tact_json_set(report, "suspicious_flagged", json_object_new_int64((int64_t)st.flagged));
	tact_json_set(report, "suspicious_precision", json_object_new_double(precision));
	tact_json_set(report, "suspicious_precision_wilson_lower", json_object_new_double(lower));
	tact_json_set(report, "false_flags", json_object_new_int64((int64_t)st.legit_false_flags));
	tact_json_set(report, "false_flags_protected",
		      json_object_new_int64((int64_t)st.protected_false_flags));
	tact_json_set(report, "false_flag_ids", json_object_get(st.false_flags));
	tact_json_set(report, "scam_recall", json_object_new_double(recall));
	tact_json_set(report, "scams_in_accept", json_object_new_int64((int64_t)st.scams_accepted));
	tact_json_set(report, "missed_scam_ids", json_object_get(st.missed_scams));
	json_object *by_family = group_recalls(st.scams_by_family);
	json_object *by_lang = group_recalls(st.scams_by_lang);
	tact_json_set(report, "scam_recall_by_family", by_family);
	tact_json_set(report, "scam_recall_by_language", by_lang);
	tact_json_set(report, "calibration_error", json_object_new_double(ece));
	tact_json_set(report, "replays", json_object_get(replays));
	tact_json_set(report, "min_replay_auc", json_object_new_double(min_auc));
	tact_json_set(report, "mismatches", json_object_get(st.mismatches));

	if (as_json) {
		printf("%s\n", json_object_to_json_string_ext(report, JSON_C_TO_STRING_PRETTY |
									     JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		printf("Tact triage evaluation of %s: %zu cases\n\n", dir, st.cases);
		printf("Buckets (rows: expected, columns: Tact)\n            accept  review  ignore\n");
		for (int w = 0; w < BUCKETS; w++)
			printf("  %-8s %7d %7d %7d\n", bucket_names[w], st.confusion[w][0],
			       st.confusion[w][1], st.confusion[w][2]);
		printf("\n  bucket    precision  recall\n");
		for (int w = 0; w < BUCKETS; w++) {
			json_object *pr = json_object_object_get(per_bucket, bucket_names[w]);
			printf("  %-8s  %9.3f  %6.3f\n", bucket_names[w],
			       json_object_get_double(json_object_object_get(pr, "precision")),
			       json_object_get_double(json_object_object_get(pr, "recall")));
		}
		printf("\nBucket agreement:        %.3f  (target >= 0.85)\n", agree);
		printf("Suspicious precision:    %.3f  (%zu of %zu flagged; Wilson 95%% lower bound %.3f; target >= 0.98, at most 1 false flag)\n",
		       precision, st.flagged_right, st.flagged, lower);
		printf("False flags:             %zu, of which colleagues or many mutuals: %zu (target 0)\n",
		       st.legit_false_flags, st.protected_false_flags);
		printf("Scam recall:             %.3f  (%zu of %zu; target >= 0.90)\n", recall,
		       st.scams_flagged, st.scams);
		printf("Scams in Accept:         %zu  (target 0)\n", st.scams_accepted);
		print_group_recalls("Scam recall by family (flagged/scams, recall, Wilson 95% lower):",
				    by_family);
		print_group_recalls("Scam recall by language:", by_lang);
		printf("Calibration error (ECE): %.3f\n", ece);
		for (size_t i = 0; i < json_object_array_length(replays); i++) {
			json_object *r = json_object_array_get_idx(replays, i);
			json_object *t = json_object_object_get(r, "auc_taste_after_200");
			json_object *c = json_object_object_get(r, "auc_ceiling_after_200");
			printf("Replay %-14s AUC after 200 decisions %.3f (first 50: %.3f)",
			       str_field(r, "file"),
			       json_object_get_double(json_object_object_get(r, "auc_after_200")),
			       json_object_get_double(json_object_object_get(r, "auc_first_50")));
			if (t != NULL && c != NULL)
				printf("; against the taste %.3f; the taste itself %.3f",
				       json_object_get_double(t), json_object_get_double(c));
			printf("\n");
		}
	}
	code = TACT_EXIT_OK;
out:
	free(text);
	json_object_put(profiles);
	json_object_put(groups);
	json_object_put(report);
	json_object_put(replays);
	json_object_put(st.false_flags);
	json_object_put(st.missed_scams);
	json_object_put(st.scams_by_family);
	json_object_put(st.scams_by_lang);
	json_object_put(st.mismatches);
	return code;
}
