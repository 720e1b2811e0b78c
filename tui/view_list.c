/* view_list.c - one row per recipient verdict (and per undecodable message),
 * with a per-reason summary of what is shown. */
#include <string.h>
#include <time.h>
#include "cursor.h"
#include "ui.h"

static int page(void)
{
	return LINES > 5 ? LINES - 5 : 1;   /* title, header, summary, bar, message */
}

static enum colour_elem elem_of(const struct row *r)
{
	switch (r->kind) {
	case ROW_HARD: return C_HARD;
	case ROW_SOFT: return C_SOFT;
	case ROW_OTHER: return C_OTHER;
	default: return C_BAD;
	}
}

void list_format_date(int64_t t, const char *fmt, char *buf, size_t size)
{
	if (t <= 0) {
		g_strlcpy(buf, "", size);
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (!strftime(buf, size, fmt, &tm))
		g_strlcpy(buf, "", size);
}

/* Per-reason counts of what is shown, most frequent first. */
static void summary(struct ui *ui, int y)
{
	GHashTable *count = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTableIter it;
	gpointer reason, n;
	g_hash_table_iter_init(&it, ui->reason_count);
	while (g_hash_table_iter_next(&it, &reason, &n))
		g_hash_table_insert(count, reason, n);
	GList *keys = g_hash_table_get_keys(count);
	GString *s = g_string_new(" ");
	for (;;) {   /* selection of the largest, few distinct reasons */
		const char *best = NULL;
		size_t bn = 0;
		for (GList *k = keys; k; k = k->next) {
			size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(count, k->data));
			if (n > bn || (n == bn && best && strcmp(k->data, best) < 0)) {
				best = k->data;
				bn = n;
			}
		}
		if (!best)
			break;
		g_string_append_printf(s, "%s %zu  ", best, bn);
		g_hash_table_insert(count, (gpointer)best, GSIZE_TO_POINTER(0));
	}
	g_list_free(keys);
	g_hash_table_destroy(count);
	attrset(screen_attr(ui, C_TITLE));
	screen_text(y, 0, s->len > 1 ? s->str : " nothing shown yet", COLS, 1);
	attrset(A_NORMAL);
	g_string_free(s, TRUE);
}

/* An empty list says why (caller holds the lock). */
static void say_why_empty(struct ui *ui)
{
	const struct store *s = ui->store;
	char *why;
	if (s->load_error)
		why = g_strdup_printf("nothing read: %s", s->load_error);
	else if (s->loading)
		why = g_strdup("reading the queue ...");
	else if (!s->messages_done)
		why = g_strdup_printf("the queue is empty: no messages in %s%s", s->paths[0], s->npaths > 1 ? " and the rest" : "");
	else if (ui->limit)
		why = g_strdup_printf("no verdict matches the limit %s (Esc clears it)", ui->limit_text);
	else if (s->messages_none)
		why = g_strdup_printf("none of the %zu messages gave a verdict: l kind:none lists them", s->messages_done);
	else
		why = g_strdup("no verdicts");
	attrset(A_NORMAL);
	screen_text(2, 2, why, COLS - 2, 0);
	g_free(why);
}

/* The default date, and the same shorter where the column is narrow. */
#define DATE_LONG "%Y-%m-%d %H:%M"
#define DATE_SHORT "%m-%d %H:%M"

