#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/replies.h"

#define LANGS 5
#define MAX_OUTPUTS 16

static const char *const langs[LANGS] = {"en", "fr", "de", "es", "pt"};

static const struct tact_reply_vars all_vars = {
	.first_name = "Ana",
	.company = "Orion Labs",
	.event = "PyCon Lisbon",
	.topic = "type checkers",
	.my_name = "Rui",
};

/* Renders and checks the common promises; caller frees. */
static char *render(const char *intent, const char *lang, const struct tact_reply_vars *vars,
		    unsigned variant)
{
	char *out = NULL;
	const char *used = NULL;
	enum tact_err err = tact_replies_render(intent, lang, vars, variant, &out, &used);

	if (err != TACT_OK)
		fail_msg("render %s/%s variant %u failed with %d", intent, lang, variant, (int)err);
	assert_non_null(out);
	assert_non_null(used);
	assert_true(strlen(out) <= TACT_REPLY_MAX_BYTES);
	return out;
}

static void expect_render(const char *intent, const char *lang,
			  const struct tact_reply_vars *vars, unsigned variant, const char *want)
{
	char *got = render(intent, lang, vars, variant);

	assert_string_equal(got, want);
	free(got);
}

static char *compose(const char *lang, const struct tact_reply_vars *vars, size_t limit)
{
	char *out = NULL;
	char why[256] = "";
	enum tact_err err = tact_replies_compose_invite(lang, vars, limit, &out, why, sizeof(why));

	if (err != TACT_OK)
		fail_msg("compose %s at %zu failed with %d: %s", lang, limit, (int)err, why);
	assert_non_null(out);
	if (tact_replies_char_count(out) > limit)
		fail_msg("note of %zu characters over the limit %zu: %s",
			 tact_replies_char_count(out), limit, out);
	return out;
}

static int contains(const char *s, const char *part)
{
	return strstr(s, part) != NULL;
}

/* Adds s to a set of distinct strings (owned by the set); returns the size. */
static size_t set_add(char **set, size_t n, char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(set[i], s) == 0) {
			free(s);
			return n;
		}
	}
	assert_true(n < MAX_OUTPUTS);
	set[n] = s;
	return n + 1;
}

static void set_free(char **set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(set[i]);
}

/* Vars with the values whose bit (first_name 1, company 2, event 4, topic 8,
 * my_name 16) is set in mask, taken from full. */
static struct tact_reply_vars subset(const struct tact_reply_vars *full, unsigned mask)
{
	struct tact_reply_vars v = {NULL, NULL, NULL, NULL, NULL};

	if (mask & 1u)
		v.first_name = full->first_name;
	if (mask & 2u)
		v.company = full->company;
	if (mask & 4u)
		v.event = full->event;
	if (mask & 8u)
		v.topic = full->topic;
	if (mask & 16u)
		v.my_name = full->my_name;
	return v;
}

static void intents_and_languages(void **state)
{
	static const char *const want[] = {"not_now",         "only_known", "own_field",
					   "company_burst",   "how_know",   "thanks_follow_up",
					   "met_event",       "formal_decline", "welcome_note"};
	size_t count = 0;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	assert_int_equal(count, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < count; i++) {
		assert_string_equal(ids[i], want[i]);
		assert_true(tact_replies_is_intent(want[i]));
	}
	assert_null(ids[count]);
	assert_false(tact_replies_is_intent(NULL));
	assert_false(tact_replies_is_intent(""));
	assert_false(tact_replies_is_intent("NOT_NOW"));
	assert_false(tact_replies_is_intent("not_now "));
	for (size_t l = 0; l < LANGS; l++)
		assert_true(tact_replies_is_language(langs[l]));
	assert_false(tact_replies_is_language(NULL));
	assert_false(tact_replies_is_language(""));
	assert_false(tact_replies_is_language("it"));
	assert_false(tact_replies_is_language("EN"));
	assert_false(tact_replies_is_language("pt-BR"));
}

static void language_fallback_and_errors(void **state)
{
	char *out = (char *)1;
	const char *used = NULL;

	(void)state;
	assert_int_equal(tact_replies_render("welcome_note", "it", NULL, 0, &out, &used), TACT_OK);
	assert_string_equal(used, "en");
	assert_string_equal(out, "Thank you for your kind message! I'm glad to be connected.");
	free(out);
	assert_int_equal(tact_replies_render("welcome_note", NULL, NULL, 0, &out, &used), TACT_OK);
	assert_string_equal(used, "en");
	free(out);
	assert_int_equal(tact_replies_render("welcome_note", "pt-BR", NULL, 0, &out, &used),
			 TACT_OK);
	assert_string_equal(used, "pt");
	free(out);
	assert_int_equal(tact_replies_render("welcome_note", "DE", NULL, 0, &out, NULL), TACT_OK);
	assert_true(contains(out, "Herzlichen Dank"));
	free(out);
	assert_int_equal(tact_replies_render("welcome_note", "e", NULL, 0, &out, &used), TACT_OK);
	assert_string_equal(used, "en");
	free(out);
	out = (char *)1;
	assert_int_equal(tact_replies_render("hello", "en", NULL, 0, &out, &used),
			 TACT_ERR_BAD_REQUEST);
	assert_null(out);
	out = (char *)1;
	assert_int_equal(tact_replies_render(NULL, "en", NULL, 0, &out, &used),
			 TACT_ERR_BAD_REQUEST);
	assert_null(out);
}

