/*
 * frame: the browsers' native messaging framing. Each message is a 32-bit
 * length in native byte order followed by that many bytes of UTF-8 JSON.
 *
 * I/O goes through struct tact_io so tests can inject short reads, EINTR and
 * partial writes. The functions retry on EINTR and loop until every byte
 * has moved.
 */
#ifndef TACT_FRAME_H
#define TACT_FRAME_H

#include <stddef.h>
#include <sys/types.h>

#include "tact/err.h"

/* read/write behave like read(2)/write(2): a count, 0 for end of input on
 * read, or -1 with errno set. */
struct tact_io {
	ssize_t (*read)(void *ctx, void *buf, size_t len);
	ssize_t (*write)(void *ctx, const void *buf, size_t len);
	void *ctx;
};

/* Plain file descriptors; fds points at two ints {in, out} the caller keeps
 * alive as long as the io is used. */
struct tact_io tact_frame_fd_io(int *fds);

/*
 * Reads one frame. On TACT_OK, *body is a NUL-terminated copy the caller
 * frees with free(), and *len its length without the NUL (0 for an empty
 * frame, in which case *body is still allocated).
 * TACT_ERR_EOF: input ended exactly at a frame boundary.
 * TACT_ERR_TRUNCATED: input ended inside the header or the body.
 * TACT_ERR_TOO_LARGE: the header declared more than max_len; *len holds the
 * declared length and nothing was allocated or read past the header.
 * TACT_ERR_IO / TACT_ERR_NOMEM as named.
 */
enum tact_err tact_frame_read(const struct tact_io *io, size_t max_len,
			      char **body, size_t *len) TACT_MUST_CHECK;

/*
 * Writes one frame. Refuses (TACT_ERR_TOO_LARGE, nothing written) a body
 * longer than TACT_FRAME_MAX_OUT. Borrowed body; nothing is kept.
 */
enum tact_err tact_frame_write(const struct tact_io *io, const char *body,
			       size_t len) TACT_MUST_CHECK;

#endif
