/*
 * toy_family.c - a fourth task family, defined in the tests only, to show
 * that a family is one file and one registry line: tests/e2l-toy links
 * it with tests/toy_registry.c and the unchanged front end, and
 * tests/golden-toy/toy.t and tests/screen_family.sh drive `tasks show`,
 * `export`, `run` and the views with it.
 *
 * The science is a toy on purpose: in every trial each input spikes
 * once, at a fixed time, and the output spikes once at mid-trial when
 * the weights sum above 1.  Its record differs from the real families
 * where a front end could have guessed: its trial length is a parameter
 * called `duration`, its trial scalars are `class`, `guess` and
 * `points`, its curves have their own titles, and its only exporter is
 * called `toy-sim`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

static const task_param params[] = {
	{ "experiments", 2, "", 1, 100, 1, NULL, "experiments per fitness "
	  "evaluation" },
	{ "trials", 8, "", 1, 10000, 1, NULL, "trials per experiment" },
	{ "duration", 250, "ms", 1, 1e5, 0, NULL, "length of a trial" },
	{ "inputs", 4, "", 1, 100, 1, NULL, "inputs, each spiking once a "
	  "trial" },
	{ "eta", 0.1, "", -100, 100, 0, NULL, "learning rate" },
};

static const char *const vars[] = { "a", "b" };
static const task_var var_info[] = {
	{ "", "the input's spikes this trial (always 1)" },
	{ "", "the output's spikes this trial (0 or 1)" },
};
static const char *const formulas[] = { "formula" };

static e2l_status experiment(const task_config *cfg, const task_rule *rule,
			     uint64_t seed, int exp_index, task_recorder *rec,
			     double *value, task_failure *fail,
			     e2l_error *err)
{
	const int n = (int)task_get(cfg, "inputs");
	const int trials = (int)task_get(cfg, "trials");
	const double T = task_get(cfg, "duration"), eta = task_get(cfg, "eta");
	double w[100], a[100], dw[100], b = 0;
	double *work = xmalloc((prog_work_size(rule->program[0]) + 1) *
			       sizeof *work);
	int ok = 1;

	(void)err;
	(void)fail;     /* task_evaluate says at least which experiment */
	for (int j = 0; j < n; j++)
		w[j] = 0.1 + 0.05 * (double)((seed + (uint64_t)j) % 3);
	for (int i = 0; i < trials && ok && !task_stopped(rec); i++) {
		double sum = 0;
		for (int j = 0; j < n; j++)
			sum += w[j];
		int cls = i % 2 ? -1 : 1, guess = sum > 1 ? 1 : -1;
		b = guess > 0;
		for (int j = 0; j < n; j++)
			a[j] = 1;
		prog_arg args[2] = { { a, 1 }, { &b, 0 } };
		ok = task_rule_eval(rule, 0, args, (size_t)n, dw, work);
		for (int j = 0; ok && j < n; j++) {
			w[j] += eta * dw[j];
			ok = isfinite(w[j]);
		}
		if (!rec)
			continue;
		for (int j = 0; rec->spike && j < n; j++)
			rec->spike(rec->ctx, exp_index, i, j,
				   (j + 1) * T / (n + 1));
		if (rec->spike && guess > 0)
			rec->spike(rec->ctx, exp_index, i, -1, T / 2);
		for (int j = 0; rec->sample && j < n; j++) {
			char name[16];
			snprintf(name, sizeof name, "w_%d", j);
			rec->sample(rec->ctx, exp_index, name, "au",
				    (i + 1) * T, w[j]);
		}
		if (rec->sample)
			rec->sample(rec->ctx, exp_index, "level", "au",
				    (i + 1) * T, sum);
		if (rec->trial) {
			rec->trial(rec->ctx, exp_index, i, "class", cls);
			rec->trial(rec->ctx, exp_index, i, "guess", guess);
			rec->trial(rec->ctx, exp_index, i, "points",
				   cls == guess ? 1 : -1);
		}
		if (rec->progress)
			rec->progress(rec->ctx, exp_index,
				      (double)(i + 1) / trials);
	}
	double mean = 0;
	for (int j = 0; j < n; j++)
		mean += w[j] / n;
	*value = ok ? mean : -INFINITY;
	free(work);
	return E2L_OK;
}

static const task_curve curves[] = {
	{ .title = "toy weights", .yunit = "au", .xunit = "ms", .rank = 3,
	  .series = { { "w_", NULL, TASK_FROM_SAMPLE } } },
	{ .title = "toy level", .yunit = "au", .xunit = "ms", .rank = 2,
	  .series = { { "level", "sum of w", TASK_FROM_SAMPLE } } },
	{ .title = "toy points", .xunit = "trial", .rank = 1,
	  .series = { { "points", NULL, TASK_FROM_TRIAL_SUM } } },
};

static void toy_sim(strbuf *out, const char *const *texts)
{
	char *f = task_export_renamed(texts[0], EXPR_C, 0, NULL, NULL);
	strbuf_printf(out, "toy.update(lambda a, b: %s)\n", f);
	free(f);
}

static const task_exporter exporters[] = {
	{ "toy-sim", "toy simulator line", toy_sim },
};

const task_family task_toy = {
	.name = "toy",
	.summary = "a family defined in the tests only: inputs spike once a "
		   "trial, the output when the weights sum above 1",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.vars = vars,
	.var_info = var_info,
	.nvars = sizeof vars / sizeof *vars,
	.formulas = formulas,
	.nformulas = 1,
	.update = "after each trial w grows by eta formula",
	.experiment = experiment,
	.fitness = { "the mean weight at the end", "au", 0 },
	.trial_param = "duration",
	.view = { .raster = TASK_RASTER_TRIALS, .label = "class",
		  .answer = "guess", .score = "points", .curves = curves,
		  .learning = "toy points",
		  .ncurves = sizeof curves / sizeof *curves },
	.exporters = exporters,
	.nexporters = sizeof exporters / sizeof *exporters,
};
