/*
 * cmd_task.c - what the commands that run rules on tasks share: finding
 * task and rule files, -s settings, the report of `run` from the shell
 * (cmd_run_report) and of `validate` (cmd_validation_report), and the
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

#include <gsl/gsl_cdf.h>

#include "config.h"
#include "cmd.h"
#include "record.h"
#include "wb.h"
#include "e2l/notes.h"
#include "e2l/task.h"

char *cmd_escaped(const char *s)
{
	size_t n = 4 * strlen(s) + 1;
	char *b = xmalloc(n);

	e2l_escape(s, b, n);
	return b;
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
		return wb_error(W, st == E2L_EIO ? EX_IOERR : EX_DATAERR, "%s",
				err.msg);
	return EX_OK;
}

/* Pieces of a JSON object in o: `, "key": value` (lead is what comes
 * before the key: "{" for the first, ", " after). */
static void json_num(strbuf *o, const char *lead, const char *key, double x)
{
	strbuf_printf(o, "%s\"%s\": ", lead, key);
	strbuf_json_number(o, x);
}

static void json_str(strbuf *o, const char *lead, const char *key,
		     const char *s)
{
	strbuf_printf(o, "%s\"%s\": ", lead, key);
	strbuf_json_string(o, s);
}

static void json_values(strbuf *o, const char *key, const double *v, int n)
{
	strbuf_printf(o, ", \"%s\": [", key);
	for (int k = 0; k < n; k++) {
		strbuf_printf(o, k ? ", " : "");
		strbuf_json_number(o, v[k]);
	}
	strbuf_printf(o, "]");
}

static char *rule_text(const task_rule *r)
{
	const task_family *f = r->family;
	if (f->nformulas == 1)
		return expr_print(r->formula[0], EXPR_INFIX);
	char *a = expr_print(r->formula[0], EXPR_INFIX);
	char *b = expr_print(r->formula[1], EXPR_INFIX);
	size_t n = strlen(a) + strlen(b) + strlen(f->formulas[0]) +
		strlen(f->formulas[1]) + 16;
	char *s = xmalloc(n);
	snprintf(s, n, "%s = %s; %s = %s", f->formulas[0], a, f->formulas[1],
		 b);
	free(a);
	free(b);
	return s;
}

int cmd_run_report(wb *W, const task_config *cfg, const task_rule *rule,
		   int typed)
{
	const cmd_opts *o = W->opts;
	task_result res;
	int status = evaluate(W, cfg, rule, "run", &res);
	if (status != EX_OK)
		return status;
	char *text = rule_text(rule);
	strbuf j = { 0 };
	if (o->json) {
		json_str(&j, "{", "task", cfg->name);
		json_str(&j, ", ", "rule", rule->name);
		json_str(&j, ", ", "formula", text);
		json_num(&j, ", ", "fitness", res.fitness);
		json_values(&j, "values", res.values, res.n);
		json_num(&j, ", ", "mean", res.mean);
		json_num(&j, ", ", "sd", res.sd);
		strbuf_printf(&j, ", \"seed\": %llu, \"validate\": %s, "
			      "\"seconds\": %.3f}\n",
			      (unsigned long long)o->seed,
			      o->validate ? "true" : "false", res.seconds);
	} else {
		strbuf_printf(&j, "task      %s\n", cfg->name);
		/* A rule typed as formulas is its formula; one from a file
		 * shows its name too. */
		if (typed)
			strbuf_printf(&j, "rule      %s\n", text);
		else
			strbuf_printf(&j, "rule      %s: %s\n", rule->name,
				      text);
		strbuf_printf(&j, "fitness   %.4g  (%s over %d experiments)\n",
			      res.fitness, cfg->family->aggregate_min ?
			      "minimum" : "mean", res.n);
		strbuf_printf(&j, "mean, SD  %.4g +- %.4g\nvalues   ", res.mean,
			      res.sd);
		for (int k = 0; k < res.n; k++)
			strbuf_printf(&j, " %.4g", res.values[k]);
		strbuf_printf(&j, "\nseeds     %s from %llu; %.2f s\n",
			      o->validate ? "validation" : "evaluation",
			      (unsigned long long)o->seed, res.seconds);
	}
	fputs(j.s, W->out);
	free(j.s);
	free(text);
	task_result_free(&res);
	return EX_OK;
}

/* A statistic, or "undefined" where a non-finite value made it NaN. */
static void put_stat(strbuf *o, const char *fmt, double x)
{
	if (isfinite(x))
		strbuf_printf(o, fmt, x);
	else
		strbuf_printf(o, "%10s", "undefined");
}

static void put_summary_row(strbuf *o, const char *label, const char *name,
			    const task_summary *s, int poor)
{
	strbuf_printf(o, "  %-9s%-28.28s", label, name);
	put_stat(o, " %10.4g", s->mean);
	put_stat(o, " %10.4g", s->sd);
	put_stat(o, " %10.4g", s->median);
	put_stat(o, " %10.4g", s->min);
	if (poor)
		put_stat(o, " %9.0f%%", 100 * s->below);
	strbuf_printf(o, "\n");
}

static void json_add_rule(strbuf *o, const char *key, const char *name,
			  const task_result *r, const task_summary *s)
{
	strbuf_printf(o, ", \"%s\": ", key);
	json_str(o, "{", "name", name);
	json_values(o, "values", r->values, r->n);
	json_num(o, ", ", "mean", s->mean);
	json_num(o, ", ", "sd", s->sd);
	json_num(o, ", ", "median", s->median);
	json_num(o, ", ", "min", s->min);
	json_num(o, ", ", "below", s->below);
	strbuf_printf(o, ", \"nonfinite\": %d}", s->nonfinite);
}

