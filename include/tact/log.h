/*
 * log: one line per event on stderr, never stdout.
 *
 * The level comes from TACT_LOG (error, warn, info, debug; default warn).
 * Callers must never pass note text, passphrases or keys: the log is for
 * what happened, not for what the user wrote.
 */
#ifndef TACT_LOG_H
#define TACT_LOG_H

enum tact_log_level {
	TACT_LOG_ERROR = 0,
	TACT_LOG_WARN = 1,
	TACT_LOG_INFO = 2,
	TACT_LOG_DEBUG = 3
};

/* Reads TACT_LOG once; safe to call again. */
void tact_log_init(void);

/* Is this level switched on? Lets callers skip building costly messages. */
int tact_log_enabled(enum tact_log_level level);

/* Writes "tact-host: <level>: <message>\n" to stderr as one write, with
 * control characters in the message replaced so it stays one line. */
void tact_log(enum tact_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define tact_log_error(...) tact_log(TACT_LOG_ERROR, __VA_ARGS__)
#define tact_log_warn(...) tact_log(TACT_LOG_WARN, __VA_ARGS__)
#define tact_log_info(...) tact_log(TACT_LOG_INFO, __VA_ARGS__)
#define tact_log_debug(...) tact_log(TACT_LOG_DEBUG, __VA_ARGS__)

#endif
