/* mime.c - the only file that touches GMime types.
 *
 * Turns the bytes of one message into a struct bnc_msg: its headers, and a
 * flat text body in which every text or message part is decoded (transfer
 * encoding and charset, to UTF-8, lossy rather than failing) and parts that
 * decoders look for (delivery-status, rfc822, feedback-report, partial) are
 * announced by a "Content-Type:" line.  Field lines of RFC 1894, 5322 and
 * 5965 are tidied so decoders can compare them literally.
 */
#include <stdarg.h>
#include <string.h>
#include <gmime/gmime.h>
#include "private.h"
#include "mime.h"

#define MIME_MAX_DEPTH   32          /* nesting of multiparts */
#define MIME_MAX_PARTS   512         /* leaf parts examined */
#define MIME_MAX_PART    (4u << 20)  /* bytes kept of one decoded part */
#define MIME_MAX_RFC822  (64u << 10) /* bytes kept of an attached original message */
#define MIME_MAX_HEADERS 1000        /* header fields kept of one header block */
#define MIME_MAX_HEADER  (64u << 10) /* bytes kept of one header field's value */

/* What the caps above left unread, said once per cap: the verdicts are then
 * those of the part that was read, and the caller is told so. */
enum cut_kind { CUT_DEPTH, CUT_PARTS, CUT_PART_BYTES, CUT_HEADERS, CUT_HEADER_BYTES };
struct cuts {
	unsigned seen;           /* bit per enum cut_kind */
	GString *text;           /* "; "-separated notes, or NULL */
};

static void G_GNUC_PRINTF(3, 4) cut_note(struct cuts *c, enum cut_kind k, const char *fmt, ...)
{
	if (c->seen & (1u << k))
		return;
	c->seen |= 1u << k;
	if (!c->text)
		c->text = g_string_new(NULL);
	else
		g_string_append(c->text, "; ");
	va_list ap;
	va_start(ap, fmt);
	g_string_append_vprintf(c->text, fmt, ap);
	va_end(ap);
}

/* How many of the len bytes of s to keep under a cap of max: up to a
 * character boundary, so a cut never splits a UTF-8 sequence. */
static size_t utf8_cap(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	const char *at = g_utf8_find_prev_char(s, s + max + 1);
	return (size_t)((at ? at : s + max) - s);
}

/* The same for a header field's value, under MIME_MAX_HEADER, said once. */
static size_t header_cap(const char *raw, size_t len, struct cuts *cut)
{
	if (len > MIME_MAX_HEADER)
		cut_note(cut, CUT_HEADER_BYTES, "a header field over %u KB: cut to that", MIME_MAX_HEADER >> 10);
	return utf8_cap(raw, len, MIME_MAX_HEADER);
}

/* GMime parses an attached message/rfc822 part into a whole message object
 * tree (addresses, dates, its own parts), which costs as much as the bounce
 * itself, only for flatten() to write it back out as text.  Such a part is
 * handed to GMime as this text type instead, its content taken as it is
 * (transfer encoding undone), and announced as message/rfc822 again. */
#define RFC822_STAND_IN "text/x-bouncelens-rfc822"

static GOnce mime_once = G_ONCE_INIT;

static gpointer mime_init_once(gpointer unused)
{
	(void)unused;
	g_mime_init();
	return NULL;
}

void bnc_mime_init(void)
{
	g_once(&mime_once, mime_init_once, NULL);
}

/* LF only: CRLF and bare CR become LF. */
static char *to_lf(const char *data, size_t len, size_t *outlen)
{
	if (!memchr(data, '\r', len)) {
		char *o = g_malloc(len + 1);
		memcpy(o, data, len);
		o[len] = 0;
		*outlen = len;
		return o;
	}
	char *o = g_malloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r') {
			o[n++] = '\n';
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else {
			o[n++] = data[i];
		}
	}
	o[n] = 0;
	*outlen = n;
	return o;
}

/* Decoded text may hold C0 control bytes: "=00" in quoted-printable, or a
 * binary attachment mislabelled as text.  A NUL would end the C string and
 * hide the rest of the part, and none of them carries meaning for a
 * decoder: every one but TAB, LF, CR and ESC (kept for ISO-2022 text no
 * charset announced) becomes a space.  Returns whether every byte was
 * ASCII. */
