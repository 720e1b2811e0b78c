/* gmail.c - bounces written by Gmail's own mailer ("Delivery to the
 * following recipient failed permanently:"), not its RFC 3464 reports.
 *
 * The recipient is the indented address line; every other line after the
 * opening sentence is error text.  Gmail appends "(state N)" to the remote
 * server's reply: N names the SMTP stage and the reason.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"

static const char *const boundaries[] = {"----- Original message -----", "----- Message header follows -----"};
static const char start_mark[] = "Delivery to the following recipient";

/* "(state N)": N -> the SMTP command and the reason.  State 12 is named
 * "relayingdenied" in Sisimai, a reason its vocabulary does not have (so it
 * never decides); norelaying is the reason meant (docs/differences.md). */
static const struct bnc_entry states_entries[] = {
	BNC_LC(failedstarttls, "MAIL", "6")
	BNC_LC(systemerror, "AUTH", "8")
	BNC_LC(failedstarttls, "AUTH", "9")
	BNC_LC(norelaying, "AUTH", "12")
	BNC_LC(blocked, "EHLO", "13")
	BNC_LC(userunknown, "RCPT", "14")
	BNC_LC(filtered, "DATA", "15")
	BNC_LC(filtered, "DATA", "17")
	BNC_LC(filtered, "DATA", "18")
};
static const struct bnc_table states = BNC_TABLE("gmail-states", "Gmail's '(state N)' codes", states_entries);

/* Without a state: phrases of Gmail's own text -> reason */
static const struct bnc_entry messages_entries[] = {
	BNC_T(expired, "DNS Error: Could not contact DNS servers")
	BNC_T(expired, "Delivery to the following recipient has been delayed")
	BNC_T(expired, "The recipient server did not accept our requests to connect")
	BNC_T(hostunknown, "DNS Error: Domain name not found")
	BNC_T(hostunknown, "DNS Error: DNS server returned answer with no data")
};
static const struct bnc_table messages = BNC_TABLE("gmail", "Gmail's error phrases", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	if (!from || !strstr(from, "<mailer-daemon@googlemail.com>"))
		return 0;
	if (!subject || !strstr(subject, "Delivery Status Notification"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, start_mark, BNC_FROM_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		const char *at = strchr(e, '@');
		if (e[0] == ' ' && at && at > e) {
			/* "     user@example.org": one failed recipient */
			v = bnc_sheet_next(&rd.sh);
			b = bnc_sheet_last_diag(&rd.sh);
			char *t = g_strstrip(g_strdup(e));
			char *cv = bnc_address_s3s4(t);
			if (bnc_is_address(cv)) {
				bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the indented address after 'Delivery to the following recipient'");
				recipients++;
			}
			g_free(cv);
			g_free(t);
		} else {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, "Gmail's error text after the recipient line");
		char *rh = bnc_rfc1123_find(d);
		bnc_rec_set(r, RF_RHOST, rh ? rh : "", -1, "a host named in Gmail's error text");
		g_free(rh);

		const struct bnc_entry *got = NULL;
		const char *st = strstr(d, " (state ");
		if (st) {
			st += 8;
			const char *close = strchr(st, ')');
			if (close) {
				char *key = g_strndup(st, (gsize)(close - st));
				got = bnc_rec_reason_from(r, &states, key, "Gmail's '(state N)' code or a phrase of its error text");
				if (got)
					bnc_rec_set(r, RF_COMMAND, got->command, -1, "Gmail's '(state N)' code");
				g_free(key);
			}
		}
		if (!got)
			got = bnc_rec_reason_from(r, &messages, d, "Gmail's '(state N)' code or a phrase of its error text");
		if (got) {
			char code[16] = "";
			bnc_status_find(d, "", code);
			if (*code) {
				bnc_rec_set(r, RF_STATUS, code, -1, "status code in Gmail's error text");
				if (!strstr(code, ".0")) {
					/* a specific status code says more than the state */
					int id = bnc_status_name(code, NULL);
					const char *nm = id >= 0 ? bnc_reason_name(id) : NULL;
					bnc_rec_set(r, RF_REASON, nm ? nm : "", -1, "the status code in Gmail's error text");
				}
			}
		}
		g_free(d);
	}

	bnc_reading_close(&rd, recipients, out,
		"From: <mailer-daemon@googlemail.com>, Subject: Delivery Status Notification and "
		"'Delivery to the following recipient'");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_gmail = {"Gmail", inquire, (const struct bnc_table *const[]){&states, &messages, NULL}};
