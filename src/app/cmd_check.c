/*
 * cmd_check.c - `e2l check EXERCISE RULE`: a rule's verdict on an exercise
 * (include/e2l/exercise.h, doc/exercises.md), for a course to grade with.
 *
 * It prints pass or fail with the figures that decided it (the rule's
 * mean, the goal, the baseline's mean, the paired difference with its CI
 * and p) and exits 0 on pass, 1 on fail, so a script can count passes.
 * A rule that uses a variable the exercise does not allow fails (1) with
 * a message naming it: it is a wrong answer, not bad data.  Bad data is
 * 65 (an exercise or a rule that does not read), 74 an exercise file
 * that cannot be read, 64 a usage error or an exercise name that is not
 * in exercises/.  Without an exercise, or with --list, it lists the
 * exercises.  The workbench's `check` calls cmd_check_texts with the
 * formulas of its rule, and cmd_check_list.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "e2l/exercise.h"

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && !strcmp(s + n - t, tail);
}

/* "a, b, c": the exercises in the first data folder that has them. */
static void exercise_names(char *buf, size_t size)
{
	size_t n, len = 0;
	char **names = cmd_data_names("exercises", ".exercise", &n);

	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						k ? ", " : "", names[k]);
		free(names[k]);
	}
	free(names);
}

/* The file an EXERCISE argument names: itself when it reads as a path,
 * else NAME.exercise in exercises/; NULL for a name found nowhere.  The
 * caller frees it. */
static char *exercise_path(const char *arg)
{
	if (ends_with(arg, ".exercise") || strchr(arg, '/'))
		return xstrdup(arg);
	return cmd_find_data("exercises", arg, ".exercise");
}

/* Whether arg names a file (exercise_path is not NULL). */
static int exercise_path_ok(const char *arg)
{
	char *path = exercise_path(arg);
	free(path);
	return path != NULL;
}

static e2l_status no_exercise(const char *arg, e2l_error *err)
{
	char known[400];

	exercise_names(known, sizeof known);
	return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "no exercise '%s' "
			"(exercises: %s; or an .exercise file)", arg,
			*known ? known : "none found");
}

e2l_status cmd_load_exercise(const char *arg, exercise *ex, e2l_error *err)
{
	char *path = exercise_path(arg);
	e2l_status st;

	memset(ex, 0, sizeof *ex);
	if (!path)
		return no_exercise(arg, err);
	st = exercise_load(path, cmd_load_task, ex, err);
	free(path);
	return st;
}

/* A rule for the exercise's family: a rule file, a name in rules/ (as
 * every command finds it, cmd_rule_path), or formulas: "F ; D" for a
 * family with a pair. */
static e2l_status load_rule(const char *arg, const task_family *f,
			    task_rule *rule, e2l_error *err)
{
	char *path = cmd_rule_path(f, arg);
	e2l_status st;

	if (path) {
		st = task_rule_load(path, rule, err);
		free(path);
		if (st == E2L_OK && rule->family != f) {
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "a rule for "
				      "task family '%s'; the exercise is for "
				      "'%s'", rule->family->name, f->name);
			task_rule_free(rule);
		}
		return st;
	}
	char *text = xstrdup(arg), *texts[TASK_MAX_FORMULAS];
	int n = task_rule_text_split(text, texts, TASK_MAX_FORMULAS);
	if (n != f->nformulas)
		st = e2l_fail(err, E2L_ESYNTAX, 0, 0, f->nformulas == 2 ?
			      "task family '%s' takes a pair: '%s ; %s', or a "
			      "rule file" : "task family '%s' takes one "
			      "formula", f->name, f->formulas[0],
			      f->formulas[f->nformulas - 1]);
	else
		st = task_rule_parse(rule, f, (const char *const *)texts,
				     NULL, err);
	free(text);
	return st;
}

/* The rule's formulas as typed back: "(R - 1)*E", "k - w ; -w". */
static char *formula_text(const task_rule *r)
{
	char *texts[TASK_MAX_FORMULAS] = { 0 };
	int n = r->family->nformulas;
	for (int i = 0; i < n; i++)
		texts[i] = expr_print(r->formula[i], EXPR_INFIX);
	char *s = task_rule_text_join((const char *const *)texts, n);
	for (int i = 0; i < n; i++)
		free(texts[i]);
	return s;
}

