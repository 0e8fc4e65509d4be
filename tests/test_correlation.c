/*
 * test_correlation.c - the correlation-driven task: the delta LIF's
 * threshold, reset and refractoriness and the lazy STDP on hand-built
 * spikes against hand-computed values; the input recipe's statistics
 * (frozen pattern, equal rates after the rate correction); at reduced
 * scale, LR1 detects the pattern far better than no plasticity; results
 * do not depend on the number of threads; non-finite rule outputs.
 *
 * The paper's protocol: its input recipe against numpy's own output
 * (tests/np_correlation_ref.h, made by tests/np_correlation_ref.py); its
 * 8 evolution experiments, on which LR1 must score the paper's champion
 * fitness; the quick preset's ordering; e2l's old recipe kept bit for bit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/sim.h"
#include "e2l/task.h"
#include "np_correlation_ref.h"

extern const task_family task_correlation;

/* The test hook in task_correlation.c. */
int task_correlation_train_for_tests(const task_config *cfg,
				     const task_rule *rule,
				     const double *t_ms, const int *which,
				     int nspikes, double u0, double w0,
				     double *w, double *post, int max_post);

static int parse(task_rule *rule, const char *fac, const char *dep)
{
	e2l_error err;
	const char *texts[] = { fac, dep };
	if (task_rule_parse(rule, &task_correlation, texts, NULL, &err) !=
	    E2L_OK) {
		CHECK(0, "rule %s | %s: %s", fac, dep, err.msg);
		return 0;
	}
	return 1;
}

/* Trains two inputs on hand-built spikes; returns the output spike count
 * (post[] its times) and fills w[2]. */
static int hand(const char **sets, const char *fac, const char *dep,
		const double *t, const int *which, int n, double u0, double w0,
		double *w, double *post)
{
	task_config cfg;
	task_rule rule;
	int r = -3;

	task_config_default(&cfg, &task_correlation);
	/* Wmax 100 mV: facilitation clips the weight at Wmax.  No window
	 * opens in 60 ms: the SNR is not measured here. */
	const char *base[] = { "windows", "end", "inputs", "2", "T", "60",
			       "Wmax", "100", NULL };
	taskrun_set(&cfg, base);
	taskrun_set(&cfg, sets);
	if (parse(&rule, fac, dep)) {
		r = task_correlation_train_for_tests(&cfg, &rule, t, which, n,
						     u0, w0, w, post, 16);
		task_rule_free(&rule);
	}
	task_config_free(&cfg);
	return r;
}

static int same_times(const double *got, int n, const double *want, int m)
{
	if (n != m)
		return 0;
	for (int i = 0; i < n; i++)
		if (fabs(got[i] - want[i]) > 1e-9)
			return 0;
	return 1;
}

/* The neuron (no plasticity): delay 1 ms, threshold 20 mV, reset, 2 ms
 * refractory. */
static void test_lif(void)
{
	double w[2], post[16];

	/* 12 mV weights: two spikes arriving together cross the threshold
	 * (24 mV at 6.0 ms; arrivals are 1 ms after the spikes), one alone
	 * does not (12 mV at 41.0); 0.1 ms apart they still do (12
	 * e^(-0.1/18) + 12 = 23.9 at 31.1), 10 ms apart not (12 e^(-10/18)
	 * + 12 = 18.9 at 51.0). */
	double t1[] = { 5, 5, 30, 30.1, 40, 50 };
	int j1[] = { 0, 1, 0, 1, 0, 1 };
	double want1[] = { 6.0, 31.1 };
	int n = hand(NULL, "0", "0", t1, j1, 6, 0, 12, w, post);
	CHECK(same_times(post, n, want1, 2), "threshold: %d spikes, first "
	      "at %g", n, n > 0 ? post[0] : -1);
	CHECK(w[0] == 12 && w[1] == 12, "no plasticity keeps w: %g %g",
	      w[0], w[1]);

	/* 25 mV: every arrival fires, except in the 2 ms (20 steps) after a
	 * spike: the spike at 6.0 ms makes 8.0 refractory (input discarded)
	 * and 8.1 the first step that counts. */
	double t2[] = { 5, 7.0, 7.1 };
	int j2[] = { 0, 1, 0 };
	double want2[] = { 6.0, 8.1 };
	n = hand(NULL, "0", "0", t2, j2, 3, 0, 25, w, post);
	CHECK(same_times(post, n, want2, 2), "refractory: %d spikes, second "
	      "at %g", n, n > 1 ? post[1] : -1);
	/* Without the input at 7.1 nothing follows: the one at 7.0 (arriving
	 * at 8.0) was discarded, not delayed. */
	n = hand(NULL, "0", "0", t2, j2, 2, 0, 25, w, post);
	CHECK(n == 1, "the refractory input is discarded: %d spikes", n);

	/* Reset to 10 mV: held there while refractory, so 12 mV arriving at
	 * 8.1 ms gives 10 e^(-0.1/18) + 12 = 21.9 and a spike; with reset 0
	 * it gives 12 and none. */
	double t3[] = { 5, 5, 7.1 };
	int j3[] = { 0, 1, 0 };
	const char *reset10[] = { "reset", "10", NULL };
	n = hand(reset10, "0", "0", t3, j3, 3, 0, 12, w, post);
	CHECK(n == 2 && fabs(post[1] - 8.1) < 1e-9, "reset 10: %d spikes",
	      n);
	n = hand(NULL, "0", "0", t3, j3, 3, 0, 12, w, post);
	CHECK(n == 1, "reset 0: %d spikes", n);

	/* The initial potential counts: from u0 = 15 mV a 12 mV arrival at
	 * 1.1 ms crosses (15 e^(-1.1/18) + 12 = 26.1). */
	double t4[] = { 0.1 };
	int j4[] = { 0 };
	n = hand(NULL, "0", "0", t4, j4, 1, 15, 12, w, post);
	CHECK(n == 1 && fabs(post[0] - 1.1) < 1e-9, "u0: %d spikes", n);
}

