/* test_badinput.c - hostile and broken input: every case ends in verdicts or
 * a clear error for that input, never a crash, a hang or a silent loss of
 * the messages after it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "bouncelens.h"

/* A well-formed DSN used as the "next message" and as a base to break. */
static const char good[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"To: sender@example.com\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Date: Tue, 02 Jan 2024 10:00:00 +0000\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	"--b\nContent-Type: text/plain\n\nNot delivered.\n"
	"--b\nContent-Type: message/delivery-status\n\n"
	"Reporting-MTA: dns; mx.example.org\n\n"
	"Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n"
	"Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n"
	"--b\nContent-Type: text/rfc822-headers\n\n"
	"From: sender@example.com\nTo: gone@example.net\nSubject: hello\n\n"
	"--b--\n";

static bnc_result *decode(const char *data, size_t len)
{
	bnc_options opt = {1, 1};
	return bnc_decode(data, len, "test", &opt);
}

/* Decoding gives verdicts, no verdict, or an error with a reason: any of
 * them, but never a crash; and every verdict turns into JSON. */
static void survives(const char *data, size_t len)
{
	bnc_result *r = decode(data, len);
	assert_non_null(r);
	if (bnc_result_status(r) != BNC_OK)
		assert_true(strlen(bnc_result_error(r)) > 0);
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		char *js = bnc_verdict_to_json(bnc_result_verdict(r, i), 1);
		assert_non_null(js);
		bnc_free(js);
	}
	bnc_result_free(r);
}

static void empty_and_newline(void **st)
{
	bnc_result *r = decode("", 0);
	assert_int_equal(bnc_result_status(r), BNC_ERR_EMPTY);
	assert_int_equal(bnc_result_count(r), 0);
	bnc_result_free(r);
	r = decode("\n", 1);
	assert_int_not_equal(bnc_result_status(r), BNC_OK);
	assert_true(strlen(bnc_result_error(r)) > 0);
	bnc_result_free(r);
}

static void nul_bytes(void **st)
{
	GString *m = g_string_new_len(good, sizeof good - 1);
	/* NULs in a header, in the DSN fields and in the text */
	m->str[10] = 0;
	char *p = strstr(m->str + 11, "Action:");
	p[3] = 0;
	survives(m->str, m->len);
	char *all = g_malloc0(4096);
	survives(all, 4096);
	g_free(all);
	g_string_free(m, TRUE);
}

static void invalid_utf8_everywhere(void **st)
{
	GString *m = g_string_new(NULL);
	for (const char *p = good; *p; p++) {
		g_string_append_c(m, *p);
		if (*p == ' ')
			g_string_append(m, "\xff\xc3\x28\xe2\x82");
	}
	bnc_result *r = decode(m->str, m->len);
	/* still a bounce; every text field is valid UTF-8 */
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		for (size_t f = 0; f < bnc_field_count(); f++)
			assert_true(g_utf8_validate(bnc_verdict_get(v, bnc_field_at(f)), -1, NULL));
	}
	bnc_result_free(r);
	g_string_free(m, TRUE);
}

static void megabyte_header_line(void **st)
{
	GString *m = g_string_new("X-Long: ");
	for (int i = 0; i < (1 << 20); i++)
		g_string_append_c(m, "abc "[i & 3]);
	g_string_append_c(m, '\n');
	g_string_append(m, good);
	bnc_result *r = decode(m->str, m->len);
	assert_int_equal(bnc_result_count(r), 1);
	bnc_result_free(r);
	g_string_free(m, TRUE);
}

static char *replace(const char *s, const char *from, const char *to)
{
	char **parts = g_strsplit(s, from, -1);
	char *out = g_strjoinv(to, parts);
	g_strfreev(parts);
	return out;
}

static void broken_boundaries(void **st)
{
	/* the boundary never appears */
	char *m = replace(good, "--b", "--x");
	survives(m, strlen(m));
	g_free(m);
	/* every boundary doubled */
	m = replace(good, "--b\n", "--b\n--b\n");
	survives(m, strlen(m));
	g_free(m);
	/* no closing boundary */
	m = replace(good, "--b--\n", "");
	bnc_result *r = decode(m, strlen(m));
	assert_int_equal(bnc_result_count(r), 1);
	bnc_result_free(r);
	g_free(m);
}

static void truncated_base64(void **st)
{
	const char *m =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n"
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
		"UmVwb3J0aW5nLU1UQTogZG5zOyBteC5leGFtcGxlLm9yZwoKRmluYWwtUmVjaXBpZW50OiByZmM4MjI7IGdvbmVAZXhh=\n"
		"bXBsZS5uZXQKQWN0aW9uOiBmYWls";
	survives(m, strlen(m));
}

