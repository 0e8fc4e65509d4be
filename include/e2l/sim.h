/*
 * sim.h - the simulation layer: random streams, input spike trains, and
 * the neuron and synapse-trace models the tasks are built from.  It knows
 * nothing of tasks.
 *
 * Time advances in steps of h ms.  Models are integrated exactly: for
 * linear dynamics the state after one step is a fixed linear map of the
 * state before (the "propagators"), so results do not depend on h beyond
 * where spikes fall on the grid.  Hot loops live in the tasks; this layer
 * gives them the constants and the small inline steps.
 */
#ifndef E2L_SIM_H
#define E2L_SIM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

/* ---- Random streams ----------------------------------------------- */

/* A mixing of a seed and a stream number (splitmix64): experiments and
 * the streams inside one (inputs, noise, weights) are independent. */
uint64_t sim_seed_mix(uint64_t seed, uint64_t stream);
/* A Mersenne Twister stream for (seed, stream); gsl_rng_free it.  It
 * is sim_rng_seeded(sim_stream_seed(seed, stream)): the 32-bit seed is
 * all a replay file needs to hold to give the same stream. */
gsl_rng *sim_rng(uint64_t seed, uint64_t stream);
uint32_t sim_stream_seed(uint64_t seed, uint64_t stream);
/* MT19937 after gsl_rng_set(r, s) (s = 0 is GSL's default, 4357). */
gsl_rng *sim_rng_seeded(uint32_t s);

/* ---- Input spike trains ------------------------------------------- */

/* A sorted list of spike times as step numbers. */
typedef struct {
	int64_t *step;
	int n, cap;
} sim_train;

void sim_train_free(sim_train *t);
void sim_train_push(sim_train *t, int64_t step);

/*
 * A frozen Poisson train over (0, T] as the reference code draws it: the
 * count is Poisson(rate T), the times uniform on [h, T), sorted and
 * floored to the grid.  rate in Hz, T and h in ms.
 */
void sim_poisson_train(gsl_rng *r, double rate, double T, double h,
		       sim_train *out);

/* ---- Input events and the correlation task's inputs --------------- */

/* The reference's input recipe rounds spike times to 0.1 ms (NEST's
 * default resolution) whatever h is. */
enum { SIM_TICKS_PER_MS = 10 };
/* An input spike packed as (step << SIM_EVENT_INPUT_BITS) | input. */
enum { SIM_EVENT_INPUT_BITS = 17 };      /* inputs <= 100000 < 2^17 */

/* All input spikes of a run, sorted by step (inputs in order within a
 * step) once sim_events_sort has run. */
typedef struct {
	uint64_t *ev;
	size_t n, cap;
} sim_events;

void sim_events_push(sim_events *s, int64_t step, int input);
void sim_events_sort(sim_events *s);     /* stable radix sort */
void sim_events_free(sim_events *s);

static inline int64_t sim_event_step(uint64_t e)
{
	return (int64_t)(e >> SIM_EVENT_INPUT_BITS);
}

static inline int sim_event_input(uint64_t e)
{
	return (int)(e & ((UINT64_C(1) << SIM_EVENT_INPUT_BITS) - 1));
}

/* The step of a time in 0.1 ms ticks, never before step 1. */
int64_t sim_tick_step(int64_t tick, double h);

/* One train as the reference's create_frozen_noise draws it, in ticks;
 * out needs room for max(1, int(1.25 rate T)) of them.  Returns the
 * count. */
int sim_frozen_train(gsl_rng *r, double rate, double T, int64_t *out);

typedef struct {
	int inputs;
	double rate;            /* Hz */
	double pattern;         /* ms, the frozen pattern's length */
	double inter;           /* ms between patterns */
	double duration;        /* ms */
	double h;               /* ms */
	int64_t max_step;       /* pattern copies after it are dropped */
	int replace;            /* 1: thin with replacement, as the paper's
				 * rng.choice (a spike can be kept twice) */
} sim_pattern_spec;

/* Background trains with a frozen pattern inserted every pattern + inter
 * ms and the pattern neurons' background thinned so that every input has
 * the same mean rate (the code's build_poisson_input).  rp, rb, rs: the
 * pattern's, the background's and the thinning's streams.  Returns 0
 * when no thinning can equalise the rates (the pattern alone is too
 * frequent). */
int sim_pattern_inputs(const sim_pattern_spec *p, gsl_rng *rp, gsl_rng *rb,
		       gsl_rng *rs, sim_events *out);

/* ---- Leaky integrate-and-fire, exponential synaptic currents ------- */

