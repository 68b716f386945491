#include "tact/doctor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/browsers.h"
#include "tact/build_config.h"
#include "tact/frame.h"
#include "tact/install.h"
#include "tact/json.h"
#include "tact/limits.h"
#include "tact/msg.h"

#define MSG_MAX (4u * TACT_PATH_MAX)
#define CANDIDATES_MAX (1u + TACT_BROWSER_SYSTEM_DIRS_MAX)
#define POLICY_FILE_MAX (1024u * 1024u)
#define POLICY_FILES_MAX 64u
#define STDERR_KEEP 600u
/* After the answer, how long the host has to exit once its input closes
 * (browsers allow 2 s, Chromium, or 3 s, Firefox). */
#define EXIT_WAIT_MS 2000
#define JSON_OUT \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

static const char doctor_usage[] =
	"usage: tact-host doctor [--browser all|" TACT_BROWSER_IDS "]\n"
	"                        [--user-data-dir DIR] [--json]\n"
	"\n"
	"Checks, for each browser, the manifests it would read, the policies that\n"
	"block native hosts, sandboxed (Snap, Flatpak) builds, and starts the host\n"
	"the way the browser would. Exit status 0: no blocking problem.\n";

/* Why the binary named by a manifest cannot be started. */
enum binary_state { BIN_OK = 0, BIN_NO_PATH, BIN_MISSING, BIN_NOT_FILE, BIN_NOT_EXEC };

struct candidate {
	char path[TACT_PATH_MAX];
	const char *scope; /* "user", "system" or "user-data-dir" */
	int exists;
	int ignored;   /* user level, switched off by policy */
	int readable;  /* read and parsed as JSON */
	int valid;     /* follows the browser's rules */
	int has_ids;   /* lists every built-in id of Tact's extension */
	char reason[MSG_MAX]; /* the first thing wrong with it */
	json_object *manifest;
	json_object *rules;   /* sentences from tact_browsers_manifest_check */
	char missing_id[TACT_PATH_MAX];
	mode_t mode;
	/* The binary its "path" names. */
	const char *binary;
	enum binary_state bin;
	mode_t bin_mode;
	uid_t bin_uid;
	json_object *report;   /* owned by the browser report */
	json_object *problems; /* borrowed from report */
};

struct policy {
	int blocked;
	int user_level_off;
	char block_file[TACT_PATH_MAX];
	char user_level_file[TACT_PATH_MAX];
};

/* One browser being checked. */
struct check {
	const struct tact_browser *b;
	const struct tact_paths *paths;
	const char *user_data_dir; /* absolute, or NULL */
	int detected;
	int counts; /* blocking problems count: installed, or asked for by name */
	int regular; /* the browser reads the usual folders (not only a sandbox) */
	json_object *report;
	json_object *problems;
	json_object *notes;
	struct candidate cands[CANDIDATES_MAX];
	size_t ncands;
	int winner; /* index into cands, or -1 */
	struct policy policy;
};

/* ---- small helpers ---- */

static const char *quote(char *out, const char *s)
{
	return tact_browsers_shell_quote(out, TACT_PATH_MAX + 64, s);
}

