/*
 * render.c - a cancelled quotient P/Q back to an expression tree, in the
 * form with the fewest operations.
 *
 * P/Q is written c * P'/Q' with c rational and P', Q' primitive integer
 * polynomials.  Candidates: expanded (c distributed over the terms),
 * polynomial (c kept apart, each of P', Q' expanded or collected in
 * Horner fashion, x*(x*y + z) + w), and factored (FLINT's irreducible
 * factors, each expanded or collected; beyond the bounds of factoring,
 * the square-free decomposition's, which still finds powers).  A negative c is either a leading
 * minus or absorbed into one factor, (1 - x) rather than -(x - 1).  The
 * winner has the fewest operations, then the shortest text, then the
 * smallest text, so the choice is a function of P/Q alone: equal
 * functions print equally, and printing is idempotent.
 */
#include <stdlib.h>
#include <string.h>

#include "algebra_internal.h"

/* Sizes beyond which factoring is not attempted: its cost grows fast and
 * such polynomials are unreadable in any form.  Several variables get a
 * lower degree bound: FLINT's multivariate factoring recombines the
 * factors of a univariate image, and x^64 - y^64 - x^4 (whose image
 * x^4 (x^60 - 1) has 13 factors) took it a minute; at total degree 32
 * the worst found takes under half a second. */
enum { FACTOR_MAX_TERMS = 400, FACTOR_MAX_DEGREE = 64,
       FACTOR_MAX_DEGREE_MULTI = 32 };
/* Collection steps that try every variable; greedy after that. */
enum { COLLECT_BUDGET = 64 };
/* Decimals print where their digits are few: 0.5, 0.125, 1e-9; else p/q
 * (1/1024, not 0.0009765625). */
enum { DECIMAL_MAX_DIGITS = 4 };

typedef struct {
	int neg;
	const expr *t;
} sterm;

/* On equal operation counts the more readable kind wins: a product of
 * factors, then a plain sum of terms, then nested (collected) forms. */
typedef enum { FACTORED, EXPANDED, COLLECTED } kind;

typedef struct {
	const expr *tree;
	int ops;
	kind rank;
	char *text;
} candidate;

static int better(const candidate *a, const candidate *b)
{
	size_t la = strlen(a->text), lb = strlen(b->text);
	if (a->ops != b->ops)
		return a->ops < b->ops;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	if (la != lb)
		return la < lb;
	return strcmp(a->text, b->text) < 0;
}

/* Keeps the better of *best and t in *best. */
static void consider(candidate *best, const expr *t, kind rank)
{
	candidate c;
	if (!t)
		return;
	c.tree = t;
	c.ops = expr_complexity(t);
	c.rank = rank;
	c.text = expr_print(t, EXPR_INFIX);
	if (!best->tree || better(&c, best)) {
		free(best->text);
		*best = c;
	} else {
		free(c.text);
	}
}

static const expr *fmpz_tree(expr_arena *A, const fmpz_t z)
{
	char *s = fmpz_get_str(NULL, 10, z);
	const expr *e = expr_num(A, s[0] == '-' ? s + 1 : s, 0);
	flint_free(s);
	return e;
}

/* p/q as a decimal number, when q = 2^a 5^b; NULL otherwise.  p >= 0. */
static const expr *decimal(expr_arena *A, const fmpz_t p, const fmpz_t q)
{
	fmpz_t r, m;
	ulong a = 0, b = 0, k;
	const expr *e = NULL;

	fmpz_init_set(r, q);
	fmpz_init(m);
	while (fmpz_is_even(r)) {
		fmpz_fdiv_q_2exp(r, r, 1);
		a++;
	}
	while (fmpz_divisible_si(r, 5)) {
		fmpz_divexact_si(r, r, 5);
		b++;
	}
	if (fmpz_is_one(r) && a + b <= EXPR_MAX_EXP10) {
		k = a > b ? a : b;
		fmpz_set(m, p);
		fmpz_mul_2exp(m, m, k - a);
		fmpz_set_ui(r, 5);
		fmpz_pow_ui(r, r, k - b);
		fmpz_mul(m, m, r);
		char *s = fmpz_get_str(NULL, 10, m);
		e = expr_num(A, s, -(int)k);
		flint_free(s);
		if (strlen(e->digits) > DECIMAL_MAX_DIGITS)
			e = NULL;
	}
	fmpz_clear(r);
	fmpz_clear(m);
	return e;
}

