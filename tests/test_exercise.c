/*
 * test_exercise.c - exercise files and their check (src/tasks/exercise.c):
 * a good file with every key, where its task is found, every malformed
 * key or value with its message at PATH:LINE, unknown, duplicate and
 * missing keys; then verdicts on a small reward task: figures equal to
 * the validation experiments that `e2l validate` runs, the same on any
 * number of threads, pass and fail for each kind of goal, a forbidden
 * variable failing without a run, a rule of another family refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "e2l/exercise.h"

static char dir[] = "/tmp/e2l-test-exercise-XXXXXX";
static char *made[64];
static int nmade;

/* Writes dir/name (sub-folders exist); returns the path, removed at the
 * end. */
static const char *write_text(const char *name, const char *text)
{
	char *path = xmalloc(strlen(dir) + strlen(name) + 2);
	FILE *f;

	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(2);
	}
	if (nmade == (int)(sizeof made / sizeof *made)) {
		fprintf(stderr, "too many test files\n");
		exit(2);
	}
	made[nmade++] = path;
	return path;
}

/* A small reward task: a check takes a few milliseconds. */
#define TINY "family = reward\ntrials = 50\nh = 0.1\n"

static const char good[] =
	"# An exercise, as a teacher writes one\n"
	"title       = Reward needs a baseline   # shown first\n"
	"task        = tiny\n"
	"set         = eta = 0.5\n"
	"set         = trials=40\n"
	"goal        = beat\n"
	"baseline    = 0\n"
	"baseline_name = no plasticity\n"
	"alpha       = 0.01\n"
	"allowed     = R, x_1\n"
	"experiments = 6\n"
	"seed        = 18446744073709551615\n"
	"hint        = Subtract something from R.\n"
	"hint        = Try (R - 1)*E.\n";

static void test_good(void)
{
	exercise ex;
	e2l_error err = { 0 };
	const char *p = write_text("ex/good.exercise", good);
	e2l_status st = exercise_load(p, NULL, &ex, &err);

	CHECK(st == E2L_OK, "loads: %s", err.msg);
	if (st != E2L_OK)
		return;
	CHECK(!strcmp(ex.name, "good"), "name %s", ex.name);
	CHECK(!strcmp(ex.title, "Reward needs a baseline"), "%s", ex.title);
	CHECK(!strcmp(ex.task_name, "tiny"), "%s", ex.task_name);
	/* tasks/tiny.task next to the exercise's folder, then the sets. */
	CHECK(ex.task.family == task_family_find("reward"), "family");
	CHECK(!strcmp(ex.task.name, "tiny"), "task %s", ex.task.name);
	CHECK(task_get(&ex.task, "h") == 0.1, "from the task file");
	CHECK(task_get(&ex.task, "eta") == 0.5, "set with blanks");
	CHECK(task_get(&ex.task, "trials") == 40, "set without");
	CHECK(ex.goal == EXERCISE_BEAT, "goal");
	CHECK(ex.alpha == 0.01, "alpha %g", ex.alpha);
	CHECK(ex.has_baseline && !strcmp(ex.baseline.name, "no plasticity"),
	      "baseline");
	CHECK(!strcmp(ex.baseline_text, "0"), "%s", ex.baseline_text);
	CHECK(ex.allowed[0] && ex.allowed[1] && !ex.allowed[2],
	      "R and E (as x_1), not Rbar_plus");
	CHECK(ex.experiments == 6, "%d", ex.experiments);
	CHECK(ex.seed == UINT64_MAX, "the largest seed");
	CHECK(ex.hint && !strcmp(ex.hint, "Subtract something from R.\n"
				 "Try (R - 1)*E."), "hint %s", ex.hint);
	char goal[160];
	exercise_goal_text(&ex, goal, sizeof goal);
	CHECK(!strcmp(goal, "beat no plasticity: a positive mean paired "
		      "difference, paired p < 0.01"), "%s", goal);
	exercise_free(&ex);
	CHECK(!ex.path && !ex.title && !ex.allowed, "freed and zeroed");
	exercise_free(&ex);      /* twice is fine */
}

