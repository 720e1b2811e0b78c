/* hotpop.c - notices of HotPOP: "Undeliverable Address: user@example.org",
 * "Reason: ...", then "Original message attached".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("Undeliverable Address:"), 1, BNC_LIST("Original message attached", "--- Original message"), NOTICE_LABEL,
	BNC_LIST("Undeliverable Address:"), NULL, 0, "failed", NULL, "the 'Undeliverable Address:' line of HotPOP's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("Undeliverable Address:")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "HotPOP's 'Undeliverable Address:' line");
}

const struct bnc_decoder bnc_decoder_hotpop = {"HotPOP", inquire, NULL};
