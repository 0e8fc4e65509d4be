/*
 * compare.h - several rules on the same experiments: their values side
 * by side, the paired statistics, the winner and their learning curves
 * overlaid (`compare A B [C ...]`, shell and workbench alike).
 */
#ifndef E2L_COMPARE_H
#define E2L_COMPARE_H

#include <stdint.h>
#include "e2l/task.h"
#include "canvas.h"

/* One rule's run: its name as the user wrote it, its values and its
 * learning curve over the experiments. */
typedef struct {
	const char *name;
	task_result res;
	task_band band;
} compare_entry;

enum { COMPARE_MAX_RULES = 8, COMPARE_POINTS = 120 };

/* Runs rules[i] into e[i] (e[i].name set by the caller) with the same
 * options, so on the same experiments.  On failure err names the rule
 * and nothing is left to free. */
e2l_status compare_evaluate(const task_config *cfg,
			    const task_rule *const *rules, int n,
			    const task_options *opts, compare_entry *e,
			    e2l_error *err);
void compare_free(compare_entry *e, int n);

/* The rule that beats every other with paired p < alpha, or -1. */
int compare_winner(const compare_entry *e, int n, double alpha);

/* The report: each rule's summary and wins, each rule against the first
 * (paired difference, its 95% CI, t, p, wins), the winner, and the
 * per-experiment values (all of them with json, which holds the curves
 * too; up to `rows` in text, the rest summed up in a line). */
void compare_report(strbuf *o, const task_config *cfg, uint64_t seed,
		    const compare_entry *e, int n, int rows, int json);

/* The learning curves overlaid in the region: each rule's mean across
 * experiments as a line, mean +- SD dotted in the same colour, the
 * family's curve title and units on the axes. */
void compare_plot(textblock *tb, int row, int col, int rows, int cols,
		  glyphs g, const compare_entry *e, int n);

#endif
