/*
 * run.c - an evolution run and its directory (see evolve.h): the loop
 * over generations, the per-generation log line, the hall of fame and
 * its Pareto front, and the checkpoint that makes a run resumable.
 *
 * Crash safety: a generation is complete once its checkpoint has been
 * renamed into place.  The log line is written just before, so after a
 * crash the log may hold one generation more than the checkpoint; resume
 * cuts the log back to the checkpoint and redoes that generation, which
 * (all randomness being in the checkpointed stream) comes out the same.
 */
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2l/algebra.h"
#include "e2l/evolve.h"
#include "e2l/task.h"

#define CHECKPOINT_MAGIC "e2l-checkpoint 1"

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
	cgp_shape shape;
	evo_evaluator E;
	evo_cache *cache;
	es_state es;
	long generations;
	fame *hof;
	int nhof, caphof;
	double seconds_before, t0;
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

/* Opens dir/name for reading; *path gets its name (caller frees).  On
 * failure: NULL, err filled (E2L_EIO) and *path NULL. */
static FILE *open_run_file(const char *dir, const char *name, char **path,
			   e2l_error *err)
{
	FILE *f;
	*path = path_in(dir, name);
	f = fopen(*path, "r");
	if (!f) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", *path, strerror(errno));
		free(*path);
		*path = NULL;
	}
	return f;
}

/* Writes text to dir/name through a temporary file and a rename, so a
 * reader never sees half a file. */
static e2l_status write_atomic(const char *dir, const char *name,
			       const char *text, e2l_error *err)
{
	char *path = path_in(dir, name), *tmp = xmalloc(strlen(path) + 5);
	FILE *f;
	e2l_status st = E2L_OK;

	sprintf(tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", tmp,
			      strerror(errno));
		if (f)
			fclose(f);
	} else if (fclose(f) != 0 || rename(tmp, path) != 0) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
			      strerror(errno));
	}
	free(tmp);
	free(path);
	return st;
}

static void add_json_string(strbuf *t, const char *s)
{
	strbuf_printf(t, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_printf(t, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			strbuf_printf(t, "\\u%04x", *s);
		else
			strbuf_printf(t, "%c", *s);
	}
	strbuf_printf(t, "\"");
}

static void add_number(strbuf *t, double x)
{
	if (isfinite(x))
		strbuf_printf(t, "%.17g", x);
	else
		strbuf_printf(t, "null");        /* JSON has no infinity */
}

/* ---- Hall of fame -------------------------------------------------- */

static int complexity_of(const char *key)
{
	expr_arena *A = expr_arena_new();
	int ops = 0;
	char *copy = xstrdup(key), *part = copy, *sep;
	do {
		const expr *e;
		e2l_error err;
		sep = strstr(part, " ; ");
		if (sep)
			*sep = '\0';
		if (expr_parse(A, part, &e, &err) == E2L_OK)
			ops += expr_complexity(e);
		part = sep ? sep + 3 : NULL;
	} while (part);
	free(copy);
	expr_arena_free(A);
	return ops;
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
	st = write_atomic(R->dir, "hof.tsv", h.s, err);
	if (st == E2L_OK)
		st = write_atomic(R->dir, "pareto.tsv", p.s, err);
	free(h.s);
	free(p.s);
	return st;
}

/* The hall of fame as the last complete generation left it. */
static e2l_status load_hof(run *R, e2l_error *err)
{
	char *path, *line = NULL;
	FILE *f = open_run_file(R->dir, "hof.tsv", &path, err);
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;
	e2l_status st = E2L_OK;

	if (!f)
		return E2L_EIO;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *end, *tab;
		if (++lineno == 1)
			continue;       /* the header */
		double fit = strtod(line, &end);
		long ops = *end == '\t' ? strtol(end + 1, &tab, 10) : -1;
		if (len == 0 || line[len - 1] != '\n' || ops < 0 ||
		    *tab != '\t') {
			st = e2l_fail(err, E2L_EINVALID, lineno, 1,
				      "%s:%d: damaged hall-of-fame line", path,
				      lineno);
			break;
		}
		line[len - 1] = '\0';
		hof_add(R, tab + 1, fit, (int)ops);
	}
	free(line);
	fclose(f);
	free(path);
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
	strbuf t = { 0 };
	for (int k = 0; k < R->preset->ngenomes; k++) {
		char *s = expr_print(cgp_decode(&x->g[k], &R->shape,
						R->cfg->family->vars, A),
				     EXPR_INFIX);
		strbuf_printf(&t, "%s%s", k ? " ; " : "", s);
		free(s);
	}
	expr_arena_free(A);
	return t.s;
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
	FILE *f;
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
		add_number(&t, fit[i]);
	}
	strbuf_printf(&t, "], \"champion\": ");
	add_json_string(&t, key);
	strbuf_printf(&t, ", \"champion_raw\": ");
	add_json_string(&t, raw);
	strbuf_printf(&t, ", \"complexity\": %d, \"evaluations\": %ld, "
	    "\"cache_hits\": %ld, \"seconds\": %.3f}\n", g.complexity,
	    g.evaluations, hits, g.seconds);
	f = fopen(path, "a");
	if (!f || fputs(t.s, f) < 0 || fclose(f) != 0)
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
			      strerror(errno));
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

	strbuf_printf(&t, CHECKPOINT_MAGIC "\n");
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
		for (int k = 0; k < R->preset->ngenomes; k++)
			for (int j = 0; j < x->g[k].n; j++)
				strbuf_printf(&t, " %d", x->g[k].genes[j]);
		strbuf_printf(&t, "\n");
	}
	strbuf_printf(&t, "end\n");
	st = write_atomic(R->dir, "checkpoint", t.s, err);
	free(t.s);
	return st;
}

