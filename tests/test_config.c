/*
 * test_config.c - task files and rule files (src/tasks/config.c): the
 * defaults, values of every kind, every error with its exact message and
 * place, the x_0, x_1, ... aliases in rules, and files that are not text
 * at all.  Two made-up families stand in for the real registry, so the
 * test does not change when a real family gains a parameter.
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "e2l/task.h"

static const task_param demo_params[] = {
	{ "eta", 0.01, "1/s", 0, 1000, 0, NULL, "learning rate" },
	{ "trials", 100, "", 1, 10000, 1, NULL, "trials per experiment" },
	{ "mode", 0, "", 0, 1, 1, "fixed|random", "how inputs are drawn" },
	{ "tau_m", 20, "ms", 0.1, 1000, 0, NULL, "membrane time constant" },
	{ "offset", -1, "mV", -100, 100, 0, NULL, "may be negative" },
};
static const char *const demo_vars[] = { "R", "E" };
static const char *const demo_formulas[] = { "formula" };
static const task_family demo = {
	.name = "demo", .summary = "a one-formula family",
	.params = demo_params, .nparams = 5,
	.vars = demo_vars, .nvars = 2,
	.formulas = demo_formulas, .nformulas = 1,
};

static const task_param pair_params[] = {
	{ "rate", 10, "Hz", 0, 100, 0, NULL, "input rate" },
	{ "lo", 1, "ms", 0, 100, 0, NULL, "start of a window" },
	{ "hi", 2, "ms", 0, 100, 0, NULL, "end of the window" },
	{ "h", 0.1, "ms", 1e-9, 1, 0, NULL, "step" },
	{ "tau_a", 5, "ms", 1, 100, 0, NULL, "a time constant" },
	{ "tau_b", 10, "ms", 1, 100, 0, NULL, "another" },
	{ "gate", 0, "", 0, 1, 0, "shut|open", "whether input passes" },
};
static const char *const pair_vars[] = { "w", "k" };
static const char *const pair_formulas[] = { "facilitate", "depress" };

/* A computed constraint, and one that holds only for one choice of a
 * parameter: with the gate open, something must pass. */
static int pair_passes(const task_config *cfg, char *msg, size_t size)
{
	if (task_get(cfg, "gate") == 0 ||
	    task_get(cfg, "rate") * task_get(cfg, "hi") > 0)
		return 1;
	snprintf(msg, size, "rate = %g Hz: nothing passes the open gate",
		 task_get(cfg, "rate"));
	return 0;
}

/* One constraint of every kind, each satisfied by the defaults. */
static const task_constraint pair_constraints[] = {
	{ { "lo", "hi" }, TASK_LE, "the window's ends", NULL },
	{ { "h", "hi" }, TASK_LT, NULL, NULL },
	{ { "lo", "h" }, TASK_GE, "a window holds a step", NULL },
	{ { "tau_a", "tau_b" }, TASK_NE, "a divisor", NULL },
	{ { "hi", "h" }, TASK_STEPS, NULL, NULL },
	{ { "rate", "hi", "gate" }, TASK_TEST, NULL, pair_passes },
};

static const task_family pair = {
	.name = "pair", .summary = "a two-formula family",
	.params = pair_params, .nparams = 7,
	.vars = pair_vars, .nvars = 2,
	.formulas = pair_formulas, .nformulas = 2,
	.constraints = pair_constraints, .nconstraints = 6,
};

const task_family *const task_families[] = { &demo, &pair, NULL };

static char dir[] = "/tmp/e2l-test-config-XXXXXX";
static char *made[128];
static int nmade;

/* Writes n bytes to dir/name, once per name; returns the path (owned
 * here, removed at the end). */
static const char *write_bytes(const char *name, const char *data, size_t n)
{
	char *path = xmalloc(strlen(dir) + strlen(name) + 2);
	FILE *f;

	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f)) {
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

static const char *write_text(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* The message an error should carry, with the file's path in front. */
static const char *at(const char *path, const char *rest)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s%s", path, rest);
	return buf;
}

static int zeroed_config(const task_config *c)
{
	return !c->family && !c->values && !c->name && !c->path;
}

static int zeroed_rule(const task_rule *r)
{
	return !r->family && !r->name && !r->source && !r->arena &&
		!r->formula[0] && !r->formula[1] && !r->program[0] &&
		!r->program[1];
}

static void test_lookup(void)
{
	CHECK(task_family_find("demo") == &demo, "demo found");
	CHECK(task_family_find("pair") == &pair, "pair found");
	CHECK(task_family_find("dem") == NULL, "no prefix match");
	CHECK(task_family_find("") == NULL, "empty name");
	CHECK(task_param_index(&demo, "eta") == 0, "eta");
	CHECK(task_param_index(&demo, "offset") == 4, "last parameter");
	CHECK(task_param_index(&demo, "ETA") == -1, "case matters");
	CHECK(task_param_index(&pair, "eta") == -1, "other family's");
}

static void test_defaults(void)
{
	task_config c;

	task_config_default(&c, &demo);
	CHECK(c.family == &demo, "family");
	CHECK(!strcmp(c.name, "demo"), "name '%s'", c.name);
	CHECK(c.path == NULL, "no path");
	for (int i = 0; i < demo.nparams; i++)
		CHECK(c.values[i] == demo_params[i].def, "default of %s",
		      demo_params[i].name);
	CHECK(task_get(&c, "tau_m") == 20, "task_get");
	CHECK(task_get(&c, "offset") == -1, "negative default");
	task_config_free(&c);
	CHECK(zeroed_config(&c), "freed and zeroed");
	task_config_free(&c);   /* a zeroed struct may be freed again */
}

/* Exact text is the shortest decimal that reads back to the same double:
 * task files say h = 0.1, not 0.10000000000000001. */
static void test_value_text(void)
{
	static const double vals[] = { 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-9,
				       0.1 + 0.2, 5e-324, 1.7976931348623157e308,
				       -0.01, 123456789012345678.0, 100 };
	char buf[40];

	task_value_text(&pair_params[3], 0.1, 1, buf, sizeof buf);
	CHECK(!strcmp(buf, "0.1"), "h = 0.1 exactly: '%s'", buf);
	task_value_text(&pair_params[3], 0.1 + 0.2, 1, buf, sizeof buf);
	CHECK(!strcmp(buf, "0.30000000000000004"), "0.1 + 0.2: '%s'", buf);
	task_value_text(&demo_params[1], 100, 1, buf, sizeof buf);
	CHECK(!strcmp(buf, "100"), "whole: '%s'", buf);
	for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
		task_value_text(&pair_params[3], vals[i], 1, buf, sizeof buf);
		CHECK(strtod(buf, NULL) == vals[i], "%.17g read back from %s",
		      vals[i], buf);
	}
}

