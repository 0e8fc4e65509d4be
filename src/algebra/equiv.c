/*
 * equiv.c - are two formulas the same function?  Exact where the algebra
 * can decide; otherwise at sampled points, where a point can show that
 * they differ but no number of points shows that they do not.
 *
 * The design decision: a difference seen in floating point is only a
 * candidate.  It counts as a witness when an evaluation in high precision
 * (MPFR, which FLINT already brings) at two precisions confirms it: a real
 * difference stays the same when the precision doubles, rounding noise
 * does not.  So `exp(80)` and `exp(80) + 0.001`, equal as doubles, differ
 * here, and `sqrt(x)^2` against `x` at x = 5 is no false witness.  A point
 * where one formula is defined and the other is not (log(x^2) against
 * 2*log(x) at x < 0) is a witness too: they are not the same function.
 *
 * Formulas whose difference is exactly zero are sampled too when opaque
 * terms cancelled in it: equal where both are defined is not the same
 * function when one is defined on more (log(x) - log(x) against 0).  A
 * point where only one is defined does not end the sampling: if they
 * agree wherever both are, the verdict says so and names that domain
 * (exp(log(v))*s is v*s where v > 0, and nowhere else).
 *
 * alg_equiv is called by the `equiv` commands of the shell and the
 * workbench; alg_equiv_text words the verdict for both.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <mpfr.h>

#include "algebra_internal.h"

enum {
	EQUIV_POINTS = 128,       /* points sampled */
	EQUIV_MIN_POINTS = 8,     /* compared points below which: undecided */
	PREC_LO = 128,            /* bits of the lower of the two passes, */
	PREC_MAX = 8192,          /* at most, when magnitudes call for more */
	PREC_SPARE = 96           /* bits a sum's smaller term must keep */
};

/* ---- Sampling ------------------------------------------------------ */

/*
 * Point p's value of one variable: by turns near zero with both signs,
 * positive (where log and sqrt live), and spread over magnitudes 0.01 to
 * ALG_EQUIV_RANGE with either sign, then positive.  Three significant
 * digits, so that a witness prints exactly and `eval` at the printed
 * point gives the same values.
 */
static double sample(gsl_rng *rng, int p)
{
	double u = gsl_rng_uniform(rng), v;
	double decades = log10(ALG_EQUIV_RANGE) + 2;    /* from 0.01 */
	char buf[32];

	switch (p % 4) {
	case 0: v = -3.0 + 6.0 * u; break;
	case 1: v = 0.05 + 2.95 * u; break;
	case 2:
		v = pow(10, -2 + decades * u);
		if (gsl_rng_uniform(rng) < 0.5)
			v = -v;
		break;
	default: v = pow(10, -2 + decades * u); break;
	}
	snprintf(buf, sizeof buf, "%.3g", v);
	return strtod(buf, NULL);
}

/* ---- High precision ------------------------------------------------ */

/* What a formula is at a point, in high precision. */
enum { MP_DEFINED, MP_UNDEFINED, MP_UNRELIABLE };

/* The point, the two precisions (hi = 2 lo), and the status of the
 * evaluation so far.  gap is the largest difference of binary exponents
 * between the terms of a sum: a smaller term loses that many bits, and
 * one that loses all of them is gone the same way at both precisions
 * ((10 - M) + M with M = 10^110 is 0 twice), so the precision must
 * exceed it. */
typedef struct {
	int n;
	const char *const *names;
	const double *values;
	mpfr_prec_t lo;
	int status;
	long gap;
} mp_point;

/* A value at the two precisions, computed side by side: a domain
 * boundary (a negative argument of log) counts only where both agree. */
typedef struct {
	mpfr_t lo, hi;
} mp_pair;

static void pair_init(mp_pair *v, mpfr_prec_t lo)
{
	mpfr_init2(v->lo, lo);
	mpfr_init2(v->hi, 2 * lo);
}

