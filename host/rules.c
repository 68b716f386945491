#include "tact/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tact/lexicon.h"

/* Priors are log-odds contributions toward Accept; learning moves them
 * (tact/model.h). Scam families weigh heavily because a scam must never be
 * accepted, whatever else the card says. */
static const struct tact_rule_info rule_table[TACT_RULE_COUNT] = {
	[TACT_RULE_SHARED_EMPLOYER_CURRENT] = {"shared_employer", 3.0, TACT_FAMILY_NONE, 0},
	[TACT_RULE_SHARED_EMPLOYER_PAST] = {"former_employer", 3.0, TACT_FAMILY_NONE, 0},
	[TACT_RULE_SHARED_SCHOOL] = {"shared_school", 1.8, TACT_FAMILY_NONE, 0},
	[TACT_RULE_WORKED_TOGETHER] = {"worked_together", 1.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_SHARED_CONTEXT] = {"shared_context", 1.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_KNOWN_CONTACT] = {"known_contact", 2.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_PREVIOUSLY_CONNECTED] = {"previously_connected", 2.0, TACT_FAMILY_NONE, 0},
	[TACT_RULE_MUTUALS_NONE] = {"mutuals_none", -0.4, TACT_FAMILY_NONE, 0},
	[TACT_RULE_MUTUALS_ONE] = {"mutuals_one", -0.3, TACT_FAMILY_NONE, 0},
	[TACT_RULE_MUTUALS_FEW] = {"mutuals_few", 0.2, TACT_FAMILY_NONE, 0},
	[TACT_RULE_MUTUALS_SOME] = {"mutuals_some", 0.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_MUTUALS_MANY] = {"mutuals_many", 2.4, TACT_FAMILY_NONE, 0},
	[TACT_RULE_FIELD_MATCH] = {"same_field", 0.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_FIELD_STRONG] = {"same_field_strong", 0.9, TACT_FAMILY_NONE, 0},
	[TACT_RULE_OUTSIDE_FIELD] = {"outside_field", -1.2, TACT_FAMILY_NONE, 0},
	[TACT_RULE_SAME_CITY] = {"same_city", 0.4, TACT_FAMILY_NONE, 0},
	[TACT_RULE_RECRUITER] = {"recruiter", -0.2, TACT_FAMILY_NONE, 0},
	[TACT_RULE_STUDENT] = {"student", 0.3, TACT_FAMILY_NONE, 0},
	[TACT_RULE_NOTE_PERSONAL] = {"personal_note", 1.2, TACT_FAMILY_NONE, 0},
	[TACT_RULE_NOTE_TEMPLATE] = {"template_note", -0.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_NOTE_NONE] = {"no_note", -0.2, TACT_FAMILY_NONE, 0},
	[TACT_RULE_NO_PHOTO] = {"no_photo", -0.1, TACT_FAMILY_NONE, 0},
	[TACT_RULE_NOT_A_PERSON] = {"not_a_person", -1.0, TACT_FAMILY_NONE, 0},
	[TACT_RULE_LINK_IN_NOTE] = {"link_in_note", -0.3, TACT_FAMILY_NONE, 0},
	[TACT_RULE_REPEAT_AFTER_IGNORE] = {"repeat_invitation", -1.0, TACT_FAMILY_NONE, 0},
	[TACT_RULE_COMPANY_BURST] = {"company_burst", -0.6, TACT_FAMILY_NONE, 0},
	[TACT_RULE_PITCH_MEETING] = {"pitch_meeting", -1.6, TACT_FAMILY_NONE, 1},
	[TACT_RULE_PITCH_VALUE] = {"pitch_offer", -1.6, TACT_FAMILY_NONE, 1},
	[TACT_RULE_PITCH_SERVICES] = {"pitch_services", -1.3, TACT_FAMILY_NONE, 1},
	[TACT_RULE_PITCH_HEADLINE] = {"sales_headline", -0.6, TACT_FAMILY_NONE, 1},
	[TACT_RULE_SCAM_OFF_PLATFORM] = {"scam_off_platform", -3.0, TACT_FAMILY_OFF_PLATFORM, 0},
	[TACT_RULE_SCAM_MONEY] = {"scam_money", -3.0, TACT_FAMILY_MONEY, 0},
	[TACT_RULE_SCAM_FEES] = {"scam_fees", -3.0, TACT_FAMILY_FEES, 0},
	[TACT_RULE_SCAM_JOB_LURE] = {"scam_job_lure", -3.0, TACT_FAMILY_JOB_LURE, 0},
	[TACT_RULE_SCAM_ROMANCE] = {"scam_romance", -3.0, TACT_FAMILY_ROMANCE, 0},
	[TACT_RULE_SCAM_PHISHING] = {"scam_phishing", -3.0, TACT_FAMILY_PHISHING, 0},
	[TACT_RULE_SCAM_IMPERSONATION] = {"scam_impersonation", -3.0, TACT_FAMILY_IMPERSONATION, 0},
	[TACT_RULE_SCAM_MLM] = {"scam_mlm", -3.0, TACT_FAMILY_MLM, 0},
};

const struct tact_rule_info *tact_rules_info(enum tact_rule rule)
{
	return &rule_table[rule];
}

/* Words in a headline that say nothing about someone's field. */
static const char *const generic_words =
	" senior junior lead head chief manager director principal staff associate "
	"assistant team teams global group company the and und les der die das del "
	"for with at bei chez para com new open work looking experienced passionate ";

static void fold_list(json_object *list, char out[][TACT_RULES_FOLDED_MAX], size_t *count)
{
	size_t n = list != NULL ? json_object_array_length(list) : 0;

	*count = 0;
	for (size_t i = 0; i < n && *count < TACT_RULES_PROFILE_ITEMS; i++) {
		const char *item = json_object_get_string(json_object_array_get_idx(list, i));
		tact_text_fold_into(item, out[*count], TACT_RULES_FOLDED_MAX);
		if (out[*count][0] != '\0')
			(*count)++;
	}
}

static const char *get_str(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static int in_word_list(const char *list, const char *word, size_t len)
{
	char padded[40];

	if (len == 0 || len + 3 > sizeof(padded))
		return 0;
	padded[0] = ' ';
	memcpy(padded + 1, word, len);
	padded[len + 1] = ' ';
	padded[len + 2] = '\0';
	return strstr(list, padded) != NULL;
}

/* Adds the words of a folded phrase as keywords, skipping generic ones. */
static void add_words_as_keywords(const char *folded, struct tact_rules_profile *out)
{
	const char *p = folded;

	while (*p != '\0' && out->keyword_count < TACT_RULES_PROFILE_ITEMS) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len >= 3 && len < TACT_RULES_FOLDED_MAX && !in_word_list(generic_words, p, len) &&
		    !tact_lexicon_is_stopword(p, len)) {
			memcpy(out->keywords[out->keyword_count], p, len);
			out->keywords[out->keyword_count][len] = '\0';
			out->keyword_count++;
		}
		p += len;
	}
}

void tact_rules_profile_load(json_object *profile, struct tact_rules_profile *out)
{
	json_object *list = NULL;
	char folded[TACT_RULES_FOLDED_MAX];
	const char *location;
	size_t city_len;

	memset(out, 0, sizeof(*out));
	json_object_object_get_ex(profile, "companies", &list);
	fold_list(list, out->companies, &out->company_count);
	list = NULL;
	json_object_object_get_ex(profile, "schools", &list);
	fold_list(list, out->schools, &out->school_count);
	list = NULL;
	json_object_object_get_ex(profile, "keywords", &list);
	fold_list(list, out->keywords, &out->keyword_count);
	tact_text_fold_into(get_str(profile, "industry"), folded, sizeof(folded));
	if (folded[0] != '\0' && out->keyword_count < TACT_RULES_PROFILE_ITEMS)
		memcpy(out->keywords[out->keyword_count++], folded, sizeof(folded));
	/* The headline's own words describe the field too ("backend", "nurse"),
	 * but not the employer's name, which the company rules handle. */
	tact_text_fold_into(get_str(profile, "headline"), folded, sizeof(folded));
	for (size_t i = 0; i < out->company_count; i++) {
		char *hit = strstr(folded, out->companies[i]);
		if (hit != NULL)
			memset(hit, ' ', strlen(out->companies[i]));
	}
	add_words_as_keywords(folded, out);
	location = get_str(profile, "location");
	city_len = strcspn(location, ",(/");
	if (city_len < sizeof(folded)) {
		memcpy(folded, location, city_len);
		folded[city_len] = '\0';
		tact_text_fold_into(folded, out->city, sizeof(out->city));
		out->city_names = tact_lexicon_city_names(out->city);
	}
	snprintf(out->locale, sizeof(out->locale), "%.7s", get_str(profile, "locale"));
	out->premium = strcmp(get_str(profile, "account"), "premium") == 0;
}

/* --- organisations ------------------------------------------------------------------ */

static const char *const legal_suffixes =
	" gmbh ag kg se inc llc ltd ltda limited plc corp corporation co sa sas sarl srl sl spa "
	"bv nv ab as oy group gruppe groupe grupo holding holdings company ";

