/* test_config.c - the browser's config file: every bad line reported with
 * its number, bind and unbind, colours, and the settings (columns, sort,
 * date format) with or without "=". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <ncurses.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "config.h"
#include "keys.h"
#include "ui.h"

static char *write_config(const char *text)
{
	char *path = NULL;
	int fd = g_file_open_tmp("bnc-config-XXXXXX", &path, NULL);
	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

static void every_bad_line_numbered(void **state)
{
	(void)state;
	keys_reset();
	char *path = write_config("# fine\nbind x tag\nbogus\n\nbind\ncolor nosuch red\nset columns = rhost, nosuch\n"
	                          "set sort = sideways\nset date-format =\nunbind NoSuchKey\n");
	struct settings st;
	settings_init(&st);
	char *errors = NULL;
	assert_int_equal(config_load(path, &st, &errors), 7);
	char **lines = g_strsplit(errors, "\n", -1);
	static const char *const want[] = {":3: unknown setting 'bogus'", ":5: bind wants", ":6: cannot read the colour",
	                                   ":7: no column named 'nosuch'", ":8: no sort key named 'sideways'",
	                                   ":9: the date format", ":10: no key named 'NoSuchKey'"};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		assert_true(g_str_has_prefix(lines[i], path));
		assert_non_null(strstr(lines[i], want[i]));
	}
	assert_string_equal(lines[G_N_ELEMENTS(want)], "");
	g_strfreev(lines);
	g_free(errors);
	assert_int_equal(keys_action('x'), DO_TAG);   /* the good line still counts */
	assert_int_equal(st.ncolumns, 0);             /* a bad value leaves the default */
	g_unlink(path);
	g_free(path);
	settings_clear(&st);
	keys_reset();
}

static void settings_and_bindings(void **state)
{
	(void)state;
	keys_reset();
	char *path = write_config("set columns = reason recipient,date\nset sort -date\nset date-format = %d %b %H:%M\n"
	                          "unbind q\nbind Q back\ncolor select white blue\n");
	struct settings st;
	settings_init(&st);
	char *errors = NULL;
	assert_int_equal(config_load(path, &st, &errors), 0);
	assert_null(errors);
	assert_int_equal(st.ncolumns, 3);
	assert_int_equal(st.columns[0], COL_REASON);
	assert_int_equal(st.columns[1], COL_RECIPIENT);
	assert_int_equal(st.columns[2], COL_DATE);
	assert_int_equal(st.sort, SORT_DATE);
	assert_true(st.reverse);
	assert_string_equal(st.date_format, "%d %b %H:%M");   /* spaces kept */
	assert_int_equal(keys_action('q'), DO_NONE);   /* unbound */
	assert_int_equal(keys_action('Q'), DO_BACK);
	char k[64];
	keys_describe(DO_BACK, k, sizeof k);
	assert_string_equal(k, "Q");                   /* the help follows */
	assert_int_equal(colour_prefs[C_SELECT].fg, COLOR_WHITE);
	assert_int_equal(colour_prefs[C_SELECT].bg, COLOR_BLUE);
	g_unlink(path);
	g_free(path);
	settings_clear(&st);
	keys_reset();
	assert_int_equal(keys_action('q'), DO_BACK);   /* back to the defaults */
	/* no file at all: nothing to say */
	assert_int_equal(config_load("/nonexistent/bouncelens/config", &st, &errors), 0);
	assert_null(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_bad_line_numbered),
		cmocka_unit_test(settings_and_bindings),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
