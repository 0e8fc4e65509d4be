/*
 * task_reward.c - the reward-driven task (the paper's Methods;
 * doc/tasks.md, "reward"): one neuron with escape noise sees
 * one of 30 frozen Poisson patterns per trial and should spike for the
 * patterns labelled +1 and stay silent for the others.  After each trial
 * every synapse changes by eta f(R, E_j, Rbar_plus, Rbar_minus, Rbar),
 * E_j its eligibility trace at the end of the trial.  Fitness: the summed
 * reward over the trials, averaged over experiments.
 *
 * The cheap formulation.  The task reads E_j only at the end of a trial,
 * and E_j(T) is linear in the neuron's drive d_k = y_k - phi_E(u_k) h:
 *     E_j(T) = (q / delta_u_E) sum_k PE^(K-1-k) d_k PSP_j,k,
 * with PSP_j a sum of one two-exponential kernel over j's arrivals.  So a
 * trial is one pass over the neuron alone and one backward pass over its
 * arrivals, O(steps + arrivals) instead of O(steps x synapses).  The
 * neuron pass goes a stretch at a time: between two arrivals the
 * potential has a closed form, so the steps of a stretch are independent
 * (two per SSE2 register, exp inline), and the escape noise draws one
 * exponential per stretch where a spike is possible at all, not a
 * uniform per step.  tests/test_reward.c replays trials through the
 * recorder and checks E against the plain per-step, per-synapse update.
 *
 * Inputs: network and patterns from the experiment's seed, or a replay
 * file's rows (replay = FILE: the same draws, written down, with the
 * escape noise's seed); the recorder's inputs callback gets them as rows.
 *
 * Recorder: input spikes (at emission) and output spikes per trial;
 * pattern, label, decision and reward per trial; samples "w_J" (pA) and
 * "E_J" at the end of each trial (t = experiment time, ms; w also at 0),
 * J the input index, and the membrane potential "u" (mV) every ms;
 * progress once per trial.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "e2l/sim.h"
#include "e2l/task.h"

static const task_param params[] = {
	{ "experiments", 10, "", 1, 10000, 1, NULL,
	  "experiments (pattern sets and networks) per fitness evaluation" },
	{ "trials", 500, "", 1, 1e6, 1, NULL, "trials per experiment" },
	{ "inputs", 50, "", 1, 10000, 1, NULL, "Poisson inputs" },
	{ "connection_p", 0.8, "", 0, 1, 0, NULL,
	  "probability that an input connects to the output" },
	{ "w_sd", 1000, "pA", 0, 1e7, 0, NULL,
	  "initial weights are normal with mean 0 and this SD" },
	{ "patterns", 30, "", 1, 100000, 1, NULL,
	  "frozen Poisson patterns, each with a label +-1" },
	{ "T", 500, "ms", 1, 1e6, 0, NULL, "duration of a trial" },
	{ "rate", 6, "Hz", 0, 1e4, 0, NULL, "rate of every input" },
	{ "h", 0.01, "ms", 1e-4, 1, 0, NULL, "simulation step" },
	{ "delay", 2, "ms", 0, 1000, 0, NULL,
	  "from an input spike to its arrival (relay and synapse)" },
	{ "rho", 0.01, "Hz", 0, 1e9, 0, NULL,
	  "escape noise: firing rate at threshold" },
	{ "delta_u", 0.2, "mV", 1e-3, 1e4, 0, NULL,
	  "escape noise: width (small = sharp threshold)" },
	{ "E_L", -70, "mV", -1000, 1000, 0, NULL, "resting potential" },
	{ "u_th", -55, "mV", -1000, 1000, 0, NULL,
	  "threshold of the escape noise and of phi_E" },
	{ "u_reset", -70, "mV", -1000, 1000, 0, NULL,
	  "potential after a spike (with reset = on)" },
	{ "t_ref", 2, "ms", 0, 1000, 0, NULL,
	  "refractory period after a spike (with reset = on)" },
	{ "reset", 0, "", 0, 1, 0, "on|off",
	  "off: no reset and no refractoriness after a spike" },
	{ "tau_m", 10, "ms", 0.01, 1e5, 0, NULL, "membrane time constant" },
	{ "tau_s", 2, "ms", 0.01, 1e5, 0, NULL, "synaptic time constant" },
	{ "C_m", 250, "pF", 0.01, 1e6, 0, NULL, "membrane capacitance" },
	{ "tau_M", 500, "ms", 0.01, 1e7, 0, NULL,
	  "time constant of the eligibility trace" },
	{ "delta_u_E", 5, "mV", 1e-3, 1e4, 0, NULL,
	  "width of phi_E in the eligibility trace" },
	{ "rho_E", 10, "Hz", 0, 1e9, 0, NULL,
	  "phi_E at threshold in the eligibility trace" },
	{ "c_E", 1e7, "", -1e15, 1e15, 0, NULL,
	  "scale of the eligibility trace (the code's 1e9 x its 0.01 ms)" },
	{ "eta", 10, "", -1e6, 1e6, 0, NULL, "learning rate" },
	{ "m_r", 100, "trials", 1, 1e9, 0, NULL,
	  "averaging window of Rbar_plus and Rbar_minus (paper Eq. 23)" },
	{ "semantics", 0, TASK_SEMANTICS_PARAM },
	{ TASK_REPLAY_PARAM },
};

/* A replay file's rows (replay.c): everything network_draw and the
 * trial order draw, and the escape noise's seed, so that a replayed run
 * is the recorded one bit for bit. */
enum { REPLAY_SPIKE, REPLAY_LABEL, REPLAY_TRIAL, REPLAY_SYNAPSE,
       REPLAY_NOISE };
