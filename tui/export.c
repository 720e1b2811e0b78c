/* export.c - verdicts written out as JSON Lines, CSV or a suppression list.
 *
 * Shared by `dump --format` and the browser's export, so both write the same
 * thing.  Untrusted text goes through put_text(), which makes it inert when
 * the output is a terminal.
 */
#include <string.h>
#include <glib.h>
#include "export.h"

static const char *const format_names[] = {"jsonl", "csv", "suppress"};

int export_format_parse(const char *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (!g_ascii_strcasecmp(s, format_names[i]))
			return (int)i;
	if (!g_ascii_strcasecmp(s, "json"))
		return EXPORT_JSONL;
	return -1;
}

const char *export_format_name(enum export_format f)
{
	return format_names[f];
}

struct exporter {
	enum export_format format;
	FILE *out;
	GTree *suppress;         /* sorted, unique addresses (suppress format) */
	size_t rows;
};

/* The columns after Sisimai's fields: what decided the reason. */
static const char *const extra_columns[] = {"stage", "table", "entry", "entry_at"};

/* A cell a spreadsheet would run as a formula: one starting with = + - @
 * (or a tab or CR before them), unless it is a plain number such as a time
 * zone offset ("-0700").  Written with a leading apostrophe, OWASP's advice
 * for CSV injection: a Subject or diagnosis "=HYPERLINK(...)" stays text. */
static int formula_like(const char *s)
{
	if (!strchr("=+-@\t\r", *s) || !*s)
		return 0;
	const char *p = s + (*s == '+' || *s == '-');
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!g_ascii_isdigit(*p) && *p != '.')
			return 1;
	return 0;
}

static void csv_cell(FILE *f, const char *raw, int first)
{
	if (!first)
		fputc(',', f);
	/* controls and invisible characters as visible ones, as on a terminal:
	 * a spreadsheet shows a cell without them */
	char *s = bnc_sanitize(raw, strlen(raw));
	int formula = formula_like(s);
	if (!formula && !strpbrk(s, ",\"")) {
		fputs(s, f);
		bnc_free(s);
		return;
	}
	GString *q = g_string_new(formula ? "\"'" : "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *p);
	}
	g_string_append_c(q, '"');
	fputs(q->str, f);
	g_string_free(q, TRUE);
	bnc_free(s);
}

static gint compare_text(gconstpointer a, gconstpointer b, gpointer unused)
{
	return strcmp(a, b);
}

struct exporter *exporter_new(enum export_format format, FILE *out)
{
	struct exporter *e = g_new0(struct exporter, 1);
	e->format = format;
	e->out = out;
	if (format == EXPORT_SUPPRESS)
		e->suppress = g_tree_new_full(compare_text, NULL, g_free, NULL);
	if (format == EXPORT_CSV) {
		for (size_t i = 0; i < bnc_field_count(); i++)
			csv_cell(out, bnc_field_at(i), i == 0);
		for (size_t i = 0; i < G_N_ELEMENTS(extra_columns); i++)
			csv_cell(out, extra_columns[i], 0);
		fputs("\r\n", out);
	}
	return e;
}

void exporter_add(struct exporter *e, const bnc_verdict *v)
{
	e->rows++;
	if (e->format == EXPORT_JSONL) {
		char *js = bnc_verdict_to_json(v, 1);
		put_text(e->out, js, 0);
		fputc('\n', e->out);
		bnc_free(js);
	} else if (e->format == EXPORT_CSV) {
		for (size_t i = 0; i < bnc_field_count(); i++)
			csv_cell(e->out, i != BNC_F_catch_ ? bnc_verdict_field(v, (bnc_field)i) : "", i == 0);
		const bnc_step *d = bnc_verdict_decider(v);
		char entry[32] = "", *at = NULL;
		if (d && d->table) {
			g_snprintf(entry, sizeof entry, "%d", d->entry);
			at = g_strdup_printf("%s:%d", d->file ? d->file : "", d->line);
		}
		csv_cell(e->out, d ? d->stage : "", 0);
		csv_cell(e->out, d && d->table ? d->table : "", 0);
		csv_cell(e->out, entry, 0);
		csv_cell(e->out, at ? at : "", 0);
		g_free(at);
		fputs("\r\n", e->out);
	} else if (bnc_verdict_hardbounce(v)) {
		const char *a = bnc_verdict_field(v, BNC_F_recipient);
		if (*a && !g_tree_lookup_extended(e->suppress, a, NULL, NULL)) {
			char *low = g_ascii_strdown(a, -1);
			g_tree_insert(e->suppress, low, low);
		}
	}
}

static gboolean put_address(gpointer key, gpointer value, gpointer data)
{
	put_text(data, key, 0);
	fputc('\n', data);
	return FALSE;
}

int exporter_finish(struct exporter *e)
{
	if (e->format == EXPORT_SUPPRESS) {
		g_tree_foreach(e->suppress, put_address, e->out);
		g_tree_destroy(e->suppress);
	}
	int bad = fflush(e->out) != 0 || ferror(e->out);
	g_free(e);
	return bad ? -1 : 0;
}
