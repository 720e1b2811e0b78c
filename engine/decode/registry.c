/* registry.c - which decoders exist and in what order they are tried.
 *
 * Like Sisimai, the first words of the Subject pick decoders to try first;
 * then the rest in a fixed order: Sisimai's own; the generic RFC 3464, ARF
 * and RFC 3834 decoders; those of formats Sisimai has no decoder for; last
 * the last-resort guess.  The order is data: decoders.def.
 * With bnc_options.sisimai only Sisimai's decoders are tried.
 */
#include <string.h>
#include "registry.h"

#define DECODER(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#define EXTRA(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#define GENERIC(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#define LASTRESORT(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#define SUBJECT(first, ...)
#include "decoders.def"
#undef DECODER
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
#undef SUBJECT

/* Every decoder: the specific ones (Sisimai's, then the extra ones), the
 * generic ones, the last resort. */
static const struct bnc_decoder *const registry[] = {
#define SUBJECT(first, ...)
#define GENERIC(sym)
#define LASTRESORT(sym)
#define EXTRA(sym)
#define DECODER(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef DECODER
#undef EXTRA
#define DECODER(sym)
#define EXTRA(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef EXTRA
#undef GENERIC
#define EXTRA(sym)
#define GENERIC(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef GENERIC
#undef LASTRESORT
#define GENERIC(sym)
#define LASTRESORT(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef DECODER
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
#undef SUBJECT
};

#define DECODER(sym)
#define SUBJECT(first, ...)
/* Decoders of formats Sisimai does not read: left out in Sisimai's mode. */
static const struct bnc_decoder *const extra[] = {
#define EXTRA(sym) &bnc_decoder_##sym,
#define GENERIC(sym)
#define LASTRESORT(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
};
static const struct bnc_decoder *const generic[] = {
#define EXTRA(sym)
#define GENERIC(sym) &bnc_decoder_##sym,
#define LASTRESORT(sym)
#include "decoders.def"
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
};
static const struct bnc_decoder *const lastresort[] = {
#define EXTRA(sym)
#define GENERIC(sym)
#define LASTRESORT(sym) &bnc_decoder_##sym,
#include "decoders.def"
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
};
#undef DECODER
#undef SUBJECT
#define NGENERIC G_N_ELEMENTS(generic)
#define NLAST G_N_ELEMENTS(lastresort)
#define NSPECIFIC (G_N_ELEMENTS(registry) - NGENERIC - NLAST)

int bnc_decoder_is_extra(const struct bnc_decoder *d)
{
	for (size_t i = 0; i < G_N_ELEMENTS(extra); i++)
		if (extra[i] == d)
			return 1;
	return 0;
}

/* BNC_EACH(F, a, b, c) is F(a) F(b) F(c), for up to 7 arguments. */
#define BNC_EACH_1(F, a) F(a)
#define BNC_EACH_2(F, a, ...) F(a) BNC_EACH_1(F, __VA_ARGS__)
#define BNC_EACH_3(F, a, ...) F(a) BNC_EACH_2(F, __VA_ARGS__)
#define BNC_EACH_4(F, a, ...) F(a) BNC_EACH_3(F, __VA_ARGS__)
#define BNC_EACH_5(F, a, ...) F(a) BNC_EACH_4(F, __VA_ARGS__)
#define BNC_EACH_6(F, a, ...) F(a) BNC_EACH_5(F, __VA_ARGS__)
#define BNC_EACH_7(F, a, ...) F(a) BNC_EACH_6(F, __VA_ARGS__)
#define BNC_EACH_N(_1, _2, _3, _4, _5, _6, _7, N, ...) BNC_EACH_##N
#define BNC_EACH(F, ...) BNC_EACH_N(__VA_ARGS__, 7, 6, 5, 4, 3, 2, 1, 0)(F, __VA_ARGS__)

/* The first words of the Subject and the decoders they suggest. */
#define SUGGEST_MAX 7
static const struct {
	const char *first;
	const struct bnc_decoder *try[SUGGEST_MAX];
} by_subject[] = {
#define DECODER(sym)
#define EXTRA(sym)
#define GENERIC(sym)
#define LASTRESORT(sym)
#define ONE(sym) &bnc_decoder_##sym,
#define SUBJECT(first, ...) {first, {BNC_EACH(ONE, __VA_ARGS__)}},
#include "decoders.def"
#undef DECODER
#undef EXTRA
#undef GENERIC
#undef LASTRESORT
#undef ONE
#undef SUBJECT
};

const struct bnc_decoder *bnc_decoder_named(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(registry); i++)
		if (!strcmp(registry[i]->name, name))
			return registry[i];
	return NULL;
}

