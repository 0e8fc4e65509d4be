/*
 * test_compile.c - the compiled program on hand-picked cases: constant
 * folding, common subexpressions, scalar and vector inputs, block edges,
 * the finite flag, unknown variables and the explain listing.  Then the
 * two rule semantics (expr.h): EXPR_NEST's values against ones computed
 * independently, and compiled against tree walk bit for bit under both
 * semantics on random formulas with negative bases.  The other random
 * cases are in test_props.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "e2l/expr.h"
#include "expr_math.h"

static expr_arena *A;

static prog *compile(const char *s, int n, const char *const *vars)
{
	const expr *e;
	prog *p = NULL;
	e2l_error err;
	if (expr_parse(A, s, &e, &err) != E2L_OK ||
	    prog_compile(e, n, vars, &p, &err) != E2L_OK) {
		fprintf(stderr, "'%s': %s\n", s, err.msg);
		exit(2);
	}
	return p;
}

static void test_scalar(void)
{
	const char *v[] = { "R", "E" };
	prog *p = compile("(R - 1)*E", 2, v);
	CHECK(prog_eval(p, (double[]){ 1, 0.5 }) == 0.0, "R = 1");
	CHECK(prog_eval(p, (double[]){ -1, 0.5 }) == -1.0, "R = -1");
	prog_free(p);
	p = compile("x^3 + x^-2 + min(x, 1) + max(x, 1) + abs(-x)", 1,
		    (const char *[]){ "x" });
	CHECK(prog_eval(p, (double[]){ 2 }) == 8 + 0.25 + 1 + 2 + 2, "mixed");
	prog_free(p);
	p = compile("exp(log(x)) + sqrt(x)", 1, (const char *[]){ "x" });
	CHECK(fabs(prog_eval(p, (double[]){ 4 }) - 6) < 1e-12, "functions");
	prog_free(p);
}

/* min and max decide the sign of zero and propagate NaN, the same way
 * in both evaluators. */
static void test_min_max(void)
{
	const char *v[] = { "x", "y" };
	const expr *e;
	e2l_error err;
	prog *p = compile("max(x, y)", 2, v), *q = compile("min(x, y)", 2, v);
	double mx = prog_eval(p, (double[]){ -0.0, 0.0 });
	double mn = prog_eval(q, (double[]){ 0.0, -0.0 });
	CHECK(mx == 0 && !signbit(mx), "max(-0, 0) is +0");
	CHECK(mn == 0 && signbit(mn), "min(0, -0) is -0");
	CHECK(isnan(prog_eval(p, (double[]){ NAN, 1 })), "max(NaN, 1)");
	CHECK(isnan(prog_eval(q, (double[]){ 1, NAN })), "min(1, NaN)");
	expr_parse(A, "max(y, x)", &e, &err);
	double t = expr_eval(e, 2, v, (double[]){ 0.0, -0.0 });
	CHECK(t == 0 && !signbit(t), "tree walk: max(-0, 0) is +0");
	prog_free(p);
	prog_free(q);
}

static void test_shape(void)
{
	const char *v[] = { "x", "y" };
	prog *p = compile("(1 + 2)*x", 2, v);
	CHECK(prog_ninstr(p) == 1, "constants folded: %d", prog_ninstr(p));
	prog_free(p);
	p = compile("x*y + x*y", 2, v);
	CHECK(prog_ninstr(p) == 2, "common subexpression once: %d",
	      prog_ninstr(p));
	prog_free(p);
	p = compile("2^10", 2, v);
	CHECK(prog_ninstr(p) <= 1 && prog_eval(p, (double[]){ 0, 0 }) == 1024,
	      "constant formula");
	prog_free(p);
}

