/*
 * views.c - the workbench's panels, drawn into text blocks: a run (the
 * panels of run_panels[]: title, spike raster and the curves its task
 * family declares, task_view) and an evolution's dashboard (fitness per
 * generation, champion, hall of fame, rate, ETA).  Nothing here knows a
 * family: what a run shows comes from its family's record.
 *
 * The same drawing serves the full-screen view, which paints the block
 * into a curses window, and batch mode, which prints it; so what a
 * teacher sees on the projector is what a script prints.  Layouts adapt
 * to the block's size; the big layout (projectors) shows fewer, larger
 * things.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb.h"

static const char *tick(glyphs g, int ok)
{
	if (g == GLYPHS_ASCII)
		return ok ? "ok" : "x";
	return ok ? "\u2713" : "\u2717";
}

/* A rectangle of a text block, in cells. */
typedef struct {
	int row, col, rows, cols;
} rect;

/* Cuts UTF-8 text s to at most cols display columns, at a character's
 * start. */
static void cut_width(char *s, int cols)
{
	if (cols < 0)
		cols = 0;
	if (tb_width(s) <= cols)
		return;
	size_t keep = 0;
	for (size_t i = 1; s[i - 1]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;        /* inside a character */
		char c = s[i];
		s[i] = '\0';
		int fits = tb_width(s) <= cols;
		s[i] = c;
		if (!fits)
			break;
		keep = i;
	}
	s[keep] = '\0';
}

/* The raster's title starts with this: in the mean view, whose spikes
 * they are. */
static void raster_who(const live_snapshot *S, char *buf, size_t n)
{
	if (S->follow == LIVE_MEAN)
		snprintf(buf, n, "experiment %d: ", S->detail);
	else
		buf[0] = '\0';
}

/* The raster of a trial-based run: the last trials that fit, side by
 * side, each its family's trial_param long, with its class and whether
 * the answer was right. */
static void raster_trials(const live_snapshot *S, textblock *tb, rect a,
			  glyphs g)
{
	int fit = (a.cols - 8) / 14;       /* about 14 columns per trial */
	if (fit < 1)
		fit = 1;
	if (fit > LIVE_TRIALS - 1)
		fit = LIVE_TRIALS - 1;
	/* The trials complete so far, and the one in progress. */
	int last = S->ntrials - 1;
	int first = last - fit + 1 < 0 ? 0 : last - fit + 1;
	int shown = last - first + 1;
	double T = S->trial_ms;
	int n = 0;
	for (int k = first; k <= last; k++)
		n += S->trials[k % LIVE_TRIALS].n;
	int *rw = xmalloc((size_t)(n + 1) * sizeof *rw);
	double *tt = xmalloc((size_t)(n + 1) * sizeof *tt);
	double marks[LIVE_TRIALS];
	char notes[LIVE_TRIALS][24];
	const char *note_p[LIVE_TRIALS];
	int note_c[LIVE_TRIALS];
	int m = 0;
	for (int k = first, i = 0; k <= last; k++, i++) {
		const live_trial *tr = &S->trials[k % LIVE_TRIALS];
		marks[i] = i * T;
		int ok = tr->decision == tr->label;
		snprintf(notes[i], sizeof notes[i], "%c %s",
			 tr->label > 0 ? '+' : '-', tick(g, ok));
		note_p[i] = notes[i];
		note_c[i] = ok ? TB_GOOD : TB_BAD;
		if (tr->index != k)
			continue;
		for (int s = 0; s < tr->n; s++) {
			int w = tr->which[s];
			rw[m] = w < 0 ? S->ninputs : w;
			tt[m] = i * T + tr->t[s];
			m++;
		}
	}
	char title[128], who[32];
	raster_who(S, who, sizeof who);
	snprintf(title, sizeof title, "%sspikes: %d inputs and the output, "
		 "trials %d-%d (label, answer)", who, S->ninputs, first + 1,
		 last + 1);
	plot_raster_data r = {
		.title = title, .nrows = S->ninputs + 1,
		.last_is_out = 1, .t0 = 0, .t1 = shown * T, .row = rw,
		.t = tt, .n = m, .marks = marks, .nmarks = shown,
		.notes = note_p, .note_colors = note_c,
	};
	if (shown > 0 && T > 0)
		plot_raster(tb, a.row, a.col, a.rows, a.cols, g, &r);
	else
		tb_text(tb, a.row, a.col, TB_AXIS, "spikes: waiting for the "
			"first trial");
	free(rw);
	free(tt);
}

