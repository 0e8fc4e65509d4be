/*
 * replay.c - replay files: the inputs of a run's experiments (spike
 * trains, initial potentials and weights, teacher weights, labels, ...)
 * read from a CSV file instead of drawn, so that a rule can be run on
 * spike trains of one's own, and any run (`e2l run --record DIR` writes
 * DIR/inputs.csv) again bit for bit.  Format (task.h):
 *
 *     experiment,kind,pattern,index,value
 *
 * A row per value; what a kind's columns count and what its value is
 * comes from the family's table of task_replay_kind, read here by the
 * reader's checks, the writer and the description `e2l tasks show`
 * prints.
 *
 * The file is read once, when the `replay` parameter is set (config.c),
 * into columns per kind, grouped by experiment, and shared read-only by
 * every copy of the configuration and every thread.  What the file alone
 * decides is checked while reading, so those errors name their line; what
 * depends on the parameters (an input beyond `inputs`, a time after the
 * run) is checked by task_replay_check against the extremes noted while
 * reading, with their lines.  The families turn rows into their own
 * structures (task_error.c, task_reward.c, task_correlation.c).
 */
#define _DEFAULT_SOURCE         /* realpath */
#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

#define HEADER "experiment,kind,pattern,index,value"

enum {
	NFIELDS = 5,
	/* Experiment numbers a file may use: e2l runs at most this many
	 * (e2l run --experiments). */
	EXPERIMENTS_MAX = 100000
};

/* The rows of one kind, as columns. */
typedef struct {
	size_t n, cap;
	double *value;
	int32_t *pattern;       /* NULL without a pattern column */
	int32_t *index;         /* NULL without an index column */
	int32_t *exp;           /* while reading; then NULL */
	size_t *start;          /* [nexp + 1]: experiment e's rows are
				 * start[e] .. start[e + 1] - 1 */
	/* The largest of each column, and the line that holds it: what
	 * task_replay_check compares with the parameters. */
	int32_t max_pattern, max_index;
	int pattern_line, index_line;
	double max_value;
	int value_line;
} kind_rows;

struct task_replay {
	atomic_int refs;
	const task_family *family;
	char *path;             /* as given */
	char *abs;              /* absolute, or the path if that failed */
	uint64_t digest;        /* FNV-1a 64 of the bytes */
	int nexp;               /* experiments 0 .. nexp - 1 */
	int exp_line;           /* of the largest experiment number */
	kind_rows *kinds;       /* [family->nreplay] */
};

/* ---- Rows seen, by (experiment, kind, pattern, index) ---------------- */

/* For a kind of one row per key, where the first was; for a time kind,
 * the last time along the key's input, for the order check. */
typedef struct {
	uint64_t a, b;          /* (exp, kind), (pattern, index) */
	double last;
	int line;               /* 0: an empty slot */
} seen_slot;

