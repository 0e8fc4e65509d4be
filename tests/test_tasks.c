/*
 * test_tasks.c - the task families at reduced scale, with assertions a
 * broken model would fail: the error-driven task separates a learning
 * rule from no plasticity; results do not depend on the number of
 * threads; a coarser time step moves the fitness by much less than the
 * spread between experiments; a rule that blows up scores -inf.  Also
 * the families' constraints between parameters (every entry of every
 * table refuses what it should, with its message), and every task and
 * rule file shipped in tasks/ and rules/ loads.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

	/* Non-finite rule output: -inf, not NaN, not a crash.  (1/(s - s)
	 * is refused when the rule is parsed; 1/s is infinite where the
	 * trace s is 0.) */
	const char *tiny[] = { "experiments", "2", "T", "200", "h", "0.1",
			       NULL };
	task_result bad = run("error", "1/s", tiny, 1, 1);
	CHECK(bad.n == 2 && bad.fitness == -INFINITY, "fitness %g",
	      bad.fitness);
	task_result_free(&bad);
	task_result_free(&learn);
	task_result_free(&none);
}

/* Every file dir/NAME*ext of the source tree through load; the number
 * loaded, or -1 when the folder cannot be read. */
static int load_all(const char *dir, const char *ext, int task)
{
	char path[4096];
	struct dirent *d;
	DIR *D;
	int n = 0;

	snprintf(path, sizeof path, "%s/%s", E2L_SRCDIR, dir);
	if (!(D = opendir(path)))
		return -1;
	while ((d = readdir(D))) {
		size_t len = strlen(d->d_name), e = strlen(ext);
		e2l_error err = { 0 };
		e2l_status st;
		if (len <= e || strcmp(d->d_name + len - e, ext))
			continue;
		snprintf(path, sizeof path, "%s/%s/%s", E2L_SRCDIR, dir,
			 d->d_name);
		if (task) {
			task_config c;
			st = task_config_load(path, &c, &err);
			if (st == E2L_OK) {
				CHECK(task_config_check(&c, &err) == E2L_OK,
				      "%s: %s", path, err.msg);
				task_config_free(&c);
			}
		} else {
			task_rule r;
			st = task_rule_load(path, &r, &err);
			if (st == E2L_OK)
				task_rule_free(&r);
		}
		CHECK(st == E2L_OK, "%s: %s", path, err.msg);
		n++;
	}
	closedir(D);
	return n;
}

static void test_shipped(void)
{
	int ntasks = load_all("tasks", ".task", 1);
	int nrules = load_all("rules", ".rule", 0);

	/* At least those Makefile.am installs today: a folder that is
	 * missing or unreadable must fail, not pass with nothing loaded. */
	CHECK(ntasks >= 6, "%d task files in tasks/", ntasks);
	CHECK(nrules >= 17, "%d rule files in rules/", nrules);
	for (int i = 0; task_families[i]; i++) {
		task_config c;
		e2l_error err = { 0 };
		task_config_default(&c, task_families[i]);
		CHECK(task_config_check(&c, &err) == E2L_OK, "%s defaults: %s",
		      task_families[i]->name, err.msg);
		task_config_free(&c);
	}
}

/*
 * One configuration per constraint of each real family (k: its index in
 * the family's table), the parameters that break it, and the message.
 * Every index of every table must appear, so a new constraint without a
 * case here fails the test.
 */
