/* trendmicro.c - Trend Micro InterScan Messaging Security Suite bounces
 * (decodedby TrendMicro, InterScanMSS before Sisimai 5.5.0):
 * "Sent <<< RCPT TO:<addr>" / "Received >>> 550 ..." transcript lines, or
 * "Unable to deliver message to <addr>".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "rfc1894.h"
#include "hosts.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
static const char *const subjects[] = {
	"Mail could not be delivered", "メッセージを配信できません。", "メール配信に失敗しました",
};

static const char *last_of(const char *s, char c)
{
	return strrchr(s, c);
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "from"), "\"InterScan") &&
	    !bnc_contains_any(bnc_hdr(m, "subject"), subjects, G_N_ELEMENTS(subjects)))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	int recipients = 0;

	for (size_t i = 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		const char *sent = strstr(e, " <<< "), *recv = strstr(e, " >>> ");
		long p1 = sent ? sent - e : -1, p2 = recv ? recv - e : -1;
		const char *at = strchr(e, '@'), *lt = strstr(e, " <");
		if (at && at - e > 1 && lt && lt - e > 1 && (p1 > 1 || p2 > 1 || strstr(e, "Unable to deliver "))) {
			/* a line naming the recipient in angle brackets */
			const char *p3 = last_of(e, '<'), *p4 = last_of(e, '>');
			if (!p4 || p4 < p3)
				continue;
			char *in = g_strndup(p3, (gsize)(p4 - p3 + 1));
			char *cr = bnc_address_find(in);
			g_free(in);
			if (!cr || !bnc_is_address(cr)) {
				g_free(cr);
				continue;
			}
			if (v->f[RF_RECIPIENT] && !strstr(cr, v->f[RF_RECIPIENT]))
				v = bnc_sheet_add(&rd.sh);
			if (strstr(e, "Unable to deliver "))
				bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the 'Unable to deliver message to <address>' line");
			char *a = bnc_address_s3s4(cr);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the address in angle brackets of the transcript");
			g_free(a);
			g_free(cr);
			recipients = (int)bnc_sheet_len(&rd.sh);
		}
		char cmd[16] = "";
		if (bnc_has_prefix(e, "Sent <<< ")) {
			bnc_command_find(e, cmd);
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the 'Sent <<<' line of the transcript");
		} else if (bnc_has_prefix(e, "Received >>> ")) {
			bnc_rec_set(v, RF_DIAGNOSIS, strstr(e, " >>> ") + 4, -1, "the 'Received >>>' line of the transcript");
		} else if (p1 > 0 || p2 > 0) {
			/* the same transcript with words of another language */
			if (recv) {
				bnc_command_find(e, cmd);
				bnc_rec_set(v, RF_COMMAND, cmd, -1, "the '>>>' line of the transcript");
			}
			if (sent)
				bnc_rec_set(v, RF_DIAGNOSIS, sent + 4, -1, "the '<<<' line of the transcript");
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_rec_get(r, RF_DIAGNOSIS));
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the transcript of the InterScan report");
		if (strstr(s, "Unable to deliver"))
			bnc_rec_set(r, RF_REASON, "userunknown", -1, "InterScan's 'Unable to deliver message to <address>'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"From: \"InterScan ...\" or an InterScan Subject: (Mail could not be delivered)");
	return ok;
}

const struct bnc_decoder bnc_decoder_trendmicro = {"TrendMicro", inquire, NULL};
