/*
 * test_reward.c - the reward-driven task (src/tasks/task_reward.c).
 *
 * The family computes the eligibility traces the cheap way (one pass over
 * the neuron, one backward pass over arrivals).  Here the recorder
 * captures every input and output spike, the weights before and after
 * each trial and the traces, and a plain per-step, per-synapse simulation
 * written from the spec (NEST iaf_psc_exp order, spec 3.1 and 3.2,
 * decisions.md's E) recomputes E from them: the two must agree to 1e-9.
 * The same replay checks the weight update and the reward averages
 * (Eq. 23, the rule seeing them as they stood before the trial).  Then
 * the science at reduced scale: (R - 1)E learns, R E and no plasticity do
 * not, nor (R - 1)E without the reset after a spike; a rule that divides
 * by zero scores -inf; threads change no bit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "e2l/sim.h"
#include "e2l/task.h"

extern const task_family task_reward;
const task_family *const task_families[] = { &task_reward, NULL };

/* ---- A recorder that keeps everything of a few short runs ---------- */

enum { MAX_EXP = 4, MAX_TRIALS = 16, MAX_IN = 64, MAX_SPK = 60000 };

typedef struct {
	int n;
	int which[MAX_SPK];
	double t[MAX_SPK];
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
	int bad;                              /* out of the arrays */
} capture;

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	capture *C = ctx;
	if (exp >= MAX_EXP || trial < 0 || trial >= MAX_TRIALS ||
	    C->spk[exp][trial].n >= MAX_SPK) {
		C->bad = 1;
		return;
	}
	spikes *s = &C->spk[exp][trial];
	s->which[s->n] = which;
	s->t[s->n++] = t;
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	capture *C = ctx;
	int i = (int)lround(t / C->T), j = atoi(name + 2);
	(void)unit;
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
	for (int e = 0; e < MAX_EXP; e++)
		for (int i = 0; i <= MAX_TRIALS; i++)
			for (int j = 0; j < MAX_IN; j++)
				C->w[e][i][j] = NAN;
}

