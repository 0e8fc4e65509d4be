/*
 * runlog.c - the strict reader of a run directory (runlog.h; the files
 * are listed in evolve.h and written by run.c): run.conf, log.jsonl,
 * hof.tsv and pareto.tsv, the checkpoint and the pid file.  evo_resume
 * and the front ends read through it alike, so that what one accepts the
 * other cannot refuse later.
 *
 * Following a run: the writer appends whole lines to log.jsonl, replaces
 * hof.tsv and pareto.tsv by rename, and on resume rewrites the log
 * shorter (also by rename) before it grows again.  So the reader keeps a
 * byte offset that only ever ends on a '\n', and before reading on checks
 * that the file is still the one it read: same inode, not shorter, and
 * the last bytes it consumed still there.  Anything else means start over.
 *
 * The JSON reader is a small hand-written one for flat objects, enough
 * for this log and tolerant of keys added later (any JSON value under an
 * unknown key is skipped).  It works on counted bytes, never on C
 * strings, so NUL bytes or any other garbage give an error, not a crash.
 * Numbers are read by hand too (scan_number, scan_count): whole tokens
 * only, whatever the locale.
 */
#define _DEFAULT_SOURCE          /* flock, d_type */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2l/evolve.h"
#include "e2l/runlog.h"

enum {
	CONF_MAX = 1 << 20,        /* run.conf, task.task: bytes */
	PID_MAX = 1024,            /* the pid file: bytes */
	NUMBER_MAX = 64,           /* characters of one number */
	JSON_DEPTH = 16            /* nesting skipped under unknown keys */
};

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* ---- Numbers ------------------------------------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A JSON number at p (before end) to a double, whatever the locale: the
 * decimal point is folded into the exponent ("12.5e3" goes to strtod as
 * "125e2"), since a curses front end may run under a decimal-comma
 * LC_NUMERIC.  Returns the characters used, 0 when p holds no number.
 */
static size_t scan_number(const char *p, const char *end, double *out)
{
	char buf[NUMBER_MAX + 32], *q = buf;
	const char *s = p;
	long frac = 0, e = 0;
	int esign = 1;

	if (s < end && *s == '-')
		*q++ = *s++;
	if (s == end || !is_digit(*s))
		return 0;
	if (*s == '0')
		*q++ = *s++;
	else
		while (s < end && is_digit(*s) && q - buf < NUMBER_MAX)
			*q++ = *s++;
	if (s < end && *s == '.') {
		s++;
		if (s == end || !is_digit(*s))
			return 0;
		for (; s < end && is_digit(*s) && q - buf < NUMBER_MAX;
		     frac++)
			*q++ = *s++;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < end && (*s == '+' || *s == '-'))
			esign = *s++ == '-' ? -1 : 1;
		if (s == end || !is_digit(*s))
			return 0;
		/* Past 10^6 the value is 0 or infinite either way. */
		for (; s < end && is_digit(*s); s++)
			if (e < 1000000)
				e = e * 10 + (*s - '0');
	}
	if (s < end && is_digit(*s))
		return 0;               /* more digits than NUMBER_MAX */
	snprintf(q, sizeof buf - (size_t)(q - buf), "e%ld", esign * e - frac);
	*out = strtod(buf, NULL);
	return (size_t)(s - p);
}

/* A decimal integer from 0 to max at p; returns the characters used, 0
 * when there is none, it does not fit, or it has a fraction. */
