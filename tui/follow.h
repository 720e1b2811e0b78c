/* follow.h - new messages shown as they arrive, as tail -f does (tui/follow.c). */
#ifndef BNC_FOLLOW_H
#define BNC_FOLLOW_H
#include "store.h"

struct follow;
/* Watch the queue's folders (a maildir's new/ and cur/, or a folder of
 * messages) and add each message that arrives to the store.  NULL with
 * *err when there is nothing that can be watched (an mbox, standard input). */
struct follow *follow_start(struct store *s, char **err);
/* The folders watched, for the bar. */
int follow_count(const struct follow *f);
void follow_stop(struct follow *f);
#endif