/* Reads a checkpoint into R->es (already set up with the right shape);
 * any damage is an error naming the file and line, never a guess. */
static e2l_status load_checkpoint(run *R, e2l_error *err)
{
	char *path;
	FILE *f = open_run_file(R->dir, "checkpoint", &path, err);
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, parents = 0, ended = 0;
	e2l_status st = E2L_OK;

	if (!f)
		return E2L_EIO;
#define BAD(...) do { st = e2l_fail(err, E2L_EINVALID, lineno, 1, \
				    __VA_ARGS__); goto out; } while (0)
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1) {
			if (strcmp(line, CHECKPOINT_MAGIC))
				BAD("%s:1: not an e2l checkpoint of this "
				    "version ('%.40s')", path, line);
			continue;
		}
		char *sp = strchr(line, ' '), *rest = sp ? sp + 1 : "", *end;
		if (sp)
			*sp = '\0';
		if (!strcmp(line, "generation")) {
			R->es.generation = strtol(rest, &end, 10);
			if (end == rest || *end || R->es.generation < 0)
				BAD("%s:%d: bad generation", path, lineno);
		} else if (!strcmp(line, "evaluations")) {
			R->es.evaluations = strtol(rest, &end, 10);
			if (end == rest || *end || R->es.evaluations < 0)
				BAD("%s:%d: bad evaluation count", path,
				    lineno);
		} else if (!strcmp(line, "seconds")) {
			R->seconds_before = strtod(rest, &end);
			if (end == rest || *end)
				BAD("%s:%d: bad seconds", path, lineno);
		} else if (!strcmp(line, "rng")) {
			char *hex = strchr(rest, ' ');
			size_t size = gsl_rng_size(R->es.rng);
			unsigned char *state = gsl_rng_state(R->es.rng);
			if (!hex || strncmp(rest, gsl_rng_name(R->es.rng),
					    (size_t)(hex - rest)) ||
			    strlen(hex + 1) != 2 * size)
				BAD("%s:%d: bad random state", path, lineno);
			for (size_t i = 0; i < size; i++) {
				unsigned v;
				if (sscanf(hex + 1 + 2 * i, "%2x", &v) != 1)
					BAD("%s:%d: bad random state", path,
					    lineno);
				state[i] = (unsigned char)v;
			}
		} else if (!strcmp(line, "parent")) {
			if (parents == R->es.P.mu)
				BAD("%s:%d: more parents than the preset's "
				    "%d", path, lineno, R->es.P.mu);
			cgp_individual *x = &R->es.parents[parents++];
			char *p = rest;
			x->fitness = strtod(p, &end);
			if (end == p)
				BAD("%s:%d: bad fitness", path, lineno);
			p = end;
			for (int k = 0; k < R->preset->ngenomes; k++)
				for (int j = 0; j < x->g[k].n; j++) {
					long v = strtol(p, &end, 10);
					if (end == p || v < 0 || v > 1000000)
						BAD("%s:%d: bad or missing "
						    "gene", path, lineno);
					x->g[k].genes[j] = (int)v;
					p = end;
				}
			while (*p == ' ')
				p++;
			if (*p)
				BAD("%s:%d: more genes than the preset's "
				    "genome", path, lineno);
		} else if (!strcmp(line, "end")) {
			ended = 1;
		} else {
			BAD("%s:%d: unknown entry '%.20s'", path, lineno,
			    line);
		}
	}
	if (!ended || parents != R->es.P.mu)
		BAD("%s: truncated checkpoint (%d of %d parents%s)", path,
		    parents, R->es.P.mu, ended ? "" : ", no end line");
