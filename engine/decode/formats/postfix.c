/* postfix.c - bounces written by Postfix's bounce(8) daemon, and the
 * "SMTP server: errors from" notices smtpd(8) sends to the postmaster.
 *
 * Follows Sisimai's Postfix decoder (5.2.0), quirks included, so verdicts
 * agree with it: the delivery-status fields after the "The mail system"
 * banner first, the "<rcpt>: host ... said:" paragraph as a fallback and a
 * source of better codes, and, for smtpd notices, the In:/Out: transcript.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"

/* The original message begins at one of these lines. */
static const char *const original_marks[] = {
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
};

/* Pairs of words that, in this order on one line, open the report:
 * "The mail system", "This is the mail system at host ...", "The Postfix
 * program", "The <name> program" (bounce(5) templates). */
static const char *const banners[][2] = {
	{"The ", "Postfix "},
	{"The ", "mail system"},
	{"The ", "program"},
	{"This is the", "Postfix"},
	{"This is the", "mail system"},
};

/* ---- the transcript of an smtpd(8) notice --------------------------------- */

struct session {
	char command[16];
	char *argument;          /* the address of MAIL FROM/RCPT TO, or "" */
	char reply[4];
	char status[16];
	GString *text;           /* the server's response lines, joined by " " */
};

static void session_free(gpointer p)
{
	struct session *s = p;
	g_free(s->argument);
	g_string_free(s->text, TRUE);
	g_free(s);
}

static struct session *session_new(const char *cmd)
{
	struct session *s = g_new0(struct session, 1);
	g_strlcpy(s->command, cmd, sizeof s->command);
	s->argument = g_strdup("");
	s->text = g_string_new(NULL);
	return s;
}

static void log_free(gpointer p)
{
	g_string_free(p, TRUE);
}

/* The client's commands ("In:") and the server's replies ("Out:"), folded
 * lines joined, from the first label to the first blank line. */
static GPtrArray *transcript(const char *text)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(session_free);
	const char *p1 = strstr(text, "In:"), *p2 = strstr(text, "Out:");
	if (!p1 || !p2)
		return out;
	const char *start = p2 < p1 ? p2 : p1;
	const char *blank = strstr(start, "\n\n");
	char *body = blank && blank > start ? g_strndup(start, (gsize)(blank - start + 1)) : g_strdup(start);

	GPtrArray *log = g_ptr_array_new_with_free_func(log_free);
	char **lines = bnc_split_lines(body);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		while (*e == ' ')
			e++;
		const char *label = NULL, *rest = NULL;
		if (bnc_has_prefix(e, "In:"))
			label = ">>>", rest = e + 3;
		else if (bnc_has_prefix(e, "Out:"))
			label = "<<<", rest = e + 4;
		if (label) {
			/* one space between the label and the text, as Sisimai squeezes it */
			int spaces = 0;
			while (rest[spaces] == ' ')
				spaces++;
			GString *entry = g_string_new(label);
			if (spaces)
				g_string_append_c(entry, ' ');
			g_string_append(entry, rest + spaces);
			g_ptr_array_add(log, entry);
		} else if (log->len) {
			/* a folded line: appended in place, linear however many */
			GString *last = g_ptr_array_index(log, log->len - 1);
			g_string_append_c(last, ' ');
			g_string_append(last, e);
		}
	}
	g_strfreev(lines);
	g_free(body);

	struct session *cur = NULL;
	for (guint i = 0; i < log->len; i++) {
		const char *e = ((GString *)g_ptr_array_index(log, i))->str;
		if (bnc_has_prefix(e, ">>> ")) {
			char cmd[16];
			if (!bnc_command_find(e, cmd))
				continue;
			cur = session_new(cmd);
			g_ptr_array_add(out, cur);
			if (strcmp(cmd, "MAIL") && strcmp(cmd, "RCPT"))
				continue;
			const char *at = strstr(e, cmd);
			const char *arg = at ? at + strlen(cmd) : e;
			while (*arg == ' ')
				arg++;
			if (!bnc_has_prefix_ci(arg, "FROM:") && !bnc_has_prefix_ci(arg, "TO:"))
				continue;
			const char *lt = strchr(arg, '<'), *gt = strchr(arg, '>');
			if (!lt || !gt || gt < lt)
				continue;
			g_free(cur->argument);
			cur->argument = g_strndup(lt + 1, (gsize)(gt - lt - 1));
		} else if (bnc_has_prefix(e, "<<< ")) {
			if (!cur) {
				cur = session_new("CONN");
				g_ptr_array_add(out, cur);
			}
			bnc_reply_find(e, NULL, cur->reply);
			bnc_status_find(e, NULL, cur->status);
			if (cur->text->len)
				g_string_append_c(cur->text, ' ');
			g_string_append(cur->text, e + 4);
		}
	}
	g_ptr_array_free(log, TRUE);
	return out;
}

