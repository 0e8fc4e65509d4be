/*
 * fuzz.c - bench/fuzz: a million generated inputs through libe2l, meant
 * for the sanitizer build (configure --enable-sanitizers), counting
 * crashes, hangs and wrong answers.  Not part of `make check`: run it with
 * `make fuzz` or as bench/fuzz [--scale F] [--jobs N] [--out DIR].
 *
 *   formula-random     random bytes, mostly formula characters
 *   formula-mutated    valid formulas with a few bytes changed
 *   formula-generated  CGP formulas (tests/gen.c) and extremes of size
 *   task-file          the shipped task files, mutated
 *   rule-file          the shipped rule files, mutated
 *   run-dir            real small run directories, one file mutated,
 *                      read as `watch` reads them and resumed
 *   run-dir-special    a run file replaced by a FIFO, a directory or
 *                      a link to /dev/zero
 *
 * A wrong answer is judged independently of the code under test: formulas
 * against fuzz_ref.c's own parser and evaluators (the same double value
 * bit for bit, a simplified form that keeps the value at 320 bits); files
 * against what the mutation is known to have done (a value out of range,
 * a generation out of sequence, a gene outside the genome) or against
 * invariants any accepted file must meet.
 *
 * Inputs are a pure function of (seed, category, index) and run in forked
 * workers, a batch per worker, so that a crash or a hang costs one batch:
 * the worker publishes the input in flight in shared memory, the parent
 * kills a worker stuck on one input for over --timeout seconds, and saves
 * the input that crashed or hung under OUT/crash or OUT/hang (a crash is
 * run again alone to confirm it).  `bench/fuzz --one CATEGORY INDEX` runs
 * one input in this process and says what it checked; `--self-test`
 * plants a leak, a crash, a hang and a wrong answer, and fails unless the
 * harness reports each once.
 */
#define _DEFAULT_SOURCE       /* realpath, MAP_ANONYMOUS, usleep */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "e2l/algebra.h"
#include "e2l/evolve.h"
#include "e2l/expr.h"
#include "e2l/task.h"
#include "gen.h"
#include "fuzz_ref.h"
#include "e2l/runlog.h"

/* Under the sanitizers: a report exits 99 (a crash to the parent), and a
 * runaway allocation (a /dev/zero read) is an error, not the machine's
 * memory.  Leaks are checked per batch, not at exit.  A 16 MB quarantine
 * of freed memory (not 256) still catches a use soon after free and runs
 * three times faster: fresh pages for every allocation cost the most. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "exitcode=99:detect_leaks=1:max_allocation_size_mb=2048:"
	       "allocator_may_return_null=0:quarantine_size_mb=16";
}
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "exitcode=99:print_stacktrace=1:halt_on_error=1";
}
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

enum { EXIT_SANITIZER = 99, EXIT_LEAK = 98 };

/* ---- Categories ---------------------------------------------------- */

typedef enum {
	C_FRANDOM, C_FMUTATED, C_FGENERATED, C_TASK, C_RULE, C_RUNDIR,
	C_SPECIAL, C_COUNT
} category;

static const struct {
	const char *name;
	long count;            /* at --scale 1 */
	long batch;            /* inputs per worker */
} cats[C_COUNT] = {
	{ "formula-random", 300000, 5000 },
	{ "formula-mutated", 400000, 2000 },
	{ "formula-generated", 150000, 500 },
	{ "task-file", 60000, 2000 },
	{ "rule-file", 60000, 2000 },
	{ "run-dir", 30000, 250 },
	{ "run-dir-special", 36, 1 },
};

/* Counts shared by the workers (atomic adds) and the parent. */
typedef struct {
	long inputs, crashes, hangs, wrong, leaks;
	long accepted, refused, limit;   /* what the code under test said */
	long saved;                      /* wrong answers saved to disk */
	long slow;                       /* over the bound in a batch, not
					  * alone: the machine was busy */
	double seconds;
} cat_stats;

typedef struct {
	volatile long current;           /* index in flight, -1 none */
	volatile double started;         /* when it began (monotonic s) */
	volatile long leak_index;        /* input found leaking, -1 none */
	volatile int stage;              /* what the input is in: stages[] */
} worker_slot;

static const char *const stages[] = { "checks", "watch (runlog)",
	"resume (evo_resume)", "watch after the resume" };

static void stage(int k);

enum { MAX_JOBS = 16 };

typedef struct {
	cat_stats stats[C_COUNT];
	worker_slot slot[MAX_JOBS];
} shared_state;

static shared_state *shared;
/* Where a worker counts: shared->stats, or a private copy while it runs
 * a batch again to find a leak (which must not count twice). */
static cat_stats *stats;
static int rerun;

static struct {
	unsigned long seed;
	double scale;
	int jobs;
	double timeout;
	char out[1024];        /* absolute */
	char scratch[1100];    /* absolute; per worker below it */
	int only[C_COUNT];
	int verbose;
	int self_test;         /* --self-test: planted faults */
	int worker;            /* this process's slot */
} opt = { .seed = 1, .scale = 1, .jobs = 1, .timeout = 5 };

