/* activehunter.c - QUALITIA Active!hunter bounces (X-AHMailID: header):
 * ">>> addr <addr>" under "----- The following addresses had permanent
 * fatal errors -----", the first reply line of the transcript as the error.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-ahmailid") || !m->payload || !*m->payload)
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, "  ----- The following addresses had permanent fatal errors -----", BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (bnc_has_prefix(e, ">>> ") && strchr(e, '@')) {
			if (v->f[RF_RECIPIENT])
				v = bnc_sheet_add(&rd.sh);
			char *a = bnc_address_s3s4(e + 5);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the '>>> address' line");
			g_free(a);
			recipients++;
		} else {
			/* the first line opening with a digit or a letter: the reply */
			unsigned char c = (unsigned char)e[0];
			if (c < '0' || c > 'z' || v->f[RF_DIAGNOSIS])
				continue;
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the first line of the session transcript");
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_rec_get(r, RF_DIAGNOSIS));
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the first line of the session transcript");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"an X-AHMailID: header (Active!hunter)");
	return ok;
}

const struct bnc_decoder bnc_decoder_activehunter = {"Activehunter", inquire, NULL};
