/*
 * cgp.c - Cartesian genetic programming genomes: random initialisation,
 * per-gene mutation with silent-mutation detection, and decoding of the
 * active graph into a formula (see evolve.h for the layout).
 *
 * Mutation follows hal-cgp >= 0.2 and the paper: every gene is drawn for
 * mutation with probability p and, if drawn, takes a different value
 * uniformly from those permissible.  Not hal-cgp 0.1.0's fixed count.
 */
#include <stdlib.h>
#include <string.h>

#include "e2l/evolve.h"

void cgp_genome_init(cgp_genome *g, const cgp_shape *s)
{
	g->n = cgp_genes(s);
	g->genes = xcalloc((size_t)g->n, sizeof *g->genes);
}

void cgp_genome_free(cgp_genome *g)
{
	free(g->genes);
	g->genes = NULL;
	g->n = 0;
}

void cgp_genome_copy(cgp_genome *dst, const cgp_genome *src)
{
	if (dst->n != src->n) {
		free(dst->genes);
		dst->genes = xmalloc((size_t)src->n * sizeof *dst->genes);
		dst->n = src->n;
	}
	memcpy(dst->genes, src->genes, (size_t)src->n * sizeof *src->genes);
}

/* Address genes may take the inputs plus a window of columns; when the
 * window does not start at column 0 the two ranges are not contiguous,
 * so values are drawn as an index into their union. */
static int address_count(const cgp_shape *s, int col, int *first_col)
{
	int first = col - s->levels_back < 0 ? 0 : col - s->levels_back;
	*first_col = first;
	return s->inputs + (col - first);
}

static int address_at(const cgp_shape *s, int first_col, int k)
{
	return k < s->inputs ? k : s->inputs + first_col + (k - s->inputs);
}

static int address_index(const cgp_shape *s, int first_col, int node)
{
	return node < s->inputs ? node : s->inputs + (node - s->inputs -
						       first_col);
}

/* Number of values gene i may take, and the k-th of them. */
static int values(const cgp_shape *s, int i, int *first_col)
{
	*first_col = 0;
	if (i == 3 * s->columns)
		return s->inputs + s->columns;
	if (i % 3 == 0)
		return s->nprims;
	return address_count(s, i / 3, first_col);
}

static int value_at(const cgp_shape *s, int i, int first_col, int k)
{
	if (i == 3 * s->columns || i % 3 == 0)
		return k;
	return address_at(s, first_col, k);
}

static int index_of(const cgp_shape *s, int i, int first_col, int v)
{
	if (i == 3 * s->columns || i % 3 == 0)
		return v;
	return address_index(s, first_col, v);
}

void cgp_random(cgp_genome *g, const cgp_shape *s, gsl_rng *r)
{
	for (int i = 0; i < g->n; i++) {
		int first, n = values(s, i, &first);
		g->genes[i] = value_at(s, i, first,
				       (int)gsl_rng_uniform_int(r,
							(unsigned long)n));
	}
}

int cgp_genome_check(const cgp_genome *g, const cgp_shape *s)
{
	if (g->n != cgp_genes(s))
		return 0;
	for (int i = 0; i < g->n; i++) {
		int first, n = values(s, i, &first), v = g->genes[i];
		int ok = i == 3 * s->columns || i % 3 == 0 ?
			v >= 0 && v < n :
			(v >= 0 && v < s->inputs) ||
			(v >= s->inputs + first && v < s->inputs + i / 3);
		if (!ok)
			return i;
	}
	return -1;
}

static int arity(cgp_op op)
{
	return op == CGP_CONST ? 0 : 2;
}

void cgp_active(const cgp_genome *g, const cgp_shape *s, char *active)
{
	int nodes = s->inputs + s->columns;
	memset(active, 0, (size_t)nodes);
	active[g->genes[3 * s->columns]] = 1;
	/* Nodes only read earlier nodes: one backward sweep suffices. */
	for (int node = nodes - 1; node >= s->inputs; node--) {
		if (!active[node])
			continue;
		const int *f = g->genes + 3 * (node - s->inputs);
		for (int k = 0; k < arity(s->prims[f[0]].op); k++)
			active[f[1 + k]] = 1;
	}
}

int cgp_gene_active(const cgp_shape *s, const char *active, int i)
{
	if (i == 3 * s->columns)
		return 1;
	return active[s->inputs + i / 3];
}

int cgp_mutate(cgp_genome *g, const cgp_shape *s, double p, gsl_rng *r,
	       int *silent)
{
	int nodes = s->inputs + s->columns, changed = 0;
	char *active = xmalloc((size_t)nodes);

	cgp_active(g, s, active);
	*silent = 1;
	for (int i = 0; i < g->n; i++) {
		if (gsl_rng_uniform(r) >= p)
			continue;
		int first, n = values(s, i, &first);
		if (n < 2)
			continue;
		/* Uniform over the other n - 1 values. */
		int cur = index_of(s, i, first, g->genes[i]);
		int k = (int)gsl_rng_uniform_int(r, (unsigned long)(n - 1));
		if (k >= cur)
			k++;
		g->genes[i] = value_at(s, i, first, k);
		changed++;
		if (cgp_gene_active(s, active, i))
			*silent = 0;
	}
	free(active);
	return changed;
}

