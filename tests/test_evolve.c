/*
 * test_evolve.c - fitness of genomes through the cache: equivalent
 * genomes share one simulation, the cache gives what a fresh simulation
 * gives, a cache file survives a restart and a crash mid-write, and a
 * cache of another configuration or format is refused.  The presets
 * against the paper's table (its Appendix 1), inputs by name,
 * and settings changed by name: each value checked, written as read,
 * and run.conf's settings read strictly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "e2l/evolve.h"
#include "e2l/runlog.h"
#include "e2l/task.h"

static const cgp_prim prims[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" },
};

/* x_2*(x_0 - x_1) and x_2*x_0 - x_2*x_1: (v - u)s written two ways. */
static int eq7_a[] = { 1, 0, 1,   2, 2, 3,   0, 0, 0,   0, 0, 0,   4 };
static int eq7_b[] = { 2, 2, 0,   2, 2, 1,   1, 3, 4,   0, 0, 0,   5 };
static int divzero[] = { 1, 0, 0,   3, 2, 3,   0, 0, 0,   0, 0, 0,   4 };

static cgp_individual one(int *genes)
{
	cgp_individual x = { 0 };
	x.g[0].genes = genes;
	x.g[0].n = 13;
	return x;
}

/* ---- Presets: the paper's hyper-parameter table ------------------- */

/* The primitives of p as "+,-,*,/,1,0.5". */
static void prims_text(const evo_preset *p, char *buf, size_t size)
{
	evo_settings s;
	evo_settings_init(&s, p);
	evo_settings_get(&s, "primitives", buf, size);
}

static void test_presets(void)
{
	/* The paper's Appendix 1 (sets 0-3) and hal-cgp's genome sizes
	 * 3 (inputs + columns + 1): set 0 84 genes, set 1 51, sets 2/3 87. */
	static const struct {
		const char *name;
		const char *inputs;
		int columns, reorder, genes;
	} sets[] = {
		{ "reward-set0", "R,E,Rbar", 24, 1, 84 },
		{ "reward", "R,E,Rbar_plus,Rbar_minus", 12, 1, 51 },
		{ "reward-set1", "R,E,Rbar_plus,Rbar_minus", 12, 1, 51 },
		{ "reward-set2", "R,E,Rbar_plus,Rbar_minus", 24, 0, 87 },
		{ "reward-set3", "R,E,Rbar_plus,Rbar_minus", 24, 1, 87 },
	};
	char buf[256];

	for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
		const evo_preset *p = evo_preset_find(sets[i].name);
		evo_settings s;
		CHECK(p != NULL, "preset %s exists", sets[i].name);
		if (!p)
			continue;
		evo_settings_init(&s, p);
		evo_settings_get(&s, "inputs", buf, sizeof buf);
		CHECK(!strcmp(buf, sets[i].inputs), "%s: inputs %s, paper %s",
		      p->name, buf, sets[i].inputs);
		CHECK(!strcmp(p->family, "reward") && p->ngenomes == 1,
		      "%s: one reward formula", p->name);
		CHECK(p->columns == sets[i].columns &&
		      p->levels_back == sets[i].columns, "%s: %d columns, "
		      "levels back %d; paper %d = l_max", p->name, p->columns,
		      p->levels_back, sets[i].columns);
		CHECK(3 * (p->inputs + p->columns + 1) == sets[i].genes,
		      "%s: hal-cgp genome of %d genes, paper %d", p->name,
		      3 * (p->inputs + p->columns + 1), sets[i].genes);
		CHECK(p->reorder == sets[i].reorder, "%s: reorder %d",
		      p->name, p->reorder);
		CHECK(p->mu == 1 && p->lambda == 4 && p->tournament == 1,
		      "%s: mu %d lambda %d tournament %d; paper 1, 4, 1",
		      p->name, p->mu, p->lambda, p->tournament);
		CHECK(p->p_mutation == 0.035, "%s: p %g; paper 0.035", p->name,
		      p->p_mutation);
		CHECK(p->generations == 1000 && p->min_fitness == 500,
		      "%s: %ld generations, stop at %g; paper 1000, 500",
		      p->name, p->generations, p->min_fitness);
		prims_text(p, buf, sizeof buf);
		CHECK(!strcmp(buf, "+,-,*,/,1,0.5"), "%s: primitives %s; "
		      "paper Add, Sub, Mul, Div, 1.0, 0.5", p->name, buf);
	}
	/* "reward" stays set 1, and the family's default. */
	CHECK(evo_preset_for("reward") == evo_preset_find("reward"),
	      "reward is the reward family's preset");
	/* Every preset: its inputs are its family's variables, each once,
	 * and its graph may look back over every column (levels_back). */
	for (const evo_preset *p = evo_presets; p->name; p++) {
		const task_family *f = task_family_find(p->family);
		evo_settings s;
		const char *key;
		e2l_error err;
		evo_settings_init(&s, p);
		CHECK(f && evo_settings_check(&s, f, &key, &err) == E2L_OK,
		      "%s: %s", p->name, f ? err.msg : "no family");
		CHECK(p->levels_back == p->columns, "%s: levels back %d of "
		      "%d columns", p->name, p->levels_back, p->columns);
		CHECK(p->inputs <= EVO_MAX_INPUTS && p->nprims <= EVO_MAX_PRIMS,
		      "%s fits evo_settings", p->name);
	}
}

