/*
 * test_rules: scam families fire on new hand-written notes in each language,
 * damning requests are critical, legitimate look-alikes stay clean, and
 * organisations match as whole names with their aliases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <json-c/json.h>

#include "tact/rules.h"
#include "tact/text.h"

static struct tact_rules_profile profile;

static int setup(void **state)
{
	const char *json =
		"{\"name\":\"Tess Example\",\"headline\":\"Platform engineer at Vardo Freight\","
		"\"industry\":\"Logistics\",\"companies\":[\"Vardo Freight\",\"Kelpie Labs\","
		"\"Marrow & Finch\"],\"schools\":[\"Technische Universität Dresden\","
		"\"Universidad de Salamanca\"],\"keywords\":[\"rust\",\"routing\",\"logistics\"],"
		"\"location\":\"Dresden, Germany\",\"locale\":\"de\"}";
	json_object *p = json_tokener_parse(json);

	(void)state;
	tact_rules_profile_load(p, &profile);
	json_object_put(p);
	return 0;
}

static void eval_for(const struct tact_rules_profile *who, const char *name, const char *headline,
		     const char *note, int64_t mutuals, struct tact_signals *s)
{
	struct tact_invitation inv;
	struct tact_rules_facts facts;

	memset(&inv, 0, sizeof(inv));
	memset(&facts, 0, sizeof(facts));
	inv.key = "/in/someone/";
	inv.kind = "person";
	inv.name = name;
	inv.headline = headline;
	inv.profile_url = "";
	inv.message = note;
	inv.received_text = "";
	inv.received_at = "";
	inv.mutuals = mutuals;
	inv.has_photo = 1;
	assert_int_equal(tact_rules_evaluate(&inv, who, &facts, NULL, NULL, s), TACT_OK);
}

static void eval(const char *name, const char *headline, const char *note, int64_t mutuals,
		 struct tact_signals *s)
{
	eval_for(&profile, name, headline, note, mutuals, s);
}

static const char *evidence_of(const struct tact_signals *s, enum tact_rule rule)
{
	for (size_t i = 0; i < s->hit_count; i++) {
		if (s->hits[i].rule == rule)
			return s->hits[i].evidence;
	}
	return NULL;
}

static int has(const struct tact_signals *s, enum tact_rule rule)
{
	for (size_t i = 0; i < s->hit_count; i++) {
		if (s->hits[i].rule == rule)
			return 1;
	}
	return 0;
}

struct family_case {
	enum tact_family family;
	const char *headline;
	const char *note;
};

/* Each note shows its family clearly enough that the family fires. */
static const struct family_case family_cases[] = {
	{TACT_FAMILY_OFF_PLATFORM, "Trader", "I hardly check this site, message me on Telegram @rowan_fx77"},
	{TACT_FAMILY_OFF_PLATFORM, "Conseil", "Je suis rarement sur LinkedIn, écrivez-moi sur WhatsApp au +33 6 12 34 00 98"},
	{TACT_FAMILY_OFF_PLATFORM, "Beratung", "Ich bin selten online, schreib mir lieber auf WhatsApp: +49 151 2345 0099"},
	{TACT_FAMILY_OFF_PLATFORM, "Asesor", "Aquí casi no entro, escríbeme por Telegram @asesor_ruiz"},
	{TACT_FAMILY_OFF_PLATFORM, "Consultor", "Quase não uso o LinkedIn, me chama no zap (21) 9 8765-4321"},
	{TACT_FAMILY_MONEY, "Mentor", "My staking pool pays a 3% daily yield and you can withdraw any time"},
	{TACT_FAMILY_MONEY, "Gestion", "Placement crypto avec un rendement de 6 % par mois, sans aucun risque"},
	{TACT_FAMILY_MONEY, "Anlage", "Festgeld mit 7 % Zinsen pro Monat, garantiert"},
	{TACT_FAMILY_MONEY, "Inversor", "Grupo privado de forex con beneficios diarios garantizados"},
	{TACT_FAMILY_MONEY, "Investidor", "Robô de trade com lucro garantido, entre no grupo VIP"},
	{TACT_FAMILY_FEES, "Officer", "Your grant is approved. Pay the $180 release fee to receive it"},
	{TACT_FAMILY_FEES, "Service", "Un colis est bloqué à votre nom, réglez 3,50 € de frais de port"},
	{TACT_FAMILY_FEES, "Notar", "Für die Auszahlung nennen Sie bitte Ihre Bankverbindung"},
	{TACT_FAMILY_FEES, "Premios", "Enhorabuena, ha ganado un viaje. Envíe sus datos bancarios"},
	{TACT_FAMILY_FEES, "Prêmios", "Você ganhou um sorteio! Confirme seus dados bancários"},
	{TACT_FAMILY_JOB_LURE, "HR", "No interview needed, earn $300 per day liking videos from your phone"},
	{TACT_FAMILY_JOB_LURE, "RH", "Aucun entretien : 90 € par jour, assistants à distance recherchés"},
	{TACT_FAMILY_JOB_LURE, "HR", "Nebenjob ohne Vorstellungsgespräch, 40 € pro Stunde"},
	{TACT_FAMILY_JOB_LURE, "RRHH", "Trabajo a tiempo parcial desde casa, sin entrevista"},
	{TACT_FAMILY_JOB_LURE, "RH", "Trabalho em casa sem entrevista, sem experiência"},
	{TACT_FAMILY_ROMANCE, "Captain", "Hello dear, I am widowed and lonely at sea, looking to share my life"},
	{TACT_FAMILY_ROMANCE, "Pilote", "Tu es charmante sur ta photo, je me sens seul"},
	{TACT_FAMILY_ROMANCE, "Arzt", "Hallo meine Liebe, ich finde dich sehr attraktiv"},
	{TACT_FAMILY_ROMANCE, "Médico", "Hola guapa, me cautivó tu sonrisa, busco alguien especial"},
	{TACT_FAMILY_ROMANCE, "Engenheiro", "Olá querida, sou viúvo e procurando uma companheira"},
	{TACT_FAMILY_PHISHING, "Editor", "Is this you in this video? bit.ly/3xQ9zz"},
	{TACT_FAMILY_PHISHING, "RH", "Merci de confirmer votre mot de passe pour le dossier"},
	{TACT_FAMILY_PHISHING, "Personal", "Bitte senden Sie uns Ihr Passwort für die Umstellung"},
	{TACT_FAMILY_PHISHING, "RRHH", "Confirme su contraseña para acceder a la oferta"},
	{TACT_FAMILY_PHISHING, "RH", "Informe sua senha para liberar o pagamento"},
	{TACT_FAMILY_IMPERSONATION, "Verification Department · LinkedIn Corporation", "Your profile needs a review"},
	{TACT_FAMILY_MLM, "Independent Distributor", "I'm building a team, starter kit included, earn for each person who joins"},
	{TACT_FAMILY_MLM, "Conseillère indépendante", "Je développe mon équipe, complément de revenus depuis son téléphone"},
	{TACT_FAMILY_MLM, "Vertriebspartnerin", "Baue nebenbei dein eigenes Business mit unserem Partnerprogramm auf"},
	{TACT_FAMILY_MLM, "Distribuidora independiente", "Estoy ampliando mi equipo, no es un trabajo"},
	{TACT_FAMILY_MLM, "Marketing multinível", "Estou montando uma equipe, renda extra sem sair de casa"},
};

