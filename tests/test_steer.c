/*
 * test_steer.c - steering real evolutions through their run directories,
 * with the e2l that $E2L names (the build's, as `make check` sets it):
 * `--resume` on a finished run says so and exits 1, touching nothing;
 * `--generations N` extends it, to the run a fresh N-generation one gives
 * bit for bit; a run going in the background is listed under its folder
 * (runlog_list_running), stopped through its pid file (runlog_stop) and
 * ends cleanly with its checkpoint, then resumes to the end; the counter
 * at the end reads "generation N/N".
 */
#define _DEFAULT_SOURCE          /* mkdtemp */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "e2l/runlog.h"

static char folder[] = "/tmp/e2l-test-steer-XXXXXX";
static const char *e2l;

/* Starts e2l with args (NULL-terminated) in folder, stdout to /dev/null,
 * stderr to folder/stderr. */
static pid_t start(const char *const *args)
{
	const char *argv[32];
	int n = 0;
	pid_t pid;

	argv[n++] = e2l;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	if ((pid = fork()) == 0) {
		char err[600];
		snprintf(err, sizeof err, "%s/stderr", folder);
		int out = open("/dev/null", O_WRONLY);
		int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (out < 0 || fd < 0 || chdir(folder) != 0)
			_exit(126);
		dup2(out, 1);
		dup2(fd, 2);
		execv(e2l, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
		128 + WTERMSIG(status);
}

static int run(const char *const *args)
{
	return wait_status(start(args));
}

/* folder/name's text (static; "" when it cannot be read). */
static const char *slurp(const char *name)
{
	static char buf[1 << 16];
	char path[600];
	snprintf(path, sizeof path, "%s/%s", folder, name);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The run in folder/name, read whole. */
static int load(runlog *L, const char *name)
{
	char path[600];
	e2l_error err;
	snprintf(path, sizeof path, "%s/%s", folder, name);
	if (runlog_open(L, path, &err) != E2L_OK) {
		CHECK(0, "%s", err.msg);
		return 0;
	}
	while (runlog_poll(L, &err) > 0)
		;
	return 1;
}

/* The counter at the last generation read. */
static const char *counter(const runlog *L)
{
	static char buf[64];
	if (L->ngen == 0)
		return "";
	runlog_generation_text(L->gen[L->ngen - 1].generation, L->generations,
			       buf, sizeof buf);
	return buf;
}

#define TASK "error-quick", "-s", "experiments=1", "-s", "T=300", \
	"--threads", "1", "--no-cache"

static void finished(void)
{
	runlog L;
	char conf[4096];

	CHECK(run((const char *[]){ "evolve", TASK, "--generations", "3",
				    "--out", "done", NULL }) == 0,
	      "a 3-generation run: %s", slurp("stderr"));
	if (!load(&L, "done"))
		return;
	CHECK(L.ngen == 3 && !strcmp(counter(&L), "generation 3/3") &&
	      runlog_status(&L) == RUNLOG_FINISHED, "%ld generations, %s",
	      L.ngen, counter(&L));
	runlog_close(&L);

	/* Resumed as it is: a line that says so, exit 1, nothing ran. */
	snprintf(conf, sizeof conf, "%s", slurp("done/run.conf"));
	CHECK(run((const char *[]){ "evolve", "--resume", "done", NULL }) ==
	      1, "exit 1 for a finished run");
	CHECK(strstr(slurp("stderr"), "done has finished: it ran all its 3 "
		     "generations"), "%s", slurp("stderr"));
	CHECK(run((const char *[]){ "evolve", "--resume", "done",
				    "--generations", "3", NULL }) == 1 &&
	      strstr(slurp("stderr"), "does not extend it"), "%s",
	      slurp("stderr"));
	CHECK(!strcmp(conf, slurp("done/run.conf")), "run.conf unchanged");
	load(&L, "done");
	CHECK(L.ngen == 3, "no generation added: %ld", L.ngen);
	runlog_close(&L);

	/* Extended to 6: the run a fresh 6-generation one is. */
	CHECK(run((const char *[]){ "evolve", "--resume", "done",
				    "--generations", "6", NULL }) == 0,
	      "extend: %s", slurp("stderr"));
	CHECK(run((const char *[]){ "evolve", TASK, "--generations", "6",
				    "--out", "six", NULL }) == 0, "six");
	runlog A, B;
	if (load(&A, "done") && load(&B, "six")) {
		CHECK(A.ngen == 6 && A.generations == 6 &&
		      !strcmp(counter(&A), "generation 6/6") &&
		      runlog_status(&A) == RUNLOG_FINISHED, "%ld, %s", A.ngen,
		      counter(&A));
		for (long g = 0; g < A.ngen && g < B.ngen; g++)
			CHECK(!strcmp(A.gen[g].champion, B.gen[g].champion) &&
			      !memcmp(A.gen[g].parents, B.gen[g].parents,
				      (size_t)A.gen[g].mu * sizeof(double)),
			      "generation %ld differs", g);
	}
	runlog_close(&A);
	runlog_close(&B);
}

static void stopped(void)
{
	char dir[600], **dirs;
	e2l_error err;
	runlog L;
	long n = 0;

	snprintf(dir, sizeof dir, "%s/runs/long", folder);
	pid_t pid = start((const char *[]){ "evolve", TASK, "--generations",
					    "1000000", "--out", "runs/long",
					    NULL });
	/* Until it has logged two generations (a minute at most). */
	for (int i = 0; i < 600 && n < 2; i++) {
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
		if (runlog_open(&L, dir, &err) == E2L_OK) {
			while (runlog_poll(&L, &err) > 0)
				;
			n = L.ngen;
			runlog_close(&L);
		}
	}
	CHECK(n >= 2, "the run did not start: %s", slurp("stderr"));
	n = runlog_list_running(folder, &dirs, &err);
	CHECK(n == 1 && !strcmp(dirs[0], dir), "%ld running", n);
	runlog_list_free(dirs);

	CHECK(runlog_stop(dir, &err) == E2L_OK, "stop: %s", err.msg);
	CHECK(wait_status(pid) == 0, "it ended cleanly: %s",
	      slurp("stderr"));
	CHECK(access("runs/long/pid", F_OK) != 0, "its pid file is gone");
	n = runlog_list_running(folder, &dirs, &err);
	CHECK(n == 0, "%ld running after the stop", n);
	runlog_list_free(dirs);
	CHECK(runlog_stop(dir, &err) == E2L_EINVALID &&
	      strstr(err.msg, "is not running"), "%s", err.msg);

	/* Its checkpoint is its last logged generation, and it resumes. */
	if (!load(&L, "runs/long"))
		return;
	long last = L.gen[L.ngen - 1].generation;
	CHECK(runlog_status(&L) == RUNLOG_STOPPED, "stopped");
	CHECK(strstr(slurp("runs/long/checkpoint"), "e2l-checkpoint 1\n") &&
	      strstr(slurp("runs/long/checkpoint"), "\nend\n"),
	      "a complete checkpoint");
	char want[64], gens[32];
	snprintf(want, sizeof want, "generation %ld\n", last);
	CHECK(strstr(slurp("runs/long/checkpoint"), want), "of generation "
	      "%ld", last);
	runlog_close(&L);
	snprintf(gens, sizeof gens, "%ld", last + 3);
	CHECK(run((const char *[]){ "evolve", "--resume", "runs/long",
				    "--generations", gens, NULL }) == 0,
	      "resume: %s", slurp("stderr"));
	if (load(&L, "runs/long")) {
		snprintf(want, sizeof want, "generation %ld/%ld", last + 3,
			 last + 3);
		CHECK(L.ngen == last + 3 && !strcmp(counter(&L), want) &&
		      runlog_status(&L) == RUNLOG_FINISHED, "%ld: %s",
		      L.ngen, counter(&L));
		runlog_close(&L);
	}
}

int main(void)
{
	char cmd[300];

	e2l = getenv("E2L");
	if (!e2l || access(e2l, X_OK) != 0) {
		fprintf(stderr, "test_steer: E2L must name the e2l binary\n");
		return 1;
	}
	if (!mkdtemp(folder) || chdir(folder) != 0) {
		perror("mkdtemp");
		return 2;
	}
	finished();
	stopped();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", folder);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", folder);
	return check_done("test_steer");
}
