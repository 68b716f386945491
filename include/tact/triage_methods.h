/*
 * triage_methods: the protocol handlers for triage (classify, decide,
 * replies, compose_invite, history.list, review.summary). They adapt the
 * dispatch contract (tact/dispatch.h) to tact/triage.h.
 */
#ifndef TACT_TRIAGE_METHODS_H
#define TACT_TRIAGE_METHODS_H

#include "tact/dispatch.h"

enum tact_err tact_triage_methods_classify(struct tact_ctx *ctx, json_object *params,
					   json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_triage_methods_decide(struct tact_ctx *ctx, json_object *params,
					 json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_triage_methods_replies(struct tact_ctx *ctx, json_object *params,
					  json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_triage_methods_compose_invite(struct tact_ctx *ctx, json_object *params,
						 json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_triage_methods_history_list(struct tact_ctx *ctx, json_object *params,
					       json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_triage_methods_review_summary(struct tact_ctx *ctx, json_object *params,
						 json_object **result, char *why) TACT_MUST_CHECK;

/* The current time as the host uses it: TACT_NOW (unix seconds) when set,
 * so tests and the demo are repeatable; the clock otherwise. */
int64_t tact_triage_methods_now(void);

#endif
