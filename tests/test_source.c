/* test_source.c - maildirs, folders, mboxes, files: order and refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>
#include "bouncelens.h"

static char *tmp;

static void put(const char *rel, const char *text)
{
	char *p = g_build_filename(tmp, rel, NULL);
	char *dir = g_path_get_dirname(p);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(p, text, -1, NULL));
	g_free(dir);
	g_free(p);
}

static GPtrArray *names_of(const char *rel, int *errors)
{
	char *path = g_build_filename(tmp, rel, NULL);
	bnc_source *s;
	char *err = NULL;
	assert_int_equal(bnc_source_open(path, &s, &err), BNC_OK);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	char *data, *name;
	size_t len;
	int got;
	*errors = 0;
	while ((got = bnc_source_next(s, &data, &len, &name, &err)) != 0) {
		if (got < 0)
			(*errors)++;
		else
			g_ptr_array_add(out, g_path_get_basename(name));
		g_free(data);
		g_free(name);
		g_free(err);
	}
	bnc_source_close(s);
	g_free(path);
	return out;
}

static void test_maildir_order(void **st)
{
	(void)st;
	put("md/cur/b", "Subject: b\n\nb\n");
	put("md/cur/a", "Subject: a\n\na\n");
	put("md/new/c", "Subject: c\n\nc\n");
	put("md/tmp/z", "Subject: z\n\nz\n");
	put("md/cur/.hidden", "Subject: h\n\nh\n");
	int e;
	GPtrArray *n = names_of("md", &e);
	assert_int_equal(e, 0);
	assert_int_equal(n->len, 3);
	assert_string_equal(g_ptr_array_index(n, 0), "a");
	assert_string_equal(g_ptr_array_index(n, 1), "b");
	assert_string_equal(g_ptr_array_index(n, 2), "c");
	g_ptr_array_free(n, TRUE);
}

static void test_mbox_split(void **st)
{
	(void)st;
	put("box", "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n"
	           "From b@example.org Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody\n");
	int e;
	GPtrArray *n = names_of("box", &e);
	assert_int_equal(n->len, 2);
	assert_string_equal(g_ptr_array_index(n, 0), "box#1");
	assert_string_equal(g_ptr_array_index(n, 1), "box#2");
	g_ptr_array_free(n, TRUE);
}

/* A separator line right after a message, with no blank line before it,
 * still starts a message; a body line that merely begins with "From " (not
 * followed by a sender and a date) does not. */
static void test_mbox_split_without_blank(void **st)
{
	(void)st;
	put("box2", "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n--b--\n"
	            "From b@example.org  Thu Jul  2 12:05:05 2020\nSubject: two\n\nbody\n"
	            "From here on, a line of text\nFrom me Tomorrow\n");
	int e;
	GPtrArray *n = names_of("box2", &e);
	assert_int_equal(n->len, 2);
	g_ptr_array_free(n, TRUE);
}

/* An mbox bigger than the reader's window, with a message larger than the
 * window and boundaries at every distance from a window's edge: every
 * message comes out whole, at the offset it has in the file. */
static void test_mbox_streamed(void **st)
{
	(void)st;
	GString *box = g_string_new(NULL);
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(gsize));
	GPtrArray *bodies = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < 600; i++) {
		gsize at = box->len;
		g_array_append_val(starts, at);
		GString *m = g_string_new(NULL);
		g_string_append_printf(m, "From x@example.org Mon Jan  1 00:00:00 2024\nSubject: %d\n\n", i);
		/* message 300 is larger than the 256 KB window */
		int lines = i == 300 ? 12000 : 1 + i % 37;
		for (int k = 0; k < lines; k++)
			g_string_append_printf(m, "line %d of message %d, and some words to fill it\n", k, i);
		g_string_append_c(m, '\n');
		g_string_append(box, m->str);
		g_ptr_array_add(bodies, g_string_free(m, FALSE));
	}
	put("big.mbox", box->str);
	char *path = g_build_filename(tmp, "big.mbox", NULL);
	bnc_source *s;
	char *err = NULL, *data, *name;
	size_t len;
	assert_int_equal(bnc_source_open(path, &s, &err), BNC_OK);
	int i = 0;
	while (bnc_source_next(s, &data, &len, &name, &err) > 0) {
		assert_true(i < 600);
		assert_int_equal(len, strlen(g_ptr_array_index(bodies, i)));
		assert_memory_equal(data, g_ptr_array_index(bodies, i), len);
		assert_int_equal(bnc_source_offset(s), (int64_t)g_array_index(starts, gsize, i));
		assert_string_equal(bnc_source_file(s), path);
		assert_null(err);
		g_free(data);
		g_free(name);
		i++;
	}
	assert_int_equal(i, 600);
	bnc_source_close(s);
	g_free(path);
	g_string_free(box, TRUE);
	g_array_free(starts, TRUE);
	g_ptr_array_free(bodies, TRUE);
}

static void test_fifo_refused(void **st)
{
	(void)st;
	char *dir = g_build_filename(tmp, "ff", NULL);
	g_mkdir_with_parents(dir, 0755);
	g_free(dir);
	char *p = g_build_filename(tmp, "ff", "pipe", NULL);
	assert_int_equal(mkfifo(p, 0600), 0);
	put("ff/msg", "Subject: x\n\nx\n");
	int e;
	GPtrArray *n = names_of("ff", &e);
	assert_int_equal(e, 1);           /* the FIFO: an error, not a hang */
	assert_int_equal(n->len, 1);      /* and the next message is read */
	g_ptr_array_free(n, TRUE);
	g_free(p);
}

static void test_missing_path(void **st)
{
	(void)st;
	bnc_source *s;
	char *err = NULL;
	assert_int_not_equal(bnc_source_open("/nonexistent/bouncelens", &s, &err), BNC_OK);
	assert_non_null(err);
	g_free(err);
}

static int setup(void **st)
{
	(void)st;
	tmp = g_dir_make_tmp("bnc-src-XXXXXX", NULL);
	return tmp ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
	int rc = system(cmd);
	g_free(cmd);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maildir_order), cmocka_unit_test(test_mbox_split),
		cmocka_unit_test(test_mbox_split_without_blank),
		cmocka_unit_test(test_mbox_streamed), cmocka_unit_test(test_fifo_refused),  cmocka_unit_test(test_missing_path),
	};
	return cmocka_run_group_tests_name("source", tests, setup, teardown);
}
