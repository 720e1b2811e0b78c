/* date.h - mail dates (engine/fact/date.c). */
#ifndef BNC_DATE_H
#define BNC_DATE_H
#include <glib.h>
/* Parse a date as Go's net/mail does (Sisimai's reader): epoch seconds and
 * "+hhmm"; 1 on success. */
int   bnc_mail_date(const char *s, gint64 *epoch, char tz[6]);
/* Sisimai's tidied form of a date bnc_mail_date cannot read, or NULL. */
char *bnc_rfc5322_date(const char *s);
/* A date read word by word when the readers above give up (lenient.c):
 * three-digit years (RFC 5322's obsolete 101 = 2001), Outlook's "Wednesday,
 * April 03, 2002 5:56 AM", words in any order; 1 on success. */
int   bnc_lenient_date(const char *s, gint64 *epoch, char tz[6]);
#endif
