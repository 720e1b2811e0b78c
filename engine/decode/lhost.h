/* lhost.h - what every decoder shares (engine/decode/lhost.c).
 *
 * One home for the helpers a decoder needs, in the spirit of mblaze's
 * blaze822.c: Sisimai's string helpers (its "moji" package), its RFC 5322
 * part splitter, and the sheet a decoder writes its records on.  Each helper
 * restates the behaviour of current Sisimai (go-sisimai 5.8) so that a port
 * picks the values Sisimai picks; where a decoder needs something else it
 * says so where it is used.
 */
#ifndef BNC_LHOST_H
#define BNC_LHOST_H
#include <stddef.h>
#include <glib.h>
#include "private.h"

/* A list literal for the helpers below: BNC_LIST("a", "b") */
#define BNC_LIST(...) ((const char *const[]){__VA_ARGS__}), (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

/* ---- Sisimai's string helpers (moji) -------------------------------------- */

/* Do the strings of list occur in s one after another, in that order
 * (moji.Aligned, with its quirk: a one-character string found at the very
 * start does not move the search on)? */
int bnc_aligned(const char *s, const char *const *list, size_t n);
/* Does s hold any of the strings, or start with any of them (an empty
 * string of the list counts for nothing)? */
int bnc_contains_any(const char *s, const char *const *list, size_t n);
int bnc_prefix_any(const char *s, const char *const *list, size_t n);
/* Is s non-empty and all ASCII digits (moji.ContainsOnlyNumbers)? */
int bnc_only_digits(const char *s);
/* The text between the first `begin` and the next `until`, which is looked
 * for from one character past begin's end (moji.Select); "" when either is
 * missing or s is too short to hold both.  A new string. */
char *bnc_select(const char *s, const char *begin, const char *until);
/* moji.Sweep: tabs to spaces, trimmed, runs of spaces made one, and the
 * rest dropped from the first " --" (a MIME boundary run into the text)
 * unless "-- " occurs too.  A new string. */
char *bnc_sweep(const char *s);

/* s without the colons at either end ("user@example.org": -> user@...). */
char *bnc_trim_colons(const char *s);

/* A header's first value, or "" (Sisimai reads an absent header as ""). */
const char *bnc_hdr(const struct bnc_msg *m, const char *name);

/* ---- records ------------------------------------------------------------- */

/* Set field t (an enum bnc_rec_field, or -1: nothing) as Sisimai's
 * DeliveryMatter.Update does: empty values, host names that are not
 * Internet host names, malformed status codes and aliases that are not
 * addresses are left out; host names are lower-cased. */
void bnc_rec_update(struct bnc_rec *r, int t, const char *val, const char *why);

/* ---- a decoder's own tables ----------------------------------------------- */

/* The first entry of t that text holds: each fragment, in order and with its
 * case (BNC_ON_CASE entries), or the whole text equal to frag[0]
 * (BNC_ON_LABEL).  Fills hit (table, entry, span); NULL when none does. */
const struct bnc_entry *bnc_table_scan(const struct bnc_table *t, const char *text, struct bnc_hit *hit);
/* r's reason from the first entry of t that text holds, the entry kept for
 * the explanation (r->reason_hit).  Returns the entry, or NULL (r as it was). */
const struct bnc_entry *bnc_rec_reason_from(struct bnc_rec *r, const struct bnc_table *t, const char *text,
                                            const char *why);

/* ---- lines ----------------------------------------------------------------- */

/* Where a decoder starts reading its lines: at the first line that starts
 * with mark (BNC_FROM_MARK) or at the line after it (BNC_AFTER_MARK); the
 * number of lines when none does. */
enum { BNC_FROM_MARK, BNC_AFTER_MARK };
size_t bnc_lines_from(char *const *lines, const char *mark, int where);

/* Text a decoder gives whole to each of its records (Smail's message log, a
 * whole transcript) is copied only while the copies stay under
 * BNC_SHARED_TEXT_MAX bytes, so that a decoder stays linear in its input
 * however many recipients a message names: may `copies` records each get
 * `len` bytes? */
