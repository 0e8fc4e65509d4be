/*
 * evaluate.c - the fitness of a rule: its experiments run on a pool of
 * threads, then are aggregated (mean or minimum).
 *
 * Each experiment draws only from streams seeded by its own seed, and
 * each result has its own slot, so the outcome is the same bit for bit
 * whatever the number of threads.  Threads take the next experiment from
 * a shared counter, so a slow one does not hold the others up.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "e2l/algebra.h"
#include "e2l/sim.h"
#include "e2l/task.h"

uint64_t task_experiment_seed(uint64_t base, int k)
{
	return sim_seed_mix(base, (uint64_t)k);
}

typedef struct {
	const task_config *cfg;
	const task_rule *rule;
	const task_options *opts;
	double *values;
	int n;
	pthread_mutex_t lock;
	int next;                /* the next experiment to start */
	e2l_status status;       /* first failure, with its error */
	e2l_error err;
} pool;

static void *worker(void *arg)
{
	pool *P = arg;
	for (;;) {
		int k;
		pthread_mutex_lock(&P->lock);
		k = P->status == E2L_OK && P->next < P->n ? P->next++ : -1;
		pthread_mutex_unlock(&P->lock);
		if (k < 0)
			break;
		e2l_error err = { 0 };
		e2l_status st = P->cfg->family->experiment(
			P->cfg, P->rule,
			task_experiment_seed(P->opts->seed, k), k,
			P->opts->rec, &P->values[k], &err);
		if (st != E2L_OK) {
			pthread_mutex_lock(&P->lock);
			if (P->status == E2L_OK) {
				P->status = st;
				P->err = err;
			}
			pthread_mutex_unlock(&P->lock);
		}
	}
	/* Simplification may have run in this thread (compiling rules does
	 * not, but recorders may); free its caches. */
	alg_release_caches();
	return NULL;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

e2l_status task_evaluate(const task_config *cfg, const task_rule *rule,
			 const task_options *opts, task_result *res,
			 e2l_error *err)
{
	pool P = { .cfg = cfg, .rule = rule, .opts = opts };
	int threads = opts->threads;
	double t0 = now();

	memset(res, 0, sizeof *res);
	P.n = opts->experiments > 0 ? opts->experiments :
		(int)task_get(cfg, "experiments");
	P.values = xcalloc((size_t)P.n, sizeof *P.values);
	if (threads <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (int)c : 1;
	}
	if (threads > P.n)
		threads = P.n;
	pthread_mutex_init(&P.lock, NULL);
	if (threads == 1) {
		worker(&P);
	} else {
		pthread_t *tid = xmalloc((size_t)threads * sizeof *tid);
		int started = 0;
		for (int i = 0; i < threads; i++)
			if (pthread_create(&tid[i], NULL, worker, &P) == 0)
				started++;
			else
				break;
		if (started == 0)
			worker(&P);
		for (int i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
		free(tid);
	}
	pthread_mutex_destroy(&P.lock);
	if (P.status != E2L_OK) {
		if (err)
			*err = P.err;
		free(P.values);
		return P.status;
	}

	double sum = 0, sumsq = 0, lo = INFINITY;
	for (int k = 0; k < P.n; k++) {
		double v = isnan(P.values[k]) ? -INFINITY : P.values[k];
		P.values[k] = v;
		sum += v;
		lo = v < lo ? v : lo;
	}
	res->mean = sum / P.n;
	for (int k = 0; k < P.n && isfinite(res->mean); k++)
		sumsq += (P.values[k] - res->mean) * (P.values[k] - res->mean);
	res->sd = P.n > 1 && isfinite(res->mean) ? sqrt(sumsq / (P.n - 1)) :
		0.0;
	res->fitness = cfg->family->aggregate_min ? lo : res->mean;
	res->values = P.values;
	res->n = P.n;
	res->seconds = now() - t0;
	return E2L_OK;
}

void task_result_free(task_result *res)
{
	free(res->values);
	memset(res, 0, sizeof *res);
}
