/*
 * print.c - expression tree to text: e2l's infix syntax, LaTeX, C and
 * Python/SymPy.
 *
 * The infix, C and Python printers are one walk over a table of spellings
 * (how a power, a function and a number are written).  Parentheses are
 * placed from expr_ops[] precedence so that the output is minimal and
 * parses back to the same tree; LaTeX has its own walk since fractions
 * and superscripts change where grouping is needed.  Last, the words that
 * explain, equiv and export use to say which rule semantics they mean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/expr.h"

static void put(strbuf *b, const char *s, size_t n)
{
	strbuf_put(b, s, n);
}

static void puts_(strbuf *b, const char *s)
{
	strbuf_put(b, s, strlen(s));
}

/* Mantissa and exponent of the scientific form: value = d.ddd x 10^sci. */
static void num_text(strbuf *b, const expr *e, int c_literal)
{
	const char *d = e->digits;
	int nd = (int)strlen(d), sci = e->exp10 + nd - 1;

	if (sci >= -6 && sci < 16) {
		if (e->exp10 >= 0) {
			puts_(b, d);
			for (int i = 0; i < e->exp10; i++)
				puts_(b, "0");
			if (c_literal)
				puts_(b, ".0");
		} else if (nd + e->exp10 > 0) {
			put(b, d, (size_t)(nd + e->exp10));
			puts_(b, ".");
			puts_(b, d + nd + e->exp10);
		} else {
			puts_(b, "0.");
			for (int i = 0; i < -(nd + e->exp10); i++)
				puts_(b, "0");
			puts_(b, d);
		}
		return;
	}
	put(b, d, 1);
	if (nd > 1) {
		puts_(b, ".");
		puts_(b, d + 1);
	}
	strbuf_printf(b, "e%d", sci);
}

char *expr_num_text(const expr *e)
{
	strbuf b = { 0 };
	num_text(&b, e, 0);
	return b.s;
}

typedef struct {
	const char *pow_op;      /* infix power operator, or NULL: pow(a, b) */
	int fn_column;           /* which spelling of expr_fns[] to use */
	int c_literal;           /* numbers as C double literals */
} syntax;

static const char *fn_name(const syntax *sx, expr_fn fn)
{
	switch (sx->fn_column) {
	case 1: return expr_fns[fn].c;
	case 2: return expr_fns[fn].python;
	default: return expr_fns[fn].name;
	}
}

static int prec_of(const syntax *sx, const expr *e)
{
	if (e->kind == EXPR_POW && !sx->pow_op)
		return expr_ops[EXPR_CALL].prec;
	return expr_ops[e->kind].prec;
}

static void print_infix(strbuf *b, const syntax *sx, const expr *e);

static void child(strbuf *b, const syntax *sx, const expr *c, int parens)
{
	if (parens)
		puts_(b, "(");
	print_infix(b, sx, c);
	if (parens)
		puts_(b, ")");
}

static void print_infix(strbuf *b, const syntax *sx, const expr *e)
{
	int p = prec_of(sx, e);

	switch (e->kind) {
	case EXPR_NUM:
		num_text(b, e, sx->c_literal);
		return;
	case EXPR_VAR:
		puts_(b, e->name);
		return;
	case EXPR_NEG:
		/* -(-x), never --x: that is a decrement in C. */
		puts_(b, "-");
		child(b, sx, e->a, prec_of(sx, e->a) < p ||
		      e->a->kind == EXPR_NEG);
		return;
	case EXPR_CALL:
		puts_(b, fn_name(sx, e->fn));
		puts_(b, "(");
		print_infix(b, sx, e->a);
		if (e->b) {
			puts_(b, ", ");
			print_infix(b, sx, e->b);
		}
		puts_(b, ")");
		return;
	case EXPR_POW:
		if (!sx->pow_op) {
			puts_(b, "pow(");
			print_infix(b, sx, e->a);
			puts_(b, ", ");
			print_infix(b, sx, e->b);
			puts_(b, ")");
			return;
		}
		/* Right-associative; the exponent may be signed (x^-2). */
		child(b, sx, e->a, prec_of(sx, e->a) <= p);
		puts_(b, sx->pow_op);
		child(b, sx, e->b, prec_of(sx, e->b) < expr_ops[EXPR_NEG].prec);
		return;
	default:
		/* Left-associative: an equal-precedence right operand keeps its
		 * parentheses, so a - (b - c) and a + (b + c) round-trip. */
		child(b, sx, e->a, prec_of(sx, e->a) < p);
		switch (e->kind) {
		case EXPR_ADD: puts_(b, " + "); break;
		case EXPR_SUB: puts_(b, " - "); break;
		case EXPR_MUL: puts_(b, "*"); break;
		default: puts_(b, "/"); break;
		}
		child(b, sx, e->b, prec_of(sx, e->b) <= p);
		return;
	}
}

