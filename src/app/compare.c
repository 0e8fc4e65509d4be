/*
 * compare.c - several rules on the same experiments (compare.h).
 *
 * The rules run with one set of options, hence one seed and the same
 * experiments, so every comparison is paired: per experiment, which rule
 * did best, and for each rule against the first the paired difference
 * with its CI and t-test (the library's task_compare, as `validate`).
 * The winner is the rule that beats each other one significantly; with
 * no such rule there is none.  The learning curves come from the
 * library's bands (task_band_evaluate) and are drawn with the canvas.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

e2l_status compare_evaluate(const task_config *cfg,
			    const task_rule *const *rules, int n,
			    const task_options *opts, compare_entry *e,
			    e2l_error *err)
{
	for (int i = 0; i < n; i++) {
		e2l_status st = task_band_evaluate(cfg, rules[i], opts,
						   COMPARE_POINTS, &e[i].band,
						   &e[i].res, err);
		if (st != E2L_OK) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err->msg);
			snprintf(err->msg, sizeof err->msg, "%.60s: %.170s",
				 e[i].name, msg);
			task_band_free(&e[i].band);
			compare_free(e, i);
			return st;
		}
	}
	return E2L_OK;
}

void compare_free(compare_entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		task_result_free(&e[i].res);
		task_band_free(&e[i].band);
	}
}

/* Experiments both ran (a replay file may hold fewer than asked). */
static int common_n(const compare_entry *e, int n)
{
	int m = e[0].res.n;
	for (int i = 1; i < n; i++)
		if (e[i].res.n < m)
			m = e[i].res.n;
	return m;
}

/* The rule with the strictly highest value in experiment k, or -1 on a
 * tie or a non-finite value. */
static int best_in(const compare_entry *e, int n, int k)
{
	int best = -1;
	double top = -INFINITY;
	for (int i = 0; i < n; i++) {
		double v = e[i].res.values[k];
		if (!isfinite(v))
			return -1;
		if (best < 0 || v > top) {
			best = i;
			top = v;
		} else if (v == top) {
			best = -2;
		}
	}
	return best < 0 ? -1 : best;
}

int compare_winner(const compare_entry *e, int n, double alpha)
{
	int m = common_n(e, n), top = -1;
	double best = -INFINITY;
	for (int i = 0; i < n; i++) {
		task_summary s;
		task_summarize(e[i].res.values, m, NAN, &s);
		if (!isfinite(s.mean))
			return -1;
		if (s.mean > best) {
			best = s.mean;
			top = i;
		}
	}
	for (int i = 0; i < n && top >= 0; i++) {
		if (i == top)
			continue;
		task_comparison c;
		task_compare(e[top].res.values, e[i].res.values, m, &c);
		if (!(c.p_paired < alpha && c.diff_mean > 0) ||
		    c.n < TASK_COMPARE_MIN_N)
			return -1;
	}
	return top;
}

static void put_value(strbuf *o, const char *fmt, double x)
{
	if (isfinite(x))
		strbuf_printf(o, fmt, x);
	else
		strbuf_printf(o, " %10s", "undefined");
}

/* The paired verdict of rule `l` against A, with the rules' labels:
 * "B is better" where the library says "the rule is better". */
static void put_verdict(strbuf *o, const task_comparison *c, double alpha,
			char l)
{
	const char *v = task_compare_verdict(c, alpha);
	if (!strcmp(v, "the rule is better"))
		strbuf_printf(o, "%c is better\n", l);
	else if (!strncmp(v, "the baseline", 12))
		strbuf_printf(o, "A is better\n");
	else
		strbuf_printf(o, "%s\n", v);
}

/* "A", "B", ...: the rules' short labels in the tables. */
static char label_of(int i)
{
	return (char)('A' + i);
}

/* Experiments where rule i did strictly best. */
static int best_count(const compare_entry *e, int n, int m, int i)
{
	int wins = 0;
	for (int k = 0; k < m; k++)
		wins += best_in(e, n, k) == i;
	return wins;
}