const expr *alg_from_fmpq(expr_arena *A, const fmpq_t q)
{
	fmpz_t p;
	const expr *e;

	fmpz_init(p);
	fmpz_abs(p, fmpq_numref(q));
	if (fmpz_is_one(fmpq_denref(q)))
		e = fmpz_tree(A, p);
	else if (!(e = decimal(A, p, fmpq_denref(q))))
		e = expr_binary(A, EXPR_DIV, fmpz_tree(A, p),
				fmpz_tree(A, fmpq_denref(q)));
	if (fmpq_sgn(q) < 0)
		e = expr_unary(A, EXPR_NEG, e);
	fmpz_clear(p);
	return e;
}

/* k * e with k put leftmost in a product chain, so that 2*x*y prints
 * without parentheses. */
static const expr *mul_front(expr_arena *A, const expr *k, const expr *e)
{
	if (!e)
		return k;
	if (e->kind == EXPR_MUL)
		return expr_binary(A, EXPR_MUL, mul_front(A, k, e->a), e->b);
	return expr_binary(A, EXPR_MUL, k, e);
}

/* -e with the sign on the leftmost factor: -x*y/z, not -(x*y/z). */
static const expr *neg_front(expr_arena *A, const expr *e)
{
	if (e->kind == EXPR_MUL || e->kind == EXPR_DIV)
		return expr_binary(A, e->kind, neg_front(A, e->a), e->b);
	return expr_unary(A, EXPR_NEG, e);
}

static const expr *mul(expr_arena *A, const expr *a, const expr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (b->kind == EXPR_MUL)
		return mul(A, mul(A, a, b->a), b->b);
	return expr_binary(A, EXPR_MUL, a, b);
}

static const expr *var_tree(alg_state *S, int i)
{
	const char *name = S->names[i];
	if (name[0] == ALG_ATOM_MARK) {
		for (int k = 0; k < S->natoms; k++)
			if (!strcmp(S->atoms[k].key, name))
				return S->atoms[k].tree;
	}
	return expr_var(S->A, name);
}

static const expr *power(alg_state *S, const expr *base, ulong e)
{
	if (e == 1)
		return base;
	return expr_binary(S->A, EXPR_POW, base, expr_int(S->A, (long)e));
}

/* The monomial of an exponent vector, NULL for 1. */
static const expr *monomial(alg_state *S, const ulong *exps)
{
	const expr *m = NULL;
	for (int v = 0; v < S->nvars; v++)
		if (exps[v])
			m = mul(S->A, m, power(S, var_tree(S, v), exps[v]));
	return m;
}

/* |k| * m for an integer k. */
static const expr *int_term(alg_state *S, const fmpz_t k, const expr *m)
{
	if (!m)
		return fmpz_tree(S->A, k);
	if (fmpz_is_pm1(k))
		return m;
	return mul_front(S->A, fmpz_tree(S->A, k), m);
}

/* |q| * m for a rational q: 2*x/3, or 0.5*x where that is exact. */
static const expr *rat_term(alg_state *S, const fmpq_t q, const expr *m)
{
	fmpz_t p;
	candidate best = { 0 };
	const expr *d;

	if (fmpz_is_one(fmpq_denref(q)))
		return int_term(S, fmpq_numref(q), m);
	fmpz_init(p);
	fmpz_abs(p, fmpq_numref(q));
	if ((d = decimal(S->A, p, fmpq_denref(q))))
		consider(&best, m ? mul_front(S->A, d, m) : d, EXPANDED);
	else
		consider(&best, expr_binary(S->A, EXPR_DIV, int_term(S, p, m),
					    fmpz_tree(S->A, fmpq_denref(q))),
			 EXPANDED);
	fmpz_clear(p);
	free(best.text);
	return best.tree;
}

