/* sendmailtext.c - Sendmail 8 notices without a delivery-status part
 * (8.8 and older, or DSN switched off): the failed addresses below
 * "----- The following addresses had permanent fatal errors -----" with
 * "(reason: ...)" under each, or only the transcript of the session with
 * "550 <user@example.org>... User unknown".  Sisimai's Sendmail decoder
 * takes its recipients from the delivery-status part.
 */
#include <string.h>
#include "notice.h"
#include "lhost.h"

static const char *const ends[] = {
	"----- Original message follows", "----- Unsent message follows", "----- Message header follows",
	"----- Returned message follows",
};

static const struct bnc_notice specs[] = {
	{BNC_LIST("following addresses had permanent fatal errors"), 0, ends, G_N_ELEMENTS(ends), NOTICE_LINE, NULL, 0, NULL,
	 0, "failed", NULL, "an address below Sendmail's 'permanent fatal errors' line"},
	{BNC_LIST("following addresses had transient non-fatal errors"), 0, ends, G_N_ELEMENTS(ends), NOTICE_LINE, NULL, 0,
	 NULL, 0, "delayed", NULL, "an address below Sendmail's 'transient non-fatal errors' line"},
	{BNC_LIST("----- Transcript of session follows -----"), 0, ends, G_N_ELEMENTS(ends), NOTICE_ANY, NULL, 0, NULL, 0,
	 "failed", NULL, "an address in the transcript of Sendmail's session"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *subject = bnc_hdr(m, "subject");
	if (!bnc_has_prefix_ci(subject, "Returned mail:") && !bnc_has_prefix_ci(subject, "Warning: could not send"))
		return 0;
	if (m->payload && strstr(m->payload, "Content-Type: message/delivery-status"))
		return 0;   /* Sendmail's or RFC 3464's */
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "Subject: Returned mail, and Sendmail's text without a delivery-status part");
}

const struct bnc_decoder bnc_decoder_sendmailtext = {"SendmailText", inquire, NULL};
