/* rhost.c - bounce reasons of particular providers, after Sisimai 5.2.0's
 * rhost package: the provider registry (tables/rhosts.def) and one entry
 * table per provider (tables/rhost-<name>.def). */
#include <stdlib.h>
#include <string.h>
#include "rhost.h"

#define E(r, c, s, ...) BNC_E(r, c, s, __VA_ARGS__)
static const struct bnc_entry mimecast_entries[] = {
#include "tables/rhost-mimecast.def"
};
#undef E

const struct bnc_table bnc_rhost_mimecast_table = {
	"mimecast", "Mimecast", mimecast_entries, G_N_ELEMENTS(mimecast_entries),
};

struct provider {
	const char *name;
	const char *title;
	const char *const *suffix;   /* NULL-terminated */
};

#define RHOST(n, t, ...) static const char *const sfx_##n[] = {__VA_ARGS__, NULL};
#include "tables/rhosts.def"
#undef RHOST

static const struct provider providers[] = {
#define RHOST(n, t, ...) {#n, t, sfx_##n},
#include "tables/rhosts.def"
#undef RHOST
};

static const struct provider *provider_of(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(providers); i++)
		if (!strcmp(providers[i].name, name))
			return &providers[i];
	return NULL;
}

const char *bnc_rhost_title(const char *name)
{
	const struct provider *p = provider_of(name);
	return p ? p->title : NULL;
}

/* only Mimecast has a table so far; the others answer NULL */
const struct bnc_table *bnc_rhost_table(const char *name)
{
	if (name && !strcmp(name, "mimecast"))
		return &bnc_rhost_mimecast_table;
	return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
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
		for (const char *const *s = providers[i].suffix; *s && !found; s++)
			if (ends_with(*s, d))
				found = providers[i].name;
	/* 2. the remote host, 3. the local host, ending with a provider string */
	const char *hosts[] = {r, l};
	for (size_t h = 0; h < 2 && !found; h++)
		for (size_t i = 0; *hosts[h] && !found && i < G_N_ELEMENTS(providers); i++)
			for (const char *const *s = providers[i].suffix; *s && !found; s++)
				if (ends_with(hosts[h], *s))
					found = providers[i].name;
	g_free(d);
	g_free(r);
	g_free(l);
	return found;
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

/* "4.7.650-4.7.899" style ranges, or one status; NULL entry status: any */
static int parse_status(const char *s, long v[3])
{
	char *end;
	for (int i = 0; i < 3; i++) {
		v[i] = strtol(s, &end, 10);
		if (end == s)
			return 0;
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

static int status_matches(const char *want, const char *have)
{
	if (!want)
		return 1;
	if (!have || !*have)
		return 0;
	const char *dash = strchr(want, '-');
	if (!dash)
		return !strcmp(want, have);
	long lo[3], hi[3], h[3];
	if (!parse_status(want, lo) || !parse_status(dash + 1, hi) || !parse_status(have, h))
		return 0;
	return status_key(h) >= status_key(lo) && status_key(h) <= status_key(hi);
}

/* every fragment, each found after the previous one; span of them all */
static int frags_match(const struct bnc_entry *e, const char *diag, size_t *off, size_t *len)
{
	*off = *len = 0;
	if (!e->frag[0])
		return 1;
	const char *from = diag, *first = NULL, *end = NULL;
	for (int i = 0; i < BNC_ENTRY_FRAGS && e->frag[i]; i++) {
		const char *at = strstr(from, e->frag[i]);
		if (!at)
			return 0;
		if (!first)
			first = at;
		end = at + strlen(e->frag[i]);
		from = end;
	}
	*off = (size_t)(first - diag);
	*len = (size_t)(end - first);
	return 1;
}

int bnc_rhost_find_lhost(const char *rhost, const char *lhost, const char *domain, const char *replycode,
                         const char *status, const char *diag, struct bnc_hit *hit, const char **provider)
{
	const char *name = bnc_rhost_name(rhost, lhost, domain);
	if (provider)
		*provider = name;
	const struct bnc_table *t = bnc_rhost_table(name);
	if (!t)
		return -1;
	/* Mimecast's preconditions */
	if (!diag || !*diag || !reply_code_valid(replycode))
		return -1;
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		size_t off, len;
		if (e->code && strcmp(e->code, replycode))
			continue;
		if (!status_matches(e->status, status))
			continue;
		if (!frags_match(e, diag, &off, &len))
			continue;
		if (hit) {
			hit->table = t;
			hit->index = i;
			hit->offset = off;
			hit->length = len;
		}
		return e->reason;
	}
	return -1;
}

int bnc_rhost_find(const char *rhost, const char *domain, const char *replycode, const char *status,
                   const char *diag, struct bnc_hit *hit, const char **provider)
{
	return bnc_rhost_find_lhost(rhost, NULL, domain, replycode, status, diag, hit, provider);
}
