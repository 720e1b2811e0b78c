/* test_hosts_fact.c - host names, Received: headers and dates as Sisimai
 * reads them (engine/hosts.c), and what the verdicts get from them
 * (engine/fact.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "bouncelens.h"
#include "private.h"
#include "hosts.h"
#include "date.h"
#include "received.h"

static void test_is_host(void **s)
{
	(void)s;
	assert_true(bnc_rfc1123_is_host("mx1.example.net"));
	assert_true(bnc_rfc1123_is_host("MX1.Example.NET"));
	assert_true(bnc_rfc1123_is_host("localhost"));
	assert_true(bnc_rfc1123_is_host("localhost6"));
	assert_true(bnc_rfc1123_is_host("xn--bcher-kva.example"));
	assert_false(bnc_rfc1123_is_host("mailhub0"));
	assert_false(bnc_rfc1123_is_host("192.0.2.1"));
	assert_false(bnc_rfc1123_is_host("[192.0.2.22]"));
	assert_false(bnc_rfc1123_is_host("a.b"));
	assert_false(bnc_rfc1123_is_host("mx..example.net"));
	assert_false(bnc_rfc1123_is_host("-mx.example.net"));
	assert_false(bnc_rfc1123_is_host("mx.example.net-"));
	assert_false(bnc_rfc1123_is_host("mx--a.example.net"));
	assert_false(bnc_rfc1123_is_host("mx_1.example.net"));
	assert_false(bnc_rfc1123_is_host("mx.example.n3t"));
	assert_false(bnc_rfc1123_is_host(""));
	assert_false(bnc_rfc1123_is_host(NULL));
}

static void expect_find(const char *text, const char *want)
{
	char *h = bnc_rfc1123_find(text);
	if (!want) {
		assert_null(h);
		return;
	}
	assert_non_null(h);
	assert_string_equal(h, want);
	g_free(h);
}

static void test_find(void **s)
{
	(void)s;
	/* between markers */
	expect_find("host mx.example.org[192.0.2.9] said: 550 no such user", "mx.example.org");
	expect_find("host r2.example.org[198.51.100.18] refused to talk to me: 554 go away", "r2.example.org");
	expect_find("... while talking to mx.example.jp.: >>> RCPT", "mx.example.jp");
	expect_find("host mx.example.jp [192.0.2.20]: 550 5.7.0 denied", "mx.example.jp");
	expect_find("Remote system: dns;mx.example.net (mx.example.net -- reply)", "mx.example.net");
	expect_find("SMTP Server <smtpd.libsisimai.org> rejected recipient", "smtpd.libsisimai.org");
	/* after a marker, before a marker */
	expect_find("Generating server: mta4.example.org", "mta4.example.org");
	expect_find("mail-inbound.example.net [192.0.2.25] did not like our DATA: 550", "mail-inbound.example.net");
	/* anywhere: the longest host name; addresses and IP literals are not hosts */
	expect_find("421 example.com (smtp)... Deferred", "example.com");
	expect_find("connect to example.com[192.0.2.1]:25: Connection refused", "example.com");
	expect_find("user (kijitora@example.net) unknown at a.example.net or mx.b.example.net",
	            "mx.b.example.net");
	expect_find("550 5.1.1 [192.0.2.1] unknown user", NULL);
	expect_find("", NULL);
	expect_find(NULL, NULL);
}

static void expect_received(const char *value, const char *from, const char *by, const char *forv)
{
	char *rv[6];
	bnc_received_parse(value, rv);
	assert_string_equal(rv[0], from);
	assert_string_equal(rv[1], by);
	assert_string_equal(rv[5], forv);
	for (int i = 0; i < 6; i++)
		g_free(rv[i]);
}

