/* rhost.h - bounce reasons of particular providers (engine/rhost.c). */
#ifndef BNC_RHOST_H
#define BNC_RHOST_H
#include "private.h"

/* The providers of the registry (tables/providers.def), in its order. */
size_t bnc_rhost_count(void);
const char *bnc_rhost_at(size_t i);

/* The provider Sisimai's rhost.Name would pick, by the recipient's domain,
 * then the remote host, then the local host (any may be NULL or "").
 * Returns our provider name ("mimecast") or NULL. */
const char *bnc_rhost_name(const char *rhost, const char *lhost, const char *recipient_domain);
/* Sisimai's class name of a provider ("Mimecast"), or NULL. */
const char *bnc_rhost_title(const char *provider);
/* A provider's entry table, or NULL when it has none. */
const struct bnc_table *bnc_rhost_table(const char *provider);

/* Everything a provider's rules may look at.  Any field may be NULL. */
struct bnc_rhost_query {
	const char *rhost, *lhost, *domain;   /* domain: the recipient's domain */
	const char *replycode, *status;       /* "550", "5.1.1" */
	const char *command;                  /* "RCPT", "DATA", ... */
	const char *diag;                     /* the diagnostic text as received */
	const char *lowered;                  /* the same, lower-cased (same offsets) */
};

/* rhost.Find: choose the provider, then match the query against its table in
 * order.  Returns a reason id or -1; hit is filled on a match (offset and
 * length locate the fragments or the error label in the diagnostic text);
 * *provider is set to the provider chosen (NULL if none), also when no entry
 * matched.  Without q->diag, case-sensitive entries and error labels are
 * compared case-insensitively with q->lowered; without q->command, entries
 * that need a command do not match. */
int bnc_rhost_query_find(const struct bnc_rhost_query *q, struct bnc_hit *hit, const char **provider);

/* A named provider's rules and table, whatever the hosts say (tests, tools;
 * also the way to try the providers the registry does not choose by default). */
int bnc_rhost_apply(const char *provider, const struct bnc_rhost_query *q, struct bnc_hit *hit);

/* The same with fewer fields (no command, no text as received). */
int bnc_rhost_find(const char *rhost, const char *recipient_domain, const char *replycode, const char *status,
                   const char *lowered_diag, struct bnc_hit *hit, const char **provider);
/* The same with the local host, Sisimai's third way to pick a provider. */
int bnc_rhost_find_lhost(const char *rhost, const char *lhost, const char *recipient_domain, const char *replycode,
                         const char *status, const char *lowered_diag, struct bnc_hit *hit, const char **provider);
#endif
