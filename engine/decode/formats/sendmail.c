/* sendmail.c - bounces written by sendmail 8 (savemail.c): a transcript of
 * the SMTP session followed by a message/delivery-status part.
 *
 * Follows Sisimai's Sendmail decoder: the delivery-status fields give the
 * records; the transcript (">>> " commands, "<<< " replies, bare error
 * lines) fills the command, prefixes the diagnosis and stands in for a
 * missing one.
 */
#include <string.h>
#include "private.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "lhost.h"

#define TRANSCRIPT_MARK "   ----- Transcript of session follows -----"
#define TALKING_MARK    "... while talking to "

/* Where the original message begins. */
static const char *const cutby[] = {
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
};

/* ruleset 4 of sendmail.cf: "<a@b>" becomes "a@b" when there is one @ */
static char *address_final(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || strchr(at + 1, '@'))
		return g_strdup(s);
	GString *o = g_string_new(NULL);
	for (const char *p = s; *p; p++)
		if (*p != '<' && *p != '>')
			g_string_append_c(o, *p);
	return g_string_free(o, FALSE);
}

/* an empty delivery-status value is never kept, nor a malformed Status: */
static int accepts(int t, const char *value)
{
	if (!value || !*value)
		return 0;
	if (t == RF_STATUS)
		return bnc_status_test(value);
	return 1;
}

/* ---- the decoder ---------------------------------------------------------- */

