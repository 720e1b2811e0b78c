/* keys.c - key bindings as data, shared by the key loop and the help view.
 *
 * Defaults follow mutt and tig; the user's config may bind more keys.
 */
#include <string.h>
#include <ncurses.h>
#include <glib.h>
#include "keys.h"

#define CTRL(c) ((c) & 0x1f)

static const struct {
	enum action action;
	const char *name;
	const char *help;
} actions[] = {
	{ACT_DOWN, "down", "next line"},
	{ACT_UP, "up", "previous line"},
	{ACT_PGDN, "page-down", "next page"},
	{ACT_PGUP, "page-up", "previous page"},
	{ACT_TOP, "top", "first line"},
	{ACT_BOTTOM, "bottom", "last line"},
	{ACT_OPEN, "open", "open: the verdict's detail, the table's entries, the entry's verdicts"},
	{ACT_BACK, "back", "back to the previous view; in the list, quit"},
	{ACT_SEARCH, "search", "search forward for text"},
	{ACT_NEXT, "next-match", "next match of the search"},
	{ACT_PREV, "prev-match", "previous match of the search"},
	{ACT_LIMIT, "limit", "show only verdicts matching a pattern (see below)"},
	{ACT_UNLIMIT, "unlimit", "show everything again"},
	{ACT_TAG, "tag", "tag or untag the verdict, then move down"},
	{ACT_TAG_ALL, "tag-all", "tag every verdict shown"},
	{ACT_UNTAG_ALL, "untag-all", "untag every verdict"},
	{ACT_SORT, "sort", "choose the sort key"},
	{ACT_REVERSE, "reverse", "reverse the sort order"},
	{ACT_EXPORT, "export", "export tagged verdicts (or all shown): jsonl, csv, suppression list"},
	{ACT_RAW, "raw", "the original message: source, or headers and decoded parts"},
	{ACT_DETAIL, "explain", "the verdict's detail: fields, deciding text, decision chain, table entry"},
	{ACT_TABLES, "tables", "browse the engine's tables, entries used by the queue marked"},
	{ACT_HELP, "help", "this help"},
	{ACT_REDRAW, "redraw", "redraw the screen"},
	{ACT_STOP, "stop", "stop loading (what was read is kept)"},
	{ACT_QUIT, "quit", "quit at once (asks when verdicts are tagged)"},
};

static const struct {
	int key;
	enum action action;
} defaults[] = {
	{'j', ACT_DOWN}, {KEY_DOWN, ACT_DOWN},
	{'k', ACT_UP}, {KEY_UP, ACT_UP},
	{KEY_NPAGE, ACT_PGDN}, {CTRL('f'), ACT_PGDN},
	{KEY_PPAGE, ACT_PGUP}, {CTRL('b'), ACT_PGUP},
	{'g', ACT_TOP}, {KEY_HOME, ACT_TOP},
	{'G', ACT_BOTTOM}, {KEY_END, ACT_BOTTOM},
	{'\n', ACT_OPEN}, {'\r', ACT_OPEN}, {KEY_ENTER, ACT_OPEN},
	{'q', ACT_BACK},
	{'/', ACT_SEARCH}, {'n', ACT_NEXT}, {'N', ACT_PREV},
	{'l', ACT_LIMIT}, {27, ACT_UNLIMIT},
	{'t', ACT_TAG}, {' ', ACT_TAG}, {'T', ACT_TAG_ALL}, {'U', ACT_UNTAG_ALL},
	{'o', ACT_SORT}, {'O', ACT_REVERSE},
	{'s', ACT_EXPORT},
	{'r', ACT_RAW}, {'e', ACT_DETAIL}, {'|', ACT_TABLES}, {'b', ACT_TABLES},
	{'?', ACT_HELP},
	{CTRL('l'), ACT_REDRAW},
	{CTRL('c'), ACT_STOP},
	{'Q', ACT_QUIT},
};

/* The user's bindings, tried before the defaults. */
static GArray *user_keys;   /* of struct { int key; enum action action; } */
struct binding {
	int key;
	enum action action;
};

enum action keys_action(int key)
{
	if (user_keys)
		for (guint i = user_keys->len; i-- > 0;) {
			struct binding *b = &g_array_index(user_keys, struct binding, i);
			if (b->key == key)
				return b->action;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++)
		if (defaults[i].key == key)
			return defaults[i].action;
	return ACT_NONE;
}

const char *keys_action_name(enum action a)
{
	for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
		if (actions[i].action == a)
			return actions[i].name;
	return "";
}

const char *keys_action_help(enum action a)
{
	for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
		if (actions[i].action == a)
			return actions[i].help;
	return "";
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{KEY_DOWN, "Down"}, {KEY_UP, "Up"}, {KEY_LEFT, "Left"}, {KEY_RIGHT, "Right"},
	{KEY_NPAGE, "PgDn"}, {KEY_PPAGE, "PgUp"}, {KEY_HOME, "Home"}, {KEY_END, "End"},
	{'\n', "Enter"}, {KEY_ENTER, NULL}, {'\r', NULL}, {27, "Esc"}, {' ', "Space"}, {'\t', "Tab"},
	{KEY_BACKSPACE, "Backspace"}, {KEY_DC, "Delete"},
	{KEY_F(1), "F1"}, {KEY_F(2), "F2"}, {KEY_F(3), "F3"}, {KEY_F(4), "F4"}, {KEY_F(5), "F5"},
	{KEY_F(6), "F6"}, {KEY_F(7), "F7"}, {KEY_F(8), "F8"}, {KEY_F(9), "F9"}, {KEY_F(10), "F10"},
};

