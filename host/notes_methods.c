#include "tact/notes_methods.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/json.h"
#include "tact/notes.h"
#include "tact/param.h"
#include "tact/triage_methods.h"
#include "tact/vault.h"

static const char *const mode_names[] = {"keyfile", "passphrase", NULL};

/* The store and the vault for a notes request. */
static enum tact_err open_vault(struct tact_ctx *ctx, struct tact_store **store,
				struct tact_vault **vault)
{
	enum tact_err err = tact_ctx_store(ctx, store);

	if (err != TACT_OK)
		return err;
	return tact_ctx_vault(ctx, vault);
}

/* What is damaged and what to do about it, into why (TACT_WHY_MAX). */
static void say_damage(const struct tact_vault *vault, char *why)
{
	const char *what = vault != NULL ? tact_vault_damage(vault) : NULL;

	if (what != NULL)
		snprintf(why, TACT_WHY_MAX,
			 "%s. Nothing was changed. Restore it from a backup of Tact's data folder "
			 "(with tact.db); the notes cannot be opened without it.",
			 what);
	else
		snprintf(why, TACT_WHY_MAX,
			 "A stored note is damaged (its revision is one no write makes); nothing "
			 "was changed. Restore tact.db from a backup, or delete the note with "
			 "notes.delete.");
}

/* Sentences for the errors every notes method shares. */
static enum tact_err explain(enum tact_err err, const struct tact_vault *vault, char *why)
{
	if (err == TACT_ERR_LOCKED && why[0] == '\0')
		snprintf(
		    why, TACT_WHY_MAX,
		    "The notes vault is locked; unlock it with vault.unlock and the passphrase.");
	if (err == TACT_ERR_DAMAGED && why[0] == '\0')
		say_damage(vault, why);
	return err;
}

static enum tact_err status_json(struct tact_vault *vault, json_object **result)
{
	static const char *const states[] = {"none", "locked", "unlocked", "damaged"};
	enum tact_vault_state state;
	enum tact_vault_mode mode;
	json_object *out;
	enum tact_err err = tact_vault_status(vault, &state, &mode);

	if (err != TACT_OK)
		return err;
	out = json_object_new_object();
	if (out == NULL)
		return TACT_ERR_NOMEM;
	tact_json_set(out, "state", json_object_new_string(states[state]));
	tact_json_set(out, "mode",
		      state == TACT_VAULT_NONE ? NULL : json_object_new_string(mode_names[mode]));
	tact_json_set(out, "autolock_minutes",
		      json_object_new_int64(tact_vault_autolock_seconds(vault) / 60));
	if (state == TACT_VAULT_DAMAGED) {
		char why[TACT_WHY_MAX];
		say_damage(vault, why);
		tact_json_set(out, "problem", json_object_new_string(why));
	}
	*result = out;
	return TACT_OK;
}

static enum tact_err passphrase_param(json_object *params, const char *name,
				      enum tact_param_need need, size_t min, const char **out,
				      char *why)
{
	enum tact_err err = tact_param_string(params, name, need, TACT_VAULT_PASSPHRASE_MAX, out,
					      why, TACT_WHY_MAX);

	if (err != TACT_OK)
		return err;
	if (*out != NULL && strlen(*out) < min) {
		snprintf(why, TACT_WHY_MAX, "Field \"%s\" must be at least %zu bytes long.", name,
			 min);
		return TACT_ERR_BAD_REQUEST;
	}
	return TACT_OK;
}

enum tact_err tact_notes_methods_vault_status(struct tact_ctx *ctx, json_object *params,
					      json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	enum tact_err err = open_vault(ctx, &store, &vault);

	(void)params;
	(void)why;
	if (err != TACT_OK)
		return err;
	return status_json(vault, result);
}

