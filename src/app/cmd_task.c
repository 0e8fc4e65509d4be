/*
 * cmd_task.c - what the commands that run rules on tasks share: finding
 * task and rule files, -s settings, the report of `run` from the shell
 * (cmd_run_report; the text is src/tasks/report.c's), and the
 * task tables `tasks` prints.
 *
 * A TASK argument is a task file, the name of one in tasks/, or a family
 * name (its defaults).  A RULE is a rule file, the name of one in rules/
 * (with or without the family prefix: `eq7` finds rules/error-eq7.rule),
 * or a formula.  Files are looked up in the current directory, then in
 * $E2L_DATA, the source tree e2l was built from, and the installed data.
 */
#define _DEFAULT_SOURCE         /* realpath */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cmd.h"
#include "figure.h"
#include "record.h"
#include "wb.h"
#include "e2l/task.h"

char *cmd_escaped(const char *s)
{
	size_t n = 4 * strlen(s) + 1;
	char *b = xmalloc(n);

	e2l_escape(s, b, n);
	return b;
}

static wb *error_session;

void cmd_errors_into(wb *W)
{
	error_session = W;
}

void cmd_error(const char *fmt, ...)
{
	va_list ap;
	char *msg, *e;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	va_start(ap, fmt);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
	if (error_session) {
		wb_error(error_session, EX_USAGE, "%s", msg);
		free(msg);
		return;
	}
	e = cmd_escaped(msg);
	fprintf(stderr, "e2l: %s\n", e);
	free(e);
	free(msg);
}

static int file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The first DIR/sub/name that exists, in the search order above; the
 * caller frees it.  NULL if none. */
char *cmd_find_data(const char *sub, const char *name, const char *ext)
{
	const char *dirs[] = { ".", getenv("E2L_DATA"), E2L_SRCDIR,
			       E2L_PKGDATADIR };
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		size_t n = strlen(dirs[i]) + strlen(sub) + strlen(name) +
			strlen(ext) + 3;
		char *p = xmalloc(n);
		snprintf(p, n, "%s/%s/%s%s", dirs[i], sub, name, ext);
		if (file_exists(p)) {
			char *real = realpath(p, NULL);
			if (real) {
				free(p);
				return real;
			}
			return p;
		}
		free(p);
	}
	return NULL;
}

/* A file named on the command line: it ends in the extension, or it
 * exists (a formula may contain '/' too). */
int cmd_looks_like_path(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);
	return (n > e && !strcmp(s + n - e, ext)) ||
		(strchr(s, '/') && file_exists(s));
}

char *cmd_rule_path(const task_family *f, const char *word)
{
	if (cmd_looks_like_path(word, ".rule"))
		return xstrdup(word);
	if (strlen(word) >= 100 || strpbrk(word, " ()*+/^"))
		return NULL;
	char prefixed[160];
	snprintf(prefixed, sizeof prefixed, "%s-%s", f->name, word);
	char *path = cmd_find_data("rules", prefixed, ".rule");
	return path ? path : cmd_find_data("rules", word, ".rule");
}

e2l_status cmd_load_task(const char *arg, task_config *cfg, e2l_error *err)
{
	const task_family *f;
	char *path;

	if (cmd_looks_like_path(arg, ".task"))
		return task_config_load(arg, cfg, err);
	if ((path = cmd_find_data("tasks", arg, ".task"))) {
		e2l_status st = task_config_load(path, cfg, err);
		free(path);
		return st;
	}
	if ((f = task_family_find(arg))) {
		task_config_default(cfg, f);
		return E2L_OK;
	}
	char known[200] = "";
	for (int i = 0; task_families[i]; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known),
			 "%s%s", i ? ", " : "", task_families[i]->name);
	return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "unknown task '%s' (task "
			"families: %s; or a task file)", arg, known);
}

/* ---- Progress on a terminal ---------------------------------------- */

typedef struct {
	task_recorder inner;        /* the CSV recorder, or all NULL */
	pthread_mutex_t lock;
	double *done;               /* per experiment, 0..1 */
	int n;
	int shown;                  /* last percentage printed */
	const char *what;
} progress;

