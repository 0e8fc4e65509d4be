/*
 * run.c - an evolution run and its directory (see evolve.h): the loop
 * over generations, the per-generation log line, the hall of fame and
 * its Pareto front, and the checkpoint that makes a run resumable.  The
 * files are read back only through runlog.h, the one strict reader.
 *
 * Crash safety: a generation is complete once its checkpoint has been
 * renamed into place.  The log line is written just before, so after a
 * crash the log may hold one generation more than the checkpoint, or a
 * last line cut short; resume cuts the log back to the checkpoint and
 * redoes that generation, which (all randomness being in the
 * checkpointed stream) comes out the same.  Anything else wrong with a
 * file is damage, refused with its file and line.
 */
#define _DEFAULT_SOURCE          /* flock */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "e2l/algebra.h"
#include "e2l/evolve.h"
#include "e2l/runlog.h"
#include "e2l/task.h"

typedef struct {
	char *formula;
	double fitness;
	int complexity;
} fame;

typedef struct {
	char *dir;
	const task_config *cfg;
	const evo_preset *preset;
	const evo_options *o;
	evo_settings set;           /* the hyper-parameters it runs with */
	cgp_shape shape;            /* of set, and: */
	cgp_prim prims[EVO_MAX_PRIMS];
	const char *names[EVO_MAX_INPUTS];
	evo_evaluator E;
	evo_farm *farm;             /* o->farm, or one of our own threads */
	int own_farm;
	evo_cache *cache;
	es_state es;
	long generations;
	fame *hof;
	int nhof, caphof;
	double seconds_before, t0;
	/* The reference lines (run.conf's reference_*): NaN, NULL when
	 * not measured. */
	double ref_none, ref_known;
	char *ref_name, *ref_formula;
	int pidfd;                  /* DIR/pid, locked while we run */
	e2l_status status;          /* first failure in an evaluation */
	e2l_error err;
} run;

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Replaces dir/name with text (e2l_write_atomic: a temporary of a fresh
 * name and a rename, so a reader never sees half a file and a planted
 * symlink is never followed). */
static e2l_status put_file(const char *dir, const char *name,
			   const char *text, e2l_error *err)
{
	char *path = path_in(dir, name);
	e2l_status st = e2l_write_atomic(path, text, strlen(text), err);
	free(path);
	return st;
}

/* ---- Hall of fame -------------------------------------------------- */

/* Operations in key's formula(s); -1 when one does not parse. */
static int complexity_of(const char *key)
{
	expr_arena *A = expr_arena_new();
	int ops = 0;
	char *copy = xstrdup(key), *parts[TASK_MAX_FORMULAS];
	int n = task_rule_text_split(copy, parts, TASK_MAX_FORMULAS);
	for (int k = 0; k < n; k++) {
		const expr *e;
		e2l_error err;
		if (expr_parse(A, parts[k], &e, &err) == E2L_OK)
			ops += expr_complexity(e);
		else
			ops = INT_MIN / 2;
	}
	if (n < 0)
		ops = INT_MIN / 2;
	free(copy);
	expr_arena_free(A);
	return ops < 0 ? -1 : ops;
}

static void hof_add(run *R, const char *key, double fitness, int complexity)
{
	for (int i = 0; i < R->nhof; i++)
		if (!strcmp(R->hof[i].formula, key)) {
			if (fitness > R->hof[i].fitness)
				R->hof[i].fitness = fitness;
			return;
		}
	if (R->nhof == R->caphof) {
		R->caphof = R->caphof ? 2 * R->caphof : 64;
		R->hof = xrealloc(R->hof, (size_t)R->caphof * sizeof *R->hof);
	}
	R->hof[R->nhof++] = (fame){ xstrdup(key), fitness, complexity };
}

static int by_fitness(const void *a, const void *b)
{
	const fame *x = a, *y = b;
	double fx = isnan(x->fitness) ? -INFINITY : x->fitness;
	double fy = isnan(y->fitness) ? -INFINITY : y->fitness;
	if (fx != fy)
		return fx < fy ? 1 : -1;
	if (x->complexity != y->complexity)
		return x->complexity - y->complexity;
	return strcmp(x->formula, y->formula);
}

