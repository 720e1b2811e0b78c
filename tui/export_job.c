/* export_job.c - exports in the background.
 *
 * The screen stays in use while a thread turns the results the loader
 * spooled (store_result) into the file; a message the spool lacks (the
 * spool could not be written) is decoded again, the one slow path.  Cancelling removes the
 * temporary file; the destination is only ever replaced whole.
 */
#include <errno.h>
#include <string.h>
#include "export_job.h"
#include "savefile.h"

struct export_job {
	struct store *store;
	GArray *rows;
	enum export_format format;
	char *dest;
	int overwrite;
	struct savefile *sf;
	GThread *thread;
	gint done;               /* rows handled, read by the screen */
	gint cancel, running;
	size_t written, failed;
	char *error;
};

/* One row from its message's result, read back once for all its rows. */
static int write_row(struct export_job *j, struct exporter *ex, const struct row *r, bnc_result **res,
                     uint32_t *res_msg)
{
	if (r->msg != *res_msg) {
		if (*res)
			bnc_result_free(*res);
		const bnc_verdict *v;
		char *e = NULL;
		*res = store_result(j->store, r, &v, &e);
		g_free(e);
		*res_msg = r->msg;
	}
	if (!*res || r->kind >= ROW_UNDECODABLE || r->nth >= bnc_result_count(*res))
		return 0;
	exporter_add(ex, bnc_result_verdict(*res, r->nth));
	return 1;
}

static gpointer run(gpointer data)
{
	struct export_job *j = data;
	struct exporter *ex = exporter_new(j->format, savefile_stream(j->sf));
	bnc_result *res = NULL;
	uint32_t res_msg = UINT32_MAX;
	for (guint i = 0; i < j->rows->len && !g_atomic_int_get(&j->cancel); i++) {
		if (write_row(j, ex, &g_array_index(j->rows, struct row, i), &res, &res_msg))
			j->written++;
		else
			j->failed++;
		g_atomic_int_set(&j->done, (gint)(i + 1));
	}
	if (res)
		bnc_result_free(res);
	int bad = exporter_finish(ex) < 0;
	int e = errno;
	if (g_atomic_int_get(&j->cancel)) {
		savefile_abandon(j->sf);
	} else if (bad) {
		savefile_abandon(j->sf);
		j->error = g_strdup_printf("cannot write %s: %s", j->dest, g_strerror(e));
	} else if (savefile_commit(j->sf, j->overwrite, &j->error) < 0) {
		/* j->error says why */
	}
	j->sf = NULL;
	g_atomic_int_set(&j->running, 0);
	return NULL;
}

struct export_job *export_job_start(struct store *s, GArray *rows, enum export_format f, const char *dest,
                                    int overwrite, char **err)
{
	struct savefile *sf = savefile_open(dest, err);
	if (!sf) {
		g_array_free(rows, TRUE);
		return NULL;
	}
	struct export_job *j = g_new0(struct export_job, 1);
	j->store = s;
	j->rows = rows;
	j->format = f;
	j->dest = g_strdup(dest);
	j->overwrite = overwrite;
	j->sf = sf;
	j->running = 1;
	j->thread = g_thread_new("export", run, j);
	return j;
}

void export_job_progress(struct export_job *j, size_t *done, size_t *total)
{
	*done = (size_t)g_atomic_int_get(&j->done);
	*total = j->rows->len;
}

int export_job_running(struct export_job *j)
{
	return g_atomic_int_get(&j->running);
}

void export_job_cancel(struct export_job *j)
{
	g_atomic_int_set(&j->cancel, 1);
}

const char *export_job_dest(const struct export_job *j)
{
	return j->dest;
}

char *export_job_finish(struct export_job *j, int *ok)
{
	g_thread_join(j->thread);
	char *msg;
	*ok = 0;
	if (g_atomic_int_get(&j->cancel))
		msg = g_strdup_printf("export cancelled: %s not written", j->dest);
	else if (j->error)
		msg = g_strdup_printf("export failed: %s", j->error);
	else if (j->failed)
		msg = g_strdup_printf("wrote %zu verdicts to %s; %zu could not be read again", j->written, j->dest,
		                      j->failed);
	else {
		msg = g_strdup_printf("wrote %zu verdicts to %s (%s)", j->written, j->dest, export_format_name(j->format));
		*ok = 1;
	}
	g_free(j->error);
	g_free(j->dest);
	g_array_free(j->rows, TRUE);
	g_free(j);
	return msg;
}
