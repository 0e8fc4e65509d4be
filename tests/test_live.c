/*
 * test_live.c - playback of a live run (src/app/live.c): a run slowed by
 * live_set_speed takes at least its simulated time over the speed, a
 * paused one stands still, a step moves it on by one trial or one raster
 * span, and whatever the pace the result is the full-speed run's, bit
 * for bit; live_view shows experiment K (the evaluation's K-th, bit for
 * bit) or the mean over them.  This is the one test that reads the wall
 * clock, as a lower bound only (a loaded machine makes runs slower, never
 * faster).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "../src/app/live.h"

static void nap(double s)
{
	struct timespec ts = { (time_t)s, (long)(fmod(s, 1.0) * 1e9) };
	nanosleep(&ts, NULL);
}

static live_snapshot snap;

/* Polls until cond(snapshot) holds or `limit` seconds pass; returns
 * whether it held. */
static int wait_for(live_run *L, int (*cond)(const live_snapshot *, double),
		    double arg, double limit)
{
	double t0 = e2l_seconds();
	for (;;) {
		live_copy(L, &snap);
		if (cond(&snap, arg))
			return 1;
		if (e2l_seconds() - t0 > limit)
			return 0;
		nap(0.01);
	}
}

static int clock_at_least(const live_snapshot *S, double c)
{
	return S->clock >= c || !S->running;
}

static int trials_at_least(const live_snapshot *S, double n)
{
	return S->ntrials >= n || !S->running;
}

static live_run *start(const task_config *cfg, const char *formula,
		       double speed)
{
	const char *texts[] = { formula };
	task_options opts = { .seed = 3, .threads = 2 };
	e2l_error err = { 0 };
	live_run *L = live_start_at(cfg, texts, "r", &opts, speed, &err);
	CHECK(L != NULL, "live_start_at: %s", err.msg);
	return L;
}

