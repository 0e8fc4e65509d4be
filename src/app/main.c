/*
 * main.c - the e2l command line: one subcommand per operation on
 * formulas, each also reading one formula per line from standard input.
 *
 * Exit status follows sysexits: 0 success, 1 "no" from a question
 * (equiv), 2 "not proven" (equiv: equal at every point sampled), 64
 * usage, 65 bad data (a malformed or invalid formula, a variable without
 * a value), 70 internal error, 74 I/O.  Every error is one line on stderr
 * naming the place; on a terminal it is followed by the line and a caret.
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

static int exit_code(e2l_status st)
{
	switch (st) {
	case E2L_OK: return EX_OK;
	case E2L_EIO: return EX_IOERR;
	default: return EX_DATAERR;
	}
}

/*
 * One line on stderr naming the place, then the caret picture on a
 * terminal.  In a file (first_line > 0): "e2l: <stdin>:6:9: message", the
 * line counted from where the formula starts; for an argument, its text:
 * "e2l: '(u - v': 1:7: message".
 */
static void report(const char *place, int first_line, const char *src,
		   const e2l_error *err)
{
	char caret[512];

	if (first_line > 0 && err->line > 0)
		cmd_error("%s:%d:%d: %s", place,
			first_line + err->line - 1, err->col, err->msg);
	else if (first_line > 0)
		cmd_error("%s:%d: %s", place, first_line,
			err->msg);
	else if (err->line > 0)
		cmd_error("%s: %d:%d: %s", place, err->line,
			err->col, err->msg);
	else
		cmd_error("%s: %s", place, err->msg);
	if (src && err->line > 0 && isatty(STDERR_FILENO)) {
		e2l_error_caret(err, src, caret, sizeof caret);
		/* A control byte shows as '?': one column, as typed. */
		for (char *c = caret; *c; c++)
			if ((unsigned char)*c < 0x20 && *c != '\n')
				*c = '?';
		fprintf(stderr, "%s\n", caret);
	}
}

typedef int (*formula_fn)(expr_arena *A, const expr *e, void *arg,
			  e2l_error *err);

static int do_print_form(expr_arena *A, const expr *e, alg_form form,
			 expr_syntax syn, e2l_error *err)
{
	const expr *s;
	e2l_status st = alg_simplify(A, e, form, &s, err);
	if (st != E2L_OK)
		return st;
	char *text = expr_print(s, syn);
	puts(text);
	free(text);
	return E2L_OK;
}

typedef struct {
	alg_form form;
	expr_syntax syntax;
} form_arg;

static int op_form(expr_arena *A, const expr *e, void *arg, e2l_error *err)
{
	const form_arg *f = arg;
	return do_print_form(A, e, f->form, f->syntax, err);
}

static int op_explain(expr_arena *A, const expr *e, void *arg,
		      e2l_error *err)
{
	const char **names;
	int n = expr_vars(e, &names);
	const expr *s;
	prog *p;
	e2l_status st;
	char *raw = expr_print(e, EXPR_INFIX), *text;

	(void)arg;
	printf("formula     %s   (%d operations)\n", raw, expr_complexity(e));
	free(raw);
	if (alg_simplify(A, e, ALG_SIMPLIFY, &s, err) == E2L_OK) {
		text = expr_print(s, EXPR_INFIX);
		printf("simplified  %s   (%d operations)\n", text,
		       expr_complexity(s));
		free(text);
	} else {
		printf("simplified  (not simplified: %s)\n", err->msg);
	}
	st = prog_compile(e, n, names, &p, err);
	free(names);
	if (st != E2L_OK)
		return st;
	/* No task here, so real; a task's `semantics = nest` runs the same
	 * program (the workbench's explain says so). */
	printf("semantics   real: %s\n", expr_semantics_summary(EXPR_REAL));
	text = prog_explain(p);
	printf("program     %d instructions, each over a block of up to %d "
	       "values\n%s", prog_ninstr(p), PROG_BLOCK, text);
	free(text);
	prog_free(p);
	return E2L_OK;
}

/* Runs fn on each formula argument, or on each formula of stdin (a
 * formula left incomplete continues on the next line; blank lines and
 * '#' comments are skipped).  Returns the exit status. */
