/*
 * task_error.c - the error-driven task (the paper's Methods): a
 * student neuron learns to follow a teacher neuron that receives the same
 * Poisson inputs through fixed weights.  The rule f(v, u, s) sees the
 * teacher's potential v (read every 5 ms), the student's potential u and
 * each synapse's PSP trace s; its output is low-pass filtered (tau_I) and
 * integrated into the weight.  Fitness: minus the root of the summed
 * squared difference between u and v, sampled every 1 ms after the first
 * 10 % (as the reference code; the paper calls it an RMSE).
 *
 * The cheap formulation: a student weight acts only when a spike arrives
 * through it, so between two arrivals the whole trajectory is fixed.  The
 * loop runs from one arrival to the next, then evaluates the rule once
 * over that stretch for all synapses (one compiled-program call over a
 * block of steps x synapses) and folds the results into the weights; this
 * is the same arithmetic, in the same order, as updating every step.
 *
 * Three sources of experiments: e2l's own streams, seeded per experiment
 * from the run's seed; (protocol = paper) the paper's own, rebuilt from
 * numpy seed paper_seed + k by np_error.c, where the run's seed has no
 * say; and a replay file's spikes and teacher weights (replay = FILE).  The paper's code ran on NEST, whose timing shows in three
 * named parameters (v_read, duplicates, weight_slice); their defaults are
 * the model without those artefacts, the paper's task files set the code's.
 *
 * A recorder gets u and v at every comparison, their squared difference
 * averaged over each second (err2, the learning curve), and each student
 * weight w_j beside the teacher's wt_j (paper Fig. 4C) every v_every ms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/sim.h"
#include "e2l/task.h"

static const task_param params[] = {
	{ "experiments", 15, "", 1, 10000, 1, NULL,
	  "experiments (input sets) per fitness evaluation" },
	{ "T", 10000, "ms", 1, 1e7, 0, NULL, "duration of one experiment" },
	{ "h", 0.01, "ms", 1e-4, 1, 0, NULL, "simulation step" },
	{ "inputs", 5, "", 1, 10000, 1, NULL, "Poisson inputs" },
	{ "rate_min", 150, "Hz", 0, 1e4, 0, NULL,
	  "input rates are uniform in [rate_min, rate_max]" },
	{ "rate_max", 850, "Hz", 0, 1e4, 0, NULL,
	  "input rates are uniform in [rate_min, rate_max]" },
	{ "delay", 2, "ms", 0, 1000, 0, NULL,
	  "from an input spike to its arrival (relay and synapse)" },
	{ "teacher_w_min", -20, "pA", -1e6, 1e6, 0, NULL,
	  "teacher weights are uniform in [min, max] plus the shift" },
	{ "teacher_w_max", 20, "pA", -1e6, 1e6, 0, NULL,
	  "teacher weights are uniform in [min, max] plus the shift" },
	{ "teacher_shift", 15, "pA", -1e6, 1e6, 0, NULL,
	  "added to every teacher weight" },
	{ "teacher_shift_sign", 0, "", 0, 1, 0, "fixed|random",
	  "random: the shift's sign is drawn per experiment (the paper)" },
	{ "student_w0", 5, "pA", -1e6, 1e6, 0, NULL,
	  "initial student weights" },
	{ "tau_m", 10, "ms", 0.01, 1e5, 0, NULL, "membrane time constant" },
	{ "tau_s", 2, "ms", 0.01, 1e5, 0, NULL, "synaptic time constant" },
	{ "C_m", 250, "pF", 0.01, 1e6, 0, NULL, "membrane capacitance" },
	{ "E_L", -70, "mV", -1000, 1000, 0, NULL, "resting potential" },
	{ "v_every", 5, "ms", 0, 1e6, 0, NULL,
	  "the teacher's potential is read this often and held" },
	{ "tau_I", 100, "ms", 0.01, 1e6, 0, NULL,
	  "low-pass filter of the rule's output" },
	{ "eta", 1.7, "", -1e6, 1e6, 0, NULL, "learning rate" },
	{ "sample", 1, "ms", 1e-3, 1e6, 0, NULL,
	  "membrane potentials are compared this often" },
	{ "skip", 0.1, "", 0, 0.99, 0, NULL,
	  "fraction of the samples left out at the start" },
	/* The paper's own experiments and its code's timing (its sim.py on
	 * NEST with the repository's patch; see the task files). */
	{ "protocol", 0, "", 0, 1, 0, "e2l|paper",
	  "paper: inputs and teacher weights from the paper's numpy seeds" },
	{ "paper_seed", 1235, "", 0, 4294967295.0, 1, NULL,
	  "protocol = paper: experiment k is numpy seed paper_seed + k" },
	{ "v_read", 0, "", 0, 1, 0, "start|end",
	  "v is read at the start or the end (the code) of a period's step" },
	{ "duplicates", 0, "", 0, 1, 0, "count|student_once",
	  "same-step spikes of an input: all count, or the student sees one" },
	{ "weight_slice", 0, "ms", 0, 1000, 0, NULL,
	  "> 0: spikes carry the weight of the relay's slice start (code: 1)" },
	{ "semantics", 0, TASK_SEMANTICS_PARAM },
	{ TASK_REPLAY_PARAM },
};

