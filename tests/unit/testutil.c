#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t fake_read(void *ctx, void *buf, size_t len)
{
	struct fake_io *f = ctx;
	size_t n;

	f->calls++;
	if (f->eintr_every > 0 && f->calls % f->eintr_every == 0) {
		errno = EINTR;
		return -1;
	}
	n = f->in_len - f->in_pos;
	if (n > len)
		n = len;
	if (f->read_chunk > 0 && n > f->read_chunk)
		n = f->read_chunk;
	memcpy(buf, f->in + f->in_pos, n);
	f->in_pos += n;
	return (ssize_t)n;
}

static ssize_t fake_write(void *ctx, const void *buf, size_t len)
{
	struct fake_io *f = ctx;
	size_t n = len;

	f->calls++;
	if (f->fail_writes) {
		errno = EPIPE;
		return -1;
	}
	if (f->eintr_every > 0 && f->calls % f->eintr_every == 0) {
		errno = EINTR;
		return -1;
	}
	if (f->write_chunk > 0 && n > f->write_chunk)
		n = f->write_chunk;
	if (f->out_len + n > f->out_cap) {
		size_t cap = (f->out_len + n) * 2;
		unsigned char *grown = realloc(f->out, cap);
		if (grown == NULL) {
			errno = ENOMEM;
			return -1;
		}
		f->out = grown;
		f->out_cap = cap;
	}
	memcpy(f->out + f->out_len, buf, n);
	f->out_len += n;
	return (ssize_t)n;
}

struct tact_io fake_io_make(struct fake_io *f)
{
	struct tact_io io = {fake_read, fake_write, f};
	return io;
}

void fake_io_free(struct fake_io *f)
{
	free(f->out);
	f->out = NULL;
	f->out_len = f->out_cap = 0;
}

unsigned char *frame_bytes(const char *body, size_t len, size_t *out_len)
{
	unsigned char *buf = malloc(len + 4);
	uint32_t n = (uint32_t)len;

	if (buf == NULL)
		return NULL;
	memcpy(buf, &n, 4);
	if (len > 0)
		memcpy(buf + 4, body, len);
	*out_len = len + 4;
	return buf;
}

char *make_temp_dir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = malloc(4096);

	if (path == NULL)
		return NULL;
	snprintf(path, 4096, "%s/tact-test-XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(path) == NULL) {
		free(path);
		return NULL;
	}
	return path;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void remove_tree(const char *dir)
{
	if (dir != NULL)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
