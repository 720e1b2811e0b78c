/* rhost.c - bounce reasons of particular providers, after Sisimai 5.2.0's
 * rhost package: the provider registry (tables/rhosts.def) and one entry
 * table per provider (tables/rhost-<name>.def).
 *
 * A provider's table is tried in order and the first entry that matches
 * decides.  What differs between providers is a column of the registry:
 *   - preconditions (a valid reply code, a valid status, a hyphen);
 *   - how an entry's reply code and status compare (exactly, or Google's way);
 *   - the provider's error label, when its replies carry one ("AUP#CXBL",
 *     "IB607", "RCP-P2", "LPN007_416", ".i.ua/err/2/", "AUP#O1350"), and how
 *     a label entry compares with it (equal, suffix, number in a range).
 * Every loop runs over a table or over the text once; nothing backtracks. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rhost.h"
#include "smtpcode.h"

/* An entry of reason `none` says the provider's own rules stop there without
 * a reason (Sisimai's rule returns ""): the pipeline goes on without it. */
#define BNC_R_none (-1)

/* The macros of the .def files:
 *   E(reason, code, status, "fragment", ...)   lower-case fragments, lower-cased text
 *   EC(reason, code, status, "Fragment", ...)  the provider's capitals, text as received
 *   EK(reason, code, status, "COMMAND", ...)   an SMTP command condition as well
 *   L(reason, "label")                         the provider's error label          */
#define E(r, c, s, ...)       BNC_E(r, c, s, __VA_ARGS__)
#define EC(r, c, s, ...)      BNC_EX(r, c, s, NULL, BNC_ON_CASE, __VA_ARGS__)
#define EK(r, c, s, cmd, ...) BNC_EX(r, c, s, cmd, BNC_ON_TEXT, __VA_ARGS__)
#define L(r, label)           BNC_EX(r, NULL, NULL, NULL, BNC_ON_LABEL, label)

/* One entry array per engine/tables/rhost-<id>.def, written by the Makefile
 * (build/rhost-tables.inc); providers.def names each one. */
#pragma GCC diagnostic error "-Wunused-const-variable"
#include "rhost-tables.inc"

#undef E
#undef EC
#undef EK
#undef L

/* ---- text helpers -------------------------------------------------------- */

/* the first occurrence of needle in hay; ci: ASCII case-insensitively */
static const char *find(const char *hay, const char *needle, int ci)
{
	if (!ci)
		return strstr(hay, needle);
	size_t k = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, k))
			return p;
	return k ? NULL : hay;
}

/* the last occurrence of needle in hay (lower-case text, lower-case needle) */
static const char *find_last(const char *hay, const char *needle)
{
	const char *last = NULL;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		last = p;
	return last;
}

static int all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ---- error labels -------------------------------------------------------- */

/* Where a provider's error label is in the text: [off, off + len). */
struct label {
	int found;
	size_t off, len;
	const char *text;   /* the text the label was taken from (same offsets as the diagnostic) */
	int ci;             /* compare case-insensitively (the text as received was not at hand) */
};

/* Cox: "AUP#CXBL" - what follows "AUP#" up to a space or the end. */
static void label_cox(const char *t, int ci, struct label *lb)
{
	const char *p = find(t, "AUP#", ci);
	if (!p)
		return;
	const char *s = p + 4, *e = strchr(s, ' ');
	lb->found = 1;
	lb->off = (size_t)(s - t);
	lb->len = e ? (size_t)(e - s) : strlen(s);
}

/* GoDaddy: " IB607" - the five characters after the first " IB"'s space,
 * when the " IB" is not at the very start. */
static void label_godaddy(const char *t, int ci, struct label *lb)
{
	const char *p = find(t, " IB", ci);
	if (!p || p - t <= 1)
		return;
	size_t n = strlen(p + 1);
	lb->found = 1;
	lb->off = (size_t)(p + 1 - t);
	lb->len = n < 5 ? n : 5;
}

/* Facebook: "RCP-P2" - three characters before the first hyphen and three
 * from it on. */
static void label_facebook(const char *t, int ci, struct label *lb)
{
	const char *p = strchr(t, '-');
	if (!p || p - t < 3 || strlen(p) < 3)
		return;
	lb->found = 1;
	lb->off = (size_t)(p - 3 - t);
	lb->len = 6;
}

/* FrancePTT: "LPN007_416", "OFR_999": with "_" read as "-", the last
 * occurrence of the first label prefix present (lpn, lpnaaa, ofr, ouk); the
 * code is the word from one character before the prefix's end (or its
 * hyphen) on; entries compare with the word's end.  Works on the lower-cased
 * text, as Sisimai does. */
