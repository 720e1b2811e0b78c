/* smail.c - Smail 3's notices: the failed addresses between two banners,
 *   |------------------------- Failed addresses follow: ---------------------|
 *    <user@example.org> ... unknown user
 *   |------------------------- Message text follows: ------------------------|
 * The banners' dashes and bars vary between versions and sites, so only
 * their words are looked for.
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "unknown user")
	BNC_T(hostunknown, "unknown host")
};
static const struct bnc_table table = BNC_TABLE("smail", "Smail 3's notices", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("failed addresses follow:"), 0, BNC_LIST("message text follows:"), NOTICE_LINE, NULL, 0,
	NULL, 0, "failed", &table, "an address between Smail's 'Failed addresses follow:' and 'Message text follows:'"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("failed addresses follow:")) ||
	    !bnc_notice_text_has(m, BNC_LIST("message text follows:")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "Smail's 'Failed addresses follow:' and 'Message text follows:' banners");
}

const struct bnc_decoder bnc_decoder_smail = {"Smail", inquire, (const struct bnc_table *const[]){&table, NULL}};