static e2l_status save_hof(run *R, e2l_error *err)
{
	strbuf h = { 0 }, p = { 0 };
	double best = -INFINITY;
	e2l_status st;

	qsort(R->hof, (size_t)R->nhof, sizeof *R->hof, by_fitness);
	strbuf_printf(&h, "fitness\tcomplexity\tformula\n");
	strbuf_printf(&p, "fitness\tcomplexity\tformula\n");
	for (int i = 0; i < R->nhof; i++)
		strbuf_printf(&h, "%.17g\t%d\t%s\n", R->hof[i].fitness,
		    R->hof[i].complexity, R->hof[i].formula);
	/* The front: by complexity, each better than everything simpler. */
	for (int c = 0, done = 0; !done; c++) {
		done = 1;
		for (int i = 0; i < R->nhof; i++) {
			if (R->hof[i].complexity > c)
				done = 0;
			if (R->hof[i].complexity == c &&
			    R->hof[i].fitness > best) {
				best = R->hof[i].fitness;
				strbuf_printf(&p, "%.17g\t%d\t%s\n", best, c,
				    R->hof[i].formula);
				break;   /* sorted: the first is the best */
			}
		}
	}
	st = put_file(R->dir, "hof.tsv", h.s, err);
	if (st == E2L_OK)
		st = put_file(R->dir, "pareto.tsv", p.s, err);
	free(h.s);
	free(p.s);
	return st;
}


/* The hall of fame as the last complete generation (or, after a crash,
 * the one after it, which resume redoes with the same result) left it. */
static e2l_status load_hof(run *R, e2l_error *err)
{
	char *path = path_in(R->dir, "hof.tsv");
	runlog_table T;
	e2l_status st = runlog_table_read(path, INT_MAX, &T, err);

	/* What the run carries on must be what it wrote: every formula
	 * parses and has the complexity recorded beside it. */
	for (int i = 0; st == E2L_OK && i < T.n; i++) {
		int c = complexity_of(T.rows[i].formula);
		if (c < 0 || c != T.rows[i].complexity)
			st = e2l_fail(err, E2L_EINVALID, i + 2, 1, "%s:%d: %s",
				      path, i + 2, c < 0 ? "a formula that does "
				      "not parse" : "the complexity does not "
				      "match the formula");
		else
			hof_add(R, T.rows[i].formula, T.rows[i].fitness, c);
	}
	runlog_table_free(&T);
	free(path);
	/* The front is rewritten from the hall of fame every generation,
	 * but a run resumed at its end would keep a damaged one: refuse it
	 * as `watch` does. */
	if (st == E2L_OK) {
		path = path_in(R->dir, "pareto.tsv");
		st = runlog_table_read(path, 1, &T, err);
		runlog_table_free(&T);       /* what it read, even on failure */
		free(path);
	}
	return st;
}

/* ---- Evaluation ---------------------------------------------------- */

static void evaluate(void *ctx, cgp_individual **todo, int n)
{
	run *R = ctx;
	char **keys = xcalloc((size_t)n, sizeof *keys);
	e2l_error err;
	e2l_status st = evo_fitness_many(&R->E, todo, n, keys, &err);

	if (st != E2L_OK && R->status == E2L_OK) {
		R->status = st;
		R->err = err;
	}
	for (int i = 0; i < n; i++) {
		if (st != E2L_OK)
			todo[i]->fitness = -INFINITY;
		else if (keys[i])
			hof_add(R, keys[i], todo[i]->fitness,
				complexity_of(keys[i]));
		free(keys[i]);
	}
	free(keys);
}

/* ---- Files --------------------------------------------------------- */

static char *raw_formula(const run *R, const cgp_individual *x)
{
	expr_arena *A = expr_arena_new();
	char *s[CGP_MAX_GENOMES];
	for (int k = 0; k < R->set.ngenomes; k++)
		s[k] = expr_print(cgp_decode(&x->g[k], &R->shape, R->names,
					     A), EXPR_INFIX);
	char *t = task_rule_text_join((const char *const *)s,
				      R->set.ngenomes);
	for (int k = 0; k < R->set.ngenomes; k++)
		free(s[k]);
	expr_arena_free(A);
	return t;
}

static e2l_status log_generation(run *R, e2l_error *err)
{
	const cgp_individual *champ = &R->es.parents[0];
	double *fit = xmalloc((size_t)R->es.P.mu * sizeof *fit);
	char *key = NULL, *raw = raw_formula(R, champ);
	long hits, misses, entries, skipped;
	strbuf t = { 0 };
	e2l_error kerr;
	evo_generation g;
	char *path = path_in(R->dir, "log.jsonl");
	e2l_status st = E2L_OK;

	if (evo_key(&R->E, champ, &key, &kerr) != E2L_OK)
		key = xstrdup(raw);
	evo_cache_stats(R->cache, &hits, &misses, &entries, &skipped);
	for (int i = 0; i < R->es.P.mu; i++)
		fit[i] = R->es.parents[i].fitness;
	g = (evo_generation){ R->es.generation, fit, R->es.P.mu, key,
			      complexity_of(key), R->es.evaluations, hits,
			      R->seconds_before + e2l_seconds() - R->t0 };
	strbuf_printf(&t, "{\"generation\": %ld, \"parents\": [", g.generation);
	for (int i = 0; i < g.mu; i++) {
		strbuf_printf(&t, i ? ", " : "");
		strbuf_json_number(&t, fit[i]);
	}
	strbuf_printf(&t, "], \"champion\": ");
	strbuf_json_string(&t, key);
	strbuf_printf(&t, ", \"champion_raw\": ");
	strbuf_json_string(&t, raw);
	strbuf_printf(&t, ", \"complexity\": %d, \"evaluations\": %ld, "
	    "\"cache_hits\": %ld, \"seconds\": %.3f", g.complexity,
	    g.evaluations, hits, g.seconds);
	/* Who did the work: the experiments each rank ran in this
	 * generation (rank 0 this process), for the dashboard's rates. */
	int ranks = evo_farm_ranks(R->farm);
	long *units = xmalloc((size_t)ranks * sizeof *units);
	evo_farm_take_units(R->farm, units, ranks);
	strbuf_printf(&t, ", \"ranks\": %d, \"rank_units\": [", ranks);
	for (int i = 0; i < ranks; i++)
		strbuf_printf(&t, "%s%ld", i ? ", " : "", units[i]);
	strbuf_printf(&t, "]}\n");
	free(units);
	/* One write, never through a symbolic link: a crash leaves at most
	 * the end of this line missing. */
	st = e2l_append(path, t.s, t.len, err);
	if (R->o->report)
		R->o->report(R->o->ctx, &g);
	free(path);
	free(t.s);
	free(fit);
	free(key);
	free(raw);
	return st;
}

