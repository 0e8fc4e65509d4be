/*
 * parse.c - formula text to expression tree: a lexer and a precedence
 * climbing parser that takes binding power and associativity from
 * expr_ops[], the table the printers read too, so the two cannot drift:
 *
 *     formula = binary(+)
 *     binary(p) = unary { op binary(prec(op) + left-assoc) }  for prec(op) >= p
 *     unary   = ("-" | "+") binary(prec(neg)) | primary
 *     primary = number | name | name "(" formula [ "," formula ] ")"
 *             | "(" formula ")"
 *
 * with op one of + - * / ^ (** is ^), or nothing: the paper's notation
 * 2(v - u)s is 2*(v - u)*s.  A product is implied only where a number or
 * a ')' meets a name or a '(' (2x, 2 x, (a)(b), (v - u)s), at the
 * precedence of *, so x^2y is x^2*y; names are never split (vs is one
 * name), and a/2b, which readers take both ways, is refused.  Pasted
 * typography reads as its ASCII operator: the minus sign and en dash as
 * -, the multiplication sign and dots as *, the division sign as /, and
 * no-break and thin spaces as spaces; the printers write ASCII only.
 *
 * Every error names its line and column (in bytes).  Running out of text
 * where more was expected is reported as E2L_INCOMPLETE so that a REPL
 * can read a continuation line; recursion and tree depth are bounded so
 * that no input can exhaust the stack.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "e2l/expr.h"

typedef enum {
	T_END, T_NUM, T_NAME, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_POW,
	T_LPAREN, T_RPAREN, T_COMMA, T_BAD
} tok_kind;

typedef struct {
	tok_kind kind;
	const char *start;
	size_t len;
	int line, col;
} token;

typedef struct {
	expr_arena *A;
	const char *src;
	const char *p;           /* next unread byte */
	const char *line_start;
	int line;
	token tok;               /* current token */
	token prev;              /* the token before it (T_END at first) */
	int nest;                /* recursion depth */
	e2l_error *err;
	e2l_status status;
} parser;

/* Spellings accepted besides the table's own: what the C and SymPy
 * printers write, so that their output parses back. */
static const struct {
	const char *name;
	int fn;                  /* expr_fn, or -1 for pow(a, b) */
} fn_aliases[] = {
	{ "Abs", FN_ABS }, { "fabs", FN_ABS }, { "Min", FN_MIN },
	{ "fmin", FN_MIN }, { "Max", FN_MAX }, { "fmax", FN_MAX },
	{ "pow", -1 },
};

/* Typography that pasted formulas carry, in UTF-8, read as ASCII: T_END
 * marks a space. */
static const struct {
	const char *utf8;
	tok_kind kind;
} typography[] = {
	{ "\xe2\x88\x92", T_MINUS },    /* minus sign */
	{ "\xe2\x80\x93", T_MINUS },    /* en dash, a minus in many PDFs */
	{ "\xc3\x97", T_STAR },         /* multiplication sign */
	{ "\xc2\xb7", T_STAR },         /* middle dot */
	{ "\xe2\x8b\x85", T_STAR },     /* dot operator */
	{ "\xe2\x88\x97", T_STAR },     /* asterisk operator */
	{ "\xc3\xb7", T_SLASH },        /* division sign */
	{ "\xe2\x88\x95", T_SLASH },    /* division slash */
	{ "\xc2\xa0", T_END },          /* no-break space */
	{ "\xe2\x80\x89", T_END },      /* thin space */
	{ "\xe2\x80\xaf", T_END },      /* narrow no-break space */
};

/* The typography entry spelled at p, or -1. */
static int typographic(const char *p)
{
	if (!((unsigned char)*p & 0x80))
		return -1;
	for (size_t i = 0; i < sizeof typography / sizeof *typography; i++)
		if (!strncmp(p, typography[i].utf8, strlen(typography[i].utf8)))
			return (int)i;
	return -1;
}

/* Length of the UTF-8 sequence at p, with its code point in *cp; 0 when
 * p does not start a valid one. */
static size_t utf8_len(const char *p, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = u[0] >= 0xf0 && u[0] < 0xf5 ? 4 : u[0] >= 0xe0 ? 3 :
		u[0] >= 0xc2 && u[0] < 0xe0 ? 2 : 0;

	if (n == 0 || (n == 3 && u[0] >= 0xf0))
		return 0;
	*cp = u[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (u[i] & 0x3f);
	}
	/* Overlong forms and surrogates are not characters. */
	if ((n == 3 && (*cp < 0x800 || (*cp >= 0xd800 && *cp < 0xe000))) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10ffff)))
		return 0;
	return n;
}

