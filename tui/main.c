/* main.c - the bouncelens program: a table of commands. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "cli.h"

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{"browse", cmd_browse, "browse verdicts in a terminal (the default on a terminal)",
	 "bouncelens browse [-l PATTERN] [-j N] PATH..."},
	{"dump", cmd_dump, "print verdicts as JSON Lines (Sisimai's fields)",
	 "bouncelens dump [--delivered] [--vacation] [--sisimai] [--explain] [--array] [--format F] [--no-cache] PATH..."},
	{"explain", cmd_explain, "tell, per recipient, how each reason was decided",
	 "bouncelens explain [--delivered] [--vacation] [--sisimai] PATH..."},
	{"match", cmd_match, "the reason for a bare SMTP error line",
	 "bouncelens match [--json] 'TEXT'"},
	{"reasons", cmd_reasons, "list the reasons and what each means", "bouncelens reasons [--advice]"},
	{"decoders", cmd_decoders, "list the decoders in the order they are tried", "bouncelens decoders"},
	{"help", cmd_help, "this help", "bouncelens help [COMMAND]"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: bouncelens COMMAND [OPTION]... [PATH]...\n"
	           "       bouncelens PATH           (no command: browse on a terminal, else dump)\n\n"
	           "Decode bounced mail and explain every verdict.\n"
	           "PATH is a maildir, a folder of messages, an mbox, one message file, or - for standard input.\n\n"
	           "commands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'bouncelens COMMAND --help' for a command's options; 'man bouncelens' for the rest.\n"
	           "Exit status: 0 all went well, 1 some input could not be read or decoded, 2 bad usage.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1)
		for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
			if (!strcmp(argv[1], commands[i].name)) {
				char *args[] = {argv[1], "--help", NULL};
				return commands[i].run(2, args);
			}
	usage(stdout);
	return EXIT_ALLGOOD;
}

int main(int argc, char **argv)
{
	/* GLib 2.74's slice allocator keeps per-thread magazines whose blocks
	 * bounce between the decoding threads; plain malloc (tcmalloc here) is
	 * faster.  GLib reads G_SLICE in its library constructor, before main,
	 * so the choice takes a re-exec; if that fails we simply go on. */
	if (!getenv("G_SLICE") && setenv("G_SLICE", "always-malloc", 1) == 0) {
		/* by its real path, so the process keeps its name (not "exe") */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n > 0) {
			self[n] = 0;
			execv(self, argv);
		}
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_ALLGOOD;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bouncelens %s (decides as Sisimai %s)\n", bnc_version(), bnc_sisimai_version());
		return EXIT_ALLGOOD;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-' && argv[1][1]) {
		bad_arg("bouncelens", "unknown option", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	/* a path with no command: the browser on a terminal, else its verdicts;
	 * with the queue on standard input, keys come from /dev/tty */
	int has_stdin = 0;
	for (int i = 1; i < argc; i++)
		has_stdin |= !strcmp(argv[i], "-");
	int keyboard = has_stdin ? access("/dev/tty", R_OK) == 0 && !isatty(STDIN_FILENO) : isatty(STDIN_FILENO);
	if (keyboard && isatty(STDOUT_FILENO)) {
		argv[0] = "browse";
		return cmd_browse(argc, argv);
	}
	argv[0] = "dump";
	return cmd_dump(argc, argv);
}
