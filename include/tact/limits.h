/*
 * limits: every size, depth and count cap of tact-host in one place.
 * Each cap is checked before anything is allocated for the input it bounds.
 */
#ifndef TACT_LIMITS_H
#define TACT_LIMITS_H

/* Inbound frames: our requests are small; a 1,000-invitation classify batch
 * is about 1 MiB, so 8 MiB leaves room without trusting the browser's 64 MiB. */
#define TACT_FRAME_MAX_IN (8u * 1024u * 1024u)

/* Outbound frames: Chrome and Firefox drop the port when a host sends more
 * than 1,048,576 bytes of payload (native_message_process_host.cc,
 * NativeMessaging.sys.mjs); exactly that many is allowed. */
#define TACT_FRAME_MAX_OUT (1024u * 1024u)

#define TACT_FRAME_HEADER_BYTES 4u

/* JSON nesting: requests are at most four levels deep; 32 is generous. */
#define TACT_JSON_MAX_DEPTH 32

/* Request envelope. */
#define TACT_ID_MAX_BYTES 128u
#define TACT_TYPE_MAX_BYTES 64u

/* Profile fields (bytes of UTF-8). */
#define TACT_PROFILE_TEXT_MAX 300u
#define TACT_PROFILE_LIST_MAX 50u
#define TACT_PROFILE_ITEM_MAX 200u
#define TACT_PROFILE_LOCALE_MAX 35u
#define TACT_PROFILE_SIGNATURE_MAX 200u /* a reply's closing line, in bytes */

/* Config file and manifests are tiny; anything larger is not ours. */
#define TACT_CONFIG_FILE_MAX (64u * 1024u)
#define TACT_MANIFEST_FILE_MAX (64u * 1024u)
#define TACT_CONFIG_EXTRA_IDS_MAX 16u

/* One log line, including the prefix. */
#define TACT_LOG_LINE_MAX 1024u

/* Paths built by the host. */
#define TACT_PATH_MAX 4096u

/* SQLite waits this long for another host (another browser profile) to
 * finish its short transaction before answering busy. */
#define TACT_DB_BUSY_TIMEOUT_MS 5000

/* doctor's self-test: how long the registered binary has to answer hello. */
#define TACT_SELFTEST_TIMEOUT_MS 3000

#endif
