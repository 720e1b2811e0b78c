/* meaning.c - what a verdict means and what to do about it: the meaning of
 * its status and reply codes, of its reason with the next step, and what the
 * provider's documentation says of the table entry that decided.
 *
 * All of it is data beside the tables (docs/tables.md):
 *   tables/meaning-sources.def   whose facts a text restates
 *   tables/meaning-status.def    every code of the IANA enhanced status registry
 *   tables/meaning-reply.def     the reply codes of RFC 5321 and its extensions
 *   tables/meaning-reasons.def   each reason: meaning, next step, what to do
 *   tables/advice-<table>.def    texts for entries of a table, and keys that
 *                                name the entries (build/advice-tables.inc)
 * Nothing here changes a verdict; printers ask for it (bnc_verdict_advice).
 */
#include <string.h>
#include "verdict.h"
#include "meaning.h"
#include "smtpcode.h"
#include "rhost.h"

/* ---- sources ------------------------------------------------------------- */

static const struct {
	const char *name, *where;
} sources[BNC_SRC__COUNT] = {
#define SOURCE(id, name, where) [BNC_SRC_##id] = {name, where},
#include "tables/meaning-sources.def"
#undef SOURCE
};

const char *bnc_source_name(int id)
{
	return id >= 0 && id < BNC_SRC__COUNT ? sources[id].name : NULL;
}

const char *bnc_source_where(int id)
{
	return id >= 0 && id < BNC_SRC__COUNT ? sources[id].where : NULL;
}

/* ---- status codes -------------------------------------------------------- */

struct code_text {
	const char *code;        /* "2", "X.1", "X.1.1", "550", "5", "0" */
	int source;
	const char *title, *meaning;
};

static const struct code_text status_classes[] = {
#define CLASS(c, src, title, meaning) {c, BNC_SRC_##src, title, meaning},
#define SUBJECT(s, src, title, meaning)
#define STATUS(s, src, title, meaning)
#include "tables/meaning-status.def"
#undef CLASS
#undef SUBJECT
#undef STATUS
};

static const struct code_text status_subjects[] = {
#define CLASS(c, src, title, meaning)
#define SUBJECT(s, src, title, meaning) {s, BNC_SRC_##src, title, meaning},
#define STATUS(s, src, title, meaning)
#include "tables/meaning-status.def"
#undef CLASS
#undef SUBJECT
#undef STATUS
};

static const struct code_text status_codes[] = {
#define CLASS(c, src, title, meaning)
#define SUBJECT(s, src, title, meaning)
#define STATUS(s, src, title, meaning) {s, BNC_SRC_##src, title, meaning},
#include "tables/meaning-status.def"
#undef CLASS
#undef SUBJECT
#undef STATUS
};

/* bouncelens's (Sisimai's) internal codes: a status for a reason when the
 * bounce gave none */
static const struct {
	int reason;
	const char *perm, *temp;
} pseudo[] = {
#define PSEUDO(r, p, t) {BNC_R_##r, p, t},
#include "tables/pseudo-status.def"
#undef PSEUDO
};

size_t bnc_status_meaning_count(void)
{
	return G_N_ELEMENTS(status_codes);
}

const char *bnc_status_meaning_code(size_t i)
{
	return i < G_N_ELEMENTS(status_codes) ? status_codes[i].code : NULL;
}

static const struct code_text *find_code(const struct code_text *t, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].code, code))
			return &t[i];
	return NULL;
}

