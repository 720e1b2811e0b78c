/* message.c - one message's bytes into a struct bnc_msg (engine/mime/ is
 * the only folder that touches GMime types).
 *
 * The message gets LF line ends and is made fit for GMime (prepass.c), its
 * top header block read (headers.c), its MIME tree split (split.c) or, in
 * the shapes split.c leaves to it, parsed by GMime (flatten.c) and made one
 * flat text, a forwarded bounce unquoted, and the field lines of the text
 * made canonical (fields.c).
 */
#include <stdarg.h>
#include <string.h>
#include "mimeint.h"
#include "mime.h"

void G_GNUC_PRINTF(3, 4) mime_cut(struct cuts *c, enum cut_kind k, const char *fmt, ...)
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

/* A forwarded bounce: the "> " (or lone ">") opening each line dropped.
 * Takes s; returns it or its replacement. */
static char *unquote(char *s)
{
	GString *u = g_string_sized_new(strlen(s));
	for (const char *q = s; *q; q++) {
		if (*q == '\n' && q[1] == '>' && (q[2] == ' ' || q[2] == '\n')) {
			g_string_append_c(u, '\n');
			q += q[2] == ' ' ? 2 : 1;
			continue;
		}
		g_string_append_c(u, *q);
	}
	g_free(s);
	return g_string_free(u, FALSE);
}

/* Whether the common shapes are read by split.c (tests turn it off to hold
 * the two readers to the same text). */
static int split_on = 1;

void bnc_mime_use_split(int on)
{
	g_atomic_int_set(&split_on, on);
}

/* The body (and, unless the top header block was read here, the whole
 * message) through GMime into w's flat text; 0 when GMime cannot read it. */
static int gmime_read(const char *start, size_t slen, int mime_only, GArray *hdrs, struct mime_walk *w)
{
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
		return 0;
	}
	if (!mime_only) {
		mime_collect_headers(GMIME_OBJECT(msg), hdrs, w->cut);
		/* GMime keeps the top part's Content-* headers on the part, not the message */
		if (body && !mime_has_header(hdrs, "content-type"))
			mime_collect_headers(body, hdrs, w->cut);
	}
	if (body && GMIME_IS_PART(body) && !GMIME_IS_MULTIPART(body)) {
		GMimeContentType *ct = g_mime_object_get_content_type(body);
		int html = ct && !g_ascii_strcasecmp(g_mime_content_type_get_media_subtype(ct), "html");
		mime_put_whole(w->out, html, mime_part_text(GMIME_PART(body), 1, w->cut));
	} else if (body) {
		mime_flatten(body, NULL, 0, w);
	}
	if (body)
		g_object_unref(body);
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(po);
	return 1;
}

bnc_status bnc_mime_read(const char *data, size_t len, struct bnc_msg *m, char **err)
{
	bnc_mime_init();
	memset(m, 0, sizeof *m);
	size_t lflen;
	char *lf;
	struct cuts cut = {0, NULL};
	if (memchr(data, '\r', len)) {
		size_t rawlen;
		char *raw = mime_to_lf(data, len, &rawlen);
		lf = mime_prepass(raw, rawlen, &lflen, &cut);
		g_free(raw);
	} else {
		lf = mime_prepass(data, len, &lflen, &cut);
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
		if (cut.text)
			g_string_free(cut.text, TRUE);
		*err = g_strdup("no header found: not a mail message");
		return BNC_ERR_PARSE;
	}

	/* A well-formed top header block is read here; GMime gets only its MIME
	 * fields and the body, and builds no objects for the Received chain,
	 * addresses and dates nobody reads from it. */
	GArray *hdrs = g_array_new(FALSE, TRUE, sizeof(struct bnc_header));
	GString *mime_only = mime_split_top_headers(start, slen, hdrs, &cut);
	if (mime_only) {
		start = mime_only->str;
		slen = mime_only->len;
	}
	GString *flat = g_string_new(NULL);
	struct mime_walk w = {flat, 0, &cut};
	if (!(mime_only && g_atomic_int_get(&split_on) && mime_split_read(start, slen, &w)) &&
	    !gmime_read(start, slen, !!mime_only, hdrs, &w)) {
		g_string_free(flat, TRUE);
		g_free(lf);
		if (mime_only)
			g_string_free(mime_only, TRUE);
		mime_free_headers(hdrs);
		if (cut.text)
			g_string_free(cut.text, TRUE);
		*err = g_strdup("MIME parser could not read the message");
		return BNC_ERR_PARSE;
	}
	g_free(lf);
	if (mime_only)
		g_string_free(mime_only, TRUE);
	m->nhdr = hdrs->len;
	m->hdr = (struct bnc_header *)g_array_free(hdrs, FALSE);

	const char *subj = bnc_msg_header(m, "subject");
	char *payload = g_string_free(flat, FALSE);
	if (subj && (bnc_has_prefix_ci(subj, "fwd:") || bnc_has_prefix_ci(subj, "fw:")))
		payload = unquote(payload);
	m->payload = mime_tidy_fields(payload);
	m->payload_len = strlen(m->payload);
	g_free(payload);
	m->cut = cut.text ? g_string_free(cut.text, FALSE) : NULL;
	return BNC_OK;
}
