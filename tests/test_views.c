/* test_views.c - the text the browser's views are built of, without a
 * terminal: the list's cells for a row, and the detail view's lines (the
 * deciding span highlighted in the diagnostic text, the decision chain, the
 * winning entry marked within its table).  Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "ui.h"

static void list_cells(void **state)
{
	(void)state;
	struct msg m = {.name = "cur/1.eml"};
	struct row r = {.kind = ROW_HARD, .timestamp = 1704158040, .recipient = "a@example.net",
	                .rhost = "mx.example.net", .replycode = "550", .status = "5.1.1",
	                .reason = "userunknown", .decoder = "Postfix", .diag = "550 5.1.1 no such user"};
	char date[64];
	const char *c[LIST_COLUMNS];
	list_row_cells(&r, &m, date, c);
	assert_string_equal(c[0], " ");
	assert_true(g_str_has_prefix(c[1], "2024-01-0"));
	assert_string_equal(c[2], "a@example.net");
	assert_string_equal(c[3], "mx.example.net");
	assert_string_equal(c[6], "userunknown");
	assert_string_equal(c[7], "Postfix");
	r.tagged = 1;
	list_row_cells(&r, &m, date, c);
	assert_string_equal(c[0], "*");
	/* an undecodable message: its name and the reason it failed */
	struct row bad = {.kind = ROW_UNDECODABLE, .recipient = "", .rhost = "", .replycode = "", .status = "",
	                  .reason = "undecodable", .decoder = "", .diag = "no header found"};
	list_row_cells(&bad, &m, date, c);
	assert_string_equal(c[0], "!");
	assert_string_equal(c[2], "cur/1.eml");
	assert_string_equal(c[3], "no header found");
}

static bnc_result *decode_file(const char *path)
{
	char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	const bnc_options opt = {0, 0, 0};
	bnc_result *r = bnc_decode(data, len, path, &opt);
	g_free(data);
	return r;
}

/* The first line holding needle, or -1. */
static long find_line(struct pager *p, const char *needle)
{
	for (size_t i = 0; i < pager_lines(p); i++)
		if (strstr(pager_line(p, i, NULL, NULL, NULL), needle))
			return (long)i;
	return -1;
}

static void detail_of_a_provider_verdict(void **state)
{
	(void)state;
	bnc_result *r = decode_file("samples/cur/rhost-mimecast.eml");
	assert_int_equal(bnc_result_count(r), 1);
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	const bnc_step *d = bnc_verdict_decider(v);
	assert_non_null(d);
	assert_string_equal(d->table, "mimecast");
	struct pager *p = pager_new("detail");
	detail_lines(p, v, NULL, NULL, 400);
	assert_true(find_line(p, "Cut short") < 0);

	assert_true(find_line(p, "Fields") >= 0);
	assert_true(find_line(p, "recipient       buyer@example.org") >= 0);
	/* the diagnostic text, the deciding span highlighted */
	long dl = find_line(p, "Diagnostic text");
	assert_true(dl >= 0);
	size_t off = 0, len = 0;
	const char *text = pager_line(p, (size_t)dl + 1, NULL, &off, &len);
	const char *diag = bnc_verdict_get(v, "diagnosticcode");
	assert_int_equal(len, d->length);
	assert_memory_equal(text + off, diag + d->offset, len);
	/* the decision chain: the provider stage decided */
	long won = find_line(p, "=> provider");
	assert_true(won >= 0);
	assert_non_null(strstr(pager_line(p, (size_t)won, NULL, NULL, NULL), "mimecast #"));
	/* the table around the winning entry, the winner marked with ">" */
	assert_true(find_line(p, "Table mimecast (Mimecast)") >= 0);
	char *mark = g_strdup_printf("> %4d  %s", d->entry, bnc_verdict_get(v, "reason"));
	assert_true(find_line(p, mark) >= 0);
	g_free(mark);
	pager_free(p);
	bnc_result_free(r);
}

