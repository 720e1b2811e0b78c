/* test_paths.c - where exports go: typed paths made absolute ("~", relative
 * paths), symbolic links followed to the file they name, and the queue
 * recognised under any of its names, folder or file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "paths.h"

static char *dir;

static char *at(const char *rel)
{
	return g_build_filename(dir, rel, NULL);
}

static int setup(void **state)
{
	(void)state;
	dir = g_dir_make_tmp("bnc-paths-XXXXXX", NULL);
	char *real = realpath(dir, NULL);   /* /tmp may itself be a link */
	g_free(dir);
	dir = g_strdup(real);
	free(real);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	g_free(dir);
	return 0;
}

static void expand(void **state)
{
	(void)state;
	char *old_home = g_strdup(g_getenv("HOME"));
	g_setenv("HOME", dir, TRUE);
	char *p = path_expand("~/out.csv"), *want = at("out.csv");
	assert_string_equal(p, want);
	g_free(p);
	g_free(want);
	p = path_expand("~");
	assert_string_equal(p, dir);
	g_free(p);
	char *cwd = g_get_current_dir();
	assert_int_equal(chdir(dir), 0);
	p = path_expand("sub/../x.jsonl");
	want = at("x.jsonl");
	assert_string_equal(p, want);   /* absolute, tidied */
	g_free(p);
	g_free(want);
	assert_int_equal(chdir(cwd), 0);
	g_free(cwd);
	assert_null(path_expand(""));
	assert_null(path_expand("~no-such-user-here/x"));
	if (old_home)
		g_setenv("HOME", old_home, TRUE);
	g_free(old_home);
}

static void links_followed(void **state)
{
	(void)state;
	char *target = at("real.csv"), *link = at("link.csv"), *link2 = at("link2.csv");
	assert_int_equal(symlink("real.csv", link), 0);    /* relative to its folder */
	assert_int_equal(symlink(link, link2), 0);         /* a link to a link */
	char *err = NULL, *p = path_follow_links(link2, &err);
	assert_string_equal(p, target);    /* the file named, even before it exists */
	g_free(p);
	p = path_follow_links(target, &err);
	assert_string_equal(p, target);
	g_free(p);
	char *loop = at("loop");
	assert_int_equal(symlink("loop", loop), 0);
	assert_null(path_follow_links(loop, &err));
	assert_non_null(strstr(err, "loop"));
	g_free(err);
	g_free(loop);
	g_free(target);
	g_free(link);
	g_free(link2);
}

static void never_into_the_queue(void **state)
{
	(void)state;
	char *md = at("Maildir"), *cur = at("Maildir/cur"), *mbox = at("box.mbox"), *alias = at("alias");
	g_mkdir_with_parents(cur, 0700);
	g_file_set_contents(mbox, "From x\n", -1, NULL);
	assert_int_equal(symlink(md, alias), 0);
	char *queue[] = {md, mbox};
	char *p = at("Maildir/x.csv");
	assert_true(path_in_queue(p, queue, 2));            /* its top folder */
	g_free(p);
	p = at("Maildir/cur/x.csv");
	assert_true(path_in_queue(p, queue, 2));            /* a folder inside */
	g_free(p);
	p = at("Maildir/new/sub/x.csv");
	assert_true(path_in_queue(p, queue, 2));            /* folders not made yet */
	g_free(p);
	p = at("alias/cur/x.csv");
	assert_true(path_in_queue(p, queue, 2));            /* another name for it */
	g_free(p);
	assert_true(path_in_queue(mbox, queue, 2));         /* onto an mbox read */
	p = at("beside.csv");
	assert_false(path_in_queue(p, queue, 2));           /* beside the mbox: fine */
	g_free(p);
	p = at("Maildir2/x.csv");
	char *md2 = at("Maildir2");
	g_mkdir(md2, 0700);
	g_free(md2);
	assert_false(path_in_queue(p, queue, 2));           /* a prefix is not a folder */
	g_free(p);
	char *stdin_only[] = {"-"};
	p = at("x.csv");
	assert_false(path_in_queue(p, stdin_only, 1));
	g_free(p);
	g_free(md);
	g_free(cur);
	g_free(mbox);
	g_free(alias);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expand),
		cmocka_unit_test(links_followed),
		cmocka_unit_test(never_into_the_queue),
	};
	return cmocka_run_group_tests_name("paths", tests, setup, teardown);
}
