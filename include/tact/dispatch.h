/*
 * dispatch: the one table of protocol methods, and the context handlers
 * share for one connection.
 */
#ifndef TACT_DISPATCH_H
#define TACT_DISPATCH_H

#include <stddef.h>

#include <json-c/json.h>

#include "tact/config.h"
#include "tact/err.h"
#include "tact/msg.h"
#include "tact/paths.h"
#include "tact/store.h"

/* Why-buffers handed to handlers hold one sentence for a person. */
#define TACT_WHY_MAX 512u

/* Per-connection state. paths and config are borrowed from the caller of
 * tact_dispatch; the store is opened on first use and closed by
 * tact_ctx_release. */
struct tact_triage;
struct tact_vault;

struct tact_ctx {
	const struct tact_paths *paths;
	const struct tact_config *config;
	struct tact_store *store;
	struct tact_triage *triage;
	struct tact_vault *vault;
};

/* The store, opened (and its folder created) on first use. Borrowed. */
enum tact_err tact_ctx_store(struct tact_ctx *ctx, struct tact_store **store) TACT_MUST_CHECK;

/* The triage engine over the store, opened on first use. Borrowed. */
enum tact_err tact_ctx_triage(struct tact_ctx *ctx, struct tact_triage **triage) TACT_MUST_CHECK;

/* The notes vault over the store, opened on first use. Each call counts
 * as activity: a passphrase vault idle for longer than autolock_minutes
 * (config.json) locks before this returns. Borrowed. */
enum tact_err tact_ctx_vault(struct tact_ctx *ctx, struct tact_vault **vault) TACT_MUST_CHECK;

/* The same vault for a quick look (triage asking whether a note exists):
 * applies the auto-lock but does not count as activity. */
enum tact_err tact_ctx_vault_quiet(struct tact_ctx *ctx, struct tact_vault **vault) TACT_MUST_CHECK;

void tact_ctx_release(struct tact_ctx *ctx);

/*
 * A handler reads params (borrowed), and on success sets *result (caller
 * owns). On failure it may write a sentence into why (TACT_WHY_MAX bytes).
 */
typedef enum tact_err (*tact_handler_fn)(struct tact_ctx *ctx, json_object *params,
					 json_object **result, char *why);

/* Runs req and returns the response envelope; caller owns it. Never NULL
 * unless memory ran out. */
json_object *tact_dispatch(struct tact_ctx *ctx, const struct tact_request *req);

/* The method names, in table order, as a new JSON array (caller owns). */
json_object *tact_dispatch_capabilities(void);

#endif