static int controls_to_space(char *s, gsize len)
{
	/* eight bytes at a time past the common case, printable ASCII: a byte
	 * below 0x20 sets its top bit in x - 0x20.., one from 0x80 up has it in x */
	const guint64 ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
	int ascii = 1;
	gsize i = 0;
	for (;;) {
		for (; i + 8 <= len; i += 8) {
			guint64 x;
			memcpy(&x, s + i, 8);
			if (((x - ones * 0x20) | x) & tops)
				break;
		}
		gsize stop = i + 8 <= len ? i + 8 : len;
		if (i >= stop)
			return ascii;
		for (; i < stop; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1b)
				s[i] = ' ';
			else if (c >= 0x80)
				ascii = 0;
		}
	}
}

/* In valid UTF-8: C1 controls (U+0080..U+009F, a binary part read as
 * Latin-1, say) become a space, U+2028 and U+2029 a line feed. */
static char *tidy_unicode_controls(char *s)
{
	GString *o = NULL;
	const char *copied = s;
	for (const char *p = s; *p; p++) {
		const unsigned char *u = (const unsigned char *)p;
		size_t n = 0;
		char with = 0;
		if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
			n = 2, with = ' ';
		else if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
			n = 3, with = '\n';
		if (!n)
			continue;
		if (!o)
			o = g_string_sized_new(strlen(s));
		g_string_append_len(o, copied, p - copied);
		g_string_append_c(o, with);
		p += n - 1;
		copied = p + 1;
	}
	if (!o)
		return s;
	g_string_append(o, copied);
	g_free(s);
	return g_string_free(o, FALSE);
}

/* Opening a converter costs a module lookup in glibc, and most messages
 * of a queue use a handful of charsets: each thread keeps its last few
 * converters to UTF-8, closed when the thread ends.  (GIConv)-1 for a
 * charset iconv does not know (the text is then read as UTF-8). */
#define ICONV_CACHE 6
struct iconv_cache {
	char name[ICONV_CACHE][40];
	GIConv cd[ICONV_CACHE];
	unsigned next;
};

static void iconv_cache_free(gpointer p)
{
	struct iconv_cache *c = p;
	for (int i = 0; i < ICONV_CACHE; i++)
		if (c->name[i][0] && c->cd[i] != (GIConv)-1)
			g_iconv_close(c->cd[i]);
	g_free(c);
}

static GPrivate iconv_cache_key = G_PRIVATE_INIT(iconv_cache_free);

static GIConv cached_iconv(const char *cs)
{
	if (strlen(cs) >= sizeof ((struct iconv_cache *)0)->name[0])
		return (GIConv)-1;   /* no charset has a name that long */
	struct iconv_cache *c = g_private_get(&iconv_cache_key);
	if (!c) {
		c = g_new0(struct iconv_cache, 1);
		g_private_set(&iconv_cache_key, c);
	}
	for (int i = 0; i < ICONV_CACHE; i++)
		if (c->name[i][0] && !g_ascii_strcasecmp(c->name[i], cs))
			return c->cd[i];
	unsigned slot = c->next++ % ICONV_CACHE;
	if (c->name[slot][0] && c->cd[slot] != (GIConv)-1)
		g_iconv_close(c->cd[slot]);
	g_strlcpy(c->name[slot], cs, sizeof c->name[slot]);
	c->cd[slot] = g_iconv_open("UTF-8", cs);
	return c->cd[slot];
}

/* Bytes in a declared charset to valid UTF-8, without C0 or C1 controls
 * but TAB, LF, CR and ESC; never fails. */
static char *to_utf8(const char *buf, gsize len, const char *charset)
{
	if (!buf || !len)
		return g_strdup("");
	if (charset && *charset && g_ascii_strcasecmp(charset, "utf-8") && g_ascii_strcasecmp(charset, "utf8") &&
	    g_ascii_strcasecmp(charset, "us-ascii")) {
		gsize written = 0;
		GIConv cd = cached_iconv(g_mime_charset_iconv_name(charset));
		char *conv = NULL;
		if (cd != (GIConv)-1) {
			g_iconv(cd, NULL, NULL, NULL, NULL);   /* a failed run may leave shift state */
			conv = g_convert_with_iconv(buf, (gssize)len, cd, NULL, &written, NULL);
		}
		if (conv) {
			controls_to_space(conv, written);
			char *valid = g_utf8_make_valid(conv, (gssize)written);
			g_free(conv);
			return tidy_unicode_controls(valid);
		}
	}
	char *copy = g_malloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = 0;
	/* plain ASCII (most text) is valid UTF-8 without C1 controls already */
	if (controls_to_space(copy, len))
		return copy;
	char *valid = g_utf8_make_valid(copy, (gssize)len);
	g_free(copy);
	return tidy_unicode_controls(valid);
}