/* The raster of a continuous run: the last stretch of simulated time;
 * the inputs in the bands the family names (pattern above background),
 * the stretches of its window sample shaded, and how many of the
 * output's spikes fall in them (a neuron that learnt the pattern fires
 * there). */
static void raster_window(const live_snapshot *S, textblock *tb, rect a,
			  glyphs g)
{
	const task_view *V = S->view;
	double span = V->raster_ms;
	double t1 = S->now > span ? S->now : span, t0 = t1 - span;
	long have = S->nspikes < LIVE_SPIKES ? S->nspikes : LIVE_SPIKES;
	int *rw = xmalloc((size_t)(have + 1) * sizeof *rw);
	double *tt = xmalloc((size_t)(have + 1) * sizeof *tt);
	int out = !V->no_output;
	/* The stretches, those still open ending now. */
	double w0[LIVE_WINDOWS], w1[LIVE_WINDOWS];
	int nw = 0;
	for (long i = S->nwin > LIVE_WINDOWS ? S->nwin - LIVE_WINDOWS : 0;
	     i < S->nwin; i++) {
		long k = i % LIVE_WINDOWS;
		w0[nw] = S->win_t0[k];
		w1[nw] = isfinite(S->win_t1[k]) ? S->win_t1[k] : S->now;
		if (w1[nw] > t0)
			nw++;
	}
	int m = 0, nout = 0, nout_in = 0;
	for (long i = S->nspikes - have; i < S->nspikes; i++) {
		long k = i % LIVE_SPIKES;
		if (S->ct[k] < t0 || (S->cwhich[k] < 0 && !out))
			continue;
		rw[m] = S->cwhich[k] < 0 ? S->ninputs : S->cwhich[k];
		tt[m] = S->ct[k];
		if (S->cwhich[k] < 0) {
			nout++;
			for (int w = 0; w < nw; w++)
				if (tt[m] >= w0[w] && tt[m] < w1[w]) {
					nout_in++;
					break;
				}
		}
		m++;
	}
	char title[192], who[32];
	raster_who(S, who, sizeof who);
	if (out && V->window)
		snprintf(title, sizeof title, "%sspikes, last %.0f ms: the "
			 "output fired %d of its %d in the %s", who, span,
			 nout_in, nout, V->window);
	else
		snprintf(title, sizeof title, "%sspikes: %d inputs%s, last "
			 "%.0f ms", who, S->ninputs, out ? " and the output" :
			 "", span);
	/* Band labels and first rows. */
	const char *labels[LIVE_BANDS];
	int starts[LIVE_BANDS + 1];
	for (int b = 0; b < S->nbands; b++) {
		labels[b] = V->curves[V->bands - 1].series[S->band_series[b]]
			.label;
		starts[b] = b * S->band_rows;
	}
	starts[S->nbands] = S->nbands * S->band_rows;
	plot_raster_data r = {
		.title = title, .nrows = S->ninputs + out,
		.last_is_out = out, .t0 = t0, .t1 = t1, .row = rw, .t = tt,
		.n = m, .nbands = S->nbands, .band_start = starts,
		.band_labels = labels, .shade_t0 = w0, .shade_t1 = w1,
		.nshade = nw, .shade_label = V->window,
	};
	plot_raster(tb, a.row, a.col, a.rows, a.cols, g, &r);
	free(rw);
	free(tt);
}

/* ---- The run view's panels -------------------------------------------- */