/* The lazy STDP of the code's stdp_sympy_synapse (lambda = 0.01, tau+ =
 * tau- = 20 ms, delay 1 ms) with Wmax = 50 mV and w0 = 25 mV, so x =
 * w/Wmax starts at 0.5 and one arrival (25 mV) makes the neuron fire. */
static void test_stdp(void)
{
	const char *wmax[] = { "Wmax", "50", NULL };
	double w[2], post[16];

	/* Input 0 spikes at 10 ms and 30 ms; the output fires at 11 ms (the
	 * first arrival) and at 31 ms (the second).
	 * At 10: no post spike yet: no facilitation; depression with
	 *   k = 0: x = 0.5 - 0.01 * 0 = 0.5.
	 * At 30: facilitation for the post spike at 11 (in (10 - 1, 30 - 1]),
	 *   k = pre trace at 11 + 1 = e^(-(12 - 10)/20) = e^-0.1:
	 *   x = 0.5 + 0.01 e^-0.1; then depression with the post trace at
	 *   30 - 1: k = e^(-(29 - 11)/20) = e^-0.9: x -= 0.01 e^-0.9.
	 * The post spike at 31 comes after input 0's last spike: the lazy
	 * form never applies it.  Input 1 never spikes: w stays 25. */
	double t[] = { 10, 30 };
	int j[] = { 0, 0 };
	int n = hand(wmax, "k", "k", t, j, 2, 0, 25, w, post);
	double want = 50 * (0.5 + 0.01 * exp(-0.1) - 0.01 * exp(-0.9));
	double want_post[] = { 11, 31 };
	CHECK(same_times(post, n, want_post, 2), "posts: %d", n);
	CHECK(fabs(w[0] - want) < 1e-12, "k | k: w = %.15g, want %.15g",
	      w[0], want);
	CHECK(w[1] == 25, "silent input: %g", w[1]);

	/* Constant terms count the calls.  Input 1 spikes once, at 40 ms,
	 * after the post spikes at 11 and 31: both are facilitated there
	 * (+0.01 each, the first before input 1 had ever spiked), then one
	 * depression (-0.01): x = 0.5 + 0.02 - 0.01 = 0.51.  Input 0: at 10
	 * -0.01 (x = 0.49, 24.5 mV still fires at 11); at 30 +0.01 - 0.01. */
	double tc[] = { 10, 30, 40 };
	int jc[] = { 0, 0, 1 };
	n = hand(wmax, "1", "1", tc, jc, 3, 0, 25, w, post);
	CHECK(fabs(w[1] - 50 * 0.51) < 1e-12, "calls: w1 = %.15g", w[1]);
	CHECK(fabs(w[0] - 50 * 0.49) < 1e-12, "calls: w0 = %.15g", w[0]);

	/* Clipping per branch: depression may raise x above 1 (depress =
	 * -100: x = 0.5 + 1 = 1.5 at the first spike), facilitation clips
	 * it at 1 (facilitate = 100 at 30 for the post spike at 11:
	 * min(1.5 + 1, 1) = 1), and the second depression raises it to 2.
	 * With clip = both every update ends in [0, 1]. */
	n = hand(wmax, "100", "-100", t, j, 2, 0, 25, w, post);
	CHECK(fabs(w[0] - 100) < 1e-12, "branch: w = %g, want 100", w[0]);
	const char *both[] = { "Wmax", "50", "clip", "both", NULL };
	n = hand(both, "100", "-100", t, j, 2, 0, 25, w, post);
	CHECK(fabs(w[0] - 50) < 1e-12, "both: w = %g, want 50", w[0]);
	/* Facilitation has no lower clip per branch: facilitate = -100 at
	 * 30 gives 0.5 - 1 = -0.5, then depression (0) clips at 0. */
	n = hand(wmax, "-100", "0", t, j, 2, 0, 25, w, post);
	CHECK(w[0] == 0, "lower clip in the depression: w = %g", w[0]);

	/* With nonfinite = stop a non-finite output stops the run
	 * (depress = k/w at w = 0: 0/0); with clip, the default, it
	 * depresses to 0, as in NEST. */
	const char *stopping[] = { "Wmax", "50", "nonfinite", "stop", NULL };
	n = hand(stopping, "0", "k/w", t, j, 2, 0, 0, w, post);
	CHECK(n == -1, "0/0 stops: %d", n);
	const char *pass[] = { "Wmax", "50", "nonfinite", "clip", NULL };
	n = hand(pass, "0", "k/w", t, j, 2, 0, 0, w, post);
	CHECK(n == 0 && w[0] == 0, "0/0 clipped: %d, w = %g", n, w[0]);
}