static int each_formula(int argc, char **argv, formula_fn fn, void *arg)
{
	int status = EX_OK;
	e2l_error err;

	if (argc > 0) {
		for (int i = 0; i < argc; i++) {
			expr_arena *A = expr_arena_new();
			const expr *e;
			e2l_status st = expr_parse(A, argv[i], &e, &err);
			if (st == E2L_OK)
				st = fn(A, e, arg, &err);
			if (st != E2L_OK) {
				char place[64];
				snprintf(place, sizeof place, "'%.40s%s'",
					 argv[i], strlen(argv[i]) > 40 ? "..." : "");
				report(place, 0, argv[i], &err);
				status = exit_code(st);
			}
			fflush(stdout);
			expr_arena_free(A);
		}
		return status;
	}

	char *line = NULL, *buf = NULL;
	size_t cap = 0, len = 0;
	ssize_t n;
	int lineno = 0, first = 0;
	for (;;) {
		/* Bounded: no formula is longer, and /dev/zero has no end. */
		n = e2l_getline(&line, &cap, stdin, (size_t)EXPR_MAX_LEN);
		if (n == -2) {
			fprintf(stderr, "e2l: <stdin>:%d: a line longer than %d "
				"bytes, the longest formula; stopped there\n",
				lineno + 1, EXPR_MAX_LEN);
			status = EX_DATAERR;
			break;
		}
		if (n < 0 && len == 0)
			break;
		if (n >= 0) {
			lineno++;
			if (len == 0) {
				const char *p = line + strspn(line, " \t");
				if (*p == '\n' || *p == '#' || *p == '\0')
					continue;
				first = lineno;
			}
			buf = xrealloc(buf, len + (size_t)n + 1);
			memcpy(buf + len, line, (size_t)n + 1);
			len += (size_t)n;
		}
		expr_arena *A = expr_arena_new();
		const expr *e;
		/* With its length: a NUL byte read is an error, not an end. */
		e2l_status st = expr_parse_len(A, buf, len, &e, &err);
		if (st == E2L_INCOMPLETE && n >= 0) {
			expr_arena_free(A);
			continue;
		}
		if (st == E2L_OK)
			st = fn(A, e, arg, &err);
		if (st != E2L_OK) {
			report("<stdin>", first, buf, &err);
			status = exit_code(st);
		}
		fflush(stdout);
		expr_arena_free(A);
		len = 0;
		if (n < 0)
			break;
	}
	free(line);
	free(buf);
	if (ferror(stdin)) {
		fprintf(stderr, "e2l: <stdin>: %s\n", strerror(errno));
		return EX_IOERR;
	}
	return status;
}

static int parse_one(expr_arena *A, const char *src, const expr **e)
{
	e2l_error err;
	e2l_status st = expr_parse(A, src, e, &err);
	if (st != E2L_OK) {
		char place[64];
		snprintf(place, sizeof place, "'%.40s%s'", src,
			 strlen(src) > 40 ? "..." : "");
		report(place, 0, src, &err);
	}
	return st;
}

/* "x, y and 3 more": the first few of n names, for one line. */
static void name_list(FILE *f, const char *const *names, int n)
{
	enum { SHOWN = 5 };
	for (int i = 0; i < n && i < SHOWN; i++)
		fprintf(f, "%s%s", i == 0 ? "" : i == n - 1 ? " and " : ", ",
			names[i]);
	if (n > SHOWN)
		fprintf(f, " and %d more", n - SHOWN);
}

static int cmd_eval(int argc, char **argv)
{
	expr_arena *A;
	const expr *e;
	const char **names, **texts, **used = NULL, **missing;
	double *values;
	int n = 0, m, nmissing = 0, status = EX_OK;

	if (argc < 1) {
		fprintf(stderr, "e2l: usage: e2l eval FORMULA [NAME=VALUE]...\n");
		return EX_USAGE;
	}
	A = expr_arena_new();
	if (parse_one(A, argv[0], &e) != E2L_OK) {
		expr_arena_free(A);
		return EX_DATAERR;
	}
	/* As many bindings as arguments: nothing here has a fixed size. */
	names = xmalloc((size_t)argc * sizeof *names);
	texts = xmalloc((size_t)argc * sizeof *texts);
	values = xmalloc((size_t)argc * sizeof *values);
	for (int i = 1; i < argc && status == EX_OK; i++) {
		char *eq = strchr(argv[i], '=');
		e2l_error err;
		if (!eq || eq == argv[i]) {
			fprintf(stderr, "e2l: eval: argument %d: expected "
				"NAME=VALUE, got '%s'\n", i + 1, argv[i]);
			status = EX_USAGE;
			break;
		}
		*eq = '\0';
		for (int k = 0; k < n; k++)
			if (!strcmp(names[k], argv[i])) {
				fprintf(stderr, "e2l: eval: %s is given twice "
					"(%s=%s, then %s=%s)\n", argv[i],
					argv[i], texts[k], argv[i], eq + 1);
				status = EX_USAGE;
			}
		/* The formula's own number reader: what a formula accepts
		 * as a number, a value accepts too, and nothing else. */
		if (status == EX_OK &&
		    expr_parse_number(eq + 1, &values[n], &err) != E2L_OK) {
			fprintf(stderr, "e2l: eval: %s: %s\n", argv[i],
				err.msg);
			status = EX_USAGE;
		}
		texts[n] = eq + 1;
		names[n++] = argv[i];
	}
	m = status == EX_OK ? expr_vars(e, &used) : 0;
	missing = xmalloc((size_t)(m > 0 ? m : 1) * sizeof *missing);
	for (int i = 0; i < m; i++) {
		int found = 0;
		for (int k = 0; k < n && !found; k++)
			found = !strcmp(used[i], names[k]);
		if (!found)
			missing[nmissing++] = used[i];
	}
	if (nmissing) {
		/* A formula's variable without a value is bad data, as a
		 * formula that does not parse is. */
		fputs("e2l: eval: ", stderr);
		name_list(stderr, missing, nmissing);
		if (nmissing == 1)
			fprintf(stderr, " has no value (give it as %s=VALUE)\n",
				missing[0]);
		else
			fprintf(stderr, " have no value (give each as "
				"NAME=VALUE)\n");
		status = EX_DATAERR;
	}
	if (status == EX_OK) {
		prog *p;
		e2l_error err;
		if (prog_compile(e, n, names, &p, &err) != E2L_OK) {
			report("eval", 0, NULL, &err);
			status = EX_SOFTWARE;
		} else {
			printf("%.17g\n", prog_eval(p, values));
			prog_free(p);
		}
	}
	free(used);
	free(missing);
	free(names);
	free(texts);
	free(values);
	expr_arena_free(A);
	return status;
}

