/* gmx.c - bounces from GMX (web.de's and gmx.net's mailers).
 *
 * Recognised by X-GMX-Antispam:.  After "This message was created
 * automatically by mail delivery software" come the quoted or bracketed
 * recipient, "SMTP error from remote server after RCPT command:",
 * "host: mx...", and the remote server's reply.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"--- The header of the original message is following. ---"};
static const char start_mark[] = "This message was created automatically by mail delivery software";

/* GMX's notic's own phrases */
static const struct bnc_entry message_entries[] = {
	BNC_T(expired, "delivery retry timeout exceeded")
};
static const struct bnc_table messages = BNC_TABLE("gmx", "GMX's notices", message_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-gmx-antispam"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, start_mark, BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		const char *at = strchr(e, '@');
		if ((at && at - e > 1 && e[0] == '"') || e[0] == '<') {
			/* "user@example.org": or <user@example.org> */
			v = bnc_sheet_next(&rd.sh);
			b = bnc_sheet_last_diag(&rd.sh);
			char *t = bnc_trim_colons(e);
			char *cv = bnc_address_s3s4(t);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the quoted address line of GMX's notice");
			g_free(cv);
			g_free(t);
			recipients++;
		} else if (bnc_has_prefix(e, "SMTP error ")) {
			char cmd[16] = "";
			bnc_command_find(e, cmd);
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the 'SMTP error from remote server after ... command' line");
		} else if (bnc_has_prefix(e, "host: ")) {
			bnc_rec_set(v, RF_RHOST, e + 6, -1, "the 'host:' line of GMX's notice");
		} else {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
		}
	}

	if (recipients) {
		bnc_sheet_diagnosis(&rd.sh, "the error text of GMX's notice");
		bnc_sheet_reasons(&rd.sh, &messages, "a phrase of GMX's notice");
	}

	bnc_reading_close(&rd, recipients, out,
		"an X-GMX-Antispam: header and GMX's 'created automatically by mail delivery software' text");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_gmx = {"GMX", inquire, (const struct bnc_table *const[]){&messages, NULL}};
