/* bouncelens.h - the public interface of libbouncelens.
 *
 * The library reads bounce messages, decodes them and decides, for every
 * recipient, why the mail bounced, keeping a record of how it decided.  It
 * never prints, exits or writes to the mail it reads.  Everything exported
 * starts with bnc_.
 */
#ifndef BOUNCELENS_H
#define BOUNCELENS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	BNC_OK = 0,
	BNC_ERR_IO,          /* the input could not be read */
	BNC_ERR_EMPTY,       /* the input is empty */
	BNC_ERR_PARSE,       /* the input is not a message MIME can read */
	BNC_ERR_TOO_BIG,     /* over a resource cap */
	BNC_ERR_USAGE,       /* a bad argument */
} bnc_status;

const char *bnc_status_to_string(bnc_status s);

/* ---- verdicts --------------------------------------------------------- */

/* Sisimai's fields, in Sisimai's JSON order. */
#define BNC_VERDICT_FIELDS(_) \
	_(action) _(addresser) _(alias) _(catch_) _(command) _(decodedby) \
	_(deliverystatus) _(destination) _(diagnosticcode) _(diagnostictype) \
	_(feedbackid) _(feedbacktype) _(hardbounce) _(lhost) _(listid) \
	_(messageid) _(origin) _(reason) _(recipient) _(replycode) _(rhost) \
	_(senderdomain) _(subject) _(timestamp) _(timezoneoffset) _(token)

/* The fields as an enum (BNC_F_recipient ...), in that order. */
typedef enum {
#define BNC_FIELD_ENUM(name) BNC_F_##name,
	BNC_VERDICT_FIELDS(BNC_FIELD_ENUM)
#undef BNC_FIELD_ENUM
	BNC_F__COUNT
} bnc_field;

/* The field names, in that order ("catch" for catch_). */
size_t bnc_field_count(void);
const char *bnc_field_at(size_t i);

/* One stage of the reason pipeline, as tried for one verdict. */
typedef struct {
	const char *stage;       /* "decoder", "lda", "provider", "status", "patterns", "fallback" */
	const char *table;       /* table name, or NULL when no table is involved */
	const char *table_title;
	int entry;               /* index of the entry in its table, -1 if none */
	const char *file;        /* where the entry is written, or NULL */
	int line;
	const char *field;       /* "diagnosticcode", "deliverystatus", ... */
	size_t offset, length;   /* span matched in that field (length 0: none) */
	const char *reason;      /* what this stage answered, NULL if nothing */
	const char *note;        /* a short human note */
	int decided;             /* 1 for the stage that decided */
} bnc_step;

typedef struct bnc_verdict bnc_verdict;

/* Field values as text ("" when empty). hardbounce is "true"/"false",
 * timestamp decimal seconds.  bnc_verdict_field is the one to use in a loop;
 * bnc_verdict_get looks the name up first. */
const char *bnc_verdict_field(const bnc_verdict *v, bnc_field f);
const char *bnc_verdict_get(const bnc_verdict *v, const char *field);
int64_t bnc_verdict_timestamp(const bnc_verdict *v);
int bnc_verdict_hardbounce(const bnc_verdict *v);
/* The explanation: the decoder's claim, then every stage tried. */
const char *bnc_verdict_claim(const bnc_verdict *v);
size_t bnc_verdict_nsteps(const bnc_verdict *v);
const bnc_step *bnc_verdict_step(const bnc_verdict *v, size_t i);
/* The step that decided, or NULL. */
const bnc_step *bnc_verdict_decider(const bnc_verdict *v);
/* Was the verdict guessed by the last-resort decoder (decodedby "Guessed"):
 * a failure phrase found near an address in a message no decoder knows? */
int bnc_verdict_guessed(const bnc_verdict *v);
/* Where each record field came from, as the decoder noted it. */
const char *bnc_verdict_field_source(const bnc_verdict *v, const char *field);
/* The same by number, for a loop over the fields ("" when none). */
const char *bnc_verdict_source_of(const bnc_verdict *v, bnc_field f);