static void detail_without_verdict(void **state)
{
	(void)state;
	struct pager *p = pager_new("detail");
	detail_lines(p, NULL, "no header found: not a mail message", NULL, 100);
	assert_int_equal(pager_lines(p), 1);
	assert_non_null(strstr(pager_line(p, 0, NULL, NULL, NULL), "no header found"));
	pager_free(p);
}

/* A message a cap cut short says so above its fields. */
static void detail_of_a_cut_message(void **state)
{
	(void)state;
	bnc_result *r = decode_file("samples/cur/rhost-mimecast.eml");
	struct pager *p = pager_new("detail");
	detail_lines(p, bnc_result_verdict(r, 0), NULL, "12000 recipients: only the first 10000 reported", 100);
	assert_int_equal(find_line(p, "Cut short: 12000 recipients: only the first 10000 reported"), 0);
	assert_true(find_line(p, "Fields") > 0);
	pager_free(p);
	bnc_result_free(r);
}

/* The cursor: reverse video in colour as in monochrome, and the reason
 * cell of the selected row keeps its colour and is reverse too (an action
 * number was once or-ed in where A_REVERSE was meant). */
static void selection_is_reverse_video(void **state)
{
	(void)state;
	struct ui ui = {0};
	for (ui.colour = 0; ui.colour <= 1; ui.colour++) {
		assert_true(screen_attr(&ui, C_SELECT) & A_REVERSE);
		int a = screen_attr_selected(&ui, C_HARD, 1);
		assert_true(a & A_REVERSE);
		assert_int_equal(screen_attr_selected(&ui, C_HARD, 0) & A_REVERSE, 0);
		if (ui.colour)
			assert_int_equal(PAIR_NUMBER(a), C_HARD + 1);
	}
}

/* The key table: every action named once, no default key for two actions,
 * each default key meaning its action, the hints starting with help. */
static void key_table(void **state)
{
	(void)state;
	GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
	for (int a = DO_NONE + 1; a < DO__COUNT; a++) {
		const char *n = keys_action_name((enum action)a);
		assert_true(*n && *keys_action_help((enum action)a));
		assert_false(g_hash_table_contains(names, n));
		g_hash_table_add(names, (gpointer)n);
		assert_true(keys_action_views((enum action)a) != 0);
		char k[96];
		keys_describe((enum action)a, k, sizeof k);
		assert_true(*k);   /* every action has a key by default */
	}
	g_hash_table_destroy(names);
	assert_int_equal(keys_action('O'), DO_SORT_REVERSE);
	assert_int_equal(keys_action('j'), DO_DOWN);
	assert_int_equal(keys_action(KEY_DOWN), DO_DOWN);
	char h[256];
	keys_hints(VW_LIST, h, sizeof h);
	assert_true(g_str_has_prefix(h, "? help"));
	assert_non_null(strstr(h, "l limit"));
	keys_hints(VW_RAW, h, sizeof h);
	assert_null(strstr(h, "l limit"));   /* the hints are the view's */
}

/* Where the terminal has no UTF-8 (LANG=C), text is escaped in ASCII:
 * nothing is dropped or cut at the first byte it cannot show. */
static void ascii_terminal_escapes(void **state)
{
	(void)state;
	char *safe = bnc_sanitize("bo\xc3\xaete \x1b[31m apr\xc3\xa8s \xe6\x97\xa5", 23);
	screen_ascii = 1;
	char *d = screen_display(safe);
	assert_string_equal(d, "bo<U+00EE>te ^[[31m apr<U+00E8>s <U+65E5>");
	g_free(d);
	screen_ascii = 0;
	d = screen_display(safe);
	assert_string_equal(d, safe);   /* a UTF-8 terminal shows it as it is */
	g_free(d);
	bnc_free(safe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_cells),
		cmocka_unit_test(detail_of_a_provider_verdict),
		cmocka_unit_test(detail_without_verdict),
		cmocka_unit_test(detail_of_a_cut_message),
		cmocka_unit_test(selection_is_reverse_video),
		cmocka_unit_test(key_table),
		cmocka_unit_test(ascii_terminal_escapes),
	};
	return cmocka_run_group_tests_name("views", tests, NULL, NULL);
}
