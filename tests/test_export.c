/* test_export.c - exports: CSV quoting, the suppression list, and files that
 * are written whole or not at all and never replaced without consent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sys/resource.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "export.h"
#include "savefile.h"
#include "export_job.h"
#include <sys/stat.h>

/* A DSN with two recipients: one hard (5.1.1), one soft (4.2.2); the
 * diagnostic text holds a comma and a double quote for the CSV. */
static const char dsn[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"To: sender@example.com\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Date: Tue, 02 Jan 2024 10:00:00 +0000\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	"--b\nContent-Type: text/plain\n\nNot delivered.\n"
	"--b\nContent-Type: message/delivery-status\n\n"
	"Reporting-MTA: dns; mx.example.org\n\n"
	"Final-Recipient: rfc822; Gone@Example.NET\nAction: failed\nStatus: 5.1.1\n"
	"Remote-MTA: dns; mx1.example.net\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: \"user\" unknown, sorry\n\n"
	"Final-Recipient: rfc822; full@example.net\nAction: delayed\nStatus: 4.2.2\n"
	"Remote-MTA: dns; mx1.example.net\n"
	"Diagnostic-Code: smtp; 452 4.2.2 mailbox full\n\n"
	"--b\nContent-Type: text/rfc822-headers\n\n"
	"From: sender@example.com\nTo: gone@example.net\nSubject: hello\nMessage-ID: <m1@example.com>\n\n"
	"--b--\n";

static char *run_export(enum export_format f, int copies)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct exporter *e = exporter_new(f, out);
	bnc_options opt = {0, 0, 0};
	for (int k = 0; k < copies; k++) {
		bnc_result *r = bnc_decode(dsn, sizeof dsn - 1, "test.eml", &opt);
		assert_int_equal(bnc_result_count(r), 2);
		for (size_t i = 0; i < bnc_result_count(r); i++)
			exporter_add(e, bnc_result_verdict(r, i));
		bnc_result_free(r);
	}
	assert_int_equal(exporter_finish(e), 0);
	fclose(out);
	return buf;
}

static void csv(void **state)
{
	char *s = run_export(EXPORT_CSV, 1);
	char **lines = g_strsplit(s, "\r\n", -1);
	assert_true(g_str_has_prefix(lines[0], "action,addresser,alias,"));
	assert_true(g_str_has_suffix(lines[0], ",stage,table,entry,entry_at"));
	/* the quote is doubled and the cell quoted */
	assert_non_null(strstr(lines[1], "\"550 5.1.1 <gone@example.net>: \"\"user\"\" unknown, sorry\""));
	assert_int_equal(g_strv_length(lines), 4);   /* header, 2 rows, "" after the last CRLF */
	g_strfreev(lines);
	free(s);
}

static void suppress(void **state)
{
	char *s = run_export(EXPORT_SUPPRESS, 3);
	/* hard bounces only, lower-cased, once */
	assert_string_equal(s, "gone@example.net\n");
	free(s);
}

static void jsonl(void **state)
{
	char *s = run_export(EXPORT_JSONL, 1);
	char **lines = g_strsplit(s, "\n", -1);
	assert_int_equal(g_strv_length(lines), 3);
	assert_non_null(strstr(lines[0], "\"explain\""));
	g_strfreev(lines);
	free(s);
}

static char *tmpdir;

