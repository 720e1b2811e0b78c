/* prodigy.c - Prodigy's (prodigy.net) notices of a full mailbox: "User's
 * mailbox is full: <user@example.org>", then "Unable to deliver mail.".
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(mailboxfull, "mailbox is full")
};
static const struct bnc_table table = BNC_TABLE("prodigy", "Prodigy's notices", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("User's mailbox is full:"), 1, BNC_LIST("Unable to deliver mail."), NOTICE_LABEL,
	BNC_LIST("User's mailbox is full:"), NULL, 0, "failed", &table, "the 'User's mailbox is full:' line of Prodigy's notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("User's mailbox is full:")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "Prodigy's 'User's mailbox is full:' line");
}

const struct bnc_decoder bnc_decoder_prodigy = {"Prodigy", inquire, (const struct bnc_table *const[]){&table, NULL}};
