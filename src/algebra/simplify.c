/*
 * simplify.c - the algebra layer's entry points: simplify, expand and
 * factor a formula; evaluate a rational formula exactly (the oracle of the
 * property tests).  Whether two formulas are the same function is
 * equiv.c's.
 *
 * The pipeline (prepare, ring, to_rat, render) is re-entered for the
 * arguments of opaque subterms, each time in a ring of its own.  simplify
 * also weighs the formula's own structure against the canonical form
 * (below), so that what is short as written stays short.
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

/* Operators of one level: a chain of them is a sum (1) or a product
 * (2); 0 for anything else. */
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

/* The pipeline; *unshown (unless NULL) is set when P/Q was computed but
 * its form is too deep to show. */
static e2l_status pipeline(expr_arena *A, const expr *e, alg_form form,
			   const expr **out, e2l_error *err, int *nowhere,
			   int *unshown)
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
			if (unshown)
				*unshown = 1;
		}
	}
	if (S.have_ctx)
		alg_rat_clear(&r, &S);
	alg_state_clear(&S);
	if (nowhere)
		*nowhere |= S.nowhere;
	return st;
}

e2l_status alg_simplify_into(expr_arena *A, const expr *e, alg_form form,
			     const expr **out, e2l_error *err, int *nowhere)
{
	return pipeline(A, e, form, out, err, nowhere, NULL);
}

/* ---- The input's own structure ------------------------------------- */

/*
 * The canonical form is a function of P/Q alone, which is what makes
 * equal functions print equally; but where P/Q has no short form, the
 * formula as written can be far shorter: (a + b + c + d)^12 + 1 has 456
 * terms and no factors.  So simplify also builds the input's structure
 * with each part in its own shortest form, and prints that when it has
 * fewer operations than the canonical form (never on a tie, so what the
 * canonical form already says briefly stays canonical).
 *
 * A sum (or product) is taken as a whole: its terms that are shorter
 * kept than multiplied out stay apart, equal ones merged (K - K is
 * gone), and all the others are simplified together, so that x + x and
 * e - e still combine.  Parts are simplified in rings of their own; a
 * part that cannot be (too large) leaves the canonical form, or the
 * error, standing.
 */
static const expr *shortest(expr_arena *A, const expr *e);

typedef struct {
	const expr *t;          /* the item as written */
	const expr *best;       /* its shortest form */
	char *text;             /* best, printed (apart items only) */
	int sign;               /* +1, or -1: subtracted or divided by */
	int apart;
} item;

/* Is x written shorter than multiplied out?  Also when it cannot be
 * multiplied out within bounds. */
static int keeps_apart(expr_arena *A, const expr *x, const expr *best)
{
	const expr *ex;
	e2l_error local;

	if (!x->a)
		return 0;            /* a name or a number */
	if (alg_simplify_into(A, x, ALG_EXPAND, &ex, &local, NULL) != E2L_OK)
		return 1;
	return expr_complexity(best) < expr_complexity(ex);
}

/* n copies of t: n*t in a sum, t^n in a product. */
static const expr *times(expr_arena *A, int level, const expr *t, int n)
{
	if (n == 1)
		return t;
	return level == 1 ? expr_binary(A, EXPR_MUL, expr_int(A, n), t) :
		expr_binary(A, EXPR_POW, t, expr_int(A, n));
}

static int is_int(const expr *e, const char *digits)
{
	return e->kind == EXPR_NUM && e->exp10 == 0 &&
		!strcmp(e->digits, digits);
}

/* e without the sign that the renderer puts on a leftmost factor
 * (-x*y/z), *neg telling whether there was one. */
static const expr *unsigned_term(expr_arena *A, const expr *e, int *neg)
{
	if (e->kind == EXPR_NEG) {
		*neg = 1;
		return e->a;
	}
	if (e->kind == EXPR_MUL || e->kind == EXPR_DIV) {
		const expr *l = unsigned_term(A, e->a, neg);
		return *neg ? expr_binary(A, e->kind, l, e->b) : e;
	}
	*neg = 0;
	return e;
}

/* The items in order joined: + and - in a sum, * and / in a product,
 * starting with the first positive one (y - x, not -x + y; 1/x when
 * there is none). */
static const expr *joined(expr_arena *A, int level, const item *it, int n)
{
	const expr *acc = NULL;
	int first = 0;

	while (first < n && it[first].sign < 0)
		first++;
	if (first == n) {
		first = -1;
		acc = level == 2 ? expr_int(A, 1) : NULL;
	} else {
		acc = it[first].best;
	}
	for (int i = 0; i < n; i++) {
		if (i == first)
			continue;
		if (!acc)
			acc = expr_unary(A, EXPR_NEG, it[i].best);
		else if (level == 1)
			acc = expr_binary(A, it[i].sign > 0 ? EXPR_ADD :
					  EXPR_SUB, acc, it[i].best);
		else
			acc = expr_binary(A, it[i].sign > 0 ? EXPR_MUL :
					  EXPR_DIV, acc, it[i].best);
	}
	return acc ? acc : expr_int(A, 0);
}

/* The terms (factors) of the chain r in order into out, with their
 * signs; returns their count. */
static int rest_items(expr_arena *A, int level, const expr *r, item *out)
{
	int n = 0;
	const expr *x;

	for (x = r; level_of(x->kind) == level; x = x->a)
		n++;
	x = r;
	for (int i = n; i > 0; i--, x = x->a)
		out[i] = (item){ .best = x->b, .sign = x->kind == EXPR_SUB ||
				 x->kind == EXPR_DIV ? -1 : 1 };
	out[0] = (item){ .best = x, .sign = 1 };
	if (level == 1) {
		int neg;
		out[0].best = unsigned_term(A, x, &neg);
		out[0].sign = neg ? -1 : 1;
	}
	return n + 1;
}