static e2l_status save_checkpoint(run *R, e2l_error *err)
{
	strbuf t = { 0 };
	const unsigned char *state = gsl_rng_state(R->es.rng);
	size_t size = gsl_rng_size(R->es.rng);
	e2l_status st;

	strbuf_printf(&t, EVO_CHECKPOINT_MAGIC "\n");
	strbuf_printf(&t, "generation %ld\n", R->es.generation);
	strbuf_printf(&t, "evaluations %ld\n", R->es.evaluations);
	strbuf_printf(&t, "seconds %.3f\n", R->seconds_before + e2l_seconds() - R->t0);
	strbuf_printf(&t, "rng %s ", gsl_rng_name(R->es.rng));
	for (size_t i = 0; i < size; i++)
		strbuf_printf(&t, "%02x", state[i]);
	strbuf_printf(&t, "\n");
	for (int i = 0; i < R->es.P.mu; i++) {
		const cgp_individual *x = &R->es.parents[i];
		strbuf_printf(&t, "parent %.17g", x->fitness);
		for (int k = 0; k < R->set.ngenomes; k++)
			for (int j = 0; j < x->g[k].n; j++)
				strbuf_printf(&t, " %d", x->g[k].genes[j]);
		strbuf_printf(&t, "\n");
	}
	strbuf_printf(&t, "end\n");
	st = put_file(R->dir, "checkpoint", t.s, err);
	free(t.s);
	return st;
}

/* The checkpoint into R->es, already set up with the preset's shape. */
static e2l_status load_checkpoint(run *R, e2l_error *err)
{
	char *path = path_in(R->dir, "checkpoint");
	e2l_status st = runlog_checkpoint_read(path, &R->es,
					       &R->seconds_before, err);
	free(path);
	return st;
}

/*
 * Cuts the log back to generation g, the checkpoint's.  Every line up to
 * it must be a complete generation (runlog's reader, as `runs` and
 * `watch` read it later); after it a crash may have left the next
 * generation's line, complete, or a last line without its '\n'.  Both are
 * dropped.  Anything else is damage, an error naming file:line.
 */
static e2l_status trim_log(run *R, long g, e2l_error *err)
{
	char *path = path_in(R->dir, "log.jsonl"), *text;
	size_t len, keep = 0;
	long lineno = 0;
	const char *p, *end;
	e2l_status st = e2l_read_file(path, E2L_RUNFILE_MAX, &text, &len, err);

	if (st != E2L_OK) {
		free(path);
		return st;
	}
	p = text;
	end = text + len;
	while (st == E2L_OK && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		runlog_gen gen;
		if (!nl && lineno == g + 1)
			break;          /* the next one, cut short: dropped */
		if (++lineno > g + 2 || !nl) {
			st = e2l_fail(err, E2L_EINVALID, lineno > INT_MAX ?
				      INT_MAX : (int)lineno, 1, "%s:%ld: %s "
				      "(the checkpoint is generation %ld)",
				      path, lineno, lineno > g + 2 ?
				      "more generations than the checkpoint "
				      "can explain" : "the last line is cut "
				      "short", g);
			break;
		}
		st = runlog_gen_parse(path, lineno, lineno - 1, p,
				      (size_t)(nl - p), &gen, err);
		if (st == E2L_OK && gen.mu != R->es.P.mu)
			st = e2l_fail(err, E2L_EINVALID, lineno > INT_MAX ?
				      INT_MAX : (int)lineno, 1, "%s:%ld: %d "
				      "parents where the preset has %d", path,
				      lineno, gen.mu, R->es.P.mu);
		runlog_gen_free(&gen);
		p = nl + 1;
		if (lineno <= g + 1)
			keep = (size_t)(p - text);
	}
	if (st == E2L_OK && lineno < g + 1)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: has %ld complete "
			      "generations, the checkpoint %ld", path,
			      lineno, g + 1);
	if (st == E2L_OK && keep < len)
		st = e2l_write_atomic(path, text, keep, err);
	free(text);
	free(path);
	return st;
}

