"""What an attacker tried against the real tact-host, each as a test: text
that C strings would cut short, ids that could not be echoed as sent,
names given twice, and a backup with a NUL inside.
"""
import base64
import json
import os
import sqlite3
import struct
import subprocess
import sys
import unittest

import hostlib
from hostlib import parse_frames

PASS = "correct horse battery staple"
FAST = {"TACT_TEST_PWHASH_FAST": "1"}


def raw(body):
    """One frame around request text written by hand (json.dumps would
    not write what an attacker writes)."""
    data = body.encode("utf-8")
    return struct.pack("=I", len(data)) + data


class OneFolder(unittest.TestCase):
    """A fresh data folder per test, and hand-written requests to it."""

    def setUp(self):
        self.home = hostlib.Home()

    def tearDown(self):
        self.home.cleanup()

    def send_logged(self, *bodies, **env):
        """The answers, and what the host logged."""
        code, out, err = hostlib.run_host(["serve"], b"".join(raw(b) for b in bodies),
                                          self.home.env(**FAST, **env))
        self.assertEqual(code, 0, err)
        return parse_frames(out), err

    def send(self, *bodies, **env):
        return self.send_logged(*bodies, **env)[0]


class HostileTextTest(OneFolder):

    def assert_refused(self, reply, field, rid):
        self.assertFalse(reply["ok"], reply)
        self.assertEqual(reply["error"]["code"], "bad_request", reply)
        self.assertIn('"%s"' % field, reply["error"]["message"])
        self.assertEqual(reply["id"], rid, "the id is echoed when it is not the bad field")

    def test_nul_escape_cannot_reach_another_note(self):
        put, evil, got = self.send(
            '{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/alice/","text":"hers"}}',
            '{"v":1,"id":2,"type":"notes.put","params":{"key":"/in/alice/\\u0000other","text":"mine"}}',
            '{"v":1,"id":3,"type":"notes.get","params":{"key":"/in/alice/"}}')
        self.assertTrue(put["ok"], put)
        self.assert_refused(evil, "params.key", 2)
        self.assertEqual(got["result"]["text"], "hers")

    def test_nul_escape_in_the_type_runs_nothing(self):
        (reply,) = self.send('{"v":1,"id":"t","type":"hello\\u0000xyz"}')
        self.assert_refused(reply, "type", "t")

    def test_nul_escape_in_a_passphrase_does_not_unlock(self):
        setup, lock, evil, status = self.send(
            '{"v":1,"id":1,"type":"vault.setup","params":{"mode":"passphrase","passphrase":"%s"}}' % PASS,
            '{"v":1,"id":2,"type":"vault.lock"}',
            '{"v":1,"id":3,"type":"vault.unlock","params":{"passphrase":"%s\\u0000anything"}}' % PASS,
            '{"v":1,"id":4,"type":"vault.status"}')
        self.assertTrue(setup["ok"] and lock["ok"], (setup, lock))
        self.assert_refused(evil, "params.passphrase", 3)
        self.assertEqual(status["result"]["state"], "locked")

    def test_nul_in_a_backup_is_refused_not_read_past(self):
        # Under valgrind (scripts/test) an over-read here is an error.
        (reply,) = self.send(
            '{"v":1,"id":9,"type":"notes.import","params":{"passphrase":"%s","backup":"T\\u0000"}}' % PASS)
        self.assert_refused(reply, "params.backup", 9)

    def test_a_backup_cannot_demand_gigabytes(self):
        """A crafted backup header sets Argon2id's cost; 4 GiB and 64 passes
        used to be obeyed (fuzz_dispatch ran out of memory on one)."""
        (export,) = self.send('{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/a/","text":"x"}}',
                              '{"v":1,"id":2,"type":"notes.export","params":{"passphrase":"%s"}}' % PASS)[1:]
        backup = export["result"]["backup"]
        data = bytearray(base64.b64decode("".join(backup) if isinstance(backup, list) else backup))
        data[18:26] = (4 << 30).to_bytes(8, "little")  # memlimit, after magic, format, algorithm, opslimit
        crafted = base64.b64encode(bytes(data)).decode()
        (reply,) = self.send('{"v":1,"id":3,"type":"notes.import","params":{"passphrase":"%s",'
                             '"backup":"%s"}}' % (PASS, crafted))
        self.assertFalse(reply["ok"], reply)
        self.assertEqual(reply["error"]["code"], "bad_request", reply)

    def test_lone_surrogates_are_refused_pairs_kept(self):
        bad, good, got = self.send(
            '{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/a/","text":"x\\udc00y"}}',
            '{"v":1,"id":2,"type":"notes.put","params":{"key":"/in/a/","text":"smile \\ud83d\\ude00"}}',
            '{"v":1,"id":3,"type":"notes.get","params":{"key":"/in/a/"}}')
        self.assert_refused(bad, "params.text", 1)
        self.assertTrue(good["ok"], good)
        self.assertEqual(got["result"]["text"], "smile \U0001F600")

    def test_every_surrogate_pair_comes_back_as_sent(self):
        """json-c's own reader turned some valid pairs into U+FFFD (the
        strict reader's differential fuzzer found it); the host's reader
        keeps them."""
        pairs = ["\\ud836\\udfa6", "\\uDA36\\uDFA6", "\\uda36\\udc00", "\\ud83d\\ude00"]
        text = " ".join(pairs)
        put, got = self.send(
            '{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/p/","text":"%s"}}' % text,
            '{"v":1,"id":2,"type":"notes.get","params":{"key":"/in/p/"}}')
        self.assertTrue(put["ok"], put)
        self.assertEqual(got["result"]["text"], json.loads('"%s"' % text))
        self.assertNotIn("\ufffd", got["result"]["text"])

    def test_ids_come_back_exactly_or_are_refused(self):
        replies = self.send(
            '{"v":1,"id":9223372036854775807,"type":"hello"}',
            '{"v":1,"id":-9223372036854775808,"type":"hello"}',
            '{"v":1,"id":"\\ud83d\\ude00","type":"hello"}',
            '{"v":1,"id":99999999999999999999999,"type":"hello"}',
            '{"v":1,"id":-9223372036854775809,"type":"hello"}',
            '{"v":1,"id":"a\\ud800","type":"hello"}')
        self.assertEqual([r["id"] for r in replies[:3]],
                         [9223372036854775807, -9223372036854775808, "\U0001F600"])
        self.assertTrue(all(r["ok"] for r in replies[:3]), replies[:3])
        for reply in replies[3:]:
            self.assertFalse(reply["ok"], reply)
            self.assertEqual(reply["error"]["code"], "bad_request")
            self.assertIn('"id"', reply["error"]["message"])
            self.assertIsNone(reply["id"], "an id that cannot be echoed is not guessed at")

    def test_a_name_given_twice_is_refused(self):
        replies = self.send(
            '{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/b/","text":"one","text":"two"}}',
            '{"v":1,"id":2,"type":"hello","type":"vault.lock"}',
            '{"v":1,"id":3,"type":"notes.get","params":{"key":"/in/b/"}}')
        self.assert_refused(replies[0], "params.text", 1)
        self.assert_refused(replies[1], "type", 2)
        self.assertEqual(replies[2]["error"]["code"], "not_found", "nothing was written")