static void test_load(void)
{
	task_config c;
	e2l_error err = { 0 };
	const char *p = write_text("my run.task",
		"# a task file, as people write them\n"
		"\n"
		"  family   =   demo   # the family\n"
		"eta=0.5\n"
		"\ttrials\t=\t250\t\n"
		"mode = random\n"
		"offset = -2.5e1 # mV, negative and with an exponent\n"
		"tau_m = 1.5\r\n"
		"   # an indented comment\n"
		"      \n");
	e2l_status st = task_config_load(p, &c, &err);

	CHECK(st == E2L_OK, "loads: %s", err.msg);
	if (st != E2L_OK)
		return;
	CHECK(c.family == &demo, "family");
	CHECK(!strcmp(c.name, "my run"), "name is the stem: '%s'", c.name);
	CHECK(!strcmp(c.path, p), "path '%s'", c.path);
	CHECK(task_get(&c, "eta") == 0.5, "eta %g", task_get(&c, "eta"));
	CHECK(task_get(&c, "trials") == 250, "trials");
	CHECK(task_get(&c, "mode") == 1, "mode is the word's index");
	CHECK(task_get(&c, "offset") == -25, "offset %g",
	      task_get(&c, "offset"));
	CHECK(task_get(&c, "tau_m") == 1.5, "CR LF line ending");
	task_config_free(&c);
	CHECK(zeroed_config(&c), "zeroed");

	/* Only the family line: every value is the default. */
	p = write_text("bare", "family = pair\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && c.family == &pair && c.values[0] == 10 &&
	      !strcmp(c.name, "bare"), "family only: %s", err.msg);
	task_config_free(&c);

	/* A constraint that holds only while the gate is open. */
	p = write_text("shut.task", "family = pair\nrate = 0\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && c.values[0] == 0, "gate shut, rate 0: %s",
	      err.msg);
	task_config_free(&c);
	/* Ends of a range set in either order, equal ends, the bound of a
	 * relation itself. */
	p = write_text("order.task", "family = pair\nlo = 50\nhi = 60\n"
		       "h = 1e-6\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && task_get(&c, "lo") == 50, "lo before hi: %s",
	      err.msg);
	task_config_free(&c);
	p = write_text("equal.task", "family = pair\nlo = 0.1\nhi = 0.1\n"
		       "h = 0.01\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK, "lo = hi, lo = 10 h: %s", err.msg);
	task_config_free(&c);
	p = write_text("steps.task", "family = pair\nh = 1e-7\nlo = 1e-7\n"
		       "hi = 100\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK, "exactly 1e9 steps: %s", err.msg);
	task_config_free(&c);

	/* A byte order mark (Windows editors write one) is not text. */
	p = write_text("bom.task", "\xef\xbb\xbf" "family = demo\neta = 0.5\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && task_get(&c, "eta") == 0.5, "BOM: %s", err.msg);
	task_config_free(&c);

	/* No newline at the end; the bounds of a range are inside it. */
	p = write_text("edge.task", "family = demo\neta = 1000\ntrials = 1");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && c.values[0] == 1000 && c.values[1] == 1,
	      "range bounds, last line without newline: %s", err.msg);
	task_config_free(&c);
}

/* A file with one thing wrong, and the error it must give. */
static const struct {
	const char *text;
	e2l_status st;
	int line, col;
	const char *msg;        /* after the path */
} bad_configs[] = {
	{ "family = demo\neta = 0.1\netaa = 0.2\n", E2L_ESYNTAX, 3, 1,
	  ":3: unknown parameter 'etaa' for task family 'demo' "
	  "(did you mean 'eta'?)" },
	{ "family = demo\n  Tau_M = 3\n", E2L_ESYNTAX, 2, 3,
	  ":2: unknown parameter 'Tau_M' for task family 'demo' "
	  "(did you mean 'tau_m'?)" },
	{ "family = demo\ngamma = 3\n", E2L_ESYNTAX, 2, 1,
	  ":2: unknown parameter 'gamma' for task family 'demo' "
	  "(see 'e2l tasks show demo')" },
	{ "family = demo\n\neta 0.5\n", E2L_ESYNTAX, 3, 1,
	  ":3: expected 'key = value'" },
	{ "family = demo\n = 0.5\n", E2L_ESYNTAX, 2, 2,
	  ":2: expected 'key = value'" },
	{ "family = demo\neta =   # nothing\n", E2L_ESYNTAX, 2, 6,
	  ":2: expected a value after 'eta ='" },
	{ "family = demo\neta = 0.1\n# again:\neta = 0.2\n", E2L_ESYNTAX, 4,
	  1, ":4: duplicate 'eta' (first set on line 2)" },
	{ "family = demo\nfamily = pair\n", E2L_ESYNTAX, 2, 1,
	  ":2: duplicate 'family' (first set on line 1)" },
	{ "family = demo\n\n\neta = abc\n", E2L_EINVALID, 4, 7,
	  ":4: eta = 'abc' is not a number" },
	{ "family = demo\n\n\neta = 1e9\n", E2L_EINVALID, 4, 7,
	  ":4: eta = 1e9 is out of range [0, 1000] (1/s)" },
	{ "family = demo\noffset = -100.5\n", E2L_EINVALID, 2, 10,
	  ":2: offset = -100.5 is out of range [-100, 100] (mV)" },
	{ "family = demo\ntrials = 0\n", E2L_EINVALID, 2, 10,
	  ":2: trials = 0 is out of range [1, 10000]" },
	{ "family = demo\ntrials = 2.5\n", E2L_EINVALID, 2, 10,
	  ":2: trials = 2.5 is not a whole number" },
	{ "family = demo\nmode = fix\n", E2L_EINVALID, 2, 8,
	  ":2: mode = 'fix' is not one of fixed, random "
	  "(did you mean 'fixed'?)" },
	{ "family = demo\nmode = 1\n", E2L_EINVALID, 2, 8,
	  ":2: mode = '1' is not one of fixed, random" },
	/* Numbers: the reason, and the column of a stray byte. */
	{ "family = demo\neta = 0.5x\n", E2L_EINVALID, 2, 10,
	  ":2: eta = '0.5x' is not a number: unexpected 'x' after 0.5" },
	{ "family = demo\neta = 0.5 0.6\n", E2L_EINVALID, 2, 10,
	  ":2: eta = '0.5 0.6' is not a number: unexpected ' 0.6' after 0.5" },
	{ "family = demo\ntau_m = 10 ms\n", E2L_EINVALID, 2, 11,
	  ":2: tau_m = '10 ms' is not a number: unexpected ' ms' after 10 "
	  "(write the number alone: the unit is implied)" },
	{ "family = demo\neta = nan\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 'nan' is not a finite number" },
	{ "family = demo\neta = -NaN\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '-NaN' is not a finite number" },
	{ "family = demo\neta = nan(0x1)\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 'nan(0x1)' is not a finite number" },
	{ "family = demo\neta = information\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 'information' is not a number" },
	{ "family = demo\neta = inf\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 'inf' is not a finite number" },
	{ "family = demo\neta = +Infinity\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '+Infinity' is not a finite number" },
	{ "family = demo\neta = 0x10\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '0x10' is not a decimal number (hexadecimal is not "
	  "accepted)" },
	{ "family = demo\neta = -0X1p3\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '-0X1p3' is not a decimal number (hexadecimal is not "
	  "accepted)" },
	{ "family = demo\neta = 1e\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '1e' is not a number: its exponent has no digits" },
	{ "family = demo\neta = 1e+\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '1e+' is not a number: its exponent has no digits" },
	{ "family = demo\neta = .\n", E2L_EINVALID, 2, 7,
	  ":2: eta = '.' is not a number" },
	{ "family = demo\neta = 1e999\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 1e999 is too large for a number (beyond 1.8e+308); the "
	  "range is [0, 1000] (1/s)" },
	/* Underflow: strtod would give 0 (or a subnormal) with ERANGE. */
	{ "family = demo\neta = 1e-999999999\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 1e-999999999 is too small to hold (below 2.2e-308 it "
	  "would become 0 or lose digits); write 0 for zero" },
	{ "family = demo\neta = 0.0001e-320\n", E2L_EINVALID, 2, 7,
	  ":2: eta = 0.0001e-320 is too small to hold (below 2.2e-308 it "
	  "would become 0 or lose digits); write 0 for zero" },
	{ "family = demo\n\neta = 1e-310\n", E2L_EINVALID, 3, 7,
	  ":3: eta = 1e-310 is too small to hold (below 2.2e-308 it would "
	  "become 0 or lose digits); write 0 for zero" },
	{ "family = demo\noffset = -1e-400\n", E2L_EINVALID, 2, 10,
	  ":2: offset = -1e-400 is too small to hold (below 2.2e-308 it "
	  "would become 0 or lose digits); write 0 for zero" },
	/* Parameters that contradict each other: the error sits on the
	 * line that set the last of those the constraint names. */
	{ "family = pair\nlo = 5\nhi = 3\n", E2L_EINVALID, 3, 1,
	  ":3: lo = 5 ms is above hi = 3 ms: lo must be at most hi (the "
	  "window's ends)" },
	{ "family = pair\nhi = 3\n# then\n  lo = 5\n", E2L_EINVALID, 4, 3,
	  ":4: lo = 5 ms is above hi = 3 ms: lo must be at most hi (the "
	  "window's ends)" },
	{ "family = pair\nrate = 20\nlo = 50 # hi is 2 by default\n",
	  E2L_EINVALID, 3, 1,
	  ":3: lo = 50 ms is above hi = 2 ms: lo must be at most hi (the "
	  "window's ends)" },
	{ "family = pair\nh = 1\nhi = 0.5\nlo = 0.2\n", E2L_EINVALID, 3, 1,
	  ":3: h = 1 ms is not below hi = 0.5 ms: h must be less than hi" },
	{ "family = pair\nlo = 0.05\n", E2L_EINVALID, 2, 1,
	  ":2: lo = 0.05 ms is below h = 0.1 ms: lo must be at least h (a "
	  "window holds a step)" },
	{ "family = pair\ntau_b = 5\n", E2L_EINVALID, 2, 1,
	  ":2: tau_a = 5 ms is equal to tau_b = 5 ms: they must differ by "
	  "more than a millionth (a divisor)" },
	{ "family = pair\ntau_b = 5.000001\n", E2L_EINVALID, 2, 1,
	  ":2: tau_a = 5 ms is too close to tau_b = 5 ms: they must differ "
	  "by more than a millionth (a divisor)" },
	{ "family = pair\nh = 1e-8\nlo = 1e-8\nhi = 100\n", E2L_EINVALID,
	  4, 1, ":4: hi = 100 ms is 1e+10 steps of h = 1e-08 ms, more than "
	  "1e+09: hi must be at most 10 ms" },
	{ "family = pair\ngate = open\nrate = 0\n", E2L_EINVALID, 3, 1,
	  ":3: rate = 0 Hz: nothing passes the open gate" },
	{ "# comment\neta = 0.5\nfamily = demo\n", E2L_ESYNTAX, 2, 1,
	  ":2: expected 'family = NAME' before 'eta'" },
	{ "family = dmeo\n", E2L_EUNKNOWN, 1, 10,
	  ":1: unknown task family 'dmeo' (did you mean 'demo'? "
	  "families: demo, pair)" },
	{ "family = correlation\n", E2L_EUNKNOWN, 1, 10,
	  ":1: unknown task family 'correlation' (families: demo, pair)" },
	{ "# nothing but comments\n\n", E2L_ESYNTAX, 0, 0,
	  ": empty task file: expected 'family = NAME'" },
	{ "", E2L_ESYNTAX, 0, 0,
	  ": empty task file: expected 'family = NAME'" },
};

static void test_load_errors(void)
{
	for (size_t i = 0; i < sizeof bad_configs / sizeof *bad_configs; i++) {
		char name[32];
		task_config c;
		e2l_error err = { 0 };
		const char *p, *want;
		e2l_status st;

		snprintf(name, sizeof name, "bad%zu.task", i);
		p = write_text(name, bad_configs[i].text);
		st = task_config_load(p, &c, &err);
		want = at(p, bad_configs[i].msg);
		CHECK(st == bad_configs[i].st && err.status == st,
		      "case %zu: status %d", i, st);
		CHECK(err.line == bad_configs[i].line &&
		      err.col == bad_configs[i].col,
		      "case %zu: place %d:%d, want %d:%d", i, err.line, err.col,
		      bad_configs[i].line, bad_configs[i].col);
		CHECK(!strcmp(err.msg, want),
		      "case %zu:\n  got  '%s'\n  want '%s'", i, err.msg, want);
		CHECK(zeroed_config(&c), "case %zu: config left zeroed", i);
	}
}

static void test_io_errors(void)
{
	task_config c;
	task_rule r;
	e2l_error err = { 0 };
	char path[128];
	e2l_status st;

	snprintf(path, sizeof path, "%s/missing.task", dir);
	st = task_config_load(path, &c, &err);
	CHECK(st == E2L_EIO, "missing file: %d", st);
	CHECK(!strcmp(err.msg, at(path, ": No such file or directory")),
	      "'%s'", err.msg);
	CHECK(err.line == 0 && zeroed_config(&c), "no place, zeroed");

	/* A directory opens but cannot be read. */
	st = task_config_load(dir, &c, &err);
	CHECK(st == E2L_EIO && !strcmp(err.msg, at(dir, ": is a directory, "
					       "not a file")),
	      "directory: %d '%s'", st, err.msg);
	CHECK(zeroed_config(&c), "zeroed");

	/* A device would never end, a FIFO would block until a writer
	 * came: both are refused at once.  The alarm turns a hang (the
	 * bug) into a failure. */
	alarm(30);
	st = task_config_load("/dev/zero", &c, &err);
	CHECK(st == E2L_EIO && !strcmp(err.msg, "/dev/zero: not a regular "
				       "file (a device, FIFO or socket)"),
	      "/dev/zero: %d '%s'", st, err.msg);
	CHECK(zeroed_config(&c), "zeroed");
	snprintf(path, sizeof path, "%s/fifo.task", dir);
	if (mkfifo(path, 0600) != 0) {
		CHECK(0, "mkfifo %s", path);
	} else {
		st = task_config_load(path, &c, &err);
		CHECK(st == E2L_EIO && !strcmp(err.msg, at(path, ": not a "
			"regular file (a device, FIFO or socket)")),
		      "FIFO: %d '%s'", st, err.msg);
		CHECK(zeroed_config(&c), "zeroed");
		st = task_rule_load(path, &r, &err);
		CHECK(st == E2L_EIO && zeroed_rule(&r), "FIFO rule: %d '%s'",
		      st, err.msg);
		remove(path);
	}
	alarm(0);
	snprintf(path, sizeof path, "%s/missing.task", dir);

	st = task_rule_load(path, &r, &err);
	CHECK(st == E2L_EIO &&
	      !strcmp(err.msg, at(path, ": No such file or directory")),
	      "missing rule file: %d '%s'", st, err.msg);
	CHECK(zeroed_rule(&r), "rule zeroed");
}

/* Bytes that are not text, and lines too long to be meant: errors with
 * a place, never a crash or a silently truncated value. */
static void test_not_text(void)
{
	static const char nul[] = "family = demo\neta = 0.5\0 1\n";
	static const char nul_rule[] = "task = demo\n\nformula = R\0E\n";
	char garbage[3000], *longline;
	unsigned x = 12345;
	task_config c;
	task_rule r;
	e2l_error err = { 0 };
	const char *p;
	e2l_status st;
	size_t n;

	p = write_bytes("nul.task", nul, sizeof nul - 1);
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_ESYNTAX && err.line == 2,
	      "NUL: %d %d:%d '%s'", st, err.line, err.col, err.msg);
	CHECK(!strcmp(err.msg, at(p, ":2: a NUL byte in the text (is this a "
				  "binary file?)")), "'%s'", err.msg);
	CHECK(zeroed_config(&c), "zeroed");
	p = write_bytes("nul.rule", nul_rule, sizeof nul_rule - 1);
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_ESYNTAX && err.line == 3 && zeroed_rule(&r),
	      "NUL in a rule: %d %d '%s'", st, err.line, err.msg);
	/* Other control bytes are refused by the reader at their column. */
	p = write_text("esc.task", "family = demo\neta = 0.5\x1b[31m\n");
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_ESYNTAX && err.line == 2 && err.col == 10 &&
	      !strcmp(err.msg, at(p, ":2: byte 0x1b in column 10: not a text "
				  "file")), "ESC: %d %d:%d '%s'", st, err.line,
	      err.col, err.msg);

	for (size_t i = 0; i < sizeof garbage; i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (char)(x >> 16);
	}
	p = write_bytes("garbage.task", garbage, sizeof garbage);
	st = task_config_load(p, &c, &err);
	CHECK(st != E2L_OK && strncmp(err.msg, p, strlen(p)) == 0,
	      "garbage task file: %d '%s'", st, err.msg);
	CHECK(zeroed_config(&c), "zeroed");
	p = write_bytes("garbage.rule", garbage, sizeof garbage);
	st = task_rule_load(p, &r, &err);
	CHECK(st != E2L_OK && strncmp(err.msg, p, strlen(p)) == 0,
	      "garbage rule file: %d '%s'", st, err.msg);
	CHECK(zeroed_rule(&r), "zeroed");

	/* 4096 bytes is the longest line; one more is an error. */
	longline = xmalloc(8200);
	n = (size_t)sprintf(longline, "family = demo\n#");
	memset(longline + n, 'x', 4095);
	n += 4095;
	n += (size_t)sprintf(longline + n, "\neta = 0.25\n");
	p = write_bytes("long-ok.task", longline, n);
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_OK && c.values[0] == 0.25, "4096-byte line: %d '%s'",
	      st, err.msg);
	task_config_free(&c);

	n = (size_t)sprintf(longline, "family = demo\neta = 0.");
	memset(longline + n, '1', 4100);
	n += 4100;
	longline[n++] = '\n';
	p = write_bytes("long.task", longline, n);
	st = task_config_load(p, &c, &err);
	CHECK(st == E2L_ELIMIT && err.line == 2 && err.col == 4097,
	      "long line: %d %d:%d", st, err.line, err.col);
	CHECK(!strcmp(err.msg, at(p, ":2: line longer than 4096 bytes")),
	      "'%s'", err.msg);
	CHECK(zeroed_config(&c), "zeroed");
	n = (size_t)sprintf(longline, "task = demo\nformula = R");
	for (int i = 0; i < 2100; i++)
		n += (size_t)sprintf(longline + n, "+E");
	p = write_bytes("long.rule", longline, n);
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_ELIMIT && err.line == 2 &&
	      !strcmp(err.msg, at(p, ":2: line longer than 4096 bytes")),
	      "long rule line: %d '%s'", st, err.msg);
	free(longline);
}

