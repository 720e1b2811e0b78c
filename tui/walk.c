/* walk.c - every message of every path, decoded, handed out in source order.
 *
 * The calling thread reads messages into a ring of W slots and queues them
 * for N-1 other decoding threads, decoding some itself; it then hands each
 * result to the callback in the order the messages were read.  At most W
 * messages are held at once, and at most READ_AHEAD_BYTES of them besides
 * the one just read (the slots alone let 99 MB messages with -j 4 take 8.8
 * GB), so memory grows neither with the queue nor with -j.  With one job nothing is threaded.
 * Messages go to the threads in batches: one hand-over and one wake-up per
 * BATCH messages rather than per message keeps the threads decoding.  Each
 * message is handed out as soon as it and those before it are decoded (the
 * reading thread looks after every message it reads, and as it decodes),
 * so the browser shows them at once and a slow message holds back only
 * those after it.
 *
 * With a verdict cache (cache.h), a file it holds is not read at all: its
 * kept bytes go to a decoding thread, which reads them back into the result
 * the decoder gave (bnc_result_unpack), so every printer prints the same;
 * a file decoded is packed there and kept by the reading thread, the only
 * one to use the cache.  A caller whose render output depends on nothing but
 * the result (the browser's index) may have it kept beside the result: a
 * file whose view is kept is then neither unpacked nor rendered again.
 */
#include <string.h>
#include <sys/stat.h>
#include <glib.h>
#include "walk.h"
#include "cache.h"

struct slot {
	char *name;
	char *file;
	int64_t offset;
	char *data;              /* freed by the reading thread, which made it */
	size_t len;
	char *err;               /* a message that could not be read, or an unopenable path */
	char *readnote;          /* a problem met reading a message that was read */
	bnc_result *r;
	GString *text;           /* rendered on the decoding thread, into a
	                          * buffer the slot keeps from message to message */
	bnc_status status;       /* once rendered, the result is freed there too */
	char *rerr;
	char *notice;            /* what a cap left unread, once the result is freed */
	char *kept;              /* the cache's bytes for the file, instead of data */
	size_t kept_len;
	int64_t rowid;           /* and its row */
	int view_kept;           /* text is the view the cache kept: nothing to decode */
	size_t held;             /* bytes it counts against READ_AHEAD_BYTES */
	int keep;                /* a whole file, to be kept under key once decoded */
	struct vcache_key key;
	char *packed;            /* the result's bytes to keep, made on the decoding thread */
	size_t packed_len;
	int bad_row;             /* the kept bytes did not read back: decoded instead */
	int queued;              /* in a batch handed over (reading thread's own flag) */
	int done;
};

#define BATCH 32
#define READ_AHEAD_BYTES WALK_READ_AHEAD_BYTES

struct batch {
	struct slot *s[BATCH];
	int n;
};

struct ring {
	struct slot *slots;
	size_t size;
	size_t in, out;          /* sequence numbers read and handed out */
	size_t held;             /* bytes of the messages read, not handed out */
	GMutex mu;
	GCond done_cv;           /* a message was decoded, while waiting is set */
	int waiting;             /* the reading thread waits on done_cv */
	GThread *reader;         /* the reading thread */
	GCond todo_cv;           /* a batch was queued, or the end came */
	GQueue todo;             /* batches waiting for a decoding thread */
	int quit;
	const bnc_options *opt;
	walk_render_fn render;
	walk_view_fn view_ok;    /* render's text is kept in the cache beside the result */
	GThread **threads;       /* the decoding threads besides this one */
	int nthreads;
	struct batch *pending;   /* read, not yet handed to the threads */
	walk_fn fn;
	void *ctx;
	struct vcache *cache;
	int rc;
};

int walk_quiet;
int walk_keep_packed;
size_t walk_peak_held;

