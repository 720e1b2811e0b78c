/* loop.c - the browser's loop: it redraws when the store changes or a key
 * arrives (polling every 100 ms), keeps the shown list in step with what
 * loading adds, hands keys to the view on top, and does what every view
 * shares.  Signals only set flags the loop reads. */
#include <signal.h>
#include <string.h>
#include "ui.h"
#include "savefile.h"
#include "follow.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* SIGTERM, SIGHUP, SIGQUIT: an export's temporary file goes at once (the
 * loop may be waiting in a prompt), then the loop ends the program cleanly,
 * the terminal given back, and the signal is raised again (SIGQUIT then
 * dumps core as it would have, with the terminal sane). */
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

/* The letter that picks each sort key in the `o` prompt. */
static const char sort_letters[SORT__COUNT] = {'u', 'd', 'r', 'h', 'c', 's', 'e', 'm'};

static void choose_sort(struct ui *ui)
{
	GString *q = g_string_new("sort by:");
	for (int k = 0; k < SORT__COUNT; k++)
		g_string_append_printf(q, " %c=%s", sort_letters[k], ui_sort_name((enum sort_key)k));
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
			ui_message(ui, "sorted by %s", ui_sort_name((enum sort_key)k));
			return;
		}
	ui_message(ui, "sort unchanged");
}

static void toggle_follow(struct ui *ui)
{
	if (ui->follow) {
		follow_stop(ui->follow);
		ui->follow = NULL;
		ui_message(ui, "follow mode off");
		return;
	}
	char *err = NULL;
	ui->follow = follow_start(ui->store, &err);
	if (!ui->follow) {
		ui_message(ui, "%s", err);
		g_free(err);
		return;
	}
	ui->list.moved = 0;   /* as tail -f: at the end, the cursor follows the newest */
	ui_message(ui, "following %d folders: new messages are added as they arrive (f: stop)", follow_count(ui->follow));
}

/* R: the queue read again, into a new store; the limit and the sort stay,
 * the cursor goes back to its row number, tags go. */
static void reload(struct ui *ui)
{
	struct store *old = ui->store;
	if (ui->export_job) {
		ui_message(ui, "an export is running: reload when it is done (C-c cancels it)");
		return;
	}
	if (old->stdin_path) {
		ui_message(ui, "standard input cannot be read again");
		return;
	}
	if (ui->ntagged && !screen_yes(ui, "reloading drops the tags; reload?"))
		return;
	if (!store_stop_within(old, 2000)) {
		ui_message(ui, "a message is still being decoded; try again in a moment");
		return;
	}
	int following = ui->follow != NULL;
	if (following) {
		follow_stop(ui->follow);
		ui->follow = NULL;
	}
	while (ui->views->len > 1)
		ui_pop(ui);
	ui->store = store_new(old->paths, old->npaths, old->jobs, &old->opt);
	store_free(old);
	g_array_set_size(ui->shown, 0);
	g_hash_table_remove_all(ui->reason_count);
	ui->rows_seen = 0;
	ui->gen_seen = 0;
	ui->ntagged = 0;
	store_load(ui->store);
	char *err = NULL;
	if (following && !(ui->follow = follow_start(ui->store, &err)))
		g_free(err);
	ui_message(ui, "reading the queue again");
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
	case DO_RELOAD: reload(ui); break;
	case DO_FOLLOW: toggle_follow(ui); break;
	case DO_FREQUENCY: ui_push(ui, view_freq_new(ui)); break;
	case DO_TIMELINE: ui_push(ui, view_time_new(ui)); break;
	case DO_LIMIT: {
		char *t = screen_prompt_history(ui, "limit: ", ui->limit_text, HISTORY_LIMIT);
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

int ui_run(struct ui *ui)
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
			gint64 row = ui->list.moved && sorted ? ui_cursor_row(ui) : -1;
			int at_end = ui->list.cur + 1 >= ui->shown->len;
			ui_take_new_rows(ui);
			ui_cursor_follow(ui, row);
			if (ui->follow && at_end && !ui->list.moved && ui->shown->len)   /* tail -f */
				ui->list.cur = ui->shown->len - 1;
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


void ui_signals_install(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_sigterm;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}
