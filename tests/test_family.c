/*
 * test_family.c - what a family's record promises the front ends
 * (task.h: variables, fitness, trials, panels, exporters), checked for
 * every registered family, and the recorders behind the panels:
 *  - every line a family's panels name is recorded by its experiments
 *    (a panel that is never filled is a failure, whatever the family);
 *  - correlation: every input's weight, pattern and background inputs
 *    told apart as the input spikes show them, and the potential during
 *    training (paper Fig. 5B);
 *  - error: the teacher's weights beside the student's (Fig. 4C) and the
 *    squared error per second, checked against the recorded u and v;
 *  - family.c and export.c: series names, the trial length, `tasks
 *    show`'s text, exporters and their errors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "taskrun.h"
#include "e2l/task.h"

/* ---- Names a run records ----------------------------------------------- */

enum { MAX_NAMES = 4096 };

typedef struct {
	char *name[MAX_NAMES];
	int trial[MAX_NAMES];    /* 1: a trial scalar, 0: a sample */
	int n;
} names;

static void note(names *N, const char *name, int trial)
{
	for (int i = 0; i < N->n; i++)
		if (N->trial[i] == trial && !strcmp(N->name[i], name))
			return;
	if (N->n < MAX_NAMES) {
		N->name[N->n] = strdup(name);
		N->trial[N->n++] = trial;
	}
}

static void names_sample(void *ctx, int exp, const char *name,
			 const char *unit, double t, double value)
{
	(void)exp;
	(void)unit;
	(void)t;
	(void)value;
	note(ctx, name, 0);
}

static void names_trial(void *ctx, int exp, int trial, const char *name,
			double value)
{
	(void)exp;
	(void)trial;
	(void)value;
	note(ctx, name, 1);
}

/* A short run of each family: the settings that make it quick. */
static const char *const *quick(const task_family *f)
{
	static const char *const reward[] = { "experiments", "1", "trials",
					      "3", NULL };
	static const char *const error[] = { "experiments", "1", "T", "2000",
					     NULL };
	static const char *const correlation[] = { "experiments", "1", "T",
						   "2000", "T_free", "1000",
						   NULL };
	static const char *const other[] = { "experiments", "1", NULL };
	return !strcmp(f->name, "reward") ? reward : !strcmp(f->name, "error") ?
		error : !strcmp(f->name, "correlation") ? correlation : other;
}

/* A rule that runs: zero for every formula. */
static task_result run_zero(const task_family *f, const char *const *sets,
			    task_recorder *rec)
{
	const char *texts[] = { "0", "0" };
	return taskrun(f, texts, sets, 1, 1, rec, NULL);
}

/* ---- The records -------------------------------------------------------- */

static void test_record(const task_family *f)
{
	const task_view *v = &f->view;

	CHECK(f->var_info != NULL, "%s: var_info", f->name);
	for (int i = 0; f->var_info && i < f->nvars; i++)
		CHECK(f->var_info[i].help && *f->var_info[i].help &&
		      f->var_info[i].unit, "%s: variable %s undescribed",
		      f->name, f->vars[i]);
	CHECK(f->update && *f->update, "%s: update", f->name);
	CHECK(f->fitness.what && f->fitness.unit, "%s: fitness", f->name);
	CHECK(!f->trial_param || task_param_index(f, f->trial_param) >= 0,
	      "%s: trial parameter '%s' is not a parameter", f->name,
	      f->trial_param);
	if (v->raster == TASK_RASTER_TRIALS)
		CHECK(f->trial_param && v->label && v->answer && v->score,
		      "%s: a trial raster needs the trial length and the "
		      "label, answer and score scalars", f->name);
	if (v->raster == TASK_RASTER_RUN)
		CHECK(v->raster_ms > 0, "%s: raster span", f->name);
	int rank1 = 0;
	for (int c = 0; c < v->ncurves; c++) {
		const task_curve *cv = &v->curves[c];
		rank1 += cv->rank == 1;
		CHECK(cv->title && cv->xunit && cv->series[0].name,
		      "%s: curve %d", f->name, c);
		for (int k = 0; k < TASK_CURVE_SERIES && cv->series[k].name;
		     k++)
			CHECK(*cv->series[k].name, "%s: %s: a series without "
			      "a name", f->name, cv->title);
	}
	CHECK(v->ncurves == 0 || rank1 == 1, "%s: %d curves of rank 1, want "
	      "one (the learning curve)", f->name, rank1);
	for (int i = 0; i < f->nexporters; i++)
		CHECK(f->exporters[i].format && f->exporters[i].summary &&
		      f->exporters[i].write, "%s: exporter %d", f->name, i);
}

