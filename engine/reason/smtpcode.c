/* smtpcode.c - SMTP enhanced status codes, reply codes and commands:
 * finding them in text, what a status code names, and whether a failure
 * is permanent.  Hand-written scanners: text is untrusted. */
#include <stdint.h>
#include <string.h>
#include "private.h"
#include "smtpcode.h"
#include "bouncelens.h"

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

/* Each status code's first line in the table (index + 1), built once:
 * the lookup is on every record's path. */
static GOnce status_once = G_ONCE_INIT;

static gpointer build_status_index(gpointer unused)
{
	(void)unused;
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < G_N_ELEMENTS(status_entries); i++)
		if (!g_hash_table_contains(h, status_entries[i].status))
			g_hash_table_insert(h, (gpointer)status_entries[i].status, GSIZE_TO_POINTER(i + 1));
	return h;
}

static GHashTable *status_index(void)
{
	return g_once(&status_once, build_status_index, NULL);
}

int bnc_status_name(const char *status, struct bnc_hit *hit)
{
	if (!bnc_status_test(status))
		return -1;
	gpointer at = g_hash_table_lookup(status_index(), status);
	if (!at)
		return -1;
	size_t i = GPOINTER_TO_SIZE(at) - 1;
	if (hit) {
		hit->table = &bnc_status_table;
		hit->index = i;
		hit->offset = 0;
		hit->length = strlen(status);
	}
	return status_entries[i].reason;
}

/* The "d.ddd.ddd" at p of class 2, 4 or 5 that is not part of a longer
 * dotted number (an IP address, a version): its length, or 0. */
static size_t status_at(const char *text, const char *p)
{
	if ((*p != '2' && *p != '4' && *p != '5') || p[1] != '.')
		return 0;
	if (p > text && (isdig(p[-1]) || p[-1] == '.'))
		return 0;
	const char *q = p + 2;
	int n = 0;
	while (isdig(*q) && n < 4)
		q++, n++;
	if (!n || n > 3 || *q != '.')
		return 0;
	q++;
	n = 0;
	while (isdig(*q) && n < 4)
		q++, n++;
	if (!n || n > 3 || isdig(*q) || (*q == '.' && isdig(q[1])))
		return 0;
	return (size_t)(q - p);
}

/* Sisimai's status.Find: every code of the text (of the reply code's class
 * when one is given), in order, the vague ones (x.0.0, 4.4.7) moved to the
 * end, then folded left with Prefer so the most telling one remains. */
