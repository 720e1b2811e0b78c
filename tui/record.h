/* record.h - a verdict packed into bytes and read back (tui/record.c).
 *
 * Packing is cheap (the strings are copied, nothing is rendered), so the
 * decoding threads pack every verdict while the browser loads; an export
 * then makes `dump --explain` JSON, CSV or a suppression list from the
 * records, without decoding the queue again.
 */
#ifndef BNC_RECORD_H
#define BNC_RECORD_H
#include <glib.h>
#include "bouncelens.h"

#define RECORD_MAX_FIELDS 32

struct record_step {
	const char *stage, *table, *at, *field, *reason, *note;
	int has_table, has_span, has_reason, decided;
	int64_t entry, offset, length;
};

/* One line of bnc_verdict_advice; NULL where the line has no such member. */
struct record_advice {
	const char *what, *key, *text, *source, *todo, *severity;
};

struct record {
	const char *field[RECORD_MAX_FIELDS];   /* as bnc_verdict_get gives them */
	const char *source[RECORD_MAX_FIELDS];  /* NULL: none noted */
	int64_t timestamp;
	int hard;
	const char *claim;
	size_t nsteps;
	struct record_step *steps;              /* g_free'd by record_clear */
	size_t nadvice;
	struct record_advice *advice;           /* g_free'd by record_clear */
};

/* Append the verdict's record to b: NUL-ended strings, nothing else. */
void record_pack(GString *b, const bnc_verdict *v);
/* Read a record back; its strings point into data, which must stay.
 * 0 when the bytes are not a record. */
int record_parse(const char *data, size_t len, struct record *r);
void record_clear(struct record *r);
/* A field by name ("" when unknown). */
const char *record_get(const struct record *r, const char *name);
/* The step that decided, or NULL. */
const struct record_step *record_decider(const struct record *r);
/* The same bytes as bnc_verdict_to_json(v, 1) for the verdict packed. */
char *record_to_json(const struct record *r);
#endif
