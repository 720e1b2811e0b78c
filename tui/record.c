/* record.c - verdicts as packed bytes, and `dump --explain` JSON made back
 * from them.
 *
 * Rendering JSON while loading cost the browser half its speed (json-glib's
 * builder is the dear part), so the loader only packs; the JSON is built at
 * export time, on the export's thread, with the same library and the same
 * member order as engine/emit.c.  test_export holds the two to the same
 * bytes over every sample.
 *
 * Layout: "R1", the number of fields, each field's value, each field's
 * source, timestamp, hard (0/1), claim, the number of steps, then for each
 * step its flags (t: table, s: span, r: reason, d: decided), stage, table,
 * entry, at, field, offset, length, reason, note; then the number of
 * meaning lines (bnc_verdict_advice), and for each its flags (which of key,
 * text, source, todo, severity it has: k t s o v), what, and those members.
 * Every item NUL-ended.
 */
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include "record.h"

/* a meaning line's members, in struct record_advice's order after what */
static const char ADVICE_FLAGS[] = "ktsov";

static void put(GString *b, const char *s)
{
	g_string_append(b, s ? s : "");
	g_string_append_c(b, '\0');
}

/* v in decimal, written backwards to the end of buf (24 bytes: room for
 * any int64 and its sign): the offset of its first character. */
