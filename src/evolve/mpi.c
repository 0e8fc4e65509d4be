/*
 * mpi.c - evaluation on MPI ranks (evolve.h, "MPI"): the transport of a
 * master's farm (farm.h) and the life of a worker.  mpi_none.c stands in
 * for it in a build without MPI.
 *
 * Master and worker talk point to point within their group, the master
 * being group rank 0; every worker keeps `slots` requests standing (its
 * threads plus one, so that a unit is waiting when a thread finishes):
 *
 *     worker                                 master
 *     RESULT(batch -1) x slots     ------->  requests stand
 *                                  <-------  SETUP (task, seed, experiments)
 *                                            when a run's first batch starts
 *                                  <-------  UNIT (batch, unit, rule,
 *                                            experiment [, the rule's key
 *                                            the first time this worker
 *                                            gets that rule in the batch])
 *     RESULT(batch, unit, value)   ------->  into the unit's slot; stands
 *                                            as the request for the next
 *     STOP(graceful | abort)       ------->  a signal the worker got
 *                                  <-------  DONE (the master's runs are over)
 *     BYE                          ------->
 *
 * Only the main thread of a rank calls MPI (MPI_THREAD_FUNNELED); compute
 * threads meet it through a queue.  Waiting is polling with short naps,
 * not MPI's blocking calls, which spin: on a machine with a core per
 * rank a spinning master or worker would take a core from the threads
 * that compute.  Messages carry native structs: the ranks of a job are
 * one architecture, as MPI jobs on a cluster are.
 */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "e2l/algebra.h"
#include "farm.h"

enum { TAG_RESULT = 1, TAG_SETUP, TAG_UNIT, TAG_STOP, TAG_DONE, TAG_BYE };
enum { STOP_GRACEFUL = 1, STOP_ABORT = 2 };

typedef struct {           /* TAG_UNIT, then textlen bytes of the key */
	int64_t batch, unit;
	int32_t rule, exp, textlen, pad;
} unit_msg;

typedef struct {           /* TAG_RESULT, then msglen bytes of an error */
	int64_t batch, unit;   /* batch -1: a request alone */
	double value;
	int32_t status, msglen;
} result_msg;

typedef struct {           /* TAG_SETUP, then nparams doubles, then the
			    * family's name */
	uint64_t seed;
	int32_t nexp, nparams;
} setup_msg;

int evo_mpi_built(void)
{
	return 1;
}

/* A message's bytes into *buf (grown to fit); returns its length. */
static int receive(MPI_Comm comm, MPI_Status *st, char **buf, int *cap)
{
	int n;

	MPI_Get_count(st, MPI_BYTE, &n);
	if (n > *cap) {
		*cap = n;
		*buf = xrealloc(*buf, (size_t)n);
	}
	MPI_Recv(*buf, n, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, comm,
		 MPI_STATUS_IGNORE);
	return n;
}

static int probe(MPI_Comm comm, int source, MPI_Status *st)
{
	int flag = 0;
	MPI_Iprobe(source, MPI_ANY_TAG, comm, &flag, st);
	return flag;
}

/* ---- The master's side --------------------------------------------- */

typedef struct {
	MPI_Comm comm;
	int size;                  /* the group's ranks */
	int *asked;                /* requests standing, per worker */
	long batch;                /* the batch known[] is for */
	int nrules;
	unsigned char *known;      /* [w * nrules + r]: worker w has rule
				    * r's key in this batch */
	char *setup;               /* the SETUP last sent, and its size */
	int setup_len;
	char *buf;                 /* received messages */
	int cap;
	volatile int *stop, *abort;
} master;

/* What a worker needs to know of a run: the task and its experiments. */
static char *setup_of(const farm_batch *B, int *len)
{
	const task_family *f = B->cfg->family;
	setup_msg h = { B->seed, B->nexp, f->nparams };
	size_t name = strlen(f->name) + 1;
	size_t n = sizeof h + (size_t)f->nparams * sizeof(double) + name;
	char *m = xmalloc(n);

	memcpy(m, &h, sizeof h);
	memcpy(m + sizeof h, B->cfg->values,
	       (size_t)f->nparams * sizeof(double));
	memcpy(m + n - name, f->name, name);
	*len = (int)n;
	return m;
}

