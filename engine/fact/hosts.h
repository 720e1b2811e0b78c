/* hosts.h - host names as Sisimai tests and finds them (engine/fact/hosts.c). */
#ifndef BNC_HOSTS_H
#define BNC_HOSTS_H
#include <glib.h>
int   bnc_is_ipv4(const char *s);
/* Sisimai's test of an Internet host name (rfc1123.IsInternetHost): 4 to 255
 * bytes, a dot, no digit in the last label; "localhost" too. */
int   bnc_rfc1123_is_host(const char *s);
/* The host name an error message names (rfc1123.Find), or NULL. */
char *bnc_rfc1123_find(const char *text);
#endif
