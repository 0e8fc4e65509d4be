/*
 * gen.h - random formulas shaped like the ones evolution produces, for
 * the property tests, the fuzzer and the simplification benchmark.
 */
#ifndef E2L_GEN_H
#define E2L_GEN_H

#include <gsl/gsl_rng.h>
#include "e2l/expr.h"

/*
 * Decodes a random Cartesian genome of `nodes` hidden nodes (one row,
 * levels-back = all) over Add, Sub, Mul, Div, the integer powers ^2, ^3,
 * ^-1 and the constants 0.1, 1 and 10, with inputs x_0 .. x_{nvars-1}.
 * Shared subgraphs are shared nodes.  Returns NULL when the decoded
 * tree, written out, would have more than max_size nodes.
 */
const expr *gen_cgp(expr_arena *A, gsl_rng *r, int nodes, int nvars,
		    int max_size);

/* The same with every operator of the language besides: exp, log, sqrt,
 * abs, min, max and powers with any exponent. */
const expr *gen_cgp_all(expr_arena *A, gsl_rng *r, int nodes, int nvars,
			int max_size);

/* Number of nodes of e written out as a tree (shared nodes counted each
 * time they are used), or some number above limit once it passes it. */
double gen_tree_size(const expr *e, double limit);

#endif
