/* pack.c - results as bytes and back (pack.h).
 *
 * Layout: "BNP2", then unsigned LEB128 numbers (signed ones zigzag-coded)
 * and strings as a length and their bytes:
 *   status, error?, notice?, claim?, the number of dropped records and
 *   each one's text, the number of verdicts, and for each: the
 *   number of fields, a bit per field that is set and a bit per field with
 *   a source, those values and sources, timestamp, hardbounce, claim?,
 *   the number of steps, and for each a bit per member present, then
 *   stage?, table?, title?, entry, file?, line, field?, offset, length,
 *   reason?, note?, decided.
 * ("x?" is written only when present.)
 *
 * The engine's verdicts point at static text for what never varies
 * (sources, stages, tables, notes): read back, those strings are interned,
 * one copy each for the life of the process, in a pool with a byte budget
 * (a damaged cache cannot make it grow without end: past the budget the
 * bytes are refused, and the message is decoded instead).  Everything is
 * checked as it is read: lengths, counts, valid UTF-8, no trailing bytes.
 */
#include <link.h>
#include <dlfcn.h>
#include <string.h>
#include "verdict.h"
#include "pack.h"

#define PACK_MAGIC "BNP2"
#define PACK_MAX_DROPPED 100000
#define PACK_MAX_VERDICTS 100000
#define PACK_MAX_STEPS 10000
#define INTERN_BUDGET (4u << 20)      /* bytes of interned text, all told */
#define INTERN_MAX_LEN 4096           /* one static text: a note is a line */

enum {
	SP_STAGE = 1, SP_TABLE = 2, SP_TITLE = 4, SP_FILE = 8, SP_FIELD = 16, SP_REASON = 32, SP_NOTE = 64,
};

/* ---- writing ------------------------------------------------------------- */

static void put_u(GString *b, guint64 v)
{
	do {
		guchar c = v & 0x7f;
		v >>= 7;
		g_string_append_c(b, (char)(c | (v ? 0x80 : 0)));
	} while (v);
}

static void put_s(GString *b, gint64 v)
{
	put_u(b, ((guint64)v << 1) ^ (guint64)(v >> 63));
}

static void put_str(GString *b, const char *s)
{
	size_t n = strlen(s);
	put_u(b, n);
	g_string_append_len(b, s, (gssize)n);
}

static void put_opt(GString *b, const char *s)
{
	g_string_append_c(b, s ? 1 : 0);
	if (s)
		put_str(b, s);
}

static void pack_step(GString *b, const bnc_step *s)
{
	unsigned bits = (s->stage ? SP_STAGE : 0) | (s->table ? SP_TABLE : 0) | (s->table_title ? SP_TITLE : 0) |
	                (s->file ? SP_FILE : 0) | (s->field ? SP_FIELD : 0) | (s->reason ? SP_REASON : 0) |
	                (s->note ? SP_NOTE : 0);
	put_u(b, bits);
	if (s->stage)
		put_str(b, s->stage);
	if (s->table)
		put_str(b, s->table);
	if (s->table_title)
		put_str(b, s->table_title);
	put_s(b, s->entry);
	if (s->file)
		put_str(b, s->file);
	put_s(b, s->line);
	if (s->field)
		put_str(b, s->field);
	put_u(b, s->offset);
	put_u(b, s->length);
	if (s->reason)
		put_str(b, s->reason);
	if (s->note)
		put_str(b, s->note);
	put_s(b, s->decided);
}

void bnc_result_pack_into(const bnc_result *r, GString *b)
{
	g_string_append_len(b, PACK_MAGIC, 4);
	put_u(b, (guint64)r->status);
	put_opt(b, r->error);
	put_opt(b, r->notice);
	put_opt(b, r->claim);
	guint nd = r->dropped ? r->dropped->len : 0;
	put_u(b, nd);
	for (guint i = 0; i < nd; i++)
		put_str(b, g_ptr_array_index(r->dropped, i));
	put_u(b, r->verdicts->len);
	for (guint i = 0; i < r->verdicts->len; i++) {
		const struct bnc_verdict *v = g_ptr_array_index(r->verdicts, i);
		guint64 set = 0, src = 0;
		for (int f = 0; f < VF__COUNT; f++) {
			set |= (guint64)(v->v[f] != NULL) << f;
			src |= (guint64)(v->src[f] != NULL) << f;
		}
		put_u(b, VF__COUNT);
		put_u(b, set);
		put_u(b, src);
		for (int f = 0; f < VF__COUNT; f++)
			if (v->v[f])
				put_str(b, v->v[f]);
		for (int f = 0; f < VF__COUNT; f++)
			if (v->src[f])
				put_str(b, v->src[f]);
		put_s(b, v->timestamp);
		put_s(b, v->hardbounce);
		put_opt(b, v->claim);
		put_u(b, v->steps->len);
		for (guint k = 0; k < v->steps->len; k++)
			pack_step(b, &g_array_index(v->steps, bnc_step, k));
	}
}

char *bnc_result_pack(const bnc_result *r, size_t *len)
{
	GString *b = g_string_sized_new(1024);
	bnc_result_pack_into(r, b);
	*len = b->len;
	return g_string_free(b, FALSE);
}

