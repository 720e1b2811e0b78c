/* mime.h - reading a message into a struct bnc_msg (engine/mime.c). */
#ifndef BNC_MIME_H
#define BNC_MIME_H
#include "bouncelens.h"
#include "private.h"

void bnc_mime_init(void);
/* Parse data into m (cleared with bnc_msg_clear). On failure err is set. */
bnc_status bnc_mime_read(const char *data, size_t len, struct bnc_msg *m, char **err);
void bnc_msg_clear(struct bnc_msg *m);
/* Whether the common MIME shapes skip GMime (engine/mime/split.c; on by
 * default): tests turn it off to compare the two readers. */
void bnc_mime_use_split(int on);
/* Parse a block of header lines (an original message's) into m->hdr. */
void bnc_parse_header_block(const char *text, struct bnc_msg *m);
/* ... keeping only the fields of names (lower-case, NULL-ended). */
void bnc_parse_header_block_of(const char *text, struct bnc_msg *m, const char *const *names);
#endif