typedef struct {
	seen_slot *slot;
	size_t cap, n;
} seen_map;

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static seen_slot *seen_find(seen_map *m, uint64_t a, uint64_t b)
{
	size_t i = (size_t)mix(a * 0x9e3779b97f4a7c15u ^ b) & (m->cap - 1);

	while (m->slot[i].line && (m->slot[i].a != a || m->slot[i].b != b))
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

/* The slot of a key, new (line 0) or as left; the map stays at most half
 * full. */
static seen_slot *seen_get(seen_map *m, uint64_t a, uint64_t b)
{
	if (2 * (m->n + 1) > m->cap) {
		seen_map bigger = { .cap = m->cap ? 2 * m->cap : 1024 };
		bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
		for (size_t i = 0; i < m->cap; i++)
			if (m->slot[i].line)
				*seen_find(&bigger, m->slot[i].a,
					   m->slot[i].b) = m->slot[i];
		bigger.n = m->n;
		free(m->slot);
		*m = bigger;
	}
	seen_slot *s = seen_find(m, a, b);
	if (!s->line) {
		s->a = a;
		s->b = b;
	}
	return s;
}

/* ---- Reading --------------------------------------------------------- */

typedef struct {
	const char *path;
	int line;
	e2l_error *err;
} reader;

static e2l_status bad(const reader *r, e2l_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PATH:LINE: message" */
static e2l_status bad(const reader *r, e2l_status st, const char *fmt, ...)
{
	char msg[sizeof r->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return e2l_fail(r->err, st, r->line, 0, "%s:%d: %s", r->path, r->line,
			msg);
}

/* "input" for "inputs": what one value of a column counted by the
 * parameter is called. */
static void singular(const char *param, char *buf, size_t size)
{
	size_t n = strlen(param);

	if (n > 1 && param[n - 1] == 's')
		n--;
	snprintf(buf, size, "%.*s", (int)n, param);
}

/* "pattern 2, input 3" (or less, or nothing) for a message. */
static void where(const task_replay_kind *k, int32_t pattern, int32_t index,
		  char *buf, size_t size)
{
	char a[32], b[32];

	buf[0] = '\0';
	if (k->pattern)
		singular(k->pattern, a, sizeof a);
	if (k->index)
		singular(k->index, b, sizeof b);
	if (k->pattern && k->index)
		snprintf(buf, size, " for %s %d, %s %d", a, (int)pattern, b,
			 (int)index);
	else if (k->pattern)
		snprintf(buf, size, " for %s %d", a, (int)pattern);
	else if (k->index)
		snprintf(buf, size, " for %s %d", b, (int)index);
}

static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return s;
}

/* Splits a line at commas into at most NFIELDS + 1 trimmed fields;
 * returns how many there were (commas + 1). */
static int split(char *line, char **field)
{
	int n = 0;

	for (char *p = line;; n++) {
		char *comma = strchr(p, ',');
		if (n <= NFIELDS)
			field[n] = p;
		if (comma)
			*comma = '\0';
		if (n <= NFIELDS)
			field[n] = trim(field[n]);
		if (!comma)
			return n + 1;
		p = comma + 1;
	}
}

/* A whole number from 0 to max, digits only: 0 and *out, else -1. */
static int whole(const char *s, long max, int32_t *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	*out = (int32_t)v;
	return 0;
}

/* A pattern or index column: required where the kind counts something
 * there, empty otherwise.  -1 for empty. */
static e2l_status column(const reader *r, const task_replay_kind *k,
			 const char *param, const char *name,
			 const char *text, int32_t *out)
{
	char one[32];

	*out = -1;
	if (!param) {
		if (*text)
			return bad(r, E2L_ESYNTAX, "'%s' rows take no %s: leave "
				   "the column empty, not '%.20s'", k->name,
				   name, text);
		return E2L_OK;
	}
	singular(param, one, sizeof one);
	if (!*text)
		return bad(r, E2L_ESYNTAX, "'%s' rows need the %s in the %s "
			   "column", k->name, one, name);
	if (whole(text, INT32_MAX - 1, out) != 0)
		return bad(r, E2L_ESYNTAX, "%s '%.20s' is not a whole number "
			   "from 0", one, text);
	return E2L_OK;
}

/* The value column, checked against the kind's type. */
static e2l_status value_of(const reader *r, const task_replay_kind *k,
			   const char *text, double *v)
{
	const char *why;
	char one[32];

	if (!*text)
		return bad(r, E2L_ESYNTAX, "'%s' row without a value", k->name);
	if (task_parse_number(text, v, &why) != 0)
		return bad(r, E2L_EINVALID, "value '%.30s' is %s", text, why);
	switch (k->value) {
	case TASK_VALUE_TIME:
		if (*v < 0)
			return bad(r, E2L_EINVALID, "time %.15g ms is negative",
				   *v);
		break;
	case TASK_VALUE_SIGN:
		if (*v != 1 && *v != -1)
			return bad(r, E2L_EINVALID, "'%s' value %.15g is "
				   "neither -1 nor 1", k->name, *v);
		break;
	case TASK_VALUE_BELOW:
		singular(k->bound, one, sizeof one);
		if (*v < 0 || *v != floor(*v))
			return bad(r, E2L_EINVALID, "'%s' value %.15g is not a "
				   "%s (a whole number from 0)", k->name, *v,
				   one);
		break;
	case TASK_VALUE_SEED:
		if (*v < 0 || *v > 4294967295.0 || *v != floor(*v))
			return bad(r, E2L_EINVALID, "'%s' value %.15g is not a "
				   "whole number from 0 to 4294967295", k->name,
				   *v);
		break;
	case TASK_VALUE_REAL:
		break;
	}
	return E2L_OK;
}

static void push_row(kind_rows *c, int32_t exp, int32_t pattern,
		     int32_t index, double value)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->value = xrealloc(c->value, c->cap * sizeof *c->value);
		c->exp = xrealloc(c->exp, c->cap * sizeof *c->exp);
		if (c->pattern)
			c->pattern = xrealloc(c->pattern,
					      c->cap * sizeof *c->pattern);
		if (c->index)
			c->index = xrealloc(c->index,
					    c->cap * sizeof *c->index);
	}
	c->value[c->n] = value;
	c->exp[c->n] = exp;
	if (c->pattern)
		c->pattern[c->n] = pattern;
	if (c->index)
		c->index[c->n] = index;
	c->n++;
}

