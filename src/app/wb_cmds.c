/*
 * wb_cmds.c - the commands' handlers, one per command of the table in
 * commands.c, for the workbench and `e2l NAME ...` alike.
 *
 * Handlers receive the words of the line (argv[0] is the command) and the
 * raw text after the command's name, for commands that take a formula.
 * They write results to W->out and errors through wb_error(), and return
 * an exit code.  They never touch the terminal: `edit` and the lessons
 * (caption, step, pause) go through the front end's hooks.
 */
#define _DEFAULT_SOURCE          /* mkstemps */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "compare.h"
#include "figure.h"
#include "wb.h"
#include "e2l/algebra.h"
#include "e2l/evolve.h"

/* ---- Rules and formulas ------------------------------------------- */

/*
 * What a word names: a session rule, a rule file (for the current task's
 * family, "lr0" finds rules/reward-lr0.rule), or else a formula typed in
 * place (formula_ok).  Fills texts (the caller frees them), the family
 * and a display name.
 */
typedef struct {
	char *text[TASK_MAX_FORMULAS];
	int n;
	const task_family *family;
	char name[128];          /* the word, or the formula */
	char label[128];         /* a rule file's own name ("Eq. 7") */
	int typed;               /* a formula typed in place */
} resolved;

static void resolved_free(resolved *r)
{
	for (int k = 0; k < TASK_MAX_FORMULAS; k++)
		free(r->text[k]);
	*r = (resolved){ 0 };
}

static int resolve(wb *W, const char *word, int formula_ok, resolved *r)
{
	*r = (resolved){ 0 };
	wb_rule *rule = wb_rule_find(W, word);
	if (rule) {
		r->family = rule->family;
		r->n = rule->family->nformulas;
		for (int k = 0; k < r->n; k++)
			r->text[k] = xstrdup(rule->text[k]);
		snprintf(r->name, sizeof r->name, "%s", rule->name);
		snprintf(r->label, sizeof r->label, "%s", rule->name);
		return WB_OK;
	}
	char *path = cmd_rule_path(W->task.family, word);
	if (path) {
		task_rule tr;
		e2l_error err;
		e2l_status st = task_rule_load(path, &tr, &err);
		free(path);
		if (st != E2L_OK)
			return wb_error(W, cmd_exit_code(st), "%s", err.msg);
		r->family = tr.family;
		r->n = tr.family->nformulas;
		for (int k = 0; k < r->n; k++)
			r->text[k] = expr_print(tr.formula[k], EXPR_INFIX);
		snprintf(r->name, sizeof r->name, "%s", word);
		snprintf(r->label, sizeof r->label, "%s", tr.name);
		task_rule_free(&tr);
		return WB_OK;
	}
	if (!formula_ok)
		return wb_error(W, WB_DATAERR, "no rule named '%s' (see "
				"`rules`)", word);
	/* A formula typed in place; "f ; d" is a pair. */
	char *copy = xstrdup(word), *parts[TASK_MAX_FORMULAS];
	r->n = task_rule_text_split(copy, parts, TASK_MAX_FORMULAS);
	for (int k = 0; k < r->n; k++)
		r->text[k] = xstrdup(parts[k]);
	free(copy);
	if (r->n < 0)
		return wb_error(W, WB_DATAERR, "more than %d formulas in "
				"'%.60s' (a pair is 'F ; D')",
				TASK_MAX_FORMULAS, word);
	/* The current task's family; for more formulas than it takes, the
	 * first family that takes as many (a pair: correlation). */
	r->family = W->task.family;
	for (int i = 0; task_families[i] && r->family->nformulas < r->n; i++)
		if (task_families[i]->nformulas == r->n)
			r->family = task_families[i];
	r->typed = 1;
	snprintf(r->name, sizeof r->name, "%.120s", word);
	snprintf(r->label, sizeof r->label, "%.120s", word);
	return WB_OK;
}

/* A formula's error; in the shell, named by the formula's text as
 * "'(u - v': 1:7: message", as the formula commands name theirs. */
static int formula_error_in(wb *W, const char *text, const e2l_error *err)
{
	const char *where = W->where;
	char place[64];
	if (W->shell && W->line == 0) {
		cmd_quoted(place, sizeof place, text);
		W->where = place;
	}
	int st = wb_formula_error(W, err, NULL);
	W->where = where;
	return st;
}

/* The semantics a rule of family f runs under here: the current task's
 * when it is of that family, else the family's default. */
static expr_semantics semantics_for(const wb *W, const task_family *f)
{
	return f == W->task.family ? task_semantics(&W->task) :
		task_family_semantics(f);
}

/* "semantics nest (task correlation): as in the paper's NEST, ..." */
static void print_semantics(wb *W, const task_family *f)
{
	expr_semantics sem = semantics_for(W, f);

	/* Real is the formula as parsed; another names where it is from. */
	fprintf(W->out, "semantics   %s", expr_semantics_names[sem]);
	if (sem != EXPR_REAL && f == W->task.family)
		fprintf(W->out, " (task %s)", W->task.name);
	else if (sem != EXPR_REAL)
		fprintf(W->out, " (the %s family's default)", f->name);
	fprintf(W->out, ": %s\n", expr_semantics_summary(sem));
}

/* explain: the formula, its simplified form, the semantics it runs
 * under and the program compiled from it as parsed (as a rule's is). */
static int print_program(wb *W, expr_arena *A, const expr *e,
			 const task_family *f)
{
	const char **names;
	int n = expr_vars(e, &names);
	const expr *s;
	prog *p;
	e2l_error err;
	char *raw = expr_print(e, EXPR_INFIX), *text;

	fprintf(W->out, "formula     %s   (%d operations)\n", raw,
		expr_complexity(e));
	free(raw);
	if (alg_simplify(A, e, ALG_SIMPLIFY, &s, &err) == E2L_OK) {
		text = expr_print(s, EXPR_INFIX);
		fprintf(W->out, "simplified  %s   (%d operations)\n", text,
			expr_complexity(s));
		free(text);
	} else {
		fprintf(W->out, "simplified  (not simplified: %s)\n", err.msg);
	}
	print_semantics(W, f);
	if (!W->shell && semantics_for(W, f) == EXPR_NEST)
		fprintf(W->out, "(the program runs in real arithmetic; "
			"elements that come out NaN run again in complex "
			"arithmetic)\n");
	e2l_status st = prog_compile(e, n, names, &p, &err);
	free(names);
	if (st != E2L_OK)
		return wb_error(W, cmd_exit_code(st), "%s", err.msg);
	text = prog_explain(p);
	fprintf(W->out, "program     %d instructions, each over a block of up "
		"to %d values\n%s", prog_ninstr(p), PROG_BLOCK, text);
	free(text);
	prog_free(p);
	return WB_OK;
}

/* Prints one formula in a form; returns an exit code. */
static int print_form(wb *W, const char *text, alg_form form,
		      expr_syntax syn, const task_family *explain)
{
	expr_arena *A = expr_arena_new();
	const expr *e, *s;
	e2l_error err;
	int status = WB_OK;

	e2l_status st = expr_parse(A, text, &e, &err);
	if (st == E2L_INCOMPLETE) {
		status = WB_MORE;
	} else if (st != E2L_OK) {
		status = wb_formula_error(W, &err, NULL);
	} else if (explain) {
		status = print_program(W, A, e, explain);
	} else if (alg_simplify(A, e, form, &s, &err) != E2L_OK) {
		status = wb_error(W, WB_DATAERR, "%s", err.msg);
	} else {
		char *t = expr_print(s, syn);
		fprintf(W->out, "%s\n", t);
		free(t);
	}
	expr_arena_free(A);
	return status;
}

/* simplify|expand|factor|latex|explain FORMULA|NAME */
int wbc_form(wb *W, int argc, char **argv, const char *rest)
{
	static const struct {
		const char *name;
		alg_form form;
		expr_syntax syn;
	} forms[] = {
		{ "simplify", ALG_SIMPLIFY, EXPR_INFIX },
		{ "expand", ALG_EXPAND, EXPR_INFIX },
		{ "factor", ALG_FACTOR, EXPR_INFIX },
		{ "latex", ALG_SIMPLIFY, EXPR_LATEX },
		{ "c", ALG_SIMPLIFY, EXPR_C },
		{ "python", ALG_SIMPLIFY, EXPR_PYTHON },
		{ "explain", ALG_SIMPLIFY, EXPR_INFIX },
	};
	size_t i = 0;
	while (strcmp(forms[i].name, argv[0]))
		i++;
	resolved r;
	int status = resolve(W, argc == 2 ? argv[1] : rest, 1, &r);
	if (status != WB_OK)
		return status;
	status = WB_OK;
	int explain = !strcmp(argv[0], "explain");
	for (int k = 0; k < r.n && status == WB_OK; k++) {
		if (r.n > 1)
			fprintf(W->out, explain ? "%s:\n" : "%-10s: ",
				r.family->formulas[k]);
		status = print_form(W, r.text[k], forms[i].form, forms[i].syn,
				    explain ? r.family : NULL);
	}
	resolved_free(&r);
	return status;
}

/* show's lines on the variables a rule uses, in its family's order (the
 * paper's x_0, x_1, ...), each with its unit and meaning from the
 * family's record (task_var). */
