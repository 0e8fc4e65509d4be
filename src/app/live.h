/*
 * live.h - a rule running on a task in a worker thread, observed while it
 * runs.
 *
 * The worker records one experiment in detail (spikes, and the lines of
 * the curves its family's view names; experiment 0 unless told) and every
 * experiment's progress into a snapshot guarded by a mutex; readers copy
 * it out with live_copy() and draw from their copy, so the simulation
 * never waits for the screen.
 * Series are bounded: when one fills, every other point is dropped and
 * its stride doubles, so a run of any length keeps its whole shape in
 * fixed memory.
 *
 *     live_run *L = live_start(&cfg, texts, "lr0", &opts, &err);
 *     ... live_copy(L, &snap); draw(&snap); ...   (any thread)
 *     live_stop(L);                               (asks it to stop early)
 *     live_wait(L); live_free(L);
 *
 * What it shows (live_view): experiment K in detail, or the mean view,
 * where each line of the curves is the mean and SD across all the
 * experiments (the spikes stay experiment 0's).  A run going starts over
 * following the new choice; a finished run recomputes only what the view
 * needs (experiment K alone, or every experiment for the mean), keeping
 * its result: every experiment has its own seed, so it is the same
 * experiment bit for bit.
 *
 * Playback: live_set_speed(L, x) paces the experiment shown at x ms of its
 * simulated time per ms of wall time (1: real time; LIVE_SPEED_FULL: as
 * fast as it goes; 0: paused), live_step(L) lets a paused run go on by
 * one trial (a run without trials: one raster span of the family's view).
 * The pace is kept by making the simulation's own recorder callbacks wait,
 * never by changing what it computes: every number of the result is the
 * one a run at full speed gives, bit for bit.
 */
#ifndef E2L_LIVE_H
#define E2L_LIVE_H

#include <math.h>
#include <pthread.h>
#include "e2l/task.h"

enum {
	LIVE_LINES = 20,         /* lines of the family's curves followed */
	LIVE_GROUP_LINES = 6,    /* of them per numbered group (w_0, ...) */
	LIVE_TRIALS = 12,        /* trials kept for the raster */
	LIVE_TRIAL_SPIKES = 4096,/* spikes kept per trial */
	LIVE_SPIKES = 16384,     /* spikes kept in a continuous run */
	LIVE_POINTS = 1024,      /* points per series before thinning */
	LIVE_RASTER_INPUTS = 24, /* inputs shown in the raster */
	LIVE_BANDS = 4,          /* bands of inputs (task_view.bands) */
	LIVE_WINDOWS = 16,       /* shaded stretches kept (task_view.window) */
	LIVE_MEAN = -1,          /* live_view: the mean over experiments */
	LIVE_BAND_POINTS = 120,  /* the mean view: points of a line's band */
	LIVE_MEAN_MAX = 10000    /* the mean view: experiments at most (it
				  * keeps every experiment's lines) */
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
	live_series s;           /* the mean view: the mean across the
				  * experiments (live_copy) */
	double sd[LIVE_BAND_POINTS];   /* the mean view: the SD at s's
					* points */
} live_line;

