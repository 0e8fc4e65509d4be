/*
 * test_canvas.c - the text-cell plots against known pictures: braille,
 * half-block and ASCII dot codes, clipping and glyph widths in text,
 * the shape and labels of a line chart, gaps for NaN, raster dots at
 * known spike times, sparklines, big digits, the degenerate sizes that
 * must draw little, and random plots that must keep to their regions.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../src/app/canvas.h"

/* Decodes the first code point of a cell (0 for an empty cell). */
static unsigned cell_cp(const textblock *tb, int r, int c)
{
	const unsigned char *s = (const unsigned char *)tb_at(tb, r, c)->s;

	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xE0) == 0xC0)
		return (s[0] & 0x1Fu) << 6 | (s[1] & 0x3F);
	if ((s[0] & 0xF0) == 0xE0)
		return (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 |
			(s[2] & 0x3F);
	return (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 |
		(s[2] & 0x3Fu) << 6 | (s[3] & 0x3F);
}

static int is_braille(unsigned cp)
{
	return cp >= 0x2800 && cp <= 0x28FF;
}

/* The whole block as tb_print writes it. */
static char *printed(const textblock *tb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tb_print(tb, f);
	fclose(f);
	return buf;
}

/* Whether row r of the block contains the text s (as printed). */
static int row_has(const textblock *tb, int r, const char *s)
{
	char line[1024] = "";
	size_t len = 0;

	for (int c = 0; c < tb->cols; c++) {
		const char *g = tb_at(tb, r, c)->s;
		if (len + strlen(g) + 1 < sizeof line) {
			strcpy(line + len, g);
			len += strlen(g);
		}
	}
	return strstr(line, s) != NULL;
}

static unsigned one_dot(glyphs g, int x, int y)
{
	textblock tb;
	canvas c;

	tb_init(&tb, 1, 1);
	canvas_init(&c, &tb, 0, 0, 1, 1, g);
	canvas_dot(&c, x, y, TB_SERIES1);
	canvas_flush(&c);
	unsigned cp = cell_cp(&tb, 0, 0);
	canvas_free(&c);
	tb_free(&tb);
	return cp;
}

static void test_dots(void)
{
	textblock tb;
	canvas c;

	CHECK(one_dot(GLYPHS_BRAILLE, 0, 0) == 0x2801, "%#x",
	      one_dot(GLYPHS_BRAILLE, 0, 0));
	CHECK(one_dot(GLYPHS_BRAILLE, 1, 3) == 0x2880, "%#x",
	      one_dot(GLYPHS_BRAILLE, 1, 3));
	CHECK(one_dot(GLYPHS_BRAILLE, 0, 3) == 0x2840, "%#x",
	      one_dot(GLYPHS_BRAILLE, 0, 3));
	CHECK(one_dot(GLYPHS_BRAILLE, 1, 0) == 0x2808, "%#x",
	      one_dot(GLYPHS_BRAILLE, 1, 0));
	CHECK(one_dot(GLYPHS_HALF, 0, 0) == 0x2580, "%#x",
	      one_dot(GLYPHS_HALF, 0, 0));
	CHECK(one_dot(GLYPHS_HALF, 0, 1) == 0x2584, "%#x",
	      one_dot(GLYPHS_HALF, 0, 1));
	CHECK(one_dot(GLYPHS_ASCII, 0, 0) == '\'', "%#x",
	      one_dot(GLYPHS_ASCII, 0, 0));
	CHECK(one_dot(GLYPHS_ASCII, 0, 1) == '.', "%#x",
	      one_dot(GLYPHS_ASCII, 0, 1));
	/* Out of range: nothing drawn, the cell stays a space. */
	CHECK(one_dot(GLYPHS_BRAILLE, 2, 0) == ' ', "x out of range");
	CHECK(one_dot(GLYPHS_BRAILLE, 0, -1) == ' ', "y out of range");
	CHECK(one_dot(GLYPHS_HALF, 0, 2) == ' ', "half y out of range");

	/* All eight dots, in two colours: the last writer colours it. */
	tb_init(&tb, 2, 3);
	canvas_init(&c, &tb, 1, 1, 1, 2, GLYPHS_BRAILLE);
	CHECK(canvas_w(&c) == 4 && canvas_h(&c) == 4, "%dx%d", canvas_w(&c),
	      canvas_h(&c));
	for (int y = 0; y < 4; y++)
		for (int x = 0; x < 2; x++)
			canvas_dot(&c, x, y, x ? TB_SERIES2 : TB_SERIES1);
	canvas_dot(&c, 2, 1, TB_GOOD);
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 1, 1) == 0x28FF, "%#x", cell_cp(&tb, 1, 1));
	CHECK(tb_at(&tb, 1, 1)->color == TB_SERIES2, "colour %d",
	      tb_at(&tb, 1, 1)->color);
	CHECK(cell_cp(&tb, 1, 2) == 0x2802, "%#x", cell_cp(&tb, 1, 2));
	CHECK(tb_at(&tb, 1, 2)->color == TB_GOOD, "colour");
	CHECK(cell_cp(&tb, 0, 1) == ' ' && cell_cp(&tb, 1, 0) == ' ',
	      "flush stays in the canvas");
	canvas_free(&c);

	/* Both half-block halves make a full block; ASCII a colon. */
	tb_clear(&tb);
	canvas_init(&c, &tb, 0, 0, 2, 3, GLYPHS_HALF);
	CHECK(canvas_w(&c) == 3 && canvas_h(&c) == 4, "half size");
	canvas_dot(&c, 0, 0, 1);
	canvas_dot(&c, 0, 1, 1);
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 0, 0) == 0x2588, "%#x", cell_cp(&tb, 0, 0));
	canvas_free(&c);
	canvas_init(&c, &tb, 0, 0, 2, 3, GLYPHS_ASCII);
	canvas_dot(&c, 1, 2, 1);
	canvas_dot(&c, 1, 3, 1);
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 1, 1) == ':', "%#x", cell_cp(&tb, 1, 1));
	canvas_free(&c);

	/* A canvas hanging off the block is clipped to it. */
	canvas_init(&c, &tb, 1, 2, 5, 5, GLYPHS_BRAILLE);
	CHECK(canvas_w(&c) == 2 && canvas_h(&c) == 4, "clipped %dx%d",
	      canvas_w(&c), canvas_h(&c));
	canvas_line(&c, -1000000, -5, 1000000, 2000000000, 1);
	canvas_flush(&c);
	canvas_free(&c);
	tb_free(&tb);
}