static void show_variables(wb *W, const resolved *r)
{
	const task_family *f = r->family;
	int *used = xcalloc((size_t)f->nvars + 1, sizeof *used);
	for (int k = 0; k < r->n; k++) {
		expr_arena *A = expr_arena_new();
		const expr *e;
		const char **names = NULL;
		e2l_error err;
		int n = expr_parse(A, r->text[k], &e, &err) == E2L_OK ?
			expr_vars(e, &names) : 0;
		for (int j = 0; j < n; j++)
			for (int i = 0; i < f->nvars; i++) {
				char alias[32];
				snprintf(alias, sizeof alias, "x_%d", i);
				used[i] |= !strcmp(names[j], f->vars[i]) ||
					!strcmp(names[j], alias);
			}
		free(names);
		expr_arena_free(A);
	}
	for (int i = 0; i < f->nvars; i++) {
		const task_var *v = f->var_info ? &f->var_info[i] : NULL;
		if (!used[i])
			continue;
		fprintf(W->out, "  %-10s %s%s%s%s: %s\n", "variable", f->vars[i],
			v && v->unit && *v->unit ? " (" : "",
			v && v->unit ? v->unit : "",
			v && v->unit && *v->unit ? ")" : "",
			v && v->help ? v->help : "(not described)");
	}
	free(used);
}

/* show NAME: the rule as typed, simplified, what its variables mean,
 * and where it comes from. */
int wbc_show(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	resolved r;
	int status = resolve(W, argv[1], 0, &r);
	if (status != WB_OK)
		return status;
	wb_rule *rule = wb_rule_find(W, argv[1]);
	fprintf(W->out, "%s  (task family %s%s%s)\n", r.name, r.family->name,
		rule ? ", " : "", rule ? rule->source : "");
	for (int k = 0; k < r.n && status == WB_OK; k++) {
		const char *label = r.n > 1 ? r.family->formulas[k] : "formula";
		fprintf(W->out, "  %-10s %s\n  %-10s ", label, r.text[k],
			"simplified");
		status = print_form(W, r.text[k], ALG_SIMPLIFY, EXPR_INFIX, NULL);
	}
	/* Not in the echo of a definition (wb.c calls it "define"). */
	if (status == WB_OK && !strcmp(argv[0], "show"))
		show_variables(W, &r);
	resolved_free(&r);
	/* A rule file's own words: its comment lines and its source. */
	char *path = rule ? NULL : cmd_rule_path(W->task.family, argv[1]), *text = NULL;
	e2l_error err;
	if (path && status == WB_OK &&
	    e2l_read_text(path, 1 << 20, &text, &err) == E2L_OK) {
		for (char *line = text, *next; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			line += strspn(line, " \t");
			if (*line == '#')
				fprintf(W->out, "  %-10s %s\n", "comment",
					line + 1 + strspn(line + 1, " "));
			else if (!strncmp(line, "source", 6) &&
				 strchr(line, '='))
				fprintf(W->out, "  %-10s %s\n", "source",
					strchr(line, '=') + 1 +
					strspn(strchr(line, '=') + 1, " "));
		}
	}
	free(text);
	free(path);
	return status;
}

int wbc_rules(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	if (W->nrules)
		fprintf(W->out, "rules of this session:\n");
	for (int i = 0; i < W->nrules; i++) {
		char *text = wb_rule_text(&W->rules[i]);
		fprintf(W->out, "  %-12s %-12s %s\n", W->rules[i].name,
			W->rules[i].family->name, text);
		free(text);
	}
	size_t n;
	char **names = cmd_data_names("rules", ".rule", &n);
	if (names) {
		fprintf(W->out, "rule files (run them by name; for the "
			"current task, without the '%s-'):", W->task.family->name);
		for (size_t k = 0; k < n; k++) {
			fprintf(W->out, "%s%s", k % 6 ? "  " : "\n  ", names[k]);
			free(names[k]);
		}
		fprintf(W->out, "\n");
		free(names);
	}
	return WB_OK;
}

/* equiv A B: two formulas or rule names; quote formulas with spaces,
 * or separate them with "==". */
int wbc_equiv(wb *W, int argc, char **argv, const char *rest)
{
	char *a = NULL, *b = NULL;
	const char *eq = strstr(rest, "==");
	if (eq) {
		a = strndup(rest, (size_t)(eq - rest));
		b = xstrdup(eq + 2);
	} else if (argc == 3) {
		a = xstrdup(argv[1]);
		b = xstrdup(argv[2]);
	} else {
		return wb_error(W, WB_USAGE, "usage: equiv A B (quote "
				"formulas with spaces, or write A == B)");
	}
	resolved ra, rb;
	int status = resolve(W, a, 1, &ra);
	if (status == WB_OK && (status = resolve(W, b, 1, &rb)) != WB_OK)
		resolved_free(&ra);
	free(a);
	free(b);
	if (status != WB_OK)
		return status;
	expr_arena *A = expr_arena_new();
	e2l_error err;
	if (ra.n != rb.n)
		status = wb_error(W, WB_DATAERR, "a pair of formulas and a "
				  "single one cannot be equivalent");
	/* A pair is the same when both parts are; one line per part. */
	alg_verdict all = ALG_SAME;
	for (int k = 0; k < ra.n && status == WB_OK; k++) {
		const expr *ea, *eb;
		alg_equiv_result res;
		if (expr_parse(A, ra.text[k], &ea, &err) != E2L_OK) {
			status = formula_error_in(W, ra.text[k], &err);
			break;
		}
		if (expr_parse(A, rb.text[k], &eb, &err) != E2L_OK) {
			status = formula_error_in(W, rb.text[k], &err);
			break;
		}
		if (alg_equiv(ea, eb, &res, &err) != E2L_OK) {
			status = wb_error(W, cmd_exit_code(err.status), "%s",
					  err.msg);
			break;
		}
		char *text = alg_equiv_text(&res);
		if (ra.n > 1)
			fprintf(W->out, "%s: ", k ? "depress   " :
				"facilitate");
		fprintf(W->out, "%s\n", text);
		free(text);
		/* Different beats unproven beats the same. */
		if (res.verdict == ALG_DIFFERENT ||
		    (res.verdict != ALG_SAME && all == ALG_SAME))
			all = res.verdict;
		alg_equiv_result_free(&res);
	}
	if (status == WB_OK) {
		/* alg_equiv knows real arithmetic only. */
		fprintf(W->out, "semantics real: %s\n",
			expr_semantics_summary(EXPR_REAL));
		if (!W->shell && semantics_for(W, ra.family) == EXPR_NEST)
			fprintf(W->out, "(checked so; these rules run under "
				"nest, where x^y with x < 0, log and sqrt of "
				"x < 0 can make the verdict differ)\n");
		status = cmd_verdict_code(all);
	}
	expr_arena_free(A);
	resolved_free(&ra);
	resolved_free(&rb);
	return status;
}

/* edit NAME: the rule in $EDITOR (`NAME = FORMULA` lines, as typed).
 * The file is made with mkstemps in $TMPDIR (else /tmp), so no name is
 * guessed or followed, and reaches the editor as "$1", never through the
 * shell's parsing. */
int wbc_edit(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	strbuf path = { 0 }, text = { 0 };
	strbuf_printf(&path, "%s/e2l-edit-XXXXXX.e2l", tmpdir);
	int fd = mkstemps(path.s, 4);
	if (fd < 0) {
		int status = wb_error(W, WB_IOERR, "edit: %s: %s", tmpdir,
				      strerror(errno));
		free(path.s);
		return status;
	}
	wb_rule *r = wb_rule_find(W, argv[1]);
	strbuf_printf(&text, "# Edit the rule; save and quit to define it.  "
		      "Lines starting with '#' are ignored.\n");
	if (r) {
		char *t = wb_rule_text(r);
		strbuf_printf(&text, "%s = %s\n", r->name, t);
		free(t);
	} else
		strbuf_printf(&text, "%s = \n", argv[1]);
	ssize_t wrote = write(fd, text.s, text.len);
	int bad = wrote != (ssize_t)text.len, e = errno;
	close(fd);
	if (bad) {
		unlink(path.s);
		free(path.s);
		free(text.s);
		return wb_error(W, WB_IOERR, "edit: %s", strerror(e));
	}
	strbuf cmd = { 0 };
	strbuf_printf(&cmd, "%s \"$1\"", editor);
	char *args[] = { (char *)"/bin/sh", (char *)"-c", cmd.s,
			 (char *)"e2l-edit", path.s, NULL };
	int status = WB_OK;
	char *after = NULL;
	/* A definition with an error opens the editor again on the text
	 * as written; leaving it unchanged gives up. */
	for (int round = 0; round < 20; round++) {
		int rc;
		e2l_error err;
		FILE *f;
		if (W->fe && W->fe->external)
			rc = W->fe->external(W, args);
		else {
			fflush(NULL);
			pid_t pid = fork();
			if (pid == 0) {
				execv(args[0], args);
				_exit(127);
			}
			int st = 0;
			while (pid > 0 && waitpid(pid, &st, 0) < 0 &&
			       errno == EINTR)
				;
			rc = pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) :
				128;
		}
		free(after);
		after = NULL;
		if (rc != 0) {
			status = wb_error(W, WB_IOERR, "edit: the editor exited "
					  "with status %d; the rule is "
					  "unchanged", rc);
			break;
		} else if (e2l_read_file(path.s, E2L_TEXT_MAX, &after,
					 &(size_t){ 0 }, &err) == E2L_OK &&
			   !strcmp(after, text.s)) {
			fprintf(W->out, "%s: not changed\n", argv[1]);
			break;
		} else if (!(f = e2l_fopen_read(path.s, &err))) {
			status = wb_error(W, WB_IOERR, "edit: %s", err.msg);
			break;
		}
		/* The file is a script of definitions. */
		const char *where = W->where;
		int line = W->line;
		status = wb_batch(W, f, path.s, 1);
		W->where = where;
		W->line = line;
		fclose(f);
		if (status == WB_OK || !after)
			break;
		fprintf(W->out, "edit: the editor opens again with your text "
			"(save it unchanged to give up)\n");
		text.len = 0;
		strbuf_printf(&text, "%s", after);
	}
	free(cmd.s);
	free(after);
	unlink(path.s);
	free(path.s);
	free(text.s);
	return status;
}

