/*
 * test_cache.c - the fitness cache's file (src/evolve/cache.c), which runs
 * and concurrent processes share: every line carries a checksum, so a cut
 * or changed line is skipped and reported, never trusted; an entry never
 * glues onto a line a full disk cut short; write errors reach the caller;
 * exactly one header however many processes create the file at once; a
 * damaged header is told apart from another configuration's; a FIFO or a
 * device is an error, not a hang.
 *
 * The cache needs no simulation: keys and values are made up here.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "e2l/evolve.h"

static const char config[] = "error seed=1 experiments=0 T=300";
static char dir[] = "/tmp/e2l-test-cache-XXXXXX";

/* dir/name; a few buffers rotate, so two calls may share a statement. */
static char *in_dir(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

/* The file's bytes, NUL-terminated (caller frees); NULL if unreadable. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	n = (long)fread(s, 1, (size_t)n, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void spit(const char *path, const char *mode, const char *data)
{
	FILE *f = fopen(path, mode);
	fputs(data, f);
	fclose(f);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A cache at path holding the given entries, closed again. */
static void make(const char *path, int n, const char *const *keys,
		 const double *values)
{
	evo_cache *c;
	e2l_error err;

	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "open %s: %s",
	      path, err.msg);
	for (int i = 0; c && i < n; i++)
		CHECK(evo_cache_put(c, keys[i], values[i], &err) == E2L_OK,
		      "put: %s", err.msg);
	evo_cache_close(c);
}

/* Runs fn in a child process with an alarm, so that a hang fails the
 * test instead of stopping it; the child's exit status is its verdict. */
static int in_child(int (*fn)(void), int seconds)
{
	int status;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		check_failed = 0;       /* the child's verdict is its own */
		alarm((unsigned)seconds);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* ---- 1. Integrity per entry ------------------------------------------ */

static void test_integrity(void)
{
	static const char *const keys[] = { "u*v", "v - u" };
	static const double values[] = { 2.09, -1.5 };
	const char *path = in_dir("glue.tsv");
	evo_cache *c;
	e2l_error err;
	double v;
	long hits, misses, entries, skipped;
	char *text;

	make(path, 2, keys, values);
	/* A full disk cut the next entry short after its first digit. */
	spit(path, "a", "1");
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	CHECK(evo_cache_put(c, "w", 2.09, &err) == E2L_OK, "%s", err.msg);
	evo_cache_close(c);
	/* The new entry must not glue onto the cut line ("12.09"). */
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	CHECK(evo_cache_get(c, "w", &v) && v == 2.09, "w: %.17g, not 2.09", v);
	CHECK(evo_cache_get(c, "u*v", &v) && v == 2.09, "u*v: %.17g", v);
	evo_cache_stats(c, &hits, &misses, &entries, &skipped);
	CHECK(skipped == 1 && entries == 3, "%ld skipped, %ld entries",
	      skipped, entries);
	/* Reported once, as a value; the library prints nothing. */
	CHECK(evo_cache_warning(c, &err) == E2L_EINVALID &&
	      strstr(err.msg, path) && strstr(err.msg, ":4: 1 damaged line "
	      "skipped") && strstr(err.msg, "cut short"), "warning: %s",
	      err.msg);
	evo_cache_close(c);
	text = slurp(path);
	CHECK(text && count(text, "\n1\n") == 1, "the cut line ended by a "
	      "newline of its own:\n%s", text);
	free(text);

	/* One changed digit inside a complete line: the checksum. */
	path = in_dir("flip.tsv");
	make(path, 2, (const char *const[]){ "u*v", "u" },
	     (const double[]){ 2.09, 0.5 });
	text = slurp(path);
	char *p = text ? strstr(text, "2.0899999999999999") : NULL;
	CHECK(p != NULL, "2.09 written as %%.17g:\n%s", text);
	if (p) {
		*p = '7';
		spit(path, "w", text);
	}
	free(text);
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	CHECK(!evo_cache_get(c, "u*v", &v), "a changed line trusted: %.17g",
	      v);
	CHECK(evo_cache_get(c, "u", &v) && v == 0.5, "u: %.17g", v);
	evo_cache_stats(c, &hits, &misses, &entries, &skipped);
	CHECK(skipped == 1, "%ld skipped", skipped);
	CHECK(evo_cache_warning(c, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":2: 1 damaged line skipped") &&
	      strstr(err.msg, "checksum"), "warning: %s", err.msg);
	evo_cache_close(c);

	/* No damage, no warning; -inf reads back. */
	path = in_dir("clean.tsv");
	make(path, 1, (const char *const[]){ "u/0" },
	     (const double[]){ -INFINITY });
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	CHECK(evo_cache_get(c, "u/0", &v) && v == -INFINITY, "-inf: %g", v);
	CHECK(evo_cache_warning(c, &err) == E2L_OK, "warning: %s", err.msg);
	evo_cache_close(c);

	/* The format's version is 2; a file of format 1 (no checksums) is
	 * refused with the way out. */
	text = slurp(path);
	CHECK(text && !strncmp(text, "e2l-fitness-cache 2 ", 20), "header: "
	      "%.40s", text);
	free(text);
	path = in_dir("old.tsv");
	spit(path, "w", "e2l-fitness-cache 1 error seed=1 experiments=0 "
	     "T=300\n2.0899999999999999\tu*v\n");
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_EINVALID &&
	      strstr(err.msg, "format 1") && strstr(err.msg, "remove ") &&
	      strstr(strstr(err.msg, "remove "), path) &&
	      strstr(err.msg, "--no-cache"), "%s", err.msg);
}

