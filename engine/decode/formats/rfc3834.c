/* autoreply.c - auto-replies (RFC 3834), after Sisimai 5.2.0's rfc3834.Inquire.
 *
 * A message is an auto-reply when one of Auto-Submitted, Precedence, Subject
 * or X-Apple-Action begins with a known keyword, unless it comes from root,
 * postmaster or mailer-daemon, goes to root, or its subject marks a sudo or
 * Exim notice.  The one record is for the address in From: (or Return-Path:),
 * reason "vacation", its diagnosis the body text.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"


/* lower-cased keywords */
static const char *const not_from[] = {"root@", "postmaster@", "mailer-daemon@"};
static const char *const not_to[] = {"root@"};
static const char *const not_subject[] = {"security information for", "mail failure -"};
static const char *const ar_submitted[] = {"auto-generated", "auto-replied", "auto-notified"};
static const char *const ar_precedence[] = {"auto_reply"};
static const char *const ar_subject[] = {"auto:", "auto response:", "automatic reply:", "out of office:",
                                         "out of the office:"};
static const char *const ar_apple[] = {"vacation"};

/* What an auto-reply says of a mailbox given up: suspend, not vacation */
static const struct bnc_entry gone_entries[] = {
	BNC_T(suspend, "is no longer in use")
	BNC_T(suspend, "is no longer used")
	BNC_T(suspend, "is no longer active")
};
static const struct bnc_table gone = BNC_TABLE("rfc3834", "what an auto-reply says of a mailbox given up", gone_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || m->nhdr == 0 || !m->payload || !*m->payload)
		return 0;

	char *lfrom = bnc_ascii_lower(bnc_hdr(m, "from"));
	char *lto = bnc_ascii_lower(bnc_hdr(m, "to"));
	char *lsubj = bnc_ascii_lower(bnc_hdr(m, "subject"));
	char *lauto = bnc_ascii_lower(bnc_hdr(m, "auto-submitted"));
	char *lprec = bnc_ascii_lower(bnc_hdr(m, "precedence"));
	char *lapple = bnc_ascii_lower(bnc_hdr(m, "x-apple-action"));
	const char *claim = NULL;
	int ok = 0;
	char *recipient = NULL;
	const char *rwhy = NULL;

	/* exclusions first */
	if (bnc_contains_any(lfrom, not_from, G_N_ELEMENTS(not_from)) || bnc_contains_any(lto, not_to, G_N_ELEMENTS(not_to)) || bnc_contains_any(lsubj, not_subject, G_N_ELEMENTS(not_subject)))
		goto done;

	if (bnc_prefix_any(lauto, ar_submitted, G_N_ELEMENTS(ar_submitted)))
		claim = "Auto-Submitted: auto-generated, auto-replied or auto-notified";
	else if (bnc_prefix_any(lprec, ar_precedence, G_N_ELEMENTS(ar_precedence)))
		claim = "Precedence: auto_reply";
	else if (bnc_prefix_any(lsubj, ar_subject, G_N_ELEMENTS(ar_subject)))
		claim = "Subject: begins with Auto:, Auto Response:, Automatic reply:, Out of Office: or Out of the Office:";
	else if (bnc_prefix_any(lapple, ar_apple, G_N_ELEMENTS(ar_apple)))
		claim = "X-Apple-Action: vacation";
	if (!claim)
		goto done;

	static const char *const rcpt_hdrs[] = {"from", "return-path"};
	for (size_t i = 0; i < G_N_ELEMENTS(rcpt_hdrs) && !recipient; i++) {
		const char *v = bnc_msg_header(m, rcpt_hdrs[i]);
		if (!v)
			continue;
		char *cv = bnc_address_s3s4(v);
		if (bnc_is_address(cv)) {
			recipient = cv;
			rwhy = i == 0 ? "From: header of the auto-reply" : "Return-Path: header of the auto-reply";
		} else {
			g_free(cv);
		}
	}
	if (!recipient)
		goto done;

	/* "\n\n" becomes "\n" in one pass, then LFs trimmed from both ends */
	GString *body = g_string_sized_new(m->payload_len);
	for (const char *p = m->payload; *p; p++) {
		if (p[0] == '\n' && p[1] == '\n') {
			g_string_append_c(body, '\n');
			p++;
			continue;
		}
		g_string_append_c(body, *p);
	}
	size_t b = 0, e = body->len;
	while (b < e && body->str[b] == '\n')
		b++;
	while (e > b && body->str[e - 1] == '\n')
		e--;
	char *text = g_strndup(body->str + b, e - b);
	g_string_free(body, TRUE);

	/* the one record: its diagnosis built in the sheet's buffer */
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *rec = bnc_sheet_last(&sh);
	GString *diag = bnc_sheet_last_diag(&sh);
	char **lines = bnc_split_lines(text);
	const char *dwhy;
	if (g_strv_length(lines) < 5) {
		for (char *p = text; *p; p++)
			if (*p == '\n')
				*p = ' ';
		char *sw = bnc_sweep(text);
		g_string_assign(diag, sw);
		g_free(sw);
		dwhy = "the whole body, fewer than five lines";
	} else {
		for (char **l = lines; *l; l++)
			if (**l && strncmp(*l, "--", 2))
				g_string_append_printf(diag, "%s ", *l);
		dwhy = "the body's lines, boundary lines left out";
	}
	g_strfreev(lines);
	g_free(text);

	GString *rfc822 = g_string_new("");
	const char *subject = bnc_hdr(m, "subject");
	const char *colon = strstr(subject, ": ");
	if (colon && bnc_contains_any(lsubj, ar_subject, G_N_ELEMENTS(ar_subject))) {
		char *sw = bnc_sweep(colon + 2);
		g_string_append_printf(rfc822, "Subject: %s\n", sw);
		g_free(sw);
	}
	g_string_append_printf(rfc822, "To: <%s>\n", recipient);

	bnc_rec_set(rec, RF_RECIPIENT, recipient, -1, rwhy);
	bnc_rec_set(rec, RF_DIAGNOSIS, diag->str, -1, dwhy);
	/* an auto-reply saying the mailbox is given up is no vacation
	 * (Sisimai 5.5.0 and later): the lower-cased text against the table */
	char *low = bnc_ascii_lower(diag->str);
	if (!bnc_rec_reason_from(rec, &gone, low, "an auto-reply saying the mailbox is no longer used"))
		bnc_rec_set(rec, RF_REASON, "vacation", -1, "every other auto-reply is a vacation record");
	g_free(low);
	bnc_rec_set(rec, RF_DATE, bnc_hdr(m, "date"), -1, "Date: header of the auto-reply");

	ok = bnc_sheet_close(&sh, 1, out, rfc822->str, claim);
	g_string_free(rfc822, TRUE);

done:
	g_free(recipient);
	g_free(lfrom);
	g_free(lto);
	g_free(lsubj);
	g_free(lauto);
	g_free(lprec);
	g_free(lapple);
	return ok;
}

const struct bnc_decoder bnc_decoder_rfc3834 = {"RFC3834", inquire, (const struct bnc_table *const[]){&gone, NULL}};