/* A replay file's rows (replay.c): what inputs_e2l and inputs_paper
 * draw, written by record_inputs. */
enum { REPLAY_SPIKE, REPLAY_TEACHER };
static const task_replay_kind replay_kinds[] = {
	{ "spike", NULL, "inputs", TASK_ROWS_ANY, TASK_VALUE_TIME, NULL,
	  "ms", "input INDEX spikes at VALUE (sent: it reaches the neurons "
	  "delay later; spikes.csv's time; rounded to a step)" },
	{ "teacher", NULL, "inputs", TASK_ROWS_EACH, TASK_VALUE_REAL, NULL,
	  "pA", "the teacher's weight from input INDEX" },
};

static double replay_span(const task_config *cfg)
{
	return task_get(cfg, "T");
}

static const char *const vars[] = { "v", "u", "s" };
static const task_var var_info[] = {
	{ "mV", "the teacher's membrane potential, read every v_every ms "
	  "and held" },
	{ "mV", "the student's membrane potential" },
	{ "mV", "the synapse's presynaptic PSP trace (a unit-weight PSP)" },
};
static const char *const formulas[] = { "formula" };

/* Where the membrane potentials are compared: every `every` steps, at
 * the ends of steps every, 2 every, ..., nsamples every, the first
 * `skipped` of them left out.  The experiment and the check share it. */
typedef struct {
	int64_t steps;          /* of the experiment */
	int64_t delay;          /* input spike to arrival, steps */
	int64_t every;          /* steps between samples, >= 1 */
	int64_t nsamples;
	int64_t skipped;
} sample_grid;

static void grid_init(sample_grid *g, const task_config *cfg)
{
	const double h = task_get(cfg, "h");

	g->steps = llround(task_get(cfg, "T") / h);
	g->delay = llround(task_get(cfg, "delay") / h);
	g->every = llround(task_get(cfg, "sample") / h);
	if (g->every < 1)
		g->every = 1;
	g->nsamples = g->steps / g->every;
	g->skipped = (int64_t)(task_get(cfg, "skip") * (double)g->nsamples);
}

/* Something is compared: otherwise every rule scores a perfect 0. */
static int test_compared(const task_config *cfg, char *msg, size_t size)
{
	sample_grid g;

	grid_init(&g, cfg);
	if (g.nsamples == 0) {
		snprintf(msg, size, "sample = %g ms is longer than T = %g ms: "
			 "no membrane potentials would be compared (sample "
			 "must be at most T)", task_get(cfg, "sample"),
			 task_get(cfg, "T"));
		return 0;
	}
	if (g.nsamples - g.skipped < 1) {
		snprintf(msg, size, "skip = %g leaves none of the %lld samples "
			 "to compare (lower skip)", task_get(cfg, "skip"),
			 (long long)g.nsamples);
		return 0;
	}
	return 1;
}

