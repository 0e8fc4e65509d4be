/*
 * test_compare.c - statistics over experiments (src/tasks/compare.c)
 * against published figures: Student's sleep data (Cushny & Peebles
 * 1905), whose paired and Welch t-tests are the worked examples of R's
 * t.test documentation: paired t = -4.0621, df = 9, p = 0.002833, 95% CI
 * of the mean difference [-2.4598858, -0.7001142]; Welch t = -1.8608,
 * df = 17.776, p = 0.07939.  Plus the summary's median, threshold share
 * and the undefined statistics of a set with a non-finite value.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "e2l/task.h"

static const double drug1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8,
				0.0, 2.0 };
static const double drug2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6,
				4.6, 3.4 };

static int near(double x, double want, double tol)
{
	return fabs(x - want) <= tol;
}

int main(void)
{
	task_comparison c;
	task_summary s;

	task_compare(drug1, drug2, 10, &c);
	CHECK(c.n == 10 && c.nonfinite == 0, "%d %d", c.n, c.nonfinite);
	CHECK(near(c.diff_mean, -1.58, 1e-12), "%.17g", c.diff_mean);
	CHECK(near(c.t_paired, -4.0621, 5e-5), "%.6f", c.t_paired);
	CHECK(near(c.p_paired, 0.002833, 5e-7), "%.7f", c.p_paired);
	CHECK(near(c.ci_low, -2.4598858, 5e-8), "%.8f", c.ci_low);
	CHECK(near(c.ci_high, -0.7001142, 5e-8), "%.8f", c.ci_high);
	CHECK(near(c.t_welch, -1.8608, 5e-5), "%.6f", c.t_welch);
	CHECK(near(c.df_welch, 17.776, 5e-4), "%.5f", c.df_welch);
	CHECK(near(c.p_welch, 0.07939, 5e-6), "%.6f", c.p_welch);
	/* Drug 1 beats drug 2 in none; one tie (-0.1, -0.1). */
	CHECK(c.wins == 0 && c.losses == 9 && c.ties == 1, "%d %d %d", c.wins,
	      c.losses, c.ties);
	CHECK(!strcmp(task_compare_verdict(&c, 0.01), "the baseline is better"),
	      "%s", task_compare_verdict(&c, 0.01));
	CHECK(!strcmp(task_compare_verdict(&c, 0.001),
		      "no significant difference"), "%s",
	      task_compare_verdict(&c, 0.001));
	/* The other way round, the rule is better. */
	task_compare(drug2, drug1, 10, &c);
	CHECK(!strcmp(task_compare_verdict(&c, 0.01), "the rule is better"),
	      "%s", task_compare_verdict(&c, 0.01));
	CHECK(c.wins == 9 && near(c.t_paired, 4.0621, 5e-5), "%d", c.wins);
	/* Too few pairs for any verdict. */
	task_compare(drug2, drug1, 3, &c);
	CHECK(!strcmp(task_compare_verdict(&c, 0.05),
		      "too few experiments to conclude"), "%s",
	      task_compare_verdict(&c, 0.05));

	/* A blown-up rule: statistics undefined, not numbers. */
	double bad[10];
	memcpy(bad, drug1, sizeof bad);
	bad[4] = -INFINITY;
	task_compare(bad, drug2, 10, &c);
	CHECK(c.nonfinite == 1 && isnan(c.t_paired) && isnan(c.p_paired) &&
	      isnan(c.diff_mean) && isnan(c.p_welch), "%g", c.t_paired);
	CHECK(!strncmp(task_compare_verdict(&c, 0.05), "undefined", 9), "%s",
	      task_compare_verdict(&c, 0.05));
	task_summarize(bad, 10, NAN, &s);
	CHECK(s.nonfinite == 1 && isnan(s.mean) && isnan(s.sd) &&
	      isnan(s.median), "%g", s.mean);

	/* Summary: drug 2 sorted is -0.1 0.1 0.8 1.1 1.6 1.9 3.4 4.4 4.6 5.5;
	 * its SD 2.0022487 as statistics.stdev computes it. */
	task_summarize(drug2, 10, 1.0, &s);
	CHECK(near(s.mean, 2.33, 1e-12), "%.17g", s.mean);
	CHECK(near(s.sd, 2.0022487, 5e-8), "%.8f", s.sd);
	CHECK(near(s.median, 1.75, 1e-12) && s.min == -0.1 && s.max == 5.5,
	      "%g %g %g", s.median, s.min, s.max);
	CHECK(near(s.below, 0.3, 1e-12), "%g", s.below);
	task_summarize(drug2, 9, NAN, &s);
	CHECK(near(s.median, 1.6, 1e-12) && isnan(s.below), "%g", s.median);
	return check_done("test_compare");
}
