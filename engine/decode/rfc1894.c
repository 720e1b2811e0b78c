/* rfc1894.c - the fields of RFC 1894 / 3464 delivery-status blocks. */
#include <string.h>
#include "rfc1894.h"

/* name, block (1 per-message, 2 per-recipient), a character the line must
 * hold to count, group, record field it fills */
static const struct {
	const char *name;
	int block;
	const char *must;
	const char *group;
	int target;
} dsn_fields[] = {
	{"arrival-date",          DSN_PER_MESSAGE,   ":", "date", RF_DATE},
	{"received-from-mta",     DSN_PER_MESSAGE,   ";", "host", RF_RHOST},
	{"reporting-mta",         DSN_PER_MESSAGE,   ";", "host", RF_LHOST},
	{"x-original-message-id", DSN_PER_MESSAGE,   "@", "text", -1},
	{"action",                DSN_PER_RECIPIENT, "e", "list", RF_ACTION},
	{"diagnostic-code",       DSN_PER_RECIPIENT, ";", "code", RF_DIAGNOSIS},
	{"final-recipient",       DSN_PER_RECIPIENT, ";", "addr", RF_RECIPIENT},
	{"last-attempt-date",     DSN_PER_RECIPIENT, ":", "date", RF_DATE},
	{"original-recipient",    DSN_PER_RECIPIENT, ";", "addr", RF_ALIAS},
	{"remote-mta",            DSN_PER_RECIPIENT, ";", "host", RF_RHOST},
	{"status",                DSN_PER_RECIPIENT, ".", "stat", RF_STATUS},
	{"x-actual-recipient",    DSN_PER_RECIPIENT, ";", "addr", RF_ALIAS},
};

/* The field a line starts with, and where its colon is.  A name may be
 * followed by spaces before the colon ("Action : failed", as Mimecast
 * writes its delivery-status part). */
static int find_field(const char *line, size_t *colonat)
{
	const char *colon = strchr(line, ':');
	if (!colon || colon == line)
		return -1;
	size_t n = (size_t)(colon - line);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	if (!n)
		return -1;
	char c = bnc_lower(line[0]);
	for (size_t i = 0; i < G_N_ELEMENTS(dsn_fields); i++)
		if (dsn_fields[i].name[0] == c && strlen(dsn_fields[i].name) == n && bnc_ncase_eq(line, dsn_fields[i].name, n)) {
			*colonat = (size_t)(colon - line);
			return (int)i;
		}
	return -1;
}

int bnc_dsn_match(const char *line)
{
	size_t n;
	int i = find_field(line, &n);
	if (i < 0 || !strstr(line, dsn_fields[i].must))
		return DSN_NONE;
	return dsn_fields[i].block;
}

int bnc_dsn_target(const char *label)
{
	for (size_t i = 0; i < G_N_ELEMENTS(dsn_fields); i++)
		if (!strcmp(label, dsn_fields[i].name))
			return dsn_fields[i].target;
	return -1;
}

void bnc_dsn_field_clear(struct dsn_field *f)
{
	g_free(f->subtype);
	g_free(f->value);
	g_free(f->comment);
	memset(f, 0, sizeof *f);
}

