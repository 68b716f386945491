"""Every framing rule of docs/PROTOCOL.md, against the real tact-host binary."""
import json
import os
import struct
import subprocess
import unittest

import hostlib
from hostlib import (CHROME_ARGV, FIREFOX_ARGV, FRAME_MAX_IN, frame, parse_frames, request,
                     run_host)


class FramingTest(unittest.TestCase):
    def setUp(self):
        self.home = hostlib.Home()
        self.env = self.home.env()

    def tearDown(self):
        self.home.cleanup()

    def spawn(self, args, env=None):
        return subprocess.Popen([hostlib.HOST_BIN] + list(args), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env or self.env)

    def assert_error(self, response, code, rid=None, words=None):
        self.assertFalse(response["ok"], response)
        self.assertEqual(response["v"], 1)
        self.assertEqual(response["id"], rid)
        self.assertEqual(response["error"]["code"], code)
        self.assertTrue(response["error"]["message"])
        if words:
            self.assertIn(words, response["error"]["message"])

    # --- who may start the host -------------------------------------------------------

    def test_browser_argv_forms_are_served(self):
        for args in (CHROME_ARGV, CHROME_ARGV + ["--parent-window=0"],
                     ["chrome-extension://%s" % hostlib.CHROME_ID], FIREFOX_ARGV):
            code, out, err = run_host(args, request(1, "hello"), self.env)
            self.assertEqual(code, 0, (args, err))
            (reply,) = parse_frames(out)
            self.assertTrue(reply["ok"], reply)
            self.assertEqual(reply["result"]["protocol"], 1)

    def test_refused_callers_exit_before_reading(self):
        refused = (["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"],
                   ["/home/u/.mozilla/native-messaging-hosts/org.tact.host.json",
                    "evil@example.com"],
                   ["chrome-extension://not-an-id/"])
        for args in refused:
            proc = self.spawn(args)
            # stdin stays open: a host that waited for input would hang here.
            code = proc.wait(timeout=10)
            out = proc.stdout.read()
            err = proc.stderr.read().decode()
            proc.stdin.close()
            proc.stdout.close()
            proc.stderr.close()
            self.assertEqual(code, hostlib.EXIT_REFUSED, args)
            self.assertEqual(out, b"")
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("refusing caller", err)

    def test_config_file_can_allow_another_id(self):
        other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        with open(os.path.join(self.home.path, "config.json"), "w") as f:
            json.dump({"allowed_chrome_ids": [other]}, f)
        code, out, err = run_host(["chrome-extension://%s/" % other], request(1, "hello"),
                                  self.env)
        self.assertEqual(code, 0, err)
        self.assertTrue(parse_frames(out)[0]["ok"])

    def test_config_others_can_write_is_not_obeyed(self):
        """A config.json anyone may write could let any extension in, so it
        is ignored (the compiled-in ids still work) and the log says why."""
        other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        path = os.path.join(self.home.path, "config.json")
        with open(path, "w") as f:
            json.dump({"allowed_chrome_ids": [other]}, f)
        for mode in (0o666, 0o620):
            os.chmod(path, mode)
            code, out, err = run_host(["chrome-extension://%s/" % other], request(1, "hello"),
                                      self.env)
            self.assertEqual((code, out), (hostlib.EXIT_REFUSED, b""), err)
            self.assertIn("someone other than you can write it", err)
            code, out, err = run_host(CHROME_ARGV, request(1, "hello"), self.env)
            self.assertEqual(code, 0, err)
        os.chmod(path, 0o600)
        code, out, err = run_host(["chrome-extension://%s/" % other], request(1, "hello"), self.env)
        self.assertEqual(code, 0, err)

    def test_unknown_arguments_print_usage(self):
        for args in (["frobnicate"], ["serve", "extra"], ["--nope"]):
            code, out, err = run_host(args, b"", self.env)
            self.assertEqual(code, hostlib.EXIT_USAGE, args)
            self.assertEqual(out, b"")
            self.assertIn("usage: tact-host", err)

    def test_version_and_help(self):
        for args in (["version"], ["--version"]):
            code, out, _ = run_host(args, b"", self.env)
            self.assertEqual(code, 0)
            self.assertRegex(out.decode(), r"^tact-host \d+\.\d+\.\d+ \(protocol 1\)\n$")
        for args in (["help"], ["--help"]):
            code, out, _ = run_host(args, b"", self.env)
            self.assertEqual(code, 0)
            self.assertIn("usage: tact-host", out.decode())

    # --- end of input -------------------------------------------------------------------

    def test_eof_at_boundary_exits_zero(self):
        """End of input between frames ends the host at once: it exits 0
        with nothing more written, without waiting on anything. The wait
        below only catches a host that hangs; how fast the exit is, is the
        benchmark's business, not a test's."""
        proc = self.spawn(["serve"])
        proc.stdin.write(request(1, "hello"))
        proc.stdin.flush()
        (length,) = struct.unpack("=I", proc.stdout.read(4))
        self.assertTrue(json.loads(proc.stdout.read(length))["ok"])
        proc.stdin.close()
        code = proc.wait(timeout=60)
        rest = proc.stdout.read()
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
        self.assertEqual((code, rest), (0, b""), err)

    def test_eof_with_nothing_sent(self):
        code, out, err = run_host(CHROME_ARGV, b"", self.env)
        self.assertEqual((code, out), (0, b""), err)

    def test_truncated_header_and_body(self):
        good = request(1, "hello")
        whole = request(2, "hello")
        for cut in range(1, len(whole)):
            code, out, err = run_host(["serve"], good + whole[:cut], self.env)
            self.assertEqual(code, hostlib.EXIT_TRUNCATED, "cut at %d" % cut)
            replies = parse_frames(out)
            self.assertEqual([r["id"] for r in replies], [1], "only the whole frame is answered")
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("inside a message frame", err)

    # --- lengths ------------------------------------------------------------------------

    def test_zero_length_frame_gets_error_and_host_goes_on(self):
        replies = hostlib.call(self.env, [frame(b""), request(7, "hello")])
        self.assert_error(replies[0], "bad_frame")
        self.assertTrue(replies[1]["ok"])
        self.assertEqual(replies[1]["id"], 7)

    def test_one_byte_frame(self):
        replies = hostlib.call(self.env, [frame(b"{"), request(1, "hello")])
        self.assert_error(replies[0], "bad_json")
        self.assertTrue(replies[1]["ok"])

    def test_frame_at_the_inbound_cap_is_served(self):
        head = b'{"v":1,"id":"cap","type":"hello","params":{"pad":"'
        tail = b'"}}'
        body = head + b"x" * (FRAME_MAX_IN - len(head) - len(tail)) + tail
        self.assertEqual(len(body), FRAME_MAX_IN)
        replies = hostlib.call(self.env, [frame(body), request(2, "hello")])
        self.assertTrue(replies[0]["ok"], replies[0])
        self.assertEqual(replies[0]["id"], "cap")
        self.assertEqual(replies[1]["id"], 2)

    def test_length_over_cap_is_refused_without_reading(self):
        proc = self.spawn(["serve"])
        # Only the header: a host that tried to read the body would hang.
        proc.stdin.write(struct.pack("=I", FRAME_MAX_IN + 1))
        proc.stdin.flush()
        code = proc.wait(timeout=10)
        out = proc.stdout.read()
        err = proc.stderr.read().decode()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
        self.assertEqual(code, hostlib.EXIT_TOO_LARGE)
        (reply,) = parse_frames(out)
        self.assert_error(reply, "too_large", words=str(FRAME_MAX_IN + 1))
        self.assertIn("over the", err)

    def test_huge_declared_length(self):
        code, out, _ = run_host(["serve"], struct.pack("=I", 0xFFFFFFFF), self.env)
        self.assertEqual(code, hostlib.EXIT_TOO_LARGE)
        self.assert_error(parse_frames(out)[0], "too_large")

    # --- bodies -------------------------------------------------------------------------

    def test_bad_bodies_get_named_errors_and_host_goes_on(self):
        cases = [
            (b'{"v":1,"id":1,\x00"type":"hello"}', "bad_json", "NUL"),
            (b'{"v":1,"id":1,"type":"hello","x":"\xc0\xaf"}', "bad_json", "UTF-8"),
            (b'{"v":1,"id":1,"type":"hello","x":"\xed\xa0\x80"}', "bad_json", "UTF-8"),
            (b'{"v":1,"id":1,"type":"hello","x":"\xe2\x82', "bad_json", "UTF-8"),
            (b'{"v":1,"id":1,"type":"hello"}}', "bad_json", "after"),
            (b'{"v":1,"id":1,"type":"hello"} {}', "bad_json", "after"),
            (b"[" * 10000 + b"]" * 10000, "bad_json", ""),
            (b'{"a":' * 10000 + b"1" + b"}" * 10000, "bad_json", "nesting"),
            (b'["v",1]', "bad_json", "one JSON object"),
            (b"{'v':1}", "bad_json", "double-quoted"),
            (b'{"v":1,"id":1,"type":"hello","n":NaN}', "bad_json", ""),
        ]
        messages = []
        for body, _, _ in cases:
            messages += [frame(body), request("after", "hello")]
        replies = hostlib.call(self.env, messages)
        self.assertEqual(len(replies), 2 * len(cases))
        for i, (body, code, words) in enumerate(cases):
            self.assert_error(replies[2 * i], code, words=words)
            self.assertTrue(replies[2 * i + 1]["ok"], "host stopped serving after %r" % body[:40])

    def test_envelope_errors_echo_the_id(self):
        replies = hostlib.call(self.env, [
            frame({"v": 2, "id": "x", "type": "hello"}),
            frame({"id": 5, "type": "hello"}),
            frame({"v": 1, "id": 6}),
            frame({"v": 1, "id": 7, "type": "hello", "params": [1]}),
            frame({"v": 1, "id": 1.5, "type": "hello"}),
            frame({"v": 1, "id": 8, "type": "no.such.method"}),
            frame({"v": 1, "id": 9, "type": "hello", "unknown_field": {"ignored": True}}),
        ])
        self.assert_error(replies[0], "bad_request", "x", '"v"')
        self.assert_error(replies[1], "bad_request", 5, '"v"')
        self.assert_error(replies[2], "bad_request", 6, '"type"')
        self.assert_error(replies[3], "bad_request", 7, '"params"')
        self.assert_error(replies[4], "bad_request", None, '"id"')
        self.assert_error(replies[5], "unknown_type", 8, "no.such.method")
        self.assertTrue(replies[6]["ok"])

    # --- output -------------------------------------------------------------------------

    def test_stdout_carries_frames_only_even_with_debug_logs(self):
        env = self.home.env(TACT_LOG="debug")
        messages = [request(i, "hello") for i in range(20)] + [frame(b"junk"), frame(b"")]
        code, out, err = run_host(CHROME_ARGV, b"".join(messages), env)
        self.assertEqual(code, 0, err)
        replies = parse_frames(out)  # raises on any byte that is not a frame
        self.assertEqual(len(replies), 22)
        self.assertIn("tact-host: debug:", err)
        for line in err.splitlines():
            self.assertTrue(line.startswith("tact-host: "), line)

    def test_thousand_pipelined_requests_answered_in_order(self):
        messages = []
        for i in range(1000):
            if i % 3 == 0:
                messages.append(request(i, "profile.get"))
            elif i % 3 == 1:
                messages.append(request("s%d" % i, "hello"))
            else:
                messages.append(request(i, "profile.set", {"profile": {"name": "N%d" % i}}))
        replies = hostlib.call(self.env, messages)
        self.assertEqual(len(replies), 1000)
        for i, reply in enumerate(replies):
            self.assertTrue(reply["ok"], reply)
            self.assertEqual(reply["id"], "s%d" % i if i % 3 == 1 else i)
        self.assertEqual(replies[999]["result"]["profile"]["name"], "N998")

    def test_closed_stdout_is_a_quiet_exit(self):
        proc = self.spawn(["serve"])
        proc.stdout.close()
        proc.stdin.write(request(1, "hello") * 50)
        proc.stdin.close()
        code = proc.wait(timeout=10)
        err = proc.stderr.read().decode()
        proc.stderr.close()
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    unittest.main()