/* A finder that says where it was asked: the front end's lookup. */
static int finder_calls;
static e2l_status finder(const char *name, task_config *cfg, e2l_error *err)
{
	finder_calls++;
	if (strcmp(name, "elsewhere"))
		return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "no task '%s'", name);
	task_config_default(cfg, task_family_find("error"));
	return E2L_OK;
}

static void test_task_lookup(void)
{
	exercise ex;
	e2l_error err = { 0 };
	const char *base = "title = t\ngoal = fitness >= 1\nexperiments = 1\n"
		"seed = 1\n";
	char text[256];
	const char *p;

	/* A .task file beside the exercise. */
	snprintf(text, sizeof text, "%stask = ../tasks/tiny.task\n", base);
	p = write_text("ex/path.exercise", text);
	CHECK(exercise_load(p, NULL, &ex, &err) == E2L_OK, "%s", err.msg);
	CHECK(ex.task.family && task_get(&ex.task, "trials") == 50, "file");
	exercise_free(&ex);
	/* Not beside it: the finder, before the family names. */
	snprintf(text, sizeof text, "%stask = elsewhere\n", base);
	p = write_text("ex/finder.exercise", text);
	CHECK(exercise_load(p, finder, &ex, &err) == E2L_OK, "%s", err.msg);
	CHECK(finder_calls == 1 && ex.task.family == task_family_find("error"),
	      "the finder's task");
	exercise_free(&ex);
	snprintf(text, sizeof text, "%stask = reward\n", base);
	p = write_text("ex/family.exercise", text);
	CHECK(exercise_load(p, NULL, &ex, &err) == E2L_OK, "%s", err.msg);
	CHECK(ex.task.family == task_family_find("reward") &&
	      !strcmp(ex.task.name, "reward"), "a family's defaults");
	CHECK(ex.goal == EXERCISE_FITNESS && ex.target == 1, "fitness goal");
	CHECK(!ex.has_baseline && ex.hint == NULL, "no baseline, no hint");
	CHECK(ex.allowed[0] && ex.allowed[4], "every variable by default");
	exercise_free(&ex);
}

/* Each case: the file (after a good first line) and the message that
 * must follow "PATH:" in err->msg, and the status. */
