/*
 * presets.c - the paper's evolution settings per task (its Appendix
 * 1 and its code): genome shape, input variables by name, primitives,
 * strategy and stopping.  For the reward task the published sets 0-3
 * (Appendix 1) and the reference code's 2-input setting.
 *
 * A run's settings start as a preset's and may be changed one by one by
 * name (evo_settings_set): the same text parser reads a command-line
 * option and a run.conf line, and evo_settings_get writes what it reads,
 * so a resumed run evolves with exactly the settings it started with.
 * evo_settings_table lists them for run.c, runlog.c and the front ends.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/evolve.h"
#include "e2l/expr.h"
#include "e2l/task.h"

static const cgp_prim arith_1[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" },
};
static const cgp_prim arith_1_half[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" }, { CGP_CONST, "0.5" },
};
static const cgp_prim arith_code[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" }, { CGP_CONST, "0.1" },
	{ CGP_CONST, "10" },
};
static const cgp_prim pow_code[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_POW, NULL }, { CGP_CONST, "0.1" },
	{ CGP_CONST, "1" }, { CGP_CONST, "10" },
};

static const char *const error_in[] = { "v", "u", "s" };
static const char *const reward_in[] = { "R", "E", "Rbar_plus",
					 "Rbar_minus" };
static const char *const reward_set0_in[] = { "R", "E", "Rbar" };
static const char *const reward_code_in[] = { "R", "E" };
static const char *const correlation_in[] = { "w", "k" };

#define N(a) (int)(sizeof a / sizeof *a)

/* The reward sets differ in inputs, columns and reorder only (Appendix 1:
 * mu 1, lambda 4, p 0.035, constants 1 and 0.5, 1000 generations, stop at
 * the perfect 500).  "reward" is set 1 under its first name. */
#define REWARD_SET(name, summary, in, cols, reorder)                       \
	{ name, "reward", summary, N(in), in, cols, cols, arith_1_half,    \
	  N(arith_1_half), 1, 1, 4, 1, 0.035, 1000, 500.0, reorder }

const evo_preset evo_presets[] = {
	{ "error", "error", "the paper's error-driven runs (f(v, u, s))",
	  N(error_in), error_in, 12, 12, arith_1, N(arith_1), 1, 4, 4, 1,
	  0.045, 1000, 0.0, 0 },
	REWARD_SET("reward", "published reward runs, set 1: f(R, E, "
		   "Rbar_plus, Rbar_minus)", reward_in, 12, 1),
	REWARD_SET("reward-set0", "published reward set 0: f(R, E, Rbar), "
		   "24 columns", reward_set0_in, 24, 1),
	REWARD_SET("reward-set1", "published reward set 1 (as reward)",
		   reward_in, 12, 1),
	REWARD_SET("reward-set2", "published reward set 2: 24 columns, no "
		   "reorder", reward_in, 24, 0),
	REWARD_SET("reward-set3", "published reward set 3: 24 columns, "
		   "reorder", reward_in, 24, 1),
	{ "reward-code", "reward", "the reference code's reward runs: "
	  "f(R, E)",
	  N(reward_code_in), reward_code_in, 5, 5, arith_code,
	  N(arith_code), 1, 4, 4, 1, 0.045, 500, 300.0, 0 },
	{ "correlation", "correlation", "the paper's correlation runs: a "
	  "facilitate and a depress formula of (w, k)",
	  N(correlation_in), correlation_in, 5, 5, pow_code, N(pow_code), 2,
	  8, 8, 1, 0.05, 2000, 10.0, 0 },
	{ NULL },
};

