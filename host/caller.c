#include "tact/caller.h"

#include <stdio.h>
#include <string.h>

#include "tact/build_config.h"

#define CHROMIUM_SCHEME "chrome-extension://"
#define CHROMIUM_ID_LEN 32u

static const char *const builtin_chrome_ids[] = TACT_BUILTIN_CHROME_IDS;
static const char *const builtin_firefox_ids[] = TACT_BUILTIN_FIREFOX_IDS;

int tact_caller_is_chromium_id(const char *s)
{
	if (strlen(s) != CHROMIUM_ID_LEN)
		return 0;
	for (size_t i = 0; i < CHROMIUM_ID_LEN; i++) {
		if (s[i] < 'a' || s[i] > 'p')
			return 0;
	}
	return 1;
}

/* Firefox add-on ids are "name@domain" or "{uuid}": printable, no spaces. */
static int is_firefox_id(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= TACT_CALLER_ID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f)
			return 0;
	}
	return strchr(s, '@') != NULL || (s[0] == '{' && s[len - 1] == '}');
}

void tact_caller_identify(int argc, char *const *argv, struct tact_caller *out)
{
	memset(out, 0, sizeof(*out));
	if (argc < 1 || argv[0] == NULL)
		return;
	if (strncmp(argv[0], CHROMIUM_SCHEME, strlen(CHROMIUM_SCHEME)) == 0) {
		const char *id = argv[0] + strlen(CHROMIUM_SCHEME);
		size_t len = strcspn(id, "/");
		/* The trailing slash is optional; anything after it is not. */
		if (len != CHROMIUM_ID_LEN || (id[len] == '/' && id[len + 1] != '\0'))
			return;
		memcpy(out->id, id, len);
		out->id[len] = '\0';
		if (!tact_caller_is_chromium_id(out->id)) {
			out->id[0] = '\0';
			return;
		}
		out->kind = TACT_CALLER_CHROMIUM;
		return;
	}
	/* Firefox: <absolute manifest path> <add-on id>. */
	if (argc >= 2 && argv[0][0] == '/' && is_firefox_id(argv[1])) {
		snprintf(out->id, sizeof(out->id), "%s", argv[1]);
		out->kind = TACT_CALLER_FIREFOX;
	}
}

int tact_caller_is_allowed(const struct tact_caller *caller, const struct tact_config *cfg)
{
	const char *const *builtin;
	size_t count;
	const char *key;

	if (caller->kind == TACT_CALLER_CHROMIUM) {
		builtin = builtin_chrome_ids;
		count = sizeof(builtin_chrome_ids) / sizeof(builtin_chrome_ids[0]);
		key = "allowed_chrome_ids";
	} else if (caller->kind == TACT_CALLER_FIREFOX) {
		builtin = builtin_firefox_ids;
		count = sizeof(builtin_firefox_ids) / sizeof(builtin_firefox_ids[0]);
		key = "allowed_firefox_ids";
	} else {
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		if (builtin[i][0] != '\0' && strcmp(builtin[i], caller->id) == 0)
			return 1;
	}
	return tact_config_lists(cfg, key, caller->id);
}
