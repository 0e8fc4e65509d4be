/*
 * expr_math.h - the arithmetic of one operation on doubles, shared by the
 * tree walker (expr_eval) and the compiled program (compile.c) so that
 * both give the same result bit for bit.
 *
 * Integer powers go through repeated squaring rather than pow(): cheaper,
 * and the same rounding in both evaluators.  The build compiles with
 * -ffp-contract=off so that no a*b + c becomes a fused multiply-add in
 * one evaluator and not the other.
 */
#ifndef E2L_EXPR_MATH_H
#define E2L_EXPR_MATH_H

#include <math.h>
#include "e2l/expr.h"

/* Largest exponent that is computed by multiplication. */
enum { EXPR_POWI_MAX = 64 };

static inline double expr_powi(double x, long n)
{
	unsigned long m = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	double r = 1.0;
	double b = x;
	while (m) {
		if (m & 1)
			r *= b;
		m >>= 1;
		if (m)
			b *= b;
	}
	return n < 0 ? 1.0 / r : r;
}

/* Returns 1 and sets *n when y is an integer that expr_powi handles. */
static inline int expr_small_int(double y, long *n)
{
	if (y == (double)(long)y && fabs(y) <= EXPR_POWI_MAX) {
		*n = (long)y;
		return 1;
	}
	return 0;
}

static inline double expr_pow(double x, double y)
{
	long n;
	if (expr_small_int(y, &n))
		return expr_powi(x, n);
	return pow(x, y);
}

/* min and max spelt out: fmin/fmax leave the sign of min(-0, 0) open,
 * and the compiler may swap their arguments, so the two evaluators could
 * disagree.  -0 counts below +0.  Unlike fmin, a NaN operand gives NaN:
 * an undefined part makes the rule undefined (as in SymPy), rather than
 * being hidden, so max(x/x, 0.1) at x = 0 is not 0.1. */
static inline double expr_min(double a, double b)
{
	if (isnan(a) || isnan(b))
		return a + b;
	if (a == b)
		return signbit(a) ? a : b;
	return a < b ? a : b;
}

static inline double expr_max(double a, double b)
{
	if (isnan(a) || isnan(b))
		return a + b;
	if (a == b)
		return signbit(a) ? b : a;
	return a > b ? a : b;
}

static inline double expr_apply1(expr_kind k, expr_fn fn, double a)
{
	if (k == EXPR_NEG)
		return -a;
	switch (fn) {
	case FN_EXP: return exp(a);
	case FN_LOG: return log(a);
	case FN_SQRT: return sqrt(a);
	case FN_ABS: return fabs(a);
	default: return NAN;
	}
}

static inline double expr_apply2(expr_kind k, expr_fn fn, double a, double b)
{
	switch (k) {
	case EXPR_ADD: return a + b;
	case EXPR_SUB: return a - b;
	case EXPR_MUL: return a * b;
	case EXPR_DIV: return a / b;
	case EXPR_POW: return expr_pow(a, b);
	case EXPR_CALL: return fn == FN_MIN ? expr_min(a, b) : expr_max(a, b);
	default: return NAN;
	}
}

#endif
