/* test_limit.c - the browser's limit language: parsing, matching, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
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
	struct row tm = r;   /* a decoder Sisimai renamed: found by its old name too */
	tm.decoder = "TrendMicro";
	assert_true(matches("decoder:interscanmss", &tm));
	assert_true(matches("decoder:TrendMicro", &tm));
	assert_false(matches("decoder:interscanmss", &r));
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

/* The recipient's and the sender's domain, sender, subject, status classes. */
static void message_fields(void **state)
{
	struct row r = mkrow("ann@Mail.Example.NET", "mx.example.net", "550", "5.7.26", "authfailure", "Postfix", "", 1);
	r.addresser = "news@lists.example.com";
	r.subject = "Weekly deals, November";
	assert_true(matches("domain:example.net", &r));        /* a domain below counts */
	assert_true(matches("domain:mail.example.net", &r));
	assert_false(matches("domain:ample.net", &r));          /* not a part of a label */
	assert_false(matches("domain:example.com", &r));
	assert_true(matches("domain:*.example.net", &r));
	assert_true(matches("from:news@", &r));
	assert_true(matches("sender:lists.example", &r));
	assert_true(matches("senderdomain:example.com", &r));
	assert_false(matches("senderdomain:example.net", &r));
	assert_true(matches("subject:\"weekly deals\"", &r));
	assert_false(matches("subject:monthly", &r));
	assert_true(matches("status:5", &r));                   /* a class */
	assert_false(matches("status:4", &r));
	assert_true(matches("status:5.7.*", &r));
	assert_true(matches("status:5.?.26", &r));
	assert_false(matches("status:5.7.2", &r));              /* whole, not a part */
	struct row none = mkrow("b@example.org", "", "", "", "blocked", "", "", 0);   /* no sender known */
	assert_false(matches("from:x", &none));
	assert_true(matches("not subject:x", &none));
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, s);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static void dates(void **state)
{
	limit_set_now(utc(2026, 11, 23, 12, 0, 0));
	struct row r = mkrow("a@example.org", "", "", "", "blocked", "", "", 1);
	r.timestamp = utc(2026, 11, 22, 10, 30, 0);    /* yesterday morning */
	assert_true(matches("date:2026-11-22", &r));            /* the whole day */
	assert_false(matches("date:2026-11-21", &r));
	assert_true(matches("date:2026-11-22T10", &r));         /* the whole hour */
	assert_false(matches("date:2026-11-22T11", &r));
	assert_true(matches("date:\"2026-11-22 10:30\"", &r));  /* the minute, with a space */
	assert_true(matches("date:>2026-11-01", &r));
	assert_false(matches("date:>2026-11-22", &r));          /* after the whole day */
	assert_true(matches("date:>=2026-11-22", &r));
	assert_true(matches("date:<2026-11-23", &r));
	assert_false(matches("date:<2026-11-22", &r));
	assert_true(matches("date:<=2026-11-22", &r));
	assert_true(matches("date:yesterday", &r));
	assert_false(matches("date:today", &r));
	assert_true(matches("date:>=yesterday", &r));           /* "since yesterday" */
	assert_true(matches("date:2d", &r));                    /* the last two days */
	assert_false(matches("date:12h", &r));
	assert_true(matches("date:>-26h", &r));
	assert_true(matches("date:<-25h", &r));
	assert_true(matches("date:95000s date:1w date:2000m", &r));
	assert_true(matches("date:2026-11-22T10:00..2026-11-22T11:00", &r));   /* [from, until) */
	assert_false(matches("date:2026-11-22T09:00..2026-11-22T10:30", &r));
	r.timestamp = 0;   /* no date: no date matches */
	assert_false(matches("date:<2030-01-01", &r));
	static const char *const bad[] = {"date:", "date:2026-13-01", "date:2026-11-01X", "date:2026-11-01T1",
	                                  "date:soon", "date:>", "date:2d3", "date:2026-11-01..", "date:2x"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		char *err = NULL;
		struct limit *l = limit_parse(bad[i], &err);
		if (l)
			fail_msg("'%s' should not parse", bad[i]);
		g_free(err);
	}
	limit_set_now(0);
}

static void kinds(void **state)
{
	struct row r = mkrow("", "", "", "", "(no verdict)", "", "", 0);
	r.kind = ROW_NOVERDICT;
	assert_true(matches("kind:none", &r));
	assert_false(matches("kind:hard", &r));
	char *err = NULL;
	struct limit *l = limit_parse("reason:blocked or kind:none", &err);
	assert_true(limit_wants_noverdict(l));   /* asked for: listed */
	limit_free(l);
	l = limit_parse("reason:blocked", &err);
	assert_false(limit_wants_noverdict(l));
	limit_free(l);
	assert_false(limit_wants_noverdict(NULL));
	assert_null(limit_parse("kind:maybe", &err));
	g_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields), cmocka_unit_test(operators), cmocka_unit_test(legacy_names),
		cmocka_unit_test(errors), cmocka_unit_test(wildcards_are_linear), cmocka_unit_test(message_fields),
		cmocka_unit_test(dates), cmocka_unit_test(kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