static void golden_english(void **state)
{
	(void)state;
	expect_render("not_now", "en", &all_vars, 0,
		      "Hi Ana, thanks for reaching out. Now isn't a good moment for me to add new "
		      "connections, but I hope our paths cross again later on.");
	expect_render("not_now", "en", &all_vars, 1,
		      "Hello Ana, I appreciate the invitation. I'm not growing my network right "
		      "now, though I'd be happy to revisit this down the line.\nAll the best,\nRui");
	expect_render("company_burst", "en", &all_vars, 0,
		      "Hi Ana, thank you for the invitation. I've had several from Orion Labs "
		      "lately, and I usually keep to one contact per team, so I'll wait for now. I "
		      "hope that makes sense!");
	expect_render("met_event", "en", &all_vars, 7,
		      "Hi Ana, I really enjoyed meeting you at PyCon Lisbon. Happy to be connected, "
		      "and let's keep the conversation going.");
	expect_render("thanks_follow_up", "en", &all_vars, 0,
		      "Thanks for connecting, Ana! I enjoyed our exchange about type checkers. What "
		      "are you planning to focus on there next?");
	expect_render("how_know", "en", NULL, 3,
		      "Thank you for the invitation! Could you remind me where our paths crossed? I "
		      "like to know the context before I connect.");
}

static void golden_french(void **state)
{
	(void)state;
	expect_render("not_now", "fr", &all_vars, 1,
		      "Bonjour Ana, je vous remercie de votre invitation. Je n'ajoute pas de "
		      "nouveaux contacts en ce moment, mais nous pourrons en reparler plus tard.\n"
		      "Bien à vous,\nRui");
	expect_render("met_event", "fr", &all_vars, 0,
		      "Bonjour Ana, j'ai vraiment apprécié notre rencontre lors de PyCon Lisbon. "
		      "Restons en contact pour poursuivre la conversation.");
	/* A no-break space before "!" and "?". */
	expect_render("how_know", "fr", NULL, 0,
		      "Merci pour votre invitation\xc2\xa0! Pourriez-vous me rappeler où nos "
		      "chemins se sont croisés\xc2\xa0? Je préfère connaître le contexte avant "
		      "d'accepter une mise en relation.");
}

static void golden_german(void **state)
{
	(void)state;
	expect_render("welcome_note", "de", &all_vars, 1,
		      "Hallo Ana, herzlichen Dank für Ihre nette Nachricht – schön, dass wir jetzt "
		      "vernetzt sind.\nViele Grüße\nRui");
	expect_render("company_burst", "de", &all_vars, 1,
		      "Hallo Ana, danke für Ihre Nachricht. In letzter Zeit haben mich mehrere "
		      "Personen von Orion Labs eingeladen; vorerst bleibe ich bei einem Kontakt im "
		      "Unternehmen. Vielleicht später!");
	expect_render("formal_decline", "de", NULL, 0,
		      "Vielen Dank für Ihre Einladungen. Ich habe mich gegen eine Vernetzung "
		      "entschieden und wollte Ihnen das offen sagen, statt Sie auf eine Antwort "
		      "warten zu lassen. Alles Gute!");
}

static void golden_spanish(void **state)
{
	(void)state;
	expect_render("how_know", "es", &all_vars, 0,
		      "¡Hola, Ana! Gracias por la invitación. ¿Me recuerdas dónde nos conocimos? Me "
		      "gusta saber de qué conozco a alguien antes de aceptar.");
	expect_render("thanks_follow_up", "es", &all_vars, 0,
		      "¡Gracias por conectar, Ana! Me encantó nuestra conversación sobre type "
		      "checkers. ¿En qué vas a centrarte ahora en ese tema?");
	expect_render("only_known", "es", NULL, 0,
		      "Gracias por la invitación. Reservo mi red de LinkedIn para personas que "
		      "conozco personalmente, así que prefiero no aceptarla por ahora. ¡Mucha "
		      "suerte con tus proyectos!");
}

static void golden_portuguese(void **state)
{
	(void)state;
	expect_render("met_event", "pt", &all_vars, 0,
		      "Olá, Ana! Foi muito bom conhecer você no evento PyCon Lisbon. Vamos manter "
		      "contato por aqui e continuar a conversa.");
	expect_render("company_burst", "pt", &all_vars, 1,
		      "Olá, Ana. Agradeço a mensagem. Várias pessoas da empresa Orion Labs me "
		      "convidaram nos últimos tempos e, por ora, prefiro ter um único contato lá. "
		      "Quem sabe mais adiante!");
	expect_render("welcome_note", "pt", NULL, 0,
		      "Agradeço muito a sua mensagem gentil! É um prazer me conectar com você.");
}

