/* charset.c - decoded text made valid UTF-8: charsets converted (with a
 * converter cache per thread), control characters made harmless, caps cut
 * on a character boundary. */
#include <string.h>
#include "mimeint.h"

/* How many of the len bytes of s to keep under a cap of max: up to a
 * character boundary, so a cut never splits a UTF-8 sequence. */
size_t mime_utf8_cap(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	const char *at = g_utf8_find_prev_char(s, s + max + 1);
	return (size_t)((at ? at : s + max) - s);
}

/* Decoded text may hold C0 control bytes: "=00" in quoted-printable, or a
 * binary attachment mislabelled as text.  A NUL would end the C string and
 * hide the rest of the part, and none of them carries meaning for a
 * decoder: every one but TAB, LF, CR and ESC (kept for ISO-2022 text no
 * charset announced) becomes a space.  Returns whether every byte was
 * ASCII. */
static int controls_to_space(char *s, gsize len)
{
	/* eight bytes at a time past the common case, printable ASCII: a byte
	 * below 0x20 sets its top bit in x - 0x20.., one from 0x80 up has it in x */
	const guint64 ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
	int ascii = 1;
	gsize i = 0;
	for (;;) {
		for (; i + 8 <= len; i += 8) {
			guint64 x;
			memcpy(&x, s + i, 8);
			if (((x - ones * 0x20) | x) & tops)
				break;
		}
		gsize stop = i + 8 <= len ? i + 8 : len;
		if (i >= stop)
			return ascii;
		for (; i < stop; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1b)
				s[i] = ' ';
			else if (c >= 0x80)
				ascii = 0;
		}
	}
}

/* In valid UTF-8: C1 controls (U+0080..U+009F, a binary part read as
 * Latin-1, say) become a space, U+2028 and U+2029 a line feed. */
static char *tidy_unicode_controls(char *s)
{
	GString *o = NULL;
	const char *copied = s;
	for (const char *p = s; *p; p++) {
		const unsigned char *u = (const unsigned char *)p;
		size_t n = 0;
		char with = 0;
		if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
			n = 2, with = ' ';
		else if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
			n = 3, with = '\n';
		if (!n)
			continue;
		if (!o)
			o = g_string_sized_new(strlen(s));
		g_string_append_len(o, copied, p - copied);
		g_string_append_c(o, with);
		p += n - 1;
		copied = p + 1;
	}
	if (!o)
		return s;
	g_string_append(o, copied);
	g_free(s);
	return g_string_free(o, FALSE);
}

/* Opening a converter costs a module lookup in glibc, and most messages
 * of a queue use a handful of charsets: each thread keeps its last few
 * converters to UTF-8, closed when the thread ends.  (GIConv)-1 for a
 * charset iconv does not know (the text is then read as UTF-8). */
#define ICONV_CACHE 6

struct iconv_cache {
	char name[ICONV_CACHE][40];
	GIConv cd[ICONV_CACHE];
	unsigned next;
};

static void iconv_cache_free(gpointer p)
{
	struct iconv_cache *c = p;
	for (int i = 0; i < ICONV_CACHE; i++)
		if (c->name[i][0] && c->cd[i] != (GIConv)-1)
			g_iconv_close(c->cd[i]);
	g_free(c);
}

static GPrivate iconv_cache_key = G_PRIVATE_INIT(iconv_cache_free);

static GIConv cached_iconv(const char *cs)
{
	if (strlen(cs) >= sizeof ((struct iconv_cache *)0)->name[0])
		return (GIConv)-1;   /* no charset has a name that long */
	struct iconv_cache *c = g_private_get(&iconv_cache_key);
	if (!c) {
		c = g_new0(struct iconv_cache, 1);
		g_private_set(&iconv_cache_key, c);
	}
	for (int i = 0; i < ICONV_CACHE; i++)
		if (c->name[i][0] && !g_ascii_strcasecmp(c->name[i], cs))
			return c->cd[i];
	unsigned slot = c->next++ % ICONV_CACHE;
	if (c->name[slot][0] && c->cd[slot] != (GIConv)-1)
		g_iconv_close(c->cd[slot]);
	g_strlcpy(c->name[slot], cs, sizeof c->name[slot]);
	c->cd[slot] = g_iconv_open("UTF-8", cs);
	return c->cd[slot];
}

/* Bytes in a declared charset to valid UTF-8, without C0 or C1 controls
 * but TAB, LF, CR and ESC; never fails. */
char *mime_to_utf8(const char *buf, gsize len, const char *charset)
{
	if (!buf || !len)
		return g_strdup("");
	if (charset && *charset && g_ascii_strcasecmp(charset, "utf-8") && g_ascii_strcasecmp(charset, "utf8") &&
	    g_ascii_strcasecmp(charset, "us-ascii")) {
		gsize written = 0;
		GIConv cd = cached_iconv(g_mime_charset_iconv_name(charset));
		char *conv = NULL;
		if (cd != (GIConv)-1) {
			g_iconv(cd, NULL, NULL, NULL, NULL);   /* a failed run may leave shift state */
			conv = g_convert_with_iconv(buf, (gssize)len, cd, NULL, &written, NULL);
		}
		if (conv) {
			controls_to_space(conv, written);
			char *valid = g_utf8_make_valid(conv, (gssize)written);
			g_free(conv);
			return tidy_unicode_controls(valid);
		}
	}
	char *copy = g_malloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = 0;
	/* plain ASCII (most text) is valid UTF-8 without C1 controls already */
	if (controls_to_space(copy, len))
		return copy;
	char *valid = g_utf8_make_valid(copy, (gssize)len);
	g_free(copy);
	return tidy_unicode_controls(valid);
}
