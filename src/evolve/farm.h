/*
 * farm.h - what farm.c (the units of a generation and this process's
 * threads) and its transport (mpi.c, or mpi_none.c in a build without
 * MPI) share; private to the evolution layer.
 *
 * A batch is the experiments of a generation's new rules: unit u is
 * (rule u / nexp, experiment u % nexp), and its value has slot u.  Units
 * are handed out in order from one counter, to this process's threads
 * and, through the transport, to other ranks, whichever asks first; the
 * result never depends on who ran what, since every unit's seed is its
 * experiment's and the slots are aggregated in order.
 */
#ifndef E2L_FARM_H
#define E2L_FARM_H

#include <pthread.h>

#include "e2l/evolve.h"
#include "e2l/task.h"

typedef struct {
	const task_config *cfg;
	const task_rule *const *rules;
	int nrules;
	uint64_t seed;             /* the experiments' base seed */
	int nexp;                  /* experiments per rule */
	long total;                /* nrules * nexp */
	long id;                   /* batches of this farm so far */
	double *values;            /* total slots */
	pthread_mutex_t lock;
	pthread_cond_t cond;       /* signalled when a unit is done */
	long next;                 /* the next unit to hand out */
	long done;                 /* units finished */
	e2l_status status;         /* the first failure, and its error */
	e2l_error err;
	volatile int *abort;       /* set: hand out nothing more, and stop
				    * the units running at their next trial */
} farm_batch;

struct evo_farm {
	int threads;               /* this process's compute threads */
	volatile int *abort;       /* may be NULL */
	long batches;
	int ranks;                 /* 1 + the transport's workers */
	long *units;               /* units finished per rank since the
				    * last evo_farm_take_units */
	void *net;                 /* the transport's; NULL: threads only */
	double sent, received;     /* the transport's bytes, */
	long remote;               /* the units it handed out, */
	double busy;               /* and the CPU seconds of the pumps that
				    * had something to do */
};

/* The next unit to run, or -1 when all are out (or the batch failed or
 * is aborted). */
long farm_take(farm_batch *B);
/* Unit u's result, run by rank (0: this process). */
void farm_put(evo_farm *F, farm_batch *B, long u, int rank, double value,
	      e2l_status st, const e2l_error *err);

/* The transport, for farm.c: hands units to the ranks that asked and
 * takes their results; returns 1 when it did anything (else the caller
 * may sleep a little).  Never called without F->net. */
int farm_net_pump(evo_farm *F, farm_batch *B);
/* Ranks besides this one that evaluate for it. */
int farm_net_workers(const evo_farm *F);

#endif