static void test_received(void **s)
{
	(void)s;
	/* a name with a domain stays */
	expect_received("from mx4.example.co.jp (localhost.localdomain [127.0.0.1]) by mx.example.jp (Postfix) "
	                "with ESMTP id 1; Thu, 29 Apr 2009 23:34:45 +0900",
	                "mx4.example.co.jp", "mx.example.jp", "");
	/* localhost: the name in the comment, unless it holds "localhost" */
	expect_received("from localhost (relay.example.org [192.0.2.2]) by mx.example.net (Postfix) with ESMTP "
	                "id 1A2B for <u@example.net>; Tue, 02 Jan 2024 10:00:00 +0900",
	                "relay.example.org", "mx.example.net", "u@example.net");
	expect_received("from localhost (localhost.localdomain [127.0.0.1]) by smtp.example.com (Postfix) with "
	                "ESMTP id 0; Thu, 29 Apr 2013 23:45:45 +0900 (JST)",
	                "localhost", "smtp.example.com", "");
	expect_received("from localhost (localhost) by mx356.example.jp (R8/cf) id n3T0; Thu, 29 Apr 2009 "
	                "23:34:45 +0900",
	                "localhost", "mx356.example.jp", "");
	/* an IP literal: the address alone, or the name in the comment */
	expect_received("from [192.0.2.9] by mx.example.net; Tue, 02 Jan 2024 10:00:00 +0900", "192.0.2.9",
	                "mx.example.net", "");
	expect_received("from [192.0.2.9] (mail.example.org [192.0.2.9]) by mx.example.net; Tue, 02 Jan 2024 "
	                "10:00:00 +0900",
	                "mail.example.org", "mx.example.net", "");
	/* a name without a dot: the comment's name when it has one */
	expect_received("from mailhub0 (ip-192-0-2-25.example.internal [192.0.2.25]) by re1.example.org (Postfix)",
	                "ip-192-0-2-25.example.internal", "re1.example.org", "");
	expect_received("from mbox (mbox) by mx.example.org", "mbox", "mx.example.org", "");
	/* qmail's own lines and values without a space say nothing */
	expect_received("(qmail 10000 invoked by uid 999); 24 Apr 2013 00:00:00 +0900", "", "", "");
	expect_received("nothing", "", "", "");
	expect_received(NULL, "", "", "");
}

static void expect_date(const char *s, gint64 epoch, const char *tz)
{
	gint64 t = 0;
	char z[6] = "";
	if (epoch < 0) {
		assert_false(bnc_mail_date(s, &t, z));
		return;
	}
	assert_true(bnc_mail_date(s, &t, z));
	assert_int_equal(t, epoch);
	if (tz)
		assert_string_equal(z, tz);
}

static void test_mail_date(void **s)
{
	(void)s;
	expect_date("Tue, 02 Jan 2024 10:00:00 +0900", 1704157200, "+0900");
	expect_date("Tue, 02 Jan 2024 10:00:00 +0900 (JST)", 1704157200, "+0900");
	expect_date("2 Jan 2024 01:00:00 +0000", 1704157200, "+0000");
	expect_date("Tue,  2 Jan 2024 01:00 +0000", 1704157200, NULL);
	expect_date("Tue, 2 Jan 24 01:00:00 -0000", 1704157200, NULL);
	expect_date("Tue, 02 jan 2024 01:00:00 UT", 1704157200, NULL);
	expect_date("Tue, 02 Jan 2024 01:00:00 GMT", 1704157200, "+0000");
	expect_date("Tue, 02 Jan 2024 01:00:00 UTC", 1704157200, NULL);
	/* a zone abbreviation other than GMT+h counts as UTC */
	expect_date("Sat, 06 Jul 2013 23:34:45 JST", 1373153685, "+0000");
	expect_date("Tue, 02 Jan 2024 01:00:00 EST", 1704157200, NULL);
	expect_date("Tue, 02 Jan 2024 10:00:00 GMT+9", 1704157200, "+0900");
	/* not read: no zone, no space after the comma, asctime, a bad day */
	expect_date("Thu, 29 Apr 2009 23:34:45", -1, NULL);
	expect_date("Thu,29 Apr 2012 23:34:45 +0900", -1, NULL);
	expect_date("Wed Jun 12 02:21:53 GMT 2013", -1, NULL);
	expect_date("Fri, 30 Feb 2024 10:00:00 +0900", -1, NULL);
	expect_date("Tue, 02 Jan 2024 24:00:00 +0900", -1, NULL);
	expect_date("Tue, 02 Jan 2024 10:00:00 +0900 (JST", -1, NULL);
	expect_date("2013-07-08 18-21-01", -1, NULL);
	expect_date("yesterday", -1, NULL);
	expect_date(NULL, -1, NULL);
}