/* A key as text; NULL for a key that is not worth listing. */
static const char *key_text(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	if (key > 0 && key < 32) {
		g_snprintf(buf, size, "C-%c", key + 'a' - 1);
		return buf;
	}
	if (key > 32 && key < 127) {
		g_snprintf(buf, size, "%c", key);
		return buf;
	}
	return NULL;
}

static int key_parse(const char *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		if (key_names[i].name && !g_ascii_strcasecmp(key_names[i].name, s))
			return key_names[i].key;
	if ((s[0] == 'C' || s[0] == 'c' || s[0] == '^') && (s[1] == '-' || s[0] == '^') && s[s[0] == '^' ? 1 : 2] &&
	    !s[s[0] == '^' ? 2 : 3])
		return CTRL(g_ascii_tolower(s[s[0] == '^' ? 1 : 2]));
	if (s[0] > 32 && s[0] < 127 && !s[1])
		return s[0];
	return -1;
}

void keys_describe(enum action a, char *buf, size_t size)
{
	GString *out = g_string_new(NULL);
	char tmp[16];
	for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++) {
		if (defaults[i].action != a || keys_action(defaults[i].key) != a)
			continue;
		const char *t = key_text(defaults[i].key, tmp, sizeof tmp);
		if (t)
			g_string_append_printf(out, "%s%s", out->len ? ", " : "", t);
	}
	if (user_keys)
		for (guint i = 0; i < user_keys->len; i++) {
			struct binding *b = &g_array_index(user_keys, struct binding, i);
			const char *t = b->action == a && keys_action(b->key) == a ? key_text(b->key, tmp, sizeof tmp) : NULL;
			if (t)
				g_string_append_printf(out, "%s%s", out->len ? ", " : "", t);
		}
	g_strlcpy(buf, out->str, size);
	g_string_free(out, TRUE);
}

/* ---- colours ------------------------------------------------------------- */

struct colour_pref colour_prefs[C__COUNT] = {
	[C_HARD] = {COLOR_RED, -1, 0},
	[C_SOFT] = {COLOR_YELLOW, -1, 0},
	[C_OTHER] = {COLOR_GREEN, -1, 0},
	[C_BAD] = {COLOR_MAGENTA, -1, 0},
	[C_BAR] = {COLOR_BLACK, COLOR_CYAN, 0},
	[C_MARK] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
	[C_SELECT] = {-1, -1, ACT_REVERSE},
	[C_TITLE] = {COLOR_CYAN, -1, A_BOLD},
	[C_TAGGED] = {COLOR_CYAN, -1, A_BOLD},
};

static const char *const elem_names[C__COUNT] = {
	"hard", "soft", "other", "undecodable", "bar", "mark", "select", "title", "tagged",
};

static const char *const colour_names[] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

static int colour_parse(const char *s, short *out)
{
	if (!g_ascii_strcasecmp(s, "default")) {
		*out = -1;
		return 1;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(colour_names); i++)
		if (!g_ascii_strcasecmp(s, colour_names[i])) {
			*out = (short)i;
			return 1;
		}
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v < 256) {
		*out = (short)v;
		return 1;
	}
	return 0;
}

static int config_line(char **w, int n, GString *errs, const char *where)
{
	if (n >= 3 && !strcmp(w[0], "bind")) {
		int key = key_parse(w[1]);
		enum action a = ACT_NONE;
		for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
			if (!strcmp(actions[i].name, w[2]))
				a = actions[i].action;
		if (key < 0 || a == ACT_NONE) {
			g_string_append_printf(errs, "%s: cannot bind '%s' to '%s'\n", where, w[1], w[2]);
			return 0;
		}
		struct binding b = {key, a};
		if (!user_keys)
			user_keys = g_array_new(FALSE, FALSE, sizeof(struct binding));
		g_array_append_val(user_keys, b);
		return 1;
	}
	if (n >= 3 && (!strcmp(w[0], "color") || !strcmp(w[0], "colour"))) {
		for (int e = 0; e < C__COUNT; e++)
			if (!strcmp(elem_names[e], w[1])) {
				short fg, bg = -1;
				if (!colour_parse(w[2], &fg) || (n >= 4 && !colour_parse(w[3], &bg)))
					break;
				colour_prefs[e].fg = fg;
				colour_prefs[e].bg = bg;
				return 1;
			}
		g_string_append_printf(errs, "%s: cannot read colour line\n", where);
		return 0;
	}
	g_string_append_printf(errs, "%s: unknown setting '%s'\n", where, n ? w[0] : "");
	return 0;
}

int keys_load_config(char **errors)
{
	*errors = NULL;
	char *path = g_build_filename(g_get_user_config_dir(), "bouncelens", "config", NULL);
	char *text = NULL;
	gsize len = 0;
	int bad = 0;
	if (!g_file_get_contents(path, &text, &len, NULL) || len > (1 << 20)) {
		g_free(path);
		g_free(text);
		return 0;
	}
	GString *errs = g_string_new(NULL);
	char **lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (!*l || *l == '#')
			continue;
		char **w = g_strsplit_set(l, " \t", -1);
		char *kept[8] = {0};
		int n = 0;
		for (int k = 0; w[k] && n < 8; k++)
			if (*w[k])
				kept[n++] = w[k];
		char *where = g_strdup_printf("%s:%d", path, i + 1);
		if (!config_line(kept, n, errs, where))
			bad++;
		g_free(where);
		g_strfreev(w);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(path);
	*errors = g_string_free(errs, bad == 0);
	return bad;
}
