/* browse.c - the investigation browser: `bouncelens PATH` on a terminal.
 *
 * The store fills in the background; this loop redraws when it changes or a
 * key arrives (polling every 100 ms), keeps the shown list in step with the
 * limit and the sort, and hands keys to the view on top.
 */
#include <signal.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include "ui.h"
#include "walk.h"
#include "savefile.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* SIGTERM, SIGHUP: an export's temporary file goes at once (the loop may
 * be waiting in a prompt), then the loop ends the program cleanly. */
static void on_sigterm(int sig)
{
	savefile_signal_cleanup();
	ui_terminating = sig;
}

void ui_push(struct ui *ui, struct view *v)
{
	if (v)
		g_ptr_array_add(ui->views, v);
}

void ui_pop(struct ui *ui)
{
	if (ui->views->len <= 1)
		return;
	struct view *v = g_ptr_array_steal_index(ui->views, ui->views->len - 1);
	if (v->ops->free)
		v->ops->free(v);
	g_free(v);
}

static const char *const sort_names[SORT__COUNT] = {"source", "date", "recipient", "rhost", "code", "status",
                                                    "reason", "decoder"};

const char *ui_sort_name(enum sort_key k)
{
	return sort_names[k];
}

struct row *ui_row(struct ui *ui, size_t i)
{
	return &g_array_index(ui->store->rows, struct row, g_array_index(ui->shown, guint32, i));
}

static int cmp_rows(gconstpointer pa, gconstpointer pb, gpointer data)
{
	struct ui *ui = data;
	guint32 ia = *(const guint32 *)pa, ib = *(const guint32 *)pb;
	const struct row *a = &g_array_index(ui->store->rows, struct row, ia);
	const struct row *b = &g_array_index(ui->store->rows, struct row, ib);
	int c = 0;
	switch (ui->sort) {
	case SORT_SOURCE: break;
	case SORT_DATE: c = a->timestamp < b->timestamp ? -1 : a->timestamp > b->timestamp; break;
	case SORT_RECIPIENT: c = g_ascii_strcasecmp(a->recipient, b->recipient); break;
	case SORT_RHOST: c = g_ascii_strcasecmp(a->rhost, b->rhost); break;
	case SORT_CODE: c = strcmp(a->replycode, b->replycode); break;
	case SORT_STATUS: c = strcmp(a->status, b->status); break;
	case SORT_REASON: c = strcmp(a->reason, b->reason); break;
	case SORT_DECODER: c = strcmp(a->decoder, b->decoder); break;
	default: break;
	}
	if (!c)
		c = ia < ib ? -1 : ia > ib;   /* stable: source order breaks ties */
	return ui->reverse ? -c : c;
}

/* The shown rows from `before` on are new: sort them and merge them into
 * the sorted rest, linear rather than a full sort on every batch (the
 * loader waits for the lock meanwhile). */
static void merge_new_rows(struct ui *ui, size_t before)
{
	guint32 *a = (guint32 *)(void *)ui->shown->data;
	size_t n = ui->shown->len;
	g_qsort_with_data(a + before, (gint)(n - before), sizeof *a, cmp_rows, ui);
	if (!before)
		return;
	guint32 *out = g_new(guint32, n);
	size_t i = 0, j = before, k = 0;
	while (i < before && j < n)
		out[k++] = cmp_rows(&a[j], &a[i], ui) < 0 ? a[j++] : a[i++];
	while (i < before)
		out[k++] = a[i++];
	while (j < n)
		out[k++] = a[j++];
	memcpy(a, out, n * sizeof *a);
	g_free(out);
}

