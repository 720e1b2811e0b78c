/* columns.c - widths of the list's columns from the terminal's width, and
 * values cut to fit with the cut marked.
 *
 * Fixed widths once added up to 99 columns: at 80 the decoder vanished and
 * reasons were cut unmarked.  Here every column has a narrowest and a wanted
 * width and a priority, so all of them fit at 80 and the more important
 * ones are served first.
 */
#include <string.h>
#include <glib.h>
#include "columns.h"

static const struct column_info columns[COL__COUNT] = {
#define LIST_COLUMN_INFO(id, title, min, want, prio, left) [COL_##id] = {title, min, want, prio, left},
	LIST_COLUMN_TABLE(LIST_COLUMN_INFO)
#undef LIST_COLUMN_INFO
};

const struct column_info *column_info(enum list_column c)
{
	return &columns[c];
}

int column_by_name(const char *name)
{
	for (int c = 0; c < COL__COUNT; c++)
		if (*columns[c].title && !g_ascii_strcasecmp(columns[c].title, name))
			return c;
	if (!g_ascii_strcasecmp(name, "tag"))
		return COL_TAG;
	return -1;
}

/* The slack beyond what every column wants goes to these, up to a width
 * past which more rarely shows more; the recipient then takes the rest. */
static const struct {
	int column, upto;
} slack[] = {{COL_RECIPIENT, 44}, {COL_RHOST, 40}, {COL_RECIPIENT, 1 << 20}};

int columns_layout(const int *ids, int n, int cols, int *widths)
{
	int shown = n;
	for (int i = 0; i < n; i++)
		widths[i] = columns[ids[i]].min;
	/* too narrow even so: leave out the lowest priorities */
	for (;;) {
		int need = shown > 0 ? shown - 1 : 0;
		for (int i = 0; i < n; i++)
			need += widths[i];
		if (need <= cols || !shown)
			break;
		int worst = -1;
		for (int i = 0; i < n; i++)
			if (widths[i] && (worst < 0 || columns[ids[i]].priority > columns[ids[worst]].priority))
				worst = i;
		widths[worst] = 0;
		shown--;
	}
	int left = cols - (shown > 0 ? shown - 1 : 0);
	for (int i = 0; i < n; i++)
		left -= widths[i];
	for (int prio = 0; prio <= 99 && left > 0; prio++)
		for (int i = 0; i < n && left > 0; i++) {
			const struct column_info *c = &columns[ids[i]];
			if (c->priority != prio || !widths[i] || widths[i] >= c->want)
				continue;
			int more = c->want - widths[i];
			if (more > left)
				more = left;
			widths[i] += more;
			left -= more;
		}
	for (size_t s = 0; s < G_N_ELEMENTS(slack) && left > 0; s++)
		for (int i = 0; i < n && left > 0; i++) {
			if (ids[i] != slack[s].column || !widths[i] || widths[i] >= slack[s].upto)
				continue;
			int more = slack[s].upto - widths[i];
			if (more > left)
				more = left;
			widths[i] += more;
			left -= more;
		}
	return shown;
}

static int ascii_only;

void cell_set_ascii(int ascii)
{
	ascii_only = ascii;
}

const char *cell_marker(void)
{
	return ascii_only ? "~" : "\u2026";
}

static int char_cells(gunichar c)
{
	return g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
}

int cell_width(const char *s)
{
	int w = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		w += char_cells(g_utf8_get_char(p));
	return w;
}

char *cell_fit(const char *s, int width, int cut_left)
{
	if (width <= 0)
		return g_strdup("");
	if (cell_width(s) <= width)
		return g_strdup(s);
	int room = width - 1;   /* the marker takes one cell */
	GString *o = g_string_new(NULL);
	if (!cut_left) {
		int w = 0;
		const char *p = s;
		for (; *p; p = g_utf8_next_char(p)) {
			int cw = char_cells(g_utf8_get_char(p));
			if (w + cw > room)
				break;
			w += cw;
		}
		g_string_append_len(o, s, p - s);
		g_string_append(o, cell_marker());
	} else {
		int w = 0;
		const char *p = s + strlen(s);
		while (p > s) {
			const char *prev = g_utf8_find_prev_char(s, p);
			int cw = char_cells(g_utf8_get_char(prev));
			if (w + cw > room)
				break;
			w += cw;
			p = prev;
		}
		/* from a label's start, when what stays still has two: a host
		 * keeps whole the labels of its domain */
		const char *dot = p > s && p[-1] != '.' ? strchr(p, '.') : NULL;
		if (dot && strchr(dot + 1, '.'))
			p = dot + 1;
		else if (*p == '.' && strchr(p + 1, '.'))
			p++;
		g_string_append(o, cell_marker());
		g_string_append(o, p);
	}
	return g_string_free(o, FALSE);
}
