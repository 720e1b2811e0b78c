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

/* Append the result's bytes to out (bnc_result_pack, bnc_result_unpack and
 * bnc_engine_id are declared in bouncelens.h). */
void bnc_result_pack_into(const bnc_result *r, GString *out);
#endif
