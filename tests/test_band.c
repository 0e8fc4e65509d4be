/*
 * test_band.c - learning curves over experiments (band.c): the band ends
 * where the fitness is (the reward task's cumulative reward is its
 * fitness), it does not depend on the thread count, it spans what every
 * experiment covers, and a non-finite run leaves it undefined.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"

static int band_of(const char *family, const char *formula,
		   const char *const *sets, int threads, int npoints,
		   task_band *band, task_result *res)
{
	const task_family *f = task_family_find(family);
	task_config cfg;
	task_rule rule;
	e2l_error err;
	const char *texts[] = { formula, formula };
	task_options o = { .seed = 7, .threads = threads };

	task_config_default(&cfg, f);
	taskrun_set(&cfg, sets);
	if (task_rule_parse(&rule, f, texts, NULL, &err) != E2L_OK) {
		CHECK(0, "rule %s: %s", formula, err.msg);
		task_config_free(&cfg);
		return -1;
	}
	e2l_status st = task_band_evaluate(&cfg, &rule, &o, npoints, band,
					   res, &err);
	CHECK(st == E2L_OK, "%s %s: %s", family, formula, err.msg);
	task_rule_free(&rule);
	task_config_free(&cfg);
	return st == E2L_OK ? 0 : -1;
}

static void reward(void)
{
	const char *sets[] = { "experiments", "6", "trials", "60", NULL };
	task_band b1, b2;
	task_result r1, r2;
	if (band_of("reward", "(R - 1)*E", sets, 1, 30, &b1, &r1) ||
	    band_of("reward", "(R - 1)*E", sets, 2, 30, &b2, &r2))
		return;
	CHECK(b1.npoints == 30, "%d points", b1.npoints);
	CHECK(!strcmp(b1.curve->title, "cumulative reward"), "%s",
	      b1.curve->title);
	/* Trials 0..59: the grid's ends are the first and the last. */
	CHECK(b1.x[0] == 0 && b1.x[29] == 59, "grid %g..%g", b1.x[0], b1.x[29]);
	/* The last point is the summed reward: each experiment's value. */
	CHECK(fabs(b1.mean[29] - r1.mean) < 1e-9, "band ends at %g, mean %g",
	      b1.mean[29], r1.mean);
	CHECK(fabs(b1.sd[29] - r1.sd) < 1e-9, "band SD %g, result SD %g",
	      b1.sd[29], r1.sd);
	/* One reward per trial: the mean moves by at most 1 per trial. */
	CHECK(fabs(b1.mean[0]) <= 1, "first point %g", b1.mean[0]);
	for (int i = 0; i < 30; i++)
		CHECK(b1.x[i] == b2.x[i] && b1.mean[i] == b2.mean[i] &&
		      b1.sd[i] == b2.sd[i], "threads change point %d", i);
	task_band_free(&b1);
	task_band_free(&b2);
	CHECK(!b1.x && !b1.npoints, "freed band not cleared");
	task_result_free(&r1);
	task_result_free(&r2);
}

static void error_task(void)
{
	const char *sets[] = { "experiments", "3", "T", "2000", NULL };
	task_band b;
	task_result r;
	if (band_of("error", "(v - u)*s", sets, 2, 10, &b, &r))
		return;
	CHECK(b.npoints == 10, "%d points", b.npoints);
	CHECK(b.x[9] <= 2000 && b.x[9] > b.x[0], "grid %g..%g ms", b.x[0],
	      b.x[9]);
	for (int i = 0; i < b.npoints; i++)
		CHECK(isfinite(b.mean[i]) && b.mean[i] >= 0 && b.sd[i] >= 0,
		      "point %d: %g +- %g", i, b.mean[i], b.sd[i]);
	task_band_free(&b);
	task_result_free(&r);
}

static void blown_up(void)
{
	const char *sets[] = { "experiments", "2", "trials", "40", NULL };
	task_band b;
	task_result r;
	if (band_of("reward", "exp(exp(exp(E + 10)))", sets, 2, 8, &b, &r))
		return;
	CHECK(!isfinite(r.fitness), "fitness %g", r.fitness);
	int undefined = b.npoints == 0;
	for (int i = 0; i < b.npoints; i++)
		undefined |= !isfinite(b.mean[i]);
	CHECK(undefined, "a blown-up rule's band is all finite");
	task_band_free(&b);
	task_result_free(&r);
}

int main(void)
{
	const task_series *s = NULL;
	/* Every family names a learning curve that it has. */
	for (int i = 0; task_families[i]; i++)
		CHECK(task_learning_curve(task_families[i], NULL) != NULL,
		      "%s has no learning curve", task_families[i]->name);
	CHECK(task_learning_curve(task_family_find("correlation"), &s) &&
	      !strcmp(s->name, "w_mean"), "correlation's learning curve");
	reward();
	error_task();
	blown_up();
	return check_done("test_band");
}
