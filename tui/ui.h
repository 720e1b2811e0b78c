/* ui.h - what the browser's views share (tui/browse.c and tui/view_*.c). */
#ifndef BNC_UI_H
#define BNC_UI_H
#include <ncurses.h>
#include <signal.h>
#include "store.h"
#include "keys.h"
#include "limit.h"
#include "columns.h"

struct ui;
struct view;

struct view_ops {
	const char *name;
	unsigned bit;            /* VW_*: which actions and hints apply */
	void (*draw)(struct ui *ui, struct view *v);
	/* Handle an action; return 0 to let the browser handle it. */
	int (*act)(struct ui *ui, struct view *v, enum action a, int key);
	void (*free)(struct view *v);
	/* What the view adds to the bar (its position), or NULL. */
	void (*status)(struct ui *ui, struct view *v, GString *bar);
};

struct view {
	const struct view_ops *ops;
	void *state;
};

enum sort_key { SORT_SOURCE, SORT_DATE, SORT_RECIPIENT, SORT_RHOST, SORT_CODE, SORT_STATUS, SORT_REASON, SORT_DECODER,
	        SORT__COUNT };

/* The list's cursor: a position in ui->shown, and the first row drawn. */
struct list_cursor {
	size_t cur, top;
	int moved;               /* by the user: then it follows its verdict as
	                            rows arrive, not only on limit and sort */
};

struct ui {
	struct store *store;
	GPtrArray *views;        /* struct view *, the top one is shown */
	/* the list as shown: row indices after the limit, in sort order */
	GArray *shown;
	GHashTable *reason_count; /* interned reason -> rows shown with it, kept
	                             as rows come in: the summary needs no pass */
	size_t rows_seen;        /* store rows already considered */
	unsigned gen_seen;
	struct limit *limit;
	char *limit_text;
	struct list_cursor list;
	enum sort_key sort;
	int reverse;
	size_t ntagged;
	int colour;              /* colours in use */
	int quit;
	char message[512];       /* one line for the status bar's left side */
	char *search;            /* last search text */
	char *export_dir;        /* where the last export went */
	struct export_job *export_job;   /* the export running, or NULL */
	struct follow *follow;   /* follow mode, or NULL */
	int columns[LIST_COLUMNS];   /* the list's columns, in order */
	int ncolumns;
	char *date_format;       /* strftime format of the date column, NULL: the default */
	char *config_errors;     /* every line of the config that could not be read, or NULL */
};

/* ---- screen.c: drawing that never lets untrusted bytes through ---------- */
/* keyboard: where keys come from when not standard input (/dev/tty), or NULL. */
void screen_start(struct ui *ui, FILE *keyboard);
void screen_end(void);
/* Attributes of a colour element (colour pair, or a monochrome stand-in). */
int screen_attr(struct ui *ui, enum colour_elem e);
/* An element's colours with the selection's attributes when selected (the
 * reason keeps its colour in the selected row). */
int screen_attr_selected(struct ui *ui, enum colour_elem e, int selected);
/* Draw untrusted text at (y, x) in at most width cells, sanitised; returns
 * the cells used. pad: fill the rest of width with spaces. */
int screen_text(int y, int x, const char *s, int width, int pad);
/* Sanitised text as the terminal can show it: itself on a UTF-8
 * terminal; else in ASCII, controls as ^X and other characters as <U+XXXX>
 * (so LANG=C shows everything, escaped, rather than stopping at the first
 * byte it cannot show).  g_free. */
char *screen_display(const char *safe);
extern int screen_ascii;
/* The same for text already made display text (faster). */
int screen_safe(int y, int x, const char *s, int width, int pad);
/* Cells a sanitised string takes. */
int screen_width(const char *s);
/* Ask for a line on the bottom row; NULL when cancelled with Esc/C-g. */
char *screen_prompt(struct ui *ui, const char *question, const char *initial);
/* The same with a history: Up and Down bring back earlier answers, and the
 * answer joins them. */