/* ---- The loop ------------------------------------------------------ */

/* R for a run of cfg with settings S (checked against cfg's family). */
static void setup(run *R, const char *dir, const task_config *cfg,
		  const evo_settings *S, const evo_options *o)
{
	memset(R, 0, sizeof *R);
	R->pidfd = -1;
	R->dir = xstrdup(dir);
	R->cfg = cfg;
	R->preset = S->preset;
	R->o = o;
	R->set = *S;
	evo_settings_shape(&R->set, &R->shape, R->prims, R->names);
	R->generations = o->generations > 0 ? o->generations :
		R->preset->generations;
	/* Experiments are the task's, the same for every run and for
	 * `e2l run` with the same seed: fitness is comparable and the cache
	 * is shared.  Genome input i is the variable the settings name. */
	R->farm = o->farm;
	if (!R->farm) {
		R->farm = evo_farm_local(o->threads);
		evo_farm_set_abort(R->farm, o->abort);
		R->own_farm = 1;
	}
	R->E = (evo_evaluator){ cfg, &R->shape, o->task_seed ? o->task_seed :
				1, 0, o->threads, NULL, R->names, R->farm };
	R->t0 = e2l_seconds();
	R->ref_none = R->ref_known = NAN;
}

static es_params strategy(const run *R)
{
	return (es_params){ &R->shape, R->set.ngenomes, R->set.mu,
			    R->set.lambda, R->set.tournament,
			    R->set.p_mutation, R->set.reorder };
}

/* ---- Who runs the directory ---------------------------------------- */

/*
 * DIR/pid holds "PID HOST" while a process runs the evolution, so that a
 * viewer (`e2l watch`, possibly on another machine sharing the disk) can
 * tell a live run from a stopped one.  The process also holds an flock on
 * the file for as long, and that lock, not the text, decides who runs
 * the directory: it is taken atomically and dies with its process, so of
 * two processes that find the same stale file exactly one takes it over,
 * and a file left by a killed run needs no cleaning up.  The text still
 * counts where a lock cannot be trusted: a process on another host (a
 * network file system may keep locks per machine) and a live e2l that
 * does not hold the lock (one from before runs were locked).
 */
enum { PIDFILE_MAX = 1024 };

/* Who the pid file open at fd names (runlog_owner_of). */
static runlog_owner read_owner(int fd, long *pid, char *host, size_t size)
{
	char text[PIDFILE_MAX];
	ssize_t n;

	do
		n = pread(fd, text, sizeof text, 0);
	while (n < 0 && errno == EINTR);
	return n > 0 ? runlog_owner_of(text, (size_t)n, pid, host, size) :
		RUNLOG_OWNER_NONE;
}

/* The error for a directory whose pid file another process has locked. */
static e2l_status busy(const char *dir, int fd, e2l_error *err)
{
	char host[256];
	long pid;

	/* It writes its pid just after locking (until then the file may
	 * name the dead process before it): give it a moment. */
	for (int i = 0; i < 50; i++) {
		runlog_owner who = read_owner(fd, &pid, host, sizeof host);
		if (who == RUNLOG_OWNER_LIVE || who == RUNLOG_OWNER_REMOTE)
			return e2l_fail(err, E2L_EINVALID, 0, 0, "%s is being run "
					"by process %ld on %s", dir, pid, host);
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	return e2l_fail(err, E2L_EINVALID, 0, 0, "%s is being run by another "
			"process", dir);
}

/* Locks DIR/pid and writes "PID HOST" into it; *fdp gets the descriptor,
 * which holds the lock until release().  An error names who runs the
 * directory, or says what to do. */
static e2l_status claim(const char *dir, int *fdp, e2l_error *err)
{
	char *path = path_in(dir, "pid"), host[256] = "", other[256];
	char text[300];
	struct stat a, b;
	e2l_status st = E2L_OK;
	long pid;
	int fd = -1, len;

	*fdp = -1;
	gethostname(host, sizeof host - 1);
	for (int attempt = 0;; attempt++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
			  O_NOCTTY | O_NONBLOCK, 0666);
		if (fd < 0) {
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				      errno == ELOOP ? "is a symbolic link; e2l "
				      "will not write through it" :
				      strerror(errno));
			break;
		}
		/* Never truncate a file that is also another name's. */
		if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode) ||
		    a.st_nlink != 1) {
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: not a plain file "
				      "of its own (a device, FIFO, or a file "
				      "with other links): remove it", path);
			break;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			st = errno == EWOULDBLOCK ? busy(dir, fd, err) :
				e2l_fail(err, E2L_EIO, 0, 0, "%s: cannot lock "
					 "it: %s", path, strerror(errno));
			break;
		}
		/* Locked; but the owner may have removed the file between our
		 * open and our lock (its run ended), and another process made
		 * a new one: then the lock is on a file nobody sees. */
		if (stat(path, &b) == 0 && b.st_dev == a.st_dev &&
		    b.st_ino == a.st_ino)
			break;
		close(fd);
		fd = -1;
		if (attempt == 100) {
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: keeps being "
				      "replaced: is another e2l starting and "
				      "stopping in %s?", path, dir);
			break;
		}
	}
	if (st == E2L_OK) {
		runlog_owner who = read_owner(fd, &pid, other, sizeof other);
		if (who == RUNLOG_OWNER_REMOTE)
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s is being run "
				      "by process %ld on %s (if no e2l runs it "
				      "there, remove %s)", dir, pid, other,
				      path);
		else if (who == RUNLOG_OWNER_LIVE && pid != (long)getpid())
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s names process "
				      "%ld, which is alive but does not hold "
				      "the run's lock: if no e2l runs %s, "
				      "remove %s", path, pid, dir, path);
		/* Else dead, or its pid now another program's: ours. */
	}
	if (st == E2L_OK) {
		len = snprintf(text, sizeof text, "%ld %s\n", (long)getpid(),
			       host);
		errno = 0;
		if (ftruncate(fd, 0) != 0 ||
		    pwrite(fd, text, (size_t)len, 0) != len)
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				      strerror(errno ? errno : EIO));
	}
	if (st == E2L_OK)
		*fdp = fd;
	else if (fd >= 0)
		close(fd);
	free(path);
	return st;
}

