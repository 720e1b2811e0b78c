/* ezweb.c - bounces from au's EZweb mail (ezweb.ne.jp, au.com).
 *
 * Two of: From: Postmaster@ezweb.ne.jp / Postmaster@au.com, Subject "Mail
 * System Error - Returned Mail", an EZweb Received: header, an EZweb
 * Message-Id:.  The recipient is "<user@...>" at the start of a line or
 * after "Recipient: "; an SMTP transcript (">>> ", "<<< ") or RFC 3464
 * fields may follow.  X-SPASIGN: NG means the recipient's filter refused.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"

static const char *const boundaries[] = {"--------------------------------------------------", "Content-Type: message/rfc822"};
static const char *const start_marks[] = {"The user(s) ", "Your message ", "Each of the following", "<"};

static const struct bnc_entry messages_entries[] = {
	BNC_T(expired, "Your message was not delivered within ")
	BNC_T(mailboxfull, "The user(s) account is temporarily over quota")
	BNC_T(onhold, "Each of the following recipients was rejected by a remote mail server")
	BNC_T(suspend, "The user(s) account is disabled.")
	BNC_T(suspend, "The user(s) account is temporarily limited.")
};
static const struct bnc_table messages = BNC_TABLE("ezweb", "EZweb's notices", messages_entries);
/* The X-SPASIGN: header au's spam filter adds: NG, it refused the message. */
static const struct bnc_entry spasign_entries[] = {
	BNC_L(filtered, "NG")
};
static const struct bnc_table spasign_table = BNC_TABLE("ezweb-spasign", "au's X-SPASIGN: header", spasign_entries);
/* What the notice's shape says when no phrase does: its error text opens with
 * "<user@...>" of a domain that is not EZweb's, which au's relay could not
 * deliver to at all (Sisimai: userunknown).  The label names the shape. */
#define SHAPE_FOREIGN_FIRST "a recipient outside EZweb named first"
static const struct bnc_entry shape_entries[] = {
	BNC_L(userunknown, SHAPE_FOREIGN_FIRST)
};
static const struct bnc_table shape_table = BNC_TABLE("ezweb-shape", "the shape of EZweb's notice", shape_entries);

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static int is_ezweb(const struct bnc_msg *m)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	const char *mid = bnc_msg_header(m, "message-id");
	int n = 0;
	n += has(from, "Postmaster@ezweb.ne.jp") != 0;
	n += has(from, "Postmaster@au.com") != 0;
	n += subject && !strcmp(subject, "Mail System Error - Returned Mail");
	for (size_t i = 0, k = bnc_msg_header_count(m, "received"); i < k; i++) {
		const char *r = bnc_msg_header_nth(m, "received", i);
		if (strstr(r, "ezweb.ne.jp (EZweb Mail) with") || strstr(r, ".au.com (")) {
			n++;
			break;
		}
	}
	n += has(mid, ".ezweb.ne.jp>") != 0;
	n += has(mid, ".au.com>") != 0;
	return n >= 2;
}

static int has_8bit(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void add_line(struct bnc_rec *v, const char *e)
{
	bnc_rec_cat(v, RF_DIAGNOSIS, " ", e, -1);
	v->why[RF_DIAGNOSIS] = "the error lines of EZweb's notice";
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!is_ezweb(m))
		return 0;

	struct bnc_reading rd;
	bnc_reading_open(&rd, m->payload, boundaries, G_N_ELEMENTS(boundaries));

	struct bnc_rec *v = bnc_sheet_last(&rd.sh);
	int reading = 0, recipients = 0;

	for (size_t i = 0; rd.lines[i]; i++) {
		const char *e = rd.lines[i];
		for (size_t k = 0; !reading && k < G_N_ELEMENTS(start_marks); k++)
			if (bnc_has_prefix(e, start_marks[k]))
				reading = 1;
		if (!reading || !*e)
			continue;
		const char *lt = strchr(e, '<');
		const char *at = lt ? strchr(lt + 1, '@') : NULL;
		const char *gt = at ? strchr(at + 1, '>') : NULL;
		const char *rp = strstr(e, "Recipient: <");
		if (gt && ((rp && rp - e > 1) || e[0] == '<')) {
			v = bnc_sheet_next(&rd.sh);
			const char *close = strchr(lt + 1, '>');
			char *in = g_strndup(lt + 1, (gsize)(close - lt - 1));
			char *cv = bnc_address_s3s4(in);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the '<user@...>' line of EZweb's notice");
			g_free(cv);
			g_free(in);
			add_line(v, e);
			recipients++;
		} else if (bnc_dsn_match(e)) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			int t = bnc_dsn_target(o.label);
			if (t >= 0 && o.value && *o.value)
				bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, "an RFC 3464 field in EZweb's notice");
			bnc_dsn_field_clear(&o);
		} else {
			if (has_8bit(e))
				continue;
			if (strstr(e, " >>> ")) {
				char cmd[16] = "";
				bnc_command_find(e, cmd);
				bnc_rec_set(v, RF_COMMAND, cmd, -1, "the '>>> ' line of the SMTP transcript");
				add_line(v, e);
			} else if (strstr(e, " <<< ")) {
				add_line(v, e);
			} else {
				/* Sisimai adds a line once per known phrase in it, and
				 * once when it holds none */
				int n = 0;
				for (size_t k = 0; k < messages.count; k++)
					if (strstr(e, messages.entries[k].frag[0]))
						n++;
				for (int q = 0; q < (n ? n : 1); q++)
					add_line(v, e);
			}
		}
	}

	const char *spasign = bnc_msg_header(m, "x-spasign");
	for (guint j = 0; recipients && j < bnc_sheet_len(&rd.sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&rd.sh, j);
		char *d = bnc_squeeze_space(bnc_rec_get(r, RF_DIAGNOSIS));
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, "the error lines of EZweb's notice");
		if (!*bnc_rec_get(r, RF_COMMAND)) {
			char cmd[16] = "";
			bnc_command_find(d, cmd);
			bnc_rec_set(r, RF_COMMAND, cmd, -1, "SMTP command named in the error text");
		}
		if (spasign && bnc_rec_reason_from(r, &spasign_table, spasign, "X-SPASIGN: NG (the recipient's spam filter refused it)")) {
		} else {
			bnc_rec_reason_from(r, &messages, d, "a phrase of EZweb's notice");
		}
		const char *rc = bnc_rec_get(r, RF_RECIPIENT);
		if (!*bnc_rec_get(r, RF_REASON) && !strstr(rc, "@ezweb.ne.jp") && !strstr(rc, "@au.com") && d[0] == '<')
			bnc_rec_reason_from(r, &shape_table, SHAPE_FOREIGN_FIRST, "EZweb's notice names a recipient outside EZweb first");
		g_free(d);
	}

	bnc_reading_close(&rd, recipients, out,
		"two EZweb marks among From:, Subject:, Received: and Message-Id:");
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_ezweb = {"EZweb", inquire, (const struct bnc_table *const[]){&messages, &spasign_table, &shape_table, NULL}};