static size_t fmt_int(char buf[24], int64_t v)
{
	size_t i = 23;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	buf[i] = 0;
	do
		buf[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[--i] = '-';
	return i;
}

static void put_int(GString *b, int64_t v)
{
	char buf[24];
	put(b, buf + fmt_int(buf, v));
}

/* The meaning lines go after the steps, their count first. */
struct advice_pack {
	GString *lines;
	size_t n;
};

static void pack_advice(void *ctx, const bnc_advice_line *l)
{
	struct advice_pack *ap = ctx;
	const char *const members[5] = {l->key, l->text, l->source, l->todo, l->severity};
	char flags[6] = {0}, *f = flags;
	for (int i = 0; i < 5; i++)
		if (members[i])
			*f++ = ADVICE_FLAGS[i];
	put(ap->lines, flags);
	put(ap->lines, l->what);
	for (int i = 0; i < 5; i++)
		if (members[i])
			put(ap->lines, members[i]);
	ap->n++;
}

void record_pack(GString *b, const bnc_verdict *v)
{
	size_t nf = bnc_field_count();
	if (nf > RECORD_MAX_FIELDS)
		nf = RECORD_MAX_FIELDS;
	put(b, "R1");
	put_int(b, (int64_t)nf);
	for (size_t i = 0; i < nf; i++)
		put(b, bnc_verdict_field(v, (bnc_field)i));
	for (size_t i = 0; i < nf; i++)
		put(b, bnc_verdict_source_of(v, (bnc_field)i));
	put_int(b, bnc_verdict_timestamp(v));
	put_int(b, bnc_verdict_hardbounce(v) ? 1 : 0);
	put(b, bnc_verdict_claim(v));
	size_t ns = bnc_verdict_nsteps(v);
	put_int(b, (int64_t)ns);
	for (size_t i = 0; i < ns; i++) {
		const bnc_step *s = bnc_verdict_step(v, i);
		char flags[5] = {0}, *f = flags;
		if (s->table)
			*f++ = 't';
		if (s->field && s->length)
			*f++ = 's';
		if (s->reason)
			*f++ = 'r';
		if (s->decided)
			*f++ = 'd';
		put(b, flags);
		put(b, s->stage);
		put(b, s->table);
		put_int(b, s->entry);
		/* file:line, without a printf per step */
		g_string_append(b, s->file ? s->file : "");
		g_string_append_c(b, ':');
		char line[24];
		put(b, line + fmt_int(line, s->line));
		put(b, s->field);
		put_int(b, (int64_t)s->offset);
		put_int(b, (int64_t)s->length);
		put(b, s->reason);
		put(b, s->note);
	}
	struct advice_pack ap = {g_string_new(NULL), 0};
	bnc_verdict_advice(v, pack_advice, &ap);
	put_int(b, (int64_t)ap.n);
	g_string_append_len(b, ap.lines->str, (gssize)ap.lines->len);
	g_string_free(ap.lines, TRUE);
}

struct reader {
	const char *p, *end;
	int bad;
};

static const char *take(struct reader *rd)
{
	if (rd->bad || rd->p >= rd->end)
		return rd->bad = 1, "";
	const char *s = rd->p;
	const char *nul = memchr(s, '\0', (size_t)(rd->end - s));
	if (!nul)
		return rd->bad = 1, "";
	rd->p = nul + 1;
	return s;
}

static int64_t take_int(struct reader *rd)
{
	return g_ascii_strtoll(take(rd), NULL, 10);
}

int record_parse(const char *data, size_t len, struct record *r)
{
	memset(r, 0, sizeof *r);
	struct reader rd = {data, data + len, 0};
	if (strcmp(take(&rd), "R1"))
		return 0;
	int64_t nf = take_int(&rd);
	if (nf < 0 || nf > RECORD_MAX_FIELDS || (size_t)nf != bnc_field_count())
		return 0;
	for (int64_t i = 0; i < nf; i++)
		r->field[i] = take(&rd);
	for (int64_t i = 0; i < nf; i++) {
		const char *s = take(&rd);
		r->source[i] = *s ? s : NULL;
	}
	r->timestamp = take_int(&rd);
	r->hard = take_int(&rd) != 0;
	r->claim = take(&rd);
	int64_t ns = take_int(&rd);
	if (rd.bad || ns < 0 || ns > 1000)
		return 0;
	r->nsteps = (size_t)ns;
	r->steps = g_new0(struct record_step, r->nsteps ? r->nsteps : 1);
	for (size_t i = 0; i < r->nsteps; i++) {
		struct record_step *s = &r->steps[i];
		const char *flags = take(&rd);
		s->has_table = strchr(flags, 't') != NULL;
		s->has_span = strchr(flags, 's') != NULL;
		s->has_reason = strchr(flags, 'r') != NULL;
		s->decided = strchr(flags, 'd') != NULL;
		s->stage = take(&rd);
		s->table = take(&rd);
		s->entry = take_int(&rd);
		s->at = take(&rd);
		s->field = take(&rd);
		s->offset = take_int(&rd);
		s->length = take_int(&rd);
		s->reason = take(&rd);
		s->note = take(&rd);
	}
	int64_t na = take_int(&rd);
	if (rd.bad || na < 0 || na > 100) {
		record_clear(r);
		return 0;
	}
	r->nadvice = (size_t)na;
	r->advice = g_new0(struct record_advice, r->nadvice ? r->nadvice : 1);
	for (size_t i = 0; i < r->nadvice; i++) {
		struct record_advice *a = &r->advice[i];
		const char *flags = take(&rd);
		a->what = take(&rd);
		const char **members[5] = {&a->key, &a->text, &a->source, &a->todo, &a->severity};
		for (int m = 0; m < 5; m++)
			if (strchr(flags, ADVICE_FLAGS[m]))
				*members[m] = take(&rd);
	}
	if (rd.bad) {
		record_clear(r);
		return 0;
	}
	return 1;
}

void record_clear(struct record *r)
{
	g_free(r->steps);
	r->steps = NULL;
	r->nsteps = 0;
	g_free(r->advice);
	r->advice = NULL;
	r->nadvice = 0;
}

const char *record_get(const struct record *r, const char *name)
{
	for (size_t i = 0; i < bnc_field_count() && i < RECORD_MAX_FIELDS; i++)
		if (!strcmp(bnc_field_at(i), name))
			return r->field[i] ? r->field[i] : "";
	return "";
}

const struct record_step *record_decider(const struct record *r)
{
	for (size_t i = 0; i < r->nsteps; i++)
		if (r->steps[i].decided)
			return &r->steps[i];
	return NULL;
}

/* ---- JSON, as engine/emit.c writes it ------------------------------------ */

static void add_explain(JsonBuilder *b, const struct record *r)
{
	json_builder_set_member_name(b, "explain");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "claim");
	json_builder_add_string_value(b, r->claim);
	json_builder_set_member_name(b, "steps");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct record_step *s = &r->steps[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "stage");
		json_builder_add_string_value(b, s->stage);
		if (s->has_table) {
			json_builder_set_member_name(b, "table");
			json_builder_add_string_value(b, s->table);
			json_builder_set_member_name(b, "entry");
			json_builder_add_int_value(b, s->entry);
			json_builder_set_member_name(b, "at");
			json_builder_add_string_value(b, s->at);
		}
		if (s->has_span) {
			json_builder_set_member_name(b, "field");
			json_builder_add_string_value(b, s->field);
			json_builder_set_member_name(b, "offset");
			json_builder_add_int_value(b, s->offset);
			json_builder_set_member_name(b, "length");
			json_builder_add_int_value(b, s->length);
		}
		json_builder_set_member_name(b, "reason");
		if (s->has_reason)
			json_builder_add_string_value(b, s->reason);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "decided");
		json_builder_add_boolean_value(b, s->decided);
		json_builder_set_member_name(b, "note");
		json_builder_add_string_value(b, s->note);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "sources");
	json_builder_begin_object(b);
	for (size_t f = 0; f < bnc_field_count(); f++)
		if (r->source[f]) {
			json_builder_set_member_name(b, bnc_field_at(f));
			json_builder_add_string_value(b, r->source[f]);
		}
	json_builder_end_object(b);
	if (r->nadvice) {
		json_builder_set_member_name(b, "meaning");
		json_builder_begin_object(b);
		for (size_t i = 0; i < r->nadvice; i++) {
			const struct record_advice *a = &r->advice[i];
			const char *const names[5] = {"key", "text", "source", "todo", "severity"};
			const char *const members[5] = {a->key, a->text, a->source, a->todo, a->severity};
			json_builder_set_member_name(b, a->what);
			json_builder_begin_object(b);
			for (int m = 0; m < 5; m++)
				if (members[m]) {
					json_builder_set_member_name(b, names[m]);
					json_builder_add_string_value(b, members[m]);
				}
			json_builder_end_object(b);
		}
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
}