static int is_upper_start(const char *s, size_t len)
{
	size_t pos = 0;
	uint32_t cp;

	if (len == 0)
		return 0;
	cp = tact_text_decode(s, len, &pos);
	if (cp < 0x80)
		return isupper((int)cp) != 0;
	/* Latin-1 and Latin Extended-A capitals, Greek and Cyrillic capitals. */
	return (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) ||
	       (cp >= 0x100 && cp <= 0x17f && (cp % 2) == 0) || (cp >= 0x391 && cp <= 0x3a9) ||
	       (cp >= 0x400 && cp <= 0x42f);
}

/* The word in src starting at or after pos (skipping spaces); returns its
 * start and sets *len, or NULL when a separator comes first. */
static const char *next_word(const char *src, size_t src_len, size_t pos, size_t *len)
{
	while (pos < src_len && src[pos] == ' ')
		pos++;
	if (pos >= src_len)
		return NULL;
	size_t start = pos;
	while (pos < src_len) {
		size_t at = pos;
		uint32_t cp = tact_text_decode(src, src_len, &pos);
		if (!tact_text_is_word_char(cp) && cp != '.' && cp != '&') {
			pos = at;
			break;
		}
	}
	*len = pos - start;
	return *len > 0 ? src + start : NULL;
}

/* Start of the word that ends just before pos (skipping spaces), or NULL
 * when a separator stands there. */
static const char *prev_word(const char *src, size_t pos, size_t *len)
{
	size_t end;

	while (pos > 0 && src[pos - 1] == ' ')
		pos--;
	end = pos;
	while (pos > 0) {
		unsigned char c = (unsigned char)src[pos - 1];
		if (c < 0x80 && !isalnum(c) && c != '.' && c != '&')
			break;
		pos--;
	}
	*len = end - pos;
	return *len > 0 ? src + pos : NULL;
}

static void phrase_evidence(const struct tact_folded *f, long at, const char *phrase, char *out);

/* Words that may follow an organisation's name without making it another
 * one: places (offices, campuses) and words about belonging to it. */
static const char *const org_followers =
	" portugal spain espana france deutschland germany brasil brazil uk usa us emea apac "
	"latam europe asia america berlin frankfurt munchen munich hamburg koln paris lyon "
	"madrid barcelona lisboa lisbon porto london manchester leeds dublin amsterdam "
	"milano milan zurich wien vienna sao paulo rio new york detroit chicago ann arbor "
	"office hq team alumni alum alumna alumnus association grad graduate uni student "
	"students club careers ";

/* Words that describe what an organisation does rather than name it:
 * "Kontora Payments" is also called "Kontora". */
static const char *const org_descriptors =
	" payments payment systems software analytics labs lab cloud talent digital tech "
	"technologies technology solutions consulting services group credit union bank "
	"health data freight logistics energy media studio studios partners capital "
	"ventures networks robotics pharma insurance foods motors games security ";
static const char *const org_leaders = " grupo groupe gruppe group agencia agence ";
static const char *const institution_words =
	" university universitat universite universidad universidade uni hochschule school "
	"college escola escuela ecole institute instituto institut technische technical "
	"of de du da do des del la le the and fur ";

static int word_in_org(const char *org, const char *word, size_t len)
{
	char padded[TACT_RULES_FOLDED_MAX + 2];

	snprintf(padded, sizeof(padded), " %s ", org);
	return in_word_list(padded, word, len);
}

/* Does the folded alias appear in f as a whole name? A capitalised word
 * right after it must be a legal form, a place or part of org itself
 * ("Orion Dental Care" is not "Orion Systems"); a single-word alias must
 * not follow a capitalised word ("Blue Orion"). */
static long find_org_alias(const struct tact_folded *f, const char *alias, const char *org)
{
	size_t alias_len = strlen(alias);
	int single = strchr(alias, ' ') == NULL;
	long at = -1;

	if (alias_len == 0)
		return -1;
	while ((at = tact_text_find(f, alias, (size_t)(at + 1))) >= 0) {
		size_t src_start = f->origin[at];
		size_t src_end = f->origin[(size_t)at + alias_len];
		size_t wlen = 0;
		const char *word = next_word(f->source, f->source_len, src_end, &wlen);
		char folded[64];

		if (word != NULL && is_upper_start(word, wlen) && wlen < 40) {
			char raw[48];
			memcpy(raw, word, wlen);
			raw[wlen] = '\0';
			tact_text_fold_into(raw, folded, sizeof(folded));
			size_t fl = strlen(folded);
			if (!in_word_list(legal_suffixes, folded, fl) &&
			    !in_word_list(org_followers, folded, fl) && !word_in_org(org, folded, fl))
				continue;
		}
		word = prev_word(f->source, src_start, &wlen);
		if (single && word != NULL && is_upper_start(word, wlen) && wlen < 40) {
			/* "Blue Orion" is not "Orion"; "Former Orion", "TU Orion" or
			 * "CTO Orion" name it all the same. */
			char raw[48];
			memcpy(raw, word, wlen);
			raw[wlen] = '\0';
			tact_text_fold_into(raw, folded, sizeof(folded));
			int caps = 1;
			for (size_t k = 0; k < wlen; k++)
				caps = caps && !islower((unsigned char)word[k]);
			if (!caps && !in_word_list(" former ex ehemals ehemalige ancien ancienne antiguo "
						   "antigua antigo antiga alumni alumna alumnus at ",
						   folded, strlen(folded)))
				continue;
		}
		return at;
	}
	return -1;
}

int tact_rules_names_org(const struct tact_folded *f, const char *org)
{
	return find_org_alias(f, org, org) >= 0;
}

/* Other names of an organisation, derived from its own name: the name
 * without words that say what it does ("Kontora" for "Kontora Payments",
 * "Atalaya" for "Grupo Atalaya"), "and" for "&", "TU" for a technical
 * university, its number ("Lyon 1"), the first two words ("CHU de
 * Grenoble"), and for schools the distinctive word ("Complutense").
 * Aliases from a school need the text to talk about studying. */
struct org_alias {
	char text[TACT_RULES_FOLDED_MAX];
	int needs_school_context;
};

static size_t split_words(const char *folded, char words[][48], size_t max)
{
	size_t n = 0;
	const char *p = folded;

	while (*p != '\0' && n < max) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len == 0)
			break;
		if (len < 48) {
			memcpy(words[n], p, len);
			words[n][len] = '\0';
			n++;
		}
		p += len;
	}
	return n;
}

static void add_alias(struct org_alias *out, size_t *n, size_t max, const char *text, int school)
{
	if (*n >= max || strlen(text) < 4)
		return;
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(out[i].text, text) == 0)
			return;
	}
	snprintf(out[*n].text, sizeof(out[*n].text), "%s", text);
	out[*n].needs_school_context = school;
	(*n)++;
}

static size_t org_aliases(const char *org, int school, struct org_alias *out, size_t max)
{
	char words[12][48];
	size_t wn = split_words(org, words, 12);
	size_t n = 0;
	char buf[TACT_RULES_FOLDED_MAX];

	add_alias(out, &n, max, org, 0);
	if (wn == 0)
		return n;
	/* "&" was folded away: "Halden & Rowe" is also "Halden and Rowe". */
	if (wn == 2) {
		snprintf(buf, sizeof(buf), "%s and %s", words[0], words[1]);
		add_alias(out, &n, max, buf, 0);
	}
	if (!school) {
		size_t first = 0;
		size_t last = wn;
		while (first < last && in_word_list(org_leaders, words[first], strlen(words[first])))
			first++;
		while (last > first + 1 &&
		       in_word_list(org_descriptors, words[last - 1], strlen(words[last - 1])))
			last--;
		if (first < last && (first > 0 || last < wn)) {
			buf[0] = '\0';
			for (size_t i = first; i < last; i++)
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
					 i > first ? " " : "", words[i]);
			add_alias(out, &n, max, buf, 0);
		}
	}
	/* The first two words with "de" between ("CHU de Grenoble"), when the
	 * name is longer and those words are not only institution words. */
	if (wn >= 3 && !(in_word_list(institution_words, words[0], strlen(words[0])) &&
			 in_word_list(institution_words, words[1], strlen(words[1])))) {
		snprintf(buf, sizeof(buf), "%s de %s", words[0], words[1]);
		add_alias(out, &n, max, buf, 0);
	}
	/* A numbered campus: "... Lyon 1" is also "Lyon 1". */
	if (wn >= 3 && isdigit((unsigned char)words[wn - 1][0])) {
		snprintf(buf, sizeof(buf), "%s %s", words[wn - 2], words[wn - 1]);
		add_alias(out, &n, max, buf, school);
	}
	if (school) {
		/* "Technische Universität München" is "TU München", "TU Munich",
		 * "Technical University of Munich". */
		if (wn >= 3 && strcmp(words[0], "technische") == 0 &&
		    strncmp(words[1], "universit", 9) == 0) {
			static const char *const exonyms[][2] = {
				{"munchen", "munich"}, {"koln", "cologne"}, {"wien", "vienna"},
				{"braunschweig", "brunswick"}, {NULL, NULL}};
			const char *city = words[2];
			const char *other = city;
			for (size_t e = 0; exonyms[e][0] != NULL; e++) {
				if (strcmp(exonyms[e][0], city) == 0)
					other = exonyms[e][1];
			}
			snprintf(buf, sizeof(buf), "tu %s", city);
			add_alias(out, &n, max, buf, 0);
			snprintf(buf, sizeof(buf), "tu %s", other);
			add_alias(out, &n, max, buf, 0);
			snprintf(buf, sizeof(buf), "technical university of %s", other);
			add_alias(out, &n, max, buf, 0);
		}
		/* The distinctive words left when institution words go. */
		buf[0] = '\0';
		for (size_t i = 0; i < wn; i++) {
			if (in_word_list(institution_words, words[i], strlen(words[i])) ||
			    isdigit((unsigned char)words[i][0]))
				continue;
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 buf[0] != '\0' ? " " : "", words[i]);
		}
		if (buf[0] != '\0' && strcmp(buf, org) != 0) {
			add_alias(out, &n, max, buf, 1);
			char first[48];
			snprintf(first, sizeof(first), "%.47s", buf);
			first[strcspn(first, " ")] = '\0';
			add_alias(out, &n, max, first, 1);
		}
	}
	return n;
}

