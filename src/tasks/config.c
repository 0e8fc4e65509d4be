/*
 * config.c - task files and rule files: the one small reader of
 * `key = value` lines that both kinds share (over a whole file read with
 * e2l_read_text: bounded, regular files only), the checks that turn a
 * value's text into a parameter (decimal number, whole number, word of a
 * choice, range), the one check of a configuration against its family's
 * constraints between parameters, and the rule builder that parses a
 * family's formulas, maps the paper's x_0, x_1, ... onto the family's
 * variable names and compiles them.
 *
 * These files are small and edited by hand, so every error names the
 * file and line (and for a formula the column), and an unknown name comes
 * with the closest known one.  What a family accepts is read from its
 * parameter and constraint tables (task.h) and nowhere else: a task file
 * is checked once read, a change (task_config_set) as it is made.  Called
 * by the command line, the workbench and the evolution driver; nothing
 * here prints, except task_get on a programming error just before it
 * aborts.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/algebra.h"
#include "e2l/task.h"
#include "kv.h"

enum {
	KV_LINE_MAX = TASK_KV_LINE_MAX,
	RULE_KEPT = 8         /* rule-file entries held while reading */
};

/* Where a rule-file entry sits among the keys a rule may have. */
enum {
	SLOT_TASK, SLOT_NAME, SLOT_SOURCE,
	SLOT_FORMULA,           /* and SLOT_FORMULA + 1 for a second one */
	SLOT_COUNT = SLOT_FORMULA + 2
};

/* The reader all these file kinds share (kv.h; exercise.c reads its
 * files with it too). */
typedef task_kv_place kv_place;
typedef task_kv_reader kv_reader;

/* A rule-file entry kept until the family is known (the `task` line may
 * come anywhere); key and value are heap copies. */
typedef struct {
	kv_place at;
	char *key, *value;
} kv_entry;

/* The closest of several names to a misspelt one. */
typedef struct {
	const char *word;     /* what was written */
	const char *best;     /* closest candidate so far, or NULL */
	size_t dist;
} suggestion;

/* Fills err, prefixing "PATH:LINE: " when the text came from a file;
 * otherwise (at NULL, or no path) the error has no place (line 0). */
static e2l_status fail(e2l_error *err, e2l_status st, const kv_place *at,
		       int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static e2l_status fail(e2l_error *err, e2l_status st, const kv_place *at,
		       int col, const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!at || !at->path)
		return e2l_fail(err, st, 0, 0, "%s", msg);
	return e2l_fail(err, st, at->line, col, "%s:%d: %s", at->path,
			at->line, msg);
}

/* Tabs, and the carriage return of a file written on Windows, are text;
 * other control bytes mean the file is not one we should be reading.
 * Bytes from 0x80 pass, so that comments may be UTF-8. */
static int is_text(int c)
{
	return c == '\t' || c == '\r' || (c >= 0x20 && c != 0x7f);
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Reads the file through e2l_read_text, so that a FIFO or a device is
 * an error at once rather than a hang, a byte order mark is skipped and a
 * NUL byte is an error naming its line. */
static e2l_status kv_open(kv_reader *r, const char *path, e2l_error *err)
{
	e2l_status st;

	memset(&r->at, 0, sizeof r->at);
	r->at.path = path;
	r->key = r->value = NULL;
	st = e2l_read_text(path, E2L_TEXT_MAX, &r->text, err);
	r->next = r->text;
	return st;
}

static void kv_close(kv_reader *r)
{
	free(r->text);
	r->text = NULL;
	r->next = NULL;
}

/* The next `key = value` entry; r->key is NULL at the end of the file.
 * An over-long line or a control byte is an error at its place, not a
 * truncation. */
static e2l_status kv_next(kv_reader *r, e2l_error *err)
{
	for (;;) {
		size_t n = 0, start = 0, end, eq;
		const char *p = r->next;
		char *hash, *q;

		r->key = r->value = NULL;
		if (!*p)
			return E2L_OK;
		r->at.line++;
		for (; *p && *p != '\n'; p++) {
			unsigned char c = (unsigned char)*p;
			if (n == KV_LINE_MAX)
				return fail(err, E2L_ELIMIT, &r->at,
					    KV_LINE_MAX + 1,
					    "line longer than %d bytes",
					    KV_LINE_MAX);
			if (!is_text(c))
				return fail(err, E2L_ESYNTAX, &r->at,
					    (int)n + 1, "byte 0x%02x in column "
					    "%zu: not a text file", (unsigned)c,
					    n + 1);
			r->buf[n++] = (char)c;
		}
		r->next = *p ? p + 1 : p;
		r->buf[n] = '\0';
		hash = strchr(r->buf, '#');
		end = hash ? (size_t)(hash - r->buf) : n;
		while (start < end && is_blank(r->buf[start]))
			start++;
		while (end > start && is_blank(r->buf[end - 1]))
			end--;
		if (start == end)
			continue;
		r->buf[end] = '\0';
		q = strchr(r->buf + start, '=');
		if (!q || q == r->buf + start)
			return fail(err, E2L_ESYNTAX, &r->at, (int)start + 1,
				    "expected 'key = value'");
		eq = (size_t)(q - r->buf);
		if (eq + 1 == end)
			return fail(err, E2L_ESYNTAX, &r->at, (int)eq + 2,
				    "expected a value after '%.*s='",
				    (int)(eq - start > 40 ? 40 : eq - start),
				    r->buf + start);
		r->key = r->buf + start;
		r->at.key_col = (int)start + 1;
		while (is_blank(r->buf[eq - 1]))
			eq--;
		r->buf[eq] = '\0';
		for (q++; is_blank(*q); q++)
			;
		r->value = q;
		r->at.value_col = (int)(q - r->buf) + 1;
		return E2L_OK;
	}
}

/* "rules/lr0.rule" -> "lr0": the file name without its directory and
 * without ext when it ends so.  Caller frees. */
static char *file_stem(const char *path, const char *ext)
{
	const char *base = strrchr(path, '/');
	size_t n, e = strlen(ext);
	char *s;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > e && !strcmp(base + n - e, ext))
		n -= e;
	s = xmalloc(n + 1);
	memcpy(s, base, n);
	s[n] = '\0';
	return s;
}

