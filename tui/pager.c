/* pager.c - a scrollable, searchable page of lines: the detail, raw and help
 * views are built of it.  Text is sanitised when added, so drawing is plain. */
#include <stdarg.h>
#include <string.h>
#include "cursor.h"
#include "ui.h"

struct pline {
	char *text;              /* sanitised */
	int elem;                /* colour of the whole line, -1 none */
	size_t hl_off, hl_len;   /* highlighted bytes of text */
};

struct pager {
	char *title;
	GArray *lines;           /* struct pline */
	size_t top;
	size_t found;            /* line of the last search hit, or -1 */
	size_t found_off, found_len;   /* the match's bytes in that line */
};

static void pline_clear(gpointer p)
{
	g_free(((struct pline *)p)->text);
}

struct pager *pager_new(const char *title)
{
	struct pager *p = g_new0(struct pager, 1);
	p->title = g_strdup(title);
	p->lines = g_array_new(FALSE, TRUE, sizeof(struct pline));
	g_array_set_clear_func(p->lines, pline_clear);
	p->found = (size_t)-1;
	return p;
}

void pager_set_title(struct pager *p, const char *title)
{
	g_free(p->title);
	p->title = g_strdup(title);
}

void pager_free(struct pager *p)
{
	if (!p)
		return;
	g_array_free(p->lines, TRUE);
	g_free(p->title);
	g_free(p);
}

void pager_clear(struct pager *p)
{
	g_array_set_size(p->lines, 0);
	p->found = (size_t)-1;
}

size_t pager_lines(const struct pager *p)
{
	return p->lines->len;
}

const char *pager_line(const struct pager *p, size_t i, int *elem, size_t *hl_off, size_t *hl_len)
{
	if (i >= p->lines->len)
		return NULL;
	const struct pline *l = &g_array_index(p->lines, struct pline, i);
	if (elem)
		*elem = l->elem;
	if (hl_off)
		*hl_off = l->hl_off;
	if (hl_len)
		*hl_len = l->hl_len;
	return l->text;
}

static void push(struct pager *p, char *text, int elem, size_t off, size_t len)
{
	struct pline l = {text, elem, off, len};
	g_array_append_val(p->lines, l);
}

/* Sanitise before/span/after apart so the highlight keeps its place, then
 * cut into lines of at most width cells (and at newlines). */
void pager_add(struct pager *p, const char *s, int elem, size_t hl_off, size_t hl_len, int width)
{
	size_t n = strlen(s);
	if (hl_off > n)
		hl_off = n;
	if (hl_off + hl_len > n)
		hl_len = n - hl_off;
	GString *all = g_string_new(NULL);
	size_t off = 0, len = 0;
	/* newlines in the text become line breaks; sanitise each piece */
	const char *parts[3] = {s, s + hl_off, s + hl_off + hl_len};
	size_t lens[3] = {hl_off, hl_len, n - hl_off - hl_len};
	for (int k = 0; k < 3; k++) {
		if (k == 1)
			off = all->len;
		const char *q = parts[k], *end = parts[k] + lens[k];
		while (q < end) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));
			const char *stop = nl ? nl : end;
			/* a tab becomes one space: byte offsets of the highlight hold */
			char *piece = g_strndup(q, (size_t)(stop - q));
			for (char *t = piece; *t; t++)
				if (*t == '\t')
					*t = ' ';
			char *safe = bnc_sanitize(piece, strlen(piece)), *shown = screen_display(safe);
			g_free(piece);
			g_string_append(all, shown);
			g_free(shown);
			bnc_free(safe);
			if (nl)
				g_string_append_c(all, '\n');
			q = nl ? nl + 1 : end;
		}
		if (k == 1)
			len = all->len - off;
	}
	if (width < 8)
		width = 8;
	/* split into screen lines */
	const char *base = all->str, *q = base;
	do {
		const char *start = q;
		int cells = 0;
		while (*q && *q != '\n') {
			gunichar c = g_utf8_get_char(q);
			int cw = g_unichar_iswide(c) ? 2 : g_unichar_iszerowidth(c) ? 0 : 1;
			if (cells + cw > width)
				break;
			cells += cw;
			q = g_utf8_next_char(q);
		}
		size_t so = (size_t)(start - base), eo = (size_t)(q - base);
		size_t lo = 0, ll = 0;
		if (len && off < eo && off + len > so) {
			size_t a = off > so ? off : so, b = off + len < eo ? off + len : eo;
			lo = a - so;
			ll = b - a;
		}
		push(p, g_strndup(start, eo - so), elem, lo, ll);
		if (*q == '\n')
			q++;
	} while (*q);
	g_string_free(all, TRUE);
}

void pager_addf(struct pager *p, int elem, int width, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pager_add(p, s, elem, 0, 0, width);
	g_free(s);
}

void pager_scroll_to(struct pager *p, size_t line)
{
	p->top = line;
}

static size_t page_height(void)
{
	return LINES > 3 ? (size_t)(LINES - 3) : 1;
}

