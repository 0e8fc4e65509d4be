/*
 * compile.c - a formula compiled to a register program that runs over a
 * block of synapses at a time: the prog_* half of expr.h.
 *
 * The one design decision: the machine dispatches once per instruction
 * per block of PROG_BLOCK values, never once per value, so that each
 * instruction is a plain loop the C compiler vectorises.  For a given call
 * each operand is either a vector or a scalar (a constant, a reward that
 * is the same for every synapse); an instruction whose operands are all
 * scalar is computed once per block instead of once per element.
 *
 * Compiling value-numbers the tree: subtrees without a variable fold into
 * constants, identical subtrees share one value (hash-consing), and
 * registers return to a free list after their last use (linear scan).
 * Every operation goes through expr_math.h, as the tree walker's do, so
 * the program agrees with expr_eval bit for bit.  The workbench (explain,
 * evaluation) and the tasks, which apply a rule to every synapse of a
 * network each trial, call it.
 *
 * EXPR_NEST (expr.h) costs nothing in the hot loop: the block runs in
 * real arithmetic as under EXPR_REAL, the finite check that follows every
 * block tells when to look, and only then are the block's NaN elements
 * run again one by one through the same instructions in complex
 * arithmetic.  A constant subtree whose real value is NaN is therefore
 * not folded (it may be complex, as (-8)^(1/3) is): it stays an
 * instruction, computed once per block.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/expr.h"
#include "expr_math.h"

/* The operations of the machine.  POWI is x^n for a constant small
 * integer n, carried in the instruction.  MULADD (a*b + c), MULSUB
 * (a*b - c) and SUBMUL (c - a*b) are a product and a sum in one pass over
 * the block, rounded twice like the tree walk: rules are full of them. */
enum {
	OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_ABS, OP_POWI,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_MIN, OP_MAX,
	OP_MULADD, OP_MULSUB, OP_SUBMUL,
	OP_COUNT
};
/* The tree's ADD .. POW map onto these in order (vn_tree relies on it). */
_Static_assert(OP_POW - OP_ADD == EXPR_POW - EXPR_ADD,
	       "OP_ADD .. OP_POW follow EXPR_ADD .. EXPR_POW");

/* Each operation in the tree's terms: expr_apply1/2 of kind and fn is its
 * arithmetic, and expr_ops[] / expr_fns[] give its name.  fn matters only
 * where kind is EXPR_CALL. */
static const struct {
	expr_kind kind;
	expr_fn fn;
	int arity;
} ops[OP_COUNT] = {
	[OP_NEG] = { EXPR_NEG, FN_EXP, 1 },
	[OP_EXP] = { EXPR_CALL, FN_EXP, 1 },
	[OP_LOG] = { EXPR_CALL, FN_LOG, 1 },
	[OP_SQRT] = { EXPR_CALL, FN_SQRT, 1 },
	[OP_ABS] = { EXPR_CALL, FN_ABS, 1 },
	[OP_POWI] = { EXPR_POW, FN_EXP, 1 },
	[OP_ADD] = { EXPR_ADD, FN_EXP, 2 },
	[OP_SUB] = { EXPR_SUB, FN_EXP, 2 },
	[OP_MUL] = { EXPR_MUL, FN_EXP, 2 },
	[OP_DIV] = { EXPR_DIV, FN_EXP, 2 },
	[OP_POW] = { EXPR_POW, FN_EXP, 2 },
	[OP_MIN] = { EXPR_CALL, FN_MIN, 2 },
	[OP_MAX] = { EXPR_CALL, FN_MAX, 2 },
	[OP_MULADD] = { EXPR_ADD, FN_EXP, 3 },
	[OP_MULSUB] = { EXPR_SUB, FN_EXP, 3 },
	[OP_SUBMUL] = { EXPR_SUB, FN_EXP, 3 },
};

enum { SLOT_IN, SLOT_CONST, SLOT_REG };

/* Inputs from this one on share the last bit of a dependency mask. */
enum { DEP_BITS = 64 };

/*
 * Where an operand lives.  deps has bit i set when the value depends on
 * input i (bit 63 stands for inputs 63 and up); in a call, a register
 * holds a vector exactly when some input it depends on is a vector.
 */
typedef struct {
	int kind;              /* SLOT_IN, SLOT_CONST or SLOT_REG */
	int index;             /* input, constant or register number */
	uint64_t deps;
} slot;

/*
 * One instruction, as prog_explain prints it:
 *
 *     0001  mul   t1, t0, E
 *           |     |   |   `-- b    SLOT_IN 1    deps 10   (unused if unary)
 *           |     |   `------ a    SLOT_REG 0   deps 01
 *           |     `---------- dst  SLOT_REG 1   deps 11   (always a register)
 *           `---------------- op   OP_MUL; imm is POWI's exponent
 *
 * A register is PROG_BLOCK doubles of the caller's work memory.  A scalar
 * result takes its first double; the final instruction's vector result
 * goes straight to the caller's output.
 */
typedef struct {
	int op;
	long imm;
	slot dst, a, b, c;     /* c: the addend of the fused operations */
} instr;

