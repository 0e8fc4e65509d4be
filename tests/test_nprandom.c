/*
 * test_nprandom.c - the numpy-compatible stream against numpy itself:
 * tests/nprandom_ref.h holds calls on numpy's legacy RandomState for
 * fixed seeds and the values numpy returned (made by
 * tests/nprandom_ref.py); every one must come out bit for bit.  Then
 * the properties numpy's values do not show: MT19937's published check
 * value, agreement with GSL's generator except for seed 0, forking by
 * copy, and the refusals that take no draw.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "e2l/sim.h"
#include "nprandom_ref.h"

static const char *const op_name[] = {
	[REF_SEED] = "seed", [REF_WORD] = "word", [REF_SKIP] = "skip",
	[REF_SAMPLE] = "random_sample", [REF_STDEXP] = "standard_exponential",
	[REF_EXP] = "exponential", [REF_STDNORMAL] = "standard_normal",
	[REF_NORMAL] = "normal", [REF_UNIFORM] = "uniform",
	[REF_POISSON] = "poisson", [REF_RANDINT] = "randint",
	[REF_CHOICE] = "choice", [REF_PERMUTATION] = "permutation",
	[REF_VALUE] = "value",
};

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Replays one row (and the value rows that follow a choice or a
 * permutation); returns the number of rows used, or 0 on a mismatch. */
static int replay_row(np_rng *r, int i, int n)
{
	const struct ref_row *w = &ref_rows[i];
	int64_t gi = 0;
	double gd = 0;
	int is_int = 1;

	switch (w->op) {
	case REF_SEED:
		np_seed(r, (uint32_t)w->n1);
		return 1;
	case REF_SKIP:
		for (int64_t k = 0; k < w->n1; k++)
			np_uint32(r);
		return 1;
	case REF_WORD:
		gi = np_uint32(r);
		break;
	case REF_SAMPLE:
		gd = np_random_sample(r), is_int = 0;
		break;
	case REF_STDEXP:
		gd = np_standard_exponential(r), is_int = 0;
		break;
	case REF_EXP:
		gd = np_exponential(r, w->a), is_int = 0;
		break;
	case REF_STDNORMAL:
		gd = np_standard_normal(r), is_int = 0;
		break;
	case REF_NORMAL:
		gd = np_normal(r, w->a, w->b), is_int = 0;
		break;
	case REF_UNIFORM:
		gd = np_uniform(r, w->a, w->b), is_int = 0;
		break;
	case REF_POISSON:
		gi = np_poisson(r, w->a);
		break;
	case REF_RANDINT:
		gi = np_randint(r, w->n1, w->n2);
		break;
	case REF_CHOICE:
	case REF_PERMUTATION: {
		int64_t size = w->op == REF_CHOICE ? w->n2 : w->n1;
		int64_t *got = malloc((size_t)(size ? size : 1) * sizeof *got);
		const char *why = NULL;
		if (w->op == REF_CHOICE)
			why = np_choice(r, w->n1, size, (int)w->a,
					w->b < 0 ? NULL : ref_pvec[(int)w->b].p,
					got);
		else
			np_permutation(r, size, got);
		CHECK(!why, "row %d: %s refused: %s", i, op_name[w->op], why);
		CHECK(i + size < n, "row %d: table ends early", i);
		int ok = !why && i + size < n;
		for (int64_t k = 0; ok && k < size; k++) {
			const struct ref_row *v = &ref_rows[i + 1 + k];
			ok = v->op == REF_VALUE && got[k] == v->want_i;
			CHECK(ok, "row %d: %s(%lld, %lld) item %lld: %lld, "
			      "numpy %lld", i, op_name[w->op],
			      (long long)w->n1, (long long)w->n2,
			      (long long)k, (long long)got[k],
			      (long long)v->want_i);
		}
		free(got);
		return ok ? 1 + (int)size : 0;
	}
	default:
		CHECK(0, "row %d: unknown op %d", i, w->op);
		return 0;
	}
	int ok = is_int ? gi == w->want_i : same_bits(gd, w->want_d);
	if (is_int)
		CHECK(ok, "row %d: %s(%g, %g, %lld, %lld) = %lld, numpy %lld",
		      i, op_name[w->op], w->a, w->b, (long long)w->n1,
		      (long long)w->n2, (long long)gi, (long long)w->want_i);
	else
		CHECK(ok, "row %d: %s(%g, %g) = %.17g, numpy %.17g", i,
		      op_name[w->op], w->a, w->b, gd, w->want_d);
	return ok;
}

