/* notice.c - reading a free-text bounce notice (see notice.h).
 *
 * One pass over the lines of the report: the start line, then each line
 * either names a failed address (a new record, or more for one already
 * seen) or adds to the text of the last one; the end line, or the returned
 * message, stops it.  Text before the first address is the report's lead
 * ("... could not be delivered because ..."), given to any record that has
 * no text of its own.  Every field grows by appending, so the time is
 * linear in the report; the report read is cut at NOTICE_MAX bytes, far
 * past any real notice.
 */
#include <string.h>
#include "notice.h"
#include "lhost.h"

#define NOTICE_MAX (1u << 20)
#define NOTICE_MAX_RCPTS 10000

/* Where the returned message begins in any notice. */
static const char *const original_marks[] = {
	"content-type: message/rfc822", "content-type: text/rfc822-headers",
};

static const char *find_ci(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = strcasestr(s, list[i]);
		if (p)
			return p;
	}
	return NULL;
}

char *bnc_notice_from(const struct bnc_msg *m)
{
	const char *f = bnc_msg_header(m, "from");
	char *a = f ? bnc_address_find(f) : NULL;
	char *low = bnc_strdown(a ? a : "", -1);
	g_free(a);
	return low;
}

int bnc_notice_from_domain(const struct bnc_msg *m, const char *const *domains, size_t n)
{
	char *a = bnc_notice_from(m);
	const char *at = strrchr(a, '@');
	int hit = 0;
	for (size_t i = 0; at && i < n && !hit; i++) {
		size_t dl = strlen(domains[i]), hl = strlen(at + 1);
		hit = hl >= dl && !strcmp(at + 1 + hl - dl, domains[i]) && (hl == dl || at[hl - dl] == '.');
	}
	g_free(a);
	return hit;
}

int bnc_notice_header_has(const struct bnc_msg *m, const char *name, const char *const *list, size_t n)
{
	size_t k = bnc_msg_header_count(m, name);
	for (size_t i = 0; i < k && i < 64; i++)
		if (find_ci(bnc_msg_header_nth(m, name, i), list, n))
			return 1;
	return 0;
}

/* The report: the flat text up to the returned message, at most NOTICE_MAX
 * bytes.  A new string. */
static char *report_text(const struct bnc_msg *m, const char **orig_at)
{
	const char *body = m->payload ? m->payload : "";
	size_t len = strlen(body);
	if (len > NOTICE_MAX)
		len = NOTICE_MAX;
	char *t = g_strndup(body, len);
	const char *o = find_ci(t, original_marks, G_N_ELEMENTS(original_marks));
	if (orig_at)
		*orig_at = o ? body + (o - t) : NULL;
	if (o)
		t[o - t] = 0;
	return t;
}

char *bnc_notice_report(const struct bnc_msg *m)
{
	return report_text(m, NULL);
}

int bnc_notice_text_has(const struct bnc_msg *m, const char *const *list, size_t n)
{
	char *t = report_text(m, NULL);
	int hit = find_ci(t, list, n) != NULL;
	g_free(t);
	return hit;
}

int bnc_notice_from_mailer(const struct bnc_msg *m)
{
	static const char *const locals[] = {"mailer-daemon", "postmaster", "mail-daemon", "maildaemon", "mailerdaemon",
	                                     "mmdf", "smtp", "mail.delivery", "daemon", "root", "mdaemon", "nobody"};
	char *a = bnc_notice_from(m);
	const char *at = strchr(a, '@');
	size_t l = at ? (size_t)(at - a) : strlen(a);
	int hit = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(locals) && !hit; i++)
		hit = l == strlen(locals[i]) && !strncmp(a, locals[i], l);
	g_free(a);
	const char *f = bnc_msg_header(m, "from");
	if (!hit && f)
		hit = strcasestr(f, "mail delivery") || strcasestr(f, "postmaster") || strcasestr(f, "mailer-daemon");
	return hit;
}

/* The original's header block: the first blank-line separated block from
 * at that holds "Received: " or "From: ", else "" (a new string). */
static char *original_block(const char *at)
{
	if (!at)
		return g_strdup("");
	for (const char *c = at; *c;) {
		const char *end = strstr(c, "\n\n");
		const char *stop = end ? end : c + strlen(c);
		if (g_strstr_len(c, stop - c, "Received: ") || g_strstr_len(c, stop - c, "From: ")) {
			while (c < stop && (*c == '\n' || *c == ' '))
				c++;
			return g_strdup_printf("%.*s\n", (int)(stop - c), c);
		}
		if (!end)
			break;
		c = end + 2;
	}
	return g_strdup("");
}