static void draw_raster(const live_snapshot *S, int i, textblock *tb, rect a,
			glyphs g)
{
	(void)i;
	if (S->view->raster == TASK_RASTER_TRIALS)
		raster_trials(S, tb, a, g);
	else
		raster_window(S, tb, a, g);
}

/* The plot style of a family's line style. */
static int plot_style(task_style st)
{
	switch (st) {
	case TASK_DOTTED:
		return PLOT_DOTTED;
	case TASK_DASHED:
		return PLOT_DASHED;
	case TASK_BOLD:
		return PLOT_BOLD;
	default:
		return PLOT_SOLID;
	}
}

/* Curve c of the family's view: its series in their order, in their
 * styles; a group's lines in one colour under its label (series that
 * share a label share a colour and an entry), or, unlabelled, each in
 * its own colour named by its sample ("w3"), past the fourth colour
 * dotted.  In the mean view (live_view) each line is the mean across the
 * experiments, and a line that is not a group's member has mean - SD
 * and mean + SD dotted in its colour beside it, as `compare` draws its
 * bands; the legend names them. */
static void draw_curve(const live_snapshot *S, int c, textblock *tb, rect a,
		       glyphs g)
{
	const task_curve *cv = &S->view->curves[c];
	enum { MAXS = 3 * LIVE_LINES };
	plot_series s[MAXS];
	char names[LIVE_LINES][24];
	double *band = NULL;         /* the mean view: mean -+ SD */
	int n = 0, nb = 0, shown[TASK_CURVE_SERIES] = { 0 }, sd_named = 0;
	int mean = S->follow == LIVE_MEAN;
	if (mean)
		band = xmalloc(2 * LIVE_LINES * LIVE_BAND_POINTS *
			       sizeof *band);
	for (int k = 0; k < TASK_CURVE_SERIES && cv->series[k].name; k++) {
		const task_series *ts = &cv->series[k];
		size_t len = strlen(ts->name);
		int group = task_series_group(ts);
		int each = !ts->label && group;
		/* The colour: the first series with this label's. */
		int hue = task_curve_hue(cv, k);
		int legend = task_curve_legend(cv, k);
		int member = 0;
		for (int i = 0; i < S->nlines && n < LIVE_LINES; i++) {
			const live_line *l = &S->lines[i];
			if (l->curve != c || l->series != k)
				continue;
			snprintf(names[n], sizeof names[n], "%.*s%d",
				 (int)len - 1, ts->name, l->index);
			const char *label = each ? names[n] :
				legend == k && !shown[k] ? ts->label : NULL;
			/* A lone line's mean is named as such. */
			if (mean && !label && !group && !ts->label)
				label = "mean";
			shown[k] |= label != NULL;
			int color = TB_SERIES1 + (each ? member : hue) % 4;
			int style = each && member >= 4 ? PLOT_DOTTED :
				plot_style(ts->style);
			member++;
			s[n++] = (plot_series){ l->s.t, l->s.y, l->s.n, color,
				label, style };
			if (!live_banded(S, l))
				continue;
			for (int side = 0; side < 2; side++) {
				double *y = band + nb * LIVE_BAND_POINTS;
				for (int p = 0; p < l->s.n; p++)
					y[p] = l->s.y[p] + (side ? l->sd[p] :
							    -l->sd[p]);
				s[LIVE_LINES + nb++] = (plot_series){ l->s.t,
					y, l->s.n, color, side || sd_named ?
					NULL : g == GLYPHS_ASCII ? "+- SD" :
					"\u00b1 SD", PLOT_DOTTED };
			}
			sd_named = 1;
		}
	}
	/* The bands after the lines, so that the legend names the lines
	 * first. */
	for (int i = 0; i < nb; i++)
		s[n + i] = s[LIVE_LINES + i];
	plot_axes ax = { .title = cv->title,
			 .yunit = cv->yunit, .xunit = cv->xunit,
			 .autoscale_x = 1, .autoscale_y = 1 };
	plot_lines(tb, a.row, a.col, a.rows, a.cols, g, s, n + nb, &ax);
	free(band);
}

