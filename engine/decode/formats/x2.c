/* x2.c - bounces of an unidentified MTA (Sisimai's "X2"), in two formats:
 * "Unable to deliver message to the following address(es)." followed by
 * "<addr>:" and the error text, the original after "--- Original message
 * follows."; or (current Sisimai, 5.5.0) "This Delivery Status Notification
 * is sent from MTA..." with "Delivery failed: addr", the remote host's
 * reply and a "STEP: <command>" line.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const subjects[] = {"Delivery failure", "failure delivery", "failed delivery"};
static const char *const boundaries[] = {"--- Original message follows."};
static const char *const starts[] = {
	"Unable to deliver message to the following address",
	"This Delivery Status Notification is sent from MTA",
};

/* The line after the first that starts with one of the marks. */
static size_t reading_from(char *const *lines)
{
	size_t i = 0;
	for (; lines[i]; i++)
		if (bnc_prefix_any(lines[i], starts, G_N_ELEMENTS(starts)))
			return i + 1;
	return i;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!strstr(bnc_hdr(m, "from"), "MAILER-DAEMON@") &&
	    !bnc_prefix_any(bnc_hdr(m, "subject"), subjects, G_N_ELEMENTS(subjects)))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *d = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = reading_from(rd.lines); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		static const char *const shape[] = {"<", "@", ">:"};
		static const char *const failed[] = {"failed: ", "@"};
		int bracketed = e[0] == '<' && bnc_aligned(e, shape, 3);
		if (bracketed || (bnc_has_prefix(e, "Delivery failed: ") && bnc_aligned(e, failed, 2))) {
			/* "<kijitora@example.com>:" or "Delivery failed: kijitora@example.com" */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&rd.sh);
				d = bnc_sheet_last_diag(&rd.sh);
			}
			char *raw = bracketed ? g_strndup(e, (gsize)(strchr(e, ':') - e)) : g_strdup(strstr(e, ": ") + 2);
			char *a = bnc_address_s3s4(raw);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, bracketed ?
			            "the '<address>:' line after 'Unable to deliver message to the following address(es).'" :
			            "the 'Delivery failed: address' line");
			g_free(a);
			g_free(raw);
			recipients++;
		} else if (bnc_has_prefix(e, "STEP: ")) {
			/* "STEP: DATA SEND": the command the remote host refused */
			char cmd[16] = "";
			if (bnc_command_find(e, cmd))
				bnc_rec_set(v, RF_COMMAND, cmd, -1, "the 'STEP:' line of the notice");
		} else if (!bnc_has_prefix(e, "-----")) {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		char *s = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(bnc_sheet_rec(&rd.sh, j), RF_DIAGNOSIS, s, -1, "the lines after the '<address>:' line");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out, "From: MAILER-DAEMON@ or Subject: Delivery failure, and 'Unable to deliver message to the following address(es)' or 'This Delivery Status Notification is sent from MTA'");
	return ok;
}

const struct bnc_decoder bnc_decoder_x2 = {"X2", inquire, NULL};
