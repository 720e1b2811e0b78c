/* kddi.c - bounces from au by KDDI (dion.ne.jp, auone-net.jp, au.com).
 *
 * "Your mail sent on: <date>" opens the notice; "    Could not be
 * delivered to: <user@...>" names the recipient; indented lines such as
 * "    As their mailbox is full." give the cause.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
static const char start_mark[] = "Your mail sent on:";

static const struct bnc_entry messages_entries[] = {
	BNC_T(mailboxfull, "As their mailbox is full")
	BNC_T(norelaying, "Due to the following SMTP relay error")
	BNC_T(hostunknown, "As the remote domain doesnt exist")
};
static const struct bnc_table messages = BNC_TABLE("kddi", "KDDI's notices", messages_entries);
/* The X-SPASIGN: header au's spam filter adds: NG, it refused the message. */
static const struct bnc_entry spasign_entries[] = {
	BNC_L(filtered, "NG")
};
static const struct bnc_table spasign_table = BNC_TABLE("kddi-spasign", "au's X-SPASIGN: header", spasign_entries);

static int is_kddi(const struct bnc_msg *m)
{
	const char *from = bnc_msg_header(m, "from"), *replyto = bnc_msg_header(m, "reply-to");
	if (from && (strstr(from, "no-reply@.") || strstr(from, ".dion.ne.jp")))
		return 1;
	if (replyto && strstr(replyto, "no-reply@app.auone-net.jp"))
		return 1;
	for (size_t i = 0, n = bnc_msg_header_count(m, "received"); i < n; i++) {
		const char *r = bnc_msg_header_nth(m, "received", i);
		if (strstr(r, "ezweb.ne.jp (") || strstr(r, ".au.com ("))
			return 1;
	}
	return 0;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!is_kddi(m))
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
		if (strstr(e, " Could not be delivered to: <")) {
			v = bnc_sheet_next(&rd.sh);
			b = bnc_sheet_last_diag(&rd.sh);
			char *cv = bnc_address_s3s4(strchr(e, '<'));
			if (bnc_is_address(cv)) {
				bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the 'Could not be delivered to:' line");
				recipients++;
			}
			g_free(cv);
		} else if (strstr(e, "Your mail sent on: ")) {
			if (strlen(e) > 19)
				bnc_rec_set(v, RF_DATE, e + 19, -1, "the 'Your mail sent on:' line");
		} else if (e[0] == ' ') {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
		}
	}

	const char *spasign = bnc_msg_header(m, "x-spasign");
	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, "the indented error lines of KDDI's notice");
		char cmd[16] = "";
		bnc_command_find(d, cmd);
		bnc_rec_set(r, RF_COMMAND, cmd, -1, "SMTP command named in the error text");
		if (spasign && bnc_rec_reason_from(r, &spasign_table, spasign, "X-SPASIGN: NG (the recipient's spam filter refused it)")) {
		} else if (strcmp(cmd, "RCPT")) {
			/* Sisimai sets a misspelt reason for RCPT, which its
			 * pipeline then replaces: leaving it unset does the same */
			bnc_rec_reason_from(r, &messages, d, "a phrase of KDDI's notice");
		}
		g_free(d);
	}

	bnc_reading_close(&rd, recipients, out,
		"a KDDI sender, Reply-To: or Received: header and 'Could not be delivered to:'");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_kddi = {"KDDI", inquire, (const struct bnc_table *const[]){&messages, &spasign_table, NULL}};
