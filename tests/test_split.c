/* test_split.c - split.c, the reader of plain MIME trees, gives the text
 * GMime's reading gives: on every message of samples/ and tests/regress/,
 * and on shapes made here at the edges of its rules, some of which it must
 * read itself and some of which it must leave to GMime. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "mime.h"
#include "mimeint.h"

/* Both readers on one message: the same status, headers, text and cuts. */
static void agree(const char *what, const char *data, size_t len)
{
	struct bnc_msg a, b;
	char *ea = NULL, *eb = NULL;
	bnc_mime_use_split(1);
	bnc_status sa = bnc_mime_read(data, len, &a, &ea);
	bnc_mime_use_split(0);
	bnc_status sb = bnc_mime_read(data, len, &b, &eb);
	bnc_mime_use_split(1);
	if (sa != sb)
		fail_msg("%s: status %d with split.c, %d with GMime", what, sa, sb);
	if (sa != BNC_OK) {
		g_free(ea);
		g_free(eb);
		return;
	}
	if (strcmp(a.payload, b.payload))
		fail_msg("%s: the flat texts differ\n--- split.c:\n%s\n--- GMime:\n%s", what, a.payload, b.payload);
	if (g_strcmp0(a.cut, b.cut))
		fail_msg("%s: cuts differ: '%s' / '%s'", what, a.cut ? a.cut : "", b.cut ? b.cut : "");
	assert_int_equal(a.nhdr, b.nhdr);
	for (size_t i = 0; i < a.nhdr; i++) {
		assert_string_equal(a.hdr[i].name, b.hdr[i].name);
		assert_string_equal(a.hdr[i].value, b.hdr[i].value);
	}
	bnc_msg_clear(&a);
	bnc_msg_clear(&b);
}

static int agree_in(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return 0;
	int n = 0;
	const char *name;
	while ((name = g_dir_read_name(d)) != NULL) {
		char *path = g_build_filename(dir, name, NULL);
		gchar *data;
		gsize len;
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && g_file_get_contents(path, &data, &len, NULL)) {
			agree(path, data, len);
			g_free(data);
			n++;
		}
		g_free(path);
	}
	g_dir_close(d);
	return n;
}

static void test_samples_agree(void **s)
{
	(void)s;
	int n = agree_in("samples/cur") + agree_in("samples/not-bounces") + agree_in("tests/regress");
	assert_true(n >= 180);   /* 192 when written */
}

/* A body after its header block of MIME fields, as split.c is given it. */
struct shape {
	const char *name;
	int split;          /* split.c reads it (1) or leaves it to GMime (0) */
	const char *text;
};

#define REPORT "Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n"
#define DSN    "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@example.net\nStatus: 5.1.1\n"

static const struct shape shapes[] = {
	{"a text part", 1, "Content-Type: text/plain; charset=us-ascii\n\nNo such user\n"},
	{"no Content-Type at all", 1, "MIME-Version: 1.0\n\nNo such user\n"},
	{"one html part", 1, "Content-Type: text/html\n\n<p>No such <b>user</b></p>\n"},
	{"one part of no text type", 1, "Content-Type: application/octet-stream\n\nNo such user\n"},
	{"a report", 1, REPORT "pre\n--BB\nContent-Type: text/plain\n\nNo such user\n\n--BB\n" DSN "--BB--\nepilogue\n"},
	{"delimiters with blanks after", 1, REPORT "--BB \t\nContent-Type: text/plain\n\nx\n--BB\t\n" DSN "--BB--  \n"},
	{"lines like delimiters", 1, REPORT "--BB\nContent-Type: text/plain\n\n--BBx\n--BB--x\n-- BB\n--BB\n" DSN "--BB--\n"},
	{"an empty part", 1, REPORT "--BB\nContent-Type: text/plain\n\n--BB\n\n\n--BB\n" DSN "--BB--\n"},
	{"a part without header block", 1, REPORT "--BB\n\nplain text here\n--BB\n" DSN "--BB--\n"},
	{"no closing line", 1, REPORT "--BB\nContent-Type: text/plain\n\nx\n--BB\n" DSN},
	{"no line end at the end", 1, REPORT "--BB\nContent-Type: text/plain\n\nx\n--BB--"},
	{"a nested alternative", 1,
	 REPORT "--BB\nContent-Type: multipart/alternative; boundary=AA\n\n--AA\nContent-Type: text/plain\n\nplain\n"
	        "--AA\nContent-Type: text/html\n\n<p>html</p>\n--AA--\nbetween\n--BB\n" DSN "--BB--\n"},
	{"a nested mixed with html", 1,
	 REPORT "--BB\nContent-Type: multipart/mixed; boundary=AA\n\n--AA\nContent-Type: text/html\n\n<p>html</p>\n"
	        "--AA--\n--BB\n" DSN "--BB--\n"},
	{"encodings and charsets", 1,
	 REPORT "--BB\nContent-Type: text/plain; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: Quoted-Printable\n\n"
	        "Caf=E9 =\nsoft\n--BB\nContent-Type: TEXT/PLAIN; CHARSET=utf-8\nContent-Transfer-Encoding: base64 \n\n"
	        "VW5rbm93biB1c2Vy\n!!junk\n--BB\nContent-Type: text/plain\nContent-Transfer-Encoding: x-unknown\n\nraw\n"
	        "--BB--\n"},
	{"folded parameters", 1,
	 "Content-Type: multipart/report;\n\treport-type=delivery-status;\n boundary=----=_Part_1\n\n"
	 "------=_Part_1\nContent-Type: text/plain;\n charset = us-ascii ;\n\nx\n------=_Part_1--\n"},
	{"a boundary with spaces", 1,
	 "Content-Type: multipart/mixed; boundary=\"a b c\"\n\n--a b c\nContent-Type: text/plain\n\nx\n--a b c--\n"},
	{"a charset in ISO-2022-JP", 1, "Content-Type: text/plain; charset=ISO-2022-JP\n\n\x1b$B%F%9%H\x1b(B\n"},
	{"attachments left out", 1,
	 REPORT "--BB\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--BB\n" DSN "--BB--\n"},
	{"a stand-in original", 1,
	 REPORT "--BB\n" DSN "\n--BB\nContent-Type: " RFC822_STAND_IN "\n\nFrom: a@example.com\nSubject: hi\n\nbody\n"
	        "--BB--\n"},

	{"a comment in Content-Type", 0, "Content-Type: text/plain; charset=us-ascii (plain)\n\nx\n"},
	{"an RFC 2231 parameter", 0, "Content-Type: text/plain; charset*=us-ascii''x\n\nx\n"},
	{"an encoded word in a parameter", 0, "Content-Type: text/plain; charset=\"=?utf-8?q?x?=\"\n\nx\n"},
	{"a quoted-pair", 0, "Content-Type: text/plain; charset=\"a\\\"b\"\n\nx\n"},
	{"two Content-Type fields", 0, "Content-Type: text/plain\nContent-Type: text/html\n\nx\n"},
	{"a type without subtype", 0, "Content-Type: text\n\nx\n"},
	{"uuencode", 0, "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n`\nend\n"},
	{"a multipart without boundary", 0, "Content-Type: multipart/mixed\n\nall prologue\n"},
	{"a boundary never met", 0, REPORT "all prologue\n--CC\n"},
	{"a digest", 0, "Content-Type: multipart/digest; boundary=BB\n\n--BB\n\nFrom: a@example.com\n\nx\n--BB--\n"},
	{"a part opening with another field", 0, REPORT "--BB\nX-Note: 1\nContent-Type: text/plain\n\nx\n--BB--\n"},
	{"a header line without colon", 0, REPORT "--BB\nContent-Type: text/plain\nnot a field\n\nx\n--BB--\n"},
	{"an inner multipart left open", 0,
	 REPORT "--BB\nContent-Type: multipart/mixed; boundary=AA\n\n--AA\nContent-Type: text/plain\n\nx\n--BB\n" DSN
	        "--BB--\n"},
	{"an attached message GMime parses", 0, REPORT "--BB\nContent-Type: message/rfc822\n\nFrom: a@example.com\n\nx\n--BB--\n"},
	{"no empty line after the header", 0, "Content-Type: text/plain"},
};

