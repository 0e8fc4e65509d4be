/*
 * live.h - a rule running on a task in a worker thread, observed while it
 * runs.
 *
 * The worker records experiment 0 in detail (spikes, and the lines of the
 * curves its family's view names) and every experiment's progress into a
 * snapshot guarded by a mutex; readers copy it out with live_copy() and
 * draw from their copy, so the simulation never waits for the screen.
 * Series are bounded: when one fills, every other point is dropped and
 * its stride doubles, so a run of any length keeps its whole shape in
 * fixed memory.
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
	LIVE_LINES = 20,         /* lines of the family's curves followed */
	LIVE_GROUP_LINES = 6,    /* of them per numbered group (w_0, ...) */
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

/* One trial of a trial-based task: its spikes and outcome (the family's
 * view names the trial scalars). */
typedef struct {
	int index;               /* trial number, from 0 */
	int label, decision;     /* +1 / -1 */
	double score;
	int n;                   /* spikes */
	short which[LIVE_TRIAL_SPIKES];   /* input index, -1 the output */
	float t[LIVE_TRIAL_SPIKES];       /* ms from the trial's start */
} live_trial;

/* A line of one of the family's curves (task_view.curves). */
typedef struct {
	short curve, series;     /* which curve, which of its series */
	int index;               /* a group's member (w_3: 3), else 0 */
	double sum;              /* TASK_FROM_TRIAL_SUM: the sum so far */
	live_series s;
} live_line;

typedef struct {
	/* What runs. */
	char family[32];
	const task_view *view;   /* its family's panels */
	char rule[256];          /* its name and formula(s) */
	char task[64];
	int experiments;
	double trial_ms;         /* a trial's length; 0: one long run */

	/* State. */
	int running;             /* 0 once the worker has finished */
	e2l_status status;       /* of the finished run */
	char message[256];       /* its error, or "" */
	double fitness, mean, sd; /* of the finished run */
	char failure[256];       /* why its fitness is -inf, or "" */
	double seconds;          /* wall time so far / in all */
	double progress;         /* 0..1 over all experiments */
	unsigned long version;   /* bumped on every change */

	/* Experiment 0, in detail. */
	int ninputs;             /* inputs seen spiking, up to
				  * LIVE_RASTER_INPUTS */
	live_trial trials[LIVE_TRIALS];   /* ring: trial k at k % LIVE_TRIALS */
	int ntrials;             /* trials completed */
	long correct;            /* trials with decision == label */
	double total;            /* score summed over the trials */
	/* Spikes of a continuous run (error, correlation): a ring. */
	short cwhich[LIVE_SPIKES];
	double ct[LIVE_SPIKES];
	long nspikes;
	double now;              /* ms simulated in experiment 0 */
	/* The curves' lines, in the order their first samples came. */
	live_line lines[LIVE_LINES];
	int nlines;
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
