/* classify.c - the ordered stages that decide a verdict's reason.
 *
 *   decoder     a reason the decoder established (kept unless weak)
 *   lda         local delivery agents' messages
 *   provider    the remote provider's table, by host or recipient domain
 *   probes      each reason's test over status code and text, in class order
 *   status      the enhanced status code alone
 *   patterns    per-reason message patterns, in the second class order
 *   fallback    status class, diagnostic type, SMTP command, action
 *   reply       the reply code alone, when none of the above decided
 *
 * The first stage that is sure wins; each stage tried leaves a step in the
 * verdict so the explanation can show what was tried and what decided.
 */
#include <string.h>
#include "classify.h"
#include "patterns.h"
#include "probe.h"
#include "smtpcode.h"
#include "lda.h"
#include "rhost.h"

static void step(struct bnc_verdict *v, const char *stage, const struct bnc_hit *hit, const char *field,
                 int reason, const char *note, int decided)
{
	bnc_step s = {0};
	s.stage = stage;
	s.entry = -1;
	if (hit && hit->table) {
		s.table = hit->table->name;
		s.table_title = hit->table->title;
		s.entry = (int)hit->index;
		if (hit->index < hit->table->count) {
			s.file = hit->table->entries[hit->index].file;
			s.line = hit->table->entries[hit->index].line;
		}
		s.offset = hit->offset;
		s.length = hit->length;
		s.field = field;
	}
	s.reason = reason >= 0 ? bnc_reason_name(reason) : NULL;
	s.note = note;
	s.decided = decided;
	bnc_verdict_add_step(v, &s);
}

/* Sisimai's anotherone(): patterns when the status code is weak or absent. */
static int another(const struct classify_in *in, const char *low, struct bnc_verdict *v)
{
	struct bnc_hit hit = {0};
	if (bnc_reason_explicit(in->reason))
		return in->reason;
	int byst = bnc_status_name(in->status, &hit);
	if (byst == BNC_R_undefined)
		byst = -1; /* the table says this code names no reason */
	struct bnc_hit sthit = hit;
	if (!bnc_reason_weak(byst) && !strcmp(in->diagtype, "SMTP")) {
		if (byst >= 0)
			step(v, "status", &sthit, "deliverystatus", byst, "the status code names the reason", 1);
		return byst;
	}
	for (size_t i = 0; i < bnc_pattern_order_len; i++) {
		memset(&hit, 0, sizeof hit);
		if (bnc_patterns_match(bnc_pattern_order[i], low, &hit)) {
			step(v, "patterns", &hit, "diagnosticcode", bnc_pattern_order[i],
			     "a message pattern of this reason occurs in the diagnostic text", 1);
			return bnc_pattern_order[i];
		}
	}
	step(v, "patterns", NULL, NULL, -1, "no message pattern occurs in the diagnostic text", 0);
	if (byst >= 0) {
		step(v, "status", &sthit, "deliverystatus", byst, "the status code names the reason", 1);
		return byst;
	}
	const char *st = in->status;
	if (strlen(st) > 3) {
		if (!strncmp(st, "5.6", 3) || !strncmp(st, "4.6", 3)) {
			step(v, "fallback", NULL, NULL, BNC_R_contenterror, "status class x.6 (message content)", 1);
			return BNC_R_contenterror;
		}
		if (!strncmp(st, "5.7", 3) || !strncmp(st, "4.7", 3)) {
			step(v, "fallback", NULL, NULL, BNC_R_securityerror, "status class x.7 (security or policy)", 1);
			return BNC_R_securityerror;
		}
	}
	if (bnc_has_prefix(in->diagtype, "X-UNIX")) {
		step(v, "fallback", NULL, NULL, BNC_R_mailererror, "the diagnostic type is X-UNIX (a local mailer)", 1);
		return BNC_R_mailererror;
	}
	struct bnc_probe_in pin = {in->reason, in->status, in->replycode, low, in->diagtype, in->command, in->action};
	memset(&hit, 0, sizeof hit);
	if (bnc_probe(BNC_R_syntaxerror, &pin, &hit)) {
		step(v, "fallback", &hit, "diagnosticcode", BNC_R_syntaxerror, "the reply shows an SMTP syntax error", 1);
		return BNC_R_syntaxerror;
	}
	if (!strcmp(in->action, "delayed") || !strcmp(in->action, "expired")) {
		step(v, "fallback", NULL, NULL, BNC_R_expired, "the Action: is delayed", 1);
		return BNC_R_expired;
	}
	if (!strcmp(in->command, "EHLO") || !strcmp(in->command, "HELO")) {
		step(v, "fallback", NULL, NULL, BNC_R_blocked, "refused in reply to EHLO/HELO", 1);
		return BNC_R_blocked;
	}
	return byst;
}

