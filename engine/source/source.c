/* source.c - where messages come from: a maildir (cur/ and new/), a folder
 * of message files, an mbox, one file, or standard input.
 *
 * Order is deterministic (names sorted byte-wise).  Files are opened
 * read-only and never changed; anything that is not a regular file (FIFO,
 * device) is refused rather than read forever.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "verdict.h"

#define SOURCE_MAX_FILE (64u << 20)   /* a bounce past this is refused, as current Sisimai (5.7.1) refuses it: memory stays bounded */
#define SOURCE_SMALL_FILE (1u << 20)  /* read whole before its head is looked at */
#define SOURCE_FIRST_READ (64u << 10) /* a listed file under this is read without a stat */

struct bnc_source {
	char *path;
	GArray *files;           /* struct file_ent, in reading order */
	GStringChunk *names;     /* the folders and names they point into */
	guint next;
	/* an mbox being split */
	char *mbox;
	size_t mbox_len, mbox_pos;
	unsigned mbox_count;
	char *mbox_name;
	char *mbox_note;         /* told with the mbox's first message, then NULL */
	int mbox_is_stdin;
	int done;
	/* an mbox file read a window at a time, so memory does not grow with it */
	int sfd;                 /* -1 when none */
	GString *sbuf;           /* the window: from sbuf->str + soff on, the next message */
	size_t soff;             /* bytes of sbuf already given out (dropped) */
	size_t sscan;            /* where the search for a boundary goes on */
	int64_t sbase;           /* file offset of the window (sbuf->str + soff) */
	int seof;
	int sskip;               /* passing over a message past the size cap */
	unsigned scount;
	char *sname;
	char *label;             /* the path of the file being read */
	const char *stat_dir;    /* the folder stat_fd is open on (dir_fd) */
	char *rbuf;              /* SOURCE_FIRST_READ bytes read_listed reads into */
	int stat_fd;             /* -1 when none */
	/* where the message last returned lies, to read it again */
	char *last_file;         /* NULL for standard input */
	int64_t last_offset;     /* in last_file; -1 when it is the whole file */
};

/* A message file: its folder (NULL when the path was given whole) and name.
 * Both live in the source's string chunk: a 200,000-message maildir costs a
 * few megabytes, not one allocation per path. */
struct file_ent {
	const char *dir;
	const char *name;
	int err;                 /* errno of a folder that could not be read
	                          * (name is the folder then), else 0 */
	unsigned char type;      /* readdir's d_type: DT_REG a regular file then */
};

static int cmp_ent(gconstpointer a, gconstpointer b)
{
	return strcmp(((const struct file_ent *)a)->name, ((const struct file_ent *)b)->name);
}

/* Open a message file read-only; refuse what is not a regular file, before
 * opening it: opening a device can have effects (a tape rewinds, a modem
 * dials), and a FIFO's writer would see a reader. */
static int open_regular_at(int dirfd, const char *path, struct stat *st, char **err)
{
	if (fstatat(dirfd, path, st, 0) < 0) {
		*err = g_strdup(g_strerror(errno));
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		*err = g_strdup(S_ISDIR(st->st_mode) ? "is a directory" : "not a regular file");
		return -1;
	}
	int fd = openat(dirfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = g_strdup(g_strerror(errno));
		return -1;
	}
	/* no fstat of what was opened: a file swapped for another between the
	 * two calls is read as it is then (a longer one in full, slurp_fd reads
	 * to the end), and a FIFO or folder put in its place fails its read
	 * (opened without blocking): the harm stat() guards against, opening a
	 * device, a second look after opening could not undo */
	return fd;
}

static int open_regular(const char *path, struct stat *st, char **err)
{
	return open_regular_at(AT_FDCWD, path, st, err);
}

/* A descriptor of folder dir (O_PATH), kept while its files are read; -1
 * when it cannot be had. */
static int dir_fd(bnc_source *s, const char *dir)
{
	if (dir != s->stat_dir) {
		if (s->stat_fd >= 0)
			close(s->stat_fd);
		s->stat_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		s->stat_dir = dir;
	}
	return s->stat_fd;
}

/* One pread of up to n bytes at off, again when a signal interrupts it; -1
 * with *err set on an error. */
static ssize_t read_at(int fd, char *buf, size_t n, off_t off, char **err)
{
	ssize_t r;
	do
		r = pread(fd, buf, n, off);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		*err = g_strdup(g_strerror(errno));
	return r;
}

