/*
 * bench_tasks.c - seconds per full fitness evaluation of each task at the
 * paper's scale, on one thread and on all cores, beside
 *  - the last round's figure (the same evaluation at the commit named in
 *    LAST_ROUND, on the machine named there), so that a regression
 *    shows as now/last above 1 (on a loaded machine, compare two builds
 *    in turns instead: bench/bench_vs, which `make bench
 *    E2L_BASELINE=OLD-E2L` runs);
 *  - the same task loop with the rule written by hand in C (the ceiling:
 *    what the loop costs with a free rule).
 * Synapse-steps per second put tasks of different sizes on one scale.
 * Then the rule semantics at the task level: the correlation task's LR2,
 * whose power (w k)^w meets weights below 0, under real and under nest
 * (the paper's, its default): nest should cost at most 1.5 times real.
 * Nothing here asserts a time; the figures are for people.
 *
 * Usage: bench_tasks [--quick]   (--quick: 2 experiments each)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "e2l/task.h"

/* (v - u)*s, as one would write it, with the finite check the task
 * needs. */
static int native_eq7(const prog_arg *a, size_t n, double *out)
{
	const double *v = a[0].v, *u = a[1].v, *s = a[2].v;
	double acc = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = (v[i] - u[i]) * s[i];
		acc += out[i] * 0.0;
	}
	return acc == 0.0;
}

/* (R - 1)*E in the reward task: R per trial, E per synapse. */
static int native_lr0(const prog_arg *a, size_t n, double *out)
{
	const double R = a[0].v[0], *E = a[1].v;
	double acc = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = (R - 1.0) * E[i];
		acc += out[i] * 0.0;
	}
	return acc == 0.0;
}

/* The correlation task's LR1: facilitate k - w, depress w k - w - k;
 * w and k are vectors or single values depending on the call. */
static int native_lr1_fac(const prog_arg *a, size_t n, double *out)
{
	double acc = 0;
	for (size_t i = 0; i < n; i++) {
		double w = a[0].v[a[0].vector ? i : 0];
		double k = a[1].v[a[1].vector ? i : 0];
		out[i] = k - w;
		acc += out[i] * 0.0;
	}
	return acc == 0.0;
}

static int native_lr1_dep(const prog_arg *a, size_t n, double *out)
{
	double acc = 0;
	for (size_t i = 0; i < n; i++) {
		double w = a[0].v[a[0].vector ? i : 0];
		double k = a[1].v[a[1].vector ? i : 0];
		out[i] = w * k - w - k;
		acc += out[i] * 0.0;
	}
	return acc == 0.0;
}

/* The commit and machine the last round's figures were measured on
 * (best of three runs of this program, the machine otherwise idle). */
#define LAST_ROUND "commit ce03874 on the project's 2-core build machine"

typedef struct {
	const char *family, *formula[2];
	int (*native[2])(const prog_arg *, size_t, double *);
	double last;              /* seconds per evaluation, one core, at
				   * LAST_ROUND */
} bench;

static const bench benches[] = {
	{ "reward", { "(R - 1)*E" }, { native_lr0 }, 0.704 },
	{ "error", { "(v - u)*s" }, { native_eq7 }, 0.421 },
	{ "correlation", { "k - w", "w*k - w - k" },
	  { native_lr1_fac, native_lr1_dep }, 0.128 },
};

/* The power rule whose semantics matter: the paper's LR2. */
static const char *const lr2[] = { "(w*k)^w - 1", "k/w - w" };

enum { REPEATS = 3 };

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds of one evaluation: on one thread the CPU time it took (other
 * processes on the machine hardly touch it), on more the wall time. */
static double evaluate(const task_config *cfg, task_rule *rule, int threads,
		       double *fitness)
{
	task_options o = { .seed = 1, .threads = threads };
	task_result r;
	e2l_error err;
	double cpu = cpu_seconds();

	if (task_evaluate(cfg, rule, &o, &r, &err) != E2L_OK) {
		fprintf(stderr, "bench_tasks: %s\n", err.msg);
		exit(1);
	}
	double seconds = threads == 1 ? cpu_seconds() - cpu : r.seconds;
	*fitness = r.fitness;
	task_result_free(&r);
	return seconds;
}

static double best_of(const task_config *cfg, task_rule *rule, int threads,
		      double *fitness)
{
	double best = INFINITY;
	for (int rep = 0; rep < REPEATS; rep++) {
		double t = evaluate(cfg, rule, threads, fitness);
		best = t < best ? t : best;
	}
	return best;
}

static void configure(task_config *cfg, const char *family, int quick)
{
	e2l_error err;

	task_config_default(cfg, task_family_find(family));
	if (quick && task_config_set(cfg, "experiments", "2", &err)) {
		fprintf(stderr, "bench_tasks: %s\n", err.msg);
		exit(1);
	}
}

static void parse(task_rule *rule, const task_config *cfg,
		  const char *const *texts)
{
	e2l_error err;

	if (task_rule_parse(rule, cfg->family, texts, NULL, &err)) {
		fprintf(stderr, "bench_tasks: %s\n", err.msg);
		exit(1);
	}
}

