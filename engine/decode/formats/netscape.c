/* netscape.c - Netscape Messaging Server (3.x, 4.x) reports: a text part
 * "This Message was undeliverable due to the following reason:" with the
 * reason and the failed addresses in angle brackets ("<user@example.org>"),
 * and a delivery-status part that names no recipient.  "Please reply to
 * <postmaster@...>" is not one of them.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(hostunknown, "destination computer was not found")
	BNC_T(hostunknown, "host name was not found")
	BNC_T(userunknown, "User not known")
};
static const struct bnc_table table = BNC_TABLE("netscape", "Netscape Messaging Server's reasons", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("This Message was undeliverable due to the following reason"), 0,
	BNC_LIST("Please reply to", "Content-Type: message/delivery-status"), NOTICE_ANY, NULL, 0, NULL, NOTICE_WITH_LEAD, "failed", &table,
	"an address in Netscape Messaging Server's report"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("This Message was undeliverable due to the following reason")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "Netscape Messaging Server's 'undeliverable due to the following reason'");
}

const struct bnc_decoder bnc_decoder_netscape = {"Netscape", inquire, (const struct bnc_table *const[]){&table, NULL}};