struct prog {
	int nvars;
	char **names;          /* input names, for explain */
	int ninstr;
	instr *code;
	int nconst;
	double *consts;
	int nregs;
	slot result;           /* the last dst, or an input or constant */
};

/* ---- Compiling ---------------------------------------------------- */

enum { VN_IN, VN_CONST, VN_OP };

/* A value number: one distinct value of the formula. */
typedef struct {
	int kind;              /* VN_IN, VN_CONST or VN_OP */
	int op;
	int a, b;              /* operands' value numbers, -1 if none */
	int c;                 /* fused operations' third operand, or -1 */
	int uses;              /* readers among the values, and the root */
	long imm;
	uint64_t bits;         /* VN_CONST: the value's bits, its identity */
	int index;             /* VN_IN: input number */
	double value;          /* VN_CONST */
	uint64_t deps;
	int instr;             /* instruction computing it, -1 if none yet */
	int last;              /* last instruction that reads it */
	int where;             /* its register or constant number, or -1 */
	int need;              /* registers to compute it (Sethi-Ullman) */
} vnode;

typedef struct {
	vnode *v;
	int nv, capv;
	int *cons;             /* hash-consing: value numbers, -1 empty */
	size_t ncons, capcons;
	const expr **mkey;     /* tree node -> value number, so that a */
	int *mval;             /* subtree shared by pointer is walked once */
	size_t nmemo, capmemo;
	int nvars;
	const char *const *vars;
	e2l_error *err;
} compiler;

