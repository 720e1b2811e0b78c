/* postmastergw.c - notices of mail gateways that sign "[Postmaster]" in
 * their Subject ("[Postmaster] Email Delivery Failure"): the failed
 * address on a line of its own, or after "recipient", with the reason.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("could not be delivered", "was not delivered", "delivery failure", "undeliverable"), 1,
	BNC_LIST("Content-Type: message/rfc822", "--- Original message", "Original message follows", "----- Original Message"),
	NOTICE_ANY, NULL, 0, NULL, 0, "failed", NULL, "an address in a [Postmaster] gateway's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *subject = bnc_hdr(m, "subject");
	if (!bnc_has_prefix_ci(subject, "[Postmaster]"))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "a Subject of '[Postmaster] ...' and a failure sentence");
}

const struct bnc_decoder bnc_decoder_postmastergw = {"PostmasterGW", inquire, NULL};
