/*
 * live.c - runs a rule on a task in a worker thread and keeps a snapshot
 * of what happens (see live.h).
 *
 * The recorder callbacks run in the simulation's threads.  One experiment
 * (snap.detail) is recorded in detail; the others report progress only,
 * but in the mean view, where every experiment's lines are kept (each in
 * few points) and live_copy reads them as the library's bands do
 * (task_band_fill): mean and SD at the points all of them cover.  What is kept
 * is what the family's view names (task_view): the samples and trial
 * scalars that feed its curves, the trial scalars of its raster; this
 * file knows no family.  Every callback takes the snapshot's mutex for a
 * few stores, which costs far less than the simulation step that produced
 * the event.
 *
 * Playback (live_set_speed) works in the same callbacks: each one of
 * the detailed experiment moves its clock on and, when the run is paced,
 * waits on a condition variable (the mutex released) until the wall
 * clock catches up, or while paused.  The simulation never learns it was slowed, so
 * its numbers are those of a run at full speed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "live.h"

/* The mean view: one experiment's points of one line, thinned as a
 * live_series is, in cap points. */
typedef struct {
	double *t, *y;
	int n, stride, skip;
	double sum;              /* TASK_FROM_TRIAL_SUM: the sum so far */
	double last_t, last_y;   /* the latest point, kept or not: the band
				  * ends where the experiment is */
	int have_last;
} exp_points;