/* One data row (its fields); rows beyond TASK_SPIKES_MAX are refused by
 * the caller. */
static e2l_status read_row(const reader *r, task_replay *R, seen_map *seen,
			   char **field)
{
	const task_family *f = R->family;
	const task_replay_kind *k = NULL;
	int32_t exp, pattern, index;
	double v;
	e2l_status st;
	int ki;

	if (whole(field[0], EXPERIMENTS_MAX - 1, &exp) != 0)
		return bad(r, E2L_ESYNTAX, "experiment '%.20s' is not a whole "
			   "number from 0 to %d", field[0],
			   EXPERIMENTS_MAX - 1);
	for (ki = 0; ki < f->nreplay; ki++)
		if (!strcmp(f->replay[ki].name, field[1])) {
			k = &f->replay[ki];
			break;
		}
	if (!k) {
		char list[160];
		size_t len = 0;
		list[0] = '\0';
		for (int i = 0; i < f->nreplay && len < sizeof list; i++)
			len += (size_t)snprintf(list + len, sizeof list - len,
						"%s%s", i ? ", " : "",
						f->replay[i].name);
		return bad(r, E2L_ESYNTAX, "unknown kind '%.30s' for task "
			   "family '%s' (kinds: %s)", field[1], f->name, list);
	}
	if ((st = column(r, k, k->pattern, "pattern", field[2], &pattern)) ||
	    (st = column(r, k, k->index, "index", field[3], &index)) ||
	    (st = value_of(r, k, field[4], &v)))
		return st;

	/* One row per key, or times in order along it. */
	if (k->rows != TASK_ROWS_ANY || k->value == TASK_VALUE_TIME) {
		seen_slot *s = seen_get(seen, (uint64_t)exp << 8 | (uint64_t)ki,
					(uint64_t)(uint32_t)pattern << 32 |
					(uint32_t)index);
		char at[80];
		where(k, pattern, index, at, sizeof at);
		if (s->line && k->rows != TASK_ROWS_ANY)
			return bad(r, E2L_EINVALID, "a second '%s' row%s in "
				   "experiment %d (the first is on line %d)",
				   k->name, at, (int)exp, s->line);
		if (s->line && v < s->last)
			return bad(r, E2L_EINVALID, "time %.15g ms%s in "
				   "experiment %d comes after %.15g ms on line "
				   "%d: each input's times must not decrease",
				   v, at, (int)exp, s->last, s->line);
		if (!s->line)
			seen->n++;
		s->line = r->line;
		s->last = v;
	}

	kind_rows *c = &R->kinds[ki];
	if (exp >= R->nexp) {
		R->nexp = exp + 1;
		R->exp_line = r->line;
	}
	if (c->n == 0 || pattern > c->max_pattern) {
		c->max_pattern = pattern;
		c->pattern_line = r->line;
	}
	if (c->n == 0 || index > c->max_index) {
		c->max_index = index;
		c->index_line = r->line;
	}
	if (c->n == 0 || v > c->max_value) {
		c->max_value = v;
		c->value_line = r->line;
	}
	push_row(c, exp, pattern, index, v);
	return E2L_OK;
}