static size_t scan_count(const char *p, const char *end, long max, long *out)
{
	const char *s = p;
	long v = 0;

	if (s == end || !is_digit(*s) ||
	    (*s == '0' && s + 1 < end && is_digit(s[1])))
		return 0;
	for (; s < end && is_digit(*s); s++) {
		int d = *s - '0';
		if (v > (max - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	if (s < end && (*s == '.' || *s == 'e' || *s == 'E'))
		return 0;
	*out = v;
	return (size_t)(s - p);
}

/* ---- The JSON line ------------------------------------------------- */

/* A line being read: bytes [p, end), and where trouble is reported. */
typedef struct {
	const char *start, *p, *end;
	const char *path;
	long line;
	e2l_error *err;
} jreader;

static e2l_status jfail(jreader *J, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static e2l_status jfail(jreader *J, const char *fmt, ...)
{
	char what[160];
	va_list ap;
	int line = J->line > 1000000000 ? 1000000000 : (int)J->line;
	int col = (int)(J->p - J->start) + 1;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return e2l_fail(J->err, E2L_ESYNTAX, line, col, "%s:%ld:%d: %s",
			J->path, J->line, col, what);
}

static void jspace(jreader *J)
{
	while (J->p < J->end && (*J->p == ' ' || *J->p == '\t' ||
				 *J->p == '\r' || *J->p == '\n'))
		J->p++;
}

/* Consumes c after blanks, or fails naming what was expected. */
static e2l_status jexpect(jreader *J, char c)
{
	jspace(J);
	if (J->p < J->end && *J->p == c) {
		J->p++;
		return E2L_OK;
	}
	if (J->p == J->end)
		return jfail(J, "expected '%c', found the end of the line", c);
	return jfail(J, "expected '%c'", c);
}

static int jword(jreader *J, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(J->end - J->p) >= n && !memcmp(J->p, w, n)) {
		J->p += n;
		return 1;
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u"; -1 if they are not there. */
static long jhex4(jreader *J)
{
	long v = 0;
	if (J->end - J->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(J->p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	J->p += 4;
	return v;
}

static void put_utf8(strbuf *b, unsigned long c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	strbuf_put(b, u, n);
}

/*
 * A string at J->p (after blanks), decoded into *out (caller frees; NULL
 * to skip it).  Bytes from 0x80 pass through as they are (the writer
 * writes UTF-8); control characters must be escaped, as JSON says, and
 * \u0000 is refused because the result is a C string.  A lone surrogate
 * becomes U+FFFD rather than an error: one odd character should not
 * stop the dashboard.
 */
static e2l_status jstring(jreader *J, char **out)
{
	strbuf b = { 0 };
	e2l_status st;

	if ((st = jexpect(J, '"')) != E2L_OK)
		return st;
	strbuf_put(&b, "", 0);
	for (;;) {
		const char *run = J->p;
		while (J->p < J->end && *J->p != '"' && *J->p != '\\' &&
		       (unsigned char)*J->p >= 0x20)
			J->p++;
		if (out)
			strbuf_put(&b, run, (size_t)(J->p - run));
		if (J->p == J->end) {
			st = jfail(J, "string not closed");
			break;
		}
		if (*J->p == '"') {
			J->p++;
			st = E2L_OK;
			break;
		}
		if (*J->p != '\\') {
			st = jfail(J, "control character 0x%02x in a string",
				   (unsigned)(unsigned char)*J->p);
			break;
		}
		J->p++;
		if (J->p == J->end) {
			st = jfail(J, "string not closed");
			break;
		}
		char c = *J->p++, plain = 0;
		switch (c) {
		case '"': case '\\': case '/': plain = c; break;
		case 'b': plain = '\b'; break;
		case 'f': plain = '\f'; break;
		case 'n': plain = '\n'; break;
		case 'r': plain = '\r'; break;
		case 't': plain = '\t'; break;
		case 'u': {
			long u = jhex4(J);
			if (u < 0) {
				st = jfail(J, "expected four hex digits "
					   "after \\u");
				goto out;
			}
			if (u == 0) {
				st = jfail(J, "\\u0000 in a string");
				goto out;
			}
			if (u >= 0xd800 && u < 0xdc00 && J->end - J->p >= 6 &&
			    J->p[0] == '\\' && J->p[1] == 'u') {
				const char *back = J->p;
				J->p += 2;
				long lo = jhex4(J);
				if (lo >= 0xdc00 && lo < 0xe000)
					u = 0x10000 + ((u - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					J->p = back;
			}
			if (u >= 0xd800 && u < 0xe000)
				u = 0xfffd;
			if (out)
				put_utf8(&b, (unsigned long)u);
			continue;
		}
		default:
			J->p--;
			st = jfail(J, "unknown escape '\\%c'",
				   (unsigned char)c >= 0x20 &&
				   (unsigned char)c < 0x7f ? c : '?');
			goto out;
		}
		if (out)
			strbuf_put(&b, &plain, 1);
	}
out:
	if (st == E2L_OK && out)
		*out = b.s;
	else
		free(b.s);
	return st;
}

/* Any JSON value, skipped: what an unknown key holds. */
static e2l_status jskip(jreader *J, int depth)
{
	double x;
	size_t n;
	e2l_status st;

	if (depth > JSON_DEPTH)
		return jfail(J, "nested deeper than %d", JSON_DEPTH);
	jspace(J);
	if (J->p == J->end)
		return jfail(J, "expected a value, found the end of the line");
	if (*J->p == '"')
		return jstring(J, NULL);
	if (*J->p == '[' || *J->p == '{') {
		char close = *J->p == '[' ? ']' : '}';
		J->p++;
		jspace(J);
		if (J->p < J->end && *J->p == close) {
			J->p++;
			return E2L_OK;
		}
		for (;;) {
			if (close == '}') {
				if ((st = jstring(J, NULL)) != E2L_OK ||
				    (st = jexpect(J, ':')) != E2L_OK)
					return st;
			}
			if ((st = jskip(J, depth + 1)) != E2L_OK)
				return st;
			jspace(J);
			if (J->p < J->end && *J->p == ',') {
				J->p++;
				continue;
			}
			return jexpect(J, close);
		}
	}
	if (jword(J, "null") || jword(J, "true") || jword(J, "false"))
		return E2L_OK;
	if ((n = scan_number(J->p, J->end, &x)) == 0)
		return jfail(J, "expected a value");
	J->p += n;
	return E2L_OK;
}

/* A number, or null for what the writer could not write (JSON has no
 * infinity; run.c writes null for any non-finite fitness). */
static e2l_status jnumber(jreader *J, int null_ok, double *out)
{
	size_t n;
	jspace(J);
	if (null_ok && jword(J, "null")) {
		*out = -INFINITY;
		return E2L_OK;
	}
	if ((n = scan_number(J->p, J->end, out)) == 0)
		return jfail(J, "expected a number");
	J->p += n;
	return E2L_OK;
}

static e2l_status jcount(jreader *J, long max, long *out)
{
	size_t n;
	jspace(J);
	if ((n = scan_count(J->p, J->end, max, out)) == 0)
		return jfail(J, "expected a whole number from 0 to %ld", max);
	J->p += n;
	return E2L_OK;
}

static e2l_status jparents(jreader *J, runlog_gen *g)
{
	int cap = 8;
	e2l_status st;

	free(g->parents);
	g->parents = xmalloc((size_t)cap * sizeof *g->parents);
	g->mu = 0;
	if ((st = jexpect(J, '[')) != E2L_OK)
		return st;
	jspace(J);
	if (J->p < J->end && *J->p == ']')
		return jfail(J, "no parents");
	for (;;) {
		if (g->mu == cap) {
			cap *= 2;
			g->parents = xrealloc(g->parents,
					      (size_t)cap * sizeof *g->parents);
		}
		if ((st = jnumber(J, 1, &g->parents[g->mu])) != E2L_OK)
			return st;
		g->mu++;
		jspace(J);
		if (J->p < J->end && *J->p == ',') {
			J->p++;
			continue;
		}
		return jexpect(J, ']');
	}
}

void runlog_gen_free(runlog_gen *g)
{
	free(g->parents);
	free(g->champion);
	free(g->champion_raw);
	free(g->rank_units);
	g->parents = NULL;
	g->champion = g->champion_raw = NULL;
	g->rank_units = NULL;
}

/* Known keys: one bit each, to tell the required ones are there. */
enum { HAS_GENERATION = 1, HAS_PARENTS = 2, HAS_CHAMPION = 4, HAS_RANKS = 8,
       HAS_RANK_UNITS = 16 };

/* rank_units: an array of whole numbers. */
static e2l_status jrank_units(jreader *J, runlog_gen *g)
{
	long cap = 8, n = 0;
	e2l_status st;

	free(g->rank_units);
	g->rank_units = xmalloc((size_t)cap * sizeof *g->rank_units);
	g->nrank_units = 0;
	if ((st = jexpect(J, '[')) != E2L_OK)
		return st;
	jspace(J);
	if (J->p < J->end && *J->p == ']') {
		J->p++;
		return E2L_OK;
	}
	for (;;) {
		if (n == RUNLOG_RANKS_MAX)
			return jfail(J, "more than %d ranks", RUNLOG_RANKS_MAX);
		if (n == cap) {
			cap *= 2;
			g->rank_units = xrealloc(g->rank_units, (size_t)cap *
						 sizeof *g->rank_units);
		}
		if ((st = jcount(J, LONG_MAX, &g->rank_units[n])) != E2L_OK)
			return st;
		g->nrank_units = (int)++n;
		jspace(J);
		if (J->p < J->end && *J->p == ',') {
			J->p++;
			continue;
		}
		return jexpect(J, ']');
	}
}

static e2l_status parse_value(jreader *J, const char *key, runlog_gen *g,
			      int *has)
{
	long v;
	e2l_status st;

	if (!strcmp(key, "generation")) {
		*has |= HAS_GENERATION;
		return jcount(J, 2000000000L, &g->generation);
	}
	if (!strcmp(key, "parents")) {
		*has |= HAS_PARENTS;
		return jparents(J, g);
	}
	if (!strcmp(key, "champion")) {
		free(g->champion);
		g->champion = NULL;
		*has |= HAS_CHAMPION;
		return jstring(J, &g->champion);
	}
	if (!strcmp(key, "champion_raw")) {
		free(g->champion_raw);
		g->champion_raw = NULL;
		return jstring(J, &g->champion_raw);
	}
	if (!strcmp(key, "complexity")) {
		st = jcount(J, 1000000000L, &v);
		g->complexity = (int)v;
		return st;
	}
	if (!strcmp(key, "evaluations"))
		return jcount(J, LONG_MAX, &g->evaluations);
	if (!strcmp(key, "cache_hits"))
		return jcount(J, LONG_MAX, &g->cache_hits);
	if (!strcmp(key, "seconds"))
		return jnumber(J, 0, &g->seconds);
	if (!strcmp(key, "ranks")) {
		*has |= HAS_RANKS;
		st = jcount(J, RUNLOG_RANKS_MAX, &v);
		if (st == E2L_OK && v < 1)
			return jfail(J, "no ranks");
		g->ranks = (int)v;
		return st;
	}
	if (!strcmp(key, "rank_units")) {
		*has |= HAS_RANK_UNITS;
		return jrank_units(J, g);
	}
	return jskip(J, 0);
}

e2l_status runlog_gen_parse(const char *path, long lineno, long expect,
			    const char *text, size_t n, runlog_gen *g,
			    e2l_error *err)
{
	jreader J = { text, text, text + n, path, lineno, err };
	int has = 0;
	e2l_status st;

	*g = (runlog_gen){ .complexity = -1, .evaluations = -1,
			   .cache_hits = -1, .seconds = NAN };
	if (n > RUNLOG_LINE_MAX)
		return e2l_fail(err, E2L_ELIMIT, lineno > INT_MAX ? INT_MAX :
				(int)lineno, 1, "%s:%ld: line longer than %d "
				"bytes", path, lineno, RUNLOG_LINE_MAX);
	if ((st = jexpect(&J, '{')) != E2L_OK)
		return st;
	jspace(&J);
	if (J.p < J.end && *J.p == '}')
		J.p++;
	else
		for (;;) {
			char *key = NULL;
			if ((st = jstring(&J, &key)) != E2L_OK)
				return st;
			if ((st = jexpect(&J, ':')) == E2L_OK)
				st = parse_value(&J, key, g, &has);
			free(key);
			if (st != E2L_OK)
				return st;
			jspace(&J);
			if (J.p < J.end && *J.p == ',') {
				J.p++;
				continue;
			}
			if ((st = jexpect(&J, '}')) != E2L_OK)
				return st;
			break;
		}
	jspace(&J);
	if (J.p != J.end)
		return jfail(&J, "text after the object");
	J.p = J.start;
	if (!(has & HAS_GENERATION))
		return jfail(&J, "no \"generation\"");
	if (!(has & HAS_PARENTS))
		return jfail(&J, "no \"parents\"");
	if (!(has & HAS_CHAMPION))
		return jfail(&J, "no \"champion\"");
	/* Both or neither (a log from before ranks were logged). */
	if (!(has & HAS_RANKS) != !(has & HAS_RANK_UNITS))
		return jfail(&J, "\"%s\" without \"%s\"", has & HAS_RANKS ?
			     "ranks" : "rank_units", has & HAS_RANKS ?
			     "rank_units" : "ranks");
	if ((has & HAS_RANKS) && g->nrank_units != g->ranks)
		return jfail(&J, "%d ranks but %d in \"rank_units\"",
			     g->ranks, g->nrank_units);
	/* The writer logs generations 0, 1, 2, ... and a resume rewrites
	 * the file; a gap means a file this reader does not understand. */
	if (g->generation != expect)
		return jfail(&J, "generation %ld where %ld was expected",
			     g->generation, expect);
	if (!g->champion_raw)
		g->champion_raw = xstrdup("");
	return E2L_OK;
}

/* ---- Following the log --------------------------------------------- */

static void drop_generations(runlog *L)
{
	for (long i = 0; i < L->ngen; i++)
		runlog_gen_free(&L->gen[i]);
	L->ngen = 0;
	L->offset = 0;
	L->lineno = 0;
	L->ntail = 0;
}

/* Remembers the last bytes consumed (a whole line with its '\n'). */
static void tail_push(runlog *L, const char *p, size_t n)
{
	size_t keep = sizeof L->tail;
	if (n >= keep) {
		memcpy(L->tail, p + n - keep, keep);
		L->ntail = (int)keep;
		return;
	}
	size_t old = (size_t)L->ntail;
	if (old + n > keep) {
		memmove(L->tail, L->tail + (old + n - keep), keep - n);
		old = keep - n;
	}
	memcpy(L->tail + old, p, n);
	L->ntail = (int)(old + n);
}

/* Whether the file behind fd is still the log read so far. */
static int same_log(const runlog *L, int fd, const struct stat *st)
{
	unsigned char now[sizeof L->tail];
	ssize_t got;

	if (L->offset == 0)
		return 1;
	if (st->st_dev != L->log_dev || st->st_ino != L->log_ino ||
	    st->st_size < L->offset)
		return 0;
	do
		got = pread(fd, now, (size_t)L->ntail, L->offset - L->ntail);
	while (got < 0 && errno == EINTR);
	return got == L->ntail && !memcmp(now, L->tail, (size_t)L->ntail);
}

static void add_generation(runlog *L, const runlog_gen *g)
{
	if (L->ngen == L->capgen) {
		L->capgen = L->capgen ? 2 * L->capgen : 256;
		L->gen = xrealloc(L->gen, (size_t)L->capgen * sizeof *L->gen);
	}
	L->gen[L->ngen++] = *g;
}

/* Consumes the complete lines in buf[0, *len); the rest (a line still
 * being written) moves to the front.  Fails on a bad line, leaving the
 * offset before it. */
static e2l_status take_lines(runlog *L, char *buf, size_t *len,
			     e2l_error *err)
{
	size_t start = 0;
	char *nl;
	e2l_status st = E2L_OK;

	while ((nl = memchr(buf + start, '\n', *len - start))) {
		size_t n = (size_t)(nl - (buf + start));
		runlog_gen g;
		/* A blank line too is an error: the writer writes none. */
		st = runlog_gen_parse(L->log_path, L->lineno + 1, L->ngen,
				      buf + start, n, &g, err);
		if (st != E2L_OK) {
			runlog_gen_free(&g);
			break;
		}
		add_generation(L, &g);
		tail_push(L, buf + start, n + 1);
		L->offset += (off_t)(n + 1);
		L->lineno++;
		start += n + 1;
	}
	if (st == E2L_OK && *len - start > RUNLOG_LINE_MAX)
		st = e2l_fail(err, E2L_ELIMIT, (int)(L->lineno + 1), 1,
			      "%s:%ld: line longer than %d bytes",
			      L->log_path, L->lineno + 1, RUNLOG_LINE_MAX);
	memmove(buf, buf + start, *len - start);
	*len -= start;
	return st;
}

static e2l_status poll_log(runlog *L, e2l_error *err)
{
	enum { CHUNK = 1 << 16 };
	struct stat st;
	FILE *f;
	int fd;
	char *buf;
	size_t len = 0, cap = CHUNK;
	off_t pos, stop;
	e2l_status status = E2L_OK;

	/* Not created yet is no error; a FIFO or a device is. */
	if (lstat(L->log_path, &st) != 0 && errno == ENOENT)
		return E2L_OK;
	if (!(f = e2l_fopen_read(L->log_path, err)))
		return E2L_EIO;
	fd = fileno(f);
	if (fstat(fd, &st) != 0) {
		status = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", L->log_path,
				  strerror(errno));
		fclose(f);
		return status;
	}
	if (!same_log(L, fd, &st)) {
		drop_generations(L);
		L->restarted = 1;
	}
	L->log_dev = st.st_dev;
	L->log_ino = st.st_ino;
	/* Up to the size seen now: a writer that never pauses cannot keep
	 * the poll going. */
	pos = L->offset;
	stop = st.st_size - pos > RUNLOG_POLL_MAX ? pos + RUNLOG_POLL_MAX :
		st.st_size;
	buf = xmalloc(cap);
	while (status == E2L_OK && pos < stop) {
		size_t want = stop - pos < CHUNK ? (size_t)(stop - pos) : CHUNK;
		ssize_t got;
		if (len + want > cap) {
			cap = len + want;
			buf = xrealloc(buf, cap);
		}
		got = pread(fd, buf + len, want, pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			status = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s",
					  L->log_path, strerror(errno));
			break;
		}
		if (got == 0)
			break;          /* shrunk: the next poll sees to it */
		pos += got;
		len += (size_t)got;
		status = take_lines(L, buf, &len, err);
	}
	free(buf);
	fclose(f);
	return status;
}

/* ---- hof.tsv and pareto.tsv ---------------------------------------- */

void runlog_table_free(runlog_table *T)
{
	for (int i = 0; i < T->n; i++)
		free(T->rows[i].formula);
	free(T->rows);
	T->rows = NULL;
	T->n = 0;
	T->total = 0;
}

/* A fitness as %.17g writes it, the whole of [p, end): a number, or
 * "inf", "-inf", "nan" or "-nan" for the non-finite values. */
static int scan_fitness(const char *p, const char *end, double *out)
{
	size_t n = (size_t)(end - p);
	if (n == 3 && !memcmp(p, "inf", 3))
		*out = INFINITY;
	else if (n == 4 && !memcmp(p, "-inf", 4))
		*out = -INFINITY;
	else if ((n == 3 && !memcmp(p, "nan", 3)) ||
		 (n == 4 && !memcmp(p, "-nan", 4)))
		*out = NAN;
	else
		return n > 0 && scan_number(p, end, out) == n;
	return 1;
}

/* Whether [p, end) holds a control character (a CR among them). */
static int has_control(const char *p, const char *end)
{
	for (; p < end; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static e2l_status table_parse(runlog_table *T, int keep, const char *path,
			      const char *text, size_t len, e2l_error *err)
{
	static const char header[] = "fitness\tcomplexity\tformula";
	const char *p = text, *end = text + len;
	long line = 0;
	int cap = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *tab1, *tab2;
		double fit;
		long ops;
		int at = ++line > INT_MAX ? INT_MAX : (int)line;
		if (!nl)
			return e2l_fail(err, E2L_ESYNTAX, at, 1, "%s:%ld: last "
					"line not complete", path, line);
		if (memchr(p, '\0', (size_t)(nl - p)))
			return e2l_fail(err, E2L_ESYNTAX, at, 1, "%s:%ld: NUL "
					"byte", path, line);
		if (line == 1) {
			if ((size_t)(nl - p) != sizeof header - 1 ||
			    memcmp(p, header, sizeof header - 1))
				return e2l_fail(err, E2L_ESYNTAX, 1, 1, "%s:1: "
						"expected the header '%s'%s",
						path, "fitness<TAB>complexity"
						"<TAB>formula", nl > p &&
						nl[-1] == '\r' ? " with a "
						"plain '\\n' line end, not "
						"CRLF" : "");
			p = nl + 1;
			continue;
		}
		tab1 = memchr(p, '\t', (size_t)(nl - p));
		tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(nl - tab1 - 1)) :
			NULL;
		if (!tab2 || !scan_fitness(p, tab1, &fit) ||
		    scan_count(tab1 + 1, tab2, 1000000000L, &ops) !=
		    (size_t)(tab2 - tab1 - 1) || tab2 + 1 == nl)
			return e2l_fail(err, E2L_ESYNTAX, at, 1, "%s:%ld: "
					"expected fitness<TAB>complexity<TAB>"
					"formula", path, line);
		if (has_control(tab2 + 1, nl))
			return e2l_fail(err, E2L_ESYNTAX, at, 1, "%s:%ld: a "
					"control character in the formula%s",
					path, line, nl[-1] == '\r' ? " (a CRLF "
					"line end?)" : "");
		if (T->n < keep) {
			if (T->n == cap) {
				cap = cap ? 2 * cap : 64;
				if (cap > keep)
					cap = keep;
				T->rows = xrealloc(T->rows, (size_t)cap *
						   sizeof *T->rows);
			}
			size_t n = (size_t)(nl - tab2 - 1);
			char *f = xmalloc(n + 1);
			memcpy(f, tab2 + 1, n);
			f[n] = '\0';
			T->rows[T->n++] = (runlog_hof){ fit, (int)ops, f };
		}
		T->total++;
		p = nl + 1;
	}
	if (line == 0)
		return e2l_fail(err, E2L_ESYNTAX, 1, 1, "%s: empty (no header "
				"line)", path);
	return E2L_OK;
}

e2l_status runlog_table_read(const char *path, int keep, runlog_table *T,
			     e2l_error *err)
{
	char *text;
	size_t len;
	e2l_status st;

	memset(T, 0, sizeof *T);
	st = e2l_read_file(path, E2L_RUNFILE_MAX, &text, &len, err);
	if (st == E2L_OK)
		st = table_parse(T, keep, path, text, len, err);
	free(text);
	return st;
}

static int same_sig(const runlog_sig *a, const runlog_sig *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->ctime.tv_sec == b->ctime.tv_sec &&
	       a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* Reads a table again if its file was replaced; a damaged one is an
 * error and the last good table stays (the writer replaces these files
 * by rename, so damage is real, not a write in progress). */
static e2l_status poll_table(runlog_table *T, const char *path,
			     e2l_error *err)
{
	struct stat st;
	runlog_sig sig;
	runlog_table fresh;
	e2l_status status;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? E2L_OK :
			e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				 strerror(errno));
	sig = (runlog_sig){ st.st_dev, st.st_ino, st.st_size, st.st_mtim,
			    st.st_ctim };
	if (T->seen && same_sig(&sig, &T->sig))
		return E2L_OK;
	status = runlog_table_read(path, RUNLOG_TABLE_MAX, &fresh, err);
	if (status != E2L_OK) {
		runlog_table_free(&fresh);
		return status;
	}
	runlog_table_free(T);
	fresh.sig = sig;
	fresh.seen = 1;
	*T = fresh;
	return E2L_OK;
}

long runlog_poll(runlog *L, e2l_error *err)
{
	long before = L->ngen;
	e2l_error e2;
	e2l_status st;

	L->restarted = 0;
	st = poll_log(L, err);
	/* The tables are read even when the log has trouble, so the
	 * dashboard keeps what can be shown; the log's error comes first. */
	if (poll_table(&L->hof, L->hof_path, st == E2L_OK ? err : &e2) !=
	    E2L_OK && st == E2L_OK)
		st = E2L_EIO;
	if (poll_table(&L->pareto, L->pareto_path, st == E2L_OK ? err : &e2)
	    != E2L_OK && st == E2L_OK)
		st = E2L_EIO;
	if (st != E2L_OK)
		return -1;
	return L->restarted ? L->ngen : L->ngen - before;
}

/* ---- run.conf and task.task ---------------------------------------- */

/* key = value lines, '#' to the end of a line a comment. */
typedef struct {
	const char *p, *end, *path;
	int line;
	char *key, *value;      /* the current setting, NUL-terminated */
	char *buf;
} kv_reader;

static char *trim(char *s, char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

/* The next setting into r->key and r->value; both NULL at the end. */
static e2l_status kv_next(kv_reader *r, e2l_error *err)
{
	r->key = r->value = NULL;
	while (r->p < r->end) {
		const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
		size_t n = nl ? (size_t)(nl - r->p) : (size_t)(r->end - r->p);
		char *hash, *eq, *stop;
		r->line++;
		if (memchr(r->p, '\0', n))
			return e2l_fail(err, E2L_ESYNTAX, r->line, 1, "%s:%d: "
					"NUL byte: not a text file", r->path,
					r->line);
		free(r->buf);
		r->buf = xmalloc(n + 1);
		memcpy(r->buf, r->p, n);
		r->buf[n] = '\0';
		r->p += n + (nl != NULL);
		hash = strchr(r->buf, '#');
		stop = hash ? hash : r->buf + n;
		if (*trim(r->buf, stop) == '\0')
			continue;
		eq = strchr(r->buf, '=');
		if (!eq || eq == r->buf)
			return e2l_fail(err, E2L_ESYNTAX, r->line, 1, "%s:%d: "
					"expected 'key = value'", r->path,
					r->line);
		r->key = trim(r->buf, eq);
		r->value = trim(eq + 1, eq + 1 + strlen(eq + 1));
		if (!*r->key || !*r->value)
			return e2l_fail(err, E2L_ESYNTAX, r->line, 1, "%s:%d: "
					"expected 'key = value'", r->path,
					r->line);
		return E2L_OK;
	}
	return E2L_OK;
}

static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return 0;
	for (; *s; s++) {
		uint64_t d = (uint64_t)(*s - '0');
		if (!is_digit(*s) || v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

void runlog_conf_free(runlog_conf *c)
{
	free(c->preset);
	free(c->ref_name);
	free(c->ref_formula);
	memset(c, 0, sizeof *c);
	c->ref_none = c->ref_known = NAN;
}

/* run.conf's keys, in the order run.c writes them. */
enum { K_FORMAT, K_PRESET, K_SEED, K_TASK_SEED, K_GENERATIONS,
       K_MAX_EVALUATIONS, K_WALL_SECONDS, K_REFERENCE_NONE,
       K_REFERENCE_KNOWN, NKEYS };
static const char *const conf_keys[NKEYS] = {
	"format", "preset", "seed", "task_seed", "generations",
	"max_evaluations", "wall_seconds", "reference_none",
	"reference_known",
};

/* What conf_value expects of each key, for its error. */
static const char *conf_expected(int key)
{
	switch (key) {
	case K_WALL_SECONDS:
		return "a number of seconds, 0 or more";
	case K_REFERENCE_NONE:
		return "a fitness (a number, or -inf)";
	case K_REFERENCE_KNOWN:
		return "'FITNESS NAME FORMULA'";
	}
	return "a whole number";
}

/* A reference line's fitness: a number as %.17g writes it, or -inf (a
 * rule that blew up); NaN and +inf no writer writes. */
static int reference_fitness(const char *p, const char *end, double *out)
{
	return scan_fitness(p, end, out) && !isnan(*out) && *out != INFINITY;
}

/* reference_known's "FITNESS NAME FORMULA" into c. */
static int reference_known(runlog_conf *c, const char *v)
{
	const char *sp = strchr(v, ' '), *name, *ne, *formula;
	if (!sp || !reference_fitness(v, sp, &c->ref_known))
		return 0;
	for (name = sp; *name == ' '; name++)
		;
	for (ne = name; *ne && *ne != ' '; ne++)
		;
	for (formula = ne; *formula == ' '; formula++)
		;
	if (ne == name || !*formula ||
	    has_control(v, v + strlen(v)))
		return 0;
	free(c->ref_name);
	free(c->ref_formula);
	c->ref_name = xmalloc((size_t)(ne - name) + 1);
	memcpy(c->ref_name, name, (size_t)(ne - name));
	c->ref_name[ne - name] = '\0';
	c->ref_formula = xstrdup(formula);
	return 1;
}

/* One setting's value into c; 0 if it is not one the writer writes. */
static int conf_value(runlog_conf *c, int key, const char *v)
{
	uint64_t u;
	double x;
	size_t n = strlen(v);

	switch (key) {
	case K_PRESET:
		c->preset = xstrdup(v);
		return 1;
	case K_SEED:
		return parse_u64(v, &c->seed);
	case K_TASK_SEED:
		return parse_u64(v, &c->task_seed);
	case K_GENERATIONS:
	case K_MAX_EVALUATIONS:
		if (!parse_u64(v, &u) || u > LONG_MAX)
			return 0;
		*(key == K_GENERATIONS ? &c->generations :
		  &c->max_evaluations) = (long)u;
		return 1;
	case K_WALL_SECONDS:
		if (scan_number(v, v + n, &x) != n || !isfinite(x) || x < 0)
			return 0;
		c->wall_seconds = x;
		return 1;
	case K_REFERENCE_NONE:
		return reference_fitness(v, v + n, &c->ref_none);
	case K_REFERENCE_KNOWN:
		return reference_known(c, v);
	}
	return 1;
}

enum { NSETTINGS = 16 };

/*
 * The settings' lines, once the whole file is read (the preset they
 * start from may come after them): all or none, each read as the command
 * line's option is, then checked together.  vals[i] and line[i] are
 * evo_settings_table[i]'s.
 */
static e2l_status conf_settings(runlog_conf *c, const char *path,
				char **vals, const int *line, e2l_error *err)
{
	int n = 0, all = 0, i;
	const char *key;
	e2l_status st = E2L_OK;

	evo_settings_init(&c->settings, c->preset ?
			  evo_preset_find(c->preset) : NULL);
	for (i = 0; evo_settings_table[i].key; i++)
		n += i < NSETTINGS && line[i] != 0;
	all = i;
	assert(all <= NSETTINGS);
	if (n == 0)
		return E2L_OK;          /* before settings were saved */
	for (i = 0; i < all; i++)
		if (!line[i])
			return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: no '%s' "
					"(it has the other settings)", path,
					evo_settings_table[i].key);
	/* In table order: columns before levels_back, which it sets too. */
	for (i = 0; i < all && st == E2L_OK; i++) {
		st = evo_settings_set(&c->settings, evo_settings_table[i].key,
				      vals[i], err);
		if (st != E2L_OK) {
			char why[sizeof err->msg];
			memcpy(why, err->msg, sizeof why);
			st = e2l_fail(err, E2L_ESYNTAX, line[i], 1, "%s:%d: "
				      "%s: %.200s", path, line[i],
				      evo_settings_table[i].key, why);
		}
	}
	if (st == E2L_OK &&
	    evo_settings_check(&c->settings, NULL, &key, err) != E2L_OK) {
		char why[sizeof err->msg];
		memcpy(why, err->msg, sizeof why);
		for (i = 0; i < all && strcmp(evo_settings_table[i].key, key);
		     i++)
			;
		st = e2l_fail(err, E2L_EINVALID, i < all ? line[i] : 0, 1,
			      "%s:%d: %s: %.200s", path, i < all ? line[i] :
			      0, key, why);
	}
	return st;
}

e2l_status runlog_conf_read(const char *dir, runlog_conf *c, e2l_error *err)
{
	char *path = path_in(dir, "run.conf"), *text;
	kv_reader r = { 0 };
	int settings = 0, line[NKEYS] = { 0 }, sline[NSETTINGS] = { 0 };
	char *svals[NSETTINGS] = { NULL };
	e2l_status st = e2l_read_text(path, CONF_MAX, &text, err);

	memset(c, 0, sizeof *c);
	c->task_seed = 1;           /* as `e2l run`, when run.conf has none */
	c->ref_none = c->ref_known = NAN;   /* not measured */
	if (st != E2L_OK) {
		if (err && st == E2L_EIO) {
			char why[sizeof err->msg];
			memcpy(why, err->msg, sizeof why);
			e2l_fail(err, E2L_EIO, 0, 0, "%.200s (not an e2l run "
				 "directory?)", why);
		}
		free(path);
		return st;
	}
	r = (kv_reader){ text, text + strlen(text), path, 0, NULL, NULL,
			 NULL };
	while ((st = kv_next(&r, err)) == E2L_OK && r.key) {
		int k = 0;
		while (k < NKEYS && strcmp(r.key, conf_keys[k]))
			k++;
		if (settings++ == 0 && k != K_FORMAT) {
			st = e2l_fail(err, E2L_EINVALID, r.line, 1, "%s:%d: "
				      "expected 'format = %s' first: not an "
				      "e2l run directory", path, r.line,
				      EVO_RUN_FORMAT);
			break;
		}
		if (k == NKEYS) {
			int j = 0;
			while (j < NSETTINGS && evo_settings_table[j].key &&
			       strcmp(r.key, evo_settings_table[j].key))
				j++;
			if (j == NSETTINGS || !evo_settings_table[j].key)
				continue;   /* a later e2l may add settings */
			if (sline[j]) {
				st = e2l_fail(err, E2L_ESYNTAX, r.line, 1,
					      "%s:%d: duplicate '%s' (first on "
					      "line %d)", path, r.line, r.key,
					      sline[j]);
				break;
			}
			sline[j] = r.line;
			svals[j] = xstrdup(r.value);
			continue;
		}
		if (line[k]) {
			st = e2l_fail(err, E2L_ESYNTAX, r.line, 1, "%s:%d: "
				      "duplicate '%s' (first on line %d)",
				      path, r.line, r.key, line[k]);
			break;
		}
		line[k] = r.line;
		if (k == K_FORMAT && strcmp(r.value, EVO_RUN_FORMAT)) {
			st = e2l_fail(err, E2L_EINVALID, r.line, 1, "%s: run "
				      "directory format '%.60s' is not "
				      "supported (this e2l reads '%s')", path,
				      r.value, EVO_RUN_FORMAT);
			break;
		}
		if (!conf_value(c, k, r.value)) {
			st = e2l_fail(err, E2L_ESYNTAX, r.line, 1, "%s:%d: %s: "
				      "expected %s, not '%.40s'", path, r.line,
				      r.key, conf_expected(k), r.value);
			break;
		}
	}
	if (st == E2L_OK && !settings)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: empty: not an e2l "
			      "run directory", path);
	else if (st == E2L_OK && (!line[K_PRESET] || !line[K_SEED] ||
				  !line[K_GENERATIONS]))
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: no %s", path,
			      !line[K_PRESET] ? "preset" : !line[K_SEED] ?
			      "seed" : "generations");
	if (st == E2L_OK)
		st = conf_settings(c, path, svals, sline, err);
	for (int j = 0; j < NSETTINGS; j++)
		free(svals[j]);
	free(r.buf);
	free(text);
	free(path);
	return st;
}

static e2l_status read_task(runlog *L, e2l_error *err)
{
	char *path = path_in(L->dir, "task.task"), *text;
	kv_reader r;
	e2l_status st = e2l_read_text(path, CONF_MAX, &text, err);

	if (st != E2L_OK) {
		free(path);
		return st;
	}
	r = (kv_reader){ text, text + strlen(text), path, 0, NULL, NULL,
			 NULL };
	while ((st = kv_next(&r, err)) == E2L_OK && r.key)
		if (!strcmp(r.key, "family")) {
			L->family = xstrdup(r.value);
			break;
		}
	if (st == E2L_OK && !L->family)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: no 'family = NAME'",
			      path);
	free(r.buf);
	free(text);
	free(path);
	return st;
}

e2l_status runlog_open(runlog *L, const char *dir, e2l_error *err)
{
	runlog_conf c;
	e2l_status st;

	memset(L, 0, sizeof *L);
	L->dir = xstrdup(dir);
	L->target = NAN;
	st = runlog_conf_read(dir, &c, err);
	L->preset = c.preset;            /* L owns it now */
	L->seed = c.seed;
	L->task_seed = c.task_seed;
	L->generations = c.generations;
	L->max_evaluations = c.max_evaluations;
	L->wall_seconds = c.wall_seconds;
	L->ref_none = c.ref_none;
	L->ref_known = c.ref_known;
	L->ref_name = c.ref_name;        /* and these */
	L->ref_formula = c.ref_formula;
	if (st != E2L_OK || (st = read_task(L, err)) != E2L_OK) {
		runlog_close(L);
		return st;
	}
	/* mu is 0 only for a run.conf without settings of a preset this
	 * e2l does not know. */
	if (c.settings.mu)
		L->target = c.settings.min_fitness;
	L->log_path = path_in(dir, "log.jsonl");
	L->hof_path = path_in(dir, "hof.tsv");
	L->pareto_path = path_in(dir, "pareto.tsv");
	L->pid_path = path_in(dir, "pid");
	return E2L_OK;
}

void runlog_close(runlog *L)
{
	drop_generations(L);
	free(L->gen);
	runlog_table_free(&L->hof);
	runlog_table_free(&L->pareto);
	free(L->dir);
	free(L->preset);
	free(L->family);
	free(L->log_path);
	free(L->hof_path);
	free(L->pareto_path);
	free(L->pid_path);
	free(L->ref_name);
	free(L->ref_formula);
	memset(L, 0, sizeof *L);
	L->ref_none = L->ref_known = NAN;
}

/* ---- The checkpoint ------------------------------------------------ */

/* GSL's mt19937 state (gsl/rng/mt.c), which the checkpoint holds byte for
 * byte: the generator indexes mt[] with mti, and tempers words it takes
 * to be 32-bit, so a state outside these bounds would read out of bounds
 * or give uniform numbers >= 1 (and with them indices out of range). */
enum { MT_N = 624 };
typedef struct {
	unsigned long mt[MT_N];
	int mti;
} mt_state;

/* Whether raw (size bytes) is a state MT19937 can be in. */
static int mt_state_ok(const unsigned char *raw, size_t size)
{
	mt_state s;
	unsigned long any = 0;

	if (size != sizeof s)
		return 0;
	memcpy(&s, raw, sizeof s);
	if (s.mti < 0 || s.mti > MT_N)
		return 0;
	for (int i = 0; i < MT_N; i++) {
		if (s.mt[i] > 0xffffffffUL)
			return 0;
		any |= i ? s.mt[i] : s.mt[i] & 0x80000000UL;
	}
	/* All zero (but for mt[0]'s low bits) stays zero for ever: a state
	 * no seed leads to. */
	return any != 0;
}

/* The next space-separated token of a line: [*p, return value). */
static const char *token_end(const char *p)
{
	while (*p && *p != ' ')
		p++;
	return p;
}

static e2l_status checkpoint_line(const char *path, int lineno, char *key,
				  char *rest, es_state *S, int *parents,
				  double *seconds, e2l_error *err)
{
	const char *p = rest, *e = token_end(rest);
	long v;

#define BAD(...) e2l_fail(err, E2L_EINVALID, lineno, 1, __VA_ARGS__)
	if (!strcmp(key, "generation") || !strcmp(key, "evaluations")) {
		if (!*e && scan_count(p, e, LONG_MAX, &v) == (size_t)(e - p) &&
		    e > p) {
			*(key[0] == 'g' ? &S->generation : &S->evaluations) = v;
			return E2L_OK;
		}
		return BAD("%s:%d: bad %s count '%.20s'", path, lineno,
			   key[0] == 'g' ? "generation" : "evaluation", rest);
	}
	if (!strcmp(key, "seconds")) {
		if (!*e && e > p && scan_number(p, e, seconds) ==
		    (size_t)(e - p) && isfinite(*seconds) && *seconds >= 0)
			return E2L_OK;
		return BAD("%s:%d: bad seconds '%.20s'", path, lineno, rest);
	}
	if (!strcmp(key, "rng")) {
		size_t size = gsl_rng_size(S->rng), namelen = (size_t)(e - p);
		const char *name = gsl_rng_name(S->rng), *hex = e + 1;
		unsigned char *raw = xmalloc(size);
		int ok = namelen == strlen(name) && !memcmp(p, name, namelen) &&
			*e == ' ' && strlen(hex) == 2 * size &&
			!strcmp(name, "mt19937");
		for (size_t i = 0; ok && i < size; i++) {
			int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
			ok = hi >= 0 && lo >= 0;
			raw[i] = (unsigned char)(hi * 16 + lo);
		}
		if (ok && mt_state_ok(raw, size))
			memcpy(gsl_rng_state(S->rng), raw, size);
		else
			ok = 0;
		free(raw);
		return ok ? E2L_OK : BAD("%s:%d: bad random state", path,
					 lineno);
	}
	if (!strcmp(key, "parent")) {
		if (*parents == S->P.mu)
			return BAD("%s:%d: more parents than the preset's %d",
				   path, lineno, S->P.mu);
		cgp_individual *x = &S->parents[(*parents)++];
		if (!scan_fitness(p, e, &x->fitness))
			return BAD("%s:%d: bad fitness '%.*s'", path, lineno,
				   (int)(e - p > 30 ? 30 : e - p), p);
		for (int k = 0; k < S->P.ngenomes; k++) {
			for (int j = 0; j < x->g[k].n; j++) {
				if (*e != ' ')
					return BAD("%s:%d: %d genes where the "
						   "preset's genome has %d",
						   path, lineno, k * x->g[k].n +
						   j, S->P.ngenomes *
						   x->g[k].n);
				p = e + 1;
				e = token_end(p);
				if (e == p || scan_count(p, e, INT_MAX, &v) !=
				    (size_t)(e - p))
					return BAD("%s:%d: bad gene '%.*s'",
						   path, lineno,
						   (int)(e - p > 20 ? 20 :
							 e - p), p);
				x->g[k].genes[j] = (int)v;
			}
			int bad = cgp_genome_check(&x->g[k], S->P.shape);
			if (bad >= 0)
				return BAD("%s:%d: gene %d is %d, which the "
					   "preset's genome does not allow",
					   path, lineno, k * x->g[k].n + bad + 1,
					   x->g[k].genes[bad]);
		}
		if (*e)
			return BAD("%s:%d: more genes than the preset's genome",
				   path, lineno);
		return E2L_OK;
	}
	return BAD("%s:%d: unknown entry '%.20s'", path, lineno, key);
#undef BAD
}

e2l_status runlog_checkpoint_read(const char *path, es_state *S,
				  double *seconds, e2l_error *err)
{
	static const char *const once[] = { "generation", "evaluations",
					    "seconds", "rng" };
	static const char magic[] = EVO_CHECKPOINT_MAGIC "\n";
	int seen[4] = { 0 }, parents = 0, lineno = 0, ended = 0;
	char *text, *line, *nl;
	size_t len;
	e2l_status st = e2l_read_file(path, E2L_RUNFILE_MAX, &text, &len, err);

	if (st != E2L_OK)
		return st;
	/* What the file is, before what is wrong with it. */
	if (len < sizeof magic - 1 || memcmp(text, magic, sizeof magic - 1)) {
		st = e2l_fail(err, E2L_EINVALID, 1, 1, "%s:1: not an e2l "
			      "checkpoint of this version (want '%s')", path,
			      EVO_CHECKPOINT_MAGIC);
		free(text);
		return st;
	}
	if ((st = e2l_text_check(path, text, &len, err)) != E2L_OK) {
		free(text);
		return st;
	}
	for (line = text; st == E2L_OK && *line; line = nl + 1) {
		char *sp, *rest;
		lineno = lineno == INT_MAX ? INT_MAX : lineno + 1;
		if (!(nl = strchr(line, '\n'))) {
			st = e2l_fail(err, E2L_EINVALID, lineno, 1, "%s:%d: "
				      "last line not complete (truncated "
				      "checkpoint)", path, lineno);
			break;
		}
		*nl = '\0';
		if (lineno == 1)
			continue;       /* the magic line, checked */
		if (ended) {
			st = e2l_fail(err, E2L_EINVALID, lineno, 1, "%s:%d: "
				      "text after the end line", path, lineno);
			break;
		}
		if (!strcmp(line, "end")) {
			ended = 1;
			continue;
		}
		sp = strchr(line, ' ');
		rest = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		for (int k = 0; k < 4; k++)
			if (!strcmp(line, once[k]) && seen[k]++) {
				st = e2l_fail(err, E2L_EINVALID, lineno, 1,
					      "%s:%d: a second '%s' line",
					      path, lineno, line);
				break;
			}
		if (st == E2L_OK)
			st = checkpoint_line(path, lineno, line, rest, S,
					     &parents, seconds, err);
	}
	if (st == E2L_OK && (!ended || parents != S->P.mu))
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: truncated "
			      "checkpoint (%d of %d parents%s)", path,
			      parents, S->P.mu, ended ? "" : ", no end line");
	for (int k = 0; st == E2L_OK && k < 4; k++)
		if (!seen[k])
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: no '%s' "
				      "line", path, once[k]);
	free(text);
	return st;
}

/* ---- Status and pace ----------------------------------------------- */

int runlog_owner_parse(const char *text, size_t n, long *pid, char *host,
		       size_t hostsize)
{
	const char *end = text + n, *p, *h;
	long v;
	size_t k;

	/* "PID HOST\n", nothing else. */
	if (n == 0 || text[n - 1] != '\n' || hostsize == 0)
		return 0;
	end--;
	k = scan_count(text, end, INT_MAX, &v);
	if (k == 0 || v <= 0 || text[k] != ' ')
		return 0;
	h = p = text + k + 1;
	while (p < end && (unsigned char)*p > 0x20 && *p != 0x7f)
		p++;
	if (p != end || p == h || (size_t)(p - h) >= hostsize)
		return 0;
	memcpy(host, h, (size_t)(p - h));
	host[p - h] = '\0';
	*pid = v;
	return 1;
}

int runlog_is_e2l(long pid)
{
	char link[64], exe[4096], self[4096];
	const char *base;
	ssize_t n, m;

	snprintf(link, sizeof link, "/proc/%ld/exe", pid);
	if ((n = readlink(link, exe, sizeof exe - 1)) < 0)
		return -1;
	exe[n] = '\0';
	m = readlink("/proc/self/exe", self, sizeof self - 1);
	if (m > 0 && m == n && !memcmp(self, exe, (size_t)n))
		return 1;
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	return !strncmp(base, "e2l", 3);
}

/* Whether process pid has ended but not been collected (a zombie: its
 * locks are gone, and so is its /proc/PID/exe).  0 where /proc cannot
 * tell. */
static int is_zombie(long pid)
{
	char path[64], text[512], *end;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	/* The state follows the command name, which may hold ')'. */
	end = strrchr(text, ')');
	return end && end[1] == ' ' && (end[2] == 'Z' || end[2] == 'X');
}

runlog_owner runlog_owner_of(const char *text, size_t n, long *pid,
			     char *host, size_t hostsize)
{
	char self[256] = "";

	if (!runlog_owner_parse(text, n, pid, host, hostsize))
		return RUNLOG_OWNER_NONE;
	gethostname(self, sizeof self - 1);
	if (strcmp(self, host))
		return RUNLOG_OWNER_REMOTE;
	/* A pid file left by a killed run whose pid a program has been
	 * given since does not count. */
	return (kill((pid_t)*pid, 0) == 0 || errno == EPERM) &&
	       !is_zombie(*pid) && runlog_is_e2l(*pid) != 0 ?
	       RUNLOG_OWNER_LIVE : RUNLOG_OWNER_GONE;
}

/* Whether DIR/pid names a live e2l. */
static int owner_alive(const runlog *L)
{
	char *text, host[256];
	size_t n;
	long pid;
	runlog_owner who;
	e2l_error err;

	if (!L->pid_path || e2l_read_file(L->pid_path, PID_MAX, &text, &n,
					  &err) != E2L_OK)
		return 0;
	who = runlog_owner_of(text, n, &pid, host, sizeof host);
	free(text);
	return who == RUNLOG_OWNER_LIVE || who == RUNLOG_OWNER_REMOTE;
}

const char *runlog_stop_reason(long generation, long generations,
			       double best, double target, double seconds,
			       double wall_seconds, long evaluations,
			       long max_evaluations)
{
	if (generations > 0 && generation + 1 >= generations)
		return "generations";
	if (!isnan(target) && best + 1e-10 >= target)
		return "target fitness";
	if (wall_seconds > 0 && seconds >= wall_seconds)
		return "wall time";
	if (max_evaluations > 0 && evaluations >= max_evaluations)
		return "evaluations";
	return NULL;
}

runlog_state runlog_status(const runlog *L)
{
	const runlog_gen *last = L->ngen ? &L->gen[L->ngen - 1] : NULL;
	const char *why;

	if (owner_alive(L))
		return RUNLOG_RUNNING;
	if (!last)
		return RUNLOG_STOPPED;
	/* Finished: what no resume would take further; a budget that ran
	 * out is a stop (a larger one continues it). */
	why = runlog_stop_reason(last->generation, L->generations,
				 last->parents[0], L->target, last->seconds,
				 L->wall_seconds, last->evaluations,
				 L->max_evaluations);
	return why && (!strcmp(why, "generations") ||
		       !strcmp(why, "target fitness")) ? RUNLOG_FINISHED :
		RUNLOG_STOPPED;
}

int runlog_rank_rates(const runlog *L, long last, int window, double *rates,
		      int max)
{
	const runlog_gen *b, *a;
	long first;
	int ranks;
	double dt;

	if (last < 0 || last >= L->ngen || window < 1)
		return 0;
	b = &L->gen[last];
	ranks = b->ranks;
	if (ranks < 1 || !b->rank_units)
		return 0;
	/* The units of generations (first, last], over the time since
	 * generation first ended; generation 0's since the run began. */
	first = last - window;
	if (first < -1)
		first = -1;
	a = first >= 0 ? &L->gen[first] : NULL;
	dt = b->seconds - (a ? a->seconds : 0);
	if (!(dt > 0) || !isfinite(dt))
		return 0;
	for (long i = first + 1; i <= last; i++)
		if (L->gen[i].ranks != ranks || !L->gen[i].rank_units)
			return 0;
	for (int r = 0; r < ranks && r < max; r++) {
		double sum = 0;
		for (long i = first + 1; i <= last; i++)
			sum += (double)L->gen[i].rank_units[r];
		rates[r] = sum / dt;
	}
	return ranks;
}

int runlog_rank_text(const runlog *L, long last, int window, char *buf,
		     size_t size)
{
	enum { SHOWN = 64 };            /* ranks a line has room for */
	double rates[SHOWN];
	int ranks = runlog_rank_rates(L, last, window, rates, SHOWN);
	size_t n;

	if (size)
		buf[0] = '\0';
	if (ranks < 1 || size == 0)
		return 0;
	n = (size_t)snprintf(buf, size, "%d rank%s, experiments/s per rank:",
			     ranks, ranks == 1 ? "" : "s");
	for (int r = 0; r < ranks && r < SHOWN && n < size; r++)
		n += (size_t)snprintf(buf + n, size - n, " %.3g", rates[r]);
	if (ranks > SHOWN && n < size)
		snprintf(buf + n, size - n, " ...");
	return 1;
}

double runlog_eta(const runlog *L, double *sec_per_gen)
{
	double rate = NAN, left;

	if (L->ngen >= 2) {
		const runlog_gen *b = &L->gen[L->ngen - 1];
		long back = L->ngen - 1 < RUNLOG_ETA_WINDOW ? L->ngen - 1 :
			RUNLOG_ETA_WINDOW;
		const runlog_gen *a = b - back;
		double dt = b->seconds - a->seconds;
		/* A resumed run's seconds carry on from the checkpoint, so
		 * time never runs backwards in a well-formed log. */
		if (isfinite(dt) && dt >= 0)
			rate = dt / (double)(b->generation - a->generation);
	}
	if (sec_per_gen)
		*sec_per_gen = rate;
	if (isnan(rate) || L->generations <= 0)
		return NAN;
	left = (double)(L->generations - (L->gen[L->ngen - 1].generation + 1));
	return left > 0 ? left * rate : 0.0;
}

/* ---- Steering runs: stop one, list those going -------------------- */

e2l_status runlog_stop(const char *dir, e2l_error *err)
{
	char *path = path_in(dir, "pid"), text[PID_MAX], host[256];
	struct stat sb;
	runlog_owner who = RUNLOG_OWNER_NONE;
	e2l_status st = E2L_OK;
	ssize_t n = -1;
	long pid = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
		      O_NONBLOCK);

	if (fd < 0) {
		st = errno == ENOENT ?
			e2l_fail(err, E2L_EINVALID, 0, 0, "%s is not running "
				 "(it has no pid file)", dir) :
			e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				 errno == ELOOP ? "is a symbolic link" :
				 strerror(errno));
		free(path);
		return st;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: not a plain file", path);
	if (st == E2L_OK) {
		do
			n = pread(fd, text, sizeof text, 0);
		while (n < 0 && errno == EINTR);
		if (n > 0)
			who = runlog_owner_of(text, (size_t)n, &pid, host,
					      sizeof host);
	}
	if (st != E2L_OK) {
		/* said */
	} else if (who == RUNLOG_OWNER_REMOTE) {
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s is run by process "
			      "%ld on %s: stop it there", dir, pid, host);
	} else if (who != RUNLOG_OWNER_LIVE) {
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s is not running (no "
			      "live e2l holds it)", dir);
	} else if (runlog_is_e2l(pid) != 1) {
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: cannot tell that "
			      "process %ld, which its pid file names, is an "
			      "e2l: not signalled", dir, pid);
	} else if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		/* Nobody holds the run's lock: the pid is another e2l's
		 * now (a workbench, another run), never to be stopped. */
		flock(fd, LOCK_UN);
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s is not running "
			      "(process %ld, which its pid file names, does "
			      "not hold it)", dir, pid);
	} else if (errno != EWOULDBLOCK) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: cannot test its lock: "
			      "%s", path, strerror(errno));
	} else if (kill((pid_t)pid, SIGINT) != 0) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: cannot signal process "
			      "%ld: %s", dir, pid, strerror(errno));
	}
	close(fd);
	free(path);
	return st;
}

