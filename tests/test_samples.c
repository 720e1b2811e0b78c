/* test_samples.c - every sample of samples/ decodes to its expected verdicts.
 *
 * samples/expected.jsonl holds one row per expected verdict:
 *   {"sample": "samples/cur/x.eml", "recipient": "...", "reason": "...", ...,
 *    "stage": "...", "table": "...", "entry": N}
 * Every key other than sample/stage/table/entry/none is a verdict field that
 * must be equal; stage, table and entry are held against the step that
 * decided, so a reordered table shows up here.  {"sample": ..., "none": true}
 * says the message is not a bounce and must yield nothing.
 *
 * samples/not-bounces/ holds messages of the kinds the last-resort guess
 * must leave alone (auto-replies, challenges of challenge-response filters,
 * read receipts, DMARC reports, list digests, ordinary mail): none may
 * give a bounce record, whatever the decoder (an auto-reply may give its
 * vacation record).  The folder is no maildir, so `make run` and the
 * tests that read samples/ do not see it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <json-glib/json-glib.h>
#include "bouncelens.h"

static GPtrArray *rows;

static char *read_file(const char *path, size_t *len)
{
	char *data = NULL;
	gsize n = 0;
	if (!g_file_get_contents(path, &data, &n, NULL))
		return NULL;
	*len = n;
	return data;
}

static const bnc_verdict *find_recipient(bnc_result *r, const char *rcpt)
{
	for (size_t i = 0; i < bnc_result_count(r); i++)
		if (!g_ascii_strcasecmp(bnc_verdict_get(bnc_result_verdict(r, i), "recipient"), rcpt))
			return bnc_result_verdict(r, i);
	return NULL;
}

static void check_row(JsonObject *row)
{
	const char *sample = json_object_get_string_member(row, "sample");
	size_t len = 0;
	char *data = read_file(sample, &len);
	if (!data)
		fail_msg("%s: cannot read", sample);
	bnc_options opt = {1, 1, 0};
	bnc_result *r = bnc_decode(data, len, sample, &opt);
	if (json_object_has_member(row, "none")) {
		if (bnc_result_count(r))
			fail_msg("%s: expected no verdict, got %zu", sample, bnc_result_count(r));
		goto out;
	}
	const char *rcpt = json_object_get_string_member(row, "recipient");
	const bnc_verdict *v = find_recipient(r, rcpt);
	if (!v)
		fail_msg("%s: no verdict for <%s> (%zu verdicts, status %s)", sample, rcpt, bnc_result_count(r),
		         bnc_result_error(r));
	GList *members = json_object_get_members(row);
	for (GList *m = members; m; m = m->next) {
		const char *k = m->data;
		if (!strcmp(k, "sample") || !strcmp(k, "stage") || !strcmp(k, "table") || !strcmp(k, "entry"))
			continue;
		JsonNode *n = json_object_get_member(row, k);
		char want[256];
		if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN)
			g_strlcpy(want, json_node_get_boolean(n) ? "true" : "false", sizeof want);
		else if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64)
			g_snprintf(want, sizeof want, "%" G_GINT64_FORMAT, json_node_get_int(n));
		else
			g_strlcpy(want, json_node_get_string(n) ? json_node_get_string(n) : "", sizeof want);
		const char *got = bnc_verdict_get(v, k);
		if (strcmp(want, got))
			fail_msg("%s <%s>: %s want '%s' got '%s'", sample, rcpt, k, want, got);
	}
	g_list_free(members);
	const bnc_step *d = bnc_verdict_decider(v);
	if (json_object_has_member(row, "stage")) {
		assert_non_null(d);
		if (strcmp(d->stage, json_object_get_string_member(row, "stage")))
			fail_msg("%s <%s>: stage want %s got %s", sample, rcpt, json_object_get_string_member(row, "stage"),
			         d->stage);
	}
	if (json_object_has_member(row, "table")) {
		const char *want = json_object_get_string_member(row, "table");
		if (!d->table || strcmp(d->table, want))
			fail_msg("%s <%s>: table want %s got %s", sample, rcpt, want, d->table ? d->table : "(none)");
	}
	if (json_object_has_member(row, "entry")) {
		int want = (int)json_object_get_int_member(row, "entry");
		if (d->entry != want)
			fail_msg("%s <%s>: entry want %d got %d (%s:%d)", sample, rcpt, want, d->entry, d->file, d->line);
	}
out:
	bnc_result_free(r);
	g_free(data);
}

static void test_row(void **state)
{
	check_row(*state);
}

/* Every file in samples/cur has at least one expectation row. */
static void test_every_sample_has_rows(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	const char *n;
	int files = 0;
	while ((n = g_dir_read_name(d)) != NULL) {
		if (n[0] == '.')
			continue;
		files++;
		char *path = g_strconcat("samples/cur/", n, NULL);
		int found = 0;
		for (guint i = 0; i < rows->len && !found; i++)
			found = !strcmp(json_object_get_string_member(g_ptr_array_index(rows, i), "sample"), path);
		if (!found)
			fail_msg("%s has no row in samples/expected.jsonl", path);
		g_free(path);
	}
	g_dir_close(d);
	assert_true(files > 0);
}