/* A sum of signed parts, starting with a positive one where there is
 * one: y - x, not -x + y. */
static const expr *sum(alg_state *S, const sterm *t, int n)
{
	int first = 0;
	const expr *acc;

	while (first < n && t[first].neg)
		first++;
	if (first == n)
		first = 0;
	acc = t[first].neg ? neg_front(S->A, t[first].t) : t[first].t;
	for (int i = 0; i < n; i++)
		if (i != first)
			acc = expr_binary(S->A, t[i].neg ? EXPR_SUB : EXPR_ADD,
					  acc, t[i].t);
	return acc;
}

/* Terms of an integer polynomial in a form the collector can split. */
typedef struct {
	const fmpz *c;
	ulong *e;
} term;

static term *terms_of(alg_state *S, const fmpz_mpoly_t P, ulong **store)
{
	slong n = P->length;
	term *t = xmalloc((size_t)(n ? n : 1) * sizeof *t);
	*store = xmalloc((size_t)(n ? n : 1) * (size_t)S->width *
			 sizeof **store);
	for (slong i = 0; i < n; i++) {
		t[i].c = P->coeffs + i;
		t[i].e = *store + (size_t)i * (size_t)S->width;
		fmpz_mpoly_get_term_exp_ui(t[i].e, P, i, S->ctx->zctx);
	}
	return t;
}

static void expanded_parts(alg_state *S, const term *t, int n, int neg,
			   sterm *out)
{
	for (int i = 0; i < n; i++) {
		out[i].neg = (fmpz_sgn(t[i].c) < 0) != neg;
		out[i].t = int_term(S, t[i].c, monomial(S, t[i].e));
	}
}

/* Horner-style collection: pull a variable (with the coefficients'
 * common factor) out of the terms that have it, recurse on its cofactor
 * and on the rest.  Every variable is tried while the budget lasts, the
 * one in most terms after that.  Appends to out; returns the count. */
static int collect(alg_state *S, term *t, int n, int neg, sterm *out,
		   int *budget);

static int collect_by(alg_state *S, term *t, int n, int neg, int v,
		      sterm *out, int *budget)
{
	term *g = xmalloc((size_t)n * sizeof *g);
	term *rest = xmalloc((size_t)n * sizeof *rest);
	sterm *inner = xmalloc((size_t)n * sizeof *inner);
	fmpz *cs = _fmpz_vec_init(n);
	fmpz_t content;
	int ng = 0, nr = 0, nout = 0, ni, allneg = 1;
	ulong m = 0;
	const expr *f;

	for (int i = 0; i < n; i++) {
		if (t[i].e[v] > 0) {
			if (ng == 0 || t[i].e[v] < m)
				m = t[i].e[v];
			g[ng++] = t[i];
		} else {
			rest[nr++] = t[i];
		}
	}
	fmpz_init(content);
	for (int i = 0; i < ng; i++)
		fmpz_gcd(content, content, g[i].c);
	for (int i = 0; i < ng; i++) {
		fmpz_divexact(cs + i, g[i].c, content);
		g[i].c = cs + i;
		g[i].e[v] -= m;
	}
	ni = collect(S, g, ng, neg, inner, budget);
	for (int i = 0; i < ni; i++)
		allneg &= inner[i].neg;
	for (int i = 0; allneg && i < ni; i++)
		inner[i].neg = 0;
	f = power(S, var_tree(S, v), m);
	if (!fmpz_is_one(content))
		f = mul_front(S->A, fmpz_tree(S->A, content), f);
	out[nout].neg = allneg;
	out[nout].t = mul(S->A, f, sum(S, inner, ni));
	nout++;
	for (int i = 0; i < ng; i++)
		g[i].e[v] += m;
	if (nr)
		nout += collect(S, rest, nr, neg, out + nout, budget);
	fmpz_clear(content);
	_fmpz_vec_clear(cs, n);
	free(inner);
	free(g);
	free(rest);
	return nout;
}

