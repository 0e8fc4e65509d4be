/*
 * tui.c - the full-screen workbench: a live view over a console, a key
 * bar and a command line, in one terminal.
 *
 * This thread owns the terminal.  curses reads every byte and hands it
 * to GNU readline through the callback interface (rl_getc_function);
 * readline draws nothing itself: its redisplay hook marks the command
 * line dirty and the frame draws it.  Runs and evolutions work elsewhere
 * (a worker thread, child processes) and the view redraws from their
 * snapshots on a timer tick of FRAME_MS, so neither waits for the other.
 * Commands write into temporary files that the console shows: it keeps
 * their last CONSOLE_LINES lines as written and wraps them, between words
 * where it can, only when it draws them (a resize wraps anew); scrolled
 * back, it takes the screen.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <langinfo.h>
#include <math.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "term.h"
#include "cmd.h"
#include "tui.h"
#include "wb.h"

enum {
	FRAME_MS = 50,           /* input poll; the view redraws at most
				  * every REDRAW_MS */
	REDRAW_MS = 200,         /* 5 frames a second: live enough, and
				  * the simulation keeps its cores */
	CONSOLE_LINES = 5000,    /* the console's scrollback, lines ... */
	CONSOLE_BYTES = 4 << 20, /* ... and bytes, whichever comes first */
	CONSOLE_LINE_MAX = 64 << 10, /* one line's bytes; a longer is cut */
	MIN_ROWS = 12, MIN_COLS = 50
};

typedef struct {
	char *text;
	int error;
} console_line;

static struct {
	wb *W;
	int utf8, color;
	/* Input to readline: one byte at a time. */
	int pending, have_pending;
	/* What readline's line looks like, for the frame to draw. */
	int line_dirty;
	strbuf partial;          /* a formula continued over lines */
	/* The console: a ring of lines as the commands wrote them; they
	 * are wrapped at the screen width when drawn, so a resize
	 * wraps them anew. */
	console_line lines[CONSOLE_LINES];
	int nlines, first;       /* ring */
	size_t bytes;            /* their text, at most CONSOLE_BYTES */
	int scrolled;            /* scrolled back: it fills the screen */
	int back;                /* its screen rows below those shown */
	FILE *out, *err;
	/* The view. */
	enum { FOCUS_RUN, FOCUS_DASHBOARD } focus;
	int help;                /* the help overlay is open */
	int help_top;            /* its first line shown */
	const char *caption;     /* a lesson's caption, or NULL */
	int waiting_key;         /* `step`: the caption says Space goes on */
	int waiting_run;         /* `pause`: it says the lesson waits */
	char rule_line[2][512];  /* the current rule, raw and simplified */
	char hint[640];          /* what the name at the cursor means (F4),
				  * over the rule rows until the next key */
	live_snapshot *snap;
	unsigned long snap_version;
	double last_draw, last_tick;
	int dirty;
	int now_please;          /* draw at once: the person did something */
	char history[4096];
	int quit_asked;          /* Ctrl-D asked to be pressed again */
} T;

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/* ---- The console ------------------------------------------------------ */

/* Bytes of s (n bytes) that one screen row `width` columns wide takes:
 * at least one character, so that every row moves on.  A line too long
 * breaks after its row's last blank, where it has one past the row's
 * start, else mid-word; *show is the bytes to draw (the blanks at a
 * break left out).  Columns as curses draws them: a tab to the next stop
 * of 8, a control character as ^X. */
static size_t wrap_take(const char *s, size_t n, int width, size_t *show)
{
	mbstate_t st = { 0 };
	int cols = 0;
	size_t i = 0, brk = 0, brk_show = 0;
	while (i < n) {
		wchar_t wc;
		int w;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			wc = 0xfffd;
			k = 1;
			w = 1;
		} else if (k == 0) {
			k = 1;
			w = 0;
		} else if (wc == L'\t') {
			w = 8 - cols % 8;
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 2;
		}
		if (i > 0 && cols + w > width) {
			if (wc == L' ') {        /* the break is here */
				*show = i;
				while (i < n && s[i] == ' ')
					i++;
				return i;
			}
			if (brk_show > 0) {
				*show = brk_show;
				return brk;
			}
			break;
		}
		if (wc == L' ') {
			brk_show = i;
			brk = i + k;
		}
		cols += w;
		i += k;
	}
	*show = i;
	return i;
}

/* Screen rows a console line takes at `width` columns: 1 when empty. */
static int wrap_rows(const char *s, int width)
{
	size_t n = strlen(s), i = 0;
	int rows = 0;
	do {
		size_t show;
		i += wrap_take(s + i, n - i, width, &show);
		rows++;
	} while (i < n);
	return rows;
}

static void console_drop_oldest(void)
{
	console_line *l = &T.lines[T.first];
	T.bytes -= strlen(l->text);
	free(l->text);
	l->text = NULL;
	T.first = (T.first + 1) % CONSOLE_LINES;
	T.nlines--;
}

static void console_add(const char *text, size_t n, int error)
{
	char *line;
	if (n > CONSOLE_LINE_MAX) {
		/* Cut at a character's start, and say so. */
		size_t keep = CONSOLE_LINE_MAX;
		while (keep > 0 && ((unsigned char)text[keep] & 0xc0) == 0x80)
			keep--;
		strbuf b = { 0 };
		strbuf_printf(&b, "%.*s ... (%zu bytes more)", (int)keep,
			      text, n - keep);
		line = b.s;
	} else {
		line = xmalloc(n + 1);
		memcpy(line, text, n);
		line[n] = '\0';
	}
	size_t len = strlen(line);
	while (T.nlines > 0 && (T.nlines == CONSOLE_LINES ||
				T.bytes + len > CONSOLE_BYTES))
		console_drop_oldest();
	int k = (T.first + T.nlines) % CONSOLE_LINES;
	T.nlines++;
	T.lines[k].text = line;
	T.lines[k].error = error;
	T.bytes += len;
	/* Scrolled back, what the person reads stays in place. */
	if (T.scrolled && COLS > 0)
		T.back += wrap_rows(line, COLS);
	T.dirty = 1;
}

/* Moves what commands wrote into the console. */
static void console_take(FILE *f, int error)
{
	fflush(f);
	long n = ftell(f);
	if (n <= 0)
		return;
	char *buf = xmalloc((size_t)n + 1);
	rewind(f);
	size_t got = fread(buf, 1, (size_t)n, f);
	buf[got] = '\0';
	for (char *p = buf; *p;) {
		size_t len = strcspn(p, "\n");
		console_add(p, len, error);
		p += len + (p[len] == '\n');
	}
	free(buf);
	rewind(f);
	if (ftruncate(fileno(f), 0) != 0)
		console_add("(console: cannot truncate)", 26, 1);
}

static void take_output(void)
{
	console_take(T.out, 0);
	console_take(T.err, 1);
}

/* ---- Drawing ---------------------------------------------------------- */

