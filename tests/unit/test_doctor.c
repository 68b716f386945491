/*
 * doctor against real files: fake browser folders in a temporary HOME, a
 * fake system tree under TACT_SYSROOT, and small shell scripts standing in
 * for the host in the self-test (one answers hello with a proper frame).
 * The end-to-end self-test with the real binary is in
 * tests/harness/test_install_cli.py.
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
#include "tact/doctor.h"
#include "tact/err.h"
#include "tact/install.h"
#include "tact/paths.h"

#define P TACT_PATH_MAX

struct env {
	char root[P];
	char home[P];
	char sys[P];
	char tact[P];
	char host[P]; /* answers hello */
	char out[P];
	struct tact_paths paths;
	json_object *doc; /* last doctor --json output */
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
	char dir[P];
	FILE *f;

	fmt(dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	f = fopen(path, "w");
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

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * A stand-in host: writes body as one frame (the 4 length bytes as printf
 * octal escapes, native byte order), then waits for its input to close, as
 * a real host does. body must not contain a single quote or a percent sign.
 */
static void write_frame_host(const char *path, const char *body)
{
	char script[2048];
	unsigned char len[4];
	uint32_t n = (uint32_t)strlen(body);

	memcpy(len, &n, 4);
	snprintf(script, sizeof(script),
		 "#!/bin/sh\nprintf '\\%03o\\%03o\\%03o\\%03o%%s' '%s'\nexec cat >/dev/null\n",
		 len[0], len[1], len[2], len[3], body);
	write_text(path, script, 0755);
}

static void write_answering_host(const char *path, const char *version)
{
	char body[512];

	snprintf(body, sizeof(body),
		 "{\"v\":1,\"id\":\"doctor\",\"ok\":true,\"result\":{\"name\":\"tact-host\","
		 "\"version\":\"%s\",\"protocol\":1,\"capabilities\":[\"hello\"],"
		 "\"data\":{\"state\":\"ready\"}}}",
		 version);
	write_frame_host(path, body);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char tmpl[] = "/tmp/tact-doctor-XXXXXX";

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
	write_answering_host(e->host, "fake-1");
	setenv("HOME", e->home, 1);
	setenv("TACT_HOME", e->tact, 1);
	setenv("TACT_SYSROOT", e->sys, 1);
	umask(077);
	if (tact_paths_resolve(&e->paths) != TACT_OK)
		return -1;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	json_object_put(e->doc);
	nftw(e->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(e);
	return 0;
}

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

/* doctor --json with args; parses the report into e->doc. */
#define DOCTOR(e, ...) doctor(e, run(e, 1, tact_doctor_main, "doctor", "--json", __VA_ARGS__, NULL))

static int doctor(struct env *e, int rc)
{
	char *text = read_text(e->out);

	json_object_put(e->doc);
	e->doc = json_tokener_parse(text);
	free(text);
	assert_non_null(e->doc); /* --json output always parses */
	return rc;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static int get_bool(json_object *o, const char *key)
{
	return json_object_get_boolean(get(o, key));
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key);
	return v != NULL ? json_object_get_string(v) : NULL;
}

static json_object *browser(struct env *e, const char *id)
{
	json_object *list = get(e->doc, "browsers");

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *b = json_object_array_get_idx(list, i);
		if (strcmp(get_str(b, "id"), id) == 0)
			return b;
	}
	fail_msg("browser %s not in the report", id);
	return NULL;
}

static json_object *candidate(json_object *b, size_t i)
{
	json_object *list = get(b, "candidates");

	assert_true(i < json_object_array_length(list));
	return json_object_array_get_idx(list, i);
}

/* The first problem in list with this blocking flag whose message contains
 * needle; NULL when there is none. */
static json_object *find_problem(json_object *list, int blocking, const char *needle)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *p = json_object_array_get_idx(list, i);
		if (get_bool(p, "blocking") == blocking && strstr(get_str(p, "message"), needle) != NULL)
			return p;
	}
	return NULL;
}

