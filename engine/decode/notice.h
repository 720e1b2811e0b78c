/* notice.h - reading a free-text bounce notice (engine/decode/notice.c).
 *
 * Most formats Sisimai has no decoder for are a few sentences, a list of
 * the addresses that failed, each perhaps with a line or two of why, and
 * the returned message.  They differ in their words, not in their shape, so
 * a decoder of one (engine/decode/formats/) is its header test and a
 * `struct bnc_notice` of data: where the report begins and ends, how an
 * address is written, and the format's own messages.
 */
#ifndef BNC_NOTICE_H
#define BNC_NOTICE_H
#include "private.h"

/* How a failed address is written on its line. */
enum bnc_notice_style {
	NOTICE_LINE,   /* the line starts with it: "user@example.org", "<user@example.org>:",
	                * "  > user@example.org (user not found)" */
	NOTICE_LABEL,  /* after one of the labels: "Intended recipient: user@example.org" */
	NOTICE_ANY,    /* anywhere in the line: "unable to deliver your message to user@example.org for ..." */
};

/* A recipient written without a domain ("jdoe", an AOL screen name) gets
 * bare_domain, or with NOTICE_FROM_DOMAIN the domain of the bounce's From:. */
#define NOTICE_FROM_DOMAIN "@from"

enum { NOTICE_LIST_ONLY = 1, NOTICE_WITH_LEAD = 2 };

struct bnc_notice {
	const char *const *starts;   /* a line holding one of these (any case) begins the report */
	size_t nstarts;
	int start_reads;             /* 1: the start line is read too (it may name the address) */
	const char *const *ends;     /* a line holding one of these (any case) ends it; the original follows */
	size_t nends;
	enum bnc_notice_style style;
	const char *const *labels;   /* NOTICE_LABEL: the labels, any case */
	size_t nlabels;
	const char *bare_domain;     /* NULL: an address must hold an @ */
	int lead;                    /* NOTICE_LIST_ONLY: after the first address, a line that is not
	                              * one ends the list, and the text before it tells why;
	                              * NOTICE_WITH_LEAD: the text before the first address leads each
	                              * record's own; 0: it is given only to a record without text */
	const char *action;          /* "failed", "delayed" */
	const struct bnc_table *table; /* the format's own messages, or NULL */
	const char *why;             /* where a recipient came from, for the explanation */
};

/* Read the message's flat text with the first of specs that finds an
 * address (n of them); the records and the original's headers to out, with
 * claim.  Returns 1 when it found one. */
int bnc_notice_read(const struct bnc_msg *m, const struct bnc_notice *specs, size_t n, struct bnc_rising *out,
                    const char *claim);

/* Header tests the notice decoders share. */
/* The bounce's From: address, lower-cased, or "" (a new string). */
char *bnc_notice_from(const struct bnc_msg *m);
/* Does the From: address end with one of the domains ("aol.com" matches
 * aol.com and mx.aol.com)? */
int bnc_notice_from_domain(const struct bnc_msg *m, const char *const *domains, size_t n);
/* Does header name hold one of the strings (any case)? */
int bnc_notice_header_has(const struct bnc_msg *m, const char *name, const char *const *list, size_t n);
/* Does the flat text hold one of the strings (any case) before the original? */
int bnc_notice_text_has(const struct bnc_msg *m, const char *const *list, size_t n);
/* The notice's text: the flat text up to the returned message, at most
 * 1 MB (a new string). */
char *bnc_notice_report(const struct bnc_msg *m);
/* Is the From: a mail system's (mailer-daemon, postmaster, ...)? */
int bnc_notice_from_mailer(const struct bnc_msg *m);
#endif
