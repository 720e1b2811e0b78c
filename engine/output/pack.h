/* pack.h - a decoded result as bytes and back, for the verdict cache
 * (engine/output/pack.c).
 *
 * The bytes hold everything of the result: its status, error and notice,
 * and of every verdict its fields, where each came from, the claim and every
 * step tried.  A result read back is a result like any other: every printer
 * (JSON with or without the explanation, CSV, explain, the browser) gives
 * the same bytes for it as for the one decoded.
 */
#ifndef BNC_PACK_H
#define BNC_PACK_H
#include <glib.h>
#include "bouncelens.h"

/* Append the result's bytes to out. */
void bnc_result_pack(const bnc_result *r, GString *out);
/* The result the bytes were made from; NULL when they are not such bytes
 * (truncated, damaged, or from another layout).  Free with bnc_result_free. */
bnc_result *bnc_result_unpack(const char *data, size_t len);
/* Which engine made verdicts: the version and the build (the linker's build
 * ID of the program or library the engine is in, else a hash of that file),
 * so that verdicts kept by one build are never taken for another's.  Static;
 * NULL when the build cannot be told (then nothing may be kept). */
const char *bnc_engine_id(void);
#endif
