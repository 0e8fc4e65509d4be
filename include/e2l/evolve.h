/*
 * evolve.h - the evolution layer: Cartesian genetic programming genomes
 * (hal-cgp >= 0.2 semantics, as the paper's Methods) and the (mu +
 * lambda) strategy that evolves them.
 *
 * A genome is one row of hidden nodes, each a primitive and two address
 * genes, and one output address gene:
 *
 *     inputs     hidden nodes (columns)                          output
 *     x_0 x_1 |  [f a b] [f a b] [f a b] ... [f a b]            | [a]
 *     0   1   |  2       3       4           n_in + cols - 1    |
 *
 * A node may read any input or any earlier node within levels_back
 * columns; the output may read any node.  Only the nodes the output
 * reaches are "active"; mutating anything else is silent.
 */
#ifndef E2L_EVOLVE_H
#define E2L_EVOLVE_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "e2l/common.h"
#include "e2l/expr.h"

/* A primitive: an operator, or a constant with its exact text. */
typedef enum { CGP_ADD, CGP_SUB, CGP_MUL, CGP_DIV, CGP_POW, CGP_CONST } cgp_op;

typedef struct {
	cgp_op op;
	const char *constant;       /* CGP_CONST: "0.5", "1", "10" */
} cgp_prim;

typedef struct {
	int inputs;                 /* input nodes */
	int columns;                /* hidden nodes (one row) */
	int levels_back;            /* columns a node may look back */
	const cgp_prim *prims;
	int nprims;
} cgp_shape;

/* Genes: 3 per hidden node (function, address, address), then the
 * output's address. */
typedef struct {
	int *genes;
	int n;
} cgp_genome;

static inline int cgp_genes(const cgp_shape *s)
{
	return 3 * s->columns + 1;
}

void cgp_genome_init(cgp_genome *g, const cgp_shape *s);
void cgp_genome_free(cgp_genome *g);
void cgp_genome_copy(cgp_genome *dst, const cgp_genome *src);
/* Uniform over each gene's permissible values (as hal-cgp). */
void cgp_random(cgp_genome *g, const cgp_shape *s, gsl_rng *r);
/* The index of the first gene outside its permissible values (hal-cgp:
 * a function gene below nprims, an address gene naming an input or one
 * of the levels_back columns before its node, the output gene any node),
 * or -1 when all are permissible.  For genomes read from a file: the
 * rest of this module trusts its genes. */
int cgp_genome_check(const cgp_genome *g, const cgp_shape *s);
/* Marks active[node] for nodes the output reaches (inputs included);
 * active has inputs + columns entries. */
void cgp_active(const cgp_genome *g, const cgp_shape *s, char *active);
/* Whether mutating gene i could change the phenotype: the gene belongs
 * to an active node or is the output gene (hal-cgp counts every gene of
 * an active node, used or not). */
int cgp_gene_active(const cgp_shape *s, const char *active, int i);

/*
 * Per-gene mutation: each gene is chosen with probability p and replaced
 * by a different permissible value drawn uniformly (nothing happens where
 * there is no other value).  Returns the number of genes changed; *silent
 * is 1 when every changed gene lay outside the active nodes (the parent's
 * fitness then carries over).
 */
int cgp_mutate(cgp_genome *g, const cgp_shape *s, double p, gsl_rng *r,
	       int *silent);

/* A random dependency-respecting order of the hidden nodes, with the
 * same formula (hal-cgp's reorder; levels_back must equal columns). */
void cgp_reorder(cgp_genome *g, const cgp_shape *s, gsl_rng *r);

/* Nodes of the decoded formula written out as a tree (shared nodes
 * counted at every use): doubling chains make this 2^columns. */
double cgp_tree_size(const cgp_genome *g, const cgp_shape *s);

/* The active graph as a formula over names[0 .. inputs-1]; shared nodes
 * stay shared.  Built in A. */
const expr *cgp_decode(const cgp_genome *g, const cgp_shape *s,
		       const char *const *names, expr_arena *A);

/* ---- (mu + lambda) evolution strategy (hal-cgp's) --------------- */

enum { CGP_MAX_GENOMES = 2 };

/* An individual: one genome per formula of the task (two for the
 * correlation task's pair), and its fitness (NaN: not yet evaluated). */
