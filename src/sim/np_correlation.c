/*
 * np_correlation.c - the correlation task's inputs as the paper's code
 * builds them, draw for draw, from a numpy-compatible stream (nprandom.c),
 * so that its experiments come back from its seeds (see sim.h).
 *
 * The recipe is that of the published code (Happy-Algorithms-League/
 * e2l-cgp-snn, experiments/correlation_based/sim_utils.py:
 * create_frozen_noise, then build_poisson_input with regular intervals;
 * main.py and generate_figure_data.py call them once per experiment on
 * one shared RandomState): a frozen pattern and a background train per
 * input, the background cut out of every pattern window and the pattern
 * pasted in, and the remaining background of the inputs that take part
 * in the pattern subsampled, with replacement as rng.choice does, to
 * keep every input's mean rate equal.  Exactness is the point: times are
 * built with numpy's arithmetic (sequential cumsum, round as rint(10 x) /
 * 10) and compared with its window edges in doubles, since a background
 * spike that falls on an edge to the last bit is kept or cut as there.
 *
 * The task (task_correlation.c) turns the ticks into steps and adds
 * NEST's timing; this file knows nothing of neurons.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/common.h"
#include "e2l/sim.h"

double np_pattern_alpha(const np_pattern_spec *p)
{
	/* build_poisson_input's reduction factor, in its order of
	 * operations: nu_stim = 1000 / cycle, nu_inter = rate inter /
	 * cycle, alpha = 1 - nu_stim / nu_inter. */
	double nu_stim = 1000.0 / (p->inter + p->pattern);
	double nu_inter = p->rate * p->inter / (p->inter + p->pattern);
	return 1.0 - nu_stim / nu_inter;
}

/* Intervals create_frozen_noise draws per train over T ms:
 * max(1, int(1.25 rate 1e-3 T)), multiplied left to right. */
static int isi_count(double rate, double T)
{
	double m = 1.25 * rate * 1e-3 * T;
	return m >= 1.0 ? (int)m : 1;
}

/* One train of create_frozen_noise: `most` exponential intervals of mean
 * 1 / (rate 1e-3) ms, times round(cumsum + 0.1, 1), kept below T.  Writes
 * the kept times (ms, numpy's doubles) to out and returns their count. */
static int frozen_train(np_rng *r, double rate, double T, int most,
			double *out)
{
	const double scale = 1.0 / (rate * 1e-3);
	double sum = 0.0;
	int n = 0;

	/* All `most` draws are taken even past T, as numpy draws the
	 * whole matrix first. */
	for (int i = 0; i < most; i++) {
		sum += np_exponential(r, scale);
		double t = rint((sum + 0.1) * 10.0) / 10.0;
		if (t < T)
			out[n++] = t;
	}
	return n;
}

/* The draws of one train, without computing it: two words per
 * exponential (np_random_sample), skipped in the state itself (sim.h:
 * pos is the next word of key; at 624 the next draw regenerates). */
