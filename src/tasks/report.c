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

/* The rule's formulas: "(R - 1)*E", or each by its name for a family
 * with several: "facilitate = k - w; depress = w*k - w - k". */
static char *rule_text(const task_rule *r)
{
	const task_family *f = r->family;
	if (f->nformulas == 1)
		return expr_print(r->formula[0], EXPR_INFIX);
	strbuf b = { 0 };
	for (int i = 0; i < f->nformulas; i++) {
		char *t = expr_print(r->formula[i], EXPR_INFIX);
		strbuf_printf(&b, "%s%s = %s", i ? "; " : "", f->formulas[i], t);
		free(t);
	}
	return b.s;
}

void task_run_report(strbuf *o, const task_config *cfg,
		     const task_rule *rule, const task_result *res,
		     uint64_t seed, int validate, int typed, int json)
{
	char *text = rule_text(rule);
	if (json) {
		strbuf_json_key_string(o, "{", "task", cfg->name);
		strbuf_json_key_string(o, ", ", "rule", rule->name);
		strbuf_json_key_string(o, ", ", "formula", text);
		strbuf_json_key_number(o, ", ", "fitness", res->fitness);
		strbuf_json_key_array(o, ", ", "values", res->values, res->n);
		strbuf_json_key_number(o, ", ", "mean", res->mean);
		strbuf_json_key_number(o, ", ", "sd", res->sd);
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
	strbuf_json_key_string(o, "{", "name", name);
	strbuf_json_key_array(o, ", ", "values", r->values, r->n);
	strbuf_json_key_number(o, ", ", "mean", s->mean);
	strbuf_json_key_number(o, ", ", "sd", s->sd);
	strbuf_json_key_number(o, ", ", "median", s->median);
	strbuf_json_key_number(o, ", ", "min", s->min);
	strbuf_json_key_number(o, ", ", "below", s->below);
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
		strbuf_json_key_string(o, "{", "task", cfg->name);
		strbuf_printf(o, ", \"seed\": %llu, \"experiments\": %d",
			      (unsigned long long)seed, n);
		json_add_rule(o, "rule", rule, a, &sa);
		json_add_rule(o, "baseline", base, b, &sb);
		strbuf_json_key_number(o, ", \"paired\": {", "difference",
				       c.diff_mean);
		strbuf_json_key_array(o, ", ", "ci95",
				      (const double[]){ c.ci_low, c.ci_high },
			    2);
		strbuf_json_key_number(o, ", ", "t", c.t_paired);
		strbuf_json_key_number(o, ", ", "p", c.p_paired);
		strbuf_printf(o, ", \"wins\": %d, \"losses\": %d, "
			      "\"ties\": %d}", c.wins, c.losses, c.ties);
		strbuf_json_key_number(o, ", \"welch\": {", "t", c.t_welch);
		strbuf_json_key_number(o, ", ", "df", c.df_welch);
		strbuf_json_key_number(o, ", ", "p", c.p_welch);
		strbuf_json_key_string(o, "}, ", "verdict",
				       task_compare_verdict(&c, alpha));
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