/* Length of the number at p as the lexer reads it (digits, a point,
 * digits, an exponent), or 0 when no number starts there: the one
 * definition of a number's spelling, for formulas and for values. */
static size_t scan_number(const char *p)
{
	const char *q = p;

	if (!isdigit((unsigned char)*p) &&
	    !(*p == '.' && isdigit((unsigned char)p[1])))
		return 0;
	while (isdigit((unsigned char)*q))
		q++;
	if (*q == '.')
		for (q++; isdigit((unsigned char)*q); q++)
			;
	if ((*q == 'e' || *q == 'E') &&
	    (isdigit((unsigned char)q[1]) ||
	     ((q[1] == '+' || q[1] == '-') && isdigit((unsigned char)q[2])))) {
		q += 2;
		while (isdigit((unsigned char)*q))
			q++;
	}
	return (size_t)(q - p);
}

static void next(parser *P)
{
	const char *p = P->p;
	token *t = &P->tok;
	int k;

	P->prev = *t;
	for (;;) {
		if (*p == '\n') {
			P->line++;
			P->line_start = ++p;
		} else if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
		} else if ((k = typographic(p)) >= 0 &&
			   typography[k].kind == T_END) {
			p += strlen(typography[k].utf8);
		} else {
			break;
		}
	}
	t->start = p;
	t->line = P->line;
	t->col = (int)(p - P->line_start) + 1;
	t->len = 1;
	switch (*p) {
	case '\0': t->kind = T_END; t->len = 0; break;
	case '+': t->kind = T_PLUS; break;
	case '-': t->kind = T_MINUS; break;
	case '/': t->kind = T_SLASH; break;
	case '^': t->kind = T_POW; break;
	case '(': t->kind = T_LPAREN; break;
	case ')': t->kind = T_RPAREN; break;
	case ',': t->kind = T_COMMA; break;
	case '*':
		if (p[1] == '*') {
			t->kind = T_POW;
			t->len = 2;
		} else {
			t->kind = T_STAR;
		}
		break;
	default:
		if ((k = typographic(p)) >= 0) {
			t->kind = typography[k].kind;
			t->len = strlen(typography[k].utf8);
		} else if ((t->len = scan_number(p)) > 0) {
			t->kind = T_NUM;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q = p;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			t->kind = T_NAME;
			t->len = (size_t)(q - p);
		} else {
			unsigned cp;
			size_t n = utf8_len(p, &cp);
			t->kind = T_BAD;
			t->len = n ? n : 1;      /* a whole character */
		}
	}
	P->p = p + t->len;
}

/* Shows a token in a message: 'x', '→' (U+2192), byte 0x01, or "the end
 * of the formula". */
static const char *show(const token *t, char *buf, size_t size)
{
	unsigned cp;

	if (t->kind == T_END)
		return "the end of the formula";
	if (t->kind == T_BAD && t->len > 1 && utf8_len(t->start, &cp))
		snprintf(buf, size, "'%.*s' (U+%04X)", (int)t->len, t->start,
			 cp);
	else if (t->kind == T_BAD && !isprint((unsigned char)*t->start))
		snprintf(buf, size, "byte 0x%02x",
			 (unsigned)(unsigned char)*t->start);
	else
		snprintf(buf, size, "'%.*s'", t->len > 20 ? 20 : (int)t->len,
			 t->start);
	return buf;
}

/* Records the first error; E2L_INCOMPLETE when the text simply ended. */
static const expr *fail_at(parser *P, const token *t, const char *what)
{
	char buf[48];
	if (P->status != E2L_OK)
		return NULL;
	if (t->kind == T_END) {
		P->status = e2l_fail(P->err, E2L_INCOMPLETE, t->line, t->col,
				     "incomplete formula: %s", what);
	} else {
		P->status = e2l_fail(P->err, E2L_ESYNTAX, t->line, t->col,
				     "%s, found %s", what,
				     show(t, buf, sizeof buf));
	}
	return NULL;
}

/*
 * The one bound is the depth of the tree (every walk recurses on it), but
 * two kinds of text reach it: nesting (parentheses, signs, powers of
 * powers), and a long run of operations at one level, since a + b + c is
 * (a + b) + c and each term of a sum or product adds a level.  The message
 * names the kind: a chain of `chain` operations, or 0 for nesting.
 */
