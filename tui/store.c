/* store.c - the browser's index of a queue, filled by a background loader.
 *
 * The loader is the same ordered, multi-threaded walk `dump -j` uses; its
 * callback turns each result into compact rows under the store's lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "store.h"
#include "walk.h"
#include "cache.h"

struct store *store_new(char **paths, int npaths, int jobs, const bnc_options *opt)
{
	struct store *s = g_new0(struct store, 1);
	g_mutex_init(&s->mu);
	g_cond_init(&s->loaded);
	char *err = NULL;
	s->spool = spool_open(NULL, &err);   /* without it, exports decode again */
	g_free(err);
	s->msgs = g_array_new(FALSE, TRUE, sizeof(struct msg));
	s->rows = g_array_new(FALSE, TRUE, sizeof(struct row));
	s->strings = g_string_chunk_new(1 << 16);
	s->paths = paths;
	s->npaths = npaths;
	s->stdin_fd = -1;
	s->jobs = jobs;
	s->opt = *opt;
	return s;
}

/* Interned: one copy of each distinct value. */
static const char *intern(struct store *s, const char *v)
{
	return g_string_chunk_insert_const(s->strings, v ? v : "");
}

static enum row_kind kind_of(const bnc_verdict *v)
{
	const char *reason = bnc_verdict_field(v, BNC_F_reason);
	if (!strcmp(reason, "delivered") || !strcmp(reason, "vacation") || !strcmp(reason, "feedback"))
		return ROW_OTHER;
	return bnc_verdict_hardbounce(v) ? ROW_HARD : ROW_SOFT;
}

/* What the index keeps of a result, made on the decoding thread so the
 * result is freed where it was made (freeing its many small blocks on the
 * loader thread costs more than the decoding): NUL-ended fields, the error
 * text, the number of verdicts, then for each: kind, timestamp, recipient,
 * rhost, reply code, status, reason, decoder, stage, table, entry,
 * diagnostic text, sender and subject.  The whole result goes to the spool
 * as the walk packed it (it->packed). */
static void pack(GString *b, const char *field)
{
	g_string_append(b, field ? field : "");
	g_string_append_c(b, '\0');
}

static void pack_number(GString *b, long long v)
{
	char buf[24];
	int n = g_snprintf(buf, sizeof buf, "%lld", v);
	g_string_append_len(b, buf, n + 1);   /* with its NUL */
}

static void pack_result(bnc_result *r, GString *b, void *ctx)
{
	(void)ctx;
	pack(b, bnc_result_status(r) != BNC_OK ? bnc_result_error(r) : "");
	size_t n = bnc_result_count(r);
	if (n > UINT16_MAX)
		n = UINT16_MAX;
	pack_number(b, (long long)n);
	for (size_t i = 0; i < n; i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		const bnc_step *d = bnc_verdict_decider(v);
		pack_number(b, (long long)kind_of(v));
		pack_number(b, (long long)bnc_verdict_timestamp(v));
		pack(b, bnc_verdict_field(v, BNC_F_recipient));
		pack(b, bnc_verdict_field(v, BNC_F_rhost));
		pack(b, bnc_verdict_field(v, BNC_F_replycode));
		pack(b, bnc_verdict_field(v, BNC_F_deliverystatus));
		pack(b, bnc_verdict_field(v, BNC_F_reason));
		pack(b, bnc_verdict_field(v, BNC_F_decodedby));
		pack(b, d ? d->stage : "");
		pack(b, d && d->table ? d->table : "");
		pack_number(b, d && d->table ? (long long)d->entry : -1);
		pack(b, bnc_verdict_field(v, BNC_F_diagnosticcode));
		pack(b, bnc_verdict_field(v, BNC_F_addresser));
		pack(b, bnc_verdict_field(v, BNC_F_subject));
	}
}

/* Is text (len bytes, read back from the cache) what pack_result makes: the
 * error, the count, then that many verdicts of 14 fields, every field valid
 * UTF-8 and NUL-ended, the kind one of the verdict kinds, nothing left over? */
