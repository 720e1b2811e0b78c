/* group.c - counting verdicts by a field and by the hour or the day.
 *
 * A postmaster asks "which providers are refusing us, and why, since
 * yesterday?": the frequency view groups what the limit shows (visidata's
 * Shift-F is the model), the timeline spreads it over time (lnav's
 * histogram), and each group or bar turns into the limit that shows exactly
 * its verdicts.
 */
#include <string.h>
#include <time.h>
#include "group.h"
#include "limit.h"

static const char *const field_names[GROUP__COUNT] = {
#define GROUP_NAME(id, name, help) [GROUP_##id] = name,
	GROUP_FIELDS(GROUP_NAME)
#undef GROUP_NAME
};

const char *group_field_name(enum group_field f)
{
	return f < GROUP__COUNT ? field_names[f] : "";
}

static const char *domain_of(const char *address)
{
	const char *at = strrchr(address ? address : "", '@');
	return at ? at + 1 : address ? address : "";
}

const char *group_value(const struct row *r, enum group_field f, char *buf, size_t size)
{
	switch (f) {
	case GROUP_REASON: return r->reason;
	case GROUP_PROVIDER: return provider_of(r->rhost, buf, size);
	case GROUP_DOMAIN: {
		g_strlcpy(buf, domain_of(r->recipient), size);
		for (char *p = buf; *p; p++)
			*p = g_ascii_tolower(*p);
		return buf;
	}
	case GROUP_SENDER: {
		g_strlcpy(buf, domain_of(r->addresser), size);
		for (char *p = buf; *p; p++)
			*p = g_ascii_tolower(*p);
		return buf;
	}
	case GROUP_STATUS: return r->status;
	case GROUP_CODE: return r->replycode;
	case GROUP_DECODER: return r->decoder;
	default: return "";
	}
}

/* Reasons counted within a group, for its commonest three. */
static void add_reason(GHashTable *t, const char *reason)
{
	gpointer n = g_hash_table_lookup(t, reason);
	g_hash_table_insert(t, (gpointer)reason, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
}

static void top_reasons(GHashTable *t, const char **top, size_t *top_n)
{
	for (int k = 0; k < GROUP_TOP_REASONS; k++) {
		top[k] = NULL;
		top_n[k] = 0;
	}
	GHashTableIter it;
	gpointer key, val;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		size_t n = GPOINTER_TO_SIZE(val);
		for (int k = 0; k < GROUP_TOP_REASONS; k++)
			if (n > top_n[k] || (n == top_n[k] && top[k] && strcmp(key, top[k]) < 0)) {
				for (int j = GROUP_TOP_REASONS - 1; j > k; j--) {
					top[j] = top[j - 1];
					top_n[j] = top_n[j - 1];
				}
				top[k] = key;
				top_n[k] = n;
				break;
			}
	}
}

static void count_kind(const struct row *r, size_t *hard, size_t *soft, size_t *other, size_t *bad)
{
	switch (r->kind) {
	case ROW_HARD: (*hard)++; break;
	case ROW_SOFT: (*soft)++; break;
	case ROW_OTHER: (*other)++; break;
	default: (*bad)++; break;
	}
}

struct sorter {
	enum group_order order;
	int reverse;
};

static gint cmp_groups(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const struct group *a = pa, *b = pb;
	const struct sorter *s = data;
	int c = 0;
	if (s->order == ORDER_COUNT)
		c = a->count > b->count ? -1 : a->count < b->count;
	if (!c)
		c = strcmp(a->value, b->value);
	return s->reverse ? -c : c;
}

