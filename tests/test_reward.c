/*
 * test_reward.c - the reward-driven task (src/tasks/task_reward.c).
 *
 * The family computes the eligibility traces the cheap way (one pass over
 * the neuron, one backward pass over arrivals).  Here the recorder
 * captures every input and output spike, the weights before and after
 * each trial and the traces, and a plain per-step, per-synapse simulation
 * written from the code (NEST iaf_psc_exp order, its patch's PSP,
 * doc/tasks.md's E) recomputes E from them: the two must agree to 1e-9,
 * with and without reset, at another step and with a busy neuron.  The
 * same replay checks the frozen patterns, the decisions, the weight
 * update and the reward averages (Eq. 23, the rule seeing them as they
 * stood before the trial).  The escape noise alone must give Bernoulli
 * spike counts.  Then the science at reduced scale: (R - 1)E learns, R E
 * and no plasticity do not, nor (R - 1)E without the reset after a
 * spike; a rule that divides by zero scores -inf; threads change no bit.
 *
 * The test registers the family itself (task_families below), so it
 * needs no registry.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/sim.h"
#include "e2l/task.h"

extern const task_family task_reward;
const task_family *const task_families[] = { &task_reward, NULL };

/* ---- A recorder that keeps everything of a few short runs ---------- */

enum { MAX_EXP = 4, MAX_TRIALS = 16, MAX_IN = 64 };

typedef struct {
	int n, cap;
	int *which;             /* input index, or -1 for the output */
	double *t;              /* ms within the trial */
} spikes;

typedef struct {
	double T;                             /* ms, to place samples */
	int ntrials[MAX_EXP];
	spikes spk[MAX_EXP][MAX_TRIALS];
	/* w[e][i][j]: weight of input j before trial i (NAN: none) */
	double w[MAX_EXP][MAX_TRIALS + 1][MAX_IN];
	double E[MAX_EXP][MAX_TRIALS][MAX_IN];
	double label[MAX_EXP][MAX_TRIALS], decision[MAX_EXP][MAX_TRIALS];
	double reward[MAX_EXP][MAX_TRIALS], pattern[MAX_EXP][MAX_TRIALS];
	long nu[MAX_EXP];                     /* potential samples */
	double umax;                          /* largest sampled u, mV */
	int nprogress[MAX_EXP];
	double progress[MAX_EXP];             /* the last value */
	int bad;                              /* out of the arrays */
} capture;

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	capture *C = ctx;
	if (exp >= MAX_EXP || trial < 0 || trial >= MAX_TRIALS) {
		C->bad = 1;
		return;
	}
	spikes *s = &C->spk[exp][trial];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		size_t cap = (size_t)s->cap;
		s->which = xrealloc(s->which, cap * sizeof *s->which);
		s->t = xrealloc(s->t, cap * sizeof *s->t);
	}
	s->which[s->n] = which;
	s->t[s->n++] = t;
}

static void on_progress(void *ctx, int exp, double done)
{
	capture *C = ctx;
	if (exp >= MAX_EXP) {
		C->bad = 1;
		return;
	}
	C->nprogress[exp]++;
	C->progress[exp] = done;
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	capture *C = ctx;
	if (!strcmp(name, "u") && exp < MAX_EXP && !strcmp(unit, "mV")) {
		C->nu[exp]++;
		C->umax = value > C->umax ? value : C->umax;
		return;
	}
	/* "w_J" and "E_J": at least two characters before J. */
	int i = (int)lround(t / C->T), j = strlen(name) > 2 ?
		atoi(name + 2) : -1;
	if (exp >= MAX_EXP || i > MAX_TRIALS || j < 0 || j >= MAX_IN) {
		C->bad = 1;
		return;
	}
	if (!strncmp(name, "w_", 2))
		C->w[exp][i][j] = value;
	else if (!strncmp(name, "E_", 2) && i >= 1)
		C->E[exp][i - 1][j] = value;
	else
		C->bad = 1;
}

static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	capture *C = ctx;
	if (exp >= MAX_EXP || trial < 0 || trial >= MAX_TRIALS) {
		C->bad = 1;
		return;
	}
	if (!strcmp(name, "label"))
		C->label[exp][trial] = value;
	else if (!strcmp(name, "decision"))
		C->decision[exp][trial] = value;
	else if (!strcmp(name, "pattern"))
		C->pattern[exp][trial] = value;
	else if (!strcmp(name, "reward")) {
		C->reward[exp][trial] = value;
		if (trial + 1 > C->ntrials[exp])
			C->ntrials[exp] = trial + 1;
	} else
		C->bad = 1;
}