/* An acronym of the name's words, written in capitals in the source
 * ("TUM", "UCM", "USP", "H&R"). */
static long find_acronym(const struct tact_folded *f, const char *org, size_t *len)
{
	char words[12][48];
	size_t wn = split_words(org, words, 12);
	char acro[16];
	size_t n = 0;

	for (size_t i = 0; i < wn && n + 1 < sizeof(acro); i++) {
		if (!isalpha((unsigned char)words[i][0]) ||
		    in_word_list(" of de du da do des del la le the and fur e y et ", words[i],
				 strlen(words[i])))
			continue;
		acro[n++] = (char)toupper((unsigned char)words[i][0]);
	}
	acro[n] = '\0';
	if (wn == 2 && n == 2) {
		/* Two words: only with an ampersand, "H&R". */
		char amp[8] = {acro[0], '&', acro[1], '\0'};
		const char *hit = strstr(f->source, amp);
		if (hit != NULL && (hit == f->source || !isalnum((unsigned char)hit[-1])) &&
		    !isalnum((unsigned char)hit[3])) {
			*len = 3;
			return (long)(hit - f->source);
		}
		return -1;
	}
	if (n < 3)
		return -1;
	for (const char *hit = strstr(f->source, acro); hit != NULL; hit = strstr(hit + 1, acro)) {
		if ((hit == f->source || !isalnum((unsigned char)hit[-1])) &&
		    !isalnum((unsigned char)hit[n])) {
			*len = n;
			return (long)(hit - f->source);
		}
	}
	return -1;
}

/* Does f name the organisation, by its name or one of its aliases? The
 * evidence is the words that matched. */
static int org_named(const struct tact_folded *f, const char *org, int school, int school_context,
		     char *evidence)
{
	struct org_alias aliases[12];
	size_t n = org_aliases(org, school, aliases, 12);

	for (size_t i = 0; i < n; i++) {
		if (aliases[i].needs_school_context && !school_context)
			continue;
		long at = find_org_alias(f, aliases[i].text, org);
		if (at >= 0) {
			phrase_evidence(f, at, aliases[i].text, evidence);
			return 1;
		}
	}
	size_t len = 0;
	long at = find_acronym(f, org, &len);
	if (at >= 0) {
		/* Just the acronym: ASCII letters (and '&'), so never a cut
		 * character, whatever follows it. */
		snprintf(evidence, TACT_EVIDENCE_MAX, "%.*s", (int)len, f->source + at);
		return 1;
	}
	return 0;
}

static const char *const company_connectors[] = {
	" at ", " @ ", "@", " bei ", " chez ", " à ", " en ", " na ", " no ", " em ", " для ",
	NULL,
};

void tact_rules_headline_company(const char *headline, char *out, size_t cap)
{
	size_t len = strlen(headline);

	out[0] = '\0';
	for (const char *const *c = company_connectors; *c != NULL; c++) {
		const char *hit = NULL;
		size_t clen = strlen(*c);
		/* Case-insensitive search for an ASCII connector. */
		for (size_t i = 0; i + clen <= len && hit == NULL; i++) {
			size_t j = 0;
			while (j < clen && tolower((unsigned char)headline[i + j]) == (*c)[j])
				j++;
			if (j == clen)
				hit = headline + i + clen;
		}
		if (hit == NULL)
			continue;
		while (*hit == ' ')
			hit++;
		size_t n = 0;
		/* Stop at a separator; multi-byte ones are compared whole so a
		 * byte of an emoji is never taken for one. */
		while (hit[n] != '\0' && strchr("|,;/()[]\n\t", hit[n]) == NULL &&
		       strncmp(hit + n, "·", strlen("·")) != 0 &&
		       strncmp(hit + n, "•", strlen("•")) != 0 &&
		       strncmp(hit + n, "–", strlen("–")) != 0 &&
		       strncmp(hit + n, "—", strlen("—")) != 0) {
			size_t pos = n;
			tact_text_decode(hit, strlen(hit), &pos);
			n = pos;
		}
		const char *dash = strstr(hit, " - ");
		if (dash != NULL && (size_t)(dash - hit) < n)
			n = (size_t)(dash - hit);
		while (n > 0 && hit[n - 1] == ' ')
			n--;
		if (n == 0 || n >= cap)
			continue;
		memcpy(out, hit, n);
		out[n] = '\0';
		/* Cut on a character boundary (strcspn stops on bytes). */
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0xc0)
			out[--n] = '\0';
		return;
	}
}

/* --- detectors on the raw note -------------------------------------------------------- */

static int contains_ci(const char *hay, size_t hay_len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= hay_len; i++) {
		size_t j = 0;
		while (j < n && tolower((unsigned char)hay[i + j]) == needle[j])
			j++;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Copies at most cap - 1 bytes of src[0..len), never cutting a character at
 * either end: a window that starts or stops inside one (a few bytes either
 * side of an amount, say) drops those bytes. src[len] must be readable: the
 * range lies within a string. */
static void copy_utf8(char *out, size_t cap, const char *src, size_t len)
{
	while (len > 0 && ((unsigned char)src[0] & 0xc0) == 0x80) {
		src++;
		len--;
	}
	if (len >= cap)
		len = cap - 1;
	while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
		len--;
	memcpy(out, src, len);
	out[len] = '\0';
}

static void copy_evidence(char *out, const char *src, size_t len)
{
	copy_utf8(out, TACT_EVIDENCE_MAX, src, len);
}

/* Is s[i] inside a link or a longer word ("events/301122334", "id=88121")? */
static int in_link_or_word(const char *s, size_t i)
{
	size_t start = i;

	while (start > 0 && !isspace((unsigned char)s[start - 1]))
		start--;
	for (size_t k = start; k < i; k++) {
		if (s[k] == '/' || s[k] == '=' || s[k] == '@' || s[k] == '#' ||
		    isalpha((unsigned char)s[k]))
			return 1;
	}
	return 0;
}

/* A phone number: an optional +, then at least nine digits with only
 * spaces, dots, dashes or brackets between them, not part of a link. */
static int find_phone(const char *s, char *evidence)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '+' && s[i] != '(' && !isdigit((unsigned char)s[i]))
			continue;
		if (in_link_or_word(s, i)) {
			while (i < len && !isspace((unsigned char)s[i]))
				i++;
			continue;
		}
		size_t j = i + (s[i] == '+' ? 1 : 0);
		size_t digits = 0;
		size_t last = j;
		while (j < len && (isdigit((unsigned char)s[j]) || strchr(" .-()", s[j]) != NULL)) {
			if (isdigit((unsigned char)s[j])) {
				digits++;
				last = j + 1;
			}
			j++;
		}
		/* A letter or slash right after the digits: a reference, not a number. */
		if (digits >= 9 && digits <= 15 &&
		    !(last < len && (isalpha((unsigned char)s[last]) || s[last] == '/'))) {
			copy_evidence(evidence, s + i, last - i);
			return 1;
		}
		i = j > i ? j - 1 : i;
	}
	return 0;
}

