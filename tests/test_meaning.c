/* test_meaning.c - what codes, reasons and entries mean, and what to do
 * (engine/output/meaning.c, engine/tables/meaning-*.def, advice-*.def).
 *
 * That every code bouncelens can print has a meaning (every status of every
 * class, subject and detail; every reply code), that the status list is the
 * IANA registry's, that every reason has a meaning and a next step, that no
 * advice key names a missing entry or a missing text (a missing text does
 * not even build), that the tables the issue names are complete, and that
 * explanations, JSON and match say it all without changing a verdict. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <json-glib/json-glib.h>
#include "private.h"
#include "smtpcode.h"
#include "meaning.h"
#include "rhost.h"
#include "bouncelens.h"
#include "advice.h"

/* The IANA SMTP Enhanced Status Codes registry's enumerated codes, written
 * out here on their own so that meaning-status.def is held against them. */
static const char *const registry[] = {
	"X.0.0",
	"X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8", "X.1.9", "X.1.10",
	"X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
	"X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6",
	"X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
	"X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6",
	"X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6", "X.6.7", "X.6.8", "X.6.9", "X.6.10",
	"X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7", "X.7.8", "X.7.9", "X.7.10",
	"X.7.11", "X.7.12", "X.7.13", "X.7.14", "X.7.15", "X.7.16", "X.7.17", "X.7.18", "X.7.19", "X.7.20",
	"X.7.21", "X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.26", "X.7.27", "X.7.28", "X.7.29", "X.7.30",
};

/* The reply codes of RFC 5321 (section 4.2) and of the extensions that
 * define their own: each must have a meaning of its own. */
static const char *const replies[] = {
	"211", "214", "220", "221", "250", "251", "252", "354", "421", "450", "451", "452", "455", "500", "501",
	"502", "503", "504", "550", "551", "552", "553", "554", "555",   /* RFC 5321 */
	"235", "334", "432", "454", "530", "534", "535", "538",          /* RFC 4954 */
	"521", "556",                                                    /* RFC 7504 */
	"253", "458", "459",                                             /* RFC 1985 */
};

/* Every provider's table has advice for every entry (the registry's list,
 * so a new provider is held to it too); these at least must be there. */
static const char *const complete[] = {"mimecast", "google", "microsoft", "yahooinc", "outlook"};

/* Texts are short, printable ASCII, with no space at either end. */
static void check_text(const char *what, const char *s, size_t max)
{
	if (!s || !*s)
		fail_msg("%s: empty", what);
	size_t n = strlen(s);
	if (n > max)
		fail_msg("%s: %zu characters (at most %zu): %s", what, n, max, s);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			fail_msg("%s: not printable ASCII at %zu: %s", what, i, s);
	if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == '.')
		fail_msg("%s: a space at an end, or a final full stop: \"%s\"", what, s);
}

static void test_sources(void **state)
{
	(void)state;
	for (int i = 0; i < BNC_SRC__COUNT; i++) {
		check_text("source name", bnc_source_name(i), 40);
		check_text("source", bnc_source_where(i), 300);
	}
	assert_null(bnc_source_name(BNC_SRC__COUNT));
}

static void test_registry_complete(void **state)
{
	(void)state;
	assert_int_equal(bnc_status_meaning_count(), G_N_ELEMENTS(registry));
	for (size_t i = 0; i < G_N_ELEMENTS(registry); i++) {
		int found = 0;
		for (size_t k = 0; k < bnc_status_meaning_count(); k++)
			found |= !strcmp(bnc_status_meaning_code(k), registry[i]);
		if (!found)
			fail_msg("%s of the registry is not in meaning-status.def", registry[i]);
		for (const char *c = "245"; *c; c++) {
			char code[16];
			g_snprintf(code, sizeof code, "%c%s", *c, registry[i] + 1);
			bnc_code_meaning m;
			assert_int_equal(bnc_status_meaning(code, &m), 1);
			if (m.exact != 1)
				fail_msg("%s has no meaning of its own", code);
			check_text(code, m.title, 100);
			check_text(code, m.meaning, 200);
			assert_non_null(m.source);
			assert_non_null(m.class_title);
			assert_non_null(m.subject);
		}
	}
}

/* Every well-formed status, of every class, subject and detail, has a
 * meaning: the code's own, its subject's, or its reason's. */