static void items_free(item *it, int n)
{
	for (int i = 0; i < n; i++)
		free(it[i].text);
	free(it);
}

static const expr *chain(expr_arena *A, const expr *e, int level)
{
	int n = 0, cap = 8, nout = 0;
	item *it = xmalloc((size_t)cap * sizeof *it), *out;
	const expr *rest = NULL, *x;
	e2l_error local;

	/* The items, last first: a - b + c is ((a - b) + c). */
	for (x = e; ; x = x->a) {
		int last = level_of(x->kind) != level;
		if (n == cap)
			it = xrealloc(it, (size_t)(cap *= 2) * sizeof *it);
		it[n++] = (item){ .t = last ? x : x->b, .sign = !last &&
				  (x->kind == EXPR_SUB ||
				   x->kind == EXPR_DIV) ? -1 : 1 };
		if (last)
			break;
	}
	/* First to last: each item's shortest form; those that read
	 * shorter multiplied out go into the rest, written as they were. */
	for (int i = n - 1; i >= 0; i--) {
		if (!(it[i].best = shortest(A, it[i].t))) {
			items_free(it, n);
			return NULL;
		}
		it[i].apart = keeps_apart(A, it[i].t, it[i].best);
		if (it[i].apart)
			it[i].text = expr_print(it[i].best, EXPR_INFIX);
		else if (!rest)
			rest = it[i].sign > 0 ? it[i].t : level == 1 ?
				expr_unary(A, EXPR_NEG, it[i].t) :
				expr_binary(A, EXPR_DIV, expr_int(A, 1), it[i].t);
		else
			rest = expr_binary(A, level == 1 ?
					   (it[i].sign > 0 ? EXPR_ADD : EXPR_SUB) :
					   (it[i].sign > 0 ? EXPR_MUL : EXPR_DIV),
					   rest, it[i].t);
	}
	if (rest && alg_simplify_into(A, rest, ALG_SIMPLIFY, &rest, &local,
				      NULL) != E2L_OK) {
		items_free(it, n);
		return NULL;
	}
	/* The output, in order: in a product the rest leads (its sign and
	 * constant in front), in a sum it follows the positive items.  The
	 * rest's own terms (factors) join the chain one by one, so that the
	 * result parses back to the same chain: simplifying is idempotent. */
	int nrest = 0;
	for (x = rest; x && level_of(x->kind) == level; x = x->a)
		nrest++;
	out = xmalloc((size_t)(n + nrest + 1) * sizeof *out);
	if (rest && level == 2 && !is_int(rest, "1"))
		nout = rest_items(A, level, rest, out);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && rest && level == 1 && !is_int(rest, "0"))
			nout += rest_items(A, level, rest, out + nout);
		/* Equal items merged: K + K is 2*K, K - K nothing. */
		for (int i = n - 1; i >= 0; i--) {
			int count = 0;
			if (!it[i].text)
				continue;
			for (int j = i; j >= 0; j--)
				if (it[j].text && !strcmp(it[j].text, it[i].text))
					count += it[j].sign;
			if (count != 0 && (count > 0) != (pass == 0))
				continue;
			for (int j = i - 1; j >= 0; j--)
				if (it[j].text && !strcmp(it[j].text, it[i].text)) {
					free(it[j].text);
					it[j].text = NULL;
				}
			free(it[i].text);
			it[i].text = NULL;
			if (count)
				out[nout++] = (item){
					.best = times(A, level, it[i].best,
						      abs(count)),
					.sign = count > 0 ? 1 : -1 };
		}
	}
	x = joined(A, level, out, nout);
	free(out);
	items_free(it, n);
	return x;
}

/* e's own node over its parts' shortest forms; NULL when a part cannot
 * be simplified. */
static const expr *structured(expr_arena *A, const expr *e)
{
	const expr *a, *b = NULL;
	int level = level_of(e->kind);

	if (level)
		return chain(A, e, level);
	if (!e->a)
		return e;
	if (!(a = shortest(A, e->a)) || (e->b && !(b = shortest(A, e->b))))
		return NULL;
	if (e->kind == EXPR_CALL)
		return expr_call(A, e->fn, a, b);
	return b ? expr_binary(A, e->kind, a, b) : expr_unary(A, e->kind, a);
}

/* The shorter of e's canonical form and its structure, or the
 * structure where the canonical form is too long to show at all; NULL
 * when neither is possible.  Errors are the caller's to report. */
static const expr *pick(expr_arena *A, const expr *e, e2l_error *err)
{
	const expr *canon, *s;
	int unshown = 0;
	e2l_status st = pipeline(A, e, ALG_SIMPLIFY, &canon, err, NULL,
				 &unshown);

	if (st != E2L_OK && !unshown)
		return NULL;
	if (st == E2L_OK && expr_complexity(canon) <= expr_complexity(e))
		return canon;
	s = structured(A, e);
	if (!s || s->depth > EXPR_MAX_DEPTH ||
	    (st == E2L_OK && expr_complexity(s) >= expr_complexity(canon)))
		return st == E2L_OK ? canon : NULL;
	if (err)
		err->status = E2L_OK;
	return s;
}

static const expr *shortest(expr_arena *A, const expr *e)
{
	e2l_error local;
	return pick(A, e, &local);
}

e2l_status alg_simplify(expr_arena *A, const expr *e, alg_form form,
			const expr **out, e2l_error *err)
{
	e2l_error local;

	if (form != ALG_SIMPLIFY)
		return alg_simplify_into(A, e, form, out, err, NULL);
	if (!err)
		err = &local;
	*out = pick(A, e, err);
	return *out ? E2L_OK : err->status;
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