typedef struct {
	cgp_genome g[CGP_MAX_GENOMES];
	double fitness;
} cgp_individual;

typedef struct {
	const cgp_shape *shape;
	int ngenomes;              /* 1 or 2 */
	int mu;                    /* parents */
	int lambda;                /* offspring per generation */
	int tournament;            /* parents per tournament (1: uniform) */
	double p_mutation;         /* per gene */
	int reorder;               /* reorder parents every generation */
} es_params;

typedef struct {
	es_params P;
	cgp_individual *parents;   /* mu of them, best first */
	cgp_individual *offspring; /* lambda of them, this generation */
	long generation;
	long evaluations;          /* fitness evaluations asked for */
	gsl_rng *rng;              /* owned */
} es_state;

/* Computes the fitness of each todo[i] (all have NaN fitness), in any
 * order or in parallel; NaN or -inf for a rule that cannot be run. */
typedef void (*es_evaluate_fn)(void *ctx, cgp_individual **todo, int n);

/* Random parents from a stream of seed; evaluates and sorts them. */
void es_init(es_state *S, const es_params *P, uint64_t seed,
	     es_evaluate_fn eval, void *ctx);
/* One generation: tournament selection of lambda parents, clones
 * mutated per gene, offspring whose mutations were all silent keep the
 * parent's fitness, the rest are evaluated; offspring and parents are
 * sorted together (offspring first, stable, NaN as -inf) and the best mu
 * become the parents, so offspring win ties and the best is never lost. */
void es_step(es_state *S, es_evaluate_fn eval, void *ctx);
void es_free(es_state *S);

/* ---- Fitness of genomes, with a cache (as hal-cgp's) -------------- */

/*
 * Equivalent genomes are simulated once: fitness is cached under the
 * simplified formula(s), per task configuration (parameters, seeds and
 * number of experiments).  A cache may live in a file, shared by the runs
 * of one configuration and by concurrent processes: one line per formula,
 * each with a checksum, appended as results come (format in cache.c).
 */
typedef struct evo_cache evo_cache;

/* path NULL: in memory only.  A missing or empty file is created for
 * config (see evo_config_key) with exactly one header, however many
 * processes create it at once.  E2L_EIO: the file cannot be opened or
 * read, or is a symbolic link, FIFO or device; E2L_EINVALID: its header
 * is damaged, of another format (format 1 included) or of another
 * configuration.  Each message names the file and the way on (remove it,
 * or --no-cache).  Damaged lines (a crash or full disk mid-write, an
 * edit) are skipped, never trusted: counted in evo_cache_stats and
 * described by evo_cache_warning. */
e2l_status evo_cache_open(evo_cache **out, const char *path,
			  const char *config, e2l_error *err);
int evo_cache_get(evo_cache *c, const char *key, double *fitness);
/* Remembers key's fitness and appends it to the file.  E2L_EIO when the
 * entry could not be written (err says why, naming the file): the file
 * is not written again (a partial line is taken back) and every later
 * put returns the same error, while the table goes on in memory. */
e2l_status evo_cache_put(evo_cache *c, const char *key, double fitness,
			 e2l_error *err);
/* Damaged lines skipped when the file was read: E2L_EINVALID with one
 * line to show the user ("FILE:LINE: N damaged lines skipped (...)"),
 * line set to the first of them; E2L_OK (warn untouched) when none.
 * The library never prints: the caller shows it, once. */
e2l_status evo_cache_warning(const evo_cache *c, e2l_error *warn);
void evo_cache_stats(const evo_cache *c, long *hits, long *misses,
		     long *entries, long *skipped);
void evo_cache_close(evo_cache *c);

struct task_config;
/* A text that identifies everything fitness depends on besides the rule:
 * family, every parameter, base seed, experiments.  Caller frees. */
char *evo_config_key(const struct task_config *cfg, uint64_t seed,
		     int experiments);
/* The file name (no folder) of the cache shared by runs of a task
 * configuration and experiment seed: "fitness-HASH.tsv".  The caller
 * frees it. */
char *evo_cache_name(const struct task_config *cfg, uint64_t task_seed);

/* ---- The farm: where a generation's experiments run (farm.c) ----- */