/* A file the folder's listing names a regular file, read in one read when
 * it is under SOURCE_FIRST_READ bytes and no mbox: no stat, which is most
 * of what the kernel does for a message.  1 when read, 0 when it is to be
 * read the long way (bigger, or an mbox to stream), -1 on an error. */
static int read_listed(bnc_source *s, int dirfd, const char *name, char **data, size_t *len, char **err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = g_strdup(g_strerror(errno));
		return -1;
	}
	if (!s->rbuf)
		s->rbuf = g_malloc(SOURCE_FIRST_READ);
	ssize_t r = read_at(fd, s->rbuf, SOURCE_FIRST_READ, 0, err);
	close(fd);
	if (r < 0)
		return -1;
	/* a short read is the end of a regular file */
	if (r == SOURCE_FIRST_READ || (r >= 5 && !memcmp(s->rbuf, "From ", 5)))
		return 0;
	char *buf = g_malloc((size_t)r + 1);
	memcpy(buf, s->rbuf, (size_t)r);
	buf[r] = 0;
	*data = buf;
	*len = (size_t)r;
	return 1;
}

/* Read a whole regular file from its descriptor (left open). */
static int slurp_fd(int fd, const struct stat *st, char **data, size_t *len, char **err)
{
	if ((unsigned long long)st->st_size > SOURCE_MAX_FILE) {
		*err = g_strdup_printf("%lld bytes, over the %u MB cap", (long long)st->st_size, SOURCE_MAX_FILE >> 20);
		return -1;
	}
	/* room for the size fstat gave, one byte more to see a file that grew,
	 * and the NUL: the read that finds the end needs no bigger buffer */
	size_t cap = (size_t)st->st_size + 2, n = 0;
	char *buf = g_malloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > SOURCE_MAX_FILE) {
				g_free(buf);
				*err = g_strdup("file grew past the size cap while read");
				return -1;
			}
			cap *= 2;
			buf = g_realloc(buf, cap);
		}
		size_t want = cap - n - 1;
		ssize_t r = read_at(fd, buf + n, want, (off_t)n, err);
		if (r < 0) {
			g_free(buf);
			return -1;
		}
		n += (size_t)r;
		/* a regular file reads short only at its end: no read more to see it */
		if ((size_t)r < want)
			break;
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

/* Read standard input on into s (what was read of it already) until its
 * end or the size cap. */
static int read_stdin(GString *s, char **data, size_t *len, char **err)
{
	char buf[65536];
	for (;;) {
		ssize_t r = read(0, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = g_strdup(g_strerror(errno));
			g_string_free(s, TRUE);
			return -1;
		}
		if (r == 0)
			break;
		g_string_append_len(s, buf, r);
		if (s->len > SOURCE_MAX_FILE) {
			*err = g_strdup("standard input is over the size cap");
			g_string_free(s, TRUE);
			return -1;
		}
	}
	*len = s->len;
	*data = g_string_free(s, FALSE);
	return 0;
}

static int looks_mbox(const char *data, size_t len)
{
	return len > 5 && !strncmp(data, "From ", 5);
}

/* The files of a folder, sorted by name; dot files and folders skipped.
 * readdir's d_type spares a stat per entry where the file system gives it. */
static void add_dir_files(bnc_source *s, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		/* said in its turn, not passed over in silence (a maildir's missing
		 * new/ is no error) */
		if (errno != ENOENT) {
			struct file_ent f = {NULL, g_string_chunk_insert(s->names, dir), errno, 0};
			g_array_append_val(s->files, f);
		}
		return;
	}
	const char *kept_dir = g_string_chunk_insert(s->names, dir);
	guint first = s->files->len;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (e->d_type == DT_DIR)
			continue;
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;
			char *p = g_build_filename(dir, e->d_name, NULL);
			int isdir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
			g_free(p);
			if (isdir)
				continue;
		}
		struct file_ent f = {kept_dir, g_string_chunk_insert(s->names, e->d_name), 0, e->d_type};
		g_array_append_val(s->files, f);
	}
	closedir(d);
	/* sort this folder's part only: cur/ before new/ */
	if (s->files->len > first)
		qsort(&g_array_index(s->files, struct file_ent, first), s->files->len - first, sizeof(struct file_ent),
		      cmp_ent);
}

