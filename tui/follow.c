/* follow.c - follow mode: inotify on the queue's folders, and each message
 * delivered there (renamed into new/ from tmp/, as a maildir delivery
 * does, or written and closed) decoded and added to the store on a thread
 * of its own.  A message the mail reader moves from new/ to cur/, or whose
 * flags change, stays the one message (store_track_names).  Only ever
 * reads. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include "follow.h"

#define MAX_WATCHES 64

struct follow {
	struct store *store;
	int ifd, wake;
	int nwatch;
	int wd[MAX_WATCHES];
	char *dir[MAX_WATCHES];
	GThread *thread;
};

static void watch(struct follow *f, const char *dir)
{
	if (f->nwatch >= MAX_WATCHES || !g_file_test(dir, G_FILE_TEST_IS_DIR))
		return;
	int wd = inotify_add_watch(f->ifd, dir, IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR);
	if (wd < 0)
		return;
	f->wd[f->nwatch] = wd;
	f->dir[f->nwatch++] = g_strdup(dir);
}

static const char *dir_of(struct follow *f, int wd)
{
	for (int i = 0; i < f->nwatch; i++)
		if (f->wd[i] == wd)
			return f->dir[i];
	return NULL;
}

static gpointer run(gpointer data)
{
	struct follow *f = data;
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		struct pollfd p[2] = {{f->ifd, POLLIN, 0}, {f->wake, POLLIN, 0}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		ssize_t n = read(f->ifd, buf, sizeof buf);
		if (n <= 0)
			continue;
		for (char *at = buf; at < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)(void *)at;
			at += sizeof *e + e->len;
			const char *dir = dir_of(f, e->wd);
			if (!dir || !e->len || e->name[0] == '.' || (e->mask & IN_ISDIR))
				continue;
			char *path = g_build_filename(dir, e->name, NULL);
			store_add_file(f->store, path);
			g_free(path);
		}
	}
	return NULL;
}

struct follow *follow_start(struct store *s, char **err)
{
	struct follow *f = g_new0(struct follow, 1);
	f->store = s;
	f->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	f->wake = eventfd(0, EFD_CLOEXEC);
	if (f->ifd < 0 || f->wake < 0) {
		*err = g_strdup_printf("cannot watch the queue: %s", g_strerror(errno));
		follow_stop(f);
		return NULL;
	}
	for (int i = 0; i < s->npaths; i++) {
		const char *p = s->paths[i];
		struct stat st;
		if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;   /* an mbox or standard input: not followed */
		char *cur = g_build_filename(p, "cur", NULL), *nw = g_build_filename(p, "new", NULL);
		if (g_file_test(cur, G_FILE_TEST_IS_DIR) || g_file_test(nw, G_FILE_TEST_IS_DIR)) {
			watch(f, nw);
			watch(f, cur);
		} else {
			watch(f, p);
		}
		g_free(cur);
		g_free(nw);
	}
	if (!f->nwatch) {
		*err = g_strdup("nothing to follow: follow mode watches maildirs and folders of messages");
		follow_stop(f);
		return NULL;
	}
	store_track_names(s);
	f->thread = g_thread_new("follow", run, f);
	return f;
}

int follow_count(const struct follow *f)
{
	return f ? f->nwatch : 0;
}

void follow_stop(struct follow *f)
{
	if (!f)
		return;
	if (f->thread) {
		uint64_t one = 1;
		ssize_t w = write(f->wake, &one, sizeof one);   /* an eventfd write cannot fail here */
		(void)w;
		g_thread_join(f->thread);
	}
	for (int i = 0; i < f->nwatch; i++)
		g_free(f->dir[i]);
	if (f->ifd >= 0)
		close(f->ifd);
	if (f->wake >= 0)
		close(f->wake);
	g_free(f);
}
