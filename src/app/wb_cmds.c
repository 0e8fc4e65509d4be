/*
 * wb_cmds.c - the workbench's commands: one table (wb_commands[], at the
 * end) and one handler per command.
 *
 * Handlers receive the words of the line (argv[0] is the command) and the
 * raw text after the command's name, for commands that take a formula.
 * They write results to W->out and errors through wb_error(), and return
 * an exit code.  They never touch the terminal: `edit` and the tour go
 * through the front end's hooks.
 */
#define _DEFAULT_SOURCE          /* mkstemps */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
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
	char name[128];
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
		return WB_OK;
	}
	char *path = NULL;
	if (strlen(word) < 100 && !strpbrk(word, " ()*+/^")) {
		char prefixed[160];
		snprintf(prefixed, sizeof prefixed, "%s-%s",
			 W->task.family->name, word);
		path = cmd_find_data("rules", prefixed, ".rule");
		if (!path)
			path = cmd_find_data("rules", word, ".rule");
		if (!path && strstr(word, ".rule") && access(word, R_OK) == 0)
			path = xstrdup(word);
	}
	if (path) {
		task_rule tr;
		e2l_error err;
		e2l_status st = task_rule_load(path, &tr, &err);
		free(path);
		if (st != E2L_OK)
			return wb_error(W, WB_DATAERR, "%s", err.msg);
		r->family = tr.family;
		r->n = tr.family->nformulas;
		for (int k = 0; k < r->n; k++)
			r->text[k] = expr_print(tr.formula[k], EXPR_INFIX);
		snprintf(r->name, sizeof r->name, "%s", word);
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
	r->family = W->task.family;
	snprintf(r->name, sizeof r->name, "%.120s", word);
	return WB_OK;
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

	fprintf(W->out, "semantics %s (", expr_semantics_names[sem]);
	if (f == W->task.family)
		fprintf(W->out, "task %s", W->task.name);
	else
		fprintf(W->out, "the %s family's default", f->name);
	fprintf(W->out, "): %s\n", expr_semantics_summary(sem));
}

/* Prints one formula in a form; returns an exit code. */
static int print_form(wb *W, const char *text, alg_form form,
		      expr_syntax syn, int explain)
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
	} else if (alg_simplify(A, e, form, &s, &err) != E2L_OK) {
		status = wb_error(W, WB_DATAERR, "%s", err.msg);
	} else if (explain) {
		const char **names;
		int n = expr_vars(s, &names);
		prog *p;
		e2l_status cst = prog_compile(s, n, names, &p, &err);
		free(names);
		if (cst != E2L_OK) {
			status = wb_error(W, WB_DATAERR, "%s", err.msg);
		} else {
			char *t = prog_explain(p);
			fputs(t, W->out);
			free(t);
			prog_free(p);
		}
	} else {
		char *t = expr_print(s, syn);
		fprintf(W->out, "%s\n", t);
		free(t);
	}
	expr_arena_free(A);
	return status;
}

/* simplify|expand|factor|latex|explain FORMULA|NAME */
static int wbc_form(wb *W, int argc, char **argv, const char *rest)
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
	if (!strcmp(argv[0], "explain")) {
		print_semantics(W, r.family);
		if (semantics_for(W, r.family) == EXPR_NEST)
			fprintf(W->out, "(the program runs in real arithmetic; "
				"elements that come out NaN run again in "
				"complex arithmetic)\n");
	}
	for (int k = 0; k < r.n && status == WB_OK; k++) {
		if (r.n > 1)
			fprintf(W->out, "%s: ", k ? "depress   " :
				"facilitate");
		status = print_form(W, r.text[k], forms[i].form, forms[i].syn,
				    !strcmp(argv[0], "explain"));
	}
	resolved_free(&r);
	return status;
}

/* show NAME: the rule as typed, simplified, and where it comes from. */
static int wbc_show(wb *W, int argc, char **argv, const char *rest)
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
		status = print_form(W, r.text[k], ALG_SIMPLIFY, EXPR_INFIX, 0);
	}
	resolved_free(&r);
	return status;
}

static int wbc_rules(wb *W, int argc, char **argv, const char *rest)
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
static int wbc_equiv(wb *W, int argc, char **argv, const char *rest)
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
		if (expr_parse(A, ra.text[k], &ea, &err) != E2L_OK ||
		    expr_parse(A, rb.text[k], &eb, &err) != E2L_OK ||
		    alg_equiv(ea, eb, &res, &err) != E2L_OK) {
			status = wb_error(W, WB_DATAERR, "%s", err.msg);
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
		if (semantics_for(W, ra.family) == EXPR_NEST)
			fprintf(W->out, "(checked so; these rules run under "
				"nest, where x^y with x < 0, log and sqrt of "
				"x < 0 can make the verdict differ)\n");
		status = all == ALG_SAME ? WB_OK : all == ALG_DIFFERENT ?
			WB_NO : WB_UNPROVEN;
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
static int wbc_edit(wb *W, int argc, char **argv, const char *rest)
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
	int rc;
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
		while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		rc = pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	}
	free(cmd.s);
	int status = WB_OK;
	char *after = NULL;
	e2l_error err;
	FILE *f;
	if (rc != 0) {
		status = wb_error(W, WB_IOERR, "edit: the editor exited with "
				  "status %d; the rule is unchanged", rc);
	} else if (e2l_read_file(path.s, E2L_TEXT_MAX, &after, &(size_t){ 0 },
				 &err) == E2L_OK && !strcmp(after, text.s)) {
		fprintf(W->out, "%s: not changed\n", argv[1]);
	} else if (!(f = e2l_fopen_read(path.s, &err))) {
		status = wb_error(W, WB_IOERR, "edit: %s", err.msg);
	} else {
		/* The file is a script of definitions. */
		const char *where = W->where;
		int line = W->line;
		status = wb_batch(W, f, path.s, 1);
		W->where = where;
		W->line = line;
		fclose(f);
	}
	free(after);
	unlink(path.s);
	free(path.s);
	free(text.s);
	return status;
}

