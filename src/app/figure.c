/*
 * figure.c - a run's view, or one of its panels, as a figure (figure.h):
 * vector lines and dots, axes with ticks and units, a legend naming each
 * series, and a title with the task, the rule's formulas and its fitness.
 *
 * It draws what the terminal's run view draws (views.c), from the same
 * snapshot (live_snapshot) and the family's view record (task_view): its
 * panels are those of views.c's run_panels[] that hold data (the raster
 * and the family's curves; the title and the projector's score become the
 * figure's title), in fig_panels[] below, and it names no family.
 *
 * Cairo draws all three formats from one drawing (Debian's libcairo2: kept
 * up, and the same code gives SVG, PDF and PNG).  Each surface writes
 * into memory through cairo's stream callback, and the bytes go to disk
 * through e2l_write_atomic, so a failed figure leaves no file behind.
 * Cairo writes text into SVG as glyph outlines, which no reader can
 * search, so the SVG also gets a <title> and a <desc> listing every text
 * drawn (as accessibility guidelines ask of a figure anyway).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "e2l/expr.h"
#include "figure.h"

/* ---- Layout, points (1/72 inch) --------------------------------------- */

#define FIG_PI 3.14159265358979323846   /* M_PI is not C11 */

enum {
	PAGE_W = 960,            /* the whole view */
	PANEL_W = 720,           /* one panel alone */
	MARGIN = 24,
	FULL_H = 270,            /* a full-width panel (the raster) */
	BESIDE_H = 300,          /* a panel two to a row (a curve) */
	ALONE_H = 420,           /* one panel alone */
	PNG_SCALE = 2            /* PNG pixels per point: 144 dpi */
};

typedef struct {
	double x, y, w, h;
} box;

/* Colour-blind-safe colours (Okabe and Ito), then dashes: a labelled
 * series is told apart by both, so a monochrome projector still shows
 * teacher from student. */
static const double palette[][3] = {
	{ 0.000, 0.447, 0.698 },   /* blue */
	{ 0.902, 0.624, 0.000 },   /* orange */
	{ 0.000, 0.620, 0.451 },   /* green */
	{ 0.835, 0.369, 0.000 },   /* vermillion */
	{ 0.800, 0.475, 0.655 },   /* purple */
	{ 0.337, 0.706, 0.914 },   /* sky blue */
	{ 0.941, 0.894, 0.259 },   /* yellow */
	{ 0.000, 0.000, 0.000 },   /* black */
};
enum { NCOLORS = sizeof palette / sizeof *palette };
static const double dashes[][4] = {
	{ 0 }, { 6, 3 }, { 1.5, 2.5 }, { 7, 2.5, 1.5, 2.5 },
};
static const int ndashes[] = { 0, 2, 2, 4 };

/* What is being drawn: the cairo context, and every text drawn, one a
 * line, for the SVG's <desc>. */
typedef struct {
	cairo_t *cr;
	strbuf text;
} fig;

/* ---- Text --------------------------------------------------------------- */

/* s as valid UTF-8 without control bytes (cairo refuses a bad string and
 * stops drawing): each offending byte becomes '?'. */
static void clean_utf8(const char *s, char *out, size_t n)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && o + 5 < n) {
		int len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ?
			3 : (*p >> 3) == 30 ? 4 : 0;
		int ok = len > 0 && ((*p >= 0x20 && *p != 0x7f) || len > 1);
		for (int k = 1; ok && k < len; k++)
			ok = (p[k] & 0xc0) == 0x80;
		if (ok && len == 2 && *p < 0xc2)
			ok = 0;          /* overlong */
		if (!ok) {
			out[o++] = '?';
			p++;
			continue;
		}
		memcpy(out + o, p, (size_t)len);
		o += (size_t)len;
		p += len;
	}
	out[o] = '\0';
}