/* A messaging handle such as "@anna_fx" (not an e-mail address, not "@ Acme"). */
static int find_handle(const char *s, char *evidence)
{
	for (const char *at = strchr(s, '@'); at != NULL; at = strchr(at + 1, '@')) {
		if (at > s && !isspace((unsigned char)at[-1]) && at[-1] != '(' && at[-1] != ':')
			continue; /* part of an e-mail address */
		size_t n = strspn(at + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
		while (n > 0 && at[n] == '.')
			n--;
		if (n >= 3) {
			copy_evidence(evidence, at, n + 1);
			return 1;
		}
	}
	return 0;
}

static const char *const free_mail[] = {"gmail.", "googlemail.", "yahoo.", "hotmail.",
					"outlook.", "live.", "aol.", "icloud.", "proton",
					"gmx.", "web.de", "yandex.", "mail.ru", "qq.com",
					"163.com", NULL};

/* An e-mail address at a free mail service. */
static int find_free_mail(const char *s, char *evidence)
{
	const char *at = s;

	while ((at = strchr(at, '@')) != NULL) {
		const char *start = at;
		while (start > s && (isalnum((unsigned char)start[-1]) || strchr("._-+", start[-1])))
			start--;
		size_t domain = strspn(at + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
		if (start < at && domain > 3) {
			for (const char *const *m = free_mail; *m != NULL; m++) {
				if (contains_ci(at + 1, domain, *m)) {
					copy_evidence(evidence, start, (size_t)(at + 1 + domain - start));
					return 1;
				}
			}
		}
		at++;
	}
	return 0;
}

static const char *const shorteners[] = {
	"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "cutt.ly", "rebrand.ly",
	"shorturl.at", "rb.gy", "tiny.cc", "s.id", "t.ly", "bit.do", "buff.ly", "soo.gd",
	"v.gd", "clck.ru", "lnkd.co", "shorte.st", "adf.ly", "bl.ink", "urlz.fr", NULL,
};

/* Domains that imitate LinkedIn or well-known brands. */
static const char *const lookalikes[] = {
	"linkedln", "1inkedin", "llnkedin", "linkdin", "linked-in", "linkedin-", "-linkedin",
	"linkedinn", "lnkedin", "paypa1", "micros0ft", "g00gle", "amaz0n", "app1e", "rnicrosoft",
	NULL,
};

/* Brands that scammers borrow. A host naming one, or the user's employer,
 * or the company the sender claims, is only genuine as that name's own
 * domain ("careers.google.com", not "careers-google.jobs-apply.org"). */
static const char *const brands[] = {
	"linkedin", "google", "gmail", "microsoft", "office365", "onedrive", "sharepoint",
	"outlook", "apple", "icloud", "amazon", "paypal", "netflix", "tesla", "docusign",
	"dropbox", "adobe", "behance", "dribbble", "facebook", "meta", "instagram", "whatsapp",
	"coinbase", "binance", "dhl", "fedex", "zoom", "slack", "github", "nubank", "revolut",
	"santander", "bbva", "hsbc", "barclays", "paypal", "stripe", "wise", "ameli", "aeat",
	"hmrc", "irs", "deel", "workday", "indeed", "glassdoor", NULL,
};

/* Words that make a hyphenated host look made for phishing. */
static const char *const risky_host_words[] = {
	"verify", "verification", "secure", "security", "login", "signin", "account", "portal",
	"onboarding", "onboard", "payroll", "refund", "claim", "bonus", "prize", "wallet",
	"update", "billing", "support", "helpdesk", "sharefiles", "share", "docs", "files",
	"remboursement", "devoluciones", "devolucion", "sicherheit", "kunden", "atendimento",
	"suporte", "premio", "pagamento", "apply", NULL,
};

/* Top-level domains that cost nothing and are favoured for throwaway sites. */
static const char *const cheap_tlds[] = {"site", "online", "info", "top", "xyz", "click", "icu",
					 "buzz", "rest", "cfd", "live", "shop", "work", NULL};

/* Second-level registries: the registrable name is one label further left. */
static const char *const second_levels[] = {"co.uk", "ac.uk", "org.uk", "gov.uk", "com.br",
					    "org.br", "gov.br", "com.au", "com.mx", "com.ar",
					    "co.jp", "co.in", "com.es", "com.pt", NULL};

struct link {
	char host[80];
	char text[TACT_EVIDENCE_MAX];
};

/* Finds the next link-like token (http, www. or a bare domain with a path)
 * at or after *pos; fills link and returns 1. */
static int next_link(const char *s, size_t *pos, struct link *link)
{
	size_t len = strlen(s);

	while (*pos < len) {
		size_t i = *pos;
		size_t start;
		size_t end;
		const char *host;
		size_t host_len;

		while (i < len && isspace((unsigned char)s[i]))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)s[i]))
			i++;
		end = i;
		*pos = end;
		while (end > start && strchr(".,;:!?)\"'", s[end - 1]) != NULL)
			end--;
		if (end <= start)
			continue;
		host = s + start;
		if (contains_ci(host, end - start, "://")) {
			host = strstr(host, "://") + 3;
		} else if (!(end - start > 4 && strncmp(host, "www.", 4) == 0)) {
			/* A bare "name.tld/..." or "bit.ly/x" counts; "e.g." does not. */
			const char *dot = memchr(host, '.', end - start);
			if (dot == NULL || dot == host || (size_t)(dot - host) + 3 > end - start ||
			    !isalpha((unsigned char)dot[1]) || !isalpha((unsigned char)dot[2]))
				continue;
			if (memchr(host, '/', end - start) == NULL && memchr(host, '@', end - start) != NULL)
				continue; /* an e-mail address */
			/* The top-level label is the last one before any path. */
			size_t host_end = strcspn(host, "/?#");
			if (host_end > end - start)
				host_end = end - start;
			const char *tld = dot;
			for (const char *q = dot; q < host + host_end; q++) {
				if (*q == '.')
					tld = q;
			}
			size_t label = strspn(tld + 1, "abcdefghijklmnopqrstuvwxyz");
			if (label < 2 || label > 6 ||
			    (memchr(host, '/', end - start) == NULL && label > 3))
				continue;
		}
		host_len = strcspn(host, "/?#");
		if (host + host_len > s + end)
			host_len = (size_t)(s + end - host);
		if (host_len == 0 || host_len >= sizeof(link->host))
			continue;
		for (size_t k = 0; k < host_len; k++)
			link->host[k] = (char)tolower((unsigned char)host[k]);
		link->host[host_len] = '\0';
		copy_evidence(link->text, s + start, end - start);
		return 1;
	}
	return 0;
}

static int host_is(const char *host, const char *domain)
{
	size_t h = strlen(host);
	size_t d = strlen(domain);

	if (h == d)
		return strcmp(host, domain) == 0;
	return h > d && host[h - d - 1] == '.' && strcmp(host + h - d, domain) == 0;
}

/* A money amount ("$4,000", "500 €", "R$ 500", "3000 USD"): returns 1. */
static int find_amount(const char *s, char *evidence)
{
	static const char *const symbols[] = {"$", "€", "£", "usd", "eur", "gbp", "dollars",
					      "euros", "reais", NULL};
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) || (i > 0 && isdigit((unsigned char)s[i - 1])))
			continue;
		size_t j = i;
		while (j < len && (isdigit((unsigned char)s[j]) || s[j] == ',' || s[j] == '.' ||
				   (s[j] == ' ' && j + 1 < len && isdigit((unsigned char)s[j + 1]))))
			j++;
		size_t before = i > 6 ? i - 6 : 0;
		for (const char *const *sym = symbols; *sym != NULL; sym++) {
			if (contains_ci(s + before, i - before, *sym) ||
			    contains_ci(s + j, len - j < 8 ? len - j : 8, *sym)) {
				size_t end = j + 8 < len ? j + 8 : len;
				copy_evidence(evidence, s + before, end - before);
				return 1;
			}
		}
		i = j;
	}
	return 0;
}

static const char *const pay_periods = " week weekly day daily hour hourly month monthly semaine "
				       "jour heure mois woche tag stunde monat semana dia hora mes "
				       "wk hr ";

/* An amount of money tied to a period of time: "$900 per day". */
static int amount_per_period(const struct tact_folded *note, const char *raw)
{
	char evidence[TACT_EVIDENCE_MAX];
	const char *p;

	if (!find_amount(raw, evidence))
		return 0;
	p = note->text;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (in_word_list(pay_periods, p, n))
			return 1;
		p += n;
	}
	return 0;
}

/* --- evaluation ------------------------------------------------------------------------ */

struct span {
	const struct tact_folded *f;
	size_t at;
	size_t len;
};

struct eval {
	struct tact_signals *out;
	int family_score[TACT_FAMILY_COUNT]; /* distinct signs */
	int family_critical[TACT_FAMILY_COUNT];
	char family_evidence[TACT_FAMILY_COUNT][TACT_EVIDENCE_MAX];
	/* Stretches of text already counted: one stretch is one sign, however
	 * many phrases cover it ("bitcoin trading" is not three signs). */
	struct span spans[96];
	size_t span_count;
};

static struct tact_hit *add_hit(struct tact_signals *out, enum tact_rule rule, const char *evidence)
{
	struct tact_hit *hit;

	for (size_t i = 0; i < out->hit_count; i++) {
		if (out->hits[i].rule == rule)
			return &out->hits[i];
	}
	if (out->hit_count >= TACT_RULES_HITS_MAX)
		return NULL;
	hit = &out->hits[out->hit_count++];
	memset(hit, 0, sizeof(*hit));
	hit->rule = rule;
	copy_evidence(hit->evidence, evidence != NULL ? evidence : "",
		      evidence != NULL ? strlen(evidence) : 0);
	return hit;
}

static int has_hit(const struct tact_signals *out, enum tact_rule rule)
{
	for (size_t i = 0; i < out->hit_count; i++) {
		if (out->hits[i].rule == rule)
			return 1;
	}
	return 0;
}

/* Evidence for a phrase found in f at offset at. */
static void phrase_evidence(const struct tact_folded *f, long at, const char *phrase, char *out)
{
	tact_text_evidence(f, (size_t)at, strlen(phrase), out, TACT_EVIDENCE_MAX);
}