class MissingKeyFileTest(OneFolder):
    """install.key seals the history: losing it must stop with a clear
    error, never make a new key that orphans every record."""

    def test_history_is_not_orphaned(self):
        classify = ('{"v":1,"id":1,"type":"classify","params":{"invitations":'
                    '[{"key":"/in/sam-lee/","name":"Sam Lee","headline":"Growth consultant"}]}}')
        (first,), _ = self.send_logged(classify)
        self.assertTrue(first["ok"], first)
        key_file = os.path.join(self.home.path, "install.key")
        os.unlink(key_file)
        (decide, listed), err = self.send_logged(
            '{"v":1,"id":2,"type":"decide","params":{"key":"/in/sam-lee/","decision":"ignored"}}',
            '{"v":1,"id":3,"type":"history.list"}')
        for reply in (decide, listed):
            self.assertFalse(reply["ok"], reply)
            self.assertEqual(reply["error"]["code"], "damaged", reply)
            self.assertIn("install.key", reply["error"]["message"])
        self.assertIn("install.key is missing", err, "the log names the file")
        self.assertFalse(os.path.exists(key_file), "no new key was made over the old history")

    def test_a_fresh_folder_still_makes_its_key(self):
        (reply,), _ = self.send_logged('{"v":1,"id":1,"type":"history.list"}')
        self.assertTrue(reply["ok"], reply)
        self.assertTrue(os.path.exists(os.path.join(self.home.path, "install.key")))