/*
 * tau_m C dV/dt = -V + tau_m I,  tau_s dI/dt = -I, V relative to rest.
 * Exact integration over one step h:
 *     V <- P22 V + P21 I,    I <- P11 I
 * (NEST iaf_psc_exp's order: the membrane sees the current before it
 * decays; spikes arriving in the step are added to I afterwards.)
 */
typedef struct {
	double P11;          /* current decay per step */
	double P22;          /* membrane decay per step */
	double P21;          /* current to membrane, mV per pA */
} sim_psc;

void sim_psc_init(sim_psc *p, double tau_m,   /* ms */
		  double tau_s,               /* ms */
		  double C_m,                 /* pF */
		  double h);                  /* ms */

/* One step of membrane (mV, relative) and current (pA). */
static inline void sim_psc_step(const sim_psc *p, double *V, double *I)
{
	*V = p->P22 * *V + p->P21 * *I;
	*I = p->P11 * *I;
}

/*
 * Escape noise: the chance to spike in a step is
 *     p = rho 1e-3 h exp((u - u_th) / delta_u)     (rho in Hz, h in ms)
 * (Bernoulli per step, linear in h, as the reference code).
 */
static inline double sim_escape_p(double rho,       /* Hz */
				  double h,         /* ms */
				  double u_minus_th,/* mV */
				  double delta_u)   /* mV */
{
	return rho * 1e-3 * h * exp(u_minus_th / delta_u);
}

/* ---- Leaky integrate-and-fire, delta synapses ---------------------- */

/* tau_m dV/dt = -V; an input spike of weight w makes V jump by w mV. */
typedef struct {
	double decay;        /* exp(-h / tau_m) */
	double threshold;    /* mV */
	double reset;        /* mV */
	int refractory;      /* steps */
} sim_delta_lif;

void sim_delta_lif_init(sim_delta_lif *n, double tau_m, double threshold,
			double reset, double t_ref, double h);

/* ---- Pair-based STDP traces ---------------------------------------- */

/* A trace that jumps by 1 per spike and decays with tau: its value at a
 * later time needs no per-step update, only the time since the last
 * spike. */
typedef struct {
	double value;        /* just after the last spike */
	double t_last;       /* ms; -INFINITY before any spike */
} sim_trace;

static inline double sim_trace_at(const sim_trace *tr, double t, double tau)
{
	return tr->value * exp(-(t - tr->t_last) / tau);
}

static inline void sim_trace_spike(sim_trace *tr, double t, double tau)
{
	tr->value = (tr->t_last == -INFINITY ? 0.0 :
		     sim_trace_at(tr, t, tau)) + 1.0;
	tr->t_last = t;
}


/* ---- A numpy-compatible stream (nprandom.c) ------------------------ */

/*
 * numpy's legacy numpy.random.RandomState, call for call: the same seed
 * and the same calls give the same values, bit for bit (checked against
 * numpy 1.24 by tests/test_nprandom.c).  The paper's code draws its
 * inputs this way, so its experiments can be rebuilt from its seeds.
 * The struct is the whole state: assign it to fork a stream.  A numpy
 * call with size=k gives the same values as k calls here, except
 * choice and permutation, which take their size as numpy does.
 *
 *     np_rng r;
 *     np_seed(&r, 11214124);                // RandomState(11214124)
 *     double t = np_exponential(&r, 12.5);  // r.exponential(12.5)
 *     int64_t k = np_randint(&r, 0, 100);   // r.randint(0, 100)
 */
typedef struct {
	uint32_t key[624];   /* MT19937 state */
	int pos;             /* next word of key; 624: regenerate first */
	int has_gauss;       /* gauss holds a normal for the next call */
	double gauss;
} np_rng;

/* RandomState(seed), or r.seed(seed): MT19937's init_genrand, any seed
 * including 0 (GSL would replace 0 by 4357); forgets a cached normal. */
void np_seed(np_rng *r, uint32_t seed);
/* One MT19937 word: r.randint(0, 2**32, dtype=np.uint32). */
uint32_t np_uint32(np_rng *r);
/* r.random_sample(), r.random(), r.rand(): [0, 1) from two words. */
double np_random_sample(np_rng *r);
/* r.standard_exponential(), r.exponential(scale); scale >= 0. */
double np_standard_exponential(np_rng *r);
double np_exponential(np_rng *r, double scale);
/* r.standard_normal(), r.randn(), r.normal(loc, scale); scale >= 0.
 * Normals come in pairs: every other call takes no draw. */
