/*
 * cache.c - the fitness cache: simplified formula -> fitness, in a hash
 * table, optionally backed by an append-only file that the runs of one
 * task configuration share, also from concurrent processes (evolve.h).
 *
 * File format 2, one record a line, each ending in its checksum:
 *     e2l-fitness-cache 2 CONFIG-KEY <TAB> CHECK
 *     FITNESS <TAB> FORMULA-KEY <TAB> CHECK
 * CHECK is the FNV-1a 64 hash of the bytes before its tab, as 16 hex
 * digits; FITNESS is %.17g, so it reads back bit for bit (-inf included).
 * A line that is cut short, changed, or glued to another fails its check
 * and is skipped and counted, never trusted: a cut inside a number once
 * turned 2.09 into 12.09.  Files of format 1 (no checks) are refused with
 * the way out, not read: their entries cannot be trusted.
 *
 * Processes coordinate with flock() on the file: the header is written
 * under the lock into an empty file only (so exactly one header, however
 * many processes create the file at once), opening reads under it (no
 * line in flight is seen), and each entry is one write() under it,
 * after a '\n' when the file does not end in one, so an entry never
 * glues onto a line a crash left unfinished.  A failed write is taken
 * back (the file is cut to its old length), reported, and ends writing;
 * the table lives on in memory.  Threads share one cache: every
 * operation takes its mutex.
 */
#define _DEFAULT_SOURCE         /* flock */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2l/evolve.h"
#include "e2l/task.h"

#define CACHE_MAGIC "e2l-fitness-cache "
#define CACHE_VERSION "2"
#define CACHE_HINT "run with --no-cache to do without it"

/* The longest line read or written: far more than a formula of
 * EVO_MAX_NODES operations takes, and a bound on what a damaged file can
 * make us allocate. */
enum { CACHE_LINE_MAX = 1 << 20 };

/* Why a line failed (one of these when its end holds no check). */
static const char no_check[] = "no checksum: cut short or not written by "
			       "e2l";

typedef struct {
	char *key;              /* NULL: empty slot */
	double fitness;
} slot;

struct evo_cache {
	pthread_mutex_t lock;
	slot *slots;
	size_t cap, n;
	char *path;             /* the file, or NULL: memory only */
	int fd;                 /* appends to it, or -1 */
	FILE *in;               /* reads it: the last byte before a write */
	long hits, misses, skipped;
	int first_bad;          /* the line of the first skipped line */
	const char *why;        /* and what was wrong with it */
	e2l_error werr;         /* the write failure, once there is one */
};

static uint64_t fnv1a_n(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return h;
}

