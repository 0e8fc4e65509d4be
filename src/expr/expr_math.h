/*
 * expr_math.h - the arithmetic of one operation on doubles, shared by the
 * tree walker (expr_eval) and the compiled program (compile.c) so that
 * both give the same result bit for bit.
 *
 * Integer powers go through repeated squaring rather than pow(): cheaper,
 * and the same rounding in both evaluators.  The build compiles with
 * -ffp-contract=off so that no a*b + c becomes a fused multiply-add in
 * one evaluator and not the other.
 *
 * The second half is the complex arithmetic of EXPR_NEST (expr.h): what
 * each operation does once a value is complex, for the evaluators' slow
 * path (only elements whose real value is NaN get there).
 */
#ifndef E2L_EXPR_MATH_H
#define E2L_EXPR_MATH_H

#include <complex.h>
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

/*
 * ---- EXPR_NEST: complex values ----------------------------------------
 *
 * The paper's NEST synapses (e2l-cgp-snn, nest/include/sympy_expr.h)
 * substitute each input into the SymEngine expression as a RealDouble and
 * call eval_complex_double.  SymEngine's numbers then decide, operation
 * by operation (real_double.h, complex_double.h): a RealDouble stays real
 * under + - * / and under a power with a base >= 0 or an integer literal
 * exponent (std::pow(double, double)); a negative base with any other
 * exponent becomes std::pow(std::complex<double>(x), y), and so do log
 * and sqrt (a power 1/2) of a negative number; a ComplexDouble then flows
 * on through std::complex arithmetic.  The result's real part is the
 * weight change.  These functions do the same with C99 complex values,
 * one libstdc++ formula each, so that the primitive operations round as
 * NEST's do.  (Bit for bit NEST's result in general they are not:
 * SymEngine also rewrites the expression as it substitutes, a - b as
 * a + (-1)*b, x/y as x*y^-1, (x*y)^z as x^z*y^z, which rounds
 * differently.)
 *
 * A value is real when its imaginary part is zero.  On real operands an
 * operation is the real one above, bit for bit, unless it leaves the
 * real domain, where the real one gives NaN.  So wherever the real
 * evaluation of a formula is not NaN, the complex one gives the same
 * real value (the NaN that x^0 = 1 and 1^y = 1 swallow in real
 * arithmetic is swallowed here too), and the evaluators run complex
 * arithmetic only for elements whose real value is NaN.
 */

static inline int expr_c_is_real(double complex z)
{
	return cimag(z) == 0;
}

static inline double complex expr_c_real(double x)
{
	return CMPLX(x, 0.0);
}

/* libstdc++'s pow(complex<double>, double), which SymEngine calls for a
 * negative RealDouble base and for every ComplexDouble base with a real
 * exponent: std::polar(exp(y Re log z), y Im log z), log being clog. */
static inline double complex expr_c_pow_real(double complex z, double y)
{
	if (cimag(z) == 0 && creal(z) > 0)
		return expr_c_real(pow(creal(z), y));
	double complex t = clog(z);
	double rho = exp(y * creal(t)), theta = y * cimag(t);
	return CMPLX(rho * cos(theta), rho * sin(theta));
}

/* x < 0 to a power the real pow cannot take: a finite negative base and
 * an exponent that is not a whole number (or NaN).  An infinite base
 * keeps C's real answer, as in real arithmetic. */
static inline int expr_c_leaves_reals(double x, double y)
{
	return x < 0 && isfinite(x) && !(y == trunc(y));
}

static inline double complex expr_c_pow(double complex a, double complex b)
{
	double x = creal(a), y = creal(b);

	if (expr_c_is_real(b)) {
		/* x^0 is 1 whatever x is, as expr_powi has it. */
		if (y == 0)
			return expr_c_real(1.0);
		if (expr_c_is_real(a) && !expr_c_leaves_reals(x, y))
			return expr_c_real(expr_pow(x, y));
		return expr_c_pow_real(expr_c_is_real(a) ? expr_c_real(x) : a,
				       y);
	}
	if (expr_c_is_real(a)) {
		/* 1^y is 1, as C's pow(1, NaN) has it.  Else libstdc++'s
		 * pow(double, complex<double>). */
		if (x == 1)
			return expr_c_real(1.0);
		if (x > 0) {
			double rho = pow(x, y), theta = cimag(b) * log(x);
			return CMPLX(rho * cos(theta), rho * sin(theta));
		}
		return cpow(expr_c_real(x), b);
	}
	return cpow(a, b);
}

static inline double complex expr_c_powi(double complex a, long n)
{
	if (expr_c_is_real(a))
		return expr_c_real(expr_powi(creal(a), n));
	/* SymEngine raises a ComplexDouble to an integer literal with
	 * std::pow(z, (double)n), not by multiplying. */
	return expr_c_pow_real(a, (double)n);
}

/* Complex numbers have no order: SymEngine's max keeps whichever
 * argument comes first, as a complex difference is never positive.
 * Here min and max of a non-real value are undefined (NaN). */
static inline double complex expr_c_apply1(expr_kind k, expr_fn fn,
					    double complex a)
{
	double x = creal(a);

	if (expr_c_is_real(a)) {
		if (k == EXPR_CALL && fn == FN_LOG && x < 0)
			return clog(expr_c_real(x));
		/* sqrt(x) is x^(1/2) to SymEngine; for x >= 0 the real
		 * sqrt, which is within an ulp of pow(x, 0.5). */
		if (k == EXPR_CALL && fn == FN_SQRT && x < 0)
			return expr_c_pow_real(expr_c_real(x), 0.5);
		return expr_c_real(expr_apply1(k, fn, x));
	}
	if (k == EXPR_NEG)
		return CMPLX(-x, -cimag(a));
	switch (fn) {
	case FN_EXP: return cexp(a);
	case FN_LOG: return clog(a);
	case FN_SQRT: return expr_c_pow_real(a, 0.5);
	case FN_ABS: return expr_c_real(cabs(a));
	default: return expr_c_real(NAN);
	}
}

static inline double complex expr_c_apply2(expr_kind k, expr_fn fn,
					    double complex a, double complex b)
{
	double x = creal(a), y = creal(b);
	int ra = expr_c_is_real(a), rb = expr_c_is_real(b);

	if (k == EXPR_POW)
		return expr_c_pow(a, b);
	if (ra && rb)
		return expr_c_real(expr_apply2(k, fn, x, y));
	switch (k) {
	case EXPR_ADD: return CMPLX(x + y, cimag(a) + cimag(b));
	case EXPR_SUB: return CMPLX(x - y, cimag(a) - cimag(b));
	case EXPR_MUL:
		/* A real factor scales both parts, as std::complex * double
		 * does; two complex ones multiply as C's (Annex G). */
		if (rb)
			return CMPLX(x * y, cimag(a) * y);
		if (ra)
			return CMPLX(x * y, x * cimag(b));
		return a * b;
	case EXPR_DIV:
		if (rb)
			return CMPLX(x / y, cimag(a) / y);
		return (ra ? expr_c_real(x) : a) / b;
	default:
		return expr_c_real(NAN);    /* min, max */
	}
}

#endif
