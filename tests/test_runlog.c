/*
 * test_runlog.c - the run-directory follower: run.conf read and a wrong
 * format refused, a log read line by line as it grows (half a line waits),
 * values read exactly, a rewritten log read again, malformed and random
 * lines turned into errors naming file and line, the hall of fame
 * re-read when replaced, status from the pid file, the ETA arithmetic,
 * stopping a run through its pid file (only the process that holds it)
 * and listing the runs going under a folder, the generation counter,
 * the fitness plot's range, and a real run from bench/runs when one is
 * there.
 */
#define _DEFAULT_SOURCE          /* flock, symlink */
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "e2l/runlog.h"
#include "e2l/task.h"

static char dir[] = "/tmp/e2l-test-runlog-XXXXXX";

static void put(const char *name, const char *mode, const char *text,
		size_t n)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, mode);
	if (!f || fwrite(text, 1, n, f) != n) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

static void write_file(const char *name, const char *text)
{
	put(name, "w", text, strlen(text));
}

static void append(const char *name, const char *text)
{
	put(name, "a", text, strlen(text));
}

/* As run.c replaces a file: a new one renamed over the old. */
static void replace(const char *name, const char *text)
{
	char tmp[256], path[256];
	write_file("replace.tmp", text);
	snprintf(tmp, sizeof tmp, "%s/replace.tmp", dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (rename(tmp, path) != 0) {
		perror(path);
		exit(2);
	}
}

static void remove_file(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

static const char conf[] =
	"# e2l evolution run\nformat = e2l-run 1\npreset = reward\n"
	"seed = 12\ntask_seed = 3\ngenerations = 100\n";
static const char task[] =
	"# the task configuration of this run\nfamily = reward\n"
	"experiments = 2\n";

/* Generation g as run.c writes it, with seconds s. */
static char *line(long g, double s)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "{\"generation\": %ld, \"parents\": "
		 "[%ld.5, -7.5999999999999996], \"champion\": \"0.5 - R\", "
		 "\"champion_raw\": \"0.5*1 - R\", \"complexity\": 1, "
		 "\"evaluations\": %ld, \"cache_hits\": 2, \"seconds\": "
		 "%.3f}\n", g, g, 4 * g + 4, s);
	return buf;
}

static void test_conf(void)
{
	runlog L;
	e2l_error err;

	CHECK(runlog_open(&L, dir, &err) == E2L_EIO &&
	      strstr(err.msg, "/run.conf") && strstr(err.msg, dir),
	      "missing run.conf: %s", err.msg);
	write_file("run.conf", "# e2l evolution run\nformat = e2l-run 2\n"
		   "preset = reward\nseed = 1\ngenerations = 5\n");
	write_file("task.task", task);
	CHECK(runlog_open(&L, dir, &err) == E2L_EINVALID &&
	      strstr(err.msg, "run.conf: run directory format 'e2l-run 2' "
		     "is not supported (this e2l reads 'e2l-run 1')"),
	      "wrong format: %s", err.msg);
	write_file("run.conf", "preset = reward\nformat = e2l-run 1\n");
	CHECK(runlog_open(&L, dir, &err) == E2L_EINVALID &&
	      strstr(err.msg, "run.conf:1:"), "format not first: %s",
	      err.msg);
	write_file("run.conf", "format = e2l-run 1\npreset = reward\n"
		   "seed = twelve\ngenerations = 5\n");
	CHECK(runlog_open(&L, dir, &err) == E2L_ESYNTAX &&
	      strstr(err.msg, "run.conf:3:"), "bad seed: %s", err.msg);
	put("run.conf", "w", "format = e2l-run 1\npre\0set = x\n", 31);
	CHECK(runlog_open(&L, dir, &err) != E2L_OK, "NUL byte in run.conf");

	write_file("run.conf", conf);
	remove_file("task.task");
	CHECK(runlog_open(&L, dir, &err) == E2L_EIO &&
	      strstr(err.msg, "task.task"), "missing task.task: %s", err.msg);
	write_file("task.task", task);

	CHECK(runlog_open(&L, dir, &err) == E2L_OK, "open: %s", err.msg);
	CHECK(!strcmp(L.preset, "reward") && !strcmp(L.family, "reward") &&
	      L.seed == 12 && L.task_seed == 3 && L.generations == 100,
	      "run.conf read: %s %s %llu %llu %ld", L.preset, L.family,
	      (unsigned long long)L.seed, (unsigned long long)L.task_seed,
	      L.generations);
	CHECK(L.target == 500.0, "reward preset's target %g", L.target);
	CHECK(runlog_poll(&L, &err) == 0 && L.ngen == 0,
	      "no log yet is no error");
	runlog_close(&L);
}

static void test_growing(void)
{
	runlog L;
	e2l_error err;
	long n;
	char half[512];

	write_file("log.jsonl", "");
	runlog_open(&L, dir, &err);
	CHECK(runlog_poll(&L, &err) == 0, "empty log");
	append("log.jsonl", line(0, 0.5));
	append("log.jsonl", line(1, 1.25));
	CHECK((n = runlog_poll(&L, &err)) == 2 && L.ngen == 2,
	      "two lines: %ld (%s)", n, err.msg);
	CHECK(runlog_poll(&L, &err) == 0, "nothing new");

	strcpy(half, line(2, 2.0));
	size_t cut = strlen(half) / 2;
	put("log.jsonl", "a", half, cut);
	CHECK((n = runlog_poll(&L, &err)) == 0 && L.ngen == 2,
	      "half a line waits: %ld (%s)", n, err.msg);
	append("log.jsonl", half + cut);
	CHECK((n = runlog_poll(&L, &err)) == 1 && L.ngen == 3 &&
	      !L.restarted, "the rest of it: %ld (%s)", n, err.msg);

	const runlog_gen *g = &L.gen[1];
	CHECK(g->generation == 1 && g->mu == 2 && g->parents[0] == 1.5 &&
	      g->parents[1] == -7.5999999999999996,
	      "parents: %ld %d %.17g %.17g", g->generation, g->mu,
	      g->parents[0], g->parents[1]);
	CHECK(!strcmp(g->champion, "0.5 - R") &&
	      !strcmp(g->champion_raw, "0.5*1 - R") && g->complexity == 1 &&
	      g->evaluations == 8 && g->cache_hits == 2 && g->seconds == 1.25,
	      "fields: '%s' '%s' %d %ld %ld %g", g->champion,
	      g->champion_raw, g->complexity, g->evaluations,
	      g->cache_hits, g->seconds);

	/* Escapes, null fitness, a pair, a key from a later e2l. */
	append("log.jsonl", "{\"generation\": 3, \"parents\": [null, 2e-3, "
	       "-0.25E+2], \"champion\": \"w^k ; \\\"q\\\" \\\\ \\n\\t\\u00e9"
	       "\\ud83d\\ude00\", \"future\": {\"a\": [1, \"x\", true]}, "
	       "\"seconds\": 3}\n");
	CHECK((n = runlog_poll(&L, &err)) == 1, "escapes: %ld (%s)", n,
	      err.msg);
	g = &L.gen[3];
	CHECK(g->mu == 3 && isinf(g->parents[0]) && g->parents[0] < 0 &&
	      g->parents[1] == 2e-3 && g->parents[2] == -25.0,
	      "null and exponents: %g %g %g", g->parents[0], g->parents[1],
	      g->parents[2]);
	CHECK(!strcmp(g->champion, "w^k ; \"q\" \\ \n\t\xc3\xa9"
		      "\xf0\x9f\x98\x80"), "decoded '%s'", g->champion);
	CHECK(!strcmp(g->champion_raw, "") && g->complexity == -1 &&
	      g->evaluations == -1, "missing keys: defaults");

	/* Resumed: cut back to generation 1 (by rename, as run.c does),
	 * then grown again with other times. */
	replace("log.jsonl", "");
	append("log.jsonl", line(0, 0.5));
	append("log.jsonl", line(1, 1.25));
	append("log.jsonl", line(2, 9.0));
	CHECK((n = runlog_poll(&L, &err)) == 3 && L.ngen == 3 &&
	      L.restarted && L.gen[2].seconds == 9.0,
	      "replaced log read again: %ld %ld", n, L.ngen);
	CHECK(runlog_poll(&L, &err) == 0 && !L.restarted, "then follows");

	/* Rewritten in place, and grown past the old end before the poll:
	 * the bytes last read are not there any more. */
	char text[2048] = "";
	strcat(text, line(0, 0.5));
	strcat(text, line(1, 7.0));
	strcat(text, line(2, 8.0));
	strcat(text, line(3, 9.5));
	write_file("log.jsonl", text);
	CHECK((n = runlog_poll(&L, &err)) == 4 && L.restarted &&
	      L.gen[1].seconds == 7.0, "rewritten in place: %ld", n);

	/* Shrunk only. */
	write_file("log.jsonl", line(0, 0.5));
	CHECK((n = runlog_poll(&L, &err)) == 1 && L.ngen == 1 && L.restarted,
	      "shrunk: %ld", n);
	runlog_close(&L);
}

