/* rhost.h - bounce reasons of particular providers (engine/rhost.c). */
#ifndef BNC_RHOST_H
#define BNC_RHOST_H
#include "private.h"

extern const struct bnc_table bnc_rhost_mimecast_table;   /* "mimecast", "Mimecast" */

/* The provider Sisimai's rhost.Name would pick, by the recipient's domain,
 * then the remote host, then the local host (any may be NULL or "").
 * Returns our provider name ("mimecast") or NULL. */
const char *bnc_rhost_name(const char *rhost, const char *lhost, const char *recipient_domain);
/* Sisimai's class name of a provider ("Mimecast"), or NULL. */
const char *bnc_rhost_title(const char *provider);
/* A provider's entry table, or NULL when it has none yet. */
const struct bnc_table *bnc_rhost_table(const char *provider);

/* rhost.Find: choose the provider, then match (reply code, status, lower-cased
 * diagnostic text) against its table in order.  Returns a reason id or -1;
 * hit is filled on a match; *provider is set to the provider chosen (NULL if
 * none), also when no entry matched. */
int bnc_rhost_find(const char *rhost, const char *recipient_domain, const char *replycode, const char *status,
                   const char *lowered_diag, struct bnc_hit *hit, const char **provider);
/* The same with the local host, Sisimai's third way to pick a provider. */
int bnc_rhost_find_lhost(const char *rhost, const char *lhost, const char *recipient_domain, const char *replycode,
                         const char *status, const char *lowered_diag, struct bnc_hit *hit, const char **provider);
#endif