/* ---- Tasks ------------------------------------------------------------ */

/* Makes c (taken over) the current task. */
/* The kept copy of task NAME (the last one of family f when name is
 * NULL), or NULL. */
static task_config *kept_task(wb *W, const char *name,
			      const task_family *f)
{
	for (int i = W->nkept - 1; i >= 0; i--)
		if (name ? !strcmp(W->kept[i].name, name) :
		    W->kept[i].family == f)
			return &W->kept[i];
	return NULL;
}

/* Switches to task c (taken over): the task left is kept with its
 * changes, and c comes back as it was left when it was kept. */
static void set_task(wb *W, task_config *c)
{
	task_config *k = kept_task(W, W->task.name, NULL);
	if (!k) {
		W->kept = xrealloc(W->kept, (size_t)(W->nkept + 1) *
				   sizeof *W->kept);
		k = &W->kept[W->nkept++];
	} else {
		task_config_free(k);
	}
	task_config_copy(k, &W->task);
	task_config_free(&W->task);
	W->task = *c;
	if ((k = kept_task(W, c->name, NULL)) != NULL) {
		task_config_free(&W->task);
		task_config_copy(&W->task, k);
	}
}

/*
 * What `set` changed in the current task: "key=value" for each parameter
 * that differs from the task file (or the family's defaults) it came
 * from, values exact.  *n of them; the caller frees each and the array.
 */
static char **config_changes(const task_config *t, int *n);
static char **task_changes(wb *W, int *n)
{
	return config_changes(&W->task, n);
}

static char **config_changes(const task_config *t, int *n)
{
	const task_family *f = t->family;
	task_config base = { 0 };
	e2l_error err;
	char **out = xcalloc((size_t)f->nparams + 1, sizeof *out);

	if (cmd_load_task(t->path ? t->path : t->name, &base,
			  &err) != E2L_OK || base.family != f) {
		if (base.family)
			task_config_free(&base);
		task_config_default(&base, f);
	}
	*n = 0;
	for (int i = 0; i < f->nparams; i++) {
		char buf[64], bbuf[64];
		const char *value = task_config_text(t, i, 1, buf,
						     sizeof buf);
		if (strcmp(value, task_config_text(&base, i, 1, bbuf,
						   sizeof bbuf))) {
			strbuf b = { 0 };
			strbuf_printf(&b, "%s=%s", f->params[i].name, value);
			out[(*n)++] = b.s;
		}
	}
	task_config_free(&base);
	return out;
}

static void free_changes(char **c, int n)
{
	for (int i = 0; i < n; i++)
		free(c[i]);
	free(c);
}

/* "; your changes kept: eta = 20, T = 300" after a switch, or "". */
static void changes_note(wb *W, strbuf *b)
{
	int n;
	char **c = task_changes(W, &n);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(c[i], '=');
		strbuf_printf(b, "%s%.*s = %s", i ? ", " : "your changes kept: ",
			      (int)(eq - c[i]), c[i], eq + 1);
	}
	free_changes(c, n);
}

int wbc_task(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 1) {
		cmd_show_params(W->out, &W->task);
		/* What `set` changed, beside the task file's values. */
		int n;
		char **c = task_changes(W, &n);
		task_config base;
		e2l_error err;
		int have = n && cmd_load_task(W->task.path ? W->task.path :
					      W->task.name, &base, &err) ==
			E2L_OK;
		for (int i = 0; i < n; i++) {
			char *eq = strchr(c[i], '='), buf[64];
			*eq = '\0';
			int k = task_param_index(W->task.family, c[i]);
			fprintf(W->out, "changed with set: %s = %s (%s %s)\n",
				c[i], eq + 1, W->task.name, have && k >= 0 &&
				base.family == W->task.family ?
				task_config_text(&base, k, 1, buf, sizeof buf) :
				"?");
		}
		if (have)
			task_config_free(&base);
		free_changes(c, n);
		return WB_OK;
	}
	task_config c;
	e2l_error err;
	e2l_status st = cmd_load_task(argv[1], &c, &err);
	if (st != E2L_OK)
		return wb_error(W, cmd_exit_code(st), "%s", err.msg);
	set_task(W, &c);
	fprintf(W->out, "task %s (family %s): %s\n", W->task.name,
		W->task.family->name, W->task.family->summary);
	fprintf(W->out, "rule variables:");
	for (int i = 0; i < W->task.family->nvars; i++)
		fprintf(W->out, " %s", W->task.family->vars[i]);
	fprintf(W->out, "\n");
	strbuf note = { 0 };
	changes_note(W, &note);
	if (note.s)
		fprintf(W->out, "%s\n", note.s);
	free(note.s);
	return WB_OK;
}

/* set speed X: the playback pace, of the run going and the next. */
static int set_speed(wb *W, const char *value)
{
	char *end;
	double x = strtod(value, &end);
	if (!strcmp(value, "full"))
		x = LIVE_SPEED_FULL;
	else if (end == value || *end || !(x >= 0) || isinf(x))
		return wb_error(W, WB_USAGE, "set speed: '%s' is not a speed "
				"(a number > 0: simulated ms per wall-clock "
				"ms, 1 real time; or full; 0 pauses)", value);
	if (x == 0 && !W->interactive)
		return wb_error(W, WB_USAGE, "set speed: 0 pauses, in the "
				"full-screen workbench only (a script waits "
				"for its runs)");
	if (x > 1e9)
		x = LIVE_SPEED_FULL;
	W->speed_set = 1;
	W->speed = x;
	if (W->live && live_running(W->live))
		live_set_speed(W->live, x);
	if (isinf(x))
		fprintf(W->out, "speed = full\n");
	else
		fprintf(W->out, "speed = %g (simulated ms per wall-clock ms)\n",
			x);
	return WB_OK;
}

int wbc_set(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	char *eq;
	const char *key, *value;
	if (argc == 2 && (eq = strchr(argv[1], '='))) {
		*eq = '\0';
		key = argv[1];
		value = eq + 1;
	} else if (argc == 3) {
		key = argv[1];
		value = argv[2];
	} else {
		return wb_error(W, WB_USAGE, "usage: set KEY VALUE");
	}
	if (!strcmp(key, "speed"))
		return set_speed(W, value);
	e2l_error err;
	e2l_status st = task_config_set(&W->task, key, value, &err);
	if (st != E2L_OK)
		return wb_error(W, cmd_exit_code(st), "set: %s", err.msg);
	int i = task_param_index(W->task.family, key);
	const char *unit = W->task.family->params[i].unit;
	fprintf(W->out, "%s = %s%s%s\n", key, value, *unit ? " " : "", unit);
	return WB_OK;
}

/* ---- Running rules -------------------------------------------------- */

/*
 * The rule a command names: its operands (a formula's words joined, so
 * it needs no quotes in the workbench; "F ; D" a pair), or --facilitate
 * F --depress D.  Its family must be the task's in the shell, where TASK
 * was named; the workbench switches to it (task_for).
 */
static int rule_operand(wb *W, int argc, char **argv, resolved *r)
{
	const cmd_opts *o = W->opts;
	const task_family *f = W->task.family;
	int status;

	if (o->pair[0] || o->pair[1]) {
		if (f->nformulas != 2 || !o->pair[0] || !o->pair[1] || argc > 1)
			return wb_error(W, WB_USAGE, "--facilitate and "
					"--depress go together, instead of "
					"RULE, for a task family with a pair "
					"of formulas");
		char *joined = task_rule_text_join(o->pair, 2);
		status = resolve(W, joined, 1, r);
		free(joined);
		return status;
	}
	if (argc < 2)
		return wb_error(W, WB_USAGE, "which rule? (a rule file, a "
				"name in rules/ or a formula; see `help %s`)",
				argv[0]);
	strbuf joined = { 0 };
	for (int i = 1; i < argc; i++)
		strbuf_printf(&joined, "%s%s", i > 1 ? " " : "", argv[i]);
	status = resolve(W, joined.s, 1, r);
	free(joined.s);
	if (status != WB_OK)
		return status;
	if (W->shell && r->family != f) {
		status = wb_error(W, WB_DATAERR, "rule '%s' is for task family "
				  "'%s', not '%s'", r->name, r->family->name,
				  f->name);
		resolved_free(r);
	}
	return status;
}

/* A rule's formulas against its family: one message for too few. */
static int rule_parse(wb *W, const resolved *r, task_rule *rule)
{
	e2l_error err;
	if (r->n != r->family->nformulas)
		return wb_error(W, WB_DATAERR, "task family %s takes %d "
				"formula%s: write 'F ; D' (or --facilitate F "
				"--depress D)", r->family->name,
				r->family->nformulas,
				r->family->nformulas > 1 ? "s" : "");
	e2l_status st = task_rule_parse(rule, r->family,
					(const char *const *)r->text,
					r->label, &err);
	/* A rule that names what the family lacks is bad data, as a
	 * syntax error in it is. */
	int named = !strchr(err.msg, ':');
	if (st != E2L_OK)
		return wb_error(W, cmd_data_code(st),
				"%s%s%s", named ? r->name : "", named ? ": " :
				"", err.msg);
	return WB_OK;
}

