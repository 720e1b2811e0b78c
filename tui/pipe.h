/* pipe.h - messages and verdicts handed to other programs (tui/pipe.c). */
#ifndef BNC_PIPE_H
#define BNC_PIPE_H
#include <stddef.h>

/* Run `sh -c cmd` with data on its standard input; what it writes on its
 * standard output and error, at most 16 MB (g_free), and its exit status in
 * *status (-1: it could not be run; *err says why). */
char *pipe_through(const char *cmd, const char *data, size_t len, int *status, char **err);
/* Untrusted text made safe for a pager that shows what it is given (PAGER=cat
 * would pass escape sequences on): each line sanitised, tabs kept as
 * spaces, lines kept. g_free. */
char *pipe_safe_text(const char *data, size_t len);
#endif