static uint64_t mix(uint64_t h, uint64_t x)
{
	/* A hash-combine step, then splitmix64's finaliser. */
	h ^= x + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

static uint64_t vn_hash(const vnode *n)
{
	uint64_t h = mix(0, (uint64_t)n->kind);
	h = mix(h, (uint64_t)n->op);
	h = mix(h, (uint64_t)(int64_t)n->a);
	h = mix(h, (uint64_t)(int64_t)n->b);
	h = mix(h, (uint64_t)n->imm);
	h = mix(h, n->bits);
	return mix(h, (uint64_t)n->index);
}

static int vn_same(const vnode *x, const vnode *y)
{
	return x->kind == y->kind && x->op == y->op && x->a == y->a &&
		x->b == y->b && x->imm == y->imm && x->bits == y->bits &&
		x->index == y->index;
}

static void cons_grow(compiler *c)
{
	size_t cap = c->capcons ? 2 * c->capcons : 64;
	int *t = xmalloc(cap * sizeof *t);
	for (size_t i = 0; i < cap; i++)
		t[i] = -1;
	for (size_t i = 0; i < c->capcons; i++) {
		int k = c->cons[i];
		if (k < 0)
			continue;
		size_t j = vn_hash(&c->v[k]) & (cap - 1);
		while (t[j] >= 0)
			j = (j + 1) & (cap - 1);
		t[j] = k;
	}
	free(c->cons);
	c->cons = t;
	c->capcons = cap;
}

/* The value number of n: an existing one with the same key, or a new one. */
static int vn_intern(compiler *c, vnode n)
{
	size_t j;

	if (2 * (c->ncons + 1) > c->capcons)
		cons_grow(c);
	j = vn_hash(&n) & (c->capcons - 1);
	for (; c->cons[j] >= 0; j = (j + 1) & (c->capcons - 1))
		if (vn_same(&c->v[c->cons[j]], &n))
			return c->cons[j];
	if (c->nv == c->capv) {
		c->capv = c->capv ? 2 * c->capv : 32;
		c->v = xrealloc(c->v, (size_t)c->capv * sizeof *c->v);
	}
	n.instr = -1;
	n.last = -1;
	n.where = -1;
	n.c = -1;
	c->v[c->nv] = n;
	c->cons[j] = c->nv;
	c->ncons++;
	return c->nv++;
}

static int vn_const(compiler *c, double x)
{
	vnode n = { .kind = VN_CONST, .a = -1, .b = -1, .value = x };
	memcpy(&n.bits, &x, sizeof n.bits);
	return vn_intern(c, n);
}

static int vn_input(compiler *c, int i)
{
	vnode n = { .kind = VN_IN, .a = -1, .b = -1, .index = i };
	n.deps = UINT64_C(1) << (i < DEP_BITS ? i : DEP_BITS - 1);
	return vn_intern(c, n);
}

/* Folding uses the operation the tree walker would, on the values it
 * would see, so a folded constant is the tree walk's value exactly.  A
 * NaN is not folded: under EXPR_NEST it may stand for a complex value. */
static int vn_unary(compiler *c, int op, int a, long imm)
{
	const vnode *x = &c->v[a];
	if (x->kind == VN_CONST) {
		double v = op == OP_POWI ? expr_powi(x->value, imm)
			: expr_apply1(ops[op].kind, ops[op].fn, x->value);
		if (!isnan(v))
			return vn_const(c, v);
	}
	vnode n = { .kind = VN_OP, .op = op, .a = a, .b = -1, .imm = imm,
		    .deps = x->deps };
	return vn_intern(c, n);
}

static int vn_binary(compiler *c, int op, int a, int b)
{
	const vnode *x = &c->v[a], *y = &c->v[b];
	long k;

	if (x->kind == VN_CONST && y->kind == VN_CONST) {
		double v = expr_apply2(ops[op].kind, ops[op].fn, x->value,
				       y->value);
		if (!isnan(v))
			return vn_const(c, v);
	}
	/* expr_pow takes a small integer exponent to expr_powi, whose x^0
	 * is 1 whatever x is. */
	if (op == OP_POW && y->kind == VN_CONST &&
	    expr_small_int(y->value, &k))
		return k == 0 ? vn_const(c, 1.0) : vn_unary(c, OP_POWI, a, k);
	vnode n = { .kind = VN_OP, .op = op, .a = a, .b = b,
		    .deps = x->deps | y->deps };
	return vn_intern(c, n);
}

static size_t memo_slot(const compiler *c, const expr *e)
{
	size_t j = mix(0, (uint64_t)(uintptr_t)e) & (c->capmemo - 1);
	while (c->mkey[j] && c->mkey[j] != e)
		j = (j + 1) & (c->capmemo - 1);
	return j;
}

static void memo_put(compiler *c, const expr *e, int vn)
{
	if (2 * (c->nmemo + 1) > c->capmemo) {
		const expr **okey = c->mkey;
		int *oval = c->mval;
		size_t ocap = c->capmemo;
		c->capmemo = ocap ? 2 * ocap : 64;
		c->mkey = xcalloc(c->capmemo, sizeof *c->mkey);
		c->mval = xmalloc(c->capmemo * sizeof *c->mval);
		for (size_t i = 0; i < ocap; i++) {
			if (!okey[i])
				continue;
			size_t j = memo_slot(c, okey[i]);
			c->mkey[j] = okey[i];
			c->mval[j] = oval[i];
		}
		free(okey);
		free(oval);
	}
	size_t j = memo_slot(c, e);
	c->mkey[j] = e;
	c->mval[j] = vn;
	c->nmemo++;
}

static int op_of_call(expr_fn fn)
{
	switch (fn) {
	case FN_EXP: return OP_EXP;
	case FN_LOG: return OP_LOG;
	case FN_SQRT: return OP_SQRT;
	case FN_ABS: return OP_ABS;
	case FN_MIN: return OP_MIN;
	default: return OP_MAX;
	}
}

static int unknown_var(compiler *c, const char *name)
{
	char known[160] = "none";
	size_t len = 0;

	for (int i = 0; i < c->nvars && len < sizeof known; i++)
		len += (size_t)snprintf(known + len, sizeof known - len,
					"%s%s", i ? ", " : "", c->vars[i]);
	char product[100];
	if (len >= sizeof known)
		strcpy(known + sizeof known - 4, "...");
	if (expr_split_product(name, c->nvars, c->vars, product,
			       sizeof product))
		e2l_fail(c->err, E2L_EUNKNOWN, 0, 0, "unknown variable '%s' "
			 "(known: %s; a product is written %s)", name, known,
			 product);
	else
		e2l_fail(c->err, E2L_EUNKNOWN, 0, 0,
			 "unknown variable '%s' (known: %s)", name, known);
	return -1;
}

/* The value number of e, or -1 after filling the error. */
static int vn_tree(compiler *c, const expr *e)
{
	int a, b = -1, vn;

	if (c->capmemo) {
		size_t j = memo_slot(c, e);
		if (c->mkey[j])
			return c->mval[j];
	}
	switch (e->kind) {
	case EXPR_NUM:
		vn = vn_const(c, e->value);
		break;
	case EXPR_VAR:
		/* The first input of that name, as expr_eval looks it up. */
		for (a = 0; a < c->nvars; a++)
			if (!strcmp(c->vars[a], e->name))
				break;
		if (a == c->nvars)
			return unknown_var(c, e->name);
		vn = vn_input(c, a);
		break;
	default:
		if ((a = vn_tree(c, e->a)) < 0 ||
		    (e->b && (b = vn_tree(c, e->b)) < 0))
			return -1;
		if (e->kind == EXPR_NEG)
			vn = vn_unary(c, OP_NEG, a, 0);
		else if (e->kind != EXPR_CALL)
			vn = vn_binary(c, OP_ADD + (int)(e->kind - EXPR_ADD),
				       a, b);
		else if (!e->b)
			vn = vn_unary(c, op_of_call(e->fn), a, 0);
		else
			vn = vn_binary(c, op_of_call(e->fn), a, b);
		break;
	}
	memo_put(c, e, vn);
	return vn;
}

/* A product read by nothing but one sum or difference joins it in one
 * instruction.  Operands are interned before their readers, so one pass
 * in value-number order sees every operand first. */
static void fuse(compiler *c, int root)
{
	for (int i = 0; i < c->nv; i++) {
		vnode *x = &c->v[i];
		if (x->kind != VN_OP)
			continue;
		c->v[x->a].uses++;
		if (x->b >= 0)
			c->v[x->b].uses++;
	}
	c->v[root].uses++;
	for (int i = 0; i < c->nv; i++) {
		vnode *x = &c->v[i];
		int m, other, op;
		if (x->kind != VN_OP || (x->op != OP_ADD && x->op != OP_SUB))
			continue;
		if (c->v[x->a].kind == VN_OP && c->v[x->a].op == OP_MUL &&
		    c->v[x->a].uses == 1) {
			m = x->a;
			other = x->b;
			op = x->op == OP_ADD ? OP_MULADD : OP_MULSUB;
		} else if (c->v[x->b].kind == VN_OP &&
			   c->v[x->b].op == OP_MUL && c->v[x->b].uses == 1) {
			/* y + a*b is a*b + y exactly: addition commutes. */
			m = x->b;
			other = x->a;
			op = x->op == OP_ADD ? OP_MULADD : OP_SUBMUL;
		} else {
			continue;
		}
		x->op = op;
		x->a = c->v[m].a;
		x->b = c->v[m].b;
		x->c = other;
		c->v[m].uses = 0;
	}
}

/* The operands of x, the one that needs the most registers first. */
static int operands(const compiler *c, const vnode *x, int *o)
{
	int n = 0;
	o[n++] = x->a;
	if (x->b >= 0)
		o[n++] = x->b;
	if (x->c >= 0)
		o[n++] = x->c;
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && c->v[o[k]].need > c->v[o[k - 1]].need;
		     k--) {
			int t = o[k];
			o[k] = o[k - 1];
			o[k - 1] = t;
		}
	return n;
}

