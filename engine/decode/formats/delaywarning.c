/* delaywarning.c - plain-text warnings that a message is delayed, not yet
 * refused: "The address to which the message has not yet been delivered
 * is:", "This is just a warning, you do not need to take any action",
 * "Delivery attempts will continue to be made", "Delivery to the
 * following recipient has been delayed", "... will keep trying".  Each
 * record is delayed; the pipeline reads the reason from the text
 * (expired when it says no more).
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice specs[] = {
	{BNC_LIST("has not yet been delivered"), 0, BNC_LIST("No action is required", "--- Original message", "Content-Type: message/rfc822"),
	 NOTICE_ANY, NULL, 0, NULL, 0, "delayed", NULL, "an address below 'has not yet been delivered'"},
	{BNC_LIST("has been delayed", "could not be delivered yet", "delivery has been delayed", "is delayed"), 0,
	 BNC_LIST("--- Original message", "Content-Type: message/rfc822", "----- Original Message"), NOTICE_LINE, NULL, 0, NULL,
	 0, "delayed", NULL, "an address below a delay warning's first sentence"},
	{BNC_LIST("will keep trying", "will continue to be made", "This is just a warning", "will be retried", "still trying"),
	 1, BNC_LIST("--- Original message", "Content-Type: message/rfc822", "----- Original Message"), NOTICE_ANY, NULL, 0,
	 NULL, 0, "delayed", NULL, "an address near a delay warning's 'will keep trying'"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_from_mailer(m))
		return 0;
	if (!bnc_notice_text_has(m, BNC_LIST("has not yet been delivered", "will keep trying", "will continue to be made",
	                                     "This is just a warning", "has been delayed", "will be retried")))
		return 0;
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "a mail system's warning that delivery is delayed and will be tried again");
}

const struct bnc_decoder bnc_decoder_delaywarning = {"DelayWarning", inquire, NULL};
