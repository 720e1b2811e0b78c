/* view_raw.c - the original message: as stored, or (press r again) its
 * headers and every part decoded to text through GMime.  Read-only. */
#include <string.h>
#include <gmime/gmime.h>
#include "ui.h"

/* What the view holds of one message, whatever its size (a queue may hold a
 * 50 MB one): the source up to RAW_SHOWN bytes, a decoded part up to
 * RAW_PART_SHOWN, and the decoded view only of a message under RAW_DECODED
 * (GMime builds the whole tree, with every part's text).  P shows the whole
 * message in $PAGER. */
#define RAW_SHOWN      (4u << 20)
#define RAW_PART_SHOWN (1u << 20)
#define RAW_DECODED    (16u << 20)

/* How many of the n bytes of s to keep under max, not splitting a character. */
static size_t utf8_prefix(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

struct raw_state {
	struct pager *pager;
	struct row row;
	int decoded;             /* showing decoded parts rather than the source */
	int built_for_cols;
	char *data;
	size_t len;
	char *error;
};

static void add_headers(struct pager *p, GMimeObject *o, int w, const char *indent)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int n = g_mime_header_list_get_count(hl);
	for (int i = 0; i < n && i < 1000; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		char *line = g_strdup_printf("%s%s: %s", indent, g_mime_header_get_name(h), g_mime_header_get_value(h));
		pager_add(p, line, -1, 0, 0, w);
		g_free(line);
	}
}

static void add_part(struct pager *p, GMimeObject *o, int w, int depth, int *count)
{
	if (depth > 20 || *count > 500)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			add_part(p, g_mime_multipart_get_part(mp, i), w, depth + 1, count);
		return;
	}
	(*count)++;
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(o));
	pager_addf(p, C_TITLE, w, "--- part %d: %s", *count, type);
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (inner) {
			add_headers(p, GMIME_OBJECT(inner), w, "  ");
			GMimeObject *body = g_mime_message_get_mime_part(inner);
			if (body)
				add_part(p, body, w, depth + 1, count);
		}
	} else if (GMIME_IS_PART(o)) {
		GMimePart *part = GMIME_PART(o);
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		int textual = g_mime_content_type_is_type(ct, "text", "*") ||
		              g_mime_content_type_is_type(ct, "message", "*");
		if (textual && GMIME_IS_TEXT_PART(o)) {
			char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(o));
			if (text) {
				size_t n = strlen(text);
				if (n > RAW_PART_SHOWN) {
					text[utf8_prefix(text, n, RAW_PART_SHOWN)] = 0;
					pager_add(p, text, -1, 0, 0, w);
					pager_addf(p, C_BAD, w, "  [a part of %zu bytes: its first %u KB shown]", n, RAW_PART_SHOWN >> 10);
				} else {
					pager_add(p, text, -1, 0, 0, w);
				}
			}
			g_free(text);
		} else if (textual) {
			GMimeDataWrapper *dw = g_mime_part_get_content(part);
			GMimeStream *mem = g_mime_stream_mem_new();
			if (dw)
				g_mime_data_wrapper_write_to_stream(dw, mem);
			GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
			char *s = g_strndup((const char *)ba->data, ba->len < (1 << 20) ? ba->len : (1 << 20));
			pager_add(p, s, -1, 0, 0, w);
			g_free(s);
			g_object_unref(mem);
		} else {
			const char *fn = g_mime_part_get_filename(part);
			pager_addf(p, -1, w, "  [not text%s%s]", fn ? ": " : "", fn ? fn : "");
		}
	}
	g_free(type);
}

static void build(struct ui *ui, struct raw_state *st)
{
	struct pager *p = st->pager;
	int w = COLS > 20 ? COLS - 1 : 20;
	pager_clear(p);
	st->built_for_cols = COLS;
	if (!st->data) {
		pager_addf(p, C_BAD, w, "cannot read the message again: %s", st->error ? st->error : "");
		return;
	}
	if (!st->decoded) {
		if (st->len > RAW_SHOWN) {
			char *head = g_strndup(st->data, RAW_SHOWN);
			pager_addf(p, C_BAD, w, "a message of %zu bytes: its first %u MB shown (P: all of it in $PAGER)",
			           st->len, RAW_SHOWN >> 20);
			pager_add(p, head, -1, 0, 0, w);
			g_free(head);
		} else {
			pager_add(p, st->data, -1, 0, 0, w);
		}
		return;
	}
	if (st->len > RAW_DECODED) {
		pager_addf(p, C_BAD, w, "a message of %zu bytes: too large to decode here (r: its source; P: $PAGER)",
		           st->len);
		return;
	}
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(st->data, st->len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	if (!msg) {
		pager_add(p, "MIME could not read this message; r shows its source", C_BAD, 0, 0, w);
	} else {
		add_headers(p, GMIME_OBJECT(msg), w, "");
		int count = 0;
		GMimeObject *body = g_mime_message_get_mime_part(msg);
		if (body)
			add_part(p, body, w, 0, &count);
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_object_unref(stream);
	(void)ui;
}

static void draw(struct ui *ui, struct view *v)
{
	struct raw_state *st = v->state;
	if (st->built_for_cols != COLS)
		build(ui, st);
	pager_draw(ui, st->pager);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct raw_state *st = v->state;
	if (a == DO_RAW) {
		st->decoded = !st->decoded;
		build(ui, st);
		pager_scroll_to(st->pager, 0);
		ui_message(ui, st->decoded ? "headers and decoded parts (r: source)" : "message source (r: decoded parts)");
		return 1;
	}
	if (a == DO_PAGER) {
		ui_pager_row(ui, &st->row);
		return 1;
	}
	if (a == DO_PIPE) {
		ui_pipe_row(ui, &st->row);
		return 1;
	}
	return pager_act(ui, st->pager, a, key);
}

static void raw_free(struct view *v)
{
	struct raw_state *st = v->state;
	pager_free(st->pager);
	g_free(st->data);
	g_free(st->error);
	g_free(st);
}

static const struct view_ops raw_ops = {"raw", VW_RAW, draw, act, raw_free, NULL};

struct view *view_raw_new_for(struct ui *ui, const struct row *row)
{
	struct raw_state *st = g_new0(struct raw_state, 1);
	st->row = *row;
	g_mutex_lock(&ui->store->mu);
	struct msg m = g_array_index(ui->store->msgs, struct msg, row->msg);
	g_mutex_unlock(&ui->store->mu);
	st->data = store_read_message(ui->store, &m, &st->len, &st->error);
	char *title = g_strdup_printf("Message: %s", m.name);
	st->pager = pager_new(title);
	g_free(title);
	struct view *v = g_new0(struct view, 1);
	v->ops = &raw_ops;
	v->state = st;
	return v;
}

struct view *view_raw_new(struct ui *ui, size_t shown)
{
	g_mutex_lock(&ui->store->mu);
	struct row r = *ui_row(ui, shown);
	g_mutex_unlock(&ui->store->mu);
	return view_raw_new_for(ui, &r);
}
