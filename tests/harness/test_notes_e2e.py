"""Encrypted notes through the real tact-host: both vault modes end to end,
locking, backups, what the files on disk reveal, and durability under SIGKILL.

Passphrase tests set TACT_TEST_PWHASH_FAST=1 (libsodium's minimum Argon2id
cost) so the suite stays fast, except the one test that checks the full cost.
"""
import json
import os
import random
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import threading
import time
import unittest

import hostlib
from hostlib import request

PASS = "correct horse battery staple"
FAST = {"TACT_TEST_PWHASH_FAST": "1"}
FULL_OPSLIMIT = 3
FULL_MEMLIMIT = 64 * 1024 * 1024

DURABILITY_ROUNDS = 50
DURABILITY_WRITES = 1000
# Writes queued behind the last acknowledged one when the kill is sent.
DURABILITY_TAIL = 200
DURABILITY_CONTACTS = 100


class Session:
    """One data folder; each call() is one run of the host (a new process,
    as when the extension's worker reconnects)."""

    def __init__(self, **env):
        self.home = hostlib.Home()
        self.extra = dict(env)
        self.next_id = 0

    def env(self, **more):
        extra = dict(self.extra)
        extra.update(more)
        return self.home.env(**extra)

    def call(self, *messages, env=None):
        framed = []
        for rtype, params in messages:
            self.next_id += 1
            framed.append(request(self.next_id, rtype, params))
        return hostlib.call(env or self.env(), framed)

    def ok(self, *messages, env=None):
        replies = self.call(*messages, env=env)
        for reply in replies:
            assert reply["ok"], reply
        return [r["result"] for r in replies]

    def path(self, name):
        return os.path.join(self.home.path, name)

    def close(self):
        self.home.cleanup()


def error_code(reply):
    assert not reply["ok"], reply
    return reply["error"]["code"]


class NotesKeyfileTest(unittest.TestCase):
    def setUp(self):
        self.s = Session(**FAST)

    def tearDown(self):
        self.s.close()

    def test_notes_work_with_no_setup(self):
        status, put1, put2, got, page, status2 = self.s.ok(
            ("vault.status", None),
            ("notes.put", {"key": "/in/jana/", "text": "Met at KubeCon", "tags": ["conf"]}),
            ("notes.put", {"key": "/in/jana/", "text": "Met at KubeCon; Kafka", "tags": ["conf"]}),
            ("notes.get", {"key": "/in/jana/"}),
            ("notes.list", {"query": "kafka"}),
            ("vault.status", None))
        self.assertEqual(status, {"state": "none", "mode": None, "autolock_minutes": 30})
        self.assertEqual(put1["revision"], 1)
        self.assertEqual(put2["revision"], 2)
        self.assertEqual(got["text"], "Met at KubeCon; Kafka")
        self.assertEqual(got["tags"], ["conf"])
        self.assertEqual([i["key"] for i in page["items"]], ["/in/jana/"])
        self.assertEqual(status2["state"], "unlocked")
        self.assertEqual(status2["mode"], "keyfile")
        # A new host process reads the note with no unlock.
        (again,) = self.s.ok(("notes.get", {"key": "/in/jana/"}))
        self.assertEqual(again["revision"], 2)
        deleted, missing = self.s.call(("notes.delete", {"key": "/in/jana/"}),
                                       ("notes.get", {"key": "/in/jana/"}))
        self.assertTrue(deleted["ok"])
        self.assertEqual(error_code(missing), "not_found")

    def test_file_permissions(self):
        self.s.ok(("notes.put", {"key": "/in/a/", "text": "x"}))
        self.assertEqual(stat.S_IMODE(os.stat(self.s.home.path).st_mode) & 0o077, 0)
        for name in ("tact.db", "notes.key"):
            self.assertEqual(stat.S_IMODE(os.stat(self.s.path(name)).st_mode), 0o600, name)
        self.assertEqual(os.path.getsize(self.s.path("notes.key")), 32)

    def test_bad_requests(self):
        replies = self.s.call(
            ("notes.put", {"key": "", "text": "x"}),
            ("notes.put", {"key": "/in/a/", "text": "x" * 10001}),
            ("notes.put", {"key": "/in/a/", "text": "x", "tags": ["t"] * 21}),
            ("notes.list", {"limit": 0}),
            ("notes.list", {"cursor": "garbage"}),
            ("vault.setup", {"mode": "passphrase", "passphrase": "short"}),
            ("vault.setup", {"mode": "vault"}),
            ("vault.unlock", {"passphrase": PASS}),
            ("vault.change_passphrase", {"old": PASS, "new": "another passphrase"}))
        codes = [error_code(r) for r in replies]
        self.assertEqual(codes, ["bad_request"] * 7 + ["not_found", "bad_request"])

    def test_config_sets_autolock(self):
        with open(self.s.path("config.json"), "w") as f:
            json.dump({"autolock_minutes": 5}, f)
        (status,) = self.s.ok(("vault.status", None))
        self.assertEqual(status["autolock_minutes"], 5)


    def test_the_users_autolock_choice_is_kept_and_wins_over_config(self):
        with open(self.s.path("config.json"), "w") as f:
            json.dump({"autolock_minutes": 45}, f)
        chosen, bad, too_long, wrong_type = self.s.call(
            ("vault.set_autolock", {"minutes": 5}),
            ("vault.set_autolock", {"minutes": 0}),
            ("vault.set_autolock", {"minutes": 1441}),
            ("vault.set_autolock", {"minutes": "5"}))
        self.assertEqual(chosen["result"]["autolock_minutes"], 5)
        self.assertEqual([error_code(r) for r in (bad, too_long, wrong_type)], ["bad_request"] * 3)
        # A new host process, as another browser profile would start, reads the choice.
        (status,) = self.s.ok(("vault.status", None))
        self.assertEqual(status["autolock_minutes"], 5)