static int word_char(int c)
{
	return g_ascii_isalnum(c) || (c && strchr("._-+=!#$%&'*/?^`{|}~", c));
}

/* A bare name ("jdoe", an AOL screen name): word characters only. */
static int bare_name(const char *s, size_t n)
{
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!word_char((unsigned char)s[i]) || s[i] == '\'')
			return 0;
	return g_ascii_isalnum(s[0]);
}

/* The address (or bare name) that begins p, after the punctuation a list
 * puts before it; *rest is set past it.  A new string, or NULL. */
static char *leading_address(const char *p, const char *bare, const char **rest)
{
	while (*p == ' ' || *p == '>' || *p == '*' || *p == '-' || *p == '"' || *p == '<' || *p == '\'' || *p == '[' ||
	       *p == '(')
		p++;
	if (!g_ascii_strncasecmp(p, "smtp:", 5) || !g_ascii_strncasecmp(p, "rfc822;", 7))
		p += p[4] == ':' ? 5 : 7;
	while (*p == ' ' || *p == '<')
		p++;
	const char *e = p;
	while (*e && (word_char((unsigned char)*e) || *e == '@' || *e == '[' || *e == ']') && *e != '\'')
		e++;
	while (e > p && (e[-1] == '.' || e[-1] == ']'))
		e--;
	*rest = e;
	char *w = g_strndup(p, (gsize)(e - p));
	if (strchr(w, '@')) {
		if (bnc_is_address(w) && strchr(strrchr(w, '@'), '.'))
			return w;
		g_free(w);
		return NULL;
	}
	/* a bare name stands alone, or before a comment: "jdoe (user not found)" */
	const char *after = e;
	int closed = *e == '"' || *e == '>';   /* "jdoe" or <jdoe>: a name quoted whole */
	while (*after == ' ' || *after == '>' || *after == '"' || *after == ':')
		after++;
	if (bare && bare_name(w, strlen(w)) && (closed || !*after || *after == '(' || !strncmp(after, "- ", 2) ||
	                                        !strncmp(after, "...", 3)))
		return w;
	g_free(w);
	return NULL;
}

/* The recipient of a line by the spec's style, or NULL; *rest past it. */
static char *line_address(const struct bnc_notice *n, const char *line, const char **rest)
{
	switch (n->style) {
	case NOTICE_LINE:
		return leading_address(line, n->bare_domain, rest);
	case NOTICE_LABEL:
		for (size_t i = 0; i < n->nlabels; i++) {
			const char *p = strcasestr(line, n->labels[i]);
			if (p)
				return leading_address(p + strlen(n->labels[i]), n->bare_domain, rest);
		}
		return NULL;
	case NOTICE_ANY: {
		char *a = bnc_address_find(line);
		*rest = line;   /* the whole line tells of it */
		return a;
	}
	}
	return NULL;
}

