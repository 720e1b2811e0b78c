/* test_decoders_provider.c - the decoders of mail providers (Gmail, Google
 * Groups and Workspace, Amazon SES, GMX, Zoho, EZweb, KDDI, 1&1, Verizon,
 * BIGLOBE): each sample decodes to its verdict, and each decoder leaves a
 * message of another format alone.  Run from the repository's root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "bouncelens.h"
#include "mime.h"
#include "registry.h"

struct want {
	const char *sample, *decodedby, *recipient, *reason, *status, *replycode, *hardbounce, *command, *rhost;
};

static const struct want wants[] = {
	{"lhost-gmail-01", "Gmail", "nobody-here@example.net", "userunknown", "5.1.1", "550", "true", "RCPT", "mail-qk1-f200.google.com"},
	{"lhost-googlegroups-01", "GoogleGroups", "team-announce@example.net", "rejected", "5.9.110", "", "false", "", "mail-yw1-f199.google.com"},
	{"lhost-googleworkspace-01", "GoogleWorkspace", "no-such-person@example.net", "userunknown", "5.9.213", "", "true", "", NULL},
	{"lhost-amazonses-01", "AmazonSES", "gone@example.net", "userunknown", "5.1.1", "550", "true", "", NULL},
	{"lhost-amazonses-02", "AmazonSES", "reader@example.org", "feedback", "", "", "false", "", NULL},
	{"lhost-gmx-01", "GMX", "frank@example.net", "userunknown", "5.1.1", "550", "true", NULL, "mx1.example.net"},
	{"lhost-zoho-01", "Zoho", "heidi@example.net", "userunknown", "5.1.1", "550", "true", NULL, NULL},
	{"lhost-ezweb-01", "EZweb", "judy-mobile@ezweb.ne.jp", "suspend", "5.9.221", "550", "false", "RCPT", NULL},
	{"lhost-kddi-01", "KDDI", "laura@example.dion.ne.jp", "mailboxfull", "5.9.220", "", "false", "", NULL},
	{"lhost-einsundeins-01", "EinsUndEins", "niaj@example.net", "emailtoolarge", "5.9.161", "", "false", "", NULL},
	{"lhost-verizon-01", "Verizon", "2025550143@vtext.com", "userunknown", "5.9.213", "550", "true", "", NULL},
	{"lhost-biglobe-01", "Biglobe", "rupert@example.biglobe.ne.jp", "mailboxfull", "5.9.220", "", "false", "", NULL},
};

/* decoder, and a sample of another format it must not claim */
static const struct {
	const char *decoder, *sample;
} others[] = {
	{"Gmail", "lhost-googleworkspace-01"},   /* googlemail.com, but no "Delivery to the following recipient" */
	{"GoogleGroups", "lhost-gmail-01"},      /* no X-Failed-Recipients: */
	{"GoogleWorkspace", "lhost-googlegroups-01"}, /* has RFC 3464 fields */
	{"AmazonSES", "rfc3464-userunknown"},
	{"GMX", "lhost-einsundeins-01"},         /* same wording, no X-GMX-Antispam: */
	{"Zoho", "lhost-gmx-01"},
	{"EZweb", "lhost-kddi-01"},
	{"KDDI", "lhost-biglobe-01"},
	{"EinsUndEins", "lhost-gmx-01"},         /* Exim wording, not 1&1's From: */
	{"Verizon", "rfc3464-userunknown"},
	{"Biglobe", "lhost-kddi-01"},
};

static char *read_sample(const char *name, gsize *len)
{
	char *path = g_strconcat("samples/cur/", name, ".eml", NULL);
	char *data = NULL;
	if (!g_file_get_contents(path, &data, len, NULL))
		fail_msg("cannot read %s (run from the repository's root)", path);
	g_free(path);
	return data;
}

static void test_sample(void **state)
{
	const struct want *w = *state;
	gsize len;
	char *data = read_sample(w->sample, &len);
	bnc_result *r = bnc_decode(data, len, w->sample, NULL);
	const bnc_verdict *v = NULL;
	for (size_t i = 0; i < bnc_result_count(r); i++)
		if (!strcmp(bnc_verdict_get(bnc_result_verdict(r, i), "recipient"), w->recipient))
			v = bnc_result_verdict(r, i);
	if (!v)
		fail_msg("%s: no verdict for %s (%zu verdicts)", w->sample, w->recipient, bnc_result_count(r));
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(bnc_verdict_get(v, "decodedby"), w->decodedby);
	assert_string_equal(bnc_verdict_get(v, "reason"), w->reason);
	assert_string_equal(bnc_verdict_get(v, "deliverystatus"), w->status);
	assert_string_equal(bnc_verdict_get(v, "replycode"), w->replycode);
	assert_string_equal(bnc_verdict_get(v, "hardbounce"), w->hardbounce);
	if (w->command)
		assert_string_equal(bnc_verdict_get(v, "command"), w->command);
	if (w->rhost)
		assert_string_equal(bnc_verdict_get(v, "rhost"), w->rhost);
	/* the claim names the decoder */
	assert_true(g_str_has_prefix(bnc_verdict_claim(v), w->decodedby));
	bnc_result_free(r);
	g_free(data);
}

