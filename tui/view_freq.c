/* view_freq.c - what the limit shows, grouped by a field (visidata's
 * Shift-F): each value with its count, share, hard, soft and other counts
 * and its commonest reasons; Tab changes the field, o sorts by count or by
 * value, Enter opens the list on the group's verdicts. */
#include <string.h>
#include "cursor.h"
#include "ui.h"
#include "group.h"

struct freq_state {
	enum group_field field;
	enum group_order order;
	int reverse;
	size_t cur, top;
	GArray *groups;          /* struct group, or NULL: to compute */
	size_t total;            /* rows grouped */
	unsigned gen;            /* what they were computed from */
	guint len;
	const struct limit *limit;
	gint64 when;             /* g_get_monotonic_time() of the last count */
};

static int page(void)
{
	return LINES > 5 ? LINES - 5 : 1;   /* title, header, bar, message, one spare */
}

/* Count again when what is shown changed: at most twice a second while
 * loading, a count over 200,000 rows taking tens of milliseconds. */
static void refresh_groups(struct ui *ui, struct freq_state *st)
{
	struct store *s = ui->store;
	int changed = !st->groups || st->gen != s->generation || st->len != ui->shown->len || st->limit != ui->limit;
	if (!changed || (st->groups && s->loading && g_get_monotonic_time() - st->when < 500000))
		return;
	groups_free(st->groups);
	st->groups = groups_compute((const struct row *)(const void *)s->rows->data,
	                            (const guint32 *)(const void *)ui->shown->data, ui->shown->len, st->field, st->order,
	                            st->reverse);
	st->total = ui->shown->len;
	st->gen = s->generation;
	st->len = ui->shown->len;
	st->limit = ui->limit;
	st->when = g_get_monotonic_time();
}

static void invalidate(struct freq_state *st)
{
	groups_free(st->groups);
	st->groups = NULL;
}

static void draw(struct ui *ui, struct view *v)
{
	struct freq_state *st = v->state;
	g_mutex_lock(&ui->store->mu);
	refresh_groups(ui, st);
	size_t n = st->groups->len;
	if (st->cur >= n)
		st->cur = n ? n - 1 : 0;
	if (st->cur < st->top)
		st->top = st->cur;
	if (st->cur >= st->top + (size_t)page())
		st->top = st->cur - (size_t)page() + 1;
	char *title = g_strdup_printf("Verdicts by %s: %zu values, %zu verdicts%s%s (Tab: another field, o: by %s, "
	                              "Enter: their list)", group_field_name(st->field), n, st->total,
	                              ui->limit_text ? " | limit: " : "", ui->limit_text ? ui->limit_text : "",
	                              st->order == ORDER_COUNT ? "value" : "count");
	attrset(screen_attr(ui, C_TITLE));
	screen_text(0, 0, title, COLS, 1);
	g_free(title);
	/* value takes what the numbers leave, at least 12 cells */
	int vw = COLS - 38 > 12 ? (COLS - 38 > 40 ? 40 : COLS - 38) : 12;
	char head[256];
	g_snprintf(head, sizeof head, "%-*s %8s %6s %7s %7s %7s  %s", vw, group_field_name(st->field), "count", "share",
	           "hard", "soft", "other", st->field != GROUP_REASON ? "commonest reasons" : "");
	attrset(screen_attr(ui, C_TITLE) | A_UNDERLINE);
	screen_text(1, 0, head, COLS, 1);
	attrset(A_NORMAL);
	for (int i = 0; i < page() - 1; i++) {
		size_t k = st->top + (size_t)i;
		if (k >= n)
			break;
		const struct group *g = &g_array_index(st->groups, struct group, k);
		char *safe = bnc_sanitize(*g->value ? g->value : "(none)", strlen(*g->value ? g->value : "(none)"));
		char *shown = screen_display(safe), *fit = cell_fit(shown, vw, st->field == GROUP_PROVIDER);
		GString *line = g_string_new(fit);
		for (int c = cell_width(fit); c < vw; c++)
			g_string_append_c(line, ' ');
		g_string_append_printf(line, " %8zu %5.1f%% %7zu %7zu %7zu ", g->count,
		                       st->total ? 100.0 * (double)g->count / (double)st->total : 0.0, g->hard, g->soft,
		                       g->other);
		for (int t = 0; st->field != GROUP_REASON && t < GROUP_TOP_REASONS && g->top[t]; t++)
			g_string_append_printf(line, " %s %zu", g->top[t], g->top_n[t]);
		attrset(k == st->cur ? screen_attr(ui, C_SELECT) : (int)A_NORMAL);
		screen_text(i + 2, 0, line->str, COLS, 1);
		g_string_free(line, TRUE);
		g_free(fit);
		g_free(shown);
		bnc_free(safe);
	}
	attrset(A_NORMAL);
	if (!n)
		screen_text(3, 2, "nothing to group: the limit shows no verdict", COLS - 2, 0);
	g_mutex_unlock(&ui->store->mu);
}

