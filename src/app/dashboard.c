/*
 * dashboard.c - an evolution's dashboard, drawn into a text block: the
 * header (generation, pace, elapsed time and ETA), the champion, its
 * fitness per generation against the run's reference lines (no
 * plasticity and the task's best-known rule, measured by the run on its
 * own experiments: runlog's ref_*), and the hall of fame with the rules
 * of one fitness grouped; the K runs of one `evolve --runs K` side by
 * side; and the one-line-per-job list.
 *
 * Everything shown comes from the run directory through runlog, the one
 * reader, so the workbench's dashboard, `watch DIR` in batch mode and a
 * projector show the same numbers.  The fitness axis keeps the range
 * that matters (runlog_fitness_range: from the no-plasticity score up);
 * what falls below is a gap, and the title says how many values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb.h"

static void fmt_duration(char *buf, size_t n, double s)
{
	if (!isfinite(s))
		snprintf(buf, n, "?");
	else if (s < 90)
		snprintf(buf, n, "%.0f s", s);
	else if (s < 5400)
		snprintf(buf, n, "%.0f min", s / 60);
	else
		snprintf(buf, n, "%.1f h", s / 3600);
}

/* The run's reference lines, labelled with their fitness: up to two
 * horizontal series over [x0, x1] into s (xs and ys hold 2 each per
 * line, labels 64 bytes each).  Returns how many. */
static int reference_series(const runlog *L, double x0, double x1,
			    double xs[2][2], double ys[2][2],
			    char labels[2][64], int terse, plot_series *s)
{
	int n = 0;
	if (!isnan(L->ref_known) && L->ref_name) {
		snprintf(labels[n], 64, "%s %.4g", L->ref_name, L->ref_known);
		xs[n][0] = x0, xs[n][1] = x1;
		ys[n][0] = ys[n][1] = L->ref_known;
		s[n] = (plot_series){ xs[n], ys[n], 2, TB_SERIES2, labels[n],
				      PLOT_DASHED };
		n++;
	}
	if (!isnan(L->ref_none)) {
		snprintf(labels[n], 64, "%s %.4g", terse ? "rule 0" :
			 "no plasticity", L->ref_none);
		xs[n][0] = x0, xs[n][1] = x1;
		ys[n][0] = ys[n][1] = L->ref_none;
		s[n] = (plot_series){ xs[n], ys[n], 2, TB_SERIES4, labels[n],
				      PLOT_DASHED };
		n++;
	}
	return n;
}

/* The fitness axis for the champions' values v[0 .. nrange)[0 .. n),
 * which the other series v[nrange .. nv) (worst parents, never above
 * them) share.  Once a champion reaches the no-plasticity score: from
 * that score up to the best champion or the best-known rule, whichever
 * is higher (worse than not learning is not worth the height).  Before
 * (or without the score): runlog_fitness_range's, widened to a
 * reference line that lies near.  Values below the axis become NaN (a
 * gap); returns how many. */
static long fitness_axis(const runlog *L, double *const *v, int nrange,
			 int nv, long n, plot_axes *ax)
{
	double *all = xmalloc((size_t)(n * nrange > 0 ? n * nrange : 1) *
			      sizeof *all);
	double top = -INFINITY;
	for (int k = 0; k < nrange; k++)
		for (long i = 0; i < n; i++) {
			all[k * n + i] = v[k][i];
			if (isfinite(v[k][i]) && v[k][i] > top)
				top = v[k][i];
		}
	runlog_range r;
	runlog_fitness_range(all, n * nrange, L->ref_none, &r);
	free(all);
	double floor = L->ref_none, known = L->ref_known, lo, hi;
	if (isfinite(floor) && top >= floor) {
		lo = floor;
		hi = isfinite(known) && known > top ? known : top;
		if (!(hi > lo)) {
			double d = fabs(hi) > 0 ? 0.1 * fabs(hi) : 1.0;
			lo -= d;
			hi += d;
		}
		double pad = 0.05 * (hi - lo);
		lo -= pad;
		hi += pad;
	} else {
		lo = r.lo;
		hi = r.hi;
		double span = hi - lo;
		if (isfinite(floor) && floor > hi && floor < hi + 2 * span)
			hi = floor + 0.05 * span;
		if (isfinite(known) && known > hi && known < hi + 2 * span)
			hi = known + 0.05 * span;
	}
	long below = 0;
	for (int k = 0; k < nv; k++)
		for (long i = 0; i < n; i++)
			if (v[k][i] < lo) {
				v[k][i] = NAN;
				below++;
			}
	ax->autoscale_y = 0;
	ax->ymin = lo;
	ax->ymax = hi;
	return below;
}