int bnc_status_find(const char *text, const char *replycode, char out[16])
{
	out[0] = 0;
	if (!text)
		return 0;
	char vague[16] = "";
	int n = 0;
	for (const char *p = text; *p && n < 64; p++) {
		size_t len = status_at(text, p);
		if (!len)
			continue;
		if (replycode && *replycode && replycode[0] != p[0])
			continue;
		char code[16];
		memcpy(code, p, len);
		code[len] = 0;
		p += len - 1;
		if (!strcmp(code + 1, ".0.0") || !strcmp(code, "4.4.7")) {
			g_strlcpy(vague, code, sizeof vague);
			continue;
		}
		char kept[16];
		g_strlcpy(kept, out, sizeof kept);
		g_strlcpy(out, n ? bnc_status_prefer(kept, code, "") : code, 16);
		n++;
	}
	if (*vague) {
		char kept[16];
		g_strlcpy(kept, out, sizeof kept);
		g_strlcpy(out, n ? bnc_status_prefer(kept, vague, "") : vague, 16);
	}
	return *out != 0;
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

/* Reply codes in the order Sisimai tries them: permanent, then temporary,
 * then the positive ones.  The first code of the list found in the text
 * wins, not the first in the text. */
static const char *const reply_5xx[] = {"550", "552", "553", "551", "521", "525", "523", "524", "530", "533", "534",
                                        "535", "538", "555", "556", "554", "500", "501", "502", "503", "504"};
static const char *const reply_4xx[] = {"421", "450", "451", "452", "422", "430", "432", "453", "454", "455", "458",
                                        "459"};
static const char *const reply_2xx[] = {"211", "214", "220", "221", "235", "250", "251", "252", "253", "334", "354"};

/* Sisimai's reply.Find: none in an X-Unix text; of the status's class when
 * one is given; a code counts unless a digit, '.' or '/' touches it.  After
 * an occurrence that does not count, the search moves on by the position of
 * that occurrence plus three, past where it is, as Sisimai's loop does; so a
 * later occurrence may be passed over. */
int bnc_reply_find(const char *text, const char *statusclass, char out[4])
{
	out[0] = 0;
	if (!text || strlen(text) < 3)
		return 0;
	for (const char *p = text; (p = strchr(p, '-')) != NULL; p++)
		if (p - text >= 1 && !g_ascii_strncasecmp(p - 1, "X-UNIX", 6))
			return 0;
	const char *const *groups[3] = {reply_5xx, reply_4xx, reply_2xx};
	size_t sizes[3] = {G_N_ELEMENTS(reply_5xx), G_N_ELEMENTS(reply_4xx), G_N_ELEMENTS(reply_2xx)};
	char cls = statusclass && *statusclass ? statusclass[0] : 0;
	int only = cls == '5' ? 0 : cls == '4' ? 1 : cls == '2' ? 2 : -1;
	/* the text with a space either side, as Sisimai pads it */
	size_t tl = strlen(text), pl = tl + 2;
	char *padded = g_malloc(pl + 1);
	padded[0] = ' ';
	memcpy(padded + 1, text, tl);
	padded[tl + 1] = ' ';
	padded[pl] = 0;
	/* every three digits in a row the text holds, in one pass: a code that
	 * is not among them is not looked for (most of them, most of the time) */
	uint64_t seen[1000 / 64 + 1] = {0};
	for (size_t i = 0; i + 2 < tl; i++)
		if (g_ascii_isdigit(text[i]) && g_ascii_isdigit(text[i + 1]) && g_ascii_isdigit(text[i + 2])) {
			unsigned v = (unsigned)(text[i] - '0') * 100 + (unsigned)(text[i + 1] - '0') * 10 + (unsigned)(text[i + 2] - '0');
			seen[v / 64] |= (uint64_t)1 << (v % 64);
		}
	for (int g = 0; g < 3 && !out[0]; g++) {
		if (only >= 0 && g != only)
			continue;
		for (size_t i = 0; i < sizes[g] && !out[0]; i++) {
			const char *code = groups[g][i];
			unsigned v = (unsigned)(code[0] - '0') * 100 + (unsigned)(code[1] - '0') * 10 + (unsigned)(code[2] - '0');
			if (!(seen[v / 64] >> (v % 64) & 1))
				continue;
			size_t count = 0;
			for (const char *p = strstr(padded, code); p; p = strstr(p + 3, code))
				count++;
			size_t from = 1;
			for (size_t j = 0; j < count && from < pl; j++) {
				const char *p = strstr(padded + from, code);
				if (!p)
					break;
				size_t at = (size_t)(p - padded);
				unsigned char a = (unsigned char)padded[at - 1], z = (unsigned char)padded[at + 3];
				if ((a > 45 && a < 58) || (z > 45 && z < 58)) {
					from += at + 3;
					continue;
				}
				memcpy(out, code, 4);
				break;
			}
		}
	}
	g_free(padded);
	return out[0] != 0;
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

/* Sisimai's command.Find: of the commands it can detect, the last one in
 * this list's order that the text names; a bare word ("RCPT") must not
 * touch a letter or a digit on either side. */
int bnc_command_find(const char *text, char out[16])
{
	static const char *const detect[] = {"HELO", "EHLO", "STARTTLS", "AUTH PLAIN", "AUTH LOGIN", "AUTH CRAM-",
	                                     "AUTH DIGEST-", "MAIL F", "RCPT", "RCPT T", "DATA", "QUIT", "XFORWARD"};
	out[0] = 0;
	if (!text || strlen(text) < 4)
		return 0;
	int any = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(commands) && !any; i++)
		any = strstr(text, commands[i]) != NULL;
	if (!any)
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(detect); i++) {
		const char *e = detect[i];
		const char *p = strstr(text, e);
		if (!p)
			continue;
		size_t el = strlen(e);
		if (!strchr(e, ' ')) {
			unsigned char a = p > text ? (unsigned char)p[-1] : ' ', z = p[el] ? (unsigned char)p[el] : ' ';
			if (g_ascii_isalnum(a) || g_ascii_isalnum(z) || a == '@' || z == '@')
				continue;
		}
		/* the command is the detected text's first four letters */
		if (!strncmp(e, "STAR", 4))
			g_strlcpy(out, "STARTTLS", 16);
		else if (!strncmp(e, "XFOR", 4))
			g_strlcpy(out, "XFORWARD", 16);
		else
			g_strlcpy(out, e, 5);
	}
	return *out != 0;
}

const char *bnc_reason_code(const char *reason, int temporary)
{
	int r = bnc_reason_lookup(reason);
	for (size_t i = 0; r >= 0 && i < G_N_ELEMENTS(pseudo); i++)
		if (pseudo[i].reason == r)
			return temporary ? pseudo[i].temp : pseudo[i].perm;
	return NULL;
}