/*
 * An input can have reached the neurons by the last sample: otherwise
 * u = v = E_L at every sample and every rule scores a perfect 0.  An
 * input spike falls on step 1 at the earliest, arrives `delay` steps
 * later and moves the potentials from the step after, which the sample at
 * the end of the next step sees: the last sample, at the end of step
 * nsamples every, must come at least delay + 3 steps in.
 */
static int test_reached(const task_config *cfg, char *msg, size_t size)
{
	const double h = task_get(cfg, "h");
	sample_grid g;
	int64_t last;

	grid_init(&g, cfg);
	last = g.nsamples * g.every;
	if (g.nsamples == 0 || last >= g.delay + 3)
		return 1;
	if (last < 3)
		snprintf(msg, size, "T = %g ms is too short: no input can "
			 "reach the neurons before the last sample at %g ms, "
			 "so every rule would score 0 (T must be at least %g "
			 "ms)",
			 task_get(cfg, "T"), (double)last * h,
			 (double)((g.delay + 3 + g.every - 1) / g.every *
				  g.every) * h);
	else
		snprintf(msg, size, "delay = %g ms: no input reaches the "
			 "neurons before the last sample at %g ms, so every "
			 "rule would score 0 (delay must be at most %g ms, or "
			 "T longer)", task_get(cfg, "delay"),
			 (double)last * h, (double)(last - 3) * h);
	return 0;
}

/* Inputs that spike, and no more spikes than memory holds. */
static int test_spikes(const task_config *cfg, char *msg, size_t size)
{
	const double rate = task_get(cfg, "rate_max");
	const double n = task_get(cfg, "inputs") * rate *
		task_get(cfg, "T") * 1e-3;

	if (rate <= 0) {
		snprintf(msg, size, "rate_max = %g Hz: the inputs never spike, "
			 "so every rule would score 0 (rate_max must be above "
			 "0)", rate);
		return 0;
	}
	if (n > TASK_SPIKES_MAX) {
		snprintf(msg, size, "inputs = %g at up to rate_max = %g Hz "
			 "over T = %g ms make up to %.3g input spikes, more "
			 "than the %g an experiment holds (lower one of them)",
			 task_get(cfg, "inputs"), rate, task_get(cfg, "T"), n,
			 (double)TASK_SPIKES_MAX);
		return 0;
	}
	return 1;
}

/* A slice holds a step: a shorter one would round to none. */
static int test_slice(const task_config *cfg, char *msg, size_t size)
{
	const double slice = task_get(cfg, "weight_slice");
	const double h = task_get(cfg, "h");

	if (slice == 0 || slice >= h * (1 - 1e-9))
		return 1;
	snprintf(msg, size, "weight_slice = %g ms is shorter than h = %g ms: "
		 "a slice must hold a step (weight_slice must be 0 or at "
		 "least h)", slice, h);
	return 0;
}

/* numpy seeds are 32-bit: RandomState refuses larger ones. */
static int test_paper_seed(const task_config *cfg, char *msg, size_t size)
{
	const double seed = task_get(cfg, "paper_seed");
	const double n = task_get(cfg, "experiments");

	if (task_get(cfg, "protocol") != 1 || seed + n - 1 <= 4294967295.0)
		return 1;
	snprintf(msg, size, "paper_seed = %.0f with experiments = %.0f runs "
		 "past numpy's largest seed 4294967295 (paper_seed must be at "
		 "most %.0f)", seed, n, 4294967295.0 - (n - 1));
	return 0;
}

static const task_constraint constraints[] = {
	{ { "rate_min", "rate_max" }, TASK_LE,
	  "input rates are uniform in [rate_min, rate_max]", NULL },
	{ { "teacher_w_min", "teacher_w_max" }, TASK_LE,
	  "teacher weights are uniform in [min, max]", NULL },
	{ { "sample", "h" }, TASK_GE,
	  "potentials are compared at most once a step", NULL },
	{ { "sample", "T", "h", "skip" }, TASK_TEST, NULL, test_compared },
	{ { "delay", "T", "h", "sample" }, TASK_TEST, NULL, test_reached },
	{ { "rate_max", "inputs", "T" }, TASK_TEST, NULL, test_spikes },
	{ { "weight_slice", "delay" }, TASK_LE,
	  "the relay fires one slice before its spike arrives", NULL },
	{ { "weight_slice", "h" }, TASK_TEST, NULL, test_slice },
	{ { "paper_seed", "experiments", "protocol" }, TASK_TEST, NULL,
	  test_paper_seed },
};