static const struct {
	const char *family;
	int k;
	const char *sets[11];
	const char *msg;
} broken[] = {
	/* The cases first. */
	{ "error", 3, { "sample", "1000000" },
	  "sample = 1e+06 ms is longer than T = 10000 ms: no membrane "
	  "potentials would be compared (sample must be at most T)" },
	{ "error", 4, { "delay", "1000", "T", "10" },
	  "delay = 1000 ms: no input reaches the neurons before the last "
	  "sample at 10 ms, so every rule would score 0 (delay must be at most "
	  "9.97 ms, or T longer)" },
	{ "error", 0, { "rate_min", "900" },
	  "rate_min = 900 Hz is above rate_max = 850 Hz: rate_min must be at "
	  "most rate_max (input rates are uniform in [rate_min, rate_max])" },
	{ "error", 1, { "teacher_w_min", "30" },
	  "teacher_w_min = 30 pA is above teacher_w_max = 20 pA: "
	  "teacher_w_min must be at most teacher_w_max (teacher weights are "
	  "uniform in [min, max])" },
	{ "error", 2, { "sample", "0.001" },
	  "sample = 0.001 ms is below h = 0.01 ms: sample must be at least h "
	  "(potentials are compared at most once a step)" },
	{ "error", 3, { "sample", "3", "T", "4", "skip", "0.99", "h", "1",
			"delay", "0" },
	  NULL },       /* 1 sample, 0 skipped: fine */
	{ "error", 4, { "sample", "1", "T", "2", "h", "1", "delay", "0" },
	  "T = 2 ms is too short: no input can reach the neurons before the "
	  "last sample at 2 ms, so every rule would score 0 (T must be at "
	  "least 3 ms)" },
	{ "error", 4, { "delay", "20", "T", "30", "h", "1", "sample", "1" },
	  NULL },       /* the last sample 3 steps after the arrival */
	{ "error", 4, { "delay", "20", "T", "22", "h", "1", "sample", "1" },
	  "delay = 20 ms: no input reaches the neurons before the last sample "
	  "at 22 ms, so every rule would score 0 (delay must be at most 19 ms, "
	  "or T longer)" },
	{ "error", 5, { "rate_min", "0", "rate_max", "0" },
	  "rate_max = 0 Hz: the inputs never spike, so every rule would score "
	  "0 (rate_max must be above 0)" },
	{ "error", 5, { "inputs", "10000", "rate_max", "10000", "T", "1e7" },
	  "inputs = 10000 at up to rate_max = 10000 Hz over T = 1e+07 ms make "
	  "up to 1e+12 input spikes, more than the 1e+08 an experiment holds "
	  "(lower one of them)" },
	{ "error", 6, { "weight_slice", "3" },
	  "weight_slice = 3 ms is above delay = 2 ms: weight_slice must be at "
	  "most delay (the relay fires one slice before its spike arrives)" },
	{ "error", 7, { "weight_slice", "0.004" },
	  "weight_slice = 0.004 ms is shorter than h = 0.01 ms: a slice must "
	  "hold a step (weight_slice must be 0 or at least h)" },
	{ "error", 7, { "weight_slice", "0.01" }, NULL },
	{ "error", 8, { "protocol", "paper", "paper_seed", "4294967290" },
	  "paper_seed = 4294967290 with experiments = 15 runs past numpy's "
	  "largest seed 4294967295 (paper_seed must be at most 4294967281)" },
	/* e2l's own streams do not read paper_seed. */
	{ "error", 8, { "paper_seed", "4294967290" }, NULL },

	{ "reward", 0, { "delay", "500" },
	  "delay = 500 ms is not below T = 500 ms: delay must be less than T "
	  "(no input would arrive within a trial)" },
	{ "reward", 1, { "tau_s", "10" },
	  "tau_s = 10 ms is equal to tau_m = 10 ms: they must differ by more "
	  "than a millionth (the potential's closed form divides by their "
	  "difference)" },
	{ "reward", 2, { "h", "0.0001", "T", "1e6" },
	  "T = 1e+06 ms is 1e+10 steps of h = 0.0001 ms, more than 1e+09: T "
	  "must be at most 100000 ms" },
	{ "reward", 3, { "tau_M", "0.5" },
	  "tau_M = 0.5 ms is too short against tau_m = 10 ms over T = 500 ms: "
	  "the eligibility trace would overflow (tau_M must be at least 0.769 "
	  "ms, or T shorter)" },
	{ "reward", 3, { "tau_M", "0.77" }, NULL },
	{ "reward", 4, { "patterns", "100000", "inputs", "10000" },
	  "patterns = 100000 of inputs = 10000 at rate = 6 Hz over T = 500 ms "
	  "make about 3e+09 input spikes, more than the 1e+08 an experiment "
	  "holds (lower one of them)" },
	/* No input at all is a baseline, not an error. */
	{ "reward", 4, { "rate", "0", "connection_p", "0" }, NULL },

	{ "correlation", 0, { "delay", "0.05" },
	  "delay = 0.05 ms is below h = 0.1 ms: delay must be at least h (a "
	  "spike arrives one step after it is sent at the earliest)" },
	{ "correlation", 1, { "pattern", "0.1", "h", "0.5" },
	  "pattern = 0.1 ms is below h = 0.5 ms: pattern must be at least h (a "
	  "pattern window must hold a step)" },
	{ "correlation", 2, { "reset", "20" },
	  "reset = 20 mV is not below threshold = 20 mV: reset must be less "
	  "than threshold (as NEST's iaf_psc_delta: at or above threshold a "
	  "neuron can fire every step)" },
	{ "correlation", 3, { "delay", "999", "T_free", "1000" },
	  "hop + delay = 1000 ms is not below T_free = 1000 ms: no input "
	  "would arrive in the free run, whatever the rule (hop + delay must "
	  "be less than T_free)" },
	{ "correlation", 3, { "delay", "999", "T_free", "1000", "hop", "0" },
	  NULL },
	{ "correlation", 4, { "T", "1e7", "h", "0.001" },
	  "T = 1e+07 ms is 1e+10 steps of h = 0.001 ms, more than 1e+09: T "
	  "must be at most 1e+06 ms" },
	{ "correlation", 5, { "T_free", "1e7", "T", "1000", "h", "0.001" },
	  "T_free = 1e+07 ms is 1e+10 steps of h = 0.001 ms, more than 1e+09: "
	  "T_free must be at most 1e+06 ms" },
	{ "correlation", 6, { "rate", "2" },
	  "rate = 2 Hz is too low for inter = 400 ms: the pattern's own spikes "
	  "would exceed it, and no thinning of the background makes up for "
	  "them (rate must be above 1000/inter = 2.5 Hz)" },
	{ "correlation", 7, { "T_free", "300" },
	  "T_free = 300 ms ends before the first pattern window at 400.1 ms: "
	  "the free run would measure no SNR (T_free must be longer than "
	  "400.1 ms)" },
	{ "correlation", 7, { "T_free", "400.05", "windows", "end" }, NULL },
	{ "correlation", 7, { "inter", "1.5", "h", "1", "rate", "1000" },
	  "inter = 1.5 ms holds fewer than two steps of h = 1 ms: the SNR "
	  "needs the potential between patterns (inter must be longer than 2 "
	  "ms)" },
	{ "correlation", 8, { "inputs", "100000", "rate", "1000" },
	  "inputs = 100000 at rate = 1000 Hz over T = 100000 ms make about "
	  "1e+10 input spikes, more than the 1e+08 an experiment holds (lower "
	  "one of them)" },
	/* Training that never sees the pattern is a baseline, except where
	 * the SNR windows are those the training showed (main.py). */
	{ "correlation", 9, { "T", "100" },
	  "T = 100 ms ends before the first pattern at 400.1 ms: with "
	  "protocol = paper and windows = onset the SNR is measured where the "
	  "training showed the pattern, and there is none (T must be longer "
	  "than 400.1 ms, or set windows = end)" },
	{ "correlation", 9, { "T", "100", "windows", "end" }, NULL },
	{ "correlation", 9, { "T", "100", "protocol", "e2l" }, NULL },
};

