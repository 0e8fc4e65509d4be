/*
 * expr.c - the expression tree: the operator and function tables, the
 * arena that owns nodes, builders, structural queries and the reference
 * tree-walk evaluator (real, and complex for EXPR_NEST's slow path).
 *
 * The arena is a list of chunks with a bump pointer: building a tree costs
 * a few pointer increments, and freeing every tree of an arena is one call.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "e2l/expr.h"
#include "expr_math.h"

/* Binding power: sums < products < unary minus < powers < leaves.  Unary
 * minus binds tighter than * (as in Python), so -a*b is (-a)*b, and looser
 * than ^, so -x^2 is -(x^2). */
const expr_opinfo expr_ops[EXPR_NKINDS] = {
	[EXPR_NUM] = { "num", NULL, 9, 0, 0 },
	[EXPR_VAR] = { "var", NULL, 9, 0, 0 },
	[EXPR_NEG] = { "neg", "-", 3, 1, 1 },
	[EXPR_ADD] = { "add", "+", 1, 0, 2 },
	[EXPR_SUB] = { "sub", "-", 1, 0, 2 },
	[EXPR_MUL] = { "mul", "*", 2, 0, 2 },
	[EXPR_DIV] = { "div", "/", 2, 0, 2 },
	[EXPR_POW] = { "pow", "^", 4, 1, 2 },
	[EXPR_CALL] = { "call", NULL, 9, 0, 0 },
};

const expr_fninfo expr_fns[FN_COUNT] = {
	[FN_EXP] = { "exp", 1, "\\exp", "exp", "exp" },
	[FN_LOG] = { "log", 1, "\\log", "log", "log" },
	[FN_SQRT] = { "sqrt", 1, NULL, "sqrt", "sqrt" },
	[FN_ABS] = { "abs", 1, NULL, "fabs", "Abs" },
	[FN_MIN] = { "min", 2, "\\min", "fmin", "Min" },
	[FN_MAX] = { "max", 2, "\\max", "fmax", "Max" },
};

const char *const expr_semantics_names[EXPR_NSEMANTICS] = {
	[EXPR_REAL] = "real",
	[EXPR_NEST] = "nest",
};

enum { CHUNK = 16384 };

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct expr_arena {
	struct chunk *head;
};

expr_arena *expr_arena_new(void)
{
	return xcalloc(1, sizeof(expr_arena));
}

void expr_arena_free(expr_arena *A)
{
	if (!A)
		return;
	for (struct chunk *c = A->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(A);
}

static void *arena_alloc(expr_arena *A, size_t n)
{
	struct chunk *c = A->head;
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t)
		* sizeof(max_align_t);
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK ? n : CHUNK;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = A->head;
		A->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

const char *expr_strdup(expr_arena *A, const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(arena_alloc(A, n), s, n);
}

static expr *node(expr_arena *A, expr_kind k)
{
	expr *e = arena_alloc(A, sizeof *e);
	memset(e, 0, sizeof *e);
	e->kind = k;
	e->depth = 1;
	return e;
}

const expr *expr_num(expr_arena *A, const char *digits, int exp10)
{
	char buf[32];
	size_t len;
	expr *e = node(A, EXPR_NUM);

	while (*digits == '0' && digits[1])
		digits++;
	len = strlen(digits);
	/* Normal form: no trailing zeros in the digits; zero is "0"e0. */
	while (len > 1 && digits[len - 1] == '0') {
		len--;
		exp10++;
	}
	if (len == 1 && digits[0] == '0')
		exp10 = 0;
	char *d = arena_alloc(A, len + 1);
	memcpy(d, digits, len);
	d[len] = '\0';
	e->digits = d;
	e->exp10 = exp10;
	snprintf(buf, sizeof buf, "e%d", exp10);
	{
		size_t n = len + strlen(buf) + 1;
		char *t = xmalloc(n);
		memcpy(t, d, len);
		strcpy(t + len, buf);
		e->value = strtod(t, NULL);
		free(t);
	}
	return e;
}

const expr *expr_int(expr_arena *A, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	return expr_num(A, buf, 0);
}

const expr *expr_var(expr_arena *A, const char *name)
{
	expr *e = node(A, EXPR_VAR);
	e->name = expr_strdup(A, name);
	return e;
}

/* An operator node over a and b (b may be NULL). */
static expr *join(expr_arena *A, expr_kind k, const expr *a, const expr *b)
{
	expr *e = node(A, k);
	e->a = a;
	e->b = b;
	e->depth = 1 + (b && b->depth > a->depth ? b->depth : a->depth);
	return e;
}

const expr *expr_unary(expr_arena *A, expr_kind k, const expr *a)
{
	return join(A, k, a, NULL);
}

const expr *expr_binary(expr_arena *A, expr_kind k, const expr *a,
			const expr *b)
{
	return join(A, k, a, b);
}

const expr *expr_call(expr_arena *A, expr_fn fn, const expr *a,
		      const expr *b)
{
	expr *e = join(A, EXPR_CALL, a, b);
	e->fn = fn;
	return e;
}

const expr *expr_copy(expr_arena *A, const expr *e)
{
	expr *c;
	switch (e->kind) {
	case EXPR_NUM:
		return expr_num(A, e->digits, e->exp10);
	case EXPR_VAR:
		return expr_var(A, e->name);
	default:
		c = node(A, e->kind);
		*c = *e;
		c->a = expr_copy(A, e->a);
		c->b = e->b ? expr_copy(A, e->b) : NULL;
		return c;
	}
}

int expr_equal(const expr *a, const expr *b)
{
	if (a == b)
		return 1;
	if (!a || !b || a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case EXPR_NUM:
		return a->exp10 == b->exp10 && !strcmp(a->digits, b->digits);
	case EXPR_VAR:
		return !strcmp(a->name, b->name);
	case EXPR_CALL:
		if (a->fn != b->fn)
			return 0;
		/* fall through */
	default:
		return expr_equal(a->a, b->a) && expr_equal(a->b, b->b);
	}
}

int expr_complexity(const expr *e)
{
	if (e->kind == EXPR_NUM || e->kind == EXPR_VAR)
		return 0;
	return 1 + expr_complexity(e->a) + (e->b ? expr_complexity(e->b) : 0);
}

int expr_split_product(const char *name, int n, const char *const *vars,
		       char *buf, size_t size)
{
	enum { MAXLEN = 80 };
	size_t len = strlen(name);
	int parts[MAXLEN + 1], pick[MAXLEN + 1];

	if (len > MAXLEN || size == 0)
		return 0;
	/* parts[i]: fewest names that spell name + i, from the end. */
	parts[len] = 0;
	for (size_t i = len; i-- > 0;) {
		parts[i] = -1;
		for (int k = 0; k < n; k++) {
			size_t m = strlen(vars[k]);
			if (m == 0 || m > len - i || strncmp(name + i, vars[k], m) ||
			    parts[i + m] < 0)
				continue;
			if (parts[i] < 0 || parts[i + m] + 1 < parts[i]) {
				parts[i] = parts[i + m] + 1;
				pick[i] = k;
			}
		}
	}
	if (parts[0] < 2)
		return 0;
	size_t at = 0, used = 0;
	buf[0] = '\0';
	while (at < len) {
		const char *v = vars[pick[at]];
		used += (size_t)snprintf(buf + (used < size ? used : size - 1),
					 used < size ? size - used : 1, "%s%s",
					 at ? "*" : "", v);
		at += strlen(v);
	}
	return used < size;
}

int expr_name_cmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			ea = a;
			eb = b;
			while (isdigit((unsigned char)*ea))
				ea++;
			while (isdigit((unsigned char)*eb))
				eb++;
			if (ea - a != eb - b)
				return (ea - a) < (eb - b) ? -1 : 1;
			int c = strncmp(a, b, (size_t)(ea - a));
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	/* Equal by value but not the same name (x_0 and x_00): distinct
	 * variables, so order them by their text. */
	return strcmp(a0, b0);
}