static void add(long *p, long n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fuzz: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* ---- Small helpers ------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The input's own stream: the same input whatever ran before it. */
static void seed_rng(gsl_rng *r, int c, long i)
{
	uint64_t s = mix(mix(opt.seed) ^ mix(((uint64_t)c << 40) ^
					     (uint64_t)i));
	gsl_rng_set(r, (unsigned long)(s ? s : 1));
}

static long pick(gsl_rng *r, long n)
{
	return n <= 0 ? 0 : (long)gsl_rng_uniform_int(r, (unsigned long)n);
}

static int chance(gsl_rng *r, double p)
{
	return gsl_rng_uniform(r) < p;
}

static int write_bytes(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < n) {
		ssize_t w = write(fd, data + done, n - done);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

static char *read_bytes(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	strbuf b = { 0 };
	char buf[8192];
	size_t k;

	if (!f)
		return NULL;
	strbuf_put(&b, "", 0);
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_put(&b, buf, k);
	fclose(f);
	if (n)
		*n = b.len;
	return b.s;
}

/* Removes dir and what is in it (one level of subdirectories, as a
 * mutation leaves at most an empty directory in place of a file). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d) {
		unlink(dir);
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (unlink(path) != 0 && errno == EISDIR)
			remove_tree(path);
		else if (errno == EISDIR || errno == EPERM)
			remove_tree(path);
	}
	closedir(d);
	rmdir(dir);
}

/* A line of text: [start, end) without its '\n'. */
static int nth_line(const char *s, size_t len, int n, size_t *start,
		    size_t *end)
{
	size_t i = 0;
	for (int k = 0; k < n; k++) {
		const char *nl = memchr(s + i, '\n', len - i);
		if (!nl)
			return 0;
		i = (size_t)(nl - s) + 1;
	}
	if (i >= len)
		return 0;
	const char *nl = memchr(s + i, '\n', len - i);
	*start = i;
	*end = nl ? (size_t)(nl - s) : len;
	return 1;
}

static int count_lines(const char *s, size_t len)
{
	size_t a, b;
	int n = 0;
	while (nth_line(s, len, n, &a, &b))
		n++;
	return n;
}

/* text[start, end) replaced by rep[0, rlen): a new buffer. */
static char *splice(const char *s, size_t *len, size_t start, size_t end,
		    const char *rep, size_t rlen)
{
	size_t n = *len - (end - start) + rlen;
	char *t = xmalloc(n + 1);
	memcpy(t, s, start);
	memcpy(t + start, rep, rlen);
	memcpy(t + start + rlen, s + end, *len - end);
	t[n] = '\0';
	*len = n;
	return t;
}

static void replace_text(char **s, size_t *len, size_t start, size_t end,
			 const char *rep, size_t rlen)
{
	char *t = splice(*s, len, start, end, rep, rlen);
	free(*s);
	*s = t;
}

/* Byte edits: replace, delete, insert, duplicate a slice. */
static const char formula_chars[] =
	"xyzRE_0123456789.e+-*/^()(), \t\nexplogsqrtabsminmax**";

static int random_byte(gsl_rng *r, const char *alphabet)
{
	if (alphabet && chance(r, 0.8))
		return alphabet[pick(r, (long)strlen(alphabet))];
	return 1 + (int)pick(r, 255);
}

static void mutate_bytes(gsl_rng *r, char **s, size_t *len, int edits,
			 const char *alphabet, int allow_nul)
{
	for (int k = 0; k < edits; k++) {
		size_t at = *len ? (size_t)pick(r, (long)*len) : 0;
		char c = (char)random_byte(r, alphabet);
		if (allow_nul && chance(r, 0.02))
			c = '\0';
		switch (pick(r, 4)) {
		case 0:
			if (*len)
				replace_text(s, len, at, at + 1, &c, 1);
			break;
		case 1:
			if (*len)
				replace_text(s, len, at, at + 1, "", 0);
			break;
		case 2:
			replace_text(s, len, at, at, &c, 1);
			break;
		default: {
			size_t n = 1 + (size_t)pick(r, 8);
			if (at + n > *len)
				n = *len - at;
			char *dup = xmalloc(n + 1);
			memcpy(dup, *s + at, n);
			replace_text(s, len, at, at, dup, n);
			free(dup);
		}
		}
	}
}

/* ---- Inputs -------------------------------------------------------- */

enum { EXPECT_ANY, EXPECT_OK, EXPECT_REFUSE };

enum { F_CONF, F_TASK, F_LOG, F_HOF, F_PARETO, F_CKPT, NRUNFILES };
static const char *const run_files[NRUNFILES] = {
	"run.conf", "task.task", "log.jsonl", "hof.tsv", "pareto.tsv",
	"checkpoint"
};

typedef struct {
	int cat;
	long index;
	char how[160];         /* the mutation, for reports */
	char *text;            /* formula, task or rule file */
	size_t len;
	int expect;            /* files: EXPECT_* */
	/* task files: a valid mutation's parameter and value text */
	char key[64], value[64];
	/* run directories */
	int base;
	char *files[NRUNFILES];
	size_t flen[NRUNFILES];
	int present[NRUNFILES];
	int special;           /* 0, or 1 FIFO, 2 directory, 3 /dev/zero */
	int special_file;
	int expect_watch;
	long budget;           /* max_evaluations for the resume */
	int hof_kept;          /* the base's hall of fame must survive */
	int resume_only;       /* no watch before the resume */
} input;

static void input_free(input *in)
{
	free(in->text);
	for (int k = 0; k < NRUNFILES; k++)
		free(in->files[k]);
	memset(in, 0, sizeof *in);
}

static void how(input *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void how(input *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->how, sizeof in->how, fmt, ap);
	va_end(ap);
}

/* -- Formulas -- */

static const char *const seed_formulas[] = {
	"(R - 1)*E", "x_2*(x_0 - x_1)*(2*x_1 - 1)/x_0",
	"(x_0*x_1)^x_0 - 1", "-x_0 + x_1/x_0", "exp(-x)*log(1 + y)/sqrt(z)",
	"min(a, b) - max(-a, abs(b))", "1e-3*x^-2 + 0.5", "(v - u)*s",
	"x_2*(x_0 + x_1)*(x_0*(x_0 - x_1) - x_2)/x_0^2", "x^(y^z)",
	"(R - Rbar_plus + Rbar_minus)*E/(1 + Rbar_plus)", "2**3**2",
	"sqrt(x^2)", "log(x^2) - 2*log(x)", "(x^2)^0.5", "abs(x)^2",
	"x/x", "(x + 1)^2 - x^2 - 2*x - 1", "exp(x)*exp(y)", "-x^2",
	"pow(x, 3) + fabs(y) - Min(a, b)", "k - w", "w*k - w - k",
	"0.1 + 0.2 - 0.3", "1/(1/x)", "x^-1^-1", "--x", "+x - -y",
	"min(x/x, 1)", "max(x, -x) - abs(x)", "(a - b)^3/(b - a)^2",
	"1e400", "1e-400*x", "x^64 - x^65/x", "10^-3", ".5 + 5. + 1.e2",
};

static char *formula_from_gen(gsl_rng *r, int nodes, int nvars, int all,
			      int max_size)
{
	for (int tries = 0; tries < 50; tries++) {
		expr_arena *A = expr_arena_new();
		const expr *e = all ? gen_cgp_all(A, r, nodes, nvars, max_size) :
			gen_cgp(A, r, nodes, nvars, max_size);
		char *s = e ? expr_print(e, EXPR_INFIX) : NULL;
		expr_arena_free(A);
		if (s)
			return s;
	}
	return xstrdup("x_0");
}

/* Sizes at the edges of the bounds: many variables, long sums, deep
 * nesting and long power chains, around 400 levels. */
static char *extreme_formula(gsl_rng *r, input *in)
{
	strbuf b = { 0 };
	long n;

	strbuf_put(&b, "", 0);
	switch (pick(r, 5)) {
	case 0:
		n = 200 + pick(r, 500);
		how(in, "a sum of %ld distinct variables", n);
		for (long k = 0; k < n; k++)
			strbuf_printf(&b, "%sv%ld", k ? " + " : "", k);
		break;
	case 1:
		n = 380 + pick(r, 40);
		how(in, "%ld nested parentheses", n);
		for (long k = 0; k < n; k++)
			strbuf_put(&b, "(", 1);
		strbuf_put(&b, "x", 1);
		for (long k = 0; k < n; k++)
			strbuf_put(&b, ")", 1);
		break;
	case 2:
		n = 380 + pick(r, 40);
		how(in, "%ld nested signs and calls", n);
		for (long k = 0; k < n; k++)
			strbuf_put(&b, k % 3 ? "-" : "abs(", k % 3 ? 1 : 4);
		strbuf_put(&b, "x", 1);
		for (long k = 0; k < n; k += 3)
			strbuf_put(&b, ")", 1);
		break;
	case 3:
		n = 380 + pick(r, 40);
		how(in, "a chain of %ld powers", n);
		for (long k = 0; k < n; k++)
			strbuf_printf(&b, "x%ld^", k % 7);
		strbuf_put(&b, "2", 1);
		break;
	default:
		n = 390 + pick(r, 30);
		how(in, "a flat product of %ld terms over one variable", n);
		for (long k = 0; k < n; k++)
			strbuf_printf(&b, "%s(x - %ld)", k ? "*" : "", k % 5);
		break;
	}
	return b.s;
}

static void gen_formula(input *in, gsl_rng *r)
{
	size_t n;

	switch (in->cat) {
	case C_FRANDOM:
		n = (size_t)pick(r, 80);
		in->text = xmalloc(n + 1);
		for (size_t k = 0; k < n; k++)
			in->text[k] = (char)random_byte(r, formula_chars);
		in->text[n] = '\0';
		in->len = n;
		how(in, "random bytes");
		break;
	case C_FMUTATED:
		if (chance(r, 0.5)) {
			long k = pick(r, (long)(sizeof seed_formulas /
						sizeof *seed_formulas));
			in->text = xstrdup(seed_formulas[k]);
		} else {
			in->text = formula_from_gen(r, 1 + (int)pick(r, 12),
						    1 + (int)pick(r, 4), 1,
						    120);
		}
		in->len = strlen(in->text);
		mutate_bytes(r, &in->text, &in->len, 1 + (int)pick(r, 4),
			     formula_chars, 0);
		in->len = strlen(in->text);
		how(in, "a valid formula with a few bytes changed");
		break;
	default:
		if (chance(r, 0.01)) {
			in->text = extreme_formula(r, in);
		} else {
			int all = chance(r, 0.6);
			in->text = formula_from_gen(r, 1 + (int)pick(r, 30),
						    1 + (int)pick(r, 5), all,
						    400);
			how(in, "a CGP formula%s", all ? " with every "
			    "operator" : "");
		}
		in->len = strlen(in->text);
	}
}

/* -- Task and rule files -- */

static char *task_bases[16];
static int ntask_bases;
static char *rule_bases[32];
static int nrule_bases;

/* s into buf, cut to fit. */
static void copy_cut(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* One `key = value` line of a task or rule file, as the fuzzer reads it
 * (comments after '#', blanks trimmed); 0 for a blank or comment line. */
static int kv_line(const char *s, size_t a, size_t b, char *key,
		   size_t ksize, char *value, size_t vsize)
{
	char line[8192];
	size_t n = b - a < sizeof line - 1 ? b - a : sizeof line - 1;
	char *h, *eq, *k, *v, *end;

	memcpy(line, s + a, n);
	line[n] = '\0';
	if ((h = strchr(line, '#')))
		*h = '\0';
	if (!(eq = strchr(line, '=')))
		return 0;
	*eq = '\0';
	for (k = line; *k == ' ' || *k == '\t'; k++)
		;
	for (end = eq; end > k && strchr(" \t\r", end[-1]); end--)
		;
	*end = '\0';
	for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (end = v + strlen(v); end > v && strchr(" \t\r", end[-1]); end--)
		;
	*end = '\0';
	copy_cut(key, ksize, k);
	copy_cut(value, vsize, v);
	return *k != '\0';
}

/* Line number (0-based) of key in text, or -1. */
static int find_key(const char *s, size_t len, const char *key)
{
	char k[128], v[8192];
	size_t a, b;
	for (int n = 0; nth_line(s, len, n, &a, &b); n++)
		if (kv_line(s, a, b, k, sizeof k, v, sizeof v) &&
		    !strcmp(k, key))
			return n;
	return -1;
}

static void set_line(char **s, size_t *len, int n, const char *text)
{
	size_t a, b;
	if (n >= 0 && nth_line(*s, *len, n, &a, &b)) {
		replace_text(s, len, a, b, text, strlen(text));
	} else {
		if (*len && (*s)[*len - 1] != '\n')
			replace_text(s, len, *len, *len, "\n", 1);
		replace_text(s, len, *len, *len, text, strlen(text));
		replace_text(s, len, *len, *len, "\n", 1);
	}
}

static void delete_line(char **s, size_t *len, int n)
{
	size_t a, b;
	if (nth_line(*s, *len, n, &a, &b))
		replace_text(s, len, a, b < *len ? b + 1 : b, "", 0);
}

static const task_family *family_of_text(const char *s, size_t len)
{
	char k[128], v[8192];
	size_t a, b;
	for (int n = 0; nth_line(s, len, n, &a, &b); n++)
		if (kv_line(s, a, b, k, sizeof k, v, sizeof v) &&
		    (!strcmp(k, "family") || !strcmp(k, "task")))
			return task_family_find(v);
	return NULL;
}

/* A value inside p's range, as text. */
static void valid_value(gsl_rng *r, const task_param *p, char *buf,
			size_t n)
{
	if (p->choices) {
		char words[256], *w, *save = NULL;
		long k = 0, want;
		snprintf(words, sizeof words, "%s", p->choices);
		for (const char *c = p->choices; *c; c++)
			k += *c == '|';
		want = pick(r, k + 1);
		w = strtok_r(words, "|", &save);
		while (want-- > 0 && w)
			w = strtok_r(NULL, "|", &save);
		snprintf(buf, n, "%s", w ? w : "");
		return;
	}
	double lo = p->min, hi = p->max, x;
	if (lo < -1e6)
		lo = -1e6;
	if (hi > 1e6)
		hi = 1e6;
	if (hi < lo)
		hi = lo;
	switch (pick(r, 4)) {
	case 0: x = lo; break;
	case 1: x = hi; break;
	case 2: x = p->def; break;
	default: x = lo + (hi - lo) * gsl_rng_uniform(r);
	}
	if (p->integer)
		x = x < 0 ? ceil(x) : floor(x);
	if (x < p->min || x > p->max)
		x = p->def;
	if (chance(r, 0.5)) {
		snprintf(buf, n, "%.17g", x);
	} else {
		snprintf(buf, n, "%g", x);
		double y = strtod(buf, NULL);
		if (y < p->min || y > p->max || (p->integer && y != floor(y)))
			snprintf(buf, n, "%.17g", x);
	}
}

static void gen_task(input *in, gsl_rng *r)
{
	const char *base = task_bases[pick(r, ntask_bases)];
	const task_family *f;
	const task_param *p;
	char line[8192];
	int kind = (int)pick(r, 100), n;

	in->text = xstrdup(base);
	in->len = strlen(base);
	f = family_of_text(in->text, in->len);
	p = &f->params[pick(r, f->nparams)];
	n = find_key(in->text, in->len, p->name);
	in->expect = EXPECT_REFUSE;
	if (kind < 5) {
		in->expect = EXPECT_OK;
		how(in, "unchanged");
	} else if (kind < 30) {
		valid_value(r, p, in->value, sizeof in->value);
		snprintf(in->key, sizeof in->key, "%s", p->name);
		snprintf(line, sizeof line, "%s%s=%s%s", p->name,
			 chance(r, 0.5) ? " " : "", chance(r, 0.5) ? " " : "",
			 in->value);
		if (chance(r, 0.2))
			strcat(line, "   # a comment");
		set_line(&in->text, &in->len, n, line);
		/* A valid value may still break a rule between parameters
		 * (a minimum above its maximum), so a refusal is no wrong
		 * answer here; a value read differently is. */
		in->expect = EXPECT_ANY;
		how(in, "%s set to %s, in its range", p->name, in->value);
	} else if (kind < 65) {
		static const char *const junk[] = {
			"abc", "1.2.3", "5x", "0x10", "inf", "nan", "-inf",
			"1e", "--1", "1e99999", "+-2", "1,5", "one"
		};
		const char *v = junk[pick(r, (long)(sizeof junk /
						    sizeof *junk))];
		char num[64];
		switch (pick(r, 13)) {
		case 0:
			snprintf(line, sizeof line, "bogus_key = 1");
			set_line(&in->text, &in->len, -1, line);
			how(in, "an unknown key");
			break;
		case 1:
			if (p->choices || p->max >= 1e300) {
				snprintf(line, sizeof line, "%s = %s", p->name, v);
				how(in, "%s = %s", p->name, v);
			} else {
				snprintf(num, sizeof num, "%.17g", p->max +
					 fabs(p->max) + 1);
				snprintf(line, sizeof line, "%s = %s", p->name,
					 num);
				how(in, "%s above its maximum", p->name);
			}
			set_line(&in->text, &in->len, n, line);
			break;
		case 2:
			if (p->choices || p->min <= -1e300) {
				snprintf(line, sizeof line, "%s = %s", p->name, v);
				how(in, "%s = %s", p->name, v);
			} else {
				snprintf(num, sizeof num, "%.17g", p->min -
					 fabs(p->min) - 1);
				snprintf(line, sizeof line, "%s = %s", p->name,
					 num);
				how(in, "%s below its minimum", p->name);
			}
			set_line(&in->text, &in->len, n, line);
			break;
		case 3:
			snprintf(line, sizeof line, "%s = %s", p->name, v);
			set_line(&in->text, &in->len, n, line);
			how(in, "%s = %s", p->name, v);
			break;
		case 4:
			snprintf(line, sizeof line, "%s", p->name);
			set_line(&in->text, &in->len, n, line);
			how(in, "%s without '= value'", p->name);
			break;
		case 5:
			snprintf(line, sizeof line, "%s =", p->name);
			set_line(&in->text, &in->len, n, line);
			how(in, "%s with an empty value", p->name);
			break;
		case 6:
			set_line(&in->text, &in->len,
				 find_key(in->text, in->len, "family"),
				 "family = nosuchfamily");
			how(in, "an unknown family");
			break;
		case 7:
			delete_line(&in->text, &in->len,
				    find_key(in->text, in->len, "family"));
			how(in, "the family line removed");
			break;
		case 8:
			snprintf(line, sizeof line, "%s = %s", p->name,
				 p->choices ? "fixed" : "1");
			set_line(&in->text, &in->len, n, line);
			set_line(&in->text, &in->len, -1, line);
			how(in, "%s set twice", p->name);
			break;
		case 9: {
			size_t at = (size_t)pick(r, (long)in->len);
			replace_text(&in->text, &in->len, at, at, "\0", 1);
			how(in, "a NUL byte at offset %zu", at);
			break;
		}
		case 10: {
			char *longl = xmalloc(5001);
			memset(longl, 'x', 5000);
			longl[0] = '#';
			longl[5000] = '\0';
			set_line(&in->text, &in->len, -1, longl);
			free(longl);
			how(in, "a line of 5000 bytes");
			break;
		}
		case 11:
			/* A number whose text is not zero but reads as 0. */
			if (p->choices) {
				snprintf(line, sizeof line, "%s = %s\x01",
					 p->name, "fixed");
				how(in, "a control byte in %s's value", p->name);
			} else {
				snprintf(line, sizeof line, "%s = 1e-999999999",
					 p->name);
				how(in, "%s = 1e-999999999 (underflows to 0)",
				    p->name);
			}
			set_line(&in->text, &in->len, n, line);
			break;
		default:
			/* Parameters that contradict each other. */
			if (!strcmp(f->name, "error")) {
				switch (pick(r, 4)) {
				case 0:
					set_line(&in->text, &in->len, -1,
						 "rate_min = 900");
					set_line(&in->text, &in->len, -1,
						 "rate_max = 100");
					how(in, "rate_min > rate_max");
					break;
				case 1:
					set_line(&in->text, &in->len, -1,
						 "teacher_w_min = 10");
					set_line(&in->text, &in->len, -1,
						 "teacher_w_max = -10");
					how(in, "teacher_w_min > teacher_w_max");
					break;
				case 2:
					set_line(&in->text, &in->len, -1,
						 "sample = 1000000");
					how(in, "sample = 1000000: nothing "
					    "compared");
					break;
				default:
					set_line(&in->text, &in->len, -1,
						 "delay = 1000");
					set_line(&in->text, &in->len, -1,
						 "T = 10");
					how(in, "delay = 1000 with T = 10: "
					    "nothing compared");
				}
			} else {
				snprintf(line, sizeof line, "%s = %s", p->name,
					 v);
				set_line(&in->text, &in->len, n, line);
				how(in, "%s = %s", p->name, v);
			}
		}
	} else if (kind < 85) {
		mutate_bytes(r, &in->text, &in->len, 1 + (int)pick(r, 4),
			     "abcdefghijklmnopqrstuvwxyz_=# .0123456789e+-\n",
			     1);
		in->expect = EXPECT_ANY;
		how(in, "a few bytes changed");
	} else {
		int lines = count_lines(in->text, in->len), a = (int)pick(r, lines);
		size_t s1, e1;
		in->expect = EXPECT_ANY;
		if (chance(r, 0.5) && nth_line(in->text, in->len, a, &s1, &e1)) {
			char *copy = xmalloc(e1 - s1 + 2);
			memcpy(copy, in->text + s1, e1 - s1);
			copy[e1 - s1] = '\0';
			set_line(&in->text, &in->len, -1, copy);
			free(copy);
			how(in, "line %d repeated at the end", a + 1);
			char k[128], v[8192];
			if (kv_line(in->text, s1, e1, k, sizeof k, v, sizeof v))
				in->expect = EXPECT_REFUSE;   /* a duplicate */
		} else {
			char k[128], v[8192];
			if (nth_line(in->text, in->len, a, &s1, &e1) &&
			    kv_line(in->text, s1, e1, k, sizeof k, v, sizeof v) &&
			    !strcmp(k, "family"))
				in->expect = EXPECT_REFUSE;
			delete_line(&in->text, &in->len, a);
			how(in, "line %d removed", a + 1);
		}
	}
}

/* The key lines a duplicate check would flag, so a contradiction test
 * does not turn into a duplicate test: later settings of the same key
 * replace earlier ones before the file is written. */
static void drop_earlier_duplicates(input *in)
{
	char k[128], v[8192], k2[128], v2[8192];
	size_t a, b, a2, b2;
	int n = count_lines(in->text, in->len);

	for (int i = n - 1; i >= 0; i--) {
		if (!nth_line(in->text, in->len, i, &a, &b) ||
		    !kv_line(in->text, a, b, k, sizeof k, v, sizeof v))
			continue;
		for (int j = i - 1; j >= 0; j--)
			if (nth_line(in->text, in->len, j, &a2, &b2) &&
			    kv_line(in->text, a2, b2, k2, sizeof k2, v2,
				    sizeof v2) && !strcmp(k, k2)) {
				delete_line(&in->text, &in->len, j);
				i--;
			}
	}
}

/* -- Rule files -- */

/* A formula over family f's variables: the paper's x_0... or the names. */
static char *rule_formula(gsl_rng *r, const task_family *f)
{
	char *s = formula_from_gen(r, 1 + (int)pick(r, 10), f->nvars,
				   chance(r, 0.3), 150);
	if (chance(r, 0.5)) {
		strbuf b = { 0 };
		strbuf_put(&b, "", 0);
		for (const char *p = s; *p;) {
			if (p[0] == 'x' && p[1] == '_' && isdigit((unsigned char)p[2]) &&
			    (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
				int k = p[2] - '0';
				strbuf_printf(&b, "%s", k < f->nvars ? f->vars[k] :
					      "x_9");
				p += 3;
			} else {
				strbuf_put(&b, p++, 1);
			}
		}
		free(s);
		s = b.s;
	}
	return s;
}

static void gen_rule(input *in, gsl_rng *r)
{
	const char *base = rule_bases[pick(r, nrule_bases)];
	const task_family *f;
	char line[8192];
	int kind = (int)pick(r, 100);

	in->text = xstrdup(base);
	in->len = strlen(base);
	f = family_of_text(in->text, in->len);
	const char *fkey = f->nformulas == 1 ? "formula" : f->formulas[pick(r,
						f->nformulas)];
	int n = find_key(in->text, in->len, fkey);
	in->expect = EXPECT_REFUSE;
	if (kind < 5) {
		in->expect = EXPECT_OK;
		how(in, "unchanged");
	} else if (kind < 35) {
		for (int i = 0; i < f->nformulas; i++) {
			const char *k = f->nformulas == 1 ? "formula" :
				f->formulas[i];
			char *s = rule_formula(r, f);
			snprintf(line, sizeof line, "%s = %s", k, s);
			free(s);
			set_line(&in->text, &in->len,
				 find_key(in->text, in->len, k), line);
		}
		in->expect = EXPECT_OK;
		how(in, "generated formula(s) over the family's variables");
	} else if (kind < 65) {
		switch (pick(r, 10)) {
		case 0:
			snprintf(line, sizeof line, "%s = %s*q_9", fkey,
				 f->vars[0]);
			set_line(&in->text, &in->len, n, line);
			how(in, "a variable the family does not have");
			break;
		case 1:
			snprintf(line, sizeof line, "%s = (%s - 1", fkey,
				 f->vars[0]);
			set_line(&in->text, &in->len, n, line);
			how(in, "an unclosed parenthesis");
			break;
		case 2:
			snprintf(line, sizeof line, "%s =", fkey);
			set_line(&in->text, &in->len, n, line);
			how(in, "an empty formula");
			break;
		case 3:
			set_line(&in->text, &in->len,
				 find_key(in->text, in->len, "task"),
				 "task = nosuchfamily");
			how(in, "an unknown task family");
			break;
		case 4:
			delete_line(&in->text, &in->len,
				    find_key(in->text, in->len, "task"));
			how(in, "the task line removed");
			break;
		case 5:
			delete_line(&in->text, &in->len, n);
			how(in, "the %s line removed", fkey);
			break;
		case 6:
			set_line(&in->text, &in->len, -1, "name = twice");
			set_line(&in->text, &in->len, -1, "name = again");
			how(in, "name set twice");
			break;
		case 7:
			set_line(&in->text, &in->len, -1, "formulae = x");
			how(in, "an unknown key");
			break;
		case 8: {
			size_t at = (size_t)pick(r, (long)in->len);
			replace_text(&in->text, &in->len, at, at, "\0", 1);
			how(in, "a NUL byte at offset %zu", at);
			break;
		}
		default:
			snprintf(line, sizeof line, "%s 2*%s", fkey, f->vars[0]);
			set_line(&in->text, &in->len, n, line);
			how(in, "%s without '='", fkey);
		}
	} else if (kind < 90) {
		mutate_bytes(r, &in->text, &in->len, 1 + (int)pick(r, 4),
			     "abcdefghijklmnopqrstuvwxyz_=# .0123456789+-*/^()\n",
			     1);
		in->expect = EXPECT_ANY;
		how(in, "a few bytes changed");
	} else {
		int lines = count_lines(in->text, in->len), a = (int)pick(r, lines);
		delete_line(&in->text, &in->len, a);
		in->expect = EXPECT_ANY;
		how(in, "line %d removed", a + 1);
	}
}

/* -- Run directories -- */

typedef struct {
	const char *preset_name;
	const evo_preset *preset;
	char *files[NRUNFILES];
	size_t len[NRUNFILES];
	long generation, evaluations;   /* of its checkpoint */
	char **hof;                     /* its hall of fame's formulas */
	int nhof;
} run_base;

static run_base bases[3];
static int nbases;

/* Parent line p (0-based) of a checkpoint: where it is. */
static int ckpt_parent(const char *s, size_t len, int p, size_t *a, size_t *b)
{
	int seen = 0;
	for (int n = 0; nth_line(s, len, n, a, b); n++)
		if (!strncmp(s + *a, "parent ", 7) && seen++ == p)
			return n;
	return -1;
}

/* Gene g's text in a parent line [a, b): its byte range. */
static int gene_span(const char *s, size_t a, size_t b, int g, size_t *ga,
		     size_t *gb)
{
	size_t i = a + 7;
	int field = -1;       /* -1: the fitness */
	while (i < b) {
		while (i < b && s[i] == ' ')
			i++;
		size_t st = i;
		while (i < b && s[i] != ' ')
			i++;
		if (field == g) {
			*ga = st;
			*gb = i;
			return 1;
		}
		field++;
	}
	return 0;
}

static void gen_rundir(input *in, gsl_rng *r)
{
	const run_base *B = &bases[in->base = (int)pick(r, nbases)];
	const evo_preset *P = B->preset;
	int k = (int)pick(r, NRUNFILES), kind = (int)pick(r, 100);
	char **s;
	size_t *len;
	char buf[256];

	for (int f = 0; f < NRUNFILES; f++) {
		in->files[f] = xmalloc(B->len[f] + 1);
		memcpy(in->files[f], B->files[f], B->len[f] + 1);
		in->flen[f] = B->len[f];
		in->present[f] = 1;
	}
	/* A third of them run one generation on from the checkpoint. */
	in->budget = chance(r, 0.3) ? B->evaluations + 1 : 1;
	in->expect = EXPECT_ANY;
	in->expect_watch = EXPECT_ANY;
	in->hof_kept = 1;
	if (kind < 4) {
		in->expect = in->expect_watch = EXPECT_OK;
		how(in, "unchanged (%s)", B->preset_name);
		return;
	}
	if (kind >= 40) {
		/* Targeted damage, by file. */
		k = (int)pick(r, NRUNFILES);
	}
	s = &in->files[k];
	len = &in->flen[k];
	if (k == F_HOF)
		in->hof_kept = 0;
	/* A damaged task.task may fall back to a full-size task, whose
	 * generation takes seconds: no generation then. */
	if (k == F_TASK)
		in->budget = 1;
	if (kind < 20) {
		mutate_bytes(r, s, len, 1 + (int)pick(r, 4), NULL, 1);
		how(in, "%s: a few bytes changed", run_files[k]);
		in->hof_kept = 0;
		return;
	}
	if (kind < 28) {
		size_t at = (size_t)pick(r, (long)*len + 1);
		replace_text(s, len, at, *len, "", 0);
		how(in, "%s cut at byte %zu of %zu", run_files[k], at,
		    B->len[k]);
		in->hof_kept = 0;
		return;
	}
	if (kind < 34) {
		int lines = count_lines(*s, *len), a = (int)pick(r, lines);
		size_t s1, e1;
		if (chance(r, 0.5)) {
			delete_line(s, len, a);
			how(in, "%s: line %d removed", run_files[k], a + 1);
		} else if (nth_line(*s, *len, a, &s1, &e1)) {
			char *copy = xmalloc(e1 - s1 + 2);
			memcpy(copy, *s + s1, e1 - s1);
			copy[e1 - s1] = '\n';
			replace_text(s, len, s1, s1, copy, e1 - s1 + 1);
			free(copy);
			how(in, "%s: line %d doubled", run_files[k], a + 1);
		}
		in->hof_kept = 0;
		return;
	}
	if (kind < 37) {
		/* CRLF line ends: accepted with the same content, or
		 * refused; the hall of fame must not be lost. */
		strbuf b = { 0 };
		strbuf_put(&b, "", 0);
		for (size_t i = 0; i < *len; i++)
			strbuf_put(&b, (*s)[i] == '\n' ? "\r\n" : *s + i,
				   (*s)[i] == '\n' ? 2 : 1);
		free(*s);
		*s = b.s;
		*len = b.len;
		in->hof_kept = 1;
		how(in, "%s with CRLF line ends", run_files[k]);
		return;
	}
	if (kind < 40) {
		if (chance(r, 0.5)) {
			(*s)[0] = '\0';
			*len = 0;
			how(in, "%s empty", run_files[k]);
		} else {
			in->present[k] = 0;
			how(in, "%s missing", run_files[k]);
		}
		/* Every file but pareto.tsv is needed to resume. */
		if (k != F_PARETO)
			in->expect = EXPECT_REFUSE;
		if (k == F_CONF || k == F_TASK)
			in->expect_watch = EXPECT_REFUSE;
		return;
	}
	/* kind 40..99: damage that can be told, per file. */
	switch (k) {
	case F_CONF:
		switch (pick(r, 4)) {
		case 0:
			set_line(s, len, find_key(*s, *len, "format"),
				 "format = e2l-run 0");
			how(in, "run.conf of another format");
			in->expect = in->expect_watch = EXPECT_REFUSE;
			break;
		case 1:
			set_line(s, len, find_key(*s, *len, "preset"),
				 "preset = nosuchpreset");
			how(in, "run.conf: an unknown preset");
			in->expect = EXPECT_REFUSE;
			break;
		case 2: {
			const char *other = strcmp(B->preset->family, "error") ?
				"error" : "correlation";
			snprintf(buf, sizeof buf, "preset = %s", other);
			set_line(s, len, find_key(*s, *len, "preset"), buf);
			how(in, "run.conf: preset %s for a %s task", other,
			    B->preset->family);
			in->expect = EXPECT_REFUSE;
			break;
		}
		default:
			snprintf(buf, sizeof buf, "seed = %lu",
				 (unsigned long)pick(r, 1000000));
			set_line(s, len, find_key(*s, *len, "seed"), buf);
			how(in, "run.conf: another seed");
		}
		break;
	case F_TASK: {
		const task_family *f = task_family_find(B->preset->family);
		const task_param *p = &f->params[pick(r, f->nparams)];
		int n = find_key(*s, *len, p->name);
		if (p->choices)
			snprintf(buf, sizeof buf, "%s = nosuchword", p->name);
		else if (p->max < 1e300)
			snprintf(buf, sizeof buf, "%s = %.17g", p->name,
				 p->max + fabs(p->max) + 1);
		else
			snprintf(buf, sizeof buf, "%s = abc", p->name);
		set_line(s, len, n, buf);
		how(in, "task.task: %s", buf);
		in->expect = EXPECT_REFUSE;
		break;
	}
	case F_LOG: {
		int lines = count_lines(*s, *len);
		int a = lines > 1 ? (int)pick(r, lines - 1) : 0;
		size_t s1, e1;
		switch (pick(r, 5)) {
		case 0:
			if (nth_line(*s, *len, a, &s1, &e1)) {
				snprintf(buf, sizeof buf, "{\"generation\": %d,",
					 a + 7);
				const char *c = memchr(*s + s1, ',', e1 - s1);
				if (c)
					replace_text(s, len, s1,
						     (size_t)(c - *s) + 1, buf,
						     strlen(buf));
			}
			how(in, "log.jsonl: line %d says generation %d", a + 1,
			    a + 7);
			in->expect = in->expect_watch = EXPECT_REFUSE;
			break;
		case 1:
			if (nth_line(*s, *len, a, &s1, &e1))
				replace_text(s, len, s1, s1, "{garbage\n", 9);
			how(in, "log.jsonl: a garbage line before line %d",
			    a + 1);
			in->expect = in->expect_watch = EXPECT_REFUSE;
			break;
		case 2:
			delete_line(s, len, a);
			how(in, "log.jsonl: line %d of %d removed", a + 1,
			    lines);
			in->expect = in->expect_watch = EXPECT_REFUSE;
			break;
		case 3:
			replace_text(s, len, *len, *len, "{\"generation\": ",
				     15);
			how(in, "log.jsonl: half a line at the end");
			in->expect = in->expect_watch = EXPECT_OK;
			break;
		default:
			if (nth_line(*s, *len, lines - 1, &s1, &e1)) {
				char *copy = xmalloc(e1 - s1 + 64);
				const char *c = memchr(*s + s1, ',', e1 - s1);
				int m = snprintf(copy, 64, "{\"generation\": %d",
						 lines);
				if (c) {
					memcpy(copy + m, c, e1 - (size_t)(c - *s));
					m += (int)(e1 - (size_t)(c - *s));
				}
				copy[m++] = '\n';
				replace_text(s, len, *len, *len, copy,
					     (size_t)m);
				free(copy);
			}
			how(in, "log.jsonl: one generation past the checkpoint");
			in->expect = in->expect_watch = EXPECT_OK;
		}
		break;
	}
	case F_HOF:
	case F_PARETO:
		if (chance(r, 0.5)) {
			replace_text(s, len, *len, *len, "abc\tdef\n", 8);
			how(in, "%s: a row that is not fitness, complexity, "
			    "formula", run_files[k]);
		} else {
			replace_text(s, len, *len, *len, "1.5\t2\t(x +\n", 11);
			how(in, "%s: a row whose formula does not parse",
			    run_files[k]);
		}
		if (k == F_HOF)
			in->expect = EXPECT_REFUSE;
		in->hof_kept = 0;
		break;
	default: {   /* checkpoint */
		int p = (int)pick(r, P->mu), ng = cgp_genes(&(cgp_shape){
			P->inputs, P->columns, P->levels_back, P->prims,
			P->nprims });
		int g = (int)pick(r, ng * P->ngenomes), gi = g % ng;
		size_t a, b, ga, gb;
		int line = ckpt_parent(*s, *len, p, &a, &b);
		int col = gi / 3, value = 0, bad = 1;
		int node = P->inputs + col;
		switch (pick(r, 7)) {
		case 0:
		case 1:
			/* A gene outside the genome's range. */
			if (gi == 3 * P->columns)
				value = P->inputs + P->columns + (int)pick(r, 5);
			else if (gi % 3 == 0)
				value = P->nprims + (int)pick(r, 5);
			else
				value = node + (int)pick(r, 5);
			if (chance(r, 0.2))
				value = chance(r, 0.5) ? -1 : 1000000;
			break;
		case 2: {
			/* Another permissible value: still a valid run. */
			bad = 0;
			if (gi == 3 * P->columns) {
				value = (int)pick(r, P->inputs + P->columns);
			} else if (gi % 3 == 0) {
				value = (int)pick(r, P->nprims);
			} else {
				int first = col - P->levels_back < 0 ? 0 :
					col - P->levels_back;
				int n = P->inputs + col - first;
				value = (int)pick(r, n);
				if (value >= P->inputs)
					value += first;
			}
			break;
		}
		default:
			bad = -1;
		}
		if (bad >= 0) {
			if (line >= 0 && gene_span(*s, a, b, g, &ga, &gb)) {
				snprintf(buf, sizeof buf, "%d", value);
				replace_text(s, len, ga, gb, buf, strlen(buf));
			}
			how(in, "checkpoint: parent %d gene %d = %d (%s)", p, g,
			    value, bad ? "out of range" : "permissible");
			in->expect = bad ? EXPECT_REFUSE : EXPECT_OK;
			in->expect_watch = bad ? EXPECT_ANY : EXPECT_OK;
			return;
		}
		switch (pick(r, 6)) {
		case 0: {
			/* MT19937's index past its 624 words: bytes 4992..4995
			 * of GSL's state, little-endian. */
			int rl = -1;
			size_t ra = 0, rb = 0;
			for (int n = 0; nth_line(*s, *len, n, &ra, &rb); n++)
				if (!strncmp(*s + ra, "rng ", 4)) {
					rl = n;
					break;
				}
			unsigned v = chance(r, 0.5) ? 625 + (unsigned)pick(r, 100000) :
				0x80000000u + (unsigned)pick(r, 100000);
			if (rl >= 0) {
				const char *hex = memchr(*s + ra + 4, ' ',
							 rb - ra - 4);
				if (hex && (size_t)(*s + rb - hex - 1) >= 2 * 4996) {
					size_t at = (size_t)(hex + 1 - *s) + 2 * 4992;
					snprintf(buf, sizeof buf, "%02x%02x%02x%02x",
						 v & 255, (v >> 8) & 255,
						 (v >> 16) & 255, v >> 24);
					replace_text(s, len, at, at + 8, buf, 8);
				}
			}
			how(in, "checkpoint: generator index %d (MT19937 has 624 "
			    "words)", (int)v);
			in->expect = EXPECT_REFUSE;
			break;
		}
		case 1:
			snprintf(buf, sizeof buf, "generation %ld",
				 B->generation + 5);
			set_line(s, len, 1, buf);
			how(in, "checkpoint: generation past the log's");
			in->expect = EXPECT_REFUSE;
			break;
		case 2:
			if (line >= 0)
				delete_line(s, len, line);
			how(in, "checkpoint: parent %d removed", p);
			in->expect = EXPECT_REFUSE;
			break;
		case 3:
			if (line >= 0 && nth_line(*s, *len, line, &a, &b)) {
				char *copy = xmalloc(b - a + 2);
				memcpy(copy, *s + a, b - a);
				copy[b - a] = '\n';
				replace_text(s, len, a, a, copy, b - a + 1);
				free(copy);
			}
			how(in, "checkpoint: parent %d doubled", p);
			in->expect = EXPECT_REFUSE;
			break;
		case 4:
			delete_line(s, len, count_lines(*s, *len) - 1);
			how(in, "checkpoint: no end line");
			in->expect = EXPECT_REFUSE;
			break;
		default:
			set_line(s, len, 0, "e2l-checkpoint 0");
			how(in, "checkpoint of another version");
			in->expect = EXPECT_REFUSE;
		}
	}
	}
}

static void gen_special(input *in)
{
	static const char *const kinds[] = { "", "a FIFO", "a directory",
					     "a link to /dev/zero" };
	in->base = 0;
	const run_base *B = &bases[in->base];
	for (int f = 0; f < NRUNFILES; f++) {
		in->files[f] = xmalloc(B->len[f] + 1);
		memcpy(in->files[f], B->files[f], B->len[f] + 1);
		in->flen[f] = B->len[f];
		in->present[f] = 1;
	}
	/* 0..17 go through watch, then resume; 18..35 through resume
	 * alone, so that a hang in watch does not hide one there. */
	in->special_file = (int)(in->index % 6);
	in->special = 1 + (int)(in->index / 6 % 3);
	in->resume_only = in->index >= 18;
	in->budget = 1;
	in->expect = in->special_file == F_PARETO ? EXPECT_ANY : EXPECT_REFUSE;
	in->expect_watch = EXPECT_ANY;
	how(in, "%s is %s%s", run_files[in->special_file], kinds[in->special],
	    in->resume_only ? " (resume only)" : "");
}

/* The input (cat, index): a pure function of them and the seed. */
static void gen_input(input *in, int cat, long index)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	memset(in, 0, sizeof *in);
	in->cat = cat;
	in->index = index;
	seed_rng(r, cat, index);
	switch (cat) {
	case C_FRANDOM:
	case C_FMUTATED:
	case C_FGENERATED:
		gen_formula(in, r);
		break;
	case C_TASK:
		gen_task(in, r);
		if (strstr(in->how, ">") || strstr(in->how, "nothing"))
			drop_earlier_duplicates(in);
		break;
	case C_RULE:
		gen_rule(in, r);
		break;
	case C_RUNDIR:
		gen_rundir(in, r);
		break;
	default:
		gen_special(in);
	}
	gsl_rng_free(r);
}

/* Writes a run directory input into dir (created). */
static void write_rundir(const input *in, const char *dir)
{
	char path[4096];

	mkdir(dir, 0755);
	for (int f = 0; f < NRUNFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, run_files[f]);
		if (in->special && in->special_file == f) {
			if (in->special == 1)
				mkfifo(path, 0644);
			else if (in->special == 2)
				mkdir(path, 0755);
			else
				symlink("/dev/zero", path);
			continue;
		}
		if (in->present[f])
			write_bytes(path, in->files[f], in->flen[f]);
	}
}

/* ---- Wrong answers --------------------------------------------------- */

static input *cur;              /* the input being checked */
static int cur_wrong;           /* its wrong answers so far */
static const char *cur_dir;     /* its run directory, if any */

static void save_input(const input *in, const char *dest, const char *why)
{
	char path[8400];
	FILE *f;

	mkdir(dest, 0755);
	if (in->cat >= C_RUNDIR) {
		snprintf(path, sizeof path, "%s/run", dest);
		remove_tree(path);
		write_rundir(in, path);
	} else {
		snprintf(path, sizeof path, "%s/input", dest);
		write_bytes(path, in->text, in->len);
	}
	snprintf(path, sizeof path, "%s/about.txt", dest);
	if ((f = fopen(path, "a"))) {
		fprintf(f, "category %s, input %ld, seed %lu: %s\n%s\n"
			"again: bench/fuzz --one %s %ld --seed %lu\n",
			cats[in->cat].name, in->index, opt.seed, in->how, why,
			cats[in->cat].name, in->index, opt.seed);
		fclose(f);
	}
}

static void wrong(const char *label, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void wrong(const char *label, const char *fmt, ...)
{
	char detail[1024], esc[1200], line[1600], dest[8192];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	e2l_escape(detail, esc, sizeof esc);
	if (opt.verbose)
		printf("WRONG [%s]: %s\n", label, esc);
	if (rerun)
		return;
	snprintf(line, sizeof line, "%s\t%ld\t%s\t%s\t%s\n",
		 cats[cur->cat].name, cur->index, label, cur->how, esc);
	snprintf(dest, sizeof dest, "%s/wrong.log", opt.out);
	if ((fd = open(dest, O_WRONLY | O_APPEND | O_CREAT, 0644)) >= 0) {
		if (write(fd, line, strlen(line)) < 0)
			perror(dest);
		close(fd);
	}
	if (cur_wrong++ == 0) {
		add(&stats[cur->cat].wrong, 1);
		long saved = __atomic_fetch_add(&stats[cur->cat].saved, 1,
						__ATOMIC_RELAXED);
		if (saved < 40) {
			snprintf(dest, sizeof dest, "%s/wrong/%s-%ld", opt.out,
				 cats[cur->cat].name, cur->index);
			save_input(cur, dest, line);
		}
	}
}

/* ---- Formula checks ------------------------------------------------ */

static int same_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return memcmp(&a, &b, sizeof a) == 0;
}

static int close_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (isinf(a) || isinf(b))
		return a == b;
	return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-300;
}

static ref_status ref_of(e2l_status st)
{
	switch (st) {
	case E2L_OK: return REF_OK;
	case E2L_INCOMPLETE: return REF_INCOMPLETE;
	case E2L_ESYNTAX: return REF_SYNTAX;
	case E2L_EUNKNOWN: return REF_UNKNOWN;
	case E2L_ELIMIT: return REF_LIMIT;
	default: return (ref_status)-1;
	}
}

static const char *ref_name(ref_status s)
{
	static const char *const names[] = { "ok", "incomplete",
		"syntax error", "unknown name", "beyond a bound" };
	return (unsigned)s < 5 ? names[s] : "?";
}

enum { NPOINTS = 3 };

static double point_value(gsl_rng *r)
{
	static const double common[] = { 0, 1, -1, 2, -2, 0.5, -0.5, 3, 0.1,
					 -60, -65, 0.3, 1.5, 10, 1e-3, 7 };
	if (chance(r, 0.6))
		return common[pick(r, (long)(sizeof common / sizeof *common))];
	return -4 + 8 * gsl_rng_uniform(r);
}

/* Values of tree t's names at point p, from the original's (names
 * missing there are an error the caller reports). */
static int map_values(const ref_tree *from, const double *vals,
		      const ref_tree *to, double *out, const char **missing)
{
	for (int i = 0; i < to->nnames; i++) {
		int k = ref_var(from, to->names[i]);
		if (k < 0) {
			*missing = to->names[i];
			return 0;
		}
		out[i] = vals[k];
	}
	return 1;
}

/* Point p's values: NPOINTS rows of R's variables. */
static double *at(double *vals, const ref_tree *R, int p)
{
	return vals + (size_t)p * (size_t)(R->nnames ? R->nnames : 1);
}

/* The value e2l gives tree e at the names and values of R's point. */
static double e2l_value(const expr *e, const ref_tree *R, const double *vals)
{
	return expr_eval(e, R->nnames, (const char *const *)R->names, vals);
}

/* A printed form (in syntax sx) read back by the reference: the same
 * value as e2l's tree, exactly for its own syntax. */
static void check_printed(const expr *e, expr_syntax sx, const ref_tree *R,
			  double *vals, int npoints, const char *what)
{
	char *text = expr_print(e, sx);
	ref_tree T;
	ref_status rs = ref_parse(text, &T);
	double *v2 = xcalloc((size_t)(T.nnames + 1), sizeof *v2);
	const char *missing = NULL;

	if (rs != REF_OK) {
		if (rs != REF_LIMIT)
			wrong("printed form unreadable", "%s printed as '%.300s' "
			      "(%s)", what, text, ref_name(rs));
		goto out;
	}
	if (!map_values(R, at(vals, R, 0), &T, v2, &missing)) {
		wrong("printed form has a new variable", "%s printed as "
		      "'%.300s' uses '%s'", what, text, missing);
		goto out;
	}
	for (int p = 0; p < npoints; p++) {
		map_values(R, at(vals, R, p), &T, v2, &missing);
		double want = e2l_value(e, R, at(vals, R, p)), got = ref_eval(&T, v2);
		if (sx == EXPR_INFIX ? !same_double(want, got) :
		    !close_double(want, got)) {
			wrong("printed form changes the value", "%s printed as "
			      "'%.300s': %.17g, read back %.17g", what, text,
			      want, got);
			break;
		}
	}
out:
	free(v2);
	ref_free(&T);
	free(text);
}

static void check_simplified(expr_arena *A, const expr *e, const ref_tree *R,
			     double *vals, gsl_rng *r, const char *text)
{
	alg_form form = chance(r, 0.8) ? ALG_SIMPLIFY : chance(r, 0.5) ?
		ALG_EXPAND : ALG_FACTOR;
	static const char *const form_names[] = { "simplify", "expand",
						   "factor" };
	const char *fname = form_names[form];
	const expr *out;
	e2l_error err = { 0 };
	e2l_status st = alg_simplify(A, e, form, &out, &err);
	mpfr_t o, s, d;
	ref_mp_info io, is;

	mpfr_inits2(REF_MP_PREC, o, s, d, (mpfr_ptr)0);
	if (st == E2L_ELIMIT) {
		add(&stats[cur->cat].limit, 1);
		goto out;
	}
	if (st == E2L_EINVALID) {
		/* "Divides by something that is zero": then at every point
		 * some division by zero (or pole) must be met. */
		for (int p = 0; p < NPOINTS; p++) {
			ref_eval_mp(R, at(vals, R, p), o, &io);
			if (!io.singular && mpfr_number_p(o)) {
				wrong("refused as undefined but defined",
				      "%s '%.300s' refused (%s), yet it is %.17g "
				      "at point %d with no division by zero",
				      fname, text, err.msg, mpfr_get_d(o, MPFR_RNDN), p);
				break;
			}
		}
		goto out;
	}
	if (st != E2L_OK) {
		wrong("unexpected status", "%s '%.300s': status %d: %s", fname,
		      text, st, err.msg);
		goto out;
	}
	char *stext = expr_print(out, EXPR_INFIX);
	ref_tree S;
	ref_status rs = ref_parse(stext, &S);
	double *sv = xcalloc((size_t)(S.nnames + 1), sizeof *sv);
	const char *missing = NULL;
	if (rs != REF_OK) {
		if (rs != REF_LIMIT)
			wrong("simplified form unreadable", "%s '%.200s' gave "
			      "'%.300s' (%s)", fname, text, stext, ref_name(rs));
	} else if (!map_values(R, at(vals, R, 0), &S, sv, &missing)) {
		wrong("simplify introduced a variable", "%s '%.200s' gave "
		      "'%.300s' with '%s'", fname, text, stext, missing);
	} else {
		for (int p = 0; p < NPOINTS; p++) {
			map_values(R, at(vals, R, p), &S, sv, &missing);
			/* e2l's value of its tree is the reference's of the
			 * printed text, bit for bit. */
			double mine = ref_eval(&S, sv);
			double theirs = e2l_value(out, R, at(vals, R, p));
			if (!same_double(mine, theirs)) {
				wrong("simplified tree and text disagree",
				      "%s '%.200s' -> '%.300s': %.17g vs %.17g",
				      fname, text, stext, theirs, mine);
				break;
			}
			/* The simplified form keeps the value wherever the
			 * original is defined and far from any pole. */
			ref_eval_mp(R, at(vals, R, p), o, &io);
			if (io.singular || !mpfr_number_p(o))
				continue;
			ref_eval_mp(&S, sv, s, &is);
			mpfr_sub(d, o, s, MPFR_RNDN);
			mpfr_exp_t scale = io.maxexp > is.maxexp ? io.maxexp :
				is.maxexp;
			if (scale < 1)
				scale = 1;
			if (!mpfr_number_p(s) || (!mpfr_zero_p(d) &&
			    mpfr_get_exp(d) > scale - 200)) {
				char pt[200] = "";
				size_t n = 0;
				for (int i = 0; i < R->nnames && n < sizeof pt; i++)
					n += (size_t)snprintf(pt + n, sizeof pt - n,
						"%s%s=%.17g", i ? " " : "",
						R->names[i], at(vals, R, p)[i]);
				wrong("simplify changed the value", "%s '%.200s' "
				      "-> '%.300s': %.17g vs %.17g at %s", fname,
				      text, stext, mpfr_get_d(o, MPFR_RNDN),
				      mpfr_get_d(s, MPFR_RNDN), pt);
				break;
			}
		}
		/* expr_print's own promise: its text parses to an equal tree. */
		const expr *back;
		e2l_error e2 = { 0 };
		if (expr_parse(A, stext, &back, &e2) != E2L_OK ||
		    !expr_equal(back, out))
			wrong("simplified form does not parse back", "'%.300s'",
			      stext);
		if (form == ALG_SIMPLIFY && chance(r, 0.25)) {
			alg_equiv_result q;
			e2l_error e3 = { 0 };
			e2l_status qs = alg_equiv(e, out, &q, &e3);
			/* A simplification may widen the domain (log(x) -
			 * log(x) is 0): a witness where one side is undefined
			 * is no contradiction; one where both are is. */
			if (qs == E2L_OK && q.verdict == ALG_DIFFERENT &&
			    (q.exact || (isfinite(q.wa) && isfinite(q.wb))))
				wrong("equiv denies a simplification",
				      "'%.200s' vs its simplified '%.300s'", text,
				      stext);
			else if (qs != E2L_OK && qs != E2L_ELIMIT &&
				 qs != E2L_EINVALID)
				wrong("equiv fails on a simplification",
				      "'%.200s' vs '%.300s': %s", text, stext,
				      e3.msg);
			if (qs == E2L_OK)
				alg_equiv_result_free(&q);
		}
	}
	free(sv);
	ref_free(&S);
	free(stext);
out:
	mpfr_clears(o, s, d, (mpfr_ptr)0);
}

static void exercise_formula(const char *text, gsl_rng *r, int simplify)
{
	expr_arena *A = expr_arena_new();
	const expr *e;
	e2l_error err = { 0 };
	e2l_status st = expr_parse(A, text, &e, &err);
	ref_tree R;
	ref_status rs = ref_parse(text, &R), es = ref_of(st);
	cat_stats *S = &stats[cur->cat];

	if (opt.verbose)
		printf("formula '%s': e2l %s%s%s, reference %s\n", text,
		       st == E2L_OK ? "accepts" : "refuses: ", st == E2L_OK ?
		       "" : err.msg, "", ref_name(rs));
	add(st == E2L_OK ? &S->accepted : &S->refused, 1);
	if ((int)es < 0) {
		wrong("unexpected status", "'%.300s': status %d", text, st);
		goto out;
	}
	if (es == REF_LIMIT || rs == REF_LIMIT) {
		add(&S->limit, 1);
		goto out;
	}
	if (es != rs) {
		wrong(rs == REF_OK ? "refused a valid formula" :
		      st == E2L_OK ? "accepted an invalid formula" :
		      "another kind of error", "'%.300s': e2l %s (%s), the "
		      "reference %s", text, ref_name(es), err.msg,
		      ref_name(rs));
		goto out;
	}
	if (st != E2L_OK) {
		if (!err.msg[0] || err.line < 1 || err.col < 1)
			wrong("error without a place", "'%.300s': %d:%d '%s'",
			      text, err.line, err.col, err.msg);
		goto out;
	}
	int n = R.nnames, nv = expr_vars(e, NULL);
	if (nv != n) {
		wrong("variables differ", "'%.300s': e2l counts %d, the "
		      "reference %d", text, nv, n);
		goto out;
	}
	double *vals = xcalloc((size_t)NPOINTS * (size_t)(n ? n : 1),
			       sizeof *vals);
	for (int p = 0; p < NPOINTS; p++)
		for (int i = 0; i < n; i++)
			at(vals, &R, p)[i] = point_value(r);
	prog *pg = NULL;
	if (prog_compile(e, n, (const char *const *)R.names, &pg, &err) !=
	    E2L_OK) {
		wrong("does not compile", "'%.300s': %s", text, err.msg);
	} else {
		double *work = xcalloc(prog_work_size(pg) + 1, sizeof *work);
		prog_arg *args = xcalloc((size_t)n + 1, sizeof *args);
		double *col = xcalloc((size_t)(n ? n : 1) * NPOINTS, sizeof *col);
		double block[NPOINTS];
		for (int p = 0; p < NPOINTS; p++) {
			double want = ref_eval(&R, at(vals, &R, p));
			double walk = e2l_value(e, &R, at(vals, &R, p));
			double run = prog_eval(pg, at(vals, &R, p));
			if (!same_double(want, walk) || !same_double(walk, run)) {
				wrong("wrong value", "'%.300s' at point %d: "
				      "reference %.17g, tree walk %.17g, compiled "
				      "%.17g", text, p, want, walk, run);
				break;
			}
		}
		/* A block of the points at once: the same bits. */
		for (int i = 0; i < n; i++) {
			for (int p = 0; p < NPOINTS; p++)
				col[i * NPOINTS + p] = at(vals, &R, p)[i];
			args[i].v = col + i * NPOINTS;
			args[i].vector = 1;
		}
		int finite = prog_eval_array(pg, args, NPOINTS, block, work);
		int all = 1;
		for (int p = 0; p < NPOINTS; p++) {
			double one = prog_eval(pg, at(vals, &R, p));
			all &= isfinite(one) != 0;
			if (!same_double(one, block[p])) {
				wrong("block differs from scalar", "'%.300s' point "
				      "%d: %.17g vs %.17g", text, p, block[p], one);
				break;
			}
		}
		if (finite != all)
			wrong("finiteness flag wrong", "'%.300s': says %d", text,
			      finite);
		free(work);
		free(args);
		free(col);
		prog_free(pg);
	}
	check_printed(e, EXPR_INFIX, &R, vals, NPOINTS, "infix");
	check_printed(e, EXPR_C, &R, vals, NPOINTS, "C");
	check_printed(e, EXPR_PYTHON, &R, vals, NPOINTS, "Python");
	if (simplify)
		check_simplified(A, e, &R, vals, r, text);
	free(vals);
out:
	ref_free(&R);
	expr_arena_free(A);
}

/* ---- File checks ----------------------------------------------------- */

static const char *scratch_dir(void)
{
	static char dir[1200];
	snprintf(dir, sizeof dir, "%s/w%d", opt.scratch, opt.worker);
	mkdir(opt.scratch, 0755);
	mkdir(dir, 0755);
	return dir;
}

static void check_refusal(const char *path, const e2l_error *err,
			  const char *what)
{
	if (!err->msg[0])
		wrong("error without a message", "%s refused silently", what);
	else if (!strstr(err->msg, path))
		wrong("error does not name the file", "%s: '%s'", what,
		      err->msg);
}

static void exercise_task(input *in)
{
	char path[4096];
	task_config cfg;
	e2l_error err = { 0 };
	cat_stats *S = &stats[in->cat];

	snprintf(path, sizeof path, "%s/fuzz.task", scratch_dir());
	write_bytes(path, in->text, in->len);
	e2l_status st = task_config_load(path, &cfg, &err);
	if (opt.verbose)
		printf("task file (%s):\n%.*s\n-> %s\n", in->how, (int)in->len,
		       in->text, st == E2L_OK ? "accepted" : err.msg);
	if (st != E2L_OK) {
		add(&S->refused, 1);
		if (in->expect == EXPECT_OK)
			wrong("refused a valid task file", "%s", err.msg);
		check_refusal(path, &err, "task file");
		return;
	}
	add(&S->accepted, 1);
	if (in->expect == EXPECT_REFUSE)
		wrong("accepted an invalid task file", "%s", in->how);
	/* Whatever was accepted holds values the table allows. */
	const task_family *f = cfg.family;
	for (int i = 0; i < f->nparams; i++) {
		const task_param *p = &f->params[i];
		double v = cfg.values[i];
		if (p->choices) {
			long words = 1;
			for (const char *c = p->choices; *c; c++)
				words += *c == '|';
			if (v != floor(v) || v < 0 || v >= words)
				wrong("accepted a bad choice", "%s = %g", p->name,
				      v);
		} else if (!isfinite(v) || v < p->min || v > p->max ||
			   (p->integer && v != floor(v))) {
			wrong("accepted a value out of range", "%s = %.17g, "
			      "range [%g, %g]%s", p->name, v, p->min, p->max,
			      p->integer ? " whole" : "");
		}
		size_t n = strlen(p->name);
		if (n > 4 && !strcmp(p->name + n - 4, "_min")) {
			char other[64];
			snprintf(other, sizeof other, "%.*s_max", (int)(n - 4),
				 p->name);
			int j = task_param_index(f, other);
			if (j >= 0 && v > cfg.values[j])
				wrong("accepted a minimum above its maximum",
				      "%s = %g > %s = %g", p->name, v, other,
				      cfg.values[j]);
		}
	}
	/* Each number in the file is the value read, and a number that is
	 * not zero is not read as zero. */
	char k[128], v[8192];
	size_t a, b;
	for (int n = 0; nth_line(in->text, in->len, n, &a, &b); n++) {
		if (memchr(in->text + a, '\0', b - a))
			break;
		if (!kv_line(in->text, a, b, k, sizeof k, v, sizeof v))
			continue;
		int i = task_param_index(f, k);
		if (i < 0 || f->params[i].choices)
			continue;
		char *end;
		errno = 0;
		double x = strtod(v, &end);
		if (*end || end == v)
			continue;
		if (errno == ERANGE && x == 0 && strpbrk(v, "123456789") &&
		    strspn(v, "+-.0123456789eE") == strlen(v))
			wrong("accepted a number that underflows to 0",
			      "%s = %s", k, v);
		else if (x + 0.0 != cfg.values[i])
			wrong("a value read differently", "%s = %s read as "
			      "%.17g", k, v, cfg.values[i]);
	}
	if (in->key[0]) {
		int i = task_param_index(f, in->key);
		const task_param *p = &f->params[i];
		double want;
		if (p->choices) {
			char words[256], *w, *save = NULL;
			int idx = 0;
			snprintf(words, sizeof words, "%s", p->choices);
			want = -1;
			for (w = strtok_r(words, "|", &save); w;
			     w = strtok_r(NULL, "|", &save), idx++)
				if (!strcmp(w, in->value))
					want = idx;
		} else {
			want = strtod(in->value, NULL);
		}
		if (cfg.values[i] != want)
			wrong("a value read differently", "%s = %s read as %.17g",
			      in->key, in->value, cfg.values[i]);
	}
	task_config_free(&cfg);
}

/* The rule's formula i checked against the reference: same value bit for
 * bit at a point, with x_k standing for the family's k-th variable. */
static void check_rule_formula(const task_rule *rule, int i,
			       const char *text, gsl_rng *r)
{
	const task_family *f = rule->family;
	ref_tree T;
	ref_status rs = ref_parse(text, &T);
	double fam[16] = { 0 }, *v = xcalloc((size_t)T.nnames + 1, sizeof *v);

	if (rs != REF_OK) {
		if (rs != REF_LIMIT)
			wrong("accepted a formula the reference refuses",
			      "'%.300s' (%s)", text, ref_name(rs));
		goto out;
	}
	for (int k = 0; k < f->nvars && k < 16; k++)
		fam[k] = point_value(r);
	for (int j = 0; j < T.nnames; j++) {
		int k = -1;
		for (int m = 0; m < f->nvars; m++) {
			char alias[16];
			snprintf(alias, sizeof alias, "x_%d", m);
			if (!strcmp(T.names[j], f->vars[m]) ||
			    !strcmp(T.names[j], alias))
				k = m;
		}
		if (k < 0) {
			wrong("accepted an unknown variable", "'%s' in '%.300s'",
			      T.names[j], text);
			goto out;
		}
		v[j] = fam[k];
	}
	double want = ref_eval(&T, v), got = prog_eval(rule->program[i], fam);
	if (!same_double(want, got))
		wrong("rule evaluates wrongly", "'%.300s': %.17g, reference "
		      "%.17g", text, got, want);
out:
	free(v);
	ref_free(&T);
}

static void exercise_rule(input *in, gsl_rng *r)
{
	char path[4096];
	task_rule rule;
	e2l_error err = { 0 };
	cat_stats *S = &stats[in->cat];

	snprintf(path, sizeof path, "%s/fuzz.rule", scratch_dir());
	write_bytes(path, in->text, in->len);
	e2l_status st = task_rule_load(path, &rule, &err);
	if (opt.verbose)
		printf("rule file (%s):\n%.*s\n-> %s\n", in->how, (int)in->len,
		       in->text, st == E2L_OK ? "accepted" : err.msg);
	if (st != E2L_OK) {
		add(&S->refused, 1);
		if (in->expect == EXPECT_OK && st != E2L_ELIMIT)
			wrong("refused a valid rule file", "%s", err.msg);
		check_refusal(path, &err, "rule file");
		return;
	}
	add(&S->accepted, 1);
	if (in->expect == EXPECT_REFUSE)
		wrong("accepted an invalid rule file", "%s", in->how);
	const task_family *f = rule.family;
	if (!f || !rule.name) {
		wrong("accepted rule incomplete", "family or name missing");
		task_rule_free(&rule);
		return;
	}
	for (int i = 0; i < f->nformulas; i++) {
		const char *key = f->nformulas == 1 ? "formula" :
			f->formulas[i];
		char k[128], v[8192];
		size_t a, b;
		if (!rule.program[i] || !rule.formula[i]) {
			wrong("accepted rule incomplete", "no program for %s",
			      key);
			continue;
		}
		for (int n = 0; nth_line(in->text, in->len, n, &a, &b); n++) {
			if (memchr(in->text + a, '\0', b - a))
				break;
			if (kv_line(in->text, a, b, k, sizeof k, v, sizeof v) &&
			    (!strcmp(k, key) || (f->nformulas == 1 &&
						 !strcmp(k, f->formulas[0])))) {
				check_rule_formula(&rule, i, v, r);
				break;
			}
		}
	}
	task_rule_free(&rule);
}

/* -- Run directories -- */

static int hof_has(const char *dir, const char *formula)
{
	char path[4096];
	size_t n;
	snprintf(path, sizeof path, "%s/hof.tsv", dir);
	char *t = read_bytes(path, &n);
	int found = 0;
	if (!t)
		return 0;
	for (char *line = strtok(t, "\n"); line && !found;
	     line = strtok(NULL, "\n")) {
		char *tab = strrchr(line, '\t');
		found = tab && !strcmp(tab + 1, formula);
	}
	free(t);
	return found;
}

/* Reads dir as `watch` does: open, then poll until nothing new. */
static e2l_status watch_dir(const char *dir, e2l_error *err, long *gens,
			    int *cr)
{
	runlog L;
	e2l_status st = runlog_open(&L, dir, err);
	*gens = 0;
	*cr = 0;
	if (st != E2L_OK) {
		runlog_close(&L);
		return st;
	}
	for (int k = 0; k < 50; k++) {
		long n = runlog_poll(&L, err);
		if (n < 0) {
			st = err->status ? err->status : E2L_EINVALID;
			break;
		}
		if (n == 0)
			break;
	}
	(void)runlog_status(&L);
	(void)runlog_eta(&L, NULL);
	*gens = L.ngen;
	for (int i = 0; i < L.hof.n; i++)
		if (L.hof.rows[i].formula && strchr(L.hof.rows[i].formula, '\r'))
			*cr = 1;
	runlog_close(&L);
	return st;
}

static void exercise_rundir(input *in)
{
	char dir[1300];
	const run_base *B = &bases[in->base];
	e2l_error err = { 0 };
	long gens;
	int cr;
	cat_stats *S = &stats[in->cat];

	snprintf(dir, sizeof dir, "%s/run", scratch_dir());
	remove_tree(dir);
	write_rundir(in, dir);
	cur_dir = dir;

	stage(1);
	e2l_status st = in->resume_only ? E2L_OK :
		watch_dir(dir, &err, &gens, &cr);
	int watched = !in->resume_only && st == E2L_OK;
	if (opt.verbose)
		printf("run directory %s (%s): watch %s\n", dir, in->how,
		       st == E2L_OK ? "reads it" : err.msg);
	if (st == E2L_OK && in->expect_watch == EXPECT_REFUSE)
		wrong("watch accepted a damaged run", "%s", in->how);
	if (st != E2L_OK && in->expect_watch == EXPECT_OK)
		wrong("watch refused a valid run", "%s", err.msg);
	if (st == E2L_OK && cr && strstr(in->how, "CRLF"))
		wrong("watch kept a CR in a formula", "%s", in->how);

	evo_options o = { 0 };
	o.threads = 1;
	o.max_evaluations = in->budget;
	o.wall_seconds = 3;
	memset(&err, 0, sizeof err);
	stage(2);
	st = evo_resume(dir, &o, &err);
	stage(0);
	/* Nothing left to run (finished, or the budget spent): said, and
	 * the run read whole and left as it was. */
	if (st != E2L_OK && o.finished && strstr(err.msg, dir))
		st = E2L_OK;
	if (opt.verbose)
		printf("resume: %s\n", st == E2L_OK ? "ok" : err.msg);
	if (st != E2L_OK) {
		add(&S->refused, 1);
		if (in->expect == EXPECT_OK)
			wrong("resume refused a valid run", "%s", err.msg);
		if (!err.msg[0])
			wrong("error without a message", "resume refused "
			      "silently");
		else if (!strstr(err.msg, dir))
			wrong("error does not name the run", "resume: '%s'",
			      err.msg);
		return;
	}
	add(&S->accepted, 1);
	if (in->expect == EXPECT_REFUSE)
		wrong("resume accepted a damaged run", "%s", in->how);
	/* What a resume leaves, watch must read; and the hall of fame
	 * it found is still there. */
	memset(&err, 0, sizeof err);
	stage(3);
	st = watch_dir(dir, &err, &gens, &cr);
	stage(0);
	if (st != E2L_OK)
		wrong(watched ? "resume broke a run watch could read" :
		      "resume accepted a run watch refuses", "%s", err.msg);
	if (in->hof_kept)
		for (int i = 0; i < B->nhof; i++)
			if (!hof_has(dir, B->hof[i])) {
				wrong("resume lost the hall of fame",
				      "'%s' is gone", B->hof[i]);
				break;
			}
}

/* ---- One input ------------------------------------------------------- */

/* --self-test: one of each fault the harness must catch, in formula-random
 * inputs 60 (a crash), 110 (a hang), 160 (a wrong answer) and 170 (a
 * leak), so that a harness that cannot see them fails. */
static void *volatile sink;

static void planted_fault(long i)
{
	switch (i) {
	case 170:
		sink = malloc(100);
		sink = NULL;
		break;
	case 60:
		raise(SIGSEGV);
		break;
	case 110:
		sleep((unsigned)opt.timeout + 2);
		break;
	case 160:
		wrong("planted", "the self-test's wrong answer");
		break;
	}
}

static void run_input(int c, long i)
{
	input in;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	gen_input(&in, c, i);
	cur = &in;
	cur_wrong = 0;
	cur_dir = NULL;
	/* The checks draw their points from a stream of their own. */
	seed_rng(r, c + 100, i);
	switch (c) {
	case C_FRANDOM:
		exercise_formula(in.text, r, chance(r, 0.5));
		break;
	case C_FMUTATED:
		exercise_formula(in.text, r, chance(r, 0.5));
		break;
	case C_FGENERATED:
		exercise_formula(in.text, r, 1);
		break;
	case C_TASK:
		exercise_task(&in);
		break;
	case C_RULE:
		exercise_rule(&in, r);
		break;
	default:
		exercise_rundir(&in);
	}
	if (opt.self_test)
		planted_fault(i);
	add(&stats[c].inputs, 1);
	cur = NULL;
	input_free(&in);
	gsl_rng_free(r);
}

/* ---- Run-directory bases ------------------------------------------- */

static void make_base(const char *preset, const char *family,
		      const char *const *sets)
{
	run_base *B = &bases[nbases];
	task_config cfg;
	evo_options o = { 0 };
	e2l_error err = { 0 };
	char dir[1300], path[4096];

	snprintf(dir, sizeof dir, "%s/bases/%s", opt.out, preset);
	remove_tree(dir);
	task_config_default(&cfg, task_family_find(family));
	for (int k = 0; sets[k]; k += 2)
		if (task_config_set(&cfg, sets[k], sets[k + 1], &err) != E2L_OK)
			die("base %s: %s", preset, err.msg);
	o.preset = evo_preset_find(preset);
	o.generations = 1000;
	o.seed = 7;
	o.task_seed = 1;
	o.threads = 1;
	o.max_evaluations = 12;
	if (evo_run(dir, &cfg, &o, &err) != E2L_OK)
		die("base run %s: %s", dir, err.msg);
	task_config_free(&cfg);
	B->preset_name = preset;
	B->preset = o.preset;
	for (int f = 0; f < NRUNFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, run_files[f]);
		if (!(B->files[f] = read_bytes(path, &B->len[f])))
			die("base run %s lacks %s", dir, run_files[f]);
	}
	sscanf(strstr(B->files[F_CKPT], "generation "), "generation %ld",
	       &B->generation);
	sscanf(strstr(B->files[F_CKPT], "evaluations "), "evaluations %ld",
	       &B->evaluations);
	char *t = xstrdup(B->files[F_HOF]);
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char *tab = strrchr(line, '\t');
		if (!tab || !strncmp(line, "fitness\t", 8))
			continue;
		B->hof = xrealloc(B->hof, (size_t)(B->nhof + 1) * sizeof *B->hof);
		B->hof[B->nhof++] = xstrdup(tab + 1);
	}
	free(t);
	nbases++;
}