/* LaTeX names: x_0 -> x_{0}, Rbar_plus -> \bar{R}^{+}, tau -> \tau. */
static void latex_name(strbuf *b, const char *name)
{
	static const char *greek[] = {
		"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta",
		"kappa", "lambda", "mu", "nu", "rho", "sigma", "tau", "phi",
		"chi", "psi", "omega", "Delta", "Gamma", "Phi", "Omega",
	};
	const char *us = strchr(name, '_');
	size_t n = us ? (size_t)(us - name) : strlen(name);
	int bar = n > 3 && !strncmp(name + n - 3, "bar", 3);
	size_t base = bar ? n - 3 : n;
	int is_greek = 0;

	if (bar)
		puts_(b, "\\bar{");
	for (size_t i = 0; i < sizeof greek / sizeof *greek; i++)
		if (strlen(greek[i]) == base && !strncmp(greek[i], name, base))
			is_greek = 1;
	if (is_greek) {
		puts_(b, "\\");
		put(b, name, base);
	} else if (base > 1) {
		puts_(b, "\\mathrm{");
		put(b, name, base);
		puts_(b, "}");
	} else {
		put(b, name, base);
	}
	if (bar)
		puts_(b, "}");
	if (!us)
		return;
	if (!strcmp(us, "_plus"))
		puts_(b, "^{+}");
	else if (!strcmp(us, "_minus"))
		puts_(b, "^{-}");
	else {
		puts_(b, "_{");
		for (const char *q = us + 1; *q; q++)
			put(b, *q == '_' ? "," : q, 1);
		puts_(b, "}");
	}
}

static void print_latex(strbuf *b, const expr *e);

static void latex_child(strbuf *b, const expr *c, int parens)
{
	if (parens)
		puts_(b, "\\left(");
	print_latex(b, c);
	if (parens)
		puts_(b, "\\right)");
}

