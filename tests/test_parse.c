/*
 * test_parse.c - the parser and the printers: precedence, numbers, error
 * messages with their places, the incomplete status, bounds on nesting,
 * and that every printed form but LaTeX parses back to the same tree.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "e2l/expr.h"

static expr_arena *A;

static const expr *parse(const char *s)
{
	const expr *e;
	e2l_error err;
	if (expr_parse(A, s, &e, &err) != E2L_OK) {
		fprintf(stderr, "parse '%s': %s\n", s, err.msg);
		return NULL;
	}
	return e;
}

/* Parses s and prints it back in syntax syn. */
static int prints(const char *s, expr_syntax syn, const char *want)
{
	const expr *e = parse(s);
	char *got;
	int ok;
	if (!e)
		return 0;
	got = expr_print(e, syn);
	ok = !strcmp(got, want);
	if (!ok)
		fprintf(stderr, "  '%s' printed '%s', want '%s'\n", s, got, want);
	free(got);
	return ok;
}

static e2l_status error_of(const char *s, e2l_error *err)
{
	const expr *e;
	return expr_parse(A, s, &e, err);
}

static int fails_with(const char *s, e2l_status want, int line, int col,
		      const char *msg)
{
	e2l_error err = { 0 };
	e2l_status st = error_of(s, &err);
	int ok = st == want && err.line == line && err.col == col &&
		strstr(err.msg, msg);
	if (!ok)
		fprintf(stderr, "  '%s': status %d %d:%d '%s'; want %d %d:%d "
			"'%s'\n", s, st, err.line, err.col, err.msg, want, line,
			col, msg);
	return ok;
}

static void test_precedence(void)
{
	const expr *e = parse("-x^2");
	CHECK(e && e->kind == EXPR_NEG && e->a->kind == EXPR_POW, "-x^2 is -(x^2)");
	e = parse("2^3^2");
	CHECK(e && e->kind == EXPR_POW && e->b->kind == EXPR_POW, "^ is right-assoc");
	e = parse("2**3**2");
	CHECK(e && e->kind == EXPR_POW && e->b->kind == EXPR_POW, "** too");
	e = parse("a - b - c");
	CHECK(e && e->kind == EXPR_SUB && e->a->kind == EXPR_SUB, "- is left-assoc");
	e = parse("-a*b");
	CHECK(e && e->kind == EXPR_MUL && e->a->kind == EXPR_NEG, "-a*b is (-a)*b");
	e = parse("x^-2");
	CHECK(e && e->kind == EXPR_POW && e->b->kind == EXPR_NEG, "x^-2");
	e = parse("a + b*c^d");
	CHECK(e && e->kind == EXPR_ADD && e->b->kind == EXPR_MUL &&
	      e->b->b->kind == EXPR_POW, "a + b*c^d");
	e = parse("+x");
	CHECK(e && e->kind == EXPR_VAR, "unary plus makes no node");
	e = parse("min(a, max(b, 2))");
	CHECK(e && e->kind == EXPR_CALL && e->fn == FN_MIN &&
	      e->b->fn == FN_MAX, "calls");
	e = parse("pow(x, 2)");
	CHECK(e && e->kind == EXPR_POW, "pow() is a power");
	e = parse("Rbar_plus*x_0 + \n  E");
	CHECK(e && e->kind == EXPR_ADD, "a formula may span lines");
}