/* What a verdict means and what to do about it, line by line (see
 * bnc_verdict_advice below). */
typedef struct {
	const char *what;        /* "summary", "entry", "advice", "label", "reason", "next", "status", "reply" */
	const char *key;         /* the code, the reason, or "table #entry"; NULL on a summary without codes */
	const char *text;        /* bouncelens's own short words */
	const char *source;      /* whose facts they restate ("RFC 3463", "Mimecast: SMTP error codes"),
	                          * NULL when they are bouncelens's own (summary, next) */
	const char *todo;        /* summary and next: "none", "retry", "retry-then-suppress", "fix",
	                          * "suppress", "review"; NULL otherwise */
	const char *severity;    /* summary: "permanent", "temporary", "success", or "" when no code says */
} bnc_advice_line;
typedef void (*bnc_advice_fn)(void *ctx, const bnc_advice_line *line);

/* The explanation walked in one order for every printer (JSON, explain, the
 * browser): the decoder's claim, every stage tried, the span of the text
 * that decided, where each field's value came from, and last what it all
 * means and what to do (the lines of bnc_verdict_advice).  Callbacks may be
 * NULL; ctx is passed through. */
typedef struct {
	void (*claim)(void *ctx, const char *claim);
	void (*step)(void *ctx, size_t i, const bnc_step *s);
	/* the deciding step's span, with the text of the field it is in */
	void (*span)(void *ctx, const bnc_step *decider, const char *text);
	void (*source)(void *ctx, bnc_field f, const char *source);
	void (*advice)(void *ctx, const bnc_advice_line *line);
} bnc_explain_printer;
void bnc_verdict_explain(const bnc_verdict *v, const bnc_explain_printer *p, void *ctx);

/* One verdict as a JSON object with Sisimai's field names and types; with
 * explain, an "explain" member holds the decision chain. Free with bnc_free. */
char *bnc_verdict_to_json(const bnc_verdict *v, int explain);

/* ---- decoding ---------------------------------------------------------- */

typedef struct {
	int delivered;           /* keep records of delivered mail */
	int vacation;            /* keep auto-reply records */
	int sisimai;             /* Sisimai's own decoders and behaviour only: no
	                          * decoder of a format Sisimai lacks, no last-resort
	                          * guess, a record without a readable date or a
	                          * host-name recipient dropped as Sisimai drops it */
} bnc_options;

typedef struct bnc_result bnc_result;

/* Decode one message held in memory. origin names it in the verdicts.
 * Always returns a result (possibly with no verdicts and an error). */
bnc_result *bnc_decode(const char *data, size_t len, const char *origin,
                       const bnc_options *opt);
size_t bnc_result_count(const bnc_result *r);
const bnc_verdict *bnc_result_verdict(const bnc_result *r, size_t i);
/* BNC_OK, or why the message could not be decoded; detail is a short text. */
bnc_status bnc_result_status(const bnc_result *r);
const char *bnc_result_error(const bnc_result *r);
/* When a resource cap (MIME depth or parts, bytes of a part, header fields,
 * recipients) left part of the message unread: what was cut, in a short
 * text; the verdicts are those of what was read.  NULL otherwise. */
const char *bnc_result_notice(const bnc_result *r);
/* When a decoder claimed the message: its name and the test that claimed it
 * ("Sendmail: ..."), even when no verdict was kept; NULL when none did. */
const char *bnc_result_claim(const bnc_result *r);
/* The records the claiming decoder gave that became no verdict, and why:
 * "<user@example.org>: no date ...", one line each. */
size_t bnc_result_dropped_count(const bnc_result *r);
const char *bnc_result_dropped(const bnc_result *r, size_t i);
void bnc_result_free(bnc_result *r);

/* ---- sources ------------------------------------------------------------ */

typedef struct bnc_source bnc_source;

/* Open a maildir, a folder of message files, an mbox, one file, or "-" for
 * standard input. The source is only ever read. */