/* Every line the panels name comes from the family's own run. */
static void test_panels_filled(const task_family *f)
{
	names N = { 0 };
	task_recorder rec = { .ctx = &N, .sample = names_sample,
			      .trial = names_trial };
	task_result r = run_zero(f, quick(f), &rec);
	task_result_free(&r);
	for (int c = 0; c < f->view.ncurves; c++) {
		const task_curve *cv = &f->view.curves[c];
		for (int k = 0; k < TASK_CURVE_SERIES && cv->series[k].name;
		     k++) {
			const task_series *s = &cv->series[k];
			int trial = s->from == TASK_FROM_TRIAL_SUM, seen = 0;
			for (int i = 0; i < N.n && !seen; i++)
				seen = N.trial[i] == trial &&
					task_series_index(s, N.name[i]) >= 0;
			CHECK(seen, "%s: panel '%s' names %s '%s', which the "
			      "run never records", f->name, cv->title,
			      trial ? "trial scalar" : "sample", s->name);
		}
	}
	if (f->view.score) {
		int seen = 0;
		for (int i = 0; i < N.n; i++)
			seen |= N.trial[i] && !strcmp(N.name[i], f->view.score);
		CHECK(seen, "%s: no trial scalar '%s'", f->name, f->view.score);
	}
	for (int i = 0; i < N.n; i++)
		free(N.name[i]);
}

/* ---- Correlation: every input's weight, the potential in training ------- */

enum { CORR_INPUTS = 1000 };

typedef struct {
	double cycle, pattern, inter;   /* ms */
	int window0[CORR_INPUTS];       /* spikes in the first window */
	int group[CORR_INPUTS];         /* 1 pattern, 2 background, 3 both */
	int count[CORR_INPUTS];         /* weight samples */
	double mean_sum[16];            /* per-input weights summed, per
					 * sample time (1 s apart) */
	double w_mean[16];
	int bad_weight, other_units, group_means;
	long u_train, u_free;
	double u_train_last;
} corr_stats;

static void corr_spike(void *ctx, int exp, int trial, int which, double t)
{
	corr_stats *S = ctx;
	(void)exp;
	(void)trial;
	/* hop 0: the recipe's own times; window 0 is (0.1 + inter,
	 * 0.1 + inter + pattern]. */
	if (which >= 0 && t > 0.1 + S->inter + 0.05 &&
	    t < 0.1 + S->inter + S->pattern + 0.05)
		S->window0[which]++;
}

static void corr_sample(void *ctx, int exp, const char *name,
			const char *unit, double t, double value)
{
	corr_stats *S = ctx;
	int k = (int)lround(t / 1000.0) - 1;
	(void)exp;
	if (!strcmp(name, "w_pattern_mean") ||
	    !strcmp(name, "w_background_mean")) {
		/* A group's mean (w_pattern_mean): at the start and each
		 * second, as the inputs' weights. */
		S->group_means++;
	} else if (!strncmp(name, "w_pattern_", 10) ||
		   !strncmp(name, "w_background_", 13)) {
		int pat = name[2] == 'p';
		int j = atoi(name + (pat ? 10 : 13));
		if (j < 0 || j >= CORR_INPUTS)
			return;
		S->group[j] |= pat ? 1 : 2;
		S->count[j]++;
		S->bad_weight += !(value >= 0 && value <= 1);
		S->other_units += strcmp(unit, "mV") != 0;
		if (k >= 0 && k < 16)
			S->mean_sum[k] += value;
	} else if (!strcmp(name, "w_mean")) {
		if (k >= 0 && k < 16)
			S->w_mean[k] = value;
		S->other_units += strcmp(unit, "mV") != 0;
	} else if (!strcmp(name, "u_train")) {
		S->u_train++;
		S->u_train_last = t;
		S->other_units += strcmp(unit, "mV") != 0;
	} else if (!strcmp(name, "u")) {
		S->u_free++;
	}
}

