/* keys.h - the browser's actions, their keys, and the user's config (tui/keys.c). */
#ifndef BNC_KEYS_H
#define BNC_KEYS_H
#include <stddef.h>

enum action {
	ACT_NONE,
	ACT_DOWN, ACT_UP, ACT_PGDN, ACT_PGUP, ACT_TOP, ACT_BOTTOM,
	ACT_OPEN, ACT_BACK, ACT_SEARCH, ACT_NEXT, ACT_PREV, ACT_LIMIT, ACT_UNLIMIT,
	ACT_TAG, ACT_TAG_ALL, ACT_UNTAG_ALL, ACT_SORT, ACT_REVERSE, ACT_EXPORT,
	ACT_RAW, ACT_DETAIL, ACT_TABLES, ACT_HELP, ACT_REDRAW, ACT_STOP, ACT_QUIT,
	ACT__COUNT
};

/* The action a key means now (defaults, then the user's bind lines). */
enum action keys_action(int key);
/* The action's name as written in the config ("tag-all"), its help line,
 * and the keys bound to it as text ("t, Space"). */
const char *keys_action_name(enum action a);
const char *keys_action_help(enum action a);
void keys_describe(enum action a, char *buf, size_t size);

/* Colour elements the config can set. */
enum colour_elem { C_HARD, C_SOFT, C_OTHER, C_BAD, C_BAR, C_MARK, C_SELECT, C_TITLE, C_TAGGED, C__COUNT };
struct colour_pref {
	short fg, bg;            /* curses colour numbers, -1 default */
	int attr;                /* A_BOLD etc. */
};
extern struct colour_pref colour_prefs[C__COUNT];

/* Read $XDG_CONFIG_HOME/bouncelens/config (or ~/.config/...). Lines:
 *   bind KEY ACTION        e.g. bind x tag, bind C-t tag-all, bind F5 redraw
 *   color ELEMENT FG [BG]  elements: hard soft other undecodable bar mark select title tagged
 *                          colours: default black red green yellow blue magenta cyan white, 0-255
 *   # comments
 * Returns the number of lines it could not read; messages go to *errors. */
int keys_load_config(char **errors);
#endif