static void scam_evidence(struct eval *ev, enum tact_family family, int points, int critical,
			  const char *evidence)
{
	if (ev->family_evidence[family][0] == '\0' || (critical && !ev->family_critical[family]))
		copy_evidence(ev->family_evidence[family], evidence, strlen(evidence));
	ev->family_score[family] += points;
	if (critical)
		ev->family_critical[family] = 1;
}

/* Claims f[at, at+len) unless an earlier sign covers part of it. */
static int claim_span(struct eval *ev, const struct tact_folded *f, size_t at, size_t len)
{
	for (size_t i = 0; i < ev->span_count; i++) {
		const struct span *sp = &ev->spans[i];
		if (sp->f == f && at < sp->at + sp->len && sp->at < at + len)
			return 0;
	}
	if (ev->span_count < sizeof(ev->spans) / sizeof(ev->spans[0]))
		ev->spans[ev->span_count++] = (struct span){f, at, len};
	return 1;
}

/* Counts every phrase of rule found in f, one sign per stretch of text,
 * toward family; returns how many signs it added. */
static int scan_family(struct eval *ev, const struct tact_folded *f, enum tact_lex rule,
		       enum tact_lex_where where, enum tact_family family, int critical)
{
	size_t total;
	size_t count;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&total);
	const uint16_t *ids = tact_lexicon_rule_phrases(rule, &count);
	int added = 0;

	for (size_t k = 0; k < count; k++) {
		const struct tact_lex_phrase *p = &all[ids[k]];
		if ((p->where & where) == 0)
			continue;
		long at = tact_lexicon_phrase_at(f, ids[k]);
		if (at < 0 || !claim_span(ev, f, (size_t)at, strlen(p->folded)))
			continue;
		char evidence[TACT_EVIDENCE_MAX];
		phrase_evidence(f, at, p->folded, evidence);
		scam_evidence(ev, family, 1, critical, evidence);
		added++;
	}
	return added;
}

static int lex_hit(const struct tact_folded *f, enum tact_lex rule, enum tact_lex_where where,
		   char *evidence)
{
	long at = -1;
	const struct tact_lex_phrase *p = tact_lexicon_find(f, rule, where, &at);

	if (p == NULL)
		return 0;
	if (evidence != NULL)
		phrase_evidence(f, at, p->folded, evidence);
	return 1;
}

/* The registrable label of a host: "jobs-apply" for
 * "careers-google.jobs-apply.org", "leeds" for "careers.leeds.ac.uk". */
static void registrable_label(const char *host, char *out, size_t cap)
{
	const char *labels[16];
	size_t n = 0;
	const char *p = host;
	size_t skip = 1;

	out[0] = '\0';
	while (p != NULL && *p != '\0' && n < 16) {
		labels[n++] = p;
		p = strchr(p, '.');
		if (p != NULL)
			p++;
	}
	if (n < 2)
		return;
	for (const char *const *sl = second_levels; *sl != NULL; sl++) {
		if (n >= 3 && host_is(host, *sl))
			skip = 2;
	}
	if (n <= skip)
		return;
	const char *start = labels[n - 1 - skip];
	size_t len = strcspn(start, ".");
	if (len >= cap)
		len = cap - 1;
	memcpy(out, start, len);
	out[len] = '\0';
}

/* Does host contain word as one of its dot- or hyphen-separated parts? */
static int host_has_part(const char *host, const char *word)
{
	size_t wl = strlen(word);

	if (wl == 0)
		return 0;
	for (const char *p = host; (p = strstr(p, word)) != NULL; p++) {
		int left = p == host || p[-1] == '.' || p[-1] == '-';
		int right = p[wl] == '\0' || p[wl] == '.' || p[wl] == '-';
		if (left && right)
			return 1;
	}
	return 0;
}

/* The label with hyphens removed, for comparing with a name. */
static void squash(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (; *in != '\0' && n + 1 < cap; in++) {
		if (*in != '-' && *in != ' ')
			out[n++] = *in;
	}
	out[n] = '\0';
}

/* Does the link borrow org (folded, words by spaces) without being its own
 * domain? Each distinctive word of four letters or more is looked for. */
static int borrows_org(const char *host, const char *reg, const char *org)
{
	char whole[TACT_RULES_FOLDED_MAX];
	char regsq[96];
	const char *p = org;
	int named = 0;
	int own = 0;

	squash(org, whole, sizeof(whole));
	squash(reg, regsq, sizeof(regsq));
	if (strcmp(regsq, whole) == 0)
		return 0;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		char word[64];
		if (n >= 4 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (!in_word_list(legal_suffixes, word, n) && host_has_part(host, word)) {
				named = 1;
				if (strcmp(regsq, word) == 0)
					own = 1;
			}
		}
		p += n;
	}
	return named && !own;
}

/* Is the host a throwaway: a cheap top-level domain, or a hyphenated name
 * built from words such as "secure", "verify" or "portal"? */
static int risky_host(const char *host, const char *reg)
{
	const char *tld = strrchr(host, '.');

	if (tld != NULL) {
		for (const char *const *t = cheap_tlds; *t != NULL; t++) {
			if (strcmp(tld + 1, *t) == 0)
				return 1;
		}
	}
	if (strchr(reg, '-') == NULL)
		return 0;
	for (const char *const *w = risky_host_words; *w != NULL; w++) {
		if (host_has_part(host, *w))
			return 1;
	}
	return 0;
}

struct link_findings {
	int any;   /* a link other than a known-good one */
	int risky; /* a shortener or a throwaway host */
};

static void detect_links(struct eval *ev, const char *note, const struct tact_rules_profile *profile,
			 const char *claimed_company, struct link_findings *found)
{
	struct link link;
	size_t pos = 0;
	char claimed[TACT_RULES_FOLDED_MAX];

	memset(found, 0, sizeof(*found));
	tact_text_fold_into(claimed_company, claimed, sizeof(claimed));
	while (next_link(note, &pos, &link)) {
		int handled = 0;
		char reg[96];
		registrable_label(link.host, reg, sizeof(reg));
		found->any = 1;
		for (const char *const *l = lookalikes; *l != NULL && !handled; l++) {
			if (strstr(link.host, *l) != NULL) {
				scam_evidence(ev, TACT_FAMILY_PHISHING, 2, 1, link.text);
				handled = 1;
			}
		}
		for (const char *const *b = brands; *b != NULL && !handled; b++) {
			if (borrows_org(link.host, reg, *b)) {
				scam_evidence(ev, TACT_FAMILY_PHISHING, 2, 1, link.text);
				handled = 1;
			}
		}
		for (size_t i = 0; i < profile->company_count && !handled; i++) {
			if (borrows_org(link.host, reg, profile->companies[i])) {
				scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, link.text);
				handled = 1;
			}
		}
		if (!handled && claimed[0] != '\0' && borrows_org(link.host, reg, claimed)) {
			scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, link.text);
			handled = 1;
		}
		if (!handled && strstr(link.host, "linkedin") != NULL &&
		    !host_is(link.host, "linkedin.com")) {
			scam_evidence(ev, TACT_FAMILY_PHISHING, 2, 1, link.text);
			handled = 1;
		}
		if (!handled && strspn(link.host, "0123456789.:") == strlen(link.host)) {
			scam_evidence(ev, TACT_FAMILY_PHISHING, 2, 1, link.text); /* a bare IP */
			handled = 1;
		}
		for (const char *const *s = shorteners; *s != NULL && !handled; s++) {
			if (host_is(link.host, *s) || strncmp(reg, "encurta", 7) == 0) {
				scam_evidence(ev, TACT_FAMILY_PHISHING, 1, 0, link.text);
				found->risky = 1;
				handled = 1;
			}
		}
		if (!handled && (host_is(link.host, "wa.me") || host_is(link.host, "t.me") ||
				 host_is(link.host, "telegram.me"))) {
			scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, link.text);
			handled = 1;
		}
		if (!handled && risky_host(link.host, reg)) {
			scam_evidence(ev, TACT_FAMILY_PHISHING, 1, 0, link.text);
			found->risky = 1;
			handled = 1;
		}
		if (!handled)
			add_hit(ev->out, TACT_RULE_LINK_IN_NOTE, link.text);
	}
}

/* A payment asked of the reader: a pay verb with an amount right after it
 * ("pay the $420", "überweisen Sie bitte 149 €"). */
static int pay_ask(const struct tact_folded *note, char *evidence)
{
	size_t total;
	size_t count;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&total);
	const uint16_t *ids = tact_lexicon_rule_phrases(TACT_LEX_PAY_VERB, &count);

	for (size_t k = 0; k < count; k++) {
		const char *verb = all[ids[k]].folded;
		for (long at = tact_lexicon_phrase_at(note, ids[k]); at >= 0;
		     at = tact_text_find(note, verb, (size_t)at + 1)) {
			size_t end = note->origin[(size_t)at + strlen(verb)];
			char window[40];
			size_t n = note->source_len - end < sizeof(window) - 1 ? note->source_len - end
									       : sizeof(window) - 1;
			memcpy(window, note->source + end, n);
			window[n] = '\0';
			/* The amount must come before the next sentence starts. */
			window[strcspn(window, ".!?\n")] = '\0';
			if (find_amount(window, evidence)) {
				tact_text_evidence(note, (size_t)at, strlen(verb), evidence,
						   TACT_EVIDENCE_MAX);
				return 1;
			}
		}
	}
	return 0;
}