int bnc_status_meaning(const char *status, bnc_code_meaning *out)
{
	memset(out, 0, sizeof *out);
	if (!bnc_status_test(status))
		return 0;
	char cls[2] = {status[0], 0};
	const struct code_text *c = find_code(status_classes, G_N_ELEMENTS(status_classes), cls);
	if (!c)
		return 0;
	out->class_title = c->title;
	out->class_meaning = c->meaning;
	/* "X.1" and "X.1.1" of "5.1.1" */
	const char *dot = strchr(status + 2, '.');
	char subj[8], code[16];
	g_snprintf(subj, sizeof subj, "X.%.*s", (int)(dot - status - 2), status + 2);
	g_snprintf(code, sizeof code, "X.%s", status + 2);
	const struct code_text *s = find_code(status_subjects, G_N_ELEMENTS(status_subjects), subj);
	out->subject = s ? s->title : "a subject the registry does not define";
	for (size_t i = 0; i < G_N_ELEMENTS(pseudo); i++)
		if (!strcmp(status, pseudo[i].perm) || !strcmp(status, pseudo[i].temp)) {
			out->title = "an internal code for a reason";
			out->meaning = "the bounce gave no status code, so bouncelens (as Sisimai) gives this code "
			               "standing for the reason it found";
			out->reason = bnc_reason_name(pseudo[i].reason);
			out->source = bnc_source_name(BNC_SRC_SISIMAI);
			out->exact = 2;
			return 1;
		}
	const struct code_text *e = find_code(status_codes, G_N_ELEMENTS(status_codes), code);
	if (e) {
		out->title = e->title;
		out->meaning = e->meaning;
		out->source = bnc_source_name(e->source);
		out->exact = 1;
	} else {
		out->title = s ? s->title : NULL;
		out->meaning = s ? s->meaning : "nothing is known of this kind of problem";
		out->source = bnc_source_name(s ? s->source : c->source);
		out->exact = 0;
	}
	return 1;
}

/* ---- reply codes --------------------------------------------------------- */

static const struct code_text reply_classes[] = {
#define REPLYCLASS(c, src, title, meaning) {c, BNC_SRC_##src, title, meaning},
#define REPLYKIND(d, src, title)
#define REPLY(c, src, title, meaning)
#include "tables/meaning-reply.def"
#undef REPLYCLASS
#undef REPLYKIND
#undef REPLY
};

static const struct code_text reply_kinds[] = {
#define REPLYCLASS(c, src, title, meaning)
#define REPLYKIND(d, src, title) {d, BNC_SRC_##src, title, NULL},
#define REPLY(c, src, title, meaning)
#include "tables/meaning-reply.def"
#undef REPLYCLASS
#undef REPLYKIND
#undef REPLY
};

static const struct code_text reply_codes[] = {
#define REPLYCLASS(c, src, title, meaning)
#define REPLYKIND(d, src, title)
#define REPLY(c, src, title, meaning) {c, BNC_SRC_##src, title, meaning},
#include "tables/meaning-reply.def"
#undef REPLYCLASS
#undef REPLYKIND
#undef REPLY
};

size_t bnc_reply_meaning_count(void)
{
	return G_N_ELEMENTS(reply_codes);
}

const char *bnc_reply_meaning_code(size_t i)
{
	return i < G_N_ELEMENTS(reply_codes) ? reply_codes[i].code : NULL;
}

int bnc_reply_meaning(const char *code, bnc_code_meaning *out)
{
	memset(out, 0, sizeof *out);
	if (!code || strlen(code) != 3 || !g_ascii_isdigit(code[1]) || !g_ascii_isdigit(code[2]))
		return 0;
	char cls[2] = {code[0], 0}, kind[2] = {code[1], 0};
	const struct code_text *c = find_code(reply_classes, G_N_ELEMENTS(reply_classes), cls);
	if (!c)
		return 0;
	const struct code_text *k = find_code(reply_kinds, G_N_ELEMENTS(reply_kinds), kind);
	out->class_title = c->title;
	out->class_meaning = c->meaning;
	out->subject = k ? k->title : "a category RFC 5321 does not define";
	const struct code_text *e = find_code(reply_codes, G_N_ELEMENTS(reply_codes), code);
	if (e) {
		out->title = e->title;
		out->meaning = e->meaning;
		out->source = bnc_source_name(e->source);
		out->exact = 1;
	} else {
		out->title = NULL;
		out->meaning = c->meaning;
		out->source = bnc_source_name(c->source);
	}
	return 1;
}

/* ---- reasons ------------------------------------------------------------- */

static const char *const todo_names[TODO__COUNT] = {
	[TODO_NONE] = "none", [TODO_RETRY] = "retry", [TODO_LATER] = "retry-then-suppress",
	[TODO_FIX] = "fix", [TODO_SUPPRESS] = "suppress", [TODO_REVIEW] = "review",
};

