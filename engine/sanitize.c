/* sanitize.c - the one funnel for untrusted text on its way to a terminal.
 *
 * C0 controls, DEL and C1 controls become their visible Control Pictures
 * (ESC shows as U+241B, so no escape sequence survives); bidi overrides,
 * isolates and marks, zero-width characters and the BOM become U+FFFD; bytes
 * that are not UTF-8 become U+FFFD.  Everything else passes as it is.
 */
#include <string.h>
#include <glib.h>
#include "bouncelens.h"

static int invisible(gunichar c)
{
	return (c >= 0x200B && c <= 0x200F) ||   /* zero-width space .. RLM */
	       (c >= 0x202A && c <= 0x202E) ||   /* embeddings and overrides */
	       (c >= 0x2060 && c <= 0x2069) ||   /* word joiner .. isolates */
	       c == 0x061C || c == 0xFEFF || c == 0x00AD || c == 0x180E ||
	       (c >= 0xFFF9 && c <= 0xFFFB);     /* interlinear annotation */
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
		else if (invisible(c))
			g_string_append_unichar(o, 0xFFFD);
		else
			g_string_append_len(o, p, next - p);
		p = next;
	}
	return g_string_free(o, FALSE);
}
