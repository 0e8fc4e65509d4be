/*
 * test_evolve.c - fitness of genomes through the cache: equivalent
 * genomes share one simulation, the cache gives what a fresh simulation
 * gives, a cache file survives a restart and a crash mid-write, and a
 * cache of another configuration or format is refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "e2l/evolve.h"
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
	char path[64];
	snprintf(path, sizeof path, "%s/cache", dir);
	char *config = evo_config_key(&cfg, 1, 0);

	evo_evaluator E = { &cfg, &shape, 1, 0, 1, NULL };
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
