/*
 * np_error.c - the error-driven task's inputs as the paper's code builds
 * them (see sim.h): input rates, Poisson spike trains and teacher weights
 * drawn from numpy's legacy RandomState seeded with one integer per
 * experiment, call for call, so that e2l runs the very experiments the
 * paper evolved and validated its rules on.
 *
 * The source is Happy-Algorithms-League/e2l-cgp-snn,
 * experiments/error_driven/sim.py (our own code; the functions it
 * follows are named at each step): sim() seeds numpy with seed + trial,
 * _set_input_patterns draws the rates and, input by input,
 * generate_poisson_processes draws a count and the spike times;
 * _set_random_teacher_weights then draws the shift's sign and one weight
 * per connection.  The order of these draws is the whole point: one call
 * out of place changes every experiment.
 */
#include <math.h>
#include <stdlib.h>

#include "e2l/common.h"
#include "e2l/sim.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * A spike time as NEST's spike_generator takes it, in steps.  The code
 * floors each time to the grid with numpy (times - times % dt, where %
 * is fmod for positive operands), and the generator converts the result
 * to the nearest microsecond tic (Time(ms): tics = t * 1000 + 0.5,
 * truncated); the floored time lies within rounding of a grid point, so
 * the nearest step is that point.
 */
static int64_t grid_step(double t, double h)
{
	double floored = t - fmod(t, h);
	return llround(floored / h);
}

int np_error_inputs(const np_error_spec *s, uint32_t seed, double *rate,
		    double *w_teacher, sim_events *spikes)
{
	np_rng r;
	double *times = NULL;
	size_t cap = 0;

	/* sim(): np.random.seed(sim_params["seed"] + trial). */
	np_seed(&r, seed);
	/* _set_input_patterns: np.random.uniform(*range_input_rates,
	 * size=n_inputs), one value per input, in input order. */
	for (int j = 0; j < s->inputs; j++)
		rate[j] = np_uniform(&r, s->rate_min, s->rate_max);
	spikes->n = 0;
	for (int j = 0; j < s->inputs; j++) {
		/* generate_poisson_processes(rate, duration, 1, dt): the
		 * count is np.random.poisson(duration * 1e-3 * rate) (the
		 * product in Python's left-to-right order), then that many
		 * np.random.uniform(0.0 + dt, duration), sorted. */
		int64_t count = np_poisson(&r, s->T * 1e-3 * rate[j]);
		if (count < 0) {        /* numpy would raise */
			free(times);
			return 0;
		}
		if ((size_t)count > cap) {
			cap = (size_t)count;
			times = xrealloc(times, cap * sizeof *times);
		}
		for (int64_t i = 0; i < count; i++)
			times[i] = np_uniform(&r, 0.0 + s->h, s->T);
		if (count > 1)
			qsort(times, (size_t)count, sizeof *times, cmp_double);
		/* Equal steps stay: the generator emits each of them. */
		for (int64_t i = 0; i < count; i++)
			sim_events_push(spikes, grid_step(times[i], s->h), j);
	}
	free(times);
	/* _set_random_teacher_weights: one draw for the shift's sign (the
	 * code's `np.random.rand() < 0.0` is never true, so its shift is
	 * always +15 pA; shift_p = 0.5 gives the paper's random sign), then
	 * np.random.uniform(*range_teacher_weights) + shift for each
	 * connection in GetConnections order, which is input order. */
	double shift = np_random_sample(&r) < s->shift_p ? -s->shift :
		s->shift;
	for (int j = 0; j < s->inputs; j++)
		w_teacher[j] = np_uniform(&r, s->w_min, s->w_max) + shift;
	sim_events_sort(spikes);
	return 1;
}