const evo_preset *evo_preset_find(const char *name)
{
	for (const evo_preset *p = evo_presets; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

const evo_preset *evo_preset_for(const char *family)
{
	for (const evo_preset *p = evo_presets; p->name; p++)
		if (!strcmp(p->family, family))
			return p;
	return NULL;
}

/* The rules an evolution is measured against: the published hand-made
 * rules of the error and reward tasks (Urbanczik & Senn), and for the
 * correlation task, whose published rule (homeostatic STDP) needs
 * clipping that the task's defaults do not do, the paper's best evolved
 * one (F = 20.88).  Each is the formula of its rules/ file. */
const evo_known evo_known_rules[] = {
	{ "error", "eq7", "(v - u)*s" },
	{ "reward", "lr0", "(R - 1)*E" },
	{ "correlation", "lr2", "(w*k)^w - 1 ; k/w - w" },
	{ NULL, NULL, NULL },
};

const evo_known *evo_known_rule(const char *family)
{
	for (const evo_known *k = evo_known_rules; k->family; k++)
		if (!strcmp(k->family, family))
			return k;
	return NULL;
}

/* ---- Settings ------------------------------------------------------ */

const evo_setting evo_settings_table[] = {
	{ "inputs", "A,B,...", "the task family's variables the genome "
	  "reads", 1 },
	{ "columns", "N", "hidden nodes in one row, all visible", 1 },
	{ "levels_back", "N", "columns a node may look back", 0 },
	{ "primitives", "LIST", "operators + - * / ^ and constants: "
	  "+,-,*,/,1,0.5", 1 },
	{ "mu", "N", "parents", 1 },
	{ "lambda", "N", "offspring per generation", 1 },
	{ "tournament", "N", "parents per tournament (1: uniform)", 1 },
	{ "mutation_rate", "P", "probability that a gene mutates, in (0, 1]",
	  1 },
	{ "reorder", NULL, "reorder parents' nodes each generation, or "
	  "not", 1 },
	{ "min_fitness", "F", "stop once the champion's fitness reaches F",
	  1 },
	{ NULL },
};

const evo_setting *evo_setting_option(const char *option, int *off)
{
	char key[64];
	size_t n = strlen(option);

	*off = 0;
	if (!strcmp(option, "no-reorder")) {
		*off = 1;
		option = "reorder";
		n = strlen(option);
	}
	if (n >= sizeof key)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		key[i] = option[i] == '-' ? '_' : option[i];
	for (const evo_setting *t = evo_settings_table; t->key; t++)
		if (t->option && !strcmp(t->key, key) && !strchr(option, '_'))
			return t;
	return NULL;
}

void evo_settings_init(evo_settings *s, const evo_preset *p)
{
	memset(s, 0, sizeof *s);
	if (!p)
		return;
	s->preset = p;
	s->inputs = p->inputs;
	for (int i = 0; i < p->inputs; i++)
		snprintf(s->names[i], sizeof s->names[i], "%s", p->names[i]);
	s->columns = p->columns;
	s->levels_back = p->levels_back;
	s->nprims = p->nprims;
	for (int i = 0; i < p->nprims; i++) {
		s->ops[i] = p->prims[i].op;
		if (p->prims[i].op == CGP_CONST)
			snprintf(s->constants[i], sizeof s->constants[i], "%s",
				 p->prims[i].constant);
	}
	s->ngenomes = p->ngenomes;
	s->mu = p->mu;
	s->lambda = p->lambda;
	s->tournament = p->tournament;
	s->p_mutation = p->p_mutation;
	s->min_fitness = p->min_fitness;
	s->reorder = p->reorder;
}

/* The operators' symbols, as formulas write them. */
static const struct {
	cgp_op op;
	const char *sym;
} op_syms[] = {
	{ CGP_ADD, "+" }, { CGP_SUB, "-" }, { CGP_MUL, "*" }, { CGP_DIV, "/" },
	{ CGP_POW, "^" },
};

static const char *op_sym(cgp_op op)
{
	for (size_t i = 0; i < sizeof op_syms / sizeof *op_syms; i++)
		if (op_syms[i].op == op)
			return op_syms[i].sym;
	return "?";
}

/* A whole number from lo to hi, digits only. */
static int parse_whole(const char *v, long lo, long hi, long *out)
{
	long x = 0;

	if (!*v || (v[0] == '0' && v[1]))
		return 0;
	for (; *v; v++) {
		if (!isdigit((unsigned char)*v) || x > (hi - (*v - '0')) / 10)
			return 0;
		x = 10 * x + (*v - '0');
	}
	if (x < lo)
		return 0;
	*out = x;
	return 1;
}

/* A finite decimal number: [-]digits[.digits][e[+-]digits], nothing
 * else (no hex, inf, nan, spaces), so that what run.conf holds is what
 * the command line gave. */
static int parse_real(const char *v, double *out)
{
	const char *p = v;
	char *end;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return 0;
	errno = 0;
	*out = strtod(v, &end);
	return *end == '\0' && isfinite(*out);
}

/* The shortest text that reads back as x exactly (500, not 5e+02). */
static void real_text(double x, char *buf, size_t size)
{
	int whole = fabs(x) >= 1 ? (int)floor(log10(fabs(x))) + 1 : 1;

	for (int prec = whole < 17 ? whole : 17; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* The items of a comma-separated list, spaces around them dropped, into
 * item[] (EVO_WORD_MAX bytes each); the count, or -1 with err set. */
static int split(const char *v, char (*item)[EVO_WORD_MAX], int max,
		 const char *what, e2l_error *err)
{
	int n = 0;

	for (const char *p = v;; p++) {
		const char *q = strchr(p, ','), *e = q ? q : p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == p) {
			e2l_fail(err, E2L_EINVALID, 0, 0, "'%.60s': an empty "
				 "item in the list of %s", v, what);
			return -1;
		}
		if (n == max) {
			e2l_fail(err, E2L_EINVALID, 0, 0, "'%.60s': more than "
				 "%d %s", v, max, what);
			return -1;
		}
		if (e - p >= EVO_WORD_MAX) {
			e2l_fail(err, E2L_EINVALID, 0, 0, "'%.*s...': longer "
				 "than %d characters", 20, p, EVO_WORD_MAX - 1);
			return -1;
		}
		memcpy(item[n], p, (size_t)(e - p));
		item[n++][e - p] = '\0';
		if (!q)
			return n;
		p = q;
	}
}

static e2l_status set_inputs(evo_settings *s, const char *v, e2l_error *err)
{
	char names[EVO_MAX_INPUTS][EVO_WORD_MAX] = { { 0 } };
	int n = split(v, names, EVO_MAX_INPUTS, "inputs", err);

	if (n < 0)
		return E2L_EINVALID;
	for (int i = 0; i < n; i++) {
		const char *c = names[i];
		int ok = isalpha((unsigned char)*c) || *c == '_';
		for (; ok && *c; c++)
			ok = isalnum((unsigned char)*c) || *c == '_';
		if (!ok)
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%s' is not "
					"a variable name", names[i]);
		for (int j = 0; j < i; j++)
			if (!strcmp(names[i], names[j]))
				return e2l_fail(err, E2L_EINVALID, 0, 0, "'%s' "
						"is named twice", names[i]);
	}
	s->inputs = n;
	memcpy(s->names, names, sizeof names);
	return E2L_OK;
}

static e2l_status set_primitives(evo_settings *s, const char *v,
				 e2l_error *err)
{
	char items[EVO_MAX_PRIMS][EVO_WORD_MAX] = { { 0 } };
	cgp_op ops[EVO_MAX_PRIMS];
	const expr *num[EVO_MAX_PRIMS] = { NULL };
	int n = split(v, items, EVO_MAX_PRIMS, "primitives", err);
	expr_arena *A;
	e2l_status st = E2L_OK;

	if (n < 0)
		return E2L_EINVALID;
	A = expr_arena_new();
	for (int i = 0; i < n && st == E2L_OK; i++) {
		size_t k = 0;
		e2l_error perr;
		while (k < sizeof op_syms / sizeof *op_syms &&
		       strcmp(items[i], op_syms[k].sym))
			k++;
		ops[i] = k < sizeof op_syms / sizeof *op_syms ?
			op_syms[k].op : CGP_CONST;
		/* A constant: a literal the formula parser reads as one
		 * number (no sign: the decoded formula would hold a
		 * negation, not a constant). */
		if (ops[i] == CGP_CONST &&
		    (!isdigit((unsigned char)items[i][0]) ||
		     expr_parse(A, items[i], &num[i], &perr) != E2L_OK ||
		     num[i]->kind != EXPR_NUM || !isfinite(num[i]->value)))
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "'%s' is "
				      "neither an operator (+ - * / ^) nor a "
				      "constant (a number such as 0.5)",
				      items[i]);
		/* Each once: the same value twice would only weigh it
		 * double in the uniform draw of a node's primitive. */
		for (int j = 0; j < i && st == E2L_OK; j++)
			if (ops[j] == ops[i] && (ops[i] != CGP_CONST ||
			    (num[j]->exp10 == num[i]->exp10 &&
			     !strcmp(num[j]->digits, num[i]->digits))))
				st = e2l_fail(err, E2L_EINVALID, 0, 0, "'%s' is "
					      "listed twice", items[i]);
	}
	expr_arena_free(A);
	if (st != E2L_OK)
		return st;
	s->nprims = n;
	memset(s->constants, 0, sizeof s->constants);
	for (int i = 0; i < n; i++) {
		s->ops[i] = ops[i];
		if (ops[i] == CGP_CONST)
			memcpy(s->constants[i], items[i], sizeof items[i]);
	}
	return E2L_OK;
}

e2l_status evo_settings_set(evo_settings *s, const char *key,
			    const char *value, e2l_error *err)
{
	long n;
	double x;

	if (!strcmp(key, "inputs"))
		return set_inputs(s, value, err);
	if (!strcmp(key, "primitives"))
		return set_primitives(s, value, err);
	if (!strcmp(key, "columns") || !strcmp(key, "levels_back")) {
		if (!parse_whole(value, 1, EVO_MAX_COLUMNS, &n))
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%.40s' is "
					"not a whole number from 1 to %d",
					value, EVO_MAX_COLUMNS);
		/* The paper's graphs may always look back over every
		 * column (hal-cgp's levels_back = columns). */
		if (key[0] == 'c')
			s->columns = (int)n;
		s->levels_back = (int)n;
		return E2L_OK;
	}
	if (!strcmp(key, "mu") || !strcmp(key, "lambda") ||
	    !strcmp(key, "tournament")) {
		if (!parse_whole(value, 1, EVO_MAX_POPULATION, &n))
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%.40s' is "
					"not a whole number from 1 to %d",
					value, EVO_MAX_POPULATION);
		*(key[0] == 'm' ? &s->mu : key[0] == 'l' ? &s->lambda :
		  &s->tournament) = (int)n;
		return E2L_OK;
	}
	if (!strcmp(key, "mutation_rate")) {
		if (!parse_real(value, &x) || !(x > 0 && x <= 1))
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%.40s' is "
					"not a probability above 0 and at most "
					"1", value);
		s->p_mutation = x;
		return E2L_OK;
	}
	if (!strcmp(key, "min_fitness")) {
		if (!parse_real(value, &x))
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%.40s' is "
					"not a finite number", value);
		s->min_fitness = x;
		return E2L_OK;
	}
	if (!strcmp(key, "reorder")) {
		if (strcmp(value, "true") && strcmp(value, "false"))
			return e2l_fail(err, E2L_EINVALID, 0, 0, "'%.40s' is "
					"neither true nor false", value);
		s->reorder = value[0] == 't';
		return E2L_OK;
	}
	return e2l_fail(err, E2L_EINVALID, 0, 0, "no setting '%.40s'", key);
}

