/*
 * test_props.c - properties of the expression and algebra layers over
 * random CGP-style formulas (seeded, so a failure reproduces):
 *
 *   - the simplified form has the original's value wherever the original
 *     is finite: exactly, in rational arithmetic, and in doubles within a
 *     relative 1e-9 of the true value;
 *   - simplifying twice gives the same text;
 *   - every printed form (infix, C, Python) parses back to an equal tree;
 *   - the compiled program agrees bit for bit with the tree walk, as a
 *     scalar and over blocks mixing scalar and vector inputs.
 *
 * A second set uses every operator (exp, log, sqrt, abs, min, max, any
 * power); there the simplified form is compared in doubles only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "e2l/algebra.h"

enum { FORMULAS = 10000, FORMULAS_ALL = 3000, POINTS = 4, MAX_SIZE = 300,
       BLOCK_N = 300 };

static const char *names[] = { "x_0", "x_1", "x_2", "x_3" };

static int stats_invalid, stats_limit, stats_exact_points,
	   stats_double_points, stats_orig_inexact;

static void point(gsl_rng *r, int nvars, double *v)
{
	/* Dyadic rationals k/16 in [-2, 2]: exact as doubles, zero included
	 * so that poles are met. */
	for (int i = 0; i < nvars; i++)
		v[i] = ((double)gsl_rng_uniform_int(r, 65) - 32.0) / 16.0;
}

static int same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static int close_to(double x, double truth)
{
	return fabs(x - truth) <= 1e-9 * fabs(truth) ||
		(truth == 0 && fabs(x) < 1e-300);
}

static void check_round_trip(expr_arena *A, const expr *e)
{
	static const expr_syntax syn[] = { EXPR_INFIX, EXPR_C, EXPR_PYTHON };
	for (int k = 0; k < 3; k++) {
		char *s = expr_print(e, syn[k]);
		const expr *back;
		e2l_error err;
		int ok = expr_parse(A, s, &back, &err) == E2L_OK &&
			expr_equal(back, e);
		CHECK(ok, "syntax %d: '%s' does not parse back (%s)", k, s,
		      err.msg);
		free(s);
	}
}

static void check_compiled(const expr *e, int nvars, gsl_rng *r)
{
	prog *p;
	e2l_error err;
	double v[4], in[4][BLOCK_N], out[BLOCK_N];
	prog_arg args[4];

	if (prog_compile(e, nvars, names, &p, &err) != E2L_OK) {
		CHECK(0, "compile: %s", err.msg);
		return;
	}
	double *work = malloc(prog_work_size(p) * sizeof *work);
	for (int k = 0; k < POINTS; k++) {
		point(r, nvars, v);
		double a = prog_eval(p, v), b = expr_eval(e, nvars, names, v);
		CHECK(same_double(a, b), "scalar %.17g vs tree %.17g", a, b);
	}
	/* Blocks: each input a vector or a scalar, at random. */
	for (int i = 0; i < nvars; i++) {
		args[i].vector = (int)gsl_rng_uniform_int(r, 2);
		args[i].v = in[i];
		for (int j = 0; j < BLOCK_N; j++)
			in[i][j] = ((double)gsl_rng_uniform_int(r, 65) - 32.0)
				/ 16.0;
	}
	int finite = prog_eval_array(p, args, BLOCK_N, out, work), all = 1;
	for (int j = 0; j < BLOCK_N; j++) {
		for (int i = 0; i < nvars; i++)
			v[i] = args[i].vector ? in[i][j] : in[i][0];
		double b = expr_eval(e, nvars, names, v);
		all &= isfinite(b);
		if (!same_double(out[j], b)) {
			CHECK(0, "block element %d: %.17g vs tree %.17g", j,
			      out[j], b);
			break;
		}
	}
	CHECK(finite == all, "finite flag %d, elements say %d", finite, all);
	free(work);
	prog_free(p);
}

static void check_values(const expr *e, const expr *s, int nvars,
			 gsl_rng *r)
{
	double v[4];
	for (int k = 0; k < POINTS; k++) {
		int same = 0;
		double truth = 0;
		point(r, nvars, v);
		double a = expr_eval(e, nvars, names, v);
		if (!isfinite(a))
			continue;
		e2l_status st = alg_same_value(e, s, nvars, names, v, &same,
					       &truth);
		if (st == E2L_EINVALID)  /* a pole the doubles stepped over */
			continue;
		CHECK(st == E2L_OK && same, "exact values differ (status %d)",
		      st);
		stats_exact_points++;
		double b = expr_eval(s, nvars, names, v);
		/* The simplified form must be right to 1e-9; where the
		 * original's own doubles are off (cancellation), the truth
		 * decides, not them. */
		if (!close_to(a, truth))
			stats_orig_inexact++;
		CHECK(close_to(b, truth) || close_to(b, a),
		      "simplified %.17g, original %.17g, true %.17g", b, a,
		      truth);
		stats_double_points++;
	}
}