static void test_every_status(void **state)
{
	(void)state;
	static const int subjects[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99, 999};
	int exact = 0, by_subject = 0;
	for (const char *c = "245"; *c; c++)
		for (size_t s = 0; s < G_N_ELEMENTS(subjects); s++)
			for (int d = 0; d <= 999; d++) {
				char code[16];
				g_snprintf(code, sizeof code, "%c.%d.%d", *c, subjects[s], d);
				bnc_code_meaning m;
				if (bnc_status_meaning(code, &m) != 1)
					fail_msg("%s has no meaning", code);
				if (!m.title && !m.meaning)
					fail_msg("%s: empty meaning", code);
				assert_non_null(m.meaning);
				assert_non_null(m.source);
				assert_non_null(m.class_title);
				assert_non_null(m.subject);
				exact += m.exact == 1;
				by_subject += m.exact == 0;
			}
	assert_int_equal(exact, 3 * G_N_ELEMENTS(registry));
	assert_true(by_subject > 0);
	bnc_code_meaning m;
	assert_int_equal(bnc_status_meaning("", &m), 0);
	assert_int_equal(bnc_status_meaning("3.1.1", &m), 0);
	assert_int_equal(bnc_status_meaning("5.1", &m), 0);
	assert_int_equal(bnc_status_meaning(NULL, &m), 0);
	assert_null(m.meaning);
}

/* Every internal code (pseudo-status.def) says the reason it stands for. */
static void test_internal_codes(void **state)
{
	(void)state;
	const struct bnc_table *t = bnc_table_get("status");
	assert_non_null(t);
	for (int r = 0; r < BNC_R__COUNT; r++)
		for (int temp = 0; temp < 2; temp++) {
			char code[16];
			bnc_status_code(r, temp, code);
			if (!*code)
				continue;
			bnc_code_meaning m;
			assert_int_equal(bnc_status_meaning(code, &m), 1);
			assert_int_equal(m.exact, 2);
			assert_string_equal(m.reason, bnc_reason_name(r));
			assert_string_equal(m.class_title, temp ? "temporary failure" : "permanent failure");
		}
}

/* Every status and reply code written in any table has a meaning. */
static void test_table_codes(void **state)
{
	(void)state;
	int n = 0;
	for (size_t t = 0; t < bnc_table_count(); t++)
		for (size_t i = 0; i < bnc_table_size(t); i++) {
			bnc_entry_info e;
			assert_true(bnc_table_entry(t, i, &e));
			const char *codes[2] = {e.status, e.code};
			for (int k = 0; k < 2; k++) {
				if (!codes[k])
					continue;
				char **ends = g_strsplit(codes[k], "-", 2);
				for (char **c = ends; *c; c++) {
					bnc_code_meaning m;
					int ok = k ? bnc_reply_meaning(*c, &m) : bnc_status_meaning(*c, &m);
					/* "550Z" is a Mimecast entry that never matches */
					if (!ok && strcmp(*c, "550Z"))
						fail_msg("%s entry %zu (%s:%d): %s has no meaning", bnc_table_name(t), i, e.file, e.line, *c);
					n += ok;
				}
				g_strfreev(ends);
			}
		}
	assert_true(n > 300);
}

static void test_every_reply(void **state)
{
	(void)state;
	for (int v = 200; v <= 599; v++) {
		char code[4];
		g_snprintf(code, sizeof code, "%d", v);
		bnc_code_meaning m;
		if (bnc_reply_meaning(code, &m) != 1)
			fail_msg("%s has no meaning", code);
		assert_non_null(m.meaning);
		assert_non_null(m.source);
		assert_non_null(m.class_title);
		assert_non_null(m.subject);
		if (m.exact)
			check_text(code, m.title, 100);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(replies); i++) {
		bnc_code_meaning m;
		assert_int_equal(bnc_reply_meaning(replies[i], &m), 1);
		if (m.exact != 1)
			fail_msg("%s has no meaning of its own", replies[i]);
	}
	for (size_t i = 0; i < bnc_reply_meaning_count(); i++) {
		bnc_code_meaning m;
		const char *c = bnc_reply_meaning_code(i);
		assert_int_equal(bnc_reply_meaning(c, &m), 1);
		check_text(c, m.meaning, 200);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(c, bnc_reply_meaning_code(k)))
				fail_msg("%s is listed twice", c);
	}
	bnc_code_meaning m;
	assert_int_equal(bnc_reply_meaning("55", &m), 0);
	assert_int_equal(bnc_reply_meaning("650", &m), 0);
	assert_int_equal(bnc_reply_meaning("5x0", &m), 0);
	assert_int_equal(bnc_reply_meaning(NULL, &m), 0);
}

