#include "tact/install.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/browsers.h"
#include "tact/build_config.h"
#include "tact/config.h"
#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"

/* Enough for every browser's user folder or every system folder. */
#define PLAN_MAX 32u
#define MSG_MAX (2u * TACT_PATH_MAX + 1024u)
#define JSON_OUT \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
#define STATE_FILE_MAX (256u * 1024u)

static const char install_usage[] =
	"usage: tact-host install [--browser all|" TACT_BROWSER_IDS "]\n"
	"                         [--scope user|system] [--user-data-dir DIR]\n"
	"                         [--host-path PATH] [--force] [--dry-run] [--json]\n"
	"\n"
	"Writes the native messaging manifest " TACT_HOST_NAME ".json for each selected\n"
	"browser that is installed (--force: even if it is not). --user-data-dir DIR\n"
	"writes DIR/NativeMessagingHosts/ for a Chromium profile folder. The host path\n"
	"is this program unless --host-path is given. TACT_SYSROOT=/abs/dir puts system\n"
	"files under that folder (for packaging and tests).\n";

static const char uninstall_usage[] =
	"usage: tact-host uninstall [--browser all|" TACT_BROWSER_IDS "]\n"
	"                           [--dry-run] [--json]\n"
	"\n"
	"Removes the manifests install recorded, if they still are Tact's.\n";

/* ---- options ---- */

/* Reads "--name value" or "--name=value"; 1 if argv[*i] is that option. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value,
			int *missing)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, len) != 0)
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*missing = 1;
		return 1;
	}
	*value = argv[++*i];
	return 1;
}

static int usage(const char *text, const char *problem, const char *arg)
{
	if (problem != NULL)
		fprintf(stderr, "tact-host: %s%s%s\n\n", problem, arg != NULL ? " " : "",
			arg != NULL ? arg : "");
	fputs(text, stderr);
	return TACT_EXIT_USAGE;
}

/* NULL selects every browser; *bad set when the name is unknown. */
static const struct tact_browser *parse_browser(const char *value, int *bad)
{
	const struct tact_browser *b;

	*bad = 0;
	if (strcmp(value, "all") == 0)
		return NULL;
	b = tact_browsers_find(value);
	if (b == NULL)
		*bad = 1;
	return b;
}

/* ---- host path checks ---- */

int tact_install_path_is_safe(const char *path)
{
	if (path[0] != '/')
		return 0;
	for (const char *p = path; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c >= 0x7f || strchr("&|;<>()$`\"'\\%", c) != NULL)
			return 0;
	}
	return 1;
}

/* Does path have a folder component starting with prefix? */
static int has_component(const char *path, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const char *p = strchr(path, '/'); p != NULL; p = strchr(p + 1, '/')) {
		const char *next = strchr(p + 1, '/');
		if (next == NULL)
			break; /* the file name itself */
		if (strncmp(p + 1, prefix, len) == 0 && (size_t)(next - (p + 1)) >= len)
			return 1;
	}
	return 0;
}

const char *tact_install_path_ephemeral(const char *path)
{
	if (strncmp(path, "/tmp/.mount_", 12) == 0)
		return "it is inside an AppImage mount, which changes every time the AppImage starts";
	if (strncmp(path, "/tmp/", 5) == 0 || strncmp(path, "/var/tmp/", 9) == 0 ||
	    strncmp(path, "/dev/shm/", 9) == 0)
		return "it is in a temporary folder";
	if (strncmp(path, "/nix/store/", 11) == 0)
		return "it is in the Nix store, whose path changes with every build";
	if (strncmp(path, "/snap/", 6) == 0) {
		/* /snap/<name>/<revision>/...: "current" is the stable alias. */
		const char *rev = strchr(path + 6, '/');
		if (rev != NULL && strncmp(rev + 1, "current/", 8) != 0)
			return "it is inside one Snap revision, which goes away on the next refresh";
	}
	if (has_component(path, "Cellar"))
		return "it is inside a versioned Homebrew Cellar folder";
	if (has_component(path, "build") || has_component(path, "cmake-build"))
		return "it is inside a build folder";
	return NULL;
}

/* The path of this program, from /proc (Linux). */
static int self_path(char *out, size_t out_len)
{
	ssize_t n = readlink("/proc/self/exe", out, out_len - 1);

	if (n <= 0 || (size_t)n >= out_len - 1)
		return 0;
	out[n] = '\0';
	return 1;
}