static void test_lines_raw(void)
{
	textblock tb;
	canvas c;

	/* A horizontal line across two braille cells fills their top
	 * rows: dots (0..3, 0) = 0x01|0x08 in each cell. */
	tb_init(&tb, 1, 2);
	canvas_init(&c, &tb, 0, 0, 1, 2, GLYPHS_BRAILLE);
	canvas_line(&c, 0, 0, 3, 0, 1);
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 0, 0) == 0x2809 && cell_cp(&tb, 0, 1) == 0x2809,
	      "%#x %#x", cell_cp(&tb, 0, 0), cell_cp(&tb, 0, 1));
	canvas_free(&c);

	/* A diagonal: (0,0) (1,1) in the first cell, (2,2) (3,3) in the
	 * second, where they are its dots (0,2) and (1,3). */
	tb_clear(&tb);
	canvas_init(&c, &tb, 0, 0, 1, 2, GLYPHS_BRAILLE);
	canvas_line(&c, 3, 3, 0, 0, 1);
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 0, 0) == 0x2811 && cell_cp(&tb, 0, 1) == 0x2884,
	      "%#x %#x", cell_cp(&tb, 0, 0), cell_cp(&tb, 0, 1));
	canvas_free(&c);

	/* Clipped: a line from far left to far right at y = 1 still
	 * draws exactly the visible row. */
	tb_clear(&tb);
	canvas_init(&c, &tb, 0, 0, 1, 2, GLYPHS_BRAILLE);
	canvas_line(&c, -2000000000, 1, 2000000000, 1, 1);
	canvas_line(&c, -5, -5, -1, 3, 1);      /* entirely outside */
	canvas_flush(&c);
	CHECK(cell_cp(&tb, 0, 0) == 0x2812 && cell_cp(&tb, 0, 1) == 0x2812,
	      "%#x %#x", cell_cp(&tb, 0, 0), cell_cp(&tb, 0, 1));
	canvas_free(&c);
	tb_free(&tb);
}

