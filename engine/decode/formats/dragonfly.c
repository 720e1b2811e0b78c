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
#include "rfc1894.h"

#define AGENT_MARK "This is the DragonFly Mail Agent "
#define RCPT_MARK  "There was an error delivering your mail to <"

/* Where the returned message (or its headers) begins. */
static const char *const cutby[] = {
	"Original message follows.",
	"Message headers follow",
};

/* dma's own error messages and the reasons they mean */
static const struct {
	const char *text;
	const char *reason;
} messagesof[] = {
	{"Could not deliver for the last ", "expired"},   /* dma.c: MAX_TIMEOUT passed */
	{"DNS lookup failure: host ", "hostunknown"},     /* net.c: no MX or A record */
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

static const char *hdr(const struct bnc_msg *m, const char *name)
{
	const char *v = bnc_msg_header(m, name);
	return v ? v : "";
}

/* ---- the decoder ---------------------------------------------------------- */

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (!strstr(hdr(m, "subject"), "Mail delivery failed"))
		return 0;
	int bydma = 0;
	size_t nrecv = bnc_msg_header_count(m, "received");
	for (size_t i = 0; i < nrecv && i < 256 && !bydma; i++)
		bydma = strstr(bnc_msg_header_nth(m, "received", i), " (DragonFly Mail Agent") != NULL;
	if (!bydma)
		return 0;

	char *former, *latter;
	split_parts(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GPtrArray *diag = g_ptr_array_new();
	GString *d = g_string_new(NULL);
	g_ptr_array_add(diag, d);
	int reading = 0, recipients = 0;

	char **lines = bnc_split_lines(former);
	for (size_t li = 0; lines[li]; li++) {
		const char *e = lines[li];
		if (!reading) {
			if (g_str_has_prefix(e, AGENT_MARK))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;

		if (g_str_has_prefix(e, RCPT_MARK)) {
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
		if (command_find(e, cmd))
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the '... did not like our ...' line");
	}
	g_strfreev(lines);

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *sw = moji_sweep(((GString *)g_ptr_array_index(diag, j))->str);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, "the error lines after 'There was an error delivering your mail to'");
		for (size_t k = 0; k < G_N_ELEMENTS(messagesof); k++)
			if (strstr(sw, messagesof[k].text)) {
				bnc_rec_set(r, RF_REASON, messagesof[k].reason, -1, "one of dma's own error messages");
				break;
			}
		g_free(sw);
	}

	bnc_sheet_close(&sh, ok, out, latter,
	                "Subject: Mail delivery failed and a Received: header by the DragonFly Mail Agent");
	for (guint j = 0; j < diag->len; j++)
		g_string_free(g_ptr_array_index(diag, j), TRUE);
	g_ptr_array_free(diag, TRUE);
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_dragonfly = {"DragonFly", inquire};
