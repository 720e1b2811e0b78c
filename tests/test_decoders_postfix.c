/* test_decoders_postfix.c - the Postfix, OpenSMTPD and Courier decoders over
 * their samples (samples/cur/lhost-{postfix,opensmtpd,courier}-NN.eml), and
 * a message of another format that each of them must leave alone.
 * Run from the top of the source tree (as `make test` does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "bouncelens.h"

/* One expected verdict: NULL fields are not checked. */
struct want {
	const char *sample, *recipient, *decodedby, *reason, *status, *replycode, *hardbounce, *command, *action,
	    *alias;
	const char *diag_has;    /* a piece of the diagnostic text */
};

static const struct want wants[] = {
	{"samples/cur/lhost-postfix-01.eml", "nobody@example.net", "Postfix", "userunknown", "5.1.1", "550", "true",
	 "RCPT", "failed", "", "User unknown in virtual mailbox table"},
	{"samples/cur/lhost-postfix-02.eml", "full@example.net", "Postfix", "mailboxfull", "5.2.2", "552", "false",
	 "RCPT", "failed", NULL, "Mailbox full, quota exceeded"},
	/* Sisimai gives every record the first "(in reply to ...)" command */
	{"samples/cur/lhost-postfix-02.eml", "someone@nowhere.example.com", "Postfix", "hostunknown", "5.4.4", "",
	 "true", "RCPT", "failed", NULL, "Host or domain name not found"},
	/* no delivery-status part: the "<address>:" paragraph is all there is */
	{"samples/cur/lhost-postfix-03.eml", "buyer@example.org", "Postfix", "blocked", "5.7.1", "554", "false",
	 "RCPT", "failed", NULL, "blocked using bl.example.net"},
	/* an smtpd(8) notice to the postmaster: the In:/Out: transcript */
	{"samples/cur/lhost-postfix-04.eml", "ghost@example.com", "Postfix", "userunknown", "5.1.1", "550", "true",
	 "RCPT", "failed", NULL, "User unknown in local recipient table"},
	{"samples/cur/lhost-postfix-05.eml", "kim@example.com", "Postfix", "userunknown", "5.1.1", "", "true", "",
	 "failed", "info@example.com", "unknown user: \"kim\""},
	{"samples/cur/lhost-opensmtpd-01.eml", "nouser@example.net", "OpenSMTPD", "userunknown", "5.1.1", "550",
	 "true", "", "failed", NULL, "User unknown in local recipient table"},
	{"samples/cur/lhost-opensmtpd-01.eml", "quota@example.net", "OpenSMTPD", "mailboxfull", "5.2.2", "552",
	 "false", "", "failed", NULL, "Mailbox full"},
	/* one of OpenSMTPD's own strings, mapped to a reason by the decoder */
	{"samples/cur/lhost-opensmtpd-02.eml", "oncall@nxdomain.example.net", "OpenSMTPD", "hostunknown", NULL, "",
	 "true", "", "failed", NULL, "Domain does not exist"},
	{"samples/cur/lhost-courier-01.eml", "editor@example.net", "Courier", "userunknown", "5.1.1", "550", "true",
	 "RCPT", "failed", NULL, "User unknown"},
	{"samples/cur/lhost-courier-02.eml", "treasurer@gone.example.com", "Courier", "hostunknown", "5.0.0", "",
	 "true", "", "failed", NULL, "No such domain."},
};

static bnc_result *decode_file(const char *path)
{
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		fail_msg("%s: cannot read", path);
	bnc_result *r = bnc_decode(data, len, path, NULL);
	g_free(data);
	assert_non_null(r);
	return r;
}

static size_t count_in(const char *sample)
{
	size_t n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(wants); i++)
		n += !strcmp(wants[i].sample, sample);
	return n;
}

static void check_field(const bnc_verdict *v, const struct want *w, const char *field, const char *want)
{
	if (!want)
		return;
	const char *got = bnc_verdict_get(v, field);
	if (strcmp(got, want))
		fail_msg("%s <%s>: %s want '%s' got '%s'", w->sample, w->recipient, field, want, got);
}

