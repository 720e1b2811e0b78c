/* amazonses.c - Amazon SES notifications (Bounce, Complaint, Delivery)
 * delivered as JSON, often wrapped in an SNS envelope whose "Message"
 * member holds the notification as an escaped string.
 *
 * Like Sisimai: cut the SNS footer ("\n\n--\n"), undo SNS's line wrapping
 * ("!\n "), and when there is a "Message" member drop every backslash and
 * take that member's text from its "{" to the end of its line.  The result
 * must be one JSON object naming its notificationType.
 */
#include <string.h>
#include <json-glib/json-glib.h>
#include "private.h"
#include "smtpcode.h"
#include "hosts.h"
#include "lhost.h"

/* The reason a notification's type gives each of its records; a Bounce
 * gives none (see bounce_records). */
#define SES_BOUNCE "\"notificationType\":\"Bounce\""
#define SES_COMPLAINT "\"notificationType\":\"Complaint\""
#define SES_DELIVERY "\"notificationType\":\"Delivery\""
static const struct bnc_entry type_entries[] = {
	BNC_T(feedback, SES_COMPLAINT)
	BNC_T(delivered, SES_DELIVERY)
};
static const struct bnc_table types = BNC_TABLE("amazonses", "the type of an Amazon SES notification", type_entries);

/* SNS's line wrapping undone: every "!\n " dropped, and those the dropping
 * brings together too, as a removal repeated until none is left would do;
 * in one pass (a "!\n " is looked for at the end of what was kept). */
static void unwrap(GString *s)
{
	gsize w = 0;
	for (gsize r = 0; r < s->len; r++) {
		s->str[w++] = s->str[r];
		if (w >= 3 && s->str[w - 1] == ' ' && s->str[w - 2] == '\n' && s->str[w - 3] == '!')
			w -= 3;
	}
	g_string_truncate(s, w);
}

/* Every backslash dropped, in one pass. */
static void drop_backslashes(GString *s)
{
	gsize w = 0;
	for (gsize r = 0; r < s->len; r++)
		if (s->str[r] != '\\')
			s->str[w++] = s->str[r];
	g_string_truncate(s, w);
}

/* json-glib parses nested arrays and objects by recursion: text nested
 * deeper than any notification is refused before it is parsed.  Strings
 * are skipped, so a bracket inside one does not count. */
#define SES_MAX_DEPTH 64
static int shallow_enough(const char *t)
{
	int depth = 0, in_string = 0;
	for (; *t; t++) {
		if (in_string) {
			if (*t == '\\' && t[1])
				t++;
			else if (*t == '"')
				in_string = 0;
		} else if (*t == '"') {
			in_string = 1;
		} else if (*t == '{' || *t == '[') {
			if (++depth > SES_MAX_DEPTH)
				return 0;
		} else if (*t == '}' || *t == ']') {
			depth--;
		}
	}
	return 1;
}