#define PACKED_FIELDS 14
static int index_ok(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t fields = 2, n = 0;
	for (size_t f = 0; f < fields; f++) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		if (!z || !g_utf8_validate_len(p, (gsize)(z - p), NULL))
			return 0;
		if (f == 1) {   /* the count */
			char *e;
			unsigned long k = strtoul(p, &e, 10);
			if (e != z || p == z || k > UINT16_MAX)
				return 0;
			n = k;
			fields += n * PACKED_FIELDS;
		} else if (f >= 2 && (f - 2) % PACKED_FIELDS == 0) {   /* the kind */
			if (z - p != 1 || p[0] < '0' || p[0] > '0' + ROW_OTHER)
				return 0;
		}
		p = z + 1;
	}
	return p == end;
}

/* The next packed field, and the one after it. */
static const char *unpack(const char **p)
{
	const char *f = *p;
	*p += strlen(f) + 1;
	return f;
}

/* A maildir message's unique name: its file name up to the flags
 * (":2,S"), the same in new/ and in cur/ once read. g_free. */
static char *maildir_unique(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return g_strndup(base, strcspn(base, ":"));
}

/* How much of its file a message is: all of it, or its share of an mbox's
 * bytes (caller holds the lock). */
static double file_part(struct store *s, const struct walk_item *it)
{
	if (it->offset < 0 || !it->file)
		return 1.0;
	if (!s->last_file || strcmp(s->last_file, it->file)) {
		struct stat st;
		g_free(s->last_file);
		s->last_file = g_strdup(it->file);
		s->last_size = stat(it->file, &st) == 0 && st.st_size > 0 ? (double)st.st_size : 0;
	}
	return s->last_size > 0 ? (double)it->length / s->last_size : 0.0;
}

static void add_result(const struct walk_item *it, bnc_result *r, void *ctx)
{
	struct store *s = ctx;
	(void)r;   /* the walk packs results (pack_result) and frees them */
	const char *p = it->text;
	const char *decode_error = p ? unpack(&p) : "";
	size_t n = p ? strtoul(unpack(&p), NULL, 10) : 0;
	/* the result to the spool first, outside the lock the screen waits on */
	struct msg m = {0};
	if (s->spool && it->packed && it->packed_len < UINT32_MAX) {
		m.spool_at = spool_append(s->spool, it->packed, it->packed_len);
		m.spool_len = m.spool_at >= 0 ? (uint32_t)it->packed_len : 0;
	}
	g_mutex_lock(&s->mu);
	if (s->stdin_path && g_str_has_prefix(it->name, s->stdin_path)) {   /* "-", as typed */
		char *name = g_strconcat("-", it->name + strlen(s->stdin_path), NULL);
		m.name = g_string_chunk_insert(s->strings, name);
		g_free(name);
	} else {
		m.name = g_string_chunk_insert(s->strings, it->name);
	}
	m.path = it->file ? intern(s, it->file) : NULL;
	m.offset = it->offset;
	m.length = it->length;
	if (it->error)
		m.error = g_string_chunk_insert(s->strings, it->error);
	else if (*decode_error)
		m.error = g_string_chunk_insert(s->strings, decode_error);
	uint32_t mi = s->msgs->len;
	g_array_append_val(s->msgs, m);
	if (s->uniq && m.path && m.offset < 0)
		g_hash_table_insert(s->uniq, maildir_unique(m.path), GUINT_TO_POINTER(mi + 1));
	s->messages_done++;
	s->files_done += file_part(s, it);
	if (!n) {   /* a row all the same, for the list to say why */
		struct row row = {0};
		row.msg = mi;
		row.kind = m.error ? ROW_UNDECODABLE : ROW_NOVERDICT;
		row.entry = -1;
		row.recipient = row.rhost = row.replycode = row.status = row.decoder = row.table = row.stage = intern(s, "");
		row.addresser = row.subject = row.recipient;
		row.reason = intern(s, m.error ? "undecodable" : "(no verdict)");
		row.diag = m.error ? m.error : intern(s, "no decoder claimed it: not a bounce, or one of a kind not known");
		g_array_append_val(s->rows, row);
		if (m.error)
			s->messages_bad++;
		else
			s->messages_none++;
	}
	for (size_t i = 0; i < n; i++) {
		struct row row = {0};
		row.msg = mi;
		row.nth = (uint16_t)i;
		row.kind = (uint8_t)atoi(unpack(&p));
		row.timestamp = g_ascii_strtoll(unpack(&p), NULL, 10);
		row.recipient = g_string_chunk_insert(s->strings, unpack(&p));
		row.rhost = intern(s, unpack(&p));
		row.replycode = intern(s, unpack(&p));
		row.status = intern(s, unpack(&p));
		row.reason = intern(s, unpack(&p));
		row.decoder = intern(s, unpack(&p));
		row.stage = intern(s, unpack(&p));
		row.table = intern(s, unpack(&p));
		row.entry = atoi(unpack(&p));
		row.diag = g_string_chunk_insert(s->strings, unpack(&p));
		row.addresser = intern(s, unpack(&p));
		row.subject = intern(s, unpack(&p));
		g_array_append_val(s->rows, row);
	}
	s->generation++;
	g_mutex_unlock(&s->mu);
}