static void test_families_fire(void **state)
{
	struct tact_signals s;

	(void)state;
	for (size_t i = 0; i < sizeof(family_cases) / sizeof(family_cases[0]); i++) {
		eval("Sam Doe", family_cases[i].headline, family_cases[i].note, 0, &s);
		if (!s.family_fired[family_cases[i].family])
			fail_msg("case %zu (\"%s\") did not fire family %d", i, family_cases[i].note,
				 (int)family_cases[i].family);
	}
}

/* Requests that are damning on their own are critical, even from someone
 * who claims the user's employer and has mutual connections. */
static void test_critical_requests(void **state)
{
	static const char *const notes[] = {
		"Please reply with your username and password so we can migrate your mailbox",
		"Send me the 6-digit code we just texted you",
		"Please attach a copy of your passport to finish onboarding",
		"Could you buy four gift cards for a client and send the codes?",
		"Update your IBAN here so payroll goes through",
		"Pay the $75 equipment fee before your start date",
		"Download the brief and enable macros to read it",
		"Clone our repo and run npm install locally for the test",
		"You have won our yearly draw, claim your prize now",
		"A late client left dormant funds; you will get 40% of the total",
		"I am in a board meeting, do me a confidential favour: WhatsApp me on +49 151 2222 3333 right away",
	};
	struct tact_signals s;

	(void)state;
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		eval("Alex Roe", "Head of People at Vardo Freight", notes[i], 6, &s);
		if (!s.critical)
			fail_msg("not critical: \"%s\"", notes[i]);
		assert_true(s.strong_legit); /* critical overrides the shared employer */
	}
}

