/*
 * test_replay.c - replay files (replay.c and the families' use of them).
 *
 * A run's recorded inputs, replayed, give the same fitness bit for bit,
 * in every family and protocol, with the recording's rule or another and
 * whatever the seed; recording the replay writes the same file again.  A
 * hand-written file of three spike trains gives the error task the value
 * the closed form of its kernels gives.  Malformed and inconsistent files
 * are refused with their exact "FILE:LINE: reason".  The `replay` text
 * parameter: relative to its task file, written back absolute, kept by
 * copies, restored when a change fails, cleared by an empty value.
 */
#define _DEFAULT_SOURCE         /* realpath */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "e2l/sim.h"
#include "e2l/task.h"

static char dir[] = "/tmp/e2l-test-replay-XXXXXX";

static const char *in_dir(const char *name)
{
	static char path[4][4200];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void write_text(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		CHECK(0, "cannot write %s", path);
}

/* ---- A recorder that keeps the inputs as a replay file's text -------- */

typedef struct {
	pthread_mutex_t lock;
	strbuf text;
	int experiments;
} capture;

static void cap_inputs(void *ctx, int exp, const task_family *f,
		       const char *rows, size_t len)
{
	capture *c = ctx;
	(void)exp;
	pthread_mutex_lock(&c->lock);
	if (!c->text.s)
		task_replay_header(f, &c->text);
	strbuf_put(&c->text, rows, len);
	c->experiments++;
	pthread_mutex_unlock(&c->lock);
}

/* The family's defaults changed by sets ("key", "value", ..., NULL). */
static void config(task_config *cfg, const char *family,
		   const char *const *sets)
{
	e2l_error err;

	task_config_default(cfg, task_family_find(family));
	for (; sets && *sets; sets += 2)
		if (task_config_set(cfg, sets[0], sets[1], &err) != E2L_OK)
			CHECK(0, "%s: set %s: %s", family, sets[0], err.msg);
}

/* Runs rule texts on cfg; capture (may be NULL) records the inputs. */
static e2l_status run(const task_config *cfg, const char *const *texts,
		      uint64_t seed, int threads, capture *cap,
		      task_result *res, e2l_error *err)
{
	task_rule rule;
	task_recorder rec = { .ctx = cap, .inputs = cap_inputs };
	task_options o = { .seed = seed, .threads = threads,
			   .rec = cap ? &rec : NULL };
	e2l_status st;

	memset(res, 0, sizeof *res);
	if ((st = task_rule_parse(&rule, cfg->family, texts, NULL, err)))
		return st;
	st = task_evaluate(cfg, &rule, &o, res, err);
	task_rule_free(&rule);
	return st;
}

static int same_values(const task_result *a, const task_result *b)
{
	if (a->n != b->n || a->n == 0)
		return 0;
	for (int k = 0; k < a->n; k++)
		if (memcmp(&a->values[k], &b->values[k], sizeof a->values[k]))
			return 0;
	return 1;
}

/*
 * Records a run of rule a, replays it with a and with b (on another seed
 * and thread count), and compares each with the generated run: the same
 * values bit for bit, and the replay's own recording is the same file.
 */
static void round_trip(const char *what, const char *family,
		       const char *const *sets, const char *const *a,
		       const char *const *b)
{
	task_config cfg, rcfg;
	task_result ga, gb, ra, rb;
	capture cap = { .lock = PTHREAD_MUTEX_INITIALIZER };
	capture again = { .lock = PTHREAD_MUTEX_INITIALIZER };
	e2l_error err;
	const char *path = in_dir("round.csv");

	config(&cfg, family, sets);
	CHECK(run(&cfg, a, 1, 1, &cap, &ga, &err) == E2L_OK, "%s: %s", what,
	      err.msg);
	CHECK(run(&cfg, b, 1, 1, NULL, &gb, &err) == E2L_OK, "%s: %s", what,
	      err.msg);
	CHECK(cap.experiments == ga.n && cap.text.s, "%s: %d of %d "
	      "experiments recorded", what, cap.experiments, ga.n);
	write_text(path, cap.text.s ? cap.text.s : "", cap.text.len);

	task_config_copy(&rcfg, &cfg);
	if (task_config_set(&rcfg, "replay", path, &err) != E2L_OK) {
		CHECK(0, "%s: %s", what, err.msg);
	} else {
		CHECK(run(&rcfg, a, 99, 1, &again, &ra, &err) == E2L_OK,
		      "%s: %s", what, err.msg);
		CHECK(run(&rcfg, b, 7, 2, NULL, &rb, &err) == E2L_OK, "%s: %s",
		      what, err.msg);
		CHECK(same_values(&ga, &ra), "%s: rule %s: generated %.17g, "
		      "replayed %.17g", what, a[0], ga.n ? ga.values[0] : NAN,
		      ra.n ? ra.values[0] : NAN);
		CHECK(same_values(&gb, &rb), "%s: rule %s: generated %.17g, "
		      "replayed %.17g", what, b[0], gb.n ? gb.values[0] : NAN,
		      rb.n ? rb.values[0] : NAN);
		/* The two rules must differ somewhere, or the second
		 * comparison says nothing the first did not. */
		CHECK(!same_values(&ga, &gb), "%s: both rules score %.17g",
		      what, ga.n ? ga.values[0] : NAN);
		/* On one thread the experiments come in order: the replay's
		 * recording is the file, byte for byte. */
		CHECK(again.text.s && cap.text.len == again.text.len &&
		      !memcmp(cap.text.s, again.text.s, cap.text.len),
		      "%s: the replay records %zu bytes, not the file's %zu",
		      what, again.text.len, cap.text.len);
		task_result_free(&ra);
		task_result_free(&rb);
	}
	task_result_free(&ga);
	task_result_free(&gb);
	free(cap.text.s);
	free(again.text.s);
	task_config_free(&rcfg);
	task_config_free(&cfg);
}

static void test_round_trips(void)
{
	static const char *const err_sets[] = {
		"experiments", "3", "T", "300", NULL };
	static const char *const err_paper[] = {
		"experiments", "2", "T", "300", "protocol", "paper",
		"v_read", "end", "duplicates", "student_once",
		"weight_slice", "1", "teacher_shift_sign", "random", NULL };
	static const char *const rew_sets[] = {
		"experiments", "2", "trials", "30", "patterns", "4",
		"inputs", "12", "T", "200", "rate", "20", NULL };
	static const char *const cor_paper[] = {
		"experiments", "2", "T", "2000", "T_free", "1500",
		"inputs", "200", "rate", "10", NULL };
	static const char *const cor_validation[] = {
		"experiments", "2", "T", "1200", "T_free", "2500",
		"inputs", "150", "rate", "10", "u0_free", "experiment",
		"windows", "end", "sd", "population", NULL };
	static const char *const cor_e2l[] = {
		"experiments", "2", "T", "2000", "T_free", "1500",
		"inputs", "200", "rate", "10", "protocol", "e2l",
		"duplicates", "merge", NULL };
	const char *eq7[] = { "(v - u)*s" }, *none[] = { "0" };
	const char *lr2[] = { "(R - Rbar)*E" }, *lr0[] = { "(R - 1)*E" };
	const char *lr1[] = { "k - w", "w*k - w - k" };
	const char *hom[] = { "0.01 + k - w", "w*k" };

	round_trip("error", "error", err_sets, eq7, none);
	round_trip("error, paper protocol", "error", err_paper, eq7, none);
	round_trip("reward", "reward", rew_sets, lr2, lr0);
	round_trip("correlation, paper protocol", "correlation", cor_paper,
		   lr1, hom);
	round_trip("correlation, paper validation", "correlation",
		   cor_validation, lr1, hom);
	round_trip("correlation, e2l protocol", "correlation", cor_e2l, lr1,
		   hom);
}

/* ---- A file written by hand ------------------------------------------ */

/*
 * Three inputs, six spikes (two at once), teacher weights 10, -3 and 7.5
 * pA against the student's fixed 5 pA (rule 0: no learning).  The
 * potentials differ by sum over arrivals a of (5 - w_j) K(k - a), with
 * K(n) = P21 (P22^n - P11^n) / (P22 - P11) the membrane's response n
 * steps after a unit current arrives; the fitness is minus the root of
 * the summed squared difference at the ends of steps 100 m - 1, m = 11 ..
 * 100 (1 ms samples over T = 100 ms, the first 10 % left out).
 */
static void test_by_hand(void)
{
	static const char text[] =
		"# three spike trains\n"
		"experiment,kind,pattern,index,value\n"
		"0,spike,,0,5\n"
		"0,spike,,1,10\n"
		"0,spike,,0,20.5\n"
		"0,spike,,2,30\n"
		"0,spike,,2,30\n"
		"0,spike,,1,61.25\n"
		"0,teacher,,0,10\n"
		"0,teacher,,1,-3\n"
		"0,teacher,,2,7.5\n";
	static const char *const sets[] = {
		"experiments", "1", "T", "100", "inputs", "3", NULL };
	const double t[] = { 5, 10, 20.5, 30, 30, 61.25 };
	const int input[] = { 0, 1, 0, 2, 2, 1 };
	const double wt[] = { 10, -3, 7.5 }, w0 = 5, h = 0.01;
	const char *none[] = { "0" };
	task_config cfg;
	task_result gen, rep;
	e2l_error err;
	sim_psc p;
	double sq = 0;

	sim_psc_init(&p, 10, 2, 250, h);
	for (int m = 11; m <= 100; m++) {
		int k = 100 * m - 1;
		double d = 0;
		for (int i = 0; i < 6; i++) {
			int a = (int)llround(t[i] / h) + 200;   /* delay */
			if (k < a)
				continue;
			d += (w0 - wt[input[i]]) * p.P21 *
				(pow(p.P22, k - a) - pow(p.P11, k - a)) /
				(p.P22 - p.P11);
		}
		sq += d * d;
	}
	write_text(in_dir("hand.csv"), text, sizeof text - 1);
	config(&cfg, "error", sets);
	CHECK(run(&cfg, none, 1, 1, NULL, &gen, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(task_config_set(&cfg, "replay", in_dir("hand.csv"), &err) ==
	      E2L_OK, "%s", err.msg);
	CHECK(run(&cfg, none, 1, 1, NULL, &rep, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(rep.n == 1 && fabs(rep.values[0] + sqrt(sq)) < 1e-9 * sqrt(sq),
	      "by hand: %.17g, the kernels' closed form %.17g",
	      rep.n ? rep.values[0] : NAN, -sqrt(sq));
	CHECK(gen.n == 1 && rep.n == 1 && gen.values[0] != rep.values[0],
	      "the file's inputs score as the generated ones: %.17g",
	      gen.n ? gen.values[0] : NAN);
	task_result_free(&gen);
	task_result_free(&rep);
	task_config_free(&cfg);
}

/* ---- Malformed files --------------------------------------------------- */

typedef struct {
	const char *family;
	const char *text;       /* the file */
	e2l_status status;
	const char *msg;        /* %1$s: the file's path */
} bad_case;

/* Small tasks: every case that passes the checks runs quickly. */
static const char *const small_error[] = {
	"experiments", "2", "T", "100", "inputs", "3", NULL };
static const char *const small_reward[] = {
	"experiments", "1", "trials", "3", "patterns", "2", "inputs", "2",
	"T", "100", NULL };
static const char *const small_correlation[] = {
	"experiments", "1", "T", "500", "T_free", "500", "inputs", "2",
	"rate", "10", NULL };

#define H "experiment,kind,pattern,index,value\n"
#define TEACHERS(e) e ",teacher,,0,1\n" e ",teacher,,1,2\n" e ",teacher,,2,3\n"

static const bad_case bad_cases[] = {
	{ "error", "", E2L_ESYNTAX,
	  "%1$s: no header: expected 'experiment,kind,pattern,index,value'" },
	{ "error", "# inputs\nexperiment,kind,index,value\n", E2L_ESYNTAX,
	  "%1$s:2: expected the header 'experiment,kind,pattern,index,value'" },
	{ "error", H, E2L_EINVALID, "%1$s: no rows after the header" },
	{ "error", H "0,spike,,1\n", E2L_ESYNTAX,
	  "%1$s:2: 4 fields, expected 5 (experiment,kind,pattern,index,"
	  "value)" },
	{ "error", H TEACHERS("0") "x,spike,,1,2\n", E2L_ESYNTAX,
	  "%1$s:5: experiment 'x' is not a whole number from 0 to 99999" },
	{ "error", H "0,spikes,,1,2\n", E2L_ESYNTAX,
	  "%1$s:2: unknown kind 'spikes' for task family 'error' (kinds: "
	  "spike, teacher)" },
	{ "error", H "0,spike,,,2\n", E2L_ESYNTAX,
	  "%1$s:2: 'spike' rows need the input in the index column" },
	{ "error", H "0,spike,1,1,2\n", E2L_ESYNTAX,
	  "%1$s:2: 'spike' rows take no pattern: leave the column empty, not "
	  "'1'" },
	{ "error", H "0,spike,,-1,2\n", E2L_ESYNTAX,
	  "%1$s:2: input '-1' is not a whole number from 0" },
	{ "error", H "0,spike,,1,abc\n", E2L_EINVALID,
	  "%1$s:2: value 'abc' is not a number" },
	{ "error", H "0,teacher,,1,inf\n", E2L_EINVALID,
	  "%1$s:2: value 'inf' is not a finite number" },
	{ "error", H "0,spike,,1,-0.5\n", E2L_EINVALID,
	  "%1$s:2: time -0.5 ms is negative" },
	{ "error", H "0,spike,,1,4\n0,spike,,2,1\n0,spike,,1,3\n",
	  E2L_EINVALID, "%1$s:4: time 3 ms for input 1 in experiment 0 comes "
	  "after 4 ms on line 2: each input's times must not decrease" },
	{ "error", H "0,teacher,,0,1\n1,teacher,,0,1\n0,teacher,,0,2\n",
	  E2L_EINVALID, "%1$s:4: a second 'teacher' row for input 0 in "
	  "experiment 0 (the first is on line 2)" },
	{ "error", H TEACHERS("0") "0,spike,,3,1\n", E2L_EINVALID,
	  "%1$s:5: input 3 is out of range: the task has inputs = 3 (input 0 "
	  "to 2)" },
	{ "error", H TEACHERS("0") "0,spike,,2,99\n0,spike,,2,100.5\n",
	  E2L_EINVALID, "%1$s:6: time 100.5 ms is after the end of the run "
	  "at 100 ms" },
	{ "error", H TEACHERS("0") "1,teacher,,0,1\n1,teacher,,1,1\n",
	  E2L_EINVALID, "%1$s: experiment 1 has no 'teacher' row for input "
	  "2" },
	{ "error", H TEACHERS("0"), E2L_EINVALID,
	  "%1$s: holds 1 experiment, the run asks for 2 (set experiments = "
	  "1)" },
	{ "error", H TEACHERS("0") TEACHERS("1") TEACHERS("2"), E2L_EINVALID,
	  "%1$s:8: experiment 2 is beyond the 2 the run asks for "
	  "(experiments count from 0; set experiments = 3)" },
	{ "error", H "0,spike,,1,\n", E2L_ESYNTAX,
	  "%1$s:2: 'spike' row without a value" },
	{ "error", H "0,spike,,1,2\0\n", E2L_ESYNTAX,
	  "%1$s:2: a NUL byte in the text (is this a binary file?)" },
	{ "reward", H "0,label,0,,0\n", E2L_EINVALID,
	  "%1$s:2: 'label' value 0 is neither -1 nor 1" },
	{ "reward", H "0,trial,,0,1.5\n", E2L_EINVALID,
	  "%1$s:2: 'trial' value 1.5 is not a pattern (a whole number from "
	  "0)" },
	{ "reward", H "0,label,0,,1\n0,label,1,,-1\n0,trial,,0,0\n"
	  "0,trial,,1,2\n0,trial,,2,1\n0,noise,,,5\n", E2L_EINVALID,
	  "%1$s:5: pattern 2 is out of range: the task has patterns = 2 "
	  "(pattern 0 to 1)" },
	{ "reward", H "0,label,0,,1\n0,trial,,0,0\n0,trial,,1,1\n"
	  "0,trial,,2,1\n0,noise,,,5\n", E2L_EINVALID,
	  "%1$s: experiment 0 has no 'label' row for pattern 1" },
	{ "reward", H "0,noise,,,4294967296\n", E2L_EINVALID,
	  "%1$s:2: 'noise' value 4294967296 is not a whole number from 0 to "
	  "4294967295" },
	{ "reward", H "0,spike,,1,2\n", E2L_ESYNTAX,
	  "%1$s:2: 'spike' rows need the pattern in the pattern column" },
	{ "correlation", H "0,w0,,0,0.3\n0,w0,,1,0.3\n0,u0_free,,,1\n",
	  E2L_EINVALID, "%1$s: experiment 0 has no 'u0' row" },
	{ "correlation", H "0,u0,,1,0\n", E2L_ESYNTAX,
	  "%1$s:2: 'u0' rows take no index: leave the column empty, not "
	  "'1'" },
};

/* Sets the file of c on a small task and runs rule 0 on it. */
static e2l_status try_bad(const bad_case *c, size_t len, const char *path,
			  e2l_error *err)
{
	const char *const *sets = !strcmp(c->family, "error") ? small_error :
		!strcmp(c->family, "reward") ? small_reward :
		small_correlation;
	const char *zero[] = { "0", "0" };
	task_config cfg;
	task_result res;
	e2l_status st;

	write_text(path, c->text, len);
	config(&cfg, c->family, sets);
	st = task_config_set(&cfg, "replay", path, err);
	if (st == E2L_OK) {
		st = run(&cfg, zero, 1, 1, NULL, &res, err);
		task_result_free(&res);
	}
	task_config_free(&cfg);
	return st;
}

static void test_bad_files(void)
{
	const char *path = in_dir("bad.csv");
	char want[512], line[300];

	for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const bad_case *c = &bad_cases[i];
		/* The NUL case's length counts past its NUL. */
		size_t len = strlen(c->text);
		if (strstr(c->msg, "NUL"))
			len += 2;
		e2l_error err = { 0 };
		e2l_status st = try_bad(c, len, path, &err);
		snprintf(want, sizeof want, c->msg, path);
		CHECK(st == c->status && !strcmp(err.msg, want),
		      "case %zu: status %d (want %d)\n  got:  %s\n  want: %s",
		      i, st, c->status, err.msg, want);
	}

	/* A line over the limit, a directory, a missing file. */
	memset(line, 'x', sizeof line);
	memcpy(line, H, strlen(H));
	line[sizeof line - 1] = '\n';
	write_text(path, line, sizeof line);
	task_config cfg;
	e2l_error err;
	config(&cfg, "error", small_error);
	CHECK(task_config_set(&cfg, "replay", path, &err) == E2L_ELIMIT,
	      "long line: %s", err.msg);
	snprintf(want, sizeof want, "%s:2: line longer than 256 bytes", path);
	CHECK(!strcmp(err.msg, want), "long line: %s", err.msg);
	CHECK(task_config_set(&cfg, "replay", dir, &err) == E2L_EIO &&
	      strstr(err.msg, "is a directory"), "directory: %s", err.msg);
	CHECK(task_config_set(&cfg, "replay", in_dir("none.csv"), &err) ==
	      E2L_EIO && strstr(err.msg, "none.csv: No such file"),
	      "missing file: %s", err.msg);
	CHECK(cfg.replay == NULL && !cfg.texts[task_param_index(cfg.family,
							      "replay")],
	      "a refused file is not kept");
	task_config_free(&cfg);
}

/* ---- The parameter ------------------------------------------------------- */

static void test_parameter(void)
{
	static const char csv[] = H TEACHERS("0") "0,spike,,1,12.5\n";
	static const char task[] = "family = error\nexperiments = 1\n"
		"T = 100\ninputs = 3\nreplay = in.csv\n";
	static const char bad_task[] = "family = error\ninputs = 3\n"
		"replay = nothere.csv\n";
	char sub[4200], path[4300], want[8800], buf[64], *real;
	task_config cfg, copy;
	task_result a, b;
	e2l_error err;
	const char *eq7[] = { "(v - u)*s" };

	snprintf(sub, sizeof sub, "%s/sub", dir);
	CHECK(mkdir(sub, 0700) == 0, "mkdir %s", sub);
	snprintf(path, sizeof path, "%s/in.csv", sub);
	write_text(path, csv, sizeof csv - 1);
	snprintf(path, sizeof path, "%s/t.task", sub);
	write_text(path, task, sizeof task - 1);
	if (task_config_load(path, &cfg, &err) != E2L_OK) {
		CHECK(0, "task file with a replay: %s", err.msg);
		return;
	}
	int i = task_param_index(cfg.family, "replay");
	snprintf(want, sizeof want, "%s/in.csv", sub);
	CHECK(!strcmp(task_config_text(&cfg, i, 0, buf, sizeof buf), want),
	      "relative to the task file: %s", cfg.texts[i]);
	real = realpath(want, NULL);
	CHECK(real && !strcmp(task_config_text(&cfg, i, 1, buf, sizeof buf),
			      real), "written back: %s",
	      task_config_text(&cfg, i, 1, buf, sizeof buf));
	free(real);
	CHECK(!strcmp(task_config_text(&cfg, task_param_index(cfg.family,
		"T"), 1, buf, sizeof buf), "100"), "a number: %s", buf);

	/* A copy shares the file; a failed change keeps it. */
	task_config_copy(&copy, &cfg);
	CHECK(run(&copy, eq7, 1, 1, NULL, &a, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(task_config_set(&cfg, "replay", in_dir("none.csv"), &err) ==
	      E2L_EIO && cfg.replay && !strcmp(cfg.texts[i], want),
	      "a failed change: %s, kept %s", err.msg, cfg.texts[i]);
	CHECK(task_config_set(&cfg, "inputs", "2", &err) == E2L_EINVALID &&
	      task_get(&cfg, "inputs") == 3, "inputs below the file's: %s",
	      err.msg);
	task_config_free(&copy);
	CHECK(run(&cfg, eq7, 5, 1, NULL, &b, &err) == E2L_OK &&
	      same_values(&a, &b), "after the copy is gone: %s", err.msg);
	task_result_free(&b);
	/* Empty: generated again. */
	CHECK(task_config_set(&cfg, "replay", "", &err) == E2L_OK &&
	      !cfg.replay && !cfg.texts[i], "cleared: %s", err.msg);
	CHECK(run(&cfg, eq7, 1, 1, NULL, &b, &err) == E2L_OK &&
	      !same_values(&a, &b), "generated again: %s", err.msg);
	task_result_free(&a);
	task_result_free(&b);
	task_config_free(&cfg);

	/* A task file naming a missing file: its line, then the file. */
	snprintf(path, sizeof path, "%s/bad.task", sub);
	write_text(path, bad_task, sizeof bad_task - 1);
	CHECK(task_config_load(path, &cfg, &err) == E2L_EIO, "%s", err.msg);
	snprintf(want, sizeof want, "%s:3: replay = nothere.csv: "
		 "%s/nothere.csv: No such file or directory", path, sub);
	CHECK(!strcmp(err.msg, want), "\n  got:  %s\n  want: %s", err.msg,
	      want);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_bad_files();
	test_by_hand();
	test_parameter();
	test_round_trips();
	char cmd[4300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_done("test_replay");
}
