/* view_time.c - what the limit shows, per hour or per day (lnav's
 * histogram): one bar a bucket, its hard, soft and other parts in their
 * colours, its commonest reasons beside it; Enter opens the list on the
 * bucket's span, z changes hours for days. */
#include <string.h>
#include <time.h>
#include "cursor.h"
#include "ui.h"
#include "group.h"

#define HOUR 3600
#define DAY 86400
#define MAX_BUCKETS 20000

struct time_state {
	int64_t width;           /* HOUR or DAY; 0: choose from the span */
	size_t cur, top;
	int at_end;              /* the cursor starts on the newest bucket */
	GArray *buckets;
	size_t undated;
	unsigned gen;
	guint len;
	const struct limit *limit;
	gint64 when;
};

static int page(void)
{
	return LINES > 5 ? LINES - 5 : 1;
}

static void refresh_buckets(struct ui *ui, struct time_state *st)
{
	struct store *s = ui->store;
	int changed = !st->buckets || st->gen != s->generation || st->len != ui->shown->len || st->limit != ui->limit;
	if (!changed || (st->buckets && s->loading && g_get_monotonic_time() - st->when < 500000))
		return;
	if (st->buckets) {   /* made again below, for the width already chosen */
		g_array_free(st->buckets, TRUE);
		st->buckets = NULL;
	}
	const struct row *rows = (const struct row *)(const void *)s->rows->data;
	const guint32 *idx = (const guint32 *)(const void *)ui->shown->data;
	int64_t w = st->width;
	if (!w) {   /* hours for a fortnight or less, else days */
		st->buckets = buckets_compute(rows, idx, ui->shown->len, HOUR, MAX_BUCKETS, &st->undated);
		w = st->buckets->len <= 14 * 24 ? HOUR : DAY;
		if (w == DAY) {
			g_array_free(st->buckets, TRUE);
			st->buckets = NULL;
		}
		st->width = w;
	}
	if (!st->buckets)
		st->buckets = buckets_compute(rows, idx, ui->shown->len, w, MAX_BUCKETS, &st->undated);
	st->gen = s->generation;
	st->len = ui->shown->len;
	st->limit = ui->limit;
	st->when = g_get_monotonic_time();
	if (st->at_end && st->buckets->len)
		st->cur = st->buckets->len - 1;
	if (st->cur >= st->buckets->len)   /* fewer bars than before */
		st->cur = st->buckets->len ? st->buckets->len - 1 : 0;
	if (st->top > st->cur)
		st->top = st->cur;
}

static void label(int64_t from, int64_t width, char *buf, size_t size)
{
	time_t t = (time_t)from;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, width == DAY ? "%Y-%m-%d %a" : "%Y-%m-%d %H:00", &tm);
}