/* Look-alike links: a brand or the user's employer in a host that is not
 * their own domain. The real domains are fine. */
static void test_lookalike_links(void **state)
{
	static const char *const bad[] = {
		"Apply on careers-amazon.jobs-portal.net today",
		"Your contract: vardo-payroll.com/sign",
		"Files at dropbox-files.share-secure.org/x",
		"Check the brief at paypa1.com/invoice",
	};
	static const char *const good[] = {
		"The patch is at https://github.com/tess/routing-lib/pull/9, thanks for the review!",
		"Slides from the meetup: https://www.meetup.com/rust-dresden/events/123456789/",
		"Our careers page: https://careers.google.com/jobs/results/",
	};
	struct tact_signals s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eval("Kim Poe", "Recruiter", bad[i], 0, &s);
		if (!s.critical)
			fail_msg("look-alike not caught: \"%s\"", bad[i]);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		eval("Kim Poe", "Rust developer", good[i], 3, &s);
		if (s.families != 0)
			fail_msg("real link flagged: \"%s\"", good[i]);
	}
}

/* Legitimate notes that share words with scams stay clean. */
static void test_legit_traps(void **state)
{
	static const struct {
		const char *headline;
		const char *note;
	} cases[] = {
		{"Driver at Vardo Freight", "The depot's football group chat is on WhatsApp, I'll add you"},
		{"Ingeniera · Vardo Freight", "Te añado al grupo de Telegram del equipo de rutas"},
		{"Talent Partner", "Kindly accept: senior Rust role, salary 85–95k € plus bonus, hybrid in Dresden"},
		{"Founder 🚀 10x faster routing", "Loved your post on route caching, would value your eyes on our beta"},
		{"Maintainer", "Thanks for the bug report! Fixed in https://github.com/fleetkit/core/pull/31"},
		{"Investment adviser", "Happy to do a free portfolio review, no promises, just a second opinion"},
		{"Engineer", "Can we chat about the routing talk next week?"},
	};
	struct tact_signals s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		eval("Lee Moe", cases[i].headline, cases[i].note, 12, &s);
		if (s.critical || s.families >= 2)
			fail_msg("legit note looks suspicious: \"%s\"", cases[i].note);
	}
	/* A colleague mentioning the app for a group chat fires no family. */
	eval("Lee Moe", "Dispatcher at Vardo Freight", "The night shift group chat lives on WhatsApp", 8, &s);
	assert_int_equal(s.families, 0);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
}

