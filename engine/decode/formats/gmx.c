/* gmx.c - bounces from GMX (web.de's and gmx.net's mailers).
 *
 * Recognised by X-GMX-Antispam:.  After "This message was created
 * automatically by mail delivery software" come the quoted or bracketed
 * recipient, "SMTP error from remote server after RCPT command:",
 * "host: mx...", and the remote server's reply.
 */
#include <string.h>
#include "private.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "dsn.h"

static const char *const boundaries[] = {"--- The header of the original message is following. ---"};
static const char start_mark[] = "This message was created automatically by mail delivery software";

static char *trim_colons(const char *s)
{
	const char *b = s, *e = s + strlen(s);
	while (*b == ':')
		b++;
	while (e > b && e[-1] == ':')
		e--;
	return g_strndup(b, (gsize)(e - b));
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!bnc_msg_header(m, "x-gmx-antispam"))
		return 0;

	char *errpart, *orig;
	bnc_split_original(m->payload, boundaries, G_N_ELEMENTS(boundaries), &errpart, &orig);

	GPtrArray *recs = g_ptr_array_new();
	GPtrArray *diag = g_ptr_array_new();
	struct bnc_rec *v = bnc_rec_new();
	GString *b = g_string_new(NULL);
	g_ptr_array_add(recs, v);
	g_ptr_array_add(diag, b);
	int reading = 0, recipients = 0;

	char **lines = bnc_split_lines(errpart);
	for (size_t i = 0; lines[i]; i++) {
		const char *e = lines[i];
		if (!reading) {
			if (g_str_has_prefix(e, start_mark))
				reading = 1;
			continue;
		}
		if (!*e)
			continue;
		const char *at = strchr(e, '@');
		if ((at && at - e > 1 && e[0] == '"') || e[0] == '<') {
			/* "user@example.org": or <user@example.org> */
			if (v->f[RF_RECIPIENT] && *v->f[RF_RECIPIENT]) {
				v = bnc_rec_new();
				b = g_string_new(NULL);
				g_ptr_array_add(recs, v);
				g_ptr_array_add(diag, b);
			}
			char *t = trim_colons(e);
			char *cv = bnc_address_s3s4(t);
			bnc_rec_set(v, RF_RECIPIENT, cv, -1, "the quoted address line of GMX's notice");
			g_free(cv);
			g_free(t);
			recipients++;
		} else if (g_str_has_prefix(e, "SMTP error ")) {
			char cmd[16] = "";
			bnc_command_find(e, cmd);
			bnc_rec_set(v, RF_COMMAND, cmd, -1, "the 'SMTP error from remote server after ... command' line");
		} else if (g_str_has_prefix(e, "host: ")) {
			bnc_rec_set(v, RF_RHOST, e + 6, -1, "the 'host:' line of GMX's notice");
		} else {
			g_string_append(b, e);
			g_string_append_c(b, ' ');
		}
	}
	g_strfreev(lines);

	for (guint j = 0; recipients && j < recs->len; j++) {
		struct bnc_rec *r = g_ptr_array_index(recs, j);
		char *d = bnc_squeeze_space(((GString *)g_ptr_array_index(diag, j))->str);
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1, "the error text of GMX's notice");
		if (strstr(d, "delivery retry timeout exceeded"))
			bnc_rec_set(r, RF_REASON, "expired", -1, "'delivery retry timeout exceeded' in GMX's notice");
		g_free(d);
	}

	if (recipients) {
		for (guint j = 0; j < recs->len; j++)
			g_ptr_array_add(out->recs, g_ptr_array_index(recs, j));
		g_string_assign(out->rfc822, orig);
		out->claimed = "an X-GMX-Antispam: header and GMX's 'created automatically by mail delivery software' text";
	} else {
		for (guint j = 0; j < recs->len; j++)
			bnc_rec_free(g_ptr_array_index(recs, j));
	}
	for (guint j = 0; j < diag->len; j++)
		g_string_free(g_ptr_array_index(diag, j), TRUE);
	g_ptr_array_free(diag, TRUE);
	g_ptr_array_free(recs, TRUE);
	g_free(errpart);
	g_free(orig);
	return recipients > 0;
}

const struct bnc_decoder bnc_decoder_gmx = {"GMX", inquire};