/* The lookup key Sisimai makes of a Subject. */
static char *subject_key(const char *subject)
{
	GString *t = g_string_new(NULL);
	int sp = 0;
	for (const char *p = subject; *p; p++) {
		char c = (*p == '[' || *p == ']' || *p == '_') ? ' ' : *p;
		if (c == ' ') {
			if (sp)
				continue;
			sp = 1;
		} else {
			sp = 0;
		}
		g_string_append_c(t, bnc_lower(c));
	}
	char **w = g_strsplit(t->str, " ", 3);
	g_string_free(t, TRUE);
	GString *k = g_string_new(NULL);
	char *colon = w[0] ? strchr(w[0], ':') : NULL;
	if (colon && colon > w[0])
		g_string_append_len(k, w[0], colon - w[0]);
	else if (w[0]) {
		g_string_append(k, w[0]);
		if (w[1]) {
			g_string_append_c(k, '-');
			g_string_append(k, w[1]);
		}
	}
	g_strfreev(w);
	for (gsize i = 0; i < k->len;)
		if (strchr(":,*\"", k->str[i]))
			g_string_erase(k, (gssize)i, 1);
		else
			i++;
	return g_string_free(k, FALSE);
}

static void push(const struct bnc_decoder **out, size_t *n, size_t cap, const struct bnc_decoder *d, int sisimai)
{
	if (!d || (sisimai && bnc_decoder_is_extra(d)))
		return;
	for (size_t i = 0; i < *n; i++)
		if (out[i] == d)
			return;
	if (*n < cap)
		out[(*n)++] = d;
}

/* The order when the Subject suggests nothing, with and without --sisimai:
 * Sisimai's specific decoders, then the generic ones (so that a
 * delivery-status part is read as Sisimai reads it), then the extra ones
 * (registry[] lists Sisimai's first), then the guess.  Made once: pushing
 * every decoder with its duplicate check cost 3% of a dump. */
#define NORDER (NSPECIFIC + NGENERIC + NLAST)
static const struct bnc_decoder *base_order[2][NORDER];
static size_t base_len[2];

static gpointer make_base_orders(gpointer unused)
{
	(void)unused;
	for (int s = 0; s < 2; s++) {
		size_t n = 0;
		for (size_t i = 0; i < NSPECIFIC; i++)
			if (!bnc_decoder_is_extra(registry[i]))
				push(base_order[s], &n, NORDER, registry[i], s);
		for (size_t i = 0; i < NGENERIC; i++)
			push(base_order[s], &n, NORDER, generic[i], s);
		for (size_t i = 0; i < NSPECIFIC; i++)
			push(base_order[s], &n, NORDER, registry[i], s);
		for (size_t i = 0; i < NLAST; i++)
			push(base_order[s], &n, NORDER, lastresort[i], s);
		base_len[s] = n;
	}
	return NULL;
}

size_t bnc_decoder_order(const struct bnc_msg *m, const struct bnc_decoder **out, size_t cap)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, make_base_orders, NULL);
	size_t n = 0;
	const char *subject = bnc_msg_header(m, "subject");
	int generic_only = 0;
	if (subject && *subject) {
		char *key = subject_key(subject);
		for (size_t i = 0; i < G_N_ELEMENTS(by_subject); i++) {
			if (strcmp(key, by_subject[i].first))
				continue;
			/* an ARF or RFC 3834 subject: no MTA decoder is tried */
			for (size_t k = 0; k < NGENERIC; k++)
				generic_only |= by_subject[i].try[0] == generic[k];
			for (size_t k = 0; !generic_only && k < SUGGEST_MAX && by_subject[i].try[k]; k++)
				push(out, &n, cap, by_subject[i].try[k], m->sisimai);
			break;
		}
		g_free(key);
	}
	if (generic_only) {
		/* and no guess where the Subject says feedback report or auto-reply */
		for (size_t i = 0; i < NGENERIC; i++)
			push(out, &n, cap, generic[i], m->sisimai);
		return n;
	}
	/* the suggested ones first, then the rest in the usual order */
	const int s = m->sisimai != 0;
	size_t suggested = n;
	for (size_t i = 0; i < base_len[s] && n < cap; i++) {
		size_t k = 0;
		while (k < suggested && out[k] != base_order[s][i])
			k++;
		if (k == suggested)
			out[n++] = base_order[s][i];
	}
	return n;
}

const struct bnc_decoder *const *bnc_decoder_all(size_t *n)
{
	*n = G_N_ELEMENTS(registry);
	return registry;
}

size_t bnc_decoder_count(void) { return G_N_ELEMENTS(registry); }

const char *bnc_decoder_name(size_t i)
{
	return i < G_N_ELEMENTS(registry) ? registry[i]->name : NULL;
}

const char *bnc_decoder_table(size_t i, size_t k)
{
	if (i >= G_N_ELEMENTS(registry) || !registry[i]->tables)
		return NULL;
	for (size_t j = 0; registry[i]->tables[j]; j++)
		if (j == k)
			return registry[i]->tables[j]->name;
	return NULL;
}