/*
 * A generation's work is units (rule, experiment), run by this process's
 * threads and, in an MPI run, by the other ranks of its group (mpi.c),
 * each unit with its experiment's own seed and aggregated in a fixed
 * order: the fitness is the same bit for bit however many threads and
 * ranks ran it, in whatever order results came.
 */
typedef struct evo_farm evo_farm;
struct task_rule;

/* This process's threads alone (0: one per core). */
evo_farm *evo_farm_local(int threads);
/* Set (from a signal handler): hand out no more units and stop those
 * running at their next trial; the batch then fails with E2L_ESTOPPED. */
void evo_farm_set_abort(evo_farm *F, volatile int *abort);
/* task_evaluate_many's work, on the farm: the experiments of rules[0 ..
 * n) (experiments 0: the task's own number) with base seed `seed`;
 * fitness[i] gets rules[i]'s, as task_evaluate_many aggregates it. */
e2l_status evo_farm_evaluate(evo_farm *F, const struct task_config *cfg,
			     const struct task_rule *const *rules, int n,
			     uint64_t seed, int experiments, double *fitness,
			     e2l_error *err);
/* The ranks that evaluate (1 without MPI), this process among them. */
int evo_farm_ranks(const evo_farm *F);
/* The units each rank finished since the last call (rank 0: this
 * process) into units[0 .. min(ranks, max)); returns the ranks. */
int evo_farm_take_units(evo_farm *F, long *units, int max);
/* This process's compute threads from now on (0: none, with MPI the
 * master only dispatches; the benchmark's way to measure dispatch). */
void evo_farm_set_threads(evo_farm *F, int threads);
/* Bytes the farm's transport sent and received, the units it handed to
 * other ranks, and the CPU seconds its dispatching took (waiting for
 * traffic aside), so far (all 0 without MPI). */
void evo_farm_traffic(const evo_farm *F, double *sent, double *received,
		      long *units, double *cpu);
/* Frees F (a farm of evo_mpi_start is freed by evo_mpi_end). */
void evo_farm_free(evo_farm *F);

/* ---- MPI: ranks that evaluate (mpi.c; mpi_none.c without MPI) ---- */

/*
 * `mpirun -np N e2l evolve ...` or `srun e2l evolve ...`: nothing of ours
 * starts processes or finds hosts.  The ranks split into groups, one per
 * run evolved at once (`--runs K`: min(K, N) groups of consecutive
 * ranks); in each, rank 0, the master, owns the population, its random
 * stream, the fitness cache, the run directory, the log and the
 * checkpoint, and evaluates with its threads while the group is small;
 * the others serve it units (evo_mpi_serve).  Seeds come from the task
 * seed and the experiment, never from a rank, so a run is the same on
 * any number of ranks, and resumes on any number.
 *
 *     evo_mpi M;
 *     if (evo_mpi_start(&M, runs, threads, &stop, &abort, &err) != E2L_OK)
 *             ... err says why (a build without MPI under mpirun) ...
 *     if (M.active && M.group_rank != 0)
 *             status = evo_mpi_serve(&M);
 *     else
 *             ... runs M.group, M.group + M.groups, ... with
 *                 o.farm = M.farm (NULL without MPI) ...
 *     evo_mpi_end(&M);
 */
typedef struct {
	int active;                /* MPI is running: the rest holds */
	int world_rank, world_size;
	int groups, group;         /* the groups, and this rank's */
	int group_rank, group_size;
	evo_farm *farm;            /* a master's: its group's ranks; else
				    * NULL */
	void *priv;
} evo_mpi;

/* Enough ranks in a group (master included) and the master leaves the
 * evaluating to the others: past this its core dispatches (doc/
 * scaling.md). */
enum { EVO_MPI_MASTER_COMPUTES = 16 };

/* 1 in a build with MPI, else 0. */
int evo_mpi_built(void);
/* The number of processes an MPI launcher started this one among, as the
 * environment tells (mpirun's OMPI_COMM_WORLD_SIZE, a PMI's PMI_SIZE,
 * srun's SLURM_STEP_NUM_TASKS), *var naming the variable; 0 when none. */