/* Removes DIR/pid, while still holding its lock (the order matters: see
 * claim), unless it is no longer ours. */
static void release(const char *dir, int fd)
{
	char *path = path_in(dir, "pid");
	struct stat a, b;

	if (fd >= 0) {
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			unlink(path);
		close(fd);
	}
	free(path);
}

static void teardown(run *R)
{
	release(R->dir, R->pidfd);
	if (R->own_farm)
		evo_farm_free(R->farm);
	es_free(&R->es);
	evo_cache_close(R->cache);
	for (int i = 0; i < R->nhof; i++)
		free(R->hof[i].formula);
	free(R->hof);
	free(R->dir);
	free(R->ref_name);
	free(R->ref_formula);
}

static e2l_status open_cache(run *R, e2l_error *err)
{
	char *config = evo_config_key(R->cfg, R->E.seed, 0);
	e2l_status st = evo_cache_open(&R->cache, R->o->cache, config, err);
	e2l_error w;

	free(config);
	R->E.cache = R->cache;
	if (st == E2L_OK && R->o->warn &&
	    evo_cache_warning(R->cache, &w) != E2L_OK)
		R->o->warn(R->o->ctx, &w);
	return st;
}

/* The reference lines: no plasticity and the task's best-known rule
 * (evo_known_rule), on the experiments every genome of the run is
 * measured on, so that a dashboard's lines are comparable with its
 * curve.  A failure costs the lines, not the run: a warning. */
static void measure_references(run *R)
{
	const task_family *f = R->cfg->family;
	const evo_known *k = evo_known_rule(f->name);
	const char *texts[2] = { f->nformulas > 1 ? "0 ; 0" : "0",
				 k ? k->formula : NULL };
	double fit[2] = { NAN, NAN };
	e2l_error err;

	if (evo_fitness_texts(&R->E, texts, k ? 2 : 1, fit, &err) != E2L_OK) {
		if (R->o->warn) {
			e2l_error w;
			e2l_fail(&w, err.status, 0, 0, "reference lines not "
				 "measured: %.200s", err.msg);
			R->o->warn(R->o->ctx, &w);
		}
		return;
	}
	/* Not this run's generation 0's work: the ranks' tallies start
	 * after them. */
	long units[64];
	evo_farm_take_units(R->farm, units, 64);
	/* NaN no writer writes, +inf no task gives: kept out of run.conf. */
	R->ref_none = isnan(fit[0]) || fit[0] == INFINITY ? NAN : fit[0];
	if (k && !isnan(fit[1]) && fit[1] != INFINITY) {
		R->ref_known = fit[1];
		R->ref_name = xstrdup(k->name);
		R->ref_formula = xstrdup(k->formula);
	}
}

static const char *stop_reason(run *R)
{
	return runlog_stop_reason(R->es.generation, R->generations,
				  R->es.parents[0].fitness, R->set.min_fitness,
				  R->seconds_before + e2l_seconds() - R->t0,
				  R->o->wall_seconds, R->es.evaluations,
				  R->o->max_evaluations);
}

/* A generation that did not complete: abandoned on purpose (o->abort),
 * which leaves the last checkpoint as the run's state, or an error. */
