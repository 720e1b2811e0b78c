/* messagingserver.c - bounces written by Oracle (formerly Sun iPlanet)
 * Communications Messaging Server: "Delivery Notification: ..." subjects,
 * MIME boundaries of the form "Boundary_(ID_...)".
 *
 * The text part repeats the original's headers, then per recipient
 * "Recipient address:", "Reason:", "Diagnostic code:" and "Remote system:"
 * lines; the delivery-status part that follows adds the Status: and
 * Reporting-MTA:.  Follows Sisimai's MessagingServer decoder.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822", "\nReturn-Path: "};
#define START_MARK "This report relates to a message you sent with the following header fields:"

/* Error texts of the server and the reasons they mean */
static const struct bnc_entry messages_entries[] = {
	BNC_T(hostunknown, "Illegal host/domain name found")
};
static const struct bnc_table messages = BNC_TABLE("messagingserver", "Messaging Server's own error messages", messages_entries);

/* The text after the first ": " (or after ':' and one more character). */
static const char *after_colon(const char *e)
{
	const char *c = strchr(e, ':');
	if (!c)
		return NULL;
	return c[1] ? c + 2 : c + 1;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *ctype = bnc_msg_header(m, "content-type");
	const char *subj = bnc_msg_header(m, "subject");
	if (!m->payload)
		return 0;
	if (!(ctype && strstr(ctype, "Boundary_(ID_")) && !(subj && bnc_has_prefix(subj, "Delivery Notification: ")))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh); /* the current record's error text */
	int reading = 0, recipients = 0;
	static const char *const rcpt_shape[] = {"  Recipient address: ", "@", "."};
	static const char *const orig_shape[] = {"  Original address: ", "@", "."};

	for (size_t li = 0; rd.lines[li]; li++) {
		const char *e = rd.lines[li];
		if (!reading) {
			reading = bnc_has_prefix(e, START_MARK);
			continue;
		}
		if (!*e)
			continue;

		if (bnc_aligned(e, rcpt_shape, 3) || bnc_aligned(e, orig_shape, 3)) {
			/* "  Recipient address: user@example.org" */
			char *cv = bnc_address_s3s4(strstr(e, ": ") + 2);
			if (!bnc_is_address(cv)) {
				g_free(cv);
				continue;
			}
			if (*bnc_rec_get(v, RF_RECIPIENT) && strcmp(cv, bnc_rec_get(v, RF_RECIPIENT))) {
				v = bnc_sheet_add(&rd.sh);
				b = bnc_sheet_last_diag(&rd.sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the 'Recipient address:' line of the report");
			g_free(cv);
			recipients++;
		} else if (bnc_has_prefix(e, "  Date: ")) {
			bnc_rec_set(v, RF_DATE, after_colon(e), -1, "the 'Date:' of the original repeated in the report");
		} else if (bnc_has_prefix(e, "  Reason: ")) {
			g_string_assign(b, after_colon(e));
			v->why[RF_DIAGNOSIS] = "the 'Reason:' and 'Diagnostic code:' lines of the report";
		} else if (bnc_has_prefix(e, "  Diagnostic code: ")) {
			/* read as a Diagnostic-Code: field */
			char *t = g_strstrip(g_strdup(e));
			GString *f = g_string_new(t);
			g_free(t);
			g_string_erase(f, 0, (gssize)strlen("Diagnostic code:"));
			g_string_prepend(f, "Diagnostic-Code:");
			struct dsn_field o;
			if (bnc_dsn_field(f->str, &o)) {
				char rc[4] = "", st[16] = "";
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "the 'Diagnostic code:' line's type");
				bnc_reply_find(o.value, "", rc);
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "the reply code of the 'Diagnostic code:' line");
				bnc_status_find(o.value, rc, st);
				bnc_rec_set(v, RF_STATUS, st, -1, "the status code of the 'Diagnostic code:' line");
				g_string_append_c(b, ' ');
				g_string_append(b, o.value);
				v->why[RF_DIAGNOSIS] = "the 'Reason:' and 'Diagnostic code:' lines of the report";
				bnc_dsn_field_clear(&o);
			}
			g_string_free(f, TRUE);
		} else if (bnc_has_prefix(e, "  Remote system: ")) {
			/* "  Remote system: dns;mx.example.org (TCP|192.0.2.1|47323|192.0.2.2|25) (...)" */
			const char *semi = strchr(e, ';'), *paren = strstr(e, " (");
			if (!semi || !paren || paren <= semi + 1)
				continue;
			/* kept as written, a space after "dns;" included: Sisimai keeps it,
			 * and the host is then lost when the verdict is made */
			bnc_rec_take(v, RF_RHOST, g_strndup(semi + 1, (gsize)(paren - semi - 1)),
			             "the 'Remote system:' line of the report");
			const char *close = strchr(paren + 2, ')');
			if (!close)
				continue;
			char *inner = g_strndup(paren + 2, (gsize)(close - paren - 2));
			char **ss = g_strsplit(inner, "|", -1);
			g_free(inner);
			/* (TCP|client address|port|server address|port): the addresses
			 * stand in for a remote host name without a dot */
			const char *dot = strchr(v->f[RF_RHOST], '.');
			if (g_strv_length(ss) == 5 && !strcmp(ss[0], "TCP") && (!dot || dot == v->f[RF_RHOST])) {
				if (bnc_is_ipv4(ss[1]))
					bnc_rec_set(v, RF_LHOST, ss[1], -1, "the local address in the 'Remote system:' line");
				if (bnc_is_ipv4(ss[3]))
					bnc_rec_set(v, RF_RHOST, ss[3], -1, "the remote address in the 'Remote system:' line");
			}
			g_strfreev(ss);
		} else if (bnc_has_prefix(e, "Status: ")) {
			/* "Status: 5.1.1 (Remote SMTP server has rejected address)" */
			if (!*bnc_rec_get(v, RF_STATUS)) {
				char st[16] = "";
				bnc_status_find(e, bnc_rec_get(v, RF_REPLYCODE), st);
				bnc_rec_set(v, RF_STATUS, st, -1, "Status: field of the delivery-status part");
			}
			const char *paren = strchr(e, '(');
			if (!b->len && paren) {
				g_string_assign(b, paren);
				v->why[RF_DIAGNOSIS] = "the comment of the Status: field";
			}
		} else if (bnc_has_prefix(e, "Arrival-Date: ")) {
			if (!*bnc_rec_get(v, RF_DATE))
				bnc_rec_set(v, RF_DATE, after_colon(e), -1, "Arrival-Date: field of the delivery-status part");
		} else if (bnc_has_prefix(e, "Reporting-MTA: ")) {
			if (strchr(bnc_rec_get(v, RF_LHOST), '.'))
				continue;
			struct dsn_field o;
			if (bnc_dsn_field(e, &o)) {
				bnc_rec_set(v, RF_LHOST, o.value, -1, "Reporting-MTA: field of the delivery-status part");
				bnc_dsn_field_clear(&o);
			}
		}
	}

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *e = bnc_sheet_rec(&rd.sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(e, RF_DIAGNOSIS, d, -1, e->why[RF_DIAGNOSIS]);
		g_free(d);
		bnc_rec_reason_from(e, &messages, bnc_rec_get(e, RF_DIAGNOSIS), "the Messaging Server's own error message");
	}

	bnc_reading_close(&rd, ok, out,
		"a Boundary_(ID_...) MIME boundary or Subject: Delivery Notification:");
	return ok;
}

const struct bnc_decoder bnc_decoder_messagingserver = {"MessagingServer", inquire, (const struct bnc_table *const[]){&messages, NULL}};
