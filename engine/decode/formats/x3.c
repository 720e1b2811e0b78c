/* x3.c - bounces of an unidentified MTA (Sisimai's "X3"): From: "Mail
 * Delivery System", Subject: "Delivery status notification", the recipients
 * as "  * addr" and a "SMTP:RCPT host ...: 553 ..." technical detail.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "rfc1894.h"
#include "hosts.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "from"), "Mail Delivery System") ||
	    !bnc_has_prefix(bnc_hdr(m, "subject"), "Delivery status notification"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int reading = 0, recipients = 0;
	char *permsg[RF__COUNT] = {0};
	int order[RF__COUNT], norder = 0;

	for (size_t i = 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!reading) {
			if (bnc_has_prefix(e, "      This is an automatically generated Delivery Status Notification."))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;
		static const char *const shape[] = {"  * ", "@", "."};
		int blk;
		if (bnc_aligned(e, shape, 3)) {
			/* "  * kijitora@example.com" */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			char *a = bnc_address_s3s4(strstr(e, "  * ") + 3);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the '  * address' line");
			g_free(a);
			recipients++;
		} else if (bnc_has_prefix(e, "SMTP:")) {
			/* "SMTP:RCPT host 192.0.2.8: 553 5.3.0 <addr>... No such user here" */
			char cmd[16] = "";
			char *w = g_strndup(e + 4, strlen(e) >= 10 ? 6 : strlen(e) - 4);
			bnc_command_find(w, cmd);
			g_free(w);
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the command after 'SMTP:' in the technical details");
			bnc_rec_set(v, RF_SPEC, "SMTP", -1, "an 'SMTP:' technical detail");
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		} else if (bnc_has_prefix(e, "Routing: ")) {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		} else if ((blk = bnc_dsn_match(e)) > 0) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			int t = bnc_dsn_target(o.label);
			if (!strcmp(o.group, "addr")) {
				if (!strcmp(o.label, "final-recipient")) {
					if (!strcmp(bnc_rec_get(v, RF_RECIPIENT), o.value)) {
						bnc_dsn_field_clear(&o);
						continue;
					}
					if (v->f[RF_RECIPIENT]) {
						v = bnc_sheet_add(&rd.sh);
						d = bnc_sheet_last_diag(&rd.sh);
					}
					bnc_rec_set(v, RF_RECIPIENT, o.value, -1, "Final-Recipient: field");
					recipients++;
				} else {
					bnc_rec_set(v, RF_ALIAS, o.value, -1, "X-Actual-Recipient:/Original-Recipient: field");
				}
			} else if (!strcmp(o.group, "code")) {
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				g_string_append_c(d, ' ');
				g_string_append(d, o.value);
			} else if (t >= 0) {
				bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, "a delivery-status field of the report");
				if (blk == DSN_PER_MESSAGE) {
					if (!permsg[t])
						order[norder++] = t;
					g_free(permsg[t]);
					permsg[t] = g_strdup(o.value);
				}
			}
			bnc_dsn_field_clear(&o);
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		for (int k = 0; k < norder; k++) {
			int t = order[k];
			/* Sisimai tests the last record here, not r */
			if (*bnc_rec_get(v, (enum bnc_rec_field)t) || !*permsg[t])
				continue;
			bnc_rec_set(r, (enum bnc_rec_field)t, permsg[t], -1, "a per-message delivery-status field");
		}
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the technical details of the report");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"From: Mail Delivery System and Subject: Delivery status notification (X3)");
	for (int k = 0; k < RF__COUNT; k++)
		g_free(permsg[k]);
	return ok;
}

const struct bnc_decoder bnc_decoder_x3 = {"X3", inquire, NULL};
