/*
 * exercise.c - exercise files and the check that gives a rule its verdict
 * (exercise.h; the format is in doc/exercises.md).
 *
 * An exercise file is read as task and rule files are (kv.h: bounded,
 * every error at PATH:LINE), every entry first, since the family that the
 * `task` line names decides what `allowed`, `baseline` and `set` mean.
 * Everything that decides a verdict is fixed in the file (settings,
 * experiments, seed), and the experiments are validation ones
 * (TASK_VALIDATION_SALT), as `e2l validate --seed S --experiments K`
 * draws them: a check gives the same figures on every machine and thread
 * count, and no rule was evolved on them.  A rule that uses a variable
 * the exercise does not allow fails at once, without running: that is a
 * verdict on the rule, not an error in the exercise.  Called by `e2l
 * check` (src/app/cmd_check.c) and the tests; nothing here prints.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "e2l/exercise.h"
#include "kv.h"

/* Keys that may appear once; `set` and `hint` may repeat. */
enum {
	KEY_TITLE, KEY_TASK, KEY_GOAL, KEY_BASELINE, KEY_BASELINE_NAME,
	KEY_ALPHA, KEY_TOLERANCE, KEY_ALLOWED, KEY_EXPERIMENTS, KEY_SEED,
	KEY_ONCE
};
static const char *const once_keys[KEY_ONCE] = {
	"title", "task", "goal", "baseline", "baseline_name", "alpha",
	"tolerance", "allowed", "experiments", "seed"
};
#define KEY_LIST "title, task, set, goal, baseline, baseline_name, " \
	"alpha, tolerance, allowed, experiments, seed, hint"

/* An entry of the file, kept until the family is known. */
typedef struct {
	task_kv_place at;
	char *key, *value;
} entry;

typedef struct {
	entry *e;
	int n;
	const entry *once[KEY_ONCE];
} entries;

/* err as "PATH:LINE: ..." (col 0: the line alone) or "PATH: ..." for an
 * entry that is missing (at NULL). */
static e2l_status fail(e2l_error *err, e2l_status st, const char *path,
		       const entry *at, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static e2l_status fail(e2l_error *err, e2l_status st, const char *path,
		       const entry *at, int col, const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!at)
		return e2l_fail(err, st, 0, 0, "%s: %s", path, msg);
	return e2l_fail(err, st, at->at.line, col ? col : at->at.value_col,
			"%s:%d: %s", path, at->at.line, msg);
}

static void entries_free(entries *E)
{
	for (int i = 0; i < E->n; i++) {
		free(E->e[i].key);
		free(E->e[i].value);
	}
	free(E->e);
	memset(E, 0, sizeof *E);
}

/* Every entry of the file; the once-only keys sorted into E->once, an
 * unknown or repeated key an error at its line. */
static e2l_status read_entries(const char *path, entries *E, e2l_error *err)
{
	task_kv_reader *r = xmalloc(sizeof *r);     /* holds a 4 KiB line */
	e2l_status st;
	int cap = 0;

	memset(E, 0, sizeof *E);
	st = task_kv_open(r, path, err);
	while (st == E2L_OK && (st = task_kv_next(r, err)) == E2L_OK &&
	       r->key) {
		if (E->n == cap) {
			cap = cap ? 2 * cap : 16;
			E->e = xrealloc(E->e, (size_t)cap * sizeof *E->e);
		}
		E->e[E->n].at = r->at;
		E->e[E->n].key = xstrdup(r->key);
		E->e[E->n].value = xstrdup(r->value);
		E->n++;
	}
	task_kv_close(r);
	free(r);
	for (int i = 0; st == E2L_OK && i < E->n; i++) {
		const entry *e = &E->e[i];
		int k = 0;
		while (k < KEY_ONCE && strcmp(e->key, once_keys[k]))
			k++;
		if (k < KEY_ONCE && E->once[k])
			st = fail(err, E2L_ESYNTAX, path, e, e->at.key_col,
				  "duplicate '%s' (first set on line %d)",
				  e->key, E->once[k]->at.line);
		else if (k < KEY_ONCE)
			E->once[k] = e;
		else if (strcmp(e->key, "set") && strcmp(e->key, "hint"))
			st = fail(err, E2L_ESYNTAX, path, e, e->at.key_col,
				  "unknown key '%.40s' in an exercise (keys: "
				  KEY_LIST ")", e->key);
	}
	if (st != E2L_OK)
		entries_free(E);
	return st;
}