/* Levenshtein distance ignoring case: what a typo costs. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t m = strlen(b), d;
	size_t *row = xmalloc((m + 1) * sizeof *row);

	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j], best = diag +
				(tolower((unsigned char)a[i - 1]) !=
				 tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[m];
	free(row);
	return d;
}

/* Considers cand.  A candidate counts when it is within a third of the
 * word's length (at least 2 edits) and shares something with it: "x" is
 * not a typo of "mu" although two edits apart. */
static void suggest(suggestion *s, const char *cand)
{
	size_t len = strlen(s->word), limit = len / 3 > 2 ? len / 3 : 2, d;
	size_t clen = strlen(cand);

	if ((clen > len ? clen - len : len - clen) > limit)
		return;
	d = edit_distance(s->word, cand);
	if (d <= limit && d < len && (!s->best || d < s->dist)) {
		s->best = cand;
		s->dist = d;
	}
}

/* "did you mean 'eta'?" in buf, or otherwise when nothing is close. */
static const char *hint(const suggestion *s, const char *otherwise,
			char *buf, size_t size)
{
	if (!s->best)
		return otherwise;
	snprintf(buf, size, "did you mean '%s'?", s->best);
	return buf;
}

/* "demo, pair": the registered families, for an error message. */
static void family_list(char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; task_families[i] && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? ", " : "", task_families[i]->name);
}

const task_family *task_family_find(const char *name)
{
	for (int i = 0; task_families[i]; i++)
		if (!strcmp(task_families[i]->name, name))
			return task_families[i];
	return NULL;
}

int task_param_index(const task_family *f, const char *name)
{
	for (int i = 0; i < f->nparams; i++)
		if (!strcmp(f->params[i].name, name))
			return i;
	return -1;
}

/* The family named by a file's `family` or `task` line. */
static e2l_status find_family(const kv_place *at, const char *name,
			      const task_family **out, e2l_error *err)
{
	suggestion s = { .word = name };
	char known[160], buf[80];

	*out = task_family_find(name);
	if (*out)
		return E2L_OK;
	for (int i = 0; task_families[i]; i++)
		suggest(&s, task_families[i]->name);
	family_list(known, sizeof known);
	return fail(err, E2L_EUNKNOWN, at, at->value_col,
		    "unknown task family '%.40s' (%s%sfamilies: %s)", name,
		    hint(&s, "", buf, sizeof buf), s.best ? " " : "", known);
}

