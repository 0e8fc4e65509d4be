/*
 * test_cgp.c - CGP genomes and the (mu + lambda) strategy: decoding of
 * hand-built genomes, permissible values, the mutation rate, silent
 * mutations, and selection on toy objectives (offspring win ties, the
 * best is never lost, seeds fix the run).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "e2l/evolve.h"
#include "e2l/sim.h"

static const cgp_prim prims[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" }, { CGP_CONST, "0.5" },
};
static const char *const names[] = { "R", "E", "x" };

static int permissible(const cgp_genome *g, const cgp_shape *s);

static char *decoded(const cgp_genome *g, const cgp_shape *s)
{
	expr_arena *A = expr_arena_new();
	char *t = expr_print(cgp_decode(g, s, names, A), EXPR_INFIX);
	expr_arena_free(A);
	return t;
}

static void test_decode(void)
{
	cgp_shape s = { 2, 4, 4, prims, 6 };
	/* node 2 = R - 1 (node 3 is the constant 1), node 4 = node2 * E;
	 * node 5 = R + R is left inactive. */
	int genes[] = { 4, 0, 0,      /* node 2: const 1 */
			1, 0, 2,      /* node 3: R - node 2 */
			2, 3, 1,      /* node 4: node 3 * E */
			0, 0, 0,      /* node 5: R + R */
			4 };          /* output: node 4 */
	cgp_genome g = { genes, 13 };
	char active[6];
	char *t = decoded(&g, &s);

	CHECK(!strcmp(t, "(R - 1)*E"), "decoded '%s'", t);
	free(t);
	cgp_active(&g, &s, active);
	CHECK(active[0] && active[1] && active[2] && active[3] && active[4] &&
	      !active[5], "active nodes");
	CHECK(cgp_gene_active(&s, active, 12), "the output gene is active");
	CHECK(!cgp_gene_active(&s, active, 9), "node 5's genes are not");
	/* An output straight on an input. */
	genes[12] = 1;
	t = decoded(&g, &s);
	CHECK(!strcmp(t, "E"), "decoded '%s'", t);
	free(t);
	/* Shared nodes: node 4 = node 3 * node 3. */
	genes[12] = 4;
	genes[7] = 3;
	genes[8] = 3;
	t = decoded(&g, &s);
	CHECK(!strcmp(t, "(R - 1)*(R - 1)"), "decoded '%s'", t);
	free(t);
}

/* Every gene within its permissible values, for any levels_back. */
static int permissible(const cgp_genome *g, const cgp_shape *s)
{
	for (int c = 0; c < s->columns; c++) {
		const int *f = g->genes + 3 * c;
		if (f[0] < 0 || f[0] >= s->nprims)
			return 0;
		for (int k = 1; k <= 2; k++) {
			int a = f[k], first = c - s->levels_back;
			if (a < 0 || a >= s->inputs + c)
				return 0;
			if (a >= s->inputs && a - s->inputs < first)
				return 0;
		}
	}
	int out = g->genes[3 * s->columns];
	return out >= 0 && out < s->inputs + s->columns;
}

/* Reorder keeps the formula and permissible genes, and moves nodes. */
static void test_reorder(void)
{
	cgp_shape s = { 3, 12, 12, prims, 6 };
	gsl_rng *r = sim_rng(11, 0);
	cgp_genome g;
	int same = 1, ok = 1, moved = 0;

	cgp_genome_init(&g, &s);
	for (int t = 0; t < 500; t++) {
		cgp_random(&g, &s, r);
		int *before = malloc(sizeof(int) * (size_t)g.n);
		memcpy(before, g.genes, sizeof(int) * (size_t)g.n);
		char *a = decoded(&g, &s);
		cgp_reorder(&g, &s, r);
		char *b = decoded(&g, &s);
		same &= !strcmp(a, b);
		ok &= permissible(&g, &s);
		moved += memcmp(before, g.genes, sizeof(int) * (size_t)g.n) != 0;
		free(a);
		free(b);
		free(before);
	}
	CHECK(same, "reorder keeps the formula");
	CHECK(ok, "reorder keeps genes permissible");
	CHECK(moved > 400, "reorder moves nodes (%d of 500 genomes)", moved);
	cgp_genome_free(&g);
	gsl_rng_free(r);
}

