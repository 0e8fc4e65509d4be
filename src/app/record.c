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
 *
 * Experiments run on several threads, so every write takes a lock and
 * every row names its experiment.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "record.h"

enum { MAX_UNITS = 8 };

struct csv_recorder {
	pthread_mutex_t lock;
	FILE *spikes, *trials;
	/* Trace files, one per unit, opened at the first sample in it. */
	char *unit[MAX_UNITS];
	FILE *traces[MAX_UNITS];
	int nunits;
	char *dir;
	int failed;             /* a write failed: reported at close */
};

static FILE *open_csv(const char *dir, const char *file, const char *header,
		      e2l_error *err);

/* The trace file of a unit; NULL when it cannot be opened (counted as a
 * failed write) or there are too many units. */
static FILE *traces_for(csv_recorder *R, const char *unit)
{
	char file[64], header[96];
	for (int i = 0; i < R->nunits; i++)
		if (!strcmp(R->unit[i], unit))
			return R->traces[i];
	if (R->nunits == MAX_UNITS || strlen(unit) > 16 ||
	    strpbrk(unit, "/,\n")) {
		R->failed = 1;
		return NULL;
	}
	snprintf(file, sizeof file, *unit ? "traces_%s.csv" : "traces.csv",
		 unit);
	snprintf(header, sizeof header, "experiment,t_ms,trace,value%s%s",
		 *unit ? "_" : "", unit);
	FILE *f = open_csv(R->dir, file, header, NULL);
	if (!f)
		R->failed = 1;
	R->unit[R->nunits] = xstrdup(unit);
	R->traces[R->nunits++] = f;
	return f;
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
	if (fprintf(R->spikes, "%d,%d,%d,%.6g\n", exp, trial, which, t) < 0)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

static void on_trial(void *ctx, int exp, int trial, const char *name,
		     double value)
{
	csv_recorder *R = ctx;
	pthread_mutex_lock(&R->lock);
	if (fprintf(R->trials, "%d,%d,%s,%.10g\n", exp, trial, name,
		    value) < 0)
		R->failed = 1;
	pthread_mutex_unlock(&R->lock);
}

static FILE *open_csv(const char *dir, const char *file, const char *header,
		      e2l_error *err)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *path = xmalloc(n);
	FILE *f;

	snprintf(path, n, "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f)
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(errno));
	else
		fprintf(f, "%s\n", header);
	free(path);
	return f;
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
	if (!(R->spikes = open_csv(dir, "spikes.csv",
				   "experiment,trial,neuron,t_ms", err)) ||
	    !(R->trials = open_csv(dir, "trials.csv",
				   "experiment,trial,quantity,value", err))) {
		csv_recorder_close(R, NULL);
		return E2L_EIO;
	}
	pthread_mutex_init(&R->lock, NULL);
	memset(rec, 0, sizeof *rec);
	rec->ctx = R;
	rec->sample = on_sample;
	rec->spike = on_spike;
	rec->trial = on_trial;
	*out = R;
	return E2L_OK;
}

e2l_status csv_recorder_close(csv_recorder *R, e2l_error *err)
{
	e2l_status st = E2L_OK;
	FILE *f[2] = { R->spikes, R->trials };

	for (int i = 0; i < 2; i++)
		if (f[i] && fclose(f[i]) != 0)
			R->failed = 1;
	for (int i = 0; i < R->nunits; i++) {
		if (R->traces[i] && fclose(R->traces[i]) != 0)
			R->failed = 1;
		free(R->unit[i]);
	}
	if (R->failed && err)
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: writing the traces "
			      "failed: %s", R->dir, strerror(errno));
	if (R->spikes && R->trials)
		pthread_mutex_destroy(&R->lock);
	free(R->dir);
	free(R);
	return st;
}
