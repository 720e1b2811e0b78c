/* fields.c - field lines of RFC 1894, 5322 and 5965 in the flat text made
 * canonical (name's case, "dns;host" spacing, lower-cased tokens). */
#include <string.h>
#include "mimeint.h"

/* ---- mime_tidy_fields: field lines made canonical ------------------------------------ */

struct field_name {
	const char *name;
	size_t len;
};
#define F(n) {n, sizeof n - 1}
static const struct field_name fields_1894[] = {
	F("Action"), F("Arrival-Date"), F("Diagnostic-Code"), F("Final-Recipient"), F("Last-Attempt-Date"),
	F("Original-Recipient"), F("Received-From-MTA"), F("Remote-MTA"), F("Reporting-MTA"), F("Status"),
	F("X-Actual-Recipient"), F("X-Original-Message-ID"),
};
static const struct field_name fields_other[] = {
	/* RFC 5322 */
	F("Resent-Date"), F("From"), F("Sender"), F("Reply-To"), F("To"), F("Message-ID"), F("Subject"),
	F("Return-Path"), F("Received"), F("Date"), F("X-Mailer"), F("Content-Type"),
	F("Content-Transfer-Encoding"), F("Content-Description"), F("Content-Disposition"),
	/* RFC 5965 */
	F("Feedback-Type"), F("User-Agent"), F("Version"), F("Original-Envelope-Id"), F("Original-Mail-From"),
	F("Original-Rcpt-To"), F("Source-IP"), F("Incidents"), F("Authentication-Results"), F("Reported-Domain"),
	F("Reported-URI"), F("Removal-Recipient"),
};
#undef F

static const char *canonical_field(const char *name, size_t len, int *is1894)
{
	/* the length and the first letter first: most lines are no field */
	char c = g_ascii_toupper(name[0]);
	for (size_t i = 0; i < G_N_ELEMENTS(fields_1894); i++)
		if (fields_1894[i].len == len && fields_1894[i].name[0] == c &&
		    bnc_ncase_eq(name, fields_1894[i].name, len)) {
			*is1894 = 1;
			return fields_1894[i].name;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(fields_other); i++)
		if (fields_other[i].len == len && fields_other[i].name[0] == c &&
		    bnc_ncase_eq(name, fields_other[i].name, len)) {
			*is1894 = 0;
			return fields_other[i].name;
		}
	return NULL;
}

static void squeeze_append(GString *o, const char *s)
{
	int space = 0, any = 0;
	for (; *s; s++) {
		if (*s == ' ') {
			space = 1;
			continue;
		}
		if (space && any)
			g_string_append_c(o, ' ');
		g_string_append_c(o, *s);
		space = 0;
		any = 1;
	}
}

static void replace_once(GString *v, const char *from, const char *to)
{
	char *p = strstr(v->str, from);
	if (!p)
		return;
	gssize at = p - v->str;
	g_string_erase(v, at, (gssize)strlen(from));
	g_string_insert(v, at, to);
}

/* "message/global" itself, not a longer type it begins. */
static void replace_type(GString *v, const char *from, const char *to)
{
	size_t n = strlen(from);
	for (char *p = strstr(v->str, from); p; p = strstr(p + n, from)) {
		char c = p[n];
		if (c == 0 || c == ';' || c == ' ') {
			gssize at = p - v->str;
			g_string_erase(v, at, (gssize)n);
			g_string_insert(v, at, to);
			return;
		}
	}
}

/* A field line (field_candidate() said which: fn, its canonical name, ends
 * at colon) rewritten into o; v is scratch. */