/* One line per reason, in the order of reasons.def. */
static void test_reasons(void **state)
{
	(void)state;
	assert_int_equal(bnc_reason_meaning_count(), BNC_R__COUNT);
	for (size_t i = 0; i < bnc_reason_meaning_count(); i++)
		assert_int_equal(bnc_reason_meaning_at(i), (int)i);
	static const char *const todos[] = {"none", "retry", "retry-then-suppress", "fix", "suppress", "review"};
	for (size_t i = 0; i < bnc_reason_count(); i++) {
		bnc_reason_meaning r;
		assert_int_equal(bnc_reason_advice(bnc_reason_at(i), &r), 1);
		check_text(bnc_reason_at(i), r.meaning, 200);
		check_text(bnc_reason_at(i), r.next, 260);
		assert_non_null(r.source);
		int ok = 0;
		for (size_t k = 0; k < G_N_ELEMENTS(todos); k++)
			ok |= !strcmp(r.todo, todos[k]);
		assert_true(ok);
	}
	bnc_reason_meaning r;
	assert_int_equal(bnc_reason_advice("mesgtoobig", &r), 1);   /* a legacy name */
	assert_int_equal(bnc_reason_advice("nosuchreason", &r), 0);
	assert_int_equal(bnc_reason_advice("userunknown", &r), 1);
	assert_string_equal(r.todo, "suppress");
	assert_int_equal(bnc_reason_advice("mailboxfull", &r), 1);
	assert_string_equal(r.todo, "retry-then-suppress");
}

/* Every key names an entry of its table, no entry is named twice, every
 * text is used; the texts are short. */
static void test_advice_keys(void **state)
{
	(void)state;
	GString *out = g_string_new(NULL);
	int problems = bnc_advice_check(out);
	if (problems)
		fail_msg("%d problems with the advice files:\n%s", problems, out->str);
	g_string_free(out, TRUE);
	assert_true(bnc_advice_file_count() > 0);
	for (size_t f = 0; f < bnc_advice_file_count(); f++) {
		const struct bnc_advice_file *af = bnc_advice_file_at(f);
		for (size_t x = 0; x < af->ntexts; x++) {
			char *what = g_strdup_printf("%s:%d (%s)", af->texts[x].file, af->texts[x].line, af->texts[x].id);
			check_text(what, af->texts[x].meaning, 260);
			check_text(what, af->texts[x].advice, 300);
			assert_non_null(bnc_source_name(af->texts[x].source));
			for (size_t y = 0; y < x; y++)
				if (!strcmp(af->texts[x].id, af->texts[y].id))
					fail_msg("%s: id used twice", what);
			g_free(what);
		}
	}
}

/* Every entry of every provider table has advice. */
static void test_complete_tables(void **state)
{
	(void)state;
	for (size_t c = 0; c < G_N_ELEMENTS(complete); c++) {
		int found = 0;
		for (size_t p = 0; p < bnc_rhost_count(); p++)
			found |= !strcmp(bnc_rhost_at(p), complete[c]) && bnc_rhost_table(complete[c]);
		if (!found)
			fail_msg("%s is not a provider with a table", complete[c]);
	}
	for (size_t p = 0; p < bnc_rhost_count(); p++) {
		const char *name = bnc_rhost_at(p);
		if (!bnc_rhost_table(name))
			continue;
		int t = bnc_table_find(name);
		assert_true(t >= 0);
		for (size_t i = 0; i < bnc_table_size((size_t)t); i++) {
			bnc_entry_info e;
			bnc_entry_advice a;
			assert_true(bnc_table_entry((size_t)t, i, &e));
			if (!e.reason)   /* a provider rule's stop entry (reason none) */
				continue;
			if (!bnc_table_entry_advice((size_t)t, i, &a))
				fail_msg("%s entry %zu (%s:%d, \"%s\") has no advice", name, i, e.file, e.line,
				         e.frag[0] ? e.frag[0] : "");
			assert_non_null(a.meaning);
			assert_non_null(a.advice);
			assert_non_null(a.source);
			assert_non_null(strstr(a.file, "advice-"));
		}
	}
	/* a decoder's table named like a provider's (kddi) has none of its advice */
	int first = bnc_table_find("kddi"), second = -1;
	for (size_t t = (size_t)first + 1; t < bnc_table_count(); t++)
		if (!strcmp(bnc_table_name(t), "kddi"))
			second = (int)t;
	bnc_entry_advice a;
	if (second >= 0) {
		bnc_entry_info e;
		for (size_t i = 0; bnc_table_entry((size_t)second, i, &e); i++) {
			assert_int_equal(bnc_table_entry_advice((size_t)second, i, &a), 0);
			bnc_step s = {.stage = "decoder", .table = "kddi", .entry = (int)i, .file = e.file, .line = e.line};
			assert_int_equal(bnc_step_advice(&s, &a), 0);
		}
		assert_true(bnc_table_entry((size_t)first, 0, &e));
		bnc_step s = {.stage = "provider", .table = "kddi", .entry = 0, .file = e.file, .line = e.line};
		assert_int_equal(bnc_step_advice(&s, &a), 1);
	}
	assert_int_equal(bnc_table_entry_advice(9999, 0, &a), 0);
	assert_int_equal(bnc_table_entry_advice(0, 99999, &a), 0);
	assert_int_equal(bnc_step_advice(NULL, &a), 0);
}