static const struct reason_text {
	int reason;
	int todo;
	const char *meaning, *next;
} reason_lines[] = {
#define REASON(name, todo, meaning, next) {BNC_R_##name, TODO_##todo, meaning, next},
#include "tables/meaning-reasons.def"
#undef REASON
};

size_t bnc_reason_meaning_count(void)
{
	return G_N_ELEMENTS(reason_lines);
}

int bnc_reason_meaning_at(size_t i)
{
	return i < G_N_ELEMENTS(reason_lines) ? reason_lines[i].reason : -1;
}

static const struct reason_text *reason_text(int reason)
{
	for (size_t i = 0; i < G_N_ELEMENTS(reason_lines); i++)
		if (reason_lines[i].reason == reason)
			return &reason_lines[i];
	return NULL;
}

int bnc_reason_advice(const char *reason, bnc_reason_meaning *out)
{
	memset(out, 0, sizeof *out);
	const struct reason_text *r = reason_text(bnc_reason_lookup(reason));
	if (!r)
		return 0;
	out->meaning = r->meaning;
	out->next = r->next;
	out->todo = todo_names[r->todo];
	out->source = bnc_source_name(BNC_SRC_SISIMAI);
	return 1;
}

/* ---- providers' own codes in the text ------------------------------------ */

static const struct bnc_label_text labels[] = {
#define LABEL(src, providers, code, meaning, advice) {BNC_SRC_##src, providers, code, meaning, advice, __FILE__, __LINE__},
#include "tables/meaning-labels.def"
#undef LABEL
};

size_t bnc_label_count(void)
{
	return G_N_ELEMENTS(labels);
}

const struct bnc_label_text *bnc_label_at(size_t i)
{
	return i < G_N_ELEMENTS(labels) ? &labels[i] : NULL;
}

/* code as a word of its own in text: no letter, digit or '-' touches it */
static int has_word(const char *text, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = strstr(text, code); p; p = strstr(p + 1, code)) {
		char before = p > text ? p[-1] : ' ', after = p[n];
		if (!g_ascii_isalnum(before) && before != '-' && !g_ascii_isalnum(after) && after != '-')
			return 1;
	}
	return 0;
}

