/* sanitize.c - the one funnel for untrusted text on its way to a terminal.
 *
 * C0 controls, DEL and C1 controls become their visible Control Pictures
 * (ESC shows as U+241B, so no escape sequence survives); bidi overrides,
 * isolates and marks, zero-width characters and the BOM become U+FFFD; bytes
 * that are not UTF-8 become U+FFFD.  Everything else passes as it is.
 * bnc_json_escape_unsafe() does the same job for JSON text: there the
 * characters become \uXXXX escapes, which keep their meaning.
 */
#include <string.h>
#include <glib.h>
#include "bouncelens.h"
#include "private.h"

/* Characters a terminal draws as nothing or that reorder or restyle what
 * follows: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties:
 * soft hyphen, joiners, bidi controls, variation selectors, Hangul fillers,
 * tags, ...) and the interlinear annotation controls. Sorted, for a
 * binary search. */
static const struct {
	gunichar lo, hi;
} invisible[] = {
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160},
	{0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E},
	{0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
	{0xFFA0, 0xFFA0}, {0xFFF0, 0xFFFB}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0000, 0xE0FFF},
};

int bnc_unichar_invisible(gunichar c)
{
	if (c < 0xAD)
		return 0;
	size_t lo = 0, hi = G_N_ELEMENTS(invisible);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < invisible[mid].lo)
			hi = mid;
		else if (c > invisible[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

char *bnc_sanitize(const char *s, size_t len)
{
	GString *o = g_string_sized_new(len + 8);
	const char *p = s, *end = s + len;
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_unichar(o, 0xFFFD);
			p++;
			continue;
		}
		const char *next = g_utf8_next_char(p);
		if (c < 0x20)
			g_string_append_unichar(o, 0x2400 + c);
		else if (c == 0x7F)
			g_string_append_unichar(o, 0x2421);
		else if (c >= 0x80 && c < 0xA0)
			g_string_append_unichar(o, 0xFFFD);
		else if (bnc_unichar_invisible(c))
			g_string_append_unichar(o, 0xFFFD);
		else
			g_string_append_len(o, p, next - p);
		p = next;
	}
	return g_string_free(o, FALSE);
}

/* JSON from json-glib escapes C0 controls but leaves DEL, C1 controls and the
 * invisible characters raw, and a terminal would obey some of them (U+009B
 * is a CSI; an override turns the line around).  They only occur inside
 * strings, where \uXXXX means the same character: write them so. */
char *bnc_json_escape_unsafe(char *js)
{
	/* printable ASCII, most of it, is skipped eight bytes at a time: a byte
	 * from DEL up sets its top bit in x or in x + 0x01.. */
	const guint64 ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
	size_t len = strlen(js);
	const char *end = js + len;
	GString *o = NULL;
	const char *copied = js;
	for (const char *p = js; p < end; p = g_utf8_next_char(p)) {
		guint64 x;
		while (end - p >= 8 && (memcpy(&x, p, 8), !((x | (x + ones)) & tops)))
			p += 8;
		if (p >= end)
			break;
		if ((unsigned char)*p < 0x7F)   /* most of it: nothing to look up */
			continue;
		gunichar c = g_utf8_get_char(p);
		if (c != 0x7F && !(c >= 0x80 && c < 0xA0) && !bnc_unichar_invisible(c))
			continue;
		if (!o)
			o = g_string_sized_new(len + 16);
		g_string_append_len(o, copied, p - copied);
		if (c > 0xFFFF)   /* a surrogate pair, as JSON spells it */
			g_string_append_printf(o, "\\u%04x\\u%04x", 0xD800 + ((c - 0x10000) >> 10),
			                       0xDC00 + ((c - 0x10000) & 0x3FF));
		else
			g_string_append_printf(o, "\\u%04x", (unsigned)c);
		copied = g_utf8_next_char(p);
	}
	if (!o)
		return js;
	g_string_append(o, copied);
	g_free(js);
	return g_string_free(o, FALSE);
}