static void test_shapes(void **s)
{
	(void)s;
	for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++) {
		const struct shape *sh = &shapes[i];
		GString *flat = g_string_new(NULL);
		struct cuts cut = {0, NULL};
		struct mime_walk w = {flat, 0, &cut};
		size_t len = strlen(sh->text);
		int got = mime_split_read(sh->text, len, &w);
		if (got != sh->split)
			fail_msg("%s: split.c %s it", sh->name, got ? "read" : "left");
		if (!got)
			assert_int_equal(flat->len, 0);   /* nothing written when left to GMime */
		g_string_free(flat, TRUE);
		if (cut.text)
			g_string_free(cut.text, TRUE);
		/* and as a whole message, the two readers give the same */
		static const char head[] = "From: MAILER-DAEMON@example.org\nSubject: x\n";
		char *msg = g_malloc(sizeof head - 1 + len);
		memcpy(msg, head, sizeof head - 1);
		memcpy(msg + sizeof head - 1, sh->text, len);
		agree(sh->name, msg, sizeof head - 1 + len);
		g_free(msg);
	}
}

/* A NUL in a header block: GMime reads a field as a string, so its value
 * ends there (here the boundary with it); split.c leaves such a block to
 * GMime (found by fuzz_split). */
static void test_nul_in_header(void **s)
{
	(void)s;
	static const char t[] = "From: a@example.org\nContent-Type: multipart/related; type=\"text/html\0\0\";\n"
	                        " boundary=AA\n\n--AA\nContent-Type: text/plain\n\nx\n--AA--\n";
	const char *mime = strstr(t, "Content-Type");
	GString *flat = g_string_new(NULL);
	struct cuts cut = {0, NULL};
	struct mime_walk w = {flat, 0, &cut};
	assert_int_equal(mime_split_read(mime, sizeof t - 1 - (size_t)(mime - t), &w), 0);
	g_string_free(flat, TRUE);
	agree("a NUL in a parameter", t, sizeof t - 1);
}

/* What the shapes above rely on, said outright. */
static void test_split_text(void **s)
{
	(void)s;
	static const char t[] = REPORT "--BB\nContent-Type: text/plain\n\nline one\n\n--BB\n" DSN "--BB--\n";
	GString *flat = g_string_new(NULL);
	struct cuts cut = {0, NULL};
	struct mime_walk w = {flat, 0, &cut};
	assert_int_equal(mime_split_read(t, strlen(t), &w), 1);
	/* the line end before a delimiter is the delimiter's: one empty line kept */
	assert_non_null(strstr(flat->str, "line one\n\n"));
	assert_non_null(strstr(flat->str, "Content-Type: message/delivery-status\nFinal-Recipient"));
	assert_null(strstr(flat->str, "--BB"));
	assert_int_equal(w.parts, 2);
	g_string_free(flat, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples_agree),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_split_text),
		cmocka_unit_test(test_nul_in_header),
	};
	return cmocka_run_group_tests_name("split", tests, NULL, NULL);
}
