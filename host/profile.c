#include "tact/profile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tact/json.h"
#include "tact/limits.h"
#include "tact/log.h"
#include "tact/param.h"
#include "tact/strictjson.h"

#define PROFILE_SETTING "profile"
#define PROFILE_SEALED_PREFIX "sealed:"

static const char *const text_fields[] = {"name", "headline", "industry", "location", NULL};
static const char *const list_fields[] = {"companies", "schools", "keywords", NULL};
static const char *const accounts[] = {"free", "premium", NULL};
const char *const tact_profile_strictness[] = {"relaxed", "balanced", "strict", NULL};

/* BCP 47-ish: 2-3 letters, then "-" and 2-8 letters or digits, repeated. */
static int is_language_tag(const char *s)
{
	size_t i = 0;
	size_t run = 0;

	while (isalpha((unsigned char)s[i]) && !(s[i] & 0x80))
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (s[i] == '-') {
		i++;
		run = 0;
		while (s[i] != '\0' && s[i] != '-' && isalnum((unsigned char)s[i]) && !(s[i] & 0x80)) {
			i++;
			run++;
		}
		if (run < 2 || run > 8)
			return 0;
	}
	return s[i] == '\0';
}

enum tact_err tact_profile_normalize(json_object *in, json_object **out, char *why,
				     size_t why_len)
{
	json_object *profile = json_object_new_object();
	const char *text;
	json_object *list;
	int account;
	int strictness;
	enum tact_err err;

	*out = NULL;
	if (profile == NULL)
		return TACT_ERR_NOMEM;
	for (const char *const *f = text_fields; *f != NULL; f++) {
		err = tact_param_string(in, *f, TACT_PARAM_OPTIONAL, TACT_PROFILE_TEXT_MAX, &text,
					why, why_len);
		if (err != TACT_OK)
			goto out;
		tact_json_set(profile, *f, json_object_new_string(text != NULL ? text : ""));
	}
	for (const char *const *f = list_fields; *f != NULL; f++) {
		err = tact_param_string_list(in, *f, TACT_PARAM_OPTIONAL, TACT_PROFILE_LIST_MAX,
					     TACT_PROFILE_ITEM_MAX, &list, why, why_len);
		if (err != TACT_OK)
			goto out;
		json_object *copy = json_object_new_array();
		size_t count = list != NULL ? json_object_array_length(list) : 0;
		for (size_t i = 0; i < count; i++) {
			json_object *item = json_object_array_get_idx(list, i);
			/* Empty entries carry no meaning and would match everything. */
			if (json_object_get_string_len(item) > 0)
				tact_json_push(copy, json_object_get(item));
		}
		tact_json_set(profile, *f, copy);
	}
	err = tact_param_string(in, "locale", TACT_PARAM_OPTIONAL, TACT_PROFILE_LOCALE_MAX, &text,
				why, why_len);
	if (err != TACT_OK)
		goto out;
	if (text != NULL && text[0] != '\0' && !is_language_tag(text)) {
		snprintf(why, why_len,
			 "Field \"locale\" must be a language tag such as \"en\" or \"pt-BR\".");
		err = TACT_ERR_BAD_REQUEST;
		goto out;
	}
	tact_json_set(profile, "locale", json_object_new_string(text != NULL ? text : ""));
	err = tact_param_enum(in, "account", TACT_PARAM_OPTIONAL, accounts, &account, why, why_len);
	if (err != TACT_OK)
		goto out;
	tact_json_set(profile, "account",
		      json_object_new_string(accounts[account < 0 ? 0 : account]));
	err = tact_param_enum(in, "strictness", TACT_PARAM_OPTIONAL, tact_profile_strictness,
			      &strictness, why, why_len);
	if (err != TACT_OK)
		goto out;
	tact_json_set(profile, "strictness",
		      json_object_new_string(
			  tact_profile_strictness[strictness < 0 ? TACT_PROFILE_BALANCED : strictness]));
	err = tact_param_string(in, "signature", TACT_PARAM_OPTIONAL, TACT_PROFILE_SIGNATURE_MAX,
				&text, why, why_len);
	if (err != TACT_OK)
		goto out;
	/* One line: it closes a message, and must not smuggle in paragraphs. */
	if (text != NULL && strpbrk(text, "\r\n") != NULL) {
		snprintf(why, why_len, "Field \"signature\" must be one line.");
		err = TACT_ERR_BAD_REQUEST;
		goto out;
	}
	tact_json_set(profile, "signature", json_object_new_string(text != NULL ? text : ""));
	*out = profile;
	profile = NULL;
out:
	json_object_put(profile);
	return err;
}

/* The stored profile is sealed like the history: "sealed:" and the base64
 * of tact_keys_seal's output, bound to this associated data. */