static void json_report(strbuf *o, const task_config *cfg, uint64_t seed,
			const compare_entry *e, int n, double alpha)
{
	int m = common_n(e, n), winner = compare_winner(e, n, alpha);
	strbuf_json_key_string(o, "{", "task", cfg->name);
	strbuf_json_key_string(o, ", ", "family", cfg->family->name);
	strbuf_printf(o, ", \"seed\": %llu, \"experiments\": %d, \"rules\": [",
		      (unsigned long long)seed, m);
	for (int i = 0; i < n; i++) {
		const task_band *b = &e[i].band;
		task_summary s;
		task_summarize(e[i].res.values, m, NAN, &s);
		strbuf_json_key_string(o, i ? ", {" : "{", "name", e[i].name);
		strbuf_json_key_array(o, ", ", "values", e[i].res.values, m);
		strbuf_json_key_number(o, ", ", "mean", s.mean);
		strbuf_json_key_number(o, ", ", "sd", s.sd);
		strbuf_printf(o, ", \"nonfinite\": %d, \"best_in\": %d",
			      s.nonfinite, best_count(e, n, m, i));
		strbuf_json_key_string(o, ", \"curve\": {", "title",
				       b->curve ? b->curve->title : "");
		strbuf_json_key_array(o, ", ", "x", b->x, b->npoints);
		strbuf_json_key_array(o, ", ", "mean", b->mean, b->npoints);
		strbuf_json_key_array(o, ", ", "sd", b->sd, b->npoints);
		strbuf_printf(o, "}}");
	}
	strbuf_printf(o, "], \"paired\": [");
	for (int i = 1; i < n; i++) {
		task_comparison c;
		task_compare(e[i].res.values, e[0].res.values, m, &c);
		strbuf_json_key_string(o, i > 1 ? ", {" : "{", "rule",
				       e[i].name);
		strbuf_json_key_string(o, ", ", "baseline", e[0].name);
		strbuf_json_key_number(o, ", ", "difference", c.diff_mean);
		strbuf_json_key_array(o, ", ", "ci95",
				      (const double[]){ c.ci_low, c.ci_high },
				      2);
		strbuf_json_key_number(o, ", ", "t", c.t_paired);
		strbuf_json_key_number(o, ", ", "p", c.p_paired);
		strbuf_printf(o, ", \"wins\": %d, \"losses\": %d, \"ties\": %d",
			      c.wins, c.losses, c.ties);
		strbuf_json_key_string(o, ", ", "verdict",
				       task_compare_verdict(&c, alpha));
		strbuf_printf(o, "}");
	}
	strbuf_printf(o, "], \"winner\": ");
	if (winner >= 0)
		strbuf_json_string(o, e[winner].name);
	else
		strbuf_printf(o, "null");
	strbuf_printf(o, "}\n");
}