/* ---- Tasks ------------------------------------------------------------ */

/* Makes c (taken over) the current task. */
static void set_task(wb *W, task_config *c)
{
	task_config_free(&W->task);
	W->task = *c;
}

/*
 * What `set` changed in the current task: "key=value" for each parameter
 * that differs from the task file (or the family's defaults) it came
 * from, values exact.  *n of them; the caller frees each and the array.
 */
static char **task_changes(wb *W, int *n)
{
	const task_family *f = W->task.family;
	task_config base = { 0 };
	e2l_error err;
	char **out = xcalloc((size_t)f->nparams + 1, sizeof *out);

	if (cmd_load_task(W->task.path ? W->task.path : W->task.name, &base,
			  &err) != E2L_OK || base.family != f) {
		if (base.family)
			task_config_free(&base);
		task_config_default(&base, f);
	}
	*n = 0;
	for (int i = 0; i < f->nparams; i++) {
		char buf[64], bbuf[64];
		const char *value = task_config_text(&W->task, i, 1, buf,
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

static int wbc_tasks(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	fprintf(W->out, "task families:\n");
	for (int i = 0; task_families[i]; i++)
		fprintf(W->out, "  %-12s %s\n", task_families[i]->name,
			task_families[i]->summary);
	size_t n;
	char **names = cmd_data_names("tasks", ".task", &n);
	if (names) {
		fprintf(W->out, "task files:");
		for (size_t k = 0; k < n; k++) {
			fprintf(W->out, "%s%s", k % 6 ? "  " : "\n  ", names[k]);
			free(names[k]);
		}
		fprintf(W->out, "\n");
		free(names);
	}
	fprintf(W->out, "current task: %s (family %s)\n", W->task.name,
		W->task.family->name);
	return WB_OK;
}

static int wbc_task(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 1) {
		cmd_show_params(W->out, &W->task);
		return WB_OK;
	}
	task_config c;
	e2l_error err;
	if (cmd_load_task(argv[1], &c, &err) != E2L_OK)
		return wb_error(W, WB_DATAERR, "%s", err.msg);
	set_task(W, &c);
	fprintf(W->out, "task %s (family %s): %s\n", c.name, c.family->name,
		c.family->summary);
	fprintf(W->out, "rule variables:");
	for (int i = 0; i < c.family->nvars; i++)
		fprintf(W->out, " %s", c.family->vars[i]);
	fprintf(W->out, "\n");
	return WB_OK;
}

static int wbc_set(wb *W, int argc, char **argv, const char *rest)
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
	e2l_error err;
	if (task_config_set(&W->task, key, value, &err) != E2L_OK)
		return wb_error(W, WB_DATAERR, "set: %s", err.msg);
	int i = task_param_index(W->task.family, key);
	const char *unit = W->task.family->params[i].unit;
	fprintf(W->out, "%s = %s%s%s\n", key, value, *unit ? " " : "", unit);
	return WB_OK;
}

/* ---- Running rules -------------------------------------------------- */

typedef struct {
	uint64_t seed;
	int experiments;
	int have_seed;
} run_flags;

/* --seed S and --experiments K, wherever they are before "--"; returns
 * the other words in order (in place), or -1 after an error. */
static int run_options(wb *W, int argc, char **argv, run_flags *o)
{
	int k = 0, options = 1;
	*o = (run_flags){ .seed = 1 };
	for (int i = 0; i < argc; i++) {
		char *end;
		int valued = !strcmp(argv[i], "--seed") ||
			!strcmp(argv[i], "--experiments");
		if (!options) {
			argv[k++] = argv[i];
		} else if (!strcmp(argv[i], "--")) {
			options = 0;
		} else if (valued && i + 1 == argc) {
			wb_error(W, WB_USAGE, "%s: option %s needs a value: "
				 "%s %s", argv[0], argv[i], argv[i],
				 argv[i][2] == 's' ? "S" : "K");
			return -1;
		} else if (valued) {
			unsigned long long v = strtoull(argv[i + 1], &end, 10);
			if (*end || !*argv[i + 1] || argv[i + 1][0] == '-' ||
			    (argv[i][2] == 'e' && (v < 1 || v > 10000))) {
				wb_error(W, WB_USAGE, "%s: '%s' is not a valid "
					 "number", argv[i], argv[i + 1]);
				return -1;
			}
			if (argv[i][2] == 's') {
				o->seed = v;
				o->have_seed = 1;
			} else {
				o->experiments = (int)v;
			}
			i++;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			wb_error(W, WB_USAGE, "%s: unknown option '%s' (see "
				 "`help %s`; put '--' before a formula that "
				 "starts with '--')", argv[0], argv[i], argv[0]);
			return -1;
		} else {
			argv[k++] = argv[i];
		}
	}
	return k;
}

/* The current task, switched to the rule's family when it differs. */
static int task_for(wb *W, const task_family *f)
{
	if (W->task.family == f)
		return WB_OK;
	char name[64];
	task_config c;
	e2l_error err;
	snprintf(name, sizeof name, "%s-quick", f->name);
	if (cmd_load_task(name, &c, &err) != E2L_OK &&
	    cmd_load_task(f->name, &c, &err) != E2L_OK)
		return wb_error(W, WB_DATAERR, "%s", err.msg);
	set_task(W, &c);
	fprintf(W->out, "task %s (the rule is for the %s family)\n", c.name,
		f->name);
	return WB_OK;
}

static int wbc_run(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	run_flags o;
	int n = run_options(W, argc, argv, &o);
	if (n < 0)
		return WB_USAGE;
	if (W->live && live_running(W->live))
		return wb_error(W, WB_USAGE, "a run is going; `stop` it first "
				"(or Ctrl-C)");
	if (n < 2)
		return wb_error(W, WB_USAGE, "usage: run RULE [--seed S] "
				"[--experiments K]");
	/* A formula with spaces needs no quotes: the words are joined. */
	strbuf joined = { 0 };
	for (int i = 1; i < n; i++)
		strbuf_printf(&joined, "%s%s", i > 1 ? " " : "", argv[i]);
	argv[1] = joined.s;
	resolved r;
	int status = resolve(W, argv[1], 1, &r);
	free(joined.s);
	if (status != WB_OK)
		return status;
	if ((status = task_for(W, r.family)) != WB_OK) {
		resolved_free(&r);
		return status;
	}
	if (r.n != W->task.family->nformulas) {
		resolved_free(&r);
		return wb_error(W, WB_DATAERR, "task family %s takes %d "
				"formula%s (write 'f ; d' for a pair)",
				W->task.family->name,
				W->task.family->nformulas,
				W->task.family->nformulas > 1 ? "s" : "");
	}
	task_options opts = { .seed = o.seed, .experiments = o.experiments };
	e2l_error err;
	live_free(W->live);
	W->live = live_start(&W->task, (const char *const *)r.text, r.name,
			     &opts, &err);
	W->live_reported = 0;
	resolved_free(&r);
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
	live_snapshot *S = xmalloc(sizeof *S);
	live_copy(W->live, S);
	if (S->status == E2L_OK) {
		textblock tb;
		tb_init(&tb, W->big ? 30 : 22, W->cols);
		view_run(S, &tb, W->glyphs, W->big);
		tb_print(&tb, W->out);
		tb_free(&tb);
	}
	/* A run stopped on request is reported, not failed. */
	status = S->status == E2L_OK || S->status == E2L_ESTOPPED ? WB_OK :
		WB_DATAERR;
	free(S);
	wb_tick(W);
	return status;
}

static int wbc_stop(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 1) {
		const char *what = wb_interrupt(W);
		if (!what)
			return wb_error(W, WB_USAGE, "nothing is running here "
					"(`stop JOB` stops an evolution)");
		fprintf(W->out, "stopping the %s\n", what);
		return WB_OK;
	}
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, argv[1]);
	if (!j)
		return wb_error(W, WB_USAGE, "no job '%s' (see `jobs`)",
				argv[1]);
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
		cmd_validation_report(o, &v->cfg, v->seed, v->rule.name,
				      &res[0], v->base.name, &res[1], 0);
	}
	task_result_free(&res[0]);
	task_result_free(&res[1]);
	alg_release_caches();
	v->bg.done = 1;
	return NULL;
}