static char *read_sample(const char *path, size_t *len)
{
	char *data = NULL;
	gsize n = 0;
	if (!g_file_get_contents(path, &data, &n, NULL))
		fail_msg("%s: cannot read", path);
	*len = n;
	return data;
}

struct collect {
	GPtrArray *what;
	GString *all;
};

static void collect_line(void *ctx, const bnc_advice_line *l)
{
	struct collect *c = ctx;
	g_ptr_array_add(c->what, g_strdup(l->what));
	g_string_append_printf(c->all, "%s|%s|%s|%s|%s|%s\n", l->what, l->key ? l->key : "", l->text,
	                       l->source ? l->source : "", l->todo ? l->todo : "", l->severity ? l->severity : "");
	assert_non_null(l->text);
	if (!strcmp(l->what, "summary")) {
		assert_non_null(l->todo);
		assert_non_null(l->severity);
		assert_null(l->source);
	}
}

static int has(const struct collect *c, const char *what)
{
	for (guint i = 0; i < c->what->len; i++)
		if (!strcmp(g_ptr_array_index(c->what, i), what))
			return 1;
	return 0;
}

/* A sample of each provider: its deciding entry has advice, and the
 * explanation says it, with the provider's source. */
static void test_provider_samples(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	const char *n;
	int samples = 0;
	while ((n = g_dir_read_name(d)) != NULL) {
		if (strncmp(n, "rhost-", 6))
			continue;
		char *path = g_strconcat("samples/cur/", n, NULL);
		size_t len;
		char *data = read_sample(path, &len);
		bnc_options opt = {0, 0, 0};
		bnc_result *r = bnc_decode(data, len, path, &opt);
		assert_true(bnc_result_count(r) > 0);
		const bnc_verdict *v = bnc_result_verdict(r, 0);
		const bnc_step *s = bnc_verdict_decider(v);
		assert_non_null(s);
		if (strcmp(s->stage, "provider"))
			fail_msg("%s: decided by %s, not a provider", path, s->stage);
		bnc_entry_advice a;
		if (!bnc_step_advice(s, &a))
			fail_msg("%s: entry %d of %s has no advice", path, s->entry, s->table);
		struct collect c = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
		bnc_verdict_advice(v, collect_line, &c);
		assert_true(c.what->len >= 5);
		assert_string_equal(g_ptr_array_index(c.what, 0), "summary");
		assert_string_equal(g_ptr_array_index(c.what, 1), "entry");
		assert_string_equal(g_ptr_array_index(c.what, 2), "advice");
		assert_true(has(&c, "reason") && has(&c, "next"));
		assert_non_null(strstr(c.all->str, a.source));
		g_ptr_array_free(c.what, TRUE);
		g_string_free(c.all, TRUE);
		bnc_result_free(r);
		g_free(data);
		g_free(path);
		samples++;
	}
	g_dir_close(d);
	assert_true(samples >= 18);
}

/* Every verdict of every sample: the codes it prints have meanings, and the
 * summary says temporary or permanent and what to do. */
