/* config.h - the browser's config file (tui/config.c). */
#ifndef BNC_CONFIG_H
#define BNC_CONFIG_H
#include <glib.h>
#include "columns.h"

/* What `set` lines choose; the defaults where nothing is set. */
struct settings {
	int columns[LIST_COLUMNS];   /* after the tag mark, in order; ncolumns 0: all */
	int ncolumns;
	int sort;                    /* enum sort_key, or -1 */
	int reverse;
	char *date_format;           /* NULL: the default */
};

/* id, name, what it takes (for the help and the man page). */
#define CONFIG_SETTINGS(_) \
	_(COLUMNS, "columns", "the list's columns after the tag mark, in order: date recipient rhost code status reason decoder") \
	_(SORT, "sort", "the sort at start: source date recipient rhost code status reason decoder; -KEY reversed") \
	_(DATE_FORMAT, "date-format", "the date column's strftime format (UTC), e.g. %d %b %H:%M")

/* Read the config file at path (NULL: $XDG_CONFIG_HOME/bouncelens/config,
 * which need not exist). Lines:
 *   bind KEY ACTION        bind x tag, bind C-t tag-all, bind F5 redraw
 *   unbind KEY             the key does nothing (its default is gone)
 *   color ELEMENT FG [BG]  hard soft other undecodable bar mark select title tagged;
 *                          default black red green yellow blue magenta cyan white, 0-255
 *   set NAME [=] VALUE     see CONFIG_SETTINGS
 *   # a comment
 * Every line that cannot be read is named in *errors ("FILE:LINE: why",
 * one a line; NULL when none); returns how many. */
int config_load(const char *path, struct settings *st, char **errors);
/* The defaults; settings_clear frees what was set and makes them so again. */
void settings_init(struct settings *st);
void settings_clear(struct settings *st);
/* Name and help of setting i, for the help view; NULL past the end. */
const char *config_setting(size_t i, const char **help);
#endif
