/* fuzz_date.c - libFuzzer target: a mail date read as Sisimai reads it, and
 * Sisimai's tidying of one it cannot read. */
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = g_strndup((const char *)data, size);
	gint64 epoch;
	char tz[6];
	(void)bnc_mail_date(s, &epoch, tz);
	char *t = bnc_rfc5322_date(s);
	if (t) {
		(void)bnc_mail_date(t, &epoch, tz);
		g_free(t);
	}
	g_free(s);
	return 0;
}
