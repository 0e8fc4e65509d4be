/*
 * runlog.c - follows a run directory as another process writes it (see
 * runlog.h and the file layout in src/evolve/run.c).
 *
 * The writer appends whole lines to log.jsonl, replaces hof.tsv and
 * pareto.tsv by rename, and on resume rewrites the log shorter (also by
 * rename) before it grows again.  So the reader keeps a byte offset that
 * only ever ends on a '\n', and before reading on checks that the file
 * is still the one it read: same inode, not shorter, and the last bytes
 * it consumed still there.  Anything else means start over.
 *
 * The JSON reader is a small hand-written one for flat objects, enough
 * for this log and tolerant of keys added later (any JSON value under an
 * unknown key is skipped).  It works on counted bytes, never on C
 * strings, so NUL bytes or any other garbage give an error, not a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2l/evolve.h"
#include "e2l/runlog.h"


enum {
	CONF_MAX = 1 << 20,        /* run.conf, task.task, pid: bytes */
	TABLE_FILE_MAX = 64 << 20, /* hof.tsv, pareto.tsv: bytes */
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

/* Reads a whole file of at most max bytes; the caller frees *text (which
 * is NUL-terminated after its *len bytes).  E2L_EIO naming the file. */
static e2l_status slurp(const char *path, size_t max, char **text,
			size_t *len, e2l_error *err)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0, cap = 4096;
	char *buf;

	*text = NULL;
	*len = 0;
	if (fd < 0)
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				strerror(errno));
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t got;
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				close(fd);
				return e2l_fail(err, E2L_ELIMIT, 0, 0, "%s: "
						"larger than %zu bytes", path,
						max);
			}
			cap = 2 * cap < max ? 2 * cap : max;
			buf = xrealloc(buf, cap + 1);
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e2l_status st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s",
						 path, strerror(errno));
			free(buf);
			close(fd);
			return st;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return E2L_OK;
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

static void gen_free(runlog_gen *g)
{
	free(g->parents);
	free(g->champion);
	free(g->champion_raw);
}

/* Known keys: one bit each, to tell the required ones are there. */
enum { HAS_GENERATION = 1, HAS_PARENTS = 2, HAS_CHAMPION = 4 };

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
	return jskip(J, 0);
}

/* One log line (without its '\n') into *g; the caller frees *g. */
static e2l_status parse_line(runlog *L, const char *text, size_t n,
			     runlog_gen *g, e2l_error *err)
{
	jreader J = { text, text, text + n, L->log_path, L->lineno + 1, err };
	int has = 0;
	e2l_status st;

	*g = (runlog_gen){ .complexity = -1, .evaluations = -1,
			   .cache_hits = -1, .seconds = NAN };
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
	/* The writer logs generations 0, 1, 2, ... and a resume rewrites
	 * the file; a gap means a file this reader does not understand. */
	if (g->generation != L->ngen)
		return jfail(&J, "generation %ld where %ld was expected",
			     g->generation, L->ngen);
	if (!g->champion_raw)
		g->champion_raw = xstrdup("");
	return E2L_OK;
}

/* ---- Following the log --------------------------------------------- */

static void drop_generations(runlog *L)
{
	for (long i = 0; i < L->ngen; i++)
		gen_free(&L->gen[i]);
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

static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
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
		if (n > RUNLOG_LINE_MAX) {
			st = e2l_fail(err, E2L_ELIMIT, (int)(L->lineno + 1), 1,
				      "%s:%ld: line longer than %d bytes",
				      L->log_path, L->lineno + 1,
				      RUNLOG_LINE_MAX);
			break;
		}
		if (!blank(buf + start, n)) {
			st = parse_line(L, buf + start, n, &g, err);
			if (st != E2L_OK) {
				gen_free(&g);
				break;
			}
			add_generation(L, &g);
		}
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
	int fd = open(L->log_path, O_RDONLY);
	char *buf;
	size_t len = 0, cap = CHUNK;
	off_t pos, stop;
	e2l_status status = E2L_OK;

	if (fd < 0)         /* not created yet is no error */
		return errno == ENOENT ? E2L_OK :
			e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", L->log_path,
				 strerror(errno));
	if (fstat(fd, &st) != 0) {
		status = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", L->log_path,
				  strerror(errno));
		close(fd);
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
	close(fd);
	return status;
}

