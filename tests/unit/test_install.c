/*
 * install / uninstall against real files: a temporary HOME with fake
 * browser folders, TACT_HOME for the state file, TACT_SYSROOT for the
 * system folders, and a copy of /bin/true as the host binary.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/browsers.h"
#include "tact/build_config.h"
#include "tact/err.h"
#include "tact/install.h"
#include "tact/paths.h"

#define P TACT_PATH_MAX

struct env {
	char root[P];
	char home[P];
	char sys[P];
	char tact[P];
	char host[P];
	char out[P]; /* captured stdout */
	struct tact_paths paths;
};

static void fmt(char *out, const char *f, ...) __attribute__((format(printf, 2, 3)));

static void fmt(char *out, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(out, P, f, ap);
	va_end(ap);
	assert_true(n > 0 && n < (int)P);
}

static void mkdirs(const char *path)
{
	char buf[P];

	fmt(buf, "%s", path);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	assert_true(mkdir(buf, 0755) == 0 || errno == EEXIST);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	assert_non_null(f);
	buf = calloc(1, 1 << 20);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static json_object *read_json(const char *path)
{
	char *text = read_text(path);
	json_object *obj = json_tokener_parse(text);

	free(text);
	assert_non_null(obj);
	return obj;
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	close(in);
	assert_int_equal(close(out), 0);
	assert_int_equal(chmod(to, mode), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char tmpl[] = "/tmp/tact-install-XXXXXX";

	if (e == NULL || mkdtemp(tmpl) == NULL)
		return -1;
	fmt(e->root, "%s", tmpl);
	fmt(e->home, "%s/home", tmpl);
	fmt(e->sys, "%s/sys", tmpl);
	fmt(e->tact, "%s/tact", tmpl);
	fmt(e->host, "%s/bin/tact-host", tmpl);
	fmt(e->out, "%s/stdout.txt", tmpl);
	mkdirs(e->home);
	mkdirs(e->sys);
	{
		char bin[P];
		fmt(bin, "%s/bin", tmpl);
		mkdirs(bin);
	}
	copy_file("/bin/true", e->host, 0755);
	setenv("HOME", e->home, 1);
	setenv("TACT_HOME", e->tact, 1);
	setenv("TACT_SYSROOT", e->sys, 1);
	/* The CLI runs with umask 077; modes must not depend on it. */
	umask(077);
	if (tact_paths_resolve(&e->paths) != TACT_OK)
		return -1;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	remove_tree(e->root);
	free(e);
	return 0;
}

/* Runs install or uninstall with argv ("install", args..., NULL). When
 * capture is set, stdout goes to e->out. */
static int run(struct env *e, int capture, int (*fn)(int, char **, const struct tact_paths *),
	       const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	int saved = -1;
	int rc;
	va_list ap;

	argv[argc++] = (char *)first;
	va_start(ap, first);
	for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	if (capture) {
		int fd = open(e->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		saved = dup(STDOUT_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	rc = fn(argc, argv, &e->paths);
	fflush(stdout);
	if (capture) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	return rc;
}

#define INSTALL(e, ...) \
	run(e, 0, tact_install_main, "install", "--host-path", (e)->host, __VA_ARGS__, NULL)
#define INSTALL_JSON(e, ...)                                                                \
	run(e, 1, tact_install_main, "install", "--json", "--host-path", (e)->host, __VA_ARGS__, \
	    NULL)
#define UNINSTALL(e, ...) run(e, 0, tact_uninstall_main, "uninstall", __VA_ARGS__, NULL)

static void browser_file(struct env *e, char *out, const char *id)
{
	char dir[P];
	const struct tact_browser *b = tact_browsers_find(id);

	assert_non_null(b);
	fmt(dir, "%s/%s", e->home, b->user_dir);
	assert_int_equal(tact_browsers_manifest_path(out, dir), TACT_OK);
}

static void make_root(struct env *e, const char *id)
{
	char dir[P];

	fmt(dir, "%s/%s", e->home, tact_browsers_find(id)->root);
	mkdirs(dir);
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static int list_has(json_object *m, const char *key, const char *value)
{
	json_object *list;

	if (!json_object_object_get_ex(m, key, &list))
		return 0;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		if (strcmp(json_object_get_string(json_object_array_get_idx(list, i)), value) == 0)
			return 1;
	}
	return 0;
}

/* Checks a written manifest's content against the dialect's rules. */
static void check_manifest(struct env *e, const char *path, enum tact_engine engine)
{
	json_object *m = read_json(path);
	json_object *v;
	const char *const *ids;
	size_t count = 0;

	assert_string_equal(get_str(m, "name"), TACT_HOST_NAME);
	assert_string_equal(get_str(m, "path"), e->host);
	assert_string_equal(get_str(m, "type"), "stdio");
	assert_true(strlen(get_str(m, "description")) > 0);
	ids = tact_browsers_builtin_ids(engine, &count);
	assert_true(count > 0);
	for (size_t i = 0; i < count; i++) {
		char origin[P];
		if (engine == TACT_ENGINE_CHROMIUM) {
			fmt(origin, "chrome-extension://%s/", ids[i]);
			assert_true(list_has(m, "allowed_origins", origin));
		} else {
			assert_true(list_has(m, "allowed_extensions", ids[i]));
		}
	}
	/* One dialect per file. */
	assert_false(json_object_object_get_ex(
		m, engine == TACT_ENGINE_CHROMIUM ? "allowed_extensions" : "allowed_origins", &v));
	assert_int_equal(mode_of(path), 0644);
	json_object_put(m);
}

static size_t state_count(struct env *e)
{
	json_object *list;
	size_t n;

	if (!exists(e->paths.install_state_file))
		return 0;
	list = read_json(e->paths.install_state_file);
	assert_true(json_object_is_type(list, json_type_array));
	n = json_object_array_length(list);
	json_object_put(list);
	return n;
}

/* ---- tests ---- */

static void test_writes_detected_browsers_only(void **state)
{
	struct env *e = *state;
	char path[P];
	char dir[P];

	make_root(e, "chromium");
	make_root(e, "firefox");
	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_OK);

	browser_file(e, path, "chromium");
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	fmt(dir, "%s/.config/chromium/NativeMessagingHosts", e->home);
	assert_int_equal(mode_of(dir), 0755);
	browser_file(e, path, "firefox");
	check_manifest(e, path, TACT_ENGINE_FIREFOX);

	/* Nothing for absent browsers, not even their folders. */
	static const char *const absent[] = {"chrome", "edge", "brave", "vivaldi", "opera",
					     "librewolf"};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		browser_file(e, path, absent[i]);
		assert_false(exists(path));
		fmt(dir, "%s/%s", e->home, tact_browsers_find(absent[i])->root);
		assert_false(exists(dir));
	}
	/* Nothing system-wide for a user install. */
	fmt(dir, "%s/etc", e->sys);
	assert_false(exists(dir));

	/* The record: two files, private. */
	assert_int_equal(state_count(e), 2);
	assert_int_equal(mode_of(e->paths.install_state_file), 0600);
	assert_int_equal(mode_of(e->paths.config_dir), 0700);
}

static void test_nothing_found(void **state)
{
	struct env *e = *state;
	char path[P];

	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_FAILURE);
	assert_int_equal(INSTALL(e, "--browser", "edge"), TACT_EXIT_FAILURE);
	browser_file(e, path, "edge");
	assert_false(exists(path));
	assert_false(exists(e->paths.install_state_file));
}

static void test_force_writes_anyway(void **state)
{
	struct env *e = *state;
	char path[P];

	assert_int_equal(INSTALL(e, "--browser", "edge", "--force"), TACT_EXIT_OK);
	browser_file(e, path, "edge");
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	assert_int_equal(INSTALL(e, "--browser", "librewolf", "--force"), TACT_EXIT_OK);
	browser_file(e, path, "librewolf");
	check_manifest(e, path, TACT_ENGINE_FIREFOX);
	assert_int_equal(state_count(e), 2);
}

static void test_user_data_dir(void **state)
{
	struct env *e = *state;
	char profile[P];
	char path[P];

	fmt(profile, "%s/profile", e->root);
	/* No browser is detected; the profile folder is used regardless. */
	assert_int_equal(INSTALL(e, "--user-data-dir", profile), TACT_EXIT_OK);
	fmt(path, "%s/NativeMessagingHosts/org.tact.host.json", profile);
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	browser_file(e, path, "chromium");
	assert_false(exists(path));
	assert_int_equal(state_count(e), 1);
	/* Firefox has no user data dir; and it does not mix with system scope. */
	assert_int_equal(INSTALL(e, "--user-data-dir", profile, "--browser", "firefox"),
			 TACT_EXIT_USAGE);
	assert_int_equal(INSTALL(e, "--user-data-dir", profile, "--scope", "system"),
			 TACT_EXIT_USAGE);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct env *e = *state;
	char path[P];
	char dir[P];
	json_object *doc;
	json_object *files;

	make_root(e, "chromium");
	assert_int_equal(INSTALL_JSON(e, "--dry-run"), TACT_EXIT_OK);
	browser_file(e, path, "chromium");
	assert_false(exists(path));
	fmt(dir, "%s/.config/chromium/NativeMessagingHosts", e->home);
	assert_false(exists(dir));
	assert_false(exists(e->paths.install_state_file));
	doc = read_json(e->out);
	assert_true(json_object_object_get_ex(doc, "files", &files));
	assert_int_equal(json_object_array_length(files), 1);
	assert_string_equal(get_str(json_object_array_get_idx(files, 0), "action"), "would write");
	assert_string_equal(get_str(json_object_array_get_idx(files, 0), "path"), path);
	json_object_put(doc);
}

static void test_idempotent(void **state)
{
	struct env *e = *state;
	char path[P];
	char *first;
	char *second;
	json_object *doc;
	json_object *files;
	json_object *ok;

	make_root(e, "chromium");
	make_root(e, "firefox");
	assert_int_equal(INSTALL_JSON(e, "--browser", "all"), TACT_EXIT_OK);
	doc = read_json(e->out);
	assert_true(json_object_object_get_ex(doc, "ok", &ok) && json_object_get_boolean(ok));
	json_object_object_get_ex(doc, "files", &files);
	assert_string_equal(get_str(json_object_array_get_idx(files, 0), "action"), "wrote");
	json_object_put(doc);
	browser_file(e, path, "chromium");
	first = read_text(path);

	assert_int_equal(INSTALL_JSON(e, "--browser", "all"), TACT_EXIT_OK);
	second = read_text(path);
	assert_string_equal(first, second);
	doc = read_json(e->out);
	json_object_object_get_ex(doc, "files", &files);
	assert_int_equal(json_object_array_length(files), 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(get_str(json_object_array_get_idx(files, i), "action"),
				    "unchanged");
	json_object_put(doc);
	assert_int_equal(state_count(e), 2);

	/* A damaged manifest or a wrong mode is repaired by the next run. */
	write_text(path, "{broken", 0666);
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	free(second);
	second = read_text(path);
	assert_string_equal(first, second);
	free(first);
	free(second);
}

static void test_system_scope(void **state)
{
	struct env *e = *state;
	char dir[P];
	char path[P];

	fmt(dir, "%s/etc/chromium", e->sys);
	mkdirs(dir);
	/* This distribution's Firefox reads /usr/lib64. */
	fmt(dir, "%s/usr/lib64/mozilla", e->sys);
	mkdirs(dir);
	assert_int_equal(INSTALL(e, "--scope", "system", "--browser", "chromium"), TACT_EXIT_OK);
	fmt(path, "%s/etc/chromium/native-messaging-hosts/org.tact.host.json", e->sys);
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	fmt(dir, "%s/etc/chromium/native-messaging-hosts", e->sys);
	assert_int_equal(mode_of(dir), 0755);
	browser_file(e, path, "chromium");
	assert_false(exists(path));

	assert_int_equal(INSTALL(e, "--scope", "system", "--browser", "firefox"), TACT_EXIT_OK);
	fmt(path, "%s/usr/lib64/mozilla/native-messaging-hosts/org.tact.host.json", e->sys);
	check_manifest(e, path, TACT_ENGINE_FIREFOX);
	fmt(path, "%s/usr/lib/mozilla/native-messaging-hosts/org.tact.host.json", e->sys);
	assert_false(exists(path));

	/* Edge's system folder has no parent here: not installed. */
	assert_int_equal(INSTALL(e, "--scope", "system", "--browser", "edge"), TACT_EXIT_FAILURE);
	fmt(path, "%s/etc/opt/edge", e->sys);
	assert_false(exists(path));
	assert_int_equal(state_count(e), 2);

	/* Uninstall takes them back out of the system tree. */
	assert_int_equal(UNINSTALL(e, "--browser", "all"), TACT_EXIT_OK);
	fmt(path, "%s/etc/chromium/native-messaging-hosts/org.tact.host.json", e->sys);
	assert_false(exists(path));
	assert_int_equal(state_count(e), 0);
}

static void test_uninstall_removes_only_ours(void **state)
{
	struct env *e = *state;
	char chromium[P];
	char firefox[P];
	char sibling[P];
	json_object *doc;
	json_object *list;

	make_root(e, "chromium");
	make_root(e, "firefox");
	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_OK);
	browser_file(e, chromium, "chromium");
	browser_file(e, firefox, "firefox");
	fmt(sibling, "%s/.config/chromium/NativeMessagingHosts/com.example.other.json", e->home);
	write_text(sibling, "{\"name\":\"com.example.other\"}\n", 0644);
	/* Someone replaced our Firefox file with their own manifest. */
	write_text(firefox, "{\"name\":\"com.example.other\",\"path\":\"/bin/true\"}\n", 0644);

	assert_int_equal(UNINSTALL(e, "--dry-run"), TACT_EXIT_OK);
	assert_true(exists(chromium));
	assert_int_equal(state_count(e), 2);

	assert_int_equal(run(e, 1, tact_uninstall_main, "uninstall", "--json", NULL), TACT_EXIT_OK);
	assert_false(exists(chromium));
	assert_true(exists(sibling));
	assert_true(exists(firefox));
	doc = read_json(firefox);
	assert_string_equal(get_str(doc, "name"), "com.example.other");
	json_object_put(doc);
	doc = read_json(e->out);
	assert_true(json_object_object_get_ex(doc, "removed", &list));
	assert_int_equal(json_object_array_length(list), 1);
	assert_string_equal(get_str(json_object_array_get_idx(list, 0), "path"), chromium);
	assert_true(json_object_object_get_ex(doc, "left", &list));
	assert_int_equal(json_object_array_length(list), 1);
	assert_string_equal(get_str(json_object_array_get_idx(list, 0), "path"), firefox);
	assert_non_null(strstr(get_str(json_object_array_get_idx(list, 0), "reason"),
			       "com.example.other"));
	json_object_put(doc);
	/* The foreign file is no longer ours to track. */
	assert_int_equal(state_count(e), 0);

	/* Per browser: only the chosen one goes. */
	assert_int_equal(INSTALL(e, "--browser", "all", "--force"), TACT_EXIT_OK);
	assert_int_equal(UNINSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_false(exists(chromium));
	{
		char path[P];
		browser_file(e, path, "edge");
		assert_true(exists(path));
	}
	assert_int_equal(state_count(e), 7); /* opera shares chrome's file: 8 entries, 7 left */
	assert_int_equal(UNINSTALL(e, "--bogus"), TACT_EXIT_USAGE);
}

static void test_shared_file_survives_partial_uninstall(void **state)
{
	struct env *e = *state;
	char path[P];

	make_root(e, "chrome");
	make_root(e, "opera");
	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_OK);
	browser_file(e, path, "opera"); /* Chrome's folder */
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	assert_int_equal(state_count(e), 2);
	assert_int_equal(UNINSTALL(e, "--browser", "opera"), TACT_EXIT_OK);
	assert_true(exists(path));
	assert_int_equal(state_count(e), 1);
	assert_int_equal(UNINSTALL(e, "--browser", "chrome"), TACT_EXIT_OK);
	assert_false(exists(path));
}

static void test_bad_host_paths(void **state)
{
	struct env *e = *state;
	char path[P];
	char bad[P];

	make_root(e, "chromium");
	browser_file(e, path, "chromium");
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", "bin/tact-host",
			     NULL),
			 TACT_EXIT_FAILURE);
	fmt(bad, "%s/bin/missing", e->root);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", bad, NULL),
			 TACT_EXIT_FAILURE);
	fmt(bad, "%s/bin/not-executable", e->root);
	copy_file("/bin/true", bad, 0644);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", bad, NULL),
			 TACT_EXIT_FAILURE);
	fmt(bad, "%s/bin/tact;host", e->root);
	copy_file("/bin/true", bad, 0755);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", bad, NULL),
			 TACT_EXIT_FAILURE);
	fmt(bad, "%s/bin/tact\xc3\xa9host", e->root);
	copy_file("/bin/true", bad, 0755);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", bad, NULL),
			 TACT_EXIT_FAILURE);
	fmt(bad, "%s/bin", e->root);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--host-path", bad, NULL),
			 TACT_EXIT_FAILURE);
	assert_false(exists(path));
	assert_false(exists(e->paths.install_state_file));

	assert_false(tact_install_path_is_safe("/opt/a&b/tact-host"));
	assert_false(tact_install_path_is_safe("/opt/$(x)/tact-host"));
	assert_false(tact_install_path_is_safe("/opt/a\nb/tact-host"));
	assert_false(tact_install_path_is_safe("/opt/100%/tact-host"));
	assert_true(tact_install_path_is_safe("/opt/Tact Host/tact-host"));
	assert_true(tact_install_path_is_safe("/usr/local/libexec/tact/tact-host"));
}

