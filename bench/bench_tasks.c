/*
 * bench_tasks.c - seconds per full fitness evaluation of each task at the
 * paper's scale, on one thread and on all cores, beside the same task
 * loop with the rule written by hand in C (the ceiling: what the loop
 * costs with a free rule).  Synapse-steps per second put tasks of
 * different sizes on one scale.
 *
 * Usage: bench_tasks [--quick]   (--quick: 2 experiments each)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

typedef struct {
	const char *family, *formula[2];
	int (*native[2])(const prog_arg *, size_t, double *);
	double target;            /* seconds per evaluation, one core */
} bench;

static const bench benches[] = {
	{ "reward", { "(R - 1)*E" }, { native_lr0 }, 2.0 },
	{ "error", { "(v - u)*s" }, { native_eq7 }, 1.0 },
	{ "correlation", { "k - w", "w*k - w - k" },
	  { native_lr1_fac, native_lr1_dep }, 1.0 },
};

static double evaluate(const task_config *cfg, task_rule *rule, int threads,
		       double *fitness)
{
	task_options o = { .seed = 1, .threads = threads };
	task_result r;
	e2l_error err;
	double best = INFINITY;
	for (int rep = 0; rep < 3; rep++) {
		if (task_evaluate(cfg, rule, &o, &r, &err) != E2L_OK) {
			fprintf(stderr, "bench_tasks: %s\n", err.msg);
			exit(1);
		}
		best = r.seconds < best ? r.seconds : best;
		*fitness = r.fitness;
		task_result_free(&r);
	}
	return best;
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	printf("Seconds per full fitness evaluation (best of 3), paper scale%s;"
	       "\ncompiled rule vs the rule hand-written in C in the same "
	       "loop; %ld cores.\n\n", quick ? " (2 experiments)" : "", cores);
	printf("%-12s %-24s %8s %8s %6s %9s %8s %12s\n", "task", "rule",
	       "1 core", "hand C", "ratio", "all cores", "target",
	       "syn-steps/s");
	for (size_t i = 0; i < sizeof benches / sizeof *benches; i++) {
		const bench *b = &benches[i];
		task_config cfg;
		task_rule rule;
		e2l_error err;
		double f1, f2, f3;
		const char *const *texts = b->formula;

		task_config_default(&cfg, task_family_find(b->family));
		if (quick)
			task_config_set(&cfg, "experiments", "2", &err);
		if (task_rule_parse(&rule, cfg.family, texts, NULL, &err)) {
			fprintf(stderr, "bench_tasks: %s\n", err.msg);
			return 1;
		}
		double t1 = evaluate(&cfg, &rule, 1, &f1);
		double tn = evaluate(&cfg, &rule, (int)cores, &f3);
		rule.native[0] = b->native[0];
		rule.native[1] = b->native[1];
		double th = evaluate(&cfg, &rule, 1, &f2);
		/* Synapse-steps: what a per-step, per-synapse loop would do. */
		double synsteps = task_get(&cfg, "experiments") *
			task_get(&cfg, "inputs") * task_get(&cfg, "T") /
			task_get(&cfg, "h");
		char label[64];
		snprintf(label, sizeof label, "%s%s%s", b->formula[0],
			 b->formula[1] ? " | " : "",
			 b->formula[1] ? b->formula[1] : "");
		if (task_param_index(cfg.family, "trials") >= 0)
			synsteps *= task_get(&cfg, "trials");
		printf("%-12s %-24s %8.3f %8.3f %6.2f %9.3f %8.1f %12.3g\n",
		       b->family, label, t1, th, t1 / th, tn, b->target,
		       synsteps / t1);
		if (fabs(f1 - f2) > 1e-9 * fabs(f1) || f1 != f3)
			printf("  warning: fitness differs: %.17g (compiled), "
			       "%.17g (hand C), %.17g (threads)\n", f1, f2, f3);
		task_rule_free(&rule);
		task_config_free(&cfg);
	}
	return 0;
}