void task_value_text(const task_param *p, double v, int exact, char *buf,
		     size_t n)
{
	if (task_param_is_text(p)) {     /* the text is cfg's */
		snprintf(buf, n, "%s", "");
	} else if (p->choices) {
		const char *c = p->choices;
		for (int k = 0; k < (int)v && strchr(c, '|'); k++)
			c = strchr(c, '|') + 1;
		snprintf(buf, n, "%.*s", (int)strcspn(c, "|"), c);
	} else if (exact) {
		/* The shortest decimal that reads back to v: 0.1, where
		 * %.17g writes 0.10000000000000001 into task files. */
		for (int digits = 15; digits <= 17; digits++) {
			snprintf(buf, n, "%.*g", digits, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	} else {
		/* Whole numbers in full: %g would show a seed as 1.12142e+07. */
		snprintf(buf, n, p->integer ? "%.0f" : "%g", v);
	}
}

void task_config_default(task_config *cfg, const task_family *f)
{
	cfg->family = f;
	cfg->values = xmalloc((size_t)f->nparams * sizeof *cfg->values);
	for (int i = 0; i < f->nparams; i++)
		cfg->values[i] = f->params[i].def;
	cfg->texts = xcalloc((size_t)f->nparams, sizeof *cfg->texts);
	cfg->replay = NULL;
	cfg->name = xstrdup(f->name);
	cfg->path = NULL;
}

void task_config_copy(task_config *dst, const task_config *src)
{
	task_config_default(dst, src->family);
	memcpy(dst->values, src->values,
	       (size_t)src->family->nparams * sizeof *dst->values);
	for (int i = 0; i < src->family->nparams; i++)
		if (src->texts[i])
			dst->texts[i] = xstrdup(src->texts[i]);
	dst->replay = src->replay ? task_replay_ref(src->replay) : NULL;
	free(dst->name);
	dst->name = xstrdup(src->name);
	dst->path = src->path ? xstrdup(src->path) : NULL;
}

const char *task_config_text(const task_config *cfg, int i, int exact,
			     char *buf, size_t n)
{
	const task_param *p = &cfg->family->params[i];

	if (!task_param_is_text(p)) {
		task_value_text(p, cfg->values[i], exact, buf, n);
		return buf;
	}
	if (!cfg->texts[i])
		return "";
	/* The only text parameter is the replay file's path. */
	return exact && cfg->replay ? task_replay_path(cfg->replay, 1) :
		cfg->texts[i];
}

void task_config_json(const task_config *cfg, strbuf *out)
{
	const task_family *f = cfg->family;
	char buf[64];
	strbuf_printf(out, "{\"family\": ");
	strbuf_json_string(out, f->name);
	strbuf_printf(out, ", \"name\": ");
	strbuf_json_string(out, cfg->name ? cfg->name : f->name);
	strbuf_printf(out, ", \"file\": ");
	if (cfg->path)
		strbuf_json_string(out, cfg->path);
	else
		strbuf_printf(out, "null");
	strbuf_printf(out, ", \"parameters\": {");
	for (int i = 0; i < f->nparams; i++) {
		const task_param *p = &f->params[i];
		const char *v = task_config_text(cfg, i, 1, buf, sizeof buf);
		strbuf_printf(out, "%s", i ? ", " : "");
		strbuf_json_string(out, p->name);
		strbuf_printf(out, ": ");
		/* Numbers as the shortest decimal that reads back the same;
		 * words and paths as strings. */
		if (task_param_is_text(p) || p->choices)
			strbuf_json_string(out, v);
		else
			strbuf_printf(out, "%s", v);
	}
	strbuf_printf(out, "}}");
}

/* Why a text is not a parameter's number (parse_number). */
typedef enum {
	NUM_OK,
	NUM_NONE,          /* no number at all: "abc", ".", "" */
	NUM_HEX,           /* "0x10" */
	NUM_NONFINITE,     /* "nan", "inf", "infinity" */
	NUM_EXPONENT,      /* "1e", "1e+": an exponent without digits */
	NUM_TRAILING,      /* "0.5x", "10 ms": something after the number */
	NUM_OVERFLOW,      /* beyond the largest double */
	NUM_UNDERFLOW      /* below the smallest normal double, not 0 */
} num_status;

/* Exponents are added up to this and no further: a value this far out
 * is 0 or infinite whatever digits come with it (a line holds 4096). */
#define EXP_CAP 1000000000LL

/* What strtod would read as infinity or NaN: "inf", "infinity", "nan"
 * or "nan(...)", any case, signed or not. */
static int nonfinite_word(const char *s)
{
	char w[9];
	size_t n = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; isalpha((unsigned char)s[n]) && n < sizeof w - 1; n++)
		w[n] = (char)tolower((unsigned char)s[n]);
	w[n] = '\0';
	if (!strcmp(w, "nan"))
		return !s[n] || s[n] == '(';
	return !s[n] && (!strcmp(w, "inf") || !strcmp(w, "infinity"));
}

/*
 * Decimal text to a double, as strtod reads it in the C locale but in
 * whatever locale the program runs: the point is moved into the exponent
 * ("12.5e3" is handed over as "125e2"), so a decimal comma locale cannot
 * change what a task file means.  Hexadecimal, "inf" and "nan" are not
 * numbers here, and neither is a value strtod can only round to 0 or to
 * infinity or hold with fewer digits (ERANGE): a parameter must never
 * silently become something else.  "0e-999" is 0, exactly.  *tail is
 * where NUM_TRAILING found the first stray byte.
 */
static num_status parse_number(const char *s, double *out, const char **tail)
{
	char *buf, *q, *end;
	const char *p = s;
	long long frac = 0, e = 0;
	int esign = 1, digits = 0, nonzero = 0;
	num_status st = NUM_OK;

	if (nonfinite_word(s))
		return NUM_NONFINITE;
	if (*p == '+' || *p == '-')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return NUM_HEX;
	/* Replay files hold millions of short numbers: no allocation for
	 * those. */
	char stack[96];
	size_t need = strlen(s) + 32;
	buf = q = need <= sizeof stack ? stack : xmalloc(need);
	p = s;
	if (*p == '+' || *p == '-')
		*q++ = *p++;
	for (; isdigit((unsigned char)*p); p++, digits++) {
		nonzero |= *p != '0';
		*q++ = *p;
	}
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++, digits++, frac++) {
			nonzero |= *p != '0';
			*q++ = *p;
		}
	if (digits == 0) {
		if (buf != stack)
			free(buf);
		return NUM_NONE;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			esign = *p++ == '-' ? -1 : 1;
		if (!isdigit((unsigned char)*p))
			st = NUM_EXPONENT;
		for (; isdigit((unsigned char)*p); p++)
			if (e < EXP_CAP)
				e = e * 10 + (*p - '0');
	}
	if (st == NUM_OK && *p) {
		*tail = p;
		st = NUM_TRAILING;
	}
	if (st == NUM_OK && !nonzero) {
		*out = 0.0;                  /* "-0", "0e-999": no -0 */
	} else if (st == NUM_OK) {
		sprintf(q, "e%lld", esign * e - frac);
		errno = 0;
		*out = strtod(buf, &end) + 0.0;
		if (*end)
			st = NUM_NONE;       /* cannot happen: we wrote buf */
		else if (errno == ERANGE || !isfinite(*out) ||
			 (*out != 0 && fabs(*out) < DBL_MIN) || *out == 0)
			st = fabs(*out) >= 1 ? NUM_OVERFLOW : NUM_UNDERFLOW;
	}
	if (buf != stack)
		free(buf);
	return st;
}

int task_parse_number(const char *s, double *out, const char **why)
{
	const char *tail;

	switch (parse_number(s, out, &tail)) {
	case NUM_OK:
		return 0;
	case NUM_HEX:
		*why = "not a decimal number (hexadecimal is not accepted)";
		break;
	case NUM_NONFINITE:
		*why = "not a finite number";
		break;
	case NUM_EXPONENT:
		*why = "not a number: its exponent has no digits";
		break;
	case NUM_TRAILING:
		*why = "not a number: something follows it";
		break;
	case NUM_OVERFLOW:
		*why = "too large for a number";
		break;
	case NUM_UNDERFLOW:
		*why = "too small to hold (write 0 for zero)";
		break;
	case NUM_NONE:
	default:
		*why = "not a number";
		break;
	}
	return -1;
}

/* Index of word among choices ("fixed|random"), or -1. */
static int choice_index(const char *choices, const char *word)
{
	size_t len = strlen(word);
	int i = 0;

	for (const char *p = choices;; i++) {
		size_t n = strcspn(p, "|");
		if (n == len && !strncmp(p, word, n))
			return i;
		if (!p[n])
			return -1;
		p += n + 1;
	}
}

static e2l_status bad_choice(const task_param *p, const char *text,
			     const kv_place *at, e2l_error *err)
{
	char *words = xstrdup(p->choices), list[160], buf[80];
	suggestion s = { .word = text };
	size_t len = 0;
	e2l_status st;

	for (char *w = strtok(words, "|"); w; w = strtok(NULL, "|")) {
		suggest(&s, w);
		if (len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len,
						"%s%s", len ? ", " : "", w);
	}
	st = fail(err, E2L_EINVALID, at, at ? at->value_col : 0,
		  "%s = '%.40s' is not one of %s%s%s%s", p->name, text, list,
		  s.best ? " (" : "", hint(&s, "", buf, sizeof buf),
		  s.best ? ")" : "");
	free(words);
	return st;
}

