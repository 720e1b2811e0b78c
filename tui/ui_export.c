/* ui_export.c - the browser's `s`: tagged verdicts (or, with none tagged,
 * those shown) written as JSON Lines, CSV or a suppression list, atomically,
 * never over an existing file without a yes. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "ui.h"
#include "export.h"
#include "savefile.h"

static char *default_name(enum export_format f)
{
	static const char *const ext[] = {"jsonl", "csv", "txt"};
	return g_strdup_printf("bouncelens-export.%s", ext[f]);
}

void ui_export(struct ui *ui)
{
	/* what to write: copies of the rows, so the loader may go on */
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	g_mutex_lock(&ui->store->mu);
	if (ui->ntagged) {
		for (guint i = 0; i < ui->store->rows->len; i++) {
			struct row *r = &g_array_index(ui->store->rows, struct row, i);
			if (r->tagged && r->kind != ROW_UNDECODABLE)
				g_array_append_val(rows, *r);
		}
	} else {
		for (guint i = 0; i < ui->shown->len; i++) {
			struct row *r = ui_row(ui, i);
			if (r->kind != ROW_UNDECODABLE)
				g_array_append_val(rows, *r);
		}
	}
	g_mutex_unlock(&ui->store->mu);
	if (!rows->len) {
		ui_message(ui, "nothing to export");
		g_array_free(rows, TRUE);
		return;
	}
	char *q = g_strdup_printf("export %u %s verdicts as (j)sonl, (c)sv or (s)uppression list? ", rows->len,
	                          ui->ntagged ? "tagged" : "shown");
	char *answer = screen_prompt(ui, q, NULL);
	g_free(q);
	int format = -1;
	if (answer && answer[0] && !answer[1])
		format = answer[0] == 'j' ? EXPORT_JSONL : answer[0] == 'c' ? EXPORT_CSV : answer[0] == 's' ? EXPORT_SUPPRESS : -1;
	else if (answer)
		format = export_format_parse(answer);
	g_free(answer);
	if (format < 0) {
		ui_message(ui, "export cancelled");
		g_array_free(rows, TRUE);
		return;
	}
	char *name = default_name((enum export_format)format);
	char *dest = screen_prompt(ui, "write to file: ", name);
	g_free(name);
	if (!dest || !*dest) {
		ui_message(ui, "export cancelled");
		g_free(dest);
		g_array_free(rows, TRUE);
		return;
	}
	struct stat st;
	int overwrite = 0;
	if (stat(dest, &st) == 0) {
		char *ask = g_strdup_printf("%s exists; overwrite it?", dest);
		overwrite = screen_yes(ui, ask);
		g_free(ask);
		if (!overwrite) {
			ui_message(ui, "export cancelled: %s left as it was", dest);
			g_free(dest);
			g_array_free(rows, TRUE);
			return;
		}
	}
	char *err = NULL;
	struct savefile *sf = savefile_open(dest, &err);
	if (!sf) {
		ui_message(ui, "%s", err);
		g_free(err);
		g_free(dest);
		g_array_free(rows, TRUE);
		return;
	}
	struct exporter *ex = exporter_new((enum export_format)format, savefile_stream(sf));
	/* rows of one message are next to each other in source order: decode
	 * each message once */
	size_t written = 0, failed = 0;
	bnc_result *res = NULL;
	uint32_t res_msg = UINT32_MAX;
	for (guint i = 0; i < rows->len; i++) {
		struct row *r = &g_array_index(rows, struct row, i);
		if (r->msg != res_msg) {
			if (res)
				bnc_result_free(res);
			const bnc_verdict *dummy;
			char *e2 = NULL;
			res = store_redecode(ui->store, r, &dummy, &e2);
			g_free(e2);
			res_msg = r->msg;
		}
		if (res && r->nth < bnc_result_count(res)) {
			exporter_add(ex, bnc_result_verdict(res, r->nth));
			written++;
		} else {
			failed++;
		}
		if (i % 500 == 499) {
			char prog[64];
			g_snprintf(prog, sizeof prog, "exporting %u of %u ...", i + 1, rows->len);
			move(LINES - 1, 0);
			clrtoeol();
			screen_text(LINES - 1, 0, prog, COLS, 0);
			refresh();
		}
	}
	if (res)
		bnc_result_free(res);
	if (exporter_finish(ex) < 0) {
		savefile_abandon(sf);
		ui_message(ui, "export failed: cannot write beside %s: %s", dest, g_strerror(errno));
	} else if (savefile_commit(sf, overwrite, &err) < 0) {
		ui_message(ui, "export failed: %s", err);
		g_free(err);
	} else if (failed) {
		ui_message(ui, "wrote %zu verdicts to %s; %zu could not be read again", written, dest, failed);
	} else {
		ui_message(ui, "wrote %zu verdicts to %s (%s)", written, dest, export_format_name((enum export_format)format));
	}
	g_free(dest);
	g_array_free(rows, TRUE);
}
