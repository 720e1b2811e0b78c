/* test_patterns.c - the message patterns, the reason names and the probes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "patterns.h"
#include "probe.h"
#include "classify.h"

static const struct bnc_entry *entry_at(size_t i)
{
	return &bnc_patterns_table.entries[i];
}

static size_t nfrags(const struct bnc_entry *e)
{
	size_t k = 0;
	while (k < BNC_ENTRY_FRAGS && e->frag[k] != NULL)
		k++;
	return k;
}

/* A text that holds the entry's fragments in order, between "^^ " and " ^^". */
static void text_for(const struct bnc_entry *e, char *buf, size_t size)
{
	size_t k;

	snprintf(buf, size, "^^ ");
	for (k = 0; k < nfrags(e); k++) {
		if (k > 0)
			strncat(buf, " ~ ", size - strlen(buf) - 1);
		strncat(buf, e->frag[k], size - strlen(buf) - 1);
	}
	strncat(buf, " ^^", size - strlen(buf) - 1);
}

/* Every entry matches a text made of it, for its own reason. */
static void test_every_entry_matches(void **state)
{
	size_t i;
	char buf[1024];

	(void)state;
	for (i = 0; i < bnc_patterns_table.count; i++) {
		const struct bnc_entry *e = entry_at(i);
		struct bnc_hit hit;

		text_for(e, buf, sizeof buf);
		if (!bnc_patterns_match(e->reason, buf, &hit))
			fail_msg("entry %zu (%s:%d) does not match \"%s\"", i, e->file, e->line, buf);
		assert_ptr_equal(hit.table, &bnc_patterns_table);
		assert_true(hit.offset + hit.length <= strlen(buf));
		assert_int_equal(entry_at(hit.index)->reason, e->reason);
		if (hit.index == i) {
			assert_int_equal(hit.offset, 3);
			assert_int_equal(hit.length, strlen(buf) - 6);
		}
	}
}

/* A text that matches something of every reason group, and one that matches
 * none of them. */
static void test_samples_per_reason(void **state)
{
	static const struct { const char *reason, *text; } yes[] = {
		{ "authfailure", "550 5.7.26 unauthenticated email: dmarc policy of example.org is reject" },
		{ "badreputation", "421 4.7.0 our system has detected a poor email reputation score" },
		{ "blocked", "554 client host [192.0.2.1] blocked using zen.spamhaus.org" },
		{ "contenterror", "550 5.6.0 routing loop detected -- too many received: headers" },
		{ "emailtoolarge", "552 5.3.4 error: message file too big" },
		{ "expired", "message could not be delivered for 5 days" },
		{ "failedstarttls", "530 5.7.0 starttls is required to send mail" },
		{ "filtered", "550 5.1.1 user reject" },
		{ "hasmoved", "550 5.1.6 neko@example.jp has been replaced by nyaa@example.org" },
		{ "hostunknown", "550 5.1.2 host unknown" },
		{ "mailboxfull", "552 5.2.2 mailbox full" },
		{ "mailererror", "x-unix; 255 command died with status 1" },
		{ "networkerror", "554 5.4.6 hop count exceeded - possible mail loop" },
		{ "norelaying", "550 5.7.1 relay access denied" },
		{ "notaccept", "556 5.1.10 host/domain does not accept mail" },
		{ "notcompliantrfc", "550 5.7.1 this message is not rfc 5322 compliant" },
		{ "policyviolation", "550 5.7.0 message given low priority" },
		{ "ratelimited", "421 4.7.0 too many connections from your host." },
		{ "rejected", "553 5.1.8 domain of sender address nyaan@example.jp does not exist" },
		{ "requireptr", "550 5.7.1 reverse dns lookup for host 192.0.2.1 failed permanently" },
		{ "securityerror", "530 5.7.0 authentication required" },
		{ "spamdetected", "550 5.7.1 message rejected due to suspected spam content" },
		{ "suspend", "550 5.2.1 this mailbox is disabled" },
		{ "systemerror", "451 4.3.0 local configuration error" },
		{ "systemfull", "452 4.3.1 mail system full" },
		{ "userunknown", "550 5.1.1 <kijitora@example.jp>... user unknown" },
		{ "vacation", "i am out of the office until monday" },
		{ "virusdetected", "550 5.7.0 virus detected" },
	};
	static const char *none = "250 2.0.0 ok: queued as 4b2f1c";
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		r = bnc_reason_lookup(yes[i].reason);
		assert_true(r >= 0);
		if (!bnc_patterns_match(r, yes[i].text, NULL))
			fail_msg("%s does not match \"%s\"", yes[i].reason, yes[i].text);
	}
	for (r = 0; r < BNC_R__COUNT; r++) {
		assert_false(bnc_patterns_match(r, none, NULL));
		assert_false(bnc_patterns_match(r, "", NULL));
	}
	assert_false(bnc_patterns_match(-1, yes[0].text, NULL));
	assert_false(bnc_patterns_match(BNC_R__COUNT, yes[0].text, NULL));
	assert_false(bnc_patterns_match(BNC_R_blocked, NULL, NULL));
	/* reasons that have no patterns at all */
	assert_false(bnc_patterns_match(BNC_R_suppressed, yes[0].text, NULL));
	assert_false(bnc_patterns_match(BNC_R_syntaxerror, "501 5.5.4 syntax error", NULL));
}