static const task_replay_kind replay_kinds[] = {
	{ "spike", "patterns", "inputs", TASK_ROWS_ANY, TASK_VALUE_TIME, NULL,
	  "ms", "in pattern PATTERN, input INDEX spikes at VALUE from the "
	  "trial's start (sent: it arrives delay later; rounded to a step)" },
	{ "label", "patterns", NULL, TASK_ROWS_EACH, TASK_VALUE_SIGN, NULL,
	  "", "pattern PATTERN's label: 1 (spike) or -1 (stay silent)" },
	{ "trial", NULL, "trials", TASK_ROWS_EACH, TASK_VALUE_BELOW,
	  "patterns", "", "trial INDEX shows pattern VALUE" },
	{ "synapse", NULL, "inputs", TASK_ROWS_SOME, TASK_VALUE_REAL, NULL,
	  "pA", "input INDEX connects with initial weight VALUE (an input "
	  "without one does not connect)" },
	{ "noise", NULL, NULL, TASK_ROWS_EACH, TASK_VALUE_SEED, NULL, "",
	  "seed of the escape noise's MT19937 stream" },
};

static double replay_span(const task_config *cfg)
{
	return task_get(cfg, "T");
}


static const char *const vars[] = { "R", "E", "Rbar_plus", "Rbar_minus",
				    "Rbar" };
static const task_var var_info[] = {
	{ "", "the trial's reward: +1 when the answer matched the label, "
	  "-1 when not" },
	{ "", "the synapse's eligibility trace at the trial's end (paper "
	  "Eq. 22, scaled by c_E)" },
	{ "", "average of the positive rewards, 0 .. 1, over m_r trials "
	  "before this one (paper Eq. 23)" },
	{ "", "average of the negative rewards, -1 .. 0 (its sign kept), "
	  "over m_r trials before this one" },
	{ "", "Rbar_plus + Rbar_minus, -1 .. 1: the reward expected" },
};

/* Every input spike of every pattern is held for the whole experiment:
 * no more than memory holds (and the counts are int). */
static int test_spikes(const task_config *cfg, char *msg, size_t size)
{
	const double n = task_get(cfg, "patterns") * task_get(cfg, "inputs") *
		task_get(cfg, "rate") * task_get(cfg, "T") * 1e-3;

	if (n <= TASK_SPIKES_MAX)
		return 1;
	snprintf(msg, size, "patterns = %g of inputs = %g at rate = %g Hz over "
		 "T = %g ms make about %.3g input spikes, more than the %g an "
		 "experiment holds (lower one of them)",
		 task_get(cfg, "patterns"), task_get(cfg, "inputs"),
		 task_get(cfg, "rate"), task_get(cfg, "T"), n,
		 (double)TASK_SPIKES_MAX);
	return 0;
}

/*
 * The eligibility trace's closed form (eligibility()) carries sums scaled
 * by (P22/PE)^n and (P11/PE)^n over a whole trial: with tau_M shorter
 * than tau_m or tau_s they grow as exp(T (1/tau_M - 1/tau)) and would
 * overflow to inf and NaN (every plastic rule -inf) past about e^700.
 * 600 leaves room for the sums' own size.
 */
#define TRACE_GROWTH_MAX 600.0

static int test_trace(const task_config *cfg, char *msg, size_t size)
{
	const double tau_M = task_get(cfg, "tau_M"), T = task_get(cfg, "T");
	const double tau_m = task_get(cfg, "tau_m");
	const double tau_s = task_get(cfg, "tau_s");
	/* The slower of the two grows the most. */
	const double slow = tau_m > tau_s ? tau_m : tau_s;
	const char *which = tau_m > tau_s ? "tau_m" : "tau_s";

	if (T * (1.0 / tau_M - 1.0 / slow) <= TRACE_GROWTH_MAX)
		return 1;
	snprintf(msg, size, "tau_M = %g ms is too short against %s = %g ms "
		 "over T = %g ms: the eligibility trace would overflow (tau_M "
		 "must be at least %.3g ms, or T shorter)", tau_M, which, slow,
		 T, 1.0 / (TRACE_GROWTH_MAX / T + 1.0 / slow));
	return 0;
}

/* Rate 0 and connection_p 0 are allowed: with no input a rule scores
 * chance, not a perfect score, and that is a baseline worth running. */
static const task_constraint constraints[] = {
	{ { "delay", "T" }, TASK_LT,
	  "no input would arrive within a trial", NULL },
	{ { "tau_s", "tau_m" }, TASK_NE,
	  "the potential's closed form divides by their difference",
	  NULL },
	{ { "T", "h" }, TASK_STEPS, NULL, NULL },
	{ { "tau_M", "tau_m", "tau_s", "T" }, TASK_TEST, NULL, test_trace },
	{ { "patterns", "inputs", "rate", "T" }, TASK_TEST, NULL,
	  test_spikes },
};
static const char *const formulas[] = { "formula" };

/* Streams within one experiment. */
enum { STREAM_CONNECT, STREAM_WEIGHTS, STREAM_PATTERNS, STREAM_LABELS,
       STREAM_ORDER, STREAM_NOISE };

/* One frozen pattern: the arrivals at the output in time order, and
 * every input spike for the recorder. */
typedef struct {
	int n;                  /* arrivals */
	int64_t *step;          /* arrival step, < steps */
	int *syn;               /* synapse it arrives through */
	int nspk;               /* input spikes, arriving or not */
	int64_t *spk_step;      /* emission step */
	int *spk_input;
	int label;              /* +1 or -1 */
} pattern;

/* Steps in one stretch at most: the tables over it stay in the L1
 * cache. */
enum { CHUNK = 512 };

/* exp(x) = 2^(k/64) e^r: a table of the 64 fractions, |r| <= ln2/128. */
enum { EXP_BITS = 6, EXP_N = 1 << EXP_BITS };
#define EXP_LIMIT 700.0                /* |x| beyond: libm's exp */