class VaultDamageTest(OneFolder):
    """A keyfile vault whose notes.key is missing, replaced or truncated, or
    whose wrapped key was altered, says so in vault.status and in every
    notes answer, naming the file; restoring the file brings every note
    back."""

    def test_each_kind_of_damage_is_named(self):
        (put,) = self.send('{"v":1,"id":1,"type":"notes.put","params":{"key":"/in/ana/","text":"kept"}}')
        self.assertTrue(put["ok"], put)
        key_file = os.path.join(self.home.path, "notes.key")
        with open(key_file, "rb") as f:
            good = f.read()
        db = os.path.join(self.home.path, "tact.db")

        def missing():
            os.unlink(key_file)

        def replaced():
            with open(key_file, "wb") as f:
                f.write(os.urandom(len(good)))

        def truncated():
            with open(key_file, "wb") as f:
                f.write(good[:16])

        def wrapped_altered():
            conn = sqlite3.connect(db)
            with conn:
                conn.execute("UPDATE vault SET wrapped = randomblob(length(wrapped))")
            conn.close()

        for damage, words in ((missing, "missing"), (replaced, "does not open"),
                              (truncated, "truncated"), (wrapped_altered, "does not open")):
            with self.subTest(damage=damage.__name__):
                conn = sqlite3.connect(db)
                saved_row = conn.execute("SELECT wrapped FROM vault").fetchone()[0]
                conn.close()
                damage()
                status, got, put = self.send(
                    '{"v":1,"id":1,"type":"vault.status"}',
                    '{"v":1,"id":2,"type":"notes.get","params":{"key":"/in/ana/"}}',
                    '{"v":1,"id":3,"type":"notes.put","params":{"key":"/in/ana/","text":"lost?"}}')
                self.assertEqual(status["result"]["state"], "damaged", status)
                self.assertIn("notes.key", status["result"]["problem"])
                self.assertIn(words, status["result"]["problem"])
                for reply in (got, put):
                    self.assertEqual(reply["error"]["code"], "damaged", reply)
                    self.assertIn("notes.key", reply["error"]["message"])
                # Restore what the damage changed: everything is back.
                with open(key_file, "wb") as f:
                    f.write(good)
                os.chmod(key_file, 0o600)
                conn = sqlite3.connect(db)
                with conn:
                    conn.execute("UPDATE vault SET wrapped = ?", (saved_row,))
                conn.close()
                status, got = self.send('{"v":1,"id":1,"type":"vault.status"}',
                                        '{"v":1,"id":2,"type":"notes.get","params":{"key":"/in/ana/"}}')
                self.assertEqual(status["result"]["state"], "unlocked", status)
                self.assertEqual(got["result"]["text"], "kept")


def in_private_mounts(mode):
    """Runs fs_faults.py MODE in a mount namespace of its own; its stages."""
    home = hostlib.Home()
    try:
        # Root needs only a mount namespace (a user namespace cannot be made
        # from inside a chroot, whose / cannot be made private either:
        # fs_faults.py unmounts what it mounted); others map themselves to
        # root in a user namespace.
        private = (["--mount", "--propagation", "unchanged"] if os.geteuid() == 0
                   else ["--user", "--map-root-user", "--mount"])
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fs_faults.py")
        proc = subprocess.run(["unshare"] + private + [sys.executable, script, mode, home.path,
                                                       hostlib.HOST_BIN],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        if proc.returncode != 0:
            raise AssertionError(proc.stderr.decode())
        return json.loads(proc.stdout)
    finally:
        home.cleanup()


class FileSystemTest(unittest.TestCase):
    """The data folder on a real small tmpfs, in a private mount namespace."""

    def assert_all_kept(self, out):
        self.assertTrue(all(r["ok"] for r in out["before"]["replies"]), out["before"])
        profile, note, history = out["after"]["replies"]
        self.assertEqual(profile["result"]["profile"]["name"], "Lena Hoffmann")
        self.assertEqual(note["result"]["text"], "Met at the payments meetup.")
        self.assertEqual([i["invitation"]["key"] for i in history["result"]["items"]], ["/in/sam/"])

    def test_disk_full_before_the_journal_exists(self):
        """The disk filled up while Tact was closed (so SQLite must make its
        -wal and -shm anew): every answer is disk_full, hello says so, and
        once there is room again nothing is lost."""
        out = in_private_mounts("full")
        self.assertNotIn("tact.db-wal", out["files_before"], "the journal is gone after a clean exit")
        hello, *rest = out["full"]["replies"]
        self.assertEqual(out["full"]["code"], 0)
        self.assertEqual(hello["result"]["data"]["error"], "disk_full", hello)
        self.assertEqual(len(rest), 4)
        for reply in rest:
            self.assertEqual(reply["error"]["code"], "disk_full", reply)
        self.assert_all_kept(out)

    def test_read_only_file_system(self):
        """Every request kind on a folder mounted read-only: a clear
        read_only answer (never internal), the host keeps serving, and
        nothing is lost once the folder is writable again."""
        out = in_private_mounts("readonly")
        replies = out["read_only"]["replies"]
        self.assertEqual(out["read_only"]["code"], 0, out["read_only"]["stderr"])
        self.assertEqual(len(replies), 10)
        hello = replies[0]
        self.assertEqual(hello["result"]["data"]["state"], "unavailable", hello)
        self.assertEqual(hello["result"]["data"]["error"], "read_only", hello)
        for reply in replies[1:]:
            self.assertFalse(reply["ok"], reply)
            self.assertEqual(reply["error"]["code"], "read_only", reply)
            self.assertTrue(reply["error"]["message"])
        self.assert_all_kept(out)


if __name__ == "__main__":
    unittest.main()