/*
 * Every template is reached by some set of known values and some variant:
 * render them all, with realistic and with maximal values, and count the
 * distinct texts per intent and language (2 or 3 variants each).
 */
static void every_template_renders(void **state)
{
	static const struct tact_reply_vars realistic = {
		.first_name = "Alexandra",
		.company = "Fundação Calouste Gulbenkian",
		.event = "PyCon Lisbon 2025",
		.topic = "distributed tracing",
		.my_name = "Joana",
	};
	char name[TACT_REPLY_NAME_MAX_BYTES + 1];
	char text[TACT_REPLY_TEXT_MAX_BYTES + 1];
	struct tact_reply_vars huge;
	size_t count;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	memset(name, 'N', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(text, 'T', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	huge = (struct tact_reply_vars){name, text, text, text, name};
	for (size_t i = 0; i < count; i++) {
		for (size_t l = 0; l < LANGS; l++) {
			char *seen[MAX_OUTPUTS];
			size_t n = 0;

			for (unsigned mask = 0; mask < 32; mask++) {
				struct tact_reply_vars v = subset(&realistic, mask);
				struct tact_reply_vars h = subset(&huge, mask);

				for (unsigned variant = 0; variant < 6; variant++) {
					char *out = render(ids[i], langs[l], &v, variant);
					char *big = render(ids[i], langs[l], &h, variant);

					if (tact_replies_char_count(out) > 300)
						fail_msg("too long: %s", out);
					if (contains(out, "{") || contains(out, "}"))
						fail_msg("placeholder left: %s", out);
					assert_true(strlen(big) <= TACT_REPLY_MAX_BYTES);
					free(big);
					n = set_add(seen, n, out);
				}
			}
			if (n < 2 || n > 3)
				fail_msg("%s/%s has %zu variants", ids[i], langs[l], n);
			set_free(seen, n);
		}
	}
}

/* Some variant for these vars contains part (or, with want 0, none does). */
static void expect_some_variant(const char *intent, const char *lang,
				const struct tact_reply_vars *vars, const char *part, int want)
{
	int found = 0;

	for (unsigned variant = 0; variant < 6; variant++) {
		char *out = render(intent, lang, vars, variant);

		found |= contains(out, part);
		free(out);
	}
	if (found != want)
		fail_msg("%s/%s: \"%s\" %s", intent, lang, part,
			 want ? "never appears" : "appears without being known");
}

static void fallbacks_follow_known_values(void **state)
{
	const struct tact_reply_vars name_only = {"Ana", NULL, NULL, NULL, NULL};
	const struct tact_reply_vars blank = {"", " ", "\t\n", "", ""};
	size_t count;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (size_t l = 0; l < LANGS; l++) {
			char *none = render(ids[i], langs[l], NULL, 0);
			char *empty = render(ids[i], langs[l], &blank, 0);

			/* Blank values are unknown: the generic fallback either way. */
			assert_string_equal(none, empty);
			free(none);
			free(empty);
			/* company_burst names the person only together with the company. */
			expect_some_variant(ids[i], langs[l], &name_only, "Ana",
					    strcmp(ids[i], "company_burst") != 0);
			expect_some_variant(ids[i], langs[l], &all_vars, "Ana", 1);
			expect_some_variant(ids[i], langs[l], &name_only, "Rui", 0);
		}
	}
	for (size_t l = 0; l < LANGS; l++) {
		const struct tact_reply_vars no_event = {"Ana", "Orion Labs", NULL, "x", "Rui"};
		const struct tact_reply_vars no_company = {"Ana", NULL, "PyCon", "x", "Rui"};
		const struct tact_reply_vars only_topic = {NULL, NULL, NULL, "type checkers", NULL};

		/* With the event known every pick names it; without, none tries to. */
		for (unsigned variant = 0; variant < 6; variant++) {
			char *out = render("met_event", langs[l], &all_vars, variant);

			assert_true(contains(out, "PyCon Lisbon") && contains(out, "Ana"));
			free(out);
			out = render("company_burst", langs[l], &all_vars, variant);
			assert_true(contains(out, "Orion Labs"));
			free(out);
			out = render("thanks_follow_up", langs[l], &all_vars, variant);
			assert_true(contains(out, "type checkers"));
			free(out);
		}
		expect_some_variant("met_event", langs[l], &no_event, "Ana", 1);
		expect_some_variant("company_burst", langs[l], &no_company, "Ana", 0);
		/* The topic variant also needs the name; without it, the generic one. */
		expect_some_variant("thanks_follow_up", langs[l], &only_topic, "type", 0);
		/* Sign-offs: some variant signs when my_name is known. */
		expect_some_variant("not_now", langs[l], &all_vars, "\nRui", 1);
		expect_some_variant("welcome_note", langs[l], &all_vars, "\nRui", 1);
	}
}

static void languages_are_translated(void **state)
{
	size_t count;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (unsigned mask = 0; mask < 32; mask += 31) {
			struct tact_reply_vars v = subset(&all_vars, mask);
			char *english[6];

			for (unsigned variant = 0; variant < 6; variant++)
				english[variant] = render(ids[i], "en", &v, variant);
			for (size_t l = 1; l < LANGS; l++) {
				for (unsigned variant = 0; variant < 6; variant++) {
					char *out = render(ids[i], langs[l], &v, variant);

					for (unsigned e = 0; e < 6; e++)
						if (strcmp(out, english[e]) == 0)
							fail_msg("%s/%s is English: %s", ids[i],
								 langs[l], out);
					free(out);
				}
			}
			for (unsigned variant = 0; variant < 6; variant++)
				free(english[variant]);
		}
	}
	/* Forms of address stay consistent per language. */
	for (size_t i = 0; i < count; i++) {
		for (unsigned variant = 0; variant < 3; variant++) {
			char *fr = render(ids[i], "fr", &all_vars, variant);
			char *de = render(ids[i], "de", &all_vars, variant);
			char *es = render(ids[i], "es", &all_vars, variant);

			assert_false(contains(fr, " tu ") || contains(fr, " te ") ||
				     contains(fr, " ton ") || contains(fr, " ta "));
			assert_false(contains(de, " du ") || contains(de, " dich") ||
				     contains(de, " dir ") || contains(de, " dein"));
			assert_false(contains(es, " usted"));
			free(fr);
			free(de);
			free(es);
		}
	}
}