static int names_provider(const char *list, const char *provider)
{
	if (!provider)
		return 0;
	size_t n = strlen(provider);
	for (const char *p = strstr(list, provider); p; p = strstr(p + 1, provider))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* The first label of the provider (any provider: NULL with any) in text. */
const struct bnc_label_text *bnc_label_find(const char *text, const char *provider, int any)
{
	for (size_t i = 0; text && i < G_N_ELEMENTS(labels); i++)
		if ((any || names_provider(labels[i].providers, provider)) && has_word(text, labels[i].code))
			return &labels[i];
	return NULL;
}

/* ---- advice for table entries -------------------------------------------- */

/* build/advice-tables.inc: one advice-<table>.def after another through
 * advice-one.h, then BNC_ADVICE_TABLES(X), X(identifier, "table") for each. */
#include "advice-tables.inc"

static const struct bnc_advice_file advice_files[] = {
#define X(t, name) {name, t##_advice_texts, G_N_ELEMENTS(t##_advice_texts), t##_advice_keys, G_N_ELEMENTS(t##_advice_keys)},
	BNC_ADVICE_TABLES(X)
#undef X
};

size_t bnc_advice_file_count(void)
{
	return G_N_ELEMENTS(advice_files);
}

const struct bnc_advice_file *bnc_advice_file_at(size_t i)
{
	return i < G_N_ELEMENTS(advice_files) ? &advice_files[i] : NULL;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* a condition of a key: NULL any value, "" no value, else that value */
static int cond(const char *k, const char *e)
{
	return !k || (!*k ? !e : same(k, e));
}

int bnc_advice_key_names(const struct bnc_advice_key *k, const struct bnc_entry *e)
{
	return same(k->frag, e->frag[0]) && cond(k->code, e->code) && cond(k->status, e->status) &&
	       cond(k->command, e->command);
}

/* entry -> text, built once: the first key naming an entry gives its text
 * (bnc_advice_check reports an entry two keys name) */
static GOnce advice_once = G_ONCE_INIT;

static gpointer build_advice_index(gpointer unused)
{
	(void)unused;
	GHashTable *h = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (size_t f = 0; f < G_N_ELEMENTS(advice_files); f++) {
		const struct bnc_advice_file *af = &advice_files[f];
		const struct bnc_table *t = bnc_table_get(af->table);
		if (!t)
			continue;
		for (size_t k = 0; k < af->nkeys; k++)
			for (size_t i = 0; i < t->count; i++)
				if (bnc_advice_key_names(&af->keys[k], &t->entries[i]) &&
				    !g_hash_table_contains(h, &t->entries[i]))
					g_hash_table_insert(h, (gpointer)&t->entries[i], (gpointer)&af->texts[af->keys[k].text]);
	}
	return h;
}

const struct bnc_advice_text *bnc_advice_for(const struct bnc_table *t, size_t i)
{
	if (!t || i >= t->count)
		return NULL;
	GHashTable *h = g_once(&advice_once, build_advice_index, NULL);
	return g_hash_table_lookup(h, &t->entries[i]);
}

int bnc_advice_check(GString *out)
{
	int problems = 0;
	for (size_t f = 0; f < G_N_ELEMENTS(advice_files); f++) {
		const struct bnc_advice_file *af = &advice_files[f];
		const struct bnc_table *t = bnc_table_get(af->table);
		if (!t) {
			g_string_append_printf(out, "advice-%s.def: there is no table %s\n", af->table, af->table);
			problems++;
			continue;
		}
		int *named = g_new0(int, t->count + 1);
		int *used = g_new0(int, af->ntexts + 1);
		for (size_t k = 0; k < af->nkeys; k++) {
			const struct bnc_advice_key *key = &af->keys[k];
			int n = 0;
			used[key->text]++;
			for (size_t i = 0; i < t->count; i++) {
				if (!bnc_advice_key_names(key, &t->entries[i]))
					continue;
				n++;
				if (t->entries[i].reason < 0) {
					g_string_append_printf(out, "%s:%d: entry %zu of %s (%s:%d) is a stop entry, with no reason\n",
					                       key->file, key->line, i, af->table, t->entries[i].file,
					                       t->entries[i].line);
					problems++;
				}
				if (named[i]++) {
					g_string_append_printf(out, "%s:%d: entry %zu of %s (%s:%d) is named by another key too\n",
					                       key->file, key->line, i, af->table, t->entries[i].file,
					                       t->entries[i].line);
					problems++;
				}
			}
			if (!n) {
				g_string_append_printf(out, "%s:%d: no entry of %s is %s%s%s%s%s \"%s\"\n", key->file, key->line,
				                       af->table, key->code ? key->code : "", key->code ? " " : "",
				                       key->status ? key->status : "", key->status ? " " : "",
				                       key->command ? key->command : "", key->frag ? key->frag : "(no text)");
				problems++;
			}
		}
		for (size_t x = 0; x < af->ntexts; x++)
			if (!used[x]) {
				g_string_append_printf(out, "%s:%d: text %s is for no entry\n", af->texts[x].file, af->texts[x].line,
				                       af->texts[x].id);
				problems++;
			}
		g_free(named);
		g_free(used);
	}
	return problems;
}

static void entry_advice_out(const struct bnc_advice_text *a, bnc_entry_advice *out)
{
	out->meaning = a->meaning;
	out->advice = a->advice;
	out->source = bnc_source_name(a->source);
	out->file = a->file;
	out->line = a->line;
}

int bnc_table_entry_advice(size_t t, size_t i, bnc_entry_advice *out)
{
	memset(out, 0, sizeof *out);
	const struct bnc_advice_text *a = bnc_advice_for(bnc_table_at(t), i);
	if (!a)
		return 0;
	entry_advice_out(a, out);
	return 1;
}

int bnc_step_advice(const bnc_step *s, bnc_entry_advice *out)
{
	memset(out, 0, sizeof *out);
	if (!s || !s->table || s->entry < 0)
		return 0;
	const struct bnc_advice_text *a =
		bnc_advice_for(bnc_table_of_step(s->table, s->entry, s->file, s->line), (size_t)s->entry);
	if (!a)
		return 0;
	entry_advice_out(a, out);
	return 1;
}

/* ---- all of it, for one verdict ------------------------------------------ */

struct advise_in {
	const char *reason, *status, *reply, *action;
	int hard;
	const bnc_step *step;
	const struct bnc_label_text *label;   /* a provider's own code in the text */
};

static void line(bnc_advice_fn fn, void *ctx, const char *what, const char *key, const char *text,
                 const char *source, const char *todo, const char *severity)
{
	bnc_advice_line l = {what, key, text, source, todo, severity};
	fn(ctx, &l);
}

/* temporary or permanent, and what to do, plainly */
static void summary(const struct advise_in *in, int reason, const struct reason_text *rt, bnc_advice_fn fn,
                    void *ctx)
{
	const char *code = *in->status ? in->status : in->reply;
	char cls = code[0];
	const char *severity = cls == '5' ? "permanent" : cls == '4' ? "temporary" : cls == '2' ? "success" : "";
	int todo = rt ? rt->todo : TODO_REVIEW;
	if (in->hard)
		todo = TODO_SUPPRESS;
	else if (todo == TODO_SUPPRESS && reason != BNC_R_feedback && reason != BNC_R_suppressed)
		todo = TODO_LATER;
	GString *s = g_string_new(NULL);
	if (reason == BNC_R_delivered || reason == BNC_R_vacation || reason == BNC_R_feedback)
		g_string_append(s, reason == BNC_R_feedback ? "A complaint, not a bounce. "
		                   : reason == BNC_R_vacation ? "An automatic reply, not a bounce. " : "Delivered. ");
	else if (reason == BNC_R_expired && (cls == '4' || cls == '5'))
		g_string_append_printf(s, "%s (%s): the sending server kept trying until the message's time in its "
		                       "queue ran out, then gave up. ", cls == '5' ? "Permanent" : "Temporary", code);
	else if (cls == '5')
		g_string_append_printf(s, "Permanent (%s): the receiving side refused this message and will not take it "
		                       "unchanged. ", code);
	else if (cls == '4' && !strcmp(in->action, "delayed"))
		g_string_append_printf(s, "Temporary (%s), a delay notice: the sending server may still be trying. ",
		                       code);
	else if (cls == '4')
		g_string_append_printf(s, "Temporary (%s): the condition may pass and the same message may be accepted "
		                       "later. ", code);
	else
		g_string_append(s, "No status or reply code says whether it is temporary or permanent. ");
	switch (todo) {
	case TODO_NONE:
		g_string_append(s, "Nothing to do.");
		break;
	case TODO_RETRY:
		if (reason == BNC_R_expired)
			g_string_append(s, "Send it again once the cause is found: the address is not bad.");
		else
			g_string_append(s, cls == '5' ? "Send again later: the address is not bad and the cause usually "
			                                "passes, though this reply was permanent."
			                              : "Retry: the address is not bad; sending servers retry by themselves.");
		break;
	case TODO_LATER:
		g_string_append(s, "Retry later; suppress the address if it keeps failing.");
		break;
	case TODO_FIX:
		g_string_append(s, "Fix the cause first (see the next step), then send again: the address is not bad.");
		break;
	case TODO_SUPPRESS:
		g_string_append(s, "Suppress the address: do not send to it again.");
		break;
	default:
		g_string_append(s, "Review before acting: not enough is known to retry or to suppress.");
		break;
	}
	line(fn, ctx, "summary", *code ? code : NULL, s->str, NULL, todo_names[todo], severity);
	g_string_free(s, TRUE);
}

static void code_line(bnc_advice_fn fn, void *ctx, const char *what, const char *code, const bnc_code_meaning *m)
{
	GString *s = g_string_new(NULL);
	if (m->exact == 2) {
		/* Sisimai 5.6's scheme, c.9.DSI: D says who is held responsible */
		static const char *const sides[] = {"the sending side", "the destination's side", "both, or unclear"};
		const char *d = strstr(code, ".9.");
		int side = d && strlen(d + 3) == 3 && d[3] >= '1' && d[3] <= '3' ? d[3] - '1' : -1;
		g_string_append_printf(s, "%s; %s: %s (%s", m->title, m->meaning, m->reason, m->class_title);
		if (side >= 0)
			g_string_append_printf(s, "; held responsible: %s", sides[side]);
		g_string_append_c(s, ')');
	}
	else if (m->exact)
		g_string_append_printf(s, "%s; %s (%s, %s)", m->title, m->meaning, m->class_title, m->subject);
	else if (!strcmp(what, "status"))
		g_string_append_printf(s, "a detail the registry does not define (a provider's own); by its class and "
		                       "subject: %s, %s (%s)", m->class_title, m->subject, m->meaning);
	else
		g_string_append_printf(s, "a code no RFC defines; %s: %s (about %s)", m->class_title, m->meaning,
		                       m->subject);
	line(fn, ctx, what, code, s->str, m->source, NULL, NULL);
	g_string_free(s, TRUE);
}

static void advise(const struct advise_in *in, bnc_advice_fn fn, void *ctx)
{
	int reason = bnc_reason_lookup(in->reason);
	const struct reason_text *rt = reason_text(reason);
	summary(in, reason, rt, fn, ctx);
	bnc_entry_advice ea;
	if (bnc_step_advice(in->step, &ea)) {
		char *key = g_strdup_printf("%s #%d", in->step->table, in->step->entry);
		line(fn, ctx, "entry", key, ea.meaning, ea.source, NULL, NULL);
		line(fn, ctx, "advice", key, ea.advice, ea.source, NULL, NULL);
		g_free(key);
	}
	if (in->label) {
		char *text = g_strdup_printf("%s; what to do: %s", in->label->meaning, in->label->advice);
		line(fn, ctx, "label", in->label->code, text, bnc_source_name(in->label->source), NULL, NULL);
		g_free(text);
	}
	if (rt) {
		line(fn, ctx, "reason", bnc_reason_name(reason), rt->meaning, bnc_source_name(BNC_SRC_SISIMAI), NULL, NULL);
		line(fn, ctx, "next", bnc_reason_name(reason), rt->next, NULL, todo_names[rt->todo], NULL);
	}
	/* every code printed gets a line, a malformed one (a decoder may pass on
	 * what a bounce says) saying so */
	bnc_code_meaning m;
	if (*in->status && bnc_status_meaning(in->status, &m))
		code_line(fn, ctx, "status", in->status, &m);
	else if (*in->status)
		line(fn, ctx, "status", in->status, "not a well-formed enhanced status code (class.subject.detail, the "
		     "class 2, 4 or 5)", bnc_source_name(BNC_SRC_RFC3463), NULL, NULL);
	if (*in->reply && bnc_reply_meaning(in->reply, &m))
		code_line(fn, ctx, "reply", in->reply, &m);
	else if (*in->reply)
		line(fn, ctx, "reply", in->reply, "not a well-formed reply code (three digits, the first 2 to 5)",
		     bnc_source_name(BNC_SRC_RFC5321), NULL, NULL);
}

void bnc_verdict_advice(const bnc_verdict *v, bnc_advice_fn fn, void *ctx)
{
	const char *provider = bnc_rhost_name(bnc_vf(v, VF_rhost), bnc_vf(v, VF_lhost), bnc_vf(v, VF_destination));
	struct advise_in in = {
		bnc_vf(v, VF_reason), bnc_vf(v, VF_deliverystatus), bnc_vf(v, VF_replycode), bnc_vf(v, VF_action),
		v->hardbounce, bnc_verdict_decider(v), bnc_label_find(bnc_vf(v, VF_diagnosticcode), provider, 0),
	};
	advise(&in, fn, ctx);
}

void bnc_match_advice(const char *text, const char *reason, const bnc_step *why, bnc_advice_fn fn, void *ctx)
{
	char status[16] = "", reply[4] = "";
	if (!text)
		text = "";
	bnc_reply_find(text, NULL, reply);
	bnc_status_find(text, reply, status);
	const char *r = reason ? reason : "undefined";
	struct advise_in in = {
		r, status, reply, "", bnc_is_hard_bounce(bnc_reason_lookup(r), text), why, bnc_label_find(text, NULL, 1),
	};
	advise(&in, fn, ctx);
}
