/* advice.c - what a verdict means and what to do, as lines of text. */
#include <string.h>
#include "advice.h"

#define LABEL_WIDTH 10

static const char *label_of(const char *what)
{
	static const struct {
		const char *what, *label;
	} labels[] = {
		{"summary", "in short"}, {"entry", "entry"},   {"advice", "advice"}, {"label", "code"},
		{"reason", "reason"},    {"next", "next step"}, {"status", "status"}, {"reply", "reply"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
		if (!strcmp(labels[i].what, what))
			return labels[i].label;
	return what;
}

/* the key goes before the text where it is a code or a reason */
static int shows_key(const char *what)
{
	return !strcmp(what, "reason") || !strcmp(what, "status") || !strcmp(what, "reply");
}

void advice_format(const bnc_advice_line *l, int indent, int width, advice_emit_fn emit, void *ctx)
{
	GString *text = g_string_new(NULL);
	if (l->key && shows_key(l->what))
		g_string_append_printf(text, "%s: ", l->key);
	g_string_append(text, l->text ? l->text : "");
	int lead = indent + LABEL_WIDTH + 1;
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "%*s%-*s ", indent, "", LABEL_WIDTH, label_of(l->what));
	/* word by word, the source in brackets as one word; a word longer than
	 * the room is put on a line of its own */
	char **words = g_strsplit(text->str, " ", -1);
	guint nw = g_strv_length(words);
	if (l->source) {
		words = g_renew(char *, words, nw + 2);
		words[nw++] = g_strdup_printf("[%s]", l->source);
		words[nw] = NULL;
	}
	int col = lead, first = 1;
	for (char **w = words; *w; w++) {
		int n = (int)g_utf8_strlen(*w, -1);
		if (!**w)
			continue;
		if (!first && width > 0 && col + 1 + n > width) {
			emit(ctx, out->str);
			g_string_truncate(out, 0);
			g_string_append_printf(out, "%*s", lead, "");
			col = lead;
			first = 1;
		}
		if (!first) {
			g_string_append_c(out, ' ');
			col++;
		}
		g_string_append(out, *w);
		col += n;
		first = 0;
	}
	emit(ctx, out->str);
	g_strfreev(words);
	g_string_free(out, TRUE);
	g_string_free(text, TRUE);
}

struct fmt {
	int indent, width;
	advice_emit_fn emit;
	void *ctx;
};

static void one(void *ctx, const bnc_advice_line *l)
{
	struct fmt *f = ctx;
	advice_format(l, f->indent + 2, f->width, f->emit, f->ctx);
}

const char *advice_title(void)
{
	return "what it means and what to do";
}

static void title(struct fmt *f)
{
	char *t = g_strdup_printf("%*s%s:", f->indent, "", advice_title());
	f->emit(f->ctx, t);
	g_free(t);
}

void advice_body(const bnc_verdict *v, int indent, int width, advice_emit_fn emit, void *ctx)
{
	struct fmt f = {indent, width, emit, ctx};
	bnc_verdict_advice(v, one, &f);
}

void advice_lines(const bnc_verdict *v, int indent, int width, advice_emit_fn emit, void *ctx)
{
	struct fmt f = {indent, width, emit, ctx};
	title(&f);
	bnc_verdict_advice(v, one, &f);
}

static void to_gstring(void *ctx, const char *line)
{
	g_string_append(ctx, line);
	g_string_append_c(ctx, '\n');
}

void advice_append(GString *out, const bnc_verdict *v, int indent, int width)
{
	advice_lines(v, indent, width, to_gstring, out);
}

void advice_match_lines(const char *text, const char *reason, const bnc_step *why, int indent, int width,
                        advice_emit_fn emit, void *ctx)
{
	struct fmt f = {indent, width, emit, ctx};
	title(&f);
	bnc_match_advice(text, reason, why, one, &f);
}
