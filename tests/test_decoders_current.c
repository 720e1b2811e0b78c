/* test_decoders_current.c - decoders and formats of current Sisimai (5.5 -
 * 5.7): Mimecast, DeutscheTelekom (T-Online and Smail 3), X1's wider claim
 * and its message/rfc822 boundary, X2's newer format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include <cmocka.h>
#include "bouncelens.h"

static bnc_result *decode_file(const char *path)
{
	gchar *data = NULL;
	gsize n = 0;
	assert_true(g_file_get_contents(path, &data, &n, NULL));
	bnc_result *r = bnc_decode(data, n, path, NULL);
	g_free(data);
	assert_non_null(r);
	return r;
}

static bnc_result *decode_text(const char *text)
{
	bnc_result *r = bnc_decode(text, strlen(text), "inline.eml", NULL);
	assert_non_null(r);
	return r;
}

static const char *decoded_by_first(const char *text)
{
	static char name[64];
	bnc_result *r = decode_text(text);
	name[0] = 0;
	if (bnc_result_count(r) > 0)
		g_strlcpy(name, bnc_verdict_get(bnc_result_verdict(r, 0), "decodedby"), sizeof name);
	bnc_result_free(r);
	return name;
}

#define FIELD(r, i, k) bnc_verdict_get(bnc_result_verdict((r), (i)), (k))

/* ---- Mimecast ------------------------------------------------------------- */

/* The "-- " lines: one word is the recipient, the rest the diagnosis. */
static void test_mimecast_text(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-mimecast-01.eml");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "decodedby"), "Mimecast");
	assert_string_equal(FIELD(r, 0, "recipient"), "jiro@example.net");
	assert_string_equal(FIELD(r, 0, "reason"), "userunknown");
	assert_string_equal(FIELD(r, 0, "deliverystatus"), "5.1.1");
	assert_string_equal(FIELD(r, 0, "diagnosticcode"),
	                    "Recipient email address is possibly incorrect 5.1.1 <jiro@example.net>: Recipient "
	                    "address rejected: User unknown in virtual mailbox table");
	bnc_result_free(r);
}

/* "Field : value" lines: the Diagnostic-Code replaces the text, Final-Recipient
 * does not open a second record, Reporting-MTA is given as a per-message field. */
static void test_mimecast_delivery_status(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-mimecast-02.eml");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "recipient"), "saburo@example.com");
	assert_string_equal(FIELD(r, 0, "reason"), "mailboxfull");
	assert_string_equal(FIELD(r, 0, "deliverystatus"), "5.2.2");
	assert_string_equal(FIELD(r, 0, "replycode"), "552");
	assert_string_equal(FIELD(r, 0, "diagnosticcode"), "552 5.2.2 <saburo@example.com>: Mailbox full, quota exceeded");
	assert_string_equal(FIELD(r, 0, "lhost"), "us-smtp-outbound-7.mimecast.example.net");
	bnc_result_free(r);
}

/* Claimed by its Message-Id alone; two recipients; without "-- address"
 * lines nothing. */
static const char mimecast_two[] =
	"From: Postmaster <postmaster@example.net>\nTo: <ichiro@example.org>\nSubject: Undeliverable\n"
	"Message-Id: <55-66@uk-mta-3.uk.mimecast.lan>\nDate: Tue, 10 Mar 2026 00:41:06 +0000\n\n"
	"Not delivered to:\n-- one@example.net\n-- 5.1.1 User unknown\n"
	"-- two@example.net\n-- 5.2.2 Mailbox full\n";
static const char mimecast_none[] =
	"From: Postmaster <postmaster@example.net>\nTo: <ichiro@example.org>\n"
	"Subject: [Postmaster] Email Delivery Failure\nDate: Tue, 10 Mar 2026 00:41:06 +0000\n\n"
	"-- Recipient email address is possibly incorrect\n";

static void test_mimecast_claim(void **s)
{
	(void)s;
	bnc_result *r = decode_text(mimecast_two);
	assert_int_equal(bnc_result_count(r), 2);
	assert_string_equal(FIELD(r, 0, "decodedby"), "Mimecast");
	assert_string_equal(FIELD(r, 0, "recipient"), "one@example.net");
	assert_string_equal(FIELD(r, 0, "diagnosticcode"), "5.1.1 User unknown");
	assert_string_equal(FIELD(r, 1, "recipient"), "two@example.net");
	assert_string_equal(FIELD(r, 1, "reason"), "mailboxfull");
	bnc_result_free(r);
	assert_string_not_equal(decoded_by_first(mimecast_none), "Mimecast");
}

/* ---- DeutscheTelekom ------------------------------------------------------ */

static void test_dtag_t_online(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-deutschetelekom-01.eml");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "decodedby"), "DeutscheTelekom");
	assert_string_equal(FIELD(r, 0, "recipient"), "bernd@example.de");
	assert_string_equal(FIELD(r, 0, "reason"), "mailboxfull");
	assert_string_equal(FIELD(r, 0, "deliverystatus"), "5.2.2");
	assert_string_equal(FIELD(r, 0, "replycode"), "552");
	/* the original's headers after "Message header follows:" */
	assert_string_equal(FIELD(r, 0, "subject"), "Treffen am Freitag");
	assert_string_equal(FIELD(r, 0, "messageid"), "treffen-20260312@example.org");
	bnc_result_free(r);
}

