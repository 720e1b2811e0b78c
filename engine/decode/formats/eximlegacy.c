/* eximlegacy.c - Exim's reports that Sisimai's Exim decoder passes over:
 * Exim 3's "(Exim)" wording, reports whose text an administrator rewrote
 * (bounce_message_text) or translated, without the markers that decoder
 * looks for.  What every Exim since 3 writes whatever the text is the
 * X-Failed-Recipients: header, the list of the failed addresses; each one's
 * error is the indented lines below it in the text, when it is there.
 */
#include <string.h>
#include "notice.h"
#include "lhost.h"

#define REPORT_MAX (1u << 20)
#define RCPT_MAX 10000

static void bnc_gstring_free(GString *s) { g_string_free(s, TRUE); }

/* One pass over the lines: the indented text below the line that names a
 * failed address becomes that address's diagnosis (diags: address -> GString). */
static void lines_below(char **lines, GHashTable *diags)
{
	for (size_t i = 0; lines[i]; i++) {
		char *a = bnc_address_find(lines[i]);
		char *low = a ? bnc_strdown(a, -1) : NULL;
		GString *d = low ? g_hash_table_lookup(diags, low) : NULL;
		if (d && !d->len) {
			const char *after = strcasestr(lines[i], a) + strlen(a);
			while (*after == '>' || *after == ':' || *after == ' ')
				after++;
			g_string_append(d, after);
			for (size_t k = i + 1; lines[k] && lines[k][0] == ' ' && d->len < 4096; k++, i++) {
				g_string_append_c(d, ' ');
				g_string_append(d, lines[k]);
			}
		}
		g_free(low);
		g_free(a);
	}
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *failed = bnc_msg_header(m, "x-failed-recipients");
	if (!failed || !m->payload)
		return 0;
	static const char *const marks[] = {"------ This is a copy of the message", "Content-Type: message/rfc822",
	                                    "Content-Type: text/rfc822-headers"};
	char *errpart, *orig;
	bnc_part(m->payload, marks, G_N_ELEMENTS(marks), &errpart, &orig);
	if (strlen(errpart) > REPORT_MAX)
		errpart[REPORT_MAX] = 0;
	char **lines = bnc_split_lines(errpart);
	char **addrs = g_strsplit(failed, ",", RCPT_MAX);
	GHashTable *diags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)bnc_gstring_free);
	for (char **a = addrs; *a; a++) {
		char *addr = bnc_address_find(*a);
		if (addr)
			g_hash_table_insert(diags, bnc_strdown(addr, -1), g_string_new(NULL));
		g_free(addr);
	}
	lines_below(lines, diags);
	char *whole = bnc_squeeze_space(errpart);
	if (strlen(whole) > 2048)
		whole[2048] = 0;
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	for (char **a = addrs; *a; a++) {
		char *addr = bnc_address_find(*a);
		char *low = addr ? bnc_strdown(addr, -1) : NULL;
		GString *own = low ? g_hash_table_lookup(diags, low) : NULL;
		g_free(low);
		if (!own) {
			g_free(addr);
			continue;
		}
		struct bnc_rec *v = bnc_sheet_next(&sh);
		bnc_rec_set(v, RF_RECIPIENT, addr, -1, "X-Failed-Recipients: header (Exim)");
		const char *d = own->len ? own->str : whole;
		char *sq = bnc_squeeze_space(d);
		bnc_rec_set(v, RF_DIAGNOSIS, sq, -1, "the lines below the address in Exim's report");
		bnc_rec_set(v, RF_ACTION, "failed", -1, "a failure report (X-Failed-Recipients:)");
		g_free(sq);
		g_free(addr);
		sh.recipients++;
	}
	int ok = sh.recipients > 0;
	bnc_sheet_close(&sh, ok, out, orig, "an X-Failed-Recipients: header (Exim) without the wording Sisimai's Exim decoder reads");
	g_hash_table_destroy(diags);
	g_free(whole);
	g_strfreev(addrs);
	g_strfreev(lines);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_eximlegacy = {"EximLegacy", inquire, NULL};
