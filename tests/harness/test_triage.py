"""Triage through the real tact-host: classify, decide, learning, history, replies, review."""
import json
import os
import subprocess
import unittest

import hostlib
from hostlib import request

NOW = 1795000000  # 2026-11-18, fixed so ages and first_seen are repeatable
DAY = 86400

PROFILE = {
    "name": "Lena Hoffmann",
    "headline": "Senior backend engineer",
    "industry": "Financial services",
    "companies": ["Kontora Payments", "Orion Systems"],
    "schools": ["Technische Universität München"],
    "keywords": ["payments", "kafka", "go"],
    "location": "Berlin, Germany",
    "locale": "de",
    "account": "free",
}


def person(key, name, headline="", message="", mutuals=None, **extra):
    inv = {"key": key, "name": name, "headline": headline, "message": message}
    if mutuals is not None:
        inv["mutual_connections"] = mutuals
    inv.update(extra)
    return inv


class Session:
    """One data folder; each call runs the real host with a fixed clock."""

    def __init__(self, now=NOW):
        self.home = hostlib.Home()
        self.now = now
        self.next_id = 0

    def call(self, *messages, now=None):
        env = self.home.env(TACT_NOW=str(now or self.now))
        framed = []
        for rtype, params in messages:
            self.next_id += 1
            framed.append(request(self.next_id, rtype, params))
        replies = hostlib.call(env, framed)
        for reply in replies:
            assert reply["ok"], reply
        return [r["result"] for r in replies]

    def classify(self, *invitations, now=None):
        (result,) = self.call(("classify", {"invitations": list(invitations)}), now=now)
        return result["results"]

    def decide(self, key, decision, now=None):
        return self.call(("decide", {"key": key, "decision": decision}), now=now)[0]

    def close(self):
        self.home.cleanup()


