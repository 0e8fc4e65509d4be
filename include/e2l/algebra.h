/*
 * algebra.h - exact symbolic algebra on formulas, over the rationals.
 *
 * A formula is brought to a canonical cancelled quotient P/Q of
 * multivariate polynomials with rational coefficients (FLINT's fmpq_mpoly).
 * Subterms that are not rational functions of the variables (x^y with a
 * non-integer or symbolic exponent, exp, log, sqrt, abs, min, max) are
 * simplified inside and then treated as opaque symbols.  The printed
 * result is the one with the fewest operations among the expanded,
 * factored and collected forms of P/Q and, for ALG_SIMPLIFY, the
 * formula's own structure with each part simplified, where that is
 * shorter still: (a + b + c + d)^12 + 1 has no short form as P/Q.
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
	ALG_SIMPLIFY,   /* shortest of the forms below, or as written */
	ALG_EXPAND,     /* numerator and denominator multiplied out */
	ALG_FACTOR      /* product of irreducible factors */
} alg_form;

e2l_status alg_simplify(expr_arena *A, const expr *e, alg_form form,
			const expr **out, e2l_error *err);

/* Is e defined anywhere?  E2L_EINVALID, with the message simplify gives,
 * when e divides by something that simplifies to 0 (u/0, u/(v - v)),
 * raises 0 to a negative power or takes the log of 0: no semantics gives
 * such a formula a finite value.  E2L_OK otherwise, also when e is too
 * large to decide or is undefined only in real arithmetic (log(-1) has a
 * value under nest).  Rules are checked so when they are parsed. */
e2l_status alg_check_defined(const expr *e, e2l_error *err);

typedef enum {
	ALG_SAME,        /* proven the same function */
	ALG_DIFFERENT,   /* proven, or shown at a point, to differ */
	ALG_AGREE,       /* equal at every point compared: not a proof */
	ALG_UNDECIDED    /* defined together at too few points to say */
} alg_verdict;

/* Sampled points take each variable in [-ALG_EQUIV_RANGE, ALG_EQUIV_RANGE]. */
enum { ALG_EQUIV_RANGE = 100 };

typedef struct {
	alg_verdict verdict;
	int exact;        /* 1: decided symbolically */
	int points;       /* when not exact: points where both were compared */
	int sampled;      /* points tried */
	/* ALG_DIFFERENT (exact 0) only in where they are defined: equal
	 * wherever both are, at every point compared (1) or proven (2), and
	 * the point below is one where just one of them is defined
	 * (exp(log(v))*s against v*s at v < 0).  0 otherwise. */
	int domain_only;
	/* Where both are defined in real arithmetic, as conditions read off
	 * the formulas ("v > 0 and u >= 0"), or NULL when nothing restricts
	 * them; set for ALG_SAME, ALG_AGREE, ALG_UNDECIDED and domain_only.
	 * Heap text, freed by alg_equiv_result_free. */
	char *domain;
	/* ALG_DIFFERENT at a point (exact 0): the point, a heap array of
	 * nvars names (pointing into a and b) and values, and a's and b's
	 * values there (NaN where one is undefined).  values is NULL
	 * otherwise.  alg_equiv_result_free frees them. */
	int nvars;
	const char **names;
	double *values;
	double wa, wb;
} alg_equiv_result;

/* Are a and b the same function?  Exact where the difference a - b
 * decides it (zero, or a nonzero rational function of the variables);
 * otherwise at points from a fixed seed, which can show a difference (a
 * witness, confirmed in high precision, or a point where one is defined
 * and the other is not) but never prove equality: ALG_AGREE. */
e2l_status alg_equiv(const expr *a, const expr *b, alg_equiv_result *r,
		     e2l_error *err);
void alg_equiv_result_free(alg_equiv_result *r);

/* The verdict as `equiv` prints it, one line without a newline (caller
 * frees): "equivalent (exact)", "not equivalent (at x = -1.5: A = 0.81,
 * B = 2)", "equivalent only where both are defined: v > 0 (exact); not
 * at s = 0.135, v = -0.16: A is undefined, B = -0.0216", "agree
 * numerically at 97 points with each variable in [-100, 100]; not
 * proven", ... */
char *alg_equiv_text(const alg_equiv_result *r);

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
