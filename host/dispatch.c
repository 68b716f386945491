#include "tact/dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tact/json.h"
#include "tact/log.h"
#include "tact/methods.h"
#include "tact/notes_methods.h"
#include "tact/triage.h"
#include "tact/triage_methods.h"
#include "tact/vault.h"

struct method {
	const char *type;
	tact_handler_fn handler;
};

static const struct method methods[] = {
	{"hello", tact_methods_hello},
	{"profile.get", tact_methods_profile_get},
	{"profile.set", tact_methods_profile_set},
	{"classify", tact_triage_methods_classify},
	{"decide", tact_triage_methods_decide},
	{"replies", tact_triage_methods_replies},
	{"compose_invite", tact_triage_methods_compose_invite},
	{"history.list", tact_triage_methods_history_list},
	{"review.summary", tact_triage_methods_review_summary},
	{"vault.status", tact_notes_methods_vault_status},
	{"vault.setup", tact_notes_methods_vault_setup},
	{"vault.unlock", tact_notes_methods_vault_unlock},
	{"vault.lock", tact_notes_methods_vault_lock},
	{"vault.set_autolock", tact_notes_methods_vault_set_autolock},
	{"vault.change_passphrase", tact_notes_methods_vault_change_passphrase},
	{"notes.put", tact_notes_methods_put},
	{"notes.get", tact_notes_methods_get},
	{"notes.list", tact_notes_methods_list},
	{"notes.delete", tact_notes_methods_delete},
	{"notes.export", tact_notes_methods_export},
	{"notes.import", tact_notes_methods_import},
};

#define METHOD_COUNT (sizeof(methods) / sizeof(methods[0]))

enum tact_err tact_ctx_store(struct tact_ctx *ctx, struct tact_store **store)
{
	enum tact_err err;

	if (ctx->store == NULL) {
		err = tact_paths_make_dir(ctx->paths->data_dir);
		if (err != TACT_OK)
			return err;
		err = tact_store_open(ctx->paths->db_file, &ctx->store);
		if (err != TACT_OK)
			return err;
	}
	*store = ctx->store;
	return TACT_OK;
}

enum tact_err tact_ctx_triage(struct tact_ctx *ctx, struct tact_triage **triage)
{
	struct tact_store *store = NULL;
	enum tact_err err;

	if (ctx->triage == NULL) {
		err = tact_ctx_store(ctx, &store);
		if (err != TACT_OK)
			return err;
		err = tact_triage_open(store, ctx->paths->data_dir, ctx->config, &ctx->triage);
		if (err != TACT_OK)
			return err;
	}
	*triage = ctx->triage;
	return TACT_OK;
}

/* Seconds on a clock that keeps counting while the machine sleeps, so a
 * closed lid counts as idle time. */
static int64_t idle_clock(void)
{
	struct timespec ts = {0, 0};

#ifdef CLOCK_BOOTTIME
	if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
		return (int64_t)ts.tv_sec + 1;
#endif
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec + 1;
}

static enum tact_err open_vault(struct tact_ctx *ctx)
{
	struct tact_store *store = NULL;
	enum tact_err err;

	if (ctx->vault != NULL)
		return TACT_OK;
	int64_t minutes = tact_config_int(ctx->config, "autolock_minutes",
					  TACT_VAULT_AUTOLOCK_MIN_MIN, TACT_VAULT_AUTOLOCK_MAX_MIN,
					  TACT_VAULT_AUTOLOCK_DEFAULT_MIN);
	char *chosen = NULL;
	err = tact_ctx_store(ctx, &store);
	if (err != TACT_OK)
		return err;
	/* What the user chose in the extension (vault.set_autolock) wins over config.json. */
	if (tact_store_setting_get(store, TACT_VAULT_AUTOLOCK_SETTING, &chosen) == TACT_OK) {
		char *end = NULL;
		long long m = strtoll(chosen, &end, 10);
		if (end != chosen && *end == '\0' && m >= TACT_VAULT_AUTOLOCK_MIN_MIN &&
		    m <= TACT_VAULT_AUTOLOCK_MAX_MIN)
			minutes = (int64_t)m;
		free(chosen);
	}
	return tact_vault_open(store, ctx->paths->data_dir, minutes * 60, &ctx->vault);
}

enum tact_err tact_ctx_vault(struct tact_ctx *ctx, struct tact_vault **vault)
{
	enum tact_err err = open_vault(ctx);

	if (err != TACT_OK)
		return err;
	tact_vault_tick(ctx->vault, idle_clock());
	*vault = ctx->vault;
	return TACT_OK;
}

enum tact_err tact_ctx_vault_quiet(struct tact_ctx *ctx, struct tact_vault **vault)
{
	enum tact_err err = open_vault(ctx);

	if (err != TACT_OK)
		return err;
	tact_vault_expire(ctx->vault, idle_clock());
	*vault = ctx->vault;
	return TACT_OK;
}

void tact_ctx_release(struct tact_ctx *ctx)
{
	tact_vault_free(ctx->vault);
	ctx->vault = NULL;
	tact_triage_free(ctx->triage);
	ctx->triage = NULL;
	tact_store_close(ctx->store);
	ctx->store = NULL;
}

json_object *tact_dispatch_capabilities(void)
{
	json_object *list = json_object_new_array();

	for (size_t i = 0; list != NULL && i < METHOD_COUNT; i++)
		tact_json_push(list, json_object_new_string(methods[i].type));
	return list;
}

json_object *tact_dispatch(struct tact_ctx *ctx, const struct tact_request *req)
{
	char why[TACT_WHY_MAX] = "";
	json_object *result = NULL;
	enum tact_err err;

	for (size_t i = 0; i < METHOD_COUNT; i++) {
		if (strcmp(methods[i].type, req->type) != 0)
			continue;
		err = methods[i].handler(ctx, req->params, &result, why);
		if (err == TACT_OK)
			return tact_msg_ok(req->id, result);
		json_object_put(result);
		tact_log_info("%s failed: %s", req->type, tact_err_code(err));
		return tact_msg_error(req->id, err, why);
	}
	snprintf(why, sizeof(why), "This host does not know the request type \"%s\".", req->type);
	return tact_msg_error(req->id, TACT_ERR_UNKNOWN_TYPE, why);
}
