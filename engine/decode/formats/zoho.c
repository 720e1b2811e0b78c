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

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);
	/* only the header block of the original is kept */
	char *blank = strstr(orig, "\n\n");
	if (blank)
		blank[1] = 0;

	static const char *const rcptline[] = {"@", " ", "ERROR_CODE :"};
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *b = bnc_sheet_last_diag(&sh);
	int recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = bnc_lines_from(lines, start_mark, BNC_AFTER_MARK); lines[i]; i++) {
		const char *e = lines[i];
		if (!*e)
			continue;
		if (bnc_aligned(e, rcptline, 3) || bnc_has_prefix(e, "[Status: ")) {
			v = bnc_sheet_next(&sh);
			b = bnc_sheet_last_diag(&sh);
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
	g_strfreev(lines);

	if (recipients) {
		bnc_sheet_diagnosis(&sh, "the error text of Zoho's notice");
		bnc_sheet_reasons(&sh, &messages, "a phrase of Zoho's notice");
	}

	bnc_sheet_close(&sh, recipients, out, orig,
	                "an X-ZohoMail: header and Zoho's 'created automatically by mail delivery' text");
	g_free(errpart);
	g_free(orig);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_zoho = {"Zoho", inquire, (const struct bnc_table *const[]){&messages, NULL}};
