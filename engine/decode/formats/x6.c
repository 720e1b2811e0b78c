/* x6.c - bounces of an unidentified MTA (Sisimai's "X6"): Subject: "There
 * was an error sending your mail", "SMTP Server <host> rejected recipient
 * <addr> ..." or "The following recipients returned permanent errors: addr".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "rfc1894.h"
#include "hosts.h"

static const char *const boundaries[] = {"The attachment contains the original mail headers"};
#define PERMANENT "The following recipients returned permanent errors: "

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "subject"), "There was an error sending your mail"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, "We had trouble delivering your message. Full details follow:", BNC_FROM_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		int perm = bnc_has_prefix(e, PERMANENT), smtp = bnc_has_prefix(e, "SMTP Server <");
		if (perm || smtp) {
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			const char *p3 = perm ? strstr(e, ": ") : g_strrstr(e, " <");
			char *a = bnc_address_s3s4(p3 ? p3 : e);
			if (bnc_is_address(a)) {
				bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'SMTP Server <host> rejected recipient <address>' line");
				g_string_append_c(d, ' ');
				g_string_append(d, e);
				recipients++;
			}
			g_free(a);
		} else if (bnc_has_prefix(e, "Date: ")) {
			/* "Date: 'Thu, 29 Apr 2012 23:34:45 +0000'" */
			char *dt = g_strdup(e + 6);
			size_t n = strlen(dt);
			while (n && dt[n - 1] == '\'')
				dt[--n] = 0;
			const char *b = dt;
			while (*b == '\'')
				b++;
			bnc_rec_set(v, RF_DATE, b, -1, "the 'Date:' line of the report");
			g_free(dt);
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the 'SMTP Server <host> rejected recipient' line");
		char cmd[16] = "";
		bnc_command_find(s, cmd);
		bnc_rec_set(r, RF_COMMAND, cmd, -1, "the SMTP command named in the error line");
		char *h = bnc_rfc1123_find(s);
		bnc_rec_set(r, RF_RHOST, h ? h : "", -1, "the host named in the error line");
		g_free(h);
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"Subject: There was an error sending your mail (X6)");
	return ok;
}

const struct bnc_decoder bnc_decoder_x6 = {"X6", inquire, NULL};
