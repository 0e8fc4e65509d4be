/*
 * wb.c - the workbench session: reading a command line into words,
 * dispatching through cmd_commands[] (commands.c), rules defined with `NAME = FORMULA`,
 * batch mode (scripts, -c, piped input) and the reports that arrive
 * between commands (a run finished, an evolution ended).
 *
 * A line is a command when its first word names one; `NAME = FORMULA`
 * defines a rule; anything else is taken as a formula and simplified, so
 * the workbench doubles as a calculator for rules.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "wb.h"
#include "e2l/algebra.h"

volatile sig_atomic_t wb_interrupted;

void wb_nap(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	if (!wb_interrupted)
		nanosleep(&ts, NULL);
}

void wb_init(wb *W, FILE *out, FILE *err)
{
	*W = (wb){ .out = out, .err = err, .cols = 80, .where = "<stdin>" };
	task_config_default(&W->task, task_families[0]);
	/* The quick reward task is where people start: seconds per run. */
	e2l_error e;
	task_config c;
	if (cmd_load_task("reward-quick", &c, &e) == E2L_OK) {
		task_config_free(&W->task);
		W->task = c;
	}
	jobs_init(&W->jobs);
}

static void rule_free(wb_rule *r)
{
	free(r->name);
	for (int k = 0; k < TASK_MAX_FORMULAS; k++)
		free(r->text[k]);
	free(r->source);
}

void wb_free(wb *W)
{
	if (W->bg) {
		W->bg->stop = 1;
		wb_bg_collect(W, 1);
	}
	if (W->live) {
		live_stop(W->live);
		live_free(W->live);
	}
	jobs_shutdown(&W->jobs, 30);
	jobs_free(&W->jobs);
	for (int i = 0; i < W->nrules; i++)
		rule_free(&W->rules[i]);
	free(W->rules);
	task_config_free(&W->task);
	for (int i = 0; i < W->nkept; i++)
		task_config_free(&W->kept[i]);
	free(W->kept);
}

/*
 * "e2l: PLACE: message" on W->err: PLACE is where:line (where:line:col
 * for a formula), or in the shell where alone (a formula argument:
 * "'(u - v': 1:7: message"), or nothing on the screen.  Input quoted in
 * the message is escaped: one line, and no control sequence reaches the
 * terminal.
 */
static int say(wb *W, int code, int col, const char *msg)
{
	char *where = cmd_escaped(W->where ? W->where : ""),
		*e = cmd_escaped(msg);
	if (W->line > 0 && col > 0)
		fprintf(W->err, "e2l: %s:%d:%d: %s\n", where, W->line, col, e);
	else if (W->line > 0)
		fprintf(W->err, "e2l: %s:%d: %s\n", where, W->line, e);
	else if (W->shell && W->where)
		fprintf(W->err, "e2l: %s: %s\n", where, e);
	else
		fprintf(W->err, "e2l: %s\n", e);
	free(e);
	free(where);
	fflush(W->err);
	return code;
}

int wb_error(wb *W, int code, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return say(W, code, 0, msg);
}

int wb_formula_error(wb *W, const e2l_error *err, const char *prefix)
{
	char msg[1024];
	int line = W->line, st, col = err->line > 0 ? err->col : 0;

	if (W->line == 0 && W->shell && W->where && err->line > 0)
		snprintf(msg, sizeof msg, "%d:%d: %s%s%s", err->line, err->col,
			 prefix ? prefix : "", prefix ? ": " : "", err->msg);
	else
		snprintf(msg, sizeof msg, "%s%s%s", prefix ? prefix : "",
			 prefix ? ": " : "", err->msg);
	if (W->line > 0 && err->line > 1)
		W->line += err->line - 1;
	st = say(W, WB_DATAERR, col, msg);
	W->line = line;
	/* A formula argument on a terminal: its line and a caret, a
	 * control byte shown as '?' (one column, as typed). */
	if (W->shell && W->src && err->line > 0 && isatty(STDERR_FILENO)) {
		e2l_error_caret(err, W->src, msg, sizeof msg);
		for (char *c = msg; *c; c++)
			*c = (unsigned char)*c < 0x20 && *c != '\n' ? '?' : *c;
		fprintf(W->err, "%s\n", msg);
	}
	return st;
}

