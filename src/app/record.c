/*
 * record.c - a task_recorder that writes a run's traces as CSV files in a
 * directory, one header line each, readable by pandas.read_csv or R's
 * read.csv as they are:
 *
 *     traces.csv   experiment,t_ms,trace,value,unit
 *     spikes.csv   experiment,trial,neuron,t_ms      (neuron -1: output)
 *     trials.csv   experiment,trial,quantity,value
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

struct csv_recorder {
	pthread_mutex_t lock;
	FILE *traces, *spikes, *trials;
	char *dir;
	int failed;             /* a write failed: reported at close */
};

static void on_sample(void *ctx, int exp, const char *name, const char *unit,
		      double t, double value)
{
	csv_recorder *R = ctx;
	pthread_mutex_lock(&R->lock);
	if (fprintf(R->traces, "%d,%.6g,%s,%.10g,%s\n", exp, t, name, value,
		    unit) < 0)
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
	if (!(R->traces = open_csv(dir, "traces.csv",
				   "experiment,t_ms,trace,value,unit", err)) ||
	    !(R->spikes = open_csv(dir, "spikes.csv",
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
	FILE *f[3] = { R->traces, R->spikes, R->trials };

	for (int i = 0; i < 3; i++)
		if (f[i] && fclose(f[i]) != 0)
			R->failed = 1;
	if (R->failed && err)
		st = e2l_fail(err, E2L_EIO, 0, 0, "%s: writing the traces "
			      "failed: %s", R->dir, strerror(errno));
	if (R->traces && R->spikes && R->trials)
		pthread_mutex_destroy(&R->lock);
	free(R->dir);
	free(R);
	return st;
}
