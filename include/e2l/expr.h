/*
 * expr.h - the expression layer: a plasticity rule as text, as a tree, as
 * printed text in four syntaxes, and as a compiled program that evaluates
 * it over blocks of synapses.
 *
 * Usage:
 *     expr_arena *A = expr_arena_new();
 *     const expr *e;
 *     e2l_error err;
 *     if (expr_parse(A, "(R - 1) * E", &e, &err) != E2L_OK) ...
 *     char *s = expr_print(e, EXPR_LATEX);      (caller frees s)
 *     prog *p;
 *     const char *vars[] = { "R", "E" };
 *     prog_compile(e, 2, vars, &p, &err);
 *     double x = prog_eval(p, (double[]){ 1.0, 0.25 });
 *     prog_free(p);
 *     expr_arena_free(A);                        (frees every node)
 *
 * Trees are immutable once built and live in an arena; nodes may be shared
 * between trees of the same arena.  Operator precedence lives in one table,
 * expr_ops[], read by the parser, the printers and the simplifier.
 */
#ifndef E2L_EXPR_H
#define E2L_EXPR_H

#include <stddef.h>
#include "e2l/common.h"

typedef enum {
	EXPR_NUM,        /* non-negative exact decimal: digits x 10^exp10 */
	EXPR_VAR,
	EXPR_NEG,
	EXPR_ADD,
	EXPR_SUB,
	EXPR_MUL,
	EXPR_DIV,
	EXPR_POW,
	EXPR_CALL,       /* fn(a) or fn(a, b) */
	EXPR_NKINDS
} expr_kind;

typedef enum {
	FN_EXP, FN_LOG, FN_SQRT, FN_ABS, FN_MIN, FN_MAX, FN_COUNT
} expr_fn;

/* The one table of operators.  prec: higher binds tighter. */
typedef struct {
	const char *name;      /* "add": used by explain */
	const char *symbol;    /* infix spelling; NULL for leaves and calls */
	int prec;
	int right_assoc;
	int arity;             /* 0 leaves, 1 prefix, 2 infix */
} expr_opinfo;
extern const expr_opinfo expr_ops[EXPR_NKINDS];

/* The one table of functions, with their spellings in each syntax. */
typedef struct {
	const char *name;      /* e2l and infix spelling */
	int arity;
	const char *latex;     /* "\\exp", or NULL for special layout */
	const char *c;         /* "exp", "fabs", ... */
	const char *python;    /* SymPy: "exp", "Abs", "Min", ... */
} expr_fninfo;
extern const expr_fninfo expr_fns[FN_COUNT];

typedef struct expr expr;
struct expr {
	expr_kind kind;
	expr_fn fn;            /* EXPR_CALL */
	const expr *a, *b;     /* operands; b is NULL for unary nodes */
	const char *digits;    /* EXPR_NUM: decimal digits, no leading zeros */
	int exp10;             /* EXPR_NUM: value = digits * 10^exp10 */
	double value;          /* EXPR_NUM: nearest double */
	const char *name;      /* EXPR_VAR */
	int depth;             /* 1 for leaves */
};

/* Bounds that keep every recursive walk on the C stack small and every
 * literal within double range. */
enum {
	EXPR_MAX_DEPTH = 400,
	EXPR_MAX_LEN = 65536,      /* bytes of formula text */
	EXPR_MAX_DIGITS = 400,     /* significant digits of a literal */
	EXPR_MAX_EXP10 = 400      /* |decimal exponent| of a literal */
};

typedef struct expr_arena expr_arena;
expr_arena *expr_arena_new(void);
void expr_arena_free(expr_arena *A);
/* Arena-owned copy of a string. */
const char *expr_strdup(expr_arena *A, const char *s);

/* Builders.  Depth beyond EXPR_MAX_DEPTH is the caller's check
 * (expr_parse and the simplifier refuse it). */
const expr *expr_num(expr_arena *A, const char *digits, int exp10);
const expr *expr_int(expr_arena *A, long v);      /* v >= 0 */
const expr *expr_var(expr_arena *A, const char *name);
const expr *expr_unary(expr_arena *A, expr_kind k, const expr *a);
const expr *expr_binary(expr_arena *A, expr_kind k, const expr *a,
			const expr *b);
const expr *expr_call(expr_arena *A, expr_fn fn, const expr *a,
		      const expr *b);
/* Deep copy of e into arena A. */
const expr *expr_copy(expr_arena *A, const expr *e);

/*
 * Parses a formula.  src may span several lines (a formula continued on
 * the next line); errors carry line and column.  E2L_INCOMPLETE means the
 * text ended where more was expected (open parenthesis, trailing
 * operator): a REPL reads another line and tries again.
 */
e2l_status expr_parse(expr_arena *A, const char *src, const expr **out,
		      e2l_error *err);
/* The same for text of a known length (a line read from a file or a
 * pipe; src[len] is its terminating NUL): a NUL byte inside it is
 * E2L_ESYNTAX at its place, never a silent end of the formula. */
e2l_status expr_parse_len(expr_arena *A, const char *src, size_t len,
			  const expr **out, e2l_error *err);
/* A number as a formula spells it (2, 0.5, .5, 1e-3, with the same
 * digit and range limits), with an optional sign and nothing else around
 * it: the one number reader for values given outside a formula (`eval
 * x=-0.5`).  E2L_ESYNTAX or E2L_ELIMIT, with a message, otherwise. */
e2l_status expr_parse_number(const char *text, double *value,
			     e2l_error *err);

/* Structural equality; numbers compare by exact value. */
int expr_equal(const expr *a, const expr *b);
/* Operations in the tree (every node that is not a number or variable):
 * the complexity that the simplifier minimises and evolution reports. */
