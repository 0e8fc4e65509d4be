/*
 * test_failure.c - explained failures: a rule that blows up says which
 * experiment, which trial or time, and which quantity went non-finite
 * (task_failure), in every family; the statistics over such values are
 * undefined and say so (task_stat_text), never "-inf +- 0" or "nan".
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"

extern const task_family task_error, task_reward, task_correlation;

/* The failure of experiment k, with its text (one that matches no
 * check when there is none). */
static const task_failure *failure(const task_result *r, int k, char *text,
				   size_t n)
{
	static const task_failure none = { .experiment = -2 };

	CHECK(r->failures != NULL && k < r->n, "no failures recorded");
	text[0] = '\0';
	if (!r->failures || k >= r->n)
		return &none;
	task_failure_text(&r->failures[k], text, n);
	return &r->failures[k];
}

/* What every blown-up result shares: fitness -inf, mean and SD NaN,
 * a failure exactly where a value is not finite. */
static void blown(const task_result *r, int nonfinite, int first)
{
	for (int k = 0; r->failures && k < r->n; k++)
		CHECK((r->failures[k].experiment == k) ==
		      !isfinite(r->values[k]) && (r->failures[k].experiment ==
		      k || r->failures[k].experiment == -1), "experiment %d: "
		      "value %g, failure of %d", k, r->values[k],
		      r->failures[k].experiment);
	CHECK(r->fitness == -INFINITY, "fitness %g", r->fitness);
	CHECK(isnan(r->mean) && isnan(r->sd), "mean %g, SD %g", r->mean,
	      r->sd);
	CHECK(r->nonfinite == nonfinite, "%d non-finite", r->nonfinite);
	CHECK(r->first_nonfinite == first, "first %d", r->first_nonfinite);
	CHECK(task_result_failure(r) == (r->failures && first >= 0 ?
	      &r->failures[first] : NULL), "task_result_failure");
}

static void error_family(void)
{
	const char *sets[] = { "experiments", "3", "T", "2000", "h", "0.1",
			       NULL };
	char text[256];
	/* The rule itself: exp(exp(100 s)) overflows once s > 0.07. */
	task_result r = taskrun(&task_error,
				(const char *[]){ "exp(exp(s*100))" }, sets, 1,
				1, NULL, NULL);
	blown(&r, 3, 0);
	for (int k = 0; k < r.n; k++) {
		const task_failure *f = failure(&r, k, text, sizeof text);
		CHECK(f->experiment == k, "experiment %d", k);
		CHECK(f->trial == -1, "no trials in the error task");
		CHECK(f->t_ms > 0 && f->t_ms <= 2000, "t %g", f->t_ms);
		CHECK(!strcmp(f->quantity, "formula"), "%s", f->quantity);
		CHECK(f->value == INFINITY, "value %g", f->value);
		CHECK(strstr(text, "the rule's value for w_") &&
		      strstr(text, "became inf"), "%s", text);
	}
	CHECK(!strncmp(text, "experiment 2 (t = ", 18), "%s", text);
	task_result_free(&r);

	/* A weight: the rule stays finite, eta times it does not. */
	const char *big[] = { "experiments", "2", "T", "2000", "h", "0.1",
			      "eta", "1e6", NULL };
	r = taskrun(&task_error, (const char *[]){ "1e307*s" }, big, 1, 1,
		    NULL, NULL);
	blown(&r, 2, 0);
	const task_failure *f = failure(&r, 1, text, sizeof text);
	CHECK(!strncmp(f->quantity, "w_", 2), "%s", f->quantity);
	CHECK(!strncmp(f->what, "weight w_", 9), "%s", f->what);
	CHECK(isinf(f->value), "%g", f->value);
	CHECK(strstr(text, ": weight w_") && strstr(text, " became "), "%s",
	      text);
	task_result_free(&r);
}

static void reward_family(void)
{
	const char *sets[] = { "experiments", "4", "trials", "50", "h", "0.1",
			       NULL };
	char text[256];
	task_result r = taskrun(&task_reward,
				(const char *[]){ "exp(exp(E*1000))" }, sets,
				1, 1, NULL, NULL);
	blown(&r, 4, 0);
	const task_failure *f = failure(&r, 0, text, sizeof text);
	CHECK(f->experiment == 0 && f->trial >= 0 && f->trial < 50,
	      "trial %d", f->trial);
	/* The update comes at the trial's end: (trial + 1) T. */
	CHECK(f->t_ms == (f->trial + 1) * 500.0, "t %g", f->t_ms);
	CHECK(!strcmp(f->quantity, "formula"), "%s", f->quantity);
	CHECK(!strncmp(text, "experiment 0, trial ", 20) &&
	      strstr(text, "ms): the rule's value for w_") &&
	      strstr(text, "became inf"), "%s", text);
	task_result_free(&r);

	/* A weight that overflows in some experiments only: the others
	 * have no failure. */
	r = taskrun(&task_reward, (const char *[]){ "E*1e306" }, sets, 2, 1,
		    NULL, NULL);
	int bad = 0, first = -1;
	for (int k = 0; k < r.n; k++) {
		f = failure(&r, k, text, sizeof text);
		if (isfinite(r.values[k])) {
			CHECK(f->experiment == -1 && !text[0],
			      "experiment %d ran: %s", k, text);
			continue;
		}
		if (bad++ == 0)
			first = k;
		CHECK(f->experiment == k && !strncmp(f->quantity, "w_", 2)
		      && f->value == INFINITY, "experiment %d: %s", k, text);
	}
	CHECK(bad > 0 && bad < r.n, "%d of %d blew up", bad, r.n);
	blown(&r, bad, first);
	task_result_free(&r);
}