static e2l_status unknown_param(const task_family *f, const char *key,
				const kv_place *at, e2l_error *err)
{
	suggestion s = { .word = key };
	char otherwise[80], buf[80];

	for (int i = 0; i < f->nparams; i++)
		suggest(&s, f->params[i].name);
	snprintf(otherwise, sizeof otherwise, "see 'e2l tasks show %s'",
		 f->name);
	return fail(err, E2L_ESYNTAX, at, at ? at->key_col : 0,
		    "unknown parameter '%.40s' for task family '%s' (%s)", key,
		    f->name, hint(&s, otherwise, buf, sizeof buf));
}

/* " (ms)", or "" for a parameter without a unit. */
static const char *unit_note(const task_param *p, char *buf, size_t size)
{
	if (!*p->unit)
		return "";
	snprintf(buf, size, " (%s)", p->unit);
	return buf;
}

/* The value of a parameter's text, with every check on the value alone
 * (number, finite, whole, range): *x, or an error naming key and text. */
static e2l_status param_value(const task_param *p, const char *text,
			      const kv_place *at, double *x, e2l_error *err)
{
	int col = at ? at->value_col : 0;
	const char *tail = NULL, *unit;
	char buf[40];

	if (p->choices) {
		int k = choice_index(p->choices, text);
		if (k < 0)
			return bad_choice(p, text, at, err);
		*x = k;
		return E2L_OK;
	}
	unit = unit_note(p, buf, sizeof buf);
	switch (parse_number(text, x, &tail)) {
	case NUM_OK:
		break;
	case NUM_HEX:
		return fail(err, E2L_EINVALID, at, col, "%s = '%.40s' is not "
			    "a decimal number (hexadecimal is not accepted)",
			    p->name, text);
	case NUM_NONFINITE:
		return fail(err, E2L_EINVALID, at, col, "%s = '%.40s' is not "
			    "a finite number", p->name, text);
	case NUM_EXPONENT:
		return fail(err, E2L_EINVALID, at, col, "%s = '%.40s' is not "
			    "a number: its exponent has no digits", p->name,
			    text);
	case NUM_TRAILING:
		return fail(err, E2L_EINVALID, at, col + (int)(tail - text),
			    "%s = '%.40s' is not a number: unexpected "
			    "'%.20s' after %.*s%s", p->name, text, tail,
			    (int)(tail - text > 40 ? 40 : tail - text), text,
			    *p->unit && !strcmp(tail + strspn(tail, " \t"),
						p->unit) ?
			    " (write the number alone: the unit is implied)" :
			    "");
	case NUM_OVERFLOW:
		return fail(err, E2L_EINVALID, at, col, "%s = %.40s is too "
			    "large for a number (beyond %.2g); the range is "
			    "[%.15g, %.15g]%s", p->name, text, DBL_MAX,
			    p->min, p->max, unit);
	case NUM_UNDERFLOW:
		return fail(err, E2L_EINVALID, at, col, "%s = %.40s is too "
			    "small to hold (below %.2g it would become 0 or "
			    "lose digits); write 0 for zero", p->name, text,
			    DBL_MIN);
	case NUM_NONE:
	default:
		return fail(err, E2L_EINVALID, at, col, "%s = '%.40s' is not "
			    "a number", p->name, text);
	}
	if (p->integer && *x != floor(*x))
		return fail(err, E2L_EINVALID, at, col,
			    "%s = %.40s is not a whole number", p->name, text);
	if (*x < p->min || *x > p->max)
		return fail(err, E2L_EINVALID, at, col,
			    "%s = %.40s is out of range [%.15g, %.15g]%s",
			    p->name, text, p->min, p->max, unit);
	return E2L_OK;
}

/* A path written in the task file at `from` (NULL: on the command
 * line), as it opens from here: relative to the file's directory.
 * Caller frees. */
static char *path_from(const char *from, const char *path)
{
	const char *slash = from ? strrchr(from, '/') : NULL;
	strbuf b = { 0 };

	if (!slash || path[0] == '/')
		return xstrdup(path);
	strbuf_printf(&b, "%.*s/%s", (int)(slash - from), from, path);
	return b.s;
}

/* A text parameter (the replay file): the file is read now, so that a
 * bad one is refused where it is named.  Its own errors carry its place;
 * one without (it cannot be opened) gets the task file's. */
static e2l_status set_text(task_config *cfg, int i, const char *text,
			   const kv_place *at, e2l_error *err)
{
	char *path = NULL;
	task_replay *r = NULL;
	e2l_status st;

	if (*text) {
		path = path_from(at ? at->path : NULL, text);
		st = task_replay_load(path, cfg->family, &r, err);
		if (st != E2L_OK) {
			free(path);
			if (err && err->line == 0 && at && at->path) {
				char msg[sizeof err->msg];
				memcpy(msg, err->msg, sizeof msg);
				return fail(err, st, at, at->value_col,
					    "%s = %s: %s",
					    cfg->family->params[i].name, text,
					    msg);
			}
			return st;
		}
	}
	free(cfg->texts[i]);
	cfg->texts[i] = path;
	task_replay_free(cfg->replay);
	cfg->replay = r;
	return E2L_OK;
}

/* One `key = value`, from a file line (at) or from the command line
 * (at == NULL): the checks are the same, only the place differs.  The
 * configuration as a whole is checked by the caller. */
static e2l_status set_param(task_config *cfg, const char *key,
			    const char *text, const kv_place *at,
			    e2l_error *err)
{
	int i = task_param_index(cfg->family, key);
	double x;
	e2l_status st;

	if (i < 0)
		return unknown_param(cfg->family, key, at, err);
	if (task_param_is_text(&cfg->family->params[i]))
		return set_text(cfg, i, text, at, err);
	st = param_value(&cfg->family->params[i], text, at, &x, err);
	if (st == E2L_OK)
		cfg->values[i] = x;
	return st;
}