static const char *const return_words =
	" return returns yield roi profit profits interest up gain gains paying pays earn earned "
	"made rendement rendements interets zinsen rendite gewinn rentabilidad beneficio "
	"beneficios ganancia ganancias retorno rendimento lucro lucros ";
static const char *const return_periods =
	" daily day week weekly month monthly jour semaine mois mensuel tag taglich woche "
	"monat monatlich dia diario diarios semana mes mensual mensuales mensal ";

/* A promised rate of return: a percentage with a period and a word for
 * profit nearby ("2% daily yield", "8 % de rendement par semaine"). */
static int promised_return(const char *raw, char *evidence)
{
	for (const char *pct = strchr(raw, '%'); pct != NULL; pct = strchr(pct + 1, '%')) {
		size_t from = (size_t)(pct - raw) > 48 ? (size_t)(pct - raw) - 48 : 0;
		char window[112];
		char folded[160];
		size_t n = strlen(raw + from);
		if (n > 100)
			n = 100;
		memcpy(window, raw + from, n);
		window[n] = '\0';
		tact_text_fold_into(window, folded, sizeof(folded));
		int period = 0;
		int word = 0;
		for (const char *p = folded; *p != '\0';) {
			while (*p == ' ')
				p++;
			size_t len = strcspn(p, " ");
			period |= in_word_list(return_periods, p, len);
			word |= in_word_list(return_words, p, len);
			p += len;
		}
		if (period && word) {
			copy_evidence(evidence, window, n);
			return 1;
		}
	}
	return 0;
}

/* Where they say you met: the proper name after "at", "à", "auf", ... that
 * follows a shared-context phrase. */
static void extract_event(const struct tact_folded *note, long context_at, char *out, size_t cap)
{
	static const char *const connectors[] = {" at ", " à ", " au ", " a la ", " auf der ",
						 " auf dem ", " bei ", " beim ", " en ", " en el ",
						 " en la ", " na ", " no ", " in ", " during ",
						 " lors du ", " lors de ", NULL};
	const char *src = note->source;
	size_t from = note->origin[context_at];
	size_t limit = from + 60 < note->source_len ? from + 60 : note->source_len;

	out[0] = '\0';
	for (size_t i = from; i < limit; i++) {
		for (const char *const *c = connectors; *c != NULL; c++) {
			size_t clen = strlen(*c);
			if (i + clen > note->source_len || strncmp(src + i, *c, clen) != 0)
				continue;
			const char *start = src + i + clen;
			/* "the" before a name is kept out of the event's name. */
			if (strncmp(start, "the ", 4) == 0)
				start += 4;
			size_t n = strcspn(start, ".,!?;:\n()\"");
			const char *stop_words[] = {" last ", " this ", " yesterday", " today",
						    " in ", " and ", " where ", " when ", " -", NULL};
			for (const char *const *w = stop_words; *w != NULL; w++) {
				const char *hit = strstr(start, *w);
				if (hit != NULL && (size_t)(hit - start) < n)
					n = (size_t)(hit - start);
			}
			while (n > 0 && start[n - 1] == ' ')
				n--;
			if (n < 3 || n >= cap || !is_upper_start(start, n))
				continue;
			memcpy(out, start, n);
			out[n] = '\0';
			return;
		}
	}
}

static void extract_first_name(const char *name, char *out, size_t cap)
{
	static const char *const titles = " dr dr. prof prof. mr mr. mrs mrs. ms ms. herr frau "
					  "sr sr. sra sra. m. mme mme. dra dra. ing ing. ";
	const char *p = name;

	out[0] = '\0';
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ,");
		char lower[16];
		if (n == 0)
			break;
		if (n < sizeof(lower) - 1) {
			for (size_t i = 0; i < n; i++)
				lower[i] = (char)tolower((unsigned char)p[i]);
			lower[n] = '\0';
			if (in_word_list(titles, lower, n)) {
				p += n;
				continue;
			}
		}
		copy_utf8(out, cap, p, n);
		return;
	}
}

static void add_token(const char *word, size_t n, tact_token_hash_fn hash, void *ctx,
		      struct tact_signals *out)
{
	uint64_t h;

	if (out->token_count >= TACT_RULES_TOKENS_MAX)
		return;
	h = hash(ctx, word, n);
	for (size_t i = 0; i < out->token_count; i++) {
		if (out->tokens[i] == h)
			return;
	}
	out->tokens[out->token_count] = h;
	memcpy(out->token_text[out->token_count], word, n);
	out->token_text[out->token_count][n] = '\0';
	out->token_count++;
}

/* Words for learning: every word of two letters or more that is not a
 * function word ("ux", "sp" and "go" matter). No five-letter prefixes: the
 * model learns each word's weight, and a prefix beside its word gave the
 * word a second, correlated say (on the replays, dropping them raised the
 * lowest ranking AUC from 0.828 to 0.843). */
static void collect_tokens(const struct tact_folded *f, tact_token_hash_fn hash, void *ctx,
			   struct tact_signals *out)
{
	const char *p = f->text;

	while (*p != '\0' && out->token_count < TACT_RULES_TOKENS_MAX) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n >= 2 && n < sizeof(out->token_text[0]) && !tact_lexicon_is_stopword(p, n))
			add_token(p, n, hash, ctx, out);
		p += n;
	}
}

/* Profile keywords (and the industry) named in the text. */
static size_t field_matches(const struct tact_rules_profile *profile,
			    const struct tact_folded *headline, const struct tact_folded *note,
			    char *evidence)
{
	size_t matches = 0;

	evidence[0] = '\0';
	for (size_t i = 0; i < profile->keyword_count; i++) {
		const char *kw = profile->keywords[i];
		long at = tact_text_find(headline, kw, 0);
		const struct tact_folded *where = headline;
		if (at < 0) {
			at = tact_text_find(note, kw, 0);
			where = note;
		}
		if (at < 0)
			continue;
		/* Duplicated words (industry and a keyword alike) count once. */
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(profile->keywords[j], kw) == 0;
		if (dup)
			continue;
		if (matches == 0)
			phrase_evidence(where, at, kw, evidence);
		matches++;
	}
	return matches;
}

/* Longest name that may also be a state's code ("SP", "RJ"). */
#define STATE_CODE_MAX 3u

/* "Campinas, SP", "Niterói/RJ", "Santos - SP": a short form written right
 * after another place and a comma, slash or dash names that place's state. */
static int after_other_place(const struct tact_folded *f, long at, size_t len)
{
	size_t from;

	if (len > STATE_CODE_MAX)
		return 0;
	from = f->origin[at];
	while (from > 0 && f->source[from - 1] == ' ')
		from--;
	if (from == 0 || strchr(",/-", f->source[from - 1]) == NULL)
		return 0;
	from--;
	while (from > 0 && f->source[from - 1] == ' ')
		from--;
	/* A word (any script) ends there, not the headline's separator. */
	return from > 0 && (isalnum((unsigned char)f->source[from - 1]) ||
			    ((unsigned char)f->source[from - 1] & 0x80) != 0);
}

/* The user's city named in the headline or the note, under any of its
 * names ("Sampa", "SP" and "paulistana" are all São Paulo). */
static int city_named(const struct tact_rules_profile *profile, const struct tact_folded *headline,
		      const struct tact_folded *note, char *evidence)
{
	const struct tact_folded *texts[2] = {headline, note};
	char name[TACT_RULES_FOLDED_MAX]; /* the location as written may be long */

	if (profile->city[0] == '\0')
		return 0;
	for (size_t t = 0; t < 2; t++) {
		/* A place the table does not know is matched as the location writes it. */
		const char *list = profile->city_names != NULL ? profile->city_names : profile->city;
		while (tact_lexicon_next_name(&list, name, sizeof(name))) {
			long at = name[0] != '\0' ? tact_text_find(texts[t], name, 0) : -1;
			while (at >= 0 && after_other_place(texts[t], at, strlen(name)))
				at = tact_text_find(texts[t], name, (size_t)at + 1);
			if (at >= 0) {
				phrase_evidence(texts[t], at, name, evidence);
				return 1;
			}
		}
	}
	return 0;
}

/* Signs a family needs before it counts; three distinct signs of one
 * family make it critical, as a single damning phrase does. */
static const int family_threshold[TACT_FAMILY_COUNT] = {
	[TACT_FAMILY_OFF_PLATFORM] = 1, [TACT_FAMILY_MONEY] = 1,    [TACT_FAMILY_FEES] = 1,
	[TACT_FAMILY_JOB_LURE] = 2,     [TACT_FAMILY_ROMANCE] = 2,  [TACT_FAMILY_PHISHING] = 1,
	[TACT_FAMILY_IMPERSONATION] = 1, [TACT_FAMILY_MLM] = 1,
};
#define CRITICAL_SIGNS 3

