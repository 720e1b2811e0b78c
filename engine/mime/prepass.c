/* prepass.c - a message's text made fit for GMime, in one linear pass.
 *
 * GMime builds an object for every header field and MIME part before any
 * cap of ours could count them, parses an attached message into a whole
 * message tree, and reads address groups by recursion.  So before GMime
 * sees the text, this pass (one line at a time, nothing revisited):
 *   - mends Content-Type fields broken before a parameter ("...;\n
 *     boundary=..." without the indentation);
 *   - hands every part GMime would parse as a message (message/rfc822,
 *     global, news, rfc2822, a part of a multipart/digest without a
 *     Content-Type) to GMime as a text stand-in (mimeint.h), a folded
 *     Content-Type included;
 *   - gives GMime at most MIME_MAX_FIELD_BYTES of one header field;
 *   - keeps MIME_MAX_HEADERS fields of each header block (the top one and
 *     each part's) and MIME_MAX_FIELDS in all, dropping the rest;
 *   - keeps MIME_MAX_DELIMITERS boundary lines, the later ones indented so
 *     that they are text of the last part read;
 *   - gives a part that begins with text, not a field, an empty header
 *     block (GMime would read its first paragraph as a header field);
 *   - in the top header block, the only one whose addresses GMime parses,
 *     reads the colons of an address field past MIME_MAX_GROUPS as spaces
 *     (groups nested 50,000 deep overflow GMime's stack).
 * Each cap applied is said once (mime_cut).
 */
#include <string.h>
#include "mimeint.h"

#define MIME_MAX_FIELDS     20000   /* header fields of all header blocks */
#define MIME_MAX_DELIMITERS (2 * MIME_MAX_PARTS)
#define MIME_MAX_GROUPS     64      /* colons of one address field */
/* bytes of one header field GMime is given: twice what is kept of it
 * (MIME_MAX_HEADER, cut and said in headers.c), so that GMime, whose
 * header buffer grows a read at a time, never copies megabytes of one */
#define MIME_MAX_FIELD_BYTES (2 * MIME_MAX_HEADER)
#define BOUNDARY_DIGEST     2       /* the boundary's multipart is a digest */

struct pass {
	GString *o;
	struct cuts *cut;
	GHashTable *bounds;     /* boundary -> 1 | BOUNDARY_DIGEST */
	GString *ct;            /* a Content-Type field being gathered, or NULL */
	int ct_semi;            /* ... whose last line ended with ';' */
	int in_header;          /* in a header block */
	int top;                /* ... the message's own */
	int lines;              /* lines of this header block (continuations not counted) */
	int most;               /* lines of the largest header block over the cap */
	unsigned fields;        /* header lines of all blocks */
	int dropping;           /* the field being read is over the cap */
	int digest_part;        /* this part's multipart is a digest */
	int saw_ct;             /* this part's header has a Content-Type */
	int address;            /* the field being read is an address field */
	int colons;             /* ... and the colons it has had */
	size_t field_bytes;     /* bytes of the field being read, its lines' so far */
	unsigned delimiters;
};

/* LF only: CRLF and bare CR become LF. */
char *mime_to_lf(const char *data, size_t len, size_t *outlen)
{
	char *o = g_malloc(len + 1);
	size_t n = 0;
	/* the runs between CRs copied whole */
	for (size_t i = 0; i < len;) {
		const char *cr = memchr(data + i, '\r', len - i);
		size_t run = cr ? (size_t)(cr - (data + i)) : len - i;
		memcpy(o + n, data + i, run);
		n += run;
		i += run;
		if (!cr)
			break;
		o[n++] = '\n';
		i += i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
	}
	o[n] = 0;
	*outlen = n;
	return o;
}

static int has_prefix_ci_n(const char *p, size_t len, const char *pre, size_t n)
{
	return len >= n && bnc_ncase_eq(p, pre, n);
}
/* a literal's length is known where it is written: no strlen a line */
#define has_prefix_ci(p, len, lit) has_prefix_ci_n(p, len, lit, sizeof lit - 1)

