/*
 * main.c - the e2l command line: one subcommand per operation on
 * formulas, each also reading one formula per line from standard input.
 *
 * Exit status follows sysexits: 0 success, 1 "no" from a question
 * (equiv), 64 usage, 65 bad data (a malformed or invalid formula), 70
 * internal error, 74 I/O.  Every error is one line on stderr naming the
 * place; on a terminal it is followed by the line and a caret.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cmd.h"
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
		fprintf(stderr, "e2l: %s:%d:%d: %s\n", place,
			first_line + err->line - 1, err->col, err->msg);
	else if (first_line > 0)
		fprintf(stderr, "e2l: %s:%d: %s\n", place, first_line,
			err->msg);
	else if (err->line > 0)
		fprintf(stderr, "e2l: %s: %d:%d: %s\n", place, err->line,
			err->col, err->msg);
	else
		fprintf(stderr, "e2l: %s: %s\n", place, err->msg);
	if (src && err->line > 0 && isatty(STDERR_FILENO)) {
		e2l_error_caret(err, src, caret, sizeof caret);
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
	const char *names[256];
	int n = expr_vars(e, names, 256);
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
	if ((st = prog_compile(e, n, names, &p, err)) != E2L_OK)
		return st;
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
		n = getline(&line, &cap, stdin);
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
		e2l_status st = expr_parse(A, buf, &e, &err);
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

static int cmd_eval(int argc, char **argv)
{
	expr_arena *A;
	const expr *e;
	const char *names[256];
	double values[256];
	int n = 0, status = EX_OK;

	if (argc < 1) {
		fprintf(stderr, "e2l: usage: e2l eval FORMULA [NAME=VALUE]...\n");
		return EX_USAGE;
	}
	A = expr_arena_new();
	if (parse_one(A, argv[0], &e) != E2L_OK) {
		expr_arena_free(A);
		return EX_DATAERR;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *end;
		if (!eq || eq == argv[i] || n == 256) {
			fprintf(stderr, "e2l: eval: argument %d: expected "
				"NAME=VALUE, got '%s'\n", i + 1, argv[i]);
			expr_arena_free(A);
			return EX_USAGE;
		}
		*eq = '\0';
		errno = 0;
		values[n] = strtod(eq + 1, &end);
		if (end == eq + 1 || *end || errno == ERANGE) {
			fprintf(stderr, "e2l: eval: %s: '%s' is not a number\n",
				argv[i], eq + 1);
			expr_arena_free(A);
			return EX_USAGE;
		}
		names[n++] = argv[i];
	}
	const char *used[256];
	int m = expr_vars(e, used, 256);
	for (int i = 0; i < m; i++) {
		int found = 0;
		for (int k = 0; k < n; k++)
			found |= !strcmp(used[i], names[k]);
		if (!found) {
			fprintf(stderr, "e2l: eval: %s has no value "
				"(give it as %s=VALUE)\n", used[i], used[i]);
			status = EX_USAGE;
		}
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
	expr_arena_free(A);
	return status;
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
	if (r.exact)
		printf("%s (exact)\n", r.equivalent ? "equivalent" :
		       "not equivalent");
	else
		printf("%s (numerical check at %d points, not a proof)\n",
		       r.equivalent ? "equivalent" : "not equivalent",
		       r.points);
	status = r.equivalent ? EX_OK : EX_NO;
	expr_arena_free(A);
	return status;
}

static void usage(FILE *f)
{
	fputs(
"usage: e2l [COMMAND [ARGS]...]\n"
"\n"
"e2l discovers and tests synaptic plasticity rules.  Formulas use\n"
"numbers (2, 0.1, 1e-3), names (R, E, x_0, Rbar_plus), + - * /, ^ or **\n"
"for powers, parentheses and exp log sqrt abs min max.\n"
"\n"
"commands:\n"
"  (none)                      a short demonstration of the rule language\n"
"  simplify FORMULA...         the shortest exact form\n"
"  expand FORMULA...           numerator and denominator multiplied out\n"
"  factor FORMULA...           as a product of irreducible factors\n"
"  latex FORMULA...            the simplified form in LaTeX\n"
"  c FORMULA...                the simplified form as a C expression\n"
"  python FORMULA...           the simplified form for Python/SymPy\n"
"  eval FORMULA NAME=VALUE...  the value at a point\n"
"  equiv A B                   exit 0 when A and B are the same function, else 1\n"
"  explain FORMULA...          the compiled program that evaluates FORMULA\n"
"  tasks [show TASK]           the task families, or one's parameters\n"
"  run TASK RULE [OPTIONS]     a rule's fitness on a task (run --help)\n"
"  validate TASK RULE --vs BASELINE\n"
"                              both on fresh experiments, with Welch's t-test\n"
"  evolve TASK [OPTIONS]       evolve rules (evolve --help); --resume DIR\n"
"  runs show|best DIR          a run's champion and Pareto front; as a rule\n"
"\n"
"Without FORMULA arguments, the formula commands read one formula per line\n"
"from standard input ('#' starts a comment; an unfinished formula continues\n"
"on the next line).\n"
"\n"
"options:\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"exit status: 0 success, 1 not equivalent, 64 usage, 65 bad formula, 74 I/O\n",
	      f);
}

static int demo(void)
{
	static const char *show[][2] = {
		{ "(R - 1)*E", "the reward rule of Urbanczik & Senn (2009), "
		  "LR0 of the paper" },
		{ "x_1*(x_0 - 1)/x_0^2*x_0^2", "an evolved form that is "
		  "the same rule" },
		{ "x_2*(x_0 - x_1)*(2*x_1 - 1)/x_0", "an evolved "
		  "error-driven rule (paper Eq. 10)" },
		{ "(v - u)*s + (v - u)*s", "twice the error rule (v - u)s" },
		{ "0.1*E + E/10 - 0.2*E", "decimals are exact: this is 0" },
	};
	puts("e2l " PACKAGE_VERSION " - the rule language.  Each formula is "
	     "parsed, simplified exactly,\nprinted for LaTeX and compiled "
	     "for evaluation over blocks of synapses.\n");
	for (size_t i = 0; i < sizeof show / sizeof *show; i++) {
		expr_arena *A = expr_arena_new();
		const expr *e, *s;
		e2l_error err;
		if (expr_parse(A, show[i][0], &e, &err) == E2L_OK &&
		    alg_simplify(A, e, ALG_SIMPLIFY, &s, &err) == E2L_OK) {
			char *t = expr_print(s, EXPR_INFIX);
			char *l = expr_print(s, EXPR_LATEX);
			printf("  %s\n    %s\n    simplified: %s\n    LaTeX:      "
			       "%s\n\n", show[i][1], show[i][0], t, l);
			free(t);
			free(l);
		}
		expr_arena_free(A);
	}
	puts("Try:  e2l simplify '(R - 1)*E + E'     e2l equiv "
	     "'x_1*x_0 - x_1' 'x_1*(x_0 - 1)'\n      e2l explain "
	     "'(v - u)*s'           e2l --help");
	return EX_OK;
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
	int status = run(argc, argv);
	alg_release_caches();
	return status;
}

static int run(int argc, char **argv)
{
	static form_arg forms[] = {
		{ ALG_SIMPLIFY, EXPR_INFIX }, { ALG_EXPAND, EXPR_INFIX },
		{ ALG_FACTOR, EXPR_INFIX }, { ALG_SIMPLIFY, EXPR_LATEX },
		{ ALG_SIMPLIFY, EXPR_C }, { ALG_SIMPLIFY, EXPR_PYTHON },
	};
	static const char *form_names[] = {
		"simplify", "expand", "factor", "latex", "c", "python",
	};
	const char *cmd;

	if (argc < 2)
		return demo();
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return EX_OK;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		puts("e2l " PACKAGE_VERSION);
		return EX_OK;
	}
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
		if (!strcmp(cmd, form_names[i]))
			return each_formula(argc - 2, argv + 2, op_form,
					    &forms[i]);
	if (!strcmp(cmd, "explain"))
		return each_formula(argc - 2, argv + 2, op_explain, NULL);
	if (!strcmp(cmd, "eval"))
		return cmd_eval(argc - 2, argv + 2);
	if (!strcmp(cmd, "equiv"))
		return cmd_equiv(argc - 2, argv + 2);
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "validate"))
		return cmd_validate(argc - 1, argv + 1);
	if (!strcmp(cmd, "tasks"))
		return cmd_tasks(argc - 1, argv + 1);
	if (!strcmp(cmd, "evolve"))
		return cmd_evolve(argc - 1, argv + 1);
	if (!strcmp(cmd, "runs"))
		return cmd_runs(argc - 1, argv + 1);
	fprintf(stderr, "e2l: unknown command '%s' (try 'e2l --help')\n", cmd);
	return EX_USAGE;
}