struct live_run {
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* the speed changed, a step, a stop */
	/* The pace: the detailed experiment's clock and the wall time (s, monotonic)
	 * when the speed was last set; paused, how far it may go on. */
	double anchor_clock, anchor_wall;
	double step_until;
	/* A run without trials: its clock is the sum of its finished
	 * phases (a sample time that goes back starts one: the free run
	 * after the training) and the last sample time of this one. */
	double phase_base, phase_last;
	pthread_t thread;
	int joined;
	volatile int stop;
	live_snapshot snap;
	double *progress;        /* per experiment */
	double t0;
	int only;                /* a replay of experiment `only` alone, or
				  * -1: all of them (task_evaluate) */
	double *values;          /* the finished run's, per experiment */
	int nvalues;
	/* The mean view: per line of snap.lines, one per experiment, each
	 * of band_cap points; NULL until the line's first point. */
	exp_points *band[LIVE_LINES];
	int band_cap;
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

int live_banded(const live_snapshot *S, const live_line *l)
{
	return S->follow == LIVE_MEAN && l->s.n <= LIVE_BAND_POINTS &&
		!task_series_group(&S->view->curves[l->curve]
				   .series[l->series]);
}

void live_which(const live_snapshot *S, const char *pm, char *buf,
		size_t n)
{
	int len;
	if (S->follow == LIVE_MEAN && S->running)
		len = snprintf(buf, n, "mean %s SD over %d of %d experiments "
			       "so far", pm, S->band_n, S->experiments);
	else if (S->follow == LIVE_MEAN)
		len = snprintf(buf, n, "mean %s SD over %d experiments", pm,
			       S->experiments);
	else if (!isnan(S->follow_value))
		len = snprintf(buf, n, "experiment %d of %d, fitness %.6g",
			       S->follow, S->experiments, S->follow_value);
	else
		len = snprintf(buf, n, "experiment %d of %d", S->follow,
			       S->experiments);
	/* A finished run recomputing what the view needs. */
	if (S->replay && len > 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, " (recomputing, %.0f%%)",
			 100 * S->progress);
}

static void series_reset(live_series *s)
{
	s->n = 0;
	s->stride = 1;
	s->skip = 0;
}

/* Appends (x, v) to the cap points (t, y) of which *n are used,
 * keeping one point in *stride: when full, every other point goes and
 * the stride doubles. */
static void thin_add(double *t, double *y, int *n, int *stride, int *skip,
		     int cap, double x, double v)
{
	if (*skip > 0) {
		(*skip)--;
		return;
	}
	if (*n == cap) {
		for (int i = 0; i < cap / 2; i++) {
			t[i] = t[2 * i + 1];
			y[i] = y[2 * i + 1];
		}
		*n = cap / 2;
		*stride *= 2;
	}
	t[*n] = x;
	y[*n] = v;
	(*n)++;
	*skip = *stride - 1;
}

/* A window of the most recent points: drops the older half when full. */
static void window_put(double *t, double *y, int *n, int cap, double x,
		       double v)
{
	if (*n == cap) {
		memmove(t, t + cap / 2, (size_t)(cap / 2) * sizeof *t);
		memmove(y, y + cap / 2, (size_t)(cap / 2) * sizeof *y);
		*n = cap / 2;
	}
	t[*n] = x;
	y[*n] = v;
	(*n)++;
}

static void series_add(live_series *s, double t, double y)
{
	thin_add(s->t, s->y, &s->n, &s->stride, &s->skip, LIVE_POINTS, t, y);
}

static void window_add(live_series *s, double t, double y)
{
	window_put(s->t, s->y, &s->n, LIVE_POINTS, t, y);
}

/* Trial `trial`'s place in the ring, emptied when it held an older one. */
static live_trial *trial_slot(live_snapshot *S, int trial)
{
	live_trial *T = &S->trials[trial % LIVE_TRIALS];
	if (T->index != trial) {
		T->index = trial;
		T->n = 0;
		T->label = T->decision = 0;
		T->score = 0;
	}
	return T;
}

/* Speeds above this run freely (LIVE_SPEED_FULL is infinite). */
#define SPEED_MAX 1e9

static int paced(const live_snapshot *S)
{
	return S->speed < SPEED_MAX;
}

/* Under the lock, the detailed experiment's thread: waits until the wall
 * clock has caught up with its clock at the set speed, or while paused
 * (past the step allowed).  The wait releases the lock, so the screen and
 * live_set_speed go on meanwhile; a stop ends it. */
static void pace(live_run *L)
{
	live_snapshot *S = &L->snap;

	while (!L->stop && paced(S)) {
		if (S->speed <= 0) {
			if (S->clock < L->step_until)
				return;
			pthread_cond_wait(&L->wake, &L->lock);
			continue;
		}
		double due = L->anchor_wall +
			(S->clock - L->anchor_clock) / S->speed / 1000.0;
		double now = e2l_seconds();
		if (now >= due)
			return;
		/* At most a second at a time: a speed set meanwhile
		 * broadcasts anyway, this bounds any surprise. */
		double wait = due - now < 1.0 ? due - now : 1.0;
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		double ns = (double)ts.tv_nsec + wait * 1e9;
		ts.tv_sec += (time_t)(ns / 1e9);
		ts.tv_nsec = (long)fmod(ns, 1e9);
		pthread_cond_timedwait(&L->wake, &L->lock, &ts);
	}
}

/* The detailed experiment's clock in a run without trials: sample time t in its
 * phase. */
static void clock_sample(live_run *L, double t)
{
	if (t < L->phase_last)
		L->phase_base += L->phase_last;
	L->phase_last = t;
	L->snap.clock = L->phase_base + t;
}

/* In a trial-based run: t ms into trial `trial`. */
static void clock_trial(live_run *L, int trial, double t)
{
	double c = trial * L->snap.trial_ms + t;
	if (c > L->snap.clock)
		L->snap.clock = c;
}

/* The raster row of input `which` when the inputs are banded, or -1 if
 * it is not one shown. */
static int band_row(const live_snapshot *S, int which)
{
	for (int r = 0; r < S->nbands * S->band_rows; r++)
		if (S->row_input[r] == which)
			return r;
	return -1;
}

/* A sample that names an input's group (w_pattern_17: input 17 is in
 * the band of "w_pattern_") gives it a row in that band, while it has
 * room. */
static void band_note(live_snapshot *S, const char *name)
{
	const task_curve *cv = &S->view->curves[S->view->bands - 1];
	for (int b = 0; b < S->nbands; b++) {
		int j = task_series_index(&cv->series[S->band_series[b]], name);
		if (j < 0)
			continue;
		if (band_row(S, j) >= 0)
			return;
		for (int r = b * S->band_rows; r < (b + 1) * S->band_rows; r++)
			if (S->row_input[r] < 0) {
				S->row_input[r] = j;
				return;
			}
		return;
	}
}

/* The view's window sample: 1 opens a stretch, 0 closes it. */
static void window_note(live_snapshot *S, double t, double value)
{
	if (value > 0.5) {
		long k = S->nwin++ % LIVE_WINDOWS;
		S->win_t0[k] = t;
		S->win_t1[k] = INFINITY;
	} else if (S->nwin > 0) {
		S->win_t1[(S->nwin - 1) % LIVE_WINDOWS] = t;
	}
}

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	if (exp != S->detail || (!S->nbands && which >= LIVE_RASTER_INPUTS))
		return;
	pthread_mutex_lock(&L->lock);
	if (S->nbands && which >= 0 && (which = band_row(S, which)) < 0) {
		pthread_mutex_unlock(&L->lock);
		return;
	}
	if (!S->nbands && which >= S->ninputs)
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
	if (trial >= 0 && S->trial_ms > 0) {
		clock_trial(L, trial, t);
		pace(L);
	}
	pthread_mutex_unlock(&L->lock);
}

