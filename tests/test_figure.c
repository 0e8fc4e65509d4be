/*
 * test_figure.c - figures (src/app/figure.c) from snapshots made by hand,
 * for every registered family: the panels' names, the checks on a path
 * and a panel, an empty run, a run that recorded hostile values (NaN,
 * infinities, the largest doubles, a constant far from 0), a trial ring
 * half refilled, the mean view's bands over such values, a stopped run;
 * each written as SVG, PDF and PNG, the PNG read back by cairo at the
 * expected size and not blank.
 * tests/figure.sh checks real runs with each format's own reader.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

#include "check.h"
#include "e2l/common.h"
#include "../src/app/figure.h"

/* Under LeakSanitizer (build-asan), what fontconfig keeps until exit is
 * its own, as tests/lsan-cairo.supp says for tests/figure.sh. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static char dir[] = "/tmp/e2l-test-figure.XXXXXX";

static char *path(const char *name)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

/* A snapshot of a finished run of family f with nothing recorded. */
static live_snapshot *empty(const task_family *f)
{
	live_snapshot *S = xcalloc(1, sizeof *S);
	snprintf(S->family, sizeof S->family, "%s", f->name);
	snprintf(S->task, sizeof S->task, "%s-test", f->name);
	if (f->nformulas == 2)
		snprintf(S->rule, sizeof S->rule, "pair: a ; b");
	else
		snprintf(S->rule, sizeof S->rule, "one: a*b");
	S->view = &f->view;
	S->experiments = 3;
	S->trial_ms = f->trial_param ? 500 : 0;
	for (int i = 0; i < LIVE_TRIALS; i++)
		S->trials[i].index = -1;
	return S;
}

/* Fills S as a run would, with values meant to break a plot: every
 * curve gets lines of NaN, infinities, the largest doubles and a
 * constant 1e15; spikes on every input; a trial ring whose oldest slot
 * holds a newer trial. */
static void hostile(live_snapshot *S)
{
	const task_view *V = S->view;
	static const double odd[] = { NAN, INFINITY, -INFINITY, 1.7e308,
				      -1.7e308, 1e15, 1e15, -0.0, 5e-324 };
	enum { NODD = sizeof odd / sizeof *odd };
	S->ninputs = 7;
	for (int c = 0; c < V->ncurves && S->nlines < LIVE_LINES; c++)
		for (int k = 0; k < TASK_CURVE_SERIES && V->curves[c].series[k].name
		     && S->nlines < LIVE_LINES; k++)
			for (int m = 0; m < 2 && S->nlines < LIVE_LINES; m++) {
				live_line *l = &S->lines[S->nlines++];
				l->curve = (short)c;
				l->series = (short)k;
				l->index = m;
				l->s.stride = 1;
				for (int p = 0; p < LIVE_POINTS; p++) {
					l->s.t[p] = m ? p : odd[p % NODD];
					l->s.y[p] = m ? 1e15 : odd[(p + 3) % NODD];
				}
				l->s.n = LIVE_POINTS;
			}
	for (long i = 0; i < 3 * LIVE_SPIKES / 2; i++) {
		long k = S->nspikes++ % LIVE_SPIKES;
		S->cwhich[k] = (short)(i % 8 - 1);      /* -1: the output */
		S->ct[k] = (double)i;
	}
	S->now = 3.0 * LIVE_SPIKES / 2;
	S->ntrials = 1000;
	for (int k = 1000 - LIVE_TRIALS; k <= 1000; k++) {
		live_trial *T = &S->trials[k % LIVE_TRIALS];
		T->index = k;
		T->label = k % 2 ? 1 : -1;
		T->decision = k % 3 ? 1 : -1;
		T->n = LIVE_TRIAL_SPIKES;
		for (int s = 0; s < T->n; s++) {
			T->which[s] = (short)(s % 8 - 1);
			T->t[s] = (float)(s % 600);   /* some past the trial */
		}
	}
	S->correct = 500;
	S->total = -12;
}

/* S as the mean view shows it: each line a mean with its SD band, the
 * SDs as hostile as the means (NaN, infinities, the largest doubles). */
static void mean_view(live_snapshot *S)
{
	static const double odd[] = { 1, NAN, INFINITY, -INFINITY, 1.7e308,
				      0, -1, 1e15 };
	enum { NODD = sizeof odd / sizeof *odd };
	S->follow = LIVE_MEAN;
	S->band_n = S->experiments;
	for (int i = 0; i < S->nlines; i++) {
		live_line *l = &S->lines[i];
		if (l->s.n > LIVE_BAND_POINTS)
			l->s.n = LIVE_BAND_POINTS;
		for (int p = 0; p < l->s.n; p++)
			l->sd[p] = odd[(p + i) % NODD];
	}
}

/* The PNG at path: cairo reads it, it has the size of a page, and some
 * pixels are not white. */
