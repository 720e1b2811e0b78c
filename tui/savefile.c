/* savefile.c - exports are written to a temporary file in the destination's
 * folder, synced, then renamed (or hard-linked, when nothing may be
 * overwritten), so a full disk or a killed process leaves either the old
 * file or the complete new one, never a truncated file; a SIGTERM or
 * SIGHUP leaves nothing either (savefile_signal_cleanup).  The new file's
 * mode is the umask's, or the replaced file's. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include "savefile.h"

struct savefile {
	char *dest, *tmp;
	FILE *f;
	int slot;                /* in pending[], or -1 */
};

/* Temporary files being written, for savefile_signal_cleanup: fixed
 * buffers, since a signal handler may neither allocate nor take a lock. */
#define PENDING 4
static char pending[PENDING][4096];
static volatile sig_atomic_t pending_used[PENDING];
static GMutex pending_mu;

static int pending_add(const char *tmp)
{
	if (strlen(tmp) >= sizeof pending[0])
		return -1;
	g_mutex_lock(&pending_mu);
	int slot = -1;
	for (int i = 0; i < PENDING && slot < 0; i++)
		if (!pending_used[i]) {
			g_strlcpy(pending[i], tmp, sizeof pending[i]);
			pending_used[i] = 1;
			slot = i;
		}
	g_mutex_unlock(&pending_mu);
	return slot;
}

static void pending_drop(int slot)
{
	if (slot < 0)
		return;
	g_mutex_lock(&pending_mu);
	pending_used[slot] = 0;
	g_mutex_unlock(&pending_mu);
}

void savefile_signal_cleanup(void)
{
	for (int i = 0; i < PENDING; i++)
		if (pending_used[i])
			unlink(pending[i]);   /* async-signal-safe */
}

/* The process's umask, read without changing it (umask(2) can only set it,
 * and setting it back leaves a moment in which another thread's files get
 * the wrong mode). */
static mode_t current_umask(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	unsigned m = 0;
	int found = 0;
	char line[256];
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Umask: %o", &m) == 1) {
			found = 1;
			break;
		}
	if (f)
		fclose(f);
	if (found)
		return (mode_t)m;
	mode_t old = umask(022);
	umask(old);
	return old;
}

struct savefile *savefile_open(const char *dest, char **err)
{
	struct savefile *s = g_new0(struct savefile, 1);
	s->dest = g_strdup(dest);
	char *dir = g_path_get_dirname(dest), *base = g_path_get_basename(dest);
	s->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	int fd = mkostemp(s->tmp, O_CLOEXEC);
	s->slot = fd >= 0 ? pending_add(s->tmp) : -1;
	/* mkostemp makes 0600 whatever the umask: a new file gets what the
	 * umask allows, a replaced one keeps its mode */
	struct stat old;
	if (fd >= 0)
		fchmod(fd, stat(dest, &old) == 0 ? (old.st_mode & 07777) : (0666 & ~current_umask()));
	if (fd < 0 || !(s->f = fdopen(fd, "w"))) {
		*err = g_strdup_printf("cannot create a file beside %s: %s", dest, g_strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(s->tmp);
			pending_drop(s->slot);
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
	pending_drop(s->slot);
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
