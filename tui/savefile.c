/* savefile.c - exports are written to a temporary file in the destination's
 * folder, synced, then renamed (or hard-linked, when nothing may be
 * overwritten), so a full disk or a killed process leaves either the old
 * file or the complete new one, never a truncated file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "savefile.h"

struct savefile {
	char *dest, *tmp;
	FILE *f;
};

struct savefile *savefile_open(const char *dest, char **err)
{
	struct savefile *s = g_new0(struct savefile, 1);
	s->dest = g_strdup(dest);
	char *dir = g_path_get_dirname(dest), *base = g_path_get_basename(dest);
	s->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	int fd = mkostemp(s->tmp, O_CLOEXEC);
	if (fd < 0 || !(s->f = fdopen(fd, "w"))) {
		*err = g_strdup_printf("cannot create a file beside %s: %s", dest, g_strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(s->tmp);
		}
		g_free(s->dest);
		g_free(s->tmp);
		g_free(s);
		return NULL;
	}
	return s;
}

FILE *savefile_stream(struct savefile *s)
{
	return s->f;
}

static void done(struct savefile *s)
{
	g_free(s->dest);
	g_free(s->tmp);
	g_free(s);
}

void savefile_abandon(struct savefile *s)
{
	if (!s)
		return;
	fclose(s->f);
	unlink(s->tmp);
	done(s);
}

int savefile_commit(struct savefile *s, int overwrite, char **err)
{
	int bad = fflush(s->f) != 0 || ferror(s->f);
	int e = errno;
	if (!bad && fsync(fileno(s->f)) < 0) {
		bad = 1;
		e = errno;
	}
	if (fclose(s->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		*err = g_strdup_printf("writing %s failed: %s", s->dest, g_strerror(e));
		unlink(s->tmp);
		done(s);
		return -1;
	}
	int rc;
	if (overwrite) {
		rc = rename(s->tmp, s->dest);
	} else {
		/* fails when dest exists: nothing is replaced */
		rc = renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dest, RENAME_NOREPLACE);
		if (rc < 0 && (errno == EINVAL || errno == ENOSYS)) {
			rc = link(s->tmp, s->dest);
			e = errno;
			unlink(s->tmp);
			errno = e;
		}
	}
	if (rc < 0) {
		*err = g_strdup_printf("%s: %s", s->dest, g_strerror(errno));
		unlink(s->tmp);
		done(s);
		return -1;
	}
	done(s);
	return 0;
}
