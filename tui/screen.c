/* screen.c - curses set-up, colours that degrade, and text drawing that only
 * ever puts sanitised, width-measured characters on the terminal. */
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "ui.h"

static SCREEN *screen;
int screen_ascii;

char *screen_display(const char *safe)
{
	if (!screen_ascii)
		return g_strdup(safe);
	GString *o = g_string_sized_new(strlen(safe) + 8);
	for (const char *p = safe; *p;) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {   /* sanitised text has none */
			g_string_append_c(o, '?');
			p++;
			continue;
		}
		if (c < 0x80)
			g_string_append_c(o, (char)c);
		else if (c >= 0x2400 && c < 0x2420)   /* a control's picture: ^X */
			g_string_append_printf(o, "^%c", (char)(c - 0x2400 + 0x40));
		else if (c == 0x2421)
			g_string_append(o, "^?");
		else if (c == 0xFFFD)
			g_string_append_c(o, '?');
		else
			g_string_append_printf(o, "<U+%04X>", (unsigned)c);
		p = g_utf8_next_char(p);
	}
	return g_string_free(o, FALSE);
}

void screen_start(struct ui *ui, FILE *keyboard)
{
	/* no UTF-8 terminal: text is shown escaped, cuts marked in ASCII */
	screen_ascii = g_ascii_strcasecmp(nl_langinfo(CODESET), "UTF-8") != 0;
	cell_set_ascii(screen_ascii);
	screen = newterm(NULL, stdout, keyboard ? keyboard : stdin);
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
	          NULL);
	mouseinterval(0);
	ui->colour = 0;
	const char *nc = getenv("NO_COLOR");
	if (has_colors() && !(nc && *nc)) {
		start_color();
		use_default_colors();
		for (int e = 0; e < C__COUNT; e++)
			init_pair((short)(e + 1), colour_prefs[e].fg, colour_prefs[e].bg);
		ui->colour = 1;
	}
}

volatile sig_atomic_t ui_terminating;

void screen_end(void)
{
	endwin();
	delscreen(screen);
	screen = NULL;
}

int screen_attr(struct ui *ui, enum colour_elem e)
{
	if (ui->colour)
		return (int)COLOR_PAIR(e + 1) | colour_prefs[e].attr;
	/* monochrome: keep the distinctions that matter with attributes */
	return colour_prefs[e].mono;
}

int screen_attr_selected(struct ui *ui, enum colour_elem e, int selected)
{
	int a = screen_attr(ui, e);
	if (selected)   /* the selection's attributes over the element's colours */
		a |= ui->colour ? colour_prefs[C_SELECT].attr : colour_prefs[C_SELECT].mono;
	return a;
}

int screen_width(const char *s)
{
	int w = 0;
	mbstate_t st = {0};
	const char *p = s, *end = s + strlen(s);
	while (p < end) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, (size_t)(end - p), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		p += n;
	}
	return w;
}

int screen_safe(int y, int x, const char *s, int width, int pad)
{
	int used = 0;
	mbstate_t st = {0};
	const char *p = s, *end = s + strlen(s);
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;   /* off the screen: nothing, rather than at the cursor */
	if (width > COLS - x)
		width = COLS - x;
	move(y, x);
	if (screen_ascii) {   /* display text (screen_display): one byte a cell */
		for (; *p && used < width; p++, used++)
			addch((unsigned char)*p < 0x80 ? (chtype)(unsigned char)*p : '?');
		for (; pad && used < width; used++)
			addch(' ');
		return used;
	}
	while (p < end && used < width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, (size_t)(end - p), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		int cw = wcwidth(wc);
		if (cw < 0) {    /* sanitised text has none; be safe anyway */
			p += n;
			continue;
		}
		if (used + cw > width)
			break;
		addnstr(p, (int)n);
		used += cw;
		p += n;
	}
	if (pad)
		for (; used < width; used++)
			addch(' ');
	return used;
}

int screen_text(int y, int x, const char *s, int width, int pad)
{
	char *safe = bnc_sanitize(s ? s : "", s ? strlen(s) : 0);
	char *shown = screen_display(safe);
	int n = screen_safe(y, x, shown, width, pad);
	g_free(shown);
	bnc_free(safe);
	return n;
}

void ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
}

/* Earlier answers of each prompt, the newest last, kept for the session. */
static GPtrArray *histories[HISTORY__COUNT];

const GPtrArray *screen_history(enum history h)
{
	if (!histories[h])
		histories[h] = g_ptr_array_new_with_free_func(g_free);
	return histories[h];
}

