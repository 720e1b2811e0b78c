/* limit.c - the browser's small pattern language for narrowing the list.
 *
 *   expr   := or
 *   or     := and ("or" and)*
 *   and    := unary (["and"] unary)*          adjacent terms are and-ed
 *   unary  := ("not" | "!") unary | "(" expr ")" | term
 *   term   := FIELD ":" VALUE | VALUE         a bare value searches the text
 *   VALUE  := word | "quoted words"           * and ? are wildcards
 *
 * Fields are a table (limit_fields below).  Matching is linear in the text
 * for substrings and at worst proportional to pattern times text for
 * wildcards: no backtracking regular expressions over untrusted text.
 */
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include "limit.h"

enum field {
	F_REASON, F_RHOST, F_CODE, F_STATUS, F_HARD, F_DECODER, F_TEXT, F_RECIPIENT, F_TABLE, F_ENTRY, F_STAGE,
	F_KIND, F_DOMAIN, F_FROM, F_SENDERDOMAIN, F_SUBJECT, F_DATE, F_PROVIDER, F_ANY
};

static const struct {
	const char *name;
	enum field field;
	const char *help;
} limit_fields[] = {
	{"reason", F_REASON, "reason name (old names too): reason:userunknown"},
	{"rhost", F_RHOST, "remote host, part of it: rhost:google"},
	{"code", F_CODE, "SMTP reply code: code:550, code:4*"},
	{"status", F_STATUS, "status code: status:5.7.*"},
	{"hard", F_HARD, "hard bounce: hard:yes, hard:no"},
	{"decoder", F_DECODER, "decoder name (old names too): decoder:postfix"},
	{"text", F_TEXT, "diagnostic text, part of it: text:\"quota\""},
	{"to", F_RECIPIENT, "recipient, part of it: to:@example.com"},
	{"recipient", F_RECIPIENT, NULL},
	{"table", F_TABLE, "deciding table: table:google"},
	{"entry", F_ENTRY, "deciding entry number: entry:12"},
	{"stage", F_STAGE, "deciding stage: stage:provider"},
	{"domain", F_DOMAIN, "recipient's domain, or one below it: domain:example.net (domain:=example.net: that one alone)"},
	{"provider", F_PROVIDER, "remote host's domain: provider:google.com takes mx1.google.com"},
	{"from", F_FROM, "sender of the bounced message, part of it: from:newsletter@"},
	{"sender", F_FROM, NULL},
	{"senderdomain", F_SENDERDOMAIN, "sender's domain, or one below it: senderdomain:example.com"},
	{"subject", F_SUBJECT, "subject of the bounced message, part of it: subject:\"weekly\""},
	{"date", F_DATE, "when, UTC: date:2026-11-01 (that day), date:>2026-11-01T10:00, date:<=yesterday, "
	                 "date:2d (the last two days; also h, m, w), date:>-12h, date:2026-11-01..2026-11-03"},
	{"kind", F_KIND, "hard, soft, other, undecodable, or none: the messages that gave no verdict (kind:none lists them)"},
};

/* kind: values, in enum row_kind's order */
static const char *const kind_names[] = {"hard", "soft", "other", "undecodable", "none"};

enum op { OP_TERM, OP_AND, OP_OR, OP_NOT };

struct limit {
	enum op op;
	struct limit *a, *b;
	enum field field;
	char *value;             /* lower-cased */
	int glob;                /* value holds * or ? */
	int64_t from, until;     /* date: from <= timestamp < until */
};

/* "Now" for relative dates; the tests set it. */
static int64_t now_override;

void limit_set_now(int64_t t)
{
	now_override = t;
}

static int64_t now(void)
{
	return now_override ? now_override : (int64_t)(g_get_real_time() / G_USEC_PER_SEC);
}

void limit_free(struct limit *l)
{
	if (!l)
		return;
	limit_free(l->a);
	limit_free(l->b);
	g_free(l->value);
	g_free(l);
}

/* ---- parsing ------------------------------------------------------------ */

