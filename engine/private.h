/* private.h - what the engine's modules share. tui/ never includes this. */
#ifndef BNC_PRIVATE_H
#define BNC_PRIVATE_H

#include <glib.h>
#include <string.h>
#include <stddef.h>
#include "table.h"

/* ---- the message as decoders see it (Sisimai's "BeforeFact") ----------- */

struct bnc_header {
	char *name;              /* lower-cased field name */
	char *value;             /* unfolded, decoded to UTF-8 */
};

struct bnc_msg {
	struct bnc_header *hdr;  /* the bounce's own headers, in order */
	size_t nhdr;
	char *payload;           /* the body made flat: every text part decoded to
	                          * UTF-8, each part announced by a "Content-Type:"
	                          * line, delivery-status fields tidied, LF only,
	                          * tabs turned to spaces */
	size_t payload_len;
	char *cut;               /* what a resource cap left unread, or NULL */
	int sisimai;             /* bnc_options.sisimai: a decoder of Sisimai's
	                          * reads only what Sisimai's reads */
};

/* (engine/mime/headers.c) First value of a header (name lower-case), or NULL. */
const char *bnc_msg_header(const struct bnc_msg *m, const char *name);
/* The n-th value of a header, or NULL. */
const char *bnc_msg_header_nth(const struct bnc_msg *m, const char *name, size_t n);
size_t bnc_msg_header_count(const struct bnc_msg *m, const char *name);

/* ---- what a decoder yields (Sisimai's "DeliveryMatter") ----------------- */

enum bnc_rec_field {
	RF_RECIPIENT, RF_ALIAS, RF_ACTION, RF_STATUS, RF_REPLYCODE, RF_DIAGNOSIS,
	RF_SPEC,                 /* diagnostic type: "SMTP", "X-UNIX", ... */
	RF_COMMAND, RF_RHOST, RF_LHOST, RF_DATE, RF_REASON, RF_FEEDBACKTYPE,
	RF_FEEDBACKID, RF_AGENT,
	RF__COUNT
};

struct bnc_rec {
	char *f[RF__COUNT];      /* owned strings, NULL when unset; written only
	                          * through the bnc_rec_* calls, which keep cap */
	gsize cap[RF__COUNT];    /* bytes allocated for f[] by bnc_rec_cat (0:
	                          * unknown), so a field grown line by line costs
	                          * linear time, not quadratic */
	gsize len[RF__COUNT];    /* strlen(f[]) while cap[] is not 0 */
	const char *why[RF__COUNT]; /* static note on where the value came from */
	struct bnc_hit reason_hit;  /* the decoder table entry that gave RF_REASON
	                             * (table NULL: none); see bnc_rec_reason_from */
};

struct bnc_rising {
	GPtrArray *recs;         /* of struct bnc_rec * */
	GString *rfc822;         /* the original message's headers, as text */
	const char *claimed;     /* static: which test claimed the message */
	int trimmed;             /* bnc_rise cut long fields to keep to its budget */
};

/* (engine/decode/lhost.c) */
struct bnc_rec *bnc_rec_new(void);
void bnc_rec_free(struct bnc_rec *r);
/* Set a field from len bytes (len < 0: NUL-terminated), trimmed of spaces.
 * why is a static string kept for the explanation. */
void bnc_rec_set(struct bnc_rec *r, enum bnc_rec_field f, const char *s, gssize len, const char *why);
/* Append to a field with one space between (diagnostic continuation lines). */
void bnc_rec_append(struct bnc_rec *r, enum bnc_rec_field f, const char *s, gssize len);
/* Append sep and then len bytes of s (len < 0: NUL-terminated) as they are,
 * untrimmed; an unset field becomes "" first. Amortized: a field built from
 * N lines costs O(total bytes). */
void bnc_rec_cat(struct bnc_rec *r, enum bnc_rec_field f, const char *sep, const char *s, gssize len);
/* Set a field to an owned string as it is (no trimming). */
void bnc_rec_take(struct bnc_rec *r, enum bnc_rec_field f, char *owned, const char *why);
static inline const char *bnc_rec_get(const struct bnc_rec *r, enum bnc_rec_field f)
{
	return r->f[f] ? r->f[f] : "";
}

