/* table.h - the one shape every decision table of the engine has.
 *
 * A table is an ordered array of entries; the first entry that matches wins.
 * Entries are written in engine/tables/ .def files, one per line, so that
 * __FILE__ and __LINE__ give every entry its own address for the explanation.
 *
 * An entry matches a delivery record when every one of its conditions holds:
 *   code    the SMTP reply code ("550"), or NULL for any;
 *   status  the enhanced status code ("5.7.1"), a range ("4.7.650-4.7.899"),
 *           or NULL for any;
 *   frag[]  up to four lower-case fragments that must all occur in the
 *           lower-cased, whitespace-folded diagnostic text, in this order
 *           (frag[0] == NULL: no text condition).
 */
#ifndef BNC_TABLE_H
#define BNC_TABLE_H

#include <stddef.h>

enum bnc_reason_id {
#define R(name, hard, weak, summary) BNC_R_##name,
#define ALIAS(legacy, name)
#include "reasons.def"
#undef R
#undef ALIAS
	BNC_R__COUNT
};

#define BNC_ENTRY_FRAGS 4

struct bnc_entry {
	int reason;              /* enum bnc_reason_id */
	const char *code;        /* reply code, or NULL */
	const char *status;      /* status code or range, or NULL */
	const char *frag[BNC_ENTRY_FRAGS];
	const char *file;        /* the .def file the entry was written in */
	int line;                /* and its line there */
	/* Optional (zero when an entry is written with BNC_E); provider tables
	 * (engine/rhost.c) use them: */
	const char *command;     /* the SMTP command ("DATA"), or NULL for any */
	int on;                  /* what frag[] is matched against, BNC_ON_* */
};

/* What an entry's fragments are matched against.
 *   BNC_ON_TEXT   the lower-cased diagnostic text (the default);
 *   BNC_ON_CASE   the diagnostic text as received, case-sensitively: the
 *                 fragments keep the provider's own capitals ("No such user");
 *   BNC_ON_LABEL  frag[0] is compared with the error label a provider's rule
 *                 takes out of the text ("CXBL" of "AUP#CXBL", "IB607",
 *                 "RCP-P2", "416" of "OFR_416", "1020-1080" for a range of
 *                 Spectrum's numbers); engine/rhost.c says how per provider.
 * Reply codes and statuses of provider entries may be ranges too: "500-599",
 * "5.0.0-5.999.999". */
enum { BNC_ON_TEXT = 0, BNC_ON_CASE = 1, BNC_ON_LABEL = 2 };

struct bnc_table {
	const char *name;        /* "mimecast", "status", "patterns", "lda" */
	const char *title;       /* a human title for the browser and explain */
	const struct bnc_entry *entries;
	size_t count;
};

/* Helpers for writing .def files.
 *   E(reason, code, status, "frag", ...)  a full entry
 *   P(reason, "frag", ...)                 a text-only entry (message pattern)
 *   S(reason, "5.1.1")                     a status-only entry                */
#define BNC_E(r, c, s, ...) { BNC_R_##r, c, s, { __VA_ARGS__ }, __FILE__, __LINE__, NULL, BNC_ON_TEXT },
/*   BNC_EX(reason, code, status, command, on, "frag", ...)  with the optional
 *   conditions as well                                                        */
#define BNC_EX(r, c, s, cmd, on, ...) { BNC_R_##r, c, s, { __VA_ARGS__ }, __FILE__, __LINE__, cmd, on },

/*   BNC_T(reason, "Text", ...)   a decoder's own message, matched with its
 *                                case in the text the decoder reads
 *   BNC_L(reason, "LABEL")       an error label a decoder takes out of the
 *                                text, compared whole ("RESOLVER.ADR.RecipNotFound")
 *   BNC_LC(reason, "CMD", "LABEL")  the same, naming the SMTP command too    */
#define BNC_T(r, ...) { BNC_R_##r, NULL, NULL, { __VA_ARGS__ }, __FILE__, __LINE__, NULL, BNC_ON_CASE },
#define BNC_L(r, label) { BNC_R_##r, NULL, NULL, { label }, __FILE__, __LINE__, NULL, BNC_ON_LABEL },
#define BNC_LC(r, cmd, label) { BNC_R_##r, NULL, NULL, { label }, __FILE__, __LINE__, cmd, BNC_ON_LABEL },
/* A table of the entries of an array: BNC_TABLE("exim", "Exim's own messages", exim_entries) */
#define BNC_TABLE(name, title, entries) { name, title, entries, sizeof(entries) / sizeof(entries[0]) }

/* What every matcher fills in: which entry of which table, and where in the
 * examined text the entry's fragments were found (first fragment's start to
 * the last fragment's end; length 0 when the entry has no text condition). */
struct bnc_hit {
	const struct bnc_table *table;
	size_t index;
	size_t offset, length;
};

/* The fields of a delivery record the reason tests look at. Text fields are
 * never NULL ("" when absent). diag is lower-cased (ASCII only, so offsets
 * are those of the verdict's diagnosticcode) and whitespace-folded. */
struct bnc_probe_in {
	int reason;              /* reason the decoder set, or -1 */
	const char *status;      /* "5.1.1" or "" */
	const char *replycode;   /* "550" or "" */
	const char *diag;
	const char *diagtype;    /* "SMTP", "X-UNIX", ... or "" */
	const char *command;     /* "RCPT", "DATA", ... or "" */
	const char *action;      /* "failed", "delayed", ... or "" */
};

/* The vocabulary (engine/reason/vocabulary.c). */
const char *bnc_reason_name(int reason);   /* "userunknown"; NULL if out of range */
int bnc_reason_lookup(const char *name);   /* id, accepting legacy aliases; -1 if unknown */
/* Is the reason one the pipeline tries again when a stage gave it (weak)? */
int bnc_reason_weak(int reason);
/* A reason other than undefined and onhold (a stage that gives one decides). */
int bnc_reason_explicit(int reason);
/* Sisimai's hard bounce: by the reason's hard column of reasons.def; for the
 * 'c' reasons, unless text (a diagnostic) says the failure is temporary. */
int bnc_is_hard_bounce(int reason, const char *text);

#endif