bnc_status bnc_source_open(const char *path, bnc_source **out, char **err)
{
	*out = NULL;
	bnc_source *s = g_new0(bnc_source, 1);
	s->path = g_strdup(path);
	s->files = g_array_new(FALSE, FALSE, sizeof(struct file_ent));
	s->names = g_string_chunk_new(1 << 16);
	s->sfd = -1;
	s->stat_fd = -1;
	if (!strcmp(path, "-")) {
		s->mbox_is_stdin = 1;
		*out = s;
		return BNC_OK;
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		*err = g_strdup(g_strerror(errno));
		bnc_source_close(s);
		return BNC_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		char *cur = g_build_filename(path, "cur", NULL), *nw = g_build_filename(path, "new", NULL);
		int maildir = g_file_test(cur, G_FILE_TEST_IS_DIR) || g_file_test(nw, G_FILE_TEST_IS_DIR);
		if (maildir) {
			add_dir_files(s, cur);
			add_dir_files(s, nw);
		} else {
			add_dir_files(s, path);
		}
		g_free(cur);
		g_free(nw);
	} else if (S_ISREG(st.st_mode)) {
		struct file_ent f = {NULL, g_string_chunk_insert(s->names, path), 0, 0};
		g_array_append_val(s->files, f);
	} else {
		*err = g_strdup("not a regular file, folder or maildir");
		bnc_source_close(s);
		return BNC_ERR_IO;
	}
	*out = s;
	return BNC_OK;
}

/* A well-formed mbox separator at s: "From SENDER Www Mmm dd hh:mm...",
 * the form mail programs write (asctime's date after the sender). */
static int from_line(const char *s, const char *end)
{
	static const char days[] = "MonTueWedThuFriSatSun", months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p = s + 5;
	if (end - s < 5 || memcmp(s, "From ", 5))
		return 0;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	if (p == s + 5)
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 16)
		return 0;
	char w[4] = {p[0], p[1], p[2], 0}, m[4] = {p[4], p[5], p[6], 0};
	if (p[3] != ' ' || p[7] != ' ' || !strstr(days, w) || (strstr(days, w) - days) % 3 ||
	    !strstr(months, m) || (strstr(months, m) - months) % 3)
		return 0;
	p += 8;
	while (p < end && *p == ' ')
		p++;
	if (end - p < 7 || !g_ascii_isdigit(p[0]))
		return 0;
	p += g_ascii_isdigit(p[1]) ? 2 : 1;
	return p + 6 <= end && p[0] == ' ' && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) && p[3] == ':' &&
	       g_ascii_isdigit(p[4]) && g_ascii_isdigit(p[5]);
}

/* The next "\nFrom " in [p, end), or NULL: memchr from line to line, which
 * runs faster than memmem's search for a short needle. */
static const char *next_from(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || end - nl < 6)
			return NULL;
		if (!memcmp(nl + 1, "From ", 5))
			return nl;
		p = nl + 1;
	}
	return NULL;
}

/* An mbox whose first "From " line is missing: a message file that does
 * not begin with one but has a well-formed separator line after a blank
 * line further on.  (No single bounce of the shared corpus has one: in a
 * message such a line is quoted as ">From ".) */
static int headless_mbox(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	while (p < end && (p = next_from(p, end)) != NULL) {
		int blank = (p > buf && p[-1] == '\n') || (p > buf + 1 && p[-1] == '\r' && p[-2] == '\n');
		if (blank && from_line(p + 1, end))
			return 1;
		p++;
	}
	return 0;
}

/* Where the next message of an mbox begins: a "From " line after a blank
 * line (LF or CRLF), or a well-formed separator line even without one (some
 * programs append messages without the blank line), searched from p; end
 * when there is none. */
static const char *mbox_boundary_from(const char *p, const char *from, const char *end);

static const char *mbox_boundary(const char *p, const char *end)
{
	return mbox_boundary_from(p, p, end);
}

/* The same, searching from `from` on; lines are looked at back to p. */
static const char *mbox_boundary_from(const char *lim, const char *p, const char *end)
{
	while (p < end) {
		const char *hit = next_from(p, end);
		if (!hit)
			return end;
		const char *prev = hit;        /* the LF ending the line before */
		const char *ls = prev;         /* start of the line before */
		while (ls > lim && ls[-1] != '\n')
			ls--;
		if (prev == ls || (prev - ls == 1 && *ls == '\r') || from_line(hit + 1, end))
			return hit + 1;
		p = hit + 1;
	}
	return end;
}