static void begin_batch(master *N, const farm_batch *B)
{
	int len;
	char *m = setup_of(B, &len);

	if (len != N->setup_len || memcmp(m, N->setup, (size_t)len)) {
		for (int w = 1; w < N->size; w++)
			MPI_Send(m, len, MPI_BYTE, w, TAG_SETUP, N->comm);
		free(N->setup);
		N->setup = m;
		N->setup_len = len;
	} else {
		free(m);
	}
	N->batch = B->id;
	N->nrules = B->nrules;
	free(N->known);
	N->known = xcalloc((size_t)N->size * (size_t)(B->nrules ? B->nrules :
						     1), 1);
}

/* Returns the bytes sent. */
static size_t send_unit(master *N, const farm_batch *B, int w, long u)
{
	int r = (int)(u / B->nexp);
	unsigned char *known = &N->known[(size_t)w * N->nrules + r];
	const char *key = B->rules[r]->name;
	int32_t textlen = *known ? 0 : (int32_t)strlen(key);
	unit_msg h = { B->id, u, r, (int32_t)(u % B->nexp), textlen, 0 };
	size_t n = sizeof h + (size_t)textlen;
	char *m = xmalloc(n);

	memcpy(m, &h, sizeof h);
	memcpy(m + sizeof h, key, (size_t)textlen);
	MPI_Send(m, (int)n, MPI_BYTE, w, TAG_UNIT, N->comm);
	free(m);
	*known = 1;
	return n;
}

/* A result or a signal from worker src. */
static void take(evo_farm *F, farm_batch *B, master *N, int src, int tag,
		 int len)
{
	if (tag == TAG_STOP && len >= (int)sizeof(int32_t)) {
		int32_t kind;
		memcpy(&kind, N->buf, sizeof kind);
		if (N->stop)
			*N->stop = 1;
		if (kind == STOP_ABORT && N->abort)
			*N->abort = 1;
		return;
	}
	if (tag != TAG_RESULT || len < (int)sizeof(result_msg))
		return;
	result_msg h;
	memcpy(&h, N->buf, sizeof h);
	N->asked[src]++;
	/* A request alone, or the result of a batch given up (a failure
	 * or an abort): only the request counts. */
	if (!B || h.batch != B->id || h.unit < 0 || h.unit >= B->total)
		return;
	e2l_error err = { 0 };
	if (h.status != E2L_OK) {
		int n = h.msglen;
		if (n < 0 || (size_t)n > len - sizeof h)
			n = 0;
		e2l_fail(&err, (e2l_status)h.status, 0, 0, "rank %d: %.*s", src,
			 n, N->buf + sizeof h);
	}
	farm_put(F, B, h.unit, src, h.value, (e2l_status)h.status, &err);
}

int farm_net_workers(const evo_farm *F)
{
	const master *N = F->net;
	return N ? N->size - 1 : 0;
}

int farm_net_pump(evo_farm *F, farm_batch *B)
{
	master *N = F->net;
	MPI_Status st;
	int did = 0, gave;

	if (N->batch != B->id)
		begin_batch(N, B);
	while (probe(N->comm, MPI_ANY_SOURCE, &st)) {
		int len = receive(N->comm, &st, &N->buf, &N->cap);
		take(F, B, N, st.MPI_SOURCE, st.MPI_TAG, len);
		F->received += len;
		did = 1;
	}
	/* One unit to each worker that asked, round and round: a worker
	 * with several requests standing does not take a batch's tail. */
	do {
		gave = 0;
		for (int w = 1; w < N->size; w++) {
			if (N->asked[w] <= 0)
				continue;
			long u = farm_take(B);
			if (u < 0)
				return did;
			F->sent += send_unit(N, B, w, u);
			F->remote++;
			N->asked[w]--;
			gave = did = 1;
		}
	} while (gave);
	return did;
}

/* ---- A worker's side ----------------------------------------------- */

typedef struct {
	task_rule rule;
	e2l_status status;         /* of parsing the key */
	e2l_error err;
	int refs;
} wrule;

typedef struct {
	int64_t batch, unit;
	int exp;
	wrule *rule;
} wunit;

typedef struct {
	result_msg h;
	char msg[sizeof ((e2l_error *)0)->msg];
} wresult;

typedef struct {
	MPI_Comm comm;
	pthread_mutex_t lock;
	pthread_cond_t work;       /* a unit queued, or quit */
	pthread_cond_t idle;       /* a result, or a thread less busy */
	wunit *queue;              /* ring of qcap */
	int qhead, qlen, qcap;
	wresult *results;
	int nres, capres;
	int running;               /* units being computed */
	int quit;
	volatile int halt;         /* experiments end at their next trial */
	task_config cfg;
	int have_cfg;
	uint64_t seed;
	int nexp;
	int64_t rbatch;            /* the batch rules[] is for */
	wrule **rules;
	int nrules;
} worker;

