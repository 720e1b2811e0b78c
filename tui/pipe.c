/* pipe.c - the browser's `|` and `P`: a message or a verdict given to a
 * shell command (its output captured, so that it too reaches the screen
 * sanitised), or the message given to $PAGER with the screen handed over.
 * Nothing here writes to the mail: the command gets a copy on a pipe. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include "ui.h"
#include "pipe.h"

#define PIPE_MAX_OUTPUT (16u << 20)

char *pipe_through(const char *cmd, const char *data, size_t len, int *status, char **err)
{
	*status = -1;
	GError *e = NULL;
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	GSubprocess *p = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	                                   G_SUBPROCESS_FLAGS_STDERR_MERGE, &e);
	if (!p) {
		*err = g_strdup(e->message);
		g_error_free(e);
		return NULL;
	}
	GBytes *in = g_bytes_new_static(data, len), *out = NULL;
	/* a command that stops reading early must not end us */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	gboolean ok = g_subprocess_communicate(p, in, NULL, &out, NULL, &e);
	signal(SIGPIPE, old);
	g_bytes_unref(in);
	char *text = NULL;
	if (!ok && !g_error_matches(e, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)) {
		*err = g_strdup(e->message);
	} else {
		gsize n = 0;
		const char *b = out ? g_bytes_get_data(out, &n) : "";
		if (n > PIPE_MAX_OUTPUT)
			n = PIPE_MAX_OUTPUT;
		text = g_strndup(b ? b : "", n);
		if (!ok)   /* the command stopped reading: wait for its end */
			g_subprocess_wait(p, NULL, NULL);
		*status = g_subprocess_get_if_exited(p) ? g_subprocess_get_exit_status(p) : 128 + g_subprocess_get_term_sig(p);
	}
	if (e)
		g_error_free(e);
	if (out)
		g_bytes_unref(out);
	g_object_unref(p);
	return text;
}

char *pipe_safe_text(const char *data, size_t len)
{
	GString *o = g_string_sized_new(len + 64);
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		char *line = g_strndup(p, (size_t)(stop - p));
		for (char *t = line; *t; t++)
			if (*t == '\t' || *t == '\r')
				*t = *t == '\t' ? ' ' : '\0';
		char *safe = bnc_sanitize(line, strlen(line)), *shown = screen_display(safe);
		g_string_append(o, shown);
		g_string_append_c(o, '\n');
		g_free(shown);
		bnc_free(safe);
		g_free(line);
		p = nl ? nl + 1 : end;
	}
	return g_string_free(o, FALSE);
}

/* The screen handed to $PAGER for the message, then taken back. */
static void run_pager(struct ui *ui, const char *text)
{
	const char *pager = g_getenv("PAGER");
	if (!pager || !*pager)
		pager = "less";
	def_prog_mode();
	endwin();
	int fds[2];
	if (pipe(fds) < 0) {
		reset_prog_mode();
		ui_message(ui, "pager: %s", g_strerror(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	void (*oldint)(int) = signal(SIGINT, SIG_IGN);   /* C-c is the pager's now */
	size_t left = strlen(text);
	const char *p = text;
	while (pid > 0 && left) {
		ssize_t k = write(fds[1], p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;   /* the pager quit before the end */
		p += k;
		left -= (size_t)k;
	}
	close(fds[1]);
	int status = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	signal(SIGPIPE, old);
	signal(SIGINT, oldint);
	reset_prog_mode();
	clearok(stdscr, TRUE);
	refresh();
	if (pid < 0)
		ui_message(ui, "pager: %s", g_strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ui_message(ui, "pager: cannot run '%s'", pager);
}

void ui_pager_row(struct ui *ui, const struct row *r)
{
	g_mutex_lock(&ui->store->mu);
	struct msg m = g_array_index(ui->store->msgs, struct msg, r->msg);
	g_mutex_unlock(&ui->store->mu);
	size_t len = 0;
	char *err = NULL, *data = store_read_message(ui->store, &m, &len, &err);
	if (!data) {
		ui_message(ui, "cannot read the message again: %s", err);
		g_free(err);
		return;
	}
	char *text = pipe_safe_text(data, len);
	g_free(data);
	run_pager(ui, text);
	g_free(text);
}

void ui_pipe_row(struct ui *ui, const struct row *r)
{
	int what = screen_choice(ui, "pipe: m the message, v the verdict as JSON (Esc: no)", "mv");
	if (what < 0)
		return;
	char *cmd = screen_prompt_history(ui, "pipe to command: ", NULL, HISTORY_PIPE);
	if (!cmd || !*cmd) {
		g_free(cmd);
		return;
	}
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (what == 0) {
		g_mutex_lock(&ui->store->mu);
		struct msg m = g_array_index(ui->store->msgs, struct msg, r->msg);
		g_mutex_unlock(&ui->store->mu);
		data = store_read_message(ui->store, &m, &len, &err);
	} else if (r->kind >= ROW_UNDECODABLE) {
		err = g_strdup("this message gave no verdict");
	} else {
		data = store_verdict_json(ui->store, r, &err);
		len = data ? strlen(data) : 0;
	}
	if (!data) {
		ui_message(ui, "pipe: %s", err);
		g_free(err);
		g_free(cmd);
		return;
	}
	int status;
	char *out = pipe_through(cmd, data, len, &status, &err);
	g_free(data);
	if (!out) {
		ui_message(ui, "pipe: %s", err);
		g_free(err);
	} else {
		char *title = g_strdup_printf("Output of '%s' (exit %d) - q to go back", cmd, status);
		size_t n = strlen(out);
		ui_push(ui, view_text_new(ui, title, *out ? out : "(no output)", *out ? n : 11));
		g_free(title);
		g_free(out);
	}
	g_free(cmd);
}