/* Genome input i is the variable the preset names, not the family's
 * i-th: set 0's third input is Rbar (the family's fifth variable). */
static void test_inputs_by_name(void)
{
	const evo_preset *p = evo_preset_find("reward-set0");
	evo_settings s;
	cgp_shape shape;
	cgp_prim pr[EVO_MAX_PRIMS];
	const char *names[EVO_MAX_INPUTS];
	cgp_genome g;
	task_config cfg;
	expr_arena *A = expr_arena_new();
	e2l_error err;
	char *text, *key;

	if (!p) {
		CHECK(p != NULL, "reward-set0 exists");
		return;
	}
	evo_settings_init(&s, p);
	evo_settings_shape(&s, &shape, pr, names);
	CHECK(shape.inputs == 3 && shape.columns == 24 && shape.nprims == 6 &&
	      pr[5].op == CGP_CONST && !strcmp(pr[5].constant, "0.5"),
	      "shape of set 0");
	cgp_genome_init(&g, &shape);
	/* Node 3 (the first hidden) = x_2 * x_1 (function 2 is *); the
	 * output reads node 3. */
	g.genes[0] = 2;
	g.genes[1] = 2;
	g.genes[2] = 1;
	g.genes[3 * shape.columns] = 3;
	CHECK(cgp_genome_check(&g, &shape) < 0, "a permissible genome");
	text = expr_print(cgp_decode(&g, &shape, names, A), EXPR_INFIX);
	CHECK(!strcmp(text, "Rbar*E"), "decoded '%s', want Rbar*E", text);
	free(text);

	task_config_default(&cfg, task_family_find("reward"));
	cgp_individual x = { 0 };
	x.g[0] = g;
	evo_evaluator E = { &cfg, &shape, 1, 0, 1, NULL, names };
	CHECK(evo_key(&E, &x, &key, &err) == E2L_OK && key &&
	      !strcmp(key, "E*Rbar"), "the key names Rbar: '%s'",
	      key ? key : err.msg);
	free(key);
	/* The same genome read by position would be Rbar_plus: the
	 * names are what make it Rbar. */
	E.names = NULL;
	CHECK(evo_key(&E, &x, &key, &err) == E2L_OK && key &&
	      !strcmp(key, "E*Rbar_plus"), "by position: '%s'",
	      key ? key : err.msg);
	free(key);
	/* Inputs reordered by name: input 0 is E. */
	CHECK(evo_settings_set(&s, "inputs", "Rbar_minus,E,R", &err) ==
	      E2L_OK, "%s", err.msg);
	evo_settings_shape(&s, &shape, pr, names);
	text = expr_print(cgp_decode(&g, &shape, names, A), EXPR_INFIX);
	CHECK(!strcmp(text, "R*E"), "decoded '%s', want R*E", text);
	free(text);
	cgp_genome_free(&g);
	task_config_free(&cfg);
	expr_arena_free(A);
}

