/* hmailserver.c - hMailServer's notices (Subject "Message undeliverable:
 * ..."): below "The following recipient(s) could not be reached:" each
 * address, then "Error Type: SMTP", "Remote server (192.0.2.1) issued an
 * error.", "hMailServer sent: RCPT TO:<...>" and "Remote server replied:
 * 550 ...".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("could not be reached:"), 0, BNC_LIST("Content-Type: message/rfc822", "--- Original message"), NOTICE_LINE,
	NULL, 0, NULL, 0, "failed", NULL, "an address below hMailServer's 'could not be reached:'"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("hMailServer sent:", "hMailServer")) &&
	    !bnc_notice_header_has(m, "received", BNC_LIST("hMailServer")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "hMailServer named in the notice or a Received: header");
}

const struct bnc_decoder bnc_decoder_hmailserver = {"hMailServer", inquire, NULL};