static int check_host_path(const char *path, char *why, size_t why_len)
{
	struct stat st;

	if (path[0] != '/') {
		snprintf(why, why_len, "the host path %s is not absolute", path);
		return 0;
	}
	if (!tact_install_path_is_safe(path)) {
		snprintf(why, why_len,
			 "the host path %s has a character browsers cannot launch safely "
			 "(non-ASCII, a control character, or one of & | ; < > ( ) $ ` \" ' \\ %%); "
			 "install tact-host in a plain folder such as /usr/local/libexec/tact",
			 path);
		return 0;
	}
	if (stat(path, &st) != 0) {
		snprintf(why, why_len, "the host path %s does not exist: %s", path, strerror(errno));
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "the host path %s is not a regular file", path);
		return 0;
	}
	if ((st.st_mode & S_IXUSR) == 0 || access(path, X_OK) != 0) {
		snprintf(why, why_len, "the host path %s is not executable; fix: chmod 755 %s", path,
			 path);
		return 0;
	}
	return 1;
}

/* ---- files ---- */

/* mkdir -p where the folders we create get 0755 whatever the umask, so a
 * browser (and, for system folders, every user) can read them. */
static int make_dirs_0755(const char *dir)
{
	char path[TACT_PATH_MAX];
	size_t len;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char saved = path[i];
		path[i] = '\0';
		if (mkdir(path, 0755) == 0) {
			if (chmod(path, 0755) != 0)
				return -1;
		} else if (errno != EEXIST) {
			return -1;
		} else if (!tact_browsers_is_dir(path)) {
			errno = ENOTDIR;
			return -1;
		}
		path[i] = saved;
	}
	return 0;
}

/* Splits path into its folder (out) and returns the file name part. */
static const char *split_dir(const char *path, char *out)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash != NULL ? (size_t)(slash - path) : 0;

	if (len == 0) {
		snprintf(out, TACT_PATH_MAX, "/");
	} else {
		memcpy(out, path, len);
		out[len] = '\0';
	}
	return slash != NULL ? slash + 1 : path;
}

/* Writes data to path atomically: a temp file in the same folder, fsync,
 * rename over path, fsync of the folder. Readers see the old file or the
 * new one, never half of one. Returns 0, or -1 with errno set. */
static int write_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	char dir[TACT_PATH_MAX];
	char tmp[TACT_PATH_MAX];
	const char *base = split_dir(path, dir);
	size_t done = 0;
	int saved;
	int fd;
	int dfd;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		/* Makes the rename itself durable; failure here loses nothing now. */
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

/* Is path already exactly text with mode 0644? */
static int file_matches(const char *path, const char *text)
{
	struct stat st;
	char *old = NULL;
	size_t len = 0;
	int same;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0644)
		return 0;
	if (tact_paths_read_file(path, TACT_MANIFEST_FILE_MAX, &old, &len) != TACT_OK)
		return 0;
	same = len == strlen(text) && memcmp(old, text, len) == 0;
	free(old);
	return same;
}

/* ---- install state ---- */

/* Loads the state list. A missing file is an empty list; a damaged one
 * sets *damaged and also yields an empty list. Caller owns *out. */
static enum tact_err state_load(const char *file, json_object **out, int *damaged)
{
	char why[MSG_MAX];
	char *text = NULL;
	size_t len = 0;
	json_object *root = NULL;
	enum tact_err err;

	*damaged = 0;
	*out = NULL;
	err = tact_paths_read_file(file, STATE_FILE_MAX, &text, &len);
	if (err == TACT_OK)
		err = tact_browsers_parse_json(text, len, &root, why, sizeof(why));
	free(text);
	if (err == TACT_OK && json_object_is_type(root, json_type_array)) {
		/* Keep only well-formed entries. */
		json_object *list = json_object_new_array();
		if (list == NULL) {
			json_object_put(root);
			return TACT_ERR_NOMEM;
		}
		for (size_t i = 0; i < json_object_array_length(root); i++) {
			json_object *e = json_object_array_get_idx(root, i);
			json_object *v;
			if (json_object_object_get_ex(e, "browser", &v) &&
			    json_object_is_type(v, json_type_string) &&
			    json_object_object_get_ex(e, "path", &v) &&
			    json_object_is_type(v, json_type_string) &&
			    json_object_get_string(v)[0] == '/' &&
			    json_object_object_get_ex(e, "scope", &v) &&
			    json_object_is_type(v, json_type_string))
				tact_json_push(list, json_object_get(e));
			else
				*damaged = 1;
		}
		json_object_put(root);
		*out = list;
		return TACT_OK;
	}
	json_object_put(root);
	if (err != TACT_OK && err != TACT_ERR_NOT_FOUND && err != TACT_ERR_BAD_JSON &&
	    err != TACT_ERR_TOO_LARGE)
		return err;
	if (err != TACT_ERR_NOT_FOUND)
		*damaged = 1;
	*out = json_object_new_array();
	return *out != NULL ? TACT_OK : TACT_ERR_NOMEM;
}

