"""The triage targets of the issue, checked on the committed labelled data.

Runs `tact-host eval --json tests/data/triage` (private temporary folders)
and prints the report, so every CI log carries the figures.
"""
import hashlib
import json
import os
import subprocess
import sys
import unittest

import hostlib

DATA = os.path.join(hostlib.SOURCE_DIR, "tests", "data", "triage")


def evaluate(folder):
    """`tact-host eval --json folder` in a private home; prints the report but its mismatches."""
    home = hostlib.Home()
    try:
        out = subprocess.run([hostlib.HOST_BIN, "eval", "--json", folder], env=home.env(),
                             capture_output=True, text=True, check=True, timeout=600)
    finally:
        home.cleanup()
    report = json.loads(out.stdout)
    print(json.dumps({k: v for k, v in report.items() if k != "mismatches"}, indent=1))
    return report


class TriageTargetsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.report = evaluate(DATA)

    def test_enough_cases(self):
        self.assertGreaterEqual(self.report["cases"], 600)

    def test_suspicious_precision(self):
        r = self.report
        self.assertGreaterEqual(r["suspicious_flagged"], 150)
        self.assertGreaterEqual(r["suspicious_precision"], 0.98)
        self.assertLessEqual(r["false_flags"], 1, r["false_flag_ids"])

    def test_no_false_flag_on_colleagues_or_many_mutuals(self):
        self.assertEqual(self.report["false_flags_protected"], 0, self.report["false_flag_ids"])

    def test_scam_recall_and_never_accepted(self):
        self.assertGreaterEqual(self.report["scam_recall"], 0.90, self.report["missed_scam_ids"])
        self.assertEqual(self.report["scams_in_accept"], 0)

    def test_bucket_agreement(self):
        self.assertGreaterEqual(self.report["bucket_agreement"], 0.85)

    def test_learning_ranks_by_the_users_taste(self):
        # Each replayed user's decisions are their scripted taste with one in
        # ten flipped at random; the taste itself is recorded beside each
        # decision (never shown to tact-host). The target, AUC >= 0.85
        # after 200 decisions, is checked for every user against the taste:
        # on 80 held-out decisions, where the flips land moves the AUC against
        # the decisions by several points even for a perfect learner.
        replays = self.report["replays"]
        self.assertEqual(len(replays), 4)
        for r in replays:
            self.assertGreaterEqual(r["auc_taste_after_200"], 0.85, r)
            # Regression floors a little under today's figures (0.943-0.996
            # against the taste, 0.816-0.906 against the decisions).
            self.assertGreaterEqual(r["auc_taste_after_200"], 0.92, r)
            self.assertGreaterEqual(r["auc_after_200"], 0.80, r)
            self.assertGreater(r["auc_after_200"], r["auc_first_50"], r)
            # Against the noisy decisions: close to what following the taste
            # perfectly scores on the same decisions.
            self.assertGreaterEqual(r["auc_after_200"], r["auc_ceiling_after_200"] - 0.1, r)
        aucs = [r["auc_after_200"] for r in replays]
        self.assertGreaterEqual(sum(aucs) / len(aucs), 0.85, replays)

    def test_replay_tastes_follow_their_rules(self):
        # The recorded tastes are what tests/data/triage/replay/taste.py
        # derives from each user's rules, with exactly 28 decisions flipped.
        out = subprocess.run([sys.executable, os.path.join(DATA, "replay", "taste.py")],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


HELD_OUT = os.path.join(hostlib.SOURCE_DIR, "tests", "data", "heldout")

# What the build scored on the held-out set when it was frozen, as floors: a
# change that loses ground on invitations nobody tuned to fails here. Raise
# them when the engine gets better; never lower them, never edit a case.
# Frozen 2026-12-03 at ee6bb0d: scam recall 0.478 (129 of 270), bucket agreement 0.8125,
# suspicious precision 0.992 (129 of 130), no protected false flag, 3 scams in Accept.
HELD_OUT_FLOORS = {
    "scam_recall": 0.477,
    "bucket_agreement": 0.812,
    "suspicious_precision": 0.992,
}
HELD_OUT_MAX = {"false_flags_protected": 0, "false_flags": 1, "scams_in_accept": 3}


class HeldOutTest(unittest.TestCase):
    """The frozen held-out set: unchanged since it was frozen, and no ground lost on it."""

    def test_the_set_is_unchanged(self):
        listed = {}
        with open(os.path.join(HELD_OUT, "SHA256SUMS"), encoding="utf-8") as f:
            for line in f:
                digest, name = line.split(None, 1)
                listed[name.strip().lstrip("*")] = digest
        present = sorted(os.path.relpath(os.path.join(d, n), HELD_OUT)
                         for d, _, names in os.walk(HELD_OUT) for n in names
                         if n not in ("SHA256SUMS", "README.md"))
        self.assertEqual(sorted(listed), present)
        for name, digest in listed.items():
            with open(os.path.join(HELD_OUT, name), "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), digest, name)

    def test_no_ground_lost(self):
        report = evaluate(HELD_OUT)
        self.assertGreaterEqual(report["cases"], 600)
        for key, floor in HELD_OUT_FLOORS.items():
            self.assertGreaterEqual(report[key], floor, key)
        for key, most in HELD_OUT_MAX.items():
            self.assertLessEqual(report[key], most, key)


if __name__ == "__main__":
    unittest.main()
