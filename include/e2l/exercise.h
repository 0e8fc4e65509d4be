/*
 * exercise.h - exercises with a verdict: a file that names a task, a goal
 * and the variables a rule may use, and the check that runs a rule on it
 * and says pass or fail with the figures (exercise.c).
 *
 * An exercise fixes everything that decides its verdict (the task and its
 * settings, the number of experiments and their seed, which are drawn as
 * `e2l validate` draws them, apart from the seeds evolution uses), so that
 * everyone in a room who checks the same rule gets the same figures, and a
 * course can grade with the exit status of `e2l check`.  The format is in
 * doc/exercises.md.  Usage:
 *
 *     exercise ex;
 *     exercise_load("exercises/reward-baseline.exercise", NULL, &ex, &err);
 *     task_rule_parse(&rule, ex.task.family, texts, NULL, &err);
 *     exercise_result r;
 *     exercise_check(&ex, &rule, &r, &err);
 *     ... r.pass, r.reason, r.value, r.goal, r.cmp.p_paired ...
 *     exercise_result_free(&r); task_rule_free(&rule); exercise_free(&ex);
 *
 * Nothing here prints.
 */
#ifndef E2L_EXERCISE_H
#define E2L_EXERCISE_H

#include <stdint.h>
#include "e2l/task.h"

/* What a rule must do to pass. */
typedef enum {
	EXERCISE_FITNESS,       /* its mean fitness >= target */
	EXERCISE_BEAT,          /* above the baseline: a positive mean
				 * paired difference, and paired p < alpha
				 * unless alpha is NaN (`alpha = none`) */
	EXERCISE_MATCH          /* its mean paired difference to the
				 * baseline >= -tolerance */
} exercise_goal;

/* Bounds of an exercise file's numbers: a check stays a few seconds. */
enum {
	EXERCISE_EXPERIMENTS_MAX = 1000,
	EXERCISE_TITLE_MAX = 200        /* bytes of the title */
};

typedef struct exercise {
	char *path;                     /* the file as given */
	char *name;                     /* its stem: "reward-baseline" */
	char *title;                    /* one line */
	char *task_name;                /* the `task` line as written */
	task_config task;               /* with the file's settings */
	exercise_goal goal;
	double target;                  /* EXERCISE_FITNESS: the least mean
					 * fitness that passes */
	double alpha;                   /* EXERCISE_BEAT: the paired test's
					 * level (0.05); NaN: none */
	double tolerance;               /* EXERCISE_MATCH: in fitness units,
					 * >= 0 */
	int has_baseline;
	task_rule baseline;             /* when has_baseline */
	char *baseline_text;            /* its formula(s) as written */
	/* allowed[i]: a rule may use task.family->vars[i]. */
	unsigned char *allowed;
	int experiments;                /* validation experiments, >= 1 */
	uint64_t seed;                  /* their base seed (validation: the
					 * experiments' seeds come from
					 * seed ^ TASK_VALIDATION_SALT) */
	char *hint;                     /* shown on failure; lines joined
					 * by '\n'; NULL: none */
} exercise;

/* How an exercise finds the task its `task` line names when it is neither
 * a task file beside the exercise nor ../tasks/NAME.task next to the
 * exercise's folder: the front end's own lookup (cmd_load_task), or NULL
 * for a family name only.  Fills cfg, or returns an error without a
 * place (exercise_load adds it). */
typedef e2l_status (*exercise_task_finder)(const char *name,
					   task_config *cfg,
					   e2l_error *err);

/*
 * Reads an exercise file (read as task files are: `key = value` lines,
 * `#` comments, a regular file of at most E2L_TEXT_MAX bytes).  Keys:
 * title, task, set (repeatable), goal, baseline, baseline_name, alpha,
 * tolerance, allowed, experiments, seed, hint (repeatable).  Errors are
 * "PATH:LINE: reason" in err->msg (an unknown key, a bad value, a
 * duplicate; a missing key is "PATH: missing 'goal' ..."): E2L_ESYNTAX
 * for the form, E2L_EINVALID for values and rules that contradict the
 * task, E2L_EUNKNOWN for an unknown task or variable, E2L_ELIMIT, and
 * E2L_EIO when the file (or its task file) cannot be read.  On error ex
 * is left zeroed.
 */
e2l_status exercise_load(const char *path, exercise_task_finder find,
			 exercise *ex, e2l_error *err);
void exercise_free(exercise *ex);

/* The verdict and its figures. */
typedef struct exercise_result {
	int pass;
	/* The first variable the rule uses that the exercise does not allow
	 * (nothing ran then), or NULL. */
	const char *forbidden;
	/* One line: why it passed or failed ("mean fitness 247 >= 150"). */
	char reason[240];
	double value;                   /* the rule's mean fitness */
	/* What value was held against: the target, or the baseline's mean
	 * (EXERCISE_BEAT) or the baseline's mean - tolerance (MATCH). */
	double goal;
	double baseline;                /* the baseline's mean, or NaN */
	task_summary rule_summary, baseline_summary;
	task_comparison cmp;            /* rule - baseline, paired; zeroed
					 * without a baseline */
	task_result rule_res, baseline_res;     /* per experiment (n = 0
						 * when nothing ran) */
} exercise_result;

/*
 * Runs rule on the exercise's experiments (and its baseline on the same
 * ones) and judges it.  E2L_OK with res filled whatever the verdict; an
 * error (the rule is for another family, a run failed or was stopped)
 * leaves res empty for exercise_result_free.
 */
e2l_status exercise_check(const exercise *ex, const task_rule *rule,
			  exercise_result *res, e2l_error *err);
/* The same with run's threads and recorder (its stop flag, progress);
 * run's seed and experiments are ignored for the exercise's. */
e2l_status exercise_check_with(const exercise *ex, const task_rule *rule,
			       const task_options *run,
			       exercise_result *res, e2l_error *err);
void exercise_result_free(exercise_result *res);

/* The goal in words: "mean fitness >= 150", "beat 0 (no plasticity),
 * paired p < 0.05", ... into buf. */
void exercise_goal_text(const exercise *ex, char *buf, size_t size);

#endif