static void pair_clear(mp_pair *v)
{
	mpfr_clear(v->lo);
	mpfr_clear(v->hi);
}

/* Is the value's sign the same, and its size nearly, at both precisions?
 * A quantity that is zero by an identity is noise of different sizes. */
static int stable(const mp_pair *v)
{
	mpfr_t d;
	int ok;
	if (mpfr_sgn(v->lo) != mpfr_sgn(v->hi))
		return 0;
	if (mpfr_zero_p(v->hi))
		return 1;
	mpfr_init2(d, mpfr_get_prec(v->hi));
	mpfr_sub(d, v->lo, v->hi, MPFR_RNDN);
	mpfr_div(d, d, v->hi, MPFR_RNDN);
	ok = mpfr_cmp_d(d, 1e-3) <= 0 && mpfr_cmp_d(d, -1e-3) >= 0;
	mpfr_clear(d);
	return ok;
}

/* Records why the point has no value (evaluation stops at the first
 * reason) and returns 0. */
static int mark(mp_point *P, int status)
{
	if (P->status == MP_DEFINED)
		P->status = status;
	return 0;
}

/* out = e at the point; 0 after marking the point undefined or
 * unreliable. */
static int mp_eval(const expr *e, mp_point *P, mp_pair *out)
{
	mp_pair b;
	int ok = 1;

	switch (e->kind) {
	case EXPR_NUM: {
		size_t n = strlen(e->digits) + 16;
		char *s = xmalloc(n);
		snprintf(s, n, "%se%d", e->digits, e->exp10);
		mpfr_set_str(out->lo, s, 10, MPFR_RNDN);
		mpfr_set_str(out->hi, s, 10, MPFR_RNDN);
		free(s);
		return 1;
	}
	case EXPR_VAR:
		for (int i = 0; i < P->n; i++)
			if (!strcmp(P->names[i], e->name)) {
				mpfr_set_d(out->lo, P->values[i], MPFR_RNDN);
				mpfr_set_d(out->hi, P->values[i], MPFR_RNDN);
				return 1;
			}
		return mark(P, MP_UNRELIABLE);
	default:
		break;
	}
	if (!mp_eval(e->a, P, out))
		return 0;
	if (e->kind == EXPR_NEG) {
		mpfr_neg(out->lo, out->lo, MPFR_RNDN);
		mpfr_neg(out->hi, out->hi, MPFR_RNDN);
		return 1;
	}
	if (e->kind == EXPR_CALL && !e->b) {
		int sgn = mpfr_sgn(out->hi);
		switch (e->fn) {
		case FN_LOG:
		case FN_SQRT:
			if (!stable(out))
				return mark(P, MP_UNRELIABLE);
			if (sgn < 0 || (sgn == 0 && e->fn == FN_LOG))
				return mark(P, MP_UNDEFINED);
			if (e->fn == FN_LOG) {
				mpfr_log(out->lo, out->lo, MPFR_RNDN);
				mpfr_log(out->hi, out->hi, MPFR_RNDN);
			} else {
				mpfr_sqrt(out->lo, out->lo, MPFR_RNDN);
				mpfr_sqrt(out->hi, out->hi, MPFR_RNDN);
			}
			break;
		case FN_EXP:
			mpfr_exp(out->lo, out->lo, MPFR_RNDN);
			mpfr_exp(out->hi, out->hi, MPFR_RNDN);
			break;
		default:
			mpfr_abs(out->lo, out->lo, MPFR_RNDN);
			mpfr_abs(out->hi, out->hi, MPFR_RNDN);
			break;
		}
		goto check;
	}
	pair_init(&b, P->lo);
	if (!mp_eval(e->b, P, &b)) {
		pair_clear(&b);
		return 0;
	}
	if ((e->kind == EXPR_ADD || e->kind == EXPR_SUB) &&
	    !mpfr_zero_p(out->hi) && !mpfr_zero_p(b.hi)) {
		long d = labs((long)mpfr_get_exp(out->hi) -
			      (long)mpfr_get_exp(b.hi));
		if (d > P->gap)
			P->gap = d;
	}
	switch (e->kind) {
	case EXPR_ADD:
		mpfr_add(out->lo, out->lo, b.lo, MPFR_RNDN);
		mpfr_add(out->hi, out->hi, b.hi, MPFR_RNDN);
		break;
	case EXPR_SUB:
		mpfr_sub(out->lo, out->lo, b.lo, MPFR_RNDN);
		mpfr_sub(out->hi, out->hi, b.hi, MPFR_RNDN);
		break;
	case EXPR_MUL:
		mpfr_mul(out->lo, out->lo, b.lo, MPFR_RNDN);
		mpfr_mul(out->hi, out->hi, b.hi, MPFR_RNDN);
		break;
	case EXPR_DIV:
		/* Division by zero: zero at both precisions is a true zero
		 * (a pole, or 0/0); a divisor that is noise (zero by an
		 * identity the algebra did not see) gives no value. */
		if (mpfr_zero_p(b.lo) && mpfr_zero_p(b.hi))
			ok = mark(P, MP_UNDEFINED);
		else if (!stable(&b))
			ok = mark(P, MP_UNRELIABLE);
		else {
			mpfr_div(out->lo, out->lo, b.lo, MPFR_RNDN);
			mpfr_div(out->hi, out->hi, b.hi, MPFR_RNDN);
		}
		break;
	case EXPR_POW: {
		/* Real powers: any base to a whole exponent (but not 0 to a
		 * negative one), else a positive base, as the double
		 * evaluator and SymPy's real branch have it. */
		int whole = mpfr_integer_p(b.lo) && mpfr_integer_p(b.hi) &&
			mpfr_equal_p(b.lo, b.hi);
		int sgn = mpfr_sgn(out->hi);
		if (!stable(out) || (!whole && !stable(&b)))
			ok = mark(P, MP_UNRELIABLE);
		else if (sgn == 0 && mpfr_sgn(b.hi) < 0)
			ok = mark(P, MP_UNDEFINED);
		else if (sgn < 0 && !whole)
			ok = mark(P, MP_UNDEFINED);
		else {
			mpfr_pow(out->lo, out->lo, b.lo, MPFR_RNDN);
			mpfr_pow(out->hi, out->hi, b.hi, MPFR_RNDN);
		}
		break;
	}
	case EXPR_CALL:
		if (e->fn == FN_MIN) {
			mpfr_min(out->lo, out->lo, b.lo, MPFR_RNDN);
			mpfr_min(out->hi, out->hi, b.hi, MPFR_RNDN);
		} else {
			mpfr_max(out->lo, out->lo, b.lo, MPFR_RNDN);
			mpfr_max(out->hi, out->hi, b.hi, MPFR_RNDN);
		}
		break;
	default:
		ok = mark(P, MP_UNRELIABLE);
	}
	pair_clear(&b);
	if (!ok)
		return 0;
check:
	/* Past MPFR's exponent range (about 10^(3*10^8)): no verdict. */
	if (!mpfr_number_p(out->lo) || !mpfr_number_p(out->hi))
		return mark(P, MP_UNRELIABLE);
	return 1;
}