static void set_font(fig *F, double size, int bold)
{
	cairo_select_font_face(F->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD :
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(F->cr, size);
}

static double text_width(fig *F, const char *s)
{
	cairo_text_extents_t e;
	cairo_text_extents(F->cr, s, &e);
	return e.x_advance;
}

/* Draws s with its baseline at y; align -1 left of x, 0 centred, 1 right;
 * within at most `room` points (0: any), the font shrunk to fit down to
 * 6 pt.  Returns its width. */
static double text(fig *F, double x, double y, int align, double room,
		   const char *s)
{
	char c[512];
	cairo_matrix_t m;
	clean_utf8(s, c, sizeof c);
	cairo_get_font_matrix(F->cr, &m);
	double w = text_width(F, c);
	if (room > 0 && w > room) {
		/* Not below 6 pt (m.xx is the size: fonts are not skewed). */
		double f = room / w;
		cairo_matrix_t small = m;
		if (m.xx * f < 6)
			f = 6 / m.xx;
		cairo_matrix_scale(&small, f, f);
		cairo_set_font_matrix(F->cr, &small);
		w = text_width(F, c);
	}
	cairo_move_to(F->cr, x - (align < 0 ? 0 : align == 0 ? w / 2 : w), y);
	cairo_show_text(F->cr, c);
	cairo_set_font_matrix(F->cr, &m);
	strbuf_printf(&F->text, "%s\n", c);
	return w;
}

/* s in lines of at most `room` points broken at spaces, from baseline y
 * down by `lead`, at most maxl lines (the last one shrunk to fit). */
static void text_wrap(fig *F, double x, double y, double room, double lead,
		      int maxl, const char *s)
{
	char clean[1024], line[512];
	/* Measured before text() cleans it: cairo stops at a bad string. */
	clean_utf8(s, clean, sizeof clean);
	s = clean;
	while (*s && maxl-- > 0) {
		size_t n = 0, fit = 0;
		while (s[n] && n + 1 < sizeof line) {
			size_t e = n;
			while (s[e] == ' ')
				e++;
			while (s[e] && s[e] != ' ')
				e++;
			if (e >= sizeof line)
				break;
			memcpy(line, s, e);
			line[e] = '\0';
			if (fit && text_width(F, line) > room)
				break;
			fit = n = e;
		}
		if (!fit || maxl == 0)
			fit = strlen(s);
		snprintf(line, sizeof line, "%.*s", (int)fit, s);
		text(F, x, y, -1, room, line);
		s += fit;
		while (*s == ' ')
			s++;
		y += lead;
	}
}

static void rgb(fig *F, const double *c)
{
	cairo_set_source_rgb(F->cr, c[0], c[1], c[2]);
}

static void grey(fig *F, double v)
{
	cairo_set_source_rgb(F->cr, v, v, v);
}

/* ---- Axes ----------------------------------------------------------------- */

/* An axis: its range and tick step. */
typedef struct {
	double lo, hi, step;
} axis;

/* A step of 1, 2 or 5 times a power of ten giving about `target` ticks. */
static double nice_step(double span, int target)
{
	double raw = span / target, p = pow(10, floor(log10(raw))), m = raw / p;
	return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/* The axis over [lo, hi]; `round_out` widens it to whole ticks (a value
 * axis), else it keeps the data's range (time). */
static axis make_axis(double lo, double hi, int target, int round_out)
{
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	/* A span beyond the largest double (-1e308 .. 1e308). */
	if (!isfinite(hi - lo)) {
		lo = fmax(lo, -1e307);
		hi = fmin(hi, 1e307);
	}
	if (hi - lo <= fabs(hi) * 1e-9) {
		double d = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
		lo -= d;
		hi += d;
	}
	axis a = { lo, hi, nice_step(hi - lo, target) };
	if (round_out) {
		a.lo = floor(lo / a.step) * a.step;
		a.hi = ceil(hi / a.step) * a.step;
	}
	return a;
}

static void tick_label(const axis *a, double v, char *buf, size_t n)
{
	int dec = a->step >= 1 ? 0 : (int)ceil(-log10(a->step) - 1e-9);
	if (fabs(v) < a->step * 1e-6)
		v = 0;
	if (fabs(v) >= 1e9 || a->step < 1e-5)
		snprintf(buf, n, "%.3g", v);
	else
		snprintf(buf, n, "%.*f", dec > 6 ? 6 : dec, v);
}

/* The plot area of a panel and its two axes. */
typedef struct {
	double x0, y0, x1, y1;   /* left, top, right, bottom */
	axis x, y;               /* x in the units shown: data x / xdiv */
	double xdiv;             /* 1000: ms shown as s */
} plot;

/* A point far outside the page, brought within cairo's fixed-point
 * range (the plot is clipped: it only has to stay off the page). */
static double on_page(double v)
{
	return v < -1e5 ? -1e5 : v > 1e5 ? 1e5 : v;
}

static double px(const plot *P, double x)
{
	return on_page(P->x0 + (x / P->xdiv - P->x.lo) / (P->x.hi - P->x.lo) *
		       (P->x1 - P->x0));
}

static double py(const plot *P, double y)
{
	return on_page(P->y1 - (y - P->y.lo) / (P->y.hi - P->y.lo) *
		       (P->y1 - P->y0));
}

/* Units in parentheses after a label: "weight (pA)"; none for "". */
static void with_unit(const char *label, const char *unit, char *buf,
		      size_t n)
{
	if (unit && *unit)
		snprintf(buf, n, "%s (%s)", label, unit);
	else
		snprintf(buf, n, "%s", label);
}

/* The x axis over [lo, hi] in unit: a long stretch of ms in seconds,
 * so that its ticks read 20, 40, not 20000, 40000.  Its label in xl. */
static void time_axis(plot *P, double lo, double hi, int target,
		      int round_out, const char *what, const char *unit,
		      char *xl, size_t n)
{
	P->xdiv = 1;
	if (unit && !strcmp(unit, "ms") && hi - lo >= 20000) {
		P->xdiv = 1000;
		unit = "s";
	}
	P->x = make_axis(lo / P->xdiv, hi / P->xdiv, target, round_out);
	with_unit(what, unit, xl, n);
}

/* Grid, frame, ticks and the axes' labels; y ticks below ytop only (a
 * raster's output row is labelled apart). */
static void draw_axes(fig *F, const plot *P, const char *xlabel,
		      const char *ylabel, double ytop)
{
	cairo_t *cr = F->cr;
	char buf[64];
	set_font(F, 9, 0);
	cairo_set_line_width(cr, 0.5);
	/* At most 50 ticks: a step lost in its values' rounding must not
	 * loop for ever. */
	int n = 0;
	for (double v = ceil(P->y.lo / P->y.step - 1e-9) * P->y.step;
	     v <= P->y.hi + P->y.step * 1e-9 && v < ytop && n++ < 50;
	     v += P->y.step) {
		double y = py(P, v);
		grey(F, 0.88);
		cairo_move_to(cr, P->x0, y);
		cairo_line_to(cr, P->x1, y);
		cairo_stroke(cr);
		grey(F, 0.2);
		cairo_move_to(cr, P->x0 - 4, y);
		cairo_line_to(cr, P->x0, y);
		cairo_stroke(cr);
		tick_label(&P->y, v, buf, sizeof buf);
		text(F, P->x0 - 6, y + 3, 1, 0, buf);
	}
	n = 0;
	for (double v = ceil(P->x.lo / P->x.step - 1e-9) * P->x.step;
	     v <= P->x.hi + P->x.step * 1e-9 && n++ < 50; v += P->x.step) {
		double x = px(P, v * P->xdiv);
		grey(F, 0.2);
		cairo_move_to(cr, x, P->y1);
		cairo_line_to(cr, x, P->y1 + 4);
		cairo_stroke(cr);
		tick_label(&P->x, v, buf, sizeof buf);
		text(F, x, P->y1 + 14, 0, 0, buf);
	}
	grey(F, 0.2);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, P->x0, P->y0);
	cairo_line_to(cr, P->x0, P->y1);
	cairo_line_to(cr, P->x1, P->y1);
	cairo_stroke(cr);
	set_font(F, 10, 0);
	text(F, (P->x0 + P->x1) / 2, P->y1 + 30, 0, P->x1 - P->x0, xlabel);
	cairo_save(cr);
	cairo_translate(cr, P->x0 - 44, (P->y0 + P->y1) / 2);
	cairo_rotate(cr, -FIG_PI / 2);
	text(F, 0, 0, 0, P->y1 - P->y0, ylabel);
	cairo_restore(cr);
}

/* ---- Legends -------------------------------------------------------------- */

typedef enum { KEY_LINE, KEY_DOT, KEY_AREA } key_kind;

typedef struct {
	key_kind kind;
	const double *color;
	int dash;                /* dashes[] index */
	char name[40];
	double width;            /* a line's, or 0: the legend's usual */
} key;

/* How a curve's line is drawn. */
typedef struct {
	const double *color;
	int dash;                /* dashes[] index */
	double width;
} pen;

enum { DASH_SOLID, DASH_DASHED, DASH_DOTTED, DASH_DOTDASH };
#define LINE_W 1.3           /* a curve's line */
#define BOLD_W 2.6           /* a group's mean (TASK_BOLD) */

enum { MAX_KEYS = 24 };
#define BAND_ALPHA 0.2     /* a mean's SD band, over white */

/* Lays the keys out in rows from (x, y) within width w; draws them when
 * draw is set.  Returns the height used. */
static double legend(fig *F, const key *k, int n, double x, double y,
		     double w, int draw)
{
	cairo_t *cr = F->cr;
	double cx = x, cy = y + 10, row = 13;
	if (n == 0)
		return 0;
	set_font(F, 9, 0);
	for (int i = 0; i < n; i++) {
		char c[64];
		clean_utf8(k[i].name, c, sizeof c);
		double need = 22 + text_width(F, c) + 14;
		if (cx > x && cx + need > x + w) {
			cx = x;
			cy += row;
		}
		if (draw) {
			rgb(F, k[i].color);
			if (k[i].kind == KEY_LINE) {
				cairo_set_line_width(cr, k[i].width > 0 ?
						     k[i].width : 1.6);
				cairo_set_dash(cr, dashes[k[i].dash],
					       ndashes[k[i].dash], 0);
				cairo_move_to(cr, cx, cy - 3);
				cairo_line_to(cr, cx + 18, cy - 3);
				cairo_stroke(cr);
				cairo_set_dash(cr, NULL, 0, 0);
			} else if (k[i].kind == KEY_DOT) {
				cairo_arc(cr, cx + 9, cy - 3, 2, 0, 2 * FIG_PI);
				cairo_fill(cr);
			} else {
				cairo_rectangle(cr, cx + 3, cy - 8, 12, 10);
				cairo_fill(cr);
			}
			grey(F, 0.1);
			text(F, cx + 22, cy, -1, 0, c);
		}
		cx += need;
	}
	return cy - y + 4;
}

/* The panel's title, its legend, and the plot area left below them. */
static plot panel_frame(fig *F, box b, const char *title, const key *k,
			int nk)
{
	grey(F, 0);
	set_font(F, 12, 1);
	text(F, b.x, b.y + 13, -1, b.w, title);
	double lh = legend(F, k, nk, b.x + 4, b.y + 18, b.w - 8, 1);
	plot P = { .x0 = b.x + 62, .y0 = b.y + 24 + lh, .x1 = b.x + b.w - 12,
		   .y1 = b.y + b.h - 40 };
	return P;
}

/* ---- The panels ------------------------------------------------------------ */

static const double ink[3] = { 0.25, 0.25, 0.25 };        /* input spikes */
static const double right_c[3] = { 0.86, 0.95, 0.86 };    /* right trial */
static const double wrong_c[3] = { 0.99, 0.87, 0.85 };    /* wrong trial */
static const double window_c[3] = { 0.87, 0.91, 0.98 };   /* pattern on */

/* The raster's dots, input j at row j and the output above them; the
 * x of a spike comes from the caller. */
typedef struct {
	int n, cap;
	double *x;
	int *row;
} dots;

static void dots_add(dots *D, double x, int row)
{
	if (D->n == D->cap) {
		D->cap = D->cap ? 2 * D->cap : 1024;
		D->x = xrealloc(D->x, (size_t)D->cap * sizeof *D->x);
		D->row = xrealloc(D->row, (size_t)D->cap * sizeof *D->row);
	}
	D->x[D->n] = x;
	D->row[D->n] = row;
	D->n++;
}

/* Rows 0 .. ninputs-1 are the inputs, ninputs the output. */
static void raster_dots(fig *F, const plot *P, const dots *D, int ninputs)
{
	cairo_t *cr = F->cr;
	for (int out = 0; out < 2; out++) {
		double r = out ? 2.2 : 1.4;
		for (int i = 0; i < D->n; i++) {
			if ((D->row[i] == ninputs) != out)
				continue;
			double x = px(P, D->x[i]), y = py(P, D->row[i]);
			cairo_new_sub_path(cr);
			cairo_arc(cr, x, y, r, 0, 2 * FIG_PI);
		}
		if (out)
			rgb(F, palette[3]);
		else
			rgb(F, ink);
		cairo_fill(cr);
	}
}

/* The y axis of a raster: inputs by number, the output labelled "out"
 * above a line. */
static void raster_rows(fig *F, const plot *P, int ninputs)
{
	cairo_t *cr = F->cr;
	double y = py(P, ninputs - 0.5);
	grey(F, 0.6);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, P->x0, y);
	cairo_line_to(cr, P->x1, y);
	cairo_stroke(cr);
	grey(F, 0.1);
	set_font(F, 9, 1);
	text(F, P->x0 - 6, py(P, ninputs) + 3, 1, 0, "out");
}

