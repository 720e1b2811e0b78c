/* export_sqlite.c - verdicts into a new SQLite database (export_sqlite.h).
 *
 * The database is built in a temporary file in FILE's folder (so the last
 * step is a rename, never a copy), flushed to disk, then renamed with
 * RENAME_NOREPLACE (or linked, where the file system lacks it): a reader
 * sees no half-written database, and a file made at FILE meanwhile is
 * never overwritten.  The schema is SCHEMA_SQL below, told in docs/cache.md
 * and the man page; meta.schema says its version.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <glib.h>
#include "export_sqlite.h"

#define SCHEMA_VERSION "1"

struct sqlexp {
	sqlite3 *db;
	char *file, *tmp;
	sqlite3_stmt *msg, *verdict, *source, *step, *meaning, *dropped;
	sqlite3_int64 nmsg, nverdict;
	int failed;              /* a write failed: the error is kept */
	char *error;
};

/* Fields are columns of verdicts under Sisimai's names; these two are
 * numbers, every other one text. */
static const char *field_type(const char *name)
{
	return !strcmp(name, "timestamp") || !strcmp(name, "hardbounce") ? "INTEGER" : "TEXT";
}

static char *schema_sql(void)
{
	GString *s = g_string_new(
		"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
		"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
		"CREATE TABLE messages(id INTEGER PRIMARY KEY, name TEXT, file TEXT, \"offset\" INTEGER,"
		" length INTEGER, status TEXT, error TEXT, notice TEXT, claim TEXT);"
		"CREATE TABLE verdicts(id INTEGER PRIMARY KEY, message INTEGER REFERENCES messages(id), nth INTEGER");
	for (size_t f = 0; f < bnc_field_count(); f++)
		g_string_append_printf(s, ", \"%s\" %s", bnc_field_at(f), field_type(bnc_field_at(f)));
	g_string_append(
		s, ", claim TEXT, guessed INTEGER);"
		   "CREATE TABLE sources(verdict INTEGER REFERENCES verdicts(id), field TEXT, source TEXT);"
		   "CREATE TABLE steps(verdict INTEGER REFERENCES verdicts(id), n INTEGER, stage TEXT, table_name TEXT,"
		   " table_title TEXT, entry INTEGER, file TEXT, line INTEGER, field TEXT, \"offset\" INTEGER,"
		   " length INTEGER, reason TEXT, note TEXT, decided INTEGER);"
		   "CREATE TABLE meaning(verdict INTEGER REFERENCES verdicts(id), n INTEGER, what TEXT, key TEXT,"
		   " text TEXT, source TEXT, todo TEXT, severity TEXT);"
		   "CREATE TABLE dropped(message INTEGER REFERENCES messages(id), n INTEGER, why TEXT);"
		   "CREATE INDEX verdicts_message ON verdicts(message);"
		   "CREATE INDEX steps_verdict ON steps(verdict);"
		   "CREATE INDEX sources_verdict ON sources(verdict);"
		   "CREATE INDEX meaning_verdict ON meaning(verdict);");
	return g_string_free(s, FALSE);
}

static void fail(struct sqlexp *x, const char *why)
{
	if (!x->failed) {
		x->failed = 1;
		x->error = g_strdup(why);
	}
}