/* Where an element named name (lower case) opens at p ("<name>" or
 * "<name " ...), the length of "<name"; else 0. */
static size_t opens_element(const char *p, const char *name)
{
	size_t n = strlen(name);
	if (p[0] != '<' || g_ascii_strncasecmp(p + 1, name, n))
		return 0;
	char c = p[1 + n];
	return (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '/') ? n + 1 : 0;
}

/* A crude, linear HTML-to-text: tags dropped, the content of head, style and
 * script elements (CSS and code, never prose) dropped, a few entities decoded. */
static char *html_to_text(const char *s)
{
	static const char *const hidden[] = {"head", "style", "script"};
	size_t slen = strlen(s);
	char *low = g_ascii_strdown(s, (gssize)slen);
	GString *o = g_string_sized_new(slen);
	int intag = 0;
	for (const char *p = s; *p; p++) {
		if (intag) {
			if (*p == '>')
				intag = 0;
			continue;
		}
		if (*p == '<') {
			size_t k;
			for (k = 0; k < G_N_ELEMENTS(hidden); k++)
				if (opens_element(p, hidden[k]))
					break;
			if (k < G_N_ELEMENTS(hidden)) {
				/* jump to the closing tag; the scan only moves forward */
				char close[16];
				g_snprintf(close, sizeof close, "</%s", hidden[k]);
				const char *end = strstr(low + (p - s) + 1, close);
				if (!end)
					break; /* never closed: nothing after it is text */
				p = s + (end - low);
				intag = 1;
				continue;
			}
			intag = 1;
			if (!g_ascii_strncasecmp(p, "<br", 3) || !g_ascii_strncasecmp(p, "<p", 2) ||
			    !g_ascii_strncasecmp(p, "</p", 3) || !g_ascii_strncasecmp(p, "<div", 4) ||
			    !g_ascii_strncasecmp(p, "<tr", 3))
				g_string_append_c(o, '\n');
			continue;
		}
		if (*p == '&') {
			static const struct { const char *e; const char *t; } ent[] = {
				{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&nbsp;", " "}, {"&#39;", "'"},
				{"&copy;", "(C)"},
			};
			size_t k;
			for (k = 0; k < G_N_ELEMENTS(ent); k++)
				if (!g_ascii_strncasecmp(p, ent[k].e, strlen(ent[k].e)))
					break;
			if (k < G_N_ELEMENTS(ent)) {
				g_string_append(o, ent[k].t);
				p += strlen(ent[k].e) - 1;
				continue;
			}
		}
		g_string_append_c(o, *p);
	}
	g_free(low);
	return g_string_free(o, FALSE);
}

/* Each thread decodes parts into a memory stream of its own, kept from part
 * to part: GLib counts every GObject made and freed in its type's shared
 * data, which two threads making thousands a second fight over. */
static void scratch_unref(gpointer p)
{
	g_object_unref(p);
}

static GPrivate scratch_key = G_PRIVATE_INIT(scratch_unref);

static GMimeStream *scratch_stream(void)
{
	GMimeStream *mem = g_private_get(&scratch_key);
	if (!mem) {
		mem = g_mime_stream_mem_new();
		g_private_set(&scratch_key, mem);
	}
	return mem;
}

/* Emptied for the next part; a big part's buffer is not kept. */
static void scratch_stream_done(GMimeStream *mem)
{
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ba->len > (1u << 20)) {
		g_private_replace(&scratch_key, g_mime_stream_mem_new());
		return;
	}
	g_byte_array_set_size(ba, 0);
	g_mime_stream_reset(mem);
}

/* The decoded content of a leaf part, in UTF-8. */
static char *part_text(GMimePart *part, struct cuts *cut)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return g_strdup("");
	GMimeStream *mem = scratch_stream();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	gsize len = ba->len;
	if (len > MIME_MAX_PART) {
		cut_note(cut, CUT_PART_BYTES, "a part of %u bytes: only its first %u MB read", ba->len,
		         MIME_MAX_PART >> 20);
		len = MIME_MAX_PART;
	}
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	char *txt = to_utf8((const char *)ba->data, len, charset);
	scratch_stream_done(mem);
	return txt;
}

static void append_block(GString *out, const char *announce, const char *body)
{
	if (announce)
		g_string_append_printf(out, "Content-Type: %s\n", announce);
	size_t blen = strlen(body);
	if (memchr(body, '\r', blen)) {
		size_t lflen;
		char *lf = to_lf(body, blen, &lflen);
		g_string_append_len(out, lf, (gssize)lflen);
		g_free(lf);
	} else {
		g_string_append_len(out, body, (gssize)blen);
	}
	if (out->len < 2 || out->str[out->len - 1] != '\n' || out->str[out->len - 2] != '\n')
		g_string_append(out, out->len && out->str[out->len - 1] == '\n' ? "\n" : "\n\n");
}

