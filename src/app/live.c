/*
 * live.c - runs a rule on a task in a worker thread and keeps a snapshot
 * of what happens (see live.h).
 *
 * The recorder callbacks run in the simulation's threads.  Experiment 0
 * is recorded in detail; the others report progress only.  Every callback
 * takes the snapshot's mutex for a few stores, which costs far less than
 * the simulation step that produced the event.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live.h"

struct live_run {
	pthread_mutex_t lock;
	pthread_t thread;
	int joined;
	volatile int stop;
	live_snapshot snap;
	double *progress;        /* per experiment */
	double t0;
	/* What the worker runs: its own copies. */
	task_config cfg;
	task_rule rule;
	task_options opts;
	task_recorder rec;
};

double live_series_last(const live_series *s)
{
	return s->n ? s->y[s->n - 1] : NAN;
}

static void series_reset(live_series *s)
{
	s->n = 0;
	s->stride = 1;
	s->skip = 0;
}

/* Appends (t, y), thinning the series when it is full. */
static void series_add(live_series *s, double t, double y)
{
	if (s->skip > 0) {
		s->skip--;
		return;
	}
	if (s->n == LIVE_POINTS) {
		for (int i = 0; i < LIVE_POINTS / 2; i++) {
			s->t[i] = s->t[2 * i + 1];
			s->y[i] = s->y[2 * i + 1];
		}
		s->n = LIVE_POINTS / 2;
		s->stride *= 2;
	}
	s->t[s->n] = t;
	s->y[s->n] = y;
	s->n++;
	s->skip = s->stride - 1;
}

/* A window of the most recent points: drops the older half when full. */
static void window_add(live_series *s, double t, double y)
{
	if (s->n == LIVE_POINTS) {
		memmove(s->t, s->t + LIVE_POINTS / 2,
			LIVE_POINTS / 2 * sizeof *s->t);
		memmove(s->y, s->y + LIVE_POINTS / 2,
			LIVE_POINTS / 2 * sizeof *s->y);
		s->n = LIVE_POINTS / 2;
	}
	s->t[s->n] = t;
	s->y[s->n] = y;
	s->n++;
}

/* Trial `trial`'s place in the ring, emptied when it held an older one. */
static live_trial *trial_slot(live_snapshot *S, int trial)
{
	live_trial *T = &S->trials[trial % LIVE_TRIALS];
	if (T->index != trial) {
		T->index = trial;
		T->n = 0;
		T->label = T->decision = T->pattern = 0;
		T->reward = 0;
	}
	return T;
}

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	if (exp != 0 || which >= LIVE_RASTER_INPUTS)
		return;
	pthread_mutex_lock(&L->lock);
	if (which >= S->ninputs)
		S->ninputs = which + 1;
	if (trial >= 0) {
		live_trial *T = trial_slot(S, trial);
		if (T->n < LIVE_TRIAL_SPIKES) {
			T->which[T->n] = (short)which;
			T->t[T->n] = (float)t;
			T->n++;
		}
	} else {
		long k = S->nspikes++ % LIVE_SPIKES;
		S->cwhich[k] = (short)which;
		S->ct[k] = t;
	}
	S->version++;
	pthread_mutex_unlock(&L->lock);
}

/* The index in "w_12", or -1 for other names. */
static int weight_index(const char *name)
{
	if (name[0] != 'w' || name[1] != '_')
		return -1;
	char *end;
	long k = strtol(name + 2, &end, 10);
	return *end || k < 0 || k > 1000000 ? -1 : (int)k;
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;
	int k;

	if (exp != 0)
		return;
	pthread_mutex_lock(&L->lock);
	if (t > S->now)
		S->now = t;
	if (!strcmp(name, "u")) {
		window_add(&S->u, t, value);
	} else if (!strcmp(name, "v")) {
		/* The error task samples u, then v, at the same time. */
		window_add(&S->v, t, value);
		if (S->u.n && S->u.t[S->u.n - 1] == t) {
			double d = S->u.y[S->u.n - 1] - value;
			S->err_sum += d * d;
			S->err_n++;
		}
	} else if (!strcmp(name, "w_mean")) {
		series_add(&S->curve, t, value);
	} else if ((k = weight_index(name)) >= 0) {
		int i = 0;
		while (i < LIVE_WEIGHTS && S->wsyn[i] != k && S->wsyn[i] >= 0)
			i++;
		if (i < LIVE_WEIGHTS) {
			if (S->wsyn[i] < 0) {
				S->wsyn[i] = k;
				snprintf(S->wunit, sizeof S->wunit, "%s", unit);
			}
			series_add(&S->w[i], t, value);
		}
	}
	/* The error task's learning curve: (u - v)^2 averaged over
	 * 1 s bins of simulated time. */
	if (S->err_n && t >= S->err_bin_end) {
		series_add(&S->curve, t, S->err_sum / (double)S->err_n);
		S->err_sum = 0;
		S->err_n = 0;
		S->err_bin_end = t + 1000.0;
	}
	S->version++;
	pthread_mutex_unlock(&L->lock);
}

static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	if (exp != 0 || trial < 0)
		return;
	pthread_mutex_lock(&L->lock);
	live_trial *T = trial_slot(S, trial);
	if (!strcmp(name, "label"))
		T->label = (int)value;
	else if (!strcmp(name, "pattern"))
		T->pattern = (int)value;
	else if (!strcmp(name, "decision"))
		T->decision = (int)value;
	else if (!strcmp(name, "reward")) {
		/* The last scalar of a trial: the trial is complete. */
		T->reward = value;
		S->ntrials = trial + 1;
		S->correct += T->decision == T->label;
		S->total += value;
		series_add(&S->curve, trial + 1, S->total);
	}
	S->version++;
	pthread_mutex_unlock(&L->lock);
}