static void test_constraints(void)
{
	int seen[8][32] = { { 0 } };

	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		const task_family *f = task_family_find(broken[i].family);
		task_config c;
		e2l_error err = { 0 };
		e2l_status st = E2L_OK;
		int fi = 0;

		while (task_families[fi] != f)
			fi++;
		seen[fi][broken[i].k] = 1;
		task_config_default(&c, f);
		for (const char *const *kv = broken[i].sets;
		     *kv && st == E2L_OK; kv += 2)
			st = task_config_put(&c, kv[0], kv[1], &err);
		CHECK(st == E2L_OK, "case %zu: %s", i, err.msg);
		st = task_config_check(&c, &err);
		if (!broken[i].msg) {
			CHECK(st == E2L_OK, "case %zu: %s", i, err.msg);
		} else {
			CHECK(st == E2L_EINVALID && !strcmp(err.msg,
							    broken[i].msg),
			      "case %zu (%s):\n  got  '%s'\n  want '%s'", i,
			      f->name, err.msg, broken[i].msg);
		}
		task_config_free(&c);
	}
	for (int fi = 0; task_families[fi]; fi++)
		for (int k = 0; k < task_families[fi]->nconstraints; k++)
			CHECK(seen[fi][k], "%s: constraint %d has no case",
			      task_families[fi]->name, k);
}