/* "exercises/x.exercise" -> "x"; caller frees. */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;
	char *s;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 9 && !strcmp(base + n - 9, ".exercise"))
		n -= 9;
	s = xmalloc(n + 1);
	memcpy(s, base, n);
	s[n] = '\0';
	return s;
}

/* dir of path joined with rel (rel itself when absolute); caller frees. */
static char *beside(const char *path, const char *rel)
{
	const char *slash = strrchr(path, '/');
	size_t d = slash ? (size_t)(slash - path) + 1 : 0;
	char *s;

	if (rel[0] == '/' || !d)
		return xstrdup(rel);
	s = xmalloc(d + strlen(rel) + 1);
	memcpy(s, path, d);
	strcpy(s + d, rel);
	return s;
}

static int regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/*
 * The task the `task` line names: a .task file (beside the exercise),
 * else NAME in the tasks/ folder next to the exercise's folder (so that
 * a shipped exercise always means the shipped task, wherever it is run
 * from), else the front end's lookup, else a family's defaults.
 */
static e2l_status load_task(const char *path, const entry *e,
			    exercise_task_finder find, task_config *cfg,
			    e2l_error *err)
{
	const task_family *f;
	e2l_error inner;
	e2l_status st;
	char *file = NULL;

	if (ends_with(e->value, ".task")) {
		file = beside(path, e->value);
	} else if (strchr(e->value, '/')) {
		return fail(err, E2L_ESYNTAX, path, e, 0, "task '%.80s': a "
			    "task name, a family or a .task file", e->value);
	} else {
		size_t n = strlen(e->value) + 16;
		char *rel = xmalloc(n);
		snprintf(rel, n, "../tasks/%s.task", e->value);
		file = beside(path, rel);
		free(rel);
		if (!regular_file(file)) {
			free(file);
			file = NULL;
		}
	}
	if (file) {
		st = task_config_load(file, cfg, &inner);
		free(file);
	} else if (find) {
		st = find(e->value, cfg, &inner);
	} else if ((f = task_family_find(e->value))) {
		task_config_default(cfg, f);
		st = E2L_OK;
	} else {
		st = e2l_fail(&inner, E2L_EUNKNOWN, 0, 0, "unknown task '%s' "
			      "(a task family, a name in tasks/ or a .task "
			      "file)", e->value);
	}
	if (st != E2L_OK)
		return fail(err, st, path, e, 0, "task %s", inner.msg);
	return E2L_OK;
}

/* The `set KEY = VALUE` lines, in order, then the whole configuration
 * against itself once (its error at the last of them). */
static e2l_status apply_sets(const char *path, const entries *E,
			     task_config *cfg, e2l_error *err)
{
	const entry *last = NULL;
	e2l_error inner;
	e2l_status st;

	for (int i = 0; i < E->n; i++) {
		const entry *e = &E->e[i];
		char *kv, *eq, *key, *value;
		int k;

		if (strcmp(e->key, "set"))
			continue;
		last = e;
		kv = xstrdup(e->value);
		eq = strchr(kv, '=');
		key = kv;
		value = eq ? eq + 1 : NULL;
		if (eq)
			for (*eq = '\0'; eq > kv && isspace((unsigned char)
							    eq[-1]); eq--)
				eq[-1] = '\0';
		while (value && isspace((unsigned char)*value))
			value++;
		if (!value || !*key || !*value) {
			free(kv);
			return fail(err, E2L_ESYNTAX, path, e, 0, "expected "
				    "'set = PARAMETER = VALUE'");
		}
		k = task_param_index(cfg->family, key);
		if (k >= 0 && (!strcmp(key, "experiments") ||
			       task_param_is_text(&cfg->family->params[k]))) {
			st = fail(err, E2L_EINVALID, path, e, 0, "set %s: not "
				  "in an exercise (%s)", key,
				  !strcmp(key, "experiments") ?
				  "its `experiments` key says how many" :
				  "its inputs come from its seed");
			free(kv);
			return st;
		}
		st = task_config_put(cfg, key, value, &inner);
		free(kv);
		if (st != E2L_OK)
			return fail(err, st, path, e, 0, "%s", inner.msg);
	}
	if (last && (st = task_config_check(cfg, &inner)) != E2L_OK)
		return fail(err, st, path, last, 0, "%s", inner.msg);
	return E2L_OK;
}

