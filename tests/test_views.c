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
	char date[32];
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_cells),
		cmocka_unit_test(detail_of_a_provider_verdict),
		cmocka_unit_test(detail_without_verdict),
		cmocka_unit_test(detail_of_a_cut_message),
	};
	return cmocka_run_group_tests_name("views", tests, NULL, NULL);
}