int bnc_dsn_field(const char *line, struct dsn_field *f)
{
	memset(f, 0, sizeof *f);
	if (strlen(line) < 7)
		return 0;
	size_t n;
	int i = find_field(line, &n);
	if (i < 0 || !strcmp(dsn_fields[i].group, "text"))
		return 0;
	g_strlcpy(f->label, dsn_fields[i].name, sizeof f->label);
	f->group = dsn_fields[i].group;
	char *rest = g_strstrip(g_strdup(line + n + 1));
	if (!strcmp(f->group, "addr") || !strcmp(f->group, "code") || !strcmp(f->group, "host")) {
		char *semi = strchr(rest, ';');
		if (semi) {
			*semi = 0;
			f->subtype = g_ascii_strup(g_strstrip(rest), -1);
			f->value = g_strdup(g_strstrip(semi + 1));
		} else {
			f->value = g_strdup(rest);
			f->subtype = g_strdup(!strcmp(f->group, "addr") ? "RFC822" : !strcmp(f->group, "code") ? "SMTP" : "DNS");
		}
		if (!strcmp(f->group, "host")) {
			char *low = bnc_ascii_lower(f->value);
			g_free(f->value);
			f->value = low;
		}
		if (strspn(f->value, " ") == strlen(f->value)) {
			g_free(f->value);
			f->value = g_strdup("");
		}
	} else if (!strcmp(f->group, "list")) {
		char *v = bnc_ascii_lower(rest);
		static const char *const ok[] = {"failed", "delayed", "delivered", "relayed", "expanded"};
		f->value = g_strdup("");
		for (size_t k = 0; k < G_N_ELEMENTS(ok); k++)
			if (!strcmp(v, ok[k])) {
				g_free(f->value);
				f->value = g_strdup(v);
			}
		if (!*f->value) {
			const char *fix = !strcmp(v, "deliverable") ? "delivered" : !strcmp(v, "expired") ? "delayed" :
			                  !strcmp(v, "failure") ? "failed" : "";
			g_free(f->value);
			f->value = g_strdup(fix);
		}
		g_free(v);
	} else {
		f->value = !strcmp(f->group, "date") ? g_strdup(rest) : bnc_ascii_lower(rest);
	}
	if (!f->subtype)
		f->subtype = g_strdup("");
	/* a comment in parentheses after the value */
	char *open = strstr(f->value, " (");
	char *close = open ? strchr(open + 2, ')') : NULL;
	if (open && close) {
		f->comment = g_strndup(open + 2, (gsize)(close - open - 2));
		*open = 0;
	} else {
		f->comment = g_strdup("");
	}
	g_free(rest);
	return 1;
}

char *bnc_address_s3s4(const char *s)
{
	char *a = bnc_address_find(s);
	if (a)
		return a;
	/* Sisimai keeps a bare mailer-daemon or postmaster, and nothing else */
	char *t = g_strstrip(g_strdup(s ? s : ""));
	char *low = bnc_ascii_lower(t);
	int daemon = !strcmp(low, "mailer-daemon") || !strcmp(low, "postmaster");
	g_free(low);
	if (daemon)
		return t;
	g_free(t);
	return g_strdup("");
}

void bnc_permsg_keep(struct dsn_permsg *pm, int t, const char *value)
{
	if (!pm->v[t])
		pm->order[pm->n++] = t;
	g_free(pm->v[t]);
	pm->v[t] = g_strdup(value);
}

void bnc_permsg_give(const struct dsn_permsg *pm, struct bnc_rec *r, const struct bnc_rec *last,
                     void (*set)(struct bnc_rec *r, int t, const char *value, const char *why), const char *why)
{
	for (int k = 0; k < pm->n; k++) {
		int t = pm->order[k];
		if ((last->f[t] && *last->f[t]) || !pm->v[t] || !*pm->v[t])
			continue;
		set(r, t, pm->v[t], why);
	}
}

void bnc_permsg_clear(struct dsn_permsg *pm)
{
	for (int k = 0; k < RF__COUNT; k++)
		g_free(pm->v[k]);
	memset(pm, 0, sizeof *pm);
}

void bnc_permsg_set_plain(struct bnc_rec *r, int t, const char *value, const char *why)
{
	bnc_rec_set(r, (enum bnc_rec_field)t, value, -1, why);
}

const char *const bnc_dsn_why[RF__COUNT] = {
	[RF_ACTION] = "Action: field of the delivery-status block",
	[RF_STATUS] = "Status: field of the delivery-status block",
	[RF_RHOST] = "Remote-MTA: field of the delivery-status block",
	[RF_LHOST] = "Reporting-MTA: field of the delivery-status block",
	[RF_DATE] = "Arrival-Date:/Last-Attempt-Date: field",
};