static void init_colors(void)
{
	if (!T.color)
		return;
	start_color();
	use_default_colors();
	init_pair(TB_AXIS, COLOR_BLUE, -1);
	init_pair(TB_SERIES1, COLOR_CYAN, -1);
	init_pair(TB_SERIES2, COLOR_YELLOW, -1);
	init_pair(TB_SERIES3, COLOR_MAGENTA, -1);
	init_pair(TB_SERIES4, COLOR_GREEN, -1);
	init_pair(TB_GOOD, COLOR_GREEN, -1);
	init_pair(TB_BAD, COLOR_RED, -1);
	init_pair(TB_TITLE, -1, -1);
}

static attr_t attr_of(int color, int bold)
{
	attr_t a = bold ? A_BOLD : A_NORMAL;
	if (T.color)
		return a | (color > 0 && color < TB_NCOLORS ?
			    COLOR_PAIR(color) : 0);
	/* Monochrome: meaning from weight, never from colour alone. */
	if (color == TB_AXIS)
		a |= A_DIM;
	else if (color == TB_BAD || color == TB_TITLE)
		a |= A_BOLD;
	return a;
}

static void paint(const textblock *tb, int y0, int x0)
{
	for (int r = 0; r < tb->rows; r++) {
		move(y0 + r, x0);
		for (int c = 0; c < tb->cols; c++) {
			const tb_cell *cell = &tb->cells[r * tb->cols + c];
			if (!cell->s[0])
				continue;
			attrset(attr_of(cell->color, cell->bold));
			mvaddstr(y0 + r, x0 + c, cell->s);
		}
	}
	attrset(A_NORMAL);
}

/* Display columns of the first n bytes of s. */
static int columns(const char *s, size_t n)
{
	mbstate_t st = { 0 };
	int cols = 0;
	size_t i = 0;
	while (i < n) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			k = 1;
			cols++;
		} else if (k == 0) {
			k = 1;
		} else {
			int w = wcwidth(wc);
			cols += w < 0 ? 2 : w;
		}
		i += k;
	}
	return cols;
}

/* The command line: prompt and text, scrolled to keep the cursor in
 * view; leaves the cursor where readline's point is. */
static void draw_input(void)
{
	int y = LINES - 1;
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	int pw = columns(prompt, strlen(prompt));
	int cur = columns(line, (size_t)rl_point);
	int width = COLS - pw - 1, skip = 0;
	if (width < 1)
		width = 1;
	if (cur > width)
		skip = cur - width;
	move(y, 0);
	clrtoeol();
	attrset(A_BOLD);
	mvaddstr(y, 0, prompt);
	attrset(A_NORMAL);
	/* Skip `skip` columns of the line, then draw what fits. */
	const char *p = line;
	int c = 0;
	while (*p && c < skip) {
		int len = mblen(p, MB_CUR_MAX);
		if (len < 1)
			len = 1;
		c += columns(p, (size_t)len);
		p += len;
	}
	addnstr(p, (int)strlen(p));
	move(y, pw + cur - skip);
	T.line_dirty = 0;
}

static void draw_keybar(int y)
{
	move(y, 0);
	clrtoeol();
	int x = 0;
	for (const tui_key *k = tui_keys; k->name; k++) {
		if (!k->bar)
			continue;
		if (x + (int)strlen(k->name) + 1 + (int)strlen(k->bar) > COLS)
			break;
		attrset(A_BOLD);
		mvaddstr(y, x, k->name);
		x += (int)strlen(k->name);
		mvaddstr(y, x++, " ");
		attrset(A_REVERSE);
		mvaddstr(y, x, k->bar);
		x += (int)strlen(k->bar);
		attrset(A_NORMAL);
		mvaddstr(y, x, " ");
		x++;
	}
	attrset(A_REVERSE);
	for (; x < COLS; x++)
		mvaddch(y, x, ' ');
	attrset(A_NORMAL);
}

static void draw_help(void)
{
	int h = LINES - 4, w = COLS - 6;
	if (h < 5 || w < 30)
		return;
	/* The commands and the keys, from their tables; it scrolls. */
	strbuf b = { 0 };
	cmd_summary(&b);
	strbuf_printf(&b, "\nkeys:\n");
	for (const tui_key *k = tui_keys; k->name; k++)
		strbuf_printf(&b, "  %-19s %s\n", k->name, k->does);
	int n = 0, rows = h - 3;
	for (const char *p = b.s; *p; p++)
		n += *p == '\n';
	if (T.help_top > n - rows)
		T.help_top = n - rows;
	if (T.help_top < 0)
		T.help_top = 0;
	textblock tb;
	tb_init(&tb, h, w);
	const char *line = b.s;
	for (int i = 0; i < n; i++) {
		const char *end = strchr(line, '\n');
		if (i >= T.help_top && i < T.help_top + rows)
			tb_printf(&tb, 1 + i - T.help_top, 1, TB_DEFAULT,
				  "%.*s", (int)(end - line), line);
		line = end + 1;
	}
	free(b.s);
	tb_printf(&tb, h - 2, 1, TB_AXIS, "lines %d-%d of %d%s", T.help_top + 1,
		  T.help_top + rows < n ? T.help_top + rows : n, n,
		  n > rows ? "; PgUp/PgDn or Up/Down scroll" : "");
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int edge_y = y == 0 || y == h - 1;
			int edge_x = x == 0 || x == w - 1;
			tb_cell *cell = tb_at(&tb, y, x);
			/* The border, around the title. */
			if ((!edge_y && !edge_x) ||
			    (y == 0 && x > 0 && cell->s[0] != ' '))
				continue;
			snprintf(cell->s, sizeof cell->s, "%s",
				 edge_y ? (edge_x ? "+" : "-") : "|");
			cell->color = TB_AXIS;
		}
	tb_text(&tb, 0, 1, TB_TITLE | TB_BOLD, " e2l help (any other key "
		"closes) ");
	paint(&tb, 2, 3);
	tb_free(&tb);
}

static job *watched(void)
{
	job *j = jobs_get(&T.W->jobs, T.W->watched);
	return j ? j : T.W->jobs.n ? &T.W->jobs.v[T.W->jobs.n - 1] : NULL;
}

static void copy_snapshot(void);

/* The current rule, raw and simplified, on the top two rows. */
static void draw_rule(void)
{
	attrset(A_BOLD);
	mvaddnstr(0, 0, T.rule_line[0][0] ? T.rule_line[0] :
		  "e2l: type a rule (lr0 = (R - 1)*E), `help`, or `demo`",
		  COLS);
	attrset(A_NORMAL);
	mvaddnstr(1, 0, T.rule_line[1], COLS);
	/* The playback speed, while it paces the run. */
	live_run *L = T.W->live;
	if (L && live_running(L) && !isinf(live_speed(L))) {
		char pace[48];
		if (live_speed(L) == 0)
			snprintf(pace, sizeof pace, " paused (F7 resumes) ");
		else
			snprintf(pace, sizeof pace, " speed %g ",
				 live_speed(L));
		attrset(A_REVERSE);
		mvaddstr(1, COLS - (int)strlen(pace), pace);
		attrset(A_NORMAL);
	}
}

