/*
 * test_sim.c - the simulation layer against known answers: the PSP of a
 * unit current, free relaxation, Poisson input statistics, escape-noise
 * firing rates, STDP traces, and independent seeded streams.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "e2l/sim.h"

static void test_psp_kernel(void)
{
	/* A 1 pA current jump into the reward/error neuron (iaf_psc_exp): the
	 * PSP peaks at about 0.00535 mV after about 4.02 ms. */
	const double h = 0.01;
	sim_psc p;
	double V = 0, I = 1, peak = 0, t_peak = 0;

	sim_psc_init(&p, 10, 2, 250, h);
	for (int k = 1; k <= 5000; k++) {
		sim_psc_step(&p, &V, &I);
		if (V > peak) {
			peak = V;
			t_peak = k * h;
		}
	}
	CHECK(fabs(peak - 0.00535) < 0.00001, "PSP peak %.6f mV", peak);
	CHECK(fabs(t_peak - 4.02) < 0.02, "PSP peak at %.3f ms", t_peak);
	/* The closed form: tau_s tau_m / (C (tau_m - tau_s)) (e^-t/tau_m -
	 * e^-t/tau_s) at t = 4.02 ms. */
	double t = 4.02, exact = 2.0 * 10 / (250 * 8) *
		(exp(-t / 10) - exp(-t / 2));
	V = 0;
	I = 1;
	for (int k = 0; k < 402; k++)
		sim_psc_step(&p, &V, &I);
	CHECK(fabs(V - exact) < 1e-12, "exact integration: %.15g vs %.15g",
	      V, exact);
	/* The same at a ten times coarser step. */
	sim_psc_init(&p, 10, 2, 250, 0.1);
	V = 0;
	I = 1;
	for (int k = 0; k < 40; k++)
		sim_psc_step(&p, &V, &I);
	t = 4.0;
	exact = 2.0 * 10 / (250 * 8) * (exp(-t / 10) - exp(-t / 2));
	CHECK(fabs(V - exact) < 1e-12, "h = 0.1: %.15g vs %.15g", V, exact);
}

static void test_relaxation(void)
{
	sim_psc p;
	double V = 10, I = 0;
	sim_psc_init(&p, 10, 2, 250, 0.01);
	for (int k = 0; k < 1000; k++)
		sim_psc_step(&p, &V, &I);
	CHECK(fabs(V - 10 * exp(-1.0)) < 1e-9, "V(10 ms) = %.12f", V);
	/* Equal time constants take the limit, not a division by zero. */
	sim_psc_init(&p, 5, 5, 250, 0.1);
	CHECK(isfinite(p.P21) && p.P21 > 0, "tau_s = tau_m: P21 = %g", p.P21);
}

static void test_poisson(void)
{
	gsl_rng *r = sim_rng(42, 0);
	sim_train tr = { 0 };
	const int trains = 2000;
	const double rate = 10, T = 10000, h = 0.1;
	double count = 0, mean_t = 0;
	int sorted = 1, inside = 1;

	for (int i = 0; i < trains; i++) {
		sim_poisson_train(r, rate, T, h, &tr);
		count += tr.n;
		for (int k = 0; k < tr.n; k++) {
			mean_t += tr.step[k] * h;
			sorted &= k == 0 || tr.step[k] >= tr.step[k - 1];
			inside &= tr.step[k] >= 1 && tr.step[k] * h < T;
		}
	}
	mean_t /= count;
	count /= trains;
	/* Mean count rate T = 100 with SD 10 per train: the mean of 2000
	 * has SD 0.22; 5 SD is a bound no correct generator misses. */
	CHECK(fabs(count - 100) < 5 * 0.224, "mean count %.3f", count);
	/* Uniform times: mean T/2, SD of the mean T/sqrt(12 * 200000). */
	CHECK(fabs(mean_t - T / 2) < 5 * T / sqrt(12 * 200000.0),
	      "mean spike time %.2f ms", mean_t);
	CHECK(sorted && inside, "sorted, within (0, T)");
	sim_train_free(&tr);
	gsl_rng_free(r);
}

static void test_escape_noise(void)
{
	/* Clamped at u, the neuron fires at rho exp((u - u_th)/delta_u). */
	const double rho = 0.2, du = 1.0, h = 0.01, u = -52;  /* u_th -55 */
	const double want = rho * exp((u + 55) / du);         /* Hz */
	gsl_rng *r = sim_rng(7, 1);
	long spikes = 0, steps = 50000000;      /* 500 s */
	double p = sim_escape_p(rho, h, u + 55, du);

	for (long k = 0; k < steps; k++)
		spikes += gsl_rng_uniform(r) < p;
	double rate = spikes / (steps * h * 1e-3);
	double sd = sqrt(want * steps * h * 1e-3) / (steps * h * 1e-3);
	CHECK(fabs(rate - want) < 5 * sd, "rate %.3f Hz, expected %.3f +- %.3f",
	      rate, want, sd);
	CHECK(fabs(sim_escape_p(0.01, 0.01, 0, 0.2) - 1e-7) < 1e-20,
	      "at threshold, p = rho h = 1e-7");
	gsl_rng_free(r);
}

static void test_traces(void)
{
	/* Pre spikes at 0 and 10 ms, tau 20 ms: at 30 ms the trace is
	 * e^-1.5 + e^-1 (hand-computed: 0.22313 + 0.36788). */
	sim_trace tr = { 0, -INFINITY };
	sim_trace_spike(&tr, 0, 20);
	sim_trace_spike(&tr, 10, 20);
	double k = sim_trace_at(&tr, 30, 20);
	CHECK(fabs(k - (exp(-1.5) + exp(-1.0))) < 1e-12, "trace %.12f", k);
	CHECK(fabs(k - 0.5910096) < 1e-6, "hand value");
}

static void test_streams(void)
{
	gsl_rng *a = sim_rng(1, 0), *b = sim_rng(1, 1), *c = sim_rng(1, 0);
	unsigned long x = gsl_rng_get(a), y = gsl_rng_get(b),
		      z = gsl_rng_get(c);
	CHECK(x != y, "streams differ");
	CHECK(x == z, "a seed fixes a stream");
	CHECK(sim_seed_mix(1, 0) != sim_seed_mix(0, 1), "mixing is not "
	      "symmetric");
	gsl_rng_free(a);
	gsl_rng_free(b);
	gsl_rng_free(c);
}

int main(void)
{
	test_psp_kernel();
	test_relaxation();
	test_poisson();
	test_escape_noise();
	test_traces();
	test_streams();
	return check_done("test_sim");
}