/* ---- the decoder ------------------------------------------------------------ */

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (bnc_msg_header(m, "x-aol-ip"))
		return 0;
	const char *subject = bnc_msg_header(m, "subject");
	if (!subject)
		subject = "";
	int notice = 0;
	const char *sm = strstr(subject, "SMTP server: errors from ");
	if (sm && sm > subject)
		notice = 1;
	else if (strcmp(subject, "Undelivered Mail Returned to Sender"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, original_marks, G_N_ELEMENTS(original_marks), &errpart, &orig);
	GString *rfc822 = g_string_new(orig);
	g_free(orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GPtrArray *commands = g_ptr_array_new_with_free_func(g_free);
	int recipients = 0, nomessages = 0;
	char *another_rcpt = NULL;
	GString *another_diag = g_string_new(NULL);
	struct dsn_permsg pm = {0};
	const char *claimed = "Subject: Undelivered Mail Returned to Sender";

	if (notice) {
		claimed = "Subject: ... SMTP server: errors from ..., and its In:/Out: transcript";
		GPtrArray *t = transcript(errpart);
		for (guint i = 0; i < t->len; i++) {
			struct session *s = g_ptr_array_index(t, i);
			if (!strcmp(s->command, "EHLO") || !strcmp(s->command, "HELO")) {
				/* Sisimai keeps no argument but an address: lhost stays empty */
				bnc_rec_set(v, RF_LHOST, s->argument, -1, "the EHLO line of the transcript");
			} else if (!strcmp(s->command, "MAIL")) {
				if (!rfc822->len) {
					g_string_append_printf(rfc822, "To: %s\n", s->argument);
				}
			} else if (!strcmp(s->command, "RCPT")) {
				if (*bnc_rec_get(v, RF_RECIPIENT))
					v = bnc_sheet_add(&sh);
				bnc_rec_set(v, RF_RECIPIENT, s->argument, -1, "the RCPT TO line of the transcript");
				recipients++;
			}
			if (!*s->reply || s->reply[0] < '4')
				continue;
			g_ptr_array_add(commands, g_strdup(s->command));
			if (!*bnc_rec_get(v, RF_DIAGNOSIS))
				bnc_rec_set(v, RF_DIAGNOSIS, s->text->str, -1, "the server's reply (Out:) in the transcript");
			if (!*bnc_rec_get(v, RF_REPLYCODE))
				bnc_rec_set(v, RF_REPLYCODE, s->reply, -1, "the server's reply (Out:) in the transcript");
			if (!*bnc_rec_get(v, RF_STATUS))
				bnc_rec_set(v, RF_STATUS, s->status, -1, "the server's reply (Out:) in the transcript");
		}
		int none = t->len == 0;
		g_ptr_array_free(t, TRUE);
		if (none)
			goto done;
	} else {
		int reading = 0, prevdiag = 0;
		char **lines = bnc_split_lines(errpart);
		for (size_t li = 0; lines[li]; li++) {
			const char *e = lines[li];
			int wasdiag = prevdiag;
			prevdiag = bnc_has_prefix(e, "Diagnostic-Code:");
			if (!reading) {
				for (size_t k = 0; k < G_N_ELEMENTS(banners); k++)
					if (bnc_aligned(e, banners[k], 2)) {
						reading = 1;
						break;
					}
				continue;
			}
			int blk = bnc_dsn_match(e);
			if (blk) {
				struct dsn_field o;
				if (!bnc_dsn_field(e, &o))
					continue;
				v = bnc_sheet_last(&sh);
				if (!strcmp(o.group, "addr")) {
					recipients += bnc_sheet_dsn_addr(&sh, &o, &v);
				} else if (!strcmp(o.group, "code")) {
					/* Postfix's own "X-Postfix;" type stands for SMTP */
					bnc_rec_set(v, RF_SPEC, g_ascii_strcasecmp(o.subtype, "X-POSTFIX") ? o.subtype : "SMTP", -1,
					            "Diagnostic-Code: field's type");
					bnc_rec_set(v, RF_DIAGNOSIS, o.value, -1, "Diagnostic-Code: field of the delivery-status block");
				} else {
					int t = bnc_dsn_target(o.label);
					if (t >= 0) {
						bnc_rec_update(v, t, o.value, bnc_dsn_why[t]);
						if (blk == DSN_PER_MESSAGE)
							bnc_permsg_keep(&pm, t, o.value);
					}
				}
				bnc_dsn_field_clear(&o);
				continue;
			}
			static const char *const expanded[] = {"<", "@", ">", "(expanded from <", "):"};
			static const char *const plain[] = {"<", "@", ">:"};
			static const char *const sender[] = {"X-Postfix-Sender:", "rfac822;", "@"};
			if (wasdiag && e[0] == ' ') {
				/* a folded Diagnostic-Code: value */
				char *sw = bnc_squeeze_space(e);
				bnc_rec_append(v, RF_DIAGNOSIS, sw, -1);
				g_free(sw);
				prevdiag = 1;
			} else if (bnc_aligned(e, sender, G_N_ELEMENTS(sender))) {
				/* Sisimai looks for a misspelt "rfac822;" here: the sender
				 * line is all but never copied; kept for agreement */
				const char *semi = strchr(e, ';');
				char *s = g_strstrip(g_strdup(semi ? semi + 1 : ""));
				g_string_append_printf(rfc822, "X-Postfix-Sender: %s\n", s);
				g_free(s);
			} else if (strstr(e, "(in reply to ") || strstr(e, "command)")) {
				char cmd[16];
				if (bnc_command_find(e, cmd))
					g_ptr_array_add(commands, g_strdup(cmd));
				if (another_diag->len) {
					g_string_append_c(another_diag, ' ');
					g_string_append(another_diag, e);
				}
			} else if (bnc_aligned(e, expanded, G_N_ELEMENTS(expanded))) {
				/* "<rcpt> (expanded from <alias>): text"; Sisimai looks for
				 * the recipient up to a "< " that is not there */
				char *sel = bnc_select(e, "<", "< ");
				g_free(another_rcpt);
				another_rcpt = bnc_address_s3s4(sel);
				g_free(sel);
				const char *p = strstr(e, ">): ");
				size_t at = p ? (size_t)(p - e) + 4 : 3;
				if (at < strlen(e))
					g_string_assign(another_diag, e + at);
			} else if (e[0] == '<' && bnc_aligned(e, plain, G_N_ELEMENTS(plain))) {
				/* "<rcpt>: host mx.example.org[192.0.2.1] said: 550 ..." */
				const char *gt = strchr(e, '>');
				char *r = g_strndup(e, (gsize)(gt - e + 1));
				g_free(another_rcpt);
				another_rcpt = bnc_address_s3s4(r);
				g_free(r);
				g_string_assign(another_diag, strstr(e, ">:") + 2);
			} else if (strstr(e, "--- Delivery report unavailable ---")) {
				nomessages = 1;
			} else if (another_diag->len && bnc_has_prefix(e, "    ")) {
				char *t = g_strdup(e + 4);
				g_strstrip(t);
				g_string_append_c(another_diag, ' ');
				g_string_append(another_diag, t);
				g_free(t);
			}
		}
		g_strfreev(lines);
	}

	if (!recipients) {
		if (another_rcpt && *another_rcpt) {
			bnc_rec_set(v, RF_RECIPIENT, another_rcpt, -1, "the \"<address>:\" line before the error message");
			recipients++;
		} else if (nomessages) {
			char *to = bnc_select(rfc822->str, "\nTo: ", "\n");
			char *cv = bnc_address_s3s4(to);
			g_free(to);
			if (*cv) {
				bnc_rec_set(bnc_sheet_last(&sh), RF_RECIPIENT, cv, -1,
				            "To: of the original message (delivery report unavailable)");
				recipients++;
			}
			g_free(cv);
		}
	}
	if (!recipients)
		goto done;

	char *adiag = NULL;
	for (guint j = 0; j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *e = bnc_sheet_rec(&sh, j);
		bnc_permsg_give(&pm, e, v, bnc_rec_update, "per-message field of the delivery-status block");
		if (another_diag->len) {
			if (!adiag)
				adiag = bnc_squeeze_space(another_diag->str);
			if (!*bnc_rec_get(e, RF_DIAGNOSIS))
				bnc_rec_set(e, RF_DIAGNOSIS, adiag, -1, "the error message after \"<address>:\"");
			if (bnc_only_digits(bnc_rec_get(e, RF_DIAGNOSIS))) {
				bnc_rec_set(e, RF_DIAGNOSIS, adiag, -1, "the error message after \"<address>:\"");
			} else {
				char as[16] = "", ar[4] = "";
				const char *st = bnc_rec_get(e, RF_STATUS);
				if (!*st || g_str_has_suffix(st, ".0.0")) {
					bnc_status_find(adiag, NULL, as);
					if (*as && !g_str_has_suffix(as, ".0.0"))
						bnc_rec_set(e, RF_STATUS, as, -1, "status code in the error message after \"<address>:\"");
				}
				const char *rc = bnc_rec_get(e, RF_REPLYCODE);
				if (!*rc || g_str_has_suffix(rc, "00")) {
					bnc_reply_find(adiag, NULL, ar);
					if (*ar && !g_str_has_suffix(ar, "00"))
						bnc_rec_set(e, RF_REPLYCODE, ar, -1, "reply code in the error message after \"<address>:\"");
				}
				const char *d = bnc_rec_get(e, RF_DIAGNOSIS);
				if ((*as || *ar) && strlen(adiag) >= strlen(d) && strstr(adiag, d))
					bnc_rec_set(e, RF_DIAGNOSIS, adiag, -1, "the error message after \"<address>:\"");
			}
		}
		char *sw = bnc_squeeze_space(bnc_rec_get(e, RF_DIAGNOSIS));
		bnc_rec_set(e, RF_DIAGNOSIS, sw, -1, e->why[RF_DIAGNOSIS]);
		g_free(sw);

		if (commands->len) {
			bnc_rec_set(e, RF_COMMAND, g_ptr_array_index(commands, 0), -1,
			            notice ? "the first command the server refused in the transcript"
			                   : "the first \"(in reply to ... command)\" of the error message");
		} else {
			char cmd[16] = "";
			bnc_command_find(bnc_rec_get(e, RF_DIAGNOSIS), cmd);
			if (!*cmd && strstr(bnc_rec_get(e, RF_DIAGNOSIS), "refused to talk to me:"))
				g_strlcpy(cmd, "HELO", sizeof cmd);
			if (*cmd)
				bnc_rec_set(e, RF_COMMAND, cmd, -1, "SMTP command named in the diagnostic text");
		}
		if (*bnc_rec_get(e, RF_SPEC))
			continue;
		static const char *const said[] = {"host ", " said:"};
		if (bnc_aligned(bnc_rec_get(e, RF_DIAGNOSIS), said, 2))
			bnc_rec_set(e, RF_SPEC, "SMTP", -1, "\"host ... said:\" in the error message");
	}
	g_free(adiag);

done:
	bnc_sheet_close(&sh, recipients > 0, out, rfc822->str, claimed);
	g_ptr_array_free(commands, TRUE);
	bnc_permsg_clear(&pm);
	g_free(another_rcpt);
	g_string_free(another_diag, TRUE);
	g_string_free(rfc822, TRUE);
	g_free(errpart);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_postfix = {"Postfix", inquire, NULL};