struct parser {
	const char *p;
	char *err;
	int depth;
};

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/* A word or a quoted string; NULL at the end or before ')'. */
static char *word(struct parser *ps)
{
	skip_space(ps);
	GString *w = g_string_new(NULL);
	if (*ps->p == '"') {
		ps->p++;
		while (*ps->p && *ps->p != '"') {
			if (*ps->p == '\\' && ps->p[1])
				ps->p++;
			g_string_append_c(w, *ps->p++);
		}
		if (*ps->p != '"') {
			ps->err = g_strdup("a quote is not closed");
			return g_string_free(w, TRUE), NULL;
		}
		ps->p++;
		return g_string_free(w, FALSE);
	}
	while (*ps->p && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '(' && *ps->p != ')') {
		if (*ps->p == '"' && w->len && w->str[w->len - 1] == ':')
			break;   /* field:"quoted value" */
		g_string_append_c(w, *ps->p++);
	}
	if (!w->len)
		return g_string_free(w, TRUE), NULL;
	return g_string_free(w, FALSE);
}

static int at_keyword(struct parser *ps, const char *kw)
{
	skip_space(ps);
	size_t n = strlen(kw);
	if (g_ascii_strncasecmp(ps->p, kw, n))
		return 0;
	char c = ps->p[n];
	if (c && c != ' ' && c != '\t' && c != '(')
		return 0;
	ps->p += n;
	return 1;
}

static struct limit *node(enum op op, struct limit *a, struct limit *b)
{
	struct limit *l = g_new0(struct limit, 1);
	l->op = op;
	l->a = a;
	l->b = b;
	return l;
}

static struct limit *parse_or(struct parser *ps);

/* A point in time, UTC, and the length of what it names (a day, an hour,
 * a minute, a second; 0 for a relative time, a point): 2026-11-01,
 * 2026-11-01T10, 2026-11-01T10:30[:15] (T or a space), today, yesterday,
 * -2d -12h -30m -1w -90s (ago).  0 when it cannot be read. */
static int parse_when(const char *v, int64_t *t, int64_t *span)
{
	int64_t day0 = now() - now() % 86400;
	if (!strcmp(v, "today") || !strcmp(v, "yesterday")) {
		*t = v[0] == 't' ? day0 : day0 - 86400;
		*span = 86400;
		return 1;
	}
	if (*v == '-' || g_ascii_isdigit(*v)) {
		const char *p = v + (*v == '-');
		char *end;
		guint64 n = g_ascii_strtoull(p, &end, 10);
		static const struct { char unit; int64_t secs; } units[] = {
			{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}};
		for (size_t i = 0; end != p && end[0] && !end[1] && i < G_N_ELEMENTS(units); i++)
			if (*end == units[i].unit && n < (1ull << 32)) {
				*t = now() - (int64_t)n * units[i].secs;
				*span = 0;
				return 1;
			}
	}
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char sep = 0;
	int got = sscanf(v, "%4d-%2d-%2d%n%c%2d:%2d:%2d", &y, &mo, &d, &n, &sep, &h, &mi, &sec);
	if (got < 3 || (got >= 4 && sep != 'T' && sep != 't' && sep != ' '))
		return 0;
	/* how much was given decides the span; nothing may follow */
	int fields = got == 3 ? 3 : got - 1;
	size_t want_len = (size_t)n;
	if (fields >= 4) {
		want_len += 3;   /* sep, hh */
		if (fields >= 5)
			want_len += 3;
		if (fields >= 6)
			want_len += 3;
	}
	if (strlen(v) != want_len)
		return 0;
	GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, sec);
	if (!dt)
		return 0;
	*t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	static const int64_t spans[] = {86400, 3600, 60, 1};
	*span = spans[fields - 3];
	return 1;
}

/* date:VALUE into [from, until): a comparison, a range A..B, a relative
 * span ("2d": the last two days), or a date or time taken whole. */
static int parse_date(struct limit *l, const char *v)
{
	int64_t t, span, t2, span2;
	l->from = INT64_MIN;
	l->until = INT64_MAX;
	const char *dots = strstr(v, "..");
	if (dots) {
		char *a = g_strndup(v, (gsize)(dots - v));
		int ok = parse_when(a, &t, &span) && parse_when(dots + 2, &t2, &span2);
		g_free(a);
		if (!ok)
			return 0;
		l->from = t;
		l->until = t2;   /* B itself not included: A..B is [A, B) */
		return 1;
	}
	int ge = 0, gt = 0, le = 0, lt = 0;
	if (!strncmp(v, ">=", 2))
		ge = 1, v += 2;
	else if (!strncmp(v, "<=", 2))
		le = 1, v += 2;
	else if (*v == '>')
		gt = 1, v++;
	else if (*v == '<')
		lt = 1, v++;
	if (!parse_when(v, &t, &span))
		return 0;
	if (ge)
		l->from = t;
	else if (gt)
		l->from = t + (span ? span : 1);   /* after the whole day named */
	else if (lt)
		l->until = t;
	else if (le)
		l->until = t + (span ? span : 1);
	else if (span) {   /* a date or time: all of it */
		l->from = t;
		l->until = t + span;
	} else {   /* "2d" or "-2d" alone: from then on, the last two days */
		l->from = t;
	}
	return 1;
}

