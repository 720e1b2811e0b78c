/* advice.h - what a verdict means and what to do, as lines of text: for
 * `explain`, `match` and the browser's detail view (tui/advice.c). */
#ifndef BNC_ADVICE_H
#define BNC_ADVICE_H
#include <glib.h>
#include "bouncelens.h"

/* Receives one finished line of text (no newline). */
typedef void (*advice_emit_fn)(void *ctx, const char *line);

/* One line of bnc_verdict_advice as text: "    in short  ...", the key
 * before the text, the source after it in brackets, wrapped at width
 * columns (0: not wrapped) with continuation lines indented under the text.
 * indent is the number of spaces before the label. */
void advice_format(const bnc_advice_line *l, int indent, int width, advice_emit_fn emit, void *ctx);

/* The title of the lines: "what it means and what to do". */
const char *advice_title(void);
/* All the lines for a verdict, under the title (indented, with a colon);
 * advice_body gives the lines alone, for a view that draws the title its own
 * way.  The browser's detail view calls one of these under the deciding
 * entry's table context: pager_add() each line. */
void advice_lines(const bnc_verdict *v, int indent, int width, advice_emit_fn emit, void *ctx);
void advice_body(const bnc_verdict *v, int indent, int width, advice_emit_fn emit, void *ctx);
/* The same appended to a GString, each line ended by a newline. */
void advice_append(GString *out, const bnc_verdict *v, int indent, int width);
/* All the lines for a bare error line and what bnc_match gave it. */
void advice_match_lines(const char *text, const char *reason, const bnc_step *why, int indent, int width,
                        advice_emit_fn emit, void *ctx);
#endif