typedef struct {
	char **v;
	long n, cap;
	long looked;             /* entries seen, against the bound */
} dir_list;

static void list_add(dir_list *D, const char *dir)
{
	if (D->n + 1 >= D->cap) {
		D->cap = D->cap ? 2 * D->cap : 8;
		D->v = xrealloc(D->v, (size_t)D->cap * sizeof *D->v);
	}
	D->v[D->n++] = xstrdup(dir);
	D->v[D->n] = NULL;
}

/* Whether dir holds a regular file `name` (not through a link). */
static int has_file(const char *dir, const char *name)
{
	char *path = path_in(dir, name);
	struct stat sb;
	int yes = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return yes;
}

/* Whether a live process runs dir (runlog_status's test). */
static int dir_running(const char *dir)
{
	char *path = path_in(dir, "pid"), *text, host[256];
	size_t n;
	long pid;
	e2l_error err;
	runlog_owner who = RUNLOG_OWNER_NONE;

	if (e2l_read_file(path, PID_MAX, &text, &n, &err) == E2L_OK) {
		who = runlog_owner_of(text, n, &pid, host, sizeof host);
		free(text);
	}
	free(path);
	return who == RUNLOG_OWNER_LIVE || who == RUNLOG_OWNER_REMOTE;
}

static void list_walk(dir_list *D, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **subs = NULL;
	long nsub = 0, capsub = 0;

	if (depth > RUNLOG_LIST_DEPTH)
		return;
	if (has_file(dir, "run.conf")) {
		if (has_file(dir, "pid") && dir_running(dir))
			list_add(D, dir);
		return;                 /* a run's insides are its own */
	}
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d)) && D->looked < RUNLOG_LIST_ENTRIES) {
		struct stat sb;
		D->looked++;
		if (de->d_name[0] == '.')
			continue;
		char *sub = path_in(dir, de->d_name);
		if (lstat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			free(sub);
			continue;
		}
		if (nsub == capsub) {
			capsub = capsub ? 2 * capsub : 16;
			subs = xrealloc(subs, (size_t)capsub * sizeof *subs);
		}
		subs[nsub++] = sub;
	}
	closedir(d);
	for (long i = 0; i < nsub; i++) {
		list_walk(D, subs[i], depth + 1);
		free(subs[i]);
	}
	free(subs);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long runlog_list_running(const char *folder, char ***dirs, e2l_error *err)
{
	dir_list D = { 0 };
	DIR *d = opendir(folder);

	*dirs = NULL;
	if (!d) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", folder, strerror(errno));
		return -1;
	}
	closedir(d);
	list_walk(&D, folder, 0);
	if (!D.v)
		D.v = xcalloc(1, sizeof *D.v);
	qsort(D.v, (size_t)D.n, sizeof *D.v, by_name);
	*dirs = D.v;
	return D.n;
}