wb_rule *wb_rule_find(wb *W, const char *name)
{
	for (int i = 0; i < W->nrules; i++)
		if (!strcmp(W->rules[i].name, name))
			return &W->rules[i];
	return NULL;
}

/*
 * Splits a line into words: blanks separate, '...' and "..." group (no
 * escapes inside single quotes; backslash escapes in double quotes).
 * Returns the number of words (at most max), -1 on an unfinished quote.
 * The words point into buf, which the caller provides (as long as line).
 */
static int split(const char *line, char *buf, char **words, int max)
{
	int n = 0;
	const char *p = line;
	char *o = buf;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || n == max)
			return n;
		words[n++] = o;
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '\'' || *p == '"') {
				char q = *p++;
				while (*p && *p != q) {
					if (q == '"' && *p == '\\' && p[1])
						p++;
					*o++ = *p++;
				}
				if (!*p)
					return -1;
				p++;
			} else {
				*o++ = *p++;
			}
		}
		*o++ = '\0';
	}
}

/* "name = formula": returns the formula's start, or NULL. */
static const char *definition(const char *line, char *name, size_t n)
{
	const char *p = line;
	while (isspace((unsigned char)*p))
		p++;
	const char *s = p;
	if (!isalpha((unsigned char)*p) && *p != '_')
		return NULL;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	size_t len = (size_t)(p - s);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=' || p[1] == '=' || len >= n)
		return NULL;
	memcpy(name, s, len);
	name[len] = '\0';
	return p + 1;
}

/* Does text parse as a formula, or end inside one? */
e2l_status wb_parses(const char *text, e2l_error *err)
{
	expr_arena *A = expr_arena_new();
	const expr *e;
	e2l_status st = expr_parse(A, text, &e, err);
	expr_arena_free(A);
	return st;
}

/*
 * Is text, one formula or a pair "F ; D", complete?  E2L_OK; or
 * E2L_INCOMPLETE when its last formula is unfinished, so that the next
 * line may finish it; or an error, with *before set when it is in the
 * formula before the ';'.  That one is never waited for: no further line
 * can reach it.
 */
static e2l_status pair_parses(const char *text, int *before, e2l_error *err)
{
	const char *semi = strchr(text, ';');
	char *first;
	e2l_status st;

	*before = 0;
	if (!semi)
		return wb_parses(text, err);
	first = strndup(text, (size_t)(semi - text));
	st = wb_parses(first, err);
	if (st == E2L_INCOMPLETE) {
		const char *p = first + strspn(first, " \t\n");
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		if (*p)
			e2l_fail(err, E2L_ESYNTAX, err->line, err->col, "the "
				 "formula before ';' is unfinished: %s", msg);
		else
			e2l_fail(err, E2L_ESYNTAX, 0, 0, "nothing before ';' "
				 "(a pair of formulas is 'F ; D')");
		st = E2L_ESYNTAX;
	}
	free(first);
	if (st != E2L_OK) {
		*before = 1;
		return st;
	}
	return wb_parses(semi + 1, err);
}

/* The family whose variables cover the formula's, preferring the
 * current task's; NULL if none. */
static const task_family *family_of(wb *W, const char *const *texts, int n)
{
	int nv[2] = { 0, 0 };
	const char **vars[2] = { NULL, NULL };
	expr_arena *A = expr_arena_new();

	for (int k = 0; k < n; k++) {
		const expr *e;
		e2l_error err;
		if (expr_parse(A, texts[k], &e, &err) != E2L_OK) {
			free(vars[0]);
			expr_arena_free(A);
			return NULL;
		}
		nv[k] = expr_vars(e, &vars[k]);
	}
	const task_family *best = NULL;
	for (int fi = -1; fi < 0 || task_families[fi]; fi++) {
		const task_family *f = fi < 0 ? W->task.family :
			task_families[fi];
		if (f->nformulas != n)
			continue;
		int ok = 1;
		for (int k = 0; k < n && ok; k++)
			for (int i = 0; i < nv[k] && ok; i++) {
				int found = 0;
				for (int v = 0; v < f->nvars && !found; v++) {
					char alias[16];
					snprintf(alias, sizeof alias, "x_%d", v);
					found = !strcmp(vars[k][i], f->vars[v]) ||
						!strcmp(vars[k][i], alias);
				}
				ok = found;
			}
		if (ok) {
			best = f;
			break;
		}
	}
	free(vars[0]);
	free(vars[1]);
	expr_arena_free(A);
	return best;
}