/* Inputs in bands (task_view.bands: pattern inputs apart from the
 * background): a line between bands, each named beside its rows. */
static void raster_bands(fig *F, const plot *P, const live_snapshot *S)
{
	const task_view *V = S->view;
	if (S->nbands < 2)
		return;
	cairo_t *cr = F->cr;
	set_font(F, 9, 0);
	for (int b = 0; b < S->nbands; b++) {
		double lo = b * S->band_rows, hi = lo + S->band_rows;
		if (b > 0) {
			grey(F, 0.35);
			cairo_set_line_width(cr, 0.8);
			cairo_move_to(cr, P->x0, py(P, lo - 0.5));
			cairo_line_to(cr, P->x1, py(P, lo - 0.5));
			cairo_stroke(cr);
		}
		const char *label = V->curves[V->bands - 1]
			.series[S->band_series[b]].label;
		/* Inside the band's top left, over its dots. */
		grey(F, 0.1);
		text(F, P->x0 + 4, py(P, hi - 0.5) + 10, -1, 0,
		     label ? label : "");
	}
}

static void draw_raster(fig *F, const live_snapshot *S, int i, box b)
{
	const task_view *V = S->view;
	int trials = V->raster == TASK_RASTER_TRIALS;
	int nin = S->ninputs;
	dots D = { 0 };
	char title[128], xlabel[192];
	/* A neuron that never spikes (task_view.no_output) gets no row, no
	 * key and no mention: an empty row would read as a silent neuron. */
	int out = !V->no_output;
	const char *who_out = out ? " and the output" : "";
	key k[4] = { { KEY_DOT, ink, 0, "input spike", 0 } };
	int nk = 1;
	if (out)
		k[nk++] = (key){ KEY_DOT, palette[3], 0, "output spike", 0 };
	if (trials) {
		k[nk++] = (key){ KEY_AREA, right_c, 0, "right answer", 0 };
		k[nk++] = (key){ KEY_AREA, wrong_c, 0, "wrong answer", 0 };
	}
	double t0 = 0, t1 = 1, T = S->trial_ms;
	int first = 0, last = -1;
	/* Without trials: the family's windows (a pattern shown), shaded
	 * as the terminal shades them. */
	double w0[LIVE_WINDOWS], w1[LIVE_WINDOWS];
	int nw = 0;
	(void)i;
	/* In the mean view the curves are over all experiments; the spikes
	 * are one experiment's, and the title says whose. */
	char who[32] = "";
	if (S->follow == LIVE_MEAN)
		snprintf(who, sizeof who, "experiment %d: ", S->detail);

	if (trials) {
		/* The trials kept (one slot of the ring may be refilling). */
		last = S->ntrials - 1;
		first = last - (LIVE_TRIALS - 1) + 1 < 0 ? 0 :
			last - (LIVE_TRIALS - 1) + 1;
		for (int k2 = first, j = 0; k2 <= last; k2++, j++) {
			const live_trial *tr = &S->trials[k2 % LIVE_TRIALS];
			if (tr->index != k2)
				continue;
			for (int s = 0; s < tr->n; s++)
				dots_add(&D, j * T + tr->t[s],
					 tr->which[s] < 0 ? nin : tr->which[s]);
		}
		t1 = (last - first + 1) * T;
		if (!(t1 > 0))
			t1 = 1;
		snprintf(title, sizeof title, "%sspikes: %d inputs%s, trial by "
			 "trial", who, nin, who_out);
		if (last >= first)
			snprintf(xlabel, sizeof xlabel, ": trials %d-%d of %g "
				 "ms side by side, each with its class (+/-) and "
				 "the answer (\u2713/\u2717)", first + 1, last + 1,
				 T);
		else
			xlabel[0] = '\0';
	} else {
		double span = V->raster_ms;
		t1 = S->now > span ? S->now : span;
		t0 = t1 - span;
		long have = S->nspikes < LIVE_SPIKES ? S->nspikes : LIVE_SPIKES;
		for (long s = S->nspikes - have; s < S->nspikes; s++) {
			long q = s % LIVE_SPIKES;
			if (S->ct[q] >= t0)
				dots_add(&D, S->ct[q], S->cwhich[q] < 0 ? nin :
					 S->cwhich[q]);
		}
		for (long w = S->nwin > LIVE_WINDOWS ? S->nwin - LIVE_WINDOWS :
			     0; w < S->nwin; w++) {
			long q = w % LIVE_WINDOWS;
			w0[nw] = fmax(S->win_t0[q], t0);
			w1[nw] = isfinite(S->win_t1[q]) ? S->win_t1[q] : S->now;
			if (w1[nw] > t0)
				nw++;
		}
		if (V->window) {
			k[nk] = (key){ KEY_AREA, window_c, 0, "", 0 };
			snprintf(k[nk].name, sizeof k[nk].name, "%s", V->window);
			nk++;
		}
		snprintf(title, sizeof title, "%sspikes: %d inputs%s, the last "
			 "%g ms", who, nin, who_out, span);
		xlabel[0] = '\0';
	}
	plot P = panel_frame(F, b, title, k, nk);
	if (trials)
		P.y0 += 14;      /* room for the trials' notes */
	char xl[256];
	time_axis(&P, t0, t1, 8, 0, "time", "ms", xl, sizeof xl);
	snprintf(xl + strlen(xl), sizeof xl - strlen(xl), "%s", xlabel);
	double top = nin + out > 0 ? nin - 0.5 + out : 0.5;
	P.y = (axis){ -0.5, top, nice_step(nin > 1 ? nin : 1, 4) };
	if (P.y.step < 1)
		P.y.step = 1;
	if (trials) {
		/* Each trial's background says whether the answer was right;
		 * above it, its class and the answer. */
		set_font(F, 9, 0);
		for (int k2 = first, j = 0; k2 <= last; k2++, j++) {
			const live_trial *tr = &S->trials[k2 % LIVE_TRIALS];
			if (tr->index != k2)
				continue;
			int ok = tr->decision == tr->label;
			rgb(F, ok ? right_c : wrong_c);
			cairo_rectangle(F->cr, px(&P, j * T), P.y0,
					px(&P, (j + 1) * T) - px(&P, j * T),
					P.y1 - P.y0);
			cairo_fill(F->cr);
			/* A white seam between trials of one colour. */
			grey(F, 1);
			cairo_set_line_width(F->cr, 1);
			cairo_move_to(F->cr, px(&P, j * T), P.y0);
			cairo_line_to(F->cr, px(&P, j * T), P.y1);
			cairo_stroke(F->cr);
			char note[48];
			snprintf(note, sizeof note, "%d: %c %s", k2 + 1,
				 tr->label > 0 ? '+' : '-', ok ? "\u2713" :
				 "\u2717");
			grey(F, 0.1);
			text(F, px(&P, (j + 0.5) * T), P.y0 - 3, 0,
			     px(&P, T) - px(&P, 0), note);
		}
	}
	for (int w = 0; w < nw; w++) {
		rgb(F, window_c);
		cairo_rectangle(F->cr, px(&P, w0[w]), P.y0,
				px(&P, w1[w]) - px(&P, w0[w]), P.y1 - P.y0);
		cairo_fill(F->cr);
	}
	draw_axes(F, &P, xl, "input", nin);
	if (out)
		raster_rows(F, &P, nin);
	cairo_save(F->cr);
	cairo_rectangle(F->cr, P.x0, P.y0 - 3, P.x1 - P.x0, P.y1 - P.y0 + 6);
	cairo_clip(F->cr);
	raster_dots(F, &P, &D, nin);
	cairo_restore(F->cr);
	raster_bands(F, &P, S);
	if (D.n == 0) {
		grey(F, 0.4);
		set_font(F, 10, 0);
		text(F, (P.x0 + P.x1) / 2, (P.y0 + P.y1) / 2, 0, 0,
		     trials ? "waiting for the first trial" : "no spikes yet");
	}
	free(D.x);
	free(D.row);
}