static void pr_progress(void *ctx, int exp, double done)
{
	progress *P = ctx;
	double sum = 0;
	pthread_mutex_lock(&P->lock);
	P->done[exp] = done;
	for (int k = 0; k < P->n; k++)
		sum += P->done[k];
	int pct = (int)(100.0 * sum / P->n);
	if (pct != P->shown) {
		P->shown = pct;
		fprintf(stderr, "\r%s: %3d%%", P->what, pct);
	}
	pthread_mutex_unlock(&P->lock);
}

static void pr_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	progress *P = ctx;
	if (P->inner.sample)
		P->inner.sample(P->inner.ctx, exp, name, unit, t, value);
}

static void pr_spike(void *ctx, int exp, int trial, int which, double t)
{
	progress *P = ctx;
	if (P->inner.spike)
		P->inner.spike(P->inner.ctx, exp, trial, which, t);
}

static void pr_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	progress *P = ctx;
	if (P->inner.trial)
		P->inner.trial(P->inner.ctx, exp, trial, name, value);
}

static void pr_inputs(void *ctx, int exp, const task_family *f,
		      const char *rows, size_t len)
{
	progress *P = ctx;
	if (P->inner.inputs)
		P->inner.inputs(P->inner.ctx, exp, f, rows, len);
}

/* ---- Options ------------------------------------------------------ */

static int is_formula(const char *s)
{
	expr_arena *A = expr_arena_new();
	const expr *e;
	e2l_error err;
	int ok = expr_parse(A, s, &e, &err) == E2L_OK;

	expr_arena_free(A);
	return ok;
}

/* The value's name for option letter c in values ("S=N" gives "N"). */
static const char *value_name(const char *const *values, int c)
{
	for (; values && *values; values++)
		if ((*values)[0] == c)
			return *values + 2;
	return "VALUE";
}

int cmd_check_options(const char *cmd, int argc, char **argv,
		      const char *shorts, const struct option *longs,
		      const char *const *values)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return 0;
		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] == '-') {
			/* --name, --name=value, or an unambiguous prefix, as
			 * getopt_long takes them. */
			size_t n = strcspn(a + 2, "=");
			const struct option *hit = NULL;
			int matches = 0;
			for (const struct option *o = longs; o->name; o++) {
				if (strncmp(o->name, a + 2, n))
					continue;
				if (strlen(o->name) == n) {
					hit = o;
					matches = 1;
					break;
				}
				hit = o;
				matches++;
			}
			if (matches == 1 && hit->has_arg == required_argument &&
			    !a[2 + n] && i + 1 == argc) {
				cmd_error("%s: option --%s needs a "
					"value: --%s %s", cmd, hit->name,
					hit->name, value_name(values, hit->val));
				return -1;
			}
			if (matches == 1) {
				if (hit->has_arg == required_argument && !a[2 + n])
					i++;
				continue;
			}
			cmd_error("%s: %s option '%.*s' (see 'e2l %s "
				"--help')", cmd, matches ? "ambiguous" :
				"unknown", (int)n + 2, a, cmd);
			return -1;
		}
		for (const char *p = a + 1; *p; p++) {
			const char *o = *p != ':' ? strchr(shorts, *p) : NULL;
			if (!o) {
				/* -u*s is a rule: say how to give one. */
				if (is_formula(a))
					cmd_error("%s: '%s' is not an "
						"option; put '--' before an "
						"argument that starts with '-' "
						"(e2l %s ... -- '%s')", cmd, a,
						cmd, a);
				else
					cmd_error("%s: unknown option "
						"'%s' (see 'e2l %s --help')",
						cmd, a, cmd);
				return -1;
			}
			if (o[1] != ':')
				continue;
			if (!p[1] && i + 1 == argc) {
				cmd_error("%s: option -%c needs a "
					"value: -%c %s", cmd, *p, *p,
					value_name(values, *p));
				return -1;
			}
			if (!p[1])
				i++;
			break;
		}
	}
	return 0;
}

