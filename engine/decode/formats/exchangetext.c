/* exchangetext.c - Exchange 2000/2003 notices that come as text only,
 * without the X-MS-* and X-Mailer headers Sisimai's Exchange2003 decoder
 * looks for (relayed, or rewritten by a gateway): "Your message did not
 * reach some or all of the intended recipients." and, below "did not reach
 * the following recipient(s):", each address ("user@example.org on
 * 4/3/2002 5:56 AM") with the reason and the "<host #5.1.1>" below it.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "Unknown Recipient")
	BNC_T(userunknown, "The recipient name is not recognized")
	BNC_T(userunknown, "account does not exist")
};
static const struct bnc_table table = BNC_TABLE("exchange-text", "Exchange's reasons in its text", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("did not reach the following recipient", "could not be reached:"), 0,
	BNC_LIST("Content-Type: message/rfc822", "----- Original Message", "Original message follows"), NOTICE_LINE, NULL, 0,
	NULL, 0, "failed", &table, "an address below 'did not reach the following recipient(s)' in Exchange's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("did not reach some or all of the intended recipients",
	                                     "did not reach the following recipient")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "Exchange's 'did not reach the following recipient(s)' without its headers");
}

const struct bnc_decoder bnc_decoder_exchangetext = {"ExchangeText", inquire, (const struct bnc_table *const[]){&table, NULL}};