static int blocking_count(struct env *e)
{
	return json_object_get_int(get(e->doc, "problems"));
}

static void user_manifest(struct env *e, char *out, const char *id)
{
	char dir[P];

	fmt(dir, "%s/%s", e->home, tact_browsers_find(id)->user_dir);
	assert_int_equal(tact_browsers_manifest_path(out, dir), TACT_OK);
}

static void make_root(struct env *e, const char *id)
{
	char dir[P];

	fmt(dir, "%s/%s", e->home, tact_browsers_find(id)->root);
	mkdirs(dir);
}

static void chrome_origin(char *out)
{
	size_t count = 0;
	const char *const *ids = tact_browsers_builtin_ids(TACT_ENGINE_CHROMIUM, &count);

	fmt(out, "chrome-extension://%s/", ids[0]);
}

/* ---- tests ---- */

static void test_clean_install_has_no_problem(void **state)
{
	struct env *e = *state;
	char path[P];

	make_root(e, "chromium");
	make_root(e, "firefox");
	assert_int_equal(INSTALL(e, "--browser", "all"), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--browser", "all"), TACT_EXIT_OK);
	assert_int_equal(blocking_count(e), 0);
	for (int i = 0; i < 2; i++) {
		const char *id = i == 0 ? "chromium" : "firefox";
		json_object *b = browser(e, id);
		json_object *st = get(b, "selftest");
		user_manifest(e, path, id);
		assert_true(get_bool(b, "detected"));
		assert_string_equal(get_str(b, "winner"), path);
		assert_true(get_bool(candidate(b, 0), "valid"));
		assert_true(get_bool(candidate(b, 0), "used"));
		assert_true(get_bool(st, "ran"));
		assert_true(get_bool(st, "ok"));
		assert_string_equal(get_str(st, "version"), "fake-1");
		assert_true(json_object_is_type(get(st, "ms"), json_type_double));
		assert_int_equal(json_object_array_length(get(b, "sandbox")), 0);
	}
	assert_false(get_bool(browser(e, "edge"), "detected"));
	assert_null(get(browser(e, "edge"), "winner"));
	/* The text report agrees. */
	assert_int_equal(run(e, 1, tact_doctor_main, "doctor", NULL), TACT_EXIT_OK);
	{
		char *text = read_text(e->out);
		assert_non_null(strstr(text, "No blocking problem"));
		assert_non_null(strstr(text, "self-test: ok"));
		free(text);
	}
}

static void test_chromium_broken_user_file_hides_good_system_file(void **state)
{
	struct env *e = *state;
	char user[P];
	char sysfile[P];
	char dir[P];
	json_object *b;
	json_object *p;

	make_root(e, "chromium");
	fmt(dir, "%s/etc/chromium", e->sys);
	mkdirs(dir);
	assert_int_equal(INSTALL(e, "--scope", "system", "--browser", "chromium"), TACT_EXIT_OK);
	fmt(sysfile, "%s/etc/chromium/native-messaging-hosts/org.tact.host.json", e->sys);
	user_manifest(e, user, "chromium");
	write_text(user, "{\"name\": \"org.tact.host\", ", 0644);

	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	b = browser(e, "chromium");
	/* Chromium takes the first file that exists, broken or not. */
	assert_string_equal(get_str(b, "winner"), user);
	assert_true(get_bool(candidate(b, 0), "exists"));
	assert_false(get_bool(candidate(b, 0), "valid"));
	assert_true(get_bool(candidate(b, 0), "used"));
	assert_string_equal(get_str(candidate(b, 1), "path"), sysfile);
	assert_true(get_bool(candidate(b, 1), "valid"));
	assert_false(get_bool(candidate(b, 1), "used"));
	p = find_problem(get(candidate(b, 0), "problems"), 1, "not found");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "message"), sysfile)); /* the hidden good file */
	assert_non_null(strstr(get_str(p, "fix"), "rm "));
	assert_non_null(strstr(get_str(p, "fix"), user));
	assert_non_null(strstr(get_str(p, "fix"), "tact-host install --browser chromium"));
	assert_false(get_bool(get(b, "selftest"), "ran"));
	assert_true(blocking_count(e) >= 1);

	/* Doing what the fix says repairs it. */
	assert_int_equal(unlink(user), 0);
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_OK);
}

