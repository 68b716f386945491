#include "tact/browsers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tact/build_config.h"
#include "tact/caller.h"
#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/paths.h"
#include "tact/strictjson.h"

#define CHROMIUM_SCHEME "chrome-extension://"

/*
 * Linux locations (native-messaging reference §1.8, §1.9, §1.10). Opera
 * reads Chrome's folders; Brave and Vivaldi read Chrome's system folder.
 * Firefox reads one of /usr/lib or /usr/lib64 (a compile-time choice of the
 * distribution), so both are listed in the order we check them. A macOS
 * port adds its own table under #if defined(__APPLE__) with
 * ~/Library/Application Support/... user folders and /Library/... system
 * folders; nothing else here depends on the platform.
 */
static const struct tact_browser browser_table[] = {
	{"chrome",
	 "Google Chrome",
	 TACT_ENGINE_CHROMIUM,
	 ".config/google-chrome",
	 ".config/google-chrome/NativeMessagingHosts",
	 {"/etc/opt/chrome/native-messaging-hosts", NULL, NULL},
	 {"/etc/opt/chrome/policies/managed", NULL, NULL},
	 {{TACT_SANDBOX_FLATPAK, ".var/app/com.google.Chrome",
	   ".var/app/com.google.Chrome/config/google-chrome/NativeMessagingHosts",
	   "com.google.Chrome"}}},
	{"chromium",
	 "Chromium",
	 TACT_ENGINE_CHROMIUM,
	 ".config/chromium",
	 ".config/chromium/NativeMessagingHosts",
	 {"/etc/chromium/native-messaging-hosts", NULL, NULL},
	 {"/etc/chromium/policies/managed", NULL, NULL},
	 {{TACT_SANDBOX_SNAP, "snap/chromium", "snap/chromium/common/chromium/NativeMessagingHosts",
	   "chromium"},
	  {TACT_SANDBOX_FLATPAK, ".var/app/org.chromium.Chromium",
	   ".var/app/org.chromium.Chromium/config/chromium/NativeMessagingHosts",
	   "org.chromium.Chromium"}}},
	{"edge",
	 "Microsoft Edge",
	 TACT_ENGINE_CHROMIUM,
	 ".config/microsoft-edge",
	 ".config/microsoft-edge/NativeMessagingHosts",
	 {"/etc/opt/edge/native-messaging-hosts", NULL, NULL},
	 {"/etc/opt/edge/policies/managed", NULL, NULL},
	 {{TACT_SANDBOX_FLATPAK, ".var/app/com.microsoft.Edge",
	   ".var/app/com.microsoft.Edge/config/microsoft-edge/NativeMessagingHosts",
	   "com.microsoft.Edge"}}},
	{"brave",
	 "Brave",
	 TACT_ENGINE_CHROMIUM,
	 ".config/BraveSoftware/Brave-Browser",
	 ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
	 {"/etc/opt/chrome/native-messaging-hosts", NULL, NULL},
	 {"/etc/brave/policies/managed", NULL, NULL},
	 {{TACT_SANDBOX_FLATPAK, ".var/app/com.brave.Browser",
	   ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
	   "com.brave.Browser"}}},
	{"vivaldi",
	 "Vivaldi",
	 TACT_ENGINE_CHROMIUM,
	 ".config/vivaldi",
	 ".config/vivaldi/NativeMessagingHosts",
	 {"/etc/opt/chrome/native-messaging-hosts", NULL, NULL},
	 {NULL, NULL, NULL},
	 {{TACT_SANDBOX_SNAP, NULL, NULL, NULL}}},
	{"opera",
	 "Opera",
	 TACT_ENGINE_CHROMIUM,
	 ".config/opera",
	 ".config/google-chrome/NativeMessagingHosts",
	 {"/etc/opt/chrome/native-messaging-hosts", NULL, NULL},
	 {NULL, NULL, NULL},
	 {{TACT_SANDBOX_SNAP, NULL, NULL, NULL}}},
	{"firefox",
	 "Firefox",
	 TACT_ENGINE_FIREFOX,
	 ".mozilla",
	 ".mozilla/native-messaging-hosts",
	 {"/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts",
	  NULL},
	 {"/usr/lib/firefox/distribution/policies.json", "/etc/firefox/policies/policies.json", NULL},
	 /* Snap Firefox reads the host's own folders through the portal. */
	 {{TACT_SANDBOX_SNAP, "snap/firefox", NULL, "firefox"},
	  {TACT_SANDBOX_FLATPAK, ".var/app/org.mozilla.firefox",
	   ".var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts", "org.mozilla.firefox"}}},
	{"librewolf",
	 "LibreWolf",
	 TACT_ENGINE_FIREFOX,
	 ".librewolf",
	 ".librewolf/native-messaging-hosts",
	 {"/usr/lib/librewolf/native-messaging-hosts", NULL, NULL},
	 /* Firefox's policy locations under LibreWolf's application name. */
	 {"/usr/lib/librewolf/distribution/policies.json", "/etc/librewolf/policies/policies.json",
	  NULL},
	 {{TACT_SANDBOX_FLATPAK, ".var/app/io.gitlab.librewolf-community",
	   ".var/app/io.gitlab.librewolf-community/.librewolf/native-messaging-hosts",
	   "io.gitlab.librewolf-community"}}},
};

