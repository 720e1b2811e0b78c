/* dsn.c - the generic RFC 3464 delivery-status decoder.
 *
 * Reads the text before the delivery-status block (kept as a fallback error
 * message), then the per-message and per-recipient fields, one record per
 * Final-Recipient.  Follows Sisimai's rfc3464 decoder, quirks included, so
 * that verdicts agree with it.
 */
#include <string.h>
#include "private.h"
#include "lhost.h"
#include "rfc1894.h"
#include "smtpcode.h"
#include "hosts.h"

/* PowerMTA's bounce categories (tables/powermta.def). */
static const struct bnc_entry powermta_entries[] = {
#define C(category, reason) BNC_L(reason, category)
#include "tables/powermta.def"
#undef C
};
static const struct bnc_table powermta = BNC_TABLE("powermta", "PowerMTA's bounce categories", powermta_entries);

/* "X-PowerMTA-BounceCategory: bad-mailbox": the reason the category names
 * becomes the record's own, to be checked again by the pipeline. */
static void powermta_category(const char *line, struct bnc_rec *v)
{
	static const char field[] = "X-PowerMTA-BounceCategory:";
	if (g_ascii_strncasecmp(line, field, sizeof field - 1))
		return;
	char *value = g_strstrip(bnc_strdown(line + sizeof field - 1, -1));
	bnc_rec_reason_from(v, &powermta, value, "X-PowerMTA-BounceCategory: field (PowerMTA's categories)");
	g_free(value);
}

static const char *const original_marks[] = {
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
	"Content-Type: message/partial",
	"Content-Disposition: inline",
};
#define DS_MARK "Content-Type: message/delivery-status"

static char *boundary_of(const char *ctype)
{
	if (!ctype)
		return NULL;
	const char *b = strstr(ctype, "boundary=");
	if (!b)
		b = strstr(ctype, "BOUNDARY=");
	if (!b)
		return NULL;
	b += 9;
	char q = 0;
	if (*b == '"' || *b == '\'')
		q = *b++;
	const char *e = b;
	while (*e && (q ? *e != q : (*e != ';' && *e != ' ')))
		e++;
	if (e == b)
		return NULL;
	char *bnd = g_strndup(b, (gsize)(e - b));
	char *r = g_strconcat("--", bnd, NULL);
	g_free(bnd);
	return r;
}

/* Turn "Final-Recipient: <a@b>" into "Final-Recipient: rfc822; a@b". */
static void fix_bare_recipient(GString *s, const char *field)
{
	char *needle = g_strconcat("\n", field, ": <", NULL);
	char *p = strstr(s->str, needle);
	if (p) {
		gssize at = p - s->str + (gssize)strlen(needle) - 1;
		g_string_erase(s, at, 1);
		g_string_insert(s, at, "rfc822; ");
		char *gt = strstr(s->str + at, ">\n");
		if (gt)
			g_string_erase(s, gt - s->str, 1);
	}
	g_free(needle);
}

/* A read receipt (RFC 8098): its message/disposition-notification part is
 * read as a delivery-status one, and its Final-Recipient: would become a
 * failed record.  Sisimai reads it so; outside its mode it is no bounce. */