static void draw_title(const live_snapshot *S, int i, textblock *tb, rect a,
		       glyphs g)
{
	char tail[400], rule[256];
	(void)i;
	if (S->running)
		snprintf(tail, sizeof tail, "   %3.0f%%  %.1f s",
			 100 * S->progress, S->seconds);
	else if (S->status == E2L_OK)
		snprintf(tail, sizeof tail, "   fitness %.5g (%d experiments, "
			 "%.2f s)", S->fitness, S->experiments, S->seconds);
	else
		snprintf(tail, sizeof tail, "   %s", S->status ==
			 E2L_ESTOPPED ? "stopped" : S->message);
	char brief[64] = "";         /* the tail where it does not fit */
	if (!S->running && S->status == E2L_OK)
		snprintf(brief, sizeof brief, "   fitness %.5g", S->fitness);
	/* Playback: how the run is paced (live_set_speed). */
	if (S->running && S->speed < 1e9) {
		size_t n = strlen(tail);
		if (S->speed > 0)
			snprintf(tail + n, sizeof tail - n, "  speed %gx",
				 S->speed);
		else
			snprintf(tail + n, sizeof tail - n, "  paused");
	}
	snprintf(rule, sizeof rule, "%s", S->rule);
	/* Which experiment the panels show, always: experiment K with its
	 * own fitness (and its score so far), or the mean over them all;
	 * shorter where the whole does not fit, and never left out. */
	char which[160], more[96] = "";
	live_which(S, g == GLYPHS_ASCII ? "+-" : "\u00b1", which,
		   sizeof which);
	if (S->follow != LIVE_MEAN && S->view->score && S->ntrials > 0)
		snprintf(more, sizeof more, ": trials %d  correct %.0f%%  %s "
			 "%+.0f", S->ntrials, 100.0 * S->correct / S->ntrials,
			 S->view->score, S->total);
	char head[720];
	snprintf(head, sizeof head, "run %s on %s%s", rule, S->task, tail);
	int room = a.cols - tb_width(head) - 4;
	if (tb_width(which) + tb_width(more) <= room)
		strncat(which, more, sizeof which - strlen(which) - 1);
	int w = tb_width(which);
	/* Where both do not fit the rule's text gives way ("lr0: (R -
	 * 1)*E" to "lr0: (R…"), then the rest. */
	int over = tb_width(head) - (a.cols - w - 2);
	if (over > 0 && brief[0]) {
		snprintf(tail, sizeof tail, "%s", brief);
		snprintf(head, sizeof head, "run %s on %s%s", rule, S->task,
			 tail);
		over = tb_width(head) - (a.cols - w - 2);
	}
	if (over > 0 && tb_width(rule) - over - 1 >= 4) {
		/* The name stays whole ("lr0: (R - 1)*E" is "NAME: F"). */
		size_t name = strcspn(rule, ":");
		cut_width(rule, tb_width(rule) - over - 1);
		size_t n = strlen(rule);
		while (n > 0 && (rule[n - 1] == ' ' || rule[n - 1] == ':'))
			rule[--n] = '\0';
		if (n < name)
			snprintf(rule, sizeof rule, "%.*s", (int)name, S->rule);
		snprintf(head, sizeof head, "run %s%s on %s%s", rule,
			 n <= name ? "" : g == GLYPHS_ASCII ? "~" :
			 "\u2026", S->task, tail);
	}
	cut_width(head, a.cols - w - 2);
	tb_text(tb, a.row, a.col, TB_TITLE | TB_BOLD, head);
	tb_text(tb, a.row, a.col + (a.cols > w ? a.cols - w : 0),
		TB_DEFAULT, which);
	/* What the fitness measures, in the family's words. */
	const task_fitness *f = S->fitness_info;
	if (a.rows > 1 && f && (f->brief || f->what)) {
		char what[512];
		char over[64];
		snprintf(over, sizeof over, "%s over %d", S->aggregate_min ?
			 "minimum" : "mean", S->experiments);
		if (f->brief)
			snprintf(what, sizeof what, "fitness (%s): %s", over,
				 f->brief);
		else
			snprintf(what, sizeof what, "fitness (%s): %s; %s is "
				 "better", over, f->what, f->lower_better ?
				 "lower" : "higher");
		tb_text(tb, a.row + 1, a.col, TB_AXIS, what);
	}
}