static void setup_inputs(void)
{
	static const char *const tasks[] = { "error", "error-quick", "reward",
		"reward-quick", "correlation", "correlation-quick" };
	static const char *const rules[] = { "error-eq7", "error-eq7x2",
		"error-eq10", "error-eq11", "error-none", "reward-lr0",
		"reward-lr1", "reward-lr2", "reward-lr3", "reward-lr4",
		"reward-lr5", "reward-re", "reward-none", "correlation-lr1",
		"correlation-lr2", "correlation-homeostatic",
		"correlation-none" };
	char path[4096];

	for (size_t k = 0; k < sizeof tasks / sizeof *tasks; k++) {
		snprintf(path, sizeof path, "%s/tasks/%s.task", E2L_SRCDIR,
			 tasks[k]);
		if (!(task_bases[ntask_bases++] = read_bytes(path, NULL)))
			die("%s: %s", path, strerror(errno));
	}
	/* And each family with every parameter written out. */
	for (int k = 0; task_families[k]; k++) {
		const task_family *f = task_families[k];
		strbuf b = { 0 };
		strbuf_printf(&b, "# every parameter\nfamily = %s\n", f->name);
		for (int i = 0; i < f->nparams; i++) {
			char v[64];
			if (task_param_is_text(&f->params[i]))
				continue;       /* empty: not written */
			task_value_text(&f->params[i], f->params[i].def, 1, v,
					sizeof v);
			strbuf_printf(&b, "%s = %s\n", f->params[i].name, v);
		}
		task_bases[ntask_bases++] = b.s;
	}
	for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
		snprintf(path, sizeof path, "%s/rules/%s.rule", E2L_SRCDIR,
			 rules[k]);
		if (!(rule_bases[nrule_bases++] = read_bytes(path, NULL)))
			die("%s: %s", path, strerror(errno));
	}
	if (opt.only[C_RUNDIR] || opt.only[C_SPECIAL]) {
		static const char *const err_sets[] = { "experiments", "1",
			"T", "50", NULL };
		static const char *const rew_sets[] = { "experiments", "1",
			"trials", "5", "inputs", "5", "patterns", "2", "T", "20",
			NULL };
		static const char *const cor_sets[] = { "experiments", "1",
			"T", "1000", "T_free", "500", "inputs", "20", NULL };
		make_base("error", "error", err_sets);
		make_base("reward-code", "reward", rew_sets);
		make_base("correlation", "correlation", cor_sets);
	}
}