/* The view in rows top .. top+rows-1: the run or the dashboard, both
 * when tall enough; several jobs get a line each above the watched
 * one's dashboard. */
static void draw_view(int top, int rows)
{
	wb *W = T.W;
	job *j = watched();
	glyphs g = T.utf8 ? GLYPHS_BRAILLE : GLYPHS_ASCII;
	int show_run = W->live && (T.focus == FOCUS_RUN || !j);
	int show_dash = j && (T.focus == FOCUS_DASHBOARD || !W->live);
	int both = W->live && j && rows >= 30 && !W->big;
	textblock tb;
	if (both || show_run) {
		int h = both ? rows * 3 / 5 : rows;
		tb_init(&tb, h, COLS);
		view_run(T.snap, &tb, g, W->big);
		paint(&tb, top, 0);
		tb_free(&tb);
		top += h;
		rows -= h;
		if (!both)
			return;
	} else if (!show_dash) {
		attrset(attr_of(TB_AXIS, 0));
		mvaddnstr(top + 1, 2, "Nothing running.  Try:  run lr0   "
			  "evolve error-quick   demo   help", COLS - 2);
		attrset(A_NORMAL);
		return;
	}
	int list = !both && W->jobs.n > 1 && !W->big ? W->jobs.n : 0;
	if (list > 4)
		list = 4;
	if (list) {
		tb_init(&tb, list, COLS);
		view_jobs(&W->jobs, j->id, &tb);
		paint(&tb, top, 0);
		tb_free(&tb);
		top += list;
		rows -= list;
	}
	tb_init(&tb, rows, COLS);
	view_dashboard_group(&W->jobs, j, &tb, g, W->big && !both);
	paint(&tb, top, 0);
	tb_free(&tb);
}

/* Screen rows the console's lines take, counted from the newest, up to
 * at least `enough` (all of them when fewer). */
static int console_total(int enough)
{
	int rows = 0;
	for (int k = T.nlines - 1; k >= 0 && rows < enough; k--)
		rows += wrap_rows(T.lines[(T.first + k) % CONSOLE_LINES].text,
				  COLS);
	return rows;
}

/* The console's lines, wrapped at the screen's width, in rows top ..
 * top+rows-1; the last of them is `back` rows above the newest. */
static void console_rows(int top, int rows, int back)
{
	int below = 0;           /* rows under the current line */
	for (int k = T.nlines - 1; k >= 0 && below < back + rows; k--) {
		const console_line *l = &T.lines[(T.first + k) % CONSOLE_LINES];
		int n = wrap_rows(l->text, COLS);
		if (below + n > back) {
			size_t len = strlen(l->text), i = 0;
			attrset(l->error ? attr_of(TB_BAD, 1) : A_NORMAL);
			for (int j = 0; j < n; j++) {
				size_t show, take = wrap_take(l->text + i,
							      len - i, COLS,
							      &show);
				int pos = below + n - 1 - j - back;
				if (pos >= 0 && pos < rows)
					mvaddnstr(top + rows - 1 - pos, 0,
						  l->text + i, (int)show);
				i += take;
			}
		}
		below += n;
	}
	attrset(A_NORMAL);
}

/* A rule across the screen, as text, not ACS: no alternate character
 * set to leave switched on in a terminal. */
static void draw_rule_row(int y)
{
	attrset(attr_of(TB_AXIS, 0));
	for (int x = 0; x < COLS; x++)
		mvaddstr(y, x, T.utf8 ? "\u2500" : "-");
	attrset(A_NORMAL);
}

/* The console under the view: a rule, then the last lines. */
static void draw_console(int y0, int rows)
{
	draw_rule_row(y0);
	console_rows(y0 + 1, rows - 1, 0);
}

/* Rows of text the scrolled-back console shows: all above the key bar
 * but its rule and the marker under it. */
static int scrollback_rows(void)
{
	return LINES - 4;
}

/* Scrolled back, the console takes the screen above the key bar, so
 * that a listing (`help`, `tasks`, a table) reads whole: a title, the
 * lines, and a marker of what is below. */
static void draw_scrollback(void)
{
	int rows = scrollback_rows();
	int total = console_total(T.back + rows + 1);
	if (T.back > total - rows)
		T.back = total - rows > 0 ? total - rows : 0;
	draw_rule_row(0);
	attrset(A_BOLD | A_REVERSE);
	mvaddnstr(0, 2, T.back + rows >= total ? " console, scrolled back "
		  "(the oldest line kept is at the top) " : " console, "
		  "scrolled back ", COLS - 4);
	attrset(A_NORMAL);
	console_rows(1, rows, T.back);
	char mark[128];
	if (T.back > 0)
		snprintf(mark, sizeof mark, "-- %d more line%s below: PageDown, "
			 "or type to return --", T.back, T.back == 1 ? "" : "s");
	else
		snprintf(mark, sizeof mark, "-- the end: PageDown, or type to "
			 "return --");
	move(LINES - 3, 0);
	clrtoeol();
	attrset(A_REVERSE);
	mvaddnstr(LINES - 3, 0, mark, COLS);
	attrset(A_NORMAL);
}