e2l_status cmd_apply_sets(task_config *cfg, const char *const *sets, int n,
			  e2l_error *err)
{
	/* Every value first, then the parameters against each other once,
	 * so that the order of -s options never matters. */
	for (int i = 0; i < n; i++) {
		char *kv = xstrdup(sets[i]), *eq = strchr(kv, '=');
		e2l_status st;
		if (!eq) {
			st = e2l_fail(err, E2L_EUNKNOWN, 0, 0, "-s %s: expected "
				      "KEY=VALUE", sets[i]);
		} else {
			e2l_error e;
			*eq = '\0';
			st = task_config_put(cfg, kv, eq + 1, &e);
			if (st != E2L_OK)
				e2l_fail(err, st, 0, 0, "-s %s: %s", sets[i],
					 e.msg);
		}
		free(kv);
		if (st != E2L_OK)
			return st;
	}
	return n > 0 ? task_config_check(cfg, err) : E2L_OK;
}

/* Evaluates rule on cfg with W->opts's seeds, progress on a terminal
 * in the shell; 0 or an exit code after the error. */
static int evaluate(wb *W, const task_config *cfg, const task_rule *rule,
		    const char *what, task_result *res)
{
	const cmd_opts *o = W->opts;
	task_options opts = { .seed = o->seed, .experiments = o->experiments,
			      .threads = o->threads };
	progress P = { .what = what };
	csv_recorder *csv = NULL;
	task_recorder rec = { 0 };
	e2l_error err;
	int tty = W->shell && isatty(STDERR_FILENO);

	if (o->validate)
		opts.seed = o->seed ^ CMD_VALIDATION_SALT;
	if (o->record &&
	    csv_recorder_open(o->record, &csv, &P.inner, &err) != E2L_OK)
		return wb_error(W, EX_IOERR, "--record: %s", err.msg);
	if (csv || tty) {
		P.n = o->experiments > 0 ? o->experiments :
			(int)task_get(cfg, "experiments");
		P.done = xcalloc((size_t)P.n, sizeof *P.done);
		P.shown = -1;
		pthread_mutex_init(&P.lock, NULL);
		rec = (task_recorder){ .ctx = &P, .sample = pr_sample,
				       .spike = pr_spike, .trial = pr_trial,
				       .inputs = pr_inputs,
				       .progress = tty ? pr_progress : NULL };
		opts.rec = &rec;
	}
	e2l_status st = task_evaluate(cfg, rule, &opts, res, &err);
	if (P.done) {
		if (tty && P.shown >= 0)
			fprintf(stderr, "\r%*s\r", (int)strlen(what) + 8, "");
		pthread_mutex_destroy(&P.lock);
		free(P.done);
	}
	if (csv && csv_recorder_close(csv, st == E2L_OK ? &err : NULL) !=
	    E2L_OK && st == E2L_OK) {
		task_result_free(res);
		return wb_error(W, EX_IOERR, "--record: %s", err.msg);
	}
	if (st != E2L_OK)
		return wb_error(W, cmd_data_code(st), "%s",
				err.msg);
	return EX_OK;
}

int cmd_run_report(wb *W, const task_config *cfg, const task_rule *rule,
		   int typed)
{
	const cmd_opts *o = W->opts;
	task_result res;
	e2l_error err;
	/* A figure's name and panel are checked before anything runs. */
	if (o->panel && !o->figure)
		return wb_error(W, EX_USAGE, "--panel %s: goes with --figure "
				"FILE", o->panel);
	if (o->figure && figure_check(o->figure, o->panel, &cfg->family->view,
				      &err) != E2L_OK)
		return wb_error(W, EX_USAGE, "--figure: %s", err.msg);
	int status = evaluate(W, cfg, rule, "run", &res);
	if (status != EX_OK)
		return status;
	strbuf text = { 0 };
	task_run_report(&text, cfg, rule, &res, o->seed, o->validate, typed,
			o->json);
	fputs(text.s, W->out);
	free(text.s);
	if (o->figure && figure_run(o->figure, o->panel, cfg, rule,
				   o->validate ? o->seed ^ CMD_VALIDATION_SALT :
				   o->seed, &res, &err) != E2L_OK)
		status = wb_error(W, cmd_exit_code(err.status), "--figure: %s",
				  err.msg);
	task_result_free(&res);
	return status;
}

