/* savefile.h - files written whole or not at all (tui/savefile.c). */
#ifndef BNC_SAVEFILE_H
#define BNC_SAVEFILE_H
#include <stdio.h>

struct savefile;
/* A temporary file beside dest, to be committed or abandoned. */
struct savefile *savefile_open(const char *dest, char **err);
FILE *savefile_stream(struct savefile *f);
/* Flush, sync and move into place.  Without overwrite, an existing dest is
 * left alone and the call fails (EEXIST).  Either way the temporary file is
 * gone afterwards; on failure dest is as it was. Returns 0 or -1 with *err. */
int savefile_commit(struct savefile *f, int overwrite, char **err);
void savefile_abandon(struct savefile *f);
/* Remove every temporary file being written; safe in a signal handler. */
void savefile_signal_cleanup(void);
#endif
