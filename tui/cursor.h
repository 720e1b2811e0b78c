/* cursor.h - what every list-like view does the same way: a cursor moved
 * over its n rows by the movement keys, the mouse wheel and a click, and
 * the search prompt (tui/cursor.c). */
#ifndef BNC_CURSOR_H
#define BNC_CURSOR_H
#include <stddef.h>
#include <ncurses.h>
#include "keys.h"

struct ui;

/* *cur moved for a movement action (down, up, page down and up, top,
 * bottom) over n rows, page rows at a time; 1 when a was one of them. */
int cursor_move(size_t *cur, size_t n, size_t page, enum action a);
/* The mouse event that came with KEY_MOUSE: the wheel moves *cur three rows;
 * a click on screen line y, first <= y <= last, puts it on row top + y -
 * first.  1 when a row was clicked (the buttons in *how, may be NULL). */
int cursor_mouse(size_t *cur, size_t top, size_t n, int first, int last, mmask_t *how);
/* "search: " asked on the bottom line, with the search history; 1 when a
 * new text to search for is in ui->search. */
int cursor_search_prompt(struct ui *ui);
#endif