static int collect(alg_state *S, term *t, int n, int neg, sterm *out,
		   int *budget)
{
	int best = -1, best_count = 1, best_n = 0, best_ops = 0;
	sterm *tmp = NULL;

	for (int v = 0; v < S->nvars; v++) {
		int count = 0;
		for (int i = 0; i < n; i++)
			count += t[i].e[v] > 0;
		if (count > best_count) {
			best = v;
			best_count = count;
		}
	}
	if (best < 0) {
		expanded_parts(S, t, n, neg, out);
		return n;
	}
	if (--*budget <= 0)
		return collect_by(S, t, n, neg, best, out, budget);
	tmp = xmalloc((size_t)n * sizeof *tmp);
	best = -1;
	for (int v = 0; v < S->nvars; v++) {
		int count = 0, k, ops;
		for (int i = 0; i < n; i++)
			count += t[i].e[v] > 0;
		if (count < 2)
			continue;
		k = collect_by(S, t, n, neg, v, tmp, budget);
		ops = expr_complexity(sum(S, tmp, k));
		if (best < 0 || ops < best_ops) {
			best = v;
			best_ops = ops;
			best_n = k;
			memcpy(out, tmp, (size_t)k * sizeof *tmp);
		}
	}
	free(tmp);
	return best_n;
}

/* An integer polynomial (times -1 when neg): expanded or collected,
 * whichever is shorter. */
static const expr *poly(alg_state *S, const fmpz_mpoly_t P, int neg,
			int allow_collect)
{
	ulong *store;
	int n = (int)P->length;
	term *t = terms_of(S, P, &store);
	sterm *parts = xmalloc((size_t)(n ? n : 1) * sizeof *parts);
	candidate best = { 0 };

	expanded_parts(S, t, n, neg, parts);
	consider(&best, sum(S, parts, n), EXPANDED);
	if (allow_collect && n > 1) {
		int budget = COLLECT_BUDGET;
		int k = collect(S, t, n, neg, parts, &budget);
		consider(&best, sum(S, parts, k), COLLECTED);
	}
	free(parts);
	free(t);
	free(store);
	free(best.text);
	return best.tree;
}

/* The sign of a rendered factor: -x, or a tree that needs none. */
static const expr *unneg(const expr *e, int *neg)
{
	*neg = e->kind == EXPR_NEG;
	return *neg ? e->a : e;
}

/* The same for a sign on the leftmost factor (-10/(k - w), as
 * neg_front writes it), so a sum shows 'a - 10/b', not 'a + -10/b'. */
static const expr *unneg_front(expr_arena *A, const expr *e, int *neg)
{
	if (e->kind == EXPR_MUL || e->kind == EXPR_DIV) {
		const expr *l = unneg_front(A, e->a, neg);
		return *neg ? expr_binary(A, e->kind, l, e->b) : e;
	}
	return unneg(e, neg);
}

/* sign * p * N / (q * D), or with p/q as one decimal factor.  N and D may
 * be NULL (1).  N may carry its own sign (a NEG node). */
