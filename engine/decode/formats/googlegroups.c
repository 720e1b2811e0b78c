/* googlegroups.c - Google Groups refusing a post ("the group you tried to
 * contact ... may not exist, or you may not have permission to post").
 *
 * The failed addresses are in X-Failed-Recipients:; the notice's first
 * paragraphs are the error text.  What decides is the notice's shape (table
 * googlegroups below).
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "hosts.h"
#include "received.h"

static const char *const boundaries[] = {"----- Original message -----", "Content-Type: message/rfc822"};

/* Google Groups words every refusal alike; what tells them apart is whether
 * the notice lists the four usual causes of a refused post (a rejection) or
 * not (nothing more precise can be said: on hold).  The labels name the two
 * shapes; the code below tells which one a notice has. */
#define SHAPE_FOUR_CAUSES "the four causes of a refused post listed"
#define SHAPE_OTHER "no list of the four causes"
static const struct bnc_entry shape_entries[] = {
	BNC_L(rejected, SHAPE_FOUR_CAUSES)
	BNC_L(onhold, SHAPE_OTHER)
};
static const struct bnc_table shape_table = BNC_TABLE("googlegroups", "the shape of Google Groups' notice", shape_entries);

static size_t count_of(const char *s, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = strstr(s, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	const char *from = bnc_msg_header(m, "from"), *subject = bnc_msg_header(m, "subject");
	const char *failed = bnc_msg_header(m, "x-failed-recipients");
	if (!strstr(m->payload, "Google Groups") || !failed || !bnc_msg_header(m, "x-google-smtp-source"))
		return 0;
	if (!from || !strstr(from, "<mailer-daemon@googlemail.com>"))
		return 0;
	if (!subject || !strstr(subject, "Delivery Status Notification"))
		return 0;

	char *errpart, *orig;
	bnc_part(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	/* the first four paragraphs make the error text */
	char **paras = g_strsplit(errpart, "\n\n", 5);
	guint np = g_strv_length(paras);
	GString *issued = g_string_new(NULL);
	for (guint i = 0; i < np; i++) {
		if (i)
			g_string_append_c(issued, ' ');
		if (i + 1 < np)
			g_string_append(issued, paras[i]);
	}
	g_strfreev(paras);
	for (gsize i = 0; i < issued->len; i++)
		if (issued->str[i] == '\n')
			issued->str[i] = ' ';
	char *diagnosis = bnc_squeeze_space(issued->str);
	g_string_free(issued, TRUE);

	char *rv[6];
	bnc_received_parse(bnc_msg_header(m, "received"), rv);
	int four = count_of(errpart, "\n *") == 4 || count_of(errpart, "\n*") == 4;

	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	char **addrs = g_strsplit(failed, ",", -1);
	for (size_t i = 0; addrs[i]; i++) {
		char *t = g_strstrip(g_strdup(addrs[i]));
		if (bnc_is_address(t)) {
			struct bnc_rec *v = bnc_sheet_next(&sh);
			char *cv = bnc_address_s3s4(t);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "X-Failed-Recipients: header");
			bnc_rec_set(v, RF_RHOST, rv[1], -1, "the 'by' host of the first Received: header");
			bnc_rec_reason_from(v, &shape_table, four ? SHAPE_FOUR_CAUSES : SHAPE_OTHER,
			                    four ? "Google Groups' notice lists the four causes of a refused post"
			                         : "a Google Groups notice (no more precise reason)");
			bnc_rec_set(v, RF_DIAGNOSIS, diagnosis, -1, "the text of Google Groups' notice");
			g_free(cv);
			sh.recipients++;
		}
		g_free(t);
	}
	g_strfreev(addrs);
	for (int q = 0; q < 6; q++)
		g_free(rv[q]);
	int ok = bnc_sheet_close(&sh, sh.recipients > 0, out, orig,
	                         "From: <mailer-daemon@googlemail.com>, X-Failed-Recipients:, X-Google-Smtp-Source: and "
	                         "'Google Groups' in the body");
	g_free(diagnosis);
	g_free(errpart);
	g_free(orig);
	return ok;
}

const struct bnc_decoder bnc_decoder_googlegroups = {"GoogleGroups", inquire, (const struct bnc_table *const[]){&shape_table, NULL}};
