/* test_lda_rhost.c - the local delivery agent table and the provider tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "private.h"
#include "lda.h"
#include "rhost.h"

/* ---- LDA ------------------------------------------------------------------ */

static void test_lda_hits(void **state)
{
	(void)state;
	struct bnc_hit hit = {0};
	const char *d = "procmail: quota exceeded while writing \"/var/mail/alice\"";
	assert_int_equal(bnc_lda_find(d, "", "X-UNIX", &hit), BNC_R_mailboxfull);
	assert_ptr_equal(hit.table, &bnc_lda_table);
	assert_string_equal(bnc_lda_agent(hit.index), "procmail");
	assert_int_equal(hit.offset, strlen("procmail: "));
	assert_int_equal(hit.length, strlen("quota exceeded while writing"));

	d = "your message to <bob@example.com> was automatically rejected: mailbox doesn't exist: bob";
	assert_int_equal(bnc_lda_find(d, "DATA", NULL, &hit), BNC_R_userunknown);
	assert_string_equal(bnc_lda_agent(hit.index), "dovecot");

	d = "mail.local: unknown user: carol";
	assert_int_equal(bnc_lda_find(d, NULL, "", &hit), BNC_R_userunknown);
	d = "vdelivermail: user is over quota";
	assert_int_equal(bnc_lda_find(d, "", "", &hit), BNC_R_mailboxfull);
	d = "vdeliver: invalid or unknown virtual user dave";
	assert_int_equal(bnc_lda_find(d, "", "", &hit), BNC_R_userunknown);
	assert_string_equal(bnc_lda_agent(hit.index), "vmailmgr");
	d = "maildrop: maildir over quota.";
	assert_int_equal(bnc_lda_find(d, "", "", &hit), BNC_R_mailboxfull);
	d = "vdelivermail: account is locked email bounced";
	assert_int_equal(bnc_lda_find(d, "", "", &hit), BNC_R_suspend);
}

static void test_lda_fallback_and_preconditions(void **state)
{
	(void)state;
	struct bnc_hit hit = {0};
	/* an agent named, nothing of it matched: mailererror, no span */
	assert_int_equal(bnc_lda_find("procmail: couldn't create \"/var/mail/tmp.x\"", "", "", &hit), BNC_R_mailererror);
	assert_int_equal(hit.length, 0);
	assert_null(bnc_lda_table.entries[hit.index].frag[0]);
	/* no agent named */
	assert_int_equal(bnc_lda_find("quota exceeded", "", "", &hit), -1);
	/* empty text */
	assert_int_equal(bnc_lda_find("", "", "", &hit), -1);
	assert_int_equal(bnc_lda_find(NULL, "", "", &hit), -1);
	/* command other than DATA */
	assert_int_equal(bnc_lda_find("procmail: user over quota", "RCPT", "", &hit), -1);
	assert_int_equal(bnc_lda_find("procmail: user over quota", "DATA", "", &hit), BNC_R_mailboxfull);
}

static void test_lda_invariants(void **state)
{
	(void)state;
	const struct bnc_table *t = &bnc_lda_table;
	assert_string_equal(t->name, "lda");
	assert_string_equal(t->title, "Local delivery agent messages");
	assert_true(t->count > 0);
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		assert_true(e->reason >= 0 && e->reason < BNC_R__COUNT);
		assert_null(e->code);
		assert_null(e->status);
		assert_non_null(bnc_lda_agent(i));
		assert_non_null(e->file);
		assert_true(e->line > 0);
		if (!e->frag[0]) {
			/* the fallback is the agent's last entry */
			assert_int_equal(e->reason, BNC_R_mailererror);
			assert_true(i + 1 == t->count || strcmp(bnc_lda_agent(i + 1), bnc_lda_agent(i)));
			continue;
		}
		assert_true(*e->frag[0]);
		for (const char *p = e->frag[0]; *p; p++)
			assert_false(*p >= 'A' && *p <= 'Z');
		for (size_t j = 0; j < i; j++) {
			const struct bnc_entry *f = &t->entries[j];
			if (strcmp(bnc_lda_agent(i), bnc_lda_agent(j)))
				continue;
			assert_non_null(f->frag[0]);
			assert_string_not_equal(f->frag[0], e->frag[0]);
			/* an earlier fragment inside a later one: only with the same reason */
			if (strstr(e->frag[0], f->frag[0]))
				assert_int_equal(e->reason, f->reason);
		}
	}
}

