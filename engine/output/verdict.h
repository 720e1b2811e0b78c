/* verdict.h - the verdict as the engine builds it (engine/verdict.c). */
#ifndef BNC_VERDICT_H
#define BNC_VERDICT_H
#include "bouncelens.h"
#include "private.h"

/* The fields inside the engine: the public enum under short names. */
enum bnc_vfield {
#define F(name) VF_##name = BNC_F_##name,
	BNC_VERDICT_FIELDS(F)
#undef F
	VF__COUNT = BNC_F__COUNT
};

struct bnc_verdict {
	char *v[VF__COUNT];          /* owned; NULL reads as "" */
	const char *src[VF__COUNT];  /* static note: where the value came from */
	gint64 timestamp;
	int hardbounce;
	char *claim;                 /* decoder name and the test that claimed */
	GArray *steps;               /* of bnc_step */
};

/* A field's value, "" when unset. */
static inline const char *bnc_vf(const struct bnc_verdict *v, enum bnc_vfield f)
{
	return v->v[f] ? v->v[f] : "";
}

struct bnc_result {
	GPtrArray *verdicts;
	bnc_status status;
	char *error;
	char *notice;            /* what a resource cap left unread, or NULL */
	char *claim;             /* the claiming decoder and its test, or NULL */
	GPtrArray *dropped;      /* of char *: records that became no verdict, and why */
};

struct bnc_verdict *bnc_verdict_new(void);
void bnc_verdict_free(struct bnc_verdict *v);
void bnc_verdict_set(struct bnc_verdict *v, enum bnc_vfield f, const char *s, const char *src);
const char *bnc_vfield_name(enum bnc_vfield f);
int bnc_vfield_lookup(const char *name);
void bnc_verdict_add_step(struct bnc_verdict *v, const bnc_step *s);
#endif