static struct limit *term(struct parser *ps)
{
	char *w = word(ps);
	if (!w) {
		if (!ps->err)
			ps->err = g_strdup(*ps->p ? "a term is missing before ')'" : "a term is missing at the end");
		return NULL;
	}
	struct limit *l = node(OP_TERM, NULL, NULL);
	l->field = F_ANY;
	char *colon = strchr(w, ':');
	char *value = w;
	if (colon) {
		*colon = 0;
		int found = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(limit_fields); i++)
			if (!g_ascii_strcasecmp(w, limit_fields[i].name)) {
				l->field = limit_fields[i].field;
				found = 1;
			}
		if (!found) {
			ps->err = g_strdup_printf("no field named '%s' (try reason, rhost, provider, code, status, hard, decoder, text, to, domain, from, senderdomain, subject, date, table, entry, stage, kind)", w);
			g_free(w);
			limit_free(l);
			return NULL;
		}
		value = colon + 1;
		if (!*value) {
			char *q = word(ps);   /* field: "value" or field:"value" */
			if (!q) {
				if (!ps->err)
					ps->err = g_strdup_printf("field '%s' wants a value", w);
				g_free(w);
				limit_free(l);
				return NULL;
			}
			l->value = g_ascii_strdown(q, -1);
			g_free(q);
		}
	}
	if (!l->value)
		l->value = g_ascii_strdown(value, -1);
	g_free(w);
	if (l->field == F_REASON) {
		const char *c = bnc_reason_canonical(l->value);
		if (c) {
			g_free(l->value);
			l->value = g_strdup(c);
		} else if (!strpbrk(l->value, "*?")) {
			ps->err = g_strdup_printf("no reason named '%s' (see bouncelens reasons)", l->value);
			limit_free(l);
			return NULL;
		}
	}
	if (l->field == F_DECODER) {   /* the names Sisimai 5.5.0 gave up, still understood */
		static const struct { const char *old, *now; } renamed[] = {
			{"interscanmss", "trendmicro"},
			{"mailmarshalsmtp", "mailmarshal"},
		};
		for (size_t i = 0; i < G_N_ELEMENTS(renamed); i++)
			if (!strcmp(l->value, renamed[i].old)) {
				g_free(l->value);
				l->value = g_strdup(renamed[i].now);
			}
	}
	if (l->field == F_HARD) {
		const char *v = l->value;
		if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
			l->value[0] = 'y', l->value[1] = 0;
		else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
			l->value[0] = 'n', l->value[1] = 0;
		else {
			ps->err = g_strdup("hard: wants yes or no");
			limit_free(l);
			return NULL;
		}
	}
	if (l->field == F_DATE && !parse_date(l, l->value)) {
		ps->err = g_strdup_printf("date: cannot read '%s' (2026-11-01, >2026-11-01T10:00, <=yesterday, 2d, A..B)",
		                          l->value);
		limit_free(l);
		return NULL;
	}
	if (l->field == F_STATUS && l->value[0] >= '2' && l->value[0] <= '5' && !l->value[1]) {
		/* status:5, a class: any 5.x.x */
		char c = l->value[0];
		g_free(l->value);
		l->value = g_strdup_printf("%c.*", c);
	}
	if (l->field == F_KIND) {
		int k = -1;
		for (size_t i = 0; i < G_N_ELEMENTS(kind_names); i++)
			if (!strcmp(l->value, kind_names[i]))
				k = (int)i;
		if (!strcmp(l->value, "noverdict"))
			k = ROW_NOVERDICT;
		if (k < 0) {
			ps->err = g_strdup("kind: wants hard, soft, other, undecodable or none");
			limit_free(l);
			return NULL;
		}
		g_free(l->value);
		l->value = g_strdup(kind_names[k]);
	}
	l->glob = strpbrk(l->value, "*?") != NULL;
	return l;
}