/* ---- Runs through task_evaluate --------------------------------------- */

typedef struct {
	int n;                   /* inputs */
	int *count;              /* spikes per input */
	int *in_window0;         /* spikes in the first window */
	double *offset0;         /* the offset of the last of them, ms */
	int *bad_offset;         /* in-window spikes at another offset */
	int *in_windows;         /* spikes in any window */
	double cycle, pattern;   /* ms */
	int w_samples, u_samples, progress_calls;
	double last_progress;
	int progress_backwards;
} input_stats;

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	input_stats *S = ctx;
	(void)exp;
	(void)trial;
	if (which < 0 || which >= S->n)
		return;
	S->count[which]++;
	/* Windows (0.1 + inter + k cycle, ... + pattern]. */
	double r = t - 0.1 - (S->cycle - S->pattern);
	double k = floor((r - 0.05) / S->cycle);
	double off = r - k * S->cycle;
	if (r > 0.05 && off > 0.05 && off < S->pattern + 0.05) {
		S->in_windows[which]++;
		if (k == 0) {
			S->in_window0[which]++;
			S->offset0[which] = off;
		} else if (S->in_window0[which] != 1 ||
			   fabs(off - S->offset0[which]) > 1e-6) {
			S->bad_offset[which]++;
		}
	}
}

static void on_sample(void *ctx, int exp, const char *name,
		      const char *unit, double t, double value)
{
	input_stats *S = ctx;
	(void)exp;
	(void)t;
	(void)value;
	if (!strcmp(name, "w_mean") && !strcmp(unit, "mV"))
		S->w_samples++;
	if (!strcmp(name, "u") && !strcmp(unit, "mV"))
		S->u_samples++;
}

static void on_progress(void *ctx, int exp, double done)
{
	input_stats *S = ctx;
	(void)exp;
	S->progress_backwards += done < S->last_progress;
	S->last_progress = done;
	S->progress_calls++;
}

static task_result evaluate(const char *fac, const char *dep,
			    const char **sets, int threads, uint64_t seed,
			    task_recorder *rec)
{
	const char *texts[] = { fac, dep };
	return taskrun(&task_correlation, texts, sets, threads, seed, rec,
		       NULL);
}

/* The recipe at the paper's scale (1000 inputs, 3 Hz, 100 s): about a
 * quarter of the inputs carry the pattern, at the same offset in every
 * window; after the rate correction pattern and background inputs have
 * the same mean rate (2.4 Hz), within statistical error. */