/* One spec over the report; records to sh.  Returns how many recipients. */
static int read_spec(const struct bnc_msg *m, const struct bnc_notice *n, char **lines, struct bnc_sheet *sh,
                     const char *sender, const char *mailer, const char *from_domain)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *lead = g_string_new(NULL);
	int reading = 0, recipients = 0;
	gsize cur = 0;   /* index of the record lines add to, once recipients > 0 */
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (!find_ci(e, n->starts, n->nstarts)) {
				/* the words before the start may say why (a gateway's policy) */
				if (n->lead == NOTICE_WITH_LEAD && *e && lead->len < 1024 && !bnc_has_prefix_ci(e, "Content-")) {
					g_string_append(lead, e);
					g_string_append_c(lead, ' ');
				}
				continue;
			}
			reading = 1;
			if (!n->start_reads) {
				g_string_append(lead, e);
				g_string_append_c(lead, ' ');
				continue;
			}
		} else if (n->nends && find_ci(e, n->ends, n->nends)) {
			break;
		}
		const char *rest = e;
		char *a = line_address(n, e, &rest);
		if (a && !strchr(a, '@')) {
			const char *dom = !strcmp(n->bare_domain, NOTICE_FROM_DOMAIN) ? from_domain : n->bare_domain;
			char *full = *dom ? g_strconcat(a, "@", dom, NULL) : NULL;
			g_free(a);
			a = full;
		}
		if (a) {
			char *low = bnc_strdown(a, -1);
			g_free(a);
			a = low;
		}
		if (a && (!strcmp(a, sender) || !strcmp(a, mailer) || bnc_has_prefix(a, "postmaster@") ||
		          bnc_has_prefix(a, "mailer-daemon@"))) {
			g_free(a);
			a = NULL;
			rest = e;
		}
		if (a) {
			gpointer at;
			if (g_hash_table_lookup_extended(seen, a, NULL, &at)) {
				cur = GPOINTER_TO_SIZE(at);
				g_free(a);
			} else if (recipients < NOTICE_MAX_RCPTS) {
				struct bnc_rec *v = bnc_sheet_next(sh);
				bnc_rec_set(v, RF_RECIPIENT, a, -1, n->why);
				cur = bnc_sheet_len(sh) - 1;
				g_hash_table_insert(seen, a, GSIZE_TO_POINTER(cur));
				recipients++;
			} else {
				g_free(a);
				break;
			}
			if (n->style == NOTICE_LABEL)
				rest = e;   /* the label says as much as the rest */
			else if (n->style != NOTICE_ANY)
				while (*rest == '>' || *rest == ':' || *rest == '"' || *rest == ',' || *rest == ';')
					rest++;
			GString *d = bnc_sheet_diag(sh, cur);
			g_string_append(d, rest);
			g_string_append_c(d, ' ');
			continue;
		}
		if (!*e)
			continue;
		if (!recipients) {
			g_string_append(lead, e);
			g_string_append_c(lead, ' ');
			continue;
		}
		if (n->lead == NOTICE_LIST_ONLY)
			break;
		GString *d = bnc_sheet_diag(sh, cur);
		g_string_append(d, e);
		g_string_append_c(d, ' ');
	}
	/* a record with no words of its own is told of by the lead */
	for (guint j = 0; recipients && j < bnc_sheet_len(sh); j++) {
		GString *d = bnc_sheet_diag(sh, j);
		char *own = bnc_squeeze_space(d->str);
		if (!*own && bnc_shared_text_fits(bnc_sheet_len(sh), lead->len))
			g_string_assign(d, lead->str);
		else if (n->lead && bnc_shared_text_fits(bnc_sheet_len(sh), lead->len))
			g_string_prepend(d, lead->str);
		g_free(own);
	}
	g_string_free(lead, TRUE);
	g_hash_table_destroy(seen);
	(void)m;
	return recipients;
}

int bnc_notice_read(const struct bnc_msg *m, const struct bnc_notice *specs, size_t n, struct bnc_rising *out,
                    const char *claim)
{
	if (!m->payload)
		return 0;
	const char *orig_at = NULL;
	char *text = report_text(m, &orig_at);
	char **lines = bnc_split_lines(text);
	char *mailer = bnc_notice_from(m);
	const char *to = bnc_msg_header(m, "to");
	char *s = to ? bnc_address_find(to) : NULL;
	char *sender = bnc_strdown(s ? s : "", -1);
	g_free(s);
	const char *fat = strrchr(mailer, '@');
	const char *from_domain = fat ? fat + 1 : "";

	int ok = 0;
	struct bnc_sheet sh;
	const struct bnc_notice *used = NULL;
	for (size_t k = 0; k < n && !ok; k++) {
		bnc_sheet_init(&sh);
		ok = read_spec(m, &specs[k], lines, &sh, sender, mailer, from_domain) > 0;
		if (ok)
			used = &specs[k];
		else
			bnc_sheet_close(&sh, 0, out, NULL, NULL);
	}
	char *orig = NULL;
	if (ok) {
		/* the original: after the end line when there was one, else the
		 * returned message part */
		const char *at = orig_at;
		for (size_t i = 0; used->nends && lines[i]; i++) {
			const char *hit = find_ci(lines[i], used->ends, used->nends);
			if (hit) {
				size_t off = 0;
				for (size_t j = 0; j < i; j++)
					off += strlen(lines[j]) + 1;
				at = m->payload + off;
				break;
			}
		}
		orig = original_block(at);
		bnc_sheet_diagnosis(&sh, "the lines of the notice that tell of this address");
		for (guint j = 0; j < bnc_sheet_len(&sh); j++) {
			struct bnc_rec *r = bnc_sheet_rec(&sh, j);
			bnc_rec_set(r, RF_ACTION, used->action ? used->action : "failed", -1, "the kind of notice");
			if (used->table)
				bnc_rec_reason_from(r, used->table, bnc_rec_get(r, RF_DIAGNOSIS), "one of the format's own messages");
		}
		bnc_sheet_close(&sh, 1, out, orig, claim);
	}
	g_free(orig);
	g_free(mailer);
	g_free(sender);
	g_strfreev(lines);
	g_free(text);
	return ok;
}