char *wb_rule_text(const wb_rule *r)
{
	return task_rule_text_join((const char *const *)r->text,
				   r->family->nformulas);
}

char *wb_rule_simplified(const wb_rule *r)
{
	char *t[TASK_MAX_FORMULAS] = { NULL };
	int n = r->family->nformulas;
	for (int k = 0; k < n; k++) {
		expr_arena *A = expr_arena_new();
		const expr *e, *s;
		e2l_error err;
		if (expr_parse(A, r->text[k], &e, &err) == E2L_OK &&
		    alg_simplify(A, e, ALG_SIMPLIFY, &s, &err) == E2L_OK)
			t[k] = expr_print(s, EXPR_INFIX);
		expr_arena_free(A);
	}
	for (int k = 0; k < n; k++)
		if (!t[k])
			t[k] = xstrdup("?");
	char *joined = task_rule_text_join((const char *const *)t, n);
	for (int k = 0; k < n; k++)
		free(t[k]);
	return joined;
}

/* Trims blanks, keeping a leading newline: the formula's line numbers
 * stay those of the input. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A formula stored on one line: each run of blanks one space, and none
 * where a line break met a parenthesis ("(v - u\n)*s" is "(v - u)*s"). */
static void one_line(char *s)
{
	char *o = s;
	for (const char *p = s; *p;) {
		if (!isspace((unsigned char)*p)) {
			*o++ = *p++;
			continue;
		}
		int broke = 0;
		while (isspace((unsigned char)*p))
			broke |= *p++ == '\n';
		if (o > s && !(broke && (o[-1] == '(' || *p == ')')))
			*o++ = ' ';
	}
	*o = '\0';
}

/* Defines (or redefines) a rule; texts are its formulas. */
int wb_define(wb *W, const char *name, const char *formula,
	      const char *source, const task_family *family)
{
	char *copy = xstrdup(formula), *texts[TASK_MAX_FORMULAS];
	int n = task_rule_text_split(copy, texts, TASK_MAX_FORMULAS);
	e2l_error err;
	int status = WB_OK;

	if (n < 0) {
		status = wb_error(W, WB_DATAERR, "%s: more than %d formulas "
				  "(a pair is 'F ; D')", name,
				  TASK_MAX_FORMULAS);
		goto out;
	}
	for (int k = 0; k < n; k++) {
		e2l_status st = wb_parses(texts[k], &err);
		if (st == E2L_INCOMPLETE && k == n - 1) {
			free(copy);
			return WB_MORE;
		}
		if (st != E2L_OK) {
			status = wb_formula_error(W, &err, name);
			goto out;
		}
		one_line(texts[k]);
		texts[k] = trim(texts[k]);
	}
	if (cmd_find(name, CMD_WB)) {
		status = wb_error(W, WB_USAGE, "'%s' is a command; choose "
				  "another name for the rule", name);
		goto out;
	}
	const task_family *f = family ? family :
		family_of(W, (const char *const *)texts, n);
	if (!f) {
		status = wb_error(W, WB_DATAERR, "%s: no task family has "
				  "all of its variables (see `tasks`)", name);
		goto out;
	}
	/* What `run` would refuse (u/0) is no rule: the same parse. */
	task_rule check;
	if (task_rule_parse(&check, f, (const char *const *)texts, name,
			    &err) != E2L_OK) {
		status = wb_error(W, WB_DATAERR, "%s: %s", name, err.msg);
		goto out;
	}
	task_rule_free(&check);
	wb_rule *r = wb_rule_find(W, name);
	if (r) {
		rule_free(r);
	} else {
		W->rules = xrealloc(W->rules, (size_t)(W->nrules + 1) *
				    sizeof *W->rules);
		r = &W->rules[W->nrules++];
	}
	*r = (wb_rule){ .name = xstrdup(name), .family = f,
			.text = { xstrdup(texts[0]),
				  n > 1 ? xstrdup(texts[1]) : NULL },
			.source = xstrdup(source) };
	/* Echo it simplified: what the person typed, as e2l reads it
	 * (as "define": without what its variables mean, `show`'s). */
	char *argv[] = { (char *)"define", r->name };
	status = wbc_show(W, 2, argv, r->name);
out:
	free(copy);
	return status;
}

