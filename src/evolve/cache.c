/*
 * cache.c - the fitness cache: simplified formula -> fitness, in a hash
 * table, optionally backed by an append-only file (see evolve.h).
 *
 * File format, one entry a line:  FITNESS <TAB> FORMULA-KEY <NEWLINE>,
 * FITNESS as %.17g (so it reads back bit for bit, -inf included).  The
 * first line names the format and the task configuration the entries
 * belong to: "e2l-fitness-cache 1 CONFIG-KEY"; another configuration's
 * file is refused, not mixed in.  Threads share one
 * cache, so every operation takes its lock.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/evolve.h"
#include "e2l/task.h"

#define CACHE_MAGIC "e2l-fitness-cache 1"

typedef struct {
	char *key;              /* NULL: empty slot */
	double fitness;
} slot;

struct evo_cache {
	pthread_mutex_t lock;
	slot *slots;
	size_t cap, n;
	FILE *file;             /* append, or NULL */
	long hits, misses, skipped;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

char *evo_cache_name(const task_config *cfg, uint64_t task_seed)
{
	char *key = evo_config_key(cfg, task_seed, 0), *name = xmalloc(40);
	snprintf(name, 40, "fitness-%016llx.tsv",
		 (unsigned long long)fnv1a(key));
	free(key);
	return name;
}

static slot *find(evo_cache *c, const char *key)
{
	size_t i = fnv1a(key) & (c->cap - 1);
	while (c->slots[i].key && strcmp(c->slots[i].key, key))
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

static void grow(evo_cache *c)
{
	slot *old = c->slots;
	size_t ocap = c->cap;
	c->cap = ocap ? 2 * ocap : 256;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*find(c, old[i].key) = old[i];
	free(old);
}

static void insert(evo_cache *c, const char *key, double fitness)
{
	if (2 * (c->n + 1) > c->cap)
		grow(c);
	slot *s = find(c, key);
	if (!s->key) {
		s->key = xstrdup(key);
		c->n++;
	}
	s->fitness = fitness;
}

/* Reads FILE's entries; the last line may be cut short by a crash. */
static e2l_status load(evo_cache *c, FILE *f, const char *path,
		       const char *config, e2l_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (lineno == 1) {
			size_t m = strlen(CACHE_MAGIC);
			if (strncmp(line, CACHE_MAGIC, m) || line[m] != ' ') {
				free(line);
				return e2l_fail(err, E2L_EINVALID, 1, 1,
						"%s:1: not an e2l fitness cache "
						"(or one of another version)",
						path);
			}
			line[strcspn(line, "\n")] = '\0';
			if (strcmp(line + m + 1, config)) {
				free(line);
				return e2l_fail(err, E2L_EINVALID, 1, 1,
						"%s:1: a fitness cache for "
						"another task configuration",
						path);
			}
			continue;
		}
		char *tab = strchr(line, '\t'), *end;
		if (len == 0 || line[len - 1] != '\n' || !tab) {
			c->skipped++;
			continue;
		}
		line[len - 1] = '\0';
		*tab = '\0';
		double v = strtod(line, &end);
		if (end == line || *end || isnan(v) || !tab[1]) {
			c->skipped++;
			continue;
		}
		insert(c, tab + 1, v);
	}
	free(line);
	if (ferror(f))
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				strerror(errno));
	return E2L_OK;
}

e2l_status evo_cache_open(evo_cache **out, const char *path,
			  const char *config, e2l_error *err)
{
	evo_cache *c = xcalloc(1, sizeof *c);
	e2l_status st = E2L_OK;

	grow(c);
	pthread_mutex_init(&c->lock, NULL);
	if (path) {
		FILE *f = fopen(path, "r");
		if (f) {
			st = load(c, f, path, config, err);
			fclose(f);
		} else if (errno != ENOENT) {
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				      strerror(errno));
		}
		if (st == E2L_OK) {
			c->file = fopen(path, "a");
			if (!c->file)
				st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s",
					      path, strerror(errno));
			else if (ftell(c->file) == 0)
				fprintf(c->file, CACHE_MAGIC " %s\n", config);
		}
	}
	if (st != E2L_OK) {
		evo_cache_close(c);
		c = NULL;
	}
	*out = c;
	return st;
}

int evo_cache_get(evo_cache *c, const char *key, double *fitness)
{
	int found;
	pthread_mutex_lock(&c->lock);
	slot *s = find(c, key);
	found = s->key != NULL;
	if (found) {
		*fitness = s->fitness;
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void evo_cache_put(evo_cache *c, const char *key, double fitness)
{
	/* Keys are printed formulas: no tab or newline, but be sure. */
	if (strpbrk(key, "\t\n"))
		return;
	pthread_mutex_lock(&c->lock);
	insert(c, key, fitness);
	if (c->file) {
		fprintf(c->file, "%.17g\t%s\n", fitness, key);
		fflush(c->file);
	}
	pthread_mutex_unlock(&c->lock);
}

void evo_cache_stats(const evo_cache *c, long *hits, long *misses,
		     long *entries, long *skipped)
{
	*hits = c->hits;
	*misses = c->misses;
	*entries = (long)c->n;
	*skipped = c->skipped;
}

void evo_cache_close(evo_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].key);
	free(c->slots);
	if (c->file)
		fclose(c->file);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

char *evo_config_key(const task_config *cfg, uint64_t seed, int experiments)
{
	const task_family *f = cfg->family;
	size_t cap = 64 + 48 * (size_t)f->nparams, len;
	char *s = xmalloc(cap);

	len = (size_t)snprintf(s, cap, "%s seed=%llu experiments=%d", f->name,
			       (unsigned long long)seed, experiments);
	for (int i = 0; i < f->nparams && len < cap; i++)
		len += (size_t)snprintf(s + len, cap - len, " %s=%.17g",
					f->params[i].name, cfg->values[i]);
	return s;
}
