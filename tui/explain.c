/* explain.c - `bouncelens explain`: how each verdict was reached, for people. */
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <sys/ioctl.h>
#include "walk.h"
#include "advice.h"

static int colour;
static int columns = 79;   /* where the meaning lines wrap */

/* what one verdict's walk has printed so far */
struct explain_state {
	const bnc_verdict *v;
	int spanned, advised;
};

static void mark_on(void) { fputs(colour ? "\033[1;7m" : "[[", stdout); }
static void mark_off(void) { fputs(colour ? "\033[0m" : "]]", stdout); }

/* The text with [offset, offset+length) marked. */
static void print_span(const char *text, size_t off, size_t len)
{
	size_t n = strlen(text);
	if (off > n)
		off = n;
	if (off + len > n)
		len = n - off;
	char *a = g_strndup(text, off), *b = g_strndup(text + off, len);
	put_text(stdout, a, 1);
	if (len) {
		mark_on();
		put_text(stdout, b, 1);
		mark_off();
	}
	put_text(stdout, text + off + len, 1);
	g_free(a);
	g_free(b);
}

/* The explanation for people, through the engine's one walk. */
static void text_claim(void *ctx, const char *claim)
{
	(void)ctx;
	fputs("\n  decoder    ", stdout);
	put_text(stdout, claim, 1);
	fputs("\n  stages tried:\n", stdout);
}

static void text_step(void *ctx, size_t i, const bnc_step *s)
{
	(void)ctx;
	(void)i;
	printf("   %s %-9s %-16s ", s->decided ? "=>" : "  ", s->stage, s->reason ? s->reason : "-");
	put_text(stdout, s->note ? s->note : "", 1);
	if (s->table)
		printf("\n                table %s (%s), entry %d at %s:%d", s->table, s->table_title ? s->table_title : "",
		       s->entry, s->file ? s->file : "?", s->line);
	fputc('\n', stdout);
}

static void text_span(void *ctx, const bnc_step *d, const char *text)
{
	((struct explain_state *)ctx)->spanned = 1;
	printf("  matched in %s, bytes %zu-%zu:\n    ", d->field, d->offset, d->offset + d->length);
	print_span(text, d->offset, d->length);
	fputc('\n', stdout);
}

/* the diagnostic text when no span was marked */
static void text_diagnosis(struct explain_state *st)
{
	fputs("  diagnostic text:\n    ", stdout);
	put_text(stdout, bnc_verdict_field(st->v, BNC_F_diagnosticcode), 1);
	fputc('\n', stdout);
}

static void text_line(void *ctx, const char *line)
{
	(void)ctx;
	put_text(stdout, line, 1);
	fputc('\n', stdout);
}

/* what it means and what to do, after the decision */
static void text_advice(void *ctx, const bnc_advice_line *l)
{
	struct explain_state *st = ctx;
	if (!st->advised) {
		if (!st->spanned)
			text_diagnosis(st);
		printf("  %s:\n", advice_title());
		st->advised = 1;
	}
	advice_format(l, 4, columns, text_line, NULL);
}

static const bnc_explain_printer text_printer = {text_claim, text_step, text_span, NULL, text_advice};

