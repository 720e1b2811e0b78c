/* einsundeins.c - bounces from 1&1 (1und1.de, ionos).
 *
 * From: "Mail Delivery System" and the Exim-like Subject "Mail delivery
 * failed: returning message to sender".  The recipient stands alone on a
 * line; the reason follows "For the following reason:", or, in the other
 * layout, an "SMTP error from remote server for ... command, host: ...
 * reason: ..." paragraph.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "notice.h"
#include "rfc1894.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"--- The header of the original message is following. ---"};
static const char start_mark[] = "This message was created automatically by mail delivery software";
static const char error_mark[] = "For the following reason:";
/* 1&1's own phrases; Sisimai 5.2.0 named this reason mesgtoobig */
static const struct bnc_entry messages_entries[] = {
	BNC_T(emailtoolarge, "Mail size limit exceeded")
};
static const struct bnc_table messages = BNC_TABLE("einsundeins", "1&1's notices", messages_entries);

static int aligned2(const char *s, const char *a, const char *b)
{
	const char *p = strstr(s, a);
	return p && strstr(p + strlen(a), b) != NULL;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	/* Sisimai wants the display name quoted; 1&1's servers also write it
	 * bare ("Mail Delivery System <mailer-daemon@kundenserver.de>"), which
	 * the default mode takes from 1&1's own domains (Exim writes the same
	 * From: and Subject: everywhere) */
	if (!from || !(bnc_has_prefix(from, "\"Mail Delivery System\"") ||
	               (!m->sisimai && bnc_has_prefix(from, "Mail Delivery System <") &&
	                bnc_notice_from_domain(m, BNC_LIST("kundenserver.de", "1und1.de", "1and1.com")))))
		return 0;
	if (!subject || strcmp(subject, "Mail delivery failed: returning message to sender"))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	GString *alternates = g_string_new(NULL);
	int recipients = 0;

	for (size_t i = bnc_lines_from(rd.lines, start_mark, BNC_AFTER_MARK); rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		if (!*e)
			continue;
		if (aligned2(e, "@", ".") && (g_str_has_suffix(e, ":") || !strchr(e, ' '))) {
			/* "user@example.org" or "    user@example.org:" */
			char *t = bnc_trim_colons(e);
			char *ce = bnc_address_s3s4(t);
			g_free(t);
			if (!bnc_is_address(ce)) {
				g_free(ce);
				continue;
			}
			v = bnc_sheet_next(&rd.sh);
			bnc_rec_set(v, RF_RECIPIENT, ce, -1, "the address line of 1&1's notice");
			g_free(ce);
			recipients++;
		} else if (bnc_has_prefix(e, error_mark)) {
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the text after 'For the following reason:'");
		} else if (v->f[RF_DIAGNOSIS] && *v->f[RF_DIAGNOSIS]) {
			bnc_rec_cat(v, RF_DIAGNOSIS, " ", e, -1);
		} else {
			g_string_append_c(alternates, ' ');
			g_string_append(alternates, e);
		}
	}

	/* the paragraph goes to every record without a reason of its own: cut
	 * so that the copies stay under BNC_SHARED_TEXT_MAX in all */
	size_t copies = 0;
	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++)
		copies += !*bnc_rec_get(bnc_sheet_rec(&rd.sh, j), RF_DIAGNOSIS);
	if (!bnc_shared_text_fits(copies, alternates->len)) {
		size_t k = BNC_SHARED_TEXT_MAX / copies;
		while (k && ((unsigned char)alternates->str[k] & 0xC0) == 0x80)
			k--;
		g_string_truncate(alternates, k);
	}
	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		if (!r->f[RF_DIAGNOSIS] || !*r->f[RF_DIAGNOSIS]) {
			bnc_rec_take(r, RF_DIAGNOSIS, g_strdup(alternates->str),
			             "the 'SMTP error from remote server' paragraph of 1&1's notice");
		}
		char *d = g_strdup(r->f[RF_DIAGNOSIS]);
		char cmd[16] = "";
		bnc_command_find(d, cmd);
		bnc_rec_set(r, RF_COMMAND, cmd, -1, "SMTP command named in the error text");
		if (aligned2(d, "host: ", " reason:")) {
			/* "host: smtp-in.example.net (192.0.2.1) reason: 550 ..." */
			const char *h = strstr(d, "host: ");
			char **w = g_strsplit(h, " ", 3);
			char *host = bnc_squeeze_space(w[0] && w[1] ? w[1] : "");
			bnc_rec_set(r, RF_RHOST, host, -1, "the 'host:' of the SMTP error paragraph");
			g_free(host);
			g_strfreev(w);
			char st[16] = "";
			bnc_status_find(d, "", st);
			bnc_rec_set(r, RF_STATUS, st, -1, "status code in the SMTP error paragraph");
			if (strstr(d, "for TEXT command"))
				bnc_rec_set(r, RF_COMMAND, "DATA", -1, "'for TEXT command': the message's text was refused");
			if (strstr(d, "SMTP error"))
				bnc_rec_set(r, RF_SPEC, "SMTP", -1, "'SMTP error' in the notice");
		} else {
			const char *p = strstr(d, error_mark);
			if (p) {
				char *t = g_strdup(p + strlen(error_mark));
				g_free(d);
				d = t;
			}
		}
		char *sw = bnc_squeeze_space(d);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1, r->why[RF_DIAGNOSIS]);
		bnc_rec_reason_from(r, &messages, sw, "a phrase of 1&1's notice");
		g_free(sw);
		g_free(d);
	}

	bnc_reading_close(&rd, recipients, out,
		"From: \"Mail Delivery System\" and Subject: Mail delivery failed: returning message to sender "
		"with 1&1's text");
	g_string_free(alternates, TRUE);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_einsundeins = {"EinsUndEins", inquire, (const struct bnc_table *const[]){&messages, NULL}};