static const expr *limit(parser *P, const token *t, int chain)
{
	if (P->status != E2L_OK)
		return NULL;
	if (chain)
		P->status = e2l_fail(P->err, E2L_ELIMIT, t->line, t->col,
				     "more than %d terms in one sum or product "
				     "(the limit is %d levels of operations); "
				     "group terms in parentheses", chain,
				     EXPR_MAX_DEPTH);
	else
		P->status = e2l_fail(P->err, E2L_ELIMIT, t->line, t->col,
				     "formula nested more than %d levels deep",
				     EXPR_MAX_DEPTH);
	return NULL;
}

static const expr *checked(parser *P, const token *t, const expr *e)
{
	if (e && e->depth > EXPR_MAX_DEPTH)
		return limit(P, t, 0);
	return e;
}

static const expr *number(parser *P)
{
	const token *t = &P->tok;
	char digits[EXPR_MAX_DIGITS + 1];
	size_t nd = 0;
	long exp10 = 0;
	int seen_point = 0, significant = 0;
	const char *q = t->start, *end = t->start + t->len;

	for (; q < end && *q != 'e' && *q != 'E'; q++) {
		if (*q == '.') {
			seen_point = 1;
			continue;
		}
		if (*q != '0')
			significant = 1;
		if (!significant) {
			if (seen_point)
				exp10--;
			continue;
		}
		if (nd == EXPR_MAX_DIGITS) {
			P->status = e2l_fail(P->err, E2L_ELIMIT, t->line, t->col,
					     "number with more than %d digits",
					     EXPR_MAX_DIGITS);
			return NULL;
		}
		digits[nd++] = *q;
		if (seen_point)
			exp10--;
	}
	if (q < end) {
		int sign = 1;
		long e = 0;
		q++;
		if (*q == '+' || *q == '-')
			sign = *q++ == '-' ? -1 : 1;
		for (; q < end; q++)
			if (e < 100000)
				e = e * 10 + (*q - '0');
		exp10 += sign * e;
	}
	if (nd == 0) {
		digits[nd++] = '0';
		exp10 = 0;
	}
	digits[nd] = '\0';
	/* Magnitude of the leading digit must stay within double range. */
	if (exp10 + (long)nd - 1 > EXPR_MAX_EXP10 ||
	    exp10 + (long)nd - 1 < -EXPR_MAX_EXP10) {
		P->status = e2l_fail(P->err, E2L_ELIMIT, t->line, t->col,
				     "number %.*s is out of range (1e-%d to 1e%d)",
				     t->len > 30 ? 30 : (int)t->len, t->start,
				     EXPR_MAX_EXP10, EXPR_MAX_EXP10);
		return NULL;
	}
	return expr_num(P->A, digits, (int)exp10);
}

static const expr *sum(parser *P);
static const expr *binary(parser *P, int min_prec);

static int lookup_fn(const token *t)
{
	for (int i = 0; i < FN_COUNT; i++)
		if (strlen(expr_fns[i].name) == t->len &&
		    !strncmp(expr_fns[i].name, t->start, t->len))
			return i;
	for (size_t i = 0; i < sizeof fn_aliases / sizeof *fn_aliases; i++)
		if (strlen(fn_aliases[i].name) == t->len &&
		    !strncmp(fn_aliases[i].name, t->start, t->len))
			return fn_aliases[i].fn;
	return -2;
}

static const expr *call(parser *P, token name)
{
	int fn = lookup_fn(&name);
	int arity = fn == -1 ? 2 : fn >= 0 ? expr_fns[fn].arity : 0;
	const expr *args[2] = { NULL, NULL };
	int n = 0;

	if (fn == -2) {
		int n = name.len > 30 ? 30 : (int)name.len;
		P->status = e2l_fail(P->err, E2L_EUNKNOWN, name.line, name.col,
				     "unknown function '%.*s' (functions: exp, "
				     "log, sqrt, abs, min, max; a product is "
				     "written %.*s*(...))", n, name.start, n,
				     name.start);
		return NULL;
	}
	next(P);                 /* past '(' */
	for (;;) {
		const expr *a = sum(P);
		if (!a)
			return NULL;
		if (n < 2)
			args[n] = a;
		n++;
		if (P->tok.kind != T_COMMA)
			break;
		next(P);
	}
	if (P->tok.kind != T_RPAREN) {
		char what[80];
		snprintf(what, sizeof what, "expected ',' or ')' in %.*s(...)",
			 (int)name.len, name.start);
		return fail_at(P, &P->tok, what);
	}
	if (n != arity) {
		P->status = e2l_fail(P->err, E2L_ESYNTAX, name.line, name.col,
				     "%.*s takes %d argument%s, not %d",
				     (int)name.len, name.start, arity,
				     arity == 1 ? "" : "s", n);
		return NULL;
	}
	next(P);
	if (fn == -1)
		return checked(P, &name,
			       expr_binary(P->A, EXPR_POW, args[0], args[1]));
	return checked(P, &name, expr_call(P->A, (expr_fn)fn, args[0], args[1]));
}