static int count_files(void)
{
	int n = 0;
	GDir *d = g_dir_open(tmpdir, 0, NULL);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

static void savefile_never_overwrites(void **state)
{
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.txt", NULL);
	g_file_set_contents(dest, "old\n", -1, NULL);
	char *err = NULL;
	struct savefile *f = savefile_open(dest, &err);
	assert_non_null(f);
	fputs("new\n", savefile_stream(f));
	assert_int_equal(savefile_commit(f, 0, &err), -1);   /* no consent */
	g_free(err);
	char *text = NULL;
	g_file_get_contents(dest, &text, NULL, NULL);
	assert_string_equal(text, "old\n");
	g_free(text);
	assert_int_equal(count_files(), 1);                  /* no temporary left */
	f = savefile_open(dest, &err);
	fputs("new\n", savefile_stream(f));
	assert_int_equal(savefile_commit(f, 1, &err), 0);    /* with consent */
	g_file_get_contents(dest, &text, NULL, NULL);
	assert_string_equal(text, "new\n");
	g_free(text);
	g_unlink(dest);
	g_rmdir(tmpdir);
	g_free(dest);
	g_free(tmpdir);
}

static void savefile_failed_write_keeps_old(void **state)
{
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.txt", NULL);
	g_file_set_contents(dest, "old\n", -1, NULL);
	/* inject a failing write: a file-size limit, as a full disk would */
	struct rlimit old, small = {4096, 4096};
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	char *err = NULL;
	struct savefile *f = savefile_open(dest, &err);
	assert_non_null(f);
	for (int i = 0; i < 2000; i++)
		fputs("0123456789\n", savefile_stream(f));
	assert_int_equal(savefile_commit(f, 1, &err), -1);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_non_null(err);
	g_free(err);
	char *text = NULL;
	g_file_get_contents(dest, &text, NULL, NULL);
	assert_string_equal(text, "old\n");                  /* the old file, whole */
	g_free(text);
	assert_int_equal(count_files(), 1);
	g_unlink(dest);
	g_rmdir(tmpdir);
	g_free(dest);
	g_free(tmpdir);
}

/* A writer killed halfway (SIGKILL, no chance to clean up) leaves the old
 * file whole; only its temporary file is left beside it. */
static void savefile_killed_writer_keeps_old(void **state)
{
	(void)state;
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.txt", NULL);
	g_file_set_contents(dest, "old\n", -1, NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *err = NULL;
		struct savefile *f = savefile_open(dest, &err);
		if (!f)
			_exit(2);
		for (int i = 0; i < 100000; i++)
			fputs("0123456789\n", savefile_stream(f));
		fflush(savefile_stream(f));
		raise(SIGKILL);
		_exit(3);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	char *text = NULL;
	g_file_get_contents(dest, &text, NULL, NULL);
	assert_string_equal(text, "old\n");
	g_free(text);
	GDir *d = g_dir_open(tmpdir, 0, NULL);
	const char *n;
	while ((n = g_dir_read_name(d))) {
		char *p = g_build_filename(tmpdir, n, NULL);
		g_unlink(p);
		g_free(p);
	}
	g_dir_close(d);
	g_rmdir(tmpdir);
	g_free(dest);
	g_free(tmpdir);
}

/* Every verdict of the given messages exported twice: as decoded, and from
 * the result packed and read back (as the browser's loader spools it and its
 * export reads it); the bytes must be the same. */
static void same_both_ways(const char *const *messages, const size_t *lens, size_t n)
{
	for (int f = EXPORT_JSONL; f <= EXPORT_SUPPRESS; f++) {
		char *a = NULL, *b = NULL;
		size_t al = 0, bl = 0;
		FILE *fa = open_memstream(&a, &al), *fb = open_memstream(&b, &bl);
		struct exporter *ea = exporter_new((enum export_format)f, fa);
		struct exporter *eb = exporter_new((enum export_format)f, fb);
		bnc_options opt = {.delivered = 1, .vacation = 1};
		size_t verdicts = 0;
		for (size_t m = 0; m < n; m++) {
			bnc_result *r = bnc_decode(messages[m], lens[m], "m.eml", &opt);
			size_t plen = 0;
			char *packed = bnc_result_pack(r, &plen);
			bnc_result *back = bnc_result_unpack(packed, plen);
			assert_non_null(back);
			assert_int_equal(bnc_result_count(back), bnc_result_count(r));
			for (size_t i = 0; i < bnc_result_count(r); i++) {
				exporter_add(ea, bnc_result_verdict(r, i));
				exporter_add(eb, bnc_result_verdict(back, i));
				verdicts++;
			}
			bnc_free(packed);
			bnc_result_free(back);
			bnc_result_free(r);
		}
		assert_int_equal(exporter_finish(ea), 0);
		assert_int_equal(exporter_finish(eb), 0);
		fclose(fa);
		fclose(fb);
		assert_true(verdicts > 0);
		assert_int_equal(al, bl);
		assert_memory_equal(a, b, al);
		free(a);
		free(b);
	}
}

static void spooled_export_as_verdicts_do(void **state)
{
	(void)state;
	GDir *d = g_dir_open("samples/cur", 0, NULL);
	assert_non_null(d);
	GPtrArray *msgs = g_ptr_array_new_with_free_func(g_free);
	GArray *lens = g_array_new(FALSE, FALSE, sizeof(size_t));
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename("samples/cur", name, NULL), *data = NULL;
		gsize len = 0;
		assert_true(g_file_get_contents(path, &data, &len, NULL));
		g_ptr_array_add(msgs, data);
		size_t l = len;
		g_array_append_val(lens, l);
		g_free(path);
	}
	g_dir_close(d);
	/* and text a terminal would obey: C1 CSI, DEL, RLO, ZWSP, LRI */
	char *hostile = g_strdup(dsn);
	char *at = strstr(hostile, "\"user\" unknown");
	memcpy(at, "\xc2\x9b\x7f\xe2\x80\xae\xe2\x80\x8b\xe2\x81\xa6", 13);
	g_ptr_array_add(msgs, hostile);
	size_t hl = strlen(hostile);
	g_array_append_val(lens, hl);
	same_both_ways((const char *const *)msgs->pdata, (const size_t *)(void *)lens->data, msgs->len);
	g_ptr_array_free(msgs, TRUE);
	g_array_free(lens, TRUE);
}

static void rm_rf(const char *d)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	g_free(cmd);
}

