/* v5sendmail.c - bounces of sendmail 5 and its kin: a bare transcript
 * ("----- Transcript of session follows -----") and the returned message
 * after "----- Unsent message follows -----", without any delivery-status
 * part.
 *
 * Follows Sisimai's V5sendmail decoder: a recipient is a line naming
 * "<address>..." (or a ">>> RCPT To:<address>" line) once a "While talking
 * to host:" line has named the remote host; error lines before that are kept,
 * and without such a line each "<address>..." error line among them is a
 * recipient of its own (current Sisimai), else the first address in them.
 */
#include <string.h>
#include "private.h"
#include "smtpcode.h"
#include "lhost.h"
#include "hosts.h"
#include "rfc1894.h"

#define TRANSCRIPT_MARK "----- Transcript of session follows -----"
#define TALKING_MARK    "While talking to "

/* Where the returned message begins. */
static const char *const cutby[] = {
	"   ----- Unsent message follows -----",
	"  ----- No message was collected -----",
};

/* ---- the decoder ---------------------------------------------------------- */

/* text kept per record index: error lines that named no recipient */
static void another_add(GPtrArray *another, guint at, const char *line)
{
	while (another->len <= at)
		g_ptr_array_add(another, g_string_new(NULL));
	GString *s = g_ptr_array_index(another, at);
	g_string_append_c(s, ' ');
	g_string_append(s, line);
}

static const char *another_get(GPtrArray *another, guint at)
{
	return at < another->len ? ((GString *)g_ptr_array_index(another, at))->str : "";
}

static void another_free(gpointer p)
{
	g_string_free(p, TRUE);
}