static void test_set(void)
{
	task_config c;
	e2l_error err = { 0 };
	e2l_status st;

	task_config_default(&c, &demo);
	CHECK(task_config_set(&c, "eta", "2.5", &err) == E2L_OK &&
	      task_get(&c, "eta") == 2.5, "eta = 2.5");
	CHECK(task_config_set(&c, "mode", "random", &err) == E2L_OK &&
	      task_get(&c, "mode") == 1, "mode = random");
	CHECK(task_config_set(&c, "mode", "fixed", &err) == E2L_OK &&
	      task_get(&c, "mode") == 0, "mode = fixed");
	CHECK(task_config_set(&c, "trials", "1e3", &err) == E2L_OK &&
	      task_get(&c, "trials") == 1000, "1e3 is whole");
	CHECK(task_config_set(&c, "eta", "-0", &err) == E2L_OK &&
	      !signbit(task_get(&c, "eta")), "-0 is stored as 0");

	st = task_config_set(&c, "eta", "abc", &err);
	CHECK(st == E2L_EINVALID && err.line == 0 &&
	      !strcmp(err.msg, "eta = 'abc' is not a number"),
	      "%d %d '%s'", st, err.line, err.msg);
	CHECK(task_get(&c, "eta") == 0, "a refused value changes nothing");
	st = task_config_set(&c, "etaa", "1", &err);
	CHECK(st == E2L_ESYNTAX && err.line == 0 &&
	      !strcmp(err.msg, "unknown parameter 'etaa' for task family "
		      "'demo' (did you mean 'eta'?)"), "%d '%s'", st, err.msg);
	st = task_config_set(&c, "eta", "1e9", &err);
	CHECK(st == E2L_EINVALID && !strcmp(err.msg,
	      "eta = 1e9 is out of range [0, 1000] (1/s)"), "'%s'", err.msg);
	st = task_config_set(&c, "mode", "randm", &err);
	CHECK(st == E2L_EINVALID && !strcmp(err.msg, "mode = 'randm' is not "
	      "one of fixed, random (did you mean 'random'?)"), "'%s'",
	      err.msg);
	st = task_config_set(&c, "trials", "10.5", &err);
	CHECK(st == E2L_EINVALID && err.line == 0 && err.col == 0 &&
	      !strcmp(err.msg, "trials = 10.5 is not a whole number"), "'%s'",
	      err.msg);

	/* An underflow never becomes 0 silently; an exact 0 is 0. */
	task_config_set(&c, "eta", "3", &err);
	st = task_config_set(&c, "eta", "1e-999999999", &err);
	CHECK(st == E2L_EINVALID && task_get(&c, "eta") == 3 &&
	      !strcmp(err.msg, "eta = 1e-999999999 is too small to hold "
		      "(below 2.2e-308 it would become 0 or lose digits); "
		      "write 0 for zero"), "underflow: %d '%s'", st, err.msg);
	CHECK(task_config_set(&c, "eta", "0e-999999999", &err) == E2L_OK &&
	      task_get(&c, "eta") == 0 && !signbit(task_get(&c, "eta")),
	      "0e-999999999 is 0: %s", err.msg);
	CHECK(task_config_set(&c, "offset", "-0.000e-5", &err) == E2L_OK &&
	      task_get(&c, "offset") == 0, "-0.000e-5 is 0: %s", err.msg);
	CHECK(task_config_set(&c, "eta", "2.2250738585072014e-308", &err) ==
	      E2L_OK && task_get(&c, "eta") == 2.2250738585072014e-308,
	      "the smallest normal double: %s", err.msg);
	/* Digits and exponent far out that cancel: 10 x 10^2000000 x
	 * 10^-2000000 is 10, not infinity. */
	{
		size_t n = 2000000;
		char *big = xmalloc(n + 32);
		big[0] = '1';
		memset(big + 1, '0', n);
		sprintf(big + 1 + n, "e-%zu", n - 1);
		st = task_config_set(&c, "eta", big, &err);
		CHECK(st == E2L_OK && task_get(&c, "eta") == 10,
		      "long mantissa: %d '%s' %g", st, err.msg,
		      task_get(&c, "eta"));
		free(big);
	}
	task_config_free(&c);
}

