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

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh);
	int recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = bnc_lines_from(lines, "Unable to deliver message to:", BNC_FROM_MARK); lines[i]; i++) {
		const char *e = lines[i];
		if (!*e)
			continue;
		if (bnc_has_prefix(e, "Unable to deliver message to: <") && strchr(e, '@')) {
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&sh);
				d = bnc_sheet_last_diag(&sh);
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
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		char *s = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(bnc_sheet_rec(&sh, j), RF_DIAGNOSIS, s, -1, "the lines from 'Delivery failed for the following reason:'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_sheet_close(&sh, ok, out, orig,
	                "Subject: Message delivery has failed and a (MAILFOUNDRY) Received: header");
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_mailfoundry = {"MailFoundry", inquire, NULL};