double cgp_tree_size(const cgp_genome *g, const cgp_shape *s)
{
	int nodes = s->inputs + s->columns;
	double *size = xmalloc((size_t)nodes * sizeof *size);
	for (int node = 0; node < nodes; node++) {
		size[node] = 1;
		if (node < s->inputs)
			continue;
		const int *f = g->genes + 3 * (node - s->inputs);
		if (arity(s->prims[f[0]].op) == 2)
			size[node] += size[f[1]] + size[f[2]];
	}
	double n = size[g->genes[3 * s->columns]];
	free(size);
	return n;
}

static const expr *decode_node(const cgp_genome *g, const cgp_shape *s,
			       const char *const *names, expr_arena *A,
			       const expr **memo, int node)
{
	static const expr_kind kinds[] = {
		[CGP_ADD] = EXPR_ADD, [CGP_SUB] = EXPR_SUB,
		[CGP_MUL] = EXPR_MUL, [CGP_DIV] = EXPR_DIV,
		[CGP_POW] = EXPR_POW,
	};
	const int *f;
	const cgp_prim *pr;
	e2l_error err;

	if (memo[node])
		return memo[node];
	if (node < s->inputs)
		return memo[node] = expr_var(A, names[node]);
	f = g->genes + 3 * (node - s->inputs);
	pr = &s->prims[f[0]];
	if (pr->op == CGP_CONST) {
		/* Constants are exact literals from our own tables. */
		if (expr_parse(A, pr->constant, &memo[node], &err) != E2L_OK)
			abort();
		return memo[node];
	}
	const expr *a = decode_node(g, s, names, A, memo, f[1]);
	const expr *b = decode_node(g, s, names, A, memo, f[2]);
	return memo[node] = expr_binary(A, kinds[pr->op], a, b);
}

const expr *cgp_decode(const cgp_genome *g, const cgp_shape *s,
		       const char *const *names, expr_arena *A)
{
	int nodes = s->inputs + s->columns;
	const expr **memo = xcalloc((size_t)nodes, sizeof *memo);
	const expr *e = decode_node(g, s, names, A, memo,
				    g->genes[3 * s->columns]);
	free(memo);
	return e;
}

/*
 * Reorder (Goldman & Punch 2014, hal-cgp >= 0.2): the hidden nodes are
 * placed in a random order that respects their dependencies (a node after
 * every node it reads), addresses are rewritten to match, and address
 * genes a node does not use that now point forward are drawn anew.  The
 * formula is unchanged; the genome drifts.  Needs levels_back = columns.
 */
void cgp_reorder(cgp_genome *g, const cgp_shape *s, gsl_rng *r)
{
	int in = s->inputs, cols = s->columns;
	int *order = xmalloc((size_t)cols * sizeof *order);   /* new -> old */
	int *where = xmalloc((size_t)cols * sizeof *where);   /* old -> new */
	int *ready = xmalloc((size_t)cols * sizeof *ready);
	char *placed = xcalloc((size_t)cols, 1);
	int *genes = xmalloc((size_t)g->n * sizeof *genes);

	for (int pos = 0; pos < cols; pos++) {
		/* Nodes whose used inputs are all placed already. */
		int nready = 0;
		for (int c = 0; c < cols; c++) {
			if (placed[c])
				continue;
			const int *f = g->genes + 3 * c;
			int ok = 1;
			for (int k = 0; k < arity(s->prims[f[0]].op); k++)
				if (f[1 + k] >= in && !placed[f[1 + k] - in])
					ok = 0;
			if (ok)
				ready[nready++] = c;
		}
		int c = ready[gsl_rng_uniform_int(r, (unsigned long)nready)];
		placed[c] = 1;
		order[pos] = c;
		where[c] = pos;
	}
	for (int pos = 0; pos < cols; pos++) {
		const int *f = g->genes + 3 * order[pos];
		int *t = genes + 3 * pos;
		int used = arity(s->prims[f[0]].op);
		t[0] = f[0];
		for (int k = 0; k < 2; k++) {
			int a = f[1 + k];
			int moved = a < in ? a : in + where[a - in];
			if (k < used || moved < in + pos) {
				t[1 + k] = moved;
			} else {
				/* An unused gene pointing forward now. */
				t[1 + k] = (int)gsl_rng_uniform_int(r,
					(unsigned long)(in + pos));
			}
		}
	}
	int out = g->genes[3 * cols];
	genes[3 * cols] = out < in ? out : in + where[out - in];
	memcpy(g->genes, genes, (size_t)g->n * sizeof *genes);
	free(order);
	free(where);
	free(ready);
	free(placed);
	free(genes);
}