/* ---- hof.tsv and pareto.tsv ---------------------------------------- */

static void table_free(runlog_table *T)
{
	for (int i = 0; i < T->n; i++)
		free(T->rows[i].formula);
	free(T->rows);
	T->rows = NULL;
	T->n = 0;
	T->total = 0;
}

/* The fitness column: %.17g, which writes non-finite values as "inf",
 * "-inf" and "nan". */
static int table_fitness(const char *p, const char *end, double *out)
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
		return scan_number(p, end, out) == n && n > 0;
	return 1;
}

static e2l_status table_parse(runlog_table *T, const char *path,
			      const char *text, size_t len, e2l_error *err)
{
	static const char header[] = "fitness\tcomplexity\tformula";
	const char *p = text, *end = text + len;
	long line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *tab1, *tab2;
		double fit;
		long ops;
		line++;
		if (!nl)
			return e2l_fail(err, E2L_ESYNTAX, (int)line, 1,
					"%s:%ld: last line not complete", path,
					line);
		if (memchr(p, '\0', (size_t)(nl - p)))
			return e2l_fail(err, E2L_ESYNTAX, (int)line, 1,
					"%s:%ld: NUL byte", path, line);
		if (line == 1) {
			if ((size_t)(nl - p) != sizeof header - 1 ||
			    memcmp(p, header, sizeof header - 1))
				return e2l_fail(err, E2L_ESYNTAX, 1, 1, "%s:1: "
						"expected the header '%s'",
						path, "fitness<TAB>complexity"
						"<TAB>formula");
			p = nl + 1;
			continue;
		}
		tab1 = memchr(p, '\t', (size_t)(nl - p));
		tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(nl - tab1 - 1)) :
			NULL;
		if (!tab2 || !table_fitness(p, tab1, &fit) ||
		    scan_count(tab1 + 1, tab2, 1000000000L, &ops) !=
		    (size_t)(tab2 - tab1 - 1) || tab2 + 1 == nl)
			return e2l_fail(err, E2L_ESYNTAX, (int)line, 1,
					"%s:%ld: expected fitness<TAB>"
					"complexity<TAB>formula", path, line);
		if (T->n < RUNLOG_TABLE_MAX) {
			if (!T->rows)
				T->rows = xmalloc(RUNLOG_TABLE_MAX *
						  sizeof *T->rows);
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
		return e2l_fail(err, E2L_ESYNTAX, 1, 1, "%s: empty", path);
	return E2L_OK;
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
	runlog_table fresh = { 0 };
	char *text;
	size_t len;
	e2l_status status;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? E2L_OK :
			e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				 strerror(errno));
	sig = (runlog_sig){ st.st_dev, st.st_ino, st.st_size, st.st_mtim,
			    st.st_ctim };
	if (T->seen && same_sig(&sig, &T->sig))
		return E2L_OK;
	status = slurp(path, TABLE_FILE_MAX, &text, &len, err);
	if (status == E2L_OK)
		status = table_parse(&fresh, path, text, len, err);
	free(text);
	if (status != E2L_OK) {
		table_free(&fresh);
		return status;
	}
	table_free(T);
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

