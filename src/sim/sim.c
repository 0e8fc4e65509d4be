/*
 * sim.c - random streams, frozen Poisson trains and model constants (see
 * sim.h).
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "e2l/common.h"
#include "e2l/sim.h"

uint64_t sim_seed_mix(uint64_t seed, uint64_t stream)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15u * (stream + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint32_t sim_stream_seed(uint64_t seed, uint64_t stream)
{
	/* mt19937 takes 32 bits of seed; 0 would mean its default. */
	uint64_t s = sim_seed_mix(seed, stream);
	return (uint32_t)((s ^ (s >> 32)) & 0xffffffffu) | 1u;
}

gsl_rng *sim_rng_seeded(uint32_t s)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r) {
		/* The funnel's message; GSL only fails for want of memory. */
		xmalloc((size_t)-1 / 2);
	}
	gsl_rng_set(r, (unsigned long)s);
	return r;
}

gsl_rng *sim_rng(uint64_t seed, uint64_t stream)
{
	return sim_rng_seeded(sim_stream_seed(seed, stream));
}

void sim_train_free(sim_train *t)
{
	free(t->step);
	memset(t, 0, sizeof *t);
}

void sim_train_push(sim_train *t, int64_t step)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->step = xrealloc(t->step, (size_t)t->cap * sizeof *t->step);
	}
	t->step[t->n++] = step;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void sim_poisson_train(gsl_rng *r, double rate, double T, double h,
		       sim_train *out)
{
	unsigned n = gsl_ran_poisson(r, rate * T * 1e-3);

	out->n = 0;
	for (unsigned i = 0; i < n; i++) {
		double t = h + gsl_rng_uniform(r) * (T - h);
		sim_train_push(out, (int64_t)floor(t / h));
	}
	if (out->n > 1)        /* qsort(NULL, 0, ...) is undefined */
		qsort(out->step, (size_t)out->n, sizeof *out->step,
		      cmp_i64);
}

void sim_psc_init(sim_psc *p, double tau_m, double tau_s, double C_m,
		  double h)
{
	p->P11 = exp(-h / tau_s);
	p->P22 = exp(-h / tau_m);
	if (fabs(tau_m - tau_s) < 1e-9 * tau_m)
		/* The limit as tau_s -> tau_m. */
		p->P21 = h / C_m * exp(-h / tau_m);
	else
		p->P21 = tau_s * tau_m / (C_m * (tau_m - tau_s)) *
			(exp(-h / tau_m) - exp(-h / tau_s));
}

void sim_delta_lif_init(sim_delta_lif *n, double tau_m, double threshold,
			double reset, double t_ref, double h)
{
	n->decay = exp(-h / tau_m);
	n->threshold = threshold;
	n->reset = reset;
	n->refractory = (int)lround(t_ref / h);
}
