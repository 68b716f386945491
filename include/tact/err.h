/*
 * err: the one error enum of tact-host, its protocol codes and messages,
 * and the process exit codes.
 *
 * Every fallible function returns enum tact_err (TACT_OK is 0). Strings
 * returned here are static; the caller never frees them.
 */
#ifndef TACT_ERR_H
#define TACT_ERR_H

#if defined(__GNUC__)
#define TACT_MUST_CHECK __attribute__((warn_unused_result))
#else
#define TACT_MUST_CHECK
#endif

enum tact_err {
	TACT_OK = 0,
	TACT_ERR_EOF,	    /* clean end of input at a frame boundary */
	TACT_ERR_TRUNCATED, /* end of input inside a header or a body */
	TACT_ERR_IO,	    /* a read or write failed */
	TACT_ERR_NOMEM,
	TACT_ERR_BAD_FRAME,   /* a frame that carries no message */
	TACT_ERR_BAD_JSON,    /* body is not one strict UTF-8 JSON object */
	TACT_ERR_BAD_REQUEST, /* JSON is fine but a field is wrong */
	TACT_ERR_UNKNOWN_TYPE,
	TACT_ERR_TOO_LARGE,
	TACT_ERR_LOCKED,
	TACT_ERR_NOT_FOUND,
	TACT_ERR_DB,	    /* the database refused; details go to the log */
	TACT_ERR_READ_ONLY, /* the database or its folder cannot be written */
	TACT_ERR_DISK_FULL,
	TACT_ERR_WRONG_PASSPHRASE, /* the passphrase does not open the vault */
	TACT_ERR_DAMAGED, /* stored data or a key file is missing or altered; the log names it */
	TACT_ERR_INTERNAL,
	TACT_ERR_COUNT_
};

/* Exit codes of tact-host; docs/PROTOCOL.md lists them. */
enum tact_exit {
	TACT_EXIT_OK = 0,        /* end of input at a frame boundary */
	TACT_EXIT_FAILURE = 1,   /* a command failed or start-up failed */
	TACT_EXIT_USAGE = 2,     /* unknown arguments */
	TACT_EXIT_TRUNCATED = 3, /* input ended inside a frame */
	TACT_EXIT_TOO_LARGE = 4, /* a declared length over the inbound cap */
	TACT_EXIT_REFUSED = 5,   /* the calling extension is not allowed */
	TACT_EXIT_IO = 6         /* reading or writing the pipes failed */
};

/* The stable protocol code, e.g. "bad_json". Never NULL. */
const char *tact_err_code(enum tact_err err);

/* A sentence a person understands. Never NULL. */
const char *tact_err_message(enum tact_err err);

#endif
