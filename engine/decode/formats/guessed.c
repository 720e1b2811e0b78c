/* guessed.c - the last resort, tried after every decoder that knows a
 * format: a phrase of failure ("user unknown", "could not be delivered",
 * "mailbox full", "will keep trying") near an address in the text of a
 * message that comes from a mail system or says it is a delivery report,
 * as Mailman's SimpleMatch/SimpleWarning and BounceParser guess.
 *
 * A guess can make a bounce of mail that is none, and a false hard bounce
 * suppresses a good address, so: the records say decodedby "Guessed"; the
 * message must come from a mail system (mailer-daemon, postmaster, ...) or
 * carry a Subject of delivery failure; auto-replies, challenges of
 * challenge-response filters, read receipts (MDN), DMARC reports, mailing
 * list mail and digests are refused on their headers and words before any
 * phrase is looked for; the address must lie within a few lines of the
 * phrase, before the returned message, and be neither the bounce's sender
 * nor its addressee.  Only the first 64 KB of the text are read.
 */
#include <string.h>
#include "notice.h"
#include "lhost.h"

#define GUESS_TEXT_MAX (64u << 10)
#define GUESS_NEAR 320          /* bytes either side of the phrase */
#define GUESS_RCPTS 20

/* The phrases, in the order they are preferred; lower case. */
static const struct bnc_entry entries[] = {
	BNC_E(userunknown, NULL, NULL, "user unknown")
	BNC_E(userunknown, NULL, NULL, "unknown user")
	BNC_E(userunknown, NULL, NULL, "no such user")
	BNC_E(userunknown, NULL, NULL, "unknown recipient")
	BNC_E(userunknown, NULL, NULL, "recipient unknown")
	BNC_E(userunknown, NULL, NULL, "no such mailbox")
	BNC_E(userunknown, NULL, NULL, "mailbox not found")
	BNC_E(userunknown, NULL, NULL, "account does not exist")
	BNC_E(userunknown, NULL, NULL, "address does not exist")
	BNC_E(userunknown, NULL, NULL, "user not found")
	BNC_E(userunknown, NULL, NULL, "invalid recipient")
	BNC_E(mailboxfull, NULL, NULL, "mailbox full")
	BNC_E(mailboxfull, NULL, NULL, "mailbox is full")
	BNC_E(mailboxfull, NULL, NULL, "over quota")
	BNC_E(mailboxfull, NULL, NULL, "quota exceeded")
	BNC_E(hostunknown, NULL, NULL, "host unknown")
	BNC_E(hostunknown, NULL, NULL, "unknown host")
	BNC_E(hostunknown, NULL, NULL, "domain not found")
	BNC_E(suspend, NULL, NULL, "account has been disabled")
	BNC_E(suspend, NULL, NULL, "account is disabled")
	BNC_E(expired, NULL, NULL, "will keep trying")
	BNC_E(expired, NULL, NULL, "has not yet been delivered")
	BNC_E(expired, NULL, NULL, "delivery has been delayed")
	BNC_E(expired, NULL, NULL, "will be retried")
	BNC_E(onhold, NULL, NULL, "could not be delivered")
	BNC_E(onhold, NULL, NULL, "was not delivered")
	BNC_E(onhold, NULL, NULL, "unable to deliver")
	BNC_E(onhold, NULL, NULL, "undeliverable")
	BNC_E(onhold, NULL, NULL, "delivery failed")
	BNC_E(onhold, NULL, NULL, "permanent error")
	BNC_E(onhold, NULL, NULL, "failed to deliver")
};
static const struct bnc_table table = BNC_TABLE("guessed", "the last resort's phrases of failure", entries);
/* entries from here on tell of a delay, not a failure */
#define FIRST_DELAY 20
#define FIRST_VAGUE 24