static void test_text(void)
{
	textblock tb;

	tb_init(&tb, 2, 5);
	CHECK(tb_text(&tb, 0, 2, TB_TITLE | TB_BOLD, "abcdef") == 3,
	      "clipped at the right edge");
	CHECK(!strcmp(tb_at(&tb, 0, 4)->s, "c"), "'%s'", tb_at(&tb, 0, 4)->s);
	CHECK(tb_at(&tb, 0, 2)->color == TB_TITLE && tb_at(&tb, 0, 2)->bold,
	      "colour and bold");
	CHECK(tb_at(&tb, 0, 1)->bold == 0, "untouched cell");
	/* Multibyte glyphs take one column each. */
	CHECK(tb_text(&tb, 1, 0, 0, "±µ→✓x") == 5, "five glyphs");
	CHECK(!strcmp(tb_at(&tb, 1, 1)->s, "µ"), "'%s'", tb_at(&tb, 1, 1)->s);
	CHECK(!strcmp(tb_at(&tb, 1, 4)->s, "x"), "'%s'", tb_at(&tb, 1, 4)->s);
	CHECK(tb_width("⠁▀─±µ→") == 6, "%d", tb_width("⠁▀─±µ→"));
	/* A wide glyph takes two columns and does not split at the edge. */
	CHECK(tb_width("日x") == 3, "%d", tb_width("日x"));
	CHECK(tb_text(&tb, 1, 3, 0, "日") == 2, "wide fits");
	CHECK(tb_at(&tb, 1, 4)->s[0] == '\0', "continuation cell");
	CHECK(tb_text(&tb, 0, 4, 0, "日") == 0, "wide does not fit");
	/* Overwriting half of it blanks the other half. */
	tb_text(&tb, 1, 4, 0, "y");
	CHECK(!strcmp(tb_at(&tb, 1, 3)->s, " "), "'%s'", tb_at(&tb, 1, 3)->s);
	/* Off the left edge and off the block. */
	CHECK(tb_text(&tb, 0, -2, 0, "xyz") == 1, "left clip");
	CHECK(!strcmp(tb_at(&tb, 0, 0)->s, "z"), "'%s'", tb_at(&tb, 0, 0)->s);
	CHECK(tb_text(&tb, 2, 0, 0, "a") == 0 && tb_text(&tb, -1, 0, 0, "a")
	      == 0, "rows outside");
	/* Bad bytes show as '?'. */
	tb_text(&tb, 0, 0, 0, "\xff\n");
	CHECK(!strcmp(tb_at(&tb, 0, 0)->s, "?") &&
	      !strcmp(tb_at(&tb, 0, 1)->s, "?"), "replacement");
	CHECK(tb_printf(&tb, 0, 0, 0, "%d%s", 42, "!") == 3, "printf");
	char *long_text = malloc(1001);
	memset(long_text, 'q', 1000);
	long_text[1000] = '\0';
	CHECK(tb_printf(&tb, 1, 0, 0, "%s", long_text) == 5, "long printf");
	free(long_text);
	tb_free(&tb);

	/* tb_print: exact text, trailing spaces trimmed, a wide glyph
	 * printed once. */
	tb_init(&tb, 3, 6);
	tb_text(&tb, 0, 0, 0, "ab");
	tb_text(&tb, 0, 4, 0, "c");
	tb_text(&tb, 2, 1, 0, "日⠿");
	char *s = printed(&tb);
	CHECK(!strcmp(s, "ab  c\n\n 日⠿\n"), "got [%s]", s);
	free(s);
	tb_free(&tb);

	tb_init(&tb, 0, 4);
	CHECK(tb.rows == 0 && tb_text(&tb, 0, 0, 0, "x") == 0, "empty block");
	s = printed(&tb);
	CHECK(!strcmp(s, ""), "empty print");
	free(s);
	tb_free(&tb);
}

static void test_num(void)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{ 216, "216" }, { 1500.5, "1.5e+03" }, { 1000, "1000" },
		{ 1e6, "1e+06" }, { 99999, "99999" }, { -12345, "-12345" },
		{ -0.25, "-0.25" }, { 0, "0" }, { -0.0, "0" }, { 10, "10" },
		{ 0.000123, "0.00012" },
		{ -1.5e300, "-2e+300" }, { 0, NULL },
	};
	char buf[8];

	for (size_t k = 0; cases[k].s; k++) {
		plot_num(buf, cases[k].v);
		CHECK(!strcmp(buf, cases[k].s), "%g: '%s'", cases[k].v, buf);
	}
	plot_num(buf, -1.7976931348623157e308);
	CHECK(strlen(buf) <= 7, "'%s'", buf);
	plot_num(buf, NAN);
	CHECK(strlen(buf) <= 7, "'%s'", buf);
}

/* The lowest dot (largest y sub-pixel) in a column of cells, or -1. */
static int lowest_dot(const textblock *tb, int row0, int rows, int col)
{
	static const unsigned char rowbits[4] = { 0x09, 0x12, 0x24, 0xC0 };
	int low = -1;

	for (int r = 0; r < rows; r++) {
		unsigned cp = cell_cp(tb, row0 + r, col);
		if (!is_braille(cp))
			continue;
		for (int y = 0; y < 4; y++)
			if ((cp - 0x2800) & rowbits[y])
				low = 4 * r + y;
	}
	return low;
}

/* The first column of the plot area: the one after the axis. */
static int plot_col(const textblock *tb, int row)
{
	for (int c = 0; c < tb->cols; c++)
		if (cell_cp(tb, row, c) == 0x2524 || cell_cp(tb, row, c) == '+')
			return c + 1;
	return -1;
}

