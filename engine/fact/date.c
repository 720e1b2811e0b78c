/* date.c - a mail date read as Sisimai's Go edition reads it (Go's
 * net/mail layouts), and Sisimai's tidying of a date it cannot read. */
#include <string.h>
#include <stdio.h>
#include "private.h"
#include "date.h"

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
	bnc_replace_all(all, "\r\n", "");
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
	bnc_replace_all(c, ",", ", ");
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
				char u[4] = {g_ascii_toupper(e[0]), bnc_lower(e[1]), bnc_lower(e[2]), 0};
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