class TriageTest(unittest.TestCase):
    def setUp(self):
        self.s = Session()
        self.s.call(("profile.set", {"profile": PROFILE}))

    def tearDown(self):
        self.s.close()

    def codes(self, result):
        return [r["code"] for r in result["reasons"]]

    def test_colleague_accepted_scam_flagged_with_reasons(self):
        colleague, scam, pitch = self.s.classify(
            person("/in/jana/", "Jana Nowak", "Platform engineer at Orion Systems",
                   "", mutuals=3, has_photo=False),
            person("/in/vic/", "Victor Lane", "Trading mentor",
                   "Hello dear, guaranteed returns of 30% weekly. WhatsApp me: +44 7700 900123",
                   mutuals=0),
            person("/in/sal/", "Sal Agent", "Lead generation expert | B2B appointment setting",
                   "Hi Lena, do you have 15 minutes this week? We book qualified meetings for "
                   "companies like yours.", mutuals=0))
        self.assertEqual(colleague["bucket"], "accept")
        self.assertFalse(colleague["suspicious"])
        self.assertIn("former_employer", self.codes(colleague))
        self.assertEqual(colleague["reasons"][0]["evidence"], "Orion Systems")
        self.assertTrue(scam["suspicious"])
        self.assertEqual(scam["bucket"], "ignore")
        self.assertEqual(scam["replies"], [])
        self.assertIn("danger", [b["tone"] for b in scam["badges"]])
        self.assertEqual(pitch["bucket"], "ignore")
        self.assertFalse(pitch["suspicious"])
        self.assertIn("sales", [b["id"] for b in pitch["badges"]])
        self.assertFalse(pitch["reply_advice"]["needed"])
        for result in (colleague, scam, pitch):
            weights = [abs(r["weight"]) for r in result["reasons"] if not r.get("counter")]
            self.assertEqual(weights, sorted(weights, reverse=True), "reasons by contribution")

    def test_substring_employer_is_not_a_colleague(self):
        (dental,) = self.s.classify(
            person("/in/den/", "Tom Berg", "Practice manager at Orion Dental Care", mutuals=0))
        self.assertNotIn("former_employer", self.codes(dental))
        self.assertNotIn("colleague", [b["id"] for b in dental["badges"]])

    def test_counter_reason_is_included(self):
        (mixed,) = self.s.classify(
            person("/in/mix/", "Mia Kurz", "Payments engineer at Kontora Payments",
                   "", mutuals=0, has_photo=False))
        signs = [r["weight"] for r in mixed["reasons"]]
        self.assertTrue(any(w > 0 for w in signs) and any(w < 0 for w in signs), mixed["reasons"])
        # Accepted: the reasons for it first, then the strongest against, marked.
        self.assertEqual(mixed["bucket"], "accept")
        self.assert_reasons_agree(mixed)
        self.assertEqual([r["code"] for r in mixed["reasons"] if r.get("counter")],
                         ["mutuals_none"], mixed["reasons"])

    def test_pages_never_accepted(self):
        (page,) = self.s.classify(
            person("/company/orion/", "Orion Systems", "Payments infrastructure", kind="page",
                   mutuals=40))
        self.assertNotEqual(page["bucket"], "accept")
        self.assertIn("kind", [b["id"] for b in page["badges"]])

    def test_replies_in_the_invitation_language(self):
        (fr,) = self.s.classify(
            person("/in/claire/", "Claire Martin", "Ingénieure backend chez Orion Systems",
                   "Bonjour Lena, ravie d'avoir travaillé avec vous chez Orion Systems. "
                   "Restons en contact !", mutuals=8))
        self.assertEqual(fr["language"], "fr")
        self.assertTrue(fr["replies"])
        self.assertTrue(all(r["lang"] == "fr" for r in fr["replies"]), fr["replies"])
        self.assertTrue(any("Claire" in r["text"] for r in fr["replies"]))
        for r in fr["replies"]:
            self.assertGreater(r["length"], 0)

    def test_repeat_after_ignore_suggests_formal_decline(self):
        inv = person("/in/rep/", "Rex Paul", "Consultant", "Hi Lena, let's connect.", mutuals=1)
        self.s.classify(inv)
        self.s.decide("/in/rep/", "ignored", now=NOW + 60)
        (again,) = self.s.classify(inv, now=NOW + 10 * DAY)
        self.assertEqual(again["history"]["previous_decision"], "ignored")
        self.assertEqual(again["history"]["times_seen"], 2)
        self.assertIn("repeat", [b["id"] for b in again["badges"]])
        self.assertEqual([r["intent"] for r in again["replies"]], ["formal_decline"])
        (history,) = self.s.call(("history.list", {"limit": 5}), now=NOW + 10 * DAY)
        self.assertEqual(history["items"][0]["times_invited"], 2)

    def test_strictness_moves_only_the_borderline_and_never_the_scam_checks(self):
        leaning_yes = person("/in/i/", "Ola Berg", "Data engineering lead", "Hello!", mutuals=4)
        leaning_no = person("/in/j/", "Eli Sund", "Student", mutuals=0)
        sure = person("/in/g/", "Tom Hale", "Engineer at Orion", mutuals=1)
        scam = person("/in/bad/", "Bad Actor", "Support",
                      "Your account will be restricted. Verify at linkedln-security.com now.")
        page = {"key": "/company/orion-fans/", "name": "Orion Fans", "kind": "page",
                "headline": "Engineer at Orion", "mutual_connections": 9}
        base = {"name": "Jana", "companies": ["Orion"], "keywords": ["kafka", "data engineering"]}
        buckets = {}
        for strictness in ("relaxed", "balanced", "strict"):
            self.s.call(("profile.set", {"profile": dict(base, strictness=strictness)}))
            results = self.s.classify(leaning_yes, leaning_no, sure, scam, page)
            buckets[strictness] = [(r["bucket"], r["suspicious"]) for r in results]
        self.assertEqual(buckets["balanced"], [("review", False), ("review", False), ("accept", False),
                                               ("ignore", True), ("review", False)])
        self.assertEqual(buckets["relaxed"][:2], [("accept", False), ("review", False)])
        self.assertEqual(buckets["strict"][:2], [("review", False), ("ignore", False)])
        for strictness in buckets:
            # The sure ones stay, the scam stays Suspicious, a page is never accepted unseen.
            self.assertEqual(buckets[strictness][2:], buckets["balanced"][2:], strictness)

    def test_signature_closes_every_reply_but_not_a_connection_note(self):
        inv = person("/in/tim/", "Tim Berg", "Engineer at Orion", "Great talk at the meetup!", mutuals=5)
        (plain,) = self.s.classify(inv)
        self.s.call(("profile.set", {"profile": {"name": "Jana", "signature": "Jana Nowak, Orion"}}))
        (signed,) = self.s.classify(inv)
        self.assertTrue(signed["replies"])
        # Tact's own sign-off ("Best,\nLena") gives way to the user's line.
        self.assertTrue(any(r["text"].endswith("\nLena") for r in plain["replies"]), plain["replies"])
        self.assertEqual([r["intent"] for r in signed["replies"]], [r["intent"] for r in plain["replies"]])
        for after in signed["replies"]:
            self.assertTrue(after["text"].endswith("\n\nJana Nowak, Orion"), after["text"])
            self.assertEqual(after["text"].count("Jana Nowak, Orion"), 1)
            self.assertNotIn("Lena", after["text"])
            self.assertNotIn("\nJana\n", after["text"] + "\n")
            self.assertEqual(after["length"], len(after["text"]))
        (asked,) = self.s.call(("replies", {"key": "/in/tim/", "intent": "how_know"}))
        self.assertTrue(asked["replies"][0]["text"].endswith("\n\nJana Nowak, Orion"))
        (note,) = self.s.call(("compose_invite", {"name": "Ana Lima", "how_we_met": "Web Summit"}))
        self.assertNotIn("Jana Nowak, Orion", note["text"])

    def test_company_burst_in_a_week(self):
        invs = [person("/in/acme%d/" % i, "Person %d" % i, "Account executive at Acmecorp",
                       mutuals=0) for i in range(4)]
        results = self.s.classify(*invs)
        self.assertNotIn("company_burst", [b["id"] for b in results[1]["badges"]])
        self.assertIn("company_burst", [b["id"] for b in results[3]["badges"]])
        (summary,) = self.s.call(("review.summary", {}))
        self.assertEqual(summary["company_bursts"], 1)

    def test_review_summary_counts_ages_and_expiry(self):
        old = person("/in/old/", "Olga Alt", "Engineer at Orion Systems", mutuals=2,
                     received_at="2026-06-01T08:00:00Z")
        fresh = person("/in/new/", "Nia Neu", "Kafka consultant", mutuals=0,
                       received_at="2026-11-16T08:00:00Z", received_text="2 days ago")
        scam = person("/in/bad/", "Bad Actor", "Support",
                      "Your account will be restricted. Verify at linkedln-security.com now.")
        self.s.classify(old, fresh, scam)
        (summary,) = self.s.call(("review.summary", {}))
        self.assertEqual(summary["pending"]["total"], 3)
        self.assertEqual(summary["pending"]["suspicious"], 1)
        self.assertEqual(summary["oldest_pending_days"], 170)
        self.assertEqual([i["key"] for i in summary["expiring_soon"]], ["/in/old/"])
        self.assertTrue(summary["this_week"][0]["suspicious"], summary["this_week"])
        # LinkedIn's own words travel with the item when the page showed them.
        nia = [i for i in summary["this_week"] if i["key"] == "/in/new/"][0]
        self.assertEqual(nia["received_text"], "2 days ago")
        self.assertEqual(set(nia), {"key", "name", "headline", "bucket", "suspicious", "days_pending", "received_text"})
        self.assertNotIn("received_text", summary["expiring_soon"][0])
        self.s.decide("/in/old/", "accepted")
        (after,) = self.s.call(("review.summary", {}))
        self.assertEqual(after["pending"]["total"], 2)

    def test_decisions_over_time(self):
        # NOW is Wednesday 2026-11-18; its week starts on Monday 2026-11-16.
        inv = person("/in/tim/", "Tim Berg", "Engineer", "Hi Lena", mutuals=3)
        other = person("/in/ute/", "Ute Sand", "Engineer", mutuals=3)
        self.s.classify(inv, other, now=NOW - 30 * DAY)
        self.s.decide("/in/tim/", "ignored", now=NOW - 30 * DAY)   # Monday 2026-10-19
        self.s.decide("/in/ute/", "accepted", now=NOW - 30 * DAY)
        self.s.classify(inv, now=NOW - DAY)
        self.s.decide("/in/tim/", "accepted", now=NOW - DAY)       # Tuesday, this week
        self.s.decide("/in/tim/", "messaged", now=NOW)
        (history,) = self.s.call(("history.list", {}))
        tim = [i for i in history["items"] if i["invitation"]["key"] == "/in/tim/"][0]
        self.assertEqual([(d["decision"], d["decided_at"]) for d in tim["decisions"]],
                         [("ignored", "2026-10-19T11:06:40Z"), ("accepted", "2026-11-17T11:06:40Z"),
                          ("messaged", "2026-11-18T11:06:40Z")])
        # One person's row alone, as the side panel asks for it; a key never seen has none.
        (only,) = self.s.call(("history.list", {"key": "/in/tim/"}))
        self.assertEqual(only["items"], [tim])
        self.assertNotIn("next_cursor", only)
        (none,) = self.s.call(("history.list", {"key": "/in/nobody/"}))
        self.assertEqual(none["items"], [])
        with self.assertRaisesRegex(AssertionError, 'Field "key" must be a string'):
            self.s.call(("history.list", {"key": 7}))
        (summary,) = self.s.call(("review.summary", {}))
        weeks = summary["decisions_by_week"]
        self.assertEqual([w["week"] for w in weeks],
                         ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26",
                          "2026-11-02", "2026-11-09", "2026-11-16"])
        self.assertEqual(weeks[3]["ignored"], 1)
        self.assertEqual(weeks[3]["accepted"], 1)
        self.assertEqual((weeks[7]["accepted"], weeks[7]["messaged"], weeks[7]["ignored"]), (1, 1, 0))
        self.assertEqual(sum(sum(v for k, v in w.items() if k != "week") for w in weeks), 4)

    def test_ignoring_never_teaches_fraud(self):
        pitches = [person("/in/p%d/" % i, "Seller %d" % i, "Growth agency founder",
                          "Hi Lena, quick call about lead generation for companies like yours?",
                          mutuals=0) for i in range(30)]
        self.s.classify(*pitches)
        for p in pitches:
            self.s.decide(p["key"], "ignored")
        (fresh,) = self.s.classify(person("/in/p99/", "Seller 99", "Growth agency founder",
                                          "Hi Lena, quick call about lead generation?",
                                          mutuals=0))
        self.assertFalse(fresh["suspicious"])
        self.assertEqual(fresh["learned_from"], 30)

    def test_a_running_host_learns_from_its_own_and_other_hosts_decisions(self):
        """One host stays up, as a browser's does: a decision it records itself and one a
        second host (another browser profile) records on the same folder both reach its
        model before its next classify."""
        env = self.s.home.env(TACT_NOW=str(NOW))
        proc = subprocess.Popen(hostlib.HOST_WRAPPER + [hostlib.HOST_BIN, "serve"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        ids = iter(range(1000, 2000))

        def ask(rtype, params):
            proc.stdin.write(request(next(ids), rtype, params))
            proc.stdin.flush()
            head = proc.stdout.read(4)
            (answer,) = hostlib.parse_frames(head + proc.stdout.read(int.from_bytes(head, "little")))
            self.assertTrue(answer["ok"], answer)
            return answer["result"]

        try:
            people = [person("/in/l%d/" % i, "Learner %d" % i, "Engineer") for i in range(3)]
            first = ask("classify", {"invitations": people})["results"]
            self.assertEqual(first[0]["learned_from"], 0)
            ask("decide", {"key": "/in/l0/", "decision": "accepted"})
            (after_own,) = ask("classify", {"invitations": people[:1]})["results"]
            self.assertEqual(after_own["learned_from"], 1, "its own decision")
            self.s.decide("/in/l1/", "ignored")  # a second host process
            (after_other,) = ask("classify", {"invitations": people[:1]})["results"]
            self.assertEqual(after_other["learned_from"], 2, "the other host's decision")
            (unchanged,) = ask("classify", {"invitations": people[:1]})["results"]
            self.assertEqual(unchanged["learned_from"], 2)
            # A profile another host stores (another browser, the options page there)
            # is the one this host reads on its next classify.
            self.s.call(("profile.set", {"profile": dict(PROFILE, locale="fr")}))
            (french,) = ask("classify", {"invitations": people[:1]})["results"]
            self.assertEqual(french["badges"][0]["label"], "Accepter" if french["bucket"] == "accept"
                             else {"review": "À examiner", "ignore": "Ignorer"}[french["bucket"]])
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
            proc.stdout.close()

    def test_an_unchanged_invitation_is_not_sealed_again(self):
        """Seen again as it was, only its counts change; seen changed, it is stored anew."""
        import sqlite3
        db = os.path.join(self.s.home.path, "tact.db")

        def stored():
            con = sqlite3.connect(db)
            try:
                return con.execute("SELECT record, record_digest, times_seen FROM invitations").fetchall()
            finally:
                con.close()

        inv = person("/in/same/", "Sam Same", "Engineer at Orion Systems", "Hello!")
        self.s.classify(inv)
        ((record, digest, seen),) = stored()
        self.assertEqual(len(digest), 16)
        self.s.classify(inv)
        ((record2, digest2, seen2),) = stored()
        self.assertEqual((record2, digest2, seen2), (record, digest, seen + 1))
        changed = dict(inv, headline="Staff engineer at Orion Systems")
        self.s.classify(changed)
        ((record3, digest3, seen3),) = stored()
        self.assertNotEqual(record3, record)
        self.assertNotEqual(digest3, digest)
        self.assertEqual(seen3, seen + 2)
        (history,) = self.s.call(("history.list", {}))
        self.assertEqual(history["items"][0]["invitation"]["headline"], "Staff engineer at Orion Systems")

    def test_report_scam_and_not_scam(self):
        inv = person("/in/odd/", "Odd Fellow", "Consultant", "Hi, let's talk.", mutuals=0)
        (before,) = self.s.classify(inv)
        self.assertFalse(before["suspicious"])
        self.s.decide("/in/odd/", "report_scam")
        (reported,) = self.s.classify(inv)
        self.assertTrue(reported["suspicious"])
        self.s.decide("/in/odd/", "not_scam")
        (cleared,) = self.s.classify(inv)
        self.assertFalse(cleared["suspicious"])
        self.assertIn("cleared_by_you", self.codes(cleared))

    def test_learning_follows_the_users_taste(self):
        """After 40 decisions, designers rank above engineers for a user who prefers them."""
        probe_designer = person("/in/probe-d/", "Dana Probe", "Product designer, design systems")
        probe_engineer = person("/in/probe-e/", "Eli Probe", "Firmware engineer, embedded C")
        cold = {r["key"]: r["accept_score"]
                for r in self.s.classify(probe_designer, probe_engineer)}
        for i in range(20):
            d = person("/in/d%d/" % i, "Designer %d" % i,
                       "UX designer · design systems · figma %d" % i, mutuals=1)
            e = person("/in/e%d/" % i, "Engineer %d" % i,
                       "Embedded engineer · firmware · C %d" % i, mutuals=1)
            self.s.classify(d, e)
            self.s.decide(d["key"], "accepted")
            self.s.decide(e["key"], "ignored")
        warm_d, warm_e = self.s.classify(
            person("/in/probe-d2/", "Dana Two", "Product designer, design systems"),
            person("/in/probe-e2/", "Eli Two", "Firmware engineer, embedded C"))
        self.assertGreater(warm_d["accept_score"], cold["/in/probe-d/"])
        self.assertLess(warm_e["accept_score"], cold["/in/probe-e/"])
        self.assertGreater(warm_d["accept_score"], warm_e["accept_score"])
        learned = [r for r in warm_e["reasons"] if r["code"] == "learned_taste"]
        self.assertTrue(learned, warm_e["reasons"])
        self.assertRegex(learned[0]["text"], r"^Sie haben \d+ ähnliche Einladungen ignoriert")

    def assert_reasons_agree(self, result):
        """Accept shows reasons for accepting, Ignore for ignoring; the one against is marked."""
        sign = {"accept": 1, "ignore": -1}.get(result["bucket"])
        if sign is None:
            return
        for reason in result["reasons"]:
            if not reason.get("counter"):
                self.assertGreaterEqual(reason["weight"] * sign, 0, result["reasons"])

    def test_one_sided_decisions_never_invert_the_rules(self):
        """A new user's first 3, 5 or 10 clicks, all one way, never move a sure card across buckets."""
        colleague = person("/in/probe-colleague/", "Jonas Weber",
                           "Backend engineer at Kontora Payments",
                           "Hi Lena, great working with you on the ledger migration, let's stay in touch!",
                           mutuals=17)
        pitch = person("/in/probe-growth/", "Max Growth",
                       "Growth hacker | I help SaaS founders book calls", mutuals=0)
        recruiters = ["Technical recruiter at Hays", "Talent acquisition partner | Hiring engineers",
                      "IT recruiter, Berlin", "Headhunter for fintech engineering",
                      "Recruiter at Michael Page", "Senior talent sourcer", "Executive search consultant",
                      "Recruitment consultant · engineering", "Tech recruiter at Randstad",
                      "Hiring for data teams"]
        for count in (3, 5, 10):
            for decision in ("accepted", "ignored"):
                with self.subTest(count=count, decision=decision):
                    s = Session()
                    try:
                        s.call(("profile.set", {"profile": PROFILE}))
                        for i in range(count):
                            key = "/in/one-sided-%d/" % i
                            if decision == "accepted":
                                inv = person(key, "Rec %d" % i, recruiters[i],
                                             "Hi Lena, I have an exciting role for you.", mutuals=2)
                            else:  # a user who ignores colleagues, for now
                                inv = person(key, "Kol %d" % i, "Engineer at Kontora Payments",
                                             "Hi Lena, let's connect!", mutuals=20)
                            s.classify(inv)
                            s.decide(key, decision)
                        warm, cold = s.classify(colleague, pitch)
                        self.assertEqual(warm["bucket"], "accept", warm)
                        self.assertNotEqual(cold["bucket"], "accept", cold)
                        self.assert_reasons_agree(warm)
                        self.assert_reasons_agree(cold)
                    finally:
                        s.close()

    def test_a_learned_pull_is_explained(self):
        """Once both kinds of decision exist, a card Tact moved says what it learned from."""
        for i in range(8):
            key = "/in/liked-rec-%d/" % i
            self.s.classify(person(key, "Rec %d" % i, "IT recruiter %d" % i,
                                   "Hi Lena, I have an exciting role for you.", mutuals=2))
            self.s.decide(key, "accepted")
            key = "/in/not-liked-%d/" % i
            self.s.classify(person(key, "Dent %d" % i, "Dentist in Lyon %d" % i, mutuals=0))
            self.s.decide(key, "ignored")
        (probe,) = self.s.classify(person("/in/rec-probe/", "Rita New", "Tech recruiter at Hays",
                                          mutuals=1))
        pulls = [r for r in probe["reasons"] if r["code"] == "learned_pull"]
        self.assertTrue(pulls, probe["reasons"])
        # The profile's locale is German, so is what Tact says.
        self.assertRegex(pulls[0]["text"], r"^Sie haben schon [1-9]\d*-mal angenommen: \w")
        self.assertGreater(pulls[0]["weight"], 0)
        self.assert_reasons_agree(probe)

    def test_reasons_badges_and_advice_in_the_users_language(self):
        """The profile's locale first, else the browser's UI language; replies keep the sender's."""
        colleague = person("/in/lang-probe/", "Jonas Weber", "Backend engineer at Kontora Payments",
                           "Hi Lena, great working with you on the ledger migration!", mutuals=17)
        no_locale = {k: v for k, v in PROFILE.items() if k != "locale"}
        self.s.call(("profile.set", {"profile": no_locale}))

        def texts(params):
            (result,) = self.s.call(("classify", dict(params, invitations=[colleague])))
            (r,) = result["results"]
            return r, [x["text"] for x in r["reasons"]], [b["label"] for b in r["badges"]]

        r, reasons, badges = texts({})
        self.assertIn("Works at your company, Kontora Payments", reasons)
        self.assertIn("Accept", badges)
        r, reasons, badges = texts({"ui_language": "fr-FR"})
        self.assertIn("Travaille dans votre entreprise, Kontora Payments", reasons)
        self.assertIn("17 relations en commun", reasons)
        self.assertEqual(badges[0], "Accepter")
        self.assertIn("17 en commun", badges)
        self.assertTrue(r["reply_advice"]["text"].startswith("Un court message"), r["reply_advice"])
        # Replies follow the invitation's language, not the UI's.
        self.assertEqual(r["language"], "en")
        self.assertTrue(r["replies"] and all(rep["lang"] == "en" for rep in r["replies"]), r["replies"])
        r, reasons, badges = texts({"ui_language": "xx"})
        self.assertIn("Accept", badges)
        # A locale set in the profile wins over the browser's.
        self.s.call(("profile.set", {"profile": dict(no_locale, locale="es")}))
        r, reasons, badges = texts({"ui_language": "fr"})
        self.assertIn("Trabaja en tu empresa, Kontora Payments", reasons)
        self.assertEqual(badges[0], "Aceptar")
        (reply,) = self.s.call(("replies", {"key": colleague["key"], "intent": "not_now",
                                            "ui_language": "fr"}))
        self.assertEqual(reply["reply_advice"]["text"], "La respuesta que pediste.", reply)

    def test_a_ui_language_that_is_not_a_string_is_refused(self):
        replies = hostlib.call(self.s.home.env(TACT_NOW=str(NOW)), [request(
            1, "classify", {"invitations": [], "ui_language": 7})])
        self.assertFalse(replies[0]["ok"], replies)
        self.assertEqual(replies[0]["error"]["code"], "bad_request")
        self.assertIn("ui_language", replies[0]["error"]["message"])

    def test_a_private_note_means_you_know_them(self):
        inv = person("/in/noted/", "Nora Ted", "Dentist", mutuals=0)
        (before,) = self.s.classify(inv)
        self.assertNotIn("known_contact", self.codes(before))
        self.s.call(("notes.put", {"key": "/in/noted/",
                                   "text": "Met at the Tegel fair; wants to talk about payments."}))
        (after,) = self.s.classify(inv)
        self.assertIn("known_contact", self.codes(after))
        self.assertGreater(after["accept_score"], before["accept_score"])

    def test_same_state_same_output(self):
        other = Session()
        try:
            other.call(("profile.set", {"profile": PROFILE}))
            invs = [person("/in/x%d/" % i, "X %d" % i, "Engineer at Orion Systems", "Hi!",
                           mutuals=i) for i in range(5)]
            self.assertEqual(self.s.classify(*invs), other.classify(*invs))
        finally:
            other.close()

    def test_bad_invitation_changes_nothing(self):
        env = self.s.home.env(TACT_NOW=str(NOW))
        replies = hostlib.call(env, [request(1, "classify", {"invitations": [
            person("/in/good/", "Good"), {"key": "/in/bad/", "name": 5}]}),
            request(2, "history.list", {})])
        self.assertEqual(replies[0]["error"]["code"], "bad_request")
        self.assertIn('Invitation 1: Field "name"', replies[0]["error"]["message"])
        self.assertEqual(replies[1]["result"]["items"], [])

    def test_large_batch_is_split_across_frames(self):
        note = ("Hi Lena, we met at the Kafka Summit in Berlin and talked about payment "
                "pipelines, idempotency and the joys of exactly-once delivery. ") * 2
        invs = [person("/in/big%04d/" % i, "Person %d" % i, "Engineer at Orion Systems",
                       note, mutuals=i % 30) for i in range(1500)]
        env = self.s.home.env(TACT_NOW=str(NOW))
        code, out, err = hostlib.run_host(["serve"], request(1, "classify", {"invitations": invs}),
                                          env, timeout=300)
        self.assertEqual(code, 0, err)
        frames = hostlib.parse_frames(out)  # asserts every frame is within 1 MiB
        self.assertGreater(len(frames), 1)
        self.assertEqual([f["part"] for f in frames], list(range(len(frames))))
        self.assertEqual([f["more"] for f in frames], [True] * (len(frames) - 1) + [False])
        keys = [r["key"] for f in frames for r in f["result"]["results"]]
        self.assertEqual(keys, [i["key"] for i in invs])

    def test_database_reveals_no_names_or_notes(self):
        secret_name = "Zyxwvut Qponmlk"
        secret_note = "Remember the blue submarine at Tegel"
        own = {"name": "Ottilie Brackwasser", "companies": ["Glimmerfeld Werke"],
               "schools": ["Hochschule Moorbach"], "location": "Quappendorf"}
        self.s.call(("profile.set", {"profile": own}))
        self.s.classify(person("/in/zyxwvut-qponmlk/", secret_name, "Unusualheadlineword",
                               secret_note, mutuals=1))
        self.s.decide("/in/zyxwvut-qponmlk/", "accepted")
        found = []
        scanned = set()
        for root, _, files in os.walk(self.s.home.path):
            for name in files:
                scanned.add(name)
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                for needle in (secret_name, "zyxwvut", "Zyxwvut", secret_note, "submarine",
                               "Unusualheadlineword", "unusualheadlineword", "Ottilie",
                               "Brackwasser", "Glimmerfeld", "glimmerfeld", "Moorbach",
                               "Quappendorf", "quappendorf"):
                    if needle.encode() in data:
                        found.append((name, needle))
        self.assertIn("tact.db", scanned)
        self.assertEqual(found, [])
        # The user's own profile comes back whole.
        (got,) = self.s.call(("profile.get", {}))
        self.assertEqual(got["profile"]["name"], "Ottilie Brackwasser")
        self.assertEqual(got["profile"]["companies"], ["Glimmerfeld Werke"])
        # ...yet the history gives the record back.
        (history,) = self.s.call(("history.list", {}))
        self.assertEqual(history["items"][0]["invitation"]["name"], secret_name)


class ClassifyCommandTest(unittest.TestCase):
    def test_table_and_json(self):
        home = hostlib.Home()
        try:
            path = os.path.join(home.path, "in.json")
            profile = os.path.join(home.path, "profile.json")
            with open(path, "w") as f:
                json.dump([person("/in/jana/", "Jana", "Engineer at Orion Systems", mutuals=7)], f)
            with open(profile, "w") as f:
                json.dump(PROFILE, f)
            env = home.env(TACT_NOW=str(NOW))
            table = subprocess.run([hostlib.HOST_BIN, "classify", "--profile", profile, path],
                                   env=env, capture_output=True, text=True, check=True).stdout
            self.assertRegex(table, r"accept .*/in/jana/")
            self.assertIn("Orion Systems", table)
            out = subprocess.run([hostlib.HOST_BIN, "classify", "--json", "--profile", profile,
                                  path], env=env, capture_output=True, text=True, check=True)
            self.assertEqual(json.loads(out.stdout)["results"][0]["bucket"], "accept")
            bad = subprocess.run([hostlib.HOST_BIN, "classify"], env=env, capture_output=True)
            self.assertEqual(bad.returncode, hostlib.EXIT_USAGE)
        finally:
            home.cleanup()


if __name__ == "__main__":
    unittest.main()
