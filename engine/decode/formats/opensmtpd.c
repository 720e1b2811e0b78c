/* opensmtpd.c - bounces written by OpenSMTPD's bounce.c ("Hi! This is the
 * MAILER-DAEMON, please DO NOT REPLY to this e-mail.").
 *
 * One "address: error text" line per recipient between the banner and the
 * "Below is a copy of the original message:" line.  Follows Sisimai's
 * OpenSMTPD decoder (5.2.0), including its table of OpenSMTPD's own error
 * strings and the reasons they stand for.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"

static const char *const original_marks[] = {
	"    Below is a copy of the original message:",
};

#define BANNER "    This is the MAILER-DAEMON, please DO NOT REPLY to this"

/* Failure strings of smtpd/mta.c and queue.c, by the reason they mean. */
static const struct bnc_entry messages_entries[] = {
	BNC_T(expired, "Envelope expired")
	BNC_T(securityerror, "Could not retrieve credentials")
	BNC_T(hostunknown, "Invalid domain name")
	BNC_T(hostunknown, "Domain does not exist")
	BNC_T(networkerror, "Address family mismatch on destination MXs")
	BNC_T(networkerror, "All routes to destination blocked")
	BNC_T(networkerror, "bad DNS lookup error code")
	BNC_T(networkerror, "Could not retrieve source address")
	BNC_T(networkerror, "Loop detected")
	BNC_T(networkerror, "Network error on destination MXs")
	BNC_T(networkerror, "No valid route to remote MX")
	BNC_T(networkerror, "No valid route to destination")
	BNC_T(networkerror, "Temporary failure in MX lookup")
	BNC_T(notaccept, "Destination seem to reject all mails")
	BNC_T(notaccept, "No MX found for domain")
	BNC_T(notaccept, "No MX found for destination")
};
static const struct bnc_table messages = BNC_TABLE("opensmtpd", "OpenSMTPD's own failure strings", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *subject = bnc_msg_header(m, "subject");
	const char *from = bnc_msg_header(m, "from");
	int hits = 0;
	if (subject && strstr(subject, "Delivery status notification"))
		hits++;
	if (from && strstr(from, "Mailer Daemon <"))
		hits++;
	for (size_t i = 0; i < bnc_msg_header_count(m, "received"); i++)
		if (strstr(bnc_msg_header_nth(m, "received", i), " (OpenSMTPD) with ")) {
			hits++;
			break;
		}
	if (!hits)
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, original_marks, G_N_ELEMENTS(original_marks));

	int reading = 0;
	for (size_t li = 0; rd.lines[li]; li++) {
		const char *e = rd.lines[li];
		if (!reading) {
			reading = bnc_has_prefix(e, BANNER);
			continue;
		}
		if (!*e)
			continue;
		/* "kijitora@example.jp: 550 5.2.2 <kijitora@example.jp>... Mailbox Full" */
		const char *at = strchr(e, '@');
		if (!at || !strchr(at + 1, ' '))
			continue;
		const char *colon = strchr(e, ':');
		if (!colon)
			continue;
		struct bnc_rec *v = bnc_sheet_next(&rd.sh);
		rd.sh.recipients++;
		bnc_rec_set(v, RF_RECIPIENT, e, colon - e, "the address before \":\" on a line of the report");
		char *d = bnc_squeeze_space(colon + 1);
		bnc_rec_set(v, RF_DIAGNOSIS, d, -1, "the text after \"address:\" on a line of the report");
		g_free(d);
		bnc_rec_reason_from(v, &messages, bnc_rec_get(v, RF_DIAGNOSIS), "one of OpenSMTPD's own failure strings");
	}

	return bnc_reading_close(&rd, rd.sh.recipients > 0, out,
		"\"This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail\" (OpenSMTPD)");
}

const struct bnc_decoder bnc_decoder_opensmtpd = {"OpenSMTPD", inquire, (const struct bnc_table *const[]){&messages, NULL}};
