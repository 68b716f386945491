/*
 * reply: writes a response envelope as one frame, or as several frames when
 * it would exceed TACT_FRAME_MAX_OUT.
 *
 * Splitting: the largest list inside "result" is cut into consecutive runs;
 * every frame repeats the envelope and the other result fields and adds
 * "part" (0, 1, ...) and "more" (true on every frame but the last). A reader
 * keeps collecting frames with the same id while "more" is true and joins
 * the lists in order. A response that fits in one frame has neither field.
 */
#ifndef TACT_REPLY_H
#define TACT_REPLY_H

#include <json-c/json.h>

#include "tact/err.h"
#include "tact/frame.h"
#include "tact/json.h"

#define TACT_REPLY_SERIALIZE TACT_JSON_SERIALIZE

/*
 * Sends reply (an envelope from tact_msg_ok / tact_msg_error) and releases
 * it. A result that cannot be split small enough is replaced by a too_large
 * error for the same id. Returns TACT_ERR_IO when the pipe failed.
 */
enum tact_err tact_reply_send(const struct tact_io *io, json_object *reply) TACT_MUST_CHECK;

#endif
