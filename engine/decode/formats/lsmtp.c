/* lsmtp.c - L-Soft's LSMTP (for Windows) reports: "--> Error description:"
 * then per address "Error-For: user@example.org", "Error-Code: 5",
 * "Error-Text: ..." and "Error-End: One error reported.".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("--> Error description:"), 0, BNC_LIST("Error-End:"), NOTICE_LABEL, BNC_LIST("Error-For:"), NULL, 0,
	"failed", NULL, "the Error-For: line of LSMTP's report"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("--> Error description:")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "LSMTP's '--> Error description:' and its Error-For: lines");
}

const struct bnc_decoder bnc_decoder_lsmtp = {"LSMTP", inquire, NULL};
