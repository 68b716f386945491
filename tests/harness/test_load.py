"""Eight hosts at once on one data folder (eight browser profiles), each
streaming mixed writes — notes of its own, notes every host writes to,
sightings, decisions, the profile — for TACT_LOAD_SECONDS (default 60).
Afterwards a fresh host finds every acknowledged write: each host's notes
hold their last acknowledged text, each shared note's revision counts every
acknowledged write to it (a lost update would show as a gap), every
sighting and decision is in the history, and the database is intact.
"""
import os
import random
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import unittest

import hostlib
from hostlib import request

HOSTS = 8
OWN_NOTES = 12
SHARED_NOTES = 6
LOAD_SECONDS = float(os.environ.get("TACT_LOAD_SECONDS", "60"))


def read_frame(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (length,) = struct.unpack("=I", head)
    return hostlib.parse_frames(head + stream.read(length))[0]


class Worker(threading.Thread):
    def __init__(self, number, env, deadline):
        super().__init__()
        self.number = number
        self.rng = random.Random(number)
        self.deadline = deadline
        self.proc = subprocess.Popen([hostlib.HOST_BIN] + hostlib.CHROME_ARGV, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.next_id = 0
        self.own = {}          # key -> last acknowledged text
        self.shared = {}       # key -> [acknowledged texts]
        self.sightings = {}    # key -> decision acknowledged (or None)
        self.counts = {}
        self.failure = None

    def ask(self, rtype, params):
        self.next_id += 1
        self.proc.stdin.write(request(self.next_id, rtype, params))
        self.proc.stdin.flush()
        reply = read_frame(self.proc.stdout)
        if reply is None or reply.get("id") != self.next_id or not reply.get("ok"):
            raise AssertionError("host %d: %s answered %r" % (self.number, rtype, reply))
        self.counts[rtype] = self.counts.get(rtype, 0) + 1
        return reply["result"]

    def one_step(self, step):
        roll = self.rng.random()
        h = self.number
        if roll < 0.35:
            key = "/in/h%d-note-%d/" % (h, self.rng.randrange(OWN_NOTES))
            text = "host %d step %d" % (h, step)
            self.ask("notes.put", {"key": key, "text": text})
            self.own[key] = text
        elif roll < 0.55:
            key = "/in/shared-%d/" % self.rng.randrange(SHARED_NOTES)
            text = "shared by host %d step %d" % (h, step)
            self.ask("notes.put", {"key": key, "text": text})
            self.shared.setdefault(key, []).append(text)
        elif roll < 0.8:
            key = "/in/h%d-inv-%d/" % (h, step)
            self.ask("classify", {"invitations": [{"key": key, "name": "Person %d %d" % (h, step),
                                                   "headline": "Engineer at Orion Systems",
                                                   "mutual_connections": step % 20}]})
            self.sightings[key] = None
        elif roll < 0.95 and self.sightings:
            key = self.rng.choice(sorted(self.sightings))
            decision = self.rng.choice(["accepted", "ignored"])
            self.ask("decide", {"key": key, "decision": decision})
            self.sightings[key] = decision
        else:
            self.ask("profile.set", {"profile": {"name": "Host %d" % h,
                                                 "companies": ["Orion Systems"]}})

    def run(self):
        step = 0
        try:
            while time.monotonic() < self.deadline:
                self.one_step(step)
                step += 1
            self.proc.stdin.close()
            code = self.proc.wait(timeout=120)
            err = self.proc.stderr.read().decode("utf-8", "replace")
            if code != 0:
                raise AssertionError("host %d exited %d: %s" % (self.number, code, err))
        except Exception as e:  # reported by the test, with the others
            self.failure = e
            self.proc.kill()
            self.proc.wait()
        finally:
            for stream in (self.proc.stdout, self.proc.stderr):
                stream.close()


class LoadTest(unittest.TestCase):
    def test_eight_hosts_mixed_writes(self):
        home = hostlib.Home()
        try:
            env = home.env(TACT_NOW="1795000000")
            deadline = time.monotonic() + LOAD_SECONDS
            workers = [Worker(i, env, deadline) for i in range(HOSTS)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            for w in workers:
                self.assertIsNone(w.failure)
            self.verify(env, workers)
        finally:
            home.cleanup()

    def verify(self, env, workers):
        keys = []
        for w in workers:
            keys += sorted(w.own)
        shared_keys = sorted({k for w in workers for k in w.shared})
        replies = hostlib.call(env, [request(i, "notes.get", {"key": k})
                                     for i, k in enumerate(keys + shared_keys, 1)]
                               + [request(0, "history.list", {"limit": 500})])
        got = dict(zip(keys + shared_keys, replies))
        for w in workers:
            for key, text in w.own.items():
                self.assertTrue(got[key]["ok"], got[key])
                self.assertEqual(got[key]["result"]["text"], text, key)
        for key in shared_keys:
            acked = [t for w in workers for t in w.shared.get(key, [])]
            self.assertEqual(got[key]["result"]["revision"], len(acked),
                             "%s: every acknowledged write counts once" % key)
            self.assertIn(got[key]["result"]["text"], acked)
        sightings = {k: d for w in workers for k, d in w.sightings.items()}
        listed = {}
        page = replies[-1]["result"]
        for item in page["items"]:
            listed[item["invitation"]["key"]] = item.get("decision")
        # history.list shows the newest first, up to its limit.
        self.assertEqual(len(listed), min(len(sightings), 500))
        for key, decision in listed.items():
            self.assertIn(key, sightings)
            if sightings[key] is not None:
                self.assertEqual(decision, sightings[key], key)
        conn = sqlite3.connect(os.path.join(env["TACT_HOME"], "tact.db"))
        try:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            (stored,) = conn.execute("SELECT count(*) FROM invitations").fetchone()
            self.assertEqual(stored, len(sightings), "every sighting is one row")
            (decisions,) = conn.execute("SELECT count(*) FROM decisions").fetchone()
        finally:
            conn.close()
        total = {}
        for w in workers:
            for k, n in w.counts.items():
                total[k] = total.get(k, 0) + n
        self.assertEqual(decisions, total.get("decide", 0), "every decision is one row")
        sys.stderr.write("\nload: %d hosts for %.0f s: %s acknowledged; all found afterwards\n"
                         % (HOSTS, LOAD_SECONDS, ", ".join("%d %s" % (n, k)
                                                            for k, n in sorted(total.items()))))


if __name__ == "__main__":
    unittest.main()
