#include "tact/frame.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tact/limits.h"

_Static_assert(sizeof(uint32_t) == TACT_FRAME_HEADER_BYTES, "header is 4 bytes");

static ssize_t fd_read(void *ctx, void *buf, size_t len)
{
	const int *fds = ctx;
	return read(fds[0], buf, len);
}

static ssize_t fd_write(void *ctx, const void *buf, size_t len)
{
	const int *fds = ctx;
	return write(fds[1], buf, len);
}

struct tact_io tact_frame_fd_io(int *fds)
{
	struct tact_io io = {fd_read, fd_write, fds};
	return io;
}

/* Reads exactly len bytes; *got tells how many arrived before end of input. */
static enum tact_err read_full(const struct tact_io *io, void *dst, size_t len, size_t *got)
{
	unsigned char *p = dst;

	*got = 0;
	while (*got < len) {
		ssize_t n = io->read(io->ctx, p + *got, len - *got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return TACT_ERR_IO;
		}
		if (n == 0)
			return TACT_ERR_EOF;
		*got += (size_t)n;
	}
	return TACT_OK;
}

static enum tact_err write_full(const struct tact_io *io, const void *src, size_t len)
{
	const unsigned char *p = src;
	size_t done = 0;

	while (done < len) {
		ssize_t n = io->write(io->ctx, p + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return TACT_ERR_IO;
		}
		if (n == 0)
			return TACT_ERR_IO;
		done += (size_t)n;
	}
	return TACT_OK;
}

enum tact_err tact_frame_read(const struct tact_io *io, size_t max_len, char **body, size_t *len)
{
	unsigned char header[TACT_FRAME_HEADER_BYTES];
	uint32_t declared;
	char *data = NULL;
	size_t got = 0;
	enum tact_err err;

	*body = NULL;
	*len = 0;
	err = read_full(io, header, sizeof(header), &got);
	if (err == TACT_ERR_EOF && got > 0)
		err = TACT_ERR_TRUNCATED;
	if (err != TACT_OK)
		goto out;

	/* Native byte order, as both browsers write it: memcpy, not ntohl. */
	memcpy(&declared, header, sizeof(declared));
	*len = declared;
	if (declared > max_len) {
		err = TACT_ERR_TOO_LARGE;
		goto out;
	}
	data = malloc((size_t)declared + 1);
	if (data == NULL) {
		err = TACT_ERR_NOMEM;
		goto out;
	}
	err = read_full(io, data, declared, &got);
	if (err == TACT_ERR_EOF)
		err = TACT_ERR_TRUNCATED;
	if (err != TACT_OK)
		goto out;
	data[declared] = '\0';
	*body = data;
	data = NULL;
out:
	free(data);
	return err;
}

enum tact_err tact_frame_write(const struct tact_io *io, const char *body, size_t len)
{
	unsigned char header[TACT_FRAME_HEADER_BYTES];
	uint32_t declared;
	enum tact_err err;

	if (len > TACT_FRAME_MAX_OUT)
		return TACT_ERR_TOO_LARGE;
	declared = (uint32_t)len;
	memcpy(header, &declared, sizeof(header));
	err = write_full(io, header, sizeof(header));
	if (err != TACT_OK)
		return err;
	return write_full(io, body, len);
}
