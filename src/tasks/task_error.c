/*
 * task_error.c - the error-driven task (spec/paper.md section 5): a
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
};

static const char *const vars[] = { "v", "u", "s" };
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
};

/* Streams within one experiment. */
enum { STREAM_RATES, STREAM_TRAINS, STREAM_WEIGHTS };

/* An input spike reaching the neurons: step and input. */
typedef struct {
	int64_t step;
	int input;
} arrival;

static int cmp_arrival(const void *a, const void *b)
{
	const arrival *x = a, *y = b;
	if (x->step != y->step)
		return (x->step > y->step) - (x->step < y->step);
	return x->input - y->input;
}

/* All arrivals of all inputs in time order. */
static arrival *arrivals(const task_config *cfg, uint64_t seed, int n,
			 double h, int64_t delay, int *count)
{
	gsl_rng *rr = sim_rng(seed, STREAM_RATES);
	gsl_rng *rt = sim_rng(seed, STREAM_TRAINS);
	double lo = task_get(cfg, "rate_min"), hi = task_get(cfg, "rate_max");
	sim_train tr = { 0 };
	arrival *a = NULL;
	int na = 0, cap = 0;

	for (int j = 0; j < n; j++) {
		double rate = lo + (hi - lo) * gsl_rng_uniform(rr);
		sim_poisson_train(rt, rate, task_get(cfg, "T"), h, &tr);
		if (na + tr.n > cap) {
			cap = 2 * (na + tr.n);
			a = xrealloc(a, (size_t)cap * sizeof *a);
		}
		for (int i = 0; i < tr.n; i++)
			a[na++] = (arrival){ tr.step[i] + delay, j };
	}
	sim_train_free(&tr);
	gsl_rng_free(rr);
	gsl_rng_free(rt);
	qsort(a, (size_t)na, sizeof *a, cmp_arrival);
	*count = na;
	return a;
}

static e2l_status experiment(const task_config *cfg, const task_rule *rule,
			     uint64_t seed, int exp_index, task_recorder *rec,
			     double *value, e2l_error *err)
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
	/* Steps per stretch: bounded so the buffers stay small. */
	const int64_t chunk = 65536 / n > 1 ? 65536 / n : 1;
	sim_psc psc;
	int na;
	arrival *arr;
	gsl_rng *rw = sim_rng(seed, STREAM_WEIGHTS);

	(void)err;
	sim_psc_init(&psc, task_get(cfg, "tau_m"), task_get(cfg, "tau_s"),
		     task_get(cfg, "C_m"), h);
	arr = arrivals(cfg, seed, n, h, delay, &na);

	double *wt = xmalloc((size_t)n * sizeof *wt);   /* teacher, pA */
	double *w = xmalloc((size_t)n * sizeof *w);     /* student, pA */
	double *I = xcalloc((size_t)n, sizeof *I);      /* filtered rule */
	double *psp = xcalloc((size_t)n, sizeof *psp);  /* s, mV */
	double *ipsp = xcalloc((size_t)n, sizeof *ipsp);/* its current */
	double *vb = xmalloc((size_t)(chunk * n) * sizeof *vb);
	double *ub = xmalloc((size_t)(chunk * n) * sizeof *ub);
	double *sb = xmalloc((size_t)(chunk * n) * sizeof *sb);
	double *db = xmalloc((size_t)(chunk * n) * sizeof *db);
	double *work = xmalloc(prog_work_size(rule->program[0]) *
			       sizeof *work);
	double shift = task_get(cfg, "teacher_shift");
	double wlo = task_get(cfg, "teacher_w_min");
	double whi = task_get(cfg, "teacher_w_max");

	if (task_get(cfg, "teacher_shift_sign") == 1 &&
	    gsl_rng_uniform(rw) < 0.5)
		shift = -shift;
	for (int j = 0; j < n; j++) {
		wt[j] = wlo + (whi - wlo) * gsl_rng_uniform(rw) + shift;
		w[j] = task_get(cfg, "student_w0");
	}

	double Vt = 0, It = 0, Vs = 0, Is = 0;   /* relative to E_L */
	double v_held = E_L, sq = 0;
	int64_t sample_no = 0, next_progress = steps / 100 + 1;
	int ok = 1, a = 0;

	for (int64_t t = 0; t < steps && ok && !task_stopped(rec);) {
		/* The stretch ends before the next arrival after t. */
		int b = a;
		while (b < na && arr[b].step <= t)
			b++;
		int64_t end = b < na && arr[b].step < steps ? arr[b].step :
			steps;
		if (end - t > chunk)
			end = t + chunk;
		for (int64_t k = t; k < end; k++) {
			int64_t i = (k - t) * n;
			if (k % hold == 0)
				v_held = E_L + Vt;
			sim_psc_step(&psc, &Vt, &It);
			sim_psc_step(&psc, &Vs, &Is);
			for (int j = 0; j < n; j++)
				sim_psc_step(&psc, &psp[j], &ipsp[j]);
			for (; a < na && arr[a].step == k; a++) {
				int j = arr[a].input;
				It += wt[j];
				Is += w[j];
				ipsp[j] += 1.0;
				if (rec && rec->spike)
					rec->spike(rec->ctx, exp_index, -1, j,
						   (double)(k - delay) * h);
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
				}
			}
		}
		/* The rule over the stretch, then the weights step by step. */
		int64_t len = (end - t) * n;
		prog_arg args[3] = { { vb, 1 }, { ub, 1 }, { sb, 1 } };
		ok = task_rule_eval(rule, 0, args, (size_t)len, db, work);
		for (int64_t i = 0; ok && i < len; i += n)
			for (int j = 0; j < n; j++) {
				I[j] = decay_I * I[j] +
					(1.0 - decay_I) * db[i + j];
				w[j] += eta * I[j] * h;
			}
		for (int j = 0; ok && j < n; j++)
			ok = isfinite(w[j]);
		/* Weights as they stand when a v_every period ends. */
		if (rec && rec->sample && ok && end / hold > t / hold)
			for (int j = 0; j < n; j++) {
				char name[24];
				snprintf(name, sizeof name, "w_%d", j);
				rec->sample(rec->ctx, exp_index, name, "pA",
					    (double)end * h, w[j]);
			}
		if (rec && rec->progress && end >= next_progress) {
			rec->progress(rec->ctx, exp_index,
				      (double)end / (double)steps);
			next_progress = end + steps / 100 + 1;
		}
		t = end;
	}
	*value = ok && isfinite(sq) ? -sqrt(sq) : -INFINITY;

	free(arr);
	free(wt);
	free(w);
	free(I);
	free(psp);
	free(ipsp);
	free(vb);
	free(ub);
	free(sb);
	free(db);
	free(work);
	gsl_rng_free(rw);
	return E2L_OK;
}

const task_family task_error = {
	.name = "error",
	.summary = "a student neuron learns to follow a teacher's membrane "
		   "potential (paper section 'error-driven learning')",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.vars = vars,
	.nvars = 3,
	.formulas = formulas,
	.nformulas = 1,
	.experiment = experiment,
	.aggregate_min = 0,
	.constraints = constraints,
	.nconstraints = sizeof constraints / sizeof *constraints,
};