static void test_blocks(void)
{
	const char *v[] = { "R", "E" };
	enum { N = 1000 };
	double E[N], out[N], R = -1;
	prog *p = compile("(R - 1)*E", 2, v);
	double *work = malloc(prog_work_size(p) * sizeof *work);
	prog_arg args[2] = { { &R, 0 }, { E, 1 } };

	for (int i = 0; i < N; i++)
		E[i] = i * 0.001;
	CHECK(prog_eval_array(p, args, N, out, work) == 1, "finite");
	int ok = 1;
	for (int i = 0; i < N; i++)
		ok &= out[i] == (R - 1) * E[i];
	CHECK(ok, "a scalar R over 1000 values of E (several blocks)");
	CHECK(prog_eval_array(p, args, 0, out, work) == 1, "n = 0");
	E[777] = INFINITY;
	CHECK(prog_eval_array(p, args, N, out, work) == 0, "an infinity");
	E[777] = NAN;
	CHECK(prog_eval_array(p, args, N, out, work) == 0, "a NaN");
	E[777] = 0;
	/* All inputs scalar: the result is broadcast. */
	args[1].vector = 0;
	E[0] = 3;
	prog_eval_array(p, args, 5, out, work);
	CHECK(out[0] == -6 && out[4] == -6, "broadcast");
	free(work);
	prog_free(p);

	p = compile("1/x", 1, (const char *[]){ "x" });
	work = malloc(prog_work_size(p) * sizeof *work);
	double x[3] = { 1, 0, 2 };
	prog_arg a = { x, 1 };
	CHECK(prog_eval_array(p, &a, 3, out, work) == 0 && isinf(out[1]),
	      "division by zero is cheap to detect");
	free(work);
	prog_free(p);
}

static void test_errors_and_explain(void)
{
	const expr *e;
	prog *p;
	e2l_error err;
	const char *v[] = { "R", "E" };

	expr_parse(A, "(R - 1)*E + q", &e, &err);
	CHECK(prog_compile(e, 2, v, &p, &err) == E2L_EUNKNOWN &&
	      strstr(err.msg, "'q'"), "unknown variable: %s", err.msg);
	expr_parse(A, "RE", &e, &err);
	CHECK(prog_compile(e, 2, v, &p, &err) == E2L_EUNKNOWN &&
	      !strcmp(err.msg, "unknown variable 'RE' (known: R, E; a product "
		      "is written R*E)"), "names run together: %s", err.msg);
	p = compile("(R - 1)*E", 2, v);
	char *text = prog_explain(p);
	CHECK(strstr(text, "sub") && strstr(text, "mul") && strstr(text, "R"),
	      "explain:\n%s", text);
	free(text);
	prog_free(p);
}

/* ---- Rule semantics ------------------------------------------------ */

static int same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* Within a relative 1e-14 (a few ulps): EXPR_NEST rounds as libstdc++'s
 * std::pow(complex<double>, double) does, Python's complex power a
 * little differently. */
static int near(double x, double want)
{
	return fabs(x - want) <= 1e-14 * fabs(want);
}

/*
 * The value of a formula under EXPR_NEST three ways (prog_eval_sem,
 * prog_eval_array_sem with the inputs as vectors, expr_eval_sem), which
 * must agree bit for bit; under EXPR_REAL the formula must be NaN there.
 * Returns the value.
 */
static double nest_value(const char *f, int n, const char *const *vars,
			 const double *v)
{
	const expr *e;
	e2l_error err;
	prog *p = compile(f, n, vars);
	double *work = malloc(prog_work_size(p) * sizeof *work);
	double out[3];
	prog_arg args[4];

	expr_parse(A, f, &e, &err);
	for (int i = 0; i < n; i++)
		args[i] = (prog_arg){ &v[i], 1 };
	double a = prog_eval_sem(p, EXPR_NEST, v);
	double t = expr_eval_sem(e, EXPR_NEST, n, vars, v);
	int fin = prog_eval_array_sem(p, EXPR_NEST, args, 1, out, work);
	CHECK(same_double(a, t) && same_double(a, out[0]),
	      "'%s': compiled %.17g, tree %.17g, block %.17g", f, a, t,
	      out[0]);
	CHECK(fin == (isfinite(a) != 0), "'%s': finite flag %d for %.17g",
	      f, fin, a);
	CHECK(isnan(prog_eval_sem(p, EXPR_REAL, v)) &&
	      isnan(expr_eval_sem(e, EXPR_REAL, n, vars, v)),
	      "'%s' is not NaN in real arithmetic", f);
	free(work);
	prog_free(p);
	return a;
}

