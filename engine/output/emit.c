/* emit.c - verdicts as JSON, with Sisimai's field names and types. */
#include <string.h>
#include <json-glib/json-glib.h>
#include "verdict.h"

/* The explanation as JSON, in one walk: {"claim", "steps": [...],
 * "sources": {...}, "meaning": {...}}; the steps array is open until the
 * sources begin, the sources object until the meaning begins. */
struct json_walk {
	JsonBuilder *b;
	int in_sources, in_meaning;
};

static void json_sources_begin(struct json_walk *w)
{
	if (w->in_sources)
		return;
	w->in_sources = 1;
	json_builder_end_array(w->b);
	json_builder_set_member_name(w->b, "sources");
	json_builder_begin_object(w->b);
}

static void json_claim(void *ctx, const char *claim)
{
	JsonBuilder *b = ((struct json_walk *)ctx)->b;
	json_builder_set_member_name(b, "claim");
	json_builder_add_string_value(b, claim);
	json_builder_set_member_name(b, "steps");
	json_builder_begin_array(b);
}

static void json_step(void *ctx, size_t i, const bnc_step *s)
{
	JsonBuilder *b = ((struct json_walk *)ctx)->b;
	(void)i;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "stage");
	json_builder_add_string_value(b, s->stage);
	if (s->table) {
		json_builder_set_member_name(b, "table");
		json_builder_add_string_value(b, s->table);
		json_builder_set_member_name(b, "entry");
		json_builder_add_int_value(b, s->entry);
		json_builder_set_member_name(b, "at");
		char *at = g_strdup_printf("%s:%d", s->file ? s->file : "", s->line);
		json_builder_add_string_value(b, at);
		g_free(at);
	}
	if (s->field && s->length) {
		json_builder_set_member_name(b, "field");
		json_builder_add_string_value(b, s->field);
		json_builder_set_member_name(b, "offset");
		json_builder_add_int_value(b, (gint64)s->offset);
		json_builder_set_member_name(b, "length");
		json_builder_add_int_value(b, (gint64)s->length);
	}
	json_builder_set_member_name(b, "reason");
	if (s->reason)
		json_builder_add_string_value(b, s->reason);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "decided");
	json_builder_add_boolean_value(b, s->decided);
	json_builder_set_member_name(b, "note");
	json_builder_add_string_value(b, s->note ? s->note : "");
	json_builder_end_object(b);
}

static void json_source(void *ctx, bnc_field f, const char *source)
{
	struct json_walk *w = ctx;
	json_sources_begin(w);
	json_builder_set_member_name(w->b, bnc_field_at(f));
	json_builder_add_string_value(w->b, source);
}

static void json_member(JsonBuilder *b, const char *name, const char *value)
{
	if (!value)
		return;
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, value);
}

/* "meaning": {"summary": {"key", "text", "todo", "severity"}, "entry":
 * {"key", "text", "source"}, ...}, a member a line (bnc_verdict_advice) */
static void json_advice(void *ctx, const bnc_advice_line *l)
{
	struct json_walk *w = ctx;
	JsonBuilder *b = w->b;
	if (!w->in_meaning) {
		json_sources_begin(w);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "meaning");
		json_builder_begin_object(b);
		w->in_meaning = 1;
	}
	json_builder_set_member_name(b, l->what);
	json_builder_begin_object(b);
	json_member(b, "key", l->key);
	json_member(b, "text", l->text);
	json_member(b, "source", l->source);
	json_member(b, "todo", l->todo);
	json_member(b, "severity", l->severity);
	json_builder_end_object(b);
}

static const bnc_explain_printer json_printer = {json_claim, json_step, NULL, json_source, json_advice};

static void add_explain(JsonBuilder *b, const bnc_verdict *v)
{
	struct json_walk w = {b, 0, 0};
	json_builder_set_member_name(b, "explain");
	json_builder_begin_object(b);
	bnc_verdict_explain(v, &json_printer, &w);
	if (!w.in_meaning)
		json_sources_begin(&w);
	json_builder_end_object(b);
	json_builder_end_object(b);
}

static void add_verdict(JsonBuilder *b, const bnc_verdict *v, int explain)
{
	json_builder_begin_object(b);
	for (int f = 0; f < VF__COUNT; f++) {
		json_builder_set_member_name(b, bnc_vfield_name(f));
		if (f == VF_catch_)
			json_builder_add_null_value(b);
		else if (f == VF_hardbounce)
			json_builder_add_boolean_value(b, v->hardbounce);
		else if (f == VF_timestamp)
			json_builder_add_int_value(b, v->timestamp);
		else
			json_builder_add_string_value(b, v->v[f] ? v->v[f] : "");
	}
	if (explain)
		add_explain(b, v);
	json_builder_end_object(b);
}

/* A builder and a generator per thread, reset for each verdict rather than
 * made anew: every GObject made and freed is counted in its type's data,
 * shared by all threads, and two threads doing that for each verdict slow
 * each other down. */
struct json_tools {
	JsonBuilder *b;
	JsonGenerator *g;
};

static void json_tools_free(gpointer p)
{
	struct json_tools *t = p;
	g_object_unref(t->b);
	g_object_unref(t->g);
	g_free(t);
}

static GPrivate json_tools_key = G_PRIVATE_INIT(json_tools_free);

char *bnc_verdict_to_json(const bnc_verdict *v, int explain)
{
	struct json_tools *t = g_private_get(&json_tools_key);
	if (!t) {
		t = g_new0(struct json_tools, 1);
		t->b = json_builder_new();
		t->g = json_generator_new();
		g_private_set(&json_tools_key, t);
	}
	json_builder_reset(t->b);
	add_verdict(t->b, v, explain);
	JsonNode *root = json_builder_get_root(t->b);
	json_generator_set_root(t->g, root);
	char *s = bnc_json_escape_unsafe(json_generator_to_data(t->g, NULL));
	json_generator_set_root(t->g, NULL);
	json_node_unref(root);
	json_builder_reset(t->b);
	return s;
}
