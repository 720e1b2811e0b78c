/* decoders.h - the registry of decoders (engine/decoders.c). */
#ifndef BNC_DECODERS_H
#define BNC_DECODERS_H
#include "private.h"
/* The decoders to try for this message, in order (cheap header tests first,
 * the generic RFC 3464, ARF and RFC 3834 decoders last). */
const struct bnc_decoder *const *bnc_decoder_order(const struct bnc_msg *m, size_t *n);
/* Every decoder, for listing. */
const struct bnc_decoder *const *bnc_decoder_all(size_t *n);
#endif