static void quotient(alg_state *S, candidate *best, kind rank, int sign,
		     const fmpq_t c, const expr *N, const expr *D)
{
	fmpz_t p;
	const expr *q, *num, *den, *d;
	int nneg = 0;

	if (N)
		N = unneg(N, &nneg);
	if (nneg)
		sign = -sign;
	fmpz_init(p);
	fmpz_abs(p, fmpq_numref(c));
	q = fmpz_is_one(fmpq_denref(c)) ? NULL : fmpz_tree(S->A, fmpq_denref(c));
	num = fmpz_is_one(p) ? (N ? N : expr_int(S->A, 1)) :
		mul_front(S->A, fmpz_tree(S->A, p), N);
	den = q ? (D ? mul_front(S->A, q, D) : q) : D;
	if (q && (d = decimal(S->A, p, fmpq_denref(c)))) {
		num = mul_front(S->A, d, N);
		den = D;
	}
	const expr *t = den ? expr_binary(S->A, EXPR_DIV, num, den) : num;
	consider(best, sign < 0 ? neg_front(S->A, t) : t, rank);
	fmpz_clear(p);
}

/* Multiplied out: c distributed over the terms of P' when there is no
 * denominator, else p P' / (q Q') with c = p/q, both sides integer. */
static const expr *expanded(alg_state *S, const alg_rat *r)
{
	const fmpz_mpoly_struct *P = r->num->zpoly, *Q = r->den->zpoly;
	int has_den = !fmpz_mpoly_is_one(Q, S->ctx->zctx);
	ulong *store;
	term *t;
	sterm *parts;
	fmpq_t c, k;
	const expr *N, *D = NULL;
	int n;

	fmpq_init(c);
	fmpq_init(k);
	fmpq_div(c, r->num->content, r->den->content);
	for (int side = has_den; side >= 0; side--) {
		const fmpz_mpoly_struct *X = side ? Q : P;
		n = (int)X->length;
		t = terms_of(S, X, &store);
		parts = xmalloc((size_t)n * sizeof *parts);
		for (int i = 0; i < n; i++) {
			if (!has_den)
				fmpq_mul_fmpz(k, c, t[i].c);
			else
				fmpz_mul(fmpq_numref(k), t[i].c, side ?
					 fmpq_denref(c) : fmpq_numref(c));
			parts[i].neg = fmpq_sgn(k) < 0;
			parts[i].t = rat_term(S, k, monomial(S, t[i].e));
		}
		if (side)
			D = sum(S, parts, n);
		else
			N = sum(S, parts, n);
		free(parts);
		free(t);
		free(store);
	}
	fmpq_clear(c);
	fmpq_clear(k);
	return D ? expr_binary(S->A, EXPR_DIV, N, D) : N;
}

/* Over a monomial denominator, each term on its own with its powers
 * cancelled: E/R - E rather than E*(1 - R)/R. */
static const expr *separated(alg_state *S, const alg_rat *r)
{
	const fmpz_mpoly_struct *P = r->num->zpoly, *Q = r->den->zpoly;
	ulong *store, *qe, *ne, *de;
	int n = (int)P->length;
	term *t;
	sterm *parts;
	fmpq_t c, k;

	if (Q->length != 1 || fmpz_mpoly_is_fmpz(Q, S->ctx->zctx))
		return NULL;
	t = terms_of(S, P, &store);
	parts = xmalloc((size_t)n * sizeof *parts);
	qe = xmalloc(3 * (size_t)S->width * sizeof *qe);
	ne = qe + S->width;
	de = ne + S->width;
	fmpz_mpoly_get_term_exp_ui(qe, Q, 0, S->ctx->zctx);
	fmpq_init(c);
	fmpq_init(k);
	fmpq_div(c, r->num->content, r->den->content);
	fmpq_div_fmpz(c, c, Q->coeffs);
	for (int i = 0; i < n; i++) {
		for (int v = 0; v < S->nvars; v++) {
			ne[v] = t[i].e[v] > qe[v] ? t[i].e[v] - qe[v] : 0;
			de[v] = qe[v] > t[i].e[v] ? qe[v] - t[i].e[v] : 0;
		}
		fmpq_mul_fmpz(k, c, t[i].c);
		const expr *d = monomial(S, de);
		const expr *m = rat_term(S, k, monomial(S, ne));
		parts[i].neg = fmpq_sgn(k) < 0;
		parts[i].t = d ? expr_binary(S->A, EXPR_DIV, m, d) : m;
	}
	const expr *e = sum(S, parts, n);
	fmpq_clear(c);
	fmpq_clear(k);
	free(qe);
	free(parts);
	free(t);
	free(store);
	return e;
}