enum history { HISTORY_LIMIT, HISTORY_SEARCH, HISTORY_PIPE, HISTORY__COUNT };
char *screen_prompt_history(struct ui *ui, const char *question, const char *initial, enum history h);
/* Earlier answers, the newest last (for the tests). */
const GPtrArray *screen_history(enum history h);
/* Ask a yes/no question on the bottom row. */
int screen_yes(struct ui *ui, const char *question);
/* One key among `letters` (no Enter); its index, or -1 for Esc, C-g, q. */
int screen_choice(struct ui *ui, const char *question, const char *letters);
/* Set by SIGTERM and SIGHUP: every prompt gives up, the loop ends. */
extern volatile sig_atomic_t ui_terminating;
void ui_message(struct ui *ui, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* ---- pager.c: scrollable lines of text (detail, raw, help) -------------- */
struct pager;
struct pager *pager_new(const char *title);
void pager_free(struct pager *p);
void pager_set_title(struct pager *p, const char *title);
void pager_clear(struct pager *p);
/* Add untrusted text, wrapped to width; [hl_off, hl_off+hl_len) of s is
 * highlighted; elem colours the whole line (-1 none). */
void pager_add(struct pager *p, const char *s, int elem, size_t hl_off, size_t hl_len, int width);
void pager_addf(struct pager *p, int elem, int width, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
size_t pager_lines(const struct pager *p);
/* Line i as stored (sanitised), its colour and highlighted bytes; NULL past the end. */
const char *pager_line(const struct pager *p, size_t i, int *elem, size_t *hl_off, size_t *hl_len);
void pager_scroll_to(struct pager *p, size_t line);
void pager_draw(struct ui *ui, struct pager *p);
int pager_act(struct ui *ui, struct pager *p, enum action a, int key);

/* ---- loop.c ------------------------------------------------------------- */
void ui_push(struct ui *ui, struct view *v);
void ui_pop(struct ui *ui);
/* Until the user quits or a SIGTERM or SIGHUP comes. */
int ui_run(struct ui *ui);
/* SIGINT stands for C-c; SIGTERM and SIGHUP end the loop (ui_terminating). */
void ui_signals_install(void);

/* ---- shown.c ------------------------------------------------------------- */
/* Re-run the limit and the sort over the store (after they change). */
void ui_refilter(struct ui *ui);
/* Take in the rows loading added (caller holds store->mu). */
void ui_take_new_rows(struct ui *ui);
/* The store row under the list's cursor, or -1; put the cursor back on it
 * (caller holds store->mu). */
gint64 ui_cursor_row(const struct ui *ui);
void ui_cursor_follow(struct ui *ui, gint64 row);
/* From a group or a bar into the list: the limit narrowed by term, the
 * views above the list closed, `what` said with the count. 0 on a bad term. */
int ui_drill_down(struct ui *ui, const char *term, const char *what);
/* Store row i (caller holds store->mu). */
struct row *ui_row(struct ui *ui, size_t shown_index);
/* Narrow the list with a pattern; 0 and a message when it is bad. */
int ui_set_limit(struct ui *ui, const char *text);
const char *ui_sort_name(enum sort_key k);

/* The views. */
struct view *view_list_new(struct ui *ui);
struct view *view_detail_new(struct ui *ui, size_t row);
/* The text of the views, apart from drawing (pure: tested by test_views). */
void detail_lines(struct pager *p, const bnc_verdict *v, const char *error, const char *notice, int width);
void list_row_cells(const struct row *r, const struct msg *m, char date[64], const char *cells[LIST_COLUMNS]);
/* A timestamp in strftime's fmt, UTC; "" for none. */
void list_format_date(int64_t t, const char *fmt, char *buf, size_t size);
struct view *view_raw_new(struct ui *ui, size_t row);
struct view *view_raw_new_for(struct ui *ui, const struct row *row);
struct view *view_tables_new(struct ui *ui, const char *table, int entry);
struct view *view_help_new(struct ui *ui);
struct view *view_freq_new(struct ui *ui);
struct view *view_time_new(struct ui *ui);
/* A page of text from elsewhere (len bytes of it), sanitised. */
struct view *view_text_new(struct ui *ui, const char *title, const char *text, size_t len);
/* pipe.c: the row's message in $PAGER; the message or the verdict piped to
 * a command, its output shown. */
void ui_pager_row(struct ui *ui, const struct row *r);
void ui_pipe_row(struct ui *ui, const struct row *r);
/* The status bar at the bottom, shared by every view. */
void view_status_bar(struct ui *ui);
/* ui_export.c: the export of tagged (or shown) verdicts, asked for, then
 * written in the background; poll ends it, status adds its progress to the
 * bar (0 when none runs), cancel stops it. */
void ui_export(struct ui *ui);
void ui_export_poll(struct ui *ui);
int ui_export_status(struct ui *ui, GString *out);
void ui_export_cancel(struct ui *ui);
#endif
