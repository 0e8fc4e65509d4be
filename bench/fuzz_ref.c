/*
 * fuzz_ref.c - the fuzzer's independent reading of formulas (fuzz_ref.h).
 * It shares no code with src/expr: a plain recursive-descent parser, one
 * function per level of the grammar, and two tree walkers.  The bounds
 * (text length, digits, exponent, depth) are the documented ones; where
 * they trip, the fuzzer compares nothing, so they need only be close.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ref.h"

enum {
	MAX_LEN = 65536,        /* bytes of formula text */
	MAX_DIGITS = 400,       /* significant digits of a literal */
	MAX_MAGNITUDE = 400,    /* |decimal exponent| of its leading digit */
	MAX_DEPTH = 400,        /* tree depth */
	MAX_NAME = 79,          /* bytes of a variable name */
	MAX_RECURSION = 3000    /* our own stack's guard */
};

typedef enum {
	TK_END, TK_NUM, TK_NAME, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
	TK_POW, TK_LP, TK_RP, TK_COMMA, TK_BAD
} tk;

typedef struct {
	const char *s;
	size_t pos;             /* next unread byte */
	tk kind;                /* current token */
	size_t start, len;
	ref_tree *t;
	ref_status st;
	int rec;
} rp;

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void lex(rp *p)
{
	const char *s = p->s;
	size_t i = p->pos, n = 1;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		i++;
	p->start = i;
	switch (s[i]) {
	case '\0': p->kind = TK_END; n = 0; break;
	case '+': p->kind = TK_PLUS; break;
	case '-': p->kind = TK_MINUS; break;
	case '/': p->kind = TK_SLASH; break;
	case '^': p->kind = TK_POW; break;
	case '(': p->kind = TK_LP; break;
	case ')': p->kind = TK_RP; break;
	case ',': p->kind = TK_COMMA; break;
	case '*':
		if (s[i + 1] == '*') {
			p->kind = TK_POW;
			n = 2;
		} else {
			p->kind = TK_STAR;
		}
		break;
	default:
		if (is_digit(s[i]) || (s[i] == '.' && is_digit(s[i + 1]))) {
			size_t j = i;
			while (is_digit(s[j]))
				j++;
			if (s[j] == '.') {
				j++;
				while (is_digit(s[j]))
					j++;
			}
			if ((s[j] == 'e' || s[j] == 'E') &&
			    (is_digit(s[j + 1]) || ((s[j + 1] == '+' ||
						     s[j + 1] == '-') &&
						    is_digit(s[j + 2])))) {
				j += 2;
				while (is_digit(s[j]))
					j++;
			}
			p->kind = TK_NUM;
			n = j - i;
		} else if (is_alpha(s[i]) || s[i] == '_') {
			size_t j = i;
			while (is_alpha(s[j]) || is_digit(s[j]) || s[j] == '_')
				j++;
			p->kind = TK_NAME;
			n = j - i;
		} else {
			p->kind = TK_BAD;
		}
	}
	p->len = n;
	p->pos = i + n;
}

/* The first error wins; running into the end of the text is
 * "incomplete", as a REPL needs to know. */
static int fail(rp *p, ref_status st)
{
	if (p->st == REF_OK)
		p->st = st;
	return -1;
}

static int fail_here(rp *p)
{
	return fail(p, p->kind == TK_END ? REF_INCOMPLETE : REF_SYNTAX);
}

static int node(rp *p, ref_op op, int a, int b)
{
	ref_tree *t = p->t;
	int d = 0;

	if (t->count == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->n = realloc(t->n, (size_t)t->cap * sizeof *t->n);
		if (!t->n)
			abort();
	}
	if (a >= 0)
		d = t->n[a].depth;
	if (b >= 0 && t->n[b].depth > d)
		d = t->n[b].depth;
	t->n[t->count] = (ref_node){ op, a, b, -1, 0, NULL, d + 1 };
	if (d + 1 > MAX_DEPTH)
		return fail(p, REF_LIMIT);
	return t->count++;
}

