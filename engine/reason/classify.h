/* classify.h - the reason pipeline (engine/classify.c). */
#ifndef BNC_CLASSIFY_H
#define BNC_CLASSIFY_H
#include "verdict.h"

struct classify_in {
	int reason;              /* the decoder's reason, or -1 */
	const char *status, *replycode, *diag, *diagtype, *command, *action;
	const char *rhost, *destination, *lhost;
	const struct bnc_hit *reason_hit; /* the decoder table entry behind reason, or NULL */
};

/* Decide the reason; every stage tried is appended to v's steps.
 * Returns the reason id. */
int bnc_classify(const struct classify_in *in, struct bnc_verdict *v);
#endif
