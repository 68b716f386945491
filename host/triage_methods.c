#include "tact/triage_methods.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tact/dispatch.h"
#include "tact/triage.h"

int64_t tact_triage_methods_now(void)
{
	const char *fixed = getenv("TACT_NOW");

	if (fixed != NULL && fixed[0] != '\0') {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(fixed, &end, 10);
		if (errno == 0 && end != NULL && *end == '\0' && v > 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

/* Triage, or an answer that says what stops it. */
static enum tact_err open_triage(struct tact_ctx *ctx, struct tact_triage **triage, char *why)
{
	enum tact_err err = tact_ctx_triage(ctx, triage);

	if (err == TACT_ERR_DAMAGED)
		snprintf(
		    why, TACT_WHY_MAX,
		    "install.key, the key beside tact.db that seals Tact's history, is missing "
		    "while tact.db holds history sealed with it. Restore install.key from a "
		    "backup; to start over instead (losing that history), remove tact.db too.");
	return err;
}

/* Triage with the notes vault attached, so a note about a sender counts as
 * knowing them. A vault that cannot be opened only loses that signal. */
static enum tact_err triage_with_vault(struct tact_ctx *ctx, struct tact_triage **triage, char *why)
{
	struct tact_vault *vault = NULL;
	enum tact_err err = open_triage(ctx, triage, why);

	if (err != TACT_OK)
		return err;
	tact_triage_use_vault(*triage, tact_ctx_vault_quiet(ctx, &vault) == TACT_OK ? vault : NULL);
	return TACT_OK;
}

enum tact_err tact_triage_methods_classify(struct tact_ctx *ctx, json_object *params,
					   json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = triage_with_vault(ctx, &triage, why);

	if (err != TACT_OK)
		return err;
	return tact_triage_classify(triage, params, tact_triage_methods_now(),
				    TACT_TRIAGE_RESULTS_FROZEN, result, why);
}

enum tact_err tact_triage_methods_decide(struct tact_ctx *ctx, json_object *params,
					 json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = triage_with_vault(ctx, &triage, why);

	if (err != TACT_OK)
		return err;
	return tact_triage_decide(triage, params, tact_triage_methods_now(), result, why);
}

enum tact_err tact_triage_methods_replies(struct tact_ctx *ctx, json_object *params,
					  json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = triage_with_vault(ctx, &triage, why);

	if (err != TACT_OK)
		return err;
	return tact_triage_replies(triage, params, tact_triage_methods_now(), result, why);
}

enum tact_err tact_triage_methods_compose_invite(struct tact_ctx *ctx, json_object *params,
						 json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = open_triage(ctx, &triage, why);

	if (err != TACT_OK)
		return err;
	return tact_triage_compose_invite(triage, params, result, why);
}

enum tact_err tact_triage_methods_history_list(struct tact_ctx *ctx, json_object *params,
					       json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = open_triage(ctx, &triage, why);

	if (err != TACT_OK)
		return err;
	return tact_triage_history(triage, params, result, why);
}

enum tact_err tact_triage_methods_review_summary(struct tact_ctx *ctx, json_object *params,
						 json_object **result, char *why)
{
	struct tact_triage *triage = NULL;
	enum tact_err err = open_triage(ctx, &triage, why);

	(void)params;
	if (err != TACT_OK)
		return err;
	return tact_triage_review_summary(triage, tact_triage_methods_now(), result);
}
