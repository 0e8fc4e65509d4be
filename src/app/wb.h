/*
 * wb.h - the workbench's command language: a session (rules, the current
 * task, running work) and the commands that act on it.
 *
 * The table of commands (cmd_commands[], commands.h) drives dispatch,
 * `help`, tab completion and the man page.  The language knows nothing of the
 * screen: commands write text to the session's out/err streams and draw
 * plots into text blocks; the full-screen front end (tui.c) and batch
 * mode (wb_batch) differ only in where that text goes and in whether a
 * `run` waits for its result.
 */
#ifndef E2L_WB_H
#define E2L_WB_H

#include <signal.h>
#include <stdio.h>
#include "e2l/task.h"
#include "canvas.h"
#include "commands.h"
#include "jobs.h"
#include "live.h"

/* Exit codes (sysexits), as the command line's. */
enum { WB_OK = 0, WB_NO = 1, WB_UNPROVEN = 2 /* equiv: not proven */,
       WB_USAGE = 64, WB_DATAERR = 65, WB_IOERR = 74,
       WB_MORE = -1 /* the input is an unfinished formula: read on */ };

/* A rule defined in the session: `name = formula` (two formulas,
 * "facilitate ; depress", for the correlation task). */
typedef struct {
	char *name;
	const task_family *family;
	char *text[TASK_MAX_FORMULAS];
	char *source;            /* "typed", a file, a job's champion */
} wb_rule;


/* A computation a command left running (validate): its report lands in
 * out, printed by wb_tick when done is set.  A command's own type embeds
 * it first and frees itself with release. */
typedef struct wb_bg {
	pthread_t thread;
	volatile int stop;       /* ask it to end early */
	volatile int done;
	int failed;              /* out is an error message */
	strbuf out;
	char what[200];          /* "validate lr0 vs none" */
	void (*release)(struct wb_bg *bg);
} wb_bg;

/* What the front end does for commands that need the terminal. */
typedef struct {
	/* Runs argv (the editor) with the terminal handed over; returns
	 * its exit status. */
	int (*external)(wb *W, char *const *argv);
	/* A live run started or a job is watched: show it. */
	void (*show)(wb *W, const char *what);
	/* A lesson's caption: show text (the commands after it run
	 * beneath it at once), or clear it (NULL). */
	void (*caption)(wb *W, const char *text);
	/* Waits with the screen live: WB_WAIT_KEY for Space or Enter
	 * (`step`), WB_WAIT_RUN for the run and validation to end
	 * (`pause`, a script's `run` while one goes).  0 to go on, -1 to
	 * leave the lesson (q, Ctrl-C). */
	int (*wait)(wb *W, int what);
} wb_frontend;

enum { WB_WAIT_KEY, WB_WAIT_RUN };

struct wb {
	FILE *out, *err;         /* where commands write */
	glyphs glyphs;           /* for text plots */
	int cols;                /* width of text plots, columns */
	int interactive;         /* 1: `run` returns at once (the TUI) */
	int shell;               /* 1: one command from the shell (e2l NAME) */
	int task_named;          /* 1: the shell named the task (e2l NAME TASK) */
	const cmd_opts *opts;    /* the options of the command running */
	const char *src;         /* the shell's formula argument, for a caret */
	const cmd_entry *each;   /* every input is this command's formula
				  * (e2l simplify < FILE), or NULL */
	int color;
	int big;                 /* the projector layout */
	int view_follow;         /* the run view: experiment K, or
				  * LIVE_MEAN (`view experiment K|mean`) */
	const wb_frontend *fe;
	void *fe_ctx;

	/* Where the command being run came from, for error messages. */
	const char *where;       /* "<stdin>", a script, "-c" */
	int line;
	int line_base;           /* lines before this input (several -c
				  * count on): read once by wb_batch */

	task_config task;        /* the current task */
	wb_rule *rules;
	int nrules;

	live_run *live;          /* the last `run` (maybe still running) */
	wb_bg *bg;               /* a validation in progress, or NULL */
	int live_reported;       /* its result has been printed */
	jobs jobs;
	int watched;             /* job id the dashboard follows, 0 none */
	int failed_jobs;         /* evolutions that ended in an error */
	int quit;

	/* Lessons (demo, e2l --lesson) and scripts (load). */
	int scripted;            /* inside load or a lesson: `run` while a
				  * run goes waits for it */
	int lesson;              /* inside a lesson: evolve's folders go
				  * to the cache */
	int leave;               /* the lesson was left: read no further */
	char caption[2048];      /* the caption shown, consecutive
				  * `caption` lines joined */
	const cmd_entry *last_cmd; /* the command run before this one */
	int speed_set;           /* set speed: */
	double speed;            /* simulated ms per wall ms (live.h) */
	/* Each task left this session, with its `set` changes, by name: a
	 * switch back finds them again (wb_cmds.c's set_task). */
	task_config *kept;
	int nkept;
};

/* The handlers of the command table (commands.c), in wb_cmds.c but
 * cmd_help and cmd_eval (commands.c) and cmd_tasks (cmd_task.c). */