static void test_correlation_weights(const task_family *f)
{
	corr_stats *S = calloc(1, sizeof *S);
	S->pattern = 100;
	S->inter = 400;
	task_recorder rec = { .ctx = S, .spike = corr_spike,
			      .sample = corr_sample };
	const char *sets[] = { "experiments", "1", "T", "3000", "T_free",
			       "1000", "hop", "0", NULL };
	const char *lr1[] = { "k - w", "w*k - w - k" };
	task_result r = taskrun(f, lr1, sets, 1, 1, &rec, NULL);
	task_result_free(&r);

	int npat = 0, wrong = 0, both = 0, counts = 0;
	for (int j = 0; j < CORR_INPUTS; j++) {
		npat += S->group[j] == 1;
		both += S->group[j] == 3 || S->group[j] == 0;
		/* A pattern input is one that spikes in the pattern's
		 * window, as the spikes show it. */
		wrong += (S->group[j] == 1) != (S->window0[j] > 0);
		counts += S->count[j] != 4;
	}
	CHECK(both == 0 && counts == 0, "every input in one group, a weight "
	      "at 0 and then a second: %d in none or both, %d with a count "
	      "other than 4", both, counts);
	CHECK(S->group_means == 2 * 4, "the two groups' means at 0, 1, 2, 3 "
	      "s: %d", S->group_means);
	CHECK(wrong == 0, "%d inputs told apart otherwise than their spikes "
	      "in the first window say", wrong);
	CHECK(npat > 200 && npat < 320, "pattern inputs: %d of 1000 (about "
	      "26%%)", npat);
	CHECK(S->bad_weight == 0 && S->other_units == 0, "%d weights outside "
	      "[0, Wmax], %d samples not in mV", S->bad_weight,
	      S->other_units);
	for (int k = 0; k < 3; k++)
		CHECK(fabs(S->mean_sum[k] / CORR_INPUTS - S->w_mean[k]) < 1e-12,
		      "at %d s the inputs' weights average %.17g, w_mean %.17g",
		      k + 1, S->mean_sum[k] / CORR_INPUTS, S->w_mean[k]);
	/* The potential every 1 ms of training; the free run's every step
	 * (0.1 ms) as before. */
	CHECK(S->u_train == 3000 && S->u_train_last == 3000, "u_train: %ld "
	      "samples, the last at %g ms", S->u_train, S->u_train_last);
	CHECK(S->u_free == 10000, "u (free run): %ld samples", S->u_free);
	free(S);
}

/* ---- Error: the teacher's weights, the squared error per second ------- */

typedef struct {
	double u, v, u_t;                /* the last u, v and u's time */
	double sq;                       /* (u - v)^2 summed in the bin */
	long n;
	double bin_end;
	int err2, err2_bad, err2_unit;
	int w[8], wt[8];                 /* samples per input */
	double wt_first[8];
	int wt_changed, wt_unit;
} error_stats;

static void error_sample(void *ctx, int exp, const char *name,
			 const char *unit, double t, double value)
{
	error_stats *S = ctx;
	(void)exp;
	if (!strcmp(name, "u")) {
		S->u = value;
		S->u_t = t;
	} else if (!strcmp(name, "v")) {
		/* u, then v, at the same time: one sample of the error. */
		if (S->u_t == t) {
			S->sq += (S->u - value) * (S->u - value);
			S->n++;
		}
	} else if (!strcmp(name, "err2")) {
		/* The mean of the bin's squared differences, the bin ending
		 * with the first sample at or after each second. */
		S->err2++;
		S->err2_unit += strcmp(unit, "mV^2") != 0;
		S->err2_bad += !(t >= S->bin_end && S->n > 0 &&
				 fabs(value - S->sq / S->n) <=
				 1e-9 * (1 + value));
		S->sq = 0;
		S->n = 0;
		S->bin_end = t + 1000;
	} else if (!strncmp(name, "wt_", 3)) {
		int j = atoi(name + 3);
		if (j < 0 || j >= 8)
			return;
		if (S->wt[j]++ == 0)
			S->wt_first[j] = value;
		S->wt_changed += value != S->wt_first[j];
		S->wt_unit += strcmp(unit, "pA") != 0;
	} else if (!strncmp(name, "w_", 2)) {
		int j = atoi(name + 2);
		if (j >= 0 && j < 8)
			S->w[j]++;
	}
}