/* A caption's lines at width w: start and length of each, at most max. */
static int caption_lines(const char *p, int w, const char **start,
			 int *len, int max)
{
	int n = 0;
	while (*p && n < max) {
		int k = (int)strlen(p), take = k < w ? k : w;
		const char *nl = memchr(p, '\n', (size_t)take);
		if (nl)
			take = (int)(nl - p);
		else if (take < k)
			while (take > 0 && p[take] != ' ')
				take--;
		if (take <= 0)
			take = k < w ? k : w;
		start[n] = p;
		len[n++] = take;
		p += take;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return n;
}

enum { CAPTION_MAX = 8 };

/* Rows the caption takes, its rule included: the console's at least,
 * and never more than leaves the view half the screen. */
static int caption_rows(int console)
{
	const char *start[CAPTION_MAX];
	int len[CAPTION_MAX];
	int n = caption_lines(T.caption, COLS - 2, start, len, CAPTION_MAX);
	int rows = n + 1 > console ? n + 1 : console;
	int most = (LINES - 4) / 2;
	if (rows > most)
		rows = most > console ? most : console;
	return rows;
}

/* A lesson's caption in place of the console, under the view: it hides
 * neither the run's title and score nor the raster. */
static void draw_caption(int y0, int rows)
{
	const char *start[CAPTION_MAX];
	int len[CAPTION_MAX];
	int n = caption_lines(T.caption, COLS - 2, start, len, rows - 1);
	attrset(attr_of(TB_AXIS, 0));
	for (int x = 0; x < COLS; x++)
		mvaddstr(y0, x, T.utf8 ? "\u2500" : "-");
	attrset(A_BOLD | A_REVERSE);
	mvaddnstr(y0, 2, T.waiting_key ? " Space/Enter: next   q: leave the "
		  "lesson " : T.waiting_run ? " lesson: until the run ends   q: "
		  "leave the lesson " : " lesson ", COLS - 4);
	attrset(attr_of(TB_TITLE, 1));
	for (int i = 0; i < n; i++) {
		move(y0 + 1 + i, 0);
		clrtoeol();
		mvaddnstr(y0 + 1 + i, 1, start[i], len[i]);
	}
	attrset(A_NORMAL);
}

/* Rows of the console under the view, its rule included; a lesson's
 * caption takes its place. */
static int console_height(void)
{
	int console = LINES >= 28 ? 6 : LINES >= 20 ? 4 : 3;
	return T.caption ? caption_rows(console) : console;
}

enum { HINT_ROWS = 4 };

/* What F4 found, over the rule rows (and the view's first rows when it
 * is longer): it lasts until the next key. */
static void draw_hint(void)
{
	const char *start[HINT_ROWS];
	int len[HINT_ROWS];
	if (!T.hint[0])
		return;
	int n = caption_lines(T.hint, COLS - 2, start, len, HINT_ROWS);
	attrset(A_BOLD | A_REVERSE);
	for (int i = 0; i < n; i++) {
		for (int x = 0; x < COLS; x++)
			mvaddch(i, x, ' ');
		mvaddnstr(i, 1, start[i], len[i]);
	}
	attrset(A_NORMAL);
}

/* The frame, top to bottom: the rule (2 rows), the view, the console,
 * the key bar; the caption and the help over them; the command line
 * last, where it leaves the cursor.  Scrolled back, the console takes
 * the place of the rule, the view and the caption; F4's meaning shows
 * over the top rows. */
static void draw(void)
{
	copy_snapshot();
	erase();
	if (LINES < MIN_ROWS || COLS < MIN_COLS) {
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small: %dx%d, e2l "
			 "needs %dx%d", COLS, LINES, MIN_COLS, MIN_ROWS);
		mvaddnstr(0, 0, msg, COLS);
	} else {
		int console = console_height();
		if (T.scrolled) {
			draw_scrollback();
		} else {
			draw_rule();
			draw_view(2, LINES - 4 - console);
			if (T.caption)
				draw_caption(LINES - 2 - console, console);
			else
				draw_console(LINES - 2 - console, console);
		}
		draw_hint();
		draw_keybar(LINES - 2);
		if (T.help)
			draw_help();
	}
	draw_input();
	refresh();
	T.dirty = 0;
	T.now_please = 0;
	T.last_draw = e2l_seconds();
}

/* ---- readline --------------------------------------------------------- */

static int rl_getc_cb(FILE *f)
{
	(void)f;
	if (T.have_pending) {
		T.have_pending = 0;
		return T.pending;
	}
	/* readline wants more of a key sequence: wait for it briefly. */
	timeout(100);
	int c = getch();
	timeout(FRAME_MS);
	return c == ERR ? EOF : c;
}

static int rl_input_available_cb(void)
{
	if (T.have_pending)
		return 1;
	timeout(0);
	int c = getch();
	timeout(FRAME_MS);
	if (c == ERR)
		return 0;
	ungetch(c);
	return 1;
}

static void rl_redisplay_cb(void)
{
	T.line_dirty = 1;
}

static void rl_noop_prep(int meta)
{
	(void)meta;
}

static void rl_noop_deprep(void)
{
}

/* The current rule line: the last defined or run. */
static void remember_rule(const char *text, int ran)
{
	char name[64];
	const char *p = text;
	while (*p == ' ')
		p++;
	size_t n = strcspn(p, " =");
	if (n >= sizeof name)
		return;
	memcpy(name, p, n);
	name[n] = '\0';
	wb_rule *r = wb_rule_find(T.W, name);
	if (!r) {
		/* A rule file or a formula that `run` started: the run
		 * knows what it runs. */
		if (ran && T.W->live) {
			copy_snapshot();
			snprintf(T.rule_line[0], sizeof T.rule_line[0],
				 "rule %s (%s)", T.snap->rule,
				 T.snap->family);
			T.rule_line[1][0] = '\0';
		}
		return;
	}
	char *joined = wb_rule_text(r);
	snprintf(T.rule_line[0], sizeof T.rule_line[0], "rule %s (%s): %s",
		 r->name, r->family->name, joined);
	free(joined);
	char *simple = wb_rule_simplified(r);
	snprintf(T.rule_line[1], sizeof T.rule_line[1], "  simplified: %s",
		 simple);
	free(simple);
}

static void on_line(char *line)
{
	wb *W = T.W;
	if (!line) {
		if (T.partial.len) {
			T.partial.len = 0;
			T.partial.s[0] = '\0';
			rl_set_prompt("e2l> ");
			return;
		}
		/* What Ctrl-D would drop or stop: asked first, once. */
		int going = wb_jobs_going(W, NULL);
		if (!T.quit_asked && (going || W->nrules)) {
			char msg[200];
			snprintf(msg, sizeof msg, "%d evolution%s running, %d "
				 "rule%s of this session (`save FILE` keeps "
				 "them): Ctrl-D again to quit", going,
				 going == 1 ? "" : "s", W->nrules,
				 W->nrules == 1 ? "" : "s");
			console_add(msg, strlen(msg), 0);
			T.quit_asked = 1;
			T.dirty = 1;
			return;
		}
		W->quit = 1;
		return;
	}
	T.quit_asked = 0;
	if (T.partial.len)
		strbuf_put(&T.partial, "\n", 1);
	strbuf_put(&T.partial, line, strlen(line));
	free(line);
	/* Echo the command into the console, as a terminal would. */
	char echo[600];
	snprintf(echo, sizeof echo, "%s%.580s",
		 strchr(T.partial.s, '\n') ? "...> " : "e2l> ",
		 strrchr(T.partial.s, '\n') ? strrchr(T.partial.s, '\n') + 1 :
		 T.partial.s);
	console_add(echo, strlen(echo), 0);
	int st = wb_exec(W, T.partial.s);
	if (st == WB_MORE) {
		rl_set_prompt("...> ");
	} else {
		if (T.partial.s[strspn(T.partial.s, " \t\n")]) {
			char *h = xstrdup(T.partial.s);
			for (char *p = h; *p; p++)
				if (*p == '\n')
					*p = ' ';
			add_history(h);
			free(h);
		}
		take_output();
		remember_rule(T.partial.s, 0);
		if (!strncmp(T.partial.s, "run ", 4)) {
			char name[64];
			if (sscanf(T.partial.s + 4, "%63s", name) == 1)
				remember_rule(name, 1);
		}
		T.partial.len = 0;
		T.partial.s[0] = '\0';
		rl_set_prompt("e2l> ");
	}
	take_output();
	T.dirty = 1;
	T.now_please = 1;
}

/* `?` opens the help on an empty line and is a character otherwise. */
static int key_help(int count, int key)
{
	if (rl_end == 0 || key != '?') {
		T.help = 1;
		T.dirty = 1;
		T.now_please = 1;
		return 0;
	}
	return rl_insert(count, key);
}