/* Streams within one experiment. */
enum { STREAM_RATES, STREAM_TRAINS, STREAM_WEIGHTS };

/* Input spikes reaching the neurons: step, input, and how many of that
 * input's spikes arrive in the step. */
typedef struct {
	int64_t step;
	int input;
	int count;
} arrival;

static int cmp_arrival(const void *a, const void *b)
{
	const arrival *x = a, *y = b;
	if (x->step != y->step)
		return (x->step > y->step) - (x->step < y->step);
	return x->input - y->input;
}

/* What one experiment is made of. */
typedef struct {
	arrival *arr;           /* sorted by step, then input; one per
				 * (step, input) */
	int n;
	double *wt;             /* teacher weights, pA */
} inputs;

/* Sorts and merges spikes of one input in one step into one arrival. */
static void merge_arrivals(inputs *in)
{
	int m = 0;

	qsort(in->arr, (size_t)in->n, sizeof *in->arr, cmp_arrival);
	for (int i = 0; i < in->n; i++) {
		if (m > 0 && in->arr[m - 1].step == in->arr[i].step &&
		    in->arr[m - 1].input == in->arr[i].input)
			in->arr[m - 1].count += in->arr[i].count;
		else
			in->arr[m++] = in->arr[i];
	}
	in->n = m;
}

/* e2l's own experiment: rates, trains and weights from the run's seed. */
static void inputs_e2l(const task_config *cfg, uint64_t seed, int n,
		       double h, int64_t delay, inputs *in)
{
	gsl_rng *rr = sim_rng(seed, STREAM_RATES);
	gsl_rng *rt = sim_rng(seed, STREAM_TRAINS);
	gsl_rng *rw = sim_rng(seed, STREAM_WEIGHTS);
	double lo = task_get(cfg, "rate_min"), hi = task_get(cfg, "rate_max");
	double shift = task_get(cfg, "teacher_shift");
	double wlo = task_get(cfg, "teacher_w_min");
	double whi = task_get(cfg, "teacher_w_max");
	sim_train tr = { 0 };
	int cap = 0;

	in->arr = NULL;
	in->n = 0;
	for (int j = 0; j < n; j++) {
		double rate = lo + (hi - lo) * gsl_rng_uniform(rr);
		sim_poisson_train(rt, rate, task_get(cfg, "T"), h, &tr);
		if (in->n + tr.n > cap) {
			cap = 2 * (in->n + tr.n);
			in->arr = xrealloc(in->arr, (size_t)cap *
					   sizeof *in->arr);
		}
		for (int i = 0; i < tr.n; i++)
			in->arr[in->n++] = (arrival){ tr.step[i] + delay, j,
						      1 };
	}
	sim_train_free(&tr);
	if (task_get(cfg, "teacher_shift_sign") == 1 &&
	    gsl_rng_uniform(rw) < 0.5)
		shift = -shift;
	in->wt = xmalloc((size_t)n * sizeof *in->wt);
	for (int j = 0; j < n; j++)
		in->wt[j] = wlo + (whi - wlo) * gsl_rng_uniform(rw) + shift;
	gsl_rng_free(rr);
	gsl_rng_free(rt);
	gsl_rng_free(rw);
	merge_arrivals(in);
}

/*
 * The paper's experiment `index`, rebuilt from numpy seed paper_seed +
 * index (np_error.c).  A spike stamped at step m by NEST's generator is
 * emitted at the end of step m - 1; the code relays it through a parrot
 * neuron (1 ms) to the neurons (1 ms), where it enters the current at
 * the end of step m - 1 + delay.  0 where numpy would raise.
 */