static void test_ephemeral_paths(void **state)
{
	(void)state;
	assert_non_null(tact_install_path_ephemeral("/home/u/tact/build/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/home/u/tact/build-asan/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/tmp/x/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/tmp/.mount_TactAbc/usr/bin/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/nix/store/abc-tact/bin/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/snap/tact/42/bin/tact-host"));
	assert_non_null(tact_install_path_ephemeral("/usr/local/Cellar/tact/0.1/bin/tact-host"));
	assert_null(tact_install_path_ephemeral("/snap/tact/current/bin/tact-host"));
	assert_null(tact_install_path_ephemeral("/usr/local/libexec/tact/tact-host"));
	assert_null(tact_install_path_ephemeral("/home/u/bin/tact-host"));
	/* A file named build is not a build folder. */
	assert_null(tact_install_path_ephemeral("/usr/bin/build"));
}

static void test_config_extra_ids(void **state)
{
	struct env *e = *state;
	char path[P];
	json_object *m;

	make_root(e, "chromium");
	make_root(e, "firefox");
	mkdirs(e->tact);
	write_text(e->paths.config_file,
		   "{\"allowed_chrome_ids\":[\"abcdefghijklmnopabcdefghijklmnop\",\"NOT-AN-ID\","
		   "\"abcdefghijklmnopabcdefghijklmnop\"],"
		   "\"allowed_firefox_ids\":[\"dev@tact.test\",\"*\"]}",
		   0600);
	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_OK);
	browser_file(e, path, "chromium");
	check_manifest(e, path, TACT_ENGINE_CHROMIUM);
	m = read_json(path);
	assert_true(list_has(m, "allowed_origins",
			     "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"));
	assert_false(list_has(m, "allowed_origins", "chrome-extension://NOT-AN-ID/"));
	{
		json_object *list;
		size_t count = 0;
		json_object_object_get_ex(m, "allowed_origins", &list);
		tact_browsers_builtin_ids(TACT_ENGINE_CHROMIUM, &count);
		assert_int_equal(json_object_array_length(list), count + 1); /* no duplicate */
	}
	json_object_put(m);
	browser_file(e, path, "firefox");
	m = read_json(path);
	assert_true(list_has(m, "allowed_extensions", "dev@tact.test"));
	assert_false(list_has(m, "allowed_extensions", "*"));
	json_object_put(m);
}

