/* qmail.c - bounces written by qmail-send ("Hi. This is the qmail-send
 * program at ...", Subject: failure notice) and by its many clones.
 *
 * Each failed address stands alone on a line as "<user@example.org>:",
 * the lines below it until the next one are qmail-remote's or
 * qmail-local's account of the failure.  Follows Sisimai's qmail decoder so
 * that verdicts agree with it.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"

static const char *const subjects[] = {"failure notice", "Failure Notice"};

/* Where the returned original begins */
static const char *const boundaries[] = {
	"--- Below this line is a copy of the message.",
	"--- Below this line is a copy of the mail header.",
	"--- Below the next line is a copy of the message.",
	"--- Mensaje original adjunto.",
	"Content-Type: message/rfc822",
	"Original message follows.",
};

/* Lines after which the report begins (qmail-send and clones) */
static const char *const start_marks[] = {
	"Hi. This is the qmail",
	"He/Her is not ",
	"unable to deliver your message to the following addresses",
	"Su mensaje no pudo ser entregado",
	"Sorry, we were unable to deliver your message to the following address",
	"This is the machine generated message from mail service",
	"This is the mail delivery agent at",
	"Unable to deliver message to the following address",
	"Unfortunately, your mail was not delivered to the following address:",
	"Your mail message to the following address",
	"Your message to the following addresses",
	"We're sorry.",
};
#define REMOTE_SAID "Remote host said:"
static const char *const rhost_marks[] = {"Giving up on ", "Connected to ", "remote host "};
struct entry {
	const char *name;
	const char *text;
};
/* Each group of qmail.def in an array of its own: each include turns one
 * group's macro on, the others expand to nothing. */
#define QMAIL_NONE(...)
#define C QMAIL_NONE
#define M QMAIL_NONE
#define L QMAIL_NONE
#define Q QMAIL_NONE
#define H QMAIL_NONE
#define O QMAIL_NONE

static const struct entry commands[] = {
#undef C
#define C(c, t) {#c, t},
#include "tables/qmail.def"
#undef C
#define C QMAIL_NONE
};
/* qmail's own messages (M), tried first */
static const struct bnc_entry message_entries[] = {
#undef M
#define M(r, t) BNC_T(r, t)
#include "tables/qmail.def"
#undef M
#define M QMAIL_NONE
};
static const struct bnc_table messages = BNC_TABLE("qmail", "qmail's own error messages", message_entries);
/* qmail-ldap's (L), then qmail-send's (Q) */
static const struct bnc_entry ldap_entries[] = {
#undef L
#define L(r, t) BNC_T(r, t)
#include "tables/qmail.def"
#undef L
#define L QMAIL_NONE
};
static const struct bnc_table ldap_messages = BNC_TABLE("qmail-ldap", "qmail-ldap's error messages", ldap_entries);
static const struct bnc_entry send_entries[] = {
#undef Q
#define Q(r, t) BNC_T(r, t)
#include "tables/qmail.def"
#undef Q
#define Q QMAIL_NONE
};
static const struct bnc_table send_messages = BNC_TABLE("qmail-send", "qmail-send's notices", send_entries);
/* the command whose refusal decides by itself (H), checked before any text */
static const struct bnc_entry refused_entries[] = {
#undef H
#define H(r, cmd) BNC_L(r, cmd)
#include "tables/qmail.def"
#undef H
#define H QMAIL_NONE
};
static const struct bnc_table refused =
	BNC_TABLE("qmail-refused", "SMTP commands whose refusal decides", refused_entries);
/* texts that decide together, in this order (O), checked next */
static const struct bnc_entry pair_entries[] = {
#undef O
#define O(r, a, b) BNC_T(r, a, b)
#include "tables/qmail.def"
#undef O
#define O QMAIL_NONE
};
static const struct bnc_table pairs = BNC_TABLE("qmail-pairs", "texts that decide together", pair_entries);
#undef C
#undef M
#undef L
#undef Q
#undef H
#undef O

static const char *table_find(const char *text, const struct entry *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(text, t[i].text))
			return t[i].name;
	return NULL;
}