static void print_latex(strbuf *b, const expr *e)
{
	int p = expr_ops[e->kind].prec;

	switch (e->kind) {
	case EXPR_NUM: {
		strbuf t = { 0 };
		num_text(&t, e, 0);
		char *x = strchr(t.s, 'e');
		if (x) {
			*x = '\0';
			if (strcmp(t.s, "1"))
				strbuf_printf(b, "%s \\cdot ", t.s);
			strbuf_printf(b, "10^{%s}", x + 1);
		} else {
			puts_(b, t.s);
		}
		free(t.s);
		return;
	}
	case EXPR_VAR:
		latex_name(b, e->name);
		return;
	case EXPR_NEG:
		puts_(b, "-");
		latex_child(b, e->a, expr_ops[e->a->kind].prec < p ||
			    e->a->kind == EXPR_NEG);
		return;
	case EXPR_CALL:
		if (e->fn == FN_SQRT) {
			puts_(b, "\\sqrt{");
			print_latex(b, e->a);
			puts_(b, "}");
		} else if (e->fn == FN_ABS) {
			puts_(b, "\\left|");
			print_latex(b, e->a);
			puts_(b, "\\right|");
		} else {
			puts_(b, expr_fns[e->fn].latex);
			puts_(b, "\\left(");
			print_latex(b, e->a);
			if (e->b) {
				puts_(b, ", ");
				print_latex(b, e->b);
			}
			puts_(b, "\\right)");
		}
		return;
	case EXPR_DIV:
		puts_(b, "\\frac{");
		print_latex(b, e->a);
		puts_(b, "}{");
		print_latex(b, e->b);
		puts_(b, "}");
		return;
	case EXPR_POW:
		latex_child(b, e->a, expr_ops[e->a->kind].prec <= p ||
			    e->a->kind == EXPR_DIV || e->a->kind == EXPR_CALL);
		puts_(b, "^{");
		print_latex(b, e->b);
		puts_(b, "}");
		return;
	case EXPR_MUL: {
		/* A fraction reads as a factor; a sum needs parentheses. */
		int lp = expr_ops[e->a->kind].prec < p && e->a->kind != EXPR_DIV;
		int rp = expr_ops[e->b->kind].prec < p && e->b->kind != EXPR_DIV;
		latex_child(b, e->a, lp);
		/* Juxtapose unless digits would run together or a sign
		 * would read as subtraction. */
		if (e->b->kind == EXPR_NUM || (e->b->kind == EXPR_NEG && !rp) ||
		    (e->b->kind == EXPR_POW && e->b->a->kind == EXPR_NUM))
			puts_(b, " \\cdot ");
		else
			puts_(b, " ");
		latex_child(b, e->b, rp);
		return;
	}
	default:
		latex_child(b, e->a, expr_ops[e->a->kind].prec < p);
		puts_(b, e->kind == EXPR_ADD ? " + " : " - ");
		latex_child(b, e->b, expr_ops[e->b->kind].prec <= p &&
			    e->b->kind != EXPR_DIV);
		return;
	}
}

char *expr_print(const expr *e, expr_syntax syn)
{
	static const syntax infix = { "^", 0, 0 };
	static const syntax c = { NULL, 1, 1 };
	static const syntax python = { "**", 2, 0 };
	strbuf b = { 0 };

	put(&b, "", 0);
	switch (syn) {
	case EXPR_LATEX: print_latex(&b, e); break;
	case EXPR_C: print_infix(&b, &c, e); break;
	case EXPR_PYTHON: print_infix(&b, &python, e); break;
	default: print_infix(&b, &infix, e); break;
	}
	return b.s;
}

/* ---- Rule semantics in words -------------------------------------- */

const char *expr_semantics_summary(expr_semantics sem)
{
	if (sem == EXPR_NEST)
		return "as in the paper's NEST, x^y with x < 0 and y "
			"fractional, log and sqrt of x < 0 are complex "
			"principal values, which flow on; the rule's value is "
			"the real part";
	return "x^y with x < 0 and y fractional, log and sqrt of x < 0 are "
		"undefined (NaN)";
}

/*
 * The C export stays real arithmetic under nest too: one double
 * expression as every export is, with the difference said.  A complex
 * C version would need helpers (min and max have no complex meaning;
 * SymEngine keeps real operations real) and would round differently
 * anyway (cpow is not NEST's pow).  SymPy computes principal values of
 * its own, so the Python export holds under nest once its real part is
 * taken, and under real semantics differs where e2l has NaN.
 */
const char *expr_semantics_note(expr_syntax syn, expr_semantics sem)
{
	switch (syn) {
	case EXPR_C:
		return sem == EXPR_NEST ?
			"/* real arithmetic (pow, log, sqrt of double), while "
			"the rule's semantics are nest: where a negative base "
			"has a fractional exponent, or log or sqrt a negative "
			"argument, this gives NaN and NEST the real part of "
			"the principal complex value (cpow, clog of complex.h, "
			"then creal) */" :
			"/* rule semantics real: NaN where a negative base has "
			"a fractional exponent, or log or sqrt a negative "
			"argument, as C's pow, log and sqrt give */";
	case EXPR_PYTHON:
		return sem == EXPR_NEST ?
			"# rule semantics nest: SymPy's principal values, real "
			"part: sympy.re(rule.subs(values).evalf())" :
			"# rule semantics real: e2l's value is NaN where a "
			"negative base has a fractional exponent, or log or "
			"sqrt a negative argument (SymPy gives a complex "
			"number there)";
	default:
		return NULL;
	}
}
