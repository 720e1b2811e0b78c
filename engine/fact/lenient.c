/* lenient.c - a date read word by word, for when the strict readers of
 * date.c (Go's net/mail, as Sisimai reads dates) give up.
 *
 * A real bounce is not to be lost for its date (issue 16).  The words of
 * the text are taken in any order: a month name, a day, a year, a time
 * ("5:56", "05:56:12", with AM/PM), a zone ("+0900", "-0500", "GMT",
 * "EST").  A year of three digits is 1900 + it (RFC 5322, section 4.3:
 * "101" is 2001); of two, 19xx from 50 and 20xx below (the same section).
 * Outlook's "Wednesday, April 03, 2002 5:56 AM" and "Tue, 3 Apr 101
 * 05:56:00 +0900" both read.  One pass over the words: linear.
 */
#include <string.h>
#include "private.h"
#include <stdlib.h>
#include "date.h"

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* Zones by name, RFC 5322's obsolete ones and a few more seen in bounces. */
static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"edt", -240}, {"est", -300}, {"cdt", -300},
	{"cst", -360}, {"mdt", -360}, {"mst", -420}, {"pdt", -420}, {"pst", -480}, {"jst", 540},
	{"cet", 60}, {"cest", 120}, {"bst", 60},
};

static int month_of(const char *w)
{
	if (strlen(w) < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!g_ascii_strncasecmp(w, months[i], 3))
			return i + 1;
	return 0;
}

static int all_digits(const char *w, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isdigit(w[i]))
			return 0;
	return 1;
}

/* "5:56", "05:56:12" */
static int read_time(const char *w, int *hh, int *mm, int *ss)
{
	int n = 0, v[3] = {0, 0, 0};
	const char *p = w;
	while (n < 3) {
		if (!g_ascii_isdigit(*p))
			return 0;
		int x = 0, d = 0;
		while (g_ascii_isdigit(*p) && d < 3) {
			x = x * 10 + (*p++ - '0');
			d++;
		}
		v[n++] = x;
		if (*p != ':')
			break;
		p++;
	}
	if (n < 2 || (*p && *p != '.'))
		return 0;
	*hh = v[0];
	*mm = v[1];
	*ss = v[2];
	return *hh < 24 && *mm < 60 && *ss < 61;
}

int bnc_lenient_date(const char *s, gint64 *epoch, char tz[6])
{
	if (!s)
		return 0;
	int day = 0, mon = 0, year = -1, hh = -1, mm = 0, ss = 0, off = 0, pm = -1;
	size_t len = strlen(s), i = 0;
	char w[32];
	while (i < len) {
		while (i < len && (g_ascii_isspace(s[i]) || s[i] == ',' || s[i] == '(' || s[i] == ')'))
			i++;
		size_t b = i;
		while (i < len && !g_ascii_isspace(s[i]) && s[i] != ',' && s[i] != '(' && s[i] != ')')
			i++;
		size_t n = i - b;
		if (!n || n >= sizeof w)
			continue;
		memcpy(w, s + b, n);
		w[n] = 0;
		int hv, mv, sv;
		if ((w[0] == '+' || w[0] == '-') && n == 5 && all_digits(w + 1, 4)) {
			int v = atoi(w + 1);
			off = (v / 100) * 60 + v % 100;
			if (w[0] == '-')
				off = -off;
		} else if (hh < 0 && strchr(w, ':') && read_time(w, &hv, &mv, &sv)) {
			hh = hv, mm = mv, ss = sv;
		} else if (!g_ascii_strcasecmp(w, "am") || !g_ascii_strcasecmp(w, "pm")) {
			pm = bnc_lower(w[0]) == 'p';
		} else if (all_digits(w, n)) {
			int v = atoi(w);
			if (!day && n <= 2 && v >= 1 && v <= 31 && (year < 0 || mon))
				day = v;
			else if (year < 0 && n <= 4)
				year = n == 4 ? v : n == 3 ? 1900 + v : v < 50 ? 2000 + v : 1900 + v;
		} else if (!mon && month_of(w)) {
			mon = month_of(w);
		} else {
			for (size_t k = 0; k < G_N_ELEMENTS(zones); k++)
				if (!g_ascii_strcasecmp(w, zones[k].name))
					off = zones[k].minutes;
		}
	}
	if (!day || !mon || year < 1900 || year > 9999 || hh < 0)
		return 0;
	if (pm >= 0 && hh <= 12)
		hh = (hh % 12) + (pm ? 12 : 0);
	GDateTime *dt = g_date_time_new_utc(year, mon, day, hh, mm, ss > 59 ? 59 : ss);
	if (!dt)
		return 0;
	*epoch = g_date_time_to_unix(dt) - (gint64)off * 60;
	g_date_time_unref(dt);
	int a = off < 0 ? -off : off;
	g_snprintf(tz, 6, "%c%02d%02d", off < 0 ? '-' : '+', a / 60, a % 60);
	return 1;
}