typedef struct {
	const fmpz_mpoly_struct *f;
	ulong e;
	const expr *tree;       /* rendered, positive */
	const expr *flipped;    /* rendered times -1 */
	char *text;
	int ops;
} factor;

static int factor_order(const void *pa, const void *pb)
{
	const factor *a = pa, *b = pb;
	if (a->ops != b->ops)
		return a->ops - b->ops;
	return strcmp(a->text, b->text);
}

/* How many variables P involves. */
static int vars_used(const fmpz_mpoly_t P, const fmpz_mpoly_ctx_t ctx)
{
	slong n = fmpz_mpoly_ctx_nvars(ctx);
	int *used = xcalloc((size_t)(n ? n : 1), sizeof *used), count = 0;

	fmpz_mpoly_used_vars(used, P, ctx);
	for (slong i = 0; i < n; i++)
		count += used[i] != 0;
	free(used);
	return count;
}

/* Whether FLINT's factoring is within bounds for P (see FACTOR_MAX_*):
 * 1, or 0 after writing why not into why ("the numerator has 455
 * terms (limit 400)", with what naming P). */
static int factorable(alg_state *S, const fmpz_mpoly_t P, const char *what,
		      char *why, size_t size)
{
	slong deg = fmpz_mpoly_total_degree_si(P, S->ctx->zctx);
	int limit = vars_used(P, S->ctx->zctx) > 1 ?
		FACTOR_MAX_DEGREE_MULTI : FACTOR_MAX_DEGREE;

	if (P->length > FACTOR_MAX_TERMS) {
		snprintf(why, size, "%s has %ld terms (limit %d)", what,
			 (long)P->length, FACTOR_MAX_TERMS);
		return 0;
	}
	if (deg > limit) {
		snprintf(why, size, "%s has degree %ld (limit %d%s)", what,
			 (long)deg, limit, limit == FACTOR_MAX_DEGREE ? "" :
			 " in several variables");
		return 0;
	}
	return 1;
}

/*
 * F = P's factors: irreducible where P is within the bounds of factoring.
 * Beyond them the square-free decomposition (gcds with derivatives, fast
 * at every size the algebra allows) still finds repeated factors, so the
 * expanded (a + b + c + d)^12 is (a + b + c + d)^12 again; its parts
 * within the bounds are then factored fully, the others kept whole (when
 * not strict: a factored form that is not irreducible).  1, or 0 when
 * nothing was found or, if strict, a part stays beyond the bounds, after
 * filling S->err when strict.
 */
