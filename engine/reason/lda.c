/* lda.c - local delivery agent messages, after Sisimai 5.2.0's lda.Find. */
#include <string.h>
#include "lda.h"

#define A(agent, marker)
#define L(agent, reason, frag) BNC_E(reason, NULL, NULL, frag)
static const struct bnc_entry lda_entries[] = {
#include "tables/lda.def"
};
#undef L
#define L(agent, reason, frag) agent,
static const char *const lda_entry_agent[] = {
#include "tables/lda.def"
};
#undef L
#undef A

#define L(agent, reason, frag)
#define A(agent, marker) {agent, marker},
static const struct { const char *agent, *marker; } lda_markers[] = {
#include "tables/lda.def"
};
#undef A
#undef L

const struct bnc_table bnc_lda_table = {
	"lda", "Local delivery agent messages", lda_entries, G_N_ELEMENTS(lda_entries),
};

const char *bnc_lda_agent(size_t index)
{
	return index < G_N_ELEMENTS(lda_entry_agent) ? lda_entry_agent[index] : NULL;
}

int bnc_lda_find(const char *lowered_diag, const char *command, const char *diagtype, struct bnc_hit *hit)
{
	(void)diagtype;
	if (!lowered_diag || !*lowered_diag)
		return -1;
	if (command && *command && strcmp(command, "DATA"))
		return -1;

	const char *agent = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(lda_markers) && !agent; i++)
		if (strstr(lowered_diag, lda_markers[i].marker))
			agent = lda_markers[i].agent;
	if (!agent)
		return -1;

	for (size_t i = 0; i < G_N_ELEMENTS(lda_entries); i++) {
		if (strcmp(lda_entry_agent[i], agent))
			continue;
		const struct bnc_entry *e = &lda_entries[i];
		const char *at = NULL;
		if (e->frag[0] && !(at = strstr(lowered_diag, e->frag[0])))
			continue;
		if (hit) {
			hit->table = &bnc_lda_table;
			hit->index = i;
			hit->offset = at ? (size_t)(at - lowered_diag) : 0;
			hit->length = at ? strlen(e->frag[0]) : 0;
		}
		return e->reason;
	}
	return -1;
}
