/*
 * rational.c - from an expression tree to a cancelled quotient P/Q of
 * polynomials with rational coefficients.
 *
 * Two steps.  alg_prepare() simplifies what is not rational (function
 * calls, powers whose exponent is not an integer constant) inside, folds
 * the exact cases (abs(-3) = 3, sqrt(4) = 2, log(1) = 0) and replaces the
 * rest by opaque '#' variables.  alg_to_rat() then folds the prepared tree
 * bottom-up in FLINT's fmpq_mpoly ring, cancelling by the gcd after each
 * step.  Every operation is bounded before it is computed (degree, terms,
 * coefficient bits), so x^1000000 is refused at once, not after minutes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algebra_internal.h"

static void num_to_fmpq(const expr *e, fmpq_t q)
{
	fmpz_t m, p;
	fmpz_init(m);
	fmpz_init(p);
	fmpz_set_str(m, e->digits, 10);
	fmpz_set_ui(p, 10);
	fmpz_pow_ui(p, p, (ulong)abs(e->exp10));
	if (e->exp10 >= 0) {
		fmpz_mul(m, m, p);
		fmpq_set_fmpz_frac(q, m, (fmpz_t){ 1 });
	} else {
		fmpq_set_fmpz_frac(q, m, p);
	}
	fmpz_clear(m);
	fmpz_clear(p);
}

int alg_is_rational_const(const expr *e, fmpq_t out)
{
	fmpq_t b;
	int ok = 1;

	switch (e->kind) {
	case EXPR_NUM:
		num_to_fmpq(e, out);
		return 1;
	case EXPR_NEG:
		if (!alg_is_rational_const(e->a, out))
			return 0;
		fmpq_neg(out, out);
		return 1;
	case EXPR_ADD:
	case EXPR_SUB:
	case EXPR_MUL:
	case EXPR_DIV:
		if (!alg_is_rational_const(e->a, out))
			return 0;
		fmpq_init(b);
		if (!alg_is_rational_const(e->b, b)) {
			ok = 0;
		} else if (e->kind == EXPR_ADD) {
			fmpq_add(out, out, b);
		} else if (e->kind == EXPR_SUB) {
			fmpq_sub(out, out, b);
		} else if (e->kind == EXPR_MUL) {
			fmpq_mul(out, out, b);
		} else if (fmpq_is_zero(b)) {
			ok = 0;
		} else {
			fmpq_div(out, out, b);
		}
		fmpq_clear(b);
		return ok;
	default:
		return 0;
	}
}

/* e with its opaque subterms written out again: a message shows
 * exp(v) - exp(v), never the ring's name #exp(v). */
static const expr *unatom(alg_state *S, const expr *e)
{
	const expr *a, *b = NULL;

	if (e->kind == EXPR_VAR && e->name[0] == ALG_ATOM_MARK) {
		for (int i = 0; i < S->natoms; i++)
			if (!strcmp(S->atoms[i].key, e->name))
				return S->atoms[i].tree;
		return e;
	}
	if (!e->a)
		return e;
	a = unatom(S, e->a);
	if (e->b)
		b = unatom(S, e->b);
	if (a == e->a && b == e->b)
		return e;
	if (e->kind == EXPR_CALL)
		return expr_call(S->A, e->fn, a, b);
	return b ? expr_binary(S->A, e->kind, a, b) :
		expr_unary(S->A, e->kind, a);
}

/* A short rendering of e for messages. */
static void brief(alg_state *S, const expr *e, char *buf, size_t size)
{
	char *s = expr_print(unatom(S, e), EXPR_INFIX);
	if (strlen(s) > 40)
		snprintf(buf, size, "%.37s...", s);
	else
		snprintf(buf, size, "%s", s);
	free(s);
}

static const expr *fail(alg_state *S, e2l_status st, const expr *e,
			const char *what)
{
	char b[48];
	brief(S, e, b, sizeof b);
	e2l_fail(S->err, st, 0, 0, "%s: %s", what, b);
	return NULL;
}

static const expr *make_atom(alg_state *S, const expr *tree)
{
	char *text = expr_print(tree, EXPR_INFIX);
	size_t n = strlen(text);
	char *key = xmalloc(n + 2);
	const expr *v;

	key[0] = ALG_ATOM_MARK;
	memcpy(key + 1, text, n + 1);
	free(text);
	if (tree->depth + 1 > EXPR_MAX_DEPTH) {
		free(key);
		return fail(S, E2L_ELIMIT, tree, "formula nested too deeply");
	}
	for (int i = 0; i < S->natoms; i++)
		if (!strcmp(S->atoms[i].key, key)) {
			v = expr_var(S->A, key);
			free(key);
			return v;
		}
	if (S->natoms == S->cap_atoms) {
		S->cap_atoms = S->cap_atoms ? 2 * S->cap_atoms : 8;
		S->atoms = xrealloc(S->atoms, (size_t)S->cap_atoms *
				    sizeof *S->atoms);
	}
	S->atoms[S->natoms].key = expr_strdup(S->A, key);
	S->atoms[S->natoms].tree = tree;
	S->natoms++;
	v = expr_var(S->A, key);
	free(key);
	return v;
}

