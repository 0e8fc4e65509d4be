/*
 * evaluate.c - the fitness of a rule: its experiments run on a pool of
 * threads, then are aggregated (mean or minimum).
 *
 * Each experiment draws only from streams seeded by its own seed, and
 * each result has its own slot, so the outcome is the same bit for bit
 * whatever the number of threads.  Threads take the next (rule,
 * experiment) pair from a shared counter, so that several rules (an
 * evolution's offspring) and their experiments keep every core busy
 * together, and a slow experiment does not hold the others up.
 *
 * An experiment that blows up says where (task_failure, in its own slot
 * beside its value); the statistics over a set holding it are then
 * undefined (NaN), and only the fitness stays an ordered number (-inf),
 * which is what an evolution needs.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2l/algebra.h"
#include "e2l/sim.h"
#include "e2l/task.h"

uint64_t task_experiment_seed(uint64_t base, int k)
{
	return sim_seed_mix(base, (uint64_t)k);
}

static e2l_status unit(const task_config *cfg, const task_rule *rule,
		       uint64_t seed, int k, task_recorder *rec,
		       double *value, task_failure *fail, e2l_error *err);

typedef struct {
	const task_config *cfg;
	const task_rule *const *rules;
	const task_options *opts;
	int nrules, nexp;
	double *values;          /* nrules x nexp */
	task_failure *failures;  /* the same */
	pthread_mutex_t lock;
	int next;                /* the next (rule, experiment) to start */
	e2l_status status;       /* first failure, with its error */
	e2l_error err;
} pool;

/* Experiment k's recorder: all of it, or only progress and stop for
 * experiments past the detailed ones (their traces would be thrown
 * away, and recording costs as much as simulating). */
static task_recorder *rec_for(task_recorder *rec, int k, task_recorder *light)
{
	if (!rec || rec->detailed <= 0 ||
	    (k >= rec->detail_from && k < rec->detailed))
		return rec;
	*light = (task_recorder){ .ctx = rec->ctx, .progress = rec->progress,
				  .stop = rec->stop };
	return light;
}

static void *worker(void *arg)
{
	pool *P = arg;
	task_recorder light;
	for (;;) {
		int job;
		pthread_mutex_lock(&P->lock);
		job = P->status == E2L_OK && P->next < P->nrules * P->nexp ?
			P->next++ : -1;
		pthread_mutex_unlock(&P->lock);
		if (job < 0)
			break;
		int r = job / P->nexp, k = job % P->nexp;
		e2l_error err = { 0 };
		e2l_status st = unit(P->cfg, P->rules[r], P->opts->seed, k,
				     rec_for(P->opts->rec, k, &light),
				     &P->values[job], &P->failures[job],
				     &err);
		if (task_stopped(P->opts->rec))
			st = e2l_fail(&err, E2L_ESTOPPED, 0, 0, "stopped");
		if (st != E2L_OK) {
			pthread_mutex_lock(&P->lock);
			if (P->status == E2L_OK) {
				P->status = st;
				P->err = err;
			}
			pthread_mutex_unlock(&P->lock);
		}
	}
	/* Simplification may have run in this thread (recorders may
	 * simplify); free its caches. */
	alg_release_caches();
	return NULL;
}

e2l_status task_runnable(const task_config *cfg, int experiments,
			 e2l_error *err)
{
	e2l_status st;

	/* Loading and setting check too; this catches a configuration
	 * built any other way before it scores every rule alike. */
	if ((st = task_config_check(cfg, err)) != E2L_OK)
		return st;
	/* A replay file holds the experiments: as many as are run. */
	if (cfg->replay)
		return task_replay_check_count(cfg->replay, experiments > 0 ?
			experiments : (int)task_get(cfg, "experiments"), err);
	return E2L_OK;
}

void task_fail(task_failure *f, int trial, double t_ms,
	       const char *quantity, double value, const char *what, ...)
{
	va_list ap;

	if (!f || task_failed(f))
		return;
	f->trial = trial;
	f->t_ms = t_ms;
	f->value = value;
	snprintf(f->quantity, sizeof f->quantity, "%s",
		 quantity && *quantity ? quantity : "value");
	va_start(ap, what);
	vsnprintf(f->what, sizeof f->what, what, ap);
	va_end(ap);
}

size_t task_first_nonfinite(const double *v, size_t n)
{
	size_t i = 0;
	while (i < n && isfinite(v[i]))
		i++;
	return i;
}

static const char *value_word(double x)
{
	return isnan(x) ? "nan" : x > 0 ? "inf" : x < 0 ? "-inf" : "0";
}

void task_failure_text(const task_failure *f, char *buf, size_t n)
{
	strbuf b = { 0 };

	if (n == 0)
		return;
	buf[0] = '\0';
	if (!task_failed(f) || f->experiment < 0)
		return;
	strbuf_printf(&b, "experiment %d", f->experiment);
	if (f->trial >= 0)
		strbuf_printf(&b, ", trial %d", f->trial);
	if (isfinite(f->t_ms))
		strbuf_printf(&b, " (t = %.10g ms)", f->t_ms);
	strbuf_printf(&b, ": %s became %s", f->what[0] ? f->what :
		      f->quantity, isfinite(f->value) ? "non-finite" :
		      value_word(f->value));
	snprintf(buf, n, "%s", b.s);
	free(b.s);
}

