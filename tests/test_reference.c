/*
 * test_reference.c - a run's reference lines: the best-known rule of each
 * family (evo_known_rules) is the formula of its rule file; a run
 * measures no plasticity and that rule on its own experiments, the same
 * numbers `e2l run` gives with the run's task seed, and run.conf keeps
 * them through a resume that rewrites it; runlog reads them strictly (a
 * bad value is an error naming run.conf and its line) and a run.conf
 * from before them still reads, without reference lines.
 */
#define _DEFAULT_SOURCE          /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "e2l/evolve.h"
#include "e2l/runlog.h"
#include "e2l/task.h"

static char dir[] = "/tmp/e2l-test-reference-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* A rule's formulas as the printer writes them, joined: two texts of
 * one rule print the same. */
static char *printed(const task_rule *r)
{
	char *s[TASK_MAX_FORMULAS] = { NULL };
	int n = r->family->nformulas;
	for (int k = 0; k < n; k++)
		s[k] = expr_print(r->formula[k], EXPR_INFIX);
	char *t = task_rule_text_join((const char *const *)s, n);
	for (int k = 0; k < n; k++)
		free(s[k]);
	return t;
}

static void test_known_rules(void)
{
	const char *src = getenv("srcdir") ? getenv("srcdir") : ".";
	int n = 0;
	for (const evo_known *k = evo_known_rules; k->family; k++, n++) {
		const task_family *f = task_family_find(k->family);
		task_config cfg;
		task_rule file, mine;
		e2l_error err;
		char path[600];
		CHECK(f != NULL, "family %s", k->family);
		if (!f)
			continue;
		CHECK(evo_known_rule(k->family) == k, "found by family");
		snprintf(path, sizeof path, "%s/rules/%s-%s.rule", src,
			 k->family, k->name);
		task_config_default(&cfg, f);
		if (task_rule_load(path, &file, &err) != E2L_OK) {
			CHECK(0, "%s: %s", path, err.msg);
			task_config_free(&cfg);
			continue;
		}
		CHECK(evo_key_rule(&cfg, k->formula, &mine, &err) == E2L_OK,
		      "%s parses: %s", k->formula, err.msg);
		char *a = printed(&file), *b = printed(&mine);
		CHECK(!strcmp(a, b), "%s: the file says %s, the table %s",
		      path, a, b);
		free(a);
		free(b);
		task_rule_free(&file);
		task_rule_free(&mine);
		task_config_free(&cfg);
	}
	for (int i = 0; task_families[i]; i++)
		CHECK(evo_known_rule(task_families[i]->name) != NULL,
		      "family %s has a best-known rule",
		      task_families[i]->name);
	CHECK(n >= 3 && evo_known_rule("nosuch") == NULL, "%d rules", n);
}

static const char conf[] =
	"# e2l evolution run\nformat = e2l-run 1\npreset = reward\n"
	"seed = 7\ngenerations = 10\n";

/* run.conf with conf's lines and then extra: opened, err on failure. */
static e2l_status open_with(runlog *L, const char *extra, e2l_error *err)
{
	char text[1024];
	snprintf(text, sizeof text, "%s%s", conf, extra);
	write_file("run.conf", text);
	return runlog_open(L, dir, err);
}

/* A bad reference line (line 6 of run.conf) is E2L_ESYNTAX naming
 * run.conf:6 and the key. */
static void check_bad(const char *line, const char *why)
{
	runlog L;
	e2l_error err;
	e2l_status st = open_with(&L, line, &err);
	char want[400];
	snprintf(want, sizeof want, "%s/run.conf:6: reference_", dir);
	CHECK(st == E2L_ESYNTAX && strstr(err.msg, want), "%s: %s (%d)", why,
	      err.msg, st);
	runlog_close(&L);
	runlog_conf c;
	CHECK(runlog_conf_read(dir, &c, &err) == E2L_ESYNTAX &&
	      strstr(err.msg, want), "%s, read alone: %s", why, err.msg);
	runlog_conf_free(&c);
}