/* The characters JSON keeps raw but a terminal would obey (DEL, C1
 * controls, bidi and zero-width characters) written as \uXXXX, as the
 * engine does.  Which they are is asked of bnc_sanitize, the engine's one
 * definition of them: it changes exactly those of them at or above DEL. */
static int unsafe_char(gunichar c)
{
	if (c == 0x7F || (c >= 0x80 && c < 0xA0))
		return 1;
	char u[8];
	int n = g_unichar_to_utf8(c, u);
	char *safe = bnc_sanitize(u, (size_t)n);
	int changed = strlen(safe) != (size_t)n || memcmp(safe, u, (size_t)n);
	bnc_free(safe);
	return changed;
}

static char *escape_unsafe(char *js)
{
	GString *o = NULL;
	const char *copied = js;
	for (const char *p = js; *p; p = g_utf8_next_char(p)) {
		if ((unsigned char)*p < 0x7F)
			continue;
		gunichar c = g_utf8_get_char(p);
		if (!unsafe_char(c))
			continue;
		if (!o)
			o = g_string_sized_new(strlen(js) + 16);
		g_string_append_len(o, copied, p - copied);
		g_string_append_printf(o, "\\u%04x", (unsigned)c);
		copied = g_utf8_next_char(p);
	}
	if (!o)
		return js;
	g_string_append(o, copied);
	g_free(js);
	return g_string_free(o, FALSE);
}

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

char *record_to_json(const struct record *r)
{
	struct json_tools *t = g_private_get(&json_tools_key);
	if (!t) {
		t = g_new0(struct json_tools, 1);
		t->b = json_builder_new();
		t->g = json_generator_new();
		g_private_set(&json_tools_key, t);
	}
	JsonBuilder *b = t->b;
	json_builder_reset(b);
	json_builder_begin_object(b);
	for (size_t f = 0; f < bnc_field_count(); f++) {
		const char *name = bnc_field_at(f);
		json_builder_set_member_name(b, name);
		if (!strcmp(name, "catch"))
			json_builder_add_null_value(b);
		else if (!strcmp(name, "hardbounce"))
			json_builder_add_boolean_value(b, r->hard);
		else if (!strcmp(name, "timestamp"))
			json_builder_add_int_value(b, r->timestamp);
		else
			json_builder_add_string_value(b, r->field[f] ? r->field[f] : "");
	}
	add_explain(b, r);
	json_builder_end_object(b);
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(t->g, root);
	char *s = escape_unsafe(json_generator_to_data(t->g, NULL));
	json_generator_set_root(t->g, NULL);
	json_node_unref(root);
	json_builder_reset(b);
	return s;
}