static e2l_status failed(run *R, e2l_error *err)
{
	if (R->status == E2L_ESTOPPED && R->o->abort && *R->o->abort)
		return E2L_OK;
	*err = R->err;
	return R->status;
}

static e2l_status loop(run *R, e2l_error *err)
{
	e2l_status st = E2L_OK;
	while (!stop_reason(R) && !(R->o->stop && *R->o->stop)) {
		es_step(&R->es, evaluate, R);
		if (R->status != E2L_OK)
			return failed(R, err);
		if ((st = log_generation(R, err)) != E2L_OK ||
		    (st = save_hof(R, err)) != E2L_OK ||
		    (st = save_checkpoint(R, err)) != E2L_OK)
			return st;
	}
	return st;
}


/* run.conf: what the run is, the budgets it runs to and every setting
 * it evolves with, overridden or not, so that the directory alone says
 * what its run does (runlog.h reads it back). */
static e2l_status write_run_conf(run *R, e2l_error *err)
{
	strbuf t = { 0 };
	e2l_status st;
	char value[EVO_MAX_PRIMS * EVO_WORD_MAX + 64];

	strbuf_printf(&t, "# e2l evolution run\nformat = %s\npreset = %s\n"
	    "seed = %" PRIu64 "\ntask_seed = %" PRIu64 "\ngenerations = %ld\n"
	    "max_evaluations = %ld\nwall_seconds = %.17g\n", EVO_RUN_FORMAT,
	    R->preset->name, R->o->seed, R->E.seed, R->generations,
	    R->o->max_evaluations > 0 ? R->o->max_evaluations : 0,
	    R->o->wall_seconds > 0 ? R->o->wall_seconds : 0.0);
	if (!isnan(R->ref_none) || R->ref_name)
		strbuf_printf(&t, "# the reference lines: no plasticity and "
			      "the task's best-known rule, measured on the "
			      "run's experiments\n");
	if (!isnan(R->ref_none))
		strbuf_printf(&t, "reference_none = %.17g\n", R->ref_none);
	if (R->ref_name)
		strbuf_printf(&t, "reference_known = %.17g %s %s\n",
			      R->ref_known, R->ref_name, R->ref_formula);
	strbuf_printf(&t, "# the settings: the preset's, with any given on "
		      "the command line\n");
	for (const evo_setting *k = evo_settings_table; k->key; k++) {
		evo_settings_get(&R->set, k->key, value, sizeof value);
		strbuf_printf(&t, "%s = %s\n", k->key, value);
	}
	st = put_file(R->dir, "run.conf", t.s, err);
	free(t.s);
	return st;
}

static e2l_status write_config(run *R, e2l_error *err)
{
	strbuf t = { 0 };
	const task_family *f = R->cfg->family;
	e2l_status st = write_run_conf(R, err);

	if (st != E2L_OK)
		return st;
	strbuf_printf(&t, "# the task configuration of this run\nfamily = %s\n",
	    f->name);
	for (int i = 0; i < f->nparams; i++) {
		char buf[64];
		const char *value = task_config_text(R->cfg, i, 1, buf,
						     sizeof buf);
		if (*value)     /* an empty text (no replay file) is unset */
			strbuf_printf(&t, "%s = %s\n", f->params[i].name,
				      value);
	}
	st = put_file(R->dir, "task.task", t.s, err);
	free(t.s);
	return st;
}

e2l_status evo_run(const char *dir, const task_config *cfg,
		   const evo_options *o, e2l_error *err)
{
	run R;
	e2l_status st;
	es_params P;
	evo_settings S;
	const char *key;
	int fd;

	if (o->settings)
		S = *o->settings;
	else
		evo_settings_init(&S, o->preset);
	if (!S.preset)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "no preset to evolve "
				"with");
	if (strcmp(S.preset->family, cfg->family->name))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "preset '%s' is for "
				"task family '%s', not '%s'", S.preset->name,
				S.preset->family, cfg->family->name);
	if (evo_settings_check(&S, cfg->family, &key, err) != E2L_OK) {
		char why[sizeof err->msg];
		memcpy(why, err->msg, sizeof why);
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: %.200s", key,
				why);
	}
	if (e2l_mkdirs(dir, 0777) != 0)
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", dir,
				strerror(errno));
	/* Claimed first, so that no other process can write a checkpoint
	 * after we looked.  A directory with a run.conf but no checkpoint
	 * (killed before its first generation) may start again. */
	if ((st = claim(dir, &fd, err)) != E2L_OK)
		return st;
	char *probe = path_in(dir, "checkpoint");
	struct stat sb;
	int exists = lstat(probe, &sb) == 0;
	free(probe);
	if (exists) {
		release(dir, fd);
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s holds a run "
				"already: continue it with --resume, or choose "
				"another directory", dir);
	}
	setup(&R, dir, cfg, &S, o);
	R.pidfd = fd;
	if ((st = open_cache(&R, err)) == E2L_OK)
		measure_references(&R);
	if (st != E2L_OK || (st = write_config(&R, err)) != E2L_OK) {
		teardown(&R);
		return st;
	}
	char *log = path_in(dir, "log.jsonl");
	st = e2l_write_atomic(log, "", 0, err);
	free(log);
	if (st != E2L_OK) {
		teardown(&R);
		return st;
	}
	P = strategy(&R);
	es_init(&R.es, &P, o->seed, evaluate, &R);
	if (R.status != E2L_OK) {
		st = failed(&R, err);
	} else if ((st = log_generation(&R, err)) == E2L_OK &&
		   (st = save_hof(&R, err)) == E2L_OK &&
		   (st = save_checkpoint(&R, err)) == E2L_OK) {
		st = loop(&R, err);
	}
	teardown(&R);
	return st;
}

