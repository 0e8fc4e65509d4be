/*
 * algebra_internal.h - what the algebra files share: the state of one
 * simplification (a FLINT polynomial ring over the formula's variables and
 * opaque subterms) and the rational-function type P/Q.
 *
 * Opaque subterms (exp(..), x^y, ...) become ring variables whose names
 * start with '#', followed by the subterm's canonical printed text; no
 * formula can spell such a name, and equal subterms get equal names.
 */
#ifndef E2L_ALGEBRA_INTERNAL_H
#define E2L_ALGEBRA_INTERNAL_H

#include <flint/fmpq_mpoly.h>
#include <flint/fmpz_mpoly_factor.h>

#include "e2l/algebra.h"

#define ALG_ATOM_MARK '#'

typedef struct {
	const char *key;        /* '#' + canonical text */
	const expr *tree;       /* the simplified subterm */
} alg_atom;

typedef struct {
	expr_arena *A;          /* where results are built */
	e2l_error *err;
	/* Opaque subterms met so far (grows during preparation). */
	alg_atom *atoms;
	int natoms, cap_atoms;
	/* The ring: variables in print order, user names then atoms. */
	const char **names;
	int nvars;
	int width;              /* the ring's variables: nvars, at least 1 */
	fmpq_mpoly_ctx_t ctx;
	int have_ctx;
	/* Set with an E2L_EINVALID that holds under every semantics (a
	 * divisor that is 0, log of 0), not only in real arithmetic (log
	 * of -1 has a value under nest); passed up from nested runs. */
	int nowhere;
} alg_state;

/* num/den cancelled, den with leading coefficient 1. */
typedef struct {
	fmpq_mpoly_t num, den;
} alg_rat;

/* rational.c */
const expr *alg_prepare(alg_state *S, const expr *e);
e2l_status alg_ring(alg_state *S, const expr *prepared);
e2l_status alg_to_rat(alg_state *S, const expr *e, alg_rat *out);
void alg_rat_init(alg_rat *r, alg_state *S);
void alg_rat_clear(alg_rat *r, alg_state *S);
void alg_state_clear(alg_state *S);
int alg_is_rational_const(const expr *e, fmpq_t out);

/* render.c.  NULL, with S->err filled, when ALG_FACTOR was asked for
 * and P or Q is beyond the bounds of factoring. */
const expr *alg_render(alg_state *S, const alg_rat *r, alg_form form);
const expr *alg_from_fmpq(expr_arena *A, const fmpq_t q);

/* simplify.c: the whole pipeline, used recursively for subterms; a
 * nested run's `nowhere` is or'ed into *nowhere unless it is NULL. */
e2l_status alg_simplify_into(expr_arena *A, const expr *e, alg_form form,
			     const expr **out, e2l_error *err, int *nowhere);
/* e as P/Q in a fresh ring of S; alg_rat_clear and alg_state_clear it
 * after (also after a failure, when S->have_ctx). */
e2l_status alg_rational(alg_state *S, const expr *e, alg_rat *r);

#endif
