/* terminal.c - whether the terminal can show the browser at all.  On its
 * own, since <term.h> defines names (columns, lines) other files use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>
#include <term.h>
#include "terminal.h"
#include "cli.h"

/* The terminal must be able to place the cursor: TERM=dumb (an editor's
 * shell, a CI log) gets a line saying so, and where to turn, instead of
 * curses' own exit. */
int terminal_usable(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	if (!term || !*term || !strcmp(term, "dumb") || setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		fputs("bouncelens browse: this terminal (TERM=", stderr);
		put_text(stderr, term && *term ? term : "unset", 1);   /* the environment's: any bytes */
		fputs(") cannot show the browser; use 'bouncelens dump PATH' for JSON Lines, or 'bouncelens explain FILE'\n",
		      stderr);
		return 0;
	}
	const char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		fputs("bouncelens browse: this terminal (TERM=", stderr);
		put_text(stderr, term, 1);
		fputs(") cannot move the cursor; use 'bouncelens dump PATH' for JSON Lines\n", stderr);
	}
	return ok;
}

