/* smtpsvc.c - notices of Windows' SMTP service (IIS SMTPSVC):
 * "The email below could not be delivered to the following user:" with
 * the address ("user@example.org" <user@example.org>) and "Old message:",
 * or a first part below "Transcript of session follows" listing the
 * addresses and the remote server's replies.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice specs[] = {
	{BNC_LIST("could not be delivered to the following user"), 0, BNC_LIST("Old message:"), NOTICE_ANY, NULL, 0, NULL,
	 0, "failed", NULL, "the address below SMTPSVC's 'could not be delivered to the following user'"},
	{BNC_LIST("Transcript of session follows"), 0, BNC_LIST("Content-Type: message/rfc822", "Original message follows"),
	 NOTICE_ANY, NULL, 0, NULL, 0, "failed", NULL, "an address in SMTPSVC's transcript"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_header_has(m, "received", BNC_LIST("Microsoft SMTPSVC")) &&
	    !bnc_notice_header_has(m, "x-mailer", BNC_LIST("SMTPSVC")) &&
	    !bnc_notice_text_has(m, BNC_LIST("could not be delivered to the following user")))
		return 0;
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "a Microsoft SMTPSVC header or wording");
}

const struct bnc_decoder bnc_decoder_smtpsvc = {"SMTPSVC", inquire, NULL};