static void test_not_claimed(void **state)
{
	size_t i = (size_t)(uintptr_t)*state;
	const struct bnc_decoder *d = bnc_decoder_named(others[i].decoder);
	assert_non_null(d);
	gsize len;
	char *data = read_sample(others[i].sample, &len);
	struct bnc_msg m = {0};
	char *err = NULL;
	bnc_mime_init();
	assert_int_equal(bnc_mime_read(data, len, &m, &err), BNC_OK);
	struct bnc_rising out = {g_ptr_array_new(), g_string_new(NULL), NULL, 0};
	int claimed = d->inquire(&m, &out);
	if (claimed || out.recs->len)
		fail_msg("%s claimed %s", others[i].decoder, others[i].sample);
	g_ptr_array_free(out.recs, TRUE);
	g_string_free(out.rfc822, TRUE);
	bnc_msg_clear(&m);
	g_free(err);
	g_free(data);
}

/* An SES notification with a broken JSON body is not claimed, and an SNS
 * envelope with no "Message" member neither. */
static void test_amazonses_broken_json(void **state)
{
	(void)state;
	const char msg[] =
		"From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@example.com\n"
		"Subject: AWS Notification Message\nDate: Tue, 4 Jun 2024 03:21:08 +0000\n\n"
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\"x@example.net\"}\n"
		"\n--\nunsubscribe here\n";
	bnc_result *r = bnc_decode(msg, strlen(msg), "broken.eml", NULL);
	for (size_t i = 0; i < bnc_result_count(r); i++)
		assert_string_not_equal(bnc_verdict_get(bnc_result_verdict(r, i), "decodedby"), "AmazonSES");
	bnc_result_free(r);
}

/* a named test with a state: cmocka_unit_test_prestate() names them all alike */
#define NAMED(name, f, st) {name, f, NULL, NULL, (void *)(st)}

int main(void)
{
	const struct CMUnitTest tests[] = {
		NAMED("lhost-gmail-01", test_sample, &wants[0]),
		NAMED("lhost-googlegroups-01", test_sample, &wants[1]),
		NAMED("lhost-googleworkspace-01", test_sample, &wants[2]),
		NAMED("lhost-amazonses-01", test_sample, &wants[3]),
		NAMED("lhost-amazonses-02", test_sample, &wants[4]),
		NAMED("lhost-gmx-01", test_sample, &wants[5]),
		NAMED("lhost-zoho-01", test_sample, &wants[6]),
		NAMED("lhost-ezweb-01", test_sample, &wants[7]),
		NAMED("lhost-kddi-01", test_sample, &wants[8]),
		NAMED("lhost-einsundeins-01", test_sample, &wants[9]),
		NAMED("lhost-verizon-01", test_sample, &wants[10]),
		NAMED("lhost-biglobe-01", test_sample, &wants[11]),
		NAMED("not-Gmail", test_not_claimed, (uintptr_t)0),
		NAMED("not-GoogleGroups", test_not_claimed, (uintptr_t)1),
		NAMED("not-GoogleWorkspace", test_not_claimed, (uintptr_t)2),
		NAMED("not-AmazonSES", test_not_claimed, (uintptr_t)3),
		NAMED("not-GMX", test_not_claimed, (uintptr_t)4),
		NAMED("not-Zoho", test_not_claimed, (uintptr_t)5),
		NAMED("not-EZweb", test_not_claimed, (uintptr_t)6),
		NAMED("not-KDDI", test_not_claimed, (uintptr_t)7),
		NAMED("not-EinsUndEins", test_not_claimed, (uintptr_t)8),
		NAMED("not-Verizon", test_not_claimed, (uintptr_t)9),
		NAMED("not-Biglobe", test_not_claimed, (uintptr_t)10),
		cmocka_unit_test(test_amazonses_broken_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
