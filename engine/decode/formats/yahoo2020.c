/* yahoo2020.c - Yahoo's notices of 2020 and 2021, in qmail-send's words
 * ("I'm afraid I wasn't able to deliver your message to the following
 * addresses.") under a Subject and a sender of Yahoo's own, so that
 * Sisimai's qmail decoder, which wants qmail's Subject or Received: header,
 * passes them over: "<user@example.org>:" and the remote reply below.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("I'm afraid I wasn't able to deliver", "I wasn't able to deliver your message", "unable to deliver your message to the following"),
	0, BNC_LIST("--- Below this line is a copy of the message", "--- Original message follows"), NOTICE_LINE, NULL, 0, NULL, 0,
	"failed", NULL, "the '<address>:' line of Yahoo's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_from_domain(m, BNC_LIST("yahoo.com", "yahoo.co.jp", "yahoo.co.uk", "ymail.com", "yahoodns.net")) &&
	    !bnc_notice_header_has(m, "received", BNC_LIST("yahoo.com", "yahoodns.net")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "a Yahoo sender or Received: header and qmail's 'I wasn't able to deliver' wording");
}

const struct bnc_decoder bnc_decoder_yahoo2020 = {"Yahoo2020", inquire, NULL};
