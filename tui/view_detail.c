/* view_detail.c - one verdict in full: its fields, the diagnostic text with
 * the deciding span marked, the decision chain, and the deciding entry shown
 * within its table.  The message is decoded again for this. */
#include <string.h>
#include "ui.h"

struct detail_state {
	struct pager *pager;
	struct row row;          /* a copy: the store may grow meanwhile */
	bnc_result *result;
	const bnc_verdict *v;
	char *error;
	int built_for_cols;
};

/* The deciding entry with a few neighbours, the winner marked. */
static void table_context(struct pager *p, const bnc_step *d, int width)
{
	int t = bnc_table_find(d->table);
	if (t < 0 || d->entry < 0)
		return;
	size_t size = bnc_table_size((size_t)t);
	pager_addf(p, C_TITLE, width, "Table %s (%s), entry %d of %zu, %s:%d", d->table, bnc_table_title((size_t)t),
	           d->entry, size, d->file ? d->file : "", d->line);
	size_t from = d->entry > 3 ? (size_t)d->entry - 3 : 0, to = (size_t)d->entry + 4;
	for (size_t i = from; i < to && i < size; i++) {
		bnc_entry_info e;
		if (!bnc_table_entry((size_t)t, i, &e))
			break;
		GString *s = g_string_new(NULL);
		g_string_append_printf(s, "%s %4zu  %-16s %-4s %-9s", i == (size_t)d->entry ? ">" : " ", i, e.reason,
		                       e.code ? e.code : "*", e.status ? e.status : "*");
		for (int k = 0; k < 4 && e.frag[k]; k++)
			g_string_append_printf(s, "%s\"%s\"", k ? " .. " : " ", e.frag[k]);
		pager_add(p, s->str, i == (size_t)d->entry ? C_MARK : -1, 0, 0, width);
		g_string_free(s, TRUE);
	}
	pager_addf(p, -1, width, "  (Enter: the whole table)");
}

static void build(struct ui *ui, struct detail_state *st)
{
	st->built_for_cols = COLS;
	detail_lines(st->pager, st->v, st->error, st->result ? bnc_result_notice(st->result) : NULL,
	             COLS > 20 ? COLS - 1 : 20);
	(void)ui;
}

/* Fields with their sources, the diagnostic text with the deciding span
 * highlighted, the decision chain, and the deciding entry in its table;
 * first, what a resource cap left unread, if anything did. */
void detail_lines(struct pager *p, const bnc_verdict *v, const char *error, const char *notice, int w)
{
	pager_clear(p);
	if (notice) {
		pager_addf(p, C_BAD, w, "Cut short: %s", notice);
		pager_add(p, "", -1, 0, 0, w);
	}
	if (!v) {
		pager_addf(p, C_BAD, w, "This message gave no verdict: %s", error ? error : "");
		return;
	}
	pager_add(p, "Fields", C_TITLE, 0, 0, w);
	for (size_t i = 0; i < bnc_field_count(); i++) {
		const char *f = bnc_field_at(i);
		if (!strcmp(f, "catch") || !strcmp(f, "diagnosticcode"))
			continue;
		const char *src = bnc_verdict_field_source(v, f);
		char *line = src && *src ? g_strdup_printf("  %-15s %-24s  <- %s", f, bnc_verdict_get(v, f), src)
		                         : g_strdup_printf("  %-15s %s", f, bnc_verdict_get(v, f));
		pager_add(p, line, -1, 0, 0, w);
		g_free(line);
	}
	const bnc_step *d = bnc_verdict_decider(v);
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Diagnostic text", C_TITLE, 0, 0, w);
	const char *diag = bnc_verdict_get(v, "diagnosticcode");
	if (d && d->field && d->length && !strcmp(d->field, "diagnosticcode"))
		pager_add(p, diag, -1, d->offset, d->length, w);
	else
		pager_add(p, *diag ? diag : "(none)", -1, 0, 0, w);
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Decision", C_TITLE, 0, 0, w);
	pager_addf(p, -1, w, "  claimed by %s", bnc_verdict_claim(v));
	for (size_t i = 0; i < bnc_verdict_nsteps(v); i++) {
		const bnc_step *s = bnc_verdict_step(v, i);
		GString *l = g_string_new(NULL);
		g_string_append_printf(l, "  %s %-9s %-14s", s->decided ? "=>" : "  ", s->stage,
		                       s->reason ? s->reason : "-");
		if (s->table)
			g_string_append_printf(l, " %s #%d", s->table, s->entry);
		if (s->note)
			g_string_append_printf(l, "  %s", s->note);
		pager_add(p, l->str, s->decided ? C_TAGGED : -1, 0, 0, w);
		g_string_free(l, TRUE);
	}
	if (d && d->table) {
		pager_add(p, "", -1, 0, 0, w);
		table_context(p, d, w);
	}
}

