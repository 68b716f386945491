#include "tact/oom.h"

#include <stddef.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TACT_OOM_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TACT_OOM_SANITIZED 1
#endif

#ifdef TACT_OOM_SANITIZED

int tact_oom_take(void)
{
	return 0;
}

int tact_oom_seen(void)
{
	return 0;
}

#else

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* glibc's own allocator entry points, which its malloc also calls. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

/* Test hook state: -2 before the environment was read, -1 when off. */
#define FAULT_UNREAD (-2L)
#define FAULT_OFF (-1L)

static volatile int oom_seen;
static long fault_at = FAULT_UNREAD;
static long alloc_calls;

int tact_oom_take(void)
{
	int seen = oom_seen;

	oom_seen = 0;
	return seen;
}

int tact_oom_seen(void)
{
	return oom_seen;
}

/* getenv and strtol allocate nothing, so they are safe here. */
static long fault_number(void)
{
	const char *v = getenv("TACT_FAULT_ALLOC");
	char *end = NULL;
	long n;

	if (v == NULL || v[0] == '\0')
		return FAULT_OFF;
	n = strtol(v, &end, 10);
	return end != NULL && *end == '\0' && n > 0 ? n : FAULT_OFF;
}

/* One line to TACT_FAULT_REPORT, without allocating (no stdio streams). */
static void report_fault(long n)
{
	const char *path = getenv("TACT_FAULT_REPORT");
	char line[32];
	int len, fd;

	if (path == NULL)
		return;
	len = snprintf(line, sizeof(line), "alloc %ld\n", n);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (len > 0 && write(fd, line, (size_t)len) < 0)
		len = 0;
	close(fd);
}

static int injected_failure(void)
{
	if (fault_at == FAULT_UNREAD)
		fault_at = fault_number();
	if (fault_at == FAULT_OFF || ++alloc_calls != fault_at)
		return 0;
	report_fault(alloc_calls);
	return 1;
}

static void *noticed(void *p, size_t size)
{
	if (p == NULL && size > 0) {
		oom_seen = 1;
		errno = ENOMEM;
	}
	return p;
}

void *malloc(size_t size)
{
	if (injected_failure())
		return noticed(NULL, size > 0 ? size : 1);
	return noticed(__libc_malloc(size), size);
}

void *calloc(size_t n, size_t size)
{
	if (injected_failure())
		return noticed(NULL, 1);
	/* Not n * size: a product that wraps to 0 would hide the failure. */
	return noticed(__libc_calloc(n, size), n != 0 && size != 0);
}

void *realloc(void *p, size_t size)
{
	if (injected_failure())
		return noticed(NULL, size > 0 ? size : 1);
	return noticed(__libc_realloc(p, size), size);
}

#endif