/*
 * The smallest hazard that can make a spike: an Exp(1) draw from a
 * 32-bit generator (sim_rng is MT19937) is -log(U) with U <= 1 - 2^-32,
 * so at least 2.33e-10.  A stretch whose summed hazard stays below this
 * cannot spike whatever the draw, and draws nothing.
 */
#define HAZARD_MIN 1e-10

/*
 * A run of steps base+1 .. base+len with no arrival before its last
 * step and no spike before its last step (with reset): the potential
 * follows a closed form over it.  The backward pass over stretches
 * gives the eligibility traces.
 */
typedef struct {
	int64_t base;           /* the step the stretch starts after */
	int len;                /* steps */
	int a0, a1;             /* arrivals at step base: pattern's a0..a1-1 */
	double SA, SB;          /* sum over the stretch of d_k r22^(k-base),
				 * and with r11 */
} stretch;

/* One experiment's constants, tables and buffers. */
typedef struct {
	int64_t steps;          /* K */
	int64_t refractory;     /* steps, 0 with reset off */
	int reset;              /* 1: reset and refractoriness */
	double V_reset;         /* u_reset - E_L, mV */
	double th;              /* u_th - E_L, mV */
	double inv_duE;         /* 1 / delta_u_E, 1/mV */
	double ratio;           /* delta_u_E / delta_u: (u - u_th)/delta_u
				 * is ratio x */
	double p_th;            /* rho 1e-3 h: spike chance at threshold */
	double phi_h;           /* rho_E 1e-3 h: phi_E h at threshold */
	double c;               /* P21 / (P22 - P11), mV/pA: the kernel's
				 * prefactor */
	double lnPE;            /* -h / tau_M */
	double ln22, ln11;      /* -h / tau_m, -h / tau_s */
	double scale;           /* q c / delta_u_E, q = (1 - PE) c_E / h */
	double p22[CHUNK + 2];  /* P22^n: membrane decay over n steps */
	double p11[CHUNK + 2];  /* P11^n: current decay over n steps */
	double r22[CHUNK + 2];  /* (P22 / PE)^n */
	double r11[CHUNK + 2];  /* (P11 / PE)^n */
	double ones[CHUNK + 2], zeros[CHUNK + 2];   /* V held: 1 and 0 */
	double exp_tab[EXP_N];  /* 2^(j/64) */
	double E_L;             /* mV, for recorded potentials */
	int64_t per_ms;         /* steps per recorded potential sample */
	stretch *st;            /* the stretches of the current trial */
	int nst, cap;
} reward_sim;

static void reward_sim_init(reward_sim *s, const task_config *cfg)
{
	const double h = task_get(cfg, "h");
	const double E_L = task_get(cfg, "E_L");
	const double tau_M = task_get(cfg, "tau_M");
	const double tau_m = task_get(cfg, "tau_m");
	const double tau_s = task_get(cfg, "tau_s");
	sim_psc psc;

	s->steps = llround(task_get(cfg, "T") / h);
	s->reset = task_get(cfg, "reset") == 0;
	s->refractory = s->reset ? llround(task_get(cfg, "t_ref") / h) : 0;
	s->V_reset = task_get(cfg, "u_reset") - E_L;
	s->E_L = E_L;
	s->per_ms = llround(1.0 / task_get(cfg, "h"));
	if (s->per_ms < 1)
		s->per_ms = 1;
	s->th = task_get(cfg, "u_th") - E_L;
	s->inv_duE = 1.0 / task_get(cfg, "delta_u_E");
	s->ratio = task_get(cfg, "delta_u_E") / task_get(cfg, "delta_u");
	s->p_th = task_get(cfg, "rho") * 1e-3 * h;
	s->phi_h = task_get(cfg, "rho_E") * 1e-3 * h;
	sim_psc_init(&psc, tau_m, tau_s, task_get(cfg, "C_m"), h);
	s->c = psc.P21 / (psc.P22 - psc.P11);
	s->lnPE = -h / tau_M;
	s->ln22 = -h / tau_m;
	s->ln11 = -h / tau_s;
	s->scale = (1.0 - exp(-h / tau_M)) * task_get(cfg, "c_E") / h *
		s->c * s->inv_duE;
	for (int n = 0; n <= CHUNK + 1; n++) {
		s->ones[n] = 1.0;
		s->zeros[n] = 0.0;
		s->p22[n] = exp(-n * h / tau_m);
		s->p11[n] = exp(-n * h / tau_s);
		s->r22[n] = exp(-n * h * (1.0 / tau_m - 1.0 / tau_M));
		s->r11[n] = exp(-n * h * (1.0 / tau_s - 1.0 / tau_M));
	}
	for (int j = 0; j < EXP_N; j++)
		s->exp_tab[j] = exp2((double)j / EXP_N);
	s->st = NULL;
	s->nst = s->cap = 0;
}

/*
 * The hazard of a step whose spike chance is p: -log(1 - p).  Spiking
 * when the summed hazard passes an Exp(1) draw is the same process as a
 * Bernoulli(p_k) draw per step (the chance of no spike over steps 1..n
 * is exp(-sum) = prod (1 - p_k)), at one random number per stretch that
 * can spike instead of one per step.
 */
static inline double hazard(double p)
{
	if (p < 1e-4)   /* the series to p^4: exact to 1e-16 relative */
		return p * (1.0 + p * (0.5 + p * (1.0 / 3 + p * 0.25)));
	return p < 1.0 ? -log1p(-p) : INFINITY;
}

static stretch *stretch_push(reward_sim *s)
{
	if (s->nst == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->st = xrealloc(s->st, (size_t)s->cap * sizeof *s->st);
	}
	return &s->st[s->nst++];
}

/*
 * Two doubles in one SSE2 register (GNU C vector extension, GCC and
 * Clang): each lane does exactly the scalar arithmetic, so results do
 * not depend on it; it makes the stretch loop 1.35 times faster.
 */
typedef double v2d __attribute__((vector_size(16)));
typedef uint64_t v2u __attribute__((vector_size(16)));

