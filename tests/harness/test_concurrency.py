"""Several hosts at once on one data folder, as with one host per browser profile."""
import os
import sqlite3
import stat
import subprocess
import unittest

import hostlib
from hostlib import parse_frames, request

HOSTS = 8
REQUESTS_PER_HOST = 200


class ConcurrencyTest(unittest.TestCase):
    def test_eight_hosts_share_one_folder(self):
        home = hostlib.Home()
        try:
            procs = []
            for h in range(HOSTS):
                messages = []
                for i in range(REQUESTS_PER_HOST):
                    if i % 2 == 0:
                        messages.append(request(i, "profile.set",
                                                {"profile": {"name": "host %d #%d" % (h, i)}}))
                    else:
                        messages.append(request(i, "profile.get"))
                proc = subprocess.Popen([hostlib.HOST_BIN] + hostlib.CHROME_ARGV,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=home.env())
                procs.append((proc, b"".join(messages)))
            # Start all first, then feed them, so their work overlaps.
            results = []
            for proc, data in procs:
                proc.stdin.write(data)
                proc.stdin.close()
            for proc, _ in procs:
                out = proc.stdout.read()
                err = proc.stderr.read().decode()
                code = proc.wait(timeout=120)
                proc.stdout.close()
                proc.stderr.close()
                results.append((code, out, err))
            for code, out, err in results:
                self.assertEqual(code, 0, err)
                self.assertNotIn("error", err)
                replies = parse_frames(out)
                self.assertEqual(len(replies), REQUESTS_PER_HOST)
                for i, reply in enumerate(replies):
                    self.assertTrue(reply["ok"], reply)
                    self.assertEqual(reply["id"], i)
            db = os.path.join(home.path, "tact.db")
            self.assertEqual(stat.S_IMODE(os.stat(db).st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(home.path).st_mode) & 0o077, 0)
            conn = sqlite3.connect(db)
            try:
                self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            finally:
                conn.close()
        finally:
            home.cleanup()

    def test_fresh_folder_created_private(self):
        home = hostlib.Home()
        try:
            data = os.path.join(home.path, "nested", "data")
            env = home.env(TACT_HOME=data)
            (reply,) = hostlib.call(env, [request(1, "hello")])
            self.assertEqual(reply["result"]["data"]["state"], "ready")
            for path in (data, os.path.join(home.path, "nested")):
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o700, path)
            for name in os.listdir(data):
                mode = stat.S_IMODE(os.stat(os.path.join(data, name)).st_mode)
                self.assertEqual(mode & 0o077, 0, name)
        finally:
            home.cleanup()

    def test_unusable_folder_is_reported_not_fatal(self):
        home = hostlib.Home()
        try:
            # A file where the folder should be fails for root too.
            blocker = os.path.join(home.path, "blocker")
            open(blocker, "w").close()
            env = home.env(TACT_HOME=os.path.join(blocker, "tact"))
            replies = hostlib.call(env, [request(1, "hello"), request(2, "profile.get"),
                                         request(3, "hello")])
            self.assertTrue(replies[0]["ok"])
            self.assertEqual(replies[0]["result"]["data"]["state"], "unavailable")
            self.assertFalse(replies[1]["ok"])
            self.assertIn(replies[1]["error"]["code"], ("read_only", "internal"))
            self.assertTrue(replies[1]["error"]["message"])
            self.assertTrue(replies[2]["ok"], "the host keeps serving")
        finally:
            home.cleanup()


if __name__ == "__main__":
    unittest.main()