/* Line 3 of the log is bad; the error names the file and line 3. */
static void check_bad(const char *bad, size_t n, const char *why)
{
	runlog L;
	e2l_error err = { 0 };
	char want[300];

	write_file("log.jsonl", line(0, 0.5));
	append("log.jsonl", line(1, 1.0));
	put("log.jsonl", "a", bad, n);
	append("log.jsonl", "\n");
	runlog_open(&L, dir, &err);
	snprintf(want, sizeof want, "%s/log.jsonl:3:", dir);
	CHECK(runlog_poll(&L, &err) == -1 && strstr(err.msg, want) &&
	      err.line == 3 && L.ngen == 2, "%s: %s", why, err.msg);
	/* It stays bad: the same error again, nothing read twice. */
	CHECK(runlog_poll(&L, &err) == -1 && L.ngen == 2, "%s again", why);
	runlog_close(&L);
}

static void test_malformed(void)
{
	static const char *bad[] = {
		/* a line cut short, bad tokens, bad values, bad strings */
		"{\"generation\": 2, \"parents\": [1], \"champion\": \"x\"",
		"{\"generation\": 2, \"parents\": [1], \"champion\": x}",
		"{\"generation\": 2, \"parents\": [], \"champion\": \"x\"}",
		"{\"generation\": 2, \"parents\": [1,], \"champion\": \"x\"}",
		"{\"generation\": 2, \"parents\": [01], \"champion\": \"x\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": \"x\"} x",
		"{\"generation\": 5, \"parents\": [1], \"champion\": \"x\"}",
		"{\"generation\": 2.5, \"parents\": [1], \"champion\": \"x\"}",
		"{\"generation\": -2, \"parents\": [1], \"champion\": \"x\"}",
		"{\"generation\": 99999999999999999999999, \"parents\": [1]}",
		"{\"generation\": 2, \"champion\": \"x\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": \"\\q\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": "
		"\"\\u12\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": "
		"\"\\u0000\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": "
		"\"a\tb\"}",
		"{\"generation\": 2, \"parents\": [Infinity], "
		"\"champion\": \"x\"}",
		"{\"generation\": 2, \"parents\": [1], \"champion\": \"x\", "
		"\"deep\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}",
		"[1, 2]",
		"{",
		"\"generation\"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char why[40];
		snprintf(why, sizeof why, "bad line %zu", i);
		check_bad(bad[i], strlen(bad[i]), why);
	}
	check_bad("{\"generation\": 2, \"par\0ents\": [1]}", 33, "NUL byte");

	/* Longer than RUNLOG_LINE_MAX, with and without its '\n'. */
	size_t big = RUNLOG_LINE_MAX + 10;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	memcpy(huge, "{\"champion\": \"", 14);
	huge[big - 1] = '"';
	check_bad(huge, big, "huge line");
	{
		runlog L;
		e2l_error err = { 0 };
		write_file("log.jsonl", line(0, 0.5));
		append("log.jsonl", line(1, 1.0));
		put("log.jsonl", "a", huge, big);
		runlog_open(&L, dir, &err);
		CHECK(runlog_poll(&L, &err) == -1 && L.ngen == 2 &&
		      err.status == E2L_ELIMIT && strstr(err.msg, ":3:"),
		      "huge unfinished line: %s", err.msg);
		runlog_close(&L);
	}
	free(huge);

	/* Random bytes: an error or a line read, never a crash or a hang
	 * (the sanitizer and valgrind builds watch for the rest). */
	unsigned long long x = 88172645463325252ULL;
	int errors = 0;
	for (int round = 0; round < 300; round++) {
		char junk[256];
		size_t n = 1 + round % sizeof junk;
		runlog L;
		e2l_error err;
		const char *good = line(2, 2.0);
		memset(junk, ' ', sizeof junk);
		memcpy(junk, good, strlen(good) - 1);     /* not its '\n' */
		for (int k = 0; k < 1 + round % 7; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			junk[x % n] = (char)(x >> 24);
		}
		write_file("log.jsonl", line(0, 0.5));
		append("log.jsonl", line(1, 1.0));
		put("log.jsonl", "a", junk, n);
		append("log.jsonl", "\n");
		runlog_open(&L, dir, &err);
		long got = runlog_poll(&L, &err);
		errors += got < 0;
		/* A '\n' among the junk may make more than one line. */
		CHECK(got == -1 ? L.ngen >= 2 && L.ngen <= 3 :
		      got >= 2 && got <= 3,
		      "random bytes, round %d: %ld", round, got);
		runlog_close(&L);
	}
	CHECK(errors > 200, "random bytes mostly refused: %d", errors);
}