/* A sorted set of names, grown on the heap: as many as the formula has. */
typedef struct {
	const char **v;
	int n, cap;
} name_set;

static void collect_vars(const expr *e, name_set *set)
{
	if (e->kind == EXPR_VAR) {
		int lo = 0, hi = set->n;
		/* v[0..n) is sorted: insert e->name unless present. */
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			int c = expr_name_cmp(set->v[mid], e->name);
			if (c == 0)
				return;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (set->n == set->cap) {
			set->cap = set->cap ? 2 * set->cap : 8;
			set->v = xrealloc(set->v, (size_t)set->cap *
					  sizeof *set->v);
		}
		memmove(set->v + lo + 1, set->v + lo,
			(size_t)(set->n - lo) * sizeof *set->v);
		set->v[lo] = e->name;
		set->n++;
		return;
	}
	if (e->a)
		collect_vars(e->a, set);
	if (e->b)
		collect_vars(e->b, set);
}

int expr_vars(const expr *e, const char ***names)
{
	name_set set = { NULL, 0, 0 };
	collect_vars(e, &set);
	if (names)
		*names = set.v;
	else
		free(set.v);
	return set.n;
}

double expr_eval(const expr *e, int n, const char *const *names,
		 const double *values)
{
	switch (e->kind) {
	case EXPR_NUM:
		return e->value;
	case EXPR_VAR:
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], e->name))
				return values[i];
		return NAN;
	case EXPR_NEG:
		return expr_apply1(e->kind, e->fn,
				   expr_eval(e->a, n, names, values));
	case EXPR_CALL:
		if (!e->b)
			return expr_apply1(e->kind, e->fn,
					   expr_eval(e->a, n, names, values));
		/* fall through */
	default:
		return expr_apply2(e->kind, e->fn,
				   expr_eval(e->a, n, names, values),
				   expr_eval(e->b, n, names, values));
	}
}

/* The formula in EXPR_NEST's complex arithmetic (expr_math.h). */
static double complex eval_complex(const expr *e, int n,
				   const char *const *names,
				   const double *values)
{
	switch (e->kind) {
	case EXPR_NUM:
	case EXPR_VAR:
		return expr_c_real(expr_eval(e, n, names, values));
	case EXPR_NEG:
		return expr_c_apply1(e->kind, e->fn,
				     eval_complex(e->a, n, names, values));
	case EXPR_CALL:
		if (!e->b)
			return expr_c_apply1(e->kind, e->fn,
					     eval_complex(e->a, n, names,
							  values));
		/* fall through */
	default:
		return expr_c_apply2(e->kind, e->fn,
				     eval_complex(e->a, n, names, values),
				     eval_complex(e->b, n, names, values));
	}
}

double expr_eval_sem(const expr *e, expr_semantics sem, int n,
		     const char *const *names, const double *values)
{
	double x = expr_eval(e, n, names, values);

	/* Where the real value is not NaN the complex one is the same
	 * (expr_math.h), so only NaN is looked at again. */
	if (sem == EXPR_NEST && isnan(x))
		x = creal(eval_complex(e, n, names, values));
	return x;
}