static const struct {
	const char *text, *msg;
	e2l_status st;
} bad[] = {
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "experiments = 6\nseed = 1\ncolour = red\n",
	  ":7: unknown key 'colour' in an exercise (keys: title, task, set, "
	  "goal, baseline, baseline_name, alpha, tolerance, allowed, "
	  "experiments, seed, hint)", E2L_ESYNTAX },
	{ "title = t\ntask = reward\nexperiments = 6\nseed = 1\n",
	  ": missing 'goal' (goal = fitness >= NUMBER, beat or match)",
	  E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "experiments = 6\nseed = 1\ngoal = match\n",
	  ":7: duplicate 'goal' (first set on line 3)", E2L_ESYNTAX },
	{ "title = t\ntask reward\n", ":2: expected 'key = value'",
	  E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = fitness > 3\nexperiments = 6\n"
	  "seed = 1\n", ":3: goal = 'fitness > 3': expected 'fitness >= "
	  "NUMBER', 'beat' or 'match'", E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = fitness >= lots\n"
	  "experiments = 6\nseed = 1\n", ":3: goal: 'lots': not a number",
	  E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = beat\nexperiments = 6\n"
	  "seed = 1\n", ":3: goal = beat needs a baseline (baseline = "
	  "FORMULA, such as 0 for no plasticity)", E2L_EINVALID },
	{ "title = t\ntask = nosuch\ngoal = fitness >= 1\nexperiments = 6\n"
	  "seed = 1\n", ":2: task unknown task 'nosuch' (a task family, a "
	  "name in tasks/ or a .task file)", E2L_EUNKNOWN },
	{ "title = t\ntask = reward\nset = eta\ngoal = fitness >= 1\n"
	  "experiments = 6\nseed = 1\n", ":3: expected 'set = PARAMETER = "
	  "VALUE'", E2L_ESYNTAX },
	{ "title = t\ntask = reward\nset = eta = fast\ngoal = fitness >= 1\n"
	  "experiments = 6\nseed = 1\n", ":3: eta = 'fast' is not a number",
	  E2L_EINVALID },
	{ "title = t\ntask = reward\nset = experiments = 3\n"
	  "goal = fitness >= 1\nexperiments = 6\nseed = 1\n",
	  ":3: set experiments: not in an exercise (its `experiments` key "
	  "says how many)", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = fitness >= 1\n"
	  "experiments = 2.5\nseed = 1\n", ":4: experiments = 2.5: a whole "
	  "number 1 .. 1000", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = fitness >= 1\n"
	  "experiments = 4\nseed = -1\n", ":5: seed = '-1': not a whole "
	  "number 0 .. 18446744073709551615", E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = fitness >= 1\n"
	  "experiments = 4\nseed = 18446744073709551616\n",
	  ":5: seed = '18446744073709551616': above 18446744073709551615",
	  E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = fitness >= 1\n"
	  "experiments = 4\nseed = 1\nallowed = R, v\n",
	  ":6: allowed: 'v' is not a variable of task family 'reward' (it "
	  "has R, E, Rbar_plus, Rbar_minus, Rbar)", E2L_EUNKNOWN },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = (R - 1\n"
	  "experiments = 6\nseed = 1\n", ":4:18: baseline: incomplete "
	  "formula: expected ')' after '(R - 1'", E2L_INCOMPLETE },
	{ "title = t\ntask = correlation\ngoal = beat\nbaseline = k ; w + q\n"
	  "experiments = 6\nseed = 1\n", ":4:20: baseline: depress: formula "
	  "uses 'q', which task family 'correlation' does not have (it has "
	  "w, k)", E2L_EUNKNOWN },
	{ "title = t\ntask = correlation\ngoal = beat\nbaseline = k +* ; w\n"
	  "experiments = 6\nseed = 1\n", ":4:15: baseline: facilitate: "
	  "expected a number, a name or '(', found '*'", E2L_ESYNTAX },
	{ "title = t\ntask = correlation\ngoal = beat\nbaseline = k\n"
	  "experiments = 6\nseed = 1\n", ":4: baseline: task family "
	  "'correlation' takes a pair: 'facilitate ; depress'", E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = k ; w\n"
	  "experiments = 6\nseed = 1\n", ":4: baseline: one formula (task "
	  "family 'reward' has no pair)", E2L_ESYNTAX },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "alpha = 2\nexperiments = 6\nseed = 1\n", ":5: alpha = 2: "
	  "between 0 and 1, or none", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "tolerance = 2\nexperiments = 6\nseed = 1\n", ":5: tolerance is "
	  "for goal = match", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = match\nbaseline = 0\n"
	  "tolerance = -1\nexperiments = 6\nseed = 1\n", ":5: tolerance = "
	  "-1: at least 0", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "experiments = 4\nseed = 1\n", ":5: experiments = 4: a paired "
	  "test needs at least 5", E2L_EINVALID },
	{ "title = t\ntask = reward\ngoal = beat\nbaseline = 0\n"
	  "alpha = none\nexperiments = 1\nseed = 1\n", ":6: experiments = 1: "
	  "a comparison with the baseline needs at least 2", E2L_EINVALID },
};

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[32], want[400];
		exercise ex;
		e2l_error err = { 0 };

		snprintf(name, sizeof name, "ex/bad%zu.exercise", i);
		const char *p = write_text(name, bad[i].text);
		e2l_status st = exercise_load(p, NULL, &ex, &err);
		snprintf(want, sizeof want, "%s%s", p, bad[i].msg);
		CHECK(st == bad[i].st, "case %zu: status %d, not %d (%s)", i,
		      st, bad[i].st, err.msg);
		CHECK(!strcmp(err.msg, want), "case %zu:\n  got  %s\n  want %s",
		      i, err.msg, want);
		CHECK(!ex.path && !ex.task.family && !ex.allowed,
		      "case %zu: left zeroed", i);
	}
	/* A missing file is an I/O error naming it. */
	exercise ex;
	e2l_error err = { 0 };
	char missing[128];
	snprintf(missing, sizeof missing, "%s/ex/none.exercise", dir);
	CHECK(exercise_load(missing, NULL, &ex, &err) == E2L_EIO, "%s",
	      err.msg);
	CHECK(!strncmp(err.msg, missing, strlen(missing)), "%s", err.msg);
	/* Not a regular file: refused at once, never read (a FIFO would
	 * hang a reader that waited for it). */
	snprintf(missing, sizeof missing, "%s/ex", dir);
	CHECK(exercise_load(missing, NULL, &ex, &err) == E2L_EIO,
	      "a folder: %s", err.msg);
	/* A line beyond the bound, and a byte that is not text, at their
	 * lines. */
	char *long_line = xmalloc(5000 + 32);
	memset(long_line, 'x', 5000);
	strcpy(long_line + 5000, " = 1\n");
	char *text = xmalloc(5100);
	snprintf(text, 5100, "title = t\n%s", long_line);
	const char *p = write_text("ex/long.exercise", text);
	CHECK(exercise_load(p, NULL, &ex, &err) == E2L_ELIMIT, "%s", err.msg);
	char want[256];
	snprintf(want, sizeof want, "%s:2: line longer than 4096 bytes", p);
	CHECK(!strcmp(err.msg, want), "%s", err.msg);
	free(long_line);
	free(text);
	p = write_text("ex/ctl.exercise", "title = t\ntask = re\x01ward\n");
	CHECK(exercise_load(p, NULL, &ex, &err) == E2L_ESYNTAX, "%s", err.msg);
	snprintf(want, sizeof want, "%s:2: byte 0x01 in column 10: not a "
		 "text file", p);
	CHECK(!strcmp(err.msg, want), "%s", err.msg);
}