static void label_franceptt(const char *lowered, int ci, struct label *lb)
{
	static const char *const prefix[] = {"lpn", "lpnaaa", "ofr", "ouk"};
	char *t = g_strdup(lowered);
	for (char *c = t; *c; c++)
		if (*c == '_')
			*c = '-';
	for (size_t i = 0; i < G_N_ELEMENTS(prefix); i++) {
		const char *at = find_last(t, prefix[i]);
		if (!at)
			continue;
		size_t plen = strlen(prefix[i]);
		char hyphened[8];
		g_snprintf(hyphened, sizeof hyphened, "%s-", prefix[i]);
		if (strstr(t, hyphened))
			plen++;
		const char *s = at + plen - 1, *e = strchr(s, ' ');
		lb->found = 1;
		lb->off = (size_t)(s - t);
		lb->len = e ? (size_t)(e - s) : strlen(s);
		break;
	}
	g_free(t);
	lb->text = lowered;
	lb->ci = 0;
}

/* IUA: "https://mail.i.ua/err/2/" - between ".i.ua/err/" and the next "/". */
static void label_iua(const char *lowered, int ci, struct label *lb)
{
	const char *p = strstr(lowered, ".i.ua/err/");
	if (!p)
		return;
	const char *s = p + 10, *e = strchr(s, '/');
	if (!e || e == s)
		return;
	lb->found = 1;
	lb->off = (size_t)(s - lowered);
	lb->len = (size_t)(e - s);
	lb->text = lowered;
	lb->ci = 0;
}

/* Spectrum: "AUP#O1350" - the first run of four digits after "AUP#" (a
 * longer run gives its first four). */
static void label_spectrum(const char *t, int ci, struct label *lb)
{
	const char *p = find(t, "AUP#", ci);
	if (!p)
		return;
	size_t run = 0;
	const char *q = p + 4;
	for (; *q && run < 4; q++)
		run = (*q >= '0' && *q <= '9') ? run + 1 : 0;
	if (run != 4)
		return;
	lb->found = 1;
	lb->off = (size_t)(q - 4 - t);
	lb->len = 4;
}

enum { LABEL_NONE, LABEL_EQUAL, LABEL_SUFFIX, LABEL_NUMBER };

static int label_matches(int how, const struct label *lb, const char *want)
{
	if (!lb->found || !want)
		return 0;
	const char *have = lb->text + lb->off;
	size_t n = lb->len, k = strlen(want);
	switch (how) {
	case LABEL_SUFFIX:
		return k <= n && !(lb->ci ? strncasecmp : strncmp)(have + n - k, want, k);
	case LABEL_NUMBER: {
		if (!all_digits(have, n))
			return 0;
		long v = 0, lo, hi;
		for (size_t i = 0; i < n && i < 9; i++)
			v = v * 10 + (have[i] - '0');
		const char *dash = strchr(want, '-');
		lo = strtol(want, NULL, 10);
		hi = dash ? strtol(dash + 1, NULL, 10) : lo;
		return v >= lo && v <= hi;
	}
	default:
		return k == n && !(lb->ci ? strncasecmp : strncmp)(have, want, k);
	}
}

/* ---- the rules of each provider ----------------------------------------- */

enum { NEED_NONE = 0, NEED_REPLY = 1, NEED_STATUS = 2, NEED_HYPHEN = 4 };
enum { CODES_EXACT, CODES_TAIL };

/* ---- the registry (tables/providers.def) --------------------------------- */

#ifndef BNC_SISIMAI_RHOST
#define BNC_SISIMAI_RHOST 580   /* the Sisimai release whose providers are chosen */
#endif

struct provider {
	const char *name;
	const char *title;
	int since;                   /* the Sisimai release that has it (520: 5.2.0) */
	const char *const *suffix;   /* NULL-terminated */
	struct bnc_table table;
	unsigned need;
	/* CODES_TAIL (Google): an entry's reply code matches when the reply
	 * code without its first digit first occurs in it from its second
	 * character on, and an entry's status when the status without its
	 * class first occurs in it from its third character on ("5.7.1"
	 * matches "4.7.1" and "5.7.10"; "555" never matches "555"). */
	int codes;
	void (*label)(const char *text, int ci, struct label *lb);
	int label_how;
	/* a label found: the text entries are not tried (GoDaddy) */
	int label_only;
};

#define PROVIDER(n, t, since, need, codes, label, how, only, ...) \
	static const char *const sfx_##n[] = {__VA_ARGS__, NULL};
#include "tables/providers.def"
#undef PROVIDER

