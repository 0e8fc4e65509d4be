/*
 * inputs.c - input spike trains for the tasks: sorted event lists, the
 * reference code's frozen-noise trains and the correlation task's
 * embedded pattern with its rate correction (the code's sim_utils.py).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "e2l/common.h"
#include "e2l/sim.h"

void sim_events_push(sim_events *s, int64_t step, int input)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->ev = xrealloc(s->ev, s->cap * sizeof *s->ev);
	}
	s->ev[s->n++] = (uint64_t)step << SIM_EVENT_INPUT_BITS |
		(uint64_t)input;
}

/* Sorts by step, stably (so inputs stay in order within a step): least
 * significant digit radix sort, 11 bits a pass, as many passes as the
 * largest step needs. */
void sim_events_sort(sim_events *s)
{
	enum { BITS = 11, BUCKETS = 1 << BITS };
	uint64_t *tmp = xmalloc((s->n ? s->n : 1) * sizeof *tmp);
	uint64_t top = 0;
	size_t count[BUCKETS];

	for (size_t i = 0; i < s->n; i++)
		top = s->ev[i] > top ? s->ev[i] : top;
	for (int shift = SIM_EVENT_INPUT_BITS; (top >> shift) != 0; shift += BITS) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < s->n; i++)
			count[(s->ev[i] >> shift) & (BUCKETS - 1)]++;
		for (size_t b = 0, sum = 0; b < BUCKETS; b++) {
			size_t c = count[b];
			count[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < s->n; i++)
			tmp[count[(s->ev[i] >> shift) & (BUCKETS - 1)]++] =
				s->ev[i];
		uint64_t *t = s->ev;
		s->ev = tmp;
		tmp = t;
	}
	free(tmp);
}

/* A step number for a time in ticks, never before the first step. */
int64_t sim_tick_step(int64_t tick, double h)
{
	int64_t k = llround((double)tick / SIM_TICKS_PER_MS / h);
	return k < 1 ? 1 : k;
}

/*
 * One train as the reference's create_frozen_noise draws it: at most
 * max(1, int(1.25 rate T)) intervals ~ Exp(rate), times = round(cumsum +
 * 0.1, 0.1 ms), kept while below T.  Writes ticks to out (room for that
 * many) and returns the count.
 */
int sim_frozen_train(gsl_rng *r, double rate, double T, int64_t *out)
{
	int most = (int)(1.25 * rate * 1e-3 * T);
	double t = 0;
	int n = 0;

	if (most < 1)
		most = 1;
	for (int i = 0; i < most; i++) {
		t += gsl_ran_exponential(r, 1000.0 / rate);
		double tick = rint((t + 1.0 / SIM_TICKS_PER_MS) * SIM_TICKS_PER_MS);
		if (tick / SIM_TICKS_PER_MS >= T)
			break;
		out[n++] = (int64_t)tick;
	}
	return n;
}

static int cmp_tick(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/*
 * The inputs of one experiment over duration (ms), as build_poisson_input
 * with regular intervals: background trains; windows (s, s + pattern] with
 * s = 0.1 + inter + k (pattern + inter) while s < duration; every
 * background spike inside a window removed, the frozen pattern inserted;
 * the remaining background spikes of pattern neurons (those with a spike
 * in the pattern) subsampled to the fraction alpha = 1 - nu_pattern /
 * nu_inter, which gives every input the same mean rate.  The subsample,
 * of int(n alpha) spikes, is drawn without replacement, or with it as the
 * reference's rng.choice (p->replace), which can keep a spike twice.
 */
int sim_pattern_inputs(const sim_pattern_spec *p, gsl_rng *rp, gsl_rng *rb,
		       gsl_rng *rs, sim_events *out)
{
	const double rate = p->rate, T_pat = p->pattern, T_int = p->inter;
	const double duration = p->duration;
	const double nu_pattern = 1000.0 / (T_int + T_pat);
	const double nu_inter = rate * T_int / (T_int + T_pat);
	const double alpha = 1.0 - nu_pattern / nu_inter;
	const int64_t I = llround(T_int * SIM_TICKS_PER_MS);
	const int64_t P = llround(T_pat * SIM_TICKS_PER_MS);
	const int64_t C = I + P;
	const int64_t last_tick = llround(duration * SIM_TICKS_PER_MS);
	const int64_t max_step = p->max_step;

	if (!(alpha > 0))
		return 0;
	/* Windows start at ticks 1 + I + k C, k < windows. */
	int64_t windows = 0;
	while (1 + I + windows * C < last_tick)
		windows++;

	int most_p = (int)(1.25 * rate * 1e-3 * T_pat);
	int most_b = (int)(1.25 * rate * 1e-3 * duration);
	most_p = most_p < 1 ? 1 : most_p;
	most_b = most_b < 1 ? 1 : most_b;
	int64_t *pat = xmalloc((size_t)most_p * sizeof *pat);
	int64_t *bg = xmalloc((size_t)most_b * sizeof *bg);
	int64_t *kept = xmalloc((size_t)most_b * sizeof *kept);

	out->n = 0;
	for (int j = 0; j < p->inputs; j++) {
		int np = sim_frozen_train(rp, rate, T_pat, pat);
		int nb = sim_frozen_train(rb, rate, duration, bg);
		int nk = 0;

		for (int i = 0; i < nb; i++) {
			/* r > 0 once window 0 has opened. */
			int64_t r = bg[i] - 1 - I;
			int64_t k = r > 0 ? (r - 1) / C : 0;
			int inside = r > 0 && k < windows && r - k * C <= P;
			if (!inside)
				bg[nk++] = bg[i];
		}
		if (np > 0 && windows > 0) {
			int keep = (int)(nk * alpha);
			if (keep > 0 && p->replace) {
				gsl_ran_sample(rs, kept, (size_t)keep, bg,
					       (size_t)nk, sizeof *bg);
				qsort(kept, (size_t)keep, sizeof *kept,
				      cmp_tick);
			} else if (keep > 0) {
				gsl_ran_choose(rs, kept, (size_t)keep, bg,
					       (size_t)nk, sizeof *bg);
			}
			nk = keep;
		} else {
			memcpy(kept, bg, (size_t)nk * sizeof *bg);
		}
		/* Merge the kept background with the pattern copies (both
		 * sorted: a copy lies inside its window, where no background
		 * spike is left). */
		int b = 0;
		for (int64_t k = 0; np > 0 && k < windows; k++)
			for (int i = 0; i < np; i++) {
				int64_t tick = 1 + I + k * C + pat[i];
				for (; b < nk && kept[b] < tick; b++)
					sim_events_push(out, sim_tick_step(kept[b],
								   p->h), j);
				int64_t s = sim_tick_step(tick, p->h);
				if (s <= max_step)
					sim_events_push(out, s, j);
			}
		for (; b < nk; b++)
			sim_events_push(out, sim_tick_step(kept[b], p->h), j);
	}
	free(pat);
	free(bg);
	free(kept);
	sim_events_sort(out);
	return 1;
}


void sim_events_free(sim_events *s)
{
	free(s->ev);
	memset(s, 0, sizeof *s);
}