static void correlation_family(void)
{
	const char *stop[] = { "experiments", "2", "T", "2000", "T_free",
			       "1000", "nonfinite", "stop", NULL };
	const char *clip[] = { "experiments", "2", "T", "2000", "T_free",
			       "1000", NULL };
	char text[256];
	/* Facilitation comes with output spikes: an experiment without
	 * one in training does not blow up. */
	task_result r = taskrun(&task_correlation,
				(const char *[]){ "exp(exp(k*1000))", "0" },
				stop, 1, 1, NULL, NULL);
	blown(&r, r.nonfinite, 0);
	CHECK(r.nonfinite >= 1, "%d", r.nonfinite);
	const task_failure *f = failure(&r, 0, text, sizeof text);
	CHECK(f->experiment == 0 && f->trial == -1, "trial %d",
	      f->trial);
	CHECK(f->t_ms > 0 && f->t_ms <= 2000, "t %g", f->t_ms);
	CHECK(!strcmp(f->quantity, "facilitate"), "%s", f->quantity);
	CHECK(strstr(text, "facilitate's value for w_") &&
	      strstr(text, "became inf"), "%s", text);
	task_result_free(&r);

	/* The clip lets inf through to 1, not -inf: the weight. */
	r = taskrun(&task_correlation,
		    (const char *[]){ "-exp(exp(k*1000))", "0" }, clip, 1, 1,
		    NULL, NULL);
	blown(&r, r.nonfinite, 0);
	f = failure(&r, 0, text, sizeof text);
	CHECK(!strncmp(f->quantity, "w_", 2) && f->value == -INFINITY,
	      "%s", text);
	CHECK(strstr(text, ": weight w_") && strstr(text, "became -inf"),
	      "%s", text);
	task_result_free(&r);

	/* depress */
	r = taskrun(&task_correlation,
		    (const char *[]){ "0", "exp(exp(w*1000))" }, stop, 1, 1,
		    NULL, NULL);
	blown(&r, r.nonfinite, 0);
	f = failure(&r, 0, text, sizeof text);
	CHECK(!strcmp(f->quantity, "depress"), "%s", text);
	task_result_free(&r);
}

/* Seeded: the same failure however many threads ran the experiments. */
static void deterministic(void)
{
	const char *sets[] = { "experiments", "4", "T", "2000", "h", "0.1",
			       NULL };
	task_result a = taskrun(&task_error,
				(const char *[]){ "exp(exp(s*100))" }, sets, 1,
				5, NULL, NULL);
	task_result b = taskrun(&task_error,
				(const char *[]){ "exp(exp(s*100))" }, sets, 2,
				5, NULL, NULL);
	CHECK(a.failures && b.failures && !memcmp(a.failures, b.failures,
	      (size_t)a.n * sizeof *a.failures), "threads change failures");
	task_result_free(&a);
	task_result_free(&b);
}

static void texts(void)
{
	char buf[128];
	task_failure f = { .experiment = -1, .trial = -1, .t_ms = NAN };

	task_fail(&f, 12, 6500, "w_7", INFINITY, "weight %s", "w_7");
	task_fail(&f, 13, 7000, "u", NAN, "membrane potential u");
	f.experiment = 3;
	task_failure_text(&f, buf, sizeof buf);
	CHECK(!strcmp(buf, "experiment 3, trial 12 (t = 6500 ms): weight w_7 "
		      "became inf"), "the first failure stays: %s", buf);
	f = (task_failure){ .experiment = 0, .trial = -1, .t_ms = NAN };
	task_fail(&f, -1, NAN, "SNR", NAN, "the fitness (SNR)");
	task_failure_text(&f, buf, sizeof buf);
	CHECK(!strcmp(buf, "experiment 0: the fitness (SNR) became nan"),
	      "%s", buf);
	task_fail(NULL, 0, 0, "x", 0, "nothing");
	task_failure_text(NULL, buf, sizeof buf);
	CHECK(!buf[0], "no failure, no text: %s", buf);

	task_stat_text(1.5, "%.4g", 0, -1, buf, sizeof buf);
	CHECK(!strcmp(buf, "1.5"), "%s", buf);
	task_stat_text(NAN, "%.4g", 1, 3, buf, sizeof buf);
	CHECK(!strcmp(buf, "undefined (experiment 3 blew up)"), "%s", buf);
	task_stat_text(-INFINITY, "%.4g", 4, 2, buf, sizeof buf);
	CHECK(!strcmp(buf, "undefined (4 experiments blew up, the first "
		      "experiment 2)"), "%s", buf);
	task_stat_text(NAN, "%.4g", 0, -1, buf, sizeof buf);
	CHECK(!strcmp(buf, "undefined"), "%s", buf);

	task_summary s;
	task_summarize((const double[]){ 1, 2, -INFINITY, NAN }, 4, NAN, &s);
	CHECK(s.nonfinite == 2 && s.first_nonfinite == 2, "%d %d",
	      s.nonfinite, s.first_nonfinite);
	task_comparison c;
	task_compare((const double[]){ 1, 2, 3 },
		     (const double[]){ 1, NAN, 3 }, 3, &c);
	CHECK(c.nonfinite == 1 && c.first_nonfinite == 1, "%d %d",
	      c.nonfinite, c.first_nonfinite);
}

int main(void)
{
	texts();
	error_family();
	reward_family();
	correlation_family();
	deterministic();
	return check_done("test_failure");
}
