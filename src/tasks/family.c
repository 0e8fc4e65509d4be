/*
 * family.c - reading a family's record (task.h): what `tasks show` and
 * `tasks doc` say of it, a trial's length, and which samples feed a curve.
 *
 * The front ends know no family by name: they read the record, through
 * these functions or its fields (doc/architecture.md).  A family's panels
 * name their lines by the recorder's sample names, so what `--record DIR`
 * writes and what the views draw are one vocabulary, listed here for the
 * docs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

/* "pA" as " (pA)", "" as "". */
static const char *paren_unit(const char *unit, char *buf, size_t n)
{
	if (!unit || !*unit)
		return "";
	snprintf(buf, n, " (%s)", unit);
	return buf;
}

/* A series' sample name as a reader sees it: "w_N" for the group
 * "w_", "the reward summed" for a trial scalar. */
static void series_text(const task_series *s, int markdown, strbuf *out)
{
	const char *q = markdown ? "`" : "";
	if (s->from == TASK_FROM_TRIAL_SUM)
		strbuf_printf(out, "trial scalar %s%s%s summed", q, s->name, q);
	else if (task_series_group(s))
		strbuf_printf(out, "%s%sN%s", q, s->name, q);
	else
		strbuf_printf(out, "%s%s%s", q, s->name, q);
	if (s->label && strcmp(s->label, s->name))
		strbuf_printf(out, " (%s)", s->label);
}

static void describe_vars(const task_family *f, int markdown, strbuf *out)
{
	if (markdown)
		strbuf_printf(out, "| variable | unit | meaning |\n"
			      "|---|---|---|\n");
	else
		strbuf_printf(out, "rule variables:\n");
	for (int i = 0; i < f->nvars; i++) {
		const task_var *v = f->var_info ? &f->var_info[i] : NULL;
		const char *unit = v && v->unit ? v->unit : "";
		const char *help = v && v->help ? v->help : "";
		char name[64];
		if (markdown) {
			strbuf_printf(out, "| `%s` (`x_%d`) | %s | %s |\n",
				      f->vars[i], i, unit, help);
		} else {
			snprintf(name, sizeof name, "%s (x_%d)", f->vars[i], i);
			strbuf_printf(out, "  %-16s %-4s %s\n", name, unit, help);
		}
	}
	if (markdown)
		strbuf_printf(out, "\n");
}

static void describe_panels(const task_family *f, int markdown, strbuf *out)
{
	const task_view *v = &f->view;
	char buf[32];
	strbuf_printf(out, "%s", markdown ? "Panels (the traces as `--record` "
		      "names them): " : "panels: ");
	if (v->raster == TASK_RASTER_TRIALS)
		strbuf_printf(out, "spikes trial by trial");
	else if (v->raster == TASK_RASTER_RUN)
		strbuf_printf(out, "spikes of the last %g ms", v->raster_ms);
	else
		strbuf_printf(out, "no spikes");
	if (v->raster != TASK_RASTER_NONE && v->no_output)
		strbuf_printf(out, " (inputs only)");
	if (v->raster != TASK_RASTER_NONE && v->window)
		strbuf_printf(out, ", shaded where %s%s%s is 1",
			      markdown ? "`" : "", v->window,
			      markdown ? "`" : "");
	for (int i = 0; i < v->ncurves; i++) {
		const task_curve *c = &v->curves[i];
		strbuf_printf(out, "; %s%s: ", c->title,
			      paren_unit(c->yunit, buf, sizeof buf));
		for (int k = 0; k < TASK_CURVE_SERIES && c->series[k].name;
		     k++) {
			strbuf_printf(out, "%s", k ? ", " : "");
			series_text(&c->series[k], markdown, out);
		}
	}
	strbuf_printf(out, "%s", markdown ? ".\n\n" : "\n");
}

void task_family_describe(const task_family *f, int markdown, strbuf *out)
{
	const char *q = markdown ? "`" : "";
	const task_fitness *fit = &f->fitness;
	char buf[32];

	if (markdown)
		strbuf_printf(out, "\n## %s\n\n%s.\n\nRule variables (the "
			      "paper's aliases):\n\n", f->name, f->summary);
	else
		strbuf_printf(out, "task family %s: %s\n", f->name,
			      f->summary);
	describe_vars(f, markdown, out);
	strbuf_printf(out, "%s", markdown ? "Formulas:" : "formulas:");
	for (int i = 0; i < f->nformulas; i++)
		strbuf_printf(out, "%s %s%s%s", i ? "," : "", q,
			      f->formulas[i], q);
	if (f->update)
		strbuf_printf(out, "; %s", f->update);
	strbuf_printf(out, "%s", markdown ? ".\n\n" : "\n");
	strbuf_printf(out, "%s %s%s, %s is better; the %s over experiments%s",
		      markdown ? "Fitness:" : "fitness:",
		      fit->what ? fit->what : "(not described)",
		      paren_unit(fit->unit, buf, sizeof buf),
		      fit->lower_better ? "lower" : "higher",
		      f->aggregate_min ? "minimum" : "mean",
		      markdown ? ".\n\n" : "\n");
	strbuf_printf(out, "%s", markdown ? "Trials:" : "trials:");
	if (f->trial_param)
		strbuf_printf(out, " each %s%s%s ms long", q, f->trial_param, q);
	else
		strbuf_printf(out, " none (one long run)");
	strbuf_printf(out, "%s", markdown ? ".\n\n" : "\n");
	describe_panels(f, markdown, out);
	strbuf_printf(out, "%s", markdown ? "Exporters:" : "exporters:");
	for (int i = 0; i < f->nexporters; i++)
		strbuf_printf(out, "%s %s%s%s: %s", i ? ";" : "", q,
			      f->exporters[i].format, q,
			      f->exporters[i].summary);
	if (f->nexporters == 0)
		strbuf_printf(out, " none");
	strbuf_printf(out, "%s", markdown ? ".\n\n" : "\n\n");
}

