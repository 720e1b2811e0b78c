/* test_decoders_extra.c - the formats Sisimai has no decoder for, the
 * last-resort guess, and what the default mode keeps that Sisimai drops
 * (issue 16): each extra sample is read by its decoder and by none with
 * --sisimai; a date of a three-digit year or Outlook's form, or none at
 * all, keeps its record; a short domain is taken; a claim whose records
 * were all dropped says by whom and why. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <cmocka.h>
#include "bouncelens.h"

static bnc_result *decode_with(const char *path, int sisimai)
{
	gchar *data = NULL;
	gsize n = 0;
	assert_true(g_file_get_contents(path, &data, &n, NULL));
	bnc_options opt = {0, 0, sisimai};
	bnc_result *r = bnc_decode(data, n, path, &opt);
	g_free(data);
	assert_non_null(r);
	return r;
}

static bnc_result *decode_text(const char *text, int sisimai)
{
	bnc_options opt = {0, 0, sisimai};
	bnc_result *r = bnc_decode(text, strlen(text), "inline.eml", &opt);
	assert_non_null(r);
	return r;
}

#define FIELD(r, i, k) bnc_verdict_get(bnc_result_verdict((r), (i)), (k))

static const struct {
	const char *file, *decoder, *recipient;
} extra[] = {
	{"extra-aol-01.eml", "AOL", "coolcat1987@aol.com"},
	{"extra-mdaemon-01.eml", "MDaemon", "nadia@example.org"},
	{"extra-eximlegacy-01.eml", "EximLegacy", "oscar@example.org"},
	{"extra-qmaillike-01.eml", "QmailLike", "pablo@example.org"},
	{"extra-qmaillike-02.eml", "QmailLike", "quinn@example.org"},
	{"extra-phquery-01.eml", "Phquery", "rsmith@campus.example.edu"},
	{"extra-sendmailtext-01.eml", "SendmailText", "sara@example.org"},
	{"extra-communigate-01.eml", "CommuniGate", "tomas@example.org"},
	{"extra-yahoo2020-01.eml", "Yahoo2020", "ursula@example.org"},
	{"extra-roadrunner-01.eml", "RoadRunner", "victor@example.org"},
	{"extra-netscape-01.eml", "Netscape", "wendy@nowhere.example.org"},
	{"extra-hotpop-01.eml", "HotPOP", "xavier@example.org"},
	{"extra-microsoftcdo-01.eml", "MicrosoftCDO", "yvonne@example.org"},
	{"extra-exchangetext-01.eml", "ExchangeText", "zoe@example.org"},
	{"extra-mimesweeper-01.eml", "MIMEsweeper", "amir@example.org"},
	{"extra-prodigy-01.eml", "Prodigy", "bella@example.org"},
	{"extra-usanet-01.eml", "USANet", "carl@usa.example.net"},
	{"extra-lsmtp-01.eml", "LSMTP", "dora@example.org"},
	{"extra-smtpsvc-01.eml", "SMTPSVC", "emil@example.org"},
	{"extra-spamlion-01.eml", "SpamLion", "fiona@example.org"},
	{"extra-hmailserver-01.eml", "hMailServer", "gus@example.org"},
	{"extra-smartermail-01.eml", "SmarterMail", "hana@example.org"},
	{"extra-groupwise-01.eml", "GroupWise", "ivan@gw.example.edu"},
	{"extra-mailenable-01.eml", "MailEnable", "jana@example.org"},
	{"extra-postmastergw-01.eml", "PostmasterGW", "kemal@example.org"},
	{"extra-delaywarning-01.eml", "DelayWarning", "lena@example.org"},
	{"guessed-01.eml", "Guessed", "milo@example.org"},
};

/* Each sample: its decoder in the default mode, none with --sisimai. */
static void test_extra_samples(void **s)
{
	(void)s;
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		char *path = g_strconcat("samples/cur/", extra[i].file, NULL);
		bnc_result *r = decode_with(path, 0);
		if (bnc_result_count(r) < 1 || strcmp(FIELD(r, 0, "decodedby"), extra[i].decoder) ||
		    strcmp(FIELD(r, 0, "recipient"), extra[i].recipient))
			fail_msg("%s: want %s <%s>, got %zu verdicts (%s)", path, extra[i].decoder, extra[i].recipient,
			         bnc_result_count(r), bnc_result_count(r) ? FIELD(r, 0, "decodedby") : "-");
		assert_int_equal(bnc_verdict_guessed(bnc_result_verdict(r, 0)), !strcmp(extra[i].decoder, "Guessed"));
		bnc_result_free(r);
		r = decode_with(path, 1);
		for (size_t k = 0; k < bnc_result_count(r); k++)
			if (!strcmp(FIELD(r, k, "decodedby"), extra[i].decoder))
				fail_msg("%s: --sisimai still decoded by %s", path, extra[i].decoder);
		bnc_result_free(r);
		g_free(path);
	}
}

#define DSN_HEAD(date) \
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>\n" \
	"To: sender@example.com\n" \
	"Subject: Returned mail: see transcript for details\n" date \
	"MIME-Version: 1.0\n" \
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n" \
	"--b\nContent-Type: text/plain\n\nThe message could not be delivered.\n\n" \
	"--b\nContent-Type: message/delivery-status\n\n" \
	"Reporting-MTA: dns; mx.example.net\n\n" \
	"Final-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n" \
	"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--b--\n"

