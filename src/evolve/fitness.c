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
		const expr *e = cgp_decode(&ind->g[k], E->shape, E->names ?
					   E->names : f->vars, A), *s;
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

/* Splits a key back into the rule it names and parses it. */
e2l_status evo_key_rule(const task_config *cfg, const char *key,
			task_rule *rule, e2l_error *err)
{
	const task_family *f = cfg->family;
	char *copy = xstrdup(key), *texts[TASK_MAX_FORMULAS];
	if (task_rule_text_split(copy, texts, TASK_MAX_FORMULAS) !=
	    f->nformulas) {
		free(copy);
		return e2l_fail(err, E2L_EINVALID, 0, 0, "not %d formula%s: "
				"%s", f->nformulas, f->nformulas > 1 ? "s" : "",
				key);
	}
	e2l_status st = task_rule_parse(rule, f, (const char *const *)texts,
					key, err);
	free(copy);
	return st;
}

/* The fitness of rules todo[0 .. m) into fit, on E's experiments: on
 * its farm, or on a pool of threads. */
static e2l_status simulate(const evo_evaluator *E, const task_rule **todo,
			   int m, double *fit, e2l_error *err)
{
	if (E->farm)
		return evo_farm_evaluate(E->farm, E->cfg, todo, m, E->seed,
					 E->experiments, fit, err);
	task_result *res = xcalloc((size_t)m, sizeof *res);
	task_options o = { .seed = E->seed, .experiments = E->experiments,
			   .threads = E->threads };
	e2l_status st = task_evaluate_many(E->cfg, todo, m, &o, res, err);
	for (int r = 0; r < m; r++) {
		fit[r] = res[r].fitness;
		task_result_free(&res[r]);
	}
	free(res);
	return st;
}

e2l_status evo_fitness_many(const evo_evaluator *E,
			    cgp_individual *const *ind, int n, char **keys,
			    e2l_error *err)
{
	task_rule *rules = xcalloc((size_t)(n ? n : 1), sizeof *rules);
	const task_rule **todo = xcalloc((size_t)(n ? n : 1), sizeof *todo);
	int *slot = xmalloc((size_t)(n ? n : 1) * sizeof *slot);
	int m = 0;
	e2l_status st = E2L_OK;

	for (int i = 0; i < n; i++) {
		slot[i] = -1;
		keys[i] = NULL;
		st = evo_key(E, ind[i], &keys[i], err);
		if (st == E2L_EINVALID || st == E2L_ELIMIT) {
			/* Division by zero (zoo), or too large a rule. */
			ind[i]->fitness = -INFINITY;
			st = E2L_OK;
			continue;
		}
		if (st != E2L_OK)
			break;
		if (E->cache && evo_cache_get(E->cache, keys[i],
					      &ind[i]->fitness))
			continue;
		/* Equal keys in one batch are simulated once. */
		for (int j = 0; j < i && slot[i] < 0; j++)
			if (slot[j] >= 0 && keys[j] && !strcmp(keys[j], keys[i]))
				slot[i] = slot[j];
		if (slot[i] >= 0)
			continue;
		if ((st = evo_key_rule(E->cfg, keys[i], &rules[m], err)) !=
		    E2L_OK)
			break;
		todo[m] = &rules[m];
		slot[i] = m++;
	}
	if (st == E2L_OK && m > 0) {
		double *fit = xcalloc((size_t)m, sizeof *fit);
		st = simulate(E, todo, m, fit, err);
		for (int i = 0; st == E2L_OK && i < n; i++)
			if (slot[i] >= 0)
				ind[i]->fitness = fit[slot[i]];
		/* A cache that cannot be written is an error: a run
		 * that went on would lose its results silently. */
		for (int r = 0; st == E2L_OK && r < m; r++)
			if (E->cache)
				st = evo_cache_put(E->cache, rules[r].name,
						   fit[r], err);
		free(fit);
	}
	for (int r = 0; r < m; r++)
		task_rule_free(&rules[r]);
	free(rules);
	free(todo);
	free(slot);
	return st;
}

e2l_status evo_fitness(const evo_evaluator *E, const cgp_individual *ind,
		       double *fitness, e2l_error *err)
{
	cgp_individual copy = *ind;   /* shares the genomes; not freed */
	cgp_individual *p = &copy;
	char *key;
	e2l_status st = evo_fitness_many(E, &p, 1, &key, err);
	*fitness = copy.fitness;
	free(key);
	return st;
}

e2l_status evo_fitness_texts(const evo_evaluator *E,
			     const char *const *texts, int n,
			     double *fitness, e2l_error *err)
{
	task_rule *rules = xcalloc((size_t)(n ? n : 1), sizeof *rules);
	const task_rule **todo = xcalloc((size_t)(n ? n : 1), sizeof *todo);
	e2l_status st = E2L_OK;
	int m = 0;

	while (m < n && (st = evo_key_rule(E->cfg, texts[m], &rules[m],
					    err)) == E2L_OK) {
		todo[m] = &rules[m];
		m++;
	}
	if (st == E2L_OK && n > 0)
		st = simulate(E, todo, n, fitness, err);
	for (int r = 0; r < m; r++)
		task_rule_free(&rules[r]);
	free(rules);
	free(todo);
	return st;
}
