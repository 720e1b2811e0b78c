/* zoho.c - bounces from Zoho Mail.
 *
 * Recognised by X-ZohoMail:.  Each failed recipient is a line
 * "user@example.org Invalid Address, ERROR_CODE :550, ERROR_CODE :..." or
 * "[Status: Error, Address: <user@...>, ResponseCode 421, , ...]"; the
 * original message starts at the first blank line followed by Received:.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

static const char *const boundaries[] = {"\n\nReceived:"};
static const char start_mark[] = "This message was created automatically by mail delivery";

/* Zoho's notic's own phrases */
static const struct bnc_entry message_entries[] = {
	BNC_T(expired, "Host not reachable")
};
static const struct bnc_table messages = BNC_TABLE("zoho", "Zoho's notices", message_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-zohomail"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));
	/* only the header block of the original is kept */
	char *blank = strstr(rd.orig, "\n\n");
	if (blank)
		blank[1] = 0;

	static const char *const rcptline[] = {"@", " ", "ERROR_CODE :"};
	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, start_mark, BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (bnc_aligned(e, rcptline, 3) || bnc_has_prefix(e, "[Status: ")) {
			v = bnc_sheet_next(&rd.sh);
			b = bnc_sheet_last_diag(&rd.sh);
			char *cv = bnc_address_s3s4(e);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the 'ERROR_CODE :' or '[Status: ' line of Zoho's notice");
			g_free(cv);
			g_string_append_c(b, ' ');
			g_string_append(b, e);
			recipients++;
		} else {
			if (bnc_has_prefix(e, "-----"))
				continue;
			g_string_append_c(b, ' ');
			g_string_append(b, e);
		}
	}

	if (recipients) {
		bnc_sheet_diagnosis(&rd.sh, "the error text of Zoho's notice");
		bnc_sheet_reasons(&rd.sh, &messages, "a phrase of Zoho's notice");
	}

	bnc_reading_close(&rd, recipients, out,
		"an X-ZohoMail: header and Zoho's 'created automatically by mail delivery' text");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_zoho = {"Zoho", inquire, (const struct bnc_table *const[]){&messages, NULL}};