static void variants_are_deterministic(void **state)
{
	size_t count;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (size_t l = 0; l < LANGS; l++) {
			char *seen[MAX_OUTPUTS];
			size_t n = 0;

			for (unsigned variant = 0; variant < 10; variant++) {
				char *a = render(ids[i], langs[l], &all_vars, variant);
				char *b = render(ids[i], langs[l], &all_vars, variant);

				assert_string_equal(a, b);
				free(b);
				n = set_add(seen, n, a);
			}
			/* Only the topic and event intents have one most specific text. */
			if (strcmp(ids[i], "thanks_follow_up") != 0 &&
			    strcmp(ids[i], "met_event") != 0 && n < 2)
				fail_msg("%s/%s always picks the same text", ids[i], langs[l]);
			set_free(seen, n);
			free(render(ids[i], langs[l], &all_vars, UINT_MAX));
		}
	}
}

static void values_are_cleaned_and_capped(void **state)
{
	char long_ascii[301];
	char accents[201];
	char flags[8 * 10 + 1];
	char words[200];
	char *out;

	(void)state;
	/* welcome_note/en without my_name has one variant for a known name. */
	expect_render("welcome_note", "en",
		      &(struct tact_reply_vars){.first_name = " \t Ana\n Maria\r\n "}, 0,
		      "Thank you for the kind words, Ana Maria! I'm glad we're connected.");
	expect_render("welcome_note", "en",
		      &(struct tact_reply_vars){.first_name = "A\x01n\x1b"
							      "a\x7f\xc2\x85\xe2\x80\xae"},
		      0, "Thank you for the kind words, Ana! I'm glad we're connected.");
	expect_render("welcome_note", "en",
		      &(struct tact_reply_vars){.first_name = "Jo\xff\xc3(s\xed\xa0\x80\xc3\xa9"},
		      0, "Thank you for the kind words, Jo(sé! I'm glad we're connected.");
	expect_render("welcome_note", "en", &(struct tact_reply_vars){.first_name = "\x01\x02 "},
		      0, "Thank you for your kind message! I'm glad to be connected.");

	memset(long_ascii, 'a', sizeof(long_ascii) - 1);
	long_ascii[sizeof(long_ascii) - 1] = '\0';
	out = render("welcome_note", "en", &(struct tact_reply_vars){.first_name = long_ascii}, 0);
	assert_int_equal(strlen(out), strlen("Thank you for the kind words, ! I'm glad we're "
					     "connected.") +
					      TACT_REPLY_NAME_MAX_BYTES);
	free(out);

	/* 100 two-byte letters: 30 of them fit in 60 bytes. */
	for (size_t i = 0; i < 100; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);
	accents[200] = '\0';
	out = render("welcome_note", "en", &(struct tact_reply_vars){.first_name = accents}, 0);
	assert_int_equal(tact_replies_char_count(out),
			 strlen("Thank you for the kind words, ! I'm glad we're connected.") + 30);
	assert_memory_equal(out + 30, accents, 60);
	assert_int_equal(out[90], '!');
	free(out);

	/* Flags are 8 bytes: 7 whole flags fit in 60, never half of one. */
	for (size_t i = 0; i < 10; i++)
		memcpy(flags + 8 * i, "\xf0\x9f\x87\xb5\xf0\x9f\x87\xb9", 8);
	flags[80] = '\0';
	out = render("welcome_note", "en", &(struct tact_reply_vars){.first_name = flags}, 0);
	assert_memory_equal(out + 30, flags, 56);
	assert_int_equal(out[86], '!');
	free(out);

	/* Text values are capped at 120 bytes. */
	for (size_t i = 0; i < sizeof(words) - 1; i++)
		words[i] = (char)('a' + i % 7);
	words[sizeof(words) - 1] = '\0';
	out = render("met_event", "en", &(struct tact_reply_vars){.first_name = "Ana",
								 .event = words},
		     0);
	assert_true(contains(out, " at "));
	assert_memory_equal(strstr(out, " at ") + 4, words, TACT_REPLY_TEXT_MAX_BYTES);
	assert_int_equal(strstr(out, " at ")[4 + TACT_REPLY_TEXT_MAX_BYTES], '.');
	free(out);

	/* A value that ends a sentence does not get a second full stop. */
	expect_render("met_event", "en",
		      &(struct tact_reply_vars){.first_name = "Ana", .event = "Acme Inc."}, 0,
		      "Hi Ana, I really enjoyed meeting you at Acme Inc. Happy to be connected, and "
		      "let's keep the conversation going.");
}