static void draw(struct ui *ui, struct view *v)
{
	struct detail_state *st = v->state;
	if (st->built_for_cols != COLS)
		build(ui, st);
	pager_draw(ui, st->pager);
}

/* Read the verdict at the list's position i into st (caller holds no lock). */
static void load(struct ui *ui, struct detail_state *st, size_t i)
{
	if (st->result)
		bnc_result_free(st->result);
	st->result = NULL;
	st->v = NULL;
	g_free(st->error);
	st->error = NULL;
	g_mutex_lock(&ui->store->mu);
	st->row = *ui_row(ui, i);
	const struct msg *m = &g_array_index(ui->store->msgs, struct msg, st->row.msg);
	char *title = g_strdup_printf("Verdict: %s  (%s)", st->row.kind < ROW_UNDECODABLE ? st->row.recipient : "-",
	                              m->name);
	if (st->row.kind >= ROW_UNDECODABLE)
		st->error = g_strdup(st->row.diag);
	g_mutex_unlock(&ui->store->mu);
	pager_set_title(st->pager, title);
	g_free(title);
	if (st->row.kind < ROW_UNDECODABLE) {
		char *err = NULL;
		st->result = store_redecode(ui->store, &st->row, &st->v, &err);
		if (!st->v && !err)
			err = g_strdup("decoding it again gave no verdict");
		st->error = err;
	}
	st->built_for_cols = 0;   /* rebuilt at the next draw */
	pager_scroll_to(st->pager, 0);
}

/* The next or previous verdict of the list, the list's cursor moving too. */
static void step(struct ui *ui, struct detail_state *st, int dir)
{
	size_t n = ui->shown->len, cur = ui->list.cur;
	if ((dir > 0 && cur + 1 >= n) || (dir < 0 && cur == 0)) {
		ui_message(ui, dir > 0 ? "the last verdict of the list" : "the first verdict of the list");
		return;
	}
	ui->list.cur = dir > 0 ? cur + 1 : cur - 1;
	load(ui, st, ui->list.cur);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct detail_state *st = v->state;
	const bnc_step *d = st->v ? bnc_verdict_decider(st->v) : NULL;
	switch (a) {
	case DO_OPEN:
		if (d && d->table)
			ui_push(ui, view_tables_new(ui, d->table, d->entry));
		else
			ui_message(ui, "no table decided this verdict");
		return 1;
	case DO_RAW: ui_push(ui, view_raw_new_for(ui, &st->row)); return 1;
	case DO_NEXT_VERDICT: step(ui, st, 1); return 1;
	case DO_PREV_VERDICT: step(ui, st, -1); return 1;
	case DO_PAGER: ui_pager_row(ui, &st->row); return 1;
	case DO_PIPE: ui_pipe_row(ui, &st->row); return 1;
	default: return pager_act(ui, st->pager, a, key);
	}
}

/* Where in the list this verdict is: N/M. */
static void status(struct ui *ui, struct view *v, GString *bar)
{
	(void)v;
	g_string_append_printf(bar, " | verdict %zu/%u", ui->list.cur + 1, ui->shown->len);
}

static void detail_free(struct view *v)
{
	struct detail_state *st = v->state;
	pager_free(st->pager);
	if (st->result)
		bnc_result_free(st->result);
	g_free(st->error);
	g_free(st);
}

static const struct view_ops detail_ops = {"detail", VW_DETAIL, draw, act, detail_free, status};

struct view *view_detail_new(struct ui *ui, size_t shown)
{
	struct detail_state *st = g_new0(struct detail_state, 1);
	st->pager = pager_new("");
	ui->list.cur = shown;
	ui->list.moved = 1;   /* the list's cursor is the detail's position */
	load(ui, st, shown);
	struct view *v = g_new0(struct view, 1);
	v->ops = &detail_ops;
	v->state = st;
	return v;
}