/* Sethi-Ullman numbers: registers needed to compute each value. */
static void count_needs(compiler *c)
{
	for (int i = 0; i < c->nv; i++) {
		vnode *x = &c->v[i];
		int o[3], n, need = 0;
		if (x->kind != VN_OP)
			continue;
		n = operands(c, x, o);
		for (int k = 0; k < n; k++)
			if (c->v[o[k]].need + k > need)
				need = c->v[o[k]].need + k;
		x->need = need > 1 ? need : 1;
	}
}

/* Operands before the operation, so that each value is computed before
 * its first reader; the operand that needs more registers goes first, so
 * that fewer values wait in registers meanwhile. */
static void emit(compiler *c, int vn, int *order, int *n)
{
	const vnode *x = &c->v[vn];
	int o[3], k;

	if (x->kind != VN_OP || x->instr >= 0)
		return;
	k = operands(c, x, o);
	for (int i = 0; i < k; i++)
		emit(c, o[i], order, n);
	c->v[vn].instr = *n;
	order[(*n)++] = vn;
}

static slot place(compiler *c, prog *p, int vn)
{
	vnode *x = &c->v[vn];
	slot s = { SLOT_REG, x->where, x->deps };
	if (x->kind == VN_IN) {
		s.kind = SLOT_IN;
		s.index = x->index;
	} else if (x->kind == VN_CONST) {
		if (x->where < 0) {
			x->where = p->nconst++;
			p->consts = xrealloc(p->consts, (size_t)p->nconst
					     * sizeof *p->consts);
			p->consts[x->where] = x->value;
		}
		s.kind = SLOT_CONST;
		s.index = x->where;
	}
	return s;
}

/* Registers by linear scan.  The destination is taken before the
 * operands that die here are given back, so that an instruction never
 * writes the register it reads (the kernels' pointers are restrict). */
static void allocate(compiler *c, prog *p, const int *order)
{
	char *busy = xcalloc((size_t)p->ninstr + 1, 1);

	for (int i = 0; i < p->ninstr; i++) {
		const vnode *x = &c->v[order[i]];
		c->v[x->a].last = i;
		if (x->b >= 0)
			c->v[x->b].last = i;
		if (x->c >= 0)
			c->v[x->c].last = i;
	}
	for (int i = 0; i < p->ninstr; i++) {
		vnode *x = &c->v[order[i]];
		int r = 0;
		while (busy[r])
			r++;
		busy[r] = 1;
		x->where = r;
		if (r + 1 > p->nregs)
			p->nregs = r + 1;
		for (int k = 0; k < 3; k++) {
			int o = k == 0 ? x->a : k == 1 ? x->b : x->c;
			if (o >= 0 && c->v[o].kind == VN_OP && c->v[o].last == i)
				busy[c->v[o].where] = 0;
		}
	}
	free(busy);
}

