/*
 * canvas.h - plots drawn into a grid of text cells, for the full-screen
 * views and for batch mode alike (see canvas.c).
 *
 * Nothing here knows about curses: a plot fills a textblock, a grid of
 * cells each holding one glyph and a colour index; the view paints the
 * cells into a window with its own colour pairs, batch mode prints them
 * with tb_print().  Usage:
 *
 *	textblock tb;
 *	tb_init(&tb, 12, 60);
 *	plot_lines(&tb, 0, 0, 12, 60, GLYPHS_BRAILLE, series, 2, &axes);
 *	tb_print(&tb, stdout);
 *	tb_free(&tb);
 */
#ifndef E2L_CANVAS_H
#define E2L_CANVAS_H

#include <stdio.h>

/* Colour indices of cells; the view maps each to a colour pair. */
enum {
	TB_DEFAULT = 0,
	TB_AXIS,                 /* axes, ticks, separators: dim */
	TB_SERIES1,              /* series colours, in legend order */
	TB_SERIES2,
	TB_SERIES3,
	TB_SERIES4,
	TB_GOOD,                 /* green: a correct trial */
	TB_BAD,                  /* red: a wrong trial */
	TB_TITLE,
	TB_NCOLORS,
	TB_BOLD = 0x80           /* or'ed into a colour argument */
};

/*
 * One character cell: the UTF-8 text of one glyph and its colour.  A
 * double-width glyph occupies two cells; the second holds the empty
 * string and is skipped when painting.
 */
typedef struct {
	char s[5];
	unsigned char color;     /* TB_DEFAULT .. TB_NCOLORS-1 */
	unsigned char bold;
} tb_cell;

/* rows x cols cells, row-major; cell (r, c) is cells[r * cols + c]. */
typedef struct {
	int rows, cols;
	tb_cell *cells;
} textblock;

/* Allocates a block of spaces in TB_DEFAULT (an empty one if a size is
 * not positive); tb_free releases the cells. */
void tb_init(textblock *tb, int rows, int cols);
void tb_free(textblock *tb);
/* Resets every cell to a space in TB_DEFAULT. */
void tb_clear(textblock *tb);
/* The cell at (row, col), or NULL outside the block. */
tb_cell *tb_at(const textblock *tb, int row, int col);
/*
 * Writes one line of UTF-8 text at (row, col) in colour `color` (with
 * TB_BOLD or'ed in for bold), clipped at the block's edges.  Control
 * characters and invalid bytes show as '?', combining marks are
 * dropped.  Returns the number of columns written.
 */
int tb_text(textblock *tb, int row, int col, int color, const char *utf8);
int tb_printf(textblock *tb, int row, int col, int color, const char *fmt,
	      ...) __attribute__((format(printf, 5, 6)));
/* Display columns of UTF-8 text as tb_text would lay it out. */
int tb_width(const char *utf8);
/* Appends the block to f as rows lines, trailing spaces trimmed. */
void tb_print(const textblock *tb, FILE *f);

/* How sub-pixels become glyphs; every set has at least 2 per cell
 * vertically.  BRAILLE and HALF need a UTF-8 terminal. */
typedef enum {
	GLYPHS_BRAILLE,          /* 2x4 dots: U+2800 + mask */
	GLYPHS_HALF,             /* 1x2: ▀ ▄ █ */
	GLYPHS_ASCII             /* 1x2: ' . : */
} glyphs;

/*
 * A canvas is a region of a textblock addressed in sub-pixels, x to the
 * right and y down from the top-left corner.  Dots collect in a mask
 * per cell until canvas_flush() turns each non-empty mask into a glyph;
 * cells without dots keep what the block had, so text and dots mix.
 * A cell can show only one colour: the last dot drawn in it decides.
 *
 * The braille mask of one cell, dot (x, y) to bit:
 *
 *	        x=0   x=1
 *	y=0    0x01  0x08
 *	y=1    0x02  0x10
 *	y=2    0x04  0x20
 *	y=3    0x40  0x80
 *
 * so the glyph is U+2800 + mask.  HALF and ASCII use bit 0x01 for the
 * top sub-pixel and 0x02 for the bottom one.
 */
typedef struct {
	textblock *tb;
	int row, col;            /* top-left cell, within tb */
	int rows, cols;          /* size in cells, clipped to tb */
	glyphs g;
	int sx, sy;              /* sub-pixels per cell: 2x4 or 1x2 */
	unsigned char *mask;     /* rows * cols dot masks */
	unsigned char *color;    /* rows * cols colours of the last dot */
} canvas;

/* Sets up an empty canvas over cells (row, col) .. (row+rows-1,
 * col+cols-1) of tb, clipped to the block; canvas_free releases it. */
void canvas_init(canvas *c, textblock *tb, int row, int col, int rows,
		 int cols, glyphs g);
