/* mfilter.c - Digital Arts m-FILTER "failure notice" bounces: the recipient
 * on a line of its own, then "-------server message" (the reply) and
 * "-------SMTP command" (the command it answered).
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "hosts.h"

static const char *const boundaries[] = {"-------original message", "-------original mail info"};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (strcmp(bnc_hdr(m, "x-mailer"), "m-FILTER") || strcmp(bnc_hdr(m, "subject"), "failure notice"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	int reading = 0, recipients = 0, in_error = 0, in_command = 0;

	for (size_t i = 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		const char *at = strchr(e, '@');
		if (!reading && at && at - e > 1 && !strchr(e, ' ') && bnc_is_address(e))
			reading = 1; /* the first line holding only an address */
		if (!reading || !*e)
			continue;
		if (at && !strchr(e, ' ')) {
			if (!bnc_is_address(e))
				continue;
			if (v->f[RF_RECIPIENT])
				v = bnc_sheet_add(&rd.sh);
			bnc_rec_set(v, RF_RECIPIENT, e, -1, "the address line of the m-FILTER report");
			recipients++;
		} else if (!strcmp(e, "-------server message")) {
			in_error = 1;
		} else if (!strcmp(e, "-------SMTP command")) {
			in_error = 0;
			in_command = 1;
		} else if (in_error && !v->f[RF_DIAGNOSIS]) {
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the line after '-------server message'");
			in_error = 0;
		} else if (in_command && bnc_command_test(e)) {
			bnc_rec_set(v, RF_COMMAND, e, -1, "the line after '-------SMTP command'");
			in_command = 0;
		}
	}

	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *s = bnc_squeeze_space(bnc_rec_get(r, RF_DIAGNOSIS));
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the line after '-------server message'");
		g_free(s);
	}
	int ok = recipients > 0;
	bnc_reading_close(&rd, ok, out,
		"X-Mailer: m-FILTER and Subject: failure notice");
	return ok;
}

const struct bnc_decoder bnc_decoder_mfilter = {"mFILTER", inquire, NULL};