static void test_conf(void)
{
	runlog L;
	e2l_error err;

	write_file("task.task", "family = reward\n");
	/* Before reference lines were measured: none, and no error. */
	CHECK(open_with(&L, "", &err) == E2L_OK, "old run.conf: %s", err.msg);
	CHECK(isnan(L.ref_none) && isnan(L.ref_known) && !L.ref_name &&
	      !L.ref_formula, "no reference lines");
	runlog_close(&L);
	CHECK(isnan(L.ref_none) && isnan(L.ref_known), "closed: unknown");

	CHECK(open_with(&L, "reference_none = 12.5\nreference_known = "
			"216.19999999999999 lr0 (R - 1)*E\n", &err) == E2L_OK,
	      "with them: %s", err.msg);
	CHECK(L.ref_none == 12.5 && L.ref_known == 216.2 &&
	      L.ref_name && !strcmp(L.ref_name, "lr0") && L.ref_formula &&
	      !strcmp(L.ref_formula, "(R - 1)*E"), "read: %g %g '%s' '%s'",
	      L.ref_none, L.ref_known, L.ref_name ? L.ref_name : "",
	      L.ref_formula ? L.ref_formula : "");
	runlog_close(&L);

	/* A rule that blew up on the experiments is -inf, as written; a
	 * pair's formulas keep their separator. */
	CHECK(open_with(&L, "reference_none = -inf\nreference_known = -inf "
			"lr2 (w*k)^w - 1 ; k/w - w\n", &err) == E2L_OK,
	      "-inf: %s", err.msg);
	CHECK(L.ref_none == -INFINITY && L.ref_known == -INFINITY &&
	      !strcmp(L.ref_formula, "(w*k)^w - 1 ; k/w - w"), "-inf read");
	runlog_close(&L);

	/* One alone is fine: a family without a best-known rule. */
	CHECK(open_with(&L, "reference_none = -3\n", &err) == E2L_OK &&
	      L.ref_none == -3 && isnan(L.ref_known) && !L.ref_name,
	      "none alone: %s", err.msg);
	runlog_close(&L);

	check_bad("reference_none = abc\n", "not a number");
	check_bad("reference_none = 1.5x\n", "garbage after it");
	check_bad("reference_none = nan\n", "NaN, which no writer writes");
	check_bad("reference_none = inf\n", "+inf");
	check_bad("reference_none = 1 2\n", "two numbers");
	check_bad("reference_known = 12.5\n", "no name or formula");
	check_bad("reference_known = 12.5 lr0\n", "no formula");
	check_bad("reference_known = x lr0 (R - 1)*E\n", "no fitness");
	check_bad("reference_known = 12.5 lr0 R\x01*E\n", "a control "
		  "character");
	{
		runlog L2;
		char want[400];
		CHECK(open_with(&L2, "reference_none = 1\nreference_none = 2\n",
				&err) == E2L_ESYNTAX, "twice");
		snprintf(want, sizeof want, "%s/run.conf:7: duplicate "
			 "'reference_none'", dir);
		CHECK(strstr(err.msg, want) != NULL, "names both: %s",
		      err.msg);
		runlog_close(&L2);
	}
}

/* The fitness `e2l run` gives rule text on cfg with seed 1. */
static double run_fitness(const task_config *cfg, const char *text)
{
	task_rule r;
	task_result res;
	e2l_error err;
	task_options o = { .seed = 1, .threads = 1 };
	double f = NAN;
	if (evo_key_rule(cfg, text, &r, &err) != E2L_OK) {
		CHECK(0, "%s: %s", text, err.msg);
		return NAN;
	}
	if (task_evaluate(cfg, &r, &o, &res, &err) == E2L_OK) {
		f = res.fitness;
		task_result_free(&res);
	} else {
		CHECK(0, "%s: %s", text, err.msg);
	}
	task_rule_free(&r);
	return f;
}

static void test_run(void)
{
	task_config cfg;
	e2l_error err;
	char run[300];
	evo_options o = { 0 };
	runlog L;

	o.preset = evo_preset_find("error");
	o.generations = 2;
	o.seed = 3;
	o.threads = 1;
	task_config_default(&cfg, task_family_find("error"));
	task_config_set(&cfg, "experiments", "2", &err);
	task_config_set(&cfg, "T", "300", &err);
	snprintf(run, sizeof run, "%s/run", dir);
	CHECK(evo_run(run, &cfg, &o, &err) == E2L_OK, "a real run: %s",
	      err.msg);
	double none = run_fitness(&cfg, "0"), eq7 = run_fitness(&cfg,
								"(v - u)*s");
	CHECK(runlog_open(&L, run, &err) == E2L_OK, "open: %s", err.msg);
	CHECK(L.ref_none == none, "no plasticity %.17g, as e2l run gives "
	      "%.17g", L.ref_none, none);
	CHECK(L.ref_known == eq7 && L.ref_name && !strcmp(L.ref_name, "eq7"),
	      "eq7 %.17g, as e2l run gives %.17g", L.ref_known, eq7);
	CHECK(isfinite(none) && isfinite(eq7) && eq7 > none, "eq7 learns: "
	      "%g > %g", eq7, none);
	runlog_close(&L);

	/* A resume that extends the run rewrites run.conf: they stay. */
	evo_options r = { 0 };
	r.generations = 3;
	r.threads = 1;
	CHECK(evo_resume(run, &r, &err) == E2L_OK, "resume: %s", err.msg);
	CHECK(runlog_open(&L, run, &err) == E2L_OK && L.generations == 3 &&
	      L.ref_none == none && L.ref_known == eq7 &&
	      !strcmp(L.ref_formula, "(v - u)*s"), "kept through a resume: "
	      "%.17g %.17g (%s)", L.ref_none, L.ref_known, err.msg);
	runlog_close(&L);
	task_config_free(&cfg);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_known_rules();
	test_conf();
	test_run();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_done("test_reference");
}