/* Headers whose presence says the message is not a bounce. */
static const char *const refusing_headers[] = {
	"x-autoreply", "x-autorespond", "x-auto-reply", "x-vacation", "list-id", "list-unsubscribe", "list-post",
	"x-mailing-list", "x-askversion", "x-spamazoid-md", "spamlion", "x-boxtrapper", "x-bluebottle-request",
	"x-challenge", "x-tmda-fingerprint", "disposition-notification-to", "original-message-id",
};
/* Values of headers that say so. */
static const struct {
	const char *name;
	const char *const *values;
	size_t n;
} refusing_values[] = {
	{"auto-submitted", BNC_LIST("auto-replied", "auto-notified")},
	{"precedence", BNC_LIST("list", "bulk", "junk", "auto_reply", "spam")},
	{"x-delivery-agent", BNC_LIST("tmda")},
	{"message-id", BNC_LIST("-tmda-confirm")},
	{"content-type", BNC_LIST("disposition-notification", "application/zip", "application/gzip", "digest")},
	{"subject", BNC_LIST("auto:", "automatic reply", "autoreply", "auto-reply", "auto reply", "out of office",
	                     "out of the office", "vacation", "away from", "read:", "return receipt", "read receipt",
	                     "read notification", "digest", "report domain", "dmarc", "confirm", "verify", "verification",
	                     "please confirm", "abwesen", "absence", "re:", "fw:", "fwd:", "newsletter", "invitation")},
};
/* Words of the text that say so (an auto-reply, a challenge, a receipt). */
static const char *const refusing_words[] = {
	"out of the office", "out of office", "on vacation", "on holiday", "away from my", "auto-reply", "autoreply",
	"automatic reply", "i will be back", "limited access to email", "please confirm", "to confirm that you",
	"verify that you", "prove that you", "click the link", "click on the link", "challenge", "whitelist",
	"was read on", "has been read", "was displayed", "disposition:", "<feedback>", "report-domain",
	"report_metadata", "digest, vol", "today's topics",
};
/* A Subject that says delivery failed. */
static const char *const bounce_subjects[] = {
	"undeliver", "returned mail", "returned to sender", "delivery fail", "failure notice", "failed delivery",
	"not delivered", "delivery status", "could not be delivered", "delivery problem", "mail delivery", "bounce",
	"delayed", "rejected", "nondeliverable", "non-delivery", "delivery notification", "mail failure", "warning:",
};
/* Where the returned message begins. */
static const char *const original_marks[] = {
	"original message", "returned message", "copy of the message", "copy of your message", "message follows",
	"unsent message", "\nreceived: ", "\nmessage-id: ", "\nreturn-path: ", "\nsubject: ",
};

static int refused(const struct bnc_msg *m, const char *low)
{
	for (size_t i = 0; i < G_N_ELEMENTS(refusing_headers); i++)
		if (bnc_msg_header(m, refusing_headers[i]))
			return 1;
	for (size_t i = 0; i < G_N_ELEMENTS(refusing_values); i++)
		if (bnc_notice_header_has(m, refusing_values[i].name, refusing_values[i].values, refusing_values[i].n))
			return 1;
	for (size_t i = 0; i < G_N_ELEMENTS(refusing_words); i++)
		if (strstr(low, refusing_words[i]))
			return 1;
	return 0;
}

static int addr_char(int c)
{
	return g_ascii_isalnum(c) || (c && strchr("._-+=!#$%&'*/?^`{|}~", c));
}

/* The addresses whose @ lies in [from, to) of low, after the phrase's
 * nearest first; at most GUESS_RCPTS, not those of skip. */
static GPtrArray *addresses_near(const char *low, size_t len, size_t from, size_t to, size_t at, char *const *skip)
{
	GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
	GArray *dist = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (size_t i = from; i < to && got->len < GUESS_RCPTS; i++) {
		if (low[i] != '@')
			continue;
		size_t b = i, e = i + 1;
		while (b > 0 && addr_char((unsigned char)low[b - 1]))
			b--;
		while (e < len && (g_ascii_isalnum(low[e]) || low[e] == '.' || low[e] == '-'))
			e++;
		while (e > i + 1 && low[e - 1] == '.')
			e--;
		while (b < i && strchr(".'", low[b]))
			b++;
		char *a = g_strndup(low + b, (gsize)(e - b));
		int bad = !bnc_is_address(a) || !strchr(a, '.') || bnc_has_prefix(a, "postmaster@") ||
		          bnc_has_prefix(a, "mailer-daemon@");
		for (size_t k = 0; !bad && skip[k]; k++)
			bad = !strcmp(a, skip[k]);
		for (guint k = 0; !bad && k < got->len; k++)
			bad = !strcmp(a, g_ptr_array_index(got, k));
		if (bad) {
			g_free(a);
		} else {
			size_t d = i > at ? i - at : at - i;
			g_ptr_array_add(got, a);
			g_array_append_val(dist, d);
		}
		i = e > i ? e - 1 : i;
	}
	/* nearest first (a few at most: a plain insertion sort) */
	for (guint k = 1; k < got->len; k++)
		for (guint j = k; j > 0 && g_array_index(dist, size_t, j) < g_array_index(dist, size_t, j - 1); j--) {
			size_t t = g_array_index(dist, size_t, j);
			g_array_index(dist, size_t, j) = g_array_index(dist, size_t, j - 1);
			g_array_index(dist, size_t, j - 1) = t;
			gpointer p = got->pdata[j];
			got->pdata[j] = got->pdata[j - 1];
			got->pdata[j - 1] = p;
		}
	g_array_free(dist, TRUE);
	return got;
}

