/* view_tables.c - the engine's decision tables, browsable: first the list of
 * tables, then one table's entries in order, each marked with how many
 * verdicts of the loaded queue it decided.  Enter on an entry limits the
 * list to those verdicts. */
#include <string.h>
#include "cursor.h"
#include "ui.h"

struct tables_state {
	int table;               /* -1: the list of tables */
	int opened_directly;     /* opened on one table from a verdict */
	size_t cur, top;
	size_t tcur;             /* cursor in the list of tables, kept */
	GHashTable *hits;        /* "table\x1fentry" or "table" -> count */
	unsigned hits_gen;
};

static void count_hits(struct ui *ui, struct tables_state *st)
{
	if (st->hits && st->hits_gen == ui->store->generation)
		return;
	if (st->hits)
		g_hash_table_destroy(st->hits);
	st->hits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GArray *rows = ui->store->rows;
	for (guint i = 0; i < rows->len; i++) {
		const struct row *r = &g_array_index(rows, struct row, i);
		if (!*r->table || r->entry < 0)
			continue;
		char *k = g_strdup_printf("%s\x1f%d", r->table, r->entry);
		gpointer old = g_hash_table_lookup(st->hits, k);
		g_hash_table_insert(st->hits, k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
		gpointer told = g_hash_table_lookup(st->hits, r->table);
		g_hash_table_insert(st->hits, g_strdup(r->table), GSIZE_TO_POINTER(GPOINTER_TO_SIZE(told) + 1));
	}
	st->hits_gen = ui->store->generation;
}

static size_t hits_of(struct tables_state *st, const char *table, int entry)
{
	if (entry < 0)
		return GPOINTER_TO_SIZE(g_hash_table_lookup(st->hits, table));
	char *k = g_strdup_printf("%s\x1f%d", table, entry);
	size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(st->hits, k));
	g_free(k);
	return n;
}

/* Item k's line (a table, or an entry of the open table) appended to s;
 * returns how many verdicts it decided.  Caller holds the store's lock. */
static size_t item_text(struct tables_state *st, size_t k, GString *s)
{
	size_t hits;
	if (st->table < 0) {
		hits = hits_of(st, bnc_table_name(k), -1);
		g_string_append_printf(s, "%c %-14s %5zu entries %7zu verdicts  %s", hits ? '*' : ' ', bnc_table_name(k),
		                       bnc_table_size(k), hits, bnc_table_title(k));
	} else {
		bnc_entry_info e;
		bnc_table_entry((size_t)st->table, k, &e);
		hits = hits_of(st, bnc_table_name((size_t)st->table), (int)k);
		g_string_append_printf(s, "%c %4zu %6zu  %-16s %-4s %-9s", hits ? '*' : ' ', k, hits, e.reason,
		                       e.code ? e.code : "*", e.status ? e.status : "*");
		for (int f = 0; f < 4 && e.frag[f]; f++)
			g_string_append_printf(s, "%s\"%s\"", f ? " .. " : " ", e.frag[f]);
	}
	return hits;
}

static size_t item_count(const struct tables_state *st)
{
	return st->table < 0 ? bnc_table_count() : bnc_table_size((size_t)st->table);
}

static int page(void)
{
	return LINES > 4 ? LINES - 4 : 1;
}

static void draw(struct ui *ui, struct view *v)
{
	struct tables_state *st = v->state;
	g_mutex_lock(&ui->store->mu);
	count_hits(ui, st);
	size_t n = item_count(st);
	if (st->cur >= n)
		st->cur = n ? n - 1 : 0;
	if (st->cur < st->top)
		st->top = st->cur;
	if (st->cur >= st->top + (size_t)page())
		st->top = st->cur - (size_t)page() + 1;
	attrset(screen_attr(ui, C_TITLE));
	char *title = st->table < 0
		? g_strdup_printf("Tables (%zu): Enter opens one; * marks what decided verdicts of this queue", n)
		: g_strdup_printf("Table %s: %s (%zu entries, %s) - Enter lists the verdicts an entry decided",
		                  bnc_table_name((size_t)st->table), bnc_table_title((size_t)st->table), n,
		                  n ? "first match wins" : "empty");
	screen_text(0, 0, title, COLS, 1);
	g_free(title);
	attrset(A_NORMAL);
	for (int i = 0; i < page(); i++) {
		size_t k = st->top + (size_t)i;
		if (k >= n)
			break;
		GString *s = g_string_new(NULL);
		size_t hits = item_text(st, k, s);
		int attr = k == st->cur ? screen_attr(ui, C_SELECT) : hits ? screen_attr(ui, C_TAGGED) : (int)A_NORMAL;
		attrset(attr);
		screen_text(i + 1, 0, s->str, COLS, 1);
		attrset(A_NORMAL);
		g_string_free(s, TRUE);
	}
	g_mutex_unlock(&ui->store->mu);
}

