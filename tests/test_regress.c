/* test_regress.c - every file of tests/regress/ replayed: inputs that once
 * crashed, leaked or tripped a sanitizer (found by make fuzz-smoke).  Each goes
 * through bnc_decode with delivered and vacation records kept, every verdict
 * to JSON with its explanation; files named limit-* go through limit_parse and
 * limit_match as well.  Run from the repository root.  A plain build checks
 * they no longer crash; make check-asan runs this under ASan and UBSan, where
 * leaks and memory errors fail too. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "bouncelens.h"
#include "limit.h"

#define REGRESS_DIR "tests/regress"

/* Given as the fuzzer gave it: exactly len bytes, no NUL after them (a read
 * past the end then trips ASan, as it did under the fuzzer). */
static void replay_decode(const char *text, size_t len, const char *name)
{
	const bnc_options opt = {.delivered = 1, .vacation = 1};
	char *data = g_malloc(len ? len : 1);
	memcpy(data, text, len);
	bnc_result *r = bnc_decode(data, len, name, &opt);
	assert_non_null(r);
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		char *js = bnc_verdict_to_json(bnc_result_verdict(r, i), 1);
		assert_non_null(js);
		bnc_free(js);
	}
	assert_non_null(bnc_status_to_string(bnc_result_status(r)));
	bnc_result_free(r);
	g_free(data);
}

static void replay_limit(const char *text)
{
	struct row row = {0};
	row.kind = ROW_HARD;
	row.entry = 12;
	row.recipient = "Kijitora@Example.NET";
	row.rhost = "gmail-smtp-in.l.google.com";
	row.replycode = "550";
	row.status = "5.1.1";
	row.reason = "userunknown";
	row.decoder = "Postfix";
	row.table = "google";
	row.stage = "provider";
	row.diag = "550 5.1.1 The email account that you tried to reach does not exist";
	char *err = NULL;
	struct limit *l = limit_parse(text, &err);
	if (l) {
		(void)limit_match(l, &row);
		limit_free(l);
	} else {
		assert_non_null(err);   /* a pattern that does not parse says why */
	}
	g_free(err);
}

static void replay(void **state)
{
	const char *path = *state;
	char *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &data, &len, &e))
		fail_msg("%s: %s", path, e->message);
	const char *base = strrchr(path, '/') + 1;
	replay_decode(data, len, base);
	if (!strncmp(base, "limit-", 6))
		replay_limit(data);   /* g_file_get_contents ends it with a NUL */
	g_free(data);
}

static void regress_dir_exists(void **state)
{
	(void)state;
	assert_true(g_file_test(REGRESS_DIR, G_FILE_TEST_IS_DIR));
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(REGRESS_DIR, 0, NULL);
	if (d) {
		const char *n;
		while ((n = g_dir_read_name(d)))
			if (n[0] != '.')
				g_ptr_array_add(paths, g_build_filename(REGRESS_DIR, n, NULL));
		g_dir_close(d);
	}
	g_ptr_array_sort(paths, by_name);

	size_t n = paths->len + 1;
	struct CMUnitTest *tests = g_new0(struct CMUnitTest, n);
	tests[0].name = "regress_dir_exists";
	tests[0].test_func = regress_dir_exists;
	for (guint i = 0; i < paths->len; i++) {
		tests[i + 1].name = g_ptr_array_index(paths, i);
		tests[i + 1].test_func = replay;
		tests[i + 1].initial_state = g_ptr_array_index(paths, i);
	}
	int rc = _cmocka_run_group_tests("regress", tests, n, NULL, NULL);
	g_free(tests);
	g_ptr_array_free(paths, TRUE);
	return rc;
}
