/*
 * install: registers tact-host with the browsers (writes their host
 * manifests) and takes that back again.
 *
 * tact-host install [--browser all|<id>] [--scope user|system]
 *                   [--user-data-dir DIR] [--host-path PATH] [--force]
 *                   [--dry-run] [--json]
 * tact-host uninstall [--browser all|<id>] [--dry-run] [--json]
 *
 * install writes a manifest for each selected browser whose folder exists
 * (all of them with --force), atomically (temp file, fsync, rename), mode
 * 0644, creating missing folders 0755. It records every file in the install
 * state file (paths->install_state_file, 0600) so that uninstall removes
 * exactly those files, and only while each still is Tact's manifest.
 * System paths honour TACT_SYSROOT (see tact/browsers.h).
 *
 * Both print human text on stdout (or one JSON document with --json) and
 * errors on stderr, and return an enum tact_exit value: 0 success, 1 a
 * file could not be written or removed or nothing was found, 2 usage.
 */
#ifndef TACT_INSTALL_H
#define TACT_INSTALL_H

#include "tact/paths.h"

/* argv[0] == "install". */
int tact_install_main(int argc, char **argv, const struct tact_paths *paths);

/* argv[0] == "uninstall". */
int tact_uninstall_main(int argc, char **argv, const struct tact_paths *paths);

/* Is path safe to put in a manifest: absolute, printable ASCII, none of
 * & | ; < > ( ) $ ` " ' \ %? (Windows launches hosts through cmd.exe, and a
 * homoglyph path can point somewhere unexpected.) */
int tact_install_path_is_safe(const char *path);

/* Why path looks like it will not last (a build folder, /tmp, the Nix
 * store, a Snap revision, an AppImage mount, a Homebrew Cellar), or NULL.
 * Static string. */
const char *tact_install_path_ephemeral(const char *path);

#endif
