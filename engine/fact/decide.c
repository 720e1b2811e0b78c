/* decide.c - a verdict's decision finished: the reason (the pipeline of
 * engine/reason/), hard or soft, a status code when none was given, the
 * reply code kept only when of the status's class, the action tidied. */
#include <string.h>
#include "verdict.h"
#include "classify.h"
#include "smtpcode.h"
#include "fact.h"

int bnc_decide(struct bnc_verdict *v, const struct classify_in *ci, const bnc_options *opt)
{
	const char *status = ci->status, *diag = ci->diag;
	int reason = bnc_classify(ci, v);
	bnc_verdict_set(v, VF_reason, bnc_reason_name(reason), NULL);
	if (!opt->vacation && reason == BNC_R_vacation)
		return 0;

	/* hard or soft */
	if (reason == BNC_R_delivered || reason == BNC_R_feedback || reason == BNC_R_vacation) {
		if (reason != BNC_R_delivered)
			bnc_verdict_set(v, VF_replycode, "", NULL);
	} else {
		char *cv = g_strconcat(status, " ", diag, NULL);
		v->hardbounce = bnc_is_hard_bounce(reason, strlen(cv) < 4 ? "" : cv);
		g_free(cv);
	}
	bnc_verdict_set(v, VF_hardbounce, v->hardbounce ? "true" : "false", NULL);

	/* a status code when none was given */
	if (!*bnc_vf(v, VF_deliverystatus)) {
		char *ce = g_strconcat(bnc_vf(v, VF_replycode), " ", diag, NULL);
		const char *cep = strlen(ce) < 4 ? "" : ce;
		int perm = bnc_is_permanent(cep), temp = bnc_is_temporary(cep);
		char code[16];
		bnc_status_code(reason, (!perm && !temp) ? 0 : temp, code);
		bnc_verdict_set(v, VF_deliverystatus, code, "an internal code for the reason (no status was given)");
		g_free(ce);
	}

	/* the reply code must be of the status's class */
	const char *ds = bnc_vf(v, VF_deliverystatus);
	const char *rc = bnc_vf(v, VF_replycode);
	char c0[2] = {ds[0], 0}, c1[2] = {rc[0], 0};
	if (strcmp(c0, c1)) {
		char found[4] = "";
		bnc_reply_find(diag, c0, found);
		bnc_verdict_set(v, VF_replycode, (*c0 && bnc_has_prefix(found, c0)) ? found : "", NULL);
	}
	const char *act = bnc_vf(v, VF_action);
	static const char *const actions[] = {"failed", "delayed", "delivered", "relayed", "expanded"};
	int okact = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(actions); k++)
		okact |= !strcmp(act, actions[k]);
	if (!okact && *act) {
		char *low = bnc_ascii_lower(act);
		const char *fix = !strcmp(low, "deliverable") ? "delivered" : !strcmp(low, "expired") ? "delayed" :
		                  !strcmp(low, "failure") ? "failed" : "";
		bnc_verdict_set(v, VF_action, fix, NULL);
		g_free(low);
	}
	if (reason == BNC_R_delivered)
		bnc_verdict_set(v, VF_action, "delivered", NULL);
	if (reason == BNC_R_expired)
		bnc_verdict_set(v, VF_action, "delayed", NULL);
	if (!*bnc_vf(v, VF_action) && (c0[0] == '4' || c0[0] == '5'))
		bnc_verdict_set(v, VF_action, "failed", NULL);
	return 1;
}
