/* test_walk.c - the ordered parallel walk hands each message to its
 * callback as soon as it and those before it are decoded: a slow message
 * does not keep the ones read before it from the browser's screen, with one
 * thread or several, and the order stays the order read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "walk.h"

#define N 6
#define SLOW 3

static GMutex mu;
static GCond cv;
static int seen;             /* messages the callback has had */
static int early;            /* the slow one found those before it handed out */
static int order_ok;

/* On a decoding thread: the slow message waits (up to 3 s) until the
 * callback has had every message before it. */
static void render(bnc_result *r, GString *out, void *ctx)
{
	(void)ctx;
	const char *rcpt = bnc_result_count(r) ? bnc_verdict_get(bnc_result_verdict(r, 0), "recipient") : "";
	g_string_append(out, rcpt);
	if (strcmp(rcpt, "r3@example.net"))
		return;
	gint64 end = g_get_monotonic_time() + 3 * G_TIME_SPAN_SECOND;
	g_mutex_lock(&mu);
	while (seen < SLOW && g_cond_wait_until(&cv, &mu, end))
		;
	early = seen >= SLOW;
	g_mutex_unlock(&mu);
}

static void take(const struct walk_item *it, bnc_result *r, void *ctx)
{
	(void)r;
	(void)ctx;
	g_mutex_lock(&mu);
	char want[32];
	g_snprintf(want, sizeof want, "r%d@example.net", seen);
	if (!it->text || strcmp(it->text, want))
		order_ok = 0;
	seen++;
	g_cond_broadcast(&cv);
	g_mutex_unlock(&mu);
}

static void slow_message_does_not_hold_back_earlier_ones(void **state)
{
	(void)state;
	char *dir = g_dir_make_tmp("bnc-walk-XXXXXX", NULL);
	char *tmpl = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents("samples/cur/rfc3464-userunknown.eml", &tmpl, &len, NULL));
	for (int i = 0; i < N; i++) {
		/* the sample's recipient, made r<i>@example.net */
		GString *m = g_string_new(tmpl);
		bnc_options opt = {0};
		bnc_result *r = bnc_decode(tmpl, len, "x", &opt);
		char *old = g_strdup(bnc_verdict_get(bnc_result_verdict(r, 0), "recipient"));
		bnc_result_free(r);
		char *new = g_strdup_printf("r%d@example.net", i);
		for (char *at; (at = strstr(m->str, old));) {
			gssize pos = at - m->str;
			g_string_erase(m, pos, (gssize)strlen(old));
			g_string_insert(m, pos, new);
		}
		char *path = g_strdup_printf("%s/%d.eml", dir, i);
		assert_true(g_file_set_contents(path, m->str, (gssize)m->len, NULL));
		g_free(path);
		g_free(new);
		g_free(old);
		g_string_free(m, TRUE);
	}
	static const int jobs[] = {1, 2, 4};
	for (size_t j = 0; j < G_N_ELEMENTS(jobs); j++) {
		seen = early = 0;
		order_ok = 1;
		bnc_options opt = {0};
		walk_quiet = 1;
		walk_paths_render(&dir, 1, &opt, jobs[j], NULL, render, take, NULL);
		if (!early)
			fail_msg("-j %d: the slow message's predecessors were not handed out first", jobs[j]);
		assert_int_equal(seen, N);
		assert_true(order_ok);
	}
	g_free(tmpl);
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	g_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slow_message_does_not_hold_back_earlier_ones),
	};
	return cmocka_run_group_tests_name("walk", tests, NULL, NULL);
}
