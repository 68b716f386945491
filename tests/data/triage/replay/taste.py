#!/usr/bin/env python3
"""The scripted taste of each replay user, as code (README.md says it in words).

Every replay line carries "decision" (what the user did: the taste, with 28 lines
per file flipped as noise) and "taste" (what the taste alone says). tact-host
never sees "taste"; `tact-host eval` uses it to tell how closely the ranking
follows the taste, and what a perfect follower of the taste would score on the
noisy decisions.

  taste.py          check every file: "taste" agrees with the rules below, the
                    rules disagree with exactly 28 decisions, and the hidden
                    classes count as the README's tables say
  taste.py --write  (re)write the "taste" field of every line from the rules
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FLIPPED_PER_FILE = 28


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(*alternatives):
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


def headline(inv):
    return fold(inv.get("headline", ""))


def role(inv):
    """The job before the employer or place: "UX Writer · fintech · Recife" -> "ux writer"."""
    return re.split(r" · | @ | \| | at | au | a la | em |\(", headline(inv))[0]


# --- lena (berlin_backend): first match wins -------------------------------------------

LENA_CRYPTO = words(r"crypto\w*", r"krypto\w*", r"blockchain\w*", r"web3", r"defi", r"nfts?",
                    r"tokens?", r"tokeni[sz]\w*", r"stablecoins?", r"solidity(?:-\w+)?",
                    r"lightning network", r"bitcoin", r"ethereum", r"dao", r"digital assets?",
                    r"mica")
LENA_RECRUITER = words(r"\w*recruit\w*", r"headhunter(?:in)?", r"executive search",
                       r"talent \w+", r"personalberat\w*", r"sourcer")
LENA_AGENCY = words(r"agenc(?:y|ies)", r"\w*agentur", r"consultanc(?:y|ies)", r"consulting",
                    r"consultant", r"\w*beratung", r"berater(?:in)?", r"nearshore", r"offshore",
                    r"outsourcing", r"staff augmentation", r"freelanc\w*", r"lead generation",
                    r"training company", r"coaching", r"software house", r"it-dienstleister",
                    r"dienstleister", r"development centre", r"dedicated teams")
LENA_FINANCE = words(r"fintech", r"insurtech", r"regtech", r"\w*bank(?:s|en|ing)?",
                     r"open banking", r"banking-as-a-service", r"payments?", r"bnpl", r"psd2",
                     r"sepa(?: instant)?", r"cards?", r"card issu\w*", r"\w*kreditkart\w*",
                     r"lending", r"insurance", r"insurers?", r"\w*versicherung(?:en)?",
                     r"treasury", r"zahlungsverkehr", r"kontofuhrung", r"aml",
                     r"transaction monitoring", r"merchant acquiring", r"wealth management",
                     r"zahlwerk", r"expense-management")


def lena_class(inv):
    h = headline(inv)
    if LENA_CRYPTO.search(h):
        return "crypto / web3"
    # An executive-search "consultant" or a Personalberatung is a recruiter.
    if LENA_RECRUITER.search(h):
        return "recruiters"
    if LENA_AGENCY.search(h):
        return "agencies & consultancies"
    if LENA_FINANCE.search(h):
        return "fintech / banking / insurance"
    if (inv.get("mutual_connections") or 0) >= 15:
        return "other field, >=15 mutuals"
    return "other field, <15 mutuals"


# --- mariana (saopaulo_designer): a designer, or anyone in São Paulo ----------------------

MARIANA_DESIGN = words(r"design", r"designer", r"ux", r"ui", r"ilustrador", r"ilustradora",
                       r"diretora de arte", r"diretor de arte", r"art director", r"motion",
                       r"ux writer", r"brand")
MARIANA_TECH = words(r"desenvolvedor", r"desenvolvedora", r"developer", r"engineer",
                     r"engenheiro", r"engenheira", r"dev", r"devops", r"sre", r"qa", r"dados",
                     r"data", r"tech lead", r"arquiteto", r"analista de sistemas", r"cientista",
                     r"backend", r"frontend")
MARIANA_CITY = words(r"sao paulo", r"sp", r"sampa", r"paulistan[ao]s?")


def mariana_class(inv):
    in_city = MARIANA_CITY.search(headline(inv) + " " + fold(inv.get("message", "")))
    if MARIANA_DESIGN.search(role(inv)):
        return "designer in SP" if in_city else "designer, not in SP"
    kind = "engineer / data" if MARIANA_TECH.search(role(inv)) else "marketing / sales / HR / other"
    return kind + (" in SP" if in_city else " elsewhere")


# --- camille (lyon_health): care people, never recruiters -----------------------------------

CAMILLE_RECRUITER = words(r"recrut\w*", r"recruit\w*", r"talent acquisition", r"talent partner",
                          r"headhunt\w*", r"chasseu(?:r|se)s? de tetes?",
                          r"cabinet de recrutement", r"staffing")
CAMILLE_CARE = words(
    r"infirmi\w*", r"ide", r"nurse\w*", r"nursing", r"aide[- ]soignant\w*", r"sage[- ]femmes?",
    r"midwi\w*", r"puericultri\w*", r"cadre de sante", r"directri\w* des soins",
    r"directeur des soins", r"medecin\w*", r"praticien hospitalier", r"interne en medecine",
    r"internes?", r"doctor", r"physician", r"pharmacien\w*", r"pharmacist", r"pharmacovigilance",
    r"kinesitherapeute\w*", r"kine", r"physiotherap\w*", r"ergotherapeute\w*",
    r"orthophoniste\w*", r"dieteticien\w*", r"dietitian\w*", r"psychologue\w*",
    r"psychologist\w*", r"manipulat\w* en radiologie", r"radiograph\w*", r"si hospitalier",
    r"hospital manager", r"responsable qualite et gestion des risques en sante",
    r"public health", r"sante publique", r"epidemiolog\w*", r"biostatisti\w*",
    r"recherche clinique", r"clinical (?:research|data)", r"etudes? cliniques?", r"health data",
    r"(?:ingenieur|engineer) biomedical", r"biomedical engineer\w*")


def camille_class(inv):
    if CAMILLE_RECRUITER.search(headline(inv)):
        return "recruiters"
    if CAMILLE_CARE.search(re.split(r" +[·|] +| +(?:au|a la|at) +", headline(inv))[0]):
        return "health care"
    return "other sectors"


# --- javier (madrid_sales): sellers and founders; no HR, no students -----------------------

JAVIER_HR = words(r"recruiter", r"reclutador(?:a)?", r"headhunter", r"executive search",
                  r"talent acquisition", r"talent partner", r"talent",
                  r"consultor(?:a)? de seleccion", r"seleccion de (?:perfiles|personal)",
                  r"rr\.? ?hh\.?", r"recursos humanos", r"hr business partner", r"hr(?! tech)",
                  r"human resources", r"director(?:a)? de personas", r"people (?:&|and) culture")
JAVIER_STUDENT = words(r"estudiante", r"student", r"intern(?:ship)?", r"becari[oa]s?",
                       r"practicas", r"trainee", r"en formacion", r"recien graduad[oa]",
                       r"graduad[oa] en", r"buscando (?:primer empleo|oportunidades)",
                       r"primer empleo", r"junior")
JAVIER_SALES = words(r"account executive", r"ejecutiv[oa] de cuentas", r"gerente de cuentas",
                     r"key account manager", r"sdr", r"bdr", r"inside sales",
                     r"sales manager(?: iberia)?", r"head of sales", r"director(?:a)? de ventas",
                     r"jef[ea] de ventas", r"director(?:a)? comercial", r"comercial b2b",
                     r"channel manager", r"partner manager", r"director(?:a)? de alianzas",
                     r"customer success(?: manager)?", r"country manager",
                     r"business development(?: manager)?", r"desarrollo de negocio",
                     r"director(?:a)? de expansion")
JAVIER_FOUNDER = words(r"founder", r"co-?founder", r"fundador(?:a)?", r"cofundador(?:a)?",
                       r"ceo", r"emprendedor(?:a)?", r"entrepreneur")


def javier_class(inv):
    h = headline(inv)
    if JAVIER_HR.search(h):
        return "recruiters / HR"
    if JAVIER_STUDENT.search(h):
        return "students / interns"
    if JAVIER_SALES.search(h):
        return "sales / business development"
    if JAVIER_FOUNDER.search(h):
        return "founders / CEOs"
    return "other role, with a note" if (inv.get("message") or "").strip() else "other role, no note"


# Per user: the hidden class, the classes the taste accepts, and the README's table
# (class: accepted, ignored by the recorded decisions).
USERS = {
    "lena": (lena_class, {
        "fintech / banking / insurance": (55, 10), "recruiters": (33, 5),
        "agencies & consultancies": (7, 47), "crypto / web3": (0, 27),
        "other field, >=15 mutuals": (21, 3), "other field, <15 mutuals": (3, 69)},
        {"fintech / banking / insurance", "recruiters", "other field, >=15 mutuals"}),
    "mariana": (mariana_class, {
        "designer, not in SP": (71, 5), "designer in SP": (23, 2),
        "engineer / data in SP": (25, 5), "marketing / sales / HR / other in SP": (29, 2),
        "engineer / data elsewhere": (8, 49), "marketing / sales / HR / other elsewhere": (6, 55)},
        {"designer, not in SP", "designer in SP", "engineer / data in SP",
         "marketing / sales / HR / other in SP"}),
    "camille": (camille_class, {
        "health care": (131, 12), "recruiters": (6, 51), "other sectors": (10, 70)},
        {"health care"}),
    "javier": (javier_class, {
        "sales / business development": (71, 12), "founders / CEOs": (30, 4),
        "recruiters / HR": (1, 32), "students / interns": (0, 39),
        "other role, with a note": (33, 4), "other role, no note": (7, 47)},
        {"sales / business development", "founders / CEOs", "other role, with a note"}),
}


def taste(user, inv):
    classify, _, accepted = USERS[user]
    return "accepted" if classify(inv) in accepted else "ignored"


def problems(user, rows):
    """What is wrong with one file's taste fields, as sentences (empty when all is well)."""
    classify, table, _ = USERS[user]
    counts = {}
    found = []
    flipped = 0
    for row in rows:
        inv = row["invitation"]
        liked = taste(user, inv)
        counts.setdefault(classify(inv), [0, 0])[row["decision"] != "accepted"] += 1
        flipped += liked != row["decision"]
        if row.get("taste") != liked:
            found.append(f"{user} line {row['seq']}: taste should be {liked}")
    if flipped != FLIPPED_PER_FILE:
        found.append(f"{user}: the rules disagree with {flipped} decisions, "
                     f"not {FLIPPED_PER_FILE}")
    for name, (acc, ign) in table.items():
        if tuple(counts.pop(name, (0, 0))) != (acc, ign):
            found.append(f"{user}: class {name!r} does not count {acc} accepted, {ign} ignored")
    found += [f"{user}: unexpected class {name!r}" for name in counts]
    return found


def load(user):
    with open(os.path.join(HERE, user + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv):
    found = []
    for user in USERS:
        rows = load(user)
        if "--write" in argv:
            with open(os.path.join(HERE, user + ".jsonl"), "w", encoding="utf-8") as f:
                for row in rows:
                    row["taste"] = taste(user, row["invitation"])
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
        found += problems(user, rows)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