/* Writes the list (0600, folder 0700), or removes the file when empty. */
static int state_save(const struct tact_paths *paths, json_object *list)
{
	const char *text;
	size_t len = 0;

	if (json_object_array_length(list) == 0) {
		if (unlink(paths->install_state_file) != 0 && errno != ENOENT)
			return -1;
		return 0;
	}
	if (tact_paths_make_dir(paths->config_dir) != TACT_OK)
		return -1;
	text = json_object_to_json_string_length(list, JSON_OUT, &len);
	if (text == NULL) {
		errno = ENOMEM;
		return -1;
	}
	{
		char *copy = malloc(len + 2);
		int rc;
		if (copy == NULL) {
			errno = ENOMEM;
			return -1;
		}
		memcpy(copy, text, len);
		copy[len] = '\n';
		copy[len + 1] = '\0';
		rc = write_atomic(paths->install_state_file, copy, len + 1, 0600);
		free(copy);
		return rc;
	}
}

static const char *entry_str(json_object *e, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(e, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static json_object *make_entry(const char *browser, const char *path, const char *scope)
{
	json_object *e = json_object_new_object();

	if (e == NULL)
		return NULL;
	tact_json_set(e, "browser", json_object_new_string(browser));
	tact_json_set(e, "path", json_object_new_string(path));
	tact_json_set(e, "scope", json_object_new_string(scope));
	return e;
}

static void state_add(json_object *list, const char *browser, const char *path, const char *scope)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		if (strcmp(entry_str(e, "browser"), browser) == 0 &&
		    strcmp(entry_str(e, "path"), path) == 0) {
			tact_json_set(e, "scope", json_object_new_string(scope));
			return;
		}
	}
	tact_json_push(list, make_entry(browser, path, scope));
}

/* ---- output ---- */

static void print_json(json_object *doc)
{
	const char *text = json_object_to_json_string_ext(doc, JSON_OUT);

	if (text != NULL)
		printf("%s\n", text);
}

static void add_string(json_object *list, const char *s)
{
	tact_json_push(list, json_object_new_string(s));
}

/* ---- install ---- */

struct install_opts {
	const struct tact_browser *browser; /* NULL: all */
	int system;
	const char *user_data_dir;
	const char *host_path;
	int force;
	int dry_run;
	int json;
};

struct plan {
	const char *browser;
	enum tact_engine engine;
	const char *scope;
	char path[TACT_PATH_MAX];
};

struct plan_list {
	struct plan items[PLAN_MAX];
	size_t count;
};

static int parse_install(int argc, char **argv, struct install_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = NULL;
		int missing = 0;
		int bad = 0;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(install_usage, stdout);
			return -1;
		} else if (option_value(argc, argv, &i, "--browser", &value, &missing)) {
			if (missing)
				return usage(install_usage, "--browser needs a value", NULL);
			o->browser = parse_browser(value, &bad);
			if (bad)
				return usage(install_usage, "unknown browser", value);
		} else if (option_value(argc, argv, &i, "--scope", &value, &missing)) {
			if (missing)
				return usage(install_usage, "--scope needs a value", NULL);
			if (strcmp(value, "system") == 0)
				o->system = 1;
			else if (strcmp(value, "user") == 0)
				o->system = 0;
			else
				return usage(install_usage, "--scope is user or system, not", value);
		} else if (option_value(argc, argv, &i, "--user-data-dir", &value, &missing)) {
			if (missing || value[0] == '\0')
				return usage(install_usage, "--user-data-dir needs a folder", NULL);
			o->user_data_dir = value;
		} else if (option_value(argc, argv, &i, "--host-path", &value, &missing)) {
			if (missing || value[0] == '\0')
				return usage(install_usage, "--host-path needs a path", NULL);
			o->host_path = value;
		} else if (strcmp(arg, "--force") == 0) {
			o->force = 1;
		} else if (strcmp(arg, "--dry-run") == 0) {
			o->dry_run = 1;
		} else if (strcmp(arg, "--json") == 0) {
			o->json = 1;
		} else {
			return usage(install_usage, "unknown option", arg);
		}
	}
	if (o->user_data_dir != NULL && o->system)
		return usage(install_usage, "--user-data-dir and --scope system do not go together",
			     NULL);
	if (o->user_data_dir != NULL && o->browser != NULL &&
	    o->browser->engine != TACT_ENGINE_CHROMIUM)
		return usage(install_usage, "--user-data-dir is for Chromium-based browsers, not",
			     o->browser->id);
	return 0;
}

