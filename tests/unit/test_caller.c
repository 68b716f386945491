#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tact/build_config.h"
#include "tact/caller.h"
#include "testutil.h"

#define OURS "daofefhefapbjhcpbggcdnhlkjhkobjg"
#define OTHER "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static struct tact_caller identify(int argc, const char *a0, const char *a1, const char *a2)
{
	char *argv[3] = {(char *)a0, (char *)a1, (char *)a2};
	struct tact_caller c;

	tact_caller_identify(argc, argv, &c);
	return c;
}

static void chromium_origins(void **state)
{
	struct tact_caller c;

	(void)state;
	c = identify(1, "chrome-extension://" OURS "/", NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_CHROMIUM);
	assert_string_equal(c.id, OURS);
	c = identify(1, "chrome-extension://" OURS, NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_CHROMIUM);
	c = identify(2, "chrome-extension://" OURS "/", "--parent-window=0", NULL);
	assert_int_equal(c.kind, TACT_CALLER_CHROMIUM);
	c = identify(1, "chrome-extension://" OURS "/x", NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
	c = identify(1, "chrome-extension://abc/", NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
	c = identify(1, "chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/", NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
}

static void firefox_arguments(void **state)
{
	struct tact_caller c;

	(void)state;
	c = identify(2, "/home/u/.mozilla/native-messaging-hosts/org.tact.host.json",
		     "tact@extension.tact", NULL);
	assert_int_equal(c.kind, TACT_CALLER_FIREFOX);
	assert_string_equal(c.id, "tact@extension.tact");
	c = identify(2, "/x.json", "{6b3b7f4e-0000-4000-8000-000000000000}", NULL);
	assert_int_equal(c.kind, TACT_CALLER_FIREFOX);
	c = identify(1, "/x.json", NULL, NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
	c = identify(2, "relative.json", "tact@extension.tact", NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
	c = identify(2, "/x.json", "has space@x", NULL);
	assert_int_equal(c.kind, TACT_CALLER_NONE);
}

static void allowlist_builtin_and_config(void **state)
{
	char *dir = make_temp_dir();
	char path[4096];
	struct tact_config *cfg = NULL;
	struct tact_caller c;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/config.json", dir);
	assert_int_equal(tact_config_load(path, &cfg), TACT_OK);
	c = identify(1, "chrome-extension://" OURS "/", NULL, NULL);
	assert_true(tact_caller_is_allowed(&c, cfg));
	c = identify(1, "chrome-extension://" OTHER "/", NULL, NULL);
	assert_false(tact_caller_is_allowed(&c, cfg));
	c = identify(2, "/m.json", "tact@extension.tact", NULL);
	assert_true(tact_caller_is_allowed(&c, cfg));
	c = identify(2, "/m.json", "evil@example.com", NULL);
	assert_false(tact_caller_is_allowed(&c, cfg));
	tact_config_free(cfg);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"allowed_chrome_ids\":[\"" OTHER "\"],\"allowed_firefox_ids\":[\"dev@tact\"]}", f);
	fclose(f);
	assert_int_equal(tact_config_load(path, &cfg), TACT_OK);
	c = identify(1, "chrome-extension://" OTHER "/", NULL, NULL);
	assert_true(tact_caller_is_allowed(&c, cfg));
	c = identify(2, "/m.json", "dev@tact", NULL);
	assert_true(tact_caller_is_allowed(&c, cfg));
	tact_config_free(cfg);

	/* A broken config file falls back to the built-in ids. */
	f = fopen(path, "w");
	fputs("{not json", f);
	fclose(f);
	assert_int_equal(tact_config_load(path, &cfg), TACT_OK);
	c = identify(1, "chrome-extension://" OTHER "/", NULL, NULL);
	assert_false(tact_caller_is_allowed(&c, cfg));
	c = identify(1, "chrome-extension://" OURS "/", NULL, NULL);
	assert_true(tact_caller_is_allowed(&c, cfg));
	assert_int_equal(tact_config_int(cfg, "autolock_minutes", 1, 100, 30), 30);
	tact_config_free(cfg);
	remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chromium_origins),
		cmocka_unit_test(firefox_arguments),
		cmocka_unit_test(allowlist_builtin_and_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