/* The notification's JSON text, or NULL when the body holds none. */
static char *notification_text(const char *payload)
{
	/* "notificationType" is there unless a wrap ("!\n ") or a backslash,
	 * both dropped below, splits it: most messages are known not to be
	 * SES's without the copy */
	if (!strstr(payload, "notificationType") && !strstr(payload, "!\n ") && !strchr(payload, '\\'))
		return NULL;
	GString *s = g_string_new(payload);
	const char *footer = strstr(s->str, "\n\n--\n");
	if (footer && footer > s->str)
		g_string_truncate(s, (gsize)(footer - s->str));
	unwrap(s);
	const char *p = strstr(s->str, "\"Message\"");
	if (p && p > s->str) {
		/* Sisimai takes the offset before the backslashes go */
		gsize from = (gsize)(p - s->str) + 9;
		drop_backslashes(s);
		if (from > s->len) {
			g_string_free(s, TRUE);
			return NULL;
		}
		const char *open = strchr(s->str + from, '{');
		const char *nl = strchr(s->str + from, '\n');
		if (!open || !nl || nl < open) {
			g_string_free(s, TRUE);
			return NULL;
		}
		gsize at = (gsize)(open - s->str), n = (gsize)(nl - open);
		g_string_erase(s, 0, (gssize)at);
		g_string_truncate(s, n);
		while (s->len && s->str[s->len - 1] == ',')
			g_string_truncate(s, s->len - 1);
		while (s->len && s->str[s->len - 1] == '"')
			g_string_truncate(s, s->len - 1);
	}
	if (!strstr(s->str, "notificationType") || s->str[0] != '{' || !s->len || s->str[s->len - 1] != '}' ||
	    !shallow_enough(s->str)) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* A member by name, ignoring case as Go's decoder does. */
static JsonNode *member(JsonObject *o, const char *name)
{
	if (!o)
		return NULL;
	JsonNode *n = json_object_get_member(o, name);
	if (n)
		return n;
	GList *names = json_object_get_members(o);
	for (GList *l = names; l; l = l->next)
		if (!g_ascii_strcasecmp(l->data, name)) {
			n = json_object_get_member(o, l->data);
			break;
		}
	g_list_free(names);
	return n;
}

static const char *str_of(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return "";
	return json_node_get_string(n);
}

static JsonObject *obj_of(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *arr_of(JsonObject *o, const char *name)
{
	JsonNode *n = member(o, name);
	return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

/* The host of "dsn; a1-2.smtp-out.amazonses.com". */
static char *reporting_mta(const char *s)
{
	char *h = bnc_rfc1123_find(s);
	if (h)
		return h;
	const char *semi = strchr(s, ';');
	char *t = bnc_squeeze_space(semi ? semi + 1 : s);
	if (bnc_rfc1123_is_host(t))
		return t;
	g_free(t);
	return NULL;
}

static void bounce_records(JsonObject *b, struct bnc_sheet *sh)
{
	JsonArray *list = arr_of(b, "bouncedRecipients");
	char *lhost = reporting_mta(str_of(b, "reportingMTA"));
	for (guint i = 0; list && i < json_array_get_length(list); i++) {
		JsonNode *n = json_array_get_element(list, i);
		if (!JSON_NODE_HOLDS_OBJECT(n))
			continue;
		JsonObject *e = json_node_get_object(n);
		struct bnc_rec *v = bnc_sheet_count(sh);
		bnc_rec_set(v, RF_RECIPIENT, str_of(e, "emailAddress"), -1, "bouncedRecipients[].emailAddress of the SES notification");
		char *d = bnc_squeeze_space(str_of(e, "diagnosticCode"));
		bnc_rec_set(v, RF_DIAGNOSIS, d, -1, "bouncedRecipients[].diagnosticCode of the SES notification");
		char cmd[16] = "", st[16] = "", rc[4] = "";
		bnc_command_find(d, cmd);
		bnc_rec_set(v, RF_COMMAND, cmd, -1, "SMTP command named in diagnosticCode");
		bnc_rec_set(v, RF_ACTION, str_of(e, "action"), -1, "bouncedRecipients[].action of the SES notification");
		bnc_status_find(str_of(e, "status"), "", st);
		bnc_rec_set(v, RF_STATUS, st, -1, "bouncedRecipients[].status of the SES notification");
		bnc_reply_find(d, st, rc);
		bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in diagnosticCode");
		bnc_rec_set(v, RF_DATE, str_of(b, "timestamp"), -1, "bounce.timestamp of the SES notification");
		bnc_rec_set(v, RF_LHOST, lhost ? lhost : "", -1, "bounce.reportingMTA of the SES notification");
		/* Sisimai's bounceSubType table never matches (it compares the
		 * reason, not the subtype), so no reason is set here */
		g_free(d);
	}
	g_free(lhost);
}

static void complaint_records(JsonObject *c, const char *text, struct bnc_sheet *sh)
{
	JsonArray *list = arr_of(c, "complainedRecipients");
	for (guint i = 0; list && i < json_array_get_length(list); i++) {
		JsonNode *n = json_array_get_element(list, i);
		if (!JSON_NODE_HOLDS_OBJECT(n))
			continue;
		struct bnc_rec *v = bnc_sheet_count(sh);
		bnc_rec_set(v, RF_RECIPIENT, str_of(json_node_get_object(n), "emailAddress"), -1,
		            "complainedRecipients[].emailAddress of the SES notification");
		bnc_rec_reason_from(v, &types, text, "an SES Complaint notification");
		bnc_rec_set(v, RF_FEEDBACKTYPE, str_of(c, "complaintFeedbackType"), -1, "complaint.complaintFeedbackType");
		bnc_rec_set(v, RF_DATE, str_of(c, "timestamp"), -1, "complaint.timestamp of the SES notification");
		char *d = g_strdup_printf("{\"feedbackid\":\"%s\", \"useragent\":\"%s\"}", str_of(c, "feedbackId"),
		                          str_of(c, "userAgent"));
		bnc_rec_set(v, RF_DIAGNOSIS, d, -1, "complaint.feedbackId and userAgent of the SES notification");
		g_free(d);
	}
}

/* A 2xx reply code: Sisimai's reply finder accepts them when asked for class
 * 2, the shared bnc_reply_find() does not. */
static void reply_2xx(const char *d, char out[4])
{
	out[0] = 0;
	for (const char *p = d; *p; p++) {
		if (p > d && p[-1] != ' ')
			continue;
		if (p[0] == '2' && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) && (!p[3] || p[3] == ' ' || p[3] == '-')) {
			memcpy(out, p, 3);
			out[3] = 0;
			return;
		}
	}
}

static void delivery_records(JsonObject *o, const char *text, struct bnc_sheet *sh)
{
	JsonArray *list = arr_of(o, "recipients");
	for (guint i = 0; list && i < json_array_get_length(list); i++) {
		JsonNode *n = json_array_get_element(list, i);
		if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
			continue;
		struct bnc_rec *v = bnc_sheet_count(sh);
		bnc_rec_set(v, RF_RECIPIENT, json_node_get_string(n), -1, "delivery.recipients[] of the SES notification");
		bnc_rec_reason_from(v, &types, text, "an SES Delivery notification");
		bnc_rec_set(v, RF_ACTION, "delivered", -1, "an SES Delivery notification");
		bnc_rec_set(v, RF_DATE, str_of(o, "timestamp"), -1, "delivery.timestamp of the SES notification");
		bnc_rec_set(v, RF_LHOST, str_of(o, "reportingMTA"), -1, "delivery.reportingMTA of the SES notification");
		const char *d = str_of(o, "smtpResponse");
		bnc_rec_set(v, RF_DIAGNOSIS, d, -1, "delivery.smtpResponse of the SES notification");
		char st[16] = "", rc[4] = "";
		bnc_status_find(d, "2", st);
		reply_2xx(d, rc);
		bnc_rec_set(v, RF_STATUS, st, -1, "status code in smtpResponse");
		bnc_rec_set(v, RF_REPLYCODE, rc, -1, "reply code in smtpResponse");
	}
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	char *text = notification_text(m->payload);
	if (!text)
		return 0;
	char kind = 0;
	if (strstr(text, SES_BOUNCE))
		kind = 'B';
	else if (strstr(text, SES_COMPLAINT))
		kind = 'C';
	else if (strstr(text, SES_DELIVERY))
		kind = 'D';
	JsonParser *p = json_parser_new();
	JsonObject *root = NULL;
	if (kind && json_parser_load_from_data(p, text, -1, NULL)) {
		JsonNode *n = json_parser_get_root(p);
		if (n && JSON_NODE_HOLDS_OBJECT(n))
			root = json_node_get_object(n);
	}
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	if (root) {
		if (kind == 'B')
			bounce_records(obj_of(root, "bounce"), &sh);
		else if (kind == 'C')
			complaint_records(obj_of(root, "complaint"), text, &sh);
		else
			delivery_records(obj_of(root, "delivery"), text, &sh);
	}
	int ok = bnc_sheet_close(&sh, sh.recipients > 0, out, NULL, NULL);
	if (ok) {
		/* the sent message's headers, rebuilt from the notification */
		JsonObject *mail = obj_of(root, "mail");
		JsonArray *hs = arr_of(mail, "headers");
		for (guint i = 0; hs && i < json_array_get_length(hs); i++) {
			JsonNode *n = json_array_get_element(hs, i);
			if (!JSON_NODE_HOLDS_OBJECT(n))
				continue;
			JsonObject *h = json_node_get_object(n);
			g_string_append_printf(out->rfc822, "%s: %s\n", str_of(h, "name"), str_of(h, "value"));
		}
		JsonObject *common = obj_of(mail, "commonHeaders");
		if (*str_of(common, "date"))
			g_string_append_printf(out->rfc822, "Date: %s\n", str_of(common, "date"));
		if (*str_of(common, "subject"))
			g_string_append_printf(out->rfc822, "Subject: %s\n", str_of(common, "subject"));
		out->claimed = kind == 'B' ? "an Amazon SES Bounce notification (JSON)"
		             : kind == 'C' ? "an Amazon SES Complaint notification (JSON)"
		                           : "an Amazon SES Delivery notification (JSON)";
	}
	g_object_unref(p);
	g_free(text);
	return ok;
}

const struct bnc_decoder bnc_decoder_amazonses = {"AmazonSES", inquire, (const struct bnc_table *const[]){&types, NULL}};