static void report_json(strbuf *o, const exercise *ex, const task_rule *rule,
			const exercise_result *r, const char *goal)
{
	static const char *const kinds[] = { "fitness", "beat", "match" };
	char *text = formula_text(rule);

	strbuf_json_key_string(o, "{", "exercise", ex->name);
	strbuf_json_key_string(o, ", ", "title", ex->title);
	strbuf_json_key_string(o, ", ", "task", ex->task.name);
	strbuf_printf(o, ", \"experiments\": %d, \"seed\": %llu",
		      ex->experiments, (unsigned long long)ex->seed);
	strbuf_json_key_string(o, ", ", "rule", rule->name);
	strbuf_json_key_string(o, ", ", "formula", text);
	strbuf_printf(o, ", \"pass\": %s", r->pass ? "true" : "false");
	strbuf_json_key_string(o, ", ", "reason", r->reason);
	strbuf_json_key_string(o, ", ", "forbidden", r->forbidden);
	strbuf_json_key_string(o, ", \"goal\": {", "kind", kinds[ex->goal]);
	strbuf_json_key_string(o, ", ", "text", goal);
	strbuf_json_key_number(o, ", ", "target",
			       ex->goal == EXERCISE_FITNESS ? ex->target : NAN);
	strbuf_json_key_number(o, ", ", "alpha",
			       ex->goal == EXERCISE_BEAT ? ex->alpha : NAN);
	strbuf_json_key_number(o, ", ", "tolerance",
			       ex->goal == EXERCISE_MATCH ? ex->tolerance : NAN);
	strbuf_json_key_number(o, ", ", "value", r->goal);
	strbuf_printf(o, "}");
	strbuf_json_key_number(o, ", ", "value", r->value);
	strbuf_json_key_number(o, ", ", "sd", r->rule_summary.sd);
	strbuf_json_key_array(o, ", ", "values", r->rule_res.values,
			      r->rule_res.n);
	if (ex->has_baseline && r->baseline_res.n) {
		const task_comparison *c = &r->cmp;
		strbuf_json_key_string(o, ", \"baseline\": {", "name",
				       ex->baseline.name);
		strbuf_json_key_number(o, ", ", "mean", r->baseline);
		strbuf_json_key_number(o, ", ", "sd", r->baseline_summary.sd);
		strbuf_json_key_array(o, ", ", "values", r->baseline_res.values,
				      r->baseline_res.n);
		strbuf_json_key_number(o, "}, \"paired\": {", "difference",
				       c->diff_mean);
		strbuf_json_key_array(o, ", ", "ci95",
				      (const double[]){ c->ci_low, c->ci_high },
				      2);
		strbuf_json_key_number(o, ", ", "t", c->t_paired);
		strbuf_json_key_number(o, ", ", "p", c->p_paired);
		strbuf_printf(o, ", \"wins\": %d, \"losses\": %d, "
			      "\"ties\": %d}", c->wins, c->losses, c->ties);
	} else {
		strbuf_printf(o, ", \"baseline\": null, \"paired\": null");
	}
	strbuf_json_key_string(o, ", ", "hint", ex->hint);
	strbuf_printf(o, "}\n");
	free(text);
}

/* text's lines appended to o with control bytes as \xNN (e2l_escape):
 * a title, hint or rule name read from a file (a carriage return in the
 * middle of a line is text there) never moves a terminal's cursor. */
static void put_escaped(strbuf *o, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n"), size = 4 * n + 1;
		char *line = xmalloc(n + 1), *e = xmalloc(size);
		memcpy(line, text, n);
		line[n] = '\0';
		e2l_escape(line, e, size);
		strbuf_printf(o, "%s\n", e);
		free(line);
		free(e);
		text += n + (text[n] == '\n');
	}
}

static void report_text(strbuf *o, const exercise *ex, const task_rule *rule,
			const exercise_result *r, const char *goal);

void cmd_check_report(strbuf *o, const exercise *ex, const task_rule *rule,
		      const exercise_result *r, int json)
{
	char goal[300];
	strbuf text = { 0 };

	exercise_goal_text(ex, goal, sizeof goal);
	if (json) {
		report_json(o, ex, rule, r, goal);
		return;
	}
	report_text(&text, ex, rule, r, goal);
	if (text.s)
		put_escaped(o, text.s);
	free(text.s);
}