static uint64_t fnv1a(const char *s)
{
	return fnv1a_n(s, strlen(s));
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

/* ---- The file ------------------------------------------------------ */

/* "PAYLOAD<TAB>CHECK\n" for payload (a terminated string): into b. */
static void put_record(strbuf *b, const char *payload)
{
	strbuf_printf(b, "%s\t%016llx\n", payload,
		      (unsigned long long)fnv1a(payload));
}

/* The payload of a record read (len bytes, from e2l_getline), cut off in
 * place before its check; NULL, with *why, when the record fails. */
static char *verify(char *line, ssize_t len, const char **why)
{
	char *tab;

	if (len == -2) {
		*why = "longer than the longest entry";
		return NULL;
	}
	if (len <= 0 || line[len - 1] != '\n') {
		*why = "no end of line: cut short";
		return NULL;
	}
	line[--len] = '\0';
	if (memchr(line, '\0', (size_t)len)) {
		*why = "a NUL byte in it";
		return NULL;
	}
	tab = strrchr(line, '\t');
	if (!tab || strlen(tab + 1) != 16 ||
	    strspn(tab + 1, "0123456789abcdef") != 16) {
		*why = no_check;
		return NULL;
	}
	*tab = '\0';
	if (fnv1a_n(line, (size_t)(tab - line)) !=
	    strtoull(tab + 1, NULL, 16)) {
		*why = "checksum mismatch";
		return NULL;
	}
	return line;
}

/* Line 1: this format, this configuration.  A damaged header is told
 * apart from another format's or configuration's; every refusal names
 * the file and the two ways on. */
static e2l_status check_header(char *line, ssize_t len, const char *path,
			       const char *config, e2l_error *err)
{
	size_t m = strlen(CACHE_MAGIC), v = 0;
	const char *why = "the file is empty";
	char *payload;

	if (len > 0 && !strncmp(line, CACHE_MAGIC, m)) {
		v = strspn(line + m, "0123456789");
		if (v > 0 && line[m + v] == ' ' &&
		    (v != strlen(CACHE_VERSION) ||
		     strncmp(line + m, CACHE_VERSION, v)))
			return e2l_fail(err, E2L_EINVALID, 1, 1, "%s:1: a fitness "
					"cache of format %.*s, not " CACHE_VERSION
					" (another e2l): remove %s or run with "
					"--no-cache", path, (int)(v < 9 ? v : 9),
					line + m, path);
	}
	payload = len == -1 ? NULL : verify(line, len, &why);
	if (!payload && (v > 0 || why != no_check))
		return e2l_fail(err, E2L_EINVALID, 1, 1, "%s:1: damaged header "
				"(%s): remove %s or run with --no-cache", path,
				why, path);
	if (!payload || strncmp(payload, CACHE_MAGIC CACHE_VERSION " ",
				m + strlen(CACHE_VERSION) + 1))
		return e2l_fail(err, E2L_EINVALID, 1, 1, "%s:1: not an e2l "
				"fitness cache: remove %s or run with --no-cache",
				path, path);
	if (strcmp(payload + m + strlen(CACHE_VERSION) + 1, config))
		return e2l_fail(err, E2L_EINVALID, 1, 1, "%s:1: a fitness cache "
				"for another task configuration: remove %s or "
				"run with --no-cache", path, path);
	return E2L_OK;
}

/* An entry's payload "FITNESS<TAB>KEY" into the table; *why if it is not
 * one (a check that passes on a line that is no entry). */
static void add_entry(evo_cache *c, char *payload, const char **why)
{
	char *tab = strchr(payload, '\t'), *end;
	double v;

	if (!tab || !tab[1]) {
		*why = "not FITNESS<TAB>FORMULA";
		return;
	}
	*tab = '\0';
	v = strtod(payload, &end);
	if (end == payload || *end || isnan(v)) {
		*why = "not a fitness value";
		return;
	}
	insert(c, tab + 1, v);
}

/* Reads f (the file at path, locked): the header, then every entry;
 * damaged lines are counted, the first one remembered. */
static e2l_status load(evo_cache *c, FILE *f, const char *path,
		       const char *config, e2l_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 1;
	e2l_status st;

	len = e2l_getline(&line, &cap, f, CACHE_LINE_MAX);
	st = check_header(line, len, path, config, err);
	while (st == E2L_OK &&
	       (len = e2l_getline(&line, &cap, f, CACHE_LINE_MAX)) != -1) {
		const char *why = NULL;
		char *payload;

		lineno++;
		if (len == -2) {
			/* The rest of an overlong line; the file is regular
			 * and bounded, so its end comes. */
			int ch;
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
		}
		if (len == 1 && line[0] == '\n')
			continue;       /* ended a line a crash cut short */
		if ((payload = verify(line, len, &why)))
			add_entry(c, payload, &why);
		if (why && c->skipped++ == 0) {
			c->first_bad = lineno;
			c->why = why;
		}
	}
	free(line);
	if (st == E2L_OK && ferror(f))
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s; " CACHE_HINT, path,
			      strerror(errno));
	return st;
}

/* flock, through signals. */
static int lock(int fd, int how)
{
	int r;
	while ((r = flock(fd, how)) != 0 && errno == EINTR)
		;
	return r;
}


/* Opens the file at path for c: created with its header when missing or
 * empty, read, and kept open for appends. */
static e2l_status open_file(evo_cache *c, const char *path,
			    const char *config, e2l_error *err)
{
	struct stat a, r;
	strbuf h = { 0 };
	FILE *f = NULL;
	e2l_status st = E2L_OK;
	int fd;

	/* A FIFO would make the open fail obscurely (ENXIO) or block. */
	if (lstat(path, &a) == 0 && !S_ISREG(a.st_mode) && !S_ISLNK(a.st_mode))
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s; " CACHE_HINT, path,
				S_ISDIR(a.st_mode) ? "is a directory" : "not a "
				"regular file (a device, FIFO or socket)");
	if ((fd = e2l_open_append(path, err)) < 0) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return e2l_fail(err, E2L_EIO, 0, 0, "%s; " CACHE_HINT, msg);
	}
	if (lock(fd, LOCK_EX) != 0 || fstat(fd, &a) != 0) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s; " CACHE_HINT, path,
			      strerror(errno));
		goto out;
	}
	if (a.st_size == 0) {
		strbuf_printf(&h, CACHE_MAGIC CACHE_VERSION " %s", config);
		char *payload = h.s;
		h = (strbuf){ 0 };
		put_record(&h, payload);
		free(payload);
		if (e2l_write_all(fd, h.s, h.len) != 0) {
			int e = errno, t;
			/* No one else writes without the lock: leave the file
			 * empty, for the next opener to try again (a header
			 * left cut is refused as damaged, never misread). */
			t = ftruncate(fd, 0);
			(void)t;
			st = e2l_fail(err, E2L_EIO, 0, 0, "%s: %s; " CACHE_HINT,
				      path, strerror(e));
			goto out;
		}
	}
	if (!(f = e2l_fopen_read(path, err))) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s; " CACHE_HINT, msg);
		goto out;
	}
	/* The name might have been pointed elsewhere between the opens. */
	if (fstat(fileno(f), &r) != 0 || r.st_dev != a.st_dev ||
	    r.st_ino != a.st_ino) {
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: replaced while being "
			      "opened; try again", path);
		goto out;
	}
	st = load(c, f, path, config, err);
