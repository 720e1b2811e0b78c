/* split.c - the common MIME tree read without GMime's objects.
 *
 * Most bounces are a multipart/report of two or three parts with plain
 * header blocks, or one text part.  GMime builds some thirty GObjects for
 * such a message (parts, header lists, content types, data wrappers,
 * streams), and making and freeing them was the largest share of decoding
 * time, more so on several threads, which share each type's counters
 * (docs/performance.md).  This reader splits such a tree by the rules GMime's
 * parser follows (a delimiter line is "--" boundary and optional blanks, the
 * closing one ends in "--", the line end before a delimiter belongs to it,
 * the innermost boundary is tried first) and decodes each part with GMime's
 * own transfer decoders and the charset conversion every part gets.
 *
 * It reads only what it is sure of: a shape with a doubt (a Content-Type
 * with a comment, a quoted-pair, an encoded or RFC 2231 parameter; a part
 * whose header block has an odd line or does not open with a Content-*
 * field; a multipart that never meets its boundary or is left unclosed
 * inside another; a digest; an attached message GMime would parse;
 * uuencode; more than SPLIT_MAX_LEAVES parts or SPLIT_MAX_DEPTH levels) is
 * left to GMime whole, before anything is written.  test_mime.c holds the two
 * readers to the same text on every sample.
 */
#include <string.h>
#include "mimeint.h"

#define SPLIT_MAX_DEPTH   8
#define SPLIT_MAX_LEAVES  64
#define SPLIT_MAX_CHARSET 64

struct span {
	const char *p;
	size_t n;
};

struct leaf {
	struct span type;        /* type/subtype as written */
	struct span charset;     /* .p NULL when there is none */
	GMimeContentEncoding enc;
	struct span body;        /* still transfer-encoded */
	int in_alt;              /* its multipart is an alternative */
};

struct split {
	const char *end;
	struct span bound[SPLIT_MAX_DEPTH];   /* open boundaries, outermost first */
	int depth;
	struct leaf leaf[SPLIT_MAX_LEAVES];
	int nleaf;
	int multipart;                        /* the message is one */
};

/* What ended a part: the end of the text, a delimiter or the closing line
 * of the innermost boundary, or something this reader leaves to GMime. */
enum found { FOUND_EOS, FOUND_DELIM, FOUND_CLOSE, FOUND_ODD };

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static const char *next_line(const char *p, const char *end)
{
	const char *le = line_end(p, end);
	return le < end ? le + 1 : end;
}

static int blanks_only(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	return 1;
}

/* The line [p, e) against boundary b: FOUND_CLOSE, FOUND_DELIM or FOUND_EOS (neither). */
static enum found against(const char *p, const char *e, struct span b)
{
	size_t len = (size_t)(e - p);
	if (len < 2 + b.n || memcmp(p + 2, b.p, b.n))
		return FOUND_EOS;
	const char *r = p + 2 + b.n;
	if (e - r >= 2 && r[0] == '-' && r[1] == '-' && blanks_only(r + 2, e))
		return FOUND_CLOSE;
	return blanks_only(r, e) ? FOUND_DELIM : FOUND_EOS;
}

/* Lines from *pp up to the first that is a delimiter of an open boundary,
 * *pp left at its start; a delimiter of any but the innermost is odd. */
static enum found scan(const struct split *s, const char **pp)
{
	const char *p = *pp;
	for (;;) {
		const char *le = line_end(p, s->end);
		if (le - p >= 2 && p[0] == '-' && p[1] == '-') {
			for (int i = s->depth - 1; i >= 0; i--) {
				enum found k = against(p, le, s->bound[i]);
				if (k == FOUND_EOS)
					continue;
				if (i != s->depth - 1)
					return FOUND_ODD;
				*pp = p;
				return k;
			}
		}
		if (le == s->end) {
			*pp = s->end;
			return FOUND_EOS;
		}
		p = le + 1;
	}
}

struct fields {
	struct span ct, cte;     /* values, folded lines and all */
	int n;
	int opens_content;       /* the first field is a Content-* one */
};

/* A header block of plain fields ended by an empty line: *pp left at the
 * body.  0 for any other shape. */
static int read_fields(const char **pp, const char *end, struct fields *f)
{
	memset(f, 0, sizeof *f);
	struct span *cur = NULL;
	const char *p = *pp;
	for (;;) {
		if (p == end)
			return 0;
		const char *le = line_end(p, end);
		if (le == end)
			return 0;
		if (le == p) {
			*pp = le + 1;
			return 1;
		}
		if (memchr(p, 0, (size_t)(le - p)))
			return 0;   /* GMime reads a field as a string: it would end there */
		if (*p == ' ' || *p == '\t') {
			if (!f->n)
				return 0;
			if (cur)
				cur->n = (size_t)(le - cur->p);
			p = le + 1;
			continue;
		}
		if (p[0] == '-' && le - p >= 2 && p[1] == '-')
			return 0;
		size_t nl = mime_field_name_len(p, (size_t)(le - p));
		if (!nl)
			return 0;
		const char *q = p + nl;
		if (f->n++ == 0)
			f->opens_content = nl >= 8 && bnc_ncase_eq(p, "Content-", 8);
		cur = NULL;
		if (nl == 12 && bnc_ncase_eq(p, "Content-Type", 12))
			cur = &f->ct;
		else if (nl == 25 && bnc_ncase_eq(p, "Content-Transfer-Encoding", 25))
			cur = &f->cte;
		if (cur) {
			if (cur->p)
				return 0;   /* twice: which one GMime keeps is its own affair */
			cur->p = q + 1;
			cur->n = (size_t)(le - cur->p);
		}
		p = le + 1;
	}
}

