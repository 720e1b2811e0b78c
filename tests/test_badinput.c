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

/* A well-formed DSN used as the "next message" and as a base to break.
 * Each case below asserts what the protection it exercises guarantees
 * (the verdict still found, the cap said), so that it fails if the
 * protection is taken away: tests/mutate.sh checks that. */
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
	bnc_options opt = {1, 1, 0};
	return bnc_decode(data, len, "test", &opt);
}

static char *replace(const char *s, const char *from, const char *to)
{
	char **parts = g_strsplit(s, from, -1);
	char *out = g_strjoinv(to, parts);
	g_strfreev(parts);
	return out;
}

/* One decode whose single verdict is gone@example.net, status 5.1.1. */
static void finds_the_verdict(const char *data, size_t len)
{
	bnc_result *r = decode(data, len);
	assert_int_equal(bnc_result_status(r), BNC_OK);
	assert_int_equal(bnc_result_count(r), 1);
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	assert_string_equal(bnc_verdict_get(v, "recipient"), "gone@example.net");
	assert_string_equal(bnc_verdict_get(v, "deliverystatus"), "5.1.1");
	bnc_result_free(r);
}

static void has_notice(const bnc_result *r, const char *part)
{
	const char *n = bnc_result_notice(r);
	if (!n || !strstr(n, part))
		fail_msg("notice \"%s\" lacks \"%s\"", n ? n : "(none)", part);
}

static void empty_and_newline(void **st)
{
	bnc_result *r = decode("", 0);
	assert_int_equal(bnc_result_status(r), BNC_ERR_EMPTY);
	assert_string_equal(bnc_result_error(r), "the message is empty");
	assert_int_equal(bnc_result_count(r), 0);
	bnc_result_free(r);
	r = decode("\n", 1);
	assert_int_equal(bnc_result_status(r), BNC_ERR_PARSE);
	assert_non_null(strstr(bnc_result_error(r), "no header found"));
	bnc_result_free(r);
}

static void nul_bytes(void **st)
{
	GString *m = g_string_new_len(good, sizeof good - 1);
	/* NULs in a header value, in the text part and in the delivery-status
	 * part ahead of its recipient: what follows each is still read */
	m->str[strstr(good, "Mail Returned") - good + 4] = 0;
	m->str[strstr(good, "Not delivered") - good + 3] = 0;
	m->str[strstr(good, "mx.example.org\n\nFinal") - good + 2] = 0;
	finds_the_verdict(m->str, m->len);
	/* nothing but NULs: an error with a reason */
	char *all = g_malloc0(4096);
	bnc_result *r = decode(all, 4096);
	assert_int_equal(bnc_result_status(r), BNC_ERR_PARSE);
	bnc_result_free(r);
	g_free(all);
	g_string_free(m, TRUE);
}

static void all_fields_valid(const bnc_result *r)
{
	for (size_t i = 0; i < bnc_result_count(r); i++) {
		const bnc_verdict *v = bnc_result_verdict(r, i);
		for (size_t f = 0; f < bnc_field_count(); f++)
			assert_true(g_utf8_validate(bnc_verdict_get(v, bnc_field_at(f)), -1, NULL));
		char *js = bnc_verdict_to_json(v, 1);
		assert_true(g_utf8_validate(js, -1, NULL));
		bnc_free(js);
	}
	assert_true(g_utf8_validate(bnc_result_error(r), -1, NULL));
}

static void invalid_utf8_everywhere(void **st)
{
	static const char bad[] = "\xff\xc3\x28\xe2\x82";
	/* after every space, field names and MIME structure included: whatever
	 * comes out is valid UTF-8 */
	GString *m = g_string_new(NULL);
	for (const char *p = good; *p; p++) {
		g_string_append_c(m, *p);
		if (*p == ' ')
			g_string_append(m, bad);
	}
	bnc_result *r = decode(m->str, m->len);
	all_fields_valid(r);
	bnc_result_free(r);
	/* in every value a person wrote (the bounce's and the original's
	 * subject and sender, the text, the diagnostic): still the bounce */
	char *a = replace(good, "Returned to", "Returned\xff\xfe to");
	char *b = replace(a, "Not delivered", "Not \xc3\x28 delivered");
	char *c = replace(b, "user unknown", "user \xe2\x82 unknown\x80");
	char *d = replace(c, "Subject: hello", "Subject: hello \xed\xa0\x80 (a surrogate) \xf8\x88\x80\x80\x80");
	char *e = replace(d, "From: sender@example.com", "From: \"S\xe9nder\" <sender@example.com>");
	r = decode(e, strlen(e));
	assert_int_equal(bnc_result_count(r), 1);
	const bnc_verdict *v = bnc_result_verdict(r, 0);
	assert_string_equal(bnc_verdict_get(v, "recipient"), "gone@example.net");
	assert_non_null(strstr(bnc_verdict_get(v, "subject"), "hello"));
	assert_non_null(strstr(bnc_verdict_get(v, "diagnosticcode"), "unknown"));
	all_fields_valid(r);
	bnc_result_free(r);
	g_free(a);
	g_free(b);
	g_free(c);
	g_free(d);
	g_free(e);
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
	has_notice(r, "a header field over 64 KB");
	bnc_result_free(r);
	/* the same line in the original message's headers */
	char *at = strstr(good, "Subject: hello");
	g_string_assign(m, "");
	g_string_append_len(m, good, at - good);
	g_string_append(m, "Subject: ");
	for (int i = 0; i < (1 << 20); i++)
		g_string_append_c(m, "abc "[i & 3]);
	g_string_append(m, at + strlen("Subject: hello"));
	r = decode(m->str, m->len);
	assert_int_equal(bnc_result_count(r), 1);
	bnc_result_free(r);
	g_string_free(m, TRUE);
}