/* Exact value of a function of a rational constant, where there is one.
 * Returns the tree, NULL with *bad set for a meaningless one, or NULL. */
static const expr *fold_call(alg_state *S, const expr *call, const expr *a,
			     const expr *b, int *bad)
{
	fmpq_t x, y;
	const expr *r = NULL;
	int ca, cb = 0;

	expr_fn fn = call->fn;

	fmpq_init(x);
	fmpq_init(y);
	ca = alg_is_rational_const(a, x);
	if (b)
		cb = alg_is_rational_const(b, y);
	switch (fn) {
	case FN_ABS:
		if (ca) {
			fmpq_abs(x, x);
			r = alg_from_fmpq(S->A, x);
		}
		break;
	case FN_MIN:
	case FN_MAX:
		if (ca && cb)
			r = (fmpq_cmp(x, y) <= 0) == (fn == FN_MIN) ? a : b;
		else if (expr_equal(a, b))
			r = a;
		break;
	case FN_EXP:
		if (ca && fmpq_is_zero(x))
			r = expr_int(S->A, 1);
		break;
	case FN_LOG:
		if (ca && fmpq_is_one(x))
			r = expr_int(S->A, 0);
		else if (ca && fmpq_sgn(x) <= 0) {
			S->nowhere = fmpq_is_zero(x);
			fail(S, E2L_EINVALID, call, fmpq_is_zero(x) ?
			     "log of zero (minus infinity)" :
			     "log of a negative number");
			*bad = 1;
		}
		break;
	case FN_SQRT:
		if (ca && fmpq_sgn(x) < 0) {
			fail(S, E2L_EINVALID, call, "sqrt of a negative number");
			*bad = 1;
		} else if (ca && fmpz_is_square(fmpq_numref(x)) &&
			   fmpz_is_square(fmpq_denref(x))) {
			fmpz_sqrt(fmpq_numref(x), fmpq_numref(x));
			fmpz_sqrt(fmpq_denref(x), fmpq_denref(x));
			r = alg_from_fmpq(S->A, x);
		}
		break;
	default:
		break;
	}
	fmpq_clear(x);
	fmpq_clear(y);
	return r;
}

static const expr *simplified(alg_state *S, const expr *e)
{
	const expr *out;
	if (alg_simplify_into(S->A, e, ALG_SIMPLIFY, &out, S->err,
			      &S->nowhere) != E2L_OK)
		return NULL;
	return out;
}

const expr *alg_prepare(alg_state *S, const expr *e)
{
	const expr *a, *b;
	fmpq_t q;

	switch (e->kind) {
	case EXPR_NUM:
	case EXPR_VAR:
		return e;
	case EXPR_NEG:
		a = alg_prepare(S, e->a);
		return a ? expr_unary(S->A, EXPR_NEG, a) : NULL;
	case EXPR_ADD:
	case EXPR_SUB:
	case EXPR_MUL:
	case EXPR_DIV:
		a = alg_prepare(S, e->a);
		b = a ? alg_prepare(S, e->b) : NULL;
		return b ? expr_binary(S->A, e->kind, a, b) : NULL;
	case EXPR_POW: {
		const expr *ex = simplified(S, e->b);
		int integer;
		if (!ex)
			return NULL;
		fmpq_init(q);
		integer = alg_is_rational_const(ex, q) &&
			fmpz_is_one(fmpq_denref(q));
		fmpq_clear(q);
		if (integer) {
			/* Rational in the base: expanded by alg_to_rat. */
			a = alg_prepare(S, e->a);
			return a ? expr_binary(S->A, EXPR_POW, a, ex) : NULL;
		}
		a = simplified(S, e->a);
		if (!a)
			return NULL;
		fmpq_init(q);
		integer = alg_is_rational_const(a, q) && fmpq_is_one(q);
		fmpq_clear(q);
		if (integer)            /* 1^y = 1 */
			return a;
		if (ex->kind == EXPR_DIV && ex->a->kind == EXPR_NUM &&
		    !strcmp(ex->a->digits, "1") && ex->a->exp10 == 0 &&
		    ex->b->kind == EXPR_NUM && !strcmp(ex->b->digits, "2") &&
		    ex->b->exp10 == 0)
			ex = expr_num(S->A, "5", -1);   /* x^(1/2) as x^0.5 */
		return make_atom(S, expr_binary(S->A, EXPR_POW, a, ex));
	}
	case EXPR_CALL: {
		int bad = 0;
		const expr *r;
		a = simplified(S, e->a);
		if (!a)
			return NULL;
		b = NULL;
		if (e->b && !(b = simplified(S, e->b)))
			return NULL;
		r = fold_call(S, e, a, b, &bad);
		if (bad)
			return NULL;
		if (r)
			return alg_prepare(S, r);
		if (b) {
			/* min and max are symmetric: one order for both. */
			char *ta = expr_print(a, EXPR_INFIX);
			char *tb = expr_print(b, EXPR_INFIX);
			if (strcmp(ta, tb) > 0) {
				const expr *t = a;
				a = b;
				b = t;
			}
			free(ta);
			free(tb);
		}
		return make_atom(S, expr_call(S->A, e->fn, a, b));
	}
	default:
		return fail(S, E2L_EINVALID, e, "unknown node");
	}
}

