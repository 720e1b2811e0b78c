/* fact.c - from a decoder's records to verdicts (Sisimai's Fact).
 *
 * For each delivery record: the sender from the original message, the time,
 * the hosts, the cleaned diagnostic text, the reason (engine/classify.c),
 * hard or soft, a status code when none was given, and the token.
 */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "verdict.h"
#include "classify.h"
#include "patterns.h"
#include "smtpcode.h"
#include "hosts.h"
#include "date.h"
#include "received.h"
#include "mime.h"
#include "fact.h"

/* "(", ")", "[", "]" removed, "x=host" -> host, the first word that is not
 * an IPv4 address, no trailing dot. */
static char *clean_host(const char *in)
{
	if (!in || !*in)
		return g_strdup("");
	const char *at = strchr(in, '@');
	GString *s = g_string_new(NULL);
	for (const char *p = at ? at + 1 : in; *p; p++)
		if (!strchr("()[]\r", *p))
			g_string_append_c(s, *p);
	char *eq = strchr(s->str, '=');
	if (eq)
		g_string_erase(s, 0, eq - s->str + 1);
	if (strchr(s->str, ' ')) {
		char **w = g_strsplit(s->str, " ", -1);
		const char *pick = w[0];
		for (char **p = w; *p; p++)
			if (!bnc_is_ipv4(*p)) {
				pick = *p;
				break;
			}
		char *keep = g_strdup(pick);
		g_strfreev(w);
		g_string_assign(s, keep);
		g_free(keep);
	}
	while (s->len && s->str[s->len - 1] == '.')
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

/* Sisimai's clean-up of the diagnostic text: multi-line reply prefixes
 * folded, HTML dropped, white space swept. Gives the status code to keep and
 * the reply code found. */
static char *clean_diag(const char *diag, const char *given_status, const char *given_reply,
                        char status_out[16], char reply_out[4])
{
	GString *d = g_string_new(diag);
	bnc_replace_all(d, "\r", "");
	char cs[16] = "", cr[4] = "";
	bnc_status_find(d->str, "", cs);
	bnc_reply_find(d->str, cs, cr);
	g_strlcpy(status_out, bnc_status_prefer(given_status, cs, cr), 16);
	g_strlcpy(reply_out, given_reply && *given_reply ? given_reply : cr, 4);
	if (strlen(cr) == 3) {
		char dash[5];
		g_snprintf(dash, sizeof dash, "%s-", cr);
		if (strstr(d->str, dash)) {
			static const char *const seps[] = {"-", " "};
			for (int k = 0; k < 2; k++) {
				char *a = g_strconcat(cr, seps[k], cs, NULL);
				char *b = g_strconcat(cr, seps[k], NULL);
				bnc_replace_all(d, a, "");
				bnc_replace_all(d, b, "");
				g_free(a);
				g_free(b);
			}
			if (strstr(d->str, cr)) {
				char *head = g_strconcat(cr, " ", cs, " ", NULL);
				g_string_prepend(d, head);
				g_free(head);
			}
		}
	}
	char *low = bnc_ascii_lower(d->str);
	char *h1 = strstr(low, "<html>"), *h2 = strstr(low, "</html>");
	if (h1 && h2 && h1 > low && h2 > h1) {
		gssize a = h1 - low, b = h2 - low + 7;
		g_string_erase(d, a, b - a);
		g_string_insert(d, a, " ");
	}
	g_free(low);
	char *out = bnc_squeeze_space(d->str);
	g_string_free(d, TRUE);
	return out;
}

/* Whether a host came from a Remote-MTA:, Received-From-MTA: or
 * Reporting-MTA: field, which Sisimai keeps only when it is a host name. */
static int from_dsn_field(const char *why)
{
	return why && (bnc_has_prefix_ci(why, "Remote-MTA:") || bnc_has_prefix_ci(why, "Received-From-MTA:") ||
	               bnc_has_prefix_ci(why, "Reporting-MTA:"));
}

/* A host name of one label ("mailhub0"): letters, digits and hyphens, a
 * letter among them, no hyphen at either end.  A local delivery that fails
 * names its recipient so (Postfix's "kijitora@mailhub0"). */
static int local_host_label(const char *s)
{
	size_t n = strlen(s);
	int letter = 0;
	if (!n || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (; *s; s++) {
		if (!g_ascii_isalnum(*s) && *s != '-')
			return 0;
		letter |= g_ascii_isalpha(*s);
	}
	return letter;
}

/* Sisimai takes a recipient only when its domain is an Internet host name
 * ("localhost" included), an address literal in brackets, or, since 5.5.0,
 * a host name of one label. */
static int domain_is_host(const char *addr)
{
	const char *at = strrchr(addr, '@');
	if (!at)
		return 0;
	return at[1] == '[' || bnc_rfc1123_is_host(at + 1) || local_host_label(at + 1);
}

/* Outside Sisimai's mode a short domain counts too: Sisimai's host-name
 * test wants four characters at least, and so refuses "b.c" of a
 * bounce's own john.b@b.c (issue 16).  Labels of letters, digits and
 * hyphens, two of them at least, the last not all digits. */
static int short_domain(const char *addr)
{
	const char *at = strrchr(addr, '@');
	if (!at || !at[1])
		return 0;
	const char *d = at + 1, *dot = strrchr(d, '.');
	if (!dot || dot == d || !dot[1] || strstr(d, "..") || *d == '-')
		return 0;
	int letter = 0;
	for (const char *p = d; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
			return 0;
		if (p > dot)
			letter |= g_ascii_isalpha(*p);
	}
	return letter;
}

/* The original message's fields a verdict reads: only these are decoded
 * (original_headers), so each list is written once. */
#define ADDRESSER_HEADERS \
	"from", "return-path", "reply-to", "errors-to", "reverse-path", "x-postfix-sender", "envelope-from", \
	"x-envelope-from"
#define DATE_HEADERS "date", "posted-date", "posted", "resent-date"
static const char *const addresser_headers[] = {ADDRESSER_HEADERS};
static const char *const date_headers[] = {DATE_HEADERS};
/* ... and original_fields()'s */
static const char *const original_wanted[] = {
	ADDRESSER_HEADERS, DATE_HEADERS, "message-id", "list-id", "subject", "feedback-id", NULL,
};

/* Values between the first '<' and the next '>' when a, b, c occur in order. */
static int aligned3(const char *s, const char *a, const char *b, const char *c)
{
	const char *p = strstr(s, a);
	if (!p)
		return 0;
	p = strstr(p + strlen(a), b);
	if (!p)
		return 0;
	return strstr(p + strlen(b), c) != NULL;
}

/* Does the text say "RCPT first", in any case? */
static int rcpt_first(const char *diag)
{
	for (const char *p = diag; (p = strchr(p, ' ')) != NULL; p++)
		if (!g_ascii_strncasecmp(p + 1, "rcpt first", 10))
			return 1;
	return !g_ascii_strncasecmp(diag, "rcpt first", 10);
}

/* The original message's headers, with the stand-ins Sisimai adds: the
 * bounce's To: as its From:, the first recipient as its To:. */
static void original_headers(const struct bnc_msg *m, const struct bnc_rising *rising, struct bnc_msg *orig)
{
	GString *rfc = g_string_new(rising->rfc822->str);
	const char *to = bnc_msg_header(m, "to");
	if (!strstr(rfc->str, "\nFrom:") && to) {
		char *l = g_strconcat("From: ", to, "\n", NULL);
		g_string_prepend(rfc, l);
		g_free(l);
	}
	if (rising->recs->len && !strstr(rfc->str, "\nTo:")) {
		struct bnc_rec *r0 = g_ptr_array_index(rising->recs, 0);
		if (r0->f[RF_RECIPIENT] && *r0->f[RF_RECIPIENT]) {
			char *l = g_strconcat("To: <", r0->f[RF_RECIPIENT], ">\n", NULL);
			g_string_prepend(rfc, l);
			g_free(l);
		}
	}
	bnc_parse_header_block_of(rfc->str, orig, original_wanted);
	g_string_free(rfc, TRUE);
}

/* The bounce's Received: headers, newest first, without qmail's own, each
 * host read once when some record first asks for it. */
struct received {
	const char *value[256];
	char *host[256];         /* its from host, when done says it was read */
	unsigned char done[256];
	guint len;
};

static void bounce_received(const struct bnc_msg *m, struct received *r)
{
	r->len = 0;
	for (size_t i = 0, k = 0; i < m->nhdr && k < 256; i++) {
		if (strcmp(m->hdr[i].name, "received"))
			continue;
		k++;
		const char *rv = m->hdr[i].value;
		if (!strstr(rv, " invoked by uid") && !strstr(rv, " invoked from network")) {
			r->done[r->len] = 0;
			r->value[r->len++] = rv;
		}
	}
}

static void received_clear(struct received *r)
{
	for (guint k = 0; k < r->len; k++)
		if (r->done[k])
			g_free(r->host[k]);
}

/* A header naming the mail system itself without a domain ("Mail Delivery
 * Subsystem <MAILER-DAEMON>", bare "postmaster"): the original was a bounce
 * too, and its sender is that name, as Sisimai keeps it.  A copy, or NULL. */
static char *daemon_sender(const char *hv)
{
	static const char *const names[] = {"MAILER-DAEMON", "postmaster"};
	char *t = g_strstrip(g_strdup(hv)), *found = NULL;
	const char *lt = strchr(t, '<');
	for (size_t i = 0; i < G_N_ELEMENTS(names) && !found; i++) {
		size_t n = strlen(names[i]);
		if (!g_ascii_strcasecmp(t, names[i]))
			found = g_strdup(t);
		else if (lt && bnc_ncase_eq(lt + 1, names[i], n) && lt[n + 1] == '>')
			found = g_strndup(lt + 1, n);
	}
	g_free(t);
	return found;
}

/* The sender: the first address of the original's sender headers, else of
 * the bounce's To:.  NULL when there is none (no verdict then). */
static char *sender_of(const struct bnc_msg *orig, const struct bnc_msg *m, const char **src)
{
	char *addresser = NULL;
	*src = "From: of the original message";
	for (size_t k = 0; k < G_N_ELEMENTS(addresser_headers) && !addresser; k++) {
		const char *hv = bnc_msg_header(orig, addresser_headers[k]);
		if (hv)
			addresser = bnc_address_find(hv);
		if (hv && !addresser && (addresser = daemon_sender(hv)))
			*src = "the original message's sender, the mail system itself (the original was a bounce)";
	}
	const char *to = bnc_msg_header(m, "to");
	if (!addresser && to) {
		addresser = bnc_address_find(to);
		*src = "To: of the bounce";
	}
	return addresser;
}

/* The time: the record's date, else the original's date headers, else the
 * bounce's Date:; each read as Sisimai reads dates, then tidied and read
 * again.  0 when none reads. */
static int time_of(const struct bnc_rec *e, const struct bnc_msg *orig, const struct bnc_msg *m, gint64 *epoch,
                   char tz[6])
{
	const char *dates[8];
	size_t nd = 0;
	if (e->f[RF_DATE] && *e->f[RF_DATE])
		dates[nd++] = e->f[RF_DATE];
	for (size_t k = 0; k < G_N_ELEMENTS(date_headers); k++) {
		const char *hv = bnc_msg_header(orig, date_headers[k]);
		if (hv)
			dates[nd++] = hv;
	}
	if (nd < 2 && bnc_msg_header(m, "date"))
		dates[nd++] = bnc_msg_header(m, "date");
	for (size_t k = 0; k < nd; k++)
		if (bnc_mail_date(dates[k], epoch, tz))
			return 1;
	for (size_t k = 0; k < nd; k++) {
		char *t = bnc_rfc5322_date(dates[k]);
		int got = t && bnc_mail_date(t, epoch, tz);
		g_free(t);
		if (got)
			return 1;
	}
	return 0;
}

/* When no date reads as Sisimai reads dates (outside Sisimai's mode): the
 * same dates read word by word (a three-digit year, Outlook's form), then
 * the date of the newest Received: header of the bounce that reads, then
 * the file's modification time.  *src says which. */
static int time_fallback(const struct bnc_rec *e, const struct bnc_msg *orig, const struct bnc_msg *m,
                         const char *origin, gint64 *epoch, char tz[6], const char **src)
{
	const char *dates[8];
	size_t nd = 0;
	if (e->f[RF_DATE] && *e->f[RF_DATE])
		dates[nd++] = e->f[RF_DATE];
	for (size_t k = 0; k < G_N_ELEMENTS(date_headers); k++)
		if (bnc_msg_header(orig, date_headers[k]))
			dates[nd++] = bnc_msg_header(orig, date_headers[k]);
	if (bnc_msg_header(m, "date"))
		dates[nd++] = bnc_msg_header(m, "date");
	for (size_t k = 0; k < nd; k++)
		if (bnc_lenient_date(dates[k], epoch, tz)) {
			*src = "a date read leniently (no date read as Sisimai reads dates)";
			return 1;
		}
	size_t nr = bnc_msg_header_count(m, "received");
	for (size_t k = 0; k < nr && k < 64; k++) {
		const char *rv = bnc_msg_header_nth(m, "received", k), *semi = strrchr(rv, ';');
		if (semi && (bnc_mail_date(semi + 1, epoch, tz) || bnc_lenient_date(semi + 1, epoch, tz))) {
			*src = "the date of the bounce's newest Received: header that has one (no Date: read)";
			return 1;
		}
	}
	/* the message file: its whole name, or an mbox's name before "#N" */
	GStatBuf st;
	char *path = g_strdup(origin ? origin : "");
	char *hash = strrchr(path, '#');
	int got = *path && g_stat(path, &st) == 0;
	if (!got && hash) {
		*hash = 0;
		got = *path && g_stat(path, &st) == 0;
	}
	g_free(path);
	if (got && S_ISREG(st.st_mode)) {
		*epoch = (gint64)st.st_mtime;
		g_strlcpy(tz, "+0000", 6);
		*src = "the message file's modification time (no date in the message read)";
		return 1;
	}
	return 0;
}

/* The host field of the kth Received: header (0: from), when it is a host
 * name: a copy, or NULL. */
static char *received_host(struct received *r, guint k)
{
	if (!r->done[k]) {
		char *rv[6];
		bnc_received_parse(r->value[k], rv);
		r->host[k] = bnc_rfc1123_is_host(rv[0]) ? g_strdup(rv[0]) : NULL;
		for (int q = 0; q < 6; q++)
			g_free(rv[q]);
		r->done[k] = 1;
	}
	return g_strdup(r->host[k]);
}

/* The remote host: the record's (a delivery-status field holds only a host
 * name), else one the diagnostic names, else the oldest Received: from. */
static char *remote_host(const struct bnc_rec *e, struct received *recv, const char **src)
{
	char *rhost = g_strdup(bnc_rec_get(e, RF_RHOST));
	*src = e->why[RF_RHOST];
	if (from_dsn_field(*src) && !bnc_rfc1123_is_host(rhost)) {
		g_free(rhost);
		rhost = g_strdup("");
	}
	if (*rhost)
		return rhost;
	char *cv = bnc_rfc1123_find(bnc_rec_get(e, RF_DIAGNOSIS));
	if (cv && bnc_rfc1123_is_host(cv)) {
		g_free(rhost);
		*src = "a host named in the diagnostic text";
		return cv;
	}
	g_free(cv);
	for (guint k = recv->len; k-- > 0;) {
		char *h = received_host(recv, k);
		if (h) {
			g_free(rhost);
			*src = "the oldest Received: header of the bounce";
			return h;
		}
	}
	return rhost;
}

/* The local host: the record's unless it is the remote host, else the
 * newest Received: from. */
static char *local_host(const struct bnc_rec *e, struct received *recv, const char *rhost, const char **src)
{
	char *lhost = g_strdup(bnc_rec_get(e, RF_LHOST));
	*src = e->why[RF_LHOST];
	if ((from_dsn_field(*src) && !bnc_rfc1123_is_host(lhost)) || !strcmp(lhost, rhost)) {
		g_free(lhost);
		lhost = g_strdup("");
	}
	for (guint k = 0; k < recv->len && !*lhost; k++) {
		char *h = received_host(recv, k);
		if (h) {
			g_free(lhost);
			lhost = h;
			*src = "the newest Received: header of the bounce";
		}
	}
	return lhost;
}

/* What the original message's headers give a verdict: Message-ID, List-Id,
 * Subject, Feedback-ID. */
static void original_fields(struct bnc_verdict *v, const struct bnc_msg *orig)
{
	const char *mid = bnc_msg_header(orig, "message-id");
	if (mid && aligned3(mid, "<", "@", ">")) {
		char *t = g_strdup(mid);
		g_strstrip(t);
		char *a = t;
		while (*a == '<')
			a++;
		size_t n = strlen(a);
		while (n && a[n - 1] == '>')
			a[--n] = 0;
		bnc_verdict_set(v, VF_messageid, a, "Message-ID: of the original message");
		g_free(t);
	}
	const char *lid = bnc_msg_header(orig, "list-id");
	if (lid && aligned3(lid, "<", ".", ">")) {
		const char *a = strchr(lid, '<') + 1, *b = strchr(a, '>');
		char *t = g_strndup(a, (gsize)(b - a));
		bnc_verdict_set(v, VF_listid, t, "List-Id: of the original message");
		g_free(t);
	}
	const char *subj = bnc_msg_header(orig, "subject");
	bnc_verdict_set(v, VF_subject, subj ? subj : "", "Subject: of the original message");
	const char *fbid = bnc_msg_header(orig, "feedback-id");
	if (fbid)
		bnc_verdict_set(v, VF_feedbackid, fbid, "Feedback-ID: of the original message");
}

/* One record to a verdict, or NULL when Sisimai would make none of it. */
static struct bnc_verdict *rise_one(const struct bnc_msg *m, const struct bnc_rising *rising, struct bnc_rec *e,
                                    const struct bnc_msg *orig, struct received *recv, const char *decodedby,
                                    const char *origin, const bnc_options *opt, const char **dropped)
{
	const char *rcpt = bnc_rec_get(e, RF_RECIPIENT);
	if (!*rcpt) {
		*dropped = "no recipient address was found for this record";
		return NULL;
	}
	if (!bnc_is_address(rcpt) || !(domain_is_host(rcpt) || (!opt->sisimai && short_domain(rcpt)))) {
		*dropped = "the recipient is not an address with a host name Sisimai accepts";
		return NULL;
	}
	if (!opt->delivered && bnc_has_prefix(bnc_rec_get(e, RF_STATUS), "2.")) {
		*dropped = "a 2.x.x status: delivered (kept with --delivered)";
		return NULL;
	}
	const char *addrsrc;
	char *addresser = sender_of(orig, m, &addrsrc);
	if (!addresser) {
		*dropped = "no sender address: neither the original message's From: nor the bounce's To: holds one";
		return NULL;
	}
	gint64 epoch = 0;
	char tz[6] = "";
	const char *timesrc = "Date of the bounce or the original message";
	if (!time_of(e, orig, m, &epoch, tz) &&
	    (opt->sisimai || !time_fallback(e, orig, m, origin, &epoch, tz, &timesrc))) {
		*dropped = opt->sisimai ? "no date read, as Sisimai reads dates (without --sisimai: Received: or the file's time)"
		                        : "no date read, no Received: date, no file time";
		g_free(addresser);
		return NULL;
	}
	const char *rhsrc, *lhsrc;
	char *rhost = remote_host(e, recv, &rhsrc);
	char *lhost = local_host(e, recv, rhost, &lhsrc);
	char *rh = clean_host(rhost), *lh = clean_host(lhost);
	g_free(rhost);
	g_free(lhost);

	struct bnc_verdict *v = bnc_verdict_new();
	original_fields(v, orig);

	char status[16] = "", reply[4] = "";
	char *diag;
	if (*bnc_rec_get(e, RF_DIAGNOSIS)) {
		diag = clean_diag(bnc_rec_get(e, RF_DIAGNOSIS), bnc_rec_get(e, RF_STATUS), bnc_rec_get(e, RF_REPLYCODE),
		                  status, reply);
	} else {
		diag = g_strdup("");
		g_strlcpy(status, bnc_rec_get(e, RF_STATUS), sizeof status);
		g_strlcpy(reply, bnc_rec_get(e, RF_REPLYCODE), sizeof reply);
	}
	int reason = *bnc_rec_get(e, RF_REASON) ? bnc_reason_lookup(bnc_rec_get(e, RF_REASON)) : -1;
	const char *spec = bnc_rec_get(e, RF_SPEC);
	const char *diagtype = spec;
	if (!*spec)
		diagtype = (reason == BNC_R_feedback || reason == BNC_R_vacation) ? "" : "SMTP";
	const char *cmd = bnc_command_test(bnc_rec_get(e, RF_COMMAND)) ? bnc_rec_get(e, RF_COMMAND) : "";
	const char *cmdsrc = e->why[RF_COMMAND];
	if (rcpt_first(diag)) {
		/* "503 5.5.1 RCPT first": the reply to a DATA no recipient was
		 * accepted for; the recipient was refused (Sisimai 5.7) */
		cmd = "RCPT";
		cmdsrc = "'RCPT first' in the diagnostic text";
	}

	char *rdomain = NULL, *sdomain = NULL;
	g_free(bnc_address_user_host(rcpt, &rdomain));
	g_free(bnc_address_user_host(addresser, &sdomain));
	const char *alias = bnc_rec_get(e, RF_ALIAS);
	if (!strcmp(alias, rcpt))
		alias = "";

	bnc_verdict_set(v, VF_action, bnc_rec_get(e, RF_ACTION), e->why[RF_ACTION]);
	bnc_verdict_set(v, VF_addresser, addresser, addrsrc);
	bnc_verdict_set(v, VF_alias, alias, e->why[RF_ALIAS]);
	bnc_verdict_set(v, VF_deliverystatus, status, e->why[RF_STATUS]);
	bnc_verdict_set(v, VF_destination, rdomain, "the recipient's domain");
	bnc_verdict_set(v, VF_diagnosticcode, diag, e->why[RF_DIAGNOSIS]);
	bnc_verdict_set(v, VF_diagnostictype, diagtype, e->why[RF_SPEC]);
	bnc_verdict_set(v, VF_feedbacktype, bnc_rec_get(e, RF_FEEDBACKTYPE), e->why[RF_FEEDBACKTYPE]);
	bnc_verdict_set(v, VF_lhost, lh, lhsrc);
	bnc_verdict_set(v, VF_origin, origin, NULL);
	bnc_verdict_set(v, VF_rhost, rh, rhsrc);
	bnc_verdict_set(v, VF_recipient, rcpt, e->why[RF_RECIPIENT]);
	bnc_verdict_set(v, VF_replycode, reply, e->why[RF_REPLYCODE]);
	bnc_verdict_set(v, VF_decodedby, *bnc_rec_get(e, RF_AGENT) ? bnc_rec_get(e, RF_AGENT) : decodedby, NULL);
	bnc_verdict_set(v, VF_command, cmd, cmdsrc);
	bnc_verdict_set(v, VF_senderdomain, sdomain, addrsrc);
	v->timestamp = epoch;
	char ts[32];
	g_snprintf(ts, sizeof ts, "%" G_GINT64_FORMAT, epoch);
	bnc_verdict_set(v, VF_timestamp, ts, timesrc);
	bnc_verdict_set(v, VF_timezoneoffset, tz, NULL);
	char *tok = bnc_token(addresser, rcpt, epoch);
	bnc_verdict_set(v, VF_token, tok, NULL);
	g_free(tok);
	g_free(rdomain);
	g_free(sdomain);
	v->claim = g_strdup_printf("%s: %s", bnc_vf(v, VF_decodedby), rising->claimed ? rising->claimed : "");

	struct classify_in ci = {reason, status, reply, diag, diagtype, cmd, bnc_rec_get(e, RF_ACTION),
	                         rh, bnc_vf(v, VF_destination), lh, &e->reason_hit};
	if (!bnc_decide(v, &ci, opt)) {
		*dropped = "an auto-reply (kept with --vacation)";
		bnc_verdict_free(v);
		v = NULL;
	}
	g_free(addresser);
	g_free(rh);
	g_free(lh);
	g_free(diag);
	return v;
}

/* The verdicts of one message may hold VERDICT_BUDGET times its text, and
 * 1 MB more, in all; past that, every field of a later verdict is cut to
 * VERDICT_FIELD_SHORT bytes.  Fields shared by every recipient (the
 * original's Subject, a long diagnosis) would otherwise cost recipients
 * times their length: 10,000 recipients of a 15 KB Subject, 150 MB from a
 * message of 800 KB. */
#define VERDICT_BUDGET      8
#define VERDICT_BUDGET_MIN  (1u << 20)
#define VERDICT_FIELD_SHORT 256

static size_t verdict_bytes(const struct bnc_verdict *v)
{
	size_t n = 0;
	for (int f = 0; f < VF__COUNT; f++)
		n += v->v[f] ? strlen(v->v[f]) : 0;
	return n;
}

/* Each field cut to VERDICT_FIELD_SHORT bytes at a character boundary;
 * whether any was. */
static int verdict_shorten(struct bnc_verdict *v)
{
	int cut = 0;
	for (int f = 0; f < VF__COUNT; f++) {
		char *s = v->v[f];
		if (!s || strlen(s) <= VERDICT_FIELD_SHORT)
			continue;
		size_t k = VERDICT_FIELD_SHORT;
		while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		v->v[f] = g_strndup(s, k);   /* a copy: the long one's memory goes */
		g_free(s);
		cut = 1;
	}
	return cut;
}

int bnc_rise(const struct bnc_msg *m, struct bnc_rising *rising, const char *decodedby, const char *origin,
             const bnc_options *opt, GPtrArray *out, GPtrArray *dropped, int *no_recipient)
{
	int unaddressed = 0;
	struct bnc_msg orig = {0};
	original_headers(m, rising, &orig);
	struct received *recv = g_new(struct received, 1);
	bounce_received(m, recv);
	size_t budget = VERDICT_BUDGET * (m->payload_len + rising->rfc822->len) + VERDICT_BUDGET_MIN, spent = 0;
	int made = 0;
	for (guint i = 0; i < rising->recs->len; i++) {
		const char *why = NULL;
		struct bnc_rec *rec = g_ptr_array_index(rising->recs, i);
		struct bnc_verdict *v = rise_one(m, rising, rec, &orig, recv, decodedby, origin, opt, &why);
		if (!v && why && dropped && dropped->len < 100)
			g_ptr_array_add(dropped, g_strdup_printf("<%.200s>: %s", bnc_rec_get(rec, RF_RECIPIENT), why));
		if (!v && why && (bnc_has_prefix(why, "no recipient") || bnc_has_prefix(why, "the recipient is not")))
			unaddressed++;
		if (v) {
			if (spent > budget && verdict_shorten(v))
				rising->trimmed = 1;
			spent += verdict_bytes(v);
			g_ptr_array_add(out, v);
			made++;
		}
	}
	bnc_msg_clear(&orig);
	received_clear(recv);
	g_free(recv);
	if (no_recipient)
		*no_recipient = !made && unaddressed == (int)rising->recs->len;
	return made;
}