static void test_error_recorders(const task_family *f)
{
	error_stats S = { .bin_end = 1000 };
	task_recorder rec = { .ctx = &S, .sample = error_sample };
	const char *sets[] = { "experiments", "1", "T", "3500", NULL };
	const char *eq7[] = { "(v - u)*s" };
	task_result r = taskrun(f, eq7, sets, 1, 1, &rec, NULL);
	task_result_free(&r);

	CHECK(S.err2 == 3 && S.err2_bad == 0 && S.err2_unit == 0,
	      "err2: %d samples (want 3 in 3.5 s), %d not the mean of their "
	      "second's (u - v)^2, %d not in mV^2", S.err2, S.err2_bad,
	      S.err2_unit);
	int n_inputs = 5, bad = 0;
	for (int j = 0; j < n_inputs; j++)
		bad += S.w[j] == 0 || S.wt[j] != S.w[j];
	CHECK(bad == 0, "each input's teacher weight beside each student "
	      "weight sample: %d inputs differ", bad);
	CHECK(S.wt_changed == 0 && S.wt_unit == 0, "teacher weights are "
	      "fixed: %d changed, %d not in pA", S.wt_changed, S.wt_unit);
	/* Teacher weights are uniform in [-20, 20] plus the shift 15. */
	for (int j = 0; j < n_inputs; j++)
		CHECK(S.wt_first[j] >= -5 && S.wt_first[j] <= 35,
		      "teacher weight %d: %g pA", j, S.wt_first[j]);
}

/* ---- family.c and export.c ---------------------------------------------- */

static void test_series_index(void)
{
	task_series group = { "w_", NULL, TASK_FROM_SAMPLE, TASK_SOLID };
	task_series plain = { "u", NULL, TASK_FROM_SAMPLE, TASK_SOLID };
	task_series pat = { "w_pattern_", "pattern", TASK_FROM_SAMPLE,
			    TASK_DOTTED };
	CHECK(task_series_index(&group, "w_12") == 12, "w_12");
	CHECK(task_series_index(&group, "w_0") == 0, "w_0");
	CHECK(task_series_index(&group, "w_mean") == -1, "w_mean");
	CHECK(task_series_index(&group, "w_pattern_3") == -1, "w_pattern_3");
	CHECK(task_series_index(&group, "w_") == -1, "w_ alone");
	CHECK(task_series_index(&group, "wt_1") == -1, "wt_1");
	CHECK(task_series_index(&pat, "w_pattern_3") == 3, "pattern 3");
	CHECK(task_series_index(&plain, "u") == 0, "u");
	CHECK(task_series_index(&plain, "u_train") == -1, "u_train");
	CHECK(task_series_index(&group, "w_99999999999") == -1, "too long");
}

static void test_trial_ms(void)
{
	task_config cfg;
	e2l_error err;
	for (int i = 0; task_families[i]; i++) {
		const task_family *f = task_families[i];
		task_config_default(&cfg, f);
		if (f->trial_param) {
			CHECK(task_config_set(&cfg, f->trial_param, "1000",
					      &err) == E2L_OK, "%s", err.msg);
			CHECK(task_trial_ms(&cfg) == 1000, "%s: trial %g ms",
			      f->name, task_trial_ms(&cfg));
		} else {
			CHECK(task_trial_ms(&cfg) == 0, "%s: one long run, not "
			      "%g ms trials", f->name, task_trial_ms(&cfg));
		}
		task_config_free(&cfg);
	}
}

static void test_describe(const task_family *f)
{
	strbuf b = { 0 }, m = { 0 };
	task_family_describe(f, 0, &b);
	task_family_describe(f, 1, &m);
	for (int i = 0; i < f->nvars; i++) {
		CHECK(strstr(b.s, f->var_info[i].help) != NULL, "%s: `tasks "
		      "show` lacks %s's meaning", f->name, f->vars[i]);
		CHECK(strstr(m.s, f->var_info[i].help) != NULL, "%s: the docs "
		      "lack %s's meaning", f->name, f->vars[i]);
	}
	CHECK(strstr(b.s, f->fitness.what) && strstr(b.s, "higher is better"),
	      "%s: fitness", f->name);
	for (int c = 0; c < f->view.ncurves; c++)
		CHECK(strstr(b.s, f->view.curves[c].title) != NULL,
		      "%s: panel %s", f->name, f->view.curves[c].title);
	free(b.s);
	free(m.s);
}