static int number(rp *p)
{
	const char *s = p->s + p->start;
	size_t len = p->len, i = 0, total = 0, point = (size_t)-1;
	long first = -1, e = 0;
	int esign = 1;

	for (; i < len && s[i] != 'e' && s[i] != 'E'; i++) {
		if (s[i] == '.') {
			point = total;
			continue;
		}
		if (first < 0 && s[i] != '0')
			first = (long)total;
		total++;
	}
	if (point == (size_t)-1)
		point = total;
	if (i < len) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			esign = s[i++] == '-' ? -1 : 1;
		for (; i < len; i++)
			if (e < 10000000)
				e = e * 10 + (s[i] - '0');
	}
	if (first >= 0) {
		long digits = (long)total - first;
		long magnitude = (long)point - first - 1 + esign * e;
		if (digits > MAX_DIGITS || magnitude > MAX_MAGNITUDE ||
		    magnitude < -MAX_MAGNITUDE)
			return fail(p, REF_LIMIT);
	}
	int k = node(p, RN_NUM, -1, -1);
	if (k < 0)
		return k;
	char *text = malloc(len + 1);
	if (!text)
		abort();
	memcpy(text, s, len);
	text[len] = '\0';
	p->t->n[k].text = text;
	p->t->n[k].value = strtod(text, NULL);
	return k;
}

int ref_var(const ref_tree *t, const char *name)
{
	for (int i = 0; i < t->nnames; i++)
		if (!strcmp(t->names[i], name))
			return i;
	return -1;
}

static int variable(rp *p, const char *s, size_t len)
{
	char name[MAX_NAME + 1];
	ref_tree *t = p->t;
	int v, k;

	if (len > MAX_NAME)
		return fail(p, REF_LIMIT);
	memcpy(name, s, len);
	name[len] = '\0';
	v = ref_var(t, name);
	if (v < 0) {
		t->names = realloc(t->names, (size_t)(t->nnames + 1) *
				   sizeof *t->names);
		if (!t->names || !(t->names[t->nnames] = strdup(name)))
			abort();
		v = t->nnames++;
	}
	if ((k = node(p, RN_VAR, -1, -1)) >= 0)
		t->n[k].var = v;
	return k;
}

static const struct {
	const char *name;
	ref_op op;
	int arity;
} fns[] = {
	{ "exp", RN_EXP, 1 }, { "log", RN_LOG, 1 }, { "sqrt", RN_SQRT, 1 },
	{ "abs", RN_ABS, 1 }, { "min", RN_MIN, 2 }, { "max", RN_MAX, 2 },
	/* What e2l's C and SymPy printers write. */
	{ "Abs", RN_ABS, 1 }, { "fabs", RN_ABS, 1 }, { "Min", RN_MIN, 2 },
	{ "fmin", RN_MIN, 2 }, { "Max", RN_MAX, 2 }, { "fmax", RN_MAX, 2 },
	{ "pow", RN_POW, 2 },
};

static int sum(rp *p);
static int unary(rp *p);

/* name "(" sum { "," sum } ")" with the current token on "(". */
static int call(rp *p, const char *name, size_t len)
{
	int f = -1, args[2] = { -1, -1 }, n = 0, a;

	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
		if (strlen(fns[i].name) == len && !strncmp(fns[i].name, name,
							   len))
			f = (int)i;
	if (f < 0)
		return fail(p, REF_UNKNOWN);
	lex(p);
	for (;;) {
		if ((a = sum(p)) < 0)
			return -1;
		if (n < 2)
			args[n] = a;
		n++;
		if (p->kind != TK_COMMA)
			break;
		lex(p);
	}
	if (p->kind != TK_RP)
		return fail_here(p);
	if (n != fns[f].arity)
		return fail(p, REF_SYNTAX);
	lex(p);
	return node(p, fns[f].op, args[0], args[1]);
}

static int primary(rp *p)
{
	const char *s = p->s + p->start;
	size_t len = p->len;
	int e;

	switch (p->kind) {
	case TK_NUM:
		e = number(p);
		lex(p);
		return e;
	case TK_NAME:
		lex(p);
		if (p->kind == TK_LP)
			return call(p, s, len);
		return variable(p, s, len);
	case TK_LP:
		lex(p);
		if ((e = sum(p)) < 0)
			return -1;
		if (p->kind != TK_RP)
			return fail_here(p);
		lex(p);
		return e;
	default:
		return fail_here(p);
	}
}

