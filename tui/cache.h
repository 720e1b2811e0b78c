/* cache.h - the verdict cache: what each message file decoded to, kept in
 * SQLite so that a queue read again is not decoded again (tui/cache.c,
 * docs/cache.md).
 *
 * A file's row is found by its name as read (the verdicts hold it) and is
 * trusted only while the file's device, inode, size, mtime and ctime (in
 * nanoseconds) are those it had, for the same engine build and the same
 * decoding options.  Used from one thread only (the walk's reading thread).
 * Every failure degrades to decoding: nothing here ever fails a command.
 */
#ifndef BNC_CACHE_H
#define BNC_CACHE_H
#include <stdint.h>
#include <stddef.h>
#include "bouncelens.h"

struct vcache;

struct vcache_key {
	int64_t dev, ino, size, mtime_ns, ctime_ns;
};

/* The cache for results decoded with opt, for reading the given paths;
 * NULL when there is none to use (BOUNCELENS_NO_CACHE set, the cache folder
 * inside a path read, no engine id, a folder that cannot be made): silently. */
struct vcache *vcache_open(const bnc_options *opt, char **paths, int npaths);
/* Stores what is pending, keeps the file within its size bound; with
 * BOUNCELENS_CACHE_STATS set, says hits and misses on stderr. */
void vcache_close(struct vcache *c);

/* A file that may be kept: a regular file with a name (not standard
 * input's nameless copy).  0 and its key, or -1. */
int vcache_stat(const char *path, struct vcache_key *k);
/* The same from a stat already made. */
struct stat;
int vcache_key_of(const struct stat *st, struct vcache_key *k);
/* A row read back: the result's bytes and, when asked for (want_view) and
 * kept, what the browser's index made of them (both g_free). */
struct vcache_row {
	int want_view;
	char *data, *view;
	size_t len, view_len;
	int64_t rowid;
};
/* The row kept for name with that key: 1 and *row filled, or 0: a miss. */
int vcache_get(struct vcache *c, const char *name, const struct vcache_key *k, struct vcache_row *row);
/* Keep bytes for name, and the view made of them when not NULL (replacing
 * what was kept for it). */
void vcache_put(struct vcache *c, const char *name, const struct vcache_key *k, const char *data, size_t len,
                const char *view, size_t view_len);
/* The view made of a row's bytes, kept beside them (while the row still
 * holds those bytes). */
void vcache_view(struct vcache *c, const struct vcache_row *row, const char *view, size_t view_len);
/* A kept row whose bytes did not read back: a miss after all, counted as
 * bad (its replacement is put). */
void vcache_bad(struct vcache *c);

/* Where the cache file is: $XDG_CACHE_HOME/bouncelens/verdicts.sqlite. g_free. */
char *vcache_path(void);
#endif
