#include "tact/err.h"

struct err_info {
	const char *code;
	const char *message;
};

static const struct err_info err_table[TACT_ERR_COUNT_] = {
    [TACT_OK] = {"ok", "Success."},
    [TACT_ERR_EOF] = {"eof", "The input ended."},
    [TACT_ERR_TRUNCATED] = {"bad_frame", "The input ended in the middle of a message."},
    [TACT_ERR_IO] = {"internal", "Reading or writing failed."},
    [TACT_ERR_NOMEM] = {"internal", "The host ran out of memory."},
    [TACT_ERR_BAD_FRAME] = {"bad_frame", "The message frame was empty or malformed."},
    [TACT_ERR_BAD_JSON] = {"bad_json", "The message is not a valid JSON object."},
    [TACT_ERR_BAD_REQUEST] = {"bad_request", "The request is missing a field or has a wrong one."},
    [TACT_ERR_UNKNOWN_TYPE] = {"unknown_type", "This host does not know that request type."},
    [TACT_ERR_TOO_LARGE] = {"too_large", "The message is larger than the host accepts."},
    [TACT_ERR_LOCKED] = {"locked", "The notes vault is locked."},
    [TACT_ERR_NOT_FOUND] = {"not_found", "Nothing was found for that key."},
    [TACT_ERR_DB] = {"internal", "The local database could not complete the request."},
    [TACT_ERR_READ_ONLY] = {"read_only",
			    "The local database cannot be written; nothing was changed."},
    [TACT_ERR_DISK_FULL] = {"disk_full", "The disk is full; nothing was changed."},
    [TACT_ERR_WRONG_PASSPHRASE] = {"wrong_passphrase",
				   "The passphrase is wrong; nothing was changed."},
    [TACT_ERR_DAMAGED] = {"damaged", "Tact's data on this computer is damaged or incomplete; "
				     "nothing was changed. The host's log names the file."},
    [TACT_ERR_INTERNAL] = {"internal", "Something went wrong inside the host."},
};

const char *tact_err_code(enum tact_err err)
{
	if ((unsigned)err >= (unsigned)TACT_ERR_COUNT_)
		return "internal";
	return err_table[err].code;
}

const char *tact_err_message(enum tact_err err)
{
	if ((unsigned)err >= (unsigned)TACT_ERR_COUNT_)
		return "Something went wrong inside the host.";
	return err_table[err].message;
}