static void test_hof(void)
{
	runlog L;
	e2l_error err;

	write_file("log.jsonl", line(0, 0.5));
	runlog_open(&L, dir, &err);
	replace("hof.tsv", "fitness\tcomplexity\tformula\n"
		"215.80000000000001\t3\tE*(R - 0.5)\n-inf\t0\tu\n");
	replace("pareto.tsv", "fitness\tcomplexity\tformula\n"
		"-inf\t0\tu\n215.80000000000001\t3\tE*(R - 0.5)\n");
	CHECK(runlog_poll(&L, &err) == 1 && L.hof.n == 2 &&
	      L.hof.total == 2 && L.pareto.n == 2, "hof read: %s", err.msg);
	CHECK(L.hof.rows[0].fitness == 215.80000000000001 &&
	      L.hof.rows[0].complexity == 3 &&
	      !strcmp(L.hof.rows[0].formula, "E*(R - 0.5)") &&
	      isinf(L.hof.rows[1].fitness) && L.hof.rows[1].fitness < 0,
	      "hof rows: %g %d '%s' %g", L.hof.rows[0].fitness,
	      L.hof.rows[0].complexity, L.hof.rows[0].formula,
	      L.hof.rows[1].fitness);
	replace("hof.tsv", "fitness\tcomplexity\tformula\n"
		"300\t1\tw^k ; 0.04\n215.80000000000001\t3\tE*(R - 0.5)\n"
		"-inf\t0\tu\n");
	CHECK(runlog_poll(&L, &err) == 0 && L.hof.n == 3 &&
	      !strcmp(L.hof.rows[0].formula, "w^k ; 0.04") &&
	      L.hof.rows[0].fitness == 300, "hof replaced: %d", L.hof.n);
	replace("hof.tsv", "fitness\tcomplexity\tformula\n"
		"300\t1\tw^k ; 0.04\nnot a number\t3\tx\n");
	CHECK(runlog_poll(&L, &err) == -1 && strstr(err.msg, "hof.tsv:3:") &&
	      L.hof.n == 3, "damaged hof: %s", err.msg);
	replace("hof.tsv", "fitness\tcomplexity\tformula\n1\t1\tx\n");
	CHECK(runlog_poll(&L, &err) == 0 && L.hof.n == 1, "repaired hof");
	runlog_close(&L);
}

static void test_status(void)
{
	runlog L;
	e2l_error err;
	char host[256] = "", text[400];
	pid_t child;

	gethostname(host, sizeof host - 1);
	write_file("log.jsonl", line(0, 0.5));
	append("log.jsonl", line(1, 1.0));
	runlog_open(&L, dir, &err);
	runlog_poll(&L, &err);
	remove_file("pid");
	CHECK(runlog_status(&L) == RUNLOG_STOPPED, "no pid file, stopped");
	snprintf(text, sizeof text, "%ld %s\n", (long)getpid(), host);
	write_file("pid", text);
	CHECK(runlog_status(&L) == RUNLOG_RUNNING, "own pid: running");
	write_file("pid", "1234 some-other-machine.example\n");
	CHECK(runlog_status(&L) == RUNLOG_RUNNING, "other host: running");
	write_file("pid", "garbage");
	CHECK(runlog_status(&L) == RUNLOG_STOPPED, "garbage pid file");
	if ((child = fork()) == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
	write_file("pid", text);
	CHECK(runlog_status(&L) == RUNLOG_STOPPED, "dead pid: stopped");
	/* A killed run's pid given since to another program. */
	if ((child = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "sleep 30", (char *)NULL);
		_exit(127);
	}
	/* Until the exec is done: before, the child is this program. */
	for (int i = 0; i < 500 && runlog_is_e2l(child) != 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
	write_file("pid", text);
	CHECK(runlog_is_e2l(child) == 0 && runlog_status(&L) ==
	      RUNLOG_STOPPED, "a live program that is not e2l: stopped");
	CHECK(runlog_is_e2l(getpid()) == 1, "this program is itself");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	/* All generations: finished (once the process is gone). */
	L.generations = 2;
	CHECK(runlog_status(&L) == RUNLOG_FINISHED, "all generations");
	snprintf(text, sizeof text, "%ld %s\n", (long)getpid(), host);
	write_file("pid", text);
	CHECK(runlog_status(&L) == RUNLOG_RUNNING, "still writing");
	remove_file("pid");
	/* The target fitness reached is finished too. */
	L.generations = 100;
	L.target = 1.0;
	CHECK(runlog_status(&L) == RUNLOG_FINISHED, "target reached");
	L.target = 2.0;
	CHECK(runlog_status(&L) == RUNLOG_STOPPED, "target not reached");
	runlog_close(&L);
}

static void test_eta(void)
{
	runlog L;
	e2l_error err;
	double rate;

	write_file("log.jsonl", line(0, 1.0));
	runlog_open(&L, dir, &err);
	runlog_poll(&L, &err);
	CHECK(isnan(runlog_eta(&L, &rate)) && isnan(rate),
	      "one generation: no rate");
	/* 1 s a generation up to generation 9, then 2 s: the window,
	 * generations 9 to 29, sees only the 2 s ones. */
	double t = 1.0;
	for (long g = 1; g < 30; g++) {
		t += g < 10 ? 1.0 : 2.0;
		append("log.jsonl", line(g, t));
	}
	CHECK(runlog_poll(&L, &err) == 29, "30 generations");
	double eta = runlog_eta(&L, &rate);
	CHECK(fabs(rate - 2.0) < 1e-12 && fabs(eta - 70 * 2.0) < 1e-9,
	      "rate %g, eta %g", rate, eta);
	for (long g = 30; g < 100; g++)
		append("log.jsonl", line(g, t += 2.0));
	runlog_poll(&L, &err);
	CHECK(runlog_eta(&L, NULL) == 0.0, "done: no time left");
	L.generations = 0;
	CHECK(isnan(runlog_eta(&L, &rate)) && rate == 2.0,
	      "no generation count: rate only");
	runlog_close(&L);

	/* A short run: the window is what there is. */
	write_file("log.jsonl", line(0, 10.0));
	append("log.jsonl", line(1, 13.0));
	append("log.jsonl", line(2, 14.0));
	runlog_open(&L, dir, &err);
	runlog_poll(&L, &err);
	eta = runlog_eta(&L, &rate);
	CHECK(rate == 2.0 && eta == 97 * 2.0, "3 generations: %g %g", rate,
	      eta);
	runlog_close(&L);
}

/* ---- The strict readers evo_resume shares ---------------------------- */

/* run.conf: every value checked and named by line, the budgets read. */
static void test_conf_strict(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "generations = 12x\n", "run.conf:5: generations: expected a "
		  "whole number, not '12x'" },
		{ "generations = -3\n", "run.conf:5: generations" },
		{ "max_evaluations = 6e1\n", "run.conf:5: max_evaluations" },
		{ "max_evaluations = 99999999999999999999\n",
		  "run.conf:5: max_evaluations" },
		{ "wall_seconds = nan\n", "run.conf:5: wall_seconds: expected "
		  "a number of seconds, 0 or more, not 'nan'" },
		{ "wall_seconds = -1\n", "run.conf:5: wall_seconds" },
		{ "wall_seconds = 1,5\n", "run.conf:5: wall_seconds" },
		{ "seed = 7\n", "run.conf:5: duplicate 'seed' (first on line "
		  "3)" },
	};
	runlog_conf c;
	e2l_error err;
	char text[400];

	snprintf(text, sizeof text, "%sgenerations = 7\nmax_evaluations = 60"
		 "\nwall_seconds = 2.5\n", "format = e2l-run 1\npreset = "
		 "error\nseed = 5\n");
	write_file("run.conf", text);
	CHECK(runlog_conf_read(dir, &c, &err) == E2L_OK &&
	      !strcmp(c.preset, "error") && c.seed == 5 && c.task_seed == 1 &&
	      c.generations == 7 && c.max_evaluations == 60 &&
	      c.wall_seconds == 2.5, "budgets read: %s", err.msg);
	runlog_conf_free(&c);
	/* A run.conf from before budgets were saved: no budget. */
	write_file("run.conf", "format = e2l-run 1\npreset = error\n"
		   "seed = 5\ngenerations = 7\n");
	CHECK(runlog_conf_read(dir, &c, &err) == E2L_OK &&
	      c.max_evaluations == 0 && c.wall_seconds == 0,
	      "no budgets: none");
	runlog_conf_free(&c);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(text, sizeof text, "format = e2l-run 1\npreset = "
			 "error\nseed = 5\ntask_seed = 2\n%s", bad[i].text);
		write_file("run.conf", text);
		CHECK(runlog_conf_read(dir, &c, &err) != E2L_OK &&
		      strstr(err.msg, bad[i].want), "'%s': %s", bad[i].text,
		      err.msg);
		runlog_conf_free(&c);
	}
	write_file("run.conf", conf);
}

