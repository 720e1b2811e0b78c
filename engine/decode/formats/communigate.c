/* communigate.c - CommuniGate Pro's reports whose Final-Recipient: field
 * is empty: the recipient is in the text part ("Failed to deliver to
 * '<user@example.org>'", then the module's report), and in an
 * Original-Recipient: field when there is one.  The RFC 3464 decoder finds
 * no recipient in such a report and keeps nothing.
 */
#include <string.h>
#include "notice.h"
#include "lhost.h"

static const struct bnc_notice spec[] = {{
	BNC_LIST("Failed to deliver to"), 1, BNC_LIST("Content-Type: message/delivery-status"), NOTICE_LABEL,
	BNC_LIST("Failed to deliver to"), NULL, 0, "failed", NULL, "the 'Failed to deliver to' line of CommuniGate Pro's report"}};

/* A "Final-Recipient:" field with nothing after its type. */
static int empty_final_recipient(const char *p)
{
	for (const char *f = p; (f = strstr(f, "Final-Recipient:")) != NULL; f += 16) {
		const char *v = f + 16, *semi = NULL;
		while (*v == ' ')
			v++;
		for (const char *q = v; *q && *q != '\n'; q++)
			if (*q == ';')
				semi = q;
		const char *a = semi ? semi + 1 : v;
		while (*a == ' ')
			a++;
		if (*a == '\n' || !*a || (*a == '<' && a[1] == '>'))
			return 1;
	}
	return 0;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m->payload || !bnc_notice_text_has(m, BNC_LIST("Failed to deliver to")))
		return 0;
	if (!empty_final_recipient(m->payload) && !bnc_notice_header_has(m, "x-mailer", BNC_LIST("CommuniGate")))
		return 0;
	return bnc_notice_read(m, spec, G_N_ELEMENTS(spec), out, "CommuniGate Pro's 'Failed to deliver to' with an empty Final-Recipient:");
}

const struct bnc_decoder bnc_decoder_communigate = {"CommuniGate", inquire, NULL};
