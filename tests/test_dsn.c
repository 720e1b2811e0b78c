/* test_dsn.c - the RFC 3464 decoder, and verdicts built from its records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mime.h"
#include "bouncelens.h"
#include "rfc1894.h"

static const char two[] =
	"From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\nSubject: Delivery Status Notification\n"
	"Date: Tue, 02 Jan 2024 10:00:00 +0900\nMIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\n"
	"--XX\nContent-Type: text/plain\n\nThe following addresses had delivery problems.\n"
	"--XX\nContent-Type: message/delivery-status\n\n"
	"Reporting-MTA: dns; mx.example.org\nArrival-Date: Tue, 02 Jan 2024 09:59:58 +0900\n\n"
	"Final-Recipient: rfc822; one@example.net\nAction: failed\nStatus: 5.1.1\n"
	"Remote-MTA: dns; mx1.example.net\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <one@example.net>: Recipient address rejected:\n"
	"    User unknown in local recipient table\n\n"
	"Final-Recipient: rfc822; two@example.net\nAction: failed\nStatus: 5.2.2\n"
	"Remote-MTA: dns; mx1.example.net\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n"
	"--XX\nContent-Type: text/rfc822-headers\n\nFrom: Sender <sender@example.com>\nTo: one@example.net\n"
	"Subject: hello\nMessage-ID: <abc@example.com>\nDate: Tue, 02 Jan 2024 09:59:00 +0900\n"
	"--XX--\n";

static const bnc_verdict *by_rcpt(bnc_result *r, const char *rcpt)
{
	for (size_t i = 0; i < bnc_result_count(r); i++)
		if (!strcmp(bnc_verdict_get(bnc_result_verdict(r, i), "recipient"), rcpt))
			return bnc_result_verdict(r, i);
	return NULL;
}

static void test_two_recipients(void **s)
{
	(void)s;
	bnc_result *r = bnc_decode(two, strlen(two), "two.eml", NULL);
	assert_int_equal(bnc_result_count(r), 2);
	const bnc_verdict *a = by_rcpt(r, "one@example.net"), *b = by_rcpt(r, "two@example.net");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(bnc_verdict_get(a, "reason"), "userunknown");
	assert_string_equal(bnc_verdict_get(a, "deliverystatus"), "5.1.1");
	assert_string_equal(bnc_verdict_get(a, "replycode"), "550");
	assert_string_equal(bnc_verdict_get(a, "hardbounce"), "true");
	assert_string_equal(bnc_verdict_get(a, "rhost"), "mx1.example.net");
	assert_string_equal(bnc_verdict_get(a, "lhost"), "mx.example.org");
	assert_string_equal(bnc_verdict_get(a, "decodedby"), "RFC3464");
	assert_string_equal(bnc_verdict_get(a, "addresser"), "sender@example.com");
	assert_string_equal(bnc_verdict_get(a, "messageid"), "abc@example.com");
	assert_string_equal(bnc_verdict_get(a, "subject"), "hello");
	/* the continuation line belongs to the diagnostic text */
	assert_non_null(strstr(bnc_verdict_get(a, "diagnosticcode"), "User unknown in local recipient table"));
	assert_string_equal(bnc_verdict_get(b, "reason"), "mailboxfull");
	assert_string_equal(bnc_verdict_get(b, "hardbounce"), "false");
	/* provenance: a decided step exists and names a table */
	const bnc_step *d = bnc_verdict_decider(a);
	assert_non_null(d);
	assert_non_null(d->table);
	bnc_result_free(r);
}

static void test_not_a_bounce(void **s)
{
	(void)s;
	const char msg[] = "From: friend@example.com\nTo: me@example.net\nSubject: lunch?\n\nNoon at the usual place.\n";
	bnc_result *r = bnc_decode(msg, strlen(msg), "plain.eml", NULL);
	assert_int_equal(bnc_result_count(r), 0);
	assert_int_equal(bnc_result_status(r), BNC_OK);
	bnc_result_free(r);
}

static void test_empty_and_junk(void **s)
{
	(void)s;
	bnc_result *r = bnc_decode("", 0, "empty", NULL);
	assert_int_equal(bnc_result_status(r), BNC_ERR_EMPTY);
	bnc_result_free(r);
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	r = bnc_decode(junk, sizeof junk, "junk", NULL);
	assert_int_equal(bnc_result_count(r), 0);
	bnc_result_free(r);
}

static void test_sanitize(void **s)
{
	(void)s;
	const char bad[] = "a\x1b]0;title\x07 b\xc2\x9b" "c \xe2\x80\xae" "d \xff";
	char *out = bnc_sanitize(bad, sizeof bad - 1);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_null(strstr(out, "\xe2\x80\xae"));
	assert_true(g_utf8_validate(out, -1, NULL));
	assert_non_null(strstr(out, "\xe2\x90\x9b")); /* ESC shown as U+241B */
	bnc_free(out);
}

static void test_match(void **s)
{
	(void)s;
	bnc_step why;
	const char *r = bnc_match("550 5.1.1 <x@example.net>: Recipient address rejected: User unknown", &why);
	assert_non_null(r);
	assert_string_equal(r, "userunknown");
	assert_non_null(why.table);
	assert_true(why.length > 0);
	assert_string_equal(bnc_reason_canonical("mesgtoobig"), "emailtoolarge");
	assert_string_equal(bnc_reason_canonical("speeding"), "ratelimited");
	assert_null(bnc_reason_canonical("nonsense"));
}

/* A field name may be followed by spaces before its colon (Mimecast's
 * "Action : failed"); a line that only starts like a field is not one. */
static void test_space_before_colon(void **s)
{
	(void)s;
	struct dsn_field f;
	assert_int_equal(bnc_dsn_match("Action : failed"), DSN_PER_RECIPIENT);
	assert_int_equal(bnc_dsn_match("Reporting-MTA  : dns;mx.example.org"), DSN_PER_MESSAGE);
	assert_true(bnc_dsn_field("Diagnostic-Code : smtp;550 5.7.54 Unable to relay", &f));
	assert_string_equal(f.label, "diagnostic-code");
	assert_string_equal(f.subtype, "SMTP");
	assert_string_equal(f.value, "550 5.7.54 Unable to relay");
	bnc_dsn_field_clear(&f);
	assert_true(bnc_dsn_field("Final-Recipient : rfc822;user@example.net", &f));
	assert_string_equal(f.value, "user@example.net");
	bnc_dsn_field_clear(&f);
	assert_true(bnc_dsn_field("Action: failed", &f));
	assert_string_equal(f.value, "failed");
	bnc_dsn_field_clear(&f);
	assert_int_equal(bnc_dsn_match(" : failed"), DSN_NONE);
	assert_int_equal(bnc_dsn_match("The Action : failed"), DSN_NONE);
	assert_int_equal(bnc_dsn_match("Remote-MTA : example.net"), DSN_NONE);   /* no ";" */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_recipients), cmocka_unit_test(test_not_a_bounce),
		cmocka_unit_test(test_empty_and_junk), cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_match), cmocka_unit_test(test_space_before_colon),
	};
	return cmocka_run_group_tests_name("dsn", tests, NULL, NULL);
}
