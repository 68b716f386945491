/*
 * profile: the user's own profile, which triage compares invitations with.
 *
 * {"name","headline","industry","location": strings,
 *  "companies","schools","keywords": lists of strings (current employer first),
 *  "locale": a language tag such as "en" or "pt-BR",
 *  "account": "free" | "premium"}
 *
 * Every field is optional; a stored profile always has all of them.
 */
#ifndef TACT_PROFILE_H
#define TACT_PROFILE_H

#include <stddef.h>

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/store.h"

/* Checks in and builds the normalised profile (known fields only, defaults
 * filled in). Caller owns *out. On TACT_ERR_BAD_REQUEST why names the field. */
enum tact_err tact_profile_normalize(json_object *in, json_object **out, char *why,
				     size_t why_len) TACT_MUST_CHECK;

/* The stored profile, or the empty default when none was set. Caller owns *out. */
enum tact_err tact_profile_load(struct tact_store *store, json_object **out) TACT_MUST_CHECK;

/* Stores a normalised profile (borrowed). */
enum tact_err tact_profile_save(struct tact_store *store, json_object *profile) TACT_MUST_CHECK;

/* Has the user stored a profile? */
int tact_profile_exists(struct tact_store *store);

#endif