static void test_org_matching(void **state)
{
	struct tact_signals s;

	(void)state;
	/* Alias without the descriptor word, and the legal form. */
	eval("A B", "Planner at Vardo", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
	eval("A B", "Planner at Vardo Freight GmbH", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
	eval("A B", "Former Kelpie Labs engineer", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	/* A longer name that starts the same is another organisation. */
	eval("A B", "Owner · Vardo Bakery Supplies", "", 2, &s);
	assert_false(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
	eval("A B", "Nurse at Kelpie Veterinary Clinic", "", 2, &s);
	assert_false(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	eval("A B", "Partner at Finch & Daughters", "", 2, &s);
	assert_false(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	/* "&" written as "and", or as initials. */
	eval("A B", "Analyst · Marrow and Finch", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	eval("A B", "Analyst | M&F", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	/* Office places after the name are the same organisation. */
	eval("A B", "Recruiter at Marrow & Finch Madrid", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_PAST));
	/* Schools: TU short names and exonyms; a city alone is not the school. */
	eval("A B", "PhD student, TU Dresden", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_SCHOOL));
	eval("A B", "Alumna of the Technical University of Dresden", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_SCHOOL));
	eval("A B", "Graduate of Salamanca, now in Lisbon", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_SCHOOL));
	eval("A B", "Tour guide in Salamanca", "", 2, &s);
	assert_false(has(&s, TACT_RULE_SHARED_SCHOOL));
	/* The evidence of an acronym is the acronym, not the bytes after it
	 * (once cut inside a character: fuzz_rules). */
	eval("A B", "Alumni TUD%%%0%%%ンジニアンジニア", "", 2, &s);
	assert_true(has(&s, TACT_RULE_SHARED_SCHOOL));
	assert_string_equal(evidence_of(&s, TACT_RULE_SHARED_SCHOOL), "TUD");
	/* A salesperson naming the company in the note is not a colleague. */
	eval("A B", "Account executive · Fleet telematics", "Is Vardo Freight reviewing telematics this year?", 0, &s);
	assert_false(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
	/* A newcomer saying they are joining is. */
	eval("A B", "", "I'm starting as a dispatcher at Vardo Freight next month", 0, &s);
	assert_true(has(&s, TACT_RULE_SHARED_EMPLOYER_CURRENT));
}

static void test_names_org_public(void **state)
{
	struct tact_folded f;
	const char *text = "Engineer at Orion Dental Care";

	(void)state;
	assert_int_equal(tact_text_fold(text, strlen(text), &f), TACT_OK);
	assert_false(tact_rules_names_org(&f, "orion"));
	assert_true(tact_rules_names_org(&f, "orion dental care"));
	tact_text_folded_free(&f);
	text = "Engineer at Orion GmbH";
	assert_int_equal(tact_text_fold(text, strlen(text), &f), TACT_OK);
	assert_true(tact_rules_names_org(&f, "orion"));
	tact_text_folded_free(&f);
}

static void test_headline_company_keeps_utf8(void **state)
{
	char out[TACT_RULES_COMPANY_MAX];

	(void)state;
	tact_rules_headline_company("Founder @ Rocketly 🚀 | Helping teams", out, sizeof(out));
	assert_string_equal(out, "Rocketly 🚀");
	tact_rules_headline_company("Ingénieure chez Vardo – Dresde", out, sizeof(out));
	assert_string_equal(out, "Vardo");
}

static uint64_t plain_hash(void *ctx, const char *word, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * 1099511628211ull;
	return h;
}

static int valid_utf8(const char *s)
{
	size_t len = strlen(s);
	size_t pos = 0;

	while (pos < len) {
		size_t before = pos;
		if (tact_text_decode(s, len, &pos) == TACT_TEXT_REPLACEMENT && pos - before == 1)
			return 0;
	}
	return 1;
}

/* Found by fuzz_rules: names, companies and word prefixes cut to a buffer
 * must never end inside a character. */
static void test_cut_strings_stay_utf8(void **state)
{
	struct tact_invitation inv;
	struct tact_rules_facts facts;
	struct tact_signals s;
	/* A first word of 72 bytes of CJK, then a company whose 31st byte
	 * falls inside an emoji, then a word whose fifth byte starts a letter. */
	const char *name = "山田太郎山田太郎山田太郎山田太郎山田太郎山田太郎 Example";
	const char *headline = "Engineer at Kontora WhatsApp +44 7700 90 😀 team";
	const char *note = "Platform engiАnna says hi";

	(void)state;
	memset(&inv, 0, sizeof(inv));
	memset(&facts, 0, sizeof(facts));
	inv.key = "/in/cut/";
	inv.kind = "person";
	inv.name = name;
	inv.headline = headline;
	inv.profile_url = "";
	inv.message = note;
	inv.received_text = "";
	inv.received_at = "";
	inv.mutuals = 3;
	inv.has_photo = 1;
	assert_int_equal(tact_rules_evaluate(&inv, &profile, &facts, plain_hash, NULL, &s), TACT_OK);
	assert_true(valid_utf8(s.first_name));
	assert_true(strlen(s.first_name) > 0);
	assert_true(valid_utf8(s.company));
	for (size_t i = 0; i < s.token_count; i++)
		assert_true(valid_utf8(s.token_text[i]));
	for (size_t i = 0; i < s.hit_count; i++)
		assert_true(valid_utf8(s.hits[i].evidence));

	/* An amount's evidence takes a few bytes either side of it, which can
	 * start inside a character (fuzz_rules, at 4.7M executions). */
	inv.name = "seccccbc";
	inv.headline = "";
	inv.message = "%%%de inscripcion\xe3\x84\x99"
		      "ccccc4wp wkw$6u";
	assert_int_equal(tact_rules_evaluate(&inv, &profile, &facts, plain_hash, NULL, &s),
			 TACT_OK);
	int fee = 0;
	for (size_t i = 0; i < s.hit_count; i++) {
		assert_true(valid_utf8(s.hits[i].evidence));
		fee |= s.hits[i].rule == TACT_RULE_SCAM_FEES;
	}
	assert_true(fee);
}

static void test_phone_not_in_links(void **state)
{
	struct tact_signals s;

	(void)state;
	eval("A B", "Organiser", "RSVP: https://www.meetup.com/rust-dresden/events/301234567/", 4, &s);
	assert_false(s.family_fired[TACT_FAMILY_OFF_PLATFORM]);
}

/* The user's city counts under the names people write in headlines and
 * notes, and the reason quotes the card's own words. */
static void test_city_under_any_name(void **state)
{
	static struct tact_rules_profile elsewhere;
	static const struct {
		const char *headline;
		const char *note;
		const char *evidence; /* NULL: the city is not named */
	} cases[] = {
		{"Contadora · varejo · São Paulo", "", "São Paulo"},
		{"Engenheiro de Software | SP", "", "SP"},
		{"QA Analyst · Sampa", "", "Sampa"},
		{"Tech Lead · Zona Oeste de SP", "", "SP"},
		{"Analista de Dados", "Oi! Sou paulistana e trabalho com pesquisa.", "paulistana"},
		{"Designer · Campinas", "Vamos nos conectar?", NULL},
		{"Spark developer · Spain", "", NULL},
		{"Analista · interior", "Trabalho com SPSS", NULL},
		/* "City, SP" is another city of São Paulo state. */
		{"Designer · Campinas, SP", "", NULL},
		{"Analista · Santos - SP", "", NULL},
		{"Contador · Sorocaba/SP", "", NULL},
		{"Engenheira · São Paulo, SP", "", "São Paulo"},
		{"Engenheira · Campinas, SP", "Mudei para SP em março", "SP"},
	};
	json_object *p = json_tokener_parse("{\"location\":\"Greater São Paulo Area, Brazil\"}");
	struct tact_signals s;

	(void)state;
	tact_rules_profile_load(p, &elsewhere);
	json_object_put(p);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		eval_for(&elsewhere, "Ana Lima", cases[i].headline, cases[i].note, 3, &s);
		const char *got = evidence_of(&s, TACT_RULE_SAME_CITY);
		if (cases[i].evidence == NULL && got != NULL)
			fail_msg("\"%s\" names the city? (%s)", cases[i].headline, got);
		if (cases[i].evidence != NULL && (got == NULL || strcmp(got, cases[i].evidence) != 0))
			fail_msg("\"%s\": expected %s, got %s", cases[i].headline, cases[i].evidence,
				 got != NULL ? got : "nothing");
	}
	/* A city Tact has no other names for is matched as the location writes it. */
	eval("Ina Roth", "Backend engineer · Dresden", "", 3, &s);
	assert_string_equal(evidence_of(&s, TACT_RULE_SAME_CITY), "Dresden");
	eval("Ina Roth", "Filialleiterin · Dresdner Volksbank", "", 3, &s);
	assert_null(evidence_of(&s, TACT_RULE_SAME_CITY));
	/* However long its name. */
	p = json_tokener_parse("{\"location\":\"Saint-Rémy-de-Provence-sur-Durance-Haute, France\"}");
	tact_rules_profile_load(p, &elsewhere);
	json_object_put(p);
	eval_for(&elsewhere, "Léa Roux", "Boulangère · Saint-Rémy-de-Provence-sur-Durance-Haute", "", 3, &s);
	assert_string_equal(evidence_of(&s, TACT_RULE_SAME_CITY),
			    "Saint-Rémy-de-Provence-sur-Durance-Haute");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families_fire),
		cmocka_unit_test(test_critical_requests),
		cmocka_unit_test(test_lookalike_links),
		cmocka_unit_test(test_legit_traps),
		cmocka_unit_test(test_org_matching),
		cmocka_unit_test(test_names_org_public),
		cmocka_unit_test(test_headline_company_keeps_utf8),
		cmocka_unit_test(test_phone_not_in_links),
		cmocka_unit_test(test_cut_strings_stay_utf8),
		cmocka_unit_test(test_city_under_any_name),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