static int plan_add(struct plan_list *plans, const char *browser, enum tact_engine engine,
		    const char *scope, const char *path)
{
	struct plan *p;

	if (plans->count >= PLAN_MAX)
		return -1;
	p = &plans->items[plans->count++];
	p->browser = browser;
	p->engine = engine;
	p->scope = scope;
	snprintf(p->path, sizeof(p->path), "%s", path);
	return 0;
}

/* The folder that holds dir (for "is this browser installed system-wide"). */
static int parent_exists(const char *dir)
{
	char parent[TACT_PATH_MAX];

	split_dir(dir, parent);
	return tact_browsers_is_dir(parent);
}

/*
 * Adds b's targets. User scope: its user folder when its root exists.
 * System scope: each system folder whose parent exists (e.g. /etc/chromium,
 * /usr/lib64/mozilla), or the first one when the browser's root exists in
 * HOME; Firefox reads only one of /usr/lib and /usr/lib64, so we write
 * wherever the distribution has the parent. --force writes the first.
 */
static enum tact_err plan_browser(const struct tact_browser *b, const struct install_opts *o,
				  const struct tact_paths *paths, struct plan_list *plans,
				  int *detected, json_object *skipped)
{
	char root[TACT_PATH_MAX];
	char dir[TACT_PATH_MAX];
	char file[TACT_PATH_MAX];
	enum tact_err err;
	int user_root;
	size_t before = plans->count;

	err = tact_browsers_home_path(root, paths->home, b->root);
	if (err != TACT_OK)
		return err;
	user_root = tact_browsers_is_dir(root);
	if (!o->system) {
		*detected = user_root;
		if (!user_root && !o->force) {
			json_object *s = json_object_new_object();
			char reason[MSG_MAX];
			snprintf(reason, sizeof(reason), "not found (no %s)", root);
			tact_json_set(s, "browser", json_object_new_string(b->id));
			tact_json_set(s, "reason", json_object_new_string(reason));
			tact_json_push(skipped, s);
			return TACT_OK;
		}
		err = tact_browsers_home_path(dir, paths->home, b->user_dir);
		if (err == TACT_OK)
			err = tact_browsers_manifest_path(file, dir);
		if (err != TACT_OK)
			return err;
		if (plan_add(plans, b->id, b->engine, "user", file) != 0)
			return TACT_ERR_TOO_LARGE;
		return TACT_OK;
	}
	for (size_t i = 0; i < TACT_BROWSER_SYSTEM_DIRS_MAX && b->system_dirs[i] != NULL; i++) {
		err = tact_browsers_system_path(dir, b->system_dirs[i]);
		if (err == TACT_OK)
			err = tact_browsers_manifest_path(file, dir);
		if (err != TACT_OK)
			return err;
		if (parent_exists(dir) && plan_add(plans, b->id, b->engine, "system", file) != 0)
			return TACT_ERR_TOO_LARGE;
	}
	*detected = plans->count > before || user_root;
	if (plans->count == before && (user_root || o->force)) {
		err = tact_browsers_system_path(dir, b->system_dirs[0]);
		if (err == TACT_OK)
			err = tact_browsers_manifest_path(file, dir);
		if (err != TACT_OK)
			return err;
		if (plan_add(plans, b->id, b->engine, "system", file) != 0)
			return TACT_ERR_TOO_LARGE;
	}
	if (plans->count == before) {
		json_object *s = json_object_new_object();
		char reason[MSG_MAX];
		err = tact_browsers_system_path(dir, b->system_dirs[0]);
		if (err != TACT_OK)
			return err;
		split_dir(dir, root);
		snprintf(reason, sizeof(reason), "not found (no %s)", root);
		tact_json_set(s, "browser", json_object_new_string(b->id));
		tact_json_set(s, "reason", json_object_new_string(reason));
		tact_json_push(skipped, s);
	}
	return TACT_OK;
}

/* Refuses to write root-owned files into another user's home (sudo keeps
 * HOME on some systems). */
static int home_is_ours(const char *home, char *why, size_t why_len)
{
	struct stat st;

	if (stat(home, &st) != 0) {
		snprintf(why, why_len, "the home folder %s does not exist", home);
		return 0;
	}
	if (st.st_uid != geteuid()) {
		snprintf(why, why_len,
			 "the home folder %s belongs to another user; installing there as this "
			 "user would leave files that user cannot manage. Run tact-host install "
			 "as that user (without sudo), or use --scope system",
			 home);
		return 0;
	}
	return 1;
}