#define BNC_SHARED_TEXT_MAX (1u << 20)
static inline int bnc_shared_text_fits(size_t copies, size_t len)
{
	return !copies || len <= BNC_SHARED_TEXT_MAX / copies;
}

/* ---- the original message ------------------------------------------------- */

/* rfc5322.Part: the body up to the first of the marks found past its first
 * byte (the error text, *former), and from there the first blank-line
 * separated block holding "Received: " or "From: " (else all the rest),
 * leading blank lines dropped and ending in a newline (the original
 * message's headers, *latter; "" without a mark).  New strings. */
void bnc_part(const char *body, const char *const *marks, size_t n, char **former, char **latter);

/* ---- the sheet: records in the making (Sisimai's dscontents) -------------- */

/* Records opened one after another, each with a buffer for the diagnostic
 * text its lines add up to.  The sheet starts with one empty record. */
struct bnc_sheet {
	GPtrArray *recs;         /* of struct bnc_rec *; the last is being filled */
	GPtrArray *diag;         /* of GString *, one per record */
	int recipients;          /* records given a recipient (the decoder counts) */
};

void bnc_sheet_init(struct bnc_sheet *s);
size_t bnc_sheet_len(const struct bnc_sheet *s);
struct bnc_rec *bnc_sheet_rec(const struct bnc_sheet *s, size_t i);
GString *bnc_sheet_diag(const struct bnc_sheet *s, size_t i);
/* The record being filled, and its diagnostic buffer. */
struct bnc_rec *bnc_sheet_last(const struct bnc_sheet *s);
GString *bnc_sheet_last_diag(const struct bnc_sheet *s);
/* A new record after the last one, whatever it holds. */
struct bnc_rec *bnc_sheet_add(struct bnc_sheet *s);
/* The record for the next recipient: the last one while it has no
 * recipient yet, else a new one. */
struct bnc_rec *bnc_sheet_next(struct bnc_sheet *s);
/* The record for the next entry of a recipient list, counted in recipients
 * whether or not the entry gives an address (so an entry without one still
 * has its record, which bnc_sheet_next would fill again): the sheet's first
 * record, then a new one each time. */
struct bnc_rec *bnc_sheet_count(struct bnc_sheet *s);
/* Each record's diagnosis set from its buffer, white space folded
 * (bnc_squeeze_space); why NULL keeps the note the record has. */
void bnc_sheet_diagnosis(struct bnc_sheet *s, const char *why);
struct dsn_field;
/* A delivery-status field of the addr group into the sheet: Final-Recipient:
 * gives the next record its recipient (a new record when the last has one),
 * Original-Recipient: and X-Actual-Recipient: the last record its alias.
 * *v is set to the record written; returns 1 when it was given a recipient. */
int bnc_sheet_dsn_addr(struct bnc_sheet *s, const struct dsn_field *o, struct bnc_rec **v);
/* Each record's reason from the first entry of t its diagnosis holds. */
void bnc_sheet_reasons(struct bnc_sheet *s, const struct bnc_table *t, const char *why);
/* The end of a decoder: when ok, the records go to out with the original
 * message's headers and the claim (either NULL: the decoder has set it in
 * out itself); otherwise they are freed.  The sheet is freed either way.
 * Returns ok. */
int bnc_sheet_close(struct bnc_sheet *s, int ok, struct bnc_rising *out, const char *rfc822, const char *claimed);

/* ---- a decoder's reading of a text report ---------------------------------- */

/* What a decoder of a text report does first and last, held in one place:
 * the body split at the first of its marks (bnc_part), the error text in
 * lines, and an empty sheet to write the records on. */
struct bnc_reading {
	struct bnc_sheet sh;
	char *errpart;   /* the report's text, up to the original */
	char *orig;      /* the original message's headers ("" without a mark) */
	char **lines;    /* errpart in lines */
};
void bnc_reading_open(struct bnc_reading *rd, const char *body, const char *const *marks, size_t n);
/* bnc_sheet_close with the original's headers, then everything freed.
 * Returns ok. */
int bnc_reading_close(struct bnc_reading *rd, int ok, struct bnc_rising *out, const char *claimed);

#endif