/*
 * Known values.  The expected numbers are the real parts that Python
 * 3.11.7's complex arithmetic gives, computed by hand on the development
 * machine (the tests do not need Python), e.g. for the third:
 *     >>> (complex(-0.01*0.3)**(-0.01) - 1).real
 *     0.059288936587855945
 * and likewise (complex(-0.5))**0.5, (complex(-8))**(1/3),
 * cmath.log(-2), complex(-4)**0.5 (sqrt as SymEngine has it: the power
 * 1/2, whose real part is 2 cos(pi/2), not csqrt's 0),
 * (complex(-8)**(1/3))**2, cmath.exp(complex(-1)**0.5),
 * abs(complex(-4)**0.5), complex(-4)**0.5*complex(-9)**0.5,
 * 1/(complex(-4)**0.5 + 1), 2**(complex(-1)**0.5),
 * complex(-2)**(complex(-1)**0.5),
 * (complex(-1)**0.5)**(complex(-1)**0.5), cmath.log(complex(-1)**0.5 - 2).
 */
static void test_nest_values(void)
{
	static const struct {
		const char *f;
		int n;
		double v[2];       /* of w, k (or x, y) */
		double want;
	} cases[] = {
		/* Mathematically 0 (0.707i); NEST's cos(pi/2) is 6e-17. */
		{ "(-0.5)^0.5", 0, { 0 }, 4.329780281177467e-17 },
		/* 2 e^(i pi/3) */
		{ "(-8)^(1/3)", 0, { 0 }, 1.0000000000000002 },
		/* The correlation task's LR2 facilitation at w < 0. */
		{ "(w*k)^w - 1", 2, { -0.01, 0.3 }, 0.059288936587855945 },
		{ "(w*k)^w - 1", 2, { -0.25, 1.5 }, -0.09639799639015512 },
		{ "(w*k)^w - 1", 2, { -0.5, 0.1 }, -0.9999999999999998 },
		{ "log(w)", 1, { -2 }, 0.6931471805599453 },
		{ "sqrt(w)", 1, { -4 }, 1.2246467991473532e-16 },
		{ "w^2.5", 1, { -2 }, 1.7319121124709869e-15 },
		/* Complex values flowing on through the operations. */
		{ "((-8)^(1/3))^2", 0, { 0 }, -1.9999999999999991 },
		{ "exp((-1)^0.5)", 0, { 0 }, 0.5403023058681398 },
		{ "abs(w^0.5)", 1, { -4 }, 2.0 },
		{ "w^0.5*k^0.5", 2, { -4, -9 }, -6.0 },
		{ "1/(w^0.5 + 1)", 1, { -4 }, 0.20000000000000004 },
		{ "2^((-1)^w)", 1, { 0.5 }, 0.7692389013639721 },
		{ "(-2)^(w^0.5)", 1, { -1 }, 0.03324182700885665 },
		{ "(w^0.5)^(w^0.5)", 1, { -1 }, 0.20787957635076193 },
		{ "log(w^0.5 - 2)", 1, { -1 }, 0.8047189562170503 },
	};
	const char *wk[] = { "w", "k" };

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double x = nest_value(cases[i].f, cases[i].n, wk, cases[i].v);
		CHECK(near(x, cases[i].want), "'%s' = %.17g under nest, "
		      "Python says %.17g", cases[i].f, x, cases[i].want);
	}
}

/* Where the semantics are defined by choice rather than by SymEngine's
 * numbers, and the constants that must not be folded. */
