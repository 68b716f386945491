/*
 * doctor: explains, browser by browser, whether the browser can start
 * tact-host, and if not, what exactly to run to fix it.
 *
 * tact-host doctor [--browser all|<id>] [--user-data-dir DIR] [--json]
 *
 * For each browser: is it installed (its folder exists), which sandboxed
 * builds (Snap, Flatpak) are present and what works with them, every
 * candidate manifest in the browser's own lookup order with its checks
 * (JSON, name, description, type, path, permissions, Tact's extension ids),
 * which file the browser will use and why (Chromium takes the first file
 * that exists even when it is broken; Firefox skips files it cannot use),
 * the managed policies that block native hosts, and a self-test that starts
 * the winning manifest's binary with the browser's arguments and checks
 * its answer to `hello` within TACT_SELFTEST_TIMEOUT_MS.
 *
 * Prints human text (or one JSON document with --json) on stdout. Returns
 * TACT_EXIT_OK when no installed browser has a blocking problem,
 * TACT_EXIT_FAILURE otherwise, TACT_EXIT_USAGE for bad options.
 * System paths honour TACT_SYSROOT (see tact/browsers.h); the self-test
 * child inherits the environment.
 */
#ifndef TACT_DOCTOR_H
#define TACT_DOCTOR_H

#include "tact/paths.h"

/* argv[0] == "doctor". */
int tact_doctor_main(int argc, char **argv, const struct tact_paths *paths);

#endif