static void hostile_values_stay_literal(void **state)
{
	const struct tact_reply_vars evil = {
		.first_name = "{event}",
		.company = "<script>alert(1)</script>",
		.event = "%s%n%x",
		.topic = "{topic}{first_name}",
		.my_name = "{my_name}",
	};
	size_t count;
	const char *const *ids = tact_replies_intents(&count);

	(void)state;
	expect_render("met_event", "en", &evil, 0,
		      "Hi {event}, I really enjoyed meeting you at %s%n%x. Happy to be connected, "
		      "and let's keep the conversation going.");
	expect_render("company_burst", "en", &evil, 1,
		      "Hello {event}, I appreciate you reaching out. Quite a few people at "
		      "<script>alert(1)</script> have invited me recently, so for the moment I'm "
		      "staying with one contact there. Maybe later!");
	expect_render("thanks_follow_up", "en", &evil, 0,
		      "Thanks for connecting, {event}! I enjoyed our exchange about "
		      "{topic}{first_name}. What are you planning to focus on there next?");
	expect_render("welcome_note", "en", &evil, 1,
		      "Hi {event}, thanks so much for your thoughtful note. Happy to be "
		      "connected.\nBest,\n{my_name}");
	for (size_t i = 0; i < count; i++) {
		for (size_t l = 0; l < LANGS; l++) {
			for (unsigned variant = 0; variant < 3; variant++) {
				char *out = render(ids[i], langs[l], &evil, variant);

				/* The name once, literally: nothing was expanded twice. */
				const char *at = strstr(out, "{event}");

				assert_non_null(at);
				assert_null(strstr(at + 1, "{event}"));
				at = strstr(out, "%s%n%x");
				if (at != NULL)
					assert_null(strstr(at + 1, "%s%n%x"));
				free(out);
			}
		}
	}
	{
		char *out = NULL;
		char why[64];

		assert_int_equal(tact_replies_compose_invite("en", &evil, 300, &out, why,
							     sizeof(why)),
				 TACT_OK);
		assert_string_equal(out, "Hi {event}, it was a pleasure to meet you at %s%n%x. I enjoyed "
					 "our conversation about {topic}{first_name}. I'd be glad "
					 "to stay connected and continue the exchange.\nBest,\n"
					 "{my_name}");
		free(out);
	}
}