static const struct provider providers[] = {
#define PROVIDER(n, t, since, need, codes, label, how, only, ...) \
	{#n, t, since, sfx_##n, {#n, t, n##_entries, G_N_ELEMENTS(n##_entries)}, need, codes, label, how, only},
#include "tables/providers.def"
#undef PROVIDER
};

static const struct provider *provider_of(const char *name)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(providers); i++)
		if (!strcmp(providers[i].name, name))
			return &providers[i];
	return NULL;
}

const char *bnc_rhost_title(const char *name)
{
	const struct provider *p = provider_of(name);
	return p ? p->title : NULL;
}

static int chosen(const struct provider *p)
{
	return p->since <= BNC_SISIMAI_RHOST;
}

/* Whether s, n bytes long, ends with suffix. */
static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return k <= n && !memcmp(s + n - k, suffix, k);
}

const char *bnc_rhost_name(const char *rhost, const char *lhost, const char *domain)
{
	char *d = bnc_ascii_lower(domain), *r = bnc_ascii_lower(rhost), *l = bnc_ascii_lower(lhost);
	const char *found = NULL;
	/* 1. a provider string ending with the recipient's domain.  Sisimai
	 * compares with an empty domain too, and then any provider would do;
	 * we skip the pass instead. */
	for (size_t i = 0; *d && !found && i < G_N_ELEMENTS(providers); i++)
		for (const char *const *s = providers[i].suffix; chosen(&providers[i]) && *s && !found; s++)
			if (ends_with(*s, strlen(*s), d))
				found = providers[i].name;
	/* 2. the remote host, 3. the local host, ending with a provider string */
	const char *hosts[] = {r, l};
	for (size_t h = 0; h < 2 && !found; h++) {
		size_t hn = strlen(hosts[h]);
		for (size_t i = 0; hn && !found && i < G_N_ELEMENTS(providers); i++)
			for (const char *const *s = providers[i].suffix; chosen(&providers[i]) && *s && !found; s++)
				if (ends_with(hosts[h], hn, *s))
					found = providers[i].name;
	}
	g_free(d);
	g_free(r);
	g_free(l);
	return found;
}

size_t bnc_rhost_count(void) { return G_N_ELEMENTS(providers); }
const char *bnc_rhost_at(size_t i) { return i < G_N_ELEMENTS(providers) ? providers[i].name : NULL; }

const struct bnc_table *bnc_rhost_table(const char *name)
{
	const struct provider *p = provider_of(name);
	return p ? &p->table : NULL;
}

/* Sisimai 5.2.0's smtp/reply.Test: three or more characters making a
 * decimal integer, 211 to 557, the last two digits at most 59; 2yz only
 * 211-221, 235 and 250-253; 3yz only 354. */
static int reply_code_valid(const char *code)
{
	if (!code || strlen(code) < 3)
		return 0;
	const char *p = code;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return 0;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return 0;
	if (strlen(p) > 9)
		return 0;
	long reply = strtol(code, NULL, 10);
	if (reply < 211 || reply > 557 || reply % 100 > 59)
		return 0;
	long first = reply / 100;
	if (first == 2) {
		if (reply == 235)
			return 1;
		if (reply > 253 || (reply > 221 && reply < 250))
			return 0;
		return 1;
	}
	if (first == 3 && reply != 354)
		return 0;
	return 1;
}

/* "4.7.650-4.7.899" style ranges, or one status */
static int parse_status(const char *s, long v[3])
{
	char *end;
	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return 0;
		v[i] = strtol(s, &end, 10);
		s = end;
		if (i < 2) {
			if (*s != '.')
				return 0;
			s++;
		}
	}
	return *s == 0 || *s == '-';
}

static long status_key(const long v[3])
{
	return v[0] * 1000000 + v[1] * 1000 + v[2];
}

/* Google's comparison: `have` without its first `skip` characters must
 * first occur in `want` at or after position `skip`. */
static int tail_matches(const char *want, const char *have, size_t skip)
{
	if (strlen(have) < skip)
		return 0;
	const char *p = strstr(want, have + skip);
	return p && (size_t)(p - want) >= skip;
}

static int status_matches(int codes, const char *want, const char *have)
{
	if (!want)
		return 1;
	if (!have || !*have)
		return 0;
	const char *dash = strchr(want, '-');
	if (dash) {
		long lo[3], hi[3], h[3];
		if (!parse_status(want, lo) || !parse_status(dash + 1, hi) || !parse_status(have, h))
			return 0;
		return status_key(h) >= status_key(lo) && status_key(h) <= status_key(hi);
	}
	if (codes == CODES_TAIL)
		return tail_matches(want, have, 2);
	return !strcmp(want, have);
}

