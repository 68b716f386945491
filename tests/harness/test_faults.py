"""Injected faults the real tact-host must survive (tests/fault/faultinject.c,
loaded with LD_PRELOAD): for each kind of request, every allocation — the
host's own and those of SQLite, json-c and libsodium — and every write or
sync is made to fail in turn, one per run. Each run must end cleanly (no
signal, a known exit code), answer only with well-formed envelopes, give
the same answers as a run without faults wherever it says ok, and lose
nothing it acknowledged: a fault-free host opening the folder afterwards
finds every acknowledged write and an intact database.

TACT_FAULT_STRIDE=k walks every k-th call (default: every call for writes,
and enough allocations for at most ALLOC_RUNS_MAX runs per session);
TACT_FAULT_STRIDE=1 walks all of them.
"""
import concurrent.futures
import copy
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import hostlib
from hostlib import parse_frames, request

FAULT_LIB = os.environ.get("TACT_FAULT_LIB", "")
NOW = "1795000000"
PASS = "correct horse battery staple"
ALLOC_RUNS_MAX = 700
WORKERS = 2
# Exit codes a faulty run may end with: done, a failure it reported, or a
# write to the browser that failed.
CLEAN_EXITS = (hostlib.EXIT_OK, hostlib.EXIT_FAILURE, 6)
# Codes a request may fail with when memory or the disk fails under it.
FAULT_CODES = {"internal", "disk_full", "read_only", "damaged"}
# Fields that differ from run to run whatever happens.
VOLATILE = {"updated_at", "backup", "chunks"}

INVITATIONS = [
    {"key": "/in/jana/", "name": "Jana Nowak", "headline": "Platform engineer at Orion Systems",
     "mutual_connections": 12, "message": "Hi Lena, great working with you at Orion Systems!"},
    {"key": "/in/victor/", "name": "Victor Lane", "headline": "Trading mentor",
     "message": "Guaranteed returns of 30% weekly. Message me on WhatsApp."},
]

SESSIONS = {
    "notes": [
        ("notes.put", {"key": "/in/a/", "text": "first", "tags": ["met"]}),
        ("notes.put", {"key": "/in/b/", "text": "second"}),
        ("notes.put", {"key": "/in/a/", "text": "first, edited"}),
        ("notes.get", {"key": "/in/a/"}),
        ("notes.list", {"query": "first"}),
        ("notes.delete", {"key": "/in/b/"}),
    ],
    "vault": [
        ("notes.put", {"key": "/in/a/", "text": "kept through the vault changes"}),
        ("vault.setup", {"mode": "passphrase", "passphrase": PASS}),
        ("vault.lock", {}),
        ("vault.unlock", {"passphrase": PASS}),
        ("vault.change_passphrase", {"old": PASS, "new": PASS + " two"}),
        ("vault.status", {}),
    ],
    "backup": [
        ("notes.put", {"key": "/in/a/", "text": "to export"}),
        ("notes.export", {"passphrase": PASS}),
        ("notes.import", {"passphrase": PASS, "backup": None}),  # filled in from a clean export
    ],
    "triage": [
        ("profile.set", {"profile": {"name": "Lena Hoffmann", "companies": ["Orion Systems"]}}),
        ("classify", {"invitations": INVITATIONS}),
        ("decide", {"key": "/in/jana/", "decision": "accepted"}),
        ("replies", {"key": "/in/jana/"}),
        ("history.list", {}),
        ("review.summary", {}),
    ],
}


def strip_volatile(value):
    if isinstance(value, dict):
        return {k: strip_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip_volatile(v) for v in value]
    return value


def whole_frames(raw):
    """The complete frames at the start of raw."""
    whole, pos = b"", 0
    while pos + 4 <= len(raw):
        length = int.from_bytes(raw[pos:pos + 4], "little")
        if pos + 4 + length > len(raw):
            break
        whole += raw[pos:pos + 4 + length]
        pos += 4 + length
    return parse_frames(whole)


