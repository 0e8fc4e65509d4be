/*
 * test_fuzz.c - bad input never crashes or hangs the parser or the
 * simplifier: random byte strings, and valid formulas mutated a few
 * bytes at a time, 100,000 in all from a fixed seed.  Run under the
 * sanitizers (./quickstart check builds build-asan/ for this), any
 * out-of-bounds access or undefined behaviour fails the test.
 *
 * Beyond not crashing: every error has a message and, for syntax, a
 * place inside the text; everything accepted prints and parses back.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen.h"
#include "e2l/algebra.h"

enum { RANDOM = 50000, MUTATED = 50000, MAX_LEN = 80 };

static const char alphabet[] = "xyzRE_0123456789.e+-*/^()(), \t\nexplogsqrtabsminmax**";

static const char *seeds[] = {
	"(R - 1)*E", "x_2*(x_0 - x_1)*(2*x_1 - 1)/x_0",
	"(x_0*x_1)^x_0 - 1", "-x_0 + x_1/x_0", "exp(-x)*log(1 + y)/sqrt(z)",
	"min(a, b) - max(-a, abs(b))", "1e-3*x^-2 + 0.5", "(v - u)*s",
	"x_2*(x_0 + x_1)*(x_0*(x_0 - x_1) - x_2)/x_0^2", "x^(y^z)",
	"(R - Rbar_plus + Rbar_minus)*E/(1 + Rbar_plus)", "2**3**2",
};

static int random_byte(gsl_rng *r)
{
	/* Mostly formula characters, sometimes any byte. */
	if (gsl_rng_uniform(r) < 0.8)
		return alphabet[gsl_rng_uniform_int(r, sizeof alphabet - 1)];
	return 1 + (int)gsl_rng_uniform_int(r, 255);
}

static int counts[E2L_EIO + 1];

static void exercise(const char *s)
{
	expr_arena *A = expr_arena_new();
	const expr *e, *out, *back;
	e2l_error err = { 0 };
	e2l_status st = expr_parse(A, s, &e, &err);

	CHECK(st >= E2L_OK && st <= E2L_EIO, "status %d", st);
	if (st >= E2L_OK && st <= E2L_EIO)
		counts[st]++;
	if (st != E2L_OK) {
		CHECK(err.msg[0] != '\0', "error without a message for '%s'", s);
		CHECK(err.line >= 1 && err.col >= 1, "error without a place: "
		      "'%s' (%s)", s, err.msg);
		expr_arena_free(A);
		return;
	}
	char *text = expr_print(e, EXPR_INFIX);
	CHECK(expr_parse(A, text, &back, &err) == E2L_OK &&
	      expr_equal(e, back), "'%s' printed as '%s'", s, text);
	free(text);
	st = alg_simplify(A, e, ALG_SIMPLIFY, &out, &err);
	CHECK(st == E2L_OK || st == E2L_EINVALID || st == E2L_ELIMIT,
	      "simplify '%s': %d %s", s, st, err.msg);
	if (st == E2L_OK) {
		text = expr_print(out, EXPR_INFIX);
		CHECK(expr_parse(A, text, &back, &err) == E2L_OK,
		      "simplified '%s' to unparsable '%s'", s, text);
		free(text);
	} else {
		CHECK(err.msg[0] != '\0', "simplify error without message");
	}
	expr_arena_free(A);
}

int main(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	char buf[4 * MAX_LEN + 1];

	gsl_rng_set(r, 2);
	for (int i = 0; i < RANDOM; i++) {
		int n = (int)gsl_rng_uniform_int(r, MAX_LEN);
		for (int k = 0; k < n; k++)
			buf[k] = (char)random_byte(r);
		buf[n] = '\0';
		exercise(buf);
	}
	for (int i = 0; i < MUTATED; i++) {
		const char *seed = seeds[gsl_rng_uniform_int(r, sizeof seeds /
							    sizeof *seeds)];
		size_t n = strlen(seed);
		int edits = 1 + (int)gsl_rng_uniform_int(r, 4);
		memcpy(buf, seed, n + 1);
		for (int k = 0; k < edits; k++) {
			size_t at = n ? gsl_rng_uniform_int(r, n) : 0;
			switch (gsl_rng_uniform_int(r, 4)) {
			case 0:         /* replace */
				if (n)
					buf[at] = (char)random_byte(r);
				break;
			case 1:         /* delete */
				if (n) {
					memmove(buf + at, buf + at + 1, n - at);
					n--;
				}
				break;
			case 2:         /* insert */
				if (n < 2 * MAX_LEN) {
					memmove(buf + at + 1, buf + at, n - at + 1);
					buf[at] = (char)random_byte(r);
					n++;
				}
				break;
			default: {      /* duplicate a slice */
				size_t len = 1 + gsl_rng_uniform_int(r, 8);
				if (at + len > n)
					len = n - at;
				if (n + len <= 3 * MAX_LEN) {
					memmove(buf + at + len, buf + at, n - at + 1);
					n += len;
				}
				break;
			}
			}
		}
		exercise(buf);
	}
	gsl_rng_free(r);
	printf("%d inputs: %d parsed, %d incomplete, %d syntax errors, %d "
	       "unknown names, %d beyond bounds\n", RANDOM + MUTATED,
	       counts[E2L_OK], counts[E2L_INCOMPLETE], counts[E2L_ESYNTAX],
	       counts[E2L_EUNKNOWN], counts[E2L_ELIMIT]);
	CHECK(counts[E2L_OK] > 1000, "the mutations should leave many "
	      "formulas valid (%d)", counts[E2L_OK]);
	alg_release_caches();
	return check_done("test_fuzz");
}