static void test_plot_lines(void)
{
	double x[11], y[11];
	textblock tb;

	for (int k = 0; k <= 10; k++)
		x[k] = y[k] = k;
	plot_series s = { x, y, 11, 0, "y=x", PLOT_SOLID };
	plot_axes ax = { .title = "line", .xunit = "ms", .yunit = "mV",
			 .autoscale_x = 1, .autoscale_y = 1 };
	tb_init(&tb, 12, 40);
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, &s, 1, &ax);
	CHECK(row_has(&tb, 0, "line") && row_has(&tb, 0, "y=x"), "title");
	CHECK(row_has(&tb, 1, "10 ┤"), "top label 10");
	CHECK(row_has(&tb, 9, " 0 ┤"), "bottom label 0");
	CHECK(row_has(&tb, 5, "5 ┤"), "middle label 5");
	CHECK(row_has(&tb, 10, "mV └──"), "unit and baseline");
	CHECK(row_has(&tb, 11, "0") && row_has(&tb, 11, "10 ms"), "x labels");
	CHECK(tb_at(&tb, 0, 6)->color == TB_SERIES1, "legend colour");

	/* Rising left to right: the lowest dot per column never moves
	 * down, starts at the bottom and ends at the top. */
	int pc = plot_col(&tb, 1), prev = 1000, ok = 1, cols = 0;
	CHECK(pc > 0, "plot area at %d", pc);
	for (int c = pc; c > 0 && c < 40; c++) {
		int low = lowest_dot(&tb, 1, 9, c);
		if (low < 0)
			continue;
		cols++;
		if (low > prev)
			ok = 0;
		prev = low;
	}
	CHECK(ok && cols == 40 - pc, "monotone over %d columns", cols);
	CHECK(lowest_dot(&tb, 1, 9, pc) == 35, "starts at the bottom: %d",
	      lowest_dot(&tb, 1, 9, pc));
	CHECK(cell_cp(&tb, 1, 39) != ' ', "ends at the top");
	CHECK(tb_at(&tb, 5, 25)->color == TB_SERIES1 ||
	      cell_cp(&tb, 5, 25) == ' ', "series colour");

	/* NaN in the middle leaves a gap of empty columns. */
	double yn[11];
	for (int k = 0; k <= 10; k++)
		yn[k] = k >= 4 && k <= 6 ? NAN : 5;
	plot_series sn = { NULL, yn, 11, TB_SERIES3, NULL, PLOT_SOLID };
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, &sn, 1, &ax);
	pc = plot_col(&tb, 1);
	int w = 40 - pc, empty = 0, drawn = 0;
	for (int c = pc; c < 40; c++) {
		if (lowest_dot(&tb, 1, 9, c) < 0)
			empty++;
		else
			drawn++;
	}
	CHECK(empty >= w / 5 && drawn >= w / 2, "gap: %d empty, %d drawn",
	      empty, drawn);
	CHECK(lowest_dot(&tb, 1, 9, pc + w / 2) < 0, "gap in the middle");
	/* Constant data: the range widens around the value. */
	CHECK(row_has(&tb, 1, "5.5") && row_has(&tb, 9, "4.5"),
	      "widened range");

	/* Fixed axes and huge values: clipped, no crash. */
	double yh[3] = { -1e308, 1e308, 3 }, xh[3] = { 0, 1, 2 };
	plot_series sh = { xh, yh, 3, 0, "big", PLOT_SOLID };
	plot_axes fixed = { .title = "fixed", .ymin = 0, .ymax = 10,
			    .autoscale_x = 1 };
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_HALF, &sh, 1, &fixed);
	CHECK(row_has(&tb, 1, "10 ┤"), "fixed top");
	plot_axes autoy = fixed;
	autoy.autoscale_y = 1;
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_ASCII, &sh, 1, &autoy);
	CHECK(row_has(&tb, 1, "1e+308 +"), "huge top label");
	CHECK(row_has(&tb, 10, "+---"), "ASCII baseline");

	/* n = 0, one point, an empty series, tiny regions. */
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, NULL, 0, &ax);
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, &s, 1, NULL);
	plot_series one = { NULL, y + 3, 1, 0, "one", PLOT_SOLID };
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, &one, 1, &ax);
	int dots = 0;
	for (int r = 1; r < 10; r++)
		for (int c = 0; c < 40; c++)
			dots += is_braille(cell_cp(&tb, r, c));
	CHECK(dots == 1, "one point, one dot cell: %d", dots);
	plot_series none = { NULL, NULL, 0, 0, NULL, PLOT_SOLID };
	plot_lines(&tb, 0, 0, 12, 40, GLYPHS_BRAILLE, &none, 1, &ax);
	tb_free(&tb);

	tb_init(&tb, 1, 1);
	plot_lines(&tb, 0, 0, 1, 1, GLYPHS_BRAILLE, &s, 1, &ax);
	CHECK(!strcmp(tb_at(&tb, 0, 0)->s, "l"), "1x1: the title's start");
	tb_free(&tb);

	/* A region partly outside the block, and one 3 rows high: the
	 * title only, nothing beyond the region. */
	tb_init(&tb, 6, 20);
	plot_lines(&tb, 4, 10, 8, 30, GLYPHS_BRAILLE, &s, 1, &ax);
	plot_lines(&tb, 0, 0, 3, 20, GLYPHS_BRAILLE, &s, 1, &ax);
	CHECK(row_has(&tb, 0, "line"), "title");
	CHECK(cell_cp(&tb, 1, 3) == ' ' && cell_cp(&tb, 2, 3) == ' ',
	      "no plot in 3 rows");
	CHECK(cell_cp(&tb, 3, 15) == ' ', "nothing above the region");
	plot_lines(&tb, 2, 2, 0, 0, GLYPHS_BRAILLE, &s, 1, &ax);
	plot_lines(&tb, -5, -5, 3, 3, GLYPHS_BRAILLE, &s, 1, &ax);
	tb_free(&tb);
}