static int factor_poly(alg_state *S, const fmpz_mpoly_t P,
		       fmpz_mpoly_factor_t F, int strict, const char *what)
{
	const fmpz_mpoly_ctx_struct *ctx = S->ctx->zctx;
	fmpz_mpoly_factor_t SF, T;
	char why[160], part[64];
	int ok = 1;

	if (factorable(S, P, what, why, sizeof why)) {
		if (fmpz_mpoly_factor(F, P, ctx))
			return 1;
		if (strict)
			e2l_fail(S->err, E2L_ELIMIT, 0, 0, "could not factor "
				 "%s (FLINT gave up)", what);
		return 0;
	}
	fmpz_mpoly_factor_init(SF, ctx);
	fmpz_mpoly_factor_init(T, ctx);
	if (!fmpz_mpoly_factor_squarefree(SF, P, ctx) ||
	    (SF->num == 1 && fmpz_is_one(SF->exp))) {
		ok = 0;
	} else {
		snprintf(part, sizeof part, "a factor of %s", what);
		fmpz_mpoly_factor_one(F, ctx);
		fmpz_set(F->constant, SF->constant);
		for (slong i = 0; ok && i < SF->num; i++) {
			if (!factorable(S, SF->poly + i, part, why,
					sizeof why)) {
				ok = !strict;
				fmpz_mpoly_factor_append_fmpz_swap(F, SF->poly + i,
								   SF->exp + i,
								   ctx);
				continue;
			}
			if (!fmpz_mpoly_factor(T, SF->poly + i, ctx)) {
				ok = 0;
				snprintf(why, sizeof why, "%s (FLINT gave up)",
					 part);
				break;
			}
			fmpz_mul(F->constant, F->constant, T->constant);
			for (slong j = 0; j < T->num; j++) {
				fmpz_mul(T->exp + j, T->exp + j, SF->exp + i);
				fmpz_mpoly_factor_append_fmpz_swap(F, T->poly + j,
								   T->exp + j,
								   ctx);
			}
		}
	}
	if (!ok && strict)
		e2l_fail(S->err, E2L_ELIMIT, 0, 0, "too large to factor: %s; "
			 "simplify gives it unfactored", why);
	fmpz_mpoly_factor_clear(SF, ctx);
	fmpz_mpoly_factor_clear(T, ctx);
	return ok;
}

/* The factors of P (primitive, positive leading coefficient); returns
 * their count, or -1 when factoring is out of bounds, after filling
 * S->err when `strict` (the factored form was asked for; what = "the
 * numerator" or "the denominator"). */
static int factors_of(alg_state *S, const fmpz_mpoly_t P,
		      fmpz_mpoly_factor_t F, factor **out, int *sign,
		      int strict, const char *what)
{
	factor *fs;

	*out = NULL;
	if (fmpz_mpoly_is_one(P, S->ctx->zctx))
		return 0;
	if (!factor_poly(S, P, F, strict, what))
		return -1;
	*sign *= fmpz_sgn(F->constant);
	fs = xmalloc((size_t)(F->num ? F->num : 1) * sizeof *fs);
	for (slong i = 0; i < F->num; i++) {
		fs[i].f = F->poly + i;
		fs[i].e = fmpz_get_ui(F->exp + i);
		fs[i].tree = power(S, poly(S, F->poly + i, 0, 1), fs[i].e);
		fs[i].flipped = fs[i].e % 2 ?
			power(S, poly(S, F->poly + i, 1, 1), fs[i].e) : NULL;
		fs[i].text = expr_print(fs[i].tree, EXPR_INFIX);
		fs[i].ops = expr_complexity(fs[i].tree);
	}
	qsort(fs, (size_t)F->num, sizeof *fs, factor_order);
	*out = fs;
	return (int)F->num;
}

static const expr *product(alg_state *S, const factor *fs, int n, int flip)
{
	const expr *p = NULL;
	for (int i = 0; i < n; i++)
		p = mul(S->A, p, i == flip ? fs[i].flipped : fs[i].tree);
	return p;
}

/* Considers the factored forms; returns 0 when factoring was out of
 * bounds (with S->err filled when strict), 1 otherwise. */
static int factored(alg_state *S, const alg_rat *r, const fmpq_t c,
		    candidate *best, int strict)
{
	fmpz_mpoly_factor_t FP, FQ;
	factor *fp = NULL, *fq = NULL;
	int sign = fmpq_sgn(c), np, nq;
	fmpq_t ac;

	fmpz_mpoly_factor_init(FP, S->ctx->zctx);
	fmpz_mpoly_factor_init(FQ, S->ctx->zctx);
	fmpq_init(ac);
	fmpq_abs(ac, c);
	np = factors_of(S, r->num->zpoly, FP, &fp, &sign, strict,
			"the numerator");
	nq = np < 0 ? -1 : factors_of(S, r->den->zpoly, FQ, &fq, &sign,
				      strict, "the denominator");
	if (np >= 0 && nq >= 0) {
		const expr *D = product(S, fq, nq, -1);
		quotient(S, best, FACTORED, sign, ac, product(S, fp, np, -1), D);
		for (int i = 0; sign < 0 && i < np; i++)
			if (fp[i].flipped)
				quotient(S, best, FACTORED, 1, ac,
					 product(S, fp, np, i), D);
	}
	for (int i = 0; fp && i < np; i++)
		free(fp[i].text);
	for (int i = 0; fq && i < nq; i++)
		free(fq[i].text);
	free(fp);
	free(fq);
	fmpq_clear(ac);
	fmpz_mpoly_factor_clear(FP, S->ctx->zctx);
	fmpz_mpoly_factor_clear(FQ, S->ctx->zctx);
	return np >= 0 && nq >= 0;
}