static void explain_one(const struct walk_item *it, bnc_result *r, void *ctx)
{
	const char *name = it->name;
	if (!r)
		return;
	(void)ctx;
	if (!bnc_result_count(r)) {
		if (bnc_result_status(r) != BNC_OK)
			return;
		put_text(stdout, name, 1);
		if (!bnc_result_claim(r)) {
			fputs(": not a bounce (no decoder claimed it)\n\n", stdout);
			return;
		}
		/* claimed, and every record dropped: say by whom and why */
		fputs(": no verdict\n  decoder    ", stdout);
		put_text(stdout, bnc_result_claim(r), 1);
		fputs("\n  every record was dropped:\n", stdout);
		for (size_t i = 0; i < bnc_result_dropped_count(r); i++) {
			fputs("    ", stdout);
			put_text(stdout, bnc_result_dropped(r, i), 1);
			fputc('\n', stdout);
		}
		if (!bnc_result_dropped_count(r))
			fputs("    (the decoder gave no record)\n", stdout);
		fputc('\n', stdout);
		return;
	}
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		put_text(stdout, name, 1);
		fputs("\n  recipient  ", stdout);
		put_text(stdout, bnc_verdict_field(v, BNC_F_recipient), 1);
		printf("\n  reason     %s (%s bounce)", bnc_verdict_field(v, BNC_F_reason),
		       bnc_verdict_hardbounce(v) ? "hard" : "soft");
		fputs("\n  status     ", stdout);
		put_text(stdout, bnc_verdict_field(v, BNC_F_deliverystatus), 1);
		const char *rc = bnc_verdict_field(v, BNC_F_replycode), *rh = bnc_verdict_field(v, BNC_F_rhost);
		fputs("   reply code ", stdout);
		put_text(stdout, *rc ? rc : "-", 1);
		fputs("   remote host ", stdout);
		put_text(stdout, *rh ? rh : "-", 1);
		if (bnc_verdict_guessed(v)) {
			/* the phrase: the span of the guess's own table */
			const char *dc = bnc_verdict_field(v, BNC_F_diagnosticcode);
			const bnc_step *g = NULL;
			for (size_t k = 0; k < bnc_verdict_nsteps(v) && !g; k++)
				if (bnc_verdict_step(v, k)->table && !strcmp(bnc_verdict_step(v, k)->table, "guessed"))
					g = bnc_verdict_step(v, k);
			fputs("\n  a guess    no decoder knows this format: the address ", stdout);
			put_text(stdout, bnc_verdict_field(v, BNC_F_recipient), 1);
			fputs(" was found near\n             the phrase '", stdout);
			if (g && g->offset + g->length <= strlen(dc)) {
				char *ph = g_strndup(dc + g->offset, g->length);
				put_text(stdout, ph, 1);
				g_free(ph);
			}
			fputs("'; check it before suppressing the address", stdout);
		}
		const char *ts = bnc_verdict_field_source(v, "timestamp");
		if (ts && (strstr(ts, "no date") || strstr(ts, "no Date:"))) {   /* one of the fallbacks (fact.c) */
			fputs("\n  time       ", stdout);
			put_text(stdout, ts, 1);
		}
		struct explain_state st = {v, 0, 0};
		bnc_verdict_explain(v, &text_printer, &st);
		if (!st.spanned && !st.advised)
			text_diagnosis(&st);
		fputc('\n', stdout);
	}
}

static const char explain_help[] =
	"usage: bouncelens explain [--delivered] [--vacation] [--sisimai] [--] PATH...\n"
	"For every recipient: the verdict, the decoder and the test that claimed the message,\n"
	"every stage of the reason pipeline tried, the table entry that decided (file:line),\n"
	"and the diagnostic text with the matched span marked ([[...]] or reverse video);\n"
	"then what it means and what to do: temporary or permanent, retry, fix or suppress,\n"
	"the provider's own meaning and advice for the entry, the reason's next step, and the\n"
	"meaning of the status and reply codes, each with its source.  A message a decoder\n"
	"claimed without a verdict: the decoder, and why each record was dropped.\n"
	"--sisimai decodes as Sisimai does (its decoders only, no guess).\n";

int cmd_explain(int argc, char **argv)
{
	bnc_options opt = {0, 1, 0};
	char **paths = g_new0(char *, (gsize)argc + 1);
	int np = 0;
	int options = 1;   /* until "--": after it, a path may begin with '-' */
	for (int i = 1; i < argc; i++) {
		if (!options) {
			paths[np++] = argv[i];
		} else if (!strcmp(argv[i], "--")) {
			options = 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(explain_help, stdout);
			g_free(paths);
			return EXIT_ALLGOOD;
		} else if (!strcmp(argv[i], "--delivered")) {
			opt.delivered = 1;
		} else if (!strcmp(argv[i], "--vacation")) {
			opt.vacation = 1;
		} else if (!strcmp(argv[i], "--sisimai")) {
			opt.sisimai = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			bad_arg("bouncelens explain", "unknown option", argv[i]);
			fputs(explain_help, stderr);
			g_free(paths);
			return EXIT_USAGE;
		} else {
			paths[np++] = argv[i];
		}
	}
	if (!np) {
		fprintf(stderr, "bouncelens explain: no PATH given\n%s", explain_help);
		g_free(paths);
		return EXIT_USAGE;
	}
	colour = isatty(1) && !getenv("NO_COLOR");
	struct winsize ws;
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		columns = ws.ws_col - 1;
	int rc = walk_paths(paths, np, &opt, explain_one, NULL);
	g_free(paths);
	return rc;
}
