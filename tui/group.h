/* group.h - verdicts counted by a field and by time, for the frequency
 * view and the timeline (tui/group.c); pure, so test_group can hold each
 * group's count to what its drill-down limit then shows. */
#ifndef BNC_GROUP_H
#define BNC_GROUP_H
#include <glib.h>
#include "store.h"

/* id, name (as shown), what a value is. */
#define GROUP_FIELDS(_) \
	_(REASON, "reason", "the reason") \
	_(PROVIDER, "provider", "the remote host's domain (mx1.mail.example.net: example.net)") \
	_(DOMAIN, "domain", "the recipient's domain") \
	_(SENDER, "senderdomain", "the sender's domain") \
	_(STATUS, "status", "the status code") \
	_(CODE, "code", "the reply code") \
	_(DECODER, "decoder", "the decoder")

enum group_field {
#define GROUP_ENUM(id, name, help) GROUP_##id,
	GROUP_FIELDS(GROUP_ENUM)
#undef GROUP_ENUM
	GROUP__COUNT
};
const char *group_field_name(enum group_field f);

/* A row's value for the field (interned or in buf). */
const char *group_value(const struct row *r, enum group_field f, char *buf, size_t size);

#define GROUP_TOP_REASONS 3
struct group {
	char *value;
	size_t count, hard, soft, other, bad;   /* bad: no verdict, or undecodable */
	const char *top[GROUP_TOP_REASONS];     /* its commonest reasons, and how many */
	size_t top_n[GROUP_TOP_REASONS];
};

enum group_order { ORDER_COUNT, ORDER_VALUE };
/* The rows rows[idx[i]] (i < n) grouped by the field, in the order asked
 * (count: most first, ties by value). An array of struct group; free with
 * groups_free. */
GArray *groups_compute(const struct row *rows, const guint32 *idx, size_t n, enum group_field f,
                       enum group_order order, int reverse);
void groups_free(GArray *g);

/* The limit that shows exactly the verdicts of a group (g_free). */
char *group_limit(enum group_field f, const char *value);

/* Verdicts per hour or day: buckets from the first to the last with
 * verdicts, the empty ones between included (at most max of them, the
 * newest kept). */
struct bucket {
	int64_t from;            /* UTC seconds; the bucket is [from, from + width) */
	size_t count, hard, soft, other;
	const char *top[GROUP_TOP_REASONS];
	size_t top_n[GROUP_TOP_REASONS];
};
GArray *buckets_compute(const struct row *rows, const guint32 *idx, size_t n, int64_t width, size_t max,
                        size_t *undated);
/* The limit that shows exactly a bucket's verdicts (g_free). */
char *bucket_limit(int64_t from, int64_t width);
#endif
