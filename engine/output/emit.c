/* emit.c - verdicts as JSON, with Sisimai's field names and types.
 *
 * Written straight into one buffer, not built as a json-glib tree and
 * walked again (the tree cost a node, a hash table entry and a copy of
 * every string): the bytes are those json-glib 1.6's generator writes, no
 * spaces, members in the order added, its escaping (json_str), and then
 * bnc_json_escape_unsafe() over the whole text as before. */
#include <string.h>
#include "verdict.h"

/* A string as json-glib's json_strescape writes it: '"' and '\' escaped,
 * \b \f \n \r \t by name, the other bytes 0x01..0x1e and DEL as \u00xx, and
 * every other byte (0x1f too, as json-glib leaves it) as it is. */
static void json_str(GString *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	/* the bytes written escaped (and NUL, the end): C0 but 0x1f, '"', '\\', DEL */
	static const unsigned char esc[256] = {
		[0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1,
		[10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1, [16] = 1, [17] = 1, [18] = 1,
		[19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1,
		[28] = 1, [29] = 1, [30] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
	};
	g_string_append_c(o, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		while (!esc[(unsigned char)*p])
			p++;
		unsigned char c = (unsigned char)*p;
		g_string_append_len(o, run, p - run);
		run = p + 1;
		if (!c)
			break;
		char e[6] = {'\\', 0};
		size_t n = 2;
		switch (c) {
		case '"': case '\\': e[1] = (char)c; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15];
			n = 6;
		}
		g_string_append_len(o, e, (gssize)n);
	}
	g_string_append_c(o, '"');
}

/* The writer: a comma before every member but the first of its object or
 * array (first[] per open level). */
struct jw {
	GString *o;
	int depth;
	unsigned char first[8];
};

static void jw_sep(struct jw *w)
{
	if (w->first[w->depth])
		w->first[w->depth] = 0;
	else
		g_string_append_c(w->o, ',');
}

static void jw_open(struct jw *w, char c)
{
	g_string_append_c(w->o, c);
	w->first[++w->depth] = 1;
}

static void jw_close(struct jw *w, char c)
{
	g_string_append_c(w->o, c);
	w->depth--;
}

/* "name": (a member of the object open) */
static void jw_key(struct jw *w, const char *name)
{
	jw_sep(w);
	json_str(w->o, name);
	g_string_append_c(w->o, ':');
}

static void jw_str(struct jw *w, const char *name, const char *value)
{
	jw_key(w, name);
	json_str(w->o, value);
}

static void jw_int(struct jw *w, const char *name, gint64 value)
{
	jw_key(w, name);
	g_string_append_printf(w->o, "%" G_GINT64_FORMAT, value);
}

/* The explanation as JSON, in one walk: {"claim", "steps": [...],
 * "sources": {...}, "meaning": {...}}; the steps array is open until the
 * sources begin, the sources object until the meaning begins. */
struct json_walk {
	struct jw *w;
	int in_sources, in_meaning;
};

static void json_sources_begin(struct json_walk *jw)
{
	if (jw->in_sources)
		return;
	jw->in_sources = 1;
	jw_close(jw->w, ']');
	jw_key(jw->w, "sources");
	jw_open(jw->w, '{');
}

static void json_claim(void *ctx, const char *claim)
{
	struct jw *w = ((struct json_walk *)ctx)->w;
	jw_str(w, "claim", claim);
	jw_key(w, "steps");
	jw_open(w, '[');
}

static void json_step(void *ctx, size_t i, const bnc_step *s)
{
	struct jw *w = ((struct json_walk *)ctx)->w;
	(void)i;
	jw_sep(w);
	jw_open(w, '{');
	jw_str(w, "stage", s->stage);
	if (s->table) {
		jw_str(w, "table", s->table);
		jw_int(w, "entry", s->entry);
		char *at = g_strdup_printf("%s:%d", s->file ? s->file : "", s->line);
		jw_str(w, "at", at);
		g_free(at);
	}
	if (s->field && s->length) {
		jw_str(w, "field", s->field);
		jw_int(w, "offset", (gint64)s->offset);
		jw_int(w, "length", (gint64)s->length);
	}
	jw_key(w, "reason");
	if (s->reason)
		json_str(w->o, s->reason);
	else
		g_string_append(w->o, "null");
	jw_key(w, "decided");
	g_string_append(w->o, s->decided ? "true" : "false");
	jw_str(w, "note", s->note ? s->note : "");
	jw_close(w, '}');
}

static void json_source(void *ctx, bnc_field f, const char *source)
{
	struct json_walk *jw = ctx;
	json_sources_begin(jw);
	jw_str(jw->w, bnc_field_at(f), source);
}

static void json_member(struct jw *w, const char *name, const char *value)
{
	if (value)
		jw_str(w, name, value);
}

/* "meaning": {"summary": {"key", "text", "todo", "severity"}, "entry":
 * {"key", "text", "source"}, ...}, a member a line (bnc_verdict_advice) */
static void json_advice(void *ctx, const bnc_advice_line *l)
{
	struct json_walk *jw = ctx;
	struct jw *w = jw->w;
	if (!jw->in_meaning) {
		json_sources_begin(jw);
		jw_close(w, '}');
		jw_key(w, "meaning");
		jw_open(w, '{');
		jw->in_meaning = 1;
	}
	jw_key(w, l->what);
	jw_open(w, '{');
	json_member(w, "key", l->key);
	json_member(w, "text", l->text);
	json_member(w, "source", l->source);
	json_member(w, "todo", l->todo);
	json_member(w, "severity", l->severity);
	jw_close(w, '}');
}

static const bnc_explain_printer json_printer = {json_claim, json_step, NULL, json_source, json_advice};

static void add_explain(struct jw *w, const bnc_verdict *v)
{
	struct json_walk jw = {w, 0, 0};
	jw_key(w, "explain");
	jw_open(w, '{');
	bnc_verdict_explain(v, &json_printer, &jw);
	if (!jw.in_meaning)
		json_sources_begin(&jw);
	jw_close(w, '}');
	jw_close(w, '}');
}

char *bnc_verdict_to_json(const bnc_verdict *v, int explain)
{
	struct jw w = {g_string_sized_new(explain ? 4096 : 1024), 0, {0}};
	jw_open(&w, '{');
	for (int f = 0; f < VF__COUNT; f++) {
		const char *name = bnc_vfield_name(f);
		if (f == VF_catch_) {
			jw_key(&w, name);
			g_string_append(w.o, "null");
		} else if (f == VF_hardbounce) {
			jw_key(&w, name);
			g_string_append(w.o, v->hardbounce ? "true" : "false");
		} else if (f == VF_timestamp) {
			jw_int(&w, name, v->timestamp);
		} else {
			jw_str(&w, name, v->v[f] ? v->v[f] : "");
		}
	}
	if (explain)
		add_explain(&w, v);
	jw_close(&w, '}');
	return bnc_json_escape_unsafe(g_string_free(w.o, FALSE));
}