/* The line of (curve c, series k, member index), made on its first
 * point while the group and the snapshot have room; else NULL. */
static live_line *line_for(live_snapshot *S, int c, int k, int index)
{
	int members = 0;
	for (int i = 0; i < S->nlines; i++) {
		live_line *l = &S->lines[i];
		if (l->curve == c && l->series == k) {
			if (l->index == index)
				return l;
			members++;
		}
	}
	if (members == LIVE_GROUP_LINES || S->nlines == LIVE_LINES)
		return NULL;
	live_line *l = &S->lines[S->nlines++];
	*l = (live_line){ .curve = (short)c, .series = (short)k,
			  .index = index };
	series_reset(&l->s);
	return l;
}

/* The mean view: experiment exp's point of line i (recent: a curve of
 * the latest stretch). */
static void band_add(live_run *L, int i, int exp, int recent, int sum,
		     double t, double value)
{
	if (exp < 0 || exp >= L->snap.experiments)
		return;
	if (!L->band[i])
		L->band[i] = xcalloc((size_t)L->snap.experiments,
				     sizeof *L->band[i]);
	exp_points *p = &L->band[i][exp];
	if (!p->t) {
		/* One more for the latest point (band_copy). */
		p->t = xmalloc((size_t)(L->band_cap + 1) * sizeof *p->t);
		p->y = xmalloc((size_t)(L->band_cap + 1) * sizeof *p->y);
		p->stride = 1;
	}
	if (sum)
		value = p->sum += value;
	p->last_t = t;
	p->last_y = value;
	p->have_last = 1;
	if (recent)
		window_put(p->t, p->y, &p->n, L->band_cap, t, value);
	else
		thin_add(p->t, p->y, &p->n, &p->stride, &p->skip, L->band_cap,
			 t, value);
}

/* Every series of the family's curves that takes `name` from `from`
 * gets experiment exp's point: (t, value), or for a trial sum (t, sum so
 * far); in the mean view, every experiment's, else the detailed one's. */
static void add_point(live_run *L, int exp, task_source from,
		      const char *name, double t, double value)
{
	live_snapshot *S = &L->snap;
	const task_view *V = S->view;
	int mean = S->follow == LIVE_MEAN;
	if (!mean && exp != S->detail)
		return;
	for (int c = 0; c < V->ncurves; c++) {
		const task_curve *cv = &V->curves[c];
		for (int k = 0; k < TASK_CURVE_SERIES && cv->series[k].name;
		     k++) {
			int index = cv->series[k].from == from ?
				task_series_index(&cv->series[k], name) : -1;
			live_line *l = index >= 0 ?
				line_for(S, c, k, index) : NULL;
			if (!l)
				continue;
			int sum = from == TASK_FROM_TRIAL_SUM;
			if (mean) {
				band_add(L, (int)(l - S->lines), exp,
					 cv->recent, sum, t, value);
				continue;
			}
			double v = sum ? (l->sum += value) : value;
			if (cv->recent)
				window_add(&l->s, t, v);
			else
				series_add(&l->s, t, v);
		}
	}
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	(void)unit;
	if (exp != S->detail && S->follow != LIVE_MEAN)
		return;
	pthread_mutex_lock(&L->lock);
	add_point(L, exp, TASK_FROM_SAMPLE, name, t, value);
	S->version++;
	if (exp != S->detail) {
		pthread_mutex_unlock(&L->lock);
		return;
	}
	if (t > S->now)
		S->now = t;
	if (S->nbands)
		band_note(S, name);
	if (S->view->window && !strcmp(name, S->view->window))
		window_note(S, t, value);
	if (S->trial_ms <= 0) {
		clock_sample(L, t);
		pace(L);
	}
	pthread_mutex_unlock(&L->lock);
}

