/* export.h - verdicts as JSON Lines, CSV or a suppression list (tui/export.c). */
#ifndef BNC_EXPORT_H
#define BNC_EXPORT_H
#include "cli.h"

enum export_format { EXPORT_JSONL, EXPORT_CSV, EXPORT_SUPPRESS };

/* "jsonl", "csv" or "suppress" (case ignored); -1 when unknown. */
int export_format_parse(const char *s);
const char *export_format_name(enum export_format f);

/* jsonl: one `dump --explain` object per line.  csv: RFC 4180 with a header
 * row, Sisimai's fields then stage, table, entry and entry_at of the step
 * that decided.  suppress: hard-bounced recipients, lower-cased, sorted,
 * unique, one per line (written by exporter_finish). */
struct exporter;
struct exporter *exporter_new(enum export_format format, FILE *out);
void exporter_add(struct exporter *e, const bnc_verdict *v);
/* Flush and free; -1 when a write failed. */
int exporter_finish(struct exporter *e);
#endif