static int key_focus(int count, int key)
{
	(void)count;
	(void)key;
	T.focus = T.focus == FOCUS_RUN ? FOCUS_DASHBOARD : FOCUS_RUN;
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

/* The watched evolution's champion in the run view: `run champion
 * JOB`, echoed as if typed, so the key teaches the command. */
static int key_champion(int count, int key)
{
	(void)count;
	(void)key;
	char line[64];
	if (!T.W->watched) {
		snprintf(line, sizeof line, "no evolution is watched here "
			 "(`watch JOB`)");
		console_add(line, strlen(line), 1);
	} else {
		snprintf(line, sizeof line, "run champion %d", T.W->watched);
		char echo[80];
		snprintf(echo, sizeof echo, "e2l> %s", line);
		console_add(echo, strlen(echo), 0);
		wb_exec(T.W, line);
		take_output();
	}
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

static int key_big(int count, int key)
{
	(void)count;
	(void)key;
	T.W->big = !T.W->big;
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

/* Playback: the speed ladder the keys climb, simulated ms per wall ms
 * (live.h); past its top, full speed. */
static const double speeds[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10, 100 };
enum { NSPEEDS = sizeof speeds / sizeof *speeds };

static double session_speed(void)
{
	return T.W->speed_set ? T.W->speed : LIVE_SPEED_FULL;
}

/* The session's speed, on the run going too, and said in the console. */
static void apply_speed(double x)
{
	wb *W = T.W;
	W->speed_set = 1;
	W->speed = x;
	if (W->live && live_running(W->live))
		live_set_speed(W->live, x);
	char msg[64];
	if (isinf(x))
		snprintf(msg, sizeof msg, "speed = full");
	else
		snprintf(msg, sizeof msg, "speed = %g", x);
	console_add(msg, strlen(msg), 0);
	T.dirty = 1;
	T.now_please = 1;
}

static int key_faster(int count, int key)
{
	(void)count;
	(void)key;
	double x = session_speed(), next = LIVE_SPEED_FULL;
	for (int i = NSPEEDS - 1; i >= 0; i--)
		if (speeds[i] > x)
			next = speeds[i];
	apply_speed(next);
	return 0;
}

static int key_slower(int count, int key)
{
	(void)count;
	(void)key;
	double x = session_speed(), next = speeds[0];
	for (int i = 0; i < NSPEEDS; i++)
		if (speeds[i] < x)
			next = speeds[i];
	apply_speed(next);
	return 0;
}

/* Pauses the run, or resumes it at the session's speed (real time when
 * that is a pause). */
static int key_pause(int count, int key)
{
	(void)count;
	(void)key;
	wb *W = T.W;
	if (!W->live || !live_running(W->live))
		return 0;
	double x = session_speed();
	live_set_speed(W->live, live_speed(W->live) == 0 ? (x > 0 ? x : 1) :
		       0);
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

/* One trial (or raster span) of a paused run; a running one pauses. */
static int key_step(int count, int key)
{
	(void)count;
	(void)key;
	wb *W = T.W;
	if (!W->live || !live_running(W->live))
		return 0;
	if (live_speed(W->live) != 0)
		live_set_speed(W->live, 0);
	else
		live_step(W->live);
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

/* ---- Scrollback and meanings ------------------------------------------ */

static void scroll_leave(void)
{
	if (!T.scrolled)
		return;
	T.scrolled = 0;
	T.back = 0;
	T.dirty = 1;
	T.now_please = 1;
}

/* Scrolls the console back by `rows`, or forward by -rows; the first
 * step back lets it take the screen, its newest line at the bottom, and
 * forward past the newest it goes back under the view. */
static void scroll_by(int rows)
{
	if (!T.scrolled) {
		if (rows > 0)
			T.scrolled = 1;
	} else if (T.back + rows < 0 || (rows < 0 && T.back == 0)) {
		scroll_leave();
	} else {
		/* No further than the oldest line at the top, so that
		 * PageDown undoes what PageUp did. */
		int shown = scrollback_rows();
		T.back += rows;
		int most = console_total(T.back + shown) - shown;
		if (T.back > most)
			T.back = most > 0 ? most : 0;
	}
	T.dirty = 1;
	T.now_please = 1;
}

/* A page: the rows the scrolled-back console shows, but one that stays
 * on the screen to read on from. */
static int scroll_page(void)
{
	int page = scrollback_rows() - 1;
	return page > 1 ? page : 1;
}

static int key_page_up(int count, int key)
{
	(void)count;
	(void)key;
	scroll_by(scroll_page());
	return 0;
}

static int key_page_down(int count, int key)
{
	(void)count;
	(void)key;
	scroll_by(-scroll_page());
	return 0;
}

/* Up and Down: the history, but a line of the console scrolled back. */
static int key_up(int count, int key)
{
	if (T.scrolled) {
		scroll_by(1);
		return 0;
	}
	return rl_get_previous_history(count, key);
}

static int key_down(int count, int key)
{
	if (T.scrolled) {
		scroll_by(-1);
		return 0;
	}
	return rl_get_next_history(count, key);
}

static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

/* The name under the cursor or just before it (over blanks) into buf;
 * 0 when there is none there (nothing, or a number). */
static int name_at_point(char *buf, size_t size)
{
	const char *s = rl_line_buffer ? rl_line_buffer : "";
	int end = rl_end, a = rl_point, b;
	if (a > end)
		a = end;
	if (!(a < end && name_char((unsigned char)s[a])))
		while (a > 0 && s[a - 1] == ' ')
			a--;
	b = a;
	while (a > 0 && name_char((unsigned char)s[a - 1]))
		a--;
	while (b < end && name_char((unsigned char)s[b]))
		b++;
	if (a == b || (s[a] >= '0' && s[a] <= '9') ||
	    (size_t)(b - a) >= size)
		return 0;
	memcpy(buf, s + a, (size_t)(b - a));
	buf[b - a] = '\0';
	return 1;
}

/* F4: what the variable at the cursor means in the current task, from
 * its family's record (task.h: vars, var_info), on the rule rows. */
static int key_meaning(int count, int key)
{
	(void)count;
	(void)key;
	const task_family *f = T.W->task.family;
	char name[64];
	int i = -1, x;
	if (name_at_point(name, sizeof name)) {
		for (i = f->nvars - 1; i >= 0; i--)
			if (!strcmp(f->vars[i], name))
				break;
		/* The paper's aliases: x_1 is vars[1]. */
		if (i < 0 && sscanf(name, "x_%d", &x) == 1 && x >= 0 &&
		    x < f->nvars) {
			char alias[32];
			snprintf(alias, sizeof alias, "x_%d", x);
			i = strcmp(alias, name) ? -1 : x;
		}
	} else {
		name[0] = '\0';
	}
	strbuf b = { 0 };
	if (i >= 0) {
		const task_var *v = f->var_info ? &f->var_info[i] : NULL;
		strbuf_printf(&b, "%s in the %s task (x_%d%s%s): %s", f->vars[i],
			      f->name, i, v && v->unit && *v->unit ? ", " : "",
			      v && v->unit ? v->unit : "", v && v->help ?
			      v->help : "(not described)");
	} else {
		if (name[0])
			strbuf_printf(&b, "%s is no variable of the %s task; ",
				      name, f->name);
		strbuf_printf(&b, "its variables:");
		for (int k = 0; k < f->nvars; k++)
			strbuf_printf(&b, " %s", f->vars[k]);
		strbuf_printf(&b, " (F4 after one says what it means; "
			      "`help variables`)");
	}
	snprintf(T.hint, sizeof T.hint, "%s", b.s);
	free(b.s);
	T.dirty = 1;
	T.now_please = 1;
	return 0;
}

/*
 * The keys: the key bar, the F1 overlay and the man page (`help --man`)
 * read this table, and an escape sequence that is in no row is dropped
 * (readline would insert its tail, "~" or "2~", into the line).  fn NULL:
 * a key readline handles itself (Tab, Ctrl-D; Ctrl-C is a signal).
 * scroll: lines the key moves the open help by (a page is 20).
 */
const tui_key tui_keys[] = {
	{ "F1", "help", "this help: every command and key", 0,
	  { "\033OP", "\033[11~", "\033[[A" }, key_help, 0 },
	{ "F2", "view", "switch the view between the last run and the "
	  "watched evolution", 0, { "\033OQ", "\033[12~", "\033[[B" },
	  key_focus, 0 },
	{ "F3", "big", "the projector layout (big figures), or back", 0,
	  { "\033OR", "\033[13~", "\033[[C" }, key_big, 0 },
	{ "F4", "meaning", "what the variable at the cursor means in the "
	  "current task, and its unit (on the top rows, until the next key)",
	  0, { "\033OS", "\033[14~", "\033[[D" }, key_meaning, 0 },
	{ "^C", "stop", "stop the run or validation, or clear the line", 0,
	  { NULL }, NULL, 0 },
	{ "^D", "quit", "quit (on an empty line)", 0, { NULL }, NULL, 0 },
	{ "Tab", "complete", "complete commands, rules, tasks, parameters "
	  "and files", 0, { NULL }, NULL, 0 },
	{ "F5", "slower", "play the live run slower (speed 0.1 0.25 0.5 1 2 5 "
	  "10 100 full: simulated ms per wall-clock ms; also `set speed`)", 0,
	  { "\033[15~", "\033[[E" }, key_slower, 0 },
	{ "F6", "faster", "play the live run faster, up to full speed", 0,
	  { "\033[17~" }, key_faster, 0 },
	{ "F7", "pause", "pause the live run, or resume it", 0,
	  { "\033[18~" }, key_pause, 0 },
	{ "F8", "step", "pause the live run, or go on by one trial", 0,
	  { "\033[19~" }, key_step, 0 },
	{ "F9", NULL, "run the watched evolution's champion on its task "
	  "(`run champion JOB`)", 0, { "\033[20~" },
	  key_champion, 0 },
	{ "?", NULL, "help, on an empty line (else a character)", '?',
	  { NULL }, key_help, 0 },
	{ "PgUp", NULL, "scroll the help up a page, or the console back: it "
	  "takes the screen and keeps the last 5000 lines", 0,
	  { "\033[5~" }, key_page_up, -20 },
	{ "PgDn", NULL, "scroll the help down a page, or the console toward "
	  "its end (typing or Esc returns at once)", 0, { "\033[6~" },
	  key_page_down, 20 },
	{ "Shift-PgUp", NULL, "the same as PgUp, as in terminals", 0,
	  { "\033[5;2~", "\033[5$" }, key_page_up, -20 },
	{ "Shift-PgDn", NULL, "the same as PgDn", 0,
	  { "\033[6;2~", "\033[6$" }, key_page_down, 20 },
	{ "Up", NULL, "the previous command (in the help or the scrolled "
	  "console: up a line)", 0, { "\033[A", "\033OA" }, key_up, -1 },
	{ "Down", NULL, "the next command (in the help or the scrolled "
	  "console: down a line)", 0, { "\033[B", "\033OB" }, key_down, 1 },
	{ "Left", NULL, "move left in the line", 0, { "\033[D", "\033OD" },
	  rl_backward_char, 0 },
	{ "Right", NULL, "move right in the line", 0,
	  { "\033[C", "\033OC" }, rl_forward_char, 0 },
	{ "Home", NULL, "the start of the line (also Ctrl-A)", 0,
	  { "\033[H", "\033OH", "\033[1~" }, rl_beg_of_line, 0 },
	{ "End", NULL, "the end of the line (also Ctrl-E)", 0,
	  { "\033[F", "\033OF", "\033[4~" }, rl_end_of_line, 0 },
	{ "Delete", NULL, "delete the character under the cursor", 0,
	  { "\033[3~" }, rl_delete, 0 },
	{ NULL, NULL, NULL, 0, { NULL }, NULL, 0 },
};

/* The row for an escape sequence, or NULL. */
static const tui_key *key_of(const char *seq)
{
	for (const tui_key *k = tui_keys; k->name; k++)
		for (int i = 0; i < TUI_KEY_SEQS && k->seq[i]; i++)
			if (!strcmp(k->seq[i], seq))
				return k;
	return NULL;
}

/*
 * After an ESC from getch: the rest of a CSI ("ESC [ params final", the
 * linux console's F1 "ESC [ [ A") or SS3 ("ESC O x") sequence, read with
 * a short wait, into seq.  Returns 1 for such a sequence, 0 for ESC and
 * one other byte (Alt-x: readline's), -1 for ESC alone.
 */
static int read_sequence(char *seq, size_t cap)
{
	size_t n = 1;
	int c;
	seq[0] = 27;
	timeout(30);
	while (n + 1 < cap && (c = getch()) != ERR && c < 256) {
		seq[n++] = (char)c;
		if (n == 2 ? c != '[' && c != 'O' : seq[1] == 'O' ||
		    (c >= 0x40 && c <= 0x7e && !(n == 3 && c == '[')))
			break;
	}
	seq[n] = '\0';
	timeout(FRAME_MS);
	return n == 1 ? -1 : seq[1] == '[' || seq[1] == 'O' ? 1 : 0;
}

/* Hands bytes to readline, one at a time as it reads them. */
static void feed(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		T.pending = (unsigned char)s[i];
		T.have_pending = 1;
		rl_callback_read_char();
		T.have_pending = 0;
	}
}

/* The open help takes the keys that scroll it; any other closes it. */
static void help_key(const tui_key *k)
{
	if (k && k->scroll)
		T.help_top += k->scroll;
	else
		T.help = 0;
	T.dirty = 1;
	T.now_please = 1;
}

/* A key from getch: the table's action for an escape sequence, readline
 * for the rest. */
static void on_key(int c)
{
	char seq[16];
	int kind = c == 27 ? read_sequence(seq, sizeof seq) : -2;
	const tui_key *k = kind == 1 ? key_of(seq) : NULL;

	if (T.help) {
		help_key(k);
		return;
	}
	/* F4's meaning lasts until the next key. */
	if (T.hint[0] && !(k && k->fn == key_meaning)) {
		T.hint[0] = '\0';
		T.dirty = 1;
		T.now_please = 1;
	}
	if (kind == 1) {
		if (k && k->fn) {
			k->fn(1, 0);
			T.line_dirty = 1;
		}
		/* Not in the table: dropped, nothing typed. */
		return;
	}
	/* Typing returns the console to its end; Esc alone only that. */
	if (T.scrolled) {
		scroll_leave();
		if (kind == -1)
			return;
	}
	if (kind == 0 || kind == -1)
		feed(seq, strlen(seq));
	else
		feed((char[]){ (char)c }, 1);
}

/* Tab completion: commands first, then by what the command takes. */
typedef struct {
	const char *text;
	size_t len;
	char **v;
	int n, cap;
} cands;

static void cand_add(void *ctx, const char *s)
{
	cands *c = ctx;
	if (strncmp(s, c->text, c->len))
		return;
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->v = xrealloc(c->v, (size_t)c->cap * sizeof *c->v);
	}
	c->v[c->n++] = xstrdup(s);
}

static cands matches;

static char *generator(const char *text, int state)
{
	(void)text;
	if (state >= matches.n)
		return NULL;
	return xstrdup(matches.v[state]);
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	for (int i = 0; i < matches.n; i++)
		free(matches.v[i]);
	matches.n = 0;
	matches.text = text;
	matches.len = strlen(text);
	char first[64] = "";
	sscanf(rl_line_buffer, "%63s", first);
	const cmd_entry *c = cmd_find(first, CMD_WB);
	if (start == 0 || (!c && !strchr(rl_line_buffer, '='))) {
		wb_candidates(T.W, start == 0 ? 'c' : 'v', cand_add, &matches);
	} else if (c && (strchr(c->complete, 'f') ||
			 (strchr(c->complete, 'j') && text[0] &&
			  !(text[0] >= '0' && text[0] <= '9')))) {
		return NULL;      /* readline's file names (run directories) */
	} else if (c) {
		for (const char *k = c->complete; *k; k++)
			wb_candidates(T.W, *k, cand_add, &matches);
	} else {
		wb_candidates(T.W, 'v', cand_add, &matches);
	}
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, generator);
}

/* readline would print the list of matches on the terminal: show them
 * in the console instead. */
static void show_matches(char **m, int n, int longest)
{
	(void)longest;
	strbuf b = { 0 };
	for (int i = 1; i <= n && b.len < 2000; i++)
		strbuf_printf(&b, "%s%s", i > 1 ? "  " : "", m[i]);
	if (b.s)
		console_add(b.s, b.len, 0);
	free(b.s);
	T.dirty = 1;
}

/* ---- Front-end hooks --------------------------------------------------- */

static int fe_external(wb *W, char *const *argv)
{
	(void)W;
	def_prog_mode();
	endwin();
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	T.dirty = 1;
	return pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void fe_show(wb *W, const char *what)
{
	(void)W;
	T.focus = !strcmp(what, "run") ? FOCUS_RUN : FOCUS_DASHBOARD;
	T.dirty = 1;
}

/* Has the run moved on?  The copy itself waits for the next frame. */
static void refresh_snapshot(void)
{
	if (T.W->live && live_version(T.W->live) != T.snap_version)
		T.dirty = 1;
}

static void copy_snapshot(void)
{
	if (T.W->live) {
		T.snap_version = live_version(T.W->live);
		live_copy(T.W->live, T.snap);
	}
}

static void tick(void)
{
	double t = e2l_seconds();
	if (t - T.last_tick >= 0.25) {
		int before = T.nlines;
		wb_tick(T.W);
		take_output();
		T.last_tick = t;
		if (T.nlines != before || T.W->jobs.n)
			T.dirty = 1;
	}
	refresh_snapshot();
}

static void fe_caption(wb *W, const char *text)
{
	(void)W;
	take_output();
	T.caption = text;
	T.focus = FOCUS_RUN;
	T.dirty = 1;
	draw();
}

/* A lesson waits here, the view live, for a key or for the run; the
 * view's and playback keys (a sequence in tui_keys[]) work meanwhile. */
static int fe_wait(wb *W, int what)
{
	take_output();
	if (W->live) {
		copy_snapshot();
		remember_rule(T.snap->rule, 1);
	}
	T.waiting_key = what == WB_WAIT_KEY;
	T.waiting_run = what == WB_WAIT_RUN;
	T.dirty = 1;
	T.now_please = 1;
	int result = 0;
	for (;;) {
		tick();
		if (T.dirty && (T.now_please || e2l_seconds() - T.last_draw >=
				REDRAW_MS / 1000.0))
			draw();
		if (what == WB_WAIT_RUN && !(W->live && live_running(W->live))
		    && !W->bg)
			break;
		int c = getch();
		if (got_sigint || wb_interrupted) {
			got_sigint = 0;
			wb_interrupt(W);
			result = -1;
			break;
		}
		if (c == KEY_RESIZE) {
			clearok(curscr, TRUE);
			T.dirty = 1;
			T.now_please = 1;
			continue;
		}
		if (c == 27) {
			/* The view's keys and playback work; Esc alone
			 * leaves; other sequences do nothing here. */
			char seq[16];
			int kind = read_sequence(seq, sizeof seq);
			const tui_key *k = kind == 1 ? key_of(seq) : NULL;
			if (k && k->fn && k->bar && k->fn != key_help &&
			    k->fn != key_meaning)
				k->fn(1, 0);
			if (kind == -1) {
				result = -1;
				break;
			}
			continue;
		}
		if (what == WB_WAIT_KEY && (c == ' ' || c == '\n' || c == '\r'))
			break;
		if (c == 'q') {
			result = -1;
			break;
		}
	}
	T.waiting_key = T.waiting_run = 0;
	wb_tick(W);              /* the run's report, before the next */
	take_output();
	T.dirty = 1;
	T.now_please = 1;
	return result;
}

static const wb_frontend frontend = { fe_external, fe_show, fe_caption,
					 fe_wait };

/* ---- The loop ---------------------------------------------------------- */

static void history_path(void)
{
	char *dir = cmd_xdg_dir("XDG_STATE_HOME", ".local/state");
	if (dir)
		snprintf(T.history, sizeof T.history, "%s/history", dir);
	free(dir);
}

static void on_interrupt(void)
{
	wb *W = T.W;
	const char *what;
	got_sigint = 0;
	scroll_leave();          /* and it does what it does below */
	if (T.help) {
		T.help = 0;
	} else if (rl_end > 0 || T.partial.len) {
		/* Ctrl-C clears the line (and a half-typed formula). */
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		T.partial.len = 0;
		if (T.partial.s)
			T.partial.s[0] = '\0';
		rl_set_prompt("e2l> ");
	} else if ((what = wb_interrupt(W))) {
		char msg[64];
		snprintf(msg, sizeof msg, "stopping the %s", what);
		console_add(msg, strlen(msg), 0);
	} else {
		strbuf list = { 0 }, ask = { 0 };
		const char *m = "(type quit or Ctrl-D to leave)";
		if (wb_jobs_going(W, &list) > 1) {
			strbuf_printf(&ask, "which one? (`stop JOB`) %s",
				      list.s);
			m = ask.s;
		}
		console_add(m, strlen(m), 0);
		free(list.s);
		free(ask.s);
	}
	T.dirty = 1;
	T.now_please = 1;
	T.line_dirty = 1;
}

int tui_lines(wb *W);

/* readline through the callback interface, drawing nothing itself;
 * the keys with escape sequences are on_key's (tui_keys[]). */
static void readline_setup(void)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = rl_noop_prep;
	rl_deprep_term_function = rl_noop_deprep;
	rl_getc_function = rl_getc_cb;
	rl_input_available_hook = rl_input_available_cb;
	rl_redisplay_function = rl_redisplay_cb;
	rl_completion_display_matches_hook = show_matches;
	rl_attempted_completion_function = complete;
	rl_readline_name = "e2l";
	rl_outstream = fopen("/dev/null", "w");
	for (const tui_key *k = tui_keys; k->name; k++)
		if (k->ch && k->fn)
			rl_bind_key(k->ch, k->fn);
	if (T.history[0]) {
		stifle_history(1000);
		read_history(T.history);
	}
	rl_callback_handler_install("e2l> ", on_line);
}

/* The screen: NULL when TERM has none. */
static SCREEN *screen_open(const tui_options *o)
{
	/* newterm, not initscr: an unknown TERM returns NULL instead of
	 * ending the program, and the command line still works. */
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return NULL;
	const char *nc = getenv("NO_COLOR");
	T.color = has_colors() && !o->no_color && !(nc && *nc);
	init_colors();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, FALSE);      /* on_key reads the escape sequences */
	timeout(FRAME_MS);
	return screen;
}

/* Keys, the timer tick and frames until `quit`, Ctrl-D or a signal. */
static void loop(void)
{
	int lines = LINES, cols = COLS;
	T.dirty = 1;
	while (!T.W->quit) {
		int c = getch();
		if (wb_interrupted)      /* SIGTERM or SIGHUP: leave cleanly */
			break;
		if (got_sigint)
			on_interrupt();
		if (c == KEY_RESIZE || LINES != lines || COLS != cols) {
			lines = LINES;
			cols = COLS;
			rl_set_screen_size(1, COLS > 8 ? COLS - 8 : 1);
			clearok(curscr, TRUE);
			T.dirty = 1;
			T.now_please = 1;
		} else if (c != ERR) {
			on_key(c);
		}
		tick();
		if (T.dirty && (T.now_please ||
				e2l_seconds() - T.last_draw >= REDRAW_MS / 1000.0))
			draw();
		else if (T.line_dirty) {
			draw_input();
			refresh();
		}
	}
}

/* The terminal back as it was; what happens to the evolutions said on
 * it. */
static void teardown(SCREEN *screen)
{
	wb *W = T.W;
	rl_callback_handler_remove();
	if (T.history[0])
		write_history(T.history);
	endwin();
	delscreen(screen);
	if (rl_outstream)
		fclose(rl_outstream);
	rl_outstream = NULL;
	W->out = stdout;
	W->err = stderr;
	int running = jobs_running(&W->jobs);
	if (running)
		fprintf(stderr, "e2l: stopping %d evolution%s (resume with "
			"e2l evolve --resume DIR)\n", running,
			running > 1 ? "s" : "");
	fclose(T.out);
	fclose(T.err);
	for (int i = 0; i < T.nlines; i++)
		free(T.lines[(T.first + i) % CONSOLE_LINES].text);
	for (int i = 0; i < matches.n; i++)
		free(matches.v[i]);
	free(matches.v);
	free(T.partial.s);
	free(T.snap);
}

int tui_run(wb *W, const tui_options *o)
{
	memset(&T, 0, sizeof T);
	T.W = W;
	T.snap = xcalloc(1, sizeof *T.snap);
	T.utf8 = !o->ascii && !strcmp(nl_langinfo(CODESET), "UTF-8");
	T.out = tmpfile();
	T.err = tmpfile();
	if (!T.out || !T.err) {
		fprintf(stderr, "e2l: cannot create temporary files\n");
		return WB_IOERR;
	}
	W->out = T.out;
	W->err = T.err;
	W->interactive = 1;
	W->fe = &frontend;
	W->glyphs = T.utf8 ? GLYPHS_BRAILLE : GLYPHS_ASCII;
	history_path();

	struct sigaction sa = { 0 };
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	SCREEN *screen = screen_open(o);
	if (!screen) {
		const char *term = getenv("TERM");
		fprintf(stderr, "e2l: no screen for TERM=%s; the command line "
			"alone follows\n", term ? term : "");
		W->out = stdout;
		W->err = stderr;
		W->interactive = 0;
		W->fe = NULL;
		fclose(T.out);
		fclose(T.err);
		free(T.snap);
		return tui_lines(W);
	}
	readline_setup();
	/* Evolutions whose workbench left them: shown, to stop or watch. */
	wb_list_running(W, "runs");
	take_output();
	if (o->watch) {
		wb_exec(W, o->watch);
		take_output();
	}
	loop();
	teardown(screen);
	return WB_OK;
}

/*
 * The same command line without the screen, for a dumb terminal or
 * --no-tui on a terminal: readline with history and completion, plots
 * printed as text, `run` waiting for its result.
 */
/* Line mode's Ctrl-C: stops what a command waits for (through
 * wb_interrupted), or abandons the line being typed. */
static void on_line_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
	wb_interrupted = 1;
}

