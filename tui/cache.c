/* cache.c - the verdict cache in SQLite (cache.h, docs/cache.md).
 *
 * Schema (version in meta.schema; any other version is dropped and made
 * anew, a file that is not SQLite or is damaged is removed and made anew):
 *   meta(key, value)
 *   contexts(id, engine)   engine: the build's bnc_engine_id and the options
 *   files(ctx, h, name, dev, ino, size, mtime, ctime, used, data, view), UNIQUE(ctx, h)
 *     one row per message file and context; data is bnc_result_pack's bytes,
 *     view what the browser's index made of them (NULL until it has);
 *     h is a hash of the name, so that a lookup walks a small index of
 *     integers rather than one of long names sharing their folder's prefix
 *     (the rows stay in the order they were put, the order a folder is
 *     read in); the name is checked on the row found, and of two names
 *     with one hash the later put wins
 * WAL lets readers and a writer work at once; writes are batched in short
 * transactions so that another process gets its turn.  A process that cannot
 * get the write lock in time stops writing and goes on reading: nothing is
 * said and nothing fails.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <glib.h>
#include "cache.h"

#define SCHEMA "3"
#define DEFAULT_MAX (1024ll << 20)  /* bytes of the file, past which the least used rows go: about
                                     * 400,000 message files (2.6 KB each, the
                                     * result and the browser's view of it) */
#define BATCH_ROWS 512               /* rows per write transaction */
#define BATCH_US (500 * 1000)        /* or this long: the lock is released often */
#define BUSY_MS 1000                 /* a writer waits this long for another's batch */
#define READ_ROWS 1024               /* lookups per read transaction: one lock taken, not one each */
#define TOUCH_AFTER 3600             /* a row's last use is written back once an hour at most */

struct vcache {
	sqlite3 *db;
	char *path;
	sqlite3_int64 ctx;
	sqlite3_stmt *get, *put, *touch, *setview;
	/* The rows in the order they were put, which is the order a queue is
	 * read in: a queue read again is mostly found by stepping this cursor,
	 * one row a file, instead of a lookup each (see vcache_get). */
	sqlite3_stmt *scan;
	sqlite3_int64 last;      /* rowid of the last row used (0: none yet): scan goes on past it */
	int scan_live;           /* scan stands on a row past last */
	int scan_used;           /* that row is last: step before looking */
	sqlite3_int64 scan_end;  /* scan found no row past this one */
	int writing;             /* a write transaction is open */
	int reading;             /* a read transaction is open (lookups since: reads) */
	unsigned reads;
	int read_only;           /* the write lock was not had, or a write failed */
	int damaged;             /* SQLite found the file damaged while in use */
	unsigned batch;
	gint64 batch_start;
	int64_t now;
	long long max;
	size_t hits, misses, stored, bad, views;
};

char *vcache_path(void)
{
	return g_build_filename(g_get_user_cache_dir(), "bouncelens", "verdicts.sqlite", NULL);
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void remove_files(const char *path)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < G_N_ELEMENTS(ext); i++) {
		char *p = g_strconcat(path, ext[i], NULL);
		unlink(p);
		g_free(p);
	}
}

/* The value of a one-number query, or -1. */
static long long number(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS contexts(id INTEGER PRIMARY KEY, engine TEXT UNIQUE NOT NULL);"
	"CREATE TABLE IF NOT EXISTS files(ctx INTEGER NOT NULL, h INTEGER NOT NULL, name BLOB NOT NULL,"
	" dev INTEGER, ino INTEGER, size INTEGER, mtime INTEGER, ctime INTEGER, used INTEGER, data BLOB, view BLOB,"
	" UNIQUE(ctx, h));"
	"CREATE INDEX IF NOT EXISTS files_used ON files(used);"
	"INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA "');";

/* The schema's version, or NULL (g_free). */
static char *schema_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	const char *have = NULL;
	char *version = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && (have = (const char *)sqlite3_column_text(st, 0)))
		version = g_strdup(have);
	sqlite3_finalize(st);
	return version;
}

/* The schema checked, and made (anew, when of another version) under the
 * write lock only when it must be: SQLITE_OK, or the error (SQLITE_NOTADB,
 * SQLITE_CORRUPT: a file to remove). */
