/*
 * simplify.c - the algebra layer's entry points: simplify, expand and
 * factor a formula; evaluate a rational formula exactly (the oracle of the
 * property tests).  Whether two formulas are the same function is
 * equiv.c's.
 *
 * The pipeline (prepare, ring, to_rat, render) is re-entered for the
 * arguments of opaque subterms, each time in a ring of its own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "algebra_internal.h"

e2l_status alg_rational(alg_state *S, const expr *e, alg_rat *r)
{
	const expr *prepared = alg_prepare(S, e);
	e2l_status st;

	if (!prepared)
		return S->err->status;
	if ((st = alg_ring(S, prepared)) != E2L_OK)
		return st;
	alg_rat_init(r, S);
	return alg_to_rat(S, prepared, r);
}

/* Operators of one level: a chain of them is a sum or a product. */
static int level_of(expr_kind k)
{
	return k == EXPR_ADD || k == EXPR_SUB ? 1 :
		k == EXPR_MUL || k == EXPR_DIV ? 2 : 0;
}

/* A result deeper than expressions may be: mostly a long sum or product
 * (each term is a level), or nesting. */
static e2l_status too_deep(e2l_error *err, const expr *e)
{
	int terms = 1, level = level_of(e->kind);

	for (const expr *t = e; level && level_of(t->kind) == level; t = t->a)
		terms++;
	if (2 * terms >= EXPR_MAX_DEPTH)
		return e2l_fail(err, E2L_ELIMIT, 0, 0, "too large to show: "
				"the result is a %s of %d terms (the limit is "
				"%d levels of operations)", level == 1 ? "sum" :
				"product", terms, EXPR_MAX_DEPTH);
	return e2l_fail(err, E2L_ELIMIT, 0, 0, "too large to show: the "
			"result is nested more than %d levels deep",
			EXPR_MAX_DEPTH);
}

e2l_status alg_simplify_into(expr_arena *A, const expr *e, alg_form form,
			     const expr **out, e2l_error *err, int *nowhere)
{
	e2l_error local;
	alg_state S = { .A = A, .err = err ? err : &local };
	alg_rat r;
	e2l_status st;

	*out = NULL;
	S.err->status = E2L_OK;
	st = alg_rational(&S, e, &r);
	if (st == E2L_OK) {
		*out = alg_render(&S, &r, form);
		if (!*out) {
			st = S.err->status;
		} else if ((*out)->depth > EXPR_MAX_DEPTH) {
			st = too_deep(S.err, *out);
			*out = NULL;
		}
	}
	if (S.have_ctx)
		alg_rat_clear(&r, &S);
	alg_state_clear(&S);
	if (nowhere)
		*nowhere |= S.nowhere;
	return st;
}

e2l_status alg_simplify(expr_arena *A, const expr *e, alg_form form,
			const expr **out, e2l_error *err)
{
	return alg_simplify_into(A, e, form, out, err, NULL);
}

e2l_status alg_check_defined(const expr *e, e2l_error *err)
{
	expr_arena *A = expr_arena_new();
	e2l_error local;
	alg_state S = { .A = A, .err = err ? err : &local };
	alg_rat r;
	e2l_status st;

	S.err->status = E2L_OK;
	st = alg_rational(&S, e, &r);
	if (S.have_ctx)
		alg_rat_clear(&r, &S);
	alg_state_clear(&S);
	expr_arena_free(A);
	/* Only what no semantics can evaluate; too large or nest-only
	 * formulas get no verdict here. */
	if (st == E2L_EINVALID && S.nowhere)
		return st;
	if (err)
		err->status = E2L_OK;
	return E2L_OK;
}

void alg_release_caches(void)
{
	flint_cleanup();
}

/* Exact evaluation at a point; small integer powers only. */
static e2l_status exact(const expr *e, int n, const char *const *names,
			const fmpq *vals, fmpq_t out)
{
	fmpq_t b;
	e2l_status st = E2L_OK;

	switch (e->kind) {
	case EXPR_NUM:
		if (!alg_is_rational_const(e, out))
			return E2L_EINVALID;
		return E2L_OK;
	case EXPR_VAR:
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], e->name)) {
				fmpq_set(out, vals + i);
				return E2L_OK;
			}
		return E2L_EUNKNOWN;
	case EXPR_NEG:
		st = exact(e->a, n, names, vals, out);
		fmpq_neg(out, out);
		return st;
	case EXPR_CALL:
		return E2L_EUNKNOWN;
	default:
		break;
	}
	if ((st = exact(e->a, n, names, vals, out)) != E2L_OK)
		return st;
	fmpq_init(b);
	if ((st = exact(e->b, n, names, vals, b)) != E2L_OK)
		goto done;
	switch (e->kind) {
	case EXPR_ADD: fmpq_add(out, out, b); break;
	case EXPR_SUB: fmpq_sub(out, out, b); break;
	case EXPR_MUL: fmpq_mul(out, out, b); break;
	case EXPR_DIV:
		if (fmpq_is_zero(b))
			st = E2L_EINVALID;
		else
			fmpq_div(out, out, b);
		break;
	case EXPR_POW:
		if (!fmpz_is_one(fmpq_denref(b)) ||
		    fmpz_bits(fmpq_numref(b)) > 8) {
			st = E2L_EUNKNOWN;
		} else if (fmpq_is_zero(out) && fmpq_sgn(b) < 0) {
			st = E2L_EINVALID;
		} else {
			fmpq_pow_si(out, out, fmpz_get_si(fmpq_numref(b)));
		}
		break;
	default:
		st = E2L_EUNKNOWN;
	}
done:
	fmpq_clear(b);
	return st;
}

e2l_status alg_same_value(const expr *a, const expr *b, int n,
			  const char *const *names, const double *values,
			  int *same, double *approx)
{
	fmpq *vals = _fmpq_vec_init(n > 0 ? n : 1);
	fmpq_t x, y;
	e2l_status st;

	for (int i = 0; i < n; i++) {
		int ex;
		double m = frexp(values[i], &ex);
		/* values[i] = m 2^ex exactly, with m 2^53 an integer. */
		fmpz_set_d(fmpq_numref(vals + i), ldexp(m, 53));
		fmpz_one(fmpq_denref(vals + i));
		if (ex - 53 >= 0)
			fmpq_mul_2exp(vals + i, vals + i, (ulong)(ex - 53));
		else
			fmpq_div_2exp(vals + i, vals + i, (ulong)(53 - ex));
	}
	fmpq_init(x);
	fmpq_init(y);
	st = exact(a, n, names, vals, x);
	if (st == E2L_OK)
		st = exact(b, n, names, vals, y);
	if (st == E2L_OK) {
		*same = fmpq_equal(x, y);
		*approx = fmpq_get_d(x);
	}
	fmpq_clear(x);
	fmpq_clear(y);
	_fmpq_vec_clear(vals, n > 0 ? n : 1);
	return st;
}