static void test_inputs(void)
{
	input_stats S = { .n = 1000, .cycle = 500, .pattern = 100 };
	S.count = calloc(1000, sizeof *S.count);
	S.in_window0 = calloc(1000, sizeof *S.in_window0);
	S.offset0 = calloc(1000, sizeof *S.offset0);
	S.bad_offset = calloc(1000, sizeof *S.bad_offset);
	S.in_windows = calloc(1000, sizeof *S.in_windows);
	task_recorder rec = { .ctx = &S, .spike = on_spike,
			      .sample = on_sample, .progress = on_progress };
	/* hop 0: the recorded times are the recipe's. */
	const char *one[] = { "experiments", "1", "T_free", "1000", "hop",
			      "0", NULL };
	task_result r = evaluate("0", "0", one, 1, 5, &rec);
	task_result_free(&r);

	/* Pattern inputs: a spike in the first window.  With the recipe's
	 * single interval, at most one, with chance 1 - e^-0.3 = 0.26. */
	double sum[2] = { 0 }, sq[2] = { 0 };
	int n[2] = { 0 }, bad = 0, several = 0, wrong_count = 0;
	for (int j = 0; j < 1000; j++) {
		int p = S.in_window0[j] > 0;
		double rate = S.count[j] / 100.0;       /* Hz */
		sum[p] += rate;
		sq[p] += rate * rate;
		n[p]++;
		bad += S.bad_offset[j];
		several += S.in_window0[j] > 1;
		/* 200 windows in 100 s: the pattern spike in each. */
		wrong_count += S.in_windows[j] != (p ? 200 : 0);
	}
	CHECK(n[1] > 200 && n[1] < 320, "pattern inputs: %d of 1000", n[1]);
	CHECK(bad == 0 && several == 0 && wrong_count == 0, "frozen pattern: "
	      "%d misplaced, %d with two, %d with a wrong count", bad,
	      several, wrong_count);
	double mean[2], se[2];
	for (int p = 0; p < 2; p++) {
		mean[p] = sum[p] / n[p];
		se[p] = sqrt((sq[p] / n[p] - mean[p] * mean[p]) / (n[p] - 1));
	}
	double z = (mean[1] - mean[0]) / sqrt(se[0] * se[0] + se[1] * se[1]);
	CHECK(fabs(z) < 4, "rates: pattern %.4f +- %.4f Hz, background "
	      "%.4f +- %.4f Hz (z = %.2f)", mean[1], se[1], mean[0], se[0], z);
	/* Both near 3 Hz * 400/500 = 2.4 Hz (uncorrected, pattern inputs
	 * would have 2.4 + 2 Hz). */
	CHECK(fabs(mean[0] - 2.4) < 0.05 && fabs(mean[1] - 2.4) < 0.05,
	      "rates: %.3f, %.3f Hz", mean[0], mean[1]);

	/* The recorder: the mean weight at the start and every second of
	 * training, u every step of the free run (1 s at 0.1 ms), about 100
	 * progress reports ending at 1. */
	CHECK(S.w_samples == 101 && S.u_samples == 10000, "samples: %d "
	      "w_mean, %d u", S.w_samples, S.u_samples);
	CHECK(S.progress_calls >= 90 && S.progress_calls <= 110 &&
	      S.last_progress == 1 && !S.progress_backwards,
	      "progress: %d calls, last %g", S.progress_calls,
	      S.last_progress);
	free(S.count);
	free(S.in_window0);
	free(S.offset0);
	free(S.bad_offset);
	free(S.in_windows);
}

/* Reduced science, seed fixed before the first run: 4 experiments of
 * 60 s training (the paper: 8 of 100 s).  LR1 must detect the pattern
 * far better than no plasticity, in most experiments; the number of
 * threads changes no bit. */
static void test_science(void)
{
	const char *small[] = { "experiments", "4", "T", "60000", NULL };
	task_result lr1 = evaluate("k - w", "w*k - w - k", small, 2, 7, NULL);
	task_result none = evaluate("0", "0", small, 2, 7, NULL);
	int wins = 0;

	CHECK(lr1.n == 4 && none.n == 4, "4 experiments each");
	for (int k = 0; k < lr1.n && k < none.n; k++)
		wins += lr1.values[k] > none.values[k];
	CHECK(wins >= 3 && lr1.mean > 2 * none.mean + 5, "LR1 %.2f +- %.2f "
	      "vs none %.2f +- %.2f: wins %d of 4", lr1.mean, lr1.sd,
	      none.mean, none.sd, wins);
	/* No plasticity: the SNR of untrained weights is small (the paper
	 * reports about 3). */
	CHECK(none.mean > 1 && none.mean < 6, "none: %.2f", none.mean);

	task_result one = evaluate("k - w", "w*k - w - k", small, 1, 7, NULL);
	CHECK(one.n == lr1.n && !memcmp(one.values, lr1.values,
					(size_t)lr1.n * sizeof *lr1.values),
	      "1 vs 2 threads: %.17g vs %.17g", one.n ? one.values[0] : 0,
	      lr1.n ? lr1.values[0] : 0);
	CHECK(lr1.fitness == fmin(fmin(lr1.values[0], lr1.values[1]),
				  fmin(lr1.values[2], lr1.values[3])),
	      "fitness is the minimum");
	task_result_free(&lr1);
	task_result_free(&none);
	task_result_free(&one);

	/* LR2's k/w meets w = 0 once a weight is depressed to 0: with
	 * nonfinite = stop that experiment, and so the fitness, is -inf. */
	const char *tiny[] = { "experiments", "2", "T", "20000", "T_free",
			       "1000", "nonfinite", "stop", NULL };
	task_result lr2 = evaluate("(w*k)^w - 1", "k/w - w", tiny, 2, 7,
				   NULL);
	CHECK(lr2.n == 2 && lr2.fitness == -INFINITY, "LR2, stop: %g",
	      lr2.fitness);
	task_result_free(&lr2);
	/* By default (clip) LR2 runs, as in the reference. */
	const char *tiny_default[] = { "experiments", "2", "T", "20000",
				       "T_free", "1000", NULL };
	lr2 = evaluate("(w*k)^w - 1", "k/w - w", tiny_default, 2, 7, NULL);
	CHECK(lr2.n == 2 && isfinite(lr2.fitness), "LR2, default: %g",
	      lr2.fitness);
	task_result_free(&lr2);
}