void cmd_show_params(FILE *out, const task_config *cfg)
{
	const task_family *f = cfg->family;
	strbuf b = { 0 };
	task_family_describe(f, 0, &b);
	fputs(b.s, out);
	free(b.s);
	fprintf(out, "%-20s %12s %-4s %-26s %s\n", "parameter", "value", "unit",
	       "range", "description");
	for (int i = 0; i < f->nparams; i++) {
		const task_param *p = &f->params[i];
		char buf[64], range[64];
		const char *value = task_config_text(cfg, i, 0, buf, sizeof buf);
		if (task_param_is_text(p))
			snprintf(range, sizeof range, "a file");
		else if (p->choices)
			snprintf(range, sizeof range, "%s", p->choices);
		else
			snprintf(range, sizeof range, "[%g, %g]%s", p->min,
				 p->max, p->integer ? " whole" : "");
		fprintf(out, "%-20s %12s %-4s %-26s %s%s\n", p->name, value, p->unit,
		       range, p->help, cfg->values[i] != p->def ?
		       " (not the default)" : "");
	}
	strbuf d = { 0 };
	task_replay_describe(f, 0, &d);
	fprintf(out, "\n%s", d.s ? d.s : "");
	free(d.s);
}


static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cmd_data_names(const char *sub, const char *ext, size_t *count)
{
	const char *dirs[] = { ".", getenv("E2L_DATA"), E2L_SRCDIR,
			       E2L_PKGDATADIR };
	*count = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char path[4096];
		if (!dirs[i] || !*dirs[i])
			continue;
		snprintf(path, sizeof path, "%s/%s", dirs[i], sub);
		DIR *d = opendir(path);
		if (!d)
			continue;
		char **names = NULL;
		size_t n = 0, e = strlen(ext);
		struct dirent *de;
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			if (len > e && !strcmp(de->d_name + len - e, ext)) {
				names = xrealloc(names, (n + 1) * sizeof *names);
				names[n++] = strndup(de->d_name, len - e);
			}
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof *names, cmp_str);
		*count = n;
		return names;
	}
	return NULL;
}

/* The names of the files in the first data folder that has SUB. */
static void list_files(FILE *out, const char *sub, const char *ext,
		       const char *what)
{
	size_t n;
	char **names = cmd_data_names(sub, ext, &n);
	if (!names)
		return;
	fprintf(out, "%s (%s/):", what, sub);
	for (size_t k = 0; k < n; k++) {
		fprintf(out, "%s%s", k % 6 ? "  " : "\n  ", names[k]);
		free(names[k]);
	}
	fprintf(out, "\n");
	free(names);
}

/* tasks [show TASK|doc]: the families and files, a task's parameters,
 * or doc/tasks.md. */
int cmd_tasks(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	if (argc == 2 && !strcmp(argv[1], "doc")) {
		strbuf b = { 0 };
		task_doc_markdown(&b);
		fputs(b.s, W->out);
		free(b.s);
		return EX_OK;
	}
	if (argc == 3 && !strcmp(argv[1], "show")) {
		task_config cfg = { 0 };
		e2l_error err;
		e2l_status st = cmd_load_task(argv[2], &cfg, &err);
		if (st != E2L_OK)
			return wb_error(W, cmd_exit_code(st), "%s", err.msg);
		cmd_show_params(W->out, &cfg);
		task_config_free(&cfg);
		return EX_OK;
	}
	if (argc != 1)
		return wb_error(W, EX_USAGE, "usage: tasks [show TASK | doc]");
	fprintf(W->out, "task families (tasks show NAME: their "
		"parameters):\n");
	for (int i = 0; task_families[i]; i++)
		fprintf(W->out, "  %-12s %s\n", task_families[i]->name,
			task_families[i]->summary);
	list_files(W->out, "tasks", ".task", "task files");
	list_files(W->out, "rules", ".rule", "rule files");
	return EX_OK;
}