/* Parameters that depend on each other are checked whenever they change,
 * and a refused change leaves the configuration as it was. */
static void test_constraints(void)
{
	task_config c;
	task_rule rule;
	task_options o = { .seed = 1, .threads = 1 };
	task_result res;
	e2l_error err = { 0 };
	e2l_status st;

	task_config_default(&c, &pair);
	CHECK(task_config_check(&c, &err) == E2L_OK, "defaults: %s", err.msg);
	st = task_config_set(&c, "lo", "5", &err);
	CHECK(st == E2L_EINVALID && err.line == 0 && task_get(&c, "lo") == 1 &&
	      !strcmp(err.msg, "lo = 5 ms is above hi = 2 ms: lo must be at "
		      "most hi (the window's ends)"), "set lo: %d '%s'", st,
	      err.msg);
	/* In the other order, one at a time, it goes in. */
	CHECK(task_config_set(&c, "hi", "8", &err) == E2L_OK &&
	      task_config_set(&c, "lo", "5", &err) == E2L_OK &&
	      task_get(&c, "lo") == 5, "hi first: %s", err.msg);
	/* A choice can make a constraint apply, and is refused then. */
	task_config_set(&c, "rate", "0", &err);
	st = task_config_set(&c, "gate", "open", &err);
	CHECK(st == E2L_EINVALID && task_get(&c, "gate") == 0 &&
	      !strcmp(err.msg, "rate = 0 Hz: nothing passes the open gate"),
	      "gate: %d '%s'", st, err.msg);
	/* put takes values in any order; check judges the whole. */
	CHECK(task_config_put(&c, "lo", "50", &err) == E2L_OK &&
	      task_config_check(&c, &err) == E2L_EINVALID &&
	      !strcmp(err.msg, "lo = 50 ms is above hi = 8 ms: lo must be at "
		      "most hi (the window's ends)"), "put: '%s'", err.msg);
	CHECK(task_config_put(&c, "lo", "abc", &err) == E2L_EINVALID &&
	      task_get(&c, "lo") == 50, "put checks the value: '%s'", err.msg);

	/* However the configuration was built, it is not run while it
	 * contradicts itself (pair has no experiment to call). */
	st = task_rule_parse(&rule, &pair, (const char *[]){ "w", "k" }, NULL,
			     &err);
	CHECK(st == E2L_OK, "rule: %s", err.msg);
	if (st == E2L_OK) {
		st = task_evaluate(&c, &rule, &o, &res, &err);
		CHECK(st == E2L_EINVALID && res.values == NULL &&
		      !strcmp(err.msg, "lo = 50 ms is above hi = 8 ms: lo must "
			      "be at most hi (the window's ends)"),
		      "evaluate: %d '%s'", st, err.msg);
		task_rule_free(&rule);
	}
	CHECK(task_config_put(&c, "hi", "60", &err) == E2L_OK &&
	      task_config_check(&c, &err) == E2L_OK, "hi = 60: %s", err.msg);
	task_config_free(&c);
}