/* A variable of the current task's family, or an x_N alias. */
static int is_variable(wb *W, const char *s)
{
	const task_family *f = W->task.family;
	for (int i = 0; i < f->nvars; i++)
		if (!strcmp(s, f->vars[i]))
			return 1;
	return s[0] == 'x' && s[1] == '_' && isdigit((unsigned char)s[2]);
}

/*
 * Runs a command.  One that takes a formula (completes "v") waits for
 * more lines only while its formula, or the last of a pair, is
 * unfinished; the same holds for any handler that asks for more, so that
 * no line of a script is swallowed waiting for what cannot come.
 */
int wb_command(wb *W, const cmd_entry *c, int argc, char **words,
	       const char *rest, const cmd_opts *parsed)
{
	e2l_error err, raw;
	e2l_status st;
	int before, unused, status;
	cmd_opts o = { 0 };

	/* Options first: the operands are what remain. */
	if (!parsed && c->options && (status = cmd_parse(W, c, &argc, words, &o))) {
		cmd_opts_free(&o);
		return status;
	}
	if (argc - 1 < c->min || (c->max >= 0 && argc - 1 > c->max)) {
		cmd_opts_free(&o);
		return wb_error(W, WB_USAGE, "usage: %s%s%s (see `help %s`)",
				c->name, *c->args ? " " : "", c->args,
				c->name);
	}
	const char *text = argc == 2 ? words[1] : rest;
	if (!strcmp(c->complete, "v")) {
		st = pair_parses(text, &before, &err);
		/* A quoted formula ends at its quote: no line continues it. */
		if (st == E2L_INCOMPLETE &&
		    pair_parses(rest, &unused, &raw) == E2L_INCOMPLETE)
			return WB_MORE;
		if (st == E2L_INCOMPLETE || (st != E2L_OK && before))
			return wb_formula_error(W, &err, c->name);
	}
	W->opts = parsed ? parsed : &o;
	status = c->fn(W, argc, words, rest);
	W->opts = NULL;
	W->last_cmd = c;
	cmd_opts_free(&o);
	if (status == WB_MORE &&
	    (st = pair_parses(rest, &before, &err)) != E2L_INCOMPLETE) {
		if (st == E2L_OK || !before)
			snprintf(err.msg, sizeof err.msg, "the formula is "
				 "incomplete and more lines cannot finish it");
		err.line = 0;
		status = wb_formula_error(W, &err, c->name);
	}
	return status;
}