static void test_firefox_skips_broken_user_file(void **state)
{
	struct env *e = *state;
	char user[P];
	char sysfile[P];
	char dir[P];
	json_object *b;
	json_object *p;

	make_root(e, "firefox");
	fmt(dir, "%s/usr/lib/mozilla", e->sys);
	mkdirs(dir);
	assert_int_equal(INSTALL(e, "--scope", "system", "--browser", "firefox"), TACT_EXIT_OK);
	fmt(sysfile, "%s/usr/lib/mozilla/native-messaging-hosts/org.tact.host.json", e->sys);
	user_manifest(e, user, "firefox");
	write_text(user, "{ not json", 0644);

	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_OK);
	b = browser(e, "firefox");
	assert_string_equal(get_str(b, "winner"), sysfile);
	assert_false(get_bool(candidate(b, 0), "valid"));
	assert_false(get_bool(candidate(b, 0), "used"));
	assert_true(get_bool(candidate(b, 1), "used"));
	p = find_problem(get(candidate(b, 0), "problems"), 0, "skips");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "fix"), "rm "));
	assert_true(get_bool(get(b, "selftest"), "ok"));
	assert_int_equal(blocking_count(e), 0);

	/* A user file that does not list the add-on is skipped too. */
	write_text(user,
		   "{\"name\":\"org.tact.host\",\"description\":\"x\",\"path\":\"/bin/true\","
		   "\"type\":\"stdio\",\"allowed_extensions\":[\"other@example.org\"]}",
		   0644);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_OK);
	assert_string_equal(get_str(browser(e, "firefox"), "winner"), sysfile);

	/* With no good file left, nothing is usable. */
	assert_int_equal(unlink(sysfile), 0);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_FAILURE);
	b = browser(e, "firefox");
	assert_null(get(b, "winner"));
	assert_non_null(find_problem(get(b, "problems"), 1, "no usable manifest"));
}

static void test_wrong_path(void **state)
{
	struct env *e = *state;
	char user[P];
	char text[4 * P];
	char origin[P];
	json_object *p;

	make_root(e, "chromium");
	user_manifest(e, user, "chromium");
	chrome_origin(origin);
	snprintf(text, sizeof(text),
		 "{\"name\":\"org.tact.host\",\"description\":\"x\",\"path\":\"%s/nowhere/tact-host\","
		 "\"type\":\"stdio\",\"allowed_origins\":[\"%s\"]}",
		 e->root, origin);
	write_text(user, text, 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
			 "does not exist");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "fix"), "install"));

	/* A relative path breaks the manifest itself. */
	snprintf(text, sizeof(text),
		 "{\"name\":\"org.tact.host\",\"description\":\"x\",\"path\":\"tact-host\","
		 "\"type\":\"stdio\",\"allowed_origins\":[\"%s\"]}",
		 origin);
	write_text(user, text, 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	assert_non_null(find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
				     "relative"));
}

static void test_binary_not_executable(void **state)
{
	struct env *e = *state;
	json_object *p;
	char want[P + 32];

	make_root(e, "chromium");
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_int_equal(chmod(e->host, 0644), 0);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
			 "not executable");
	assert_non_null(p);
	snprintf(want, sizeof(want), "chmod 755 %s", e->host);
	assert_string_equal(get_str(p, "fix"), want);
	assert_false(get_bool(get(browser(e, "chromium"), "selftest"), "ran"));
}

static void test_writable_files(void **state)
{
	struct env *e = *state;
	char user[P];
	char want[P + 32];
	json_object *p;

	make_root(e, "chromium");
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	user_manifest(e, user, "chromium");
	assert_int_equal(chmod(user, 0666), 0);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
			 "writable by every user");
	assert_non_null(p);
	snprintf(want, sizeof(want), "chmod go-w %s", user);
	assert_string_equal(get_str(p, "fix"), want);

	assert_int_equal(chmod(user, 0644), 0);
	assert_int_equal(chmod(e->host, 0775), 0);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
			 "writable by its group");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "fix"), "chmod go-w"));
	assert_non_null(strstr(get_str(p, "fix"), e->host));

	assert_int_equal(chmod(e->host, 0755), 0);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_OK);
}

