/* probe.h - Sisimai's per-reason ProbesInto tests and the two class orders
 * of its reason detection. */
#ifndef BNC_PROBE_H
#define BNC_PROBE_H

#include <stddef.h>
/* table.h has no guard around struct bnc_hit, so include it only once */
#ifndef BNC_TABLE_H
#include "table.h"
#endif

/* Would Sisimai's ProbesInto[reason] say yes for this record? Returns 1/0 and,
 * on 1, fills hit (when not NULL) with what decided: a pattern hit, the status
 * table hit, a reply-code entry of bnc_probe_table, or {NULL,0,0,0} when the
 * decoder's own reason or the SMTP command decided. Reasons without a
 * ProbesInto in Sisimai return 0. */
int bnc_probe(int reason, const struct bnc_probe_in *in, struct bnc_hit *hit);

/* The reply codes that decide on their own in some ProbesInto. */
extern const struct bnc_table bnc_probe_table;      /* name "probe" */

/* The reply codes that name a reason on their own, read by the reply stage
 * when no other stage decided (engine/tables/reply.def). */
extern const struct bnc_table bnc_reply_table;      /* name "reply" */

/* Reason id the reply table gives this reply code, or -1; on a hit, fills
 * hit (when not NULL) with the entry. */
int bnc_reply_reason(const char *replycode, struct bnc_hit *hit);

/* Reason id for a status code per Sisimai's smtp/status table, or -1.
 * Implemented in engine/smtpcode.c. */
int bnc_status_name(const char *status, struct bnc_hit *hit);

/* classorder[0] of Sisimai's reason/lib.go: the order Find() tries ProbesInto. */
extern const int bnc_probe_order[];
extern const size_t bnc_probe_order_len;
/* classorder[1]: the order anotherone() tries IncludedIn. */
extern const int bnc_pattern_order[];
extern const size_t bnc_pattern_order_len;

#endif
