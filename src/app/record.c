/*
 * record.c - a task_recorder that writes a run's traces as CSV files in a
 * directory, one header line each, readable by pandas.read_csv or R's
 * read.csv as they are:
 *
 *     traces_mV.csv  experiment,t_ms,trace,value_mV   (one file per unit:
 *     traces_pA.csv  experiment,t_ms,trace,value_pA    membrane potentials,
 *     traces.csv     experiment,t_ms,trace,value       weights, ...)
 *     spikes.csv     experiment,trial,neuron,t_ms      (neuron -1: output)
 *     trials.csv     experiment,trial,quantity,value
 *     inputs.csv     experiment,kind,pattern,index,value  (a replay file:
 *                    `e2l run ... --replay DIR/inputs.csv` runs again
 *                    on the same inputs; written by the library, replay.c)
 *
 * Experiments run on several threads, so every write takes a lock and
 * every row names its experiment.
 *
 * Each file is written to a temporary made by mkstemp beside it and
 * renamed into place when the run ends, as e2l_write_atomic does for
 * whole files: in a directory others can write, a planted symbolic link
 * is replaced, never followed, and no reader sees half a file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"

enum { MAX_UNITS = 8 };

/* A file being written: its temporary, renamed to path at the end. */
typedef struct {
	FILE *f;
	char *path, *tmp;
} csv_file;

struct csv_recorder {
	pthread_mutex_t lock;
	csv_file spikes, trials;
	csv_file inputs;        /* opened at the first experiment's inputs */
	/* Trace files, one per unit, opened at the first sample in it. */
	char *unit[MAX_UNITS];
	csv_file traces[MAX_UNITS];
	int nunits;
	char *dir;
	int failed;             /* a write failed: reported at close */
};

static int open_csv(csv_file *c, const char *dir, const char *file,
		    const char *header, e2l_error *err);

/* The trace file of a unit; NULL when it cannot be opened (counted as a
 * failed write) or there are too many units. */
static FILE *traces_for(csv_recorder *R, const char *unit)
{
	char file[64], header[96];
	for (int i = 0; i < R->nunits; i++)
		if (!strcmp(R->unit[i], unit))
			return R->traces[i].f;
	if (R->nunits == MAX_UNITS || strlen(unit) > 16 ||
	    strpbrk(unit, "/,\n")) {
		R->failed = 1;
		return NULL;
	}
	snprintf(file, sizeof file, *unit ? "traces_%s.csv" : "traces.csv",
		 unit);
	snprintf(header, sizeof header, "experiment,t_ms,trace,value%s%s",
		 *unit ? "_" : "", unit);
	csv_file *c = &R->traces[R->nunits];
	if (open_csv(c, R->dir, file, header, NULL) != 0)
		R->failed = 1;
	R->unit[R->nunits++] = xstrdup(unit);
	return c->f;
}

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	csv_recorder *R = ctx;
	pthread_mutex_lock(&R->lock);
	FILE *f = traces_for(R, unit ? unit : "");
	if (f && fprintf(f, "%d,%.6g,%s,%.10g\n", exp, t, name, value) < 0)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