static void rule_release(wrule *w)
{
	if (w && --w->refs == 0) {
		if (w->status == E2L_OK)
			task_rule_free(&w->rule);
		free(w);
	}
}

static void *work(void *arg)
{
	worker *W = arg;
	task_recorder rec = { .stop = &W->halt };

	pthread_mutex_lock(&W->lock);
	for (;;) {
		while (!W->quit && W->qlen == 0)
			pthread_cond_wait(&W->work, &W->lock);
		if (W->quit)
			break;             /* what is queued is dropped */
		wunit u = W->queue[W->qhead];
		W->qhead = (W->qhead + 1) % W->qcap;
		W->qlen--;
		W->running++;
		pthread_mutex_unlock(&W->lock);

		double value = NAN;
		e2l_error err = { 0 };
		e2l_status st = u.rule->status;
		if (st == E2L_OK)
			st = task_unit(&W->cfg, &u.rule->rule, W->seed, u.exp,
				       &rec, &value, &err);
		else
			err = u.rule->err;
		if (st == E2L_OK && W->halt)
			st = e2l_fail(&err, E2L_ESTOPPED, 0, 0, "stopped");

		pthread_mutex_lock(&W->lock);
		if (W->nres == W->capres) {
			W->capres = W->capres ? 2 * W->capres : 8;
			W->results = xrealloc(W->results, (size_t)W->capres *
					      sizeof *W->results);
		}
		wresult *r = &W->results[W->nres++];
		r->h = (result_msg){ u.batch, u.unit, value, st, 0 };
		if (st != E2L_OK) {
			snprintf(r->msg, sizeof r->msg, "%s", err.msg);
			r->h.msglen = (int32_t)strlen(r->msg);
		}
		rule_release(u.rule);
		W->running--;
		pthread_cond_signal(&W->idle);
	}
	pthread_mutex_unlock(&W->lock);
	alg_release_caches();
	return NULL;
}

static void send_results(worker *W)
{
	wresult *v;
	int n;

	pthread_mutex_lock(&W->lock);
	v = W->results;
	n = W->nres;
	W->results = NULL;
	W->nres = W->capres = 0;
	pthread_mutex_unlock(&W->lock);
	for (int i = 0; i < n; i++) {
		char m[sizeof v[i]];
		memcpy(m, &v[i].h, sizeof v[i].h);
		memcpy(m + sizeof v[i].h, v[i].msg, (size_t)v[i].h.msglen);
		MPI_Send(m, (int)sizeof v[i].h + v[i].h.msglen, MPI_BYTE, 0,
			 TAG_RESULT, W->comm);
	}
	free(v);
}

/* A new run's task: once the units of the last one are all done. */
static void setup(worker *W, const char *m, int len)
{
	setup_msg h;
	const task_family *f;

	pthread_mutex_lock(&W->lock);
	while (W->qlen || W->running)
		pthread_cond_wait(&W->idle, &W->lock);
	pthread_mutex_unlock(&W->lock);
	memcpy(&h, m, sizeof h);
	f = task_family_find(m + sizeof h + (size_t)h.nparams * sizeof(double));
	/* The master checked the task; a family this binary lacks would
	 * be a different e2l on some rank. */
	if (!f || f->nparams != h.nparams ||
	    len != (int)(sizeof h + (size_t)h.nparams * sizeof(double) +
			 strlen(f->name) + 1)) {
		fprintf(stderr, "e2l: rank of a different e2l: its master's "
			"task is unknown here\n");
		MPI_Abort(MPI_COMM_WORLD, 70);
	}
	if (W->have_cfg)
		task_config_free(&W->cfg);
	task_config_default(&W->cfg, f);
	memcpy(W->cfg.values, m + sizeof h, (size_t)h.nparams * sizeof(double));
	W->have_cfg = 1;
	W->seed = h.seed;
	W->nexp = h.nexp;
}

