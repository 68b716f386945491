/*
 * config: the user's optional settings file, config.json in the config
 * folder. A missing file means defaults; an unreadable or invalid one is
 * reported in the log and treated as defaults, so a typo never stops the
 * host from starting.
 *
 * {
 *   "allowed_chrome_ids":  ["<32 letters a-p>", ...],   extra callers
 *   "allowed_firefox_ids": ["name@domain", ...],
 *   "withdraw_after_days": 180,      LinkedIn withdraws pending invitations
 *   "autolock_minutes":    30        idle time before the vault locks
 * }
 */
#ifndef TACT_CONFIG_H
#define TACT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"

struct tact_config;

/* Loads path (which may not exist). Caller owns *out; free with tact_config_free. */
enum tact_err tact_config_load(const char *path, struct tact_config **out) TACT_MUST_CHECK;

void tact_config_free(struct tact_config *cfg);

/* Is id listed under key ("allowed_chrome_ids" or "allowed_firefox_ids")? */
int tact_config_lists(const struct tact_config *cfg, const char *key, const char *id);

/* The list under key (at most TACT_CONFIG_EXTRA_IDS_MAX entries are read):
 * its length, and its index-th entry as a string borrowed from cfg (NULL
 * past the end or when that entry is not a string). */
size_t tact_config_list_len(const struct tact_config *cfg, const char *key);
const char *tact_config_list_at(const struct tact_config *cfg, const char *key, size_t index);

/* An integer setting in [min, max], or dflt when absent or out of range. */
int64_t tact_config_int(const struct tact_config *cfg, const char *key, int64_t min,
			int64_t max, int64_t dflt);

#endif