static task_rule rule_of(const exercise *ex, const char *text)
{
	task_rule r;
	e2l_error err;
	const char *texts[] = { text };

	if (task_rule_parse(&r, ex->task.family, texts, NULL, &err) !=
	    E2L_OK) {
		fprintf(stderr, "%s: %s\n", text, err.msg);
		exit(2);
	}
	return r;
}

static void load_or_die(const char *name, const char *text, exercise *ex)
{
	e2l_error err;
	if (exercise_load(write_text(name, text), NULL, ex, &err) != E2L_OK) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		exit(2);
	}
}

static void test_check(void)
{
	exercise beat, fit, match;
	char goal[160];
	exercise_result r, again;
	e2l_error err = { 0 };

	load_or_die("ex/beat.exercise", "title = t\ntask = tiny\ngoal = beat\n"
		    "baseline = 0\nallowed = R, E\nexperiments = 6\n"
		    "seed = 7\n", &beat);
	task_rule lr0 = rule_of(&beat, "(R - 1)*E");
	task_rule none = rule_of(&beat, "0");
	task_rule lr1 = rule_of(&beat, "(R - Rbar)*E");

	/* The figures are the validation experiments' (seed ^ salt), the
	 * baseline's on the same ones, and the paired statistics. */
	CHECK(exercise_check(&beat, &lr0, &r, &err) == E2L_OK, "%s", err.msg);
	task_result direct;
	task_options o = { .seed = 7 ^ TASK_VALIDATION_SALT,
			   .experiments = 6 };
	CHECK(task_evaluate(&beat.task, &lr0, &o, &direct, &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(r.rule_res.n == 6 && direct.n == 6, "6 experiments");
	for (int k = 0; k < 6 && k < r.rule_res.n; k++)
		CHECK(r.rule_res.values[k] == direct.values[k],
		      "experiment %d: %g, validate %g", k,
		      r.rule_res.values[k], direct.values[k]);
	CHECK(r.value == r.rule_summary.mean && r.value == direct.mean,
	      "the mean %g", r.value);
	task_result_free(&direct);
	CHECK(r.pass && r.cmp.diff_mean > 0 && r.cmp.p_paired < 0.05,
	      "LR0 beats no plasticity: %s", r.reason);
	CHECK(r.baseline == r.baseline_summary.mean && r.goal == r.baseline,
	      "baseline %g goal %g", r.baseline, r.goal);
	CHECK(!strncmp(r.reason, "above 0 by ", 11), "%s", r.reason);
	/* Bit for bit on one thread as on two. */
	task_options one = { .threads = 1, .seed = 99, .experiments = 1 };
	CHECK(exercise_check_with(&beat, &lr0, &one, &again, &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(again.rule_res.n == 6, "the exercise's count, not run's");
	CHECK(again.value == r.value && again.cmp.p_paired == r.cmp.p_paired,
	      "same figures: %.17g %.17g", again.value, r.value);
	exercise_result_free(&again);
	exercise_result_free(&r);
	CHECK(r.rule_res.values == NULL && isnan(r.value), "freed");

	CHECK(exercise_check(&beat, &none, &r, &err) == E2L_OK, "%s", err.msg);
	CHECK(!r.pass && r.cmp.diff_mean == 0, "0 does not beat 0: %s",
	      r.reason);
	CHECK(!strcmp(r.reason, "not above 0: mean paired difference 0"),
	      "%s", r.reason);
	exercise_result_free(&r);

	/* Rbar is not allowed: a verdict, without a run. */
	CHECK(exercise_check(&beat, &lr1, &r, &err) == E2L_OK, "%s", err.msg);
	CHECK(!r.pass && r.forbidden && !strcmp(r.forbidden, "Rbar"),
	      "forbidden %s", r.forbidden ? r.forbidden : "(none)");
	CHECK(r.rule_res.n == 0 && isnan(r.value), "nothing ran");
	CHECK(!strcmp(r.reason, "the rule uses 'Rbar', which this exercise "
		      "does not allow (allowed: R, E)"), "%s", r.reason);
	exercise_result_free(&r);

	/* A fitness goal, and its figures. */
	load_or_die("ex/fit.exercise", "title = t\ntask = tiny\n"
		    "goal = fitness >= 6\nexperiments = 6\nseed = 7\n", &fit);
	CHECK(exercise_check(&fit, &lr0, &r, &err) == E2L_OK, "%s", err.msg);
	CHECK(r.pass == (r.value >= 6) && r.goal == 6 && isnan(r.baseline),
	      "%g against 6: %s", r.value, r.reason);
	CHECK(r.pass, "LR0 reaches 6 on the tiny task: %s", r.reason);
	exercise_result_free(&r);
	CHECK(exercise_check(&fit, &none, &r, &err) == E2L_OK, "%s", err.msg);
	CHECK(!r.pass && strstr(r.reason, "is below 6"), "%s", r.reason);
	exercise_result_free(&r);

	/* Match: within the tolerance of the baseline, LR0 itself. */
	load_or_die("ex/match.exercise", "title = t\ntask = tiny\n"
		    "goal = match\nbaseline = (R - 1)*E\ntolerance = 0.5\n"
		    "experiments = 6\nseed = 7\n", &match);
	CHECK(exercise_check(&match, &lr0, &r, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(r.pass && r.cmp.diff_mean == 0 && r.goal == r.baseline - 0.5,
	      "the baseline matches itself: %s", r.reason);
	exercise_result_free(&r);
	CHECK(exercise_check(&match, &none, &r, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(!r.pass && strstr(r.reason, "at most 0.5 below passes"), "%s",
	      r.reason);
	exercise_result_free(&r);
	match.tolerance = 0;
	exercise_goal_text(&match, goal, sizeof goal);
	CHECK(!strcmp(goal, "match (R - 1)*E: mean paired difference >= 0"),
	      "no -0: %s", goal);

	/* A rule of another family is an error, not a verdict. */
	const char *texts[] = { "(v - u)*s" };
	task_rule delta;
	CHECK(task_rule_parse(&delta, task_family_find("error"), texts, NULL,
			      &err) == E2L_OK, "%s", err.msg);
	CHECK(exercise_check(&beat, &delta, &r, &err) == E2L_EINVALID,
	      "another family");
	CHECK(!strcmp(err.msg, "rule '(v - u)*s' is for task family 'error'; "
		      "exercise 'beat' is for 'reward'"), "%s", err.msg);
	exercise_result_free(&r);

	task_rule_free(&delta);
	task_rule_free(&lr0);
	task_rule_free(&none);
	task_rule_free(&lr1);
	exercise_free(&beat);
	exercise_free(&fit);
	exercise_free(&match);
}

int main(void)
{
	char sub[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(sub, sizeof sub, "%s/ex", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/tasks", dir);
	mkdir(sub, 0700);
	write_text("tasks/tiny.task", TINY);
	test_good();
	test_task_lookup();
	test_bad();
	test_check();
	for (int i = nmade - 1; i >= 0; i--) {
		remove(made[i]);
		free(made[i]);
	}
	snprintf(sub, sizeof sub, "%s/ex", dir);
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/tasks", dir);
	rmdir(sub);
	rmdir(dir);
	return check_done("test_exercise");
}