/* task_get on a name the family lacks is our bug: it aborts. */
static void test_get_aborts(void)
{
	task_config c;
	int status = 0;
	pid_t pid;

	task_config_default(&c, &demo);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		task_get(&c, "nope");
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	      "status %d", status);
	task_config_free(&c);
}

static double eval(const task_rule *r, int i, double a, double b)
{
	return prog_eval(r->program[i], (double[]){ a, b });
}

static void test_rule_parse(void)
{
	task_rule r;
	e2l_error err = { 0 };
	char *s;
	e2l_status st;

	st = task_rule_parse(&r, &demo, (const char *[]){ "(R - 1)*E" }, "LR0",
			     &err);
	CHECK(st == E2L_OK, "real names: %s", err.msg);
	CHECK(r.family == &demo && !strcmp(r.name, "LR0") && !r.source,
	      "name and source");
	CHECK(eval(&r, 0, 3, 0.5) == 1.0, "(3 - 1)*0.5");
	task_rule_free(&r);
	CHECK(zeroed_rule(&r), "zeroed");
	task_rule_free(&r);

	/* x_0 is R and x_1 is E: the same rule, by the paper's names. */
	st = task_rule_parse(&r, &demo, (const char *[]){ "  (x_0 - 1)*x_1 " },
			     NULL, &err);
	CHECK(st == E2L_OK, "aliases: %s", err.msg);
	CHECK(!strcmp(r.name, "(x_0 - 1)*x_1"), "name is the formula: '%s'",
	      r.name);
	for (double R = -2; R <= 2; R += 0.5)
		for (double E = -1; E <= 1; E += 0.25)
			CHECK(eval(&r, 0, R, E) == (R - 1) * E, "R %g E %g",
			      R, E);
	s = expr_print(r.formula[0], EXPR_INFIX);
	CHECK(!strcmp(s, "(R - 1)*E"), "rewritten tree: '%s'", s);
	free(s);
	task_rule_free(&r);

	/* Aliases and real names mixed, inside calls and under minus. */
	st = task_rule_parse(&r, &demo,
			     (const char *[]){ "-max(x_0, E) + exp(R*x_1)" },
			     NULL, &err);
	CHECK(st == E2L_OK && fabs(eval(&r, 0, 1, 2) - (-2 + exp(2))) < 1e-12,
	      "mixed: %s", err.msg);
	task_rule_free(&r);

	st = task_rule_parse(&r, &demo, (const char *[]){ "R*q + 1" }, NULL,
			     &err);
	CHECK(st == E2L_EUNKNOWN && !strcmp(err.msg, "formula uses 'q', which "
	      "task family 'demo' does not have (it has R, E)"),
	      "%d '%s'", st, err.msg);
	CHECK(err.line == 1 && err.col == 3, "place %d:%d", err.line, err.col);
	CHECK(zeroed_rule(&r), "zeroed after an error");

	/* Names are never split, but the message says how to write the
	 * product that RE most likely means. */
	st = task_rule_parse(&r, &demo, (const char *[]){ "2*RE" }, NULL, &err);
	CHECK(st == E2L_EUNKNOWN && !strcmp(err.msg, "formula uses 'RE', which "
	      "task family 'demo' does not have (it has R, E; a product is "
	      "written R*E)") && err.col == 3, "%d:%d '%s'", err.line, err.col,
	      err.msg);
	/* The paper's notation: 2(R - 1)E. */
	st = task_rule_parse(&r, &demo, (const char *[]){ "2(R - 1)E" }, NULL,
			     &err);
	CHECK(st == E2L_OK && eval(&r, 0, 3, 0.5) == 2.0, "2(R - 1)E: %s",
	      err.msg);
	if (st == E2L_OK)
		task_rule_free(&r);

	/* x_2 is past the family's variables; x_01 is no alias. */
	st = task_rule_parse(&r, &demo, (const char *[]){ "1e5*x_1 + x_2" },
			     NULL, &err);
	CHECK(st == E2L_EUNKNOWN && strstr(err.msg, "'x_2'") &&
	      err.col == 11, "x_2: %d:%d '%s'", err.line, err.col, err.msg);
	st = task_rule_parse(&r, &demo, (const char *[]){ "x_01" }, NULL, &err);
	CHECK(st == E2L_EUNKNOWN && strstr(err.msg, "'x_01'"), "x_01: '%s'",
	      err.msg);

	st = task_rule_parse(&r, &demo, (const char *[]){ "(R - 1)*E +" }, NULL,
			     &err);
	CHECK(st == E2L_INCOMPLETE && err.line == 1 && err.col == 12 &&
	      !strncmp(err.msg, "incomplete formula", 18),
	      "%d %d:%d '%s'", st, err.line, err.col, err.msg);
	CHECK(zeroed_rule(&r), "zeroed after a parse error");
}