/* The exit status of an equiv verdict. */
static int equiv_status(alg_verdict v)
{
	switch (v) {
	case ALG_SAME: return EX_OK;
	case ALG_DIFFERENT: return EX_NO;
	default: return EX_UNPROVEN;
	}
}

static int cmd_equiv(int argc, char **argv)
{
	expr_arena *A;
	const expr *a, *b;
	alg_equiv_result r;
	e2l_error err;
	int status;

	if (argc != 2) {
		fprintf(stderr, "e2l: usage: e2l equiv FORMULA FORMULA\n");
		return EX_USAGE;
	}
	A = expr_arena_new();
	if (parse_one(A, argv[0], &a) != E2L_OK ||
	    parse_one(A, argv[1], &b) != E2L_OK) {
		expr_arena_free(A);
		return EX_DATAERR;
	}
	if (alg_equiv(a, b, &r, &err) != E2L_OK) {
		report("equiv", 0, NULL, &err);
		expr_arena_free(A);
		return exit_code(err.status);
	}
	char *text = alg_equiv_text(&r);
	puts(text);
	free(text);
	printf("semantics real: %s\n", expr_semantics_summary(EXPR_REAL));
	status = equiv_status(r.verdict);
	alg_equiv_result_free(&r);
	expr_arena_free(A);
	return status;
}

static void usage(FILE *f)
{
	fputs(
"usage: e2l [--no-tui] [--ascii] [--no-color] [--bail] [-c COMMANDS]... [SCRIPT]\n"
"       e2l COMMAND [ARGS]...\n"
"\n"
"e2l discovers and tests synaptic plasticity rules.  Formulas use\n"
"numbers (2, 0.1, 1e-3), names (R, E, x_0, Rbar_plus), + - * /, ^ or **\n"
"for powers, parentheses and exp log sqrt abs min max.\n"
"\n"
"commands:\n"
"  (none)                      the workbench: full screen on a terminal; else\n"
"                              workbench commands from standard input\n"
"  -c COMMANDS                 run workbench commands (one per line), no screen\n"
"  SCRIPT                      run the workbench commands of a file\n"
"  watch DIR                   follow an evolution's run directory\n"
"  simplify FORMULA...         the shortest exact form\n"
"  expand FORMULA...           numerator and denominator multiplied out\n"
"  factor FORMULA...           as a product of irreducible factors\n"
"  latex FORMULA...            the simplified form in LaTeX\n"
"  c FORMULA...                the simplified form as a C expression\n"
"  python FORMULA...           the simplified form for Python/SymPy\n"
"  eval FORMULA NAME=VALUE...  the value at a point\n"
"  equiv A B                   exit 0 when A and B are the same function, 1 when\n"
"                              not, 2 when they agree at sampled points (no proof)\n"
"  explain FORMULA...          the compiled program that evaluates FORMULA\n"
"  tasks [show TASK]           the task families, or one's parameters\n"
"  run TASK RULE [OPTIONS]     a rule's fitness on a task (run --help)\n"
"  validate TASK RULE --vs BASELINE\n"
"                              both on the same fresh experiments, paired\n"
"  evolve TASK [OPTIONS]       evolve rules (evolve --help); --resume DIR\n"
"  runs show|best DIR          a run's champion and Pareto front; as a rule\n"
"\n"
"Without FORMULA arguments, the formula commands read one formula per line\n"
"from standard input ('#' starts a comment; an unfinished formula continues\n"
"on the next line).  A formula that starts with '-' goes after '--', which\n"
"ends the options: e2l run error-quick -- '-u*s'.\n"
"\n"
"options:\n"
"  --no-tui       the workbench without the screen, even on a terminal\n"
"  --ascii        no Unicode glyphs in plots\n"
"  --no-color     monochrome (also NO_COLOR=1)\n"
"  --bail         stop a script at its first error\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"exit status: 0 success, 1 not equivalent, 2 not proven, 64 usage, 65 bad\n"
"formula or value missing, 74 I/O\n",
	      f);
}