static void check_png(const char *p, const char *what)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(p);
	CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, "%s: %s", what,
	      cairo_status_to_string(cairo_surface_status(s)));
	if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
		int w = cairo_image_surface_get_width(s);
		int h = cairo_image_surface_get_height(s);
		int stride = cairo_image_surface_get_stride(s);
		const unsigned char *d = cairo_image_surface_get_data(s);
		long ink = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				const unsigned char *px = d + y * stride + 4 * x;
				ink += px[0] < 128 && px[1] < 128 && px[2] < 128;
			}
		CHECK(w >= 1000 && h >= 700, "%s: %dx%d", what, w, h);
		CHECK(ink > 1000, "%s: %ld dark pixels", what, ink);
	}
	cairo_surface_destroy(s);
}

static void test_names(const task_family *f)
{
	char names[FIGURE_PANELS][FIGURE_NAME];
	int n = figure_panels(&f->view, names, FIGURE_PANELS);
	int want = (f->view.raster != TASK_RASTER_NONE) + f->view.ncurves;
	CHECK(n == want, "%s: %d panels, not %d", f->name, n, want);
	if (f->view.raster != TASK_RASTER_NONE)
		CHECK(n > 0 && !strcmp(names[0], "raster"), "%s: %s", f->name,
		      names[0]);
	for (int i = 0; i < n; i++) {
		e2l_error err;
		CHECK(figure_check("x.svg", names[i], &f->view, &err) == E2L_OK,
		      "%s: %s", names[i], err.msg);
		for (const char *c = names[i]; *c; c++)
			CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
			      || *c == '-', "%s: '%c'", names[i], *c);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(names[i], names[j]), "%s twice", names[i]);
	}
	/* A curve by its title, in any case. */
	for (int c = 0; c < f->view.ncurves; c++) {
		char upper[FIGURE_NAME * 2];
		e2l_error err;
		snprintf(upper, sizeof upper, "%s", f->view.curves[c].title);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		CHECK(figure_check("x.pdf", upper, &f->view, &err) == E2L_OK,
		      "%s: %s", upper, err.msg);
	}
	/* Fewer slots than panels: no more than asked for. */
	CHECK(figure_panels(&f->view, names, 1) == (n > 0), "%s", f->name);
}

static void test_checks(const task_family *f)
{
	e2l_error err;
	CHECK(figure_check("a/b.SVG", NULL, &f->view, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(figure_check("b.Png", NULL, &f->view, &err) == E2L_OK, "%s",
	      err.msg);
	static const char *const bad[] = { "fig", "fig.jpg", "fig.svg.gz",
		"dir.svg/fig", "fig.", ".svg/x", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK(figure_check(bad[i], NULL, &f->view, &err) ==
		      E2L_EUNKNOWN, "'%s' accepted", bad[i]);
		CHECK(!strncmp(err.msg, bad[i], strlen(bad[i])) &&
		      strstr(err.msg, ".svg, .pdf or .png"), "%s", err.msg);
	}
	CHECK(figure_check("x.svg", "no-such-panel", &f->view, &err) ==
	      E2L_EUNKNOWN && strstr(err.msg, "no panel 'no-such-panel'") &&
	      strstr(err.msg, "(panels: "), "%s", err.msg);
	live_snapshot *S = empty(f);
	CHECK(figure_save(S, path("x.jpg"), NULL, &err) == E2L_EUNKNOWN,
	      "x.jpg");
	CHECK(access(path("x.jpg"), F_OK) != 0, "x.jpg written");
	free(S);
	CHECK(figure_save_run(NULL, "x.svg", NULL, &err) == E2L_EUNKNOWN &&
	      strstr(err.msg, "no run to draw yet"), "%s", err.msg);
}

/* S's view as SVG, PDF and PNG; with panels, each panel too (as PNG,
 * the format that rasterises every point). */
static void save_all(const live_snapshot *S, const char *what, int panels)
{
	static const char *const ext[] = { "svg", "pdf", "png" };
	char names[FIGURE_PANELS][FIGURE_NAME];
	int n = panels ? figure_panels(S->view, names, FIGURE_PANELS) : 0;
	for (int e = 0; e < 3; e++)
		for (int i = -1; i < (e == 2 ? n : 0); i++) {
			char file[128];
			e2l_error err;
			snprintf(file, sizeof file, "%s-%s.%s", what, i < 0 ?
				 "view" : names[i], ext[e]);
			e2l_status st = figure_save(S, path(file), i < 0 ? NULL :
						    names[i], &err);
			CHECK(st == E2L_OK, "%s: %s", file, err.msg);
			if (st == E2L_OK && e == 2)
				check_png(path(file), file);
			unlink(path(file));
		}
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	for (int i = 0; task_families[i]; i++) {
		const task_family *f = task_families[i];
		test_names(f);
		test_checks(f);
		live_snapshot *S = empty(f);
		save_all(S, "empty", 1);
		S->running = 1;
		S->progress = 0.5;
		save_all(S, "running", 0);
		S->running = 0;
		hostile(S);
		save_all(S, "hostile", 1);
		mean_view(S);
		save_all(S, "mean", 1);
		S->follow = 0;
		S->status = E2L_ESTOPPED;
		save_all(S, "stopped", 0);
		free(S);
	}
	CHECK(rmdir(dir) == 0, "%s is not empty: a file or temporary left",
	      dir);
	return check_done("test_figure");
}