/* ---- 2. Write errors reach the caller ---------------------------------- */

static int write_error_child(void)
{
	const char *path = in_dir("full.tsv");
	struct stat st;
	struct rlimit rl;
	evo_cache *c;
	e2l_error err;
	char key[300];

	if (evo_cache_open(&c, path, config, &err) != E2L_OK ||
	    evo_cache_put(c, "a", 1.0, &err) != E2L_OK || stat(path, &st))
		return 2;
	/* The disk fills: the file may grow by 20 bytes more. */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = (rlim_t)st.st_size + 20;
	setrlimit(RLIMIT_FSIZE, &rl);
	memset(key, 'u', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	err.msg[0] = '\0';
	CHECK(evo_cache_put(c, key, 2.0, &err) == E2L_EIO &&
	      strstr(err.msg, path) && strstr(err.msg, "--no-cache"),
	      "a failed write: '%s'", err.msg);
	/* Sticky: later entries are kept in memory, the error stays. */
	err.msg[0] = '\0';
	CHECK(evo_cache_put(c, "b", 3.0, &err) == E2L_EIO &&
	      strstr(err.msg, path), "after it: '%s'", err.msg);
	double v;
	CHECK(evo_cache_get(c, "b", &v) && v == 3.0, "in memory still");
	evo_cache_close(c);
	return check_failed ? 1 : 0;
}

static void test_write_error(void)
{
	const char *path = in_dir("full.tsv");
	evo_cache *c;
	e2l_error err;
	double v;
	long hits, misses, entries, skipped;
	int rc = in_child(write_error_child, 20);

	CHECK(rc == 0, "the child saw no write error (status %d)", rc);
	/* The cut entry was taken back: the file holds whole lines only. */
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	if (!c)
		return;
	evo_cache_stats(c, &hits, &misses, &entries, &skipped);
	CHECK(evo_cache_get(c, "a", &v) && v == 1.0 && entries == 1 &&
	      skipped == 0, "%ld entries, %ld skipped", entries, skipped);
	evo_cache_close(c);
}

/* ---- 3. One header, however many processes create the file ------------ */

enum { WRITERS = 6, PUTS = 20, ROUNDS = 5 };

static int gate[2];
static int round_no;

static int writer(int w)
{
	char path[256], key[32], ch;
	evo_cache *c;
	e2l_error err;
	int bad = 0;

	close(gate[1]);
	if (read(gate[0], &ch, 1) != 0)  /* wait until the gate opens */
		return 3;
	snprintf(path, sizeof path, "%s/new%d.tsv", dir, round_no);
	if (evo_cache_open(&c, path, config, &err) != E2L_OK) {
		fprintf(stderr, "writer %d: %s\n", w, err.msg);
		return 2;
	}
	for (int i = 0; i < PUTS; i++) {
		snprintf(key, sizeof key, "w%d*u^%d", w, i);
		bad |= evo_cache_put(c, key, w + i / 100.0, &err) != E2L_OK;
	}
	evo_cache_close(c);
	return bad;
}

static void test_one_header(void)
{
	for (round_no = 0; round_no < ROUNDS; round_no++) {
		pid_t pid[WRITERS];
		int status, ok = 1;

		if (pipe(gate) != 0)
			return;
		fflush(NULL);
		for (int w = 0; w < WRITERS; w++)
			if ((pid[w] = fork()) == 0)
				_exit(writer(w));
		close(gate[0]);
		close(gate[1]);                 /* open the gate */
		for (int w = 0; w < WRITERS; w++)
			ok &= pid[w] > 0 && waitpid(pid[w], &status, 0) ==
				pid[w] && WIFEXITED(status) &&
				WEXITSTATUS(status) == 0;
		CHECK(ok, "round %d: a writer failed", round_no);

		char name[32];
		snprintf(name, sizeof name, "new%d.tsv", round_no);
		char *text = slurp(in_dir(name));
		CHECK(text && count(text, "e2l-fitness-cache") == 1,
		      "round %d: %d headers", round_no,
		      text ? count(text, "e2l-fitness-cache") : -1);
		free(text);

		evo_cache *c;
		e2l_error err;
		long hits, misses, entries, skipped;
		CHECK(evo_cache_open(&c, in_dir(name), config, &err) == E2L_OK,
		      "%s", err.msg);
		if (!c)
			continue;
		evo_cache_stats(c, &hits, &misses, &entries, &skipped);
		CHECK(entries == WRITERS * PUTS && skipped == 0, "round %d: %ld "
		      "entries, %ld skipped", round_no, entries, skipped);
		evo_cache_close(c);
	}
}

/* ---- 4. A damaged header is not another configuration ----------------- */

static void test_header(void)
{
	const char *path = in_dir("header.tsv");
	evo_cache *c;
	e2l_error err;
	char *text, *p;

	make(path, 1, (const char *const[]){ "u" }, (const double[]){ 1 });
	CHECK(evo_cache_open(&c, path, "error seed=2 experiments=0 T=300",
			     &err) == E2L_EINVALID &&
	      strstr(err.msg, ":1: a fitness cache for another task "
		     "configuration") && strstr(err.msg, "remove ") &&
	      strstr(strstr(err.msg, "remove "), path) &&
	      strstr(err.msg, "--no-cache"), "%s", err.msg);

	/* The same header with one byte changed. */
	text = slurp(path);
	p = text ? strstr(text, "seed=1") : NULL;
	CHECK(p != NULL, "header: %.60s", text);
	if (p) {
		p[5] = '2';
		spit(path, "w", text);
	}
	free(text);
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":1: damaged header") &&
	      !strstr(err.msg, "configuration") && strstr(err.msg, "remove ") &&
	      strstr(strstr(err.msg, "remove "), path) &&
	      strstr(err.msg, "--no-cache"), "%s", err.msg);
	/* Cut inside the header. */
	spit(path, "w", "e2l-fitness-cache 2 error se");
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":1: damaged header") &&
	      strstr(err.msg, "--no-cache"), "%s", err.msg);
	/* Not a cache at all. */
	spit(path, "w", "garbage\n");
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":1: not an e2l fitness cache") &&
	      strstr(err.msg, "--no-cache"), "%s", err.msg);
	/* An empty file (a crash before its header) is a new cache. */
	spit(path, "w", "");
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	evo_cache_close(c);
	text = slurp(path);
	CHECK(text && count(text, "e2l-fitness-cache 2 ") == 1, "%s", text);
	free(text);
}

