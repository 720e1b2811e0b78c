/* meaning.h - what codes, reasons and table entries mean, and what to do
 * about them (engine/output/meaning.c), for the engine and its tests.
 * The texts are data: engine/tables/meaning-*.def and advice-*.def. */
#ifndef BNC_MEANING_H
#define BNC_MEANING_H
#include <glib.h>
#include "table.h"

/* Where a text comes from (engine/tables/meaning-sources.def). */
enum bnc_source_id {
#define SOURCE(id, name, where) BNC_SRC_##id,
#include "tables/meaning-sources.def"
#undef SOURCE
	BNC_SRC__COUNT
};
const char *bnc_source_name(int id);   /* "RFC 3463" */
const char *bnc_source_where(int id);  /* the document or page */

/* What a sender does next (engine/tables/meaning-reasons.def). */
enum bnc_todo_id { TODO_NONE, TODO_RETRY, TODO_LATER, TODO_FIX, TODO_SUPPRESS, TODO_REVIEW, TODO__COUNT };

/* One text of an advice-<table>.def file and one of its keys. */
struct bnc_advice_text {
	const char *id;
	int source;              /* enum bnc_source_id */
	const char *meaning, *advice;
	const char *file;
	int line;
};
struct bnc_advice_key {
	int text;                /* index into the file's texts */
	const char *command;     /* the entry's SMTP command, or NULL: any */
	const char *code;        /* the entry's reply code, or NULL: any */
	const char *status;      /* the entry's status (or range), or NULL: any */
	const char *frag;        /* the entry's first fragment, exactly (NULL: none) */
	const char *file;
	int line;
};
struct bnc_advice_file {
	const char *table;       /* the table the file gives advice for: advice-<table>.def */
	const struct bnc_advice_text *texts;
	size_t ntexts;
	const struct bnc_advice_key *keys;
	size_t nkeys;
};
size_t bnc_advice_file_count(void);
const struct bnc_advice_file *bnc_advice_file_at(size_t i);

/* Does the key name the entry?  The fragment is always compared (NULL: an
 * entry without text); code, status and command only when the key gives
 * them: NULL any, "" the entry has none, else exactly the entry's. */
int bnc_advice_key_names(const struct bnc_advice_key *k, const struct bnc_entry *e);

/* The advice of an entry of a table, or NULL.  An advice-NAME.def file is
 * for the first table named NAME (bnc_table_get): a provider's comes before
 * a decoder's of the same name (kddi, zoho). */
const struct bnc_advice_text *bnc_advice_for(const struct bnc_table *t, size_t i);

/* A provider's own code in a reply's text (tables/meaning-labels.def). */
struct bnc_label_text {
	int source;
	const char *providers;   /* "microsoft outlook": the providers it is for */
	const char *code;        /* "SC-004", as it appears */
	const char *meaning, *advice;
	const char *file;
	int line;
};
size_t bnc_label_count(void);
const struct bnc_label_text *bnc_label_at(size_t i);
/* The first label of the provider (or of any, with any) occurring in text
 * as a word of its own, or NULL. */
const struct bnc_label_text *bnc_label_find(const char *text, const char *provider, int any);

/* The lists themselves, for the tests: the registry's codes ("X.1.1"), the
 * reply codes ("550"), the reasons in the order meaning-reasons.def has them. */
size_t bnc_status_meaning_count(void);
const char *bnc_status_meaning_code(size_t i);
size_t bnc_reply_meaning_count(void);
const char *bnc_reply_meaning_code(size_t i);
size_t bnc_reason_meaning_count(void);
int bnc_reason_meaning_at(size_t i);

/* Every problem of the advice files, one line each, appended to out: a file
 * for a table that does not exist, a key naming no entry, an entry named by
 * two keys, a text no key uses.  Returns the number of problems. */
int bnc_advice_check(GString *out);
#endif