static void test_missing_extension_id(void **state)
{
	struct env *e = *state;
	char user[P];
	char text[4 * P];
	json_object *p;

	make_root(e, "chromium");
	user_manifest(e, user, "chromium");
	snprintf(text, sizeof(text),
		 "{\"name\":\"org.tact.host\",\"description\":\"x\",\"path\":\"%s\","
		 "\"type\":\"stdio\",\"allowed_origins\":"
		 "[\"chrome-extension://abcdefghijklmnopabcdefghijklmnop/\"]}",
		 e->host);
	write_text(user, text, 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
			 "does not list Tact's extension");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "message"), "forbidden"));
	assert_string_equal(get_str(p, "fix"), "tact-host install --browser chromium");
	assert_false(get_bool(candidate(browser(e, "chromium"), 0), "allows_tact"));

	/* An origin without its trailing slash breaks the whole manifest. */
	{
		char origin[P];
		chrome_origin(origin);
		origin[strlen(origin) - 1] = '\0';
		snprintf(text, sizeof(text),
			 "{\"name\":\"org.tact.host\",\"description\":\"x\",\"path\":\"%s\","
			 "\"type\":\"stdio\",\"allowed_origins\":[\"%s\"]}",
			 e->host, origin);
	}
	write_text(user, text, 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	assert_false(get_bool(candidate(browser(e, "chromium"), 0), "valid"));
	assert_non_null(find_problem(get(candidate(browser(e, "chromium"), 0), "problems"), 1,
				     "trailing slash"));
}

static void test_policies(void **state)
{
	struct env *e = *state;
	char file[P];
	char dir[P];
	json_object *b;
	json_object *p;

	make_root(e, "chromium");
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);
	fmt(file, "%s/etc/chromium/policies/managed/zz-block.json", e->sys);
	write_text(file, "{\"NativeMessagingBlocklist\": [\"*\"]}", 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	p = find_problem(get(browser(e, "chromium"), "problems"), 1, "NativeMessagingBlocklist");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "message"), file));
	assert_non_null(strstr(get_str(p, "fix"), "NativeMessagingAllowlist"));

	/* An allowlist entry for us lifts it. */
	fmt(file, "%s/etc/chromium/policies/managed/aa-allow.json", e->sys);
	write_text(file, "{\"NativeMessagingAllowlist\": [\"org.tact.host\"]}", 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_null(find_problem(get(browser(e, "chromium"), "problems"), 1, "Blocklist"));
	assert_int_equal(unlink(file), 0);
	fmt(file, "%s/etc/chromium/policies/managed/zz-block.json", e->sys);
	assert_int_equal(unlink(file), 0);

	/* User-level manifests switched off, and only a user manifest exists. */
	fmt(file, "%s/etc/chromium/policies/managed/user-level.json", e->sys);
	write_text(file, "{\"NativeMessagingUserLevelHosts\": false}", 0644);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	b = browser(e, "chromium");
	assert_true(get_bool(candidate(b, 0), "ignored"));
	assert_null(get(b, "winner"));
	p = find_problem(get(b, "problems"), 1, "NativeMessagingUserLevelHosts");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "fix"), "--scope system"));
	/* Following the fix: a system manifest is used. */
	fmt(dir, "%s/etc/chromium", e->sys);
	assert_int_equal(INSTALL(e, "--browser", "chromium", "--scope", "system"), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_non_null(strstr(get_str(browser(e, "chromium"), "winner"), e->sys));

	/* Firefox's policies.json. */
	make_root(e, "firefox");
	assert_int_equal(INSTALL(e, "--browser", "firefox"), TACT_EXIT_OK);
	fmt(file, "%s/etc/firefox/policies/policies.json", e->sys);
	write_text(file, "{\"policies\": {\"NativeMessagingBlocklist\": [\"org.tact.host\"]}}",
		   0644);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_FAILURE);
	assert_non_null(find_problem(get(browser(e, "firefox"), "problems"), 1, file));
}

