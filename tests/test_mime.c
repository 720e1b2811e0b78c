/* test_mime.c - messages made flat: encodings, charsets, line ends, headers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mime.h"
#include "mimeint.h"

static struct bnc_msg read_ok(const char *text)
{
	struct bnc_msg m;
	char *err = NULL;
	assert_int_equal(bnc_mime_read(text, strlen(text), &m, &err), BNC_OK);
	assert_null(err);
	return m;
}

static void test_plain_and_headers(void **s)
{
	(void)s;
	struct bnc_msg m = read_ok("From: MAILER-DAEMON@example.org\nSubject: =?UTF-8?B?5pyq6YWN6YGU?=\n"
	                           "To: user@example.com\n\nHello\n");
	assert_string_equal(bnc_msg_header(&m, "subject"), "\xe6\x9c\xaa\xe9\x85\x8d\xe9\x81\x94");
	assert_string_equal(bnc_msg_header(&m, "to"), "user@example.com");
	assert_non_null(strstr(m.payload, "Hello\n"));
	bnc_msg_clear(&m);
}

static void test_crlf_and_cr(void **s)
{
	(void)s;
	struct bnc_msg m = read_ok("Subject: x\r\nFrom: a@example.org\r\n\r\nline one\r\nline two\rline three\r\n");
	assert_null(strchr(m.payload, '\r'));
	assert_non_null(strstr(m.payload, "line one\nline two\nline three"));
	bnc_msg_clear(&m);
}

static const char multipart[] =
	"From: MAILER-DAEMON@example.org\nTo: sender@example.com\nSubject: Undelivered\nMIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n"
	"--BB\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
	"Caf=E9 could not deliver.\n"
	"--BB\nContent-Type: message/delivery-status\n\n"
	"Reporting-MTA: DNS;mx.example.org\n\nFinal-Recipient: RFC822;  user@example.net\nAction: FAILED\nStatus: 5.1.1\n"
	"--BB\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
	"VW5rbm93biB1c2Vy\n"
	"--BB\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
	"--BB\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.com\nSubject: hi\n"
	"--BB--\n";

static void test_multipart_flat(void **s)
{
	(void)s;
	struct bnc_msg m = read_ok(multipart);
	/* quoted-printable in ISO-8859-1 came out as UTF-8 */
	assert_non_null(strstr(m.payload, "Caf\xc3\xa9 could not deliver."));
	/* the delivery-status part is announced, its fields tidied */
	assert_non_null(strstr(m.payload, "Content-Type: message/delivery-status\n"));
	assert_non_null(strstr(m.payload, "Reporting-MTA: dns; mx.example.org\n"));
	assert_non_null(strstr(m.payload, "Final-Recipient: rfc822; user@example.net\n"));
	assert_non_null(strstr(m.payload, "Action: failed\n"));
	/* base64 decoded; the image is not text and is left out */
	assert_non_null(strstr(m.payload, "Unknown user"));
	assert_null(strstr(m.payload, "iVBOR"));
	assert_non_null(strstr(m.payload, "Content-Type: text/rfc822-headers\n"));
	bnc_msg_clear(&m);
}

static void test_iso2022jp(void **s)
{
	(void)s;
	/* "テスト" in ISO-2022-JP */
	const char msg[] = "From: a@example.org\nContent-Type: text/plain; charset=ISO-2022-JP\n\n\x1b$B%F%9%H\x1b(B\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"));
	bnc_msg_clear(&m);
}

static void test_invalid_utf8_is_lossy(void **s)
{
	(void)s;
	struct bnc_msg m = read_ok("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n\nbad \xff\xfe bytes\n");
	assert_true(g_utf8_validate(m.payload, -1, NULL));
	assert_non_null(strstr(m.payload, "bytes"));
	bnc_msg_clear(&m);
}

static void test_not_a_message(void **s)
{
	(void)s;
	struct bnc_msg m;
	char *err = NULL;
	assert_int_not_equal(bnc_mime_read("\n\n\n", 3, &m, &err), BNC_OK);
	assert_non_null(err);
	g_free(err);
}

/* A file that starts with lines of spaces and tabs: its header is read. */
static void test_leading_space_lines(void **s)
{
	(void)s;
	struct bnc_msg m = read_ok("  \n\t\n \t \nFrom: a@example.org\nSubject: kept\n\nbody\n");
	assert_string_equal(bnc_msg_header(&m, "subject"), "kept");
	assert_non_null(strstr(m.payload, "body"));
	bnc_msg_clear(&m);
}

