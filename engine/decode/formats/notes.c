/* notes.c - HCL (formerly IBM/Lotus) Notes "Undeliverable message" reports:
 * "------- Failure Reasons --------", the error text and the recipient on
 * a line of its own, then "------- Returned Message --------".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"------- Returned Message --------"};
static const struct bnc_entry messages_entries[] = {
	BNC_T(networkerror, "Message has exceeded maximum hop count")
	BNC_T(userunknown, "User not listed in public Name & Address Book")
	BNC_T(userunknown, "ディレクトリのリストにありません")
};
static const struct bnc_table messages = BNC_TABLE("notes", "Notes' error messages under 'Failure Reasons'", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "subject"), "Undeliverable message"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, "------- Failure Reasons ", BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (strchr(e, '@') && !strchr(e, ' ')) {
			if (!bnc_is_address(e))
				continue;
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, e, -1, "the address line under '------- Failure Reasons'");
			recipients++;
		} else if (e[0] != '-') {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}

	if (!recipients) {
		/* no address in the report: the To: of the returned message */
		const char *end = strstr(rd.orig, "\n\n");
		const char *to = strstr(rd.orig, "\nTo:");
		if (to && (!end || to < end)) {
			const char *nl = strchr(to + 4, '\n');
			char *raw = nl ? g_strndup(to + 4, (gsize)(nl - to - 4)) : g_strdup(to + 4);
			char *a = bnc_address_s3s4(raw);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "To: of the returned message");
			g_free(a);
			g_free(raw);
			recipients++;
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the text under '------- Failure Reasons'");
		bnc_rec_reason_from(r, &messages, s, "Notes' error message under 'Failure Reasons'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out, "Subject: Undeliverable message and a '------- Failure Reasons' block (Notes)");
	return ok;
}

const struct bnc_decoder bnc_decoder_notes = {"Notes", inquire, (const struct bnc_table *const[]){&messages, NULL}};