/* The trial scalars the family's view names: a trial's class, the
 * answer, and its score, the last, which completes it. */
static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;
	const task_view *V = S->view;

	if ((exp != S->detail && S->follow != LIVE_MEAN) || trial < 0)
		return;
	pthread_mutex_lock(&L->lock);
	add_point(L, exp, TASK_FROM_TRIAL_SUM, name, trial + 1, value);
	S->version++;
	if (exp != S->detail) {
		pthread_mutex_unlock(&L->lock);
		return;
	}
	live_trial *T = trial_slot(S, trial);
	if (V->label && !strcmp(name, V->label))
		T->label = (int)value;
	else if (V->answer && !strcmp(name, V->answer))
		T->decision = (int)value;
	else if (V->score && !strcmp(name, V->score)) {
		T->score = value;
		S->ntrials = trial + 1;
		S->correct += T->decision == T->label;
		S->total += value;
	}
	/* A trial is over with its score (its last scalar): a step ends
	 * there, with the trial complete on the screen. */
	if (S->trial_ms > 0 && (!V->score || !strcmp(name, V->score))) {
		clock_trial(L, trial + 1, 0);
		pace(L);
	}
	pthread_mutex_unlock(&L->lock);
}

static void on_progress(void *ctx, int exp, double done)
{
	live_run *L = ctx;
	live_snapshot *S = &L->snap;

	pthread_mutex_lock(&L->lock);
	/* The other experiments are not paced (their progress only shows
	 * in the percentage), but they wait while the run is paused. */
	while (exp != S->detail && !L->stop && paced(S) && S->speed <= 0)
		pthread_cond_wait(&L->wake, &L->lock);
	if (L->only >= 0) {
		S->progress = done;       /* a replay: its one experiment */
	} else if (exp >= 0 && exp < S->experiments) {
		L->progress[exp] = done;
		double sum = 0;
		for (int i = 0; i < S->experiments; i++)
			sum += L->progress[i];
		S->progress = sum / S->experiments;
	}
	if (!S->replay)
		S->seconds = e2l_seconds() - L->t0;
	S->version++;
	pthread_mutex_unlock(&L->lock);
}

static void *worker(void *arg)
{
	live_run *L = arg;
	task_result res = { 0 };
	e2l_error err = { 0 };
	double value = NAN;
	e2l_status st;
	if (L->only >= 0)
		st = task_unit(&L->cfg, &L->rule, L->opts.seed, L->only,
			       &L->rec, &value, &err);
	else
		st = task_evaluate(&L->cfg, &L->rule, &L->opts, &res, &err);

	pthread_mutex_lock(&L->lock);
	live_snapshot *S = &L->snap;
	if (S->replay) {
		/* The finished run's result stays; a complete replay of
		 * experiment K shows its own value, which is the run's,
		 * bit for bit. */
		if (st == E2L_OK && !L->stop && L->only >= 0)
			S->follow_value = value;
		if (st == E2L_OK && !L->stop)
			S->progress = 1;
		S->replay = 0;
	} else {
		S->status = st;
		if (st == E2L_OK) {
			S->fitness = res.fitness;
			S->mean = res.mean;
			S->sd = res.sd;
			task_failure_text(task_result_failure(&res),
					  S->failure, sizeof S->failure);
			S->progress = 1;
			free(L->values);
			L->values = xmalloc((size_t)(res.n > 0 ? res.n : 1) *
					    sizeof *L->values);
			memcpy(L->values, res.values,
			       (size_t)res.n * sizeof *L->values);
			L->nvalues = res.n;
			if (S->follow >= 0 && S->follow < res.n)
				S->follow_value = res.values[S->follow];
		} else {
			snprintf(S->message, sizeof S->message, "%s",
				 err.msg);
		}
		S->seconds = e2l_seconds() - L->t0;
	}
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
	return live_start_at(cfg, texts, name, opts, LIVE_SPEED_FULL, err);
}

