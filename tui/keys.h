/* keys.h - the browser's actions, their keys, hints and help, and its
 * colour elements: each generated from one X-macro table (tui/keys.c).
 *
 * Actions are DO_*, colour elements C_*: neither prefix is used by curses,
 * so an action can no longer be mistaken for an attribute (DO_SORT_REVERSE was
 * once written where A_REVERSE was meant, and the cursor vanished).
 */
#ifndef BNC_KEYS_H
#define BNC_KEYS_H
#include <stddef.h>

/* The views, as bits: where an action works (for the help and the hints). */
#define BROWSER_VIEWS(_) \
	_(LIST, "list", "one row per verdict") \
	_(DETAIL, "detail", "one verdict: fields, deciding text, decision chain, table entry") \
	_(RAW, "raw", "the original message") \
	_(TABLES, "tables", "the engine's decision tables") \
	_(TEXT, "output", "what a command piped to printed") \
	_(FREQ, "frequency", "verdicts grouped by a field: count, share, hard and soft, commonest reasons") \
	_(TIME, "timeline", "verdicts per hour or day, by reason") \
	_(HELP, "help", "this help")

enum view_bit_index {
#define VIEW_INDEX(id, name, help) VI_##id,
	BROWSER_VIEWS(VIEW_INDEX)
#undef VIEW_INDEX
	VI__COUNT
};
#define VIEW_BIT(id) (1u << VI_##id)
#define VW_LIST VIEW_BIT(LIST)
#define VW_DETAIL VIEW_BIT(DETAIL)
#define VW_RAW VIEW_BIT(RAW)
#define VW_TABLES VIEW_BIT(TABLES)
#define VW_HELP VIEW_BIT(HELP)
#define VW_TEXT VIEW_BIT(TEXT)
#define VW_FREQ VIEW_BIT(FREQ)
#define VW_TIME VIEW_BIT(TIME)
#define VW_GROUPS (VW_LIST | VW_FREQ | VW_TIME)   /* views of what the limit shows */
#define VW_PAGERS (VW_DETAIL | VW_RAW | VW_HELP | VW_TEXT)   /* views made of a pager */
#define VW_ALL ((1u << VI__COUNT) - 1)
const char *view_bit_name(unsigned index);
const char *view_bit_help(unsigned index);

/* Key lists in the table: up to six keys, 0-ended. */
#define KEYS(...) {__VA_ARGS__}
#define CTRL_KEY(c) ((c) & 0x1f)

/* id, name (as in the config), default keys, views, hint (a word for the
 * bottom line, or NULL), help.  The order is the help's. */
#define BROWSER_ACTIONS(_) \
	_(DOWN, "down", KEYS('j', KEY_DOWN), VW_ALL, NULL, "next line") \
	_(UP, "up", KEYS('k', KEY_UP), VW_ALL, NULL, "previous line") \
	_(PGDN, "page-down", KEYS(KEY_NPAGE, CTRL_KEY('f')), VW_ALL, NULL, "next page") \
	_(PGUP, "page-up", KEYS(KEY_PPAGE, CTRL_KEY('b')), VW_ALL, NULL, "previous page") \
	_(TOP, "top", KEYS('g', KEY_HOME), VW_ALL, NULL, "first line") \
	_(BOTTOM, "bottom", KEYS('G', KEY_END), VW_ALL, NULL, "last line") \
	_(OPEN, "open", KEYS('\n', '\r', KEY_ENTER), VW_LIST | VW_DETAIL | VW_TABLES | VW_FREQ | VW_TIME, "open", \
	  "open: the verdict's detail, the table's entries, the entry's verdicts; a group's or a bar's verdicts") \
	_(BACK, "back", KEYS('q'), VW_ALL, "quit", "back to the previous view; in the list, quit") \
	_(SEARCH, "search", KEYS('/'), VW_ALL, NULL, "search forward for text") \
	_(NEXT, "next-match", KEYS('n'), VW_ALL, NULL, "next match of the search") \
	_(PREV, "prev-match", KEYS('N'), VW_ALL, NULL, "previous match of the search") \
	_(LIMIT, "limit", KEYS('l'), VW_GROUPS, "limit", "show only verdicts matching a pattern (see below)") \
	_(UNLIMIT, "unlimit", KEYS(27), VW_GROUPS, NULL, "show everything again") \
	_(TAG, "tag", KEYS('t', ' '), VW_LIST, "tag", "tag or untag the verdict, then move down") \
	_(TAG_ALL, "tag-all", KEYS('T'), VW_LIST, NULL, "tag every verdict shown") \
	_(UNTAG_ALL, "untag-all", KEYS('U'), VW_LIST, NULL, "untag every verdict") \
	_(SORT, "sort", KEYS('o'), VW_LIST | VW_FREQ, "sort", "choose the sort key (frequency: by count or by value)") \
	_(SORT_REVERSE, "reverse-sort", KEYS('O'), VW_LIST | VW_FREQ, NULL, "reverse the sort order") \
	_(EXPORT, "export", KEYS('s'), VW_LIST, "export", \
	  "export tagged verdicts (or all shown): jsonl, csv, suppression list") \
	_(RAW, "raw", KEYS('r'), VW_LIST | VW_DETAIL | VW_RAW, "raw", \
	  "the original message: source, or headers and decoded parts") \
	_(DETAIL, "explain", KEYS('e'), VW_LIST, NULL, \
	  "the verdict's detail: fields, deciding text, decision chain, table entry") \
	_(TABLES, "tables", KEYS('b'), VW_ALL, "tables", "browse the engine's tables, entries used by the queue marked") \
	_(FREQUENCY, "frequency", KEYS('F'), VW_ALL, "groups", \
	  "verdicts shown grouped by reason, provider, domain, sender domain, status, code or decoder (as visidata's F)") \
	_(GROUP_NEXT, "next-group", KEYS('\t'), VW_FREQ, "field", "group by the next field") \
	_(GROUP_PREV, "prev-group", KEYS(KEY_BTAB), VW_FREQ, NULL, "group by the previous field") \
	_(TIMELINE, "timeline", KEYS('i'), VW_ALL, "timeline", "verdicts shown per hour or day (as lnav's histogram)") \
	_(ZOOM, "zoom", KEYS('z'), VW_TIME, "hour/day", "the timeline by the hour or by the day") \
	_(NEXT_VERDICT, "next-verdict", KEYS('J'), VW_DETAIL, "next", "the next verdict of the list, without going back") \
	_(PREV_VERDICT, "prev-verdict", KEYS('K'), VW_DETAIL, NULL, "the previous verdict of the list") \
	_(PAGER, "pager", KEYS('P'), VW_LIST | VW_DETAIL | VW_RAW, NULL, \
	  "the original message in $PAGER (made safe for the terminal; less when unset)") \
	_(PIPE, "pipe", KEYS('|'), VW_LIST | VW_DETAIL | VW_RAW, "pipe", \
	  "pipe the message, or the verdict as JSON, to a shell command; its output is shown") \
	_(HELP, "help", KEYS('?'), VW_ALL, "help", "this help") \
	_(REDRAW, "redraw", KEYS(CTRL_KEY('l')), VW_ALL, NULL, "redraw the screen") \
	_(STOP, "stop", KEYS(CTRL_KEY('c')), VW_ALL, NULL, "stop loading (what was read is kept), or the export") \
	_(RELOAD, "reload", KEYS('R'), VW_ALL, NULL, "read the queue again (limit and sort kept)") \
	_(FOLLOW, "follow", KEYS('f'), VW_ALL, NULL, \
	  "follow mode: show new bounces as they arrive in new/ and cur/, as tail -f does") \
	_(QUIT, "quit", KEYS('Q'), VW_ALL, NULL, "quit at once (asks when verdicts are tagged)")

