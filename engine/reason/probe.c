/* probe.c - the ProbesInto test of each reason, after current go-sisimai
 * (5.8: reason/why-*.go). */
#include <stddef.h>
#include <string.h>

#include "probe.h"
#include "patterns.h"

/* ---- reply codes that decide a reason by themselves ---------------------- */

static const struct bnc_entry probe_entries[] = {
	BNC_E(failedstarttls, "523", NULL, NULL)
	BNC_E(failedstarttls, "524", NULL, NULL)
	BNC_E(failedstarttls, "538", NULL, NULL)
	BNC_E(notaccept,      "521", NULL, NULL)
	BNC_E(notaccept,      "556", NULL, NULL)
	BNC_E(suspend,        "525", NULL, NULL)
	BNC_E(syntaxerror,    "401", NULL, NULL)
	BNC_E(syntaxerror,    "402", NULL, NULL)
	BNC_E(syntaxerror,    "403", NULL, NULL)
	BNC_E(syntaxerror,    "404", NULL, NULL)
	BNC_E(syntaxerror,    "405", NULL, NULL)
	BNC_E(syntaxerror,    "406", NULL, NULL)
	BNC_E(syntaxerror,    "407", NULL, NULL)
	BNC_E(syntaxerror,    "501", NULL, NULL)
	BNC_E(syntaxerror,    "502", NULL, NULL)
	BNC_E(syntaxerror,    "503", NULL, NULL)
	BNC_E(syntaxerror,    "504", NULL, NULL)
	BNC_E(syntaxerror,    "505", NULL, NULL)
	BNC_E(syntaxerror,    "506", NULL, NULL)
	BNC_E(syntaxerror,    "507", NULL, NULL)
};

const struct bnc_table bnc_probe_table = {
	"probe",
	"reply codes that decide a reason in ProbesInto",
	probe_entries,
	sizeof probe_entries / sizeof probe_entries[0],
};

/* ---- reply codes that name a reason when nothing else did ----------------- */

#define RR(r, code) BNC_E(r, code, NULL, NULL)
static const struct bnc_entry reply_entries[] = {
#include "tables/reply.def"
};
#undef RR

const struct bnc_table bnc_reply_table = {
	"reply",
	"reply codes that name a reason when no other stage decided",
	reply_entries,
	sizeof reply_entries / sizeof reply_entries[0],
};

int bnc_reply_reason(const char *replycode, struct bnc_hit *hit)
{
	size_t i;

	if (replycode == NULL || *replycode == '\0')
		return -1;
	for (i = 0; i < bnc_reply_table.count; i++)
		if (strcmp(replycode, reply_entries[i].code) == 0) {
			if (hit != NULL) {
				hit->table = &bnc_reply_table;
				hit->index = i;
				hit->offset = 0;
				hit->length = 0;
			}
			return reply_entries[i].reason;
		}
	return -1;
}

/* ---- class orders (reason/lib.go, 5.7 and later) ------------------------- */

const int bnc_probe_order[] = {
	BNC_R_mailboxfull, BNC_R_emailtoolarge, BNC_R_suspend, BNC_R_hasmoved,
	BNC_R_norelaying, BNC_R_authfailure, BNC_R_userunknown, BNC_R_filtered,
	BNC_R_requireptr, BNC_R_notcompliantrfc, BNC_R_badreputation, BNC_R_contenterror,
	BNC_R_rejected, BNC_R_hostunknown, BNC_R_spamdetected, BNC_R_ratelimited,
	BNC_R_blocked, BNC_R_failedstarttls, BNC_R_notaccept, BNC_R_virusdetected,
	BNC_R_policyviolation,
};
const size_t bnc_probe_order_len = sizeof bnc_probe_order / sizeof bnc_probe_order[0];

const int bnc_pattern_order[] = {
	BNC_R_mailboxfull, BNC_R_spamdetected, BNC_R_virusdetected, BNC_R_norelaying,
	BNC_R_systemerror, BNC_R_networkerror, BNC_R_suspend, BNC_R_systemfull,
	BNC_R_suppressed, BNC_R_mailererror, BNC_R_securityerror, BNC_R_policyviolation,
	BNC_R_syntaxerror, BNC_R_expired,
};
const size_t bnc_pattern_order_len = sizeof bnc_pattern_order / sizeof bnc_pattern_order[0];

/* ---- helpers ------------------------------------------------------------------ */

static void plain_hit(struct bnc_hit *hit)
{
	if (hit != NULL) {
		hit->table = NULL;
		hit->index = 0;
		hit->offset = 0;
		hit->length = 0;
	}
}

