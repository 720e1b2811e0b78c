/* vocabulary.c - the reasons: names, legacy aliases, summaries, and the two
 * columns of reasons.def the pipeline reads (hard bounce, weak). */
#include <string.h>
#include <glib.h>
#include "table.h"
#include "smtpcode.h"
#include "bouncelens.h"

static const struct {
	const char *name;
	char hard, weak;
	const char *summary;
} reasons[BNC_R__COUNT] = {
#define R(name, hard, weak, summary) {#name, hard, weak, summary},
#define ALIAS(legacy, name)
#include "reasons.def"
#undef R
#undef ALIAS
};

static const struct {
	const char *legacy;
	int reason;
} aliases[] = {
#define R(name, hard, weak, summary)
#define ALIAS(legacy, name) {#legacy, BNC_R_##name},
#include "reasons.def"
#undef R
#undef ALIAS
};

const char *bnc_reason_name(int reason)
{
	return reason >= 0 && reason < BNC_R__COUNT ? reasons[reason].name : NULL;
}

int bnc_reason_lookup(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < BNC_R__COUNT; i++)
		if (!g_ascii_strcasecmp(name, reasons[i].name))
			return i;
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (!g_ascii_strcasecmp(name, aliases[i].legacy))
			return aliases[i].reason;
	return -1;
}

int bnc_reason_weak(int reason)
{
	return reason < 0 || reason >= BNC_R__COUNT || reasons[reason].weak == 'w';
}

int bnc_reason_explicit(int reason)
{
	return reason >= 0 && reason < BNC_R__COUNT && reason != BNC_R_undefined && reason != BNC_R_onhold;
}

int bnc_is_hard_bounce(int reason, const char *text)
{
	if (reason < 0 || reason >= BNC_R__COUNT)
		return 0;
	switch (reasons[reason].hard) {
	case 'h':
		return 1;
	case 'c':
		return !bnc_is_temporary(text ? text : "");
	default:
		return 0;
	}
}

size_t bnc_reason_count(void) { return BNC_R__COUNT; }
const char *bnc_reason_at(size_t i) { return bnc_reason_name((int)i); }

const char *bnc_reason_summary(const char *name)
{
	int r = bnc_reason_lookup(name);
	return r >= 0 ? reasons[r].summary : NULL;
}

const char *bnc_reason_canonical(const char *name)
{
	return bnc_reason_name(bnc_reason_lookup(name));
}