/* append " line" to the diagnosis, untrimmed (Sweep tidies it at the end) */
static void diag_add(struct bnc_rec *v, const char *line)
{
	bnc_rec_cat(v, RF_DIAGNOSIS, " ", line, -1);
	v->why[RF_DIAGNOSIS] = "the lines of the session transcript";
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m || !m->payload || !*m->payload)
		return 0;
	if (!bnc_has_prefix(bnc_hdr(m, "subject"), "Returned mail: "))
		return 0;

	char *former, *latter;
	bnc_part(m->payload, cutby, G_N_ELEMENTS(cutby), &former, &latter);
	if (!*latter) {
		g_free(former);
		g_free(latter);
		return 0;
	}

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GPtrArray *another = g_ptr_array_new_with_free_func(another_free);
	GPtrArray *early = g_ptr_array_new_with_free_func(g_free);   /* addresses of error lines, in order */
	GPtrArray *early_line = g_ptr_array_new_with_free_func(g_free);   /* ... and those lines */
	GHashTable *early_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *remotehost = g_strdup("");
	char curcommand[16] = "";
	int reading = 0;
	guint recipients = 0;

	char **lines = bnc_split_lines(former);
	for (size_t li = 0; lines[li]; li++) {
		const char *e = lines[li];
		if (!reading) {
			if (strstr(e, TRANSCRIPT_MARK))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;

		if (bnc_has_prefix(e, ">>> "))
			bnc_command_find(e + 4, curcommand);
		static const char *const rcptline[] = {" <", "@", ">..."};
		char *up = g_ascii_strup(e, -1);
		int rcptto = strstr(up, ">>> RCPT TO:") != NULL;
		g_free(up);
		if (bnc_aligned(e, rcptline, 3) || rcptto) {
			/* "550 <a@b>... User unknown" or ">>> RCPT To:<a@b>" */
			char *ce = bnc_select(e, " <", ">...");
			if (!*ce) {
				g_free(ce);
				ce = bnc_select(e, ":<", ">");
			}
			char *cv = bnc_address_s3s4(ce);
			g_free(ce);
			if (!*remotehost) {
				/* before any "While talking to": kept aside, and the
				 * address of a "<addr>..." error line remembered */
				another_add(another, recipients, e);
				if (*cv && !rcptto && !g_hash_table_contains(early_seen, cv)) {
					g_hash_table_add(early_seen, g_strdup(cv));
					g_ptr_array_add(early, g_strdup(cv));
					g_ptr_array_add(early_line, g_strdup(e));
				}
				g_free(cv);
				continue;
			}
			char rc[4];
			if (!strcmp(cv, bnc_rec_get(v, RF_RECIPIENT)) ||
			    (!strcmp(curcommand, "MAIL") && bnc_has_prefix(e, "<<< "))) {
				/* more about the same recipient, or the reply to MAIL */
				diag_add(v, e);
				bnc_reply_find(e, "", rc);
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
				curcommand[0] = 0;
			} else {
				v = bnc_sheet_next(&sh);
				recipients++;
				bnc_rec_set(v, RF_RECIPIENT, cv, -1, "an address in '<...>...' of the session transcript");
				bnc_rec_set(v, RF_RHOST, remotehost, -1, "the 'While talking to' line of the session transcript");
				bnc_reply_find(e, "", rc);
				bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
				diag_add(v, e);
				if (!*bnc_rec_get(v, RF_COMMAND) && *curcommand)
					bnc_rec_set(v, RF_COMMAND, curcommand, -1, "the '>>>' command line of the session transcript");
			}
			g_free(cv);
			continue;
		}
		if (strstr(e, TALKING_MARK)) {
			/* "While talking to mail.example.jp:" */
			char *cv = bnc_rfc1123_find(e);
			if (cv && bnc_rfc1123_is_host(cv)) {
				g_free(remotehost);
				remotehost = cv;
			} else {
				g_free(cv);
			}
		} else if (bnc_has_prefix(e, ">>> ") || bnc_has_prefix(e, "<<< ")) {
			diag_add(v, e);
		} else {
			another_add(another, recipients, e);
		}
	}
	g_strfreev(lines);

	if (recipients == 0 && early->len) {
		/* no "While talking to": a record for each "<addr>... " error line,
		 * each with the whole transcript (current Sisimai); past the copies'
		 * cap, each with its own line */
		const char *a0 = another_get(another, 0);
		int whole = bnc_shared_text_fits(early->len, strlen(a0));
		for (guint k = 0; k < early->len; k++) {
			const char *d = whole ? a0 : g_ptr_array_index(early_line, k);
			char rc[4];
			bnc_reply_find(d, "", rc);
			v = bnc_sheet_next(&sh);
			bnc_rec_set(v, RF_RECIPIENT, g_ptr_array_index(early, k), -1,
			            "an address in '<...>...' of the session transcript");
			bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
			bnc_rec_set(v, RF_DIAGNOSIS, d, -1, whole ? "the error lines of the session transcript" :
			                                            "the '<...>...' line of the session transcript");
			recipients++;
		}
	}
	if (recipients == 0) {
		/* only error lines: an address in the first of them */
		const char *a0 = another_get(another, 0);
		char *cv = bnc_address_s3s4(a0);
		if (*cv) {
			char rc[4];
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "an address in the error lines of the session transcript");
			bnc_reply_find(a0, "", rc);
			bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in the session transcript");
			bnc_rec_set(v, RF_DIAGNOSIS, a0, -1, "the error lines of the session transcript");
			recipients++;
		}
		g_free(cv);
		if (recipients == 0) {
			/* the To: header of the returned message */
			char *to = bnc_select(latter, "\nTo: ", "\n");
			if (*to) {
				if (bnc_is_address(to)) {
					bnc_rec_set(v, RF_RECIPIENT, to, -1, "To: header of the returned message");
					recipients++;
				}
			}
			g_free(to);
		}
	}

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		if (!r->f[RF_DIAGNOSIS] || !*r->f[RF_DIAGNOSIS])
			bnc_rec_set(r, RF_DIAGNOSIS, another_get(another, j), -1, "the error lines of the session transcript");
		char cmd[16];
		if (!*bnc_rec_get(r, RF_COMMAND) && bnc_command_find(bnc_rec_get(r, RF_DIAGNOSIS), cmd))
			bnc_rec_set(r, RF_COMMAND, cmd, -1, "SMTP command named in the session transcript");
		char *sw = bnc_sweep(bnc_rec_get(r, RF_DIAGNOSIS));
		const char *dwhy = r->why[RF_DIAGNOSIS];
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, dwhy);
		g_free(sw);
		char rc[4];
		bnc_reply_find(bnc_rec_get(r, RF_DIAGNOSIS), "", rc);
		bnc_rec_set(r, RF_REPLYCODE, rc, -1, "reply code in the session transcript");

		if (bnc_is_address(bnc_rec_get(r, RF_RECIPIENT)))
			continue;
		/* "@host" only: the first "<...>" of the diagnosis */
		const char *d = bnc_rec_get(r, RF_DIAGNOSIS);
		const char *p1 = strchr(d, '<'), *p2 = strchr(d, '>');
		if (!p1 || !p2 || p2 < p1)
			continue;
		char *in = g_strndup(p1, (gsize)(p2 - p1 + 1));
		char *cv = bnc_address_s3s4(in);
		bnc_rec_set(r, RF_RECIPIENT, cv, -1, "the first '<...>' of the diagnostic text");
		g_free(cv);
		g_free(in);
	}

	bnc_sheet_close(&sh, ok, out, latter,
	                "Subject: 'Returned mail: ...', '----- Transcript of session follows -----' and "
		               "'----- Unsent message follows -----'");
	g_ptr_array_free(another, TRUE);
	g_ptr_array_free(early, TRUE);
	g_ptr_array_free(early_line, TRUE);
	g_hash_table_destroy(early_seen);
	g_free(remotehost);
	g_free(former);
	g_free(latter);
	return ok;
}

const struct bnc_decoder bnc_decoder_v5sendmail = {"V5sendmail", inquire, NULL};