static void draw(struct ui *ui, struct view *v)
{
	struct list_cursor *st = &ui->list;
	const int *ids = ui->columns;
	int nc = ui->ncolumns, w[COL__COUNT];
	columns_layout(ids, nc, COLS, w);
	const char *datefmt = ui->date_format ? ui->date_format : DATE_LONG;
	for (int c = 0; c < nc; c++)
		if (ids[c] == COL_DATE && !ui->date_format && w[c] < (int)strlen("2026-11-01 10:00"))
			datefmt = DATE_SHORT;
	g_mutex_lock(&ui->store->mu);
	size_t n = ui->shown->len;
	if (st->cur >= n)
		st->cur = n ? n - 1 : 0;
	if (st->cur < st->top)
		st->top = st->cur;
	if (st->cur >= st->top + (size_t)page())
		st->top = st->cur - (size_t)page() + 1;

	attrset(screen_attr(ui, C_TITLE) | A_UNDERLINE);
	move(0, 0);
	int x = 0;
	for (int c = 0; c < nc; c++) {
		if (!w[c])
			continue;
		char *t = cell_fit(column_info(ids[c])->title, w[c], 0);
		screen_safe(0, x, t, w[c], 1);
		g_free(t);
		x += w[c] + 1;
		if (x - 1 < COLS)
			mvaddch(0, x - 1, ' ');
	}
	attrset(A_NORMAL);
	for (int i = 0; i < page(); i++) {
		size_t k = st->top + (size_t)i;
		int y = i + 1;
		if (k >= n)
			break;
		struct row *r = ui_row(ui, k);
		const struct msg *m = &g_array_index(ui->store->msgs, struct msg, r->msg);
		char date[64];
		const char *cells[LIST_COLUMNS];
		list_row_cells(r, m, date, cells);
		list_format_date(r->timestamp, datefmt, date, sizeof date);
		int selected = k == st->cur;
		int base = selected ? screen_attr(ui, C_SELECT) : (int)A_NORMAL;
		x = 0;
		for (int c = 0; c < nc; c++) {
			if (!w[c])
				continue;
			int id = ids[c], attr = base;
			if (id == COL_REASON)   /* the reason in its colour, still selected */
				attr = screen_attr_selected(ui, elem_of(r), selected);
			if (id == COL_TAG && r->tagged)
				attr = screen_attr_selected(ui, C_TAGGED, selected);
			attrset(attr);
			char *safe = bnc_sanitize(cells[id], strlen(cells[id])), *shown = screen_display(safe);
			char *fit = cell_fit(shown, w[c], column_info(id)->cut_left);
			screen_safe(y, x, fit, w[c], 1);
			const char *hit = selected && ui->search && *ui->search ? strcasestr(fit, ui->search) : NULL;
			if (hit) {   /* the search's match, marked in the row it found */
				char *before = g_strndup(fit, (gsize)(hit - fit)), *match = g_strndup(hit, strlen(ui->search));
				attrset(screen_attr(ui, C_MARK));
				screen_safe(y, x + cell_width(before), match, w[c] - cell_width(before), 0);
				g_free(before);
				g_free(match);
			}
			g_free(fit);
			g_free(shown);
			bnc_free(safe);
			x += w[c] + 1;
			attrset(base);
			if (x - 1 < COLS)
				mvaddch(y, x - 1, ' ');
		}
		attrset(A_NORMAL);
	}
	if (!n)
		say_why_empty(ui);
	summary(ui, LINES - 3);
	g_mutex_unlock(&ui->store->mu);
}

/* A row's cells, by column: tag mark, date, recipient, remote host, reply
 * code, status, reason, decoder; an undecodable message shows its name and
 * why. */
void list_row_cells(const struct row *r, const struct msg *m, char date[64], const char *cells[LIST_COLUMNS])
{
	list_format_date(r->timestamp, DATE_LONG, date, 64);
	int bad = r->kind >= ROW_UNDECODABLE;   /* no verdict: the message and why */
	cells[COL_TAG] = r->tagged ? "*" : r->kind == ROW_UNDECODABLE ? "!" : r->kind == ROW_NOVERDICT ? "-" : " ";
	cells[COL_DATE] = date;
	cells[COL_RECIPIENT] = bad ? m->name : r->recipient;
	cells[COL_RHOST] = bad ? r->diag : r->rhost;
	cells[COL_CODE] = r->replycode;
	cells[COL_STATUS] = r->status;
	cells[COL_REASON] = r->reason;
	cells[COL_DECODER] = r->decoder;
}

static int row_has(struct ui *ui, size_t i, const char *needle)
{
	struct row *r = ui_row(ui, i);
	return strcasestr(r->recipient, needle) || strcasestr(r->rhost, needle) || strcasestr(r->reason, needle) ||
	       strcasestr(r->diag, needle) || strcasestr(r->decoder, needle) || strstr(r->replycode, needle) ||
	       strstr(r->status, needle);
}

