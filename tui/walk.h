/* walk.h - run a callback over every message of every PATH (tui/walk.c). */
#ifndef BNC_WALK_H
#define BNC_WALK_H
#include <stdint.h>
#include "cli.h"

/* A message as the walk hands it out. */
struct walk_item {
	const char *name;        /* for people: path, or "mbox#N" */
	const char *file;        /* where to read it again, NULL for standard input */
	int64_t offset;          /* byte offset in file, -1 for the whole file */
	size_t length;
	const char *error;       /* it could not be read (r is NULL then), or NULL */
	const char *text;        /* what the render function made of it, or NULL */
	const char *packed;      /* its result as bnc_result_pack's bytes, when the walk */
	size_t packed_len;       /* has them (kept, read from the cache, walk_keep_packed) */
	size_t text_len;         /* text's bytes (it may hold NULs) */
};

/* Runs on a decoding thread right after the decode, so that turning verdicts
 * into text is spread over the threads too; appends the text (which may hold
 * NUL bytes) to out, an empty buffer the walk keeps for the message's slot.
 * Nothing appended: it->text is NULL. */
typedef void (*walk_render_fn)(bnc_result *r, GString *out, void *ctx);

/* r is NULL when the message could not be read; errors are already on stderr
 * unless the walk was asked to be quiet. */
typedef void (*walk_fn)(const struct walk_item *it, bnc_result *r, void *ctx);

/* Decode every message of the paths; errors are reported on stderr and the
 * walk goes on. Returns EXIT_ALLGOOD or EXIT_SOMEBAD. */
int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx);

/* The same on `jobs` decoding threads (< 1: one per processor).  fn is
 * called on the calling thread, in the order the messages were read, so the
 * output does not depend on jobs.  When *stop becomes non-zero no further
 * message is read; those already read are still handed out. */
int walk_paths_jobs(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop, walk_fn fn,
                    void *ctx);
/* The same with a render function (may be NULL), whose text reaches fn as
 * it->text. */
int walk_paths_render(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop,
                      walk_render_fn render, walk_fn fn, void *ctx);
/* Whether text read back from the cache is what the render function makes
 * (its shape checked: the cache's bytes are never trusted). */
typedef int (*walk_view_fn)(const char *text, size_t len);
/* The same, files read back from a verdict cache (cache.h) when it holds
 * them and kept there once decoded; cache may be NULL.  With view_ok, the
 * render's text is kept beside each result too, and a file whose text is
 * kept (and passes view_ok) is handed out with it, not decoded, unpacked
 * nor rendered: with status BNC_OK and no notice, so view_ok is for a
 * caller that takes all it needs from the text (the browser). */
struct vcache;
int walk_paths_cached(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop,
                      struct vcache *cache, walk_render_fn render, walk_view_fn view_ok, walk_fn fn, void *ctx);
/* Errors are printed on stderr unless walk_quiet is set (the browser shows
 * them as rows instead). */
extern int walk_quiet;
/* Every result packed (it->packed) even when no cache keeps it: the
 * browser spools these bytes for its exports. */
extern int walk_keep_packed;
/* The most bytes of messages the last walk held at once, read and not yet
 * handed out (it keeps them under READ_AHEAD_BYTES plus the one just read). */
extern size_t walk_peak_held;
#define WALK_READ_AHEAD_BYTES (64u << 20)

/* How many decoding threads "all cores" means here. */
int walk_default_jobs(void);
#endif