/* A part whose first header line is not a Content-* field (an original
 * message pasted right after the boundary, say) has no MIME headers of its
 * own: GMime took the lines for its headers, but they are text and the part
 * is text/plain.  Those lines, or NULL when the part is not such a one. */
static char *bare_part_headers(GMimeObject *o)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	if (!hl || g_mime_header_list_get_count(hl) <= 0)
		return NULL;
	const char *name = g_mime_header_get_name(g_mime_header_list_get_header_at(hl, 0));
	if (!name || !g_ascii_strncasecmp(name, "Content-", 8))
		return NULL;
	char *s = g_mime_header_list_to_string(hl, NULL);
	if (!s)
		return NULL;
	char *valid = g_utf8_make_valid(s, -1);
	g_free(s);
	return valid;
}

struct walk {
	GString *out;
	int parts;
	struct cuts *cut;
};

static void flatten(GMimeObject *o, GMimeObject *parent, int depth, struct walk *w)
{
	if (depth > MIME_MAX_DEPTH) {
		cut_note(w->cut, CUT_DEPTH, "multiparts nested over %d deep: the deeper parts not read", MIME_MAX_DEPTH);
		return;
	}
	if (w->parts >= MIME_MAX_PARTS) {
		cut_note(w->cut, CUT_PARTS, "over %d parts: the parts after the %dth not read", MIME_MAX_PARTS,
		         MIME_MAX_PARTS);
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		if (n == 0) {
			/* a multipart whose boundary never occurs: its text is all prologue */
			const char *pro = g_mime_multipart_get_prologue(mp);
			if (pro && *pro) {
				char *valid = g_utf8_make_valid(pro, -1);
				append_block(w->out, NULL, valid);
				g_free(valid);
			}
			return;
		}
		for (int i = 0; i < n; i++)
			flatten(g_mime_multipart_get_part(mp, i), o, depth + 1, w);
		return;
	}
	w->parts++;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type;
	if (ct) {
		/* get_mime_type allocates: lower-case a copy, free the original */
		char *mt = g_mime_content_type_get_mime_type(ct);
		type = g_ascii_strdown(mt ? mt : "text/plain", -1);
		g_free(mt);
	} else {
		type = g_strdup("text/plain");
	}
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (inner) {
			char *s = g_mime_object_to_string(GMIME_OBJECT(inner), NULL);
			if (!s)
				s = g_strdup("");
			/* the original's headers matter, its attachments do not */
			size_t slen = strlen(s);
			if (slen > MIME_MAX_RFC822)
				s[MIME_MAX_RFC822] = 0;
			char *valid = g_utf8_make_valid(s, -1);
			append_block(w->out, "message/rfc822", valid);
			g_free(valid);
			g_free(s);
		}
		g_free(type);
		return;
	}
	if (!strcmp(type, RFC822_STAND_IN) && GMIME_IS_PART(o)) {
		/* the original's headers matter, its attachments do not */
		char *txt = part_text(GMIME_PART(o), w->cut);
		txt[utf8_cap(txt, strlen(txt), MIME_MAX_RFC822)] = 0;
		append_block(w->out, "message/rfc822", txt);
		g_free(txt);
		g_free(type);
		return;
	}
	char *bare = GMIME_IS_PART(o) ? bare_part_headers(o) : NULL;
	if (bare) {
		g_free(type);
		type = g_strdup("text/plain");
	}
	if (!GMIME_IS_PART(o) || (strncmp(type, "text/", 5) && strncmp(type, "message/", 8))) {
		g_free(type);
		return;
	}
	if (!strcmp(type, "text/html") && parent && GMIME_IS_MULTIPART(parent)) {
		GMimeContentType *pct = g_mime_object_get_content_type(parent);
		if (pct && !g_ascii_strcasecmp(g_mime_content_type_get_media_subtype(pct), "alternative")) {
			g_free(type);
			return;
		}
	}
	char *txt = part_text(GMIME_PART(o), w->cut);
	if (bare) {
		/* header lines where a part's own headers belong: they are the text */
		char *joined = g_strconcat(bare, "\n", txt, NULL);
		g_free(bare);
		g_free(txt);
		txt = joined;
	}
	if (!strcmp(type, "text/html")) {
		char *plain = html_to_text(txt);
		g_free(txt);
		txt = plain;
	}
	if (!strcmp(type, "message/xdelivery-status") || !strcmp(type, "message/disposition-notification")) {
		g_free(type);
		type = g_strdup("message/delivery-status");
	}
	const char *announce = NULL;
	if (strstr(type, "/delivery-status") || strstr(type, "/rfc822") || strstr(type, "/feedback-report") ||
	    strstr(type, "/partial"))
		announce = type;
	if (*txt || announce)
		append_block(w->out, announce, txt);
	g_free(txt);
	g_free(type);
}

