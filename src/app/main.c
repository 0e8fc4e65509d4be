/*
 * main.c - the e2l program: `e2l NAME ...` runs a command of the table
 * (commands.c, through cmd_shell); anything else opens the workbench, on
 * the screen or in batch mode (-c, a script, standard input).
 *
 * Exit status follows sysexits: 0 success, 1 "no" from a question
 * (equiv), 2 "not proven" (equiv: equal at every point sampled), 64
 * usage, 65 bad data (a malformed or invalid formula, a variable without
 * a value), 70 internal error, 74 I/O.  Every error is one line on stderr
 * naming the place.
 */
#include <errno.h>
#include <signal.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cmd.h"
#include "tui.h"
#include "wb.h"
#include "e2l/algebra.h"
#include "e2l/expr.h"

static int run(int argc, char **argv);

static int is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}


static void on_signal(int sig)
{
	(void)sig;
	wb_interrupted = 1;
}

/*
 * The workbench: full screen when standard input and output are a
 * terminal (and TERM is not dumb), else the same commands in batch mode
 * from -c, a script or standard input.  Returns an exit code, or
 * WANTS_HELP / WANTS_VERSION for those options.
 */
enum { WANTS_HELP = -1, WANTS_VERSION = -2 };

static int workbench(int argc, char **argv)
{
	tui_options o = { 0 };
	int no_tui = 0, bail = 0, nc = 0, status = WB_OK;
	const char **cmds = xcalloc((size_t)argc, sizeof *cmds);
	const char *script = NULL, *watch = NULL, *lesson = NULL;

	int options = 1;         /* until "--": then the script's name */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options || a[0] != '-' || !a[1]) {
			if (script || watch) {
				free(cmds);
				cmd_error("one script at a time ('%s')", a);
				return EX_USAGE;
			}
			if (options && !strcmp(a, "watch") && i + 1 < argc) {
				watch = argv[++i];
				continue;
			}
			script = a;
			if (options && access(a, R_OK) != 0 &&
			    !strchr(a, '/') && !strchr(a, '.')) {
				free(cmds);
				cmd_error("unknown command '%s' (try 'e2l "
					  "--help')", a);
				return EX_USAGE;
			}
		} else if (!strcmp(a, "--")) {
			options = 0;
		} else if (!strcmp(a, "-c") && i + 1 < argc) {
			cmds[nc++] = argv[++i];
		} else if (!strcmp(a, "--lesson") && i + 1 < argc) {
			lesson = argv[++i];
		} else if (!strcmp(a, "--no-tui")) {
			no_tui = 1;
		} else if (!strcmp(a, "--ascii")) {
			o.ascii = 1;
		} else if (!strcmp(a, "--no-color")) {
			o.no_color = 1;
		} else if (!strcmp(a, "--bail")) {
			bail = 1;
		} else {
			free(cmds);
			if (!strcmp(a, "-h") || !strcmp(a, "--help"))
				return WANTS_HELP;
			if (!strcmp(a, "-V") || !strcmp(a, "--version"))
				return WANTS_VERSION;
			if (!strcmp(a, "-c"))
				cmd_error("option -c needs a value: -c "
					  "COMMANDS");
			else if (!strcmp(a, "--lesson"))
				cmd_error("option --lesson needs a value: "
					  "--lesson FILE|NAME");
			else
				cmd_error("unknown option '%s' (try 'e2l "
					  "--help')", a);
			return EX_USAGE;
		}
	}
	/* Ctrl-C, a closed terminal or a kill: finish cleanly, evolutions
	 * checkpointed, nothing left running. */
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	wb W;
	wb_init(&W, stdout, stderr);
	const char *nocolor = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	int utf8 = !o.ascii && is_utf8();
	W.glyphs = utf8 ? GLYPHS_BRAILLE : GLYPHS_ASCII;
	const char *columns = getenv("COLUMNS");
	if (columns && atoi(columns) >= 40 && atoi(columns) <= 500)
		W.cols = atoi(columns);
	W.color = !o.no_color && !(nocolor && *nocolor);
	if (!nc && !script && !no_tui && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"))) {
		char watchcmd[4200];
		if (watch) {
			snprintf(watchcmd, sizeof watchcmd, "watch %s", watch);
			o.watch = watchcmd;
		}
		/* --lesson: the workbench opens playing it. */
		if (lesson) {
			snprintf(watchcmd, sizeof watchcmd, "demo '%s'", lesson);
			o.watch = watchcmd;
		}
		status = tui_run(&W, &o);
	} else if (!nc && !script && !watch && !lesson &&
		   isatty(STDIN_FILENO) &&
		   isatty(STDOUT_FILENO)) {
		/* --no-tui or TERM=dumb on a terminal: a line-mode REPL. */
		status = tui_lines(&W);
	} else if (nc) {
		int lines = 0;
		for (int i = 0; i < nc && !W.quit; i++) {
			FILE *f = fmemopen((void *)cmds[i], strlen(cmds[i]),
					   "r");
			/* The second -c's first line is -c:2. */
			W.line_base = lines;
			for (const char *p = cmds[i]; *p; p++)
				lines += *p == '\n' && p[1];
			lines++;
			int st = f ? wb_batch(&W, f, "-c", bail) : WB_IOERR;
			if (f)
				fclose(f);
			if (st != WB_OK && status == WB_OK)
				status = st;
			if (st != WB_OK && bail)
				break;
		}
	} else if (lesson) {
		char line[4200];
		snprintf(line, sizeof line, "demo '%s'", lesson);
		W.where = "--lesson";
		status = wb_exec(&W, line);
	} else if (watch) {
		char line[4200];
		snprintf(line, sizeof line, "watch %s", watch);
		W.where = "watch";
		status = wb_exec(&W, line);
	} else if (script) {
		/* A regular file only: a FIFO or /dev/zero would hang or
		 * grow without end, a directory read as an empty script. */
		e2l_error err;
		FILE *f = e2l_fopen_read(script, &err);
		if (!f) {
			cmd_error("%s", err.msg);
			status = EX_IOERR;
		} else {
			status = wb_batch(&W, f, script, bail);
			fclose(f);
		}
	} else if (!cmd_stdin_readable()) {
		status = EX_IOERR;
	} else {
		status = wb_batch(&W, stdin, "<stdin>", bail);
	}
	/* A script's evolutions are its work: wait for them. */
	if (!W.interactive && jobs_running(&W.jobs)) {
		while (jobs_running(&W.jobs) && !wb_interrupted) {
			wb_tick(&W);
			wb_nap(100);
		}
		wb_tick(&W);
	}
	if (status == WB_OK && W.failed_jobs && !W.interactive)
		status = WB_DATAERR;     /* a script's evolution failed */
	if (wb_interrupted) {
		int n = jobs_running(&W.jobs);
		cmd_error("interrupted%s", n ? "; the evolutions "
			"stop after their generation in flight (resume with "
			"evolve --resume DIR)" : "");
		status = 128 + SIGINT;
	}
	wb_free(&W);
	free(cmds);
	return status;
}

int main(int argc, char **argv)
{
	/* Characters only: numbers print and parse the same everywhere. */
	setlocale(LC_CTYPE, "");
	int status = run(argc, argv);
	alg_release_caches();
	return status;
}

static int run(int argc, char **argv)
{
	const cmd_entry *c = argc >= 2 ? cmd_find(argv[1], CMD_SHELL) : NULL;

	if (!c) {
		int st = workbench(argc, argv);
		if (st == WANTS_HELP) {
			cmd_usage(stdout);
			return EX_OK;
		}
		if (st == WANTS_VERSION) {
			puts("e2l " PACKAGE_VERSION);
			return EX_OK;
		}
		return st;
	}
	return cmd_shell(c, argc - 1, argv + 1);
}