static void broken_boundaries(void **st)
{
	/* the boundary never appears: the body is read as text */
	char *m = replace(good, "--b", "--x");
	finds_the_verdict(m, strlen(m));
	g_free(m);
	/* every boundary doubled: empty parts between */
	m = replace(good, "--b\n", "--b\n--b\n");
	finds_the_verdict(m, strlen(m));
	g_free(m);
	/* no closing boundary */
	m = replace(good, "--b--\n", "");
	finds_the_verdict(m, strlen(m));
	g_free(m);
}

static void truncated_base64(void **st)
{
	static const char dsn[] =
		"Reporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown, and the rest of this line is lost\n";
	char *b64 = g_base64_encode((const guchar *)dsn, sizeof dsn - 1);
	size_t n = strlen(b64);
	b64[n - 30 - (n % 4 ? 0 : 1)] = 0;   /* cut mid-quantum, in the diagnostic */
	GString *m = g_string_new(NULL);
	g_string_append(m, "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\n"
	                   "Subject: Undelivered Mail Returned to Sender\n"
	                   "Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
	                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	                   "--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n");
	for (const char *p = b64; *p; p += strlen(p) < 76 ? strlen(p) : 76) {
		g_string_append_len(m, p, strlen(p) < 76 ? (gssize)strlen(p) : 76);
		g_string_append_c(m, '\n');
	}
	finds_the_verdict(m->str, m->len);
	g_string_free(m, TRUE);
	g_free(b64);
}

static GString *report_with(int nrcpt)
{
	GString *m = g_string_new(NULL);
	g_string_append(m, "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\n"
	                   "Subject: Undelivered Mail Returned to Sender\n"
	                   "Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
	                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	                   "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n");
	for (int i = 0; i < nrcpt; i++)
		g_string_append_printf(m, "Final-Recipient: rfc822; u%d@example.net\nAction: failed\nStatus: 5.1.1\n\n", i);
	g_string_append(m, "--b--\n");
	return m;
}

static void many_recipients(void **st)
{
	/* 100,000 recipients: 7 MB of delivery-status; the part is read up to
	 * its cap and the verdicts up to theirs, and both are said */
	GString *m = report_with(100000);
	bnc_result *r = decode(m->str, m->len);
	assert_int_equal(bnc_result_status(r), BNC_OK);
	assert_int_equal(bnc_result_count(r), 10000);
	assert_string_equal(bnc_verdict_get(bnc_result_verdict(r, 9999), "recipient"), "u9999@example.net");
	has_notice(r, "bytes: only its first 4 MB read");   /* before its charset is read */
	has_notice(r, "only the first 10000 reported");
	bnc_result_free(r);
	g_string_free(m, TRUE);
	/* under the caps: every recipient, nothing said */
	m = report_with(3000);
	r = decode(m->str, m->len);
	assert_int_equal(bnc_result_count(r), 3000);
	assert_null(bnc_result_notice(r));
	bnc_result_free(r);
	g_string_free(m, TRUE);
}

/* A 100,000-level nested multipart with the report at the bottom: read down
 * to the depth cap, which is said; a shallow one is read whole. */
static GString *nested(int levels)
{
	GString *m = g_string_new("From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\n"
	                          "Subject: Undelivered Mail Returned to Sender\n"
	                          "Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
	                          "Content-Type: multipart/mixed; boundary=\"b0\"\n\n");
	for (int i = 0; i < levels; i++)
		g_string_append_printf(m, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i + 1);
	const char *dsn = strstr(good, "--b\nContent-Type: message/delivery-status");
	char *inner = replace(dsn, "--b", "--z");
	g_string_append_printf(m, "--b%d\n%s", levels, strchr(inner, '\n') + 1);
	g_free(inner);
	return m;
}

