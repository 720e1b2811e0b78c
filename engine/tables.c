/* tables.c - every decision table of the engine, for browsing.
 *
 * The browser's table view and `explain` show an entry in place within its
 * table; this is the one list of tables they walk.  Provider tables come
 * from the provider registry, in its order.
 */
#include <string.h>
#include "private.h"
#include "smtpcode.h"
#include "patterns.h"
#include "probe.h"
#include "lda.h"
#include "rhost.h"
#include "bouncelens.h"
#include "registry.h"

static const struct bnc_table *const fixed[] = {
	&bnc_lda_table, &bnc_probe_table, &bnc_reply_table, &bnc_status_table, &bnc_patterns_table,
};

/* Tables in browsing order: providers first (the pipeline's first table
 * stage), then the fixed ones, then the decoders' own, in the decoders'
 * order. Providers without a table are skipped. */
static const struct bnc_table *table_walk(size_t t)
{
	size_t k = 0;
	for (size_t i = 0; i < bnc_rhost_count(); i++) {
		const struct bnc_table *p = bnc_rhost_table(bnc_rhost_at(i));
		if (p && k++ == t)
			return p;
	}
	t -= k;
	if (t < G_N_ELEMENTS(fixed))
		return fixed[t];
	t -= G_N_ELEMENTS(fixed);
	size_t n;
	const struct bnc_decoder *const *all = bnc_decoder_all(&n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; all[i]->tables && all[i]->tables[j]; j++)
			if (t-- == 0)
				return all[i]->tables[j];
	return NULL;
}

/* The same list, made once: the walk looks providers up by name, and the
 * table of every step shown or exported is looked for in it (a reopened
 * queue's 20,000 messages spent a fifth of their time here). */
struct table_list {
	const struct bnc_table **at;
	size_t n;
};

static gpointer make_table_list(gpointer unused)
{
	struct table_list *l = g_new0(struct table_list, 1);
	while (table_walk(l->n))
		l->n++;
	l->at = g_new(const struct bnc_table *, l->n + 1);
	for (size_t t = 0; t <= l->n; t++)
		l->at[t] = table_walk(t);
	return l;
}

static const struct bnc_table *table_at(size_t t)
{
	static GOnce once = G_ONCE_INIT;
	const struct table_list *l = g_once(&once, make_table_list, NULL);
	return t < l->n ? l->at[t] : NULL;
}

size_t bnc_table_count(void)
{
	size_t n = 0;
	while (table_at(n))
		n++;
	return n;
}

const char *bnc_table_name(size_t t)
{
	const struct bnc_table *p = table_at(t);
	return p ? p->name : NULL;
}

const char *bnc_table_title(size_t t)
{
	const struct bnc_table *p = table_at(t);
	return p ? p->title : NULL;
}

size_t bnc_table_size(size_t t)
{
	const struct bnc_table *p = table_at(t);
	return p ? p->count : 0;
}

int bnc_table_find(const char *name)
{
	for (size_t t = 0; name && table_at(t); t++)
		if (!strcmp(table_at(t)->name, name))
			return (int)t;
	return -1;
}

const struct bnc_table *bnc_table_get(const char *name)
{
	int t = bnc_table_find(name);
	return t < 0 ? NULL : table_at((size_t)t);
}

const struct bnc_table *bnc_table_at(size_t t)
{
	return table_at(t);
}

/* Two tables may share a name (the KDDI provider's and the KDDI decoder's):
 * the step's file and line tell which one it means. */
const struct bnc_table *bnc_table_of_step(const char *name, int entry, const char *file, int line)
{
	const struct bnc_table *p;
	for (size_t t = 0; name && entry >= 0 && (p = table_at(t)) != NULL; t++)
		if (p->name[0] == name[0] && !strcmp(p->name, name) && (size_t)entry < p->count && p->entries[entry].line == line &&
		    (p->entries[entry].file == file || (file && !strcmp(p->entries[entry].file, file))))
			return p;
	return NULL;
}

int bnc_table_entry(size_t t, size_t i, bnc_entry_info *out)
{
	const struct bnc_table *p = table_at(t);
	if (!p || i >= p->count)
		return 0;
	const struct bnc_entry *e = &p->entries[i];
	memset(out, 0, sizeof *out);
	out->reason = bnc_reason_name(e->reason);
	out->code = e->code;
	out->status = e->status;
	for (int k = 0; k < BNC_ENTRY_FRAGS; k++)
		out->frag[k] = e->frag[k];
	out->file = e->file;
	out->line = e->line;
	return 1;
}
