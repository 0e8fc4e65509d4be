/*
 * strategy.c - the (mu + lambda) evolution strategy of the paper and
 * hal-cgp (ea.MuPlusLambda): tournament selection, per-gene mutation,
 * offspring first and a stable sort so that offspring win ties (neutral
 * drift through equally fit genomes), and elitism.
 *
 * Fitness evaluation is the caller's: es_step hands over the offspring
 * that need it in one batch, so the caller may run them in parallel.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/evolve.h"
#include "e2l/sim.h"

static void individual_init(cgp_individual *x, const es_params *P)
{
	memset(x, 0, sizeof *x);
	for (int k = 0; k < P->ngenomes; k++)
		cgp_genome_init(&x->g[k], P->shape);
	x->fitness = NAN;
}

static void individual_copy(cgp_individual *dst, const cgp_individual *src,
			    const es_params *P)
{
	for (int k = 0; k < P->ngenomes; k++)
		cgp_genome_copy(&dst->g[k], &src->g[k]);
	dst->fitness = src->fitness;
}

/* NaN sorts as -inf, as in hal-cgp. */
static double key(const cgp_individual *x)
{
	return isnan(x->fitness) ? -INFINITY : x->fitness;
}

/* Stable sort, best first: insertion sort, as mu + lambda is small. */
static void sort_best_first(cgp_individual **v, int n)
{
	for (int i = 1; i < n; i++) {
		cgp_individual *x = v[i];
		int j = i;
		while (j > 0 && key(v[j - 1]) < key(x)) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void evaluate(es_state *S, cgp_individual *pop, int n,
		     es_evaluate_fn eval, void *ctx)
{
	cgp_individual **todo = xmalloc((size_t)(n ? n : 1) * sizeof *todo);
	int m = 0;
	for (int i = 0; i < n; i++)
		if (isnan(pop[i].fitness))
			todo[m++] = &pop[i];
	if (m)
		eval(ctx, todo, m);
	S->evaluations += m;
	free(todo);
}

void es_init(es_state *S, const es_params *P, uint64_t seed,
	     es_evaluate_fn eval, void *ctx)
{
	memset(S, 0, sizeof *S);
	S->P = *P;
	S->rng = sim_rng(seed, 0);
	S->parents = xcalloc((size_t)P->mu, sizeof *S->parents);
	S->offspring = xcalloc((size_t)P->lambda, sizeof *S->offspring);
	for (int i = 0; i < P->mu; i++) {
		individual_init(&S->parents[i], P);
		for (int k = 0; k < P->ngenomes; k++)
			cgp_random(&S->parents[i].g[k], P->shape, S->rng);
	}
	for (int i = 0; i < P->lambda; i++)
		individual_init(&S->offspring[i], P);
	evaluate(S, S->parents, P->mu, eval, ctx);
	cgp_individual **v = xmalloc((size_t)P->mu * sizeof *v);
	cgp_individual *sorted = xcalloc((size_t)P->mu, sizeof *sorted);
	for (int i = 0; i < P->mu; i++)
		v[i] = &S->parents[i];
	sort_best_first(v, P->mu);
	for (int i = 0; i < P->mu; i++)
		sorted[i] = *v[i];      /* moves the genomes: no copies */
	free(S->parents);
	S->parents = sorted;
	free(v);
}

/* The fittest of `size` distinct parents drawn uniformly (the first
 * drawn wins a tie). */
static int tournament(es_state *S)
{
	int mu = S->P.mu, size = S->P.tournament < 1 ? 1 :
		S->P.tournament > mu ? mu : S->P.tournament;
	int *pool = xmalloc((size_t)mu * sizeof *pool), best = -1;
	for (int i = 0; i < mu; i++)
		pool[i] = i;
	for (int t = 0; t < size; t++) {
		/* Partial Fisher-Yates: draw without replacement. */
		int j = t + (int)gsl_rng_uniform_int(S->rng,
						     (unsigned long)(mu - t));
		int tmp = pool[t];
		pool[t] = pool[j];
		pool[j] = tmp;
		if (best < 0 || key(&S->parents[pool[t]]) >
		    key(&S->parents[best]))
			best = pool[t];
	}
	free(pool);
	return best;
}

void es_step(es_state *S, es_evaluate_fn eval, void *ctx)
{
	const es_params *P = &S->P;
	int n = P->lambda + P->mu;

	/* Neutral drift: same formulas, other genomes (hal-cgp's reorder). */
	if (P->reorder && P->shape->levels_back >= P->shape->columns)
		for (int i = 0; i < P->mu; i++)
			for (int k = 0; k < P->ngenomes; k++)
				cgp_reorder(&S->parents[i].g[k], P->shape,
					    S->rng);

	for (int i = 0; i < P->lambda; i++) {
		cgp_individual *o = &S->offspring[i];
		int silent_all = 1;
		individual_copy(o, &S->parents[tournament(S)], P);
		for (int k = 0; k < P->ngenomes; k++) {
			int silent;
			cgp_mutate(&o->g[k], P->shape, P->p_mutation, S->rng,
				   &silent);
			silent_all &= silent;
		}
		if (!silent_all)
			o->fitness = NAN;
	}
	evaluate(S, S->offspring, P->lambda, eval, ctx);

	/* Offspring first, then parents; a stable sort keeps that order
	 * among equals. */
	cgp_individual **v = xmalloc((size_t)n * sizeof *v);
	for (int i = 0; i < P->lambda; i++)
		v[i] = &S->offspring[i];
	for (int i = 0; i < P->mu; i++)
		v[P->lambda + i] = &S->parents[i];
	sort_best_first(v, n);
	/* Swap structs so that every genome buffer stays owned once. */
	cgp_individual *next = xcalloc((size_t)P->mu, sizeof *next);
	cgp_individual *rest = xcalloc((size_t)P->lambda, sizeof *rest);
	for (int i = 0; i < n; i++) {
		if (i < P->mu)
			next[i] = *v[i];
		else
			rest[i - P->mu] = *v[i];
	}
	free(v);
	free(S->parents);
	free(S->offspring);
	S->parents = next;
	S->offspring = rest;
	S->generation++;
}

void es_free(es_state *S)
{
	for (int i = 0; i < S->P.mu; i++)
		for (int k = 0; k < S->P.ngenomes; k++)
			cgp_genome_free(&S->parents[i].g[k]);
	for (int i = 0; i < S->P.lambda; i++)
		for (int k = 0; k < S->P.ngenomes; k++)
			cgp_genome_free(&S->offspring[i].g[k]);
	free(S->parents);
	free(S->offspring);
	if (S->rng)
		gsl_rng_free(S->rng);
	memset(S, 0, sizeof *S);
}