/* Formulas with opaque subterms: values in doubles where both sides are
 * finite and the point is not near the edge of a domain. */
static int stats_all_points, stats_all_simplified;

static void check_all_operators(gsl_rng *r)
{
	for (int n = 0; n < FORMULAS_ALL; n++) {
		expr_arena *A = expr_arena_new();
		int nodes = 5 + (int)gsl_rng_uniform_int(r, 20);
		int nvars = 2 + (int)gsl_rng_uniform_int(r, 3);
		const expr *e = gen_cgp_all(A, r, nodes, nvars, MAX_SIZE), *s;
		e2l_error err;

		if (!e) {
			expr_arena_free(A);
			n--;
			continue;
		}
		check_round_trip(A, e);
		check_compiled(e, nvars, r);
		e2l_status st = alg_simplify(A, e, ALG_SIMPLIFY, &s, &err);
		CHECK(st == E2L_OK || st == E2L_EINVALID || st == E2L_ELIMIT,
		      "simplify: %d %s", st, err.msg);
		if (st == E2L_OK) {
			stats_all_simplified++;
			check_round_trip(A, s);
			check_compiled(s, nvars, r);
			for (int k = 0; k < POINTS; k++) {
				double v[4];
				point(r, nvars, v);
				double a = expr_eval(e, nvars, names, v);
				double b = expr_eval(s, nvars, names, v);
				if (!isfinite(a) || !isfinite(b))
					continue;
				stats_all_points++;
				if (fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a))) {
					CHECK(1, "agrees");
					continue;
				}
				char *te = expr_print(e, EXPR_INFIX);
				char *ts = expr_print(s, EXPR_INFIX);
				CHECK(0, "'%s' = %.17g but simplified '%s' = %.17g "
				      "at x_0 = %g, x_1 = %g", te, a, ts, b, v[0],
				      v[1]);
				free(te);
				free(ts);
			}
		}
		expr_arena_free(A);
	}
}

int main(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int tested = 0, drawn = 0;

	gsl_rng_set(r, 1);
	while (tested < FORMULAS) {
		expr_arena *A = expr_arena_new();
		int nodes = 5 + (int)gsl_rng_uniform_int(r, 20);
		int nvars = 2 + (int)gsl_rng_uniform_int(r, 3);
		const expr *e = gen_cgp(A, r, nodes, nvars, MAX_SIZE), *s, *s2;
		e2l_error err;

		drawn++;
		if (!e) {
			expr_arena_free(A);
			continue;
		}
		tested++;
		check_round_trip(A, e);
		check_compiled(e, nvars, r);
		e2l_status st = alg_simplify(A, e, ALG_SIMPLIFY, &s, &err);
		if (st == E2L_EINVALID) {
			/* A division by an identically zero term: exact
			 * evaluation meets it at any point. */
			double v[4], x;
			int same;
			point(r, nvars, v);
			CHECK(alg_same_value(e, e, nvars, names, v, &same, &x) ==
			      E2L_EINVALID, "refused as invalid, but defined: %s",
			      err.msg);
			stats_invalid++;
		} else if (st == E2L_ELIMIT) {
			stats_limit++;
		} else {
			CHECK(st == E2L_OK, "simplify: %s", err.msg);
			if (st != E2L_OK) {
				expr_arena_free(A);
				continue;
			}
			check_values(e, s, nvars, r);
			char *once = expr_print(s, EXPR_INFIX);
			const expr *back;
			CHECK(expr_parse(A, once, &back, &err) == E2L_OK,
			      "'%s': %s", once, err.msg);
			CHECK(alg_simplify(A, back, ALG_SIMPLIFY, &s2, &err) ==
			      E2L_OK, "'%s' again: %s", once, err.msg);
			char *twice = expr_print(s2, EXPR_INFIX);
			CHECK(!strcmp(once, twice), "'%s' then '%s'", once,
			      twice);
			free(once);
			free(twice);
			check_round_trip(A, s);
			check_compiled(s, nvars, r);
		}
		expr_arena_free(A);
	}
	check_all_operators(r);
	gsl_rng_free(r);
	printf("with every operator: %d formulas, %d simplified, %d points "
	       "compared in doubles\n", FORMULAS_ALL, stats_all_simplified,
	       stats_all_points);
	printf("%d formulas (%d drawn; larger than %d nodes redrawn): "
	       "%d invalid (division by zero), %d beyond the size bounds; "
	       "%d points compared exactly and in doubles, at %d of them "
	       "the original's doubles were off by more than 1e-9\n",
	       tested, drawn, MAX_SIZE, stats_invalid, stats_limit,
	       stats_exact_points, stats_orig_inexact);
	CHECK(stats_exact_points > FORMULAS, "too few points compared");
	CHECK(stats_limit < FORMULAS / 100, "bounds refuse %d formulas",
	      stats_limit);
	alg_release_caches();
	return check_done("test_props");
}