static int inputs_paper(const task_config *cfg, int index, int n, double h,
			int64_t delay, inputs *in)
{
	np_error_spec s = {
		.inputs = n,
		.rate_min = task_get(cfg, "rate_min"),
		.rate_max = task_get(cfg, "rate_max"),
		.T = task_get(cfg, "T"),
		.h = h,
		.w_min = task_get(cfg, "teacher_w_min"),
		.w_max = task_get(cfg, "teacher_w_max"),
		.shift = task_get(cfg, "teacher_shift"),
		.shift_p = task_get(cfg, "teacher_shift_sign") == 1 ? 0.5 : 0,
	};
	uint32_t seed = (uint32_t)((uint64_t)task_get(cfg, "paper_seed") +
				   (uint64_t)index);
	sim_events ev = { 0 };
	double *rate = xmalloc((size_t)n * sizeof *rate);

	in->wt = xmalloc((size_t)n * sizeof *in->wt);
	in->arr = NULL;
	in->n = 0;
	int ok = np_error_inputs(&s, seed, rate, in->wt, &ev);
	if (ok) {
		in->arr = xmalloc((ev.n ? ev.n : 1) * sizeof *in->arr);
		for (size_t i = 0; i < ev.n; i++)
			in->arr[in->n++] = (arrival){
				sim_event_step(ev.ev[i]) - 1 + delay,
				sim_event_input(ev.ev[i]), 1 };
		merge_arrivals(in);
	}
	sim_events_free(&ev);
	free(rate);
	return ok;
}

/*
 * Experiment `index` of a replay file: a spike at t ms is sent on step
 * round(t / h) and arrives `to_arrival` steps later (not before step 0,
 * where the loop starts); teacher weights as given.
 */
static void inputs_replay(const task_config *cfg, int index, int n,
			  double h, int64_t to_arrival, inputs *in)
{
	task_replay_rows sp, te;

	task_replay_get(cfg->replay, index, REPLAY_SPIKE, &sp);
	task_replay_get(cfg->replay, index, REPLAY_TEACHER, &te);
	in->arr = xmalloc((sp.n ? sp.n : 1) * sizeof *in->arr);
	in->n = 0;
	for (size_t i = 0; i < sp.n; i++) {
		int64_t at = llround(sp.value[i] / h) + to_arrival;
		in->arr[in->n++] = (arrival){ at > 0 ? at : 0, sp.index[i], 1 };
	}
	merge_arrivals(in);
	in->wt = xcalloc((size_t)n, sizeof *in->wt);
	for (size_t i = 0; i < te.n; i++)
		in->wt[te.index[i]] = te.value[i];
}

/* The experiment's inputs for a recorder, as replay rows. */
static void record_inputs(task_recorder *rec, const task_family *f,
			  int exp_index, const inputs *in, int n, double h,
			  int64_t to_arrival)
{
	strbuf b = { 0 };

	for (int i = 0; i < in->n; i++)
		for (int m = 0; m < in->arr[i].count; m++)
			task_replay_put(&b, exp_index,
					&replay_kinds[REPLAY_SPIKE], -1,
					in->arr[i].input, (double)(in->arr[i].step -
					to_arrival) * h);
	for (int j = 0; j < n; j++)
		task_replay_put(&b, exp_index, &replay_kinds[REPLAY_TEACHER],
				-1, j, in->wt[j]);
	rec->inputs(rec->ctx, exp_index, f, b.s ? b.s : "", b.len);
	free(b.s);
}

