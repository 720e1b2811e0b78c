/* paths.h - where an export goes: typed paths made absolute, symbolic links
 * followed, and the queue kept out of reach (tui/paths.c). */
#ifndef BNC_PATHS_H
#define BNC_PATHS_H

/* A typed path made absolute: "~" and "~/..." from $HOME, "~user/...",
 * relative paths from the current folder; "." and ".." resolved as text.
 * NULL for an empty path or an unknown user. g_free. */
char *path_expand(const char *typed);
/* The file a path names once every symbolic link on the way is followed
 * (the link itself is not what gets written); the path itself when it is
 * not a link, or names nothing yet.  NULL with *err on a loop. g_free. */
char *path_follow_links(const char *abs, char **err);
/* Whether writing the file at abs (followed) would put it in one of the
 * queue's paths: inside a folder read as the queue, or onto a file read as
 * one.  Compares real paths, so other names for the same place count. */
int path_in_queue(const char *abs, char *const *queue, int nqueue);
#endif
