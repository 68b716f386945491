"""Drives the real tact-host over pipes, as a browser does.

Shared by the harness tests and scripts/demo. Standard library only.
"""
import json
import os
import struct
import subprocess
import tempfile

HOST_BIN = os.environ.get("TACT_HOST_BIN", "")
SOURCE_DIR = os.environ.get(
    "TACT_SOURCE_DIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

CHROME_ID = "daofefhefapbjhcpbggcdnhlkjhkobjg"
FIREFOX_ID = "tact@extension.tact"
CHROME_ARGV = ["chrome-extension://%s/" % CHROME_ID]
FIREFOX_ARGV = ["/home/user/.mozilla/native-messaging-hosts/org.tact.host.json", FIREFOX_ID]

FRAME_MAX_IN = 8 * 1024 * 1024
FRAME_MAX_OUT = 1024 * 1024

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_TRUNCATED, EXIT_TOO_LARGE, EXIT_REFUSED = 0, 1, 2, 3, 4, 5


def frame(body):
    """One native-messaging frame: 32-bit native-order length, then the bytes."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return struct.pack("=I", len(body)) + body


def request(rid, rtype, params=None):
    msg = {"v": 1, "id": rid, "type": rtype}
    if params is not None:
        msg["params"] = params
    return frame(msg)


def parse_frames(data):
    """Splits stdout into frames; fails loudly on anything that is not one."""
    out, pos = [], 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise AssertionError("stdout ends inside a frame header at byte %d" % pos)
        (length,) = struct.unpack("=I", data[pos:pos + 4])
        if length > FRAME_MAX_OUT:
            raise AssertionError("frame of %d bytes exceeds the browsers' limit" % length)
        if pos + 4 + length > len(data):
            raise AssertionError("stdout ends inside a frame body at byte %d" % pos)
        out.append(json.loads(data[pos + 4:pos + 4 + length].decode("utf-8")))
        pos += 4 + length
    return out


def join_parts(frames):
    """Groups frames into whole responses following "part"/"more"."""
    responses, pending = [], None
    for f in frames:
        if pending is None:
            pending = f
        else:
            assert f["id"] == pending["id"], "parts of different ids interleaved"
            assert f["part"] == pending["part"] + 1 if "part" in pending else True
            for key, value in f["result"].items():
                if isinstance(value, list) and isinstance(pending["result"].get(key), list) \
                        and value is not pending["result"][key]:
                    pending["result"][key] = pending["result"][key] + value
            pending["part"] = f["part"]
            pending["more"] = f["more"]
        if not pending.get("more"):
            pending.pop("more", None)
            pending.pop("part", None)
            responses.append(pending)
            pending = None
    assert pending is None, "the last response announced more parts"
    return responses


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


def run_host(args, stdin_bytes, env, timeout=60):
    """Runs tact-host to completion; returns (exit code, stdout bytes, stderr text)."""
    proc = subprocess.run([HOST_BIN] + list(args), input=stdin_bytes, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def call(env, messages, args=("serve",)):
    """Sends framed requests, returns whole responses. Asserts a clean exit."""
    data = b"".join(messages)
    code, out, err = run_host(args, data, env)
    assert code == 0, "tact-host exited %d: %s" % (code, err)
    return join_parts(parse_frames(out))