static void test_against_numpy(void)
{
	const int n = (int)(sizeof ref_rows / sizeof ref_rows[0]);
	np_rng r;
	int seeds = 0, values = 0;

	np_seed(&r, 0);
	for (int i = 0; i < n;) {
		int used = replay_row(&r, i, n);
		seeds += ref_rows[i].op == REF_SEED;
		values += used > 0 && ref_rows[i].op != REF_SEED &&
			ref_rows[i].op != REF_SKIP ? used : 0;
		if (used) {
			i += used;
			continue;
		}
		/* The stream is out of step: go on from the next seed. */
		while (++i < n && ref_rows[i].op != REF_SEED)
			;
	}
	CHECK(seeds >= 7 && values > 1000, "%d seeds, %d values", seeds,
	      values);
	printf("numpy %s: %d values from %d seedings\n", NPRANDOM_REF_NUMPY,
	       values, seeds);
}

static void test_mt19937_check_value(void)
{
	/* C++11 [rand.predef]: the 10000th word of mt19937 seeded with its
	 * default 5489 is 4123659995. */
	np_rng r;
	uint32_t y = 0;

	np_seed(&r, 5489);
	for (int k = 0; k < 10000; k++)
		y = np_uint32(&r);
	CHECK(y == 4123659995u, "10000th word %u", y);
}

static void test_gsl_agrees_except_seed_0(void)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	np_rng r;
	const uint32_t seeds[] = { 1, 1235, 11214247, 817818273, 4294967295u };

	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		gsl_rng_set(g, seeds[s]);
		np_seed(&r, seeds[s]);
		int same = 1;
		for (int k = 0; k < 2000; k++)
			same &= np_uint32(&r) == (uint32_t)gsl_rng_get(g);
		CHECK(same, "seed %u: GSL's words differ", seeds[s]);
	}
	/* GSL takes seed 0 for its default 4357; numpy does not. */
	gsl_rng_set(g, 0);
	np_seed(&r, 0);
	CHECK(np_uint32(&r) == 2357136044u, "seed 0's first word");
	np_seed(&r, 4357);
	CHECK(np_uint32(&r) == (uint32_t)gsl_rng_get(g), "GSL's seed 0");
	gsl_rng_free(g);
}

static void test_copy_forks(void)
{
	np_rng a, b;

	np_seed(&a, 42);
	np_standard_normal(&a);          /* leaves a normal cached */
	b = a;
	double x = np_standard_normal(&a), y = np_standard_normal(&b);
	CHECK(same_bits(x, y), "the cached normal is part of the copy");
	CHECK(np_uniform(&a, 0, 1) == np_random_sample(&b),
	      "uniform(0, 1) is random_sample");
}

static void test_refusals_take_no_draw(void)
{
	np_rng r, ref;
	int64_t out[8];

	np_seed(&r, 7);
	ref = r;
	CHECK(np_poisson(&r, -1) == -1, "poisson(-1)");
	CHECK(np_poisson(&r, NAN) == -1, "poisson(nan)");
	CHECK(np_poisson(&r, 1e19) == -1, "poisson(1e19)");
	CHECK(np_poisson(&r, 9.2e18) >= 0, "poisson(9.2e18) is allowed");
	r = ref;
	CHECK(np_poisson(&r, 0) == 0, "poisson(0)");
	CHECK(np_randint(&r, 5, 6) == 5, "randint(5, 6)");
	CHECK(np_interval(&r, 0) == 0, "interval(0)");

	const double bad_sum[] = { 0.5, 0.4 }, negative[] = { 1.5, -0.5 },
		nan_p[] = { NAN, 1 }, zeros[] = { 1, 0, 0 };
	const struct {
		int64_t pop, size;
		int replace;
		const double *p;
		const char *why;
	} cases[] = {
		{ 0, 1, 1, NULL,
		  "a must be greater than 0 unless no samples are taken" },
		{ 3, 4, 0, NULL, "Cannot take a larger sample than "
		  "population when 'replace=False'" },
		{ 3, -1, 1, NULL, "Negative dimensions are not allowed" },
		{ 2, 1, 1, bad_sum, "probabilities do not sum to 1" },
		{ 2, 1, 1, negative, "probabilities are not non-negative" },
		{ 2, 1, 1, nan_p, "probabilities contain NaN" },
		{ 3, 2, 0, zeros, "Fewer non-zero entries in p than size" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *why = np_choice(&r, cases[k].pop, cases[k].size,
					    cases[k].replace, cases[k].p, out);
		CHECK(why && !strcmp(why, cases[k].why), "case %zu: %s", k,
		      why ? why : "(accepted)");
	}
	CHECK(!memcmp(&r, &ref, sizeof r), "a refusal took a draw");
	CHECK(!np_choice(&r, 0, 0, 0, NULL, out) && !memcmp(&r, &ref, sizeof r),
	      "choice(0, 0, replace=False) takes nothing");
}

int main(void)
{
	test_against_numpy();
	test_mt19937_check_value();
	test_gsl_agrees_except_seed_0();
	test_copy_forks();
	test_refusals_take_no_draw();
	return check_done("test_nprandom");
}