static void finish_text_install(json_object *doc, const struct install_opts *o, int detected_any)
{
	json_object *list;
	size_t written = 0;

	json_object_object_get_ex(doc, "warnings", &list);
	for (size_t i = 0; i < json_object_array_length(list); i++)
		fprintf(stderr, "tact-host: warning: %s\n",
			json_object_get_string(json_object_array_get_idx(list, i)));
	json_object_object_get_ex(doc, "files", &list);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *f = json_object_array_get_idx(list, i);
		const char *action = entry_str(f, "action");
		printf("%-12s %s (%s, %s)\n", action, entry_str(f, "path"), entry_str(f, "browser"),
		       entry_str(f, "scope"));
		if (strcmp(action, "failed") != 0)
			written++;
	}
	json_object_object_get_ex(doc, "skipped", &list);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *s = json_object_array_get_idx(list, i);
		printf("skipped      %s: %s\n", entry_str(s, "browser"), entry_str(s, "reason"));
	}
	if (!detected_any && written == 0) {
		if (o->browser != NULL)
			printf("%s was not found. Start it once so it creates its folder, or write "
			       "the manifest anyway with: tact-host install --browser %s%s --force\n",
			       o->browser->name, o->browser->id, o->system ? " --scope system" : "");
		else
			printf("No supported browser was found for this user. Install one (Chromium, "
			       "Chrome, Edge, Brave, Vivaldi, Opera, Firefox, LibreWolf) and start it "
			       "once, or write a manifest anyway with, e.g.: tact-host install "
			       "--browser chromium --force\n");
		return;
	}
	if (o->dry_run)
		printf("Dry run: nothing was written.\n");
	else if (written > 0)
		printf("Done. Check it with: tact-host doctor\n");
}