/* The run: an error task that compares nothing scored a perfect
 * 0 and stopped an evolution at generation 0.  Set one at a time, the
 * change is refused and nothing changes; built anyhow, it is not run. */
static void test_nothing_measured(void)
{
	const task_family *f = task_family_find("error");
	const char *texts[] = { "(v - u)*s" };
	task_options o = { .seed = 1, .threads = 1 };
	task_config c;
	task_rule rule;
	task_result res;
	e2l_error err = { 0 };
	e2l_status st;

	task_config_default(&c, f);
	st = task_config_set(&c, "sample", "1000000", &err);
	CHECK(st == E2L_EINVALID && task_get(&c, "sample") == 1,
	      "set sample: %d '%s'", st, err.msg);
	CHECK(task_config_set(&c, "delay", "1000", &err) == E2L_OK, "delay");
	st = task_config_set(&c, "T", "10", &err);
	CHECK(st == E2L_EINVALID && task_get(&c, "T") == 10000,
	      "set T: %d '%s'", st, err.msg);
	st = task_config_set(&c, "eta", "1e-999999999", &err);
	CHECK(st == E2L_EINVALID && task_get(&c, "eta") == 1.7,
	      "eta underflow: %d '%s'", st, err.msg);
	task_config_put(&c, "T", "10", &err);
	task_config_put(&c, "experiments", "2", &err);
	CHECK(task_rule_parse(&rule, f, texts, NULL, &err) == E2L_OK, "rule");
	st = task_evaluate(&c, &rule, &o, &res, &err);
	CHECK(st == E2L_EINVALID && res.n == 0 && strstr(err.msg, "delay = "
							 "1000 ms"),
	      "evaluate: %d (fitness %g) '%s'", st, res.fitness, err.msg);
	task_rule_free(&rule);
	task_config_free(&c);
}

/* In a task file, the error names the file and the line. */
static void test_file_place(void)
{
	char dir[] = "/tmp/e2l-test-tasks-XXXXXX", path[64];
	task_config c;
	e2l_error err = { 0 };
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/x.task", dir);
	f = fopen(path, "w");
	fputs("family = error\nT = 10   # ms\ndelay = 1000\nh = 0.1\n", f);
	fclose(f);
	CHECK(task_config_load(path, &c, &err) == E2L_EINVALID && err.line == 4,
	      "%d '%s'", err.line, err.msg);
	char want[300];
	snprintf(want, sizeof want, "%s:4: delay = 1000 ms: no input reaches "
		 "the neurons before the last sample at 10 ms, so every rule "
		 "would score 0 (delay must be at most 9.7 ms, or T longer)",
		 path);
	CHECK(!strcmp(err.msg, want), "\n  got  '%s'\n  want '%s'", err.msg,
	      want);
	remove(path);
	rmdir(dir);
}

int main(void)
{
	test_shipped();
	test_constraints();
	test_nothing_measured();
	test_file_place();
	test_error_task();
	return check_done("test_tasks");
}
