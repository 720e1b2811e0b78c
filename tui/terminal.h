/* terminal.h - tui/terminal.c. */
#ifndef BNC_TERMINAL_H
#define BNC_TERMINAL_H
/* 1 when the terminal on standard output can place the cursor; else a line
 * on standard error saying so, pointing at dump, and 0. */
int terminal_usable(void);
#endif