/* ---- tidy: field lines made canonical ------------------------------------ */

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
	for (size_t i = 0; i < G_N_ELEMENTS(fields_1894); i++)
		if (fields_1894[i].len == len && !g_ascii_strncasecmp(name, fields_1894[i].name, len)) {
			*is1894 = 1;
			return fields_1894[i].name;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(fields_other); i++)
		if (fields_other[i].len == len && !g_ascii_strncasecmp(name, fields_other[i].name, len)) {
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

static void tidy_line(GString *o, const char *line)
{
	const char *colon = strchr(line, ':');
	int is1894 = 0;
	const char *fn = NULL;
	if (colon && colon > line && !memchr(line, ' ', (size_t)(colon - line)))
		fn = canonical_field(line, (size_t)(colon - line), &is1894);
	if (!fn) {
		g_string_append(o, line);
		g_string_append_c(o, '\n');
		return;
	}
	const char *val = colon + 1;
	GString *v = g_string_new(NULL);
	int isct = !strcmp(fn, "Content-Type");
	if ((is1894 || isct) && strchr(val, ';')) {
		/* "dns;host" -> "dns; host"; bare tokens lower-cased, boundary kept */
		char **pieces = g_strsplit(val, ";", -1);
		int n = 0;
		for (char **p = pieces; *p; p++, n++) {
			char *piece = g_strstrip(*p);
			const char *sp = strchr(piece, ' ');
			if (!sp || sp == piece) {
				char *eq = strchr(piece, '=');
				int isboundary = eq && eq - piece == 8 && !g_ascii_strncasecmp(piece, "boundary", 8);
				if (!isboundary)
					for (char *q = piece; *q; q++)
						*q = g_ascii_tolower(*q);
				else
					for (char *q = piece; q < eq; q++)
						*q = g_ascii_tolower(*q);
			}
			if (n)
				g_string_append(v, "; ");
			g_string_append(v, piece);
		}
		g_strfreev(pieces);
	} else if (is1894 && !strstr(fn, "-Date") && !strstr(fn, "-Message-ID") && strcmp(fn, "Diagnostic-Code")) {
		char *low = bnc_ascii_lower(val);
		g_string_append(v, low);
		g_free(low);
	} else {
		g_string_append(v, val);
	}
	if (isct) {
		replace_once(v, "message/xdelivery-status", "message/delivery-status");
		replace_once(v, "message/disposition-notification", "message/delivery-status");
		/* a stand-in GMime did not take for a part's header: text again */
		replace_once(v, RFC822_STAND_IN, "message/rfc822");
	}
	g_string_append(o, fn);
	g_string_append(o, ": ");
	squeeze_append(o, v->str);
	g_string_append_c(o, '\n');
	g_string_free(v, TRUE);
}

static char *tidy(const char *body)
{
	GString *o = g_string_sized_new(strlen(body) + 64);
	char *copy = g_strdup(body);
	/* line by line in place; the empty piece after a final LF adds no line */
	for (char *line = copy; *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		tidy_line(o, line);
		if (!nl)
			break;
		line = nl + 1;
	}
	g_free(copy);
	if (o->len < 2 || strcmp(o->str + o->len - 2, "\n\n"))
		g_string_append(o, "\n\n");
	for (char *p = o->str; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return g_string_free(o, FALSE);
}

/* ---- headers --------------------------------------------------------------- */

static int decode_needed(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)v[i] >= 0x80 || (v[i] == '=' && i + 1 < len && v[i + 1] == '?'))
			return 1;
	return 0;
}

/* A header value as text: encoded words decoded.  Plain ASCII without "=?"
 * has nothing to decode, and most values are that: skip GMime for them. */
static char *decode_value(const char *v)
{
	return decode_needed(v, strlen(v)) ? g_mime_utils_header_decode_text(NULL, v) : g_strdup(v);
}

