/* advice-one.h - one engine/tables/advice-<table>.def file as three arrays:
 * its text ids (an enum, so that a key naming a missing text fails to
 * build), its texts and its keys.  Included once per file by the Makefile's
 * build/advice-tables.inc, with ADVICE_NAME (the table's name made an
 * identifier) and ADVICE_FILE (the file) defined.  No include guard: it is meant to be included again. */
#define ADV_CAT_(a, b) a##b
#define ADV_CAT(a, b) ADV_CAT_(a, b)
#define ADV_ID(id) ADV_CAT(ADV_CAT(adv_, ADVICE_NAME), ADV_CAT(_, id))

enum {
#define TEXT(id, src, meaning, advice) ADV_ID(id),
#define FOR(id, code, status, frag)
#define FORC(id, command, code, status, frag)
#include ADVICE_FILE
#undef TEXT
#undef FOR
#undef FORC
	ADV_CAT(ADV_CAT(adv_, ADVICE_NAME), __count)
};

static const struct bnc_advice_text ADV_CAT(ADVICE_NAME, _advice_texts)[] = {
#define TEXT(id, src, meaning, advice) {#id, BNC_SRC_##src, meaning, advice, __FILE__, __LINE__},
#define FOR(id, code, status, frag)
#define FORC(id, command, code, status, frag)
#include ADVICE_FILE
#undef TEXT
#undef FOR
#undef FORC
};

static const struct bnc_advice_key ADV_CAT(ADVICE_NAME, _advice_keys)[] = {
#define TEXT(id, src, meaning, advice)
#define FOR(id, code, status, frag) {ADV_ID(id), NULL, code, status, frag, __FILE__, __LINE__},
#define FORC(id, command, code, status, frag) {ADV_ID(id), command, code, status, frag, __FILE__, __LINE__},
#include ADVICE_FILE
#undef TEXT
#undef FOR
#undef FORC
};

#undef ADV_ID
#undef ADV_CAT
#undef ADV_CAT_
