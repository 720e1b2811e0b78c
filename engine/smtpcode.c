/* smtpcode.c - SMTP enhanced status codes, reply codes and commands:
 * finding them in text, what a status code names, and whether a failure
 * is permanent.  Hand-written scanners: text is untrusted. */
#include <string.h>
#include "private.h"
#include "smtpcode.h"

#define S(r, code) BNC_E(r, NULL, code, NULL)
static const struct bnc_entry status_entries[] = {
#include "tables/status.def"
};
#undef S
const struct bnc_table bnc_status_table = {"status", "SMTP enhanced status codes", status_entries,
                                           G_N_ELEMENTS(status_entries)};

static const struct {
	int reason;
	const char *perm, *temp;
} pseudo[] = {
#define PSEUDO(r, p, t) {BNC_R_##r, p, t},
#include "tables/pseudo-status.def"
#undef PSEUDO
};

static int isdig(char c) { return c >= '0' && c <= '9'; }

int bnc_status_test(const char *s)
{
	if (!s || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	const char *p = s + 2;
	int n = 0;
	while (isdig(*p) && n < 3)
		p++, n++;
	if (!n || *p != '.')
		return 0;
	p++;
	n = 0;
	while (isdig(*p) && n < 3)
		p++, n++;
	return n && !*p;
}

int bnc_status_name(const char *status, struct bnc_hit *hit)
{
	if (!bnc_status_test(status))
		return -1;
	char key[16];
	g_strlcpy(key, status, sizeof key);
	for (int pass = 0; pass < 2; pass++, key[0] = key[0] == '4' ? '5' : key[0])
	for (size_t i = 0; i < G_N_ELEMENTS(status_entries); i++)
		if (!strcmp(status_entries[i].status, key)) {
			if (hit) {
				hit->table = &bnc_status_table;
				hit->index = i;
				hit->offset = 0;
				hit->length = strlen(status);
			}
			return status_entries[i].reason;
		}
	return -1;
}

/* The first "d.ddd.ddd" of class 2, 4 or 5 that is not part of a longer
 * dotted number (an IP address, a version). */
int bnc_status_find(const char *text, const char *replycode, char out[16])
{
	out[0] = 0;
	if (!text)
		return 0;
	for (const char *p = text; *p; p++) {
		if ((*p != '2' && *p != '4' && *p != '5') || p[1] != '.')
			continue;
		if (p > text && (isdig(p[-1]) || p[-1] == '.'))
			continue;
		const char *q = p + 2;
		int n = 0;
		while (isdig(*q) && n < 4)
			q++, n++;
		if (!n || n > 3 || *q != '.')
			continue;
		q++;
		n = 0;
		while (isdig(*q) && n < 4)
			q++, n++;
		if (!n || n > 3 || isdig(*q) || (*q == '.' && isdig(q[1])))
			continue;
		size_t len = (size_t)(q - p);
		if (replycode && *replycode && replycode[0] != p[0])
			continue;
		memcpy(out, p, len);
		out[len] = 0;
		return 1;
	}
	return 0;
}

/* Which of the Status: field (given) and the code in the message (found) to
 * keep: the one of the reply code's class; else the more specific one; some
 * codes are known to be vague ("4.4.7", "4.7.0", "5.3.x", "x.5.1/2/4/5"). */
const char *bnc_status_prefer(const char *given, const char *found, const char *replycode)
{
	if (!given || !*given)
		return found ? found : "";
	if (!found || !*found)
		return given;
	if (strlen(given) < 5)
		return found;
	if (strlen(found) < 5)
		return given;
	char r = replycode && *replycode ? replycode[0] : '0';
	if (given[0] != found[0]) {
		if (r == given[0])
			return given;
		if (r == found[0])
			return found;
	}
	if (!strcmp(given, found))
		return given;
	const char *gz1 = strstr(given, ".0"), *fz1 = strstr(found, ".0");
	const char *gz2 = strstr(given, ".0.0"), *fz2 = strstr(found, ".0.0");
	if (gz2)
		return fz2 ? given : found;
	if (gz1 && !fz1)
		return found;
	if (fz2)
		return given;
	if (!strcmp(given, "4.4.7") || !strcmp(given, "4.7.0") || !strncmp(given, "5.3.", 4))
		return found;
	if (!strncmp(given + 1, ".5.1", 4) || !strncmp(given + 1, ".5.2", 4) || !strncmp(given + 1, ".5.4", 4) ||
	    !strncmp(given + 1, ".5.5", 4))
		return found;
	if (!strcmp(given, "5.1.1"))
		return (fz1 || !strncmp(found, "5.5.", 4)) ? given : found;
	if (!strcmp(given, "5.1.3") && !strncmp(found, "5.7.", 4))
		return found;
	return given;
}

void bnc_status_code(int reason, int temporary, char out[16])
{
	out[0] = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(pseudo); i++)
		if (pseudo[i].reason == reason) {
			g_strlcpy(out, temporary ? pseudo[i].temp : pseudo[i].perm, 16);
			return;
		}
}

