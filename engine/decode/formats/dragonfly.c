/* dragonfly.c - bounces of the DragonFly Mail Agent (dma).
 *
 * Follows Sisimai's DragonFly decoder: "There was an error delivering your
 * mail to <address>." opens a record; the lines after it are the error,
 * the "host [ip] did not like our COMMAND:" line naming the remote host
 * and the command.  Two of dma's own messages name the reason.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "rfc1894.h"

#define AGENT_MARK "This is the DragonFly Mail Agent "
#define RCPT_MARK  "There was an error delivering your mail to <"

/* Where the returned message (or its headers) begins. */
static const char *const cutby[] = {
	"Original message follows.",
	"Message headers follow",
};

/* dma's own error messages and the reasons they mean */
static const struct bnc_entry messagesof_entries[] = {
	BNC_T(expired, "Could not deliver for the last ")   /* dma.c: MAX_TIMEOUT passed */
	BNC_T(hostunknown, "DNS lookup failure: host ")     /* net.c: no MX or A record */
};
static const struct bnc_table messagesof = BNC_TABLE("dragonfly", "DragonFly Mail Agent's own error messages", messagesof_entries);

/* ---- the decoder ---------------------------------------------------------- */

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (!strstr(bnc_hdr(m, "subject"), "Mail delivery failed"))
		return 0;
	int bydma = 0;
	size_t nrecv = bnc_msg_header_count(m, "received");
	for (size_t i = 0; i < nrecv && i < 256 && !bydma; i++)
		bydma = strstr(bnc_msg_header_nth(m, "received", i), " (DragonFly Mail Agent") != NULL;
	if (!bydma)
		return 0;

	char *former, *latter;
	bnc_part(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *d = bnc_sheet_last_diag(&sh);
	int recipients = 0;

	char **lines = bnc_split_lines(former);
	for (size_t li = bnc_lines_from(lines, AGENT_MARK, BNC_AFTER_MARK); lines[li]; li++) {
		const char *e = lines[li];
		if (!*e)
			continue;

		if (bnc_has_prefix(e, RCPT_MARK)) {
			if (v->f[RF_RECIPIENT] && *v->f[RF_RECIPIENT]) {
				v = bnc_sheet_add(&sh);
				d = bnc_sheet_last_diag(&sh);
			}
			char *cv = bnc_address_s3s4(strchr(e, '<'));
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "'There was an error delivering your mail to <...>' line");
			g_free(cv);
			recipients++;
			continue;
		}
		/* the error lines, run together as Sisimai does (no space between) */
		g_string_append(d, e);

		/* "mx.example.jp [192.0.2.25] did not like our RCPT TO:" */
		if (!strstr(e, " did not like our ") || (v->f[RF_RHOST] && *v->f[RF_RHOST]))
			continue;
		char **p = g_strsplit(e, " ", 3);
		const char *dot = strchr(p[0], '.');
		const char *host = (dot && dot - p[0] > 1) || !p[1] ? p[0] : p[1];
		bnc_rec_set(v, RF_RHOST, host, -1, "the '... did not like our ...' line");
		g_strfreev(p);
		char cmd[16];
		if (bnc_command_find(e, cmd))
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the '... did not like our ...' line");
	}
	g_strfreev(lines);

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *sw = bnc_sweep(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, "the error lines after 'There was an error delivering your mail to'");
		bnc_rec_reason_from(r, &messagesof, sw, "one of dma's own error messages");
		g_free(sw);
	}

	bnc_sheet_close(&sh, ok, out, latter,
	                "Subject: Mail delivery failed and a Received: header by the DragonFly Mail Agent");
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_dragonfly = {"DragonFly", inquire, (const struct bnc_table *const[]){&messagesof, NULL}};