static const enum tact_rule family_rule[TACT_FAMILY_COUNT] = {
	[TACT_FAMILY_OFF_PLATFORM] = TACT_RULE_SCAM_OFF_PLATFORM,
	[TACT_FAMILY_MONEY] = TACT_RULE_SCAM_MONEY,
	[TACT_FAMILY_FEES] = TACT_RULE_SCAM_FEES,
	[TACT_FAMILY_JOB_LURE] = TACT_RULE_SCAM_JOB_LURE,
	[TACT_FAMILY_ROMANCE] = TACT_RULE_SCAM_ROMANCE,
	[TACT_FAMILY_PHISHING] = TACT_RULE_SCAM_PHISHING,
	[TACT_FAMILY_IMPERSONATION] = TACT_RULE_SCAM_IMPERSONATION,
	[TACT_FAMILY_MLM] = TACT_RULE_SCAM_MLM,
};

static void evaluate_scam(struct eval *ev, const struct tact_invitation *inv,
			  const struct tact_rules_profile *profile, const struct tact_folded *headline,
			  const struct tact_folded *note, const struct tact_folded *name)
{
	char evidence[TACT_EVIDENCE_MAX];
	struct link_findings links;
	int group_chat = lex_hit(note, TACT_LEX_GROUP_CHAT, TACT_LEX_IN_NOTE, NULL);
	int headline_app = 0;

	/* Off the platform: an app, a number or handle, a reason to leave.
	 * A team's or class's group chat on an app is how colleagues talk. */
	scan_family(ev, note, TACT_LEX_OFF_PLATFORM_PUSH, TACT_LEX_IN_NOTE,
		    TACT_FAMILY_OFF_PLATFORM, 0);
	if (!group_chat)
		scan_family(ev, note, TACT_LEX_OFF_PLATFORM, TACT_LEX_IN_NOTE,
			    TACT_FAMILY_OFF_PLATFORM, 0);
	headline_app = scan_family(ev, headline, TACT_LEX_OFF_PLATFORM, TACT_LEX_IN_HEADLINE,
				   TACT_FAMILY_OFF_PLATFORM, 0) > 0;
	if (find_phone(inv->message, evidence) || find_phone(inv->headline, evidence))
		scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, evidence);
	if (find_free_mail(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, evidence);
	if (find_handle(inv->message, evidence) ||
	    (headline_app && find_handle(inv->headline, evidence)))
		scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, evidence);

	/* Money: investment talk, and promised returns. */
	scan_family(ev, note, TACT_LEX_MONEY_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_MONEY, 1);
	scan_family(ev, note, TACT_LEX_MONEY, TACT_LEX_IN_NOTE, TACT_FAMILY_MONEY, 0);
	scan_family(ev, headline, TACT_LEX_MONEY, TACT_LEX_IN_HEADLINE, TACT_FAMILY_MONEY, 0);
	if (promised_return(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_MONEY, 1, 1, evidence);

	/* Fees, prizes, advance-fee stories, payment details. */
	scan_family(ev, note, TACT_LEX_FEES_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_FEES, 1);
	scan_family(ev, note, TACT_LEX_FEES_CRITICAL_ASK, TACT_LEX_IN_NOTE, TACT_FAMILY_FEES, 1);
	scan_family(ev, note, TACT_LEX_FEES, TACT_LEX_IN_NOTE, TACT_FAMILY_FEES, 0);
	/* A fee on its own may be a sales pitch's; with an amount it is asked. */
	int fee_named = lex_hit(note, TACT_LEX_FEE_NOUN, TACT_LEX_IN_NOTE, NULL);
	if (pay_ask(note, evidence))
		scam_evidence(ev, TACT_FAMILY_FEES, 1, 1, evidence);
	else if (fee_named && find_amount(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_FEES, 1, 1, evidence);

	/* Jobs too good to be true, and jobs that need software run. */
	scan_family(ev, note, TACT_LEX_JOB_LURE_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_JOB_LURE, 1);
	scan_family(ev, note, TACT_LEX_JOB_LURE, TACT_LEX_IN_NOTE, TACT_FAMILY_JOB_LURE, 0);
	scan_family(ev, headline, TACT_LEX_JOB_LURE, TACT_LEX_IN_HEADLINE, TACT_FAMILY_JOB_LURE, 0);
	if ((amount_per_period(note, inv->message) && find_amount(inv->message, evidence)) ||
	    (amount_per_period(headline, inv->headline) && find_amount(inv->headline, evidence)))
		scam_evidence(ev, TACT_FAMILY_JOB_LURE, 1, 0, evidence);

	/* Romance. */
	scan_family(ev, note, TACT_LEX_ROMANCE_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_ROMANCE, 1);
	scan_family(ev, note, TACT_LEX_ROMANCE, TACT_LEX_IN_NOTE, TACT_FAMILY_ROMANCE, 0);
	scan_family(ev, headline, TACT_LEX_ROMANCE_CRITICAL, TACT_LEX_IN_HEADLINE,
		    TACT_FAMILY_ROMANCE, 1);

	/* Phishing: links, credentials, bait. Asking for a password, a code or
	 * an identity document is damning on its own. */
	scan_family(ev, note, TACT_LEX_CREDENTIALS, TACT_LEX_IN_NOTE, TACT_FAMILY_PHISHING, 1);
	scan_family(ev, note, TACT_LEX_PHISHING, TACT_LEX_IN_NOTE, TACT_FAMILY_PHISHING, 0);
	detect_links(ev, inv->message, profile, ev->out->company, &links);
	if (links.any) {
		int bait = scan_family(ev, note, TACT_LEX_PHISHING_BAIT, TACT_LEX_IN_NOTE,
				       TACT_FAMILY_PHISHING, 0) > 0;
		int urgent = lex_hit(note, TACT_LEX_URGENCY, TACT_LEX_IN_NOTE, evidence);
		/* A shortened or throwaway link with bait or a deadline. */
		if (links.risky && (bait || urgent || ev->family_score[TACT_FAMILY_FEES] > 0))
			scam_evidence(ev, TACT_FAMILY_PHISHING, 1, 1,
				      urgent ? evidence : ev->family_evidence[TACT_FAMILY_PHISHING]);
	}

	/* Impersonation: LinkedIn staff, a department for a name, a boss in a
	 * hurry, look-alike letters. */
	scan_family(ev, note, TACT_LEX_IMPERSONATION, TACT_LEX_IN_NOTE, TACT_FAMILY_IMPERSONATION, 0);
	scan_family(ev, headline, TACT_LEX_IMPERSONATION, TACT_LEX_IN_HEADLINE,
		    TACT_FAMILY_IMPERSONATION, 0);
	if (lex_hit(name, TACT_LEX_DEPARTMENT, TACT_LEX_IN_BOTH, evidence) ||
	    lex_hit(headline, TACT_LEX_DEPARTMENT, TACT_LEX_IN_HEADLINE, evidence))
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 1, 0, evidence);
	/* The "boss" in a hurry who wants to talk elsewhere is the CEO fraud. */
	if (scan_family(ev, note, TACT_LEX_CEO_PRESSURE, TACT_LEX_IN_NOTE,
			TACT_FAMILY_IMPERSONATION, 0) > 0 &&
	    ev->family_score[TACT_FAMILY_OFF_PLATFORM] > 0)
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 1, 1,
			      ev->family_evidence[TACT_FAMILY_IMPERSONATION]);
	if (tact_text_has_mixed_script_word(inv->name))
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, inv->name);
	if (tact_text_find(name, "linkedin", 0) >= 0)
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, inv->name);

	/* Multi-level marketing. */
	scan_family(ev, note, TACT_LEX_MLM_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_MLM, 1);
	scan_family(ev, note, TACT_LEX_MLM, TACT_LEX_IN_NOTE, TACT_FAMILY_MLM, 0);
	scan_family(ev, headline, TACT_LEX_MLM, TACT_LEX_IN_HEADLINE, TACT_FAMILY_MLM, 0);

	for (int fam = 1; fam < TACT_FAMILY_COUNT; fam++) {
		if (ev->family_score[fam] >= CRITICAL_SIGNS)
			ev->family_critical[fam] = 1;
		if (ev->family_score[fam] < family_threshold[fam] && !ev->family_critical[fam])
			continue;
		struct tact_hit *hit =
			add_hit(ev->out, family_rule[fam], ev->family_evidence[fam]);
		if (hit != NULL)
			hit->critical = ev->family_critical[fam];
		ev->out->family_fired[fam] = 1;
		ev->out->families++;
		if (ev->family_critical[fam])
			ev->out->critical = 1;
	}
}

