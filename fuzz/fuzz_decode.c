/* fuzz_decode.c - libFuzzer target: one message through bnc_decode with
 * delivered and vacation records kept; every verdict turned to JSON with its
 * explanation, then freed. */
#include <stddef.h>
#include <stdint.h>
#include "bouncelens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const bnc_options opt = {.delivered = 1, .vacation = 1};
	bnc_result *r = bnc_decode((const char *)data, size, "fuzz", &opt);
	if (!r)
		return 0;
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		char *js = bnc_verdict_to_json(bnc_result_verdict(r, i), 1);
		bnc_free(js);
	}
	(void)bnc_result_status(r);
	(void)bnc_result_error(r);
	bnc_result_free(r);
	return 0;
}
