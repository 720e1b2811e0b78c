/* test_pack.c - a result packed and read back (engine/output/pack.c) prints
 * the same bytes as the one decoded, in every form: JSON with and without
 * the explanation, CSV and the suppression list, the explanation walked as
 * explain and the browser walk it; bytes that are not a whole pack are
 * refused, never half read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include "pack.h"
#include "export.h"

/* The explanation walked into text: claim, steps with every member, span,
 * sources and the advice lines. */
static void w_claim(void *ctx, const char *claim)
{
	g_string_append_printf(ctx, "claim %s\n", claim);
}

static void w_step(void *ctx, size_t i, const bnc_step *s)
{
	g_string_append_printf(ctx, "step %zu %s|%s|%s|%d|%s|%d|%s|%zu|%zu|%s|%s|%d\n", i, s->stage ? s->stage : "-",
	                       s->table ? s->table : "-", s->table_title ? s->table_title : "-", s->entry,
	                       s->file ? s->file : "-", s->line, s->field ? s->field : "-", s->offset, s->length,
	                       s->reason ? s->reason : "-", s->note ? s->note : "-", s->decided);
}

static void w_span(void *ctx, const bnc_step *d, const char *text)
{
	g_string_append_printf(ctx, "span %s\n", text);
}

static void w_source(void *ctx, bnc_field f, const char *src)
{
	g_string_append_printf(ctx, "source %d %s\n", (int)f, src);
}

static void w_advice(void *ctx, const bnc_advice_line *l)
{
	g_string_append_printf(ctx, "advice %s %s %s %s %s %s\n", l->what, l->key ? l->key : "-", l->text,
	                       l->source ? l->source : "-", l->todo ? l->todo : "-", l->severity ? l->severity : "-");
}

static const bnc_explain_printer walker = {w_claim, w_step, w_span, w_source, w_advice};

/* Everything a printer can get of a result, as text. */
static char *everything(const bnc_result *r)
{
	GString *o = g_string_new(NULL);
	g_string_append_printf(o, "status %d error %s notice %s count %zu\n", (int)bnc_result_status(r),
	                       bnc_result_error(r), bnc_result_notice(r) ? bnc_result_notice(r) : "(none)",
	                       bnc_result_count(r));
	g_string_append_printf(o, "claim %s\n", bnc_result_claim(r) ? bnc_result_claim(r) : "(none)");
	for (size_t i = 0; i < bnc_result_dropped_count(r); i++)
		g_string_append_printf(o, "dropped %s\n", bnc_result_dropped(r, i));
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		for (int e = 0; e < 2; e++) {
			char *js = bnc_verdict_to_json(v, e);
			g_string_append_printf(o, "%s\n", js);
			bnc_free(js);
		}
		for (size_t f = 0; f < bnc_field_count(); f++)
			g_string_append_printf(o, "%s=%s<%s>\n", bnc_field_at(f), bnc_verdict_get(v, bnc_field_at(f)),
			                       bnc_verdict_field_source(v, bnc_field_at(f)));
		bnc_verdict_explain(v, &walker, o);
	}
	for (int f = EXPORT_JSONL; f <= EXPORT_SUPPRESS; f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		struct exporter *ex = exporter_new((enum export_format)f, m);
		for (size_t i = 0; i < bnc_result_count(r); i++)
			exporter_add(ex, bnc_result_verdict(r, i));
		exporter_finish(ex);
		fclose(m);
		g_string_append_len(o, buf, (gssize)len);
		free(buf);
	}
	return g_string_free(o, FALSE);
}

static void same_after_pack(const char *data, size_t len, const char *origin, const bnc_options *opt, size_t *verdicts)
{
	bnc_result *r = bnc_decode(data, len, origin, opt);
	GString *p = g_string_new(NULL);
	bnc_result_pack_into(r, p);
	bnc_result *back = bnc_result_unpack(p->str, p->len);
	assert_non_null(back);
	char *a = everything(r), *b = everything(back);
	assert_string_equal(a, b);
	*verdicts += bnc_result_count(r);
	g_free(a);
	g_free(b);
	/* packed again, the same bytes */
	GString *q = g_string_new(NULL);
	bnc_result_pack_into(back, q);
	assert_int_equal(p->len, q->len);
	assert_memory_equal(p->str, q->str, p->len);
	g_string_free(q, TRUE);
	g_string_free(p, TRUE);
	bnc_result_free(back);
	bnc_result_free(r);
}