/* A fitness plot whose legend may not fit on its title row: then the
 * reference lines s[n - nref .. n) are named on a row of their own
 * above it (sample of their dashes, label with fitness, in their
 * colours), so that a narrow plot (beside the hall of fame) still says
 * what its lines are. */
static void plot_fitness(textblock *tb, int row, int col, int rows,
			 int cols, glyphs g, const plot_series *s, int n,
			 int nref, const plot_axes *ax)
{
	int utf = g != GLYPHS_ASCII, w = tb_width(ax->title);
	const char *dash = utf ? "\u254c\u254c" : "- -";
	for (int i = 0; i < n; i++)
		if (s[i].label)
			w += 2 + 4 + tb_width(s[i].label);
	if (w <= cols || nref == 0 || rows < 6) {
		plot_lines(tb, row, col, rows, cols, g, s, n, ax);
		return;
	}
	plot_series *t = xmalloc((size_t)n * sizeof *t);
	memcpy(t, s, (size_t)n * sizeof *t);
	int x = col;
	for (int i = n - nref; i < n; i++) {
		char item[96];
		snprintf(item, sizeof item, "%s %s", dash, s[i].label);
		tb_text(tb, row, x, s[i].color, item);
		x += tb_width(item) + 2;
		t[i].label = NULL;
	}
	plot_lines(tb, row + 1, col, rows - 1, cols, g, t, n, ax);
	free(t);
}

/* A generation's champion and worst parent; -inf (a rule that could not
 * be run) as NaN, a gap. */
static double champion_of(const runlog_gen *g)
{
	return g->mu && isfinite(g->parents[0]) ? g->parents[0] : NAN;
}

static double worst_of(const runlog_gen *g)
{
	return g->mu && isfinite(g->parents[g->mu - 1]) ?
		g->parents[g->mu - 1] : NAN;
}

/* Under a fitness plot of rows x cols at (row, col), in the middle of
 * its generation labels: how many values fell below its axis. */
static void note_below(textblock *tb, int row, int col, int rows, int cols,
		       long below, int utf)
{
	if (below <= 0 || rows < 4)
		return;
	char note[64];
	snprintf(note, sizeof note, "%s %ld below the axis", utf ? "\u25be" :
		 "v", below);
	tb_text(tb, row + rows - 1, col + (cols - tb_width(note)) / 2, TB_AXIS,
		note);
}

/* The hall of fame from row hr, column hc, at most hmax rows: the rules
 * of one finite fitness (hof.tsv keeps only the mean over experiments,
 * so equal means are all that can be told) are one row with their count
 * and the simplest of them. */
static void draw_hof(const runlog *L, textblock *tb, int hr, int hc,
		     int hmax)
{
	tb_text(tb, hr, hc, TB_AXIS, "hall of fame    fitness  ops  formula");
	int shown = 0;
	for (int i = 0; i < L->hof.n && shown < hmax; shown++) {
		const runlog_hof *h = &L->hof.rows[i];
		int j = i, simplest = i;
		/* Rules that could not be run (-inf) are not alike. */
		while (j < L->hof.n && (j == i || (isfinite(h->fitness) &&
				       L->hof.rows[j].fitness == h->fitness))) {
			if (L->hof.rows[j].complexity <
			    L->hof.rows[simplest].complexity)
				simplest = j;
			j++;
		}
		const runlog_hof *s = &L->hof.rows[simplest];
		if (j - i > 1)
			tb_printf(tb, hr + 1 + shown, hc, TB_DEFAULT, "%2d "
				  "%18.6g %4d  %d formulas, simplest: %s",
				  shown + 1, s->fitness, s->complexity, j - i,
				  s->formula);
		else
			tb_printf(tb, hr + 1 + shown, hc, TB_DEFAULT, "%2d "
				  "%18.6g %4d  %s", shown + 1, s->fitness,
				  s->complexity, s->formula);
		i = j;
	}
}