static void skip_train(np_rng *r, int most)
{
	int64_t words = 2 * (int64_t)most;

	while (words > 0) {
		if (r->pos >= 624) {
			np_uint32(r);
			words--;
			continue;
		}
		int64_t step = 624 - r->pos;
		step = step < words ? step : words;
		r->pos += (int)step;
		words -= step;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The tick of a time on NEST's grid: spike_generator rounds a time to the
 * nearest tic; the recipe's times lie on the 0.1 ms grid up to the last
 * bits. */
static int64_t tick_of(double t)
{
	return llround(t * SIM_TICKS_PER_MS);
}

/*
 * The recipe, drawing from r; with out == NULL only the draws are taken
 * (the background of inputs outside the pattern is then skipped word by
 * word, not computed).  Returns the number of events appended.
 */
static size_t recipe(const np_pattern_spec *p, np_rng *r, sim_events *out)
{
	const int n = p->inputs;
	const double T = p->duration, alpha = np_pattern_alpha(p);
	const int most_p = isi_count(p->rate, p->pattern);
	const int most_b = isi_count(p->rate, T);
	size_t appended = 0;

	/* The window starts t = 0.1 + inter + k (pattern + inter) while
	 * t < T, accumulated as build_poisson_input does. */
	int nwin = 0, capwin = 16;
	double *lo = xmalloc((size_t)capwin * sizeof *lo);
	for (double t = 0.1 + p->inter; t < T; t += p->pattern + p->inter) {
		if (nwin == capwin) {
			capwin *= 2;
			lo = xrealloc(lo, (size_t)capwin * sizeof *lo);
		}
		lo[nwin++] = t;
	}

	/* 1. The pattern: one train of `pattern` ms per input. */
	double *pat = xmalloc((size_t)n * most_p * sizeof *pat);
	int *npat = xmalloc((size_t)n * sizeof *npat);
	for (int j = 0; j < n; j++)
		npat[j] = frozen_train(r, p->rate, p->pattern, most_p,
				       pat + (size_t)j * most_p);

	/* 2. The background: one train of T ms per input, the windows
	 * (t, t + pattern] cut out at once; the kept spikes of input j at
	 * bg + off[j], off[j + 1] - off[j] of them. */
	double *bg = xmalloc(((size_t)n * most_b + 1) * sizeof *bg);
	size_t *off = xmalloc(((size_t)n + 1) * sizeof *off);
	off[0] = 0;
	for (int j = 0; j < n; j++) {
		int in_pattern = npat[j] > 0 && nwin > 0;
		double *b = bg + off[j];
		int nb = 0;
		if (!out && !in_pattern) {
			skip_train(r, most_b);
		} else {
			nb = frozen_train(r, p->rate, T, most_b, b);
			int kept = 0, k = 0;
			for (int i = 0; i < nb; i++) {
				/* Windows and spikes both ascend. */
				while (k < nwin && lo[k] + p->pattern < b[i])
					k++;
				if (!(k < nwin && b[i] > lo[k] &&
				      b[i] <= lo[k] + p->pattern))
					b[kept++] = b[i];
			}
			nb = kept;
		}
		off[j + 1] = off[j] + (size_t)nb;
	}

	/* 3. Per input in order: the subsample of the kept background (for
	 * inputs in the pattern) and the pattern copies, in time order.
	 * Both are ascending once the subsample's indices are sorted (a copy
	 * lies in its window, before the next one), so a merge sorts them. */
	int64_t *idx = xmalloc(((size_t)most_b + 1) * sizeof *idx);
	for (int j = 0; j < n; j++) {
		const double *b = bg + off[j];
		int64_t nb = (int64_t)(off[j + 1] - off[j]);
		if (npat[j] == 0 || nwin == 0) {
			for (int64_t i = 0; out && i < nb; i++)
				sim_events_push(out, tick_of(b[i]), j);
			appended += out ? (size_t)nb : 0;
			continue;
		}
		/* int(size alpha): truncation of numpy's product. */
		int64_t keep = (int64_t)((double)nb * alpha);
		np_choice(r, nb, keep, !p->unique, NULL, idx);
		if (!out)
			continue;
		if (keep > 1)
			qsort(idx, (size_t)keep, sizeof *idx, cmp_i64);
		const double *pj = pat + (size_t)j * most_p;
		int64_t i = 0;
		for (int k = 0; k < nwin; k++)
			for (int q = 0; q < npat[j]; q++) {
				int64_t t = tick_of(pj[q] + lo[k]);
				for (; i < keep && tick_of(b[idx[i]]) <= t; i++)
					sim_events_push(out, tick_of(b[idx[i]]),
							j);
				sim_events_push(out, t, j);
			}
		for (; i < keep; i++)
			sim_events_push(out, tick_of(b[idx[i]]), j);
		appended += (size_t)keep + (size_t)npat[j] * (size_t)nwin;
	}

	free(lo);
	free(pat);
	free(npat);
	free(bg);
	free(off);
	free(idx);
	return appended;
}

int np_pattern_inputs(const np_pattern_spec *p, np_rng *r, sim_events *out)
{
	if (!(np_pattern_alpha(p) > 0))
		return 0;
	out->n = 0;
	recipe(p, r, out);
	sim_events_sort(out);
	return 1;
}

int np_pattern_skip(const np_pattern_spec *p, np_rng *r)
{
	if (!(np_pattern_alpha(p) > 0))
		return 0;
	recipe(p, r, NULL);
	return 1;
}