static void test_every_sample(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	const char *n;
	int verdicts = 0;
	while ((n = g_dir_read_name(d)) != NULL) {
		char *path = g_strconcat("samples/cur/", n, NULL);
		size_t len;
		char *data = read_sample(path, &len);
		bnc_options opt = {1, 1, 0};
		bnc_result *r = bnc_decode(data, len, path, &opt);
		for (size_t i = 0; i < bnc_result_count(r); i++) {
			const bnc_verdict *v = bnc_result_verdict(r, i);
			const char *st = bnc_verdict_field(v, BNC_F_deliverystatus), *rc = bnc_verdict_field(v, BNC_F_replycode);
			bnc_code_meaning m;
			if (*st && !bnc_status_meaning(st, &m))
				fail_msg("%s: status %s has no meaning", path, st);
			if (*rc && !bnc_reply_meaning(rc, &m))
				fail_msg("%s: reply code %s has no meaning", path, rc);
			struct collect c = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
			bnc_verdict_advice(v, collect_line, &c);
			assert_true(has(&c, "summary") && has(&c, "reason") && has(&c, "next"));
			assert_int_equal(has(&c, "status"), *st != 0);
			assert_int_equal(has(&c, "reply"), *rc != 0);
			g_ptr_array_free(c.what, TRUE);
			g_string_free(c.all, TRUE);
			verdicts++;
		}
		bnc_result_free(r);
		g_free(data);
		g_free(path);
	}
	g_dir_close(d);
	assert_true(verdicts >= 100);
}

/* The summary says plainly: temporary or permanent, retry or suppress. */
static const char *summary_of(const char *path, char *todo, char *severity)
{
	static char text[1024];
	size_t len;
	char *data = read_sample(path, &len);
	bnc_options opt = {1, 1, 0};
	bnc_result *r = bnc_decode(data, len, path, &opt);
	assert_true(bnc_result_count(r) > 0);
	struct collect c = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
	bnc_verdict_advice(bnc_result_verdict(r, 0), collect_line, &c);
	char **f = g_strsplit(c.all->str, "|", 7);
	g_strlcpy(text, f[2], sizeof text);
	g_strlcpy(todo, f[4], 32);
	g_strlcpy(severity, f[5], 32);
	char *nl = strchr(severity, '\n');
	if (nl)
		*nl = 0;
	g_strfreev(f);
	g_ptr_array_free(c.what, TRUE);
	g_string_free(c.all, TRUE);
	bnc_result_free(r);
	g_free(data);
	return text;
}