static void counts_characters_as_people_do(void **state)
{
	(void)state;
	assert_int_equal(tact_replies_char_count(NULL), 0);
	assert_int_equal(tact_replies_char_count(""), 0);
	assert_int_equal(tact_replies_char_count("Hello, world"), 12);
	assert_int_equal(tact_replies_char_count("caf\u00e9"), 4);      /* precomposed */
	assert_int_equal(tact_replies_char_count("cafe\u0301"), 4);     /* e + combining acute */
	assert_int_equal(tact_replies_char_count("e\u0301"), 1);
	assert_int_equal(tact_replies_char_count("e\u0301\u0323\u1ab0\u1dc0\u20d0\ufe20"), 1);
	assert_int_equal(tact_replies_char_count("\u0301a"), 2); /* nothing to attach to */
	assert_int_equal(tact_replies_char_count("\U0001F1F5\U0001F1F9"), 1);       /* PT */
	assert_int_equal(tact_replies_char_count("\U0001F1F5\U0001F1F9\U0001F1E7\U0001F1F7"), 2);
	assert_int_equal(tact_replies_char_count("\U0001F1F5\U0001F1F9\U0001F1E7"), 2);
	assert_int_equal(tact_replies_char_count("\U0001F469\u200D\U0001F469\u200D\U0001F467"),
			 1);
	assert_int_equal(tact_replies_char_count("a\U0001F469\u200D\U0001F469\u200D\U0001F467b"),
			 3);
	assert_int_equal(tact_replies_char_count("\U0001F44D\U0001F3FD"), 1); /* thumbs, tone */
	assert_int_equal(tact_replies_char_count("\U0001F44D\U0001F3FD\U0001F44D"), 2);
	assert_int_equal(tact_replies_char_count("\u2764\ufe0f"), 1); /* heart, VS16 */
	assert_int_equal(tact_replies_char_count("1\ufe0f\u20e3"), 1); /* keycap */
	/* England: black flag with tag characters. */
	assert_int_equal(tact_replies_char_count("\U0001F3F4\U000E0067\U000E0062\U000E0065"
						 "\U000E006E\U000E0067\U000E007F"),
			 1);
	assert_int_equal(tact_replies_char_count("a\r\nb"), 3);
	assert_int_equal(tact_replies_char_count("\r\r\n\n"), 3);
	assert_int_equal(tact_replies_char_count("\u65e5\u672c\u8a9e"), 3); /* CJK */
	assert_int_equal(tact_replies_char_count("\u00a0"), 1);
}

static void compose_golden(void **state)
{
	char *out;

	(void)state;
	out = compose("en", &all_vars, TACT_NOTE_LIMIT_PREMIUM);
	assert_string_equal(out, "Hi Ana, it was a pleasure to meet you at PyCon Lisbon. I enjoyed our "
				 "conversation about type checkers. I'd be glad to stay connected "
				 "and continue the exchange.\nBest,\nRui");
	free(out);
	out = compose("fr", &all_vars, TACT_NOTE_LIMIT_FREE);
	assert_string_equal(out, "Bonjour Ana, merci pour notre rencontre lors de PyCon Lisbon. "
				 "J'ai beaucoup apprécié notre échange sur type checkers. "
				 "J'aimerais rester en contact et poursuivre la discussion.\nBien "
				 "à vous,\nRui");
	free(out);
	out = compose("de", &all_vars, TACT_NOTE_LIMIT_FREE);
	assert_string_equal(out, "Hallo Ana, es war schön, Sie bei PyCon Lisbon zu treffen. Unser "
				 "Gespräch über type checkers hat mir sehr gefallen. Ich würde "
				 "gern in Kontakt bleiben und den Austausch fortsetzen.\nViele "
				 "Grüße\nRui");
	free(out);
	out = compose("es", &all_vars, TACT_NOTE_LIMIT_FREE);
	assert_string_equal(out, "¡Hola, Ana! Fue un placer conocerte en PyCon Lisbon. Me encantó "
				 "nuestra conversación sobre type checkers. Me gustaría seguir en "
				 "contacto e intercambiar ideas.\nSaludos,\nRui");
	free(out);
	out = compose("pt", &all_vars, TACT_NOTE_LIMIT_FREE);
	assert_string_equal(out, "Olá, Ana! Foi um prazer conhecer você no evento PyCon Lisbon. "
				 "Gostei muito da nossa conversa sobre type checkers. Gostaria de "
				 "manter contato e seguir trocando ideias.\nAbraço,\nRui");
	free(out);
	out = compose("xx", NULL, TACT_NOTE_LIMIT_FREE);
	assert_string_equal(out, "Hi, it was a pleasure to meet you. I'd be glad to stay connected and "
				 "continue the exchange.");
	free(out);
	/* Short limits: the minimal note, then a shortened event. */
	out = compose("en", &all_vars, 60);
	assert_string_equal(out, "Hi Ana, it was a pleasure to meet you at PyCon Lisbon.");
	free(out);
	out = compose("en", &(struct tact_reply_vars){.first_name = "Ana",
						     .event = "PyCon Lisbon 2025 – Main Hall"},
		      60);
	assert_string_equal(out, "Hi Ana, it was a pleasure to meet you at PyCon Lisbon 2025…");
	free(out);
	out = compose("en", &(struct tact_reply_vars){.first_name = "Ana",
						     .event = "PyCon Lisbon 2025 – Main Hall"},
		      40);
	assert_string_equal(out, "Hi Ana, it was a pleasure to meet you.");
	free(out);
}

/* The note shows value whole, or nothing of it (not even its first word). */
static int appears_whole_or_not(const char *note, const char *value, const char *first_word)
{
	return contains(note, value) || !contains(note, first_word);
}

struct note_case {
	struct tact_reply_vars vars;
	const char *name_word;  /* a word of first_name found nowhere else */
	const char *event_word; /* the event's first word */
	const char *topic_word; /* a word of the topic found nowhere else */
};