/* ---- The paper's protocol ---------------------------------------------- */

/* The digest tests/np_correlation_ref.py prints for one experiment. */
static void digest(const sim_events *ev, struct np_corr_ref *d)
{
	const uint64_t M = (UINT64_C(1) << 61) - 1;
	uint64_t weighted = 0;

	memset(d, 0, sizeof *d);
	d->count = (long long)ev->n;
	for (size_t i = 0; i < ev->n; i++) {
		int64_t t = sim_event_step(ev->ev[i]);
		int j = sim_event_input(ev->ev[i]);
		d->sum += t;
		weighted = (weighted + (uint64_t)t * (uint64_t)(j + 1)) % M;
		d->dup += i > 0 && ev->ev[i] == ev->ev[i - 1];
	}
	d->weighted = (long long)weighted;
	if (ev->n > 0) {
		d->first_tick = sim_event_step(ev->ev[0]);
		d->first_input = sim_event_input(ev->ev[0]);
		d->last_tick = sim_event_step(ev->ev[ev->n - 1]);
		d->last_input = sim_event_input(ev->ev[ev->n - 1]);
	}
}

static int same_digest(const struct np_corr_ref *a,
		       const struct np_corr_ref *b)
{
	return a->count == b->count && a->sum == b->sum &&
		a->weighted == b->weighted && a->dup == b->dup &&
		a->first_tick == b->first_tick &&
		a->first_input == b->first_input &&
		a->last_tick == b->last_tick && a->last_input == b->last_input;
}

/* The recipe (np_correlation.c) against numpy: every experiment of each
 * reference set, drawn one after the other from one stream as main.py
 * does; and experiment k drawn after np_pattern_skip over the ones
 * before it is the same. */
static void test_paper_inputs(void)
{
	static const struct {
		const char *set;
		uint32_t seed;
		np_pattern_spec spec;
	} sets[] = {
		{ "paper", 11214124 + 123, { 1000, 3, 100, 400, 100000, 0 } },
		{ "small", 7, { 50, 3, 100, 400, 5000, 0 } },
		{ "unique", 7, { 50, 3, 100, 400, 5000, 1 } },
	};
	const int nref = (int)(sizeof np_corr_ref / sizeof *np_corr_ref);

	for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
		np_rng r, skip;
		sim_events ev = { 0 };
		int k = 0;
		np_seed(&r, sets[s].seed);
		np_seed(&skip, sets[s].seed);
		for (int i = 0; i < nref; i++) {
			const struct np_corr_ref *want = &np_corr_ref[i];
			struct np_corr_ref got;
			if (strcmp(want->set, sets[s].set))
				continue;
			CHECK(want->k == k, "reference order");
			CHECK(np_pattern_inputs(&sets[s].spec, &r, &ev),
			      "alpha > 0");
			digest(&ev, &got);
			CHECK(same_digest(&got, want), "%s experiment %d: %lld "
			      "spikes, sum %lld, weighted %lld, %lld repeats; "
			      "numpy: %lld, %lld, %lld, %lld", want->set, k,
			      got.count, got.sum, got.weighted, got.dup,
			      want->count, want->sum, want->weighted,
			      want->dup);
			/* The last one again, after skipping the others. */
			if (i + 1 == nref || strcmp(np_corr_ref[i + 1].set,
						    want->set) != 0) {
				for (int q = 0; q < k; q++)
					np_pattern_skip(&sets[s].spec, &skip);
				np_pattern_inputs(&sets[s].spec, &skip, &ev);
				digest(&ev, &got);
				CHECK(same_digest(&got, want), "%s experiment "
				      "%d after skipping: %lld spikes",
				      want->set, k, got.count);
				CHECK(!memcmp(&skip, &r, sizeof r), "%s: skip "
				      "takes the same draws", want->set);
			}
			k++;
		}
		CHECK(k > 0, "%s: reference rows", sets[s].set);
		sim_events_free(&ev);
	}

	/* No thinning possible: nothing drawn. */
	np_pattern_spec slow = { 10, 2, 100, 400, 1000, 0 };
	np_rng r, r0;
	sim_events ev = { 0 };
	np_seed(&r, 3);
	r0 = r;
	CHECK(np_pattern_alpha(&slow) <= 0 && !np_pattern_inputs(&slow, &r,
								 &ev) &&
	      !np_pattern_skip(&slow, &r) && !memcmp(&r, &r0, sizeof r),
	      "alpha <= 0 draws nothing");
	sim_events_free(&ev);

	/* main.py's weight and the initial values it draws. */
	task_config cfg;
	task_config_default(&cfg, &task_correlation);
	CHECK(task_get(&cfg, "w0_mean") == np_corr_w_mean, "w0_mean %.17g, "
	      "main.py %.17g", task_get(&cfg, "w0_mean"), np_corr_w_mean);
	np_seed(&r, (uint32_t)task_get(&cfg, "seed_w0"));
	for (int k = 0; k < 8; k++) {
		double w = np_normal(&r, task_get(&cfg, "w0_mean"),
				     task_get(&cfg, "w0_sd"));
		CHECK(w == np_corr_w0[k], "w0 of experiment %d: %.17g", k, w);
	}
	np_seed(&r, (uint32_t)task_get(&cfg, "seed_u0"));
	CHECK(np_normal(&r, 0, task_get(&cfg, "u0_sd")) == np_corr_u0, "u0");
	task_config_free(&cfg);
}