/* Aligned fragments must occur in their order. */
static void test_wrong_order(void **state)
{
	(void)state;
	assert_true(bnc_patterns_match(BNC_R_blocked, "email blocked by zen.spamhaus.org", NULL));
	assert_false(bnc_patterns_match(BNC_R_blocked, "spamhaus says: email blocked by us", NULL));
	assert_true(bnc_patterns_match(BNC_R_userunknown, "rcpt <neko@example.jp> does not exist", NULL));
	assert_false(bnc_patterns_match(BNC_R_userunknown, "does not exist: rcpt <neko@example.jp>", NULL));
	/* the second fragment must begin after the first one ends */
	assert_false(bnc_patterns_match(BNC_R_securityerror, "authentication failed; server said: ", NULL));
	assert_true(bnc_patterns_match(BNC_R_securityerror, "authentication failed; server mx said: no", NULL));
}

static void test_hit_span(void **state)
{
	const char *text = "smtp; host mx.example.net[192.0.2.1] refused to talk to me: 554 blocked; see it";
	const struct bnc_entry *e;
	struct bnc_hit hit;

	(void)state;
	assert_true(bnc_patterns_match(BNC_R_blocked, text, &hit));
	assert_ptr_equal(hit.table, &bnc_patterns_table);
	e = entry_at(hit.index);
	assert_int_equal(e->reason, BNC_R_blocked);
	assert_string_equal(e->frag[0], "host ");
	assert_string_equal(e->frag[2], " blocked");
	assert_int_equal(hit.offset, 6);
	assert_int_equal(hit.length, strlen("host mx.example.net[192.0.2.1] refused to talk to me: 554 blocked"));

	assert_true(bnc_patterns_match(BNC_R_mailboxfull, "552 5.2.2 mailbox full", &hit));
	assert_int_equal(hit.offset, 10);
	assert_int_equal(hit.length, 12);
}

/* Rejected's veto list wins over its patterns. */
static void test_rejected_veto(void **state)
{
	(void)state;
	assert_true(bnc_patterns_match(BNC_R_rejected, "553 sender address rejected", NULL));
	assert_false(bnc_patterns_match(BNC_R_rejected, "550 recipient address rejected: invalid sender", NULL));
	assert_false(bnc_patterns_match(BNC_R_rejected, "554 sender ip address rejected", NULL));
}

