/* fuzz_unpack.c - libFuzzer target: the input as the bytes of a verdict-cache
 * entry (engine/output/pack.c).  A cache file on disk is untrusted: another
 * build, a torn write or a hand edit may have put anything there.  Whatever
 * unpacks must pack again to bytes that unpack to the same packing, or the
 * cache would print something other than what it kept. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "bouncelens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bnc_result *r = bnc_result_unpack(data, size);
	if (!r)
		return 0;
	size_t n1 = 0, n2 = 0;
	char *p1 = bnc_result_pack(r, &n1);
	bnc_result *again = bnc_result_unpack(p1, n1);
	if (!again)
		abort();            /* what we packed ourselves must read back */
	char *p2 = bnc_result_pack(again, &n2);
	if (n1 != n2 || memcmp(p1, p2, n1))
		abort();
	bnc_free(p1);
	bnc_free(p2);
	bnc_result_free(again);
	bnc_result_free(r);
	return 0;
}