static void test_raster(void)
{
	textblock tb;
	/* 8 inputs and an output over 0..100 ms; the plot area is 50
	 * cells = 100 braille columns, one per ms. */
	int rows[] = { 0, 3, 4, 7, 8, 8, 99 };
	double t[] = { 0, 10.5, 21, 99.9, 50, 150, 5 };
	double marks[] = { 0, 50 };
	const char *notes[] = { "A ✓", "B ✗" };
	int colors[] = { TB_GOOD, TB_BAD };
	plot_raster_data r = {
		.title = "raster", .nrows = 9, .last_is_out = 1,
		.t0 = 0, .t1 = 100, .row = rows, .t = t, .n = 7,
		.marks = marks, .nmarks = 2, .notes = notes,
		.note_colors = colors,
	};

	tb_init(&tb, 10, 54);
	plot_raster(&tb, 0, 0, 10, 54, GLYPHS_BRAILLE, &r);
	/* Rows: 0 title, 1 notes, 2-4 inputs (2 for 8 neurons + 1
	 * blank), 5 output, 6 axis, 7 labels. */
	CHECK(row_has(&tb, 0, "raster"), "title");
	CHECK(row_has(&tb, 2, "in") && row_has(&tb, 5, "out"), "labels");
	CHECK(cell_cp(&tb, 2, 4) == 0x2801, "neuron 0 at 0 ms: %#x",
	      cell_cp(&tb, 2, 4));
	CHECK(cell_cp(&tb, 2, 9) == 0x2840, "neuron 3 at 10.5 ms: %#x",
	      cell_cp(&tb, 2, 9));
	CHECK(cell_cp(&tb, 3, 14) == 0x2808, "neuron 4 at 21 ms: %#x",
	      cell_cp(&tb, 3, 14));
	CHECK(cell_cp(&tb, 3, 53) == 0x2880, "neuron 7 at 99.9 ms: %#x",
	      cell_cp(&tb, 3, 53));
	CHECK(cell_cp(&tb, 5, 29) == 0x2847, "output at 50 ms: %#x",
	      cell_cp(&tb, 5, 29));
	CHECK(tb_at(&tb, 5, 29)->color == TB_SERIES2, "output colour");
	CHECK(tb_at(&tb, 2, 4)->color == TB_SERIES1, "input colour");
	int dots = 0;
	for (int rr = 0; rr < 10; rr++)
		for (int c = 0; c < 54; c++)
			dots += is_braille(cell_cp(&tb, rr, c));
	CHECK(dots == 5, "spikes outside the window dropped: %d", dots);
	CHECK(cell_cp(&tb, 4, 29) == 0x2502, "separator at 50 ms: %#x",
	      cell_cp(&tb, 4, 29));
	CHECK(cell_cp(&tb, 6, 29) == 0x2534, "tick at 50 ms");
	CHECK(row_has(&tb, 1, "A ✓") && row_has(&tb, 1, "B ✗"), "notes");
	int ca = -1;
	for (int c = 0; c < 54; c++)
		if (cell_cp(&tb, 1, c) == 'B')
			ca = c;
	CHECK(ca > 29 && tb_at(&tb, 1, ca)->color == TB_BAD,
	      "second note over the second trial at %d", ca);
	CHECK(row_has(&tb, 7, "0") && row_has(&tb, 7, "100 ms"), "ms axis");

	/* ASCII: one neuron per half cell. */
	plot_raster(&tb, 0, 0, 10, 54, GLYPHS_ASCII, &r);
	CHECK(cell_cp(&tb, 2, 4) == '\'', "ascii neuron 0: %c",
	      cell_cp(&tb, 2, 4));
	CHECK(cell_cp(&tb, 3, 9) == '.', "ascii neuron 3 at 10.5 ms");

	/* Too many neurons for the rows: they share sub-pixel rows. */
	r.nrows = 1000;
	r.last_is_out = 0;
	plot_raster(&tb, 0, 0, 10, 54, GLYPHS_BRAILLE, &r);
	r.title = NULL;
	r.notes = NULL;
	r.n = 0;
	plot_raster(&tb, 0, 0, 2, 54, GLYPHS_BRAILLE, &r);
	plot_raster(&tb, 0, 0, 10, 3, GLYPHS_BRAILLE, &r);
	r.nrows = 0;
	r.t0 = r.t1 = 5;
	plot_raster(&tb, 0, 0, 10, 54, GLYPHS_HALF, &r);
	plot_raster(&tb, 0, 0, 10, 54, GLYPHS_HALF, NULL);
	tb_free(&tb);

	tb_init(&tb, 1, 1);
	r.nrows = 9;
	r.title = "x";
	plot_raster(&tb, 0, 0, 1, 1, GLYPHS_BRAILLE, &r);
	CHECK(!strcmp(tb_at(&tb, 0, 0)->s, "x"), "1x1 raster: the title");
	tb_free(&tb);
}

