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
		char c = g_ascii_tolower(*p);
		if (strchr(openers, c))
			g_string_append_c(src, ' ');
		g_string_append_c(src, c);
		if (strchr(closers, c))
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

/* Every occurrence of from in s replaced by to. */
static void replace_in(GString *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	gsize pos = 0;
	char *p;
	while (pos <= s->len && (p = strstr(s->str + pos, from)) != NULL) {
		gssize at = p - s->str;
		g_string_erase(s, at, (gssize)fl);
		g_string_insert(s, at, to);
		pos = (gsize)at + tl;
	}
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
	char *v = bnc_squeeze_space(value);
	char **w = g_strsplit(v, " ", 512);
	g_free(v);
	int n = (int)g_strv_length(w);
	/* the words after "from" when they open a comment: the name the
	 * receiving host saw, "(name [address])" */
	GPtrArray *other = g_ptr_array_new_with_free_func(g_free);
	for (int j = 0; j < n; j++) {
		int slot = -1;
		for (int k = 0; k < 6 && slot < 0; k++)
			if (!g_ascii_strcasecmp(w[j], labels[k]))
				slot = k;
		if (slot < 0 || j + 1 > n - 1)
			continue;
		g_free(out[slot]);
		out[slot] = g_ascii_strdown(w[j + 1], -1);
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
	g_strfreev(w);

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
	char *v = bnc_squeeze_space(s);
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

/* ---- dates as Sisimai reads them ---------------------------------------------
 *
 * Sisimai hands each date to Go's net/mail date parser, and only when none
 * parses, a tidied copy of each (rfc5322 Date). The parser accepts
 *   [Day, ]D[D] Mon YYYY|YY H[H]:MM[:SS] zone
 * where zone is +hhmm/-hhmm, "UT", or an upper-case abbreviation, which
 * counts as UTC unless it is "GMT+h"; text after the zone may only be a
 * comment. A space matches one or more spaces. */

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A layout space: at least one space, unless the text has ended. */
static int eat_space(const char **v)
{
	if (**v && **v != ' ')
		return 0;
	while (**v == ' ')
		(*v)++;
	return 1;
}

static int eat_number(const char **v, int fixed2, int *out)
{
	const char *p = *v;
	if (!g_ascii_isdigit(p[0]))
		return 0;
	if (g_ascii_isdigit(p[1])) {
		*out = (p[0] - '0') * 10 + (p[1] - '0');
		*v = p + 2;
		return 1;
	}
	if (fixed2)
		return 0;
	*out = p[0] - '0';
	*v = p + 1;
	return 1;
}

static int eat_name(const char **v, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (!g_ascii_strncasecmp(*v, names[i], 3)) {
			*v += 3;
			return i + 1;
		}
	return 0;
}

static int days_in(int month, int year)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return d[month - 1];
}

enum { Z_NUM, Z_NAME, Z_UT };

/* One layout of the parser against the whole of v; the offset in minutes. */
static int try_layout(const char *v, int dow, int day2, int year4, int secs, int zone, gint64 *epoch, int *offmin)
{
	int day, mon, year, hh, mm, ss = 0, off = 0;
	if (dow) {
		if (!eat_name(&v, day_names, 7) || *v++ != ',' || !eat_space(&v))
			return 0;
	}
	if (!eat_number(&v, day2, &day) || !eat_space(&v) || !(mon = eat_name(&v, month_names, 12)) || !eat_space(&v))
		return 0;
	if (year4) {
		for (int i = 0; i < 4; i++)
			if (!g_ascii_isdigit(v[i]))
				return 0;
		year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
		v += 4;
	} else {
		if (!g_ascii_isdigit(v[0]) || !g_ascii_isdigit(v[1]))
			return 0;
		year = (v[0] - '0') * 10 + (v[1] - '0');
		year += year >= 69 ? 1900 : 2000;
		v += 2;
	}
	if (!eat_space(&v) || !eat_number(&v, 0, &hh) || hh >= 24 || *v++ != ':' || !eat_number(&v, 1, &mm) || mm >= 60)
		return 0;
	if (secs) {
		if (*v++ != ':' || !eat_number(&v, 1, &ss) || ss >= 60)
			return 0;
		if ((*v == '.' || *v == ',') && g_ascii_isdigit(v[1])) {
			v++;
			while (g_ascii_isdigit(*v))
				v++;
		}
	}
	if (!eat_space(&v))
		return 0;
	if (zone == Z_NUM) {
		if ((v[0] != '+' && v[0] != '-') || !g_ascii_isdigit(v[1]) || !g_ascii_isdigit(v[2]) ||
		    !g_ascii_isdigit(v[3]) || !g_ascii_isdigit(v[4]))
			return 0;
		int h = (v[1] - '0') * 10 + (v[2] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
		if (h > 24 || m > 60)
			return 0;
		off = (h * 60 + m) * (v[0] == '-' ? -1 : 1);
		v += 5;
	} else if (zone == Z_UT) {
		if (strncmp(v, "UT", 2))
			return 0;
		v += 2;
	} else if (!strncmp(v, "UTC", 3)) {
		v += 3;
	} else {
		size_t len = strlen(v);
		if (len < 3)
			return 0;
		if (!strncmp(v, "ChST", 4) || !strncmp(v, "MeST", 4)) {
			v += 4;
		} else if (!strncmp(v, "GMT", 3)) {
			v += 3;
			if ((v[0] == '+' || v[0] == '-') && g_ascii_isdigit(v[1])) {
				int sign = v[0] == '-' ? -1 : 1, h = 0;
				const char *q = v + 1;
				while (g_ascii_isdigit(*q) && h < 100)
					h = h * 10 + (*q++ - '0');
				if (h <= 23) {
					off = sign * h * 60;
					v = q;
				}
			}
		} else {
			int up = 0;
			while (up < 6 && v[up] >= 'A' && v[up] <= 'Z')
				up++;
			int ok = up == 3 || (up == 4 && (v[3] == 'T' || !strncmp(v, "WITA", 4))) || (up == 5 && v[4] == 'T');
			if (!ok)
				return 0;
			v += up;
		}
	}
	if (*v)
		return 0;
	if (mon < 1 || day < 1 || day > days_in(mon, year))
		return 0;
	GDateTime *dt = g_date_time_new_utc(year, mon, day, hh, mm, ss);
	if (!dt)
		return 0;
	*epoch = g_date_time_to_unix(dt) - (gint64)off * 60;
	*offmin = off;
	g_date_time_unref(dt);
	return 1;
}

/* Skip blanks and comments; 0 when a comment does not close. */
static int skip_cfws(const char *p)
{
	for (int guard = 0; guard < 1000; guard++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '(')
			return 1;
		int depth = 0;
		do {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			p++;
		} while (*p && depth > 0);
		if (depth > 0)
			return 0;
	}
	return 1;
}

int bnc_mail_date(const char *s, gint64 *epoch, char tz[6])
{
	if (!s)
		return 0;
	GString *all = g_string_new(s);
	replace_in(all, "\r\n", "");
	int ok = 0;
	if (strchr(all->str, '\r'))
		goto out;
	const char *p = all->str;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t len = strlen(p);
	char *date = NULL;
	const char *rest = p;
	const char *sign = strpbrk(p, "+-");
	if (sign && len >= (size_t)(sign - p) + 5) {
		date = g_strndup(p, (gsize)(sign - p) + 5);
		rest = sign + 5;
	} else {
		const char *t = strchr(p, 'T');
		if (t == p)
			t = strchr(p + 1, 'T');
		if (t && len >= (size_t)(t - p) + 5) {
			date = g_strndup(p, (gsize)(t - p) + 1);
			rest = t + 1;
		}
	}
	if (!date)
		date = g_strdup(all->str);
	if (skip_cfws(rest)) {
		int off = 0;
		for (int k = 0; k < 48 && !ok; k++) {
			int dow = k / 24, day2 = (k / 12) % 2, year2 = (k / 6) % 2, nosec = (k / 3) % 2, zone = k % 3;
			ok = try_layout(date, dow, day2, !year2, !nosec, zone, epoch, &off);
		}
		if (ok) {
			int a = off < 0 ? -off : off;
			g_snprintf(tz, 6, "%c%02d%02d", off < 0 ? '-' : '+', (a / 60) % 100, a % 60);
		}
	}
	g_free(date);
out:
	g_string_free(all, TRUE);
	return ok;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!g_ascii_isdigit(*s))
			return 0;
	return 1;
}