/* The packaging templates have the same shape and text as what install
 * writes, so packagers and the installer never disagree. */
static void check_template(const char *name, enum tact_engine engine)
{
	char path[P];
	char host[] = "/usr/libexec/tact/tact-host";
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');
	const char *const *ids;
	size_t count = 0;
	char *templ;
	char *built;
	char expect[8192];
	json_object *m = NULL;
	const char *in;
	size_t o = 0;

	assert_non_null(slash);
	fmt(path, "%.*s/../../manifests/%s", (int)(slash - src), src, name);
	templ = read_text(path);
	ids = tact_browsers_builtin_ids(engine, &count);
	/* Substitute the placeholders the README documents. */
	for (in = templ; *in != '\0';) {
		const char *value = NULL;
		size_t skip = 0;
		if (strncmp(in, "@TACT_HOST_PATH@", 16) == 0) {
			value = host;
			skip = 16;
		} else if (strncmp(in, "@TACT_CHROME_ID@", 16) == 0) {
			value = ids[0];
			skip = 16;
		} else if (strncmp(in, "@TACT_FIREFOX_ID@", 17) == 0) {
			value = ids[0];
			skip = 17;
		}
		if (value != NULL) {
			size_t len = strlen(value);
			assert_true(o + len < sizeof(expect));
			memcpy(expect + o, value, len);
			o += len;
			in += skip;
		} else {
			assert_true(o + 1 < sizeof(expect));
			expect[o++] = *in++;
		}
	}
	expect[o] = '\0';
	assert_null(strstr(expect, "@TACT_"));
	assert_int_equal(tact_browsers_manifest_build(engine, host, NULL, &m), TACT_OK);
	built = tact_browsers_manifest_text(m);
	assert_non_null(built);
	if (count == 1) {
		assert_string_equal(built, expect);
	} else {
		/* Several built-in ids: the template shows one; the rest must agree. */
		json_object *t = json_tokener_parse(expect);
		assert_non_null(t);
		assert_string_equal(get_str(t, "name"), get_str(m, "name"));
		assert_string_equal(get_str(t, "description"), get_str(m, "description"));
		assert_string_equal(get_str(t, "type"), get_str(m, "type"));
		assert_string_equal(get_str(t, "path"), get_str(m, "path"));
		json_object_put(t);
	}
	free(built);
	json_object_put(m);
	free(templ);
}

