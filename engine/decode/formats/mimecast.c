/* mimecast.c - bounces written by Mimecast's gateways ("[Postmaster] Email
 * Delivery Failure", a Message-Id in *.mimecast.lan).
 *
 * The text says each thing on a line of its own after "-- ": the recipient
 * (one word), then the problem and the remote server's reply.  A
 * delivery-status part may follow, its fields written "Field : value";
 * its Diagnostic-Code: replaces the text, its other fields fill the record.
 * Follows current Sisimai's Mimecast decoder (5.5.0).
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

static const char *const original_marks[] = {"Content-Type: message/rfc822"};
#define ITEM "-- "

static int claims(const struct bnc_msg *m)
{
	return strstr(bnc_hdr(m, "subject"), "Email Delivery Failure") ||
	       g_str_has_suffix(bnc_hdr(m, "message-id"), ".mimecast.lan>");
}

/* A delivery-status field into the last record (no new record for a
 * Final-Recipient: the "-- address" line has opened it). */
static void dsn_line(struct bnc_sheet *sh, const char *e, int blk, struct dsn_permsg *pm)
{
	struct dsn_field o;
	if (!bnc_dsn_field(e, &o))
		return;
	struct bnc_rec *v = bnc_sheet_last(sh);
	if (!strcmp(o.group, "code")) {
		bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
		GString *d = bnc_sheet_last_diag(sh);
		g_string_assign(d, o.value);
		bnc_rec_set(v, RF_DIAGNOSIS, NULL, 0, "Diagnostic-Code: field of the delivery-status part");
	} else {
		int t = bnc_dsn_target(o.label);
		if (t >= 0) {
			bnc_rec_update(v, t, o.value,
			               t == RF_RECIPIENT ? "Final-Recipient: field of the delivery-status part" :
			               t == RF_ALIAS     ? "Original-Recipient: field of the delivery-status part" :
			                                   bnc_dsn_why[t]);
			if (blk == DSN_PER_MESSAGE)
				bnc_permsg_keep(pm, t, o.value);
		}
	}
	bnc_dsn_field_clear(&o);
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!claims(m))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, original_marks, G_N_ELEMENTS(original_marks));

	struct dsn_permsg pm = {0};

	for (size_t i = bnc_lines_from(rd.lines, ITEM, BNC_FROM_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (bnc_has_prefix(e, ITEM)) {
			const char *cv = e + strlen(ITEM);
			if (!strchr(cv, ' ')) {
				/* "-- kijitora@example.org": the recipient */
				struct bnc_rec *v = bnc_sheet_next(&rd.sh);
				char *a = bnc_address_s3s4(cv);
				bnc_rec_set(v, RF_RECIPIENT, a, -1, "the '-- address' line of Mimecast's notice");
				g_free(a);
				rd.sh.recipients++;
			} else {
				/* "-- Recipient email address is possibly incorrect" */
				GString *d = bnc_sheet_last_diag(&rd.sh);
				g_string_append(d, cv);
				g_string_append_c(d, ' ');
				bnc_rec_set(bnc_sheet_last(&rd.sh), RF_DIAGNOSIS, NULL, 0,
				            "the '-- ' lines of Mimecast's notice");
			}
			continue;
		}
		int blk = bnc_dsn_match(e);
		if (blk)
			dsn_line(&rd.sh, e, blk, &pm);
	}

	int ok = rd.sh.recipients > 0;
	if (ok) {
		struct bnc_rec *last = bnc_sheet_last(&rd.sh);
		for (size_t j = 0; j < bnc_sheet_len(&rd.sh); j++)
			bnc_permsg_give(&pm, bnc_sheet_rec(&rd.sh, j), last, bnc_rec_update,
			                "per-message field of the delivery-status part");
		bnc_sheet_diagnosis(&rd.sh, NULL);
	}
	bnc_reading_close(&rd, ok, out,
		"Subject: Email Delivery Failure or a Message-Id: in .mimecast.lan, and '-- address' lines (Mimecast)");
	bnc_permsg_clear(&pm);
	return ok;
}

const struct bnc_decoder bnc_decoder_mimecast = {"Mimecast", inquire, NULL};
