/* decode.c - one message in, verdicts out.
 *
 * The message is read through GMime (engine/mime.c), offered to each
 * decoder in a fixed order until one claims it, and the records of the one
 * that did become verdicts (engine/fact.c).  A message no decoder claims is
 * not a bounce: it yields no verdict and no error, as in Sisimai.
 */
#include <string.h>
#include "verdict.h"
#include "mime.h"
#include "fact.h"
#include "registry.h"

#define DECODE_MAX_BYTES (64u << 20)   /* as a source refuses a file past it */
#define DECODE_MAX_RECIPIENTS 10000     /* verdicts of one message */

static bnc_result *result_new(void)
{
	bnc_result *r = g_new0(bnc_result, 1);
	r->verdicts = g_ptr_array_new_with_free_func((GDestroyNotify)bnc_verdict_free);
	return r;
}

static bnc_result *fail(bnc_result *r, bnc_status st, char *why)
{
	r->status = st;
	r->error = why;
	return r;
}

bnc_result *bnc_decode(const char *data, size_t len, const char *origin, const bnc_options *opt)
{
	static const bnc_options defaults = {0, 0, 0};
	bnc_result *r = result_new();
	if (!opt)
		opt = &defaults;
	if (!data || !len)
		return fail(r, BNC_ERR_EMPTY, g_strdup("the message is empty"));
	if (len > DECODE_MAX_BYTES)
		return fail(r, BNC_ERR_TOO_BIG, g_strdup_printf("the message is %zu bytes, over the %u MB cap", len,
		                                                 DECODE_MAX_BYTES >> 20));
	struct bnc_msg m;
	char *err = NULL;
	bnc_status st = bnc_mime_read(data, len, &m, &err);
	if (st != BNC_OK)
		return fail(r, st, err);

	m.sisimai = opt->sisimai;
	const struct bnc_decoder *list[BNC_MAX_DECODERS];
	size_t n = bnc_decoder_order(&m, list, BNC_MAX_DECODERS);
	for (size_t i = 0; i < n; i++) {
		struct bnc_rising rising = {g_ptr_array_new_with_free_func((GDestroyNotify)bnc_rec_free), g_string_new(NULL), NULL, 0};
		int ok = list[i]->inquire(&m, &rising);
		if (ok && rising.recs->len > DECODE_MAX_RECIPIENTS) {
			char *was = m.cut;
			m.cut = g_strdup_printf("%s%s%u recipients: only the first %u reported", was ? was : "",
			                        was ? "; " : "", rising.recs->len, DECODE_MAX_RECIPIENTS);
			g_free(was);
			g_ptr_array_set_size(rising.recs, DECODE_MAX_RECIPIENTS);
		}
		int unaddressed = 1;   /* no record had a recipient it could take */
		if (ok) {
			g_free(r->claim);
			if (r->dropped)
				g_ptr_array_free(r->dropped, TRUE);
			r->claim = g_strdup_printf("%s: %s", list[i]->name, rising.claimed ? rising.claimed : "");
			r->dropped = g_ptr_array_new_with_free_func(g_free);
		}
		if (ok && rising.recs->len)
			bnc_rise(&m, &rising, list[i]->name, origin ? origin : "", opt, r->verdicts, r->dropped, &unaddressed);
		if (rising.trimmed) {
			char *was = m.cut;
			m.cut = g_strdup_printf("%s%sverdicts past eight times the message's size: their long fields cut to "
			                        "256 bytes", was ? was : "", was ? "; " : "");
			g_free(was);
		}
		g_ptr_array_free(rising.recs, TRUE);
		g_string_free(rising.rfc822, TRUE);
		/* Sisimai stops at the first claim.  Outside its mode, a claim that
		 * found no recipient it could take (an empty Final-Recipient:)
		 * leaves the message to the decoders after it. */
		if (ok && (opt->sisimai || !unaddressed || r->verdicts->len))
			break;
	}
	r->notice = m.cut;
	m.cut = NULL;
	bnc_msg_clear(&m);
	return r;
}
