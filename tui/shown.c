/* shown.c - the list as shown: the store's rows that pass the limit, in
 * the sort's order, kept in step as rows arrive, and the list's cursor
 * kept on its verdict when the limit or the sort changes. */
#include <string.h>
#include "ui.h"

static const char *const sort_names[SORT__COUNT] = {"source", "date", "recipient", "rhost", "code", "status",
                                                    "reason", "decoder"};

const char *ui_sort_name(enum sort_key k)
{
	return sort_names[k];
}

struct row *ui_row(struct ui *ui, size_t i)
{
	return &g_array_index(ui->store->rows, struct row, g_array_index(ui->shown, guint32, i));
}

static int cmp_rows(gconstpointer pa, gconstpointer pb, gpointer data)
{
	struct ui *ui = data;
	guint32 ia = *(const guint32 *)pa, ib = *(const guint32 *)pb;
	const struct row *a = &g_array_index(ui->store->rows, struct row, ia);
	const struct row *b = &g_array_index(ui->store->rows, struct row, ib);
	int c = 0;
	switch (ui->sort) {
	case SORT_SOURCE: break;
	case SORT_DATE: c = a->timestamp < b->timestamp ? -1 : a->timestamp > b->timestamp; break;
	case SORT_RECIPIENT: c = g_ascii_strcasecmp(a->recipient, b->recipient); break;
	case SORT_RHOST: c = g_ascii_strcasecmp(a->rhost, b->rhost); break;
	case SORT_CODE: c = strcmp(a->replycode, b->replycode); break;
	case SORT_STATUS: c = strcmp(a->status, b->status); break;
	case SORT_REASON: c = strcmp(a->reason, b->reason); break;
	case SORT_DECODER: c = strcmp(a->decoder, b->decoder); break;
	default: break;
	}
	if (!c)
		c = ia < ib ? -1 : ia > ib;   /* stable: source order breaks ties */
	return ui->reverse ? -c : c;
}

/* The shown rows from `before` on are new: sort them and merge them into
 * the sorted rest, linear rather than a full sort on every batch (the
 * loader waits for the lock meanwhile). */
static void merge_new_rows(struct ui *ui, size_t before)
{
	guint32 *a = (guint32 *)(void *)ui->shown->data;
	size_t n = ui->shown->len;
	g_qsort_with_data(a + before, (gint)(n - before), sizeof *a, cmp_rows, ui);
	if (!before)
		return;
	guint32 *out = g_new(guint32, n);
	size_t i = 0, j = before, k = 0;
	while (i < before && j < n)
		out[k++] = cmp_rows(&a[j], &a[i], ui) < 0 ? a[j++] : a[i++];
	while (i < before)
		out[k++] = a[i++];
	while (j < n)
		out[k++] = a[j++];
	memcpy(a, out, n * sizeof *a);
	g_free(out);
}

/* Take in rows the loader added since last time (caller holds the lock). */
void ui_take_new_rows(struct ui *ui)
{
	GArray *rows = ui->store->rows;
	size_t before = ui->shown->len;
	for (; ui->rows_seen < rows->len; ui->rows_seen++) {
		struct row *r = &g_array_index(rows, struct row, ui->rows_seen);
		if (r->kind == ROW_NOVERDICT && !limit_wants_noverdict(ui->limit))
			continue;
		if (!ui->limit || limit_match(ui->limit, r)) {
			guint32 i = (guint32)ui->rows_seen;
			g_array_append_val(ui->shown, i);
			gpointer n = g_hash_table_lookup(ui->reason_count, r->reason);
			g_hash_table_insert(ui->reason_count, (gpointer)r->reason,
			                    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
		}
	}
	if (ui->shown->len != before && (ui->sort != SORT_SOURCE || ui->reverse))
		merge_new_rows(ui, before);
}

/* The store row under the list's cursor, or -1 (caller holds the lock). */
gint64 ui_cursor_row(const struct ui *ui)
{
	if (ui->list.cur >= ui->shown->len)
		return -1;
	return g_array_index(ui->shown, guint32, ui->list.cur);
}

/* Put the cursor back on store row `row` wherever the list now has it,
 * at the same height on the screen; a row no longer shown gives way to the
 * shown row nearest it in the queue.  Linear, and only on a change of
 * limit or sort, or when rows arrive under a moved cursor. */
void ui_cursor_follow(struct ui *ui, gint64 row)
{
	size_t n = ui->shown->len;
	if (row < 0 || !n)
		return;
	const guint32 *a = (const guint32 *)(const void *)ui->shown->data;
	size_t best = 0;
	guint32 bestd = G_MAXUINT32;
	for (size_t i = 0; i < n; i++) {
		guint32 d = a[i] > row ? a[i] - (guint32)row : (guint32)row - a[i];
		if (d < bestd) {
			bestd = d;
			best = i;
			if (!d)
				break;
		}
	}
	size_t height = ui->list.cur >= ui->list.top ? ui->list.cur - ui->list.top : 0;
	ui->list.cur = best;
	ui->list.top = best > height ? best - height : 0;
}

void ui_refilter(struct ui *ui)
{
	g_mutex_lock(&ui->store->mu);
	gint64 row = ui_cursor_row(ui);
	g_array_set_size(ui->shown, 0);
	g_hash_table_remove_all(ui->reason_count);
	ui->rows_seen = 0;
	ui_take_new_rows(ui);
	ui_cursor_follow(ui, row);
	g_mutex_unlock(&ui->store->mu);
}

int ui_set_limit(struct ui *ui, const char *text)
{
	char *err = NULL;
	struct limit *l = limit_parse(text, &err);
	if (!l) {
		ui_message(ui, "limit: %s", err);
		g_free(err);
		return 0;
	}
	limit_free(ui->limit);
	g_free(ui->limit_text);
	ui->limit = l;
	ui->limit_text = g_strdup(text);
	ui_refilter(ui);
	return 1;
}

int ui_drill_down(struct ui *ui, const char *term, const char *what)
{
	char *pat = ui->limit_text ? g_strdup_printf("(%s) and %s", ui->limit_text, term) : g_strdup(term);
	int ok = ui_set_limit(ui, pat);
	g_free(pat);
	if (!ok)
		return 0;
	while (ui->views->len > 1)
		ui_pop(ui);
	ui->list.cur = ui->list.top = 0;
	ui_message(ui, "%s: %u verdicts (Esc: all)", what, ui->shown->len);
	return 1;
}