static void step_done(struct sqlexp *x, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		fail(x, sqlite3_errmsg(x->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Text bound as valid UTF-8 (a file name may be any bytes); NULL as NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s) {
		sqlite3_bind_null(st, i);
		return;
	}
	sqlite3_bind_text(st, i, g_utf8_make_valid(s, -1), -1, g_free);
}

static int prepare(struct sqlexp *x, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v2(x->db, sql, -1, st, NULL) == SQLITE_OK;
}

struct sqlexp *sqlexp_begin(const char *file, char **err)
{
	struct stat st;
	if (!strcmp(file, "-")) {
		*err = g_strdup("a database is a file: standard output cannot be one");
		errno = EEXIST;
		return NULL;
	}
	if (lstat(file, &st) == 0) {
		*err = g_strdup("exists: not overwritten (remove it, or name a new file)");
		errno = EEXIST;   /* a usage error for the caller */
		return NULL;
	}
	char *dir = g_path_get_dirname(file), *base = g_path_get_basename(file);
	char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	int fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0) {
		*err = g_strdup_printf("cannot be written: %s", g_strerror(errno));
		g_free(tmp);
		return NULL;
	}
	close(fd);
	struct sqlexp *x = g_new0(struct sqlexp, 1);
	x->file = g_strdup(file);
	x->tmp = tmp;
	char *schema = schema_sql();
	GString *vsql = g_string_new("INSERT INTO verdicts VALUES(?, ?, ?");
	for (size_t f = 0; f < bnc_field_count(); f++)
		g_string_append(vsql, ", ?");
	g_string_append(vsql, ", ?, ?)");
	int ok = sqlite3_open_v2(tmp, &x->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	         sqlite3_exec(x->db, schema, NULL, NULL, NULL) == SQLITE_OK &&
	         prepare(x, "INSERT INTO messages VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", &x->msg) &&
	         prepare(x, vsql->str, &x->verdict) && prepare(x, "INSERT INTO sources VALUES(?, ?, ?)", &x->source) &&
	         prepare(x, "INSERT INTO steps VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &x->step) &&
	         prepare(x, "INSERT INTO meaning VALUES(?, ?, ?, ?, ?, ?, ?, ?)", &x->meaning) &&
	         prepare(x, "INSERT INTO dropped VALUES(?, ?, ?)", &x->dropped);
	g_free(schema);
	g_string_free(vsql, TRUE);
	if (!ok) {
		*err = g_strdup_printf("cannot be written: %s", x->db ? sqlite3_errmsg(x->db) : "out of memory");
		sqlexp_finish(x, 1, NULL);
		return NULL;
	}
	char *meta = sqlite3_mprintf("INSERT INTO meta VALUES('schema', '" SCHEMA_VERSION "'), ('bouncelens', %Q),"
	                             " ('sisimai', %Q), ('created', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))",
	                             bnc_version(), bnc_sisimai_version());
	if (sqlite3_exec(x->db, meta, NULL, NULL, NULL) != SQLITE_OK)
		fail(x, sqlite3_errmsg(x->db));
	sqlite3_free(meta);
	return x;
}

struct meaning_ctx {
	struct sqlexp *x;
	int n;
};

static void add_meaning(void *vctx, const bnc_advice_line *l)
{
	struct meaning_ctx *m = vctx;
	sqlite3_stmt *st = m->x->meaning;
	sqlite3_bind_int64(st, 1, m->x->nverdict);
	sqlite3_bind_int(st, 2, m->n++);
	bind_text(st, 3, l->what);
	bind_text(st, 4, l->key);
	bind_text(st, 5, l->text);
	bind_text(st, 6, l->source);
	bind_text(st, 7, l->todo);
	bind_text(st, 8, l->severity);
	step_done(m->x, st);
}

static void add_verdict(struct sqlexp *x, const bnc_verdict *v, size_t nth)
{
	sqlite3_stmt *st = x->verdict;
	sqlite3_int64 id = ++x->nverdict;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, x->nmsg);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)nth);
	size_t nf = bnc_field_count();
	for (size_t f = 0; f < nf; f++) {
		const char *name = bnc_field_at(f);
		if (!strcmp(name, "timestamp"))
			sqlite3_bind_int64(st, 4 + (int)f, bnc_verdict_timestamp(v));
		else if (!strcmp(name, "hardbounce"))
			sqlite3_bind_int(st, 4 + (int)f, bnc_verdict_hardbounce(v) ? 1 : 0);
		else
			bind_text(st, 4 + (int)f, bnc_verdict_field(v, (bnc_field)f));
	}
	bind_text(st, 4 + (int)nf, bnc_verdict_claim(v));
	sqlite3_bind_int(st, 5 + (int)nf, bnc_verdict_guessed(v) ? 1 : 0);
	step_done(x, st);
	for (size_t f = 0; f < nf; f++) {
		const char *src = bnc_verdict_source_of(v, (bnc_field)f);
		if (!src || !*src)
			continue;
		sqlite3_bind_int64(x->source, 1, id);
		bind_text(x->source, 2, bnc_field_at(f));
		bind_text(x->source, 3, src);
		step_done(x, x->source);
	}
	for (size_t k = 0; k < bnc_verdict_nsteps(v); k++) {
		const bnc_step *s = bnc_verdict_step(v, k);
		st = x->step;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
		bind_text(st, 3, s->stage);
		bind_text(st, 4, s->table);
		bind_text(st, 5, s->table_title);
		sqlite3_bind_int(st, 6, s->entry);
		bind_text(st, 7, s->file);
		sqlite3_bind_int(st, 8, s->line);
		bind_text(st, 9, s->field);
		sqlite3_bind_int64(st, 10, (sqlite3_int64)s->offset);
		sqlite3_bind_int64(st, 11, (sqlite3_int64)s->length);
		bind_text(st, 12, s->reason);
		bind_text(st, 13, s->note);
		sqlite3_bind_int(st, 14, s->decided);
		step_done(x, st);
	}
	struct meaning_ctx m = {x, 0};
	bnc_verdict_advice(v, add_meaning, &m);
}