/* A speed as kept: NaN and anything above SPEED_MAX are full speed,
 * negative is paused. */
static double speed_norm(double speed)
{
	if (isnan(speed) || speed > SPEED_MAX)
		return LIVE_SPEED_FULL;
	return speed > 0 ? speed : 0;
}

/* Forgets what the detailed experiment (and, in the mean view, every
 * experiment) recorded, before a worker starts. */
static void detail_reset(live_run *L)
{
	live_snapshot *S = &L->snap;
	const task_view *V = S->view;

	S->detail = S->follow >= 0 ? S->follow : 0;
	S->follow_value = NAN;
	S->band_n = 0;
	S->ninputs = 0;
	S->nbands = S->band_rows = 0;
	/* Bands: the labelled groups of the view's curve bands - 1. */
	if (V->bands > 0 && V->bands <= V->ncurves) {
		const task_curve *cv = &V->curves[V->bands - 1];
		for (int k = 0; k < TASK_CURVE_SERIES && cv->series[k].name &&
		     S->nbands < LIVE_BANDS; k++) {
			if (task_series_group(&cv->series[k]) &&
			    cv->series[k].label)
				S->band_series[S->nbands++] = (short)k;
		}
	}
	for (int r = 0; r < LIVE_RASTER_INPUTS; r++)
		S->row_input[r] = -1;
	if (S->nbands) {
		S->band_rows = LIVE_RASTER_INPUTS / S->nbands;
		S->ninputs = S->nbands * S->band_rows;
	}
	S->nwin = 0;
	for (int i = 0; i < LIVE_TRIALS; i++) {
		S->trials[i].index = -1;
		S->trials[i].n = 0;
	}
	S->ntrials = 0;
	S->correct = 0;
	S->total = 0;
	S->nspikes = 0;
	S->now = 0;
	S->clock = 0;
	S->nlines = 0;
	for (int i = 0; i < LIVE_LINES; i++) {
		if (L->band[i])
			for (int e = 0; e < S->experiments; e++) {
				free(L->band[i][e].t);
				free(L->band[i][e].y);
			}
		free(L->band[i]);
		L->band[i] = NULL;
	}
	L->phase_base = L->phase_last = 0;
	memset(L->progress, 0, (size_t)S->experiments * sizeof *L->progress);
}

/* Starts the worker on what L says (L->only, snap.follow); 0, or -1
 * when no thread starts. */
static int worker_start(live_run *L)
{
	live_snapshot *S = &L->snap;

	detail_reset(L);
	/* The experiments recorded in detail: the one followed, or in the
	 * mean view all of them. */
	L->rec.detailed = S->follow == LIVE_MEAN ? 0 : S->detail + 1;
	L->rec.detail_from = S->follow == LIVE_MEAN ? 0 : S->detail;
	L->stop = 0;
	S->running = 1;
	S->progress = 0;
	if (!S->replay) {
		S->status = E2L_OK;
		S->message[0] = S->failure[0] = '\0';
		S->seconds = 0;
	}
	L->t0 = L->anchor_wall = e2l_seconds();
	L->anchor_clock = L->step_until = 0;
	S->version++;
	if (pthread_create(&L->thread, NULL, worker, L) != 0) {
		S->running = 0;
		S->replay = 0;
		return -1;
	}
	L->joined = 0;
	return 0;
}

live_run *live_start_at(const task_config *cfg, const char *const *texts,
			const char *name, const task_options *opts,
			double speed, e2l_error *err)
{
	return live_start_view(cfg, texts, name, opts, speed, 0, err);
}