/* Each setting's text: bad values refused with a reason, good ones
 * written back as they are read. */
static void test_settings(void)
{
	static const struct {
		const char *key, *value, *want;
	} bad[] = {
		{ "columns", "0", "'0' is not a whole number from 1 to 1000" },
		{ "columns", "1001", "'1001' is not a whole number from 1 to "
		  "1000" },
		{ "columns", "12x", "'12x' is not a whole number" },
		{ "columns", "012", "'012' is not a whole number" },
		{ "columns", "-3", "'-3' is not a whole number" },
		{ "mu", "0", "'0' is not a whole number from 1 to 1000" },
		{ "lambda", "", "'' is not a whole number" },
		{ "tournament", "1.5", "'1.5' is not a whole number" },
		{ "mutation_rate", "0", "'0' is not a probability above 0 and "
		  "at most 1" },
		{ "mutation_rate", "1.01", "'1.01' is not a probability" },
		{ "mutation_rate", "nan", "'nan' is not a probability" },
		{ "mutation_rate", "0x1p-3", "'0x1p-3' is not a probability" },
		{ "mutation_rate", " 0.5", "' 0.5' is not a probability" },
		{ "min_fitness", "inf", "'inf' is not a finite number" },
		{ "min_fitness", "1e999", "'1e999' is not a finite number" },
		{ "reorder", "yes", "'yes' is neither true nor false" },
		{ "inputs", "R,R", "'R' is named twice" },
		{ "inputs", "R,,E", "'R,,E': an empty item in the list of "
		  "inputs" },
		{ "inputs", "R,2E", "'2E' is not a variable name" },
		{ "inputs", "a,b,c,d,e,f,g,h,i", "'a,b,c,d,e,f,g,h,i': more "
		  "than 8 inputs" },
		{ "primitives", "+,-,%", "'%' is neither an operator (+ - * / "
		  "^) nor a constant (a number such as 0.5)" },
		{ "primitives", "+,-1", "'-1' is neither an operator" },
		{ "primitives", "+,x", "'x' is neither an operator" },
		{ "primitives", "*,*", "'*' is listed twice" },
		{ "primitives", "0.5,1,5e-1", "'5e-1' is listed twice" },
		{ "primitives", "", "'': an empty item in the list of "
		  "primitives" },
		{ "frobs", "1", "no setting 'frobs'" },
	};
	static const struct {
		const char *key, *value;
	} good[] = {
		{ "inputs", "Rbar,E" }, { "columns", "1000" },
		{ "levels_back", "3" }, { "mu", "7" }, { "lambda", "1" },
		{ "tournament", "2" }, { "mutation_rate", "1" },
		{ "mutation_rate", "0.045" }, { "min_fitness", "-12.5" },
		{ "reorder", "false" }, { "primitives", "^,+,10,0.25,2e-3" },
	};
	evo_settings s, before;
	e2l_error err;
	char buf[256];
	const char *key;
	int off;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		evo_settings_init(&s, evo_preset_find("reward"));
		before = s;
		CHECK(evo_settings_set(&s, bad[i].key, bad[i].value, &err) ==
		      E2L_EINVALID && strstr(err.msg, bad[i].want) &&
		      !memcmp(&s, &before, sizeof s), "%s = '%s': %s",
		      bad[i].key, bad[i].value, err.msg);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		evo_settings_init(&s, evo_preset_find("reward"));
		CHECK(evo_settings_set(&s, good[i].key, good[i].value, &err) ==
		      E2L_OK, "%s = %s: %s", good[i].key, good[i].value,
		      err.msg);
		evo_settings_get(&s, good[i].key, buf, sizeof buf);
		CHECK(!strcmp(buf, good[i].value), "%s: wrote '%s' for '%s'",
		      good[i].key, buf, good[i].value);
	}
	/* Spaces around list items go; --columns moves levels_back along. */
	evo_settings_init(&s, evo_preset_find("error"));
	evo_settings_set(&s, "primitives", " + , 1 ", &err);
	evo_settings_get(&s, "primitives", buf, sizeof buf);
	CHECK(!strcmp(buf, "+,1") && s.nprims == 2 && s.ops[1] == CGP_CONST,
	      "trimmed: '%s'", buf);
	evo_settings_set(&s, "columns", "30", &err);
	CHECK(s.columns == 30 && s.levels_back == 30, "levels back %d",
	      s.levels_back);
	/* Every preset's settings read back from their own text. */
	for (const evo_preset *p = evo_presets; p->name; p++) {
		evo_settings a, b;
		evo_settings_init(&a, p);
		evo_settings_init(&b, p);
		b.mu = b.lambda = 0;
		b.p_mutation = b.min_fitness = -1;
		b.inputs = b.nprims = 0;
		memset(b.names, 0, sizeof b.names);
		memset(b.constants, 0, sizeof b.constants);
		for (const evo_setting *k = evo_settings_table; k->key; k++) {
			evo_settings_get(&a, k->key, buf, sizeof buf);
			CHECK(evo_settings_set(&b, k->key, buf, &err) == E2L_OK,
			      "%s: %s = %s: %s", p->name, k->key, buf, err.msg);
		}
		CHECK(!memcmp(&a, &b, sizeof a), "%s: settings written and "
		      "read back differ", p->name);
	}
	/* Together, and against the task. */
	evo_settings_init(&s, evo_preset_find("error"));
	evo_settings_set(&s, "tournament", "5", &err);
	CHECK(evo_settings_check(&s, NULL, &key, &err) == E2L_EINVALID &&
	      !strcmp(key, "tournament") && !strcmp(err.msg, "5 parents per "
	      "tournament, but mu is 4"), "%s", err.msg);
	evo_settings_init(&s, evo_preset_find("reward"));
	evo_settings_set(&s, "levels_back", "5", &err);
	CHECK(evo_settings_check(&s, NULL, &key, &err) == E2L_EINVALID &&
	      !strcmp(key, "reorder"), "reorder needs full levels back: %s",
	      err.msg);
	evo_settings_set(&s, "inputs", "R,Rbar,v", &err);
	evo_settings_set(&s, "reorder", "false", &err);
	CHECK(evo_settings_check(&s, NULL, &key, &err) == E2L_OK,
	      "without a family names are not checked");
	CHECK(evo_settings_check(&s, task_family_find("reward"), &key, &err)
	      == E2L_EINVALID && !strcmp(key, "inputs") && !strcmp(err.msg,
	      "'v' is not a variable of task family reward (R, E, Rbar_plus, "
	      "Rbar_minus, Rbar)"), "%s", err.msg);
	evo_settings_init(&s, evo_preset_find("correlation"));
	CHECK(evo_settings_check(&s, task_family_find("error"), &key, &err)
	      == E2L_EINVALID && !strcmp(key, "preset"), "two genomes for "
	      "one formula: %s", err.msg);
	/* Options are the keys with '-', and --no-reorder. */
	CHECK(evo_setting_option("mutation-rate", &off) ==
	      &evo_settings_table[7] && !off, "--mutation-rate");
	CHECK(evo_setting_option("no-reorder", &off) &&
	      !strcmp(evo_setting_option("no-reorder", &off)->key, "reorder")
	      && off, "--no-reorder");
	CHECK(!evo_setting_option("mutation_rate", &off) &&
	      !evo_setting_option("levels-back", &off) &&
	      !evo_setting_option("no-columns", &off) &&
	      !evo_setting_option("frob", &off), "not options");
}