static void test_numbers(void)
{
	const expr *e = parse("0.1");
	CHECK(e && !strcmp(e->digits, "1") && e->exp10 == -1, "0.1 = 1e-1");
	e = parse("1e-3");
	CHECK(e && !strcmp(e->digits, "1") && e->exp10 == -3 &&
	      e->value == 1e-3, "1e-3");
	e = parse("2.50");
	CHECK(e && !strcmp(e->digits, "25") && e->exp10 == -1, "2.50");
	e = parse(".5");
	CHECK(e && e->value == 0.5, ".5");
	e = parse("1200");
	CHECK(e && !strcmp(e->digits, "12") && e->exp10 == 2, "1200");
	e = parse("0.000");
	CHECK(e && !strcmp(e->digits, "0") && e->exp10 == 0, "zero");
	CHECK(expr_equal(parse("0.5"), parse("5e-1")), "exact equality");
	CHECK(!expr_equal(parse("0.1"), parse("0.10000000000000001")),
	      "exact, not double, equality");
	CHECK(prints("1e-3", EXPR_INFIX, "0.001"), "short decimal");
	CHECK(prints("1e-9", EXPR_INFIX, "1e-9"), "scientific");
	CHECK(prints("123e20", EXPR_INFIX, "1.23e22"), "scientific");
	CHECK(prints("2", EXPR_C, "2.0"), "C literal");
	CHECK(fails_with("1e500", E2L_ELIMIT, 1, 1, "out of range"), "range");
}

static void test_errors(void)
{
	e2l_error err;
	char buf[300];

	CHECK(fails_with("(u - v", E2L_INCOMPLETE, 1, 7,
			 "expected ')' after '(u - v'"), "open paren");
	CHECK(fails_with("(u - v]", E2L_ESYNTAX, 1, 7,
			 "expected ')' after '(u - v'"), "bad close");
	CHECK(fails_with("x +", E2L_INCOMPLETE, 1, 4, "incomplete"),
	      "trailing operator");
	CHECK(fails_with("", E2L_INCOMPLETE, 1, 1, "empty"), "empty");
	CHECK(fails_with("x y", E2L_ESYNTAX, 1, 3, "expected an operator (a "
			 "product is written x*y), found 'y'"), "juxtaposition");
	CHECK(fails_with("x)", E2L_ESYNTAX, 1, 2, "unmatched ')'"), "unmatched");
	CHECK(fails_with("x $ y", E2L_ESYNTAX, 1, 3, "'$'"), "bad character");
	CHECK(fails_with("foo(x)", E2L_EUNKNOWN, 1, 1, "unknown function 'foo' "
			 "(functions: exp, log, sqrt, abs, min, max; a product "
			 "is written foo*(...))"), "unknown function");
	CHECK(fails_with("min(x)", E2L_ESYNTAX, 1, 1, "min takes 2 arguments"),
	      "arity");
	CHECK(fails_with("exp(x, y)", E2L_ESYNTAX, 1, 1, "takes 1 argument"),
	      "arity");
	CHECK(fails_with("a +\n  * b", E2L_ESYNTAX, 2, 3, "'*'"),
	      "second line");
	CHECK(fails_with("x\x01", E2L_ESYNTAX, 1, 2, "byte 0x01"), "control");

	error_of("(u - v", &err);
	e2l_error_format(&err, buf, sizeof buf);
	CHECK(!strcmp(buf, "1:7: incomplete formula: expected ')' after '(u - v'"),
	      "format: %s", buf);
	error_of("a + (b * ]", &err);
	e2l_error_caret(&err, "a + (b * ]", buf, sizeof buf);
	CHECK(!strcmp(buf, "a + (b * ]\n         ^"), "caret: %s", buf);
}

/* The paper's own notation: implied products where a number or ')' meets
 * a name or '(', and pasted typography for the operators (issue 11). */
