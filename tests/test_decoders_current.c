/* test_decoders_current.c - decoders and formats of current Sisimai (5.5 -
 * 5.7): Mimecast. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mimecast_text),     cmocka_unit_test(test_mimecast_delivery_status),
		cmocka_unit_test(test_mimecast_claim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