/* ---- Workers --------------------------------------------------------- */

static void stage(int k)
{
	shared->slot[opt.worker].stage = k;
}

static void child_run(int slot, int c, long from, long to, int leak_each)
{
	worker_slot *w = &shared->slot[slot];

	opt.worker = slot;
	w->leak_index = -1;
	if (leak_each) {
		static cat_stats mine[C_COUNT];
		stats = mine;
		rerun = 1;
	}
	for (long i = from; i < to; i++) {
		w->stage = 0;
		w->started = now();
		w->current = i;
		run_input(c, i);
		if (leak_each && __lsan_do_recoverable_leak_check &&
		    __lsan_do_recoverable_leak_check()) {
			w->leak_index = i;
			break;
		}
	}
	w->current = -1;
	alg_release_caches();
	if (!leak_each && __lsan_do_recoverable_leak_check &&
	    __lsan_do_recoverable_leak_check())
		_exit(EXIT_LEAK);
	fflush(NULL);
	_exit(0);
}

static pid_t spawn(int slot, int c, long from, long to, int leak_each,
		   const char *log)
{
	fflush(NULL);
	/* Before the fork: the worker sets it as soon as it starts. */
	shared->slot[slot].current = -1;
	shared->slot[slot].started = now();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		setpgid(0, 0);
		child_run(slot, c, from, to, leak_each);
	}
	return pid;
}

