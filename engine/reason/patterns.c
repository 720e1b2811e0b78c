/* patterns.c - Sisimai's per-reason message patterns as one table, the
 * matcher over it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <threads.h>
#include <glib.h>

#include "patterns.h"

/* ---- the table ------------------------------------------------------------ */

#define P(r, ...) BNC_E(r, NULL, NULL, __VA_ARGS__)
static const struct bnc_entry pattern_entries[] = {
#include "tables/patterns.def"
};
#undef P

#define NPATTERNS (sizeof pattern_entries / sizeof pattern_entries[0])

const struct bnc_table bnc_patterns_table = {
	"patterns",
	"message patterns of each reason (Sisimai IncludedIn)",
	pattern_entries,
	NPATTERNS,
};

/* Index ranges per reason (entries of a reason are contiguous). Built once. */
static size_t range_first[BNC_R__COUNT], range_end[BNC_R__COUNT];
static once_flag ranges_once = ONCE_FLAG_INIT;

static void build_ranges(void)
{
	for (size_t i = NPATTERNS; i-- > 0;)
		range_first[pattern_entries[i].reason] = i;
	for (size_t i = 0; i < NPATTERNS; i++)
		range_end[pattern_entries[i].reason] = i + 1;
}

static void ensure_ranges(void)
{
	call_once(&ranges_once, build_ranges);
}

/* ---- matching -------------------------------------------------------------- */

/* One entry against the text. The fragments must occur in order, each found
 * after the end of the previous one, as Sisimai 5.2.0's Aligned() does it;
 * that function also leaves the text unshortened when a one-byte fragment
 * sits at the very start of what is left, and so does this. */
static int entry_match(const struct bnc_entry *e, const char *text,
		       size_t *off, size_t *len)
{
	const char *rest = text, *first = NULL, *last_end = NULL;
	int k;

	for (k = 0; k < BNC_ENTRY_FRAGS && e->frag[k] != NULL; k++) {
		size_t flen = strlen(e->frag[k]);
		const char *p = strstr(rest, e->frag[k]);
		if (p == NULL)
			return 0;
		if (k == 0)
			first = p;
		last_end = p + flen;
		if (!(p == rest && flen == 1))
			rest = p + flen;
	}
	if (first == NULL)
		return 0;           /* an entry without fragments matches nothing here */
	*off = (size_t)(first - text);
	*len = (size_t)(last_end - first);
	return 1;
}

/* Sisimai's Rejected refuses to match at all when one of these occurs:
 * a veto, not a pattern, so it is code rather than table data. */
static const char *const rejected_isnot[] = {
	"5.1.0 address rejected",
	"ip address ",
	"recipient address rejected",
};

static int vetoed(int reason, const char *text)
{
	size_t i;

	if (reason != BNC_R_rejected)
		return 0;
	for (i = 0; i < sizeof rejected_isnot / sizeof rejected_isnot[0]; i++)
		if (strstr(text, rejected_isnot[i]) != NULL)
			return 1;
	return 0;
}

/* A prefilter: which pairs of adjacent bytes occur in the text, hashed into
 * 4096 bits.  A fragment with a pair of bytes not among them cannot occur,
 * and most entries are ruled out so, without a strstr over the text. */
#define PAIR_BITS 4096
static unsigned pair_hash(unsigned char a, unsigned char b)
{
	return ((unsigned)a << 4 ^ b) % PAIR_BITS;
}

static void pairs_of(const char *text, uint64_t *bits)
{
	memset(bits, 0, PAIR_BITS / 8);
	for (const unsigned char *p = (const unsigned char *)text; p[0] && p[1]; p++) {
		unsigned h = pair_hash(p[0], p[1]);
		bits[h / 64] |= (uint64_t)1 << (h % 64);
	}
}

/* The pairs of the text last scanned on this thread: the classifier asks
 * about one text for reason after reason, and comparing it with the last one
 * costs less than hashing its pairs again. */
struct pairs_memo {
	char *text;
	size_t len, cap;
	uint64_t bits[PAIR_BITS / 64];
};

static void pairs_memo_free(gpointer p)
{
	struct pairs_memo *m = p;
	g_free(m->text);
	g_free(m);
}

static GPrivate pairs_memo_key = G_PRIVATE_INIT(pairs_memo_free);

static void pairs_cached(const char *text, uint64_t *bits)
{
	struct pairs_memo *m = g_private_get(&pairs_memo_key);
	if (!m) {
		m = g_new0(struct pairs_memo, 1);
		g_private_set(&pairs_memo_key, m);
	}
	size_t len = strlen(text);
	if (m->text && m->len == len && !memcmp(m->text, text, len)) {
		memcpy(bits, m->bits, sizeof m->bits);
		return;
	}
	pairs_of(text, bits);
	if (len >= 65536)   /* a long text is not kept */
		return;
	if (len + 1 > m->cap) {
		g_free(m->text);
		m->cap = len + 1 < 1024 ? 1024 : len + 1;
		m->text = g_malloc(m->cap);
	}
	memcpy(m->text, text, len + 1);
	m->len = len;
	memcpy(m->bits, bits, sizeof m->bits);
}

static int may_occur(const char *frag, const uint64_t *bits)
{
	for (const unsigned char *f = (const unsigned char *)frag; f[0] && f[1]; f++) {
		unsigned h = pair_hash(f[0], f[1]);
		if (!((bits[h / 64] >> (h % 64)) & 1))
			return 0;
	}
	return 1;
}

static int entry_may_occur(const struct bnc_entry *e, const uint64_t *bits)
{
	for (int k = 0; k < BNC_ENTRY_FRAGS && e->frag[k] != NULL; k++)
		if (!may_occur(e->frag[k], bits))
			return 0;
	return 1;
}

/* Scan the entries of one reason. */
static int scan(int reason, const char *text, struct bnc_hit *hit)
{
	size_t i, off, len;
	uint64_t bits[PAIR_BITS / 64];

	if (reason < 0 || reason >= BNC_R__COUNT || text == NULL || *text == '\0')
		return 0;
	ensure_ranges();
	if (vetoed(reason, text))
		return 0;
	pairs_cached(text, bits);
	for (i = range_first[reason]; i < range_end[reason]; i++) {
		if (!entry_may_occur(&pattern_entries[i], bits))
			continue;
		if (entry_match(&pattern_entries[i], text, &off, &len)) {
			if (hit != NULL) {
				hit->table = &bnc_patterns_table;
				hit->index = i;
				hit->offset = off;
				hit->length = len;
			}
			return 1;
		}
	}
	return 0;
}

int bnc_patterns_match(int reason, const char *text, struct bnc_hit *hit)
{
	return scan(reason, text, hit);
}

int bnc_patterns_match_as(const char *name, const char *text, struct bnc_hit *hit)
{
	return scan(bnc_reason_lookup(name), text, hit);
}
