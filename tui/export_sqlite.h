/* export_sqlite.h - `dump --format sqlite FILE`: every verdict, its fields,
 * sources, steps and meaning, in a new SQLite database (tui/export_sqlite.c;
 * the schema is in docs/cache.md and the man page). */
#ifndef BNC_EXPORT_SQLITE_H
#define BNC_EXPORT_SQLITE_H
#include "walk.h"

struct sqlexp;
/* A database to be FILE: written in a temporary file beside it.  NULL with
 * *err (one line) when FILE exists (errno EEXIST then: a usage error) or
 * nothing can be written there. */
struct sqlexp *sqlexp_begin(const char *file, char **err);
/* One message: its row, and the rows of its verdicts (r may be NULL: it
 * could not be read). */
void sqlexp_add(struct sqlexp *x, const struct walk_item *it, bnc_result *r);
/* Written whole and renamed to FILE, never over a file that appeared
 * meanwhile: 0, or -1 with *err (the temporary file is then removed).
 * abandon: removed without being renamed. */
int sqlexp_finish(struct sqlexp *x, int abandon, char **err);
#endif
