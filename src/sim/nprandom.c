/*
 * nprandom.c - a random stream that gives, call for call, the values of
 * numpy's legacy numpy.random.RandomState (see sim.h).
 *
 * The paper's code draws its inputs with RandomState and fixed seeds; with
 * this stream e2l rebuilds those inputs exactly.  Exactness is the whole
 * point, so every function follows numpy's order of draws and of
 * floating-point operations, including the odd corners (a cached second
 * normal, no draw for an empty range, a whole-population shuffle behind
 * choice without replacement).  The algorithms are the published ones,
 * cited at each function; tests/test_nprandom.c checks every function
 * bit for bit against values numpy printed (tests/nprandom_ref.py).
 *
 * GSL's gsl_rng_mt19937 yields the same words for a nonzero seed, but
 * replaces seed 0, which the paper uses, by 4357: hence our own MT19937.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/common.h"
#include "e2l/sim.h"

/* ---- MT19937 (Matsumoto & Nishimura, ACM TOMACS 8(1), 1998) --------- */

enum { MT_N = 624, MT_M = 397 };

void np_seed(np_rng *r, uint32_t seed)
{
	/* init_genrand of the authors' 2002 reference code: Knuth's
	 * multiplier 1812433253 (TAOCP vol. 2, 3rd ed., p. 106). */
	r->key[0] = seed;
	for (uint32_t i = 1; i < MT_N; i++)
		r->key[i] = 1812433253u * (r->key[i - 1] ^
					   (r->key[i - 1] >> 30)) + i;
	r->pos = MT_N;
	r->has_gauss = 0;
	r->gauss = 0.0;
}

/* One word of the recurrence from x[k], x[k + 1] and x[k + M]. */
static inline uint32_t mt_next(uint32_t a, uint32_t b, uint32_t m)
{
	uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
	return m ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
}

/* Regenerates all 624 words in place.  Indices wrap, so words past the
 * end read the ones already regenerated, as in the paper's recurrence;
 * the loop is split where they wrap, as in the authors' code, since a
 * modulo per word made drawing words the inputs' largest cost. */
static void mt_twist(np_rng *r)
{
	uint32_t *x = r->key;
	int k = 0;

	for (; k < MT_N - MT_M; k++)
		x[k] = mt_next(x[k], x[k + 1], x[k + MT_M]);
	for (; k < MT_N - 1; k++)
		x[k] = mt_next(x[k], x[k + 1], x[k + MT_M - MT_N]);
	x[MT_N - 1] = mt_next(x[MT_N - 1], x[0], x[MT_M - 1]);
	r->pos = 0;
}

uint32_t np_uint32(np_rng *r)
{
	if (r->pos >= MT_N)
		mt_twist(r);
	uint32_t y = r->key[r->pos++];
	/* Tempering. */
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680u;
	y ^= (y << 15) & 0xefc60000u;
	y ^= y >> 18;
	return y;
}

/* Two words, the first in the high half: what numpy's mt19937_next64
 * gives as Debian's build compiles it (C leaves the order of the two
 * calls in its one expression unspecified; the references pin it). */
static uint64_t np_uint64(np_rng *r)
{
	uint64_t hi = np_uint32(r);
	return hi << 32 | np_uint32(r);
}

/* ---- Continuous distributions --------------------------------------- */

double np_random_sample(np_rng *r)
{
	/* genrand_res53 of the MT19937 reference code: 27 + 26 bits. */
	uint32_t a = np_uint32(r) >> 5;
	uint32_t b = np_uint32(r) >> 6;
	return (a * 67108864.0 + b) / 9007199254740992.0;
}

double np_standard_exponential(np_rng *r)
{
	/* Inversion; 1 - U keeps log away from 0. */
	return -log(1.0 - np_random_sample(r));
}

double np_exponential(np_rng *r, double scale)
{
	return scale * np_standard_exponential(r);
}

double np_standard_normal(np_rng *r)
{
	if (r->has_gauss) {
		r->has_gauss = 0;
		double g = r->gauss;
		r->gauss = 0.0;
		return g;
	}
	/* Marsaglia & Bray's polar method (SIAM Review 6, 1964): a point
	 * uniform in the unit disc gives two normals; keep one for the next
	 * call. */
	double x1, x2, r2;
	do {
		x1 = 2.0 * np_random_sample(r) - 1.0;
		x2 = 2.0 * np_random_sample(r) - 1.0;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1.0 || r2 == 0.0);
	double f = sqrt(-2.0 * log(r2) / r2);
	r->gauss = f * x1;
	r->has_gauss = 1;
	return f * x2;
}

double np_normal(np_rng *r, double loc, double scale)
{
	return loc + scale * np_standard_normal(r);
}

double np_uniform(np_rng *r, double low, double high)
{
	double range = high - low;
	return low + range * np_random_sample(r);
}

/* ---- Poisson -------------------------------------------------------- */