static void test_summary(void **state)
{
	(void)state;
	static const struct {
		const char *sample, *todo, *severity, *words;
	} rows[] = {
		{"samples/cur/rfc3464-userunknown.eml", "suppress", "permanent", "Suppress the address"},
		{"samples/cur/rfc3464-hostunknown.eml", "suppress", "permanent", "Permanent"},
		{"samples/cur/rfc3464-mailboxfull.eml", "retry-then-suppress", "", "suppress the address if it keeps"},
		{"samples/cur/rfc3464-ratelimited.eml", "retry", "", "the address is not bad"},
		{"samples/cur/rfc3464-authfailure.eml", "fix", "permanent", "Fix the cause first"},
		{"samples/cur/rfc3464-expired.eml", "retry", "", ""},
		{"samples/cur/rfc3464-undefined.eml", "review", "", "Review"},
		{"samples/cur/rfc3464-delivered.eml", "none", "success", "Delivered"},
		{"samples/cur/rfc3834-vacation.eml", "none", "", "not a bounce"},
		{"samples/cur/arf-abuse.eml", "suppress", "", "complaint"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		char todo[32], severity[32];
		const char *text = summary_of(rows[i].sample, todo, severity);
		if (strcmp(todo, rows[i].todo))
			fail_msg("%s: todo %s, want %s (%s)", rows[i].sample, todo, rows[i].todo, text);
		if (*rows[i].severity && strcmp(severity, rows[i].severity))
			fail_msg("%s: severity %s, want %s", rows[i].sample, severity, rows[i].severity);
		if (!strstr(text, rows[i].words))
			fail_msg("%s: \"%s\" does not say \"%s\"", rows[i].sample, text, rows[i].words);
		/* temporary or permanent is said whenever a code says it */
		if (!strcmp(severity, "permanent"))
			assert_non_null(strstr(text, "Permanent ("));
		if (!strcmp(severity, "temporary"))
			assert_non_null(strstr(text, "Temporary ("));
	}
}

/* dump --explain gains "meaning" under "explain"; the Sisimai fields are
 * those of the plain JSON, which has no meaning. */
static void test_json(void **state)
{
	(void)state;
	size_t len;
	char *data = read_sample("samples/cur/rhost-mimecast.eml", &len);
	bnc_options opt = {0, 0, 0};
	bnc_result *r = bnc_decode(data, len, "x", &opt);
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	char *plain = bnc_verdict_to_json(v, 0), *full = bnc_verdict_to_json(v, 1);
	assert_null(strstr(plain, "meaning"));
	JsonParser *p = json_parser_new();
	assert_true(json_parser_load_from_data(p, full, -1, NULL));
	JsonObject *o = json_node_get_object(json_parser_get_root(p));
	JsonObject *e = json_object_get_object_member(o, "explain");
	JsonObject *m = json_object_get_object_member(e, "meaning");
	assert_non_null(m);
	static const char *const members[] = {"summary", "entry", "advice", "reason", "next", "status", "reply"};
	for (size_t i = 0; i < G_N_ELEMENTS(members); i++)
		assert_true(json_object_has_member(m, members[i]));
	JsonObject *entry = json_object_get_object_member(m, "entry");
	assert_string_equal(json_object_get_string_member(entry, "key"), "mimecast #24");
	assert_string_equal(json_object_get_string_member(entry, "source"), "Mimecast: SMTP error codes");
	assert_string_equal(json_object_get_string_member(json_object_get_object_member(m, "summary"), "todo"), "fix");
	assert_true(json_object_has_member(e, "steps") && json_object_has_member(e, "sources"));
	/* without the explanation, the same object */
	json_object_remove_member(o, "explain");
	JsonGenerator *g = json_generator_new();
	json_generator_set_root(g, json_parser_get_root(p));
	char *again = json_generator_to_data(g, NULL);
	assert_string_equal(again, plain);
	g_free(again);
	g_object_unref(g);
	g_object_unref(p);
	bnc_free(plain);
	bnc_free(full);
	bnc_result_free(r);
	g_free(data);
}

/* A bare error line: the codes in the text, the reason, the next step. */
static void test_match_advice(void **state)
{
	(void)state;
	bnc_step why;
	const char *text = "550 5.1.1 <x@example.net>: Recipient address rejected: User unknown";
	const char *reason = bnc_match(text, &why);
	assert_string_equal(reason, "userunknown");
	struct collect c = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
	bnc_match_advice(text, reason, &why, collect_line, &c);
	assert_non_null(strstr(c.all->str, "status|5.1.1|bad destination mailbox address"));
	assert_non_null(strstr(c.all->str, "reply|550|"));
	assert_non_null(strstr(c.all->str, "|suppress|permanent"));
	g_ptr_array_free(c.what, TRUE);
	g_string_free(c.all, TRUE);
	c = (struct collect){g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
	bnc_match_advice("nothing at all", NULL, NULL, collect_line, &c);
	assert_non_null(strstr(c.all->str, "summary||"));
	assert_non_null(strstr(c.all->str, "reason|undefined|"));
	assert_false(has(&c, "status") || has(&c, "reply") || has(&c, "entry"));
	g_ptr_array_free(c.what, TRUE);
	g_string_free(c.all, TRUE);
}

/* Providers' own codes in the text: Outlook.com's postmaster codes. */
static void test_labels(void **state)
{
	(void)state;
	assert_true(bnc_label_count() >= 11);
	for (size_t i = 0; i < bnc_label_count(); i++) {
		const struct bnc_label_text *l = bnc_label_at(i);
		char *what = g_strdup_printf("%s:%d (%s)", l->file, l->line, l->code);
		check_text(what, l->meaning, 200);
		check_text(what, l->advice, 200);
		assert_non_null(bnc_source_name(l->source));
		char **ps = g_strsplit(l->providers, " ", -1);
		for (char **p = ps; *p; p++) {
			int known = 0;
			for (size_t k = 0; k < bnc_rhost_count(); k++)
				known |= !strcmp(bnc_rhost_at(k), *p);
			if (!known)
				fail_msg("%s: %s is not a provider", what, *p);
		}
		g_strfreev(ps);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(bnc_label_at(k)->code, l->code))
				fail_msg("%s: listed twice", what);
		g_free(what);
	}
	const char *t = "550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.1 weren't sent.";
	assert_string_equal(bnc_label_find(t, "outlook", 0)->code, "SC-004");
	assert_string_equal(bnc_label_find(t, "microsoft", 0)->code, "SC-004");
	assert_null(bnc_label_find(t, "google", 0));
	assert_null(bnc_label_find(t, NULL, 0));
	assert_non_null(bnc_label_find(t, NULL, 1));
	assert_null(bnc_label_find("550 XSC-004 and SC-0041 and SC-004X", "outlook", 0));
	assert_null(bnc_label_find("550 sc-004", "outlook", 0));

	/* a bounce from Outlook.com with the code: the verdict's lines say it */
	static const char msg[] =
		"Date: Tue, 02 Jan 2024 10:14:00 +0900\nFrom: MAILER-DAEMON@example.net\nTo: sender@example.org\n"
		"Subject: Delivery Status Notification (Failure)\n"
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
		"Final-Recipient: rfc822; alice@hotmail.com\nAction: failed\nStatus: 5.7.1\n"
		"Remote-MTA: dns; mx1.hotmail.com\n"
		"Diagnostic-Code: smtp; 550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.1 weren't sent.\n\n"
		"--b\nContent-Type: message/rfc822\n\nFrom: sender@example.org\nTo: alice@hotmail.com\nSubject: hi\n\nhi\n"
		"--b--\n";
	bnc_options opt = {0, 0, 0};
	bnc_result *r = bnc_decode(msg, sizeof msg - 1, "sc-004", &opt);
	assert_int_equal(bnc_result_count(r), 1);
	struct collect c = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL)};
	bnc_verdict_advice(bnc_result_verdict(r, 0), collect_line, &c);
	assert_non_null(strstr(c.all->str, "label|SC-004|SC-004: Outlook.com blocked"));
	assert_non_null(strstr(c.all->str, "|Outlook.com postmaster|"));
	g_ptr_array_free(c.what, TRUE);
	g_string_free(c.all, TRUE);
	bnc_result_free(r);
}