static void test_snap_chromium(void **state)
{
	struct env *e = *state;
	json_object *b;
	json_object *s;

	/* Only the Snap build. */
	{
		char dir[P];
		fmt(dir, "%s/snap/chromium/common/chromium", e->home);
		mkdirs(dir);
	}
	assert_int_equal(DOCTOR(e, "--browser", "all"), TACT_EXIT_FAILURE);
	b = browser(e, "chromium");
	assert_true(get_bool(b, "detected"));
	s = json_object_array_get_idx(get(b, "sandbox"), 0);
	assert_non_null(s);
	assert_string_equal(get_str(s, "kind"), "snap");
	assert_false(get_bool(s, "works"));
	assert_non_null(find_problem(get(b, "problems"), 1, "cannot start native messaging hosts"));
}

static void test_snap_firefox_uses_home_manifest(void **state)
{
	struct env *e = *state;
	char dir[P];
	json_object *b;
	json_object *s;

	fmt(dir, "%s/snap/firefox/common", e->home);
	mkdirs(dir);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_FAILURE);
	assert_non_null(find_problem(get(browser(e, "firefox"), "problems"), 1, "not registered"));
	assert_int_equal(INSTALL(e, "--browser", "firefox", "--force"), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_OK);
	b = browser(e, "firefox");
	s = json_object_array_get_idx(get(b, "sandbox"), 0);
	assert_string_equal(get_str(s, "kind"), "snap");
	assert_true(get_bool(s, "works"));
	assert_non_null(strstr(get_str(s, "message"), "portal"));
	assert_true(get_bool(get(b, "selftest"), "ok"));
}

static void test_flatpak(void **state)
{
	struct env *e = *state;
	char dir[P];
	json_object *b;
	json_object *s;
	json_object *p;

	/* Next to a regular Firefox: a warning. */
	make_root(e, "firefox");
	fmt(dir, "%s/.var/app/org.mozilla.firefox/.mozilla", e->home);
	mkdirs(dir);
	assert_int_equal(INSTALL(e, "--browser", "firefox"), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--browser", "firefox"), TACT_EXIT_OK);
	b = browser(e, "firefox");
	s = json_object_array_get_idx(get(b, "sandbox"), 0);
	assert_string_equal(get_str(s, "kind"), "flatpak");
	assert_string_equal(get_str(s, "app"), "org.mozilla.firefox");
	assert_false(get_bool(s, "works"));
	p = find_problem(get(b, "problems"), 0, "Flatpak");
	assert_non_null(p);
	assert_non_null(strstr(get_str(p, "message"), "does not support"));

	/* The only Chromium is a Flatpak: blocking. */
	fmt(dir, "%s/.var/app/org.chromium.Chromium/config/chromium", e->home);
	mkdirs(dir);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	b = browser(e, "chromium");
	assert_true(get_bool(b, "detected"));
	assert_non_null(find_problem(get(b, "problems"), 1, "Flatpak"));
}

static void test_selftest_failures(void **state)
{
	struct env *e = *state;
	json_object *st;

	make_root(e, "chromium");
	assert_int_equal(INSTALL(e, "--browser", "chromium"), TACT_EXIT_OK);

	/* A host that refuses its caller. */
	write_text(e->host, "#!/bin/sh\necho 'refusing caller' >&2\nexit 5\n", 0755);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	st = get(browser(e, "chromium"), "selftest");
	assert_true(get_bool(st, "ran"));
	assert_false(get_bool(st, "ok"));
	assert_non_null(strstr(get_str(st, "error"), "status 5"));
	assert_non_null(strstr(get_str(st, "error"), "refusing caller"));
	assert_non_null(find_problem(get(browser(e, "chromium"), "problems"), 1, "self-test"));

	/* A host that prints text instead of frames. */
	write_text(e->host, "#!/bin/sh\necho 'debug: starting up'\nexec cat >/dev/null\n", 0755);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	st = get(browser(e, "chromium"), "selftest");
	assert_non_null(strstr(get_str(st, "error"), "stdout"));

	/* A host that never answers is given up on, and killed. */
	write_text(e->host, "#!/bin/sh\nexec sleep 60\n", 0755);
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	st = get(browser(e, "chromium"), "selftest");
	assert_non_null(strstr(get_str(st, "error"), "did not answer"));

	/* An error answer. */
	write_frame_host(e->host, "{\"v\":1,\"id\":\"doctor\",\"ok\":false,\"error\":"
				  "{\"code\":\"internal\",\"message\":\"boom\"}}");
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	st = get(browser(e, "chromium"), "selftest");
	assert_false(get_bool(st, "ok"));
	assert_non_null(strstr(get_str(st, "error"), "boom"));

	/* The wrong protocol version. */
	write_frame_host(e->host, "{\"v\":1,\"id\":\"doctor\",\"ok\":true,\"result\":"
				  "{\"protocol\":2}}");
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_FAILURE);
	st = get(browser(e, "chromium"), "selftest");
	assert_non_null(strstr(get_str(st, "error"), "protocol 1"));

	/* Back to a good host: all clear. */
	write_answering_host(e->host, "fake-2");
	assert_int_equal(DOCTOR(e, "--browser", "chromium"), TACT_EXIT_OK);
	assert_string_equal(get_str(get(browser(e, "chromium"), "selftest"), "version"), "fake-2");
}