/* The error for a run directory without a checkpoint: the command that
 * starts its run again. */
static e2l_status no_checkpoint(const char *dir, const runlog_conf *c,
				const evo_preset *p, e2l_error *err)
{
	strbuf t = { 0 };
	e2l_status st;
	evo_settings base;
	char value[EVO_MAX_PRIMS * EVO_WORD_MAX + 64], was[sizeof value];

	strbuf_printf(&t, "e2l evolve %s/task.task --preset %s --seed %"
		      PRIu64, dir, p->name, c->seed);
	/* The settings that differ from the preset's, as options; a value
	 * a shell would expand ('*', '^') in quotes. */
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,+-";
	evo_settings_init(&base, p);
	for (const evo_setting *k = evo_settings_table; k->key; k++) {
		evo_settings_get(&c->settings, k->key, value, sizeof value);
		evo_settings_get(&base, k->key, was, sizeof was);
		if (!k->option || !strcmp(value, was))
			continue;
		strbuf_printf(&t, " --");
		if (!k->arg && !c->settings.reorder)
			strbuf_printf(&t, "no-");
		for (const char *q = k->key; *q; q++)
			strbuf_printf(&t, "%c", *q == '_' ? '-' : *q);
		if (k->arg)
			strbuf_printf(&t, strspn(value, safe) == strlen(value) ?
				      " %s" : " '%s'", value);
	}
	if (c->task_seed != 1)
		strbuf_printf(&t, " --task-seed %" PRIu64, c->task_seed);
	if (c->generations > 0 && c->generations != p->generations)
		strbuf_printf(&t, " --generations %ld", c->generations);
	if (c->max_evaluations > 0)
		strbuf_printf(&t, " --max-evaluations %ld",
			      c->max_evaluations);
	if (c->wall_seconds > 0)
		strbuf_printf(&t, " --wall %.17g", c->wall_seconds);
	/* A command cut short would start another run: when it does not
	 * fit in a message, say where its parts are. */
	strbuf m = { 0 };
	strbuf_printf(&m, "%s has no checkpoint yet (stopped before its first "
		      "generation?): start it again with: %s --out %s", dir,
		      t.s, dir);
	if (m.len < sizeof err->msg)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s", m.s);
	else
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s has no checkpoint "
			      "yet: start it again with e2l evolve %s/task.task "
			      "--out %s and the preset, seeds and settings of "
			      "%s/run.conf as options", dir, dir, dir, dir);
	free(m.s);
	free(t.s);
	return st;
}

/* The error for a run with nothing left to run, `why` it ended; asked:
 * the generations the command line gave (0: none). */
static e2l_status nothing_left(run *R, const char *why, long asked,
			       e2l_error *err)
{
	const evo_options *o = R->o;
	const char *d = R->dir;
	long done = R->es.generation + 1;

	if (!strcmp(why, "generations") && asked > 0)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s has run %ld "
				"generations already: --generations %ld does "
				"not extend it (give N above %ld)", d, done,
				asked, done);
	if (!strcmp(why, "generations"))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s has finished: it "
				"ran all its %ld generations (to run it "
				"further: e2l evolve --resume %s --generations "
				"N, N above %ld)", d, done, d, done);
	if (!strcmp(why, "target fitness"))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s has finished: its "
				"champion's fitness %.6g reached the target "
				"%.6g at generation %ld", d,
				R->es.parents[0].fitness, R->set.min_fitness,
				R->es.generation);
	if (!strcmp(why, "wall time"))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s has spent its "
				"wall-time budget of %.6g s (continue it with "
				"a larger --wall)", d, o->wall_seconds);
	return e2l_fail(err, E2L_EINVALID, 0, 0, "%s has spent its budget of "
			"%ld evaluations (continue it with a larger "
			"--max-evaluations)", d, o->max_evaluations);
}