enum tact_err tact_notes_methods_vault_setup(struct tact_ctx *ctx, json_object *params,
					     json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *pass = NULL;
	int mode = -1;
	enum tact_err err;

	err = tact_param_enum(params, "mode", TACT_PARAM_REQUIRED, mode_names, &mode, why,
			      TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	if (mode == TACT_VAULT_PASSPHRASE) {
		err = passphrase_param(params, "passphrase", TACT_PARAM_REQUIRED,
				       TACT_VAULT_PASSPHRASE_MIN, &pass, why);
		if (err != TACT_OK)
			return err;
	}
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_vault_setup(vault, (enum tact_vault_mode)mode, pass,
			       pass != NULL ? strlen(pass) : 0);
	if (err == TACT_ERR_LOCKED)
		snprintf(
		    why, TACT_WHY_MAX,
		    "The notes vault is locked; unlock it before changing how it is protected.");
	if (err != TACT_OK)
		return err;
	return status_json(vault, result);
}

enum tact_err tact_notes_methods_vault_unlock(struct tact_ctx *ctx, json_object *params,
					      json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *pass = NULL;
	enum tact_err err;

	err = passphrase_param(params, "passphrase", TACT_PARAM_REQUIRED, 0, &pass, why);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_vault_unlock(vault, pass, strlen(pass));
	if (err == TACT_ERR_WRONG_PASSPHRASE)
		snprintf(why, TACT_WHY_MAX,
			 "Field \"passphrase\" does not unlock the vault: the passphrase is wrong. "
			 "The vault stays locked and nothing was changed.");
	else if (err == TACT_ERR_NOT_FOUND)
		snprintf(why, TACT_WHY_MAX,
			 "No notes vault has been set up yet; vault.setup or a first notes.put "
			 "creates one.");
	if (err != TACT_OK)
		return err;
	return status_json(vault, result);
}

enum tact_err tact_notes_methods_vault_set_autolock(struct tact_ctx *ctx, json_object *params,
						    json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	int64_t minutes = 0;
	int present = 0;
	char text[24];
	enum tact_err err = tact_param_int(params, "minutes", TACT_PARAM_REQUIRED,
					   TACT_VAULT_AUTOLOCK_MIN_MIN, TACT_VAULT_AUTOLOCK_MAX_MIN,
					   &minutes, &present, why, TACT_WHY_MAX);

	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	snprintf(text, sizeof(text), "%lld", (long long)minutes);
	err = tact_store_setting_put(store, TACT_VAULT_AUTOLOCK_SETTING, text);
	if (err != TACT_OK)
		return err;
	tact_vault_set_autolock(vault, minutes * 60);
	return status_json(vault, result);
}

enum tact_err tact_notes_methods_vault_lock(struct tact_ctx *ctx, json_object *params,
					    json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	enum tact_err err = open_vault(ctx, &store, &vault);

	(void)params;
	(void)why;
	if (err != TACT_OK)
		return err;
	tact_vault_lock(vault);
	return status_json(vault, result);
}

enum tact_err tact_notes_methods_vault_change_passphrase(struct tact_ctx *ctx, json_object *params,
							 json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	enum tact_vault_state state;
	enum tact_vault_mode mode;
	const char *old_pass = NULL;
	const char *new_pass = NULL;
	enum tact_err err;

	err = passphrase_param(params, "old", TACT_PARAM_REQUIRED, 0, &old_pass, why);
	if (err == TACT_OK)
		err = passphrase_param(params, "new", TACT_PARAM_REQUIRED,
				       TACT_VAULT_PASSPHRASE_MIN, &new_pass, why);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_vault_status(vault, &state, &mode);
	if (err != TACT_OK)
		return err;
	if (state == TACT_VAULT_NONE || mode != TACT_VAULT_PASSPHRASE) {
		snprintf(
		    why, TACT_WHY_MAX,
		    "The vault has no passphrase; vault.setup with mode \"passphrase\" sets one.");
		return TACT_ERR_BAD_REQUEST;
	}
	err = tact_vault_change_passphrase(vault, old_pass, strlen(old_pass), new_pass,
					   strlen(new_pass));
	if (err == TACT_ERR_WRONG_PASSPHRASE)
		snprintf(why, TACT_WHY_MAX,
			 "Field \"old\" does not unlock the vault: the passphrase is wrong. "
			 "Nothing was changed.");
	if (err != TACT_OK)
		return err;
	return status_json(vault, result);
}

static enum tact_err key_param(json_object *params, const char **key, char *why)
{
	enum tact_err err = tact_param_string(params, "key", TACT_PARAM_REQUIRED,
					      TACT_NOTES_KEY_MAX, key, why, TACT_WHY_MAX);

	if (err == TACT_OK && (*key)[0] == '\0') {
		snprintf(why, TACT_WHY_MAX, "Field \"key\" must not be empty.");
		err = TACT_ERR_BAD_REQUEST;
	}
	return err;
}

static void not_found(enum tact_err err, char *why)
{
	if (err == TACT_ERR_NOT_FOUND && why[0] == '\0')
		snprintf(why, TACT_WHY_MAX, "No note is stored for this key.");
}

enum tact_err tact_notes_methods_put(struct tact_ctx *ctx, json_object *params,
				     json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *key = NULL;
	const char *text = NULL;
	json_object *tags = NULL;
	int64_t revision = 0, updated_at = 0;
	char iso[32];
	enum tact_err err;

	err = key_param(params, &key, why);
	if (err == TACT_OK)
		err = tact_param_string(params, "text", TACT_PARAM_REQUIRED, TACT_NOTES_TEXT_MAX,
					&text, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err =
		    tact_param_string_list(params, "tags", TACT_PARAM_OPTIONAL, TACT_NOTES_TAGS_MAX,
					   TACT_NOTES_TAG_MAX, &tags, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_notes_put(store, vault, key, text, tags, tact_triage_methods_now(), &revision,
			     &updated_at);
	if (err != TACT_OK)
		return explain(err, vault, why);
	*result = json_object_new_object();
	if (*result == NULL)
		return TACT_ERR_NOMEM;
	tact_notes_iso8601(updated_at, iso, sizeof(iso));
	tact_json_set(*result, "key", json_object_new_string(key));
	tact_json_set(*result, "updated_at", json_object_new_string(iso));
	tact_json_set(*result, "revision", json_object_new_int64(revision));
	return TACT_OK;
}

enum tact_err tact_notes_methods_get(struct tact_ctx *ctx, json_object *params,
				     json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *key = NULL;
	enum tact_err err;

	err = key_param(params, &key, why);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_notes_get(store, vault, key, result, why, TACT_WHY_MAX);
	not_found(err, why);
	return explain(err, vault, why);
}

enum tact_err tact_notes_methods_list(struct tact_ctx *ctx, json_object *params,
				      json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *query = NULL;
	const char *tag = NULL;
	const char *cursor = NULL;
	int64_t limit = TACT_NOTES_LIST_DEFAULT;
	int present = 0;
	enum tact_err err;

	err = tact_param_string(params, "query", TACT_PARAM_OPTIONAL, TACT_NOTES_QUERY_MAX, &query,
				why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "tag", TACT_PARAM_OPTIONAL, TACT_NOTES_TAG_MAX,
					&tag, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_int(params, "limit", TACT_PARAM_OPTIONAL, 1, TACT_NOTES_LIST_MAX,
				     &limit, &present, why, TACT_WHY_MAX);
	if (err == TACT_OK)
		err = tact_param_string(params, "cursor", TACT_PARAM_OPTIONAL,
					TACT_NOTES_CURSOR_MAX, &cursor, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_notes_list(store, vault, query, tag, (size_t)limit, cursor, result);
	if (err == TACT_ERR_BAD_REQUEST)
		snprintf(why, TACT_WHY_MAX,
			 "Field \"cursor\" must be the next_cursor of an earlier notes.list page.");
	return explain(err, vault, why);
}

enum tact_err tact_notes_methods_delete(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *key = NULL;
	enum tact_err err;

	err = key_param(params, &key, why);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_notes_delete(store, vault, key);
	not_found(err, why);
	if (err != TACT_OK)
		return explain(err, vault, why);
	*result = json_object_new_object();
	if (*result == NULL)
		return TACT_ERR_NOMEM;
	tact_json_set(*result, "key", json_object_new_string(key));
	tact_json_set(*result, "deleted", json_object_new_boolean(1));
	return TACT_OK;
}

enum tact_err tact_notes_methods_export(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *pass = NULL;
	enum tact_err err;

	err = passphrase_param(params, "passphrase", TACT_PARAM_REQUIRED, TACT_VAULT_PASSPHRASE_MIN,
			       &pass, why);
	if (err != TACT_OK)
		return err;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		return err;
	err = tact_notes_export(store, vault, pass, strlen(pass), result);
	if (err == TACT_ERR_TOO_LARGE)
		snprintf(why, TACT_WHY_MAX,
			 "The notes are larger than one backup can hold (%u bytes).",
			 TACT_NOTES_BACKUP_MAX);
	return explain(err, vault, why);
}

/* The backup as one string: params.backup is a string or a list of the
 * chunks notes.export returned. Caller frees *out. */
static enum tact_err backup_param(json_object *params, char **out, size_t *out_len, char *why)
{
	json_object *field = NULL;
	size_t total = 0, n;
	char *buf;

	*out = NULL;
	if (!json_object_object_get_ex(params, "backup", &field) || field == NULL) {
		snprintf(why, TACT_WHY_MAX,
			 "Field \"backup\" is missing; it must be the list notes.export returned.");
		return TACT_ERR_BAD_REQUEST;
	}
	if (json_object_is_type(field, json_type_string)) {
		/* Copied by its JSON length, never up to a NUL: the length is what
		 * the decoder is told. */
		n = (size_t)json_object_get_string_len(field);
		buf = malloc(n + 1);
		if (buf == NULL)
			return TACT_ERR_NOMEM;
		memcpy(buf, json_object_get_string(field), n);
		buf[n] = '\0';
		*out = buf;
		*out_len = n;
		return TACT_OK;
	}
	if (!json_object_is_type(field, json_type_array) ||
	    (n = json_object_array_length(field)) > TACT_NOTES_BACKUP_CHUNKS_MAX) {
		snprintf(why, TACT_WHY_MAX,
			 "Field \"backup\" must be a string or a list of at most %u strings.",
			 TACT_NOTES_BACKUP_CHUNKS_MAX);
		return TACT_ERR_BAD_REQUEST;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *item = json_object_array_get_idx(field, i);
		if (!json_object_is_type(item, json_type_string)) {
			snprintf(why, TACT_WHY_MAX, "Field \"backup\" item %zu must be a string.",
				 i);
			return TACT_ERR_BAD_REQUEST;
		}
		total += (size_t)json_object_get_string_len(item);
	}
	buf = malloc(total + 1);
	if (buf == NULL)
		return TACT_ERR_NOMEM;
	total = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *item = json_object_array_get_idx(field, i);
		size_t len = (size_t)json_object_get_string_len(item);
		memcpy(buf + total, json_object_get_string(item), len);
		total += len;
	}
	buf[total] = '\0';
	*out = buf;
	*out_len = total;
	return TACT_OK;
}

enum tact_err tact_notes_methods_import(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_vault *vault = NULL;
	const char *pass = NULL;
	char *backup = NULL;
	size_t backup_len = 0;
	enum tact_err err;

	err = passphrase_param(params, "passphrase", TACT_PARAM_REQUIRED, 0, &pass, why);
	if (err == TACT_OK)
		err = backup_param(params, &backup, &backup_len, why);
	if (err != TACT_OK)
		goto out;
	err = open_vault(ctx, &store, &vault);
	if (err != TACT_OK)
		goto out;
	err = tact_notes_import(store, vault, pass, strlen(pass), backup, backup_len, result);
	if (err == TACT_ERR_BAD_REQUEST)
		snprintf(why, TACT_WHY_MAX,
			 "The backup is damaged, is not a Tact notes backup, or the passphrase is "
			 "wrong; nothing was imported.");
	err = explain(err, vault, why);
out:
	free(backup);
	return err;
}