/* Ring variables: the formula's own names in natural order, then the
 * opaque subterms by their text. */
static int var_order(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int ia = a[0] == ALG_ATOM_MARK, ib = b[0] == ALG_ATOM_MARK;
	if (ia != ib)
		return ia - ib;
	return ia ? strcmp(a, b) : expr_name_cmp(a, b);
}

static int count_vars(const expr *e)
{
	if (e->kind == EXPR_VAR)
		return 1;
	return (e->a ? count_vars(e->a) : 0) + (e->b ? count_vars(e->b) : 0);
}

static void gather(const expr *e, const char **names, int *n)
{
	if (e->kind == EXPR_VAR) {
		for (int i = 0; i < *n; i++)
			if (!strcmp(names[i], e->name))
				return;
		names[(*n)++] = e->name;
		return;
	}
	if (e->a)
		gather(e->a, names, n);
	if (e->b)
		gather(e->b, names, n);
}

e2l_status alg_ring(alg_state *S, const expr *prepared)
{
	int max = count_vars(prepared), n = 0;
	const char **names = xmalloc((size_t)(max ? max : 1) * sizeof *names);

	gather(prepared, names, &n);
	qsort(names, (size_t)n, sizeof *names, var_order);
	S->names = names;
	S->nvars = n;
	S->width = n > 0 ? n : 1;      /* FLINT wants a variable */
	fmpq_mpoly_ctx_init(S->ctx, S->width, ORD_DEGLEX);
	S->have_ctx = 1;
	return E2L_OK;
}

void alg_state_clear(alg_state *S)
{
	if (S->have_ctx)
		fmpq_mpoly_ctx_clear(S->ctx);
	S->have_ctx = 0;
	free(S->names);
	free(S->atoms);
	S->names = NULL;
	S->atoms = NULL;
}

void alg_rat_init(alg_rat *r, alg_state *S)
{
	fmpq_mpoly_init(r->num, S->ctx);
	fmpq_mpoly_init(r->den, S->ctx);
	fmpq_mpoly_one(r->den, S->ctx);
}

void alg_rat_clear(alg_rat *r, alg_state *S)
{
	fmpq_mpoly_clear(r->num, S->ctx);
	fmpq_mpoly_clear(r->den, S->ctx);
}

static slong degree(const fmpq_mpoly_t p, alg_state *S)
{
	return fmpq_mpoly_is_zero(p, S->ctx) ? 0 :
		fmpq_mpoly_total_degree_si(p, S->ctx);
}

static slong bits(const fmpq_mpoly_t p, alg_state *S)
{
	slong b = fmpz_mpoly_max_bits(p->zpoly);
	if (b < 0)
		b = -b;
	return b + (slong)fmpz_bits(fmpq_numref(p->content)) +
		(slong)fmpz_bits(fmpq_denref(p->content));
	(void)S;
}

static e2l_status too_big(alg_state *S, const expr *e, const char *what,
			  double value, long limit)
{
	char b[48];
	brief(S, e, b, sizeof b);
	return e2l_fail(S->err, E2L_ELIMIT, 0, 0,
			"too large to simplify: %s would have %s %.0f "
			"(limit %ld)", b, what, value, limit);
}