/* primary [ "^" unary ]: the exponent may carry a sign, and a chain
 * associates to the right. */
static int power(rp *p)
{
	int b = primary(p), e;

	if (b < 0 || p->kind != TK_POW)
		return b;
	lex(p);
	if ((e = unary(p)) < 0)
		return -1;
	return node(p, RN_POW, b, e);
}

/* Signs bind looser than ^ and tighter than * and /. */
static int unary(rp *p)
{
	int neg, e;

	if (p->kind != TK_MINUS && p->kind != TK_PLUS)
		return power(p);
	if (++p->rec > MAX_RECURSION)
		return fail(p, REF_LIMIT);
	neg = p->kind == TK_MINUS;
	lex(p);
	e = unary(p);
	p->rec--;
	if (e < 0 || !neg)
		return e;
	return node(p, RN_NEG, e, -1);
}

static int term(rp *p)
{
	int e = unary(p);

	while (e >= 0 && (p->kind == TK_STAR || p->kind == TK_SLASH)) {
		ref_op op = p->kind == TK_STAR ? RN_MUL : RN_DIV;
		int r;
		lex(p);
		if ((r = unary(p)) < 0)
			return -1;
		e = node(p, op, e, r);
	}
	return e;
}

static int sum(rp *p)
{
	int e;

	if (++p->rec > MAX_RECURSION)
		return fail(p, REF_LIMIT);
	e = term(p);
	while (e >= 0 && (p->kind == TK_PLUS || p->kind == TK_MINUS)) {
		ref_op op = p->kind == TK_PLUS ? RN_ADD : RN_SUB;
		int r;
		lex(p);
		if ((r = term(p)) < 0)
			return -1;
		e = node(p, op, e, r);
	}
	p->rec--;
	return e;
}

ref_status ref_parse(const char *text, ref_tree *t)
{
	rp p = { .s = text, .t = t, .st = REF_OK };
	int e;

	memset(t, 0, sizeof *t);
	t->root = -1;
	if (strnlen(text, MAX_LEN + 1) > MAX_LEN)
		return REF_LIMIT;
	lex(&p);
	if (p.kind == TK_END)
		return REF_INCOMPLETE;
	e = sum(&p);
	if (e >= 0 && p.kind != TK_END)
		e = fail(&p, REF_SYNTAX);
	if (e < 0)
		return p.st != REF_OK ? p.st : REF_SYNTAX;
	t->root = e;
	t->depth = t->n[e].depth;
	return REF_OK;
}

void ref_free(ref_tree *t)
{
	for (int i = 0; i < t->count; i++)
		free(t->n[i].text);
	for (int i = 0; i < t->nnames; i++)
		free(t->names[i]);
	free(t->n);
	free(t->names);
	memset(t, 0, sizeof *t);
}

/* ---- Doubles ------------------------------------------------------- */

/* x^n for a whole n, |n| <= 64: the binary method from the low bit up,
 * squaring the base as it goes; 1/x^|n| for n < 0. */
static double powi(double x, long n)
{
	unsigned long m = (unsigned long)(n < 0 ? -n : n);
	double r = 1, b = x;

	while (m) {
		if (m & 1)
			r *= b;
		m >>= 1;
		if (m)
			b *= b;
	}
	return n < 0 ? 1 / r : r;
}

static double pw(double x, double y)
{
	if (fabs(y) <= 64 && y == floor(y))
		return powi(x, (long)y);
	return pow(x, y);
}

static double ev(const ref_tree *t, int i, const double *vals)
{
	const ref_node *n = &t->n[i];
	double a = n->a >= 0 ? ev(t, n->a, vals) : 0;
	double b = n->b >= 0 ? ev(t, n->b, vals) : 0;

	switch (n->op) {
	case RN_NUM: return n->value;
	case RN_VAR: return vals[n->var];
	case RN_NEG: return -a;
	case RN_ADD: return a + b;
	case RN_SUB: return a - b;
	case RN_MUL: return a * b;
	case RN_DIV: return a / b;
	case RN_POW: return pw(a, b);
	case RN_EXP: return exp(a);
	case RN_LOG: return log(a);
	case RN_SQRT: return sqrt(a);
	case RN_ABS: return fabs(a);
	case RN_MIN:
		if (isnan(a) || isnan(b))
			return NAN;
		if (a == b)      /* -0 is the smaller zero */
			return signbit(a) ? a : b;
		return a < b ? a : b;
	case RN_MAX:
		if (isnan(a) || isnan(b))
			return NAN;
		if (a == b)
			return signbit(a) ? b : a;
		return a > b ? a : b;
	}
	return NAN;
}