/* Rows grouped by experiment, file order kept within one (a stable
 * counting sort). */
static void group(task_replay *R, kind_rows *c)
{
	size_t *count = xcalloc((size_t)R->nexp + 1, sizeof *count);
	double *value = xmalloc((c->n ? c->n : 1) * sizeof *value);
	int32_t *pattern = c->pattern ? xmalloc((c->n ? c->n : 1) *
						sizeof *pattern) : NULL;
	int32_t *index = c->index ? xmalloc((c->n ? c->n : 1) *
					    sizeof *index) : NULL;

	for (size_t i = 0; i < c->n; i++)
		count[c->exp[i] + 1]++;
	for (int e = 0; e < R->nexp; e++)
		count[e + 1] += count[e];
	c->start = xmalloc(((size_t)R->nexp + 1) * sizeof *c->start);
	memcpy(c->start, count, ((size_t)R->nexp + 1) * sizeof *count);
	for (size_t i = 0; i < c->n; i++) {
		size_t to = count[c->exp[i]]++;
		value[to] = c->value[i];
		if (pattern)
			pattern[to] = c->pattern[i];
		if (index)
			index[to] = c->index[i];
	}
	free(c->value);
	free(c->pattern);
	free(c->index);
	free(c->exp);
	c->value = value;
	c->pattern = pattern;
	c->index = index;
	c->exp = NULL;
	free(count);
}

static void fnv(uint64_t *h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*h ^= (unsigned char)s[i];
		*h *= 0x100000001b3u;
	}
}

static e2l_status read_lines(reader *r, FILE *in, task_replay *R)
{
	seen_map seen = { 0 };
	char *line = NULL, *field[NFIELDS + 1];
	size_t cap = 0, rows = 0;
	int header = 0;
	ssize_t len;
	e2l_status st = E2L_OK;

	R->digest = 0xcbf29ce484222325u;
	while ((len = e2l_getline(&line, &cap, in, TASK_REPLAY_LINE_MAX)) !=
	       -1) {
		if (r->line == INT_MAX - 1) {
			st = bad(r, E2L_ELIMIT, "too many lines");
			break;
		}
		r->line++;
		if (len == -2) {
			st = bad(r, E2L_ELIMIT, "line longer than %d bytes",
				 TASK_REPLAY_LINE_MAX);
			break;
		}
		fnv(&R->digest, line, (size_t)len);
		if (strlen(line) != (size_t)len) {
			st = bad(r, E2L_ESYNTAX, "a NUL byte in the text (is "
				 "this a binary file?)");
			break;
		}
		char *p = line;
		if (r->line == 1 && !strncmp(p, "\xef\xbb\xbf", 3))
			p += 3;         /* a UTF-8 byte order mark */
		p[strcspn(p, "\r\n")] = '\0';
		p = trim(p);
		if (!*p || *p == '#')
			continue;
		int n = split(p, field);
		if (!header) {
			int ok = n == NFIELDS;
			const char *want = HEADER;
			for (int i = 0; ok && i < NFIELDS; i++) {
				size_t w = strcspn(want, ",");
				ok = strlen(field[i]) == w &&
					!strncmp(field[i], want, w);
				want += w + (want[w] == ',');
			}
			if (!ok) {
				st = bad(r, E2L_ESYNTAX, "expected the header "
					 "'" HEADER "'");
				break;
			}
			header = 1;
			continue;
		}
		if (n != NFIELDS) {
			st = bad(r, E2L_ESYNTAX, "%d field%s, expected %d ("
				 HEADER ")", n, n == 1 ? "" : "s", NFIELDS);
			break;
		}
		if (++rows > TASK_SPIKES_MAX) {
			st = bad(r, E2L_ELIMIT, "more than %d rows, the most "
				 "a replay file holds", TASK_SPIKES_MAX);
			break;
		}
		if ((st = read_row(r, R, &seen, field)) != E2L_OK)
			break;
	}
	if (st == E2L_OK && ferror(in))
		st = e2l_fail(r->err, E2L_EIO, 0, 0, "%s: read error",
			      r->path);
	else if (st == E2L_OK && !header)
		st = e2l_fail(r->err, E2L_ESYNTAX, 0, 0, "%s: no header: "
			      "expected '" HEADER "'", r->path);
	else if (st == E2L_OK && rows == 0)
		st = e2l_fail(r->err, E2L_EINVALID, 0, 0, "%s: no rows after "
			      "the header", r->path);
	free(line);
	free(seen.slot);
	return st;
}

