/* exim.c - bounces written by Exim (deliver.c's "Mail delivery failed"
 * reports, delay warnings, frozen-message notices) and by Exim clones such
 * as McAfee SaaS (formerly MXLogic).
 *
 * The text part lists each failed address indented by two spaces, the error
 * below it; newer Exims add a message/delivery-status part.  Follows
 * Sisimai's Exim decoder so that verdicts agree with it.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"
#include "received.h"

/* Subject fragments of Exim's reports */
static const char *const subjects[] = {
	"Delivery Status Notification", "Mail delivery failed", "Mail failure", "Message frozen",
	"Warning: message ", "error(s) in forwarding or filtering",
};

/* Where the returned original begins */
static const char *const boundaries[] = {
	"------ This is a copy of the message, including all the headers. ------",
	"Content-Type: message/rfc822",
	"Included is a copy of the message header:\n-----------------------------------------", /* MXLogic */
};

/* Lines from which the report is read */
static const char *const start_marks[] = {
	"This message was created automatically by mail delivery software.",
	"A message that you sent was rejected by the local scannning code",
	"A message that you sent contained one or more recipient addresses ",
	"A message that you sent could not be delivered to all of its recipients",
	" has been frozen",
	" was frozen on arrival",
	" router encountered the following error(s):",
};
static const char *const frozen_marks[] = {" has been frozen", " was frozen on arrival"};
static const char *const command_marks[] = {"SMTP error from remote ", "LMTP error after "};
#define UNDISCLOSED " an undisclosed address"
#define DS_LINE "Content-Type: message/delivery-status"

/* Exim's own messages (tables/exim.def): M lines name a reason, D lines
 * tell of a delay (expired). */
static const struct bnc_entry message_entries[] = {
#define M(r, t) BNC_T(r, t)
#define D(t)
#include "tables/exim.def"
#undef M
#undef D
};
static const struct bnc_table messages = BNC_TABLE("exim", "Exim's own error messages", message_entries);
static const struct bnc_entry delay_entries[] = {
#define M(r, t)
#define D(t) BNC_T(expired, t)
#include "tables/exim.def"
#undef M
#undef D
};
static const struct bnc_table delays = BNC_TABLE("exim-delays", "Exim's delay and frozen-message wording", delay_entries);

/* A delivery-status field into the record, with the checks Sisimai makes
 * on each: known actions, status codes of the right shape, host names
 * (not addresses) for the hosts. */
static void dsn_update(struct bnc_rec *v, int t, const char *value)
{
	static const char *const actions[] = {"delayed", "delivered", "expanded", "failed", "relayed"};
	const char *why = "a field of the delivery-status part of Exim's report";
	if (t < 0 || !value || !*value)
		return;
	switch (t) {
	case RF_ACTION:
		for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
			if (!strcmp(value, actions[i]))
				bnc_rec_set(v, RF_ACTION, value, -1, why);
		break;
	case RF_LHOST:
	case RF_RHOST:
		if (bnc_rfc1123_is_host(value)) {
			char *low = bnc_ascii_lower(value);
			bnc_rec_set(v, (enum bnc_rec_field)t, low, -1, why);
			g_free(low);
		}
		break;
	case RF_STATUS:
		if (bnc_status_test(value))
			bnc_rec_set(v, RF_STATUS, value, -1, why);
		break;
	case RF_DATE:
		bnc_rec_set(v, RF_DATE, value, -1, why);
		break;
	default:
		break;
	}
}

/* Runs of spaces folded to one (Sisimai's Squeeze with " "). */
static void squeeze_spaces(GString *s)
{
	gsize w = 0;
	for (gsize r = 0; r < s->len; r++) {
		if (s->str[r] == ' ' && w > 0 && s->str[w - 1] == ' ')
			continue;
		s->str[w++] = s->str[r];
	}
	g_string_truncate(s, w);
}

/* Sisimai's test: two of a Mail Delivery System sender, an Exim-shaped
 * Message-Id and a known subject; or a header of an Exim clone. */