/* The next message of the mbox being split. */
static int mbox_next(bnc_source *s, char **data, size_t *len, char **name)
{
	if (s->mbox_pos >= s->mbox_len)
		return 0;
	const char *base = s->mbox, *p = base + s->mbox_pos, *end = base + s->mbox_len;
	const char *next = mbox_boundary(p + 1, end);
	*len = (size_t)(next - p);
	/* a copy that keeps NUL bytes: the message is len bytes, not a C string */
	*data = g_malloc(*len + 1);
	memcpy(*data, p, *len);
	(*data)[*len] = 0;
	if (!s->mbox_is_stdin) {
		g_free(s->last_file);
		s->last_file = g_strdup(s->mbox_name);
		s->last_offset = (int64_t)(p - base);
	}
	s->mbox_pos = (size_t)(next - base);
	s->mbox_count++;
	*name = g_strdup_printf("%s#%u", s->mbox_name, s->mbox_count);
	return 1;
}

/* Drop the first n bytes of the window: an offset moved, the bytes moved
 * only when the window is refilled (an erase per message would move the
 * rest of the buffer once per message: slow for an mbox of tiny ones). */
static void stream_drop(bnc_source *s, size_t n)
{
	s->soff += n;
	s->sbase += (int64_t)n;
	s->sscan = 0;
}

static size_t stream_len(const bnc_source *s)
{
	return s->sbuf->len - s->soff;
}

/* The next message of the mbox file being streamed: 1, 0 at its end, -1 on
 * a read error (the rest is then skipped) or a message over the size cap
 * (passed over up to the next separator: the messages after it are read). */
static int stream_next(bnc_source *s, char **data, size_t *len, char **name, char **err)
{
	for (;;) {
		const char *b = s->sbuf->str + s->soff, *end = b + stream_len(s);
		size_t from = s->sscan > 1 ? s->sscan : 1;
		const char *next = stream_len(s) > 1 ? mbox_boundary_from(b + 1, b + from, end) : end;
		if (s->sskip) {
			if (next < end) {          /* the next message begins here */
				stream_drop(s, (size_t)(next - b));
				s->sskip = 0;
				continue;
			}
			if (s->seof) {
				g_string_truncate(s->sbuf, 0);
				s->soff = 0;
				return 0;
			}
			/* keep only a stretch a separator could straddle */
			if (stream_len(s) > 1024)
				stream_drop(s, stream_len(s) - 1024);
		} else if (next < end || (s->seof && stream_len(s))) {
			size_t n = (size_t)(next - b);
			*data = g_malloc(n + 1);   /* NUL bytes kept */
			memcpy(*data, b, n);
			(*data)[n] = 0;
			*len = n;
			s->scount++;
			g_free(s->last_file);
			s->last_file = s->mbox_is_stdin ? NULL : g_strdup(s->sname);
			if (next == end && s->scount == 1) {
				/* one message starting with "From ": the file itself */
				*name = g_strdup(s->sname);
				s->last_offset = -1;
			} else {
				*name = g_strdup_printf("%s#%u", s->sname, s->scount);
				s->last_offset = s->sbase;
			}
			stream_drop(s, n);
			return 1;
		}
		if (s->seof)
			return 0;
		if (!s->sskip && stream_len(s) > SOURCE_MAX_FILE) {
			*name = g_strdup_printf("%s#%u", s->sname, ++s->scount);
			*err = g_strdup_printf("a message over the %u MB cap, passed over", SOURCE_MAX_FILE >> 20);
			g_free(s->last_file);
			s->last_file = s->mbox_is_stdin ? NULL : g_strdup(s->sname);
			s->last_offset = s->sbase;
			s->sskip = 1;
			stream_drop(s, stream_len(s) - 1024);
			return -1;
		}
		if (s->soff) {
			/* the given-out bytes go before the refill: once per read */
			g_string_erase(s->sbuf, 0, (gssize)s->soff);
			s->soff = 0;
		}
		/* search the last stretch again: a boundary, or a separator line
		 * from_line() could not see whole, may straddle the refill */
		s->sscan = s->sbuf->len > 1024 ? s->sbuf->len - 1024 : 0;
		gsize old = s->sbuf->len;
		g_string_set_size(s->sbuf, old + (1 << 18));
		ssize_t r;
		do
			r = read(s->sfd, s->sbuf->str + old, 1 << 18);
		while (r < 0 && errno == EINTR);
		g_string_set_size(s->sbuf, old + (r > 0 ? (gsize)r : 0));
		if (r < 0) {
			*name = g_strdup(s->sname);
			*err = g_strdup(g_strerror(errno));
			s->seof = 1;
			g_string_truncate(s->sbuf, 0);
			s->soff = 0;
			return -1;
		}
		if (r == 0)
			s->seof = 1;
	}
}