void canvas_free(canvas *c);
/* Size in sub-pixels. */
int canvas_w(const canvas *c);
int canvas_h(const canvas *c);
/* Sets the dot (x, y); points outside the canvas are ignored. */
void canvas_dot(canvas *c, int x, int y, int color);
/* A Bresenham line from (x0, y0) to (x1, y1), both ends included,
 * clipped to the canvas. */
void canvas_line(canvas *c, int x0, int y0, int x1, int y1, int color);
/* Writes the cells that have dots into the textblock. */
void canvas_flush(canvas *c);

/* The compact number format of axis labels: %g-like, at most 7
 * characters ("216", "1.5e+03", "-0.25").  buf holds at least 8. */
void plot_num(char *buf, double v);

/* How a series' line is drawn: told apart without colour.  When the
 * series of a chart differ in style, the legend shows each one's. */
enum {
	PLOT_SOLID,              /* ⠉⠉⠉⠉ */
	PLOT_DOTTED,             /* sparse dots */
	PLOT_DASHED,             /* ⠉ ⠉ ⠉: a target */
	PLOT_BOLD                /* doubled, in bold cells: a mean */
};

typedef struct {
	const double *x;         /* NULL: 0, 1, .., n-1 */
	const double *y;         /* non-finite values leave a gap */
	int n;
	int color;               /* 0: TB_SERIES1.. by position */
	const char *label;       /* legend text, or NULL */
	int style;               /* PLOT_SOLID (0), ... */
} plot_series;

typedef struct {
	const char *title;       /* may be NULL */
	const char *xunit, *yunit;   /* "ms", "mV"; may be NULL */
	double ymin, ymax;       /* used unless autoscale_y */
	int autoscale_y;         /* 1: the data's finite range */
	double xmin, xmax;       /* used unless autoscale_x */
	int autoscale_x;
} plot_axes;

/*
 * A line chart in the region (row, col, rows, cols) of tb:
 *
 *	title  label1  label2        (the legend, each in its colour)
 *	    216 ┤  ⢀⡠⠔⠊
 *	        │⡠⠊
 *	      0 ┤⠁
 *	     mV └──────
 *	        0     10 ms
 *
 * A region too small for a chart (under 4 rows or 12 columns) gets the
 * title only.
 */
void plot_lines(textblock *tb, int row, int col, int rows, int cols,
		glyphs g, const plot_series *s, int n, const plot_axes *ax);

typedef struct {
	const char *title;       /* may be NULL: no title row */
	int nrows;               /* neurons, drawn top to bottom */
	int last_is_out;         /* row nrows-1 is the output neuron: drawn
				  * on its own row at the bottom, TB_SERIES2 */
	double t0, t1;           /* time window, ms */
	const int *row;          /* spike i is neuron row[i] .. */
	const double *t;         /* .. at t[i], ms */
	int n;
	const double *marks;     /* trial start times, ms: a separator at
				  * each one inside (t0, t1) */
	int nmarks;
	const char *const *notes;    /* per trial ("A ✓"), or NULL; */
	const int *note_colors;      /* may be NULL: TB_DEFAULT */
	/* Input rows in bands (pattern inputs above background ones): band
	 * b is rows band_start[b] .. band_start[b + 1] - 1, drawn in text
	 * rows of its own under its label, a dotted divider between bands.
	 * nbands 0: one band, labelled "in". */
	int nbands;
	const int *band_start;       /* nbands + 1 entries */
	const char *const *band_labels;
	/* Stretches [shade_t0[i], shade_t1[i]) ms when something is on (a
	 * hidden pattern): the blank cells of the input and output rows in
	 * them are shaded, and a bar above the rows names them.  Not with
	 * notes (trials). */
	const double *shade_t0, *shade_t1;
	int nshade;
	const char *shade_label;
} plot_raster_data;

/*
 * A spike raster in the region: a title row, a row of trial notes or of
 * shaded stretches (if any), one sub-pixel row per input neuron (fewer if
 * they do not fit) band by band, the output neuron's row, and a time axis
 * in ms.  Sub-pixel column k
 * holds the spikes in [t0 + k dt, t0 + (k+1) dt) with dt = (t1 - t0) /
 * width; spikes outside the window or of unknown rows are ignored.
 */
void plot_raster(textblock *tb, int row, int col, int rows, int cols,
		 glyphs g, const plot_raster_data *r);

/* One row of the last `cols` values of y, scaled to their finite range:
 * eighth blocks ▁..█, or the ASCII ramp _.-=*#; gaps for non-finite
 * values.  Returns the columns written. */
int plot_sparkline(textblock *tb, int row, int col, int cols,
		   const double *y, int n, glyphs g, int color);

/* Text three rows tall for a projector: digits, . - + e E and space
 * (other characters show as blanks), drawn from a 3x5 pixel font in
 * half blocks, or as seven-segment strokes (| _) in ASCII, which read
 * better at that size than '#' blobs.  Returns the columns it spans. */
int plot_bigtext(textblock *tb, int row, int col, const char *text,
		 glyphs g, int color);

#endif