/* Formula e at the point: MP_DEFINED with *out set, or why not.  *lo
 * is the lower precision to start from, raised to what e needed; *out is
 * initialised at it either way (the caller clears it). */
static int mp_value(const expr *e, int n, const char *const *names,
		    const double *values, mpfr_prec_t *lo, mp_pair *out)
{
	mp_point P = { n, names, values, *lo, MP_DEFINED, 0 };

	for (;;) {
		pair_init(out, P.lo);
		if (!mp_eval(e, &P, out) && P.status == MP_DEFINED)
			P.status = MP_UNRELIABLE;
		*lo = P.lo;
		if (P.status == MP_UNRELIABLE || P.gap + PREC_SPARE <= P.lo)
			return P.status;
		/* A term of a sum lost too many bits, so the value (or the
		 * argument found outside the domain) is in doubt: again,
		 * with room. */
		if (P.gap + PREC_SPARE > PREC_MAX)
			return MP_UNRELIABLE;
		P.lo = P.gap + PREC_SPARE + 32;
		P.gap = 0;
		P.status = MP_DEFINED;
		pair_clear(out);
	}
}

/* 1 when a and b differ at the point by a difference that the doubled
 * precision confirms; *va, *vb get their values (NaN: undefined).
 * 0 when they agree there; -1 when the point tells nothing. */
