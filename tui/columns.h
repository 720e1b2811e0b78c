/* columns.h - the list's columns as data, sized from the terminal's width
 * (tui/columns.c). */
#ifndef BNC_COLUMNS_H
#define BNC_COLUMNS_H

/* id, title, narrowest, wanted width, priority (1 is served first; the
 * lowest goes first when even the narrowest widths do not fit), and whether
 * a long value is cut from the left (a host keeps its domain). */
#define LIST_COLUMN_TABLE(_) \
	_(TAG, "", 1, 1, 0, 0) \
	_(DATE, "date", 11, 16, 6, 0) \
	_(RECIPIENT, "recipient", 12, 32, 2, 0) \
	_(RHOST, "rhost", 11, 26, 3, 1) \
	_(CODE, "code", 4, 4, 4, 0) \
	_(STATUS, "status", 7, 7, 5, 0) \
	_(REASON, "reason", 11, 15, 1, 0) \
	_(DECODER, "decoder", 6, 12, 7, 0)

enum list_column {
#define LIST_COLUMN_ENUM(id, title, min, want, prio, left) COL_##id,
	LIST_COLUMN_TABLE(LIST_COLUMN_ENUM)
#undef LIST_COLUMN_ENUM
	COL__COUNT
};
#define LIST_COLUMNS COL__COUNT

struct column_info {
	const char *title;
	int min, want, priority, cut_left;
};
const struct column_info *column_info(enum list_column c);
/* The column named so ("rhost"), or -1. */
int column_by_name(const char *name);

/* Widths for the n columns ids[] on a screen cols wide, one space between
 * two columns: each gets its narrowest width, then in priority order what
 * it wants, then the recipient and the host what is left.  When even the
 * narrowest do not fit, the lowest priorities get 0 (not shown).  Returns
 * the number of columns shown. */
int columns_layout(const int *ids, int n, int cols, int *widths);

/* Sanitised text fitted into width cells: as it is when it fits, else cut,
 * with the cut marked (…, or ~ where the terminal has no UTF-8), on the
 * right or, for cut_left, on the left. Free with g_free. */
char *cell_fit(const char *safe, int width, int cut_left);
/* Cells the sanitised text takes (GLib's widths, as the pager's). */
int cell_width(const char *safe);
/* The marker cell_fit uses: "…", or "~" after cell_set_ascii(1). */
void cell_set_ascii(int ascii);
const char *cell_marker(void);
#endif
