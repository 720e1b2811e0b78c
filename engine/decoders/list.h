/* list.h - declarations of the specific decoders listed in list.def. */
#ifndef BNC_DECODERS_LIST_H
#define BNC_DECODERS_LIST_H
#include "private.h"
#define DECODER(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#include "decoders/list.def"
#undef DECODER
#endif