static e2l_status read_conf(runlog *L, e2l_error *err)
{
	char *path = path_in(L->dir, "run.conf"), *text;
	size_t len;
	kv_reader r = { 0 };
	int settings = 0, have_seed = 0, have_gens = 0;
	e2l_status st = slurp(path, CONF_MAX, &text, &len, err);

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
	r = (kv_reader){ text, text + len, path, 0, NULL, NULL, NULL };
	while ((st = kv_next(&r, err)) == E2L_OK && r.key) {
		uint64_t v;
		if (settings++ == 0 && strcmp(r.key, "format")) {
			st = e2l_fail(err, E2L_EINVALID, r.line, 1, "%s:%d: "
				      "expected 'format = %s' first: not an "
				      "e2l run directory", path, r.line,
				      EVO_RUN_FORMAT);
			break;
		}
		if (!strcmp(r.key, "format") && strcmp(r.value, EVO_RUN_FORMAT)) {
			st = e2l_fail(err, E2L_EINVALID, r.line, 1, "%s: run "
				      "directory format '%.60s' is not "
				      "supported (this e2l reads '%s')", path,
				      r.value, EVO_RUN_FORMAT);
			break;
		}
		if (!strcmp(r.key, "preset")) {
			free(L->preset);
			L->preset = xstrdup(r.value);
		} else if (!strcmp(r.key, "seed") ||
			   !strcmp(r.key, "task_seed")) {
			if (!parse_u64(r.value, &v)) {
				st = e2l_fail(err, E2L_ESYNTAX, r.line, 1,
					      "%s:%d: %s: expected a whole "
					      "number, not '%.40s'", path,
					      r.line, r.key, r.value);
				break;
			}
			if (r.key[0] == 's') {
				L->seed = v;
				have_seed = 1;
			} else {
				L->task_seed = v;
			}
		} else if (!strcmp(r.key, "generations")) {
			if (!parse_u64(r.value, &v) || v > LONG_MAX) {
				st = e2l_fail(err, E2L_ESYNTAX, r.line, 1,
					      "%s:%d: generations: expected a "
					      "whole number, not '%.40s'", path,
					      r.line, r.value);
				break;
			}
			L->generations = (long)v;
			have_gens = 1;
		}
		/* Other keys: a later e2l may add settings. */
	}
	if (st == E2L_OK && !settings)
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: empty: not an e2l "
			      "run directory", path);
	else if (st == E2L_OK && (!L->preset || !have_seed || !have_gens))
		st = e2l_fail(err, E2L_EINVALID, 0, 0, "%s: no %s", path,
			      !L->preset ? "preset" : !have_seed ? "seed" :
			      "generations");
	free(r.buf);
	free(text);
	free(path);
	return st;
}

static e2l_status read_task(runlog *L, e2l_error *err)
{
	char *path = path_in(L->dir, "task.task"), *text;
	size_t len;
	kv_reader r;
	e2l_status st = slurp(path, CONF_MAX, &text, &len, err);

	if (st != E2L_OK) {
		free(path);
		return st;
	}
	r = (kv_reader){ text, text + len, path, 0, NULL, NULL, NULL };
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
	const evo_preset *p;
	e2l_status st;

	memset(L, 0, sizeof *L);
	L->dir = xstrdup(dir);
	L->task_seed = 1;           /* as evo_resume, when run.conf has none */
	L->target = NAN;
	if ((st = read_conf(L, err)) != E2L_OK ||
	    (st = read_task(L, err)) != E2L_OK) {
		runlog_close(L);
		return st;
	}
	if ((p = evo_preset_find(L->preset)))
		L->target = p->min_fitness;
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
	table_free(&L->hof);
	table_free(&L->pareto);
	free(L->dir);
	free(L->preset);
	free(L->family);
	free(L->log_path);
	free(L->hof_path);
	free(L->pareto_path);
	free(L->pid_path);
	memset(L, 0, sizeof *L);
}

/* ---- Status and pace ----------------------------------------------- */

/* Whether DIR/pid names a live process (see claim() in run.c, which
 * reads the file the same way and takes over a stale one). */
static int owner_alive(const runlog *L)
{
	char text[320], host[256] = "", other[256];
	long pid;
	ssize_t n;
	int fd = L->pid_path ? open(L->pid_path, O_RDONLY) : -1;

	if (fd < 0)
		return 0;
	do
		n = read(fd, text, sizeof text - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	if (sscanf(text, "%ld %255s", &pid, other) != 2 || pid <= 0 ||
	    pid > INT_MAX)
		return 0;
	gethostname(host, sizeof host - 1);
	if (strcmp(host, other))
		return 1;      /* cannot look at another machine's processes */
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

runlog_state runlog_status(const runlog *L)
{
	const runlog_gen *last = L->ngen ? &L->gen[L->ngen - 1] : NULL;

	if (owner_alive(L))
		return RUNLOG_RUNNING;
	/* The same tests as run.c's stop_reason. */
	if (last && L->generations > 0 && last->generation + 1 >=
	    L->generations)
		return RUNLOG_FINISHED;
	if (last && !isnan(L->target) &&
	    last->parents[0] + 1e-10 >= L->target)
		return RUNLOG_FINISHED;
	return RUNLOG_STOPPED;
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
