/* mimesweeper.c - notices of Clearswift MIMEsweeper (Content Security
 * gateways): a message the gateway could not deliver, or refused by a
 * policy, with "Recipient(s): user@example.org" or the addresses below
 * "The following recipient(s) did not receive this message:".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(policyviolation, "blocked by MIMEsweeper")
	BNC_T(policyviolation, "contravened the content policy")
	BNC_T(virusdetected, "virus")
};
static const struct bnc_table table = BNC_TABLE("mimesweeper", "MIMEsweeper's notices", entries);

static const struct bnc_notice specs[] = {
	{BNC_LIST("Recipient(s):", "Recipients:"), 1, BNC_LIST("--- Original message", "Content-Type: message/rfc822"),
	 NOTICE_LABEL, BNC_LIST("Recipient(s):", "Recipients:"), NULL, NOTICE_WITH_LEAD, "failed", &table, "the Recipient(s): line of MIMEsweeper's notice"},
	{BNC_LIST("did not receive this message"), 0, BNC_LIST("--- Original message", "Content-Type: message/rfc822"),
	 NOTICE_LINE, NULL, 0, NULL, 0, "failed", &table, "an address listed in MIMEsweeper's notice"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("MIMEsweeper")) && !bnc_notice_header_has(m, "x-mailer", BNC_LIST("MIMEsweeper")) &&
	    !bnc_notice_header_has(m, "from", BNC_LIST("MIMEsweeper")))
		return 0;
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "MIMEsweeper named in the notice, its sender or its X-Mailer:");
}

const struct bnc_decoder bnc_decoder_mimesweeper = {"MIMEsweeper", inquire, (const struct bnc_table *const[]){&table, NULL}};