static void test_names_and_aliases(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < BNC_R__COUNT; r++)
		assert_int_equal(bnc_reason_lookup(bnc_reason_name(r)), r);
	assert_null(bnc_reason_name(-1));
	assert_null(bnc_reason_name(BNC_R__COUNT));
	assert_string_equal(bnc_reason_name(BNC_R_emailtoolarge), "emailtoolarge");
	assert_int_equal(bnc_reason_lookup("mesgtoobig"), BNC_R_emailtoolarge);
	assert_int_equal(bnc_reason_lookup("ExceedLimit"), BNC_R_emailtoolarge);
	assert_int_equal(bnc_reason_lookup("TooManyConn"), BNC_R_ratelimited);
	assert_int_equal(bnc_reason_lookup("SPEEDING"), BNC_R_ratelimited);
	assert_int_equal(bnc_reason_lookup("FailedSTARTTLS"), BNC_R_failedstarttls);
	assert_int_equal(bnc_reason_lookup("userunknownx"), -1);
	assert_int_equal(bnc_reason_lookup(""), -1);
	assert_int_equal(bnc_reason_lookup(NULL), -1);

	/* a legacy name is its current reason, with all of that reason's patterns */
	assert_true(bnc_patterns_match_as("toomanyconn", "421 too many connections", NULL));
	assert_true(bnc_patterns_match_as("speeding", "421 too many connections", NULL));
	assert_true(bnc_patterns_match_as("speeding", "451 4.7.1 please try again slower", NULL));
	assert_true(bnc_patterns_match_as("ratelimited", "421 too many connections", NULL));
	assert_true(bnc_patterns_match_as("exceedlimit", "552 message header size exceeds limit", NULL));
	assert_true(bnc_patterns_match_as("mesgtoobig", "552 message header size exceeds limit", NULL));
	assert_true(bnc_patterns_match_as("mesgtoobig", "552 message too big", NULL));
	assert_true(bnc_patterns_match_as("MailboxFull", "552 mailbox full", NULL));
	assert_false(bnc_patterns_match_as("nonsense", "552 mailbox full", NULL));
}

/* The table itself: lower-case, non-empty fragments; each reason in one block;
 * no duplicates and no entry made unreachable by an earlier one-fragment entry
 * of the same reason. */
static void test_table_invariants(void **state)
{
	size_t i, j, k, m;
	int seen_done[BNC_R__COUNT] = { 0 };
	int last = -1;

	(void)state;
	assert_string_equal(bnc_patterns_table.name, "patterns");
	assert_true(bnc_patterns_table.count > 0);
	for (i = 0; i < bnc_patterns_table.count; i++) {
		const struct bnc_entry *e = entry_at(i);
		const char *p;

		assert_true(e->reason >= 0 && e->reason < BNC_R__COUNT);
		assert_null(e->code);
		assert_null(e->status);
		assert_true(nfrags(e) >= 1);
		for (k = 0; k < nfrags(e); k++) {
			assert_true(e->frag[k][0] != '\0');
			for (p = e->frag[k]; *p != '\0'; p++)
				if (*p >= 'A' && *p <= 'Z')
					fail_msg("%s:%d has upper case: %s", e->file, e->line, e->frag[k]);
		}
		if (e->reason != last) {
			if (seen_done[e->reason])
				fail_msg("%s:%d: reason %s is split", e->file, e->line, bnc_reason_name(e->reason));
			if (last >= 0)
				seen_done[last] = 1;
			last = e->reason;
		}
		for (j = 0; j < i; j++) {
			const struct bnc_entry *d = entry_at(j);
			int same = 1;
			if (d->reason != e->reason)
				continue;
			for (k = 0; k < BNC_ENTRY_FRAGS; k++) {
				if ((d->frag[k] == NULL) != (e->frag[k] == NULL) ||
				    (d->frag[k] != NULL && strcmp(d->frag[k], e->frag[k]) != 0))
					same = 0;
			}
			if (same)
				fail_msg("%s:%d duplicates line %d", e->file, e->line, d->line);
			if (nfrags(d) == 1) {
				for (m = 0; m < nfrags(e); m++)
					if (strstr(e->frag[m], d->frag[0]) != NULL)
						fail_msg("%s:%d is shadowed by line %d", e->file, e->line, d->line);
			}
		}
	}
}

