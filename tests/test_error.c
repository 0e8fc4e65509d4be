/*
 * test_error.c - the error-driven task on the paper's own experiments.
 *
 * The paper reports, for its 15 validation experiments (numpy seeds
 * 817818273 + k), the error of Eq. 7, (v - u) s: mean -14.59 (SD 3.77),
 * and per experiment values, the first five of which are checked here.
 * e2l rebuilds those experiments from the seeds (np_error.c) and must give
 * them within 2 %.  The paper's evolution histories add reference points
 * on its evolution set (seeds 1235 + k).  The quick preset must keep the
 * paper's ordering: 2 (v - u) s beats (v - u) s, as on the full task.
 * Also the construction itself: draws in the code's order, spikes on the
 * grid, and the run's seed with no say over the paper's experiments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/sim.h"
#include "e2l/task.h"

/* A shipped task file with a rule, on seed 1, two threads. */
static task_result run_file(const char *task, const char *formula,
			    uint64_t seed)
{
	char path[4096];
	task_config cfg;
	task_rule rule;
	task_result res = { 0 };
	e2l_error err = { 0 };
	task_options o = { .seed = seed, .threads = 2 };
	const char *texts[] = { formula };

	snprintf(path, sizeof path, "%s/tasks/%s.task", E2L_SRCDIR, task);
	if (task_config_load(path, &cfg, &err) != E2L_OK) {
		CHECK(0, "%s", err.msg);
		return res;
	}
	if (task_rule_parse(&rule, cfg.family, texts, NULL, &err) != E2L_OK) {
		CHECK(0, "%s: %s", formula, err.msg);
	} else {
		if (task_evaluate(&cfg, &rule, &o, &res, &err) != E2L_OK)
			CHECK(0, "%s %s: %s", task, formula, err.msg);
		task_rule_free(&rule);
	}
	task_config_free(&cfg);
	return res;
}

static double rel(double got, double want)
{
	return fabs(got / want - 1);
}

static void print_values(const char *what, const task_result *r)
{
	printf("%-34s mean %9.4f:", what, r->mean);
	for (int k = 0; k < r->n; k++)
		printf(" %.4f", r->values[k]);
	putchar('\n');
}

/* The must-show: Eq. 7 on the paper's validation experiments. */
static void test_validation(void)
{
	static const double paper[5] = {
		-12.2543, -6.4806, -18.8954, -21.3363, -13.9881
	};
	task_result r = run_file("error-validation", "(v - u)*s", 1);

	print_values("validation (v - u)s", &r);
	CHECK(r.n == 15, "%d experiments", r.n);
	for (int k = 0; k < 5 && k < r.n; k++)
		CHECK(rel(r.values[k], paper[k]) < 0.02, "experiment %d: %.4f, "
		      "the paper %.4f (%.2f %%)", k, r.values[k], paper[k],
		      100 * (r.values[k] / paper[k] - 1));
	CHECK(rel(r.mean, -14.59) < 0.02, "mean %.4f, the paper -14.59",
	      r.mean);
	/* The paper's SD is numpy's, over n. */
	double sd_n = r.sd * sqrt((r.n - 1.0) / r.n);
	CHECK(fabs(sd_n - 3.77) < 0.3, "SD over n %.3f, the paper 3.77", sd_n);
	/* The run's seed has no say. */
	task_result again = run_file("error-validation", "(v - u)*s", 99);
	CHECK(again.n == r.n && !memcmp(again.values, r.values,
					(size_t)r.n * sizeof *r.values),
	      "seed 99 gives other experiments");
	task_result_free(&again);
	task_result_free(&r);

	r = run_file("error-validation", "2*(v - u)*s", 1);
	print_values("validation 2(v - u)s", &r);
	CHECK(rel(r.mean, -11.46) < 0.02, "mean %.4f, the paper -11.46",
	      r.mean);
	task_result_free(&r);
	r = run_file("error-validation", "0", 1);
	print_values("validation none", &r);
	task_result_free(&r);
}

/*
 * The evolution set, against the fitness the paper's evolutions recorded
 * (its res_*.pkl): these need the random sign of the teacher's shift
 * (-240 for no plasticity with the published +15) and NEST's 1 ms weight
 * lag (2 (v - u) s scores -12.7 without it).
 */
static void test_evolution(void)
{
	task_result r = run_file("error-paper", "(v - u)*s", 1);
	print_values("evolution (v - u)s", &r);
	CHECK(rel(r.mean, -14.735) < 0.02, "mean %.4f, run 5 -14.735", r.mean);
	task_result_free(&r);
	r = run_file("error-paper", "2*(v - u)*s", 1);
	print_values("evolution 2(v - u)s", &r);
	CHECK(rel(r.mean, -13.444) < 0.02, "mean %.4f, run 4 -13.444", r.mean);
	task_result_free(&r);
	r = run_file("error-paper", "0", 1);
	print_values("evolution none", &r);
	CHECK(rel(r.mean, -301.6) < 0.02, "mean %.4f, the histories -301.6",
	      r.mean);
	task_result_free(&r);
}

/* The paper's ordering on the quick preset, as on the full task, on the
 * default seed. */