static const expr *primary(parser *P)
{
	token t = P->tok;
	char name[80];
	const expr *e;

	switch (t.kind) {
	case T_NUM:
		e = number(P);
		next(P);
		return e;
	case T_NAME:
		next(P);
		if (P->tok.kind == T_LPAREN)
			return call(P, t);
		if (t.len >= sizeof name) {
			P->status = e2l_fail(P->err, E2L_ELIMIT, t.line, t.col,
					     "name longer than %d characters",
					     (int)sizeof name - 1);
			return NULL;
		}
		memcpy(name, t.start, t.len);
		name[t.len] = '\0';
		return expr_var(P->A, name);
	case T_LPAREN:
		next(P);
		e = sum(P);
		if (!e)
			return NULL;
		if (P->tok.kind != T_RPAREN) {
			char what[80];
			size_t span = (size_t)(P->tok.start - t.start);
			while (span > 0 && isspace((unsigned char)t.start[span - 1]))
				span--;
			if (t.line != P->tok.line || span > 24)
				snprintf(what, sizeof what,
					 "expected ')' to match the '(' at %d:%d",
					 t.line, t.col);
			else
				snprintf(what, sizeof what,
					 "expected ')' after '%.*s'", (int)span,
					 t.start);
			return fail_at(P, &P->tok, what);
		}
		next(P);
		return e;
	default:
		return fail_at(P, &P->tok, "expected a number, a name or '('");
	}
}

/* The operator a token spells between two operands, or EXPR_NUM. */
static expr_kind infix_kind(tok_kind t)
{
	switch (t) {
	case T_PLUS: return EXPR_ADD;
	case T_MINUS: return EXPR_SUB;
	case T_STAR: return EXPR_MUL;
	case T_SLASH: return EXPR_DIV;
	case T_POW: return EXPR_POW;
	default: return EXPR_NUM;
	}
}

/* Prefix signs bind as expr_ops[EXPR_NEG] says: tighter than * and
 * looser than ^, so -a*b is (-a)*b and -x^2 is -(x^2). */
static const expr *unary(parser *P)
{
	token t = P->tok;
	const expr *e;

	if (t.kind != T_MINUS && t.kind != T_PLUS)
		return primary(P);
	if (++P->nest > EXPR_MAX_DEPTH)
		return limit(P, &t, 0);
	next(P);
	e = binary(P, expr_ops[EXPR_NEG].prec);
	P->nest--;
	if (!e || t.kind == T_PLUS)
		return e;
	return checked(P, &t, expr_unary(P->A, EXPR_NEG, e));
}

/* Does the current token start an implied product with the one before:
 * a number or ')' followed by a name or '('? */
static int implied(const parser *P)
{
	return (P->prev.kind == T_NUM || P->prev.kind == T_RPAREN) &&
		(P->tok.kind == T_NAME || P->tok.kind == T_LPAREN);
}

/* Precedence climbing over expr_ops[]: operators binding at least as
 * tightly as min_prec.  A right-associative operator's right operand may
 * hold the same operator again (2^3^2 is 2^(3^2)); a left-associative
 * one's may not, so a - b - c is (a - b) - c.  An implied product is a
 * '*' that is not written. */
static const expr *binary(parser *P, int min_prec)
{
	token start = P->tok;
	const expr *e;
	expr_kind k, last = EXPR_NUM;    /* the last operator joined here */
	int chain = 0;           /* operations joined at this level */

	if (++P->nest > EXPR_MAX_DEPTH)
		return limit(P, &start, 0);
	e = unary(P);
	while (e && ((k = infix_kind(P->tok.kind)) != EXPR_NUM ||
		     (implied(P) && (k = EXPR_MUL))) &&
	       expr_ops[k].prec >= min_prec) {
		token op = P->tok;
		int next_prec = expr_ops[k].prec + !expr_ops[k].right_assoc;
		int written = infix_kind(op.kind) != EXPR_NUM;
		const expr *r;
		if (!written && P->prev.kind == T_NUM &&
		    P->prev.len == 1 && *P->prev.start == '0' &&
		    op.start == P->prev.start + 1 &&
		    strchr("xXbBoO", *op.start)) {
			/* 0x10 as 0 times x10 would be a silent misreading. */
			P->status = e2l_fail(P->err, E2L_ESYNTAX, P->prev.line,
					     P->prev.col, "'%.*s' is not a "
					     "number: write numbers in decimal",
					     op.len > 20 ? 20 : (int)op.len + 1,
					     P->prev.start);
			return NULL;
		}
		if (!written && last == EXPR_DIV) {
			char what[120];
			const char *s = start.start;
			int n = (int)(P->prev.start + P->prev.len - s);
			snprintf(what, sizeof what, "a product after a quotient "
				 "is ambiguous: write '*' or parentheses after "
				 "'%.*s'", n > 40 ? 40 : n, s);
			return fail_at(P, &op, what);
		}
		last = k;
		if (written)
			next(P);
		r = binary(P, next_prec);
		if (!r)
			return NULL;
		e = expr_binary(P->A, k, e, r);
		chain++;
		/* Mostly this run's own length: say so. */
		if (e->depth > EXPR_MAX_DEPTH)
			e = limit(P, &op, 2 * chain >= EXPR_MAX_DEPTH ?
				  chain : 0);
	}
	P->nest--;
	return e;
}

