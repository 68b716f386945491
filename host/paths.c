#include "tact/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tact/log.h"

enum tact_err tact_paths_join(char *out, const char *a, const char *b)
{
	int n = snprintf(out, TACT_PATH_MAX, "%s/%s", a, b);

	if (n < 0 || (size_t)n >= TACT_PATH_MAX)
		return TACT_ERR_TOO_LARGE;
	return TACT_OK;
}

static enum tact_err copy_path(char *out, const char *in)
{
	int n = snprintf(out, TACT_PATH_MAX, "%s", in);

	if (n < 0 || (size_t)n >= TACT_PATH_MAX)
		return TACT_ERR_TOO_LARGE;
	return TACT_OK;
}

/* The XDG spec says relative values are invalid and must be ignored. */
static const char *absolute_env(const char *name)
{
	const char *value = getenv(name);

	if (value == NULL || value[0] != '/')
		return NULL;
	return value;
}

static enum tact_err xdg_dir(char *out, const char *env, const char *home, const char *fallback)
{
	char base[TACT_PATH_MAX];
	const char *value = absolute_env(env);
	enum tact_err err;

	if (value != NULL)
		err = copy_path(base, value);
	else
		err = tact_paths_join(base, home, fallback);
	if (err != TACT_OK)
		return err;
	return tact_paths_join(out, base, "tact");
}

enum tact_err tact_paths_resolve(struct tact_paths *paths)
{
	const char *home = absolute_env("HOME");
	const char *tact_home = absolute_env("TACT_HOME");
	enum tact_err err;

	memset(paths, 0, sizeof(*paths));
	if (home == NULL) {
		struct passwd *pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/') {
		tact_log_error("cannot find the home folder: HOME is not set to an absolute path");
		return TACT_ERR_NOT_FOUND;
	}
	err = copy_path(paths->home, home);
	if (err != TACT_OK)
		return err;
	if (tact_home != NULL) {
		err = copy_path(paths->data_dir, tact_home);
		if (err == TACT_OK)
			err = copy_path(paths->config_dir, tact_home);
	} else {
		err = xdg_dir(paths->data_dir, "XDG_DATA_HOME", home, ".local/share");
		if (err == TACT_OK)
			err = xdg_dir(paths->config_dir, "XDG_CONFIG_HOME", home, ".config");
	}
	if (err == TACT_OK)
		err = tact_paths_join(paths->db_file, paths->data_dir, TACT_DB_FILE);
	if (err == TACT_OK)
		err = tact_paths_join(paths->config_file, paths->config_dir, TACT_CONFIG_FILE);
	if (err == TACT_OK)
		err = tact_paths_join(paths->install_state_file, paths->config_dir,
				      TACT_INSTALL_STATE_FILE);
	return err;
}

enum tact_err tact_paths_make_dir(const char *dir)
{
	char path[TACT_PATH_MAX];
	size_t len;
	enum tact_err err = copy_path(path, dir);

	if (err != TACT_OK)
		return err;
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char saved = path[i];
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			tact_log_error("cannot create folder %s: %s", path, strerror(errno));
			return errno == EROFS || errno == EACCES ? TACT_ERR_READ_ONLY : TACT_ERR_IO;
		}
		path[i] = saved;
	}
	return TACT_OK;
}

enum tact_err tact_paths_read_file(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	int fd;
	enum tact_err err = TACT_ERR_IO;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? TACT_ERR_NOT_FOUND : TACT_ERR_IO;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = EISDIR;
		goto out;
	}
	if ((size_t)st.st_size > max) {
		err = TACT_ERR_TOO_LARGE;
		goto out;
	}
	data = malloc((size_t)st.st_size + 1);
	if (data == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break; /* shrank while we read: take what is there */
		got += (size_t)n;
	}
	data[got] = '\0';
	*out = data;
	*len = got;
	data = NULL;
	err = TACT_OK;
out:
	free(data);
	close(fd);
	return err;
}
