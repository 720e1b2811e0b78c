/* view_detail.c - one verdict in full: its fields, the diagnostic text with
 * the deciding span marked, the decision chain, and the deciding entry shown
 * within its table.  The message is decoded again for this. */
#include <string.h>
#include "ui.h"
#include "advice.h"

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

/* What the engine's explanation walk gives, gathered so the view can show
 * it in its own order: fields first, then how the reason was decided. */
struct walked {
	const char *source[BNC_F__COUNT];
	const char *claim;
	GPtrArray *steps;        /* of const bnc_step * */
	const bnc_step *decider;
	const char *span_text;
	GPtrArray *advice;       /* of char *: the meaning lines, formatted */
	int width;
};

static void on_claim(void *ctx, const char *claim) { ((struct walked *)ctx)->claim = claim; }
static void on_step(void *ctx, size_t i, const bnc_step *st)
{
	(void)i;
	g_ptr_array_add(((struct walked *)ctx)->steps, (gpointer)st);
}
static void on_span(void *ctx, const bnc_step *d, const char *text)
{
	struct walked *w = ctx;
	w->decider = d;
	w->span_text = text;
}
static void on_source(void *ctx, bnc_field f, const char *src)
{
	if (f < BNC_F__COUNT)
		((struct walked *)ctx)->source[f] = src;
}
static void keep_line(void *ctx, const char *line)
{
	g_ptr_array_add(ctx, g_strdup(line));
}
/* formatted at once: a line's texts need not outlive the callback */
static void on_advice(void *ctx, const bnc_advice_line *l)
{
	struct walked *w = ctx;
	advice_format(l, 2, w->width, keep_line, w->advice);
}

/* Fields with their sources, the decision chain, the diagnostic text with
 * the deciding span highlighted, the deciding entry in its table, and what
 * it all means and what to do; first, what a resource cap left unread, if
 * anything did.  All of it from bnc_verdict_explain, the walk `explain` and
 * the JSON use too. */
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
	struct walked wk = {.steps = g_ptr_array_new(), .advice = g_ptr_array_new_with_free_func(g_free), .width = w};
	const bnc_explain_printer printer = {on_claim, on_step, on_span, on_source, on_advice};
	bnc_verdict_explain(v, &printer, &wk);

	pager_add(p, "Fields", C_TITLE, 0, 0, w);
	for (size_t i = 0; i < bnc_field_count(); i++) {
		bnc_field f = (bnc_field)i;
		const char *name = bnc_field_at(i);
		if (f == BNC_F_catch_ || f == BNC_F_diagnosticcode)
			continue;
		const char *src = wk.source[f];
		char *line = src && *src ? g_strdup_printf("  %-15s %-24s  <- %s", name, bnc_verdict_field(v, f), src)
		                         : g_strdup_printf("  %-15s %s", name, bnc_verdict_field(v, f));
		pager_add(p, line, -1, 0, 0, w);
		g_free(line);
	}
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Diagnostic text", C_TITLE, 0, 0, w);
	const bnc_step *d = wk.decider;
	if (d && wk.span_text && d->length && d->field && !strcmp(d->field, "diagnosticcode")) {
		pager_add(p, wk.span_text, -1, d->offset, d->length, w);
	} else {
		const char *diag = bnc_verdict_field(v, BNC_F_diagnosticcode);
		pager_add(p, *diag ? diag : "(none)", -1, 0, 0, w);
		if (d && wk.span_text && d->length) {   /* the span is in another field */
			pager_addf(p, -1, w, "  matched in %s:", d->field);
			pager_add(p, wk.span_text, -1, d->offset, d->length, w);
		}
	}
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Decision", C_TITLE, 0, 0, w);
	pager_addf(p, -1, w, "  claimed by %s", wk.claim ? wk.claim : "");
	for (guint i = 0; i < wk.steps->len; i++) {
		const bnc_step *st = g_ptr_array_index(wk.steps, i);
		GString *l = g_string_new(NULL);
		g_string_append_printf(l, "  %s %-9s %-14s", st->decided ? "=>" : "  ", st->stage,
		                       st->reason ? st->reason : "-");
		if (st->table)
			g_string_append_printf(l, " %s #%d", st->table, st->entry);
		if (st->note)
			g_string_append_printf(l, "  %s", st->note);
		pager_add(p, l->str, st->decided ? C_TAGGED : -1, 0, 0, w);
		g_string_free(l, TRUE);
	}
	const bnc_step *decided = bnc_verdict_decider(v);
	if (decided && decided->table) {
		pager_add(p, "", -1, 0, 0, w);
		table_context(p, decided, w);
	}
	if (wk.advice->len) {
		pager_add(p, "", -1, 0, 0, w);
		pager_add(p, "What it means and what to do", C_TITLE, 0, 0, w);
		for (guint i = 0; i < wk.advice->len; i++)
			pager_add(p, g_ptr_array_index(wk.advice, i), -1, 0, 0, w);
	}
	g_ptr_array_free(wk.steps, TRUE);
	g_ptr_array_free(wk.advice, TRUE);
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
