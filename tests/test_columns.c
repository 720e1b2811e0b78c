/* test_columns.c - the list's columns sized from the terminal's width: at
 * 80, 100 and 200 columns every column is there and the line fits; the
 * reason is served first; narrower still, the lowest priorities go; long
 * values are cut with a marker, a host from the left so its domain stays. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "columns.h"

static const int all[] = {COL_TAG, COL_DATE, COL_RECIPIENT, COL_RHOST, COL_CODE, COL_STATUS, COL_REASON, COL_DECODER};

static int layout(int cols, int *w)
{
	int shown = columns_layout(all, COL__COUNT, cols, w);
	int used = shown - 1;
	for (int i = 0; i < COL__COUNT; i++)
		used += w[i];
	assert_true(used <= cols);
	return used;
}

static void every_column_at_common_sizes(void **state)
{
	(void)state;
	static const int sizes[] = {80, 100, 120, 200};
	for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
		int w[COL__COUNT];
		int used = layout(sizes[k], w);
		assert_int_equal(used, sizes[k]);   /* the whole width is used */
		for (int i = 0; i < COL__COUNT; i++)
			assert_true(w[i] >= column_info(all[i])->min);
		assert_int_equal(w[COL_REASON], 15);   /* "policyviolation" whole */
		assert_true(w[COL_STATUS] >= 7);       /* "5.0.910" whole */
	}
	int w[COL__COUNT];
	layout(100, w);
	assert_true(w[COL_RECIPIENT] >= 30);   /* it once got 13 at 100 */
	layout(200, w);
	for (int i = 0; i < COL__COUNT; i++)
		assert_true(w[i] >= column_info(all[i])->want);
}

static void priorities_when_narrow(void **state)
{
	(void)state;
	int w[COL__COUNT];
	layout(80, w);
	/* the recipient is served before the host, the host before the decoder */
	assert_true(w[COL_RECIPIENT] > column_info(COL_RECIPIENT)->min);
	assert_int_equal(w[COL_DECODER], column_info(COL_DECODER)->min);
	int shown = columns_layout(all, COL__COUNT, 50, w);
	assert_true(shown < COL__COUNT);
	assert_int_equal(w[COL_DECODER], 0);        /* the lowest goes first */
	assert_true(w[COL_REASON] > 0 && w[COL_RECIPIENT] > 0);
	shown = columns_layout(all, COL__COUNT, 5, w);   /* never more than the screen */
	int used = shown ? shown - 1 : 0;
	for (int i = 0; i < COL__COUNT; i++)
		used += w[i];
	assert_true(used <= 5);
}

static void cut_with_a_marker(void **state)
{
	(void)state;
	char *s = cell_fit("authfailure", 11, 0);
	assert_string_equal(s, "authfailure");   /* fits: as it is */
	g_free(s);
	s = cell_fit("authfailure", 10, 0);
	assert_string_equal(s, "authfailu\u2026");
	g_free(s);
	s = cell_fit("a8-30.smtp-out.amazonses.com", 15, 1);
	assert_string_equal(s, "\u2026amazonses.com");   /* the domain stays, whole labels */
	assert_true(cell_width(s) <= 15);
	g_free(s);
	s = cell_fit("a8-30.smtp-out.amazonses.com", 11, 1);
	assert_string_equal(s, "\u2026zonses.com");   /* not "com" alone */
	g_free(s);
	s = cell_fit("\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8", 7, 0);   /* wide characters */
	assert_true(cell_width(s) <= 7);
	assert_true(g_str_has_suffix(s, "\u2026"));
	g_free(s);
	cell_set_ascii(1);
	s = cell_fit("authfailure", 10, 0);
	assert_string_equal(s, "authfailu~");
	g_free(s);
	cell_set_ascii(0);
	s = cell_fit("x", 0, 0);
	assert_string_equal(s, "");
	g_free(s);
	assert_int_equal(column_by_name("rhost"), COL_RHOST);
	assert_int_equal(column_by_name("nosuch"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_column_at_common_sizes),
		cmocka_unit_test(priorities_when_narrow),
		cmocka_unit_test(cut_with_a_marker),
	};
	return cmocka_run_group_tests_name("columns", tests, NULL, NULL);
}