static const expr *sum(parser *P)
{
	return binary(P, expr_ops[EXPR_ADD].prec);
}

e2l_status expr_parse(expr_arena *A, const char *src, const expr **out,
		      e2l_error *err)
{
	return expr_parse_len(A, src, strnlen(src, (size_t)EXPR_MAX_LEN + 1),
			      out, err);
}

e2l_status expr_parse_len(expr_arena *A, const char *src, size_t len,
			  const expr **out, e2l_error *err)
{
	parser P = { .A = A, .src = src, .p = src, .line_start = src,
		     .line = 1, .err = err, .status = E2L_OK };
	const expr *e;
	const char *nul;

	*out = NULL;
	if (len > EXPR_MAX_LEN)
		return e2l_fail(err, E2L_ELIMIT, 1, 1,
				"formula longer than %d bytes", EXPR_MAX_LEN);
	/* The lexer stops at a NUL: one inside the text would cut the
	 * formula short without a word. */
	if ((nul = memchr(src, '\0', len))) {
		int line = 1;
		const char *bol = src;
		for (const char *q = src; q < nul; q++)
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		return e2l_fail(err, E2L_ESYNTAX, line, (int)(nul - bol) + 1,
				"a NUL byte in the formula");
	}
	next(&P);
	if (P.tok.kind == T_END)
		return e2l_fail(err, E2L_INCOMPLETE, P.tok.line, P.tok.col,
				"incomplete formula: the formula is empty");
	e = sum(&P);
	if (e && P.tok.kind != T_END) {
		if (P.tok.kind == T_RPAREN)
			fail_at(&P, &P.tok, "unmatched ')'");
		else if (P.tok.kind == T_BAD)
			fail_at(&P, &P.tok, "unexpected character");
		else if (P.tok.kind == T_NAME || P.tok.kind == T_NUM ||
			 P.tok.kind == T_LPAREN) {
			/* Two operands side by side: a product, most likely,
			 * of a kind not implied (x y, x 2). */
			char what[120];
			snprintf(what, sizeof what, "expected an operator (a "
				 "product is written %.*s*%.*s)",
				 P.prev.len > 20 ? 20 : (int)P.prev.len,
				 P.prev.start, P.tok.len > 20 ? 20 :
				 (int)P.tok.len, P.tok.start);
			fail_at(&P, &P.tok, what);
		} else
			fail_at(&P, &P.tok, "expected an operator");
		e = NULL;
	}
	if (!e)
		return P.status != E2L_OK ? P.status :
			e2l_fail(err, E2L_ESYNTAX, 1, 1, "malformed formula");
	*out = e;
	return E2L_OK;
}

e2l_status expr_parse_number(const char *text, double *value,
			     e2l_error *err)
{
	expr_arena *A = expr_arena_new();
	parser P = { .A = A, .src = text, .p = text, .line_start = text,
		     .line = 1, .err = err, .status = E2L_OK };
	const char *p = text;
	int neg = 0;
	size_t n;
	const expr *e;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	n = scan_number(p);
	if (n == 0 || p[n] != '\0') {
		expr_arena_free(A);
		return e2l_fail(err, E2L_ESYNTAX, 0, 0, "'%.40s' is not a "
				"number (write a decimal such as 2, -0.5 or "
				"1e-3)", text);
	}
	P.tok = (token){ T_NUM, p, n, 1, (int)(p - text) + 1 };
	e = number(&P);
	if (e)
		*value = neg ? -e->value : e->value;
	expr_arena_free(A);
	return e ? E2L_OK : P.status;
}