/* hof.tsv read whole for resume: empty, CRLF or a control character is
 * damage; more rows than the dashboard keeps are all there. */
static void test_table_strict(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "", "hof.tsv: empty (no header line)" },
		{ "fitness\tcomplexity\tformula\r\n1\t1\tx\r\n",
		  "hof.tsv:1: expected the header" },
		{ "fitness\tcomplexity\tformula\n1\t1\tx\r\n",
		  "hof.tsv:2: a control character in the formula (a CRLF" },
		{ "fitness\tcomplexity\tformula\n1\t1\tx\x1b[31m\n",
		  "hof.tsv:2: a control character" },
		{ "fitness\tcomplexity\tformula\n1.5x\t1\tx\n",
		  "hof.tsv:2: expected fitness" },
		{ "fitness\tcomplexity\tformula\n1\t1\tx\n2\t1\ty",
		  "hof.tsv:3: last line not complete" },
	};
	runlog_table T;
	e2l_error err;
	char path[300];
	strbuf big = { 0 };

	snprintf(path, sizeof path, "%s/hof.tsv", dir);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		write_file("hof.tsv", bad[i].text);
		CHECK(runlog_table_read(path, INT_MAX, &T, &err) ==
		      E2L_ESYNTAX && strstr(err.msg, bad[i].want),
		      "hof case %zu: %s", i, err.msg);
		runlog_table_free(&T);
	}
	strbuf_printf(&big, "fitness\tcomplexity\tformula\n");
	for (int i = 0; i < 1500; i++)
		strbuf_printf(&big, "%d\t%d\tx + %d\n", -i, i % 7, i);
	write_file("hof.tsv", big.s);
	CHECK(runlog_table_read(path, INT_MAX, &T, &err) == E2L_OK &&
	      T.n == 1500 && T.total == 1500 &&
	      !strcmp(T.rows[1499].formula, "x + 1499") &&
	      T.rows[1499].fitness == -1499, "all 1500 rows: %d", T.n);
	runlog_table_free(&T);
	CHECK(runlog_table_read(path, RUNLOG_TABLE_MAX, &T, &err) == E2L_OK &&
	      T.n == RUNLOG_TABLE_MAX && T.total == 1500, "kept %d", T.n);
	runlog_table_free(&T);
	free(big.s);
	remove_file("hof.tsv");
}

/* One log line on its own, as resume checks it. */
static void test_gen_parse(void)
{
	runlog_gen g;
	e2l_error err;
	const char *l = line(4, 1.0);

	CHECK(runlog_gen_parse("x/log.jsonl", 5, 4, l, strlen(l) - 1, &g,
			       &err) == E2L_OK && g.generation == 4,
	      "a good line: %s", err.msg);
	runlog_gen_free(&g);
	CHECK(runlog_gen_parse("x/log.jsonl", 5, 3, l, strlen(l) - 1, &g,
			       &err) == E2L_ESYNTAX &&
	      strstr(err.msg, "x/log.jsonl:5:1: generation 4 where 3 was "
		     "expected"), "out of sequence: %s", err.msg);
	runlog_gen_free(&g);
	CHECK(runlog_gen_parse("x/log.jsonl", 5, 4, "  ", 2, &g, &err) ==
	      E2L_ESYNTAX && strstr(err.msg, "x/log.jsonl:5:"),
	      "a blank line: %s", err.msg);
	runlog_gen_free(&g);
}

/* The genome's permissible values, gene by gene. */
static void test_genome_check(void)
{
	static const cgp_prim prims[] = {
		{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_CONST, "1" },
	};
	/* 2 inputs, 4 columns, levels_back 2: node 2+c reads inputs 0, 1
	 * and nodes 2+c-2 .. 2+c-1. */
	cgp_shape s = { 2, 4, 2, prims, 3 };
	int genes[13] = { 0, 0, 1,   1, 2, 0,   2, 3, 2,   0, 4, 1,   5 };
	cgp_genome g = { genes, 13 };
	static const struct {
		int gene, value, ok;
	} cases[] = {
		{ 0, 2, 1 }, { 0, 3, 0 }, { 0, -1, 0 },   /* functions */
		{ 1, 1, 1 }, { 1, 2, 0 },                 /* column 0 */
		{ 4, 2, 1 }, { 4, 3, 0 },                 /* column 1 */
		{ 10, 3, 1 }, { 10, 4, 1 }, { 10, 2, 0 }, /* column 3 */
		{ 11, 5, 0 },                             /* itself */
		{ 12, 0, 1 }, { 12, 5, 1 }, { 12, 6, 0 }, /* output */
		{ 12, 1000000, 0 },
	};

	CHECK(cgp_genome_check(&g, &s) == -1, "a permissible genome");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int old = genes[cases[i].gene], bad;
		genes[cases[i].gene] = cases[i].value;
		bad = cgp_genome_check(&g, &s);
		CHECK(cases[i].ok ? bad == -1 : bad == cases[i].gene,
		      "gene %d = %d: %d", cases[i].gene, cases[i].value, bad);
		genes[cases[i].gene] = old;
	}
}

/* ---- Checkpoints ------------------------------------------------------ */

static char *good_ckpt;            /* as the real writer wrote it */
static const evo_preset *ck_preset;

/* Reads text as a checkpoint into a fresh state of the preset's shape,
 * as evo_resume does. */
static e2l_status read_ckpt_n(const char *text, size_t n, e2l_error *err)
{
	const evo_preset *p = ck_preset;
	cgp_shape shape = { p->inputs, p->columns, p->levels_back, p->prims,
			    p->nprims };
	es_state S = { 0 };
	double seconds = -1;
	char path[300];
	e2l_status st;

	put("ck", "w", text, n);
	snprintf(path, sizeof path, "%s/ck", dir);
	S.P = (es_params){ &shape, p->ngenomes, p->mu, p->lambda,
			   p->tournament, p->p_mutation, p->reorder };
	S.rng = gsl_rng_alloc(gsl_rng_mt19937);
	S.parents = xcalloc((size_t)p->mu, sizeof *S.parents);
	S.offspring = xcalloc((size_t)p->lambda, sizeof *S.offspring);
	for (int i = 0; i < p->mu; i++)
		for (int k = 0; k < p->ngenomes; k++)
			cgp_genome_init(&S.parents[i].g[k], &shape);
	for (int i = 0; i < p->lambda; i++)
		for (int k = 0; k < p->ngenomes; k++)
			cgp_genome_init(&S.offspring[i].g[k], &shape);
	st = runlog_checkpoint_read(path, &S, &seconds, err);
	if (st == E2L_OK && (S.generation != 2 || !(seconds >= 0)))
		st = E2L_EINVALID;
	es_free(&S);
	return st;
}

