/* browse.c - the investigation browser: `bouncelens PATH` on a terminal.
 *
 * The command line, what is checked before the screen opens (the terminal
 * can show it, every path exists), the config, and the start and end of
 * everything; the loop is loop.c's.
 */
#include <errno.h>
#include <signal.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "ui.h"
#include "config.h"
#include "terminal.h"
#include "follow.h"

static const char browse_help[] =
	"usage: bouncelens browse [OPTION]... PATH...\n"
	"       bouncelens PATH...              (on a terminal)\n"
	"Browse the verdicts of a queue of bounces; press ? inside for the keys.\n\n"
	"  -l, --limit PATTERN  start with this limit (e.g. 'reason:userunknown and hard:yes')\n"
	"  -j, --jobs N         decoding threads (default: one per processor)\n"
	"  --delivered          keep records of delivered mail\n"
	"  --vacation           keep auto-reply records\n"
	"  --sisimai            decode as Sisimai does: its decoders only, no last-resort guess\n"
	"  --no-cache           neither read nor write the verdict cache (~/.cache/bouncelens)\n"
	"  -h, --help           this help\n"
	"Keys and colours: ~/.config/bouncelens/config (see the man page). NO_COLOR is honoured.\n";

/* Every path named exists and can be read: else one line each, before the
 * screen opens (a missing path once showed as a row, "1 messages"). */
static int paths_usable(char **paths, int np)
{
	int ok = 1;
	for (int i = 0; i < np; i++) {
		if (!strcmp(paths[i], "-"))
			continue;
		struct stat st;
		const char *why = NULL;
		if (stat(paths[i], &st) < 0)
			why = g_strerror(errno);
		else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			why = "not a regular file, folder or maildir";
		else if (access(paths[i], S_ISDIR(st.st_mode) ? R_OK | X_OK : R_OK) < 0)
			why = g_strerror(errno);
		if (why) {
			complain(paths[i], why);
			ok = 0;
		}
	}
	return ok;
}

/* The config's settings applied to the ui. */
static void apply_settings(struct ui *ui, const struct settings *st)
{
	ui->ncolumns = 0;
	ui->columns[ui->ncolumns++] = COL_TAG;
	if (st->ncolumns)
		for (int i = 0; i < st->ncolumns; i++)
			ui->columns[ui->ncolumns++] = st->columns[i];
	else
		for (int c = COL_TAG + 1; c < LIST_COLUMNS; c++)
			ui->columns[ui->ncolumns++] = c;
	if (st->sort >= 0) {
		ui->sort = (enum sort_key)st->sort;
		ui->reverse = st->reverse;
	}
	g_free(ui->date_format);
	ui->date_format = g_strdup(st->date_format);
}