int bnc_reply_test(const char *c)
{
	if (!c || strlen(c) != 3 || !isdig(c[0]) || !isdig(c[1]) || !isdig(c[2]))
		return 0;
	int v = (c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0');
	if (v < 211 || v > 557 || v % 100 > 59)
		return 0;
	if (v < 300)
		return (v >= 211 && v <= 221) || v == 235 || (v >= 250 && v <= 253);
	if (v < 400)
		return v == 354;
	return 1;
}

/* The first valid reply code standing alone (followed by a space, '-' or
 * the end), of the status's class when one is given. */
int bnc_reply_find(const char *text, const char *statusclass, char out[4])
{
	out[0] = 0;
	if (!text)
		return 0;
	char cls = statusclass && *statusclass ? statusclass[0] : 0;
	for (const char *p = text; *p; p++) {
		if (!isdig(p[0]) || !isdig(p[1]) || !isdig(p[2]))
			continue;
		if (p > text && (isdig(p[-1]) || p[-1] == '.' || g_ascii_isalpha(p[-1]) || p[-1] == '-' || p[-1] == '#'))
			continue;
		char after = p[3];
		if (after && after != ' ' && after != '-' && after != ',' && after != ')' && after != ':' && after != ']')
			continue;
		char code[4] = {p[0], p[1], p[2], 0};
		if (!bnc_reply_test(code) || code[0] == '2' || code[0] == '3')
			continue;
		if (cls && (cls == '4' || cls == '5') && code[0] != cls)
			continue;
		memcpy(out, code, 4);
		return 1;
	}
	return 0;
}

int bnc_is_hard_bounce(int reason, const char *text)
{
	if (reason == BNC_R_userunknown || reason == BNC_R_hostunknown || reason == BNC_R_hasmoved)
		return 1;
	if (reason != BNC_R_notaccept)
		return 0;
	/* notaccept: hard unless the failure is temporary */
	return !bnc_is_temporary(text ? text : "");
}

static char code_class(const char *text)
{
	char st[16], rc[4];
	if (bnc_status_find(text, NULL, st))
		return st[0];
	if (bnc_reply_find(text, NULL, rc))
		return rc[0];
	return 0;
}

int bnc_is_permanent(const char *text)
{
	char c = code_class(text ? text : "");
	if (c)
		return c == '5';
	char *low = bnc_ascii_lower(text ? text : "");
	int r = strstr(low, "permanent") != NULL;
	g_free(low);
	return r;
}

int bnc_is_temporary(const char *text)
{
	char c = code_class(text ? text : "");
	if (c)
		return c == '4';
	char *low = bnc_ascii_lower(text ? text : "");
	int r = strstr(low, "temporar") != NULL || strstr(low, "persistent") != NULL;
	g_free(low);
	return r;
}

static const char *const commands[] = {
	"HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP", "VRFY", "ETRN", "EXPN", "HELP",
	"AUTH", "STARTTLS", "XFORWARD", "CONN", "BDAT",
};

int bnc_command_test(const char *c)
{
	if (!c || !*c)
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(c, commands[i]))
			return 1;
	return 0;
}

/* The SMTP command a message says it failed at: the last one named in
 * upper case as a word ("in reply to RCPT TO command", "after end of
 * data" counts as DATA). */
int bnc_command_find(const char *text, char out[16])
{
	static const struct { const char *word; const char *cmd; } marks[] = {
		{"STARTTLS", "STARTTLS"}, {"EHLO", "EHLO"}, {"HELO", "HELO"}, {"MAIL FROM", "MAIL"},
		{"RCPT TO", "RCPT"}, {"DATA", "DATA"}, {"end of data", "DATA"}, {"AUTH ", "AUTH"},
		{"QUIT", "QUIT"}, {"XFORWARD", "XFORWARD"},
	};
	out[0] = 0;
	if (!text || !strchr(text, ' '))
		return 0;
	const char *best = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
		const char *p = text;
		size_t n = strlen(marks[i].word);
		while ((p = strstr(p, marks[i].word)) != NULL) {
			int left = p == text || !g_ascii_isalnum(p[-1]);
			int right = !g_ascii_isalnum(p[n]) || marks[i].word[n - 1] == ' ';
			if (left && right && (!best || p > best)) {
				best = p;
				g_strlcpy(out, marks[i].cmd, 16);
			}
			p += n;
		}
	}
	return *out != 0;
}
