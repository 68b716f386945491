/*
 * libFuzzer target: page text through the triage rules. LinkedIn cards are
 * attacker-controlled, so every byte pattern that arrives as valid UTF-8
 * must be evaluated without a crash, and every string the rules hand back
 * (evidence, company, event, first name, words) must still be valid UTF-8:
 * a cut inside a character would reach the browser as a broken answer.
 *
 * Input: name, headline and note separated by NUL bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tact/rules.h"
#include "tact/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const char *s)
{
	size_t len = strlen(s);
	size_t pos = 0;

	while (pos < len) {
		size_t before = pos;
		uint32_t cp = tact_text_decode(s, len, &pos);
		/* A real U+FFFD is three bytes; a one-byte step means a bad byte. */
		if (cp == TACT_TEXT_REPLACEMENT && pos - before == 1)
			return 0;
	}
	return 1;
}

static uint64_t hash(void *ctx, const char *word, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * 1099511628211ull;
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 3);
	const char *field[3] = {"", "", ""};
	struct tact_rules_profile profile;
	struct tact_rules_facts facts = {0, 0, 0, 0, 1, NULL};
	struct tact_signals *out = calloc(1, sizeof(*out));
	size_t start = 0;
	int n = 0;

	if (copy == NULL || out == NULL || size > 8192)
		goto done;
	memcpy(copy, data, size);
	copy[size] = copy[size + 1] = copy[size + 2] = '\0';
	for (size_t i = 0; i <= size && n < 3; i++) {
		if (copy[i] == '\0') {
			field[n++] = copy + start;
			start = i + 1;
		}
	}
	for (int i = 0; i < 3; i++) {
		if (!valid_utf8(field[i]))
			goto done; /* the protocol rejects such input before the rules */
	}
	memset(&profile, 0, sizeof(profile));
	memcpy(profile.companies[0], "orion systems", 14);
	memcpy(profile.companies[1], "kontora", 8);
	profile.company_count = 2;
	memcpy(profile.schools[0], "technische universitat munchen", 31);
	profile.school_count = 1;
	memcpy(profile.keywords[0], "payments", 9);
	profile.keyword_count = 1;
	memcpy(profile.city, "berlin", 7);
	struct tact_invitation inv = {"/in/fuzz/", "person", field[0], field[1], "",
				      field[2], "", "", 3, 0, 1};
	if (tact_rules_evaluate(&inv, &profile, &facts, hash, NULL, out) != TACT_OK)
		goto done;
	for (size_t i = 0; i < out->hit_count; i++) {
		if (!valid_utf8(out->hits[i].evidence))
			abort();
	}
	for (size_t i = 0; i < out->token_count; i++) {
		if (!valid_utf8(out->token_text[i]))
			abort();
	}
	if (!valid_utf8(out->company) || !valid_utf8(out->event) || !valid_utf8(out->first_name))
		abort();
done:
	free(out);
	free(copy);
	return 0;
}