static void unit(worker *W, const char *m, int len)
{
	unit_msg h;
	wrule *rule;

	memcpy(&h, m, sizeof h);
	if (h.batch != W->rbatch) {
		for (int r = 0; r < W->nrules; r++)
			rule_release(W->rules[r]);
		W->nrules = 0;
		W->rbatch = h.batch;
	}
	if (h.rule >= W->nrules) {
		W->rules = xrealloc(W->rules, (size_t)(h.rule + 1) *
				    sizeof *W->rules);
		memset(W->rules + W->nrules, 0, (size_t)(h.rule + 1 -
						     W->nrules) *
		       sizeof *W->rules);
		W->nrules = h.rule + 1;
	}
	if (h.textlen > 0 && (size_t)h.textlen <= len - sizeof h) {
		char *key = xmalloc((size_t)h.textlen + 1);
		memcpy(key, m + sizeof h, (size_t)h.textlen);
		key[h.textlen] = '\0';
		rule_release(W->rules[h.rule]);
		rule = xcalloc(1, sizeof *rule);
		rule->refs = 1;
		rule->status = W->have_cfg ? evo_key_rule(&W->cfg, key,
							  &rule->rule,
							  &rule->err) :
			e2l_fail(&rule->err, E2L_EINVALID, 0, 0, "a unit "
				 "before its task");
		W->rules[h.rule] = rule;
		free(key);
	}
	rule = W->rules[h.rule];
	if (!rule) {
		rule = xcalloc(1, sizeof *rule);
		rule->status = e2l_fail(&rule->err, E2L_EINVALID, 0, 0,
					"a unit of a rule never sent");
		rule->refs = 1;
		W->rules[h.rule] = rule;
	}
	pthread_mutex_lock(&W->lock);
	if (W->qlen == W->qcap) {
		wunit *q = xmalloc((size_t)(2 * W->qcap) * sizeof *q);
		for (int i = 0; i < W->qlen; i++)
			q[i] = W->queue[(W->qhead + i) % W->qcap];
		free(W->queue);
		W->queue = q;
		W->qhead = 0;
		W->qcap *= 2;
	}
	rule->refs++;
	W->queue[(W->qhead + W->qlen++) % W->qcap] =
		(wunit){ h.batch, h.unit, h.exp, rule };
	pthread_cond_signal(&W->work);
	pthread_mutex_unlock(&W->lock);
}

typedef struct {
	MPI_Comm comm;
	int threads;
	volatile int *stop, *abort;
} mpi_priv;

int evo_mpi_serve(evo_mpi *M)
{
	mpi_priv *P = M->priv;
	worker W = { .comm = P->comm, .qcap = 8, .rbatch = -1 };
	int slots = P->threads + 1, done = 0, sent_stop = 0, sent_abort = 0;
	long nap = 10000;
	char *buf = NULL;
	int cap = 0;
	pthread_t *tid = xmalloc((size_t)P->threads * sizeof *tid);
	int started = 0;

	W.queue = xmalloc((size_t)W.qcap * sizeof *W.queue);
	pthread_mutex_init(&W.lock, NULL);
	pthread_cond_init(&W.work, NULL);
	pthread_cond_init(&W.idle, NULL);
	for (int i = 0; i < P->threads; i++)
		if (pthread_create(&tid[i], NULL, work, &W) == 0)
			started++;
	if (started == 0) {
		fprintf(stderr, "e2l: rank %d: cannot start a thread\n",
			M->world_rank);
		MPI_Abort(MPI_COMM_WORLD, 70);
	}
	for (int i = 0; i < slots; i++) {
		result_msg h = { -1, -1, 0, 0, 0 };
		MPI_Send(&h, sizeof h, MPI_BYTE, 0, TAG_RESULT, W.comm);
	}
	while (!done) {
		MPI_Status st;
		int did = 0;
		while (!done && probe(W.comm, 0, &st)) {
			int len = receive(W.comm, &st, &buf, &cap);
			did = 1;
			if (st.MPI_TAG == TAG_SETUP &&
			    len >= (int)sizeof(setup_msg))
				setup(&W, buf, len);
			else if (st.MPI_TAG == TAG_UNIT &&
				 len >= (int)sizeof(unit_msg))
				unit(&W, buf, len);
			else if (st.MPI_TAG == TAG_DONE)
				done = 1;
		}
		if (done)
			break;
		/* A signal here is passed on: the master decides. */
		if (P->stop && *P->stop && !sent_stop) {
			int32_t kind = STOP_GRACEFUL;
			MPI_Send(&kind, sizeof kind, MPI_BYTE, 0, TAG_STOP,
				 W.comm);
			sent_stop = did = 1;
		}
		if (P->abort && *P->abort && !sent_abort) {
			int32_t kind = STOP_ABORT;
			W.halt = 1;
			MPI_Send(&kind, sizeof kind, MPI_BYTE, 0, TAG_STOP,
				 W.comm);
			sent_abort = did = 1;
		}
		pthread_mutex_lock(&W.lock);
		int results = W.nres;
		pthread_mutex_unlock(&W.lock);
		if (results) {
			send_results(&W);
			did = 1;
		}
		if (did) {
			nap = 10000;
			continue;
		}
		/* Woken at once by a result; the master's units need the
		 * nap to end. */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += nap;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&W.lock);
		if (!W.nres)
			pthread_cond_timedwait(&W.idle, &W.lock, &until);
		pthread_mutex_unlock(&W.lock);
		if (nap < 1000000)
			nap *= 2;
	}
	/* The master is done: units running stop at their next trial,
	 * queued ones are dropped, nothing more is sent but goodbye. */
	pthread_mutex_lock(&W.lock);
	W.halt = 1;
	W.quit = 1;
	pthread_cond_broadcast(&W.work);
	pthread_mutex_unlock(&W.lock);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BYE, W.comm);

	for (int i = 0; i < W.qlen; i++)
		rule_release(W.queue[(W.qhead + i) % W.qcap].rule);
	for (int r = 0; r < W.nrules; r++)
		rule_release(W.rules[r]);
	free(W.rules);
	free(W.queue);
	free(W.results);
	free(buf);
	free(tid);
	if (W.have_cfg)
		task_config_free(&W.cfg);
	pthread_cond_destroy(&W.idle);
	pthread_cond_destroy(&W.work);
	pthread_mutex_destroy(&W.lock);
	return 0;
}