/* A decimal number as task files write one; its line's error if not. */
static e2l_status number(const char *path, const entry *e, double *out,
			 e2l_error *err)
{
	const char *why;

	if (task_parse_number(e->value, out, &why) != 0)
		return fail(err, E2L_ESYNTAX, path, e, 0, "%s = '%.40s': %s",
			    e->key, e->value, why);
	return E2L_OK;
}

static e2l_status read_seed(const char *path, const entry *e, uint64_t *out,
			    e2l_error *err)
{
	uint64_t v = 0;
	const char *p = e->value;

	if (!*p)
		return fail(err, E2L_ESYNTAX, path, e, 0, "seed: expected a "
			    "whole number");
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return fail(err, E2L_ESYNTAX, path, e, 0, "seed = "
				    "'%.40s': not a whole number 0 .. "
				    "18446744073709551615", e->value);
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return fail(err, E2L_EINVALID, path, e, 0, "seed = "
				    "'%.40s': above 18446744073709551615",
				    e->value);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return E2L_OK;
}

/* "R, E, Rbar" into buf. */
static void var_list(const task_family *f, const unsigned char *only,
		     char *buf, size_t size)
{
	size_t len = 0;
	int first = 1;

	buf[0] = '\0';
	for (int i = 0; i < f->nvars && len < size; i++) {
		if (only && !only[i])
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					first ? "" : ", ", f->vars[i]);
		first = 0;
	}
}

/* Index of a family variable by its name or the paper's x_N, or -1. */
static int var_index(const task_family *f, const char *name)
{
	char alias[16];

	for (int i = 0; i < f->nvars; i++) {
		snprintf(alias, sizeof alias, "x_%d", i);
		if (!strcmp(name, f->vars[i]) || !strcmp(name, alias))
			return i;
	}
	return -1;
}

/* `allowed = R, E`: names separated by commas or blanks. */
static e2l_status read_allowed(const char *path, const entry *e,
			       const task_family *f, unsigned char *allowed,
			       e2l_error *err)
{
	const char *p = e->value;
	int any = 0;

	memset(allowed, 0, (size_t)f->nvars);
	while (*p) {
		size_t n;
		char name[64], vars[160];
		int i;

		if (*p == ',' || isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		n = strcspn(p, ", \t");
		snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), p);
		if ((i = var_index(f, name)) < 0) {
			var_list(f, NULL, vars, sizeof vars);
			return fail(err, E2L_EUNKNOWN, path, e,
				    e->at.value_col + (int)(p - e->value),
				    "allowed: '%s' is not a variable of task "
				    "family '%s' (it has %s)", name, f->name,
				    vars);
		}
		allowed[i] = 1;
		any = 1;
		p += n;
	}
	if (!any)
		return fail(err, E2L_ESYNTAX, path, e, 0, "allowed: expected "
			    "variable names");
	return E2L_OK;
}

