/* x1.c - bounces of an unidentified MTA (Sisimai's "X1"): From: "Mail
 * Deliver System" (or "Mail Delivery System"), Subject: "Returned Mail: ..."
 * or "Mail Delivery Failure", "addr [error]" lines under "---The following
 * addresses had delivery errors---"; the original after a message/rfc822
 * part's announcement or at its first "Received: from ".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822", "Received: from "};

/* Subject: "Returned Mail: ..." or "Mail Delivery Failure...", or From:
 * "Mail Deliver System" / "Mail Delivery System" (current Sisimai, 5.5.0). */
static int claims(const struct bnc_msg *m)
{
	const char *subject = bnc_hdr(m, "subject");
	if (bnc_has_prefix(subject, "Returned Mail: ") || bnc_has_prefix(subject, "Mail Delivery Failure"))
		return 1;
	return bnc_aligned(bnc_hdr(m, "from"), BNC_LIST("\"Mail Deliver", "System\" "));
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!claims(m))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));
	if (!*rd.errpart) {
		g_free(rd.errpart);
		g_free(rd.orig);
		return 0;
	}

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, "The original message was received at ", BNC_FROM_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		static const char *const shape[] = {"@", " [", "]"};
		if (bnc_aligned(e, shape, 3)) {
			/* "kijitora@example.co.jp [User unknown]" */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			char *raw = g_strndup(e, (gsize)(strchr(e, ' ') - e));
			char *a = bnc_address_s3s4(raw);
			g_free(raw);
			if (bnc_is_address(a)) {
				bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'address [error]' line");
				g_string_append_c(d, ' ');
				g_string_append(d, e);
				recipients++;
			}
			g_free(a);
		} else if (bnc_has_prefix(e, "---") && g_str_has_suffix(e, "---") && strlen(e) >= 6) {
			/* "---The following addresses had delivery errors---" */
			const char *b = e, *z = e + strlen(e);
			while (b < z && *b == '-')
				b++;
			while (z > b && z[-1] == '-')
				z--;
			g_string_append(d, ". ");
			g_string_append_len(d, b, z - b);
			g_string_append_c(d, ':');
		} else {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the text from 'The original message was received at'");
		if (!*bnc_rec_get(r, RF_DATE)) {
			char *dt = bnc_select(s, " at ", "from");
			g_strstrip(dt);
			bnc_rec_set(r, RF_DATE, dt, -1, "the date after 'The original message was received at'");
			g_free(dt);
		}
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"Subject: Returned Mail: or Mail Delivery Failure, or From: \"Mail Deliver(y) System\" (X1)");
	return ok;
}

const struct bnc_decoder bnc_decoder_x1 = {"X1", inquire, NULL};