static int inquire(const struct bnc_msg *m, struct bnc_rising *out)
{
	if (!m->payload || m->sisimai)
		return 0;
	const char *subject = bnc_hdr(m, "subject");
	char *lsub = bnc_strdown(subject, -1);
	int says = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(bounce_subjects) && !says; i++)
		says = strstr(lsub, bounce_subjects[i]) != NULL;
	g_free(lsub);
	if (!says && !bnc_notice_from_mailer(m))
		return 0;

	char *text = bnc_notice_report(m);
	if (strlen(text) > GUESS_TEXT_MAX)
		text[GUESS_TEXT_MAX] = 0;
	char *low = bnc_ascii_lower(text);
	size_t len = strlen(low);
	/* the returned message is not read: its words are the sender's */
	for (size_t i = 0; i < G_N_ELEMENTS(original_marks); i++) {
		char *p = strstr(low, original_marks[i]);
		if (p && p > low) {
			len = (size_t)(p - low);
			low[len] = 0;
			text[len] = 0;
		}
	}
	int ok = 0;
	struct bnc_sheet sh;
	bnc_sheet_init(&sh);
	if (refused(m, low))
		goto done;

	size_t best = G_N_ELEMENTS(entries), at = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(entries) && best == G_N_ELEMENTS(entries); k++) {
		const char *p = strstr(low, entries[k].frag[0]);
		if (p) {
			best = k;
			at = (size_t)(p - low);
		}
	}
	if (best == G_N_ELEMENTS(entries))
		goto done;
	char *skip[4] = {bnc_notice_from(m), NULL, NULL, NULL};
	const char *to = bnc_msg_header(m, "to");
	char *ta = to ? bnc_address_find(to) : NULL;
	skip[1] = bnc_strdown(ta ? ta : "", -1);
	g_free(ta);
	size_t plen = strlen(entries[best].frag[0]);
	size_t from = at > GUESS_NEAR ? at - GUESS_NEAR : 0, until = at + plen + GUESS_NEAR < len ? at + plen + GUESS_NEAR : len;
	GPtrArray *rcpts = addresses_near(low, len, from, until, at, skip);
	/* the text told: from the line before the phrase to the line after */
	size_t b = at, e = at + plen;
	for (int n = 0; b > from && n < 2; b--)
		n += low[b - 1] == '\n';
	for (int n = 0; e < until && n < 2; e++)
		n += low[e] == '\n';
	char *told = g_strndup(text + b, (gsize)(e - b));
	char *sq = bnc_squeeze_space(told);
	for (guint k = 0; k < rcpts->len; k++) {
		struct bnc_rec *v = bnc_sheet_next(&sh);
		bnc_rec_set(v, RF_RECIPIENT, g_ptr_array_index(rcpts, k), -1,
		            "an address near a phrase of failure (a guess: no decoder knows the format)");
		bnc_rec_set(v, RF_DIAGNOSIS, sq, -1, "the lines around the phrase of failure (a guess)");
		bnc_rec_set(v, RF_ACTION, best >= FIRST_DELAY && best < FIRST_VAGUE ? "delayed" : "failed", -1,
		            "the phrase: a delay or a failure (a guess)");
		{
			/* the phrases are lower case; offsets survive ASCII lowering.
			 * A vague one gives onhold, weak: the pipeline reads on */
			char *ld = bnc_ascii_lower(bnc_rec_get(v, RF_DIAGNOSIS));
			bnc_rec_reason_from(v, &table, ld, "the phrase of failure found (a guess)");
			g_free(ld);
		}
		sh.recipients++;
	}
	ok = sh.recipients > 0;
	g_free(told);
	g_free(sq);
	g_ptr_array_free(rcpts, TRUE);
	g_free(skip[0]);
	g_free(skip[1]);
done:
	bnc_sheet_close(&sh, ok, out, "", "a phrase of failure near an address, in a mail system's message no decoder knows (a guess)");
	g_free(low);
	g_free(text);
	return ok;
}

const struct bnc_decoder bnc_decoder_guessed = {BNC_GUESSED_NAME, inquire, (const struct bnc_table *const[]){&table, NULL}};