/* log Gamma(x) for x > 0: Stirling's series after shifting x to >= 7, with
 * the coefficients as published in SPECFUN's LGAMA (Zhang & Jin,
 * "Computation of Special Functions", Wiley 1996).  The decimal constants
 * are the book's, not the exact Bernoulli ratios: they round differently. */
static double loggam(double x)
{
	static const double a[10] = {
		8.333333333333333e-02, -2.777777777777778e-03,
		7.936507936507937e-04, -5.952380952380952e-04,
		8.417508417508418e-04, -1.917526917526918e-03,
		6.410256410256410e-03, -2.955065359477124e-02,
		1.796443723688307e-01, -1.39243221690590e+00
	};
	if (x == 1.0 || x == 2.0)
		return 0.0;
	double x0 = x;
	int64_t n = 0;
	if (x <= 7.0) {
		n = (int64_t)(7 - x);
		x0 = x + n;
	}
	double x2 = 1.0 / (x0 * x0);
	double s = a[9];
	for (int k = 8; k >= 0; k--) {
		s *= x2;
		s += a[k];
	}
	/* 2 pi as the book writes it. */
	double gl = s / x0 + 0.5 * log(6.283185307179586477) +
		(x0 - 0.5) * log(x0) - x0;
	if (x <= 7.0) {
		for (int64_t k = 1; k <= n; k++) {
			gl -= log(x0 - 1.0);
			x0 -= 1.0;
		}
	}
	return gl;
}

/* Small means: multiply uniforms until the product drops to e^-lam
 * (Knuth, TAOCP vol. 2, 3.4.1 F). */
static int64_t poisson_mult(np_rng *r, double lam)
{
	double enlam = exp(-lam), prod = 1.0;
	int64_t x = 0;
	for (;;) {
		prod *= np_random_sample(r);
		if (prod > enlam)
			x++;
		else
			return x;
	}
}

/* Large means: PTRS, transformed rejection with squeeze (Hoermann,
 * "The transformed rejection method for generating Poisson random
 * variables", Insurance: Mathematics and Economics 12, 39-45, 1993),
 * with the paper's constants. */
static int64_t poisson_ptrs(np_rng *r, double lam)
{
	double slam = sqrt(lam), loglam = log(lam);
	double b = 0.931 + 2.53 * slam;
	double a = -0.059 + 0.02483 * b;
	double invalpha = 1.1239 + 1.1328 / (b - 3.4);
	double vr = 0.9277 - 3.6224 / (b - 2);

	for (;;) {
		double u = np_random_sample(r) - 0.5;
		double v = np_random_sample(r);
		double us = 0.5 - fabs(u);
		int64_t k = (int64_t)floor((2 * a / us + b) * u + lam + 0.43);
		if (us >= 0.07 && v <= vr)
			return k;
		if (k < 0 || (us < 0.013 && v > us))
			continue;
		/* The acceptance test in logs, term by term as numpy sums it. */
		if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
		    -lam + k * loglam - loggam(k + 1))
			return k;
	}
}

int64_t np_poisson(np_rng *r, double lam)
{
	/* numpy's POISSON_LAM_MAX: the int64 range less a safety margin. */
	const double lam_max = (double)INT64_MAX - sqrt((double)INT64_MAX) * 10;

	if (!(lam >= 0) || lam > lam_max)
		return -1;
	if (lam >= 10)
		return poisson_ptrs(r, lam);
	if (lam == 0)
		return 0;
	return poisson_mult(r, lam);
}

/* ---- Bounded integers, shuffles, choice ----------------------------- */

/* Uniform on [0, max] by masked rejection: draw the bits of the smallest
 * all-ones mask >= max, retry above max.  One word per try when max fits
 * 32 bits, two otherwise.  max = 0 draws nothing. */
static uint64_t masked(np_rng *r, uint64_t max)
{
	uint64_t mask = max, v;

	if (max == 0)
		return 0;
	for (int s = 1; s < 64; s *= 2)
		mask |= mask >> s;
	if (max <= 0xffffffffu) {
		while ((v = np_uint32(r) & mask) > max)
			;
	} else {
		while ((v = np_uint64(r) & mask) > max)
			;
	}
	return v;
}

int64_t np_randint(np_rng *r, int64_t low, int64_t high)
{
	/* The closed range [low, high - 1], in unsigned arithmetic so that
	 * the widest int64 ranges do not overflow. */
	uint64_t range = (uint64_t)high - 1u - (uint64_t)low;
	return (int64_t)((uint64_t)low + masked(r, range));
}

uint64_t np_interval(np_rng *r, uint64_t max)
{
	return masked(r, max);
}

