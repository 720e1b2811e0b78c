/* status.c - the bar at the bottom, shared by every view: counts, loading
 * progress, export progress, limit, sort, tags. */
#include <string.h>
#include "ui.h"

/* The bottom bar: counts, loading progress, limit, sort, tags, message. */
void view_status_bar(struct ui *ui)
{
	struct store *s = ui->store;
	GString *b = g_string_new(NULL);
	g_mutex_lock(&s->mu);
	size_t msgs = s->messages_done, bad = s->messages_bad, none = s->messages_none, rows = s->rows->len;
	int loading = s->loading, counted = s->counted, has_mbox = s->has_mbox;
	size_t total = s->files_total;
	double done = s->files_done;
	size_t followed = s->followed;
	double t = (loading ? g_get_monotonic_time() / 1e6 : s->finished) - s->started;
	g_mutex_unlock(&s->mu);
	g_string_append_printf(b, " %zu messages, %zu verdicts", msgs, rows - bad - none);
	if (bad)
		g_string_append_printf(b, ", %zu undecodable", bad);
	if (none)   /* what Sisimai users look for: what was not decoded */
		g_string_append_printf(b, ", %zu without verdict", none);
	if (loading && s->stop) {   /* at once, even while a slow message decodes */
		g_string_append(b, " | loading stopped");
	} else if (loading) {
		g_string_append(b, " | loading");
		if (counted && total) {
			double pct = 100.0 * done / (double)total;
			g_string_append_printf(b, " %.0f%%", pct < 99.0 ? pct : 99.0);
			if (!has_mbox)
				g_string_append_printf(b, " (%zu of %zu)", msgs, total);
		}
		g_string_append_printf(b, ", %.0f msg/s (C-c stops)", t > 0 ? msgs / t : 0.0);
	} else if (s->stop) {
		g_string_append(b, " | loading stopped");
	}
	else
		g_string_append_printf(b, " | loaded in %.1f s", t);
	if (ui->follow)
		g_string_append_printf(b, " | following, %zu new", followed);
	ui_export_status(ui, b);
	struct view *top = g_ptr_array_index(ui->views, ui->views->len - 1);
	if (top->ops->status)
		top->ops->status(ui, top, b);
	g_string_append_printf(b, " | shown %u", ui->shown->len);
	if (ui->limit_text)
		g_string_append_printf(b, " | limit: %s", ui->limit_text);
	g_string_append_printf(b, " | sort: %s%s", ui_sort_name(ui->sort), ui->reverse ? " (reversed)" : "");
	if (ui->ntagged)
		g_string_append_printf(b, " | tagged %zu", ui->ntagged);
	int y = LINES - 2;
	attrset(screen_attr(ui, C_BAR));
	screen_text(y, 0, b->str, COLS, 1);
	attrset(A_NORMAL);
	move(LINES - 1, 0);
	clrtoeol();
	if (*ui->message) {
		screen_text(LINES - 1, 0, ui->message, COLS, 0);
	} else {
		struct view *v = g_ptr_array_index(ui->views, ui->views->len - 1);
		char hints[256];
		keys_hints(v->ops->bit, hints, sizeof hints);
		screen_text(LINES - 1, 0, hints, COLS, 0);
	}
	g_string_free(b, TRUE);
}
