/* hosts.c - host names, Received: headers, dates, and the token. */
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

int bnc_is_internet_host(const char *s)
{
	if (!s || strlen(s) < 4 || strlen(s) > 255 || !strchr(s, '.') || bnc_is_ipv4(s))
		return 0;
	if (s[0] == '.' || s[0] == '-' || s[strlen(s) - 1] == '.' || strstr(s, ".."))
		return 0;
	for (const char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-')
			return 0;
	const char *tld = strrchr(s, '.') + 1;
	for (const char *p = tld; *p; p++)
		if (!g_ascii_isalpha(*p))
			return 0;
	return strlen(tld) >= 2;
}

/* A host-name-like token starting at p: letters, digits, '.', '-'. */
static char *token_at(const char *p)
{
	while (*p == ' ' || *p == '<' || *p == '[' || *p == '(' || *p == '"' || *p == '\'')
		p++;
	const char *e = p;
	while (g_ascii_isalnum(*e) || *e == '.' || *e == '-' || *e == '_')
		e++;
	char *t = g_ascii_strdown(p, e - p);
	size_t n = strlen(t);
	while (n && t[n - 1] == '.')
		t[--n] = 0;
	return t;
}

char *bnc_rfc1123_find(const char *text)
{
	static const char *const marks[] = {
		"remote host ", "host ", "while talking to ", "remote server ", "mail server ", "server ", "mx ",
		"unrouteable mail domain ", "by ", "from ",
	};
	if (!text)
		return NULL;
	char *low = bnc_ascii_lower(text);
	char *found = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(marks) && !found; i++) {
		const char *p = low;
		int guard = 0;
		while ((p = strstr(p, marks[i])) != NULL && guard++ < 64) {
			if (p > low && g_ascii_isalnum(p[-1])) {
				p += strlen(marks[i]);
				continue;
			}
			char *t = token_at(p + strlen(marks[i]));
			if (bnc_is_internet_host(t)) {
				found = t;
				break;
			}
			g_free(t);
			p += strlen(marks[i]);
		}
	}
	g_free(low);
	return found;
}

void bnc_received_parse(const char *value, char *out[6])
{
	for (int i = 0; i < 6; i++)
		out[i] = g_strdup("");
	if (!value)
		return;
	char *v = bnc_sweep(value);
	char **w = g_strsplit(v, " ", 64);
	for (int i = 0; w[i] && w[i + 1]; i++) {
		char *low = g_ascii_strdown(w[i], -1);
		int slot = !strcmp(low, "from") ? 0 : !strcmp(low, "by") ? 1 : !strcmp(low, "via") ? 2 :
		           !strcmp(low, "with") ? 3 : !strcmp(low, "id") ? 4 : !strcmp(low, "for") ? 5 : -1;
		g_free(low);
		if (slot < 0 || *out[slot])
			continue;
		char *t = slot == 5 ? bnc_address_find(w[i + 1]) : token_at(w[i + 1]);
		if (!t)
			continue;
		if (slot == 0 && !bnc_is_internet_host(t)) {
			/* "from localhost (mail.example.org [192.0.2.1])": the name in parentheses */
			const char *open = w[i + 2] && w[i + 2][0] == '(' ? w[i + 2] : NULL;
			if (open) {
				char *alt = token_at(open);
				if (bnc_is_internet_host(alt)) {
					g_free(t);
					t = alt;
				} else {
					g_free(alt);
				}
			}
		}
		g_free(out[slot]);
		out[slot] = t;
	}
	g_strfreev(w);
	g_free(v);
}

static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
	{"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}, {"JST", 540}, {"CET", 60}, {"CEST", 120},
	{"BST", 60}, {"KST", 540}, {"HKT", 480}, {"IST", 330},
};

static int month_of(const char *m)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec"};
	for (int i = 0; i < 12; i++)
		if (!g_ascii_strncasecmp(m, months[i], 3))
			return i + 1;
	return 0;
}

int bnc_parse_date(const char *s, gint64 *epoch, char tz[6])
{
	if (!s)
		return 0;
	char *v = bnc_sweep(s);
	char **w = g_strsplit(v, " ", 16);
	g_free(v);
	int i = 0, ok = 0;
	if (w[0] && strchr(w[0], ','))
		i = 1; /* day of week */
	else if (w[0] && g_ascii_isalpha(w[0][0]) && !month_of(w[0]))
		i = 1;
	int day = 0, mon = 0, year = 0, hh = 0, mm = 0, ss = 0, off = 0;
	if (!w[i] || !w[i + 1] || !w[i + 2] || !w[i + 3])
		goto out;
	if (g_ascii_isdigit(w[i][0])) {
		day = atoi(w[i]);
		mon = month_of(w[i + 1]);
	} else { /* "Jan 02 2024" */
		mon = month_of(w[i]);
		day = atoi(w[i + 1]);
	}
	year = atoi(w[i + 2]);
	if (year < 100)
		year += year < 50 ? 2000 : 1900;
	int n = sscanf(w[i + 3], "%d:%d:%d", &hh, &mm, &ss);
	if (n < 2 || !mon || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
		goto out;
	const char *z = w[i + 4];
	if (z && (z[0] == '+' || z[0] == '-') && strlen(z) >= 5 && g_ascii_isdigit(z[1])) {
		int h = (z[1] - '0') * 10 + (z[2] - '0'), m = (z[3] - '0') * 10 + (z[4] - '0');
		off = (h * 60 + m) * (z[0] == '-' ? -1 : 1);
	} else if (z) {
		char *zn = g_strdup(z);
		for (char *p = zn; *p; p++)
			if (*p == '(' || *p == ')')
				*p = ' ';
		g_strstrip(zn);
		for (size_t k = 0; k < G_N_ELEMENTS(zones); k++)
			if (!g_ascii_strcasecmp(zn, zones[k].name))
				off = zones[k].minutes;
		g_free(zn);
	}
	GTimeZone *tzz = g_time_zone_new_offset(off * 60);
	GDateTime *dt = g_date_time_new(tzz, year, mon, day, hh, mm, ss);
	g_time_zone_unref(tzz);
	if (!dt)
		goto out;
	*epoch = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	int a = off < 0 ? -off : off;
	g_snprintf(tz, 6, "%c%02d%02d", off < 0 ? '-' : '+', a / 60, a % 60);
	ok = 1;
out:
	g_strfreev(w);
	return ok;
}

char *bnc_rfc5322_date(const char *s)
{
	if (!s)
		return NULL;
	/* drop a trailing comment and stray punctuation, then try again */
	char *t = g_strdup(s);
	char *paren = strchr(t, '(');
	if (paren)
		*paren = 0;
	for (char *p = t; *p; p++)
		if (*p == '"' || *p == ';')
			*p = ' ';
	g_strstrip(t);
	if (!*t) {
		g_free(t);
		return NULL;
	}
	return t;
}

char *bnc_token(const char *addresser, const char *recipient, gint64 epoch)
{
	char *a = g_ascii_strdown(addresser ? addresser : "", -1), *r = g_ascii_strdown(recipient ? recipient : "", -1);
	char *s = g_strdup_printf("\x02%s\x1e%s\x1e%" G_GINT64_FORMAT "\x03", a, r, epoch);
	char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA1, s, -1);
	g_free(s);
	g_free(a);
	g_free(r);
	return h;
}

char *bnc_address_user_host(const char *addr, char **host)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	*host = g_ascii_strdown(at ? at + 1 : "", -1);
	return g_strndup(addr ? addr : "", at ? (gsize)(at - addr) : strlen(addr ? addr : ""));
}
