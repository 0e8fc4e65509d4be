/*
 * report.c - the reports of `run` and `validate`: a rule's fitness over
 * its experiments, and two rules compared on the same experiments (each
 * one's summary, the paired difference with its 95% CI and t-test, wins,
 * Welch's test beside it, a verdict that says when the experiments are
 * too few), as text or as one JSON object holding every value.
 *
 * Both front ends print these (src/app: `e2l run`, `e2l validate` and the
 * workbench's); the statistics are compare.c's.  Text into a strbuf: the
 * library never prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

/* Pieces of a JSON object in o: `, "key": value` (lead is what comes
 * before the key: "{" for the first, ", " after). */
static void json_num(strbuf *o, const char *lead, const char *key, double x)
{
	strbuf_printf(o, "%s\"%s\": ", lead, key);
	strbuf_json_number(o, x);
}

static void json_str(strbuf *o, const char *lead, const char *key,
		     const char *s)
{
	strbuf_printf(o, "%s\"%s\": ", lead, key);
	strbuf_json_string(o, s);
}

static void json_values(strbuf *o, const char *key, const double *v, int n)
{
	strbuf_printf(o, ", \"%s\": [", key);
	for (int k = 0; k < n; k++) {
		strbuf_printf(o, k ? ", " : "");
		strbuf_json_number(o, v[k]);
	}
	strbuf_printf(o, "]");
}

static char *rule_text(const task_rule *r)
{
	const task_family *f = r->family;
	if (f->nformulas == 1)
		return expr_print(r->formula[0], EXPR_INFIX);
	char *a = expr_print(r->formula[0], EXPR_INFIX);
	char *b = expr_print(r->formula[1], EXPR_INFIX);
	size_t n = strlen(a) + strlen(b) + strlen(f->formulas[0]) +
		strlen(f->formulas[1]) + 16;
	char *s = xmalloc(n);
	snprintf(s, n, "%s = %s; %s = %s", f->formulas[0], a, f->formulas[1],
		 b);
	free(a);
	free(b);
	return s;
}

void task_run_report(strbuf *o, const task_config *cfg,
		     const task_rule *rule, const task_result *res,
		     uint64_t seed, int validate, int typed, int json)
{
	char *text = rule_text(rule);
	if (json) {
		json_str(o, "{", "task", cfg->name);
		json_str(o, ", ", "rule", rule->name);
		json_str(o, ", ", "formula", text);
		json_num(o, ", ", "fitness", res->fitness);
		json_values(o, "values", res->values, res->n);
		json_num(o, ", ", "mean", res->mean);
		json_num(o, ", ", "sd", res->sd);
		if (task_result_failure(res)) {
			strbuf_printf(o, ", \"failure\": ");
			task_failure_json(task_result_failure(res), o);
		}
		strbuf_printf(o, ", \"seed\": %llu, \"validate\": %s, "
			      "\"seconds\": %.3f, \"configuration\": ",
			      (unsigned long long)seed,
			      validate ? "true" : "false", res->seconds);
		/* Every parameter as it ran: a result says how it was made. */
		task_config_json(cfg, o);
		strbuf_printf(o, "}\n");
	} else {
		strbuf_printf(o, "task      %s\n", cfg->name);
		/* A rule typed as formulas is its formula; one from a file
		 * shows its name too. */
		if (typed)
			strbuf_printf(o, "rule      %s\n", text);
		else
			strbuf_printf(o, "rule      %s: %s\n", rule->name, text);
		strbuf_printf(o, "fitness   %.4g  (%s over %d experiments)\n",
			      res->fitness, cfg->family->aggregate_min ?
			      "minimum" : "mean", res->n);
		char ms[96], why[256];
		task_stat_text(res->mean, "%.4g", res->nonfinite,
			       res->first_nonfinite, ms, sizeof ms);
		if (isfinite(res->mean))
			strbuf_printf(o, "mean, SD  %s +- %.4g\n", ms, res->sd);
		else
			strbuf_printf(o, "mean, SD  %s\n", ms);
		task_failure_text(task_result_failure(res), why, sizeof why);
		if (why[0])
			strbuf_printf(o, "failed    %s\n", why);
		strbuf_printf(o, "values   ");
		for (int k = 0; k < res->n; k++)
			strbuf_printf(o, " %.4g", res->values[k]);
		strbuf_printf(o, "\nseeds     %s from %llu; %.2f s\n",
			      validate ? "validation" : "evaluation",
			      (unsigned long long)seed, res->seconds);
	}
	free(text);
}

/* A statistic, or "undefined" where a non-finite value made it NaN. */
static void put_stat(strbuf *o, const char *fmt, double x)
{
	if (isfinite(x))
		strbuf_printf(o, fmt, x);
	else
		strbuf_printf(o, "%10s", "undefined");
}

static void put_summary_row(strbuf *o, const char *label, const char *name,
			    const task_summary *s, int poor)
{
	strbuf_printf(o, "  %-9s%-28.28s", label, name);
	put_stat(o, " %10.4g", s->mean);
	put_stat(o, " %10.4g", s->sd);
	put_stat(o, " %10.4g", s->median);
	put_stat(o, " %10.4g", s->min);
	if (poor)
		put_stat(o, " %9.0f%%", 100 * s->below);
	strbuf_printf(o, "\n");
}