static void add_header(GArray *hdrs, const char *name, const char *value)
{
	struct bnc_header h;
	h.name = g_ascii_strdown(name, -1);
	char *v = g_strdup(value ? value : "");
	/* unfold */
	for (char *p = v; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	g_strstrip(v);
	if (g_utf8_validate(v, -1, NULL)) {
		h.value = v;
	} else {
		h.value = g_utf8_make_valid(v, -1);
		g_free(v);
	}
	g_array_append_val(hdrs, h);
}

static void collect_headers(GMimeObject *o, GArray *hdrs, struct cuts *cut)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int n = g_mime_header_list_get_count(hl);
	if (n > MIME_MAX_HEADERS) {
		cut_note(cut, CUT_HEADERS, "%d header fields: only the first %d read", n, MIME_MAX_HEADERS);
		n = MIME_MAX_HEADERS;
	}
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *raw = g_mime_header_get_raw_value(h);
		char *shortened = NULL;
		if (raw) {
			size_t len = strlen(raw), keep = header_cap(raw, len, cut);
			if (keep < len)
				raw = shortened = g_strndup(raw, keep);
		}
		char *val;
		if (!g_ascii_strcasecmp(name, "subject") || !g_ascii_strcasecmp(name, "from") ||
		    !g_ascii_strcasecmp(name, "to"))
			val = decode_value(raw ? raw : "");
		else if (!g_ascii_strcasecmp(name, "content-type") && raw &&
			 g_str_has_prefix(raw, " " RFC822_STAND_IN))
			val = g_strconcat(" message/rfc822", raw + 1 + strlen(RFC822_STAND_IN), NULL);
		else
			val = g_strdup(raw ? raw : "");
		add_header(hdrs, name, val);
		g_free(val);
		g_free(shortened);
	}
}

