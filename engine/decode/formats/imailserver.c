/* imailserver.c - Progress (formerly Ipswitch) IMail Server bounces:
 * "Unknown user: addr" style lines, an optional "Body of message generated
 * response:" block, the original after "Original message follows.".
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "smtpcode.h"
#include "rfc1894.h"
#include "hosts.h"

static const char *const boundaries[] = {"Original message follows."};
static const struct bnc_entry messages_entries[] = {
	BNC_T(hostunknown, "Unknown host")
	BNC_T(userunknown, "Unknown user")
	BNC_T(userunknown, "Invalid final delivery userid")
	BNC_T(mailboxfull, "User mailbox exceeds allowed size")
	BNC_T(virusdetected, "Requested action not taken: virus detected")
	BNC_T(spamdetected, "Blacklisted URL in message")
	BNC_T(expired, "Delivery failed ")
};
static const struct bnc_table messages = BNC_TABLE("imailserver", "IMail's error messages", messages_entries);

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_has_prefix(bnc_hdr(m, "subject"), "Undeliverable Mail ") &&
	    !bnc_has_prefix(bnc_hdr(m, "x-mailer"), "<SMTP32 v"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	int recipients = 0;
	GString *alt = NULL; /* "Body of message generated response:" and what follows */

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		const char *colon = strstr(e, ": ");
		static const char *const shape[] = {": ", "@"};
		if ((colon && colon - e > 8 && bnc_aligned(e, shape, 2)) || bnc_has_prefix(e, "undeliverable ")) {
			/* "Unknown user: kijitora@example.com", "undeliverable to ..." */
			if (v->f[RF_RECIPIENT])
				v = bnc_sheet_add(&sh);
			bnc_rec_set(v, RF_DIAGNOSIS, e, -1, "the 'error: address' line");
			char *a = bnc_address_find(e);
			bnc_rec_set(v, RF_RECIPIENT, a ? a : "", -1, "the 'error: address' line");
			g_free(a);
			recipients++;
		} else if (strstr(e, "Body of message generated response:")) {
			if (alt)
				g_string_assign(alt, e);
			else
				alt = g_string_new(e);
		} else if (alt) {
			g_string_append_c(alt, ' ');
			g_string_append(alt, e);
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		char *s = alt && alt->len ? g_strconcat(alt->str, " ", bnc_rec_get(r, RF_DIAGNOSIS), NULL)
		                          : g_strdup(bnc_rec_get(r, RF_DIAGNOSIS));
		char *sw = bnc_squeeze_space(s);
		bnc_rec_set(r, RF_DIAGNOSIS, sw, -1,
		            alt ? "the 'Body of message generated response:' block and the 'error: address' line"
		                : "the 'error: address' line");
		char cmd[16] = "";
		bnc_command_find(sw, cmd);
		bnc_rec_set(r, RF_COMMAND, cmd, -1, "the SMTP command named in the error text");
		bnc_rec_reason_from(r, &messages, sw, "IMail's error message");
		g_free(sw);
		g_free(s);
	}

	int ok = recipients > 0;
	if (ok) {
		GString *rfc = g_string_new(orig);
		if (!strstr(rfc->str, "\nFrom: ")) {
			char *l = g_strconcat("From: ", bnc_hdr(m, "to"), "\n", NULL);
			g_string_prepend(rfc, l);
			g_string_append_c(rfc, '\n');
			g_free(l);
		}
		if (!strstr(rfc->str, "\nTo: ")) {
			struct bnc_rec *r0 = bnc_sheet_rec(&sh, 0);
			char *l = g_strconcat("To: ", bnc_rec_get(r0, RF_RECIPIENT), "\n", NULL);
			g_string_prepend(rfc, l);
			g_string_append_c(rfc, '\n');
			g_free(l);
		}
		g_string_assign(out->rfc822, rfc->str);
		g_string_free(rfc, TRUE);
		out->claimed = "Subject: Undeliverable Mail or X-Mailer: <SMTP32 v...> (IMail Server)";
	}
	bnc_sheet_close(&sh, ok, out, NULL, NULL);
	if (alt)
		g_string_free(alt, TRUE);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_imailserver = {"IMailServer", inquire, (const struct bnc_table *const[]){&messages, NULL}};
