/*
 * test_compile.c - the compiled program on hand-picked cases: constant
 * folding, common subexpressions, scalar and vector inputs, block edges,
 * the finite flag, unknown variables and the explain listing.  The random
 * cases are in test_props.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "e2l/expr.h"

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
	p = compile("(R - 1)*E", 2, v);
	char *text = prog_explain(p);
	CHECK(strstr(text, "sub") && strstr(text, "mul") && strstr(text, "R"),
	      "explain:\n%s", text);
	free(text);
	prog_free(p);
}

int main(void)
{
	A = expr_arena_new();
	test_scalar();
	test_shape();
	test_min_max();
	test_blocks();
	test_errors_and_explain();
	expr_arena_free(A);
	return check_done("test_compile");
}
