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

/* "(state N)": N -> command, reason */
static const struct {
	const char *state, *command, *reason;
} states[] = {
	{"6", "MAIL", "failedstarttls"},  {"8", "AUTH", "systemerror"}, {"9", "AUTH", "failedstarttls"},
	{"12", "AUTH", "relayingdenied"}, {"13", "EHLO", "blocked"},    {"14", "RCPT", "userunknown"},
	{"15", "DATA", "filtered"},       {"17", "DATA", "filtered"},   {"18", "DATA", "filtered"},
};

/* Without a state: phrases of Gmail's own text -> reason */
static const struct {
	const char *reason, *text;
} messages[] = {
	{"expired", "DNS Error: Could not contact DNS servers"},
	{"expired", "Delivery to the following recipient has been delayed"},
	{"expired", "The recipient server did not accept our requests to connect"},
	{"hostunknown", "DNS Error: Domain name not found"},
	{"hostunknown", "DNS Error: DNS server returned answer with no data"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	if (!from || !strstr(from, "<mailer-daemon@googlemail.com>"))
		return 0;
	if (!subject || !strstr(subject, "Delivery Status Notification"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *b = bnc_sheet_last_diag(&sh);
	int reading = 0, recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading && g_str_has_prefix(e, start_mark))
			reading = 1;
		if (!reading || !*e)
			continue;
		const char *at = strchr(e, '@');
		if (e[0] == ' ' && at && at > e) {
			/* "     user@example.org": one failed recipient */
			v = bnc_sheet_next(&sh);
			b = bnc_sheet_last_diag(&sh);
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
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, "Gmail's error text after the recipient line");
		char *rh = bnc_rfc1123_find(d);
		bnc_rec_set(r, RF_RHOST, rh ? rh : "", -1, "a host named in Gmail's error text");
		g_free(rh);

		const char *reason = NULL;
		const char *st = strstr(d, " (state ");
		if (st) {
			st += 8;
			const char *close = strchr(st, ')');
			if (close) {
				char *key = g_strndup(st, (gsize)(close - st));
				for (size_t k = 0; k < G_N_ELEMENTS(states); k++)
					if (!strcmp(states[k].state, key)) {
						bnc_rec_set(r, RF_COMMAND, states[k].command, -1, "Gmail's '(state N)' code");
						reason = states[k].reason;
						break;
					}
				g_free(key);
			}
		}
		for (size_t k = 0; !reason && k < G_N_ELEMENTS(messages); k++)
			if (strstr(d, messages[k].text))
				reason = messages[k].reason;
		if (reason) {
			bnc_rec_set(r, RF_REASON, reason, -1, "Gmail's '(state N)' code or a phrase of its error text");
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

	bnc_sheet_close(&sh, recipients, out, orig,
	                "From: <mailer-daemon@googlemail.com>, Subject: Delivery Status Notification and "
		               "'Delivery to the following recipient'");
	g_free(errpart);
	g_free(orig);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_gmail = {"Gmail", inquire, NULL};