/* Draw text[from, to) at x with attr; returns the new x. */
static int piece(int y, int x, const char *text, size_t from, size_t to, int attr)
{
	if (to <= from || x >= COLS)
		return x;
	char *t = g_strndup(text + from, to - from);
	attrset(attr);
	x += screen_safe(y, x, t, COLS - x, 0);
	g_free(t);
	return x;
}

void pager_draw(struct ui *ui, struct pager *p)
{
	size_t h = page_height(), n = p->lines->len;
	if (n > h && p->top > n - h)
		p->top = n - h;
	if (n <= h)
		p->top = 0;
	attrset(screen_attr(ui, C_TITLE));
	move(0, 0);
	clrtoeol();
	screen_text(0, 0, p->title, COLS, 0);
	int mark = screen_attr(ui, C_MARK);
	for (size_t i = 0; i < h; i++) {
		int y = (int)i + 1;
		attrset(A_NORMAL);
		move(y, 0);
		clrtoeol();
		if (p->top + i >= n)
			continue;
		struct pline *l = &g_array_index(p->lines, struct pline, p->top + i);
		int base = l->elem >= 0 ? screen_attr(ui, (enum colour_elem)l->elem) : (int)A_NORMAL;
		/* two spans may be marked: the line's own (the deciding text) and
		 * the search's match, which goes in reverse video over it */
		size_t len = strlen(l->text), cut[4] = {l->hl_off, l->hl_off + l->hl_len, len, len};
		if (p->top + i == p->found && p->found_len) {
			cut[2] = p->found_off;
			cut[3] = p->found_off + p->found_len;
		}
		int x = 0;
		size_t at = 0;
		while (at < len) {
			int in_hl = l->hl_len && at >= cut[0] && at < cut[1];
			int in_found = at >= cut[2] && at < cut[3];
			size_t next = len;
			for (int k = 0; k < 4; k++)
				if (cut[k] > at && cut[k] < next)
					next = cut[k];
			int attr = in_found ? (mark | (int)(A_REVERSE | A_BOLD)) : in_hl ? mark : base;
			x = piece(y, x, l->text, at, next, attr);
			at = next;
		}
	}
	attrset(A_NORMAL);
}

/* The first match of needle in the line, case ignored: its bytes. */
static int line_match(struct pager *p, size_t i, const char *needle, size_t *off)
{
	const char *t = g_array_index(p->lines, struct pline, i).text;
	const char *m = strcasestr(t, needle);
	if (!m)
		return 0;
	*off = (size_t)(m - t);
	return 1;
}

static void search(struct ui *ui, struct pager *p, int dir)
{
	if (!ui->search || !*ui->search) {
		ui_message(ui, "no search yet: press /");
		return;
	}
	long n = (long)p->lines->len;
	/* from the last match, or (a new search) from the first line shown */
	long start = p->found != (size_t)-1 ? (long)p->found : dir > 0 ? (long)p->top - 1 : (long)p->top;
	for (long k = 1; k <= n; k++) {
		long j = start + (dir > 0 ? k : -k);
		size_t i = (size_t)(((j % n) + n) % n), off;
		if (line_match(p, i, ui->search, &off)) {
			p->found = i;
			p->found_off = off;
			p->found_len = strlen(ui->search);
			if (i < p->top || i >= p->top + page_height())
				p->top = i > 2 ? i - 2 : 0;
			if (j >= n || j < 0)
				ui_message(ui, "search wrapped to the %s: line %zu", dir > 0 ? "top" : "bottom", i + 1);
			else
				ui_message(ui, "found on line %zu", i + 1);
			return;
		}
	}
	ui_message(ui, "not found: %s", ui->search);
}

/* The mouse wheel scrolls; returns 1 when the event was one. */
static int mouse(struct pager *p, int key)
{
	if (key != KEY_MOUSE)
		return 0;
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return 1;
	size_t h = page_height(), n = p->lines->len;
	if (ev.bstate & BUTTON4_PRESSED)
		p->top = p->top > 3 ? p->top - 3 : 0;
	else if (ev.bstate & BUTTON5_PRESSED)
		p->top = p->top + h + 3 <= n ? p->top + 3 : (n > h ? n - h : 0);
	return 1;
}

int pager_act(struct ui *ui, struct pager *p, enum action a, int key)
{
	size_t h = page_height(), n = p->lines->len;
	if (mouse(p, key))
		return 1;
	switch (a) {
	case DO_DOWN: if (p->top + h < n) p->top++; return 1;
	case DO_UP: if (p->top) p->top--; return 1;
	case DO_PGDN: p->top = p->top + h < n ? p->top + h : p->top; return 1;
	case DO_PGUP: p->top = p->top > h ? p->top - h : 0; return 1;
	case DO_TOP: p->top = 0; return 1;
	case DO_BOTTOM: p->top = n > h ? n - h : 0; return 1;
	case DO_SEARCH:
		if (cursor_search_prompt(ui)) {
			p->found = (size_t)-1;
			search(ui, p, 1);
		}
		return 1;
	case DO_NEXT: search(ui, p, 1); return 1;
	case DO_PREV: search(ui, p, -1); return 1;
	default: return 0;
	}
}