/* ---- What the parameters require of each other ------------------- */

/* "900 Hz", "0.01 ms", "5", "random": a parameter's value for a
 * message. */
static void value_shown(const task_config *cfg, int i, char *buf,
			size_t size)
{
	const task_param *p = &cfg->family->params[i];
	size_t n;

	task_value_text(p, cfg->values[i], 0, buf, size);
	n = strlen(buf);
	if (*p->unit && !p->choices && n < size)
		snprintf(buf + n, size - n, " %s", p->unit);
}

/* 1 when cfg satisfies c; else 0 with the message in msg.  Relations are
 * worded here, from the table, so that every family says it alike. */
static int constraint_holds(const task_config *cfg, const task_constraint *c,
			    char *msg, size_t size)
{
	const task_family *f = cfg->family;
	char va[48], vb[48], why[160] = "";
	int ia, ib;
	double a, b;

	if (c->rel == TASK_TEST)
		return c->test(cfg, msg, size);
	ia = task_param_index(f, c->p[0]);
	ib = task_param_index(f, c->p[1]);
	assert(ia >= 0 && ib >= 0);
	a = cfg->values[ia];
	b = cfg->values[ib];
	value_shown(cfg, ia, va, sizeof va);
	value_shown(cfg, ib, vb, sizeof vb);
	if (c->why)
		snprintf(why, sizeof why, " (%s)", c->why);
	switch (c->rel) {
	case TASK_LE:
		if (a <= b)
			return 1;
		snprintf(msg, size, "%s = %s is above %s = %s: %s must be at "
			 "most %s%s", c->p[0], va, c->p[1], vb, c->p[0],
			 c->p[1], why);
		return 0;
	case TASK_LT:
		if (a < b)
			return 1;
		snprintf(msg, size, "%s = %s is not below %s = %s: %s must be "
			 "less than %s%s", c->p[0], va, c->p[1], vb, c->p[0],
			 c->p[1], why);
		return 0;
	case TASK_GE:
		if (a >= b)
			return 1;
		snprintf(msg, size, "%s = %s is below %s = %s: %s must be at "
			 "least %s%s", c->p[0], va, c->p[1], vb, c->p[0],
			 c->p[1], why);
		return 0;
	case TASK_NE:
		if (fabs(a - b) >= 1e-6 * fabs(b))
			return 1;
		snprintf(msg, size, "%s = %s is %s %s = %s: they must differ "
			 "by more than a millionth%s", c->p[0], va,
			 a == b ? "equal to" : "too close to", c->p[1], vb,
			 why);
		return 0;
	case TASK_STEPS:
		if (a / b <= TASK_STEPS_MAX)
			return 1;
		snprintf(msg, size, "%s = %s is %.3g steps of %s = %s, more "
			 "than %g: %s must be at most %.6g%s%s%s", c->p[0], va,
			 a / b, c->p[1], vb, (double)TASK_STEPS_MAX, c->p[0],
			 b * TASK_STEPS_MAX, *f->params[ia].unit ? " " : "",
			 f->params[ia].unit, why);
		return 0;
	case TASK_TEST:
		break;
	}
	return 1;
}

/* The first constraint cfg fails, or NULL (with its message in msg). */
static const task_constraint *first_failed(const task_config *cfg,
					   char *msg, size_t size)
{
	const task_family *f = cfg->family;

	for (int k = 0; k < f->nconstraints; k++)
		if (!constraint_holds(cfg, &f->constraints[k], msg, size))
			return &f->constraints[k];
	return NULL;
}

e2l_status task_config_check(const task_config *cfg, e2l_error *err)
{
	char msg[sizeof err->msg];

	if (first_failed(cfg, msg, sizeof msg))
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s", msg);
	return cfg->replay ? task_replay_check(cfg->replay, cfg, err) :
		E2L_OK;
}

/* The configuration just read against its family's constraints.  The
 * error sits on the line that set the last of the parameters the failed
 * constraint names (set[i]: where parameter i was set, line 0 if not). */
static e2l_status check_loaded(const task_config *cfg, const kv_place *set,
			       const char *path, e2l_error *err)
{
	char msg[sizeof err->msg];
	const task_constraint *c = first_failed(cfg, msg, sizeof msg);
	const kv_place *last = NULL;

	if (!c)
		return cfg->replay ? task_replay_check(cfg->replay, cfg, err) :
			E2L_OK;
	for (int k = 0; k < 4 && c->p[k]; k++) {
		int i = task_param_index(cfg->family, c->p[k]);
		if (i >= 0 && set[i].line > 0 &&
		    (!last || set[i].line > last->line))
			last = &set[i];
	}
	if (!last)
		return e2l_fail(err, E2L_EINVALID, 0, 0, "%s: %s", path, msg);
	return fail(err, E2L_EINVALID, last, last->key_col, "%s", msg);
}

/* The body of task_config_load once the file is open. */
static e2l_status read_config(kv_reader *r, task_config *cfg,
			      e2l_error *err)
{
	const task_family *f;
	kv_place *set;
	int family_line;
	e2l_status st = kv_next(r, err);

	if (st != E2L_OK)
		return st;
	if (!r->key)
		return e2l_fail(err, E2L_ESYNTAX, 0, 0, "%s: empty task file: "
				"expected 'family = NAME'", r->at.path);
	if (strcmp(r->key, "family"))
		return fail(err, E2L_ESYNTAX, &r->at, r->at.key_col,
			    "expected 'family = NAME' before '%.40s'", r->key);
	st = find_family(&r->at, r->value, &f, err);
	if (st != E2L_OK)
		return st;
	family_line = r->at.line;
	task_config_default(cfg, f);
	/* Where each parameter was set: to name the first of two, and the
	 * line of a contradiction. */
	set = xcalloc((size_t)f->nparams, sizeof *set);
	while ((st = kv_next(r, err)) == E2L_OK && r->key) {
		int i = task_param_index(f, r->key);
		int prev = i >= 0 ? set[i].line :
			!strcmp(r->key, "family") ? family_line : 0;
		if (prev) {
			st = fail(err, E2L_ESYNTAX, &r->at, r->at.key_col,
				  "duplicate '%s' (first set on line %d)",
				  r->key, prev);
			break;
		}
		st = set_param(cfg, r->key, r->value, &r->at, err);
		if (st != E2L_OK)
			break;
		set[i] = r->at;
	}
	if (st == E2L_OK)
		st = check_loaded(cfg, set, r->at.path, err);
	free(set);
	return st;
}

