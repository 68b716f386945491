#include "tact/methods.h"

#include "tact/build_config.h"
#include "tact/json.h"
#include "tact/param.h"
#include "tact/profile.h"
#include "tact/triage.h"

enum tact_err tact_methods_hello(struct tact_ctx *ctx, json_object *params, json_object **result,
				 char *why)
{
	struct tact_store *store = NULL;
	json_object *out = json_object_new_object();
	json_object *data = json_object_new_object();
	enum tact_err err;

	(void)params;
	(void)why;
	if (out == NULL || data == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	tact_json_set(out, "name", json_object_new_string("tact-host"));
	tact_json_set(out, "version", json_object_new_string(TACT_VERSION));
	tact_json_set(out, "protocol", json_object_new_int(TACT_PROTOCOL_VERSION));
	tact_json_set(out, "capabilities", tact_dispatch_capabilities());

	err = tact_ctx_store(ctx, &store);
	if (err == TACT_OK) {
		tact_json_set(data, "state", json_object_new_string("ready"));
		tact_json_set(data, "schema",
			      json_object_new_int(tact_store_schema_version(store)));
		tact_json_set(data, "profile", json_object_new_boolean(tact_profile_exists(store)));
	} else {
		/* hello must still answer, so the extension can say what is wrong. */
		tact_json_set(data, "state", json_object_new_string("unavailable"));
		tact_json_set(data, "error", json_object_new_string(tact_err_code(err)));
		err = TACT_OK;
	}
	tact_json_set(data, "folder", json_object_new_string(ctx->paths->data_dir));
	tact_json_set(out, "data", data);
	data = NULL;
	*result = out;
	out = NULL;
out:
	json_object_put(data);
	json_object_put(out);
	return err;
}

enum tact_err tact_methods_profile_get(struct tact_ctx *ctx, json_object *params,
				       json_object **result, char *why)
{
	struct tact_store *store = NULL;
	struct tact_triage *triage = NULL;
	enum tact_err err;

	(void)params;
	(void)why;
	err = tact_ctx_store(ctx, &store);
	if (err == TACT_OK)
		err = tact_ctx_triage(ctx, &triage);
	if (err == TACT_OK)
		err = tact_triage_reload_profile(triage); /* another host may have set it */
	if (err != TACT_OK)
		return err;
	*result = json_object_new_object();
	if (*result == NULL)
		return TACT_ERR_NOMEM;
	tact_json_set(*result, "profile", json_object_get(tact_triage_profile(triage)));
	tact_json_set(*result, "set", json_object_new_boolean(tact_profile_exists(store)));
	return TACT_OK;
}

enum tact_err tact_methods_profile_set(struct tact_ctx *ctx, json_object *params,
				       json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	json_object *given = NULL;
	json_object *profile = NULL;
	enum tact_err err;

	err = tact_param_object(params, "profile", TACT_PARAM_REQUIRED, &given, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		goto out;
	err = tact_profile_normalize(given, &profile, why, TACT_WHY_MAX);
	if (err != TACT_OK)
		goto out;
	err = tact_ctx_triage(ctx, &triage);
	if (err != TACT_OK)
		goto out;
	err = tact_triage_save_profile(triage, profile);
	if (err != TACT_OK)
		goto out;
	*result = json_object_new_object();
	if (*result == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	tact_json_set(*result, "profile", profile);
	profile = NULL;
out:
	json_object_put(profile);
	return err;
}