static void check_event(const char *note, const char *event, const char *first_word)
{
	const char *at;
	const char *ellipsis;
	size_t n;

	if (!contains(note, first_word) || contains(note, event))
		return;
	/* Shortened: whole words of the event, then "…". */
	at = strstr(note, first_word);
	ellipsis = strstr(at, "…");
	if (ellipsis == NULL)
		fail_msg("event cut without an ellipsis: %s", note);
	n = (size_t)(ellipsis - at);
	if (strncmp(at, event, n) != 0)
		fail_msg("event changed: %s", note);
	/* What was left out starts at a word boundary (after dangling punctuation). */
	while (event[n] != ' ') {
		if (strncmp(event + n, "–", strlen("–")) == 0)
			n += strlen("–");
		else if (event[n] != '\0' && strchr(",;:-/|(&+@", event[n]) != NULL)
			n++;
		else
			fail_msg("event cut inside a word: %s", note);
	}
}

static void compose_fits_every_limit(void **state)
{
	static const struct note_case cases[] = {
		{{"Ana", NULL, "PyCon Lisbon", "type checkers", "Rui"}, "Ana", "PyCon", "checkers"},
		{{"Maximilian-Alexander", NULL,
		  "Internationale Konferenz für verteilte Systeme und Datenbanken 2025 in Wien",
		  "Konsistenzmodelle für georeplizierte Datenbanken", "Wolfgang"},
		 "Maximilian", "Internationale", "georeplizierte"},
		{{"Zoë", NULL, "Rencontres Économiques d'Aix-en-Provence", "l'économie circulaire",
		  "Inès"},
		 "Zoë", "Rencontres", "circulaire"},
		{{"\u7f8e\u54b2", NULL, "\u6771\u4eac\u56fd\u969b\u30d5\u30a9\u30fc\u30e9\u30e0"
					"\u6280\u8853\u30ab\u30f3\u30d5\u30a1\u30ec\u30f3\u30b9",
		  "\u5206\u6563\u30b7\u30b9\u30c6\u30e0", "\u592a\u90ce"},
		 "\u7f8e\u54b2", "\u6771\u4eac", "\u5206\u6563"},
		{{"Jo\u00e3o \U0001F44B\U0001F3FD", NULL,
		  "Web Summit \U0001F1F5\U0001F1F9 \U0001F469\u200D\U0001F4BB Lisboa",
		  "design de produto \U0001F3A8", NULL},
		 "Jo\u00e3o", "Web", "produto"},
		{{NULL, NULL, NULL, "Rust async runtimes", NULL}, NULL, NULL, "runtimes"},
		{{"Sam", NULL, "KubeCon", NULL, "Lee"}, "Sam", "KubeCon", NULL},
	};
	size_t n_cases = sizeof(cases) / sizeof(*cases);

	(void)state;
	for (size_t c = 0; c < n_cases; c++) {
		const struct note_case *nc = &cases[c];

		for (size_t l = 0; l < LANGS; l++) {
			for (size_t limit = TACT_NOTE_LIMIT_MIN; limit <= TACT_NOTE_LIMIT_PREMIUM;
			     limit++) {
				char *note = compose(langs[l], &nc->vars, limit);
				int has_sign = nc->vars.my_name != NULL &&
					       contains(note, nc->vars.my_name);

				if (nc->name_word != NULL &&
				    !appears_whole_or_not(note, nc->vars.first_name, nc->name_word))
					fail_msg("name cut: %s", note);
				if (nc->topic_word != NULL &&
				    !appears_whole_or_not(note, nc->vars.topic, nc->topic_word))
					fail_msg("topic cut: %s", note);
				if (nc->event_word != NULL)
					check_event(note, nc->vars.event, nc->event_word);
				/* The sign-off is the first part to go. */
				if (has_sign && nc->vars.topic != NULL)
					assert_true(contains(note, nc->vars.topic));
				free(note);
			}
			/* The premium limit holds the whole note for ordinary input. */
			if (c == 0 || c == 2) {
				char *note = compose(langs[l], &nc->vars, TACT_NOTE_LIMIT_PREMIUM);

				assert_true(contains(note, nc->vars.first_name));
				assert_true(contains(note, nc->vars.event));
				assert_true(contains(note, nc->vars.topic));
				assert_true(contains(note, nc->vars.my_name));
				free(note);
			}
		}
	}
}

