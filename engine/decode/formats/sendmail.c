/* sendmail.c - bounces written by sendmail 8 (savemail.c): a transcript of
 * the SMTP session followed by a message/delivery-status part.
 *
 * Follows Sisimai's Sendmail decoder: the delivery-status fields give the
 * records; the transcript (">>> " commands, "<<< " replies, bare error
 * lines) fills the command, prefixes the diagnosis and stands in for a
 * missing one.
 */
#include <string.h>
#include "private.h"
#include "rfc1894.h"
#include "smtpcode.h"

#define TRANSCRIPT_MARK "   ----- Transcript of session follows -----"
#define TALKING_MARK    "... while talking to "

/* Where the original message begins. */
static const char *const cutby[] = {
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
};

/* ---- small string tools behaving like Sisimai's ------------------------- */

/* Sisimai's rfc5322.Part without keeping the body: the text before the first
 * boundary that occurs, and the header block of the original message. */
static void split_parts(const char *body, const char *const *marks, size_t n, char **former, char **latter)
{
	long pos = -1;
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(body, marks[i]);
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

/* tabs to spaces, trimmed, runs of spaces made one, then whatever follows a
 * " --" (a MIME boundary run into the text) dropped unless "-- " occurs */
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

static int only_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ruleset 4 of sendmail.cf: "<a@b>" becomes "a@b" when there is one @ */
static char *address_final(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || strchr(at + 1, '@'))
		return g_strdup(s);
	GString *o = g_string_new(NULL);
	for (const char *p = s; *p; p++)
		if (*p != '<' && *p != '>')
			g_string_append_c(o, *p);
	return g_string_free(o, FALSE);
}

/* an empty delivery-status value is never kept, nor a malformed Status: */
static int accepts(int t, const char *value)
{
	if (!value || !*value)
		return 0;
	if (t == RF_STATUS)
		return bnc_status_test(value);
	return 1;
}

/* The SMTP command a text names, as Sisimai's command.Find picks it: the
 * latest in its list of detectable commands (not the latest in the text),
 * a bare word only when not part of a longer word or host name. */
static int command_find(const char *text, char out[16])
{
	static const char *const availables[] = {
		"HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP", "VRFY", "ETRN",
		"EXPN", "HELP", "AUTH", "STARTTLS", "XFORWARD", "CONN",
	};
	static const char *const detectable[] = {
		"HELO", "EHLO", "STARTTLS", "AUTH PLAIN", "AUTH LOGIN", "AUTH CRAM-", "AUTH DIGEST-",
		"MAIL F", "RCPT", "RCPT T", "DATA", "QUIT", "XFORWARD",
	};
	out[0] = 0;
	if (!text || strlen(text) < 4)
		return 0;
	int any = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(availables) && !any; i++)
		any = strstr(text, availables[i]) != NULL;
	if (!any)
		return 0;
	char found[G_N_ELEMENTS(detectable)][16];
	size_t nfound = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(detectable); i++) {
		const char *w = detectable[i];
		const char *p = strstr(text, w);
		if (!p)
			continue;
		if (!strchr(w, ' ')) {
			unsigned char a = p > text ? (unsigned char)p[-1] : ' ';
			unsigned char z = p[strlen(w)] ? (unsigned char)p[strlen(w)] : ' ';
			int wordy = (a >= '0' && a <= '9') || (z >= '0' && z <= '9') || (a >= '@' && a <= 'Z') ||
			            (z >= '@' && z <= 'Z') || (a >= '`' && a <= 'z') || (z >= '`' && z <= 'z');
			if (wordy)
				continue;
		}
		char c[16];
		g_strlcpy(c, w, 5);
		if (!strcmp(c, "STAR"))
			g_strlcpy(c, "STARTTLS", sizeof c);
		else if (!strcmp(c, "XFOR"))
			g_strlcpy(c, "XFORWARD", sizeof c);
		int dup = 0;
		for (size_t k = 0; k < nfound && !dup; k++)
			dup = g_str_has_prefix(c, found[k]);
		if (!dup)
			g_strlcpy(found[nfound++], c, 16);
	}
	if (!nfound)
		return 0;
	g_strlcpy(out, found[nfound - 1], 16);
	return 1;
}

