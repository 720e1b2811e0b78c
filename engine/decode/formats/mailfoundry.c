/* mailfoundry.c - MailFoundry "Message delivery has failed" bounces:
 * "Unable to deliver message to: <addr>", then "Delivery failed for the
 * following reason:" and the remote server's reply.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
#define ERROR_MARK "Delivery failed for the following reason:"

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (strcmp(bnc_hdr(m, "subject"), "Message delivery has failed"))
		return 0;
	int seen = 0;
	for (size_t i = 0, n = bnc_msg_header_count(m, "received"); i < n && !seen; i++)
		seen = strstr(bnc_msg_header_nth(m, "received", i), "(MAILFOUNDRY) id") != NULL;
	if (!seen)
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, "Unable to deliver message to:", BNC_FROM_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (bnc_has_prefix(e, "Unable to deliver message to: <") && strchr(e, '@')) {
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			char *a = bnc_address_s3s4(strchr(e, '<'));
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'Unable to deliver message to: <address>' line");
			g_free(a);
			recipients++;
		} else if (!strcmp(e, ERROR_MARK)) {
			g_string_assign(d, e);
		} else if (d->len && e[0] != '-') {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(bnc_sheet_rec(&rd.sh, j), RF_DIAGNOSIS, s, -1, "the lines from 'Delivery failed for the following reason:'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"Subject: Message delivery has failed and a (MAILFOUNDRY) Received: header");
	return ok;
}

const struct bnc_decoder bnc_decoder_mailfoundry = {"MailFoundry", inquire, NULL};
