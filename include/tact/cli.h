/*
 * cli: tact-host's command line. Decides between the browser's serving mode
 * (argv as Chromium or Firefox pass it), `serve`, and the commands install,
 * uninstall, doctor, version and help. Returns an enum tact_exit value for
 * main() to exit with; nothing below main() exits.
 */
#ifndef TACT_CLI_H
#define TACT_CLI_H

int tact_cli_main(int argc, char **argv);

#endif
