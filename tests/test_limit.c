/* test_limit.c - the browser's limit language: parsing, matching, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "limit.h"

static struct row mkrow(const char *rcpt, const char *rhost, const char *code, const char *status,
                        const char *reason, const char *decoder, const char *diag, int hard)
{
	struct row r = {0};
	r.recipient = rcpt;
	r.rhost = rhost;
	r.replycode = code;
	r.status = status;
	r.reason = reason;
	r.decoder = decoder;
	r.diag = diag;
	r.table = "google";
	r.stage = "provider";
	r.entry = 12;
	r.kind = hard ? ROW_HARD : ROW_SOFT;
	return r;
}

static int matches(const char *pattern, const struct row *r)
{
	char *err = NULL;
	struct limit *l = limit_parse(pattern, &err);
	if (!l)
		fail_msg("'%s' did not parse: %s", pattern, err);
	int m = limit_match(l, r);
	limit_free(l);
	return m;
}

static void fields(void **state)
{
	struct row r = mkrow("Kijitora@Example.NET", "gmail-smtp-in.l.google.com", "550", "5.1.1", "userunknown",
	                     "Postfix", "550 5.1.1 The email account that you tried to reach does not exist", 1);
	assert_true(matches("reason:userunknown", &r));
	assert_false(matches("reason:mailboxfull", &r));
	assert_true(matches("rhost:google", &r));
	assert_true(matches("code:550", &r));
	assert_true(matches("code:5*", &r));
	assert_false(matches("code:55", &r));
	assert_true(matches("status:5.1.*", &r));
	assert_false(matches("status:5.7.*", &r));
	assert_true(matches("hard:yes", &r));
	assert_false(matches("hard:no", &r));
	assert_true(matches("decoder:postfix", &r));
	assert_true(matches("text:\"does not exist\"", &r));
	assert_true(matches("text: \"DOES NOT\"", &r));
	assert_true(matches("to:@example.net", &r));
	assert_true(matches("table:google entry:12", &r));
	assert_false(matches("entry:13", &r));
	assert_true(matches("stage:provider", &r));
	assert_true(matches("account", &r));   /* a bare word searches the text */
}

static void operators(void **state)
{
	struct row r = mkrow("a@example.org", "mx.example.org", "452", "4.2.2", "mailboxfull", "Exim", "quota exceeded", 0);
	assert_true(matches("reason:mailboxfull and code:452", &r));
	assert_true(matches("reason:mailboxfull code:452", &r));
	assert_false(matches("reason:mailboxfull and not code:452", &r));
	assert_true(matches("reason:userunknown or text:quota", &r));
	assert_true(matches("not (reason:userunknown or hard:yes)", &r));
	assert_false(matches("!(reason:mailboxfull)", &r));
	assert_true(matches("(reason:userunknown or reason:mailboxfull) and rhost:example", &r));
	/* and binds tighter than or */
	assert_true(matches("reason:userunknown and code:550 or decoder:exim", &r));
}

static void legacy_names(void **state)
{
	struct row big = mkrow("b@example.org", "", "552", "5.3.4", "emailtoolarge", "Postfix", "", 1);
	struct row busy = mkrow("c@example.org", "", "421", "4.7.0", "ratelimited", "Postfix", "", 0);
	assert_true(matches("reason:mesgtoobig", &big));
	assert_true(matches("reason:exceedlimit", &big));
	assert_true(matches("reason:toomanyconn", &busy));
	assert_true(matches("reason:speeding", &busy));
	assert_false(matches("reason:speeding", &big));
}

static void errors(void **state)
{
	static const char *const bad[] = {
		"", "   ", "reason:", "nosuchfield:x", "reason:nosuchreason", "(reason:blocked", "reason:blocked)",
		"text:\"unclosed", "hard:maybe", "reason:blocked and", "not",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		struct limit *l = limit_parse(bad[i], &err);
		if (l)
			fail_msg("'%s' should not parse", bad[i]);
		assert_non_null(err);
		g_free(err);
	}
	/* deep nesting is refused, not a stack overflow */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 10000; i++)
		g_string_append_c(deep, '(');
	char *err = NULL;
	assert_null(limit_parse(deep->str, &err));
	g_free(err);
	g_string_free(deep, TRUE);
}

static void wildcards_are_linear(void **state)
{
	/* a pattern that makes naive backtracking blow up */
	GString *text = g_string_new(NULL);
	for (int i = 0; i < 20000; i++)
		g_string_append_c(text, 'a');
	struct row r = mkrow("x@example.org", "", "", "", "blocked", "", text->str, 0);
	assert_false(matches("text:*a*a*a*a*a*a*a*a*a*b", &r));
	assert_true(matches("text:*a*a*a*a*a*a*a*a*a", &r));
	g_string_free(text, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields), cmocka_unit_test(operators), cmocka_unit_test(legacy_names),
		cmocka_unit_test(errors), cmocka_unit_test(wildcards_are_linear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