/* RFC 2045's token characters */
static int tchar(char c)
{
	return c > ' ' && c < 0x7f && !strchr("()<>@,;:\\\"/[]?=", c);
}

static const char *skip_lwsp(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	return p;
}

struct ctype {
	struct span type, sub, boundary, charset;
};

static int is_word(struct span s, const char *w)
{
	return s.n == strlen(w) && bnc_ncase_eq(s.p, w, s.n);
}

/* A parameter's value at *pp: a quoted string without quoted-pairs, or up
 * to the next ';' as GMime's loose reading takes it, when that is one word
 * of printable ASCII; 0 for anything else. */
static int read_value(const char **pp, const char *e, struct span *v)
{
	const char *p = *pp;
	if (p < e && *p == '"') {
		const char *q = ++p;
		while (q < e && *q != '"') {
			if (*q == '\\' || *q == '\n' || (unsigned char)*q >= 0x80)
				return 0;
			q++;
		}
		if (q == e)
			return 0;
		*v = (struct span){p, (size_t)(q - p)};
		*pp = q + 1;
	} else {
		const char *q = p;
		while (q < e && *q != ';' && *q > ' ' && *q < 0x7f && *q != '"' && *q != '(' && *q != '\\')
			q++;
		if (q == p)
			return 0;
		*v = (struct span){p, (size_t)(q - p)};
		*pp = q;
	}
	for (size_t i = 0; i + 1 < v->n; i++)
		if (v->p[i] == '=' && v->p[i + 1] == '?')
			return 0;   /* an encoded word, which GMime may decode */
	return 1;
}

/* type/subtype and the boundary and charset parameters of a Content-Type
 * value; 0 when it is not the plain shape. */
static int parse_ctype(struct span v, struct ctype *ct)
{
	memset(ct, 0, sizeof *ct);
	const char *e = v.p + v.n, *p = skip_lwsp(v.p, e), *q = p;
	while (q < e && tchar(*q))
		q++;
	if (q == p || q == e || *q != '/')
		return 0;
	ct->type = (struct span){p, (size_t)(q - p)};
	p = ++q;
	while (q < e && tchar(*q))
		q++;
	if (q == p)
		return 0;
	ct->sub = (struct span){p, (size_t)(q - p)};
	p = q;
	for (;;) {
		p = skip_lwsp(p, e);
		if (p == e)
			return 1;
		if (*p++ != ';')
			return 0;
		p = skip_lwsp(p, e);
		if (p == e)
			return 1;
		q = p;
		while (q < e && tchar(*q) && *q != '*' && *q != '\'' && *q != '%')
			q++;
		if (q == p)
			return 0;
		struct span name = {p, (size_t)(q - p)};
		p = skip_lwsp(q, e);
		if (p == e || *p++ != '=')
			return 0;
		p = skip_lwsp(p, e);
		struct span val;
		if (!read_value(&p, e, &val))
			return 0;
		struct span *slot = is_word(name, "boundary") ? &ct->boundary : is_word(name, "charset") ? &ct->charset : NULL;
		if (slot) {
			if (slot->p)
				return 0;
			*slot = val;
		}
	}
}

/* The types GMime reads as a message of its own (prepass.c turns the usual
 * ones into stand-ins): such a part is left to it. */
static int gmime_message_type(const struct ctype *ct)
{
	static const char *const subs[] = {"rfc822", "news", "global", "rfc2822", "partial", "external-body"};
	if (!is_word(ct->type, "message"))
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (is_word(ct->sub, subs[i]))
			return 1;
	return 0;
}

static int transfer_encoding(struct span v, GMimeContentEncoding *enc)
{
	*enc = GMIME_CONTENT_ENCODING_DEFAULT;
	if (!v.p)
		return 1;
	const char *e = v.p + v.n, *p = skip_lwsp(v.p, e);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		e--;
	char buf[32];
	size_t n = (size_t)(e - p);
	if (n >= sizeof buf)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!tchar(p[i]))
			return 0;
	memcpy(buf, p, n);
	buf[n] = 0;
	*enc = g_mime_content_encoding_from_string(buf);
	return *enc != GMIME_CONTENT_ENCODING_UUENCODE;
}

/* The part at *pp, header block first: its leaves noted, *pp left where
 * what ended it begins. */