bnc_status bnc_source_open(const char *path, bnc_source **out, char **err);
/* The next message: its bytes and a name for it (file path, or mbox path
 * with the message's ordinal). Returns 1, 0 at the end, -1 on a message
 * that could not be read (err says why; the next call goes on).  With 1,
 * err may hold a note on a problem met while reading it (an mbox without
 * its first "From " line); the caller frees it. */
int bnc_source_next(bnc_source *s, char **data, size_t *len, char **name, char **err);
void bnc_source_close(bnc_source *s);
/* Where the message last returned lies, to read it again later: the file,
 * or NULL for standard input; the byte offset of the message in an mbox, or
 * -1 when the message is the whole file. */
const char *bnc_source_file(const bnc_source *s);
int64_t bnc_source_offset(const bnc_source *s);
/* Before a message is read: 1 when the next one begins the next item of a
 * folder's listing (or the one file given), *file then naming that file
 * (NULL when the item is a folder that could not be read); 0 within an mbox,
 * on standard input and at the end.  *file stays valid until the next call.
 * bnc_source_skip passes over that file unread (a verdict cache has it). */
int bnc_source_peek(bnc_source *s, const char **file);
/* The same, and the file's stat(2) into *st: 0, or -1 with errno (*file
 * NULL: -1).  A file of a folder is statted relative to the folder's
 * descriptor, so its path is not walked again for every file. */
struct stat;
int bnc_source_peek_stat(bnc_source *s, const char **file, struct stat *st, int *stat_rc);
void bnc_source_skip(bnc_source *s);

/* ---- tables and matching ------------------------------------------------ */

/* Sisimai's Reason.match: the reason for a bare error line, with the step
 * that decided it. Returns the reason name, or NULL if nothing matched. */
const char *bnc_match(const char *text, bnc_step *why);

/* The decision tables, for browsing: provider tables, then delivery-agent
 * messages, reply-code probes, status codes and message patterns. */
typedef struct {
	const char *reason;      /* what the entry decides */
	const char *code;        /* reply code it needs, or NULL */
	const char *status;      /* status code or range it needs, or NULL */
	const char *frag[4];     /* text fragments, NULL-terminated when fewer */
	const char *file;        /* where it is written */
	int line;
} bnc_entry_info;

size_t bnc_table_count(void);
const char *bnc_table_name(size_t t);     /* as in bnc_step.table */
const char *bnc_table_title(size_t t);
size_t bnc_table_size(size_t t);
int bnc_table_find(const char *name);     /* index, or -1 */
int bnc_table_entry(size_t t, size_t i, bnc_entry_info *out);  /* 1, or 0 out of range */

/* The decoders, in the order they are tried when the Subject suggests none
 * (the generic ones last): Sisimai's name ("Postfix"), and the names of the
 * decoder's own tables (NULL past the last). */
size_t bnc_decoder_count(void);
const char *bnc_decoder_name(size_t i);
const char *bnc_decoder_table(size_t i, size_t k);

/* The vocabulary. */
size_t bnc_reason_count(void);
const char *bnc_reason_at(size_t i);
const char *bnc_reason_summary(const char *name);
/* Canonical name for a typed-in reason (legacy aliases accepted); NULL if unknown. */
const char *bnc_reason_canonical(const char *name);

/* ---- what it means, and what to do -------------------------------------- */

/* The meaning of a status code ("5.1.1") or a reply code ("550"), in
 * bouncelens's own short words, with the document that defined it.
 * exact: 1 the code itself is listed (engine/tables/meaning-status.def,
 * meaning-reply.def); 0 it is not (a provider's own "5.7.606", a "571"), and
 * title and meaning are its subject's (status) or its class's (reply);
 * 2 it is bouncelens's (Sisimai's) internal code for a reason ("5.0.911",
 * given when the bounce gave no status), and reason names the reason.
 * Returns 1 for any well-formed code, 0 otherwise (out zeroed). */
