/* usanet.c - USA.NET's notices: "Intended recipient: user@example.org",
 * the reason below ("Reason: ..."), "--------RETURNED MAIL FOLLOWS--------".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(suspend, "account not activated")
};
static const struct bnc_table table = BNC_TABLE("usanet", "USA.NET's notices", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("Intended recipient:"), 1, BNC_LIST("RETURNED MAIL FOLLOWS"), NOTICE_LABEL, BNC_LIST("Intended recipient:"),
	NULL, 0, "failed", &table, "the 'Intended recipient:' line of USA.NET's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("Intended recipient:")) || !bnc_notice_text_has(m, BNC_LIST("RETURNED MAIL FOLLOWS")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "USA.NET's 'Intended recipient:' and 'RETURNED MAIL FOLLOWS'");
}

const struct bnc_decoder bnc_decoder_usanet = {"USANet", inquire, (const struct bnc_table *const[]){&table, NULL}};
