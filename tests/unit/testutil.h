/*
 * testutil: shared helpers for the cmocka unit tests: a scripted reader and
 * writer for struct tact_io, and temporary folders.
 */
#ifndef TACT_TESTUTIL_H
#define TACT_TESTUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "tact/frame.h"

struct fake_io {
	const unsigned char *in; /* borrowed input */
	size_t in_len;
	size_t in_pos;
	size_t read_chunk;  /* most bytes one read returns; 0 = no limit */
	int eintr_every;    /* every Nth read/write fails with EINTR; 0 = never */
	int calls;
	unsigned char *out; /* owned, grown as written */
	size_t out_len;
	size_t out_cap;
	size_t write_chunk; /* most bytes one write accepts; 0 = no limit */
	int fail_writes;    /* writes fail with EPIPE */
};

struct tact_io fake_io_make(struct fake_io *f);
void fake_io_free(struct fake_io *f);

/* Frames a body into a new buffer (caller frees). */
unsigned char *frame_bytes(const char *body, size_t len, size_t *out_len);

/* mkdtemp under TMPDIR; returns a static-lifetime malloc'd path. */
char *make_temp_dir(void);

/* rm -r of a folder made by make_temp_dir. */
void remove_tree(const char *dir);

#endif
