/* rfc1894.h - reading the fields of a delivery-status block (engine/rfc1894.c). */
#ifndef BNC_RFC1894_H
#define BNC_RFC1894_H
#include "private.h"

enum { DSN_NONE = 0, DSN_PER_MESSAGE = 1, DSN_PER_RECIPIENT = 2 };

struct dsn_field {
	char label[32];          /* lower-cased field name */
	char *subtype;           /* "RFC822", "SMTP", "DNS", ... upper-cased, or "" */
	char *value;
	const char *group;       /* "addr", "code", "date", "host", "list", "stat", "text" */
	char *comment;           /* text in " (...)" after the value, or "" */
};

/* Is the line a per-message or per-recipient DSN field? */
int bnc_dsn_match(const char *line);
/* Split a DSN field line; returns 0 when it is not one we read. */
int bnc_dsn_field(const char *line, struct dsn_field *f);
void bnc_dsn_field_clear(struct dsn_field *f);
/* Which record field a DSN field name fills, or -1. */
int bnc_dsn_target(const char *label);
/* An address out of "<a@b>", "rfc822;a@b" and the like (Sisimai's S3S4). */
char *bnc_address_s3s4(const char *s);
/* The per-message fields of a delivery-status part (Reporting-MTA:,
 * Arrival-Date: ...), each kept once, in the order first seen: Sisimai
 * gives them to the records that lack them once every field is read. */
struct dsn_permsg {
	char *v[RF__COUNT];
	int order[RF__COUNT];
	int n;
};
void bnc_permsg_keep(struct dsn_permsg *pm, int t, const char *value);
/* Give r each kept field, through set, unless the field is empty or `last`
 * (the last record: Sisimai tests it, not r) has it already. */
void bnc_permsg_give(const struct dsn_permsg *pm, struct bnc_rec *r, const struct bnc_rec *last,
                     void (*set)(struct bnc_rec *r, int t, const char *value, const char *why), const char *why);
void bnc_permsg_clear(struct dsn_permsg *pm);
/* bnc_rec_set for bnc_permsg_give (no check of the value). */
void bnc_permsg_set_plain(struct bnc_rec *r, int t, const char *value, const char *why);
/* What the delivery-status fields are noted as coming from, by field. */
extern const char *const bnc_dsn_why[RF__COUNT];
#endif
