/* output.c - printing untrusted text and one-line errors. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

void put_text(FILE *f, const char *s, int always_safe)
{
	if (!s)
		return;
	int saved = errno;   /* isatty's ENOTTY must not hide a failed write's errno */
	int tty = always_safe || isatty(fileno(f));
	errno = saved;
	if (tty) {
		char *safe = bnc_sanitize(s, strlen(s));
		fputs(safe, f);
		bnc_free(safe);
	} else {
		fputs(s, f);
	}
}

void bad_arg(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s '", cmd, what);
	put_text(stderr, arg, 1);
	fputs("'\n", stderr);
}

void complain(const char *what, const char *why)
{
	fputs("bouncelens: ", stderr);
	put_text(stderr, what, 1);
	fputs(": ", stderr);
	put_text(stderr, why, 1);
	fputc('\n', stderr);
}