static e2l_status check(alg_state *S, const alg_rat *r, const expr *e)
{
	slong len = fmpq_mpoly_length(r->num, S->ctx) +
		fmpq_mpoly_length(r->den, S->ctx);
	slong deg = degree(r->num, S) > degree(r->den, S) ?
		degree(r->num, S) : degree(r->den, S);
	slong nb = bits(r->num, S) > bits(r->den, S) ?
		bits(r->num, S) : bits(r->den, S);

	if (len > ALG_MAX_TERMS)
		return too_big(S, e, "terms", (double)len, ALG_MAX_TERMS);
	if (deg > ALG_MAX_DEGREE)
		return too_big(S, e, "degree", (double)deg, ALG_MAX_DEGREE);
	if (nb > ALG_MAX_BITS)
		return too_big(S, e, "coefficients of bits", (double)nb,
			       ALG_MAX_BITS);
	return E2L_OK;
}

/* Cancels the gcd and makes the denominator's leading coefficient 1, so
 * that equal functions have equal (num, den). */
static e2l_status normalize(alg_state *S, alg_rat *r, const expr *e)
{
	fmpq_mpoly_t g;
	fmpq_t c;
	int ok = 1;

	if (fmpq_mpoly_is_zero(r->num, S->ctx)) {
		fmpq_mpoly_one(r->den, S->ctx);
		return E2L_OK;
	}
	fmpq_mpoly_init(g, S->ctx);
	if (!fmpq_mpoly_is_fmpq(r->den, S->ctx)) {
		ok = fmpq_mpoly_gcd(g, r->num, r->den, S->ctx);
		if (ok && !fmpq_mpoly_is_one(g, S->ctx))
			ok = fmpq_mpoly_divides(r->num, r->num, g, S->ctx) &&
				fmpq_mpoly_divides(r->den, r->den, g, S->ctx);
	}
	fmpq_mpoly_clear(g, S->ctx);
	if (!ok) {
		char b[48];
		brief(S, e, b, sizeof b);
		return e2l_fail(S->err, E2L_ELIMIT, 0, 0,
				"too large to simplify: %s", b);
	}
	fmpq_init(c);
	fmpq_mpoly_get_term_coeff_fmpq(c, r->den, 0, S->ctx);
	if (!fmpq_is_one(c)) {
		fmpq_mpoly_scalar_div_fmpq(r->num, r->num, c, S->ctx);
		fmpq_mpoly_scalar_div_fmpq(r->den, r->den, c, S->ctx);
	}
	fmpq_clear(c);
	return check(S, r, e);
}

/* Monomials of total degree <= d in k variables: a bound on the terms of
 * a product or power, known before computing it. */
static double monomials(slong d, int k)
{
	double m = 1;
	for (int i = 1; i <= k; i++)
		m = m * (double)(d + i) / i;
	return m;
}

static e2l_status mul_bounded(alg_state *S, fmpq_mpoly_t out,
			      const fmpq_mpoly_t a, const fmpq_mpoly_t b,
			      const expr *e)
{
	slong d = degree(a, S) + degree(b, S);
	double terms = (double)fmpq_mpoly_length(a, S->ctx) *
		(double)fmpq_mpoly_length(b, S->ctx);
	double mono = monomials(d, S->nvars);

	if (d > ALG_MAX_DEGREE)
		return too_big(S, e, "degree", (double)d, ALG_MAX_DEGREE);
	if (terms > mono)
		terms = mono;
	if (terms > 8.0 * ALG_MAX_TERMS)
		return too_big(S, e, "terms", terms, ALG_MAX_TERMS);
	if (bits(a, S) + bits(b, S) > ALG_MAX_BITS + 64)
		return too_big(S, e, "coefficients of bits",
			       (double)(bits(a, S) + bits(b, S)), ALG_MAX_BITS);
	fmpq_mpoly_mul(out, a, b, S->ctx);
	return E2L_OK;
}

static e2l_status pow_bounded(alg_state *S, fmpq_mpoly_t p, ulong n,
			      const expr *e)
{
	double d = (double)degree(p, S) * (double)n;
	double len = (double)fmpq_mpoly_length(p, S->ctx);
	double terms = d < 1e6 ? monomials((slong)d, S->nvars) : HUGE_VAL;
	double nb = (double)bits(p, S) * (double)n +
		(len > 1 ? log2(len) * (double)n : 0);

	if (d > ALG_MAX_DEGREE)
		return too_big(S, e, "degree", d, ALG_MAX_DEGREE);
	if (len > 1 && terms > 8.0 * ALG_MAX_TERMS)
		return too_big(S, e, "terms", terms, ALG_MAX_TERMS);
	if (nb > ALG_MAX_BITS + 64)
		return too_big(S, e, "coefficients of bits", nb, ALG_MAX_BITS);
	if (!fmpq_mpoly_pow_ui(p, p, n, S->ctx))
		return too_big(S, e, "degree", d, ALG_MAX_DEGREE);
	return E2L_OK;
}