static void capture_init(capture *C, double T)
{
	memset(C, 0, sizeof *C);
	C->T = T;
	C->umax = -INFINITY;
	for (int e = 0; e < MAX_EXP; e++)
		for (int i = 0; i <= MAX_TRIALS; i++)
			for (int j = 0; j < MAX_IN; j++)
				C->w[e][i][j] = NAN;
}

static void capture_free(capture *C)
{
	for (int e = 0; e < MAX_EXP; e++)
		for (int i = 0; i < MAX_TRIALS; i++) {
			free(C->spk[e][i].which);
			free(C->spk[e][i].t);
		}
}

static task_result run(const char *formula, const char *const *sets,
		       int threads, uint64_t seed, task_recorder *rec,
		       task_config *keep)
{
	const char *texts[] = { formula };
	return taskrun(&task_reward, texts, sets, threads, seed, rec, keep);
}

/* ---- The reference: one trial, every synapse, every step ------------ */

/*
 * Replays trial i of experiment e from the captured spikes and weights
 * and writes E[j] for every connected input (others 0).  Also returns,
 * through umin_spike, the lowest potential at which the output spiked.
 */
static void reference_trial(const task_config *cfg, const capture *C, int e,
			    int i, double *E, double *umin_spike)
{
	const double h = task_get(cfg, "h");
	const int64_t K = llround(task_get(cfg, "T") / h);
	const int64_t delay = llround(task_get(cfg, "delay") / h);
	const int reset = task_get(cfg, "reset") == 0;
	const int64_t nref = reset ? llround(task_get(cfg, "t_ref") / h) : 0;
	const double E_L = task_get(cfg, "E_L");
	const double u_th = task_get(cfg, "u_th");
	const double duE = task_get(cfg, "delta_u_E");
	const double rhoE = task_get(cfg, "rho_E");
	const double PE = exp(-h / task_get(cfg, "tau_M"));
	const double q = (1 - PE) * task_get(cfg, "c_E") / h;
	const int n = (int)task_get(cfg, "inputs");
	const double *w = C->w[e][i];
	const spikes *s = &C->spk[e][i];
	double psp[MAX_IN] = { 0 }, ipsp[MAX_IN] = { 0 };
	double V = 0, I = 0;
	int64_t ref = 0;
	sim_psc P;

	sim_psc_init(&P, task_get(cfg, "tau_m"), task_get(cfg, "tau_s"),
		     task_get(cfg, "C_m"), h);
	char *out = xcalloc((size_t)K, 1);
	int *narr = xcalloc((size_t)K * (size_t)n, sizeof *narr);
	for (int x = 0; x < s->n; x++) {
		int64_t k = llround(s->t[x] / h);
		if (s->which[x] < 0)
			out[k] = 1;
		else if (k + delay < K)
			narr[(k + delay) * n + s->which[x]]++;
	}
	for (int j = 0; j < n; j++)
		E[j] = 0;
	*umin_spike = INFINITY;
	for (int64_t k = 0; k < K; k++) {
		if (ref == 0)
			V = P.P22 * V + P.P21 * I;
		else
			ref--;
		I = P.P11 * I;
		for (int j = 0; j < n; j++) {
			if (isnan(w[j]))
				continue;
			psp[j] = P.P22 * psp[j] + P.P21 * ipsp[j];
			ipsp[j] = P.P11 * ipsp[j] + narr[k * n + j];
			I += narr[k * n + j] * w[j];
		}
		double u = E_L + V;
		double drive = out[k] -
			rhoE * exp((u - u_th) / duE) * 1e-3 * h;
		for (int j = 0; j < n; j++)
			E[j] = PE * E[j] + q * (psp[j] / duE) * drive;
		if (out[k]) {
			*umin_spike = fmin(*umin_spike, u);
			if (reset) {
				V = task_get(cfg, "u_reset") - E_L;
				ref = nref;
			}
		}
	}
	free(out);
	free(narr);
}

/*
 * The cheap E against the reference on every trial of a small run, and
 * the bookkeeping around it: frozen patterns, decisions, rewards, weight
 * updates with the reward averages, progress.
 */