/* Series ks's pen: its label's colour, in its style; a series without
 * a style of its own dashed by its place, so that unlabelled series read
 * apart without colour. */
static pen series_pen(const task_curve *cv, int ks)
{
	pen p = { palette[task_curve_hue(cv, ks) % NCOLORS], DASH_SOLID,
		  LINE_W };
	switch (cv->series[ks].style) {
	case TASK_DOTTED:
		p.dash = DASH_DOTTED;
		break;
	case TASK_DASHED:
		p.dash = DASH_DASHED;
		break;
	case TASK_BOLD:
		p.width = BOLD_W;
		break;
	default:
		p.dash = cv->series[ks].label ? DASH_SOLID : ks % 4;
	}
	return p;
}

/* Line l's mean - SD .. mean + SD, filled light in its colour, one
 * polygon per stretch of finite points. */
static void draw_band(fig *F, const plot *P, const live_line *l,
		      const double *color)
{
	cairo_t *cr = F->cr;
	cairo_set_source_rgba(cr, color[0], color[1], color[2], BAND_ALPHA);
	for (int p = 0; p < l->s.n;) {
		int q = p;
		while (q < l->s.n && isfinite(l->s.t[q]) &&
		       isfinite(l->s.y[q] - l->sd[q]) &&
		       isfinite(l->s.y[q] + l->sd[q]))
			q++;
		if (q - p >= 2) {
			for (int j = p; j < q; j++)
				cairo_line_to(cr, px(P, l->s.t[j]),
					      py(P, l->s.y[j] + l->sd[j]));
			for (int j = q - 1; j >= p; j--)
				cairo_line_to(cr, px(P, l->s.t[j]),
					      py(P, l->s.y[j] - l->sd[j]));
			cairo_close_path(cr);
			cairo_fill(cr);
		}
		cairo_new_path(cr);
		p = q + 1;
	}
}