/* `baseline = FORMULA`, or `F ; D` for a family with a pair. */
static e2l_status read_baseline(const char *path, const entry *e,
				const entry *name, const task_family *f,
				task_rule *rule, e2l_error *err)
{
	char *text = xstrdup(e->value);
	const char *texts[2] = { text, NULL };
	size_t offset[2] = { 0, 0 };
	char *semi = strchr(text, ';');
	e2l_error inner;
	e2l_status st;
	int bad;

	if (semi) {
		*semi = '\0';
		texts[1] = semi + 1;
		offset[1] = (size_t)(semi + 1 - text);
	}
	if ((f->nformulas == 2) != (semi != NULL) ||
	    (texts[1] && strchr(texts[1], ';'))) {
		free(text);
		if (f->nformulas == 2)
			return fail(err, E2L_ESYNTAX, path, e, 0, "baseline: "
				    "task family '%s' takes a pair: "
				    "'%s ; %s'", f->name, f->formulas[0],
				    f->formulas[1]);
		return fail(err, E2L_ESYNTAX, path, e, 0, "baseline: one "
			    "formula (task family '%s' has no pair)",
			    f->name);
	}
	st = task_rule_parse(rule, f, texts, name ? name->value : e->value,
			     &inner);
	if (st != E2L_OK) {
		/* task_rule_parse names a pair's failing part first in its
		 * message ("depress: ..."); a place within that formula moves
		 * onto the file's line. */
		size_t k = texts[1] ? strlen(f->formulas[1]) : 0;
		bad = texts[1] && !strncmp(inner.msg, f->formulas[1], k) &&
			inner.msg[k] == ':';
		int col = inner.line == 1 ? e->at.value_col +
			(int)offset[bad] + inner.col - 1 : 0;
		free(text);
		if (col)
			return e2l_fail(err, st, e->at.line, col, "%s:%d:%d: "
					"baseline: %s", path, e->at.line, col,
					inner.msg);
		return fail(err, st, path, e, 0, "baseline: %s", inner.msg);
	}
	free(text);
	return E2L_OK;
}

/* `goal = fitness >= X`, `beat` or `match`. */
static e2l_status read_goal(const char *path, const entry *e,
			    exercise *ex, e2l_error *err)
{
	const char *p = e->value, *why;

	if (!strcmp(p, "beat")) {
		ex->goal = EXERCISE_BEAT;
		return E2L_OK;
	}
	if (!strcmp(p, "match")) {
		ex->goal = EXERCISE_MATCH;
		return E2L_OK;
	}
	if (!strncmp(p, "fitness", 7)) {
		for (p += 7; isspace((unsigned char)*p); p++)
			;
		if (p[0] == '>' && p[1] == '=') {
			for (p += 2; isspace((unsigned char)*p); p++)
				;
			if (task_parse_number(p, &ex->target, &why) != 0)
				return fail(err, E2L_ESYNTAX, path, e,
					    e->at.value_col +
					    (int)(p - e->value), "goal: "
					    "'%.40s': %s", p, why);
			ex->goal = EXERCISE_FITNESS;
			return E2L_OK;
		}
	}
	return fail(err, E2L_ESYNTAX, path, e, 0, "goal = '%.40s': expected "
		    "'fitness >= NUMBER', 'beat' or 'match'", e->value);
}

/* The keys that need no other: title, experiments, seed, hint. */
static e2l_status read_plain(const char *path, const entries *E,
			     exercise *ex, e2l_error *err)
{
	const entry *e;
	e2l_status st;
	double v;
	strbuf hint = { 0 };

	e = E->once[KEY_TITLE];
	if (strlen(e->value) > EXERCISE_TITLE_MAX)
		return fail(err, E2L_ELIMIT, path, e, 0, "title: longer than "
			    "%d bytes", EXERCISE_TITLE_MAX);
	ex->title = xstrdup(e->value);
	e = E->once[KEY_EXPERIMENTS];
	if ((st = number(path, e, &v, err)) != E2L_OK)
		return st;
	if (v != floor(v) || v < 1 || v > EXERCISE_EXPERIMENTS_MAX)
		return fail(err, E2L_EINVALID, path, e, 0, "experiments = %s: "
			    "a whole number 1 .. %d", e->value,
			    EXERCISE_EXPERIMENTS_MAX);
	ex->experiments = (int)v;
	if ((st = read_seed(path, E->once[KEY_SEED], &ex->seed, err)) !=
	    E2L_OK)
		return st;
	for (int i = 0; i < E->n; i++)
		if (!strcmp(E->e[i].key, "hint"))
			strbuf_printf(&hint, "%s%s", hint.s ? "\n" : "",
				      E->e[i].value);
	ex->hint = hint.s;
	return E2L_OK;
}

