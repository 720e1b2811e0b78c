/* arf.c - ARF (RFC 5965) feedback reports, after Sisimai 5.2.0's arf.Inquire.
 *
 * A report is claimed by its Content-Type (report-type=feedback-report), by
 * the Hotmail / Amazon SES complaint shape, or by X-Apple-Unsubscribe: true.
 * Every record gets reason "feedback"; fields of the message/feedback-report
 * part fill recipient, feedback type, rhost (Source-IP), lhost (Reporting-MTA)
 * and date (Arrival-Date / Received-Date).
 */
#include <string.h>
#include "private.h"
#include "rfc1894.h"


/* ---- small string tools behaving like Sisimai's ------------------------- */

/* every needle found, each one after the end of the previous one */
static int aligned(const char *s, const char *const *needles, size_t n)
{
	if (!s || !*s || n == 0)
		return 0;
	long align = -1;
	for (size_t i = 0; i < n; i++) {
		if (align > 0)
			s += align + 1;
		const char *p = strstr(s, needles[i]);
		if (!p)
			return 0;
		align = (long)strlen(needles[i]) + (long)(p - s) - 1;
	}
	return 1;
}

/* tabs to spaces, trimmed, runs of spaces squeezed (newlines kept), then the
 * text from a " --" boundary marker on dropped unless "-- " occurs */
static char *moji_sweep(const char *s)
{
	if (!s || !*s)
		return g_strdup("");
	char *t = g_strdup(s);
	for (char *p = t; *p; p++)
		if (*p == '\t')
			*p = ' ';
	g_strstrip(t);
	char *w = t;
	for (const char *r = t; *r; r++) {
		if (*r == ' ' && w > t && w[-1] == ' ')
			continue;
		*w++ = *r;
	}
	*w = 0;
	while (strstr(t, " --") && !strstr(t, "-- "))
		*strstr(t, " --") = 0;
	return t;
}

/* the text between begin and until, the search for until starting one byte
 * past the end of begin */
static char *moji_select(const char *s, const char *begin, const char *until)
{
	size_t sl = strlen(s), bl = strlen(begin), ul = strlen(until);
	if (!sl || !bl || !ul || sl < 3 || sl <= bl + ul)
		return g_strdup("");
	const char *b = strstr(s, begin);
	if (!b)
		return g_strdup("");
	const char *from = b + bl;
	if (!*from)
		return g_strdup("");
	const char *u = strstr(from + 1, until);
	if (!u)
		return g_strdup("");
	return g_strndup(from, (gsize)(u - from));
}

/* Sisimai's rfc5322.Part with keeps=false: [0] the text before the first
 * boundary found, [1] the original message's header block */
static void split_parts(const char *body, char **former, char **latter)
{
	static const char *const cutby[] = {
		"Content-Type: message/rfc822",
		"Content-Type: text/rfc822-headers",
		"Content-Type: text/rfc822-header",
	};
	long pos = -1;
	for (size_t i = 0; i < G_N_ELEMENTS(cutby); i++) {
		const char *p = strstr(body, cutby[i]);
		if (p) {
			pos = p - body;
			break;
		}
	}
	if (pos <= 0) {
		*former = g_strdup(body);
		*latter = g_strdup("");
		return;
	}
	*former = g_strndup(body, (gsize)pos);
	const char *rest = body + pos;
	char *picked = NULL;
	char **chunks = g_strsplit(rest, "\n\n", -1);
	for (char **c = chunks; *c; c++)
		if (strstr(*c, "Received: ") && strstr(*c, "From: ")) {
			picked = g_strdup(*c);
			break;
		}
	g_strfreev(chunks);
	if (!picked)
		picked = g_strdup(rest);
	const char *q = picked;
	while (*q == ' ' || *q == '\n' || *q == '\r')
		q++;
	GString *o = g_string_new(q);
	g_free(picked);
	if (o->len && o->str[o->len - 1] != '\n')
		g_string_append_c(o, '\n');
	*latter = g_string_free(o, FALSE);
}

static const char *hdr(const struct bnc_msg *m, const char *name)
{
	const char *v = bnc_msg_header(m, name);
	return v ? v : "";
}

/* ---- detection ----------------------------------------------------------- */

static const char *is_arf(const struct bnc_msg *m)
{
	static const char *const rt[] = {"report-type=", "feedback-report"};
	const char *ctype = hdr(m, "content-type");
	if (aligned(ctype, rt, 2))
		return "Content-Type: multipart/report; report-type=feedback-report";
	if (strstr(ctype, "multipart/mixed") && strstr(hdr(m, "subject"), "complaint about message from ")) {
		const char *from = hdr(m, "from");
		if (strstr(from, "staff@hotmail.com"))
			return "Content-Type: multipart/mixed, Subject: complaint about message from ..., From: staff@hotmail.com";
		if (strstr(from, "complaints@email-abuse.amazonses.com"))
			return "Content-Type: multipart/mixed, Subject: complaint about message from ..., "
			       "From: complaints@email-abuse.amazonses.com";
	}
	const char *apple = bnc_msg_header(m, "x-apple-unsubscribe");
	if (apple && !strcmp(apple, "true"))
		return "X-Apple-Unsubscribe: true";
	return NULL;
}