static void evaluate_relationship(struct tact_signals *out, const struct tact_invitation *inv,
				  const struct tact_rules_profile *profile,
				  const struct tact_rules_facts *facts,
				  const struct tact_folded *headline, const struct tact_folded *note,
				  const struct tact_folded *name)
{
	char evidence[TACT_EVIDENCE_MAX];
	int person = strcmp(inv->kind, "person") == 0;
	/* A stranger naming your company in the note is usually selling to
	 * it; the note counts when it says they belong there too. */
	int belongs = lex_hit(note, TACT_LEX_WORKED_TOGETHER, TACT_LEX_IN_NOTE, NULL);
	int school_context = lex_hit(headline, TACT_LEX_EDUCATION, TACT_LEX_IN_BOTH, NULL) ||
			     lex_hit(note, TACT_LEX_EDUCATION, TACT_LEX_IN_BOTH, NULL) ||
			     lex_hit(headline, TACT_LEX_STUDENT, TACT_LEX_IN_HEADLINE, NULL);

	for (size_t i = 0; i < profile->company_count; i++) {
		const char *org = profile->companies[i];
		if (org_named(headline, org, 0, 0, evidence) ||
		    (!person && org_named(name, org, 0, 0, evidence)) ||
		    (belongs && org_named(note, org, 0, 0, evidence))) {
			add_hit(out, i == 0 ? TACT_RULE_SHARED_EMPLOYER_CURRENT
					    : TACT_RULE_SHARED_EMPLOYER_PAST,
				evidence);
			out->strong_legit = 1;
			break;
		}
	}
	for (size_t i = 0; i < profile->school_count; i++) {
		const char *school = profile->schools[i];
		if (org_named(headline, school, 1, school_context, evidence) ||
		    (!person && org_named(name, school, 1, 1, evidence)) ||
		    org_named(note, school, 1, school_context, evidence)) {
			add_hit(out, TACT_RULE_SHARED_SCHOOL, evidence);
			out->strong_legit = 1;
			break;
		}
	}
	if (facts->known_contact) {
		add_hit(out, TACT_RULE_KNOWN_CONTACT, NULL);
		out->strong_legit = 1;
	}
	if (facts->previously_connected) {
		add_hit(out, TACT_RULE_PREVIOUSLY_CONNECTED, NULL);
		out->strong_legit = 1;
	}
	if (inv->mutuals >= 0) {
		snprintf(evidence, sizeof(evidence), "%lld", (long long)inv->mutuals);
		if (inv->mutuals == 0)
			add_hit(out, TACT_RULE_MUTUALS_NONE, evidence);
		else if (inv->mutuals == 1)
			add_hit(out, TACT_RULE_MUTUALS_ONE, evidence);
		else if (inv->mutuals < 5)
			add_hit(out, TACT_RULE_MUTUALS_FEW, evidence);
		else if (inv->mutuals < 15)
			add_hit(out, TACT_RULE_MUTUALS_SOME, evidence);
		else
			add_hit(out, TACT_RULE_MUTUALS_MANY, evidence);
		if (inv->mutuals >= 5)
			out->strong_legit = 1;
	}
}

enum tact_err tact_rules_evaluate(const struct tact_invitation *inv,
				  const struct tact_rules_profile *profile,
				  const struct tact_rules_facts *facts, tact_token_hash_fn hash,
				  void *hash_ctx, struct tact_signals *out)
{
	struct tact_folded headline = {0};
	struct tact_folded note = {0};
	struct tact_folded name = {0};
	struct eval ev;
	char evidence[TACT_EVIDENCE_MAX];
	int has_note = inv->message[0] != '\0';
	int person = strcmp(inv->kind, "person") == 0;
	int personal = 0;
	enum tact_err err;

	memset(out, 0, sizeof(*out));
	memset(&ev, 0, sizeof(ev));
	ev.out = out;
	err = tact_text_fold(inv->headline, strlen(inv->headline), &headline);
	if (err == TACT_OK)
		err = tact_text_fold(inv->message, strlen(inv->message), &note);
	if (err == TACT_OK)
		err = tact_text_fold(inv->name, strlen(inv->name), &name);
	if (err == TACT_OK)
		err = tact_lexicon_index(&headline);
	if (err == TACT_OK)
		err = tact_lexicon_index(&note);
	if (err == TACT_OK)
		err = tact_lexicon_index(&name);
	if (err != TACT_OK)
		goto out;

	out->lang = tact_lexicon_guess_language(has_note ? &note : &headline);
	if (out->lang == NULL && has_note)
		out->lang = tact_lexicon_guess_language(&headline);
	extract_first_name(inv->name, out->first_name, sizeof(out->first_name));
	/* Given, it came from the same function into a buffer as large. */
	if (facts->company != NULL)
		snprintf(out->company, sizeof(out->company), "%s", facts->company);
	else
		tact_rules_headline_company(inv->headline, out->company, sizeof(out->company));

	if (strcmp(inv->kind, "person") != 0)
		add_hit(out, TACT_RULE_NOT_A_PERSON, inv->kind);

	evaluate_relationship(out, inv, profile, facts, &headline, &note, &name);

	if (has_note && lex_hit(&note, TACT_LEX_WORKED_TOGETHER, TACT_LEX_IN_NOTE, evidence)) {
		add_hit(out, TACT_RULE_WORKED_TOGETHER, evidence);
		personal = 1;
	}
	if (has_note) {
		long at = -1;
		const struct tact_lex_phrase *p =
			tact_lexicon_find(&note, TACT_LEX_SHARED_CONTEXT, TACT_LEX_IN_NOTE, &at);
		if (p != NULL) {
			phrase_evidence(&note, at, p->folded, evidence);
			add_hit(out, TACT_RULE_SHARED_CONTEXT, evidence);
			extract_event(&note, at, out->event, sizeof(out->event));
			personal = 1;
		}
	}
	if (has_note && (has_hit(out, TACT_RULE_SHARED_EMPLOYER_CURRENT) ||
			 has_hit(out, TACT_RULE_SHARED_EMPLOYER_PAST) ||
			 has_hit(out, TACT_RULE_SHARED_SCHOOL)))
		personal = 1;

	size_t fields = field_matches(profile, &headline, &note, evidence);
	if (fields >= 2)
		add_hit(out, TACT_RULE_FIELD_STRONG, evidence);
	else if (fields == 1)
		add_hit(out, TACT_RULE_FIELD_MATCH, evidence);
	if (city_named(profile, &headline, &note, evidence))
		add_hit(out, TACT_RULE_SAME_CITY, evidence);
	if (lex_hit(&headline, TACT_LEX_RECRUITER, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_RECRUITER, evidence);
	if (lex_hit(&headline, TACT_LEX_STUDENT, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_STUDENT, evidence);

	evaluate_scam(&ev, inv, profile, &headline, &note, &name);

	if (lex_hit(&note, TACT_LEX_PITCH_MEETING, TACT_LEX_IN_NOTE, evidence))
		add_hit(out, TACT_RULE_PITCH_MEETING, evidence);
	if (lex_hit(&note, TACT_LEX_PITCH_VALUE, TACT_LEX_IN_NOTE, evidence) ||
	    (!personal && lex_hit(&note, TACT_LEX_PITCH_OFFER, TACT_LEX_IN_NOTE, evidence)))
		add_hit(out, TACT_RULE_PITCH_VALUE, evidence);
	if (lex_hit(&note, TACT_LEX_PITCH_SERVICES, TACT_LEX_IN_BOTH, evidence) ||
	    lex_hit(&headline, TACT_LEX_PITCH_SERVICES, TACT_LEX_IN_BOTH, evidence))
		add_hit(out, TACT_RULE_PITCH_SERVICES, evidence);
	if (lex_hit(&headline, TACT_LEX_PITCH_HEADLINE, TACT_LEX_IN_HEADLINE, evidence) ||
	    lex_hit(&headline, TACT_LEX_PITCH_SELLER, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_PITCH_HEADLINE, evidence);

	if (has_note && lex_hit(&note, TACT_LEX_TEMPLATE, TACT_LEX_IN_NOTE, evidence) && !personal)
		add_hit(out, TACT_RULE_NOTE_TEMPLATE, evidence);
	else if (has_note && personal)
		add_hit(out, TACT_RULE_NOTE_PERSONAL, NULL);
	else if (!has_note && person)
		add_hit(out, TACT_RULE_NOTE_NONE, NULL);

	/* Outside the field: no shared organisation, field word, context or
	 * network to speak of. */
	if (fields == 0 && !out->strong_legit && !personal && inv->mutuals < 5 &&
	    !has_hit(out, TACT_RULE_STUDENT) &&
	    inv->headline[0] != '\0' && strcmp(inv->kind, "person") == 0)
		add_hit(out, TACT_RULE_OUTSIDE_FIELD, NULL);
	if (inv->has_photo == 0 && person)
		add_hit(out, TACT_RULE_NO_PHOTO, NULL);
	if (facts->ignored_before)
		add_hit(out, TACT_RULE_REPEAT_AFTER_IGNORE, NULL);
	if (facts->company_burst >= 3) {
		snprintf(evidence, sizeof(evidence), "%d", facts->company_burst);
		add_hit(out, TACT_RULE_COMPANY_BURST, evidence);
	}

	if (hash != NULL) {
		collect_tokens(&headline, hash, hash_ctx, out);
		collect_tokens(&note, hash, hash_ctx, out);
		if (out->company[0] != '\0' && out->token_count < TACT_RULES_TOKENS_MAX) {
			char org[TACT_RULES_FOLDED_MAX + 1] = "@";
			tact_text_fold_into(out->company, org + 1, sizeof(org) - 1);
			out->tokens[out->token_count] = hash(hash_ctx, org, strlen(org));
			copy_utf8(out->token_text[out->token_count], sizeof(out->token_text[0]),
				  out->company, strlen(out->company));
			out->token_count++;
		}
	}
out:
	tact_text_folded_free(&headline);
	tact_text_folded_free(&note);
	tact_text_folded_free(&name);
	return err;
}
