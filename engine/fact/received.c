/* received.c - a Received: header's from, by, via, with, id and for, as
 * Sisimai's rfc5322.Received reads them. */
#include <string.h>
#include "private.h"
#include "hosts.h"
#include "received.h"

/* The first IPv4 address among the words of s, where brackets, parentheses
 * and commas also separate words; NULL when there is none. */
static char *first_ipv4(const char *s)
{
	if (!s || strlen(s) < 7)
		return NULL;
	char *t = g_strdup(s);
	for (char *p = t; *p; p++)
		if (strchr("()[],", *p))
			*p = ' ';
	char *found = NULL;
	char **w = g_strsplit(t, " ", -1);
	for (int i = 0; w[i] && !found; i++)
		if (bnc_is_ipv4(w[i]))
			found = g_strdup(w[i]);
	g_strfreev(w);
	g_free(t);
	return found;
}

/* Remove every '(', ')' and ';' of s in place. */
static void drop_parens(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++)
		if (*p != '(' && *p != ')' && *p != ';')
			*o++ = *p;
	*o = 0;
}

void bnc_received_parse(const char *value, char *out[6])
{
	static const char *const labels[6] = {"from", "by", "via", "with", "id", "for"};
	for (int i = 0; i < 6; i++)
		out[i] = g_strdup("");
	if (!value || !strchr(value, ' ') || strstr(value, " invoked by uid") || strstr(value, " invoked from network"))
		return;
	/* the words of the squeezed value, split in place (as g_strsplit(v, " ",
	 * 512) splits it: the 512th word is the rest) */
	char *v = bnc_squeeze_space(value);
	char *w[512];
	int n = 0;
	for (char *p = v; *p && n < 512;) {
		w[n++] = p;
		char *sp = n < 512 ? strchr(p, ' ') : NULL;
		if (!sp)
			break;
		*sp = 0;
		p = sp + 1;
	}
	/* the words after "from" when they open a comment: the name the
	 * receiving host saw, "(name [address])" */
	GPtrArray *other = g_ptr_array_new_with_free_func(g_free);
	for (int j = 0; j < n; j++) {
		int slot = -1;
		/* the labels' first letters before their names: most words are none */
		if (w[j][0] && strchr("fbvwiFBVWI", w[j][0]))
			for (int k = 0; k < 6 && slot < 0; k++)
				if (!g_ascii_strcasecmp(w[j], labels[k]))
					slot = k;
		if (slot < 0 || j + 1 > n - 1)
			continue;
		g_free(out[slot]);
		out[slot] = bnc_strdown(w[j + 1], -1);
		drop_parens(out[slot]);
		if (slot != 0)
			continue;
		if (j + 2 > n - 1)
			break;
		if (w[j + 2][0] != '(')
			continue;
		g_ptr_array_add(other, g_strdup(w[j + 2]));
		drop_parens(g_ptr_array_index(other, 0));
		if (j + 3 > n - 1)
			break;
		g_ptr_array_add(other, g_strdup(w[j + 3]));
		drop_parens(g_ptr_array_index(other, 1));
	}
	g_free(v);

	/* the first informative one of those */
	static const char *const skips[] = {"unknown", "localhost", "[127.0.0.1]", "[IPv6:::1]"};
	const char *alter = NULL;
	for (guint i = 0; i < other->len && !alter; i++) {
		const char *e = g_ptr_array_index(other, i);
		int skip = strlen(e) < 4 || !strchr(e, '.');
		for (size_t k = 0; k < G_N_ELEMENTS(skips) && !skip; k++)
			skip = !strcmp(e, skips[k]);
		const char *eq = strchr(e, '=');
		if (!skip && !(eq && eq - e > 1))
			alter = e;
	}
	/* "[192.0.2.1]" as from or by: the address alone */
	for (int k = 0; k < 2; k++) {
		if (out[k][0] != '[')
			continue;
		char *ip = first_ipv4(out[k]);
		g_free(out[k]);
		out[k] = ip ? ip : g_strdup("");
	}
	/* a name without a dot or an address after "from": the name in the
	 * comment instead, unless it already holds the word */
	const char *from = out[0];
	char *fip = first_ipv4(from);
	int plain = !strcmp(from, "localhost") || !strcmp(from, "localhost.localdomain") || !strchr(from, '.') || fip;
	g_free(fip);
	if (plain && alter && !strstr(alter, from)) {
		if (strchr(from, '.') || strchr(alter, '.') > alter) {
			g_free(out[0]);
			out[0] = g_strdup(alter);
		}
	}
	g_ptr_array_free(other, TRUE);
	size_t fl = strlen(out[5]);
	if (fl) {
		const char *a = out[5], *b = out[5] + fl;
		while (a < b && (*a == '<' || *a == '>'))
			a++;
		while (b > a && (b[-1] == '<' || b[-1] == '>'))
			b--;
		char *t = g_strndup(a, (gsize)(b - a));
		g_free(out[5]);
		out[5] = t;
	}
}