static void test_header_block(void **s)
{
	(void)s;
	struct bnc_msg m = {0};
	bnc_parse_header_block("From: Neko <neko@example.com>\nSubject: a long\n subject line\nnot a header\n", &m);
	assert_string_equal(bnc_msg_header(&m, "subject"), "a long  subject line");
	assert_string_equal(bnc_msg_header(&m, "from"), "Neko <neko@example.com>");
	bnc_msg_clear(&m);
}

/* "=00" decodes to a byte 0: the text after it must not be lost */
static void test_qp_nul_does_not_cut(void **s)
{
	(void)s;
	const char msg[] = "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/report; boundary=\"QQ\"\n\n"
	                   "--QQ\nContent-Type: text/plain; charset=\"Windows-1252\"\nContent-Transfer-Encoding: quoted-printable\n\n"
	                   "See <http://example.org/?LinkId=3D1&id=00000000>.\n\n"
	                   "Remote Server returned '550 5.1.10 Recipien=\nt not found'\n"
	                   "Content-Type: text/plain; charset=3D\"UTF-8\"\n\nNyaan\n--QQ--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "Recipient not found'"));
	assert_non_null(strstr(m.payload, "Nyaan"));
	assert_null(memchr(m.payload, 0x01, m.payload_len));
	assert_int_equal(strlen(m.payload), m.payload_len);
	bnc_msg_clear(&m);
}

/* "Content-Type: multipart/alternative;" with its boundary on an unindented
 * next line: the nested parts are still found and decoded */
static void test_orphan_boundary_line(void **s)
{
	(void)s;
	const char msg[] = "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/report; boundary=\"OUT\"\n\n"
	                   "--OUT\nContent-Type: multipart/alternative; differences=Content-Type;\nboundary=\"IN\"\n\n"
	                   "--IN\nContent-Type: text/plain; charset=\"us-ascii\"\nContent-Transfer-Encoding: quoted-printable\n\n"
	                   "the recipien=\nt's mailbox is unavailable\n"
	                   "--IN\nContent-Type: text/html; charset=\"us-ascii\"\n\n<p>html copy</p>\n--IN--\n\n--OUT--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "the recipient's mailbox is unavailable"));
	assert_null(strstr(m.payload, "--IN"));
	assert_null(strstr(m.payload, "boundary="));
	assert_null(strstr(m.payload, "quoted-printable"));
	assert_null(strstr(m.payload, "html copy"));
	bnc_msg_clear(&m);
}

/* a part opening with "Received:" rather than its own Content-* headers is
 * text: those lines stay in the payload */
static void test_part_without_mime_headers(void **s)
{
	(void)s;
	const char msg[] = "From: a@example.org\nContent-Type: multipart/mixed; boundary=\"---B\"\n\n"
	                   "-----B\nContent-Type: text/plain;\n   charset=\"iso-2022-jp\"\n\nkijitora@example.co.jp [User unknown]\n\n"
	                   "-----B\nReceived: from 192.0.2.250\n    by relay.example.co.jp\nMessage-Id: <abc@example.jp>\n"
	                   "Content-Type: image/png\nSubject: Nyaaaaan\n\nNyaan\n\n-----B--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "[User unknown]"));
	assert_non_null(strstr(m.payload, "Received: from 192.0.2.250\n"));
	assert_non_null(strstr(m.payload, "Message-ID: <abc@example.jp>\n"));
	assert_non_null(strstr(m.payload, "Subject: Nyaaaaan\n"));
	assert_non_null(strstr(m.payload, "Nyaan\n"));
	bnc_msg_clear(&m);
}

/* a part with no header block at all, its text right after the boundary:
 * the text is read as text (GMime took its first paragraph for a field) */
static void test_part_without_header_block(void **s)
{
	(void)s;
	const char msg[] = "From: a@example.org\nContent-Type: multipart/mixed; boundary=\"XYZ\"\n\n"
	                   "--XYZ\nYour message could not be delivered to the following recipient:\n"
	                   "  quentin@example.net: 550 5.1.1 user unknown\n\n"
	                   "--XYZ\nContent-Type: text/plain\n\nsecond\n--XYZ--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "Your message could not be delivered to the following recipient:\n"));
	assert_non_null(strstr(m.payload, "quentin@example.net: 550 5.1.1 user unknown"));
	assert_non_null(strstr(m.payload, "second\n"));
	bnc_msg_clear(&m);
}

/* GMime is given at most 128 KB of one header field, folded or not (its
 * header buffer grows a read at a time: megabytes of one field were copied
 * over and over); the value kept and the notice are headers.c's, 64 KB */
