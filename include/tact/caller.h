/*
 * caller: who started tact-host. Chromium-family browsers pass the origin
 * "chrome-extension://<id>/" (sometimes followed by more switches); Firefox
 * passes the host manifest's path and the add-on id. The id is checked
 * against Tact's own ids (compiled in) and the config file's extra ids.
 *
 * This is defence in depth: the browsers already enforce the manifest's
 * allowed_origins / allowed_extensions. It is not authentication against
 * other local programs, which can pass any argv they like.
 */
#ifndef TACT_CALLER_H
#define TACT_CALLER_H

#include "tact/config.h"

/* Chromium ids are 32 letters a-p; Firefox ids are short. */
#define TACT_CALLER_ID_MAX 256u

enum tact_caller_kind {
	TACT_CALLER_NONE = 0, /* argv does not look like a browser's */
	TACT_CALLER_CHROMIUM,
	TACT_CALLER_FIREFOX
};

struct tact_caller {
	enum tact_caller_kind kind;
	char id[TACT_CALLER_ID_MAX];
};

/* Recognises a browser's argv (argv[0] excluded: pass argc-1, argv+1). */
void tact_caller_identify(int argc, char *const *argv, struct tact_caller *out);

/* Is this caller Tact's own extension, or listed in the config? */
int tact_caller_is_allowed(const struct tact_caller *caller, const struct tact_config *cfg);

/* Is s a well-formed Chromium extension id (32 letters a-p)? */
int tact_caller_is_chromium_id(const char *s);

#endif