int walk_default_jobs(void)
{
	guint n = g_get_num_processors();
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Every block is freed by the thread that allocated it: the message by the
 * reading thread once handed out, the result and its rendering by the
 * decoding thread, whose text goes into a buffer the slot keeps.  Blocks
 * freed on another thread travel between the allocator's per-thread caches,
 * a cost both threads pay. */
/* A file whose kept bytes did not read back, read and decoded after all
 * (on this thread: the reading thread has gone on); NULL when it is no
 * longer the one message it was. */
static bnc_result *decode_again(struct slot *s, const struct ring *q)
{
	bnc_source *src;
	char *err = NULL, *data = NULL, *name = NULL;
	size_t len = 0;
	bnc_result *r = NULL;
	if (bnc_source_open(s->file, &src, &err) != BNC_OK) {
		s->err = err;
		return NULL;
	}
	int got = bnc_source_next(src, &data, &len, &name, &err);
	if (got > 0 && bnc_source_offset(src) < 0 && !err && !strcmp(name, s->name) && (int64_t)len == s->key.size) {
		r = bnc_decode(data, len, s->name, q->opt);
		s->keep = 1;
	} else {
		s->err = g_strdup(err ? err : "changed while read");
	}
	g_free(err);
	g_free(data);
	g_free(name);
	bnc_source_close(src);
	return r;
}

static void decode_slot(struct slot *s, const struct ring *q)
{
	if (s->kept) {
		s->r = bnc_result_unpack(s->kept, s->kept_len);
		if (!s->r) {
			s->bad_row = 1;
			s->r = decode_again(s, q);
			if (!s->r)
				return;
		}
	} else {
		s->r = bnc_decode(s->data, s->len, s->name, q->opt);
	}
	if (s->keep || (walk_keep_packed && !s->kept))
		s->packed = bnc_result_pack(s->r, &s->packed_len);
	if (q->render) {
		q->render(s->r, s->text, q->ctx);
		s->status = bnc_result_status(s->r);
		if (s->status != BNC_OK)
			s->rerr = g_strdup(bnc_result_error(s->r));
		s->notice = g_strdup(bnc_result_notice(s->r));
		bnc_result_free(s->r);
		s->r = NULL;
	}
}

static void hand_out_done(struct ring *q);

/* Decode a batch, each slot marked done as soon as it is (a slow message
 * must not hold back those decoded before it in its batch); the reading
 * thread wakes only when it waits for the slot finished.  The reading
 * thread, when the batch is its own to decode, hands out as it goes. */
static void run_batch(struct ring *q, struct batch *b)
{
	int reader = g_thread_self() == q->reader;
	for (int i = 0; i < b->n; i++) {
		decode_slot(b->s[i], q);
		g_mutex_lock(&q->mu);
		b->s[i]->done = 1;
		if (q->waiting)
			g_cond_broadcast(&q->done_cv);
		g_mutex_unlock(&q->mu);
		if (reader)
			hand_out_done(q);
	}
	g_free(b);
}

static gpointer worker(gpointer data)
{
	struct ring *q = data;
	g_mutex_lock(&q->mu);
	for (;;) {
		struct batch *b = g_queue_pop_head(&q->todo);
		if (b) {
			g_mutex_unlock(&q->mu);
			run_batch(q, b);
			g_mutex_lock(&q->mu);
		} else if (q->quit) {
			break;
		} else {
			g_cond_wait(&q->todo_cv, &q->mu);
		}
	}
	g_mutex_unlock(&q->mu);
	return NULL;
}

/* The reading thread is one of the N decoding threads.  A batch it has read
 * joins the queue; while more than two batches per other thread wait, it
 * decodes the oldest waiting one itself.  Each other thread so finds a batch
 * waiting when it finishes one, and the reading thread sleeps only when the
 * oldest message is being decoded elsewhere and nothing waits. */
static void flush_pending(struct ring *q)
{
	struct batch *b = q->pending;
	if (!b)
		return;
	q->pending = NULL;
	for (int i = 0; i < b->n; i++)
		b->s[i]->queued = 1;
	g_mutex_lock(&q->mu);
	g_queue_push_tail(&q->todo, b);
	g_cond_signal(&q->todo_cv);
	while (q->todo.length > 2 * (guint)q->nthreads) {
		b = g_queue_pop_head(&q->todo);
		g_mutex_unlock(&q->mu);
		run_batch(q, b);
		g_mutex_lock(&q->mu);
	}
	g_mutex_unlock(&q->mu);
}

/* Wait for the oldest slot and hand it to the callback. */
static void hand_out(struct ring *q)
{
	size_t want = q->out;
	struct slot *s = &q->slots[want % q->size];
	/* The batch being filled is handed over early only when the oldest
	 * message is in it: else the batches would shrink to one message each
	 * once the ring is full. */
	if (q->threads && !s->done && !s->queued)
		flush_pending(q);
	g_mutex_lock(&q->mu);
	/* a batch this thread decodes meanwhile may hand the slot out itself */
	while (q->out == want && !s->done) {
		struct batch *b = g_queue_pop_head(&q->todo);
		if (b) {
			g_mutex_unlock(&q->mu);
			run_batch(q, b);
			g_mutex_lock(&q->mu);
		} else {
			q->waiting = 1;
			g_cond_wait(&q->done_cv, &q->mu);
			q->waiting = 0;
		}
	}
	g_mutex_unlock(&q->mu);
	if (q->out != want)
		return;
	struct walk_item it = {s->name, s->file, s->offset, s->len, s->err, s->text->len ? s->text->str : NULL,
	                       NULL, 0, s->text->len};
	if (s->packed) {
		it.packed = s->packed;
		it.packed_len = s->packed_len;
	} else if (s->kept && !s->bad_row) {
		it.packed = s->kept;
		it.packed_len = s->kept_len;
	}
	if (s->bad_row)
		vcache_bad(q->cache);
	const char *view = q->view_ok && s->text->len ? s->text->str : NULL;
	if (s->keep && s->packed && !s->err)
		vcache_put(q->cache, s->name, &s->key, s->packed, s->packed_len, view, view ? s->text->len : 0);
	else if (s->kept && !s->bad_row && !s->view_kept && view)
		vcache_view(q->cache, &(struct vcache_row){.data = s->kept, .len = s->kept_len, .rowid = s->rowid}, view,
		            s->text->len);
	if (s->err) {
		if (!walk_quiet)
			complain(s->name, s->err);
		q->rc = EXIT_SOMEBAD;
		q->fn(&it, NULL, q->ctx);
	} else {
		bnc_status st = s->r ? bnc_result_status(s->r) : s->status;
		if (st != BNC_OK) {
			if (!walk_quiet)
				complain(s->name, s->r ? bnc_result_error(s->r) : s->rerr);
			q->rc = EXIT_SOMEBAD;
		}
		if (s->readnote && !walk_quiet)
			complain(s->name, s->readnote);
		/* cut short by a cap: said, and the verdicts of what was read kept */
		const char *notice = s->r ? bnc_result_notice(s->r) : s->notice;
		if (notice && !walk_quiet)
			complain(s->name, notice);
		q->fn(&it, s->r, q->ctx);
		if (s->r)
			bnc_result_free(s->r);
	}
	g_free(s->name);
	g_free(s->file);
	g_free(s->err);
	g_free(s->rerr);
	g_free(s->notice);
	g_free(s->readnote);
	g_free(s->data);
	q->held -= s->held;
	g_free(s->kept);
	bnc_free(s->packed);
	GString *text = s->text;
	if (text->allocated_len > 65536) {   /* one huge result does not stay */
		g_string_free(text, TRUE);
		text = g_string_sized_new(2048);
	}
	g_string_truncate(text, 0);
	*s = (struct slot){0};
	s->text = text;
	q->out++;
}

/* A fresh slot for the next message of len bytes, handing out the oldest
 * while the ring is full or holds too many bytes with it. */
static struct slot *take_slot(struct ring *q, size_t len)
{
	while (q->in - q->out == q->size || (q->in > q->out && q->held + len > READ_AHEAD_BYTES))
		hand_out(q);
	q->held += len;
	if (q->held > walk_peak_held)
		walk_peak_held = q->held;
	struct slot *s = &q->slots[q->in++ % q->size];
	s->held = len;
	return s;
}

/* Hand out the oldest messages already decoded, without waiting: the
 * callback hears of them at once, not when the ring is full or the queue
 * read (a slow message once kept those before it off the screen). */
static void hand_out_done(struct ring *q)
{
	while (q->out < q->in) {
		struct slot *s = &q->slots[q->out % q->size];
		g_mutex_lock(&q->mu);
		int done = s->done;
		g_mutex_unlock(&q->mu);
		if (!done)
			return;
		hand_out(q);
	}
}

static void submit(struct ring *q, struct slot *s)
{
	if (!q->threads) {
		decode_slot(s, q);
		s->done = 1;
	} else {
		if (!q->pending)
			q->pending = g_new0(struct batch, 1);
		q->pending->s[q->pending->n++] = s;
		if (q->pending->n == BATCH)
			flush_pending(q);
	}
	hand_out_done(q);
}

int walk_paths_jobs(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop, walk_fn fn,
                    void *ctx)
{
	return walk_paths_render(paths, npaths, opt, jobs, stop, NULL, fn, ctx);
}

int walk_paths_render(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop,
                      walk_render_fn render, walk_fn fn, void *ctx)
{
	return walk_paths_cached(paths, npaths, opt, jobs, stop, NULL, render, NULL, fn, ctx);
}

/* The next item of the source, when it is a file the cache may hold: its
 * name (g_free) and key.  A hit is put in a slot and passed over unread
 * (1); else 0, with *name set when what is read next may be kept. */
static int from_cache(struct ring *q, bnc_source *src, char **name, struct vcache_key *key)
{
	const char *file = NULL;
	struct stat st;
	int rc;
	*name = NULL;
	if (!q->cache || !bnc_source_peek_stat(src, &file, &st, &rc) || !file || rc < 0 || vcache_key_of(&st, key) < 0)
		return 0;
	*name = g_strdup(file);
	struct vcache_row row = {.want_view = q->view_ok != NULL};
	if (!vcache_get(q->cache, *name, key, &row))
		return 0;
	bnc_source_skip(src);
	struct slot *s = take_slot(q, row.len + row.view_len);   /* what it holds: the packed result */
	s->name = *name;
	s->file = g_strdup(*name);
	s->offset = -1;
	s->len = (size_t)key->size;
	s->kept = row.data;
	s->kept_len = row.len;
	s->rowid = row.rowid;
	s->key = *key;
	*name = NULL;
	if (row.view && q->view_ok(row.view, row.view_len)) {   /* as the render made it: nothing to do */
		g_string_append_len(s->text, row.view, (gssize)row.view_len);
		s->view_kept = 1;
		s->done = 1;
		g_free(row.view);
		hand_out_done(q);
		return 1;
	}
	g_free(row.view);
	submit(q, s);
	return 1;
}

int walk_paths_cached(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop,
                      struct vcache *cache, walk_render_fn render, walk_view_fn view_ok, walk_fn fn, void *ctx)
{
	struct ring q = {0};
	walk_peak_held = 0;
	q.cache = cache;
	q.render = render;
	q.view_ok = cache && render ? view_ok : NULL;
	q.reader = g_thread_self();
	if (jobs < 1)
		jobs = walk_default_jobs();
	q.size = jobs == 1 ? 1 : (size_t)jobs * 8 * BATCH;
	q.slots = g_new0(struct slot, q.size);
	for (size_t i = 0; i < q.size; i++)
		q.slots[i].text = g_string_sized_new(2048);
	q.opt = opt;
	q.fn = fn;
	q.ctx = ctx;
	q.rc = EXIT_ALLGOOD;
	g_mutex_init(&q.mu);
	g_cond_init(&q.done_cv);
	g_cond_init(&q.todo_cv);
	g_queue_init(&q.todo);
	if (jobs > 1) {
		q.nthreads = jobs - 1;
		q.threads = g_new0(GThread *, q.nthreads);
		for (int i = 0; i < q.nthreads; i++)
			q.threads[i] = g_thread_new("decode", worker, &q);
	}

	for (int i = 0; i < npaths && !(stop && *stop); i++) {
		bnc_source *src;
		char *err = NULL;
		if (bnc_source_open(paths[i], &src, &err) != BNC_OK) {
			struct slot *s = take_slot(&q, 0);
			s->name = g_strdup(paths[i]);
			s->err = err;
			s->done = 1;
			continue;
		}
		for (;;) {
			if (stop && *stop)
				break;
			char *data = NULL, *name = NULL, *keep_as = NULL;
			struct vcache_key key = {0};
			if (from_cache(&q, src, &keep_as, &key))
				continue;
			size_t len = 0;
			err = NULL;
			int got = bnc_source_next(src, &data, &len, &name, &err);
			/* kept only when it is the file whole, one message, read as it was statted */
			int keep = keep_as && got > 0 && !err && bnc_source_offset(src) < 0 && !strcmp(name, keep_as) &&
			           (int64_t)len == key.size;
			g_free(keep_as);
			if (!got) {
				g_free(err);
				break;
			}
			struct slot *s = take_slot(&q, got < 0 ? 0 : len);
			s->name = name;
			s->file = g_strdup(bnc_source_file(src));
			s->offset = bnc_source_offset(src);
			if (got < 0) {
				s->err = err ? err : g_strdup("could not be read");
				g_free(data);
				s->done = 1;
				continue;
			}
			s->readnote = err;
			s->data = data;
			s->len = len;
			s->keep = keep;
			s->key = key;
			submit(&q, s);
		}
		bnc_source_close(src);
	}
	while (q.out < q.in)
		hand_out(&q);
	if (q.threads) {
		g_mutex_lock(&q.mu);
		q.quit = 1;
		g_cond_broadcast(&q.todo_cv);
		g_mutex_unlock(&q.mu);
		for (int i = 0; i < q.nthreads; i++)
			g_thread_join(q.threads[i]);
		g_free(q.threads);
	}
	g_mutex_clear(&q.mu);
	g_cond_clear(&q.done_cv);
	g_cond_clear(&q.todo_cv);
	for (size_t i = 0; i < q.size; i++)
		g_string_free(q.slots[i].text, TRUE);
	g_free(q.slots);
	return q.rc;
}

int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx)
{
	return walk_paths_jobs(paths, npaths, opt, 1, NULL, fn, ctx);
}