void evo_settings_get(const evo_settings *s, const char *key, char *buf,
		      size_t size)
{
	strbuf t = { 0 };

	if (!strcmp(key, "inputs"))
		for (int i = 0; i < s->inputs; i++)
			strbuf_printf(&t, "%s%s", i ? "," : "", s->names[i]);
	else if (!strcmp(key, "primitives"))
		for (int i = 0; i < s->nprims; i++)
			strbuf_printf(&t, "%s%s", i ? "," : "",
				      s->ops[i] == CGP_CONST ? s->constants[i] :
				      op_sym(s->ops[i]));
	else if (!strcmp(key, "columns"))
		strbuf_printf(&t, "%d", s->columns);
	else if (!strcmp(key, "levels_back"))
		strbuf_printf(&t, "%d", s->levels_back);
	else if (!strcmp(key, "mu"))
		strbuf_printf(&t, "%d", s->mu);
	else if (!strcmp(key, "lambda"))
		strbuf_printf(&t, "%d", s->lambda);
	else if (!strcmp(key, "tournament"))
		strbuf_printf(&t, "%d", s->tournament);
	else if (!strcmp(key, "reorder"))
		strbuf_printf(&t, "%s", s->reorder ? "true" : "false");
	else if (!strcmp(key, "mutation_rate") || !strcmp(key, "min_fitness")) {
		char num[40];
		real_text(key[0] == 'm' && key[1] == 'u' ? s->p_mutation :
			  s->min_fitness, num, sizeof num);
		strbuf_printf(&t, "%s", num);
	}
	snprintf(buf, size, "%s", t.s ? t.s : "");
	free(t.s);
}

