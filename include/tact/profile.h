/*
 * profile: the user's own profile, which triage compares invitations with.
 *
 * {"name","headline","industry","location": strings,
 *  "companies","schools","keywords": lists of strings (current employer first),
 *  "locale": a language tag such as "en" or "pt-BR",
 *  "account": "free" | "premium",
 *  "strictness": "relaxed" | "balanced" | "strict"   how readily triage
 *                suggests Accept or Ignore (scam checks never change),
 *  "signature": a closing line added to every reply (one line)}
 *
 * Every field is optional; a stored profile always has all of them. It is
 * stored sealed with the install key (keys.h).
 */
#ifndef TACT_PROFILE_H
#define TACT_PROFILE_H

#include <stddef.h>

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/keys.h"
#include "tact/store.h"

/* The strictness names, NULL-terminated, in order; index TACT_PROFILE_BALANCED
 * is the default. */
extern const char *const tact_profile_strictness[];
#define TACT_PROFILE_BALANCED 1

/* Checks in and builds the normalised profile (known fields only, defaults
 * filled in). Caller owns *out. On TACT_ERR_BAD_REQUEST why names the field. */
enum tact_err tact_profile_normalize(json_object *in, json_object **out, char *why,
				     size_t why_len) TACT_MUST_CHECK;

/* The stored profile, or the empty default when none was set (or the stored
 * one does not open: logged). A profile stored unsealed by an older build is
 * sealed on the way. keys is borrowed. Caller owns *out. */
enum tact_err tact_profile_load(struct tact_store *store, const struct tact_keys *keys,
				json_object **out) TACT_MUST_CHECK;

/* Stores a normalised profile (borrowed), sealed with keys (borrowed) like
 * the history, so the database alone does not show it. */
enum tact_err tact_profile_save(struct tact_store *store, const struct tact_keys *keys,
				json_object *profile) TACT_MUST_CHECK;

/* Has the user stored a profile? */
int tact_profile_exists(struct tact_store *store);

#endif
