/* phquery.c - notices of campus directory front ends (phquery, the ph/qi
 * CSO name server's mailer): mail to a name the directory does not know,
 * or knows more than once, is returned with "Your letter to <name> is
 * being returned because ..." and the directory's answer.  The name may be
 * a whole address or a bare alias of the campus (the bounce's own domain).
 */
#include "notice.h"
#include "lhost.h"

static const struct bnc_entry entries[] = {
	BNC_T(userunknown, "No matches to your query")
	BNC_T(userunknown, "no one with that alias")
	BNC_T(userunknown, "not found in the directory")
	BNC_T(userunknown, "Too many matches")
	BNC_T(userunknown, "Ambiguous name")
	BNC_T(userunknown, "has no email address")
};
static const struct bnc_table table = BNC_TABLE("phquery", "the campus directory's answers", entries);

static const struct bnc_notice spec[] = {{
	BNC_LIST("Your letter to", "Your message to"), 1,
	BNC_LIST("----- Unsent message follows -----", "----- Original message follows", "----- Returned message"),
	NOTICE_LABEL, BNC_LIST("Your letter to", "Your message to"), NOTICE_FROM_DOMAIN, 0, "failed", &table,
	"the name of the 'Your letter to' sentence of a directory notice"}};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_notice_text_has(m, BNC_LIST("phquery", " ph directory", "campus directory", " the ph server", "qi server")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "a directory (ph/phquery) notice: 'Your letter to ... is being returned'");
}

const struct bnc_decoder bnc_decoder_phquery = {"Phquery", inquire, (const struct bnc_table *const[]){&table, NULL}};