#undef BAD
out:
	free(line);
	fclose(f);
	free(path);
	return st;
}

/* Keeps the log's lines up to generation g (a crash may have left one
 * more, or half a line). */
static e2l_status trim_log(run *R, long g, e2l_error *err)
{
	char *path;
	FILE *f = open_run_file(R->dir, "log.jsonl", &path, err);
	strbuf keep = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long expect = 0;
	e2l_status st = E2L_OK;

	strbuf_printf(&keep, "%s", "");
	if (!f) {
		st = E2L_EIO;
		goto out;
	}
	while ((len = getline(&line, &cap, f)) >= 0 && expect <= g) {
		long n;
		if (line[len - 1] != '\n' ||
		    sscanf(line, "{\"generation\": %ld,", &n) != 1)
			break;          /* cut short by a crash */
		if (n != expect) {
			st = e2l_fail(err, E2L_EINVALID, (int)expect + 1, 1,
				      "%s:%ld: generation %ld where %ld was "
				      "expected", path, expect + 1, n, expect);
			break;
		}
		strbuf_printf(&keep, "%s", line);
		expect++;
	}
	fclose(f);
	if (st == E2L_OK && expect != g + 1)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: has %ld "
			      "generations, the checkpoint %ld", path, expect,
			      g + 1);
	if (st == E2L_OK)
		st = write_atomic(R->dir, "log.jsonl", keep.s, err);
out:
	free(line);
	free(keep.s);
	free(path);
	return st;
}

/* ---- The loop ------------------------------------------------------ */

static void setup(run *R, const char *dir, const task_config *cfg,
		  const evo_preset *preset, const evo_options *o)
{
	memset(R, 0, sizeof *R);
	R->dir = xstrdup(dir);
	R->cfg = cfg;
	R->preset = preset;
	R->o = o;
	R->shape = (cgp_shape){ preset->inputs, preset->columns,
				preset->levels_back, preset->prims,
				preset->nprims };
	R->generations = o->generations > 0 ? o->generations :
		preset->generations;
	/* Experiments are the task's, the same for every run and for
	 * `e2l run` with the same seed: fitness is comparable and the cache
	 * is shared. */
	R->E = (evo_evaluator){ cfg, &R->shape, o->task_seed ? o->task_seed :
				1, 0, o->threads, NULL };
	R->t0 = e2l_seconds();
}

/*
 * DIR/pid holds "PID HOST" while a process runs the evolution, so that a
 * viewer (`e2l watch`, possibly on another machine sharing the disk) can
 * tell a live run from a stopped one, and a second process does not run
 * the same directory at once.  A stale file (the process died) is taken
 * over.
 */
