/* decoders.c - which decoders exist and in what order they are tried. */
#include "decoders.h"

/* Specific MTA and provider decoders come first (none yet: see the issue
 * on MTA formats); the generic decoders last, in Sisimai's order. */
static const struct bnc_decoder *const all[] = {
	&bnc_decoder_rfc3464,
	&bnc_decoder_arf,
	&bnc_decoder_rfc3834,
};

const struct bnc_decoder *const *bnc_decoder_order(const struct bnc_msg *m, size_t *n)
{
	(void)m;
	*n = G_N_ELEMENTS(all);
	return all;
}

const struct bnc_decoder *const *bnc_decoder_all(size_t *n)
{
	*n = G_N_ELEMENTS(all);
	return all;
}