e2l_status task_replay_load(const char *path, const task_family *f,
			    task_replay **out, e2l_error *err)
{
	reader r = { .path = path, .err = err };
	task_replay *R;
	e2l_status st;
	FILE *in;

	*out = NULL;
	if (f->nreplay == 0)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "task family '%s' "
				"has no replay files", f->name);
	if (!(in = e2l_fopen_read(path, err)))
		return E2L_EIO;
	R = xcalloc(1, sizeof *R);
	atomic_init(&R->refs, 1);
	R->family = f;
	R->path = xstrdup(path);
	R->kinds = xcalloc((size_t)f->nreplay, sizeof *R->kinds);
	for (int k = 0; k < f->nreplay; k++) {
		/* A non-NULL pointer marks a column the kind has. */
		if (f->replay[k].pattern)
			R->kinds[k].pattern = xmalloc(sizeof (int32_t));
		if (f->replay[k].index)
			R->kinds[k].index = xmalloc(sizeof (int32_t));
	}
	st = read_lines(&r, in, R);
	fclose(in);
	if (st != E2L_OK) {
		task_replay_free(R);
		return st;
	}
	for (int k = 0; k < f->nreplay; k++)
		group(R, &R->kinds[k]);
	R->abs = realpath(path, NULL);
	if (!R->abs)
		R->abs = xstrdup(path);
	*out = R;
	return E2L_OK;
}

task_replay *task_replay_ref(task_replay *r)
{
	atomic_fetch_add(&r->refs, 1);
	return r;
}

void task_replay_free(task_replay *r)
{
	if (!r || atomic_fetch_sub(&r->refs, 1) > 1)
		return;
	for (int k = 0; k < r->family->nreplay; k++) {
		kind_rows *c = &r->kinds[k];
		free(c->value);
		free(c->pattern);
		free(c->index);
		free(c->exp);
		free(c->start);
	}
	free(r->kinds);
	free(r->path);
	free(r->abs);
	free(r);
}

const char *task_replay_path(const task_replay *r, int absolute)
{
	return absolute ? r->abs : r->path;
}

uint64_t task_replay_digest(const task_replay *r)
{
	return r->digest;
}

void task_replay_get(const task_replay *r, int exp, int kind,
		     task_replay_rows *out)
{
	const kind_rows *c = &r->kinds[kind];
	size_t a = exp < r->nexp ? c->start[exp] : 0;
	size_t b = exp < r->nexp ? c->start[exp + 1] : 0;

	out->n = b - a;
	out->value = c->value + a;
	out->pattern = c->pattern ? c->pattern + a : NULL;
	out->index = c->index ? c->index + a : NULL;
}

/* ---- Against the parameters ------------------------------------------ */

/* A column's largest value against the parameter that bounds it. */
static e2l_status check_bound(const task_replay *R, const task_config *cfg,
			      const char *param, int32_t max, int line,
			      e2l_error *err)
{
	double bound = param ? task_get(cfg, param) : 0;
	char one[32];

	if (!param || max < bound)
		return E2L_OK;
	singular(param, one, sizeof one);
	return e2l_fail(err, E2L_EINVALID, line, 0, "%s:%d: %s %d is out of "
			"range: the task has %s = %.0f (%s 0 to %.0f)", R->path,
			line, one, (int)max, param, bound, one, bound - 1);
}

/* Every row an EACH kind needs in experiment e is there: with no second
 * rows and every column in range, the count says so; otherwise the
 * first missing one is named. */