static void test_orders(void **state)
{
	size_t i, j;

	(void)state;
	/* current Sisimai's classorder[0] and [1] (reason/lib.go, 5.7) */
	assert_int_equal(bnc_probe_order_len, 21);
	assert_int_equal(bnc_pattern_order_len, 14);
	assert_int_equal(bnc_probe_order[0], BNC_R_mailboxfull);
	assert_int_equal(bnc_probe_order[1], BNC_R_emailtoolarge);
	assert_int_equal(bnc_probe_order[15], BNC_R_ratelimited);
	assert_int_equal(bnc_probe_order[16], BNC_R_blocked);
	assert_int_equal(bnc_probe_order[20], BNC_R_policyviolation);
	assert_int_equal(bnc_pattern_order[1], BNC_R_spamdetected);
	assert_int_equal(bnc_pattern_order[13], BNC_R_expired);
	for (i = 0; i < bnc_probe_order_len; i++)
		for (j = 0; j < i; j++)
			assert_int_not_equal(bnc_probe_order[i], bnc_probe_order[j]);
	for (i = 0; i < bnc_pattern_order_len; i++) {
		for (j = 0; j < i; j++)
			assert_int_not_equal(bnc_pattern_order[i], bnc_pattern_order[j]);
	}
}

static struct bnc_probe_in probe_in(const char *status, const char *reply,
				    const char *diag, const char *command)
{
	struct bnc_probe_in in = { -1, status, reply, diag, "SMTP", command, "failed" };
	return in;
}

/* Probes that do not depend on the status table's contents beyond "" and a
 * few codes whose reason is not in doubt. */