double np_standard_normal(np_rng *r);
double np_normal(np_rng *r, double loc, double scale);
/* r.uniform(low, high): low + (high - low) U. */
double np_uniform(np_rng *r, double low, double high);
/* r.poisson(lam).  -1, with no draw, where numpy raises: lam negative,
 * NaN or above its POISSON_LAM_MAX (about 9.2e18). */
int64_t np_poisson(np_rng *r, double lam);
/* r.randint(low, high) for the default int64: [low, high), low < high.
 * A range of one value takes no draw. */
int64_t np_randint(np_rng *r, int64_t low, int64_t high);
/* [0, max]: the draw behind each swap of r.shuffle. */
uint64_t np_interval(np_rng *r, uint64_t max);
/* r.shuffle(x) for n items of size bytes at base. */
void np_shuffle(np_rng *r, void *base, size_t n, size_t size);
/* r.permutation(n) into out[n]. */
void np_permutation(np_rng *r, int64_t n, int64_t *out);
/* r.choice(pop, size, replace, p) into out[size]; p is NULL or pop
 * probabilities.  NULL on success, else numpy's ValueError message (no
 * draws taken).  Without replacement and p it shuffles all pop items. */
const char *np_choice(np_rng *r, int64_t pop, int64_t size, int replace,
		      const double *p, int64_t *out);

/* ---- The paper's error-task inputs (np_error.c) -------------------- */

/* What the paper's experiments/error_driven/sim.py draws, with its
 * sim_params names. */
typedef struct {
	int inputs;             /* n_inputs */
	double rate_min;        /* Hz: range_input_rates */
	double rate_max;        /* Hz */
	double T;               /* ms: t_sim */
	double h;               /* ms: dt, the grid spike times fall on */
	double w_min;           /* pA: range_teacher_weights */
	double w_max;           /* pA */
	double shift;           /* pA: added to every teacher weight */
	double shift_p;         /* chance that the shift is negated: the
				 * code's 0, the paper's 0.5 */
} np_error_spec;

/*
 * One experiment of the paper's error task, rebuilt from its numpy seed
 * (seed + trial in sim.py): rate[inputs] in Hz, w_teacher[inputs] in pA,
 * and every input spike as (step, input) in spikes, sorted by step, where
 * step is the spike's time on the grid in steps of h (NEST's time stamp:
 * the generator emits it at the end of step - 1).  Two spikes of one
 * input on one step stay two events.  Returns 0 where numpy would raise
 * (a rate whose spike count has no Poisson draw).
 *
 *     np_error_spec s = { 5, 150, 850, 10000, 0.01, -20, 20, 15, 0 };
 *     np_error_inputs(&s, 817818273 + k, rate, w, &spikes);
 */
int np_error_inputs(const np_error_spec *s, uint32_t seed, double *rate,
		    double *w_teacher, sim_events *spikes);

/* ---- The paper's correlation inputs (np_correlation.c) ------------- */

/*
 * The correlation task's inputs as the paper's code builds them
 * (sim_utils.py create_frozen_noise and build_poisson_input, regular
 * intervals), from an np_rng.  The experiments of one of its runs share
 * one stream: experiment k is drawn after experiments 0 .. k-1, which
 * np_pattern_skip steps over cheaply.
 *
 *     np_rng r;
 *     np_seed(&r, 11214124 + 123);          // main.py's input stream
 *     for (int k = 0; k < want; k++)
 *             np_pattern_skip(&spec, &r);
 *     np_pattern_inputs(&spec, &r, &ev);    // experiment `want`
 */
typedef struct {
	int inputs;             /* Npre */
	double rate;            /* Hz, every train before the pattern */
	double pattern;         /* ms, T_stim */
	double inter;           /* ms, T_inter */
	double duration;        /* ms, the T the inputs are built for */
	int unique;             /* 1: subsample without replacement (the
				 * paper's rng.choice replaces) */
} np_pattern_spec;

/* The fraction of a pattern input's background kept, 1 - nu_pattern /
 * nu_inter, as build_poisson_input computes it; not above 0 when no
 * thinning can equalise the rates. */
double np_pattern_alpha(const np_pattern_spec *p);
/* One experiment into out (emptied first): (tick, input) events, the tick
 * in 1 / SIM_TICKS_PER_MS ms as NEST's spike_generator rounds the times,
 * sorted by tick and, within one, by input.  An input that the subsample
 * picked twice spikes twice in one tick: both events are kept.  Returns
 * 0, taking no draw, when np_pattern_alpha is not above 0. */
int np_pattern_inputs(const np_pattern_spec *p, np_rng *r, sim_events *out);
/* Takes exactly the draws of np_pattern_inputs, building nothing. */
int np_pattern_skip(const np_pattern_spec *p, np_rng *r);

#endif