static int prepare_schema(sqlite3 *db)
{
	/* before anything is written to a new file (else ignored): the file
	 * shrinks when rows are evicted */
	exec(db, "PRAGMA auto_vacuum=INCREMENTAL");
	/* the first statement to read the file: garbage shows here */
	int rc = exec(db, "PRAGMA journal_mode=WAL");
	if (rc != SQLITE_OK)
		return rc;
	exec(db, "PRAGMA synchronous=NORMAL");
	/* rows read through the mapping, not a read call each */
	exec(db, "PRAGMA mmap_size=2147418112");   /* SQLite's own ceiling: past the bound too */
	char *version = schema_version(db);
	int ours = !g_strcmp0(version, SCHEMA);
	g_free(version);
	if (ours)
		return SQLITE_OK;
	rc = exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return rc;
	version = schema_version(db);   /* another process may have made it meanwhile */
	int foreign = g_strcmp0(version, SCHEMA) && number(db, "SELECT count(*) FROM sqlite_master") > 0;
	g_free(version);
	if (foreign) {   /* another layout, or not ours: every table dropped */
		sqlite3_stmt *st = NULL;
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &st, NULL) ==
		    SQLITE_OK)
			while (sqlite3_step(st) == SQLITE_ROW)
				g_ptr_array_add(names, g_strdup((const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
		for (guint i = 0; i < names->len; i++) {
			char *sql = sqlite3_mprintf("DROP TABLE IF EXISTS \"%w\"", (const char *)names->pdata[i]);
			exec(db, sql);
			sqlite3_free(sql);
		}
		g_ptr_array_free(names, TRUE);
	}
	rc = exec(db, schema_sql);
	if (rc != SQLITE_OK) {
		exec(db, "ROLLBACK");
		return rc;
	}
	rc = exec(db, "COMMIT");
	if (rc == SQLITE_OK && foreign) {
		/* the dropped tables' pages given back to the file system, and
		 * eviction's shrinking turned on for a file made without it; a
		 * busy file stays as large until the next time */
		exec(db, "PRAGMA auto_vacuum=INCREMENTAL");
		exec(db, "VACUUM");
	}
	return rc;
}

static int is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT || rc == SQLITE_FORMAT;
}

