/*
 * algebra.h - exact symbolic algebra on formulas, over the rationals.
 *
 * A formula is brought to a canonical cancelled quotient P/Q of
 * multivariate polynomials with rational coefficients (FLINT's fmpq_mpoly).
 * Subterms that are not rational functions of the variables (x^y with a
 * non-integer or symbolic exponent, exp, log, sqrt, abs, min, max) are
 * simplified inside and then treated as opaque symbols.  The printed
 * result is the one with the fewest operations among the expanded,
 * factored and collected forms of P/Q.
 *
 * Results are built in the caller's arena.  Division by something that
 * simplifies to zero is E2L_EINVALID; a formula whose expansion would
 * exceed the bounds below is E2L_ELIMIT, refused before it is computed.
 */
#ifndef E2L_ALGEBRA_H
#define E2L_ALGEBRA_H

#include "e2l/common.h"
#include "e2l/expr.h"

enum {
	ALG_MAX_DEGREE = 256,     /* total degree of any intermediate */
	ALG_MAX_TERMS = 20000,    /* terms of any intermediate polynomial */
	ALG_MAX_BITS = 1024       /* bits of any exact coefficient */
};

typedef enum {
	ALG_SIMPLIFY,   /* shortest of the forms below */
	ALG_EXPAND,     /* numerator and denominator multiplied out */
	ALG_FACTOR      /* product of irreducible factors */
} alg_form;

e2l_status alg_simplify(expr_arena *A, const expr *e, alg_form form,
			const expr **out, e2l_error *err);

typedef struct {
	int equivalent;   /* 1 or 0 */
	int exact;        /* 1: decided symbolically; 0: at random points */
	int points;       /* points compared when not exact */
} alg_equiv_result;

/* Are a and b the same function?  Exact where both are rational in their
 * variables (and their opaque subterms match); otherwise compared at
 * random points from a fixed seed, which r->exact reports. */
e2l_status alg_equiv(const expr *a, const expr *b, alg_equiv_result *r,
		     e2l_error *err);

/* Evaluates a and b exactly over the rationals at a point (values are
 * finite doubles, taken exactly) and tells whether they are equal there.
 * E2L_EINVALID when either divides by zero at the point; E2L_EUNKNOWN for
 * a formula that is not rational.  *approx gets a's value as a double. */
e2l_status alg_same_value(const expr *a, const expr *b, int n,
			  const char *const *names, const double *values,
			  int *same, double *approx);

/* Frees the big-integer caches the algebra keeps per thread.  Call it
 * when a thread that simplified is done (and at exit, for leak checkers);
 * simplifying again afterwards is fine. */
void alg_release_caches(void);

#endif
