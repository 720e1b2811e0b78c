/* patterns.h - the message patterns of each bounce reason (Sisimai's
 * IncludedIn), and the reason names. */
#ifndef BNC_PATTERNS_H
#define BNC_PATTERNS_H

/* table.h has no guard around struct bnc_hit, so include it only once */
#ifndef BNC_TABLE_H
#include "table.h"
#endif

extern const struct bnc_table bnc_patterns_table;   /* name "patterns" */

/* Does the lower-cased text match any pattern of this reason? On a match,
 * fills hit (when not NULL): the table, the entry index, and the byte span
 * from the first fragment's start to the last fragment's end. Returns 1/0. */
int bnc_patterns_match(int reason, const char *text, struct bnc_hit *hit);

/* The same, by name (legacy names are their current reason's). Unknown
 * names return 0. */
int bnc_patterns_match_as(const char *name, const char *text, struct bnc_hit *hit);

#endif