static void test_field_bytes_before_gmime(void **s)
{
	(void)s;
	for (int folded = 0; folded <= 1; folded++) {
		GString *m = g_string_new("From: a@example.org\nTo: ");
		for (int i = 0; i < (1 << 20) / 8; i++)
			g_string_append(m, folded && i % 64 == 63 ? "g:g:g:g\n " : "g:g:g:g:");
		g_string_append(m, "a@x;\nSubject: hi\n\nbody\n");
		struct cuts cut = {0, NULL};
		size_t n = 0;
		char *out = mime_prepass(m->str, m->len, &n, &cut);
		if (n > (200u << 10))
			fail_msg("%s: %zu bytes given to GMime", folded ? "folded" : "one line", n);
		assert_non_null(strstr(out, "\nSubject: hi\n\nbody\n"));
		g_free(out);
		if (cut.text)
			g_string_free(cut.text, TRUE);
		struct bnc_msg msg = read_ok(m->str);
		assert_string_equal(bnc_msg_header(&msg, "subject"), "hi");
		assert_non_null(msg.cut);
		assert_non_null(strstr(msg.cut, "a header field over 64 KB"));
		bnc_msg_clear(&msg);
		g_string_free(m, TRUE);
	}
}

/* the head, style and script of an HTML part are not text */
static void test_html_style_dropped(void **s)
{
	(void)s;
	const char msg[] = "From: a@example.org\nContent-Type: multipart/report; boundary=\"H\"\n\n"
	                   "--H\nContent-Type: text/html; charset=UTF-8\n\n"
	                   "<html><head><title>T</title><style type=\"text/css\">td { color: #555; }</style></head>"
	                   "<body><STYLE>p { color: #550; }</STYLE><p>Host not found</p><script>var x = 550;</script>"
	                   "&copy; 2014</body></html>\n--H--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "Host not found"));
	assert_non_null(strstr(m.payload, "(C) 2014"));
	assert_null(strstr(m.payload, "555"));
	assert_null(strstr(m.payload, "550"));
	assert_null(strstr(m.payload, "color"));
	bnc_msg_clear(&m);
}

/* RFC 6533's types are announced as their RFC 3464/822 counterparts; a
 * message/global is decoded from its transfer encoding first */
static void test_message_global(void **s)
{
	(void)s;
	const char msg[] = "From: MAILER-DAEMON@example.org\nTo: a@example.com\nMIME-Version: 1.0\n"
	                   "Content-Type: multipart/report; report-type=global-delivery-status; boundary=\"G\"\n\n"
	                   "--G\nContent-Type: text/plain\n\nNot delivered.\n"
	                   "--G\nContent-Type: message/global-delivery-status\n\n"
	                   "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; b@example.net\n"
	                   "Action: failed\nStatus: 5.1.1\n"
	                   "--G\nContent-Type: message/global-headers\n\nFrom: a@example.com\nSubject: one\n"
	                   "--G\nContent-Type: message/global\nContent-Transfer-Encoding: base64\n\n"
	                   /* "From: a@example.com\nSubject: two\n\nbody\n" */
	                   "RnJvbTogYUBleGFtcGxlLmNvbQpTdWJqZWN0OiB0d28KCmJvZHkK\n"
	                   "--G--\n";
	struct bnc_msg m = read_ok(msg);
	assert_non_null(strstr(m.payload, "Content-Type: message/delivery-status\nReporting-MTA: dns; mx.example.org\n"));
	assert_non_null(strstr(m.payload, "Content-Type: text/rfc822-headers\nFrom: a@example.com\nSubject: one\n"));
	assert_non_null(strstr(m.payload, "Content-Type: message/rfc822\nFrom: a@example.com\nSubject: two\n"));
	assert_null(strstr(m.payload, "global"));
	assert_null(strstr(m.payload, "RnJvbT"));
	bnc_msg_clear(&m);

	/* a Content-Type line in the text is tidied the same way, "message/global"
	 * only when it is the whole type */
	struct bnc_msg t = read_ok("From: a@example.org\n\nContent-Type: message/global; charset=utf-8\n"
	                           "Content-Type: message/global-headers\nContent-Type: message/globalx\n");
	assert_non_null(strstr(t.payload, "Content-Type: message/rfc822; charset=utf-8\n"));
	assert_non_null(strstr(t.payload, "Content-Type: text/rfc822-headers\n"));
	assert_non_null(strstr(t.payload, "Content-Type: message/globalx\n"));
	bnc_msg_clear(&t);
}

/* A part labelled text that holds an image is left out of the flat text, as
 * an image part is; a UTF-16 part (NULs in every other byte) and a text with a few
 * stray control bytes are still text.  Both readers, split.c and GMime. */