e2l_status prog_compile(const expr *e, int nvars, const char *const *vars,
			prog **out, e2l_error *err)
{
	compiler c = { .nvars = nvars, .vars = vars, .err = err };
	int root, *order;
	prog *p;

	*out = NULL;
	if (e->depth > EXPR_MAX_DEPTH)
		return e2l_fail(err, E2L_ELIMIT, 0, 0,
				"formula nested %d deep (at most %d)",
				e->depth, EXPR_MAX_DEPTH);
	root = vn_tree(&c, e);
	free(c.cons);
	free(c.mkey);
	free(c.mval);
	if (root < 0) {
		free(c.v);
		return E2L_EUNKNOWN;
	}

	p = xcalloc(1, sizeof *p);
	p->nvars = nvars;
	p->names = xmalloc((size_t)(nvars > 0 ? nvars : 1) * sizeof *p->names);
	for (int i = 0; i < nvars; i++)
		p->names[i] = xstrdup(vars[i]);
	order = xmalloc((size_t)c.nv * sizeof *order);
	fuse(&c, root);
	count_needs(&c);
	emit(&c, root, order, &p->ninstr);
	allocate(&c, p, order);
	p->code = xmalloc((size_t)(p->ninstr > 0 ? p->ninstr : 1)
			  * sizeof *p->code);
	for (int i = 0; i < p->ninstr; i++) {
		const vnode *x = &c.v[order[i]];
		instr *in = &p->code[i];
		in->op = x->op;
		in->imm = x->imm;
		in->dst = place(&c, p, order[i]);
		in->a = place(&c, p, x->a);
		in->b = x->b >= 0 ? place(&c, p, x->b) : in->a;
		in->c = x->c >= 0 ? place(&c, p, x->c) : in->a;
	}
	p->result = place(&c, p, root);
	free(order);
	free(c.v);
	*out = p;
	return E2L_OK;
}

void prog_free(prog *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nvars; i++)
		free(p->names[i]);
	free(p->names);
	free(p->code);
	free(p->consts);
	free(p);
}

int prog_ninstr(const prog *p)
{
	return p->ninstr;
}

/* ---- Running, one value ------------------------------------------- */

/* The fused operations as the tree walk computes them: two roundings. */
static inline __attribute__((always_inline)) double
fused(int op, double a, double b, double c)
{
	double t = expr_apply2(EXPR_MUL, FN_EXP, a, b);
	switch (op) {
	case OP_MULADD: return expr_apply2(EXPR_ADD, FN_EXP, t, c);
	case OP_MULSUB: return expr_apply2(EXPR_SUB, FN_EXP, t, c);
	default: return expr_apply2(EXPR_SUB, FN_EXP, c, t);
	}
}

static double apply(const instr *in, double a, double b, double c)
{
	if (in->op == OP_POWI)
		return expr_powi(a, in->imm);
	if (ops[in->op].arity == 3)
		return fused(in->op, a, b, c);
	if (ops[in->op].arity == 1)
		return expr_apply1(ops[in->op].kind, ops[in->op].fn, a);
	return expr_apply2(ops[in->op].kind, ops[in->op].fn, a, b);
}

static double slot_value(const prog *p, const slot *s, const double *vars,
			 const double *reg)
{
	switch (s->kind) {
	case SLOT_IN: return vars[s->index];
	case SLOT_CONST: return p->consts[s->index];
	default: return reg[s->index];
	}
}

/* Registers (and the complex pass's inputs) on the stack unless there are
 * many: concurrent calls on one program must not share them. */
enum { LOCAL_REGS = 64 };

double prog_eval(const prog *p, const double *vars)
{
	double local[LOCAL_REGS], *reg = local, x;

	if (p->nregs > LOCAL_REGS)
		reg = xmalloc((size_t)p->nregs * sizeof *reg);
	for (int k = 0; k < p->ninstr; k++) {
		const instr *in = &p->code[k];
		reg[in->dst.index] = apply(in, slot_value(p, &in->a, vars, reg),
					   slot_value(p, &in->b, vars, reg),
					   slot_value(p, &in->c, vars, reg));
	}
	x = slot_value(p, &p->result, vars, reg);
	if (reg != local)
		free(reg);
	return x;
}

/* ---- Running, one value in complex arithmetic (EXPR_NEST) --------- */

static double complex capply(const instr *in, double complex a,
			     double complex b, double complex c)
{
	if (in->op == OP_POWI)
		return expr_c_powi(a, in->imm);
	if (ops[in->op].arity == 3) {
		/* As the tree walk: the product, then the sum. */
		double complex t = expr_c_apply2(EXPR_MUL, FN_EXP, a, b);
		if (in->op == OP_SUBMUL)
			return expr_c_apply2(EXPR_SUB, FN_EXP, c, t);
		return expr_c_apply2(ops[in->op].kind, FN_EXP, t, c);
	}
	if (ops[in->op].arity == 1)
		return expr_c_apply1(ops[in->op].kind, ops[in->op].fn, a);
	return expr_c_apply2(ops[in->op].kind, ops[in->op].fn, a, b);
}

static double complex cslot_value(const prog *p, const slot *s,
				  const double *vars,
				  const double complex *reg)
{
	switch (s->kind) {
	case SLOT_IN: return expr_c_real(vars[s->index]);
	case SLOT_CONST: return expr_c_real(p->consts[s->index]);
	default: return reg[s->index];
	}
}

/* The real part of the program's value in complex arithmetic; reg has
 * room for p->nregs values. */
static double eval_complex(const prog *p, const double *vars,
			   double complex *reg)
{
	for (int k = 0; k < p->ninstr; k++) {
		const instr *in = &p->code[k];
		reg[in->dst.index] = capply(in,
					    cslot_value(p, &in->a, vars, reg),
					    cslot_value(p, &in->b, vars, reg),
					    cslot_value(p, &in->c, vars, reg));
	}
	return creal(cslot_value(p, &p->result, vars, reg));
}

/* Complex registers for eval_complex: local when there are few, else
 * from the heap (free with regs_done). */
