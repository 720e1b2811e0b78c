/* test_smtpcode.c - status and reply codes, commands, hard/soft, hosts,
 * dates and the token. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "private.h"
#include "smtpcode.h"
#include "hosts.h"
#include "date.h"
#include "fact.h"
#include "received.h"

static void test_status_find(void **s)
{
	(void)s;
	char out[16];
	assert_true(bnc_status_find("550 5.1.1 <a@example.net>... User unknown", NULL, out));
	assert_string_equal(out, "5.1.1");
	assert_true(bnc_status_find("452 4.2.2 Mailbox full (#4.2.2)", NULL, out));
	assert_string_equal(out, "4.2.2");
	/* an IP address is not a status code */
	assert_false(bnc_status_find("connect to 192.0.2.1 failed", NULL, out));
	assert_false(bnc_status_find("version 5.1.12.4 of the server", NULL, out));
	assert_true(bnc_status_find("550 5.7.509 Access denied", NULL, out));
	assert_string_equal(out, "5.7.509");
}

static void test_status_name_and_code(void **s)
{
	(void)s;
	struct bnc_hit hit = {0};
	assert_int_equal(bnc_status_name("5.1.1", &hit), BNC_R_userunknown);
	assert_ptr_equal(hit.table, &bnc_status_table);
	assert_int_equal(bnc_status_name("4.2.2", NULL), BNC_R_mailboxfull);
	assert_int_equal(bnc_status_name("4.4.1", NULL), BNC_R_expired);
	/* temporary codes with a row of their own (Sisimai 5.6 and later) */
	assert_int_equal(bnc_status_name("4.2.1", NULL), BNC_R_suspend);
	assert_int_equal(bnc_status_name("5.2.1", NULL), BNC_R_filtered);
	assert_int_equal(bnc_status_name("4.4.2", NULL), BNC_R_networkerror);
	assert_int_equal(bnc_status_name("4.4.4", NULL), BNC_R_networkerror);
	assert_int_equal(bnc_status_name("5.4.4", NULL), BNC_R_hostunknown);
	assert_int_equal(bnc_status_name("4.4.8", NULL), BNC_R_networkerror);
	assert_int_equal(bnc_status_name("4.5.3", NULL), BNC_R_ratelimited);
	assert_int_equal(bnc_status_name("4.7.2", NULL), BNC_R_rejected);
	assert_int_equal(bnc_status_name("5.7.2", NULL), BNC_R_securityerror);
	/* the lookup is exact, as Sisimai's: a 4.y.z without a row of its own
	 * names nothing, whatever its 5.y.z names */
	assert_int_equal(bnc_status_name("4.1.1", NULL), -1);
	assert_int_equal(bnc_status_name("4.7.3", NULL), -1);
	/* rows of Sisimai's own that differ from their 5.y.z */
	assert_int_equal(bnc_status_name("4.7.1", NULL), BNC_R_blocked);
	assert_int_equal(bnc_status_name("5.7.1", NULL), BNC_R_securityerror);
	assert_int_equal(bnc_status_name("5.7.28", NULL), BNC_R_spamdetected);
	assert_int_equal(bnc_status_name("5.7.17", NULL), BNC_R_hasmoved);
	assert_int_equal(bnc_status_name("5.5.2", NULL), BNC_R_systemerror);
	assert_int_equal(bnc_status_name("5.5.6", NULL), BNC_R_syntaxerror);
	/* the 5.6.0 re-assignments */
	assert_int_equal(bnc_status_name("4.2.4", NULL), BNC_R_systemerror);
	assert_int_equal(bnc_status_name("5.2.4", NULL), BNC_R_systemerror);
	assert_int_equal(bnc_status_name("5.6.7", NULL), BNC_R_rejected);
	assert_int_equal(bnc_status_name("5.7.19", NULL), BNC_R_systemerror);
	assert_int_equal(bnc_status_name("4.2.3", NULL), BNC_R_emailtoolarge);
	assert_int_equal(bnc_status_name("5.3.4", NULL), BNC_R_emailtoolarge);
	assert_int_equal(bnc_status_name("4.7.16", NULL), BNC_R_emailtoolarge);
	assert_int_equal(bnc_status_name("5.7.16", NULL), BNC_R_emailtoolarge);
	assert_int_equal(bnc_status_name("5.0.0", NULL), -1);
	assert_int_equal(bnc_status_name("", NULL), -1);
	char code[16];
	bnc_status_code(BNC_R_userunknown, 0, code);
	assert_string_equal(code, "5.9.213");
	bnc_status_code(BNC_R_expired, 1, code);
	assert_string_equal(code, "4.9.340");
	/* never temporary in Sisimai: no temporary code */
	bnc_status_code(BNC_R_userunknown, 1, code);
	assert_string_equal(code, "");
	bnc_status_code(BNC_R_policyviolation, 0, code);
	assert_string_equal(code, "5.9.371");
	bnc_status_code(BNC_R_feedback, 0, code);
	assert_string_equal(code, "");
}

