#include "tact/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tact/limits.h"

static int log_threshold = TACT_LOG_WARN;
static int log_ready;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void tact_log_init(void)
{
	const char *env = getenv("TACT_LOG");

	log_threshold = TACT_LOG_WARN;
	if (env != NULL) {
		for (int i = 0; i <= TACT_LOG_DEBUG; i++) {
			if (strcmp(env, level_names[i]) == 0)
				log_threshold = i;
		}
	}
	log_ready = 1;
}

int tact_log_enabled(enum tact_log_level level)
{
	if (!log_ready)
		tact_log_init();
	return (int)level <= log_threshold;
}

void tact_log(enum tact_log_level level, const char *fmt, ...)
{
	char line[TACT_LOG_LINE_MAX];
	int saved_errno = errno;
	int prefix;
	int body;
	size_t len;
	va_list ap;

	if (!tact_log_enabled(level))
		return;
	prefix = snprintf(line, sizeof(line), "tact-host: %s: ", level_names[level]);
	if (prefix < 0)
		return;
	va_start(ap, fmt);
	body = vsnprintf(line + prefix, sizeof(line) - (size_t)prefix - 1, fmt, ap);
	va_end(ap);
	if (body < 0)
		return;
	len = strlen(line);
	/* One event, one line: a newline inside a message would split it. */
	for (size_t i = (size_t)prefix; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c < 0x20 || c == 0x7f)
			line[i] = ' ';
	}
	line[len++] = '\n';
	/* stderr is unbuffered but one write keeps concurrent hosts' lines whole. */
	if (write(STDERR_FILENO, line, len) < 0) {
		/* Nowhere left to report to. */
	}
	errno = saved_errno;
}
