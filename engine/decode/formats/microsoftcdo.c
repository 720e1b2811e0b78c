/* microsoftcdo.c - notices sent through Microsoft CDO (X-Mailer:
 * "Microsoft CDO for Windows 2000", Exchange 2000 and IIS's SMTP service):
 * "Your message did not reach some or all of the intended recipients.",
 * then below "The following recipient(s) could not be reached:" each
 * address with the date, the reason and "<host #5.1.1>" on the lines
 * below it.  Sisimai's Exchange2003 decoder wants Exchange's own headers.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("could not be reached:"), 0, BNC_LIST("Content-Type: message/rfc822"), NOTICE_LINE, NULL, 0, NULL, 0,
	"failed", NULL, "an address below 'could not be reached:' in a CDO notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_header_has(m, "x-mailer", BNC_LIST("Microsoft CDO")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "X-Mailer: Microsoft CDO and its 'could not be reached:' list");
}

const struct bnc_decoder bnc_decoder_microsoftcdo = {"MicrosoftCDO", inquire, NULL};
