#include "tact/cli.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "tact/build_config.h"
#include "tact/caller.h"
#include "tact/config.h"
#include "tact/doctor.h"
#include "tact/install.h"
#include "tact/log.h"
#include "tact/msg.h"
#include "tact/paths.h"
#include "tact/server.h"
#include "tact/triage_cli.h"

static const char usage_text[] =
	"usage: tact-host <command> [options]\n"
	"\n"
	"Tact's native messaging host: triage of LinkedIn invitations, private\n"
	"notes and history, all on this computer.\n"
	"\n"
	"commands:\n"
	"  serve        speak the native messaging protocol on stdin/stdout\n"
	"  install      register the host with this user's browsers\n"
	"               [--browser all|chrome|chromium|edge|brave|vivaldi|opera|firefox|librewolf]\n"
	"               [--scope user|system] [--user-data-dir DIR] [--host-path PATH]\n"
	"               [--force] [--dry-run] [--json]\n"
	"  uninstall    remove exactly what install wrote [--browser B] [--dry-run] [--json]\n"
	"  doctor       explain whether each browser can start the host\n"
	"               [--browser B] [--user-data-dir DIR] [--json]\n"
	"  classify     triage invitations from a file: [--profile P.json] [--json] FILE|-\n"
	"  eval         score triage on labelled data: [--json] DIR\n"
	"  version      print the version\n"
	"  help         print this text\n"
	"\n"
	"Browsers start the host themselves with their own arguments.\n"
	"Environment: TACT_HOME (one folder for data and configuration),\n"
	"TACT_LOG=error|warn|info|debug (log level on stderr).\n";

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "tact-host: %s '%s'\n\n%s", what, arg, usage_text);
	return TACT_EXIT_USAGE;
}

/* Frames go to a private copy of fd 1; fd 1 itself then points at stderr,
 * so a stray printf from any library can never corrupt the stream. */
static int protect_stdout(void)
{
	int frames = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

	if (frames < 0)
		return -1;
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		close(frames);
		return -1;
	}
	return frames;
}

static int serve(const struct tact_paths *paths, const struct tact_config *config)
{
	int fds[2] = {STDIN_FILENO, -1};
	struct tact_io io;
	enum tact_exit code;

	fds[1] = protect_stdout();
	if (fds[1] < 0) {
		tact_log_error("cannot set up the output stream");
		return TACT_EXIT_IO;
	}
	io = tact_frame_fd_io(fds);
	code = tact_server_run(&io, paths, config);
	close(fds[1]);
	return (int)code;
}

static int serve_browser(int argc, char **argv, const struct tact_paths *paths)
{
	struct tact_config *config = NULL;
	struct tact_caller caller;
	int code;

	tact_caller_identify(argc - 1, argv + 1, &caller);
	if (tact_config_load(paths->config_file, &config) != TACT_OK) {
		tact_log_error("out of memory loading the configuration");
		return TACT_EXIT_FAILURE;
	}
	/* Refuse before reading a single byte of input. */
	if (caller.kind == TACT_CALLER_NONE || !tact_caller_is_allowed(&caller, config)) {
		tact_log_error("refusing caller %s: not Tact's extension and not allowed in %s",
			       caller.kind == TACT_CALLER_NONE ? argv[1] : caller.id,
			       paths->config_file);
		tact_config_free(config);
		return TACT_EXIT_REFUSED;
	}
	for (int i = caller.kind == TACT_CALLER_FIREFOX ? 3 : 2; i < argc; i++)
		tact_log_debug("ignoring browser argument %s", argv[i]);
	tact_log_debug("serving %s", caller.id);
	code = serve(paths, config);
	tact_config_free(config);
	return code;
}

static int serve_command(int argc, char **argv, const struct tact_paths *paths)
{
	struct tact_config *config = NULL;
	int code;

	if (argc > 2)
		return usage_error("serve takes no arguments, got", argv[2]);
	if (tact_config_load(paths->config_file, &config) != TACT_OK)
		return TACT_EXIT_FAILURE;
	code = serve(paths, config);
	tact_config_free(config);
	return code;
}

/* Browsers pass an extension origin (Chromium) or an absolute manifest
 * path (Firefox); none of our commands looks like either. */
static int looks_like_browser(const char *arg)
{
	return strncmp(arg, "chrome-extension://", 19) == 0 || arg[0] == '/';
}

int tact_cli_main(int argc, char **argv)
{
	struct tact_paths paths;
	const char *cmd;

	signal(SIGPIPE, SIG_IGN);
	umask(077);
	tact_log_init();
	if (argc < 2) {
		fputs(usage_text, stderr);
		return TACT_EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		return TACT_EXIT_OK;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("tact-host %s (protocol %d)\n", TACT_VERSION, TACT_PROTOCOL_VERSION);
		return TACT_EXIT_OK;
	}
	if (sodium_init() < 0) {
		tact_log_error("libsodium could not start");
		return TACT_EXIT_FAILURE;
	}
	if (tact_paths_resolve(&paths) != TACT_OK)
		return TACT_EXIT_FAILURE;
	if (strcmp(cmd, "serve") == 0)
		return serve_command(argc, argv, &paths);
	if (strcmp(cmd, "install") == 0)
		return tact_install_main(argc - 1, argv + 1, &paths);
	if (strcmp(cmd, "uninstall") == 0)
		return tact_uninstall_main(argc - 1, argv + 1, &paths);
	if (strcmp(cmd, "doctor") == 0)
		return tact_doctor_main(argc - 1, argv + 1, &paths);
	if (strcmp(cmd, "classify") == 0 || strcmp(cmd, "eval") == 0) {
		struct tact_config *config = NULL;
		int code;
		if (tact_config_load(paths.config_file, &config) != TACT_OK)
			return TACT_EXIT_FAILURE;
		code = strcmp(cmd, "classify") == 0
			       ? tact_triage_cli_classify(argc - 1, argv + 1, &paths, config)
			       : tact_triage_cli_eval(argc - 1, argv + 1, config);
		tact_config_free(config);
		return code;
	}
	if (looks_like_browser(cmd))
		return serve_browser(argc, argv, &paths);
	return usage_error("unknown command", cmd);
}
