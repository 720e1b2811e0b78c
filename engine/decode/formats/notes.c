/* notes.c - HCL (formerly IBM/Lotus) Notes "Undeliverable message" reports:
 * "------- Failure Reasons --------", the error text and the recipient on
 * a line of its own, then "------- Returned Message --------".
 */
#include <string.h>
#include "private.h"
#include "rfc1894.h"
#include "dsn.h"
#include "xch-moji.h"

static const char *const boundaries[] = {"------- Returned Message --------"};
static const struct {
	const char *text, *reason;
} messages[] = {
	{"Message has exceeded maximum hop count", "networkerror"},
	{"User not listed in public Name & Address Book", "userunknown"},
	{"ディレクトリのリストにありません", "userunknown"},
};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!g_str_has_prefix(xch_hdr(m, "subject"), "Undeliverable message"))
		return 0;

	char *errpart, *orig;
	bnc_split_original(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	GPtrArray *recs = g_ptr_array_new(), *diag = g_ptr_array_new();
	struct bnc_rec *v = bnc_rec_new();
	GString *d = g_string_new(NULL);
	g_ptr_array_add(recs, v);
	g_ptr_array_add(diag, d);
	int reading = 0, recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (g_str_has_prefix(e, "------- Failure Reasons "))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;
		if (strchr(e, '@') && !strchr(e, ' ')) {
			if (!bnc_is_address(e))
				continue;
			if (v->f[RF_RECIPIENT]) {
				v = bnc_rec_new();
				d = g_string_new(NULL);
				g_ptr_array_add(recs, v);
				g_ptr_array_add(diag, d);
			}
			bnc_rec_set(v, RF_RECIPIENT, e, -1, "the address line under '------- Failure Reasons'");
			recipients++;
		} else if (e[0] != '-') {
			g_string_append_c(d, ' ');
			g_string_append(d, e);
		}
	}
	g_strfreev(lines);

	if (!recipients) {
		/* no address in the report: the To: of the returned message */
		const char *end = strstr(orig, "\n\n");
		const char *to = strstr(orig, "\nTo:");
		if (to && (!end || to < end)) {
			const char *nl = strchr(to + 4, '\n');
			char *raw = nl ? g_strndup(to + 4, (gsize)(nl - to - 4)) : g_strdup(to + 4);
			char *a = bnc_address_s3s4(raw);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "To: of the returned message");
			g_free(a);
			g_free(raw);
			recipients++;
		}
	}

	for (guint j = 0; recipients && j < recs->len; j++) {
		struct bnc_rec *r = g_ptr_array_index(recs, j);
		char *s = bnc_squeeze_space(((GString *)g_ptr_array_index(diag, j))->str);
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the text under '------- Failure Reasons'");
		for (size_t k = 0; k < G_N_ELEMENTS(messages); k++)
			if (strstr(s, messages[k].text)) {
				bnc_rec_set(r, RF_REASON, messages[k].reason, -1, "Notes' error message under 'Failure Reasons'");
				break;
			}
		g_free(s);
	}
	int ok = recipients > 0;
	xch_finish(recs, diag, ok, out);
	if (ok) {
		g_string_assign(out->rfc822, orig);
		out->claimed = "Subject: Undeliverable message and a '------- Failure Reasons' block (Notes)";
	}
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_notes = {"Notes", inquire};