static int line_signal_hook(void)
{
	if (got_sigint) {
		got_sigint = 0;
		wb_interrupted = 0;
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

int tui_lines(wb *W)
{
	T.W = W;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_line_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	rl_catch_signals = 0;
	rl_signal_event_hook = line_signal_hook;
	history_path();
	if (T.history[0]) {
		stifle_history(1000);
		read_history(T.history);
	}
	rl_readline_name = "e2l";
	rl_attempted_completion_function = complete;
	strbuf cmd = { 0 };
	W->where = "<stdin>";
	while (!W->quit && !wb_interrupted) {
		char *line = readline(cmd.len ? "...> " : "e2l> ");
		if (wb_interrupted)          /* SIGTERM or SIGHUP */
			break;
		if (!line) {
			fputc('\n', stdout);
			break;
		}
		if (cmd.len)
			strbuf_put(&cmd, "\n", 1);
		strbuf_put(&cmd, line, strlen(line));
		free(line);
		W->line = 0;
		int st = wb_exec(W, cmd.s);
		if (got_sigint) {
			/* The command was stopped; the session goes on. */
			got_sigint = 0;
			wb_interrupted = 0;
		}
		if (st == WB_MORE)
			continue;
		if (cmd.s[strspn(cmd.s, " \t\n")]) {
			for (char *p = cmd.s; *p; p++)
				if (*p == '\n')
					*p = ' ';
			add_history(cmd.s);
		}
		cmd.len = 0;
		cmd.s[0] = '\0';
		wb_tick(W);
	}
	if (T.history[0])
		write_history(T.history);
	for (int i = 0; i < matches.n; i++)
		free(matches.v[i]);
	free(matches.v);
	free(cmd.s);
	/* Interactive: the errors were shown as they came. */
	return WB_OK;
}