static int bnc_header_in(GArray *hdrs, const char *name)
{
	for (guint i = 0; i < hdrs->len; i++)
		if (!strcmp(g_array_index(hdrs, struct bnc_header, i).name, name))
			return 1;
	return 0;
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

/* Headers of a block of "Name: value" lines (the original message as a
 * decoder found it), unfolded, encoded words decoded.  Any line of the
 * block that looks like a field starts one; indented lines continue it. */
void bnc_parse_header_block(const char *text, struct bnc_msg *m)
{
	GArray *hdrs = g_array_new(FALSE, TRUE, sizeof(struct bnc_header));
	GString *cur = g_string_new(NULL);
	const char *name = NULL;
	size_t namelen = 0;
	const char *l = text ? text : "";
	for (;;) {
		const char *nl = strchr(l, '\n');
		size_t ll = nl ? (size_t)(nl - l) : strlen(l);
		if (name && ll && (l[0] == ' ' || l[0] == '\t')) {
			g_string_append_c(cur, ' ');
			g_string_append_len(cur, l, (gssize)ll);
		} else {
			if (name) {
				char *dec = decode_value(cur->str);
				char *n = g_strndup(name, namelen);
				add_header(hdrs, n, dec);
				g_free(n);
				g_free(dec);
				name = NULL;
			}
			const char *colon = memchr(l, ':', ll);
			if (colon && colon > l && !memchr(l, ' ', (size_t)(colon - l))) {
				if (hdrs->len > 1000)
					break;
				name = l;
				namelen = (size_t)(colon - l);
				g_string_assign(cur, "");
				g_string_append_len(cur, colon + 1, (gssize)(ll - namelen - 1));
			}
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	if (name && hdrs->len <= 1000) {
		char *dec = decode_value(cur->str);
		char *n = g_strndup(name, namelen);
		add_header(hdrs, n, dec);
		g_free(n);
		g_free(dec);
	}
	g_string_free(cur, TRUE);
	m->nhdr = hdrs->len;
	m->hdr = (struct bnc_header *)g_array_free(hdrs, FALSE);
}

/* Some MTAs break a Content-Type field before its boundary or charset
 * parameter without indenting the next line ("...;\nboundary=..."), which
 * ends the header there and loses the boundary.  Such a line, right after a
 * Content-Type line (or its continuation) that ends with ';', is made a
 * continuation line.  Linear; returns a new string. */
static char *indent_orphan_parameters(const char *s, size_t len, size_t *outlen)
{
	GString *o = g_string_sized_new(len + 64);
	int in_ct = 0;  /* the previous line belongs to a Content-Type field */
	int semi = 0;   /* ... and ended with ';' */
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll = (size_t)(le - p);
		int cont = ll && (*p == ' ' || *p == '\t');
		if (!cont && in_ct && semi &&
		    ((ll > 9 && !g_ascii_strncasecmp(p, "boundary=", 9)) || (ll > 8 && !g_ascii_strncasecmp(p, "charset=", 8)))) {
			g_string_append_c(o, ' ');
			cont = 1;
		}
		if (cont)
			; /* in_ct stays as it was */
		else
			in_ct = ll > 13 && !g_ascii_strncasecmp(p, "Content-Type:", 13);
		if (in_ct && !cont) {
			const char *v = p + 13;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			if ((size_t)(le - v) >= 14 && !g_ascii_strncasecmp(v, "message/rfc822", 14)) {
				g_string_append(o, "Content-Type: " RFC822_STAND_IN);
				p = v + 14;
				ll = (size_t)(le - p);
			}
		}
		const char *t = le;
		while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		semi = t > p && t[-1] == ';';
		g_string_append_len(o, p, (gssize)ll);
		if (nl)
			g_string_append_c(o, '\n');
		p = nl ? nl + 1 : end;
	}
	*outlen = o->len;
	return g_string_free(o, FALSE);
}

static void free_headers(GArray *hdrs)
{
	for (guint i = 0; i < hdrs->len; i++) {
		g_free(g_array_index(hdrs, struct bnc_header, i).name);
		g_free(g_array_index(hdrs, struct bnc_header, i).value);
	}
	g_array_free(hdrs, TRUE);
}

/* One top-level field, as collect_headers() would have it from GMime. */
static void add_top_header(GArray *hdrs, const char *name, size_t namelen, const char *raw, size_t rawlen,
                           struct cuts *cut)
{
	struct bnc_header h;
	rawlen = header_cap(raw, rawlen, cut);
	h.name = g_ascii_strdown(name, (gssize)namelen);
	int special = !strcmp(h.name, "content-type") ||
	              ((!strcmp(h.name, "subject") || !strcmp(h.name, "from") || !strcmp(h.name, "to")) &&
	               decode_needed(raw, rawlen));
	if (special) {   /* the rare cases, the long way */
		char *r = g_strndup(raw, rawlen);
		char *val;
		if (!strcmp(h.name, "content-type") && g_str_has_prefix(r, " " RFC822_STAND_IN))
			val = g_strconcat(" message/rfc822", r + 1 + strlen(RFC822_STAND_IN), NULL);
		else if (!strcmp(h.name, "content-type"))
			val = g_strdup(r);
		else
			val = decode_value(r);
		add_header(hdrs, h.name, val);
		g_free(val);
		g_free(r);
		g_free(h.name);
		return;
	}
	char *v = g_strndup(raw, rawlen);
	for (char *p = v; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	g_strstrip(v);
	if (g_utf8_validate(v, -1, NULL)) {
		h.value = v;
	} else {
		h.value = g_utf8_make_valid(v, -1);
		g_free(v);
	}
	g_array_append_val(hdrs, h);
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
static GString *split_top_headers(const char *s, size_t len, GArray *hdrs, struct cuts *cut)
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
			add_top_header(hdrs, name, namelen, raw, (size_t)(p - 1 - raw), cut);
			name = NULL;
		}
		if (nl == p)
			break;      /* the empty line: the body follows */
		const char *q = p;
		while (q < nl && *q != ':' && *q > ' ' && *q < 0x7f)
			q++;
		if (q == p || q == nl || *q != ':' || ++nfields > MIME_MAX_HEADERS)
			goto odd;
		name = p;
		namelen = (size_t)(q - p);
		raw = q + 1;
		keep = is_mime_field(name, namelen);
		if (keep)
			g_string_append_len(mime, p, nl + 1 - p);
		p = nl + 1;
	}
	g_string_append_c(mime, '\n');
	g_string_append_len(mime, p + 1, end - (p + 1));
	return mime;
odd:
	for (guint i = 0; i < hdrs->len; i++) {
		g_free(g_array_index(hdrs, struct bnc_header, i).name);
		g_free(g_array_index(hdrs, struct bnc_header, i).value);
	}
	g_array_set_size(hdrs, 0);
	g_string_free(mime, TRUE);
	return NULL;
}

bnc_status bnc_mime_read(const char *data, size_t len, struct bnc_msg *m, char **err)
{
	bnc_mime_init();
	memset(m, 0, sizeof *m);
	size_t lflen;
	char *lf;
	if (memchr(data, '\r', len)) {
		size_t rawlen;
		char *raw = to_lf(data, len, &rawlen);
		lf = indent_orphan_parameters(raw, rawlen, &lflen);
		g_free(raw);
	} else {
		lf = indent_orphan_parameters(data, len, &lflen);
	}
	/* an mbox "From " line is not a header */
	const char *start = lf;
	if (!strncmp(start, "From ", 5)) {
		const char *nl = strchr(start, '\n');
		start = nl ? nl + 1 : start + lflen;
	}
	size_t slen = lflen - (size_t)(start - lf);
	while (slen && (*start == '\n')) {
		start++;
		slen--;
	}
	if (!slen || !memchr(start, ':', slen < 4096 ? slen : 4096)) {
		g_free(lf);
		*err = g_strdup("no header found: not a mail message");
		return BNC_ERR_PARSE;
	}

	/* A well-formed top header block is read here; GMime gets only its MIME
	 * fields and the body, and builds no objects for the Received chain,
	 * addresses and dates nobody reads from it. */
	GArray *hdrs = g_array_new(FALSE, TRUE, sizeof(struct bnc_header));
	struct cuts cut = {0, NULL};
	GString *mime_only = split_top_headers(start, slen, hdrs, &cut);
	if (mime_only) {
		start = mime_only->str;
		slen = mime_only->len;
	}
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(start, slen);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeParserOptions *po = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
	/* With the top headers read here, the body is parsed as a bare part: a
	 * GMimeMessage would build a dozen objects (address lists, header list)
	 * that are never read, and every GObject made and freed is shared work
	 * between the decoding threads (GLib counts instances per type). */
	GMimeMessage *msg = NULL;
	GMimeObject *body = NULL;
	if (mime_only)
		body = g_mime_parser_construct_part(p, po);
	else if ((msg = g_mime_parser_construct_message(p, po)) != NULL)
		body = g_object_ref(g_mime_message_get_mime_part(msg));
	g_object_unref(p);
	g_object_unref(st);
	if (!body && (mime_only || !msg)) {
		if (msg)
			g_object_unref(msg);
		g_mime_parser_options_free(po);
		g_free(lf);
		if (mime_only)
			g_string_free(mime_only, TRUE);
		free_headers(hdrs);
		if (cut.text)
			g_string_free(cut.text, TRUE);
		*err = g_strdup("MIME parser could not read the message");
		return BNC_ERR_PARSE;
	}

	if (!mime_only) {
		collect_headers(GMIME_OBJECT(msg), hdrs, &cut);
		/* GMime keeps the top part's Content-* headers on the part, not the message */
		if (body && !bnc_header_in(hdrs, "content-type"))
			collect_headers(body, hdrs, &cut);
	}
	m->nhdr = hdrs->len;
	m->hdr = (struct bnc_header *)g_array_free(hdrs, FALSE);

	GString *flat = g_string_new(NULL);
	if (body && GMIME_IS_MULTIPART(body)) {
		struct walk w = {flat, 0, &cut};
		flatten(body, NULL, 0, &w);
	} else if (body && GMIME_IS_PART(body)) {
		char *txt = part_text(GMIME_PART(body), &cut);
		GMimeContentType *ct = g_mime_object_get_content_type(body);
		if (ct && !g_ascii_strcasecmp(g_mime_content_type_get_media_subtype(ct), "html")) {
			char *plain = html_to_text(txt);
			g_free(txt);
			txt = plain;
		}
		append_block(flat, NULL, txt);
		g_free(txt);
	} else if (body) {
		struct walk w = {flat, 0, &cut};
		flatten(body, NULL, 0, &w);
	}
	if (body)
		g_object_unref(body);
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(po);
	g_free(lf);
	if (mime_only)
		g_string_free(mime_only, TRUE);

	/* a forwarded bounce: unquote it */
	const char *subj = bnc_msg_header(m, "subject");
	char *payload = g_string_free(flat, FALSE);
	if (subj && (bnc_has_prefix_ci(subj, "fwd:") || bnc_has_prefix_ci(subj, "fw:"))) {
		char *a = g_strjoinv("\n", (gchar *[]){payload, NULL});
		GString *u = g_string_new(NULL);
		for (const char *q = a; *q; q++) {
			if (*q == '\n' && q[1] == '>' && (q[2] == ' ' || q[2] == '\n')) {
				g_string_append_c(u, '\n');
				q += q[2] == ' ' ? 2 : 1;
				continue;
			}
			g_string_append_c(u, *q);
		}
		g_free(a);
		g_free(payload);
		payload = g_string_free(u, FALSE);
	}
	m->payload = tidy(payload);
	m->payload_len = strlen(m->payload);
	g_free(payload);
	m->cut = cut.text ? g_string_free(cut.text, FALSE) : NULL;
	return BNC_OK;
}
