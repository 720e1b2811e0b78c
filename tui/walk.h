/* walk.h - run a callback over every message of every PATH (tui/walk.c). */
#ifndef BNC_WALK_H
#define BNC_WALK_H
#include "cli.h"

typedef void (*walk_fn)(const char *name, bnc_result *r, void *ctx);

/* Decode every message of the paths; errors are reported on stderr and the
 * walk goes on. Returns EXIT_ALLGOOD or EXIT_SOMEBAD. */
int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx);
#endif
