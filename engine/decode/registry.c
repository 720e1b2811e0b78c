/* decoders.c - which decoders exist and in what order they are tried.
 *
 * Like Sisimai, the first words of the Subject pick decoders to try first;
 * then the rest in a fixed order; then the generic RFC 3464, ARF and
 * RFC 3834 decoders.  The order is data: the tables below.
 */
#include <string.h>
#include "registry.h"

/* decoders-list.def is written by the Makefile: DECODER(name) for every
 * engine/decoders/name.c, each of which defines bnc_decoder_name. */
#define DECODER(sym) extern const struct bnc_decoder bnc_decoder_##sym;
#include "decoders-list.def"
#undef DECODER

/* Every decoder by Sisimai's name: the specific ones (engine/decoders/),
 * then the generic ones. */
static const struct bnc_decoder *const registry[] = {
#define DECODER(sym) &bnc_decoder_##sym,
#include "decoders-list.def"
#undef DECODER
	&bnc_decoder_rfc3464,
	&bnc_decoder_arf,
	&bnc_decoder_rfc3834,
};

/* The fallback order of the specific decoders (Sisimai's lhost order). */
static const char *const default_order[] = {
	"Exim", "Sendmail", "Exchange2007", "Exchange2003", "InterScanMSS", "KDDI", "FML", "Verizon",
	"AmazonSES", "ApacheJames", "X2",
	"Postfix", "OpenSMTPD", "qmail", "Courier", "MessagingServer", "GoogleWorkspace", "Gmail", "GMX",
	"Zoho", "Domino", "Notes", "IMailServer", "mFILTER", "Activehunter", "MailFoundry", "GoogleGroups",
	"MailMarshalSMTP", "V5sendmail", "EZweb", "Biglobe", "EinsUndEins", "DragonFly", "X1", "X3", "X6",
};

/* The first two words of the Subject (joined by "-", or the word before a
 * colon) and the decoders they suggest. */
static const struct {
	const char *first;
	const char *try[7];
} by_subject[] = {
	{"abuse-report", {"ARF"}},
	{"auto", {"RFC3834"}},
	{"auto-reply", {"RFC3834"}},
	{"automatic-reply", {"RFC3834"}},
	{"aws-notification", {"AmazonSES"}},
	{"complaint-about", {"ARF"}},
	{"delivery-failure", {"Domino", "X2"}},
	{"delivery-notification", {"MessagingServer"}},
	{"delivery-status", {"OpenSMTPD", "GoogleWorkspace", "Gmail", "GoogleGroups", "AmazonSES", "X3"}},
	{"dmarc-ietf-dmarc", {"ARF"}},
	{"email-feedback", {"ARF"}},
	{"failed-delivery", {"X2"}},
	{"failure-delivery", {"X2"}},
	{"failure-notice", {"qmail", "mFILTER", "Activehunter"}},
	{"loop-alert", {"FML"}},
	{"mail-could", {"InterScanMSS"}},
	{"mail-delivery", {"Exim", "DragonFly", "GMX", "Zoho", "EinsUndEins"}},
	{"mail-failure", {"Exim"}},
	{"mail-system", {"EZweb"}},
	{"message-delivery", {"MailFoundry"}},
	{"message-frozen", {"Exim"}},
	{"non-recapitabile", {"Exchange2007"}},
	{"non-remis", {"Exchange2007"}},
	{"notice", {"Courier"}},
	{"postmaster-notify", {"Sendmail"}},
	{"returned-mail", {"Sendmail", "Biglobe", "V5sendmail", "X1"}},
	{"there-was", {"X6"}},
	{"undeliverable", {"Exchange2007", "Exchange2003"}},
	{"undeliverable-mail", {"MailMarshalSMTP", "IMailServer"}},
	{"undeliverable-message", {"Notes", "Verizon"}},
	{"undelivered-mail", {"Postfix", "Zoho"}},
	{"warning", {"Sendmail", "Exim"}},
};

const struct bnc_decoder *bnc_decoder_named(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(registry); i++)
		if (!strcmp(registry[i]->name, name))
			return registry[i];
	return NULL;
}

/* The lookup key Sisimai makes of a Subject. */
static char *subject_key(const char *subject)
{
	GString *t = g_string_new(NULL);
	int sp = 0;
	for (const char *p = subject; *p; p++) {
		char c = (*p == '[' || *p == ']' || *p == '_') ? ' ' : *p;
		if (c == ' ') {
			if (sp)
				continue;
			sp = 1;
		} else {
			sp = 0;
		}
		g_string_append_c(t, g_ascii_tolower(c));
	}
	char **w = g_strsplit(t->str, " ", 3);
	g_string_free(t, TRUE);
	GString *k = g_string_new(NULL);
	char *colon = w[0] ? strchr(w[0], ':') : NULL;
	if (colon && colon > w[0])
		g_string_append_len(k, w[0], colon - w[0]);
	else if (w[0]) {
		g_string_append(k, w[0]);
		if (w[1]) {
			g_string_append_c(k, '-');
			g_string_append(k, w[1]);
		}
	}
	g_strfreev(w);
	for (gsize i = 0; i < k->len;)
		if (strchr(":,*\"", k->str[i]))
			g_string_erase(k, (gssize)i, 1);
		else
			i++;
	return g_string_free(k, FALSE);
}

static void push(const struct bnc_decoder **out, size_t *n, size_t cap, const struct bnc_decoder *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < *n; i++)
		if (out[i] == d)
			return;
	if (*n < cap)
		out[(*n)++] = d;
}

/* default_order by decoder, looked up once rather than per message. */
static const struct bnc_decoder *default_decoders[G_N_ELEMENTS(default_order)];
static GOnce default_once = G_ONCE_INIT;

static gpointer resolve_default_order(gpointer unused)
{
	(void)unused;
	for (size_t i = 0; i < G_N_ELEMENTS(default_order); i++)
		default_decoders[i] = bnc_decoder_named(default_order[i]);
	return default_decoders;
}

static const struct bnc_decoder *const *resolved_default_order(void)
{
	return g_once(&default_once, resolve_default_order, NULL);
}

size_t bnc_decoder_order(const struct bnc_msg *m, const struct bnc_decoder **out, size_t cap)
{
	size_t n = 0;
	const char *subject = bnc_msg_header(m, "subject");
	int generic_only = 0;
	if (subject && *subject) {
		char *key = subject_key(subject);
		for (size_t i = 0; i < G_N_ELEMENTS(by_subject); i++) {
			if (strcmp(key, by_subject[i].first))
				continue;
			const char *first = by_subject[i].try[0];
			/* an ARF or RFC 3834 subject: no MTA decoder is tried */
			if (!strcmp(first, "ARF") || !strcmp(first, "RFC3834"))
				generic_only = 1;
			else
				for (size_t k = 0; k < G_N_ELEMENTS(by_subject[i].try) && by_subject[i].try[k]; k++)
					push(out, &n, cap, bnc_decoder_named(by_subject[i].try[k]));
			break;
		}
		g_free(key);
	}
	if (!generic_only) {
		const struct bnc_decoder *const *order = resolved_default_order();
		for (size_t i = 0; i < G_N_ELEMENTS(default_order); i++)
			push(out, &n, cap, order[i]);
	}
	push(out, &n, cap, &bnc_decoder_rfc3464);
	push(out, &n, cap, &bnc_decoder_arf);
	push(out, &n, cap, &bnc_decoder_rfc3834);
	return n;
}

const struct bnc_decoder *const *bnc_decoder_all(size_t *n)
{
	*n = G_N_ELEMENTS(registry);
	return registry;
}
