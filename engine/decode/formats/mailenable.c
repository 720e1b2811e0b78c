/* mailenable.c - MailEnable's notices: "Message could not be delivered to
 * some recipients.", then per address "Recipient: [SMTP:user@example.org]"
 * and "Reason: Remote SMTP Server Returned: 550 ...".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("Recipient: [SMTP:"), 1, BNC_LIST("Content-Type: message/rfc822", "--- Original message"), NOTICE_LABEL,
	BNC_LIST("Recipient: [SMTP:"), NULL, 0, "failed", NULL, "the 'Recipient: [SMTP:...]' line of MailEnable's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("Recipient: [SMTP:")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "MailEnable's 'Recipient: [SMTP:...]' lines");
}

const struct bnc_decoder bnc_decoder_mailenable = {"MailEnable", inquire, NULL};
