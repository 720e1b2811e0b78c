/* export_job.h - an export written on a thread of its own, with progress
 * and cancel, from the results the loader spooled (tui/export_job.c). */
#ifndef BNC_EXPORT_JOB_H
#define BNC_EXPORT_JOB_H
#include "store.h"
#include "export.h"

struct export_job;
/* Write rows (struct row copies; the job takes the array) to dest, which
 * must be the file itself (links followed).  Without overwrite an existing
 * dest is left alone.  NULL with *err when the file cannot be begun. */
struct export_job *export_job_start(struct store *s, GArray *rows, enum export_format f, const char *dest,
                                    int overwrite, char **err);
/* Rows written so far, and in all. */
void export_job_progress(struct export_job *j, size_t *done, size_t *total);
int export_job_running(struct export_job *j);
/* Ask it to stop: the temporary file is removed, dest left as it was. */
void export_job_cancel(struct export_job *j);
/* Wait for the end and free; returns a line saying what happened (g_free)
 * and sets *ok. */
char *export_job_finish(struct export_job *j, int *ok);
const char *export_job_dest(const struct export_job *j);
#endif