/* The title, and under it what the fitness means where there is room. */
static int rows_title(const live_snapshot *S, int avail, glyphs g, int big)
{
	(void)S;
	(void)g;
	(void)big;
	return avail >= 16 ? 2 : 1;
}

/* Projector: the score so far in large figures (the progress when the
 * family keeps none). */
static void draw_score(const live_snapshot *S, int i, textblock *tb, rect a,
		       glyphs g)
{
	char num[32], label[96];
	const char *what = S->view->score ? S->view->score : "% done";
	(void)i;
	if (!S->running && S->status == E2L_OK && isfinite(S->fitness)) {
		/* Done: the fitness itself, over the experiments; its
		 * meaning on the title's second row. */
		snprintf(num, sizeof num, "%.4g", S->fitness);
		snprintf(label, sizeof label, "fitness, %s over %d "
			 "experiments", S->aggregate_min ? "minimum" : "mean",
			 S->experiments);
		what = label;
	} else if (S->view->score) {
		/* Running: the detailed experiment's score, said so. */
		snprintf(num, sizeof num, "%+.0f", S->total);
		snprintf(label, sizeof label, "%s, experiment %d of %d",
			 S->view->score, S->detail, S->experiments);
		what = label;
	} else
		snprintf(num, sizeof num, "%.0f", 100 * S->progress);
	int w = plot_bigtext(tb, a.row, a.col, num, g, TB_SERIES1);
	tb_text(tb, a.row + 1, a.col + w + 2, TB_DEFAULT, what);
}

static int has_raster(const live_snapshot *S)
{
	return S->view->raster != TASK_RASTER_NONE;
}

static int ncurves(const live_snapshot *S)
{
	return S->view->ncurves;
}

static int curve_rank(const live_snapshot *S, int i)
{
	return S->view->curves[i].rank;
}

/* Rows for the inputs (4 per row in braille) band by band, the output
 * and a blank row above it, the title, the notes or shaded stretches and
 * the axis, and no more than about half; half in the big layout. */
static int rows_raster(const live_snapshot *S, int avail, glyphs g, int big)
{
	if (big)
		return avail / 2;
	int rr = avail >= 15 ? avail * (S->nbands > 1 ? 10 : 9) / 20 :
		avail / 2;
	int per = g == GLYPHS_BRAILLE ? 4 : 2, need = 0;
	if (S->nbands)
		need = S->nbands * ((S->band_rows + per - 1) / per) +
			S->nbands - 1;
	else
		need = (S->ninputs + per - 1) / per;
	int notes = S->view->raster == TASK_RASTER_TRIALS ||
		S->view->window;
	need += 1 + notes + (S->view->no_output ? 0 : 2) + 2;
	return rr > need ? need : rr;
}

enum { LAYOUT_NORMAL = 1, LAYOUT_BIG = 2 };

/*
 * The run view's panels, as htop's meters: each entry says in which
 * layouts it shows, whether it spans the width from the top (stacked in
 * table order) or stands side by side with others in the rows left, how
 * much room it wants and how many of it the run fills (the family's
 * curves: one each, task_view), and draws itself into the rectangle the
 * layout gives it.  A new panel is one entry and its draw function.
 */