/* The text the program prints (tui/advice.c): a title, one label a line,
 * wrapped at the width, the source in brackets never broken. */
static void test_text_lines(void **state)
{
	(void)state;
	size_t len;
	char *data = read_sample("samples/cur/rhost-mimecast.eml", &len);
	bnc_options opt = {0, 0, 0};
	bnc_result *r = bnc_decode(data, len, "x", &opt);
	GString *out = g_string_new(NULL);
	advice_append(out, bnc_result_verdict(r, 0), 2, 60);
	char **lines = g_strsplit(out->str, "\n", -1);
	assert_string_equal(lines[0], "  what it means and what to do:");
	assert_true(g_str_has_prefix(lines[1], "    in short   Permanent (5.0.0): "));
	int sources = 0;
	for (char **l = lines; *l; l++) {
		if ((int)strlen(*l) > 60)
			fail_msg("longer than 60 columns: \"%s\"", *l);
		sources += strstr(*l, "[Mimecast: SMTP error codes]") != NULL;
		if (**l && l != lines)
			assert_true(g_str_has_prefix(*l, "    "));
	}
	assert_int_equal(sources, 2);   /* entry and advice */
	assert_non_null(strstr(out->str, "\n    advice     "));
	assert_non_null(strstr(out->str, "\n    next step  "));
	assert_non_null(strstr(out->str, "\n    status     5.0.0: "));
	g_strfreev(lines);
	/* unwrapped: one line a label */
	g_string_truncate(out, 0);
	advice_append(out, bnc_result_verdict(r, 0), 0, 0);
	lines = g_strsplit(out->str, "\n", -1);
	assert_int_equal(g_strv_length(lines), 1 + 7 + 1);
	g_strfreev(lines);
	g_string_free(out, TRUE);
	bnc_result_free(r);
	g_free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources),         cmocka_unit_test(test_registry_complete),
		cmocka_unit_test(test_every_status),    cmocka_unit_test(test_internal_codes),
		cmocka_unit_test(test_table_codes),     cmocka_unit_test(test_every_reply),
		cmocka_unit_test(test_reasons),         cmocka_unit_test(test_advice_keys),
		cmocka_unit_test(test_complete_tables), cmocka_unit_test(test_provider_samples),
		cmocka_unit_test(test_every_sample),    cmocka_unit_test(test_summary),
		cmocka_unit_test(test_json),            cmocka_unit_test(test_match_advice),
		cmocka_unit_test(test_labels),          cmocka_unit_test(test_text_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
