/* exchange2003.c - Microsoft Exchange Server 5.5 - 2003 (Internet Mail
 * Service) non-delivery reports.
 *
 * "Your message ... did not reach the following recipient(s):", then per
 * recipient "addr on <date>" and an indented "MSEXCH:IMS:... (000C05A6)
 * Unknown Recipient" line; the hexadecimal code in parentheses names the
 * reason.  Claimed on X-MS-Embedded-Report:, X-Mailer:, X-MimeOLE: or a
 * Received: header of the Internet Mail Service.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "table.h"
#include "rfc1894.h"
#include "hosts.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
/* Exchange's error codes (in parentheses after MSEXCH:) and their reasons */
static const struct bnc_entry error_codes_entries[] = {
	BNC_L(userunknown, "000C05A6")  /* Unknown Recipient */
	BNC_L(filtered, "000C0595")     /* Ambiguous Recipient */
	BNC_L(systemerror, "00010256")  /* Too many recipients */
	BNC_L(systemerror, "000D06B5")  /* No proxy for recipient */
	BNC_L(networkerror, "00120270") /* Too many hops */
	BNC_L(contenterror, "00050311") /* Conversion to Internet format failed */
	BNC_L(contenterror, "000502CC")
	BNC_L(securityerror, "000B0981") /* server does not support AUTH */
	BNC_L(onhold, "000B099C")
	BNC_L(onhold, "000B09AA")
	BNC_L(onhold, "000B09B6")
};
static const struct bnc_table error_codes = BNC_TABLE("exchange2003", "Exchange 2003's MSEXCH: error codes", error_codes_entries);

static int is_exchange(const struct bnc_msg *m)
{
	if (bnc_msg_header(m, "x-ms-embedded-report"))
		return 1;
	const char *xm = bnc_hdr(m, "x-mailer");
	if (bnc_has_prefix(xm, "Internet Mail Service (") ||
	    bnc_has_prefix(xm, "Microsoft Exchange Server Internet Mail Connector"))
		return 1;
	if (bnc_has_prefix(bnc_hdr(m, "x-mimeole"), "Produced By Microsoft Exchange"))
		return 1;
	for (size_t i = 0, n = bnc_msg_header_count(m, "received"); i < n; i++)
		if (strstr(bnc_msg_header_nth(m, "received", i), " with Internet Mail Service ("))
			return 1;
	return 0;
}