/* Sisimai's reason.Find(). */
static int find(const struct classify_in *in, const char *low, struct bnc_verdict *v)
{
	if (bnc_has_prefix(in->status, "2.")) {
		step(v, "status", NULL, "deliverystatus", BNC_R_delivered, "a 2.x.x status means delivered", 1);
		return BNC_R_delivered;
	}
	int r = -1;
	if (!strcmp(in->diagtype, "SMTP") || !*in->diagtype) {
		struct bnc_probe_in pin = {in->reason, in->status, in->replycode, low, in->diagtype, in->command, in->action};
		for (size_t i = 0; i < bnc_probe_order_len; i++) {
			struct bnc_hit hit = {0};
			if (bnc_probe(bnc_probe_order[i], &pin, &hit)) {
				r = bnc_probe_order[i];
				const char *field = hit.table && !strcmp(hit.table->name, "status") ? "deliverystatus" : "diagnosticcode";
				step(v, "probes", &hit, field, r, "this reason's test accepted the status code and text", 1);
				break;
			}
		}
		if (r < 0)
			step(v, "probes", NULL, NULL, -1, "no reason's test accepted the status code and text", 0);
	}
	if (r >= 0 && r != BNC_R_undefined)
		return r;
	r = another(in, low, v);
	if (r == BNC_R_undefined)
		r = -1;
	if (r < 0 && !strcmp(in->action, "delayed")) {
		step(v, "fallback", NULL, NULL, BNC_R_expired, "nothing else, and the Action: is delayed", 1);
		r = BNC_R_expired;
	}
	if (r >= 0)
		return r;
	struct bnc_hit hit = {0};
	if (bnc_patterns_match(BNC_R_vacation, low, &hit)) {
		step(v, "patterns", &hit, "diagnosticcode", BNC_R_vacation, "the text reads like an auto-reply", 1);
		return BNC_R_vacation;
	}
	return -1;
}

/* The decoder table entry behind the decoder's reason, located again in the
 * verdict's diagnostic text (the decoder may have read another text): NULL
 * when the decoder named no entry. */
static const struct bnc_hit *decoder_hit(const struct classify_in *in, struct bnc_hit *hit)
{
	if (!in->reason_hit || !in->reason_hit->table)
		return NULL;
	*hit = *in->reason_hit;
	hit->offset = hit->length = 0;
	const struct bnc_entry *e = &hit->table->entries[hit->index];
	const char *f = e->on != BNC_ON_LABEL && e->frag[0] ? strstr(in->diag, e->frag[0]) : NULL;
	if (f) {
		hit->offset = (size_t)(f - in->diag);
		hit->length = strlen(e->frag[0]);
	}
	return hit;
}

