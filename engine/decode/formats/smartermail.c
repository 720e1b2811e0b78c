/* smartermail.c - SmarterMail's notices: "Delivery failed for the
 * following recipient(s):" (or "Delivery to the following recipients
 * failed"), each address on a line, and "Reason: Remote host said: 550
 * ..." below it.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("Delivery failed for the following recipient", "Delivery to the following recipients failed",
	         "could not be delivered to the following recipient"),
	0, BNC_LIST("Content-Type: message/rfc822", "--- Original message", "Original message follows"), NOTICE_LINE, NULL,
	0, NULL, 0, "failed", NULL, "an address listed in SmarterMail's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_header_has(m, "x-mailer", BNC_LIST("SmarterMail")) &&
	    !bnc_notice_header_has(m, "received", BNC_LIST("SmarterMail")) && !bnc_msg_header(m, "x-smartermail-spam") &&
	    !bnc_notice_text_has(m, BNC_LIST("SmarterMail")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "SmarterMail named in a header or the notice");
}

const struct bnc_decoder bnc_decoder_smartermail = {"SmarterMail", inquire, NULL};