static void on_progress(void *ctx, int exp, double done)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	pthread_mutex_lock(&L->lock);
	L->progress[exp] = done;
	double sum = 0;
	for (int i = 0; i < S->experiments; i++)
		sum += L->progress[i];
	S->progress = sum / S->experiments;
	S->seconds = e2l_seconds() - L->t0;
	S->version++;
	pthread_mutex_unlock(&L->lock);
}

static void *worker(void *arg)
{
	live_run *L = arg;
	task_result res = { 0 };
	e2l_error err = { 0 };
	e2l_status st = task_evaluate(&L->cfg, &L->rule, &L->opts, &res, &err);

	pthread_mutex_lock(&L->lock);
	live_snapshot *S = &L->snap;
	S->status = st;
	if (st == E2L_OK) {
		S->fitness = res.fitness;
		S->mean = res.mean;
		S->sd = res.sd;
		S->progress = 1;
	} else {
		snprintf(S->message, sizeof S->message, "%s", err.msg);
	}
	S->seconds = e2l_seconds() - L->t0;
	S->running = 0;
	S->version++;
	pthread_mutex_unlock(&L->lock);
	task_result_free(&res);
	return NULL;
}

live_run *live_start(const task_config *cfg, const char *const *texts,
		     const char *name, const task_options *opts,
		     e2l_error *err)
{
	live_run *L = xcalloc(1, sizeof *L);
	live_snapshot *S = &L->snap;
	const task_family *f = cfg->family;

	if (task_rule_parse(&L->rule, f, texts, name, err) != E2L_OK) {
		free(L);
		return NULL;
	}
	task_config_copy(&L->cfg, cfg);
	L->opts = *opts;
	L->rec = (task_recorder){ .ctx = L, .spike = on_spike,
		.sample = on_sample, .trial = on_trial,
		.progress = on_progress, .stop = &L->stop,
		.detailed = 1 };
	L->opts.rec = &L->rec;
	S->experiments = opts->experiments > 0 ? opts->experiments :
		(int)task_get(cfg, "experiments");
	if (S->experiments < 1)
		S->experiments = 1;
	L->progress = xcalloc((size_t)S->experiments, sizeof *L->progress);
	snprintf(S->family, sizeof S->family, "%s", f->name);
	snprintf(S->task, sizeof S->task, "%s", cfg->name);
	if (f->nformulas == 2)
		snprintf(S->rule, sizeof S->rule, "%s: %s ; %s", name,
			 texts[0], texts[1]);
	else
		snprintf(S->rule, sizeof S->rule, "%s: %s", name, texts[0]);
	int ti = task_param_index(f, "trial_duration");
	S->trial_ms = ti >= 0 ? cfg->values[ti] : 0;
	for (int i = 0; i < LIVE_TRIALS; i++)
		S->trials[i].index = -1;
	for (int i = 0; i < LIVE_WEIGHTS; i++) {
		S->wsyn[i] = -1;
		series_reset(&S->w[i]);
	}
	series_reset(&S->u);
	series_reset(&S->v);
	series_reset(&S->curve);
	if (!strcmp(f->name, "reward"))
		snprintf(S->curve_name, sizeof S->curve_name,
			 "cumulative reward");
	else if (!strcmp(f->name, "error")) {
		snprintf(S->curve_name, sizeof S->curve_name,
			 "(u - v)^2 per second");
		snprintf(S->curve_unit, sizeof S->curve_unit, "mV^2");
	} else {
		snprintf(S->curve_name, sizeof S->curve_name, "mean weight");
	}
	S->err_bin_end = 1000.0;
	S->running = 1;
	L->t0 = e2l_seconds();
	pthread_mutex_init(&L->lock, NULL);
	if (pthread_create(&L->thread, NULL, worker, L) != 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "cannot start a thread");
		task_rule_free(&L->rule);
		task_config_free(&L->cfg);
		free(L->progress);
		pthread_mutex_destroy(&L->lock);
		free(L);
		return NULL;
	}
	return L;
}

void live_copy(live_run *L, live_snapshot *out)
{
	pthread_mutex_lock(&L->lock);
	if (L->snap.running)
		L->snap.seconds = e2l_seconds() - L->t0;
	memcpy(out, &L->snap, sizeof *out);
	pthread_mutex_unlock(&L->lock);
}

unsigned long live_version(live_run *L)
{
	pthread_mutex_lock(&L->lock);
	unsigned long v = L->snap.version;
	pthread_mutex_unlock(&L->lock);
	return v;
}

int live_running(live_run *L)
{
	pthread_mutex_lock(&L->lock);
	int r = L->snap.running;
	pthread_mutex_unlock(&L->lock);
	return r;
}

void live_stop(live_run *L)
{
	if (L)
		L->stop = 1;
}

void live_wait(live_run *L)
{
	if (L && !L->joined) {
		pthread_join(L->thread, NULL);
		L->joined = 1;
	}
}

void live_free(live_run *L)
{
	if (!L)
		return;
	live_wait(L);
	task_rule_free(&L->rule);
	task_config_free(&L->cfg);
	free(L->progress);
	pthread_mutex_destroy(&L->lock);
	free(L);
}