int expr_complexity(const expr *e);
/* Distinct variable names in e, sorted (natural order: x_2 < x_10).
 * Returns the count.  Unless names is NULL, *names gets a heap array of
 * that many pointers into the tree (NULL when there are none), which the
 * caller frees; a formula may have as many names as its text can hold. */
int expr_vars(const expr *e, const char ***names);
/* When name runs names of vars[0..n-1] together (vs for v and s: names
 * are never split by the parser), writes their product, "v*s", to buf
 * and returns 1; else 0.  For the message about an unknown name. */
int expr_split_product(const char *name, int n, const char *const *vars,
		       char *buf, size_t size);
/* strcmp that orders digit runs by value; names equal by value but
 * written differently (x_0, x_00) are still distinct. */
int expr_name_cmp(const char *a, const char *b);

/*
 * Rule semantics: what an operation does outside its real domain.
 *
 *   EXPR_REAL  real arithmetic: a negative number to a power that is not
 *              a whole number, and log or sqrt of a negative number, are
 *              NaN (undefined), and so is every formula that uses them.
 *   EXPR_NEST  the paper's: its NEST synapses evaluated rules with
 *              SymEngine numbers, where such an operation gives the
 *              principal complex value ((-8)^(1/3) = 1 + 1.732i), complex
 *              values flow through + - * / and the functions, and the
 *              weight change is the real part of the result (1 here, to
 *              an ulp).  Operations that stay real are the real ones, so
 *              the two semantics differ only where EXPR_REAL gives NaN.
 *              The complex meaning of each operation is SymEngine's
 *              (src/expr/expr_math.h): exp, log (principal branch), sqrt
 *              as the power 1/2, abs the modulus; min and max of a
 *              non-real value are NaN, complex numbers having no order.
 *
 * Both evaluators compute in real arithmetic first; under EXPR_NEST an
 * element whose value is NaN is evaluated again in complex arithmetic, so
 * rules that never leave the reals run at EXPR_REAL's speed.
 */
typedef enum { EXPR_REAL, EXPR_NEST, EXPR_NSEMANTICS } expr_semantics;
extern const char *const expr_semantics_names[EXPR_NSEMANTICS];

typedef enum {
	EXPR_INFIX,     /* e2l's own syntax, minimal parentheses */
	EXPR_LATEX,
	EXPR_C,         /* C99 with <math.h>, double literals */
	EXPR_PYTHON     /* Python / SymPy: ** for powers */
} expr_syntax;

/* Prints e; the caller frees the returned string.  What EXPR_INFIX,
 * EXPR_C and EXPR_PYTHON print parses back to an equal tree. */
char *expr_print(const expr *e, expr_syntax syntax);
/* Prints a number node's value as short decimal text ("0.5", "1e-07"). */
char *expr_num_text(const expr *e);
/* What a semantics does outside the reals, as one line for explain and
 * equiv to print after its name ("x^y with x < 0 and ..."). */
const char *expr_semantics_summary(expr_semantics sem);
/* A comment line in syntax syn saying what an export under sem computes
 * (a C comment, or "# ..." for Python), or NULL for the syntaxes that get
 * none (infix, LaTeX). */
const char *expr_semantics_note(expr_syntax syn, expr_semantics sem);

/* Tree-walk evaluation, the reference for the compiled program: values[i]
 * is the value of names[i].  A variable without a value evaluates to NaN.
 * expr_eval is expr_eval_sem under EXPR_REAL. */
double expr_eval(const expr *e, int n, const char *const *names,
		 const double *values);
double expr_eval_sem(const expr *e, expr_semantics sem, int n,
		     const char *const *names, const double *values);

/*
 * A compiled formula: a register program whose every instruction runs
 * over a block of values, so the dispatch cost is paid once per block.
 * Operands that are scalar for the whole block (constants, a reward that
 * is the same for every synapse) are computed once, not per element.
 * Results agree bit for bit with expr_eval_sem under either semantics: a
 * program serves both, the semantics being chosen per call.
 */
typedef struct prog prog;

enum { PROG_BLOCK = 256 };   /* values per instruction pass */

/* vars[] names the inputs in the order the caller will pass them; using a
 * variable not in vars[] is E2L_EUNKNOWN. */
e2l_status prog_compile(const expr *e, int nvars, const char *const *vars,
			prog **out, e2l_error *err);
void prog_free(prog *p);

/* Scalar evaluation: vars[i] is the value of the i-th compiled input.
 * prog_eval is prog_eval_sem under EXPR_REAL. */
double prog_eval(const prog *p, const double *vars);
double prog_eval_sem(const prog *p, expr_semantics sem, const double *vars);

/* One input of a block evaluation: n values, or one value for all. */
typedef struct {
	const double *v;
	int vector;           /* 1: v[0..n-1]; 0: v[0] for every element */
} prog_arg;

/* Doubles of scratch memory that prog_eval_array needs (work). */
size_t prog_work_size(const prog *p);

/* out[i] = formula(args at i) for i < n, any n.  Returns 1 when every
 * result is finite, 0 otherwise (checked without a branch per element).
 * prog_eval_array is prog_eval_array_sem under EXPR_REAL; under
 * EXPR_NEST a block whose check fails has its NaN elements evaluated
 * again, one at a time, in complex arithmetic. */
int prog_eval_array(const prog *p, const prog_arg *args, size_t n,
		    double *out, double *work);
int prog_eval_array_sem(const prog *p, expr_semantics sem,
			const prog_arg *args, size_t n, double *out,
			double *work);

/* The program as readable text, one instruction a line (caller frees). */
char *prog_explain(const prog *p);
int prog_ninstr(const prog *p);

#endif