static void test_binary_text_part(void **s)
{
	(void)s;
	char bin[600];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)((i * 37 + 11) % 256);   /* every byte value, control bytes among them */
	memcpy(bin, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	gchar *b64 = g_base64_encode((const guchar *)bin, sizeof bin);
	/* "Unknown user" in UTF-16LE */
	static const char u16[] = "U\0n\0k\0n\0o\0w\0n\0 \0u\0s\0e\0r\0";
	gchar *u64 = g_base64_encode((const guchar *)u16, sizeof u16 - 1);
	gchar *msg = g_strdup_printf(
		"From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/report; boundary=\"BX\"\n\n"
		"--BX\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: base64\n\n%s\n"
		"--BX\nContent-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: base64\n\n%s\n"
		"--BX\nContent-Type: text/plain; charset=us-ascii\n\nstray\x01\x02\x03\x04\x05\x06\x07 bytes, still text\n"
		"--BX\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@example.net\nStatus: 5.1.1\n"
		"--BX--\n", b64, u64);
	for (int split = 1; split >= 0; split--) {
		bnc_mime_use_split(split);
		struct bnc_msg m = read_ok(msg);
		assert_null(strstr(m.payload, "IHDR"));
		assert_null(m.cut);
		assert_non_null(strstr(m.payload, "Unknown user"));
		assert_non_null(strstr(m.payload, "bytes, still text"));
		assert_non_null(strstr(m.payload, "Status: 5.1.1"));
		bnc_msg_clear(&m);
	}
	bnc_mime_use_split(1);
	g_free(msg);
	g_free(b64);
	g_free(u64);
}

/* Shift_JIS or EUC-JP bytes labelled ISO-2022-JP (a 7-bit charset that
 * cannot hold them) are read in the Japanese charset that reads them whole,
 * in an encoded word (B or Q) and in a part; a word labelled otherwise is
 * left to its own label. */
static void test_mislabelled_japanese(void **s)
{
	(void)s;
	/* "【重要】会員登録のご案内" in CP932, "お知らせ" in EUC-JP */
	struct bnc_msg m = read_ok("From: a@example.org\nSubject: =?ISO-2022-JP?B?gXmPZJd2gXqJ74j1k2+YXoLMgrKIxJPg?= "
	                           "=?iso-2022-jp?q?=A4=AA=C3=CE=A4=E9=A4=BB?=\nTo: =?UTF-8?B?gXmPZA==?= <b@example.org>\n"
	                           "MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-2022-JP\n"
	                           "Content-Transfer-Encoding: base64\n\ngqCC6ILcgrmC8Q==\n");
	assert_string_equal(bnc_msg_header(&m, "subject"),
	                    "\xe3\x80\x90\xe9\x87\x8d\xe8\xa6\x81\xe3\x80\x91\xe4\xbc\x9a\xe5\x93\xa1\xe7\x99\xbb\xe9\x8c\xb2"
	                    "\xe3\x81\xae\xe3\x81\x94\xe6\xa1\x88\xe5\x86\x85"
	                    "\xe3\x81\x8a\xe7\x9f\xa5\xe3\x82\x89\xe3\x81\x9b");
	/* the UTF-8 word is no Japanese label: its bad bytes stay bad */
	assert_null(strstr(bnc_msg_header(&m, "to"), "\xe9\x87\x8d"));
	/* "ありません" in CP932, the part labelled ISO-2022-JP */
	assert_non_null(strstr(m.payload, "\xe3\x81\x82\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93"));
	bnc_msg_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_headers), cmocka_unit_test(test_crlf_and_cr),
		cmocka_unit_test(test_multipart_flat),    cmocka_unit_test(test_iso2022jp),
		cmocka_unit_test(test_invalid_utf8_is_lossy), cmocka_unit_test(test_not_a_message),
		cmocka_unit_test(test_leading_space_lines),
		cmocka_unit_test(test_header_block),      cmocka_unit_test(test_qp_nul_does_not_cut),
		cmocka_unit_test(test_orphan_boundary_line), cmocka_unit_test(test_part_without_mime_headers),
		cmocka_unit_test(test_part_without_header_block), cmocka_unit_test(test_field_bytes_before_gmime),
		cmocka_unit_test(test_html_style_dropped), cmocka_unit_test(test_message_global),
		cmocka_unit_test(test_binary_text_part), cmocka_unit_test(test_mislabelled_japanese),
	};
	return cmocka_run_group_tests_name("mime", tests, NULL, NULL);
}