/* The current task with this command's --replay and -s settings. */
static int task_with_options(wb *W, task_config *cfg)
{
	const cmd_opts *o = W->opts;
	e2l_error err;
	e2l_status st = E2L_OK;

	task_config_copy(cfg, &W->task);
	/* --replay is `-s replay=FILE` whose errors name the file alone. */
	if (o->replay && (st = task_config_put(cfg, "replay", o->replay,
					       &err)) == E2L_OK && !o->nsets)
		st = task_config_check(cfg, &err);
	if (st == E2L_OK)
		st = cmd_apply_sets(cfg, o->sets, o->nsets, &err);
	if (st != E2L_OK) {
		task_config_free(cfg);
		return wb_error(W, cmd_exit_code(st), "%s", err.msg);
	}
	return WB_OK;
}

/* The current task, switched to the rule's family when it differs. */
static int task_for(wb *W, const task_family *f)
{
	if (W->task.family == f)
		return WB_OK;
	char name[64];
	task_config c;
	e2l_error err;
	e2l_status st = E2L_OK;
	/* Back to the family's task of this session, else its quick one. */
	task_config *k = kept_task(W, NULL, f);
	snprintf(name, sizeof name, "%s-quick", f->name);
	if (k)
		task_config_copy(&c, k);
	else if ((st = cmd_load_task(name, &c, &err)) != E2L_OK)
		st = cmd_load_task(f->name, &c, &err);
	if (st != E2L_OK)
		return wb_error(W, cmd_exit_code(st), "%s", err.msg);
	set_task(W, &c);
	strbuf note = { 0 };
	changes_note(W, &note);
	fprintf(W->out, "task %s (the rule is for the %s family%s%s)\n",
		W->task.name, f->name, note.s ? "; " : "",
		note.s ? note.s : "");
	free(note.s);
	return WB_OK;
}

/* Batch mode: the run view of the last run, printed once it is done;
 * the run's status. */
static e2l_status print_view(wb *W)
{
	live_snapshot *S = xmalloc(sizeof *S);
	live_copy(W->live, S);
	e2l_status st = S->status;
	if (st == E2L_OK) {
		textblock tb;
		tb_init(&tb, W->big ? 30 : 22, W->cols);
		view_run(S, &tb, W->glyphs, W->big);
		tb_print(&tb, W->out);
		tb_free(&tb);
	}
	free(S);
	return st;
}
static int live_show(wb *W, const task_config *cfg, const char *const *texts,
		     const char *name, const task_options *opts);

int wbc_run(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	const cmd_opts *o = W->opts;
	/* run champion JOB: no rule's name takes a second word.  The shell
	 * names no task before it (cmd_shell), and a rule named `champion`
	 * after a task stays a rule. */
	if (argc == 3 && !strcmp(argv[1], "champion") && !o->pair[0] &&
	    !o->pair[1] && !W->task_named)
		return wb_run_champion(W, argv[2]);
	/* A script plays as in batch mode: its next run waits. */
	if (W->live && live_running(W->live) && W->scripted &&
	    W->interactive && W->fe && W->fe->wait &&
	    W->fe->wait(W, WB_WAIT_RUN) < 0) {
		W->leave = 1;
		return WB_OK;
	}
	if (W->live && live_running(W->live))
		return wb_error(W, WB_USAGE, "a run is going; `stop` it first "
				"(or Ctrl-C)");
	resolved r;
	task_config cfg;
	task_rule rule;
	int status = rule_operand(W, argc, argv, &r);
	if (status != WB_OK)
		return status;
	if ((status = task_for(W, r.family)) != WB_OK ||
	    (status = task_with_options(W, &cfg)) != WB_OK) {
		resolved_free(&r);
		return status;
	}
	if ((status = rule_parse(W, &r, &rule)) != WB_OK) {
		task_config_free(&cfg);
		resolved_free(&r);
		return status;
	}
	/* The shell, and --json, --record or --figure anywhere: the
	 * fitness report. */
	if (W->shell || o->json || o->record || o->figure) {
		status = cmd_run_report(W, &cfg, &rule, r.typed);
		task_rule_free(&rule);
		task_config_free(&cfg);
		resolved_free(&r);
		return status;
	}
	task_rule_free(&rule);
	task_options opts = { .seed = o->validate ? o->seed ^
			      CMD_VALIDATION_SALT : o->seed,
			      .experiments = o->experiments,
			      .threads = o->threads };
	/* The experiment the view follows, if this run has it. */
	int n = o->experiments > 0 ? o->experiments :
		(int)task_get(&cfg, "experiments");
	if (W->view_follow >= n)
		fprintf(W->err, "e2l: view experiment %d: this run has %d "
			"experiments; the view shows experiment 0\n",
			W->view_follow, n);
	else if (W->view_follow == LIVE_MEAN && n > LIVE_MEAN_MAX)
		fprintf(W->err, "e2l: view mean: takes at most %d experiments "
			"(this run has %d); the view shows experiment 0\n",
			LIVE_MEAN_MAX, n);
	status = live_show(W, &cfg, (const char *const *)r.text, r.name,
			   &opts);
	task_config_free(&cfg);
	resolved_free(&r);
	return status;
}

/* A run in the run view (the workbench) or waited for and drawn (batch
 * mode): `run`, and `run champion`. */
static int live_show(wb *W, const task_config *cfg, const char *const *texts,
		     const char *name, const task_options *opts)
{
	e2l_error err;
	int status;
	live_free(W->live);
	W->live = live_start_view(cfg, texts, name, opts, W->speed_set ?
				  W->speed : LIVE_SPEED_FULL, W->view_follow,
				  &err);
	W->live_reported = 0;
	if (!W->live)
		return wb_error(W, WB_DATAERR, "%s", err.msg);
	if (W->interactive) {
		if (W->fe && W->fe->show)
			W->fe->show(W, "run");
		return WB_OK;
	}
	/* Batch mode waits, and Ctrl-C stops the run, not the script's
	 * report of it. */
	while (!wb_interrupted && live_running(W->live))
		wb_nap(50);
	if (wb_interrupted)
		live_stop(W->live);
	live_wait(W->live);
	/* A run stopped on request is reported, not failed. */
	e2l_status st = print_view(W);
	status = st == E2L_OK || st == E2L_ESTOPPED ? WB_OK : WB_DATAERR;
	wb_tick(W);
	return status;
}

/*
 * run champion JOB|DIR: the champion of the log's last generation, read
 * through runlog, on the task its run directory records (task.task, with
 * every setting the evolution ran with) and the experiments' seed it
 * scores on (run.conf's task_seed): the run the evolution saw, so the
 * fitness it shows is the champion's in the log.  --seed, --experiments
 * and --threads still apply, and --json, --record, --figure report as
 * `run` does.
 */
int wb_run_champion(wb *W, const char *spec)
{
	const cmd_opts none = { .seed = 1 }, *o = W->opts ? W->opts : &none;
	if (W->live && live_running(W->live))
		return wb_error(W, WB_USAGE, "a run is going; `stop` it first "
				"(or Ctrl-C)");
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, spec);
	runlog own;
	const runlog *L;
	e2l_error err;
	int status = WB_OK, opened = 0;
	if (j && j->log_open) {
		L = &j->log;
	} else if (j) {
		return wb_error(W, WB_USAGE, "job %d has no generation yet",
				j->id);
	} else {
		/* A run directory that is no job: read, not watched. */
		if (runlog_open(&own, spec, &err) != E2L_OK ||
		    runlog_poll(&own, &err) < 0) {
			runlog_close(&own);
			return wb_error(W, cmd_data_code(err.status), "run "
					"champion: %s", err.msg);
		}
		L = &own;
		opened = 1;
	}
	const char *dir = j ? j->dir : spec;
	char name[64], *path = NULL, *text = NULL, *texts[TASK_MAX_FORMULAS];
	task_config cfg;
	int have_cfg = 0;
	const task_family *f = L->family ? task_family_find(L->family) : NULL;
	if (!L->ngen) {
		status = wb_error(W, WB_USAGE, "%s has no generation yet", dir);
		goto out;
	}
	if (!f) {
		status = wb_error(W, WB_DATAERR, "%s/task.task: unknown task "
				  "family '%s'", dir, L->family);
		goto out;
	}
	const runlog_gen *g = &L->gen[L->ngen - 1];
	size_t n = strlen(dir);
	path = xmalloc(n + 16);
	snprintf(path, n + 16, "%s/task.task", dir);
	e2l_status st = task_config_load(path, &cfg, &err);
	if (st != E2L_OK) {
		status = wb_error(W, cmd_data_code(st), "%s", err.msg);
		goto out;
	}
	have_cfg = 1;
	/* --replay and -s change it for this run, as for `run`. */
	if (o->replay && (st = task_config_put(&cfg, "replay", o->replay,
					       &err)) == E2L_OK && !o->nsets)
		st = task_config_check(&cfg, &err);
	if (st == E2L_OK)
		st = cmd_apply_sets(&cfg, o->sets, o->nsets, &err);
	if (st != E2L_OK) {
		status = wb_error(W, cmd_exit_code(st), "%s", err.msg);
		goto out;
	}
	/* Named by its directory: a run directory's task file is always
	 * task.task. */
	while (n > 1 && dir[n - 1] == '/')
		n--;
	free(cfg.name);
	cfg.name = xmalloc(n + 1);
	memcpy(cfg.name, dir, n);
	cfg.name[n] = '\0';
	text = xstrdup(g->champion);
	if (task_rule_text_split(text, texts, TASK_MAX_FORMULAS) !=
	    f->nformulas) {
		status = wb_error(W, WB_DATAERR, "%s/log.jsonl: generation "
				  "%ld: the champion '%.80s' is not a rule "
				  "of the %s family", dir, g->generation,
				  g->champion, f->name);
		goto out;
	}
	if (j)
		snprintf(name, sizeof name, "champion of job %d", j->id);
	else
		snprintf(name, sizeof name, "champion of %.40s", cfg.name);
	if (!o->json)
		fprintf(W->out, "run %s (generation %ld, fitness %.6g in the "
			"log) on %s/task.task\n", name, g->generation,
			g->mu ? g->parents[0] : NAN, cfg.name);
	uint64_t seed = o->have_seed ? o->seed : L->task_seed;
	if (W->shell || o->json || o->record || o->figure) {
		/* run's report, with this seed. */
		task_rule rule;
		cmd_opts with = *o;
		const cmd_opts *saved = W->opts;
		with.seed = seed;
		if ((st = task_rule_parse(&rule, f, (const char *const *)texts,
					  name, &err)) != E2L_OK) {
			status = wb_error(W, cmd_data_code(st), "%s", err.msg);
			goto out;
		}
		W->opts = &with;
		status = cmd_run_report(W, &cfg, &rule, 0);
		W->opts = saved;
		task_rule_free(&rule);
		goto out;
	}
	task_options opts = { .seed = o->validate ? seed ^ CMD_VALIDATION_SALT :
			      seed, .experiments = o->experiments,
			      .threads = o->threads };
	status = live_show(W, &cfg, (const char *const *)texts, name, &opts);
