"""install, doctor and uninstall driven through the real tact-host binary.

The binary comes from the environment variable TACT_HOST_BIN. Every test
runs in a temporary HOME with fake browser folders, TACT_HOME for Tact's own
files and TACT_SYSROOT for the system folders, so nothing outside the
temporary folder is touched. The doctor's self-test starts the real binary
in browser mode (Chromium and Firefox argv) and expects its hello answer.
"""

import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

HOST_BIN = os.environ.get("TACT_HOST_BIN")
HOST_NAME = "org.tact.host"
# Generous: only guards against a hung process, never asserts speed.
RUN_TIMEOUT = 60


@unittest.skipUnless(
    HOST_BIN, "TACT_HOST_BIN is not set: point it at the built tact-host to run these tests"
)
class InstallCliTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="tact-cli-")
        self.home = os.path.join(self.root, "home")
        self.sysroot = os.path.join(self.root, "sys")
        os.makedirs(self.home)
        os.makedirs(self.sysroot)
        self.env = dict(os.environ)
        for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "TACT_LOG"):
            self.env.pop(key, None)
        self.env.update(
            HOME=self.home,
            TACT_HOME=os.path.join(self.root, "tact"),
            TACT_SYSROOT=self.sysroot,
        )
        self.host = os.path.realpath(HOST_BIN)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers --

    def run_host(self, *args):
        return subprocess.run(
            [HOST_BIN, *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )

    def run_json(self, *args):
        proc = self.run_host(*args, "--json")
        try:
            doc = json.loads(proc.stdout)
        except ValueError as exc:
            self.fail(f"{args} --json printed something that is not JSON ({exc}):\n"
                      f"{proc.stdout!r}\nstderr: {proc.stderr!r}")
        return proc, doc

    def mkdir(self, *parts):
        path = os.path.join(*parts)
        os.makedirs(path, exist_ok=True)
        return path

    def user_manifest(self, rel):
        return os.path.join(self.home, rel, HOST_NAME + ".json")

    @staticmethod
    def browser(doc, ident):
        for b in doc["browsers"]:
            if b["id"] == ident:
                return b
        raise AssertionError(f"{ident} missing from the doctor report")

    # -- tests --

    def test_install_doctor_uninstall_round_trip(self):
        self.mkdir(self.home, ".config", "chromium")
        self.mkdir(self.home, ".mozilla")

        proc, doc = self.run_json("install")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(doc["ok"])
        self.assertEqual(doc["host_path"], self.host)
        chromium = self.user_manifest(".config/chromium/NativeMessagingHosts")
        firefox = self.user_manifest(".mozilla/native-messaging-hosts")
        self.assertEqual(sorted(f["path"] for f in doc["files"]), sorted([chromium, firefox]))
        for path, key in ((chromium, "allowed_origins"), (firefox, "allowed_extensions")):
            with open(path, encoding="utf-8") as f:
                manifest = json.load(f)
            self.assertEqual(manifest["name"], HOST_NAME)
            self.assertEqual(manifest["path"], self.host)
            self.assertEqual(manifest["type"], "stdio")
            self.assertTrue(manifest["description"])
            self.assertTrue(manifest[key])
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)
        with open(chromium, encoding="utf-8") as f:
            for origin in json.load(f)["allowed_origins"]:
                self.assertRegex(origin, r"^chrome-extension://[a-p]{32}/$")

        # The doctor starts the real host the way each browser would.
        proc, doc = self.run_json("doctor")
        self.assertEqual(proc.returncode, 0, json.dumps(doc, indent=1))
        self.assertEqual(doc["problems"], 0)
        for ident, path in (("chromium", chromium), ("firefox", firefox)):
            b = self.browser(doc, ident)
            self.assertTrue(b["detected"])
            self.assertEqual(b["winner"], path)
            st = b["selftest"]
            self.assertTrue(st["ran"])
            self.assertTrue(st["ok"], st.get("error"))
            self.assertIsInstance(st["ms"], (int, float))
            self.assertTrue(st["version"])
        self.assertFalse(self.browser(doc, "edge")["detected"])

        # The text report says the same.
        proc = self.run_host("doctor")
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"self-test: ok", proc.stdout)

        proc, doc = self.run_json("uninstall")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(doc["removed"]), 2)
        self.assertFalse(os.path.exists(chromium))
        self.assertFalse(os.path.exists(firefox))

        # With nothing registered, doctor says so and fails.
        proc, doc = self.run_json("doctor", "--browser", "chromium")
        self.assertEqual(proc.returncode, 1)
        problems = self.browser(doc, "chromium")["problems"]
        fixes = [p["fix"] for p in problems if p["blocking"]]
        self.assertIn("tact-host install --browser chromium", fixes)

    def test_install_is_idempotent(self):
        self.mkdir(self.home, ".config", "chromium")
        self.assertEqual(self.run_host("install").returncode, 0)
        path = self.user_manifest(".config/chromium/NativeMessagingHosts")
        with open(path, "rb") as f:
            first = f.read()
        proc, doc = self.run_json("install")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual([f["action"] for f in doc["files"]], ["unchanged"])
        with open(path, "rb") as f:
            self.assertEqual(f.read(), first)

    def test_doctor_explains_a_broken_file_that_hides_a_good_one(self):
        self.mkdir(self.home, ".config", "chromium")
        self.mkdir(self.sysroot, "etc", "chromium")
        proc = self.run_host("install", "--scope", "system", "--browser", "chromium")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        good = os.path.join(self.sysroot, "etc/chromium/native-messaging-hosts", HOST_NAME + ".json")
        self.assertTrue(os.path.exists(good))
        broken = self.user_manifest(".config/chromium/NativeMessagingHosts")
        os.makedirs(os.path.dirname(broken))
        with open(broken, "w", encoding="utf-8") as f:
            f.write('{"name": "org.tact.host",')

        proc, doc = self.run_json("doctor", "--browser", "chromium")
        self.assertEqual(proc.returncode, 1)
        b = self.browser(doc, "chromium")
        self.assertEqual(b["winner"], broken)
        self.assertFalse(b["selftest"]["ran"])
        blocking = [p for p in b["candidates"][0]["problems"] if p["blocking"]]
        self.assertTrue(blocking)
        self.assertIn(good, blocking[0]["message"])
        self.assertIn("rm " + broken, blocking[0]["fix"])
        self.assertIn("tact-host install --browser chromium", blocking[0]["fix"])

        # Follow the fix literally (with the binary under test as tact-host).
        os.unlink(broken)
        self.assertEqual(self.run_host("install", "--browser", "chromium").returncode, 0)
        proc, doc = self.run_json("doctor", "--browser", "chromium")
        self.assertEqual(proc.returncode, 0, json.dumps(doc, indent=1))
        self.assertTrue(self.browser(doc, "chromium")["selftest"]["ok"])

    def test_user_data_dir_profile(self):
        profile = os.path.join(self.root, "profile")
        proc = self.run_host("install", "--user-data-dir", profile)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        path = os.path.join(profile, "NativeMessagingHosts", HOST_NAME + ".json")
        self.assertTrue(os.path.exists(path))
        proc, doc = self.run_json("doctor", "--user-data-dir", profile)
        self.assertEqual(proc.returncode, 0, json.dumps(doc, indent=1))
        self.assertEqual(self.browser(doc, "chromium")["winner"], path)
        self.assertTrue(self.browser(doc, "chromium")["selftest"]["ok"])

    def test_dry_run_and_refusals(self):
        self.mkdir(self.home, ".config", "chromium")
        proc, doc = self.run_json("install", "--dry-run")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual([f["action"] for f in doc["files"]], ["would write"])
        self.assertFalse(os.path.exists(os.path.join(self.home, ".config/chromium/NativeMessagingHosts")))

        proc = self.run_host("install", "--host-path", "relative/tact-host")
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"not absolute", proc.stderr)
        odd = os.path.join(self.root, "tact&host")
        shutil.copy(self.host, odd)
        proc = self.run_host("install", "--host-path", odd)
        self.assertEqual(proc.returncode, 1)
        self.assertFalse(os.path.exists(os.path.join(self.home, ".config/chromium/NativeMessagingHosts")))

        for cmd in ("install", "uninstall", "doctor"):
            proc = self.run_host(cmd, "--no-such-option")
            self.assertEqual(proc.returncode, 2, cmd)
            self.assertIn(b"usage", proc.stderr)
            self.assertEqual(proc.stdout, b"")


if __name__ == "__main__":
    unittest.main()
