/* fuzz_split.c - libFuzzer target, differential: a message read with
 * split.c and read with GMime alone give the same status, headers, flat
 * text and cuts; any difference aborts.  What split.c cannot be sure of it
 * must leave to GMime, so no input may tell the two readers apart. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mime.h"

static int same(const struct bnc_msg *a, const struct bnc_msg *b)
{
	if (strcmp(a->payload, b->payload) || g_strcmp0(a->cut, b->cut) || a->nhdr != b->nhdr)
		return 0;
	for (size_t i = 0; i < a->nhdr; i++)
		if (strcmp(a->hdr[i].name, b->hdr[i].name) || strcmp(a->hdr[i].value, b->hdr[i].value))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bnc_msg a, b;
	char *ea = NULL, *eb = NULL;
	bnc_mime_use_split(1);
	bnc_status sa = bnc_mime_read((const char *)data, size, &a, &ea);
	bnc_mime_use_split(0);
	bnc_status sb = bnc_mime_read((const char *)data, size, &b, &eb);
	if (sa != sb)
		abort();
	if (sa == BNC_OK) {
		if (!same(&a, &b))
			abort();
		bnc_msg_clear(&a);
		bnc_msg_clear(&b);
	}
	g_free(ea);
	g_free(eb);
	return 0;
}
