/* exchange2007.c - Microsoft Exchange Server 2007 and later (also Office 365
 * and Outlook.com) non-delivery reports, in several languages.
 *
 * The report carries a "Diagnostic information for administrators:" block:
 * a "Generating server:" line, then each recipient on a line of its own
 * followed by the "#550 5.1.1 RESOLVER.ADR.RecipNotFound; ..." line.  The
 * Exchange-specific code between the status and the ';' names the reason.
 */
#include <string.h>
#include "private.h"
#include "smtpcode.h"
#include "hosts.h"
#include "rfc1894.h"
#include "dsn.h"
#include "xch-moji.h"

static const char *const subjects[] = {
	"Undeliverable", "Non_remis_", "Non remis ", "Non recapitabile", "Olevererbart",
};
static const char *const senders[] = {"postmaster@outlook.com", ".onmicrosoft.com"};
/* where the copy of the original message's headers begins */
static const char *const boundaries[] = {
	"Original Message Headers",
	"Original message headers:",
	"tes de message d'origine :",            /* fr: En-têtes de message d'origine */
	"Intestazioni originali del messaggio:", /* it */
	"Ursprungshuvuden:",                     /* sv */
};
static const char *const error_marks[] = {" RESOLVER.", " QUEUE."};
/* the line that opens the part we read */
/* (Sisimai 5.2.0 did not yet start at "Error Details": its records for
 * Office 365 reports carry no diagnosis, so neither do ours) */
static const char *const start_marks[] = {
	"Diagnostic information for administrators:",
	"Informations de diagnostic pour les administrateurs",
	"Informazioni di diagnostica per gli amministratori",
	"Diagnostisk information f",
};
static const char *const rhost_marks[] = {
	"Generating server", "Serveur de g", "Server di generazione", "Genererande server",
};
/* Exchange's own error names and what Sisimai makes of them */
static const struct {
	const char *code, *reason;
} ndr_codes[] = {
	{"SMTPSEND.DNS.NonExistentDomain", "hostunknown"},
	{"SMTPSEND.DNS.MxLoopback", "networkerror"},
	{"RESOLVER.ADR.BadPrimary", "systemerror"},
	{"RESOLVER.ADR.RecipNotFound", "userunknown"},
	{"RESOLVER.ADR.RecipientNotFound", "userunknown"},
	{"RESOLVER.ADR.ExRecipNotFound", "userunknown"},
	{"RESOLVER.ADR.RecipLimit", "toomanyconn"},
	{"RESOLVER.ADR.InvalidInSmtp", "systemerror"},
	{"RESOLVER.ADR.Ambiguous", "systemerror"},
	{"RESOLVER.RST.AuthRequired", "securityerror"},
	{"RESOLVER.RST.NotAuthorized", "rejected"},
	{"RESOLVER.RST.RecipSizeLimit", "exceedlimit"},
	{"QUEUE.Expired", "expired"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	int votes = 0;
	if (xch_contains_any(xch_hdr(m, "subject"), subjects, G_N_ELEMENTS(subjects)))
		votes++;
	if (xch_contains_any(xch_hdr(m, "from"), senders, G_N_ELEMENTS(senders)))
		votes++;
	if (xch_contains_any(m->payload, error_marks, G_N_ELEMENTS(error_marks)))
		votes++;
	if (xch_contains_any(m->payload, start_marks, G_N_ELEMENTS(start_marks)))
		votes++;
	if (bnc_msg_header(m, "content-language"))
		votes++;
	if (votes < 2)
		return 0;

	char *errpart, *orig;
	bnc_split_original(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	GPtrArray *recs = g_ptr_array_new();
	GPtrArray *diag = g_ptr_array_new();
	struct bnc_rec *v = bnc_rec_new();
	GString *d = g_string_new(NULL);
	g_ptr_array_add(recs, v);
	g_ptr_array_add(diag, d);
	int reading = 0, recipients = 0;

	char **lines = g_strsplit(errpart, "\n", -1);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (xch_prefix_any(e, start_marks, G_N_ELEMENTS(start_marks)))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;
		const char *at = strchr(e, '@');
		if (!strchr(e, ' ') && at && at - e > 1) {
			/* a line holding nothing but the recipient's address */
			if (v->f[RF_RECIPIENT]) {
				v = bnc_rec_new();
				d = g_string_new(NULL);
				g_ptr_array_add(recs, v);
				g_ptr_array_add(diag, d);
			}
			char *a = bnc_address_s3s4(e);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the address line of the 'Diagnostic information for administrators' block");
			g_free(a);
			recipients++;
		} else if (xch_prefix_any(e, rhost_marks, G_N_ELEMENTS(rhost_marks))) {
			char *h = xch_host_find(e);
			if (h && bnc_is_internet_host(h))
				bnc_rec_set(v, RF_RHOST, h, -1, "the 'Generating server:' line");
			g_free(h);
		} else {
			char rc[4] = "", st[16] = "";
			xch_reply_find(e, "", rc);
			bnc_status_find(e, "", st);
			if (*rc || *st || strstr(e, "Remote Server ")) {
				/* "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" */
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "the reply code of the '#550 5.x.x RESOLVER...' line");
				bnc_rec_set(v, RF_STATUS, st, -1, "the status code of the '#550 5.x.x RESOLVER...' line");
				g_string_append(d, e);
				g_string_append_c(d, ' ');
			}
		}
	}
	g_strfreev(lines);

	if (!recipients && strstr(errpart, "Original Message Details")) {
		/* a report that names the recipient only as "Recipient Address:" */
		const char *p = strstr(errpart, "\nRecipient Address: ");
		const char *q = p ? strchr(p + 20, '\n') : NULL;
		if (q) {
			char *raw = g_strndup(p + 20, (gsize)(q - p - 20));
			char *a = bnc_address_s3s4(raw);
			if (bnc_is_address(a)) {
				bnc_rec_set(v, RF_RECIPIENT, a, -1, "the 'Recipient Address:' line of 'Original Message Details'");
				recipients++;
			}
			g_free(a);
			g_free(raw);
		}
	}

	for (guint j = 0; recipients && j < recs->len; j++) {
		struct bnc_rec *r = g_ptr_array_index(recs, j);
		char *s = bnc_sweep(((GString *)g_ptr_array_index(diag, j))->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the '#550 5.x.x RESOLVER...' line");
		const char *p0 = NULL, *p1 = strchr(s, ';');
		for (size_t k = 0; k < G_N_ELEMENTS(error_marks) && !p0; k++)
			p0 = strstr(s, error_marks[k]);
		if (p0 && p1 && p1 > p0) {
			char *code = g_strndup(p0 + 1, (gsize)(p1 - p0 - 1));
			for (size_t k = 0; k < G_N_ELEMENTS(ndr_codes); k++)
				if (!strcmp(code, ndr_codes[k].code)) {
					bnc_rec_set(r, RF_REASON, ndr_codes[k].reason, -1, "Exchange's error name before the ';' (RESOLVER.*, QUEUE.*)");
					break;
				}
			g_free(code);
		}
		g_free(s);
	}

	int ok = recipients > 0;
	xch_finish(recs, diag, ok, out);
	if (ok) {
		g_string_assign(out->rfc822, orig);
		out->claimed = "an Exchange 2007 report: Subject/From/Content-Language and a 'Diagnostic information for administrators' block";
	}
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_exchange2007 = {"Exchange2007", inquire};