static double complex *regs_for(const prog *p, double complex *local)
{
	return p->nregs > LOCAL_REGS ?
		xmalloc((size_t)p->nregs * sizeof *local) : local;
}

static void regs_done(double complex *reg, double complex *local)
{
	if (reg != local)
		free(reg);
}

double prog_eval_sem(const prog *p, expr_semantics sem, const double *vars)
{
	double x = prog_eval(p, vars);

	if (sem == EXPR_NEST && isnan(x)) {
		double complex local[LOCAL_REGS], *reg = regs_for(p, local);
		x = eval_complex(p, vars, reg);
		regs_done(reg, local);
	}
	return x;
}

/* ---- Running, a block at a time ----------------------------------- */

/*
 * o[i] = op(a[i * sa], b[i * sb]).  Always inlined into call sites with
 * literal strides and, for whole blocks, a literal length, so that each
 * copy is a loop of one operation the compiler can vectorise.  Unary
 * operations ignore b and sb.
 */
static inline __attribute__((always_inline)) void
kernel(int op, long imm, double *restrict o, const double *restrict a,
	const double *restrict b, size_t sa, size_t sb, size_t n)
{
	size_t i;

	switch (op) {
	case OP_NEG:
		for (i = 0; i < n; i++)
			o[i] = expr_apply1(EXPR_NEG, FN_EXP, a[i * sa]);
		break;
	case OP_EXP:
		for (i = 0; i < n; i++)
			o[i] = expr_apply1(EXPR_CALL, FN_EXP, a[i * sa]);
		break;
	case OP_LOG:
		for (i = 0; i < n; i++)
			o[i] = expr_apply1(EXPR_CALL, FN_LOG, a[i * sa]);
		break;
	case OP_SQRT:
		for (i = 0; i < n; i++)
			o[i] = expr_apply1(EXPR_CALL, FN_SQRT, a[i * sa]);
		break;
	case OP_ABS:
		for (i = 0; i < n; i++)
			o[i] = expr_apply1(EXPR_CALL, FN_ABS, a[i * sa]);
		break;
	case OP_POWI:
		/* A literal exponent unrolls expr_powi into its multiplies.
		 * For 2 that is 1.0 * (x * x), which is x * x exactly, but
		 * gcc -O2 leaves a branch in the loop: spelt out. */
		if (imm == 2)
			for (i = 0; i < n; i++)
				o[i] = a[i * sa] * a[i * sa];
		else if (imm == 3)
			for (i = 0; i < n; i++)
				o[i] = expr_powi(a[i * sa], 3);
		else if (imm == -1)
			for (i = 0; i < n; i++)
				o[i] = expr_powi(a[i * sa], -1);
		else
			for (i = 0; i < n; i++)
				o[i] = expr_powi(a[i * sa], imm);
		break;
	case OP_ADD:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_ADD, FN_EXP, a[i * sa],
					   b[i * sb]);
		break;
	case OP_SUB:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_SUB, FN_EXP, a[i * sa],
					   b[i * sb]);
		break;
	case OP_MUL:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_MUL, FN_EXP, a[i * sa],
					   b[i * sb]);
		break;
	case OP_DIV:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_DIV, FN_EXP, a[i * sa],
					   b[i * sb]);
		break;
	case OP_POW:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_POW, FN_EXP, a[i * sa],
					   b[i * sb]);
		break;
	case OP_MIN:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_CALL, FN_MIN, a[i * sa],
					   b[i * sb]);
		break;
	case OP_MAX:
		for (i = 0; i < n; i++)
			o[i] = expr_apply2(EXPR_CALL, FN_MAX, a[i * sa],
					   b[i * sb]);
		break;
	}
}

/* o[i] = fused(a, b, c) with literal strides, as kernel(). */
static inline __attribute__((always_inline)) void
kernel3(int op, double *restrict o, const double *restrict a,
	const double *restrict b, const double *restrict c, size_t sa,
	size_t sb, size_t sc, size_t n)
{
	size_t i;

	switch (op) {
	case OP_MULADD:
		for (i = 0; i < n; i++)
			o[i] = fused(OP_MULADD, a[i * sa], b[i * sb], c[i * sc]);
		break;
	case OP_MULSUB:
		for (i = 0; i < n; i++)
			o[i] = fused(OP_MULSUB, a[i * sa], b[i * sb], c[i * sc]);
		break;
	default:
		for (i = 0; i < n; i++)
			o[i] = fused(OP_SUBMUL, a[i * sa], b[i * sb], c[i * sc]);
		break;
	}
}

/* A fused instruction where at least one operand is a vector: the seven
 * stride patterns, each its own loop; whole blocks with a literal length,
 * which gcc needs to vectorise. */