/*
 * exp(x) in each lane for |x| <= EXP_LIMIT, within 4 ulp of libm:
 * x = k ln2/64 + r, |r| <= ln2/128, exp(x) = 2^(k/64) e^r with e^r to
 * r^5 (leaves 4e-17).  Branch-free, so that the loop overlaps them.
 */
static inline v2d exp_v2(const double *tab, v2d x)
{
	const double shift = 0x1.8p52;          /* rounds to an integer */
	const double inv = EXP_N / 0x1.62e42fefa39efp-1;   /* 64 / ln2 */
	/* ln2 / 64 = hi + lo, hi with 29 bits so that k hi is exact */
	const double hi = 0x1.62e42fep-1 / EXP_N;
	const double lo = 0x1.f473de6af278fp-30 / EXP_N;
	v2d kd = x * inv + shift;
	v2u ki = (v2u)kd;                       /* low bits: 2^51 + k */
	kd -= shift;
	v2d r = x - kd * hi - kd * lo;
	v2d p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 +
		r * (1.0 / 120)))));
	v2u j = ki & (EXP_N - 1);
	v2d t = { tab[j[0]], tab[j[1]] };       /* 2^(j/64) */
	v2u bits = (v2u)t + ((ki >> EXP_BITS) << 52);   /* 2^floor(k/64) */
	return (v2d)bits * p;
}

/*
 * The range of x_n = (u_n - u_th) / delta_u_E = xa ta[n] + xb tb[n] + x0
 * over n = 1..len.  A sum of two exponentials in n has at most one
 * turning point, so the extremes lie at the ends or beside it.
 */
static void stretch_range(const reward_sim *s, int len, double xa,
			  const double *ta, double xb, const double *tb,
			  double x0, double *lo, double *hi)
{
	double x1 = xa * ta[1] + xb * tb[1] + x0;
	double xl = xa * ta[len] + xb * tb[len] + x0;

	*lo = x1 < xl ? x1 : xl;
	*hi = x1 > xl ? x1 : xl;
	if (ta != s->p22 || xa == 0 || xb == 0)
		return;         /* held, or one exponential: monotone */
	/* d/dn (xa P22^n + xb P11^n) = 0 where (P22/P11)^n = q */
	double q = -(xb * s->ln11) / (xa * s->ln22);
	if (!(q > 0))
		return;
	double turn = log(q) / (s->ln22 - s->ln11);
	if (!(turn > 1 && turn < len))
		return;
	for (int n = (int)turn; n <= (int)turn + 1 && n <= len; n++) {
		double x = xa * ta[n] + xb * tb[n] + x0;
		*lo = x < *lo ? x : *lo;
		*hi = x > *hi ? x : *hi;
	}
}

/*
 * One stretch: with x_n as above and e_n = exp(x_n), the sums of
 * e_n r22^n and e_n r11^n over n = 1..len.  Steps go in pairs, one per
 * lane, each lane with its own sums.  wild: x_n may leave exp_v2's
 * range, use libm's exp.
 */
static void stretch_scan(const reward_sim *s, int len, double xa,
			 const double *ta, double xb, const double *tb,
			 double x0, int wild, double *SA, double *SB)
{
	const double *r22 = s->r22, *r11 = s->r11;
	v2d A = { 0, 0 }, B = { 0, 0 };

	if (wild) {     /* far outside any sensible potential */
		*SA = *SB = 0;
		for (int n = 1; n <= len; n++) {
			double e = exp(xa * ta[n] + xb * tb[n] + x0);
			*SA += e * r22[n];
			*SB += e * r11[n];
		}
		return;
	}
	/* The tables have room for len + 1: with len odd, the last pair's
	 * second lane is computed and dropped. */
	for (int n = 1; n <= len; n += 2) {
		v2d vta, vtb, v22, v11;
		memcpy(&vta, ta + n, sizeof vta);
		memcpy(&vtb, tb + n, sizeof vtb);
		memcpy(&v22, r22 + n, sizeof v22);
		memcpy(&v11, r11 + n, sizeof v11);
		v2d e = exp_v2(s->exp_tab, xa * vta + xb * vtb + x0);
		if (n == len)
			e[1] = 0;
		A += e * v22;
		B += e * v11;
	}
	*SA = A[0] + A[1];
	*SB = B[0] + B[1];
}

/*
 * The eligibility traces at the end of the trial from the stretches.
 * With kappa(n) = c (P22^n - P11^n), the PSP an arrival at step a
 * leaves n steps later (PSP <- P22 PSP + P21 i, then i <- P11 i +
 * arrivals: the arrival of step a shows from step a + 1),
 *     E_j = (q / delta_u_E) sum over j's arrivals a of G(a),
 *     G(a) = sum_{k>a} PE^(K-1-k) d_k kappa(k - a)
 *          = c PE^(K-1-a) (A(a) - B(a)),
 *     A(a) = sum_{k>a} d_k (P22/PE)^(k-a),  B(a) likewise with P11.
 * Arrivals fall on the stretches' bases, and A(base) is the stretch's
 * own sum plus (P22/PE)^len times A at the next base.
 */
static void eligibility(const reward_sim *s, const pattern *pt, int nsyn,
			double *E)
{
	double A = 0, B = 0;

	for (int j = 0; j < nsyn; j++)
		E[j] = 0;
	for (int i = s->nst - 1; i >= 0; i--) {
		const stretch *st = &s->st[i];
		A = st->SA + s->r22[st->len] * A;
		B = st->SB + s->r11[st->len] * B;
		if (st->a1 == st->a0)
			continue;
		double G = exp(s->lnPE * (double)(s->steps - 1 - st->base)) *
			(A - B);
		for (int k = st->a0; k < st->a1; k++)
			E[pt->syn[k]] += G;
	}
	for (int j = 0; j < nsyn; j++)
		E[j] *= s->scale;
}