static void deep_nesting(void **st)
{
	GString *m = nested(100000);
	bnc_result *r = decode(m->str, m->len);
	assert_int_equal(bnc_result_status(r), BNC_OK);
	has_notice(r, "nested over 32 deep");
	bnc_result_free(r);
	g_string_free(m, TRUE);
	m = nested(5);
	finds_the_verdict(m->str, m->len);
	g_string_free(m, TRUE);
}

static void many_parts_and_headers(void **st)
{
	/* 600 parts before the report: the parts after the cap are not read */
	GString *m = g_string_new(NULL);
	const char *body = strstr(good, "\n\n") + 2;
	g_string_append_len(m, good, body - good);
	for (int i = 0; i < 600; i++)
		g_string_append_printf(m, "--b\nContent-Type: text/plain\n\npart %d\n", i);
	g_string_append(m, body);
	bnc_result *r = decode(m->str, m->len);
	has_notice(r, "over 512 parts");
	bnc_result_free(r);
	/* 5,000 header fields ahead of the message's own */
	g_string_assign(m, "");
	for (int i = 0; i < 5000; i++)
		g_string_append_printf(m, "X-Filler-%d: %d\n", i, i);
	g_string_append(m, good);
	r = decode(m->str, m->len);
	has_notice(r, "a header block of 5006 fields: only the first 1000 read");
	bnc_result_free(r);
	g_string_free(m, TRUE);
}

/* A part of 3.8 MB in TIS-620 is under the byte cap, and three times that in
 * UTF-8: the converted text is cut to the cap too, and the cut said; the
 * verdict of the report after it is found. */