static void search(struct ui *ui, struct freq_state *st, int dir)
{
	size_t n = st->groups ? st->groups->len : 0;
	if (!ui->search || !*ui->search || !n) {
		ui_message(ui, ui->search ? "not found: %s" : "no search yet: press /", ui->search);
		return;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (st->cur + k) % n : (st->cur + n - k % n) % n;
		if (strcasestr(g_array_index(st->groups, struct group, i).value, ui->search)) {
			int wrapped = dir > 0 ? st->cur + k >= n : k > st->cur;
			st->cur = i;
			ui_message(ui, wrapped ? "search wrapped" : "found");
			return;
		}
	}
	ui_message(ui, "not found: %s", ui->search);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct freq_state *st = v->state;
	size_t n = st->groups ? st->groups->len : 0, pg = (size_t)page() - 1;
	if (key == KEY_MOUSE) {
		cursor_mouse(&st->cur, st->top, n, 2, page(), NULL);   /* rows below the header line */
		return 1;
	}
	if (cursor_move(&st->cur, n, pg, a))
		return 1;
	switch (a) {
	case DO_GROUP_NEXT:
	case DO_GROUP_PREV:
		st->field = (enum group_field)((st->field + (a == DO_GROUP_NEXT ? 1 : GROUP__COUNT - 1)) % GROUP__COUNT);
		st->cur = st->top = 0;
		invalidate(st);
		return 1;
	case DO_SORT:
		st->order = st->order == ORDER_COUNT ? ORDER_VALUE : ORDER_COUNT;
		invalidate(st);
		return 1;
	case DO_SORT_REVERSE:
		st->reverse = !st->reverse;
		invalidate(st);
		return 1;
	case DO_SEARCH:
		if (cursor_search_prompt(ui))
			search(ui, st, 1);
		return 1;
	case DO_NEXT: search(ui, st, 1); return 1;
	case DO_PREV: search(ui, st, -1); return 1;
	case DO_OPEN: {
		if (!n)
			return 1;
		const struct group *g = &g_array_index(st->groups, struct group, st->cur);
		char *term = group_limit(st->field, g->value);
		char *what = g_strdup_printf("%s %s", group_field_name(st->field), *g->value ? g->value : "(none)");
		ui_drill_down(ui, term, what);   /* this view is closed then */
		g_free(what);
		g_free(term);
		return 1;
	}
	default:
		return 0;
	}
}

static void freq_free(struct view *v)
{
	struct freq_state *st = v->state;
	groups_free(st->groups);
	g_free(st);
}

static const struct view_ops freq_ops = {"frequency", VW_FREQ, draw, act, freq_free, NULL};

struct view *view_freq_new(struct ui *ui)
{
	(void)ui;
	struct freq_state *st = g_new0(struct freq_state, 1);
	st->field = GROUP_REASON;
	struct view *v = g_new0(struct view, 1);
	v->ops = &freq_ops;
	v->state = st;
	return v;
}
