/* apachejames.c - Apache James bounces: the error text, then "Message
 * details:" with "  RCPT TO: addr", "  MAIL FROM:", "  Sent date:" lines.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};

static int is_james(const struct bnc_msg *m)
{
	if (!strcmp(bnc_hdr(m, "subject"), "[BOUNCE]") || strstr(bnc_hdr(m, "message-id"), ".JavaMail."))
		return 1;
	for (size_t i = 0, n = bnc_msg_header_count(m, "received"); i < n; i++)
		if (strstr(bnc_msg_header_nth(m, "received", i), "JAMES SMTP Server"))
			return 1;
	return 0;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!is_james(m))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *lead = g_string_new(NULL); /* the error text before "Message details:" */
	int reading = 0, recipients = 0;
	/* envelope sender, From:, sent date, Subject: of the details */
	char *alt[4] = {NULL, NULL, NULL, NULL};

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (bnc_has_prefix(e, "Message details:")) {
				reading = 1;
			} else if (*e) {
				g_string_append(lead, e);
				g_string_append_c(lead, ' ');
			}
			continue;
		}
		if (!*e)
			continue;
		char **slot = NULL;
		const char *val = NULL;
		if (bnc_has_prefix(e, "  RCPT TO: ")) {
			if (v->f[RF_RECIPIENT])
				v = bnc_sheet_add(&sh);
			/* the address whole, with or without angle brackets; Sisimai
			 * starts one character too late and loses the first letter of
			 * an address without them (docs/differences.md) */
			char *a = bnc_address_s3s4(e + 11);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'RCPT TO:' line of 'Message details:'");
			g_free(a);
			recipients++;
		} else if (bnc_has_prefix(e, "  Sent date: ")) {
			bnc_rec_set(v, RF_DATE, e + 13, -1, "the 'Sent date:' line of 'Message details:'");
			slot = &alt[2], val = e + 13;
		} else if (bnc_has_prefix(e, "  Subject: ")) {
			slot = &alt[3], val = e + 11;
		} else if (bnc_has_prefix(e, "  MAIL FROM: ")) {
			slot = &alt[0], val = e + 13;
		} else if (bnc_has_prefix(e, "  From: ")) {
			slot = &alt[1], val = e + 8;
		}
		if (slot) {
			g_free(*slot);
			*slot = g_strdup(val);
		}
	}
	g_strfreev(lines);

	int ok = recipients > 0;
	if (ok) {
		/* the error text goes to the first record only, as in Sisimai */
		struct bnc_rec *r0 = bnc_sheet_rec(&sh, 0);
		for (guint j = 0; j < bnc_sheet_len(&sh); j++) {
			struct bnc_rec *r = bnc_sheet_rec(&sh, j);
			char *s = bnc_squeeze_space(r == r0 ? lead->str : "");
			bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the error text before 'Message details:'");
			g_free(s);
		}
		GString *rfc = g_string_new(orig);
		if (!*orig) {
			if (alt[1] && *alt[1])
				g_string_append_printf(rfc, "From: %s\n", alt[1]);
			if (alt[2] && *alt[2])
				g_string_append_printf(rfc, "Date: %s\n", alt[2]);
		}
		if (!strstr(rfc->str, "Return-Path: ") && alt[0] && *alt[0])
			g_string_append_printf(rfc, "Return-Path: <%s>\n", alt[0]);
		if (!strstr(rfc->str, "\nSubject: ") && alt[3] && *alt[3])
			g_string_append_printf(rfc, "Subject: %s\n", alt[3]);
		g_string_assign(out->rfc822, rfc->str);
		g_string_free(rfc, TRUE);
		out->claimed = "Subject: [BOUNCE], a JavaMail Message-Id or a JAMES SMTP Server Received: header, and 'Message details:'";
	}
	bnc_sheet_close(&sh, ok, out, NULL, NULL);
	for (int k = 0; k < 4; k++)
		g_free(alt[k]);
	g_string_free(lead, TRUE);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_apachejames = {"ApacheJames", inquire, NULL};