/* Sisimai's tidying of a date it could not read: the pieces it recognises
 * (day name, day, month, year, H:M:S, +hhmm) put back in RFC 5322 order;
 * Thursday and +0000 stand in for a missing day name or zone. */
char *bnc_rfc5322_date(const char *s)
{
	if (!s || !*s)
		return NULL;
	GString *c = g_string_new(s);
	replace_in(c, ",", ", ");
	char *swept = bnc_squeeze_space(c->str);
	g_string_free(c, TRUE);
	char year[8] = "", mon[4] = "", day[4] = "", dow[4] = "", hms[16] = "", zone[8] = "";
	int year2 = 0, bad = 0;
	char **w = g_strsplit(swept, " ", 64);
	g_free(swept);
	for (int i = 0; w[i] && !bad; i++) {
		const char *e = w[i];
		size_t n = strlen(e);
		if (!n)
			continue;
		if (n < 3) {
			if (!all_digits(e)) {
				bad = 1;
				break;
			}
			int v = atoi(e);
			if (v > 31 || v == 0)
				year2 = v;
			else
				g_snprintf(day, sizeof day, "%02d", v);
		} else if (n == 3 || (n == 4 && e[3] == ',')) {
			if (all_digits(n == 3 ? e : "x") && e[0] == '0') {
				g_strlcpy(day, e + 1, sizeof day);
			} else {
				char u[4] = {g_ascii_toupper(e[0]), g_ascii_tolower(e[1]), g_ascii_tolower(e[2]), 0};
				int found = 0;
				for (int k = 0; k < 12 && !found; k++)
					if (!strcmp(u, month_names[k])) {
						strcpy(mon, u);
						found = 1;
					}
				for (int k = 0; k < 7 && !found; k++)
					if (!strcmp(u, day_names[k])) {
						strcpy(dow, u);
						found = 1;
					}
			}
		} else if (n == 4) {
			if (all_digits(e))
				g_snprintf(year, sizeof year, "%04d", atoi(e));
		} else if (n == 5 && (e[0] == '+' || e[0] == '-')) {
			if (all_digits(e + 1))
				g_snprintf(zone, sizeof zone, "%c%04d", e[0], atoi(e + 1));
		} else if (n > 5) {
			int colons = 0;
			for (const char *q = e; *q; q++)
				colons += *q == ':';
			if (colons != 2)
				continue;
			char **t = g_strsplit(e, ":", 3);
			int v[3];
			for (int k = 0; k < 3; k++) {
				if (!all_digits(t[k]) || strlen(t[k]) > 3 || (v[k] = atoi(t[k])) > 60)
					bad = 1;
			}
			g_strfreev(t);
			if (!bad)
				g_snprintf(hms, sizeof hms, "%02d:%02d:%02d", v[0], v[1], v[2]);
		}
	}
	g_strfreev(w);
	if (bad)
		return NULL;
	if (!*year && year2 > 0)
		g_snprintf(year, sizeof year, "%s%2d", year2 > 81 ? "19" : "20", year2);
	if (!*year || !*mon || !*day || !*hms)
		return NULL;
	return g_strdup_printf("%s, %s %s %s %s %s", *dow ? dow : "Thu", day, mon, year, hms, *zone ? zone : "+0000");
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
