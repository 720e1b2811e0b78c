/* hosts.c - host names as Sisimai tests and finds them (its rfc1123 and
 * rfc791 packages). */
#include <string.h>
#include <stdio.h>
#include "private.h"
#include "hosts.h"

int bnc_is_ipv4(const char *s)
{
	int parts = 0, digits = 0, val = 0;
	if (!s || !*s)
		return 0;
	for (const char *p = s;; p++) {
		if (*p >= '0' && *p <= '9') {
			val = val * 10 + (*p - '0');
			if (++digits > 3 || val > 255)
				return 0;
		} else if (*p == '.' || !*p) {
			if (!digits)
				return 0;
			parts++;
			digits = val = 0;
			if (!*p)
				break;
		} else {
			return 0;
		}
	}
	return parts == 4;
}

/* Sisimai's test of an Internet host name (RFC 1123): 4 to 255 bytes, at
 * least one dot (or exactly "localhost"/"localhost6"), only letters, digits,
 * '-' and '.', no "..", no leading '.' or '-', no trailing '-', "--" only in
 * an "xn--" label at the start, and no digit in the last label. */
int bnc_rfc1123_is_host(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 4 || n > 255)
		return 0;
	if (!strcmp(s, "localhost") || !strcmp(s, "localhost6"))
		return 1;
	if (!strchr(s, '.') || strstr(s, "..") || s[0] == '.' || s[0] == '-' || s[n - 1] == '-')
		return 0;
	if (strstr(s, "--") && strncmp(s, "xn--", 4))
		return 0;
	for (const char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-')
			return 0;
	const char *tld = strrchr(s, '.') + 1;
	if (strlen(tld) > 63)
		return 0;
	for (const char *p = tld; *p; p++)
		if (g_ascii_isdigit(*p))
			return 0;
	return 1;
}

/* a occurs in s, and b after it (moji.Aligned of two) */
static int in_order(const char *s, const char *a, const char *b)
{
	const char *p = strstr(s, a);
	return p && strstr(p + strlen(a), b) != NULL;
}

/* Sisimai's rfc1123.Find: the longest Internet host name among the words of
 * the text (the first of equal length), looked for between known markers
 * first, then after or before others, else in the whole text. */
char *bnc_rfc1123_find(const char *text)
{
	/* a host name between two markers: Postfix "host X said:", "host X refused
	 * to talk to me:", Sendmail "while talking to X:", Exim "host X [ip]",
	 * Gmail "by X. [ip]", MailFoundry, MessagingServer "Remote system:",
	 * "SMTP Server <X>", "...-MTA: <X>", SendGrid " : X:[ip]" */
	static const char *const between[][2] = {
		{"host ", " said: "},
		{"host ", " talk to me: "},
		{"while talking to ", ":"},
		{"host ", " ["},
		{" by ", ". ["},
		{"delivery failed for the following reason: ", " with"},
		{"remote system: ", "("},
		{"smtp server <", ">"},
		{"-mta: ", ">"},
		{" : ", "["},
	};
	/* the host name follows these (Exchange's "Generating server:" in
	 * several languages) */
	static const char *const after[] = {"generating server: ", "serveur de g", "server di generazione",
	                                    "genererande server"};
	/* the host name precedes this (Dragonfly) */
	static const char *const before[] = {" did not like our "};
	static const char openers[] = "([<", closers[] = ")]>:;";
	if (!text || !*text)
		return NULL;
	/* lower-cased, a space before every opener and after every closer, in
	 * one pass (Sisimai replaces each in turn; the result is the same) */
	size_t tl = strlen(text);
	GString *src = g_string_sized_new(tl + tl / 4 + 1);
	for (const char *p = text; *p; p++) {
		char c = bnc_lower(*p);
		if (c == '(' || c == '[' || c == '<')   /* openers */
			g_string_append_c(src, ' ');
		g_string_append_c(src, c);
		if (c == ')' || c == ']' || c == '>' || c == ':' || c == ';')   /* closers */
			g_string_append_c(src, ' ');
	}
	const char *s = src->str;
	const char *from = NULL, *to = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(between) && !from; i++) {
		if (!in_order(s, between[i][0], between[i][1]))
			continue;
		const char *p1 = strstr(s, between[i][0]), *p2 = strstr(s, between[i][1]);
		size_t w = strlen(between[i][0]);
		if (p1 + w >= p2)
			continue;
		from = p1 + w;
		to = p2;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(after) && !from; i++) {
		const char *p = strstr(s, after[i]);
		if (p) {
			from = p + strlen(after[i]);
			to = s + src->len;
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(before) && !from; i++) {
		const char *p = strstr(s, before[i]);
		if (p) {
			from = s;
			to = p;
		}
	}
	if (!from) {
		from = s;
		to = s + src->len;
	}

	/* every word: trailing dots dropped, then brackets and colons */
	char *best = NULL;
	size_t bestlen = 0;
	GString *t = g_string_new(NULL);
	for (const char *w = from; w <= to;) {
		const char *e = memchr(w, ' ', (size_t)(to - w));
		if (!e)
			e = to;
		const char *z = e;
		while (z > w && z[-1] == '.')
			z--;
		g_string_truncate(t, 0);
		for (const char *k = w; k < z; k++)
			if (!strchr(openers, *k) && !strchr(closers, *k))
				g_string_append_c(t, *k);
		if (t->len >= 4 && t->len > bestlen && strchr(t->str, '.') && bnc_rfc1123_is_host(t->str)) {
			g_free(best);
			best = g_strdup(t->str);
			bestlen = t->len;
		}
		w = e + 1;
	}
	g_string_free(t, TRUE);
	g_string_free(src, TRUE);
	return best;
}

