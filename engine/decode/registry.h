/* decoders.h - the registry of decoders (engine/decoders.c). */
#ifndef BNC_DECODERS_H
#define BNC_DECODERS_H
#include "private.h"
#define BNC_MAX_DECODERS 128
/* The decoders to try for this message, in order: those the Subject
 * suggests, the rest in Sisimai's order, then RFC 3464, ARF and RFC 3834, then the extra ones,
 * then the last resort; m->sisimai leaves out the extra ones and the last resort.
 * Returns how many were written to out. */
size_t bnc_decoder_order(const struct bnc_msg *m, const struct bnc_decoder **out, size_t cap);
/* Is d a decoder of a format Sisimai has none for (or the last resort)? */
int bnc_decoder_is_extra(const struct bnc_decoder *d);
/* A decoder by its Sisimai name, or NULL. */
const struct bnc_decoder *bnc_decoder_named(const char *name);
/* Every decoder, for listing. */
const struct bnc_decoder *const *bnc_decoder_all(size_t *n);
#endif