typedef struct {
	const char *name;
	int layouts;             /* LAYOUT_NORMAL | LAYOUT_BIG */
	int beside;              /* 0: full width, stacked; 1: side by side */
	int min_rows, min_cols;  /* less room: left out */
	/* How many of it this run fills; NULL: one. */
	int (*count)(const live_snapshot *S);
	/* Stacked: the rows it wants of the avail left; NULL: min_rows. */
	int (*rows)(const live_snapshot *S, int avail, glyphs g, int big);
	/* Side by side: which gets room first (1, 2, ...); NULL: 1. */
	int (*rank)(const live_snapshot *S, int i);
	void (*draw)(const live_snapshot *S, int i, textblock *tb, rect a,
		     glyphs g);
} panel;

static const panel run_panels[] = {
	{ "title", LAYOUT_NORMAL | LAYOUT_BIG, 0, 1, 20, NULL, rows_title,
	  NULL, draw_title },
	{ "score", LAYOUT_BIG, 0, 3, 20, NULL, NULL, NULL, draw_score },
	{ "raster", LAYOUT_NORMAL | LAYOUT_BIG, 0, 1, 20, has_raster,
	  rows_raster, NULL, draw_raster },
	{ "curve", LAYOUT_NORMAL | LAYOUT_BIG, 1, 4, 35, ncurves, NULL,
	  curve_rank, draw_curve },
};
enum { NPANELS = sizeof run_panels / sizeof *run_panels, MAX_BESIDE = 16 };

/* One panel placed side by side. */
typedef struct {
	const panel *p;
	int i, rank;
} placed;

/* The side-by-side panels of the rows from top down: those that rank
 * best, as many as the width holds (one in the big layout), in table
 * order. */
static void place_beside(const live_snapshot *S, textblock *tb, int top,
			 glyphs g, int layout)
{
	placed v[MAX_BESIDE];
	int n = 0, h = tb->rows - top, min_cols = tb->cols;
	for (const panel *p = run_panels; p < run_panels + NPANELS; p++) {
		if (!p->beside || !(p->layouts & layout) || h < p->min_rows)
			continue;
		int count = p->count ? p->count(S) : 1;
		for (int i = 0; i < count && n < MAX_BESIDE; i++)
			v[n++] = (placed){ p, i, p->rank ? p->rank(S, i) : 1 };
		if (p->min_cols < min_cols)
			min_cols = p->min_cols;
	}
	int fit = layout == LAYOUT_BIG ? 1 : tb->cols / min_cols;
	if (fit < 1)
		fit = 1;
	/* Keep the best `fit` (a stable selection: ties keep table order). */
	int keep[MAX_BESIDE] = { 0 }, kept = 0;
	for (int r = 0; kept < fit && kept < n; r++)
		for (int k = 0; k < n && kept < fit; k++)
			if (!keep[k] && v[k].rank <= r) {
				keep[k] = 1;
				kept++;
			}
	int w = kept ? tb->cols / kept : 0, col = 0, j = 0;
	for (int k = 0; k < n; k++) {
		if (!keep[k])
			continue;
		int last = ++j == kept;
		rect a = { top, col, h, last ? tb->cols - col : w - 1 };
		v[k].p->draw(S, v[k].i, tb, a, g);
		col += w;
	}
}

void view_run(const live_snapshot *S, textblock *tb, glyphs g, int big)
{
	int layout = big ? LAYOUT_BIG : LAYOUT_NORMAL;

	tb_clear(tb);
	if (tb->rows < 3 || tb->cols < 20) {
		tb_text(tb, 0, 0, TB_DEFAULT, "(too small)");
		return;
	}
	/* Braille dots wash out on a projector: half blocks there. */
	if (big && g == GLYPHS_BRAILLE)
		g = GLYPHS_HALF;
	int top = 0;
	for (const panel *p = run_panels; p < run_panels + NPANELS; p++) {
		if (p->beside || !(p->layouts & layout) ||
		    (p->count && !p->count(S)))
			continue;
		int rows = p->rows ? p->rows(S, tb->rows - top, g, big) :
			p->min_rows;
		if (rows < p->min_rows || tb->cols < p->min_cols)
			continue;
		p->draw(S, 0, tb, (rect){ top, 0, rows, tb->cols }, g);
		top += rows;
	}
	place_beside(S, tb, top, g, layout);
}