/* ---- Starting and ending ------------------------------------------- */

e2l_status evo_mpi_start(evo_mpi *M, int runs, int threads,
			 volatile int *stop, volatile int *abort,
			 e2l_error *err)
{
	const char *var;
	int provided, size, rank;
	mpi_priv *P;

	*M = (evo_mpi){ .groups = 1, .world_size = 1, .group_size = 1 };
	if (evo_mpi_launched(&var) == 0)
		return E2L_OK;
	MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
	if (provided < MPI_THREAD_FUNNELED) {
		MPI_Finalize();
		return e2l_fail(err, E2L_EINVALID, 0, 0, "this MPI offers no "
				"threads beside MPI's (MPI_THREAD_FUNNELED), "
				"which e2l needs");
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	P = xcalloc(1, sizeof *P);
	P->threads = threads > 0 ? threads : 1;
	P->stop = stop;
	P->abort = abort;
	M->active = 1;
	M->priv = P;
	M->world_rank = rank;
	M->world_size = size;
	M->groups = runs < 1 ? 1 : runs < size ? runs : size;
	/* Consecutive ranks, as a launcher places them: a group's traffic
	 * stays on as few nodes as it can. */
	M->group = (int)((long)rank * M->groups / size);
	MPI_Comm_split(MPI_COMM_WORLD, M->group, rank, &P->comm);
	MPI_Comm_rank(P->comm, &M->group_rank);
	MPI_Comm_size(P->comm, &M->group_size);
	if (M->group_rank == 0) {
		master *N = xcalloc(1, sizeof *N);
		evo_farm *F = evo_farm_local(1);
		N->comm = P->comm;
		N->size = M->group_size;
		N->asked = xcalloc((size_t)N->size, sizeof *N->asked);
		N->batch = -1;
		N->stop = stop;
		N->abort = abort;
		F->threads = M->group_size <= EVO_MPI_MASTER_COMPUTES ?
			P->threads : 0;
		F->ranks = M->group_size;
		free(F->units);
		F->units = xcalloc((size_t)F->ranks, sizeof *F->units);
		F->abort = abort;
		F->net = N;
		M->farm = F;
	}
	return E2L_OK;
}

void evo_mpi_end(evo_mpi *M)
{
	mpi_priv *P = M->priv;

	if (!M->active)
		return;
	if (M->farm) {
		master *N = M->farm->net;
		MPI_Status st;
		int byes = 0;
		for (int w = 1; w < N->size; w++)
			MPI_Send(NULL, 0, MPI_BYTE, w, TAG_DONE, N->comm);
		/* What the workers sent meanwhile is read and dropped. */
		while (byes < N->size - 1) {
			if (!probe(N->comm, MPI_ANY_SOURCE, &st)) {
				nanosleep(&(struct timespec){ 0, 100000 }, NULL);
				continue;
			}
			receive(N->comm, &st, &N->buf, &N->cap);
			byes += st.MPI_TAG == TAG_BYE;
		}
		free(N->asked);
		free(N->known);
		free(N->setup);
		free(N->buf);
		free(N);
		evo_farm_free(M->farm);
		M->farm = NULL;
	}
	MPI_Comm_free(&P->comm);
	free(P);
	M->priv = NULL;
	M->active = 0;
	MPI_Finalize();
}
