/*
 * A fault injector for tests, loaded with LD_PRELOAD into the real
 * tact-host. It counts calls and makes exactly one fail:
 *
 *   TACT_FAULT_WRITE=N   the N-th write, pwrite, fsync or fdatasync fails
 *                        with EIO (TACT_FAULT_ERRNO=ENOSPC for a full disk)
 *
 * (Allocations are failed by the host itself, TACT_FAULT_ALLOC in
 * host/oom.c: it provides malloc for the whole process, so a preloaded one
 * would never be called.)
 *
 * Counting starts at the first call after the process starts. When the
 * fault has been injected, TACT_FAULT_REPORT (a file path) gets one line,
 * so a test knows the N it asked for was reached. With TACT_FAULT_SYNC_LOG
 * (a file path), every fsync and fdatasync adds a line there, so a test
 * can count which requests wait for the disk. Not part of the product.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long write_at = -2; /* -2: not read yet; -1: off */
static long write_calls;
static int write_errno = EIO;

static long env_number(const char *name)
{
	const char *v = getenv(name);
	char *end = NULL;
	long n;

	if (v == NULL || v[0] == '\0')
		return -1;
	n = strtol(v, &end, 10);
	return end != NULL && *end == '\0' && n > 0 ? n : -1;
}

/* Written with raw syscalls: no allocation, no stdio, no recursion. */
static void log_line(const char *env, const char *what, long n)
{
	const char *path = getenv(env);
	char line[64];
	int len, fd;

	if (path == NULL)
		return;
	len = snprintf(line, sizeof(line), "%s %ld\n", what, n);
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			  0600);
	if (fd < 0)
		return;
	if (len > 0)
		(void)syscall(SYS_write, fd, line, (size_t)len);
	(void)syscall(SYS_close, fd);
}

static int write_fails(void)
{
	if (write_at == -2) {
		const char *e = getenv("TACT_FAULT_ERRNO");
		write_at = env_number("TACT_FAULT_WRITE");
		if (e != NULL && strcmp(e, "ENOSPC") == 0)
			write_errno = ENOSPC;
	}
	if (write_at < 0 || ++write_calls != write_at)
		return 0;
	log_line("TACT_FAULT_REPORT", "write", write_calls);
	errno = write_errno;
	return 1;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	if (write_fails())
		return -1;
	return syscall(SYS_write, fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t offset)
{
	if (write_fails())
		return -1;
	return syscall(SYS_pwrite64, fd, buf, len, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t offset)
{
	return pwrite(fd, buf, len, offset);
}

int fsync(int fd)
{
	log_line("TACT_FAULT_SYNC_LOG", "fsync", fd);
	if (write_fails())
		return -1;
	return (int)syscall(SYS_fsync, fd);
}

int fdatasync(int fd)
{
	log_line("TACT_FAULT_SYNC_LOG", "fdatasync", fd);
	if (write_fails())
		return -1;
	return (int)syscall(SYS_fdatasync, fd);
}