static enum found read_part(struct split *s, const char **pp, int in_alt, int top)
{
	struct fields f;
	const char *body = *pp;
	if (!read_fields(&body, s->end, &f))
		return FOUND_ODD;
	struct ctype ct;
	if (f.ct.p) {
		if (!parse_ctype(f.ct, &ct))
			return FOUND_ODD;
	} else {
		static const char plain[] = "text/plain";
		memset(&ct, 0, sizeof ct);
		ct.type = (struct span){plain, 4};
		ct.sub = (struct span){plain + 5, 5};
	}
	if (is_word(ct.type, "multipart")) {
		if (!ct.boundary.p || !ct.boundary.n || s->depth == SPLIT_MAX_DEPTH || is_word(ct.sub, "digest"))
			return FOUND_ODD;
		s->bound[s->depth++] = ct.boundary;
		s->multipart = 1;
		int alt = is_word(ct.sub, "alternative");
		const char *p = body;
		enum found k = scan(s, &p);
		if (k != FOUND_DELIM)
			return FOUND_ODD;   /* all prologue, which GMime keeps apart */
		do {
			p = next_line(p, s->end);
			if (p == s->end)
				return FOUND_ODD;
			k = read_part(s, &p, alt, 0);
		} while (k == FOUND_DELIM);
		s->depth--;
		if (k != FOUND_CLOSE) {
			*pp = p;
			return k;
		}
		/* the epilogue, up to the enclosing multipart's next delimiter */
		p = next_line(p, s->end);
		k = s->depth ? scan(s, &p) : (p = s->end, FOUND_EOS);
		*pp = p;
		return k;
	}
	if (gmime_message_type(&ct) || s->nleaf == SPLIT_MAX_LEAVES)
		return FOUND_ODD;
	if (!top && f.n && !f.opens_content)
		return FOUND_ODD;   /* header lines that are the part's text: flatten.c's bare part */
	if (ct.charset.p && ct.charset.n >= SPLIT_MAX_CHARSET)
		return FOUND_ODD;
	struct leaf *l = &s->leaf[s->nleaf];
	if (!transfer_encoding(f.cte, &l->enc))
		return FOUND_ODD;
	s->nleaf++;
	l->type = (struct span){ct.type.p, (size_t)(ct.sub.p + ct.sub.n - ct.type.p)};
	l->charset = ct.charset;
	l->in_alt = in_alt;
	const char *p = body;
	enum found k = s->depth ? scan(s, &p) : (p = s->end, FOUND_EOS);
	if (k == FOUND_ODD)
		return k;
	size_t n = (size_t)(p - body);
	if (k != FOUND_EOS)
		n = n > 1 ? n - 1 : 0;   /* the line end before a delimiter is the delimiter's */
	l->body = (struct span){body, n};
	*pp = p;
	return k;
}

/* A leaf's content decoded to UTF-8 (as_text: see mime_part_text). */
static char *leaf_text(const struct leaf *l, int as_text, struct cuts *cut)
{
	char cs[SPLIT_MAX_CHARSET];
	const char *charset = NULL;
	if (l->charset.p) {
		memcpy(cs, l->charset.p, l->charset.n);
		cs[l->charset.n] = 0;
		charset = cs;
	}
	if (l->enc != GMIME_CONTENT_ENCODING_BASE64 && l->enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
		return mime_content_text(l->body.p, l->body.n, charset, as_text, cut);
	GMimeEncoding st;
	g_mime_encoding_init_decode(&st, l->enc);
	char *buf = g_malloc(g_mime_encoding_outlen(&st, l->body.n) + 1);
	size_t n = g_mime_encoding_step(&st, l->body.p, l->body.n, buf);
	n += g_mime_encoding_flush(&st, l->body.p + l->body.n, 0, buf + n);
	char *txt = mime_content_text(buf, n, charset, as_text, cut);
	g_free(buf);
	return txt;
}

int mime_split_read(const char *text, size_t len, struct mime_walk *w)
{
	struct split s;
	s.end = text + len;
	s.depth = s.nleaf = s.multipart = 0;
	const char *p = text;
	if (read_part(&s, &p, 0, 1) == FOUND_ODD)
		return 0;
	for (int i = 0; i < s.nleaf; i++) {
		const struct leaf *l = &s.leaf[i];
		if (!s.multipart) {
			/* a message of one part: its text whatever its type, as message.c reads GMime's */
			const char *slash = memchr(l->type.p, '/', l->type.n);
			struct span sub = {slash + 1, (size_t)(l->type.p + l->type.n - slash - 1)};
			mime_put_whole(w->out, is_word(sub, "html"), leaf_text(l, 1, w->cut));
			continue;
		}
		if (!mime_leaf_room(w))
			continue;
		char *type = bnc_strdown(l->type.p, (gssize)l->type.n);
		enum mime_leaf how = mime_leaf_of(type, l->in_alt);
		if (how != LEAF_NONE)
			mime_put_leaf(w, how, type, leaf_text(l, how == LEAF_TEXT, w->cut));
		g_free(type);
	}
	return 1;
}
