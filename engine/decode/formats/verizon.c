/* verizon.c - bounces from Verizon Wireless' text and picture gateways
 * (vtext.com, vzwpix.com).
 *
 * The error text starts at "Error: "; the recipient is the To: of the
 * original message, or, when only "Message details:" are given, their
 * "RCPT TO:" line.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"

static const char *const boundaries[] = {"Original Message:", "Message details:"};

static const struct bnc_entry messages_entries[] = {
	BNC_T(userunknown, "550 - Requested action not taken: no such user here")
	BNC_T(userunknown, "No valid recipients")
};
static const struct bnc_table messages = BNC_TABLE("verizon", "Verizon's notices", messages_entries);

static void replace_first(GString *s, const char *from, const char *to)
{
	char *p = strstr(s->str, from);
	if (!p)
		return;
	gssize at = p - s->str;
	g_string_erase(s, at, (gssize)strlen(from));
	g_string_insert(s, at, to);
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from");
	if (!from)
		return 0;
	const char *sa = strstr(from, "sysadmin@");
	if (!strstr(from, "post_master@vtext.com") && !(sa && strstr(sa + 9, ".vzwpix.com")))
		return 0;

	GString *payload = g_string_new(m->payload);
	int nooriginal = 0;
	if (strstr(payload->str, boundaries[1])) {
		/* the details block made into header lines */
		nooriginal = 1;
		replace_first(payload, "Sent date: ", "Date: ");
		replace_first(payload, "MAIL FROM: ", "Return-Path: ");
		replace_first(payload, "RCPT TO: ", "To: ");
	}
	char *errpart, *orig;
	bnc_part(payload->str, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);
	g_string_free(payload, TRUE);

	GString *b = g_string_new(NULL);
	int reading = 0;
	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		if (!reading && bnc_has_prefix(lines[i], "Error: "))
			reading = 1;
		if (reading && *lines[i])
			g_string_append(b, lines[i]); /* joined without a space, as Sisimai does */
	}
	g_strfreev(lines);

	GString *o = g_string_new(orig);
	g_free(orig);
	if (nooriginal)
		bnc_replace_all(o, "\n  ", "\n");
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	const char *to = strstr(o->str, "\nTo: ");
	if (to && to > o->str) {
		to += 5;
		const char *nl = strchr(to, '\n');
		char *rcpt = nl ? g_strndup(to, (gsize)(nl - to)) : g_strdup(to);
		struct bnc_rec *v = bnc_sheet_next(&sh);
		bnc_rec_set(v, RF_RECIPIENT, rcpt, -1, "To: of the original message (or RCPT TO: of its details)");
		g_free(rcpt);
		sh.recipients++;
		g_string_assign(bnc_sheet_last_diag(&sh), b->str);
		bnc_sheet_diagnosis(&sh, "the text from the 'Error: ' line on");
		bnc_sheet_reasons(&sh, &messages, "a phrase of Verizon's notice");
	}
	int ok = bnc_sheet_close(&sh, sh.recipients > 0, out, o->str, "From: post_master@vtext.com or sysadmin@...vzwpix.com");
	g_string_free(o, TRUE);
	g_string_free(b, TRUE);
	g_free(errpart);
	return ok;
}

const struct bnc_decoder bnc_decoder_verizon = {"Verizon", inquire, (const struct bnc_table *const[]){&messages, NULL}};
