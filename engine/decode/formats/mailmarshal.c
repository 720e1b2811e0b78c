/* mailmarshal.c - Trustwave MailMarshal (Secure Email Gateway; decodedby
 * MailMarshal, MailMarshalSMTP before Sisimai 5.5.0)
 * "Undeliverable Mail:" reports: "Could not be delivered because of" and
 * the reply, "The following recipients were affected:" and the addresses
 * indented by four spaces, then "Additional Information" with the MTAs.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "hosts.h"
#include "smtpcode.h"

#define ERROR_MARK "Could not be delivered because of"

/* "--boundary--" of the bounce's own Content-Type:, or NULL */
static char *closing_boundary(const char *ctype)
{
	const char *b = ctype ? strstr(ctype, "boundary=") : NULL;
	if (!b)
		return NULL;
	b += 9;
	char q = (*b == '"' || *b == '\'') ? *b++ : 0;
	const char *e = b;
	while (*e && (q ? *e != q : (*e != ';' && *e != ' ')))
		e++;
	if (e == b)
		return NULL;
	char *name = g_strndup(b, (gsize)(e - b));
	char *r = g_strconcat("--", name, "--", NULL);
	g_free(name);
	return r;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "subject"), "Undeliverable Mail: \""))
		return 0;

	const char *marks[2] = {"'+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++", NULL};
	char *cb = closing_boundary(bnc_msg_header(m, "content-type"));
	size_t nmarks = 1;
	if (cb)
		marks[nmarks++] = cb;
	char *errpart, *orig;
	bnc_part(m->payload, marks, nmarks, &errpart, &orig);
	GString *rfc = g_string_new(orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh);
	int reading = 0, recipients = 0, end_of_error = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading && bnc_has_prefix(e, "Your message:"))
			reading = 1;
		if (!reading)
			continue;
		const char *at = strchr(e, '@');
		if (bnc_has_prefix(e, "    ") && at && at > e) {
			/* "    neko@example.com" under "The following recipients were affected:" */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&sh);
				d = bnc_sheet_last_diag(&sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, e + 4, -1, "the indented address under 'The following recipients were affected:'");
			recipients++;
		} else if (!strcmp(e, ERROR_MARK)) {
			g_string_assign(d, e);
		} else if (d->len && !end_of_error) {
			if (bnc_has_prefix(e, "The following recipients were affected:")) {
				end_of_error = 1;
				continue;
			}
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		} else if (bnc_has_prefix(e, "Original Sender: ")) {
			char *s = bnc_select(e, "<", ">");
			g_string_append_printf(rfc, "From: %s\n", s);
			g_free(s);
		} else if (bnc_has_prefix(e, "Sender-MTA: ")) {
			char *s = bnc_select(e, "<", ">");
			bnc_rec_set(v, RF_LHOST, s, -1, "the 'Sender-MTA:' line of 'Additional Information'");
			g_free(s);
		} else if (bnc_has_prefix(e, "Reporting-MTA: ")) {
			char *s = bnc_select(e, "<", ">");
			bnc_rec_set(v, RF_RHOST, s, -1, "the 'Reporting-MTA:' line of 'Additional Information'");
			g_free(s);
		} else if (strstr(e, " From:") || strstr(e, " Subject:")) {
			/* "   From:    sender@example.com" of the 'Your message:' summary */
			const char *p1 = strstr(e, " From:");
			if (!p1)
				p1 = strstr(e, " Subject:");
			const char *p2 = strchr(e, ':');
			if (p2 > p1) {
				char *label = g_strndup(p1 + 1, (gsize)(p2 - p1 - 1));
				char *val = bnc_squeeze_space(p2 + 1);
				g_string_append_printf(rfc, "%s: %s\n", label, val);
				g_free(label);
				g_free(val);
			}
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		char *s = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(bnc_sheet_rec(&sh, j), RF_DIAGNOSIS, s, -1, "the lines after 'Could not be delivered because of'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_sheet_close(&sh, ok, out, rfc->str,
	                "Subject: Undeliverable Mail: \"...\" and a 'Your message:' summary (MailMarshal)");
	g_string_free(rfc, TRUE);
	g_free(cb);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_mailmarshal = {"MailMarshal", inquire, NULL};
