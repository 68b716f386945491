#!/usr/bin/env python3
"""Counts what a test runner reported, from its log.

Usage: testcount.py KIND LOG EXIT_CODE
Prints one line: "PASSED FAILED DETAIL". DETAIL names what failed (or is
"-"). KIND is one of:
  ctest      `ctest -V` output: the cmocka and unittest counts inside each
             ctest test, and ctest's own verdict on each
  cmocka     cmocka programs run one after another; "program failed: X"
             lines (written by the caller) name programs that failed
  unittest   one Python unittest run
  tap        node's test runner (TAP reporter: "# pass N", "# fail N")
  fuzz       one libFuzzer run: one test, passed if it ran and found nothing
  single     one test, passed when its exit code is 0

A runner that exits non-zero counts at least one failure even when its log
says otherwise, and a log with no count at all is a failure, never a pass:
a suite that ran nothing has proved nothing.
"""
import re
import sys

CMOCKA_PASSED = re.compile(r"^\[  PASSED  \] (\d+) test")
CMOCKA_FAILED = re.compile(r"^\[  FAILED  \] (\d+) test")
UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in ")
UNITTEST_END = re.compile(r"^(OK|FAILED)(?: \((.*)\))?\s*$")
CTEST_LINE = re.compile(r"^(\d+): (.*)$")
CTEST_RESULT = re.compile(r"Test +#(\d+): (\S+) \.+\**\s*(\S.*?)\s+[\d.]+ sec")
CTEST_TOTAL = re.compile(r"tests passed, (\d+) tests? failed out of (\d+)")
TAP_COUNT = re.compile(r"^# (pass|fail|cancelled|todo) (\d+)\s*$")
FUZZ_RUNS = re.compile(r"stat::number_of_executed_units: (\d+)")
FUZZ_DONE = re.compile(r"^Done (\d+) runs")
FUZZ_FOUND = re.compile(r"==\d+==\s*ERROR|^SUMMARY: |deadly signal|Test unit written to")


class Counts:
    """What one runner (a cmocka program, a unittest run) reported."""

    def __init__(self):
        self.passed = None
        self.failed = 0
        self.ran = None
        self.verdict = None
        self.unittest_bad = 0
        self.unittest_skipped = 0

    def feed(self, line):
        m = CMOCKA_PASSED.match(line)
        if m:
            self.passed = (self.passed or 0) + int(m.group(1))
            return
        m = CMOCKA_FAILED.match(line)
        if m:
            self.failed += int(m.group(1))
            self.passed = self.passed or 0
            return
        m = UNITTEST_RAN.match(line)
        if m:
            self.ran = int(m.group(1))
            return
        m = UNITTEST_END.match(line)
        if m and self.ran is not None:
            self.verdict = m.group(1)
            for part in (m.group(2) or "").split(","):
                name, _, value = part.strip().partition("=")
                if not value.isdigit():
                    continue
                if name in ("failures", "errors", "unexpected successes"):
                    self.unittest_bad += int(value)
                elif name in ("skipped", "expected failures"):
                    self.unittest_skipped += int(value)

    def result(self):
        """(passed, failed), or None when no runner summary was seen."""
        if self.ran is not None and self.verdict is not None:
            bad = self.unittest_bad if self.verdict == "FAILED" else 0
            if self.verdict == "FAILED" and bad == 0:
                bad = 1
            return max(self.ran - bad - self.unittest_skipped, 0), bad
        if self.ran is not None:  # "Ran N tests" but no verdict: it died
            return 0, max(self.ran, 1)
        if self.passed is not None:
            return self.passed, self.failed
        return None


def count_ctest(lines):
    per_test = {}
    verdicts = {}
    names = {}
    expected_total = None
    for line in lines:
        m = CTEST_LINE.match(line)
        if m:
            per_test.setdefault(m.group(1), Counts()).feed(m.group(2))
            continue
        m = CTEST_RESULT.search(line)
        if m:
            verdicts[m.group(1)] = m.group(3)
            names[m.group(1)] = m.group(2)
            continue
        m = CTEST_TOTAL.search(line)
        if m:
            expected_total = int(m.group(2))
    passed = failed = 0
    bad = []
    for num, verdict in verdicts.items():
        counts = per_test.get(num)
        got = counts.result() if counts else None
        ok = verdict == "Passed"
        if got is None:
            got = (1, 0) if ok else (0, 1)
        elif not ok and got[1] == 0:
            got = (got[0], 1)  # crashed or timed out after its summary
        passed += got[0]
        failed += got[1]
        if got[1] or not ok:
            bad.append("%s (%s)" % (names[num], verdict))
    if expected_total is None or expected_total != len(verdicts):
        failed = max(failed, 1)
        bad.append("ctest reported %s tests, %d results read" % (expected_total, len(verdicts)))
    return passed, failed, bad


def count_unittest(lines):
    counts = Counts()
    failing = []
    for line in lines:
        counts.feed(line)
        m = re.match(r"^(FAIL|ERROR): (\S+) \((\S+)\)", line)
        if m:
            failing.append("%s.%s" % (m.group(3), m.group(2)))
    got = counts.result() or (0, 1)
    return got[0], got[1], failing


def count_cmocka(lines):
    counts = Counts()
    failing = []
    for line in lines:
        counts.feed(line)
        m = re.match(r"^program failed: (.*)$", line)
        if m:
            failing.append(m.group(1).strip())
    got = counts.result() or (0, 1)
    return got[0], max(got[1], len(failing)), failing


def count_tap(lines):
    seen = {}
    failing = []
    for line in lines:
        m = TAP_COUNT.match(line)
        if m:
            seen[m.group(1)] = int(m.group(2))
        m = re.match(r"^\s*not ok \d+ - (.*)$", line)
        if m:
            failing.append(m.group(1).strip())
    if "pass" not in seen:
        return 0, 1, ["no '# pass' count in the log"]
    return seen["pass"], seen.get("fail", 0) + seen.get("cancelled", 0), failing


def count_fuzz(lines):
    runs = None
    found = []
    for line in lines:
        m = FUZZ_RUNS.search(line) or FUZZ_DONE.match(line)
        if m:
            runs = int(m.group(1))
        if FUZZ_FOUND.search(line):
            found.append(line.strip())
    if found or not runs:
        return 0, 1, found[:3] or ["the fuzzer reported no executions"]
    return 1, 0, ["%d executions" % runs]


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: testcount.py KIND LOG EXIT_CODE\n")
        return 2
    kind, log, code = argv[1], argv[2], int(argv[3])
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    counters = {"ctest": count_ctest, "unittest": count_unittest, "tap": count_tap, "cmocka": count_cmocka,
                "fuzz": count_fuzz}
    if kind == "single":
        passed, failed, detail = (1, 0, []) if code == 0 else (0, 1, ["exit code %d" % code])
    elif kind in counters:
        passed, failed, detail = counters[kind](lines)
    else:
        sys.stderr.write("testcount.py: unknown kind %r\n" % kind)
        return 2
    if code != 0 and failed == 0:
        failed = 1
        detail.append("the runner exited %d" % code)
    if passed + failed == 0:
        failed = 1
        detail.append("no test ran")
    print("%d %d %s" % (passed, failed, "; ".join(detail) if detail else "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
