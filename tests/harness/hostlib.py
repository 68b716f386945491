"""Drives the real tact-host over pipes, as a browser does.

Shared by the harness tests and scripts/demo. Standard library only.
"""
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from tact_client import frame, join_parts, parse_frames, request  # noqa: E402,F401

HOST_BIN = os.environ.get("TACT_HOST_BIN", "")
# A command to run the host under, e.g. "valgrind -q --error-exitcode=99":
# scripts/test runs the notes and backup tests so, because an over-read in
# libsodium or json-c (not built with ASan) shows only there.
HOST_WRAPPER = shlex.split(os.environ.get("TACT_HOST_WRAPPER", ""))
SOURCE_DIR = os.environ.get(
    "TACT_SOURCE_DIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

CHROME_ID = "daofefhefapbjhcpbggcdnhlkjhkobjg"
FIREFOX_ID = "tact@extension.tact"
CHROME_ARGV = ["chrome-extension://%s/" % CHROME_ID]
FIREFOX_ARGV = ["/home/user/.mozilla/native-messaging-hosts/org.tact.host.json", FIREFOX_ID]

FRAME_MAX_IN = 8 * 1024 * 1024

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_TRUNCATED, EXIT_TOO_LARGE, EXIT_REFUSED = 0, 1, 2, 3, 4, 5


class Home:
    """A temporary TACT_HOME (and HOME) for one test."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="tact-harness-")
        self.path = self._dir.name

    def env(self, **extra):
        env = dict(os.environ)
        env["TACT_HOME"] = self.path
        env["HOME"] = self.path
        env.update(extra)
        return env

    def cleanup(self):
        self._dir.cleanup()


def run_host(args, stdin_bytes, env, timeout=300 if HOST_WRAPPER else 60):
    """Runs tact-host to completion; returns (exit code, stdout bytes, stderr text)."""
    proc = subprocess.run(HOST_WRAPPER + [HOST_BIN] + list(args), input=stdin_bytes, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def call(env, messages, args=("serve",)):
    """Sends framed requests, returns whole responses. Asserts a clean exit."""
    data = b"".join(messages)
    code, out, err = run_host(args, data, env)
    assert code == 0, "tact-host exited %d: %s" % (code, err)
    return join_parts(parse_frames(out))
