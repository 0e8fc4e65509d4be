/*
 * compare.c - what a set of experiments says about one rule, and about two
 * rules run on the same experiments (task.h).
 *
 * Two rules evaluated with the same seed face the same experiments, so the
 * right test is on the per-experiment differences (paired t), not on the
 * two means as if the samples were independent (Welch): experiments vary
 * far more among themselves than the rules differ, and pairing removes
 * that.  Welch's test is kept beside it for comparison with published
 * figures that used it.  A non-finite value (a rule that blew up) makes
 * every statistic over it undefined (NaN), never a number.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "e2l/task.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double mean_of(const double *x, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return s / n;
}

/* Sample standard deviation (n - 1); NaN below two values. */
static double sd_of(const double *x, int n, double mean)
{
	double s = 0;
	if (n < 2)
		return NAN;
	for (int i = 0; i < n; i++)
		s += (x[i] - mean) * (x[i] - mean);
	return sqrt(s / (n - 1));
}

void task_summarize(const double *values, int n, double threshold,
		    task_summary *s)
{
	double *sorted;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->mean = s->sd = s->median = s->min = s->max = NAN;
	s->below = NAN;
	s->first_nonfinite = -1;
	if (n <= 0)
		return;
	for (int i = 0; i < n; i++)
		if (!isfinite(values[i]) && s->nonfinite++ == 0)
			s->first_nonfinite = i;
	if (s->nonfinite)
		return;
	sorted = xmalloc((size_t)n * sizeof *sorted);
	memcpy(sorted, values, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, by_value);
	s->mean = mean_of(values, n);
	s->sd = sd_of(values, n, s->mean);
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->median = n % 2 ? sorted[n / 2] :
		0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	if (!isnan(threshold)) {
		int k = 0;
		while (k < n && sorted[k] < threshold)
			k++;
		s->below = (double)k / n;
	}
	free(sorted);
}

void task_compare(const double *a, const double *b, int n,
		  task_comparison *c)
{
	double *d;

	memset(c, 0, sizeof *c);
	c->n = n;
	c->diff_mean = c->diff_sd = c->ci_low = c->ci_high = NAN;
	c->t_paired = c->p_paired = NAN;
	c->t_welch = c->df_welch = c->p_welch = NAN;
	c->first_nonfinite = -1;
	if (n <= 0)
		return;
	for (int i = 0; i < n; i++) {
		if (!isfinite(a[i]) || !isfinite(b[i])) {
			if (c->nonfinite++ == 0)
				c->first_nonfinite = i;
		}
		else if (a[i] > b[i])
			c->wins++;
		else if (a[i] < b[i])
			c->losses++;
		else
			c->ties++;
	}
	if (c->nonfinite || n < 2)
		return;

	d = xmalloc((size_t)n * sizeof *d);
	for (int i = 0; i < n; i++)
		d[i] = a[i] - b[i];
	c->diff_mean = mean_of(d, n);
	c->diff_sd = sd_of(d, n, c->diff_mean);
	free(d);
	double se = c->diff_sd / sqrt(n);
	double q = gsl_cdf_tdist_Qinv(0.025, n - 1);
	c->ci_low = c->diff_mean - q * se;
	c->ci_high = c->diff_mean + q * se;
	if (se > 0) {
		c->t_paired = c->diff_mean / se;
		c->p_paired = 2 * gsl_cdf_tdist_Q(fabs(c->t_paired), n - 1);
	} else {
		/* Identical differences: no spread to test against. */
		c->p_paired = c->diff_mean == 0 ? 1 : 0;
	}

	double ma = mean_of(a, n), mb = mean_of(b, n);
	double va = pow(sd_of(a, n, ma), 2) / n, vb = pow(sd_of(b, n, mb), 2) / n;
	if (va + vb > 0) {
		c->t_welch = (ma - mb) / sqrt(va + vb);
		c->df_welch = (va + vb) * (va + vb) /
			(va * va / (n - 1) + vb * vb / (n - 1));
		c->p_welch = 2 * gsl_cdf_tdist_Q(fabs(c->t_welch),
						 c->df_welch);
	}
}

const char *task_compare_verdict(const task_comparison *c, double alpha)
{
	if (c->nonfinite)
		return "undefined: a rule gave a non-finite value";
	if (c->n < TASK_COMPARE_MIN_N)
		return "too few experiments to conclude";
	if (!(c->p_paired < alpha))
		return "no significant difference";
	return c->diff_mean > 0 ? "the rule is better" :
		"the baseline is better";
}

void task_stat_text(double x, const char *fmt, int nonfinite, int first,
		    char *buf, size_t n)
{
	if (n == 0)
		return;
	if (isfinite(x)) {
		snprintf(buf, n, fmt, x);
	} else if (nonfinite == 1 && first >= 0) {
		snprintf(buf, n, "undefined (experiment %d blew up)", first);
	} else if (nonfinite > 1 && first >= 0) {
		snprintf(buf, n, "undefined (%d experiments blew up, the first "
			 "experiment %d)", nonfinite, first);
	} else {
		snprintf(buf, n, "undefined");
	}
}