out:
	if (have_cfg)
		task_config_free(&cfg);
	free(text);
	free(path);
	if (opened)
		runlog_close(&own);
	return status;
}

int wbc_stop(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 1) {
		const char *what = wb_interrupt(W);
		strbuf list = { 0 };
		if (!what && wb_jobs_going(W, &list) > 1) {
			int st = wb_error(W, WB_USAGE, "which one? (`stop "
					  "JOB`) several evolutions are "
					  "running: %s", list.s);
			free(list.s);
			return st;
		}
		free(list.s);
		if (!what)
			return wb_error(W, WB_USAGE, "nothing is running here "
					"(`stop JOB` stops an evolution, `stop "
					"DIR` a run directory)");
		fprintf(W->out, "stopping the %s\n", what);
		return WB_OK;
	}
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, argv[1]);
	struct stat sb;
	e2l_error err;
	/* A run directory, or a job only watched: through its pid file,
	 * any e2l on this host that runs it. */
	if ((!j && stat(argv[1], &sb) == 0 && S_ISDIR(sb.st_mode)) ||
	    (j && j->pid <= 0)) {
		const char *dir = j ? j->dir : argv[1];
		if (runlog_stop(dir, &err) != E2L_OK)
			return wb_error(W, err.status == E2L_EIO ? WB_IOERR :
					WB_USAGE, "%s", err.msg);
		fprintf(W->out, "%s: stopping after the generation in flight; "
			"continue it with `evolve --resume %s`\n", dir, dir);
		return WB_OK;
	}
	if (!j)
		return wb_error(W, WB_USAGE, "no job or run directory '%s' "
				"(see `jobs`)", argv[1]);
	if (jobs_stop(j) != 0)
		return wb_error(W, WB_USAGE, "job %d is not running", j->id);
	fprintf(W->out, "job %d: stopping after the generation in flight; "
		"continue it with `evolve --resume %s`\n", j->id, j->dir);
	return WB_OK;
}

/* A validation: two rules on the same fresh experiments, in a thread
 * so that the screen stays live; batch mode waits for it. */
typedef struct {
	wb_bg bg;                /* first: wb_bg * is a validation * */
	task_config cfg;
	task_rule rule, base;
	task_options opts;
	task_recorder rec;       /* only its stop flag */
	uint64_t seed;
	int json;                /* --json: the report as one object */
} validation;

static void validation_release(wb_bg *bg)
{
	validation *v = (validation *)bg;
	task_config_free(&v->cfg);
	task_rule_free(&v->rule);
	task_rule_free(&v->base);
	free(v);
}

static void *validation_run(void *arg)
{
	validation *v = arg;
	task_result res[2] = { { 0 } };
	e2l_error err;
	strbuf *o = &v->bg.out;

	if (task_evaluate(&v->cfg, &v->rule, &v->opts, &res[0], &err) !=
	    E2L_OK ||
	    task_evaluate(&v->cfg, &v->base, &v->opts, &res[1], &err) !=
	    E2L_OK) {
		v->bg.failed = 1;
		strbuf_printf(o, "%s", err.msg);
	} else {
		task_validation_report(o, &v->cfg, v->seed, v->rule.name,
				      &res[0], v->base.name, &res[1], v->json);
	}
	task_result_free(&res[0]);
	task_result_free(&res[1]);
	alg_release_caches();
	v->bg.done = 1;
	return NULL;
}

int wbc_validate(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	const cmd_opts *o = W->opts;
	const char *vs = o->vs;
	/* The workbench's old spelling: validate RULE vs BASELINE. */
	if (!vs && argc >= 4 && !strcmp(argv[argc - 2], "vs")) {
		vs = argv[argc - 1];
		argc -= 2;
	}
	if (!vs)
		return wb_error(W, WB_USAGE, "usage: validate%s RULE --vs "
				"BASELINE (see `help validate`)", W->shell ?
				" TASK" : "");
	if (W->bg)
		return wb_error(W, WB_USAGE, "a validation is going; wait for "
				"it, or `stop` it");
	resolved ra, rb;
	int status = rule_operand(W, argc, argv, &ra);
	if (status != WB_OK)
		return status;
	if ((status = resolve(W, vs, 1, &rb)) != WB_OK) {
		resolved_free(&ra);
		return status;
	}
	if (ra.family != rb.family)
		status = wb_error(W, WB_DATAERR, "%s is for %s, %s for %s",
				  ra.name, ra.family->name, rb.name,
				  rb.family->name);
	if (status == WB_OK)
		status = task_for(W, ra.family);
	validation *v = xcalloc(1, sizeof *v);
	if (status == WB_OK)
		status = task_with_options(W, &v->cfg);
	if (status == WB_OK && (status = rule_parse(W, &ra, &v->rule)) ==
	    WB_OK && (status = rule_parse(W, &rb, &v->base)) != WB_OK)
		task_rule_free(&v->rule);
	if (status != WB_OK) {
		if (v->cfg.family)
			task_config_free(&v->cfg);
		free(v);
		resolved_free(&ra);
		resolved_free(&rb);
		return status;
	}
	v->seed = o->seed;
	v->json = o->json;
	v->rec = (task_recorder){ .stop = &v->bg.stop };
	/* -s experiments=K counts as --experiments K. */
	int sized = o->experiments > 0;
	for (int i = 0; i < o->nsets; i++)
		sized |= !strncmp(o->sets[i], "experiments=", 12);
	v->opts = (task_options){ .seed = o->seed ^ CMD_VALIDATION_SALT,
				  .experiments = o->experiments ? o->experiments :
						 sized ? 0 :
						 task_validation_size(&v->cfg),
				  .threads = o->threads, .rec = &v->rec };
	v->bg.release = validation_release;
	snprintf(v->bg.what, sizeof v->bg.what, "validate %.90s vs %.90s",
		 ra.name, rb.name);
	resolved_free(&ra);
	resolved_free(&rb);
	if (pthread_create(&v->bg.thread, NULL, validation_run, v) != 0) {
		validation_release(&v->bg);
		return wb_error(W, WB_IOERR, "cannot start a thread");
	}
	W->bg = &v->bg;
	if (W->interactive) {
		fprintf(W->out, "validating on task %s; the result follows "
			"(Ctrl-C stops it)\n", W->task.name);
		return WB_OK;
	}
	/* Batch mode waits, and Ctrl-C stops the validation. */
	while (!v->bg.done && !wb_interrupted)
		wb_nap(50);
	if (!v->bg.done)
		v->bg.stop = 1;
	return wb_bg_collect(W, 1);
}

/* A comparison: several rules on the same validation experiments, in a
 * thread as a validation is; text mode adds the learning curves overlaid. */
typedef struct {
	wb_bg bg;                /* first: wb_bg * is a comparison * */
	task_config cfg;
	task_rule rules[COMPARE_MAX_RULES];
	compare_entry e[COMPARE_MAX_RULES];
	char names[COMPARE_MAX_RULES][128];
	int n;
	task_options opts;
	task_recorder rec;       /* only its stop flag */
	uint64_t seed;
	int json, cols;
	glyphs g;
} comparison;

static void comparison_release(wb_bg *bg)
{
	comparison *c = (comparison *)bg;
	task_config_free(&c->cfg);
	for (int i = 0; i < c->n; i++)
		task_rule_free(&c->rules[i]);
	free(c);
}

static void *comparison_run(void *arg)
{
	comparison *c = arg;
	const task_rule *rp[COMPARE_MAX_RULES];
	e2l_error err;
	strbuf *o = &c->bg.out;

	for (int i = 0; i < c->n; i++) {
		rp[i] = &c->rules[i];
		c->e[i].name = c->names[i];
	}
	if (compare_evaluate(&c->cfg, rp, c->n, &c->opts, c->e, &err) !=
	    E2L_OK) {
		c->bg.failed = 1;
		strbuf_printf(o, "%s", err.msg);
	} else {
		compare_report(o, &c->cfg, c->seed, c->e, c->n, 20, c->json);
		if (!c->json) {
			/* The curves through tb_print, as a batch run's view. */
			textblock tb;
			char *text = NULL;
			size_t size = 0;
			FILE *f = open_memstream(&text, &size);
			tb_init(&tb, 16, c->cols);
			compare_plot(&tb, 0, 0, 16, c->cols, c->g, c->e, c->n);
			if (f) {
				tb_print(&tb, f);
				fclose(f);
				strbuf_printf(o, "%s", text ? text : "");
			}
			free(text);
			tb_free(&tb);
		}
		compare_free(c->e, c->n);
	}
	alg_release_caches();
	c->bg.done = 1;
	return NULL;
}

