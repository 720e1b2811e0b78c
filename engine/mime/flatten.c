/* flatten.c - the MIME tree as one flat text: every text or message part
 * decoded to UTF-8, the parts decoders look for (delivery-status, rfc822,
 * feedback-report, partial) announced by a "Content-Type:" line, and the
 * caps on depth, parts and bytes applied as the tree is walked.  The types
 * of RFC 6533 are announced as their RFC 3464/822 counterparts:
 * message/global as message/rfc822, message/global-headers as
 * text/rfc822-headers, message/global-delivery-status (and
 * -disposition-notification) as message/delivery-status. */
#include <string.h>
#include "mimeint.h"

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

/* Whether the decoded bytes of a text part are binary data: control bytes
 * that no charset but UTF-16/32 writes in text (ESC is ISO-2022's, FF a page
 * break), at least 8 of them and over 1 in 32 of the first KB.  Compressed
 * or image data has about 1 in 12; a text with stray damage stays far below. */
static int binary_content(const char *data, size_t len, const char *charset)
{
	if (charset && (!g_ascii_strncasecmp(charset, "utf-16", 6) || !g_ascii_strncasecmp(charset, "utf-32", 6) ||
	                !g_ascii_strncasecmp(charset, "ucs-", 4) || !g_ascii_strncasecmp(charset, "utf16", 5) ||
	                !g_ascii_strncasecmp(charset, "utf32", 5) || !g_ascii_strcasecmp(charset, "unicode")))
		return 0;
	size_t n = len < 1024 ? len : 1024, ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];
		ctl += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b;
	}
	return ctl >= 8 && ctl * 32 > n;
}

/* The decoded bytes of a leaf part in UTF-8, under MIME_MAX_PART before and
 * after the charset is converted. */
char *mime_content_text(const char *data, size_t len, const char *charset, int as_text, struct cuts *cut)
{
	/* left out as a non-text part is, and as silently: nothing of the
	 * message that could decide a verdict goes unread */
	if (as_text && binary_content(data, len, charset))
		return g_strdup("");
	if (len > MIME_MAX_PART) {
		mime_cut(cut, CUT_PART_BYTES, "a part of %u bytes: only its first %u MB read", (unsigned)len,
		         MIME_MAX_PART >> 20);
		len = MIME_MAX_PART;
	}
	char *txt = mime_to_utf8(data, len, charset);
	/* a charset may take three bytes of UTF-8 for each of its own */
	size_t tl = strlen(txt);
	if (tl > MIME_MAX_PART) {
		mime_cut(cut, CUT_PART_BYTES, "a part of %zu bytes in UTF-8: only its first %u MB read", tl,
		         MIME_MAX_PART >> 20);
		txt[mime_utf8_cap(txt, tl, MIME_MAX_PART)] = 0;
	}
	return txt;
}

/* The decoded content of a leaf part, in UTF-8. */
char *mime_part_text(GMimePart *part, int as_text, struct cuts *cut)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return g_strdup("");
	GMimeStream *mem = scratch_stream();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	char *txt = mime_content_text((const char *)ba->data, ba->len, charset, as_text, cut);
	scratch_stream_done(mem);
	return txt;
}

