#include "tact/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tact/lexicon.h"

/* Priors are log-odds contributions toward Accept; learning moves them
 * (tact/model.h). Scam families weigh heavily because a scam must never be
 * accepted, whatever else the card says. */
static const struct tact_rule_info rule_table[TACT_RULE_COUNT] = {
	[TACT_RULE_SHARED_EMPLOYER_CURRENT] = {"shared_employer", 3.0, TACT_FAMILY_NONE, 0,
					       "Works at your company, %s"},
	[TACT_RULE_SHARED_EMPLOYER_PAST] = {"former_employer", 2.6, TACT_FAMILY_NONE, 0,
					    "Connected to %s, where you worked"},
	[TACT_RULE_SHARED_SCHOOL] = {"shared_school", 2.0, TACT_FAMILY_NONE, 0,
				     "Went to your school, %s"},
	[TACT_RULE_WORKED_TOGETHER] = {"worked_together", 1.6, TACT_FAMILY_NONE, 0,
				       "Says you worked or studied together: \"%s\""},
	[TACT_RULE_SHARED_CONTEXT] = {"shared_context", 1.6, TACT_FAMILY_NONE, 0,
				      "Names a place or moment you shared: \"%s\""},
	[TACT_RULE_KNOWN_CONTACT] = {"known_contact", 2.6, TACT_FAMILY_NONE, 0,
				     "You keep a private note about this person"},
	[TACT_RULE_PREVIOUSLY_CONNECTED] = {"previously_connected", 2.0, TACT_FAMILY_NONE, 0,
					    "You accepted or wrote to this person before"},
	[TACT_RULE_MUTUALS_NONE] = {"mutuals_none", -0.9, TACT_FAMILY_NONE, 0,
				    "No mutual connections"},
	[TACT_RULE_MUTUALS_FEW] = {"mutuals_few", 0.4, TACT_FAMILY_NONE, 0,
				   "%s mutual connections"},
	[TACT_RULE_MUTUALS_SOME] = {"mutuals_some", 1.2, TACT_FAMILY_NONE, 0,
				    "%s mutual connections"},
	[TACT_RULE_MUTUALS_MANY] = {"mutuals_many", 2.0, TACT_FAMILY_NONE, 0,
				    "%s mutual connections"},
	[TACT_RULE_FIELD_MATCH] = {"same_field", 0.9, TACT_FAMILY_NONE, 0,
				   "Works in your field: %s"},
	[TACT_RULE_FIELD_STRONG] = {"same_field_strong", 1.5, TACT_FAMILY_NONE, 0,
				    "Works close to what you do: %s"},
	[TACT_RULE_OUTSIDE_FIELD] = {"outside_field", -1.2, TACT_FAMILY_NONE, 0,
				     "Nothing in common with your field or network"},
	[TACT_RULE_SAME_CITY] = {"same_city", 0.4, TACT_FAMILY_NONE, 0, "Mentions your city, %s"},
	[TACT_RULE_RECRUITER] = {"recruiter", -0.2, TACT_FAMILY_NONE, 0,
				 "A recruiter: worth a look before accepting"},
	[TACT_RULE_STUDENT] = {"student", 0.0, TACT_FAMILY_NONE, 0,
			       "A student or recent graduate"},
	[TACT_RULE_NOTE_PERSONAL] = {"personal_note", 1.2, TACT_FAMILY_NONE, 0,
				     "Wrote a personal note"},
	[TACT_RULE_NOTE_TEMPLATE] = {"template_note", -0.6, TACT_FAMILY_NONE, 0,
				     "The note is a stock phrase: \"%s\""},
	[TACT_RULE_NOTE_NONE] = {"no_note", -0.2, TACT_FAMILY_NONE, 0, "No personal note"},
	[TACT_RULE_NO_PHOTO] = {"no_photo", -0.3, TACT_FAMILY_NONE, 0, "No profile photo"},
	[TACT_RULE_NOT_A_PERSON] = {"not_a_person", -1.6, TACT_FAMILY_NONE, 0,
				    "An invitation to follow a %s, not a person"},
	[TACT_RULE_LINK_IN_NOTE] = {"link_in_note", -0.3, TACT_FAMILY_NONE, 0,
				    "The note contains a link: %s"},
	[TACT_RULE_REPEAT_AFTER_IGNORE] = {"repeat_invitation", -1.0, TACT_FAMILY_NONE, 0,
					   "Invited you again after you ignored them"},
	[TACT_RULE_COMPANY_BURST] = {"company_burst", -0.6, TACT_FAMILY_NONE, 0,
				     "%s invitations from this company this week"},
	[TACT_RULE_PITCH_MEETING] = {"pitch_meeting", -1.6, TACT_FAMILY_NONE, 1,
				     "Asks for a sales call: \"%s\""},
	[TACT_RULE_PITCH_VALUE] = {"pitch_offer", -1.6, TACT_FAMILY_NONE, 1,
				   "Pitches a product or service: \"%s\""},
	[TACT_RULE_PITCH_SERVICES] = {"pitch_services", -1.3, TACT_FAMILY_NONE, 1,
				      "Sells services: \"%s\""},
	[TACT_RULE_PITCH_HEADLINE] = {"sales_headline", -0.8, TACT_FAMILY_NONE, 1,
				      "A sales headline: \"%s\""},
	[TACT_RULE_SCAM_OFF_PLATFORM] = {"scam_off_platform", -3.0, TACT_FAMILY_OFF_PLATFORM, 0,
					 "Wants to move the conversation off LinkedIn: \"%s\""},
	[TACT_RULE_SCAM_MONEY] = {"scam_money", -3.0, TACT_FAMILY_MONEY, 0,
				  "Talks about investments or crypto: \"%s\""},
	[TACT_RULE_SCAM_FEES] = {"scam_fees", -3.0, TACT_FAMILY_FEES, 0,
				 "Mentions fees, payments or prizes: \"%s\""},
	[TACT_RULE_SCAM_JOB_LURE] = {"scam_job_lure", -3.0, TACT_FAMILY_JOB_LURE, 0,
				     "A job offer that sounds too good: \"%s\""},
	[TACT_RULE_SCAM_ROMANCE] = {"scam_romance", -3.0, TACT_FAMILY_ROMANCE, 0,
				    "Personal or romantic language: \"%s\""},
	[TACT_RULE_SCAM_PHISHING] = {"scam_phishing", -3.0, TACT_FAMILY_PHISHING, 0,
				     "A link or login request to be careful with: \"%s\""},
	[TACT_RULE_SCAM_IMPERSONATION] = {"scam_impersonation", -3.0, TACT_FAMILY_IMPERSONATION, 0,
					  "Poses as LinkedIn or someone else: \"%s\""},
	[TACT_RULE_SCAM_MLM] = {"scam_mlm", -3.0, TACT_FAMILY_MLM, 0,
				"Recruits for a network-marketing scheme: \"%s\""},
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

int tact_rules_names_org(const struct tact_folded *f, const char *org)
{
	size_t org_len = strlen(org);
	long at = -1;

	if (org_len == 0)
		return 0;
	while ((at = tact_text_find(f, org, (size_t)(at + 1))) >= 0) {
		size_t src_start = f->origin[at];
		size_t src_end = f->origin[(size_t)at + org_len];
		size_t wlen = 0;
		const char *word = next_word(f->source, f->source_len, src_end, &wlen);
		char folded[64];

		/* "Orion Dental Care": a capitalised word going on is a longer
		 * name, unless it is only a legal form such as GmbH. */
		if (word != NULL && is_upper_start(word, wlen) && wlen < 40) {
			char raw[48];
			memcpy(raw, word, wlen);
			raw[wlen] = '\0';
			tact_text_fold_into(raw, folded, sizeof(folded));
			if (!in_word_list(legal_suffixes, folded, strlen(folded)))
				continue;
		}
		word = prev_word(f->source, src_start, &wlen);
		if (word != NULL && is_upper_start(word, wlen) && wlen < 40) {
			/* "Blue Orion" is not "Orion"; "CTO Orion" is rare enough. */
			continue;
		}
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
		size_t n = strcspn(hit, "|·•,;/()[]\n\t–—");
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

static void copy_evidence(char *out, const char *src, size_t len)
{
	if (len >= TACT_EVIDENCE_MAX)
		len = TACT_EVIDENCE_MAX - 1;
	while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
		len--;
	memcpy(out, src, len);
	out[len] = '\0';
}

/* A phone number: an optional +, then at least nine digits with only
 * spaces, dots, dashes or brackets between them. */
static int find_phone(const char *s, char *evidence)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '+' && !isdigit((unsigned char)s[i]))
			continue;
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
		if (digits >= 9 && digits <= 15) {
			copy_evidence(evidence, s + i, last - i);
			return 1;
		}
		i = j;
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
			size_t label = strspn(dot + 1, "abcdefghijklmnopqrstuvwxyz");
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

struct eval {
	struct tact_signals *out;
	int family_score[TACT_FAMILY_COUNT];
	int family_critical[TACT_FAMILY_COUNT];
	char family_evidence[TACT_FAMILY_COUNT][TACT_EVIDENCE_MAX];
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

/* Counts every distinct phrase of rule in f toward family. */
static void scan_family(struct eval *ev, const struct tact_folded *f, enum tact_lex rule,
			enum tact_lex_where where, enum tact_family family, int critical)
{
	size_t count;
	const struct tact_lex_phrase *all = tact_lexicon_phrases(&count);

	for (size_t i = 0; i < count; i++) {
		if (all[i].rule != rule || (all[i].where & where) == 0)
			continue;
		long at = tact_text_find(f, all[i].folded, 0);
		if (at >= 0) {
			char evidence[TACT_EVIDENCE_MAX];
			phrase_evidence(f, at, all[i].folded, evidence);
			scam_evidence(ev, family, critical ? 2 : 1, critical, evidence);
		}
	}
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

static void detect_links(struct eval *ev, const char *note)
{
	struct link link;
	size_t pos = 0;

	while (next_link(note, &pos, &link)) {
		int handled = 0;
		for (const char *const *l = lookalikes; *l != NULL && !handled; l++) {
			if (strstr(link.host, *l) != NULL) {
				scam_evidence(ev, TACT_FAMILY_PHISHING, 2, 1, link.text);
				handled = 1;
			}
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
			if (host_is(link.host, *s)) {
				scam_evidence(ev, TACT_FAMILY_PHISHING, 1, 0, link.text);
				handled = 1;
			}
		}
		if (!handled && (host_is(link.host, "wa.me") || host_is(link.host, "t.me") ||
				 host_is(link.host, "telegram.me"))) {
			scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, link.text);
			handled = 1;
		}
		if (!handled)
			add_hit(ev->out, TACT_RULE_LINK_IN_NOTE, link.text);
	}
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
		if (n >= cap)
			n = cap - 1;
		memcpy(out, p, n);
		out[n] = '\0';
		return;
	}
}

static void collect_tokens(const struct tact_folded *f, tact_token_hash_fn hash, void *ctx,
			   struct tact_signals *out)
{
	const char *p = f->text;

	while (*p != '\0' && out->token_count < TACT_RULES_TOKENS_MAX) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		int cjk = n >= 3 && (unsigned char)p[0] >= 0xe3 && (unsigned char)p[0] <= 0xe9;
		if (n > 0 && n < sizeof(out->token_text[0]) && (n >= 3 || cjk) &&
		    !tact_lexicon_is_stopword(p, n)) {
			uint64_t h = hash(ctx, p, n);
			int seen = 0;
			for (size_t i = 0; i < out->token_count && !seen; i++)
				seen = out->tokens[i] == h;
			if (!seen) {
				out->tokens[out->token_count] = h;
				memcpy(out->token_text[out->token_count], p, n);
				out->token_text[out->token_count][n] = '\0';
				out->token_count++;
			}
		}
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

static const int family_threshold[TACT_FAMILY_COUNT] = {
	[TACT_FAMILY_OFF_PLATFORM] = 1, [TACT_FAMILY_MONEY] = 1,    [TACT_FAMILY_FEES] = 1,
	[TACT_FAMILY_JOB_LURE] = 2,     [TACT_FAMILY_ROMANCE] = 2,  [TACT_FAMILY_PHISHING] = 1,
	[TACT_FAMILY_IMPERSONATION] = 1, [TACT_FAMILY_MLM] = 1,
};

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
			  const struct tact_folded *headline, const struct tact_folded *note,
			  const struct tact_folded *name)
{
	char evidence[TACT_EVIDENCE_MAX];

	scan_family(ev, note, TACT_LEX_OFF_PLATFORM, TACT_LEX_IN_NOTE, TACT_FAMILY_OFF_PLATFORM, 0);
	if (find_phone(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, evidence);
	if (find_free_mail(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_OFF_PLATFORM, 1, 0, evidence);
	scan_family(ev, note, TACT_LEX_MONEY, TACT_LEX_IN_NOTE, TACT_FAMILY_MONEY, 0);
	scan_family(ev, headline, TACT_LEX_MONEY, TACT_LEX_IN_HEADLINE, TACT_FAMILY_MONEY, 0);
	scan_family(ev, note, TACT_LEX_MONEY_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_MONEY, 1);
	scan_family(ev, note, TACT_LEX_FEES, TACT_LEX_IN_NOTE, TACT_FAMILY_FEES, 0);
	scan_family(ev, note, TACT_LEX_FEES_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_FEES, 1);
	scan_family(ev, note, TACT_LEX_JOB_LURE, TACT_LEX_IN_NOTE, TACT_FAMILY_JOB_LURE, 0);
	if (amount_per_period(note, inv->message) && find_amount(inv->message, evidence))
		scam_evidence(ev, TACT_FAMILY_JOB_LURE, 1, 0, evidence);
	scan_family(ev, note, TACT_LEX_ROMANCE, TACT_LEX_IN_NOTE, TACT_FAMILY_ROMANCE, 0);
	scan_family(ev, note, TACT_LEX_ROMANCE_CRITICAL, TACT_LEX_IN_NOTE, TACT_FAMILY_ROMANCE, 1);
	scan_family(ev, note, TACT_LEX_PHISHING, TACT_LEX_IN_NOTE, TACT_FAMILY_PHISHING, 0);
	detect_links(ev, inv->message);
	scan_family(ev, note, TACT_LEX_IMPERSONATION, TACT_LEX_IN_NOTE, TACT_FAMILY_IMPERSONATION, 0);
	scan_family(ev, headline, TACT_LEX_IMPERSONATION, TACT_LEX_IN_HEADLINE,
		    TACT_FAMILY_IMPERSONATION, 0);
	/* A name mixing look-alike letters, or calling itself LinkedIn. */
	if (tact_text_has_mixed_script_word(inv->name))
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, inv->name);
	if (tact_text_find(name, "linkedin", 0) >= 0)
		scam_evidence(ev, TACT_FAMILY_IMPERSONATION, 2, 1, inv->name);
	scan_family(ev, note, TACT_LEX_MLM, TACT_LEX_IN_NOTE, TACT_FAMILY_MLM, 0);
	scan_family(ev, headline, TACT_LEX_MLM, TACT_LEX_IN_HEADLINE, TACT_FAMILY_MLM, 0);

	for (int fam = 1; fam < TACT_FAMILY_COUNT; fam++) {
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
				  const struct tact_folded *headline, const struct tact_folded *note)
{
	char evidence[TACT_EVIDENCE_MAX];

	for (size_t i = 0; i < profile->company_count; i++) {
		const char *org = profile->companies[i];
		if (tact_rules_names_org(headline, org) || tact_rules_names_org(note, org)) {
			const struct tact_folded *f = tact_rules_names_org(headline, org) ? headline : note;
			phrase_evidence(f, tact_text_find(f, org, 0), org, evidence);
			add_hit(out, i == 0 ? TACT_RULE_SHARED_EMPLOYER_CURRENT
					    : TACT_RULE_SHARED_EMPLOYER_PAST,
				evidence);
			out->strong_legit = 1;
			break;
		}
	}
	for (size_t i = 0; i < profile->school_count; i++) {
		const char *school = profile->schools[i];
		const struct tact_folded *f = NULL;
		if (tact_rules_names_org(headline, school))
			f = headline;
		else if (tact_rules_names_org(note, school))
			f = note;
		if (f != NULL) {
			phrase_evidence(f, tact_text_find(f, school, 0), school, evidence);
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
		else if (inv->mutuals < 5)
			add_hit(out, TACT_RULE_MUTUALS_FEW, evidence);
		else if (inv->mutuals < 20)
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
	if (err != TACT_OK)
		goto out;

	out->lang = tact_lexicon_guess_language(has_note ? &note : &headline);
	if (out->lang == NULL && has_note)
		out->lang = tact_lexicon_guess_language(&headline);
	extract_first_name(inv->name, out->first_name, sizeof(out->first_name));
	tact_rules_headline_company(inv->headline, out->company, sizeof(out->company));

	if (strcmp(inv->kind, "person") != 0)
		add_hit(out, TACT_RULE_NOT_A_PERSON, inv->kind);

	evaluate_relationship(out, inv, profile, facts, &headline, &note);

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
	if (profile->city[0] != '\0' && (tact_text_find(&headline, profile->city, 0) >= 0 ||
					 tact_text_find(&note, profile->city, 0) >= 0))
		add_hit(out, TACT_RULE_SAME_CITY, profile->city);
	if (lex_hit(&headline, TACT_LEX_RECRUITER, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_RECRUITER, evidence);
	if (lex_hit(&headline, TACT_LEX_STUDENT, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_STUDENT, evidence);

	evaluate_scam(&ev, inv, &headline, &note, &name);

	if (lex_hit(&note, TACT_LEX_PITCH_MEETING, TACT_LEX_IN_NOTE, evidence))
		add_hit(out, TACT_RULE_PITCH_MEETING, evidence);
	if (lex_hit(&note, TACT_LEX_PITCH_VALUE, TACT_LEX_IN_NOTE, evidence))
		add_hit(out, TACT_RULE_PITCH_VALUE, evidence);
	if (lex_hit(&note, TACT_LEX_PITCH_SERVICES, TACT_LEX_IN_BOTH, evidence) ||
	    lex_hit(&headline, TACT_LEX_PITCH_SERVICES, TACT_LEX_IN_BOTH, evidence))
		add_hit(out, TACT_RULE_PITCH_SERVICES, evidence);
	if (lex_hit(&headline, TACT_LEX_PITCH_HEADLINE, TACT_LEX_IN_HEADLINE, evidence))
		add_hit(out, TACT_RULE_PITCH_HEADLINE, evidence);

	if (has_note && lex_hit(&note, TACT_LEX_TEMPLATE, TACT_LEX_IN_NOTE, evidence) && !personal)
		add_hit(out, TACT_RULE_NOTE_TEMPLATE, evidence);
	else if (has_note && personal)
		add_hit(out, TACT_RULE_NOTE_PERSONAL, NULL);
	else if (!has_note)
		add_hit(out, TACT_RULE_NOTE_NONE, NULL);

	/* Outside the field: no shared organisation, field word, context or
	 * network to speak of. */
	if (fields == 0 && !out->strong_legit && !personal && inv->mutuals < 5 &&
	    inv->headline[0] != '\0' && strcmp(inv->kind, "person") == 0)
		add_hit(out, TACT_RULE_OUTSIDE_FIELD, NULL);
	if (inv->has_photo == 0)
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
			snprintf(out->token_text[out->token_count], sizeof(out->token_text[0]), "%.31s",
				 out->company);
			out->token_count++;
		}
	}
out:
	tact_text_folded_free(&headline);
	tact_text_folded_free(&note);
	tact_text_folded_free(&name);
	return err;
}