/* Smail 3: the message log leads each "address ... failed:" line. */
static void test_dtag_smail3(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-deutschetelekom-02.eml");
	assert_int_equal(bnc_result_count(r), 2);
	assert_string_equal(FIELD(r, 0, "recipient"), "carol@nowhere.example.net");
	assert_string_equal(FIELD(r, 0, "reason"), "hostunknown");
	assert_string_equal(FIELD(r, 0, "diagnosticcode"),
	                    "no valid recipients were found for this message carol@nowhere.example.net ... failed: "
	                    "unknown host");
	assert_string_equal(FIELD(r, 1, "recipient"), "eve@example.net");
	assert_string_equal(FIELD(r, 1, "subject"), "Lunch on Monday");
	bnc_result_free(r);
}

/* Two T-Online recipients, each with the last line after its address; a
 * banner without any failed address gives nothing. */
#define FAILED "|------------------------- Failed addresses follow: ---------------------|\n"
#define HEADER "|------------------------- Message header follows: ----------------------|\n"
static const char dtag_two[] =
	"From: Mail Delivery System <Mailer-Daemon@example.de>\nTo: anna@example.org\n"
	"Subject: Mail delivery failed: returning message to sender\nDate: Thu, 12 Mar 2026 08:15:03 +0100\n\n"
	FAILED " <one@example.de>\n   451 4.7.1 first try\n   550 5.1.1 <one@example.de> user unknown\n"
	" <two@example.de>\n   552 5.2.2 <two@example.de> Quota exceeded\n\n"
	HEADER "From: anna@example.org\nTo: one@example.de, two@example.de\nSubject: x\n";
static const char dtag_none[] =
	"From: Mail Delivery System <Mailer-Daemon@example.de>\nTo: anna@example.org\n"
	"Subject: Mail delivery failed: returning message to sender\nDate: Thu, 12 Mar 2026 08:15:03 +0100\n\n"
	FAILED "\n" HEADER "From: anna@example.org\nSubject: x\n";

static void test_dtag_two_and_none(void **s)
{
	(void)s;
	bnc_result *r = decode_text(dtag_two);
	assert_int_equal(bnc_result_count(r), 2);
	assert_string_equal(FIELD(r, 0, "recipient"), "one@example.de");
	assert_string_equal(FIELD(r, 0, "diagnosticcode"), "550 5.1.1 <one@example.de> user unknown");
	assert_string_equal(FIELD(r, 0, "reason"), "userunknown");
	assert_string_equal(FIELD(r, 1, "recipient"), "two@example.de");
	assert_string_equal(FIELD(r, 1, "reason"), "mailboxfull");
	bnc_result_free(r);
	assert_string_not_equal(decoded_by_first(dtag_none), "DeutscheTelekom");
}

/* ---- X1 and X2 ------------------------------------------------------------ */

/* From: "Mail Delivery System" alone claims it; the original is the
 * message/rfc822 part. */
static void test_x1_rfc822_part(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-x1-02.eml");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "decodedby"), "X1");
	assert_string_equal(FIELD(r, 0, "recipient"), "yuki@example.co.jp");
	assert_string_equal(FIELD(r, 0, "reason"), "expired");
	assert_string_equal(FIELD(r, 0, "action"), "delayed");
	assert_string_equal(FIELD(r, 0, "subject"), "Schedule for April");
	assert_string_equal(FIELD(r, 0, "messageid"), "schedule-0314@example.org");
	bnc_result_free(r);
}

/* Subject: "Mail Delivery Failure" claims it whoever sent it. */
static const char x1_subject[] =
	"From: postmaster@gate.example.co.jp\nTo: kenji@example.org\nSubject: Mail Delivery Failure\n"
	"Date: Sat, 14 Mar 2026 21:40:05 +0900\n\n"
	"The original message was received at Sat, 14 Mar 2026 13:39:50 +0900\nfrom kenji@example.org\n\n"
	"---The following addresses had delivery errors---\n\nyuki@example.co.jp [User unknown]\n\n";

static void test_x1_subject(void **s)
{
	(void)s;
	bnc_result *r = decode_text(x1_subject);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "decodedby"), "X1");
	assert_string_equal(FIELD(r, 0, "recipient"), "yuki@example.co.jp");
	bnc_result_free(r);
}

/* "Delivery failed: address", the remote host's reply, "STEP: RCPT TO". */
static void test_x2_newer_format(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-x2-02.eml");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "decodedby"), "X2");
	assert_string_equal(FIELD(r, 0, "recipient"), "sora@example.co.jp");
	assert_string_equal(FIELD(r, 0, "reason"), "userunknown");
	assert_string_equal(FIELD(r, 0, "deliverystatus"), "5.1.1");
	assert_string_equal(FIELD(r, 0, "replycode"), "550");
	assert_string_equal(FIELD(r, 0, "command"), "RCPT");
	/* the dashes line is not text */
	assert_null(strstr(FIELD(r, 0, "diagnosticcode"), "-----"));
	assert_non_null(strstr(FIELD(r, 0, "diagnosticcode"), "Remote host said[Response Message]: 550 5.1.1"));
	bnc_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mimecast_text),     cmocka_unit_test(test_mimecast_delivery_status),
		cmocka_unit_test(test_mimecast_claim),    cmocka_unit_test(test_dtag_t_online),
		cmocka_unit_test(test_dtag_smail3),       cmocka_unit_test(test_dtag_two_and_none),
		cmocka_unit_test(test_x1_rfc822_part),    cmocka_unit_test(test_x1_subject),
		cmocka_unit_test(test_x2_newer_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