static void history_add(enum history h, const char *answer)
{
	GPtrArray *a = (GPtrArray *)screen_history(h);
	for (guint i = 0; i < a->len; i++)   /* once, at its latest place */
		if (!strcmp(g_ptr_array_index(a, i), answer)) {
			g_ptr_array_remove_index(a, i);
			break;
		}
	g_ptr_array_add(a, g_strdup(answer));
	if (a->len > 100)
		g_ptr_array_remove_index(a, 0);
}

char *screen_prompt(struct ui *ui, const char *question, const char *initial)
{
	return screen_prompt_history(ui, question, initial, HISTORY__COUNT);
}

char *screen_prompt_history(struct ui *ui, const char *question, const char *initial, enum history h)
{
	const GPtrArray *hist = h < HISTORY__COUNT ? screen_history(h) : NULL;
	guint pos = hist ? hist->len : 0;   /* hist->len: the line being typed */
	char *draft = NULL;
	GString *line = g_string_new(initial ? initial : "");
	curs_set(1);
	timeout(-1);
	char *result = NULL;
	for (;;) {
		int y = LINES - 1;
		attrset(A_NORMAL);
		move(y, 0);
		clrtoeol();
		int qw = screen_text(y, 0, question, COLS - 1, 0);
		char *raw = bnc_sanitize(line->str, line->len), *safe = screen_display(raw);
		bnc_free(raw);
		int room = COLS - qw - 1;
		int w = screen_width(safe);
		/* show the end of a long answer */
		const char *show = safe;
		while (w > room && *show) {
			gunichar c = g_utf8_get_char(show);
			w -= g_unichar_iswide(c) ? 2 : 1;
			show = g_utf8_next_char(show);
		}
		screen_safe(y, qw, show, room, 0);
		g_free(safe);
		refresh();
		wint_t ch;
		int kind = get_wch(&ch);
		if (ui_terminating)
			break;
		if (kind == ERR)
			continue;
		if (kind == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE || ch == KEY_DC) {
				if (line->len) {
					const char *prev = g_utf8_find_prev_char(line->str, line->str + line->len);
					g_string_truncate(line, prev ? (gsize)(prev - line->str) : 0);
				}
			} else if (ch == KEY_ENTER) {
				result = g_strdup(line->str);
				break;
			} else if ((ch == KEY_UP && hist && pos > 0) || (ch == KEY_DOWN && hist && pos < hist->len)) {
				if (pos == hist->len) {
					g_free(draft);
					draft = g_strdup(line->str);
				}
				pos += ch == KEY_UP ? -1 : 1;
				g_string_assign(line, pos < hist->len ? g_ptr_array_index(hist, pos) : draft ? draft : "");
			} else if (ch == KEY_RESIZE) {
				continue;
			}
			continue;
		}
		if (ch == 27 || ch == 7) {    /* Esc, C-g */
			break;
		} else if (ch == '\n' || ch == '\r') {
			result = g_strdup(line->str);
			break;
		} else if (ch == 127 || ch == 8) {
			if (line->len) {
				const char *prev = g_utf8_find_prev_char(line->str, line->str + line->len);
				g_string_truncate(line, prev ? (gsize)(prev - line->str) : 0);
			}
		} else if (ch == 21) {        /* C-u */
			g_string_truncate(line, 0);
		} else if (ch >= 32 && line->len < 4096) {
			g_string_append_unichar(line, (gunichar)ch);
		}
	}
	curs_set(0);
	g_string_free(line, TRUE);
	g_free(draft);
	if (result && *result && hist)
		history_add(h, result);
	(void)ui;
	return result;
}

int screen_yes(struct ui *ui, const char *question)
{
	timeout(-1);
	for (;;) {
		int y = LINES - 1;
		attrset(A_NORMAL);
		move(y, 0);
		clrtoeol();
		screen_text(y, 0, question, COLS - 8, 0);
		addstr(" (y/n) ");
		refresh();
		int c = getch();
		if (ui_terminating)
			return 0;
		if (c == 'y' || c == 'Y')
			return 1;
		if (c == 'n' || c == 'N' || c == 27 || c == 7 || c == 'q')
			return 0;
		(void)ui;
	}
}

int screen_choice(struct ui *ui, const char *question, const char *letters)
{
	timeout(-1);
	for (;;) {
		int y = LINES - 1;
		attrset(A_NORMAL);
		move(y, 0);
		clrtoeol();
		screen_text(y, 0, question, COLS, 0);
		refresh();
		int c = getch();
		if (ui_terminating || c == 27 || c == 7 || c == 'q')
			return -1;
		const char *at = c > 0 && c < 256 ? strchr(letters, c) : NULL;
		if (at && *at)
			return (int)(at - letters);
		(void)ui;
	}
}
