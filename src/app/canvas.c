/*
 * canvas.c - text blocks, a sub-pixel canvas, and the plots the views
 * draw with them: line charts, spike rasters, sparklines, big digits.
 *
 * Everything lands in a textblock, a grid of one-glyph cells with a
 * colour index each, so that the same plot can be painted by the curses
 * views (tui.c, views.c) or printed by batch mode.  The one decision
 * that matters: no writer can reach outside its region.  Text is
 * clipped glyph by glyph against a column limit, lines are clipped to
 * the canvas before they are rasterised (so a value of 1e300 costs no
 * more than one in range), and each plot first clips its region to the
 * block.  The module keeps no state between calls.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/common.h"
#include "canvas.h"

/* ---- Text blocks ------------------------------------------------------ */

static void cell_blank(tb_cell *c)
{
	c->s[0] = ' ';
	c->s[1] = '\0';
	c->color = TB_DEFAULT;
	c->bold = 0;
}

void tb_init(textblock *tb, int rows, int cols)
{
	tb->rows = rows > 0 && cols > 0 ? rows : 0;
	tb->cols = rows > 0 && cols > 0 ? cols : 0;
	tb->cells = NULL;
	if (tb->rows) {
		tb->cells = xcalloc((size_t)tb->rows * tb->cols,
				    sizeof *tb->cells);
		tb_clear(tb);
	}
}

void tb_free(textblock *tb)
{
	free(tb->cells);
	tb->cells = NULL;
	tb->rows = tb->cols = 0;
}

void tb_clear(textblock *tb)
{
	for (long i = 0; i < (long)tb->rows * tb->cols; i++)
		cell_blank(&tb->cells[i]);
}

tb_cell *tb_at(const textblock *tb, int row, int col)
{
	if (row < 0 || row >= tb->rows || col < 0 || col >= tb->cols)
		return NULL;
	return &tb->cells[(long)row * tb->cols + col];
}

/*
 * Display width of a code point in the terminals we target: 0 for the
 * combining marks and zero-width characters (which we drop), 2 for East
 * Asian wide characters and emoji, 1 otherwise.  Everything the plots
 * use (braille, blocks, box drawing, ± µ → ✓ ✗) is 1.  The ranges are
 * a short subset of Unicode's tables, enough for labels people type.
 */