class Run:
    """One host run on a fresh folder, optionally with one fault."""

    def __init__(self, messages, fault=None, at=None):
        self.folder = tempfile.TemporaryDirectory(prefix="tact-fault-")
        self.home = self.folder.name
        self.report = os.path.join(self.home, "fault-report")
        env = dict(os.environ, TACT_HOME=self.home, HOME=self.home, TACT_NOW=NOW,
                   TACT_TEST_PWHASH_FAST="1", LD_PRELOAD=FAULT_LIB,
                   TACT_FAULT_REPORT=self.report)
        if fault is not None:
            env["TACT_FAULT_" + fault] = str(at)
        data = b"".join(request(i, t, p) for i, (t, p) in enumerate(messages, 1))
        proc = subprocess.run([hostlib.HOST_BIN, "serve"], input=data, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=120)
        self.code = proc.returncode
        self.stderr = proc.stderr.decode("utf-8", "replace")
        self.raw = proc.stdout
        self.injected = os.path.exists(self.report)

    def replies(self):
        return parse_frames(self.raw)

    def read_back(self, messages):
        """A fault-free host on the same folder (no injector at all)."""
        env = dict(os.environ, TACT_HOME=self.home, HOME=self.home, TACT_NOW=NOW,
                   TACT_TEST_PWHASH_FAST="1")
        env.pop("LD_PRELOAD", None)
        return hostlib.call(env, [request(i, t, p) for i, (t, p) in enumerate(messages, 1)])

    def close(self):
        self.folder.cleanup()


def calls_made(messages, fault):
    """How many calls of that kind a clean run of the session makes."""
    lo, hi = 0, 64
    while True:
        run = Run(messages, fault, hi)
        injected = run.injected
        run.close()
        if not injected:
            break
        lo, hi = hi, hi * 2
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        run = Run(messages, fault, mid)
        if run.injected:
            lo = mid
        else:
            hi = mid
        run.close()
    return lo