static struct limit *unary(struct parser *ps)
{
	if (++ps->depth > 64) {
		ps->err = g_strdup("nested too deeply");
		return NULL;
	}
	struct limit *l;
	skip_space(ps);
	if (at_keyword(ps, "not") || (*ps->p == '!' && ps->p++)) {
		struct limit *x = unary(ps);
		l = x ? node(OP_NOT, x, NULL) : NULL;
	} else if (*ps->p == '(') {
		ps->p++;
		l = parse_or(ps);
		skip_space(ps);
		if (l && *ps->p != ')') {
			ps->err = g_strdup("a '(' is not closed");
			limit_free(l);
			l = NULL;
		} else if (l) {
			ps->p++;
		}
	} else {
		l = term(ps);
	}
	ps->depth--;
	return l;
}

static struct limit *parse_and(struct parser *ps)
{
	struct limit *l = unary(ps);
	while (l) {
		skip_space(ps);
		if (!*ps->p || *ps->p == ')')
			break;
		const char *save = ps->p;
		if (at_keyword(ps, "or")) {
			ps->p = save;
			break;
		}
		at_keyword(ps, "and");
		struct limit *r = unary(ps);
		if (!r) {
			limit_free(l);
			return NULL;
		}
		l = node(OP_AND, l, r);
	}
	return l;
}

static struct limit *parse_or(struct parser *ps)
{
	struct limit *l = parse_and(ps);
	while (l && at_keyword(ps, "or")) {
		struct limit *r = parse_and(ps);
		if (!r) {
			limit_free(l);
			return NULL;
		}
		l = node(OP_OR, l, r);
	}
	return l;
}

struct limit *limit_parse(const char *text, char **err)
{
	struct parser ps = {text, NULL, 0};
	*err = NULL;
	skip_space(&ps);
	if (!*ps.p) {
		*err = g_strdup("the pattern is empty");
		return NULL;
	}
	struct limit *l = parse_or(&ps);
	skip_space(&ps);
	if (l && *ps.p) {
		ps.err = g_strdup_printf("unexpected '%c'", *ps.p);
		limit_free(l);
		l = NULL;
	}
	if (!l)
		*err = ps.err ? ps.err : g_strdup("cannot read the pattern");
	else
		g_free(ps.err);
	return l;
}

/* ---- matching ----------------------------------------------------------- */

/* Case-insensitive wildcard match of the whole text: the classic two-pointer
 * walk that remembers only the last '*', so never worse than |p| * |t|. */