static int looks_like_exim(const struct bnc_msg *m, int *thirdparty)
{
	const char *from = bnc_msg_header(m, "from");
	const char *subj = bnc_msg_header(m, "subject");
	const char *mid = bnc_msg_header(m, "message-id");
	int score = 0;
	if (from && strstr(from, "Mail Delivery System"))
		score++;
	if (mid && *mid) {
		/* <E1P1YNN-0003AD-Ga@example.org>: '<' first, '-' at 8, '@' at 18 */
		const char *dash = strchr(mid, '-'), *at = strchr(mid, '@');
		if (mid[0] == '<' && dash && dash - mid == 8 && at && at - mid == 18)
			score++;
	}
	if (subj && bnc_contains_any(subj, subjects, G_N_ELEMENTS(subjects)))
		score++;
	*thirdparty = bnc_msg_header(m, "x-mx-bounce") || bnc_msg_header(m, "x-mxl-hash") ||
	              bnc_msg_header(m, "x-mxl-notehash") || (mid && strstr(mid, "<mxl~"));
	return score >= 2 || *thirdparty;
}

static int has_boundary_param(const char *ctype)
{
	if (!ctype)
		return 0;
	char *low = bnc_ascii_lower(ctype);
	const char *b = strstr(low, "boundary=");
	int ok = 0;
	if (b) {
		b += 9;
		if (*b == '"')
			b++;
		ok = *b && *b != '"' && *b != ';';
	}
	g_free(low);
	return ok;
}

/* The address of a line listing a failed recipient; diagnostic text that
 * follows it on the same line goes to *diag.  NULL when there is none. */
static char *recipient_of_line(const char *e, char **diag)
{
	const char *lt = strchr(e, '<');
	const char *gtc = strstr(e, ">:");
	if (lt && gtc && lt - e > 1 && gtc - e > 1 && lt <= gtc) {
		/* "  user@example.org <alias@example.net>: error text" */
		char *part = g_strndup(lt, (gsize)(gtc - lt + 1));
		char *cv = bnc_address_s3s4(part);
		g_free(part);
		*diag = bnc_squeeze_space(gtc + 1);
		return cv;
	}
	/* "  user@example.org" or "  user@example.org: forced freeze" */
	const char *end = NULL;
	for (const char *p = strstr(e, ": "); p; p = strstr(p + 1, ": "))
		end = p;
	if (!end)
		end = e + strlen(e);
	if (end - e < 2)
		return NULL;
	char *part = g_strndup(e + 2, (gsize)(end - e - 2));
	char *cv = bnc_address_s3s4(part);
	g_free(part);
	return cv;
}

