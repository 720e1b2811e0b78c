/* cli.h - the commands of the bouncelens program. */
#ifndef BNC_CLI_H
#define BNC_CLI_H
#include <stdio.h>
#include "bouncelens.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

int cmd_browse(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_reasons(int argc, char **argv);
int cmd_decoders(int argc, char **argv);

/* Print untrusted text to f, made safe when f is a terminal or always_safe. */
void put_text(FILE *f, const char *s, int always_safe);
/* "bouncelens CMD: WHAT 'ARG'" and a line feed on stderr, ARG (from argv:
 * any bytes, an escape sequence in a file name) made safe. */
void bad_arg(const char *cmd, const char *what, const char *arg);
/* "bouncelens: what: why" on stderr, the untrusted parts sanitised. */
void complain(const char *what, const char *why);

enum { EXIT_ALLGOOD = 0, EXIT_SOMEBAD = 1, EXIT_USAGE = 2 };
#endif
