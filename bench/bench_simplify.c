/*
 * bench_simplify.c - time to simplify one formula, over a corpus of the
 * paper's rules and random CGP-style formulas (seeded, as evolution
 * produces them): median, 90th and 99th percentile, maximum.
 *
 * With --corpus FILE it also writes the corpus, one formula a line, so
 * that bench/sympy_baseline.py can time SymPy's simplify() on the same
 * formulas (the simplifier the paper's code used).
 *
 * It also reports the length of what simplify prints, per corpus, and
 * times a few formulas whose expansion blows up, printed as written
 * ((a + b + c + d)^12 + 1) or by their repeated factors.
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

/* Formulas whose canonical form is long: expansions that blow up. */
static const char *blowups[] = {
	"(a + b + c + d)^12", "(a + b + c + d)^12 + 1",
	"(a + b + c + d + e + f + g + h)^5 + 1", "(a + b)^100",
	"x*(a + b + c + d)^12/x", "exp((a + b + c)^8 - 1)*(x + y)^10 - 1",
};

/* Seconds per simplification of text: repeated until 2 ms have passed.
 * *chars gets the length of the printed result (0 when refused). */
static double time_one(const char *text, int *ok, size_t *chars)
{
	double t0 = now(), t;
	int reps = 0;
	*chars = 0;
	do {
		expr_arena *A = expr_arena_new();
		const expr *e, *s;
		e2l_error err;
		*ok = expr_parse(A, text, &e, &err) == E2L_OK &&
			alg_simplify(A, e, ALG_SIMPLIFY, &s, &err) == E2L_OK;
		if (*ok && reps == 0) {
			char *p = expr_print(s, EXPR_INFIX);
			*chars = strlen(p);
			free(p);
		}
		expr_arena_free(A);
		reps++;
		t = now() - t0;
	} while (t < 2e-3);
	return t / reps;
}

/* Printed characters of a corpus's results: total and longest. */
static void report_chars(const char *what, const size_t *c, int n)
{
	size_t total = 0, max = 0;
	for (int i = 0; i < n; i++) {
		total += c[i];
		max = c[i] > max ? c[i] : max;
	}
	printf("  %-28s %5d  %9zu  %9zu\n", what, n, total, max);
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
	size_t *chars = malloc((size_t)(np + RANDOM) * sizeof *chars);
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
		all[i] = time_one(corpus[i], &ok, &chars[i]);
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
	printf("\nlength of the simplified forms, characters\n");
	printf("  %-28s %5s  %9s  %9s\n", "corpus", "n", "total", "longest");
	report_chars("paper's rules", chars, np);
	report_chars("random CGP, 5-24 nodes", chars + np, RANDOM);
	printf("\nexpansions that blow up: microseconds, characters printed\n");
	for (size_t i = 0; i < sizeof blowups / sizeof *blowups; i++) {
		int ok;
		size_t c;
		double t = time_one(blowups[i], &ok, &c);
		printf("  %-40s %9.1f  %6zu%s\n", blowups[i], 1e6 * t, c,
		       ok ? "" : "  (refused)");
	}
	for (int i = 0; i < n; i++)
		free(corpus[i]);
	free(corpus);
	free(all);
	free(chars);
	return 0;
}
