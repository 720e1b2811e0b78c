/* xch-moji.h - small text tests the decoders of the "exchange" set share
 * (exchange2007.c, exchange2003.c, domino.c, x1.c ...).  They restate the
 * behaviour of Sisimai's string helpers (Aligned, Select, ContainsAny,
 * HasPrefixAny), its reply-code finder and its host-name finder, so that
 * the ports pick the same values Sisimai does.  Header-only: every function
 * is static inline, each decoder compiles in what it uses.
 */
#ifndef XCH_MOJI_H
#define XCH_MOJI_H
#include <string.h>
#include <glib.h>
#include "private.h"
#include "hosts.h"

/* A header's first value, or "" (Sisimai reads absent headers as ""). */
static inline const char *xch_hdr(const struct bnc_msg *m, const char *name)
{
	const char *v = bnc_msg_header(m, name);
	return v ? v : "";
}

static inline int xch_contains_any(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && *s && i < n; i++)
		if (strstr(s, list[i]))
			return 1;
	return 0;
}

static inline int xch_prefix_any(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && *s && i < n; i++)
		if (g_str_has_prefix(s, list[i]))
			return 1;
	return 0;
}

/* Do the strings of list appear in s one after another, in that order? */
static inline int xch_aligned(const char *s, const char *const *list, size_t n)
{
	if (!s || !*s || !n)
		return 0;
	const char *p = s;
	for (size_t i = 0; i < n; i++) {
		const char *f = strstr(p, list[i]);
		if (!f)
			return 0;
		p = f + strlen(list[i]);
	}
	return 1;
}

/* The text between the first `begin` and the next `until` (looked for one
 * character after begin's end, as Sisimai does); a new string, "" if none. */
static inline char *xch_select(const char *s, const char *begin, const char *until)
{
	size_t ls = s ? strlen(s) : 0, lb = strlen(begin), lu = strlen(until);
	if (ls < 3 || ls <= lb + lu)
		return g_strdup("");
	const char *b = strstr(s, begin);
	if (!b)
		return g_strdup("");
	const char *from = b + lb;
	if ((size_t)(from - s) + 1 > ls)
		return g_strdup("");
	const char *u = strstr(from + 1, until);
	if (!u)
		return g_strdup("");
	return g_strndup(from, (gsize)(u - from));
}

/* Sisimai's reply-code finder: codes are tried in a fixed order (5yz, 4yz,
 * 2yz; or one class when the status says so), and a code counts unless a
 * digit, '.' or '/' touches it. */
static inline int xch_reply_find(const char *text, const char *status, char out[4])
{
	static const char *const c5[] = {"550", "552", "553", "551", "521", "525", "523", "524", "530", "533", "534",
	                                 "535", "538", "555", "556", "554", "500", "501", "502", "503", "504"};
	static const char *const c4[] = {"421", "450", "451", "452", "422", "430", "432", "453", "454", "455", "458", "459"};
	static const char *const c2[] = {"211", "214", "220", "221", "235", "250", "251", "252", "253", "334", "354"};
	out[0] = 0;
	if (!text || strlen(text) < 3)
		return 0;
	char *up = g_ascii_strup(text, -1);
	int unix_ = strstr(up, "X-UNIX") != NULL;
	g_free(up);
	if (unix_)
		return 0;
	const char *const *groups[3] = {c5, c4, c2};
	size_t sizes[3] = {G_N_ELEMENTS(c5), G_N_ELEMENTS(c4), G_N_ELEMENTS(c2)};
	int only = -1;
	if (status && *status)
		only = status[0] == '5' ? 0 : status[0] == '4' ? 1 : status[0] == '2' ? 2 : -1;
	char *padded = g_strconcat(" ", text, " ", NULL);
	int found = 0;
	for (int g = 0; g < 3 && !found; g++) {
		if (only >= 0 && g != only)
			continue;
		for (size_t i = 0; i < sizes[g] && !found; i++) {
			const char *code = groups[g][i];
			for (const char *p = strstr(padded + 1, code); p; p = strstr(p + 1, code)) {
				unsigned char a = (unsigned char)p[-1], z = (unsigned char)p[3];
				if ((a > 45 && a < 58) || (z > 45 && z < 58))
					continue;
				memcpy(out, code, 4);
				found = 1;
				break;
			}
		}
	}
	g_free(padded);
	return found;
}

/* Sisimai's SMTP command finder: of the commands it can detect, the last
 * one (in its list's order) the text names; a bare word such as "RCPT" must
 * not touch a letter, a digit or '@' on either side. */
static inline int xch_command_find(const char *text, char out[16])
{
	static const char *const avail[] = {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP",
	                                    "VRFY", "ETRN", "EXPN", "HELP", "AUTH", "STARTTLS", "XFORWARD", "CONN"};
	static const char *const detect[] = {"HELO", "EHLO", "STARTTLS", "AUTH PLAIN", "AUTH LOGIN", "AUTH CRAM-",
	                                     "AUTH DIGEST-", "MAIL F", "RCPT", "RCPT T", "DATA", "QUIT", "XFORWARD"};
	out[0] = 0;
	if (!text || strlen(text) < 4 || !xch_contains_any(text, avail, G_N_ELEMENTS(avail)))
		return 0;
	char found[G_N_ELEMENTS(detect)][16];
	size_t nfound = 0;
	size_t tl = strlen(text);
	for (size_t i = 0; i < G_N_ELEMENTS(detect); i++) {
		const char *e = detect[i];
		const char *p = strstr(text, e);
		if (!p)
			continue;
		size_t el = strlen(e);
		if (!strchr(e, ' ')) {
			/* the characters just before and after, spaces past the ends */
			unsigned char a = p > text ? (unsigned char)p[-1] : ' ';
			unsigned char z = (size_t)(p - text) + el < tl ? (unsigned char)p[el] : ' ';
			int bad = (a > 47 && a < 58) || (z > 47 && z < 58) || (a > 63 && a < 91) || (z > 63 && z < 91) ||
			          (a > 96 && a < 123) || (z > 96 && z < 123);
			if (bad)
				continue;
		}
		char c4[16];
		g_strlcpy(c4, e, 5);
		int seen = 0;
		for (size_t k = 0; k < nfound && !seen; k++)
			seen = g_str_has_prefix(c4, found[k]);
		if (seen)
			continue;
		if (!strcmp(c4, "STAR"))
			g_strlcpy(c4, "STARTTLS", sizeof c4);
		else if (!strcmp(c4, "XFOR"))
			g_strlcpy(c4, "XFORWARD", sizeof c4);
		g_strlcpy(found[nfound++], c4, 16);
	}
	if (!nfound)
		return 0;
	g_strlcpy(out, found[nfound - 1], 16);
	return 1;
}

/* Free every record of recs and its diagnosis buffer of diag, or hand the
 * records to out when ok; the arrays themselves are freed either way. */
static inline void xch_finish(GPtrArray *recs, GPtrArray *diag, int ok, struct bnc_rising *out)
{
	for (guint j = 0; j < recs->len; j++) {
		if (ok)
			g_ptr_array_add(out->recs, g_ptr_array_index(recs, j));
		else
			bnc_rec_free(g_ptr_array_index(recs, j));
		if (diag)
			g_string_free(g_ptr_array_index(diag, j), TRUE);
	}
	g_ptr_array_free(recs, TRUE);
	if (diag)
		g_ptr_array_free(diag, TRUE);
}

#endif