/* A new file gets the mode the umask allows (mkostemp alone made 0600
 * whatever the umask); a replaced file keeps its mode. */
static void savefile_modes(void **state)
{
	(void)state;
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.txt", NULL);
	static const struct { mode_t mask, want; } cases[] = {{022, 0644}, {077, 0600}, {002, 0664}};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		mode_t old = umask(cases[i].mask);
		char *err = NULL;
		struct savefile *f = savefile_open(dest, &err);
		fputs("x\n", savefile_stream(f));
		assert_int_equal(savefile_commit(f, 0, &err), 0);
		umask(old);
		struct stat st;
		assert_int_equal(stat(dest, &st), 0);
		assert_int_equal(st.st_mode & 0777, cases[i].want);
		g_unlink(dest);
	}
	g_file_set_contents(dest, "old\n", -1, NULL);
	chmod(dest, 0640);
	char *err = NULL;
	struct savefile *f = savefile_open(dest, &err);
	fputs("new\n", savefile_stream(f));
	assert_int_equal(savefile_commit(f, 1, &err), 0);
	struct stat st;
	stat(dest, &st);
	assert_int_equal(st.st_mode & 0777, 0640);
	g_free(dest);
	rm_rf(tmpdir);
	g_free(tmpdir);
}

/* A SIGTERM while an export is written leaves no temporary file: the
 * browser's handler calls savefile_signal_cleanup, as this child does. */
static void child_on_term(int sig)
{
	(void)sig;
	savefile_signal_cleanup();
	_exit(143);
}

static void savefile_sigterm_leaves_nothing(void **state)
{
	(void)state;
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.txt", NULL);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGTERM, child_on_term);
		char *err = NULL;
		struct savefile *f = savefile_open(dest, &err);
		if (!f)
			_exit(2);
		fputs("half\n", savefile_stream(f));
		fflush(savefile_stream(f));
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(count_files(), 1);     /* the temporary file, while writing */
	kill(pid, SIGTERM);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 143);
	assert_int_equal(count_files(), 0);     /* gone, and nothing written */
	close(ready[0]);
	close(ready[1]);
	g_free(dest);
	rm_rf(tmpdir);
	g_free(tmpdir);
}

/* The samples loaded as the browser loads them (the spool filled by the
 * decoding threads), every verdict's row. */
