/*
 * live.h - a rule running on a task in a worker thread, observed while it
 * runs.
 *
 * The worker records experiment 0 in detail (spikes, potentials, weights,
 * the learning curve) and every experiment's progress into a snapshot
 * guarded by a mutex; readers copy it out with live_copy() and draw from
 * their copy, so the simulation never waits for the screen.  Series are
 * bounded: when one fills, every other point is dropped and its stride
 * doubles, so a run of any length keeps its whole shape in fixed memory.
 *
 *     live_run *L = live_start(&cfg, texts, "lr0", &opts, &err);
 *     ... live_copy(L, &snap); draw(&snap); ...   (any thread)
 *     live_stop(L);                               (asks it to stop early)
 *     live_wait(L); live_free(L);
 */
#ifndef E2L_LIVE_H
#define E2L_LIVE_H

#include <pthread.h>
#include "e2l/task.h"

enum {
	LIVE_WEIGHTS = 6,        /* synapses whose weight is followed */
	LIVE_TRIALS = 12,        /* trials kept for the raster */
	LIVE_TRIAL_SPIKES = 4096,/* spikes kept per trial */
	LIVE_SPIKES = 16384,     /* spikes kept in a continuous run */
	LIVE_POINTS = 1024,      /* points per series before thinning */
	LIVE_RASTER_INPUTS = 24  /* inputs shown in the raster */
};

/* A bounded time series (see the top of the file). */
typedef struct {
	double t[LIVE_POINTS], y[LIVE_POINTS];
	int n;
	int stride, skip;        /* keep one point in `stride` */
} live_series;

/* One trial of a trial-based task (reward): its spikes and outcome. */
typedef struct {
	int index;               /* trial number, from 0 */
	int label, decision;     /* +1 / -1 */
	int pattern;
	double reward;
	int n;                   /* spikes */
	short which[LIVE_TRIAL_SPIKES];   /* input index, -1 the output */
	float t[LIVE_TRIAL_SPIKES];       /* ms from the trial's start */
} live_trial;

typedef struct {
	/* What runs. */
	char family[32];
	char rule[256];          /* its name and formula(s) */
	char task[64];
	int experiments;
	double trial_ms;         /* length of a trial (trial-based tasks) */

	/* State. */
	int running;             /* 0 once the worker has finished */
	e2l_status status;       /* of the finished run */
	char message[256];       /* its error, or "" */
	double fitness, mean, sd; /* of the finished run */
	double seconds;          /* wall time so far / in all */
	double progress;         /* 0..1 over all experiments */
	unsigned long version;   /* bumped on every change */

	/* Experiment 0, in detail. */
	int ninputs;             /* inputs seen spiking, up to
				  * LIVE_RASTER_INPUTS */
	live_trial trials[LIVE_TRIALS];   /* ring: trial k at k % LIVE_TRIALS */
	int ntrials;             /* trials completed */
	long correct;            /* trials with decision == label */
	double total;            /* reward summed over the trials */
	/* Spikes of a continuous run (error, correlation): a ring. */
	short cwhich[LIVE_SPIKES];
	double ct[LIVE_SPIKES];
	long nspikes;
	double now;              /* ms simulated in experiment 0 */
	live_series u, v;        /* membrane potentials, mV (recent only) */
	live_series w[LIVE_WEIGHTS];      /* weights, pA, the whole run */
	int wsyn[LIVE_WEIGHTS];  /* which synapse each follows, -1 none */
	char wunit[8];
	live_series curve;       /* the learning curve */
	char curve_name[40], curve_unit[8];
	/* The error task's curve: mean (u - v)^2 per bin. */
	double err_sum;
	long err_n;
	double err_bin_end;
} live_snapshot;

typedef struct live_run live_run;

/*
 * Starts rule texts[] (one per formula of cfg's family) on a copy of cfg
 * in a new thread.  opts->rec is ignored (the run records itself).
 * Returns NULL with err set if the rule does not compile.
 */
live_run *live_start(const task_config *cfg, const char *const *texts,
		     const char *name, const task_options *opts,
		     e2l_error *err);
/* Copies the latest snapshot (a consistent one) into *out. */
void live_copy(live_run *L, live_snapshot *out);
/* The version counter alone, cheap: has anything changed? */
unsigned long live_version(live_run *L);
/* Is the worker still running?  Cheap. */
int live_running(live_run *L);
void live_stop(live_run *L);
void live_wait(live_run *L);
/* Waits for the worker and frees everything.  NULL is fine. */
void live_free(live_run *L);

/* A series' last value, or NaN when empty. */
double live_series_last(const live_series *s);

#endif
