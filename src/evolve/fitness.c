/*
 * fitness.c - a genome's fitness: decode, simplify, look up in the cache
 * (equivalent genomes share one simplified formula), else simulate the
 * simplified formula on the task and remember the result.
 *
 * The formula simulated is the simplified one, so a cached value and a
 * fresh simulation of the same key agree bit for bit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/algebra.h"
#include "e2l/evolve.h"
#include "e2l/task.h"

e2l_status evo_key(const evo_evaluator *E, const cgp_individual *ind,
		   char **key, e2l_error *err)
{
	const task_family *f = E->cfg->family;
	expr_arena *A = expr_arena_new();
	char *text[CGP_MAX_GENOMES] = { NULL, NULL };
	e2l_status st = E2L_OK;

	*key = NULL;
	for (int k = 0; k < f->nformulas; k++)
		if (cgp_tree_size(&ind->g[k], E->shape) > EVO_MAX_NODES) {
			expr_arena_free(A);
			return e2l_fail(err, E2L_ELIMIT, 0, 0, "formula of "
					"%.3g nodes when written out (limit %d)",
					cgp_tree_size(&ind->g[k], E->shape),
					EVO_MAX_NODES);
		}
	for (int k = 0; k < f->nformulas && st == E2L_OK; k++) {
		const expr *e = cgp_decode(&ind->g[k], E->shape, f->vars, A), *s;
		st = alg_simplify(A, e, ALG_SIMPLIFY, &s, err);
		if (st == E2L_ELIMIT) {
			/* Too large to simplify: the raw text still names
			 * the function, just not all its equivalents. */
			s = e;
			st = E2L_OK;
		}
		if (st == E2L_OK)
			text[k] = expr_print(s, EXPR_INFIX);
	}
	if (st == E2L_OK) {
		if (f->nformulas == 1) {
			*key = text[0];
			text[0] = NULL;
		} else {
			size_t n = strlen(text[0]) + strlen(text[1]) + 4;
			*key = xmalloc(n);
			snprintf(*key, n, "%s ; %s", text[0], text[1]);
		}
	}
	free(text[0]);
	free(text[1]);
	expr_arena_free(A);
	return st;
}

e2l_status evo_fitness(const evo_evaluator *E, const cgp_individual *ind,
		       double *fitness, e2l_error *err)
{
	const task_family *f = E->cfg->family;
	char *key;
	e2l_status st = evo_key(E, ind, &key, err);

	if (st == E2L_EINVALID || st == E2L_ELIMIT) {
		/* Division by zero (zoo), or too large to be a rule. */
		*fitness = -INFINITY;
		return E2L_OK;
	}
	if (st != E2L_OK)
		return st;
	if (E->cache && evo_cache_get(E->cache, key, fitness)) {
		free(key);
		return E2L_OK;
	}

	/* The key's formulas, split back apart, as the rule to simulate. */
	char *texts[CGP_MAX_GENOMES] = { key, NULL };
	char *copy = xstrdup(key);
	if (f->nformulas == 2) {
		char *sep = strstr(copy, " ; ");
		sep[0] = '\0';
		texts[0] = copy;
		texts[1] = sep + 3;
	}
	task_rule rule;
	task_result res;
	task_options o = { .seed = E->seed, .experiments = E->experiments,
			   .threads = E->threads };
	st = task_rule_parse(&rule, f, (const char *const *)
			     (f->nformulas == 2 ? texts : (char *[]){ key }),
			     key, err);
	if (st == E2L_OK) {
		st = task_evaluate(E->cfg, &rule, &o, &res, err);
		task_rule_free(&rule);
	}
	if (st == E2L_OK) {
		*fitness = res.fitness;
		task_result_free(&res);
		if (E->cache)
			evo_cache_put(E->cache, key, *fitness);
	}
	free(copy);
	free(key);
	return st;
}