static int witness_at(const expr *a, const expr *b, int n,
		      const char *const *names, const double *values,
		      double *va, double *vb)
{
	mp_pair x, y;
	mpfr_prec_t lo = PREC_LO, lo_b;
	int sa, sb, r = -1;

	/* Both at the same precision, the larger that either needs. */
	sa = mp_value(a, n, names, values, &lo, &x);
	lo_b = lo;
	sb = mp_value(b, n, names, values, &lo_b, &y);
	if (lo_b > lo && sa == MP_DEFINED) {
		pair_clear(&x);
		lo = lo_b;
		sa = mp_value(a, n, names, values, &lo, &x);
	}
	*va = sa == MP_DEFINED ? mpfr_get_d(x.hi, MPFR_RNDN) : NAN;
	*vb = sb == MP_DEFINED ? mpfr_get_d(y.hi, MPFR_RNDN) : NAN;
	if (sa == MP_DEFINED && sb == MP_DEFINED) {
		/* A difference that keeps its size as the precision doubles
		 * is real; one far below the values is rounding (a - b is
		 * zero by an identity); anything else tells nothing. */
		mpfr_t scale;
		lo = mpfr_get_prec(x.lo) < mpfr_get_prec(y.lo) ?
			mpfr_get_prec(x.lo) : mpfr_get_prec(y.lo);
		mpfr_init2(scale, 2 * lo);
		mpfr_abs(scale, x.hi, MPFR_RNDN);
		if (mpfr_cmpabs(y.hi, scale) > 0)
			mpfr_abs(scale, y.hi, MPFR_RNDN);
		if (mpfr_cmp_ui(scale, 1) < 0)
			mpfr_set_ui(scale, 1, MPFR_RNDN);
		mpfr_mul_2si(scale, scale, -(long)lo / 2, MPFR_RNDN);
		mpfr_sub(x.lo, x.lo, y.lo, MPFR_RNDN);
		mpfr_sub(x.hi, x.hi, y.hi, MPFR_RNDN);
		if (mpfr_zero_p(x.hi) || mpfr_cmpabs(x.hi, scale) <= 0)
			r = 0;
		else if (stable(&x))
			r = 1;
		mpfr_clear(scale);
	} else if ((sa == MP_DEFINED && sb == MP_UNDEFINED) ||
		   (sa == MP_UNDEFINED && sb == MP_DEFINED)) {
		r = 1;
	}
	pair_clear(&x);
	pair_clear(&y);
	return r;
}

/* ---- Where a formula is defined ------------------------------------ */

/*
 * The conditions under which a formula is defined in real arithmetic, as
 * text read off its tree: log(a) needs a > 0, sqrt(a) needs a >= 0, a^b
 * with b fractional needs a >= 0 (a > 0 when b < 0), and with b a formula
 * a > 0 unless b is whole.  Division is left out: a formula that is
 * undefined only where a divisor is 0 is, to the algebra, the function
 * it cancels to (x/x is 1).  Conditions on constants are left out too.
 */
typedef struct {
	char **text;
	int n, cap;
} conditions;

