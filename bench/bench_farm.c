/*
 * bench_farm.c - what bounds an evolution on MPI ranks (evolve.h, "The
 * farm"): bench/bench_mpi runs it in each mode and doc/scaling.md reads
 * the figures.
 *
 *   bench_farm units                    seconds per unit (one experiment
 *                                       of one rule) of each task
 *   bench_farm throughput [--threads T] units per second through a farm:
 *                                       under mpirun, the ranks'; alone,
 *                                       T threads'
 *   mpirun -np N bench_farm dispatch    the master's cost per unit and
 *                                       the bytes per unit, on a task
 *                                       that is next to nothing
 *   bench_farm predict US SERIAL_MS     the parallel efficiency the model
 *                                       predicts from a dispatch cost of
 *                                       US microseconds per unit and a
 *                                       master's SERIAL_MS per generation
 *
 * Batches are shaped as a generation: lambda rules of a preset, each on
 * the task's experiments.  No file is written, so the figures are the
 * farm's, without a run directory's disk traffic.
 */
#define _GNU_SOURCE              /* CLOCK_THREAD_CPUTIME_ID */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "e2l/evolve.h"
#include "e2l/task.h"

/* The tasks measured, each with a rule the paper found for it. */
static const struct {
	const char *task;              /* tasks/NAME.task */
	const char *key;               /* the rule, as a cache key */
} cases[] = {
	{ "error-quick", "s*(v - u)" },
	{ "error", "s*(v - u)" },
	{ "reward-quick", "E*(R - 1)" },
	{ "reward", "E*(R - 1)" },
	{ "correlation-quick", "k - w ; k*w - k - w" },
	{ "correlation", "k - w ; k*w - k - w" },
};

static void die(const char *what, const e2l_error *err)
{
	fprintf(stderr, "bench_farm: %s: %s\n", what, err->msg);
	exit(1);
}

static void load(const char *task, task_config *cfg)
{
	char path[4096];
	e2l_error err;

	snprintf(path, sizeof path, "%s/tasks/%s.task", E2L_SRCDIR, task);
	if (task_config_load(path, cfg, &err) != E2L_OK)
		die(path, &err);
}

/* n distinct rules that all run as key does: key, key + 0, ... (each a
 * pair's halves for a pair). */
static task_rule *rules_like(const task_config *cfg, const char *key, int n)
{
	task_rule *r = calloc((size_t)n, sizeof *r);
	e2l_error err;

	for (int i = 0; i < n; i++) {
		char k[512];
		const char *sep = strstr(key, " ; ");
		if (i == 0)
			snprintf(k, sizeof k, "%s", key);
		else if (sep)
			snprintf(k, sizeof k, "%.*s + %d*0 ; %s", (int)(sep - key),
				 key, i, sep + 3);
		else
			snprintf(k, sizeof k, "%s + %d*0", key, i);
		if (evo_key_rule(cfg, k, &r[i], &err) != E2L_OK)
			die(k, &err);
	}
	return r;
}

/* CPU seconds of this process, all its threads. */
static double process_cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds per unit of each task: its experiments in turn, at least one
 * and as many as fit in about a second. */
static void units(void)
{
	printf("%-18s %8s %8s %12s\n", "task", "lambda", "exps", "s/unit");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		task_config cfg;
		task_rule *r;
		e2l_error err;
		int n = 0, nexp;
		double t0, t = 0, v;

		load(cases[i].task, &cfg);
		r = rules_like(&cfg, cases[i].key, 1);
		nexp = (int)task_get(&cfg, "experiments");
		t0 = e2l_seconds();
		while (n < nexp && (n == 0 || (t = e2l_seconds() - t0) < 1.0)) {
			if (task_unit(&cfg, r, 1, n, NULL, &v, &err) != E2L_OK)
				die(cases[i].task, &err);
			n++;
		}
		t = e2l_seconds() - t0;
		printf("%-18s %8d %8d %12.4g\n", cases[i].task,
		       evo_preset_for(cfg.family->name)->lambda, nexp, t / n);
		task_rule_free(r);
		free(r);
		task_config_free(&cfg);
	}
}

