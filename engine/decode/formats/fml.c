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
static const struct bnc_entry messages_entries[] = {
	BNC_T(rejected, " header may cause mail loop")
	BNC_T(rejected, "NOT MEMBER article from ")
	BNC_T(rejected, "reject mail from ")
	BNC_T(rejected, "reject spammers:")
	BNC_T(rejected, "You are not a member of this mailing list")
	BNC_T(systemerror, " has detected a loop condition so that")
	BNC_T(notcompliantrfc, "Duplicated Message-ID")   /* systemerror until Sisimai 5.5.0 */
	BNC_T(systemerror, "Loop Back Warning:")
	BNC_T(securityerror, "Security alert:")
};
static const struct bnc_table messages = BNC_TABLE("fml", "fml's error messages", messages_entries);
/* the Subject: of the notice and the reason it means */
static const struct bnc_entry titles_entries[] = {
	BNC_T(rejected, " are not member")
	BNC_T(rejected, "NOT MEMBER article from ")
	BNC_T(rejected, "reject mail ")
	BNC_T(rejected, "Spam mail from a spammer is rejected")
	BNC_T(systemerror, "fml system error message")
	BNC_T(systemerror, "Loop Alert: ")
	BNC_T(systemerror, "Loop Back Warning: ")
	BNC_T(systemerror, "WARNING: UNIX FROM Loop")
	BNC_T(securityerror, "Security Alert")
};
static const struct bnc_table titles = BNC_TABLE("fml-subjects", "the Subject: lines of fml's notices", titles_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-mlserver"))
		return 0;
	const char *from = bnc_hdr(m, "from"), *mid = bnc_hdr(m, "message-id");
	const char *adm = strstr(from, "-admin@"), *fml = strstr(mid, ".FML");
	if (!adm || adm == from || !fml || fml - mid < 2)
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		char *cv = bnc_select(e, "<", ">");
		if (*cv) {
			/* "You are not a member of this mailing list <ml@example.org>." */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the address in angle brackets on the error line");
			g_string_assign(d, e);
			recipients++;
		} else {
			g_string_append(d, e); /* joined without a space, as Sisimai does */
		}
		g_free(cv);
	}

	const char *subject = bnc_hdr(m, "subject");
	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the error line of the fml notice");
		if (!r->f[RF_REASON] && !bnc_rec_reason_from(r, &messages, s, "fml's error message") && *subject)
			bnc_rec_reason_from(r, &titles, subject, "the Subject: of the fml notice");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"X-MLServer:, a '-admin@' sender and an fml Message-Id");
	return ok;
}

const struct bnc_decoder bnc_decoder_fml = {"FML", inquire, (const struct bnc_table *const[]){&messages, &titles, NULL}};