static e2l_status claim(const char *dir, e2l_error *err)
{
	char host[256] = "", other[256] = "", *path = path_in(dir, "pid");
	long pid = 0;
	FILE *f = fopen(path, "r");

	gethostname(host, sizeof host - 1);
	if (f) {
		int n = fscanf(f, "%ld %255s", &pid, other);
		fclose(f);
		if (n == 2 && pid > 0 && pid != (long)getpid() &&
		    (strcmp(host, other) ||
		     kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
			free(path);
			return e2l_fail(err, E2L_EINVALID, 0, 0, "%s is being "
					"run by process %ld on %s", dir, pid,
					other);
		}
	}
	char text[300];
	snprintf(text, sizeof text, "%ld %s\n", (long)getpid(), host);
	free(path);
	return write_atomic(dir, "pid", text, err);
}

static void release(const char *dir)
{
	char *path = path_in(dir, "pid");
	unlink(path);
	free(path);
}

static void teardown(run *R)
{
	release(R->dir);
	es_free(&R->es);
	evo_cache_close(R->cache);
	for (int i = 0; i < R->nhof; i++)
		free(R->hof[i].formula);
	free(R->hof);
	free(R->dir);
}

static e2l_status open_cache(run *R, e2l_error *err)
{
	char *config = evo_config_key(R->cfg, R->E.seed, 0);
	e2l_status st = evo_cache_open(&R->cache, R->o->cache, config, err);
	free(config);
	R->E.cache = R->cache;
	return st;
}

static const char *stop_reason(run *R)
{
	if (R->es.generation + 1 >= R->generations)
		return "generations";
	if (R->es.parents[0].fitness + 1e-10 >= R->preset->min_fitness)
		return "target fitness";
	if (R->o->wall_seconds > 0 &&
	    R->seconds_before + e2l_seconds() - R->t0 >= R->o->wall_seconds)
		return "wall time";
	if (R->o->max_evaluations > 0 &&
	    R->es.evaluations >= R->o->max_evaluations)
		return "evaluations";
	return NULL;
}

static e2l_status loop(run *R, e2l_error *err)
{
	e2l_status st = E2L_OK;
	while (!stop_reason(R) && !(R->o->stop && *R->o->stop)) {
		es_step(&R->es, evaluate, R);
		if (R->status != E2L_OK) {
			*err = R->err;
			return R->status;
		}
		if ((st = log_generation(R, err)) != E2L_OK ||
		    (st = save_hof(R, err)) != E2L_OK ||
		    (st = save_checkpoint(R, err)) != E2L_OK)
			return st;
	}
	return st;
}

static e2l_status write_config(run *R, e2l_error *err)
{
	strbuf t = { 0 };
	const task_family *f = R->cfg->family;
	e2l_status st;

	strbuf_printf(&t, "# e2l evolution run\nformat = %s\npreset = %s\nseed = %llu\n"
	    "task_seed = %llu\ngenerations = %ld\n", EVO_RUN_FORMAT,
	    R->preset->name, (unsigned long long)R->o->seed,
	    (unsigned long long)R->E.seed, R->generations);
	st = write_atomic(R->dir, "run.conf", t.s, err);
	free(t.s);
	if (st != E2L_OK)
		return st;
	t = (strbuf){ 0 };
	strbuf_printf(&t, "# the task configuration of this run\nfamily = %s\n",
	    f->name);
	for (int i = 0; i < f->nparams; i++) {
		char value[64];
		task_value_text(&f->params[i], R->cfg->values[i], 1, value,
				sizeof value);
		strbuf_printf(&t, "%s = %s\n", f->params[i].name, value);
	}
	st = write_atomic(R->dir, "task.task", t.s, err);
	free(t.s);
	return st;
}

e2l_status evo_run(const char *dir, const task_config *cfg,
		   const evo_options *o, e2l_error *err)
{
	run R;
	e2l_status st;
	es_params P;

	if (strcmp(o->preset->family, cfg->family->name))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "preset '%s' is for "
				"task family '%s', not '%s'", o->preset->name,
				o->preset->family, cfg->family->name);
	if (e2l_mkdirs(dir, 0777) != 0)
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", dir,
				strerror(errno));
	char *probe = path_in(dir, "checkpoint");
	int exists = access(probe, F_OK) == 0;
	free(probe);
	if (exists)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s holds a run "
				"already: continue it with --resume, or choose "
				"another directory", dir);
	if ((st = claim(dir, err)) != E2L_OK)
		return st;
	setup(&R, dir, cfg, o->preset, o);
	if ((st = open_cache(&R, err)) != E2L_OK ||
	    (st = write_config(&R, err)) != E2L_OK) {
		teardown(&R);
		return st;
	}
	char *log = path_in(dir, "log.jsonl");
	FILE *f = fopen(log, "w");
	if (f)
		fclose(f);
	free(log);
	P = (es_params){ &R.shape, o->preset->ngenomes, o->preset->mu,
			 o->preset->lambda, o->preset->tournament,
			 o->preset->p_mutation, o->preset->reorder };
	es_init(&R.es, &P, o->seed, evaluate, &R);
	if (R.status != E2L_OK) {
		*err = R.err;
		st = R.status;
	} else if ((st = log_generation(&R, err)) == E2L_OK &&
		   (st = save_hof(&R, err)) == E2L_OK &&
		   (st = save_checkpoint(&R, err)) == E2L_OK) {
		st = loop(&R, err);
	}
	teardown(&R);
	return st;
}

