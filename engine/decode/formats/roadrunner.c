/* roadrunner.c - notices of Road Runner (rr.com, Time Warner Cable's mail):
 * "This Message was undeliverable due to the following reason:", the
 * reason, and the failed addresses in angle brackets, each perhaps with
 * the remote host's reply ("Your message was not delivered because ...").
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("This Message was undeliverable due to the following reason"), 0,
	BNC_LIST("Please reply to", "Original Message Follows", "--- Original message"), NOTICE_ANY, NULL, 0, NULL, NOTICE_WITH_LEAD,
	"failed", NULL, "an address in Road Runner's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_from_domain(m, BNC_LIST("rr.com", "twcable.com")) &&
	    !bnc_notice_header_has(m, "received", BNC_LIST(".rr.com")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "a Road Runner (rr.com) sender and its 'undeliverable due to the following reason'");
}

const struct bnc_decoder bnc_decoder_roadrunner = {"RoadRunner", inquire, NULL};