/* ---- decoders ------------------------------------------------------------ */

struct bnc_decoder {
	const char *name;        /* Sisimai's name: "Postfix", "RFC3464", "ARF" */
	/* Fill out (records, original headers) and return 1 when the message is
	 * in this decoder's format; return 0 and leave out empty otherwise. */
	int (*inquire)(const struct bnc_msg *m, struct bnc_rising *out);
	/* The decoder's own tables of messages, NULL-terminated (or NULL), for
	 * browsing; their entries name the reasons the decoder gives. */
	const struct bnc_table *const *tables;
};

/* The decodedby of the last-resort decoder's records (formats/guessed.c). */
#define BNC_GUESSED_NAME "Guessed"

extern const struct bnc_decoder bnc_decoder_rfc3464;
extern const struct bnc_decoder bnc_decoder_arf;
extern const struct bnc_decoder bnc_decoder_rfc3834;

/* ---- the tables (engine/tables.c) ---------------------------------------- */

/* A table of the engine by its name (as in bnc_step.table; the first of
 * that name), or NULL. */
const struct bnc_table *bnc_table_get(const char *name);
/* The table at index t of bnc_table_count(), or NULL. */
const struct bnc_table *bnc_table_at(size_t t);
/* The table a step names: its name, and the entry's file and line there
 * (names are not unique: a provider and a decoder may share one). */
const struct bnc_table *bnc_table_of_step(const char *name, int entry, const char *file, int line);

/* ---- terminal safety (engine/sanitize.c) ---------------------------------- */

/* Bidi controls, zero-width characters, the BOM and their kin. */
int bnc_unichar_invisible(gunichar c);
/* DEL, C1 controls and invisible characters of a JSON text as \uXXXX
 * escapes; takes js (g_malloc'd) and returns it or its replacement. */
char *bnc_json_escape_unsafe(char *js);

/* ---- small text helpers (engine/text.c) ---------------------------------- */

/* The lines of s, as g_strsplit(s, "\n", -1) gives them, in linear time. */
char **bnc_split_lines(const char *s);
/* ASCII-only lower-casing, so byte offsets survive. Returns a new string. */
char *bnc_ascii_lower(const char *s);
/* g_ascii_strdown (len -1: all of s), without its call a byte. */
char *bnc_strdown(const char *s, gssize len);
/* Every occurrence of from (not "") in s replaced by to, in one pass: time
 * linear in s however many there are (GLib's g_string_replace of Debian 12
 * moves the tail once per occurrence). Returns how many were replaced. */
guint bnc_replace_all(GString *s, const char *from, const char *to);
/* Runs of white space (any, newlines too) made one space, both ends trimmed.
 * Not Sisimai's Sweep, which is bnc_sweep (engine/decode/lhost.h). */
char *bnc_squeeze_space(const char *s);
/* Case-insensitive prefix test, ASCII. */
int bnc_has_prefix_ci(const char *s, const char *prefix);
/* g_str_has_prefix, without its strlen of s (a line, a whole text). */
static inline int bnc_has_prefix(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}
/* g_ascii_tolower, inline: GLib's is a function call a byte. */
static inline char bnc_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}
/* Whether the n bytes at a are those at b but for ASCII case, b at least n
 * bytes long (a NUL in a is a mismatch, where the reading stops): GLib's
 * g_ascii_strncasecmp calls a function per byte, and the MIME reader asks
 * this of every line. */
static inline int bnc_ncase_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x != y && ((x | 0x20) != (y | 0x20) || (unsigned)((x | 0x20) - 'a') > 25))
			return 0;
	}
	return 1;
}
/* Find the first e-mail address in s ("<a@b>" or bare a@b); NULL if none.
 * Returns a new string. */
char *bnc_address_find(const char *s);
/* Is s a syntactically plausible e-mail address? */
int bnc_is_address(const char *s);
/* The local part of an address; *host gets its domain, lower-cased. */
char *bnc_address_user_host(const char *addr, char **host);

#endif
