/* fuzz_dsnfield.c - libFuzzer target: every line of the input read as a
 * field of a delivery-status block (RFC 1894/3464): matched, split into
 * name, type, value and comment, its record field looked up. */
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "private.h"
#include "rfc1894.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = g_strndup((const char *)data, size);
	char **lines = bnc_split_lines(s);
	for (char **l = lines; *l; l++) {
		(void)bnc_dsn_match(*l);
		struct dsn_field f;
		if (bnc_dsn_field(*l, &f)) {
			(void)bnc_dsn_target(f.label);
			bnc_dsn_field_clear(&f);
		}
	}
	g_strfreev(lines);
	g_free(s);
	return 0;
}