typedef struct {
	/* What runs. */
	char family[32];
	const task_view *view;   /* its family's panels */
	const task_fitness *fitness_info;   /* and what its fitness means */
	int aggregate_min;       /* fitness: the minimum over experiments,
				  * not the mean */
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
	double speed;            /* live_set_speed's, LIVE_SPEED_FULL */
	double clock;            /* the detailed experiment's simulated ms
				  * so far, as the pace counts it */

	/* What is shown (live_view). */
	int follow;              /* experiment K, or LIVE_MEAN */
	int detail;              /* whose spikes and trials are kept: K, or
				  * 0 in the mean view */
	int band_n;              /* the mean view: experiments in the
				  * curves so far */
	double follow_value;     /* experiment K's own value, NaN until
				  * known */
	int replay;              /* 1: a finished run recomputes what the
				  * view needs (running is 1 meanwhile) */

	/* The detailed experiment. */
	int ninputs;             /* raster rows of inputs: those seen
				  * spiking, up to LIVE_RASTER_INPUTS; with
				  * bands, all of theirs */
	/* Bands (task_view.bands): band b is raster rows b band_rows ..
	 * (b + 1) band_rows - 1, the group of series band_series[b] of the
	 * view's curve bands - 1; row r shows input row_input[r] (-1: none
	 * found yet).  Spikes (which) then hold raster rows. */
	int nbands, band_rows;
	short band_series[LIVE_BANDS];
	int row_input[LIVE_RASTER_INPUTS];
	/* The stretches of task_view.window, a ring: k-th at k %
	 * LIVE_WINDOWS, ms; win_t1 INFINITY while one is open. */
	double win_t0[LIVE_WINDOWS], win_t1[LIVE_WINDOWS];
	long nwin;
	live_trial trials[LIVE_TRIALS];   /* ring: trial k at k % LIVE_TRIALS */
	int ntrials;             /* trials completed */
	long correct;            /* trials with decision == label */
	double total;            /* score summed over the trials */
	/* Spikes of a continuous run (error, correlation): a ring. */
	short cwhich[LIVE_SPIKES];
	double ct[LIVE_SPIKES];
	long nspikes;
	double now;              /* ms simulated in that experiment */
	/* The curves' lines, in the order their first samples came. */
	live_line lines[LIVE_LINES];
	int nlines;
} live_snapshot;

typedef struct live_run live_run;

/* Full speed: no pacing. */
#define LIVE_SPEED_FULL INFINITY

/*
 * Starts rule texts[] (one per formula of cfg's family) on a copy of cfg
 * in a new thread.  opts->rec is ignored (the run records itself).
 * Returns NULL with err set if the rule does not compile.
 */
live_run *live_start(const task_config *cfg, const char *const *texts,
		     const char *name, const task_options *opts,
		     e2l_error *err);
/* The same, paced from its first step at `speed` (see live_set_speed). */
live_run *live_start_at(const task_config *cfg, const char *const *texts,
			const char *name, const task_options *opts,
			double speed, e2l_error *err);
/* The same, showing experiment `follow` (0 .. experiments - 1) or the
 * mean (LIVE_MEAN); one out of range shows experiment 0. */
live_run *live_start_view(const task_config *cfg, const char *const *texts,
			  const char *name, const task_options *opts,
			  double speed, int follow, e2l_error *err);
/*
 * Shows experiment `follow` or the mean (LIVE_MEAN) from now on: a run
 * going starts over following it (the same run: the same seeds); a
 * finished one recomputes what the view needs (experiment K alone, every
 * experiment for the mean) in the worker, its result kept.  Nothing to
 * do when it shows that already.  Errors: E2L_EINVALID for an experiment
 * out of range (err names it), E2L_ESTOPPED for a run that was stopped or
 * failed (nothing to recompute: the next run will show it).  UI thread.
 */
e2l_status live_view(live_run *L, int follow, e2l_error *err);
/*
 * Playback.  speed: simulated ms of the experiment shown per wall-clock
 * ms (1: real time, 0.5 half, 10 ten times; its clock is its trials, or
 * for a run without trials its samples' times, phase after phase); 0
 * pauses at the next event; LIVE_SPEED_FULL (or any speed above 1e9, or NaN) runs
 * freely.  The other experiments are not paced (they show only in the
 * percentage) but wait while paused.  Takes effect at once, from any
 * thread.
 */
void live_set_speed(live_run *L, double speed);
double live_speed(live_run *L);
/* Paused: lets the experiment shown go on by one trial, or one raster
 * span (task_view.raster_ms) of a run without trials, then pause again.
 * Running: nothing. */
void live_step(live_run *L);
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
/* In the mean view, does line l carry its mean - SD .. mean + SD band?
 * A group's members do not, nor a line thinned past the band's points. */
int live_banded(const live_snapshot *S, const live_line *l);
/* Which experiment the panels show, for a header: "experiment K of N,
 * fitness V" (V once known), or "mean PM SD over N experiments" (M of N
 * so far while it runs); PM is the plus-minus sign the output can show. */
void live_which(const live_snapshot *S, const char *pm, char *buf,
		size_t n);

#endif