e2l_status evo_settings_check(const evo_settings *s, const task_family *f,
			      const char **key, e2l_error *err)
{
	*key = NULL;
	if (s->tournament > s->mu) {
		*key = "tournament";
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%d parents per "
				"tournament, but mu is %d", s->tournament,
				s->mu);
	}
	if (s->levels_back > s->columns) {
		*key = "levels_back";
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%d exceeds the %d "
				"columns", s->levels_back, s->columns);
	}
	if (s->reorder && s->levels_back != s->columns) {
		*key = "reorder";
		return e2l_fail(err, E2L_EINVALID, 0, 0, "needs levels_back "
				"equal to columns (%d, not %d)", s->columns,
				s->levels_back);
	}
	if (!f)
		return E2L_OK;
	if (s->ngenomes != f->nformulas) {
		*key = "preset";
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%d genome%s where "
				"task family %s has %d formula%s", s->ngenomes,
				s->ngenomes == 1 ? "" : "s", f->name,
				f->nformulas, f->nformulas == 1 ? "" : "s");
	}
	for (int i = 0; i < s->inputs; i++) {
		int j = 0;
		while (j < f->nvars && strcmp(s->names[i], f->vars[j]))
			j++;
		if (j == f->nvars) {
			strbuf t = { 0 };
			for (j = 0; j < f->nvars; j++)
				strbuf_printf(&t, "%s%s", j ? ", " : "",
					      f->vars[j]);
			*key = "inputs";
			e2l_fail(err, E2L_EINVALID, 0, 0, "'%s' is not a "
				 "variable of task family %s (%s)",
				 s->names[i], f->name, t.s);
			free(t.s);
			return E2L_EINVALID;
		}
	}
	return E2L_OK;
}

void evo_settings_shape(const evo_settings *s, cgp_shape *shape,
			cgp_prim *prims, const char **names)
{
	for (int i = 0; i < s->nprims; i++)
		prims[i] = (cgp_prim){ s->ops[i], s->ops[i] == CGP_CONST ?
				       s->constants[i] : NULL };
	for (int i = 0; i < s->inputs; i++)
		names[i] = s->names[i];
	*shape = (cgp_shape){ s->inputs, s->columns, s->levels_back, prims,
			      s->nprims };
}