/* ---- the pool of static text ------------------------------------------------ */

static GMutex intern_mu;
static GHashTable *intern_tab;      /* text -> the same text, kept */
static GStringChunk *intern_chunk;
static size_t intern_bytes;

/* A small cache per thread in front of the pool, so the decoding threads
 * reading a queue back do not queue up on its lock: the few hundred texts
 * of the engine are found there nearly always. */
struct intern_hit {
	const char *s;
	size_t len;
};
#define INTERN_CACHE 4096
static _Thread_local struct intern_hit intern_cache[INTERN_CACHE];

static guint hash_bytes(const char *p, size_t n)
{
	guint h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (guchar)p[i]) * 16777619u;
	return h;
}

/* The kept copy of n bytes (no NUL among them), or NULL past the budget. */
static const char *intern(const char *p, size_t n)
{
	if (n > INTERN_MAX_LEN)
		return NULL;
	struct intern_hit *c = &intern_cache[hash_bytes(p, n) & (INTERN_CACHE - 1)];
	if (c->s && c->len == n && !memcmp(c->s, p, n))
		return c->s;
	char key[INTERN_MAX_LEN + 1];
	memcpy(key, p, n);
	key[n] = 0;
	g_mutex_lock(&intern_mu);
	if (!intern_tab) {
		intern_tab = g_hash_table_new(g_str_hash, g_str_equal);
		intern_chunk = g_string_chunk_new(1 << 14);
	}
	const char *kept = g_hash_table_lookup(intern_tab, key);
	if (!kept && intern_bytes + n + 1 <= INTERN_BUDGET) {
		kept = g_string_chunk_insert_len(intern_chunk, key, (gssize)n);
		g_hash_table_add(intern_tab, (gpointer)kept);
		intern_bytes += n + 1;
	}
	g_mutex_unlock(&intern_mu);
	if (kept) {
		c->s = kept;
		c->len = n;
	}
	return kept;
}

/* ---- reading ---------------------------------------------------------------- */

struct rd {
	const guchar *p, *end;
	int bad;
};