/* Spike times (ms) the recorder saw, for the recipe test below. */
typedef struct {
	long long count, sum;      /* spikes, sum of their ticks */
} spike_sum;

static void on_input(void *ctx, int exp, int trial, int which, double t)
{
	spike_sum *S = ctx;
	(void)trial;
	if (which >= 0 && exp == 0) {
		S->count++;
		S->sum += llround(t * 10);
	}
}

/* Base seed 1 is the paper's set: the task's experiment 0 is the
 * reference's "small" experiment 0 (seed_inputs = 7), its times
 * shifted by the hop; another base seed draws another experiment. */
static void test_paper_set(void)
{
	const char *small[] = { "experiments", "1", "inputs", "50", "T",
				"5000", "T_free", "1000", "seed_inputs", "7",
				NULL };
	const char *hop0[] = { "experiments", "1", "inputs", "50", "T",
			       "5000", "T_free", "1000", "seed_inputs", "7",
			       "hop", "0", NULL };
	spike_sum S = { 0 };
	task_recorder rec = { .ctx = &S, .spike = on_input };
	const struct np_corr_ref *want = &np_corr_ref[8];

	CHECK(!strcmp(want->set, "small") && want->k == 0, "reference row");
	task_result r = evaluate("0", "0", hop0, 1, 1, &rec);
	CHECK(S.count == want->count && S.sum == want->sum, "seed 1, hop 0: "
	      "%lld spikes, tick sum %lld; numpy %lld, %lld", S.count, S.sum,
	      want->count, want->sum);
	task_result_free(&r);

	S = (spike_sum){ 0 };
	r = evaluate("0", "0", small, 1, 1, &rec);
	CHECK(S.count == want->count && S.sum == want->sum + 10 * S.count,
	      "seed 1, hop 1 ms: tick sum %lld, want %lld", S.sum,
	      want->sum + 10 * S.count);
	double paper = r.n == 1 ? r.values[0] : NAN;
	task_result_free(&r);

	S = (spike_sum){ 0 };
	r = evaluate("0", "0", small, 1, 2, &rec);
	CHECK(S.count > 0 && S.sum != want->sum + 10 * S.count &&
	      r.n == 1 && r.values[0] != paper, "seed 2: fresh inputs "
	      "(%lld spikes, SNR %g vs %g)", S.count,
	      r.n ? r.values[0] : NAN, paper);
	task_result_free(&r);
}

static const char *const LR1[] = { "k - w", "w*k - w - k" };
static const char *const LR2[] = { "(w*k)^w - 1", "k/w - w" };
static const char *const HOMEOSTATIC[] = { "k - 0.15", "0" };
static const char *const NONE[] = { "0", "0" };

/* A task file of the source tree, with sets applied. */
static int load_task(const char *name, task_config *cfg)
{
	char path[1024];
	e2l_error err;
	snprintf(path, sizeof path, "%s/tasks/%s.task", E2L_SRCDIR, name);
	if (task_config_load(path, cfg, &err) != E2L_OK) {
		CHECK(0, "%s", err.msg);
		return 0;
	}
	return 1;
}

static task_result run_cfg(const task_config *cfg, const char *const *texts,
			   uint64_t seed)
{
	task_rule rule;
	task_result res = { 0 };
	e2l_error err;
	task_options o = { .seed = seed, .threads = 2 };

	if (task_rule_parse(&rule, &task_correlation, texts, NULL, &err) !=
	    E2L_OK) {
		CHECK(0, "rule %s: %s", texts[0], err.msg);
		return res;
	}
	if (task_evaluate(cfg, &rule, &o, &res, &err) != E2L_OK)
		CHECK(0, "evaluate %s: %s", texts[0], err.msg);
	task_rule_free(&rule);
	return res;
}