/* Whether any row of the block contains s. */
static int block_has(const textblock *tb, const char *s)
{
	for (int r = 0; r < tb->rows; r++)
		if (row_has(tb, r, s))
			return 1;
	return 0;
}

/* The two ends of an axis never read the same when they differ: a
 * window late in a long run was labelled "2.5e+05 .. 2.5e+05 ms". */
static void test_axis_ends(void)
{
	textblock tb;
	plot_raster_data r = { .nrows = 2, .t0 = 250000.3, .t1 = 250200.7 };
	double x[] = { 250000.5, 250500.5 }, y[] = { 1, 2 };
	plot_series s = { .x = x, .y = y, .n = 2 };
	plot_axes ax = { .xunit = "ms", .autoscale_x = 1, .autoscale_y = 1 };

	tb_init(&tb, 8, 40);
	plot_raster(&tb, 0, 0, 8, 40, GLYPHS_ASCII, &r);
	CHECK(block_has(&tb, "250000 ") && block_has(&tb, "250201 ms"),
	      "raster ends");
	CHECK(!block_has(&tb, "e+05"), "no rounded ends");
	plot_lines(&tb, 0, 0, 8, 40, GLYPHS_ASCII, &s, 1, &ax);
	CHECK(block_has(&tb, "250000 ") && block_has(&tb, "250500 ms"),
	      "x axis ends");
	CHECK(!block_has(&tb, "e+05"), "no rounded ends");
	/* Short labels stay short where they already differ. */
	r.t0 = 0;
	r.t1 = 1500.5;
	plot_raster(&tb, 0, 0, 8, 40, GLYPHS_ASCII, &r);
	CHECK(block_has(&tb, " 1.5e+03 ms"), "short label kept");
	tb_free(&tb);
}

static void test_sparkline(void)
{
	static const char *const ramp8[] = { "▁", "▂", "▃", "▄", "▅", "▆",
					     "▇", "█" };
	double y[20];
	textblock tb;

	for (int k = 0; k < 20; k++)
		y[k] = k * k;
	tb_init(&tb, 2, 12);
	CHECK(plot_sparkline(&tb, 0, 1, 10, y, 20, GLYPHS_BRAILLE, 2) == 10,
	      "last 10 values");
	int prev = -1, ok = 1;
	for (int c = 1; c <= 10; c++) {
		int lev = -1;
		for (int k = 0; k < 8; k++)
			if (!strcmp(tb_at(&tb, 0, c)->s, ramp8[k]))
				lev = k;
		if (lev < prev)
			ok = 0;
		prev = lev;
	}
	CHECK(ok, "non-decreasing");
	CHECK(!strcmp(tb_at(&tb, 0, 1)->s, "▁") &&
	      !strcmp(tb_at(&tb, 0, 10)->s, "█"), "full scale");
	CHECK(tb_at(&tb, 0, 5)->color == 2, "colour");

	double ya[7] = { 0, 1, 2, NAN, 4, 5, 6 };
	plot_sparkline(&tb, 1, 0, 12, ya, 7, GLYPHS_ASCII, 0);
	char *s = printed(&tb);
	CHECK(!strstr(s, "?") && strstr(s, "\n_.- =*#\n"), "ascii [%s]", s);
	free(s);
	CHECK(plot_sparkline(&tb, 0, 0, 5, NULL, 0, GLYPHS_HALF, 0) == 0,
	      "empty");
	plot_sparkline(&tb, 1, 10, 30, y, 20, GLYPHS_HALF, 0);
	plot_sparkline(&tb, 5, -3, 30, y, 20, GLYPHS_HALF, 0);
	plot_sparkline(&tb, 0, -3, 5, y, 20, GLYPHS_HALF, 0);
	tb_free(&tb);
}

