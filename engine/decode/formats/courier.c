/* courier.c - delivery status notifications of the Courier mail server
 * ("UNDELIVERABLE MAIL", "DELAYS IN DELIVERING YOUR MESSAGE").
 *
 * The text part holds a ">>> COMMAND" / "<<< reply" excerpt; the
 * delivery-status part the usual fields.  Follows Sisimai's Courier
 * decoder (5.2.0), including its table of Courier's own error strings.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"

static const char *const original_marks[] = {
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
};

/* Headings of courier/module.dsn/dsn*.txt that open the report. */
static const char *const banners[] = {
	"DELAYS IN DELIVERING YOUR MESSAGE",
	"UNDELIVERABLE MAIL",
};

/* Courier's own errors (module.esmtp/esmtpclient.c) and their reasons. */
static const struct bnc_entry messages_entries[] = {
	BNC_T(hostunknown, "No such domain.")
	BNC_T(systemerror, "This domain's DNS violates RFC 1035.")
	BNC_T(networkerror, "DNS lookup failed.")
};
static const struct bnc_table messages = BNC_TABLE("courier", "Courier's own error messages", messages_entries);

static int claims(const struct bnc_msg *m)
{
	const char *from = bnc_msg_header(m, "from");
	const char *subject = bnc_msg_header(m, "subject");
	const char *msgid = bnc_msg_header(m, "message-id");
	if (from && strstr(from, "Courier mail server at "))
		return 1;
	if (subject && (strstr(subject, "NOTICE: mail delivery status.") || strstr(subject, "WARNING: delayed mail.")))
		return 1;
	return msgid && bnc_has_prefix(msgid, "<courier.");
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!claims(m))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, original_marks, G_N_ELEMENTS(original_marks));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	struct dsn_permsg pm = {0};
	int reading = 0, recipients = 0, prevdiag = 0;
	char command[16] = "";

	for (size_t li = 0; rd.lines[li]; li++) {
		const char *e = rd.lines[li];
		int wasdiag = prevdiag;
		prevdiag = bnc_has_prefix(e, "Diagnostic-Code:");
		if (!reading) {
			for (size_t k = 0; k < G_N_ELEMENTS(banners); k++)
				if (strstr(e, banners[k]))
					reading = 1;
			continue;
		}
		if (!*e)
			continue;
		int blk = bnc_dsn_match(e);
		if (blk) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			v = bnc_sheet_last(&rd.sh);
			if (!strcmp(o.group, "addr")) {
				recipients += bnc_sheet_dsn_addr(&rd.sh, &o, &v);
			} else if (!strcmp(o.group, "code")) {
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				bnc_rec_set(v, RF_DIAGNOSIS, o.value, -1, "Diagnostic-Code: field of the delivery-status block");
			} else {
				int t = bnc_dsn_target(o.label);
				if (t >= 0) {
					bnc_rec_update(v, t, o.value, bnc_dsn_why[t]);
					if (blk == DSN_PER_MESSAGE)
						bnc_permsg_keep(&pm, t, o.value);
				}
			}
			bnc_dsn_field_clear(&o);
		} else if (bnc_has_prefix(e, ">>> ")) {
			/* ">>> RCPT TO:<kijitora@example.co.jp>": the command that failed */
			bnc_command_find(e, command);
		} else if (wasdiag && e[0] == ' ') {
			/* the first folded line of a Diagnostic-Code: value */
			char *sw = bnc_squeeze_space(e);
			bnc_rec_append(v, RF_DIAGNOSIS, sw, -1);
			g_free(sw);
		}
	}

	if (recipients) {
		for (guint j = 0; j < bnc_sheet_len(&rd.sh); j++) {
			struct bnc_rec *e = bnc_sheet_rec(&rd.sh, j);
			bnc_permsg_give(&pm, e, v, bnc_rec_update, "per-message field of the delivery-status block");
			char *sw = bnc_squeeze_space(bnc_rec_get(e, RF_DIAGNOSIS));
			bnc_rec_set(e, RF_DIAGNOSIS, sw, -1, e->why[RF_DIAGNOSIS]);
			g_free(sw);
			bnc_rec_set(e, RF_COMMAND, command, -1, "the \">>> COMMAND\" line of the report");
			bnc_rec_reason_from(e, &messages, bnc_rec_get(e, RF_DIAGNOSIS), "one of Courier's own error strings");
		}
	}
	bnc_reading_close(&rd, recipients > 0, out,
		"From: Courier mail server, Subject: NOTICE: mail delivery status. or a <courier.*> Message-ID");
	bnc_permsg_clear(&pm);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_courier = {"Courier", inquire, (const struct bnc_table *const[]){&messages, NULL}};
