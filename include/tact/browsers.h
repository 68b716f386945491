/*
 * browsers: where each supported browser looks for native messaging host
 * manifests, and the rules those manifests must follow. Shared by install
 * (which writes manifests) and doctor (which explains what a browser will
 * find).
 *
 * Paths in the table are relative to the user's home folder (user level) or
 * absolute (system wide). Every system path is prefixed with the
 * environment variable TACT_SYSROOT when it is set to an absolute path, the
 * way DESTDIR works for `make install`: tests and packagers point it at a
 * scratch tree, and the files land in $TACT_SYSROOT/etc/... instead of
 * /etc/....
 */
#ifndef TACT_BROWSERS_H
#define TACT_BROWSERS_H

#include <stddef.h>

#include <json-c/json.h>

#include "tact/config.h"
#include "tact/err.h"

#define TACT_MANIFEST_DESCRIPTION "Tact: private triage of LinkedIn invitations on this computer"

/* Room in the table; entries end at the first NULL. */
#define TACT_BROWSER_SYSTEM_DIRS_MAX 3u
#define TACT_BROWSER_POLICY_PATHS_MAX 3u
#define TACT_BROWSER_SANDBOXES_MAX 3u

/* The two manifest dialects. */
enum tact_engine {
	TACT_ENGINE_CHROMIUM = 0, /* allowed_origins; first existing file wins */
	TACT_ENGINE_FIREFOX       /* allowed_extensions; invalid files are skipped */
};

enum tact_sandbox_kind { TACT_SANDBOX_SNAP = 0, TACT_SANDBOX_FLATPAK };

/* A sandboxed build of a browser (Snap or Flatpak), found by its folder. */
struct tact_sandbox {
	enum tact_sandbox_kind kind;
	const char *root;         /* relative to home; present when that build was run */
	const char *manifest_dir; /* relative to home; where that build reads manifests */
	const char *app;          /* Snap name or Flatpak application id */
};

struct tact_browser {
	const char *id;   /* "chrome", as given to --browser */
	const char *name; /* "Google Chrome", for people */
	enum tact_engine engine;
	const char *root;     /* relative to home; present when the browser was run */
	const char *user_dir; /* relative to home; user-level manifest folder */
	/* Absolute system folders in lookup order (before TACT_SYSROOT). */
	const char *system_dirs[TACT_BROWSER_SYSTEM_DIRS_MAX];
	/* Chromium engine: folders of managed policy *.json files.
	 * Firefox engine: policies.json files. Absolute, before TACT_SYSROOT. */
	const char *policy_paths[TACT_BROWSER_POLICY_PATHS_MAX];
	struct tact_sandbox sandboxes[TACT_BROWSER_SANDBOXES_MAX]; /* root NULL ends */
};

/* The table, in a stable order (Chromium family first, then Firefox). */
size_t tact_browsers_count(void);
const struct tact_browser *tact_browsers_at(size_t index);

/* The browser with this id, or NULL. */
const struct tact_browser *tact_browsers_find(const char *id);

/* Every --browser value, for usage text. */
#define TACT_BROWSER_IDS "chrome|chromium|edge|brave|vivaldi|opera|firefox|librewolf"

/* home + "/" + rel into a TACT_PATH_MAX buffer. */
enum tact_err tact_browsers_home_path(char *out, const char *home, const char *rel) TACT_MUST_CHECK;

/* $TACT_SYSROOT + abs into a TACT_PATH_MAX buffer. TACT_ERR_BAD_REQUEST (and
 * a log line) when TACT_SYSROOT is set but not absolute. */
enum tact_err tact_browsers_system_path(char *out, const char *abs) TACT_MUST_CHECK;

/* dir + "/" + TACT_HOST_NAME + ".json". */
enum tact_err tact_browsers_manifest_path(char *out, const char *dir) TACT_MUST_CHECK;

/* Is path an existing folder (following symlinks)? */
int tact_browsers_is_dir(const char *path);

/* Tact's own extension ids for an engine (compiled in; empty entries
 * skipped by callers). Static array; *count set. */
const char *const *tact_browsers_builtin_ids(enum tact_engine engine, size_t *count);

/* Is s a well-formed Firefox add-on id ("name@domain" or "{uuid}",
 * printable ASCII, no spaces, no wildcard)? */
int tact_browsers_is_firefox_id(const char *s);

/*
 * Builds the manifest for engine: name, description, path, type "stdio",
 * and allowed_origins (Chromium: "chrome-extension://<id>/" for every
 * built-in id and every well-formed allowed_chrome_ids entry of cfg) or
 * allowed_extensions (Firefox: built-in ids and allowed_firefox_ids).
 * cfg may be NULL. Malformed config ids are skipped with a log line.
 * Caller owns *out.
 */
enum tact_err tact_browsers_manifest_build(enum tact_engine engine, const char *host_path,
					   const struct tact_config *cfg,
					   json_object **out) TACT_MUST_CHECK;

/*
 * Checks m against the rules engine's browsers apply when loading a
 * manifest named TACT_HOST_NAME: object, name equal (and well-formed),
 * non-empty description, type "stdio", absolute path, caller list present
 * and well-formed (Chromium: every entry exactly "chrome-extension://<32
 * letters a-p>/", no wildcard). Does not look at the file system. Appends
 * one sentence per broken rule to problems (a JSON array) and returns how
 * many it appended.
 */
size_t tact_browsers_manifest_check(json_object *m, enum tact_engine engine,
				    json_object *problems);

/* Does m's caller list admit this extension id (Chromium: as an origin
 * with the trailing slash)? */
int tact_browsers_manifest_allows(json_object *m, enum tact_engine engine, const char *id);

/* The canonical text a manifest is written as (two-space indented, no
 * escaped slashes, trailing newline). Caller frees with free(). */
char *tact_browsers_manifest_text(json_object *m);

/*
 * Parses text as exactly one JSON value (whitespace around it allowed).
 * Caller owns *out. On failure returns TACT_ERR_BAD_JSON and writes the
 * parser's reason into why.
 */
enum tact_err tact_browsers_parse_json(const char *text, size_t len, json_object **out,
				       char *why, size_t why_len) TACT_MUST_CHECK;

/* Quotes s for a POSIX shell when it needs it ('...' with ' escaped);
 * returns out, truncated to out_len. For the fix commands we print. */
const char *tact_browsers_shell_quote(char *out, size_t out_len, const char *s);

#endif