int tact_install_main(int argc, char **argv, const struct tact_paths *paths)
{
	struct install_opts o;
	struct plan_list plans;
	struct tact_config *cfg = NULL;
	json_object *manifests[2] = {NULL, NULL};
	char *texts[2] = {NULL, NULL};
	json_object *doc = NULL;
	json_object *files;
	json_object *skipped;
	json_object *warnings;
	json_object *state = NULL;
	char host[TACT_PATH_MAX];
	char why[MSG_MAX];
	int detected_any = 0;
	int failed = 0;
	int damaged = 0;
	int rc = TACT_EXIT_FAILURE;
	int parsed = parse_install(argc, argv, &o);

	if (parsed != 0)
		return parsed < 0 ? TACT_EXIT_OK : parsed;
	plans.count = 0;

	doc = json_object_new_object();
	files = json_object_new_array();
	skipped = json_object_new_array();
	warnings = json_object_new_array();
	if (doc == NULL || files == NULL || skipped == NULL || warnings == NULL) {
		json_object_put(files);
		json_object_put(skipped);
		json_object_put(warnings);
		goto nomem;
	}
	tact_json_set(doc, "dry_run", json_object_new_boolean(o.dry_run));
	tact_json_set(doc, "files", files);
	tact_json_set(doc, "skipped", skipped);
	tact_json_set(doc, "warnings", warnings);

	/* The host path: given, or this very program. */
	if (o.host_path != NULL) {
		snprintf(host, sizeof(host), "%s", o.host_path);
	} else if (!self_path(host, sizeof(host))) {
		snprintf(why, sizeof(why), "cannot find this program's own path; pass --host-path");
		goto fail;
	}
	if (!check_host_path(host, why, sizeof(why)))
		goto fail;
	tact_json_set(doc, "host_path", json_object_new_string(host));
	{
		const char *eph = tact_install_path_ephemeral(host);
		if (eph != NULL) {
			snprintf(why, sizeof(why),
				 "%s looks temporary: %s. Browsers will fail once it moves; install "
				 "tact-host somewhere stable (e.g. cmake --install, or a package) and "
				 "run install from there, or pass --host-path",
				 host, eph);
			add_string(warnings, why);
		}
	}

	if (o.system && !o.dry_run) {
		const char *sysroot = getenv("TACT_SYSROOT");
		if ((sysroot == NULL || sysroot[0] == '\0') && geteuid() != 0) {
			snprintf(why, sizeof(why),
				 "--scope system writes under /etc and /usr/lib and needs root; run: "
				 "sudo %s install --scope system%s%s",
				 host, o.browser != NULL ? " --browser " : "",
				 o.browser != NULL ? o.browser->id : "");
			goto fail;
		}
	}
	if (!o.system && o.user_data_dir == NULL && !home_is_ours(paths->home, why, sizeof(why)))
		goto fail;

	/* Both dialects from the same configuration, checked by the browsers'
	 * own rules before anything is written. */
	if (tact_config_load(paths->config_file, &cfg) != TACT_OK)
		goto nomem;
	for (int e = 0; e < 2; e++) {
		json_object *problems = json_object_new_array();
		enum tact_engine engine = e == 0 ? TACT_ENGINE_CHROMIUM : TACT_ENGINE_FIREFOX;
		if (problems == NULL ||
		    tact_browsers_manifest_build(engine, host, cfg, &manifests[e]) != TACT_OK) {
			json_object_put(problems);
			goto nomem;
		}
		if (tact_browsers_manifest_check(manifests[e], engine, problems) > 0) {
			snprintf(why, sizeof(why), "refusing to write an invalid manifest: %s",
				 json_object_get_string(json_object_array_get_idx(problems, 0)));
			json_object_put(problems);
			goto fail;
		}
		json_object_put(problems);
		texts[e] = tact_browsers_manifest_text(manifests[e]);
		if (texts[e] == NULL)
			goto nomem;
	}

	if (o.user_data_dir != NULL) {
		char dir[TACT_PATH_MAX];
		char file[TACT_PATH_MAX];
		char cwd[TACT_PATH_MAX];
		int n;
		if (o.user_data_dir[0] == '/')
			n = snprintf(dir, sizeof(dir), "%s/NativeMessagingHosts", o.user_data_dir);
		else if (getcwd(cwd, sizeof(cwd)) != NULL)
			n = snprintf(dir, sizeof(dir), "%s/%s/NativeMessagingHosts", cwd,
				     o.user_data_dir);
		else
			n = -1;
		if (n < 0 || (size_t)n >= sizeof(dir) ||
		    tact_browsers_manifest_path(file, dir) != TACT_OK) {
			snprintf(why, sizeof(why), "the --user-data-dir path is too long");
			goto fail;
		}
		plan_add(&plans, o.browser != NULL ? o.browser->id : "chromium",
			 TACT_ENGINE_CHROMIUM, "user-data-dir", file);
		detected_any = 1;
	} else {
		for (size_t i = 0; i < tact_browsers_count(); i++) {
			const struct tact_browser *b = tact_browsers_at(i);
			int detected = 0;
			if (o.browser != NULL && o.browser != b)
				continue;
			if (plan_browser(b, &o, paths, &plans, &detected, skipped) != TACT_OK) {
				snprintf(why, sizeof(why),
					 "cannot build the folders for %s (is TACT_SYSROOT absolute?)",
					 b->id);
				goto fail;
			}
			detected_any |= detected;
		}
	}

	if (state_load(paths->install_state_file, &state, &damaged) != TACT_OK)
		goto nomem;
	if (damaged && !o.dry_run) {
		snprintf(why, sizeof(why),
			 "%s was damaged; starting a new record (files it listed stay where "
			 "they are)",
			 paths->install_state_file);
		add_string(warnings, why);
	}

	for (size_t i = 0; i < plans.count; i++) {
		struct plan *p = &plans.items[i];
		const char *text = texts[p->engine == TACT_ENGINE_CHROMIUM ? 0 : 1];
		const char *action = NULL;
		json_object *f;

		/* Opera shares Chrome's folder, Brave and Vivaldi Chrome's system
		 * folder: write each file once, record it for every browser. */
		for (size_t j = 0; j < i; j++) {
			if (strcmp(plans.items[j].path, p->path) == 0)
				action = "shared";
		}
		if (action != NULL) {
			/* nothing more to do */
		} else if (file_matches(p->path, text)) {
			action = "unchanged";
		} else if (o.dry_run) {
			action = "would write";
		} else {
			char dir[TACT_PATH_MAX];
			split_dir(p->path, dir);
			if (make_dirs_0755(dir) != 0 ||
			    write_atomic(p->path, text, strlen(text), 0644) != 0) {
				fprintf(stderr, "tact-host: cannot write %s: %s%s\n", p->path,
					strerror(errno),
					errno == EACCES || errno == EPERM
						? (strcmp(p->scope, "system") == 0
							   ? " (system folders need sudo)"
							   : " (check who owns that folder)")
						: "");
				action = "failed";
				failed = 1;
			} else {
				action = "wrote";
			}
		}
		if (strcmp(action, "shared") == 0) {
			/* Report it with the action of the first write of that path. */
			for (size_t j = 0; j < json_object_array_length(files); j++) {
				json_object *prev = json_object_array_get_idx(files, j);
				if (strcmp(entry_str(prev, "path"), p->path) == 0) {
					action = entry_str(prev, "action");
					break;
				}
			}
		}
		f = make_entry(p->browser, p->path, p->scope);
		tact_json_set(f, "action", json_object_new_string(action));
		tact_json_push(files, f);
		if (!o.dry_run && strcmp(action, "failed") != 0)
			state_add(state, p->browser, p->path, p->scope);
	}
	if (!o.dry_run && plans.count > 0 && state_save(paths, state) != 0) {
		fprintf(stderr, "tact-host: cannot record the install in %s: %s\n",
			paths->install_state_file, strerror(errno));
		failed = 1;
	}

	rc = failed || (!detected_any && plans.count == 0) ? TACT_EXIT_FAILURE : TACT_EXIT_OK;
	tact_json_set(doc, "ok", json_object_new_boolean(rc == TACT_EXIT_OK));
	if (o.json)
		print_json(doc);
	else
		finish_text_install(doc, &o, detected_any || plans.count > 0);
	goto out;

nomem:
	snprintf(why, sizeof(why), "out of memory");
fail:
	if (o.json && doc != NULL) {
		tact_json_set(doc, "ok", json_object_new_boolean(0));
		tact_json_set(doc, "error", json_object_new_string(why));
		print_json(doc);
	}
	fprintf(stderr, "tact-host: %s\n", why);
	rc = TACT_EXIT_FAILURE;
out:
	json_object_put(state);
	for (int e = 0; e < 2; e++) {
		json_object_put(manifests[e]);
		free(texts[e]);
	}
	tact_config_free(cfg);
	json_object_put(doc);
	return rc;
}

