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

/* The bytes converted from charset cs to UTF-8, or NULL when cs cannot
 * read them (a byte sequence invalid in it) or is unknown. */
static char *convert(const char *buf, gsize len, const char *cs, gsize *written)
{
	GIConv cd = cached_iconv(g_mime_charset_iconv_name(cs));
	if (cd == (GIConv)-1)
		return NULL;
	g_iconv(cd, NULL, NULL, NULL, NULL);   /* a failed run may leave shift state */
	return g_convert_with_iconv(buf, (gssize)len, cd, NULL, written, NULL);
}

/* Japanese mail is often labelled with the wrong one of its three charsets
 * (Shift_JIS bytes under ISO-2022-JP, which is 7-bit and so cannot hold
 * them).  When the declared one cannot read the bytes, the others are tried:
 * the first that reads them all is the charset they are in.  EUC-JP goes
 * before Shift_JIS (CP932): its text reads as CP932 too (as half-width
 * kana), while Shift_JIS's lead bytes 0x81-0x9F are no EUC-JP. */
static const char *const japanese[] = {"ISO-2022-JP", "EUC-JP", "CP932"};

static int is_japanese(const char *cs)
{
	const char *name = g_mime_charset_iconv_name(cs);
	if (!g_ascii_strncasecmp(cs, "iso-2022-jp", 11) || !g_ascii_strcasecmp(cs, "shift_jis") ||
	    !g_ascii_strcasecmp(cs, "sjis") || !g_ascii_strcasecmp(cs, "x-sjis"))
		return 1;
	for (size_t i = 0; i < G_N_ELEMENTS(japanese); i++)
		if (!g_ascii_strcasecmp(cs, japanese[i]) || !g_ascii_strcasecmp(name, japanese[i]))
			return 1;
	return 0;
}

/* The charset of the family of cs that reads buf whole, cs itself first;
 * NULL when none does. */
static const char *reading_charset(const char *buf, gsize len, const char *cs, char **conv, gsize *written)
{
	if ((*conv = convert(buf, len, cs, written)) != NULL)
		return cs;
	if (!is_japanese(cs))
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(japanese); i++)
		if ((*conv = convert(buf, len, japanese[i], written)) != NULL)
			return japanese[i];
	return NULL;
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
		char *conv = NULL;
		reading_charset(buf, len, charset, &conv, &written);
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

#define WORD_LABEL_MAX 40   /* no charset name (and language) is longer */

/* An encoded word's charset label, as it stands in the text (p at the
 * first byte after "=?"): its length, 0 when the word is not one; *end is
 * NULL when no "?=" follows at all, so no later word can end either.  The
 * label is looked for in WORD_LABEL_MAX bytes only: the scan of a value
 * stays linear however many "=?" it holds. */
static size_t word_label(const char *p, const char **enc, const char **text, const char **end)
{
	size_t ln = 0;
	while (ln < WORD_LABEL_MAX && p[ln] && p[ln] != '?')
		ln++;
	*end = p;
	if (!ln || p[ln] != '?' || !p[ln + 1] || p[ln + 2] != '?')
		return 0;
	*enc = p + ln + 1;
	*text = p + ln + 3;
	*end = strstr(*text, "?=");
	return *end ? ln : 0;
}

/* Q encoding (RFC 2047 4.2) undone: "_" a space, "=XX" a byte. */
static char *q_decode(const char *s, size_t n, gsize *outlen)
{
	char *out = g_malloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			out[o++] = ' ';
		else if (s[i] == '=' && i + 2 < n && g_ascii_isxdigit(s[i + 1]) && g_ascii_isxdigit(s[i + 2])) {
			out[o++] = (char)(g_ascii_xdigit_value(s[i + 1]) * 16 + g_ascii_xdigit_value(s[i + 2]));
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

char *mime_relabel_words(const char *s)
{
	GString *out = NULL;
	const char *done = s;
	for (const char *p = strstr(s, "=?"); p; p = strstr(p, "=?")) {
		const char *enc, *text, *end;
		size_t ln = word_label(p + 2, &enc, &text, &end);
		if (!end)
			break;
		if (!ln) {
			p += 2;
			continue;
		}
		char cs[WORD_LABEL_MAX + 1];
		memcpy(cs, p + 2, ln);
		cs[ln] = 0;
		char *lang = strchr(cs, '*');   /* RFC 2231 language suffix */
		if (lang)
			*lang = 0;
		const char *fits = NULL;
		if (is_japanese(cs)) {
			gsize n = 0;
			guchar *raw = NULL;
			if (*enc == 'B' || *enc == 'b') {
				char *t = g_strndup(text, (gsize)(end - text));
				raw = g_base64_decode(t, &n);
				g_free(t);
			} else if (*enc == 'Q' || *enc == 'q') {
				raw = (guchar *)q_decode(text, (size_t)(end - text), &n);
			}
			char *conv = NULL;
			gsize written = 0;
			if (raw && n)
				fits = reading_charset((const char *)raw, n, cs, &conv, &written);
			g_free(conv);
			g_free(raw);
		}
		if (fits && g_ascii_strcasecmp(fits, cs)) {
			if (!out)
				out = g_string_sized_new(strlen(s) + 8);
			g_string_append_len(out, done, p + 2 - done);
			g_string_append(out, fits);
			done = p + 2 + ln;
		}
		p = end + 2;
	}
	if (!out)
		return NULL;
	g_string_append(out, done);
	return g_string_free(out, FALSE);
}