static int wbc_validate(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	run_flags o;
	int n = run_options(W, argc, argv, &o);
	if (n < 0)
		return WB_USAGE;
	if (n != 4 || (strcmp(argv[2], "vs") && strcmp(argv[2], "--vs")))
		return wb_error(W, WB_USAGE, "usage: validate RULE vs BASELINE "
				"[--seed S] [--experiments K]");
	if (W->bg)
		return wb_error(W, WB_USAGE, "a validation is going; wait for "
				"it, or `stop` it");
	resolved ra, rb;
	int status = resolve(W, argv[1], 1, &ra);
	if (status != WB_OK)
		return status;
	if ((status = resolve(W, argv[3], 1, &rb)) != WB_OK) {
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
	e2l_error err;
	if (status == WB_OK &&
	    (task_rule_parse(&v->rule, ra.family, (const char *const *)ra.text,
			     ra.name, &err) != E2L_OK ||
	     task_rule_parse(&v->base, rb.family, (const char *const *)rb.text,
			     rb.name, &err) != E2L_OK))
		status = wb_error(W, WB_DATAERR, "%s", err.msg);
	if (status != WB_OK) {
		task_rule_free(&v->rule);
		task_rule_free(&v->base);
		free(v);
		resolved_free(&ra);
		resolved_free(&rb);
		return status;
	}
	task_config_copy(&v->cfg, &W->task);
	v->seed = o.seed;
	v->rec = (task_recorder){ .stop = &v->bg.stop };
	v->opts = (task_options){ .seed = o.seed ^ CMD_VALIDATION_SALT,
				  .experiments = o.experiments ? o.experiments :
						 cmd_validation_size(&v->cfg),
				  .rec = &v->rec };
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

/* ---- Evolutions --------------------------------------------------------- */

/*
 * evolve [TASK] [--preset P] [--generations N] [--seed S] [--runs K]
 *        [--out DIR] [--resume DIR] [--threads T] [-s KEY=VALUE]...
 *        [--columns N] ... (every setting of evo_settings_table)
 * Each run is a background job, `e2l evolve` with these options, writing
 * its own directory.  The current task, with its `set` changes, is the
 * default.
 */
static int wbc_evolve(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	const char *task = NULL, *out = NULL, *resume = NULL;
	unsigned long long seed = 1;
	long runs = 1;
	const char **args = xcalloc((size_t)argc * 2 + 64, sizeof *args);
	int nargs = 0, status = WB_OK;
	char seedbuf[32];
	/* Settings given, in order: checked here as `e2l evolve` will. */
	const evo_setting **setk = xcalloc((size_t)argc + 1, sizeof *setk);
	const char **setv = xcalloc((size_t)argc + 1, sizeof *setv);
	const char **seto = xcalloc((size_t)argc + 1, sizeof *seto);
	const char *preset = NULL;
	int nset = 0;

	static const char *const valued[] = {
		"--out DIR", "--resume DIR", "--seed S", "--runs K",
		"--preset P", "-s KEY=VALUE", "--generations N",
		"--task-seed S", "--threads T", "--wall SECONDS",
		"--max-evaluations N", NULL
	};
	int options = 1;
	for (int i = 1; i < argc && status == WB_OK; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		char *end;
		if (options && !has && a[0] == '-') {
			/* An option without its value says so. */
			size_t n = strlen(a);
			for (const char *const *v = valued; *v; v++)
				if (!strncmp(*v, a, n) && (*v)[n] == ' ') {
					status = wb_error(W, WB_USAGE, "evolve: "
							  "option %s needs a "
							  "value: %s", a, *v);
					break;
				}
			if (status != WB_OK)
				break;
		}
		const evo_setting *k = NULL;
		int off = 0;
		if (options && a[0] == '-' && a[1] == '-')
			k = evo_setting_option(a + 2, &off);
		if (options && !strcmp(a, "--")) {
			options = 0;
		} else if (k && k->arg && !has) {
			status = wb_error(W, WB_USAGE, "evolve: option %s needs "
					  "a value: %s %s", a, a, k->arg);
		} else if (k) {
			evo_settings scratch;
			e2l_error err;
			setk[nset] = k;
			seto[nset] = a;
			setv[nset] = k->arg ? argv[i + 1] : off ? "false" :
				"true";
			evo_settings_init(&scratch, NULL);
			if (evo_settings_set(&scratch, k->key, setv[nset], &err)
			    != E2L_OK)
				status = wb_error(W, WB_USAGE, "evolve: %s: %s",
						  a, err.msg);
			nset++;
			args[nargs++] = a;
			if (k->arg)
				args[nargs++] = argv[++i];
		} else if (!options) {
			if (!task)
				task = a;
			else
				status = wb_error(W, WB_USAGE, "evolve: one "
						  "task only");
		} else if (!strcmp(a, "--out") && has) {
			out = argv[++i];
		} else if (!strcmp(a, "--resume") && has) {
			resume = argv[++i];
		} else if ((!strcmp(a, "--seed") || !strcmp(a, "--runs")) &&
			   has) {
			unsigned long long v = strtoull(argv[++i], &end, 10);
			if (*end || argv[i][0] == '-' || !argv[i][0] ||
			    (a[2] == 'r' && (v < 1 || v > 64)))
				status = wb_error(W, WB_USAGE, "%s: '%s' is not "
						  "valid", a, argv[i]);
			else if (a[2] == 's')
				seed = v;
			else
				runs = (long)v;
		} else if (a[0] == '-' && has &&
			   (!strcmp(a, "--preset") || !strcmp(a, "-s") ||
			    !strcmp(a, "--generations") ||
			    !strcmp(a, "--task-seed") ||
			    !strcmp(a, "--threads") || !strcmp(a, "--wall") ||
			    !strcmp(a, "--max-evaluations"))) {
			args[nargs++] = a;
			args[nargs++] = argv[++i];
		} else if (!strcmp(a, "--no-cache")) {
			args[nargs++] = a;
		} else if (a[0] == '-') {
			status = wb_error(W, WB_USAGE, "evolve: unknown option "
					  "'%s' (see `help evolve`)", a);
		} else if (!task) {
			task = a;
		} else {
			status = wb_error(W, WB_USAGE, "evolve: one task only");
		}
	}
	/* What can be checked here is: a mistake shows at once, not as a
	 * failed job a moment later. */
	const char **sets = xcalloc((size_t)nargs + 1, sizeof *sets);
	int nsets = 0;
	for (int i = 0; status == WB_OK && i + 1 < nargs; i++) {
		if (!strcmp(args[i], "--preset") && !evo_preset_find(args[i + 1]))
			status = wb_error(W, WB_USAGE, "evolve: unknown preset "
					  "'%s' (see `e2l evolve --help`)",
					  args[i + 1]);
		if (!strcmp(args[i], "--preset"))
			preset = args[i + 1];
		if (!strcmp(args[i], "-s"))
			sets[nsets++] = args[i + 1];
	}
	if (status == WB_OK && resume && (nset || preset))
		status = wb_error(W, WB_USAGE, "evolve: %s: a resumed run keeps "
				  "the settings in %s/run.conf; start a new run "
				  "to change them", nset ? seto[0] : "--preset",
				  resume);
	task_config c;
	int loaded = 0;
	if (status == WB_OK && task && !resume) {
		e2l_error err;
		if (cmd_load_task(task, &c, &err) != E2L_OK) {
			status = wb_error(W, WB_DATAERR, "%s", err.msg);
		} else {
			loaded = 1;
			if (cmd_apply_sets(&c, sets, nsets, &err) != E2L_OK)
				status = wb_error(W, WB_DATAERR, "%s", err.msg);
		}
	}
	/* The settings together and against the task's family, as the job
	 * will check them. */
	const task_family *fam = loaded ? c.family : W->task.family;
	const evo_preset *p = preset ? evo_preset_find(preset) :
		fam ? evo_preset_for(fam->name) : NULL;
	if (status == WB_OK && !resume && nset && p && fam &&
	    !strcmp(p->family, fam->name)) {
		evo_settings S;
		const char *key;
		e2l_error err;
		evo_settings_init(&S, p);
		for (int i = 0; i < nset; i++)
			evo_settings_set(&S, setk[i]->key, setv[i], &err);
		if (evo_settings_check(&S, fam, &key, &err) != E2L_OK) {
			const char *opt = NULL;
			for (int i = 0; i < nset; i++)
				if (!strcmp(setk[i]->key, key))
					opt = seto[i];
			status = opt ? wb_error(W, WB_USAGE, "evolve: %s: %s",
						opt, err.msg) :
				wb_error(W, WB_USAGE, "evolve: preset %s: %s: "
					 "%s", p->name, key, err.msg);
		}
	}
	if (loaded)
		task_config_free(&c);
	free(sets);
	free(setk);
	free(setv);
	free(seto);
	if (status != WB_OK) {
		free(args);
		return status;
	}
	jobs_poll(&W->jobs);
	if (resume) {
		const char *rargs[] = { "--resume", resume };
		e2l_error err;
		job *j = jobs_start(&W->jobs, rargs, 2, resume, "resumed", &err);
		free(args);
		if (!j)
			return wb_error(W, WB_IOERR, "%s", err.msg);
		fprintf(W->out, "job %d: resuming %s\n", j->id, resume);
		W->watched = j->id;
		if (W->fe && W->fe->show)
			W->fe->show(W, "dashboard");
		return WB_OK;
	}
	/* The task: named, or the current one with its changes. */
	const char *task_arg = task ? task : W->task.path ? W->task.path :
		W->task.name;
	int nchanges = 0;
	char **changes = task ? NULL : task_changes(W, &nchanges);
	args = xrealloc(args, (size_t)(nargs + 2 * nchanges + 8) *
			sizeof *args);
	for (int i = 0; i < nchanges; i++) {
		args[nargs++] = "-s";
		args[nargs++] = changes[i];
	}
	for (long k = 0; k < runs; k++) {
		char dir[4096], what[256];
		unsigned long long s = seed + (unsigned long long)k;
		const char *base = task ? task : W->task.name;
		const char *slash = strrchr(base, '/');
		char stem[128];
		snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : base);
		char *dot = strstr(stem, ".task");
		if (dot)
			*dot = '\0';
		if (out && runs == 1)
			snprintf(dir, sizeof dir, "%s", out);
		else
			snprintf(dir, sizeof dir, "%s/%s-seed%llu",
				 out ? out : "runs", stem, s);
		/* Never two runs in one directory: number the next one. */
		for (int v = 2; access(dir, F_OK) == 0 && v < 1000; v++) {
			if (out && runs == 1)
				snprintf(dir, sizeof dir, "%s-%d", out, v);
			else
				snprintf(dir, sizeof dir, "%s/%s-seed%llu-%d",
					 out ? out : "runs", stem, s, v);
		}
		int m = nargs;
		snprintf(seedbuf, sizeof seedbuf, "%llu", s);
		args[m++] = task_arg;
		args[m++] = "--seed";
		args[m++] = seedbuf;
		snprintf(what, sizeof what, "%s seed %llu", stem, s);
		e2l_error err;
		job *j = jobs_start(&W->jobs, args, m, dir, what, &err);
		if (!j) {
			status = wb_error(W, WB_IOERR, "%s", err.msg);
			break;
		}
		fprintf(W->out, "job %d: evolving %s (seed %llu) into %s\n",
			j->id, stem, s, dir);
		W->watched = j->id;
	}
	free_changes(changes, nchanges);
	free(args);
	if (status == WB_OK && W->fe && W->fe->show)
		W->fe->show(W, "dashboard");
	return status;
}

static int wbc_jobs(wb *W, int argc, char **argv, const char *rest)
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
			fprintf(W->out, " gen %ld/%ld  best %.6g  %s", g->generation,
				j->log.generations - 1,
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

/* watch JOB|DIR: the dashboard follows it; in batch mode, one line per
 * generation until the run is no longer running. */
static int wbc_watch(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	jobs_poll(&W->jobs);
	job *j = jobs_find(&W->jobs, argv[1]);
	e2l_error err;
	if (!j && !(j = jobs_watch(&W->jobs, argv[1], &err)))
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
	if (j->log_open && j->log.ngen > 0) {
		/* The dashboard as text: the curve and the hall of fame. */
		textblock tb;
		tb_init(&tb, 20, W->cols);
		view_dashboard(j, &tb, W->glyphs, 0);
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
static int wbc_best(wb *W, int argc, char **argv, const char *rest)
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

static int wbc_export(wb *W, int argc, char **argv, const char *rest)
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
				    0);
	}
	resolved_free(&r);
	return status;
}

/* save FILE: the session as a script that `load` (or `e2l FILE`)
 * replays: the task, its changes, the rules.  Written whole through a
 * temporary and a rename (e2l_write_atomic): a planted symbolic link is
 * replaced, never followed. */
static int wbc_save(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
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

static int wbc_load(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)rest;
	e2l_error err;
	FILE *f = e2l_fopen_read(argv[1], &err);
	if (!f)
		return wb_error(W, WB_IOERR, "%s", err.msg);
	const char *where = W->where;
	int line = W->line;
	int status = wb_batch(W, f, argv[1], 0);
	W->where = where;
	W->line = line;
	fclose(f);
	return status;
}

/* ---- Help, the tour, the rest ----------------------------------------- */

/* The man page, from this table: doc/e2l.1 is this output. */
static void man_page(FILE *o)
{
	fprintf(o, ".\\\" Generated by `e2l -c 'help --man'` from the command "
		"table in src/app/wb_cmds.c; do not edit.\n"
		".TH E2L 1 \"\" \"e2l\" \"User Commands\"\n"
		".SH NAME\ne2l \\- a workbench for evolving interpretable "
		"plasticity rules\n"
		".SH SYNOPSIS\n.B e2l\n[\\fISCRIPT\\fR]\n.br\n.B e2l\n"
		"\\fB\\-c\\fR \\fICOMMANDS\\fR...\n.br\n.B e2l\n\\fBwatch\\fR "
		"\\fIDIR\\fR\n.br\n.B e2l\n\\fISUBCOMMAND\\fR ... (see "
		"\\fBe2l \\-\\-help\\fR)\n"
		".SH DESCRIPTION\nOn a terminal, \\fBe2l\\fR opens the "
		"workbench: a command line under a live view of the current "
		"rule, the last run (spike raster, weights, potentials, "
		"learning curve) and the evolutions running in the "
		"background.  With \\fB\\-c\\fR, a script, or commands piped "
		"on standard input (or \\fB\\-\\-no\\-tui\\fR), the same "
		"commands run without the screen: plots print as text, "
		"errors go to standard error with the line number, and the "
		"exit status is that of the first failing command.\n"
		".SH COMMANDS\n");
	for (const wb_command *c = wb_commands; c->name; c++) {
		fprintf(o, ".TP\n.B %s", c->name);
		if (*c->args)
			fprintf(o, " \\fI%s\\fR", c->args);
		fprintf(o, "\n%s.  %s\n", c->summary, c->help);
	}
	fprintf(o, ".SH KEYS\n.TP\n.B ? \\fRor\\fB F1\nhelp (on an empty "
		"line)\n.TP\n.B Ctrl-C\nstops the run, or clears the line\n"
		".TP\n.B Ctrl-D\nquits (on an empty line)\n.TP\n.B Tab\n"
		"completes commands, rules, tasks, parameters and files\n"
		".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nmonochrome\n.TP\n.B "
		"EDITOR\\fR, \\fBVISUAL\nthe editor of \\fBedit\\fR\n.TP\n"
		".B E2L_DATA\na folder with tasks/ and rules/ to search "
		"first\n.SH FILES\n.TP\n.I $XDG_STATE_HOME/e2l/history\nthe "
		"command history\n");
}

static int wbc_help(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 2 && !strcmp(argv[1], "--man")) {
		man_page(W->out);
		return WB_OK;
	}
	if (argc == 2) {
		const wb_command *c = wb_command_find(argv[1]);
		if (!c)
			return wb_error(W, WB_USAGE, "help: no command '%s'",
					argv[1]);
		fprintf(W->out, "%s %s\n  %s.\n  %s\n", c->name, c->args,
			c->summary, c->help);
		return WB_OK;
	}
	fprintf(W->out, "NAME = FORMULA        define a rule (a pair: "
		"NAME = FACILITATE ; DEPRESS)\n");
	for (const wb_command *c = wb_commands; c->name; c++) {
		char head[64];
		snprintf(head, sizeof head, "%s %s", c->name, c->args);
		fprintf(W->out, "%-21.21s %s\n", head, c->summary);
	}
	fprintf(W->out, "A line that is not a command is simplified as a "
		"formula.  `help COMMAND` for more.\n");
	return WB_OK;
}