static void test_templates_match_generated(void **state)
{
	(void)state;
	check_template("chromium.json.in", TACT_ENGINE_CHROMIUM);
	check_template("firefox.json.in", TACT_ENGINE_FIREFOX);
}

static size_t rule_count(const char *text, enum tact_engine engine)
{
	json_object *m = json_tokener_parse(text);
	json_object *problems = json_object_new_array();
	size_t n = tact_browsers_manifest_check(m, engine, problems);

	assert_int_equal(json_object_array_length(problems), n);
	json_object_put(problems);
	json_object_put(m);
	return n;
}

static void test_manifest_rules(void **state)
{
	(void)state;
#define CHROME_OK "\"allowed_origins\":[\"chrome-extension://abcdefghijklmnopabcdefghijklmnop/\"]"
#define BASE "\"name\":\"org.tact.host\",\"description\":\"d\",\"type\":\"stdio\",\"path\":\"/x\","
	assert_int_equal(rule_count("{" BASE CHROME_OK "}", TACT_ENGINE_CHROMIUM), 0);
	assert_int_equal(rule_count("{" BASE "\"allowed_extensions\":[\"a@b\"]}",
				    TACT_ENGINE_FIREFOX),
			 0);
	/* Missing trailing slash, wildcard, no list at all. */
	assert_int_equal(rule_count("{" BASE "\"allowed_origins\":[\"chrome-extension://"
				    "abcdefghijklmnopabcdefghijklmnop\"]}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{" BASE "\"allowed_origins\":[\"chrome-extension://*/\"]}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{" BASE "\"allowed_extensions\":[\"a@b\"]}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{" BASE "\"allowed_extensions\":[\"*\"]}", TACT_ENGINE_FIREFOX),
			 1);
	/* Each field. */
	assert_int_equal(rule_count("{\"name\":\"org.tact.host\",\"description\":\"\",\"type\":"
				    "\"stdio\",\"path\":\"/x\"," CHROME_OK "}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{\"name\":\"org.tact.host\",\"description\":\"d\",\"type\":"
				    "\"stdio\",\"path\":\"x\"," CHROME_OK "}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{\"name\":\"org.other\",\"description\":\"d\",\"type\":"
				    "\"stdio\",\"path\":\"/x\"," CHROME_OK "}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("{\"name\":\"org.tact.host\",\"description\":\"d\",\"type\":"
				    "\"pkcs11\",\"path\":\"/x\"," CHROME_OK "}",
				    TACT_ENGINE_CHROMIUM),
			 1);
	assert_int_equal(rule_count("[]", TACT_ENGINE_CHROMIUM), 1);
#undef BASE
#undef CHROME_OK
}

static void test_sysroot_must_be_absolute(void **state)
{
	struct env *e = *state;
	char out[P];

	setenv("TACT_SYSROOT", "relative/dir", 1);
	assert_int_equal(tact_browsers_system_path(out, "/etc/chromium"), TACT_ERR_BAD_REQUEST);
	make_root(e, "chromium");
	assert_int_equal(INSTALL(e, "--scope", "system", "--force"), TACT_EXIT_FAILURE);
	setenv("TACT_SYSROOT", e->sys, 1);
	assert_int_equal(tact_browsers_system_path(out, "/etc/chromium"), TACT_OK);
	assert_non_null(strstr(out, e->sys));
}

static void test_usage_errors(void **state)
{
	struct env *e = *state;

	assert_int_equal(run(e, 0, tact_install_main, "install", "--nope", NULL), TACT_EXIT_USAGE);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--browser", "netscape", NULL),
			 TACT_EXIT_USAGE);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--scope", "galaxy", NULL),
			 TACT_EXIT_USAGE);
	assert_int_equal(run(e, 0, tact_install_main, "install", "--browser", NULL),
			 TACT_EXIT_USAGE);
}

static void test_refuses_other_users_home(void **state)
{
	struct env *e = *state;
	char path[P];

	if (geteuid() != 0)
		skip(); /* only root can give the fake home to someone else */
	make_root(e, "chromium");
	assert_int_equal(chown(e->home, 4242, 4242), 0);
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	browser_file(e, path, "chromium");
	assert_false(exists(path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_detected_browsers_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_force_writes_anyway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_data_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uninstall_removes_only_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_file_survives_partial_uninstall, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_host_paths, setup, teardown),
		cmocka_unit_test(test_ephemeral_paths),
		cmocka_unit_test_setup_teardown(test_config_extra_ids, setup, teardown),
		cmocka_unit_test(test_templates_match_generated),
		cmocka_unit_test(test_manifest_rules),
		cmocka_unit_test_setup_teardown(test_sysroot_must_be_absolute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_other_users_home, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