static e2l_status experiment(const task_config *cfg, const task_rule *rule,
			     uint64_t seed, int exp_index, task_recorder *rec,
			     double *value, task_failure *fail,
			     e2l_error *err)
{
	const double h = task_get(cfg, "h");
	const double E_L = task_get(cfg, "E_L"), eta = task_get(cfg, "eta");
	const int n = (int)task_get(cfg, "inputs");
	sample_grid g;
	grid_init(&g, cfg);
	const int64_t steps = g.steps, delay = g.delay, every = g.every;
	const int64_t skipped = g.skipped;
	const int64_t hold = llround(task_get(cfg, "v_every") / h) > 0 ?
		llround(task_get(cfg, "v_every") / h) : 1;
	const double decay_I = exp(-h / task_get(cfg, "tau_I"));
	/* The code's timing conventions (see the parameter table). */
	const int v_at_end = task_get(cfg, "v_read") == 1;
	const int student_once = task_get(cfg, "duplicates") == 1;
	const int64_t slice = llround(task_get(cfg, "weight_slice") / h);
	const int paper = task_get(cfg, "protocol") == 1;
	/* Steps per stretch: bounded so the buffers stay small. */
	const int64_t chunk = 65536 / n > 1 ? 65536 / n : 1;
	sim_psc psc;
	inputs in;

	/* From a spike's time to its arrival, in steps (the paper's
	 * generator emits a spike one step before its time stamp). */
	const int64_t spike_to_arrival = paper ? delay - 1 : delay;

	sim_psc_init(&psc, task_get(cfg, "tau_m"), task_get(cfg, "tau_s"),
		     task_get(cfg, "C_m"), h);
	if (cfg->replay) {
		inputs_replay(cfg, exp_index, n, h, spike_to_arrival, &in);
	} else if (paper) {
		if (!inputs_paper(cfg, exp_index, n, h, delay, &in)) {
			free(in.wt);
			return e2l_fail(err, E2L_EINVALID, 0, 0, "protocol = "
					"paper: numpy cannot draw experiment "
					"%d's spike counts (lower rate_max or "
					"T)", exp_index);
		}
	} else {
		inputs_e2l(cfg, seed, n, h, delay, &in);
	}
	if (rec && rec->inputs)
		record_inputs(rec, cfg->family, exp_index, &in, n, h,
			      spike_to_arrival);
	const arrival *arr = in.arr;
	const int na = in.n;
	const double *wt = in.wt;                       /* teacher, pA */

	double *w = xmalloc((size_t)n * sizeof *w);     /* student, pA */
	/* The student's weights at the start of the current and the
	 * previous slice (weight_slice > 0). */
	double *w_cur = xmalloc((size_t)n * sizeof *w_cur);
	double *w_prev = xmalloc((size_t)n * sizeof *w_prev);
	double *I = xcalloc((size_t)n, sizeof *I);      /* filtered rule */
	double *psp = xcalloc((size_t)n, sizeof *psp);  /* s, mV */
	double *ipsp = xcalloc((size_t)n, sizeof *ipsp);/* its current */
	double *vb = xmalloc((size_t)(chunk * n) * sizeof *vb);
	double *ub = xmalloc((size_t)(chunk * n) * sizeof *ub);
	double *sb = xmalloc((size_t)(chunk * n) * sizeof *sb);
	double *db = xmalloc((size_t)(chunk * n) * sizeof *db);
	double *work = xmalloc(prog_work_size(rule->program[0]) *
			       sizeof *work);

	for (int j = 0; j < n; j++)
		w[j] = w_cur[j] = w_prev[j] = task_get(cfg, "student_w0");

	double Vt = 0, It = 0, Vs = 0, Is = 0;   /* relative to E_L */
	double v_held = E_L, sq = 0;
	/* For a recorder: (u - v)^2 averaged over each second, the
	 * learning curve. */
	double bin_sq = 0, bin_end = 1000.0;
	long bin_n = 0;
	int64_t sample_no = 0, next_progress = steps / 100 + 1;
	int ok = 1, a = 0;

	for (int64_t t = 0; t < steps && ok && !task_stopped(rec);) {
		/* The stretch ends before the next arrival after t, and at
		 * the next slice start, where the weights are noted. */
		int b = a;
		while (b < na && arr[b].step <= t)
			b++;
		int64_t end = b < na && arr[b].step < steps ? arr[b].step :
			steps;
		if (end - t > chunk)
			end = t + chunk;
		if (slice > 0 && (t / slice + 1) * slice < end)
			end = (t / slice + 1) * slice;
		for (int64_t k = t; k < end; k++) {
			int64_t i = (k - t) * n;
			if (!v_at_end && k % hold == 0)
				v_held = E_L + Vt;
			sim_psc_step(&psc, &Vt, &It);
			sim_psc_step(&psc, &Vs, &Is);
			if (v_at_end && k % hold == 0)
				v_held = E_L + Vt;
			for (int j = 0; j < n; j++)
				sim_psc_step(&psc, &psp[j], &ipsp[j]);
			for (; a < na && arr[a].step == k; a++) {
				int j = arr[a].input, c = arr[a].count;
				/* One spike at a time: the sums round as
				 * they did before spikes were merged. */
				for (int m = 0; m < c; m++)
					It += wt[j];
				if (rec && rec->spike)
					for (int m = 0; m < c; m++)
						rec->spike(rec->ctx, exp_index,
							   -1, j, (double)(k -
							   spike_to_arrival) * h);
				if (student_once)
					c = 1;
				double wj = slice > 0 ? w_prev[j] : w[j];
				for (int m = 0; m < c; m++) {
					Is += wj;
					ipsp[j] += 1.0;
				}
			}
			for (int j = 0; j < n; j++) {
				vb[i + j] = v_held;
				ub[i + j] = E_L + Vs;
				sb[i + j] = psp[j];
			}
			if ((k + 1) % every == 0) {
				double d = Vs - Vt;
				if (++sample_no > skipped)
					sq += d * d;
				if (rec && rec->sample) {
					double tm = (double)(k + 1) * h;
					rec->sample(rec->ctx, exp_index, "u", "mV",
						    tm, E_L + Vs);
					rec->sample(rec->ctx, exp_index, "v", "mV",
						    tm, E_L + Vt);
					bin_sq += d * d;
					bin_n++;
					if (tm >= bin_end) {
						rec->sample(rec->ctx, exp_index,
							    "err2", "mV^2", tm,
							    bin_sq / bin_n);
						bin_sq = 0;
						bin_n = 0;
						bin_end = tm + 1000.0;
					}
				}
			}
		}
		/* The rule over the stretch, then the weights step by step. */
		int64_t len = (end - t) * n;
		prog_arg args[3] = { { vb, 1 }, { ub, 1 }, { sb, 1 } };
		ok = task_rule_eval(rule, 0, args, (size_t)len, db, work);
		if (!ok) {
			size_t i = task_first_nonfinite(db, (size_t)len);
			int j = (int)(i % (size_t)n);
			task_fail(fail, -1, (double)(t + (int64_t)i / n + 1) *
				  h, "formula", db[i], "the rule's value for "
				  "w_%d", j);
		}
		for (int64_t i = 0; ok && i < len; i += n)
			for (int j = 0; j < n; j++) {
				I[j] = decay_I * I[j] +
					(1.0 - decay_I) * db[i + j];
				w[j] += eta * I[j] * h;
			}
		for (int j = 0; ok && j < n; j++)
			if (!(ok = isfinite(w[j]))) {
				char name[24];
				snprintf(name, sizeof name, "w_%d", j);
				/* Known to the stretch: its end. */
				task_fail(fail, -1, (double)end * h, name,
					  w[j], "weight %s", name);
			}
		if (slice > 0 && end % slice == 0)
			for (int j = 0; j < n; j++) {
				w_prev[j] = w_cur[j];
				w_cur[j] = w[j];
			}
		/* Weights as they stand when a v_every period ends, each
		 * beside the teacher's (paper Fig. 4C). */
		if (rec && rec->sample && ok && end / hold > t / hold)
			for (int j = 0; j < n; j++) {
				char name[24];
				snprintf(name, sizeof name, "w_%d", j);
				rec->sample(rec->ctx, exp_index, name, "pA",
					    (double)end * h, w[j]);
				snprintf(name, sizeof name, "wt_%d", j);
				rec->sample(rec->ctx, exp_index, name, "pA",
					    (double)end * h, wt[j]);
			}
		if (rec && rec->progress && end >= next_progress) {
			rec->progress(rec->ctx, exp_index,
				      (double)end / (double)steps);
			next_progress = end + steps / 100 + 1;
		}
		t = end;
	}
	*value = ok && isfinite(sq) ? -sqrt(sq) : -INFINITY;
	if (ok && !isfinite(sq))
		task_fail(fail, -1, (double)steps * h, "error", sq,
			  "the summed squared error (u - v)^2");

	free(in.arr);
	free(in.wt);
	free(w);
	free(w_cur);
	free(w_prev);
	free(I);
	free(psp);
	free(ipsp);
	free(vb);
	free(ub);
	free(sb);
	free(db);
	free(work);
	return E2L_OK;
}

