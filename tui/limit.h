/* limit.h - the browser's pattern language for narrowing the list (tui/limit.c). */
#ifndef BNC_LIMIT_H
#define BNC_LIMIT_H
#include "store.h"

struct limit;

/* Parse a pattern such as `reason:userunknown and not rhost:google`.
 * NULL with *err (free it) when it cannot be read. */
struct limit *limit_parse(const char *text, char **err);
int limit_match(const struct limit *l, const struct row *r);
void limit_free(struct limit *l);
/* Whether the pattern asks for the messages that gave no verdict
 * (kind:none): they are left out of the list otherwise. */
int limit_wants_noverdict(const struct limit *l);

/* The registrable domain of a host, roughly: its last two labels, three
 * under a country's second level (mail.biglobe.ne.jp: biglobe.ne.jp); an
 * address as it is; lower-cased, into buf. */
const char *provider_of(const char *host, char *buf, size_t size);

/* The moment relative dates (date:2d, yesterday) count from; 0: now. */
void limit_set_now(int64_t t);

/* The fields, for the help view: name and a line of help (NULL: an alias). */
size_t limit_field_count(void);
const char *limit_field_help(size_t i, const char **name);
#endif