static int cp_width(unsigned cp)
{
	static const unsigned zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
		{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
		{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF },
		{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	};
	static const unsigned wide[][2] = {
		{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2705, 0x2705 },
		{ 0x270A, 0x270B }, { 0x2728, 0x2728 }, { 0x274C, 0x274C },
		{ 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
		{ 0x2795, 0x2797 }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 },
		{ 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
		{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 },
		{ 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 },
		{ 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
	};

	if (cp < 0x300)
		return 1;
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/*
 * Takes one glyph off *p into out (NUL-terminated UTF-8) and returns its
 * width.  Control characters and malformed sequences (overlong, stray
 * continuation bytes, surrogates, beyond U+10FFFF) come out as '?',
 * consuming one byte, so that bad input shows instead of vanishing.
 */
static int next_glyph(const char **p, char out[5])
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned cp, min;
	int len;

	if (s[0] < 0x80) {
		len = 1;
		cp = s[0];
		min = 0;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		goto bad;
	memcpy(out, s, len);
	out[len] = '\0';
	*p += len;
	return cp_width(cp);
bad:
	out[0] = '?';
	out[1] = '\0';
	*p += 1;
	return 1;
}

int tb_width(const char *utf8)
{
	char g[5];
	int w = 0;

	while (*utf8)
		w += next_glyph(&utf8, g);
	return w;
}

/*
 * Puts one glyph of width w (1 or 2) at (row, col), which the caller has
 * checked to be inside the block.  Overwriting either half of a wide
 * glyph blanks its other half, so no orphan half is left to misalign
 * the rest of the line when painted.
 */
static void put_glyph(textblock *tb, int row, int col, int w, int color,
		      const char *g)
{
	tb_cell *c = tb_at(tb, row, col);

	for (int k = 0; k < w; k++) {
		tb_cell *t = c + k;
		if (t->s[0] == '\0' && col + k > 0)
			cell_blank(t - 1);
		if (col + k + 1 < tb->cols && t[1].s[0] == '\0')
			cell_blank(t + 1);
	}
	if (color < 0)
		color = 0;
	strcpy(c->s, g);
	c->color = color & 0x7F;
	c->bold = (color & TB_BOLD) != 0;
	if (w == 2) {
		c[1].s[0] = '\0';
		c[1].color = c->color;
		c[1].bold = c->bold;
	}
}

/* tb_text with a column limit (exclusive): how plots keep to their
 * regions. */
static int text_n(textblock *tb, int row, int col, int limit, int color,
		  const char *s)
{
	char g[5];
	int n = 0;

	if (!s || row < 0 || row >= tb->rows)
		return 0;
	if (limit > tb->cols)
		limit = tb->cols;
	while (*s && col < limit) {
		int w = next_glyph(&s, g);
		if (w == 0)
			continue;
		if (col + w > limit)
			break;
		if (col >= 0) {
			put_glyph(tb, row, col, w, color, g);
			n += w;
		}
		col += w;
	}
	return n;
}

int tb_text(textblock *tb, int row, int col, int color, const char *utf8)
{
	return text_n(tb, row, col, INT_MAX, color, utf8);
}

int tb_printf(textblock *tb, int row, int col, int color, const char *fmt,
	      ...)
{
	char buf[256], *s = buf;
	va_list ap;
	int len, n;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (len < 0)
		return 0;
	if ((size_t)len >= sizeof buf) {
		s = xmalloc((size_t)len + 1);
		va_start(ap, fmt);
		vsnprintf(s, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	n = tb_text(tb, row, col, color, s);
	if (s != buf)
		free(s);
	return n;
}

void tb_print(const textblock *tb, FILE *f)
{
	for (int r = 0; r < tb->rows; r++) {
		const tb_cell *row = &tb->cells[(long)r * tb->cols];
		int end = tb->cols;

		while (end > 0 && (strcmp(row[end - 1].s, " ") == 0 ||
				   row[end - 1].s[0] == '\0'))
			end--;
		for (int c = 0; c < end; c++)
			fputs(row[c].s, f);
		fputc('\n', f);
	}
}

/* Fills a rectangle with blanks: each plot owns its region and starts
 * from a clean one. */
static void blank_rect(textblock *tb, int row, int col, int rows, int cols)
{
	for (int r = row; r < row + rows; r++)
		for (int c = col; c < col + cols; c++)
			put_glyph(tb, r, c, 1, TB_DEFAULT, " ");
}

/* Clips a region to the block; returns 0 when nothing is left. */
static int clip_region(const textblock *tb, int *row, int *col, int *rows,
		       int *cols)
{
	long r0 = *row, c0 = *col, r1 = r0 + *rows, c1 = c0 + *cols;

	if (r0 < 0)
		r0 = 0;
	if (c0 < 0)
		c0 = 0;
	if (r1 > tb->rows)
		r1 = tb->rows;
	if (c1 > tb->cols)
		c1 = tb->cols;
	if (r1 <= r0 || c1 <= c0)
		return 0;
	*row = r0;
	*col = c0;
	*rows = r1 - r0;
	*cols = c1 - c0;
	return 1;
}

/* ---- The canvas ------------------------------------------------------- */

static const unsigned char braille_bit[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 },
};

void canvas_init(canvas *c, textblock *tb, int row, int col, int rows,
		 int cols, glyphs g)
{
	c->tb = tb;
	c->g = g;
	c->sx = g == GLYPHS_BRAILLE ? 2 : 1;
	c->sy = g == GLYPHS_BRAILLE ? 4 : 2;
	c->mask = c->color = NULL;
	if (!clip_region(tb, &row, &col, &rows, &cols))
		row = col = rows = cols = 0;
	c->row = row;
	c->col = col;
	c->rows = rows;
	c->cols = cols;
	if (rows) {
		c->mask = xcalloc((size_t)rows * cols, 1);
		c->color = xcalloc((size_t)rows * cols, 1);
	}
}

void canvas_free(canvas *c)
{
	free(c->mask);
	free(c->color);
	c->mask = c->color = NULL;
	c->rows = c->cols = 0;
}

int canvas_w(const canvas *c)
{
	return c->cols * c->sx;
}

int canvas_h(const canvas *c)
{
	return c->rows * c->sy;
}

void canvas_dot(canvas *c, int x, int y, int color)
{
	if (x < 0 || y < 0 || x >= canvas_w(c) || y >= canvas_h(c))
		return;
	long i = (long)(y / c->sy) * c->cols + x / c->sx;
	int dx = x % c->sx, dy = y % c->sy;

	c->mask[i] |= c->g == GLYPHS_BRAILLE ? braille_bit[dy][dx] : 1 << dy;
	c->color[i] = color < 0 ? 0 : color;
}

/*
 * Clips the segment to the canvas rectangle in floating point (Liang and
 * Barsky's parametric method) and then rasterises only the visible part
 * with Bresenham.  Coordinates may be anything finite; plots pass data
 * mapped to pixels, which can be far off-canvas.
 */
/* Whether a line of `style` has a dot at sub-pixel (x, y): dashes by
 * column, so a flat target line reads as "⠉ ⠉ ⠉"; sparse dots along
 * the diagonals, so a dotted line stays dotted at any slope. */
static int style_dot(int style, int x, int y)
{
	switch (style) {
	case PLOT_DASHED:
		return x % 4 < 2;
	case PLOT_DOTTED:
		return (x + y) % 3 == 0;
	default:
		return 1;
	}
}

static void line_styled(canvas *c, double x0, double y0, double x1,
			double y1, int color, int style);

static void line_d(canvas *c, double x0, double y0, double x1, double y1,
		   int color)
{
	line_styled(c, x0, y0, x1, y1, color, PLOT_SOLID);
}

static void line_styled(canvas *c, double x0, double y0, double x1,
			double y1, int color, int style)
{
	double xmax = canvas_w(c) - 1, ymax = canvas_h(c) - 1;
	double dx = x1 - x0, dy = y1 - y0, u0 = 0, u1 = 1;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { x0, xmax - x0, y0, ymax - y0 };

	if (xmax < 0 || ymax < 0 || !isfinite(dx) || !isfinite(dy))
		return;
	/* Half a sub-pixel of slack, so that ends exactly on the border
	 * survive rounding error. */
	for (int k = 0; k < 4; k++) {
		double qk = q[k] + 0.5;
		if (p[k] == 0) {
			if (qk < 0)
				return;
		} else {
			double u = qk / p[k];
			if (p[k] < 0 && u > u0)
				u0 = u;
			else if (p[k] > 0 && u < u1)
				u1 = u;
		}
	}
	if (u0 > u1)
		return;

	int ax = (int)lround(fmin(fmax(x0 + u0 * dx, 0), xmax));
	int ay = (int)lround(fmin(fmax(y0 + u0 * dy, 0), ymax));
	int bx = (int)lround(fmin(fmax(x0 + u1 * dx, 0), xmax));
	int by = (int)lround(fmin(fmax(y0 + u1 * dy, 0), ymax));
	int sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
	int ex = abs(bx - ax), ey = -abs(by - ay), err = ex + ey;

	for (;;) {
		if (style_dot(style, ax, ay))
			canvas_dot(c, ax, ay, color);
		if (ax == bx && ay == by)
			break;
		int e2 = 2 * err;
		if (e2 >= ey) {
			err += ey;
			ax += sx;
		}
		if (e2 <= ex) {
			err += ex;
			ay += sy;
		}
	}
}

void canvas_line(canvas *c, int x0, int y0, int x1, int y1, int color)
{
	line_d(c, x0, y0, x1, y1, color);
}

/* The glyph for a cell's dot mask. */
static void mask_glyph(glyphs g, unsigned m, char out[5])
{
	static const char *const half[4] = { " ", "▀", "▄", "█" };
	static const char *const ascii[4] = { " ", "'", ".", ":" };

	if (g == GLYPHS_BRAILLE) {
		unsigned cp = 0x2800 + m;
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		out[3] = '\0';
	} else {
		strcpy(out, g == GLYPHS_HALF ? half[m & 3] : ascii[m & 3]);
	}
}

void canvas_flush(canvas *c)
{
	char g[5];

	for (int r = 0; r < c->rows; r++)
		for (int k = 0; k < c->cols; k++) {
			long i = (long)r * c->cols + k;
			if (!c->mask[i])
				continue;
			mask_glyph(c->g, c->mask[i], g);
			put_glyph(c->tb, c->row + r, c->col + k, 1,
				  c->color[i], g);
		}
}

/* ---- Scales and numbers ----------------------------------------------- */

void plot_num(char *buf, double v)
{
	static const char *const fmts[] = { "%.3g", "%.2g", "%.1g", "%.0e" };

	if (v == 0)
		v = 0;          /* no "-0" */
	/* Whole numbers below 10^5 exactly: "1000 ms" reads better than
	 * "1e+03 ms" and is shorter. */
	if (v == floor(v) && fabs(v) < 1e5) {
		snprintf(buf, 8, "%.0f", v);
		return;
	}
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		char tmp[32];
		int len = snprintf(tmp, sizeof tmp, fmts[k], v);
		if (len >= 0 && len <= 7) {
			memcpy(buf, tmp, (size_t)len + 1);
			return;
		}
	}
	/* Unreachable for doubles ("-1e+308" is 7), but stay in bounds. */
	snprintf(buf, 8, "%s", v < 0 ? "-big" : "big");
}

/*
 * The labels of one axis, v[0..n-1] in order along it, into lab[k]: as
 * plot_num writes each, unless that makes two neighbours that differ
 * look the same (2.5e+05 at both ends of a window 250000..250500 ms);
 * then with the fewest significant digits, up to 7, that tell every such
 * pair apart and keep each label within 7 characters.  Where none does,
 * plot_num's labels stand.
 */
static void plot_axis_nums(char (*lab)[8], const double *v, int n)
{
	int clash = 0;

	for (int k = 0; k < n; k++)
		plot_num(lab[k], v[k]);
	for (int k = 1; k < n; k++)
		clash |= v[k] != v[k - 1] && !strcmp(lab[k], lab[k - 1]);
	for (int digits = 4; clash && digits <= 7; digits++) {
		char tmp[8][32];
		int ok = n <= 8;
		for (int k = 0; ok && k < n; k++) {
			double x = v[k] == 0 ? 0 : v[k];     /* no "-0" */
			ok = snprintf(tmp[k], sizeof tmp[k], "%.*g", digits,
				      x) <= 7;
		}
		for (int k = 1; ok && k < n; k++)
			ok = v[k] == v[k - 1] || strcmp(tmp[k], tmp[k - 1]);
		if (!ok)
			continue;
		for (int k = 0; k < n; k++)
			memcpy(lab[k], tmp[k], strlen(tmp[k]) + 1);
		clash = 0;
	}
}

/*
 * Where v lies in [lo, hi] as a fraction, computed on halves so that a
 * range from -1e308 to 1e308 does not overflow, and limited to a band
 * around [0, 1] that keeps pixel coordinates finite and modest.
 */
static double frac(double v, double lo, double hi)
{
	double f = (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);

	if (f > 1e6)
		return 1e6;
	if (f < -1e6)
		return -1e6;
	return f;
}

/* Makes [*lo, *hi] a usable range: ordered, finite, not empty. */
static void fix_range(double *lo, double *hi)
{
	if (!isfinite(*lo) || !isfinite(*hi)) {
		*lo = 0;
		*hi = 1;
	}
	if (*lo > *hi) {
		double t = *lo;
		*lo = *hi;
		*hi = t;
	}
	if (!(*hi * 0.5 - *lo * 0.5 > 0)) {
		/* Ten per cent either side, or 1 around zero and values
		 * so small that ten per cent underflows; at the ends of
		 * the doubles only inward. */
		double d = fabs(*lo) * 0.1;
		if (!(d > 1e-300))
			d = 1;
		if (isfinite(*lo - d))
			*lo -= d;
		if (isfinite(*hi + d))
			*hi += d;
	}
}

/* ---- Line charts ------------------------------------------------------ */

static int series_color(const plot_series *s, int i)
{
	return s->color ? s->color : TB_SERIES1 + i % 4;
}

static double series_x(const plot_series *s, int k)
{
	return s->x ? s->x[k] : k;
}

/* The finite range of the data on one axis; 0 if there is none. */
static int data_range(const plot_series *s, int n, int want_y, double *lo,
		      double *hi)
{
	int any = 0;

	for (int i = 0; i < n; i++)
		for (int k = 0; s[i].y && k < s[i].n; k++) {
			double v = want_y ? s[i].y[k] : series_x(&s[i], k);
			if (!isfinite(v))
				continue;
			if (!any || v < *lo)
				*lo = v;
			if (!any || v > *hi)
				*hi = v;
			any = 1;
		}
	return any;
}

/*
 * Widens an automatic range outward to multiples of a tenth of its
 * order of magnitude (-215.98..216 becomes -220..220), so that the tick
 * labels, the middle one above all, are round numbers.
 */
static void round_range(double *lo, double *hi)
{
	double span = *hi - *lo;

	if (!isfinite(span) || !(span > 0))
		return;
	double step = pow(10, floor(log10(span)) - 1);
	/* The slack keeps 4.5 from becoming 4.4 when 4.5 / 0.1 comes out
	 * as 44.999..; a limit off by an ulp is harmless. */
	double a = floor(*lo / step + 1e-9) * step;
	double b = ceil(*hi / step - 1e-9) * step;
	if (isfinite(a) && isfinite(b) && a < b) {
		*lo = a;
		*hi = b;
	}
}

static void axis_range(const plot_series *s, int n, int want_y, int autoscale,
		       double lo, double hi, double *out_lo, double *out_hi)
{
	if (autoscale || !isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
		data_range(s, n, want_y, &lo, &hi);
		fix_range(&lo, &hi);
		/* Time runs to the data's end; values get round limits. */
		if (want_y)
			round_range(&lo, &hi);
	}
	fix_range(&lo, &hi);
	*out_lo = lo;
	*out_hi = hi;
}

static int finite_point(const plot_series *s, int k)
{
	return isfinite(s->y[k]) && isfinite(series_x(s, k));
}

/* Draws one series: segments between consecutive finite points, and a
 * lone dot for a finite point between gaps; in its style (a bold line
 * twice, a sub-pixel apart, in bold cells). */
static void draw_series(canvas *cv, const plot_series *s, int color,
			double xlo, double xhi, double ylo, double yhi)
{
	double W = canvas_w(cv) - 1, H = canvas_h(cv) - 1;
	int style = s->style;

	if (style == PLOT_BOLD) {
		plot_series up = *s;
		up.style = PLOT_SOLID;
		draw_series(cv, &up, color | TB_BOLD, xlo, xhi, ylo - (yhi - ylo) / H,
			    yhi - (yhi - ylo) / H);
		style = PLOT_SOLID;
		color |= TB_BOLD;
	}

	for (int k = 0; k < s->n; k++) {
		if (!finite_point(s, k))
			continue;
		double px = frac(series_x(s, k), xlo, xhi) * W;
		double py = (1 - frac(s->y[k], ylo, yhi)) * H;
		if (k + 1 < s->n && finite_point(s, k + 1)) {
			double qx = frac(series_x(s, k + 1), xlo, xhi) * W;
			double qy = (1 - frac(s->y[k + 1], ylo, yhi)) * H;
			line_styled(cv, px, py, qx, qy, color, style);
		} else if (k == 0 || !finite_point(s, k - 1)) {
			line_styled(cv, px, py, px, py, color, PLOT_SOLID);
		}
	}
}

/* A title in at most limit - col cells: cut at a word, with an ellipsis,
 * when it is longer.  Returns the cells used. */
static int title_n(textblock *tb, int row, int col, int limit,
		   const char *title, int utf)
{
	const int color = TB_TITLE | TB_BOLD;
	const char *more = utf ? "\u2026" : "...";
	/* Too narrow for a word and an ellipsis: as much as fits. */
	if (tb_width(title) <= limit - col || limit - col < 8)
		return text_n(tb, row, col, limit, color, title);
	char cut[256];
	snprintf(cut, sizeof cut, "%s", title);
	int room = limit - col - tb_width(more);
	for (size_t n = strlen(cut); n > 0; n--) {
		if (cut[n] != ' ' && cut[n] != '\0')
			continue;
		cut[n] = '\0';
		if (tb_width(cut) <= room && (n < 2 || cut[n - 1] != ','))
			break;
	}
	int w = text_n(tb, row, col, limit, color, cut);
	return w + text_n(tb, row, col + w, limit, color, more);
}

/* A few cells of a line in `style`, for a legend. */
static const char *style_sample(int style, int utf)
{
	static const char *const u[] = { "──", "··", "╌╌", "━━" };
	static const char *const a[] = { "--", "..", "- -", "==" };
	if (style < PLOT_SOLID || style > PLOT_BOLD)
		style = PLOT_SOLID;
	return utf ? u[style] : a[style];
}

void plot_lines(textblock *tb, int row, int col, int rows, int cols,
		glyphs g, const plot_series *s, int n, const plot_axes *ax)
{
	const int utf = g != GLYPHS_ASCII;
	const char *yunit = ax && ax->yunit ? ax->yunit : "";
	const char *xunit = ax && ax->xunit ? ax->xunit : "";
	char lab[3][8], buf[48];
	double xlo, xhi, ylo, yhi;

	if (!clip_region(tb, &row, &col, &rows, &cols))
		return;
	if (!s)
		n = 0;
	blank_rect(tb, row, col, rows, cols);

	/* The title line: the title, then each series' label in its
	 * colour, after a sample of its line when the lines differ in
	 * style, so that the legend reads without colour. */
	int end = col + cols, x = col, styled = 0;
	for (int i = 0; i < n; i++)
		styled |= s[i].style != s[0].style;
	/* The legend is what tells the lines apart: a long title gives way
	 * to it, cut short, rather than cutting it. */
	int legend = 0;
	for (int i = 0; i < n; i++)
		if (s[i].label)
			legend += 2 + tb_width(s[i].label) + (styled ?
				tb_width(style_sample(s[i].style, utf)) + 1 : 0);
	if (ax && ax->title) {
		int room = cols - legend;
		if (room <= cols / 3)
			room = cols / 3 + 1;
		x += title_n(tb, row, x, col + room, ax->title, utf);
	}
	/* Whole entries only: where the rest do not fit, "+N" says how
	 * many are left out. */
	int labels = 0;
	for (int i = 0; i < n; i++)
		labels += s[i].label != NULL;
	for (int i = 0; i < n; i++)
		if (s[i].label) {
			char more[16];
			int need = (x > col ? 2 : 0) + tb_width(s[i].label) +
				(styled ? tb_width(style_sample(s[i].style,
								utf)) + 1 : 0);
			snprintf(more, sizeof more, "  +%d", labels);
			int last = labels == 1;
			if (x + need + (last ? 0 : tb_width(more)) > end) {
				if (x + tb_width(more) <= end)
					text_n(tb, row, x, end, TB_AXIS, more);
				break;
			}
			labels--;
			x += x > col ? 2 : 0;
			if (styled) {
				x += text_n(tb, row, x, end,
					    series_color(&s[i], i),
					    style_sample(s[i].style, utf));
				x++;
			}
			x += text_n(tb, row, x, end, series_color(&s[i], i),
				    s[i].label);
		}
	if (rows < 4 || cols < 12)
		return;

	axis_range(s, n, 1, !ax || ax->autoscale_y, ax ? ax->ymin : 0,
		   ax ? ax->ymax : 1, &ylo, &yhi);
	axis_range(s, n, 0, !ax || ax->autoscale_x, ax ? ax->xmin : 0,
		   ax ? ax->xmax : 1, &xlo, &xhi);

	/* Layout: a gutter of labels, a space, the axis, the plot. */
	canvas cv;
	int sy = g == GLYPHS_BRAILLE ? 4 : 2;
	int prow = rows - 3, top = row + 1, base = row + rows - 2;
	int mid = (prow - 1) / 2;
	double H = prow * sy - 1;
	double yv[3] = {
		yhi, yhi - (mid * sy + (sy - 1) / 2.0) / H * (yhi - ylo), ylo
	};
	plot_axis_nums(lab, yv, 3);
	int lw = tb_width(yunit);
	for (int k = 0; k < 3; k++)
		if ((int)strlen(lab[k]) > lw)
			lw = strlen(lab[k]);
	if (lw > 10)
		lw = 10;
	int px = col + lw + 2, pw = cols - lw - 2;
	if (pw < 2)
		return;

	for (int r = 0; r < prow; r++) {
		int tick = r == 0 || r == prow - 1 || (r == mid && prow >= 5);
		const char *l = r == 0 ? lab[0] : r == prow - 1 ? lab[2] :
			lab[1];
		if (tick)
			text_n(tb, top + r, col + lw - (int)strlen(l), col + lw,
			       TB_AXIS, l);
		text_n(tb, top + r, col + lw + 1, end, TB_AXIS,
		       tick ? (utf ? "┤" : "+") : (utf ? "│" : "|"));
	}
	int uw = tb_width(yunit);
	text_n(tb, base, col + (uw < lw ? lw - uw : 0), col + lw, TB_AXIS,
	       yunit);
	text_n(tb, base, col + lw + 1, end, TB_AXIS, utf ? "└" : "+");
	for (int k = 0; k < pw; k++)
		text_n(tb, base, px + k, end, TB_AXIS, utf ? "─" : "-");

	/* x labels at both ends; the right one only if it does not run
	 * into the left one. */
	plot_axis_nums(lab, (const double[]){ xlo, xhi }, 2);
	int lend = px + text_n(tb, base + 1, px, end, TB_AXIS, lab[0]);
	snprintf(buf, sizeof buf, "%s%s%s", lab[1], *xunit ? " " : "", xunit);
	int rw = tb_width(buf);
	if (end - rw > lend)
		text_n(tb, base + 1, end - rw, end, TB_AXIS, buf);

	canvas_init(&cv, tb, top, px, prow, pw, g);
	for (int i = 0; i < n; i++)
		if (s[i].y)
			draw_series(&cv, &s[i], series_color(&s[i], i), xlo,
				    xhi, ylo, yhi);
	canvas_flush(&cv);
	canvas_free(&cv);
}

/* ---- Spike rasters ---------------------------------------------------- */

/* The sub-pixel column of time t, or -1 outside [t0, t1]. */
static int time_x(double t, double t0, double t1, int W)
{
	if (!isfinite(t) || t < t0 || t > t1)
		return -1;
	double f = frac(t, t0, t1) * W;
	int x = f >= W ? W - 1 : (int)f;
	return x < 0 ? 0 : x;
}

/* The text rows of each band of input rows (rb[b]) when `avail` rows
 * are left for them and the dividers between them: one sub-pixel row per
 * input where they fit, else shared in proportion, at least one each.
 * Returns the rows used, dividers included. */
static int band_rows(const int *nb, int nbands, int sy, int avail, int *rb)
{
	int want = nbands - 1, room = avail - (nbands - 1), total = 0;
	for (int b = 0; b < nbands; b++) {
		rb[b] = nb[b] > 0 ? (nb[b] + sy - 1) / sy : 1;
		want += rb[b];
		total += nb[b];
	}
	if (want > avail) {
		int used = 0;
		for (int b = 0; b < nbands; b++) {
			rb[b] = total > 0 ? (int)((long)room * nb[b] / total) :
				0;
			if (rb[b] < 1)
				rb[b] = 1;
			used += rb[b];
		}
		/* Rounding down leaves rows: to the bands that lost most. */
		for (int b = 0; used < room && b < nbands; b++, used++)
			rb[b]++;
		want = used + nbands - 1;
	}
	return want;
}

/* Whether time t lies in one of the shaded stretches. */
static int shaded(const plot_raster_data *r, double t)
{
	for (int i = 0; i < r->nshade; i++)
		if (t >= r->shade_t0[i] && t < r->shade_t1[i])
			return 1;
	return 0;
}

enum { RASTER_BANDS = 8 };

void plot_raster(textblock *tb, int row, int col, int rows, int cols,
		 glyphs g, const plot_raster_data *r)
{
	const int utf = g != GLYPHS_ASCII;
	int sy = g == GLYPHS_BRAILLE ? 4 : 2, sx = g == GLYPHS_BRAILLE ? 2 : 1;
	char lab[2][8], buf[48];

	if (!r || !clip_region(tb, &row, &col, &rows, &cols))
		return;
	blank_rect(tb, row, col, rows, cols);
	int end = col + cols, y = row;
	if (r->title)
		text_n(tb, y++, col, end, TB_TITLE | TB_BOLD, r->title);

	int has_notes = r->notes && r->nmarks > 0 && r->marks;
	int has_shade = !has_notes && r->nshade > 0 && r->shade_t0 &&
		r->shade_t1;
	int nout = r->last_is_out && r->nrows > 0 ? 1 : 0;
	int nin = r->nrows > nout ? r->nrows - nout : 0;
	int avail = rows - (y - row) - has_notes - has_shade - 2 - nout;
	/* The bands, and the gutter that holds their labels. */
	int nbands = r->nbands > 0 && r->band_start ? r->nbands : 1;
	if (nbands > RASTER_BANDS)
		nbands = RASTER_BANDS;
	int start[RASTER_BANDS + 1], nb[RASTER_BANDS], rb[RASTER_BANDS];
	int lw = 4;
	start[0] = 0;
	start[1] = nin;
	for (int b = 0; r->nbands > 0 && r->band_start && b <= nbands; b++)
		start[b] = r->band_start[b] < 0 ? 0 : r->band_start[b] > nin ?
			nin : r->band_start[b];
	for (int b = 0; b < nbands; b++) {
		nb[b] = start[b + 1] > start[b] ? start[b + 1] - start[b] : 0;
		const char *l = r->nbands > 0 && r->band_labels ?
			r->band_labels[b] : NULL;
		if (l && tb_width(l) + 1 > lw)
			lw = tb_width(l) + 1;
	}
	if (lw > 11)
		lw = 11;
	int pw = cols - lw;
	double t0 = r->t0, t1 = r->t1;
	if (avail < (nin > 0) + (nbands - 1) || pw < 2)
		return;
	fix_range(&t0, &t1);

	/* Input rows: one sub-pixel row per neuron when they fit, plus a
	 * blank row that sets the output neuron apart when there is room;
	 * otherwise the neurons share sub-pixel rows evenly. */
	int inrows = nin ? band_rows(nb, nbands, sy, avail, rb) : 0;
	if (nin && inrows + nout <= avail)
		inrows += nout;
	int notes_y = y, in_y = y + has_notes + has_shade;
	int out_y = in_y + inrows, base = out_y + nout;
	int W = pw * sx;
	/* Band b's first text row, from in_y. */
	int band_y[RASTER_BANDS];
	for (int b = 0, yy = 0; b < nbands; b++) {
		band_y[b] = yy;
		yy += rb[b] + 1;
	}

	canvas cv;
	canvas_init(&cv, tb, in_y, col + lw, inrows + nout, pw, g);
	for (int i = 0; r->row && r->t && i < r->n; i++) {
		int k = r->row[i], x = time_x(r->t[i], t0, t1, W);
		if (x < 0 || k < 0 || k >= r->nrows)
			continue;
		if (k < nin) {
			int b = 0;
			while (b + 1 < nbands && k >= start[b + 1])
				b++;
			if (k < start[b])
				continue;
			int p = k - start[b], H = rb[b] * sy;
			int yy = band_y[b] * sy + (nb[b] <= H ? p :
				 (int)((long)p * H / nb[b]));
			canvas_dot(&cv, x, yy, TB_SERIES1);
		} else {
			/* The output spike is a full-height tick: easy to
			 * see and not confused with an input dot. */
			int y0 = inrows * sy;
			canvas_line(&cv, x, y0, x, y0 + sy - 1, TB_SERIES2);
		}
	}
	canvas_flush(&cv);
	canvas_free(&cv);

	for (int b = 0; nin && b < nbands; b++) {
		const char *l = r->nbands > 0 && r->band_labels &&
			r->band_labels[b] ? r->band_labels[b] : "in";
		text_n(tb, in_y + band_y[b], col, col + lw - 1, TB_AXIS, l);
		/* The divider above every band but the first. */
		for (int k = 0; b > 0 && k < pw; k++)
			text_n(tb, in_y + band_y[b] - 1, col + lw + k, end,
			       TB_AXIS, utf ? "┄" : "-");
	}
	if (nout)
		text_n(tb, out_y, col, col + lw, TB_AXIS, "out");
	for (int k = 0; k < pw; k++)
		text_n(tb, base, col + lw + k, end, TB_AXIS, utf ? "─" : "-");

	/* Shaded stretches: a bar above the rows with the label, and a
	 * light shade in the blank cells of input and output rows (not
	 * the dividers), so no spike is hidden. */
	for (int k = 0; has_shade && k < pw; k++) {
		double a = t0 + (t1 - t0) * k / pw;
		double b = t0 + (t1 - t0) * (k + 1) / pw;
		/* A cell counts as on when its middle is. */
		if (!shaded(r, 0.5 * (a + b)))
			continue;
		text_n(tb, notes_y, col + lw + k, end, TB_AXIS,
		       utf ? "▁" : "_");
		for (int yy = in_y; utf && yy < base; yy++) {
			int divider = 0;
			for (int bb = 1; bb < nbands; bb++)
				divider |= yy == in_y + band_y[bb] - 1;
			tb_cell *c = tb_at(tb, yy, col + lw + k);
			if (!divider && c && strcmp(c->s, " ") == 0)
				put_glyph(tb, yy, col + lw + k, 1, TB_AXIS,
					  "░");
		}
	}
	/* The label over each stretch wide enough to hold it. */
	for (int i = 0; has_shade && r->shade_label && i < r->nshade; i++) {
		double a = fmax(r->shade_t0[i], t0), b = fmin(r->shade_t1[i], t1);
		if (!(b > a))
			continue;
		int ca = time_x(a, t0, t1, W) / sx, cb = time_x(b, t0, t1, W) / sx;
		int w = tb_width(r->shade_label);
		if (cb - ca >= w)
			text_n(tb, notes_y, col + lw + ca + (cb - ca - w) / 2,
			       end, TB_DEFAULT, r->shade_label);
	}

	/* Trial separators go into blank cells only, so no spike is
	 * hidden; then each trial's note, centred over its span. */
	for (int m = 0; m < r->nmarks && r->marks; m++) {
		double t = r->marks[m];
		if (!(t > t0 && t < t1))
			continue;
		int cx = col + lw + time_x(t, t0, t1, W) / sx;
		for (int yy = in_y; yy < base; yy++) {
			tb_cell *c = tb_at(tb, yy, cx);
			if (c && strcmp(c->s, " ") == 0)
				put_glyph(tb, yy, cx, 1, TB_AXIS,
					  utf ? "│" : "|");
		}
		text_n(tb, base, cx, end, TB_AXIS, utf ? "┴" : "+");
	}
	for (int m = 0; has_notes && m < r->nmarks; m++) {
		double a = fmax(r->marks[m], t0);
		double b = m + 1 < r->nmarks ? fmin(r->marks[m + 1], t1) : t1;
		const char *s = r->notes[m];
		if (!s || !(a < t1) || !(b > t0) || !(b > a))
			continue;
		int ca = time_x(a, t0, t1, W) / sx;
		int cb = time_x(b, t0, t1, W) / sx;
		int w = tb_width(s), at = ca + (cb - ca - w) / 2;
		if (at < ca)
			at = ca;
		text_n(tb, notes_y, col + lw + at, end,
		       r->note_colors ? r->note_colors[m] : TB_DEFAULT, s);
	}

	/* The time axis labels, in ms. */
	if (base + 1 < row + rows) {
		plot_axis_nums(lab, (const double[]){ t0, t1 }, 2);
		int lend = col + lw + text_n(tb, base + 1, col + lw, end,
					     TB_AXIS, lab[0]);
		snprintf(buf, sizeof buf, "%s ms", lab[1]);
		int rw = tb_width(buf);
		if (end - rw > lend)
			text_n(tb, base + 1, end - rw, end, TB_AXIS, buf);
	}
}

/* ---- Sparklines ------------------------------------------------------- */

int plot_sparkline(textblock *tb, int row, int col, int cols,
		   const double *y, int n, glyphs g, int color)
{
	static const char *const eighths[8] = {
		"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█",
	};
	static const char ramp[] = "_.-=*#";
	const int nlev = g == GLYPHS_ASCII ? (int)sizeof ramp - 1 : 8;
	int one = 1;

	if (cols <= 0 || !y || n <= 0)
		return 0;
	int first = n > cols ? n - cols : 0, count = n - first;
	double lo = 0, hi = 0;
	for (int k = first; k < n; k++)
		if (isfinite(y[k])) {
			if (one || y[k] < lo)
				lo = y[k];
			if (one || y[k] > hi)
				hi = y[k];
			one = 0;
		}

	for (int k = 0; k < count; k++) {
		double v = y[first + k];
		char g1[2] = { ' ', '\0' };
		const char *gl = g1;
		if (isfinite(v)) {
			/* Rounded, so the least and the greatest value
			 * get the end glyphs and the rest spread evenly. */
			int lev = hi > lo ?
				(int)lround(frac(v, lo, hi) * (nlev - 1)) :
				nlev / 2 - 1;
			if (g == GLYPHS_ASCII)
				g1[0] = ramp[lev];
			else
				gl = eighths[lev];
		}
		if (col + k >= 0)
			text_n(tb, row, col + k, col + k + 1, color, gl);
	}
	return count;
}

/* ---- Big text --------------------------------------------------------- */

/*
 * The projector font: each glyph as 3x5 pixels ('#' set), drawn two
 * pixel rows per text row in half blocks, and separately as ASCII
 * seven-segment strokes, three rows.  Both forms have the same width.
 */
static const struct {
	char ch;
	const char *px[5];
	const char *seg[3];
} bigfont[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" }, { " _ ", "| |", "|_|" } },
	{ '1', { " # ", "## ", " # ", " # ", "###" }, { "   ", "  |", "  |" } },
	{ '2', { "###", "  #", "###", "#  ", "###" }, { " _ ", " _|", "|_ " } },
	{ '3', { "###", "  #", " ##", "  #", "###" }, { " _ ", " _|", " _|" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" }, { "   ", "|_|", "  |" } },
	{ '5', { "###", "#  ", "###", "  #", "###" }, { " _ ", "|_ ", " _|" } },
	{ '6', { "###", "#  ", "###", "# #", "###" }, { " _ ", "|_ ", "|_|" } },
	{ '7', { "###", "  #", "  #", "  #", "  #" }, { " _ ", "  |", "  |" } },
	{ '8', { "###", "# #", "###", "# #", "###" }, { " _ ", "|_|", "|_|" } },
	{ '9', { "###", "# #", "###", "  #", "###" }, { " _ ", "|_|", " _|" } },
	{ '.', { " ", " ", " ", " ", "#" }, { " ", " ", "." } },
	{ '-', { "   ", "   ", "###", "   ", "   " }, { "   ", " _ ", "   " } },
	{ '+', { "   ", " # ", "###", " # ", "   " }, { "   ", "_|_", " | " } },
	{ 'e', { "###", "#  ", "###", "#  ", "###" }, { " _ ", "|_ ", "|_ " } },
	{ ' ', { "  ", "  ", "  ", "  ", "  " }, { "  ", "  ", "  " } },
};

/* The text for column k of glyph f in text row r. */
static void big_cell(size_t f, int r, int k, glyphs g, char out[5])
{
	static const char *const half[4] = { " ", "▀", "▄", "█" };

	if (g == GLYPHS_ASCII) {
		out[0] = bigfont[f].seg[r][k];
		out[1] = '\0';
		return;
	}
	int top = bigfont[f].px[2 * r][k] == '#';
	int bot = 2 * r + 1 < 5 && bigfont[f].px[2 * r + 1][k] == '#';
	strcpy(out, half[top | bot << 1]);
}

int plot_bigtext(textblock *tb, int row, int col, const char *text,
		 glyphs g, int color)
{
	const size_t nfont = sizeof bigfont / sizeof bigfont[0];
	char gl[5];
	int x = col;

	for (const char *p = text; p && *p; p++) {
		size_t f = nfont - 1;           /* ' ' for the unknown */
		char ch = *p == 'E' ? 'e' : *p;
		for (size_t k = 0; k < nfont; k++)
			if (bigfont[k].ch == ch)
				f = k;
		int w = strlen(bigfont[f].px[0]);
		if (p != text) {
			for (int r = 0; r < 3; r++)
				text_n(tb, row + r, x, x + 1, color, " ");
			x++;
		}
		for (int r = 0; r < 3; r++)
			for (int k = 0; k < w; k++) {
				big_cell(f, r, k, g, gl);
				text_n(tb, row + r, x + k, x + k + 1, color,
				       gl);
			}
		x += w;
	}
	return x - col;
}
