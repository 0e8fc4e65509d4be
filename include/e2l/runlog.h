/*
 * runlog.h - the one strict reader of an evolution run directory (the
 * files are listed in evolve.h): `e2l evolve --resume` reads its run
 * through it, and so do the live dashboard, `e2l watch DIR` and `e2l
 * runs`, which follow a directory that another process (`e2l evolve`,
 * perhaps on another machine sharing the disk) is writing.
 *
 * Every value is checked; anything the writer could not have written is
 * an error naming file and line, never a silent 0.  Reads are bounded
 * and refuse what is not a regular file.
 *
 * Following a run: each poll reads only what was appended to log.jsonl
 * since the last one, and hof.tsv / pareto.tsv when they were replaced.
 * Nothing prints and nothing draws: errors come back as values.
 *
 *     runlog L;
 *     if (runlog_open(&L, dir, &err) != E2L_OK) ... report err ...
 *     every second or so:
 *         long n = runlog_poll(&L, &err);     (-1: err says why)
 *         if (L.restarted) ... forget what was drawn from L.gen ...
 *         draw L.gen[L.ngen - n ..], L.hof.rows, runlog_status(&L),
 *              runlog_eta(&L, &rate) ...
 *     runlog_close(&L);
 */
#ifndef E2L_RUNLOG_H
#define E2L_RUNLOG_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "e2l/common.h"
#include "e2l/evolve.h"

enum {
	RUNLOG_LINE_MAX = 1 << 20,     /* longest log line read, bytes */
	RUNLOG_POLL_MAX = 16 << 20,    /* log bytes read per poll, so a huge
					* log cannot freeze the screen */
	RUNLOG_TABLE_MAX = 1000,       /* hall-of-fame rows kept */
	RUNLOG_ETA_WINDOW = 20,        /* generations the rate is taken over */
	RUNLOG_RANKS_MAX = 1000000     /* ranks a log line may name */
};

/* One line of log.jsonl: a generation. */
typedef struct {
	long generation;         /* from 0; gen[i].generation == i */
	double *parents;         /* mu fitness values, best first; the log's
				  * null (a rule that could not be run, or any
				  * non-finite value) reads as -inf */
	int mu;                  /* >= 1 */
	char *champion;          /* simplified formula(s): "A ; B" for a
				  * pair */
	char *champion_raw;      /* as decoded from the genome; "" if the
				  * line has none */
	int complexity;          /* operations in the champion; -1 unknown */
	long evaluations;        /* fitness evaluations so far; -1 unknown */
	long cache_hits;         /* -1 unknown */
	double seconds;          /* since the run started, all sessions, s;
				  * NaN unknown */
	int ranks;               /* processes that evaluated (MPI ranks; 1
				  * without MPI); 0 unknown (a log from
				  * before they were logged) */
	long *rank_units;        /* ranks entries: the experiments each ran
				  * in this generation; NULL unknown */
	int nrank_units;         /* private: entries read */
} runlog_gen;

/* One row of hof.tsv or pareto.tsv. */
typedef struct {
	double fitness;          /* -inf: a rule that could not be run */
	int complexity;          /* operations in the formula */
	char *formula;
} runlog_hof;

/* What identifies one version of a file replaced by rename (private). */
typedef struct {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
} runlog_sig;

/* A table file: hof.tsv (best first) or pareto.tsv (by complexity). */
typedef struct {
	runlog_hof *rows;
	int n;                   /* rows kept: the first RUNLOG_TABLE_MAX when
				  * polled */
	long total;              /* rows in the file */
	runlog_sig sig;          /* private: the version read */
	int seen;                /* private: sig is valid */
} runlog_table;

typedef enum {
	RUNLOG_RUNNING,          /* a live process owns the directory */
	RUNLOG_FINISHED,         /* ran all its generations or reached the
				  * preset's target fitness */
	RUNLOG_STOPPED           /* stopped early, killed, or by a wall-time
				  * or evaluation budget; can be resumed
				  * (with a larger budget for the latter) */
} runlog_state;

