/* test_group.c - the frequency view's groups and the timeline's buckets,
 * over the samples as the browser loads them: counts that add up, shares,
 * and each group's and bucket's drill-down limit showing exactly its
 * verdicts, no more, no fewer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "group.h"
#include "limit.h"

static struct store *store;
static GArray *idx;   /* every row, as the list shows them unlimited */

static int setup(void **state)
{
	(void)state;
	static char *paths[] = {"samples", NULL};
	bnc_options opt = {0};
	store = store_new(paths, 1, 2, &opt);
	store_load(store);
	for (;;) {
		g_mutex_lock(&store->mu);
		int loading = store->loading;
		g_mutex_unlock(&store->mu);
		if (!loading)
			break;
		g_usleep(10000);
	}
	idx = g_array_new(FALSE, FALSE, sizeof(guint32));
	for (guint32 i = 0; i < store->rows->len; i++)
		if (g_array_index(store->rows, struct row, i).kind != ROW_NOVERDICT)
			g_array_append_val(idx, i);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	g_array_free(idx, TRUE);
	store_free(store);
	return 0;
}

static const struct row *rows(void)
{
	return (const struct row *)(const void *)store->rows->data;
}

static size_t count_matching(const char *pattern)
{
	char *err = NULL;
	struct limit *l = limit_parse(pattern, &err);
	if (!l)
		fail_msg("'%s' does not parse: %s", pattern, err);
	size_t n = 0;
	for (guint i = 0; i < idx->len; i++)
		n += limit_match(l, &rows()[g_array_index(idx, guint32, i)]) != 0;
	limit_free(l);
	return n;
}

static void providers(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"mx1.mail.Example.NET", "example.net"}, {"mta-out.biglobe.ne.jp", "biglobe.ne.jp"},
		{"a.ne.jp", "a.ne.jp"}, {"mail.example.co.uk", "example.co.uk"}, {"example.com", "example.com"},
		{"198.51.100.7", "198.51.100.7"}, {"2001:db8::1", "2001:db8::1"}, {"", ""},
		{"gmail-smtp-in.l.google.com.", "google.com"},
	};
	char buf[64];
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		assert_string_equal(provider_of(cases[i][0], buf, sizeof buf), cases[i][1]);
}

/* Every field: the counts add up to the rows, hard + soft + other + bad is
 * each group's count, counts come most first, and the group's limit shows
 * exactly its count. */
static void groups_and_their_limits(void **state)
{
	(void)state;
	const guint32 *ix = (const guint32 *)(const void *)idx->data;
	for (int f = 0; f < GROUP__COUNT; f++) {
		GArray *g = groups_compute(rows(), ix, idx->len, (enum group_field)f, ORDER_COUNT, 0);
		assert_true(g->len > 1);
		size_t sum = 0;
		for (guint i = 0; i < g->len; i++) {
			const struct group *x = &g_array_index(g, struct group, i);
			sum += x->count;
			assert_int_equal(x->hard + x->soft + x->other + x->bad, x->count);
			if (i)
				assert_true(g_array_index(g, struct group, i - 1).count >= x->count);
			char *lim = group_limit((enum group_field)f, x->value);
			size_t n = count_matching(lim);
			if (n != x->count)
				fail_msg("%s %s: %zu in the group, %zu shown by '%s'", group_field_name(f), x->value, x->count, n, lim);
			g_free(lim);
		}
		assert_int_equal(sum, idx->len);
		groups_free(g);
	}
	/* by value, and reversed */
	GArray *g = groups_compute(rows(), ix, idx->len, GROUP_DECODER, ORDER_VALUE, 1);
	for (guint i = 1; i < g->len; i++)
		assert_true(strcmp(g_array_index(g, struct group, i - 1).value, g_array_index(g, struct group, i).value) > 0);
	groups_free(g);
}

static void buckets_and_their_limits(void **state)
{
	(void)state;
	const guint32 *ix = (const guint32 *)(const void *)idx->data;
	static const int64_t widths[] = {3600, 86400};
	for (size_t w = 0; w < G_N_ELEMENTS(widths); w++) {
		size_t undated = 0;
		GArray *b = buckets_compute(rows(), ix, idx->len, widths[w], 1000000, &undated);
		size_t sum = 0, checked = 0;
		for (guint i = 0; i < b->len; i++) {
			const struct bucket *k = &g_array_index(b, struct bucket, i);
			assert_int_equal(k->from % widths[w], 0);
			if (i)
				assert_int_equal(k->from, g_array_index(b, struct bucket, i - 1).from + widths[w]);
			sum += k->count;
			assert_int_equal(k->hard + k->soft + k->other, k->count);
			if (!k->count || checked++ > 40)   /* the first buckets with verdicts */
				continue;
			char *lim = bucket_limit(k->from, widths[w]);
			assert_int_equal(count_matching(lim), k->count);
			g_free(lim);
		}
		assert_int_equal(sum + undated, idx->len);
		size_t want = 0;
		for (guint i = 0; i < idx->len; i++)
			want += rows()[g_array_index(idx, guint32, i)].timestamp <= 0;
		assert_int_equal(undated, want);   /* rows without a date are counted apart */
		g_array_free(b, TRUE);
	}
	/* at most max buckets, the newest kept */
	size_t undated;
	GArray *all = buckets_compute(rows(), ix, idx->len, 86400, 1000000, &undated);
	GArray *few = buckets_compute(rows(), ix, idx->len, 86400, 10, &undated);
	assert_int_equal(few->len, 10);
	assert_int_equal(g_array_index(few, struct bucket, 9).from, g_array_index(all, struct bucket, all->len - 1).from);
	g_array_free(all, TRUE);
	g_array_free(few, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(providers),
		cmocka_unit_test(groups_and_their_limits),
		cmocka_unit_test(buckets_and_their_limits),
	};
	return cmocka_run_group_tests_name("group", tests, setup, teardown);
}
