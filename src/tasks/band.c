/*
 * band.c - a rule's learning curve over many experiments: mean and SD
 * across experiments at each point of a common grid (task.h).
 *
 * The curve is the family's learning curve (task_view.learning names
 * it among task_view.curves: cumulative reward, the error over time, the
 * mean weight).  A recorder keeps every experiment's points, each experiment
 * in its own array (an experiment runs on one thread, so no lock), and
 * after the evaluation each curve is read at the same grid by linear
 * interpolation, over the stretch every experiment covers.  Rules
 * compared on the same seeds get the same grid, so their bands can be
 * overlaid point by point (`compare`).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

typedef struct {
	double *x, *y;
	int n, cap;
	double sum;                     /* TASK_FROM_TRIAL_SUM: running */
} points;

typedef struct {
	const task_series *series;
	points *exp;                    /* one per experiment */
	int n;
} band_rec;

static void put(points *p, double x, double y)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->x = xrealloc(p->x, (size_t)p->cap * sizeof *p->x);
		p->y = xrealloc(p->y, (size_t)p->cap * sizeof *p->y);
	}
	p->x[p->n] = x;
	p->y[p->n] = y;
	p->n++;
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	(void)unit;
	band_rec *b = ctx;
	if (exp >= 0 && exp < b->n && !strcmp(name, b->series->name))
		put(&b->exp[exp], t, value);
}

static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	band_rec *b = ctx;
	if (exp < 0 || exp >= b->n || strcmp(name, b->series->name))
		return;
	points *p = &b->exp[exp];
	p->sum += value;
	put(p, trial, p->sum);
}

/* The curve's y at x, the points sorted by x (they come in time order). */
static double at(const points *p, double x)
{
	int lo = 0, hi = p->n - 1;
	if (x <= p->x[0])
		return p->y[0];
	if (x >= p->x[hi])
		return p->y[hi];
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (p->x[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	double dx = p->x[hi] - p->x[lo];
	if (dx <= 0)
		return p->y[hi];
	return p->y[lo] + (p->y[hi] - p->y[lo]) * (x - p->x[lo]) / dx;
}

const task_curve *task_learning_curve(const task_family *f,
				      const task_series **series)
{
	for (int i = 0; i < f->view.ncurves; i++) {
		const task_curve *c = &f->view.curves[i];
		if (!f->view.learning || strcmp(c->title, f->view.learning))
			continue;
		for (int k = 0; k < TASK_CURVE_SERIES && c->series[k].name; k++) {
			if (*c->series[k].name &&
			    !task_series_group(&c->series[k])) {
				if (series)
					*series = &c->series[k];
				return c;
			}
		}
	}
	return NULL;
}

void task_band_fill(task_band *band, int n, const double *const *x,
		    const double *const *y, const int *len)
{
	double x0 = -INFINITY, x1 = INFINITY;
	int empty = n < 1;
	for (int e = 0; e < n; e++) {
		if (!len[e]) {
			empty = 1;
			continue;
		}
		x0 = fmax(x0, x[e][0]);
		x1 = fmin(x1, x[e][len[e] - 1]);
	}
	int m = band->npoints;
	band->x = xcalloc((size_t)m, sizeof *band->x);
	band->mean = xcalloc((size_t)m, sizeof *band->mean);
	band->sd = xcalloc((size_t)m, sizeof *band->sd);
	if (empty || !(x1 >= x0)) {
		band->npoints = 0;
		return;
	}
	for (int i = 0; i < m; i++) {
		double at_x = m > 1 ? x0 + (x1 - x0) * i / (m - 1) : x1;
		double s = 0, ss = 0;
		for (int e = 0; e < n; e++) {
			points p = { (double *)x[e], (double *)y[e], len[e],
				     len[e], 0 };
			double v = at(&p, at_x);
			s += v;
			ss += v * v;
		}
		double mean = s / n;
		double var = n > 1 ? (ss - s * mean) / (n - 1) : 0;
		band->x[i] = at_x;
		band->mean[i] = mean;
		/* Round-off can make a zero variance slightly negative. */
		band->sd[i] = isfinite(var) ? sqrt(fmax(var, 0)) : NAN;
	}
}

/* Fills band from the recorded experiments.  An experiment whose value
 * is not finite (the rule blew up, and its curve stops short or holds
 * what came before) leaves the band undefined, as one that recorded
 * nothing does: no points. */
static void fill(task_band *band, const band_rec *b, const task_result *res)
{
	const double **x = xcalloc((size_t)b->n, sizeof *x);
	const double **y = xcalloc((size_t)b->n, sizeof *y);
	int *len = xcalloc((size_t)b->n, sizeof *len);
	for (int e = 0; e < b->n; e++) {
		x[e] = b->exp[e].x;
		y[e] = b->exp[e].y;
		len[e] = e < res->n && !isfinite(res->values[e]) ? 0 :
			b->exp[e].n;
	}
	task_band_fill(band, b->n, x, y, len);
	free(x);
	free(y);
	free(len);
}

e2l_status task_band_evaluate(const task_config *cfg, const task_rule *rule,
			      const task_options *opts, int npoints,
			      task_band *band, task_result *res,
			      e2l_error *err)
{
	memset(band, 0, sizeof *band);
	const task_series *series = NULL;
	band->curve = task_learning_curve(cfg->family, &series);
	if (!band->curve)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "task family %s has no "
				"learning curve", cfg->family->name);
	band->series = series;
	band->npoints = npoints > 1 ? npoints : 2;

	int n = opts->experiments ? opts->experiments
				  : (int)task_get(cfg, "experiments");
	if (n < 1)
		n = 1;
	band_rec b = { series, xcalloc((size_t)n, sizeof *b.exp), n };
	task_recorder rec = { .ctx = &b };
	if (series->from == TASK_FROM_TRIAL_SUM)
		rec.trial = on_trial;
	else
		rec.sample = on_sample;
	if (opts->rec)
		rec.stop = opts->rec->stop;
	task_options o = *opts;
	o.experiments = n;
	o.rec = &rec;

	e2l_status st = task_evaluate(cfg, rule, &o, res, err);
	if (st == E2L_OK)
		fill(band, &b, res);
	for (int e = 0; e < n; e++) {
		free(b.exp[e].x);
		free(b.exp[e].y);
	}
	free(b.exp);
	return st;
}

void task_band_free(task_band *band)
{
	free(band->x);
	free(band->mean);
	free(band->sd);
	memset(band, 0, sizeof *band);
}