static sqlite3 *open_db(const char *path, int *rc)
{
	sqlite3 *db = NULL;
	*rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (*rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_MS);
	*rc = prepare_schema(db);
	if (*rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The folder the cache is in lies inside a folder that is read: the cache
 * would be in the queue. */
static int inside_paths(const char *dir, char **paths, int npaths)
{
	/* asked before the folder is made: of the part of it that exists */
	char *there = g_strdup(dir);
	while (!g_file_test(there, G_FILE_TEST_EXISTS) && strcmp(there, "/") && strcmp(there, ".")) {
		char *up = g_path_get_dirname(there);
		g_free(there);
		there = up;
	}
	char *real = realpath(there, NULL);
	g_free(there);
	int inside = 0;
	for (int i = 0; real && i < npaths && !inside; i++) {
		char *p = strcmp(paths[i], "-") ? realpath(paths[i], NULL) : NULL;
		if (p) {
			size_t n = strlen(p);
			inside = !strncmp(real, p, n) && (real[n] == '/' || real[n] == 0 || !strcmp(p, "/"));
		}
		free(p);
	}
	free(real);
	return inside;
}

static void say(const char *what)
{
	if (getenv("BOUNCELENS_CACHE_STATS"))
		fprintf(stderr, "bouncelens: cache: %s\n", what);
}

/* The number of a context (engine and options), or -1. */
static sqlite3_int64 context_id(sqlite3 *db, const char *engine)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id = -1;
	if (sqlite3_prepare_v2(db, "SELECT id FROM contexts WHERE engine=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, engine, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return id;
}

struct vcache *vcache_open(const bnc_options *opt, char **paths, int npaths)
{
	const char *off = getenv("BOUNCELENS_NO_CACHE");
	if (off && *off) {
		say("off (BOUNCELENS_NO_CACHE)");
		return NULL;
	}
	const char *engine = bnc_engine_id();
	if (!engine) {
		say("off (the build cannot be told)");
		return NULL;
	}
	char *path = vcache_path(), *dir = g_path_get_dirname(path);
	const char *why = inside_paths(dir, paths, npaths)     ? "off (the cache folder is inside a folder read)"
	                  : g_mkdir_with_parents(dir, 0700) < 0 ? "off (no cache folder)"
	                                                       : NULL;
	g_free(dir);
	if (why) {
		say(why);
		g_free(path);
		return NULL;
	}
	int rc;
	sqlite3 *db = open_db(path, &rc);
	if (!db && is_damage(rc)) {   /* not SQLite, or damaged: made anew */
		say("damaged: made anew");
		remove_files(path);
		db = open_db(path, &rc);
	}
	if (!db) {
		say("off (cannot be opened or is busy)");
		g_free(path);
		return NULL;
	}
	struct vcache *c = g_new0(struct vcache, 1);
	c->db = db;
	c->path = path;
	c->now = (int64_t)time(NULL);
	const char *max = getenv("BOUNCELENS_CACHE_MAX");
	c->max = max && *max ? g_ascii_strtoll(max, NULL, 10) : DEFAULT_MAX;
	if (c->max <= 0)
		c->max = DEFAULT_MAX;
	char *ctx = g_strdup_printf("%s; delivered %d vacation %d sisimai %d", engine, !!opt->delivered,
	                            !!opt->vacation, !!opt->sisimai);
	c->ctx = context_id(db, ctx);
	if (c->ctx < 0 && exec(db, "BEGIN IMMEDIATE") == SQLITE_OK) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO contexts(engine) VALUES(?)", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
			sqlite3_step(st);
		}
		sqlite3_finalize(st);
		exec(db, "COMMIT");
		c->ctx = context_id(db, ctx);
	}
	g_free(ctx);
	if (c->ctx < 0 ||
	    sqlite3_prepare_v2(db,
	                       "SELECT rowid, name, dev, ino, size, mtime, ctime, used, data, view FROM files WHERE ctx=? AND h=?",
	                       -1, &c->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT OR REPLACE INTO files(ctx, h, name, dev, ino, size, mtime, ctime, used, data, view) "
	                       "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &c->put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "UPDATE files SET used=? WHERE rowid=?", -1, &c->touch, NULL) != SQLITE_OK ||
	    /* the row still holds the bytes the view was made of */
	    sqlite3_prepare_v2(db, "UPDATE files SET view=? WHERE rowid=? AND data=?", -1, &c->setview, NULL) !=
	        SQLITE_OK ||
	    /* "+ctx": rowid order, not the (ctx, h) index's */
	    sqlite3_prepare_v2(db,
	                       "SELECT rowid, name, dev, ino, size, mtime, ctime, used, data, view FROM files "
	                       "WHERE rowid > ? AND +ctx = ? ORDER BY rowid",
	                       -1, &c->scan, NULL) != SQLITE_OK) {
		say("off (cannot be read)");
		sqlite3_finalize(c->scan);
		sqlite3_finalize(c->setview);
		sqlite3_finalize(c->get);
		sqlite3_finalize(c->put);
		sqlite3_finalize(c->touch);
		sqlite3_close(db);
		g_free(c->path);
		g_free(c);
		return NULL;
	}
	return c;
}

int vcache_key_of(const struct stat *st, struct vcache_key *k)
{
	if (!S_ISREG(st->st_mode) || st->st_nlink == 0)
		return -1;
	k->dev = (int64_t)st->st_dev;
	k->ino = (int64_t)st->st_ino;
	k->size = (int64_t)st->st_size;
	k->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	k->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	return 0;
}

int vcache_stat(const char *path, struct vcache_key *k)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : vcache_key_of(&st, k);
}

/* A failed step: damage is remembered (the file is made anew at close),
 * anything else stops the writing. */
static void failed(struct vcache *c, int rc)
{
	if (is_damage(rc))
		c->damaged = 1;
	c->read_only = 1;
}

/* The cursor let go (it holds the read transaction); it starts again past
 * the row it stood on. */
static void scan_stop(struct vcache *c)
{
	if (c->scan_live)
		sqlite3_reset(c->scan);
	c->scan_live = 0;
}

static void end_read(struct vcache *c)
{
	scan_stop(c);
	if (c->reading)
		exec(c->db, "COMMIT");
	c->reading = 0;
}

static void end_batch(struct vcache *c)
{
	end_read(c);
	if (!c->writing)
		return;
	c->writing = 0;
	int rc = exec(c->db, "COMMIT");
	if (rc != SQLITE_OK) {
		exec(c->db, "ROLLBACK");
		failed(c, rc);
	}
}

/* Writes go in a transaction of their own, short: taken when the first
 * write comes, given back after BATCH_ROWS rows or BATCH_US. */
static int begin_write(struct vcache *c)
{
	if (c->read_only || c->damaged)
		return 0;
	if (c->writing && (c->batch >= BATCH_ROWS || g_get_monotonic_time() - c->batch_start > BATCH_US))
		end_batch(c);
	if (c->writing)
		return 1;
	end_read(c);
	int rc = exec(c->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {   /* another process holds the lock: read on, write nothing */
		failed(c, rc);
		return 0;
	}
	c->writing = 1;
	c->batch = 0;
	c->batch_start = g_get_monotonic_time();
	return 1;
}

/* A name's hash: FNV-1a, 64 bits. */
static sqlite3_int64 name_hash(const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 0x100000001b3ull;
	return (sqlite3_int64)h;
}

static int same_name(sqlite3_stmt *st, int col, const char *name, size_t len)
{
	const void *b = sqlite3_column_blob(st, col);
	return (size_t)sqlite3_column_bytes(st, col) == len && (!len || (b && !memcmp(b, name, len)));
}

/* The row under st, when it is the one the file name with key k asks for:
 * copies of its bytes and view into *row (1), else 0. */
static int row_if(sqlite3_stmt *st, const char *name, size_t name_len, const struct vcache_key *k,
                  struct vcache_row *row, sqlite3_int64 *used)
{
	if (!same_name(st, 1, name, name_len) || sqlite3_column_int64(st, 2) != k->dev ||
	    sqlite3_column_int64(st, 3) != k->ino || sqlite3_column_int64(st, 4) != k->size ||
	    sqlite3_column_int64(st, 5) != k->mtime_ns || sqlite3_column_int64(st, 6) != k->ctime_ns ||
	    sqlite3_column_type(st, 8) != SQLITE_BLOB)
		return 0;
	const void *b = sqlite3_column_blob(st, 8);
	int n = sqlite3_column_bytes(st, 8);
	if (!b || n <= 0)
		return 0;
	row->rowid = sqlite3_column_int64(st, 0);
	*used = sqlite3_column_int64(st, 7);
	row->len = (size_t)n;
	row->data = g_memdup2(b, (gsize)n);
	row->view = NULL;
	row->view_len = 0;
	if (row->want_view && sqlite3_column_type(st, 9) == SQLITE_BLOB) {
		const void *v = sqlite3_column_blob(st, 9);
		int vn = sqlite3_column_bytes(st, 9);
		if (v && vn > 0) {
			row->view = g_memdup2(v, (gsize)vn);
			row->view_len = (size_t)vn;
		}
	}
	return 1;
}

/* The row after the last one used, when it is this file's (1, *row filled),
 * else 0 and the cursor stays on it for the next file. */
static int from_scan(struct vcache *c, const char *name, size_t name_len, const struct vcache_key *k,
                     struct vcache_row *row, sqlite3_int64 *used)
{
	if (!c->last || c->scan_end == c->last)
		return 0;
	if (!c->scan_live || c->scan_used) {
		if (!c->scan_live) {
			sqlite3_bind_int64(c->scan, 1, c->last);
			sqlite3_bind_int64(c->scan, 2, c->ctx);
		}
		int rc = sqlite3_step(c->scan);
		if (rc != SQLITE_ROW) {
			scan_stop(c);
			c->scan_end = c->last;
			if (rc != SQLITE_DONE)
				failed(c, rc);
			return 0;
		}
		c->scan_live = 1;
		c->scan_used = 0;
	}
	if (!row_if(c->scan, name, name_len, k, row, used))
		return 0;
	c->scan_used = 1;
	c->last = row->rowid;
	return 1;
}

/* How far past the last row used a row found by lookup may be for the
 * cursor to go on from it (the rows passed over were of files since
 * removed).  One further away, or before, is of a file decoded again and
 * put at the end, or read in another order: the cursor stays. */
#define SCAN_JUMP 64

int vcache_get(struct vcache *c, const char *name, const struct vcache_key *k, struct vcache_row *row)
{
	row->data = row->view = NULL;
	if (!c || c->damaged)
		return 0;
	if (!c->writing && c->reading && ++c->reads >= READ_ROWS)
		end_read(c);
	if (!c->writing && !c->reading && exec(c->db, "BEGIN") == SQLITE_OK) {
		c->reading = 1;
		c->reads = 0;
	}
	size_t name_len = strlen(name);
	sqlite3_int64 used = 0;
	int out = from_scan(c, name, name_len, k, row, &used);
	if (!out) {
		sqlite3_stmt *st = c->get;
		sqlite3_bind_int64(st, 1, c->ctx);
		sqlite3_bind_int64(st, 2, name_hash(name, name_len));
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			out = row_if(st, name, name_len, k, row, &used);
		else if (rc != SQLITE_DONE)
			failed(c, rc);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_int64 rowid = row->rowid;
		if (out && (!c->last || c->scan_end == c->last || (rowid > c->last && rowid <= c->last + SCAN_JUMP))) {
			scan_stop(c);
			c->last = rowid;
		}
	}
	if (out) {
		c->hits++;
		/* the least used rows are evicted first: a use is written, seldom */
		if (used < c->now - TOUCH_AFTER && begin_write(c)) {
			sqlite3_bind_int64(c->touch, 1, c->now);
			sqlite3_bind_int64(c->touch, 2, row->rowid);
			int rc = sqlite3_step(c->touch);
			sqlite3_reset(c->touch);
			if (rc != SQLITE_DONE)
				failed(c, rc);
			c->batch++;
		}
	} else {
		c->misses++;
	}
	return out;
}

/* A bound write run in the open batch: 1, or 0 when it failed (a full disk,
 * say: this write and those after it are lost). */
static int write_step(struct vcache *c, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		exec(c->db, "ROLLBACK");
		c->writing = 0;
		failed(c, rc);
		return 0;
	}
	c->batch++;
	return 1;
}

void vcache_put(struct vcache *c, const char *name, const struct vcache_key *k, const char *data, size_t len,
                const char *view, size_t view_len)
{
	if (!c || len > INT_MAX || view_len > INT_MAX || !begin_write(c))
		return;
	sqlite3_stmt *st = c->put;
	size_t name_len = strlen(name);
	sqlite3_bind_int64(st, 1, c->ctx);
	sqlite3_bind_int64(st, 2, name_hash(name, name_len));
	sqlite3_bind_blob(st, 3, name, (int)name_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, k->dev);
	sqlite3_bind_int64(st, 5, k->ino);
	sqlite3_bind_int64(st, 6, k->size);
	sqlite3_bind_int64(st, 7, k->mtime_ns);
	sqlite3_bind_int64(st, 8, k->ctime_ns);
	sqlite3_bind_int64(st, 9, c->now);
	sqlite3_bind_blob(st, 10, data, (int)len, SQLITE_STATIC);
	if (view && view_len)
		sqlite3_bind_blob(st, 11, view, (int)view_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 11);
	if (write_step(c, st))
		c->stored++;
}

void vcache_view(struct vcache *c, const struct vcache_row *row, const char *view, size_t view_len)
{
	if (!c || !row->data || row->len > INT_MAX || !view_len || view_len > INT_MAX || !begin_write(c))
		return;
	sqlite3_stmt *st = c->setview;
	sqlite3_bind_blob(st, 1, view, (int)view_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, row->rowid);
	sqlite3_bind_blob(st, 3, row->data, (int)row->len, SQLITE_STATIC);
	if (write_step(c, st))
		c->views++;
}

void vcache_bad(struct vcache *c)
{
	if (c) {   /* found, but of no use: a miss */
		c->bad++;
		c->hits--;
		c->misses++;
	}
}

/* Past its bound, the least used rows go, an eighth at a time, and the
 * freed pages are given back to the file system. */
static void evict(struct vcache *c)
{
	long long ps = number(c->db, "PRAGMA page_size");
	for (int round = 0; round < 64; round++) {
		long long pages = number(c->db, "PRAGMA page_count") - number(c->db, "PRAGMA freelist_count");
		long long rows = number(c->db, "SELECT count(*) FROM files");
		if (ps <= 0 || pages < 0 || pages * ps <= c->max || rows <= 0)
			break;
		if (exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK)
			return;
		char *sql = sqlite3_mprintf("DELETE FROM files WHERE rowid IN "
		                            "(SELECT rowid FROM files ORDER BY used, rowid LIMIT %lld)",
		                            rows / 8 > 16 ? rows / 8 : 16);
		int rc = exec(c->db, sql);
		sqlite3_free(sql);
		if (exec(c->db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK") != SQLITE_OK || rc != SQLITE_OK)
			return;
	}
	exec(c->db, "PRAGMA incremental_vacuum");
}

void vcache_close(struct vcache *c)
{
	if (!c)
		return;
	end_batch(c);
	if (c->stored && !c->damaged)
		evict(c);
	sqlite3_finalize(c->scan);
	sqlite3_finalize(c->setview);
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->touch);
	sqlite3_close(c->db);
	char views[48] = "";   /* the browser's views kept beside rows already there */
	if (c->views)
		g_snprintf(views, sizeof views, ", %zu views kept", c->views);
	if (getenv("BOUNCELENS_CACHE_STATS"))
		fprintf(stderr, "bouncelens: cache: %zu hits, %zu misses, %zu stored, %zu bad%s%s\n", c->hits, c->misses,
		        c->stored, c->bad, views, c->damaged ? ", damaged: made anew next time" : "");
	if (c->damaged)   /* found damaged while in use: the next run starts afresh */
		remove_files(c->path);
	g_free(c->path);
	g_free(c);
}