e2l_status task_config_load(const char *path, task_config *cfg,
			    e2l_error *err)
{
	kv_reader r;
	e2l_status st;

	memset(cfg, 0, sizeof *cfg);
	st = kv_open(&r, path, err);
	if (st != E2L_OK)
		return st;
	st = read_config(&r, cfg, err);
	kv_close(&r);
	if (st != E2L_OK) {
		task_config_free(cfg);
		return st;
	}
	free(cfg->name);
	cfg->name = file_stem(path, ".task");
	cfg->path = xstrdup(path);
	return E2L_OK;
}

e2l_status task_config_put(task_config *cfg, const char *key,
			   const char *value, e2l_error *err)
{
	return set_param(cfg, key, value, NULL, err);
}

/* The value goes in, then the whole configuration is checked, and the
 * old value comes back if it fails: one place, whatever changed. */
e2l_status task_config_set(task_config *cfg, const char *key,
			   const char *value, e2l_error *err)
{
	int i = task_param_index(cfg->family, key);
	double old = i >= 0 ? cfg->values[i] : 0;
	/* A text parameter's old text and file, kept until the new pass. */
	char *old_text = i >= 0 && cfg->texts[i] ? xstrdup(cfg->texts[i]) :
		NULL;
	task_replay *old_replay = cfg->replay ? task_replay_ref(cfg->replay) :
		NULL;
	e2l_status st = set_param(cfg, key, value, NULL, err);

	if (st == E2L_OK && (st = task_config_check(cfg, err)) != E2L_OK) {
		cfg->values[i] = old;
		if (task_param_is_text(&cfg->family->params[i])) {
			free(cfg->texts[i]);
			cfg->texts[i] = old_text;
			old_text = NULL;
			task_replay_free(cfg->replay);
			cfg->replay = old_replay;
			old_replay = NULL;
		}
	}
	free(old_text);
	task_replay_free(old_replay);
	return st;
}

double task_get(const task_config *cfg, const char *name)
{
	int i = task_param_index(cfg->family, name);

	if (i < 0) {
		fprintf(stderr, "e2l: task_get: task family '%s' has no "
			"parameter '%s'\n", cfg->family->name, name);
		abort();
	}
	return cfg->values[i];
}

void task_config_free(task_config *cfg)
{
	for (int i = 0; cfg->texts && i < cfg->family->nparams; i++)
		free(cfg->texts[i]);
	free(cfg->texts);
	task_replay_free(cfg->replay);
	free(cfg->values);
	free(cfg->name);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

/* The index of variable name in f->vars, the paper's x_i counting as
 * vars[i]; -1 when the family has no such variable.  A family's own names
 * win, and x_01 is not x_1. */
static int family_var(const task_family *f, const char *name)
{
	long i = 0;

	for (int k = 0; k < f->nvars; k++)
		if (!strcmp(f->vars[k], name))
			return k;
	if (name[0] != 'x' || name[1] != '_' || !name[2] ||
	    (name[2] == '0' && name[3]))
		return -1;
	for (const char *p = name + 2; *p; p++) {
		if (!isdigit((unsigned char)*p) || i >= f->nvars)
			return -1;
		i = i * 10 + (*p - '0');
	}
	return i < f->nvars ? (int)i : -1;
}

/* e with every alias renamed to the family's own name.  Numbers and
 * subtrees without an alias are shared, not copied: trees are immutable
 * and may share nodes within an arena.  NULL, with *unknown set, when e
 * uses a name the family does not have. */
static const expr *rename_vars(expr_arena *A, const task_family *f,
			       const expr *e, const char **unknown)
{
	const expr *a, *b = NULL;
	int i;

	switch (e->kind) {
	case EXPR_NUM:
		return e;
	case EXPR_VAR:
		i = family_var(f, e->name);
		if (i < 0) {
			*unknown = e->name;
			return NULL;
		}
		if (!strcmp(e->name, f->vars[i]))
			return e;
		return expr_var(A, f->vars[i]);
	default:
		break;
	}
	a = rename_vars(A, f, e->a, unknown);
	if (!a || (e->b && !(b = rename_vars(A, f, e->b, unknown))))
		return NULL;
	if (a == e->a && b == e->b)
		return e;
	if (e->kind == EXPR_CALL)
		return expr_call(A, e->fn, a, b);
	if (!b)
		return expr_unary(A, e->kind, a);
	return expr_binary(A, e->kind, a, b);
}

/* Where name first appears in src as a variable (not inside a longer
 * name or a number, not as a function being called), or line 0: the tree
 * keeps no places, and an unknown name deserves a caret. */
static void name_place(const char *src, const char *name, int *line,
		       int *col)
{
	size_t len = strlen(name);
	const char *line_start = src;
	int l = 1;

	*line = *col = 0;
	for (const char *p = src, *q, *after; *p; p++) {
		if (*p == '\n') {
			l++;
			line_start = p + 1;
			continue;
		}
		if (!isalpha((unsigned char)*p) && *p != '_')
			continue;
		if (p > src && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
				p[-1] == '.'))
			continue;            /* inside a number: 1e5, 2.e3 */
		for (q = p; isalnum((unsigned char)*q) || *q == '_'; q++)
			;
		for (after = q; isspace((unsigned char)*after); after++)
			;
		if ((size_t)(q - p) == len && !strncmp(p, name, len) &&
		    *after != '(') {
			*line = l;
			*col = (int)(p - line_start) + 1;
			return;
		}
		p = q - 1;
	}
}