static void test_samples(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(wants); i++) {
		const struct want *w = &wants[i];
		bnc_result *r = decode_file(w->sample);
		/* exactly the recipients listed, no more */
		assert_int_equal(bnc_result_count(r), count_in(w->sample));
		const bnc_verdict *v = NULL;
		for (size_t k = 0; k < bnc_result_count(r); k++)
			if (!strcmp(bnc_verdict_get(bnc_result_verdict(r, k), "recipient"), w->recipient))
				v = bnc_result_verdict(r, k);
		if (!v)
			fail_msg("%s: no verdict for <%s>", w->sample, w->recipient);
		check_field(v, w, "decodedby", w->decodedby);
		check_field(v, w, "reason", w->reason);
		check_field(v, w, "deliverystatus", w->status);
		check_field(v, w, "replycode", w->replycode);
		check_field(v, w, "hardbounce", w->hardbounce);
		check_field(v, w, "command", w->command);
		check_field(v, w, "action", w->action);
		check_field(v, w, "alias", w->alias);
		if (w->diag_has && !strstr(bnc_verdict_get(v, "diagnosticcode"), w->diag_has))
			fail_msg("%s <%s>: diagnosticcode lacks '%s': '%s'", w->sample, w->recipient, w->diag_has,
			         bnc_verdict_get(v, "diagnosticcode"));
		bnc_result_free(r);
	}
}

/* A decoder must not claim a message of another format. */
static void not_claimed_by(const char *path, const char *decoder)
{
	bnc_result *r = decode_file(path);
	for (size_t k = 0; k < bnc_result_count(r); k++)
		if (!strcmp(bnc_verdict_get(bnc_result_verdict(r, k), "decodedby"), decoder))
			fail_msg("%s: claimed by %s", path, decoder);
	bnc_result_free(r);
}

static void test_postfix_leaves_others(void **state)
{
	(void)state;
	/* "This is the mail system at host ..." but not Postfix's Subject */
	not_claimed_by("samples/cur/rfc3464-userunknown.eml", "Postfix");
	not_claimed_by("samples/cur/lhost-courier-01.eml", "Postfix");
}

static void test_opensmtpd_leaves_others(void **state)
{
	(void)state;
	not_claimed_by("samples/cur/lhost-postfix-01.eml", "OpenSMTPD");
	not_claimed_by("samples/cur/rfc3464-mailboxfull.eml", "OpenSMTPD");
}

static void test_courier_leaves_others(void **state)
{
	(void)state;
	not_claimed_by("samples/cur/lhost-opensmtpd-01.eml", "Courier");
	not_claimed_by("samples/cur/lhost-postfix-02.eml", "Courier");
}

/* Truncated and degenerate messages in each format yield nothing, and do
 * not crash. */
static void test_truncated(void **state)
{
	(void)state;
	static const char *const msgs[] = {
		"Subject: Undelivered Mail Returned to Sender\nFrom: MAILER-DAEMON@example.com\n\n"
		"                   The mail system\n\n<\n",
		"Subject: Postfix SMTP server: errors from unknown[192.0.2.1]\n\nTranscript of session follows.\n\n"
		" In:\n Out:\n",
		"Subject: Delivery status notification: error\nFrom: Mailer Daemon <MAILER-DAEMON@example.org>\n\n"
		"    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n@ :\n",
		"Subject: NOTICE: mail delivery status.\nMessage-ID: <courier.1@example.org>\n\n"
		"UNDELIVERABLE MAIL\n\nDiagnostic-Code:\n \n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(msgs); i++) {
		bnc_result *r = bnc_decode(msgs[i], strlen(msgs[i]), "junk.eml", NULL);
		assert_non_null(r);
		bnc_result_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_postfix_leaves_others),
		cmocka_unit_test(test_opensmtpd_leaves_others),
		cmocka_unit_test(test_courier_leaves_others),
		cmocka_unit_test(test_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