typedef struct {
	const char *title;       /* "bad destination mailbox address"; NULL for an unlisted reply code */
	const char *meaning;
	const char *source;      /* "RFC 3463" */
	const char *class_title; /* "permanent failure", "temporary failure", "success";
	                          * reply codes: "permanent negative completion", ... */
	const char *class_meaning;
	const char *subject;     /* status: "addressing", ...; reply: what the second digit is about */
	const char *reason;      /* exact 2: the reason the internal code stands for */
	int exact;
} bnc_code_meaning;
int bnc_status_meaning(const char *status, bnc_code_meaning *out);
int bnc_reply_meaning(const char *code, bnc_code_meaning *out);

/* What a reason means and the next step (engine/tables/meaning-reasons.def);
 * todo as in bnc_advice_line.  Returns 1, or 0 for an unknown name. */
typedef struct {
	const char *meaning, *next, *todo, *source;
} bnc_reason_meaning;
int bnc_reason_advice(const char *reason, bnc_reason_meaning *out);

/* What the provider's documentation says a table entry means and what to
 * do about it (engine/tables/advice-TABLE.def), with where the text is
 * written.  Returns 1, or 0 (out zeroed) when the entry has no advice. */
typedef struct {
	const char *meaning, *advice, *source;
	const char *file;
	int line;
} bnc_entry_advice;
int bnc_table_entry_advice(size_t t, size_t i, bnc_entry_advice *out);
/* The same for the entry a step names (bnc_verdict_decider's). */
int bnc_step_advice(const bnc_step *s, bnc_entry_advice *out);

/* Everything a verdict means, one line at a time, in this order:
 *   summary  temporary or permanent, and whether to retry, fix or suppress
 *   entry    what the deciding entry means      } when it has advice
 *   advice   what to do about it                }
 *   label    a provider's own code in the text (Outlook.com's "SC-004"),
 *            what it means and what to do, when there is one
 *   reason   what the reason means
 *   next     the next step for the reason
 *   status   the meaning of the status code     } when there is one
 *   reply    the meaning of the reply code      }
 * Nothing of the verdict changes.  The texts are static; key and text are
 * valid only during the call. */
void bnc_verdict_advice(const bnc_verdict *v, bnc_advice_fn fn, void *ctx);
/* The same for a bare error line, its reason and the step bnc_match gave;
 * the codes are those found in the text. */
void bnc_match_advice(const char *text, const char *reason, const bnc_step *why, bnc_advice_fn fn, void *ctx);

/* ---- a result as bytes (the verdict cache) ------------------------------ */

/* Everything of a result as bytes: status, error, notice, claim, dropped
 * records, and of every verdict its fields, their sources, the claim and
 * every step.  Free with bnc_free. */
char *bnc_result_pack(const bnc_result *r, size_t *len);
/* The result the bytes were made from, which every printer prints as it
 * printed the one decoded; NULL when they are not such bytes (truncated,
 * damaged, another layout).  Free with bnc_result_free. */
bnc_result *bnc_result_unpack(const void *data, size_t len);
/* Which engine made a result: its version, the layout of the bytes and the
 * build (the linker's build ID of the program or library holding the
 * engine, else a hash of that file), so that what one build kept is never
 * taken for another's.  Static; NULL when the build cannot be told (then
 * nothing may be kept). */
const char *bnc_engine_id(void);

/* ---- text for terminals ------------------------------------------------- */

/* A copy of untrusted text safe to show on a terminal: control characters
 * as visible glyphs, escape sequences and bidi/zero-width characters made
 * inert, invalid UTF-8 replaced. Caller frees with bnc_free. */
char *bnc_sanitize(const char *s, size_t len);
void bnc_free(void *p);

const char *bnc_version(void);
/* The Sisimai release whose decisions the engine follows ("5.8.0"). */
const char *bnc_sisimai_version(void);
/* A reason's internal status code (Sisimai's, for a record that gave none):
 * permanent or temporary; NULL for a reason that has none. */
const char *bnc_reason_code(const char *reason, int temporary);

#ifdef __cplusplus
}
#endif
#endif