/* Batches of lambda rules x the task's experiments on F for about
 * `seconds`: units per second. */
static double run_batches(evo_farm *F, const char *task, const char *key,
			  double seconds, long *done, double *cpu)
{
	task_config cfg;
	e2l_error err;
	int lambda;
	double t0, c0, t;
	long n = 0;

	load(task, &cfg);
	lambda = evo_preset_for(cfg.family->name)->lambda;
	task_rule *r = rules_like(&cfg, key, lambda);
	const task_rule **v = malloc((size_t)lambda * sizeof *v);
	double *fit = malloc((size_t)lambda * sizeof *fit);
	for (int i = 0; i < lambda; i++)
		v[i] = &r[i];
	t0 = e2l_seconds();
	c0 = cpu_seconds();
	do {
		if (evo_farm_evaluate(F, &cfg, v, lambda, 1, 0, fit, &err) !=
		    E2L_OK)
			die(task, &err);
		n += (long)lambda * (long)task_get(&cfg, "experiments");
	} while ((t = e2l_seconds() - t0) < seconds);
	*cpu = cpu_seconds() - c0;
	*done = n;
	for (int i = 0; i < lambda; i++)
		task_rule_free(&r[i]);
	free(r);
	free(v);
	free(fit);
	task_config_free(&cfg);
	return (double)n / t;
}

/* Next to nothing to compute: 20 ms of the error task at a coarse step,
 * many experiments, so the master is all there is to measure. */
static const char null_task[] = "error-null";

