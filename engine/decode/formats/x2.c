/* x2.c - bounces of an unidentified MTA (Sisimai's "X2"): "Unable to
 * deliver message to the following address(es)." followed by "<addr>:" and
 * the error text, the original after "--- Original message follows.".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const subjects[] = {"Delivery failure", "failure delivery", "failed delivery"};
static const char *const boundaries[] = {"--- Original message follows."};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!strstr(bnc_hdr(m, "from"), "MAILER-DAEMON@") &&
	    !bnc_prefix_any(bnc_hdr(m, "subject"), subjects, G_N_ELEMENTS(subjects)))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh);
	int recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = bnc_lines_from(lines, "Unable to deliver message to the following address", BNC_AFTER_MARK); lines[i]; i++) {
		const char *e = lines[i];
		if (!*e)
			continue;
		static const char *const shape[] = {"<", "@", ">:"};
		if (e[0] == '<' && bnc_aligned(e, shape, 3)) {
			/* "<kijitora@example.com>:" */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&sh);
				d = bnc_sheet_last_diag(&sh);
			}
			char *raw = g_strndup(e, (gsize)(strchr(e, ':') - e));
			char *a = bnc_address_s3s4(raw);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the '<address>:' line after 'Unable to deliver message to the following address(es).'");
			g_free(a);
			g_free(raw);
			recipients++;
		} else {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		char *s = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(bnc_sheet_rec(&sh, j), RF_DIAGNOSIS, s, -1, "the lines after the '<address>:' line");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_sheet_close(&sh, ok, out, orig, "From: MAILER-DAEMON@ or Subject: Delivery failure, and 'Unable to deliver message to the following address(es)'");
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_x2 = {"X2", inquire, NULL};