static void json_add_rule(strbuf *o, const char *key, const char *name,
			  const task_result *r, const task_summary *s)
{
	strbuf_printf(o, ", \"%s\": ", key);
	json_str(o, "{", "name", name);
	json_values(o, "values", r->values, r->n);
	json_num(o, ", ", "mean", s->mean);
	json_num(o, ", ", "sd", s->sd);
	json_num(o, ", ", "median", s->median);
	json_num(o, ", ", "min", s->min);
	json_num(o, ", ", "below", s->below);
	strbuf_printf(o, ", \"nonfinite\": %d}", s->nonfinite);
}

void task_validation_report(strbuf *o, const task_config *cfg, uint64_t seed,
			    const char *rule, const task_result *a,
			    const char *base, const task_result *b, int json)
{
	const task_family *f = cfg->family;
	int poor = f->poor_note != NULL;
	double alpha = 0.05;
	task_summary sa, sb;
	task_comparison c;
	int n = a->n < b->n ? a->n : b->n;

	task_summarize(a->values, a->n, poor ? f->poor_below : NAN, &sa);
	task_summarize(b->values, b->n, poor ? f->poor_below : NAN, &sb);
	task_compare(a->values, b->values, n, &c);
	if (json) {
		json_str(o, "{", "task", cfg->name);
		strbuf_printf(o, ", \"seed\": %llu, \"experiments\": %d",
			      (unsigned long long)seed, n);
		json_add_rule(o, "rule", rule, a, &sa);
		json_add_rule(o, "baseline", base, b, &sb);
		json_num(o, ", \"paired\": {", "difference", c.diff_mean);
		json_values(o, "ci95", (const double[]){ c.ci_low, c.ci_high },
			    2);
		json_num(o, ", ", "t", c.t_paired);
		json_num(o, ", ", "p", c.p_paired);
		strbuf_printf(o, ", \"wins\": %d, \"losses\": %d, "
			      "\"ties\": %d}", c.wins, c.losses, c.ties);
		json_num(o, ", \"welch\": {", "t", c.t_welch);
		json_num(o, ", ", "df", c.df_welch);
		json_num(o, ", ", "p", c.p_welch);
		json_str(o, "}, ", "verdict", task_compare_verdict(&c, alpha));
		strbuf_printf(o, "}\n");
		return;
	}
	strbuf_printf(o, "%d validation experiments of task %s (seed %llu), "
		      "the same for both rules\n", n, cfg->name,
		      (unsigned long long)seed);
	strbuf_printf(o, "  %-9s%-28s %10s %10s %10s %10s", "", "", "mean",
		      "SD", "median", "min");
	if (poor)
		strbuf_printf(o, " %10s", f->poor_note);
	strbuf_printf(o, "\n");
	put_summary_row(o, "rule", rule, &sa, poor);
	put_summary_row(o, "baseline", base, &sb, poor);
	strbuf_printf(o, "paired difference (rule - baseline): ");
	if (c.nonfinite) {
		char why[256];
		task_stat_text(NAN, "", c.nonfinite, c.first_nonfinite, why,
			       sizeof why);
		strbuf_printf(o, "%s\n", why);
		/* Where each rule blew up first. */
		for (int i = 0; i < 2; i++) {
			task_failure_text(task_result_failure(i ? b : a), why,
					  sizeof why);
			if (why[0])
				strbuf_printf(o, "  %s: %s\n", i ? base : rule,
					      why);
		}
	} else if (isfinite(c.diff_mean) && isfinite(c.ci_low)) {
		strbuf_printf(o, "%.4g, 95%% CI [%.4g, %.4g]; paired t = ",
			      c.diff_mean, c.ci_low, c.ci_high);
		char t[96];
		task_stat_text(c.t_paired, "%.3f", 0, -1, t, sizeof t);
		strbuf_printf(o, "%s", t);
		strbuf_printf(o, ", p = %.3g\n", c.p_paired);
	} else {
		strbuf_printf(o, "undefined (fewer than 2 experiments)\n");
	}
	strbuf_printf(o, "  the rule wins %d, loses %d, ties %d of %d "
		      "experiments\n", c.wins, c.losses, c.ties, n);
	strbuf_printf(o, "Welch's t-test, as if unpaired: ");
	if (isfinite(c.p_welch))
		strbuf_printf(o, "t = %.3f, df = %.1f, p = %.3g\n", c.t_welch,
			      c.df_welch, c.p_welch);
	else
		strbuf_printf(o, "undefined\n");
	strbuf_printf(o, "verdict (paired, p < %.2g): %s\n", alpha,
		      task_compare_verdict(&c, alpha));
}

int task_validation_size(const task_config *cfg)
{
	/* A replay file holds the experiments there are. */
	return cfg->replay ? 0 : cfg->family->validate_experiments;
}