/* ---- What the front ends read ---------------------------------------- */

/* The run view: the last 500 ms of input spikes (the student does not
 * spike), the student's weights moving to the teacher's, dashed as the
 * targets they are (paper Fig. 4C), both potentials, the teacher's dashed
 * again, and the squared error. */
static const task_curve curves[] = {
	{ .title = "weights", .yunit = "pA", .xunit = "ms", .rank = 1,
	  .series = { { "wt_", "teacher", TASK_FROM_SAMPLE,
			TASK_DASHED },
		      { "w_", "student", TASK_FROM_SAMPLE, TASK_SOLID } } },
	{ .title = "potential", .yunit = "mV", .xunit = "ms",
	  .recent = 1, .rank = 2,
	  .series = { { "v", "teacher v", TASK_FROM_SAMPLE, TASK_DASHED },
		      { "u", "student u", TASK_FROM_SAMPLE, TASK_SOLID } } },
	{ .title = "(u - v)^2 per second", .yunit = "mV^2", .xunit = "ms",
	  .rank = 3, .series = { { "err2", NULL, TASK_FROM_SAMPLE } } },
};

static void brian2(strbuf *o, const char *const *texts)
{
	const char *from[] = { "v", "u", "s" };
	const char *to[] = { "v_teacher_post", "v_post", "s" };
	char *f = task_export_renamed(texts[0], EXPR_PYTHON, 3, from, to);
	strbuf_printf(o,
"# Error-driven: a continuous update from the teacher's potential v, the\n"
"# student's u (in mV, dimensionless here) and the presynaptic trace s.\n"
"# rule: %s\n"
"eta = 1e-3; tau_s = 5*ms  # set these to your task's eta and tau_s\n"
"syn = Synapses(inputs, student,\n"
"    model='''ds/dt = -s/tau_s : 1 (clock-driven)\n"
"             dw/dt = eta*(%s)/ms : 1 (clock-driven)''',\n"
"    on_pre='''s += 1\n"
"              v_post += w*mV''')\n"
"# v_teacher_post: a variable of the student group holding the teacher's\n"
"# membrane potential (e.g. linked with linked_var).\n", texts[0], f);
	free(f);
}