static e2l_status read_ckpt(const char *text, e2l_error *err)
{
	return read_ckpt_n(text, strlen(text), err);
}

/* good_ckpt with its first line starting with `key ` replaced by line
 * (NULL: dropped), or with line added before "end" if key is NULL. */
static char *with_line(const char *key, const char *line)
{
	strbuf b = { 0 };
	const char *p = good_ckpt;
	int done = 0;

	strbuf_put(&b, "", 0);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;
		int hit = !done && (key ? !strncmp(p, key, strlen(key)) &&
				    p[strlen(key)] == ' ' :
				    !strncmp(p, "end\n", 4));
		if (hit && !key)
			strbuf_printf(&b, "%s\n", line);
		if (hit && key) {
			if (line)
				strbuf_printf(&b, "%s\n", line);
		} else {
			strbuf_put(&b, p, n);
		}
		done |= hit;
		p += n;
	}
	return b.s;
}

/* The first parent line with token k (1: the fitness, 2 on: the genes)
 * set to v. */
static char *with_token(int k, const char *v)
{
	const char *p = strstr(good_ckpt, "\nparent ") + 1;
	const char *nl = strchr(p, '\n');
	strbuf b = { 0 };
	int t = 0;
	char *out;

	while (p < nl) {
		const char *e = p;
		while (e < nl && *e != ' ')
			e++;
		if (t)
			strbuf_put(&b, " ", 1);
		if (t == k)
			strbuf_printf(&b, "%s", v);
		else
			strbuf_put(&b, p, (size_t)(e - p));
		t++;
		p = e < nl ? e + 1 : e;
	}
	out = with_line("parent", b.s);
	free(b.s);
	return out;
}

/* The rng line with the bytes from offset `at` replaced by hex. */
static char *with_rng(size_t at, const char *hex)
{
	const char *p = strstr(good_ckpt, "\nrng mt19937 ") + 13;
	const char *nl = strchr(p, '\n');
	char *l = xmalloc((size_t)(nl - p) + 20), *out;

	memcpy(l, "rng mt19937 ", 12);
	memcpy(l + 12, p, (size_t)(nl - p));
	l[12 + (nl - p)] = '\0';
	memcpy(l + 12 + 2 * at, hex, strlen(hex));
	out = with_line("rng", l);
	free(l);
	return out;
}

static void check_ckpt(char *text, const char *want, const char *why)
{
	e2l_error err = { 0 };
	e2l_status st = read_ckpt(text, &err);
	CHECK(st == E2L_EINVALID && strstr(err.msg, want), "%s: %s (%d)",
	      why, err.msg, st);
	free(text);
}

static void test_checkpoint(void)
{
	task_config cfg;
	e2l_error err;
	char run[300], path[320], *text;
	size_t len, mt = 624 * sizeof(unsigned long);
	evo_options o = { 0 };

	ck_preset = o.preset = evo_preset_find("error");
	o.generations = 3;
	o.seed = 5;
	o.threads = 1;
	task_config_default(&cfg, task_family_find("error"));
	task_config_set(&cfg, "experiments", "2", &err);
	task_config_set(&cfg, "T", "300", &err);
	snprintf(run, sizeof run, "%s/run", dir);
	CHECK(evo_run(run, &cfg, &o, &err) == E2L_OK, "a real run: %s",
	      err.msg);
	task_config_free(&cfg);
	snprintf(path, sizeof path, "%s/checkpoint", run);
	if (e2l_read_file(path, E2L_RUNFILE_MAX, &good_ckpt, &len, &err)) {
		CHECK(0, "%s", err.msg);
		return;
	}
	CHECK(read_ckpt(good_ckpt, &err) == E2L_OK, "the writer's checkpoint "
	      "reads back: %s", err.msg);

	/* Genes outside the genome (a crash before), garbage numbers. */
	check_ckpt(with_token(2, "100"), "ck:6: gene 1 is 100, which the "
		   "preset's genome does not allow", "function gene 100");
	check_ckpt(with_token(3, "3"), "ck:6: gene 2 is 3,",
		   "column 0 reading itself");
	check_ckpt(with_token(1 + 37, "999999"), "ck:6: gene 37 is 999999",
		   "output gene");
	check_ckpt(with_token(2, "-1"), "ck:6: bad gene '-1'", "negative");
	check_ckpt(with_token(2, "1x"), "ck:6: bad gene '1x'", "1x");
	check_ckpt(with_token(2, "99999999999"), "bad gene", "huge gene");
	check_ckpt(with_token(1, "1.5x"), "ck:6: bad fitness '1.5x'",
		   "garbage after the fitness");
	check_ckpt(with_token(1, ""), "ck:6: bad fitness", "no fitness");
	{
		const char *p = strstr(good_ckpt, "\nparent ") + 1;
		char *l = xmalloc(strlen(p) + 4);
		memcpy(l, p, (size_t)(strchr(p, '\n') - p));
		strcpy(l + (strchr(p, '\n') - p), " 0");
		check_ckpt(with_line("parent", l), "ck:6: more genes",
			   "one gene too many");
		free(l);
	}
	check_ckpt(with_line("parent", "parent 1 2 3"), "ck:6: 2 genes "
		   "where the preset's genome has 37", "too few genes");
	/* The generator's state. */
	check_ckpt(with_rng(mt, "ffffffff"), "ck:5: bad random state",
		   "mti -1");
	check_ckpt(with_rng(mt, "00000080"), "ck:5: bad random state",
		   "mti INT_MIN");
	check_ckpt(with_rng(mt, "71020000"), "ck:5: bad random state",
		   "mti 625");
	text = with_rng(mt, "70020000");   /* 624: a valid index */
	CHECK(read_ckpt(text, &err) == E2L_OK, "mti 624: %s", err.msg);
	free(text);
	if (sizeof(unsigned long) == 8)
		check_ckpt(with_rng(4, "01"), "ck:5: bad random state",
			   "a word past 32 bits");
	{
		strbuf z = { 0 };
		for (size_t i = 0; i < mt; i++)
			strbuf_printf(&z, "00");
		check_ckpt(with_rng(0, z.s), "ck:5: bad random state",
			   "all zero");
		free(z.s);
	}
	check_ckpt(with_rng(7, "zz"), "ck:5: bad random state", "not hex");
	check_ckpt(with_line("rng", "rng mt 00"), "ck:5: bad random state",
		   "a prefix of the generator's name");
	check_ckpt(with_line("rng", NULL), "ck: no 'rng' line",
		   "no random state");
	/* The other lines. */
	check_ckpt(with_line("generation", "generation 2x"), "ck:2: bad "
		   "generation count '2x'", "generation 2x");
	check_ckpt(with_line("evaluations", "evaluations -4"), "ck:3: bad "
		   "evaluation count", "negative evaluations");
	check_ckpt(with_line("seconds", "seconds nan"), "ck:4: bad seconds",
		   "seconds nan");
	check_ckpt(with_line(NULL, "generation 2"), "a second 'generation' "
		   "line", "generation twice");
	check_ckpt(with_line(NULL, "bogus 1"), "unknown entry 'bogus'",
		   "unknown entry");
	text = xmalloc(strlen(good_ckpt) + 8);
	sprintf(text, "%sextra\n", good_ckpt);
	check_ckpt(text, "text after the end line", "after the end");
	text = xstrdup(good_ckpt);
	text[strlen(text) - 1] = '\0';
	check_ckpt(text, "last line not complete", "no final newline");
	text = xstrdup(good_ckpt);
	text[30] = '\0';
	CHECK(read_ckpt_n(text, strlen(good_ckpt), &err) == E2L_ESYNTAX &&
	      strstr(err.msg, "ck:3: a NUL byte"), "NUL: %s", err.msg);
	free(text);
	check_ckpt(xstrdup("garbage\n"), "ck:1: not an e2l checkpoint",
		   "garbage");
	check_ckpt(xstrdup(""), "ck:1: not an e2l checkpoint", "empty");
	free(good_ckpt);
}

