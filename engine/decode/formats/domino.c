/* domino.c - HCL (formerly IBM/Lotus) Domino "DELIVERY FAILURE:" reports.
 *
 * "Your message / Subject: ... / was not delivered to: / addr / because: /
 * reason", optionally followed by delivery-status fields.  The reason line
 * names the bounce reason in several languages.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"Content-Type: message/rfc822"};
static const struct bnc_entry messages_entries[] = {
	BNC_T(filtered, "Cannot route mail to user")
	BNC_T(systemerror, "Several matches found in Domino Directory")
	BNC_T(userunknown, "not listed in Domino Directory")
	BNC_T(userunknown, "not listed in public Name & Address Book")
	BNC_T(userunknown, "no se encuentra en el Directorio de Domino")
	BNC_T(userunknown, "non répertorié dans l'annuaire Domino")
	BNC_T(userunknown, "Domino ディレクトリには見つかりません")
};
static const struct bnc_table messages = BNC_TABLE("domino", "Domino's error messages after 'because:'", messages_entries);
/* the French message when its accented letters did not survive decoding */
static const char *const french_parts[] = {"non r", "pertori", "dans l'annuaire Domino"};

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *subject = bnc_hdr(m, "subject");
	if (!bnc_has_prefix(subject, "DELIVERY FAILURE:") && !bnc_has_prefix(subject, "DELIVERY_FAILURE:"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	int reading = 0, recipients = 0;
	char *subjecttxt = g_strdup("");
	char *permsg[RF__COUNT] = {0};
	int order[RF__COUNT], norder = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (bnc_has_prefix(e, "Your message"))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;
		if (!strcmp(e, "was not delivered to:")) {
			v = bnc_sheet_next(&sh);
			/* a placeholder until the address line below replaces it */
			bnc_rec_set(v, RF_RECIPIENT, e, -1, "the line after 'was not delivered to:'");
			recipients++;
		} else if (bnc_has_prefix(e, "  ") && strchr(e, '@') && strlen(e) >= 3 && !strchr(e + 3, ' ')) {
			char *a = bnc_address_s3s4(e + 2);
			bnc_rec_set(v, RF_RECIPIENT, a, -1, "the line after 'was not delivered to:'");
			g_free(a);
		} else if (!strcmp(e, "because:")) {
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the line after 'because:'");
		} else if (!strcmp(bnc_rec_get(v, RF_DIAGNOSIS), "because:")) {
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the line after 'because:'");
		} else if (bnc_has_prefix(e, "  Subject: ")) {
			g_free(subjecttxt);
			subjecttxt = g_strdup(e + 11);
		} else {
			int blk = bnc_dsn_match(e);
			struct dsn_field o;
			if (!blk || !bnc_dsn_field(e, &o))
				continue;
			int t = bnc_dsn_target(o.label);
			if (t < 0) {
				bnc_dsn_field_clear(&o);
				continue;
			}
			if (!strcmp(o.group, "code")) {
				if (!*bnc_rec_get(v, RF_SPEC))
					bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				if (!*bnc_rec_get(v, RF_DIAGNOSIS))
					bnc_rec_set(v, RF_DIAGNOSIS, o.value, -1, "Diagnostic-Code: field");
			} else {
				bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, "a delivery-status field of the report");
				if (blk == DSN_PER_MESSAGE) {
					if (!permsg[t])
						order[norder++] = t;
					g_free(permsg[t]);
					permsg[t] = g_strdup(o.value);
				}
			}
			bnc_dsn_field_clear(&o);
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *s = bnc_squeeze_space(bnc_rec_get(r, RF_DIAGNOSIS));
		bnc_rec_set(r, RF_DIAGNOSIS, s, -1, "the line after 'because:'");
		g_free(s);
		char *a = bnc_address_s3s4(bnc_rec_get(r, RF_RECIPIENT));
		bnc_rec_set(r, RF_RECIPIENT, a, -1, "the line after 'was not delivered to:'");
		g_free(a);
		for (int k = 0; k < norder; k++) {
			int t = order[k];
			/* Sisimai tests the last record here, not r */
			if (*bnc_rec_get(v, (enum bnc_rec_field)t) || !*permsg[t])
				continue;
			bnc_rec_set(r, (enum bnc_rec_field)t, permsg[t], -1, "a per-message delivery-status field");
		}
		const char *d = bnc_rec_get(r, RF_DIAGNOSIS);
		bnc_rec_reason_from(r, &messages, d, "Domino's error message after 'because:'");
		if (!r->f[RF_REASON] && bnc_aligned(d, french_parts, G_N_ELEMENTS(french_parts)))
			bnc_rec_set(r, RF_REASON, "userunknown", -1, "Domino's French 'non répertorié dans l'annuaire Domino'");
	}

	int ok = recipients > 0;
	if (ok) {
		g_string_assign(out->rfc822, orig);
		if (!*orig) {
			/* no original message: its To: and Subject: from the report */
			struct bnc_rec *r0 = bnc_sheet_rec(&sh, 0);
			g_string_printf(out->rfc822, "To: <%s>\nSubject: %s\n", bnc_rec_get(r0, RF_RECIPIENT), subjecttxt);
		}
		out->claimed = "Subject: DELIVERY FAILURE: and 'Your message ... was not delivered to:' (Domino)";
	}
	bnc_sheet_close(&sh, ok, out, NULL, NULL);
	for (int k = 0; k < RF__COUNT; k++)
		g_free(permsg[k]);
	g_free(subjecttxt);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_domino = {"Domino", inquire, (const struct bnc_table *const[]){&messages, NULL}};