static void compose_drops_topic_before_reason(void **state)
{
	static const char *const reasons[LANGS] = {"stay connected", "rester en contact",
						   "in Kontakt bleiben", "seguir en contacto",
						   "manter contato"};
	const struct tact_reply_vars vars = {"Ana", NULL, "PyCon Lisbon",
					     "gradual typing in large codebases", "Rui"};

	(void)state;
	for (size_t l = 0; l < LANGS; l++) {
		int saw_reason_only = 0;
		int saw_minimal = 0;

		for (size_t limit = TACT_NOTE_LIMIT_MIN; limit <= TACT_NOTE_LIMIT_PREMIUM; limit++) {
			char *note = compose(langs[l], &vars, limit);
			int topic = contains(note, vars.topic);
			int reason = contains(note, reasons[l]);
			int sign = contains(note, "\nRui");

			if (topic)
				assert_true(reason);
			if (sign)
				assert_true(topic && reason);
			saw_reason_only |= reason && !topic;
			saw_minimal |= !reason && contains(note, "PyCon Lisbon");
			free(note);
		}
		assert_true(saw_reason_only);
		assert_true(saw_minimal);
	}
}

/* p is a whole word like "Q0012q", followed by a space, "." or "…". */
static int whole_word(const char *p, char last)
{
	for (int i = 1; i < 5; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return p[5] == last &&
	       (p[6] == ' ' || p[6] == '.' || strncmp(p + 6, "…", strlen("…")) == 0);
}

static void compose_handles_long_values(void **state)
{
	char topic[400];
	char event[400];
	char *note;

	(void)state;
	/* Values longer than their cap are never shown cut inside a word. */
	/* Seven-byte words, so the 120-byte cap falls inside one. */
	for (int i = 0; i < 30; i++) {
		snprintf(topic + 7 * i, sizeof(topic) - 7 * (size_t)i, "Q%04dq ", i);
		snprintf(event + 7 * i, sizeof(event) - 7 * (size_t)i, "Z%04dz ", i);
	}
	for (size_t l = 0; l < LANGS; l++) {
		for (size_t limit = TACT_NOTE_LIMIT_MIN; limit <= 1000; limit += 7) {
			const char *p;

			note = compose(langs[l],
				       &(struct tact_reply_vars){.first_name = "Ana", .event = event,
								 .topic = topic},
				       limit);
			for (p = strchr(note, 'Q'); p != NULL; p = strchr(p + 1, 'Q'))
				if (!whole_word(p, 'q'))
					fail_msg("topic cut: %s", note);
			for (p = strchr(note, 'Z'); p != NULL; p = strchr(p + 1, 'Z'))
				if (!whole_word(p, 'z'))
					fail_msg("event cut: %s", note);
			free(note);
		}
	}
	/* A cap that falls between two words keeps the last whole word. */
	for (int i = 0; i < 30; i++)
		snprintf(event + 6 * i, sizeof(event) - 6 * (size_t)i, "Z%03dz ", i);
	note = compose("en", &(struct tact_reply_vars){.event = event}, 300);
	assert_true(contains(note, "Z018z Z019z."));
	free(note);
	/* One long word cannot be shortened: the note leaves it out. */
	memset(event, 'x', 100);
	event[100] = '\0';
	note = compose("en", &(struct tact_reply_vars){.first_name = "Ana", .event = event}, 60);
	assert_string_equal(note, "Hi Ana, it was a pleasure to meet you.");
	free(note);
	/* A name that alone is longer than the limit: the greeting goes without it. */
	note = compose("de",
		       &(struct tact_reply_vars){.first_name = "Bartholomäus-Maximilian-Friedrich"},
		       40);
	assert_string_equal(note, "Hallo, es war schön, Sie zu treffen.");
	free(note);
}

static void compose_rejects_small_limits(void **state)
{
	char *out = (char *)1;
	char why[128] = "";

	(void)state;
	for (size_t limit = 0; limit < TACT_NOTE_LIMIT_MIN; limit += 13) {
		out = (char *)1;
		assert_int_equal(tact_replies_compose_invite("en", &all_vars, limit, &out, why,
							     sizeof(why)),
				 TACT_ERR_BAD_REQUEST);
		assert_null(out);
		assert_non_null(strstr(why, "at least 40 characters"));
	}
	assert_int_equal(tact_replies_compose_invite("en", &all_vars, 39, &out, NULL, 0),
			 TACT_ERR_BAD_REQUEST);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intents_and_languages),
		cmocka_unit_test(language_fallback_and_errors),
		cmocka_unit_test(golden_english),
		cmocka_unit_test(golden_french),
		cmocka_unit_test(golden_german),
		cmocka_unit_test(golden_spanish),
		cmocka_unit_test(golden_portuguese),
		cmocka_unit_test(every_template_renders),
		cmocka_unit_test(fallbacks_follow_known_values),
		cmocka_unit_test(languages_are_translated),
		cmocka_unit_test(variants_are_deterministic),
		cmocka_unit_test(values_are_cleaned_and_capped),
		cmocka_unit_test(hostile_values_stay_literal),
		cmocka_unit_test(counts_characters_as_people_do),
		cmocka_unit_test(compose_golden),
		cmocka_unit_test(compose_fits_every_limit),
		cmocka_unit_test(compose_drops_topic_before_reason),
		cmocka_unit_test(compose_handles_long_values),
		cmocka_unit_test(compose_rejects_small_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
