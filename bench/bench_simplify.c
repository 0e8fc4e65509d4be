/*
 * bench_simplify.c - time to simplify one formula, over a corpus of the
 * paper's rules and random CGP-style formulas (seeded, as evolution
 * produces them): median, 90th and 99th percentile, maximum.
 *
 * With --corpus FILE it also writes the corpus, one formula a line, so
 * that bench/sympy_baseline.py can time SymPy's simplify() on the same
 * formulas (the simplifier the paper's code used).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "e2l/algebra.h"

enum { RANDOM = 400, MAX_SIZE = 200 };

static const char *paper[] = {
	"(R - 1)*E", "(1 + R*Rbar)*(R - 1)*E", "(R - (Rbar_plus - Rbar_minus))*E",
	"(R - Rbar_plus + Rbar_minus)*E/(1 + Rbar_plus)",
	"(R - 1)*E + (R - 1)*(R + 2*Rbar_plus)",
	"2*(R - (Rbar_plus - R*Rbar_minus))*E - (R - (Rbar_plus - R*Rbar_minus))*R*Rbar_minus",
	"-E + E/R", "E/(2*R + (R + 1)*(R + Rbar) + 1)", "E*(R - 1)*(R + Rbar)/R",
	"(-E*(R + Rbar_minus*(R + Rbar_minus)) + E + Rbar_minus)/(R + Rbar_minus*(R + Rbar_minus))",
	"E*(R - 1)/(R*(R - Rbar_plus))", "(E - Rbar_plus - Rbar_minus)/(R + Rbar_plus)",
	"(2*E*Rbar_minus*(R - Rbar_minus) + E - 1)/(R - Rbar_minus)",
	"(-R*E*(Rbar_minus + 1) + E + Rbar_minus)/(R*(Rbar_minus + 1))",
	"(-R*Rbar_minus + 2*E)*(R*Rbar_minus + R - Rbar_plus)",
	"E*(-R^3*(Rbar_minus + 1) + 1)/R",
	"(Rbar_plus*(-R + E + Rbar_minus*(R + Rbar_minus) + Rbar_minus) - Rbar_minus)/Rbar_plus",
	"x_2*(x_0 - x_1)*(2*x_1 - 1)/x_0", "x_1*(x_1 - x_0)/(2*(x_0*x_2 + x_1^2))",
	"x_2*(x_0 + x_1)*(x_0*(x_0 - x_1) - x_2)/x_0^2",
	"x_0*x_2*(x_0 - x_1)*(x_1 - 1)/(x_0^2 - x_1*x_2*(x_1 - 1))",
	"x_0*x_1 - x_0 - x_1", "-x_0 + x_1/x_0", "(x_0*x_1)^x_0 - 1",
	"x_0 - (x_0/(x_0 - x_1))^(x_0 - x_1)", "-x_0/(x_0 - 1)",
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Seconds per simplification of text: repeated until 2 ms have passed. */
static double time_one(const char *text, int *ok)
{
	double t0 = now(), t;
	int reps = 0;
	do {
		expr_arena *A = expr_arena_new();
		const expr *e, *s;
		e2l_error err;
		*ok = expr_parse(A, text, &e, &err) == E2L_OK &&
			alg_simplify(A, e, ALG_SIMPLIFY, &s, &err) == E2L_OK;
		expr_arena_free(A);
		reps++;
		t = now() - t0;
	} while (t < 2e-3);
	return t / reps;
}

static void report(const char *what, double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("  %-28s %5d  %9.1f  %9.1f  %9.1f  %9.1f\n", what, n,
	       1e6 * t[n / 2], 1e6 * t[(int)(0.9 * (n - 1))],
	       1e6 * t[(int)(0.99 * (n - 1))], 1e6 * t[n - 1]);
}

int main(int argc, char **argv)
{
	int np = (int)(sizeof paper / sizeof *paper), n = 0, failed = 0;
	char **corpus = malloc((size_t)(np + RANDOM) * sizeof *corpus);
	double *all = malloc((size_t)(np + RANDOM) * sizeof *all);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	FILE *out = NULL;

	if (argc == 3 && !strcmp(argv[1], "--corpus")) {
		if (!(out = fopen(argv[2], "w"))) {
			perror(argv[2]);
			return 74;
		}
	}
	for (int i = 0; i < np; i++)
		corpus[n++] = strdup(paper[i]);
	gsl_rng_set(r, 3);
	expr_arena *A = expr_arena_new();
	while (n < np + RANDOM) {
		int nodes = 5 + (int)gsl_rng_uniform_int(r, 20);
		int nvars = 2 + (int)gsl_rng_uniform_int(r, 3);
		const expr *e = gen_cgp(A, r, nodes, nvars, MAX_SIZE);
		if (e && e->kind != EXPR_NUM && e->kind != EXPR_VAR)
			corpus[n++] = expr_print(e, EXPR_INFIX);
	}
	expr_arena_free(A);
	gsl_rng_free(r);

	for (int i = 0; i < n; i++) {
		int ok;
		all[i] = time_one(corpus[i], &ok);
		failed += !ok;
		if (out)
			fprintf(out, "%s\n", corpus[i]);
	}
	if (out)
		fclose(out);
	printf("simplification, microseconds per formula (one thread; each "
	       "formula repeated for 2 ms)\n");
	printf("  %-28s %5s  %9s  %9s  %9s  %9s\n", "corpus", "n", "median",
	       "p90", "p99", "max");
	report("paper's rules", all, np);
	report("random CGP, 5-24 nodes", all + np, RANDOM);
	report("all", all, n);
	printf("  (%d refused: division by zero or beyond the size bounds)\n",
	       failed);
	for (int i = 0; i < n; i++)
		free(corpus[i]);
	free(corpus);
	free(all);
	return 0;
}