static void many_recipients(void **st)
{
	GString *m = g_string_new(NULL);
	g_string_append(m, "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n"
	                   "Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
	                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	                   "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n");
	for (int i = 0; i < 100000; i++)
		g_string_append_printf(m, "Final-Recipient: rfc822; u%d@example.net\nAction: failed\nStatus: 5.1.1\n\n", i);
	g_string_append(m, "--b--\n");
	survives(m->str, m->len);
	g_string_free(m, TRUE);
}

/* ---- sources --------------------------------------------------------------- */

static char *tmp;

static char *at(const char *rel)
{
	return g_build_filename(tmp, rel, NULL);
}

static void put(const char *rel, const char *text)
{
	char *p = at(rel);
	char *dir = g_path_get_dirname(p);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(p, text, -1, NULL));
	g_free(dir);
	g_free(p);
}

/* Read a whole source: messages read, errors met (each with a reason). */
static void read_all(const char *path, int *ok, int *bad)
{
	bnc_source *s;
	char *err = NULL, *data, *name;
	size_t len;
	int got;
	*ok = *bad = 0;
	assert_int_equal(bnc_source_open(path, &s, &err), BNC_OK);
	while ((got = bnc_source_next(s, &data, &len, &name, &err)) != 0) {
		if (got > 0) {
			(*ok)++;
		} else {
			(*bad)++;
			assert_non_null(err);
			assert_non_null(name);
		}
		g_free(data);
		g_free(name);
		g_free(err);
		err = NULL;
	}
	bnc_source_close(s);
}

static void mbox_without_from(void **st)
{
	put("nofrom.mbox", good);
	char *p = at("nofrom.mbox");
	int ok, bad;
	read_all(p, &ok, &bad);
	assert_int_equal(ok, 1);   /* read as one message */
	assert_int_equal(bad, 0);
	g_free(p);
}

static void maildir_traps(void **st)
{
	put("md/cur/1-good", good);
	put("md/cur/3-good", good);
	put("md/cur/5-vanishing", good);
	char *md = at("md"), *loop = at("md/cur/2-loop"), *dangling = at("md/cur/4-dangling");
	char *odd = at("md/cur/6-name\nwith\033[2Jescape");
	assert_int_equal(symlink("2-loop", loop), 0);          /* a symlink to itself */
	assert_int_equal(symlink("no-such-file", dangling), 0);
	assert_true(g_file_set_contents(odd, good, -1, NULL));
	bnc_source *s;
	char *err = NULL, *data, *name;
	size_t len;
	assert_int_equal(bnc_source_open(md, &s, &err), BNC_OK);
	int ok = 0, bad = 0, got;
	while ((got = bnc_source_next(s, &data, &len, &name, &err)) != 0) {
		/* the file vanishes after the folder was listed */
		char *v = at("md/cur/5-vanishing");
		g_unlink(v);
		g_free(v);
		if (got > 0)
			ok++;
		else {
			bad++;
			assert_non_null(err);
		}
		g_free(data);
		g_free(name);
		g_free(err);
		err = NULL;
	}
	bnc_source_close(s);
	/* 1, 3 and the odd name read; the loop, the dangling link and the
	 * vanished file each an error; nothing stopped the walk */
	assert_int_equal(ok, 3);
	assert_int_equal(bad, 3);
	g_free(md);
	g_free(loop);
	g_free(dangling);
	g_free(odd);
}

static void devices_and_fifos(void **st)
{
	bnc_source *s;
	char *err = NULL;
	assert_int_not_equal(bnc_source_open("/dev/zero", &s, &err), BNC_OK);
	assert_non_null(err);
	g_free(err);
	err = NULL;
	char *fifo = at("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_not_equal(bnc_source_open(fifo, &s, &err), BNC_OK);   /* refused, not read forever */
	g_free(err);
	g_free(fifo);
}

static int setup(void **st)
{
	tmp = g_dir_make_tmp("bnc-bad-XXXXXX", NULL);
	return tmp ? 0 : -1;
}

static int teardown(void **st)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
	int rc = system(cmd);
	g_free(cmd);
	g_free(tmp);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_and_newline), cmocka_unit_test(nul_bytes),
		cmocka_unit_test(invalid_utf8_everywhere), cmocka_unit_test(megabyte_header_line),
		cmocka_unit_test(broken_boundaries), cmocka_unit_test(truncated_base64),
		cmocka_unit_test(many_recipients), cmocka_unit_test(mbox_without_from),
		cmocka_unit_test(maildir_traps), cmocka_unit_test(devices_and_fifos),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
