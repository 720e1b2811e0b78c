/* lda.h - local delivery agent messages (engine/lda.c, tables/lda.def). */
#ifndef BNC_LDA_H
#define BNC_LDA_H
#include "private.h"

extern const struct bnc_table bnc_lda_table;

/* The agent an entry of bnc_lda_table belongs to ("procmail", ...). */
const char *bnc_lda_agent(size_t index);

/* Sisimai's lda.Find.  lowered_diag: the lower-cased diagnostic text;
 * command: the SMTP command or "" / NULL; diagtype is accepted but, as in
 * Sisimai 5.2.0, not looked at.  Returns a reason id, or -1 when the text is
 * empty, the command is neither empty nor DATA, or no agent is named.  hit
 * is filled when a reason is returned (length 0 for an agent's fallback). */
int bnc_lda_find(const char *lowered_diag, const char *command, const char *diagtype, struct bnc_hit *hit);
#endif