/* The value after "label" in a "  To:      addr" line of the summary. */
static void keep_after(char **slot, int *count, const char *e, const char *label)
{
	if (*slot)
		return;
	const char *p = strstr(e, label);
	*slot = g_strstrip(g_strdup(p + strlen(label)));
	(*count)++;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!is_exchange(m))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;                   /* records and their MSEXCH: text */
	bnc_sheet_init(&sh);
	GPtrArray *other = g_ptr_array_new();  /* other error text, per record */
	GArray *msexch = g_array_new(FALSE, TRUE, sizeof(int));
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh), *o = g_string_new(NULL);
	int flag = 0;
	g_ptr_array_add(other, o);
	g_array_append_val(msexch, flag);
	int reading = 0, recipients = 0, done = 0, nconn = 0;
	char *conn[3] = {NULL, NULL, NULL}; /* To:, Subject:, Sent: of the summary */

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (bnc_has_prefix(e, "Your message"))
				reading = 1;
			continue;
		}
		if (done)
			continue;
		if (nconn == 3) {
			static const char *const rcpt[] = {"@", " on "};
			guint idx = bnc_sheet_len(&sh) - 1;
			if (bnc_aligned(e, rcpt, 2)) {
				/* "kijitora@example.jp on Thu, 29 Apr 2010 ..." */
				if (v->f[RF_RECIPIENT]) {
					v = bnc_sheet_add(&sh);
					d = bnc_sheet_last_diag(&sh);
					o = g_string_new(NULL);
					flag = 0;
					g_ptr_array_add(other, o);
					g_array_append_val(msexch, flag);
					idx = bnc_sheet_len(&sh) - 1;
				}
				char *low = bnc_ascii_lower(e);
				const char *s = strstr(low, "smtp=");
				size_t p1 = s ? (size_t)(s - low) + 5 : 0;
				size_t p2 = (size_t)(strstr(e, " on ") - e);
				g_free(low);
				if (p1 > p2)
					p1 = p2;
				char *raw = g_strndup(e + p1, p2 - p1);
				char *a = bnc_address_s3s4(raw);
				bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'address on date' line after 'did not reach the following recipient(s):'");
				g_free(a);
				g_free(raw);
				recipients++;
				g_array_index(msexch, int, idx) = 0;
			} else if (e[0] == ' ' && strstr(e, "MSEXCH:")) {
				g_string_append(d, strstr(e, "MSEXCH:"));
			} else {
				if (g_array_index(msexch, int, idx))
					continue;
				if (bnc_has_prefix(d->str, "MSEXCH:")) {
					/* the line continuing the MSEXCH: one ends what we read */
					g_array_index(msexch, int, idx) = 1;
					done = 1;
					g_string_append_c(d, ' ');
					g_string_append(d, e);
				} else {
					g_string_append_c(o, ' ');
					g_string_append(o, e);
				}
			}
		} else if (bnc_has_prefix(e, "  To:  ") || bnc_has_prefix(e, "      To: ")) {
			keep_after(&conn[0], &nconn, e, "To: ");
		} else if (bnc_has_prefix(e, "      Subject: ") || bnc_has_prefix(e, "  Subject: ")) {
			keep_after(&conn[1], &nconn, e, "Subject: ");
		} else if (bnc_has_prefix(e, "  Sent: ") || bnc_has_prefix(e, "      Sent: ")) {
			keep_after(&conn[2], &nconn, e, "Sent: ");
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		static const char *const code_shape[] = {"MSEXCH:", "(", ")"};
		int found = 0;
		if (bnc_aligned(s, code_shape, 3)) {
			char *code = bnc_select(s, "(", ")");
			const struct bnc_entry *ec =
				bnc_rec_reason_from(r, &error_codes, code, "the Exchange error code in parentheses on the MSEXCH: line");
			if (ec) {
				char st[16] = "";
				bnc_status_code(ec->reason, 0, st);
				bnc_rec_set(r, RF_STATUS, st, -1, "the status code Sisimai gives the reason of the MSEXCH: code");
				found = 1;
			}
			g_free(code);
			char *msg = g_strdup(strchr(s, ')') + 1);
			g_free(s);
			s = msg;
		}
		const char *alt = ((GString *)g_ptr_array_index(other, j))->str;
		if (!found && *alt) {
			char *cat = g_strconcat(alt, " ", s, NULL);
			g_free(s);
			s = bnc_squeeze_space(cat);
			g_free(cat);
		}
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the MSEXCH: line and the text around it");
		g_free(s);
	}

	int ok = recipients > 0;
	for (guint j = 0; j < other->len; j++)
		g_string_free(g_ptr_array_index(other, j), TRUE);
	g_ptr_array_free(other, TRUE);
	g_array_free(msexch, TRUE);
	bnc_sheet_close(&sh, ok, out, NULL, NULL);
	if (ok) {
		if (!*orig) {
			/* no original message: make its headers of the summary, with
			 * Subject: and Date: crossed over as Sisimai does */
			g_string_printf(out->rfc822, "From: %s\nSubject: %s\nDate: %s\n", conn[0] ? conn[0] : "",
			                conn[2] ? conn[2] : "", conn[1] ? conn[1] : "");
		} else {
			g_string_assign(out->rfc822, orig);
		}
		out->claimed = "Exchange 2003 headers (X-MS-Embedded-Report:, X-Mailer: Internet Mail Service, X-MimeOLE:) and 'did not reach the following recipient(s)'";
	}
	for (int k = 0; k < 3; k++)
		g_free(conn[k]);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_exchange2003 = {"Exchange2003", inquire, (const struct bnc_table *const[]){&error_codes, NULL}};
