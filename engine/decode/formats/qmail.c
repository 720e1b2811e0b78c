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
#define EXPIRED "this message has been in the queue too long."
static const char *const onhold_pair[] = {" does not like recipient.", EXPIRED};

struct entry {
	const char *name;
	const char *text;
};
static const struct entry commands[] = {
#define C(c, t) {#c, t},
#define M(r, t)
#define L(r, t)
#include "tables/qmail.def"
#undef C
#undef M
#undef L
};
/* qmail's (M lines) and qmail-ldap's (L lines) messages */
static const struct bnc_entry message_entries[] = {
#define C(c, t)
#define M(r, t) BNC_T(r, t)
#define L(r, t)
#include "tables/qmail.def"
#undef C
#undef M
#undef L
};
static const struct bnc_table messages = BNC_TABLE("qmail", "qmail's own error messages", message_entries);
static const struct bnc_entry ldap_entries[] = {
#define C(c, t)
#define M(r, t)
#define L(r, t) BNC_T(r, t)
#include "tables/qmail.def"
#undef C
#undef M
#undef L
};
static const struct bnc_table ldap_messages = BNC_TABLE("qmail-ldap", "qmail-ldap's error messages", ldap_entries);

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

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	GPtrArray *other = g_ptr_array_new(); /* the "Remote host said:" line per record */
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *b = bnc_sheet_last_diag(&sh);
	g_ptr_array_add(other, g_string_new(NULL));
	int reading = 0, recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t li = 0; lines[li]; li++) {
		const char *e = lines[li];
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
				v = bnc_sheet_add(&sh);
				b = bnc_sheet_last_diag(&sh);
				g_ptr_array_add(other, g_string_new(NULL));
			}
			const char *gt = strstr(e, ">:");
			char *part = g_strndup(e + 1, (gsize)(gt - e - 1));
			char *cv = bnc_address_s3s4(part);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the '<address>:' line of qmail's report");
			g_free(cv);
			g_free(part);
			recipients++;
		} else if ((int)bnc_sheet_len(&sh) == recipients) {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
			if (g_str_has_prefix(e, REMOTE_SAID))
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
	g_strfreev(lines);

	int ok = recipients > 0;
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *e = bnc_sheet_rec(&sh, j);
		char *d = bnc_squeeze_space(bnc_sheet_diag(&sh, j)->str);
		bnc_rec_set(e, RF_DIAGNOSIS, d, -1, "the lines below the address in qmail's report");
		g_free(d);
		const char *diag = bnc_rec_get(e, RF_DIAGNOSIS);

		const char *cmd = table_find(diag, commands, G_N_ELEMENTS(commands));
		char found[16] = "";
		if (cmd)
			bnc_rec_set(e, RF_COMMAND, cmd, -1, "qmail-remote's wording of the failed SMTP step");
		else if (strstr(diag, "no SMTP connection got far enough") && bnc_command_find(diag, found))
			bnc_rec_set(e, RF_COMMAND, found, -1, "the SMTP command named in qmail's report");

		const char *c = bnc_rec_get(e, RF_COMMAND);
		if (!strcmp(c, "EHLO") || !strcmp(c, "HELO")) {
			bnc_rec_set(e, RF_REASON, "blocked", -1, "qmail: the remote host rejected our HELO");
		} else if (bnc_aligned(diag, onhold_pair, 2)) {
			bnc_rec_set(e, RF_REASON, "onhold", -1, "qmail: a recipient refused until the message expired");
		} else {
			const char *texts[2] = {((GString *)g_ptr_array_index(other, j))->str, diag};
			for (int k = 0; k < 2 && !*bnc_rec_get(e, RF_REASON); k++) {
				if (!*texts[k])
					continue;
				if (bnc_rec_reason_from(e, &messages, texts[k], "one of qmail's own error messages") ||
				    bnc_rec_reason_from(e, &ldap_messages, texts[k], "one of qmail-ldap's error messages"))
					break;
				if (strstr(texts[k], EXPIRED)) {
					bnc_rec_set(e, RF_REASON, "expired", -1, "qmail-send: the message had been in the queue too long");
					break;
				}
			}
		}
		if (!*bnc_rec_get(e, RF_COMMAND) && bnc_command_find(diag, found))
			bnc_rec_set(e, RF_COMMAND, found, -1, "the SMTP command named in qmail's report");
	}

	bnc_sheet_close(&sh, ok, out, orig, "Subject: failure notice, or a '(qmail NNN invoked for bounce)' Received: header");
	for (guint j = 0; j < other->len; j++)
		g_string_free(g_ptr_array_index(other, j), TRUE);
	g_ptr_array_free(other, TRUE);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_qmail = {"qmail", inquire, (const struct bnc_table *const[]){&messages, &ldap_messages, NULL}};