void runlog_list_free(char **dirs)
{
	for (char **p = dirs; p && *p; p++)
		free(*p);
	free(dirs);
}

void runlog_generation_text(long generation, long generations, char *buf,
			    size_t n)
{
	/* The log counts from 0, the initial population; people count the
	 * generations done. */
	if (generations > 0)
		snprintf(buf, n, "generation %ld/%ld", generation + 1,
			 generations);
	else
		snprintf(buf, n, "generation %ld", generation + 1);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void runlog_fitness_range(const double *values, long n, double floor,
			  runlog_range *r)
{
	double *v = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *v);
	long m = 0;

	*r = (runlog_range){ .lo = -1, .hi = 1 };
	for (long i = 0; i < n; i++)
		if (isfinite(values[i]))
			v[m++] = values[i];
		else
			r->nonfinite++;
	if (m == 0) {
		free(v);
		return;
	}
	qsort(v, (size_t)m, sizeof *v, by_double);
	double lo = v[0], hi = v[m - 1];
	if (isfinite(floor) && floor > lo && floor < hi) {
		/* From the no-plasticity score up: worse is no better than
		 * not learning, however much worse. */
		lo = floor;
	} else {
		double q1 = v[m / 4], q3 = v[(3 * m) / 4];
		double fence = q1 - 3 * (q3 - q1);
		if (fence > lo && fence < hi)
			lo = fence;
	}
	/* A flat history still gets an axis, around its value. */
	if (!(hi > lo)) {
		double d = fabs(hi) > 0 ? 0.1 * fabs(hi) : 1.0;
		lo = hi - d;
		hi = hi + d;
	}
	double pad = 0.05 * (hi - lo);
	r->lo = lo - pad;
	r->hi = hi + pad;
	for (long i = 0; i < m && v[i] < r->lo; i++)
		r->clipped++;
	free(v);
}
