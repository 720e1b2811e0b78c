/* test_emit.c - bnc_verdict_to_json writes its JSON itself: its bytes must be
 * those json-glib's builder and generator made of the same verdict (then
 * bnc_json_escape_unsafe over them), which this test builds as the
 * reference: for every sample, and for verdicts whose fields hold every
 * kind of character (controls, quotes, backslashes, DEL, C1 controls,
 * invisible and astral characters, U+FFFD for bad bytes). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include "bouncelens.h"
#include "private.h"

/* ---- the reference: json-glib, as emit.c used it before ------------------ */

struct ref_walk {
	JsonBuilder *b;
	int in_sources, in_meaning;
};

static void ref_sources_begin(struct ref_walk *w)
{
	if (w->in_sources)
		return;
	w->in_sources = 1;
	json_builder_end_array(w->b);
	json_builder_set_member_name(w->b, "sources");
	json_builder_begin_object(w->b);
}

static void ref_claim(void *ctx, const char *claim)
{
	JsonBuilder *b = ((struct ref_walk *)ctx)->b;
	json_builder_set_member_name(b, "claim");
	json_builder_add_string_value(b, claim);
	json_builder_set_member_name(b, "steps");
	json_builder_begin_array(b);
}

static void ref_step(void *ctx, size_t i, const bnc_step *s)
{
	JsonBuilder *b = ((struct ref_walk *)ctx)->b;
	(void)i;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "stage");
	json_builder_add_string_value(b, s->stage);
	if (s->table) {
		json_builder_set_member_name(b, "table");
		json_builder_add_string_value(b, s->table);
		json_builder_set_member_name(b, "entry");
		json_builder_add_int_value(b, s->entry);
		json_builder_set_member_name(b, "at");
		char *at = g_strdup_printf("%s:%d", s->file ? s->file : "", s->line);
		json_builder_add_string_value(b, at);
		g_free(at);
	}
	if (s->field && s->length) {
		json_builder_set_member_name(b, "field");
		json_builder_add_string_value(b, s->field);
		json_builder_set_member_name(b, "offset");
		json_builder_add_int_value(b, (gint64)s->offset);
		json_builder_set_member_name(b, "length");
		json_builder_add_int_value(b, (gint64)s->length);
	}
	json_builder_set_member_name(b, "reason");
	if (s->reason)
		json_builder_add_string_value(b, s->reason);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "decided");
	json_builder_add_boolean_value(b, s->decided);
	json_builder_set_member_name(b, "note");
	json_builder_add_string_value(b, s->note ? s->note : "");
	json_builder_end_object(b);
}

static void ref_source(void *ctx, bnc_field f, const char *source)
{
	struct ref_walk *w = ctx;
	ref_sources_begin(w);
	json_builder_set_member_name(w->b, bnc_field_at(f));
	json_builder_add_string_value(w->b, source);
}

static void ref_member(JsonBuilder *b, const char *name, const char *value)
{
	if (!value)
		return;
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, value);
}

static void ref_advice(void *ctx, const bnc_advice_line *l)
{
	struct ref_walk *w = ctx;
	JsonBuilder *b = w->b;
	if (!w->in_meaning) {
		ref_sources_begin(w);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "meaning");
		json_builder_begin_object(b);
		w->in_meaning = 1;
	}
	json_builder_set_member_name(b, l->what);
	json_builder_begin_object(b);
	ref_member(b, "key", l->key);
	ref_member(b, "text", l->text);
	ref_member(b, "source", l->source);
	ref_member(b, "todo", l->todo);
	ref_member(b, "severity", l->severity);
	json_builder_end_object(b);
}

static const bnc_explain_printer ref_printer = {ref_claim, ref_step, NULL, ref_source, ref_advice};

static char *ref_json(const bnc_verdict *v, int explain)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	for (size_t f = 0; f < bnc_field_count(); f++) {
		json_builder_set_member_name(b, bnc_field_at(f));
		if (f == BNC_F_catch_)
			json_builder_add_null_value(b);
		else if (f == BNC_F_hardbounce)
			json_builder_add_boolean_value(b, bnc_verdict_hardbounce(v));
		else if (f == BNC_F_timestamp)
			json_builder_add_int_value(b, bnc_verdict_timestamp(v));
		else
			json_builder_add_string_value(b, bnc_verdict_field(v, (bnc_field)f));
	}
	if (explain) {
		struct ref_walk w = {b, 0, 0};
		json_builder_set_member_name(b, "explain");
		json_builder_begin_object(b);
		bnc_verdict_explain(v, &ref_printer, &w);
		if (!w.in_meaning)
			ref_sources_begin(&w);
		json_builder_end_object(b);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	JsonGenerator *g = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	char *s = bnc_json_escape_unsafe(json_generator_to_data(g, NULL));
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
	return s;
}