int evo_mpi_launched(const char **var);
/*
 * Not started by a launcher: M->active 0, and the run is a process's
 * like any other.  Else MPI starts, the ranks split into min(runs, size)
 * groups, and each master gets its farm (`threads` per rank; 0: 1, a
 * core per rank being MPI's way).  stop and abort are the flags the
 * signal handlers set: a worker that sees one passes it to its master.
 * A build without MPI started as one of several processes is
 * E2L_EINVALID, saying it needs an MPI build.
 */
e2l_status evo_mpi_start(evo_mpi *M, int runs, int threads,
			 volatile int *stop, volatile int *abort,
			 e2l_error *err);
/* A worker's life: units for its master until the master ends; 0. */
int evo_mpi_serve(evo_mpi *M);
/* A master tells its workers to leave and waits until they have; then
 * MPI ends.  Harmless when !M->active. */
void evo_mpi_end(evo_mpi *M);

/* What a genome's fitness is measured on. */
typedef struct {
	const struct task_config *cfg;
	const cgp_shape *shape;
	uint64_t seed;                 /* experiments' base seed */
	int experiments;               /* 0: the task's own number */
	int threads;                   /* per evaluation; 0: all cores */
	evo_cache *cache;              /* may be NULL */
	const char *const *names;      /* genome input i is the family's
					* variable names[i]; NULL: its first
					* shape->inputs variables */
	evo_farm *farm;                /* where experiments run; NULL:
					* task_evaluate_many on `threads` */
} evo_evaluator;

/* Formulas larger than this, written out, are not simulated (-inf). */
enum { EVO_MAX_NODES = 20000 };

/*
 * The cache key of an individual: its simplified formula, or for a pair
 * "FACILITATE ; DEPRESS".  A formula the simplifier refuses as too large
 * keeps its raw text; one that divides by zero is E2L_EINVALID and one
 * beyond EVO_MAX_NODES E2L_ELIMIT (fitness -inf without simulation).
 * Caller frees *key.
 */
e2l_status evo_key(const evo_evaluator *E, const cgp_individual *ind,
		   char **key, e2l_error *err);
/* The rule a key names (evo_key's inverse), parsed and compiled for
 * cfg's family, named by the key; the caller frees it (task_rule_free).
 * How a rank that did not decode the genome gets the rule to run. */
e2l_status evo_key_rule(const struct task_config *cfg, const char *key,
			struct task_rule *rule, e2l_error *err);
/* The fitness of ind: from the cache, or simulated and then cached. */
e2l_status evo_fitness(const evo_evaluator *E, const cgp_individual *ind,
		       double *fitness, e2l_error *err);
/* The fitness of rules given as text (a key's form: "F", or "F ; D" for
 * a pair), on E's experiments as a genome's, run together, not cached:
 * how a run measures its reference lines.  E2L_ESYNTAX for a text that
 * does not parse for the family. */
e2l_status evo_fitness_texts(const evo_evaluator *E,
			     const char *const *texts, int n,
			     double *fitness, e2l_error *err);
/* The same for a batch, filling each ind[i]->fitness; the rules not in
 * the cache run together on one pool, their experiments interleaved, so
 * that even a few offspring keep every core busy.  keys[i] gets each
 * individual's key (NULL where it has none); the caller frees them. */
e2l_status evo_fitness_many(const evo_evaluator *E,
			    cgp_individual *const *ind, int n, char **keys,
			    e2l_error *err);

/* ---- Presets, settings and runs ---------------------------------- */

/* The paper's CGP and strategy settings for a task (its Appendix 1). */
typedef struct {
	const char *name;          /* "error", "reward", "reward-set0", ... */
	const char *family;        /* the task family it evolves rules for */
	const char *summary;
	int inputs;                /* genome inputs: */
	const char *const *names;  /* the family's variables they are, in
				    * genome order */
	int columns, levels_back;
	const cgp_prim *prims;
	int nprims;
	int ngenomes;
	int mu, lambda, tournament;
	double p_mutation;
	long generations;
	double min_fitness;        /* stop once the champion reaches it */
	int reorder;               /* hal-cgp's reorder each generation */
} evo_preset;

extern const evo_preset evo_presets[];    /* ends with name == NULL */
const evo_preset *evo_preset_find(const char *name);
/* The preset a family evolves with when none is named. */
const evo_preset *evo_preset_for(const char *family);

/* A task's best-known rule: the upper reference line of its runs (the
 * lower one is no plasticity, rule 0).  One per family; the rule file
 * rules/FAMILY-NAME.rule says where it comes from. */
