/* spool.c - an append-only file of records with no name on disk.
 *
 * The browser once exported by decoding every message again, on one thread,
 * with the screen frozen: 503 s for 205,000 verdicts.  The decoding threads
 * already render each verdict as `dump --explain` JSON; it is appended here
 * (about 2 KB a verdict, on disk, not in memory: the index keeps an offset)
 * and an export copies or converts it.  The file is made with O_TMPFILE, or
 * unlinked at once where that is not supported, so nothing is left behind
 * whatever way the program ends.  Never in the queue: the user's cache
 * folder, else the temporary one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include "spool.h"

#define SPOOL_BUFFER (1 << 20)

struct spool {
	GMutex mu;
	int fd;
	char *buf;               /* appended, not yet written */
	size_t used;
	uint64_t written;        /* bytes in the file */
	char *error;
};

static int open_nameless(const char *dir)
{
	if (g_mkdir_with_parents(dir, 0700) < 0)
		return -1;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	char *tmpl = g_build_filename(dir, ".bouncelens-spool-XXXXXX", NULL);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmpl);
	g_free(tmpl);
	return fd;
}

struct spool *spool_open(const char *dir, char **err)
{
	int fd = -1;
	char *cache = NULL;
	if (dir) {
		fd = open_nameless(dir);
	} else {
		cache = g_build_filename(g_get_user_cache_dir(), "bouncelens", NULL);
		fd = open_nameless(cache);
		if (fd < 0)
			fd = open_nameless(g_get_tmp_dir());
	}
	if (fd < 0) {
		*err = g_strdup_printf("cannot make a spool file in %s: %s", dir ? dir : cache, g_strerror(errno));
		g_free(cache);
		return NULL;
	}
	g_free(cache);
	struct spool *s = g_new0(struct spool, 1);
	g_mutex_init(&s->mu);
	s->fd = fd;
	s->buf = g_malloc(SPOOL_BUFFER);
	return s;
}

/* Write out the buffer (caller holds the lock). */
static int flush(struct spool *s)
{
	size_t off = 0;
	while (off < s->used) {
		ssize_t k = pwrite(s->fd, s->buf + off, s->used - off, (off_t)(s->written + off));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			s->error = g_strdup(g_strerror(k < 0 ? errno : ENOSPC));
			return -1;
		}
		off += (size_t)k;
	}
	s->written += s->used;
	s->used = 0;
	return 0;
}

int64_t spool_append(struct spool *s, const char *data, size_t len)
{
	g_mutex_lock(&s->mu);
	int64_t at = -1;
	if (!s->error && (s->used + len <= SPOOL_BUFFER || flush(s) == 0)) {
		at = (int64_t)(s->written + s->used);
		if (len > SPOOL_BUFFER) {   /* a huge record goes straight out */
			s->used = 0;
			const char *p = data;
			size_t left = len;
			while (left) {
				ssize_t k = pwrite(s->fd, p, left, (off_t)(s->written + (uint64_t)(p - data)));
				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0) {
					s->error = g_strdup(g_strerror(k < 0 ? errno : ENOSPC));
					at = -1;
					break;
				}
				p += k;
				left -= (size_t)k;
			}
			if (at >= 0)
				s->written += len;
		} else {
			memcpy(s->buf + s->used, data, len);
			s->used += len;
		}
	}
	g_mutex_unlock(&s->mu);
	return at;
}

char *spool_read(struct spool *s, int64_t offset, size_t len)
{
	char *out = g_malloc(len + 1);
	g_mutex_lock(&s->mu);
	uint64_t on_disk = s->written;
	if ((uint64_t)offset >= on_disk) {   /* still in the buffer */
		size_t at = (size_t)((uint64_t)offset - on_disk);
		if (at + len <= s->used) {
			memcpy(out, s->buf + at, len);
			out[len] = 0;
			g_mutex_unlock(&s->mu);
			return out;
		}
		g_mutex_unlock(&s->mu);
		g_free(out);
		return NULL;
	}
	g_mutex_unlock(&s->mu);
	/* on disk: written once, never changed, so no lock is needed to read */
	size_t got = 0;
	while (got < len) {
		ssize_t k = pread(s->fd, out + got, len - got, (off_t)((uint64_t)offset + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	if (got < len) {
		g_free(out);
		return NULL;
	}
	out[len] = 0;
	return out;
}

uint64_t spool_size(struct spool *s)
{
	g_mutex_lock(&s->mu);
	uint64_t n = s->written + s->used;
	g_mutex_unlock(&s->mu);
	return n;
}

const char *spool_error(struct spool *s)
{
	g_mutex_lock(&s->mu);
	const char *e = s->error;   /* set once, kept until the spool closes */
	g_mutex_unlock(&s->mu);
	return e;
}

void spool_close(struct spool *s)
{
	if (!s)
		return;
	close(s->fd);
	g_free(s->buf);
	g_free(s->error);
	g_mutex_clear(&s->mu);
	g_free(s);
}