/* A run file that is a FIFO or /dev/zero is an error at once, never a
 * hang (the alarm turns one into a failure) or a flood of memory. */
static void test_special_files(void)
{
	static const char *const names[] = { "run.conf", "log.jsonl",
					     "hof.tsv", "ck" };
	char path[300], ck[300];
	runlog L;
	runlog_table T;
	runlog_conf c;
	e2l_error err;

	snprintf(ck, sizeof ck, "%s/ck", dir);
	for (int special = 0; special < 2; special++)
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			e2l_status st;
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			write_file("run.conf", conf);
			remove_file("log.jsonl");
			remove_file("hof.tsv");
			remove_file(names[i]);
			if (special ? symlink("/dev/zero", path) != 0 :
			    mkfifo(path, 0600) != 0) {
				perror(path);
				exit(2);
			}
			alarm(20);
			if (i == 0) {
				st = runlog_conf_read(dir, &c, &err);
				runlog_conf_free(&c);
			} else if (i == 3) {
				es_state S = { 0 };
				double s;
				S.rng = gsl_rng_alloc(gsl_rng_mt19937);
				st = runlog_checkpoint_read(ck, &S, &s, &err);
				gsl_rng_free(S.rng);
			} else {
				if (runlog_open(&L, dir, &err) != E2L_OK)
					CHECK(0, "open: %s", err.msg);
				st = runlog_poll(&L, &err) < 0 ? err.status :
					E2L_OK;
				runlog_close(&L);
				if (i == 2 && st == E2L_OK) {
					st = runlog_table_read(path, INT_MAX,
							       &T, &err);
					runlog_table_free(&T);
				}
			}
			alarm(0);
			CHECK(st == E2L_EIO && strstr(err.msg, names[i]) &&
			      strstr(err.msg, "not a regular file"),
			      "%s as %s: %s", names[i], special ? "/dev/zero" :
			      "a FIFO", err.msg);
			remove_file(names[i]);
		}
	write_file("run.conf", conf);
}

/* DIR/pid's text: exactly "PID HOST\n". */
static void test_owner_parse(void)
{
	static const char *const bad[] = {
		"", "123", "123 host", "0 host\n", "-5 host\n", "12x host\n",
		"123  host\n", "123 ho st\n", "123 host\r\n",
		"99999999999 host\n", " 123 host\n",
	};
	char host[8];
	long pid;

	CHECK(runlog_owner_parse("123 vm\n", 7, &pid, host, sizeof host) &&
	      pid == 123 && !strcmp(host, "vm"), "a good pid file");
	CHECK(!runlog_owner_parse("123 longhostname\n", 17, &pid, host,
				  sizeof host), "a host too long for host[]");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!runlog_owner_parse(bad[i], strlen(bad[i]), &pid, host,
					  sizeof host), "'%s'", bad[i]);
}

/* The one stop test: the evolution loop and runlog_status ask it alike,
 * and only what no resume takes further is FINISHED. */
static void test_stop_reason(void)
{
	char host[256] = "", text[300], who[256];
	long pid;

	CHECK(runlog_stop_reason(9, 10, 0, NAN, 0, 0, 0, 0) &&
	      !strcmp(runlog_stop_reason(9, 10, 0, NAN, 0, 0, 0, 0),
		      "generations"), "the last generation");
	CHECK(!runlog_stop_reason(8, 10, 0, NAN, 0, 0, 0, 0),
	      "generations to go");
	CHECK(!strcmp(runlog_stop_reason(3, 10, 5 - 1e-11, 5, 0, 0, 0, 0),
		      "target fitness"), "the target, within 1e-10");
	CHECK(!runlog_stop_reason(3, 10, NAN, 5, 0, 0, 0, 0),
	      "a NaN champion reaches no target");
	CHECK(!strcmp(runlog_stop_reason(3, 10, 0, NAN, 7, 6.5, 0, 0),
		      "wall time"), "wall time");
	CHECK(!strcmp(runlog_stop_reason(3, 10, 0, NAN, 7, 0, 40, 40),
		      "evaluations"), "evaluations");
	CHECK(!runlog_stop_reason(3, 10, 0, NAN, 7, 0, 40, 0),
	      "no budget: goes on");

	/* A run stopped by its evaluation budget can be resumed: STOPPED. */
	runlog L;
	e2l_error err;
	write_file("log.jsonl", line(0, 0.5));
	append("log.jsonl", line(1, 1.0));
	remove_file("pid");
	runlog_open(&L, dir, &err);
	runlog_poll(&L, &err);
	L.generations = 100;
	L.target = NAN;
	L.max_evaluations = 1;
	CHECK(runlog_stop_reason(1, 100, 1.0, NAN, 0, 0, 5, 1) &&
	      runlog_status(&L) == RUNLOG_STOPPED, "a budget's stop: STOPPED");
	runlog_close(&L);

	/* The pid file's owner, as claim() and the viewers see it. */
	gethostname(host, sizeof host - 1);
	snprintf(text, sizeof text, "%ld %s\n", (long)getpid(), host);
	CHECK(runlog_owner_of(text, strlen(text), &pid, who, sizeof who) ==
	      RUNLOG_OWNER_LIVE && pid == getpid(), "this e2l: live");
	CHECK(runlog_owner_of("7 elsewhere.example\n", 20, &pid, who,
			      sizeof who) == RUNLOG_OWNER_REMOTE &&
	      !strcmp(who, "elsewhere.example"), "another host: remote");
	CHECK(runlog_owner_of("7 x", 3, &pid, who, sizeof who) ==
	      RUNLOG_OWNER_NONE, "no owner text");
	/* A killed run's process that nobody has collected yet (its
	 * launcher died with it): kill(pid, 0) finds it, but it holds no
	 * lock and runs nothing. */
	pid_t z = fork();
	if (z == 0)
		_exit(0);
	char stat[64], state[512] = "";
	snprintf(stat, sizeof stat, "/proc/%ld/stat", (long)z);
	for (int i = 0; i < 500 && !strstr(state, ") Z "); i++) {
		FILE *f = fopen(stat, "r");
		if (f) {
			if (!fgets(state, sizeof state, f))
				state[0] = '\0';
			fclose(f);
		}
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	snprintf(text, sizeof text, "%ld %s\n", (long)z, host);
	CHECK(strstr(state, ") Z ") && runlog_owner_of(text, strlen(text),
						       &pid, who, sizeof who) ==
	      RUNLOG_OWNER_GONE, "a zombie owner: gone");
	waitpid(z, NULL, 0);
}

/* An MPI run's lines: its ranks and what each ran, read strictly, and
 * each rank's pace from them; a line without them (an older log) is
 * read as before. */
static void test_ranks(void)
{
	static const char *const bad[][2] = {
		{ ", \"ranks\": 2}", "\"ranks\" without \"rank_units\"" },
		{ ", \"rank_units\": [1]}", "\"rank_units\" without \"ranks\"" },
		{ ", \"ranks\": 2, \"rank_units\": [1]}", "2 ranks but 1 in" },
		{ ", \"ranks\": 0, \"rank_units\": []}", "no ranks" },
		{ ", \"ranks\": 1, \"rank_units\": [-1]}", "expected a whole" },
	};
	char text[512], buf[200];
	runlog_gen g;
	e2l_error err;
	runlog L;
	const char *head = "{\"generation\": 0, \"parents\": [1], "
		"\"champion\": \"R\", \"seconds\": 2.0";

	snprintf(text, sizeof text, "%s, \"ranks\": 3, \"rank_units\": "
		 "[4, 0, 6]}", head);
	CHECK(runlog_gen_parse("log", 1, 0, text, strlen(text), &g, &err) ==
	      E2L_OK && g.ranks == 3 && g.rank_units[2] == 6,
	      "ranks read: %s", err.msg);
	runlog_gen_free(&g);
	snprintf(text, sizeof text, "%s}", head);
	CHECK(runlog_gen_parse("log", 1, 0, text, strlen(text), &g, &err) ==
	      E2L_OK && g.ranks == 0 && !g.rank_units, "no ranks: unknown");
	runlog_gen_free(&g);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(text, sizeof text, "%s%s", head, bad[i][0]);
		CHECK(runlog_gen_parse("log", 1, 0, text, strlen(text), &g,
				       &err) == E2L_ESYNTAX &&
		      strstr(err.msg, bad[i][1]), "%s: %s", bad[i][0],
		      err.msg);
		runlog_gen_free(&g);
	}

	/* Two generations on 2 ranks: each rank's experiments over the
	 * seconds they took. */
	write_file("log.jsonl", "{\"generation\": 0, \"parents\": [1], "
		   "\"champion\": \"R\", \"seconds\": 2.0, \"ranks\": 2, "
		   "\"rank_units\": [4, 6]}\n{\"generation\": 1, \"parents\": "
		   "[1], \"champion\": \"R\", \"seconds\": 4.0, \"ranks\": 2, "
		   "\"rank_units\": [8, 2]}\n");
	runlog_open(&L, dir, &err);
	CHECK(runlog_poll(&L, &err) == 2, "read: %s", err.msg);
	CHECK(runlog_rank_text(&L, 1, 1, buf, sizeof buf) &&
	      !strcmp(buf, "2 ranks, experiments/s per rank: 4 1"),
	      "the last generation's pace: '%s'", buf);
	CHECK(runlog_rank_text(&L, 1, 20, buf, sizeof buf) &&
	      !strcmp(buf, "2 ranks, experiments/s per rank: 3 2"),
	      "since the start: '%s'", buf);
	L.gen[0].ranks = 3;
	CHECK(!runlog_rank_text(&L, 1, 20, buf, sizeof buf) && !*buf,
	      "ranks changed within the window: nothing to say");
	L.gen[0].ranks = 2;
	runlog_close(&L);
}