static void test_rule_pair(void)
{
	task_rule r;
	e2l_error err = { 0 };
	e2l_status st;

	st = task_rule_parse(&r, &pair,
			     (const char *[]){ "w*(1 - w)", "x_0*x_1" }, "P",
			     &err);
	CHECK(st == E2L_OK, "pair: %s", err.msg);
	CHECK(eval(&r, 0, 0.25, 9) == 0.1875, "facilitate");
	CHECK(eval(&r, 1, 0.5, 3) == 1.5, "depress with aliases");
	task_rule_free(&r);

	st = task_rule_parse(&r, &pair, (const char *[]){ "w", "k*)" }, NULL,
			     &err);
	CHECK(st == E2L_ESYNTAX && err.line == 1 && err.col == 3 &&
	      !strncmp(err.msg, "depress: ", 9), "%d %d:%d '%s'", st, err.line,
	      err.col, err.msg);
	CHECK(zeroed_rule(&r), "zeroed");
	st = task_rule_parse(&r, &pair, (const char *[]){ "R", "k" }, NULL,
			     &err);
	CHECK(st == E2L_EUNKNOWN && !strcmp(err.msg, "facilitate: formula uses "
	      "'R', which task family 'pair' does not have (it has w, k)"),
	      "'%s'", err.msg);
}