static void stream_end(bnc_source *s)
{
	if (s->sfd > 0)   /* standard input stays open */
		close(s->sfd);
	s->sfd = -1;
	if (s->sbuf)
		g_string_free(s->sbuf, TRUE);
	s->sbuf = NULL;
	g_free(s->sname);
	s->sname = NULL;
}

/* Stream the open file when it starts like an mbox (the descriptor is then
 * kept); 0 when it is to be read whole. */
static int stream_begin(bnc_source *s, int fd, const char *path)
{
	char head[5];
	if (pread(fd, head, 5, 0) != 5 || memcmp(head, "From ", 5))
		return 0;
	s->sfd = fd;
	s->sbuf = g_string_sized_new(1 << 18);
	s->sscan = 0;
	s->soff = 0;
	s->sbase = 0;
	s->seof = 0;
	s->sskip = 0;
	s->scount = 0;
	s->sname = g_strdup(path);
	return 1;
}

/* The first bytes of standard input, enough to tell an mbox: 5 or all. */
static int stdin_head(GString *head, char **err)
{
	char buf[65536];
	while (head->len < 5) {
		ssize_t r = read(0, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = g_strdup(g_strerror(errno));
			g_string_free(head, TRUE);
			return -1;
		}
		if (r == 0)
			break;
		g_string_append_len(head, buf, r);
	}
	return 0;
}

/* Standard input that starts like an mbox is streamed as an mbox file is,
 * its memory bounded by the largest message, not by the whole: 1 then (head
 * becomes the window), 0 when it is one message to be read whole. */
static int stream_stdin(bnc_source *s, GString *head)
{
	if (head->len < 5 || memcmp(head->str, "From ", 5))
		return 0;
	s->sfd = 0;
	s->sbuf = head;
	s->sscan = s->soff = 0;
	s->sbase = 0;
	s->seof = s->sskip = 0;
	s->scount = 0;
	s->sname = g_strdup("-");
	return 1;
}