typedef struct {
	const char *family;
	const char *name;          /* "lr0", as `run lr0` finds it */
	const char *formula;       /* "(R - 1)*E"; "F ; D" for a pair */
} evo_known;
extern const evo_known evo_known_rules[];  /* ends with family == NULL */
/* The family's, or NULL (a family with none: a run draws no line). */
const evo_known *evo_known_rule(const char *family);

enum {
	EVO_MAX_INPUTS = 8,        /* genome inputs */
	EVO_MAX_PRIMS = 16,        /* primitives */
	EVO_WORD_MAX = 32,         /* bytes of an input name or a constant,
				    * with its NUL */
	EVO_MAX_COLUMNS = 1000,
	EVO_MAX_POPULATION = 1000  /* mu, lambda */
};

/*
 * The hyper-parameters a run evolves with: a preset's, any of them
 * changed by name (evo_settings_set), as `e2l evolve --columns 24` does
 * and as run.conf saves them.  A plain value: it holds its names and
 * constants, so it may be copied; evo_settings_shape lends pointers into
 * it.  Generations are the run's (evo_options), not a setting here.
 *
 *     evo_settings s;
 *     evo_settings_init(&s, evo_preset_find("reward-set0"));
 *     if (evo_settings_set(&s, "columns", "30", &err) != E2L_OK) ...
 *     if (evo_settings_check(&s, family, &key, &err) != E2L_OK) ...
 */
typedef struct {
	const evo_preset *preset;  /* what it started from; NULL: none */
	int inputs;
	char names[EVO_MAX_INPUTS][EVO_WORD_MAX];   /* input variables */
	int columns, levels_back;
	int nprims;
	cgp_op ops[EVO_MAX_PRIMS];
	char constants[EVO_MAX_PRIMS][EVO_WORD_MAX]; /* CGP_CONST: its text */
	int ngenomes;
	int mu, lambda, tournament;
	double p_mutation;         /* per gene */
	double min_fitness;        /* stop once the champion reaches it */
	int reorder;
} evo_settings;

/* One setting: its run.conf key and command-line option (--KEY, '_' as
 * '-'; reorder is --reorder / --no-reorder). */
typedef struct {
	const char *key;           /* "columns", "mutation_rate", ... */
	const char *arg;           /* the value as usage names it; NULL: a
				    * switch */
	const char *help;
	int option;                /* 0: run.conf only (levels_back follows
				    * columns on the command line) */
} evo_setting;

extern const evo_setting evo_settings_table[];   /* ends with key NULL;
						  * run.conf's order */
/* The setting whose option is `option` (without "--"; "no-reorder"
 * gives reorder, *off set), or NULL. */
const evo_setting *evo_setting_option(const char *option, int *off);

/* s = p's settings (p NULL: all zero, for reading a value alone). */
void evo_settings_init(evo_settings *s, const evo_preset *p);
/*
 * Sets key from its text, as run.conf writes it: inputs "R,E,Rbar";
 * columns (levels_back becomes the same), levels_back, mu, lambda,
 * tournament: whole numbers in range; mutation_rate a number in (0, 1];
 * min_fitness a finite number; primitives "+,-,*,/,^,1,0.5" (operators
 * and non-negative decimal constants, each once); reorder "true" or
 * "false".  E2L_EINVALID with a one-line reason that does not name the
 * key (the caller says where: an option or a file's line); s unchanged
 * then.  Values that depend on one another and on the task are checked by
 * evo_settings_check.
 */
e2l_status evo_settings_set(evo_settings *s, const char *key,
			    const char *value, e2l_error *err);
/* key's value as evo_settings_set reads it, into buf. */
void evo_settings_get(const evo_settings *s, const char *key, char *buf,
		      size_t size);
/*
 * The settings together: tournament <= mu, levels_back <= columns (and
 * == columns with reorder), and, when f is not NULL, every input one of
 * f's variables and one genome per formula of f.  E2L_EINVALID with
 * *key naming the setting at fault.
 */
struct task_family;
e2l_status evo_settings_check(const evo_settings *s,
			      const struct task_family *f, const char **key,
			      e2l_error *err);
/* The genome shape, primitives and input names of s, pointing into s
 * and into prims and names (EVO_MAX_PRIMS, EVO_MAX_INPUTS entries). */
