/* fuzz_address.c - libFuzzer target: the address readers on any text, as a
 * header value or a line of a bounce: the first address in it, the S3S4
 * form of a DSN field, the user and host of it, and a header block of
 * "Name: value" lines (the original message's headers). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include "private.h"
#include "rfc1894.h"
#include "mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bnc_mime_init();   /* as bnc_decode does: GMime decodes encoded words */
	char *s = g_strndup((const char *)data, size);   /* up to the first NUL */
	char *a = bnc_address_find(s);
	if (a) {
		char *host = NULL;
		char *user = bnc_address_user_host(a, &host);
		(void)bnc_is_address(a);
		g_free(user);
		g_free(host);
		g_free(a);
	}
	char *b = bnc_address_s3s4(s);
	g_free(b);
	struct bnc_msg m = {0};
	bnc_parse_header_block(s, &m);
	for (size_t i = 0; i < m.nhdr; i++)
		g_free(bnc_address_find(m.hdr[i].value));
	bnc_msg_clear(&m);
	g_free(s);
	return 0;
}
