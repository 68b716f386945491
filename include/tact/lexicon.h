/*
 * lexicon: the phrase lists behind triage's rules, in English, French,
 * German, Spanish and Portuguese. Phrases are stored folded (lower case,
 * no accents, punctuation as single spaces: see tact/text.h) and are
 * matched as whole words. Each phrase belongs to one rule; tact/rules.h
 * says what a rule means and weighs.
 *
 * Matching is fastest on an indexed text: tact_lexicon_index walks the
 * folded text once, looking each word up among the phrases' first words,
 * and records where every phrase first occurs. Every look-up below gives
 * the same answer on an indexed text as on a plain one, where it searches
 * phrase by phrase (test_lexicon and fuzz_rules compare the two).
 * The table and the first-word index are static; the index is built on
 * first use (the host is single-threaded).
 */
#ifndef TACT_LEXICON_H
#define TACT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tact/err.h"
#include "tact/text.h"

/* Rules that phrases can trigger. Others are computed (tact/rules.h). */
enum tact_lex {
	TACT_LEX_OFF_PLATFORM = 0, /* asks to move to WhatsApp, Telegram, ... */
	TACT_LEX_MONEY,            /* crypto, forex, trading, passive income */
	TACT_LEX_MONEY_CRITICAL,   /* guaranteed returns, double your money */
	TACT_LEX_FEES,             /* fees, bank details, gift cards */
	TACT_LEX_FEES_CRITICAL,    /* inheritance, lottery, unclaimed funds */
	TACT_LEX_JOB_LURE,         /* no interview, earn per week, install app */
	TACT_LEX_ROMANCE,          /* affectionate or appearance language */
	TACT_LEX_ROMANCE_CRITICAL, /* looking for love, soulmate */
	TACT_LEX_PHISHING,         /* verify your account, click the link */
	TACT_LEX_IMPERSONATION,    /* claims to be LinkedIn's staff or a security team */
	TACT_LEX_MLM,              /* be your own boss, join my team */
	TACT_LEX_PITCH_MEETING,    /* quick call, book a demo */
	TACT_LEX_PITCH_VALUE,      /* grow your revenue, lead generation */
	TACT_LEX_PITCH_SERVICES,   /* outsourcing, SEO, dedicated developers */
	TACT_LEX_PITCH_HEADLINE,   /* "I help ...", growth hacker (headline only) */
	TACT_LEX_TEMPLATE,         /* I came across your profile, default texts */
	TACT_LEX_SHARED_CONTEXT,   /* met at, your talk, the conference */
	TACT_LEX_WORKED_TOGETHER,  /* we worked together, former colleague */
	TACT_LEX_RECRUITER,        /* recruiter, talent acquisition */
	TACT_LEX_STUDENT,          /* student, graduate, intern */
	/* Finer scam signs: each is one kind of evidence for a family (rules.c
	 * counts distinct kinds; three kinds, or one critical phrase, make a
	 * family critical). */
	TACT_LEX_OFF_PLATFORM_PUSH, /* "I'm rarely on here", "write to me on" */
	TACT_LEX_GROUP_CHAT,        /* a team or class group chat: the legitimate use */
	TACT_LEX_FEES_CRITICAL_ASK, /* bank details, IBAN, card number, gift cards */
	TACT_LEX_PAY_VERB,          /* pay, cover, transfer (with an amount: a fee ask) */
	TACT_LEX_FEE_NOUN,          /* fee, charge, deposit (with an amount: a fee ask) */
	TACT_LEX_CREDENTIALS,       /* password, login, one-time code, passport copy */
	TACT_LEX_PHISHING_BAIT,     /* "is this you in this video", an invoice to open */
	TACT_LEX_URGENCY,           /* today, before Friday, expires tonight */
	TACT_LEX_JOB_LURE_CRITICAL, /* run the setup file, enable macros, handle payments */
	TACT_LEX_MLM_CRITICAL,      /* earn for each person who joins */
	TACT_LEX_DEPARTMENT,        /* a name or headline that is a department, not a person */
	TACT_LEX_CEO_PRESSURE,      /* "confidential favour", "in a board meeting" */
	TACT_LEX_PITCH_OFFER,       /* free trial, discount, "can I send you a proposal" */
	TACT_LEX_PITCH_SELLER,      /* headline: agency, course, coach, sales, partnerships */
	TACT_LEX_EDUCATION,         /* alumni, graduate of, class of: school context */
	TACT_LEX_COUNT
};

/* Where a phrase may match. */
enum tact_lex_where {
	TACT_LEX_IN_NOTE = 1,
	TACT_LEX_IN_HEADLINE = 2,
	TACT_LEX_IN_BOTH = 3
};

struct tact_lex_phrase {
	enum tact_lex rule;
	enum tact_lex_where where;
	const char *lang; /* "en", "fr", "de", "es", "pt" or "*" */
	const char *folded;
};

/* The whole table (static). */
const struct tact_lex_phrase *tact_lexicon_phrases(size_t *count);

/* The phrases of one rule, in table order, as indexes into that table
 * (static; *count receives how many). */
const uint16_t *tact_lexicon_rule_phrases(enum tact_lex rule, size_t *count);

/* Records in f->phrase_at where each phrase first occurs in f (or -1).
 * f keeps the array (freed by tact_text_folded_free); indexing again
 * rebuilds it. A text too long for 32-bit offsets is left unindexed. */
enum tact_err tact_lexicon_index(struct tact_folded *f) TACT_MUST_CHECK;

/* Where phrase i of the table first occurs in f as whole words, or -1. */
long tact_lexicon_phrase_at(const struct tact_folded *f, size_t i);

/* The first phrase of rule, in table order, that is valid for where and
 * occurs in f, or NULL. *at receives its offset in f->text. */
const struct tact_lex_phrase *tact_lexicon_find(const struct tact_folded *f, enum tact_lex rule,
						enum tact_lex_where where, long *at);

/* How many function words of each language the text has; returns the best
 * language among en, fr, de, es, pt, or NULL when too few words say. */
const char *tact_lexicon_guess_language(const struct tact_folded *f);

/* The longest name in a city's list, with its terminating zero. */
#define TACT_LEX_CITY_NAME_MAX 32u

/* Every name of the city that a folded place ("sao paulo", "greater munich
 * area") names: its names in other languages, the short forms headlines use
 * ("SP", "NYC") and what its people are called ("paulistana"). A static,
 * '|'-separated list of folded names, or NULL when Tact knows no other name
 * for that place. */
const char *tact_lexicon_city_names(const char *folded_place);

/* Walks such a list: copies the name at *list into out (cap bytes; "" when
 * it does not fit), moves *list past it, and returns 0 once the list is
 * used up. */
int tact_lexicon_next_name(const char **list, char *out, size_t cap);

/* Is the folded word a stop word in any supported language? */
int tact_lexicon_is_stopword(const char *word, size_t len);

#endif
