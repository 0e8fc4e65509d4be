/*
 * fuzz_ref.h - the fuzzer's own reading of a formula, written apart from
 * src/expr so that the two can be compared: a recursive-descent parser of
 * the grammar in README.md (`+ -`, then `* /`, then unary minus, then
 * right-associative `^` or `**`; exp log sqrt abs min max, and the C and
 * SymPy spellings that e2l prints), an evaluator in doubles with the
 * arithmetic e2l documents (integer powers up to 64 by repeated squaring,
 * min and max NaN when either side is), and one in MPFR at 320 bits as the
 * exact-enough value that a simplification must keep.
 */
#ifndef E2L_FUZZ_REF_H
#define E2L_FUZZ_REF_H

#include <mpfr.h>

typedef enum {
	REF_OK, REF_INCOMPLETE, REF_SYNTAX, REF_UNKNOWN, REF_LIMIT
} ref_status;

typedef enum {
	RN_NUM, RN_VAR, RN_NEG, RN_ADD, RN_SUB, RN_MUL, RN_DIV, RN_POW,
	RN_EXP, RN_LOG, RN_SQRT, RN_ABS, RN_MIN, RN_MAX
} ref_op;

typedef struct {
	ref_op op;
	int a, b;              /* operand node indices, -1 when none */
	int var;               /* RN_VAR: index into names */
	double value;          /* RN_NUM: strtod of the text */
	char *text;            /* RN_NUM: the literal as written */
	int depth;             /* 1 for leaves */
} ref_node;

typedef struct {
	ref_node *n;
	int count, cap;
	char **names;          /* distinct variable names, first use first */
	int nnames;
	int root;
	int depth;             /* of the tree, leaves 1 */
} ref_tree;

/* Parses text into t (which the caller frees with ref_free, whatever the
 * status).  REF_INCOMPLETE: the text ended where more was expected. */
ref_status ref_parse(const char *text, ref_tree *t);
void ref_free(ref_tree *t);
/* Index of a name in t->names, or -1. */
int ref_var(const ref_tree *t, const char *name);

/* vals[i] is the value of t->names[i]. */
double ref_eval(const ref_tree *t, const double *vals);

/* What the MPFR evaluation met on the way. */
typedef struct {
	int singular;          /* a division by zero, log(0), 0^-n, or an
				* infinite intermediate: values near such a
				* point are not compared */
	mpfr_exp_t maxexp;     /* largest binary exponent of a finite
				* intermediate: the scale of rounding errors */
} ref_mp_info;

enum { REF_MP_PREC = 320 };

/* out (initialised by the caller at REF_MP_PREC) = t at vals. */
void ref_eval_mp(const ref_tree *t, const double *vals, mpfr_t out,
		 ref_mp_info *info);

#endif
