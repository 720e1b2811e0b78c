/* headers.c - header fields into struct bnc_header: from GMime's header
 * list, from a well-formed top header block read here, and from the text of
 * an original message's header block. */
#include <string.h>
#include "mimeint.h"

/* How much of a field's value to keep under MIME_MAX_HEADER; the cut said once. */
static size_t header_cap(const char *raw, size_t len, struct cuts *cut)
{
	if (len > MIME_MAX_HEADER)
		mime_cut(cut, CUT_HEADER_BYTES, "a header field over %u KB: cut to that", MIME_MAX_HEADER >> 10);
	return mime_utf8_cap(raw, len, MIME_MAX_HEADER);
}

static int decode_needed(const char *v, size_t len)
{
	/* a byte over 0x7f, eight at a time; then "=?" */
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		guint64 x;
		memcpy(&x, v + i, 8);
		if (x & 0x8080808080808080ULL)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)v[i] >= 0x80)
			return 1;
	const char *e = v + len;
	for (const char *p = v; (p = memchr(p, '=', (size_t)(e - p))) != NULL && p + 1 < e; p++)
		if (p[1] == '?')
			return 1;
	return 0;
}

/* Which fields a reader decodes the encoded words of: the three the
 * verdicts show (Subject:, From:, To: of the bounce, as Sisimai reads
 * them), or every field (an original message's header block). */
enum { DECODE_SHOWN, DECODE_ALL };

/* The one way a field goes into hdrs, whoever read it: its value cut to
 * MIME_MAX_HEADER (when cut is given: the cap is said there), encoded words
 * decoded as `decode` says, a message stand-in named back, unfolded,
 * trimmed and made valid UTF-8. */
static void add_field(GArray *hdrs, const char *name, size_t namelen, const char *raw, size_t rawlen, int decode,
                      struct cuts *cut)
{
	static const char stand_in[] = " " MESSAGE_STAND_IN;
	if (cut)
		rawlen = header_cap(raw, rawlen, cut);
	struct bnc_header h;
	h.name = bnc_strdown(name, (gssize)namelen);
	int shown = !strcmp(h.name, "subject") || !strcmp(h.name, "from") || !strcmp(h.name, "to");
	char *v;
	/* without a byte over 0x7f nor "=?", the value is ASCII as it stands */
	int plain = !decode_needed(raw, rawlen);
	if ((decode == DECODE_ALL || shown) && !plain) {
		/* Plain ASCII without "=?" (most values) has nothing to decode */
		char *r = g_strndup(raw, rawlen);
		char *relabelled = mime_relabel_words(r);
		v = g_mime_utils_header_decode_text(NULL, relabelled ? relabelled : r);
		g_free(relabelled);
		g_free(r);
	} else if (!strcmp(h.name, "content-type") && rawlen >= sizeof stand_in - 1 &&
	           !memcmp(raw, stand_in, sizeof stand_in - 1)) {
		v = g_strdup_printf(" message/%.*s", (int)(rawlen - (sizeof stand_in - 1)), raw + sizeof stand_in - 1);
	} else {
		v = g_strndup(raw, rawlen);
	}
	for (char *p = v; (p = strpbrk(p, "\r\n")) != NULL; p++)
		*p = ' ';
	g_strstrip(v);
	if (plain || g_utf8_validate(v, -1, NULL)) {
		h.value = v;
	} else {
		h.value = g_utf8_make_valid(v, -1);
		g_free(v);
	}
	g_array_append_val(hdrs, h);
}

void mime_collect_headers(GMimeObject *o, GArray *hdrs, struct cuts *cut)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int n = g_mime_header_list_get_count(hl);
	if (n > MIME_MAX_HEADERS) {
		mime_cut(cut, CUT_HEADERS, "%d header fields: only the first %d read", n, MIME_MAX_HEADERS);
		n = MIME_MAX_HEADERS;
	}
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *raw = g_mime_header_get_raw_value(h);
		add_field(hdrs, name, strlen(name), raw ? raw : "", raw ? strlen(raw) : 0, DECODE_SHOWN, cut);
	}
}

int mime_has_header(GArray *hdrs, const char *name)
{
	for (guint i = 0; i < hdrs->len; i++)
		if (!strcmp(g_array_index(hdrs, struct bnc_header, i).name, name))
			return 1;
	return 0;
}

const char *bnc_msg_header_nth(const struct bnc_msg *m, const char *name, size_t n)
{
	/* the first byte compared before the call: most names differ there */
	for (size_t i = 0; i < m->nhdr; i++)
		if (m->hdr[i].name[0] == name[0] && strcmp(m->hdr[i].name, name) == 0 && n-- == 0)
			return m->hdr[i].value;
	return NULL;
}

const char *bnc_msg_header(const struct bnc_msg *m, const char *name)
{
	return bnc_msg_header_nth(m, name, 0);
}

size_t bnc_msg_header_count(const struct bnc_msg *m, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nhdr; i++)
		if (m->hdr[i].name[0] == name[0] && strcmp(m->hdr[i].name, name) == 0)
			n++;
	return n;
}

void bnc_msg_clear(struct bnc_msg *m)
{
	for (size_t i = 0; i < m->nhdr; i++) {
		g_free(m->hdr[i].name);
		g_free(m->hdr[i].value);
	}
	g_free(m->hdr);
	g_free(m->payload);
	g_free(m->cut);
	memset(m, 0, sizeof *m);
}