/* A run from bench/runs (not in git: skipped when absent). */
static void test_real(void)
{
	static const char *runs[] = { "reward/seed12", "error/seed12",
				      "correlation/seed123" };
	int read = 0;
	for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
		char path[512];
		runlog L;
		e2l_error err;
		long n, total = 0;
		snprintf(path, sizeof path, "%s/bench/runs/%s", E2L_SRCDIR,
			 runs[i]);
		if (access(path, F_OK) != 0)
			continue;
		CHECK(runlog_open(&L, path, &err) == E2L_OK, "%s: %s", path,
		      err.msg);
		while ((n = runlog_poll(&L, &err)) > 0)
			total += n;
		CHECK(n == 0 && total == L.ngen && L.ngen > 0 &&
		      L.gen[L.ngen - 1].generation == L.ngen - 1,
		      "%s: %ld generations (%s)", path, L.ngen, err.msg);
		CHECK(L.hof.n > 0 && L.pareto.n > 0, "%s: hall of fame",
		      runs[i]);
		for (long g = 0; g < L.ngen; g++)
			if (L.gen[g].mu < 1 || !L.gen[g].champion[0] ||
			    isnan(L.gen[g].seconds)) {
				CHECK(0, "%s: generation %ld", path, g);
				break;
			}
		if (L.ngen == L.generations)
			CHECK(runlog_status(&L) == RUNLOG_FINISHED,
			      "%s: finished", path);
		runlog_close(&L);
		read++;
	}
	if (!read)
		printf("test_runlog: no bench/runs here: real runs skipped\n");
}

/* A stand-in for `e2l evolve` running sub (a folder of dir): a child of
 * this program (so /proc says it is an e2l, as this program is itself)
 * that holds sub/pid's lock, writes its pid and exits 7 on SIGINT;
 * with lock 0 it writes its pid but holds nothing (a pid reused by
 * another e2l). */
static volatile sig_atomic_t got_int;
static void on_int(int sig)
{
	(void)sig;
	got_int = 1;
}

static pid_t fake_run(const char *sub, int lock)
{
	char path[512], host[256] = "", text[300];
	int ready[2];
	pid_t pid;

	gethostname(host, sizeof host - 1);
	snprintf(path, sizeof path, "%s/%s/pid", dir, sub);
	if (pipe(ready) != 0)
		exit(2);
	if ((pid = fork()) == 0) {
		struct sigaction sa = { .sa_handler = on_int };
		sigaction(SIGINT, &sa, NULL);
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0 || (lock && flock(fd, LOCK_EX | LOCK_NB) != 0))
			_exit(3);
		int n = snprintf(text, sizeof text, "%ld %s\n",
				 (long)getpid(), host);
		if (ftruncate(fd, 0) != 0 || write(fd, text, (size_t)n) != n)
			_exit(4);
		if (write(ready[1], "r", 1) != 1)
			_exit(5);
		for (int i = 0; i < 3000 && !got_int; i++)
			nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
		_exit(got_int ? 7 : 6);
	}
	char c;
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		CHECK(0, "the fake run did not start");
	close(ready[0]);
	return pid;
}

static int exit_status(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
		WTERMSIG(status);
}

static void mkdir_in(const char *sub)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (mkdir(path, 0777) != 0) {
		perror(path);
		exit(2);
	}
}