static void test_bigtext(void)
{
	textblock tb;

	tb_init(&tb, 3, 20);
	int w = plot_bigtext(&tb, 0, 0, "0.5", GLYPHS_HALF, TB_TITLE);
	CHECK(w == 3 + 1 + 1 + 1 + 3, "width %d", w);
	char *s = printed(&tb);
	CHECK(!strcmp(s, "█▀█   █▀▀\n"
		      "█ █   ▀▀█\n"
		      "▀▀▀ ▀ ▀▀▀\n"), "got\n%s", s);
	free(s);
	tb_clear(&tb);
	w = plot_bigtext(&tb, 0, 0, "-1e+3", GLYPHS_ASCII, 0);
	s = printed(&tb);
	CHECK(!strcmp(s, "         _       _\n"
		      " _    | |_  _|_  _|\n"
		      "      | |_   |   _|\n"), "got\n%s", s);
	free(s);
	CHECK(w == 19, "width %d", w);
	/* Clipped at the edges. */
	plot_bigtext(&tb, 1, 15, "888", GLYPHS_BRAILLE, 0);
	plot_bigtext(&tb, -1, -2, "9?", GLYPHS_BRAILLE, 0);
	CHECK(plot_bigtext(&tb, 0, 0, "", GLYPHS_BRAILLE, 0) == 0, "empty");
	tb_free(&tb);
}

/* A small deterministic generator, so a failure can be replayed. */
static unsigned long rnd_state = 88172645463325252UL;

static int rnd(int n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (int)(rnd_state % (unsigned long)n);
}

static double rnd_value(void)
{
	static const double odd[] = { NAN, INFINITY, -INFINITY, 1e308,
				      -1e308, 5e-324, 0 };

	if (rnd(6) == 0)
		return odd[rnd(7)];
	return (rnd(2001) - 1000) * (rnd(2) ? 1e-3 : 10.0);
}

/*
 * Plots of random data into random regions (some hanging off the
 * block, some tiny) of a block filled with 'Z': every cell outside the
 * region must still be a 'Z' afterwards.
 */
static void test_regions(void)
{
	double x[64], y[64], t[64];
	int rows[64], bad = 0;
	textblock tb;

	tb_init(&tb, 16, 40);
	for (int iter = 0; iter < 3000; iter++) {
		int r0 = rnd(20) - 2, c0 = rnd(46) - 3;
		int nr = rnd(18), nc = rnd(45), n = rnd(64);
		glyphs g = (glyphs)rnd(3);
		for (int k = 0; k < n; k++) {
			x[k] = rnd(4) ? k : rnd_value();
			y[k] = rnd_value();
			t[k] = rnd(4) ? rnd(1200) - 100 : rnd_value();
			rows[k] = rnd(40) - 5;
		}
		for (int i = 0; i < tb.rows * tb.cols; i++)
			strcpy(tb.cells[i].s, "Z");
		plot_series s[2] = { { rnd(2) ? x : NULL, y, n, 0, "a",
				       rnd(4) },
				     { x, y, n / 2, TB_BAD, "bb", rnd(4) } };
		plot_axes ax = { .title = "random",
				 .yunit = rnd(2) ? "mV" : "a long unit µ",
				 .xunit = "ms", .ymin = rnd_value(),
				 .ymax = rnd_value(), .autoscale_y = rnd(2),
				 .autoscale_x = 1 };
		double marks[3] = { rnd_value(), 300, rnd(1000) };
		const char *notes[3] = { "A ✓", NULL, "日本" };
		plot_raster_data rd = {
			.title = rnd(2) ? "r" : NULL, .nrows = rnd(40),
			.last_is_out = rnd(2), .t0 = 0, .t1 = rnd(3) ? 1000 :
			rnd_value(), .row = rows, .t = t, .n = n,
			.marks = marks, .nmarks = rnd(4),
			.notes = rnd(2) ? notes : NULL,
		};
		switch (rnd(4)) {
		case 0:
			plot_lines(&tb, r0, c0, nr, nc, g, s, 2, &ax);
			break;
		case 1:
			plot_raster(&tb, r0, c0, nr, nc, g, &rd);
			break;
		case 2:
			nr = 1;
			plot_sparkline(&tb, r0, c0, nc, y, n, g, 1);
			break;
		default:
			nr = 3;
			nc = plot_bigtext(&tb, r0, c0, "-1.5e+3 x", g, 1);
			break;
		}
		for (int r = 0; r < tb.rows; r++)
			for (int c = 0; c < tb.cols; c++)
				if ((r < r0 || r >= r0 + nr || c < c0 ||
				     c >= c0 + nc) &&
				    strcmp(tb_at(&tb, r, c)->s, "Z"))
					bad++;
	}
	CHECK(bad == 0, "%d cells written outside their regions", bad);
	tb_free(&tb);
}


/* Lines in styles: a dashed flat line has gaps a solid one has not, a
 * bold one covers two sub-pixel rows in bold cells, a dotted one few
 * dots; the legend shows each style beside its label. */