static int has_vars(const expr *e)
{
	if (e->kind == EXPR_VAR)
		return 1;
	return (e->a && has_vars(e->a)) || (e->b && has_vars(e->b));
}

/* Adds "a rel 0" (and " or b whole" when b is given), once. */
static void condition(conditions *c, const expr *a, const char *rel,
		      const expr *b)
{
	strbuf t = { 0 };
	char *x;

	if (!has_vars(a))
		return;
	x = expr_print(a, EXPR_INFIX);
	strbuf_printf(&t, "%s%s %s 0", b ? "(" : "", x, rel);
	free(x);
	if (b) {
		x = expr_print(b, EXPR_INFIX);
		strbuf_printf(&t, " or %s whole)", x);
		free(x);
	}
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->text[i], t.s)) {
			free(t.s);
			return;
		}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->text = xrealloc(c->text, (size_t)c->cap * sizeof *c->text);
	}
	c->text[c->n++] = t.s;
}

/* e's conditions, inner ones first. */
static void conditions_of(const expr *e, conditions *c)
{
	if (e->a)
		conditions_of(e->a, c);
	if (e->b)
		conditions_of(e->b, c);
	if (e->kind == EXPR_CALL && e->fn == FN_LOG) {
		condition(c, e->a, ">", NULL);
	} else if (e->kind == EXPR_CALL && e->fn == FN_SQRT) {
		condition(c, e->a, ">=", NULL);
	} else if (e->kind == EXPR_POW) {
		fmpq_t q;
		fmpq_init(q);
		if (alg_is_rational_const(e->b, q)) {
			if (!fmpz_is_one(fmpq_denref(q)))
				condition(c, e->a, fmpq_sgn(q) < 0 ? ">" : ">=",
					  NULL);
		} else if (has_vars(e->b)) {
			condition(c, e->a, ">", e->b);
		} else {
			/* A constant such as exp(1) or -sqrt(2). */
			condition(c, e->a, expr_eval(e->b, 0, NULL, NULL) < 0 ?
				  ">" : ">=", NULL);
		}
		fmpq_clear(q);
	}
}

/* Where a and b are both defined, as "v > 0 and u >= 0"; NULL when
 * nothing restricts them (heap text, caller frees). */
static char *common_domain(const expr *a, const expr *b)
{
	conditions c = { 0 };
	strbuf t = { 0 };

	conditions_of(a, &c);
	conditions_of(b, &c);
	for (int i = 0; i < c.n; i++) {
		strbuf_printf(&t, "%s%s", i ? " and " : "", c.text[i]);
		free(c.text[i]);
	}
	free(c.text);
	return t.s;
}

/* ---- The verdict --------------------------------------------------- */

/* Does P involve an opaque subterm?  If not, P/Q = a - b is a rational
 * function of the variables alone, and a nonzero one. */
static int has_atoms(const alg_state *S, const fmpq_mpoly_t P)
{
	for (int i = 0; i < S->nvars; i++)
		if (S->names[i][0] == ALG_ATOM_MARK &&
		    fmpq_mpoly_degree_si(P, i, S->ctx) > 0)
			return 1;
	return 0;
}

/* The variables of a and b, sorted, in one heap array. */
static int union_vars(const expr *a, const expr *b, const char ***out)
{
	const char **na, **nb, **all;
	int n = expr_vars(a, &na), m = expr_vars(b, &nb), k = 0, i = 0, j = 0;

	all = xmalloc((size_t)(n + m > 0 ? n + m : 1) * sizeof *all);
	while (i < n || j < m) {
		int c = i == n ? 1 : j == m ? -1 : expr_name_cmp(na[i], nb[j]);
		if (c <= 0)
			all[k++] = na[i++];
		else
			all[k++] = nb[j++];
		if (c == 0)
			j++;
	}
	free(na);
	free(nb);
	*out = all;
	return k;
}

