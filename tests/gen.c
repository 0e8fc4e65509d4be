/*
 * gen.c - random CGP-style formulas (see gen.h).  The genome layout is
 * the paper's: node i may read any input or any earlier node, the output
 * reads any node; only nodes reachable from the output are decoded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"

enum { P_ADD, P_SUB, P_MUL, P_DIV, P_SQUARE, P_CUBE, P_INV, P_C01, P_C1,
       P_C10, P_COUNT,
       /* gen_cgp_all only */
       P_EXP = P_COUNT, P_LOG, P_SQRT, P_ABS, P_MIN, P_MAX, P_POW,
       P_COUNT_ALL };

typedef struct {
	int prim;
	int in[2];
	const expr *tree;      /* decoded, or NULL */
} gnode;

static const expr *decode(expr_arena *A, gnode *g, int i, int nvars)
{
	gnode *n = &g[i];
	const expr *a, *b;

	if (n->tree)
		return n->tree;
	if (i < nvars) {
		char name[16];
		snprintf(name, sizeof name, "x_%d", i);
		return n->tree = expr_var(A, name);
	}
	switch (n->prim) {
	case P_C01: return n->tree = expr_num(A, "1", -1);
	case P_C1: return n->tree = expr_int(A, 1);
	case P_C10: return n->tree = expr_int(A, 10);
	default: break;
	}
	a = decode(A, g, n->in[0], nvars);
	switch (n->prim) {
	case P_EXP: return n->tree = expr_call(A, FN_EXP, a, NULL);
	case P_LOG: return n->tree = expr_call(A, FN_LOG, a, NULL);
	case P_SQRT: return n->tree = expr_call(A, FN_SQRT, a, NULL);
	case P_ABS: return n->tree = expr_call(A, FN_ABS, a, NULL);
	case P_SQUARE:
		return n->tree = expr_binary(A, EXPR_POW, a, expr_int(A, 2));
	case P_CUBE:
		return n->tree = expr_binary(A, EXPR_POW, a, expr_int(A, 3));
	case P_INV:
		return n->tree = expr_binary(A, EXPR_POW, a,
					     expr_unary(A, EXPR_NEG,
							expr_int(A, 1)));
	default:
		break;
	}
	b = decode(A, g, n->in[1], nvars);
	if (n->prim == P_MIN || n->prim == P_MAX)
		return n->tree = expr_call(A, n->prim == P_MIN ? FN_MIN : FN_MAX,
					   a, b);
	if (n->prim == P_POW)
		return n->tree = expr_binary(A, EXPR_POW, a, b);
	static const expr_kind kinds[] = { EXPR_ADD, EXPR_SUB, EXPR_MUL,
					   EXPR_DIV };
	return n->tree = expr_binary(A, kinds[n->prim], a, b);
}

/* Stops counting once past the limit, so a deep DAG costs O(limit). */
double gen_tree_size(const expr *e, double limit)
{
	double s = 1;
	if (e->a)
		s += gen_tree_size(e->a, limit - s);
	if (s <= limit && e->b)
		s += gen_tree_size(e->b, limit - s);
	return s;
}

static const expr *generate(expr_arena *A, gsl_rng *r, int nodes,
			    int nvars, int max_size, int nprims)
{
	int total = nvars + nodes;
	gnode *g = calloc((size_t)total, sizeof *g);
	const expr *e;

	for (int i = nvars; i < total; i++) {
		g[i].prim = (int)gsl_rng_uniform_int(r, (unsigned long)nprims);
		g[i].in[0] = (int)gsl_rng_uniform_int(r, (unsigned long)i);
		g[i].in[1] = (int)gsl_rng_uniform_int(r, (unsigned long)i);
	}
	e = decode(A, g, (int)gsl_rng_uniform_int(r, (unsigned long)total),
		   nvars);
	free(g);
	if (gen_tree_size(e, max_size) > max_size)
		return NULL;
	return e;
}

const expr *gen_cgp(expr_arena *A, gsl_rng *r, int nodes, int nvars,
		    int max_size)
{
	return generate(A, r, nodes, nvars, max_size, P_COUNT);
}

const expr *gen_cgp_all(expr_arena *A, gsl_rng *r, int nodes, int nvars,
			int max_size)
{
	return generate(A, r, nodes, nvars, max_size, P_COUNT_ALL);
}
