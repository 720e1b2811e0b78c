/* lhost.c - what every decoder shares: Sisimai's string helpers, its part
 * splitter and the record sheet (see lhost.h). */
#include <string.h>
#include "lhost.h"
#include "hosts.h"
#include "smtpcode.h"
#include "rfc1894.h"

/* ---- Sisimai's string helpers --------------------------------------------- */

int bnc_aligned(const char *s, const char *const *list, size_t n)
{
	if (!s || !*s || !n)
		return 0;
	long align = -1;
	for (size_t i = 0; i < n; i++) {
		if (align > 0)
			s += align + 1;
		const char *p = strstr(s, list[i]);
		if (!p)
			return 0;
		align = (long)strlen(list[i]) + (long)(p - s) - 1;
	}
	return 1;
}

int bnc_contains_any(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && *s && i < n; i++)
		if (strstr(s, list[i]))
			return 1;
	return 0;
}

int bnc_prefix_any(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && *s && i < n; i++)
		if (list[i] && *list[i] && bnc_has_prefix(s, list[i]))
			return 1;
	return 0;
}

int bnc_only_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

char *bnc_select(const char *s, const char *begin, const char *until)
{
	size_t ls = s ? strlen(s) : 0, lb = strlen(begin), lu = strlen(until);
	if (ls < 3 || ls <= lb + lu)
		return g_strdup("");
	const char *b = strstr(s, begin);
	if (!b || (size_t)(b - s) + lb + 1 > ls)
		return g_strdup("");
	const char *from = b + lb;
	const char *u = strstr(from + 1, until);
	if (!u)
		return g_strdup("");
	return g_strndup(from, (gsize)(u - from));
}

char *bnc_sweep(const char *s)
{
	if (!s || !*s)
		return g_strdup("");
	char *t = g_strdup(s);
	for (char *p = t; *p; p++)
		if (*p == '\t')
			*p = ' ';
	g_strstrip(t);
	char *w = t;
	for (const char *r = t; *r; r++) {
		if (*r == ' ' && w > t && w[-1] == ' ')
			continue;
		*w++ = *r;
	}
	*w = 0;
	char *cut = strstr(t, " --");
	if (cut && !strstr(t, "-- "))
		*cut = 0;
	return t;
}

char *bnc_trim_colons(const char *s)
{
	const char *b = s, *e = s + strlen(s);
	while (*b == ':')
		b++;
	while (e > b && e[-1] == ':')
		e--;
	return g_strndup(b, (gsize)(e - b));
}

const char *bnc_hdr(const struct bnc_msg *m, const char *name)
{
	const char *v = bnc_msg_header(m, name);
	return v ? v : "";
}

/* ---- records ------------------------------------------------------------- */

struct bnc_rec *bnc_rec_new(void)
{
	return g_new0(struct bnc_rec, 1);
}

void bnc_rec_free(struct bnc_rec *r)
{
	if (!r)
		return;
	for (int i = 0; i < RF__COUNT; i++)
		g_free(r->f[i]);
	g_free(r);
}

static char *trimmed_dup(const char *s, gssize len)
{
	if (len < 0)
		len = (gssize)strlen(s);
	while (len > 0 && g_ascii_isspace(*s)) {
		s++;
		len--;
	}
	while (len > 0 && g_ascii_isspace(s[len - 1]))
		len--;
	return g_strndup(s, (gsize)len);
}

void bnc_rec_set(struct bnc_rec *r, enum bnc_rec_field f, const char *s, gssize len, const char *why)
{
	bnc_rec_take(r, f, s ? trimmed_dup(s, len) : NULL, why);
}

void bnc_rec_take(struct bnc_rec *r, enum bnc_rec_field f, char *owned, const char *why)
{
	if (f == RF_REASON)
		memset(&r->reason_hit, 0, sizeof r->reason_hit);
	g_free(r->f[f]);
	r->f[f] = owned;
	r->cap[f] = 0;
	r->why[f] = why;
}

void bnc_rec_cat(struct bnc_rec *r, enum bnc_rec_field f, const char *sep, const char *s, gssize len)
{
	gsize have = r->cap[f] ? r->len[f] : r->f[f] ? strlen(r->f[f]) : 0;
	gsize seplen = sep ? strlen(sep) : 0;
	gsize add = len < 0 ? strlen(s) : (gsize)len;
	gsize need = have + seplen + add + 1;
	if (need > r->cap[f]) {
		/* doubling: N appends cost O(final length) in all */
		gsize cap = r->cap[f] ? r->cap[f] : have + 1;
		while (cap < need)
			cap = cap < 64 ? 64 : cap * 2;
		r->f[f] = g_realloc(r->f[f], cap);
		r->cap[f] = cap;
	}
	if (seplen)
		memcpy(r->f[f] + have, sep, seplen);
	if (add)
		memcpy(r->f[f] + have + seplen, s, add);
	r->f[f][have + seplen + add] = 0;
	r->len[f] = have + seplen + add;
}

