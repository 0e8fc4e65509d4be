/*
 * cmd_evolve.c - `e2l evolve` (start, continue, or K independent runs)
 * and `e2l runs show|best` (read a run directory, also one written
 * elsewhere).
 *
 * SIGINT and SIGTERM finish the generation in flight, checkpoint and exit
 * 0: an interrupted run is a paused run.  Under an MPI launcher the
 * ranks split into groups (evo_mpi_start), whose masters run here and
 * whose workers serve them.
 */
#define _DEFAULT_SOURCE          /* strdup, realpath */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "e2l/runlog.h"
#include "e2l/evolve.h"
#include "e2l/task.h"

static volatile int stop_requested, abort_requested, under_mpi;

/* SIGINT and SIGUSR1 (SLURM's --signal) finish the generation in flight;
 * so does SIGTERM, but under MPI, where the launcher kills the job soon
 * after, it abandons it: the last checkpoint is the run's state. */
static void on_signal(int sig)
{
	stop_requested = 1;
	if (sig == SIGTERM && under_mpi)
		abort_requested = 1;
}

typedef struct {
	int tty;
	long generations;
} reporter;

/* A warning from the run (damaged fitness-cache lines, skipped): once,
 * on stderr, since it does not stop the run. */
static void warn(void *ctx, const e2l_error *w)
{
	(void)ctx;
	fprintf(stderr, "e2l: warning: %s\n", w->msg);
}

static void report(void *ctx, const evo_generation *g)
{
	reporter *r = ctx;
	/* Of the evaluations asked for, how many the cache answered. */
	double hit = g->evaluations > 0 ?
		100.0 * g->cache_hits / g->evaluations : 0;
	char gen[64];
	runlog_generation_text(g->generation, r->generations, gen,
			       sizeof gen);
	if (r->tty)
		fprintf(stderr, "\r\033[K%s  champion %.4g  "
			"%.50s  (%ld evaluations, %.0f%% cached, %.0f s)",
			gen, g->parents[0],
			g->champion, g->evaluations, hit, g->seconds);
	else
		printf("generation %ld champion %.6g formula %s evaluations "
		       "%ld cached %.0f%% seconds %.1f\n", g->generation,
		       g->parents[0], g->champion, g->evaluations, hit,
		       g->seconds);
	fflush(stdout);
}

char *cmd_xdg_dir(const char *var, const char *fallback)
{
	const char *base = getenv(var), *home = getenv("HOME");
	strbuf dir = { 0 };

	if (base && *base)
		strbuf_printf(&dir, "%s/e2l", base);
	else if (home && *home)
		strbuf_printf(&dir, "%s/%s/e2l", home, fallback);
	else
		return NULL;
	if (e2l_mkdirs(dir.s, 0700) != 0) {
		free(dir.s);
		return NULL;
	}
	return dir.s;
}

/* The shared cache file of a task configuration, under the XDG cache
 * directory; NULL (memory only) when there is none. */
static char *cache_path(const task_config *cfg, uint64_t task_seed)
{
	char *dir = cmd_xdg_dir("XDG_CACHE_HOME", ".cache"), *path, *name;

	if (!dir)
		return NULL;
	name = evo_cache_name(cfg, task_seed);
	path = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	free(name);
	free(dir);
	return path;
}

/* A setting's option as usage shows it: "--mutation-rate P". */
static void option_name(const evo_setting *k, char *buf, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(buf, size, "--");
	for (const char *q = k->key; *q && n + 1 < size; q++)
		buf[n++] = *q == '_' ? '-' : *q;
	buf[n < size ? n : size - 1] = '\0';
	if (k->arg)
		snprintf(buf + strlen(buf), size - strlen(buf), " %s", k->arg);
	else
		snprintf(buf + strlen(buf), size - strlen(buf), ", --no-%s",
			 k->key);
}

/* Prints word on the line at *col, or on a new one indented by 15. */
static void word(FILE *f, int *col, const char *w)
{
	if (*col + 1 + (int)strlen(w) > 79) {
		fputs("\n              ", f);
		*col = 14;
	}
	*col += fprintf(f, " %s", w);
}