/*
 * One trial: the neuron as NEST's iaf_psc_exp (the code's patch) with escape
 * noise, and the eligibility traces E[s] of the nsyn synapses at its end.
 * Returns the number of output spikes; their steps go to spk when it is
 * not NULL.
 *
 * Per step k: if not refractory V <- P22 V + P21 I, I <- P11 I, then
 * I += weights arriving at k; u_k = E_L + V; spike with chance p_k; on a
 * spike (reset on) V <- u_reset - E_L and refractory.  Between arrivals
 * and spikes this is a closed form: from the state after step b,
 *     V_{b+n} = P22^n V_b + c (P22^n - P11^n) I_b,   I = P11^n I_b,
 * so the loop goes a stretch at a time with no dependency from one step
 * to the next.
 */
static int trial_run(reward_sim *s, const pattern *pt, const double *w,
		     gsl_rng *noise, int nsyn, double *E, sim_train *spk,
		     double *u_ms)
{
	const int64_t K = s->steps;
	double V = 0, I = 0;    /* after step b: mV from E_L, pA */
	int64_t b = -1, ref = 0;
	int a = 0, a0 = 0, nspk = 0;

	s->nst = 0;
	while (b < K - 1) {
		int64_t end = K - 1;
		if (a < pt->n && pt->step[a] < end)
			end = pt->step[a];
		if (end > b + CHUNK)
			end = b + CHUNK;
		int hold = ref > 0;     /* refractory: V stays */
		if (hold && end > b + ref)
			end = b + ref;
		int len = (int)(end - b);
		/* V_n = alpha ta[n] + beta tb[n] */
		double alpha = hold ? V : V + s->c * I;
		double beta = hold ? 0.0 : -s->c * I;
		const double *ta = hold ? s->ones : s->p22;
		const double *tb = hold ? s->zeros : s->p11;
		double xa = alpha * s->inv_duE, xb = beta * s->inv_duE;
		double x0 = -s->th * s->inv_duE;
		double SA, SB, spA = 0, spB = 0, lo, hi;
		stretch_range(s, len, xa, ta, xb, tb, x0, &lo, &hi);

		/* Escape noise, where it can act: p_n = p_th exp(x_n
		 * delta_u_E / delta_u). */
		int spiked = 0;
		double pmax = s->p_th * exp(hi * s->ratio);
		if (hazard(pmax) * len >= HAZARD_MIN) {
			double L = 0, Ex = -log(gsl_rng_uniform_pos(noise));
			for (int n = 1; n <= len; n++) {
				double x = xa * ta[n] + xb * tb[n] + x0;
				L += hazard(s->p_th * exp(x * s->ratio));
				if (L < Ex)
					continue;
				nspk++;
				if (spk)
					sim_train_push(spk, b + n);
				spA += s->r22[n];
				spB += s->r11[n];
				if (s->reset) {
					spiked = n;
					break;
				}
				L = 0;
				Ex = -log(gsl_rng_uniform_pos(noise));
			}
		}
		if (spiked)     /* the rest starts anew after the reset */
			len = spiked;
		/* The potential every millisecond, for a recorder only:
		 * the closed form at those steps (before a reset). */
		for (int n = 1; u_ms && n <= len; n++)
			if ((b + n + 1) % s->per_ms == 0)
				u_ms[(b + n + 1) / s->per_ms - 1] = s->E_L +
					alpha * ta[n] + beta * tb[n];
		stretch_scan(s, len, xa, ta, xb, tb, x0,
			     lo < -EXP_LIMIT || hi > EXP_LIMIT, &SA, &SB);

		stretch *st = stretch_push(s);
		st->base = b;
		st->len = len;
		st->a0 = a0;
		st->a1 = a;
		st->SA = spA - s->phi_h * SA;
		st->SB = spB - s->phi_h * SB;

		/* The state after the stretch's last step. */
		V = alpha * ta[len] + beta * tb[len];
		I *= s->p11[len];
		if (hold)
			ref -= len;
		b += len;
		if (spiked) {
			V = s->V_reset;
			ref = s->refractory;
		}
		for (a0 = a; a < pt->n && pt->step[a] == b; a++)
			I += w[pt->syn[a]];
	}
	eligibility(s, pt, nsyn, E);
	return nspk;
}

/* An input spike reaching the output: step and synapse. */
typedef struct {
	int64_t step;
	int syn;
} arrival;

static int cmp_arrival(const void *a, const void *b)
{
	const arrival *x = a, *y = b;
	if (x->step != y->step)
		return (x->step > y->step) - (x->step < y->step);
	return x->syn - y->syn;
}

/* The experiment's frozen draws: network and patterns. */
typedef struct {
	int ninputs;
	int nsyn;
	int *input_of;          /* input of synapse s */
	double *w;              /* weight of synapse s, pA */
	int npat;
	pattern *pat;
} network;

static void pattern_push(pattern *pt, int *cap, int64_t step, int input)
{
	if (pt->nspk == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		pt->spk_step = xrealloc(pt->spk_step,
					(size_t)*cap * sizeof *pt->spk_step);
		pt->spk_input = xrealloc(pt->spk_input,
					 (size_t)*cap * sizeof *pt->spk_input);
	}
	pt->spk_step[pt->nspk] = step;
	pt->spk_input[pt->nspk++] = input;
}

static void network_alloc(network *net, int n, int npat)
{
	net->ninputs = n;
	net->nsyn = 0;
	net->input_of = xmalloc((size_t)n * sizeof *net->input_of);
	net->w = xmalloc((size_t)n * sizeof *net->w);
	net->npat = npat;
	net->pat = xcalloc((size_t)npat, sizeof *net->pat);
}

/* e2l's draws: connections and weights, then each pattern's label and
 * spikes, from the experiment's seed. */