static int read_receipt(const struct bnc_msg *m)
{
	const char *ct = bnc_msg_header(m, "content-type");
	return ct && strcasestr(ct, "report-type=disposition-notification") != NULL;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m->sisimai && read_receipt(m))
		return 0;
	const char *payload = m->payload;
	char *owned = NULL;
	int hasmark = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(original_marks); i++)
		if (strstr(payload, original_marks[i]))
			hasmark = 1;
	if (!hasmark) {
		/* no announced original: one may begin with a Return-Path: line */
		const char *rp = strstr(payload, "\n\nReturn-Path:");
		if (rp) {
			GString *s = g_string_new(payload);
			g_string_insert(s, rp - payload + 2, "Content-Type: message/rfc822\n");
			owned = g_string_free(s, FALSE);
			payload = owned;
		}
	}

	char *errpart, *orig;
	bnc_part(payload, original_marks, G_N_ELEMENTS(original_marks), &errpart, &orig);

	if (!strchr(errpart, '@')) {
		/* the bounce itself sits inside an attached message */
		for (size_t i = 0; i < G_N_ELEMENTS(original_marks); i++) {
			char *mk = g_strconcat(original_marks[i], "\n", NULL);
			const char *p = strstr(payload, mk);
			g_free(mk);
			if (!p)
				continue;
			const char *cx = p + strlen(original_marks[i]) + 2;
			if (cx > payload + strlen(payload))
				break;
			const char *blank = strstr(cx, "\n\n");
			const char *inner = blank ? blank + 2 : cx;
			g_free(errpart);
			g_free(orig);
			bnc_part(inner, &original_marks[i], 1, &errpart, &orig);
			break;
		}
	}

	GString *ep = g_string_new(errpart);
	g_free(errpart);
	if (!strstr(ep->str, DS_MARK)) {
		const char *rm = strstr(ep->str, "\n\nReporting-MTA:");
		if (rm)
			g_string_insert(ep, rm - ep->str + 2, DS_MARK "\n");
	}
	fix_bare_recipient(ep, "Final-Recipient");
	fix_bare_recipient(ep, "Original-Recipient");

	GPtrArray *boundaries = g_ptr_array_new_with_free_func(g_free);
	char *b0 = boundary_of(bnc_msg_header(m, "content-type"));
	g_ptr_array_add(boundaries, b0 ? b0 : g_strdup(""));

	static const char *const dontappend[] = {
		"Content-", "This is a MIME", "This is a multi", "This is an auto", "This multi-part", "###", "***", "--",
	};
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	struct bnc_rec *v = bnc_sheet_last(&sh);
	GString *b = bnc_sheet_last_diag(&sh);
	GString *leadin = g_string_new(NULL);
	int readcursor = 0, recipients = 0, goestonext = 0;
	/* per-message values, in the order first seen */
	struct dsn_permsg pm = {0};
	const char *prev = "";

	char **lines = bnc_split_lines(ep->str);
	for (size_t li = 0; lines[li]; prev = lines[li], li++) {
		const char *e = lines[li];
		if (!readcursor) {
			if (bnc_has_prefix(e, DS_MARK))
				readcursor = 1;
			if (!*e || goestonext)
				continue;
			if (bnc_prefix_any(e, (const char *const *)boundaries->pdata, boundaries->len)) {
				goestonext = 0;
				continue;
			}
			if (bnc_has_prefix(e, "Content-Type:")) {
				if (strstr(e, "multipart/")) {
					char *bx = boundary_of(e);
					g_ptr_array_add(boundaries, bx ? bx : g_strdup(""));
				} else {
					goestonext = strstr(e, "text/plain") == NULL;
				}
				continue;
			}
			if (bnc_prefix_any(e, dontappend, G_N_ELEMENTS(dontappend)))
				continue;
			if (strstr(e, "--- The follow") || strstr(e, "--- Transcript"))
				continue;
			g_string_append(leadin, e);
			g_string_append_c(leadin, ' ');
			continue;
		}
		if (!*e)
			continue;

		int blk = bnc_dsn_match(e);
		if (blk) {
			struct dsn_field o;
			if (!bnc_dsn_field(e, &o))
				continue;
			if (!strcmp(o.group, "addr")) {
				if (!strcmp(o.label, "final-recipient")) {
					char *cv = bnc_address_s3s4(o.value);
					if (!bnc_is_address(cv) ||
					    !strcmp(cv, bnc_rec_get(bnc_sheet_last(&sh), RF_RECIPIENT))) {
						g_free(cv);
						bnc_dsn_field_clear(&o);
						continue;
					}
					v = bnc_sheet_next(&sh);
					b = bnc_sheet_last_diag(&sh);
					bnc_rec_set(v, RF_RECIPIENT, cv, -1, "Final-Recipient: field of the delivery-status block");
					g_free(cv);
					recipients++;
				} else {
					bnc_rec_set(v, RF_ALIAS, o.value, -1,
					            !strcmp(o.label, "x-actual-recipient") ? "X-Actual-Recipient: field"
					                                                    : "Original-Recipient: field");
				}
			} else if (!strcmp(o.group, "code")) {
				bnc_rec_set(v, RF_SPEC, o.subtype, -1, "Diagnostic-Code: field's type");
				g_string_append(b, o.value);
				g_string_append_c(b, ' ');
			} else {
				if (*o.comment) {
					g_string_append_c(b, ' ');
					g_string_append(b, o.comment);
					g_string_append_c(b, ' ');
				}
				int t = bnc_dsn_target(o.label);
				if (t >= 0) {
					/* a host field that holds no host name (an address, a
					 * bare label) must not replace one that did */
					if ((t == RF_RHOST || t == RF_LHOST) && !bnc_rfc1123_is_host(o.value)) {
						bnc_dsn_field_clear(&o);
						continue;
					}
					bnc_rec_set(v, (enum bnc_rec_field)t, o.value, -1, bnc_dsn_why[t]);
					if (blk == DSN_PER_MESSAGE)
						bnc_permsg_keep(&pm, t, o.value);
				}
			}
			bnc_dsn_field_clear(&o);
		} else {
			if (bnc_has_prefix(e, "X-") && strstr(e, ": ")) {
				powermta_category(e, v);
				continue; /* other MTA-specific fields are not read */
			}
			if (!bnc_has_prefix(prev, "Diagnostic-Code:")) {
				if (bnc_has_prefix(e, "Content-") || bnc_has_prefix(e, "--"))
					continue;
				g_string_append(leadin, e);
				g_string_append_c(leadin, ' ');
				continue;
			}
			if (e[0] == ' ') {
				char *sw = bnc_squeeze_space(e);
				g_string_append_c(b, ' ');
				g_string_append(b, sw);
				g_free(sw);
			}
		}
	}
	g_strfreev(lines);

	struct bnc_rec *first = bnc_sheet_rec(&sh, 0);
	if (!recipients && bnc_is_address(first->f[RF_ALIAS])) {
		bnc_rec_set(first, RF_RECIPIENT, first->f[RF_ALIAS], -1, "Original-Recipient: field (no Final-Recipient)");
		recipients++;
	}

	int ok = recipients > 0;
	char *beforemesg = NULL, *issued = NULL;
	char alt_cmd[16] = "", alt_reply[4] = "", alt_status[16] = "";
	if (ok && leadin->len) {
		beforemesg = bnc_squeeze_space(leadin->str);
		bnc_command_find(beforemesg, alt_cmd);
		bnc_reply_find(beforemesg, bnc_rec_get(first, RF_STATUS), alt_reply);
		bnc_status_find(beforemesg, alt_reply, alt_status);
	}
	issued = bnc_ascii_lower(beforemesg ? beforemesg : "");
	for (guint j = 0; ok && j < bnc_sheet_len(&sh); j++) {
		struct bnc_rec *r = bnc_sheet_rec(&sh, j);
		bnc_permsg_give(&pm, r, v, bnc_permsg_set_plain, "per-message field of the delivery-status block");
		GString *bj = bnc_sheet_diag(&sh, j);
		char *d = bnc_squeeze_space(bj->str);
		if (recipients == 1 && beforemesg && !m->sisimai && !*bnc_rec_get(r, RF_RHOST)) {
			/* the text before the block joins the diagnostic below, and
			 * it may name the reporting host itself (Postfix's "This is
			 * the mail system at host X."): the remote host is looked
			 * for in the recipient's own error first */
			char *own = bnc_rfc1123_find(d);
			if (own)
				bnc_rec_set(r, RF_RHOST, own, -1, "a host named in the Diagnostic-Code: field");
			g_free(own);
		}
		if (recipients == 1) {
			char *low = bnc_ascii_lower(d);
			char *nd;
			if (strstr(issued, low))
				nd = g_strdup(beforemesg ? beforemesg : "");
			else {
				char *cat = g_strconcat(beforemesg ? beforemesg : "", " ", d, NULL);
				nd = bnc_squeeze_space(cat);
				g_free(cat);
			}
			g_free(low);
			g_free(d);
			d = nd;
		}
		bnc_rec_set(r, RF_DIAGNOSIS, d, -1,
		            recipients == 1 && beforemesg ? "Diagnostic-Code: field and the text before the delivery-status block"
		                                          : "Diagnostic-Code: field of the delivery-status block");
		g_free(d);
		char cmd[16] = "", rc[4] = "", st[16] = "";
		bnc_command_find(bnc_rec_get(r, RF_DIAGNOSIS), cmd);
		bnc_rec_set(r, RF_COMMAND, *cmd ? cmd : alt_cmd, -1, *cmd ? "SMTP command named in the diagnostic text" : "SMTP command named in the text before the delivery-status block");
		bnc_reply_find(bnc_rec_get(r, RF_DIAGNOSIS), bnc_rec_get(r, RF_STATUS), rc);
		bnc_rec_set(r, RF_REPLYCODE, *rc ? rc : alt_reply, -1, "reply code in the diagnostic text");
		if (!*bnc_rec_get(r, RF_STATUS)) {
			bnc_status_find(bnc_rec_get(r, RF_DIAGNOSIS), bnc_rec_get(r, RF_REPLYCODE), st);
			bnc_rec_set(r, RF_STATUS, *st ? st : alt_status, -1, "status code in the diagnostic text");
		}
	}

	bnc_sheet_close(&sh, ok, out, orig, "a message/delivery-status block with a Final-Recipient: field (RFC 3464)");
	bnc_permsg_clear(&pm);
	g_free(beforemesg);
	g_free(issued);
	g_string_free(leadin, TRUE);
	g_string_free(ep, TRUE);
	g_ptr_array_free(boundaries, TRUE);
	g_free(orig);
	g_free(owned);
	return ok;
}

const struct bnc_decoder bnc_decoder_rfc3464 = {"RFC3464", inquire, (const struct bnc_table *const[]){&powermta, NULL}};
