/* walk.h - run a callback over every message of every PATH (tui/walk.c). */
#ifndef BNC_WALK_H
#define BNC_WALK_H
#include "cli.h"

typedef void (*walk_fn)(const char *name, bnc_result *r, void *ctx);

/* Decode every message of the paths; errors are reported on stderr and the
 * walk goes on. Returns EXIT_ALLGOOD or EXIT_SOMEBAD. */
int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx);

/* The same on `jobs` decoding threads (< 1: one per processor).  fn is
 * called on the calling thread, in the order the messages were read, so the
 * output does not depend on jobs.  When *stop becomes non-zero no further
 * message is read; those already read are still handed out. */
int walk_paths_jobs(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop, walk_fn fn,
                    void *ctx);

/* How many decoding threads "all cores" means here. */
int walk_default_jobs(void);
#endif