static void network_draw(network *net, const task_config *cfg, uint64_t seed)
{
	const double h = task_get(cfg, "h");
	const double p = task_get(cfg, "connection_p");
	const double sd = task_get(cfg, "w_sd");
	const double rate = task_get(cfg, "rate"), T = task_get(cfg, "T");
	gsl_rng *rc = sim_rng(seed, STREAM_CONNECT);
	gsl_rng *rw = sim_rng(seed, STREAM_WEIGHTS);
	gsl_rng *rp = sim_rng(seed, STREAM_PATTERNS);
	gsl_rng *rl = sim_rng(seed, STREAM_LABELS);
	int n = (int)task_get(cfg, "inputs");
	sim_train tr = { 0 };

	/* A buffer from the start: sim_poisson_train sorts it even when
	 * it draws no spike, and qsort must not see NULL. */
	sim_train_push(&tr, 0);
	network_alloc(net, n, (int)task_get(cfg, "patterns"));
	for (int j = 0; j < n; j++) {
		/* Every input draws a weight, so that the weights do not
		 * depend on which inputs connect. */
		double wj = gsl_ran_gaussian(rw, sd);
		if (gsl_rng_uniform(rc) < p) {
			net->input_of[net->nsyn] = j;
			net->w[net->nsyn++] = wj;
		}
	}
	for (int m = 0; m < net->npat; m++) {
		pattern *pt = &net->pat[m];
		int cap = 0;
		pt->label = gsl_rng_uniform(rl) < 0.5 ? -1 : 1;
		for (int j = 0; j < n; j++) {
			sim_poisson_train(rp, rate, T, h, &tr);
			for (int i = 0; i < tr.n; i++)
				pattern_push(pt, &cap, tr.step[i], j);
		}
	}
	sim_train_free(&tr);
	gsl_rng_free(rc);
	gsl_rng_free(rw);
	gsl_rng_free(rp);
	gsl_rng_free(rl);
}

/* The same from experiment exp of the replay file: synapses in input
 * order, as network_draw numbers them. */
static void network_replay(network *net, const task_config *cfg, int exp)
{
	const double h = task_get(cfg, "h");
	int n = (int)task_get(cfg, "inputs");
	task_replay_rows sp, lab, syn;
	double *w0 = xmalloc((size_t)n * sizeof *w0);
	char *connected = xcalloc((size_t)n, 1);
	int *cap;

	network_alloc(net, n, (int)task_get(cfg, "patterns"));
	task_replay_get(cfg->replay, exp, REPLAY_SYNAPSE, &syn);
	for (size_t i = 0; i < syn.n; i++) {
		connected[syn.index[i]] = 1;
		w0[syn.index[i]] = syn.value[i];
	}
	for (int j = 0; j < n; j++)
		if (connected[j]) {
			net->input_of[net->nsyn] = j;
			net->w[net->nsyn++] = w0[j];
		}
	task_replay_get(cfg->replay, exp, REPLAY_LABEL, &lab);
	for (size_t i = 0; i < lab.n; i++)
		net->pat[lab.pattern[i]].label = (int)lab.value[i];
	task_replay_get(cfg->replay, exp, REPLAY_SPIKE, &sp);
	cap = xcalloc((size_t)net->npat, sizeof *cap);
	for (size_t i = 0; i < sp.n; i++)
		pattern_push(&net->pat[sp.pattern[i]], &cap[sp.pattern[i]],
			     llround(sp.value[i] / h), sp.index[i]);
	free(cap);
	free(w0);
	free(connected);
}

/* Each pattern's arrivals at the output in time order, from its spikes
 * and the connections. */
static void network_arrivals(network *net, const task_config *cfg,
			     int64_t steps)
{
	const int64_t delay = llround(task_get(cfg, "delay") /
				      task_get(cfg, "h"));
	int *syn_of = xmalloc((size_t)net->ninputs * sizeof *syn_of);

	for (int j = 0; j < net->ninputs; j++)
		syn_of[j] = -1;
	for (int s = 0; s < net->nsyn; s++)
		syn_of[net->input_of[s]] = s;
	for (int m = 0; m < net->npat; m++) {
		pattern *pt = &net->pat[m];
		arrival *arr = xmalloc(((size_t)pt->nspk + 1) * sizeof *arr);
		for (int i = 0; i < pt->nspk; i++) {
			int s = syn_of[pt->spk_input[i]];
			int64_t at = pt->spk_step[i] + delay;
			if (s >= 0 && at < steps)
				arr[pt->n++] = (arrival){ at, s };
		}
		qsort(arr, (size_t)pt->n, sizeof *arr, cmp_arrival);
		pt->step = xmalloc(((size_t)pt->n + 1) * sizeof *pt->step);
		pt->syn = xmalloc(((size_t)pt->n + 1) * sizeof *pt->syn);
		for (int i = 0; i < pt->n; i++) {
			pt->step[i] = arr[i].step;
			pt->syn[i] = arr[i].syn;
		}
		free(arr);
	}
	free(syn_of);
}

/* The experiment's inputs for a recorder, as replay rows: every spike of
 * every pattern (emission time), labels, the trial order, synapses with
 * their initial weights, the noise seed. */
static void record_inputs(task_recorder *rec, const task_family *f, int exp,
			  const network *net, const int *order, int trials,
			  uint32_t noise, double h)
{
	strbuf b = { 0 };

	for (int m = 0; m < net->npat; m++) {
		const pattern *pt = &net->pat[m];
		for (int i = 0; i < pt->nspk; i++)
			task_replay_put(&b, exp, &replay_kinds[REPLAY_SPIKE], m,
					pt->spk_input[i],
					(double)pt->spk_step[i] * h);
		task_replay_put(&b, exp, &replay_kinds[REPLAY_LABEL], m, -1,
				pt->label);
	}
	for (int i = 0; i < trials; i++)
		task_replay_put(&b, exp, &replay_kinds[REPLAY_TRIAL], -1, i,
				order[i]);
	for (int s = 0; s < net->nsyn; s++)
		task_replay_put(&b, exp, &replay_kinds[REPLAY_SYNAPSE], -1,
				net->input_of[s], net->w[s]);
	task_replay_put(&b, exp, &replay_kinds[REPLAY_NOISE], -1, -1, noise);
	rec->inputs(rec->ctx, exp, f, b.s ? b.s : "", b.len);
	free(b.s);
}

