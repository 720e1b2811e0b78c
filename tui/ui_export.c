/* ui_export.c - the browser's `s`: tagged verdicts (or, with none tagged,
 * those shown) written as JSON Lines, CSV or a suppression list, in the
 * background from what loading already decoded (export_job.c), to a full
 * path that is never in the queue, atomically, never over an existing file
 * without a yes, and through a symbolic link to the file it names. */
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "ui.h"
#include "export.h"
#include "export_job.h"
#include "paths.h"

static const char *const ext[] = {"jsonl", "csv", "txt"};

/* The folder an export goes to unless told: the last one used, else the
 * current folder when it is not in the queue, else the home folder. */
static char *default_dest(struct ui *ui, enum export_format f)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	char *name = g_strdup_printf("bouncelens-%s.%s", stamp, ext[f]);
	char *dir = ui->export_dir ? g_strdup(ui->export_dir) : g_get_current_dir();
	char *path = g_build_filename(dir, name, NULL);
	if (path_in_queue(path, ui->store->paths, ui->store->npaths)) {
		g_free(path);
		path = g_build_filename(g_get_home_dir(), name, NULL);
	}
	g_free(dir);
	g_free(name);
	return path;
}

static GArray *rows_to_export(struct ui *ui)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	g_mutex_lock(&ui->store->mu);
	if (ui->ntagged) {
		for (guint i = 0; i < ui->store->rows->len; i++) {
			struct row *r = &g_array_index(ui->store->rows, struct row, i);
			if (r->tagged && r->kind < ROW_UNDECODABLE)
				g_array_append_val(rows, *r);
		}
	} else {
		for (guint i = 0; i < ui->shown->len; i++) {
			struct row *r = ui_row(ui, i);
			if (r->kind < ROW_UNDECODABLE)
				g_array_append_val(rows, *r);
		}
	}
	g_mutex_unlock(&ui->store->mu);
	return rows;
}

/* The file to write, asked for and checked; NULL (with a message) when the
 * export should not go ahead.  *overwrite says the user agreed to replace. */
static char *ask_dest(struct ui *ui, enum export_format f, int *overwrite)
{
	char *def = default_dest(ui, f);
	char *typed = screen_prompt(ui, "write to file: ", def);
	g_free(def);
	if (!typed || !*typed) {
		ui_message(ui, "export cancelled");
		g_free(typed);
		return NULL;
	}
	char *abs = path_expand(typed);
	if (!abs) {
		ui_message(ui, "export cancelled: cannot read the path '%s'", typed);
		g_free(typed);
		return NULL;
	}
	g_free(typed);
	struct stat st;
	if (stat(abs, &st) == 0 && S_ISDIR(st.st_mode)) {   /* a folder: a new file in it */
		char *name = default_dest(ui, f), *base = g_path_get_basename(name);
		char *in = g_build_filename(abs, base, NULL);
		g_free(name);
		g_free(base);
		g_free(abs);
		abs = in;
	}
	char *err = NULL;
	char *target = path_follow_links(abs, &err);
	if (!target) {
		ui_message(ui, "export cancelled: %s", err);
		g_free(err);
		g_free(abs);
		return NULL;
	}
	if (path_in_queue(target, ui->store->paths, ui->store->npaths)) {
		ui_message(ui, "export refused: %s is in the queue being read; choose a place outside it", target);
		g_free(target);
		g_free(abs);
		return NULL;
	}
	*overwrite = 0;
	if (lstat(target, &st) == 0) {
		char *ask = strcmp(abs, target) ? g_strdup_printf("%s (the link %s) exists; overwrite it?", target, abs)
		                                : g_strdup_printf("%s exists; overwrite it?", target);
		*overwrite = screen_yes(ui, ask);
		g_free(ask);
		if (!*overwrite) {
			ui_message(ui, "export cancelled: %s left as it was", target);
			g_free(target);
			g_free(abs);
			return NULL;
		}
	}
	g_free(abs);
	return target;
}

void ui_export(struct ui *ui)
{
	if (ui->export_job) {
		ui_message(ui, "an export is running (C-c cancels it)");
		return;
	}
	GArray *rows = rows_to_export(ui);
	if (!rows->len) {
		ui_message(ui, "nothing to export");
		g_array_free(rows, TRUE);
		return;
	}
	char *q = g_strdup_printf("export %u %s verdicts as: j JSON Lines, c CSV, s suppression list (Esc: no)", rows->len,
	                          ui->ntagged ? "tagged" : "shown");
	int format = screen_choice(ui, q, "jcs");
	g_free(q);
	if (format < 0) {
		ui_message(ui, "export cancelled");
		g_array_free(rows, TRUE);
		return;
	}
	int overwrite = 0;
	char *dest = ask_dest(ui, (enum export_format)format, &overwrite);
	if (!dest) {
		g_array_free(rows, TRUE);
		return;
	}
	char *err = NULL;
	guint n = rows->len;
	ui->export_job = export_job_start(ui->store, rows, (enum export_format)format, dest, overwrite, &err);
	if (!ui->export_job) {
		ui_message(ui, "export failed: %s", err);
		g_free(err);
	} else {
		g_free(ui->export_dir);
		ui->export_dir = g_path_get_dirname(dest);
		ui_message(ui, "exporting %u verdicts to %s (C-c cancels)", n, dest);
	}
	g_free(dest);
}

void ui_export_poll(struct ui *ui)
{
	if (!ui->export_job || export_job_running(ui->export_job))
		return;
	int ok;
	char *msg = export_job_finish(ui->export_job, &ok);
	ui->export_job = NULL;
	ui_message(ui, "%s", msg);
	g_free(msg);
}

void ui_export_cancel(struct ui *ui)
{
	if (!ui->export_job)
		return;
	export_job_cancel(ui->export_job);
	int ok;
	g_free(export_job_finish(ui->export_job, &ok));
	ui->export_job = NULL;
}

int ui_export_status(struct ui *ui, GString *out)
{
	if (!ui->export_job)
		return 0;
	size_t done, total;
	export_job_progress(ui->export_job, &done, &total);
	g_string_append_printf(out, " | exporting %zu/%zu (%zu%%), C-c cancels", done, total,
	                       total ? done * 100 / total : 0);
	return 1;
}