static int usage(FILE *f)
{
	char name[64], value[EVO_MAX_PRIMS * EVO_WORD_MAX + 64];
	char w[sizeof name + sizeof value];

	fputs("usage: e2l evolve TASK [--preset NAME] [--generations N] "
	      "[--seed S] [--runs K]\n"
	      "                  [--task-seed S] [--out DIR] [--threads T] "
	      "[--no-cache] "
	      "[-s KEY=VALUE]...\n"
	      "                  [--wall SECONDS] [--max-evaluations N] "
	      "[SETTING]...\n"
	      "       e2l evolve --resume DIR [--generations N] [--threads T] "
	      "[--wall SECONDS]\n"
	      "                  [--max-evaluations N]\n"
	      "settings (change the preset's; saved in run.conf, kept by "
	      "--resume):", f);
	for (const evo_setting *k = evo_settings_table; k->key; k++) {
		if (!k->option)
			continue;
		option_name(k, name, sizeof name);
		fprintf(f, "\n  %-24s %s", name, k->help);
	}
	fputs("\npresets (the paper's Appendix 1 and its code), each as its "
	      "settings:", f);
	for (const evo_preset *p = evo_presets; p->name; p++) {
		evo_settings s;
		int col = 14;
		evo_settings_init(&s, p);
		fprintf(f, "\n  %-12s %s\n              ", p->name, p->summary);
		for (const evo_setting *k = evo_settings_table; k->key; k++) {
			if (!k->option)
				continue;
			evo_settings_get(&s, k->key, value, sizeof value);
			option_name(k, name, sizeof name);
			*strchr(name, ' ') = '\0';   /* "--key", "--reorder," */
			if (k->arg)
				snprintf(w, sizeof w, "%s %s", name, value);
			else
				snprintf(w, sizeof w, "--%s%s", s.reorder ?
					 "" : "no-", k->key);
			word(f, &col, w);
		}
		snprintf(w, sizeof w, "--generations %ld", p->generations);
		word(f, &col, w);
	}
	fputc('\n', f);
	return f == stdout ? EX_OK : EX_USAGE;
}

/* Option codes of the settings: getopt_long returns SETTING_OPT + i for
 * evo_settings_table[i], SETTING_OFF + i for its --no- form. */
enum { SETTING_OPT = 1000, SETTING_OFF = 2000, MAX_LONGS = 64 };

/* A setting given on the command line. */
typedef struct {
	const evo_setting *k;
	const char *value;
	char option[64];           /* as the user wrote it: "--columns" */
} override;

/* The options: the fixed ones, then one per setting (two for a
 * switch), so that a new setting in the table is an option at once. */