/* run.conf's settings: all or none, each read strictly, then together. */
static void test_conf_settings(const char *dir)
{
	static const char head[] = "format = e2l-run 1\npreset = error\n"
		"seed = 5\ngenerations = 7\n";
	static const char all[] = "inputs = s,v\ncolumns = 6\nlevels_back = 6\n"
		"primitives = +,*,2\nmu = 2\nlambda = 3\ntournament = 2\n"
		"mutation_rate = 0.25\nreorder = true\nmin_fitness = -3\n";
	static const struct {
		const char *from, *to, *want;
	} bad[] = {
		{ "columns = 6", "columns = 6x", "run.conf:6: columns: '6x' is "
		  "not a whole number from 1 to 1000" },
		{ "mu = 2", "mu = 0", "run.conf:9: mu: '0' is not a whole "
		  "number" },
		{ "mu = 2", "# no mu", "run.conf: no 'mu' (it has the other "
		  "settings)" },
		{ "tournament = 2", "tournament = 3", "run.conf:11: "
		  "tournament: 3 parents per tournament, but mu is 2" },
		{ "levels_back = 6", "levels_back = 7", "run.conf:7: "
		  "levels_back: 7 exceeds the 6 columns" },
		{ "reorder = true", "reorder = 1", "run.conf:13: reorder: '1' "
		  "is neither true nor false" },
		{ "primitives = +,*,2", "primitives = +,*,**", "run.conf:8: "
		  "primitives: '**' is neither" },
		{ "inputs = s,v", "inputs = s,s", "run.conf:5: inputs: 's' is "
		  "named twice" },
		{ "min_fitness = -3", "min_fitness = -3\nmu = 2", "run.conf:15: "
		  "duplicate 'mu' (first on line 9)" },
	};
	char path[256], text[1024];
	runlog_conf c;
	e2l_error err;
	FILE *f;
	char buf[256];

	snprintf(path, sizeof path, "%s/run.conf", dir);
	snprintf(text, sizeof text, "%s%s", head, all);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	CHECK(runlog_conf_read(dir, &c, &err) == E2L_OK, "%s", err.msg);
	evo_settings_get(&c.settings, "primitives", buf, sizeof buf);
	CHECK(c.settings.preset == evo_preset_find("error") &&
	      c.settings.inputs == 2 && !strcmp(c.settings.names[0], "s") &&
	      c.settings.columns == 6 && c.settings.mu == 2 &&
	      c.settings.lambda == 3 && c.settings.tournament == 2 &&
	      c.settings.p_mutation == 0.25 && c.settings.reorder == 1 &&
	      c.settings.min_fitness == -3 && !strcmp(buf, "+,*,2"),
	      "settings read");
	runlog_conf_free(&c);
	/* Before settings were saved: the preset's. */
	f = fopen(path, "w");
	fputs(head, f);
	fclose(f);
	CHECK(runlog_conf_read(dir, &c, &err) == E2L_OK &&
	      c.settings.preset == evo_preset_find("error") &&
	      c.settings.columns == 12 && c.settings.mu == 4,
	      "no settings: the preset's");
	runlog_conf_free(&c);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char body[512];
		const char *at = strstr(all, bad[i].from);
		snprintf(body, sizeof body, "%.*s%s%s", (int)(at - all), all,
			 bad[i].to, at + strlen(bad[i].from));
		snprintf(text, sizeof text, "%s%s", head, body);
		f = fopen(path, "w");
		fputs(text, f);
		fclose(f);
		CHECK(runlog_conf_read(dir, &c, &err) != E2L_OK &&
		      strstr(err.msg, bad[i].want), "'%s': %s", bad[i].to,
		      err.msg);
		runlog_conf_free(&c);
	}
	unlink(path);
}

