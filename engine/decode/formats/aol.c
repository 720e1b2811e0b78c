/* aol.c - AOL's old "Mail Delivery Problem" notices, which name the
 * recipients by their bare screen names, one a line, below a sentence
 * saying why ("... could not be delivered because they are not accepting
 * mail from ...").  A screen name is an address at aol.com.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(filtered, "not accepting mail from")
	BNC_T(userunknown, "is not a known member")
	BNC_T(userunknown, "not a valid AOL member")
	BNC_T(mailboxfull, "mailbox is full")
};
static const struct bnc_table table = BNC_TABLE("aol-notice", "AOL's delivery problem notices", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("mail to the following recipients could not be delivered", "the following recipients could not be reached"),
	0, BNC_LIST("----- Original message -----", "--- Original message follows"), NOTICE_LINE, NULL, 0,
	"aol.com", 1, "failed", &table, "a screen name listed in AOL's notice (at aol.com)",
}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_from_domain(m, BNC_LIST("aol.com")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "From: at aol.com and AOL's 'could not be delivered' list of screen names");
}

const struct bnc_decoder bnc_decoder_aol = {"AOL", inquire, (const struct bnc_table *const[]){&table, NULL}};
