/* output.c - printing untrusted text and one-line errors. */
#include <string.h>
#include <unistd.h>
#include "cli.h"

void put_text(FILE *f, const char *s, int always_safe)
{
	if (!s)
		return;
	if (always_safe || isatty(fileno(f))) {
		char *safe = bnc_sanitize(s, strlen(s));
		fputs(safe, f);
		bnc_free(safe);
	} else {
		fputs(s, f);
	}
}

void complain(const char *what, const char *why)
{
	fputs("bouncelens: ", stderr);
	put_text(stderr, what, 1);
	fputs(": ", stderr);
	put_text(stderr, why, 1);
	fputc('\n', stderr);
}