static e2l_status check_each(const task_replay *R, const task_config *cfg,
			     const task_replay_kind *k, const kind_rows *c,
			     int e, e2l_error *err)
{
	/* One counted column at most (the tables hold no kind with both). */
	assert(!(k->pattern && k->index));
	const char *param = k->pattern ? k->pattern : k->index;
	size_t want = param ? (size_t)task_get(cfg, param) : 1;
	size_t have = c->start[e + 1] - c->start[e];
	char one[32], at[64] = "";

	if (have == want)
		return E2L_OK;
	if (param) {
		const int32_t *col = k->pattern ? c->pattern : c->index;
		unsigned char *got = xcalloc(want, 1);
		size_t miss = 0;
		for (size_t i = c->start[e]; i < c->start[e + 1]; i++)
			got[col[i]] = 1;
		while (miss < want && got[miss])
			miss++;
		free(got);
		singular(param, one, sizeof one);
		snprintf(at, sizeof at, " for %s %zu", one, miss);
	}
	return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: experiment %d has no "
			"'%s' row%s", R->path, e, k->name, at);
}

e2l_status task_replay_check(const task_replay *R, const task_config *cfg,
			     e2l_error *err)
{
	const task_family *f = R->family;
	e2l_status st;

	if (cfg->family != f)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: a replay file "
				"for task family '%s', not '%s'", R->path,
				f->name, cfg->family->name);
	for (int ki = 0; ki < f->nreplay; ki++) {
		const task_replay_kind *k = &f->replay[ki];
		const kind_rows *c = &R->kinds[ki];
		if (c->n == 0)
			continue;
		if ((st = check_bound(R, cfg, k->pattern, c->max_pattern,
				      c->pattern_line, err)) ||
		    (st = check_bound(R, cfg, k->index, c->max_index,
				      c->index_line, err)))
			return st;
		if (k->value == TASK_VALUE_BELOW &&
		    c->max_value >= task_get(cfg, k->bound)) {
			char one[32];
			double bound = task_get(cfg, k->bound);
			singular(k->bound, one, sizeof one);
			return e2l_fail(err, E2L_EINVALID, c->value_line, 0,
					"%s:%d: %s %.15g is out of range: the "
					"task has %s = %.0f (%s 0 to %.0f)",
					R->path, c->value_line, one,
					c->max_value, k->bound, bound, one,
					bound - 1);
		}
		/* Half a step of grace: a time the recorder wrote as step
		 * times h may lie an ulp past the end. */
		double span = f->replay_span(cfg);
		if (k->value == TASK_VALUE_TIME &&
		    c->max_value > span + 0.5 * task_get(cfg, "h"))
			return e2l_fail(err, E2L_EINVALID, c->value_line, 0,
					"%s:%d: time %.15g ms is after the "
					"end of the run at %g ms", R->path,
					c->value_line, c->max_value, span);
	}
	for (int e = 0; e < R->nexp; e++)
		for (int ki = 0; ki < f->nreplay; ki++)
			if (f->replay[ki].rows == TASK_ROWS_EACH &&
			    (st = check_each(R, cfg, &f->replay[ki],
					     &R->kinds[ki], e, err)))
				return st;
	return E2L_OK;
}

e2l_status task_replay_check_count(const task_replay *R, int n,
				   e2l_error *err)
{
	if (R->nexp > n)
		return e2l_fail(err, E2L_EINVALID, R->exp_line, 0, "%s:%d: "
				"experiment %d is beyond the %d the run asks "
				"for (experiments count from 0; set experiments "
				"= %d)", R->path, R->exp_line, R->nexp - 1, n,
				R->nexp);
	if (R->nexp < n)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: holds %d "
				"experiment%s, the run asks for %d (set "
				"experiments = %d)", R->path, R->nexp,
				R->nexp == 1 ? "" : "s", n, R->nexp);
	return E2L_OK;
}

/* ---- Writing ---------------------------------------------------------- */

static const char *rows_text(const task_replay_kind *k)
{
	switch (k->rows) {
	case TASK_ROWS_EACH:
		return k->pattern || k->index ? "one per" : "one";
	case TASK_ROWS_SOME:
		return "at most one per";
	case TASK_ROWS_ANY:
	default:
		return "any number";
	}
}

