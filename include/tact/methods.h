/*
 * methods: the foundation's protocol methods (hello, profile.get,
 * profile.set). See tact/dispatch.h for the handler contract and
 * docs/PROTOCOL.md for what each returns.
 */
#ifndef TACT_METHODS_H
#define TACT_METHODS_H

#include "tact/dispatch.h"

enum tact_err tact_methods_hello(struct tact_ctx *ctx, json_object *params, json_object **result,
				 char *why) TACT_MUST_CHECK;
enum tact_err tact_methods_profile_get(struct tact_ctx *ctx, json_object *params,
				       json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_methods_profile_set(struct tact_ctx *ctx, json_object *params,
				       json_object **result, char *why) TACT_MUST_CHECK;

#endif
