/* deutschetelekom.c - bounces of Smail 3 and of Deutsche Telekom's
 * (T-Online's) mailers built on it: banners of Smail's notify.c frame a
 * message log, the failed addresses and the returned message.
 *
 *   |------------------------- Failed addresses follow: ---------------------|
 *    <user@example.de>                              (Deutsche Telekom)
 *      552 5.2.2 <user@example.de> Quota exceeded ...
 *    user@example.org ... failed: unknown host      (Smail 3)
 *   |------------------------- Message header follows: ----------------------|
 *
 * Follows current Sisimai's DeutscheTelekom decoder (5.7.0): the lines
 * before the failed addresses (Smail's message log) lead the diagnosis of a
 * Smail line (while the copies stay under BNC_SHARED_TEXT_MAX); a Deutsche
 * Telekom recipient's diagnosis is the last line after its address.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

#define BANNER_LOG_TEXT    "|------------------------- Message log follows: -------------------------|"
#define BANNER_FAILED_TEXT "|------------------------- Failed addresses follow: ---------------------|"
#define BANNER_TEXT_TEXT   "|------------------------- Message text follows: ------------------------|"
#define BANNER_HEADER_TEXT "|------------------------- Message header follows: ----------------------|"
static const char *const banners[] = {BANNER_LOG_TEXT, BANNER_FAILED_TEXT, BANNER_TEXT_TEXT, BANNER_HEADER_TEXT};
enum { BANNER_LOG, BANNER_FAILED, BANNER_TEXT, BANNER_HEADER };

/* The returned message: its header block (Deutsche Telekom), else the whole
 * message (Smail).  (Macros: a C initializer cannot read another array.) */
static const char *const original_marks[] = {BANNER_HEADER_TEXT, BANNER_TEXT_TEXT};

/* " <user@example.de>": one space, the address in angle brackets */
static int bracketed_address(const char *e, size_t len)
{
	if (len < 4 || e[0] != ' ' || e[1] != '<' || e[len - 1] != '>')
		return 0;
	return !strchr(e + 1, ' ');
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_contains_any(m->payload, banners, G_N_ELEMENTS(banners)))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, original_marks, G_N_ELEMENTS(original_marks));
	if (!*rd.errpart)
		return bnc_reading_close(&rd, 0, out, NULL);

	GString *log = g_string_new(NULL);   /* Smail's message log */
	GArray *logged = g_array_new(FALSE, FALSE, sizeof(guint));   /* records that lead with it */
	size_t i = 0;
	for (; rd.lines[i] && !bnc_has_prefix(rd.lines[i], banners[BANNER_FAILED]); i++)
		if (*rd.lines[i] && !bnc_has_prefix(rd.lines[i], banners[BANNER_LOG])) {
			/* "no valid recipients were found for this message" */
			g_string_append(log, rd.lines[i]);
			g_string_append_c(log, ' ');
		}
	for (i += rd.lines[i] ? 1 : 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		size_t len = strlen(e);
		if (!len)
			continue;
		static const char *const smail[] = {" ", "@", ".", " ... "};
		if (bracketed_address(e, len)) {
			struct bnc_rec *v = bnc_sheet_next(&rd.sh);
			bnc_rec_set(v, RF_RECIPIENT, e + 2, (gssize)len - 3, "the ' <address>' line after 'Failed addresses follow:'");
			rd.sh.recipients++;
		} else if (bnc_aligned(e, smail, G_N_ELEMENTS(smail))) {
			/* " user@example.org ... failed: unknown host" */
			struct bnc_rec *v = bnc_sheet_next(&rd.sh);
			const char *b = strchr(e, ' ') + 1, *z = strstr(b, " ... ");
			bnc_rec_set(v, RF_RECIPIENT, b, z ? z - b : -1, "the 'address ... failed:' line after 'Failed addresses follow:'");
			g_string_assign(bnc_sheet_last_diag(&rd.sh), e);
			v->why[RF_DIAGNOSIS] = "the message log and the 'address ... failed:' line";
			guint at = (guint)bnc_sheet_len(&rd.sh) - 1;
			g_array_append_val(logged, at);
			rd.sh.recipients++;
		} else {
			/* "   552 5.2.2 <user@example.de> Quota exceeded (mailbox for user is full)" */
			guint at = (guint)bnc_sheet_len(&rd.sh) - 1;
			if (logged->len && g_array_index(logged, guint, logged->len - 1) == at)
				g_array_set_size(logged, logged->len - 1);
			g_string_assign(bnc_sheet_last_diag(&rd.sh), e);
			bnc_sheet_last(&rd.sh)->why[RF_DIAGNOSIS] = "the line after the ' <address>' line";
		}
	}

	int ok = rd.sh.recipients > 0;
	if (ok && log->len && bnc_shared_text_fits(logged->len, log->len))
		for (guint k = 0; k < logged->len; k++) {
			GString *d = bnc_sheet_diag(&rd.sh, g_array_index(logged, guint, k));
			g_string_prepend_c(d, ' ');
			g_string_prepend(d, log->str);
		}
	if (ok)
		bnc_sheet_diagnosis(&rd.sh, NULL);
	bnc_reading_close(&rd, ok, out, "a 'Failed addresses follow:' banner of Smail 3 (Deutsche Telekom, T-Online)");
	g_string_free(log, TRUE);
	g_array_free(logged, TRUE);
	return ok;
}

const struct bnc_decoder bnc_decoder_deutschetelekom = {"DeutscheTelekom", inquire, NULL};