static void test_prefer(void **s)
{
	(void)s;
	assert_string_equal(bnc_status_prefer("5.0.0", "5.1.1", "550"), "5.1.1");
	/* 5.1.1 yields to a more specific code unless that one is x.y.0 or 5.5.x */
	assert_string_equal(bnc_status_prefer("5.1.1", "5.2.2", "550"), "5.2.2");
	assert_string_equal(bnc_status_prefer("5.1.1", "5.1.0", "550"), "5.1.1");
	/* 4.4.7 is vague */
	assert_string_equal(bnc_status_prefer("4.4.7", "4.4.2", "421"), "4.4.2");
	/* the reply code's class decides between classes */
	assert_string_equal(bnc_status_prefer("5.0.0", "4.2.2", "452"), "4.2.2");
	assert_string_equal(bnc_status_prefer("", "4.4.7", ""), "4.4.7");
	assert_string_equal(bnc_status_prefer("5.2.2", "", ""), "5.2.2");
}

static void test_reply(void **s)
{
	(void)s;
	char out[4];
	assert_true(bnc_reply_find("host mx said: 550 5.1.1 unknown", NULL, out));
	assert_string_equal(out, "550");
	assert_true(bnc_reply_find("421-4.7.0 try later", NULL, out));
	assert_string_equal(out, "421");
	/* of the status's class only */
	assert_false(bnc_reply_find("550 but status 4", "4", out));
	assert_false(bnc_reply_find("port 25 and 999 and 1550", NULL, out));
	assert_true(bnc_reply_test("554"));
	assert_false(bnc_reply_test("599"));
	assert_false(bnc_reply_test("55"));
	char rc[4];
	/* Sisimai's order: 550 is tried before 421, wherever each stands */
	assert_true(bnc_reply_find("421 busy, then 550 no such user", NULL, rc));
	assert_string_equal(rc, "550");
	/* touched by a dot or a digit it is not a code; a hash is fine */
	assert_false(bnc_reply_find("version 1.550.2 and 5500", NULL, rc));
	assert_true(bnc_reply_find("#550 5.1.1 unknown", NULL, rc));
	/* no reply code in an X-Unix text */
	assert_false(bnc_reply_find("X-Unix; 550 from a pipe", NULL, rc));
	char st[16];
	/* the vague x.0.0 gives way to a telling code later in the text */
	assert_true(bnc_status_find("5.0.0 rejected: 5.1.1 user unknown", NULL, st));
	assert_string_equal(st, "5.1.1");
}