void view_dashboard(const job *j, textblock *tb, glyphs g, int big)
{
	int rows = tb->rows, cols = tb->cols;
	const runlog *L = &j->log;
	char head[512];

	tb_clear(tb);
	if (rows < 2 || cols < 20) {
		tb_text(tb, 0, 0, TB_DEFAULT, "(too small)");
		return;
	}
	if (!j->log_open || L->ngen == 0) {
		snprintf(head, sizeof head, "job %d %s  %s", j->id,
			 job_state_name(j->state), j->dir);
		tb_text(tb, 0, 0, TB_TITLE | TB_BOLD, head);
		if (j->state == JOB_FAILED && j->errtext.s)
			tb_text(tb, 1, 0, TB_BAD, j->errtext.s);
		else if (j->state == JOB_STOPPED)
			tb_text(tb, 1, 0, TB_AXIS, "stopped before its first "
				"generation: nothing to resume");
		else
			tb_text(tb, 1, 0, TB_AXIS, "waiting for the first "
				"generation");
		return;
	}
	const runlog_gen *last = &L->gen[L->ngen - 1];
	double spg, eta = runlog_eta(L, &spg);
	double rate = last->seconds > 0 ? last->evaluations / last->seconds :
		NAN;
	char etabuf[32], elapsed[32];
	fmt_duration(etabuf, sizeof etabuf, eta);
	fmt_duration(elapsed, sizeof elapsed, last->seconds);
	char gen[64];
	runlog_generation_text(last->generation, L->generations, gen,
			       sizeof gen);
	/* The times before the pace, which a narrow screen may cut. */
	snprintf(head, sizeof head, "job %d %s  %s  (%s)  %s  elapsed %s"
		 "  ETA %s  %.1f evals/s  cache %.0f%%", j->id,
		 job_state_name(j->state), j->dir, L->preset ? L->preset : "?",
		 gen, elapsed, j->state == JOB_RUNNING ? etabuf : "-", rate,
		 last->evaluations > 0 ? 100.0 * last->cache_hits /
		 last->evaluations : 0.0);
	/* An MPI run: its ranks and each one's pace. */
	char ranks[160];
	if (last->ranks > 1 && runlog_rank_text(L, L->ngen - 1,
						RUNLOG_ETA_WINDOW, ranks,
						sizeof ranks))
		snprintf(head + strlen(head), sizeof head - strlen(head),
			 "  %s", ranks);
	tb_text(tb, 0, 0, TB_TITLE | TB_BOLD, head);
	char champ[1024];
	snprintf(champ, sizeof champ, "champion  %.6g  %s   (complexity %d)",
		 last->mu ? last->parents[0] : NAN, last->champion,
		 last->complexity);
	tb_text(tb, 1, 0, TB_SERIES1 | TB_BOLD, champ);
	if (big && rows >= 6) {
		char num[32];
		snprintf(num, sizeof num, "%.4g", last->parents[0]);
		if (g == GLYPHS_BRAILLE)
			g = GLYPHS_HALF;
		plot_bigtext(tb, 2, 2, num, g, TB_SERIES1);
	}
	/* Fitness per generation: the champion, the worst parent (dotted,
	 * so that it reads without colour) and the reference lines. */
	long n = L->ngen;
	double *x = xmalloc((size_t)n * sizeof *x);
	double *best = xmalloc((size_t)n * sizeof *best);
	double *worst = xmalloc((size_t)n * sizeof *worst);
	for (long i = 0; i < n; i++) {
		x[i] = (double)L->gen[i].generation;
		best[i] = champion_of(&L->gen[i]);
		worst[i] = worst_of(&L->gen[i]);
	}
	int top = big && rows >= 6 ? 5 : 2;
	int hof_rows = big ? 0 : rows >= 18 ? 6 : rows >= 12 ? 3 : 0;
	int plot_rows = rows - top - hof_rows;
	int hof_beside = !big && cols >= 110;
	int plot_cols = hof_beside ? cols / 2 : cols;
	plot_axes ax = { .title = "fitness", .xunit = "generation",
			 .autoscale_x = 1 };
	double *vals[2] = { best, worst };
	long below = fitness_axis(L, vals, 1, 2, n, &ax);
	/* A mu of 1 has no worst parent but the champion. */
	plot_series s[4];
	int ns = 0;
	s[ns++] = (plot_series){ x, best, (int)n, TB_SERIES1, "champion",
				 PLOT_SOLID };
	if (last->mu > 1)
		s[ns++] = (plot_series){ x, worst, (int)n, TB_SERIES3,
					 "worst parent", PLOT_DOTTED };
	double xs[2][2], ys[2][2];
	char labels[2][64];
	int nref = reference_series(L, x[0], x[n - 1] > x[0] ? x[n - 1] :
				    x[0] + 1, xs, ys, labels, plot_cols < 100,
				    s + ns);
	ns += nref;
	if (hof_beside)
		plot_rows = rows - top;
	if (plot_rows >= 4) {
		plot_fitness(tb, top, 0, plot_rows, plot_cols, g, s, ns, nref,
			     &ax);
		note_below(tb, top, 0, plot_rows, plot_cols, below,
			   g != GLYPHS_ASCII);
	}
	free(x);
	free(best);
	free(worst);
	int hr = hof_beside ? top : top + (plot_rows >= 4 ? plot_rows : 0);
	int hc = hof_beside ? cols / 2 + 1 : 0;
	int hmax = hof_beside ? rows - top - 1 : hof_rows - 1;
	if (hmax > 0)
		draw_hof(L, tb, hr, hc, hmax);
}