void cmd_validation_report(strbuf *o, const task_config *cfg, uint64_t seed,
			   const char *rule, const task_result *a,
			   const char *base, const task_result *b, int json)
{
	const task_family *f = cfg->family;
	int poor = f->poor_note != NULL;
	double alpha = 0.05;
	task_summary sa, sb;
	task_comparison c;
	int n = a->n < b->n ? a->n : b->n;

	task_summarize(a->values, a->n, poor ? f->poor_below : NAN, &sa);
	task_summarize(b->values, b->n, poor ? f->poor_below : NAN, &sb);
	task_compare(a->values, b->values, n, &c);
	if (json) {
		json_str(o, "{", "task", cfg->name);
		strbuf_printf(o, ", \"seed\": %llu, \"experiments\": %d",
			      (unsigned long long)seed, n);
		json_add_rule(o, "rule", rule, a, &sa);
		json_add_rule(o, "baseline", base, b, &sb);
		json_num(o, ", \"paired\": {", "difference", c.diff_mean);
		json_values(o, "ci95", (const double[]){ c.ci_low, c.ci_high },
			    2);
		json_num(o, ", ", "t", c.t_paired);
		json_num(o, ", ", "p", c.p_paired);
		strbuf_printf(o, ", \"wins\": %d, \"losses\": %d, "
			      "\"ties\": %d}", c.wins, c.losses, c.ties);
		json_num(o, ", \"welch\": {", "t", c.t_welch);
		json_num(o, ", ", "df", c.df_welch);
		json_num(o, ", ", "p", c.p_welch);
		json_str(o, "}, ", "verdict", task_compare_verdict(&c, alpha));
		strbuf_printf(o, "}\n");
		return;
	}
	strbuf_printf(o, "%d validation experiments of task %s (seed %llu), "
		      "the same for both rules\n", n, cfg->name,
		      (unsigned long long)seed);
	strbuf_printf(o, "  %-9s%-28s %10s %10s %10s %10s", "", "", "mean",
		      "SD", "median", "min");
	if (poor)
		strbuf_printf(o, " %10s", f->poor_note);
	strbuf_printf(o, "\n");
	put_summary_row(o, "rule", rule, &sa, poor);
	put_summary_row(o, "baseline", base, &sb, poor);
	strbuf_printf(o, "paired difference (rule - baseline): ");
	if (c.nonfinite) {
		strbuf_printf(o, "undefined (%d experiments gave a non-finite "
			      "value)\n", c.nonfinite);
	} else if (isfinite(c.diff_mean) && isfinite(c.ci_low)) {
		strbuf_printf(o, "%.4g, 95%% CI [%.4g, %.4g]; paired t = ",
			      c.diff_mean, c.ci_low, c.ci_high);
		put_stat(o, "%.3f", c.t_paired);
		strbuf_printf(o, ", p = %.3g\n", c.p_paired);
	} else {
		strbuf_printf(o, "undefined (fewer than 2 experiments)\n");
	}
	strbuf_printf(o, "  the rule wins %d, loses %d, ties %d of %d "
		      "experiments\n", c.wins, c.losses, c.ties, n);
	strbuf_printf(o, "Welch's t-test, as if unpaired: ");
	if (isfinite(c.p_welch))
		strbuf_printf(o, "t = %.3f, df = %.1f, p = %.3g\n", c.t_welch,
			      c.df_welch, c.p_welch);
	else
		strbuf_printf(o, "undefined\n");
	strbuf_printf(o, "verdict (paired, p < %.2g): %s\n", alpha,
		      task_compare_verdict(&c, alpha));
}

int cmd_validation_size(const task_config *cfg)
{
	/* A replay file holds the experiments there are. */
	return cfg->replay ? 0 : cfg->family->validate_experiments;
}

/* Whether a -s option sets key. */
/* ---- e2l tasks ------------------------------------------------------ */

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

/* Markdown for every family, from the parameter tables: doc/tasks.md is
 * this output (a test keeps the two equal). */
static void markdown(FILE *out)
{
	fprintf(out, "# Task families\n\n"
	       "Generated by `e2l tasks doc` from the parameter tables and "
	       "notes in `src/tasks/`; do not edit.\n");
	for (int i = 0; task_families[i]; i++) {
		const task_family *f = task_families[i];
		strbuf b = { 0 };
		task_family_describe(f, 1, &b);
		fputs(b.s, out);
		free(b.s);
		fprintf(out, "| parameter | default | unit | range | description |\n"
		       "|---|---|---|---|---|\n");
		for (int k = 0; k < f->nparams; k++) {
			const task_param *p = &f->params[k];
			char def[64], range[64];
			task_value_text(p, p->def, 0, def, sizeof def);
			if (task_param_is_text(p)) {
				snprintf(range, sizeof range, "a file");
			} else if (p->choices) {
				snprintf(range, sizeof range, "%s", p->choices);
				for (char *q = range; *q; q++)
					if (*q == '|')
						*q = '/';
			} else {
				snprintf(range, sizeof range, "%g .. %g%s",
					 p->min, p->max,
					 p->integer ? ", whole" : "");
			}
			fprintf(out, "| `%s` | %s | %s | %s | %s |\n", p->name, def,
			       p->unit, range, p->help);
		}
		strbuf d = { 0 };
		task_replay_describe(f, 1, &d);
		fprintf(out, "\n%s", d.s ? d.s : "");
		free(d.s);
		fputs(task_notes_family(f->name), out);
	}
	fputs(task_notes_closing(), out);
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
		markdown(W->out);
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