/*
 * The subcommands: one table for dispatch and for telling a subcommand
 * from a workbench script.  Handlers get argv from the subcommand's name
 * on; the formula printers share one, with their form and syntax.
 */
typedef struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	form_arg form;           /* used when fn is NULL */
	int formulas;            /* takes formulas and no options: a first
				  * "--" (the end of options) is skipped;
				  * 2: reads them from stdin when none */
} subcommand;

static int sc_explain(int argc, char **argv)
{
	return each_formula(argc - 1, argv + 1, op_explain, NULL);
}

static int sc_eval(int argc, char **argv)
{
	return cmd_eval(argc - 1, argv + 1);
}

static int sc_equiv(int argc, char **argv)
{
	return cmd_equiv(argc - 1, argv + 1);
}

static int sc_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EX_OK;
}

static const subcommand subcommands[] = {
	{ "simplify", NULL, { ALG_SIMPLIFY, EXPR_INFIX }, 2 },
	{ "expand", NULL, { ALG_EXPAND, EXPR_INFIX }, 2 },
	{ "factor", NULL, { ALG_FACTOR, EXPR_INFIX }, 2 },
	{ "latex", NULL, { ALG_SIMPLIFY, EXPR_LATEX }, 2 },
	{ "c", NULL, { ALG_SIMPLIFY, EXPR_C }, 2 },
	{ "python", NULL, { ALG_SIMPLIFY, EXPR_PYTHON }, 2 },
	{ "explain", sc_explain, { 0, 0 }, 2 },
	{ "eval", sc_eval, { 0, 0 }, 1 },
	{ "equiv", sc_equiv, { 0, 0 }, 1 },
	{ "run", cmd_run, { 0, 0 }, 0 },
	{ "validate", cmd_validate, { 0, 0 }, 0 },
	{ "tasks", cmd_tasks, { 0, 0 }, 0 },
	{ "evolve", cmd_evolve, { 0, 0 }, 0 },
	{ "runs", cmd_runs, { 0, 0 }, 0 },
	{ "help", sc_help, { 0, 0 }, 0 },
};

static const subcommand *subcommand_find(const char *name)
{
	for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
		if (!strcmp(subcommands[i].name, name))
			return &subcommands[i];
	return NULL;
}

static int run(int argc, char **argv);

/*
 * Standard input as a stream of commands or formulas: a file, a pipe, a
 * socket, a terminal or /dev/null.  Another device (/dev/zero, a disk)
 * would feed e2l without end, and no signal interrupts a read that never
 * waits: refused, in one line.  Returns 1 when stdin may be read.
 */
static int stdin_readable(void)
{
	struct stat st, null;

	if (fstat(STDIN_FILENO, &st) != 0 || isatty(STDIN_FILENO) ||
	    !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
		return 1;
	if (stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	    null.st_rdev == st.st_rdev)
		return 1;
	cmd_error("<stdin>: a device, not a stream of commands or formulas "
		  "(give them in a file, a pipe or -c)");
	return 0;
}

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
	const char *script = NULL, *watch = NULL;

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
		status = tui_run(&W, &o);
	} else if (!nc && !script && !watch && isatty(STDIN_FILENO) &&
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
	} else if (!stdin_readable()) {
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
	const subcommand *sc = argc >= 2 ? subcommand_find(argv[1]) : NULL;

	if (!sc) {
		int st = workbench(argc, argv);
		if (st == WANTS_HELP) {
			usage(stdout);
			return EX_OK;
		}
		if (st == WANTS_VERSION) {
			puts("e2l " PACKAGE_VERSION);
			return EX_OK;
		}
		return st;
	}
	if (sc->formulas && argc >= 3 && !strcmp(argv[2], "--")) {
		/* e2l simplify -- -x: the subcommand's name stays first. */
		argv[2] = argv[1];
		argv++;
		argc--;
	}
	if (sc->formulas == 2 && argc == 2 && !stdin_readable())
		return EX_IOERR;
	if (sc->fn)
		return sc->fn(argc - 1, argv + 1);
	return each_formula(argc - 2, argv + 2, op_form, (void *)&sc->form);
}