static void charset_growth(void **st)
{
	GString *m = g_string_new(NULL);
	const char *body = strstr(good, "\n\n") + 2;
	g_string_append_len(m, good, body - good);
	g_string_append(m, "--b\nContent-Type: text/plain; charset=tis-620\n\n");
	for (int i = 0; i < 4000000; i++)   /* 3.8 MB of Thai letters */
		g_string_append_c(m, i % 80 == 79 ? '\n' : (char)(0xA1 + i % 80));
	g_string_append_c(m, '\n');
	g_string_append(m, body);
	bnc_result *r = decode(m->str, m->len);
	assert_int_equal(bnc_result_status(r), BNC_OK);
	has_notice(r, "bytes in UTF-8: only its first 4 MB read");
	assert_int_equal(bnc_result_count(r), 1);
	assert_string_equal(bnc_verdict_get(bnc_result_verdict(r, 0), "recipient"), "gone@example.net");
	bnc_result_free(r);
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

/* Read a whole source: messages read, errors met (each with a reason),
 * notes on messages that were read; when said is not NULL, a line for each
 * message: "name: read", or "name: " and the error or note. */
static void read_all_said(const char *path, int *ok, int *bad, int *notes, GString *said)
{
	bnc_source *s;
	char *err = NULL, *data, *name;
	size_t len;
	int got;
	*ok = *bad = *notes = 0;
	assert_int_equal(bnc_source_open(path, &s, &err), BNC_OK);
	while ((got = bnc_source_next(s, &data, &len, &name, &err)) != 0) {
		if (got > 0) {
			(*ok)++;
			*notes += err != NULL;
		} else {
			(*bad)++;
			assert_non_null(err);
			assert_non_null(name);
		}
		if (said)
			g_string_append_printf(said, "%s: %s\n", name, err ? err : "read");
		g_free(data);
		g_free(name);
		g_free(err);
		err = NULL;
	}
	bnc_source_close(s);
}

static void mbox_without_from(void **st)
{
	/* one message without a "From " line: a message file, nothing to say */
	put("nofrom.mbox", good);
	char *p = at("nofrom.mbox");
	int ok, bad, notes;
	read_all_said(p, &ok, &bad, &notes, NULL);
	assert_int_equal(ok, 1);
	assert_int_equal(bad, 0);
	assert_int_equal(notes, 0);
	g_free(p);
	/* an mbox whose first separator is missing: every message read, and
	 * the problem said once */
	char *two = g_strconcat(good, "\nFrom sender@example.com Tue Jan  2 10:00:00 2024\n", good,
	                        "\nFrom sender@example.com Tue Jan  2 10:05:00 2024\n", good, NULL);
	put("headless.mbox", two);
	g_free(two);
	p = at("headless.mbox");
	GString *said = g_string_new(NULL);
	read_all_said(p, &ok, &bad, &notes, said);
	assert_int_equal(ok, 3);
	assert_int_equal(bad, 0);
	assert_int_equal(notes, 1);
	assert_non_null(strstr(said->str, "headless.mbox#1: an mbox without a \"From \" line"));
	g_string_free(said, TRUE);
	g_free(p);
}

static void maildir_traps(void **st)
{
	put("md/cur/1-good", good);
	put("md/cur/3-good", good);
	put("md/cur/5-vanishing", good);
	char *md = at("md"), *loop = at("md/cur/2-loop"), *dangling = at("md/cur/4-dangling");
	char *odd = at("md/cur/6-name\nwith\033[2Jescape"), *fifo = at("md/cur/7-fifo"), *dev = at("md/cur/8-zero");
	assert_int_equal(symlink("2-loop", loop), 0);          /* a symlink to itself */
	assert_int_equal(symlink("no-such-file", dangling), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);               /* would block a reader forever */
	assert_int_equal(symlink("/dev/zero", dev), 0);        /* would never end */
	assert_true(g_file_set_contents(odd, good, -1, NULL));
	put("md/cur/9-good", good);
	bnc_source *s;
	char *err = NULL, *data, *name;
	size_t len;
	assert_int_equal(bnc_source_open(md, &s, &err), BNC_OK);
	int ok = 0, bad = 0, got;
	GString *said = g_string_new(NULL);
	while ((got = bnc_source_next(s, &data, &len, &name, &err)) != 0) {
		/* the file vanishes after the folder was listed */
		char *v = at("md/cur/5-vanishing");
		g_unlink(v);
		g_free(v);
		if (got > 0) {
			ok++;
		} else {
			bad++;
			assert_non_null(err);
			g_string_append_printf(said, "%s: %s\n", strrchr(name, '/') + 1, err);
		}
		g_free(data);
		g_free(name);
		g_free(err);
		err = NULL;
	}
	bnc_source_close(s);
	/* 1, 3, the odd name and 9 read; the loop, the dangling link, the
	 * vanished file, the FIFO and the device each an error naming the
	 * problem; nothing stopped the walk */
	assert_int_equal(ok, 4);
	assert_int_equal(bad, 5);
	assert_non_null(strstr(said->str, "2-loop: Too many levels of symbolic links\n"));
	assert_non_null(strstr(said->str, "4-dangling: No such file or directory\n"));
	assert_non_null(strstr(said->str, "5-vanishing: No such file or directory\n"));
	assert_non_null(strstr(said->str, "7-fifo: not a regular file"));
	assert_non_null(strstr(said->str, "8-zero: not a regular file"));
	g_string_free(said, TRUE);
	g_free(md);
	g_free(loop);
	g_free(dangling);
	g_free(odd);
	g_free(fifo);
	g_free(dev);
}

static void devices_and_fifos(void **st)
{
	bnc_source *s;
	char *err = NULL;
	assert_int_not_equal(bnc_source_open("/dev/zero", &s, &err), BNC_OK);
	assert_non_null(strstr(err, "not a regular file"));
	g_free(err);
	err = NULL;
	char *fifo = at("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_not_equal(bnc_source_open(fifo, &s, &err), BNC_OK);   /* refused, not read forever */
	assert_non_null(strstr(err, "not a regular file"));
	g_free(err);
	g_free(fifo);
}

/* A file past the size cap is refused without being read (a sparse 200 MB
 * file costs no disk), and the next one is read; in an mbox, a message
 * past it is passed over up to the next separator. */
static void over_the_size_cap(void **st)
{
	put("big/cur/1-big", "");
	put("big/cur/2-good", good);
	char *big = at("big/cur/1-big"), *dir = at("big");
	assert_int_equal(truncate(big, 200 << 20), 0);
	GString *said = g_string_new(NULL);
	int ok, bad, notes;
	read_all_said(dir, &ok, &bad, &notes, said);
	assert_int_equal(ok, 1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(said->str, "1-big: 209715200 bytes, over the 64 MB cap"));
	g_string_assign(said, "");
	/* an mbox: a message, then one of 110 MB (a hole: NUL bytes), then one */
	char *mb = at("big.mbox");
	FILE *f = fopen(mb, "w");
	assert_non_null(f);
	fprintf(f, "From a@example.com Tue Jan  2 10:00:00 2024\n%s\n", good);
	fprintf(f, "From b@example.com Tue Jan  2 10:00:00 2024\nSubject: big\n\n");
	assert_int_equal(fseek(f, 110 << 20, SEEK_CUR), 0);
	fprintf(f, "\n\nFrom c@example.com Tue Jan  2 10:00:00 2024\n%s", good);
	fclose(f);
	read_all_said(mb, &ok, &bad, &notes, said);
	assert_int_equal(ok, 2);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(said->str, "big.mbox#2: a message over the 64 MB cap, passed over"));
	assert_non_null(strstr(said->str, "big.mbox#3: read"));
	g_string_free(said, TRUE);
	g_free(big);
	g_free(dir);
	g_free(mb);
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
		cmocka_unit_test(deep_nesting), cmocka_unit_test(many_parts_and_headers),
		cmocka_unit_test(over_the_size_cap), cmocka_unit_test(charset_growth),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
