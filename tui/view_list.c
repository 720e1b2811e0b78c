/* view_list.c - one row per recipient verdict (and per undecodable message),
 * with a per-reason summary of what is shown. */
#include <string.h>
#include <time.h>
#include "ui.h"

struct list_state {
	size_t cur, top;
};

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

struct column {
	const char *title;
	int width;               /* 0: takes what is left */
};

static const struct column columns[] = {
	{"", 1}, {"date", 16}, {"recipient", 0}, {"rhost", 24}, {"code", 4}, {"status", 7}, {"reason", 15},
	{"decoder", 12},
};
G_STATIC_ASSERT(G_N_ELEMENTS(columns) == LIST_COLUMNS);

/* Widths for this screen: the recipient column takes the slack. */
static void widths(int *w)
{
	int fixed = 0, n = (int)G_N_ELEMENTS(columns);
	for (int i = 0; i < n; i++)
		fixed += columns[i].width + 1;
	int rest = COLS - fixed;
	for (int i = 0; i < n; i++)
		w[i] = columns[i].width ? columns[i].width : (rest > 12 ? rest : 12);
	if (COLS < 100) {    /* narrow terminals: a shorter rhost */
		w[3] = 14;
		w[2] += 10;
	}
}

static void format_date(int64_t t, char *buf, size_t size)
{
	if (t <= 0) {
		g_strlcpy(buf, "", size);
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
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

static void draw(struct ui *ui, struct view *v)
{
	struct list_state *st = v->state;
	int w[G_N_ELEMENTS(columns)];
	widths(w);
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
	for (size_t c = 0; c < G_N_ELEMENTS(columns); c++) {
		screen_text(0, x, columns[c].title, w[c], 1);
		x += w[c] + 1;
		if (x < COLS)
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
		char date[32];
		const char *cells[LIST_COLUMNS];
		list_row_cells(r, m, date, cells);
		int selected = k == st->cur;
		int base = selected ? screen_attr(ui, C_SELECT) : (int)A_NORMAL;
		x = 0;
		for (size_t c = 0; c < G_N_ELEMENTS(columns); c++) {
			int attr = base;
			if (c == 6)   /* the reason in its colour, still selected */
				attr = screen_attr_selected(ui, elem_of(r), selected);
			if (c == 0 && r->tagged)
				attr = screen_attr_selected(ui, C_TAGGED, selected);
			attrset(attr);
			screen_text(y, x, cells[c], w[c], 1);
			x += w[c] + 1;
			attrset(base);
			if (x - 1 < COLS)
				mvaddch(y, x - 1, ' ');
		}
		attrset(A_NORMAL);
	}
	summary(ui, LINES - 3);
	g_mutex_unlock(&ui->store->mu);
}

/* A row's cells: tag mark, date, recipient, remote host, reply code,
 * status, reason, decoder; an undecodable message shows its name and why. */
void list_row_cells(const struct row *r, const struct msg *m, char date[32], const char *cells[LIST_COLUMNS])
{
	format_date(r->timestamp, date, 32);
	int bad = r->kind == ROW_UNDECODABLE;
	cells[0] = r->tagged ? "*" : bad ? "!" : " ";
	cells[1] = date;
	cells[2] = bad ? m->name : r->recipient;
	cells[3] = bad ? r->diag : r->rhost;
	cells[4] = r->replycode;
	cells[5] = r->status;
	cells[6] = r->reason;
	cells[7] = r->decoder;
}

static int row_has(struct ui *ui, size_t i, const char *needle)
{
	struct row *r = ui_row(ui, i);
	return strcasestr(r->recipient, needle) || strcasestr(r->rhost, needle) || strcasestr(r->reason, needle) ||
	       strcasestr(r->diag, needle) || strcasestr(r->decoder, needle) || strstr(r->replycode, needle) ||
	       strstr(r->status, needle);
}

static void search(struct ui *ui, struct list_state *st, int dir)
{
	if (!ui->search || !*ui->search) {
		ui_message(ui, "no search yet: press /");
		return;
	}
	g_mutex_lock(&ui->store->mu);
	size_t n = ui->shown->len;
	int found = 0;
	for (size_t k = 1; k <= n && !found; k++) {
		size_t i = dir > 0 ? (st->cur + k) % n : (st->cur + n - k % n) % n;
		if (row_has(ui, i, ui->search)) {
			st->cur = i;
			found = 1;
		}
	}
	g_mutex_unlock(&ui->store->mu);
	if (!found)
		ui_message(ui, "not found: %s", ui->search);
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
	struct list_state *st = v->state;
	size_t n = ui->shown->len, pg = (size_t)page();
	switch (a) {
	case DO_DOWN: if (st->cur + 1 < n) st->cur++; return 1;
	case DO_UP: if (st->cur) st->cur--; return 1;
	case DO_PGDN: st->cur = st->cur + pg < n ? st->cur + pg : (n ? n - 1 : 0); st->top += pg; return 1;
	case DO_PGUP: st->cur = st->cur > pg ? st->cur - pg : 0; st->top = st->top > pg ? st->top - pg : 0; return 1;
	case DO_TOP: st->cur = 0; return 1;
	case DO_BOTTOM: st->cur = n ? n - 1 : 0; return 1;
	case DO_OPEN:
	case DO_DETAIL:
		if (n)
			ui_push(ui, view_detail_new(ui, st->cur));
		return 1;
	case DO_RAW:
		if (n)
			ui_push(ui, view_raw_new(ui, st->cur));
		return 1;
	case DO_SEARCH: {
		char *s = screen_prompt(ui, "search: ", NULL);
		if (s && *s) {
			g_free(ui->search);
			ui->search = s;
			search(ui, st, 1);
		} else {
			g_free(s);
		}
		return 1;
	}
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
		MEVENT ev;
		if (getmouse(&ev) != OK)
			return 1;
		if (ev.bstate & BUTTON4_PRESSED) {
			st->cur = st->cur > 3 ? st->cur - 3 : 0;
		} else if (ev.bstate & BUTTON5_PRESSED) {
			st->cur = st->cur + 3 < n ? st->cur + 3 : (n ? n - 1 : 0);
		} else if (ev.y >= 1 && ev.y <= page() && st->top + (size_t)(ev.y - 1) < n) {
			st->cur = st->top + (size_t)(ev.y - 1);
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				ui_push(ui, view_detail_new(ui, st->cur));
		}
		return 1;
	}
	return 0;
}

static void list_free(struct view *v)
{
	g_free(v->state);
}

static const struct view_ops list_ops = {"list", VW_LIST, draw, act, list_free};

struct view *view_list_new(struct ui *ui)
{
	(void)ui;
	struct view *v = g_new0(struct view, 1);
	v->ops = &list_ops;
	v->state = g_new0(struct list_state, 1);
	return v;
}
