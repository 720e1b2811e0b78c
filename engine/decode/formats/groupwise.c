/* groupwise.c - Novell GroupWise Internet Agent's notices: "The message
 * that you sent was undeliverable to the following:", each address (or a
 * user of the post office, without a domain) with the reason in
 * parentheses ("jdoe (user not found)"), then "Possible causes:".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "(user not found)")
	BNC_T(userunknown, "(host not found)")
	BNC_T(mailboxfull, "(mailbox full)")
};
static const struct bnc_table table = BNC_TABLE("groupwise", "GroupWise's reasons", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("was undeliverable to the following", "could not be delivered to the following"), 0,
	BNC_LIST("Possible cause", "Original message", "Content-Type: message/rfc822"), NOTICE_LINE, NULL, 0,
	NOTICE_FROM_DOMAIN, 0, "failed", &table, "an address listed in GroupWise's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_header_has(m, "x-mailer", BNC_LIST("GroupWise")) && !bnc_notice_text_has(m, BNC_LIST("GroupWise")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "X-Mailer: Novell GroupWise and its 'undeliverable to the following' list");
}

const struct bnc_decoder bnc_decoder_groupwise = {"GroupWise", inquire, (const struct bnc_table *const[]){&table, NULL}};