/* The jobs started with j by one `evolve --runs K`, j's group, in id
 * order, into v (at most max); 1 (j alone) for a job of no group. */
static int group_of(const jobs *J, const job *j, const job **v, int max)
{
	int n = 0;
	if (!j->group) {
		v[0] = j;
		return 1;
	}
	for (int i = 0; i < J->n && n < max; i++)
		if (J->v[i].group == j->group)
			v[n++] = &J->v[i];
	return n;
}

enum { GROUP_MAX = 64 };         /* as many as the workbench starts */

/* K runs of one task side by side: one plot with each run's champion
 * (and the reference lines of the first run that measured them: the
 * runs share the task's experiments), then a line per run. */
static void draw_group(const job *const *v, int k, int watched,
		       textblock *tb, glyphs g)
{
	int rows = tb->rows, cols = tb->cols;
	const runlog *ref = NULL;
	long n = 0;
	double elapsed = 0;
	int running = 0;
	for (int i = 0; i < k; i++) {
		const runlog *L = &v[i]->log;
		if (!v[i]->log_open)
			continue;
		if (!ref && (!isnan(L->ref_none) || !isnan(L->ref_known)))
			ref = L;
		if (L->ngen > n)
			n = L->ngen;
		if (L->ngen > 0 && L->gen[L->ngen - 1].seconds > elapsed)
			elapsed = L->gen[L->ngen - 1].seconds;
		running += v[i]->state == JOB_RUNNING;
	}
	char el[32];
	fmt_duration(el, sizeof el, elapsed);
	tb_printf(tb, 0, 0, TB_TITLE | TB_BOLD, "%d runs side by side (jobs "
		  "%d-%d), %d running  elapsed %s (the longest)", k, v[0]->id,
		  v[k - 1]->id, running, el);
	int list_rows = k + 1 < rows - 6 ? k + 1 : rows - 6;
	int plot_rows = rows - 1 - list_rows;
	if (plot_rows >= 4 && n > 0) {
		plot_series *s = xcalloc((size_t)k + 2, sizeof *s);
		double **y = xcalloc((size_t)k, sizeof *y);
		double *x = xmalloc((size_t)n * sizeof *x);
		char (*names)[32] = xcalloc((size_t)k, sizeof *names);
		for (long i = 0; i < n; i++)
			x[i] = (double)i;
		for (int i = 0; i < k; i++) {
			const runlog *L = &v[i]->log;
			y[i] = xmalloc((size_t)n * sizeof **y);
			for (long t = 0; t < n; t++)
				y[i][t] = v[i]->log_open && t < L->ngen ?
					champion_of(&L->gen[t]) : NAN;
			snprintf(names[i], sizeof names[i], "%%%d", v[i]->id);
			/* Told apart by style too (dashed is for the
			 * reference lines), and by their labels. */
			static const int style[] = { PLOT_SOLID, PLOT_DOTTED,
						     PLOT_BOLD };
			s[i] = (plot_series){ x, y[i], (int)n,
					      i % 2 ? TB_SERIES3 : TB_SERIES1,
					      names[i], style[i % 3] };
		}
		runlog none = { .ref_none = NAN, .ref_known = NAN };
		plot_axes ax = { .title = "fitness", .xunit = "generation",
				 .autoscale_x = 1 };
		long below = fitness_axis(ref ? ref : &none, y, k, k, n,
					  &ax);
		double xs[2][2], ys[2][2];
		char labels[2][64];
		int nref = reference_series(ref ? ref : &none, 0, n > 1 ?
					    (double)(n - 1) : 1, xs, ys,
					    labels, 1, s + k);
		plot_fitness(tb, 1, 0, plot_rows, cols, g, s, k + nref, nref,
			     &ax);
		note_below(tb, 1, 0, plot_rows, cols, below,
			   g != GLYPHS_ASCII);
		for (int i = 0; i < k; i++)
			free(y[i]);
		free(y);
		free(x);
		free(names);
		free(s);
	}
	int r = 1 + (plot_rows >= 4 ? plot_rows : 0);
	tb_text(tb, r++, 0, TB_AXIS, "job  state     generation        best"
		"  champion");
	for (int i = 0; i < k && r < rows; i++, r++) {
		const job *j = v[i];
		const runlog *L = &j->log;
		char gen[64] = "-", best[32] = "-";
		const char *champ = "";
		if (j->log_open && L->ngen > 0) {
			const runlog_gen *last = &L->gen[L->ngen - 1];
			runlog_generation_text(last->generation,
					       L->generations, gen,
					       sizeof gen);
			memmove(gen, gen + 11, strlen(gen + 11) + 1);
			snprintf(best, sizeof best, "%.6g", last->mu ?
				 last->parents[0] : NAN);
			champ = last->champion;
		}
		tb_printf(tb, r, 0, j->id == watched ? TB_TITLE | TB_BOLD :
			  TB_DEFAULT, "%s%-3d %-9s %-12s %10s  %s",
			  j->id == watched ? ">" : " ", j->id,
			  job_state_name(j->state), gen, best, champ);
	}
}