/* ---- rhost ------------------------------------------------------------------ */

static void test_rhost_provider_choice(void **state)
{
	(void)state;
	assert_string_equal(bnc_rhost_name("us-smtp-inbound-1.mimecast.com", "", "example.com"), "mimecast");
	assert_string_equal(bnc_rhost_name("EU-SMTP-1.MIMECAST.COM", NULL, "example.org"), "mimecast");
	assert_string_equal(bnc_rhost_name("", "", "mimecast.com"), "mimecast");
	assert_string_equal(bnc_rhost_name("", "", "outlook.com"), "microsoft");
	assert_string_equal(bnc_rhost_name("", "", "cox.net"), "cox");
	assert_string_equal(bnc_rhost_name("", "", "aol.com"), "aol");
	assert_string_equal(bnc_rhost_name("mx1.hotmail.com", "", "example.com"), "outlook");
	assert_string_equal(bnc_rhost_name("", "relay.mimecast.com", "example.com"), "mimecast");
	/* the domain pass comes first */
	assert_string_equal(bnc_rhost_name("x.mimecast.com", "", "cox.net"), "cox");
	assert_null(bnc_rhost_name("mx.example.com", "mx.example.org", "example.com"));
	assert_null(bnc_rhost_name(NULL, NULL, NULL));
	/* suffixes of the registry are whole strings: no label split */
	assert_null(bnc_rhost_name("mimecast.com", "", "example.net"));
	assert_string_equal(bnc_rhost_title("mimecast"), "Mimecast");
	assert_ptr_equal(bnc_rhost_table("mimecast"), bnc_rhost_table("mimecast"));
	assert_null(bnc_rhost_table("nonesuch"));

	struct bnc_hit hit = {0};
	const char *prov = "unset";
	assert_int_equal(bnc_rhost_find("mx.example.com", "example.com", "550", "", "invalid recipient", &hit, &prov), -1);
	assert_null(prov);
	/* provider without a table: chosen, no entry */
	assert_int_equal(bnc_rhost_find("mta1.yahoodns.net", "example.com", "550", "", "invalid recipient", &hit, &prov),
	                 -1);
	assert_string_equal(prov, "yahooinc");
	/* Mimecast chosen, nothing matched: provider still set */
	assert_int_equal(bnc_rhost_find("a.mimecast.com", "example.com", "550", "5.0.0", "something else", &hit, &prov),
	                 -1);
	assert_string_equal(prov, "mimecast");
}

static void test_rhost_mimecast_hits(void **state)
{
	(void)state;
	struct bnc_hit hit = {0};
	const char *prov = NULL;
	const char *d = "550 invalid recipient <alice@example.com>";
	assert_int_equal(bnc_rhost_find("us-smtp-1.mimecast.com", "example.com", "550", "5.1.1", d, &hit, &prov),
	                 BNC_R_userunknown);
	assert_string_equal(prov, "mimecast");
	assert_ptr_equal(hit.table, bnc_rhost_table("mimecast"));
	assert_int_equal(hit.offset, 4);
	assert_int_equal(hit.length, strlen("invalid recipient"));
	/* the code must be the entry's */
	assert_int_equal(bnc_rhost_find("us-smtp-1.mimecast.com", "example.com", "554", "", d, &hit, &prov), -1);
	/* preconditions: text, valid reply code */
	assert_int_equal(bnc_rhost_find("us-smtp-1.mimecast.com", "example.com", "550", "", "", &hit, &prov), -1);
	assert_int_equal(bnc_rhost_find("us-smtp-1.mimecast.com", "example.com", "", "", d, &hit, &prov), -1);
	assert_int_equal(bnc_rhost_find("us-smtp-1.mimecast.com", "example.com", "599", "", d, &hit, &prov), -1);
	/* "550Z" is never a record's code, and not a valid one */
	d = "message bounced due to content examination policy";
	assert_int_equal(bnc_rhost_find("x.mimecast.com", "example.com", "550", "", d, &hit, &prov), -1);
	assert_int_equal(bnc_rhost_find("x.mimecast.com", "example.com", "550Z", "", d, &hit, &prov), -1);
	/* the upper-case fragment never matches the lower-cased text */
	d = "journal messages past the expiration";
	assert_int_equal(bnc_rhost_find("x.mimecast.com", "example.com", "550", "", d, &hit, &prov), -1);
	/* legacy names */
	d = "554 maximum email size exceeded";
	assert_int_equal(bnc_rhost_find("x.mimecast.com", "example.com", "554", "", d, &hit, &prov), BNC_R_emailtoolarge);
	d = "452 too many recipients";
	assert_int_equal(bnc_rhost_find("x.mimecast.com", "example.com", "452", "", d, &hit, &prov), BNC_R_ratelimited);
}

