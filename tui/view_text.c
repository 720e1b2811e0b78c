/* view_text.c - a page of text that came from elsewhere (what a command
 * printed), sanitised by the pager like everything else. */
#include "ui.h"

struct text_state {
	struct pager *pager;
	char *text;
	int built_for_cols;
};

static void draw(struct ui *ui, struct view *v)
{
	struct text_state *st = v->state;
	if (st->built_for_cols != COLS) {
		pager_clear(st->pager);
		pager_add(st->pager, st->text, -1, 0, 0, COLS > 20 ? COLS - 1 : 20);
		st->built_for_cols = COLS;
	}
	pager_draw(ui, st->pager);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct text_state *st = v->state;
	return pager_act(ui, st->pager, a, key);
}

static void text_free(struct view *v)
{
	struct text_state *st = v->state;
	pager_free(st->pager);
	g_free(st->text);
	g_free(st);
}

static const struct view_ops text_ops = {"output", VW_TEXT, draw, act, text_free, NULL};

struct view *view_text_new(struct ui *ui, const char *title, const char *text, size_t len)
{
	(void)ui;
	struct text_state *st = g_new0(struct text_state, 1);
	st->pager = pager_new(title);
	st->text = g_strndup(text, len);   /* NUL bytes end it: they carry nothing to show */
	struct view *v = g_new0(struct view, 1);
	v->ops = &text_ops;
	v->state = st;
	return v;
}