static struct store *load_samples(GArray **rows)
{
	static char *paths[] = {"samples", NULL};
	bnc_options opt = {0};
	struct store *s = store_new(paths, 1, 2, &opt);
	assert_non_null(s->spool);
	store_load(s);
	for (;;) {
		g_mutex_lock(&s->mu);
		int loading = s->loading;
		g_mutex_unlock(&s->mu);
		if (!loading)
			break;
		g_usleep(10000);
	}
	*rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	for (guint i = 0; i < s->rows->len; i++) {
		struct row *r = &g_array_index(s->rows, struct row, i);
		if (r->kind < ROW_UNDECODABLE) {
			assert_true(g_array_index(s->msgs, struct msg, r->msg).spool_len > 0);
			g_array_append_val(*rows, *r);
		}
	}
	return s;
}

/* The background export writes, from the spool, what decoding every
 * message again writes, in every format. */
static void export_job_from_the_spool(void **state)
{
	(void)state;
	GArray *rows;
	struct store *s = load_samples(&rows);
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out", NULL);
	for (int f = EXPORT_JSONL; f <= EXPORT_SUPPRESS; f++) {
		char *want = NULL;
		size_t wl = 0;
		FILE *w = open_memstream(&want, &wl);
		struct exporter *e = exporter_new((enum export_format)f, w);
		for (guint i = 0; i < rows->len; i++) {
			const bnc_verdict *v;
			char *err = NULL;
			bnc_result *r = store_redecode(s, &g_array_index(rows, struct row, i), &v, &err);
			assert_non_null(v);
			exporter_add(e, v);
			bnc_result_free(r);
		}
		exporter_finish(e);
		fclose(w);
		char *err = NULL;
		GArray *copy = g_array_copy(rows);
		struct export_job *j = export_job_start(s, copy, (enum export_format)f, dest, 1, &err);
		assert_non_null(j);
		int ok = 0;
		char *msg = export_job_finish(j, &ok);
		assert_true(ok);
		assert_non_null(strstr(msg, dest));
		g_free(msg);
		char *got = NULL;
		gsize gl = 0;
		assert_true(g_file_get_contents(dest, &got, &gl, NULL));
		assert_int_equal(gl, wl);
		assert_memory_equal(got, want, wl);
		g_free(got);
		free(want);
		assert_int_equal(count_files(), 1);
	}
	g_free(dest);
	rm_rf(tmpdir);
	g_free(tmpdir);
	g_array_free(rows, TRUE);
	store_free(s);
}

/* Cancelled: the destination is not made and no temporary file stays. */
static void export_job_cancel_leaves_nothing(void **state)
{
	(void)state;
	GArray *rows;
	struct store *s = load_samples(&rows);
	GArray *many = g_array_new(FALSE, FALSE, sizeof(struct row));
	for (int k = 0; k < 3000; k++)   /* long enough to be stopped midway */
		g_array_append_vals(many, rows->data, rows->len);
	tmpdir = g_dir_make_tmp("bnc-export-XXXXXX", NULL);
	char *dest = g_build_filename(tmpdir, "out.jsonl", NULL);
	char *err = NULL;
	struct export_job *j = export_job_start(s, many, EXPORT_JSONL, dest, 0, &err);
	assert_non_null(j);
	size_t done = 0, total = 0;
	while (export_job_running(j) && done < 1000)
		export_job_progress(j, &done, &total), g_usleep(1000);
	assert_true(export_job_running(j));   /* midway, with progress shown */
	assert_true(done > 0 && done < total);
	export_job_cancel(j);
	int ok = 1;
	char *msg = export_job_finish(j, &ok);
	assert_false(ok);
	assert_non_null(strstr(msg, "cancelled"));
	g_free(msg);
	assert_false(g_file_test(dest, G_FILE_TEST_EXISTS));
	assert_int_equal(count_files(), 0);
	g_free(dest);
	rm_rf(tmpdir);
	g_free(tmpdir);
	g_array_free(rows, TRUE);
	store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv), cmocka_unit_test(suppress), cmocka_unit_test(jsonl),
		cmocka_unit_test(savefile_never_overwrites), cmocka_unit_test(savefile_failed_write_keeps_old),
		cmocka_unit_test(savefile_killed_writer_keeps_old),
		cmocka_unit_test(spooled_export_as_verdicts_do),
		cmocka_unit_test(savefile_modes),
		cmocka_unit_test(savefile_sigterm_leaves_nothing),
		cmocka_unit_test(export_job_from_the_spool),
		cmocka_unit_test(export_job_cancel_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