void task_failure_json(const task_failure *f, strbuf *out)
{
	char text[256];

	if (!task_failed(f) || f->experiment < 0) {
		strbuf_printf(out, "null");
		return;
	}
	task_failure_text(f, text, sizeof text);
	strbuf_printf(out, "{\"experiment\": %d, \"trial\": ", f->experiment);
	if (f->trial >= 0)
		strbuf_printf(out, "%d", f->trial);
	else
		strbuf_printf(out, "null");
	strbuf_printf(out, ", \"t_ms\": ");
	strbuf_json_number(out, f->t_ms);
	strbuf_printf(out, ", \"quantity\": ");
	strbuf_json_string(out, f->quantity);
	strbuf_printf(out, ", \"value\": \"%s\", \"text\": ",
		      value_word(f->value));
	strbuf_json_string(out, text);
	strbuf_printf(out, "}");
}

/* task_unit, saying in *fail (may be NULL) why a value is not finite:
 * the family's account, or at least the value itself. */
static e2l_status unit(const task_config *cfg, const task_rule *rule,
		       uint64_t seed, int k, task_recorder *rec,
		       double *value, task_failure *fail, e2l_error *err)
{
	/* The rule under the configuration's semantics (real or nest): a
	 * copy that differs in that field alone, sharing the programs. */
	task_rule bound = *rule;
	e2l_status st;

	bound.semantics = task_semantics(cfg);
	if (fail)
		*fail = (task_failure){ .experiment = -1, .trial = -1,
					.t_ms = NAN };
	st = cfg->family->experiment(cfg, &bound,
				     task_experiment_seed(seed, k), k, rec,
				     value, fail, err);
	if (!fail)
		return st;
	if (st != E2L_OK || isfinite(*value)) {
		/* What went wrong on the way did not stick. */
		*fail = (task_failure){ .experiment = -1, .trial = -1,
					.t_ms = NAN };
		return st;
	}
	task_fail(fail, -1, NAN, "fitness", *value, "the fitness");
	fail->experiment = k;
	return st;
}

e2l_status task_unit(const task_config *cfg, const task_rule *rule,
		     uint64_t seed, int k, task_recorder *rec, double *value,
		     e2l_error *err)
{
	return unit(cfg, rule, seed, k, rec, value, NULL, err);
}

void task_aggregate(const task_config *cfg, const double *v, int n,
		    task_result *res)
{
	double sum = 0, sumsq = 0, lo = INFINITY;

	res->values = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *res->values);
	res->n = n;
	res->nonfinite = 0;
	res->first_nonfinite = -1;
	res->failures = NULL;
	for (int k = 0; k < n; k++) {
		double x = isnan(v[k]) ? -INFINITY : v[k];
		res->values[k] = x;
		if (!isfinite(x) && res->nonfinite++ == 0)
			res->first_nonfinite = k;
		sum += x;
		lo = x < lo ? x : lo;
	}
	/* The fitness orders rules: a blown-up one is the worst, -inf.
	 * The mean and SD describe the values: over a value that is not
	 * a number they are undefined. */
	res->mean = res->nonfinite ? NAN : sum / n;
	for (int k = 0; k < n && !res->nonfinite; k++)
		sumsq += (res->values[k] - res->mean) *
			(res->values[k] - res->mean);
	res->sd = res->nonfinite ? NAN : n > 1 ? sqrt(sumsq / (n - 1)) : 0.0;
	res->fitness = cfg->family->aggregate_min ? lo :
		res->nonfinite ? -INFINITY : res->mean;
}

const task_failure *task_result_failure(const task_result *res)
{
	if (!res->failures || res->first_nonfinite < 0)
		return NULL;
	return &res->failures[res->first_nonfinite];
}

e2l_status task_evaluate_many(const task_config *cfg,
			      const task_rule *const *rules, int nrules,
			      const task_options *opts, task_result *res,
			      e2l_error *err)
{
	pool P = { .cfg = cfg, .nrules = nrules, .opts = opts };
	int threads = opts->threads, jobs;
	double t0 = e2l_seconds();
	e2l_status st;

	memset(res, 0, (size_t)nrules * sizeof *res);
	if ((st = task_runnable(cfg, opts->experiments, err)) != E2L_OK)
		return st;
	P.nexp = opts->experiments > 0 ? opts->experiments :
		(int)task_get(cfg, "experiments");
	P.rules = rules;
	jobs = nrules * P.nexp;
	P.values = xcalloc((size_t)(jobs ? jobs : 1), sizeof *P.values);
	P.failures = xcalloc((size_t)(jobs ? jobs : 1), sizeof *P.failures);
	if (threads <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (int)c : 1;
	}
	if (threads > jobs)
		threads = jobs > 0 ? jobs : 1;
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
	if (P.status == E2L_OK) {
		double seconds = e2l_seconds() - t0;
		for (int r = 0; r < nrules; r++) {
			task_aggregate(cfg, P.values + (size_t)r * P.nexp,
				       P.nexp, &res[r]);
			res[r].failures = xmalloc((size_t)(P.nexp ? P.nexp :
				1) * sizeof *res[r].failures);
			memcpy(res[r].failures, P.failures + (size_t)r *
			       P.nexp, (size_t)P.nexp *
			       sizeof *res[r].failures);
			res[r].seconds = seconds;
		}
	} else if (err) {
		*err = P.err;
	}
	free(P.values);
	free(P.failures);
	return P.status;
}

e2l_status task_evaluate(const task_config *cfg, const task_rule *rule,
			 const task_options *opts, task_result *res,
			 e2l_error *err)
{
	return task_evaluate_many(cfg, &rule, 1, opts, res, err);
}

void task_result_free(task_result *res)
{
	free(res->values);
	free(res->failures);
	memset(res, 0, sizeof *res);
}