static void sampled(const expr *a, const expr *b, int atoms_differ,
		    alg_equiv_result *r)
{
	const char **names;
	int n = union_vars(a, b, &names);
	double *vals = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *vals);
	double *where = NULL;     /* the first point where one is undefined */
	double ua = NAN, ub = NAN;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int witness = 0;

	gsl_rng_set(rng, 20211115);
	r->sampled = EQUIV_POINTS;
	for (int p = 0; p < EQUIV_POINTS && !witness; p++) {
		double va, vb;
		for (int i = 0; i < n; i++)
			vals[i] = sample(rng, p);
		double x = expr_eval(a, n, names, vals);
		double y = expr_eval(b, n, names, vals);
		/* Equal finite doubles agree; anything else (a rounding
		 * difference, an overflow, an undefined side) goes to the
		 * high precision for a verdict. */
		if (isfinite(x) && x == y) {
			r->points++;
			continue;
		}
		switch (witness_at(a, b, n, names, vals, &va, &vb)) {
		case 0:
			r->points++;
			break;
		case 1:
			if (!isnan(va) && !isnan(vb)) {
				witness = 1;
				r->wa = va;
				r->wb = vb;
			} else if (!where) {
				/* One is undefined here.  Sampling goes on:
				 * do they agree where both are defined? */
				where = xmalloc((size_t)(n > 0 ? n : 1) *
						sizeof *where);
				memcpy(where, vals, (size_t)n * sizeof *where);
				ua = va;
				ub = vb;
			}
			break;
		}
	}
	gsl_rng_free(rng);
	if (!witness && where) {
		/* Different functions, for their domains differ; equal, as
		 * far as the points show, where both are defined. */
		witness = 1;
		free(vals);
		vals = where;
		where = NULL;
		r->wa = ua;
		r->wb = ub;
		r->domain_only = r->points >= EQUIV_MIN_POINTS;
	}
	free(where);
	if (atoms_differ && (r->points > 0 ||
			     (witness && !isnan(r->wa) && !isnan(r->wb)))) {
		/* a - b is a nonzero rational function and both are defined
		 * somewhere: different, whatever the points showed. */
		r->verdict = ALG_DIFFERENT;
		r->exact = 1;
		r->domain_only = 0;
		witness = 0;
	} else if (witness) {
		r->verdict = ALG_DIFFERENT;
		r->nvars = n;
		r->names = names;
		r->values = vals;
		names = NULL;
		vals = NULL;
	} else {
		r->verdict = r->points >= EQUIV_MIN_POINTS ? ALG_AGREE :
			ALG_UNDECIDED;
	}
	free(names);
	free(vals);
}

e2l_status alg_equiv(const expr *a, const expr *b, alg_equiv_result *r,
		     e2l_error *err)
{
	expr_arena *A = expr_arena_new();
	e2l_error local;
	alg_state S = { .A = A, .err = err ? err : &local };
	alg_rat d;
	e2l_status st;

	memset(r, 0, sizeof *r);
	S.err->status = E2L_OK;
	st = alg_rational(&S, expr_binary(A, EXPR_SUB, a, b), &d);
	if (st == E2L_OK) {
		if (fmpq_mpoly_is_zero(d.num, S.ctx)) {
			/* Equal wherever both are defined.  Opaque terms
			 * that cancelled may still leave one defined where
			 * the other is not (log(x) - log(x) against 0): a
			 * point can show that, as for log(x^2) and 2*log(x). */
			if (S.natoms > 0)
				sampled(a, b, 0, r);
			if (r->verdict == ALG_DIFFERENT) {
				/* Only where they are defined can they
				 * differ: equal wherever both are, proven. */
				r->domain_only = 2;
			} else {
				alg_equiv_result_free(r);
				memset(r, 0, sizeof *r);
				r->verdict = ALG_SAME;
				r->exact = 1;
			}
		} else if (S.natoms == 0) {
			r->verdict = ALG_DIFFERENT;
			r->exact = 1;
		} else {
			sampled(a, b, !has_atoms(&S, d.num), r);
		}
	}
	if (st == E2L_OK && (r->verdict != ALG_DIFFERENT || r->domain_only))
		r->domain = common_domain(a, b);
	if (S.have_ctx)
		alg_rat_clear(&d, &S);
	alg_state_clear(&S);
	expr_arena_free(A);
	return st;
}