/* A formula that divides by what simplifies to zero is refused when the
 * rule is made, in simplify's words (it ran and scored -inf), while one
 * undefined only in real arithmetic is left to the semantics. */
static void test_rule_nowhere(void)
{
	static const struct {
		const char *formula, *msg;
	} bad[] = {
		{ "R/0", "division by zero (zoo): the divisor simplifies to 0: 0" },
		{ "E*R/(E - E)", "division by zero (zoo): the divisor "
		  "simplifies to 0: E - E" },
		/* x_1 is E: the check reads the family's names. */
		{ "exp(R/(x_1 - E))", "division by zero (zoo): the divisor "
		  "simplifies to 0: E - E" },
		{ "(R - R)^-2*E", "division by zero (zoo): 0 to a negative "
		  "power: (R - R)^-2" },
		{ "E/(exp(R) - exp(R))", "division by zero (zoo): the divisor "
		  "simplifies to 0: exp(R) - exp(R)" },
		{ "log(0)*E", "log of zero (minus infinity): log(0)" },
	};
	task_rule r;
	e2l_error err = { 0 };
	e2l_status st;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		st = task_rule_parse(&r, &demo, (const char *[]){
				     bad[i].formula }, NULL, &err);
		CHECK(st == E2L_EINVALID && !strcmp(err.msg, bad[i].msg) &&
		      err.line == 1 && err.col == 1, "'%s': %d %d:%d '%s'",
		      bad[i].formula, st, err.line, err.col, err.msg);
		CHECK(zeroed_rule(&r), "zeroed");
	}
	st = task_rule_parse(&r, &pair, (const char *[]){ "w", "k/(w - w)" },
			     NULL, &err);
	CHECK(st == E2L_EINVALID && !strcmp(err.msg, "depress: division by "
	      "zero (zoo): the divisor simplifies to 0: w - w"), "pair: '%s'",
	      err.msg);
	/* Undefined in real arithmetic only, or where a variable is 0. */
	static const char *const fine[] = { "log(-1)*E", "sqrt(-2)*R", "E/R",
					    "R/(E - 1)", "(R - 1)^-1" };
	for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
		st = task_rule_parse(&r, &demo, (const char *[]){ fine[i] },
				     NULL, &err);
		CHECK(st == E2L_OK, "'%s': %s", fine[i], err.msg);
		if (st == E2L_OK)
			task_rule_free(&r);
	}
	const char *p = write_text("zoo.rule", "task = demo\n"
				   "formula = R / (x_1 - E)\n");
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_EINVALID && strstr(err.msg, "zoo.rule:2:11: division "
	      "by zero (zoo): the divisor simplifies to 0: E - E"),
	      "file: '%s'", err.msg);
}

static void test_rule_load(void)
{
	task_rule r;
	e2l_error err = { 0 };
	e2l_status st;
	const char *p;

	p = write_text("lr0.rule",
		"# Loewenstein and Seung's covariance rule\n"
		"task = demo\n"
		"formula = (x_0 - 1) * E   # the # starts a comment here too\n"
		"source = the paper, table 1\n");
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_OK, "rule file: %s", err.msg);
	if (st == E2L_OK) {
		CHECK(!strcmp(r.name, "lr0"), "name is the stem: '%s'", r.name);
		CHECK(r.source && !strcmp(r.source, "the paper, table 1"),
		      "source");
		CHECK(eval(&r, 0, 3, 2) == 4, "(3 - 1)*2");
		task_rule_free(&r);
	}

	/* A byte order mark before the first key. */
	p = write_text("bom.rule", "\xef\xbb\xbftask = demo\nformula = R*E\n");
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_OK && eval(&r, 0, 3, 2) == 6, "BOM: %s", err.msg);
	if (st == E2L_OK)
		task_rule_free(&r);

	/* task after the formulas, an explicit name, two formulas. */
	p = write_text("stdp.rule",
		"facilitate = k*(1 - w)\n"
		"depress = -x_0*k\n"
		"name = STDP-like\n"
		"task = pair\n");
	st = task_rule_load(p, &r, &err);
	CHECK(st == E2L_OK && r.family == &pair && !strcmp(r.name, "STDP-like")
	      && !r.source, "two formulas: %s", err.msg);
	if (st == E2L_OK) {
		CHECK(eval(&r, 0, 0.25, 2) == 1.5 &&
		      eval(&r, 1, 0.25, 2) == -0.5, "both compiled");
		task_rule_free(&r);
	}
}