/*
 * compare A B [C ...]: every rule on the same validation experiments
 * (validate's seeds and size), the report and, in text, the curves.
 */
int wbc_compare(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	const cmd_opts *o = W->opts;
	if (argc < 3 || argc - 1 > COMPARE_MAX_RULES)
		return wb_error(W, WB_USAGE, "usage: compare A B [C ...] "
				"(2 to %d rules; see `help compare`)",
				COMPARE_MAX_RULES);
	if (W->bg)
		return wb_error(W, WB_USAGE, "a validation or comparison is "
				"going; wait for it, or `stop` it");
	comparison *c = xcalloc(1, sizeof *c);
	int status = WB_OK;
	const task_family *f = NULL;
	for (int i = 1; i < argc && status == WB_OK; i++) {
		resolved r;
		if ((status = resolve(W, argv[i], 1, &r)) != WB_OK)
			break;
		if (!f && W->shell && r.family != W->task.family)
			status = wb_error(W, WB_DATAERR, "rule '%s' is for "
					  "task family '%s', not '%s'", r.name,
					  r.family->name,
					  W->task.family->name);
		else if (f && r.family != f)
			status = wb_error(W, WB_DATAERR, "%s is for %s, the "
					  "first rule for %s", r.name,
					  r.family->name, f->name);
		/* The first rule's family names the others ("lr2"). */
		if (status == WB_OK && !f)
			status = task_for(W, r.family);
		if (status == WB_OK && (status = rule_parse(W, &r,
				&c->rules[c->n])) == WB_OK) {
			snprintf(c->names[c->n], sizeof c->names[c->n], "%s",
				 r.name);
			c->n++;
		}
		f = r.family;
		resolved_free(&r);
	}
	if (status == WB_OK)
		status = task_with_options(W, &c->cfg);
	if (status != WB_OK) {
		for (int i = 0; i < c->n; i++)
			task_rule_free(&c->rules[i]);
		free(c);
		return status;
	}
	c->seed = o->seed;
	c->json = o->json;
	c->cols = W->cols > 20 ? (W->cols < 100 ? W->cols : 100) : 80;
	c->g = W->glyphs;
	c->rec = (task_recorder){ .stop = &c->bg.stop };
	int sized = o->experiments > 0;
	for (int i = 0; i < o->nsets; i++)
		sized |= !strncmp(o->sets[i], "experiments=", 12);
	c->opts = (task_options){ .seed = o->seed ^ CMD_VALIDATION_SALT,
				  .experiments = o->experiments ? o->experiments :
						 sized ? 0 :
						 task_validation_size(&c->cfg),
				  .threads = o->threads, .rec = &c->rec };
	c->bg.release = comparison_release;
	snprintf(c->bg.what, sizeof c->bg.what, "compare %.60s ...",
		 c->names[0]);
	if (pthread_create(&c->bg.thread, NULL, comparison_run, c) != 0) {
		comparison_release(&c->bg);
		return wb_error(W, WB_IOERR, "cannot start a thread");
	}
	W->bg = &c->bg;
	if (W->interactive) {
		fprintf(W->out, "comparing on task %s; the result follows "
			"(Ctrl-C stops it)\n", W->task.name);
		return WB_OK;
	}
	while (!c->bg.done && !wb_interrupted)
		wb_nap(50);
	if (!c->bg.done)
		c->bg.stop = 1;
	return wb_bg_collect(W, 1);
}

/* ---- Evolutions --------------------------------------------------------- */

/*
 * evolve [TASK] [--preset P] [--generations N] [--seed S] [--runs K]
 *        [--out DIR] [--resume DIR] [--threads T] [-s KEY=VALUE]...
 *        [--columns N] ... (every setting of evo_settings_table)
 * Each run is a background job, `e2l evolve` with these options, writing
 * its own directory.  The current task, with its `set` changes, is the
 * default.
 */
int wbc_evolve(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	/* From the shell: the evolution itself, here (cmd_evolve.c). */
	if (W->shell)
		return cmd_evolve(argc, argv);
	/* Checked as `e2l evolve` will check it: a mistake shows at once,
	 * not as a failed job a moment later. */
	cmd_evolve_plan p;
	cmd_errors_into(W);
	int status = cmd_evolve_check(argc, argv, &W->task, &p);
	cmd_errors_into(NULL);
	if (status == WB_OK && p.runs > 64)
		status = wb_error(W, WB_USAGE, "evolve: --runs: at most 64 "
				  "jobs at once from the workbench");
	for (int i = 1; i < argc && status == WB_OK; i++)
		if (!strcmp(argv[i], "--"))
			status = wb_error(W, WB_USAGE, "evolve: no '--' here "
					  "(a task named '-x' is ./-x.task)");
	if (status != WB_OK)
		return status;
	jobs_poll(&W->jobs);
	if (p.resume) {
		/* Its words as typed (--generations N extends it); a job
		 * that names the directory is resumed as itself. */
		e2l_error err;
		int before = W->jobs.next_id;
		job *j = jobs_start(&W->jobs, (const char *const *)argv + 1,
				    argc - 1, p.resume, "resumed", &err);
		if (!j)
			return wb_error(W, err.status == E2L_EIO ? WB_IOERR :
					WB_USAGE, "%s", err.msg);
		fprintf(W->out, "job %d: resuming %s%s\n", j->id, p.resume,
			j->id < before ? " (the same job, running again)" :
			"");
		W->watched = j->id;
		if (W->fe && W->fe->show)
			W->fe->show(W, "dashboard");
		return WB_OK;
	}
	/* A lesson keeps its folders out of the room's directory. */
	char lesson_dir[4096] = "runs";
	char *cache = W->lesson && !p.out ?
		cmd_xdg_dir("XDG_CACHE_HOME", ".cache") : NULL;
	if (cache) {
		snprintf(lesson_dir, sizeof lesson_dir, "%s/lessons", cache);
		if (mkdir(lesson_dir, 0777) != 0 && errno != EEXIST)
			snprintf(lesson_dir, sizeof lesson_dir, "runs");
		free(cache);
	}
	/* Each job: these words, the task (named, or the current one with
	 * its changes), then its seed, one run, and (jobs_start) its
	 * directory; the last of an option given twice counts. */
	int nchanges = 0;
	char **changes = p.task ? NULL : task_changes(W, &nchanges);
	const char **args = xcalloc((size_t)(argc + 2 * nchanges + 8),
				    sizeof *args);
	int nargs = 0;
	char seedbuf[32];
	for (int i = 1; i < argc; i++)
		args[nargs++] = argv[i];
	if (!p.task)
		args[nargs++] = W->task.path ? W->task.path : W->task.name;
	for (int i = 0; i < nchanges; i++) {
		args[nargs++] = "-s";
		args[nargs++] = changes[i];
	}
	int group = 0;
	for (long k = 0; k < p.runs; k++) {
		char dir[4096], what[256];
		unsigned long long s = p.seed + (unsigned long long)k;
		const char *base = p.task ? p.task : W->task.name;
		const char *slash = strrchr(base, '/');
		char stem[128];
		snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : base);
		char *dot = strstr(stem, ".task");
		if (dot)
			*dot = '\0';
		const char *out = p.out;
		if (!out && W->lesson)
			out = lesson_dir;
		if (out && p.runs == 1 && out == p.out)
			snprintf(dir, sizeof dir, "%s", out);
		else
			snprintf(dir, sizeof dir, "%s/%s-seed%llu",
				 out ? out : "runs", stem, s);
		/* Never two runs in one directory: number the next one. */
		for (int v = 2; access(dir, F_OK) == 0 && v < 1000; v++) {
			if (out && p.runs == 1 && out == p.out)
				snprintf(dir, sizeof dir, "%s-%d", out, v);
			else
				snprintf(dir, sizeof dir, "%s/%s-seed%llu-%d",
					 out ? out : "runs", stem, s, v);
		}
		int m = nargs;
		snprintf(seedbuf, sizeof seedbuf, "%llu", s);
		args[m++] = "--seed";
		args[m++] = seedbuf;
		args[m++] = "--runs";
		args[m++] = "1";
		snprintf(what, sizeof what, "%s seed %llu", stem, s);
		e2l_error err;
		job *j = jobs_start(&W->jobs, args, m, dir, what, &err);
		if (!j) {
			status = wb_error(W, WB_IOERR, "%s", err.msg);
			break;
		}
		fprintf(W->out, "job %d: evolving %s (seed %llu) into %s\n",
			j->id, stem, s, dir);
		/* The K runs' dashboard shows them side by side. */
		if (p.runs > 1)
			j->group = group = group ? group : j->id;
		W->watched = j->id;
	}
	free_changes(changes, nchanges);
	free(args);
	if (status == WB_OK && W->fe && W->fe->show)
		W->fe->show(W, "dashboard");
	return status;
}

/* runs show|best DIR: the shell's (cmd_evolve.c). */
int wbc_runs(wb *W, int argc, char **argv, const char *rest)
{
	(void)W;
	(void)rest;
	return cmd_runs(argc, argv);
}

/* check: the shell's parses its own options; the workbench checks a
 * session rule (or a rule file, or a formula) and writes the report to
 * its console. */