/* ---- decoding ------------------------------------------------------------ */

struct arf_row {
	char *recipient;
	char *ftype;
	GString *diag;
	const char *rwhy;
};

static struct arf_row *row_new(GPtrArray *rows)
{
	struct arf_row *r = g_new0(struct arf_row, 1);
	r->diag = g_string_new("");
	g_ptr_array_add(rows, r);
	return r;
}

static void row_free(gpointer p)
{
	struct arf_row *r = p;
	g_free(r->recipient);
	g_free(r->ftype);
	g_string_free(r->diag, TRUE);
	g_free(r);
}

static const char *after_space(const char *e)
{
	const char *sp = strchr(e, ' ');
	return sp ? sp + 1 : e;
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || m->nhdr == 0 || !m->payload || !*m->payload)
		return 0;
	const char *claim = is_arf(m);
	if (!claim)
		return 0;

	/* preface lines of the human-readable part, lower-cased; each inner
	 * list must be found in order */
	static const char *const pf0[] = {"this is a", "abuse report"};
	static const char *const pf1[] = {"this is a", "authentication", "failure report"};
	static const char *const pf2[] = {"this is a", " report for"};
	static const char *const pf3[] = {"this is an authentication", "failure report"};
	static const char *const pf4[] = {"this is an autogenerated email abuse complaint"};
	static const char *const pf5[] = {"this is an email abuse report"};
	static const struct { const char *const *v; size_t n; } preface[] = {
		{pf0, 2}, {pf1, 3}, {pf2, 2}, {pf3, 2}, {pf4, 1}, {pf5, 1},
	};

	char *former, *latter;
	split_parts(m->payload, &former, &latter);

	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	struct arf_row *v = row_new(rows);
	int reading = 0, reportpart = 0, recipients = 0;
	char *timestamp0 = g_strdup(""), *remotehost = g_strdup(""), *reportedby = g_strdup("");
	GString *another = g_string_new("");

	char **lines = bnc_split_lines(former);
	for (char **lp = lines; *lp; lp++) {
		const char *e = *lp;
		if (!reading) {
			char *low = bnc_ascii_lower(e);
			for (size_t i = 0; i < G_N_ELEMENTS(preface); i++) {
				if (!aligned(low, preface[i].v, preface[i].n))
					continue;
				reading = 1;
				g_string_append_printf(v->diag, " %s", e);
				break;
			}
			g_free(low);
			continue;
		}
		if (!*e)
			continue;
		if (!strcmp(e, "Content-Type: message/feedback-report")) {
			reportpart = 1;
			continue;
		}
		if (!reportpart) {
			/* text before the report part goes to the diagnosis */
			g_string_append_printf(v->diag, " %s", e);
			continue;
		}
		if (starts(e, "Original-Rcpt-To: ") || starts(e, "Removal-Recipient: ")) {
			char *cv = bnc_address_s3s4(after_space(e));
			struct arf_row *last = g_ptr_array_index(rows, rows->len - 1);
			if (!bnc_is_address(cv) || (last->recipient && !strcmp(cv, last->recipient))) {
				g_free(cv);
				continue;
			}
			if (v->recipient && *v->recipient)
				v = row_new(rows);
			g_free(v->recipient);
			v->recipient = cv;
			v->rwhy = starts(e, "Original-Rcpt-To: ") ? "Original-Rcpt-To: field of the feedback report"
			                                          : "Removal-Recipient: field of the feedback report";
			recipients++;
		} else if (starts(e, "Feedback-Type: ")) {
			g_free(v->ftype);
			v->ftype = g_strdup(after_space(e));
		} else if (starts(e, "Authentication-Results: ") || starts(e, "User-Agent: ") ||
		           starts(e, "Original-Mail-From: ")) {
			g_string_append(another, e);
			g_string_append(another, ", ");
		} else if (starts(e, "Received-Date: ") || starts(e, "Arrival-Date: ")) {
			g_free(timestamp0);
			timestamp0 = g_strdup(after_space(e));
		} else if (starts(e, "Reporting-MTA: ")) {
			struct dsn_field f;
			if (bnc_dsn_field(e, &f)) {
				g_free(reportedby);
				reportedby = g_strdup(f.value);
				bnc_dsn_field_clear(&f);
			}
		} else if (starts(e, "Source-IP: ")) {
			g_free(remotehost);
			remotehost = g_strdup(after_space(e));
		}
	}
	g_strfreev(lines);

	int opt_out = 0, undisclosed = 0;
	if (recipients == 0) {
		const char *apple = bnc_msg_header(m, "x-apple-unsubscribe");
		if (apple) {
			const char *from = hdr(m, "from");
			if (!strcmp(apple, "true") && strchr(from, '@')) {
				struct arf_row *r0 = g_ptr_array_index(rows, 0);
				g_free(r0->recipient);
				r0->recipient = g_strdup(from);
				r0->rwhy = "From: header of an X-Apple-Unsubscribe message";
				char *sw = moji_sweep(former);
				g_string_assign(r0->diag, sw);
				g_free(sw);
				g_free(r0->ftype);
				r0->ftype = g_strdup("opt-out");
				if (!*latter) {
					g_free(latter);
					latter = g_strdup_printf("To: <%s>\n", from);
				}
				opt_out = 1;
				recipients++;
			}
		} else {
			char *to = moji_select(latter, "\nTo:", "\n");
			char *cv = bnc_address_s3s4(to);
			g_free(to);
			struct arf_row *r0 = g_ptr_array_index(rows, 0);
			if (!*cv) {
				g_free(cv);
				cv = g_strdup("undisclosed-recipient-in-headers@libsisimai.org.invalid");
				undisclosed = 1;
			}
			g_free(r0->recipient);
			r0->recipient = cv;
			r0->rwhy = undisclosed ? "no address anywhere: Sisimai's pseudo recipient"
			                       : "To: header of the original message";
			recipients++;
		}
	}

	int ok = recipients > 0;
	if (ok) {
		char *tail = g_strdup("");
		if (another->len) {
			char *sw = moji_sweep(another->str);
			size_t n = strlen(sw);
			while (n && sw[n - 1] == ',')
				sw[--n] = 0;
			g_free(tail);
			tail = g_strconcat(": ", sw, NULL);
			g_free(sw);
		}
		if (!out->recs)
			out->recs = g_ptr_array_new_with_free_func((GDestroyNotify)bnc_rec_free);
		struct bnc_rec *prev = NULL;
		for (guint j = 0; j < rows->len; j++) {
			struct arf_row *r = g_ptr_array_index(rows, j);
			struct bnc_rec *rec = bnc_rec_new();
			char *joined = g_strconcat(r->diag->str, tail, NULL);
			char *diag = moji_sweep(joined);
			g_free(joined);
			bnc_rec_set(rec, RF_RECIPIENT, r->recipient ? r->recipient : "", -1, r->rwhy);
			bnc_rec_set(rec, RF_DIAGNOSIS, diag, -1,
			            opt_out ? "the text of the X-Apple-Unsubscribe message"
			                    : "the report's preface and the text before the feedback-report part, "
			                      "then its User-Agent, Original-Mail-From and Authentication-Results fields");
			g_free(diag);
			bnc_rec_set(rec, RF_REASON, "feedback", -1, "every ARF report is feedback");
			bnc_rec_set(rec, RF_RHOST, remotehost, -1, "Source-IP: field of the feedback report");
			bnc_rec_set(rec, RF_LHOST, reportedby, -1, "Reporting-MTA: field of the feedback report");
			bnc_rec_set(rec, RF_DATE, timestamp0, -1, "Arrival-Date: or Received-Date: field of the feedback report");
			if (r->ftype)
				bnc_rec_set(rec, RF_FEEDBACKTYPE, r->ftype, -1,
				            opt_out ? "X-Apple-Unsubscribe: means opt-out" : "Feedback-Type: field of the feedback report");
			if (prev && rows->len > 1) {
				if (!*bnc_rec_get(rec, RF_DIAGNOSIS))
					bnc_rec_set(rec, RF_DIAGNOSIS, bnc_rec_get(prev, RF_DIAGNOSIS), -1,
					            "copied from the previous recipient of the report");
				if (!*bnc_rec_get(rec, RF_FEEDBACKTYPE))
					bnc_rec_set(rec, RF_FEEDBACKTYPE, bnc_rec_get(prev, RF_FEEDBACKTYPE), -1,
					            "copied from the previous recipient of the report");
			}
			g_ptr_array_add(out->recs, rec);
			prev = rec;
		}
		g_free(tail);
		if (!out->rfc822)
			out->rfc822 = g_string_new(latter);
		else
			g_string_assign(out->rfc822, latter);
		out->claimed = claim;
	}

	g_string_free(another, TRUE);
	g_free(timestamp0);
	g_free(remotehost);
	g_free(reportedby);
	g_free(former);
	g_free(latter);
	g_ptr_array_free(rows, TRUE);
	return ok;
}

const struct bnc_decoder bnc_decoder_arf = {"ARF", inquire};