static const task_exporter exporters[] = {
	{ TASK_BRIAN2, brian2 },
};

const task_family task_error = {
	.name = "error",
	.summary = "a student neuron learns to follow a teacher's membrane "
		   "potential (paper section 'error-driven learning')",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.vars = vars,
	.var_info = var_info,
	.nvars = sizeof vars / sizeof *vars,
	.formulas = formulas,
	.nformulas = 1,
	.update = "every step each weight integrates eta I, I the formula "
		  "low-pass filtered with tau_I (pA)",
	.experiment = experiment,
	.aggregate_min = 0,
	.constraints = constraints,
	.nconstraints = sizeof constraints / sizeof *constraints,
	.replay = replay_kinds,
	.nreplay = sizeof replay_kinds / sizeof *replay_kinds,
	.replay_span = replay_span,
	.fitness = { "minus the root of (u - v)^2 summed over the samples "
		     "after the first `skip` (paper Eq. 8): 0 is a perfect "
		     "match", "mV", 0,
		     "minus the root of summed (u - v)^2; 0 is a perfect "
		     "match" },
	.view = { .raster = TASK_RASTER_RUN, .raster_ms = 500,
		  .curves = curves, .learning = "(u - v)^2 per second",
		  .ncurves = sizeof curves / sizeof *curves,
		  .no_output = 1 },
	.exporters = exporters,
	.nexporters = sizeof exporters / sizeof *exporters,
};