static void copy_hit(struct bnc_hit *hit, const struct bnc_hit *from)
{
	if (hit != NULL)
		*hit = *from;
}

static int is_one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* Sisimai's command.ExceptDATA and command.BeforeRCPT */
static const char *const before_data[] = { "CONN", "EHLO", "HELO", "MAIL", "RCPT", NULL };
static const char *const before_rcpt[] = { "CONN", "EHLO", "HELO", "MAIL", NULL };

/* Reason of the status code per the status table; "" gives -1 as Sisimai's
 * status.Name("") gives "". */
static int status_reason(const struct bnc_probe_in *in, struct bnc_hit *sh)
{
	plain_hit(sh);
	if (in->status[0] == '\0')
		return -1;
	int r = bnc_status_name(in->status, sh);
	return r == BNC_R_undefined ? -1 : r; /* a code that names no reason */
}

static int set_reply_hit(size_t i, struct bnc_hit *hit)
{
	if (hit != NULL) {
		hit->table = &bnc_probe_table;
		hit->index = i;
		hit->offset = 0;
		hit->length = 0;
	}
	return 1;
}

/* The reply-code entry of this reason equal to the code as text (Sisimai
 * compares these strings exactly). */
static int reply_entry(int reason, const char *code, struct bnc_hit *hit)
{
	size_t i;

	for (i = 0; i < bnc_probe_table.count; i++)
		if (probe_entries[i].reason == reason && strcmp(code, probe_entries[i].code) == 0)
			return set_reply_hit(i, hit);
	return 0;
}

/* The reply-code entry of this reason with this numeric value. */
static int reply_entry_num(int reason, long value, struct bnc_hit *hit)
{
	size_t i;

	for (i = 0; i < bnc_probe_table.count; i++) {
		const char *p;
		long v = 0;
		if (probe_entries[i].reason != reason)
			continue;
		for (p = probe_entries[i].code; *p != '\0'; p++)
			v = v * 10 + (*p - '0');
		if (v == value)
			return set_reply_hit(i, hit);
	}
	return 0;
}

/* Go's strconv.ParseUint(s, 10, 16): digits only, not empty, at most 65535. */
static long parse_u16(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -1;
	}
	return v;
}

/* IsExplicit() of reason/lib.go: not empty, not undefined, not onhold. */
static int is_explicit(int reason)
{
	return reason >= 0 && reason != BNC_R_undefined && reason != BNC_R_onhold;
}

/* ---- the probes ----------------------------------------------------------------- */

/* reason set, or the status names it, or the patterns say so */
static int probe_status_or_text(int r, const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;

	if (status_reason(in, &sh) == r) {
		copy_hit(hit, &sh);
		return 1;
	}
	return bnc_patterns_match(r, in->diag, hit);
}

static int probe_filtered(const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;
	int t = status_reason(in, &sh);

	if (t == BNC_R_suspend)
		return 0;
	if (t == BNC_R_filtered)
		return bnc_patterns_match(BNC_R_userunknown, in->diag, hit) ||
		       bnc_patterns_match(BNC_R_filtered, in->diag, hit);
	/* before DATA the remote side has not seen the message: not filtered */
	if (is_one_of(in->command, before_data))
		return 0;
	return bnc_patterns_match(BNC_R_filtered, in->diag, hit) ||
	       bnc_patterns_match(BNC_R_userunknown, in->diag, hit);
}

static int probe_hostunknown(const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;

	if (status_reason(in, &sh) == BNC_R_hostunknown) {
		/* a DNS failure is not an unknown host */
		if (bnc_patterns_match(BNC_R_networkerror, in->diag, NULL))
			return 0;
		copy_hit(hit, &sh);
		return 1;
	}
	return bnc_patterns_match(BNC_R_hostunknown, in->diag, hit);
}

static int probe_rejected(const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;
	int t = status_reason(in, &sh);

	if (t < 0)
		t = BNC_R_undefined;
	if (t == BNC_R_rejected) {
		copy_hit(hit, &sh);
		return 1;
	}
	if (strcmp(in->command, "MAIL") == 0)
		return bnc_patterns_match(BNC_R_rejected, in->diag, hit);
	if (strcmp(in->command, "DATA") == 0)
		return t != BNC_R_userunknown && bnc_patterns_match(BNC_R_rejected, in->diag, hit);
	if (!is_explicit(t) || t == BNC_R_securityerror || t == BNC_R_systemerror)
		return bnc_patterns_match(BNC_R_rejected, in->diag, hit);
	return 0;
}