static int test_eligibility(const char *const *sets, const char *what)
{
	static capture C;
	task_recorder rec = { .ctx = &C, .spike = on_spike,
			      .sample = on_sample, .trial = on_trial,
			      .progress = on_progress };
	task_config cfg;
	/* The rule mixes E with the averages so that the replay can read
	 * both back from the weight changes. */
	const char *rule = "(R - 1)*E + Rbar_plus + 10*Rbar_minus + 100*Rbar";
	const char *base[2 * 12 + 1] = { "experiments", "3", "trials", "6",
					"patterns", "4" };
	int nb = 6;

	for (; *sets; sets++)
		base[nb++] = *sets;
	base[nb] = NULL;
	capture_init(&C, 500);
	for (int k = 0; k + 1 < nb; k += 2)
		if (!strcmp(base[k], "T"))
			C.T = atof(base[k + 1]);
	task_result r = run(rule, base, 1, 7, &rec, &cfg);
	CHECK(!C.bad && r.n == 3, "%s: capture fits", what);
	/* The membrane potential, one sample a millisecond of every trial,
	 * in absolute mV: rest -70, threshold -55, and no run-away even
	 * without reset. */
	for (int e = 0; e < r.n; e++)
		CHECK(C.nu[e] == (long)(C.ntrials[e] * C.T + 0.5),
		      "%s: %ld potential samples in experiment %d, want %g",
		      what, C.nu[e], e, C.ntrials[e] * C.T);
	CHECK(C.umax > -75 && C.umax < -20, "%s: highest sampled u %.2f mV",
	      what, C.umax);

	const double eta = task_get(&cfg, "eta");
	const double mr = task_get(&cfg, "m_r");
	const double u_th = task_get(&cfg, "u_th");
	const double expect_in = task_get(&cfg, "inputs") *
		task_get(&cfg, "rate") * task_get(&cfg, "T") * 1e-3;
	const int n = (int)task_get(&cfg, "inputs");
	double worst = 0, umin = INFINITY, Eref[MAX_IN];
	int with = 0, without = 0, most = 0, nsyn = 0, nin = 0, ntr = 0;
	int upd_bad = 0, book_bad = 0, frozen_bad = 0, prog_bad = 0;

	for (int e = 0; e < r.n; e++) {
		double Rp = 0, Rm = 0;
		CHECK(C.ntrials[e] == 6, "%s: 6 trials, got %d", what,
		      C.ntrials[e]);
		prog_bad += C.nprogress[e] != 6 || C.progress[e] != 1.0;
		for (int i = 0; i < C.ntrials[e]; i++) {
			const spikes *sp = &C.spk[e][i];
			double um, scale = 0;
			int nout = 0;
			for (int x = 0; x < sp->n; x++)
				nout += sp->which[x] < 0;
			nout ? with++ : without++;
			most = nout > most ? nout : most;
			nin += sp->n - nout;
			ntr++;
			if ((nout > 0 ? 1 : -1) != C.decision[e][i] ||
			    C.reward[e][i] != (C.decision[e][i] ==
					       C.label[e][i] ? 1 : -1))
				book_bad++;
			/* A pattern's input spikes and label are frozen. */
			for (int i2 = 0; i2 < i; i2++) {
				const spikes *s2 = &C.spk[e][i2];
				int k1 = 0, k2 = 0;
				if (C.pattern[e][i2] != C.pattern[e][i])
					continue;
				frozen_bad += C.label[e][i2] != C.label[e][i];
				for (; k1 < sp->n && k2 < s2->n; k1++, k2++) {
					while (k1 < sp->n && sp->which[k1] < 0)
						k1++;
					while (k2 < s2->n && s2->which[k2] < 0)
						k2++;
					if (k1 < sp->n && k2 < s2->n &&
					    (sp->which[k1] != s2->which[k2] ||
					     sp->t[k1] != s2->t[k2]))
						frozen_bad++;
				}
			}

			reference_trial(&cfg, &C, e, i, Eref, &um);
			umin = fmin(umin, um);
			for (int j = 0; j < n; j++)
				scale = fmax(scale, fabs(Eref[j]));
			for (int j = 0; j < n; j++) {
				if (isnan(C.w[e][i][j]))
					continue;
				nsyn += i == 0 && e == 0;
				double err = fabs(C.E[e][i][j] - Eref[j]) /
					fmax(fabs(Eref[j]), 1e-6 * scale);
				worst = fmax(worst, err);
				/* w += eta f with the averages before this
				 * trial. */
				double R = C.reward[e][i];
				double f = (R - 1) * C.E[e][i][j] + Rp +
					10 * Rm + 100 * (Rp + Rm);
				double want = C.w[e][i][j] + eta * f;
				if (fabs(C.w[e][i + 1][j] - want) >
				    1e-12 * (fabs(want) + fabs(eta * f)))
					upd_bad++;
			}
			double R = C.reward[e][i];
			Rp = (1 - 1 / mr) * Rp + (1 / mr) * fmax(0, R);
			Rm = (1 - 1 / mr) * Rm + (1 / mr) * fmin(0, R);
		}
	}
	CHECK(nsyn > 0.5 * n && nsyn < n, "%s: %d of %d inputs connect", what,
	      nsyn, n);
	CHECK(fabs(nin / (double)ntr - expect_in) < 0.15 * expect_in,
	      "%s: %.1f input spikes per trial, expected %.0f", what,
	      nin / (double)ntr, expect_in);
	CHECK(with >= 2, "%s: %d trials with output spikes", what, with);
	CHECK(worst < 1e-9, "%s: cheap E vs per-step E: relative %.3g", what,
	      worst);
	CHECK(book_bad == 0, "%s: decision and reward from spikes and label",
	      what);
	CHECK(frozen_bad == 0, "%s: a pattern repeats its spikes and label",
	      what);
	CHECK(upd_bad == 0, "%s: %d weight updates differ from w + eta f",
	      what, upd_bad);
	CHECK(prog_bad == 0, "%s: progress once per trial, ending at 1",
	      what);
	/* Spikes come from the escape noise near threshold: at 1.5 mV
	 * below it the chance per step is 1e-7 e^-7.5. */
	CHECK(umin > u_th - 1.5, "%s: lowest u at an output spike %.2f mV",
	      what, umin);
	printf("  E, %s: %d trials with output spikes (up to %d), %d "
	       "without; worst relative difference %.2g\n", what, with,
	       most, without, worst);
	task_result_free(&r);
	task_config_free(&cfg);
	capture_free(&C);
	return without;
}