e2l_status evo_resume(const char *dir, evo_options *o, e2l_error *err)
{
	runlog_conf c;
	task_config cfg;
	run R;
	es_params P;
	char *path;
	const char *key, *why = NULL;
	int fd, changed = 0;
	long asked;
	struct stat sb;
	e2l_status st = runlog_conf_read(dir, &c, err);

	o->finished = NULL;

	if (st != E2L_OK) {
		runlog_conf_free(&c);
		return st;
	}
	if (!(o->preset = evo_preset_find(c.preset))) {
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s/run.conf: unknown "
			      "preset '%s'", dir, c.preset);
		runlog_conf_free(&c);
		return st;
	}
	o->seed = c.seed;
	o->task_seed = c.task_seed;
	asked = o->generations > 0 ? o->generations : 0;
	/* What the command line gives wins, and is saved (below) for the
	 * next resume and for viewers; the rest is as saved. */
	if (o->generations <= 0)
		o->generations = c.generations;
	else
		changed |= o->generations != c.generations;
	if (o->max_evaluations <= 0)
		o->max_evaluations = c.max_evaluations;
	else
		changed |= o->max_evaluations != c.max_evaluations;
	if (o->wall_seconds <= 0)
		o->wall_seconds = c.wall_seconds;
	else
		changed |= o->wall_seconds != c.wall_seconds;
	/* task_config_load reads through e2l_read_text: a FIFO or a device
	 * is an error, not a hang. */
	path = path_in(dir, "task.task");
	st = task_config_load(path, &cfg, err);
	free(path);
	if (st != E2L_OK) {
		runlog_conf_free(&c);
		return st;
	}
	/* The settings run.conf saved (runlog_conf_read checked them
	 * together), against the task they are for. */
	if (strcmp(o->preset->family, cfg.family->name) ||
	    evo_settings_check(&c.settings, cfg.family, &key, err) !=
	    E2L_OK) {
		char why[sizeof err->msg];
		if (strcmp(o->preset->family, cfg.family->name))
			snprintf(why, sizeof why, "preset: '%s' is for task "
				 "family '%s', not '%s'", o->preset->name,
				 o->preset->family, cfg.family->name);
		else
			snprintf(why, sizeof why, "%s: %.200s", key, err->msg);
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s/run.conf: %.300s "
			      "(the task is %s/task.task)", dir, why, dir);
		runlog_conf_free(&c);
		task_config_free(&cfg);
		return st;
	}
	if ((st = claim(dir, &fd, err)) != E2L_OK) {
		runlog_conf_free(&c);
		task_config_free(&cfg);
		return st;
	}
	path = path_in(dir, "checkpoint");
	if (lstat(path, &sb) != 0 && errno == ENOENT) {
		st = no_checkpoint(dir, &c, o->preset, err);
		release(dir, fd);
		free(path);
		runlog_conf_free(&c);
		task_config_free(&cfg);
		return st;
	}
	free(path);
	setup(&R, dir, &cfg, &c.settings, o);
	/* Kept for run.conf, which a resume may write again. */
	R.ref_none = c.ref_none;
	R.ref_known = c.ref_known;
	R.ref_name = c.ref_name;
	R.ref_formula = c.ref_formula;
	c.ref_name = c.ref_formula = NULL;
	runlog_conf_free(&c);
	R.pidfd = fd;
	P = strategy(&R);
	/* The strategy's buffers, then the checkpoint's state in them. */
	R.es.P = P;
	R.es.rng = gsl_rng_alloc(gsl_rng_mt19937);
	R.es.parents = xcalloc((size_t)P.mu, sizeof *R.es.parents);
	R.es.offspring = xcalloc((size_t)P.lambda, sizeof *R.es.offspring);
	for (int i = 0; i < P.mu; i++)
		for (int k = 0; k < P.ngenomes; k++)
			cgp_genome_init(&R.es.parents[i].g[k], &R.shape);
	for (int i = 0; i < P.lambda; i++)
		for (int k = 0; k < P.ngenomes; k++)
			cgp_genome_init(&R.es.offspring[i].g[k], &R.shape);
	/* Read and checked whole first (damage is said as damage); then a
	 * run with nothing left to run says so, and stays as it was
	 * (run.conf too: a --generations that extends nothing is not
	 * saved).  Its log holds no line past the checkpoint to trim: a
	 * run ends after a checkpoint. */
	if ((st = load_checkpoint(&R, err)) == E2L_OK &&
	    (st = trim_log(&R, R.es.generation, err)) == E2L_OK &&
	    (st = load_hof(&R, err)) == E2L_OK &&
	    (why = stop_reason(&R)) != NULL) {
		o->finished = why;
		st = nothing_left(&R, why, asked, err);
	} else if (st == E2L_OK &&
	    (st = open_cache(&R, err)) == E2L_OK &&
	    (!changed || (st = write_run_conf(&R, err)) == E2L_OK)) {
		st = loop(&R, err);
	}
	teardown(&R);
	task_config_free(&cfg);
	return st;
}