void np_shuffle(np_rng *r, void *base, size_t n, size_t size)
{
	unsigned char *p = base;

	/* Fisher-Yates from the top (Durstenfeld, CACM 7(7), 1964). */
	for (size_t i = n > 0 ? n - 1 : 0; i > 0; i--) {
		size_t j = (size_t)np_interval(r, i);
		unsigned char *x = p + i * size, *y = p + j * size;
		for (size_t b = 0; b < size; b++) {
			unsigned char t = x[b];
			x[b] = y[b];
			y[b] = t;
		}
	}
}

void np_permutation(np_rng *r, int64_t n, int64_t *out)
{
	for (int64_t i = 0; i < n; i++)
		out[i] = i;
	np_shuffle(r, out, (size_t)(n > 0 ? n : 0), sizeof *out);
}

/* Sequential sum: numpy's cumsum, scaled so that the last entry is 1. */
static void cdf_of(const double *p, int64_t n, double *cdf)
{
	double s = 0.0;
	for (int64_t i = 0; i < n; i++)
		cdf[i] = s = s + p[i];
	double last = cdf[n - 1];
	for (int64_t i = 0; i < n; i++)
		cdf[i] /= last;
}

/* The first index whose cdf exceeds u (searchsorted, side='right'). */
static int64_t search_right(const double *cdf, int64_t n, double u)
{
	int64_t lo = 0, hi = n;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Kahan's compensated sum (CACM 8(1), 1965), as numpy checks p with. */
static double kahan_sum(const double *x, int64_t n)
{
	if (n <= 0)
		return 0.0;
	double s = x[0], c = 0.0;
	for (int64_t i = 1; i < n; i++) {
		double y = x[i] - c, t = s + y;
		c = (t - s) - y;
		s = t;
	}
	return s;
}

static const char *check_p(const double *p, int64_t pop)
{
	double sum = kahan_sum(p, pop);
	if (isnan(sum))
		return "probabilities contain NaN";
	for (int64_t i = 0; i < pop; i++)
		if (p[i] < 0)
			return "probabilities are not non-negative";
	/* atol: the square root of double's epsilon. */
	if (fabs(sum - 1.0) > sqrt(2.220446049250313e-16))
		return "probabilities do not sum to 1";
	return NULL;
}

/* Without replacement, weighted: rounds of draws against the weights
 * with the ones already found zeroed, each round keeping its new values
 * in order of first appearance. */
static void choice_weighted_unique(np_rng *r, int64_t pop, int64_t size,
				   const double *p, int64_t *out)
{
	double *w = xmalloc((size_t)pop * sizeof *w);
	double *cdf = xmalloc((size_t)pop * sizeof *cdf);
	char *seen = xmalloc((size_t)pop);
	int64_t found = 0;

	memcpy(w, p, (size_t)pop * sizeof *w);
	while (found < size) {
		int64_t want = size - found;
		/* numpy draws the round's uniforms before it rebuilds the cdf. */
		double *u = xmalloc((size_t)want * sizeof *u);
		for (int64_t i = 0; i < want; i++)
			u[i] = np_random_sample(r);
		for (int64_t i = 0; i < found; i++)
			w[out[i]] = 0.0;
		cdf_of(w, pop, cdf);
		memset(seen, 0, (size_t)pop);
		for (int64_t i = 0; i < want; i++) {
			int64_t k = search_right(cdf, pop, u[i]);
			if (!seen[k]) {
				seen[k] = 1;
				out[found++] = k;
			}
		}
		free(u);
	}
	free(seen);
	free(cdf);
	free(w);
}

const char *np_choice(np_rng *r, int64_t pop, int64_t size, int replace,
		      const double *p, int64_t *out)
{
	const char *why;

	if (size < 0)
		return "Negative dimensions are not allowed";
	if (pop <= 0 && size != 0)
		return "a must be greater than 0 unless no samples are taken";
	if (p && (why = check_p(p, pop)))
		return why;

	if (replace && !p) {
		for (int64_t i = 0; i < size; i++)
			out[i] = np_randint(r, 0, pop);
		return NULL;
	}
	if (replace) {
		double *cdf = xmalloc((size_t)pop * sizeof *cdf);
		cdf_of(p, pop, cdf);
		for (int64_t i = 0; i < size; i++)
			out[i] = search_right(cdf, pop, np_random_sample(r));
		free(cdf);
		return NULL;
	}
	if (size > pop)
		return "Cannot take a larger sample than population when "
			"'replace=False'";
	if (p) {
		int64_t nonzero = 0;
		for (int64_t i = 0; i < pop; i++)
			nonzero += p[i] > 0;
		if (nonzero < size)
			return "Fewer non-zero entries in p than size";
		choice_weighted_unique(r, pop, size, p, out);
		return NULL;
	}
	/* permutation(pop)[:size]: the whole population is shuffled. */
	if (pop > 0) {
		int64_t *perm = xmalloc((size_t)pop * sizeof *perm);
		np_permutation(r, pop, perm);
		memcpy(out, perm, (size_t)size * sizeof *out);
		free(perm);
	}
	return NULL;
}