int bnc_classify(const struct classify_in *in, struct bnc_verdict *v)
{
	struct bnc_hit dhit;
	const struct bnc_hit *dh = decoder_hit(in, &dhit);
	if (in->reason >= 0 && !bnc_reason_weak(in->reason)) {
		step(v, "decoder", dh, "diagnosticcode", in->reason, "the decoder established the reason from the message's format", 1);
		return in->reason;
	}
	if (in->reason >= 0)
		step(v, "decoder", dh, "diagnosticcode", in->reason, "the decoder suggested a weak reason: checked again", 0);
	char *low = bnc_ascii_lower(in->diag);
	struct bnc_hit hit = {0};
	int r = bnc_lda_find(low, in->command, in->diagtype, &hit);
	if (bnc_reason_explicit(r)) {
		step(v, "lda", &hit, "diagnosticcode", r, "a local delivery agent's message", 1);
		goto out;
	}
	step(v, "lda", NULL, NULL, -1, "no local delivery agent's message", 0);

	memset(&hit, 0, sizeof hit);
	const char *provider = NULL;
	struct bnc_rhost_query q = {in->rhost, in->lhost, in->destination, in->replycode, in->status,
	                            in->command, in->diag, low};
	r = bnc_rhost_query_find(&q, &hit, &provider);
	if (bnc_reason_explicit(r)) {
		step(v, "provider", &hit, "diagnosticcode", r, "an entry of the remote provider's table", 1);
		goto out;
	}
	step(v, "provider", NULL, NULL, -1, provider ? "the provider's table has no entry for this reply" : "no provider table for this host or domain", 0);

	r = find(in, low, v);
	if (bnc_reason_explicit(r))
		goto out;
	/* the reply code alone, when nothing above decided (Sisimai 5.5 and later) */
	memset(&hit, 0, sizeof hit);
	r = bnc_reply_reason(in->replycode, &hit);
	if (r >= 0) {
		step(v, "reply", &hit, "replycode", r, "the reply code names the reason on its own", 1);
		goto out;
	}
	if (*in->replycode)
		step(v, "reply", NULL, NULL, -1, "the reply code names no reason on its own", 0);
	if (*in->diag) {
		r = BNC_R_onhold;
		step(v, "fallback", NULL, NULL, r, "there is an error message, but nothing decided the reason", 1);
	} else {
		r = in->reason >= 0 ? in->reason : BNC_R_undefined;
		step(v, "fallback", NULL, NULL, r, "nothing to go on", 1);
	}
out:
	g_free(low);
	return r;
}

/* Sisimai's Reason.match: the reason for a bare error line. */
static const int match_order[] = {
	BNC_R_mailboxfull, BNC_R_emailtoolarge, BNC_R_suspend, BNC_R_userunknown, BNC_R_filtered,
	BNC_R_rejected, BNC_R_hostunknown, BNC_R_spamdetected, BNC_R_ratelimited, BNC_R_blocked,
	BNC_R_authfailure, BNC_R_failedstarttls, BNC_R_securityerror, BNC_R_systemerror,
	BNC_R_networkerror, BNC_R_expired, BNC_R_contenterror, BNC_R_hasmoved, BNC_R_systemfull,
	BNC_R_notaccept, BNC_R_mailererror, BNC_R_norelaying, BNC_R_suppressed, BNC_R_syntaxerror,
	BNC_R_onhold,
};

const char *bnc_match(const char *text, bnc_step *why)
{
	bnc_step s = {0};
	s.entry = -1;
	s.stage = "patterns";
	const char *out = NULL;
	if (!text || !*text)
		goto done;
	char *swept = bnc_squeeze_space(text);
	char *low = bnc_ascii_lower(swept);
	g_free(swept);
	struct bnc_hit hit = {0};
	for (size_t i = 0; i < G_N_ELEMENTS(match_order) && !out; i++) {
		memset(&hit, 0, sizeof hit);
		if (bnc_patterns_match(match_order[i], low, &hit))
			out = bnc_reason_name(match_order[i]);
	}
	if (!out) {
		char st[16] = "";
		if (bnc_status_find(low, "", st)) {
			memset(&hit, 0, sizeof hit);
			int r = bnc_status_name(st, &hit);
			if (r >= 0 && r != BNC_R_undefined) {
				out = bnc_reason_name(r);
				s.stage = "status";
			}
		}
	}
	if (!out) {
		memset(&hit, 0, sizeof hit);
		if (bnc_patterns_match(BNC_R_vacation, low, &hit))
			out = "vacation";
	}
	if (out && hit.table) {
		s.table = hit.table->name;
		s.table_title = hit.table->title;
		s.entry = (int)hit.index;
		s.file = hit.table->entries[hit.index].file;
		s.line = hit.table->entries[hit.index].line;
		s.field = "text";
		s.offset = hit.offset;
		s.length = hit.length;
	}
	g_free(low);
done:
	s.reason = out;
	s.decided = out != NULL;
	s.note = out ? "first pattern to match, in class order" : "nothing matched";
	if (why)
		*why = s;
	return out;
}