/* Standard input copied into a file with no name, read back through
 * /proc/self/fd: the detail and raw views read messages again, and a pipe
 * cannot be read twice. */
static int copy_stdin(struct store *s)
{
	char *dir = g_build_filename(g_get_user_cache_dir(), "bouncelens", NULL);
	g_mkdir_with_parents(dir, 0700);
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open(g_get_tmp_dir(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	g_free(dir);
	if (fd < 0) {
		s->load_error = g_strdup_printf("standard input: cannot keep a copy: %s", g_strerror(errno));
		return -1;
	}
	char buf[1 << 16];
	for (;;) {
		if (s->stop)
			break;
		ssize_t k = read(STDIN_FILENO, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			s->load_error = g_strdup_printf("standard input: %s", g_strerror(errno));
			break;
		}
		if (!k)
			break;
		for (ssize_t off = 0; off < k;) {
			ssize_t w = write(fd, buf + off, (size_t)(k - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				s->load_error = g_strdup_printf("standard input: cannot keep a copy: %s", g_strerror(errno));
				close(fd);
				return -1;
			}
			off += w;
		}
	}
	s->stdin_fd = fd;
	s->stdin_path = g_strdup_printf("/proc/self/fd/%d", fd);
	for (int i = 0; i < s->npaths; i++)
		if (!strcmp(s->paths[i], "-"))
			s->paths[i] = s->stdin_path;
	return 0;
}

/* Files in a folder, dot files and folders left out, as the source reads it. */
static size_t count_dir(const char *dir, const volatile int *stop)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	size_t n = 0;
	const char *name;
	while (d && !*stop && (name = g_dir_read_name(d)))
		if (name[0] != '.')
			n++;
	if (d)
		g_dir_close(d);
	return n;
}

/* The files to read, counted while loading begins (a listing is cheap
 * beside decoding), for the bar's percentage. */
static gpointer counter(gpointer data)
{
	struct store *s = data;
	size_t n = 0;
	int mbox = 0;
	for (int i = 0; i < s->npaths && !s->stop; i++) {
		const char *p = s->paths[i];
		struct stat st;
		if (!strcmp(p, "-") || stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
			n++;
			mbox |= strcmp(p, "-") != 0;   /* a file may be an mbox */
			continue;
		}
		char *cur = g_build_filename(p, "cur", NULL), *nw = g_build_filename(p, "new", NULL);
		if (g_file_test(cur, G_FILE_TEST_IS_DIR) || g_file_test(nw, G_FILE_TEST_IS_DIR))
			n += count_dir(cur, &s->stop) + count_dir(nw, &s->stop);
		else
			n += count_dir(p, &s->stop);
		g_free(cur);
		g_free(nw);
	}
	g_mutex_lock(&s->mu);
	s->files_total = n;
	s->has_mbox = mbox;
	s->counted = !s->stop;
	s->generation++;
	g_mutex_unlock(&s->mu);
	return NULL;
}

/* The walk's items are taken into the index on a thread of their own, so
 * that the reading thread goes on reading and looking files up while the
 * index grows (a queue read back from the cache is otherwise all one
 * thread's work).  Each item is copied whole into one block; at most
 * INDEX_WAITING wait, so memory does not grow with the queue. */
#define INDEX_WAITING 1024
struct indexer {
	struct store *s;
	GMutex mu;
	GCond cv;                /* an item came, the end came, or room was made */
	GQueue todo;             /* of struct walk_item *, each one block */
	int end;
	int idle;                /* the indexer waits for items */
};
/* The indexer is woken once this many items wait (a wake-up per item costs
 * the reading thread more than the item), else it looks every INDEX_LOOK_US:
 * what was read shows that soon on the screen whatever comes next. */
#define INDEX_WAKE 64
#define INDEX_LOOK_US (20 * 1000)

static char *copy_into(char **at, const char *from, size_t len)
{
	if (!from)
		return NULL;
	char *to = *at;
	memcpy(to, from, len);
	to[len] = 0;
	*at += len + 1;
	return to;
}

static struct walk_item *item_copy(const struct walk_item *it)
{
	size_t name = strlen(it->name), file = it->file ? strlen(it->file) : 0, err = it->error ? strlen(it->error) : 0;
	size_t text = it->text ? it->text_len : 0, packed = it->packed ? it->packed_len : 0;
	struct walk_item *c = g_malloc(sizeof *c + name + file + err + text + packed + 5);
	char *at = (char *)(c + 1);
	*c = *it;
	c->name = copy_into(&at, it->name, name);
	c->file = copy_into(&at, it->file, file);
	c->error = copy_into(&at, it->error, err);
	c->text = copy_into(&at, it->text, text);
	c->packed = copy_into(&at, it->packed, packed);
	return c;
}

static void feed_index(const struct walk_item *it, bnc_result *r, void *ctx)
{
	(void)r;
	struct indexer *ix = ctx;
	struct walk_item *c = item_copy(it);
	g_mutex_lock(&ix->mu);
	while (ix->todo.length >= INDEX_WAITING)
		g_cond_wait(&ix->cv, &ix->mu);
	g_queue_push_tail(&ix->todo, c);
	if (ix->idle && ix->todo.length >= INDEX_WAKE)
		g_cond_broadcast(&ix->cv);
	g_mutex_unlock(&ix->mu);
}

static gpointer indexer(gpointer data)
{
	struct indexer *ix = data;
	struct walk_item *got[64];
	g_mutex_lock(&ix->mu);
	for (;;) {
		int n = 0;
		while (n < 64 && ix->todo.length)
			got[n++] = g_queue_pop_head(&ix->todo);
		if (!n) {
			if (ix->end)
				break;
			ix->idle = 1;
			g_cond_wait_until(&ix->cv, &ix->mu, g_get_monotonic_time() + INDEX_LOOK_US);
			ix->idle = 0;
			continue;
		}
		if (ix->todo.length + n >= INDEX_WAITING)
			g_cond_broadcast(&ix->cv);   /* room for the reading thread */
		g_mutex_unlock(&ix->mu);
		for (int i = 0; i < n; i++) {
			add_result(got[i], NULL, ix->s);
			g_free(got[i]);
		}
		g_mutex_lock(&ix->mu);
	}
	g_mutex_unlock(&ix->mu);
	return NULL;
}

static gpointer loader(gpointer data)
{
	struct store *s = data;
	int from_stdin = 0;
	for (int i = 0; i < s->npaths; i++)
		from_stdin |= !strcmp(s->paths[i], "-");
	struct vcache *cache = NULL;
	if (!from_stdin || copy_stdin(s) == 0) {
		/* standard input's copy has no name: never kept (vcache_stat) */
		cache = s->no_cache ? NULL : vcache_open(&s->opt, s->paths, s->npaths);
		struct indexer ix = {.s = s};
		g_mutex_init(&ix.mu);
		g_cond_init(&ix.cv);
		g_queue_init(&ix.todo);
		GThread *t = g_thread_new("index", indexer, &ix);
		walk_paths_cached(s->paths, s->npaths, &s->opt, s->jobs, &s->stop, cache, pack_result, index_ok, feed_index,
		                  &ix);
		g_mutex_lock(&ix.mu);
		ix.end = 1;
		g_cond_broadcast(&ix.cv);
		g_mutex_unlock(&ix.mu);
		g_thread_join(t);
		g_mutex_clear(&ix.mu);
		g_cond_clear(&ix.cv);
	}
	g_mutex_lock(&s->mu);
	s->loading = 0;
	s->finished = g_get_monotonic_time() / 1e6;
	s->generation++;
	g_cond_broadcast(&s->loaded);
	g_mutex_unlock(&s->mu);
	vcache_close(cache);   /* what is left to write, once the queue is shown whole */
	return NULL;
}

void store_load(struct store *s)
{
	walk_quiet = 1;
	walk_keep_packed = s->spool != NULL;
	s->loading = 1;
	s->started = g_get_monotonic_time() / 1e6;
	s->counter = g_thread_new("counter", counter, s);
	s->thread = g_thread_new("loader", loader, s);
}

void store_stop(struct store *s)
{
	s->stop = 1;
	if (s->counter) {
		g_thread_join(s->counter);
		s->counter = NULL;
	}
	if (s->thread) {
		g_thread_join(s->thread);
		s->thread = NULL;
	}
}

int store_stop_within(struct store *s, int ms)
{
	s->stop = 1;
	gint64 end = g_get_monotonic_time() + ms * G_TIME_SPAN_MILLISECOND;
	g_mutex_lock(&s->mu);
	while (s->loading && g_cond_wait_until(&s->loaded, &s->mu, end))
		;
	int done = !s->loading;
	g_mutex_unlock(&s->mu);
	if (done)
		store_stop(s);
	return done;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	store_stop(s);
	g_array_free(s->msgs, TRUE);
	g_array_free(s->rows, TRUE);
	g_string_chunk_free(s->strings);
	spool_close(s->spool);
	if (s->stdin_fd >= 0)
		close(s->stdin_fd);
	g_free(s->stdin_path);
	g_free(s->load_error);
	g_free(s->last_file);
	if (s->uniq)
		g_hash_table_destroy(s->uniq);
	g_mutex_clear(&s->mu);
	g_cond_clear(&s->loaded);
	g_free(s);
}

char *store_read_message(const struct store *s, const struct msg *m, size_t *len, char **err)
{
	(void)s;
	if (!m->path) {
		*err = g_strdup("read from standard input: not kept");
		return NULL;
	}
	int fd = open(m->path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = g_strdup(g_strerror(errno));
		return NULL;
	}
	size_t want = m->length;
	off_t at = m->offset < 0 ? 0 : (off_t)m->offset;
	char *buf = g_malloc(want + 1);
	size_t got = 0;
	while (got < want) {
		ssize_t k = pread(fd, buf + got, want - got, at + (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got < want) {
		*err = g_strdup("the message is no longer what it was when loaded");
		g_free(buf);
		return NULL;
	}
	buf[got] = 0;
	*len = got;
	return buf;
}

bnc_result *store_redecode(const struct store *s, const struct row *r, const bnc_verdict **v, char **err)
{
	g_mutex_lock((GMutex *)&s->mu);
	struct msg m = g_array_index(s->msgs, struct msg, r->msg);
	g_mutex_unlock((GMutex *)&s->mu);
	size_t len = 0;
	*v = NULL;
	char *data = store_read_message(s, &m, &len, err);
	if (!data)
		return NULL;
	bnc_result *res = bnc_decode(data, len, m.name, &s->opt);
	g_free(data);
	if (r->kind < ROW_UNDECODABLE && r->nth < bnc_result_count(res))
		*v = bnc_result_verdict(res, r->nth);
	return res;
}

bnc_result *store_result(const struct store *s, const struct row *r, const bnc_verdict **v, char **err)
{
	g_mutex_lock((GMutex *)&s->mu);
	struct msg m = g_array_index(s->msgs, struct msg, r->msg);
	g_mutex_unlock((GMutex *)&s->mu);
	if (m.spool_len && s->spool) {
		char *data = spool_read(s->spool, m.spool_at, m.spool_len);
		bnc_result *res = data ? bnc_result_unpack(data, m.spool_len) : NULL;
		g_free(data);
		if (res) {
			*v = r->kind < ROW_UNDECODABLE && r->nth < bnc_result_count(res) ? bnc_result_verdict(res, r->nth)
			                                                                  : NULL;
			return res;
		}
	}
	return store_redecode(s, r, v, err);
}

char *store_verdict_json(const struct store *s, const struct row *r, char **err)
{
	const bnc_verdict *v;
	bnc_result *res = store_result(s, r, &v, err);
	char *js = NULL;
	if (v) {
		char *j = bnc_verdict_to_json(v, 1);
		js = g_strdup(j);
		bnc_free(j);
	} else if (!*err) {
		*err = g_strdup("decoding it again gave no verdict");
	}
	if (res)
		bnc_result_free(res);
	return js;
}

void store_track_names(struct store *s)
{
	g_mutex_lock(&s->mu);
	if (!s->uniq) {
		s->uniq = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (guint i = 0; i < s->msgs->len; i++) {
			const struct msg *m = &g_array_index(s->msgs, struct msg, i);
			if (m->path && m->offset < 0)
				g_hash_table_insert(s->uniq, maildir_unique(m->path), GUINT_TO_POINTER(i + 1));
		}
	}
	g_mutex_unlock(&s->mu);
}

int store_add_file(struct store *s, const char *path)
{
	char *uniq = maildir_unique(path);
	g_mutex_lock(&s->mu);
	gpointer known = s->uniq ? g_hash_table_lookup(s->uniq, uniq) : NULL;
	if (known) {   /* moved (new/ to cur/) or its flags changed: read it there from now on */
		struct msg *m = &g_array_index(s->msgs, struct msg, GPOINTER_TO_UINT(known) - 1);
		m->path = intern(s, path);
		m->name = intern(s, path);
		s->generation++;
	}
	g_mutex_unlock(&s->mu);
	g_free(uniq);
	if (known)
		return 0;
	bnc_source *src;
	char *err = NULL;
	if (bnc_source_open(path, &src, &err) != BNC_OK) {
		g_free(err);   /* gone already, or not a file: nothing to show */
		return 0;
	}
	int added = 0;
	GString *text = g_string_new(NULL);
	for (;;) {
		char *data = NULL, *name = NULL;
		size_t len = 0;
		err = NULL;
		int got = bnc_source_next(src, &data, &len, &name, &err);
		if (!got)
			break;
		struct walk_item it = {name, bnc_source_file(src), bnc_source_offset(src), len, got < 0 ? err : NULL,
		                       NULL, NULL, 0, 0};
		g_string_truncate(text, 0);
		char *packed = NULL;
		if (got > 0) {
			bnc_result *r = bnc_decode(data, len, name, &s->opt);
			pack_result(r, text, s);
			if (s->spool)
				packed = bnc_result_pack(r, &it.packed_len);
			it.packed = packed;
			bnc_result_free(r);
			it.text = text->len ? text->str : NULL;
			it.text_len = text->len;
		}
		add_result(&it, NULL, s);
		bnc_free(packed);
		g_mutex_lock(&s->mu);
		s->followed++;
		g_mutex_unlock(&s->mu);
		added++;
		g_free(data);
		g_free(name);
		g_free(err);
	}
	g_string_free(text, TRUE);
	bnc_source_close(src);
	return added;
}