void bnc_rec_append(struct bnc_rec *r, enum bnc_rec_field f, const char *s, gssize len)
{
	if (len < 0)
		len = (gssize)strlen(s);
	while (len > 0 && g_ascii_isspace(*s)) {
		s++;
		len--;
	}
	while (len > 0 && g_ascii_isspace(s[len - 1]))
		len--;
	int empty = !r->f[f] || !*r->f[f];
	bnc_rec_cat(r, f, empty ? NULL : " ", s, len);
}


void bnc_rec_update(struct bnc_rec *r, int t, const char *val, const char *why)
{
	if (t < 0 || !val || !*val)
		return;
	if ((t == RF_LHOST || t == RF_RHOST) && !bnc_rfc1123_is_host(val))
		return;
	if (t == RF_STATUS && !bnc_status_test(val))
		return;
	if (t == RF_ALIAS && !bnc_is_address(val))
		return;
	if (t == RF_LHOST || t == RF_RHOST) {
		char *low = bnc_ascii_lower(val);
		bnc_rec_set(r, (enum bnc_rec_field)t, low, -1, why);
		g_free(low);
		return;
	}
	bnc_rec_set(r, (enum bnc_rec_field)t, val, -1, why);
}

/* ---- a decoder's own tables ----------------------------------------------- */

const struct bnc_entry *bnc_table_scan(const struct bnc_table *t, const char *text, struct bnc_hit *hit)
{
	if (!text)
		return NULL;
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		size_t off = 0, end = 0;
		int ok = 1;
		if (e->on == BNC_ON_LABEL) {
			ok = e->frag[0] && !strcmp(text, e->frag[0]);
			end = strlen(text);
		} else {
			const char *p = text;
			for (int k = 0; ok && k < BNC_ENTRY_FRAGS && e->frag[k]; k++) {
				const char *f = strstr(p, e->frag[k]);
				ok = f != NULL;
				if (ok) {
					if (!k)
						off = (size_t)(f - text);
					p = f + strlen(e->frag[k]);
					end = (size_t)(p - text);
				}
			}
		}
		if (!ok)
			continue;
		if (hit)
			*hit = (struct bnc_hit){t, i, off, end - off};
		return e;
	}
	return NULL;
}

const struct bnc_entry *bnc_rec_reason_from(struct bnc_rec *r, const struct bnc_table *t, const char *text,
                                            const char *why)
{
	struct bnc_hit hit;
	const struct bnc_entry *e = bnc_table_scan(t, text, &hit);
	if (e) {
		bnc_rec_set(r, RF_REASON, bnc_reason_name(e->reason), -1, why);
		r->reason_hit = hit;
	}
	return e;
}

/* ---- lines ----------------------------------------------------------------- */

size_t bnc_lines_from(char *const *lines, const char *mark, int where)
{
	size_t i = 0;
	for (; lines[i]; i++)
		if (bnc_has_prefix(lines[i], mark))
			return where == BNC_AFTER_MARK ? i + 1 : i;
	return i;
}

/* ---- the original message ------------------------------------------------- */

void bnc_part(const char *body, const char *const *marks, size_t n, char **former, char **latter)
{
	const char *pos = NULL;
	for (size_t i = 0; i < n && !pos; i++) {
		const char *p = strstr(body, marks[i]);
		if (p && p > body)
			pos = p;
	}
	if (!pos) {
		*former = g_strdup(body);
		*latter = g_strdup("");
		return;
	}
	*former = g_strndup(body, (gsize)(pos - body));
	/* the first block holding the original's header fields, else all */
	const char *from = pos, *to = pos + strlen(pos);
	for (const char *c = pos; *c;) {
		const char *end = strstr(c, "\n\n");
		const char *stop = end ? end : c + strlen(c);
		const char *r = g_strstr_len(c, stop - c, "Received: ");
		const char *f = r ? r : g_strstr_len(c, stop - c, "From: ");
		if (f) {
			from = c;
			to = stop;
			break;
		}
		if (!end)
			break;
		c = end + 2;
	}
	while (from < to && (*from == ' ' || *from == '\n' || *from == '\r'))
		from++;
	GString *o = g_string_new_len(from, to - from);
	if (!o->len || o->str[o->len - 1] != '\n')
		g_string_append_c(o, '\n');
	*latter = g_string_free(o, FALSE);
}

