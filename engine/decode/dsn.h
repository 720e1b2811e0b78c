/* dsn.h - helpers of the RFC 3464 decoder other decoders reuse. */
#ifndef BNC_DSN_H
#define BNC_DSN_H
#include "private.h"
void bnc_split_original(const char *body, const char *const *marks, size_t nmarks, char **errpart, char **orig);
#endif
