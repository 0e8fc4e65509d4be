/*
 * test_tasks.c - the task families at reduced scale, with assertions a
 * broken model would fail: the error-driven task separates a learning
 * rule from no plasticity; results do not depend on the number of
 * threads; a coarser time step moves the fitness by much less than the
 * spread between experiments; a rule that blows up scores -inf.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/task.h"

static task_result run(const char *family, const char *formula,
		       const char **sets, int threads, uint64_t seed)
{
	const char *texts[] = { formula };
	return taskrun(task_family_find(family), texts, sets, threads, seed,
		       NULL, NULL);
}

/* Welch's two-sided p for a and b. */
static double welch(const task_result *a, const task_result *b)
{
	double va = a->sd * a->sd / a->n, vb = b->sd * b->sd / b->n;
	double t = (a->mean - b->mean) / sqrt(va + vb);
	double df = (va + vb) * (va + vb) /
		(va * va / (a->n - 1) + vb * vb / (b->n - 1));
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

static void test_error_task(void)
{
	/* 8 experiments of 4 s at h = 0.05 ms: a fifth of the paper's
	 * simulated time, enough to tell learning from none. */
	const char *small[] = { "experiments", "8", "T", "4000", "h", "0.05",
				NULL };
	task_result learn = run("error", "(v - u)*s", small, 2, 11);
	task_result none = run("error", "0", small, 2, 11);
	CHECK(learn.n == 8 && none.n == 8, "8 experiments each");
	/* Both rules see the same 8 input sets, so compare them pairwise:
	 * learning must win in every one (a sign test: p = 2^-8 by chance),
	 * and on average by far. */
	int wins = 0;
	for (int k = 0; k < learn.n && k < none.n; k++)
		wins += learn.values[k] > none.values[k];
	CHECK(wins == 8 && welch(&learn, &none) < 0.05,
	      "(v - u)s %.2f +- %.2f vs none %.2f +- %.2f: wins %d of 8, "
	      "Welch p = %.2g", learn.mean, learn.sd, none.mean, none.sd,
	      wins, welch(&learn, &none));
	/* The paper's values on 10 s: (v - u)s about -14.6, none -150 to
	 * -300.  Over 4 s the error sums over fewer samples; the order of
	 * magnitude must hold all the same. */
	CHECK(learn.mean > -40 && none.mean < -50, "scale: %.1f, %.1f",
	      learn.mean, none.mean);

	/* Threads do not change a bit. */
	task_result one = run("error", "(v - u)*s", small, 1, 11);
	CHECK(one.n == learn.n && !memcmp(one.values, learn.values,
					  sizeof *one.values * one.n),
	      "1 and 2 threads give identical values");
	task_result_free(&one);

	/* Time step: h = 0.1 against h = 0.02 on the same experiments. */
	const char *coarse[] = { "experiments", "4", "T", "4000", "h", "0.1",
				 NULL };
	const char *fine[] = { "experiments", "4", "T", "4000", "h", "0.02",
			       NULL };
	task_result c = run("error", "(v - u)*s", coarse, 2, 5);
	task_result f = run("error", "(v - u)*s", fine, 2, 5);
	CHECK(fabs(c.mean - f.mean) < 0.25 * f.sd, "h = 0.1: %.3f, h = 0.02: "
	      "%.3f, spread %.3f", c.mean, f.mean, f.sd);
	task_result_free(&c);
	task_result_free(&f);

	/* Non-finite rule output: -inf, not NaN, not a crash. */
	const char *tiny[] = { "experiments", "2", "T", "200", "h", "0.1",
			       NULL };
	task_result bad = run("error", "1/(s - s)", tiny, 1, 1);
	CHECK(bad.n == 2 && bad.fitness == -INFINITY, "fitness %g",
	      bad.fitness);
	task_result_free(&bad);
	task_result_free(&learn);
	task_result_free(&none);
}

int main(void)
{
	test_error_task();
	return check_done("test_tasks");
}
