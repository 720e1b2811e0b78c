/* googleworkspace.c - Google Workspace's "** Message not delivered **"
 * notices that carry no RFC 3464 fields.
 *
 * The text from the "** " line on is the error; the recipient is the To: of
 * the returned message.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822", "Content-Type: text/rfc822-headers"};

static const struct bnc_entry messages_entries[] = {
	BNC_T(networkerror, " had no relevant answers.")
	BNC_T(networkerror, " responded with code NXDOMAIN")
	BNC_T(notaccept, "Null MX")
	BNC_T(userunknown, "because the address couldn't be found. Check for typos or unnecessary spaces and try again.")
};
static const struct bnc_table messages = BNC_TABLE("googleworkspace", "Google Workspace's notices", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	if (strstr(m->payload, "\nDiagnostic-Code:") || strstr(m->payload, "\nFinal-Recipient:"))
		return 0;
	if (!from || !strstr(from, "<mailer-daemon@googlemail.com>"))
		return 0;
	if (!subject || !strstr(subject, "Delivery Status Notification"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	GString *b = g_string_new(NULL);
	int reading = 0;
	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (bnc_has_prefix(e, "** ")) {
				reading = 1;
				g_string_assign(b, e);
				g_string_append_c(b, ' ');
			}
			continue;
		}
		if (!*e || bnc_has_prefix(e, "Content-Type:"))
			continue;
		g_string_append(b, e);
		g_string_append_c(b, ' ');
	}
	g_strfreev(lines);

	/* the recipient: To: of the original message */
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	const char *to = strstr(orig, "\nTo:");
	if (to) {
		to += 4;
		const char *nl = strchr(to, '\n');
		char *val = nl ? g_strndup(to, (gsize)(nl - to)) : g_strdup(to);
		char *cv = bnc_address_s3s4(val);
		if (*cv) {
			bnc_rec_set(bnc_sheet_next(&sh), RF_RECIPIENT, cv, -1, "To: of the returned message");
			sh.recipients++;
			g_string_assign(bnc_sheet_last_diag(&sh), b->str);
			bnc_sheet_diagnosis(&sh, "the text from the '** Message not delivered **' line on");
			bnc_sheet_reasons(&sh, &messages, "a phrase of Google Workspace's notice");
		}
		g_free(cv);
		g_free(val);
	}
	int ok = bnc_sheet_close(&sh, sh.recipients > 0, out, orig,
	                         "From: <mailer-daemon@googlemail.com>, Subject: Delivery Status Notification, "
	                         "no RFC 3464 fields, and a '** ' line");
	g_string_free(b, TRUE);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_googleworkspace = {"GoogleWorkspace", inquire, (const struct bnc_table *const[]){&messages, NULL}};