static int looks_like_qmail(const struct bnc_msg *m)
{
	const char *subj = bnc_msg_header(m, "subject");
	for (size_t i = 0; subj && i < G_N_ELEMENTS(subjects); i++)
		if (!strcmp(subj, subjects[i]))
			return 1;
	static const char *const bounce[] = {"(qmail ", "invoked for bounce)"};
	static const char *const network[] = {"(qmail ", "invoked from ", "network)"};
	size_t n = bnc_msg_header_count(m, "received");
	for (size_t i = 0; i < n; i++) {
		const char *r = bnc_msg_header_nth(m, "received", i);
		if (bnc_aligned(r, bounce, 2) || bnc_aligned(r, network, 3))
			return 1;
	}
	return 0;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m->payload || !looks_like_qmail(m))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	GPtrArray *other = g_ptr_array_new(); /* the "Remote host said:" line per record */
	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *b = bnc_sheet_last_diag(&rd.sh);
	g_ptr_array_add(other, g_string_new(NULL));
	int reading = 0, recipients = 0;

	for (size_t li = 0; rd.lines[li]; li++) {
		const char *e = rd.lines[li];
		if (!reading) {
			/* the marker line itself is not part of the report */
			reading = bnc_contains_any(e, start_marks, G_N_ELEMENTS(start_marks));
			continue;
		}
		if (!*e)
			continue;
		static const char *const addr_shape[] = {"<", "@", ">:"};
		if (e[0] == '<' && bnc_aligned(e, addr_shape, 3)) {
			/* "<user@example.org>:" */
			if (*bnc_rec_get(v, RF_RECIPIENT)) {
				v = bnc_sheet_add(&rd.sh);
				b = bnc_sheet_last_diag(&rd.sh);
				g_ptr_array_add(other, g_string_new(NULL));
			}
			const char *gt = strstr(e, ">:");
			char *part = g_strndup(e + 1, (gsize)(gt - e - 1));
			char *cv = bnc_address_s3s4(part);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the '<address>:' line of qmail's report");
			g_free(cv);
			g_free(part);
			recipients++;
		} else if ((int)bnc_sheet_len(&rd.sh) == recipients) {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
			if (bnc_has_prefix(e, REMOTE_SAID))
				g_string_assign(g_ptr_array_index(other, other->len - 1), e);
			if (*bnc_rec_get(v, RF_RHOST))
				continue;
			/* "Connected to 192.0.2.1 but sender was rejected.",
			 * "Giving up on 192.0.2.1.", "remote host 192.0.2.1 said:" */
			for (size_t k = 0; k < G_N_ELEMENTS(rhost_marks); k++) {
				const char *p = strstr(e, rhost_marks[k]);
				if (!p)
					continue;
				p += strlen(rhost_marks[k]);
				const char *sp = strchr(p, ' ');
				size_t n = sp ? (size_t)(sp - p) : strlen(p); /* Sisimai adds a space at the end */
				if (!n)
					continue;
				char *h = g_strndup(p, n);
				char *sw = bnc_squeeze_space(h);
				bnc_rec_set(v, RF_RHOST, sw, -1, "the host named in qmail's report");
				g_free(sw);
				g_free(h);
				break;
			}
		}
	}

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *e = bnc_sheet_rec(&rd.sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&rd.sh, j)->str);
		bnc_rec_set(e, RF_DIAGNOSIS, d, -1, "the lines below the address in qmail's report");
		g_free(d);
		const char *diag = bnc_rec_get(e, RF_DIAGNOSIS);

		const char *cmd = table_find(diag, commands, G_N_ELEMENTS(commands));
		char found[16] = "";
		if (cmd)
			bnc_rec_set(e, RF_COMMAND, cmd, -1, "qmail-remote's wording of the failed SMTP step");
		else if (strstr(diag, "no SMTP connection got far enough") && bnc_command_find(diag, found))
			bnc_rec_set(e, RF_COMMAND, found, -1, "the SMTP command named in qmail's report");

		if (!bnc_rec_reason_from(e, &refused, bnc_rec_get(e, RF_COMMAND), "qmail: the remote host refused our name") &&
		    !bnc_rec_reason_from(e, &pairs, diag, "qmail: a recipient refused until the message expired")) {
			const char *texts[2] = {((GString *)g_ptr_array_index(other, j))->str, diag};
			for (int k = 0; k < 2 && !*bnc_rec_get(e, RF_REASON); k++) {
				if (!*texts[k])
					continue;
				if (bnc_rec_reason_from(e, &messages, texts[k], "one of qmail's own error messages") ||
				    bnc_rec_reason_from(e, &ldap_messages, texts[k], "one of qmail-ldap's error messages") ||
				    bnc_rec_reason_from(e, &send_messages, texts[k], "qmail-send: the message had been in the queue too long"))
					break;
			}
		}
		if (!*bnc_rec_get(e, RF_COMMAND) && bnc_command_find(diag, found))
			bnc_rec_set(e, RF_COMMAND, found, -1, "the SMTP command named in qmail's report");
	}

	bnc_reading_close(&rd, ok, out, "Subject: failure notice, or a '(qmail NNN invoked for bounce)' Received: header");
	for (guint j = 0; j < other->len; j++)
		g_string_free(g_ptr_array_index(other, j), TRUE);
	g_ptr_array_free(other, TRUE);
	return ok;
}

const struct bnc_decoder bnc_decoder_qmail = {"qmail", inquire, (const struct bnc_table *const[]){&messages, &ldap_messages, &send_messages, &refused, &pairs, NULL}};
