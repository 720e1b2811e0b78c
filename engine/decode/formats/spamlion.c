/* spamlion.c - SpamLion's refusals.  SpamLion (a challenge-response
 * filter; its messages carry a "Spamlion:" header) refuses mail for an
 * address it does not keep ("... does not exist", "could not be
 * delivered"); such a notice names the address.  Its challenges ("please
 * confirm", "verify") are not bounces and are left alone.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "does not exist")
	BNC_T(userunknown, "is not a valid")
};
static const struct bnc_table table = BNC_TABLE("spamlion", "SpamLion's refusals", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("could not be delivered", "does not exist", "was rejected", "is not a valid"), 1,
	BNC_LIST("--- Original message", "Content-Type: message/rfc822"), NOTICE_ANY, NULL, 0, NULL, 0, "failed", &table,
	"the address of SpamLion's refusal"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "spamlion") && !bnc_notice_header_has(m, "from", BNC_LIST("spamlion")))
		return 0;
	if (bnc_notice_text_has(m, BNC_LIST("confirm", "verify", "challenge")))
		return 0;   /* a challenge: the sender is asked to prove itself */
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "a SpamLion header and a refusal, not a challenge");
}

const struct bnc_decoder bnc_decoder_spamlion = {"SpamLion", inquire, (const struct bnc_table *const[]){&table, NULL}};