class NotesPassphraseTest(unittest.TestCase):
    def setUp(self):
        self.s = Session(**FAST)

    def tearDown(self):
        self.s.close()

    def test_lock_unlock_wrong_passphrase_and_change(self):
        setup, put = self.s.ok(("vault.setup", {"mode": "passphrase", "passphrase": PASS}),
                               ("notes.put", {"key": "/in/jana/", "text": "private"}))
        self.assertEqual(setup["state"], "unlocked")
        self.assertFalse(os.path.exists(self.s.path("notes.key")))
        # A new host process starts locked.
        replies = self.s.call(
            ("vault.status", None),
            ("notes.get", {"key": "/in/jana/"}),
            ("notes.put", {"key": "/in/x/", "text": "t"}),
            ("notes.list", {}),
            ("notes.delete", {"key": "/in/jana/"}),
            ("notes.export", {"passphrase": "backup passphrase"}),
            ("notes.import", {"passphrase": "backup passphrase", "backup": []}),
            ("vault.unlock", {"passphrase": "not the passphrase"}),
            ("vault.status", None),
            ("vault.setup", {"mode": "keyfile"}),
            ("vault.unlock", {"passphrase": PASS}),
            ("notes.get", {"key": "/in/jana/"}),
            ("vault.lock", None),
            ("notes.get", {"key": "/in/jana/"}))
        self.assertEqual(replies[0]["result"]["state"], "locked")
        for r in replies[1:6]:
            self.assertEqual(error_code(r), "locked")
        self.assertEqual(error_code(replies[6]), "locked")
        self.assertEqual(error_code(replies[7]), "wrong_passphrase")
        self.assertIn("passphrase is wrong", replies[7]["error"]["message"])
        self.assertEqual(replies[8]["result"]["state"], "locked")
        self.assertEqual(error_code(replies[9]), "locked")
        self.assertEqual(replies[10]["result"]["state"], "unlocked")
        self.assertEqual(replies[11]["result"]["text"], "private")
        self.assertEqual(replies[12]["result"]["state"], "locked")
        self.assertEqual(error_code(replies[13]), "locked")

        wrong, changed = self.s.call(
            ("vault.change_passphrase", {"old": "not the passphrase", "new": "new passphrase"}),
            ("vault.change_passphrase", {"old": PASS, "new": "new passphrase"}))
        self.assertEqual(error_code(wrong), "wrong_passphrase")
        self.assertTrue(changed["ok"], changed)
        old, new, got = self.s.call(("vault.unlock", {"passphrase": PASS}),
                                    ("vault.unlock", {"passphrase": "new passphrase"}),
                                    ("notes.get", {"key": "/in/jana/"}))
        self.assertEqual(error_code(old), "wrong_passphrase")
        self.assertTrue(new["ok"], new)
        self.assertEqual(new["result"]["state"], "unlocked")
        self.assertEqual(got["result"]["text"], "private")

    def test_back_to_keyfile_mode(self):
        self.s.ok(("notes.put", {"key": "/in/a/", "text": "first"}),
                  ("vault.setup", {"mode": "passphrase", "passphrase": PASS}))
        self.s.ok(("vault.unlock", {"passphrase": PASS}), ("vault.setup", {"mode": "keyfile"}))
        (got,) = self.s.ok(("notes.get", {"key": "/in/a/"}))
        self.assertEqual(got["text"], "first")
        self.assertEqual(stat.S_IMODE(os.stat(self.s.path("notes.key")).st_mode), 0o600)

    def vault_cost(self):
        db = sqlite3.connect(self.s.path("tact.db"))
        try:
            return db.execute("SELECT opslimit, memlimit, length(salt) FROM vault").fetchone()
        finally:
            db.close()

    def test_full_cost_by_default_and_raised_on_unlock(self):
        full = self.s.home.env()  # no TACT_TEST_PWHASH_FAST
        self.s.ok(("vault.setup", {"mode": "passphrase", "passphrase": PASS}))
        self.assertLess(self.vault_cost()[0], FULL_OPSLIMIT)  # the fast test cost
        started = time.monotonic()
        (status,) = self.s.ok(("vault.unlock", {"passphrase": PASS}), env=full)
        self.assertEqual(status["state"], "unlocked")
        self.assertEqual(self.vault_cost(), (FULL_OPSLIMIT, FULL_MEMLIMIT, 16))
        (status,) = self.s.ok(("vault.unlock", {"passphrase": PASS}), env=full)
        self.assertEqual(status["state"], "unlocked")
        sys.stderr.write("\nfull-cost Argon2id: unlock and re-wrap took %.2f s\n"
                         % (time.monotonic() - started))


