/* view_help.c - the keys, generated from the binding table, and the limit
 * language's fields. */
#include "ui.h"
#include "config.h"

struct help_state {
	struct pager *pager;
	int built_for_cols;
};

static void build(struct ui *ui, struct help_state *st)
{
	struct pager *p = st->pager;
	int w = COLS > 20 ? COLS - 1 : 20;
	pager_clear(p);
	st->built_for_cols = COLS;
	pager_add(p, "Views", C_TITLE, 0, 0, w);
	for (unsigned i = 0; i < VI__COUNT; i++)
		pager_addf(p, -1, w, "  %-10s %s", view_bit_name(i), view_bit_help(i));
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Keys (and the views they work in, when not all)", C_TITLE, 0, 0, w);
	for (int a = DO_NONE + 1; a < DO__COUNT; a++) {
		char keys[96];
		keys_describe((enum action)a, keys, sizeof keys);
		unsigned views = keys_action_views((enum action)a);
		GString *where = g_string_new(NULL);
		for (unsigned i = 0; i < VI__COUNT && views != VW_ALL; i++)
			if (views & (1u << i))
				g_string_append_printf(where, "%s%s", where->len ? ", " : " (", view_bit_name(i));
		if (where->len)
			g_string_append_c(where, ')');
		pager_addf(p, -1, w, "  %-22s %-13s %s%s", *keys ? keys : "(unbound)", keys_action_name((enum action)a),
		           keys_action_help((enum action)a), where->str);
		g_string_free(where, TRUE);
	}
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Limit patterns (l)", C_TITLE, 0, 0, w);
	pager_add(p, "  FIELD:VALUE terms, combined with and, or, not and parentheses; adjacent terms are and-ed;"
	             " * and ? are wildcards; a bare word searches recipient, rhost, reason, decoder and text.",
	          -1, 0, 0, w);
	for (size_t i = 0; i < limit_field_count(); i++) {
		const char *name;
		const char *help = limit_field_help(i, &name);
		if (help)
			pager_addf(p, -1, w, "  %-10s %s", name, help);
	}
	pager_add(p, "  example: reason:userunknown rhost:google code:550 status:5.7.* hard:yes decoder:postfix text:\"quota\"",
	          -1, 0, 0, w);
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Colours: red hard bounce, yellow soft, green delivered/vacation/feedback, magenta undecodable.", -1,
	          0, 0, w);
	pager_add(p, "", -1, 0, 0, w);
	pager_add(p, "Config: $XDG_CONFIG_HOME/bouncelens/config", C_TITLE, 0, 0, w);
	pager_add(p, "  bind KEY ACTION, unbind KEY, color ELEMENT FG [BG], set NAME = VALUE; # comments. Settings:",
	          -1, 0, 0, w);
	const char *help;
	for (size_t i = 0; config_setting(i, &help); i++)
		pager_addf(p, -1, w, "  %-12s %s", config_setting(i, &help), help);
	if (ui->config_errors) {
		pager_add(p, "", -1, 0, 0, w);
		pager_add(p, "Lines of the config that could not be read", C_BAD, 0, 0, w);
		pager_add(p, ui->config_errors, -1, 0, 0, w);
	}
}

static void draw(struct ui *ui, struct view *v)
{
	struct help_state *st = v->state;
	if (st->built_for_cols != COLS)
		build(ui, st);
	pager_draw(ui, st->pager);
}

static int act(struct ui *ui, struct view *v, enum action a, int key)
{
	struct help_state *st = v->state;
	(void)key;
	if (a == DO_HELP) {
		ui_pop(ui);
		return 1;
	}
	return pager_act(ui, st->pager, a, key);
}

static void help_free(struct view *v)
{
	struct help_state *st = v->state;
	pager_free(st->pager);
	g_free(st);
}

static const struct view_ops help_ops = {"help", VW_HELP, draw, act, help_free, NULL};

struct view *view_help_new(struct ui *ui)
{
	(void)ui;
	struct help_state *st = g_new0(struct help_state, 1);
	st->pager = pager_new("Help - q to go back");
	struct view *v = g_new0(struct view, 1);
	v->ops = &help_ops;
	v->state = st;
	return v;
}