static void network_free(network *net)
{
	for (int m = 0; m < net->npat; m++) {
		free(net->pat[m].step);
		free(net->pat[m].syn);
		free(net->pat[m].spk_step);
		free(net->pat[m].spk_input);
	}
	free(net->pat);
	free(net->input_of);
	free(net->w);
}

/* Weights and traces as samples at experiment time t (ms): "w_J" and
 * "E_J", J the input index. */
static void record_synapses(task_recorder *rec, int exp_index,
			    const network *net, const double *E, double t)
{
	char name[32];
	for (int s = 0; s < net->nsyn; s++) {
		snprintf(name, sizeof name, "w_%d", net->input_of[s]);
		rec->sample(rec->ctx, exp_index, name, "pA", t, net->w[s]);
		if (E) {
			snprintf(name, sizeof name, "E_%d", net->input_of[s]);
			rec->sample(rec->ctx, exp_index, name, "", t, E[s]);
		}
	}
}

static void record_trial(task_recorder *rec, int exp_index, int trial,
			 double h, const pattern *pt, int m,
			 const sim_train *spk, int decision, int R)
{
	if (rec->spike) {
		for (int i = 0; i < pt->nspk; i++)
			rec->spike(rec->ctx, exp_index, trial,
				   pt->spk_input[i],
				   (double)pt->spk_step[i] * h);
		for (int i = 0; i < spk->n; i++)
			rec->spike(rec->ctx, exp_index, trial, -1,
				   (double)spk->step[i] * h);
	}
	if (rec->trial) {
		rec->trial(rec->ctx, exp_index, trial, "pattern", m);
		rec->trial(rec->ctx, exp_index, trial, "label", pt->label);
		rec->trial(rec->ctx, exp_index, trial, "decision", decision);
		rec->trial(rec->ctx, exp_index, trial, "reward", R);
	}
}

static e2l_status experiment(const task_config *cfg, const task_rule *rule,
			     uint64_t seed, int exp_index, task_recorder *rec,
			     double *value, task_failure *fail,
			     e2l_error *err)
{
	const double h = task_get(cfg, "h"), T = task_get(cfg, "T");
	const double eta = task_get(cfg, "eta");
	const double inv_mr = 1.0 / task_get(cfg, "m_r");
	const int trials = (int)task_get(cfg, "trials");
	reward_sim *sim;
	network net;

	/* task_evaluate has checked the constraints above (tau_s differs
	 * from tau_m, which a divisor needs, and the rest). */
	(void)err;
	sim = xmalloc(sizeof *sim);
	reward_sim_init(sim, cfg);
	/* The draws, or the replay file's: network, the pattern of each
	 * trial (all drawn first: their stream serves nothing else) and the
	 * noise's seed. */
	int *order = xmalloc((size_t)trials * sizeof *order);
	uint32_t noise;
	if (cfg->replay) {
		task_replay_rows o, nz;
		network_replay(&net, cfg, exp_index);
		task_replay_get(cfg->replay, exp_index, REPLAY_TRIAL, &o);
		for (size_t i = 0; i < o.n; i++)
			order[o.index[i]] = (int)o.value[i];
		task_replay_get(cfg->replay, exp_index, REPLAY_NOISE, &nz);
		noise = (uint32_t)nz.value[0];
	} else {
		gsl_rng *ro = sim_rng(seed, STREAM_ORDER);
		network_draw(&net, cfg, seed);
		for (int i = 0; i < trials; i++)
			order[i] = (int)gsl_rng_uniform_int(ro,
				(unsigned long)net.npat);
		gsl_rng_free(ro);
		noise = sim_stream_seed(seed, STREAM_NOISE);
	}
	if (rec && rec->inputs)
		record_inputs(rec, cfg->family, exp_index, &net, order,
			      trials, noise, h);
	network_arrivals(&net, cfg, sim->steps);

	gsl_rng *rn = sim_rng_seeded(noise);
	const int nsyn = net.nsyn;
	/* Output spikes, kept for the recorder only: the decision needs
	 * their count. */
	sim_train spk = { 0 };
	sim_train *keep = rec && rec->spike ? &spk : NULL;
	double *E = xmalloc(((size_t)nsyn + 1) * sizeof *E);
	double *dw = xmalloc(((size_t)nsyn + 1) * sizeof *dw);
	double *work = xmalloc(prog_work_size(rule->program[0]) *
			       sizeof *work);
	int64_t nu = sim->steps / sim->per_ms;
	double *u_ms = rec && rec->sample ?
		xmalloc((size_t)(nu > 0 ? nu : 1) * sizeof *u_ms) : NULL;
	double Rp = 0, Rm = 0, Rb = 0;   /* Rbar_plus, Rbar_minus, Rbar */
	double Rv;                       /* this trial's reward */
	long sum = 0;
	int ok = 1;

	if (rec && rec->sample)
		record_synapses(rec, exp_index, &net, NULL, 0.0);
	for (int i = 0; i < trials && ok && !task_stopped(rec); i++) {
		int m = order[i];
		const pattern *pt = &net.pat[m];
		spk.n = 0;
		int nspk = trial_run(sim, pt, net.w, rn, nsyn, E, keep, u_ms);
		int decision = nspk > 0 ? 1 : -1;
		int R = decision == pt->label ? 1 : -1;

		sum += R;
		/* The rule sees this trial's reward and the averages as
		 * they stood before it (the expectation going into the
		 * trial); then the averages take R in (paper Eq. 23). */
		Rv = R;
		Rb = Rp + Rm;
		prog_arg args[5] = { { &Rv, 0 }, { E, 1 }, { &Rp, 0 },
				     { &Rm, 0 }, { &Rb, 0 } };
		ok = task_rule_eval(rule, 0, args, (size_t)nsyn, dw, work);
		if (!ok) {
			/* The update comes at the trial's end. */
			int s = (int)task_first_nonfinite(dw, (size_t)nsyn);
			char name[32];
			/* A trace that blew up (through a huge weight) is
			 * the cause; else the rule itself. */
			snprintf(name, sizeof name, "E_%d", net.input_of[s]);
			if (!isfinite(E[s]))
				task_fail(fail, i, (double)(i + 1) * T, name,
					  E[s], "eligibility trace %s", name);
			task_fail(fail, i, (double)(i + 1) * T, "formula",
				  dw[s], "the rule's value for w_%d",
				  net.input_of[s]);
		}
		for (int s = 0; ok && s < nsyn; s++) {
			net.w[s] += eta * dw[s];
			if (!(ok = isfinite(net.w[s]))) {
				char name[32];
				snprintf(name, sizeof name, "w_%d",
					 net.input_of[s]);
				task_fail(fail, i, (double)(i + 1) * T, name,
					  net.w[s], "weight %s", name);
			}
		}
		Rp = (1.0 - inv_mr) * Rp + inv_mr * (R > 0 ? R : 0);
		Rm = (1.0 - inv_mr) * Rm + inv_mr * (R < 0 ? R : 0);
		if (rec) {
			if (rec->sample) {
				record_synapses(rec, exp_index, &net, E,
						(double)(i + 1) * T);
				for (int64_t j = 0; j < nu; j++)
					rec->sample(rec->ctx, exp_index, "u",
						    "mV", (double)i * T +
						    (double)(j + 1) * h *
						    (double)sim->per_ms,
						    u_ms[j]);
			}
			record_trial(rec, exp_index, i, h, pt, m, &spk,
				     decision, R);
			if (rec->progress)
				rec->progress(rec->ctx, exp_index,
					      (double)(i + 1) / trials);
		}
	}
	*value = ok ? (double)sum : -INFINITY;

	sim_train_free(&spk);
	free(sim->st);
	free(sim);
	free(E);
	free(dw);
	free(work);
	free(u_ms);
	free(order);
	gsl_rng_free(rn);
	network_free(&net);
	return E2L_OK;
}