/* Resident memory of a worker, MB, from /proc (0 if unknown). */
static long rss_mb(pid_t pid)
{
	char path[64];
	long pages = 0, rss = 0;
	snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

typedef enum { RAN_OK, RAN_CRASH, RAN_HANG, RAN_LEAK } outcome;

typedef struct {
	pid_t pid;
	int c;
	long from, to;       /* the batch */
	int alone;           /* a confirmation run of one input */
	char log[4096];
} running;

static void copy_log(const char *log, const char *dest)
{
	size_t n;
	char *t = read_bytes(log, &n);
	char path[4200];
	snprintf(path, sizeof path, "%s/report.txt", dest);
	if (t)
		write_bytes(path, t, n);
	free(t);
}

static void record(int c, long i, const char *kind, const char *detail,
		   const char *log)
{
	char dest[4096];
	input in;

	snprintf(dest, sizeof dest, "%s/%s", opt.out, kind);
	mkdir(dest, 0755);
	snprintf(dest, sizeof dest, "%s/%s/%s-%ld", opt.out, kind, cats[c].name,
		 i);
	gen_input(&in, c, i);
	save_input(&in, dest, detail);
	if (log)
		copy_log(log, dest);
	fprintf(stderr, "fuzz: %s %s %ld (%s): %s; saved in %s\n", kind,
		cats[c].name, i, in.how, detail, dest);
	input_free(&in);
}

/* Runs one input alone in a fresh worker: how it ends. */
static outcome run_alone(int c, long i, const char *log, int *status)
{
	pid_t pid = spawn(0, c, i, i + 1, 0, log);
	double t0 = now();
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			*status = st;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				return RAN_OK;
			if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_LEAK)
				return RAN_LEAK;
			return RAN_CRASH;
		}
		if (now() - t0 > opt.timeout || rss_mb(pid) > 3000) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return RAN_HANG;
		}
		usleep(2000);
	}
}