void mime_append_block(GString *out, const char *announce, const char *body)
{
	if (announce)
		g_string_append_printf(out, "Content-Type: %s\n", announce);
	size_t blen = strlen(body);
	if (memchr(body, '\r', blen)) {
		size_t lflen;
		char *lf = mime_to_lf(body, blen, &lflen);
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


void mime_put_whole(GString *out, int html, char *txt)
{
	if (html) {
		char *plain = mime_html_to_text(txt);
		g_free(txt);
		txt = plain;
	}
	mime_append_block(out, NULL, txt);
	g_free(txt);
}

enum mime_leaf mime_leaf_of(const char *type, int in_alternative)
{
	if (bnc_has_prefix(type, MESSAGE_STAND_IN))
		return LEAF_ORIGINAL;
	if (strncmp(type, "text/", 5) && strncmp(type, "message/", 8))
		return LEAF_NONE;
	if (in_alternative && !strcmp(type, "text/html"))
		return LEAF_NONE;   /* its text/plain sibling says the same */
	return LEAF_TEXT;
}

int mime_leaf_room(struct mime_walk *w)
{
	if (w->out->len >= MIME_MAX_FLAT) {
		mime_cut(w->cut, CUT_FLAT, "over %u MB of text: the later parts not read", MIME_MAX_FLAT >> 20);
		return 0;
	}
	w->parts++;
	return 1;
}

void mime_put_leaf(struct mime_walk *w, enum mime_leaf how, const char *type, char *txt)
{
	if (how == LEAF_ORIGINAL) {
		/* the original's headers matter, its attachments do not */
		txt[mime_utf8_cap(txt, strlen(txt), MIME_MAX_RFC822)] = 0;
		mime_append_block(w->out, "message/rfc822", txt);
		g_free(txt);
		return;
	}
	if (!strcmp(type, "text/html")) {
		char *plain = mime_html_to_text(txt);
		g_free(txt);
		txt = plain;
	}
	if (!strcmp(type, "message/xdelivery-status") || !strcmp(type, "message/disposition-notification") ||
	    !strcmp(type, "message/global-delivery-status") || !strcmp(type, "message/global-disposition-notification"))
		type = "message/delivery-status";
	else if (!strcmp(type, "message/global-headers"))
		type = "text/rfc822-headers";   /* RFC 6533: the internationalized text/rfc822-headers */
	const char *announce = NULL;
	if (strstr(type, "/delivery-status") || strstr(type, "/rfc822") || strstr(type, "/feedback-report") ||
	    strstr(type, "/partial"))
		announce = type;
	if (*txt || announce)
		mime_append_block(w->out, announce, txt);
	g_free(txt);
}

void mime_flatten(GMimeObject *o, GMimeObject *parent, int depth, struct mime_walk *w)
{
	if (depth > MIME_MAX_DEPTH) {
		mime_cut(w->cut, CUT_DEPTH, "multiparts nested over %d deep: the deeper parts not read", MIME_MAX_DEPTH);
		return;
	}
	if (w->parts >= MIME_MAX_PARTS) {
		mime_cut(w->cut, CUT_PARTS, "over %d parts: the parts after the %dth not read", MIME_MAX_PARTS,
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
				mime_append_block(w->out, NULL, valid);
				g_free(valid);
			}
			return;
		}
		for (int i = 0; i < n; i++)
			mime_flatten(g_mime_multipart_get_part(mp, i), o, depth + 1, w);
		return;
	}
	if (!mime_leaf_room(w))
		return;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type;
	if (ct) {
		/* get_mime_type allocates: lower-case a copy, free the original */
		char *mt = g_mime_content_type_get_mime_type(ct);
		type = bnc_strdown(mt ? mt : "text/plain", -1);
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
			mime_append_block(w->out, "message/rfc822", valid);
			g_free(valid);
			g_free(s);
		}
		g_free(type);
		return;
	}
	int in_alt = 0;
	if (parent && GMIME_IS_MULTIPART(parent)) {
		GMimeContentType *pct = g_mime_object_get_content_type(parent);
		in_alt = pct && !g_ascii_strcasecmp(g_mime_content_type_get_media_subtype(pct), "alternative");
	}
	enum mime_leaf how = GMIME_IS_PART(o) ? mime_leaf_of(type, in_alt) : LEAF_NONE;
	char *bare = GMIME_IS_PART(o) && how != LEAF_ORIGINAL ? bare_part_headers(o) : NULL;
	if (bare) {
		g_free(type);
		type = g_strdup("text/plain");
		how = LEAF_TEXT;
	}
	if (how == LEAF_NONE) {
		g_free(type);
		return;
	}
	char *txt = mime_part_text(GMIME_PART(o), how == LEAF_TEXT, w->cut);
	if (bare) {
		/* header lines where a part's own headers belong: they are the text */
		char *joined = g_strconcat(bare, "\n", txt, NULL);
		g_free(bare);
		g_free(txt);
		txt = joined;
	}
	mime_put_leaf(w, how, type, txt);
	g_free(type);
}
