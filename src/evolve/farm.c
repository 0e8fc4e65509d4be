/*
 * farm.c - where an evolution's experiments run: this process's threads,
 * and with MPI the other ranks of its group (the transport is mpi.c).
 *
 * The work of a generation is units (rule, experiment), so that even 4
 * offspring x 15 experiments keep 60 workers busy.  Units are handed out
 * in order from one counter to whoever asks first, a thread here or a
 * rank elsewhere (self-scheduling: a slow unit holds up nobody); each
 * result lands in its unit's slot, and the slots are aggregated in order
 * by task_aggregate once all are in.  Every unit runs task_unit with its
 * experiment's own seed, so the fitness is the same bit for bit whatever
 * the number of threads or ranks and whatever order results arrive in:
 * the run is the same on a laptop and on a cluster.
 *
 * run.c evaluates through a farm always (evo_farm_local without MPI), so
 * that one code path serves both, and counts the units each rank ran for
 * the log (evo_farm_take_units).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "e2l/algebra.h"
#include "farm.h"

evo_farm *evo_farm_local(int threads)
{
	evo_farm *F = xcalloc(1, sizeof *F);

	if (threads <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (int)c : 1;
	}
	F->threads = threads;
	F->ranks = 1;
	F->units = xcalloc(1, sizeof *F->units);
	return F;
}

void evo_farm_free(evo_farm *F)
{
	if (!F)
		return;
	free(F->units);
	free(F);
}

void evo_farm_set_abort(evo_farm *F, volatile int *abort)
{
	F->abort = abort;
}

void evo_farm_set_threads(evo_farm *F, int threads)
{
	F->threads = threads < 0 ? 0 : threads;
}

void evo_farm_traffic(const evo_farm *F, double *sent, double *received,
		      long *units, double *cpu)
{
	*sent = F->sent;
	*received = F->received;
	*units = F->remote;
	*cpu = F->busy;
}

int evo_farm_ranks(const evo_farm *F)
{
	return F->ranks;
}

int evo_farm_take_units(evo_farm *F, long *units, int max)
{
	for (int r = 0; r < F->ranks; r++) {
		if (r < max)
			units[r] = F->units[r];
		F->units[r] = 0;
	}
	return F->ranks;
}

static int aborted(const farm_batch *B)
{
	return B->abort && *B->abort;
}

long farm_take(farm_batch *B)
{
	long u = -1;

	pthread_mutex_lock(&B->lock);
	if (B->status == E2L_OK && !aborted(B) && B->next < B->total)
		u = B->next++;
	pthread_mutex_unlock(&B->lock);
	return u;
}

void farm_put(evo_farm *F, farm_batch *B, long u, int rank, double value,
	      e2l_status st, const e2l_error *err)
{
	pthread_mutex_lock(&B->lock);
	B->values[u] = value;
	if (st != E2L_OK && B->status == E2L_OK) {
		B->status = st;
		B->err = *err;
	}
	B->done++;
	if (rank >= 0 && rank < F->ranks)
		F->units[rank]++;
	pthread_cond_broadcast(&B->cond);
	pthread_mutex_unlock(&B->lock);
}

typedef struct {
	evo_farm *F;
	farm_batch *B;
} crew;

/* A thread of this process: units until none is left. */
static void *compute(void *arg)
{
	crew *c = arg;
	farm_batch *B = c->B;
	/* Only the abort flag: experiments end at their next trial. */
	task_recorder rec = { .stop = B->abort };
	long u;

	while ((u = farm_take(B)) >= 0) {
		double value = NAN;
		e2l_error err = { 0 };
		e2l_status st = task_unit(B->cfg, B->rules[u / B->nexp],
					  B->seed, (int)(u % B->nexp),
					  B->abort ? &rec : NULL, &value, &err);
		if (st == E2L_OK && aborted(B))
			st = e2l_fail(&err, E2L_ESTOPPED, 0, 0, "stopped");
		farm_put(c->F, B, u, 0, value, st, &err);
	}
	/* Simplification may have run in this thread; free its caches. */
	alg_release_caches();
	return NULL;
}

