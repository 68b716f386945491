/* S_ISVTX (the sticky bit) is XSI. */
#define _XOPEN_SOURCE 700

#include "tact/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tact/limits.h"
#include "tact/log.h"
#include "tact/paths.h"
#include "tact/strictjson.h"

struct tact_config {
	json_object *root; /* always an object, possibly empty */
};

/* Like ssh with its own files: settings that widen who may call the host
 * are taken only from a file that no one else can write, in a folder no
 * one else can write. */
static int others_can_write(const char *path)
{
	struct stat st;
	char dir[TACT_PATH_MAX];
	char *slash;

	if (stat(path, &st) != 0)
		return 0; /* missing: nothing to trust or distrust */
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (st.st_uid != getuid() && st.st_uid != 0)) {
		tact_log_error("ignoring %s: someone other than you can write it; run chmod 600 %s",
			       path, path);
		return 1;
	}
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return 1;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	if (stat(dir[0] != '\0' ? dir : "/", &st) == 0 &&
	    (((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0) ||
	     (st.st_uid != getuid() && st.st_uid != 0))) {
		tact_log_error("ignoring %s: others can write its folder %s; run chmod 700 %s",
			       path, dir, dir);
		return 1;
	}
	return 0;
}

enum tact_err tact_config_load(const char *path, struct tact_config **out)
{
	struct tact_config *cfg = calloc(1, sizeof(*cfg));
	char *text = NULL;
	size_t len = 0;
	enum tact_err err;

	*out = NULL;
	if (cfg == NULL)
		return TACT_ERR_NOMEM;
	err = others_can_write(path)
		  ? TACT_ERR_NOT_FOUND
		  : tact_paths_read_file(path, TACT_CONFIG_FILE_MAX, &text, &len);
	if (err == TACT_OK) {
		json_object *root = tact_strictjson_read(text);
		if (json_object_is_type(root, json_type_object))
			cfg->root = root;
		else {
			json_object_put(root);
			tact_log_warn("ignoring %s: it is not a JSON object", path);
		}
	} else if (err != TACT_ERR_NOT_FOUND) {
		tact_log_warn("ignoring %s: %s", path, tact_err_message(err));
	}
	free(text);
	if (cfg->root == NULL)
		cfg->root = json_object_new_object();
	if (cfg->root == NULL) {
		free(cfg);
		return TACT_ERR_NOMEM;
	}
	*out = cfg;
	return TACT_OK;
}

void tact_config_free(struct tact_config *cfg)
{
	if (cfg == NULL)
		return;
	json_object_put(cfg->root);
	free(cfg);
}

int tact_config_lists(const struct tact_config *cfg, const char *key, const char *id)
{
	json_object *list;
	size_t count;

	if (cfg == NULL || !json_object_object_get_ex(cfg->root, key, &list) ||
	    !json_object_is_type(list, json_type_array))
		return 0;
	count = json_object_array_length(list);
	if (count > TACT_CONFIG_EXTRA_IDS_MAX)
		count = TACT_CONFIG_EXTRA_IDS_MAX;
	for (size_t i = 0; i < count; i++) {
		json_object *item = json_object_array_get_idx(list, i);
		if (json_object_is_type(item, json_type_string) &&
		    strcmp(json_object_get_string(item), id) == 0)
			return 1;
	}
	return 0;
}

int64_t tact_config_int(const struct tact_config *cfg, const char *key, int64_t min, int64_t max,
			int64_t dflt)
{
	json_object *value;
	int64_t v;

	if (cfg == NULL || !json_object_object_get_ex(cfg->root, key, &value) ||
	    !json_object_is_type(value, json_type_int))
		return dflt;
	v = json_object_get_int64(value);
	return v < min || v > max ? dflt : v;
}

size_t tact_config_list_len(const struct tact_config *cfg, const char *key)
{
	json_object *list;
	size_t count;

	if (cfg == NULL || !json_object_object_get_ex(cfg->root, key, &list) ||
	    !json_object_is_type(list, json_type_array))
		return 0;
	count = json_object_array_length(list);
	return count > TACT_CONFIG_EXTRA_IDS_MAX ? TACT_CONFIG_EXTRA_IDS_MAX : count;
}

const char *tact_config_list_at(const struct tact_config *cfg, const char *key, size_t index)
{
	json_object *list;
	json_object *item;

	if (index >= tact_config_list_len(cfg, key) ||
	    !json_object_object_get_ex(cfg->root, key, &list))
		return NULL;
	item = json_object_array_get_idx(list, index);
	return json_object_is_type(item, json_type_string) ? json_object_get_string(item) : NULL;
}