/* ---- the sheet -------------------------------------------------------------- */

void bnc_sheet_init(struct bnc_sheet *s)
{
	s->recs = g_ptr_array_new();
	s->diag = g_ptr_array_new();
	s->recipients = 0;
	bnc_sheet_add(s);
}

size_t bnc_sheet_len(const struct bnc_sheet *s) { return s->recs->len; }
struct bnc_rec *bnc_sheet_rec(const struct bnc_sheet *s, size_t i) { return g_ptr_array_index(s->recs, i); }
GString *bnc_sheet_diag(const struct bnc_sheet *s, size_t i) { return g_ptr_array_index(s->diag, i); }
struct bnc_rec *bnc_sheet_last(const struct bnc_sheet *s) { return bnc_sheet_rec(s, s->recs->len - 1); }
GString *bnc_sheet_last_diag(const struct bnc_sheet *s) { return bnc_sheet_diag(s, s->diag->len - 1); }

struct bnc_rec *bnc_sheet_add(struct bnc_sheet *s)
{
	struct bnc_rec *r = bnc_rec_new();
	g_ptr_array_add(s->recs, r);
	g_ptr_array_add(s->diag, g_string_new(NULL));
	return r;
}

struct bnc_rec *bnc_sheet_next(struct bnc_sheet *s)
{
	struct bnc_rec *r = bnc_sheet_last(s);
	return r->f[RF_RECIPIENT] && *r->f[RF_RECIPIENT] ? bnc_sheet_add(s) : r;
}

struct bnc_rec *bnc_sheet_count(struct bnc_sheet *s)
{
	return s->recipients++ ? bnc_sheet_add(s) : bnc_sheet_last(s);
}

void bnc_sheet_diagnosis(struct bnc_sheet *s, const char *why)
{
	for (size_t j = 0; j < bnc_sheet_len(s); j++) {
		struct bnc_rec *r = bnc_sheet_rec(s, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(s, j)->str);
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, why ? why : r->why[RF_DIAGNOSIS]);
		g_free(d);
	}
}

int bnc_sheet_dsn_addr(struct bnc_sheet *s, const struct dsn_field *o, struct bnc_rec **v)
{
	*v = bnc_sheet_last(s);
	if (strcmp(o->label, "final-recipient")) {
		bnc_rec_set(*v, RF_ALIAS, o->value, -1,
		            !strcmp(o->label, "x-actual-recipient") ? "X-Actual-Recipient: field" : "Original-Recipient: field");
		return 0;
	}
	if (*bnc_rec_get(*v, RF_RECIPIENT))
		*v = bnc_sheet_add(s);
	bnc_rec_set(*v, RF_RECIPIENT, o->value, -1, "Final-Recipient: field of the delivery-status block");
	return 1;
}

void bnc_sheet_reasons(struct bnc_sheet *s, const struct bnc_table *t, const char *why)
{
	for (size_t j = 0; j < bnc_sheet_len(s); j++)
		bnc_rec_reason_from(bnc_sheet_rec(s, j), t, bnc_rec_get(bnc_sheet_rec(s, j), RF_DIAGNOSIS), why);
}

int bnc_sheet_close(struct bnc_sheet *s, int ok, struct bnc_rising *out, const char *rfc822, const char *claimed)
{
	for (size_t j = 0; j < bnc_sheet_len(s); j++) {
		if (ok)
			g_ptr_array_add(out->recs, bnc_sheet_rec(s, j));
		else
			bnc_rec_free(bnc_sheet_rec(s, j));
		g_string_free(bnc_sheet_diag(s, j), TRUE);
	}
	g_ptr_array_free(s->recs, TRUE);
	g_ptr_array_free(s->diag, TRUE);
	s->recs = s->diag = NULL;
	if (ok && rfc822)
		g_string_assign(out->rfc822, rfc822);
	if (ok && claimed)
		out->claimed = claimed;
	return ok;
}

/* ---- a decoder's reading of a text report ---------------------------------- */

void bnc_reading_open(struct bnc_reading *rd, const char *body, const char *const *marks, size_t n)
{
	bnc_part(body, marks, n, &rd->errpart, &rd->orig);
	rd->lines = bnc_split_lines(rd->errpart);
	bnc_sheet_init(&rd->sh);
}

int bnc_reading_close(struct bnc_reading *rd, int ok, struct bnc_rising *out, const char *claimed)
{
	bnc_sheet_close(&rd->sh, ok, out, rd->orig, claimed);
	g_strfreev(rd->lines);
	g_free(rd->errpart);
	g_free(rd->orig);
	return ok;
}
