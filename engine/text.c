/* text.c - small text helpers shared by every stage: lines, case, white
 * space, addresses. */
#include <string.h>
#include "private.h"

guint bnc_replace_all(GString *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	const char *p = fl ? strstr(s->str, from) : NULL;
	if (!p)
		return 0;
	GString *o = g_string_sized_new(s->len);
	const char *rest = s->str;
	guint n = 0;
	for (; p; p = strstr(rest, from)) {
		g_string_append_len(o, rest, p - rest);
		g_string_append_len(o, to, (gssize)tl);
		rest = p + fl;
		n++;
	}
	g_string_append(o, rest);
	g_string_assign(s, o->str);
	g_string_free(o, TRUE);
	return n;
}

char *bnc_ascii_lower(const char *s)
{
	return bnc_strdown(s ? s : "", -1);
}

char *bnc_strdown(const char *s, gssize len)
{
	size_t n = len < 0 ? strlen(s) : (size_t)len;
	char *out = g_malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = bnc_lower(s[i]);
	out[n] = 0;
	return out;
}

char *bnc_squeeze_space(const char *s)
{
	if (!s)
		s = "";
	/* the result is never longer than s: written straight into one buffer */
	char *o = g_malloc(strlen(s) + 1), *w = o;
	int space = 0;
	for (const char *p = s; *p; p++) {
		if (g_ascii_isspace(*p)) {
			space = 1;
			continue;
		}
		if (space && w > o)
			*w++ = ' ';
		space = 0;
		*w++ = *p;
	}
	*w = 0;
	return o;
}

int bnc_has_prefix_ci(const char *s, const char *prefix)
{
	return bnc_ncase_eq(s, prefix, strlen(prefix));
}

static int addr_char(int c)
{
	return g_ascii_isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

int bnc_is_address(const char *s)
{
	if (!s || !*s)
		return 0;
	const char *at = strrchr(s, '@');
	if (!at || at == s || !at[1])
		return 0;
	for (const char *p = s; p < at; p++)
		if (!addr_char((unsigned char)*p) && *p != '"' && *p != ' ' && *p != '\\')
			return 0;
	int dot = 0;
	for (const char *p = at + 1; *p; p++) {
		if (*p == '.')
			dot = 1;
		else if (!g_ascii_isalnum(*p) && *p != '-' && *p != '[' && *p != ']' && *p != ':' && *p != '_')
			return 0;
	}
	(void)dot;
	return 1;
}

char *bnc_address_find(const char *s)
{
	if (!s)
		return NULL;
	/* an address in angle brackets wins */
	const char *lt = strchr(s, '<');
	while (lt) {
		const char *gt = strchr(lt + 1, '>');
		if (!gt)
			break;
		char *in = g_strndup(lt + 1, (gsize)(gt - lt - 1));
		g_strstrip(in);
		if (bnc_is_address(in))
			return in;
		g_free(in);
		lt = strchr(gt + 1, '<');
	}
	/* else the first word holding an @ */
	const char *at = strchr(s, '@');
	while (at) {
		const char *b = at, *e = at + 1;
		while (b > s && addr_char((unsigned char)b[-1]))
			b--;
		while (*e && (g_ascii_isalnum(*e) || *e == '.' || *e == '-' || *e == '_'))
			e++;
		while (e > at + 1 && e[-1] == '.')
			e--;
		/* strip quoting punctuation a word may carry */
		while (b < e && strchr(".'", *b))
			b++;
		char *w = g_strndup(b, (gsize)(e - b));
		if (bnc_is_address(w) && strchr(w, '.') != NULL)
			return w;
		g_free(w);
		at = strchr(at + 1, '@');
	}
	return NULL;
}

/* g_strsplit(s, "\n", -1), in one pass: GLib's version calls strstr once
 * per line, which sanitizer builds turn quadratic (their strstr measures the
 * whole rest of the text each time) on a payload of 100,000 recipients. */
char **bnc_split_lines(const char *s)
{
	size_t len = strlen(s), n = 1;
	if (!len)
		return g_new0(char *, 1);
	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
		n++;
	char **v = g_new(char *, n + 1);
	const char *p = s, *end = s + len;
	for (size_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		/* no NUL before end: a plain copy (g_strndup goes by strncpy) */
		size_t k = (size_t)(e - p);
		v[i] = g_malloc(k + 1);
		memcpy(v[i], p, k);
		v[i][k] = 0;
		p = nl ? nl + 1 : end;
	}
	v[n] = NULL;
	return v;
}

char *bnc_address_user_host(const char *addr, char **host)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	*host = g_ascii_strdown(at ? at + 1 : "", -1);
	return g_strndup(addr ? addr : "", at ? (gsize)(at - addr) : strlen(addr ? addr : ""));
}