/*
 * The escape noise alone: with no input the potential rests at E_L =
 * -70 mV, so the chance to spike is p = rho 1e-3 h exp((E_L - u_th) /
 * delta_u) in every step, also while refractory (as NEST), and a trial
 * has K p spikes on average with variance K p (1 - p).  From the series
 * of the hazard (p = 5e-5) to its logarithm (p = 1e-3, 0.1), and below
 * threshold (exp(-5)).
 */
static void count_output(void *ctx, int exp, int trial, int which, double t)
{
	(void)exp;
	(void)trial;
	(void)t;
	*(long *)ctx += which < 0;
}

static void test_escape_noise(void)
{
	static const struct {
		const char *rho, *u_th, *reset;
	} cases[] = { { "5", "-70", "on" }, { "100", "-70", "off" },
		      { "100", "-70", "on" }, { "10000", "-70", "off" },
		      { "10000", "-69", "on" } };

	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		long count = 0;
		task_recorder rec = { .ctx = &count, .spike = count_output };
		const char *sets[] = { "experiments", "2", "trials", "20",
				       "rate", "0", "u_th", cases[c].u_th,
				       "rho", cases[c].rho,
				       "reset", cases[c].reset, NULL };
		task_result r = run("0", sets, 1, 9, &rec, NULL);
		double p = atof(cases[c].rho) * 1e-3 * 0.01 *
			exp((-70 - atof(cases[c].u_th)) / 0.2);
		double mean = 40 * 50000 * p;
		double sd = sqrt(40 * 50000 * p * (1 - p));
		CHECK(fabs(count - mean) < 4 * sd, "rho %s Hz, u_th %s mV, "
		      "reset %s: %ld output spikes in 40 trials, expected "
		      "%.0f +- %.0f", cases[c].rho, cases[c].u_th,
		      cases[c].reset, count, mean, sd);
		task_result_free(&r);
	}
}

/* ---- Science at reduced scale, and the edges ------------------------- */

/* How many standard errors a's mean lies above b's. */
static double z_above(const task_result *a, const task_result *b)
{
	return (a->mean - b->mean) /
		sqrt(a->sd * a->sd / a->n + b->sd * b->sd / b->n);
}

