/* token.c - Sisimai's token of a verdict. */
#include <stdio.h>
#include "private.h"
#include "fact.h"

char *bnc_token(const char *addresser, const char *recipient, gint64 epoch)
{
	char *a = bnc_strdown(addresser ? addresser : "", -1), *r = bnc_strdown(recipient ? recipient : "", -1);
	char *s = g_strdup_printf("\x02%s\x1e%s\x1e%" G_GINT64_FORMAT "\x03", a, r, epoch);
	char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA1, s, -1);
	g_free(s);
	g_free(a);
	g_free(r);
	return h;
}