static void null_config(task_config *cfg)
{
	e2l_error err;
	task_config_default(cfg, task_family_find("error"));
	if (task_config_put(cfg, "T", "20", &err) != E2L_OK ||
	    task_config_put(cfg, "h", "0.1", &err) != E2L_OK ||
	    task_config_put(cfg, "v_every", "1", &err) != E2L_OK ||
	    task_config_put(cfg, "experiments", "256", &err) != E2L_OK ||
	    task_config_check(cfg, &err) != E2L_OK)
		die(null_task, &err);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "units";
	int threads = 1;
	double seconds = 4;

	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			threads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
	}
	if (!strcmp(mode, "units")) {
		units();
		return 0;
	}
	if (!strcmp(mode, "predict")) {
		double d = argc > 2 ? atof(argv[2]) * 1e-6 : 1e-5;
		double s = argc > 3 ? atof(argv[3]) * 1e-3 : 0;
		static const int P[] = { 16, 64, 256, 1024 };
		printf("%-18s %6s %9s", "task", "units", "s/unit");
		for (size_t k = 0; k < sizeof P / sizeof *P; k++)
			printf(" %7d", P[k]);
		printf(" %12s\n", "master-bound");
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			task_config cfg;
			task_rule *r;
			e2l_error err;
			double v, t, t0 = e2l_seconds();
			int n = 0, nexp;
			load(cases[i].task, &cfg);
			r = rules_like(&cfg, cases[i].key, 1);
			nexp = (int)task_get(&cfg, "experiments");
			while (n < nexp && (n == 0 || e2l_seconds() - t0 < 1.0)) {
				if (task_unit(&cfg, r, 1, n, NULL, &v, &err) !=
				    E2L_OK)
					die(cases[i].task, &err);
				n++;
			}
			t = (e2l_seconds() - t0) / n;
			/* A generation: U units, all new (no cache hits, no
			 * silent mutations: the most work and the most
			 * dispatching a generation can have). */
			long U = (long)evo_preset_for(cfg.family->name)->lambda *
				nexp;
			double T1 = s + (double)U * t;
			printf("%-18s %6ld %9.3g", cases[i].task, U, t);
			for (size_t k = 0; k < sizeof P / sizeof *P; k++) {
				double waves = ceil((double)U / P[k]);
				double TP = s + fmax(waves * t, (double)U * d);
				printf(" %6.1f%%", 100 * T1 / (P[k] * TP));
			}
			/* Past t / d ranks the master cannot hand out units
			 * as fast as they come back. */
			printf(" %12.0f\n", t / d);
			task_rule_free(r);
			free(r);
			task_config_free(&cfg);
		}
		return 0;
	}
	if (strcmp(mode, "throughput") && strcmp(mode, "dispatch")) {
		fprintf(stderr, "usage: bench_farm units|throughput|dispatch|"
			"predict US SERIAL_MS\n");
		return 64;
	}

	volatile int stop = 0, abort = 0;
	evo_mpi M;
	e2l_error err;
	if (evo_mpi_start(&M, 1, threads, &stop, &abort, &err) != E2L_OK)
		die("MPI", &err);
	if (!strcmp(mode, "dispatch") && !M.active) {
		fprintf(stderr, "bench_farm: dispatch runs under mpirun, in an "
			"MPI build\n");
		return 1;
	}
	if (M.active && M.group_rank != 0) {
		double c0 = process_cpu();
		int rc = evo_mpi_serve(&M);
		/* A worker's share of the job's CPU (its waiting included). */
		if (!strcmp(mode, "throughput"))
			printf("worker cpu %.4f s\n", process_cpu() - c0);
		evo_mpi_end(&M);
		return rc;
	}
	evo_farm *F = M.active ? M.farm : evo_farm_local(threads);
	long done, remote;
	double cpu, sent, received, rate;
	if (!strcmp(mode, "throughput")) {
		double c0 = process_cpu();
		rate = run_batches(F, cases[0].task, cases[0].key, seconds,
				   &done, &cpu);
		printf("master units %ld cpu %.4f s\n", done,
		       process_cpu() - c0);
		if (M.active)
			printf("%d ranks x %d thread: %.2f units/s\n",
			       M.world_size, threads, rate);
		else
			printf("%d threads, no MPI: %.2f units/s\n", threads,
			       rate);
	} else {
		/* The master only dispatches. */
		evo_farm_set_threads(F, 0);
		task_config cfg;
		null_config(&cfg);
		int lambda = 16;
		task_rule *r = rules_like(&cfg, "s*(v - u)", lambda);
		const task_rule **v = malloc((size_t)lambda * sizeof *v);
		double fit[16], t0 = e2l_seconds(), c0 = cpu_seconds(), t;
		for (int i = 0; i < lambda; i++)
			v[i] = &r[i];
		done = 0;
		do {
			if (evo_farm_evaluate(F, &cfg, v, lambda, 1, 0, fit,
					      &err) != E2L_OK)
				die(null_task, &err);
			done += lambda * 256L;
		} while ((t = e2l_seconds() - t0) < seconds);
		cpu = cpu_seconds() - c0;
		double busy;
		evo_farm_traffic(F, &sent, &received, &remote, &busy);
		/* The dispatch cost is the CPU of the pumps that handled
		 * traffic; the rest of the thread's CPU is waiting for it
		 * (naps), which a busier master does not do. */
		printf("ranks %d: %.0f units/s through the master; dispatch "
		       "%.2f us of CPU per unit (%.2f us with its waiting); "
		       "%.0f bytes per unit (%.0f out, %.0f back)\n",
		       M.world_size, done / t, 1e6 * busy / done,
		       1e6 * cpu / done,
		       (sent + received) / (remote ? remote : 1),
		       sent / (remote ? remote : 1),
		       received / (remote ? remote : 1));
		for (int i = 0; i < lambda; i++)
			task_rule_free(&r[i]);
		free(r);
		free(v);
		task_config_free(&cfg);
	}
	if (!M.active)
		evo_farm_free(F);
	evo_mpi_end(&M);
	return 0;
}