typedef struct runlog {
	/* From run.conf and task.task. */
	char *dir;
	char *preset;            /* preset name, as in run.conf */
	char *family;            /* task family */
	uint64_t seed;           /* the population's seed */
	uint64_t task_seed;      /* the experiments' base seed */
	long generations;        /* to run; 0 if unknown */
	long max_evaluations;    /* the run's evaluation budget; 0: none */
	double wall_seconds;     /* its wall-time budget, s; 0: none */
	double target;           /* the run's target fitness (min_fitness):
				  * it stops once the champion reaches it;
				  * NaN for a run.conf without settings and
				  * a preset this e2l does not know */
	/* The reference lines, measured by the run on its own experiments
	 * before its first generation (run.conf's reference_none and
	 * reference_known): NaN, NULL for a run from before they were. */
	double ref_none;         /* fitness of no plasticity (rule 0) */
	double ref_known;        /* fitness of the task's best-known rule */
	char *ref_name;          /* that rule's name ("lr0") */
	char *ref_formula;       /* and its formula(s), "F ; D" for a pair */

	/* Grows with every poll. */
	runlog_gen *gen;         /* every generation read so far, in order */
	long ngen;
	int restarted;           /* the last poll found the log rewritten
				  * (a resumed run trims it) and read it
				  * again from the start */
	runlog_table hof;        /* the latest hof.tsv */
	runlog_table pareto;     /* the latest pareto.tsv */

	/* Private. */
	char *log_path, *hof_path, *pareto_path, *pid_path;
	long capgen;
	off_t offset;            /* log bytes consumed: whole lines only */
	long lineno;             /* log lines consumed */
	dev_t log_dev;
	ino_t log_ino;
	unsigned char tail[64];  /* the last bytes consumed, to notice a
				  * log rewritten in place */
	int ntail;
} runlog;

/*
 * Reads DIR/run.conf and DIR/task.task.  A missing file is E2L_EIO naming
 * it; a run.conf whose first setting is not `format = e2l-run 1` is
 * E2L_EINVALID ("run directory format 'X' is not supported ...").  On
 * failure L holds nothing (runlog_close is harmless); on success the
 * caller ends with runlog_close.  No log is read until runlog_poll.
 */
e2l_status runlog_open(runlog *L, const char *dir, e2l_error *err);

/*
 * Reads the complete lines appended to log.jsonl since the last call (a
 * line without its '\n' yet waits for the next), at most RUNLOG_POLL_MAX
 * bytes a call, and hof.tsv / pareto.tsv if they were replaced.  A log
 * that shrank, was replaced, or no longer holds the bytes read last is
 * read again from the start: L->gen is emptied and L->restarted set.
 * Returns the number of generations added to L->gen (all of them after a
 * restart; more may wait when the byte budget ran out), or -1 with err
 * set: "DIR/log.jsonl:LINE:COL: ..." for a malformed line, longer than
 * RUNLOG_LINE_MAX, or out of sequence, "DIR/hof.tsv:LINE: ..." for a
 * damaged table.  What was read before the trouble stays in L, and the
 * next poll tries the bad line again.  A file not written yet is no error.
 */
long runlog_poll(runlog *L, e2l_error *err);

/*
 * RUNNING while DIR/pid names a process that is alive (checked with
 * kill(pid, 0) on this host, and that it is an e2l where /proc can tell;
 * trusted on another host, which cannot be checked); else FINISHED when the last generation read is the last one
 * to run or its champion reached the preset's target; else STOPPED.
 * Reads DIR/pid on every call.
 */
runlog_state runlog_status(const runlog *L);

/*
 * Seconds per generation over the last (up to) RUNLOG_ETA_WINDOW
 * generations read, into *sec_per_gen (may be NULL), and the seconds
 * left until L->generations at that rate (0 once there).  NaN for what
 * cannot be known: the rate with fewer than two generations or times
 * that run backwards, the time left also without a generation count.
 */
double runlog_eta(const runlog *L, double *sec_per_gen);

/*
 * The pace of each rank over generations (last - window, last] of L->gen:
 * experiments per second each ran, into rates[0 .. min(ranks, max)).
 * Returns the ranks, or 0 when it cannot be told: the log does not say,
 * the rank count changed within the window (a resume on other ranks),
 * or no time passed.  runlog_rank_text writes the same as one line,
 * "3 ranks, experiments/s per rank: 41.2 39.9 40.3" (cut to fit size),
 * and returns 0 (buf "") when there is nothing to say.
 */
int runlog_rank_rates(const runlog *L, long last, int window, double *rates,
		      int max);
int runlog_rank_text(const runlog *L, long last, int window, char *buf,
		     size_t size);

/* Frees everything L holds; L may then be opened again. */
void runlog_close(runlog *L);