static void test_steer(void)
{
	char sub[512], host[256] = "", text[400], **dirs;
	e2l_error err;
	pid_t child;

	gethostname(host, sizeof host - 1);
	mkdir_in("steer");
	mkdir_in("steer/a");
	mkdir_in("steer/b");
	mkdir_in("steer/x");
	mkdir_in("steer/x/y");
	mkdir_in("steer/x/y/c");
	mkdir_in("steer/.hidden");
	mkdir_in("steer/.hidden/d");
	mkdir_in("steer/x/y/z");
	mkdir_in("steer/x/y/z/deep");
	const char *runs[] = { "steer/a", "steer/b", "steer/x/y/c",
			       "steer/.hidden/d", "steer/x/y/z/deep" };
	for (int i = 0; i < 5; i++) {
		snprintf(sub, sizeof sub, "%s/run.conf", runs[i]);
		write_file(sub, conf);
	}
	snprintf(sub, sizeof sub, "%s/steer/a", dir);

	/* Nothing runs a: not running, nothing signalled. */
	CHECK(runlog_stop(sub, &err) == E2L_EINVALID &&
	      strstr(err.msg, "is not running"), "no pid file: %s", err.msg);
	if ((child = fork()) == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
	write_file("steer/a/pid", text);
	CHECK(runlog_stop(sub, &err) == E2L_EINVALID &&
	      strstr(err.msg, "is not running"), "dead: %s", err.msg);
	write_file("steer/a/pid", "1234 some-other-machine.example\n");
	CHECK(runlog_stop(sub, &err) == E2L_EINVALID &&
	      strstr(err.msg, "on some-other-machine.example: stop it there"),
	      "remote: %s", err.msg);
	/* A live program that is not e2l is never signalled. */
	if ((child = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "sleep 30", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && runlog_is_e2l(child) != 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
	write_file("steer/a/pid", text);
	CHECK(runlog_stop(sub, &err) == E2L_EINVALID, "not e2l: %s", err.msg);
	CHECK(kill(child, 0) == 0, "and it lives on");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/* An e2l that the pid names but that does not hold the run's lock
	 * (the pid reused): not signalled either. */
	child = fake_run("steer/a", 0);
	CHECK(runlog_stop(sub, &err) == E2L_EINVALID &&
	      strstr(err.msg, "does not hold it"), "unlocked: %s", err.msg);
	kill(child, SIGKILL);
	CHECK(exit_status(child) == 128 + SIGKILL, "it had not been "
	      "signalled before");

	/* The run's own process: stopped as Ctrl-C stops it. */
	child = fake_run("steer/a", 1);
	snprintf(text, sizeof text, "1234 some-other-machine.example\n");
	write_file("steer/x/y/c/pid", text);
	snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
	write_file("steer/.hidden/d/pid", text);
	write_file("steer/b/pid", "garbage");
	/* Four levels down: beyond RUNLOG_LIST_DEPTH. */
	write_file("steer/x/y/z/deep/pid", text);

	/* Listed: a (live here) and c (on another host); not b (its pid
	 * file names nobody), not the hidden one, not through a link, not
	 * one too deep. */
	char link[512], folder[512];
	snprintf(link, sizeof link, "%s/steer/x/link", dir);
	CHECK(symlink(sub, link) == 0, "symlink");
	snprintf(folder, sizeof folder, "%s/steer", dir);
	long n = runlog_list_running(folder, &dirs, &err);
	char want_a[600], want_c[600];
	snprintf(want_a, sizeof want_a, "%s/a", folder);
	snprintf(want_c, sizeof want_c, "%s/x/y/c", folder);
	CHECK(n == 2 && !strcmp(dirs[0], want_a) && !strcmp(dirs[1], want_c)
	      && dirs[2] == NULL, "%ld running: %s, %s", n, n > 0 ? dirs[0] :
	      "", n > 1 ? dirs[1] : "");
	runlog_list_free(dirs);
	/* The folder a run itself: itself. */
	n = runlog_list_running(sub, &dirs, &err);
	CHECK(n == 1 && !strcmp(dirs[0], sub), "%ld", n);
	runlog_list_free(dirs);
	snprintf(folder, sizeof folder, "%s/steer/none", dir);
	CHECK(runlog_list_running(folder, &dirs, &err) == -1 && !dirs &&
	      strstr(err.msg, "steer/none"), "no folder: %s", err.msg);

	CHECK(runlog_stop(sub, &err) == E2L_OK, "stop: %s", err.msg);
	CHECK(exit_status(child) == 7, "the run got SIGINT");
	write_file("steer/a/pid", "");
	snprintf(folder, sizeof folder, "%s/steer", dir);
	n = runlog_list_running(folder, &dirs, &err);
	CHECK(n == 1 && !strcmp(dirs[0], want_c), "%ld after the stop", n);
	runlog_list_free(dirs);
}

static void test_generation_text(void)
{
	char buf[64];

	/* The log counts from 0 (the initial population): the last of a
	 * 1000-generation run is 999, shown as the 1000th. */
	runlog_generation_text(999, 1000, buf, sizeof buf);
	CHECK(!strcmp(buf, "generation 1000/1000"), "%s", buf);
	CHECK(runlog_stop_reason(999, 1000, 0, NAN, 0, 0, 0, 0) != NULL,
	      "and it is the last");
	runlog_generation_text(0, 1000, buf, sizeof buf);
	CHECK(!strcmp(buf, "generation 1/1000"), "%s", buf);
	runlog_generation_text(11, 0, buf, sizeof buf);
	CHECK(!strcmp(buf, "generation 12"), "%s", buf);
}

static void test_fitness_range(void)
{
	runlog_range r;
	double v[200];

	/* One run fell to -33,000 at first; the rest lies in -10 .. -5. */
	v[0] = -33000;
	v[1] = -2000;
	for (int i = 2; i < 200; i++)
		v[i] = -10 + 5.0 * i / 199;
	runlog_fitness_range(v, 200, NAN, &r);
	CHECK(r.lo > -40 && r.lo < -10 && r.hi > -5 && r.hi < -4,
	      "fence: %g .. %g", r.lo, r.hi);
	CHECK(r.clipped == 2 && r.nonfinite == 0, "%ld clipped",
	      r.clipped);
	/* With the no-plasticity score: from there up. */
	runlog_fitness_range(v, 200, -8, &r);
	CHECK(r.lo < -8 && r.lo > -8.5 && r.hi > -5, "floor: %g .. %g",
	      r.lo, r.hi);
	CHECK(r.clipped > 2, "%ld below the floor", r.clipped);
	/* A floor above everything: the fence as without one. */
	runlog_fitness_range(v, 200, 100, &r);
	CHECK(r.lo > -40 && r.hi < -4, "%g .. %g", r.lo, r.hi);
	/* Non-finite values are not drawn; a flat history gets an axis. */
	double flat[] = { -INFINITY, 3, 3, NAN, 3 };
	runlog_fitness_range(flat, 5, NAN, &r);
	CHECK(r.lo < 3 && r.hi > 3 && r.nonfinite == 2 && r.clipped == 0,
	      "%g .. %g, %ld", r.lo, r.hi, r.nonfinite);
	runlog_fitness_range(flat, 1, NAN, &r);
	CHECK(r.lo < r.hi && isfinite(r.lo) && isfinite(r.hi), "empty");
	/* Whole numbers: all in range, nothing clipped. */
	double few[] = { 120, 140, 176, 186 };
	runlog_fitness_range(few, 4, 0, &r);
	CHECK(r.lo <= 120 && r.hi >= 186 && r.clipped == 0, "%g .. %g",
	      r.lo, r.hi);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_conf();
	test_growing();
	test_malformed();
	test_hof();
	test_status();
	test_eta();
	test_conf_strict();
	test_table_strict();
	test_gen_parse();
	test_genome_check();
	test_checkpoint();
	test_special_files();
	test_owner_parse();
	test_stop_reason();
	test_ranks();
	test_steer();
	test_generation_text();
	test_fitness_range();
	test_real();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_done("test_runlog");
}