static void expect_tidy(const char *s, const char *want)
{
	char *t = bnc_rfc5322_date(s);
	if (!want) {
		assert_null(t);
		return;
	}
	assert_non_null(t);
	assert_string_equal(t, want);
	g_free(t);
}

static void test_tidy_date(void **s)
{
	(void)s;
	expect_tidy("Thu,29 Apr 2012 23:34:45 +0900", "Thu, 29 Apr 2012 23:34:45 +0900");
	expect_tidy("Wed Jun 12 02:21:53 GMT 2013", "Wed, 12 Jun 2013 02:21:53 +0000");
	expect_tidy("Thu, 29 Apr 2009 23:34:45", "Thu, 29 Apr 2009 23:34:45 +0000");
	expect_tidy("Fri, Feb 2 2018 2:02:02", "Fri, 02 Feb 2018 02:02:02 +0000");
	expect_tidy("Fri, Feb 2 2018 2:2:2", NULL); /* five bytes: not taken for a time */
	expect_tidy("Tue, 029 Apr 2019 23:34:45 -0800 (PST)", "Tue, 29 Apr 2019 23:34:45 -0800");
	expect_tidy("29 Apr 99 23:34:45", "Thu, 29 Apr 1999 23:34:45 +0000");
	expect_tidy("2013-07-08 18-21-01", NULL);
	expect_tidy("4/29/01 11:34:45 PM", NULL);
	expect_tidy("", NULL);
	/* tidied then read */
	char *t = bnc_rfc5322_date("Thu,29 Apr 2012 23:34:45 +0900");
	gint64 e = 0;
	char z[6];
	assert_true(bnc_mail_date(t, &e, z));
	assert_int_equal(e, 1335710085);
	g_free(t);
	t = bnc_rfc5322_date("Wed Jun 12 02:21:53 GMT 2013");
	assert_true(bnc_mail_date(t, &e, z));
	assert_int_equal(e, 1371003713);
	g_free(t);
}

/* ---- through the whole decoder ---------------------------------------------- */

static const char *field(const bnc_verdict *v, const char *name)
{
	const char *s = bnc_verdict_get(v, name);
	return s ? s : "";
}

static bnc_result *decode(const char *msg)
{
	bnc_options opt = {0};
	return bnc_decode(msg, strlen(msg), "test", &opt);
}

static const char postfix_head[] =
	"Return-Path: <>\n"
	"Received: by mx.example.jp (Postfix) id 1; Thu, 29 Apr 2021 23:34:45 +0900 (JST)\n"
	"Date: %s\n"
	"From: MAILER-DAEMON@mx.example.jp (Mail Delivery System)\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"To: neko@example.jp\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
	"\n"
	"--B\n"
	"Content-Type: text/plain\n"
	"\n"
	"This is the mail system at host mx.example.jp.\n"
	"\n"
	"<%s>: %s\n"
	"\n"
	"--B\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.jp\n"
	"\n"
	"Final-Recipient: rfc822; %s\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"%s"
	"Diagnostic-Code: smtp; %s\n"
	"\n"
	"--B\n"
	"Content-Type: text/rfc822-headers\n"
	"\n"
	"From: neko@example.jp\n"
	"To: %s\n"
	"Subject: test\n"
	"%s"
	"\n"
	"--B--\n";

static char *make_postfix(const char *date, const char *rcpt, const char *remote_mta, const char *diag,
                          const char *orig_date)
{
	return g_strdup_printf(postfix_head, date, rcpt, diag, rcpt, remote_mta, diag, rcpt, orig_date);
}

