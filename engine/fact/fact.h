/* fact.h - records to verdicts (engine/fact.c). */
#ifndef BNC_FACT_H
#define BNC_FACT_H
#include "verdict.h"
/* Append a verdict per usable record of rising to out; returns how many.
 * For each record left out, a line saying why goes to dropped (when not
 * NULL); *no_recipient is set when every record was left out for want of
 * a recipient address it could take (the decoder misread the format). */
int bnc_rise(const struct bnc_msg *m, struct bnc_rising *rising, const char *decodedby, const char *origin,
             const bnc_options *opt, GPtrArray *out, GPtrArray *dropped, int *no_recipient);
struct classify_in;
/* Finish a verdict's decision from what ci holds (engine/fact/decide.c):
 * 0 when no verdict is to be made of it (an auto-reply not asked for). */
int bnc_decide(struct bnc_verdict *v, const struct classify_in *ci, const bnc_options *opt);
/* Sisimai's token: SHA-1 of its fixed string of sender, recipient and time
 * (engine/fact/token.c). */
char *bnc_token(const char *addresser, const char *recipient, gint64 epoch);
#endif
