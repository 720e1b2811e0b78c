/* v5sendmail.c - bounces of sendmail 5 and its kin: a bare transcript
 * ("----- Transcript of session follows -----") and the returned message
 * after "----- Unsent message follows -----", without any delivery-status
 * part.
 *
 * Follows Sisimai's V5sendmail decoder: a recipient is a line naming
 * "<address>..." (or a ">>> RCPT To:<address>" line) once a "While talking
 * to host:" line has named the remote host; error lines before that are kept
 * and searched for an address when nothing else gives one.
 */
#include <string.h>
#include "private.h"
#include "smtpcode.h"
#include "hosts.h"
#include "rfc1894.h"

#define TRANSCRIPT_MARK "----- Transcript of session follows -----"
#define TALKING_MARK    "While talking to "

/* Where the returned message begins. */
static const char *const cutby[] = {
	"   ----- Unsent message follows -----",
	"  ----- No message was collected -----",
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

/* the text between begin and until, the search for until starting one byte
 * past the end of begin; "" when either is missing */
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

/* text kept per record index: error lines that named no recipient */
static void another_add(GPtrArray *another, guint at, const char *line)
{
	while (another->len <= at)
		g_ptr_array_add(another, g_string_new(NULL));
	GString *s = g_ptr_array_index(another, at);
	g_string_append_c(s, ' ');
	g_string_append(s, line);
}

static const char *another_get(GPtrArray *another, guint at)
{
	return at < another->len ? ((GString *)g_ptr_array_index(another, at))->str : "";
}

static void another_free(gpointer p)
{
	g_string_free(p, TRUE);
}

/* append " line" to the diagnosis, untrimmed (Sweep tidies it at the end) */
static void diag_add(struct bnc_rec *v, const char *line)
{
	char *cat = g_strconcat(v->f[RF_DIAGNOSIS] ? v->f[RF_DIAGNOSIS] : "", " ", line, NULL);
	g_free(v->f[RF_DIAGNOSIS]);
	v->f[RF_DIAGNOSIS] = cat;
	v->why[RF_DIAGNOSIS] = "the lines of the session transcript";
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (!g_str_has_prefix(subject_of(m), "Returned mail: "))
		return 0;

	char *former, *latter;
	split_parts(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);
	if (!*latter) {
		g_free(former);
		g_free(latter);
		return 0;
	}

	GPtrArray *recs = g_ptr_array_new();
	struct bnc_rec *v = bnc_rec_new();
	g_ptr_array_add(recs, v);
	GPtrArray *another = g_ptr_array_new_with_free_func(another_free);
	char *remotehost = g_strdup("");
	char curcommand[16] = "";
	int reading = 0;
	guint recipients = 0;

	char **lines = bnc_split_lines(former);
	for (size_t li = 0; lines[li]; li++) {
		const char *e = lines[li];
		if (!reading) {
			if (strstr(e, TRANSCRIPT_MARK))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;

		if (g_str_has_prefix(e, ">>> "))
			command_find(e + 4, curcommand);
		static const char *const rcptline[] = {" <", "@", ">..."};
		char *up = g_ascii_strup(e, -1);
		int rcptto = strstr(up, ">>> RCPT TO:") != NULL;
		g_free(up);
		if (aligned(e, rcptline, 3) || rcptto) {
			/* "550 <a@b>... User unknown" or ">>> RCPT To:<a@b>" */
			char *ce = moji_select(e, " <", ">...");
			if (!*ce) {
				g_free(ce);
				ce = moji_select(e, ":<", ">");
			}
			char *cv = bnc_address_s3s4(ce);
			g_free(ce);
			if (!*remotehost) {
				/* before any "While talking to": kept aside */
				another_add(another, recipients, e);
				g_free(cv);
				continue;
			}
			char rc[4];
			if (!strcmp(cv, bnc_rec_get(v, RF_RECIPIENT)) ||
			    (!strcmp(curcommand, "MAIL") && g_str_has_prefix(e, "<<< "))) {
				/* more about the same recipient, or the reply to MAIL */
				diag_add(v, e);
				reply_find(e, rc);
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
				curcommand[0] = 0;
			} else {
				if (v->f[RF_RECIPIENT] && *v->f[RF_RECIPIENT]) {
					v = bnc_rec_new();
					g_ptr_array_add(recs, v);
				}
				recipients++;
				bnc_rec_set(v, RF_RECIPIENT, cv, -1, "an address in '<...>...' of the session transcript");
				bnc_rec_set(v, RF_RHOST, remotehost, -1, "the 'While talking to' line of the session transcript");
				reply_find(e, rc);
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
				diag_add(v, e);
				if (!*bnc_rec_get(v, RF_COMMAND) && *curcommand)
					bnc_rec_set(v, RF_COMMAND, curcommand, -1, "the '>>>' command line of the session transcript");
			}
			g_free(cv);
			continue;
		}
		if (strstr(e, TALKING_MARK)) {
			/* "While talking to mail.example.jp:" */
			char *cv = bnc_rfc1123_find(e);
			if (cv && bnc_is_internet_host(cv)) {
				g_free(remotehost);
				remotehost = cv;
			} else {
				g_free(cv);
			}
		} else if (g_str_has_prefix(e, ">>> ") || g_str_has_prefix(e, "<<< ")) {
			diag_add(v, e);
		} else {
			another_add(another, recipients, e);
		}
	}
	g_strfreev(lines);

	if (recipients == 0) {
		/* only error lines: an address in the first of them */
		const char *a0 = another_get(another, 0);
		char *cv = bnc_address_s3s4(a0);
		if (*cv) {
			char rc[4];
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "an address in the error lines of the session transcript");
			reply_find(a0, rc);
			bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
			bnc_rec_set(v, RF_DIAGNOSIS, a0, -1, "the error lines of the session transcript");
			recipients++;
		}
		g_free(cv);
		if (recipients == 0) {
			/* the To: header of the returned message */
			char *to = moji_select(latter, "\nTo: ", "\n");
			if (*to) {
				if (bnc_is_address(to)) {
					bnc_rec_set(v, RF_RECIPIENT, to, -1, "To: header of the returned message");
					recipients++;
				}
			}
			g_free(to);
		}
	}

	int ok = recipients > 0;
	for (guint j = 0; ok && j < recs->len; j++) {
		struct bnc_rec *r = g_ptr_array_index(recs, j);
		if (!r->f[RF_DIAGNOSIS] || !*r->f[RF_DIAGNOSIS])
			bnc_rec_set(r, RF_DIAGNOSIS, another_get(another, j), -1, "the error lines of the session transcript");
		char cmd[16];
		if (!*bnc_rec_get(r, RF_COMMAND) && command_find(bnc_rec_get(r, RF_DIAGNOSIS), cmd))
			bnc_rec_set(r, RF_COMMAND, cmd, -1, "SMTP command named in the session transcript");
		char *sw = moji_sweep(bnc_rec_get(r, RF_DIAGNOSIS));
		const char *dwhy = r->why[RF_DIAGNOSIS];
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, dwhy);
		g_free(sw);
		char rc[4];
		reply_find(bnc_rec_get(r, RF_DIAGNOSIS), rc);
		bnc_rec_set(r, RF_REPLYCODE, rc, -1, "reply code in the session transcript");

		if (bnc_is_address(bnc_rec_get(r, RF_RECIPIENT)))
			continue;
		/* "@host" only: the first "<...>" of the diagnosis */
		const char *d = bnc_rec_get(r, RF_DIAGNOSIS);
		const char *p1 = strchr(d, '<'), *p2 = strchr(d, '>');
		if (!p1 || !p2 || p2 < p1)
			continue;
		char *in = g_strndup(p1, (gsize)(p2 - p1 + 1));
		char *cv = bnc_address_s3s4(in);
		bnc_rec_set(r, RF_RECIPIENT, cv, -1, "the first '<...>' of the diagnostic text");
		g_free(cv);
		g_free(in);
	}

	if (ok) {
		for (guint j = 0; j < recs->len; j++)
			g_ptr_array_add(out->recs, g_ptr_array_index(recs, j));
		g_string_assign(out->rfc822, latter);
		out->claimed = "Subject: 'Returned mail: ...', '----- Transcript of session follows -----' and "
		               "'----- Unsent message follows -----'";
	} else {
		for (guint j = 0; j < recs->len; j++)
			bnc_rec_free(g_ptr_array_index(recs, j));
	}
	g_ptr_array_free(recs, TRUE);
	g_ptr_array_free(another, TRUE);
	g_free(remotehost);
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_v5sendmail = {"V5sendmail", inquire};
