/* config.c - the browser's config file: key bindings, colours and settings,
 * read once at start.  Each line that cannot be read is reported with its
 * line number, all of them, not only the first. */
#include <string.h>
#include <time.h>
#include "config.h"
#include "keys.h"
#include "ui.h"

enum setting {
#define SETTING_ENUM(id, name, help) SET_##id,
	CONFIG_SETTINGS(SETTING_ENUM)
#undef SETTING_ENUM
	SET__COUNT
};

static const struct {
	const char *name, *help;
} settings[SET__COUNT] = {
#define SETTING_INFO(id, name, help) [SET_##id] = {name, help},
	CONFIG_SETTINGS(SETTING_INFO)
#undef SETTING_INFO
};

const char *config_setting(size_t i, const char **help)
{
	if (i >= SET__COUNT)
		return NULL;
	*help = settings[i].help;
	return settings[i].name;
}

void settings_init(struct settings *st)
{
	memset(st, 0, sizeof *st);
	st->sort = -1;
}

void settings_clear(struct settings *st)
{
	g_free(st->date_format);
	settings_init(st);
}

/* Each returns NULL, or why the value cannot be used (g_free). */
static char *set_columns(struct settings *st, const char *v)
{
	char **w = g_strsplit_set(v, " ,\t", -1);
	int ids[LIST_COLUMNS], n = 0;
	char *err = NULL;
	for (int i = 0; w[i] && !err; i++) {
		if (!*w[i])
			continue;
		int c = column_by_name(w[i]);
		if (c < 0 || c == COL_TAG)
			err = g_strdup_printf("no column named '%s'", w[i]);
		for (int k = 0; k < n && !err; k++)
			if (ids[k] == c)
				err = g_strdup_printf("column '%s' twice", w[i]);
		if (!err)
			ids[n++] = c;
	}
	g_strfreev(w);
	if (!err && !n)
		err = g_strdup("no columns named");
	if (!err) {
		memcpy(st->columns, ids, sizeof ids);
		st->ncolumns = n;
	}
	return err;
}

static char *set_sort(struct settings *st, const char *v)
{
	int rev = *v == '-';
	for (int k = 0; k < SORT__COUNT; k++)
		if (!g_ascii_strcasecmp(v + rev, ui_sort_name((enum sort_key)k))) {
			st->sort = k;
			st->reverse = rev;
			return NULL;
		}
	return g_strdup_printf("no sort key named '%s'", v + rev);
}

static char *set_date_format(struct settings *st, const char *v)
{
	char buf[64];
	struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 1, .tm_hour = 10};
	size_t n = *v ? strftime(buf, sizeof buf, v, &tm) : 0;
	if (!n || strchr(v, '\n'))
		return g_strdup_printf("the date format '%s' gives nothing or over 63 characters", v);
	g_free(st->date_format);
	st->date_format = g_strdup(v);
	return NULL;
}

static char *(*const setters[SET__COUNT])(struct settings *, const char *) = {
	[SET_COLUMNS] = set_columns, [SET_SORT] = set_sort, [SET_DATE_FORMAT] = set_date_format,
};

/* One line, its words in w (n of them) and its text after the first word
 * in rest; NULL, or why it cannot be read. */
static char *config_line(char **w, int n, const char *rest, struct settings *st)
{
	if (!strcmp(w[0], "bind")) {
		if (n != 3)
			return g_strdup("bind wants a key and an action: bind KEY ACTION");
		int key = keys_parse_key(w[1]);
		enum action a = keys_action_by_name(w[2]);
		if (key < 0)
			return g_strdup_printf("no key named '%s'", w[1]);
		if (a == DO_NONE)
			return g_strdup_printf("no action named '%s' (the help lists them)", w[2]);
		keys_bind(key, a);
		return NULL;
	}
	if (!strcmp(w[0], "unbind")) {
		if (n != 2)
			return g_strdup("unbind wants one key: unbind KEY");
		int key = keys_parse_key(w[1]);
		if (key < 0)
			return g_strdup_printf("no key named '%s'", w[1]);
		keys_bind(key, DO_NONE);
		return NULL;
	}
	if (!strcmp(w[0], "color") || !strcmp(w[0], "colour")) {
		if (n != 3 && n != 4)
			return g_strdup("color wants an element and one or two colours: color ELEMENT FG [BG]");
		if (!colour_set(w[1], w[2], n == 4 ? w[3] : NULL))
			return g_strdup_printf("cannot read the colour line (element '%s')", w[1]);
		return NULL;
	}
	if (!strcmp(w[0], "set")) {
		if (n < 2)
			return g_strdup("set wants a name and a value: set NAME = VALUE");
		const char *v = rest + strspn(rest, " \t");
		v += strcspn(v, " \t=");   /* past the name */
		v += strspn(v, " \t");
		if (*v == '=')
			v++;
		v += strspn(v, " \t");
		char *name = g_strndup(w[1], strcspn(w[1], "="));
		for (int i = 0; i < SET__COUNT; i++)
			if (!strcmp(settings[i].name, name)) {
				g_free(name);
				return setters[i](st, v);
			}
		char *err = g_strdup_printf("no setting named '%s' (columns, sort, date-format)", name);
		g_free(name);
		return err;
	}
	return g_strdup_printf("unknown setting '%s' (bind, unbind, color, set)", w[0]);
}

int config_load(const char *path, struct settings *st, char **errors)
{
	*errors = NULL;
	char *file = path ? g_strdup(path) : g_build_filename(g_get_user_config_dir(), "bouncelens", "config", NULL);
	char *text = NULL;
	gsize len = 0;
	int bad = 0;
	GError *gerr = NULL;
	if (!g_file_get_contents(file, &text, &len, &gerr)) {
		if (!g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			*errors = g_strdup_printf("%s: %s\n", file, gerr->message);
			bad = 1;
		}
		g_error_free(gerr);
		g_free(file);
		return bad;
	}
	if (len > (1 << 20)) {
		*errors = g_strdup_printf("%s: over 1 MB, not read\n", file);
		g_free(file);
		g_free(text);
		return 1;
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
		for (int k = 0; w[k]; k++)
			if (*w[k] && n < 8)
				kept[n++] = w[k];
		const char *rest = l + strcspn(l, " \t");
		char *why = g_utf8_validate(l, -1, NULL) ? config_line(kept, n, rest, st)
		                                         : g_strdup("not UTF-8 text");
		if (why) {
			char *safe = bnc_sanitize(why, strlen(why));
			g_string_append_printf(errs, "%s:%d: %s\n", file, i + 1, safe);
			bnc_free(safe);
			g_free(why);
			bad++;
		}
		g_strfreev(w);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(file);
	*errors = g_string_free(errs, bad == 0);
	return bad;
}