/* Polynomial part plus proper remainder: -E + (E + x)/(R + x^2) where
 * the quotient reads better than one fraction. */
static const expr *divided(alg_state *S, const alg_rat *r)
{
	alg_rat q, rem;
	const expr *e = NULL;

	if (fmpq_mpoly_is_fmpq(r->den, S->ctx))
		return NULL;
	alg_rat_init(&q, S);
	alg_rat_init(&rem, S);
	/* GCC 12 misreads FLINT's array parameters here and warns of an
	 * overread that AddressSanitizer shows is not there. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
	fmpq_mpoly_divrem(q.num, rem.num, r->num, r->den, S->ctx);
#pragma GCC diagnostic pop
	fmpq_mpoly_set(rem.den, r->den, S->ctx);
	if (!fmpq_mpoly_is_zero(q.num, S->ctx) &&
	    !fmpq_mpoly_is_zero(rem.num, S->ctx)) {
		sterm parts[2];
		parts[0].t = unneg_front(S->A, alg_render(S, &q, ALG_SIMPLIFY),
					 &parts[0].neg);
		parts[1].t = unneg_front(S->A, alg_render(S, &rem,
							  ALG_SIMPLIFY),
					 &parts[1].neg);
		e = sum(S, parts, 2);
	}
	alg_rat_clear(&q, S);
	alg_rat_clear(&rem, S);
	return e;
}

const expr *alg_render(alg_state *S, const alg_rat *r, alg_form form)
{
	candidate best = { 0 };
	fmpq_t c, ac;
	const fmpz_mpoly_struct *P = r->num->zpoly, *Q = r->den->zpoly;

	if (fmpq_mpoly_is_zero(r->num, S->ctx))
		return expr_int(S->A, 0);
	fmpq_init(c);
	fmpq_init(ac);
	fmpq_div(c, r->num->content, r->den->content);
	fmpq_abs(ac, c);
	if (form == ALG_EXPAND) {
		consider(&best, expanded(S, r), EXPANDED);
	} else {
		/* Asked for factors, a form without them is no answer. */
		if (form == ALG_FACTOR && !factored(S, r, c, &best, 1)) {
			fmpq_clear(c);
			fmpq_clear(ac);
			return NULL;
		}
		if (!best.tree) {
			consider(&best, expanded(S, r), EXPANDED);
			consider(&best, separated(S, r), EXPANDED);
			consider(&best, divided(S, r), COLLECTED);
			const expr *D = fmpz_mpoly_is_one(Q, S->ctx->zctx) ?
				NULL : poly(S, Q, 0, 1);
			const expr *N = fmpz_mpoly_is_one(P, S->ctx->zctx) ?
				NULL : poly(S, P, 0, 1);
			quotient(S, &best, COLLECTED, fmpq_sgn(c), ac, N, D);
			if (N && fmpq_sgn(c) < 0)
				quotient(S, &best, COLLECTED, 1, ac,
					 poly(S, P, 1, 1), D);
			if (form == ALG_SIMPLIFY)
				factored(S, r, c, &best, 0);
		}
	}
	fmpq_clear(c);
	fmpq_clear(ac);
	free(best.text);
	return best.tree;
}