void alg_equiv_result_free(alg_equiv_result *r)
{
	free(r->names);
	free(r->values);
	free(r->domain);
	r->names = NULL;
	r->values = NULL;
	r->domain = NULL;
	r->nvars = 0;
}

/* Digits enough to tell a's value from b's (10, up to 17). */
static int digits_apart(double a, double b)
{
	char x[40], y[40];
	for (int d = 10; d < 17; d++) {
		snprintf(x, sizeof x, "%.*g", d, a);
		snprintf(y, sizeof y, "%.*g", d, b);
		if (strcmp(x, y))
			return d;
	}
	return 17;
}

static void value_text(strbuf *b, const char *what, double v, int digits)
{
	if (isnan(v))
		strbuf_printf(b, "%s is undefined", what);
	else
		strbuf_printf(b, "%s = %.*g", what, digits, v);
}

/* "x = -1.5, y = 2: A = 0.81, B is undefined" */
static void point_text(strbuf *b, const alg_equiv_result *r)
{
	for (int i = 0; i < r->nvars; i++)
		strbuf_printf(b, "%s%s = %.3g", i ? ", " : "", r->names[i],
			      r->values[i]);
	strbuf_printf(b, "%s", r->nvars ? ": " : "every point: ");
	int digits = digits_apart(r->wa, r->wb);
	value_text(b, "A", r->wa, digits);
	strbuf_printf(b, ", ");
	value_text(b, "B", r->wb, digits);
}

char *alg_equiv_text(const alg_equiv_result *r)
{
	strbuf b = { 0 };

	switch (r->verdict) {
	case ALG_SAME:
		strbuf_printf(&b, "equivalent (exact)");
		if (r->domain)
			strbuf_printf(&b, "; both are defined only where %s",
				      r->domain);
		break;
	case ALG_DIFFERENT:
		if (r->domain_only && r->values) {
			/* Equal where both are defined; say where that is,
			 * and a point outside it. */
			strbuf_printf(&b, "equivalent only where both are "
				      "defined%s%s", r->domain ? ": " : "",
				      r->domain ? r->domain : "");
			if (r->domain_only == 2)
				strbuf_printf(&b, " (exact); not at ");
			else
				strbuf_printf(&b, ", if at all (agree at %d "
					      "points there; not proven); not "
					      "at ", r->points);
			point_text(&b, r);
			break;
		}
		if (r->exact || !r->values) {
			strbuf_printf(&b, "not equivalent (exact)");
			break;
		}
		strbuf_printf(&b, "not equivalent (at ");
		point_text(&b, r);
		if (r->wa == r->wb)
			strbuf_printf(&b, ", differing beyond double "
				      "precision");
		strbuf_printf(&b, ")");
		break;
	case ALG_AGREE:
		strbuf_printf(&b, "agree numerically at %d points with each "
			      "variable in [-%g, %g]", r->points,
			      (double)ALG_EQUIV_RANGE, (double)ALG_EQUIV_RANGE);
		if (r->domain)
			strbuf_printf(&b, " where both are defined (%s)",
				      r->domain);
		strbuf_printf(&b, "; not proven");
		break;
	default:
		strbuf_printf(&b, "undecided: both are defined at only %d of "
			      "%d points sampled", r->points, r->sampled);
		if (r->domain)
			strbuf_printf(&b, " (they are where %s)", r->domain);
		strbuf_printf(&b, "; not proven either way");
		break;
	}
	return b.s;
}