static const unsigned char profile_ad[] = "tact profile v1";

static enum tact_err seal_text(const struct tact_keys *keys, const char *text, char **out)
{
	unsigned char *sealed = NULL;
	size_t sealed_len = 0, b64_len;
	char *value = NULL;
	enum tact_err err;

	*out = NULL;
	err = tact_keys_seal(keys, profile_ad, sizeof(profile_ad) - 1, text, strlen(text), &sealed,
			     &sealed_len);
	if (err != TACT_OK)
		return err;
	b64_len = sodium_base64_encoded_len(sealed_len, sodium_base64_VARIANT_ORIGINAL);
	value = malloc(sizeof(PROFILE_SEALED_PREFIX) - 1 + b64_len);
	if (value == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	memcpy(value, PROFILE_SEALED_PREFIX, sizeof(PROFILE_SEALED_PREFIX) - 1);
	sodium_bin2base64(value + sizeof(PROFILE_SEALED_PREFIX) - 1, b64_len, sealed, sealed_len,
			  sodium_base64_VARIANT_ORIGINAL);
	*out = value;
	value = NULL;
out:
	free(value);
	free(sealed);
	return err;
}

/* The JSON text inside a stored value; *plain says it was an old,
 * unsealed row. Caller frees *json. */
static enum tact_err open_text(const struct tact_keys *keys, const char *value, char **json,
			       int *plain)
{
	const char *b64 = value + sizeof(PROFILE_SEALED_PREFIX) - 1;
	size_t b64_len, bin_len = 0;
	unsigned char *bin = NULL;
	enum tact_err err = TACT_ERR_DB;

	*json = NULL;
	*plain = strncmp(value, PROFILE_SEALED_PREFIX, sizeof(PROFILE_SEALED_PREFIX) - 1) != 0;
	if (*plain) {
		*json = strdup(value);
		return *json != NULL ? TACT_OK : TACT_ERR_NOMEM;
	}
	b64_len = strlen(b64);
	bin = malloc(b64_len / 4 * 3 + 3);
	if (bin == NULL)
		return TACT_ERR_NOMEM;
	if (sodium_base642bin(bin, b64_len / 4 * 3 + 3, b64, b64_len, NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) == 0)
		err = tact_keys_open_sealed(keys, profile_ad, sizeof(profile_ad) - 1, bin, bin_len,
					    json);
	free(bin);
	return err;
}

enum tact_err tact_profile_load(struct tact_store *store, const struct tact_keys *keys,
				json_object **out)
{
	char *value = NULL;
	char *text = NULL;
	char why[256];
	json_object *stored = NULL;
	int plain = 0;
	enum tact_err err;

	*out = NULL;
	err = tact_store_setting_get(store, PROFILE_SETTING, &value);
	if (err == TACT_OK) {
		err = open_text(keys, value, &text, &plain);
		if (err == TACT_OK)
			stored = tact_strictjson_read(text);
		else if (err == TACT_ERR_DB)
			tact_log_error(
			    "the stored profile does not open (it was altered, or sealed "
			    "under another install.key); using an empty one until it is set "
			    "again");
		else
			goto out;
	} else if (err != TACT_ERR_NOT_FOUND) {
		goto out;
	}
	/* Normalising again keeps old rows in today's shape. */
	err = tact_profile_normalize(stored, out, why, sizeof(why));
	if (err == TACT_ERR_BAD_REQUEST) {
		json_object *empty = json_object_new_object();
		err = tact_profile_normalize(empty, out, why, sizeof(why));
		json_object_put(empty);
	} else if (err == TACT_OK && plain) {
		/* A profile stored before sealing: seal it now, so the database
		 * alone no longer shows it. Failing only postpones that. */
		if (tact_profile_save(store, keys, *out) != TACT_OK)
			tact_log_warn("could not seal the stored profile yet; will try again");
	}
out:
	json_object_put(stored);
	if (text != NULL)
		sodium_memzero(text, strlen(text));
	free(text);
	free(value);
	return err;
}

enum tact_err tact_profile_save(struct tact_store *store, const struct tact_keys *keys,
				json_object *profile)
{
	const char *text = json_object_to_json_string_ext(profile, JSON_C_TO_STRING_PLAIN);
	char *value = NULL;
	enum tact_err err;

	if (text == NULL)
		return TACT_ERR_NOMEM;
	err = seal_text(keys, text, &value);
	if (err == TACT_OK)
		err = tact_store_setting_put(store, PROFILE_SETTING, value);
	free(value);
	return err;
}

int tact_profile_exists(struct tact_store *store)
{
	char *text = NULL;
	enum tact_err err = tact_store_setting_get(store, PROFILE_SETTING, &text);

	free(text);
	return err == TACT_OK;
}