int wbc_check(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (W->shell)
		return cmd_check(argc, argv);
	int json = 0, n = 0;
	const char *word[2] = { NULL, NULL };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--list"))
			n = -3;
		else if (n >= 0 && n < 2)
			word[n++] = argv[i];
		else
			return wb_error(W, WB_USAGE, "usage: check [EXERCISE "
					"RULE] [--json]");
	}
	strbuf out = { 0 };
	int status;
	if (n == 1)
		return wb_error(W, WB_USAGE, "check %s: which rule?  usage: "
				"check EXERCISE RULE [--json]", word[0]);
	if (n <= 0) {
		cmd_check_list(&out);
		status = WB_OK;
	} else {
		resolved r;
		if ((status = resolve(W, word[1], 1, &r)) != WB_OK)
			return status;
		status = cmd_check_texts(word[0], r.family, r.name,
					 (const char *const *)r.text, json,
					 NULL, &out);
		resolved_free(&r);
	}
	if (out.s)
		fputs(out.s, status == WB_OK || status == WB_NO ? W->out :
		      W->err);
	free(out.s);
	return status;
}

int wbc_jobs(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	jobs_poll(&W->jobs);
	if (!W->jobs.n)
		fprintf(W->out, "no jobs (start one with `evolve`)\n");
	for (int i = 0; i < W->jobs.n; i++) {
		job *j = &W->jobs.v[i];
		fprintf(W->out, "%%%-3d %-9s %-28s", j->id,
			job_state_name(j->state), j->dir);
		if (j->log_open && j->log.ngen) {
			const runlog_gen *g = &j->log.gen[j->log.ngen - 1];
			char *champion = cmd_escaped(g->champion);
			char gen[64];
			runlog_generation_text(g->generation,
					       j->log.generations, gen,
					       sizeof gen);
			fprintf(W->out, " %s  best %.6g  %s", gen,
				g->mu ? g->parents[0] : NAN, champion);
			free(champion);
		}
		fprintf(W->out, "\n");
	}
	return WB_OK;
}

/* One line per generation, as `e2l evolve` prints them; the formula,
 * read from the log, escaped. */
static void print_generation(wb *W, const runlog *L, long i)
{
	const runlog_gen *g = &L->gen[i];
	long total = g->evaluations;    /* the cache's hits among them */
	char *champion = cmd_escaped(g->champion), ranks[512];
	fprintf(W->out, "generation %ld champion %.6g formula %s evaluations "
		"%ld cached %.0f%% seconds %.1f", g->generation,
		g->mu ? g->parents[0] : NAN, champion, g->evaluations,
		total ? 100.0 * g->cache_hits / total : 0, g->seconds);
	/* An MPI run: each rank's pace in this generation. */
	if (g->ranks > 1 && runlog_rank_text(L, i, 1, ranks, sizeof ranks))
		fprintf(W->out, " %s", ranks);
	fputc('\n', W->out);
	free(champion);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder that `e2l evolve --runs K --out DIR` filled: its run
 * directories (DIR/NAME holding a run.conf, at most 64), watched as one
 * group, whose dashboard shows them side by side (dashboard.c).  The
 * first of them, or NULL when the folder holds none. */
static job *watch_folder(wb *W, const char *dir)
{
	DIR *d = opendir(dir);
	char **paths = NULL;
	int n = 0, group = 0;
	struct dirent *e;
	if (!d)
		return NULL;
	while ((e = readdir(d)) && n < 64) {
		struct stat sb;
		char path[4096], conf[4200];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(conf, sizeof conf, "%s/run.conf", path);
		if (e->d_name[0] == '.' || lstat(path, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode) || lstat(conf, &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		paths = xrealloc(paths, (size_t)(n + 1) * sizeof *paths);
		paths[n++] = xstrdup(path);
	}
	closedir(d);
	if (n > 1)
		qsort(paths, (size_t)n, sizeof *paths, by_path);
	for (int i = 0; i < n; i++) {
		e2l_error err;
		job *j = jobs_watch(&W->jobs, paths[i], &err);
		if (j && n > 1)
			j->group = group = group ? group : j->id;
		else if (j)
			group = j->id;
		free(paths[i]);
	}
	free(paths);
	return group ? jobs_get(&W->jobs, group) : NULL;
}

/* watch JOB|DIR: the dashboard follows it; in batch mode, one line per
 * generation until the run is no longer running.  DIR may be the folder
 * of an `evolve --runs K`: its K runs, side by side. */
int wbc_watch(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, argv[1]);
	e2l_error err;
	if (!j && !(j = jobs_watch(&W->jobs, argv[1], &err)) &&
	    !(j = watch_folder(W, argv[1])))
		return wb_error(W, WB_IOERR, "%s", err.msg);
	W->watched = j->id;
	if (W->interactive) {
		if (W->fe && W->fe->show)
			W->fe->show(W, "dashboard");
		return WB_OK;
	}
	/* Jobs move when the table grows: hold the id, not the pointer. */
	int id = j->id;
	long shown = 0;
	for (;;) {
		jobs_poll(&W->jobs);
		j = jobs_get(&W->jobs, id);
		if (j->log_open)
			for (; shown < j->log.ngen; shown++)
				print_generation(W, &j->log, shown);
		fflush(W->out);
		if (j->state >= JOB_FINISHED || wb_interrupted ||
		    (j->pid == 0 && j->state != JOB_RUNNING))
			break;
		wb_nap(200);
	}
	/* The rest of its group, before their dashboard. */
	for (int i = 0; j->group && i < W->jobs.n && !wb_interrupted; i++)
		while (W->jobs.v[i].group == j->group &&
		       W->jobs.v[i].state <= JOB_RUNNING &&
		       !(W->jobs.v[i].pid == 0 &&
			 W->jobs.v[i].state != JOB_RUNNING) &&
		       !wb_interrupted) {
			wb_nap(200);
			jobs_poll(&W->jobs);
			j = jobs_get(&W->jobs, id);
		}
	if (j->log_open && j->log.ngen > 0) {
		/* The dashboard as text: the curve and the hall of fame. */
		textblock tb;
		tb_init(&tb, 20, W->cols);
		view_dashboard_group(&W->jobs, j, &tb, W->glyphs, 0);
		tb_print(&tb, W->out);
		tb_free(&tb);
	} else {
		fprintf(W->out, "%s: %s\n", j->dir, job_state_name(j->state));
	}
	int failed = j->state == JOB_FAILED;
	wb_tick(W);
	return failed ? WB_DATAERR : WB_OK;
}

/* best JOB [NAME]: the job's champion becomes a rule. */
int wbc_best(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, argv[1]);
	e2l_error err;
	if (!j && !(j = jobs_watch(&W->jobs, argv[1], &err)))
		return wb_error(W, WB_IOERR, "%s", err.msg);
	if (!j->log_open || !j->log.ngen)
		return wb_error(W, WB_USAGE, "job %d has no generation yet",
				j->id);
	const runlog_gen *g = &j->log.gen[j->log.ngen - 1];
	char name[64], source[4200];
	if (argc == 3)
		snprintf(name, sizeof name, "%s", argv[2]);
	else
		snprintf(name, sizeof name, "best%d", j->id);
	snprintf(source, sizeof source, "champion of %s, generation %ld, "
		 "fitness %.6g", j->dir, g->generation,
		 g->mu ? g->parents[0] : NAN);
	fprintf(W->out, "%s\n", source);
	return wb_define(W, name, g->champion, source,
			 j->log.family ? task_family_find(j->log.family) :
			 NULL);
}

/* ---- Export, save, load ----------------------------------------------- */

int wbc_export(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	/* The format is the last word; the rule or formula all before. */
	const char *format = argv[argc - 1];
	size_t rl = strlen(rest);
	while (rl && isspace((unsigned char)rest[rl - 1]))
		rl--;
	char *what = strndup(rest, rl >= strlen(format) ?
			     rl - strlen(format) : 0);
	for (size_t k = strlen(what); k > 0 && isspace((unsigned char)what[k - 1]);)
		what[--k] = '\0';
	resolved r;
	int status = resolve(W, argc == 3 ? argv[1] : what, 1, &r);
	free(what);
	if (status != WB_OK)
		return status;
	static const struct {
		const char *name;
		expr_syntax syn;
	} syntaxes[] = { { "latex", EXPR_LATEX }, { "c", EXPR_C },
			 { "python", EXPR_PYTHON }, { "infix", EXPR_INFIX } };
	/* The family's own formats (a simulator's snippet), then the
	 * formula printers. */
	strbuf b = { 0 };
	e2l_error err;
	e2l_status st = task_export(r.family, format, r.name,
				    (const char *const *)r.text, &b, &err);
	if (st == E2L_OK)
		fputs(b.s, W->out);
	else if (st != E2L_EUNKNOWN)
		status = wb_error(W, WB_DATAERR, "%s", err.msg);
	free(b.s);
	if (st != E2L_EUNKNOWN) {
		resolved_free(&r);
		return status;
	}
	size_t i = 0;
	while (i < 4 && strcmp(syntaxes[i].name, format))
		i++;
	char formats[160];
	task_export_formats(r.family, formats, sizeof formats);
	if (i == 4)
		status = wb_error(W, WB_USAGE, "export: unknown format '%s' "
				  "(latex, c, python%s)", format, formats);
	const char *note = i < 4 ? expr_semantics_note(syntaxes[i].syn,
			semantics_for(W, r.family)) : NULL;
	if (status == WB_OK && note)
		fprintf(W->out, "%s\n", note);
	for (int k = 0; k < r.n && status == WB_OK; k++) {
		if (r.n > 1)
			fprintf(W->out, "%s: ", r.family->formulas[k]);
		status = print_form(W, r.text[k], ALG_SIMPLIFY, syntaxes[i].syn,
				    NULL);
	}
	resolved_free(&r);
	return status;
}

/* save FILE: the session as a script that `load` (or `e2l FILE`)
 * replays: the task, its changes, the rules.  Written whole through a
 * temporary and a rename (e2l_write_atomic): a planted symbolic link is
 * replaced, never followed. */
int wbc_save(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	/* save figure FILE [PANEL]: temporary hook (figure.h). */
	if (argc >= 3 && !strcmp(argv[1], "figure")) {
		e2l_error err;
		if (figure_save_run(W->live, argv[2], argc > 3 ? argv[3] :
				    NULL, &err) != E2L_OK)
			return wb_error(W, err.status == E2L_EIO ? WB_IOERR :
					WB_USAGE, "save figure: %s", err.msg);
		fprintf(W->out, "saved the figure to %s\n", argv[2]);
		return WB_OK;
	}
	if (argc > 2)
		return wb_error(W, WB_USAGE, "usage: save FILE, or save "
				"figure FILE.svg|pdf|png [PANEL]");
	strbuf b = { 0 };
	time_t t = time(NULL);
	char when[64];
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&t));
	strbuf_printf(&b, "# e2l session, saved %s; replay with `load %s` or "
		      "`e2l %s`\n", when, argv[1], argv[1]);
	/* The task by name when the name finds the same file. */
	char *found = cmd_find_data("tasks", W->task.name, ".task");
	int by_name = !W->task.path ||
		(found && !strcmp(found, W->task.path));
	free(found);
	/* The other tasks of the session with their changes first, so
	 * that a switch back after `load` finds them as they were. */
	for (int k = 0; k < W->nkept; k++) {
		int n;
		char **c = config_changes(&W->kept[k], &n);
		if (n && strcmp(W->kept[k].name, W->task.name)) {
			char *in = cmd_find_data("tasks", W->kept[k].name,
						 ".task");
			int named = !W->kept[k].path ||
				(in && !strcmp(in, W->kept[k].path));
			free(in);
			strbuf_printf(&b, "task %s\n", named ?
				      W->kept[k].name : W->kept[k].path);
		}
		for (int i = 0; n && strcmp(W->kept[k].name, W->task.name) &&
		     i < n; i++) {
			char *eq = strchr(c[i], '=');
			strbuf_printf(&b, "set %.*s %s\n", (int)(eq - c[i]),
				      c[i], eq + 1);
		}
		free_changes(c, n);
	}
	strbuf_printf(&b, "task %s\n", by_name ? W->task.name : W->task.path);
	int nchanges;
	char **changes = task_changes(W, &nchanges);
	for (int i = 0; i < nchanges; i++) {
		char *eq = strchr(changes[i], '=');
		strbuf_printf(&b, "set %.*s %s\n", (int)(eq - changes[i]),
			      changes[i], eq + 1);
	}
	free_changes(changes, nchanges);
	for (int i = 0; i < W->nrules; i++) {
		wb_rule *r = &W->rules[i];
		char *text = wb_rule_text(r);
		strbuf_printf(&b, "# %s\n%s = %s\n", r->source, r->name, text);
		free(text);
	}
	e2l_error err;
	e2l_status st = e2l_write_atomic(argv[1], b.s, b.len, &err);
	free(b.s);
	if (st != E2L_OK)
		return wb_error(W, WB_IOERR, "%s", err.msg);
	fprintf(W->out, "saved %d rule%s and the task to %s\n", W->nrules,
		W->nrules == 1 ? "" : "s", argv[1]);
	return WB_OK;
}

