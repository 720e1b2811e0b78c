/* fuzz_sesjson.c - libFuzzer target: the input as the text of an Amazon SES
 * or SNS notification (folded with "!\n ", JSON inside a "Message" string),
 * given to the AmazonSES decoder alone, as the generic walk would after no
 * other decoder claimed it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include "private.h"
#include "mime.h"

extern const struct bnc_decoder bnc_decoder_amazonses;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bnc_msg m = {0};
	m.payload = g_strndup((const char *)data, size);
	m.payload_len = strlen(m.payload);
	struct bnc_rising out = {g_ptr_array_new_with_free_func((GDestroyNotify)bnc_rec_free), g_string_new(NULL), NULL, 0};
	(void)bnc_decoder_amazonses.inquire(&m, &out);
	g_ptr_array_free(out.recs, TRUE);
	g_string_free(out.rfc822, TRUE);
	bnc_msg_clear(&m);
	return 0;
}