int wb_exec(wb *W, const char *text)
{
	char name[64];
	const char *formula = definition(text, name, sizeof name);
	int status;

	wb_tick(W);
	if (W->each) {
		char *argv[] = { (char *)W->each->name, (char *)text, NULL };
		status = wb_command(W, W->each, 2, argv, text, NULL);
		fflush(W->out);
		return status;
	}
	/* A lesson's caption is prose: its apostrophes quote nothing. */
	const char *t = text + strspn(text, " \t");
	if (!strncmp(t, "caption", 7) && (!t[7] || isspace((unsigned char)t[7]))) {
		char *argv[] = { (char *)"caption", NULL };
		return wb_command(W, cmd_find("caption", CMD_WB), 1, argv,
				  t + 7 + strspn(t + 7, " \t"), NULL);
	}
	if (formula)
		return wb_define(W, name, formula, "typed", NULL);

	size_t n = strlen(text);
	/* Room for every word the line can hold (each takes a byte and a
	 * blank): a fixed array cut long command lines short, silently. */
	char *buf = xmalloc(n + 1);
	char **words = xmalloc((n / 2 + 2) * sizeof *words);
	int argc = split(text, buf, words, (int)(n / 2 + 1));
	if (argc <= 0) {
		free(buf);
		free(words);
		return argc < 0 ? wb_error(W, WB_USAGE, "unfinished "
					   "quotation") : WB_OK;
	}
	const cmd_entry *c = cmd_find(words[0], CMD_WB);
	if (c) {
		/* The rest of the line after the command's name, raw: a
		 * formula needs no quoting. */
		const char *rest = text;
		while (isspace((unsigned char)*rest))
			rest++;
		rest += strlen(c->name);
		while (isspace((unsigned char)*rest))
			rest++;
		status = wb_command(W, c, argc, words, rest, NULL);
	} else if (argc == 1 && !strpbrk(words[0], "+-*/^()0123456789") &&
		   !is_variable(W, words[0])) {
		/* A lone word: a rule's name shows it; anything else that
		 * is no variable is a mistyped command. */
		if (wb_rule_find(W, words[0])) {
			char *argv[] = { (char *)"show", words[0] };
			status = wbc_show(W, 2, argv, words[0]);
		} else {
			status = wb_error(W, WB_USAGE, "unknown command '%s' "
					  "(type `help`)", words[0]);
		}
	} else {
		e2l_error err;
		e2l_status st = wb_parses(text, &err);
		if (st == E2L_INCOMPLETE)
			status = WB_MORE;
		else if (st == E2L_OK) {
			char *argv[] = { (char *)"simplify", (char *)text };
			status = wbc_form(W, 2, argv, text);
		} else if (argc == 1 || !strchr("+-*/^(", words[1][0]))
			status = wb_error(W, WB_USAGE, "unknown command '%s' "
					  "(type `help`)", words[0]);
		else
			status = wb_formula_error(W, &err, NULL);
	}
	free(buf);
	free(words);
	fflush(W->out);
	return status;
}

void wb_finish_run(wb *W)
{
	if (W->live)
		live_wait(W->live);
	wb_tick(W);
}

/* A finished background computation: its report, then it is gone. */
int wb_bg_collect(wb *W, int wait)
{
	wb_bg *bg = W->bg;
	int status = WB_OK;
	if (!bg || (!wait && !bg->done))
		return WB_OK;
	pthread_join(bg->thread, NULL);
	W->bg = NULL;
	if (bg->failed)
		status = wb_error(W, WB_DATAERR, "%s: %s", bg->what,
				  bg->out.s ? bg->out.s : "failed");
	else if (bg->out.s)
		fputs(bg->out.s, W->out);
	free(bg->out.s);
	bg->release(bg);
	return status;
}

const char *wb_interrupt(wb *W)
{
	if (W->bg && !W->bg->done) {
		W->bg->stop = 1;
		return "validation";
	}
	if (W->live && live_running(W->live)) {
		live_stop(W->live);
		return "run";
	}
	/* With nothing else going, the one evolution: what the key bar's
	 * "^C stop" promises.  Several: the caller asks which. */
	static char what[64];    /* the UI's thread alone calls this */
	if (wb_jobs_going(W, NULL) == 1)
		for (int i = 0; i < W->jobs.n; i++)
			if (W->jobs.v[i].pid > 0 &&
			    jobs_stop(&W->jobs.v[i]) == 0) {
				snprintf(what, sizeof what, "evolution of job "
					 "%d (resumable)", W->jobs.v[i].id);
				return what;
			}
	return NULL;
}

int wb_jobs_going(wb *W, strbuf *list)
{
	int n = 0;
	jobs_poll(&W->jobs);
	for (int i = 0; i < W->jobs.n; i++) {
		const job *j = &W->jobs.v[i];
		if (j->pid <= 0)
			continue;
		if (list)
			strbuf_printf(list, "%sjob %d (%s)", n ? ", " : "",
				      j->id, j->dir);
		n++;
	}
	return n;
}

void wb_list_running(wb *W, const char *folder)
{
	char **dirs = NULL;
	e2l_error err;
	long n = runlog_list_running(folder, &dirs, &err);
	for (long i = 0; i < n; i++)
		fprintf(W->out, "still running: %s (`watch %s` to follow it, "
			"`stop %s` to stop it)\n", dirs[i], dirs[i], dirs[i]);
	if (n >= 0)
		runlog_list_free(dirs);
}