static const struct {
	const char *text;
	e2l_status st;
	int line, col;
	const char *msg;
} bad_rules[] = {
	{ "formula = R*E\n", E2L_ESYNTAX, 0, 0, ": missing 'task'" },
	{ "task = demo\nname = x\n", E2L_ESYNTAX, 0, 0,
	  ": missing 'formula'" },
	{ "task = pair\nfacilitate = w\n", E2L_ESYNTAX, 0, 0,
	  ": missing 'depress'" },
	{ "task = demo\nformla = R*E\n", E2L_ESYNTAX, 2, 1,
	  ":2: unknown key 'formla' in a rule for task family 'demo' "
	  "(did you mean 'formula'?)" },
	{ "task = pair\nformula = w\n", E2L_ESYNTAX, 2, 1,
	  ":2: unknown key 'formula' in a rule for task family 'pair' "
	  "(keys: task, name, source, facilitate, depress)" },
	{ "task = demo\nformula = R\n  formula = E\n", E2L_ESYNTAX, 3, 3,
	  ":3: duplicate 'formula' (first set on line 2)" },
	{ "# a rule\ntask = dmeo\n", E2L_EUNKNOWN, 2, 8,
	  ":2: unknown task family 'dmeo' (did you mean 'demo'? "
	  "families: demo, pair)" },
	{ "task = demo\n\nformula = (R - 1)*E +\n", E2L_INCOMPLETE, 3, 22,
	  ":3:22: incomplete formula: expected a number, a name or '('" },
	{ "task = demo\nformula =   R*E)   # comment\n", E2L_ESYNTAX, 2, 16,
	  ":2:16: unmatched ')', found ')'" },
	{ "task = demo\nformula = R + 2*v\n", E2L_EUNKNOWN, 2, 17,
	  ":2:17: formula uses 'v', which task family 'demo' does not have "
	  "(it has R, E)" },
	{ "task = pair\nfacilitate = w\ndepress = w*(k\n", E2L_INCOMPLETE, 3,
	  15, ":3:15: incomplete formula: expected ')' after '(k'" },
	{ "task = demo\nformula\n", E2L_ESYNTAX, 2, 1,
	  ":2: expected 'key = value'" },
	{ "task = demo\nformula = # gone\n", E2L_ESYNTAX, 2, 10,
	  ":2: expected a value after 'formula ='" },
	/* Beyond the entries kept, the excess still shows as an error. */
	{ "name = a\nname = b\nname = c\nname = d\nname = e\nname = f\n"
	  "name = g\nname = h\nname = i\ntask = demo\n", E2L_ESYNTAX, 2, 1,
	  ":2: duplicate 'name' (first set on line 1)" },
};

static void test_rule_load_errors(void)
{
	for (size_t i = 0; i < sizeof bad_rules / sizeof *bad_rules; i++) {
		char name[32];
		task_rule r;
		e2l_error err = { 0 };
		const char *p, *want;
		e2l_status st;

		snprintf(name, sizeof name, "bad%zu.rule", i);
		p = write_text(name, bad_rules[i].text);
		st = task_rule_load(p, &r, &err);
		want = at(p, bad_rules[i].msg);
		CHECK(st == bad_rules[i].st && err.status == st,
		      "rule case %zu: status %d", i, st);
		CHECK(err.line == bad_rules[i].line &&
		      err.col == bad_rules[i].col,
		      "rule case %zu: place %d:%d, want %d:%d", i, err.line,
		      err.col, bad_rules[i].line, bad_rules[i].col);
		CHECK(!strcmp(err.msg, want),
		      "rule case %zu:\n  got  '%s'\n  want '%s'", i, err.msg,
		      want);
		CHECK(zeroed_rule(&r), "rule case %zu: rule left zeroed", i);
	}
}

/* A result records how it was made: every parameter, exactly. */
static void test_json(void)
{
	for (int k = 0; task_families[k]; k++) {
		const task_family *f = task_families[k];
		task_config c;
		e2l_error err;
		strbuf o = { 0 };
		int has_h = task_param_index(f, "h") >= 0;
		task_config_default(&c, f);
		if (has_h)
			CHECK(task_config_set(&c, "h", "0.1", &err) == E2L_OK,
			      "%s", err.msg);
		task_config_json(&c, &o);
		for (int i = 0; i < f->nparams; i++) {
			char key[80];
			snprintf(key, sizeof key, "\"%s\": ", f->params[i].name);
			CHECK(strstr(o.s, key) != NULL, "%s: no %s in %s",
			      f->name, key, o.s);
		}
		CHECK(!has_h || strstr(o.s, "\"h\": 0.1,") ||
		      strstr(o.s, "\"h\": 0.1}"), "%s", o.s);
		/* The tests' own family: a word, and 0.01 written short. */
		CHECK(strcmp(f->name, "demo") || (strstr(o.s, "\"eta\": 0.01,")
		      && strstr(o.s, "\"mode\": \"fixed\"")), "%s", o.s);
		CHECK(o.s[0] == '{' && o.s[o.len - 1] == '}' &&
		      !strstr(o.s, "nan") && !strstr(o.s, "inf\""), "%s", o.s);
		free(o.s);
		task_config_free(&c);
	}
}

int main(void)
{
	test_json();
	if (!mkdtemp(dir)) {
		perror(dir);
		return 2;
	}
	test_lookup();
	test_defaults();
	test_value_text();
	test_load();
	test_load_errors();
	test_io_errors();
	test_not_text();
	test_set();
	test_constraints();
	test_get_aborts();
	test_rule_parse();
	test_rule_pair();
	test_rule_nowhere();
	test_rule_load();
	test_rule_load_errors();
	for (int i = 0; i < nmade; i++) {
		remove(made[i]);
		free(made[i]);
	}
	rmdir(dir);
	return check_done("test_config");
}