static void test_nest_edges(void)
{
	const char *x[] = { "x" };
	prog *p;

	/* Complex numbers have no order. */
	CHECK(isnan(nest_value("max((-1)^0.5, x)", 1, x, (double[]){ 1 })),
	      "max of a complex value");
	CHECK(isnan(nest_value("min(x, x^0.5)", 1, x, (double[]){ -1 })),
	      "min of a complex value");
	/* x^0 = 1 and 1^y = 1 hold for complex x and y as for NaN. */
	p = compile("((-1)^0.5)^x + 1^((-1)^0.5)", 1, x);
	CHECK(prog_eval_sem(p, EXPR_NEST, (double[]){ 0 }) == 2 &&
	      prog_eval_sem(p, EXPR_REAL, (double[]){ 0 }) == 2, "x^0, 1^y");
	prog_free(p);
	/* An infinite base keeps C's real pow under both. */
	p = compile("x^0.5", 1, x);
	CHECK(prog_eval_sem(p, EXPR_NEST, (double[]){ -INFINITY }) ==
	      INFINITY, "(-inf)^0.5");
	prog_free(p);
	/* A constant that is NaN in real arithmetic stays an instruction:
	 * folded, its complex value would be lost. */
	p = compile("(-8)^(1/3)*x", 1, x);
	char *text = prog_explain(p);
	CHECK(strstr(text, "pow") && prog_ninstr(p) == 2, "not folded:\n%s",
	      text);
	CHECK(near(prog_eval_sem(p, EXPR_NEST, (double[]){ 3 }), 3.0) &&
	      isnan(prog_eval(p, (double[]){ 3 })), "(-8)^(1/3)*3");
	free(text);
	prog_free(p);
	/* A constant formula's value is broadcast under nest too. */
	p = compile("(-8)^(1/3)", 1, x);
	double *work = malloc(prog_work_size(p) * sizeof *work), out[5];
	double xs[5] = { 1, 2, 3, 4, 5 };
	prog_arg a = { xs, 1 };
	CHECK(prog_eval_array_sem(p, EXPR_NEST, &a, 5, out, work) == 1 &&
	      out[0] == out[4] && near(out[2], 1.0), "broadcast: %.17g",
	      out[2]);
	CHECK(prog_eval_array_sem(p, EXPR_REAL, &a, 5, out, work) == 0 &&
	      isnan(out[3]), "broadcast under real");
	free(work);
	prog_free(p);
}

/* More inputs and live values than fit the evaluators' stack arrays (64):
 * the complex pass takes them from the heap. */
static void test_nest_large(void)
{
	enum { N = 100 };
	char name[N][8], *f = malloc(N * 40);
	const char *vars[N];
	double v[N], out[2];
	prog_arg args[N];
	size_t len = 0;

	/* a_1 + ... + a_N + a_1*...*a_N with a_i = (x_i - 1)^0.5: every
	 * a_i lives from the sum to the product. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < N; i++)
			len += (size_t)sprintf(f + len, "%s(x%d - 1)^0.5",
					       i ? (pass ? "*" : " + ") :
					       (pass ? " + " : ""), i);
	for (int i = 0; i < N; i++) {
		snprintf(name[i], sizeof name[i], "x%d", i);
		vars[i] = name[i];
		v[i] = i == 7 ? -3 : 2;      /* one a_i is 2i, the others 1 */
		args[i] = (prog_arg){ &v[i], 1 };
	}
	prog *p = compile(f, N, vars);
	double *work = malloc(prog_work_size(p) * sizeof *work);
	const expr *e;
	e2l_error err;
	expr_parse(A, f, &e, &err);
	double x = prog_eval_sem(p, EXPR_NEST, v);
	int fin = prog_eval_array_sem(p, EXPR_NEST, args, 1, out, work);
	/* 99 + 2i + 2i, real part 99 (to the ulps of cos(pi/2)). */
	CHECK(fin && same_double(x, out[0]) &&
	      same_double(x, expr_eval_sem(e, EXPR_NEST, N, vars, v)) &&
	      fabs(x - 99) < 1e-12, "%.17g, block %.17g", x, out[0]);
	free(work);
	prog_free(p);
	free(f);
}

/* The formula in complex arithmetic throughout, every operation through
 * expr_math.h's complex ones: what EXPR_NEST means, without the real
 * first pass. */
static double complex complex_throughout(const expr *e, int n,
					 const char *const *names,
					 const double *v)
{
	switch (e->kind) {
	case EXPR_NUM:
	case EXPR_VAR:
		return expr_c_real(expr_eval(e, n, names, v));
	case EXPR_NEG:
		return expr_c_apply1(e->kind, e->fn,
				     complex_throughout(e->a, n, names, v));
	case EXPR_CALL:
		if (!e->b)
			return expr_c_apply1(e->kind, e->fn,
					     complex_throughout(e->a, n, names,
								v));
		/* fall through */
	default:
		return expr_c_apply2(e->kind, e->fn,
				     complex_throughout(e->a, n, names, v),
				     complex_throughout(e->b, n, names, v));
	}
}

enum { RANDOM_FORMULAS = 2000, RANDOM_POINTS = 8, RANDOM_BLOCK = 300 };

static const char *xs[] = { "x_0", "x_1", "x_2", "x_3" };
static int stats_complex;      /* points real NaN, nest a number */

