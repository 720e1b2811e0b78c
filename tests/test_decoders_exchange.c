/* test_decoders_exchange.c - the decoders of the "exchange" set (Exchange
 * 2007/2003, Domino, Notes, IMail, m-FILTER, James, fml, Active!hunter,
 * MailFoundry, MailMarshal, InterScan MSS, X1, X2, X3, X6): each claims its
 * own sample with the right recipients and fields, and leaves a bounce of
 * another format alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "private.h"
#include "mime.h"
#include "registry.h"
#include "bouncelens.h"

struct want {
	const char *recipient, *reason, *status, *replycode, *command;
};

static const struct sample {
	const char *file, *decoder;
	struct want w[2];
} samples[] = {
	{"lhost-exchange2007-01.eml", "Exchange2007",
	 {{"bob.builder@corp.example.com", "userunknown", "5.1.1", "550", ""},
	  {"carol@corp.example.com", "emailtoolarge", "5.2.3", "550", ""}}},
	{"lhost-exchange2003-01.eml", "Exchange2003", {{"erin@example.net", "userunknown", "5.9.213", "", ""}}},
	{"lhost-x2-01.eml", "X2", {{"grace@example.net", "filtered", "5.9.210", "", ""}}},
	{"lhost-domino-01.eml", "Domino", {{"ivan.petrov@example.com", "userunknown", "5.0.0", "", ""}}},
	{"lhost-notes-01.eml", "Notes", {{"kenji@lotus.example.jp", "userunknown", "5.9.213", "", ""}}},
	{"lhost-imailserver-01.eml", "IMailServer", {{"mallory@example.com", "mailboxfull", "5.9.220", "", ""}}},
	{"lhost-mfilter-01.eml", "mFILTER", {{"oscar@example.jp", "userunknown", "5.1.1", "550", "RCPT"}}},
	/* Sisimai 5.2.0 reads the RCPT TO: value one character late; kept */
	{"lhost-apachejames-01.eml", "ApacheJames", {{"quentin@example.com", "userunknown", "5.1.1", "550", ""}}},
	{"lhost-fml-01.eml", "FML", {{"cats@example.org", "rejected", "5.9.110", "", ""}}},
	{"lhost-activehunter-01.eml", "Activehunter", {{"trent@example.com", "userunknown", "5.1.1", "550", ""}}},
	{"lhost-mailfoundry-01.eml", "MailFoundry", {{"victor@example.net", "filtered", "5.9.210", "550", ""}}},
	{"lhost-mailmarshal-01.eml", "MailMarshal", {{"xena@example.com", "userunknown", "5.1.1", "550", ""}}},
	{"lhost-trendmicro-01.eml", "TrendMicro", {{"zoe@example.co.jp", "userunknown", "5.1.1", "550", "RCPT"}}},
	{"lhost-x1-01.eml", "X1", {{"brian@example.co.jp", "filtered", "5.9.210", "", ""}}},
	{"lhost-x3-01.eml", "X3", {{"diana@example.com", "userunknown", "5.1.1", "550", "RCPT"}}},
	{"lhost-x6-01.eml", "X6", {{"fiona@example.net", "userunknown", "5.1.1", "550", "RCPT"}}},
};

static char *slurp(const char *file, size_t *len)
{
	char *path = g_strconcat("samples/cur/", file, NULL);
	char *data = NULL;
	gsize n = 0;
	if (!g_file_get_contents(path, &data, &n, NULL))
		fail_msg("cannot read %s", path);
	g_free(path);
	*len = n;
	return data;
}

static void test_claims_own_sample(void **state)
{
	const struct sample *s = *state;
	size_t len;
	char *data = slurp(s->file, &len);
	bnc_options opt = {0, 0, 0};
	bnc_result *r = bnc_decode(data, len, s->file, &opt);
	size_t want = s->w[1].recipient ? 2 : 1;
	assert_int_equal(bnc_result_count(r), want);
	for (size_t i = 0; i < want; i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		assert_string_equal(bnc_verdict_get(v, "decodedby"), s->decoder);
		assert_string_equal(bnc_verdict_get(v, "recipient"), s->w[i].recipient);
		assert_string_equal(bnc_verdict_get(v, "reason"), s->w[i].reason);
		assert_string_equal(bnc_verdict_get(v, "deliverystatus"), s->w[i].status);
		assert_string_equal(bnc_verdict_get(v, "replycode"), s->w[i].replycode);
		assert_string_equal(bnc_verdict_get(v, "command"), s->w[i].command);
	}
	bnc_result_free(r);
	g_free(data);
}

/* The decoder of sample i, given the sample of the next format in the
 * table (and a plain RFC 3464 bounce), must not claim it. */
static void test_leaves_other_format(void **state)
{
	const struct sample *s = *state;
	size_t i = (size_t)(s - samples);
	const struct sample *other = &samples[(i + 1) % G_N_ELEMENTS(samples)];
	const char *files[] = {other->file, "../cur/rfc3464-mailboxfull.eml"};
	const struct bnc_decoder *d = bnc_decoder_named(s->decoder);
	assert_non_null(d);
	for (size_t k = 0; k < G_N_ELEMENTS(files); k++) {
		size_t len;
		char *data = slurp(files[k], &len);
		struct bnc_msg m;
		char *err = NULL;
		assert_int_equal(bnc_mime_read(data, len, &m, &err), BNC_OK);
		struct bnc_rising out = {g_ptr_array_new_with_free_func((GDestroyNotify)bnc_rec_free), g_string_new(NULL), NULL, 0};
		int claimed = d->inquire(&m, &out);
		if (claimed)
			fail_msg("%s claimed %s", s->decoder, files[k]);
		assert_int_equal(out.recs->len, 0);
		g_ptr_array_free(out.recs, TRUE);
		g_string_free(out.rfc822, TRUE);
		bnc_msg_clear(&m);
		g_free(data);
	}
}

int main(void)
{
	struct CMUnitTest tests[2 * G_N_ELEMENTS(samples)];
	char *names[2 * G_N_ELEMENTS(samples)];
	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		names[2 * i] = g_strdup_printf("%s claims %s", samples[i].decoder, samples[i].file);
		names[2 * i + 1] = g_strdup_printf("%s leaves other formats alone", samples[i].decoder);
		tests[2 * i] = (struct CMUnitTest){names[2 * i], test_claims_own_sample, NULL, NULL, (void *)&samples[i]};
		tests[2 * i + 1] = (struct CMUnitTest){names[2 * i + 1], test_leaves_other_format, NULL, NULL, (void *)&samples[i]};
	}
	int rc = _cmocka_run_group_tests("decoders-exchange", tests, G_N_ELEMENTS(tests), NULL, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		g_free(names[i]);
	return rc;
}