static void every_sample_prints_the_same_after_pack(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	const char *name;
	size_t verdicts = 0, files = 0;
	static const bnc_options opts[] = {{0, 0, 0}, {1, 1, 0}, {0, 0, 1}};
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename("samples/cur", name, NULL), *data = NULL;
		gsize len = 0;
		assert_true(g_file_get_contents(path, &data, &len, NULL));
		for (size_t o = 0; o < G_N_ELEMENTS(opts); o++)
			same_after_pack(data, len, path, &opts[o], &verdicts);
		files++;
		g_free(data);
		g_free(path);
	}
	g_dir_close(d);
	assert_true(files > 100);
	assert_true(verdicts > 200);
}

/* Results without verdicts: an error, and a notice a cap left; an origin
 * that is not UTF-8 (made valid by the engine, kept so). */
static void errors_notices_and_odd_names(void **state)
{
	(void)state;
	size_t n = 0;
	same_after_pack("", 0, "empty", NULL, &n);
	same_after_pack("\n", 1, "newline", NULL, &n);
	char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents("samples/cur/rfc3464-userunknown.eml", &data, &len, NULL));
	same_after_pack(data, len, "q/\xff\xfe-name\x1b[31m", NULL, &n);
	/* 1,000 header fields past the cap: decoded with a notice */
	GString *big = g_string_new(NULL);
	for (int i = 0; i < 1100; i++)
		g_string_append_printf(big, "X-Field-%d: v\n", i);
	g_string_append_len(big, data, (gssize)len);
	bnc_result *r = bnc_decode(big->str, big->len, "big", NULL);
	int noticed = bnc_result_notice(r) != NULL;
	bnc_result_free(r);
	same_after_pack(big->str, big->len, "big", NULL, &n);
	g_string_free(big, TRUE);
	g_free(data);
	assert_true(noticed || n > 0);
}

/* Every cut of a pack short of its end is refused, as are bytes after it, a
 * wrong magic, and (most) single bytes changed: none of them crashes. */
static void damaged_packs_are_refused(void **state)
{
	(void)state;
	char *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents("samples/cur/rfc3464-userunknown.eml", &data, &len, NULL));
	bnc_result *r = bnc_decode(data, len, "m", NULL);
	GString *p = g_string_new(NULL);
	bnc_result_pack_into(r, p);
	for (size_t cut = 0; cut < p->len; cut++)
		assert_null(bnc_result_unpack(p->str, cut));
	GString *more = g_string_new_len(p->str, (gssize)p->len);
	g_string_append_c(more, 0);
	assert_null(bnc_result_unpack(more->str, more->len));
	more->str[0] = 'X';
	assert_null(bnc_result_unpack(more->str, p->len));
	g_string_free(more, TRUE);
	/* each byte flipped: refused or read to something whole (a flipped
	 * letter of a value is still a value) that prints */
	size_t refused = 0;
	for (size_t i = 0; i < p->len; i++) {
		char *c = g_memdup2(p->str, p->len);
		c[i] ^= 0x5a;
		bnc_result *b = bnc_result_unpack(c, p->len);
		if (!b)
			refused++;
		else
			g_free(everything(b)), bnc_result_free(b);
		g_free(c);
	}
	assert_true(refused > 0);
	g_string_free(p, TRUE);
	bnc_result_free(r);
	g_free(data);
	assert_null(bnc_result_unpack(NULL, 0));
	assert_null(bnc_result_unpack("BNP2", 4));
}

static void the_engine_is_told_by_its_build(void **state)
{
	(void)state;
	const char *id = bnc_engine_id();
	assert_non_null(id);
	assert_non_null(strstr(id, bnc_version()));
	assert_non_null(strstr(id, " build "));
	assert_ptr_equal(id, bnc_engine_id());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_sample_prints_the_same_after_pack),
		cmocka_unit_test(errors_notices_and_odd_names),
		cmocka_unit_test(damaged_packs_are_refused),
		cmocka_unit_test(the_engine_is_told_by_its_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