/* A run to its end: its fitness, and the wall time it took. */
static double finish(live_run *L, double *seconds)
{
	double t0 = e2l_seconds();
	live_wait(L);
	*seconds = e2l_seconds() - t0;
	live_copy(L, &snap);
	CHECK(snap.status == E2L_OK, "run: %s", snap.message);
	return snap.fitness;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The error task (no trials: its clock is its samples' times). */
static void test_error(void)
{
	task_config cfg;
	e2l_error err;
	task_config_default(&cfg, task_family_find("error"));
	CHECK(task_config_set(&cfg, "T", "600", &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(task_config_set(&cfg, "experiments", "3", &err) == E2L_OK,
	      "%s", err.msg);
	const char *rule = "(v - u)*s";
	double s_full, s_slow, s_step;

	live_run *L = start(&cfg, rule, LIVE_SPEED_FULL);
	double full = finish(L, &s_full);
	double T = snap.clock;
	CHECK(T >= 599 && T <= 601, "experiment 0's clock ends at T: %g", T);
	live_free(L);

	/* Twice real time: 600 ms of simulation take at least 0.3 s. */
	double speed = 2;
	double t0 = e2l_seconds();
	L = start(&cfg, rule, speed);
	double slow = finish(L, &s_slow);
	s_slow = e2l_seconds() - t0;
	CHECK(same_bits(slow, full), "paced fitness %.17g, full speed %.17g",
	      slow, full);
	CHECK(s_slow >= T / speed / 1000.0, "at speed %g the run took %.3f "
	      "s, less than %g ms / %g", speed, s_slow, T, speed);
	live_free(L);

	/* Paused from the start: it stands still; a step lets it go on by
	 * one raster span (500 ms), then it stands again; resumed, it
	 * ends with the same fitness. */
	L = start(&cfg, rule, 0);
	nap(0.2);
	live_copy(L, &snap);
	CHECK(snap.running && snap.clock < 5, "paused at %g ms", snap.clock);
	CHECK(live_speed(L) == 0, "speed %g", live_speed(L));
	live_step(L);
	CHECK(wait_for(L, clock_at_least, 500, 20), "a step reaches 500 ms "
	      "(at %g)", snap.clock);
	nap(0.2);
	live_copy(L, &snap);
	CHECK(snap.running && snap.clock >= 500 && snap.clock < 510,
	      "and stops there: %g ms", snap.clock);
	live_set_speed(L, LIVE_SPEED_FULL);
	double stepped = finish(L, &s_step);
	CHECK(same_bits(stepped, full), "paused and stepped fitness %.17g, "
	      "full speed %.17g", stepped, full);
	live_free(L);

	/* A paused run still stops, and frees. */
	L = start(&cfg, rule, 0);
	live_stop(L);
	live_wait(L);
	live_copy(L, &snap);
	CHECK(snap.status == E2L_ESTOPPED, "stopped while paused: %d",
	      (int)snap.status);
	live_free(L);
	L = start(&cfg, rule, 0);
	live_free(L);   /* must not hang */
	task_config_free(&cfg);
}

/* The reward task: a step is one trial. */
static void test_reward(void)
{
	task_config cfg;
	e2l_error err;
	task_config_default(&cfg, task_family_find("reward"));
	CHECK(task_config_set(&cfg, "trials", "6", &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(task_config_set(&cfg, "experiments", "2", &err) == E2L_OK,
	      "%s", err.msg);
	const char *rule = "(R - 1)*E";
	double s;

	live_run *L = start(&cfg, rule, LIVE_SPEED_FULL);
	double full = finish(L, &s);
	CHECK(snap.ntrials == 6, "%d trials", snap.ntrials);
	live_free(L);

	L = start(&cfg, rule, 0);
	nap(0.1);
	live_copy(L, &snap);
	CHECK(snap.ntrials == 0, "paused: %d trials", snap.ntrials);
	live_step(L);
	CHECK(wait_for(L, trials_at_least, 1, 20), "a step ends a trial");
	nap(0.2);
	live_copy(L, &snap);
	CHECK(snap.ntrials == 1, "one step, one trial: %d", snap.ntrials);
	live_step(L);
	CHECK(wait_for(L, trials_at_least, 2, 20), "the next step another");
	nap(0.2);
	live_copy(L, &snap);
	CHECK(snap.ntrials == 2, "two steps, two trials: %d", snap.ntrials);
	/* Ten times real time for the rest: 4 trials of 500 ms. */
	double t0 = e2l_seconds();
	live_set_speed(L, 10);
	double paced = finish(L, &s);
	s = e2l_seconds() - t0;
	CHECK(s >= 4 * 500 / 10 / 1000.0, "4 trials at speed 10 in %.3f s",
	      s);
	CHECK(same_bits(paced, full), "paced fitness %.17g, full speed %.17g",
	      paced, full);
	live_free(L);
	task_config_free(&cfg);
}

/* The line of snap's curve titled `title` (the first), or NULL. */
static const live_line *line_of(const live_snapshot *S, const char *title)
{
	for (int i = 0; i < S->nlines; i++)
		if (!strcmp(S->view->curves[S->lines[i].curve].title, title))
			return &S->lines[i];
	return NULL;
}

/*
 * live_view: experiment K in detail is the evaluation's K-th, bit for
 * bit (its value), with its own curves, whether the run followed it from
 * the start or a finished run recomputed it; an experiment out of range
 * is an error naming it; the mean view's cumulative reward ends at the
 * mean and SD of the values; a run going starts over following the new
 * choice.
 */
static void test_view(void)
{
	task_config cfg;
	e2l_error err;
	task_config_default(&cfg, task_family_find("reward"));
	CHECK(task_config_set(&cfg, "trials", "30", &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(task_config_set(&cfg, "experiments", "4", &err) == E2L_OK,
	      "%s", err.msg);
	const char *texts[] = { "(R - 1)*E" };
	task_rule rule;
	task_result res = { 0 };
	task_options opts = { .seed = 3, .threads = 2 };
	CHECK(task_rule_parse(&rule, cfg.family, texts, "r", &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(task_evaluate(&cfg, &rule, &opts, &res, &err) == E2L_OK, "%s",
	      err.msg);
	double s;

	/* Followed from the start. */
	live_run *L = live_start_view(&cfg, texts, "r", &opts,
				      LIVE_SPEED_FULL, 2, &err);
	CHECK(L != NULL, "live_start_view: %s", err.msg);
	finish(L, &s);
	CHECK(snap.follow == 2 && same_bits(snap.follow_value, res.values[2]),
	      "experiment 2: %.17g, evaluated %.17g", snap.follow_value,
	      res.values[2]);
	const live_line *l = line_of(&snap, "cumulative reward");
	CHECK(l && l->s.n == 30, "experiment 2's cumulative reward");
	double end2 = l ? live_series_last(&l->s) : NAN;
	CHECK(end2 == res.values[2], "its curve ends at %g, its value %g",
	      end2, res.values[2]);

	/* Experiment 0 recomputed from the finished run. */
	CHECK(live_view(L, 0, &err) == E2L_OK, "view 0: %s", err.msg);
	live_wait(L);
	live_copy(L, &snap);
	CHECK(!snap.running && !snap.replay && snap.status == E2L_OK,
	      "the replay ends");
	CHECK(same_bits(snap.follow_value, res.values[0]),
	      "experiment 0 recomputed: %.17g, evaluated %.17g",
	      snap.follow_value, res.values[0]);
	CHECK(same_bits(snap.fitness, res.fitness), "the run's fitness kept");
	l = line_of(&snap, "cumulative reward");
	CHECK(l && live_series_last(&l->s) == res.values[0] &&
	      live_series_last(&l->s) != end2,
	      "experiment 0's own curve, not experiment 2's");

	/* Out of range. */
	CHECK(live_view(L, 4, &err) == E2L_EINVALID &&
	      strstr(err.msg, "experiment 4"), "experiment 4 of 4: %s",
	      err.msg);

	/* The mean over the experiments. */
	CHECK(live_view(L, LIVE_MEAN, &err) == E2L_OK, "mean: %s", err.msg);
	live_wait(L);
	live_copy(L, &snap);
	l = line_of(&snap, "cumulative reward");
	CHECK(snap.follow == LIVE_MEAN && snap.band_n == 4,
	      "the mean over %d experiments", snap.band_n);
	CHECK(l && l->s.n == LIVE_BAND_POINTS, "the band's points");
	if (l && l->s.n > 0) {
		double m = l->s.y[l->s.n - 1], sd = l->sd[l->s.n - 1];
		CHECK(fabs(m - res.mean) < 1e-9 * (1 + fabs(res.mean)) &&
		      fabs(sd - res.sd) < 1e-9 * (1 + res.sd),
		      "the band ends at %g +- %g, the values' %g +- %g", m, sd,
		      res.mean, res.sd);
	}
	CHECK(same_bits(snap.fitness, res.fitness), "the fitness kept");
	live_free(L);

	/* A run going starts over following experiment 1. */
	L = live_start_view(&cfg, texts, "r", &opts, 0, 0, &err);
	CHECK(L != NULL, "paused: %s", err.msg);
	CHECK(live_view(L, 1, &err) == E2L_OK, "view 1 while running: %s",
	      err.msg);
	live_copy(L, &snap);
	CHECK(snap.running && !snap.replay && snap.follow == 1 &&
	      snap.speed == 0, "starts over, paused still");
	live_set_speed(L, LIVE_SPEED_FULL);
	finish(L, &s);
	CHECK(same_bits(snap.follow_value, res.values[1]) &&
	      same_bits(snap.fitness, res.fitness),
	      "experiment 1 followed: %.17g, evaluated %.17g",
	      snap.follow_value, res.values[1]);
	live_free(L);

	task_result_free(&res);
	task_rule_free(&rule);
	task_config_free(&cfg);
}

int main(void)
{
	test_error();
	test_reward();
	test_view();
	return check_done("test_live");
}