static void set_reason(struct bnc_rec *r, const char *reason, const char *why)
{
	bnc_rec_set(r, RF_REASON, reason, -1, why);
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	int thirdparty = 0;
	if (!m->payload || !looks_like_exim(m, &thirdparty))
		return 0;

	/* a few Exims print only five hyphens before "This is a copy" */
	GString *pl = g_string_new(m->payload);
	const char *five = strstr(pl->str, "\n----- This ");
	if (five)
		g_string_insert_c(pl, five - pl->str + 1, '-');

	char *errpart, *orig;
	bnc_part(pl->str, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);
	int multipart = has_boundary_param(bnc_msg_header(m, "content-type"));

	struct bnc_sheet sh;                  /* records and their error text, raw */
	bnc_sheet_init(&sh);
	GPtrArray *other = g_ptr_array_new(); /* another error text per record */
	struct bnc_rec *v = bnc_sheet_last(&sh);
	g_ptr_array_add(other, g_string_new(NULL));
	GString *b = bnc_sheet_last_diag(&sh);
	int reading = 0, nextcursor = 0, recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t li = 0; lines[li]; li++) {
		const char *e = lines[li];
		if (!reading && bnc_contains_any(e, start_marks, G_N_ELEMENTS(start_marks)))
			reading = 1;
		if (!reading || !*e)
			continue;
		GString *another = g_ptr_array_index(other, other->len - 1);

		size_t len = strlen(e);
		const char *at = strchr(e, '@'), *dot = strchr(e, '.');
		int addrline = bnc_has_prefix(e, "  ") && at && at - e >= 2 && dot && dot - e >= 2 &&
		               !strstr(e, "pipe to |") && len > 2 && e[2] != ' ' && (thirdparty || e[2] != '<');
		int undisclosed = strstr(e, UNDISCLOSED) != NULL;

		if (addrline || undisclosed) {
			char *cv;
			if (undisclosed) {
				/* "  an undisclosed address": the alias line below names it */
				cv = g_strdup(len > 2 ? e + 2 : "");
			} else {
				char *d = NULL;
				cv = recipient_of_line(e, &d);
				if (d) {
					/* Sisimai gives it to the record before a new one is made */
					g_string_assign(b, d);
					v->why[RF_DIAGNOSIS] = "the text after the failed address in Exim's report";
					g_free(d);
				}
				if (!cv || !bnc_is_address(cv)) {
					g_free(cv);
					continue;
				}
			}
			if (*bnc_rec_get(v, RF_RECIPIENT) && strcmp(cv, bnc_rec_get(v, RF_RECIPIENT))) {
				v = bnc_sheet_add(&sh);
				g_ptr_array_add(other, g_string_new(NULL));
				b = bnc_sheet_last_diag(&sh);
			}
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the failed address listed in Exim's report");
			g_free(cv);
			recipients++;
		} else if (strstr(e, " (generated from ") || strstr(e, " generated by ")) {
			/* "    (generated from user@example.org)": the address it came from */
			char **w = g_strsplit(e, " ", -1);
			for (char **p = w; *p; p++) {
				if (!strchr(*p, '@'))
					continue;
				char *a = bnc_address_s3s4(*p);
				bnc_rec_set(v, RF_ALIAS, a, -1, "the '(generated from ...)' line of Exim's report");
				g_free(a);
				break;
			}
			g_strfreev(w);
		} else if (bnc_contains_any(e, frozen_marks, G_N_ELEMENTS(frozen_marks))) {
			g_string_assign(another, e);
			g_string_append_c(another, ' ');
		} else if (multipart) {
			if (bnc_dsn_match(e)) {
				struct dsn_field o;
				if (!bnc_dsn_field(e, &o))
					continue;
				if (!strcmp(o.group, "addr")) {
					if (!strcmp(o.label, "final-recipient") && !*bnc_rec_get(v, RF_SPEC))
						bnc_rec_set(v, RF_SPEC, strchr(o.value, '@') ? "SMTP" : "X-UNIX", -1,
						            "Final-Recipient: field of the delivery-status part");
				} else if (!strcmp(o.group, "code")) {
					char *up = g_ascii_strup(o.subtype, -1);
					bnc_rec_set(v, RF_SPEC, up, -1, "Diagnostic-Code: field's type");
					g_free(up);
					g_string_assign(b, o.value);
					v->why[RF_DIAGNOSIS] = "Diagnostic-Code: field of the delivery-status part";
				} else {
					dsn_update(v, bnc_dsn_target(o.label), o.value);
				}
				bnc_dsn_field_clear(&o);
			} else if (!nextcursor) {
				if (bnc_has_prefix(e, DS_LINE))
					nextcursor = 1;
				if (e[0] == ' ') {
					g_string_append(another, e);
					g_string_append_c(another, ' ');
				}
			}
		} else if ((int)bnc_sheet_len(&sh) == recipients || bnc_has_prefix(e, "  ")) {
			/* the error text below the address; or the text of a
			 * "pipe to |..." delivery whose address line had no '@' */
			g_string_append_c(b, ' ');
			g_string_append(b, e);
			v->why[RF_DIAGNOSIS] = "the lines below the failed address in Exim's report";
		}
	}
	g_strfreev(lines);

	if (recipients > 0) {
		/* "an undisclosed address" and pipes: the alias is the address */
		for (guint j = 0; j < bnc_sheet_len(&sh); j++) {
			struct bnc_rec *r = bnc_sheet_rec(&sh, j);
			if (*bnc_rec_get(r, RF_ALIAS) && !strchr(bnc_rec_get(r, RF_RECIPIENT), '@'))
				bnc_rec_set(r, RF_RECIPIENT, r->f[RF_ALIAS], -1, "the '(generated from ...)' line of Exim's report");
		}
	} else {
		const char *xf = bnc_msg_header(m, "x-failed-recipients");
		if (xf) {
			char **list = g_strsplit(xf, ",", -1);
			guint n = g_strv_length(list);
			for (guint k = 0; k < n; k++) {
				if (k > 0)
					v = bnc_sheet_add(&sh);
				bnc_rec_set(v, RF_RECIPIENT, list[k], -1, "X-Failed-Recipients: header");
			}
			recipients = (int)n;
			g_strfreev(list);
		}
	}

	int ok = recipients > 0;
	char *recv[6] = {0};
	size_t nrecv = bnc_msg_header_count(m, "received");
	if (ok && nrecv)
		bnc_received_parse(bnc_msg_header_nth(m, "received", nrecv - 1), recv);

	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *e = bnc_sheet_rec(&sh, j);
		struct bnc_rec *first = bnc_sheet_rec(&sh, 0);
		GString *dj = bnc_sheet_diag(&sh, j);
		GString *d0 = bnc_sheet_diag(&sh, 0);
		if (!dj->len && multipart) {
			/* a record of the delivery-status part without text of its own */
			g_string_assign(dj, d0->str);
			e->why[RF_DIAGNOSIS] = first->why[RF_DIAGNOSIS];
			if (!*bnc_rec_get(e, RF_SPEC))
				bnc_rec_set(e, RF_SPEC, first->f[RF_SPEC], -1, first->why[RF_SPEC]);
			GString *a0 = g_ptr_array_index(other, 0);
			if (a0->len) {
				while (other->len <= j)
					g_ptr_array_add(other, g_string_new(NULL));
				g_string_assign(g_ptr_array_index(other, j), a0->str);
			}
		}
		GString *aj = j < other->len ? g_ptr_array_index(other, j) : NULL;
		if (aj && aj->len) {
			const char *whyo = "the error text of Exim's report";
			if (!dj->len) {
				g_string_assign(dj, aj->str);
				e->why[RF_DIAGNOSIS] = whyo;
			}
			if (dj->str[0] == '-' || g_str_has_suffix(dj->str, "__")) {
				g_string_assign(dj, aj->str);
				e->why[RF_DIAGNOSIS] = whyo;
			} else if (dj->len < aj->len) {
				squeeze_spaces(aj);
				char *la = bnc_ascii_lower(aj->str), *ld = bnc_ascii_lower(dj->str);
				if (strstr(la, ld)) {
					g_string_assign(dj, aj->str);
					e->why[RF_DIAGNOSIS] = whyo;
				}
				g_free(la);
				g_free(ld);
			}
		}
		char *sw = bnc_squeeze_space(dj->str);
		const char *us = strstr(sw, "__");
		if (us && us - sw > 1)
			sw[us - sw] = 0;
		bnc_rec_set(e, RF_DIAGNOSIS, sw, -1, e->why[RF_DIAGNOSIS]);
		g_free(sw);
		const char *diag = bnc_rec_get(e, RF_DIAGNOSIS);

		if (!*bnc_rec_get(e, RF_RHOST)) {
			char *h = bnc_rfc1123_find(diag);
			if (h && *h)
				bnc_rec_set(e, RF_RHOST, h, -1, "a host named in Exim's error text");
			g_free(h);
		}
		if (!*bnc_rec_get(e, RF_LHOST) && recv[0] && *recv[0])
			bnc_rec_set(e, RF_LHOST, recv[0], -1, "the 'from' of the oldest Received: header");

		/* the SMTP command, and what it tells of the reason */
		char cmd[16] = "";
		for (size_t k = 0; k < G_N_ELEMENTS(command_marks); k++)
			if (strstr(diag, command_marks[k]) && bnc_command_find(diag, cmd))
				break;
		if (*cmd)
			bnc_rec_set(e, RF_COMMAND, cmd, -1, "the SMTP command named in Exim's 'SMTP error from remote' line");
		if (!strcmp(cmd, "EHLO") || !strcmp(cmd, "HELO")) {
			set_reason(e, "blocked", "Exim: the remote host rejected our HELO/EHLO");
		} else if (!strcmp(cmd, "MAIL")) {
			set_reason(e, "onhold", "Exim: the remote host rejected the sender (MAIL FROM)");
		} else {
			if (!bnc_rec_reason_from(e, &messages, diag, "one of Exim's own error messages") &&
			    !*bnc_rec_get(e, RF_REASON) &&
			    !bnc_rec_reason_from(e, &delays, diag, "Exim's delay or frozen-message wording") &&
			    strstr(diag, "pipe to |"))
				set_reason(e, "mailererror", "Exim: delivery to a pipe failed");
		}

		/* the reply code of the text wins over a vague Status: */
		const char *re = bnc_rec_get(e, RF_REASON);
		char cr[4] = "", cs[16] = "", cv[16] = "";
		bnc_reply_find(diag, bnc_rec_get(e, RF_STATUS), cr);
		bnc_status_find(diag, cr, cs);
		/* an internal code only for a temporary failure whose reason the
		 * text made plain (current Sisimai); otherwise the pipeline gives
		 * the final reason's code */
		int temp = cr[0] == '4';
		if (temp && bnc_reason_explicit(bnc_reason_lookup(re)))
			bnc_status_code(bnc_reason_lookup(re), temp, cv);
		if (!*bnc_rec_get(e, RF_REPLYCODE))
			bnc_rec_set(e, RF_REPLYCODE, cr, -1, "the reply code in Exim's error text");
		const char *st = bnc_status_prefer(cs, cv, cr);
		if (!*bnc_rec_get(e, RF_STATUS) && *st)
			bnc_rec_set(e, RF_STATUS, st, -1,
			            *cs ? "the status code in Exim's error text" : "the internal code of the reason Exim's text gave");
	}

	if (ok && !*orig) {
		/* a delay warning carries no copy: make headers of what it says */
		struct bnc_rec *first = bnc_sheet_rec(&sh, 0);
		GString *h = g_string_new(NULL);
		g_string_append_printf(h, "To: <%s>\n", bnc_rec_get(first, RF_RECIPIENT));
		static const char *const lab[] = {"The date of the message is: ", "The subject of the message is: "};
		static const char *const hdr[] = {"Date", "Subject"};
		for (int k = 0; k < 2; k++) {
			const char *p = strstr(pl->str, lab[k]);
			if (!p)
				break;
			const char *nl = strchr(p, '\n');
			if (!nl)
				break;
			/* the values stand in a column 31 characters from the label */
			const char *val = p + 31;
			if (val > nl)
				val = nl;
			g_string_append_printf(h, "%s: %.*s\n", hdr[k], (int)(nl - val), val);
		}
		g_free(orig);
		orig = g_string_free(h, FALSE);
	}

	bnc_sheet_close(&sh, ok, out, orig,
	                thirdparty ? "an Exim clone's header (X-MX-Bounce:, X-MXL-Hash: or an <mxl~ Message-Id)"
	                           : "two of: From: Mail Delivery System, an Exim Message-Id, an Exim Subject");
	for (guint j = 0; j < other->len; j++)
		g_string_free(g_ptr_array_index(other, j), TRUE);
	g_ptr_array_free(other, TRUE);
	for (int k = 0; k < 6; k++)
		g_free(recv[k]);
	g_free(errpart);
	g_free(orig);
	g_string_free(pl, TRUE);
	return ok;
}

const struct bnc_decoder bnc_decoder_exim = {"Exim", inquire, (const struct bnc_table *const[]){&messages, &delays, NULL}};
