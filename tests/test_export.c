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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv), cmocka_unit_test(suppress), cmocka_unit_test(jsonl),
		cmocka_unit_test(savefile_never_overwrites), cmocka_unit_test(savefile_failed_write_keeps_old),
		cmocka_unit_test(savefile_killed_writer_keeps_old),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