static inline __attribute__((always_inline)) void
fused_strides(int op, double *restrict o, const double *restrict a, int va,
	      const double *restrict b, int vb, const double *restrict c,
	      int vc, size_t n)
{
	switch (va << 2 | vb << 1 | vc) {
	case 7: kernel3(op, o, a, b, c, 1, 1, 1, n); break;
	case 6: kernel3(op, o, a, b, c, 1, 1, 0, n); break;
	case 5: kernel3(op, o, a, b, c, 1, 0, 1, n); break;
	case 4: kernel3(op, o, a, b, c, 1, 0, 0, n); break;
	case 3: kernel3(op, o, a, b, c, 0, 1, 1, n); break;
	case 2: kernel3(op, o, a, b, c, 0, 1, 0, n); break;
	default: kernel3(op, o, a, b, c, 0, 0, 1, n); break;
	}
}

static void run_fused(const instr *in, double *restrict o,
		      const double *restrict a, int va,
		      const double *restrict b, int vb,
		      const double *restrict c, int vc, size_t len)
{
	if (len == PROG_BLOCK)
		fused_strides(in->op, o, a, va, b, vb, c, vc, PROG_BLOCK);
	else
		fused_strides(in->op, o, a, va, b, vb, c, vc, len);
}

/* One instruction over a block where a (va) or b (vb) is a vector. */
static void run_vector(const instr *in, double *restrict o,
		       const double *restrict a, int va,
		       const double *restrict b, int vb, size_t len)
{
	if (len == PROG_BLOCK) {
		if (va && vb)
			kernel(in->op, in->imm, o, a, b, 1, 1, PROG_BLOCK);
		else if (va)
			kernel(in->op, in->imm, o, a, b, 1, 0, PROG_BLOCK);
		else
			kernel(in->op, in->imm, o, a, b, 0, 1, PROG_BLOCK);
	} else {
		if (va && vb)
			kernel(in->op, in->imm, o, a, b, 1, 1, len);
		else if (va)
			kernel(in->op, in->imm, o, a, b, 1, 0, len);
		else
			kernel(in->op, in->imm, o, a, b, 0, 1, len);
	}
}

/* 1 when every x[i] is finite: x * 0 is 0 for a finite x and NaN for an
 * infinity or NaN, and a sum that meets a NaN stays NaN.  No branch per
 * element. */
static int all_finite(const double *x, size_t n)
{
	double acc = 0.0;
	for (size_t i = 0; i < n; i++)
		acc += x[i] * 0.0;
	return acc == 0.0;
}

/* The same over a whole block, in four sums that the compiler may keep in
 * vector lanes (it may not reorder one sum's additions). */
static int all_finite_block(const double *restrict x)
{
	double acc[4] = { 0.0, 0.0, 0.0, 0.0 };
	for (size_t i = 0; i < PROG_BLOCK; i += 4)
		for (size_t j = 0; j < 4; j++)
			acc[j] += x[i + j] * 0.0;
	return (acc[0] + acc[1]) + (acc[2] + acc[3]) == 0.0;
}

/* Where a slot's values for the block at base are; *vec says whether
 * they are a vector or one value. */
static const double *slot_at(const prog *p, const slot *s,
			     const prog_arg *args, uint64_t vmask,
			     size_t base, double *work, int *vec)
{
	switch (s->kind) {
	case SLOT_IN:
		*vec = args[s->index].vector != 0;
		return args[s->index].v + (*vec ? base : 0);
	case SLOT_CONST:
		*vec = 0;
		return &p->consts[s->index];
	default:
		*vec = (s->deps & vmask) != 0;
		return work + (size_t)s->index * PROG_BLOCK;
	}
}

/* The program over elements base .. base + len - 1.  A vector result of
 * the last instruction goes to out. */
static void run_block(const prog *p, const prog_arg *args, uint64_t vmask,
		      size_t base, size_t len, double *work, double *out)
{
	for (int k = 0; k < p->ninstr; k++) {
		const instr *in = &p->code[k];
		int va, vb, vc;
		const double *a = slot_at(p, &in->a, args, vmask, base, work,
					  &va);
		const double *b = slot_at(p, &in->b, args, vmask, base, work,
					  &vb);
		const double *c = slot_at(p, &in->c, args, vmask, base, work,
					  &vc);
		double *o = work + (size_t)in->dst.index * PROG_BLOCK;

		if (ops[in->op].arity == 1)
			vb = 0;
		if (ops[in->op].arity < 3)
			vc = 0;
		if (!(in->dst.deps & vmask)) {
			o[0] = apply(in, a[0], b[0], c[0]);
			continue;
		}
		if (k == p->ninstr - 1)
			o = out;
		if (ops[in->op].arity == 3 && (va || vb || vc)) {
			run_fused(in, o, a, va, b, vb, c, vc, len);
		} else if (ops[in->op].arity < 3 && (va || vb)) {
			run_vector(in, o, a, va, b, vb, len);
		} else {
			/* Only when inputs from 63 on share a dependency
			 * bit: a vector made of one value. */
			double x = apply(in, a[0], b[0], c[0]);
			for (size_t i = 0; i < len; i++)
				o[i] = x;
		}
	}
}

size_t prog_work_size(const prog *p)
{
	return (size_t)(p->nregs > 0 ? p->nregs : 1) * PROG_BLOCK;
}

/* EXPR_NEST's slow path: the NaN elements among out[0 .. len-1], those
 * of the block at base, evaluated again in complex arithmetic.  Returns
 * 1 when every element is finite then. */
