"""Run by test_robustness's FullDiskTest and ReadOnlyTest inside a private
mount namespace (`unshare --mount`): mounts a small tmpfs on the folder
given, so the disk can really fill up, or be made read-only, without
touching the machine's own, and prints what the host answered at each
stage as one JSON object.

Usage: fs_faults.py full|readonly FOLDER TACT_HOST_BIN
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostlib  # noqa: E402
from hostlib import parse_frames, request  # noqa: E402

TMPFS_SIZE = "2m"
FILL_CHUNK = 64 * 1024


def serve(host, env, messages):
    frames = b"".join(request(i, t, p) for i, (t, p) in enumerate(messages, 1))
    proc = subprocess.run([host, "serve"], input=frames, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=300)
    return {"code": proc.returncode, "replies": parse_frames(proc.stdout),
            "stderr": proc.stderr.decode("utf-8", "replace")}


def fill(folder):
    """Writes until the disk says no more, in smaller and smaller pieces so
    the last block is used too; returns the filler's path."""
    path = os.path.join(folder, "filler")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (FILL_CHUNK, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return path


def main(mode, folder, host):
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0700", "tmpfs",
                    folder], check=True)
    try:
        print(json.dumps((full_disk if mode == "full" else read_only)(folder, host)))
    finally:
        subprocess.run(["umount", folder], check=True)


SETUP = [
    ("profile.set", {"profile": {"name": "Lena Hoffmann"}}),
    ("notes.put", {"key": "/in/ana/", "text": "Met at the payments meetup."}),
    ("classify", {"invitations": [{"key": "/in/sam/", "name": "Sam Lee"}]}),
]
READS = [("profile.get", {}), ("notes.get", {"key": "/in/ana/"}), ("history.list", {})]
# One request of each kind that writes, and the reads.
ON_READ_ONLY = [
    ("hello", {}),
    ("profile.set", {"profile": {"name": "changed"}}),
    ("notes.put", {"key": "/in/ana/", "text": "changed"}),
    ("notes.delete", {"key": "/in/ana/"}),
    ("classify", {"invitations": [{"key": "/in/kim/", "name": "Kim Park"}]}),
    ("decide", {"key": "/in/sam/", "decision": "accepted"}),
    ("vault.setup", {"mode": "passphrase", "passphrase": "correct horse battery staple"}),
] + READS


def read_only(folder, host):
    """The data folder on a file system mounted read-only."""
    home = os.path.join(folder, "tact")
    env = dict(os.environ, TACT_HOME=home, HOME=folder)
    out = {"before": serve(host, env, SETUP)}
    subprocess.run(["mount", "-o", "remount,ro", folder], check=True)
    try:
        out["read_only"] = serve(host, env, ON_READ_ONLY)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", folder], check=True)
    out["after"] = serve(host, env, READS)
    return out


def full_disk(folder, host):
    home = os.path.join(folder, "tact")
    env = dict(os.environ, TACT_HOME=home, HOME=folder)
    out = {}
    out["before"] = serve(host, env, SETUP)
    out["files_before"] = sorted(os.listdir(home))
    filler = fill(folder)
    out["full"] = serve(host, env, [
        ("hello", {}),
        ("profile.get", {}),
        ("notes.get", {"key": "/in/ana/"}),
        ("notes.put", {"key": "/in/ana/", "text": "changed on a full disk"}),
        ("classify", {"invitations": [{"key": "/in/kim/", "name": "Kim Park"}]})])
    os.unlink(filler)
    out["after"] = serve(host, env, READS)
    return out


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