/* Curve c of the family's view: each series in its colour and dash under
 * its label, or, for an unlabelled group, each line in its own colour
 * named by its sample ("w3"), as views.c draws it.  In the mean view a
 * line is the mean over the experiments, with its SD as a light band. */
static void draw_curve(fig *F, const live_snapshot *S, int c, box b)
{
	const task_curve *cv = &S->view->curves[c];
	key k[MAX_KEYS];
	int nk = 0, key_series[MAX_KEYS], band_of[MAX_KEYS], nbands = 0;
	pen pens[LIVE_LINES];
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
	double band_c[MAX_KEYS][3];     /* the bands' keys' colours */

	/* The keys in the order of the curve's series (the view's order),
	 * whatever order their first samples came in.  A line's pen: its
	 * group member's own colour, else its label's (task_curve_hue), in
	 * its series' style; one key per member, label or series. */
	for (int i = 0; i < S->nlines; i++)
		pens[i].color = NULL;
	for (int ks = 0; ks < TASK_CURVE_SERIES && cv->series[ks].name; ks++) {
		const task_series *ts = &cv->series[ks];
		size_t len = strlen(ts->name);
		int each = !ts->label && task_series_group(ts);
		int hue = task_curve_hue(cv, ks);
		pen own = series_pen(cv, ks);
		for (int i = 0; i < S->nlines; i++) {
			const live_line *l = &S->lines[i];
			if (l->curve != c || l->series != ks)
				continue;
			int found = -1;
			for (int j = 0; j < nk && !each; j++)
				if (key_series[j] >= 0 &&
				    task_curve_hue(cv, key_series[j]) == hue)
					found = j;
			if (found < 0 && nk < MAX_KEYS) {
				key *K = &k[nk];
				pen kp = ts->label ? series_pen(cv,
					task_curve_legend(cv, ks)) : own;
				*K = (key){ KEY_LINE, each ? palette[nk % NCOLORS]
					    : kp.color, each ? 0 : kp.dash, "",
					    each ? 0 : kp.width };
				key_series[nk] = each ? -1 : ks;
				if (each)
					snprintf(K->name, sizeof K->name, "%.*s%d",
						 (int)len - 1, ts->name, l->index);
				else if (ts->label)
					snprintf(K->name, sizeof K->name, "%s",
						 ts->label);
				else if (ts->from == TASK_FROM_TRIAL_SUM)
					snprintf(K->name, sizeof K->name, "%s, summed",
						 ts->name);
				else
					snprintf(K->name, sizeof K->name, "%s",
						 ts->name);
				found = nk++;
			}
			pens[i] = each && found >= 0 ? (pen){ k[found].color, 0,
				LINE_W } : own;
			int band = live_banded(S, l), seen = found < 0;
			for (int j = 0; j < nbands && !seen; j++)
				seen = band_of[j] == found;
			if (band && !seen)
				band_of[nbands++] = found;
			for (int p = 0; p < l->s.n; p++) {
				double x = l->s.t[p], y = l->s.y[p];
				double d = band && isfinite(l->sd[p]) ?
					l->sd[p] : 0;
				if (!isfinite(x) || !isfinite(y))
					continue;
				xlo = fmin(xlo, x);
				xhi = fmax(xhi, x);
				ylo = fmin(ylo, y - d);
				yhi = fmax(yhi, y + d);
			}
		}
	}
	/* The bands' keys: one, or one per key whose lines carry bands
	 * ("pattern \u00b1 SD"), in their lines' colours made light. */
	for (int j = 0; j < nbands && nk < MAX_KEYS; j++) {
		for (int c3 = 0; c3 < 3; c3++)
			band_c[j][c3] = 1 - BAND_ALPHA *
				(1 - k[band_of[j]].color[c3]);
		key *K = &k[nk++];
		*K = (key){ KEY_AREA, band_c[j], 0, "", 0 };
		if (nbands == 1)
			snprintf(K->name, sizeof K->name, "\u00b1 SD across "
				 "experiments");
		else
			snprintf(K->name, sizeof K->name, "%.28s \u00b1 SD",
				 k[band_of[j]].name);
	}
	plot P = panel_frame(F, b, cv->title, k, nk);
	int per_trial = cv->xunit && !strcmp(cv->xunit, "trial");
	/* A whole run's axis starts at its start, not at its first point. */
	if (!cv->recent && xlo > 0 && xlo < 0.05 * (xhi - xlo))
		xlo = 0;
	char xl[64], yl[96];
	time_axis(&P, xlo, xhi, 6, per_trial,
		  per_trial ? "trial" : "time", per_trial ? "" : cv->xunit, xl,
		  sizeof xl);
	P.y = make_axis(ylo, yhi, 5, 1);
	with_unit(cv->title, cv->yunit, yl, sizeof yl);
	draw_axes(F, &P, xl, yl, INFINITY);
	cairo_t *cr = F->cr;
	cairo_save(cr);
	cairo_rectangle(cr, P.x0, P.y0, P.x1 - P.x0, P.y1 - P.y0);
	cairo_clip(cr);
	/* The bands under every line. */
	for (int i = 0; i < S->nlines; i++)
		if (S->lines[i].curve == c && pens[i].color &&
		    live_banded(S, &S->lines[i]))
			draw_band(F, &P, &S->lines[i], pens[i].color);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (int i = 0; i < S->nlines; i++) {
		const live_line *l = &S->lines[i];
		if (l->curve != c || !pens[i].color)
			continue;
		int pen = 0;
		for (int p = 0; p < l->s.n; p++) {
			double x = l->s.t[p], y = l->s.y[p];
			if (!isfinite(x) || !isfinite(y)) {
				pen = 0;
				continue;
			}
			if (pen)
				cairo_line_to(cr, px(&P, x), py(&P, y));
			else
				cairo_move_to(cr, px(&P, x), py(&P, y));
			pen = 1;
		}
		rgb(F, pens[i].color);
		cairo_set_line_width(cr, pens[i].width);
		cairo_set_dash(cr, dashes[pens[i].dash], ndashes[pens[i].dash],
			       0);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	cairo_restore(cr);
	if (!(xhi >= xlo)) {
		grey(F, 0.4);
		set_font(F, 10, 0);
		text(F, (P.x0 + P.x1) / 2, (P.y0 + P.y1) / 2, 0, 0,
		     "nothing recorded yet");
	}
}

/* ---- The panel table -------------------------------------------------------- */

static int has_raster(const task_view *V)
{
	return V->raster != TASK_RASTER_NONE;
}

static int ncurves(const task_view *V)
{
	return V->ncurves;
}

/*
 * The run view's panels that hold data, as in views.c's run_panels[]:
 * the raster across the top, the family's curves two to a row below it
 * in the order of its table.  A new kind of panel there gets an entry
 * here and its draw function above.
 */
typedef struct {
	const char *name;        /* NULL: each curve by its title */
	int beside;              /* 0: the full width; 1: two to a row */
	int (*count)(const task_view *V);
	void (*draw)(fig *F, const live_snapshot *S, int i, box b);
} fig_panel;

static const fig_panel fig_panels[] = {
	{ "raster", 0, has_raster, draw_raster },
	{ NULL, 1, ncurves, draw_curve },
};
enum { NKINDS = sizeof fig_panels / sizeof *fig_panels };

/* A title as a name: lowercase letters and digits, other runs as '-'. */
static void slug(const char *title, char *buf, size_t n)
{
	size_t o = 0;
	int dash = 0;
	for (const char *p = title; *p && o + 2 < n; p++) {
		char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    (ch >= 'A' && ch <= 'Z')) {
			if (dash && o > 0)
				buf[o++] = '-';
			buf[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' :
					  ch);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	buf[o] = '\0';
}

static void panel_name(const fig_panel *p, const task_view *V, int i,
		       char *buf, size_t n)
{
	if (p->name)
		snprintf(buf, n, "%s", p->name);
	else
		slug(V->curves[i].title, buf, n);
}

int figure_panels(const task_view *V, char names[][FIGURE_NAME], int max)
{
	int n = 0;
	for (const fig_panel *p = fig_panels; p < fig_panels + NKINDS; p++)
		for (int i = 0, c = p->count(V); i < c && n < max; i++)
			panel_name(p, V, i, names[n++], FIGURE_NAME);
	return n;
}

/* Finds the panel named `name` (its name, or a curve's title, in any
 * case): 0 with *kind and *index, or -1. */
static int find_panel(const task_view *V, const char *name,
		      const fig_panel **kind, int *index)
{
	for (const fig_panel *p = fig_panels; p < fig_panels + NKINDS; p++)
		for (int i = 0, c = p->count(V); i < c; i++) {
			char buf[FIGURE_NAME];
			panel_name(p, V, i, buf, sizeof buf);
			if (!strcasecmp(buf, name) || (!p->name &&
			    !strcasecmp(V->curves[i].title, name))) {
				*kind = p;
				*index = i;
				return 0;
			}
		}
	return -1;
}

/* ---- Formats ------------------------------------------------------------------ */

typedef enum { FMT_SVG, FMT_PDF, FMT_PNG } fig_format;

static int format_of(const char *path, fig_format *f)
{
	static const struct {
		const char *ext;
		fig_format f;
	} exts[] = { { ".svg", FMT_SVG }, { ".pdf", FMT_PDF },
		     { ".png", FMT_PNG } };
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	for (size_t i = 0; dot && i < sizeof exts / sizeof *exts; i++)
		if (!strcasecmp(dot, exts[i].ext)) {
			*f = exts[i].f;
			return 0;
		}
	return -1;
}

e2l_status figure_check(const char *path, const char *panel,
			const task_view *V, e2l_error *err)
{
	fig_format f;
	const fig_panel *kind;
	int index;

	if (format_of(path, &f) != 0)
		return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "%s: a figure is "
				"written as .svg, .pdf or .png (the name's "
				"extension picks the format)", path);
	if (panel && find_panel(V, panel, &kind, &index) != 0) {
		char names[FIGURE_PANELS][FIGURE_NAME];
		strbuf list = { 0 };
		int n = figure_panels(V, names, FIGURE_PANELS);
		for (int i = 0; i < n; i++)
			strbuf_printf(&list, "%s%s", i ? ", " : "", names[i]);
		e2l_fail(err, E2L_EUNKNOWN, 0, 0, "%s: no panel '%s' in this "
			 "run (panels: %s)", path, panel, list.s ? list.s : "");
		free(list.s);
		return E2L_EUNKNOWN;
	}
	return E2L_OK;
}

static cairo_status_t to_strbuf(void *closure, const unsigned char *data,
				unsigned int len)
{
	strbuf_put(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* ---- The title ------------------------------------------------------------------ */

/* The header: the rule's name and the task, its formulas, the fitness
 * (or how far the run is), and how the family applies the formulas. */
static void draw_header(fig *F, const live_snapshot *S, double w,
			strbuf *title)
{
	const task_family *f = task_family_find(S->family);
	/* S->rule is "NAME: F" or "NAME: F ; D" (live_start); a formula has
	 * no ':', so the last one ends the name. */
	char name[256], forms[256], line[640];
	const char *colon = strrchr(S->rule, ':');
	snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - S->rule) :
		 0, S->rule);
	snprintf(forms, sizeof forms, "%s", colon ? colon + 1 + (colon[1] ==
		 ' ') : S->rule);
	/* A typed formula is its own name: shown once. */
	int named = *name && strcmp(name, forms);
	if (named)
		snprintf(line, sizeof line, "%s on %s", name, S->task);
	else
		snprintf(line, sizeof line, "a rule on %s", S->task);
	grey(F, 0);
	set_font(F, 15, 1);
	text(F, MARGIN, MARGIN + 14, -1, w - 2 * MARGIN, line);
	strbuf_printf(title, "%s: ", line);

	/* The formulas by the family's names for them. */
	strbuf fl = { 0 };
	char *rest = forms;
	for (int i = 0; f && i < f->nformulas; i++) {
		char *sep = i + 1 < f->nformulas ? strstr(rest, " ; ") : NULL;
		if (sep)
			*sep = '\0';
		strbuf_printf(&fl, "%s%s = %s", i ? ";   " : "",
			      f->formulas[i], rest);
		if (!sep)
			break;
		rest = sep + 3;
	}
	if (!fl.s)
		strbuf_printf(&fl, "%s", forms);
	set_font(F, 13, 0);
	rgb(F, palette[0]);
	text(F, MARGIN, MARGIN + 34, -1, w - 2 * MARGIN, fl.s);
	strbuf_printf(title, "%s", fl.s);
	free(fl.s);

	if (S->running)
		snprintf(line, sizeof line, "running: %.0f%% of %d experiments "
			 "done, %.1f s", 100 * S->progress, S->experiments,
			 S->seconds);
	else if (S->status == E2L_OK)
		snprintf(line, sizeof line, "fitness %.4g (%s over %d "
			 "experiments; mean %.4g, SD %.4g; %.2f s)", S->fitness,
			 f && f->aggregate_min ? "minimum" : "mean",
			 S->experiments, S->mean, S->sd, S->seconds);
	else
		snprintf(line, sizeof line, "%s", S->status == E2L_ESTOPPED ?
			 "stopped before it finished" : S->message);
	/* Which experiment the panels show, always said. */
	char which[160];
	live_which(S, "\u00b1", which, sizeof which);
	snprintf(line + strlen(line), sizeof line - strlen(line),
		 "   panels: %s", which);
	if (S->follow != LIVE_MEAN && S->view->score && S->ntrials > 0)
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 ": %d trials, %.0f%% right, %s %+.0f", S->ntrials,
			 100.0 * S->correct / S->ntrials, S->view->score,
			 S->total);
	grey(F, 0.15);
	set_font(F, 10, 0);
	text(F, MARGIN, MARGIN + 50, -1, w - 2 * MARGIN, line);
	if (f && f->fitness.what) {
		char what[400];
		snprintf(what, sizeof what, "fitness: %s%s%s%s. Update: %s.",
			 f->fitness.what, f->fitness.unit && *f->fitness.unit ?
			 " (" : "", f->fitness.unit ? f->fitness.unit : "",
			 f->fitness.unit && *f->fitness.unit ? ")" : "",
			 f->update ? f->update : "");
		grey(F, 0.4);
		set_font(F, 9, 0);
		text_wrap(F, MARGIN, MARGIN + 64, w - 2 * MARGIN, 11, 2, what);
	}
}

