/* qmaillike.c - notices written in qmail's manner by mailers that are not
 * qmail-send, or by qmail-send rewritten: EarthLink's "Sorry, unable to
 * deliver your message to user@example.org for the following reason:",
 * Xinnet's and eYou's "This is the deliver program at ...", "this is the
 * email server at ...", each failed address on a line of its own
 * ("<user@example.org>:" or "user@example.org:") with the remote reply
 * below it.  Sisimai's qmail decoder wants qmail's own Subject or
 * Received: header and its first sentence.
 */
#include "notice.h"
#include "lhost.h"

static const char *const ends[] = {
	"--- Below this line is a copy of the message", "--- Below the next line is a copy", "A copy of the original message",
	"--- Original message follows", "----- Original message",
};

/* What the remote side's words mean, where qmail's own table would say it */
static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "No such user")
	BNC_T(userunknown, "no mailbox here by that name")
	BNC_T(mailboxfull, "Quota violation")
	BNC_T(mailboxfull, "mailbox is full")
};
static const struct bnc_table table = BNC_TABLE("qmail-like", "the replies qmail-like notices quote", entries);

static const struct bnc_notice specs[] = {
	/* EarthLink: the address in the first sentence */
	{BNC_LIST("Sorry, unable to deliver your message to"), 1, ends, G_N_ELEMENTS(ends), NOTICE_ANY, NULL, 0, NULL, 0,
	 "failed", &table, "the address of EarthLink's 'unable to deliver your message to' sentence"},
	{BNC_LIST("This is the deliver program at", "this is the email server at", "This is the mail delivery agent at",
	          "I'm afraid I wasn't able to deliver your message", "Your message could not be delivered to the following"),
	 0, ends, G_N_ELEMENTS(ends), NOTICE_LINE, NULL, 0, NULL, 0, "failed", &table,
	 "an address on a line of its own in a qmail-like notice"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_from_mailer(m))
		return 0;
	return bnc_notice_read(m, specs, G_N_ELEMENTS(specs), out, "a mail system's sender and a qmail-like notice's first sentence");
}

const struct bnc_decoder bnc_decoder_qmaillike = {"QmailLike", inquire, (const struct bnc_table *const[]){&table, NULL}};