/* ---- the comparison ------------------------------------------------------- */

static int compare_all(const char *data, size_t len, const char *origin)
{
	const bnc_options opt = {.delivered = 1, .vacation = 1};
	bnc_result *r = bnc_decode(data, len, origin, &opt);
	int n = (int)bnc_result_count(r);
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		for (int explain = 0; explain <= 1; explain++) {
			char *want = ref_json(v, explain), *got = bnc_verdict_to_json(v, explain);
			assert_string_equal(got, want);
			g_free(want);
			bnc_free(got);
		}
	}
	bnc_result_free(r);
	return n;
}

static void every_sample(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	const char *n;
	int verdicts = 0;
	while ((n = g_dir_read_name(d))) {
		char *path = g_build_filename("samples/cur", n, NULL), *data;
		gsize len;
		if (g_file_get_contents(path, &data, &len, NULL)) {
			verdicts += compare_all(data, len, path);
			g_free(data);
		}
		g_free(path);
	}
	g_dir_close(d);
	assert_true(verdicts > 50);
}

/* A bounce whose Subject (an encoded word: any bytes), diagnostic text
 * (8-bit, as it is) and file name carry the characters given. */
static int odd_characters(const char *chars, size_t n)
{
	char *b64 = g_base64_encode((const guchar *)chars, n);
	GString *diag = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)   /* no line ends: one field */
		g_string_append_c(diag, chars[i] == '\n' || chars[i] == '\r' ? ' ' : chars[i]);
	char *msg = g_strdup_printf(
		"From: MAILER-DAEMON@mx.example.org\n"
		"To: sender@example.com\n"
		"Subject: =?utf-8?b?%s?=\n"
		"Date: Tue, 02 Jan 2024 10:00:00 +0000\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nNot delivered.\n"
		"--b\nContent-Type: message/delivery-status; charset=utf-8\n\n"
		"Reporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown \"%s\" \\ end\n\n"
		"--b\nContent-Type: text/rfc822-headers\n\n"
		"From: sender@example.com\nTo: gone@example.net\nSubject: =?utf-8?b?%s?=\n\n"
		"--b--\n",
		b64, diag->str, b64);
	char *origin = g_strdup_printf("odd/\"%s\\.eml", diag->str);
	int verdicts = compare_all(msg, strlen(msg), origin);
	g_free(origin);
	g_free(msg);
	g_string_free(diag, TRUE);
	g_free(b64);
	return verdicts;
}

static void every_kind_of_character(void **state)
{
	(void)state;
	/* each byte from 1 to 0xff alone (bad UTF-8 becomes U+FFFD) */
	for (int c = 1; c < 256; c++) {
		char s[3] = {'a', (char)c, 'z'};
		assert_int_equal(odd_characters(s, 3), 1);
	}
	/* characters in UTF-8: controls, C1, invisible ones, astral ones */
	static const gunichar cps[] = {0x1f, 0x7f, 0x80, 0x9b, 0x9f, 0xa0, 0xad, 0x34f, 0x61c, 0x200b, 0x200f,
	                               0x2028, 0x2029, 0x202e, 0x2062, 0xfeff, 0xfffd, 0xe9, 0x3042, 0x1f600,
	                               0x1d173, 0xe0001, 0x10ffff};
	for (size_t i = 0; i < G_N_ELEMENTS(cps); i++) {
		char s[16] = "\"x\\";
		int n = 3 + g_unichar_to_utf8(cps[i], s + 3);
		s[n++] = '"';
		assert_int_equal(odd_characters(s, (size_t)n), 1);
	}
	/* and random runs of them all */
	GRand *rnd = g_rand_new_with_seed(18);
	for (int k = 0; k < 200; k++) {
		GString *s = g_string_new(NULL);
		int len = g_rand_int_range(rnd, 1, 40);
		for (int i = 0; i < len; i++) {
			if (g_rand_boolean(rnd))
				g_string_append_c(s, (char)g_rand_int_range(rnd, 1, 256));
			else
				g_string_append_unichar(s, cps[g_rand_int_range(rnd, 0, G_N_ELEMENTS(cps))]);
		}
		assert_int_equal(odd_characters(s->str, s->len), 1);
		g_string_free(s, TRUE);
	}
	g_rand_free(rnd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_sample),
		cmocka_unit_test(every_kind_of_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
