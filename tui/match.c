/* match.c - `bouncelens match 'TEXT'`: the reason for a bare error line. */
#include <string.h>
#include <glib.h>
#include "cli.h"
#include "advice.h"

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	put_text(stdout, line, 1);
	fputc('\n', stdout);
}

/* "meaning": {"summary": {...}, ...} of --json, by hand like the rest */
static void json_string(const char *name, const char *value, int *first)
{
	if (!value)
		return;
	char *e = g_strescape(value, NULL);
	printf("%s\"%s\": \"%s\"", *first ? "" : ", ", name, e);
	g_free(e);
	*first = 0;
}

static void json_line(void *ctx, const bnc_advice_line *l)
{
	int *n = ctx;
	printf("%s\"%s\": {", (*n)++ ? ", " : "", l->what);
	int first = 1;
	json_string("key", l->key, &first);
	json_string("text", l->text, &first);
	json_string("source", l->source, &first);
	json_string("todo", l->todo, &first);
	json_string("severity", l->severity, &first);
	fputs("}", stdout);
}

static const char match_help[] =
	"usage: bouncelens match [--json] 'TEXT'\n"
	"Print the reason Sisimai's Reason.match gives a bare SMTP error line, and the\n"
	"table entry that matched (table, entry, file:line, matched span), then what it\n"
	"means and what to do: the reason's meaning and next step, the entry's advice when\n"
	"it has some, and the meaning of the status and reply codes found in the text.\n"
	"Exit status 0 when a reason matched, 1 when none did.\n";

int cmd_match(int argc, char **argv)
{
	int json = 0;
	GString *text = g_string_new(NULL);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(match_help, stdout);
			g_string_free(text, TRUE);
			return EXIT_ALLGOOD;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else {
			if (text->len)
				g_string_append_c(text, ' ');
			g_string_append(text, argv[i]);
		}
	}
	if (!text->len) {
		fprintf(stderr, "bouncelens match: no TEXT given\n%s", match_help);
		g_string_free(text, TRUE);
		return EXIT_USAGE;
	}
	bnc_step why;
	const char *reason = bnc_match(text->str, &why);
	if (json) {
		char *r = g_strescape(reason ? reason : "", NULL);
		printf("{\"reason\": \"%s\"", r);
		g_free(r);
		if (why.table)
			printf(", \"table\": \"%s\", \"entry\": %d, \"at\": \"%s:%d\", \"offset\": %zu, \"length\": %zu", why.table,
			       why.entry, why.file, why.line, why.offset, why.length);
		int n = 0;
		fputs(", \"meaning\": {", stdout);
		bnc_match_advice(text->str, reason, reason ? &why : NULL, json_line, &n);
		fputs("}}\n", stdout);
	} else if (reason) {
		printf("%s\n", reason);
		if (why.table) {
			char *sw = g_strdup(text->str);
			printf("  %s table %s (%s), entry %d at %s:%d\n  matched: \"", why.stage, why.table,
			       why.table_title ? why.table_title : "", why.entry, why.file, why.line);
			/* the span is over the folded text; show it from there */
			GString *folded = g_string_new(NULL);
			int sp = 0;
			for (const char *p = sw; *p; p++) {
				if (g_ascii_isspace(*p)) {
					sp = 1;
					continue;
				}
				if (sp && folded->len)
					g_string_append_c(folded, ' ');
				sp = 0;
				g_string_append_c(folded, *p);
			}
			if (why.offset + why.length <= folded->len) {
				char *m = g_strndup(folded->str + why.offset, why.length);
				put_text(stdout, m, 1);
				g_free(m);
			}
			fputs("\"\n", stdout);
			g_string_free(folded, TRUE);
			g_free(sw);
		}
		advice_match_lines(text->str, reason, &why, 2, 79, print_line, NULL);
	} else {
		printf("undefined\n  no pattern or status code matched\n");
		advice_match_lines(text->str, NULL, NULL, 2, 79, print_line, NULL);
	}
	g_string_free(text, TRUE);
	return reason ? EXIT_ALLGOOD : EXIT_SOMEBAD;
}

int cmd_reasons(int argc, char **argv)
{
	int advice = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--advice") || !strcmp(argv[i], "-a")) {
			advice = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: bouncelens reasons [--advice]\n"
			       "The reasons, their internal codes and what each means; with --advice, for each also\n"
			       "what to do with the address (none, retry, retry-then-suppress, fix, suppress,\n"
			       "review), its meaning and the next step (engine/tables/meaning-reasons.def).\n");
			return EXIT_ALLGOOD;
		} else {
			bad_arg("bouncelens reasons", "unknown option", argv[i]);
			return EXIT_USAGE;
		}
	}
	/* the name, its internal codes (used when a bounce gave no status:
	 * permanent/temporary, Sisimai 5.6 and later; "-" for a reason that is
	 * never temporary), what it means */
	for (size_t i = 0; i < bnc_reason_count(); i++) {
		const char *r = bnc_reason_at(i), *p = bnc_reason_code(r, 0), *t = bnc_reason_code(r, 1);
		char codes[24] = "-";
		if (p)
			g_snprintf(codes, sizeof codes, "%s/%s", p, t && *t ? t : "-");
		printf("%-16s %-16s %s\n", r, codes, bnc_reason_summary(r));
		bnc_reason_meaning m;
		if (!advice || !bnc_reason_advice(r, &m))
			continue;
		bnc_advice_line l = {"todo", NULL, m.todo, NULL, NULL, NULL};
		advice_format(&l, 2, 79, print_line, NULL);
		l.what = "reason";
		l.text = m.meaning;
		advice_format(&l, 2, 79, print_line, NULL);
		l.what = "next";
		l.text = m.next;
		advice_format(&l, 2, 79, print_line, NULL);
	}
	return EXIT_ALLGOOD;
}

int cmd_decoders(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: bouncelens decoders\n"
		       "The decoders in the order they are tried when the Subject suggests none,\n"
		       "with the names of their own tables (see the browser's tables view).\n");
		return EXIT_ALLGOOD;
	}
	for (size_t i = 0; i < bnc_decoder_count(); i++) {
		const char *name = bnc_decoder_name(i), *t;
		fputs(name, stdout);
		for (size_t k = 0; (t = bnc_decoder_table(i, k)) != NULL; k++)
			printf("%*s%s", k ? 1 : (int)(17 - strlen(name)), "", t);
		putchar('\n');
	}
	return EXIT_ALLGOOD;
}
