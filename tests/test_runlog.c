/*
 * test_runlog.c - the run-directory follower: run.conf read and a wrong
 * format refused, a log read line by line as it grows (half a line waits),
 * values read exactly, a rewritten log read again, malformed and random
 * lines turned into errors naming file and line, the hall of fame
 * re-read when replaced, status from the pid file, the ETA arithmetic,
 * and a real run from bench/runs when one is there.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "e2l/runlog.h"

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
	test_real();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_done("test_runlog");
}
