/* walk.c - every message of every path, decoded, handed out in source order.
 *
 * The calling thread reads messages and hands them to N decoding threads
 * through a ring of W slots; it then hands each result to the callback in
 * the order the messages were read.  At most W messages are held at once,
 * so memory does not grow with the queue.  With one job nothing is threaded.
 * Messages go to the threads in batches: one hand-over and one wake-up per
 * BATCH messages rather than per message keeps the threads decoding.
 */
#include <glib.h>
#include "walk.h"

struct slot {
	char *name;
	char *file;
	int64_t offset;
	char *data;              /* freed as soon as it is decoded */
	size_t len;
	char *err;               /* a message that could not be read, or an unopenable path */
	char *readnote;          /* a problem met reading a message that was read */
	bnc_result *r;
	char *text;              /* rendered on the decoding thread */
	bnc_status status;       /* once rendered, the result is freed there too */
	char *rerr;
	char *notice;            /* what a cap left unread, once the result is freed */
	int done;
};

#define BATCH 32

struct batch {
	struct slot *s[BATCH];
	int n;
};

struct ring {
	struct slot *slots;
	size_t size;
	size_t in, out;          /* sequence numbers read and handed out */
	GMutex mu;
	GCond cv;
	const bnc_options *opt;
	walk_render_fn render;
	GThreadPool *pool;
	struct batch *pending;   /* read, not yet handed to the threads */
	walk_fn fn;
	void *ctx;
	int rc;
};

int walk_quiet;

int walk_default_jobs(void)
{
	guint n = g_get_num_processors();
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void decode_slot(struct slot *s, const struct ring *q)
{
	s->r = bnc_decode(s->data, s->len, s->name, q->opt);
	g_free(s->data);
	s->data = NULL;
	if (q->render) {
		/* Free the result on the thread that made it: thousands of small
		 * blocks freed on another thread would cost more than the decoding. */
		s->text = q->render(s->r, q->ctx);
		s->status = bnc_result_status(s->r);
		if (s->status != BNC_OK)
			s->rerr = g_strdup(bnc_result_error(s->r));
		s->notice = g_strdup(bnc_result_notice(s->r));
		bnc_result_free(s->r);
		s->r = NULL;
	}
}

static void worker(gpointer data, gpointer user)
{
	struct batch *b = data;
	struct ring *q = user;
	for (int i = 0; i < b->n; i++)
		decode_slot(b->s[i], q);
	g_mutex_lock(&q->mu);
	for (int i = 0; i < b->n; i++)
		b->s[i]->done = 1;
	g_cond_broadcast(&q->cv);
	g_mutex_unlock(&q->mu);
	g_free(b);
}

/* The reading thread is one of the N: a batch goes to the other threads
 * while they have none waiting, else the reading thread decodes it itself.
 * N threads stay busy and none sleeps and wakes per batch. */
static void flush_pending(struct ring *q)
{
	struct batch *b = q->pending;
	if (!b)
		return;
	q->pending = NULL;
	if (g_thread_pool_unprocessed(q->pool) == 0) {
		g_thread_pool_push(q->pool, b, NULL);
		return;
	}
	for (int i = 0; i < b->n; i++)
		decode_slot(b->s[i], q);
	g_mutex_lock(&q->mu);
	for (int i = 0; i < b->n; i++)
		b->s[i]->done = 1;
	g_mutex_unlock(&q->mu);
	g_free(b);
}

/* Wait for the oldest slot and hand it to the callback. */
static void hand_out(struct ring *q)
{
	struct slot *s = &q->slots[q->out % q->size];
	if (q->pool)
		flush_pending(q);
	g_mutex_lock(&q->mu);
	while (!s->done)
		g_cond_wait(&q->cv, &q->mu);
	g_mutex_unlock(&q->mu);
	struct walk_item it = {s->name, s->file, s->offset, s->len, s->err, s->text};
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
	g_free(s->text);
	g_free(s->err);
	g_free(s->rerr);
	g_free(s->notice);
	g_free(s->readnote);
	g_free(s->data);
	*s = (struct slot){0};
	q->out++;
}

/* A fresh slot for the next message, handing out the oldest when full. */
static struct slot *take_slot(struct ring *q)
{
	if (q->in - q->out == q->size)
		hand_out(q);
	return &q->slots[q->in++ % q->size];
}

static void submit(struct ring *q, struct slot *s)
{
	if (!q->pool) {
		decode_slot(s, q);
		s->done = 1;
	} else {
		if (!q->pending)
			q->pending = g_new0(struct batch, 1);
		q->pending->s[q->pending->n++] = s;
		if (q->pending->n == BATCH)
			flush_pending(q);
	}
}

int walk_paths_jobs(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop, walk_fn fn,
                    void *ctx)
{
	return walk_paths_render(paths, npaths, opt, jobs, stop, NULL, fn, ctx);
}

int walk_paths_render(char **paths, int npaths, const bnc_options *opt, int jobs, const volatile int *stop,
                      walk_render_fn render, walk_fn fn, void *ctx)
{
	struct ring q = {0};
	q.render = render;
	if (jobs < 1)
		jobs = walk_default_jobs();
	q.size = jobs == 1 ? 1 : (size_t)jobs * 4 * BATCH;
	q.slots = g_new0(struct slot, q.size);
	q.opt = opt;
	q.fn = fn;
	q.ctx = ctx;
	q.rc = EXIT_ALLGOOD;
	g_mutex_init(&q.mu);
	g_cond_init(&q.cv);
	if (jobs > 1)
		q.pool = g_thread_pool_new(worker, &q, jobs - 1, TRUE, NULL);

	for (int i = 0; i < npaths && !(stop && *stop); i++) {
		bnc_source *src;
		char *err = NULL;
		if (bnc_source_open(paths[i], &src, &err) != BNC_OK) {
			struct slot *s = take_slot(&q);
			s->name = g_strdup(paths[i]);
			s->err = err;
			s->done = 1;
			continue;
		}
		for (;;) {
			if (stop && *stop)
				break;
			char *data = NULL, *name = NULL;
			size_t len = 0;
			err = NULL;
			int got = bnc_source_next(src, &data, &len, &name, &err);
			if (!got) {
				g_free(err);
				break;
			}
			struct slot *s = take_slot(&q);
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
			submit(&q, s);
		}
		bnc_source_close(src);
	}
	while (q.out < q.in)
		hand_out(&q);
	if (q.pool)
		g_thread_pool_free(q.pool, FALSE, TRUE);
	g_mutex_clear(&q.mu);
	g_cond_clear(&q.cv);
	g_free(q.slots);
	return q.rc;
}

int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx)
{
	return walk_paths_jobs(paths, npaths, opt, 1, NULL, fn, ctx);
}