int bnc_source_next(bnc_source *s, char **data, size_t *len, char **name, char **err)
{
	*data = NULL;
	*name = NULL;
	*err = NULL;
	g_free(s->last_file);
	s->last_file = NULL;
	s->last_offset = -1;
	for (;;) {
		if (s->sfd >= 0) {
			int r = stream_next(s, data, len, name, err);
			if (r != 0)
				return r;
			stream_end(s);
			continue;
		}
		if (s->mbox) {
			if (mbox_next(s, data, len, name)) {
				*err = s->mbox_note;   /* a note on a message that was read */
				s->mbox_note = NULL;
				return 1;
			}
			g_free(s->mbox);
			g_free(s->mbox_name);
			s->mbox = NULL;
			s->mbox_name = NULL;
		}
		char *buf = NULL;
		size_t n = 0;
		const char *label;
		if (s->mbox_is_stdin) {
			if (s->done)
				return 0;
			s->done = 1;
			label = "-";
			GString *head = g_string_new(NULL);
			if (stdin_head(head, err) < 0 || (!stream_stdin(s, head) && read_stdin(head, &buf, &n, err) < 0)) {
				*name = g_strdup("(standard input)");
				return -1;
			}
			if (s->sfd >= 0)
				continue;   /* an mbox: read a window at a time, as a file is */
		} else {
			if (s->next >= s->files->len)
				return 0;
			const struct file_ent *f = &g_array_index(s->files, struct file_ent, s->next++);
			if (f->err) {
				*name = g_strdup(f->name);
				*err = g_strdup_printf("folder not read: %s", g_strerror(f->err));
				return -1;
			}
			g_free(s->label);
			s->label = f->dir ? g_build_filename(f->dir, f->name, NULL) : g_strdup(f->name);
			label = s->label;
			struct stat st;
			/* relative to its folder, opened once: no path walk a file */
			int dirfd = f->dir ? dir_fd(s, f->dir) : AT_FDCWD;
			if (dirfd != -1 && f->type == DT_REG) {
				int got = read_listed(s, dirfd, f->name, &buf, &n, err);
				if (got < 0) {
					*name = g_strdup(label);
					return -1;
				}
				if (got > 0)
					goto read;
			}
			int fd = dirfd == -1 ? open_regular(label, &st, err)
			                     : open_regular_at(dirfd, f->dir ? f->name : label, &st, err);
			if (fd < 0) {
				*name = g_strdup(label);
				return -1;
			}
			/* a small file is read whole first: an mbox among them is then
			 * streamed all the same, and the others cost no read of their head */
			int small = st.st_size <= SOURCE_SMALL_FILE;
			if (!small && stream_begin(s, fd, label))
				continue;
			if (slurp_fd(fd, &st, &buf, &n, err) < 0) {
				close(fd);
				*name = g_strdup(label);
				return -1;
			}
			if (small && n >= 5 && !memcmp(buf, "From ", 5) && stream_begin(s, fd, label)) {
				g_free(buf);
				continue;
			}
			close(fd);
		}
	read:;
		int headless = !looks_mbox(buf, n) && headless_mbox(buf, n);
		if (headless || (looks_mbox(buf, n) && mbox_boundary(buf + 1, buf + n) < buf + n)) {
			if (headless)
				s->mbox_note = g_strdup("an mbox without a \"From \" line before its first message: "
				                        "read as an mbox all the same");
			s->mbox = buf;
			s->mbox_len = n;
			s->mbox_pos = 0;
			s->mbox_count = 0;
			s->mbox_name = g_strdup(label);
			continue;
		}
		*data = buf;
		*len = n;
		*name = g_strdup(label);
		if (!s->mbox_is_stdin)
			s->last_file = g_strdup(label);
		return 1;
	}
}

int bnc_source_peek(bnc_source *s, const char **file)
{
	*file = NULL;
	/* an mbox read to its end is done with, as bnc_source_next would find:
	 * the next file of the folder is then the next item */
	if (s->sfd > 0 && s->seof && !stream_len(s))
		stream_end(s);
	if (s->mbox && s->mbox_pos >= s->mbox_len) {
		g_free(s->mbox);
		g_free(s->mbox_name);
		s->mbox = NULL;
		s->mbox_name = NULL;
	}
	if (s->sfd >= 0 || s->mbox || s->mbox_is_stdin || s->next >= s->files->len)
		return 0;
	const struct file_ent *f = &g_array_index(s->files, struct file_ent, s->next);
	if (!f->err) {
		g_free(s->label);
		s->label = f->dir ? g_build_filename(f->dir, f->name, NULL) : g_strdup(f->name);
		*file = s->label;
	}
	return 1;
}

int bnc_source_peek_stat(bnc_source *s, const char **file, struct stat *st, int *stat_rc)
{
	*stat_rc = -1;
	if (!bnc_source_peek(s, file))
		return 0;
	if (!*file)
		return 1;
	const struct file_ent *f = &g_array_index(s->files, struct file_ent, s->next);
	if (!f->dir) {
		*stat_rc = stat(f->name, st);
		return 1;
	}
	int dfd = dir_fd(s, f->dir);
	*stat_rc = dfd >= 0 ? fstatat(dfd, f->name, st, 0) : stat(*file, st);
	return 1;
}

void bnc_source_skip(bnc_source *s)
{
	if (s->sfd < 0 && !s->mbox && !s->mbox_is_stdin && s->next < s->files->len)
		s->next++;
}

void bnc_source_close(bnc_source *s)
{
	if (!s)
		return;
	g_free(s->path);
	g_array_free(s->files, TRUE);
	g_string_chunk_free(s->names);
	g_free(s->mbox);
	g_free(s->mbox_name);
	g_free(s->mbox_note);
	g_free(s->last_file);
	g_free(s->label);
	if (s->stat_fd >= 0)
		close(s->stat_fd);
	g_free(s->rbuf);
	stream_end(s);
	g_free(s);
}

const char *bnc_source_file(const bnc_source *s)
{
	return s->last_file;
}

int64_t bnc_source_offset(const bnc_source *s)
{
	return s->last_offset;
}