static void test_mutation(void)
{
	cgp_shape s = { 2, 12, 3, prims, 6 };
	gsl_rng *r = sim_rng(3, 0);
	cgp_genome g, before;
	const double p = 0.045;
	const int trials = 20000;
	long changed = 0, ok = 1, silent_ok = 1, differ = 1;

	cgp_genome_init(&g, &s);
	cgp_genome_init(&before, &s);
	cgp_random(&g, &s, r);
	ok &= permissible(&g, &s);
	for (int t = 0; t < trials; t++) {
		int silent;
		cgp_genome_copy(&before, &g);
		char *a = decoded(&g, &s);
		int n = cgp_mutate(&g, &s, p, r, &silent);
		char *b = decoded(&g, &s);
		int diff = 0;
		for (int i = 0; i < g.n; i++)
			diff += g.genes[i] != before.genes[i];
		differ &= diff == n;     /* a drawn gene always changes */
		changed += n;
		ok &= permissible(&g, &s);
		/* Silent mutations cannot change the formula. */
		if (silent && strcmp(a, b))
			silent_ok = 0;
		free(a);
		free(b);
	}
	/* Every gene has at least two values here, so the count is
	 * Binomial(genes, p) per mutation: mean and its 5-SD bound. */
	double mean = (double)changed / trials, want = p * g.n;
	double sd = sqrt(g.n * p * (1 - p) / trials);
	CHECK(fabs(mean - want) < 5 * sd, "%.4f genes mutated per call, "
	      "expected %.4f +- %.4f", mean, want, sd);
	CHECK(ok, "values stay permissible (levels_back 3)");
	CHECK(differ, "a mutated gene takes a different value");
	CHECK(silent_ok, "silent mutations leave the formula unchanged");
	cgp_genome_free(&g);
	cgp_genome_free(&before);
	gsl_rng_free(r);
}

/* Toy objectives: the number of genes equal to 0, or a constant. */
static int toy_calls;

static void count_zeros(void *ctx, cgp_individual **todo, int n)
{
	(void)ctx;
	for (int i = 0; i < n; i++) {
		int z = 0;
		for (int k = 0; k < todo[i]->g[0].n; k++)
			z += todo[i]->g[0].genes[k] == 0;
		todo[i]->fitness = z;
		toy_calls++;
	}
}

static void flat(void *ctx, cgp_individual **todo, int n)
{
	(void)ctx;
	for (int i = 0; i < n; i++)
		todo[i]->fitness = 1.0;
}

static void test_strategy(void)
{
	cgp_shape s = { 2, 8, 8, prims, 6 };
	es_params P = { &s, 1, 4, 4, 1, 0.1, 0 };
	es_state S, T;
	double best = -1;
	int monotone = 1;

	es_init(&S, &P, 7, count_zeros, NULL);
	double initial = S.parents[0].fitness;
	for (int gen = 0; gen < 200; gen++) {
		es_step(&S, count_zeros, NULL);
		monotone &= S.parents[0].fitness >= best;
		best = S.parents[0].fitness;
		for (int i = 1; i < P.mu; i++)
			monotone &= S.parents[i - 1].fitness >=
				S.parents[i].fitness;
	}
	CHECK(monotone, "elitism: the champion never gets worse, parents "
	      "sorted");
	CHECK(best > initial, "the toy objective improves: %g, from %g (of "
	      "25)", best, initial);
	CHECK(S.evaluations <= 4 + 200 * 4, "silent offspring are not "
	      "evaluated: %ld evaluations", S.evaluations);

	/* The same seed gives the same run. */
	es_init(&T, &P, 7, count_zeros, NULL);
	for (int gen = 0; gen < 200; gen++)
		es_step(&T, count_zeros, NULL);
	CHECK(!memcmp(S.parents[0].g[0].genes, T.parents[0].g[0].genes,
		      sizeof(int) * (size_t)S.parents[0].g[0].n),
	      "same seed, same champion");
	es_free(&S);
	es_free(&T);

	/* On a flat objective every offspring ties with every parent: the
	 * offspring must take over. */
	P.p_mutation = 1.0;       /* so that no offspring is a copy */
	es_init(&S, &P, 9, flat, NULL);
	es_step(&S, flat, NULL);
	int from_offspring = 1;
	for (int i = 0; i < P.mu; i++) {
		/* rest (now S.offspring) holds the old parents. */
		int same_as_old = 0;
		for (int j = 0; j < P.lambda; j++)
			same_as_old |= !memcmp(S.parents[i].g[0].genes,
					       S.offspring[j].g[0].genes,
					       sizeof(int) * (size_t)S.parents[i].g[0].n);
		from_offspring &= !same_as_old;
	}
	CHECK(from_offspring, "ties go to offspring");
	es_free(&S);
}

int main(void)
{
	test_decode();
	test_reorder();
	test_mutation();
	test_strategy();
	return check_done("test_cgp");
}