static void draw(struct ui *ui, struct view *v)
{
	struct time_state *st = v->state;
	g_mutex_lock(&ui->store->mu);
	refresh_buckets(ui, st);
	size_t n = st->buckets->len, most = 1, total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bucket *b = &g_array_index(st->buckets, struct bucket, i);
		most = b->count > most ? b->count : most;
		total += b->count;
	}
	if (st->cur >= n)
		st->cur = n ? n - 1 : 0;
	if (st->cur < st->top)
		st->top = st->cur;
	if (st->cur >= st->top + (size_t)page())
		st->top = st->cur - (size_t)page() + 1;
	const char *unit = st->width == DAY ? "day" : "hour";
	char undated[48] = "";
	if (st->undated)
		g_snprintf(undated, sizeof undated, ", %zu without a date", st->undated);
	char *title = g_strdup_printf("Verdicts per %s (UTC): %zu in %zu %ss%s%s (z: per %s, Enter: their list)", unit,
	                              total, n, unit, undated, ui->limit_text ? " | limit set" : "",
	                              st->width == DAY ? "hour" : "day");
	attrset(screen_attr(ui, C_TITLE));
	screen_text(0, 0, title, COLS, 1);
	g_free(title);
	/* label (16), count (8), the bar, the reasons after it */
	int barw = COLS - 16 - 1 - 8 - 2 - 30;
	if (barw < 10)
		barw = COLS - 27 > 4 ? COLS - 27 : 4;
	const char *block = screen_ascii ? "#" : "\u2588";
	for (int i = 0; i < page(); i++) {
		size_t k = st->top + (size_t)i;
		int y = i + 1;
		if (k >= n)
			break;
		const struct bucket *b = &g_array_index(st->buckets, struct bucket, k);
		char lab[32];
		label(b->from, st->width, lab, sizeof lab);
		char head[64];
		g_snprintf(head, sizeof head, "%-16s %8zu ", lab, b->count);
		int selected = k == st->cur;
		attrset(selected ? screen_attr(ui, C_SELECT) : (int)A_NORMAL);
		int x = screen_text(y, 0, head, COLS, 0);
		/* the bar: hard, soft and other, each its length of the whole */
		size_t parts[3] = {b->hard, b->soft, b->other};
		enum colour_elem elems[3] = {C_HARD, C_SOFT, C_OTHER};
		int cells = (int)((double)b->count / (double)most * barw + 0.5), used = 0;
		if (b->count && !cells)
			cells = 1;
		for (int p = 0; p < 3; p++) {
			int c = p == 2 ? cells - used : (int)((double)parts[p] / (double)(b->count ? b->count : 1) * cells + 0.5);
			if (c > cells - used)
				c = cells - used;
			attrset(screen_attr_selected(ui, elems[p], selected));
			for (int j = 0; j < c && x < COLS; j++)
				x += screen_safe(y, x, block, 1, 0);
			used += c;
		}
		attrset(selected ? screen_attr(ui, C_SELECT) : (int)A_NORMAL);
		for (; used < barw && x < COLS; used++)
			x += screen_safe(y, x, " ", 1, 0);
		GString *why = g_string_new(" ");
		for (int t = 0; t < GROUP_TOP_REASONS && b->top[t]; t++)
			g_string_append_printf(why, " %s %zu", b->top[t], b->top_n[t]);
		attrset(selected ? screen_attr(ui, C_SELECT) : (int)A_NORMAL);
		if (x < COLS)
			screen_text(y, x, why->str, COLS - x, 1);
		g_string_free(why, TRUE);
	}
	attrset(A_NORMAL);
	if (!n)
		screen_text(2, 2, "no verdict shown has a date", COLS - 2, 0);
	g_mutex_unlock(&ui->store->mu);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct time_state *st = v->state;
	size_t n = st->buckets ? st->buckets->len : 0, pg = (size_t)page();
	if (a != DO_NONE || key == KEY_MOUSE)
		st->at_end = 0;
	if (key == KEY_MOUSE) {
		cursor_mouse(&st->cur, st->top, n, 1, page(), NULL);
		return 1;
	}
	if (cursor_move(&st->cur, n, pg, a))
		return 1;
	switch (a) {
	case DO_ZOOM: {
		/* keep the moment under the cursor: out, the day holding the
		 * hour; in, the day's first hour with verdicts */
		int64_t at = n ? g_array_index(st->buckets, struct bucket, st->cur).from : 0, span = st->width;
		st->width = st->width == DAY ? HOUR : DAY;
		g_array_free(st->buckets, TRUE);
		st->buckets = NULL;
		g_mutex_lock(&ui->store->mu);
		refresh_buckets(ui, st);
		g_mutex_unlock(&ui->store->mu);
		int placed = 0;
		for (guint i = 0; i < st->buckets->len && !placed; i++) {
			const struct bucket *b = &g_array_index(st->buckets, struct bucket, i);
			if (st->width == DAY ? at >= b->from && at < b->from + DAY
			                     : b->from >= at && b->from < at + span && b->count) {
				st->cur = i;
				placed = 1;
			}
		}
		return 1;
	}
	case DO_OPEN: {
		if (!n)
			return 1;
		const struct bucket *b = &g_array_index(st->buckets, struct bucket, st->cur);
		char *term = bucket_limit(b->from, st->width), lab[32];
		label(b->from, st->width, lab, sizeof lab);
		char *what = g_strdup_printf("the %s of %s", st->width == DAY ? "day" : "hour", lab);
		ui_drill_down(ui, term, what);
		g_free(what);
		g_free(term);
		return 1;
	}
	default:
		return 0;
	}
}

static void time_free(struct view *v)
{
	struct time_state *st = v->state;
	if (st->buckets)
		g_array_free(st->buckets, TRUE);
	g_free(st);
}

static const struct view_ops time_ops = {"timeline", VW_TIME, draw, act, time_free, NULL};

struct view *view_time_new(struct ui *ui)
{
	(void)ui;
	struct time_state *st = g_new0(struct time_state, 1);
	st->at_end = 1;
	struct view *v = g_new0(struct view, 1);
	v->ops = &time_ops;
	v->state = st;
	return v;
}