void wb_tick(wb *W)
{
	wb_bg_collect(W, !W->interactive);
	/* A finished run's result, once; a running one is not copied. */
	if (W->live && !W->live_reported && !live_running(W->live)) {
		live_snapshot *S = xmalloc(sizeof *S);
		live_copy(W->live, S);
		W->live_reported = 1;
		if (S->status == E2L_OK && S->failure[0])
			fprintf(W->out, "%s on %s: fitness %.6g, mean and SD "
				"undefined: %s\n", S->rule, S->task, S->fitness,
				S->failure);
		else if (S->status == E2L_OK)
			fprintf(W->out, "%s on %s: fitness %.6g (mean %.6g, SD "
				"%.3g over %d experiments) in %.2f s\n", S->rule,
				S->task, S->fitness, S->mean, S->sd,
				S->experiments, S->seconds);
		else if (S->status == E2L_ESTOPPED)
			fprintf(W->out, "%s: stopped after %.1f s (%.0f%% "
				"done)\n", S->rule, S->seconds, 100 * S->progress);
		else
			fprintf(W->err, "e2l: %s: %s\n", S->rule, S->message);
		free(S);
	}
	jobs_poll(&W->jobs);
	for (int i = 0; i < W->jobs.n; i++) {
		job *j = &W->jobs.v[i];
		/* A better champion: a line, not one per generation. */
		if (job_champion_news(j)) {
			char *champion = cmd_escaped(j->champion);
			fprintf(W->out, "job %d: new champion %.6g at "
				"generation %ld: %s\n", j->id,
				j->champion_fitness, j->champion_generation,
				champion);
			free(champion);
		}
		if (j->announced || j->state < JOB_FINISHED)
			continue;
		j->announced = 1;
		if (j->state == JOB_FAILED) {
			W->failed_jobs++;
			/* The child's own words, first line. */
			char *t = strndup(j->errtext.s ? j->errtext.s : "",
					  j->errtext.len), *e;
			t[strcspn(t, "\n")] = '\0';
			/* Silent: how it ended says what little there is. */
			char how[96];
			if (j->exit_signal)
				snprintf(how, sizeof how, "killed by signal "
					 "%d (%s), nothing on its stderr",
					 j->exit_signal,
					 strsignal(j->exit_signal));
			else if (j->exit_code)
				snprintf(how, sizeof how, "exit status %d, "
					 "nothing on its stderr", j->exit_code);
			else
				snprintf(how, sizeof how, "no log");
			e = cmd_escaped(*t ? t : how);
			fprintf(W->err, "e2l: job %d (%s) failed: %s\n", j->id,
				j->dir, e);
			free(e);
			free(t);
		} else if (j->log_open && j->log.ngen > 0) {
			/* Read from a file: escaped for the terminal. */
			const runlog_gen *g = &j->log.gen[j->log.ngen - 1];
			char *champion = cmd_escaped(g->champion);
			fprintf(W->out, "job %d %s at generation %ld: %.6g  "
				"%s\n", j->id, job_state_name(j->state),
				g->generation, g->mu ? g->parents[0] : NAN,
				champion);
			free(champion);
		} else if (j->state == JOB_STOPPED) {
			fprintf(W->out, "job %d stopped before its first "
				"generation: nothing to resume\n", j->id);
		} else {
			fprintf(W->out, "job %d %s\n", j->id,
				job_state_name(j->state));
		}
	}
	fflush(W->out);
	fflush(W->err);
}

/*
 * Batch mode: one command per line; a line that ends inside a formula
 * continues on the next; '#' starts a comment line.  Errors name the
 * stream and the line where the command starts.
 *
 * Input is bounded: a line (or a command over several) longer than
 * E2L_TEXT_MAX, or a NUL byte, which would cut a C string silently, ends
 * the input with an error naming the line: what follows is no script.  A
 * UTF-8 byte order mark before the first line is skipped.
 */