static void add_problem(struct check *c, json_object *list, int blocking, const char *fix,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_problem(struct check *c, json_object *list, int blocking, const char *fix,
			const char *fmt, ...)
{
	char text[MSG_MAX];
	json_object *p = json_object_new_object();
	va_list ap;

	if (p == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* A browser that is not installed cannot be broken; its stray files
	 * are still worth a warning. */
	tact_json_set(p, "blocking", json_object_new_boolean(blocking && c->counts));
	tact_json_set(p, "message", json_object_new_string(text));
	tact_json_set(p, "fix", fix != NULL ? json_object_new_string(fix) : NULL);
	tact_json_push(list, p);
}

static void add_note(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_note(struct check *c, const char *fmt, ...)
{
	char text[MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tact_json_push(c->notes, json_object_new_string(text));
}

/* The install command that repairs registration for this browser. */
static const char *install_cmd(const struct check *c, int system, char *out, size_t out_len)
{
	char q[TACT_PATH_MAX + 64];

	if (c->user_data_dir != NULL)
		snprintf(out, out_len, "tact-host install --user-data-dir %s",
			 quote(q, c->user_data_dir));
	else if (system)
		snprintf(out, out_len, "sudo tact-host install --browser %s --scope system", c->b->id);
	else
		snprintf(out, out_len, "tact-host install --browser %s", c->b->id);
	return out;
}

static const char *rm_and_install(const struct check *c, const struct candidate *k, char *out,
				  size_t out_len)
{
	char q[TACT_PATH_MAX + 64];
	char inst[TACT_PATH_MAX + 128];
	int system = strcmp(k->scope, "system") == 0;

	install_cmd(c, system && c->policy.user_level_off, inst, sizeof(inst));
	snprintf(out, out_len, "%srm %s && %s", system ? "sudo " : "", quote(q, k->path), inst);
	return out;
}

static const char *string_field(json_object *m, const char *key)
{
	json_object *v;

	if (m == NULL || !json_object_object_get_ex(m, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/* ---- policies ---- */

/* Does the policy value (a list of strings, or Firefox's comma-separated
 * preference string) name value? */
static int policy_lists(json_object *v, const char *value)
{
	if (json_object_is_type(v, json_type_object)) {
		json_object *inner;
		/* Firefox "Preferences": {"Value": ..., "Status": ...}. */
		if (!json_object_object_get_ex(v, "Value", &inner))
			return 0;
		v = inner;
	}
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			json_object *item = json_object_array_get_idx(v, i);
			if (json_object_is_type(item, json_type_string) &&
			    strcmp(json_object_get_string(item), value) == 0)
				return 1;
		}
		return 0;
	}
	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		size_t want = strlen(value);
		while (*s != '\0') {
			size_t len;
			while (*s == ' ' || *s == ',')
				s++;
			len = strcspn(s, ",");
			while (len > 0 && s[len - 1] == ' ')
				len--;
			if (len == want && strncmp(s, value, len) == 0)
				return 1;
			s += strcspn(s, ",");
		}
	}
	return 0;
}

static int policy_false(json_object *v)
{
	json_object *inner;

	if (json_object_is_type(v, json_type_object) &&
	    json_object_object_get_ex(v, "Value", &inner))
		v = inner;
	return json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v);
}

/* Reads one policy object (Chromium: the file; Firefox: its "policies"). */
static void apply_policy(struct check *c, const char *file, json_object *pol, int *block,
			 int *allow)
{
	static const char *const block_keys[] = {"NativeMessagingBlocklist",
						 "NativeMessagingBlacklist"};
	static const char *const allow_keys[] = {"NativeMessagingAllowlist",
						 "NativeMessagingWhitelist"};
	json_object *v;

	for (size_t i = 0; i < 2; i++) {
		if (json_object_object_get_ex(pol, block_keys[i], &v) &&
		    (policy_lists(v, "*") || policy_lists(v, TACT_HOST_NAME))) {
			*block = 1;
			snprintf(c->policy.block_file, sizeof(c->policy.block_file), "%s", file);
		}
		if (json_object_object_get_ex(pol, allow_keys[i], &v) &&
		    policy_lists(v, TACT_HOST_NAME))
			*allow = 1;
	}
	if (json_object_object_get_ex(pol, "NativeMessagingUserLevelHosts", &v) &&
	    policy_false(v)) {
		c->policy.user_level_off = 1;
		snprintf(c->policy.user_level_file, sizeof(c->policy.user_level_file), "%s", file);
	}
	/* Firefox: the same switches set directly as preferences. */
	if (json_object_object_get_ex(pol, "Preferences", &v) &&
	    json_object_is_type(v, json_type_object)) {
		json_object *pref;
		if (json_object_object_get_ex(v, "webextensions.native-messaging.blocklist", &pref) &&
		    (policy_lists(pref, "*") || policy_lists(pref, TACT_HOST_NAME))) {
			*block = 1;
			snprintf(c->policy.block_file, sizeof(c->policy.block_file), "%s", file);
		}
		if (json_object_object_get_ex(v, "webextensions.native-messaging.allowlist", &pref) &&
		    policy_lists(pref, TACT_HOST_NAME))
			*allow = 1;
		if (json_object_object_get_ex(v, "webextensions.native-messaging.user-level-hosts",
					      &pref) &&
		    policy_false(pref)) {
			c->policy.user_level_off = 1;
			snprintf(c->policy.user_level_file, sizeof(c->policy.user_level_file), "%s",
				 file);
		}
	}
}

static void read_policy_file(struct check *c, const char *file, int *block, int *allow)
{
	char why[MSG_MAX];
	char *text = NULL;
	size_t len = 0;
	json_object *root = NULL;
	json_object *pol;
	enum tact_err err = tact_paths_read_file(file, POLICY_FILE_MAX, &text, &len);

	if (err == TACT_ERR_NOT_FOUND)
		return;
	if (err == TACT_OK)
		err = tact_browsers_parse_json(text, len, &root, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", err == TACT_ERR_IO ? strerror(errno)
								    : tact_err_message(err));
	free(text);
	if (err != TACT_OK || !json_object_is_type(root, json_type_object)) {
		add_note(c, "policy file %s could not be read (%s); the browser ignores it too",
			 file, err != TACT_OK ? why : "not a JSON object");
		json_object_put(root);
		return;
	}
	if (c->b->engine == TACT_ENGINE_FIREFOX) {
		if (json_object_object_get_ex(root, "policies", &pol) &&
		    json_object_is_type(pol, json_type_object))
			apply_policy(c, file, pol, block, allow);
	} else {
		apply_policy(c, file, root, block, allow);
	}
	json_object_put(root);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Chromium: every *.json in the managed policy folder, in name order. */
static void read_policy_dir(struct check *c, const char *dir, int *block, int *allow)
{
	char *names[POLICY_FILES_MAX];
	size_t count = 0;
	struct dirent *ent;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((ent = readdir(d)) != NULL && count < POLICY_FILES_MAX) {
		size_t len = strlen(ent->d_name);
		if (len > 5 && strcmp(ent->d_name + len - 5, ".json") == 0) {
			names[count] = malloc(TACT_PATH_MAX);
			if (names[count] == NULL)
				break;
			if (snprintf(names[count], TACT_PATH_MAX, "%s/%s", dir, ent->d_name) >=
			    (int)TACT_PATH_MAX) {
				free(names[count]);
				continue;
			}
			count++;
		}
	}
	closedir(d);
	qsort(names, count, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < count; i++) {
		read_policy_file(c, names[i], block, allow);
		free(names[i]);
	}
}

static void check_policies(struct check *c)
{
	char path[TACT_PATH_MAX];
	int block = 0;
	int allow = 0;

	for (size_t i = 0; i < TACT_BROWSER_POLICY_PATHS_MAX && c->b->policy_paths[i] != NULL; i++) {
		if (tact_browsers_system_path(path, c->b->policy_paths[i]) != TACT_OK)
			continue;
		if (c->b->engine == TACT_ENGINE_CHROMIUM)
			read_policy_dir(c, path, &block, &allow);
		else
			read_policy_file(c, path, &block, &allow);
	}
	/* Both browsers: an allowlist entry beats the blocklist. */
	c->policy.blocked = block && !allow;
	if (c->policy.blocked) {
		char fix[MSG_MAX];
		snprintf(fix, sizeof(fix),
			 "an administrator adds \"%s\" to NativeMessagingAllowlist in %s (or removes "
			 "the blocklist entry)",
			 TACT_HOST_NAME, c->policy.block_file);
		add_problem(c, c->problems, 1, fix,
			    "the managed policy in %s blocks native hosts (NativeMessagingBlocklist "
			    "lists \"*\" or \"%s\") and does not allow %s; %s refuses to start "
			    "tact-host whatever the manifests say",
			    c->policy.block_file, TACT_HOST_NAME, TACT_HOST_NAME, c->b->name);
	} else if (block) {
		add_note(c, "native hosts are blocklisted by policy in %s, but %s is allowlisted",
			 c->policy.block_file, TACT_HOST_NAME);
	}
	if (c->policy.user_level_off)
		add_note(c,
			 "policy in %s sets NativeMessagingUserLevelHosts to false: %s reads only "
			 "system-wide manifests",
			 c->policy.user_level_file, c->b->name);
}

/* ---- sandboxes ---- */

static void check_sandboxes(struct check *c, json_object *list, int *snap_firefox)
{
	char root[TACT_PATH_MAX];
	char dir[TACT_PATH_MAX];
	char file[TACT_PATH_MAX];
	char fix[MSG_MAX];

	*snap_firefox = 0;
	for (size_t i = 0; i < TACT_BROWSER_SANDBOXES_MAX && c->b->sandboxes[i].root != NULL; i++) {
		const struct tact_sandbox *s = &c->b->sandboxes[i];
		json_object *o;
		int works;
		char msg[MSG_MAX];

		if (tact_browsers_home_path(root, c->paths->home, s->root) != TACT_OK ||
		    !tact_browsers_is_dir(root))
			continue;
		works = s->kind == TACT_SANDBOX_SNAP && c->b->engine == TACT_ENGINE_FIREFOX;
		if (s->kind == TACT_SANDBOX_SNAP && works) {
			*snap_firefox = 1;
			snprintf(msg, sizeof(msg),
				 "Snap %s (%s) starts native hosts through the WebExtensions portal: "
				 "it reads the manifest in ~/.mozilla/native-messaging-hosts (checked "
				 "below) and asks you once to allow it. If you refused, run: flatpak "
				 "permission-set webextensions %s snap.%s yes",
				 c->b->name, root, TACT_HOST_NAME, s->app);
			add_note(c, "%s", msg);
		} else if (s->kind == TACT_SANDBOX_SNAP) {
			snprintf(msg, sizeof(msg),
				 "Snap %s (%s) cannot start native messaging hosts at all: its "
				 "confinement forbids it",
				 c->b->name, root);
			snprintf(fix, sizeof(fix),
				 "use %s from a .deb or .rpm package, Google Chrome or Firefox instead, "
				 "then run: tact-host install",
				 c->b->name);
			/* Blocking only when the Snap is the browser's only build here. */
			add_problem(c, c->problems, !c->regular, fix, "%s", msg);
		} else {
			int has_manifest = 0;
			snprintf(dir, sizeof(dir), "its app folder");
			if (s->manifest_dir != NULL &&
			    tact_browsers_home_path(dir, c->paths->home, s->manifest_dir) == TACT_OK &&
			    tact_browsers_manifest_path(file, dir) == TACT_OK) {
				struct stat st;
				has_manifest = stat(file, &st) == 0;
			}
			snprintf(msg, sizeof(msg),
				 "Flatpak %s (%s) runs in a sandbox that neither reads the manifests "
				 "below nor can start a program outside it. Tact does not support this: "
				 "it could only work with a manifest in %s pointing at a copy of "
				 "tact-host and its libraries inside %s, which install does not set up%s%s",
				 c->b->name, root, dir, root,
				 c->b->engine == TACT_ENGINE_FIREFOX
					 ? ". Recent Flatpak Firefox can instead use "
					   "xdg-native-messaging-proxy, when installed and enabled, which "
					   "reads the regular ~/.mozilla manifest"
					 : "",
				 has_manifest ? ". A manifest already exists there" : "");
			snprintf(fix, sizeof(fix),
				 "use a non-Flatpak build of %s, then run: tact-host install --browser %s",
				 c->b->name, c->b->id);
			add_problem(c, c->problems, !c->regular, fix, "%s", msg);
		}
		o = json_object_new_object();
		tact_json_set(
		    o, "kind",
		    json_object_new_string(s->kind == TACT_SANDBOX_SNAP ? "snap" : "flatpak"));
		tact_json_set(o, "app", json_object_new_string(s->app));
		tact_json_set(o, "path", json_object_new_string(root));
		tact_json_set(o, "works", json_object_new_boolean(works));
		tact_json_set(o, "message", json_object_new_string(msg));
		tact_json_push(list, o);
	}
}

/* ---- candidates ---- */

static void inspect_binary(struct candidate *k)
{
	struct stat st;

	k->binary = string_field(k->manifest, "path");
	if (k->binary == NULL || k->binary[0] != '/') {
		k->bin = BIN_NO_PATH;
		return;
	}
	if (stat(k->binary, &st) != 0) {
		k->bin = BIN_MISSING;
		return;
	}
	k->bin_mode = st.st_mode;
	k->bin_uid = st.st_uid;
	if (!S_ISREG(st.st_mode))
		k->bin = BIN_NOT_FILE;
	else if ((st.st_mode & S_IXUSR) == 0 || access(k->binary, X_OK) != 0)
		k->bin = BIN_NOT_EXEC;
	else
		k->bin = BIN_OK;
}

/* Reads and checks one candidate file; decides nothing about winning. */
static void inspect(struct check *c, struct candidate *k)
{
	char why[MSG_MAX];
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	size_t count = 0;
	const char *const *ids;
	enum tact_err err;

	k->rules = json_object_new_array();
	if (stat(k->path, &st) != 0)
		return;
	k->exists = 1;
	k->mode = st.st_mode;
	err = tact_paths_read_file(k->path, TACT_MANIFEST_FILE_MAX, &text, &len);
	if (err == TACT_OK)
		err = tact_browsers_parse_json(text, len, &k->manifest, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "it cannot be read: %s",
			 err == TACT_ERR_IO ? strerror(errno) : tact_err_message(err));
	free(text);
	if (err != TACT_OK) {
		snprintf(k->reason, sizeof(k->reason), "%s", why);
		return;
	}
	k->readable = 1;
	if (tact_browsers_manifest_check(k->manifest, c->b->engine, k->rules) > 0) {
		snprintf(k->reason, sizeof(k->reason), "%s",
			 json_object_get_string(json_object_array_get_idx(k->rules, 0)));
	} else {
		k->valid = 1;
	}
	k->has_ids = 1;
	ids = tact_browsers_builtin_ids(c->b->engine, &count);
	for (size_t i = 0; i < count; i++) {
		if (ids[i][0] != '\0' && !tact_browsers_manifest_allows(k->manifest, c->b->engine,
									ids[i])) {
			k->has_ids = 0;
			snprintf(k->missing_id, sizeof(k->missing_id), "%s%s%s",
				 c->b->engine == TACT_ENGINE_CHROMIUM ? "chrome-extension://" : "",
				 ids[i], c->b->engine == TACT_ENGINE_CHROMIUM ? "/" : "");
			break;
		}
	}
	if (k->valid && !k->has_ids)
		snprintf(k->reason, sizeof(k->reason),
			 "it does not list Tact's extension (%s in %s)", k->missing_id,
			 c->b->engine == TACT_ENGINE_CHROMIUM ? "allowed_origins"
							      : "allowed_extensions");
	inspect_binary(k);
}

static enum tact_err add_candidate(struct check *c, const char *dir, const char *scope)
{
	struct candidate *k;
	enum tact_err err;

	if (c->ncands >= CANDIDATES_MAX)
		return TACT_ERR_TOO_LARGE;
	k = &c->cands[c->ncands];
	memset(k, 0, sizeof(*k));
	err = tact_browsers_manifest_path(k->path, dir);
	if (err != TACT_OK)
		return err;
	k->scope = scope;
	c->ncands++;
	return TACT_OK;
}

static enum tact_err list_candidates(struct check *c)
{
	char dir[TACT_PATH_MAX];
	enum tact_err err;

	if (c->user_data_dir != NULL) {
		if (snprintf(dir, sizeof(dir), "%s/NativeMessagingHosts", c->user_data_dir) >=
		    (int)sizeof(dir))
			return TACT_ERR_TOO_LARGE;
		err = add_candidate(c, dir, "user-data-dir");
	} else {
		err = tact_browsers_home_path(dir, c->paths->home, c->b->user_dir);
		if (err == TACT_OK)
			err = add_candidate(c, dir, "user");
	}
	for (size_t i = 0; err == TACT_OK && i < TACT_BROWSER_SYSTEM_DIRS_MAX &&
			   c->b->system_dirs[i] != NULL;
	     i++) {
		err = tact_browsers_system_path(dir, c->b->system_dirs[i]);
		if (err == TACT_OK)
			err = add_candidate(c, dir, "system");
	}
	return err;
}

/* The file the browser will use, following its own rules (reference §1.7). */
static void pick_winner(struct check *c)
{
	c->winner = -1;
	for (size_t i = 0; i < c->ncands; i++) {
		struct candidate *k = &c->cands[i];
		if (!k->exists || k->ignored)
			continue;
		if (c->b->engine == TACT_ENGINE_CHROMIUM) {
			/* Chromium stops at the first file that exists. */
			c->winner = (int)i;
			return;
		}
		/* Firefox skips unparsable files, wrong names or types, relative
		 * paths and files that do not list the add-on. */
		if (k->valid && k->has_ids) {
			c->winner = (int)i;
			return;
		}
	}
}

/* Problems of one candidate that exists, given whether it is the winner. */
static void judge(struct check *c, struct candidate *k, int is_winner, int skipped)
{
	char fix[MSG_MAX];
	char q[TACT_PATH_MAX + 64];
	int system = strcmp(k->scope, "system") == 0;
	const char *eph;

	if (k->ignored) {
		add_problem(c, k->problems, 0, install_cmd(c, 1, fix, sizeof(fix)),
			    "%s ignores this user-level file because of the "
			    "NativeMessagingUserLevelHosts policy in %s",
			    c->b->name, c->policy.user_level_file);
		return;
	}
	if (!k->readable || !k->valid) {
		if (is_winner) {
			const struct candidate *good = NULL;
			/* A good file later in the order, hidden by this one. */
			for (size_t i = (size_t)(k - c->cands) + 1; i < c->ncands && good == NULL;
			     i++) {
				if (c->cands[i].exists && c->cands[i].valid && c->cands[i].has_ids)
					good = &c->cands[i];
			}
			add_problem(c, k->problems, 1, rm_and_install(c, k, fix, sizeof(fix)),
				    "%s uses this file because it is the first that exists, and it is "
				    "broken: %s. %s does not look any further, so the extension gets "
				    "\"Specified native messaging host not found.\"%s%s%s",
				    c->b->name, k->reason, c->b->name,
				    good != NULL ? " The good manifest " : "",
				    good != NULL ? good->path : "",
				    good != NULL ? " is never read." : "");
		} else if (skipped) {
			snprintf(fix, sizeof(fix), "%srm %s", system ? "sudo " : "", quote(q, k->path));
			add_problem(c, k->problems, 0, fix, "%s skips this broken file: %s",
				    c->b->name, k->reason);
		} else {
			snprintf(fix, sizeof(fix), "%srm %s", system ? "sudo " : "", quote(q, k->path));
			add_problem(c, k->problems, 0, fix,
				    "this file is broken (%s); it is not used now, but it would be "
				    "if the files before it went away",
				    k->reason);
		}
		return;
	}
	if (!k->has_ids) {
		install_cmd(c, system, fix, sizeof(fix));
		if (is_winner)
			add_problem(c, k->problems, 1, fix,
				    "%s, so %s refuses the connection (\"Access to the specified "
				    "native messaging host is forbidden.\")",
				    k->reason, c->b->name);
		else if (skipped)
			add_problem(c, k->problems, 0, fix, "%s skips this file: %s", c->b->name,
				    k->reason);
		else
			add_problem(c, k->problems, 0, fix, "this file is not used, and %s",
				    k->reason);
	}
	if ((k->mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(fix, sizeof(fix), "%schmod go-w %s", system ? "sudo " : "",
			 quote(q, k->path));
		add_problem(c, k->problems, is_winner, fix,
			    "this manifest is writable by %s, who could point the browser at "
			    "another program",
			    (k->mode & S_IWOTH) != 0 ? "every user" : "its group");
	}
	if (k->bin == BIN_NO_PATH)
		return;
	if (!is_winner) {
		snprintf(fix, sizeof(fix), "%srm %s", system ? "sudo " : "", quote(q, k->path));
		if (k->bin != BIN_OK)
			add_problem(c, k->problems, 0, fix,
				    "its binary %s is missing or not executable (this file is not used "
				    "now)",
				    k->binary);
		return;
	}
	switch (k->bin) {
	case BIN_MISSING:
		snprintf(fix, sizeof(fix),
			 "run install from the tact-host you want browsers to use (it registers "
			 "its own path): tact-host install%s%s",
			 c->user_data_dir != NULL ? " --user-data-dir " : " --browser ",
			 c->user_data_dir != NULL ? quote(q, c->user_data_dir) : c->b->id);
		add_problem(c, k->problems, 1, fix,
			    "its path %s does not exist; the browser log says \"Found manifest, but "
			    "not the binary\" and the extension cannot connect",
			    k->binary);
		break;
	case BIN_NOT_FILE:
		install_cmd(c, system, fix, sizeof(fix));
		add_problem(c, k->problems, 1, fix, "its path %s is not a regular file", k->binary);
		break;
	case BIN_NOT_EXEC:
		snprintf(fix, sizeof(fix), "%schmod 755 %s", system ? "sudo " : "",
			 quote(q, k->binary));
		add_problem(c, k->problems, 1, fix,
			    "its binary %s is not executable, so the browser cannot start it "
			    "(\"Failed to start native messaging host.\")",
			    k->binary);
		break;
	default:
		break;
	}
	if (k->bin == BIN_OK || k->bin == BIN_NOT_EXEC) {
		if ((k->bin_mode & (S_IWGRP | S_IWOTH)) != 0) {
			snprintf(fix, sizeof(fix), "%schmod go-w %s", k->bin_uid == 0 ? "sudo " : "",
				 quote(q, k->binary));
			add_problem(c, k->problems, 1, fix,
				    "the binary %s is writable by %s, who could replace what the "
				    "browser runs",
				    k->binary, (k->bin_mode & S_IWOTH) != 0 ? "every user" : "its group");
		}
		if (system && k->bin_uid != 0) {
			snprintf(fix, sizeof(fix), "sudo chown root:root %s", quote(q, k->binary));
			add_problem(c, k->problems, 0, fix,
				    "a system-wide manifest points at %s, which belongs to user %ld "
				    "rather than root; that user can change what every user's browser "
				    "runs",
				    k->binary, (long)k->bin_uid);
		}
	}
	if (!tact_install_path_is_safe(k->binary)) {
		snprintf(fix, sizeof(fix),
			 "move tact-host to a plain path such as /usr/local/libexec/tact/tact-host, "
			 "then run from there: tact-host install%s%s",
			 c->user_data_dir != NULL ? " --user-data-dir " : " --browser ",
			 c->user_data_dir != NULL ? quote(q, c->user_data_dir) : c->b->id);
		add_problem(c, k->problems, 0, fix,
			    "the path %s has non-ASCII, control or shell characters; keep host "
			    "paths plain",
			    k->binary);
	}
	eph = tact_install_path_ephemeral(k->binary);
	if (eph != NULL) {
		snprintf(fix, sizeof(fix),
			 "install tact-host in a stable place, then run from there: tact-host "
			 "install%s%s",
			 c->user_data_dir != NULL ? " --user-data-dir " : " --browser ",
			 c->user_data_dir != NULL ? quote(q, c->user_data_dir) : c->b->id);
		add_problem(c, k->problems, 0, fix,
			    "the binary %s may not last: %s", k->binary, eph);
	}
}

/* ---- self-test ---- */

struct child_io {
	int to_child;   /* the child's stdin */
	int from_child; /* the child's stdout */
	int err_fd;     /* the child's stderr, or -1 once it closed */
	double deadline;
	char err[STDERR_KEEP];
	size_t err_len;
};

static void keep_stderr(struct child_io *s)
{
	char buf[512];
	ssize_t n = read(s->err_fd, buf, sizeof(buf));

	if (n <= 0) {
		if (n == 0 || errno != EINTR) {
			close(s->err_fd);
			s->err_fd = -1;
		}
		return;
	}
	for (ssize_t i = 0; i < n && s->err_len + 1 < sizeof(s->err); i++)
		s->err[s->err_len++] = buf[i];
	s->err[s->err_len] = '\0';
}

/* read() for tact_frame_read that gives up at the deadline (ETIMEDOUT)
 * and keeps the child's stderr flowing meanwhile. */
static ssize_t child_read(void *ctx, void *buf, size_t len)
{
	struct child_io *s = ctx;

	for (;;) {
		struct pollfd p[2] = {{s->from_child, POLLIN, 0}, {s->err_fd, POLLIN, 0}};
		double left = s->deadline - now_ms();
		int n;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(p, 2, (int)left + 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (p[1].revents != 0 && s->err_fd >= 0)
			keep_stderr(s);
		if (p[0].revents != 0)
			return read(s->from_child, buf, len);
	}
}

static ssize_t child_write(void *ctx, const void *buf, size_t len)
{
	struct child_io *s = ctx;
	return write(s->to_child, buf, len);
}

static void set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags >= 0)
		(void)fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

/* Puts fd on target in the child; clears close-on-exec when already there. */
static void child_fd(int fd, int target)
{
	if (fd == target)
		(void)fcntl(fd, F_SETFD, 0);
	else
		(void)dup2(fd, target);
}

/* Starts path with argv the way a browser does: pipes for stdin, stdout
 * and stderr, the binary's folder as working folder, our environment. */
static pid_t spawn(const char *path, char *const argv[], struct child_io *s)
{
	char dir[TACT_PATH_MAX];
	int in[2] = {-1, -1};
	int out[2] = {-1, -1};
	int err[2] = {-1, -1};
	const char *slash = strrchr(path, '/');
	pid_t pid;

	snprintf(dir, sizeof(dir), "%.*s", slash != NULL && slash != path ? (int)(slash - path) : 1,
		 slash != NULL && slash != path ? path : "/");
	if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0)
		goto fail;
	for (int i = 0; i < 2; i++) {
		set_cloexec(in[i]);
		set_cloexec(out[i]);
		set_cloexec(err[i]);
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		/* Only async-signal-safe calls from here to execv. */
		child_fd(in[0], STDIN_FILENO);
		child_fd(out[1], STDOUT_FILENO);
		child_fd(err[1], STDERR_FILENO);
		if (chdir(dir) != 0) {
			/* Browsers would fail the same way; run from here anyway. */
		}
		execv(path, argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	s->to_child = in[1];
	s->from_child = out[0];
	s->err_fd = err[0];
	return pid;
fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	return -1;
}

/* Waits up to ms for pid; kills it after that. Returns the wait status, or
 * -1 when it had to be killed (or could not be waited for). */
static int reap(pid_t pid, long ms, struct child_io *s)
{
	int status = 0;
	double until = now_ms() + (double)ms;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (now_ms() >= until)
			break;
		if (s->err_fd >= 0) {
			struct pollfd p = {s->err_fd, POLLIN, 0};
			if (poll(&p, 1, 10) > 0)
				keep_stderr(s);
		} else {
			sleep_ms(10);
		}
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	return -1;
}

/* The first line of what the child wrote on stderr, for the report. */
static const char *first_line(struct child_io *s)
{
	size_t len = strcspn(s->err, "\n");

	s->err[len] = '\0';
	return s->err;
}

static const char *exit_meaning(int code)
{
	switch (code) {
	case TACT_EXIT_REFUSED:
		return "it refused the caller: the extension id is not in its allowlist";
	case TACT_EXIT_USAGE:
		return "it did not recognise the browser's arguments";
	case TACT_EXIT_TRUNCATED:
		return "it saw a truncated frame";
	case TACT_EXIT_IO:
		return "reading or writing its pipes failed";
	case 126:
		return "it could not be executed";
	case 127:
		return "it could not be started (exec failed, or a library is missing)";
	default:
		return "it failed";
	}
}

/* Checks the answer to hello; writes what is wrong into why. */
static int check_hello(const char *body, size_t len, json_object *selftest, char *why,
		       size_t why_len)
{
	char perr[256];
	json_object *reply = NULL;
	json_object *v;
	json_object *result;
	int ok = 0;

	if (tact_browsers_parse_json(body, len, &reply, perr, sizeof(perr)) != TACT_OK ||
	    !json_object_is_type(reply, json_type_object)) {
		snprintf(why, why_len,
			 "it answered with something that is not a JSON object (%s); is something "
			 "printing to stdout?",
			 perr);
		goto out;
	}
	if (!json_object_object_get_ex(reply, "ok", &v) || !json_object_get_boolean(v)) {
		json_object *error = NULL;
		json_object_object_get_ex(reply, "error", &error);
		snprintf(why, why_len, "it answered hello with an error: %s: %s",
			 string_field(error, "code") != NULL ? string_field(error, "code") : "?",
			 string_field(error, "message") != NULL ? string_field(error, "message") : "?");
		goto out;
	}
	if (string_field(reply, "id") == NULL || strcmp(string_field(reply, "id"), "doctor") != 0) {
		snprintf(why, why_len, "its answer carries the wrong id");
		goto out;
	}
	if (!json_object_object_get_ex(reply, "result", &result) ||
	    !json_object_object_get_ex(result, "protocol", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) != TACT_PROTOCOL_VERSION) {
		snprintf(why, why_len, "it does not speak protocol %d", TACT_PROTOCOL_VERSION);
		goto out;
	}
	if (string_field(result, "version") != NULL)
		tact_json_set(selftest, "version",
			      json_object_new_string(string_field(result, "version")));
	if (json_object_object_get_ex(result, "data", &v) && string_field(v, "state") != NULL)
		tact_json_set(selftest, "state", json_object_new_string(string_field(v, "state")));
	ok = 1;
out:
	json_object_put(reply);
	return ok;
}

/*
 * Starts the winner's binary as the browser would and asks hello. Fills
 * selftest {ran, ok, ms, error, version, state}; returns 1 when it passed.
 */
static int self_test(struct check *c, const struct candidate *k, json_object *selftest)
{
	static const char request[] = "{\"v\":1,\"id\":\"doctor\",\"type\":\"hello\",\"params\":{}}";
	char origin[TACT_PATH_MAX];
	char why[MSG_MAX];
	char *argv[4] = {NULL, NULL, NULL, NULL};
	const char *const *ids;
	const char *id = NULL;
	struct child_io s;
	struct tact_io io = {child_read, child_write, &s};
	struct sigaction ignore;
	struct sigaction old_pipe;
	char *body = NULL;
	size_t len = 0;
	size_t count = 0;
	double start;
	int status;
	int ok = 0;
	pid_t pid;
	enum tact_err err;

	memset(&s, 0, sizeof(s));
	s.err_fd = -1;
	why[0] = '\0';
	ids = tact_browsers_builtin_ids(c->b->engine, &count);
	for (size_t i = 0; i < count && id == NULL; i++) {
		if (ids[i][0] != '\0')
			id = ids[i];
	}
	if (id == NULL)
		id = "";
	/* Browser-style argv (reference §1.2). */
	argv[0] = (char *)k->binary;
	if (c->b->engine == TACT_ENGINE_CHROMIUM) {
		snprintf(origin, sizeof(origin), "chrome-extension://%s/", id);
		argv[1] = origin;
	} else {
		argv[1] = (char *)k->path;
		argv[2] = (char *)id;
	}
	{
		/* The same command line, for people to run by hand. */
		char line[3 * TACT_PATH_MAX];
		size_t used = 0;
		line[0] = '\0';
		for (int i = 0; argv[i] != NULL && used + 2 < sizeof(line); i++) {
			char q[TACT_PATH_MAX + 64];
			int n = snprintf(line + used, sizeof(line) - used, "%s%s", i > 0 ? " " : "",
					 quote(q, argv[i]));
			if (n < 0)
				break;
			used += (size_t)n;
		}
		tact_json_set(selftest, "command", json_object_new_string(line));
	}

	/* A host that dies before reading must not kill us with SIGPIPE. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old_pipe);

	tact_json_set(selftest, "ran", json_object_new_boolean(1));
	start = now_ms();
	pid = spawn(k->binary, argv, &s);
	if (pid < 0) {
		snprintf(why, sizeof(why), "cannot start it: %s", strerror(errno));
		goto done;
	}
	s.deadline = start + TACT_SELFTEST_TIMEOUT_MS;
	/* Read even when the write failed: a host that exits at once may still
	 * have said something, and that is what needs explaining. */
	if (tact_frame_write(&io, request, sizeof(request) - 1) != TACT_OK) {
		/* Its input is gone (EPIPE); see what it left on its output. */
	}
	err = tact_frame_read(&io, TACT_FRAME_MAX_OUT, &body, &len);
	if (err == TACT_OK) {
		double ms = now_ms() - start;
		char text[32];
		/* One decimal, written as such (json-c would print 2.7999999...). */
		snprintf(text, sizeof(text), "%.1f", ms);
		tact_json_set(selftest, "ms", json_object_new_double_s(ms, text));
		ok = check_hello(body, len, selftest, why, sizeof(why));
	}
	close(s.to_child); /* end of input: the host must now exit */
	s.to_child = -1;
	/* A host that failed already gets no grace period. */
	status = reap(pid, err == TACT_OK ? EXIT_WAIT_MS : 100, &s);
	if (err != TACT_OK) {
		if (err == TACT_ERR_IO && errno == ETIMEDOUT)
			snprintf(why, sizeof(why), "it did not answer within %d ms",
				 TACT_SELFTEST_TIMEOUT_MS);
		else if (err == TACT_ERR_TOO_LARGE)
			snprintf(why, sizeof(why),
				 "it announced a %zu-byte answer, more than the %u bytes browsers "
				 "accept; something else is writing to its stdout",
				 len, TACT_FRAME_MAX_OUT);
		else if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			snprintf(why, sizeof(why), "it closed its output and exited without answering");
		else if (status != -1 && WIFEXITED(status))
			snprintf(why, sizeof(why), "it exited with status %d before answering: %s",
				 WEXITSTATUS(status), exit_meaning(WEXITSTATUS(status)));
		else if (status != -1 && WIFSIGNALED(status))
			snprintf(why, sizeof(why), "it was killed by signal %d before answering",
				 WTERMSIG(status));
		else
			snprintf(why, sizeof(why), "it closed its output without answering (%s)",
				 tact_err_message(err));
	} else if (ok && status == -1) {
		ok = 0;
		snprintf(why, sizeof(why),
			 "it answered, but did not exit within %d ms after its input closed; "
			 "browsers kill such hosts",
			 EXIT_WAIT_MS);
	}
	if (!ok && s.err_len > 0) {
		size_t n = strlen(why);
		snprintf(why + n, sizeof(why) - n, " (its stderr: %s)", first_line(&s));
	}
	close(s.from_child);
	if (s.err_fd >= 0)
		close(s.err_fd);
done:
	sigaction(SIGPIPE, &old_pipe, NULL);
	free(body);
	tact_json_set(selftest, "ok", json_object_new_boolean(ok));
	tact_json_set(selftest, "error", ok ? NULL : json_object_new_string(why));
	return ok;
}

/* ---- one browser ---- */

static json_object *candidate_report(struct check *c, struct candidate *k, int index)
{
	json_object *o = json_object_new_object();

	tact_json_set(o, "path", json_object_new_string(k->path));
	tact_json_set(o, "scope", json_object_new_string(k->scope));
	tact_json_set(o, "exists", json_object_new_boolean(k->exists));
	tact_json_set(o, "valid", json_object_new_boolean(k->exists && k->valid));
	tact_json_set(o, "allows_tact",
		      json_object_new_boolean(k->exists && k->valid && k->has_ids));
	tact_json_set(o, "ignored", json_object_new_boolean(k->ignored));
	tact_json_set(o, "used", json_object_new_boolean(index == c->winner));
	tact_json_set(o, "binary", k->binary != NULL ? json_object_new_string(k->binary) : NULL);
	tact_json_set(o, "rules", json_object_get(k->rules));
	k->problems = json_object_new_array();
	tact_json_set(o, "problems", k->problems);
	return o;
}

static void check_browser(struct check *c, int explicit)
{
	char root[TACT_PATH_MAX];
	char fix[MSG_MAX];
	json_object *sandboxes = json_object_new_array();
	json_object *cands = json_object_new_array();
	json_object *selftest = json_object_new_object();
	int snap_firefox = 0;
	int any_exists = 0;

	c->report = json_object_new_object();
	c->problems = json_object_new_array();
	c->notes = json_object_new_array();
	c->winner = -1;

	if (c->user_data_dir != NULL)
		snprintf(root, sizeof(root), "%s", c->user_data_dir);
	else if (tact_browsers_home_path(root, c->paths->home, c->b->root) != TACT_OK)
		root[0] = '\0';
	c->regular = tact_browsers_is_dir(root);
	c->detected = c->regular;
	c->counts = c->regular || explicit;

	tact_json_set(c->report, "id", json_object_new_string(c->b->id));
	tact_json_set(c->report, "name", json_object_new_string(c->b->name));
	tact_json_set(
	    c->report, "engine",
	    json_object_new_string(c->b->engine == TACT_ENGINE_CHROMIUM ? "chromium" : "firefox"));
	tact_json_set(c->report, "root", json_object_new_string(root));

	if (c->user_data_dir == NULL) {
		/* A sandboxed build also counts as the browser being installed. */
		char probe[TACT_PATH_MAX];
		for (size_t i = 0;
		     i < TACT_BROWSER_SANDBOXES_MAX && c->b->sandboxes[i].root != NULL; i++) {
			if (tact_browsers_home_path(probe, c->paths->home, c->b->sandboxes[i].root) ==
				    TACT_OK &&
			    tact_browsers_is_dir(probe)) {
				c->detected = 1;
				c->counts = 1;
			}
		}
		check_sandboxes(c, sandboxes, &snap_firefox);
		/* Snap Firefox reads the regular folders through the portal. */
		if (snap_firefox)
			c->regular = 1;
	}
	if (strcmp(c->b->id, "opera") == 0)
		add_note(c, "Opera reads Google Chrome's manifest folders");

	check_policies(c);
	if (list_candidates(c) != TACT_OK) {
		add_problem(c, c->problems, 1, "unset TACT_SYSROOT, or set it to an absolute path",
			    "cannot build the manifest paths (too long, or TACT_SYSROOT not absolute)");
	}
	for (size_t i = 0; i < c->ncands; i++) {
		struct candidate *k = &c->cands[i];
		inspect(c, k);
		k->ignored = c->policy.user_level_off && strcmp(k->scope, "system") != 0;
		any_exists |= k->exists && !k->ignored;
	}
	pick_winner(c);
	for (size_t i = 0; i < c->ncands; i++) {
		struct candidate *k = &c->cands[i];
		tact_json_push(cands, candidate_report(c, k, (int)i));
		if (k->exists)
			judge(c, k, (int)i == c->winner,
			      c->winner < 0 || (int)i < c->winner);
	}

	if (c->user_data_dir != NULL && !c->regular) {
		add_problem(c, c->problems, 1, install_cmd(c, 0, fix, sizeof(fix)),
			    "the profile folder %s does not exist", c->user_data_dir);
	} else if (!c->detected && explicit) {
		snprintf(fix, sizeof(fix),
			 "install %s and start it once, or write the manifest anyway: tact-host "
			 "install --browser %s --force",
			 c->b->name, c->b->id);
		add_problem(c, c->problems, 1, fix, "%s is not installed for this user (no %s)",
			    c->b->name, root);
	}

	if (c->winner < 0 && c->regular) {
		int user_file = c->ncands > 0 && c->cands[0].exists && c->cands[0].ignored;
		if (user_file) {
			add_problem(c, c->problems, 1, install_cmd(c, 1, fix, sizeof(fix)),
				    "the only manifest is the user-level %s, and the policy in %s "
				    "(NativeMessagingUserLevelHosts: false) makes %s ignore it",
				    c->cands[0].path, c->policy.user_level_file, c->b->name);
		} else if (any_exists) {
			/* Firefox: files exist but none is usable. */
			const struct candidate *first = NULL;
			for (size_t i = 0; i < c->ncands && first == NULL; i++) {
				if (c->cands[i].exists && !c->cands[i].ignored)
					first = &c->cands[i];
			}
			add_problem(c, c->problems, 1, rm_and_install(c, first, fix, sizeof(fix)),
				    "%s finds no usable manifest, so the extension gets \"No such "
				    "native application %s\"",
				    c->b->name, TACT_HOST_NAME);
		} else {
			add_problem(c, c->problems, 1, install_cmd(c, 0, fix, sizeof(fix)),
				    "tact-host is not registered with %s: none of the manifest files "
				    "below exists",
				    c->b->name);
		}
	}

	tact_json_set(c->report, "detected", json_object_new_boolean(c->detected));
	tact_json_set(c->report, "sandbox", sandboxes);
	tact_json_set(c->report, "candidates", cands);
	if (c->winner >= 0) {
		struct candidate *w = &c->cands[c->winner];
		tact_json_set(c->report, "winner", json_object_new_string(w->path));
		tact_json_set(c->report, "winner_reason",
			      json_object_new_string(
				  c->b->engine == TACT_ENGINE_CHROMIUM
				      ? "the first file that exists in the lookup order; Chromium "
					"does not fall through to later files, even if it is broken"
				      : "the first usable file in the lookup order; Firefox skips "
					"files it cannot use"));
	} else {
		tact_json_set(c->report, "winner", NULL);
		tact_json_set(c->report, "winner_reason", NULL);
	}

	/* The self-test runs whatever the browser would run. */
	if (c->winner >= 0 && c->cands[c->winner].valid && c->cands[c->winner].has_ids &&
	    c->cands[c->winner].bin == BIN_OK) {
		struct candidate *w = &c->cands[c->winner];
		if (!self_test(c, w, selftest)) {
			json_object *e = NULL;
			json_object *cmd = NULL;
			json_object_object_get_ex(selftest, "error", &e);
			json_object_object_get_ex(selftest, "command", &cmd);
			snprintf(fix, sizeof(fix),
				 "run it the way the browser does and read its messages: "
				 "TACT_LOG=debug %s </dev/null",
				 json_object_get_string(cmd));
			add_problem(c, c->problems, 1, fix, "self-test of %s failed: %s", w->binary,
				    json_object_get_string(e));
		} else {
			json_object *state = NULL;
			if (json_object_object_get_ex(selftest, "state", &state) &&
			    strcmp(json_object_get_string(state), "ready") != 0) {
				char q[TACT_PATH_MAX + 64];
				snprintf(fix, sizeof(fix), "mkdir -p %s && chmod 700 %s",
					 quote(q, c->paths->data_dir), q);
				add_problem(c, c->problems, 0, fix,
					    "the host answered, but says its data folder is %s; the "
					    "extension will show why",
					    json_object_get_string(state));
			}
		}
	} else {
		tact_json_set(selftest, "ran", json_object_new_boolean(0));
		tact_json_set(selftest, "ok", json_object_new_boolean(0));
		tact_json_set(selftest, "ms", NULL);
		tact_json_set(selftest, "error",
			      json_object_new_string("not run: no usable manifest"));
	}
	tact_json_set(c->report, "selftest", selftest);
	tact_json_set(c->report, "problems", c->problems);
	tact_json_set(c->report, "notes", c->notes);

	for (size_t i = 0; i < c->ncands; i++) {
		json_object_put(c->cands[i].manifest);
		json_object_put(c->cands[i].rules);
	}
}

/* ---- output ---- */

static void count_list(json_object *list, int *blocking, int *warnings)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *p = json_object_array_get_idx(list, i);
		json_object *b;
		if (json_object_object_get_ex(p, "blocking", &b) && json_object_get_boolean(b))
			(*blocking)++;
		else
			(*warnings)++;
	}
}

static void print_problems(json_object *list, const char *indent)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *p = json_object_array_get_idx(list, i);
		json_object *v;
		int blocking = json_object_object_get_ex(p, "blocking", &v) &&
			       json_object_get_boolean(v);
		printf("%s%s %s\n", indent, blocking ? "PROBLEM:" : "warning:",
		       string_field(p, "message"));
		if (string_field(p, "fix") != NULL)
			printf("%s    fix: %s\n", indent, string_field(p, "fix"));
	}
}

static int get_bool(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static void print_browser(json_object *r)
{
	json_object *cands;
	json_object *list;
	json_object *selftest;
	json_object *v;
	int firefox = strcmp(string_field(r, "engine"), "firefox") == 0;
	int any = 0;

	json_object_object_get_ex(r, "candidates", &cands);
	for (size_t i = 0; i < json_object_array_length(cands); i++)
		any |= get_bool(json_object_array_get_idx(cands, i), "exists");
	json_object_object_get_ex(r, "sandbox", &list);
	if (!get_bool(r, "detected") && !any && json_object_array_length(list) == 0) {
		json_object_object_get_ex(r, "problems", &list);
		printf("%s (%s): not installed (no %s)\n", string_field(r, "id"),
		       string_field(r, "name"), string_field(r, "root"));
		print_problems(list, "  ");
		return;
	}
	printf("%s (%s): %s (%s)\n", string_field(r, "id"), string_field(r, "name"),
	       get_bool(r, "detected") ? "installed" : "not installed", string_field(r, "root"));
	json_object_object_get_ex(r, "sandbox", &list);
	for (size_t i = 0; i < json_object_array_length(list); i++)
		printf("  sandbox: %s %s\n", string_field(json_object_array_get_idx(list, i), "kind"),
		       string_field(json_object_array_get_idx(list, i), "path"));
	printf("  manifests, in the order %s looks for them (%s):\n", string_field(r, "name"),
	       firefox ? "the first usable one wins" : "the first one that exists wins, broken or not");
	for (size_t i = 0; i < json_object_array_length(cands); i++) {
		json_object *k = json_object_array_get_idx(cands, i);
		const char *state;
		if (!get_bool(k, "exists"))
			state = "absent";
		else if (get_bool(k, "ignored"))
			state = "ignored by policy";
		else if (!get_bool(k, "valid"))
			state = "BROKEN";
		else if (!get_bool(k, "allows_tact"))
			state = "does not allow Tact's extension";
		else
			state = "valid";
		printf("    %zu. [%s] %s: %s%s\n", i + 1, string_field(k, "scope"),
		       string_field(k, "path"), state, get_bool(k, "used") ? "  <- used" : "");
		json_object_object_get_ex(k, "problems", &list);
		print_problems(list, "       ");
	}
	if (string_field(r, "winner") != NULL)
		printf("  used: %s\n        (%s)\n", string_field(r, "winner"),
		       string_field(r, "winner_reason"));
	else
		printf("  used: none\n");
	json_object_object_get_ex(r, "selftest", &selftest);
	if (get_bool(selftest, "ran") && get_bool(selftest, "ok")) {
		json_object_object_get_ex(selftest, "ms", &v);
		printf("  self-test: ok, %s %s answered hello (protocol %d) in %.1f ms\n",
		       "tact-host",
		       string_field(selftest, "version") != NULL ? string_field(selftest, "version")
								 : "?",
		       TACT_PROTOCOL_VERSION, json_object_get_double(v));
	} else if (get_bool(selftest, "ran")) {
		printf("  self-test: FAILED\n");
	} else {
		printf("  self-test: %s\n", string_field(selftest, "error"));
	}
	json_object_object_get_ex(r, "problems", &list);
	print_problems(list, "  ");
	json_object_object_get_ex(r, "notes", &list);
	for (size_t i = 0; i < json_object_array_length(list); i++)
		printf("  note: %s\n", json_object_get_string(json_object_array_get_idx(list, i)));
}

/* ---- entry point ---- */

int tact_doctor_main(int argc, char **argv, const struct tact_paths *paths)
{
	const struct tact_browser *only = NULL;
	const char *udd_arg = NULL;
	char udd[TACT_PATH_MAX];
	json_object *doc;
	json_object *browsers;
	json_object *global;
	int as_json = 0;
	int blocking = 0;
	int warnings = 0;
	int detected_any = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = NULL;
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(doctor_usage, stdout);
			return TACT_EXIT_OK;
		} else if (strcmp(arg, "--json") == 0) {
			as_json = 1;
			continue;
		} else if (strncmp(arg, "--browser=", 10) == 0) {
			value = arg + 10;
		} else if (strcmp(arg, "--browser") == 0 && i + 1 < argc) {
			value = argv[++i];
		} else if (strncmp(arg, "--user-data-dir=", 16) == 0) {
			udd_arg = arg + 16;
			continue;
		} else if (strcmp(arg, "--user-data-dir") == 0 && i + 1 < argc) {
			udd_arg = argv[++i];
			continue;
		} else {
			fprintf(stderr, "tact-host: unknown or incomplete option %s\n\n%s", arg,
				doctor_usage);
			return TACT_EXIT_USAGE;
		}
		if (strcmp(value, "all") == 0) {
			only = NULL;
		} else if ((only = tact_browsers_find(value)) == NULL) {
			fprintf(stderr, "tact-host: unknown browser %s\n\n%s", value, doctor_usage);
			return TACT_EXIT_USAGE;
		}
	}
	if (udd_arg != NULL) {
		char cwd[TACT_PATH_MAX];
		int n;
		if (udd_arg[0] == '\0' ||
		    (only != NULL && only->engine != TACT_ENGINE_CHROMIUM)) {
			fprintf(stderr,
				"tact-host: --user-data-dir needs a folder and a Chromium-based "
				"browser\n\n%s",
				doctor_usage);
			return TACT_EXIT_USAGE;
		}
		if (udd_arg[0] == '/')
			n = snprintf(udd, sizeof(udd), "%s", udd_arg);
		else if (getcwd(cwd, sizeof(cwd)) != NULL)
			n = snprintf(udd, sizeof(udd), "%s/%s", cwd, udd_arg);
		else
			n = -1;
		if (n < 0 || (size_t)n >= sizeof(udd)) {
			fprintf(stderr, "tact-host: the --user-data-dir path is too long\n");
			return TACT_EXIT_FAILURE;
		}
		while (n > 1 && udd[n - 1] == '/')
			udd[--n] = '\0';
		if (only == NULL)
			only = tact_browsers_find("chromium");
	}

	doc = json_object_new_object();
	browsers = json_object_new_array();
	global = json_object_new_array();
	if (doc == NULL || browsers == NULL || global == NULL) {
		json_object_put(doc);
		json_object_put(browsers);
		json_object_put(global);
		fprintf(stderr, "tact-host: out of memory\n");
		return TACT_EXIT_FAILURE;
	}
	tact_json_set(doc, "host_name", json_object_new_string(TACT_HOST_NAME));
	tact_json_set(doc, "browsers", browsers);

	for (size_t i = 0; i < tact_browsers_count(); i++) {
		struct check *c;
		const struct tact_browser *b = tact_browsers_at(i);
		json_object *list;
		if (only != NULL && only != b)
			continue;
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			break;
		c->b = b;
		c->paths = paths;
		c->user_data_dir = udd_arg != NULL ? udd : NULL;
		check_browser(c, only != NULL);
		detected_any |= c->detected || c->counts;
		tact_json_push(browsers, c->report);
		count_list(c->problems, &blocking, &warnings);
		json_object_object_get_ex(c->report, "candidates", &list);
		for (size_t j = 0; j < json_object_array_length(list); j++) {
			json_object *problems;
			json_object_object_get_ex(json_object_array_get_idx(list, j), "problems",
						  &problems);
			count_list(problems, &blocking, &warnings);
		}
		free(c);
	}
	if (!detected_any) {
		json_object *p = json_object_new_object();
		tact_json_set(p, "blocking", json_object_new_boolean(1));
		tact_json_set(
		    p, "message",
		    json_object_new_string("no supported browser was found for this user"));
		tact_json_set(
		    p, "fix",
		    json_object_new_string("install Chromium, Chrome, Edge, Brave, Vivaldi, Opera, "
					   "Firefox or LibreWolf and start it once, then run: "
					   "tact-host install"));
		tact_json_push(global, p);
		blocking++;
	}
	tact_json_set(doc, "global_problems", global);
	tact_json_set(doc, "problems", json_object_new_int(blocking));
	tact_json_set(doc, "warnings", json_object_new_int(warnings));

	if (as_json) {
		printf("%s\n", json_object_to_json_string_ext(doc, JSON_OUT));
	} else {
		printf("tact-host doctor: can each browser start %s?\n\n", TACT_HOST_NAME);
		for (size_t i = 0; i < json_object_array_length(browsers); i++) {
			print_browser(json_object_array_get_idx(browsers, i));
			printf("\n");
		}
		print_problems(global, "");
		if (blocking == 0)
			printf("No blocking problem; %d warning%s.\n", warnings,
			       warnings == 1 ? "" : "s");
		else
			printf("%d blocking problem%s and %d warning%s; each comes with its fix.\n",
			       blocking, blocking == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	}
	json_object_put(doc);
	return blocking == 0 ? TACT_EXIT_OK : TACT_EXIT_FAILURE;
}
