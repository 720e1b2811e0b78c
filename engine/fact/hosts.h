/* hosts.h - host names, Received: headers, dates and the token (engine/hosts.c). */
#ifndef BNC_HOSTS_H
#define BNC_HOSTS_H
#include <glib.h>
int   bnc_is_internet_host(const char *s);
int   bnc_is_ipv4(const char *s);
/* Sisimai's test of an Internet host name (accepts "localhost"). */
int   bnc_rfc1123_is_host(const char *s);
/* A remote host named in an error message, or NULL. */
char *bnc_rfc1123_find(const char *text);
/* from, by, via, with, id, for of a Received: value (each owned, "" if absent). */
void  bnc_received_parse(const char *value, char *out[6]);
/* Sisimai's tidied form of a date bnc_mail_date cannot read, or NULL. */
char *bnc_rfc5322_date(const char *s);
/* Parse a date as Go's net/mail does (Sisimai's reader); 1 on success. */
int   bnc_mail_date(const char *s, gint64 *epoch, char tz[6]);
/* Parse a mail date; epoch seconds and "+hhmm". Returns 1 on success. */
int   bnc_parse_date(const char *s, gint64 *epoch, char tz[6]);
/* Sisimai's token: SHA-1 of its fixed string of sender, recipient and time. */
char *bnc_token(const char *addresser, const char *recipient, gint64 epoch);
/* The local part of an address; *host gets its domain, lower-cased. */
char *bnc_address_user_host(const char *addr, char **host);
#endif
