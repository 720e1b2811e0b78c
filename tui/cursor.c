/* cursor.c - the cursor and search prompt the list-like views share
 * (cursor.h): the list, the frequency view, the timeline, the tables. */
#include "cursor.h"
#include "ui.h"

int cursor_move(size_t *cur, size_t n, size_t page, enum action a)
{
	size_t last = n ? n - 1 : 0;
	switch (a) {
	case DO_DOWN: if (*cur + 1 < n) (*cur)++; return 1;
	case DO_UP: if (*cur) (*cur)--; return 1;
	case DO_PGDN: *cur = *cur + page < n ? *cur + page : last; return 1;
	case DO_PGUP: *cur = *cur > page ? *cur - page : 0; return 1;
	case DO_TOP: *cur = 0; return 1;
	case DO_BOTTOM: *cur = last; return 1;
	default: return 0;
	}
}

int cursor_mouse(size_t *cur, size_t top, size_t n, int first, int last, mmask_t *how)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return 0;
	if (how)
		*how = ev.bstate;
	if (ev.bstate & BUTTON4_PRESSED) {
		*cur = *cur > 3 ? *cur - 3 : 0;
	} else if (ev.bstate & BUTTON5_PRESSED) {
		*cur = *cur + 3 < n ? *cur + 3 : (n ? n - 1 : 0);
	} else if (ev.y >= first && ev.y <= last && top + (size_t)(ev.y - first) < n) {
		*cur = top + (size_t)(ev.y - first);
		return 1;
	}
	return 0;
}

int cursor_search_prompt(struct ui *ui)
{
	char *s = screen_prompt_history(ui, "search: ", NULL, HISTORY_SEARCH);
	if (!s || !*s) {
		g_free(s);
		return 0;
	}
	g_free(ui->search);
	ui->search = s;
	return 1;
}