/* The SMTP reply code a text holds, as Sisimai's reply.Find picks it: the
 * codes are tried in Sisimai's order of preference (550 before 554 before
 * 501 ...), not in the order they appear; a code touching a digit, '.' or
 * '/' does not count. */
static int reply_find(const char *text, char out[4])
{
	static const char *const codes[] = {
		"550", "552", "553", "551", "521", "525", "502", "520", "523", "524", "530", "533", "534", "535", "538",
		"551", "555", "556", "554", "557", "500", "501", "502", "503", "504",
		"421", "450", "451", "452", "422", "430", "432", "453", "454", "455", "456", "458", "459",
		"211", "214", "220", "221", "235", "250", "251", "252", "253", "354",
	};
	out[0] = 0;
	if (!text || strlen(text) < 3)
		return 0;
	char *up = g_ascii_strup(text, -1);
	int unix = strstr(up, "X-UNIX") != NULL;
	g_free(up);
	if (unix)
		return 0;
	char *padded = g_strconcat(" ", text, " ", NULL);
	size_t plen = strlen(padded);
	for (size_t i = 0; i < G_N_ELEMENTS(codes) && !out[0]; i++) {
		size_t count = 0;
		for (const char *p = strstr(padded, codes[i]); p; p = strstr(p + 3, codes[i]))
			count++;
		size_t from = 1;
		for (size_t j = 0; j < count; j++) {
			if (from >= plen)
				break;
			const char *p = strstr(padded + from, codes[i]);
			if (!p)
				break;
			size_t at = (size_t)(p - padded);
			unsigned char a = (unsigned char)padded[at - 1], z = (unsigned char)padded[at + 3];
			if ((a > 45 && a < 58) || (z > 45 && z < 58)) {
				from += at + 3; /* Sisimai moves on this far, overshooting */
				continue;
			}
			memcpy(out, codes[i], 4);
			break;
		}
	}
	g_free(padded);
	return out[0] != 0;
}

static const char *subject_of(const struct bnc_msg *m)
{
	const char *s = bnc_msg_header(m, "subject");
	return s ? s : "";
}