double task_trial_ms(const task_config *cfg)
{
	const task_family *f = cfg->family;
	int i = f->trial_param ? task_param_index(f, f->trial_param) : -1;
	return i >= 0 ? cfg->values[i] : 0;
}

int task_series_group(const task_series *s)
{
	size_t n = strlen(s->name);
	return n && s->name[n - 1] == '_';
}

/* Does series j of cv share series k's label? */
static int same_label(const task_curve *cv, int j, int k)
{
	return cv->series[j].label && cv->series[k].label &&
		!strcmp(cv->series[j].label, cv->series[k].label);
}

int task_curve_hue(const task_curve *cv, int k)
{
	for (int j = 0; j < k; j++)
		if (same_label(cv, j, k))
			return j;
	return k;
}

int task_curve_legend(const task_curve *cv, int k)
{
	static const int strength[] = { [TASK_SOLID] = 2, [TASK_DOTTED] = 0,
					[TASK_DASHED] = 1, [TASK_BOLD] = 3 };
	int best = k;
	for (int j = 0; j < TASK_CURVE_SERIES && cv->series[j].name; j++)
		if (same_label(cv, j, k) && strength[cv->series[j].style] >
		    strength[cv->series[best].style])
			best = j;
	return best;
}

int task_series_index(const task_series *s, const char *name)
{
	if (!task_series_group(s))
		return strcmp(s->name, name) ? -1 : 0;
	size_t n = strlen(s->name);
	if (strncmp(s->name, name, n) || !name[n])
		return -1;
	long k = 0;
	for (const char *p = name + n; *p; p++) {
		if (*p < '0' || *p > '9' || k > 100000000)
			return -1;
		k = 10 * k + (*p - '0');
	}
	return (int)k;
}

/* A variable's entry: "R (reward; x_0, unit): meaning". */
static void glossary_var(const task_family *f, int i, strbuf *out)
{
	const task_var *v = f->var_info ? &f->var_info[i] : NULL;
	char buf[32];
	strbuf_printf(out, "  %s in the %s task (x_%d%s): %s\n", f->vars[i],
		      f->name, i, v && v->unit && *v->unit ?
		      (snprintf(buf, sizeof buf, ", %s", v->unit), buf) : "",
		      v && v->help ? v->help : "(not described)");
}

static void glossary_fitness(const task_family *f, strbuf *out)
{
	const task_fitness *fit = &f->fitness;
	char buf[32];
	strbuf_printf(out, "  %s: %s%s; %s is better%s; the %s over its "
		      "experiments\n", f->name,
		      fit->what ? fit->what : "(not described)",
		      paren_unit(fit->unit, buf, sizeof buf),
		      fit->lower_better ? "lower" : "higher",
		      fit->lower_better ? " (reported negated)" : "",
		      f->aggregate_min ? "minimum" : "mean");
}

int task_glossary(const char *word, strbuf *out)
{
	const task_family *const *fs = task_families;
	int found = 0;
	if (!strcmp(word, "variables")) {
		for (; *fs; fs++) {
			strbuf_printf(out, "%s%s task:\n", found++ ? "\n" : "",
				      (*fs)->name);
			for (int i = 0; i < (*fs)->nvars; i++)
				glossary_var(*fs, i, out);
			if ((*fs)->update)
				strbuf_printf(out, "  update: %s\n",
					      (*fs)->update);
		}
		return found;
	}
	if (!strcmp(word, "fitness")) {
		strbuf_printf(out, "fitness, what evolution maximises and "
			      "`run` reports, per task family:\n");
		for (; *fs; fs++)
			glossary_fitness(*fs, out);
		return 1;
	}
	const task_family *f = task_family_find(word);
	if (f) {
		task_family_describe(f, 0, out);
		return 1;
	}
	for (; *fs; fs++) {
		for (int i = 0; i < (*fs)->nvars; i++)
			if (!strcmp((*fs)->vars[i], word)) {
				glossary_var(*fs, i, out);
				found = 1;
			}
		for (int i = 0; i < (*fs)->nformulas; i++)
			if (!strcmp((*fs)->formulas[i], word)) {
				strbuf_printf(out, "  %s, a formula of the %s "
					      "task's rules: %s\n", word,
					      (*fs)->name, (*fs)->update ?
					      (*fs)->update : "");
				found = 1;
			}
	}
	return found;
}