#define BROWSER_COUNT (sizeof(browser_table) / sizeof(browser_table[0]))

static const char *const builtin_chrome_ids[] = TACT_BUILTIN_CHROME_IDS;
static const char *const builtin_firefox_ids[] = TACT_BUILTIN_FIREFOX_IDS;

size_t tact_browsers_count(void)
{
	return BROWSER_COUNT;
}

const struct tact_browser *tact_browsers_at(size_t index)
{
	return index < BROWSER_COUNT ? &browser_table[index] : NULL;
}

const struct tact_browser *tact_browsers_find(const char *id)
{
	for (size_t i = 0; i < BROWSER_COUNT; i++) {
		if (strcmp(browser_table[i].id, id) == 0)
			return &browser_table[i];
	}
	return NULL;
}

static enum tact_err format_path(char *out, const char *a, const char *sep, const char *b)
{
	int n = snprintf(out, TACT_PATH_MAX, "%s%s%s", a, sep, b);

	if (n < 0 || (size_t)n >= TACT_PATH_MAX)
		return TACT_ERR_TOO_LARGE;
	return TACT_OK;
}

enum tact_err tact_browsers_home_path(char *out, const char *home, const char *rel)
{
	return format_path(out, home, "/", rel);
}

enum tact_err tact_browsers_system_path(char *out, const char *abs)
{
	const char *sysroot = getenv("TACT_SYSROOT");
	size_t len;

	if (sysroot == NULL || sysroot[0] == '\0')
		return format_path(out, "", "", abs);
	if (sysroot[0] != '/') {
		tact_log_error("TACT_SYSROOT must be an absolute path, not %s", sysroot);
		return TACT_ERR_BAD_REQUEST;
	}
	/* "/" or "/x/" + "/etc/..." would double the slash; harmless but ugly. */
	len = strlen(sysroot);
	while (len > 1 && sysroot[len - 1] == '/')
		len--;
	if (len == 1)
		return format_path(out, "", "", abs);
	{
		int n = snprintf(out, TACT_PATH_MAX, "%.*s%s", (int)len, sysroot, abs);
		if (n < 0 || (size_t)n >= TACT_PATH_MAX)
			return TACT_ERR_TOO_LARGE;
	}
	return TACT_OK;
}

enum tact_err tact_browsers_manifest_path(char *out, const char *dir)
{
	return format_path(out, dir, "/", TACT_HOST_NAME ".json");
}

