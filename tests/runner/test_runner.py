"""The test runner itself (scripts/lib/suite.sh, scripts/testcount.py) can
fail: a tiny suite of each kind the real run uses — cmocka and unittest under
ctest, node's runner, libFuzzer, a documented protocol example — is made to
fail, and the runner must exit non-zero, name the suite, count the failure
and run nothing after it. Passing twins prove the counts are read, not
guessed. scripts/test runs this first, so the property cannot regress
silently.

Needs: bash, ctest, a C compiler with cmocka, node, clang with libFuzzer,
and TACT_HOST_BIN for the protocol example.
"""
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COUNT = os.path.join(ROOT, "scripts", "testcount.py")
HOST_BIN = os.environ.get("TACT_HOST_BIN", os.path.join(ROOT, "build", "tact-host"))

CMOCKA_SOURCE = r"""
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static void one(void **state) { (void)state; assert_int_equal(1, 1); }
static void two(void **state) { (void)state; assert_int_equal(2, BROKEN ? 3 : 2); }
static void three(void **state) { (void)state; assert_true(1); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one), cmocka_unit_test(two), cmocka_unit_test(three),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
"""

UNITTEST_SOURCE = """
import unittest

class T(unittest.TestCase):
    def test_a(self):
        self.assertTrue(True)

    def test_b(self):
        self.assertEqual(1, %d)

    @unittest.skip("kept aside")
    def test_c(self):
        pass

unittest.main(verbosity=2)
"""

NODE_SOURCE = """
const { test } = require('node:test');
const assert = require('node:assert');
test('first', () => assert.strictEqual(1, 1));
test('second', () => assert.strictEqual(2, %d));
"""

FUZZ_SOURCE = r"""
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (BROKEN && size > 0 && data[0] == 'x')
		abort();
	return 0;
}
"""


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


class Runner:
    """A throwaway script that sources the real suite.sh and runs the given
    suites in order, touching a marker after the last one."""

    def __init__(self, work):
        self.work = work
        self.marker = os.path.join(work, "after-the-suites")

    def run(self, *suites):
        lines = ["set -euo pipefail", "TACT_SUITE_ROOT=%s" % sh(ROOT),
                 ". %s" % sh(os.path.join(ROOT, "scripts", "lib", "suite.sh"))]
        for i, (name, kind, command) in enumerate(suites):
            log = os.path.join(self.work, "suite-%d.log" % i)
            lines.append("run_suite %s %s %s -- %s" % (sh(name), kind, sh(log), command))
        lines += ["touch %s" % sh(self.marker), "suite_total"]
        if os.path.exists(self.marker):
            os.unlink(self.marker)
        proc = run(["bash", "-c", "\n".join(lines)], cwd=self.work)
        return proc.returncode, proc.stdout, os.path.exists(self.marker)


def sh(word):
    return "'" + word.replace("'", "'\\''") + "'"


def totals(output):
    found = re.findall(r"^tests: (\d+) passed, (\d+) failed$", output, re.M)
    return tuple(int(n) for n in found[-1]) if found else None


class RunnerFailsTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="tact-runner-")
        self.runner = Runner(self.work)

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def ctest_dir(self, name, tests):
        """A ctest project written by hand: (test name, argv) pairs."""
        folder = os.path.join(self.work, name)
        os.makedirs(folder)
        with open(os.path.join(folder, "CTestTestfile.cmake"), "w", encoding="utf-8") as f:
            for test, argv in tests:
                f.write("add_test(%s %s)\n" % (test, " ".join('"%s"' % a for a in argv)))
        return folder

    def cmocka_program(self, broken):
        source = self.write("cm.c", CMOCKA_SOURCE)
        exe = os.path.join(self.work, "cm-%d" % broken)
        flags = run(["pkg-config", "--cflags", "--libs", "cmocka"]).stdout.split()
        built = run(["cc", "-DBROKEN=%d" % broken, "-o", exe, source] + flags)
        self.assertEqual(built.returncode, 0, built.stdout)
        return exe

    def assert_stopped(self, result, suite, failed_at_least=1):
        code, out, marker = result
        self.assertNotEqual(code, 0, out)
        self.assertIn("FAILED: %s" % suite, out)
        self.assertFalse(marker, "a suite after the failing one ran")
        counted = totals(out)
        self.assertIsNotNone(counted, out)
        self.assertGreaterEqual(counted[1], failed_at_least, out)
        return counted

    def assert_green(self, result, passed):
        code, out, marker = result
        self.assertEqual(code, 0, out)
        self.assertTrue(marker, out)
        self.assertEqual(totals(out), (passed, 0), out)

    def test_cmocka_under_ctest(self):
        good = self.ctest_dir("good", [("cm", [self.cmocka_program(0)])])
        bad = self.ctest_dir("bad", [("cm", [self.cmocka_program(1)])])
        self.assert_green(self.runner.run(("cmocka", "ctest", "ctest --test-dir %s -V" % sh(good))), 3)
        counted = self.assert_stopped(self.runner.run(
            ("cmocka", "ctest", "ctest --test-dir %s -V" % sh(bad)),
            ("never", "single", "true")), "cmocka")
        self.assertEqual(counted, (2, 1))

    def test_unittest_under_ctest_and_a_crash(self):
        scripts = [self.write("ut_%d.py" % value, UNITTEST_SOURCE % value) for value in (1, 2)]
        py = shutil.which("python3")
        good = self.ctest_dir("good", [("ut", [py, scripts[0]])])
        self.assert_green(self.runner.run(("ut", "ctest", "ctest --test-dir %s -V" % sh(good))), 2)
        bad = self.ctest_dir("bad", [("ut", [py, scripts[1]]),
                                     ("segv", ["/bin/sh", "-c", "kill -SEGV $$"])])
        counted = self.assert_stopped(self.runner.run(("ut", "ctest", "ctest --test-dir %s -V" % sh(bad))),
                                      "ut", failed_at_least=2)
        self.assertEqual(counted, (1, 2))  # test_a passed, test_b failed, the crash failed

    def test_node_runner(self):
        good = self.write("good.test.js", NODE_SOURCE % 2)
        bad = self.write("bad.test.js", NODE_SOURCE % 3)
        self.assert_green(self.runner.run(("node", "tap", "node --test %s" % sh(good))), 2)
        counted = self.assert_stopped(self.runner.run(("node", "tap", "node --test %s" % sh(bad))), "node")
        self.assertEqual(counted, (1, 1))

    def test_libfuzzer(self):
        source = self.write("fz.c", FUZZ_SOURCE)
        seeds = os.path.join(self.work, "seeds")
        os.makedirs(seeds)
        self.write("seeds/x", "x")
        for broken in (0, 1):
            exe = os.path.join(self.work, "fz-%d" % broken)
            built = run(["clang", "-DBROKEN=%d" % broken, "-fsanitize=fuzzer", "-o", exe, source])
            self.assertEqual(built.returncode, 0, built.stdout)
        command = "%s -runs=200 -print_final_stats=1 %s"
        self.assert_green(self.runner.run(
            ("fuzz", "fuzz", command % (sh(os.path.join(self.work, "fz-0")), sh(seeds)))), 1)
        self.assert_stopped(self.runner.run(
            ("fuzz", "fuzz", command % (sh(os.path.join(self.work, "fz-1")), sh(seeds)))), "fuzz")

    def test_a_suite_that_runs_nothing_fails(self):
        empty = self.ctest_dir("empty", [])
        self.assert_stopped(self.runner.run(("empty", "ctest", "ctest --test-dir %s -V" % sh(empty))), "empty")
        self.assert_stopped(self.runner.run(("silent", "tap", "true")), "silent")

    def test_exit_code_counts_even_when_the_log_looks_green(self):
        self.assert_stopped(self.runner.run(
            ("liar", "tap", "bash -c %s" % sh("echo '# pass 5'; echo '# fail 0'; exit 1"))), "liar")

    def test_a_broken_protocol_example_fails_the_run(self):
        """docs/PROTOCOL.md says one thing, the host answers another."""
        self.assertTrue(os.access(HOST_BIN, os.X_OK), "TACT_HOST_BIN=%s is not a program" % HOST_BIN)
        with open(os.path.join(ROOT, "docs", "PROTOCOL.md"), encoding="utf-8") as f:
            doc = f.read()
        expected = re.search(r'^<- .*"ok":\s*true.*$', doc, re.M)
        self.assertIsNotNone(expected, "no replayed success in PROTOCOL.md")
        broken = doc[:expected.start()] + expected.group(0).replace('"ok":', '"okay":', 1) + doc[expected.end():]
        self.write("broken.md", broken)
        harness = os.path.join(ROOT, "tests", "harness")
        command = "env TACT_HOST_BIN=%s TACT_SOURCE_DIR=%s TACT_PROTOCOL_MD=%s bash -c %s" % (
            sh(HOST_BIN), sh(ROOT), sh(os.path.join(self.work, "broken.md")),
            sh("cd %s && python3 -m unittest -v test_protocol" % sh(harness)))
        self.assert_stopped(self.runner.run(("protocol", "unittest", command)), "protocol")
        # It failed for the right reason: that example, and only the replay.
        # (The real document is replayed unbroken in the ctest suites.)
        with open(os.path.join(self.work, "suite-0.log"), encoding="utf-8") as f:
            log = f.read()
        self.assertIn("FAIL: test_examples_replay", log)
        self.assertIn("missing 'okay'", log)
        self.assertIn("FAILED (failures=1)", log)


class CountTest(unittest.TestCase):
    """testcount.py on logs shaped like each runner's."""

    def count(self, kind, text, code=0):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
            f.write(textwrap.dedent(text))
        try:
            out = run(["python3", COUNT, kind, f.name, str(code)]).stdout.split(" ", 2)
        finally:
            os.unlink(f.name)
        return int(out[0]), int(out[1])

    def test_unittest_verdicts(self):
        self.assertEqual(self.count("unittest", "Ran 7 tests in 0.1s\n\nOK (skipped=2)\n"), (5, 0))
        self.assertEqual(self.count("unittest", "Ran 7 tests in 0.1s\n\nFAILED (failures=1, errors=2)\n", 1),
                         (4, 3))
        self.assertEqual(self.count("unittest", "Ran 7 tests in 0.1s\n", 1), (0, 7))
        self.assertEqual(self.count("unittest", "nothing here\n"), (0, 1))

    def test_tap_counts(self):
        self.assertEqual(self.count("tap", "# tests 3\n# pass 3\n# fail 0\n"), (3, 0))
        self.assertEqual(self.count("tap", "# pass 2\n# fail 0\n# cancelled 1\n", 1), (2, 1))

    def test_cmocka_programs(self):
        log = """\
        [  PASSED  ] 4 test(s).
        [  PASSED  ] 3 test(s).
        program failed: test_x (valgrind or the test itself)
        """
        self.assertEqual(self.count("cmocka", log, 1), (7, 1))

    def test_single(self):
        self.assertEqual(self.count("single", "", 0), (1, 0))
        self.assertEqual(self.count("single", "", 2), (0, 1))


if __name__ == "__main__":
    unittest.main()