/* ---- What the front ends read ---------------------------------------- */

/* The run view: the trials side by side, the weights, the potential and
 * the reward summed so far. */
static const task_curve curves[] = {
	{ .title = "weights", .yunit = "pA", .xunit = "ms", .rank = 2,
	  .series = { { "w_", NULL, TASK_FROM_SAMPLE } } },
	{ .title = "membrane potential", .yunit = "mV", .xunit = "ms",
	  .recent = 1, .rank = 3,
	  .series = { { "u", "u", TASK_FROM_SAMPLE } } },
	{ .title = "cumulative reward", .yunit = "", .xunit = "trial",
	  .rank = 1,
	  .series = { { "reward", NULL, TASK_FROM_TRIAL_SUM } } },
};

static void brian2(strbuf *o, const char *const *texts)
{
	const char *from[] = { "R", "E", "Rbar_plus", "Rbar_minus", "Rbar" };
	const char *to[] = { "R", "E", "Rbar_plus", "Rbar_minus",
			     "(Rbar_plus + Rbar_minus)" };
	char *f = task_export_renamed(texts[0], EXPR_PYTHON, 5, from, to);
	strbuf_printf(o,
"# Reward-driven: the update happens once per trial, from the reward R\n"
"# (+1/-1), each synapse's eligibility trace E and the running averages\n"
"# Rbar_plus, Rbar_minus of positive and negative rewards.\n"
"# rule: %s\n"
"syn = Synapses(inputs, neuron, model='''w : 1\n"
"                                        E : 1''',\n"
"               on_pre='v_post += w*mV')\n"
"# E: accumulate your eligibility trace into syn.E during the trial; then\n"
"@network_operation(dt=trial_duration)\n"
"def learn():\n"
"    R = reward_of_last_trial()\n"
"    E = syn.E[:]\n"
"    syn.w[:] += eta*(%s)\n"
"    syn.E[:] = 0\n", texts[0], f);
	free(f);
}

static const task_exporter exporters[] = {
	{ TASK_BRIAN2, brian2 },
};

const task_family task_reward = {
	.name = "reward",
	.summary = "a neuron learns to classify frozen spike patterns from "
		   "a reward (paper section 'reward-driven learning')",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.vars = vars,
	.var_info = var_info,
	.nvars = sizeof vars / sizeof *vars,
	.formulas = formulas,
	.nformulas = 1,
	.update = "after each trial every synapse's weight changes by "
		  "eta formula (pA)",
	.experiment = experiment,
	.aggregate_min = 0,
	/* The paper's rules differ by 15-40 against an SD of about 80 per
	 * experiment: only paired comparisons over 200 resolve that. */
	.validate_experiments = 200,
	.constraints = constraints,
	.nconstraints = sizeof constraints / sizeof *constraints,
	.replay = replay_kinds,
	.nreplay = sizeof replay_kinds / sizeof *replay_kinds,
	.replay_span = replay_span,
	.fitness = { "the reward summed over the trials, -trials .. trials",
		     "", 0 },
	.trial_param = "T",
	.view = { .raster = TASK_RASTER_TRIALS, .label = "label",
		  .answer = "decision", .score = "reward", .curves = curves,
		  .learning = "cumulative reward",
		  .ncurves = sizeof curves / sizeof *curves },
	.exporters = exporters,
	.nexporters = sizeof exporters / sizeof *exporters,
};