static void tidy_line(GString *o, GString *v, const char *colon, const char *fn, int is1894)
{
	const char *val = colon + 1;
	g_string_truncate(v, 0);
	int isct = !strcmp(fn, "Content-Type");
	if ((is1894 || isct) && strchr(val, ';')) {
		/* "dns;host" -> "dns; host"; bare tokens lower-cased, boundary kept:
		 * the pieces between semicolons, each trimmed, written as read */
		for (const char *p = val;; ) {
			const char *semi = strchr(p, ';');
			const char *a = p, *b = semi ? semi : p + strlen(p);
			while (a < b && g_ascii_isspace(*a))
				a++;
			while (b > a && g_ascii_isspace(b[-1]))
				b--;
			if (p != val)
				g_string_append(v, "; ");
			size_t at = v->len, n = (size_t)(b - a);
			g_string_append_len(v, a, (gssize)n);
			char *piece = v->str + at;
			const char *sp = memchr(piece, ' ', n);
			if (!sp || sp == piece) {
				char *eq = memchr(piece, '=', n);
				int isboundary = eq && eq - piece == 8 && bnc_ncase_eq(piece, "boundary", 8);
				char *stop = isboundary ? eq : piece + n;
				for (char *q = piece; q < stop; q++)
					*q = bnc_lower(*q);
			}
			if (!semi)
				break;
			p = semi + 1;
		}
	} else if (is1894 && !strstr(fn, "-Date") && !strstr(fn, "-Message-ID") && strcmp(fn, "Diagnostic-Code")) {
		char *low = bnc_ascii_lower(val);
		g_string_append(v, low);
		g_free(low);
	} else {
		g_string_append(v, val);
	}
	if (isct && (strstr(v->str, "message/") || strstr(v->str, MESSAGE_STAND_IN))) {
		replace_once(v, "message/xdelivery-status", "message/delivery-status");
		replace_once(v, "message/disposition-notification", "message/delivery-status");
		/* a stand-in GMime did not take for a part's header: text again */
		replace_once(v, MESSAGE_STAND_IN, "message/");
		/* RFC 6533's types as their RFC 3464/822 counterparts */
		replace_once(v, "message/global-delivery-status", "message/delivery-status");
		replace_once(v, "message/global-disposition-notification", "message/delivery-status");
		replace_once(v, "message/global-headers", "text/rfc822-headers");
		replace_type(v, "message/global", "message/rfc822");
	}
	g_string_append(o, fn);
	g_string_append(o, ": ");
	squeeze_append(o, v->str);
	g_string_append_c(o, '\n');
}

/* The canonical name of the field a line opens ("Name:" with a name of the
 * tables and no space before the colon), its colon in *colon; NULL for
 * the other lines, copied as they are. */
static const char *field_candidate(const char *line, size_t len, const char **colon, int *is1894)
{
	*colon = memchr(line, ':', len < 32 ? len : 32);
	if (!*colon || *colon == line || memchr(line, ' ', (size_t)(*colon - line)))
		return NULL;
	return canonical_field(line, (size_t)(*colon - line), is1894);
}

char *mime_tidy_fields(const char *body)
{
	size_t blen = strlen(body);
	GString *o = g_string_sized_new(blen + 64), *v = g_string_new(NULL);
	char *copy = g_memdup2(body, blen + 1);
	const char *end = copy + blen, *copied = copy;
	/* line by line; the lines that are not fields are copied in runs, and
	 * the empty piece after a final LF adds no line */
	for (char *line = copy; line < end;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
		const char *colon, *fn;
		int is1894 = 0;
		if ((fn = field_candidate(line, len, &colon, &is1894)) != NULL) {
			g_string_append_len(o, copied, line - copied);
			if (nl)
				*nl = 0;   /* tidy_line reads the line as a string */
			tidy_line(o, v, colon, fn, is1894);
			copied = nl ? nl + 1 : end;
		} else if (!nl) {
			g_string_append_len(o, copied, end - copied);
			g_string_append_c(o, '\n');
			copied = end;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	g_string_append_len(o, copied, end - copied);
	g_free(copy);
	g_string_free(v, TRUE);
	if (o->len < 2 || strcmp(o->str + o->len - 2, "\n\n"))
		g_string_append(o, "\n\n");
	for (char *p = o->str; (p = memchr(p, '\t', o->len - (size_t)(p - o->str))) != NULL; p++)
		*p = ' ';
	return g_string_free(o, FALSE);
}
