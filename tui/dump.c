/* dump.c - `bouncelens dump`: verdicts as JSON Lines. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <glib.h>
#include "walk.h"
#include "export.h"
#include "cache.h"
#include "export_sqlite.h"

struct dump_ctx {
	int explain, array, first;
	int leave_guessed;       /* --format suppress without --include-guessed */
	struct exporter *exp;    /* --format: written through the exporter */
	struct sqlexp *sql;      /* --format sqlite FILE */
	volatile int stop;       /* standard output failed: read no further */
	int werr;                /* errno of the first failed write */
};

/* A reader that went away (`dump QUEUE | head`) or a full disk: the rest of
 * the queue is not decoded when nothing more can be written.  SIGPIPE is ignored in this process
 * (GIO sets it so), so a closed pipe shows as EPIPE here. */
static void check_output(struct dump_ctx *c)
{
	if (!c->stop && ferror(stdout)) {
		struct pollfd p = {fileno(stdout), 0, 0};
		if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
			c->werr = EPIPE;   /* the reading end of the pipe is closed */
		else
			c->werr = errno ? errno : EIO;
		c->stop = 1;
	}
}

/* JSON Lines of one message's verdicts, made on a decoding thread. */
static void render_lines(bnc_result *r, GString *out, void *vctx)
{
	const struct dump_ctx *c = vctx;
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		char *js = bnc_verdict_to_json(bnc_result_verdict(r, i), c->explain);
		g_string_append(out, js);
		g_string_append_c(out, '\n');
		bnc_free(js);
	}
}

static void print_one(const struct walk_item *it, bnc_result *r, void *vctx)
{
	struct dump_ctx *c = vctx;
	if (c->stop)
		return;
	if (it->text) {          /* rendered on the decoding thread */
		fputs(it->text, stdout);
		check_output(c);
		return;
	}
	if (c->sql) {            /* messages that could not be read have their row too */
		sqlexp_add(c->sql, it, r);
		return;
	}
	if (!r)
		return;
	if (c->exp) {
		for (size_t i = 0; i < bnc_result_count(r); i++)
			/* a guessed hard bounce would suppress a good address */
			if (!c->leave_guessed || !bnc_verdict_guessed(bnc_result_verdict(r, i)))
				exporter_add(c->exp, bnc_result_verdict(r, i));
		check_output(c);
		return;
	}
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
	check_output(c);
}

static const char dump_help[] =
	"usage: bouncelens dump [OPTION]... PATH...\n"
	"Print one JSON object per recipient, with Sisimai's field names and types.\n\n"
	"  --delivered   keep records of delivered mail (2.x.x)\n"
	"  --vacation    keep auto-reply (vacation) records\n"
	"  --explain     add an \"explain\" object: the decoder's claim and every stage tried\n"
	"  --sisimai     decode as Sisimai does: its decoders only, no guess, records\n"
	"                without a date Sisimai reads dropped\n"
	"  --include-guessed  with --format suppress, list guessed hard bounces too\n"
	"                (decodedby \"Guessed\": left out by default)\n"
	"  --array       print Sisimai's JSON array instead of JSON Lines\n"
	"  --format F    jsonl (the objects of --explain), csv (RFC 4180, with the deciding\n"
	"                table and entry) or suppress (hard-bounced addresses, sorted, unique)\n"
	"  --format sqlite FILE  every verdict with its sources, steps and meaning in FILE,\n"
	"                a new SQLite database (an existing FILE is never overwritten)\n"
	"  --no-cache    neither read nor write the verdict cache (~/.cache/bouncelens)\n"
	"  -j, --jobs N  decode on N threads (default: one per processor); the output\n"
	"                is the same, in the same order, whatever N\n"
	"  -h, --help    this help\n";