static int var_index(alg_state *S, const char *name)
{
	for (int i = 0; i < S->nvars; i++)
		if (!strcmp(S->names[i], name))
			return i;
	return -1;
}

e2l_status alg_to_rat(alg_state *S, const expr *e, alg_rat *out)
{
	alg_rat b;
	e2l_status st = E2L_OK;
	fmpq_t q;

	switch (e->kind) {
	case EXPR_NUM:
		fmpq_init(q);
		num_to_fmpq(e, q);
		fmpq_mpoly_set_fmpq(out->num, q, S->ctx);
		fmpq_mpoly_one(out->den, S->ctx);
		fmpq_clear(q);
		return E2L_OK;
	case EXPR_VAR:
		fmpq_mpoly_gen(out->num, var_index(S, e->name), S->ctx);
		fmpq_mpoly_one(out->den, S->ctx);
		return E2L_OK;
	case EXPR_NEG:
		st = alg_to_rat(S, e->a, out);
		if (st == E2L_OK)
			fmpq_mpoly_neg(out->num, out->num, S->ctx);
		return st;
	case EXPR_POW: {
		slong n;
		fmpq_init(q);
		alg_is_rational_const(e->b, q);   /* prepared: an integer */
		if (fmpz_bits(fmpq_numref(q)) > 30) {
			fmpq_clear(q);
			return too_big(S, e, "degree", ldexp(1.0, 30),
				       ALG_MAX_DEGREE);
		}
		n = fmpz_get_si(fmpq_numref(q));
		fmpq_clear(q);
		if ((st = alg_to_rat(S, e->a, out)) != E2L_OK)
			return st;
		if (n < 0) {
			if (fmpq_mpoly_is_zero(out->num, S->ctx)) {
				S->nowhere = 1;
				fail(S, E2L_EINVALID, e,
				     "division by zero (zoo): 0 to a negative power");
				return E2L_EINVALID;
			}
			fmpq_mpoly_swap(out->num, out->den, S->ctx);
			n = -n;
		}
		if (n == 0) {
			fmpq_mpoly_one(out->num, S->ctx);
			fmpq_mpoly_one(out->den, S->ctx);
			return E2L_OK;
		}
		if ((st = pow_bounded(S, out->num, (ulong)n, e)) != E2L_OK ||
		    (st = pow_bounded(S, out->den, (ulong)n, e)) != E2L_OK)
			return st;
		return normalize(S, out, e);
	}
	default:
		break;
	}

	/* Binary arithmetic. */
	if ((st = alg_to_rat(S, e->a, out)) != E2L_OK)
		return st;
	alg_rat_init(&b, S);
	if ((st = alg_to_rat(S, e->b, &b)) != E2L_OK)
		goto done;
	switch (e->kind) {
	case EXPR_ADD:
	case EXPR_SUB:
		if (fmpq_mpoly_equal(out->den, b.den, S->ctx)) {
			if (e->kind == EXPR_ADD)
				fmpq_mpoly_add(out->num, out->num, b.num, S->ctx);
			else
				fmpq_mpoly_sub(out->num, out->num, b.num, S->ctx);
			break;
		}
		/* a/p +- b/q = (a q +- b p) / (p q) */
		if ((st = mul_bounded(S, out->num, out->num, b.den, e)) ||
		    (st = mul_bounded(S, b.num, b.num, out->den, e)) ||
		    (st = mul_bounded(S, out->den, out->den, b.den, e)))
			goto done;
		if (e->kind == EXPR_ADD)
			fmpq_mpoly_add(out->num, out->num, b.num, S->ctx);
		else
			fmpq_mpoly_sub(out->num, out->num, b.num, S->ctx);
		break;
	case EXPR_DIV:
		if (fmpq_mpoly_is_zero(b.num, S->ctx)) {
			S->nowhere = 1;
			fail(S, E2L_EINVALID, e->b,
			     "division by zero (zoo): the divisor simplifies to 0");
			st = E2L_EINVALID;
			goto done;
		}
		fmpq_mpoly_swap(b.num, b.den, S->ctx);
		/* fall through */
	case EXPR_MUL:
		if ((st = mul_bounded(S, out->num, out->num, b.num, e)) ||
		    (st = mul_bounded(S, out->den, out->den, b.den, e)))
			goto done;
		break;
	default:
		st = e2l_fail(S->err, E2L_EINVALID, 0, 0, "unexpected node");
		goto done;
	}
	st = normalize(S, out, e);
done:
	alg_rat_clear(&b, S);
	return st;
}
