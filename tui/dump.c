/* dump.c - `bouncelens dump`: verdicts as JSON Lines. */
#include <string.h>
#include <glib.h>
#include "walk.h"

struct dump_ctx {
	int explain, array, first;
};

static void print_one(const char *name, bnc_result *r, void *vctx)
{
	struct dump_ctx *c = vctx;
	(void)name;
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		char *js = bnc_verdict_to_json(bnc_result_verdict(r, i), c->explain);
		if (c->array)
			fputs(c->first ? "[" : ",", stdout);
		fputs(js, stdout);
		if (!c->array)
			fputc('\n', stdout);
		c->first = 0;
		bnc_free(js);
	}
}

static const char dump_help[] =
	"usage: bouncelens dump [OPTION]... PATH...\n"
	"Print one JSON object per recipient, with Sisimai's field names and types.\n\n"
	"  --delivered   keep records of delivered mail (2.x.x)\n"
	"  --vacation    keep auto-reply (vacation) records\n"
	"  --explain     add an \"explain\" object: the decoder's claim and every stage tried\n"
	"  --array       print Sisimai's JSON array instead of JSON Lines\n"
	"  -h, --help    this help\n";

int cmd_dump(int argc, char **argv)
{
	bnc_options opt = {0, 0};
	struct dump_ctx c = {0, 0, 1};
	char **paths = g_new0(char *, (gsize)argc + 1);
	int np = 0, opts_done = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!opts_done && !strcmp(a, "--")) {
			opts_done = 1;
		} else if (!opts_done && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			fputs(dump_help, stdout);
			g_free(paths);
			return EXIT_ALLGOOD;
		} else if (!opts_done && !strcmp(a, "--delivered")) {
			opt.delivered = 1;
		} else if (!opts_done && !strcmp(a, "--vacation")) {
			opt.vacation = 1;
		} else if (!opts_done && !strcmp(a, "--explain")) {
			c.explain = 1;
		} else if (!opts_done && !strcmp(a, "--array")) {
			c.array = 1;
		} else if (!opts_done && a[0] == '-' && a[1]) {
			fprintf(stderr, "bouncelens dump: unknown option '%s'\n%s", a, dump_help);
			g_free(paths);
			return EXIT_USAGE;
		} else {
			paths[np++] = argv[i];
		}
	}
	if (!np) {
		fprintf(stderr, "bouncelens dump: no PATH given\n%s", dump_help);
		g_free(paths);
		return EXIT_USAGE;
	}
	int rc = walk_paths(paths, np, &opt, print_one, &c);
	if (c.array)
		fputs(c.first ? "[]\n" : "]\n", stdout);
	g_free(paths);
	fflush(stdout);
	return rc;
}