/* What the goal needs of the other keys, and they of it. */
static e2l_status read_goal_keys(const char *path, const entries *E,
				 exercise *ex, e2l_error *err)
{
	const entry *alpha = E->once[KEY_ALPHA], *tol = E->once[KEY_TOLERANCE];
	const entry *goal = E->once[KEY_GOAL];
	e2l_status st;

	ex->alpha = 0.05;
	ex->tolerance = 0;
	if (ex->goal != EXERCISE_FITNESS && !ex->has_baseline)
		return fail(err, E2L_EINVALID, path, goal, 0, "goal = %s needs "
			    "a baseline (baseline = FORMULA, such as 0 for no "
			    "plasticity)", goal->value);
	if (alpha && ex->goal != EXERCISE_BEAT)
		return fail(err, E2L_EINVALID, path, alpha, alpha->at.key_col,
			    "alpha is for goal = beat");
	if (tol && ex->goal != EXERCISE_MATCH)
		return fail(err, E2L_EINVALID, path, tol, tol->at.key_col,
			    "tolerance is for goal = match");
	if (alpha && !strcmp(alpha->value, "none")) {
		ex->alpha = NAN;
	} else if (alpha) {
		if ((st = number(path, alpha, &ex->alpha, err)) != E2L_OK)
			return st;
		if (!(ex->alpha > 0 && ex->alpha < 1))
			return fail(err, E2L_EINVALID, path, alpha, 0,
				    "alpha = %s: between 0 and 1, or none",
				    alpha->value);
	}
	if (tol) {
		if ((st = number(path, tol, &ex->tolerance, err)) != E2L_OK)
			return st;
		if (ex->tolerance < 0)
			return fail(err, E2L_EINVALID, path, tol, 0,
				    "tolerance = %s: at least 0",
				    tol->value);
	}
	/* A paired difference needs two experiments; the test five. */
	int least = ex->goal == EXERCISE_BEAT && !isnan(ex->alpha) ?
		TASK_COMPARE_MIN_N : ex->has_baseline ? 2 : 1;
	if (ex->experiments < least)
		return fail(err, E2L_EINVALID, path, E->once[KEY_EXPERIMENTS],
			    0, "experiments = %d: a %s needs at least %d",
			    ex->experiments, least == 2 ? "comparison with "
			    "the baseline" : "paired test", least);
	return E2L_OK;
}

static e2l_status load(const char *path, exercise_task_finder find,
		       const entries *E, exercise *ex, e2l_error *err)
{
	static const int required[] = { KEY_TITLE, KEY_TASK, KEY_GOAL,
					KEY_EXPERIMENTS, KEY_SEED };
	static const char *const what[] = {
		"title = ONE LINE", "task = NAME", "goal = fitness >= NUMBER, "
		"beat or match", "experiments = K", "seed = N"
	};
	const task_family *f;
	e2l_status st;

	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!E->once[required[i]])
			return fail(err, E2L_ESYNTAX, path, NULL, 0,
				    "missing '%s' (%s)",
				    once_keys[required[i]], what[i]);
	ex->path = xstrdup(path);
	ex->name = stem(path);
	if ((st = read_plain(path, E, ex, err)) != E2L_OK)
		return st;
	ex->task_name = xstrdup(E->once[KEY_TASK]->value);
	st = load_task(path, E->once[KEY_TASK], find, &ex->task, err);
	if (st != E2L_OK)
		return st;
	f = ex->task.family;
	if ((st = apply_sets(path, E, &ex->task, err)) != E2L_OK)
		return st;
	ex->allowed = xmalloc((size_t)f->nvars);
	memset(ex->allowed, 1, (size_t)f->nvars);
	if (E->once[KEY_ALLOWED] &&
	    (st = read_allowed(path, E->once[KEY_ALLOWED], f, ex->allowed,
			       err)) != E2L_OK)
		return st;
	if (E->once[KEY_BASELINE_NAME] && !E->once[KEY_BASELINE])
		return fail(err, E2L_EINVALID, path, E->once[KEY_BASELINE_NAME],
			    E->once[KEY_BASELINE_NAME]->at.key_col,
			    "baseline_name without a baseline");
	if (E->once[KEY_BASELINE]) {
		st = read_baseline(path, E->once[KEY_BASELINE],
				   E->once[KEY_BASELINE_NAME], f,
				   &ex->baseline, err);
		if (st != E2L_OK)
			return st;
		ex->has_baseline = 1;
		ex->baseline_text = xstrdup(E->once[KEY_BASELINE]->value);
	}
	if ((st = read_goal(path, E->once[KEY_GOAL], ex, err)) != E2L_OK)
		return st;
	return read_goal_keys(path, E, ex, err);
}