static void describe(int status, char *buf, size_t n)
{
	if (WIFSIGNALED(status))
		snprintf(buf, n, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SANITIZER)
		snprintf(buf, n, "sanitizer report");
	else
		snprintf(buf, n, "exit status %d", WEXITSTATUS(status));
}

/* Runs category c's inputs [0, n) in batches on opt.jobs workers. */
static void run_category(int c, long n)
{
	running run[MAX_JOBS] = { 0 };
	long next = 0;
	int active = 0;
	double t0 = now();
	cat_stats *S = &shared->stats[c];
	long last_report = 0;

	for (int k = 0; k < opt.jobs; k++)
		snprintf(run[k].log, sizeof run[k].log, "%s/worker%d.log",
			 opt.out, k);
	while (next < n || active) {
		for (int k = 0; k < opt.jobs && next < n; k++) {
			if (run[k].pid)
				continue;
			long to = next + cats[c].batch;
			if (to > n)
				to = n;
			run[k] = (running){ .c = c, .from = next, .to = to };
			snprintf(run[k].log, sizeof run[k].log,
				 "%s/worker%d.log", opt.out, k);
			run[k].pid = spawn(k, c, next, to, 0, run[k].log);
			next = to;
			active++;
		}
		usleep(5000);
		for (int k = 0; k < opt.jobs; k++) {
			running *R = &run[k];
			worker_slot *w = &shared->slot[k];
			int st;
			long resume_at = -1;
			if (!R->pid)
				continue;
			pid_t p = waitpid(R->pid, &st, WNOHANG);
			long at = w->current;
			if (p == 0) {
				/* A hang: one input over the time bound, or a
				 * worker eating the machine's memory. */
				int mem = rss_mb(R->pid) > 3000;
				/* Outside any input (start-up, the leak
				 * check) it has longer. */
				double bound = at >= 0 ? opt.timeout :
					10 * opt.timeout;
				if (now() - w->started > bound || mem) {
					kill(-R->pid, SIGKILL);
					kill(R->pid, SIGKILL);
					waitpid(R->pid, &st, 0);
					char what[160];
					snprintf(what, sizeof what, "%s, in %s",
						 mem ? "over 3000 MB resident" :
						 "over the time bound",
						 at < 0 ? "start-up or the leak "
						 "check" : stages[w->stage]);
					S->inputs++;
					if (at < 0)
						at = R->from;
					/* Confirmed alone, so that a busy
					 * machine is not a hang. */
					char log[4096];
					int st2;
					snprintf(log, sizeof log, "%s/alone.log",
						 opt.out);
					outcome o = mem ? RAN_HANG :
						run_alone(c, at, log, &st2);
					if (o == RAN_HANG) {
						S->hangs++;
						record(c, at, "hang", what, NULL);
					} else if (o == RAN_CRASH) {
						S->crashes++;
						describe(st2, what, sizeof what);
						record(c, at, "crash", what, log);
					} else {
						S->slow++;
						fprintf(stderr, "fuzz: %s %ld went "
							"over %g s in a batch but "
							"not alone\n", cats[c].name,
							at, opt.timeout);
					}
					resume_at = at + 1;
				} else {
					continue;
				}
			} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
				resume_at = R->to;
			} else if (WIFEXITED(st) &&
				   WEXITSTATUS(st) == EXIT_LEAK && at < 0) {
				/* Leaks at the end of the batch: run it again
				 * with a check after each input. */
				long from = R->from;
				while (from < R->to) {
					pid_t q = spawn(k, c, from, R->to, 1, R->log);
					waitpid(q, &st, 0);
					long li = shared->slot[k].leak_index;
					if (li < 0)
						break;
					S->leaks++;
					record(c, li, "leak", "memory leaked",
					       R->log);
					from = li + 1;
				}
				resume_at = R->to;
			} else {
				/* A crash: the input in flight, confirmed
				 * alone. */
				char what[256], log[4096];
				int st2, in_stage = w->stage;
				describe(st, what, sizeof what);
				if (at < 0) {
					/* After the last input: the batch as a
					 * whole. */
					S->crashes++;
					record(c, R->from, "crash", what, R->log);
					resume_at = R->to;
				} else {
					snprintf(log, sizeof log, "%s/alone.log",
						 opt.out);
					outcome o = run_alone(c, at, log, &st2);
					S->crashes++;
					if (o == RAN_CRASH) {
						describe(st2, what, sizeof what);
						if (c >= C_RUNDIR) {
							strcat(what, ", in ");
							strcat(what, stages[in_stage]);
						}
						record(c, at, "crash", what, log);
					} else {
						strcat(what, "; not alone: after "
						       "the batch's earlier inputs");
						record(c, at, "crash", what, R->log);
					}
					/* Inputs it did not finish. */
					resume_at = at + 1;
				}
				/* The batch's count missed the crashed one. */
				S->inputs++;
			}
			R->pid = 0;
			active--;
			if (resume_at >= 0 && resume_at < R->to) {
				long to = R->to;
				*R = (running){ .c = c, .from = resume_at, .to = to };
				snprintf(R->log, sizeof R->log, "%s/worker%d.log",
					 opt.out, k);
				R->pid = spawn(k, c, resume_at, to, 0, R->log);
				active++;
			}
		}
		if (S->inputs - last_report >= 100000 ||
		    (S->inputs == n && last_report != n)) {
			last_report = S->inputs;
			fprintf(stderr, "fuzz: %s: %ld of %ld, %.0f s\n",
				cats[c].name, S->inputs, n, now() - t0);
		}
	}
	S->seconds = now() - t0;
}