/* "one per input", "any number", "one" */
static void rows_phrase(const task_replay_kind *k, char *buf, size_t size)
{
	char one[32];
	const char *param = k->pattern ? k->pattern : k->index;

	if (k->rows == TASK_ROWS_ANY || !param) {
		snprintf(buf, size, "%s", rows_text(k));
		return;
	}
	singular(param, one, sizeof one);
	snprintf(buf, size, "%s %s", rows_text(k), one);
}

void task_replay_header(const task_family *f, strbuf *out)
{
	strbuf_printf(out, "# e2l replay file: the inputs of task family %s's "
		      "experiments, a row per value.\n# Run a rule on them: "
		      "e2l run TASK RULE --replay FILE (or replay = FILE in a "
		      "task file).\n", f->name);
	for (int i = 0; i < f->nreplay; i++) {
		const task_replay_kind *k = &f->replay[i];
		char rows[64];
		rows_phrase(k, rows, sizeof rows);
		strbuf_printf(out, "# %s (rows: %s%s%s): %s\n", k->name, rows,
			      *k->unit ? "; value: " : "", k->unit, k->help);
	}
	strbuf_printf(out, HEADER "\n");
}

void task_replay_put(strbuf *out, int exp, const task_replay_kind *k,
		     int pattern, int index, double value)
{
	char p[16] = "", x[16] = "", v[40];

	if (pattern >= 0)
		snprintf(p, sizeof p, "%d", pattern);
	if (index >= 0)
		snprintf(x, sizeof x, "%d", index);
	if (k->value == TASK_VALUE_TIME) {
		/* Step times h to 15 digits: "12.34", not the product's
		 * "12.340000000000002"; either rounds to the same step. */
		snprintf(v, sizeof v, "%.15g", value);
	} else {
		/* The shortest text that reads back the same double. */
		for (int digits = 15; digits <= 17; digits++) {
			snprintf(v, sizeof v, "%.*g", digits, value);
			if (strtod(v, NULL) == value)
				break;
		}
	}
	strbuf_printf(out, "%d,%s,%s,%s,%s\n", exp, k->name, p, x, v);
}

void task_replay_describe(const task_family *f, int markdown, strbuf *out)
{
	if (f->nreplay == 0)
		return;         /* a family that cannot replay says nothing */
	if (markdown)
		strbuf_printf(out, "Replay files (`replay = FILE`, `--replay "
			      "FILE`; `e2l run --record DIR` writes "
			      "`DIR/inputs.csv`): CSV with the header `" HEADER
			      "`, a row per value, `#` comments; experiments "
			      "count from 0, as many as the run has. The "
			      "experiments then depend on the file alone, not "
			      "on the seed or the parameters that say how "
			      "inputs are drawn.\n\n"
			      "| kind | pattern | index | rows per experiment "
			      "| value |\n|---|---|---|---|---|\n");
	else
		strbuf_printf(out, "replay file (replay = FILE, --replay FILE; "
			      "--record DIR writes DIR/inputs.csv):\n"
			      "CSV with the header " HEADER ", a row per "
			      "value, # comments;\nexperiments count from 0, as "
			      "many as the run has; they depend on the file "
			      "alone, not on the seed\nor the parameters that "
			      "say how inputs are drawn.\n"
			      "%-10s %-8s %-8s %-22s %s\n",
			      "kind", "pattern", "index", "rows", "value");
	for (int i = 0; i < f->nreplay; i++) {
		const task_replay_kind *k = &f->replay[i];
		char pat[32] = "-", idx[32] = "-", rows[64], unit[24] = "";
		if (k->pattern)
			singular(k->pattern, pat, sizeof pat);
		if (k->index)
			singular(k->index, idx, sizeof idx);
		rows_phrase(k, rows, sizeof rows);
		if (*k->unit)
			snprintf(unit, sizeof unit, "%s: ", k->unit);
		if (markdown)
			strbuf_printf(out, "| `%s` | %s | %s | %s | %s%s |\n",
				      k->name, pat, idx, rows, unit, k->help);
		else
			strbuf_printf(out, "%-10s %-8s %-8s %-22s %s%s\n",
				      k->name, pat, idx, rows, unit, k->help);
	}
}
