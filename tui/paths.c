/* paths.c - export destinations.
 *
 * An export once went to a name relative to the working folder: run from
 * inside a maildir, it landed in the queue, and the next opening counted it
 * as a message.  "~" was not understood, and a symbolic link was replaced
 * by the file instead of the file it names being written.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include "paths.h"

char *path_expand(const char *typed)
{
	while (*typed == ' ')
		typed++;
	if (!*typed)
		return NULL;
	char *path;
	if (typed[0] == '~') {
		const char *rest = strchr(typed, '/');
		char *user = g_strndup(typed + 1, rest ? (gsize)(rest - typed - 1) : strlen(typed + 1));
		const char *home = NULL;
		if (!*user) {
			home = g_get_home_dir();
		} else {
			struct passwd *pw = getpwnam(user);
			home = pw ? pw->pw_dir : NULL;
		}
		g_free(user);
		if (!home)
			return NULL;
		path = g_build_filename(home, rest ? rest : "", NULL);
	} else {
		path = g_strdup(typed);
	}
	char *cwd = g_get_current_dir();
	char *abs = g_canonicalize_filename(path, cwd);
	g_free(cwd);
	g_free(path);
	return abs;
}

char *path_follow_links(const char *abs, char **err)
{
	char *p = g_strdup(abs);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
			return p;
		char target[PATH_MAX];
		ssize_t n = readlink(p, target, sizeof target - 1);
		if (n < 0)
			return p;
		target[n] = 0;
		char *dir = g_path_get_dirname(p);
		char *next = g_canonicalize_filename(target, dir);
		g_free(dir);
		g_free(p);
		p = next;
	}
	*err = g_strdup_printf("%s: %s", abs, g_strerror(ELOOP));
	g_free(p);
	return NULL;
}

/* abs with its longest existing beginning made real (the file, even its
 * folder, may not exist yet). */
static char *real_dest(const char *abs)
{
	char *head = g_strdup(abs);
	GString *tail = g_string_new(NULL);
	for (;;) {
		char *r = realpath(head, NULL);
		if (r) {
			char *out = g_strconcat(r, tail->str, NULL);
			free(r);
			g_free(head);
			g_string_free(tail, TRUE);
			return out;
		}
		char *slash = strrchr(head, '/');
		if (!slash || slash == head) {
			g_free(head);
			g_string_free(tail, TRUE);
			return g_strdup(abs);
		}
		g_string_prepend(tail, slash);
		*slash = 0;
	}
}

int path_in_queue(const char *abs, char *const *queue, int nqueue)
{
	char *dest = real_dest(abs);
	if (!dest)
		return 0;
	int inside = 0;
	for (int i = 0; i < nqueue && !inside; i++) {
		if (!strcmp(queue[i], "-"))
			continue;
		char *q = realpath(queue[i], NULL);
		if (!q)
			continue;
		struct stat st;
		if (stat(q, &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t n = strlen(q);
			inside = !strncmp(dest, q, n) && (dest[n] == '/' || dest[n] == 0 || (n == 1 && q[0] == '/'));
		} else {
			inside = !strcmp(dest, q);
		}
		free(q);
	}
	g_free(dest);
	return inside;
}