static int wbc_quit(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	W->quit = 1;
	return WB_OK;
}

/* view [big|normal]: the projector layout. */
static int wbc_view(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 2 && (!strcmp(argv[1], "big") ||
			  !strcmp(argv[1], "normal"))) {
		W->big = argv[1][0] == 'b';
		return WB_OK;
	}
	return wb_error(W, WB_USAGE, "usage: view big|normal");
}

/* The tour: each step a caption and a command. */
static const struct {
	const char *caption;
	const char *command;
} tour[] = {
	{ "Reward-driven learning.  A neuron sees frozen spike patterns and "
	  "must fire for some (label +1) and stay silent for others (-1); "
	  "after each trial it gets a reward R = +1 or -1.  This is the quick "
	  "version of the paper's task.", "task reward-quick" },
	{ "A plasticity rule is a formula in what a synapse can know: the "
	  "reward R, its eligibility trace E, and running averages of past "
	  "rewards.  The paper's evolved rule LR0 is (R - 1)*E: when the answer "
	  "is wrong, weaken the synapses that took part.",
	  "lr0 = (R - 1)*E" },
	{ "Run it.  The raster shows some inputs and the output per trial, "
	  "with the pattern's label and whether the answer was right; below, "
	  "weights and the cumulative reward.", "run lr0" },
	{ "Error-driven learning.  A student neuron learns to follow a "
	  "teacher's membrane potential v from its own u and each input's "
	  "trace s.", "task error-quick" },
	{ "The classic delta rule, found again by evolution in the paper: "
	  "move each weight by the error times the input.",
	  "delta = (v - u)*s" },
	{ "Watch u follow v and the error fall.", "run delta" },
	{ "Correlation-driven learning.  A frozen pattern hides in Poisson "
	  "noise; spike-timing-dependent plasticity (a facilitation and a "
	  "depression formula of the weight w and a trace k) should make the "
	  "neuron detect it.", "task correlation-quick" },
	{ "One of the paper's evolved STDP rules.", "run lr1" },
	{ "Now let evolution search: Cartesian genetic programming proposes "
	  "formulas, e2l simplifies and runs them.  This runs in the "
	  "background; type while it goes.",
	  "evolve error-quick --generations 40 --seed 1" },
};