static void test_quick_order(void)
{
	const char *tasks[] = { "error-quick", "error" };

	for (int i = 0; i < 2; i++) {
		task_result eq7 = run_file(tasks[i], "(v - u)*s", 1);
		task_result x2 = run_file(tasks[i], "2*(v - u)*s", 1);
		task_result none = run_file(tasks[i], "0", 1);
		printf("%-12s (v - u)s %.3f  2(v - u)s %.3f  none %.3f\n",
		       tasks[i], eq7.mean, x2.mean, none.mean);
		CHECK(x2.mean > eq7.mean && eq7.mean > none.mean,
		      "%s: 2(v - u)s %.3f, (v - u)s %.3f, none %.3f", tasks[i],
		      x2.mean, eq7.mean, none.mean);
		task_result_free(&eq7);
		task_result_free(&x2);
		task_result_free(&none);
	}
}

/*
 * The construction: the code draws the rates first, then each input's
 * count and times, then one number for the shift's sign, then the
 * teacher weights.  The rates and the first count are checked against
 * the stream directly; the rest through what they imply.  The spike
 * counts of validation experiment 0 are pinned from this implementation
 * (the paper's errors above are what shows it right; the pin catches a
 * draw moved later).
 */
static void test_construction(void)
{
	const np_error_spec s = { 5, 150, 850, 10000, 0.01, -20, 20, 15, 0 };
	static const int pinned[5] = { 5491, 4027, 4345, 5331, 5435 };
	double rate[5], w[5], rate2[5], w2[5];
	sim_events ev = { 0 }, ev2 = { 0 };
	np_rng r;

	CHECK(np_error_inputs(&s, 817818273u, rate, w, &ev), "built");
	np_seed(&r, 817818273u);
	for (int j = 0; j < 5; j++)
		CHECK(rate[j] == np_uniform(&r, 150, 850), "rate %d", j);
	int64_t count0 = np_poisson(&r, 10000 * 1e-3 * rate[0]);

	int count[5] = { 0 }, sorted = 1, ongrid = 1;
	for (size_t i = 0; i < ev.n; i++) {
		int64_t st = sim_event_step(ev.ev[i]);
		count[sim_event_input(ev.ev[i])]++;
		ongrid &= st >= 1 && st < 1000000;
		if (i > 0)
			sorted &= st >= sim_event_step(ev.ev[i - 1]);
	}
	CHECK(count[0] == count0, "input 0: %d spikes, the draw %lld",
	      count[0], (long long)count0);
	for (int j = 0; j < 5; j++)
		CHECK(count[j] == pinned[j], "input %d: %d spikes, pinned %d", j,
		      count[j], pinned[j]);
	CHECK(sorted && ongrid, "steps sorted %d, within (0, T) %d", sorted,
	      ongrid);
	for (int j = 0; j < 5; j++)
		CHECK(w[j] >= -5 && w[j] < 35, "teacher weight %d: %g", j, w[j]);

	/* A random sign takes the same draw: the same trains, the weights
	 * equal or all 30 pA lower. */
	np_error_spec neg = s;
	neg.shift_p = 1;
	CHECK(np_error_inputs(&neg, 817818273u, rate2, w2, &ev2), "built");
	CHECK(ev2.n == ev.n && !memcmp(ev2.ev, ev.ev, ev.n * sizeof *ev.ev),
	      "same trains");
	for (int j = 0; j < 5; j++)
		CHECK(rate2[j] == rate[j] && fabs(w[j] - w2[j] - 30) < 1e-9,
		      "weight %d: %g, negated shift %g", j, w[j], w2[j]);
	sim_events_free(&ev);
	sim_events_free(&ev2);
}

/* Under protocol = paper the experiments are the seeds' alone; e2l's
 * streams follow the run's seed. */
static void test_seed_say(void)
{
	const task_family *f = task_family_find("error");
	const char *texts[] = { "(v - u)*s" };
	const char *paper[] = { "protocol", "paper", "experiments", "2", "T",
				"500", "h", "0.1", NULL };
	const char *own[] = { "experiments", "2", "T", "500", "h", "0.1",
			      NULL };
	task_result a = taskrun(f, texts, paper, 1, 1, NULL, NULL);
	task_result b = taskrun(f, texts, paper, 1, 2, NULL, NULL);
	task_result c = taskrun(f, texts, own, 1, 1, NULL, NULL);
	task_result d = taskrun(f, texts, own, 1, 2, NULL, NULL);

	CHECK(a.n == 2 && b.n == 2 && a.values[0] == b.values[0] &&
	      a.values[1] == b.values[1], "paper: seed 1 %g, seed 2 %g",
	      a.mean, b.mean);
	CHECK(c.n == 2 && d.n == 2 && c.values[0] != d.values[0],
	      "e2l: seed 1 %g, seed 2 %g", c.mean, d.mean);
	task_result_free(&a);
	task_result_free(&b);
	task_result_free(&c);
	task_result_free(&d);
}

int main(void)
{
	test_construction();
	test_seed_say();
	test_validation();
	test_evolution();
	test_quick_order();
	return check_done("test_error");
}
