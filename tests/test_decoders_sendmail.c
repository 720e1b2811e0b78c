/* test_decoders_sendmail.c - the Sendmail, V5sendmail and DragonFly decoders
 * on the samples of samples/cur, and one message each must leave alone. */
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

/* the one verdict of a sample, with the fields a postmaster looks at */
struct want {
	const char *recipient, *reason, *status, *reply, *hard, *decodedby, *command, *rhost;
};

static void check_one(const char *path, const struct want *w)
{
	bnc_result *r = decode_file(path);
	assert_int_equal(bnc_result_count(r), 1);
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	assert_string_equal(bnc_verdict_get(v, "decodedby"), w->decodedby);
	assert_string_equal(bnc_verdict_get(v, "recipient"), w->recipient);
	assert_string_equal(bnc_verdict_get(v, "reason"), w->reason);
	assert_string_equal(bnc_verdict_get(v, "deliverystatus"), w->status);
	assert_string_equal(bnc_verdict_get(v, "replycode"), w->reply);
	assert_string_equal(bnc_verdict_get(v, "hardbounce"), w->hard);
	assert_string_equal(bnc_verdict_get(v, "command"), w->command);
	assert_string_equal(bnc_verdict_get(v, "rhost"), w->rhost);
	bnc_result_free(r);
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

/* ---- Sendmail ------------------------------------------------------------ */

static void test_sendmail_userunknown(void **s)
{
	(void)s;
	const struct want w = {"m.tanaka@example.net", "userunknown", "5.1.1", "550", "true", "Sendmail", "RCPT",
	                       "mx2.example.net"};
	check_one("samples/cur/lhost-sendmail-01.eml", &w);
	/* the server's reply from the transcript leads the diagnosis */
	bnc_result *r = decode_file("samples/cur/lhost-sendmail-01.eml");
	const char *d = bnc_verdict_get(bnc_result_verdict(r, 0), "diagnosticcode");
	assert_true(g_str_has_prefix(d, "550 5.1.1 <m.tanaka@example.net>... No such user here"));
	bnc_result_free(r);
}

static void test_sendmail_mailboxfull(void **s)
{
	(void)s;
	const struct want w = {"sales@example.net", "mailboxfull", "5.2.2", "552", "false", "Sendmail", "DATA",
	                       "mx.example.net"};
	check_one("samples/cur/lhost-sendmail-02.eml", &w);
}

static void test_sendmail_warning(void **s)
{
	(void)s;
	const struct want w = {"accounts@example.org", "expired", "4.4.1", "", "false", "Sendmail", "",
	                       "mx.example.org"};
	check_one("samples/cur/lhost-sendmail-03.eml", &w);
	bnc_result *r = decode_file("samples/cur/lhost-sendmail-03.eml");
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	assert_string_equal(bnc_verdict_get(v, "action"), "delayed");
	/* no Diagnostic-Code: the transcript's "<addr>... Deferred" line stands in */
	assert_non_null(strstr(bnc_verdict_get(v, "diagnosticcode"), "Deferred: Connection timed out"));
	bnc_result_free(r);
}

/* A Postfix bounce: no sendmail Subject, no transcript. */
static const char postfix_bounce[] =
	"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
	"To: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n"
	"Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"PF\"\n\n"
	"--PF\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.org.\n\n"
	"<gone@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1 User unknown\n"
	"--PF\nContent-Type: message/delivery-status\n\n"
	"Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; gone@example.net\n"
	"Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"
	"--PF\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.org\nTo: gone@example.net\n"
	"Subject: hi\nDate: Tue, 02 Jan 2024 09:59:00 +0000\n--PF--\n";

static void test_sendmail_leaves_postfix(void **s)
{
	(void)s;
	assert_string_not_equal(decoded_by_first(postfix_bounce), "Sendmail");
}

/* ---- V5sendmail ---------------------------------------------------------- */

static void test_v5sendmail_userunknown(void **s)
{
	(void)s;
	const struct want w = {"taro@example.net", "userunknown", "5.9.213", "550", "true", "V5sendmail", "RCPT",
	                       "mail.example.net"};
	check_one("samples/cur/lhost-v5sendmail-01.eml", &w);
}

/* Two recipients and an error line before any "While talking to". */
static const char v5_two[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@hub.example.com>\n"
	"To: hanako@example.com\nSubject: Returned mail: User unknown\n"
	"Date: Wed, 14 Jun 1995 09:12:44 +0900\n\n"
	"   ----- Transcript of session follows -----\n"
	"While talking to mail.example.net:\n"
	">>> RCPT To:<taro@example.net>\n"
	"<<< 550 <taro@example.net>... User unknown\n"
	"550 <taro@example.net>... User unknown\n"
	">>> RCPT To:<jiro@example.net>\n"
	"<<< 550 <jiro@example.net>... User unknown\n"
	"550 <jiro@example.net>... User unknown\n\n"
	"   ----- Unsent message follows -----\n"
	"Received: by ws1.example.com (5.67/1.37) id AA1; Wed, 14 Jun 1995 09:12:40 +0900\n"
	"From: hanako@example.com\nTo: taro@example.net, jiro@example.net\nSubject: notes\n\nbody\n";

static void test_v5sendmail_two(void **s)
{
	(void)s;
	bnc_result *r = decode_text(v5_two);
	assert_int_equal(bnc_result_count(r), 2);
	for (size_t i = 0; i < 2; i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		assert_string_equal(bnc_verdict_get(v, "decodedby"), "V5sendmail");
		assert_string_equal(bnc_verdict_get(v, "reason"), "userunknown");
		assert_string_equal(bnc_verdict_get(v, "command"), "RCPT");
	}
	assert_string_equal(bnc_verdict_get(bnc_result_verdict(r, 0), "recipient"), "taro@example.net");
	assert_string_equal(bnc_verdict_get(bnc_result_verdict(r, 1), "recipient"), "jiro@example.net");
	bnc_result_free(r);
}

/* No "While talking to": each "<addr>..." error line names a recipient of its
 * own (an address named twice, once), every one with the whole transcript. */
static void test_v5sendmail_error_lines(void **s)
{
	(void)s;
	bnc_result *r = decode_file("samples/cur/lhost-v5sendmail-02.eml");
	assert_int_equal(bnc_result_count(r), 2);
	const char *want[] = {"lee@nohost.example.com", "mei@gone.example.edu"};
	for (size_t i = 0; i < 2; i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		assert_string_equal(bnc_verdict_get(v, "recipient"), want[i]);
		assert_string_equal(bnc_verdict_get(v, "reason"), "hostunknown");
		assert_string_equal(bnc_verdict_get(v, "replycode"), "550");
		assert_true(g_str_has_prefix(bnc_verdict_get(v, "diagnosticcode"), "550 nohost.example.com (smtp)..."));
		assert_non_null(strstr(bnc_verdict_get(v, "diagnosticcode"), "<mei@gone.example.edu>... 550 Host unknown"));
	}
	bnc_result_free(r);

	static const char twice[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@hub.example.com>\n"
		"To: hanako@example.com\nSubject: Returned mail: User unknown\n"
		"Date: Wed, 14 Jun 1995 09:12:44 +0900\n\n"
		"   ----- Transcript of session follows -----\n"
		"550 <taro@example.net>... User unknown\n"
		"550 <taro@example.net>... User unknown\n\n"
		"   ----- Unsent message follows -----\n"
		"From: hanako@example.com\nTo: taro@example.net\nSubject: notes\n\nbody\n";
	r = decode_text(twice);
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(bnc_verdict_get(bnc_result_verdict(r, 0), "recipient"), "taro@example.net");
	bnc_result_free(r);
}

/* "Returned mail:" but no "Unsent message follows": not V5sendmail's. */
static const char not_v5[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@hub.example.com>\n"
	"To: hanako@example.com\nSubject: Returned mail: see the note\n"
	"Date: Wed, 14 Jun 1995 09:12:44 +0900\n\n"
	"Your message to taro@example.net could not be delivered; please try later.\n";

static void test_v5sendmail_needs_unsent_message(void **s)
{
	(void)s;
	assert_string_not_equal(decoded_by_first(not_v5), "V5sendmail");
}

/* ---- DragonFly ----------------------------------------------------------- */

static void test_dragonfly_mailboxfull(void **s)
{
	(void)s;
	const struct want w = {"orders@example.net", "mailboxfull", "5.2.2", "552", "false", "DragonFly", "RCPT",
	                       "mx1.example.net"};
	check_one("samples/cur/lhost-dragonfly-01.eml", &w);
}

static void test_dragonfly_hostunknown(void **s)
{
	(void)s;
	/* the reason comes from dma's own "DNS lookup failure" message */
	const struct want w = {"bob@nonexistent.example.com", "hostunknown", "5.9.212", "", "true", "DragonFly", "",
	                       "nonexistent.example.com"};
	check_one("samples/cur/lhost-dragonfly-02.eml", &w);
}

/* Exim's "Mail delivery failed" Subject without dma's Received: header. */
static const char exim_bounce[] =
	"Received: from Debian-exim by mx.example.org with local (Exim 4.96)\n"
	"\tid 1rAbCd-000123-Xy; Tue, 02 Jan 2024 10:00:00 +0000\n"
	"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
	"To: sender@example.org\nSubject: Mail delivery failed: returning message to sender\n"
	"Date: Tue, 02 Jan 2024 10:00:00 +0000\n\n"
	"This message was created automatically by mail delivery software.\n\n"
	"A message that you sent could not be delivered to one or more of its\n"
	"recipients. This is a permanent error. The following address(es) failed:\n\n"
	"  gone@example.net\n    host mx.example.net [192.0.2.8]\n"
	"    SMTP error from remote mail server after RCPT TO:<gone@example.net>:\n"
	"    550 5.1.1 User unknown\n\n"
	"------ This is a copy of the message, including all the headers. ------\n\n"
	"From: sender@example.org\nTo: gone@example.net\nSubject: hi\n"
	"Date: Tue, 02 Jan 2024 09:59:00 +0000\n\nhello\n";

static void test_dragonfly_leaves_exim(void **s)
{
	(void)s;
	assert_string_not_equal(decoded_by_first(exim_bounce), "DragonFly");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sendmail_userunknown),
		cmocka_unit_test(test_sendmail_mailboxfull),
		cmocka_unit_test(test_sendmail_warning),
		cmocka_unit_test(test_sendmail_leaves_postfix),
		cmocka_unit_test(test_v5sendmail_userunknown),
		cmocka_unit_test(test_v5sendmail_two),
		cmocka_unit_test(test_v5sendmail_error_lines),
		cmocka_unit_test(test_v5sendmail_needs_unsent_message),
		cmocka_unit_test(test_dragonfly_mailboxfull),
		cmocka_unit_test(test_dragonfly_hostunknown),
		cmocka_unit_test(test_dragonfly_leaves_exim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