live_run *live_start_view(const task_config *cfg, const char *const *texts,
			  const char *name, const task_options *opts,
			  double speed, int follow, e2l_error *err)
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
		.progress = on_progress, .stop = &L->stop };
	L->opts.rec = &L->rec;
	L->only = -1;
	S->experiments = opts->experiments > 0 ? opts->experiments :
		(int)task_get(cfg, "experiments");
	if (S->experiments < 1)
		S->experiments = 1;
	/* The opts run exactly these: a replay of one of them needs it. */
	L->opts.experiments = S->experiments;
	L->progress = xcalloc((size_t)S->experiments, sizeof *L->progress);
	/* The mean view's points per experiment and line: fewer the more
	 * experiments, so that a line holds at most ~1M points. */
	L->band_cap = (1 << 20) / S->experiments;
	if (L->band_cap > 4 * LIVE_BAND_POINTS)
		L->band_cap = 4 * LIVE_BAND_POINTS;
	if (L->band_cap < 16)
		L->band_cap = 16;
	snprintf(S->family, sizeof S->family, "%s", f->name);
	snprintf(S->task, sizeof S->task, "%s", cfg->name);
	if (f->nformulas == 2)
		snprintf(S->rule, sizeof S->rule, "%s: %s ; %s", name,
			 texts[0], texts[1]);
	else
		snprintf(S->rule, sizeof S->rule, "%s: %s", name, texts[0]);
	S->view = &f->view;
	S->fitness_info = &f->fitness;
	S->aggregate_min = f->aggregate_min;
	S->trial_ms = task_trial_ms(cfg);
	S->follow = (follow == LIVE_MEAN && S->experiments <= LIVE_MEAN_MAX) ||
		(follow >= 0 && follow < S->experiments) ? follow : 0;
	S->speed = speed_norm(speed);
	pthread_mutex_init(&L->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&L->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (worker_start(L) != 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "cannot start a thread");
		task_rule_free(&L->rule);
		task_config_free(&L->cfg);
		free(L->progress);
		pthread_cond_destroy(&L->wake);
		pthread_mutex_destroy(&L->lock);
		free(L);
		return NULL;
	}
	return L;
}

e2l_status live_view(live_run *L, int follow, e2l_error *err)
{
	live_snapshot *S = &L->snap;
	int n = S->experiments;      /* fixed at the start */

	if (follow == LIVE_MEAN && n > LIVE_MEAN_MAX)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "mean: the mean view "
				"takes at most %d experiments (this run has "
				"%d)", LIVE_MEAN_MAX, n);
	if (follow != LIVE_MEAN && (follow < 0 || follow >= n))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "experiment %d: the "
				"run has %d experiment%s (0 to %d)", follow, n,
				n == 1 ? "" : "s", n - 1);
	pthread_mutex_lock(&L->lock);
	int replay = S->replay, going = S->running && !replay;
	int done = !S->running || replay ? S->status == E2L_OK : 0;
	int same = S->follow == follow;
	pthread_mutex_unlock(&L->lock);
	if (same)
		return E2L_OK;
	if (!going && !done)
		return e2l_fail(err, E2L_ESTOPPED, 0, 0, "the last run did not "
				"finish");
	/* Whatever goes ends first (a paused run too). */
	double speed = live_speed(L);
	live_stop(L);
	live_set_speed(L, LIVE_SPEED_FULL);
	live_wait(L);
	pthread_mutex_lock(&L->lock);
	S->speed = speed;
	S->follow = follow;
	/* A run going starts over; a finished one recomputes experiment K
	 * alone, or every experiment for the mean. */
	S->replay = !going;
	L->only = going || follow == LIVE_MEAN ? -1 : follow;
	pthread_mutex_unlock(&L->lock);
	if (worker_start(L) != 0)
		return e2l_fail(err, E2L_EIO, 0, 0, "cannot start a thread");
	pthread_mutex_lock(&L->lock);
	/* Known already: the finished run's value of experiment K. */
	if (!going && follow >= 0 && follow < L->nvalues)
		S->follow_value = L->values[follow];
	pthread_mutex_unlock(&L->lock);
	return E2L_OK;
}