GArray *groups_compute(const struct row *rows, const guint32 *idx, size_t n, enum group_field f,
                       enum group_order order, int reverse)
{
	GHashTable *where = g_hash_table_new(g_str_hash, g_str_equal);   /* value -> index + 1 */
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct group));
	GPtrArray *reasons = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_destroy);
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[idx[i]];
		const char *v = group_value(r, f, buf, sizeof buf);
		gsize at = GPOINTER_TO_SIZE(g_hash_table_lookup(where, v));
		if (!at) {
			struct group g = {0};
			g.value = g_strdup(v);
			g_array_append_val(out, g);
			at = out->len;
			g_hash_table_insert(where, g_array_index(out, struct group, at - 1).value, GSIZE_TO_POINTER(at));
			g_ptr_array_add(reasons, g_hash_table_new(g_direct_hash, g_direct_equal));   /* interned */
		}
		struct group *g = &g_array_index(out, struct group, at - 1);
		g->count++;
		count_kind(r, &g->hard, &g->soft, &g->other, &g->bad);
		add_reason(g_ptr_array_index(reasons, at - 1), r->reason);
	}
	for (guint i = 0; i < out->len; i++) {
		struct group *g = &g_array_index(out, struct group, i);
		top_reasons(g_ptr_array_index(reasons, i), g->top, g->top_n);
	}
	g_ptr_array_free(reasons, TRUE);
	g_hash_table_destroy(where);
	struct sorter s = {order, reverse};
	g_array_sort_with_data(out, cmp_groups, &s);
	return out;
}

void groups_free(GArray *g)
{
	if (!g)
		return;
	for (guint i = 0; i < g->len; i++)
		g_free(g_array_index(g, struct group, i).value);
	g_array_free(g, TRUE);
}

/* A value quoted for the limit language. */
static void quoted(GString *s, const char *v)
{
	g_string_append_c(s, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '"');
}

char *group_limit(enum group_field f, const char *value)
{
	GString *s = g_string_new(NULL);
	switch (f) {
	case GROUP_REASON:
		if (!strcmp(value, "undecodable"))
			g_string_append(s, "kind:undecodable");
		else if (!strcmp(value, "(no verdict)"))
			g_string_append(s, "kind:none");
		else
			g_string_append_printf(s, "reason:%s", value);
		break;
	case GROUP_PROVIDER:
	case GROUP_DOMAIN:
	case GROUP_SENDER:
		/* = : that domain itself, not those below it */
		g_string_append_printf(s, "%s:", f == GROUP_PROVIDER ? "provider" : f == GROUP_DOMAIN ? "domain" : "senderdomain");
		GString *v = g_string_new("=");
		g_string_append(v, value);
		quoted(s, v->str);
		g_string_free(v, TRUE);
		break;
	default:
		g_string_append_printf(s, "%s:", group_field_name(f));
		quoted(s, value);
		break;
	}
	return g_string_free(s, FALSE);
}

GArray *buckets_compute(const struct row *rows, const guint32 *idx, size_t n, int64_t width, size_t max,
                        size_t *undated)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	*undated = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t t = rows[idx[i]].timestamp;
		if (t <= 0) {
			(*undated)++;
			continue;
		}
		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
	}
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct bucket));
	if (lo > hi)
		return out;
	int64_t first = lo - lo % width, last = hi - hi % width;
	if ((uint64_t)((last - first) / width) + 1 > max)   /* the newest are kept */
		first = last - (int64_t)(max - 1) * width;
	size_t nb = (size_t)((last - first) / width) + 1;
	g_array_set_size(out, (guint)nb);
	GHashTable **reasons = g_new0(GHashTable *, nb);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[idx[i]];
		if (r->timestamp <= 0 || r->timestamp < first)
			continue;
		size_t b = (size_t)((r->timestamp - first) / width);
		struct bucket *k = &g_array_index(out, struct bucket, b);
		size_t bad = 0;
		k->count++;
		count_kind(r, &k->hard, &k->soft, &k->other, &bad);
		if (!reasons[b])
			reasons[b] = g_hash_table_new(g_direct_hash, g_direct_equal);
		add_reason(reasons[b], r->reason);
	}
	for (size_t b = 0; b < nb; b++) {
		struct bucket *k = &g_array_index(out, struct bucket, b);
		k->from = first + (int64_t)b * width;
		if (reasons[b]) {
			top_reasons(reasons[b], k->top, k->top_n);
			g_hash_table_destroy(reasons[b]);
		}
	}
	g_free(reasons);
	return out;
}

char *bucket_limit(int64_t from, int64_t width)
{
	char a[32], b[32];
	time_t ta = (time_t)from, tb = (time_t)(from + width);
	struct tm tm;
	gmtime_r(&ta, &tm);
	strftime(a, sizeof a, "%Y-%m-%dT%H:%M:%S", &tm);
	gmtime_r(&tb, &tm);
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
	return g_strdup_printf("date:%s..%s", a, b);
}