int cmd_dump(int argc, char **argv)
{
	bnc_options opt = {0, 0, 0};
	struct dump_ctx c = {0, 0, 1, 0, NULL, NULL, 0, 0};
	const char *dbfile = NULL;
	int include_guessed = 0, no_cache = 0;
	int jobs = 0, format = -1;
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
		} else if (!opts_done && !strcmp(a, "--sisimai")) {
			opt.sisimai = 1;
		} else if (!opts_done && !strcmp(a, "--no-cache")) {
			no_cache = 1;
		} else if (!opts_done && !strcmp(a, "--include-guessed")) {
			include_guessed = 1;
		} else if (!opts_done && !strcmp(a, "--explain")) {
			c.explain = 1;
		} else if (!opts_done && !strcmp(a, "--array")) {
			c.array = 1;
		} else if (!opts_done && (!strcmp(a, "--format") || !strncmp(a, "--format=", 9))) {
			const char *f = a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : "";
			if (!g_ascii_strcasecmp(f, "sqlite")) {   /* the database's name comes next */
				if (i + 1 >= argc) {
					fprintf(stderr, "bouncelens dump: --format sqlite wants the name of a new database file\n");
					g_free(paths);
					return EXIT_USAGE;
				}
				dbfile = argv[++i];
				format = -1;
			} else if ((format = export_format_parse(f)) < 0) {
				bad_arg("bouncelens dump", "unknown format (jsonl, csv, suppress or sqlite):", f);
				g_free(paths);
				return EXIT_USAGE;
			}
		} else if (!opts_done && (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strncmp(a, "--jobs=", 7) ||
		                          (!strncmp(a, "-j", 2) && a[2]))) {
			const char *n = !strncmp(a, "--jobs=", 7) ? a + 7 : (a[1] == 'j' && a[2]) ? a + 2
			                : i + 1 < argc ? argv[++i] : "";
			char *end = NULL;
			long v = strtol(n, &end, 10);
			if (!*n || *end || v < 1 || v > 256) {
				bad_arg("bouncelens dump", "-j wants a number of threads from 1 to 256, not", n);
				g_free(paths);
				return EXIT_USAGE;
			}
			jobs = (int)v;
		} else if (!opts_done && a[0] == '-' && a[1]) {
			bad_arg("bouncelens dump", "unknown option", a);
			fputs(dump_help, stderr);
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
	if (dbfile) {
		char *why = NULL;
		if (!(c.sql = sqlexp_begin(dbfile, &why))) {
			complain(dbfile, why);
			g_free(why);
			g_free(paths);
			return errno == EEXIST ? EXIT_USAGE : EXIT_SOMEBAD;
		}
	}
	if (format >= 0)
		c.exp = exporter_new((enum export_format)format, stdout);
	c.leave_guessed = format == EXPORT_SUPPRESS && !include_guessed;
	/* plain JSON Lines are made on the decoding threads */
	struct vcache *cache = no_cache ? NULL : vcache_open(&opt, paths, np);
	int rc = walk_paths_cached(paths, np, &opt, jobs, &c.stop, cache,
	                           c.exp || c.array || c.sql ? NULL : render_lines, NULL, print_one, &c);
	vcache_close(cache);
	if (c.sql) {
		char *why = NULL;
		if (sqlexp_finish(c.sql, 0, &why) < 0) {
			complain(dbfile, why);
			g_free(why);
			rc = EXIT_SOMEBAD;
		}
	}
	if (c.exp && exporter_finish(c.exp) < 0 && !c.werr)
		c.werr = errno ? errno : EIO;
	if (c.array && !c.exp && !c.stop)
		fputs(c.first ? "[]\n" : "]\n", stdout);
	g_free(paths);
	if (fflush(stdout) == EOF && !c.werr)
		c.werr = errno ? errno : EIO;
	/* a reader that stopped reading wanted no more: nothing to say */
	if (c.werr && c.werr != EPIPE) {
		complain("standard output", g_strerror(c.werr));
		rc = EXIT_SOMEBAD;
	}
	return rc;
}
