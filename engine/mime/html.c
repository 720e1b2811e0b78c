/* html.c - a crude, linear HTML-to-text for bounces sent as HTML only. */
#include <string.h>
#include "mimeint.h"

/* Where an element named name (lower case) opens at p ("<name>" or
 * "<name " ...), the length of "<name"; else 0. */
static size_t opens_element(const char *p, const char *name)
{
	size_t n = strlen(name);
	if (p[0] != '<' || g_ascii_strncasecmp(p + 1, name, n))
		return 0;
	char c = p[1 + n];
	return (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '/') ? n + 1 : 0;
}

/* A crude, linear HTML-to-text: tags dropped, the content of head, style and
 * script elements (CSS and code, never prose) dropped, a few entities decoded. */
char *mime_html_to_text(const char *s)
{
	static const char *const hidden[] = {"head", "style", "script"};
	size_t slen = strlen(s);
	char *low = bnc_strdown(s, (gssize)slen);
	GString *o = g_string_sized_new(slen);
	int intag = 0;
	for (const char *p = s; *p; p++) {
		if (intag) {
			if (*p == '>')
				intag = 0;
			continue;
		}
		if (*p == '<') {
			size_t k;
			for (k = 0; k < G_N_ELEMENTS(hidden); k++)
				if (opens_element(p, hidden[k]))
					break;
			if (k < G_N_ELEMENTS(hidden)) {
				/* jump to the closing tag; the scan only moves forward */
				char close[16];
				g_snprintf(close, sizeof close, "</%s", hidden[k]);
				const char *end = strstr(low + (p - s) + 1, close);
				if (!end)
					break; /* never closed: nothing after it is text */
				p = s + (end - low);
				intag = 1;
				continue;
			}
			intag = 1;
			if (!g_ascii_strncasecmp(p, "<br", 3) || !g_ascii_strncasecmp(p, "<p", 2) ||
			    !g_ascii_strncasecmp(p, "</p", 3) || !g_ascii_strncasecmp(p, "<div", 4) ||
			    !g_ascii_strncasecmp(p, "<tr", 3))
				g_string_append_c(o, '\n');
			continue;
		}
		if (*p == '&') {
			static const struct { const char *e; const char *t; } ent[] = {
				{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&nbsp;", " "}, {"&#39;", "'"},
				{"&copy;", "(C)"},
			};
			size_t k;
			for (k = 0; k < G_N_ELEMENTS(ent); k++)
				if (!g_ascii_strncasecmp(p, ent[k].e, strlen(ent[k].e)))
					break;
			if (k < G_N_ELEMENTS(ent)) {
				g_string_append(o, ent[k].t);
				p += strlen(ent[k].e) - 1;
				continue;
			}
		}
		g_string_append_c(o, *p);
	}
	g_free(low);
	return g_string_free(o, FALSE);
}