/* Take in rows the loader added since last time (caller holds the lock). */
static void take_new_rows(struct ui *ui)
{
	GArray *rows = ui->store->rows;
	size_t before = ui->shown->len;
	for (; ui->rows_seen < rows->len; ui->rows_seen++) {
		struct row *r = &g_array_index(rows, struct row, ui->rows_seen);
		if (!ui->limit || limit_match(ui->limit, r)) {
			guint32 i = (guint32)ui->rows_seen;
			g_array_append_val(ui->shown, i);
			gpointer n = g_hash_table_lookup(ui->reason_count, r->reason);
			g_hash_table_insert(ui->reason_count, (gpointer)r->reason,
			                    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
		}
	}
	if (ui->shown->len != before && (ui->sort != SORT_SOURCE || ui->reverse))
		merge_new_rows(ui, before);
}

/* The store row under the list's cursor, or -1 (caller holds the lock). */
static gint64 cursor_row(const struct ui *ui)
{
	if (ui->list.cur >= ui->shown->len)
		return -1;
	return g_array_index(ui->shown, guint32, ui->list.cur);
}

/* Put the cursor back on store row `row` wherever the list now has it,
 * at the same height on the screen; a row no longer shown gives way to the
 * shown row nearest it in the queue.  Linear, and only on a change of
 * limit or sort, or when rows arrive under a moved cursor. */
static void cursor_follow(struct ui *ui, gint64 row)
{
	size_t n = ui->shown->len;
	if (row < 0 || !n)
		return;
	const guint32 *a = (const guint32 *)(const void *)ui->shown->data;
	size_t best = 0;
	guint32 bestd = G_MAXUINT32;
	for (size_t i = 0; i < n; i++) {
		guint32 d = a[i] > row ? a[i] - (guint32)row : (guint32)row - a[i];
		if (d < bestd) {
			bestd = d;
			best = i;
			if (!d)
				break;
		}
	}
	size_t height = ui->list.cur >= ui->list.top ? ui->list.cur - ui->list.top : 0;
	ui->list.cur = best;
	ui->list.top = best > height ? best - height : 0;
}

void ui_refilter(struct ui *ui)
{
	g_mutex_lock(&ui->store->mu);
	gint64 row = cursor_row(ui);
	g_array_set_size(ui->shown, 0);
	g_hash_table_remove_all(ui->reason_count);
	ui->rows_seen = 0;
	take_new_rows(ui);
	cursor_follow(ui, row);
	g_mutex_unlock(&ui->store->mu);
}

int ui_set_limit(struct ui *ui, const char *text)
{
	char *err = NULL;
	struct limit *l = limit_parse(text, &err);
	if (!l) {
		ui_message(ui, "limit: %s", err);
		g_free(err);
		return 0;
	}
	limit_free(ui->limit);
	g_free(ui->limit_text);
	ui->limit = l;
	ui->limit_text = g_strdup(text);
	ui_refilter(ui);
	return 1;
}

/* The bottom bar: counts, loading progress, limit, sort, tags, message. */
void view_status_bar(struct ui *ui)
{
	struct store *s = ui->store;
	GString *b = g_string_new(NULL);
	g_mutex_lock(&s->mu);
	size_t msgs = s->messages_done, bad = s->messages_bad, rows = s->rows->len;
	int loading = s->loading;
	double t = (loading ? g_get_monotonic_time() / 1e6 : s->finished) - s->started;
	g_mutex_unlock(&s->mu);
	g_string_append_printf(b, " %zu messages, %zu verdicts", msgs, rows - bad);
	if (bad)
		g_string_append_printf(b, ", %zu undecodable", bad);
	if (loading)
		g_string_append_printf(b, " | loading %.0f msg/s (C-c stops)", t > 0 ? msgs / t : 0.0);
	else if (s->stop)
		g_string_append(b, " | loading stopped");
	else
		g_string_append_printf(b, " | loaded in %.1f s", t);
	ui_export_status(ui, b);
	g_string_append_printf(b, " | shown %u", ui->shown->len);
	if (ui->limit_text)
		g_string_append_printf(b, " | limit: %s", ui->limit_text);
	g_string_append_printf(b, " | sort: %s%s", sort_names[ui->sort], ui->reverse ? " (reversed)" : "");
	if (ui->ntagged)
		g_string_append_printf(b, " | tagged %zu", ui->ntagged);
	int y = LINES - 2;
	attrset(screen_attr(ui, C_BAR));
	screen_text(y, 0, b->str, COLS, 1);
	attrset(A_NORMAL);
	move(LINES - 1, 0);
	clrtoeol();
	if (*ui->message) {
		screen_text(LINES - 1, 0, ui->message, COLS, 0);
	} else {
		struct view *v = g_ptr_array_index(ui->views, ui->views->len - 1);
		char hints[256];
		keys_hints(v->ops->bit, hints, sizeof hints);
		screen_text(LINES - 1, 0, hints, COLS, 0);
	}
	g_string_free(b, TRUE);
}

/* The letter that picks each sort key in the `o` prompt. */
static const char sort_letters[SORT__COUNT] = {'u', 'd', 'r', 'h', 'c', 's', 'e', 'm'};

static void choose_sort(struct ui *ui)
{
	GString *q = g_string_new("sort by:");
	for (int k = 0; k < SORT__COUNT; k++)
		g_string_append_printf(q, " %c=%s", sort_letters[k], sort_names[k]);
	attrset(A_NORMAL);
	move(LINES - 1, 0);
	clrtoeol();
	screen_text(LINES - 1, 0, q->str, COLS, 0);
	g_string_free(q, TRUE);
	refresh();
	timeout(-1);
	int c = getch();
	for (int k = 0; k < SORT__COUNT; k++)
		if (c == sort_letters[k] || c == '1' + k) {
			ui->sort = (enum sort_key)k;
			ui_refilter(ui);
			ui_message(ui, "sorted by %s", sort_names[k]);
			return;
		}
	ui_message(ui, "sort unchanged");
}

static void ask_quit(struct ui *ui)
{
	if (ui->export_job && !screen_yes(ui, "an export is running; cancel it and quit?"))
		return;
	if (!ui->export_job && ui->ntagged && !screen_yes(ui, "verdicts are tagged; quit anyway?"))
		return;
	ui_export_cancel(ui);
	ui->quit = 1;
}

/* What every view shares: quit, help, limit, sort, export, redraw. */
static void common_action(struct ui *ui, enum action a)
{
	switch (a) {
	case DO_BACK:
		if (ui->views->len > 1) {
			ui_pop(ui);
			break;
		}
		/* q in the list quits */
		/* fall through */
	case DO_QUIT:
		ask_quit(ui);
		break;
	case DO_HELP: ui_push(ui, view_help_new(ui)); break;
	case DO_TABLES: ui_push(ui, view_tables_new(ui, NULL, -1)); break;
	case DO_LIMIT: {
		char *t = screen_prompt(ui, "limit: ", ui->limit_text);
		if (t && *t)
			ui_set_limit(ui, t);
		g_free(t);
		break;
	}
	case DO_UNLIMIT:
		if (ui->limit) {
			limit_free(ui->limit);
			g_free(ui->limit_text);
			ui->limit = NULL;
			ui->limit_text = NULL;
			ui_refilter(ui);
			ui_message(ui, "limit cleared");
		}
		break;
	case DO_SORT: choose_sort(ui); break;
	case DO_SORT_REVERSE:
		ui->reverse = !ui->reverse;
		ui_refilter(ui);
		break;
	case DO_EXPORT: ui_export(ui); break;
	case DO_REDRAW: clearok(stdscr, TRUE); break;
	case DO_STOP:   /* the export first, then loading, then the program */
		if (ui->export_job) {
			ui_export_cancel(ui);
			ui_message(ui, "export cancelled: nothing was written");
		} else if (ui->store->loading) {
			ui->store->stop = 1;
			ui_message(ui, "stopping: what was read is kept");
		} else {
			ask_quit(ui);
		}
		break;
	default: break;
	}
}

static void draw(struct ui *ui)
{
	struct view *v = g_ptr_array_index(ui->views, ui->views->len - 1);
	erase();
	v->ops->draw(ui, v);
	view_status_bar(ui);
	refresh();
}

static int browse_loop(struct ui *ui)
{
	timeout(100);
	draw(ui);
	while (!ui->quit) {
		int key = getch();
		if (ui_terminating) {
			ui_export_cancel(ui);
			break;
		}
		int exporting = ui->export_job != NULL;
		ui_export_poll(ui);   /* an export that ended says how */
		if (interrupted) {
			interrupted = 0;
			key = 3;          /* C-c, as if typed */
		}
		int changed = 0;
		g_mutex_lock(&ui->store->mu);
		if (ui->gen_seen != ui->store->generation) {
			ui->gen_seen = ui->store->generation;
			/* rows merged in before the cursor move it off its verdict */
			int sorted = ui->sort != SORT_SOURCE || ui->reverse;
			gint64 row = ui->list.moved && sorted ? cursor_row(ui) : -1;
			take_new_rows(ui);
			cursor_follow(ui, row);
			changed = 1;
		}
		g_mutex_unlock(&ui->store->mu);
		if (key == ERR) {
			if (changed || exporting)   /* the export's progress moves */
				draw(ui);
			continue;
		}
		if (key == KEY_RESIZE) {
			draw(ui);
			continue;
		}
		ui->message[0] = 0;
		enum action a = keys_action(key);
		struct view *v = g_ptr_array_index(ui->views, ui->views->len - 1);
		if (!v->ops->act(ui, v, a, key))
			common_action(ui, a);
		timeout(100);
		if (!ui->quit)
			draw(ui);
	}
	return EXIT_ALLGOOD;
}

static const char browse_help[] =
	"usage: bouncelens browse [OPTION]... PATH...\n"
	"       bouncelens PATH...              (on a terminal)\n"
	"Browse the verdicts of a queue of bounces; press ? inside for the keys.\n\n"
	"  -l, --limit PATTERN  start with this limit (e.g. 'reason:userunknown and hard:yes')\n"
	"  -j, --jobs N         decoding threads (default: one per processor)\n"
	"  --delivered          keep records of delivered mail\n"
	"  --vacation           keep auto-reply records\n"
	"  -h, --help           this help\n"
	"Keys and colours: ~/.config/bouncelens/config (see the man page). NO_COLOR is honoured.\n";

int cmd_browse(int argc, char **argv)
{
	bnc_options opt = {0, 0};
	int jobs = 0, np = 0;
	const char *limit = NULL;
	char **paths = g_new0(char *, (gsize)argc + 1);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
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
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "bouncelens browse: unknown option '%s'\n%s", a, browse_help);
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
	for (int i = 0; i < np; i++)
		if (!strcmp(paths[i], "-")) {
			fputs("bouncelens browse: standard input cannot be browsed (the keyboard is read there); use dump\n",
			      stderr);
			g_free(paths);
			return EXIT_USAGE;
		}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("bouncelens browse: needs a terminal; use 'bouncelens dump' in scripts\n", stderr);
		g_free(paths);
		return EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	char *cfg_errors = NULL;
	keys_load_config(&cfg_errors);

	struct ui ui = {0};
	ui.views = g_ptr_array_new();
	ui.shown = g_array_new(FALSE, FALSE, sizeof(guint32));
	ui.reason_count = g_hash_table_new(g_direct_hash, g_direct_equal);   /* reasons are interned */
	for (int c = 0; c < LIST_COLUMNS; c++)
		ui.columns[ui.ncolumns++] = c;
	ui.store = store_new(paths, np, jobs, &opt);
	if (limit && !ui_set_limit(&ui, limit)) {
		fprintf(stderr, "bouncelens browse: %s\n", ui.message);
		store_free(ui.store);
		g_free(paths);
		return EXIT_USAGE;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_sigterm;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	store_load(ui.store);
	screen_start(&ui);
	if (cfg_errors) {
		char *nl = strchr(cfg_errors, '\n');
		if (nl)
			*nl = 0;
		ui_message(&ui, "config: %s", cfg_errors);
		g_free(cfg_errors);
	}
	ui_push(&ui, view_list_new(&ui));
	int rc = browse_loop(&ui);
	screen_end();
	store_stop(ui.store);
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
	store_free(ui.store);
	g_free(paths);
	if (ui_terminating) {   /* end as the signal would have, now the terminal is back */
		signal((int)ui_terminating, SIG_DFL);
		raise((int)ui_terminating);
	}
	return rc;
}