static int glob_match(const char *pat, const char *text)
{
	const char *p = pat, *t = text, *star = NULL, *resume = NULL;
	while (*t) {
		if (*p == '?' || (*p && *p != '*' && g_ascii_tolower(*p) == g_ascii_tolower(*t))) {
			p++;
			t++;
		} else if (*p == '*') {
			star = p++;
			resume = t;
		} else if (star) {
			p = star + 1;
			t = ++resume;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

static int contains_ci(const char *hay, const char *needle)
{
	if (!*needle)
		return 1;
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++)
		if (!g_ascii_strncasecmp(h, needle, n))
			return 1;
	return 0;
}

/* A value compared whole (glob when it has wildcards). */
static int equal_or_glob(const struct limit *l, const char *v)
{
	return l->glob ? glob_match(l->value, v) : !g_ascii_strcasecmp(l->value, v);
}

/* A value looked for inside the text (glob over the whole when wildcards). */
static int within(const struct limit *l, const char *v)
{
	return l->glob ? glob_match(l->value, v) : contains_ci(v, l->value);
}

/* Second levels under which a country's domains are registered (co.uk,
 * ne.jp, com.au): enough for the hosts bounces name, not the public
 * suffix list. */
static const char *const second_levels[] = {"ac", "co", "com", "ed", "edu", "go", "gov", "gr", "lg", "ne",
                                            "net", "or", "org"};

const char *provider_of(const char *host, char *buf, size_t size)
{
	size_t n = strlen(host);
	while (n && host[n - 1] == '.')
		n--;
	int digits_only = 1, labels = 1;
	for (size_t i = 0; i < n; i++) {
		if (host[i] == '.')
			labels++;
		else if (!g_ascii_isdigit(host[i]))
			digits_only = 0;
		if (host[i] == ':' || host[i] == '[')
			digits_only = 1;   /* an IPv6 address, or [1.2.3.4] */
	}
	const char *start = host;
	if (!digits_only && labels > 2) {
		/* the starts of the last one, two and three labels */
		const char *cut[4] = {host + n, host, host, host};
		int found = 0;
		for (const char *p = host + n; p > host && found < 3;) {
			p--;
			if (*p == '.')
				cut[++found] = p + 1;
		}
		size_t tld = (size_t)(host + n - cut[1]), sld = (size_t)(cut[1] - 1 - cut[2]);
		start = cut[2];
		if (tld == 2)
			for (size_t i = 0; i < G_N_ELEMENTS(second_levels); i++)
				if (strlen(second_levels[i]) == sld && !g_ascii_strncasecmp(cut[2], second_levels[i], sld))
					start = cut[3];
	}
	size_t len = (size_t)(host + n - start);
	g_strlcpy(buf, start, size < len + 1 ? size : len + 1);
	for (char *p = buf; *p; p++)
		*p = g_ascii_tolower(*p);
	return buf;
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* The domain of an address (after its last @), matched whole or as the
 * domain above it: domain:example.net takes mx.example.net too. */
static int domain_match(const struct limit *l, const char *address)
{
	const char *at = strrchr(address, '@');
	const char *d = at ? at + 1 : address;
	if (l->glob)
		return glob_match(l->value, d);
	if (l->value[0] == '=')   /* domain:=example.net: that one alone */
		return !g_ascii_strcasecmp(d, l->value + 1);
	size_t n = strlen(d), k = strlen(l->value);
	return n >= k && !g_ascii_strcasecmp(d + n - k, l->value) && (n == k || d[n - k - 1] == '.');
}

static int provider_match(const struct limit *l, const char *rhost)
{
	char buf[256];
	const char *p = provider_of(rhost, buf, sizeof buf);
	return l->glob ? glob_match(l->value, p) : !g_ascii_strcasecmp(p, l->value + (l->value[0] == '='));
}

static int term_match(const struct limit *l, const struct row *r)
{
	switch (l->field) {
	case F_REASON: return equal_or_glob(l, r->reason);
	case F_RHOST: return within(l, r->rhost);
	case F_CODE: return equal_or_glob(l, r->replycode);
	case F_STATUS: return equal_or_glob(l, r->status);
	case F_HARD: return (l->value[0] == 'y') == (r->kind == ROW_HARD);
	case F_DECODER: return equal_or_glob(l, r->decoder);
	case F_TEXT: return within(l, r->diag);
	case F_RECIPIENT: return within(l, r->recipient);
	case F_TABLE: return equal_or_glob(l, r->table);
	case F_ENTRY: {
		char buf[16];
		if (r->entry < 0)
			return 0;
		g_snprintf(buf, sizeof buf, "%d", r->entry);
		return equal_or_glob(l, buf);
	}
	case F_STAGE: return equal_or_glob(l, r->stage);
	case F_KIND: return r->kind < G_N_ELEMENTS(kind_names) && !strcmp(l->value, kind_names[r->kind]);
	case F_DOMAIN: return domain_match(l, r->recipient);
	case F_PROVIDER: return provider_match(l, r->rhost);
	case F_FROM: return within(l, str(r->addresser));
	case F_SENDERDOMAIN: return domain_match(l, str(r->addresser));
	case F_SUBJECT: return within(l, str(r->subject));
	case F_DATE: return r->timestamp > 0 && r->timestamp >= l->from && r->timestamp < l->until;
	case F_ANY:
		return within(l, r->recipient) || within(l, r->rhost) || within(l, r->reason) || within(l, r->diag) ||
		       within(l, r->decoder);
	}
	return 0;
}

int limit_match(const struct limit *l, const struct row *r)
{
	switch (l->op) {
	case OP_TERM: return term_match(l, r);
	case OP_AND: return limit_match(l->a, r) && limit_match(l->b, r);
	case OP_OR: return limit_match(l->a, r) || limit_match(l->b, r);
	case OP_NOT: return !limit_match(l->a, r);
	}
	return 0;
}

int limit_wants_noverdict(const struct limit *l)
{
	if (!l)
		return 0;
	if (l->op == OP_TERM)
		return l->field == F_KIND && !strcmp(l->value, "none");
	return limit_wants_noverdict(l->a) || limit_wants_noverdict(l->b);
}

size_t limit_field_count(void)
{
	return G_N_ELEMENTS(limit_fields);
}

const char *limit_field_help(size_t i, const char **name)
{
	*name = limit_fields[i].name;
	return limit_fields[i].help;
}