static void test_fact_hosts(void **s)
{
	(void)s;
	/* an IP literal in Remote-MTA: is dropped; the host named in the text is taken */
	char *m = make_postfix("Thu, 29 Apr 2021 23:34:45 +0900", "kijitora@example.org", "Remote-MTA: dns; [192.0.2.22]\n",
	                       "connect to example.org[192.0.2.22]:25: Connection refused", "");
	bnc_result *r = decode(m);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(field(bnc_result_verdict(r, 0), "rhost"), "example.org");
	assert_string_equal(field(bnc_result_verdict(r, 0), "lhost"), "mx.example.jp");
	bnc_result_free(r);
	g_free(m);

	/* no host in the text: "localhost" of the bounce's own Received: header */
	m = g_strdup_printf(
		"Return-Path: <>\n"
		"Received: from localhost (localhost.localdomain [127.0.0.1]) by mx.example.jp (Postfix) with ESMTP "
		"id 2; Thu, 29 Apr 2021 23:34:45 +0900\n"
		"Date: Thu, 29 Apr 2021 23:34:45 +0900\n"
		"From: MAILER-DAEMON@mx.example.jp (Mail Delivery System)\n"
		"Subject: Undelivered Mail Returned to Sender\n"
		"To: neko@example.jp\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
		"\n--B\nContent-Type: text/plain\n\nThis is the mail system.\n\n"
		"<kijitora@example.org>: mailbox is full\n\n"
		"--B\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.jp\n\n"
		"Final-Recipient: rfc822; kijitora@example.org\nAction: failed\nStatus: 5.2.2\n"
		"Diagnostic-Code: x-unix; mailbox is full\n\n"
		"--B\nContent-Type: text/rfc822-headers\n\nFrom: neko@example.jp\nTo: kijitora@example.org\n"
		"Subject: test\n\n--B--\n");
	r = decode(m);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(field(bnc_result_verdict(r, 0), "rhost"), "localhost");
	bnc_result_free(r);
	g_free(m);
}

static void test_fact_dates_and_recipients(void **s)
{
	(void)s;
	/* "Thu,29 Apr ..." of the bounce is read after tidying */
	char *m = make_postfix("Thu,29 Apr 2021 23:34:45 +0900", "kijitora@example.org", "",
	                       "550 5.1.1 user unknown", "");
	bnc_result *r = decode(m);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(field(bnc_result_verdict(r, 0), "timestamp"), "1619706885");
	bnc_result_free(r);
	g_free(m);

	/* an original Date: without a zone is passed over for the bounce's */
	m = make_postfix("Thu, 29 Apr 2021 23:34:45 +0900", "kijitora@example.org", "", "550 5.1.1 user unknown",
	                 "Date: Thu, 29 Apr 2021 23:34:45\n");
	r = decode(m);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(field(bnc_result_verdict(r, 0), "timestamp"), "1619706885");
	bnc_result_free(r);
	g_free(m);

	/* a recipient on a host of one label gives a verdict (Sisimai 5.5.0);
	 * a domain that is no host name at all does not */
	m = make_postfix("Thu, 29 Apr 2021 23:34:45 +0900", "kijitora@mailhub0", "", "550 5.1.1 user unknown", "");
	r = decode(m);
	assert_int_equal(bnc_result_count(r), 1);
	bnc_result_free(r);
	g_free(m);
	m = make_postfix("Thu, 29 Apr 2021 23:34:45 +0900", "kijitora@-mailhub0", "", "550 5.1.1 user unknown", "");
	r = decode(m);
	assert_int_equal(bnc_result_count(r), 0);
	bnc_result_free(r);
	g_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_host),       cmocka_unit_test(test_find),
		cmocka_unit_test(test_received),      cmocka_unit_test(test_mail_date),
		cmocka_unit_test(test_tidy_date),     cmocka_unit_test(test_fact_hosts),
		cmocka_unit_test(test_fact_dates_and_recipients),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