static int nest_block(const prog *p, const prog_arg *args, size_t base,
		      size_t len, double *out)
{
	double local_vars[LOCAL_REGS], *vars = local_vars;
	double complex local[LOCAL_REGS], *reg = regs_for(p, local);

	if (p->nvars > LOCAL_REGS)
		vars = xmalloc((size_t)p->nvars * sizeof *vars);
	for (size_t i = 0; i < len; i++) {
		if (!isnan(out[i]))
			continue;
		for (int j = 0; j < p->nvars; j++)
			vars[j] = args[j].v[args[j].vector ? base + i : 0];
		out[i] = eval_complex(p, vars, reg);
	}
	if (vars != local_vars)
		free(vars);
	regs_done(reg, local);
	return all_finite(out, len);
}

int prog_eval_array(const prog *p, const prog_arg *args, size_t n,
		    double *out, double *work)
{
	return prog_eval_array_sem(p, EXPR_REAL, args, n, out, work);
}

int prog_eval_array_sem(const prog *p, expr_semantics sem,
			const prog_arg *args, size_t n, double *out,
			double *work)
{
	const slot *r = &p->result;
	uint64_t vmask = 0;
	const double *src;
	int vec, ok = 1;

	if (n == 0)
		return 1;
	for (int i = 0; i < p->nvars; i++)
		if (args[i].vector)
			vmask |= UINT64_C(1) << (i < DEP_BITS ? i : DEP_BITS - 1);
	if (r->kind == SLOT_REG && (r->deps & vmask)) {
		for (size_t base = 0; base < n; base += PROG_BLOCK) {
			size_t len = n - base < PROG_BLOCK ? n - base
				: PROG_BLOCK;
			int fin;
			run_block(p, args, vmask, base, len, work, out + base);
			fin = len == PROG_BLOCK ? all_finite_block(out + base)
				: all_finite(out + base, len);
			if (!fin && sem == EXPR_NEST)
				fin = nest_block(p, args, base, len,
						 out + base);
			ok &= fin;
		}
		return ok;
	}
	/* A scalar result, computed once (under EXPR_NEST, again in
	 * complex arithmetic if NaN) and broadcast; or an input, which no
	 * operation has taken out of the reals. */
	if (r->kind == SLOT_REG)
		run_block(p, args, vmask, 0, 0, work, out);
	src = slot_at(p, r, args, vmask, 0, work, &vec);
	if (vec) {
		memmove(out, src, n * sizeof *out);
		return all_finite(out, n);
	}
	double x = src[0];
	if (sem == EXPR_NEST && isnan(x) && r->kind == SLOT_REG)
		nest_block(p, args, 0, 1, &x);
	for (size_t i = 0; i < n; i++)
		out[i] = x;
	return isfinite(x) != 0;
}

/* ---- Showing ------------------------------------------------------ */

static const char *op_name(int op)
{
	static const char *fused_names[] = { "muladd", "mulsub", "submul" };
	if (op >= OP_MULADD)
		return fused_names[op - OP_MULADD];
	if (op == OP_POWI)
		return "powi";
	if (ops[op].kind == EXPR_CALL)
		return expr_fns[ops[op].fn].name;
	return expr_ops[ops[op].kind].name;
}

/* The shortest %g text that reads back as the same double. */
static void sb_number(strbuf *b, double x)
{
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, x);
		double y = strtod(buf, NULL);
		if (y == x || isnan(x))
			break;
	}
	strbuf_printf(b, "%s", buf);
}

static void sb_slot(strbuf *b, const prog *p, const slot *s)
{
	switch (s->kind) {
	case SLOT_IN:
		strbuf_printf(b, "%s", p->names[s->index]);
		break;
	case SLOT_CONST:
		sb_number(b, p->consts[s->index]);
		break;
	default:
		strbuf_printf(b, "t%d", s->index);
		break;
	}
}

char *prog_explain(const prog *p)
{
	strbuf b = { NULL, 0, 0 };

	strbuf_printf(&b, "inputs:");
	for (int i = 0; i < p->nvars; i++)
		strbuf_printf(&b, " %s", p->names[i]);
	strbuf_printf(&b, "%s\n", p->nvars ? "" : " (none)");
	for (int k = 0; k < p->ninstr; k++) {
		const instr *in = &p->code[k];
		strbuf_printf(&b, "%04d  %-5s ", k, op_name(in->op));
		sb_slot(&b, p, &in->dst);
		strbuf_printf(&b, ", ");
		sb_slot(&b, p, &in->a);
		if (in->op == OP_POWI) {
			strbuf_printf(&b, ", %ld", in->imm);
		} else if (ops[in->op].arity >= 2) {
			strbuf_printf(&b, ", ");
			sb_slot(&b, p, &in->b);
		}
		if (ops[in->op].arity == 3) {
			strbuf_printf(&b, ", ");
			sb_slot(&b, p, &in->c);
		}
		strbuf_printf(&b, "\n");
	}
	strbuf_printf(&b, "      %-5s ", "out");
	sb_slot(&b, p, &p->result);
	strbuf_printf(&b, "\n");
	return b.s;
}
