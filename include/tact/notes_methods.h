/*
 * notes_methods: the protocol handlers for the notes vault (vault.status,
 * vault.setup, vault.unlock, vault.lock, vault.set_autolock,
 * vault.change_passphrase) and for
 * notes (notes.put, notes.get, notes.list, notes.delete, notes.export,
 * notes.import). They adapt the dispatch contract (tact/dispatch.h) to
 * tact/vault.h and tact/notes.h; docs/PROTOCOL.md says what each returns.
 */
#ifndef TACT_NOTES_METHODS_H
#define TACT_NOTES_METHODS_H

#include "tact/dispatch.h"

enum tact_err tact_notes_methods_vault_status(struct tact_ctx *ctx, json_object *params,
					      json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_vault_setup(struct tact_ctx *ctx, json_object *params,
					     json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_vault_unlock(struct tact_ctx *ctx, json_object *params,
					      json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_vault_lock(struct tact_ctx *ctx, json_object *params,
					    json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_vault_set_autolock(struct tact_ctx *ctx, json_object *params,
						    json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_vault_change_passphrase(struct tact_ctx *ctx, json_object *params,
							 json_object **result,
							 char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_put(struct tact_ctx *ctx, json_object *params,
				     json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_get(struct tact_ctx *ctx, json_object *params,
				     json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_list(struct tact_ctx *ctx, json_object *params,
				      json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_delete(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_export(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why) TACT_MUST_CHECK;
enum tact_err tact_notes_methods_import(struct tact_ctx *ctx, json_object *params,
					json_object **result, char *why) TACT_MUST_CHECK;

#endif