static int probe_spamdetected(const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;

	/* 5.2.0 looks at the status field before anything else */
	if (in->status[0] == '\0')
		return 0;
	if (in->reason == BNC_R_spamdetected) {
		plain_hit(hit);
		return 1;
	}
	if (status_reason(in, &sh) == BNC_R_spamdetected) {
		copy_hit(hit, &sh);
		return 1;
	}
	if (is_one_of(in->command, before_data))
		return 0;
	return bnc_patterns_match(BNC_R_spamdetected, in->diag, hit);
}

static int probe_userunknown(const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	static const int others[] = {
		BNC_R_norelaying, BNC_R_blocked, BNC_R_mailboxfull,
		BNC_R_hasmoved, BNC_R_rejected, BNC_R_notaccept,
	};
	struct bnc_hit sh;
	size_t i;
	int t = status_reason(in, &sh);

	if (t == BNC_R_suspend)
		return 0;
	if (t == BNC_R_userunknown) {
		/* the status says so unless the text fits another reason */
		for (i = 0; i < sizeof others / sizeof others[0]; i++)
			if (bnc_patterns_match(others[i], in->diag, NULL))
				return 0;
		copy_hit(hit, &sh);
		return 1;
	}
	return strcmp(in->command, "RCPT") == 0 &&
	       bnc_patterns_match(BNC_R_userunknown, in->diag, hit);
}

int bnc_probe(int reason, const struct bnc_probe_in *in, struct bnc_hit *hit)
{
	struct bnc_hit sh;

	if (in == NULL || reason < 0 || reason >= BNC_R__COUNT)
		return 0;

	/* spamdetected checks the status field before the reason */
	if (reason == BNC_R_spamdetected)
		return probe_spamdetected(in, hit);

	switch (reason) {
	/* no ProbesInto in Sisimai (theirs always say false) */
	case BNC_R_delivered: case BNC_R_expired: case BNC_R_feedback:
	case BNC_R_mailererror: case BNC_R_networkerror:
	case BNC_R_securityerror: case BNC_R_systemerror: case BNC_R_systemfull:
	case BNC_R_undefined: case BNC_R_vacation:
		return 0;
	default:
		break;
	}

	if (in->reason == reason) {
		plain_hit(hit);
		return 1;
	}

	switch (reason) {
	case BNC_R_authfailure:
	case BNC_R_blocked:
	case BNC_R_emailtoolarge:
	case BNC_R_mailboxfull:
	case BNC_R_ratelimited:
	case BNC_R_requireptr:
		return probe_status_or_text(reason, in, hit);

	case BNC_R_badreputation:
	case BNC_R_notcompliantrfc:
	case BNC_R_suppressed:      /* has no patterns: the reason alone */
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_hasmoved:
		if (is_one_of(in->command, before_rcpt))
			return 0;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_policyviolation:
		if (*in->command && strcmp(in->command, "DATA"))
			return 0;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_virusdetected:
		if (is_one_of(in->command, before_data))
			return 0;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_contenterror:
		if (probe_spamdetected(in, NULL))
			return 0;
		return probe_status_or_text(reason, in, hit);

	case BNC_R_failedstarttls:
		if (strcmp(in->command, "STARTTLS") == 0) {
			plain_hit(hit);
			return 1;
		}
		if (reply_entry(reason, in->replycode, hit))
			return 1;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_filtered:
		return probe_filtered(in, hit);

	case BNC_R_hostunknown:
		return probe_hostunknown(in, hit);

	case BNC_R_norelaying:
		if (in->reason == BNC_R_securityerror || in->reason == BNC_R_systemerror ||
		    in->reason == BNC_R_undefined)
			return 0;
		if (is_one_of(in->command, before_rcpt))
			return 0;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_notaccept:
		if (reply_entry(reason, in->replycode, hit))
			return 1;
		if (is_one_of(in->command, before_rcpt))
			return 0;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_onhold:
		if (status_reason(in, &sh) == BNC_R_onhold) {
			copy_hit(hit, &sh);
			return 1;
		}
		return 0;

	case BNC_R_rejected:
		return probe_rejected(in, hit);

	case BNC_R_suspend:
		if (reply_entry(reason, in->replycode, hit))
			return 1;
		return bnc_patterns_match(reason, in->diag, hit);

	case BNC_R_syntaxerror: {
		long v = parse_u16(in->replycode);
		if ((v > 400 && v < 408) || (v > 500 && v < 508))
			return reply_entry_num(reason, v, hit);
		return 0;
	}

	case BNC_R_userunknown:
		return probe_userunknown(in, hit);

	default:
		return 0;
	}
}