e2l_status exercise_load(const char *path, exercise_task_finder find,
			 exercise *ex, e2l_error *err)
{
	entries E;
	e2l_status st;

	memset(ex, 0, sizeof *ex);
	if ((st = read_entries(path, &E, err)) != E2L_OK)
		return st;
	st = load(path, find, &E, ex, err);
	entries_free(&E);
	if (st != E2L_OK)
		exercise_free(ex);
	return st;
}

void exercise_free(exercise *ex)
{
	free(ex->path);
	free(ex->name);
	free(ex->title);
	free(ex->task_name);
	if (ex->task.family)
		task_config_free(&ex->task);
	if (ex->has_baseline)
		task_rule_free(&ex->baseline);
	free(ex->baseline_text);
	free(ex->allowed);
	free(ex->hint);
	memset(ex, 0, sizeof *ex);
}

/* ---- The check ------------------------------------------------------ */

/* The first variable e uses that is not allowed, or NULL.  Variables are
 * the family's own names here (x_0 was renamed when the rule was
 * parsed); the depth of a tree is bounded by the parser. */
static const char *forbidden_in(const expr *e, const exercise *ex)
{
	const char *bad;

	if (!e)
		return NULL;
	if (e->kind == EXPR_VAR) {
		int i = var_index(ex->task.family, e->name);
		return i >= 0 && ex->allowed[i] ? NULL :
			i >= 0 ? ex->task.family->vars[i] : e->name;
	}
	if ((bad = forbidden_in(e->a, ex)))
		return bad;
	return forbidden_in(e->b, ex);
}

void exercise_goal_text(const exercise *ex, char *buf, size_t size)
{
	const char *base = ex->has_baseline ? ex->baseline.name : "";

	switch (ex->goal) {
	case EXERCISE_FITNESS:
		snprintf(buf, size, "mean fitness >= %g", ex->target);
		break;
	case EXERCISE_BEAT:
		if (isnan(ex->alpha))
			snprintf(buf, size, "beat %s: a positive mean paired "
				 "difference", base);
		else
			snprintf(buf, size, "beat %s: a positive mean paired "
				 "difference, paired p < %g", base, ex->alpha);
		break;
	case EXERCISE_MATCH:
		snprintf(buf, size, "match %s: mean paired difference >= %g",
			 base, ex->tolerance > 0 ? -ex->tolerance : 0.0);
		break;
	}
}