static void test_probes(void **state)
{
	struct bnc_probe_in in;
	struct bnc_hit hit;

	(void)state;
	in = probe_in("", "", "", "");
	in.reason = BNC_R_blocked;
	assert_true(bnc_probe(BNC_R_blocked, &in, &hit));
	assert_null(hit.table);
	assert_false(bnc_probe(BNC_R_expired, &in, NULL));       /* no ProbesInto */
	assert_false(bnc_probe(BNC_R_spamdetected, &in, NULL));  /* empty status */

	in = probe_in("", "525", "", "RCPT");
	assert_true(bnc_probe(BNC_R_suspend, &in, &hit));
	assert_ptr_equal(hit.table, &bnc_probe_table);
	assert_string_equal(bnc_probe_table.entries[hit.index].code, "525");

	in = probe_in("", "0503", "", "");
	assert_true(bnc_probe(BNC_R_syntaxerror, &in, &hit));
	assert_string_equal(bnc_probe_table.entries[hit.index].code, "503");
	in = probe_in("", "508", "", "");
	assert_false(bnc_probe(BNC_R_syntaxerror, &in, NULL));
	in = probe_in("", "50x", "", "");
	assert_false(bnc_probe(BNC_R_syntaxerror, &in, NULL));

	in = probe_in("", "", "", "STARTTLS");
	assert_true(bnc_probe(BNC_R_failedstarttls, &in, NULL));

	/* notaccept: not before RCPT (Sisimai 5.8); 521 and 556 on their own */
	in = probe_in("", "550", "550 host does not accept mail", "MAIL");
	assert_false(bnc_probe(BNC_R_notaccept, &in, NULL));
	in.command = "RCPT";
	assert_true(bnc_probe(BNC_R_notaccept, &in, NULL));
	in = probe_in("", "556", "556 no", "MAIL");
	assert_true(bnc_probe(BNC_R_notaccept, &in, NULL));

	in = probe_in("", "550", "550 relay access denied", "EHLO");
	assert_false(bnc_probe(BNC_R_norelaying, &in, NULL));
	in.command = "RCPT";
	assert_true(bnc_probe(BNC_R_norelaying, &in, NULL));
	in.reason = BNC_R_systemerror;
	assert_false(bnc_probe(BNC_R_norelaying, &in, NULL));

	in = probe_in("", "550", "550 no such user here", "DATA");
	assert_false(bnc_probe(BNC_R_userunknown, &in, NULL));
	in.command = "RCPT";
	assert_true(bnc_probe(BNC_R_userunknown, &in, &hit));
	assert_ptr_equal(hit.table, &bnc_patterns_table);

	in = probe_in("5.1.1", "550", "550 5.1.1 mailbox full", "RCPT");
	assert_false(bnc_probe(BNC_R_userunknown, &in, NULL));  /* text says mailboxfull */
	in.diag = "550 5.1.1 <neko@example.jp>: recipient address rejected";
	assert_true(bnc_probe(BNC_R_userunknown, &in, NULL));   /* veto keeps rejected out */

	in = probe_in("", "550", "550 message filtered", "RCPT");
	assert_false(bnc_probe(BNC_R_filtered, &in, NULL));
	in.command = "DATA";
	assert_true(bnc_probe(BNC_R_filtered, &in, NULL));

	in = probe_in("5.7.1", "550", "550 5.7.1 message rejected as spam", "RCPT");
	assert_false(bnc_probe(BNC_R_virusdetected, &in, NULL));
	in.command = "DATA";
	in.diag = "550 virus detected";
	assert_true(bnc_probe(BNC_R_virusdetected, &in, NULL));

	in = probe_in("", "", "451 4.7.1 please try again slower", "");
	assert_true(bnc_probe(BNC_R_ratelimited, &in, NULL));
	in.diag = "421 too many connections";
	assert_true(bnc_probe(BNC_R_ratelimited, &in, NULL));

	in = probe_in("", "", "552 message too big", "");
	assert_true(bnc_probe(BNC_R_emailtoolarge, &in, NULL));
	in.status = "5.2.3";  /* mesgtoobig stands aside; exceedlimit's own patterns */
	if (bnc_status_name("5.2.3", NULL) != BNC_R_emailtoolarge)
		assert_false(bnc_probe(BNC_R_emailtoolarge, &in, NULL));
	in.diag = "552 message too large";
	assert_true(bnc_probe(BNC_R_emailtoolarge, &in, NULL));

	in = probe_in("", "", "550 requested action not taken: mailbox unavailable", "MAIL");
	assert_true(bnc_probe(BNC_R_rejected, &in, NULL) == 0);
	in.diag = "550 sender rejected";
	assert_true(bnc_probe(BNC_R_rejected, &in, NULL));

	in = probe_in("", "", "550 this message is not rfc 5322 compliant", "DATA");
	assert_true(bnc_probe(BNC_R_notcompliantrfc, &in, NULL));
	assert_false(bnc_probe(-1, &in, NULL));
	assert_false(bnc_probe(BNC_R_blocked, NULL, NULL));
}

/* The reply stage: each row of tables/reply.def names its reason, and the
 * pipeline reads it only when nothing before it decided. */
static void test_reply_table(void **state)
{
	static const struct { const char *code; int reason; } rows[] = {
		{ "451", BNC_R_systemerror },   { "452", BNC_R_systemfull },
		{ "551", BNC_R_hasmoved },      { "552", BNC_R_mailboxfull },
		{ "521", BNC_R_notaccept },     { "556", BNC_R_notaccept },
		{ "500", BNC_R_syntaxerror },   { "455", BNC_R_syntaxerror },
		{ "555", BNC_R_syntaxerror },   { "422", BNC_R_securityerror },
		{ "432", BNC_R_securityerror }, { "454", BNC_R_securityerror },
		{ "534", BNC_R_securityerror }, { "535", BNC_R_securityerror },
	};
	struct bnc_hit hit;
	size_t i;

	(void)state;
	assert_int_equal(bnc_reply_table.count, sizeof rows / sizeof rows[0]);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&hit, 0, sizeof hit);
		assert_int_equal(bnc_reply_reason(rows[i].code, &hit), rows[i].reason);
		assert_ptr_equal(hit.table, &bnc_reply_table);
		assert_string_equal(bnc_reply_table.entries[hit.index].code, rows[i].code);
		assert_int_equal(hit.length, 0);
	}
	/* codes that name nothing by themselves, or that a probe decides */
	assert_int_equal(bnc_reply_reason("550", NULL), -1);
	assert_int_equal(bnc_reply_reason("421", NULL), -1);
	assert_int_equal(bnc_reply_reason("523", NULL), -1);
	assert_int_equal(bnc_reply_reason("525", NULL), -1);
	assert_int_equal(bnc_reply_reason("4510", NULL), -1);
	assert_int_equal(bnc_reply_reason("", NULL), -1);
	assert_int_equal(bnc_reply_reason(NULL, NULL), -1);
}