double ref_eval(const ref_tree *t, const double *vals)
{
	return ev(t, t->root, vals);
}

/* ---- MPFR ---------------------------------------------------------- */

static void note(mpfr_t x, ref_mp_info *info)
{
	if (mpfr_inf_p(x))
		info->singular = 1;
	else if (mpfr_regular_p(x) && mpfr_get_exp(x) > info->maxexp)
		info->maxexp = mpfr_get_exp(x);
}

static void ev_mp(const ref_tree *t, int i, const double *vals, mpfr_t r,
		  ref_mp_info *info)
{
	const ref_node *n = &t->n[i];
	mpfr_t a, b;

	mpfr_inits2(REF_MP_PREC, a, b, (mpfr_ptr)0);
	if (n->a >= 0)
		ev_mp(t, n->a, vals, a, info);
	if (n->b >= 0)
		ev_mp(t, n->b, vals, b, info);
	switch (n->op) {
	case RN_NUM: mpfr_set_str(r, n->text, 10, MPFR_RNDN); break;
	case RN_VAR: mpfr_set_d(r, vals[n->var], MPFR_RNDN); break;
	case RN_NEG: mpfr_neg(r, a, MPFR_RNDN); break;
	case RN_ADD:
	case RN_SUB:
		if (n->op == RN_ADD)
			mpfr_add(r, a, b, MPFR_RNDN);
		else
			mpfr_sub(r, a, b, MPFR_RNDN);
		/* What cancels to rounding noise is zero, so that a
		 * denominator that is identically zero is zero here. */
		if (mpfr_regular_p(r) && mpfr_regular_p(a) &&
		    mpfr_regular_p(b)) {
			mpfr_exp_t big = mpfr_get_exp(a) > mpfr_get_exp(b) ?
				mpfr_get_exp(a) : mpfr_get_exp(b);
			if (mpfr_get_exp(r) < big - (REF_MP_PREC - 40))
				mpfr_set_zero(r, 1);
		}
		break;
	case RN_MUL: mpfr_mul(r, a, b, MPFR_RNDN); break;
	case RN_DIV:
		if (mpfr_zero_p(b))
			info->singular = 1;
		mpfr_div(r, a, b, MPFR_RNDN);
		break;
	case RN_POW:
		if (mpfr_zero_p(a) && mpfr_sgn(b) < 0)
			info->singular = 1;
		mpfr_pow(r, a, b, MPFR_RNDN);
		break;
	case RN_EXP: mpfr_exp(r, a, MPFR_RNDN); break;
	case RN_LOG:
		if (mpfr_zero_p(a))
			info->singular = 1;
		mpfr_log(r, a, MPFR_RNDN);
		break;
	case RN_SQRT: mpfr_sqrt(r, a, MPFR_RNDN); break;
	case RN_ABS: mpfr_abs(r, a, MPFR_RNDN); break;
	case RN_MIN:
	case RN_MAX:
		if (mpfr_nan_p(a) || mpfr_nan_p(b))
			mpfr_set_nan(r);
		else if ((mpfr_cmp(a, b) < 0) == (n->op == RN_MIN))
			mpfr_set(r, a, MPFR_RNDN);
		else
			mpfr_set(r, b, MPFR_RNDN);
		break;
	}
	note(r, info);
	mpfr_clears(a, b, (mpfr_ptr)0);
}

void ref_eval_mp(const ref_tree *t, const double *vals, mpfr_t out,
		 ref_mp_info *info)
{
	info->singular = 0;
	info->maxexp = 0;
	ev_mp(t, t->root, vals, out, info);
}