/* No message of samples/not-bounces gives a bounce record; there are 20 at least. */
static void test_not_bounces(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/not-bounces", 0, NULL);
	assert_non_null(d);
	const char *n;
	int files = 0;
	while ((n = g_dir_read_name(d)) != NULL) {
		if (n[0] == '.')
			continue;
		files++;
		char *path = g_strconcat("samples/not-bounces/", n, NULL);
		size_t len = 0;
		char *data = read_file(path, &len);
		assert_non_null(data);
		bnc_options opt = {1, 1, 0};
		bnc_result *r = bnc_decode(data, len, path, &opt);
		for (size_t i = 0; i < bnc_result_count(r); i++) {
			const bnc_verdict *v = bnc_result_verdict(r, i);
			if (strcmp(bnc_verdict_get(v, "reason"), "vacation") || bnc_verdict_guessed(v))
				fail_msg("%s: not a bounce, yet <%s> %s by %s (action '%s')", path, bnc_verdict_get(v, "recipient"),
				         bnc_verdict_get(v, "reason"), bnc_verdict_get(v, "decodedby"), bnc_verdict_get(v, "action"));
		}
		bnc_result_free(r);
		g_free(data);
		g_free(path);
	}
	g_dir_close(d);
	assert_true(files >= 20);
}

int main(void)
{
	rows = g_ptr_array_new();
	char *text = NULL;
	if (!g_file_get_contents("samples/expected.jsonl", &text, NULL, NULL)) {
		fprintf(stderr, "samples/expected.jsonl: cannot read (run from the repository's root)\n");
		return 1;
	}
	char **lines = g_strsplit(text, "\n", -1);
	JsonParser *p = json_parser_new();
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		if (!json_parser_load_from_data(p, *l, -1, NULL)) {
			fprintf(stderr, "samples/expected.jsonl: bad line: %s\n", *l);
			return 1;
		}
		g_ptr_array_add(rows, json_object_ref(json_node_get_object(json_parser_get_root(p))));
	}
	struct CMUnitTest *tests = g_new0(struct CMUnitTest, rows->len + 2);
	char **names = g_new0(char *, rows->len + 1);
	for (guint i = 0; i < rows->len; i++) {
		JsonObject *o = g_ptr_array_index(rows, i);
		names[i] = g_strdup_printf("%s <%s>", json_object_get_string_member(o, "sample"),
		                           json_object_has_member(o, "recipient") ? json_object_get_string_member(o, "recipient") : "-");
		tests[i].name = names[i];
		tests[i].test_func = test_row;
		tests[i].initial_state = o;
	}
	tests[rows->len].name = "every sample has an expectation";
	tests[rows->len].test_func = test_every_sample_has_rows;
	tests[rows->len + 1].name = "no message of samples/not-bounces gives a bounce";
	tests[rows->len + 1].test_func = test_not_bounces;
	int rc = _cmocka_run_group_tests("samples", tests, rows->len + 2, NULL, NULL);
	for (guint i = 0; i < rows->len; i++) {
		json_object_unref(g_ptr_array_index(rows, i));
		g_free(names[i]);
	}
	g_free(names);
	g_free(tests);
	g_ptr_array_free(rows, TRUE);
	g_object_unref(p);
	g_strfreev(lines);
	g_free(text);
	return rc;
}