static void search(struct ui *ui, struct list_cursor *st, int dir)
{
	if (!ui->search || !*ui->search) {
		ui_message(ui, "no search yet: press /");
		return;
	}
	g_mutex_lock(&ui->store->mu);
	size_t n = ui->shown->len;
	int found = 0, wrapped = 0;
	for (size_t k = 1; k <= n && !found; k++) {
		size_t i = dir > 0 ? (st->cur + k) % n : (st->cur + n - k % n) % n;
		if (row_has(ui, i, ui->search)) {
			wrapped = dir > 0 ? st->cur + k >= n : k > st->cur;
			st->cur = i;
			found = 1;
		}
	}
	g_mutex_unlock(&ui->store->mu);
	st->moved = 1;
	if (!found)
		ui_message(ui, "not found: %s", ui->search);
	else if (wrapped)
		ui_message(ui, "search wrapped to the %s: row %zu of %zu", dir > 0 ? "top" : "bottom", st->cur + 1, n);
	else
		ui_message(ui, "found: row %zu of %zu", st->cur + 1, n);
}

static void set_tag(struct ui *ui, struct row *r, int on)
{
	if (r->tagged == on)
		return;
	r->tagged = (uint8_t)on;
	if (on)
		ui->ntagged++;
	else
		ui->ntagged--;
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct list_cursor *st = &ui->list;
	size_t n = ui->shown->len, pg = (size_t)page();
	if (a == DO_DOWN || a == DO_UP || a == DO_PGDN || a == DO_PGUP || a == DO_TOP || a == DO_BOTTOM ||
	    key == KEY_MOUSE)
		st->moved = 1;
	/* a page moves the rows shown with the cursor, as mutt's index does */
	if (a == DO_PGDN)
		st->top += pg;
	else if (a == DO_PGUP)
		st->top = st->top > pg ? st->top - pg : 0;
	if (cursor_move(&st->cur, n, pg, a))
		return 1;
	switch (a) {
	case DO_OPEN:
	case DO_DETAIL:
		if (n)
			ui_push(ui, view_detail_new(ui, st->cur));
		return 1;
	case DO_RAW:
		if (n)
			ui_push(ui, view_raw_new(ui, st->cur));
		return 1;
	case DO_PAGER:
	case DO_PIPE:
		if (n) {
			g_mutex_lock(&ui->store->mu);
			struct row r = *ui_row(ui, st->cur);
			g_mutex_unlock(&ui->store->mu);
			if (a == DO_PAGER)
				ui_pager_row(ui, &r);
			else
				ui_pipe_row(ui, &r);
		}
		return 1;
	case DO_SEARCH:
		if (cursor_search_prompt(ui))
			search(ui, st, 1);
		return 1;
	case DO_NEXT: search(ui, st, 1); return 1;
	case DO_PREV: search(ui, st, -1); return 1;
	case DO_TAG:
		if (n) {
			g_mutex_lock(&ui->store->mu);
			struct row *r = ui_row(ui, st->cur);
			set_tag(ui, r, !r->tagged);
			g_mutex_unlock(&ui->store->mu);
			if (st->cur + 1 < n)
				st->cur++;
		}
		return 1;
	case DO_TAG_ALL:
		g_mutex_lock(&ui->store->mu);
		for (size_t i = 0; i < n; i++)
			set_tag(ui, ui_row(ui, i), 1);
		g_mutex_unlock(&ui->store->mu);
		ui_message(ui, "%zu tagged", ui->ntagged);
		return 1;
	case DO_UNTAG_ALL:
		g_mutex_lock(&ui->store->mu);
		for (guint i = 0; i < ui->store->rows->len; i++)
			set_tag(ui, &g_array_index(ui->store->rows, struct row, i), 0);
		g_mutex_unlock(&ui->store->mu);
		ui_message(ui, "nothing tagged");
		return 1;
	default:
		break;
	}
	if (key == KEY_MOUSE) {
		mmask_t how = 0;
		if (cursor_mouse(&st->cur, st->top, n, 1, page(), &how) && (how & BUTTON1_DOUBLE_CLICKED))
			ui_push(ui, view_detail_new(ui, st->cur));
		return 1;
	}
	return 0;
}

static void list_free(struct view *v)
{
	(void)v;   /* the cursor lives in the ui: refiltering keeps it on its verdict */
}

static const struct view_ops list_ops = {"list", VW_LIST, draw, act, list_free, NULL};

struct view *view_list_new(struct ui *ui)
{
	(void)ui;
	struct view *v = g_new0(struct view, 1);
	v->ops = &list_ops;
	return v;
}