int main(void)
{
	cgp_shape shape = { 3, 4, 4, prims, 5 };
	task_config cfg;
	e2l_error err;
	evo_cache *cache;
	double fa, fb, fresh, again;
	char *ka, *kb;
	char dir[] = "/tmp/e2l-test-evolve-XXXXXX";

	task_config_default(&cfg, task_family_find("error"));
	task_config_set(&cfg, "experiments", "2", &err);
	task_config_set(&cfg, "T", "300", &err);
	task_config_set(&cfg, "h", "0.1", &err);
	CHECK(mkdtemp(dir) != NULL, "scratch folder");
	test_presets();
	test_inputs_by_name();
	test_settings();
	test_conf_settings(dir);
	char path[64];
	snprintf(path, sizeof path, "%s/cache", dir);
	char *config = evo_config_key(&cfg, 1, 0);

	evo_evaluator E = { &cfg, &shape, 1, 0, 1, NULL, NULL };
	cgp_individual a = one(eq7_a), b = one(eq7_b), z = one(divzero);

	CHECK(evo_key(&E, &a, &ka, &err) == E2L_OK &&
	      evo_key(&E, &b, &kb, &err) == E2L_OK && !strcmp(ka, kb),
	      "equivalent genomes, one key");
	CHECK(!strcmp(ka, "s*(v - u)"), "key '%s'", ka);
	free(ka);
	free(kb);

	CHECK(evo_fitness(&E, &a, &fresh, &err) == E2L_OK, "fresh: %s",
	      err.msg);
	CHECK(evo_cache_open(&cache, path, config, &err) == E2L_OK,
	      "open: %s", err.msg);
	E.cache = cache;
	evo_fitness(&E, &a, &fa, &err);
	evo_fitness(&E, &b, &fb, &err);
	long hits, misses, entries, skipped;
	evo_cache_stats(cache, &hits, &misses, &entries, &skipped);
	CHECK(misses == 1 && hits == 1 && entries == 1, "one simulation for "
	      "two genomes: %ld hits, %ld misses", hits, misses);
	CHECK(fa == fresh && fb == fresh, "cached %.17g = fresh %.17g", fb,
	      fresh);
	CHECK(evo_fitness(&E, &z, &fa, &err) == E2L_OK && fa == -INFINITY,
	      "division by zero: -inf without simulation");
	evo_cache_close(cache);

	/* A restart reads the file back; a line cut short by a crash is
	 * skipped. */
	FILE *f = fopen(path, "a");
	fputs("-12.5\tv*u", f);        /* no newline: cut short */
	fclose(f);
	CHECK(evo_cache_open(&cache, path, config, &err) == E2L_OK, "reopen");
	E.cache = cache;
	evo_fitness(&E, &b, &again, &err);
	evo_cache_stats(cache, &hits, &misses, &entries, &skipped);
	CHECK(hits == 1 && misses == 0 && again == fresh && skipped == 1,
	      "after a restart: %ld hits, %ld skipped", hits, skipped);
	evo_cache_close(cache);

	/* Another configuration's cache, or not a cache, is refused. */
	char *other = evo_config_key(&cfg, 2, 0);
	CHECK(evo_cache_open(&cache, path, other, &err) == E2L_EINVALID &&
	      strstr(err.msg, "another task configuration"), "%s", err.msg);
	f = fopen(path, "w");
	fputs("garbage\n", f);
	fclose(f);
	CHECK(evo_cache_open(&cache, path, config, &err) == E2L_EINVALID &&
	      strstr(err.msg, ":1: not an e2l fitness cache"), "%s", err.msg);
	unlink(path);
	rmdir(dir);
	free(other);
	free(config);
	task_config_free(&cfg);
	return check_done("test_evolve");
}