/* ---- The files one at a time: how `evolve --resume` reads a run ---- */

/* run.conf's settings. */
typedef struct {
	char *preset;            /* preset name */
	uint64_t seed;           /* the population's seed */
	uint64_t task_seed;      /* the experiments' base seed; 1 if absent */
	long generations;        /* to run; 0: the preset's */
	long max_evaluations;    /* evaluation budget; 0: none (also for a
				  * run.conf from before budgets were saved) */
	double wall_seconds;     /* wall-time budget over all sessions, s;
				  * 0: none */
	evo_settings settings;   /* what the run evolves with: run.conf's
				  * settings, or for a run.conf from before
				  * they were saved, its preset's (preset
				  * NULL for a preset this e2l does not
				  * know) */
	double ref_none;         /* reference_none: NaN when absent */
	double ref_known;        /* reference_known: NaN when absent, */
	char *ref_name;          /* with name and formula then NULL */
	char *ref_formula;
} runlog_conf;

/*
 * Reads DIR/run.conf: `key = value` lines, '#' comments, `format =
 * e2l-run 1` first; preset, seed and generations required; each key at
 * most once; every value checked (E2L_ESYNTAX "DIR/run.conf:LINE: ...");
 * the settings of evo_settings_table all or none (a run.conf from before
 * they were saved), read as evo_settings_set reads them and checked
 * together (evo_settings_check, without the task: E2L_EINVALID); the
 * optional reference lines `reference_none = FITNESS` and
 * `reference_known = FITNESS NAME FORMULA` (FITNESS as %.17g writes it,
 * -inf too; NAME one word; FORMULA the rest, "F ; D" for a pair) checked
 * as strictly (E2L_ESYNTAX "DIR/run.conf:LINE: ..."); keys a later e2l
 * may add are ignored.  A file that cannot be read is E2L_EIO.
 * The caller frees c with runlog_conf_free, also after a failure.
 */
e2l_status runlog_conf_read(const char *dir, runlog_conf *c, e2l_error *err);
void runlog_conf_free(runlog_conf *c);

/*
 * One line of log.jsonl, text[0 .. n) without its '\n', line lineno of
 * path, which must be generation `expect`.  Fills *g, which the caller
 * frees with runlog_gen_free, also after a failure.  Anything but one
 * complete JSON object of the writer's shape is E2L_ESYNTAX
 * "PATH:LINE:COL: ..."; a line longer than RUNLOG_LINE_MAX E2L_ELIMIT.
 */
e2l_status runlog_gen_parse(const char *path, long lineno, long expect,
			    const char *text, size_t n, runlog_gen *g,
			    e2l_error *err);
void runlog_gen_free(runlog_gen *g);

/*
 * Reads a table file whole (hof.tsv or pareto.tsv): the header line, then
 * fitness<TAB>complexity<TAB>formula lines, each with its '\n'.  Keeps the
 * first `keep` rows in T (T->total counts all); the caller frees T with
 * runlog_table_free, also after a failure.  A file that cannot be read is
 * E2L_EIO; an empty one, a wrong header (a CRLF one too), a bad value, a
 * control character in a formula or a last line without its '\n' is
 * E2L_ESYNTAX naming file and line.
 */
e2l_status runlog_table_read(const char *path, int keep, runlog_table *T,
			     e2l_error *err);
void runlog_table_free(runlog_table *T);

/*
 * Reads the checkpoint at path (written by run.c) into S, which holds the
 * run's es_params, an mt19937 generator and mu parents whose genomes
 * have the shape's size; *seconds gets the run's time so far.  Every
 * value is checked against what the writer can write: each gene against
 * its permissible values (cgp_genome_check), the generator's state
 * against MT19937's invariants ("bad random state"), each number whole.
 * E2L_EIO for a file that cannot be read, E2L_EINVALID "PATH:LINE: ..."
 * for damage; S is then partly overwritten and must not be run.
 */
e2l_status runlog_checkpoint_read(const char *path, es_state *S,
				  double *seconds, e2l_error *err);

/* DIR/pid's "PID HOST\n" in text[0 .. n): 1 with *pid (> 0) and host
 * filled, 0 for anything else. */
int runlog_owner_parse(const char *text, size_t n, long *pid, char *host,
		       size_t hostsize);

/* Whether live process pid on this host runs e2l (this program, or one
 * whose executable is named e2l...), by /proc/PID/exe: 1 yes, 0 no, -1
 * cannot tell (no /proc, or another user's process). */