static void print_values(const char *what, const task_result *r)
{
	printf("  %-34s min %8.4f  mean %8.4f:", what, r->fitness, r->mean);
	for (int k = 0; k < r->n; k++)
		printf(" %.3f", r->values[k]);
	printf("\n");
}

/*
 * The paper's 8 evolution experiments (tasks/correlation.task, which is
 * the family's default): LR1 scores the paper's champion fitness,
 * 10.986599805733952 (data/correlation_based/.../champion_9.txt, the
 * minimum, on experiment 4), to 1e-9; `e2l run correlation lr1` beats
 * `none`.  LR2 under the family's default NEST semantics scores the
 * paper's 20.88406638496028 (champion_18.txt) to 1e-9 on experiment 4;
 * under real pow it is lower.  Homeostatic STDP: reported, not checked.
 */
static void test_paper_experiments(void)
{
	task_config file, def;
	if (!load_task("correlation", &file))
		return;
	task_config_default(&def, &task_correlation);
	int same = 1;
	for (int i = 0; i < task_correlation.nparams; i++)
		same &= file.values[i] == def.values[i];
	CHECK(same, "tasks/correlation.task is the family's default");
	task_config_free(&def);

	printf("the paper's 8 evolution experiments:\n");
	task_result lr1 = run_cfg(&file, LR1, 1);
	print_values("LR1", &lr1);
	const double paper = 10.986599805733952;
	CHECK(lr1.n == 8 && fabs(lr1.values[4] - paper) < 1e-9 * paper &&
	      lr1.fitness == lr1.values[4], "LR1 on experiment 4: %.17g, the "
	      "paper's %.17g", lr1.n == 8 ? lr1.values[4] : NAN, paper);

	task_result none = run_cfg(&file, NONE, 1);
	print_values("no plasticity", &none);
	CHECK(lr1.fitness > none.fitness + 5, "LR1 %g vs none %g",
	      lr1.fitness, none.fitness);

	task_result lr2 = run_cfg(&file, LR2, 1);
	print_values("LR2 (semantics nest)", &lr2);
	const double paper2 = 20.88406638496028;
	CHECK(lr2.n == 8 && fabs(lr2.values[4] - paper2) < 1e-9 * paper2 &&
	      lr2.fitness == lr2.values[4], "LR2 on experiment 4: %.17g, the "
	      "paper's %.17g", lr2.n == 8 ? lr2.values[4] : NAN, paper2);
	task_config real;
	task_config_copy(&real, &file);
	taskrun_set(&real, (const char *[]){ "semantics", "real", NULL });
	task_result lr2_real = run_cfg(&real, LR2, 1);
	print_values("LR2 (semantics real)", &lr2_real);
	CHECK(lr2_real.fitness < lr2.fitness - 0.1, "LR2 real %g vs nest %g",
	      lr2_real.fitness, lr2.fitness);
	task_result_free(&lr2_real);
	task_config_free(&real);
	task_result homeo = run_cfg(&file, HOMEOSTATIC, 1);
	print_values("homeostatic STDP", &homeo);
	task_config both;
	task_config_copy(&both, &file);
	taskrun_set(&both, (const char *[]){ "clip", "both", NULL });
	task_result homeo_both = run_cfg(&both, HOMEOSTATIC, 1);
	print_values("homeostatic STDP, clip = both", &homeo_both);

	task_result_free(&lr1);
	task_result_free(&none);
	task_result_free(&lr2);
	task_result_free(&homeo);
	task_result_free(&homeo_both);
	task_config_free(&both);
	task_config_free(&file);
}

/*
 * correlation-quick keeps the paper's ordering: on its default
 * experiments (the paper's first 4) LR1 and LR2 beat no plasticity.  On
 * fresh experiments, base seeds 11, 12 and 13 (chosen before any run of
 * this preset on them, not tuned): LR1's minimum beats no plasticity's;
 * LR2's mean does, while its minimum (real pow) is reported only.
 */