/* The mean view: line i of out as the mean and SD across the
 * experiments that have points in it (task_band_fill). */
static void band_copy(live_run *L, int i, live_line *out, int *over)
{
	int n = L->snap.experiments, m = 0;
	const exp_points *e = L->band[i];
	out->s.n = 0;
	if (!e)
		return;
	const double **x = xmalloc((size_t)n * sizeof *x);
	const double **y = xmalloc((size_t)n * sizeof *y);
	int *len = xmalloc((size_t)n * sizeof *len);
	for (int k = 0; k < n; k++)
		if (e[k].n > 0) {
			/* The latest point too, past the kept ones (it has
			 * room at [n]; the recorder is locked out). */
			exp_points *p = &L->band[i][k];
			int len_k = p->n;
			if (p->have_last && p->last_t > p->t[p->n - 1]) {
				p->t[p->n] = p->last_t;
				p->y[p->n] = p->last_y;
				len_k++;
			}
			x[m] = p->t;
			y[m] = p->y;
			len[m++] = len_k;
		}
	task_band b = { .npoints = LIVE_BAND_POINTS };
	task_band_fill(&b, m, x, y, len);
	for (int p = 0; p < b.npoints; p++) {
		out->s.t[p] = b.x[p];
		out->s.y[p] = b.mean[p];
		out->sd[p] = b.sd[p];
	}
	out->s.n = b.npoints;
	if (m > *over)
		*over = m;
	task_band_free(&b);
	free(x);
	free(y);
	free(len);
}

void live_copy(live_run *L, live_snapshot *out)
{
	pthread_mutex_lock(&L->lock);
	if (L->snap.running && !L->snap.replay)
		L->snap.seconds = e2l_seconds() - L->t0;
	memcpy(out, &L->snap, sizeof *out);
	if (out->follow == LIVE_MEAN) {
		out->band_n = 0;
		for (int i = 0; i < out->nlines; i++)
			band_copy(L, i, &out->lines[i], &out->band_n);
	}
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
	if (!L)
		return;
	pthread_mutex_lock(&L->lock);
	L->stop = 1;
	pthread_cond_broadcast(&L->wake);
	pthread_mutex_unlock(&L->lock);
}

void live_set_speed(live_run *L, double speed)
{
	if (!L)
		return;
	pthread_mutex_lock(&L->lock);
	live_snapshot *S = &L->snap;
	S->speed = speed_norm(speed);
	/* The pace counts from now: no burst to catch up on a pause. */
	L->anchor_clock = S->clock;
	L->anchor_wall = e2l_seconds();
	L->step_until = S->clock;
	S->version++;
	pthread_cond_broadcast(&L->wake);
	pthread_mutex_unlock(&L->lock);
}

double live_speed(live_run *L)
{
	pthread_mutex_lock(&L->lock);
	double v = L->snap.speed;
	pthread_mutex_unlock(&L->lock);
	return v;
}

void live_step(live_run *L)
{
	if (!L)
		return;
	pthread_mutex_lock(&L->lock);
	live_snapshot *S = &L->snap;
	if (S->speed <= 0) {
		double T = S->trial_ms;
		double span = S->view->raster_ms > 0 ? S->view->raster_ms :
			1000.0;
		/* To the end of the trial under way (the next one, at a
		 * trial's end), or one span on. */
		L->step_until = T > 0 ? (floor(S->clock / T) + 1) * T :
			S->clock + span;
		pthread_cond_broadcast(&L->wake);
	}
	pthread_mutex_unlock(&L->lock);
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
	/* A paused run would never end: it goes on at full speed. */
	live_set_speed(L, LIVE_SPEED_FULL);
	live_wait(L);
	detail_reset(L);             /* frees the mean view's points */
	task_rule_free(&L->rule);
	task_config_free(&L->cfg);
	free(L->progress);
	free(L->values);
	pthread_cond_destroy(&L->wake);
	pthread_mutex_destroy(&L->lock);
	free(L);
}