/* Wrong answers by category and kind, from OUT/wrong.log. */
static void print_wrong_kinds(void)
{
	char path[1100], *t;
	struct { char key[200]; long n; } kinds[200];
	int nk = 0;

	snprintf(path, sizeof path, "%s/wrong.log", opt.out);
	if (!(t = read_bytes(path, NULL)))
		return;
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char cat[64] = "", label[120] = "", key[200];
		if (sscanf(line, "%63[^\t]\t%*[^\t]\t%119[^\t]", cat,
			   label) != 2)
			continue;
		snprintf(key, sizeof key, "%s: %s", cat, label);
		int k = 0;
		while (k < nk && strcmp(kinds[k].key, key))
			k++;
		if (k == nk && nk < 200) {
			snprintf(kinds[nk].key, sizeof kinds[nk].key, "%s", key);
			kinds[nk++].n = 0;
		}
		if (k < nk)
			kinds[k].n++;
	}
	free(t);
	if (nk)
		printf("\nwrong answers by kind (checks failed, an input may "
		       "fail several):\n");
	for (int k = 0; k < nk; k++)
		printf("%8ld  %s\n", kinds[k].n, kinds[k].key);
}

/* ---- Main ------------------------------------------------------------ */

static int category_index(const char *name)
{
	for (int c = 0; c < C_COUNT; c++)
		if (!strcmp(cats[c].name, name))
			return c;
	return -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench/fuzz [--scale F] [--seed N] [--jobs N] "
		"[--timeout S] [--out DIR] [--only CATEGORY,...]\n"
		"       bench/fuzz --one CATEGORY INDEX [--seed N] [--out DIR]\n"
		"       bench/fuzz --self-test    (planted faults must be found)\n"
		"categories:");
	for (int c = 0; c < C_COUNT; c++)
		fprintf(stderr, " %s (%ld)", cats[c].name, cats[c].count);
	fprintf(stderr, "\n");
	exit(64);
}

