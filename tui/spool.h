/* spool.h - what the decoding threads made of each verdict, kept on disk so
 * exports need not decode the queue again (tui/spool.c). */
#ifndef BNC_SPOOL_H
#define BNC_SPOOL_H
#include <stddef.h>
#include <stdint.h>

struct spool;
/* A file with no name (it vanishes with the process, however it ends) in
 * dir, or the user's cache folder, or the temporary folder; NULL with *err. */
struct spool *spool_open(const char *dir, char **err);
/* Append len bytes; returns their offset, or -1 once a write has failed
 * (the spool then takes nothing more). Thread-safe. */
int64_t spool_append(struct spool *s, const char *data, size_t len);
/* Bytes appended earlier, read back (NUL-ended, g_free); NULL on failure. */
char *spool_read(struct spool *s, int64_t offset, size_t len);
/* Bytes in the spool, and why it stopped taking more (NULL while it works). */
uint64_t spool_size(struct spool *s);
const char *spool_error(struct spool *s);
void spool_close(struct spool *s);
#endif