static void test_styles(void)
{
	double x[2] = { 0, 1 }, y0[2] = { 0, 0 }, y1[2] = { 1, 1 };
	int cells[4], boldcells = 0;
	for (int st = PLOT_SOLID; st <= PLOT_BOLD; st++) {
		textblock tb;
		/* Two series so that the range is 0..1; the styled one at
		 * the top row of the plot. */
		plot_series s[2] = { { x, y0, 2, TB_SERIES2, "base",
				       PLOT_SOLID },
				     { x, y1, 2, TB_SERIES1, "line", st } };
		plot_axes ax = { .title = "t", .autoscale_x = 1,
				 .autoscale_y = 0, .ymin = 0, .ymax = 1 };
		tb_init(&tb, 8, 40);
		plot_lines(&tb, 0, 0, 8, 40, GLYPHS_BRAILLE, s, 2, &ax);
		cells[st] = 0;
		for (int c = 0; c < 40; c++) {
			unsigned cp = cell_cp(&tb, 1, c);
			cells[st] += is_braille(cp) && cp != 0x2800;
			boldcells += st == PLOT_BOLD && tb_at(&tb, 1, c)->bold;
		}
		const char *sample[] = { "── line", "·· line", "╌╌ line",
					 "━━ line" };
		CHECK(st == PLOT_SOLID ? !row_has(&tb, 0, "── base") :
		      row_has(&tb, 0, sample[st]) &&
		      row_has(&tb, 0, "── base"), "legend of style %d", st);
		tb_free(&tb);
	}
	CHECK(cells[PLOT_DASHED] > 0 && cells[PLOT_DASHED] < cells[PLOT_SOLID]
	      * 3 / 4, "dashed: %d cells of %d", cells[PLOT_DASHED],
	      cells[PLOT_SOLID]);
	CHECK(cells[PLOT_DOTTED] > 0 && cells[PLOT_DOTTED] <= cells[PLOT_SOLID],
	      "dotted: %d cells of %d", cells[PLOT_DOTTED], cells[PLOT_SOLID]);
	CHECK(boldcells > 0, "bold cells: %d", boldcells);
}

/* A raster in two bands with shaded stretches: the bands' labels in the
 * gutter, a divider between them, the shade in blank cells of the
 * stretch only, a bar and its label above. */
static void test_raster_bands(void)
{
	textblock tb;
	int rows[] = { 0, 4, 8 };          /* band 0, band 1, the output */
	double t[] = { 10, 10, 54 };
	int start[] = { 0, 4, 8 };
	const char *labels[] = { "pattern", "background" };
	double s0[] = { 50 }, s1[] = { 70 };
	plot_raster_data r = {
		.title = "raster", .nrows = 9, .last_is_out = 1,
		.t0 = 0, .t1 = 100, .row = rows, .t = t, .n = 3,
		.nbands = 2, .band_start = start, .band_labels = labels,
		.shade_t0 = s0, .shade_t1 = s1, .nshade = 1,
		.shade_label = "pat",
	};
	tb_init(&tb, 12, 61);
	plot_raster(&tb, 0, 0, 12, 61, GLYPHS_BRAILLE, &r);
	/* Rows: 0 title, 1 bar, 2 band 0, 3 divider, 4 band 1, 5 blank,
	 * 6 output, 7 axis; the gutter is 11 wide, 50 cells of 2 ms. */
	CHECK(row_has(&tb, 0, "raster"), "title");
	CHECK(row_has(&tb, 2, "pattern") && row_has(&tb, 4, "background") &&
	      row_has(&tb, 6, "out"), "band labels");
	CHECK(row_has(&tb, 3, "┄┄┄┄") && !row_has(&tb, 3, "░"), "divider");
	CHECK(is_braille(cell_cp(&tb, 2, 16)) && is_braille(cell_cp(&tb, 4,
	      16)), "a spike in each band at 10 ms");
	CHECK(row_has(&tb, 1, "pat") && row_has(&tb, 1, "▁"), "the bar");
	CHECK(cell_cp(&tb, 2, 11 + 30) == 0x2591 &&
	      cell_cp(&tb, 2, 11 + 20) == ' ', "shade at 60 ms, not at 40");
	CHECK(cell_cp(&tb, 6, 11 + 27) == 0x2847, "output at 54 ms: %#x",
	      cell_cp(&tb, 6, 11 + 27));
	CHECK(cell_cp(&tb, 6, 11 + 28) == 0x2591, "its row shaded too");
	tb_free(&tb);
}

int main(void)
{
	test_dots();
	test_lines_raw();
	test_text();
	test_num();
	test_plot_lines();
	test_raster();
	test_styles();
	test_raster_bands();
	test_axis_ends();
	test_sparkline();
	test_bigtext();
	test_regions();
	return check_done("test_canvas");
}
