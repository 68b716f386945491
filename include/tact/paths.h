/*
 * paths: where Tact keeps its files.
 *
 * Data (the database) lives in $XDG_DATA_HOME/tact (default
 * ~/.local/share/tact), configuration in $XDG_CONFIG_HOME/tact (default
 * ~/.config/tact). TACT_HOME, when set, is used for both, for tests and
 * portable use. Folders Tact creates are 0700.
 */
#ifndef TACT_PATHS_H
#define TACT_PATHS_H

#include <stddef.h>

#include "tact/err.h"
#include "tact/limits.h"

#define TACT_DB_FILE "tact.db"
#define TACT_CONFIG_FILE "config.json"
#define TACT_INSTALL_STATE_FILE "installed.json"

/* A value struct filled by tact_paths_resolve; nothing to free. */
struct tact_paths {
	char home[TACT_PATH_MAX];        /* the user's home folder */
	char data_dir[TACT_PATH_MAX];
	char config_dir[TACT_PATH_MAX];
	char db_file[TACT_PATH_MAX];
	char config_file[TACT_PATH_MAX];
	char install_state_file[TACT_PATH_MAX];
};

/* Fills paths from the environment; creates nothing. */
enum tact_err tact_paths_resolve(struct tact_paths *paths) TACT_MUST_CHECK;

/* Creates dir and any missing parents with mode 0700 (like mkdir -p). */
enum tact_err tact_paths_make_dir(const char *dir) TACT_MUST_CHECK;

/* snprintf into a TACT_PATH_MAX buffer; TACT_ERR_TOO_LARGE if it would not fit. */
enum tact_err tact_paths_join(char *out, const char *a, const char *b) TACT_MUST_CHECK;

/*
 * Reads a small file whole (at most max bytes, regular files only,
 * following symlinks). Caller frees *out with free(); *len excludes the NUL
 * added at the end. TACT_ERR_NOT_FOUND when absent, TACT_ERR_TOO_LARGE,
 * TACT_ERR_IO (errno set) otherwise.
 */
enum tact_err tact_paths_read_file(const char *path, size_t max, char **out,
				      size_t *len) TACT_MUST_CHECK;

#endif