int wbc_load(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	e2l_error err;
	FILE *f = e2l_fopen_read(argv[1], &err);
	if (!f)
		return wb_error(W, WB_IOERR, "%s", err.msg);
	const char *where = W->where;
	int line = W->line;
	W->scripted++;
	int status = wb_batch(W, f, argv[1], 0);
	if (!--W->scripted)
		W->leave = 0;
	W->where = where;
	W->line = line;
	fclose(f);
	return status;
}

/* ---- Help, the tour, the rest ----------------------------------------- */

int wbc_quit(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	W->quit = 1;
	return WB_OK;
}

/*
 * view big|normal: the layout.  view experiment K | view mean: what the
 * run view shows (live_view): the run going starts over following it,
 * the last run recomputes what it needs (batch mode waits and prints
 * the view again), and the runs after show it too.
 */
int wbc_view(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 2 && (!strcmp(argv[1], "big") ||
			  !strcmp(argv[1], "normal"))) {
		W->big = argv[1][0] == 'b';
		return WB_OK;
	}
	int follow;
	if (argc == 2 && !strcmp(argv[1], "mean")) {
		follow = LIVE_MEAN;
	} else if (argc == 3 && !strcmp(argv[1], "experiment")) {
		char *end;
		errno = 0;
		long k = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end || errno || k < 0 || k > 100000)
			return wb_error(W, WB_USAGE, "view experiment %s: not "
					"an experiment's index (0, 1, ...)",
					argv[2]);
		follow = (int)k;
	} else {
		return wb_error(W, WB_USAGE, "usage: view big|normal | "
				"experiment K | mean");
	}
	char which[64];
	if (follow == LIVE_MEAN)
		snprintf(which, sizeof which, "the mean +- SD over the "
			 "experiments");
	else
		snprintf(which, sizeof which, "experiment %d", follow);
	if (!W->live) {
		W->view_follow = follow;
		fprintf(W->out, "view: %s from the next run\n", which);
		return WB_OK;
	}
	int going = live_running(W->live);
	e2l_error err;
	e2l_status st = live_view(W->live, follow, &err);
	if (st == E2L_EINVALID)
		return wb_error(W, WB_USAGE, "view %s", err.msg);
	W->view_follow = follow;
	if (st != E2L_OK) {
		fprintf(W->out, "view: %s from the next run (the last one did "
			"not finish)\n", which);
		return WB_OK;
	}
	if (W->interactive) {
		fprintf(W->out, "view: %s%s\n", which, going ? "; the run "
			"starts over to follow it (the same seeds)" : "");
		if (W->fe && W->fe->show)
			W->fe->show(W, "run");
		return WB_OK;
	}
	/* Batch mode: the view again, once what it needs is computed. */
	while (!wb_interrupted && live_running(W->live))
		wb_nap(50);
	if (wb_interrupted)
		live_stop(W->live);
	live_wait(W->live);
	print_view(W);
	return WB_OK;
}

/*
 * demo [LESSON] (also tour): plays a lesson, a script of workbench
 * commands with `caption`, `pause` and `step` (lessons/tour.e2l, a name
 * in lessons/ or a file).  Scripted: a `run` while one goes waits, and
 * evolve's folders go to the cache (wbc_evolve).
 */
int wbc_demo(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	const char *name = argc > 1 ? argv[1] : "tour";
	char *path = cmd_looks_like_path(name, ".e2l") ? xstrdup(name) :
		cmd_find_data("lessons", name, ".e2l");
	if (!path)
		return wb_error(W, WB_USAGE, "demo: no lesson '%s' (a file, "
				"or a name in lessons/: tour, reward, error, "
				"correlation)", name);
	e2l_error err;
	FILE *f = e2l_fopen_read(path, &err);
	if (!f) {
		free(path);
		return wb_error(W, WB_IOERR, "%s", err.msg);
	}
	const char *where = W->where;
	int line = W->line;
	W->lesson++;
	W->scripted++;
	W->caption[0] = '\0';
	int status = wb_batch(W, f, path, 0);
	W->lesson--;
	W->scripted--;
	W->leave = 0;
	W->caption[0] = '\0';
	if (W->fe && W->fe->caption)
		W->fe->caption(W, NULL);
	W->where = where;
	W->line = line;
	fclose(f);
	free(path);
	return status;
}

/*
 * caption TEXT: consecutive lines form one caption.  The full screen
 * shows it and goes on at once, so the commands after it run beneath
 * it; batch mode prints it.
 */
int wbc_caption(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (!(W->fe && W->fe->caption)) {
		fprintf(W->out, "%s\n", rest);
		return WB_OK;
	}
	const cmd_entry *prev = W->last_cmd;
	if (!prev || prev->fn != wbc_caption)
		W->caption[0] = '\0';
	size_t n = strlen(W->caption);
	snprintf(W->caption + n, sizeof W->caption - n, "%s%s",
		 n ? " " : "", rest);
	W->fe->caption(W, W->caption);
	return WB_OK;
}

/* Is the run or a validation going? */
static int busy(wb *W)
{
	return (W->live && live_running(W->live)) || W->bg;
}

/* pause: waits for the run (and validation) to end; batch mode's runs
 * have ended already. */
int wbc_pause(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	if (W->interactive && W->fe && W->fe->wait) {
		if (busy(W) && W->fe->wait(W, WB_WAIT_RUN) < 0)
			W->leave = W->scripted > 0;
		return WB_OK;
	}
	if (W->live)
		wb_finish_run(W);
	return W->bg ? wb_bg_collect(W, 1) : WB_OK;
}

/* step: waits for Space or Enter (q leaves the lesson); batch mode
 * prints a blank line between the steps. */
int wbc_step(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	if (!(W->interactive && W->fe && W->fe->wait)) {
		fprintf(W->out, "\n");
		return WB_OK;
	}
	if (W->fe->wait(W, WB_WAIT_KEY) < 0)
		W->leave = W->scripted > 0;
	W->caption[0] = '\0';
	if (W->fe->caption)
		W->fe->caption(W, NULL);
	return WB_OK;
}