enum { HEADER_H = MARGIN + 84 };

/* ---- Drawing and saving ----------------------------------------------------------- */

/* The page: its size for S's view (kind NULL) or one panel. */
static void page_size(const live_snapshot *S, const fig_panel *kind,
		      double *w, double *h)
{
	if (kind) {
		*w = PANEL_W;
		*h = HEADER_H + ALONE_H + MARGIN;
		return;
	}
	double y = HEADER_H;
	int beside = 0;
	for (const fig_panel *p = fig_panels; p < fig_panels + NKINDS; p++)
		if (p->beside)
			beside += p->count(S->view);
		else
			y += p->count(S->view) * (FULL_H + 12);
	*w = PAGE_W;
	*h = y + (beside + 1) / 2 * (BESIDE_H + 12) + MARGIN;
}

static void draw_page(fig *F, const live_snapshot *S, const fig_panel *kind,
		      int index, double w, double h, strbuf *title)
{
	grey(F, 1);
	cairo_rectangle(F->cr, 0, 0, w, h);
	cairo_fill(F->cr);
	draw_header(F, S, w, title);
	if (kind) {
		kind->draw(F, S, index, (box){ MARGIN, HEADER_H, w - 2 * MARGIN,
					       ALONE_H });
		return;
	}
	double y = HEADER_H, cw = (w - 2 * MARGIN - 16) / 2;
	int col = 0;
	for (const fig_panel *p = fig_panels; p < fig_panels + NKINDS; p++)
		for (int i = 0, c = p->count(S->view); i < c; i++) {
			if (!p->beside) {
				p->draw(F, S, i, (box){ MARGIN, y,
						       w - 2 * MARGIN, FULL_H });
				y += FULL_H + 12;
				continue;
			}
			p->draw(F, S, i, (box){ MARGIN + col * (cw + 16), y,
					       cw, BESIDE_H });
			if (++col == 2) {
				col = 0;
				y += BESIDE_H + 12;
			}
		}
}