/* ---- 5. Bounded reads: no hang, no unbounded memory ------------------- */

/* A child that would read /dev/zero unbounded runs out of memory here
 * rather than the machine's (sanitizers reserve too much to limit). */
static void limit_memory(void)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	struct rlimit rl = { 1u << 30, 1u << 30 };
	setrlimit(RLIMIT_AS, &rl);
#endif
}

static int refuses(const char *path, const char *why)
{
	evo_cache *c;
	e2l_error err;

	limit_memory();
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_EIO &&
	      strstr(err.msg, path) && strstr(err.msg, why) &&
	      strstr(err.msg, "--no-cache"), "%s: '%s'", path, err.msg);
	evo_cache_close(c);
	return check_failed ? 1 : 0;
}

static int fifo_child(void)
{
	return refuses(in_dir("fifo.tsv"), "not a regular file");
}

static int zero_child(void)
{
	return refuses(in_dir("zero.tsv"), "symbolic link");
}

static int device_child(void)
{
	return refuses("/dev/zero", "not a regular file");
}

static void test_bounded(void)
{
	char path[256];
	evo_cache *c;
	e2l_error err;
	double v;
	long hits, misses, entries, skipped;
	int rc;

	CHECK(mkfifo(in_dir("fifo.tsv"), 0600) == 0, "mkfifo");
	rc = in_child(fifo_child, 10);
	CHECK(rc == 0, "a FIFO: status %d%s", rc, rc == 128 + SIGALRM ?
	      " (hung)" : "");
	CHECK(symlink("/dev/zero", in_dir("zero.tsv")) == 0, "symlink");
	rc = in_child(zero_child, 10);
	CHECK(rc == 0, "a link to /dev/zero: status %d", rc);
	rc = in_child(device_child, 10);
	CHECK(rc == 0, "/dev/zero itself: status %d", rc);

	/* A link to a good cache is refused too: appends never follow one. */
	make(in_dir("real.tsv"), 0, NULL, NULL);
	CHECK(symlink("real.tsv", in_dir("link.tsv")) == 0, "symlink");
	CHECK(evo_cache_open(&c, in_dir("link.tsv"), config, &err) ==
	      E2L_EIO && strstr(err.msg, "symbolic link"), "%s", err.msg);

	/* A line longer than any entry may be is skipped, not read whole. */
	snprintf(path, sizeof path, "%s", in_dir("long.tsv"));
	make(path, 1, (const char *const[]){ "u" }, (const double[]){ 1 });
	size_t n = 3u << 20;
	char *junk = malloc(n + 2);
	memset(junk, '7', n);
	junk[n] = '\n';
	junk[n + 1] = '\0';
	spit(path, "a", junk);
	free(junk);
	CHECK(evo_cache_open(&c, path, config, &err) == E2L_OK, "%s", err.msg);
	if (!c)
		return;
	evo_cache_stats(c, &hits, &misses, &entries, &skipped);
	CHECK(evo_cache_get(c, "u", &v) && skipped == 1 && entries == 1,
	      "%ld skipped", skipped);
	CHECK(evo_cache_warning(c, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":3: 1 damaged line skipped") &&
	      strstr(err.msg, "longer than"), "%s", err.msg);
	evo_cache_close(c);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	test_integrity();
	test_write_error();
	test_one_header();
	test_header();
	test_bounded();

	/* Clean up: every name made above. */
	static const char *const names[] = {
		"glue.tsv", "flip.tsv", "clean.tsv", "old.tsv", "full.tsv",
		"header.tsv", "fifo.tsv", "zero.tsv", "real.tsv", "link.tsv",
		"long.tsv"
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		unlink(in_dir(names[i]));
	for (int r = 0; r < ROUNDS; r++) {
		char name[32];
		snprintf(name, sizeof name, "new%d.tsv", r);
		unlink(in_dir(name));
	}
	if (rmdir(dir) != 0)
		perror(dir);
	return check_done("test_cache");
}