void view_dashboard_group(const jobs *J, const job *j, textblock *tb,
			  glyphs g, int big)
{
	const job *v[GROUP_MAX];
	int k = group_of(J, j, v, GROUP_MAX);
	if (k < 2 || big || tb->rows < 12 || tb->cols < 40) {
		view_dashboard(j, tb, g, big);
		return;
	}
	tb_clear(tb);
	draw_group(v, k, j->id, tb, g);
}

/* One line per job, the watched one marked: several evolutions side by
 * side at a glance. */
void view_jobs(const jobs *J, int watched, textblock *tb)
{
	int start = J->n > tb->rows ? J->n - tb->rows : 0;   /* the newest */
	tb_clear(tb);
	for (int i = 0; start + i < J->n && i < tb->rows; i++) {
		const job *j = &J->v[start + i];
		char line[600];
		int n = snprintf(line, sizeof line, "%s%%%-2d %-8s %-30s",
				 j->id == watched ? ">" : " ", j->id,
				 job_state_name(j->state), j->dir);
		if (j->log_open && j->log.ngen > 0 && n > 0 &&
		    (size_t)n < sizeof line) {
			const runlog_gen *g = &j->log.gen[j->log.ngen - 1];
			snprintf(line + n, sizeof line - (size_t)n,
				 " gen %5ld  best %-10.5g %.1f evals/s  %s",
				 g->generation, g->mu ? g->parents[0] : NAN,
				 g->seconds > 0 ? g->evaluations / g->seconds :
				 0.0, g->champion);
		}
		tb_text(tb, i, 0, j->id == watched ? TB_TITLE | TB_BOLD :
			TB_DEFAULT, line);
	}
}