/* Typed text looked for in the lines (a table's name, an entry's text):
 * the tables view once had no search, and "/patterns" ran commands. */
static void search(struct ui *ui, struct tables_state *st, int dir)
{
	if (!ui->search || !*ui->search) {
		ui_message(ui, "no search yet: press /");
		return;
	}
	g_mutex_lock(&ui->store->mu);
	count_hits(ui, st);
	size_t n = item_count(st);
	int found = 0, wrapped = 0;
	GString *s = g_string_new(NULL);
	for (size_t k = 1; k <= n && !found; k++) {
		size_t i = dir > 0 ? (st->cur + k) % n : (st->cur + n - k % n) % n;
		g_string_truncate(s, 0);
		item_text(st, i, s);
		if (strcasestr(s->str, ui->search)) {
			wrapped = dir > 0 ? st->cur + k >= n : k > st->cur;
			st->cur = i;
			found = 1;
		}
	}
	g_string_free(s, TRUE);
	g_mutex_unlock(&ui->store->mu);
	if (!found)
		ui_message(ui, "not found: %s", ui->search);
	else if (wrapped)
		ui_message(ui, "search wrapped to the %s", dir > 0 ? "top" : "bottom");
	else
		ui_message(ui, "found");
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct tables_state *st = v->state;
	size_t n = item_count(st), pg = (size_t)page();
	if (key == KEY_MOUSE) {
		cursor_mouse(&st->cur, st->top, n, 1, page(), NULL);
		return 1;
	}
	if (cursor_move(&st->cur, n, pg, a))
		return 1;
	switch (a) {
	case DO_SEARCH:
		if (cursor_search_prompt(ui))
			search(ui, st, 1);
		return 1;
	case DO_NEXT: search(ui, st, 1); return 1;
	case DO_PREV: search(ui, st, -1); return 1;
	case DO_OPEN:
		if (!n)
			return 1;
		if (st->table < 0) {
			st->tcur = st->cur;
			st->table = (int)st->cur;
			st->cur = st->top = 0;
		} else {
			char *pat = g_strdup_printf("table:%s and entry:%zu", bnc_table_name((size_t)st->table), st->cur);
			if (ui_set_limit(ui, pat)) {
				while (ui->views->len > 1)
					ui_pop(ui);
				ui_message(ui, "limited to the verdicts this entry decided (Esc: all)");
			}
			g_free(pat);
		}
		return 1;
	case DO_BACK:
		if (st->table >= 0 && !st->opened_directly) {
			st->table = -1;
			st->cur = st->tcur;
			st->top = 0;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static void tables_free(struct view *v)
{
	struct tables_state *st = v->state;
	if (st->hits)
		g_hash_table_destroy(st->hits);
	g_free(st);
}

static const struct view_ops tables_ops = {"tables", VW_TABLES, draw, act, tables_free, NULL};

struct view *view_tables_new(struct ui *ui, const char *table, int entry)
{
	(void)ui;
	struct tables_state *st = g_new0(struct tables_state, 1);
	st->table = table ? bnc_table_find(table) : -1;
	if (st->table >= 0) {
		st->opened_directly = 1;
		st->cur = entry > 0 ? (size_t)entry : 0;
		st->top = st->cur > 5 ? st->cur - 5 : 0;
	}
	struct view *v = g_new0(struct view, 1);
	v->ops = &tables_ops;
	v->state = st;
	return v;
}
