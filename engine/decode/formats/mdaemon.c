/* mdaemon.c - notices of MDaemon (Alt-N): "The attached message had
 * PERMANENT fatal delivery errors!" and the session transcript, where the
 * refused address is the one of a "--> RCPT To:<...>" line and the reply
 * follows ("<-- 550 ..."); older releases list "> user@example.org" below
 * "The following addresses did NOT receive a copy of your message:", or
 * write "user@example.org - no such user here".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "no such user here")
	BNC_T(userunknown, "There is no user by that name")
};
static const struct bnc_table table = BNC_TABLE("mdaemon", "MDaemon's own messages", entries);

static const struct bnc_notice specs[] = {
	{BNC_LIST("--- Session Transcript ---"), 0, BNC_LIST("--- End Transcript ---", "--- Original message follows"),
	 NOTICE_LABEL, BNC_LIST("RCPT To:"), NULL, 0, "failed", &table, "the RCPT To: of MDaemon's session transcript"},
	{BNC_LIST("did NOT receive a copy of your message"), 0, BNC_LIST("--- Session Transcript ---", "--- Original message"),
	 NOTICE_LINE, NULL, 0, NULL, 0, "failed", &table, "an address listed in MDaemon's notice"},
	{BNC_LIST("- no such user here"), 1, BNC_LIST("--- Original message"), NOTICE_LINE, NULL, 0, NULL, 0, "failed", &table,
	 "the 'address - no such user here' line of MDaemon's notice"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_header_has(m, "from", BNC_LIST("mdaemon")) && !bnc_msg_header(m, "x-mdaemon-deliver-to") &&
	    !bnc_notice_header_has(m, "received", BNC_LIST("MDaemon")) &&
	    !bnc_notice_text_has(m, BNC_LIST("PERMANENT fatal delivery errors", "- no such user here")))
		return 0;
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "an MDaemon sender, header or wording, and its session transcript");
}

const struct bnc_decoder bnc_decoder_mdaemon = {"MDaemon", inquire, (const struct bnc_table *const[]){&table, NULL}};
