/*
 * server: the request loop. Reads frames until the input ends, answers each
 * in order, and decides how the process should exit.
 *
 * Framing errors that leave the stream in sync (an empty frame, bad JSON, a
 * bad request) get an error reply and the loop goes on. Errors that lose
 * sync (input ending inside a frame, a length over the cap) end the loop.
 */
#ifndef TACT_SERVER_H
#define TACT_SERVER_H

#include "tact/config.h"
#include "tact/err.h"
#include "tact/frame.h"
#include "tact/paths.h"

/* Serves io until end of input; returns the exit code for main. paths and
 * config are borrowed. */
enum tact_exit tact_server_run(const struct tact_io *io, const struct tact_paths *paths,
			       const struct tact_config *config);

#endif