static int is_dead(const struct bnc_entry *e)
{
	if (e->code && !strcmp(e->code, "550Z"))
		return 1;
	for (const char *p = e->frag[0]; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			return 1;
	return 0;
}

/* the first live entry of every reason group is reached by its own text */
static void test_rhost_mimecast_every_group(void **state)
{
	(void)state;
	const struct bnc_table *t = bnc_rhost_table("mimecast");
	int seen[BNC_R__COUNT] = {0};
	int groups = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		if (seen[e->reason] || is_dead(e))
			continue;
		seen[e->reason] = 1;
		groups++;
		char *d = g_strdup_printf("%s %s (192.0.2.25)", e->code, e->frag[0]);
		struct bnc_hit hit = {0};
		const char *prov = NULL;
		assert_int_equal(bnc_rhost_find("eu-smtp-inbound-2.mimecast.com", "example.com", e->code, "", d, &hit, &prov),
		                 e->reason);
		assert_int_equal(hit.index, i);
		assert_int_equal(hit.offset, strlen(e->code) + 1);
		assert_int_equal(hit.length, strlen(e->frag[0]));
		g_free(d);
	}
	/* authfailure .. virusdetected minus expired (dead only) */
	assert_int_equal(groups, 16);
}

static void test_rhost_mimecast_invariants(void **state)
{
	(void)state;
	const struct bnc_table *t = bnc_rhost_table("mimecast");
	assert_string_equal(t->name, "mimecast");
	assert_string_equal(t->title, "Mimecast");
	assert_int_equal(t->count, 48);
	int dead = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct bnc_entry *e = &t->entries[i];
		assert_true(e->reason >= 0 && e->reason < BNC_R__COUNT);
		assert_non_null(e->code);
		assert_null(e->status);
		assert_non_null(e->frag[0]);
		assert_true(*e->frag[0]);
		assert_null(e->frag[1]);
		if (is_dead(e)) {
			dead++;
		} else {
			for (const char *p = e->frag[0]; *p; p++)
				assert_false(*p >= 'A' && *p <= 'Z');
		}
		for (size_t j = 0; j < i; j++) {
			const struct bnc_entry *f = &t->entries[j];
			assert_false(!strcmp(e->code, f->code) && !strcmp(e->frag[0], f->frag[0]));
			/* an earlier entry with the same code and a fragment inside this one would shadow it */
			assert_false(!strcmp(e->code, f->code) && strstr(e->frag[0], f->frag[0]));
		}
	}
	/* exactly the two entries Sisimai itself can never match */
	assert_int_equal(dead, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lda_hits),
		cmocka_unit_test(test_lda_fallback_and_preconditions),
		cmocka_unit_test(test_lda_invariants),
		cmocka_unit_test(test_rhost_provider_choice),
		cmocka_unit_test(test_rhost_mimecast_hits),
		cmocka_unit_test(test_rhost_mimecast_every_group),
		cmocka_unit_test(test_rhost_mimecast_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