static guint64 get_u(struct rd *r)
{
	guint64 v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			break;
		guchar c = *r->p++;
		v |= (guint64)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

static gint64 get_s(struct rd *r)
{
	guint64 u = get_u(r);
	return (gint64)(u >> 1) ^ -(gint64)(u & 1);
}

/* The next string's bytes: valid UTF-8 without NUL, or r->bad. */
static const char *get_bytes(struct rd *r, size_t *n)
{
	guint64 len = get_u(r);
	if (r->bad || len > (guint64)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	const char *s = (const char *)r->p;
	if (memchr(s, 0, (size_t)len) || !g_utf8_validate_len(s, (gsize)len, NULL)) {
		r->bad = 1;
		return NULL;
	}
	r->p += len;
	*n = (size_t)len;
	return s;
}

static char *get_owned(struct rd *r)
{
	size_t n = 0;
	const char *s = get_bytes(r, &n);
	return s ? g_strndup(s, n) : NULL;
}

static const char *get_static(struct rd *r)
{
	size_t n = 0;
	const char *s = get_bytes(r, &n);
	if (!s)
		return NULL;
	const char *kept = intern(s, n);
	if (!kept)
		r->bad = 1;
	return kept;
}

static char *get_opt(struct rd *r)
{
	if (r->p >= r->end) {
		r->bad = 1;
		return NULL;
	}
	guchar present = *r->p++;
	if (present > 1) {
		r->bad = 1;
		return NULL;
	}
	return present ? get_owned(r) : NULL;
}

static int fits_int(gint64 v)
{
	return v >= G_MININT && v <= G_MAXINT;
}

static void unpack_step(struct rd *r, bnc_step *s)
{
	guint64 bits = get_u(r);
	if (bits & ~(guint64)(SP_STAGE | SP_TABLE | SP_TITLE | SP_FILE | SP_FIELD | SP_REASON | SP_NOTE))
		r->bad = 1;
	if (bits & SP_STAGE)
		s->stage = get_static(r);
	if (bits & SP_TABLE)
		s->table = get_static(r);
	if (bits & SP_TITLE)
		s->table_title = get_static(r);
	gint64 entry = get_s(r);
	if (bits & SP_FILE)
		s->file = get_static(r);
	gint64 line = get_s(r);
	if (bits & SP_FIELD)
		s->field = get_static(r);
	s->offset = (size_t)get_u(r);
	s->length = (size_t)get_u(r);
	if (bits & SP_REASON)
		s->reason = get_static(r);
	if (bits & SP_NOTE)
		s->note = get_static(r);
	gint64 decided = get_s(r);
	if (!fits_int(entry) || !fits_int(line) || !fits_int(decided))
		r->bad = 1;
	s->entry = (int)entry;
	s->line = (int)line;
	s->decided = (int)decided;
}

static struct bnc_verdict *unpack_verdict(struct rd *r)
{
	if (get_u(r) != VF__COUNT) {
		r->bad = 1;
		return NULL;
	}
	guint64 set = get_u(r), src = get_u(r);
	if (r->bad || (VF__COUNT < 64 && ((set | src) >> VF__COUNT))) {
		r->bad = 1;
		return NULL;
	}
	struct bnc_verdict *v = bnc_verdict_new();
	for (int f = 0; f < VF__COUNT && !r->bad; f++)
		if (set >> f & 1)
			v->v[f] = get_owned(r);
	for (int f = 0; f < VF__COUNT && !r->bad; f++)
		if (src >> f & 1)
			v->src[f] = get_static(r);
	v->timestamp = get_s(r);
	gint64 hard = get_s(r);
	if (!fits_int(hard))
		r->bad = 1;
	v->hardbounce = (int)hard;
	if (!r->bad)
		v->claim = get_opt(r);
	guint64 ns = get_u(r);
	if (ns > PACK_MAX_STEPS || ns > (guint64)(r->end - r->p))   /* a step is bytes long */
		r->bad = 1;
	for (guint64 k = 0; k < ns && !r->bad; k++) {
		bnc_step s = {0};
		unpack_step(r, &s);
		if (!r->bad)
			bnc_verdict_add_step(v, &s);
	}
	return v;
}

bnc_result *bnc_result_unpack(const void *bytes, size_t len)
{
	const char *data = bytes;
	if (!data || len < 4 || memcmp(data, PACK_MAGIC, 4))
		return NULL;
	struct rd r = {(const guchar *)data + 4, (const guchar *)data + len, 0};
	bnc_result *res = g_new0(bnc_result, 1);
	res->verdicts = g_ptr_array_new_with_free_func((GDestroyNotify)bnc_verdict_free);
	guint64 st = get_u(&r);
	if (st > BNC_ERR_USAGE)
		r.bad = 1;
	res->status = (bnc_status)st;
	if (!r.bad)
		res->error = get_opt(&r);
	if (!r.bad)
		res->notice = get_opt(&r);
	if (!r.bad)
		res->claim = get_opt(&r);
	guint64 nd = get_u(&r);
	if (nd > PACK_MAX_DROPPED || nd > (guint64)(r.end - r.p))
		r.bad = 1;
	if (!r.bad && nd)
		res->dropped = g_ptr_array_new_with_free_func(g_free);
	for (guint64 i = 0; i < nd && !r.bad; i++) {
		char *d = get_owned(&r);
		if (d)
			g_ptr_array_add(res->dropped, d);
	}
	guint64 n = get_u(&r);
	if (n > PACK_MAX_VERDICTS || n > (guint64)(r.end - r.p))
		r.bad = 1;
	for (guint64 i = 0; i < n && !r.bad; i++) {
		struct bnc_verdict *v = unpack_verdict(&r);
		if (v)
			g_ptr_array_add(res->verdicts, v);
	}
	if (r.bad || r.p != r.end) {
		bnc_result_free(res);
		return NULL;
	}
	return res;
}

/* ---- which build --------------------------------------------------------------- */

struct find_build {
	uintptr_t addr;
	char hex[2 * 64 + 1];
};

/* The GNU build ID note of the loaded object that holds addr. */
static int build_id_of(struct dl_phdr_info *info, size_t size, void *data)
{
	struct find_build *fb = data;
	int holds = 0;
	for (int i = 0; i < info->dlpi_phnum && !holds; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;
		holds = ph->p_type == PT_LOAD && fb->addr >= start && fb->addr < start + ph->p_memsz;
	}
	if (!holds)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof *nh;
			const guchar *desc = (const guchar *)name + ((nh->n_namesz + 3) & ~3u);
			if ((const char *)desc + nh->n_descsz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && !memcmp(name, "GNU", 4) &&
			    nh->n_descsz > 0 && nh->n_descsz <= 64) {
				for (unsigned k = 0; k < nh->n_descsz; k++)
					g_snprintf(fb->hex + 2 * k, 3, "%02x", desc[k]);
				return 1;
			}
			p = (const char *)desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

static gpointer make_engine_id(gpointer unused)
{
	struct find_build fb = {(uintptr_t)&make_engine_id, ""};
	dl_iterate_phdr(build_id_of, &fb);
	char *build = NULL;
	if (fb.hex[0]) {
		build = g_strdup(fb.hex);
	} else {   /* no build ID: the file's own bytes */
		Dl_info info;
		gchar *bytes = NULL;
		gsize n = 0;
		if (dladdr((void *)&make_engine_id, &info) && info.dli_fname &&
		    g_file_get_contents(*info.dli_fname ? info.dli_fname : "/proc/self/exe", &bytes, &n, NULL))
			build = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, n);
		g_free(bytes);
	}
	/* a build that cannot be told from another has no id: nothing it
	 * decodes may be kept */
	char *id = build ? g_strdup_printf("bouncelens %s pack 2 fields %d build %s", bnc_version(), VF__COUNT, build)
	                 : NULL;
	g_free(build);
	return id;
}

const char *bnc_engine_id(void)
{
	static GOnce once = G_ONCE_INIT;
	return g_once(&once, make_engine_id, NULL);
}