static int wbc_demo(wb *W, int argc, char **argv, const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	int n = (int)(sizeof tour / sizeof *tour), status = WB_OK;
	for (int i = 0; i < n && status == WB_OK; i++) {
		char caption[1024];
		snprintf(caption, sizeof caption, "[%d/%d] %s\n  > %s", i + 1,
			 n, tour[i].caption, tour[i].command);
		if (W->fe && W->fe->pause) {
			if (W->fe->pause(W, caption) < 0)
				break;
		} else {
			fprintf(W->out, "\n%s\n", caption);
		}
		status = wb_exec(W, tour[i].command);
	}
	return status;
}

/*
 * The table.  `complete` says what tab offers for the arguments (see
 * wb.h).  Keep the help texts short: they are the man page too.
 */
const wb_command wb_commands[] = {
	{ "help", "[COMMAND]", "list the commands, or explain one",
	  "`help --man` prints the manual page.", "c", 0, 1, wbc_help },
	{ "rules", "", "list the rules of the session and the rule files",
	  "Rule files are found in ./rules, $E2L_DATA/rules and the "
	  "installed data.", "", 0, 0, wbc_rules },
	{ "show", "RULE", "a rule as typed, simplified, and its task family",
	  "", "r", 1, 1, wbc_show },
	{ "simplify", "FORMULA|RULE", "the shortest exact form",
	  "Exact rational arithmetic: the result is the same function "
	  "wherever the formula is defined (cancelling can define it on "
	  "more: log(x) - log(x) is 0).  A pair 'f ; d' is simplified part "
	  "by part.", "v", 1, -1, wbc_form },
	{ "expand", "FORMULA|RULE", "numerator and denominator multiplied out",
	  "", "v", 1, -1, wbc_form },
	{ "factor", "FORMULA|RULE", "a product of irreducible factors", "",
	  "v", 1, -1, wbc_form },
	{ "latex", "FORMULA|RULE", "the simplified form in LaTeX", "", "v",
	  1, -1, wbc_form },
	{ "explain", "FORMULA|RULE", "the compiled program that runs the rule",
	  "One register instruction per line, as the simulation runs it over "
	  "blocks of synapses.", "v", 1, -1, wbc_form },
	{ "equiv", "A B", "are two formulas (or rules) the same function?",
	  "Exact where the algebra decides; otherwise the formulas are "
	  "compared at seeded points, which can show a difference (a point "
	  "where they differ, or where one is undefined) but not prove "
	  "them the same.  Quote formulas with spaces, or write A == B.  "
	  "Status 0 when they are the same (exact), 1 when they differ, 2 "
	  "when they agree at every point compared (not proven) or could "
	  "not be compared.", "r", 1, -1, wbc_equiv },
	{ "edit", "RULE", "edit a rule in $EDITOR",
	  "The screen returns when the editor exits; the file's definitions "
	  "replace the rule.", "r", 1, 1, wbc_edit },
	{ "tasks", "", "the task families and task files", "", "", 0, 0, wbc_tasks },
	{ "task", "[NAME]", "choose the current task, or show its parameters",
	  "NAME is a task file (tasks/NAME.task) or a family's defaults.  "
	  "Without NAME: every parameter with its unit, range and value.",
	  "t", 0, 1, wbc_task },
	{ "set", "KEY VALUE", "change a parameter of the current task",
	  "The same checks as in a task file; evolutions started from here "
	  "get the change too.", "p", 1, 2, wbc_set },
	{ "run", "RULE [--seed S] [--experiments K]",
	  "run a rule on the current task, live",
	  "RULE is a rule's name, a rule file, or a formula.  The view shows "
	  "the spike raster, weights, potentials and the learning curve of "
	  "experiment 0 while all experiments run; Ctrl-C or `stop` stops it.",
	  "r", 1, -1, wbc_run },
	{ "stop", "[JOB]", "stop the run, or an evolution (resumable)",
	  "An evolution finishes the generation in flight and writes its "
	  "checkpoint.", "j", 0, 1, wbc_stop },
	{ "validate", "RULE vs BASELINE [--experiments K]",
	  "compare two rules on fresh validation experiments",
	  "Both rules on the same experiments, with seeds no evolution "
	  "saw; the paired difference, its 95% CI and paired t-test, wins "
	  "per experiment, and Welch's test beside them.",
	  "r", 3, -1, wbc_validate },
	{ "evolve", "[TASK] [--preset P] [--generations N] [--seed S] "
	  "[--runs K] [--task-seed S] [--out DIR] [--resume DIR] "
	  "[-s KEY=VALUE] [SETTING]...",
	  "evolve rules in the background",
	  "Each run is a job writing a run directory (runs/TASK-seedS unless "
	  "--out); the prompt returns at once and the dashboard shows "
	  "fitness, the champion and the hall of fame.  Without TASK, the "
	  "current task with its `set` changes.  Presets (the paper's "
	  "settings): error, reward (published set 1; also reward-set1), "
	  "reward-set0, reward-set2, reward-set3, reward-code, correlation.  "
	  "A SETTING changes the preset's: --inputs A,B,... (the family's "
	  "variables, by name), --columns N, --primitives LIST (+,-,*,/,^ "
	  "and constants), --mu N, --lambda N, --tournament N, "
	  "--mutation-rate P, --reorder or --no-reorder, --min-fitness F; "
	  "run.conf saves them all and --resume keeps them.  `e2l evolve "
	  "--help` shows each preset's settings.", "t", 0, -1, wbc_evolve },
	{ "jobs", "", "the evolutions of this session and watched runs", "",
	  "", 0, 0, wbc_jobs },
	{ "watch", "JOB|DIR", "follow an evolution in the dashboard",
	  "DIR may be any run directory, also one an `e2l evolve` elsewhere "
	  "is writing (another terminal, a cluster job on a shared disk).  "
	  "Without a screen, prints one line per generation until the run "
	  "stops.", "j", 1, 1, wbc_watch },
	{ "best", "JOB|DIR [NAME]", "the champion of an evolution as a rule",
	  "Defines NAME (default bestJOB) from the last generation's "
	  "champion.", "j", 1, 2, wbc_best },
	{ "export", "RULE latex|c|python|brian2",
	  "the rule as code for another tool",
	  "brian2 prints a Synapses snippet (on_pre/on_post for the "
	  "correlation task's STDP).", "r", 2, -1, wbc_export },
	{ "save", "FILE", "save the session's task, changes and rules",
	  "As a script of commands: `load FILE` or `e2l FILE` replays it.",
	  "f", 1, 1, wbc_save },
	{ "load", "FILE", "run the commands of a file", "", "f", 1, 1, wbc_load },
	{ "demo", "", "a guided tour of the three tasks, one step per key",
	  "For class: quick presets, a caption per step.  Also `tour`.", "",
	  0, 0, wbc_demo },
	{ "tour", "", "the same as demo", "", "", 0, 0, wbc_demo },
	{ "view", "big|normal", "the projector layout, or the normal one",
	  "big: one panel at a time, block glyphs and large figures.", "",
	  1, 1, wbc_view },
	{ "quit", "", "leave (stops the evolutions; they stay resumable)",
	  "Also Ctrl-D on an empty line.", "", 0, 0, wbc_quit },
	{ "exit", "", "the same as quit", "", "", 0, 0, wbc_quit },
	{ NULL, NULL, NULL, NULL, NULL, 0, 0, NULL },
};