static task_result run(const char *formula, const char *const *sets,
		       int threads, uint64_t seed, task_recorder *rec,
		       task_config *keep)
{
	task_config cfg;
	task_rule rule;
	task_result res = { 0 };
	e2l_error err;
	const char *texts[] = { formula };
	task_options o = { .seed = seed, .threads = threads, .rec = rec };

	task_config_default(&cfg, &task_reward);
	for (; sets && *sets; sets += 2)
		if (task_config_set(&cfg, sets[0], sets[1], &err) != E2L_OK)
			CHECK(0, "set %s: %s", sets[0], err.msg);
	if (task_rule_parse(&rule, cfg.family, texts, NULL, &err) != E2L_OK) {
		CHECK(0, "rule %s: %s", formula, err.msg);
		task_config_free(&cfg);
		return res;
	}
	if (task_evaluate(&cfg, &rule, &o, &res, &err) != E2L_OK)
		CHECK(0, "evaluate %s: %s", formula, err.msg);
	task_rule_free(&rule);
	if (keep)
		*keep = cfg;
	else
		task_config_free(&cfg);
	return res;
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
	char *out = calloc((size_t)K, 1);
	int *narr = calloc((size_t)K * (size_t)n, sizeof *narr);
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
 * the bookkeeping around it: decisions, rewards, weight updates and the
 * reward averages.
 */
static void test_eligibility(const char *const *sets, const char *what)
{
	static capture C;
	task_recorder rec = { .ctx = &C, .spike = on_spike,
			      .sample = on_sample, .trial = on_trial };
	task_config cfg;
	/* The rule mixes E with the averages so that the replay can read
	 * both back from the weight changes. */
	const char *rule = "(R - 1)*E + Rbar_plus + 10*Rbar_minus + 100*Rbar";
	const char *base[2 * 8 + 1] = { "experiments", "3", "trials", "6" };
	int nb = 4;

	for (; *sets; sets++)
		base[nb++] = *sets;
	base[nb] = NULL;
	capture_init(&C, 500);
	for (int k = 0; k + 1 < nb; k += 2)
		if (!strcmp(base[k], "T"))
			C.T = atof(base[k + 1]);
	task_result r = run(rule, base, 1, 7, &rec, &cfg);
	CHECK(!C.bad && r.n == 3, "%s: capture fits", what);

	const double eta = task_get(&cfg, "eta");
	const double mr = task_get(&cfg, "m_r");
	const double u_th = task_get(&cfg, "u_th");
	const int n = (int)task_get(&cfg, "inputs");
	double worst = 0, umin = INFINITY, Eref[MAX_IN];
	int with = 0, without = 0, nsyn = 0, upd_bad = 0, book_bad = 0;

	for (int e = 0; e < r.n; e++) {
		double Rp = 0, Rm = 0;
		CHECK(C.ntrials[e] == 6, "%s: 6 trials, got %d", what,
		      C.ntrials[e]);
		for (int i = 0; i < C.ntrials[e]; i++) {
			double um, scale = 0;
			int nout = 0;
			for (int x = 0; x < C.spk[e][i].n; x++)
				nout += C.spk[e][i].which[x] < 0;
			nout ? with++ : without++;
			if ((nout > 0 ? 1 : -1) != C.decision[e][i] ||
			    C.reward[e][i] != (C.decision[e][i] ==
					       C.label[e][i] ? 1 : -1))
				book_bad++;

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
	CHECK(with >= 2 && without >= 1,
	      "%s: trials with (%d) and without (%d) output spikes", what,
	      with, without);
	CHECK(worst < 1e-9, "%s: cheap E vs per-step E: relative %.3g", what,
	      worst);
	CHECK(book_bad == 0, "%s: decision and reward from spikes and label",
	      what);
	CHECK(upd_bad == 0, "%s: %d weight updates differ from w + eta f",
	      what, upd_bad);
	/* Spikes come from the escape noise near threshold: at 1.5 mV
	 * below it the chance per step is 1e-7 e^-7.5. */
	CHECK(umin > u_th - 1.5, "%s: lowest u at an output spike %.2f mV",
	      what, umin);
	printf("  E, %s: %d trials with output spikes, %d without, "
	       "worst relative difference %.2g\n", what, with, without, worst);
	task_result_free(&r);
	task_config_free(&cfg);
}

/* ---- Science at reduced scale, and the edges ------------------------- */

static void test_learning(void)
{
	/* A fifth of the paper's trials, 6 experiments.  Chance is 0 and
	 * a network that does not learn stays within some 40 of it. */
	const char *small[] = { "experiments", "6", "trials", "200", NULL };
	const char *noreset[] = { "experiments", "6", "trials", "200",
				  "reset", "off", NULL };
	task_result lr0 = run("(R - 1)*E", small, 0, 3, NULL, NULL);
	task_result re = run("R*E", small, 0, 3, NULL, NULL);
	task_result none = run("0", small, 0, 3, NULL, NULL);
	task_result off = run("(R - 1)*E", noreset, 0, 3, NULL, NULL);
	double se = lr0.sd / sqrt(lr0.n);

	printf("  200 trials x 6: (R-1)E %.1f +- %.1f, R E %.1f +- %.1f, "
	       "0 %.1f +- %.1f, (R-1)E no reset %.1f +- %.1f\n", lr0.mean,
	       lr0.sd, re.mean, re.sd, none.mean, none.sd, off.mean, off.sd);
	CHECK(lr0.mean > re.mean + 3 * se && lr0.mean > none.mean + 3 * se,
	      "(R - 1)E %.1f (SE %.1f) beats R E %.1f and none %.1f",
	      lr0.mean, se, re.mean, none.mean);
	CHECK(lr0.mean > 40, "(R - 1)E learns: %.1f", lr0.mean);
	CHECK(fabs(off.mean) < lr0.mean - 3 * se,
	      "without reset (R - 1)E does not learn: %.1f vs %.1f",
	      off.mean, lr0.mean);
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

	test_eligibility(none, "defaults");
	test_eligibility(noreset, "reset off");
	test_eligibility(other, "h 0.02, delta_u 0.3");
	test_learning();
	test_edges();
	return check_done("test_reward");
}