/* The fields GMime reads as address lists when it builds a message. */
static int is_address_field(const char *p, size_t len)
{
	static const struct {
		const char *name;
		size_t len;
	} names[] = {{"From:", 5}, {"Sender:", 7}, {"Reply-To:", 9}, {"To:", 3}, {"Cc:", 3}, {"Bcc:", 4}};
	if (!len || !strchr("FfSsRrTtCcBb", p[0]))
		return 0;   /* no name begins otherwise */
	if (has_prefix_ci(p, len, "Resent-")) {
		p += 7;
		len -= 7;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (has_prefix_ci_n(p, len, names[i].name, names[i].len))
			return 1;
	return 0;
}

/* Append a line of an address field, its colons past the cap as spaces. */
static void put_address(struct pass *ps, const char *p, size_t len)
{
	const char *colon;
	while ((colon = memchr(p, ':', len)) != NULL) {
		size_t k = (size_t)(colon - p);
		g_string_append_len(ps->o, p, (gssize)k);
		if (++ps->colons > MIME_MAX_GROUPS) {
			g_string_append_c(ps->o, ' ');
			mime_cut(ps->cut, CUT_GROUPS, "an address field of over %d groups: the colons past the %dth read as spaces",
			         MIME_MAX_GROUPS, MIME_MAX_GROUPS);
		} else {
			g_string_append_c(ps->o, ':');
		}
		p += k + 1;
		len -= k + 1;
	}
	g_string_append_len(ps->o, p, (gssize)len);
}

/* The stand-in for a media type GMime would parse as a message, or NULL. */
static const char *stand_in_for(const char *type, size_t len)
{
	static const struct {
		const char *type, *stand_in;
	} map[] = {
		{"message/rfc822", RFC822_STAND_IN},
		{"message/global", MESSAGE_STAND_IN "global"},
		{"message/news", MESSAGE_STAND_IN "news"},
		{"message/rfc2822", MESSAGE_STAND_IN "rfc2822"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (len == strlen(map[i].type) && !g_ascii_strncasecmp(type, map[i].type, len))
			return map[i].stand_in;
	return NULL;
}

/* The value of the boundary parameter in a Content-Type value, or NULL. */
static char *boundary_of(const char *v)
{
	const char *p = v;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (g_ascii_strncasecmp(p, "boundary", 8))
			continue;
		const char *q = p + 8;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		const char *e;
		if (*q == '"') {
			e = strchr(++q, '"');
			if (!e)
				e = q + strlen(q);
		} else {
			e = q;
			while (*e && *e != ';' && *e != ' ' && *e != '\t' && *e != '\n')
				e++;
		}
		return e > q ? g_strndup(q, (gsize)(e - q)) : NULL;
	}
	return NULL;
}

/* A gathered Content-Type field: a message type becomes its stand-in, the
 * boundary of a multipart is remembered, and the field is written out. */
static void flush_ct(struct pass *ps)
{
	GString *f = ps->ct;
	ps->ct = NULL;
	const char *v = f->str + strlen("Content-Type:");
	while (*v == ' ' || *v == '\t' || *v == '\n')
		v++;
	const char *e = v;
	while (*e && *e != ';' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '(')
		e++;
	const char *stand_in = stand_in_for(v, (size_t)(e - v));
	if (stand_in) {
		g_string_append(ps->o, "Content-Type: ");
		g_string_append(ps->o, stand_in);
		g_string_append(ps->o, e);
	} else {
		g_string_append_len(ps->o, f->str, (gssize)f->len);
	}
	if (ps->in_header && has_prefix_ci(v, (size_t)(e - v), "multipart/")) {
		char *b = boundary_of(e);
		if (b) {
			int digest = (size_t)(e - v) == 16 && !g_ascii_strncasecmp(v, "multipart/digest", 16);
			g_hash_table_replace(ps->bounds, b, GINT_TO_POINTER(digest ? BOUNDARY_DIGEST : 1));
		}
	}
	g_string_free(f, TRUE);
}

/* Whether a line is a delimiter of a boundary declared in a header block:
 * 0 not, 1 a delimiter, 2 the closing one; *flags what the boundary is. */
static int delimiter(struct pass *ps, const char *p, size_t len, int *flags)
{
	if (len < 3 || p[0] != '-' || p[1] != '-' || !g_hash_table_size(ps->bounds))
		return 0;
	while (len > 2 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	char *key = g_strndup(p + 2, len - 2);
	int kind = 0;
	gpointer v = g_hash_table_lookup(ps->bounds, key);
	if (v)
		kind = 1;
	else if (len > 4 && key[len - 3] == '-' && key[len - 4] == '-') {
		key[len - 4] = 0;
		if ((v = g_hash_table_lookup(ps->bounds, key)) != NULL)
			kind = 2;
	}
	g_free(key);
	*flags = GPOINTER_TO_INT(v);
	return kind;
}

static void header_end(struct pass *ps)
{
	if (ps->digest_part && !ps->saw_ct)
		g_string_append(ps->o, "Content-Type: " RFC822_STAND_IN "\n");
	if (ps->lines > MIME_MAX_HEADERS)
		mime_cut(ps->cut, CUT_HEADERS, "a header block of %d fields: only the first %d read", ps->lines,
		         MIME_MAX_HEADERS);
	ps->in_header = ps->top = ps->dropping = ps->address = 0;
}

/* One line of a header block (not a continuation, not empty). Returns 0 when
 * it is dropped. */
static int header_line(struct pass *ps, const char *p, size_t len)
{
	ps->lines++;
	if (ps->lines > MIME_MAX_HEADERS || ++ps->fields > MIME_MAX_FIELDS) {
		if (ps->fields > MIME_MAX_FIELDS)
			mime_cut(ps->cut, CUT_HEADERS, "over %d header fields in all: the later ones not read", MIME_MAX_FIELDS);
		ps->dropping = 1;
		return 0;
	}
	ps->dropping = 0;
	ps->address = ps->top && is_address_field(p, len);
	ps->colons = -1;   /* the field's own colon */
	if ((*p == 'C' || *p == 'c') && has_prefix_ci(p, len, "Content-Type:"))
		ps->saw_ct = 1;
	return 1;
}

/* Only spaces and tabs (the line is not NUL-ended: its length bounds it). */
static int blank_line(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static void put(struct pass *ps, const char *p, size_t len)
{
	g_string_append_len(ps->o, p, (gssize)len);
	g_string_append_c(ps->o, '\n');
}

static void gather_ct(struct pass *ps, const char *p, size_t len)
{
	if (!ps->ct) {
		ps->ct = g_string_sized_new(len + 64);
	} else if (*p != ' ' && *p != '\t') {
		g_string_append_c(ps->ct, ' ');   /* an orphan parameter, indented */
	}
	g_string_append_len(ps->ct, p, (gssize)len);
	g_string_append_c(ps->ct, '\n');
	const char *t = p + len;
	while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
		t--;
	ps->ct_semi = t > p && t[-1] == ';';
}

static void line(struct pass *ps, const char *p, size_t len)
{
	int cont = len && (*p == ' ' || *p == '\t');
	if (ps->in_header && len) {   /* a field's lines past its byte cap: not given to GMime */
		if (!cont)
			ps->field_bytes = 0;
		else if (ps->field_bytes >= MIME_MAX_FIELD_BYTES)
			return;
		len = mime_utf8_cap(p, len, MIME_MAX_FIELD_BYTES - ps->field_bytes);
		ps->field_bytes += len + 1;
	}
	/* lines of spaces and tabs before the first field are blank lines, not
	 * the folded rest of a field that is not there (GMime gave up on them) */
	if (ps->in_header && ps->top && !ps->lines && len && blank_line(p, len)) {
		put(ps, p, 0);
		return;
	}
	if (ps->ct) {
		int orphan = !cont && ps->ct_semi &&
		             ((len > 9 && has_prefix_ci(p, len, "boundary=")) || (len > 8 && has_prefix_ci(p, len, "charset=")));
		if (cont || orphan) {
			gather_ct(ps, p, len);
			return;
		}
		flush_ct(ps);
	}
	if (ps->in_header && cont) {
		if (ps->dropping)
			return;
		if (ps->address)
			put_address(ps, p, len), g_string_append_c(ps->o, '\n');
		else
			put(ps, p, len);
		return;
	}
	if (ps->in_header && ps->top && !ps->lines && (!len || (len >= 5 && !memcmp(p, "From ", 5)))) {
		put(ps, p, len);   /* an mbox From line, blank lines: not yet the header */
		return;
	}
	int flags = 0, kind = cont ? 0 : delimiter(ps, p, len, &flags);
	if (ps->in_header && (!len || kind))
		header_end(ps);
	if (kind) {
		if (++ps->delimiters > MIME_MAX_DELIMITERS) {
			mime_cut(ps->cut, CUT_PARTS, "over %d MIME boundaries: the later ones read as text", MIME_MAX_DELIMITERS);
			g_string_append_c(ps->o, ' ');
		} else if (kind == 1) {
			ps->in_header = 1;
			ps->lines = 0;
			ps->digest_part = (flags & BOUNDARY_DIGEST) != 0;
			ps->saw_ct = 0;
		}
		put(ps, p, len);
		return;
	}
	if (ps->in_header && len && !ps->top && !ps->lines && !mime_field_name_len(p, len)) {
		/* a part without a header block: its first line is text, which
		 * GMime would read as a field and its paragraph as that field's
		 * lines; an empty header block is given it */
		header_end(ps);
		g_string_append_c(ps->o, '\n');
		put(ps, p, len);
		return;
	}
	if (ps->in_header && len) {
		if (!header_line(ps, p, len))
			return;
		if (ps->address) {
			put_address(ps, p, len);
			g_string_append_c(ps->o, '\n');
			return;
		}
	}
	if (!cont && len >= 13 && (*p == 'C' || *p == 'c') && has_prefix_ci(p, len, "Content-Type:")) {
		gather_ct(ps, p, len);   /* whole: its type may be on the next line */
		return;
	}
	put(ps, p, len);
}

char *mime_prepass(const char *s, size_t len, size_t *outlen, struct cuts *cut)
{
	struct pass ps = {0};
	ps.o = g_string_sized_new(len + 64);
	ps.cut = cut;
	ps.bounds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ps.in_header = ps.top = 1;
	const char *p = s, *end = s + len;
	int last_lf = len && s[len - 1] == '\n';
	while (p < end) {
		if (!ps.in_header && !ps.ct) {
			/* in a body, only a delimiter or a Content-Type line is more
			 * than text: the lines before the next one are copied at once */
			const char *q = p;
			while (q < end && *q != '-' && *q != 'C' && *q != 'c') {
				const char *nl = memchr(q, '\n', (size_t)(end - q));
				if (!nl)
					break;   /* the last line, without LF: line() reads it */
				q = nl + 1;
			}
			if (q > p) {
				g_string_append_len(ps.o, p, q - p);
				p = q;
				continue;
			}
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line(&ps, p, (size_t)(le - p));
		p = nl ? nl + 1 : end;
	}
	if (ps.ct)
		flush_ct(&ps);
	if (!last_lf && ps.o->len && ps.o->str[ps.o->len - 1] == '\n')
		g_string_truncate(ps.o, ps.o->len - 1);   /* as it was: no LF added */
	g_hash_table_destroy(ps.bounds);
	*outlen = ps.o->len;
	return g_string_free(ps.o, FALSE);
}