/* a per-message field, if accepts() does */
static void set_accepted(struct bnc_rec *r, int t, const char *value, const char *why)
{
	if (accepts(t, value))
		bnc_rec_set(r, (enum bnc_rec_field)t, value, -1, why);
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (bnc_msg_header(m, "x-aol-ip"))
		return 0; /* AOL's own bounces carry this and are not sendmail's */
	const char *subject = bnc_hdr(m, "subject");
	if (!bnc_has_prefix(subject, "Warning: ") && !g_str_has_suffix(subject, "see transcript for details"))
		return 0;

	char *former, *latter;
	bnc_part(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	struct dsn_permsg pm = {0};
	GPtrArray *replies = g_ptr_array_new_with_free_func(g_free); /* "<<< " lines */
	GString *another = g_string_new(NULL);                          /* bare error lines */
	char another_status[16] = "";
	char thecommand[16] = "";
	int sessionerr = 0, reading = 0, recipients = 0;
	const char *prev = "";

	char **lines = bnc_split_lines(former);
	for (size_t li = 0; lines[li]; prev = lines[li], li++) {
		const char *e = lines[li];
		if (!reading) {
			if (bnc_has_prefix(e, TRANSCRIPT_MARK))
				reading = 1;
			continue;
		}

		int blk = bnc_dsn_match(e);
		if (blk) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			v = bnc_sheet_last(&sh);
			if (!strcmp(o.group, "addr")) {
				if (!strcmp(o.label, "final-recipient")) {
					v = bnc_sheet_next(&sh);
					char *fv = address_final(o.value);
					bnc_rec_set(v, RF_RECIPIENT, fv, -1, "Final-Recipient: field of the delivery-status part");
					g_free(fv);
					recipients++;
				} else {
					bnc_rec_set(v, RF_ALIAS, o.value, -1,
					            !strcmp(o.label, "x-actual-recipient") ? "X-Actual-Recipient: field"
					                                                    : "Original-Recipient: field");
				}
			} else if (!strcmp(o.group, "code")) {
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				bnc_rec_set(v, RF_DIAGNOSIS, o.value, -1, "Diagnostic-Code: field of the delivery-status part");
			} else {
				int t = bnc_dsn_target(o.label);
				if (t >= 0 && accepts(t, o.value)) {
					static const char *const why[RF__COUNT] = {
						[RF_ACTION] = "Action: field of the delivery-status part",
						[RF_STATUS] = "Status: field of the delivery-status part",
						[RF_RHOST] = "Remote-MTA: field of the delivery-status part",
						[RF_LHOST] = "Reporting-MTA: field of the delivery-status part",
						[RF_DATE] = "Arrival-Date:/Last-Attempt-Date: field",
					};
					bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, why[t]);
					if (blk == DSN_PER_MESSAGE)
						bnc_permsg_keep(&pm, t, o.value);
				}
			}
			bnc_dsn_field_clear(&o);
			continue;
		}

		if (e[0] == ' ') {
			/* a folded Diagnostic-Code: line; only the first fold counts */
			if (bnc_has_prefix(prev, "Diagnostic-Code:")) {
				char *sw = bnc_sweep(e);
				/* kept untrimmed, as Sisimai does */
				bnc_rec_cat(v, RF_DIAGNOSIS, " ", sw, -1);
				v->why[RF_DIAGNOSIS] = "Diagnostic-Code: field of the delivery-status part";
				g_free(sw);
			}
			continue;
		}
		if (bnc_has_prefix(e, ">>> ")) {
			/* the command the client sent */
			if (!*thecommand)
				bnc_command_find(e, thecommand);
			continue;
		}
		if (bnc_has_prefix(e, "<<< ")) {
			/* a reply of the remote server, each different one kept once */
			const char *r = e + 4;
			int seen = 0;
			for (guint k = 0; k < replies->len && !seen; k++)
				seen = strstr(g_ptr_array_index(replies, k), r) != NULL;
			if (!seen)
				g_ptr_array_add(replies, g_strdup(r));
			continue;
		}
		if (sessionerr)
			continue;
		if (bnc_has_prefix(e, TALKING_MARK)) {
			sessionerr = 1;
			continue;
		}
		static const char *const rcptline[] = {"@", ">.", " "};
		if (e[0] == '<' && bnc_aligned(e, rcptline, 3)) {
			/* "<a@b>... Deferred: ..." : the text after the first space */
			const char *sp = strchr(e, ' ');
			g_string_assign(another, sp ? sp + 1 : "");
			continue;
		}
		char cr[4], cs[16];
		bnc_reply_find(e, "", cr);
		bnc_status_find(e, "", cs);
		if (strlen(cr) + strlen(cs) > 7) {
			/* "554 5.3.0 unknown mailer error 255" */
			g_strlcpy(another_status, cs, sizeof another_status);
			g_string_append_c(another, ' ');
			g_string_append(another, e);
		} else if (bnc_has_prefix(e, "Message: ") || bnc_has_prefix(e, "Warning: ")) {
			g_string_append_c(another, ' ');
			g_string_append(another, e);
		}
	}
	g_strfreev(lines);

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		bnc_permsg_give(&pm, r, v, set_accepted, "per-message field of the delivery-status part");

		const char *d = bnc_rec_get(r, RF_DIAGNOSIS);
		GString *diag = g_string_new(d);
		const char *dwhy = r->why[RF_DIAGNOSIS];
		if (another->len && (d[0] == ' ' || bnc_only_digits(d) || !*d)) {
			g_string_assign(diag, another->str);
			dwhy = "the error lines of the session transcript";
		}
		if (replies->len && recipients == 1) {
			/* the server's own words go first */
			GString *t = g_string_new(NULL);
			for (guint k = 0; k < replies->len; k++) {
				if (k)
					g_string_append_c(t, ' ');
				g_string_append(t, g_ptr_array_index(replies, k));
			}
			g_string_append_c(t, ' ');
			g_string_append(t, diag->str);
			g_string_free(diag, TRUE);
			diag = t;
			dwhy = "the '<<<' reply lines of the SMTP transcript and the Diagnostic-Code: field";
		}
		char *sw = bnc_sweep(diag->str);
		g_string_free(diag, TRUE);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, dwhy);
		g_free(sw);

		char cmd[16] = "";
		const char *cwhy = NULL;
		if (*thecommand) {
			g_strlcpy(cmd, thecommand, sizeof cmd);
			cwhy = "the '>>>' command line of the SMTP transcript";
		} else if (bnc_command_find(bnc_rec_get(r, RF_DIAGNOSIS), cmd)) {
			cwhy = "SMTP command named in the diagnostic text";
		} else if (replies->len) {
			g_strlcpy(cmd, "EHLO", sizeof cmd);
			cwhy = "a '<<<' reply with no '>>>' command before it (taken as EHLO)";
		}
		if (*cmd)
			bnc_rec_set(r, RF_COMMAND, cmd, -1, cwhy);

		if (*another_status && !bnc_status_test(bnc_rec_get(r, RF_STATUS)))
			bnc_rec_set(r, RF_STATUS, another_status, -1, "status code in an error line of the transcript");

		if (bnc_rec_get(r, RF_RECIPIENT)[0] == '@') {
			/* "@host" only: the address named in the diagnosis */
			char *a = bnc_address_find(bnc_rec_get(r, RF_DIAGNOSIS));
			if (a)
				bnc_rec_set(r, RF_RECIPIENT, a, -1, "address named in the diagnostic text");
			g_free(a);
		}
	}

	bnc_sheet_close(&sh, ok, out, latter,
	                "Subject: 'Returned mail: see transcript for details' or 'Warning: ...' and "
		               "'----- Transcript of session follows -----'");
	g_ptr_array_free(replies, TRUE);
	g_string_free(another, TRUE);
	bnc_permsg_clear(&pm);
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_sendmail = {"Sendmail", inquire, NULL};