static void set_scratch(void)
{
	struct stat sb;
	if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		snprintf(opt.scratch, sizeof opt.scratch,
			 "/dev/shm/e2l-fuzz-%d", (int)getpid());
	else
		snprintf(opt.scratch, sizeof opt.scratch, "%s/scratch",
			 opt.out);
}

int main(int argc, char **argv)
{
	const char *out = "fuzz-out";
	int one = -1, any_only = 0;
	long one_index = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--scale") && i + 1 < argc)
			opt.scale = atof(argv[++i]);
		else if (!strcmp(a, "--seed") && i + 1 < argc)
			opt.seed = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(a, "--jobs") && i + 1 < argc)
			opt.jobs = atoi(argv[++i]);
		else if (!strcmp(a, "--timeout") && i + 1 < argc)
			opt.timeout = atof(argv[++i]);
		else if (!strcmp(a, "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(a, "--only") && i + 1 < argc) {
			char *list = xstrdup(argv[++i]), *save = NULL;
			for (char *w = strtok_r(list, ",", &save); w;
			     w = strtok_r(NULL, ",", &save)) {
				int c = category_index(w);
				if (c < 0)
					usage();
				opt.only[c] = 1;
				any_only = 1;
			}
			free(list);
		} else if (!strcmp(a, "--self-test")) {
			opt.self_test = 1;
		} else if (!strcmp(a, "--one") && i + 2 < argc) {
			if ((one = category_index(argv[++i])) < 0)
				usage();
			one_index = atol(argv[++i]);
		} else {
			usage();
		}
	}
	if (opt.jobs < 1 || opt.jobs > MAX_JOBS || opt.scale <= 0)
		usage();
	if (!any_only)
		for (int c = 0; c < C_COUNT; c++)
			opt.only[c] = 1;
	if (one >= 0) {
		memset(opt.only, 0, sizeof opt.only);
		opt.only[one] = 1;
	}
	if (e2l_mkdirs(out, 0755) != 0 || !realpath(out, opt.out))
		die("%s: %s", out, strerror(errno));
	set_scratch();
	shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	memset(shared, 0, sizeof *shared);
	stats = shared->stats;
	setup_inputs();

	if (opt.self_test) {
		cat_stats *S = &shared->stats[C_FRANDOM];
		char path[1100];
		opt.timeout = 1;
		snprintf(path, sizeof path, "%s/wrong.log", opt.out);
		unlink(path);
		run_category(C_FRANDOM, 200);
		remove_tree(opt.scratch);
		int leaks_seen = !__lsan_do_recoverable_leak_check ||
			S->leaks == 1;
		printf("self-test: %ld inputs, %ld crash, %ld hang, %ld wrong, "
		       "%ld leak%s\n", S->inputs, S->crashes, S->hangs, S->wrong,
		       S->leaks, __lsan_do_recoverable_leak_check ? "" :
		       " (no leak checker in this build)");
		return S->inputs == 200 && S->crashes == 1 && S->hangs == 1 &&
			S->wrong == 1 && leaks_seen ? 0 : 1;
	}

	if (one >= 0) {
		input in;
		opt.verbose = 1;
		gen_input(&in, one, one_index);
		printf("%s %ld: %s\n", cats[one].name, one_index, in.how);
		if (one >= C_RUNDIR) {
			char dir[1300];
			snprintf(dir, sizeof dir, "%s/one-%s-%ld", opt.out,
				 cats[one].name, one_index);
			remove_tree(dir);
			write_rundir(&in, dir);
			printf("as written before the checks: %s\n", dir);
		}
		input_free(&in);
		run_input(one, one_index);
		printf("%ld wrong answer(s)\n", shared->stats[one].wrong);
		remove_tree(opt.scratch);
		alg_release_caches();
		return shared->stats[one].wrong ? 1 : 0;
	}

	char path[4096];
	snprintf(path, sizeof path, "%s/wrong.log", opt.out);
	unlink(path);
	for (int c = 0; c < C_COUNT; c++) {
		if (!opt.only[c])
			continue;
		long n = c == C_SPECIAL ? cats[c].count :
			(long)(cats[c].count * opt.scale + 0.5);
		run_category(c, n);
	}
	remove_tree(opt.scratch);

	printf("\n%-18s %9s %8s %6s %6s %6s %9s %9s %8s\n", "category",
	       "inputs", "crashes", "hangs", "wrong", "leaks", "accepted",
	       "refused", "seconds");
	cat_stats sum = { 0 };
	for (int c = 0; c < C_COUNT; c++) {
		cat_stats *S = &shared->stats[c];
		if (!opt.only[c])
			continue;
		printf("%-18s %9ld %8ld %6ld %6ld %6ld %9ld %9ld %8.1f\n",
		       cats[c].name, S->inputs, S->crashes, S->hangs, S->wrong,
		       S->leaks, S->accepted, S->refused, S->seconds);
		sum.inputs += S->inputs;
		sum.crashes += S->crashes;
		sum.hangs += S->hangs;
		sum.wrong += S->wrong;
		sum.leaks += S->leaks;
		sum.accepted += S->accepted;
		sum.refused += S->refused;
		sum.seconds += S->seconds;
	}
	printf("%-18s %9ld %8ld %6ld %6ld %6ld %9ld %9ld %8.1f\n", "total",
	       sum.inputs, sum.crashes, sum.hangs, sum.wrong, sum.leaks,
	       sum.accepted, sum.refused, sum.seconds);
	print_wrong_kinds();
	long slow = 0;
	for (int c = 0; c < C_COUNT; c++)
		slow += shared->stats[c].slow;
	if (slow)
		printf("%ld input(s) went over %g s in a batch but not when run "
		       "again alone (a busy machine): not counted as hangs\n",
		       slow, opt.timeout);
	printf("seed %lu, scale %g; inputs that crashed, hung or answered "
	       "wrongly are in %s (crash/, hang/, leak/, wrong/, wrong.log)\n",
	       opt.seed, opt.scale, opt.out);
	alg_release_caches();
	for (int b = 0; b < nbases; b++) {
		for (int f = 0; f < NRUNFILES; f++)
			free(bases[b].files[f]);
		for (int i = 0; i < bases[b].nhof; i++)
			free(bases[b].hof[i]);
		free(bases[b].hof);
	}
	for (int k = 0; k < ntask_bases; k++)
		free(task_bases[k]);
	for (int k = 0; k < nrule_bases; k++)
		free(rule_bases[k]);
	return sum.crashes || sum.hangs || sum.wrong || sum.leaks ? 1 : 0;
}