void evo_settings_shape(const evo_settings *s, cgp_shape *shape,
			cgp_prim *prims, const char **names);

/* One generation, as the log records it and a front end shows it. */
typedef struct {
	long generation;
	const double *parents;     /* mu fitness values, best first */
	int mu;
	const char *champion;      /* simplified formula(s) */
	int complexity;            /* its operations */
	long evaluations, cache_hits;
	double seconds;            /* since the run started (all sessions) */
} evo_generation;

typedef struct {
	const evo_preset *preset;
	/* The hyper-parameters, preset's with changes; NULL: the preset's
	 * own.  Its preset is the one the run is of. */
	const evo_settings *settings;
	long generations;          /* 0: the preset's */
	uint64_t seed;             /* the population's seed */
	uint64_t task_seed;        /* the experiments' base seed (0: 1, as
				    * `e2l run`); the same for all runs */
	int threads;               /* per fitness evaluation; 0: all cores */
	const char *cache;         /* fitness cache file, or NULL */
	double wall_seconds;       /* stop once the run has taken this long,
				    * all sessions together, s; 0: no limit */
	long max_evaluations;      /* stop after this many evaluations, all
				    * sessions together; 0: no limit */
	/* Set (by a signal handler) to stop after the generation in flight,
	 * with a checkpoint. */
	volatile int *stop;
	/* Set (by a signal handler) to abandon the generation in flight at
	 * once (its experiments end at their next trial): the run stops at
	 * its last checkpoint, which a resume continues as if nothing had
	 * happened.  May be NULL. */
	volatile int *abort;
	/* Where the experiments run: an MPI group's (evo_mpi_start); NULL:
	 * this process's threads (`threads`). */
	evo_farm *farm;
	void (*report)(void *ctx, const evo_generation *g);
	/* Something the user should know that does not stop the run (the
	 * fitness cache had damaged lines, skipped); may be NULL. */
	void (*warn)(void *ctx, const e2l_error *w);
	void *ctx;
	/* Set by evo_resume when nothing was left to run: why the run had
	 * ended (runlog_stop_reason's word: "generations", "target
	 * fitness", "wall time", "evaluations"); NULL otherwise. */
	const char *finished;
} evo_options;

/* run.conf's `format`: a directory of another format is refused. */
#define EVO_RUN_FORMAT "e2l-run 1"
/* The checkpoint's first line. */
#define EVO_CHECKPOINT_MAGIC "e2l-checkpoint 1"

/*
 * Runs an evolution into directory dir (created; must not hold a run):
 *     run.conf      preset, seed, generations, the budgets
 *                   (max_evaluations, wall_seconds; 0: none), every
 *                   setting (evo_settings_table) and the reference
 *                   lines (reference_none, reference_known: the fitness
 *                   of rule 0 and of evo_known_rule's, measured on the
 *                   run's experiments before its first generation), as
 *                   key = value lines
 *     task.task     the task configuration, as a task file
 *     log.jsonl     one JSON object per generation
 *     hof.tsv       distinct simplified formulas: fitness, complexity
 *     pareto.tsv    the hall of fame's fitness/complexity front
 *     checkpoint    the state after the last complete generation,
 *                   replaced atomically
 *     pid           "PID HOST" while a process runs it, locked (flock)
 * Every file is replaced through e2l_write_atomic and the log appended
 * through e2l_append; readers go through runlog.h.
 *
 * evo_resume continues a run from its checkpoint, with the settings in
 * its run.conf (o->settings is not read); the result is the same as if
 * it had not stopped.  The budgets in run.conf hold for the resumed
 * run too; a value in o (generations, max_evaluations, wall_seconds > 0)
 * overrides the saved one and is saved in its place, so that the run
 * directory always says what its run will do: `--generations N` extends
 * a finished run to N generations.  A run with nothing left to run (it
 * finished, or its budget is spent, and o gives no more) is not
 * touched: E2L_EINVALID with a message that says so and what would
 * continue it, and o->finished set.
 */
e2l_status evo_run(const char *dir, const struct task_config *cfg,
		   const evo_options *o, e2l_error *err);
e2l_status evo_resume(const char *dir, evo_options *o, e2l_error *err);

#endif