/* "v, u, s" */
static void var_list(const task_family *f, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < f->nvars && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k ? ", " : "", f->vars[k]);
}

/* The semantics named by value v of parameter p (its word among
 * expr_semantics_names; the family tables spell them "real|nest"). */
static expr_semantics semantics_of(const task_param *p, double v)
{
	char word[32];

	task_value_text(p, v, 0, word, sizeof word);
	for (int s = 0; s < EXPR_NSEMANTICS; s++)
		if (!strcmp(word, expr_semantics_names[s]))
			return (expr_semantics)s;
	assert(!"a semantics parameter's choices are real|nest");
	return EXPR_REAL;
}

expr_semantics task_semantics(const task_config *cfg)
{
	int i = task_param_index(cfg->family, "semantics");

	return i < 0 ? EXPR_REAL :
		semantics_of(&cfg->family->params[i], cfg->values[i]);
}

expr_semantics task_family_semantics(const task_family *f)
{
	int i = task_param_index(f, "semantics");

	return i < 0 ? EXPR_REAL : semantics_of(&f->params[i],
						f->params[i].def);
}

char *task_rule_text_join(const char *const *texts, int n)
{
	strbuf b = { 0 };
	for (int k = 0; k < n; k++)
		strbuf_printf(&b, "%s%s", k ? TASK_RULE_SEP : "",
			      texts[k] ? texts[k] : "");
	return b.s ? b.s : xstrdup("");
}

int task_rule_text_split(char *text, char **texts, int max)
{
	int n = 0;
	for (char *p = text; p; n++) {
		char *semi = strchr(p, ';');
		if (n == max)
			return -1;
		if (semi)
			*semi++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		size_t len = strlen(p);
		while (len && isspace((unsigned char)p[len - 1]))
			p[--len] = '\0';
		texts[n] = p;
		p = semi;
	}
	return n;
}

/* Parses, renames and compiles f's formulas into rule.  On failure the
 * rule is freed, *bad is the formula at fault and err holds the message
 * with its place within that formula's text.  A program serves either
 * semantics (expr.h); rule->semantics starts as EXPR_REAL and
 * task_evaluate sets it on its copy from the task configuration. */
static e2l_status rule_build(task_rule *rule, const task_family *f,
			     const char *const *texts, int *bad,
			     e2l_error *err)
{
	e2l_status st = E2L_OK;

	assert(f->nformulas >= 1 && f->nformulas <= TASK_MAX_FORMULAS);
	memset(rule, 0, sizeof *rule);
	rule->family = f;
	rule->semantics = EXPR_REAL;
	rule->arena = expr_arena_new();
	for (int i = 0; i < f->nformulas && st == E2L_OK; i++) {
		const char *unknown = NULL;
		const expr *e;
		char vars[160];
		int line, col;

		*bad = i;
		if (!texts[i]) {
			st = e2l_fail(err, E2L_EINVALID, 0, 0, "missing '%s'",
				      f->formulas[i]);
			break;
		}
		st = expr_parse(rule->arena, texts[i], &e, err);
		if (st != E2L_OK)
			break;
		rule->formula[i] = rename_vars(rule->arena, f, e, &unknown);
		if (!rule->formula[i]) {
			char product[80], hint[110] = "";
			var_list(f, vars, sizeof vars);
			name_place(texts[i], unknown, &line, &col);
			/* vs is one name: say how to write the product. */
			if (expr_split_product(unknown, f->nvars, f->vars,
					       product, sizeof product))
				snprintf(hint, sizeof hint, "; a product is "
					 "written %s", product);
			st = e2l_fail(err, E2L_EUNKNOWN, line, col,
				      "formula uses '%.40s', which task family "
				      "'%s' does not have (it has %s%s)",
				      unknown, f->name, vars, hint);
			break;
		}
		/* What simplify refuses as nowhere defined (u/0) would only
		 * run to a score of -inf: refused here, in its words, placed
		 * at the formula (the tree keeps no finer places). */
		st = alg_check_defined(rule->formula[i], err);
		if (st != E2L_OK && err) {
			char msg[sizeof err->msg];
			memcpy(msg, err->msg, sizeof msg);
			e2l_fail(err, st, 1, 1, "%s", msg);
		}
		if (st == E2L_OK)
			st = prog_compile(rule->formula[i], f->nvars, f->vars,
					  &rule->program[i], err);
	}
	if (st != E2L_OK)
		task_rule_free(rule);
	return st;
}

/* The text without surrounding white space, as a rule's default name. */
static char *trimmed_copy(const char *s)
{
	size_t n;
	char *t;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	t = xmalloc(n + 1);
	memcpy(t, s, n);
	t[n] = '\0';
	return t;
}

e2l_status task_rule_parse(task_rule *rule, const task_family *f,
			   const char *const *texts, const char *name,
			   e2l_error *err)
{
	int bad = -1;
	e2l_status st = rule_build(rule, f, texts, &bad, err);

	if (st != E2L_OK) {
		/* With two formulas, say which one is wrong. */
		if (err && f->nformulas > 1 && bad >= 0) {
			char msg[sizeof err->msg];
			memcpy(msg, err->msg, sizeof msg);
			e2l_fail(err, st, err->line, err->col, "%s: %s",
				 f->formulas[bad], msg);
		}
		return st;
	}
	if (name) {
		rule->name = xstrdup(name);
	} else if (f->nformulas == 1) {
		rule->name = trimmed_copy(texts[0]);
	} else {
		/* A pair is named as evolution keys it: "F ; D". */
		char *a = trimmed_copy(texts[0]), *b = trimmed_copy(texts[1]);
		size_t n = strlen(a) + strlen(b) + 4;
		rule->name = xmalloc(n);
		snprintf(rule->name, n, "%s ; %s", a, b);
		free(a);
		free(b);
	}
	return E2L_OK;
}

/* Which slot a rule-file key fills, or -1.  A one-formula family's
 * formula is `formula` whatever its table calls it. */