void compare_report(strbuf *o, const task_config *cfg, uint64_t seed,
		    const compare_entry *e, int n, int rows, int json)
{
	const double alpha = 0.05;
	int m = common_n(e, n);
	if (json) {
		json_report(o, cfg, seed, e, n, alpha);
		return;
	}
	const task_fitness *fit = &cfg->family->fitness;
	strbuf_printf(o, "%d rules on the same %d experiments of task %s "
		      "(seed %llu); fitness: %s%s%s%s\n", n, m, cfg->name,
		      (unsigned long long)seed, fit->what,
		      *fit->unit ? ", " : "", fit->unit,
		      fit->lower_better ? " (negated: higher is better)" : "");
	strbuf_printf(o, "     %-28s %10s %10s %10s %10s\n", "rule", "mean", "SD",
		      "min", "best in");
	for (int i = 0; i < n; i++) {
		task_summary s;
		task_summarize(e[i].res.values, m, NAN, &s);
		strbuf_printf(o, "  %c  %-28.28s", label_of(i), e[i].name);
		put_value(o, " %10.4g", s.mean);
		put_value(o, " %10.4g", s.sd);
		put_value(o, " %10.4g", s.min);
		strbuf_printf(o, " %10d\n", best_count(e, n, m, i));
		if (s.nonfinite)
			strbuf_printf(o, "     (%d experiment%s non-finite: "
				      "its statistics are undefined)\n",
				      s.nonfinite, s.nonfinite > 1 ? "s" : "");
	}
	for (int i = 1; i < n; i++) {
		task_comparison c;
		task_compare(e[i].res.values, e[0].res.values, m, &c);
		strbuf_printf(o, "%c - A: ", label_of(i));
		if (c.nonfinite) {
			strbuf_printf(o, "undefined (%d experiment%s gave a "
				      "non-finite value)\n", c.nonfinite,
				      c.nonfinite > 1 ? "s" : "");
		} else if (isfinite(c.ci_low)) {
			strbuf_printf(o, "%.4g, 95%% CI [%.4g, %.4g], paired t = "
				      "%.3f, p = %.3g; %c wins %d, loses %d, "
				      "ties %d: ", c.diff_mean, c.ci_low,
				      c.ci_high, c.t_paired, c.p_paired,
				      label_of(i), c.wins, c.losses, c.ties);
			put_verdict(o, &c, alpha, label_of(i));
		} else {
			strbuf_printf(o, "undefined (fewer than 2 "
				      "experiments)\n");
		}
	}
	int w = compare_winner(e, n, alpha);
	if (w >= 0)
		strbuf_printf(o, "winner (paired, p < %.2g against each): %c %s\n",
			      alpha, label_of(w), e[w].name);
	else
		strbuf_printf(o, "winner (paired, p < %.2g against each): none\n",
			      alpha);

	int shown = m < rows ? m : rows;
	if (shown <= 0)
		return;
	strbuf_printf(o, "%10s", "experiment");
	for (int i = 0; i < n; i++)
		strbuf_printf(o, " %10c", label_of(i));
	strbuf_printf(o, "  best\n");
	for (int k = 0; k < shown; k++) {
		int b = best_in(e, n, k);
		strbuf_printf(o, "%10d", k);
		for (int i = 0; i < n; i++)
			put_value(o, " %10.4g", e[i].res.values[k]);
		strbuf_printf(o, "  %c\n", b >= 0 ? label_of(b) : '=');
	}
	if (shown < m)
		strbuf_printf(o, "(%d more experiments: --json lists them all)\n",
			      m - shown);
}

void compare_plot(textblock *tb, int row, int col, int rows, int cols,
		  glyphs g, const compare_entry *e, int n)
{
	plot_series s[3 * COMPARE_MAX_RULES];
	double *band[2 * COMPARE_MAX_RULES] = { 0 };
	int ns = 0;
	const task_curve *curve = NULL;
	if (n > COMPARE_MAX_RULES)
		n = COMPARE_MAX_RULES;
	for (int i = 0; i < n; i++) {
		const task_band *b = &e[i].band;
		if (!b->npoints)
			continue;
		curve = b->curve;
		int color = TB_SERIES1 + i % 4;
		/* mean - SD and mean + SD dotted beside the solid mean. */
		for (int side = 0; side < 2; side++) {
			double *y = xmalloc((size_t)b->npoints * sizeof *y);
			for (int p = 0; p < b->npoints; p++)
				y[p] = b->mean[p] +
					(side ? b->sd[p] : -b->sd[p]);
			band[2 * i + side] = y;
			s[ns++] = (plot_series){ b->x, y, b->npoints, color,
						 NULL, PLOT_DOTTED };
		}
		s[ns++] = (plot_series){ b->x, b->mean, b->npoints, color,
					 e[i].name, PLOT_SOLID };
	}
	char title[160];
	snprintf(title, sizeof title, "%s, mean +- SD over %d "
		 "experiments", curve ? curve->title : "no learning curve",
		 e[0].res.n);
	plot_axes ax = { .title = title,
			 .xunit = curve ? curve->xunit : NULL,
			 .yunit = curve ? curve->yunit : NULL,
			 .autoscale_x = 1, .autoscale_y = 1 };
	plot_lines(tb, row, col, rows, cols, g, s, ns, &ax);
	for (int i = 0; i < 2 * n; i++)
		free(band[i]);
}