int wb_batch(wb *W, FILE *in, const char *name, int bail)
{
	char *line = NULL;
	size_t cap = 0;
	strbuf cmd = { 0 };
	int lineno = W->line_base, first = 0, status = WB_OK, st;
	ssize_t len;

	const int start = lineno;
	W->line_base = 0;
	W->where = name;
	while (!W->quit && !W->leave && !wb_interrupted &&
	       (len = e2l_getline(&line, &cap, in, E2L_TEXT_MAX)) != -1) {
		lineno++;
		if (len < 0 || memchr(line, '\0', (size_t)len) ||
		    cmd.len + (size_t)len > E2L_TEXT_MAX) {
			W->line = lineno;
			st = wb_error(W, WB_DATAERR, len >= 0 &&
				      memchr(line, '\0', (size_t)len) ?
				      "a NUL byte in the line (is this a "
				      "binary file?); read no further" :
				      "a %s longer than %d bytes; read no "
				      "further", len < 0 ? "line" : "command",
				      E2L_TEXT_MAX);
			if (status == WB_OK)
				status = st;
			cmd.len = 0;
			break;
		}
		if (lineno == start + 1 && !strncmp(line, "\xef\xbb\xbf", 3)) {
			memmove(line, line + 3, (size_t)len - 2);
			len -= 3;
		}
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!cmd.len) {
			const char *p = line;
			while (isspace((unsigned char)*p))
				p++;
			if (*p == '#' || !*p)
				continue;
			first = lineno;
		}
		if (cmd.len)
			strbuf_put(&cmd, "\n", 1);
		strbuf_put(&cmd, line, (size_t)len);
		W->line = first;
		st = wb_exec(W, cmd.s);
		if (st == WB_MORE)
			continue;
		cmd.len = 0;
		cmd.s[0] = '\0';
		if (st != WB_OK && status == WB_OK)
			status = st;
		if (st != WB_OK && bail)
			break;
	}
	if (ferror(in)) {
		/* A directory on standard input, a device's error: not an
		 * empty script. */
		W->line = 0;
		st = wb_error(W, WB_IOERR, "%s: %s", name, strerror(errno));
		if (status == WB_OK)
			status = st;
	} else if (cmd.len && !W->quit && !wb_interrupted) {
		W->line = first;
		st = wb_error(W, WB_DATAERR, "the input ends inside a "
			      "formula");
		if (status == WB_OK)
			status = st;
	}
	free(line);
	free(cmd.s);
	W->line = 0;
	return status;
}

static void each_name(char **names, size_t n,
		      void (*fn)(void *ctx, const char *s), void *ctx,
		      const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];
		size_t p = strlen(prefix);
		if (p && !strncmp(s, prefix, p))
			s += p;
		fn(ctx, s);
		free(names[i]);
	}
	free(names);
}

void wb_candidates(wb *W, char kind, void (*fn)(void *ctx, const char *s),
		   void *ctx)
{
	size_t n;
	char **names;
	const task_family *f = W->task.family;

	switch (kind) {
	case 'c':
		for (const cmd_entry *c = cmd_commands; c->name; c++)
			if (c->flags & CMD_WB)
				fn(ctx, c->name);
		break;
	case 'v':
		for (int i = 0; i < f->nvars; i++)
			fn(ctx, f->vars[i]);
		/* Rules are formulas too. */
		/* fall through */
	case 'r':
		for (int i = 0; i < W->nrules; i++)
			fn(ctx, W->rules[i].name);
		if ((names = cmd_data_names("rules", ".rule", &n))) {
			/* reward-lr0 is offered as lr0 under a reward task,
			 * as `run` accepts it. */
			char prefix[40];
			snprintf(prefix, sizeof prefix, "%s-", f->name);
			each_name(names, n, fn, ctx, prefix);
		}
		break;
	case 't':
		if ((names = cmd_data_names("tasks", ".task", &n)))
			each_name(names, n, fn, ctx, "");
		for (int i = 0; task_families[i]; i++)
			fn(ctx, task_families[i]->name);
		break;
	case 'p':
		for (int i = 0; i < f->nparams; i++)
			fn(ctx, f->params[i].name);
		break;
	case 'j':
		for (int i = 0; i < W->jobs.n; i++) {
			char id[16];
			snprintf(id, sizeof id, "%d", W->jobs.v[i].id);
			fn(ctx, id);
		}
		break;
	}
}