void sqlexp_add(struct sqlexp *x, const struct walk_item *it, bnc_result *r)
{
	if (x->failed)
		return;
	sqlite3_stmt *st = x->msg;
	sqlite3_bind_int64(st, 1, ++x->nmsg);
	bind_text(st, 2, it->name);
	bind_text(st, 3, it->file);
	sqlite3_bind_int64(st, 4, it->offset);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)it->length);
	int ok = r && bnc_result_status(r) == BNC_OK;
	bind_text(st, 6, ok ? "ok" : "error");
	bind_text(st, 7, it->error ? it->error : r && !ok ? bnc_result_error(r) : NULL);
	bind_text(st, 8, r ? bnc_result_notice(r) : NULL);
	bind_text(st, 9, r ? bnc_result_claim(r) : NULL);
	step_done(x, st);
	if (!r)
		return;
	for (size_t i = 0; i < bnc_result_dropped_count(r); i++) {
		sqlite3_bind_int64(x->dropped, 1, x->nmsg);
		sqlite3_bind_int64(x->dropped, 2, (sqlite3_int64)i);
		bind_text(x->dropped, 3, bnc_result_dropped(r, i));
		step_done(x, x->dropped);
	}
	for (size_t i = 0; i < bnc_result_count(r); i++)
		add_verdict(x, bnc_result_verdict(r, i), i);
}

/* The file's bytes on disk before it takes FILE's name. */
static int flush_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int sqlexp_finish(struct sqlexp *x, int abandon, char **err)
{
	if (!x)
		return -1;
	if (!abandon && !x->failed && sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		fail(x, sqlite3_errmsg(x->db));
	sqlite3_stmt *all[] = {x->msg, x->verdict, x->source, x->step, x->meaning, x->dropped};
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		sqlite3_finalize(all[i]);
	if (sqlite3_close(x->db) != SQLITE_OK)
		fail(x, "could not be closed");
	int rc = 0;
	if (!abandon) {
		if (!x->failed && flush_file(x->tmp) < 0)
			fail(x, g_strerror(errno));
		if (!x->failed && renameat2(AT_FDCWD, x->tmp, AT_FDCWD, x->file, RENAME_NOREPLACE) < 0) {
			/* no RENAME_NOREPLACE here: a link fails as well when FILE exists */
			if (errno != EINVAL && errno != ENOSYS)
				fail(x, errno == EEXIST ? "appeared while written: not overwritten" : g_strerror(errno));
			else if (link(x->tmp, x->file) < 0)
				fail(x, errno == EEXIST ? "appeared while written: not overwritten" : g_strerror(errno));
		}
		if (x->failed) {
			if (err)
				*err = g_strdup(x->error);
			rc = -1;
		}
	}
	unlink(x->tmp);   /* gone once renamed; else the half-made file goes */
	g_free(x->tmp);
	g_free(x->file);
	g_free(x->error);
	g_free(x);
	return rc;
}