int tact_browsers_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *const *tact_browsers_builtin_ids(enum tact_engine engine, size_t *count)
{
	if (engine == TACT_ENGINE_FIREFOX) {
		*count = sizeof(builtin_firefox_ids) / sizeof(builtin_firefox_ids[0]);
		return builtin_firefox_ids;
	}
	*count = sizeof(builtin_chrome_ids) / sizeof(builtin_chrome_ids[0]);
	return builtin_chrome_ids;
}

int tact_browsers_is_firefox_id(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= TACT_CALLER_ID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '*' || c == '"' || c == '\\')
			return 0;
	}
	return strchr(s, '@') != NULL || (len > 2 && s[0] == '{' && s[len - 1] == '}');
}

/* Chromium's rule for host names (native_messaging_host_manifest.cc):
 * [a-z0-9._], no dot at either end, no two dots in a row. */
static int chromium_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || name[0] == '.' || name[len - 1] == '.' || strstr(name, "..") != NULL)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
			return 0;
	}
	return 1;
}

/* Firefox's schema pattern ^\w+(\.\w+)*$. */
static int firefox_name_ok(const char *name)
{
	int need_word = 1;

	for (size_t i = 0; name[i] != '\0'; i++) {
		char c = name[i];
		int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			   c == '_';
		if (word)
			need_word = 0;
		else if (c == '.' && !need_word)
			need_word = 1;
		else
			return 0;
	}
	return !need_word;
}

/* Exactly "chrome-extension://<32 letters a-p>/": Chromium refuses the whole
 * manifest for a pattern without the path ("Empty path") or with a
 * wildcard. */
static int origin_ok(const char *origin)
{
	char id[TACT_CALLER_ID_MAX];
	size_t scheme = strlen(CHROMIUM_SCHEME);
	size_t len = strlen(origin);

	if (strncmp(origin, CHROMIUM_SCHEME, scheme) != 0 || len != scheme + 33 ||
	    origin[len - 1] != '/')
		return 0;
	memcpy(id, origin + scheme, 32);
	id[32] = '\0';
	return tact_caller_is_chromium_id(id);
}