static int wanted(const char *name, size_t len, const char *const *names)
{
	if (!names)
		return 1;
	char c = bnc_lower(name[0]);
	for (; *names; names++)
		if ((*names)[0] == c && strlen(*names) == len && bnc_ncase_eq(name, *names, len))
			return 1;
	return 0;
}

/* Headers of a block of "Name: value" lines (the original message as a
 * decoder found it), unfolded, encoded words decoded.  Any line of the
 * block that looks like a field starts one; indented lines continue it.
 * Only the fields of names (lower-case; NULL: all) are kept, the others
 * counted towards MIME_MAX_HEADERS all the same. */
void bnc_parse_header_block_of(const char *text, struct bnc_msg *m, const char *const *names)
{
	GArray *hdrs = g_array_new(FALSE, TRUE, sizeof(struct bnc_header));
	GString *cur = g_string_new(NULL);
	const char *name = NULL;
	size_t namelen = 0, nfields = 0;
	int keep = 0;
	const char *l = text ? text : "";
	for (;;) {
		const char *nl = strchr(l, '\n');
		size_t ll = nl ? (size_t)(nl - l) : strlen(l);
		if (name && ll && (l[0] == ' ' || l[0] == '\t')) {
			if (keep) {
				g_string_append_c(cur, ' ');
				g_string_append_len(cur, l, (gssize)ll);
			}
		} else {
			if (name) {
				if (keep)
					add_field(hdrs, name, namelen, cur->str, cur->len, DECODE_ALL, NULL);
				name = NULL;
			}
			const char *colon = memchr(l, ':', ll);
			if (colon && colon > l && !memchr(l, ' ', (size_t)(colon - l))) {
				if (nfields > MIME_MAX_HEADERS)
					break;
				nfields++;
				name = l;
				namelen = (size_t)(colon - l);
				keep = wanted(name, namelen, names);
				if (keep) {
					g_string_assign(cur, "");
					g_string_append_len(cur, colon + 1, (gssize)(ll - namelen - 1));
				}
			}
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	if (name && keep && nfields <= MIME_MAX_HEADERS + 1)
		add_field(hdrs, name, namelen, cur->str, cur->len, DECODE_ALL, NULL);
	g_string_free(cur, TRUE);
	m->nhdr = hdrs->len;
	m->hdr = (struct bnc_header *)g_array_free(hdrs, FALSE);
}

void bnc_parse_header_block(const char *text, struct bnc_msg *m)
{
	bnc_parse_header_block_of(text, m, NULL);
}

static void clear_headers(GArray *hdrs)
{
	for (guint i = 0; i < hdrs->len; i++) {
		g_free(g_array_index(hdrs, struct bnc_header, i).name);
		g_free(g_array_index(hdrs, struct bnc_header, i).value);
	}
	g_array_set_size(hdrs, 0);
}

void mime_free_headers(GArray *hdrs)
{
	clear_headers(hdrs);
	g_array_free(hdrs, TRUE);
}

static int is_mime_field(const char *name, size_t len)
{
	return (len > 8 && !g_ascii_strncasecmp(name, "Content-", 8)) ||
	       (len == 12 && !g_ascii_strncasecmp(name, "MIME-Version", 12));
}

/* The header block at s, when every line of it is a field ("Name:" with a
 * name of printable ASCII) or a continuation, it ends with an empty line and
 * has at most MIME_MAX_HEADERS fields: its fields go to hdrs, and the result is the
 * message with only the MIME fields left in its header.  NULL otherwise (the
 * whole message then goes to GMime, which knows what to make of the odd
 * header block). */
GString *mime_split_top_headers(const char *s, size_t len, GArray *hdrs, struct cuts *cut)
{
	const char *end = s + len, *p = s;
	const char *name = NULL, *raw = NULL;
	size_t namelen = 0;
	GString *mime = g_string_sized_new(len);
	int nfields = 0, keep = 0;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			goto odd;   /* no end to the header block */
		if (nl == p || *p == ' ' || *p == '\t') {
			if (nl != p && !name)
				goto odd;   /* a continuation of nothing */
			if (keep && nl != p)
				g_string_append_len(mime, p, nl + 1 - p);
			if (nl != p) {
				p = nl + 1;
				continue;
			}
		}
		if (name) {   /* the field before this line is complete */
			add_field(hdrs, name, namelen, raw, (size_t)(p - 1 - raw), DECODE_SHOWN, cut);
			name = NULL;
		}
		if (nl == p)
			break;      /* the empty line: the body follows */
		namelen = mime_field_name_len(p, (size_t)(nl - p));
		if (!namelen || ++nfields > MIME_MAX_HEADERS)
			goto odd;
		name = p;
		raw = p + namelen + 1;
		keep = is_mime_field(name, namelen);
		if (keep)
			g_string_append_len(mime, p, nl + 1 - p);
		p = nl + 1;
	}
	g_string_append_c(mime, '\n');
	g_string_append_len(mime, p + 1, end - (p + 1));
	return mime;
odd:
	clear_headers(hdrs);
	g_string_free(mime, TRUE);
	return NULL;
}
