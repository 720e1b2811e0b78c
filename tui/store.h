/* store.h - the browser's in-memory index of a queue (tui/store.c).
 *
 * One compact row per recipient verdict, and one per message that could not
 * be read or decoded.  Repeated strings (reason, rhost, decoder, codes,
 * table names) are interned; the full verdict with its explanation is not
 * kept: the detail view decodes its message again on demand.
 *
 * A loader thread fills the store while the screen is in use; every access
 * from the screen holds store->mu.
 */
#ifndef BNC_STORE_H
#define BNC_STORE_H
#include <stdint.h>
#include <glib.h>
#include "cli.h"
#include "spool.h"

/* Verdicts first: a kind below ROW_UNDECODABLE has one. */
enum row_kind {
	ROW_HARD, ROW_SOFT, ROW_OTHER /* delivered, vacation, feedback */,
	ROW_UNDECODABLE,         /* could not be read or decoded */
	ROW_NOVERDICT,           /* decoded, but no decoder claimed it: listed on request */
};

struct msg {
	const char *name;        /* file path, or "mbox#N" */
	const char *path;        /* the file to read it again from */
	int64_t offset;          /* byte offset in path (mbox), or -1: the whole file */
	size_t length;
	const char *error;       /* why it could not be read or decoded, or NULL */
	int64_t spool_at;        /* its result, packed (bnc_result_pack), in the */
	uint32_t spool_len;      /* spool for exports; 0: not there */
};

struct row {
	uint32_t msg;            /* index in store->msgs */
	uint16_t nth;            /* which verdict of the message */
	uint8_t kind;            /* enum row_kind */
	uint8_t tagged;
	int32_t entry;           /* deciding table entry, -1 if none */
	int64_t timestamp;
	const char *recipient, *rhost, *replycode, *status, *reason, *decoder, *table, *stage;
	const char *diag;        /* diagnostic text, for text: searches */
	const char *addresser, *subject;   /* the original message's sender and subject (interned: a campaign repeats them) */
};

struct store {
	GMutex mu;
	GArray *msgs;            /* struct msg */
	GArray *rows;            /* struct row */
	GStringChunk *strings;   /* interned and copied strings */
	size_t messages_done, messages_bad, messages_none;
	/* progress: files counted first (an mbox counts one, done as it is
	 * read, by its bytes), and how much of them is done */
	size_t files_total;
	int counted, has_mbox;
	double files_done;
	GThread *counter;
	char *last_file;         /* the mbox whose size is in last_size */
	GHashTable *uniq;        /* maildir unique name -> msg index + 1, while following */
	size_t followed;         /* messages added by follow mode */
	double last_size;
	int loading;             /* the loader is still running */
	volatile int stop;       /* ask the loader to stop reading */
	double started, finished;/* g_get_monotonic_time() seconds */
	unsigned generation;     /* bumped on every change, for redraws */
	GThread *thread;
	GCond loaded;            /* loading became 0 */
	struct spool *spool;     /* every message's packed result, or NULL when none could be made */
	char **paths;
	int npaths, jobs;
	int stdin_fd;            /* standard input copied here ("-"), or -1 */
	char *stdin_path;        /* /proc/self/fd/N, read as the queue's "-" */
	char *load_error;        /* why loading could not begin, or NULL */
	bnc_options opt;
	int no_cache;            /* --no-cache: the verdict cache neither read nor written */
};

struct store *store_new(char **paths, int npaths, int jobs, const bnc_options *opt);
/* Start decoding in the background. */
void store_load(struct store *s);
/* Stop reading (what was read is kept) and wait for the loader. */
void store_stop(struct store *s);
/* The same, waiting at most ms: 0 when the loader is still busy (a slow
 * message), and then the store must not be freed. */
int store_stop_within(struct store *s, int ms);
void store_free(struct store *s);

/* Follow mode: keep the maildir unique names of the messages, so that a
 * message moving from new/ to cur/ is the same message, not a new one. */
void store_track_names(struct store *s);
/* A file that appeared in the queue: decoded and added (0 when it is a
 * message already known, whose place is then updated). Thread-safe. */
int store_add_file(struct store *s, const char *path);

/* The message's bytes read again from the source; NULL with *err on failure. */
char *store_read_message(const struct store *s, const struct msg *m, size_t *len, char **err);
/* Decode the message of a row again: the full verdict with its explanation.
 * Returns the result (free with bnc_result_free) and sets *v, or NULL. */
bnc_result *store_redecode(const struct store *s, const struct row *r, const bnc_verdict **v, char **err);
/* The result of a row's message as the load made it: read back from the
 * spool, else decoded again (store_redecode).  NULL with *err. */
bnc_result *store_result(const struct store *s, const struct row *r, const bnc_verdict **v, char **err);
/* The row's verdict as `dump --explain` JSON: from the spool, or decoded
 * again. NULL with *err. g_free. */
char *store_verdict_json(const struct store *s, const struct row *r, char **err);
#endif
