"""Replays every example in docs/PROTOCOL.md against the real tact-host.

An example is a ```replay block: lines starting with "->" are requests, lines
starting with "<-" the responses expected, in order. Each block runs in a
fresh data folder. In an expected response the string "…" matches any value,
and a key "…" in an object allows keys the example does not list.
"""
import json
import os
import re
import unittest

import hostlib

ANY = "\u2026"
# Another copy of the document can be replayed instead (the runner's own
# test breaks one example on purpose and expects this suite to fail).
PROTOCOL_MD = os.environ.get("TACT_PROTOCOL_MD") or os.path.join(hostlib.SOURCE_DIR, "docs", "PROTOCOL.md")


def read_doc():
    with open(PROTOCOL_MD, encoding="utf-8") as f:
        return f.read()


def load_examples():
    text = read_doc()
    examples = []
    for match in re.finditer(r"```replay\n(.*?)```", text, re.S):
        line_no = text[:match.start()].count("\n") + 1
        requests, expected = [], []
        for line in match.group(1).splitlines():
            if line.startswith("-> "):
                requests.append(json.loads(line[3:]))
            elif line.startswith("<- "):
                expected.append(json.loads(line[3:]))
            elif line.strip():
                raise ValueError("PROTOCOL.md line %d: %r" % (line_no, line))
        examples.append((line_no, requests, expected))
    return examples


def matches(expected, actual, path="$"):
    if expected == ANY:
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %r" % (path, actual)
        open_ended = ANY in expected
        for key, value in expected.items():
            if key == ANY:
                continue
            if key not in actual:
                return "%s: missing %r" % (path, key)
            problem = matches(value, actual[key], "%s.%s" % (path, key))
            if problem:
                return problem
        extra = set(actual) - set(expected)
        if extra and not open_ended:
            return "%s: unexpected keys %s" % (path, sorted(extra))
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return "%s: expected %d items, got %r" % (path, len(expected), actual)
        for i, (e, a) in enumerate(zip(expected, actual)):
            problem = matches(e, a, "%s[%d]" % (path, i))
            if problem:
                return problem
        return None
    if type(expected) is not type(actual) or expected != actual:
        return "%s: expected %r, got %r" % (path, expected, actual)
    return None


class ProtocolDocTest(unittest.TestCase):
    def test_document_has_examples(self):
        self.assertGreaterEqual(len(load_examples()), 5)

    def test_examples_replay(self):
        for line_no, requests, expected in load_examples():
            with self.subTest(line=line_no):
                home = hostlib.Home()
                try:
                    replies = hostlib.call(home.env(), [hostlib.frame(r) for r in requests])
                finally:
                    home.cleanup()
                self.assertEqual(len(replies), len(expected), "PROTOCOL.md line %d" % line_no)
                for want, got in zip(expected, replies):
                    problem = matches(want, got)
                    self.assertIsNone(problem, "PROTOCOL.md line %d: %s" % (line_no, problem))

    def test_every_method_is_documented(self):
        home = hostlib.Home()
        try:
            (hello,) = hostlib.call(home.env(), [hostlib.request(1, "hello")])
        finally:
            home.cleanup()
        text = read_doc()
        documented = {r["type"] for _, reqs, _ in load_examples() for r in reqs if "type" in r}
        for method in hello["result"]["capabilities"]:
            self.assertIn("### `%s`" % method, text, "no section for %s" % method)
            self.assertIn(method, documented, "no replayed example for %s" % method)


if __name__ == "__main__":
    unittest.main()