static void test_learning(void)
{
	/* The paper's experiment with 8 network and pattern sets instead
	 * of 10.  Without learning the expected reward is 0 (the labels
	 * are independent of the network), with a spread of about 100
	 * between sets: a set whose neuron always or never fires scores
	 * the balance of its labels. */
	const char *small[] = { "experiments", "8", NULL };
	const char *noreset[] = { "experiments", "8", "reset", "off", NULL };
	task_result lr0 = run("(R - 1)*E", small, 0, 3, NULL, NULL);
	task_result re = run("R*E", small, 0, 3, NULL, NULL);
	task_result none = run("0", small, 0, 3, NULL, NULL);
	task_result off = run("(R - 1)*E", noreset, 0, 3, NULL, NULL);

	printf("  8 experiments: (R-1)E %.1f +- %.1f, R E %.1f +- %.1f, "
	       "0 %.1f +- %.1f, (R-1)E without reset %.1f +- %.1f\n",
	       lr0.mean, lr0.sd, re.mean, re.sd, none.mean, none.sd,
	       off.mean, off.sd);
	CHECK(lr0.mean > 100, "(R - 1)E learns: %.1f", lr0.mean);
	CHECK(z_above(&lr0, &re) > 3, "(R - 1)E %.1f beats R E %.1f by %.1f "
	      "SE", lr0.mean, re.mean, z_above(&lr0, &re));
	CHECK(z_above(&lr0, &none) > 3, "(R - 1)E %.1f beats none %.1f by "
	      "%.1f SE", lr0.mean, none.mean, z_above(&lr0, &none));
	CHECK(z_above(&lr0, &off) > 3, "(R - 1)E %.1f beats itself without "
	      "reset %.1f by %.1f SE", lr0.mean, off.mean,
	      z_above(&lr0, &off));
	CHECK(fabs(off.mean) < 4 * off.sd / sqrt(off.n),
	      "without reset (R - 1)E stays at chance: %.1f +- %.1f",
	      off.mean, off.sd);
	task_result_free(&lr0);
	task_result_free(&re);
	task_result_free(&none);
	task_result_free(&off);
}

static void test_edges(void)
{
	const char *tiny[] = { "experiments", "3", "trials", "20", NULL };

	/* Rbar_plus is 0 at the first trial. */
	task_result div = run("E/Rbar_plus", tiny, 2, 5, NULL, NULL);
	CHECK(div.n == 3 && div.fitness == -INFINITY,
	      "a division by zero scores -inf: %g", div.fitness);
	task_result big = run("E*1e300", tiny, 2, 5, NULL, NULL);
	CHECK(big.n == 3 && big.fitness == -INFINITY,
	      "an overflowing weight scores -inf: %g", big.fitness);

	task_result one = run("(R - 1)*E", tiny, 1, 5, NULL, NULL);
	task_result two = run("(R - 1)*E", tiny, 2, 5, NULL, NULL);
	CHECK(one.n == 3 && two.n == 3 &&
	      !memcmp(one.values, two.values, sizeof *one.values * 3),
	      "1 and 2 threads give identical values");
	task_result other = run("(R - 1)*E", tiny, 2, 6, NULL, NULL);
	CHECK(memcmp(one.values, other.values, sizeof *one.values * 3),
	      "another seed, other values");
	task_result_free(&div);
	task_result_free(&big);
	task_result_free(&one);
	task_result_free(&two);
	task_result_free(&other);
}

int main(void)
{
	const char *none[] = { NULL };
	const char *noreset[] = { "reset", "off", NULL };
	/* delta_u_E / delta_u not a whole number, another step and delay,
	 * a reset below rest. */
	const char *other[] = { "delta_u", "0.3", "h", "0.02", "delay", "1.5",
				"u_reset", "-72", "T", "300", NULL };
	/* Strong weights: the neuron fires often, through resets and
	 * refractory periods. */
	const char *busy[] = { "w_sd", "4000", "t_ref", "1", NULL };

	int silent = test_eligibility(none, "defaults") +
		test_eligibility(noreset, "reset off") +
		test_eligibility(other, "h 0.02, delta_u 0.3") +
		test_eligibility(busy, "w_sd 4000");
	CHECK(silent >= 2, "%d trials without output spikes", silent);
	test_escape_noise();
	test_learning();
	test_edges();
	return check_done("test_reward");
}