/* "550", or a range "500-599" */
static int code_matches(int codes, const char *want, const char *have)
{
	if (!want)
		return 1;
	if (!have || !*have)
		return 0;
	const char *dash = strchr(want, '-');
	if (dash) {
		size_t n = strlen(have);
		if (!all_digits(have, n) || n > 9)
			return 0;
		long v = strtol(have, NULL, 10);
		return v >= strtol(want, NULL, 10) && v <= strtol(dash + 1, NULL, 10);
	}
	if (codes == CODES_TAIL)
		return tail_matches(want, have, 1);
	return !strcmp(want, have);
}

/* every fragment, each found after the previous one; span of them all */
static int frags_match(const struct bnc_entry *e, const char *text, int ci, size_t *off, size_t *len)
{
	*off = *len = 0;
	if (!e->frag[0])
		return 1;
	const char *from = text, *first = NULL, *end = NULL;
	for (int i = 0; i < BNC_ENTRY_FRAGS && e->frag[i]; i++) {
		const char *at = find(from, e->frag[i], ci);
		if (!at)
			return 0;
		if (!first)
			first = at;
		end = at + strlen(e->frag[i]);
		from = end;
	}
	*off = (size_t)(first - text);
	*len = (size_t)(end - first);
	return 1;
}

int bnc_rhost_apply(const char *name, const struct bnc_rhost_query *q, struct bnc_hit *hit)
{
	const struct provider *ru = provider_of(name);
	if (!ru || !q)
		return -1;
	const char *low = q->lowered && *q->lowered ? q->lowered : NULL;
	const char *raw = q->diag && *q->diag ? q->diag : NULL;
	char *lowered_here = NULL;
	if (!low && raw)
		low = lowered_here = bnc_ascii_lower(raw);
	int reason = -1;
	/* every provider wants a diagnostic text; some more */
	if (!low)
		goto out;
	if ((ru->need & NEED_REPLY) && !reply_code_valid(q->replycode))
		goto out;
	if ((ru->need & NEED_STATUS) && !bnc_status_test(q->status))
		goto out;
	if ((ru->need & NEED_HYPHEN) && !strchr(low, '-'))
		goto out;

	/* the text as received, or the lower-cased one compared case-insensitively */
	const char *cased = raw ? raw : low;
	int ci = raw ? 0 : 1;
	struct label lb = {0, 0, 0, cased, ci};
	if (ru->label)
		ru->label(ru->label == label_franceptt || ru->label == label_iua ? low : cased, ci, &lb);

	const struct bnc_table *t = &ru->table;
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		size_t off = 0, len = 0;
		if (!code_matches(ru->codes, e->code, q->replycode))
			continue;
		if (!status_matches(ru->codes, e->status, q->status))
			continue;
		if (e->command && (!q->command || strcasecmp(e->command, q->command)))
			continue;
		if (e->on == BNC_ON_LABEL) {
			if (!label_matches(ru->label_how, &lb, e->frag[0]))
				continue;
			off = lb.off;
			len = lb.len;
		} else {
			if (ru->label_only && lb.found)
				continue;
			if (e->on == BNC_ON_CASE ? !frags_match(e, cased, ci, &off, &len) : !frags_match(e, low, 0, &off, &len))
				continue;
		}
		if (e->reason < 0)
			break;   /* the provider's rules end here without a reason */
		if (hit) {
			hit->table = t;
			hit->index = i;
			hit->offset = off;
			hit->length = len;
		}
		reason = e->reason;
		break;
	}
out:
	g_free(lowered_here);
	return reason;
}

int bnc_rhost_query_find(const struct bnc_rhost_query *q, struct bnc_hit *hit, const char **provider)
{
	const char *name = bnc_rhost_name(q->rhost, q->lhost, q->domain);
	if (provider)
		*provider = name;
	return bnc_rhost_apply(name, q, hit);
}

int bnc_rhost_find_lhost(const char *rhost, const char *lhost, const char *domain, const char *replycode,
                         const char *status, const char *diag, struct bnc_hit *hit, const char **provider)
{
	struct bnc_rhost_query q = {rhost, lhost, domain, replycode, status, NULL, NULL, diag};
	return bnc_rhost_query_find(&q, hit, provider);
}

int bnc_rhost_find(const char *rhost, const char *domain, const char *replycode, const char *status,
                   const char *diag, struct bnc_hit *hit, const char **provider)
{
	return bnc_rhost_find_lhost(rhost, NULL, domain, replycode, status, diag, hit, provider);
}