static void report_text(strbuf *o, const exercise *ex, const task_rule *rule,
			const exercise_result *r, const char *goal)
{
	char vars[200] = "";
	char *text = formula_text(rule);
	const task_family *f = ex->task.family;
	size_t len = 0;

	for (int i = 0; i < f->nvars; i++)
		if (ex->allowed[i] && len < sizeof vars)
			len += (size_t)snprintf(vars + len, sizeof vars - len,
						"%s%s", len ? ", " : "",
						f->vars[i]);
	strbuf_printf(o, "exercise  %s: %s\n", ex->name, ex->title);
	strbuf_printf(o, "task      %s, %d validation experiments (seed "
		      "%llu)\n", ex->task.name, ex->experiments,
		      (unsigned long long)ex->seed);
	if (strcmp(rule->name, text))
		strbuf_printf(o, "rule      %s: %s\n", rule->name, text);
	else
		strbuf_printf(o, "rule      %s\n", text);
	strbuf_printf(o, "goal      %s\n", goal);
	strbuf_printf(o, "allowed   %s\n", vars);
	if (r->forbidden) {
		strbuf_printf(o, "figures   none: the rule was not run\n");
	} else {
		strbuf_printf(o, "fitness   mean %.4g (SD %.3g)%s%s\n",
			      r->value, r->rule_summary.sd,
			      *f->fitness.unit ? " " : "", f->fitness.unit);
		if (ex->has_baseline) {
			const task_comparison *c = &r->cmp;
			strbuf_printf(o, "baseline  %s: mean %.4g (SD %.3g)%s%s\n",
				      ex->baseline.name, r->baseline,
				      r->baseline_summary.sd,
				      *f->fitness.unit ? " " : "",
				      f->fitness.unit);
			strbuf_printf(o, "paired    difference %.4g, 95%% CI "
				      "[%.4g, %.4g], p = %.3g; the rule wins "
				      "%d, loses %d, ties %d\n", c->diff_mean,
				      c->ci_low, c->ci_high, c->p_paired,
				      c->wins, c->losses, c->ties);
		}
	}
	strbuf_printf(o, "verdict   %s: %s\n", r->pass ? "PASS" : "FAIL",
		      r->reason);
	if (!r->pass && ex->hint) {
		const char *p = ex->hint;
		for (int first = 1; *p; first = 0) {
			size_t n = strcspn(p, "\n");
			strbuf_printf(o, "%s%.*s\n", first ? "hint      " :
				      "          ", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	free(text);
}

void cmd_check_list(strbuf *o)
{
	size_t n;
	char **names = cmd_data_names("exercises", ".exercise", &n);

	if (!names || !n) {
		strbuf_printf(o, "no exercises found (exercises/*.exercise in "
			      "the current directory, $E2L_DATA or the "
			      "installed data)\n");
		free(names);
		return;
	}
	strbuf_printf(o, "exercises (e2l check NAME RULE):\n");
	for (size_t k = 0; k < n; k++) {
		exercise ex;
		e2l_error err;
		strbuf line = { 0 };
		if (cmd_load_exercise(names[k], &ex, &err) == E2L_OK) {
			strbuf_printf(&line, "  %-24s %s (task %s)", names[k],
				      ex.title, ex.task.name);
			exercise_free(&ex);
		} else {
			strbuf_printf(&line, "  %-24s unreadable: %s",
				      names[k], err.msg);
		}
		put_escaped(o, line.s);
		free(line.s);
		free(names[k]);
	}
	free(names);
}

/* The check of a loaded exercise and rule, its report appended to out
 * (an error: its message, one line); the exit code. */
static int check_rule(const exercise *ex, const task_rule *rule,
		      const task_options *run, int json, strbuf *out)
{
	exercise_result res;
	e2l_error err;
	e2l_status st = exercise_check_with(ex, rule, run, &res, &err);

	if (st != E2L_OK) {
		strbuf_printf(out, "%s\n", err.msg);
		return st == E2L_EIO ? EX_IOERR : EX_DATAERR;
	}
	int pass = res.pass;
	cmd_check_report(out, ex, rule, &res, json);
	exercise_result_free(&res);
	return pass ? EX_OK : EX_NO;
}

int cmd_check_texts(const char *exercise_arg, const task_family *family,
		    const char *name, const char *const *texts, int json,
		    volatile int *stop, strbuf *out)
{
	exercise ex;
	task_rule rule;
	task_recorder rec = { .stop = stop };
	task_options run = { .rec = &rec };
	e2l_error err;
	e2l_status st;
	int status;

	if (!exercise_path_ok(exercise_arg)) {
		no_exercise(exercise_arg, &err);
		strbuf_printf(out, "%s\n", err.msg);
		return EX_USAGE;
	}
	st = cmd_load_exercise(exercise_arg, &ex, &err);
	if (st != E2L_OK) {
		strbuf_printf(out, "%s\n", err.msg);
		return st == E2L_EIO ? EX_IOERR : EX_DATAERR;
	}
	if (family != ex.task.family) {
		strbuf_printf(out, "rule %s is for task family '%s'; exercise "
			      "%s is for '%s'\n", name, family->name, ex.name,
			      ex.task.family->name);
		exercise_free(&ex);
		return EX_DATAERR;
	}
	if (task_rule_parse(&rule, family, texts, name, &err) != E2L_OK) {
		strbuf_printf(out, "%s: %s\n", name, err.msg);
		exercise_free(&ex);
		return EX_DATAERR;
	}
	status = check_rule(&ex, &rule, &run, json, out);
	task_rule_free(&rule);
	exercise_free(&ex);
	return status;
}

static int usage(FILE *f)
{
	fputs("usage: e2l check EXERCISE RULE [--json] [--threads T]\n"
	      "       e2l check [--list]\n"
	      "EXERCISE is an .exercise file or a name in exercises/; RULE a "
	      "rule file, a name\n"
	      "in rules/ or a formula ('F ; D' for a pair).  Exit status: 0 "
	      "pass, 1 fail\n"
	      "(also a rule using a variable the exercise does not allow), "
	      "64 usage,\n"
	      "65 a bad exercise or rule, 74 an exercise that cannot be "
	      "read.\n", f);
	return f == stdout ? EX_OK : EX_USAGE;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const values[] = { "t=T", NULL };
	int c, json = 0, list = 0, threads = 0, status;
	exercise ex;
	task_rule rule;
	e2l_error err;
	e2l_status st;

	if (cmd_check_options("check", argc, argv, "h", longs, values) != 0)
		return EX_USAGE;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'l': list = 1; break;
		case 't': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || v < 1 ||
			    v > 1024) {
				cmd_error("--threads: '%s' is not a whole "
					  "number in [1, 1024]", optarg);
				return EX_USAGE;
			}
			threads = (int)v;
			break;
		}
		case 'h': return usage(stdout);
		default: return usage(stderr);
		}
	}
	if (list || optind == argc) {
		strbuf o = { 0 };
		if (optind != argc)
			return usage(stderr);
		cmd_check_list(&o);
		fputs(o.s, stdout);
		free(o.s);
		return EX_OK;
	}
	if (argc - optind != 2)
		return usage(stderr);
	/* A name not in exercises/ is the command line's mistake (64);
	 * anything wrong inside a file, the file's (65). */
	char *path = exercise_path(argv[optind]);
	if (!path) {
		no_exercise(argv[optind], &err);
		cmd_error("%s", err.msg);
		return EX_USAGE;
	}
	st = exercise_load(path, cmd_load_task, &ex, &err);
	free(path);
	if (st != E2L_OK) {
		cmd_error("%s", err.msg);
		return st == E2L_EIO ? EX_IOERR : EX_DATAERR;
	}
	st = load_rule(argv[optind + 1], ex.task.family, &rule, &err);
	if (st != E2L_OK) {
		cmd_error("%s%s%s", strchr(err.msg, ':') ? "" :
			  argv[optind + 1], strchr(err.msg, ':') ? "" : ": ",
			  err.msg);
		exercise_free(&ex);
		return st == E2L_EIO ? EX_IOERR : EX_DATAERR;
	}
	task_options run = { .threads = threads };
	strbuf o = { 0 };
	status = check_rule(&ex, &rule, &run, json, &o);
	if (status == EX_OK || status == EX_NO)
		fputs(o.s, stdout);
	else
		cmd_error("%s", o.s ? strtok(o.s, "\n") : "");
	free(o.s);
	task_rule_free(&rule);
	exercise_free(&ex);
	return status;
}