static void test_quick(void)
{
	task_config cfg;
	if (!load_task("correlation-quick", &cfg))
		return;
	static const uint64_t seeds[] = { 1, 11, 12, 13 };
	printf("correlation-quick:\n");
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		task_result lr1 = run_cfg(&cfg, LR1, seeds[i]);
		task_result lr2 = run_cfg(&cfg, LR2, seeds[i]);
		task_result none = run_cfg(&cfg, NONE, seeds[i]);
		char what[64];
		snprintf(what, sizeof what, "seed %llu LR1",
			 (unsigned long long)seeds[i]);
		print_values(what, &lr1);
		snprintf(what, sizeof what, "seed %llu LR2",
			 (unsigned long long)seeds[i]);
		print_values(what, &lr2);
		snprintf(what, sizeof what, "seed %llu none",
			 (unsigned long long)seeds[i]);
		print_values(what, &none);
		CHECK(lr1.fitness > none.fitness, "seed %llu: LR1 %g vs none "
		      "%g", (unsigned long long)seeds[i], lr1.fitness,
		      none.fitness);
		CHECK(lr2.mean > none.mean, "seed %llu: LR2 mean %g vs none "
		      "%g", (unsigned long long)seeds[i], lr2.mean, none.mean);
		if (seeds[i] == 1)
			CHECK(lr2.fitness > none.fitness, "paper's set: LR2 %g "
			      "vs none %g", lr2.fitness, none.fitness);
		task_result_free(&lr1);
		task_result_free(&lr2);
		task_result_free(&none);
	}
	task_config_free(&cfg);
}

/* protocol = e2l with the old conventions is e2l's recipe as it was:
 * the values the code printed before the paper's protocol came, bit for
 * bit. */
static void test_e2l_protocol(void)
{
	const char *old[] = { "protocol", "e2l", "hop", "0", "duplicates",
			      "separate", "subsample", "unique", "windows",
			      "end", "sd", "population", "u0_free",
			      "experiment", "w0_mean", "0.3844", "experiments",
			      "2", "T", "20000", "T_free", "3000", NULL };
	task_result r = evaluate("k - w", "w*k - w - k", old, 2, 5, NULL);
	CHECK(r.n == 2 && r.values[0] == 4.9316065461396956 &&
	      r.values[1] == 6.0338798820456336, "old recipe: %.17g %.17g",
	      r.n ? r.values[0] : NAN, r.n > 1 ? r.values[1] : NAN);
	task_result_free(&r);
}

/* Merged duplicates: a second spike of one input in a step adds its
 * weight without a second STDP update.  Input 0 spikes twice at 10 ms
 * with depress = 1, from x = 0.25 (12.5 mV of Wmax = 50): separate, x =
 * 0.25 - 0.02 and 12 + 11.5 mV arrive; merged, x = 0.25 - 0.01 and 2 x
 * 12 mV arrive.  Either way the neuron fires once. */
static void test_duplicates(void)
{
	const char *sep[] = { "Wmax", "50", NULL };
	const char *merge[] = { "Wmax", "50", "duplicates", "merge", NULL };
	double t[] = { 10, 10 }, w[2], post[16];
	int j[] = { 0, 0 };
	int n = hand(sep, "0", "1", t, j, 2, 0, 12.5, w, post);
	CHECK(fabs(w[0] - 50 * (0.25 - 0.02)) < 1e-12 && n == 1,
	      "separate: w = %.15g, %d spikes", w[0], n);
	n = hand(merge, "0", "1", t, j, 2, 0, 12.5, w, post);
	CHECK(fabs(w[0] - 50 * (0.25 - 0.01)) < 1e-12 && n == 1,
	      "merged: w = %.15g, %d spikes", w[0], n);
}

static void test_family(void)
{
	CHECK(task_family_find("correlation") == &task_correlation,
	      "registered");
	CHECK(task_correlation.nvars == 2 &&
	      !strcmp(task_correlation.vars[0], "w") &&
	      !strcmp(task_correlation.vars[1], "k"), "variables w, k");
	CHECK(task_correlation.nformulas == 2 &&
	      !strcmp(task_correlation.formulas[0], "facilitate") &&
	      !strcmp(task_correlation.formulas[1], "depress"),
	      "formulas facilitate, depress");
	CHECK(task_correlation.aggregate_min == 1, "fitness is a minimum");
	/* The paper's x_0, x_1 are aliases of w, k. */
	task_rule rule;
	if (parse(&rule, "x_1 - x_0", "x_0*x_1")) {
		const char *texts[] = { "k - w", "w*k" };
		task_rule r2;
		e2l_error err;
		CHECK(task_rule_parse(&r2, &task_correlation, texts, NULL,
				      &err) == E2L_OK, "%s", err.msg);
		double v[2] = { 0.3, 0.7 };
		CHECK(prog_eval(rule.program[0], v) ==
		      prog_eval(r2.program[0], v), "aliases");
		task_rule_free(&r2);
		task_rule_free(&rule);
	}
}

int main(void)
{
	test_family();
	test_lif();
	test_stdp();
	test_inputs();
	test_science();
	test_duplicates();
	test_paper_inputs();
	test_paper_set();
	test_e2l_protocol();
	test_paper_experiments();
	test_quick();
	return check_done("test_correlation");
}
