/* biglobe.c - bounces from BIGLOBE and the Japanese cable providers that
 * share its mailer (inacatv, tmtv, ttv).
 *
 * From: postmaster@<provider>.ne.jp, Subject: "Returned mail: ...".  The
 * failed addresses follow "----- The following addresses had delivery
 * problems -----" one per line; the rest is the error text.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
static const char start_mark[] = "   ----- The following addresses had delivery problems -----";
static const char *const providers[] = {"@biglobe.ne.jp", "@inacatv.ne.jp", "@tmtv.ne.jp", "@ttv.ne.jp"};

static const struct bnc_entry messages_entries[] = {
	BNC_T(filtered, "Mail Delivery Failed... User unknown")
	BNC_T(mailboxfull, "The number of messages in recipient's mailbox exceeded the local limit.")
};
static const struct bnc_table messages = BNC_TABLE("biglobe", "BIGLOBE's own error messages", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	if (!from || !strstr(from, "postmaster@"))
		return 0;
	if (!subject || !bnc_has_prefix(subject, "Returned mail:"))
		return 0;
	int ours = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(providers) && !ours; i++)
		ours = strstr(from, providers[i]) != NULL;
	if (!ours)
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, start_mark, BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		const char *at = strchr(e, '@');
		if (at && at - e > 1 && !strchr(e, ' ')) {
			v = bnc_sheet_next(&rd.sh);
			b = bnc_sheet_last_diag(&rd.sh);
			if (!bnc_is_address(e))
				continue;
			bnc_rec_set(v, RF_RECIPIENT, e, -1, "the address line after 'The following addresses had delivery problems'");
			recipients++;
		} else {
			if (strstr(e, "--"))
				continue;
			g_string_append(b, e);
			g_string_append_c(b, ' ');
		}
	}

	if (recipients) {
		bnc_sheet_diagnosis(&rd.sh, "the 'Non-delivered information' text");
		bnc_sheet_reasons(&rd.sh, &messages, "a phrase of BIGLOBE's notice");
	}

	bnc_reading_close(&rd, recipients, out,
		"From: postmaster@ of BIGLOBE or a provider sharing its mailer, Subject: Returned mail:");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_biglobe = {"Biglobe", inquire, (const struct bnc_table *const[]){&messages, NULL}};