static bnc_result *dsn(const char *date_line, const char *rcpt, int sisimai)
{
	char *t = g_strdup_printf(DSN_HEAD("%s"), date_line, rcpt);
	bnc_result *r = decode_text(t, sisimai);
	g_free(t);
	return r;
}

/* Outlook's date and a three-digit year read; with --sisimai dropped, and
 * explain's data says who claimed the message and why nothing was kept. */
static void test_lenient_dates(void **s)
{
	(void)s;
	bnc_result *r = dsn("Date: Wednesday, April 03, 2002 5:56 AM\n", "ann@example.org", 0);
	assert_int_equal(bnc_result_count(r), 1);
	assert_int_equal(bnc_verdict_timestamp(bnc_result_verdict(r, 0)), 1017813360);
	assert_non_null(strstr(bnc_verdict_field_source(bnc_result_verdict(r, 0), "timestamp"), "no date"));
	bnc_result_free(r);

	r = dsn("Date: Tue, 3 Apr 101 05:56:00 +0900\n", "ann@example.org", 0);
	assert_int_equal(bnc_result_count(r), 1);
	assert_int_equal(bnc_verdict_timestamp(bnc_result_verdict(r, 0)), 986244960);
	bnc_result_free(r);

	r = dsn("Date: Tue, 3 Apr 101 05:56:00 +0900\n", "ann@example.org", 1);
	assert_int_equal(bnc_result_count(r), 0);
	assert_non_null(bnc_result_claim(r));
	assert_non_null(strstr(bnc_result_claim(r), "RFC3464"));
	assert_int_equal(bnc_result_dropped_count(r), 1);
	assert_non_null(strstr(bnc_result_dropped(r, 0), "no date"));
	bnc_result_free(r);
}

/* No date at all: the Received: header's, else the file's time. */
static void test_date_fallbacks(void **s)
{
	(void)s;
	const char *recv = "Received: from a.example.net by mx.example.net; Thu, 06 Apr 2023 09:00:00 +0000\n";
	bnc_result *r = dsn(recv, "ann@example.org", 0);
	assert_int_equal(bnc_result_count(r), 1);
	assert_int_equal(bnc_verdict_timestamp(bnc_result_verdict(r, 0)), 1680771600);
	assert_non_null(strstr(bnc_verdict_field_source(bnc_result_verdict(r, 0), "timestamp"), "Received:"));
	bnc_result_free(r);

	/* the file's own time: a message written to a file of ours */
	char *dir = g_dir_make_tmp("bnc-date-XXXXXX", NULL);
	char *path = g_build_filename(dir, "m.eml", NULL);
	char *t = g_strdup_printf(DSN_HEAD("%s"), "", "ann@example.org");
	assert_true(g_file_set_contents(path, t, -1, NULL));
	bnc_options opt = {0, 0, 0};
	r = bnc_decode(t, strlen(t), path, &opt);
	assert_int_equal(bnc_result_count(r), 1);
	assert_non_null(strstr(bnc_verdict_field_source(bnc_result_verdict(r, 0), "timestamp"), "modification time"));
	assert_true(bnc_verdict_timestamp(bnc_result_verdict(r, 0)) > 1680771600);
	bnc_result_free(r);
	g_remove(path);
	g_rmdir(dir);
	g_free(t);
	g_free(path);
	g_free(dir);
}

/* john.b@b.c: a domain of three characters, refused by Sisimai's host test. */
static void test_short_domain(void **s)
{
	(void)s;
	const char *date = "Date: Thu, 06 Apr 2023 09:00:00 +0000\n";
	bnc_result *r = dsn(date, "john.b@b.c", 0);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "recipient"), "john.b@b.c");
	bnc_result_free(r);
	r = dsn(date, "john.b@b.c", 1);
	assert_int_equal(bnc_result_count(r), 0);
	assert_int_equal(bnc_result_dropped_count(r), 1);
	bnc_result_free(r);
	r = dsn(date, "sales#eu@example.org", 0);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(FIELD(r, 0, "recipient"), "sales#eu@example.org");
	bnc_result_free(r);
}

/* The guess never fires on ordinary mail that talks of failures. */
static void test_guess_refuses(void **s)
{
	(void)s;
	const char *plain = "From: Anne <anne@example.net>\nTo: sender@example.com\nSubject: hello\n"
	                    "Date: Thu, 06 Apr 2023 09:00:00 +0000\n\n"
	                    "My mail to carol@example.org could not be delivered: user unknown.\n";
	bnc_result *r = decode_text(plain, 0);
	assert_int_equal(bnc_result_count(r), 0);
	assert_null(bnc_result_claim(r));
	bnc_result_free(r);
	const char *vacation = "From: MAILER-DAEMON@example.net\nTo: sender@example.com\nSubject: Out of Office\n"
	                       "Date: Thu, 06 Apr 2023 09:00:00 +0000\n\n"
	                       "I am on vacation; mail to carol@example.org could not be delivered, user unknown.\n";
	r = decode_text(vacation, 0);
	for (size_t i = 0; i < bnc_result_count(r); i++)
		assert_false(bnc_verdict_guessed(bnc_result_verdict(r, i)));
	bnc_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extra_samples),  cmocka_unit_test(test_lenient_dates),
		cmocka_unit_test(test_date_fallbacks), cmocka_unit_test(test_short_domain),
		cmocka_unit_test(test_guess_refuses),
	};
	return cmocka_run_group_tests_name("decoders of formats Sisimai lacks, the guess, dates", tests, NULL, NULL);
}