static void test_export(void)
{
	const task_family *corr = task_family_find("correlation");
	const task_family *reward = task_family_find("reward");
	strbuf b = { 0 };
	e2l_error err;
	const char *pair[] = { "k - w", "w" };
	CHECK(task_export(corr, "brian2", "stdp", pair, &b, &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(b.s && !strncmp(b.s, "# Brian2 (https://brian2.readthedocs.io) "
			      "snippet for the e2l rule stdp, task family "
			      "correlation.\n", 91) &&
	      strstr(b.s, "w = clip(w + lam*Wmax*(Kplus - (w/Wmax)), -inf, "
		     "Wmax)"), "%s", b.s ? b.s : "(nothing)");
	free(b.s);
	b = (strbuf){ 0 };
	const char *one[] = { "R*E" };
	CHECK(task_export(reward, "nest", "x", one, &b, &err) ==
	      E2L_EUNKNOWN && !b.s && !strcmp(err.msg, "task family reward "
	      "has no 'nest' exporter (it has: brian2)"), "%s", err.msg);
	const char *bad[] = { "R*(E" };
	CHECK(task_export(reward, "brian2", "x", bad, &b, &err) ==
	      E2L_INCOMPLETE && !b.s, "%s", err.msg);
	char list[64];
	task_export_formats(reward, list, sizeof list);
	CHECK(!strcmp(list, ", brian2"), "formats '%s'", list);
	const char *from[] = { "w" }, *to[] = { "(w/Wmax)" };
	char *s = task_export_renamed("w*w_2 + w", EXPR_PYTHON, 1, from, to);
	CHECK(!strcmp(s, "(w/Wmax)*w_2 + (w/Wmax)"), "renamed: %s", s);
	free(s);
}

/* help VARIABLE, help fitness, help TASK read the records. */
static void test_glossary(void)
{
	strbuf o = { 0 };
	CHECK(task_glossary("k", &o) && strstr(o.s, "k in the correlation "
	      "task") && strstr(o.s, "in facilitate the presynaptic trace"),
	      "%s", o.s);
	free(o.s);
	o = (strbuf){ 0 };
	CHECK(task_glossary("depress", &o) && strstr(o.s, "depress > 0 "
	      "weakens"), "%s", o.s ? o.s : "");
	free(o.s);
	o = (strbuf){ 0 };
	CHECK(task_glossary("fitness", &o), "fitness");
	for (int i = 0; task_families[i]; i++) {
		char line[64];
		snprintf(line, sizeof line, "  %s: ", task_families[i]->name);
		CHECK(strstr(o.s, line) != NULL, "no %s in %s", line, o.s);
	}
	free(o.s);
	o = (strbuf){ 0 };
	CHECK(task_glossary("variables", &o), "variables");
	for (int i = 0; task_families[i]; i++)
		for (int k = 0; k < task_families[i]->nvars; k++) {
			char line[64];
			snprintf(line, sizeof line, "  %s in the %s task",
				 task_families[i]->vars[k],
				 task_families[i]->name);
			CHECK(strstr(o.s, line) != NULL, "no %s", line);
		}
	free(o.s);
	o = (strbuf){ 0 };
	CHECK(task_glossary("reward", &o) && strstr(o.s, "task family reward"),
	      "%s", o.s ? o.s : "");
	free(o.s);
	o = (strbuf){ 0 };
	CHECK(!task_glossary("nonsense", &o) && !o.len, "nonsense found");
	free(o.s);
}

int main(void)
{
	test_glossary();
	for (int i = 0; task_families[i]; i++) {
		test_record(task_families[i]);
		test_describe(task_families[i]);
		test_panels_filled(task_families[i]);
	}
	test_correlation_weights(task_family_find("correlation"));
	test_error_recorders(task_family_find("error"));
	test_series_index();
	test_trial_ms();
	test_export();
	return check_done("test_family");
}