static void test_command(void **s)
{
	(void)s;
	char out[16];
	assert_true(bnc_command_find("said: 550 unknown (in reply to RCPT TO command)", out));
	assert_string_equal(out, "RCPT");
	/* Sisimai names only commands written as such: "end of data" is not one */
	assert_false(bnc_command_find("SMTP error from remote mail server after end of data: 554", out));
	/* the last in the list's order wins, not the last in the text */
	assert_true(bnc_command_find("DATA refused after RCPT TO:<a@example.org>", out));
	assert_string_equal(out, "DATA");
	assert_true(bnc_command_find("MAIL From:<a@example.org> ok; RCPT To:<b@example.org> refused", out));
	assert_string_equal(out, "RCPT");
	assert_false(bnc_command_find("mailbox full", out));
	assert_true(bnc_command_test("EHLO"));
	assert_false(bnc_command_test("rcpt"));
}

static void test_hard(void **s)
{
	(void)s;
	assert_true(bnc_is_hard_bounce(BNC_R_userunknown, "5.1.1 user unknown"));
	assert_false(bnc_is_hard_bounce(BNC_R_mailboxfull, "5.2.2 full"));
	assert_true(bnc_is_hard_bounce(BNC_R_notaccept, "5.1.10 null mx"));
	assert_false(bnc_is_hard_bounce(BNC_R_notaccept, "4.0.0 try later"));
	assert_false(bnc_is_hard_bounce(BNC_R_onhold, "5.0.0"));
	assert_true(bnc_is_permanent("550 denied"));
	assert_true(bnc_is_temporary("451 4.3.0 later"));
}

static void test_hosts(void **s)
{
	(void)s;
	assert_true(bnc_rfc1123_is_host("mx1.example.net"));
	assert_true(bnc_rfc1123_is_host("localhost"));   /* as Sisimai has it */
	assert_false(bnc_rfc1123_is_host("192.0.2.1"));
	assert_false(bnc_rfc1123_is_host("mx--1.example.net"));
	assert_true(bnc_rfc1123_is_host("xn--bcher-kva.example"));
	assert_true(bnc_is_ipv4("192.0.2.1"));
	assert_false(bnc_is_ipv4("192.0.2.256"));
	char *h = bnc_rfc1123_find("host mx.example.org[192.0.2.9] said: 550 no");
	assert_non_null(h);
	assert_string_equal(h, "mx.example.org");
	g_free(h);
	char *rv[6];
	bnc_received_parse("from localhost (relay.example.org [192.0.2.2]) by mx.example.net (Postfix) with ESMTP id 1A2B for <u@example.net>; Tue, 02 Jan 2024 10:00:00 +0900", rv);
	assert_string_equal(rv[0], "relay.example.org");
	assert_string_equal(rv[1], "mx.example.net");
	assert_string_equal(rv[5], "u@example.net");
	for (int i = 0; i < 6; i++)
		g_free(rv[i]);
}

static void test_date(void **s)
{
	(void)s;
	gint64 t;
	char tz[6];
	assert_true(bnc_mail_date("Tue, 02 Jan 2024 10:00:00 +0900", &t, tz));
	assert_int_equal(t, 1704157200);
	assert_string_equal(tz, "+0900");
	assert_true(bnc_mail_date("2 Jan 2024 01:00:00 GMT", &t, tz));
	assert_int_equal(t, 1704157200);
	assert_string_equal(tz, "+0000");
	/* a zone name Go does not know counts as UTC, as in Sisimai's Go edition */
	assert_true(bnc_mail_date("Mon, 01 Jan 2024 20:00 EST", &t, tz));
	assert_string_equal(tz, "+0000");
	assert_false(bnc_mail_date("yesterday", &t, tz));
}

static void test_token(void **s)
{
	(void)s;
	char *tok = bnc_token("sender@example.com", "recipient@example.net", 1704157200);
	assert_string_equal(tok, "bb0079ad1607e4b915be98f2c04d7fa774bfd269");
	g_free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_find), cmocka_unit_test(test_status_name_and_code),
		cmocka_unit_test(test_prefer), cmocka_unit_test(test_reply), cmocka_unit_test(test_command),
		cmocka_unit_test(test_hard), cmocka_unit_test(test_hosts), cmocka_unit_test(test_date),
		cmocka_unit_test(test_token),
	};
	return cmocka_run_group_tests_name("smtpcode", tests, NULL, NULL);
}