out:
	free(h.s);
	lock(fd, LOCK_UN);
	if (st != E2L_OK) {
		if (f)
			fclose(f);
		close(fd);
		return st;
	}
	c->fd = fd;
	c->in = f;
	c->path = xstrdup(path);
	return E2L_OK;
}

/* Appends "FITNESS<TAB>KEY<TAB>CHECK\n" (c locked): one write under the
 * file's lock, after a '\n' if the file does not end in one.  A write
 * that fails is cut off again and ends writing. */
static e2l_status append(evo_cache *c, const char *key, double fitness,
			 e2l_error *err)
{
	strbuf b = { 0 }, p = { 0 };
	struct stat st;
	char last = '\n';
	int bad = 0, e = 0, t;

	strbuf_printf(&p, "%.17g\t%s", fitness, key);
	strbuf_put(&b, "\n", 1);
	put_record(&b, p.s);
	free(p.s);
	if (lock(c->fd, LOCK_EX) != 0 || fstat(c->fd, &st) != 0) {
		bad = 1;
		e = errno;
	} else {
		if (st.st_size > 0 && pread(fileno(c->in), &last, 1,
					    st.st_size - 1) != 1)
			last = 0;       /* unsure: a blank line is harmless */
		if (e2l_write_all(c->fd, b.s + (last == '\n'), b.len -
				 (last == '\n')) != 0) {
			bad = 1;
			e = errno;
			/* Take back what part of the line reached the file
			 * (others wait for the lock, so it is ours); should
			 * that fail too, readers skip the cut line. */
			t = ftruncate(c->fd, st.st_size);
			(void)t;
		}
		lock(c->fd, LOCK_UN);
	}
	free(b.s);
	if (!bad)
		return E2L_OK;
	e2l_fail(&c->werr, E2L_EIO, 0, 0, "%s: %s; the fitness cache is no "
		 "longer written: free some space, or " CACHE_HINT, c->path,
		 strerror(e));
	close(c->fd);           /* which also drops the lock, if held */
	c->fd = -1;
	if (err)
		*err = c->werr;
	return E2L_EIO;
}

/* ---- The cache ----------------------------------------------------- */

e2l_status evo_cache_open(evo_cache **out, const char *path,
			  const char *config, e2l_error *err)
{
	evo_cache *c = xcalloc(1, sizeof *c);
	e2l_status st = E2L_OK;

	grow(c);
	pthread_mutex_init(&c->lock, NULL);
	c->fd = -1;
	if (path)
		st = open_file(c, path, config, err);
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

e2l_status evo_cache_put(evo_cache *c, const char *key, double fitness,
			 e2l_error *err)
{
	e2l_status st = E2L_OK;

	/* Keys are printed formulas: no tab or newline, but be sure. */
	if (strpbrk(key, "\t\n"))
		return E2L_OK;
	pthread_mutex_lock(&c->lock);
	insert(c, key, fitness);
	if (c->werr.status != E2L_OK) {
		st = c->werr.status;
		if (err)
			*err = c->werr;
	} else if (c->fd >= 0 && !isnan(fitness) &&
		   strlen(key) < CACHE_LINE_MAX - 64) {
		/* NaN and keys no reader would take stay in memory. */
		st = append(c, key, fitness, err);
	}
	pthread_mutex_unlock(&c->lock);
	return st;
}

e2l_status evo_cache_warning(const evo_cache *c, e2l_error *warn)
{
	if (!c || c->skipped == 0)
		return E2L_OK;
	return e2l_fail(warn, E2L_EINVALID, c->first_bad, 1, "%s:%d: %ld "
			"damaged line%s skipped (%s%s), not trusted: their "
			"rules are simulated again (removing the file clears "
			"this)", c->path, c->first_bad, c->skipped,
			c->skipped == 1 ? "" : "s",
			c->skipped == 1 ? "" : "the first: ", c->why);
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
	if (c->fd >= 0)
		close(c->fd);
	if (c->in)
		fclose(c->in);
	free(c->path);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

char *evo_config_key(const task_config *cfg, uint64_t seed, int experiments)
{
	const task_family *f = cfg->family;
	size_t cap = 96 + 48 * (size_t)f->nparams, len;
	char *s = xmalloc(cap);

	len = (size_t)snprintf(s, cap, "%s seed=%llu experiments=%d", f->name,
			       (unsigned long long)seed, experiments);
	for (int i = 0; i < f->nparams && len < cap; i++)
		if (!task_param_is_text(&f->params[i]))
			len += (size_t)snprintf(s + len, cap - len, " %s=%.17g",
						f->params[i].name,
						cfg->values[i]);
	/* A replayed run's fitness is its file's, whatever its path. */
	if (cfg->replay && len < cap)
		snprintf(s + len, cap - len, " replay=%016llx",
			 (unsigned long long)task_replay_digest(cfg->replay));
	return s;
}