class InjectedFaultTest(unittest.TestCase):
    def setUp(self):
        # CMake registers this test only where it builds the injector.
        self.assertTrue(os.path.exists(FAULT_LIB), "TACT_FAULT_LIB=%r is not built" % FAULT_LIB)

    def session(self, name):
        messages = copy.deepcopy(SESSIONS[name])
        if name == "backup":
            clean = Run(messages[:2])
            try:
                export = clean.replies()[1]
                self.assertTrue(export["ok"], export)
                messages[2][1]["backup"] = export["result"]["backup"]
            finally:
                clean.close()
        return messages

    def walk(self, name, fault):
        messages = self.session(name)
        clean = Run(messages)
        try:
            self.assertEqual(clean.code, 0, clean.stderr)
            expected = clean.replies()
            self.assertEqual(len(expected), len(messages))
            self.assertTrue(all(r["ok"] for r in expected), expected)
        finally:
            clean.close()
        total = calls_made(messages, fault)
        self.assertGreater(total, 0, "the injector saw no call: is it loaded?")
        stride = int(os.environ.get("TACT_FAULT_STRIDE", "0"))
        if stride <= 0:
            stride = 1 if fault == "WRITE" else max(1, -(-total // ALLOC_RUNS_MAX))
        points = list(range(1, total + 1, stride))
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            problems = [p for p in pool.map(lambda at: self.one(name, messages, expected,
                                                                fault, at), points) if p]
        sys.stderr.write("\nfaults: %s, %s: %d calls, %d runs (every %d)\n"
                         % (name, fault.lower(), total, len(points), stride))
        self.maxDiff = None
        self.assertEqual(problems[:5], [], "%d of %d runs went wrong" % (len(problems), len(points)))
        return len(points), total

    def one(self, name, messages, expected, fault, at):
        """Runs with one fault; returns a description of what went wrong, or None."""
        run = Run(messages, fault, at)
        try:
            where = "%s %s at call %d" % (name, fault, at)
            # A run may make a few calls fewer than the counting run did
            # (timing inside SQLite): then it ran clean, and is checked as one.
            if run.code not in CLEAN_EXITS:
                return where + ": exit %d %s" % (run.code, run.stderr[-300:])
            try:
                replies = run.replies()
            except AssertionError as e:
                if run.code != 6:
                    return where + ": unreadable output (%s)" % e
                # Writing to the browser itself failed: the last frame may
                # be cut where the write failed; the ones before must be whole.
                replies = whole_frames(run.raw)
            if len(replies) > len(messages):
                return where + ": more answers than requests"
            all_ok = True  # every earlier request succeeded, as in the clean run
            for i, reply in enumerate(replies):
                if reply.get("id") != i + 1:
                    # Out of memory while reading a request, its id cannot be
                    # known: only then may the answer's id be null.
                    if not (reply.get("id") is None and reply.get("ok") is False and
                            reply["error"]["code"] == "internal"):
                        return where + ": answer %d has id %r" % (i, reply.get("id"))
                if set(reply) - {"v", "id", "ok", "result", "error", "part", "more"} or \
                        "ok" not in reply or ("result" if reply["ok"] else "error") not in reply:
                    return where + ": answer %d is not an envelope: %.200r" % (i, reply)
                if reply["ok"]:
                    # After a failed write, later answers may rightly differ
                    # (no profile, no note); before it they must not.
                    if all_ok and strip_volatile(reply) != strip_volatile(expected[i]):
                        return where + ": answer %d differs from a clean run: %.300r" % (
                            i, strip_volatile(reply))
                elif not reply["error"]["message"]:
                    return where + ": answer %d has no message" % i
                elif all_ok and reply["error"]["code"] not in FAULT_CODES:
                    # The first failure is the fault's; later ones may follow
                    # from it (a delete of a note whose put failed).
                    return where + ": answer %d is %r" % (i, reply["error"])
                else:
                    all_ok = False
            return self.nothing_lost(run, name, messages, replies, where)
        finally:
            run.close()

    def nothing_lost(self, run, name, messages, replies, where):
        acked = [messages[i] for i, r in enumerate(replies) if r["ok"]]
        db = os.path.join(run.home, "tact.db")
        if os.path.exists(db):
            conn = sqlite3.connect(db)
            try:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    return where + ": the database is damaged"
            finally:
                conn.close()
        if name == "notes":
            # What each note may hold now: an acknowledged write fixes it; a
            # refused one changed nothing; one never answered (the host died
            # writing its answer) may or may not have landed.
            may_hold = {}
            for i, (t, p) in enumerate(messages):
                if t not in ("notes.put", "notes.delete"):
                    continue
                value = p["text"] if t == "notes.put" else None
                answered = i < len(replies)
                if answered and replies[i]["ok"]:
                    may_hold[p["key"]] = {value}
                elif not answered or replies[i]["error"]["code"] == "internal":
                    # Never answered, or memory ran out while answering (the
                    # answer says it may not have been done): either way.
                    may_hold.setdefault(p["key"], {None}).add(value)
            for key, values in may_hold.items():
                (got,) = run.read_back([("notes.get", {"key": key})])
                now = got["result"]["text"] if got["ok"] else None
                if not got["ok"] and got["error"]["code"] != "not_found":
                    return where + ": note %s does not open afterwards: %r" % (key, got)
                if now not in values:
                    return where + ": note %s holds %r, expected one of %r" % (key, now, values)
        if name == "triage":
            kinds = {t for t, _ in acked}
            (profile, history) = run.read_back([("profile.get", {}), ("history.list", {})])
            if "profile.set" in kinds and profile["result"]["profile"]["name"] != "Lena Hoffmann":
                return where + ": the acknowledged profile was lost"
            keys = {i["invitation"]["key"]: i for i in history["result"]["items"]}
            if "classify" in kinds and set(keys) != {"/in/jana/", "/in/victor/"}:
                return where + ": acknowledged sightings lost: %s" % sorted(keys)
            if "decide" in kinds and keys["/in/jana/"].get("decision") != "accepted":
                return where + ": the acknowledged decision was lost"
        if name == "backup" and ("notes.import", messages[2][1]) in acked:
            (got,) = run.read_back([("notes.get", {"key": "/in/a/"})])
            if not got["ok"] or got["result"]["text"] != "to export":
                return where + ": the imported note is not there"
        if name == "vault" and ("vault.setup", messages[1][1]) in acked:
            (status,) = run.read_back([("vault.status", {})])
            if status["result"]["mode"] != "passphrase":
                return where + ": the acknowledged passphrase mode was lost"
        return None

    def test_every_allocation_fails_in_turn(self):
        for name in SESSIONS:
            with self.subTest(session=name):
                self.walk(name, "ALLOC")

    def test_every_write_and_sync_fails_in_turn(self):
        for name in SESSIONS:
            with self.subTest(session=name):
                self.walk(name, "WRITE")

    def test_a_full_disk_at_every_write(self):
        os.environ["TACT_FAULT_ERRNO"] = "ENOSPC"
        try:
            for name in ("notes", "triage"):
                with self.subTest(session=name):
                    self.walk(name, "WRITE")
        finally:
            del os.environ["TACT_FAULT_ERRNO"]


def syncs_made(messages):
    """How many fsync and fdatasync calls a fresh host makes for messages."""
    with tempfile.TemporaryDirectory(prefix="tact-sync-") as home:
        log = os.path.join(home, "syncs")
        env = dict(os.environ, TACT_HOME=home, HOME=home, TACT_NOW=NOW,
                   TACT_TEST_PWHASH_FAST="1", LD_PRELOAD=FAULT_LIB, TACT_FAULT_SYNC_LOG=log)
        data = b"".join(request(i, t, p) for i, (t, p) in enumerate(messages, 1))
        proc = subprocess.run([hostlib.HOST_BIN, "serve"], input=data, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert all(r["ok"] for r in parse_frames(proc.stdout)), proc.stdout
        if not os.path.exists(log):
            return 0
        with open(log) as f:
            return len(f.readlines())


class DurabilityLevelTest(unittest.TestCase):
    """Which requests wait for the disk (docs/SECURITY.md): classify's
    sightings do not; decisions, notes and the vault do."""

    def setUp(self):
        self.assertTrue(os.path.exists(FAULT_LIB), "TACT_FAULT_LIB=%r is not built" % FAULT_LIB)
        # The first classify creates the database, the install key and the
        # schema, all synced: the requests measured come after it.
        self.base = [("hello", {}), ("classify", {"invitations": INVITATIONS})]
        self.before = syncs_made(self.base)
        self.assertGreater(self.before, 0, "the injector saw no sync at all")

    def extra_syncs(self, *messages):
        return syncs_made(self.base + list(messages)) - self.before

    def test_classify_does_not_wait_for_the_disk(self):
        again = ("classify", {"invitations": INVITATIONS})
        self.assertEqual(self.extra_syncs(again, again, again), 0)

    def test_acknowledged_writes_wait_for_the_disk(self):
        for message in [("decide", {"key": "/in/jana/", "decision": "accepted"}),
                        ("decide", {"key": "/in/victor/", "decision": "report_scam"}),
                        ("notes.put", {"key": "/in/a/", "text": "kept"}),
                        ("profile.set", {"profile": {"name": "Lena Hoffmann"}})]:
            with self.subTest(request=message[0]):
                self.assertGreater(self.extra_syncs(message), 0)

    def test_a_decision_after_sightings_is_still_synced(self):
        again = ("classify", {"invitations": INVITATIONS})
        decide = ("decide", {"key": "/in/jana/", "decision": "accepted"})
        self.assertGreater(self.extra_syncs(again, decide), 0)


if __name__ == "__main__":
    unittest.main()