static void test_notation(void)
{
	static const struct {
		const char *in, *out;
	} same[] = {
		{ "2(v - u)s", "2*(v - u)*s" },   /* the name of error-eq7x2 */
		{ "(v - u)s", "(v - u)*s" },
		{ "2x", "2*x" }, { "2 x", "2*x" }, { "2.5e-3x", "0.0025*x" },
		{ "(a)(b)", "a*b" }, { "(a + b)(c - d)", "(a + b)*(c - d)" },
		{ "2exp(x)", "2*exp(x)" }, { "exp(x)y", "exp(x)*y" },
		{ "exp(x)(y + 1)", "exp(x)*(y + 1)" },
		/* At the precedence of *: x^2y is x^2*y, -2x is -2*x. */
		{ "x^2y", "x^2*y" }, { "-2x", "-2*x" }, { "a*2b", "a*2*b" },
		{ "1 + 2x^2", "1 + 2*x^2" }, { "(a/2)b", "a/2*b" },
		{ "a/2*b", "a/2*b" }, { "2(\n  x)", "2*x" },
		/* Typography pasted from a paper reads as ASCII. */
		{ "v \xe2\x88\x92 u", "v - u" },	/* U+2212 minus sign */
		{ "\xe2\x88\x92x", "-x" },
		{ "v \xe2\x80\x93 u", "v - u" },	/* U+2013 en dash */
		{ "a \xc3\x97 b", "a*b" },		/* U+00D7 times */
		{ "a\xc2\xb7" "b", "a*b" },		/* U+00B7 middle dot */
		{ "a\xe2\x8b\x85" "b", "a*b" },	/* U+22C5 dot operator */
		{ "a \xc3\xb7 b", "a/b" },		/* U+00F7 division sign */
		/* U+00A0 no-break space, U+2009 thin space */
		{ "a\xc2\xa0+\xe2\x80\x89" "b", "a + b" },
		{ "2(v \xe2\x88\x92 u)s", "2*(v - u)*s" },
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		CHECK(prints(same[i].in, EXPR_INFIX, same[i].out), "'%s'",
		      same[i].in);
	const expr *e = parse("2(v - u)s");
	CHECK(e && e->kind == EXPR_MUL && e->a->kind == EXPR_MUL &&
	      e->a->b->kind == EXPR_SUB && e->b->kind == EXPR_VAR,
	      "2(v - u)s is (2*(v - u))*s");
	e = parse("x^2y");
	CHECK(e && e->kind == EXPR_MUL && e->a->kind == EXPR_POW,
	      "x^2y is (x^2)*y");
	/* Names are never split; only a number or ')' implies a product. */
	e = parse("vs");
	CHECK(e && e->kind == EXPR_VAR && !strcmp(e->name, "vs"), "vs");
	CHECK(fails_with("v s", E2L_ESYNTAX, 1, 3, "(a product is written "
			 "v*s)"), "name name");
	CHECK(fails_with("x 2", E2L_ESYNTAX, 1, 3, "expected an operator"),
	      "name number");
	CHECK(fails_with("2 3", E2L_ESYNTAX, 1, 3, "expected an operator"),
	      "number number");
	CHECK(fails_with("(a + b)2", E2L_ESYNTAX, 1, 8, "expected an operator"),
	      "')' number");
	CHECK(fails_with("v(u)", E2L_EUNKNOWN, 1, 1, "a product is written "
			 "v*(...)"), "a name before '(' is a call");
	/* a/2b reads as a/(2b) and as (a/2)b: neither is guessed. */
	CHECK(fails_with("a/2b", E2L_ESYNTAX, 1, 4, "a product after a "
			 "quotient is ambiguous: write '*' or parentheses "
			 "after 'a/2', found 'b'"), "a/2b");
	CHECK(fails_with("x + a/(b)(c)", E2L_ESYNTAX, 1, 10, "after 'a/(b)'"),
	      "a/(b)(c)");
	CHECK(fails_with("2(", E2L_INCOMPLETE, 1, 3, "incomplete"),
	      "incomplete after an implied product");
	/* 0x10 is not 0 times x10. */
	CHECK(fails_with("0x10", E2L_ESYNTAX, 1, 1, "'0x10' is not a number: "
			 "write numbers in decimal"), "hexadecimal");
	CHECK(fails_with("1 + 0b11", E2L_ESYNTAX, 1, 5, "'0b11' is not a "
			 "number"), "binary");
	/* Other characters are named, not shown as their first byte. */
	CHECK(fails_with("a \xe2\x86\x92 b", E2L_ESYNTAX, 1, 3,
			 "unexpected character, found '\xe2\x86\x92' (U+2192)"),
	      "arrow");
	CHECK(fails_with("x\xc2\xb2", E2L_ESYNTAX, 1, 2,
			 "found '\xc2\xb2' (U+00B2)"), "superscript two");
	CHECK(fails_with("a\xe2" "b", E2L_ESYNTAX, 1, 2, "found byte 0xe2"),
	      "broken UTF-8 still shows its byte");
	CHECK(fails_with("a\xed\xa0\x80", E2L_ESYNTAX, 1, 2,
			 "found byte 0xed"), "a surrogate is no character");
	/* The hint for a name that runs names together. */
	static const char *const vars[] = { "v", "u", "s", "Rbar", "R", "E" };
	char buf[64];
	CHECK(expr_split_product("vs", 6, vars, buf, sizeof buf) &&
	      !strcmp(buf, "v*s"), "vs: %s", buf);
	CHECK(expr_split_product("RbarE", 6, vars, buf, sizeof buf) &&
	      !strcmp(buf, "Rbar*E"), "fewest names: %s", buf);
	CHECK(expr_split_product("vuvs", 6, vars, buf, sizeof buf) &&
	      !strcmp(buf, "v*u*v*s"), "repeats: %s", buf);
	CHECK(!expr_split_product("v", 6, vars, buf, sizeof buf), "one name");
	CHECK(!expr_split_product("vq", 6, vars, buf, sizeof buf), "q unknown");
	CHECK(!expr_split_product("vs", 6, vars, buf, 3), "too long for buf");
	/* Printers stay ASCII. */
	char *c = expr_print(parse("2(v \xe2\x88\x92 u)\xc3\x97s"), EXPR_LATEX);
	int ascii = 1;
	for (const char *q = c; *q; q++)
		ascii &= (unsigned char)*q < 0x80;
	CHECK(ascii, "LaTeX output is ASCII: %s", c);
	free(c);
}

static void test_bounds(void)
{
	enum { N = 10000 };
	char *s = malloc(4 * N + 8);
	e2l_error err;

	memset(s, '(', N);
	strcpy(s + N, "x");
	memset(s + N + 1, ')', N);
	s[2 * N + 1] = '\0';
	CHECK(error_of(s, &err) == E2L_ELIMIT, "10000 parentheses: %s", err.msg);
	memset(s, '-', N);
	strcpy(s + N, "x");
	CHECK(error_of(s, &err) == E2L_ELIMIT, "10000 minus signs");
	for (int i = 0; i < N; i++)
		memcpy(s + 2 * i, "x+", 2);
	strcpy(s + 2 * N, "x");
	CHECK(error_of(s, &err) == E2L_ELIMIT, "a sum of 10000 terms: %s",
	      err.msg);
	for (int i = 0; i < N; i++)
		memcpy(s + 2 * i, "x^", 2);
	strcpy(s + 2 * N, "x");
	CHECK(error_of(s, &err) == E2L_ELIMIT, "a tower of 10000 powers");
	/* Within bounds: 300 levels parse. */
	memset(s, '(', 300);
	strcpy(s + 300, "x");
	memset(s + 301, ')', 300);
	s[601] = '\0';
	CHECK(error_of(s, &err) == E2L_OK, "300 parentheses parse");

	/* The message names what the limit counts: terms in a row, or
	 * nesting.  400 terms fit, 401 do not. */
	size_t n = 0;
	for (int i = 0; i < 400; i++)
		n += (size_t)sprintf(s + n, "%sx", i ? "+" : "");
	CHECK(error_of(s, &err) == E2L_OK, "a sum of 400 terms: %s", err.msg);
	strcpy(s + n, "+x");
	CHECK(error_of(s, &err) == E2L_ELIMIT &&
	      strstr(err.msg, "more than 400 terms in one sum or product") &&
	      !strstr(err.msg, "nested"), "a sum of 401 terms: %s", err.msg);
	memset(s, '(', 401);
	strcpy(s + 401, "x");
	CHECK(error_of(s, &err) == E2L_ELIMIT &&
	      strstr(err.msg, "nested more than 400 levels"),
	      "401 parentheses: %s", err.msg);
	free(s);
}

/* Every variable of a formula, however many (a fixed array of 256
 * once filled and the count ran past it). */
static void test_many_vars(void)
{
	enum { NV = 3000 };
	const char **names;
	const expr *e;
	char *s;
	size_t n;

	/* Grouped in parentheses (a flat sum stops at 400 terms). */
	s = malloc(16 * NV);
	n = 0;
	for (int i = NV - 1; i >= 0; i--)
		n += (size_t)sprintf(s + n, "%s%sv%d", i == NV - 1 ? "" : "+",
				     i % 100 == 99 ? "(" : "", i);
	for (int i = 0; i < NV / 100; i++)
		s[n++] = ')';
	s[n] = '\0';
	e = parse(s);
	free(s);
	CHECK(e != NULL, "3000 names in groups parse");
	if (!e)
		return;
	int nv = expr_vars(e, &names);
	CHECK(nv == NV, "%d names, want %d", nv, NV);
	int sorted = 1;
	for (int i = 0; i < nv; i++) {
		char want[16];
		snprintf(want, sizeof want, "v%d", i);
		sorted &= !strcmp(names[i], want);
	}
	CHECK(sorted, "in natural order");
	free(names);
	CHECK(expr_vars(e, NULL) == NV, "counting only");
	CHECK(expr_vars(parse("1 + 2"), &names) == 0 && names == NULL,
	      "no names");
}

/* Text with a length: a NUL inside it is an error at its place. */
static void test_nul(void)
{
	const expr *e;
	e2l_error err = { 0 };
	static const char text[] = "x +\n y\0z";
	e2l_status st = expr_parse_len(A, text, sizeof text - 1, &e, &err);
	CHECK(st == E2L_ESYNTAX && err.line == 2 && err.col == 3 &&
	      strstr(err.msg, "NUL"), "NUL inside: %d %d:%d %s", st,
	      err.line, err.col, err.msg);
	st = expr_parse_len(A, text, 6, &e, &err);
	CHECK(st == E2L_OK, "the text before it alone parses");
}

/* Values outside a formula read as the formula reads numbers. */
static void test_number_values(void)
{
	double v = 0;
	e2l_error err;
	CHECK(expr_parse_number("-0.5", &v, &err) == E2L_OK && v == -0.5,
	      "-0.5");
	CHECK(expr_parse_number("+.5e1", &v, &err) == E2L_OK && v == 5,
	      "+.5e1");
	CHECK(expr_parse_number("1e-320", &v, &err) == E2L_OK && v > 0 &&
	      v < 1e-319, "1e-320 as in a formula: %s", err.msg);
	CHECK(parse("1e-320") != NULL, "1e-320 in a formula");
	static const char *bad[] = { "0x10", "inf", "nan", " 1", "1 ", "1e",
				     "--1", "", "-", "1,5", "1e5x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(expr_parse_number(bad[i], &v, &err) == E2L_ESYNTAX &&
		      strstr(err.msg, "is not a number"), "'%s' refused",
		      bad[i]);
	CHECK(error_of("0x10", &err) == E2L_ESYNTAX, "0x10 is no formula "
	      "either (not 0 times x10)");
	CHECK(expr_parse_number("1e999", &v, &err) == E2L_ELIMIT &&
	      strstr(err.msg, "out of range"), "1e999: %s", err.msg);
}

static void test_printers(void)
{
	CHECK(prints("(R - 1)*E", EXPR_INFIX, "(R - 1)*E"), "infix");
	CHECK(prints("a - (b - c)", EXPR_INFIX, "a - (b - c)"), "right sub");
	CHECK(prints("a + (b + c)", EXPR_INFIX, "a + (b + c)"),
	      "same tree, so parentheses stay");
	CHECK(prints("((a*b))/c", EXPR_INFIX, "a*b/c"), "minimal");
	CHECK(prints("a/(b*c)", EXPR_INFIX, "a/(b*c)"), "divisor");
	CHECK(prints("(-x)^2", EXPR_INFIX, "(-x)^2"), "negative base");
	CHECK(prints("-(x^2)", EXPR_INFIX, "-x^2"), "minus power");
	CHECK(prints("-(a*b)", EXPR_INFIX, "-(a*b)"), "minus product");
	CHECK(prints("-(-x)", EXPR_INFIX, "-(-x)"), "double minus");
	CHECK(prints("(x^y)^z", EXPR_INFIX, "(x^y)^z"), "left power");
	CHECK(prints("x^(y^z)", EXPR_INFIX, "x^y^z"), "right power");
	CHECK(prints("x**-2", EXPR_INFIX, "x^-2"), "signed exponent");
	CHECK(prints("x^2 + y^0.5", EXPR_PYTHON, "x**2 + y**0.5"), "python");
	CHECK(prints("abs(x) + min(x, 1)", EXPR_PYTHON, "Abs(x) + Min(x, 1)"),
	      "sympy names");
	CHECK(prints("x^2/3 + abs(y)", EXPR_C, "pow(x, 2.0)/3.0 + fabs(y)"),
	      "C");
	CHECK(prints("-(-x)", EXPR_C, "-(-x)"), "no -- in C");
	CHECK(prints("(R - 1)*E", EXPR_LATEX, "\\left(R - 1\\right) E"),
	      "latex product");
	CHECK(prints("x_1/x_0^2", EXPR_LATEX, "\\frac{x_{1}}{x_{0}^{2}}"),
	      "latex fraction");
	CHECK(prints("Rbar_plus - Rbar_minus + Rbar", EXPR_LATEX,
		     "\\bar{R}^{+} - \\bar{R}^{-} + \\bar{R}"), "latex names");
	CHECK(prints("sqrt(x)*abs(tau)", EXPR_LATEX,
		     "\\sqrt{x} \\left|\\tau\\right|"), "latex functions");
	CHECK(prints("2*x*1e-9", EXPR_LATEX, "2 x \\cdot 10^{-9}"),
	      "latex numbers");
}

/* Every printed form except LaTeX parses back to an equal tree. */
static void test_round_trip(void)
{
	static const char *forms[] = {
		"(R - 1)*E", "a - (b - c) + (d + e)", "-(a*b)/(c/d)",
		"(-x)^2^-y", "x^(y - 1)*2e-7", "exp(-x)*log(1 + y)/sqrt(z)",
		"min(a, b) - max(-a, abs(b))", "1/3 - 0.125*x^-1", "-(-(-x))",
		"(x_0*x_1)^x_0 - 1", "x - -y", "2^-x^2", "-1.5e300*x",
	};
	static const expr_syntax syn[] = { EXPR_INFIX, EXPR_C, EXPR_PYTHON };

	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		const expr *e = parse(forms[i]);
		for (size_t k = 0; e && k < 3; k++) {
			char *s = expr_print(e, syn[k]);
			const expr *back = parse(s);
			CHECK(back && expr_equal(e, back),
			      "'%s' printed as '%s'", forms[i], s);
			free(s);
		}
	}
}

static void test_queries(void)
{
	const char **names;
	const expr *e = parse("x_10 + x_2*R + x_2 + exp(E)");
	int n = expr_vars(e, &names);
	CHECK(n == 4 && !strcmp(names[0], "E") && !strcmp(names[1], "R") &&
	      !strcmp(names[2], "x_2") && !strcmp(names[3], "x_10"),
	      "vars in natural order (%d)", n);
	free(names);
	CHECK(expr_complexity(parse("(R - 1)*E")) == 2, "complexity");
	CHECK(expr_complexity(parse("-exp(x)^2")) == 3, "complexity");
	CHECK(expr_name_cmp("x_2", "x_10") < 0, "natural order");
}

int main(void)
{
	A = expr_arena_new();
	test_precedence();
	test_numbers();
	test_errors();
	test_notation();
	test_bounds();
	test_many_vars();
	test_nul();
	test_number_values();
	test_printers();
	test_round_trip();
	test_queries();
	expr_arena_free(A);
	return check_done("test_parse");
}