class BackupTest(unittest.TestCase):
    def setUp(self):
        self.a = Session(**FAST)
        self.b = Session(**FAST)

    def tearDown(self):
        self.a.close()
        self.b.close()

    def test_round_trip_merge_and_tampering(self):
        self.a.ok(("notes.put", {"key": "/in/a/", "text": "alpha", "tags": ["t1"]}),
                  ("notes.put", {"key": "/in/b/", "text": "beta"}),
                  ("notes.put", {"key": "/in/b/", "text": "beta v2"}))
        (exported,) = self.a.ok(("notes.export", {"passphrase": "backup passphrase"}))
        self.assertEqual(exported["format"], 1)
        self.assertEqual(exported["notes"], 2)
        backup = "".join(exported["backup"])
        self.assertNotIn("alpha", backup)

        # Into another install in passphrase mode.
        self.b.ok(("vault.setup", {"mode": "passphrase", "passphrase": PASS}),
                  ("notes.put", {"key": "/in/b/", "text": "b local"}))
        imported, again, got_a, got_b = self.b.ok(
            ("vault.unlock", {"passphrase": PASS}),
            ("notes.import", {"passphrase": "backup passphrase", "backup": exported["backup"]}),
            ("notes.import", {"passphrase": "backup passphrase", "backup": backup}),
            ("notes.get", {"key": "/in/a/"}),
            ("notes.get", {"key": "/in/b/"}))[1:]
        self.assertEqual(imported, {"added": 1, "updated": 1, "unchanged": 0, "total": 2})
        self.assertEqual(again, {"added": 0, "updated": 0, "unchanged": 2, "total": 2})
        self.assertEqual(got_a["text"], "alpha")
        self.assertEqual(got_b["text"], "beta v2")

        raw = bytearray(__import__("base64").b64decode(backup))
        raw[len(raw) // 2] ^= 1
        tampered = __import__("base64").b64encode(bytes(raw)).decode()
        replies = self.a.call(
            ("notes.delete", {"key": "/in/a/"}),
            ("notes.import", {"passphrase": "backup passphrase", "backup": tampered}),
            ("notes.import", {"passphrase": "wrong passphrase", "backup": backup}),
            ("notes.import", {"passphrase": "backup passphrase", "backup": backup[:-40]}),
            ("notes.get", {"key": "/in/a/"}))
        for r in replies[1:4]:
            self.assertEqual(error_code(r), "bad_request")
            self.assertIn("nothing was imported", r["error"]["message"])
        self.assertEqual(error_code(replies[4]), "not_found")


    def test_large_backup_spans_frames(self):
        notes = [("notes.put", {"key": "/in/p%03d/" % i, "text": ("%03d" % i) * 3333})
                 for i in range(200)]
        self.a.ok(*notes)
        data = request(1, "notes.export", {"passphrase": "backup passphrase"})
        code, out, err = hostlib.run_host(["serve"], data, self.a.env())
        self.assertEqual(code, 0, err)
        frames = hostlib.parse_frames(out)
        self.assertGreater(len(frames), 1)  # split into parts under the 1 MiB cap
        (exported,) = hostlib.join_parts(frames)
        self.assertEqual(exported["result"]["notes"], 200)
        (imported,) = self.b.ok(("notes.import", {"passphrase": "backup passphrase",
                                                  "backup": exported["result"]["backup"]}))
        self.assertEqual(imported["added"], 200)
        (got,) = self.b.ok(("notes.get", {"key": "/in/p123/"}))
        self.assertEqual(got["text"], "123" * 3333)


SECRETS = ["quetzal-contact", "Zephyrine", "wanderlust", "mountaineering",
           "hunter2-passphrase"]


class NothingReadableTest(unittest.TestCase):
    def scan(self, session, stderr_text):
        found = []
        for root, _, files in os.walk(session.home.path):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                for s in SECRETS:
                    for form in (s.encode(), s.encode("utf-16-le")):
                        if form in data:
                            found.append((name, s))
        for s in SECRETS:
            if s in stderr_text:
                found.append(("stderr", s))
        return found

    def run_mode(self, mode):
        s = Session(**FAST)
        try:
            msgs = []
            if mode == "passphrase":
                msgs.append(("vault.setup", {"mode": "passphrase",
                                             "passphrase": "hunter2-passphrase"}))
            msgs += [("notes.put", {"key": "/in/quetzal-contact/",
                                    "text": "Zephyrine loves mountaineering",
                                    "tags": ["wanderlust"]}),
                     ("notes.put", {"key": "/in/quetzal-contact/",
                                    "text": "Zephyrine loves mountaineering, edited",
                                    "tags": ["wanderlust"]}),
                     ("notes.get", {"key": "/in/quetzal-contact/"}),
                     ("notes.list", {"query": "zephyrine"})]
            data = b"".join(request(i, t, p) for i, (t, p) in enumerate(msgs))
            code, out, err = hostlib.run_host(["serve"], data, s.env(TACT_LOG="debug"))
            self.assertEqual(code, 0, err)
            replies = hostlib.parse_frames(out)
            self.assertEqual(len(replies), len(msgs), replies)
            self.assertTrue(all(r["ok"] for r in replies), replies)
            # The note really was written and found, so the scan below
            # looks at a database that holds it.
            self.assertEqual(replies[-2]["result"]["text"], "Zephyrine loves mountaineering, edited")
            self.assertEqual([i["key"] for i in replies[-1]["result"]["items"]], ["/in/quetzal-contact/"])
            self.assertIn("tact.db", os.listdir(s.home.path))
            self.assertEqual(self.scan(s, err), [])
        finally:
            s.close()

    def test_keyfile_mode(self):
        self.run_mode("keyfile")

    def test_passphrase_mode(self):
        self.run_mode("passphrase")


def read_frame(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (length,) = struct.unpack("=I", head)
    body = stream.read(length)
    if len(body) < length:
        return None
    return json.loads(body.decode("utf-8"))


class DurabilityTest(unittest.TestCase):
    """SIGKILL at random moments during streams of notes.put: every
    acknowledged write must be on disk and the database intact."""

    def test_sigkill_during_writes(self):
        rng = random.Random(int(os.environ.get("TACT_DURABILITY_SEED", "20261126")))
        s = Session()
        try:
            self.run_rounds(s, rng)
        finally:
            s.close()

    def run_rounds(self, s, rng):
        # history[key] maps each revision to the text that made it.
        history = {}
        acked_rev = {}
        total_acked = total_sent = in_flight = 0
        landed_unacked = 0
        started = time.monotonic()
        for rnd in range(DURABILITY_ROUNDS):
            kill_after = rng.randint(1, DURABILITY_WRITES - 1)
            writes, acked = self.one_round(s, rnd, kill_after, rng)
            total_sent += len(writes)
            total_acked += len(acked)
            in_flight += len(writes) - len(acked)
            # Revisions follow request order; an acknowledgement tells the
            # revision of that write, so later writes to the key follow on.
            next_rev = {}
            for idx, (key, text) in enumerate(writes):
                if idx < len(acked):
                    rev = acked[idx]
                    acked_rev[key] = rev
                else:
                    rev = next_rev.get(key, acked_rev.get(key, 0)) + 1
                next_rev[key] = rev
                history.setdefault(key, {})[rev] = text
            landed_unacked += self.verify(s, acked_rev, history, next_rev)
        sys.stderr.write(
            "\ndurability: %d rounds, %d writes sent, %d acknowledged, %d sent but not yet "
            "acknowledged when killed; all %d acknowledged notes verified each round; %d "
            "unacknowledged writes had also landed; %.1f s\n"
            % (DURABILITY_ROUNDS, total_sent, total_acked, in_flight, len(acked_rev),
               landed_unacked, time.monotonic() - started))

    def one_round(self, s, rnd, kill_after, rng):
        """Sends kill_after + DURABILITY_TAIL notes.put requests in one go and
        kills the host after kill_after acknowledgements. Input is held open
        until the kill, so the host can neither run out of work nor exit on
        end of input first, however fast the disk is: at the kill, at least
        DURABILITY_TAIL writes are queued in the pipe or being written.
        Returns (every write sent, in order; the revisions acknowledged)."""
        writes = []
        for i in range(kill_after + DURABILITY_TAIL):
            key = "/in/contact-%03d/" % rng.randrange(DURABILITY_CONTACTS)
            writes.append((key, "round %d write %d %s" % (rnd, i, "n" * rng.randrange(0, 600))))
        frames = b"".join(request(i, "notes.put", {"key": k, "text": t})
                          for i, (k, t) in enumerate(writes))
        proc = subprocess.Popen([hostlib.HOST_BIN, "serve"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=s.env())
        killed = threading.Event()

        def feed():
            try:
                proc.stdin.write(frames)
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                return  # killed while the frames were still going in
            killed.wait()

        writer = threading.Thread(target=feed)
        writer.start()
        acked = []
        try:
            while len(acked) < kill_after:
                reply = read_frame(proc.stdout)
                self.assertIsNotNone(reply, "the host stopped before it was killed")
                self.assertTrue(reply["ok"], reply)
                self.assertEqual(reply["id"], len(acked))
                acked.append(reply["result"]["revision"])
            if rng.random() < 0.5:
                time.sleep(rng.random() * 0.003)  # land inside a later write
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            if proc.poll() is None:
                proc.kill()  # an assertion above failed: never leave it running
            killed.set()
            proc.wait()
            writer.join()
            proc.stdout.close()
            try:
                proc.stdin.close()
            except OSError:
                pass
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        return writes, acked

    def verify(self, s, acked_rev, history, next_rev):
        keys = sorted(history)
        replies = s.call(*[("notes.get", {"key": k}) for k in keys])
        landed = 0
        for key, reply in zip(keys, replies):
            if key not in acked_rev:
                # Never acknowledged: it may or may not have landed, but if
                # it did it must open to one of the texts sent.
                if not reply["ok"]:
                    self.assertEqual(reply["error"]["code"], "not_found", (key, reply))
                    continue
                rev = reply["result"]["revision"]
                self.assertEqual(reply["result"]["text"], history[key][rev], key)
                acked_rev[key] = rev
                landed += 1
                continue
            self.assertTrue(reply["ok"], (key, reply))
            rev = reply["result"]["revision"]
            self.assertGreaterEqual(rev, acked_rev[key], key)
            self.assertLessEqual(rev, next_rev.get(key, acked_rev[key]), key)
            self.assertEqual(reply["result"]["text"], history[key][rev], key)
            if rev > acked_rev[key]:
                landed += 1
                acked_rev[key] = rev  # on disk now; later rounds build on it
        db = sqlite3.connect(s.path("tact.db"))
        try:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        finally:
            db.close()
        return landed


if __name__ == "__main__":
    unittest.main()