/* run.conf: key = value lines. */
static e2l_status read_conf(const char *dir, char *preset, size_t n,
			    uint64_t *seed, uint64_t *task_seed,
			    long *generations, e2l_error *err)
{
	char *path, *line = NULL;
	FILE *f = open_run_file(dir, "run.conf", &path, err);
	size_t cap = 0;
	int lineno = 0, format = 0;
	e2l_status st = E2L_OK;

	*preset = '\0';
	if (!f)
		return E2L_EIO;
	while (st == E2L_OK && getline(&line, &cap, f) >= 0) {
		char key[32], value[256];
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%31s = %255[^\n]", key, value) != 2)
			st = e2l_fail(err, E2L_EINVALID, lineno, 1, "%s:%d: "
				      "expected 'key = value'", path, lineno);
		else if (!strcmp(key, "format"))
			format = !strcmp(value, EVO_RUN_FORMAT);
		else if (!strcmp(key, "preset") && strlen(value) < n)
			memcpy(preset, value, strlen(value) + 1);
		else if (!strcmp(key, "seed"))
			*seed = strtoull(value, NULL, 10);
		else if (!strcmp(key, "task_seed"))
			*task_seed = strtoull(value, NULL, 10);
		else if (!strcmp(key, "generations"))
			*generations = strtol(value, NULL, 10);
	}
	if (st == E2L_OK && !format)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: a run directory of "
			      "another format or version (want '%s'); e2l "
			      "will not guess at it", path, EVO_RUN_FORMAT);
	free(line);
	fclose(f);
	free(path);
	return st;
}

e2l_status evo_resume(const char *dir, evo_options *o, e2l_error *err)
{
	char name[64];
	uint64_t seed = 0, task_seed = 1;
	long generations = 0;
	task_config cfg;
	run R;
	es_params P;
	e2l_status st = read_conf(dir, name, sizeof name, &seed, &task_seed,
				  &generations, err);

	if (st != E2L_OK)
		return st;
	if (!(o->preset = evo_preset_find(name)))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s/run.conf: unknown "
				"preset '%s'", dir, name);
	o->seed = seed;
	o->task_seed = task_seed;
	if (o->generations <= 0)
		o->generations = generations;
	char *task = path_in(dir, "task.task");
	st = task_config_load(task, &cfg, err);
	free(task);
	if (st == E2L_OK)
		st = claim(dir, err);
	if (st != E2L_OK) {
		task_config_free(&cfg);
		return st;
	}
	setup(&R, dir, &cfg, o->preset, o);
	P = (es_params){ &R.shape, o->preset->ngenomes, o->preset->mu,
			 o->preset->lambda, o->preset->tournament,
			 o->preset->p_mutation, o->preset->reorder };
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
	if ((st = load_checkpoint(&R, err)) == E2L_OK &&
	    (st = trim_log(&R, R.es.generation, err)) == E2L_OK &&
	    (st = load_hof(&R, err)) == E2L_OK &&
	    (st = open_cache(&R, err)) == E2L_OK)
		st = loop(&R, err);
	teardown(&R);
	task_config_free(&cfg);
	return st;
}