/* ---- the decoder ---------------------------------------------------------- */

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (bnc_msg_header(m, "x-aol-ip"))
		return 0; /* AOL's own bounces carry this and are not sendmail's */
	const char *subject = subject_of(m);
	if (!g_str_has_prefix(subject, "Warning: ") && !g_str_has_suffix(subject, "see transcript for details"))
		return 0;

	char *former, *latter;
	split_parts(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);

	GPtrArray *recs = g_ptr_array_new();
	struct bnc_rec *v = bnc_rec_new();
	g_ptr_array_add(recs, v);
	char *permsg[RF__COUNT] = {0};
	int permsg_order[RF__COUNT], npermsg = 0;
	GPtrArray *replies = g_ptr_array_new_with_free_func(g_free); /* "<<< " lines */
	GString *another = g_string_new(NULL);                          /* bare error lines */
	char another_status[16] = "";
	char thecommand[16] = "";
	int sessionerr = 0, reading = 0, recipients = 0;
	const char *prev = "";

	char **lines = bnc_split_lines(former);
	for (size_t li = 0; lines[li]; prev = lines[li], li++) {
		const char *e = lines[li];
		if (!reading) {
			if (g_str_has_prefix(e, TRANSCRIPT_MARK))
				reading = 1;
			continue;
		}

		int blk = bnc_dsn_match(e);
		if (blk) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			v = g_ptr_array_index(recs, recs->len - 1);
			if (!strcmp(o.group, "addr")) {
				if (!strcmp(o.label, "final-recipient")) {
					if (v->f[RF_RECIPIENT] && *v->f[RF_RECIPIENT]) {
						v = bnc_rec_new();
						g_ptr_array_add(recs, v);
					}
					char *fv = address_final(o.value);
					bnc_rec_set(v, RF_RECIPIENT, fv, -1, "Final-Recipient: field of the delivery-status part");
					g_free(fv);
					recipients++;
				} else {
					bnc_rec_set(v, RF_ALIAS, o.value, -1,
					            !strcmp(o.label, "x-actual-recipient") ? "X-Actual-Recipient: field"
					                                                    : "Original-Recipient: field");
				}
			} else if (!strcmp(o.group, "code")) {
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				bnc_rec_set(v, RF_DIAGNOSIS, o.value, -1, "Diagnostic-Code: field of the delivery-status part");
			} else {
				int t = bnc_dsn_target(o.label);
				if (t >= 0 && accepts(t, o.value)) {
					static const char *const why[RF__COUNT] = {
						[RF_ACTION] = "Action: field of the delivery-status part",
						[RF_STATUS] = "Status: field of the delivery-status part",
						[RF_RHOST] = "Remote-MTA: field of the delivery-status part",
						[RF_LHOST] = "Reporting-MTA: field of the delivery-status part",
						[RF_DATE] = "Arrival-Date:/Last-Attempt-Date: field",
					};
					bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, why[t]);
					if (blk == DSN_PER_MESSAGE) {
						if (!permsg[t])
							permsg_order[npermsg++] = t;
						g_free(permsg[t]);
						permsg[t] = g_strdup(o.value);
					}
				}
			}
			bnc_dsn_field_clear(&o);
			continue;
		}

		if (e[0] == ' ') {
			/* a folded Diagnostic-Code: line; only the first fold counts */
			if (g_str_has_prefix(prev, "Diagnostic-Code:")) {
				char *sw = moji_sweep(e);
				char *cat = g_strconcat(bnc_rec_get(v, RF_DIAGNOSIS), " ", sw, NULL);
				g_free(v->f[RF_DIAGNOSIS]);
				v->f[RF_DIAGNOSIS] = cat; /* kept untrimmed, as Sisimai does */
				v->why[RF_DIAGNOSIS] = "Diagnostic-Code: field of the delivery-status part";
				g_free(sw);
			}
			continue;
		}
		if (g_str_has_prefix(e, ">>> ")) {
			/* the command the client sent */
			if (!*thecommand)
				command_find(e, thecommand);
			continue;
		}
		if (g_str_has_prefix(e, "<<< ")) {
			/* a reply of the remote server, each different one kept once */
			const char *r = e + 4;
			int seen = 0;
			for (guint k = 0; k < replies->len && !seen; k++)
				seen = strstr(g_ptr_array_index(replies, k), r) != NULL;
			if (!seen)
				g_ptr_array_add(replies, g_strdup(r));
			continue;
		}
		if (sessionerr)
			continue;
		if (g_str_has_prefix(e, TALKING_MARK)) {
			sessionerr = 1;
			continue;
		}
		static const char *const rcptline[] = {"@", ">.", " "};
		if (e[0] == '<' && aligned(e, rcptline, 3)) {
			/* "<a@b>... Deferred: ..." : the text after the first space */
			const char *sp = strchr(e, ' ');
			g_string_assign(another, sp ? sp + 1 : "");
			continue;
		}
		char cr[4], cs[16];
		reply_find(e, cr);
		bnc_status_find(e, "", cs);
		if (strlen(cr) + strlen(cs) > 7) {
			/* "554 5.3.0 unknown mailer error 255" */
			g_strlcpy(another_status, cs, sizeof another_status);
			g_string_append_c(another, ' ');
			g_string_append(another, e);
		} else if (g_str_has_prefix(e, "Message: ") || g_str_has_prefix(e, "Warning: ")) {
			g_string_append_c(another, ' ');
			g_string_append(another, e);
		}
	}
	g_strfreev(lines);

	int ok = recipients > 0;
	for (guint j = 0; ok && j < recs->len; j++) {
		struct bnc_rec *r = g_ptr_array_index(recs, j);
		for (int k = 0; k < npermsg; k++) {
			int t = permsg_order[k];
			/* Sisimai tests the last record here, not r */
			if ((v->f[t] && *v->f[t]) || !permsg[t] || !*permsg[t])
				continue;
			if (accepts(t, permsg[t]))
				bnc_rec_set(r, (enum bnc_rec_field)t, permsg[t], -1, "per-message field of the delivery-status part");
		}

		const char *d = bnc_rec_get(r, RF_DIAGNOSIS);
		GString *diag = g_string_new(d);
		const char *dwhy = r->why[RF_DIAGNOSIS];
		if (another->len && (d[0] == ' ' || only_digits(d) || !*d)) {
			g_string_assign(diag, another->str);
			dwhy = "the error lines of the session transcript";
		}
		if (replies->len && recipients == 1) {
			/* the server's own words go first */
			GString *t = g_string_new(NULL);
			for (guint k = 0; k < replies->len; k++) {
				if (k)
					g_string_append_c(t, ' ');
				g_string_append(t, g_ptr_array_index(replies, k));
			}
			g_string_append_c(t, ' ');
			g_string_append(t, diag->str);
			g_string_free(diag, TRUE);
			diag = t;
			dwhy = "the '<<<' reply lines of the SMTP transcript and the Diagnostic-Code: field";
		}
		char *sw = moji_sweep(diag->str);
		g_string_free(diag, TRUE);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, dwhy);
		g_free(sw);

		char cmd[16] = "";
		const char *cwhy = NULL;
		if (*thecommand) {
			g_strlcpy(cmd, thecommand, sizeof cmd);
			cwhy = "the '>>>' command line of the SMTP transcript";
		} else if (command_find(bnc_rec_get(r, RF_DIAGNOSIS), cmd)) {
			cwhy = "SMTP command named in the diagnostic text";
		} else if (replies->len) {
			g_strlcpy(cmd, "EHLO", sizeof cmd);
			cwhy = "a '<<<' reply with no '>>>' command before it (taken as EHLO)";
		}
		if (*cmd)
			bnc_rec_set(r, RF_COMMAND, cmd, -1, cwhy);

		if (*another_status && !bnc_status_test(bnc_rec_get(r, RF_STATUS)))
			bnc_rec_set(r, RF_STATUS, another_status, -1, "status code in an error line of the transcript");

		if (bnc_rec_get(r, RF_RECIPIENT)[0] == '@') {
			/* "@host" only: the address named in the diagnosis */
			char *a = bnc_address_find(bnc_rec_get(r, RF_DIAGNOSIS));
			if (a)
				bnc_rec_set(r, RF_RECIPIENT, a, -1, "address named in the diagnostic text");
			g_free(a);
		}
	}

	if (ok) {
		for (guint j = 0; j < recs->len; j++)
			g_ptr_array_add(out->recs, g_ptr_array_index(recs, j));
		g_string_assign(out->rfc822, latter);
		out->claimed = "Subject: 'Returned mail: see transcript for details' or 'Warning: ...' and "
		               "'----- Transcript of session follows -----'";
	} else {
		for (guint j = 0; j < recs->len; j++)
			bnc_rec_free(g_ptr_array_index(recs, j));
	}
	g_ptr_array_free(recs, TRUE);
	g_ptr_array_free(replies, TRUE);
	g_string_free(another, TRUE);
	for (int k = 0; k < RF__COUNT; k++)
		g_free(permsg[k]);
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_sendmail = {"Sendmail", inquire};
