/* keys.c - the action table (keys.h) made into key lookup, help and hints,
 * the colour table into preferences, and the config file read.
 *
 * Defaults follow mutt and tig; the user's config may bind more keys.
 */
#include <string.h>
#include <ncurses.h>
#include <glib.h>
#include "keys.h"

#define CTRL(c) CTRL_KEY(c)

static const struct action_info {
	const char *name;
	int keys[6];             /* the defaults, 0-ended */
	unsigned views;
	const char *hint;
	const char *help;
} actions[DO__COUNT] = {
	[DO_NONE] = {"", {0}, 0, NULL, ""},
#define ACTION_INFO(id, name, keys, views, hint, help) [DO_##id] = {name, keys, views, hint, help},
	BROWSER_ACTIONS(ACTION_INFO)
#undef ACTION_INFO
};

/* Names the config once used for an action. */
static const struct {
	const char *name;
	enum action action;
} old_names[] = {
	{"reverse", DO_SORT_REVERSE},
};

static const char *const view_names[VI__COUNT][2] = {
#define VIEW_NAME(id, name, help) [VI_##id] = {name, help},
	BROWSER_VIEWS(VIEW_NAME)
#undef VIEW_NAME
};

const char *view_bit_name(unsigned i)
{
	return i < VI__COUNT ? view_names[i][0] : "";
}

const char *view_bit_help(unsigned i)
{
	return i < VI__COUNT ? view_names[i][1] : "";
}

/* The user's bindings, tried before the defaults, the last first; an
 * unbind line is a binding to DO_NONE. */
struct binding {
	int key;
	enum action action;
};
static GArray *user_keys;   /* of struct binding */

enum action keys_action(int key)
{
	if (user_keys)
		for (guint i = user_keys->len; i-- > 0;) {
			struct binding *b = &g_array_index(user_keys, struct binding, i);
			if (b->key == key)
				return b->action;
		}
	for (int a = DO_NONE + 1; a < DO__COUNT; a++)
		for (const int *k = actions[a].keys; *k && k < actions[a].keys + 6; k++)
			if (*k == key)
				return (enum action)a;
	return DO_NONE;
}

const char *keys_action_name(enum action a)
{
	return a > DO_NONE && a < DO__COUNT ? actions[a].name : "";
}

const char *keys_action_help(enum action a)
{
	return a > DO_NONE && a < DO__COUNT ? actions[a].help : "";
}