/* ---- uninstall ---- */

/* Is path, right now, a regular file holding Tact's manifest? Sets why
 * when it is not (and *gone when it does not exist at all). */
static int is_our_manifest(const char *path, char *why, size_t why_len, int *gone)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	json_object *m = NULL;
	json_object *name;
	char perr[256];
	int ours = 0;
	enum tact_err err;

	*gone = 0;
	if (lstat(path, &st) != 0) {
		*gone = errno == ENOENT || errno == ENOTDIR;
		snprintf(why, why_len, "%s", *gone ? "it is already gone" : strerror(errno));
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "it is no longer a regular file (a link or a folder)");
		return 0;
	}
	err = tact_paths_read_file(path, TACT_MANIFEST_FILE_MAX, &text, &len);
	if (err == TACT_OK)
		err = tact_browsers_parse_json(text, len, &m, perr, sizeof(perr));
	free(text);
	if (err != TACT_OK) {
		snprintf(why, why_len, "it is no longer a Tact manifest (%s)",
			 err == TACT_ERR_BAD_JSON ? perr : tact_err_message(err));
	} else if (!json_object_object_get_ex(m, "name", &name) ||
		   !json_object_is_type(name, json_type_string)) {
		snprintf(why, why_len, "it is no longer a Tact manifest (it has no name)");
	} else if (strcmp(json_object_get_string(name), TACT_HOST_NAME) != 0) {
		snprintf(why, why_len, "it is no longer Tact's manifest (its name is \"%s\")",
			 json_object_get_string(name));
	} else {
		ours = 1;
	}
	json_object_put(m);
	return ours;
}