static int rule_slot(const task_family *f, const char *key)
{
	static const char *const fixed[] = { "task", "name", "source" };

	for (int i = 0; i < SLOT_FORMULA; i++)
		if (!strcmp(key, fixed[i]))
			return i;
	for (int i = 0; i < f->nformulas; i++)
		if (!strcmp(key, f->formulas[i]))
			return SLOT_FORMULA + i;
	if (f->nformulas == 1 && !strcmp(key, "formula"))
		return SLOT_FORMULA;
	return -1;
}

static e2l_status unknown_rule_key(const task_family *f, const kv_entry *e,
				   e2l_error *err)
{
	suggestion s = { .word = e->key };
	char keys[160], buf[80];

	suggest(&s, "task");
	suggest(&s, "name");
	suggest(&s, "source");
	for (int i = 0; i < f->nformulas; i++)
		suggest(&s, f->formulas[i]);
	snprintf(keys, sizeof keys, "keys: task, name, source, %s%s%s",
		 f->formulas[0], f->nformulas > 1 ? ", " : "",
		 f->nformulas > 1 ? f->formulas[1] : "");
	return fail(err, E2L_ESYNTAX, &e->at, e->at.key_col,
		    "unknown key '%.40s' in a rule for task family '%s' (%s)",
		    e->key, f->name, hint(&s, keys, buf, sizeof buf));
}

/* Sorts the kept entries into slots, now that the family is known, and
 * builds the rule from them. */
static e2l_status rule_from_entries(const char *path, const kv_entry *kept,
				    int nkept, const kv_entry *task,
				    task_rule *rule, e2l_error *err)
{
	const kv_entry *slot[SLOT_COUNT] = { NULL };
	const char *texts[2] = { NULL, NULL };
	const kv_entry *e;
	const task_family *f;
	char msg[sizeof err->msg];
	int bad = -1, col;
	e2l_status st;

	if (!task->key)
		return e2l_fail(err, E2L_ESYNTAX, 0, 0, "%s: missing 'task'",
				path);
	st = find_family(&task->at, task->value, &f, err);
	if (st != E2L_OK)
		return st;
	for (int i = 0; i < nkept; i++) {
		int k = rule_slot(f, kept[i].key);
		if (k < 0)
			return unknown_rule_key(f, &kept[i], err);
		if (slot[k])
			return fail(err, E2L_ESYNTAX, &kept[i].at,
				    kept[i].at.key_col,
				    "duplicate '%s' (first set on line %d)",
				    kept[i].key, slot[k]->at.line);
		slot[k] = &kept[i];
	}
	for (int i = 0; i < f->nformulas; i++) {
		if (!slot[SLOT_FORMULA + i])
			return e2l_fail(err, E2L_ESYNTAX, 0, 0,
					"%s: missing '%s'", path,
					f->nformulas == 1 ? "formula" :
					f->formulas[i]);
		texts[i] = slot[SLOT_FORMULA + i]->value;
	}
	st = rule_build(rule, f, texts, &bad, err);
	if (st != E2L_OK) {
		if (!err)
			return st;
		/* The place within the formula, moved onto the file line.
		 * The value is one line, so the parser's line is 1, or 0
		 * when the error has no place. */
		e = slot[SLOT_FORMULA + bad];
		memcpy(msg, err->msg, sizeof msg);
		if (err->line > 0) {
			col = e->at.value_col + err->col - 1;
			e2l_fail(err, st, e->at.line, col, "%s:%d:%d: %s",
				 path, e->at.line, col, msg);
		} else {
			e2l_fail(err, st, e->at.line, e->at.value_col,
				 "%s:%d: %s", path, e->at.line, msg);
		}
		return st;
	}
	rule->name = slot[SLOT_NAME] ? xstrdup(slot[SLOT_NAME]->value) :
		file_stem(path, ".rule");
	if (slot[SLOT_SOURCE])
		rule->source = xstrdup(slot[SLOT_SOURCE]->value);
	return E2L_OK;
}

static void keep(kv_entry *e, const kv_reader *r)
{
	e->at = r->at;
	e->key = xstrdup(r->key);
	e->value = xstrdup(r->value);
}

/*
 * Reads every entry first, since `task` may come on any line and the
 * other keys mean something only once the family is known.  A valid rule
 * file has at most SLOT_COUNT entries, so among the first RULE_KEPT of a
 * longer one an unknown or duplicate key always shows: later entries need
 * not be kept (but are still read, and must still be well-formed).
 */
e2l_status task_rule_load(const char *path, task_rule *rule,
			  e2l_error *err)
{
	kv_reader r;
	kv_entry kept[RULE_KEPT], task = { 0 };
	int nkept = 0;
	e2l_status st;

	memset(rule, 0, sizeof *rule);
	st = kv_open(&r, path, err);
	if (st != E2L_OK)
		return st;
	while ((st = kv_next(&r, err)) == E2L_OK && r.key) {
		if (!task.key && !strcmp(r.key, "task"))
			keep(&task, &r);
		if (nkept < RULE_KEPT)
			keep(&kept[nkept++], &r);
	}
	kv_close(&r);
	if (st == E2L_OK)
		st = rule_from_entries(path, kept, nkept, &task, rule, err);
	for (int i = 0; i < nkept; i++) {
		free(kept[i].key);
		free(kept[i].value);
	}
	free(task.key);
	free(task.value);
	return st;
}

e2l_status task_kv_open(task_kv_reader *r, const char *path,
			e2l_error *err)
{
	return kv_open(r, path, err);
}

e2l_status task_kv_next(task_kv_reader *r, e2l_error *err)
{
	return kv_next(r, err);
}

void task_kv_close(task_kv_reader *r)
{
	kv_close(r);
}

void task_rule_free(task_rule *rule)
{
	prog_free(rule->program[0]);
	prog_free(rule->program[1]);
	expr_arena_free(rule->arena);
	free(rule->name);
	free(rule->source);
	memset(rule, 0, sizeof *rule);
}