cmd_handler cmd_help, cmd_eval, wbc_rules, wbc_show, wbc_form, wbc_equiv,
	wbc_edit, cmd_tasks, wbc_task, wbc_set, wbc_run, wbc_stop,
	wbc_validate, wbc_evolve, wbc_runs, wbc_jobs, wbc_watch, wbc_best,
	wbc_export, wbc_save, wbc_load, wbc_demo, wbc_view, wbc_quit,
	wbc_check, wbc_caption, wbc_pause, wbc_step, wbc_compare;

/* run champion JOB|DIR (spec as `jobs` lists them: 1, %1, or a run
 * directory): the job's current champion on the task of its run
 * directory, in the run view; the dashboard's key calls it for the
 * watched job. */
int wb_run_champion(wb *W, const char *spec);

void wb_init(wb *W, FILE *out, FILE *err);
void wb_free(wb *W);
/*
 * Runs one command (possibly spanning lines).  Returns WB_OK, an exit
 * code after writing a one-line error to W->err, or WB_MORE when the
 * text ends inside a formula (the caller appends the next line and calls
 * again).
 */
int wb_exec(wb *W, const char *text);
/* Runs command c on its words (argv[0] its name) and the raw text after
 * its name: its options (parsed: already, else here), its operand count,
 * a formula's completeness, then its handler.  WB_MORE as wb_exec. */
int wb_command(wb *W, const cmd_entry *c, int argc, char **words,
	       const char *rest, const cmd_opts *parsed);
/* Runs commands from a stream (a script, standard input) until its end,
 * `quit`, or (bail) the first error.  Returns the first error's code. */
int wb_batch(wb *W, FILE *in, const char *name, int bail);
/* Reports a finished run and jobs that changed state (once each);
 * called by the front ends between commands and on their timer. */
void wb_tick(wb *W);
/* Waits for the current run; in batch mode `run` calls it. */
void wb_finish_run(wb *W);
/* Reports the background computation once done (or, with wait, after
 * waiting for it) and frees it; its error's exit code, else WB_OK. */
int wb_bg_collect(wb *W, int wait);
/* Asks the run and any background computation to stop, else the one
 * evolution of this session running; returns what it stopped ("run",
 * "validation", "evolution of job 1") or NULL when nothing was going
 * or several evolutions are (wb_jobs_going lists them). */
const char *wb_interrupt(wb *W);
/* The evolutions of this session still running: how many, and (list
 * not NULL) "job 1 (runs/a), job 2 (runs/b)" appended to list. */
int wb_jobs_going(wb *W, strbuf *list);
/* The runs still going under folder (runlog_list_running), one line
 * each on W->out, with how to stop or watch them; a workbench's start. */
void wb_list_running(wb *W, const char *folder);

/* Does text parse as a formula?  E2L_INCOMPLETE when it ends inside
 * one. */
e2l_status wb_parses(const char *text, e2l_error *err);

/* Set by a signal handler (SIGINT, SIGTERM, SIGHUP in batch mode): the
 * command in progress stops what it waits for, batch mode reads no
 * further, and evolutions are asked to checkpoint and stop. */
extern volatile sig_atomic_t wb_interrupted;
/* Sleeps ms milliseconds, or less when interrupted. */
void wb_nap(int ms);

/* Error helpers for the commands: "e2l: PLACE: message". */
int wb_error(wb *W, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A formula's error, on the line of the input where it is (the
 * command's first line plus the formula's own line). */
int wb_formula_error(wb *W, const e2l_error *err, const char *prefix);

/* Completion candidates of a kind (see cmd_entry.complete), calling
 * fn for each; used by the REPL. */
void wb_candidates(wb *W, char kind, void (*fn)(void *ctx, const char *s),
		   void *ctx);

/* Defines (or replaces) rule name from "formula" or "f ; d" for family
 * (NULL: the family whose variables it uses, the current task's first);
 * prints it as `show` does.  WB_MORE when the formula is unfinished. */
int wb_define(wb *W, const char *name, const char *formula,
	      const char *source, const task_family *family);
/* A rule's formulas as typed / simplified ("f ; d" for a pair); the
 * caller frees. */
char *wb_rule_text(const wb_rule *r);
char *wb_rule_simplified(const wb_rule *r);
/* Rules: session rules first, then rule files for the current task. */
wb_rule *wb_rule_find(wb *W, const char *name);

/* Draws the last run's panels / the watched job's dashboard into tb
 * (views.c); both front ends use them. */
void view_run(const live_snapshot *S, textblock *tb, glyphs g, int big);
void view_dashboard(const job *j, textblock *tb, glyphs g, int big);
void view_jobs(const jobs *J, int watched, textblock *tb);
/* The dashboard of j, or of the K runs of the `evolve --runs K` that
 * started it side by side (dashboard.c). */
void view_dashboard_group(const jobs *J, const job *j, textblock *tb,
			  glyphs g, int big);

#endif