int tact_uninstall_main(int argc, char **argv, const struct tact_paths *paths)
{
	const struct tact_browser *browser = NULL;
	json_object *state = NULL;
	json_object *keep = NULL;
	json_object *doc = NULL;
	json_object *removed;
	json_object *left;
	json_object *outcome = NULL;
	json_object *seen_reason = NULL;
	int dry_run = 0;
	int as_json = 0;
	int damaged = 0;
	int failed = 0;
	int rc = TACT_EXIT_FAILURE;

	for (int i = 1; i < argc; i++) {
		const char *value = NULL;
		int missing = 0;
		int bad = 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(uninstall_usage, stdout);
			return TACT_EXIT_OK;
		} else if (option_value(argc, argv, &i, "--browser", &value, &missing)) {
			if (missing)
				return usage(uninstall_usage, "--browser needs a value", NULL);
			browser = parse_browser(value, &bad);
			if (bad)
				return usage(uninstall_usage, "unknown browser", value);
		} else if (strcmp(argv[i], "--dry-run") == 0) {
			dry_run = 1;
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = 1;
		} else {
			return usage(uninstall_usage, "unknown option", argv[i]);
		}
	}

	if (state_load(paths->install_state_file, &state, &damaged) != TACT_OK)
		goto out;
	doc = json_object_new_object();
	removed = json_object_new_array();
	left = json_object_new_array();
	keep = json_object_new_array();
	outcome = json_object_new_object();
	if (doc == NULL || removed == NULL || left == NULL || keep == NULL || outcome == NULL) {
		json_object_put(removed);
		json_object_put(left);
		goto out;
	}
	tact_json_set(doc, "dry_run", json_object_new_boolean(dry_run));
	tact_json_set(doc, "removed", removed);
	tact_json_set(doc, "left", left);
	if (damaged)
		fprintf(stderr,
			"tact-host: warning: %s is damaged; only its readable entries are used\n",
			paths->install_state_file);

	for (size_t i = 0; i < json_object_array_length(state); i++) {
		json_object *e = json_object_array_get_idx(state, i);
		const char *path = entry_str(e, "path");
		char why[MSG_MAX];
		int gone = 0;
		const char *shared = NULL;
		json_object *r;
		json_object *seen;

		if (browser != NULL && strcmp(entry_str(e, "browser"), browser->id) != 0) {
			tact_json_push(keep, json_object_get(e));
			continue;
		}
		/* A file also recorded for a browser we are not removing stays. */
		for (size_t j = 0; browser != NULL && j < json_object_array_length(state); j++) {
			json_object *o = json_object_array_get_idx(state, j);
			if (strcmp(entry_str(o, "path"), path) == 0 &&
			    strcmp(entry_str(o, "browser"), browser->id) != 0)
				shared = entry_str(o, "browser");
		}
		r = make_entry(entry_str(e, "browser"), path, entry_str(e, "scope"));
		if (shared != NULL) {
			snprintf(why, sizeof(why), "%s reads the same file and is still registered",
				 shared);
			tact_json_set(r, "reason", json_object_new_string(why));
			tact_json_push(left, r);
			continue;
		}
		/* The same file recorded for several browsers (Opera and Chrome):
		 * it is looked at once, and every entry shares the outcome. */
		if (json_object_object_get_ex(outcome, path, &seen)) {
			json_object *reason;
			int went = json_object_get_int(json_object_object_get(seen, "removed"));
			if (json_object_object_get_ex(seen, "reason", &reason))
				tact_json_set(r, "reason", json_object_get(reason));
			tact_json_push(went ? removed : left, r);
			if (json_object_get_boolean(json_object_object_get(seen, "keep")))
				tact_json_push(keep, json_object_get(e));
			continue;
		}
		seen = json_object_new_object();
		tact_json_set(outcome, path, seen);
		if (!is_our_manifest(path, why, sizeof(why), &gone)) {
			if (!gone) {
				size_t n = strlen(why);
				snprintf(why + n, sizeof(why) - n, "; left alone and no longer tracked");
			}
			tact_json_set(r, "reason", json_object_new_string(why));
			tact_json_push(gone ? removed : left, r);
		} else if (!dry_run && unlink(path) != 0) {
			snprintf(why, sizeof(why), "cannot remove it: %s%s", strerror(errno),
				 errno == EACCES || errno == EPERM ? " (system files need sudo)" : "");
			tact_json_set(r, "reason", json_object_new_string(why));
			tact_json_push(left, r);
			tact_json_push(keep, json_object_get(e));
			tact_json_set(seen, "keep", json_object_new_boolean(1));
			failed = 1;
		} else {
			tact_json_push(removed, r);
			gone = 1;
		}
		tact_json_set(seen, "removed", json_object_new_int(gone));
		if (json_object_object_get_ex(r, "reason", &seen_reason))
			tact_json_set(seen, "reason", json_object_get(seen_reason));
	}

	if (!dry_run && state_save(paths, keep) != 0) {
		fprintf(stderr, "tact-host: cannot update %s: %s\n", paths->install_state_file,
			strerror(errno));
		failed = 1;
	}
	rc = failed ? TACT_EXIT_FAILURE : TACT_EXIT_OK;
	tact_json_set(doc, "ok", json_object_new_boolean(!failed));
	if (as_json) {
		print_json(doc);
		goto out;
	}
	if (json_object_array_length(removed) == 0 && json_object_array_length(left) == 0) {
		printf("Nothing to remove: no install is recorded in %s%s%s.\n",
		       paths->install_state_file, browser != NULL ? " for " : "",
		       browser != NULL ? browser->id : "");
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(removed); i++) {
		json_object *r = json_object_array_get_idx(removed, i);
		json_object *reason;
		int has_reason = json_object_object_get_ex(r, "reason", &reason);
		printf("%-12s %s (%s, %s)%s%s\n",
		       has_reason ? "gone" : dry_run ? "would remove" : "removed", entry_str(r, "path"),
		       entry_str(r, "browser"), entry_str(r, "scope"), has_reason ? ": " : "",
		       has_reason ? json_object_get_string(reason) : "");
	}
	for (size_t i = 0; i < json_object_array_length(left); i++) {
		json_object *r = json_object_array_get_idx(left, i);
		printf("%-12s %s (%s, %s): %s\n", "left alone", entry_str(r, "path"),
		       entry_str(r, "browser"), entry_str(r, "scope"), entry_str(r, "reason"));
	}
	if (dry_run)
		printf("Dry run: nothing was removed.\n");
out:
	json_object_put(outcome);
	json_object_put(keep);
	json_object_put(state);
	json_object_put(doc);
	return rc;
}