/* The verdict from the figures, with its reason. */
static void judge(const exercise *ex, exercise_result *r)
{
	const task_comparison *c = &r->cmp;
	const char *base = ex->has_baseline ? ex->baseline.name : "";
	char *why = r->reason;
	size_t n = sizeof r->reason;

	if (r->rule_summary.nonfinite) {
		r->pass = 0;
		snprintf(why, n, "%d of %d experiments gave a non-finite "
			 "fitness: the rule blew up",
			 r->rule_summary.nonfinite, r->rule_summary.n);
		return;
	}
	switch (ex->goal) {
	case EXERCISE_FITNESS:
		r->goal = ex->target;
		r->pass = r->value >= ex->target;
		snprintf(why, n, r->pass ? "mean fitness %.4g >= %g" :
			 "mean fitness %.4g is below %g", r->value,
			 ex->target);
		break;
	case EXERCISE_BEAT:
		r->goal = r->baseline;
		r->pass = c->diff_mean > 0 &&
			(isnan(ex->alpha) || c->p_paired < ex->alpha);
		if (r->pass && isnan(ex->alpha))
			snprintf(why, n, "above %s by %.4g on average", base,
				 c->diff_mean);
		else if (r->pass)
			snprintf(why, n, "above %s by %.4g on average, paired "
				 "p = %.3g < %g", base, c->diff_mean,
				 c->p_paired, ex->alpha);
		else if (!(c->diff_mean > 0))
			snprintf(why, n, "not above %s: mean paired "
				 "difference %.4g", base, c->diff_mean);
		else
			snprintf(why, n, "above %s by %.4g on average, but "
				 "not significantly: paired p = %.3g, not "
				 "below %g", base, c->diff_mean, c->p_paired,
				 ex->alpha);
		break;
	case EXERCISE_MATCH:
		r->goal = r->baseline - ex->tolerance;
		r->pass = c->diff_mean >= -ex->tolerance;
		if (r->pass)
			snprintf(why, n, "within %g of %s: mean paired "
				 "difference %.4g", ex->tolerance, base,
				 c->diff_mean);
		else
			snprintf(why, n, "%.4g below %s on average; at most "
				 "%g below passes", -c->diff_mean, base,
				 ex->tolerance);
		break;
	}
}

e2l_status exercise_check_with(const exercise *ex, const task_rule *rule,
			       const task_options *run,
			       exercise_result *res, e2l_error *err)
{
	task_options o = { 0 };
	e2l_status st;

	memset(res, 0, sizeof *res);
	res->value = res->goal = res->baseline = NAN;
	if (rule->family != ex->task.family)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "rule '%s' is for "
				"task family '%s'; exercise '%s' is for '%s'",
				rule->name, rule->family->name, ex->name,
				ex->task.family->name);
	for (int i = 0; i < rule->family->nformulas && !res->forbidden; i++)
		res->forbidden = forbidden_in(rule->formula[i], ex);
	if (res->forbidden) {
		char vars[160];
		var_list(ex->task.family, ex->allowed, vars, sizeof vars);
		snprintf(res->reason, sizeof res->reason, "the rule uses "
			 "'%s', which this exercise does not allow (allowed: "
			 "%s)", res->forbidden, vars);
		return E2L_OK;
	}
	if (run)
		o = *run;
	o.seed = ex->seed ^ TASK_VALIDATION_SALT;
	o.experiments = ex->experiments;
	st = task_evaluate(&ex->task, rule, &o, &res->rule_res, err);
	if (st == E2L_OK && ex->has_baseline) {
		st = task_evaluate(&ex->task, &ex->baseline, &o,
				   &res->baseline_res, err);
		if (st != E2L_OK)
			memset(&res->baseline_res, 0,
			       sizeof res->baseline_res);
	}
	if (st != E2L_OK) {
		exercise_result_free(res);
		return st;
	}
	task_summarize(res->rule_res.values, res->rule_res.n, NAN,
		       &res->rule_summary);
	res->value = res->rule_summary.mean;
	if (ex->has_baseline) {
		task_summarize(res->baseline_res.values, res->baseline_res.n,
			       NAN, &res->baseline_summary);
		if (res->baseline_summary.nonfinite) {
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: the "
				      "baseline %s gave a non-finite fitness "
				      "in %d of %d experiments", ex->path,
				      ex->baseline.name,
				      res->baseline_summary.nonfinite,
				      res->baseline_summary.n);
			exercise_result_free(res);
			return st;
		}
		res->baseline = res->baseline_summary.mean;
		task_compare(res->rule_res.values, res->baseline_res.values,
			     res->rule_res.n, &res->cmp);
	}
	judge(ex, res);
	return E2L_OK;
}

e2l_status exercise_check(const exercise *ex, const task_rule *rule,
			  exercise_result *res, e2l_error *err)
{
	return exercise_check_with(ex, rule, NULL, res, err);
}

void exercise_result_free(exercise_result *res)
{
	if (res->rule_res.values)
		task_result_free(&res->rule_res);
	if (res->baseline_res.values)
		task_result_free(&res->baseline_res);
	memset(res, 0, sizeof *res);
	res->value = res->goal = res->baseline = NAN;
}