/* The pipeline with a record of only a reply code and a text no pattern
 * knows: the reply stage decides, names its entry, and the verdict says so. */
static int classify_reply(const char *reply, const char *diag, const char *status,
                          const char **stage, const char **table, int *entry)
{
	struct classify_in in = { -1, status, reply, diag, "SMTP", "", "failed", "", "", "", NULL };
	struct bnc_verdict *v = bnc_verdict_new();
	int r = bnc_classify(&in, v);
	size_t n = bnc_verdict_nsteps(v);
	const bnc_step *last = bnc_verdict_step(v, n - 1);

	*stage = last->stage;
	*table = last->table;
	*entry = last->entry;
	bnc_verdict_free(v);
	return r;
}

static void test_reply_stage(void **state)
{
	static const struct { const char *code; int reason; } rows[] = {
		{ "451", BNC_R_systemerror },   { "452", BNC_R_systemfull },
		{ "551", BNC_R_hasmoved },      { "552", BNC_R_mailboxfull },
		{ "500", BNC_R_syntaxerror },   { "455", BNC_R_syntaxerror },
		{ "555", BNC_R_syntaxerror },   { "422", BNC_R_securityerror },
		{ "432", BNC_R_securityerror }, { "454", BNC_R_securityerror },
		{ "534", BNC_R_securityerror }, { "535", BNC_R_securityerror },
	};
	const char *stage, *table;
	char diag[64];
	int entry;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(diag, sizeof diag, "%s zq", rows[i].code);
		assert_int_equal(classify_reply(rows[i].code, diag, "", &stage, &table, &entry), rows[i].reason);
		assert_string_equal(stage, "reply");
		assert_string_equal(table, "reply");
		assert_true(entry >= 0);
		assert_string_equal(bnc_reply_table.entries[entry].code, rows[i].code);
	}
	/* 521 and 556 are decided earlier, by the notaccept probe */
	assert_int_equal(classify_reply("556", "556 zq", "", &stage, &table, &entry), BNC_R_notaccept);
	assert_string_equal(stage, "probes");
	/* a text pattern comes first: 552 with a size complaint is emailtoolarge */
	assert_int_equal(classify_reply("552", "552 message too big", "", &stage, &table, &entry),
	                 BNC_R_emailtoolarge);
	assert_string_not_equal(stage, "reply");
	/* and so does the status code: 5.7.0 stays securityerror */
	assert_int_equal(classify_reply("551", "551 zq", "5.7.0", &stage, &table, &entry),
	                 BNC_R_securityerror);
	assert_string_not_equal(stage, "reply");
	/* a code the table does not hold leaves the record on hold */
	assert_int_equal(classify_reply("550", "550 zq", "", &stage, &table, &entry), BNC_R_onhold);
	assert_string_equal(stage, "fallback");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_matches),
		cmocka_unit_test(test_samples_per_reason),
		cmocka_unit_test(test_wrong_order),
		cmocka_unit_test(test_hit_span),
		cmocka_unit_test(test_rejected_veto),
		cmocka_unit_test(test_names_and_aliases),
		cmocka_unit_test(test_table_invariants),
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_probes),
		cmocka_unit_test(test_reply_table),
		cmocka_unit_test(test_reply_stage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