static void build_options(struct option *longs, const struct option *fixed,
			  char names[][64])
{
	int n = 0, m = 0;

	for (; fixed[n].name; n++)
		longs[n] = fixed[n];
	for (int i = 0; evo_settings_table[i].key; i++) {
		const evo_setting *k = &evo_settings_table[i];
		if (!k->option)
			continue;
		for (int off = 0; off <= (k->arg == NULL); off++) {
			char *o = names[m++];
			size_t j = 0;
			j += (size_t)snprintf(o, 64, "%s", off ? "no-" : "");
			for (const char *q = k->key; *q && j < 63; q++)
				o[j++] = *q == '_' ? '-' : *q;
			o[j] = '\0';
			assert(n < MAX_LONGS - 1);
			longs[n++] = (struct option){ o, k->arg ?
				required_argument : no_argument, NULL,
				(off ? SETTING_OFF : SETTING_OPT) + i };
		}
	}
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The overrides into s, in command-line order; a usage error names the
 * option. */
static int apply_overrides(evo_settings *s, const override *ov, int n)
{
	e2l_error err;

	for (int i = 0; i < n; i++)
		if (evo_settings_set(s, ov[i].k->key, ov[i].value, &err) !=
		    E2L_OK) {
			cmd_error("evolve: %s: %s", ov[i].option, err.msg);
			return EX_USAGE;
		}
	return EX_OK;
}

/* MPI, when a launcher started us (evo_mpi_start): EX_OK, or the usage
 * status with the message (a build without MPI). */
static int mpi_start(evo_mpi *M, long runs, long threads)
{
	e2l_error err;

	if (evo_mpi_start(M, (int)runs, (int)threads, &stop_requested,
			  &abort_requested, &err) != E2L_OK) {
		cmd_error("evolve: %s", err.msg);
		return EX_USAGE;
	}
	under_mpi = M->active;
	return EX_OK;
}

/* A worker rank serves its master and is done (its exit status); -1 for
 * the master or a process without MPI. */
static int mpi_worker(evo_mpi *M)
{
	int status;

	if (!M->active || M->group_rank == 0)
		return -1;
	status = evo_mpi_serve(M);
	evo_mpi_end(M);
	return status;
}

/* evolve's command line, parsed (parse) and checked (prepare). */
typedef struct {
	const char *preset_name, *out, *resume, *task;
	const char **sets;
	int nsets, nov, no_cache;
	override *ov;
	long generations, runs, threads, max_evals;
	double wall;
	unsigned long long seed, task_seed;
	task_config cfg;            /* prepare: the task with -s settings */
	const evo_preset *preset;
	evo_settings settings;
} evolve_args;

static void args_free(evolve_args *a)
{
	free(a->sets);
	free(a->ov);
	if (a->cfg.family)
		task_config_free(&a->cfg);
}

/*
 * The options and operand of argv (argv[0] "evolve"), each value checked
 * alone, and a resumed run's settings refused.  EX_OK; -1 after --help
 * printed; else a usage error after its message.  A task is required
 * unless task_optional.
 */
static int parse(int argc, char **argv, evolve_args *a, int task_optional)
{
	static const struct option fixed[] = {
		{ "preset", required_argument, NULL, 'p' },
		{ "generations", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 'S' },
		{ "task-seed", required_argument, NULL, 'T' },
		{ "runs", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "resume", required_argument, NULL, 'r' },
		{ "threads", required_argument, NULL, 't' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ "wall", required_argument, NULL, 'w' },
		{ "max-evaluations", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const values[] = {
		"p=NAME", "g=N", "S=N", "T=N", "k=K", "o=DIR", "r=DIR",
		"t=T", "w=SECONDS", "m=N", "s=KEY=VALUE", NULL
	};
	struct option longs[MAX_LONGS];
	char names[MAX_LONGS][64], *end;
	int c, idx;
	evo_settings scratch;

	*a = (evolve_args){ .runs = 1, .seed = 1, .task_seed = 1 };
	a->sets = xcalloc((size_t)argc + 1, sizeof *a->sets);
	a->ov = xcalloc((size_t)argc + 1, sizeof *a->ov);
	build_options(longs, fixed, names);
	if (cmd_check_options("evolve", argc, argv, "s:h", longs,
			      values) != 0)
		return EX_USAGE;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:h", longs, &idx)) != -1) {
		errno = 0;
		if (c >= SETTING_OPT) {
			/* Each value is checked now, alone; together and
			 * against the task once the preset is known. */
			e2l_error err;
			override *o = &a->ov[a->nov++];
			o->k = &evo_settings_table[c >= SETTING_OFF ?
				c - SETTING_OFF : c - SETTING_OPT];
			o->value = c >= SETTING_OFF ? "false" :
				optarg ? optarg : "true";
			snprintf(o->option, sizeof o->option, "--%s",
				 longs[idx].name);
			evo_settings_init(&scratch, NULL);
			if (evo_settings_set(&scratch, o->k->key, o->value,
					     &err) != E2L_OK) {
				cmd_error("evolve: %s: %s", o->option, err.msg);
				return EX_USAGE;
			}
			continue;
		}
		switch (c) {
		case 'p': a->preset_name = optarg; break;
		case 'o': a->out = optarg; break;
		case 'r': a->resume = optarg; break;
		case 'n': a->no_cache = 1; break;
		case 's': a->sets[a->nsets++] = optarg; break;
		case 'w':
			a->wall = strtod(optarg, &end);
			if (end == optarg || *end || !(a->wall > 0) || errno) {
				cmd_error("evolve: --wall: '%s' is "
					"not a positive number of seconds",
					optarg);
				return EX_USAGE;
			}
			break;
		case 'm':
		case 'g': case 'k': case 't': case 'S': case 'T': {
			unsigned long long v = strtoull(optarg, &end, 10);
			if (end == optarg || *end || errno || optarg[0] == '-' ||
			    (c != 'S' && (v < 1 || v > 100000000))) {
				cmd_error("evolve: --%s: '%s' is not "
					"a positive whole number",
					c == 'g' ? "generations" : c == 'k' ?
					"runs" : c == 't' ? "threads" :
					c == 'm' ? "max-evaluations" :
					c == 'T' ? "task-seed" : "seed",
					optarg);
				return EX_USAGE;
			}
			if (c == 'g') a->generations = (long)v;
			if (c == 'k') a->runs = (long)v;
			if (c == 't') a->threads = (long)v;
			if (c == 'S') a->seed = v;
			if (c == 'T') a->task_seed = v;
			if (c == 'm') a->max_evals = (long)v;
			break;
		}
		case 'h':
			usage(stdout);
			return -1;
		default:
			cmd_error("evolve: unknown option '%s'",
				argv[optind - 1]);
			return EX_USAGE;
		}
	}
	if (!a->resume && optind == argc - 1)
		a->task = argv[optind];
	else if (!(a->resume && optind == argc) &&
		 !(task_optional && optind == argc))
		return usage(stderr);
	/* A resumed run is the run it was: its genomes have the saved
	 * shape, and changing the strategy midway would make it another. */
	if (a->resume && (a->nov || a->preset_name)) {
		cmd_error("evolve: %s: a resumed run keeps the settings in "
			  "%s/run.conf; start a new run to change them",
			  a->nov ? a->ov[0].option : "--preset", a->resume);
		return EX_USAGE;
	}
	return EX_OK;
}

/* The task (a->task, else a copy of dflt) with the -s settings, the
 * preset, and the settings together against the task: the option at
 * fault is named.  EX_OK or an exit code after the message. */
static int prepare(evolve_args *a, const task_config *dflt)
{
	e2l_error err;
	e2l_status st = E2L_OK;
	const char *key;

	if (a->task)
		st = cmd_load_task(a->task, &a->cfg, &err);
	else
		task_config_copy(&a->cfg, dflt);
	if (st == E2L_OK)
		st = cmd_apply_sets(&a->cfg, a->sets, a->nsets, &err);
	if (st != E2L_OK) {
		cmd_error("%s", err.msg);
		return cmd_exit_code(st);
	}
	a->preset = a->preset_name ? evo_preset_find(a->preset_name) :
		evo_preset_for(a->cfg.family->name);
	if (!a->preset) {
		cmd_error("evolve: %s '%s' (see 'e2l evolve --help')",
			  a->preset_name ? "unknown preset" : "no preset for "
			  "task family", a->preset_name ? a->preset_name :
			  a->cfg.family->name);
		return EX_USAGE;
	}
	evo_settings_init(&a->settings, a->preset);
	if (apply_overrides(&a->settings, a->ov, a->nov) != EX_OK)
		return EX_USAGE;
	if (!strcmp(a->preset->family, a->cfg.family->name) &&
	    evo_settings_check(&a->settings, a->cfg.family, &key, &err) !=
	    E2L_OK) {
		const char *opt = NULL;
		for (int i = 0; i < a->nov; i++)
			if (!strcmp(a->ov[i].k->key, key))
				opt = a->ov[i].option;
		if (opt)
			cmd_error("evolve: %s: %s", opt, err.msg);
		else
			cmd_error("evolve: preset %s: %s: %s", a->preset->name,
				  key, err.msg);
		return EX_USAGE;
	}
	return EX_OK;
}

int cmd_evolve_check(int argc, char **argv, const task_config *dflt,
		     cmd_evolve_plan *p)
{
	evolve_args a;
	int status = parse(argc, argv, &a, 1);
	if (status == EX_OK && !a.resume)
		status = prepare(&a, dflt);
	*p = (cmd_evolve_plan){ .task = a.task, .out = a.out,
				.resume = a.resume, .seed = a.seed,
				.runs = a.runs };
	args_free(&a);
	return status < 0 ? EX_USAGE : status;
}

int cmd_evolve(int argc, char **argv)
{
	evolve_args a;
	int status = parse(argc, argv, &a, 0);
	char *path = NULL;
	e2l_error err;
	evo_mpi mpi;

	if (status != EX_OK) {
		args_free(&a);
		return status < 0 ? EX_OK : status;
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	/* A workbench starts its jobs with these blocked (jobs.c): one
	 * that came meanwhile is delivered now, to the handler. */
	sigset_t stops;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &stops, NULL);
	reporter rep = { isatty(STDERR_FILENO), 0 };
	evo_options o = { .threads = (int)a.threads, .stop = &stop_requested,
			  .abort = &abort_requested,
			  .report = report, .warn = warn, .ctx = &rep,
			  .wall_seconds = a.wall,
			  .max_evaluations = a.max_evals,
			  .task_seed = a.task_seed,
			  .generations = a.generations };

	if (a.resume) {
		if ((status = mpi_start(&mpi, 1, a.threads)) == EX_OK &&
		    (status = mpi_worker(&mpi)) < 0) {
			o.farm = mpi.farm;
			rep.generations = a.generations;
			e2l_status st = evo_resume(a.resume, &o, &err);
			if (rep.tty)
				fputc('\n', stderr);
			status = EX_OK;
			if (st != E2L_OK) {
				cmd_error("%s", err.msg);
				/* Nothing left to run: 1, not an error's
				 * code. */
				status = o.finished ? EX_NO : cmd_data_code(st);
			}
			evo_mpi_end(&mpi);
		}
		args_free(&a);
		return status;
	}
	if ((status = prepare(&a, NULL)) != EX_OK) {
		args_free(&a);
		return status;
	}
	o.preset = a.preset;
	o.settings = &a.settings;
	rep.generations = a.generations ? a.generations :
		o.preset->generations;
	if (!a.no_cache)
		path = cache_path(&a.cfg, a.task_seed);
	o.cache = path;
	/* Under MPI each group's master evolves every groups-th run. */
	if ((status = mpi_start(&mpi, a.runs, a.threads)) != EX_OK ||
	    (status = mpi_worker(&mpi)) >= 0) {
		free(path);
		args_free(&a);
		return status;
	}
	status = EX_OK;
	o.farm = mpi.farm;
	for (long k = mpi.group; k < a.runs && status == EX_OK &&
	     !stop_requested; k += mpi.groups) {
		char dir[4096];
		o.seed = a.seed + (unsigned long long)k;
		if (a.runs == 1 && a.out)
			snprintf(dir, sizeof dir, "%s", a.out);
		else
			snprintf(dir, sizeof dir, "%s/%s-seed%llu",
				 a.out ? a.out : "runs", a.cfg.name,
				 (unsigned long long)o.seed);
		printf("run %s (preset %s, seed %llu)\n", dir, o.preset->name,
		       (unsigned long long)o.seed);
		e2l_status st = evo_run(dir, &a.cfg, &o, &err);
		if (rep.tty)
			fputc('\n', stderr);
		if (st != E2L_OK) {
			cmd_error("%s", err.msg);
			status = cmd_data_code(st);
		} else if (stop_requested) {
			printf("stopped after a complete generation; continue "
			       "with: e2l evolve --resume %s\n", dir);
		}
	}
	evo_mpi_end(&mpi);
	free(path);
	args_free(&a);
	return status;
}

/* ---- e2l runs ------------------------------------------------------ */

int cmd_runs(int argc, char **argv)
{
	/* e2l runs stop DIR: the run's own process, found through its pid
	 * file (runlog_stop), ends after the generation in flight. */
	if (argc == 3 && !strcmp(argv[1], "stop")) {
		e2l_error err;
		if (runlog_stop(argv[2], &err) != E2L_OK) {
			cmd_error("%s", err.msg);
			return err.status == E2L_EIO ? EX_IOERR : EX_DATAERR;
		}
		printf("%s stops after the generation in flight\n", argv[2]);
		return EX_OK;
	}
	if (argc != 3 || (strcmp(argv[1], "show") && strcmp(argv[1], "best"))) {
		cmd_error("usage: e2l runs show|best|stop DIR");
		return EX_USAGE;
	}
	const char *dir = argv[2];
	runlog L;
	e2l_error err;
	long n;

	/* The same reader the dashboard follows runs with. */
	if (runlog_open(&L, dir, &err) != E2L_OK) {
		cmd_error("%s", err.msg);
		return cmd_data_code(err.status);
	}
	while ((n = runlog_poll(&L, &err)) > 0)
		;
	if (n < 0 || L.ngen == 0) {
		if (n < 0)
			cmd_error("%s", err.msg);
		else
			cmd_error("%s/log.jsonl: no complete "
				"generation yet", dir);
		runlog_close(&L);
		return EX_DATAERR;
	}
	/* What the files say is printed escaped: a formula or a name in
	 * them could hold a terminal's control sequences. */
	const runlog_gen *g = &L.gen[L.ngen - 1];
	const task_family *f = task_family_find(L.family);
	char *family = cmd_escaped(L.family), *champion =
		cmd_escaped(g->champion);
	if (!strcmp(argv[1], "best")) {
		if (!f) {
			cmd_error("%s/task.task: unknown task family "
				"'%s'", dir, family);
			free(family);
			free(champion);
			runlog_close(&L);
			return EX_DATAERR;
		}
		printf("# the champion of the evolution run in %s\n", dir);
		printf("task = %s\nname = champion of %s\n", f->name, dir);
		char *parts[TASK_MAX_FORMULAS];
		int n = task_rule_text_split(champion, parts,
					     TASK_MAX_FORMULAS);
		for (int k = 0; k < f->nformulas; k++)
			printf("%s = %s\n", f->nformulas == 1 ? "formula" :
			       f->formulas[k], k < n ? parts[k] :
			       "0");
		printf("source = e2l evolve, generation %ld, fitness %.17g\n",
		       g->generation, g->parents[0]);
	} else {
		char ranks[512];
		printf("run          %s\ntask family  %s\ngeneration   %ld\n"
		       "champion     %s\nfitness      %.17g\n", dir, family,
		       g->generation, champion, g->parents[0]);
		/* The reference lines, measured on the run's experiments
		 * (a run from before they were has none). */
		if (!isnan(L.ref_none))
			printf("no plasticity %.17g  (rule 0, on the run's "
			       "experiments)\n", L.ref_none);
		if (L.ref_name) {
			char *name = cmd_escaped(L.ref_name),
			     *formula = cmd_escaped(L.ref_formula);
			printf("best known   %.17g  %s = %s\n", L.ref_known,
			       name, formula);
			free(name);
			free(formula);
		}
		if (runlog_rank_text(&L, L.ngen - 1, RUNLOG_ETA_WINDOW, ranks,
				     sizeof ranks))
			printf("ranks        %s\n", ranks);
		printf("Pareto front (fitness, operations, formula):\n");
		for (int i = 0; i < L.pareto.n; i++) {
			char *formula = cmd_escaped(L.pareto.rows[i].formula);
			printf("  %.17g\t%d\t%s\n", L.pareto.rows[i].fitness,
			       L.pareto.rows[i].complexity, formula);
			free(formula);
		}
	}
	free(family);
	free(champion);
	runlog_close(&L);
	return EX_OK;
}