int cmd_browse(int argc, char **argv)
{
	bnc_options opt = {0};
	int jobs = 0, np = 0, no_cache = 0;
	const char *limit = NULL;
	char **paths = g_new0(char *, (gsize)argc + 1);
	int options = 1;   /* until "--" */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options) {
			paths[np++] = argv[i];
		} else if (!strcmp(a, "--")) {
			options = 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(browse_help, stdout);
			g_free(paths);
			return EXIT_ALLGOOD;
		} else if ((!strcmp(a, "-l") || !strcmp(a, "--limit")) && i + 1 < argc) {
			limit = argv[++i];
		} else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && i + 1 < argc) {
			jobs = atoi(argv[++i]);
		} else if (!strcmp(a, "--delivered")) {
			opt.delivered = 1;
		} else if (!strcmp(a, "--vacation")) {
			opt.vacation = 1;
		} else if (!strcmp(a, "--sisimai")) {
			opt.sisimai = 1;
		} else if (!strcmp(a, "--no-cache")) {
			no_cache = 1;
		} else if (a[0] == '-' && a[1]) {
			bad_arg("bouncelens browse", "unknown option", a);
			fputs(browse_help, stderr);
			g_free(paths);
			return EXIT_USAGE;
		} else {
			paths[np++] = argv[i];
		}
	}
	if (!np) {
		fprintf(stderr, "bouncelens browse: no PATH given\n%s", browse_help);
		g_free(paths);
		return EXIT_USAGE;
	}
	int from_stdin = 0;
	for (int i = 0; i < np; i++)
		from_stdin += !strcmp(paths[i], "-");
	if (from_stdin > 1) {
		fputs("bouncelens browse: standard input (-) can be named once\n", stderr);
		g_free(paths);
		return EXIT_USAGE;
	}
	/* keys come from the terminal: standard input, or /dev/tty when the
	 * queue comes on standard input (as tig does) */
	FILE *keyboard = NULL;
	if (!isatty(STDOUT_FILENO) || (!from_stdin && !isatty(STDIN_FILENO)) ||
	    (from_stdin && !(keyboard = fopen("/dev/tty", "re")))) {
		fputs("bouncelens browse: needs a terminal; use 'bouncelens dump' in scripts\n", stderr);
		g_free(paths);
		return EXIT_USAGE;
	}
	if (!terminal_usable()) {
		if (keyboard)
			fclose(keyboard);
		g_free(paths);
		return EXIT_USAGE;
	}
	if (!paths_usable(paths, np)) {
		if (keyboard)
			fclose(keyboard);
		g_free(paths);
		return EXIT_SOMEBAD;
	}
	setlocale(LC_ALL, "");
	struct settings settings;
	settings_init(&settings);
	char *cfg_errors = NULL;
	int ncfg = config_load(NULL, &settings, &cfg_errors);

	struct ui ui = {0};
	ui.views = g_ptr_array_new();
	ui.shown = g_array_new(FALSE, FALSE, sizeof(guint32));
	ui.reason_count = g_hash_table_new(g_direct_hash, g_direct_equal);   /* reasons are interned */
	apply_settings(&ui, &settings);
	settings_clear(&settings);
	ui.store = store_new(paths, np, jobs, &opt);
	ui.store->no_cache = no_cache;
	if (limit && !ui_set_limit(&ui, limit)) {
		fputs("bouncelens browse: ", stderr);
		put_text(stderr, ui.message, 1);   /* the limit came from argv */
		fputc('\n', stderr);
		store_free(ui.store);
		g_free(paths);
		return EXIT_USAGE;
	}
	ui_signals_install();
	store_load(ui.store);
	screen_start(&ui, keyboard);
	if (cfg_errors) {   /* all of them in the help; the first here */
		ui.config_errors = cfg_errors;
		char *first = g_strndup(cfg_errors, strcspn(cfg_errors, "\n"));
		if (ncfg > 1)
			ui_message(&ui, "config: %d lines not read (? lists them): %s", ncfg, first);
		else
			ui_message(&ui, "config: %s", first);
		g_free(first);
	}
	ui_push(&ui, view_list_new(&ui));
	int rc = ui_run(&ui);
	screen_end();
	follow_stop(ui.follow);
	if (keyboard)
		fclose(keyboard);
	if (!store_stop_within(ui.store, 300)) {
		/* a slow message still decoding: quit now all the same (nothing
		 * is being written; the spool has no name) */
		fflush(stdout);
		_exit(ui_terminating ? 128 + (int)ui_terminating : rc);
	}
	while (ui.views->len > 1)
		ui_pop(&ui);
	struct view *v = g_ptr_array_index(ui.views, 0);
	v->ops->free(v);
	g_free(v);
	g_ptr_array_free(ui.views, TRUE);
	g_array_free(ui.shown, TRUE);
	g_hash_table_destroy(ui.reason_count);
	limit_free(ui.limit);
	g_free(ui.limit_text);
	g_free(ui.search);
	g_free(ui.export_dir);
	g_free(ui.date_format);
	g_free(ui.config_errors);
	store_free(ui.store);
	g_free(paths);
	if (ui_terminating) {   /* end as the signal would have, now the terminal is back */
		signal((int)ui_terminating, SIG_DFL);
		raise((int)ui_terminating);
	}
	return rc;
}