/* XML text: &, < and > escaped (the text is clean UTF-8 already). */
static void xml_text(strbuf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '&')
			strbuf_printf(b, "&amp;");
		else if (*s == '<')
			strbuf_printf(b, "&lt;");
		else if (*s == '>')
			strbuf_printf(b, "&gt;");
		else
			strbuf_put(b, s, 1);
}

/* Cairo's SVG with a <title> and a <desc> (every text drawn) after the
 * <svg> start tag; NULL if there is none (not cairo's output). */
static char *svg_with_text(const strbuf *svg, const char *title,
			   const char *texts, size_t *len)
{
	const char *tag = svg->s ? strstr(svg->s, "<svg") : NULL;
	const char *end = tag ? strchr(tag, '>') : NULL;
	if (!end)
		return NULL;
	strbuf b = { 0 };
	strbuf_put(&b, svg->s, (size_t)(end + 1 - svg->s));
	strbuf_printf(&b, "\n<title>");
	xml_text(&b, title);
	strbuf_printf(&b, "</title>\n<desc>");
	xml_text(&b, texts);
	strbuf_printf(&b, "</desc>");
	strbuf_put(&b, end + 1, svg->len - (size_t)(end + 1 - svg->s));
	*len = b.len;
	return b.s;
}

e2l_status figure_save(const live_snapshot *S, const char *path,
		       const char *panel, e2l_error *err)
{
	fig_format fmt;
	const fig_panel *kind = NULL;
	int index = 0;
	e2l_status st = figure_check(path, panel, S->view, err);
	if (st != E2L_OK)
		return st;
	format_of(path, &fmt);
	if (panel)
		find_panel(S->view, panel, &kind, &index);

	double w, h;
	page_size(S, kind, &w, &h);
	strbuf out = { 0 }, title = { 0 };
	fig F = { 0 };
	cairo_surface_t *s;
	if (fmt == FMT_SVG)
		s = cairo_svg_surface_create_for_stream(to_strbuf, &out, w, h);
	else if (fmt == FMT_PDF)
		s = cairo_pdf_surface_create_for_stream(to_strbuf, &out, w, h);
	else
		s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
					       (int)ceil(w * PNG_SCALE),
					       (int)ceil(h * PNG_SCALE));
	F.cr = cairo_create(s);
	if (fmt == FMT_PNG)
		cairo_scale(F.cr, PNG_SCALE, PNG_SCALE);
	draw_page(&F, S, kind, index, w, h, &title);
	/* The title as the figure's metadata: clean, as its drawn text. */
	char *clean = xmalloc(title.len + 6);
	clean_utf8(title.s ? title.s : "", clean, title.len + 6);
	cairo_status_t cs = cairo_status(F.cr);
	cairo_destroy(F.cr);
	if (fmt == FMT_PDF && cs == CAIRO_STATUS_SUCCESS) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
					       clean);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
					       "e2l");
	}
	if (fmt == FMT_PNG && cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_write_to_png_stream(s, to_strbuf, &out);
	cairo_surface_finish(s);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(s);
	cairo_surface_destroy(s);

	char *data = out.s;
	size_t len = out.len;
	if (cs == CAIRO_STATUS_SUCCESS && fmt == FMT_SVG) {
		data = svg_with_text(&out, clean, F.text.s ? F.text.s : "",
				     &len);
		if (!data)
			cs = CAIRO_STATUS_WRITE_ERROR;
	}
	if (cs != CAIRO_STATUS_SUCCESS)
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: cannot draw the figure "
			      "(cairo: %s)", path, cairo_status_to_string(cs));
	else
		st = e2l_write_atomic(path, data ? data : "", len, err);
	if (data != out.s)
		free(data);
	free(out.s);
	free(title.s);
	free(clean);
	free(F.text.s);
	return st;
}

