/*
 * test_correlation.c - the correlation-driven task: the delta LIF's
 * threshold, reset and refractoriness and the lazy STDP on hand-built
 * spikes against hand-computed values; the input recipe's statistics
 * (frozen pattern, equal rates after the rate correction); at reduced
 * scale, LR1 detects the pattern far better than no plasticity; results
 * do not depend on the number of threads; non-finite rule outputs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/task.h"

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
	/* Wmax 100 mV: facilitation clips the weight at Wmax. */
	const char *base[] = { "inputs", "2", "T", "60", "Wmax", "100",
			       NULL };
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

/* The lazy STDP of spec 6.2 (lambda = 0.01, tau+ = tau- = 20 ms, delay
 * 1 ms) with Wmax = 50 mV and w0 = 25 mV, so x = w/Wmax starts at 0.5
 * and one arrival (25 mV) makes the neuron fire. */
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
	if (!strcmp(name, "w_mean") && !strcmp(unit, ""))
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
	const char *one[] = { "experiments", "1", "T_free", "1000", NULL };
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

	/* The recorder: the mean weight every second of training, u every
	 * step of the free run (1 s at 0.1 ms), about 100 progress reports
	 * ending at 1. */
	CHECK(S.w_samples == 100 && S.u_samples == 10000, "samples: %d w_mean, "
	      "%d u", S.w_samples, S.u_samples);
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
	const char *tiny[] = { "experiments", "2", "T", "5000", "T_free",
			       "1000", "nonfinite", "stop", NULL };
	task_result lr2 = evaluate("(w*k)^w - 1", "k/w - w", tiny, 2, 7,
				   NULL);
	CHECK(lr2.n == 2 && lr2.fitness == -INFINITY, "LR2, stop: %g",
	      lr2.fitness);
	task_result_free(&lr2);
	/* By default (clip) LR2 runs, as in the reference. */
	const char *tiny_default[] = { "experiments", "2", "T", "5000",
				       "T_free", "1000", NULL };
	lr2 = evaluate("(w*k)^w - 1", "k/w - w", tiny_default, 2, 7, NULL);
	CHECK(lr2.n == 2 && isfinite(lr2.fitness), "LR2, default: %g",
	      lr2.fitness);
	task_result_free(&lr2);
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
	return check_done("test_correlation");
}