static void test_user_data_dir(void **state)
{
	struct env *e = *state;
	char profile[P];
	char want[P];
	json_object *b;

	fmt(profile, "%s/profile", e->root);
	assert_int_equal(DOCTOR(e, "--user-data-dir", profile), TACT_EXIT_FAILURE);
	assert_int_equal(INSTALL(e, "--user-data-dir", profile), TACT_EXIT_OK);
	assert_int_equal(DOCTOR(e, "--user-data-dir", profile), TACT_EXIT_OK);
	assert_int_equal(json_object_array_length(get(e->doc, "browsers")), 1);
	b = browser(e, "chromium");
	fmt(want, "%s/NativeMessagingHosts/org.tact.host.json", profile);
	assert_string_equal(get_str(b, "winner"), want);
	assert_string_equal(get_str(candidate(b, 0), "scope"), "user-data-dir");
	assert_true(get_bool(get(b, "selftest"), "ok"));
}

static void test_nothing_installed(void **state)
{
	struct env *e = *state;

	assert_int_equal(DOCTOR(e, "--browser", "all"), TACT_EXIT_FAILURE);
	assert_int_equal(json_object_array_length(get(e->doc, "global_problems")), 1);
	assert_int_equal(json_object_array_length(get(e->doc, "browsers")), tact_browsers_count());
	/* Naming a browser that is not there is a blocking problem too. */
	assert_int_equal(DOCTOR(e, "--browser", "edge"), TACT_EXIT_FAILURE);
	assert_non_null(find_problem(get(browser(e, "edge"), "problems"), 1, "not installed"));
}

static void test_usage(void **state)
{
	struct env *e = *state;

	assert_int_equal(run(e, 0, tact_doctor_main, "doctor", "--frobnicate", NULL),
			 TACT_EXIT_USAGE);
	assert_int_equal(run(e, 0, tact_doctor_main, "doctor", "--browser", "mosaic", NULL),
			 TACT_EXIT_USAGE);
	assert_int_equal(run(e, 0, tact_doctor_main, "doctor", "--browser", "firefox",
			     "--user-data-dir", "/tmp", NULL),
			 TACT_EXIT_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_install_has_no_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chromium_broken_user_file_hides_good_system_file,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_firefox_skips_broken_user_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_not_executable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writable_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_extension_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snap_chromium, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snap_firefox_uses_home_manifest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flatpak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_data_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_installed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
