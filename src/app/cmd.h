/*
 * cmd.h - the command-line front end's commands and exit codes
 * (sysexits), shared by main.c and the command files.
 */
#ifndef E2L_CMD_H
#define E2L_CMD_H

enum { EX_OK = 0, EX_NO = 1, EX_UNPROVEN = 2 /* equiv: not proven */,
       EX_USAGE = 64, EX_DATAERR = 65, EX_SOFTWARE = 70, EX_IOERR = 74 };

#include <stdint.h>
#include <stdio.h>
#include "e2l/task.h"
#include "e2l/exercise.h"
#include "commands.h"


/* A task from a command-line word: a task file, a name in tasks/ (in
 * the current directory, $E2L_DATA, the source tree or the installed
 * data), or a family name (its defaults). */
e2l_status cmd_load_task(const char *arg, task_config *cfg, e2l_error *err);
/* -s KEY=VALUE settings, each value checked, then the parameters against
 * each other once (so their order does not matter).  E2L_EUNKNOWN for a
 * setting without '=' or an unknown parameter, else the value's or the
 * check's status, with a message naming the setting. */
e2l_status cmd_apply_sets(task_config *cfg, const char *const *sets, int n,
			  e2l_error *err);

/* Is s a file's path: it ends in ext, or names a file with a '/'? */
int cmd_looks_like_path(const char *s, const char *ext);
/* DIR/sub/name+ext in the first data directory that has it (".",
 * $E2L_DATA, the source tree, the installed data); NULL if none.  The
 * caller frees it. */
char *cmd_find_data(const char *sub, const char *name, const char *ext);
/* The rule file a word names for family f: the word itself when it is a
 * path; else rules/F-WORD, then rules/WORD (so "lr0" finds
 * rules/reward-lr0.rule in the reward task).  NULL when none, or when
 * the word reads as a formula.  The caller frees it.  The one lookup
 * every command that takes RULE uses. */
char *cmd_rule_path(const task_family *f, const char *word);
/* The names (without ext) of the files in the first data directory that
 * has sub/, sorted; NULL if none.  The caller frees each and the array. */
char **cmd_data_names(const char *sub, const char *ext, size_t *count);
/*
 * Before getopt_long(argc, argv, shorts, longs): finds the first
 * argument it would refuse and says why on stderr, in one line naming
 * it: an unknown option (one that reads as a formula, as -u*s, is told
 * to go after "--"), or an option without its value.  values names the
 * values by option letter for that message: "s=KEY=VALUE".  0 when all
 * is well, else -1.
 */
struct option;
int cmd_check_options(const char *cmd, int argc, char **argv,
		      const char *shorts, const struct option *longs,
		      const char *const *values);

/* e2l's folder under an XDG base directory ($var, else ~/fallback),
 * created if need be: "~/.cache/e2l".  NULL when there is no home or it
 * cannot be made.  The caller frees it. */
char *cmd_xdg_dir(const char *var, const char *fallback);

/* s with control bytes written as \xNN (e2l_escape), for printing text
 * read from a file (a run's formulas, its settings) to a terminal; the
 * caller frees it. */
char *cmd_escaped(const char *s);
/* "e2l: " and the message on stderr, escaped likewise: an argument or a
 * file's text quoted in it never sends a terminal control sequence. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cmd_error's messages go to W (wb_error: its place, its error stream)
 * until cmd_errors_into(NULL); for the workbench's checks. */
struct wb;
void cmd_errors_into(struct wb *W);

/* A task's parameters as `e2l tasks show` prints them. */
void cmd_show_params(FILE *out, const task_config *cfg);

/* Validation experiments take their seeds from the base seed and this
 * salt, so they never coincide with the experiments rules were evolved
 * or tuned on: the library's, which exercises use too. */
#define CMD_VALIDATION_SALT TASK_VALIDATION_SALT

/* `run` from the shell (or with --json): rule's fitness on cfg over the
 * experiments of W->opts, printed to W->out; typed: rule is a formula
 * typed in place (no name to show).  Returns the exit code. */
struct wb;
int cmd_run_report(struct wb *W, const task_config *cfg,
		   const task_rule *rule, int typed);

/* Each takes argv from the command's name on; returns the exit code. */
int cmd_evolve(int argc, char **argv);
/* What the workbench needs of an evolution it starts as jobs. */
typedef struct {
	const char *task, *out, *resume;  /* NULL when not given */
	unsigned long long seed;
	long runs;
} cmd_evolve_plan;
/* evolve's argv checked as `e2l evolve` checks it, without running:
 * options, task (none: dflt), preset and settings; the messages through
 * cmd_error.  Returns the exit code. */
int cmd_evolve_check(int argc, char **argv, const task_config *dflt,
		     cmd_evolve_plan *p);
int cmd_runs(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* `check` (cmd_check.c) for any front end: an exercise from a word (an
 * .exercise file, or a name in exercises/ as cmd_find_data finds it,
 * its task found as cmd_load_task finds one); the verdict and its
 * figures as `e2l check` prints them (json: one JSON object); the
 * exercises with their titles.  The check itself is exercise_check_with
 * (its stop flag in run->rec). */
e2l_status cmd_load_exercise(const char *arg, exercise *ex, e2l_error *err);
void cmd_check_report(strbuf *o, const exercise *ex, const task_rule *rule,
		      const exercise_result *r, int json);
void cmd_check_list(strbuf *o);
/* The whole check for a front end that has the rule as formulas (a
 * workbench's session rule: texts[i] for family->formulas[i], called
 * name): the report, or the error in one line, appended to out; *stop
 * (may be NULL) set from another thread ends the runs early.  Returns
 * what `e2l check` exits with: 0 pass, 1 fail, 64 no such exercise, 65
 * a bad exercise or rule (or one of another family, or stopped), 74. */
int cmd_check_texts(const char *exercise_arg, const task_family *family,
		    const char *name, const char *const *texts, int json,
		    volatile int *stop, strbuf *out);

#endif
