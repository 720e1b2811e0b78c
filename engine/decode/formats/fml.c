/* fml.c - error notices of the fml mailing-list manager: an address in
 * angle brackets on the error line, the original after "Original mail as
 * follows:"; the error text or the Subject: names the reason.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Original mail as follows:"};
/* the error text and the reason it means */
static const struct {
	const char *text, *reason;
} messages[] = {
	{" header may cause mail loop", "rejected"},
	{"NOT MEMBER article from ", "rejected"},
	{"reject mail from ", "rejected"},
	{"reject spammers:", "rejected"},
	{"You are not a member of this mailing list", "rejected"},
	{" has detected a loop condition so that", "systemerror"},
	{"Duplicated Message-ID", "systemerror"},
	{"Loop Back Warning:", "systemerror"},
	{"Security alert:", "securityerror"},
};
/* the Subject: of the notice and the reason it means */
static const struct {
	const char *text, *reason;
} titles[] = {
	{" are not member", "rejected"},
	{"NOT MEMBER article from ", "rejected"},
	{"reject mail ", "rejected"},
	{"Spam mail from a spammer is rejected", "rejected"},
	{"fml system error message", "systemerror"},
	{"Loop Alert: ", "systemerror"},
	{"Loop Back Warning: ", "systemerror"},
	{"WARNING: UNIX FROM Loop", "systemerror"},
	{"Security Alert", "securityerror"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-mlserver"))
		return 0;
	const char *from = bnc_hdr(m, "from"), *mid = bnc_hdr(m, "message-id");
	const char *adm = strstr(from, "-admin@"), *fml = strstr(mid, ".FML");
	if (!adm || adm == from || !fml || fml - mid < 2)
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh);
	int recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!*e)
			continue;
		char *cv = bnc_select(e, "<", ">");
		if (*cv) {
			/* "You are not a member of this mailing list <ml@example.org>." */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&sh);
				d = bnc_sheet_last_diag(&sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the address in angle brackets on the error line");
			g_string_assign(d, e);
			recipients++;
		} else {
			g_string_append(d, e); /* joined without a space, as Sisimai does */
		}
		g_free(cv);
	}
	g_strfreev(lines);

	const char *subject = bnc_hdr(m, "subject");
	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the error line of the fml notice");
		for (size_t k = 0; k < G_N_ELEMENTS(messages) && !r->f[RF_REASON]; k++)
			if (strstr(s, messages[k].text))
				bnc_rec_set(r, RF_REASON, messages[k].reason, -1, "fml's error message");
		for (size_t k = 0; k < G_N_ELEMENTS(titles) && !r->f[RF_REASON]; k++)
			if (*subject && strstr(subject, titles[k].text))
				bnc_rec_set(r, RF_REASON, titles[k].reason, -1, "the Subject: of the fml notice");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_sheet_close(&sh, ok, out, orig,
	                "X-MLServer:, a '-admin@' sender and an fml Message-Id");
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_fml = {"FML", inquire, NULL};