/* Whether the batch is over for this process: every unit in, or a
 * failure or an abort (units still out on other ranks are then left to
 * finish there; the transport drops their results by batch number). */
static int over(farm_batch *B)
{
	int end;
	pthread_mutex_lock(&B->lock);
	end = B->done == B->total || B->status != E2L_OK || aborted(B);
	pthread_mutex_unlock(&B->lock);
	return end;
}

/* This thread's CPU time, s: what dispatching costs the master. */
static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The transport's loop while this process's threads compute: busy while
 * there is traffic, else naps growing from 10 us to 1 ms: short against
 * a unit (milliseconds; a worker holds its next unit meanwhile), and at
 * a thousand wake-ups a second light on the core it shares. */
static void dispatch(evo_farm *F, farm_batch *B)
{
	long nap = 10000;

	while (!over(B)) {
		double t0 = cpu_now();
		if (farm_net_pump(F, B)) {
			F->busy += cpu_now() - t0;
			nap = 10000;
			continue;
		}
		nanosleep(&(struct timespec){ 0, nap }, NULL);
		if (nap < 1000000)
			nap *= 2;
	}
}

e2l_status evo_farm_evaluate(evo_farm *F, const task_config *cfg,
			     const task_rule *const *rules, int n,
			     uint64_t seed, int experiments, double *fitness,
			     e2l_error *err)
{
	farm_batch B = { .cfg = cfg, .rules = rules, .nrules = n,
			 .seed = seed, .abort = F->abort };
	int threads;
	e2l_status st;

	if ((st = task_runnable(cfg, experiments, err)) != E2L_OK)
		return st;
	B.nexp = experiments > 0 ? experiments :
		(int)task_get(cfg, "experiments");
	B.total = (long)n * B.nexp;
	B.id = ++F->batches;
	B.values = xcalloc((size_t)(B.total ? B.total : 1),
			   sizeof *B.values);
	pthread_mutex_init(&B.lock, NULL);
	pthread_cond_init(&B.cond, NULL);

	/* Without a transport this thread computes too; with one it
	 * dispatches, and F->threads others compute (0: a master that
	 * leaves all the work to its ranks). */
	int remote = F->net && farm_net_workers(F) > 0;
	threads = remote ? F->threads : F->threads - 1;
	if (threads > B.total)
		threads = (int)B.total;
	if (threads < 0)
		threads = 0;
	pthread_t *tid = xmalloc((size_t)(threads ? threads : 1) *
				 sizeof *tid);
	crew c = { F, &B };
	int started = 0;
	for (int i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, compute, &c) == 0)
			started++;
	if (remote)
		dispatch(F, &B);
	else
		compute(&c);   /* also when no thread could be started */
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);

	if (B.status == E2L_OK && aborted(&B))
		B.status = e2l_fail(&B.err, E2L_ESTOPPED, 0, 0, "stopped");
	if (B.status == E2L_OK) {
		for (int r = 0; r < n; r++) {
			task_result res;
			task_aggregate(cfg, B.values + (size_t)r * B.nexp,
				       B.nexp, &res);
			fitness[r] = res.fitness;
			task_result_free(&res);
		}
	} else if (err) {
		*err = B.err;
	}
	pthread_cond_destroy(&B.cond);
	pthread_mutex_destroy(&B.lock);
	free(B.values);
	return B.status;
}

/* ---- Started by an MPI launcher? ------------------------------------ */

/* Here, not in mpi.c: a build without MPI asks too, to refuse. */
int evo_mpi_launched(const char **var)
{
	/* Open MPI's mpirun; MPICH's and Intel's (and srun --mpi=pmi2);
	 * MVAPICH's; srun's own, for a step of several tasks (a batch
	 * script alone has no step). */
	static const char *const vars[] = {
		"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE",
		"SLURM_STEP_NUM_TASKS",
	};

	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		char *end;
		long n;
		if (!v || !*v)
			continue;
		n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 1000000)
			continue;
		if (var)
			*var = vars[i];
		return (int)n;
	}
	return 0;
}