enum action {
	DO_NONE,
#define ACTION_ENUM(id, name, keys, views, hint, help) DO_##id,
	BROWSER_ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	DO__COUNT
};

/* The action a key means now (the user's bind and unbind lines, then the
 * defaults). */
enum action keys_action(int key);
/* The action's name as written in the config ("tag-all"), its help line,
 * the views it works in (VW_*), and the keys bound to it as text
 * ("t, Space"). */
const char *keys_action_name(enum action a);
const char *keys_action_help(enum action a);
unsigned keys_action_views(enum action a);
void keys_describe(enum action a, char *buf, size_t size);
/* The bottom line's hints for a view: "? help  Enter detail ...", the keys
 * as bound now. */
void keys_hints(unsigned view, char *buf, size_t size);

/* Colour elements: id, config name, colour foreground, background and
 * attributes, the monochrome attributes standing in for the colours. */
#define COLOUR_ELEMENTS(_) \
	_(HARD, "hard", COLOR_RED, -1, 0, A_BOLD) \
	_(SOFT, "soft", COLOR_YELLOW, -1, 0, A_NORMAL) \
	_(OTHER, "other", COLOR_GREEN, -1, 0, A_NORMAL) \
	_(BAD, "undecodable", COLOR_MAGENTA, -1, 0, A_UNDERLINE) \
	_(BAR, "bar", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE) \
	_(MARK, "mark", COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE) \
	_(SELECT, "select", -1, -1, A_REVERSE, A_REVERSE) \
	_(TITLE, "title", COLOR_CYAN, -1, A_BOLD, A_BOLD) \
	_(TAGGED, "tagged", COLOR_CYAN, -1, A_BOLD, A_BOLD)

enum colour_elem {
#define COLOUR_ENUM(id, name, fg, bg, attr, mono) C_##id,
	COLOUR_ELEMENTS(COLOUR_ENUM)
#undef COLOUR_ENUM
	C__COUNT
};
struct colour_pref {
	short fg, bg;            /* curses colour numbers, -1 default */
	int attr;                /* A_BOLD etc. */
	int mono;                /* what stands in without colours */
};
extern struct colour_pref colour_prefs[C__COUNT];
const char *colour_elem_name(enum colour_elem e);

/* For the config file (tui/config.c): a key by its name ("x", "C-t",
 * "F5", "Enter"; -1 when unknown), an action by its name (DO_NONE when
 * unknown; old names too), a binding (DO_NONE: the key does nothing), a
 * colour (0 when the element or a colour is unknown; bg may be NULL). */
int keys_parse_key(const char *name);
enum action keys_action_by_name(const char *name);
void keys_bind(int key, enum action a);
int colour_set(const char *elem, const char *fg, const char *bg);
/* Back to the defaults (the tests read several configs). */
void keys_reset(void);
#endif