int runlog_is_e2l(long pid);

/* Who a pid file's text names: the one test that both the process
 * claiming a run directory (run.c) and the viewers (runlog_status) make. */
typedef enum {
	RUNLOG_OWNER_NONE,       /* no "PID HOST" text (yet) */
	RUNLOG_OWNER_GONE,       /* a process of this host that has ended, or
				  * whose pid is now another program's */
	RUNLOG_OWNER_LIVE,       /* a live e2l on this host (or one /proc
				  * cannot tell from another program) */
	RUNLOG_OWNER_REMOTE      /* a process on another host: cannot be
				  * checked, so taken to be alive */
} runlog_owner;

/* text[0 .. n) of DIR/pid: who it names, into *pid and host (hostsize
 * bytes; both set unless NONE). */
runlog_owner runlog_owner_of(const char *text, size_t n, long *pid,
			     char *host, size_t hostsize);

/*
 * Stops the evolution that runs DIR on this host, as Ctrl-C would: it
 * finishes the generation in flight, checkpoints and exits, so that the
 * run can be resumed.  Only after checking that DIR/pid names a live e2l
 * of this host (runlog_owner_of, and /proc saying it is an e2l) that
 * holds the directory's lock (so a pid reused since by another program,
 * or by another e2l, is never signalled).  E2L_OK once the signal is
 * sent (the caller follows runlog_status until the run has stopped);
 * E2L_EINVALID when no e2l runs DIR here ("DIR is not running"), runs it
 * from another host, or cannot be told to be one; E2L_EIO when the pid
 * file cannot be read or the signal not sent.
 */
e2l_status runlog_stop(const char *dir, e2l_error *err);

enum {
	RUNLOG_LIST_DEPTH = 3,         /* folders below the one listed */
	RUNLOG_LIST_ENTRIES = 100000   /* entries looked at, at most */
};

/*
 * The run directories under folder (folder itself and up to
 * RUNLOG_LIST_DEPTH levels of folders below it; symbolic links are not
 * followed, hidden folders and run directories' insides not entered)
 * that a live process runs: what runlog_status calls RUNNING.  *dirs
 * gets them sorted, as folder/sub/... paths, and NULL-terminated; the
 * caller frees them with runlog_list_free.  Returns how many, or -1 with
 * err set when folder cannot be read.  What a workbench lists when it
 * starts, to stop (runlog_stop) or resume them.
 */
long runlog_list_running(const char *folder, char ***dirs, e2l_error *err);
void runlog_list_free(char **dirs);

/*
 * The generation counter people read: "generation 1000/1000" for the
 * last generation (from 0: generation 0 is the initial population) of a
 * run of 1000, "generation 1/1000" for the first; "generation 12" when
 * the run's length is not known (0).  Into buf (size n).
 */
void runlog_generation_text(long generation, long generations, char *buf,
			    size_t n);

/*
 * The part of a fitness history worth a plot's height.  An evolution's
 * first generations can score thousands of times worse than the rest
 * (one fell to -33,000 where the champions differ by tenths), and an
 * axis that holds them flattens everything that matters.  The range
 * keeps every value from the no-plasticity score up (`floor`, NaN when
 * not known) or, without one, those above a fence below the lower
 * quartile (Tukey's: 3 interquartile ranges; also when every value is
 * below the floor), always the best value, with a little room (5 %) at
 * either end; values below lo are to be drawn clipped at the axis, and
 * how many there are is said.  Non-finite values are ignored.
 */
typedef struct {
	double lo, hi;           /* the axis: lo < hi (both finite) */
	long clipped;            /* finite values below lo */
	long nonfinite;          /* values ignored (-inf: rules that could
				  * not be run) */
} runlog_range;

void runlog_fitness_range(const double *values, long n, double floor,
			  runlog_range *r);

/*
 * Why a run stops after generation `generation` (from 0), or NULL while
 * it goes on: "generations" (it ran them all), "target fitness" (its
 * champion's fitness `best` reached `target`; NaN: no target), "wall
 * time" or "evaluations" (a budget; 0: none).  The evolution loop asks
 * it after every generation and runlog_status reads a log with it, so
 * that a viewer calls FINISHED exactly what the run stopped at.
 */
const char *runlog_stop_reason(long generation, long generations,
			       double best, double target, double seconds,
			       double wall_seconds, long evaluations,
			       long max_evaluations);

#endif