unsigned keys_action_views(enum action a)
{
	return a > DO_NONE && a < DO__COUNT ? actions[a].views : 0;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{KEY_DOWN, "Down"}, {KEY_UP, "Up"}, {KEY_LEFT, "Left"}, {KEY_RIGHT, "Right"},
	{KEY_NPAGE, "PgDn"}, {KEY_PPAGE, "PgUp"}, {KEY_HOME, "Home"}, {KEY_END, "End"},
	{'\n', "Enter"}, {KEY_ENTER, NULL}, {'\r', NULL}, {27, "Esc"}, {' ', "Space"}, {'\t', "Tab"},
	{KEY_BACKSPACE, "Backspace"}, {KEY_DC, "Delete"}, {KEY_BTAB, "S-Tab"},
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

/* Every key that means a now: the defaults still in force, then the
 * user's; at most `max` of them. */
static void describe(enum action a, GString *out, int max)
{
	char tmp[16];
	int n = 0;
	for (const int *k = actions[a].keys; *k && k < actions[a].keys + 6 && n < max; k++) {
		const char *t = keys_action(*k) == a ? key_text(*k, tmp, sizeof tmp) : NULL;
		if (t) {
			g_string_append_printf(out, "%s%s", n ? ", " : "", t);
			n++;
		}
	}
	if (user_keys)
		for (guint i = 0; i < user_keys->len && n < max; i++) {
			struct binding *b = &g_array_index(user_keys, struct binding, i);
			int seen = 0;   /* bound twice, or also a default */
			for (guint j = 0; j < i; j++)
				seen |= g_array_index(user_keys, struct binding, j).key == b->key;
			for (const int *k = actions[a].keys; *k && k < actions[a].keys + 6; k++)
				seen |= *k == b->key;
			const char *t = !seen && b->action == a && keys_action(b->key) == a
				? key_text(b->key, tmp, sizeof tmp) : NULL;
			if (t) {
				g_string_append_printf(out, "%s%s", n ? ", " : "", t);
				n++;
			}
		}
}

void keys_describe(enum action a, char *buf, size_t size)
{
	GString *out = g_string_new(NULL);
	if (a > DO_NONE && a < DO__COUNT)
		describe(a, out, 16);
	g_strlcpy(buf, out->str, size);
	g_string_free(out, TRUE);
}

static void hint(GString *out, enum action a)
{
	GString *k = g_string_new(NULL);
	describe(a, k, 1);
	if (k->len)
		g_string_append_printf(out, "%s%s %s", out->len ? "  " : "", k->str, actions[a].hint);
	g_string_free(k, TRUE);
}

void keys_hints(unsigned view, char *buf, size_t size)
{
	GString *out = g_string_new(NULL);
	hint(out, DO_HELP);   /* first: it is how one finds the rest */
	for (int a = DO_NONE + 1; a < DO__COUNT; a++)
		if (a != DO_HELP && actions[a].hint && (actions[a].views & view))
			hint(out, (enum action)a);
	g_strlcpy(buf, out->str, size);
	g_string_free(out, TRUE);
}

/* ---- colours ------------------------------------------------------------- */

struct colour_pref colour_prefs[C__COUNT] = {
#define COLOUR_PREF(id, name, fg, bg, attr, mono) [C_##id] = {fg, bg, attr, mono},
	COLOUR_ELEMENTS(COLOUR_PREF)
#undef COLOUR_PREF
};

static const char *const elem_names[C__COUNT] = {
#define COLOUR_NAME(id, name, fg, bg, attr, mono) [C_##id] = name,
	COLOUR_ELEMENTS(COLOUR_NAME)
#undef COLOUR_NAME
};

const char *colour_elem_name(enum colour_elem e)
{
	return e < C__COUNT ? elem_names[e] : "";
}

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

int colour_set(const char *elem, const char *fg, const char *bg)
{
	for (int e = 0; e < C__COUNT; e++)
		if (!strcmp(elem_names[e], elem)) {
			short f, b = -1;
			if (!colour_parse(fg, &f) || (bg && !colour_parse(bg, &b)))
				return 0;
			colour_prefs[e].fg = f;
			colour_prefs[e].bg = b;
			return 1;
		}
	return 0;
}

int keys_parse_key(const char *name)
{
	return key_parse(name);
}

enum action keys_action_by_name(const char *name)
{
	for (int i = DO_NONE + 1; i < DO__COUNT; i++)
		if (!strcmp(actions[i].name, name))
			return (enum action)i;
	for (size_t i = 0; i < G_N_ELEMENTS(old_names); i++)
		if (!strcmp(old_names[i].name, name))
			return old_names[i].action;
	return DO_NONE;
}

void keys_bind(int key, enum action a)
{
	struct binding b = {key, a};
	if (!user_keys)
		user_keys = g_array_new(FALSE, FALSE, sizeof(struct binding));
	g_array_append_val(user_keys, b);
}

void keys_reset(void)
{
	if (user_keys)
		g_array_free(user_keys, TRUE);
	user_keys = NULL;
	static const struct colour_pref defaults[C__COUNT] = {
#define COLOUR_DEFAULT(id, name, fg, bg, attr, mono) [C_##id] = {fg, bg, attr, mono},
		COLOUR_ELEMENTS(COLOUR_DEFAULT)
#undef COLOUR_DEFAULT
	};
	memcpy(colour_prefs, defaults, sizeof defaults);
}