static void add_problem(json_object *problems, size_t *count, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_problem(json_object *problems, size_t *count, const char *fmt, ...)
{
	char text[TACT_LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tact_json_push(problems, json_object_new_string(text));
	(*count)++;
}

static const char *string_field(json_object *m, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(m, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

size_t tact_browsers_manifest_check(json_object *m, enum tact_engine engine,
				    json_object *problems)
{
	const char *list_key = engine == TACT_ENGINE_CHROMIUM ? "allowed_origins"
							       : "allowed_extensions";
	const char *name;
	const char *text;
	json_object *list;
	size_t count = 0;

	if (!json_object_is_type(m, json_type_object)) {
		add_problem(problems, &count, "the file is not a JSON object");
		return count;
	}
	name = string_field(m, "name");
	if (name == NULL)
		add_problem(problems, &count, "\"name\" is missing or not a string");
	else if (strcmp(name, TACT_HOST_NAME) != 0)
		add_problem(problems, &count,
			    "\"name\" is \"%s\", but the browser asks for \"" TACT_HOST_NAME "\"",
			    name);
	else if (engine == TACT_ENGINE_CHROMIUM ? !chromium_name_ok(name) : !firefox_name_ok(name))
		add_problem(problems, &count, "\"name\" \"%s\" breaks the browser's naming rule",
			    name);

	text = string_field(m, "description");
	if (text == NULL || text[0] == '\0')
		add_problem(problems, &count,
			    "\"description\" is missing or empty; Chromium refuses such a manifest");

	text = string_field(m, "type");
	if (text == NULL || strcmp(text, "stdio") != 0)
		add_problem(problems, &count, "\"type\" must be \"stdio\"");

	text = string_field(m, "path");
	if (text == NULL || text[0] == '\0')
		add_problem(problems, &count, "\"path\" is missing or empty");
	else if (text[0] != '/')
		add_problem(problems, &count,
			    "\"path\" \"%s\" is relative; browsers on Linux need an absolute path",
			    text);

	if (!json_object_object_get_ex(m, list_key, &list) ||
	    !json_object_is_type(list, json_type_array)) {
		add_problem(problems, &count, "\"%s\" is missing or not a list", list_key);
		return count;
	}
	if (json_object_array_length(list) == 0)
		add_problem(problems, &count, "\"%s\" is empty, so no extension may connect",
			    list_key);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *item = json_object_array_get_idx(list, i);
		const char *s = json_object_is_type(item, json_type_string)
					? json_object_get_string(item)
					: NULL;
		if (s == NULL) {
			add_problem(problems, &count, "\"%s\" has an entry that is not a string",
				    list_key);
		} else if (engine == TACT_ENGINE_CHROMIUM && !origin_ok(s)) {
			add_problem(problems, &count,
				    strchr(s, '*') != NULL
					    ? "allowed_origins entry \"%s\" has a wildcard, which "
					      "Chromium refuses"
					    : "allowed_origins entry \"%s\" is not exactly "
					      "chrome-extension://<32 letters a-p>/ (the trailing slash "
					      "is required)",
				    s);
		} else if (engine == TACT_ENGINE_FIREFOX && !tact_browsers_is_firefox_id(s)) {
			add_problem(problems, &count,
				    "allowed_extensions entry \"%s\" is not an add-on id", s);
		}
	}
	return count;
}

int tact_browsers_manifest_allows(json_object *m, enum tact_engine engine, const char *id)
{
	char want[TACT_CALLER_ID_MAX + sizeof(CHROMIUM_SCHEME) + 1];
	json_object *list;

	if (engine == TACT_ENGINE_CHROMIUM) {
		snprintf(want, sizeof(want), CHROMIUM_SCHEME "%s/", id);
		if (!json_object_object_get_ex(m, "allowed_origins", &list))
			return 0;
	} else {
		snprintf(want, sizeof(want), "%s", id);
		if (!json_object_object_get_ex(m, "allowed_extensions", &list))
			return 0;
	}
	if (!json_object_is_type(list, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *item = json_object_array_get_idx(list, i);
		if (json_object_is_type(item, json_type_string) &&
		    strcmp(json_object_get_string(item), want) == 0)
			return 1;
	}
	return 0;
}

/* Appends s to list unless it is already there. */
static void add_unique(json_object *list, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		if (strcmp(json_object_get_string(json_object_array_get_idx(list, i)), s) == 0)
			return;
	}
	tact_json_push(list, json_object_new_string(s));
}

static void add_caller(json_object *list, enum tact_engine engine, const char *id, int from_config)
{
	char origin[TACT_CALLER_ID_MAX + sizeof(CHROMIUM_SCHEME) + 1];

	if (id == NULL || id[0] == '\0')
		return;
	if (engine == TACT_ENGINE_CHROMIUM) {
		if (!tact_caller_is_chromium_id(id)) {
			if (from_config)
				tact_log_warn("skipping allowed_chrome_ids entry %s: not 32 letters a-p",
					      id);
			return;
		}
		snprintf(origin, sizeof(origin), CHROMIUM_SCHEME "%s/", id);
		add_unique(list, origin);
		return;
	}
	if (!tact_browsers_is_firefox_id(id)) {
		if (from_config)
			tact_log_warn("skipping allowed_firefox_ids entry %s: not an add-on id", id);
		return;
	}
	add_unique(list, id);
}

enum tact_err tact_browsers_manifest_build(enum tact_engine engine, const char *host_path,
					   const struct tact_config *cfg, json_object **out)
{
	const char *key = engine == TACT_ENGINE_CHROMIUM ? "allowed_chrome_ids"
							  : "allowed_firefox_ids";
	json_object *m = json_object_new_object();
	json_object *list = json_object_new_array();
	const char *const *ids;
	size_t count;

	*out = NULL;
	if (m == NULL || list == NULL) {
		json_object_put(m);
		json_object_put(list);
		return TACT_ERR_NOMEM;
	}
	/* json-c keeps insertion order, so the file reads like the template. */
	tact_json_set(m, "name", json_object_new_string(TACT_HOST_NAME));
	tact_json_set(m, "description", json_object_new_string(TACT_MANIFEST_DESCRIPTION));
	tact_json_set(m, "path", json_object_new_string(host_path));
	tact_json_set(m, "type", json_object_new_string("stdio"));
	ids = tact_browsers_builtin_ids(engine, &count);
	for (size_t i = 0; i < count; i++)
		add_caller(list, engine, ids[i], 0);
	count = tact_config_list_len(cfg, key);
	for (size_t i = 0; i < count; i++)
		add_caller(list, engine, tact_config_list_at(cfg, key, i), 1);
	tact_json_set(m, engine == TACT_ENGINE_CHROMIUM ? "allowed_origins" : "allowed_extensions",
		      list);
	*out = m;
	return TACT_OK;
}

char *tact_browsers_manifest_text(json_object *m)
{
	size_t len = 0;
	const char *text = json_object_to_json_string_length(
		m, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE,
		&len);
	char *copy;

	if (text == NULL)
		return NULL;
	copy = malloc(len + 2);
	if (copy == NULL)
		return NULL;
	memcpy(copy, text, len);
	copy[len] = '\n';
	copy[len + 1] = '\0';
	return copy;
}

enum tact_err tact_browsers_parse_json(const char *text, size_t len, json_object **out, char *why,
				       size_t why_len)
{
	json_tokener *tok = NULL;
	json_object *obj = NULL;
	struct tact_strictjson_report report;
	enum tact_err err;

	*out = NULL;
	if (len > (size_t)INT32_MAX) {
		snprintf(why, why_len, "the file is too large");
		return TACT_ERR_BAD_JSON;
	}
	/* Browsers parse manifests as standard JSON: no comments, no trailing
	 * commas, no single quotes. */
	/* Only the syntax matters here: browsers read duplicate names and
	 * escapes the protocol refuses like json-c does. */
	err = tact_strictjson_check(text, len, TACT_JSON_MAX_DEPTH, &report);
	if (err == TACT_ERR_NOMEM)
		return err;
	if (err == TACT_ERR_BAD_JSON) {
		snprintf(why, why_len, "not valid JSON: %s at byte %zu",
			 report.what != NULL ? report.what : "a syntax error", report.offset);
		return TACT_ERR_BAD_JSON;
	}
	tok = json_tokener_new_ex(TACT_JSON_MAX_DEPTH);
	if (tok == NULL)
		return TACT_ERR_NOMEM;
	obj = json_tokener_parse_ex(tok, text, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success || obj == NULL) {
		snprintf(why, why_len, "not valid JSON: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(obj);
		json_tokener_free(tok);
		return TACT_ERR_BAD_JSON;
	}
	json_tokener_free(tok);
	*out = obj;
	return TACT_OK;
}

const char *tact_browsers_shell_quote(char *out, size_t out_len, const char *s)
{
	size_t o = 0;
	int plain = s[0] != '\0';

	for (const char *p = s; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("_./@%+=:,-~", c) != NULL)) {
			plain = 0;
			break;
		}
	}
	/* A leading ~ would be expanded by the shell. */
	if (plain && s[0] != '~') {
		snprintf(out, out_len, "%s", s);
		return out;
	}
	if (out_len < 3) {
		if (out_len > 0)
			out[0] = '\0';
		return out;
	}
	out[o++] = '\'';
	for (const char *p = s; *p != '\0' && o + 5 < out_len; p++) {
		if (*p == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *p;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
	return out;
}