static void on_spike(void *ctx, int exp, int trial, int which, double t)
{
	csv_recorder *R = ctx;
	pthread_mutex_lock(&R->lock);
	if (fprintf(R->spikes.f, "%d,%d,%d,%.6g\n", exp, trial, which, t) < 0)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	csv_recorder *R = ctx;
	pthread_mutex_lock(&R->lock);
	if (fprintf(R->trials.f, "%d,%d,%s,%.10g\n", exp, trial, name,
		    value) < 0)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

/* An experiment's inputs, whole: rows of one experiment stay together
 * whatever the threads do.  The header documents the family's rows. */
static void on_inputs(void *ctx, int exp, const task_family *f,
		      const char *rows, size_t len)
{
	csv_recorder *R = ctx;
	(void)exp;
	pthread_mutex_lock(&R->lock);
	if (!R->inputs.f && !R->failed) {
		strbuf h = { 0 };
		task_replay_header(f, &h);
		/* open_csv adds the newline the header ends with. */
		h.s[--h.len] = '\0';
		if (open_csv(&R->inputs, R->dir, "inputs.csv", h.s, NULL) != 0)
			R->failed = 1;
		free(h.s);
	}
	if (R->inputs.f && fwrite(rows, 1, len, R->inputs.f) != len)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

/* Opens DIR/.FILE.XXXXXX for DIR/FILE and writes the header; 0, or -1
 * with err filled (c->f NULL). */
static int open_csv(csv_file *c, const char *dir, const char *file,
		    const char *header, e2l_error *err)
{
	strbuf path = { 0 }, tmp = { 0 };
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	strbuf_printf(&path, "%s/%s", dir, file);
	strbuf_printf(&tmp, "%s/.%s.XXXXXX", dir, file);
	*c = (csv_file){ .path = path.s, .tmp = tmp.s };
	fd = mkstemp(c->tmp);
	/* mkstemp makes 0600; a file of ours gets what creat() would. */
	if (fd < 0 || fchmod(fd, 0666 & ~mask) != 0 ||
	    !(c->f = fdopen(fd, "w"))) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", c->path,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(c->tmp);
		}
		free(c->tmp);
		c->tmp = NULL;
		return -1;
	}
	fprintf(c->f, "%s\n", header);
	return 0;
}

/* Closes c and renames it into place, or removes it when failed is set
 * or closing fails; 0, or -1 (errno set) when it was not renamed. */
static int close_csv(csv_file *c, int failed)
{
	int bad = failed;

	if (c->f) {
		bad |= fclose(c->f) != 0;
		if (bad || rename(c->tmp, c->path) != 0) {
			int e = errno;
			unlink(c->tmp);
			errno = e;
			bad = 1;
		}
	}
	free(c->tmp);
	free(c->path);
	*c = (csv_file){ 0 };
	return bad ? -1 : 0;
}

e2l_status csv_recorder_open(const char *dir, csv_recorder **out,
			     task_recorder *rec, e2l_error *err)
{
	csv_recorder *R;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", dir,
				strerror(errno));
	R = xcalloc(1, sizeof *R);
	R->dir = xstrdup(dir);
	if (open_csv(&R->spikes, dir, "spikes.csv",
		     "experiment,trial,neuron,t_ms", err) != 0 ||
	    open_csv(&R->trials, dir, "trials.csv",
		     "experiment,trial,quantity,value", err) != 0) {
		R->failed = 1;
		csv_recorder_close(R, NULL);
		return E2L_EIO;
	}
	pthread_mutex_init(&R->lock, NULL);
	memset(rec, 0, sizeof *rec);
	rec->ctx = R;
	rec->sample = on_sample;
	rec->spike = on_spike;
	rec->trial = on_trial;
	rec->inputs = on_inputs;
	*out = R;
	return E2L_OK;
}

e2l_status csv_recorder_close(csv_recorder *R, e2l_error *err)
{
	e2l_status st = E2L_OK;
	int locked = R->spikes.f && R->trials.f, failed = R->failed, e = 0;

	/* Every file is flushed before any is renamed: a write that
	 * failed discards them all, rather than leave a recording with a
	 * file cut short. */
	csv_file *all[MAX_UNITS + 3] = { &R->spikes, &R->trials, &R->inputs };
	int n = 3;
	for (int i = 0; i < R->nunits; i++)
		all[n++] = &R->traces[i];
	for (int i = 0; i < n; i++)
		if (all[i]->f && (fflush(all[i]->f) != 0 ||
				  ferror(all[i]->f)) && !failed) {
			failed = 1;
			e = errno;
		}
	for (int i = 0; i < n; i++)
		if (close_csv(all[i], failed) != 0 && !failed) {
			failed = 1;
			e = errno;
		}
	for (int i = 0; i < R->nunits; i++)
		free(R->unit[i]);
	if (failed && err)
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: writing the traces "
			      "failed: %s", R->dir, strerror(e ? e : EIO));
	if (locked)
		pthread_mutex_destroy(&R->lock);
	free(R->dir);
	free(R);
	return st;
}