static void speeds(int quick, long cores)
{
	printf("Seconds per full fitness evaluation (best of %d), paper scale%s:"
	       "\nCPU seconds on 1 core, wall seconds on all; last: the last "
	       "round's\n(%s);\n", REPEATS,
	       quick ? " (2 experiments)" : "", LAST_ROUND);
	printf("hand C: the rule hand-written in C in the same loop; %ld "
	       "cores.\nnow/last compares with another day's machine: on a "
	       "busy one, time two builds\nin turns (make bench "
	       "E2L_BASELINE=OLD-E2L).\n\n", cores);
	printf("%-12s %-22s %7s %7s %8s %7s %6s %9s %11s\n", "task", "rule",
	       "1 core", "last", "now/last", "hand C", "ratio", "all cores",
	       "syn-steps/s");
	for (size_t i = 0; i < sizeof benches / sizeof *benches; i++) {
		const bench *b = &benches[i];
		task_config cfg;
		task_rule rule;
		double f1, f2, f3;

		configure(&cfg, b->family, quick);
		parse(&rule, &cfg, b->formula);
		double t1 = best_of(&cfg, &rule, 1, &f1);
		double tn = best_of(&cfg, &rule, (int)cores, &f3);
		rule.native[0] = b->native[0];
		rule.native[1] = b->native[1];
		double th = best_of(&cfg, &rule, 1, &f2);
		/* Synapse-steps: what a per-step, per-synapse loop would do. */
		double synsteps = task_get(&cfg, "experiments") *
			task_get(&cfg, "inputs") * task_get(&cfg, "T") /
			task_get(&cfg, "h");
		if (task_param_index(cfg.family, "trials") >= 0)
			synsteps *= task_get(&cfg, "trials");
		char label[64], last[16] = "-", ratio[16] = "-";
		snprintf(label, sizeof label, "%s%s%s", b->formula[0],
			 b->formula[1] ? " | " : "",
			 b->formula[1] ? b->formula[1] : "");
		if (b->last > 0 && !quick) {
			snprintf(last, sizeof last, "%.3f", b->last);
			snprintf(ratio, sizeof ratio, "%.2f", t1 / b->last);
		}
		printf("%-12s %-22.22s %7.3f %7s %8s %7.3f %6.2f %9.3f %11.3g\n",
		       b->family, label, t1, last, ratio, th, t1 / th, tn,
		       synsteps / t1);
		if (fabs(f1 - f2) > 1e-9 * fabs(f1) || f1 != f3)
			printf("  warning: fitness differs: %.17g (compiled), "
			       "%.17g (hand C), %.17g (threads)\n", f1, f2, f3);
		task_rule_free(&rule);
		task_config_free(&cfg);
	}
}

/* LR2 under both semantics, in turns; the paper's is nest. */
static void semantics(int quick)
{
	static const char *const sems[] = { "real", "nest" };
	double t[2] = { INFINITY, INFINITY }, f[2] = { 0, 0 };
	task_config cfg[2];
	task_rule rule[2];
	e2l_error err;

	for (int k = 0; k < 2; k++) {
		configure(&cfg[k], "correlation", quick);
		if (task_config_set(&cfg[k], "semantics", sems[k], &err)) {
			fprintf(stderr, "bench_tasks: %s\n", err.msg);
			exit(1);
		}
		parse(&rule[k], &cfg[k], lr2);
	}
	for (int rep = 0; rep < REPEATS; rep++)
		for (int k = 0; k < 2; k++) {
			double s = evaluate(&cfg[k], &rule[k], 1, &f[k]);
			t[k] = s < t[k] ? s : t[k];
		}
	printf("\nRule semantics at paper scale%s: the correlation task's LR2, "
	       "whose (w k)^w\nmeets weights below 0 (CPU seconds per "
	       "evaluation, one core, best of %d in turns).\n\n", quick ?
	       " (2 experiments)" : "", REPEATS);
	printf("%-12s %-22s %7s %7s %9s %s\n", "task", "rule", "real", "nest",
	       "nest/real", "fitness real, nest");
	printf("%-12s %-22s %7.3f %7.3f %9.2f %.4f, %.4f\n", "correlation",
	       "(w*k)^w - 1 | k/w - w", t[0], t[1], t[1] / t[0], f[0], f[1]);
	printf("nest costs %.2f times real: %s 1.5.\n", t[1] / t[0],
	       t[1] <= 1.5 * t[0] ? "within" : "above");
	for (int k = 0; k < 2; k++) {
		task_rule_free(&rule[k]);
		task_config_free(&cfg[k]);
	}
}

int main(int argc, char **argv)
{
	int quick = 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			quick = 1;
		} else {
			fprintf(stderr, "usage: bench_tasks [--quick]\n");
			return 64;
		}
	}
	speeds(quick, cores);
	semantics(quick);
	return 0;
}