e2l_status figure_save_run(live_run *L, const char *path, const char *panel,
			   e2l_error *err)
{
	if (!L)
		return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "%s: no run to draw "
				"yet (`run RULE` first)", path);
	live_snapshot *S = xmalloc(sizeof *S);
	live_copy(L, S);
	e2l_status st = figure_save(S, path, panel, err);
	free(S);
	return st;
}

e2l_status figure_run(const char *path, const char *panel,
		      const task_config *cfg, const task_rule *rule,
		      uint64_t seed, const task_result *res, e2l_error *err)
{
	const task_family *f = cfg->family;
	e2l_status st = figure_check(path, panel, &f->view, err);
	if (st != E2L_OK)
		return st;
	char *texts[2] = { NULL, NULL };
	for (int i = 0; i < f->nformulas; i++)
		texts[i] = expr_print(rule->formula[i], EXPR_INFIX);
	/* A rule typed as a formula is named by it: the title shows it
	 * once (draw_header). */
	strbuf name = { 0 };
	if (rule->source)
		strbuf_printf(&name, "%s", rule->name);
	else if (f->nformulas == 2)
		strbuf_printf(&name, "%s ; %s", texts[0], texts[1]);
	else
		strbuf_printf(&name, "%s", texts[0]);
	/* Experiment k's streams depend on (seed, k) alone, so experiment 0
	 * run alone is experiment 0 of the evaluation. */
	task_options opts = { .seed = seed, .experiments = 1, .threads = 1 };
	live_run *L = live_start(cfg, (const char *const *)texts, name.s,
				 &opts, err);
	free(name.s);
	free(texts[0]);
	free(texts[1]);
	if (!L)
		return err->status ? err->status : E2L_EINVALID;
	live_wait(L);
	live_snapshot *S = xmalloc(sizeof *S);
	live_copy(L, S);
	live_free(L);
	if (S->status != E2L_OK) {
		st = e2l_fail(err, S->status, 0, 0, "%s: %s", path, S->message);
	} else {
		S->fitness = res->fitness;
		S->mean = res->mean;
		S->sd = res->sd;
		S->experiments = res->n;
		S->seconds = res->seconds;
		st = figure_save(S, path, panel, err);
	}
	free(S);
	return st;
}