/* Values that make powers of negative bases common: k/8 in [-2, 2] and
 * now and then 0.1 or -0.37. */
static double random_value(gsl_rng *r)
{
	switch (gsl_rng_uniform_int(r, 8)) {
	case 0: return 0.1;
	case 1: return -0.37;
	default: return ((double)gsl_rng_uniform_int(r, 33) - 16.0) / 8.0;
	}
}

static void check_random(const expr *e, int nvars, gsl_rng *r)
{
	prog *p;
	e2l_error err;
	double v[4], in[4][RANDOM_BLOCK], out[RANDOM_BLOCK];
	prog_arg args[4];

	if (prog_compile(e, nvars, xs, &p, &err) != E2L_OK) {
		CHECK(0, "compile: %s", err.msg);
		return;
	}
	double *work = malloc(prog_work_size(p) * sizeof *work);
	for (int k = 0; k < RANDOM_POINTS; k++) {
		for (int i = 0; i < nvars; i++)
			v[i] = random_value(r);
		double real = expr_eval_sem(e, EXPR_REAL, nvars, xs, v);
		double nest = expr_eval_sem(e, EXPR_NEST, nvars, xs, v);
		double whole = creal(complex_throughout(e, nvars, xs, v));
		CHECK(same_double(prog_eval_sem(p, EXPR_REAL, v), real) &&
		      same_double(prog_eval_sem(p, EXPR_NEST, v), nest),
		      "scalar");
		/* The real pass first loses nothing: where it is not NaN,
		 * complex arithmetic gives the same. */
		CHECK(same_double(nest, whole) &&
		      (isnan(real) || same_double(real, nest)),
		      "real %.17g, nest %.17g, complex throughout %.17g", real,
		      nest, whole);
		stats_complex += isnan(real) && !isnan(nest);
	}
	/* Blocks: each input a vector or a scalar, at random. */
	for (int i = 0; i < nvars; i++) {
		args[i].vector = (int)gsl_rng_uniform_int(r, 2);
		args[i].v = in[i];
		for (int j = 0; j < RANDOM_BLOCK; j++)
			in[i][j] = random_value(r);
	}
	for (int sem = 0; sem < EXPR_NSEMANTICS; sem++) {
		int finite = prog_eval_array_sem(p, sem, args, RANDOM_BLOCK,
						 out, work), all = 1;
		for (int j = 0; j < RANDOM_BLOCK; j++) {
			for (int i = 0; i < nvars; i++)
				v[i] = args[i].vector ? in[i][j] : in[i][0];
			double b = expr_eval_sem(e, sem, nvars, xs, v);
			all &= isfinite(b) != 0;
			if (!same_double(out[j], b)) {
				char *t = expr_print(e, EXPR_INFIX);
				CHECK(0, "%s: '%s' element %d: %.17g vs tree "
				      "%.17g", expr_semantics_names[sem], t, j,
				      out[j], b);
				free(t);
				break;
			}
		}
		CHECK(finite == all, "%s: finite flag %d, elements say %d",
		      expr_semantics_names[sem], finite, all);
	}
	free(work);
	prog_free(p);
}

static void test_nest_random(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(r, 9);
	for (int n = 0; n < RANDOM_FORMULAS; n++) {
		expr_arena *B = expr_arena_new();
		int nvars = 1 + (int)gsl_rng_uniform_int(r, 4);
		int nodes = 3 + (int)gsl_rng_uniform_int(r, 15);
		const expr *e = n % 4 ? gen_cgp_all(B, r, nodes, nvars, 200) :
			gen_cgp(B, r, nodes, nvars, 200);
		if (e)
			check_random(e, nvars, r);
		else
			n--;
		expr_arena_free(B);
	}
	gsl_rng_free(r);
	printf("random formulas: %d points evaluated in complex arithmetic "
	       "(NaN in real)\n", stats_complex);
	CHECK(stats_complex > RANDOM_FORMULAS / 10,
	      "only %d points left the reals", stats_complex);
}

int main(void)
{
	A = expr_arena_new();
	test_scalar();
	test_shape();
	test_min_max();
	test_blocks();
	test_errors_and_explain();
	test_nest_values();
	test_nest_edges();
	test_nest_large();
	test_nest_random();
	expr_arena_free(A);
	return check_done("test_compile");
}
