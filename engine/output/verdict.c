/* verdict.c - verdicts, results, and their accessors. */
#include <string.h>
#include "verdict.h"

static const char *const vfield_names[VF__COUNT] = {
#define F(name) #name,
	BNC_VERDICT_FIELDS(F)
#undef F
};

const char *bnc_vfield_name(enum bnc_vfield f)
{
	if (f == VF_catch_)
		return "catch";
	return (unsigned)f < VF__COUNT ? vfield_names[f] : NULL;
}

size_t bnc_field_count(void)
{
	return VF__COUNT;
}

const char *bnc_field_at(size_t i)
{
	return i < VF__COUNT ? bnc_vfield_name((enum bnc_vfield)i) : NULL;
}

int bnc_vfield_lookup(const char *name)
{
	if (!strcmp(name, "catch"))
		return VF_catch_;
	for (int i = 0; i < VF__COUNT; i++)
		if (!strcmp(name, vfield_names[i]))
			return i;
	return -1;
}

struct bnc_verdict *bnc_verdict_new(void)
{
	struct bnc_verdict *v = g_new0(struct bnc_verdict, 1);
	v->steps = g_array_new(FALSE, TRUE, sizeof(bnc_step));
	return v;
}

void bnc_verdict_free(struct bnc_verdict *v)
{
	if (!v)
		return;
	for (int i = 0; i < VF__COUNT; i++)
		g_free(v->v[i]);
	g_free(v->claim);
	g_array_free(v->steps, TRUE);
	g_free(v);
}

void bnc_verdict_set(struct bnc_verdict *v, enum bnc_vfield f, const char *s, const char *src)
{
	g_free(v->v[f]);
	/* every field valid UTF-8 (a file name, the origin, may be any bytes):
	 * JSON and the terminal get no stray byte */
	s = s ? s : "";
	v->v[f] = g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
	if (src)
		v->src[f] = src;
}

void bnc_verdict_add_step(struct bnc_verdict *v, const bnc_step *s)
{
	g_array_append_vals(v->steps, s, 1);
}

const char *bnc_verdict_field(const bnc_verdict *v, bnc_field f)
{
	return f < BNC_F__COUNT ? bnc_vf(v, (enum bnc_vfield)f) : "";
}

const char *bnc_verdict_get(const bnc_verdict *v, const char *field)
{
	int f = bnc_vfield_lookup(field);
	if (f < 0)
		return "";
	if (f == VF_hardbounce)
		return v->hardbounce ? "true" : "false";
	return v->v[f] ? v->v[f] : "";
}

const char *bnc_verdict_field_source(const bnc_verdict *v, const char *field)
{
	int f = bnc_vfield_lookup(field);
	return f < 0 || !v->src[f] ? "" : v->src[f];
}

const char *bnc_verdict_source_of(const bnc_verdict *v, bnc_field f)
{
	return (int)f < 0 || f >= BNC_F__COUNT || !v->src[f] ? "" : v->src[f];
}

int64_t bnc_verdict_timestamp(const bnc_verdict *v) { return v->timestamp; }
int bnc_verdict_hardbounce(const bnc_verdict *v) { return v->hardbounce; }
const char *bnc_verdict_claim(const bnc_verdict *v) { return v->claim ? v->claim : ""; }
size_t bnc_verdict_nsteps(const bnc_verdict *v) { return v->steps->len; }

const bnc_step *bnc_verdict_step(const bnc_verdict *v, size_t i)
{
	return i < v->steps->len ? &g_array_index(v->steps, bnc_step, i) : NULL;
}

const bnc_step *bnc_verdict_decider(const bnc_verdict *v)
{
	for (size_t i = 0; i < v->steps->len; i++)
		if (g_array_index(v->steps, bnc_step, i).decided)
			return &g_array_index(v->steps, bnc_step, i);
	return NULL;
}

size_t bnc_result_count(const bnc_result *r) { return r->verdicts->len; }

const bnc_verdict *bnc_result_verdict(const bnc_result *r, size_t i)
{
	return i < r->verdicts->len ? g_ptr_array_index(r->verdicts, i) : NULL;
}

bnc_status bnc_result_status(const bnc_result *r) { return r->status; }
const char *bnc_result_error(const bnc_result *r) { return r->error ? r->error : ""; }
const char *bnc_result_notice(const bnc_result *r) { return r->notice; }
const char *bnc_result_claim(const bnc_result *r) { return r->claim; }
size_t bnc_result_dropped_count(const bnc_result *r) { return r->dropped ? r->dropped->len : 0; }

const char *bnc_result_dropped(const bnc_result *r, size_t i)
{
	return r->dropped && i < r->dropped->len ? g_ptr_array_index(r->dropped, i) : NULL;
}

int bnc_verdict_guessed(const bnc_verdict *v)
{
	return !strcmp(bnc_vf(v, VF_decodedby), BNC_GUESSED_NAME);
}

void bnc_result_free(bnc_result *r)
{
	if (!r)
		return;
	g_ptr_array_free(r->verdicts, TRUE);
	g_free(r->error);
	g_free(r->notice);
	g_free(r->claim);
	if (r->dropped)
		g_ptr_array_free(r->dropped, TRUE);
	g_free(r);
}

const char *bnc_status_to_string(bnc_status s)
{
	switch (s) {
	case BNC_OK: return "ok";
	case BNC_ERR_IO: return "cannot read";
	case BNC_ERR_EMPTY: return "empty";
	case BNC_ERR_PARSE: return "not a mail message";
	case BNC_ERR_TOO_BIG: return "too big";
	case BNC_ERR_USAGE: return "bad usage";
	}
	return "unknown";
}

void bnc_free(void *p) { g_free(p); }
const char *bnc_version(void) { return "0.2.0"; }
const char *bnc_sisimai_version(void) { return "5.8.0"; }

void bnc_verdict_explain(const bnc_verdict *v, const bnc_explain_printer *p, void *ctx)
{
	if (p->claim)
		p->claim(ctx, bnc_verdict_claim(v));
	for (size_t i = 0; p->step && i < v->steps->len; i++)
		p->step(ctx, i, &g_array_index(v->steps, bnc_step, i));
	const bnc_step *d = bnc_verdict_decider(v);
	if (p->span && d && d->field && d->length) {
		int f = bnc_vfield_lookup(d->field);
		p->span(ctx, d, f >= 0 ? bnc_vf(v, (enum bnc_vfield)f) : "");
	}
	for (int f = 0; p->source && f < VF__COUNT; f++)
		if (v->src[f])
			p->source(ctx, (bnc_field)f, v->src[f]);
	if (p->advice)
		bnc_verdict_advice(v, p->advice, ctx);
}
